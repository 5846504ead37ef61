//! Instruction formats, opcodes and their semantics.
//!
//! An instruction is an [`InstData`]: its opcode and operands. Result values
//! are allocated by the data-flow graph when the instruction is created (their
//! types follow [`InstData`]'s typing rules, see
//! [`Function::make_inst`](crate::Function::make_inst)).
//!
//! ## Semantics that matter for .NET
//!
//! * Integer arithmetic wraps (two's complement) unless the opcode says
//!   otherwise. Operands of a binary operation have the same type, except the
//!   shift amount, which may be any integer type.
//! * Shifts use the amount modulo the operand width (what x64 `shl`/`sar`/`shr`
//!   do and what RyuJIT emits for IL `shl`/`shr`/`shr.un`; ECMA-335 III.3.58
//!   leaves larger amounts unspecified).
//! * `sdiv`/`udiv`/`srem`/`urem` have a **precondition**: the divisor is not
//!   zero, and for `sdiv`/`srem` not (`MIN`, `-1`). The producer guards them
//!   with `trapz` / `trapnz` (see `kiln-lower`), so a backend may emit a bare
//!   `idiv`/`div`. Violating the precondition is a bug of the producer.
//! * The `*_ovf` arithmetic opcodes throw `System.OverflowException`
//!   ([`TrapCode::Overflow`]) when the exact result does not fit (signed or
//!   unsigned reading as the name says), otherwise they compute the wrapped
//!   result.
//! * `trapz v, code` / `trapnz v, code` throw the exception of `code` when the
//!   integer `v` is zero / non-zero, and continue otherwise.
//! * `icmp` produces an `i32` that is 0 or 1 (the IL's `ceq` result).
//! * `brif v` takes its first destination when the integer `v` is non-zero.
//! * `br_table v` reads `v` as unsigned: `targets[v]` if `v < len`, else
//!   `default` (IL `switch`, ECMA-335 III.3.66).
//!
//! ## Floating point (what CoreCLR 8 does on x64)
//!
//! * `f32`/`f64` arithmetic is IEEE 754 binary32/binary64 with round to
//!   nearest even, no flush of denormals (SSE2 without DAZ/FTZ). A `f32`
//!   operation rounds to single precision (RyuJIT keeps `float32` in single
//!   precision). NaN results follow SSE: the first NaN operand, quieted;
//!   an invalid operation (`inf - inf`, `0 * inf`, `0 / 0`) gives the
//!   default NaN (sign set, quiet bit set, payload 0). `fneg` flips the sign
//!   bit, NaNs included.
//! * `fcmp` yields an `i32` 0/1. Ordered conditions (`eq lt le gt ge`) are
//!   false when an operand is NaN; unordered ones (`une ult ule ugt uge`) are
//!   true then — the IL's `ceq`/`clt`/`cgt` are ordered, `clt.un`/`cgt.un`/
//!   `bne.un`/`bge.un`… unordered (ECMA-335 III.1.5, III.3.x).
//! * `fcvt_to_sint` truncates toward zero; NaN and values whose truncation
//!   does not fit give the type's minimum (x64 `cvttsd2si` "integer
//!   indefinite"): .NET 8 on x64 does not saturate (measured: `(int)NaN`,
//!   `(int)1e10`, `(long)-1e30` all give `MIN`). `fcvt_to_u64` is what
//!   .NET 8 does for `conv.u8` (helper `JIT_Dbl2ULng`): `x < 2^63 ?
//!   trunc64(x) : trunc64(x - 2^63) + 2^63` with `trunc64` as
//!   `fcvt_to_sint.i64` (so NaN → 0, +inf → 0, -inf → 2^63).
//! * `fcvt_from_sint`/`fcvt_from_uint` read the integer as signed/unsigned
//!   and round to nearest even (a single rounding) — except
//!   `fcvt_from_uint` of an `i64`, which is what .NET 8's JIT computes on a
//!   CPU without AVX-512F: the signed conversion to `f64`, plus 2^64 (rounded
//!   again) if the sign bit is set, and for an `f32` result that `f64`
//!   rounded once more. On AVX-512 machines the JIT rounds once instead, so
//!   code for it must carry the condition "AVX-512F unsupported" (the x64
//!   backend adds the `Check_InstructionSetSupport` fixup).
//!   `fdemote` rounds to nearest even; `fpromote` is exact. NaNs keep their
//!   sign and the top payload bits and are quieted (as `cvtsd2ss`/
//!   `cvtss2sd` do).

use crate::entities::{Block, FuncRef, StackSlot, Value};
use crate::types::Type;
use std::fmt;

/// A destination of a branch: a block and the arguments for its parameters.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct BlockCall {
    /// The target block.
    pub block: Block,
    /// One argument per parameter of `block`.
    pub args: Vec<Value>,
}

impl BlockCall {
    /// A call of `block` with `args`.
    pub fn new(block: Block, args: Vec<Value>) -> Self {
        Self { block, args }
    }
}

/// What an exception-raising instruction throws. Each maps to a runtime throw
/// helper (`READYTORUN_HELPER_ThrowDivZero`, `READYTORUN_HELPER_Overflow`, …)
/// that the backend calls through an import cell.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum TrapCode {
    /// `System.DivideByZeroException`.
    DivideByZero,
    /// `System.OverflowException` (also `int.MinValue / -1`).
    Overflow,
    /// `System.NullReferenceException`.
    NullReference,
    /// `System.IndexOutOfRangeException`.
    IndexOutOfRange,
}

impl TrapCode {
    /// All codes, in text order.
    pub const ALL: [TrapCode; 4] = [
        TrapCode::DivideByZero,
        TrapCode::Overflow,
        TrapCode::NullReference,
        TrapCode::IndexOutOfRange,
    ];

    /// The text name (`div_by_zero`, `overflow`, …).
    pub fn name(self) -> &'static str {
        match self {
            TrapCode::DivideByZero => "div_by_zero",
            TrapCode::Overflow => "overflow",
            TrapCode::NullReference => "null_reference",
            TrapCode::IndexOutOfRange => "index_out_of_range",
        }
    }
}

/// Unary integer operations; the result has the operand's type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum UnaryOp {
    /// Two's complement negation (IL `neg`).
    Ineg,
    /// Bitwise complement (IL `not`).
    Bnot,
}

/// Binary integer operations; the result has the first operand's type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum BinaryOp {
    /// Wrapping addition.
    Iadd,
    /// Wrapping subtraction.
    Isub,
    /// Wrapping multiplication (low half).
    Imul,
    /// Signed division truncating toward zero (precondition: see module doc).
    Sdiv,
    /// Unsigned division (precondition: divisor non-zero).
    Udiv,
    /// Signed remainder, sign of the dividend (precondition: see module doc).
    Srem,
    /// Unsigned remainder (precondition: divisor non-zero).
    Urem,
    /// Bitwise and.
    Band,
    /// Bitwise or.
    Bor,
    /// Bitwise exclusive or.
    Bxor,
    /// Shift left (amount modulo width).
    Ishl,
    /// Arithmetic shift right (amount modulo width).
    Sshr,
    /// Logical shift right (amount modulo width).
    Ushr,
    /// Addition throwing `OverflowException` on signed overflow (IL `add.ovf`).
    SaddOvf,
    /// Addition throwing on unsigned overflow (IL `add.ovf.un`).
    UaddOvf,
    /// Subtraction throwing on signed overflow (IL `sub.ovf`).
    SsubOvf,
    /// Subtraction throwing on unsigned overflow (IL `sub.ovf.un`).
    UsubOvf,
    /// Multiplication throwing on signed overflow (IL `mul.ovf`).
    SmulOvf,
    /// Multiplication throwing on unsigned overflow (IL `mul.ovf.un`).
    UmulOvf,
}

impl BinaryOp {
    /// All operations, in text order.
    pub const ALL: [BinaryOp; 19] = [
        BinaryOp::Iadd,
        BinaryOp::Isub,
        BinaryOp::Imul,
        BinaryOp::Sdiv,
        BinaryOp::Udiv,
        BinaryOp::Srem,
        BinaryOp::Urem,
        BinaryOp::Band,
        BinaryOp::Bor,
        BinaryOp::Bxor,
        BinaryOp::Ishl,
        BinaryOp::Sshr,
        BinaryOp::Ushr,
        BinaryOp::SaddOvf,
        BinaryOp::UaddOvf,
        BinaryOp::SsubOvf,
        BinaryOp::UsubOvf,
        BinaryOp::SmulOvf,
        BinaryOp::UmulOvf,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            BinaryOp::Iadd => "iadd",
            BinaryOp::Isub => "isub",
            BinaryOp::Imul => "imul",
            BinaryOp::Sdiv => "sdiv",
            BinaryOp::Udiv => "udiv",
            BinaryOp::Srem => "srem",
            BinaryOp::Urem => "urem",
            BinaryOp::Band => "band",
            BinaryOp::Bor => "bor",
            BinaryOp::Bxor => "bxor",
            BinaryOp::Ishl => "ishl",
            BinaryOp::Sshr => "sshr",
            BinaryOp::Ushr => "ushr",
            BinaryOp::SaddOvf => "sadd_ovf",
            BinaryOp::UaddOvf => "uadd_ovf",
            BinaryOp::SsubOvf => "ssub_ovf",
            BinaryOp::UsubOvf => "usub_ovf",
            BinaryOp::SmulOvf => "smul_ovf",
            BinaryOp::UmulOvf => "umul_ovf",
        }
    }

    /// Whether the second operand is a shift amount (any integer type).
    pub fn is_shift(self) -> bool {
        matches!(self, BinaryOp::Ishl | BinaryOp::Sshr | BinaryOp::Ushr)
    }

    /// Whether the operation may throw `OverflowException` itself.
    pub fn can_trap(self) -> bool {
        matches!(
            self,
            BinaryOp::SaddOvf
                | BinaryOp::UaddOvf
                | BinaryOp::SsubOvf
                | BinaryOp::UsubOvf
                | BinaryOp::SmulOvf
                | BinaryOp::UmulOvf
        )
    }

    /// Whether this is a division or remainder (which has a precondition).
    pub fn is_division(self) -> bool {
        matches!(
            self,
            BinaryOp::Sdiv | BinaryOp::Udiv | BinaryOp::Srem | BinaryOp::Urem
        )
    }
}

/// Integer conversions; the result type is given by the instruction.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum ConvOp {
    /// Sign-extend to a wider type.
    Sextend,
    /// Zero-extend to a wider type.
    Uextend,
    /// Keep the low bits (narrower type).
    Ireduce,
    /// An object reference or managed pointer as an `i64` (ECMA-335
    /// III.1.6 "stop GC tracking": the result is a plain integer the GC
    /// neither reports nor updates — `conv.u` of a pinned local, a `&`
    /// passed for an unmanaged pointer).
    PtrToInt,
    /// An `i64` as a managed pointer (`byref`), reported to the GC from
    /// then on: the JIT's merge of a `native int` into a `byref` stack slot
    /// or local (`fixed` statements store `(native int)0` into their pinned
    /// `ref` local).
    IntToByref,
}

impl ConvOp {
    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            ConvOp::Sextend => "sextend",
            ConvOp::Uextend => "uextend",
            ConvOp::Ireduce => "ireduce",
            ConvOp::PtrToInt => "ptr_to_int",
            ConvOp::IntToByref => "int_to_byref",
        }
    }
}

/// Integer comparison conditions.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum IntCC {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// signed `<`
    Slt,
    /// signed `<=`
    Sle,
    /// signed `>`
    Sgt,
    /// signed `>=`
    Sge,
    /// unsigned `<`
    Ult,
    /// unsigned `<=`
    Ule,
    /// unsigned `>`
    Ugt,
    /// unsigned `>=`
    Uge,
}

impl IntCC {
    /// All conditions, in text order.
    pub const ALL: [IntCC; 10] = [
        IntCC::Eq,
        IntCC::Ne,
        IntCC::Slt,
        IntCC::Sle,
        IntCC::Sgt,
        IntCC::Sge,
        IntCC::Ult,
        IntCC::Ule,
        IntCC::Ugt,
        IntCC::Uge,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            IntCC::Eq => "eq",
            IntCC::Ne => "ne",
            IntCC::Slt => "slt",
            IntCC::Sle => "sle",
            IntCC::Sgt => "sgt",
            IntCC::Sge => "sge",
            IntCC::Ult => "ult",
            IntCC::Ule => "ule",
            IntCC::Ugt => "ugt",
            IntCC::Uge => "uge",
        }
    }

    /// The condition that holds exactly when `self` does not.
    pub fn inverse(self) -> IntCC {
        match self {
            IntCC::Eq => IntCC::Ne,
            IntCC::Ne => IntCC::Eq,
            IntCC::Slt => IntCC::Sge,
            IntCC::Sle => IntCC::Sgt,
            IntCC::Sgt => IntCC::Sle,
            IntCC::Sge => IntCC::Slt,
            IntCC::Ult => IntCC::Uge,
            IntCC::Ule => IntCC::Ugt,
            IntCC::Ugt => IntCC::Ule,
            IntCC::Uge => IntCC::Ult,
        }
    }

    /// The condition with operands swapped (`a < b` ⇔ `b > a`).
    pub fn swapped(self) -> IntCC {
        match self {
            IntCC::Eq | IntCC::Ne => self,
            IntCC::Slt => IntCC::Sgt,
            IntCC::Sle => IntCC::Sge,
            IntCC::Sgt => IntCC::Slt,
            IntCC::Sge => IntCC::Sle,
            IntCC::Ult => IntCC::Ugt,
            IntCC::Ule => IntCC::Uge,
            IntCC::Ugt => IntCC::Ult,
            IntCC::Uge => IntCC::Ule,
        }
    }

    /// Evaluates the condition on two values of `bits` width.
    pub fn eval(self, a: i64, b: i64, bits: u32) -> bool {
        let shift = 64 - bits;
        let (sa, sb) = ((a << shift) >> shift, (b << shift) >> shift);
        let (ua, ub) = (
            ((a as u64) << shift) >> shift,
            ((b as u64) << shift) >> shift,
        );
        match self {
            IntCC::Eq => ua == ub,
            IntCC::Ne => ua != ub,
            IntCC::Slt => sa < sb,
            IntCC::Sle => sa <= sb,
            IntCC::Sgt => sa > sb,
            IntCC::Sge => sa >= sb,
            IntCC::Ult => ua < ub,
            IntCC::Ule => ua <= ub,
            IntCC::Ugt => ua > ub,
            IntCC::Uge => ua >= ub,
        }
    }
}

/// Unary floating-point operations; the result has the operand's type.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum FUnaryOp {
    /// Sign flip (IL `neg` on `F`).
    Fneg,
}

impl FUnaryOp {
    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            FUnaryOp::Fneg => "fneg",
        }
    }
}

/// Binary floating-point operations on two operands of one float type; the
/// result has that type (see the module doc for NaN and rounding).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum FBinaryOp {
    /// Addition.
    Fadd,
    /// Subtraction.
    Fsub,
    /// Multiplication.
    Fmul,
    /// Division.
    Fdiv,
    /// Remainder as .NET computes IL `rem` on `F` (helpers `JIT_DblRem` /
    /// `JIT_FltRem`, measured on the runtime): a zero divisor or a NaN or
    /// infinite dividend gives the default NaN; an infinite divisor gives
    /// the dividend; a NaN divisor gives that NaN quieted; otherwise
    /// `fmod` (exact, with the dividend's sign).
    Frem,
}

impl FBinaryOp {
    /// All operations, in text order.
    pub const ALL: [FBinaryOp; 5] = [
        FBinaryOp::Fadd,
        FBinaryOp::Fsub,
        FBinaryOp::Fmul,
        FBinaryOp::Fdiv,
        FBinaryOp::Frem,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            FBinaryOp::Fadd => "fadd",
            FBinaryOp::Fsub => "fsub",
            FBinaryOp::Fmul => "fmul",
            FBinaryOp::Fdiv => "fdiv",
            FBinaryOp::Frem => "frem",
        }
    }
}

/// Floating-point comparison conditions: ordered ones are false on NaN,
/// unordered (`u…`) ones true.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum FloatCC {
    /// Ordered `==` (IL `ceq`, `beq`).
    Eq,
    /// Ordered `<` (IL `clt`, `blt`).
    Lt,
    /// Ordered `<=` (IL `ble`).
    Le,
    /// Ordered `>` (IL `cgt`, `bgt`).
    Gt,
    /// Ordered `>=` (IL `bge`).
    Ge,
    /// Unordered or `!=` (IL `bne.un`).
    Une,
    /// Unordered or `<` (IL `clt.un`, `blt.un`).
    Ult,
    /// Unordered or `<=` (IL `ble.un`).
    Ule,
    /// Unordered or `>` (IL `cgt.un`, `bgt.un`).
    Ugt,
    /// Unordered or `>=` (IL `bge.un`).
    Uge,
}

impl FloatCC {
    /// All conditions, in text order.
    pub const ALL: [FloatCC; 10] = [
        FloatCC::Eq,
        FloatCC::Lt,
        FloatCC::Le,
        FloatCC::Gt,
        FloatCC::Ge,
        FloatCC::Une,
        FloatCC::Ult,
        FloatCC::Ule,
        FloatCC::Ugt,
        FloatCC::Uge,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            FloatCC::Eq => "eq",
            FloatCC::Lt => "lt",
            FloatCC::Le => "le",
            FloatCC::Gt => "gt",
            FloatCC::Ge => "ge",
            FloatCC::Une => "une",
            FloatCC::Ult => "ult",
            FloatCC::Ule => "ule",
            FloatCC::Ugt => "ugt",
            FloatCC::Uge => "uge",
        }
    }

    /// The condition that holds exactly when `self` does not (NaN
    /// included: the inverse of an ordered condition is unordered).
    pub fn inverse(self) -> FloatCC {
        match self {
            FloatCC::Eq => FloatCC::Une,
            FloatCC::Une => FloatCC::Eq,
            FloatCC::Lt => FloatCC::Uge,
            FloatCC::Uge => FloatCC::Lt,
            FloatCC::Le => FloatCC::Ugt,
            FloatCC::Ugt => FloatCC::Le,
            FloatCC::Gt => FloatCC::Ule,
            FloatCC::Ule => FloatCC::Gt,
            FloatCC::Ge => FloatCC::Ult,
            FloatCC::Ult => FloatCC::Ge,
        }
    }

    /// The condition with operands swapped (`a < b` ⇔ `b > a`).
    pub fn swapped(self) -> FloatCC {
        match self {
            FloatCC::Eq | FloatCC::Une => self,
            FloatCC::Lt => FloatCC::Gt,
            FloatCC::Gt => FloatCC::Lt,
            FloatCC::Le => FloatCC::Ge,
            FloatCC::Ge => FloatCC::Le,
            FloatCC::Ult => FloatCC::Ugt,
            FloatCC::Ugt => FloatCC::Ult,
            FloatCC::Ule => FloatCC::Uge,
            FloatCC::Uge => FloatCC::Ule,
        }
    }

    /// Evaluates the condition (operands already widened to `f64`, which
    /// is exact for `f32`).
    pub fn eval(self, a: f64, b: f64) -> bool {
        let unordered = a.is_nan() || b.is_nan();
        match self {
            FloatCC::Eq => a == b,
            FloatCC::Lt => a < b,
            FloatCC::Le => a <= b,
            FloatCC::Gt => a > b,
            FloatCC::Ge => a >= b,
            FloatCC::Une => unordered || a != b,
            FloatCC::Ult => unordered || a < b,
            FloatCC::Ule => unordered || a <= b,
            FloatCC::Ugt => unordered || a > b,
            FloatCC::Uge => unordered || a >= b,
        }
    }
}

/// Conversions involving floats; the result type is given by the
/// instruction (see the module doc for the exact semantics).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum FConvOp {
    /// `f32` → `f64` (exact).
    Fpromote,
    /// `f64` → `f32` (rounded).
    Fdemote,
    /// Signed `i32`/`i64` → `f32`/`f64` (rounded).
    FcvtFromSint,
    /// Unsigned `i32`/`i64` → `f32`/`f64` (rounded; `i64` as .NET 8 without
    /// AVX-512, see the module doc).
    FcvtFromUint,
    /// `f32`/`f64` → `i32`/`i64`, truncating; NaN or out of range → MIN.
    FcvtToSint,
    /// `f32`/`f64` → `i64` as .NET 8's `conv.u8` on x64.
    FcvtToU64,
}

impl FConvOp {
    /// All conversions, in text order.
    pub const ALL: [FConvOp; 6] = [
        FConvOp::Fpromote,
        FConvOp::Fdemote,
        FConvOp::FcvtFromSint,
        FConvOp::FcvtFromUint,
        FConvOp::FcvtToSint,
        FConvOp::FcvtToU64,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            FConvOp::Fpromote => "fpromote",
            FConvOp::Fdemote => "fdemote",
            FConvOp::FcvtFromSint => "fcvt_from_sint",
            FConvOp::FcvtFromUint => "fcvt_from_uint",
            FConvOp::FcvtToSint => "fcvt_to_sint",
            FConvOp::FcvtToU64 => "fcvt_to_u64",
        }
    }

    /// Whether converting a value of type `from` to `to` is well-typed.
    pub fn accepts(self, from: Type, to: Type) -> bool {
        let wide_int = |t: Type| t == Type::I32 || t == Type::I64;
        match self {
            FConvOp::Fpromote => from == Type::F32 && to == Type::F64,
            FConvOp::Fdemote => from == Type::F64 && to == Type::F32,
            FConvOp::FcvtFromSint | FConvOp::FcvtFromUint => wide_int(from) && to.is_float(),
            FConvOp::FcvtToSint => from.is_float() && wide_int(to),
            FConvOp::FcvtToU64 => from.is_float() && to == Type::I64,
        }
    }
}

/// The element type of a `new_array`, as the array type's signature names
/// it (ECMA-335 II.23.2.12).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum ArrayElem {
    /// A primitive, `string` or `object` by its `ELEMENT_TYPE_*` code
    /// (0x02–0x0E, 0x18, 0x19, 0x1C).
    Prim(u8),
    /// `CLASS token` (TypeDef or TypeRef of the compiled module).
    Class(u32),
    /// `VALUETYPE token` (TypeDef or TypeRef).
    ValueType(u32),
    /// A closed constructed reference type (an array or a class
    /// instantiation): a TypeSpec token whose signature the function
    /// records ([`crate::Function::type_sigs`]).
    Spec(u32),
}

impl ArrayElem {
    /// Whether the element type is well-formed: a known primitive code or
    /// a TypeDef/TypeRef token with a row.
    pub fn is_valid(self) -> bool {
        match self {
            ArrayElem::Prim(c) => matches!(c, 0x02..=0x0E | 0x18 | 0x19 | 0x1C),
            ArrayElem::Class(t) | ArrayElem::ValueType(t) => {
                matches!(t >> 24, 0x01 | 0x02) && t & 0x00FF_FFFF != 0
            }
            ArrayElem::Spec(t) => t >> 24 == 0x1B && t & 0x00FF_FFFF != 0,
        }
    }
}

impl fmt::Display for ArrayElem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ArrayElem::Prim(c) => write!(f, "prim {c:#04x}"),
            ArrayElem::Class(t) => write!(f, "class {t:#010x}"),
            ArrayElem::ValueType(t) => write!(f, "valuetype {t:#010x}"),
            ArrayElem::Spec(t) => write!(f, "spec {t:#010x}"),
        }
    }
}

/// `castclass`, `isinst` or `unbox`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum TypeCheckOp {
    /// Throw `InvalidCastException` on a mismatch.
    CastClass,
    /// Give null on a mismatch.
    IsInst,
    /// IL `unbox` (III.4.32): a `byref` to the value inside the boxed
    /// value type (the token's), `NullReferenceException` for null,
    /// `InvalidCastException` for another type (the runtime's rules, which
    /// accept an enum for its underlying type).
    Unbox,
}

/// What a `handle_op` does with a type handle computed at run time (the
/// result of a [`InstData::GenericLookup`]): the operations of shared
/// generic code over types built from its type parameters, each a call of
/// the runtime helper that takes the `MethodTable` in RDI (the same helpers
/// the token forms call with a handle from a fixup cell).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum HandleOp {
    /// `v = new_object_h mt`: allocates a zeroed instance of the class `mt`
    /// (IL `newobj`, before the constructor call; `NewObject` helper).
    NewObject,
    /// `v = new_array_h n, mt`: a zeroed one-dimensional array of `n`
    /// (`i64`) elements, `mt` the array type (IL `newarr`; `NewArray`).
    NewArray,
    /// `v = cast_class_h a, mt`: IL `castclass` of the object `a` to `mt`
    /// (`CheckCastAny`).
    CastClass,
    /// `v = is_inst_h a, mt`: IL `isinst` (`CheckInstanceAny`).
    IsInst,
    /// `v = type_object_h mt`: the `RuntimeType` object of `mt`, what a
    /// `RuntimeTypeHandle` holds (IL `ldtoken`; `GetRuntimeTypeHandle`).
    TypeObject,
    /// `v = gc_static_base_h mt`: the base (a `byref`) of the reference
    /// statics of the class `mt`, after running its class constructor if
    /// needed (shared code's `ldsfld` of an instantiation over its type
    /// parameters; `GenericGcStaticBase`, CoreCLR's
    /// `CORINFO_HELP_GETGENERICS_GCSTATIC_BASE`). May throw
    /// `TypeInitializationException`.
    GcStaticBase,
    /// `v = nongc_static_base_h mt`: the base of the non-reference statics
    /// (`GenericNonGcStaticBase`), likewise.
    NonGcStaticBase,
}

impl HandleOp {
    /// Every operation, for the parser and tests.
    pub const ALL: [HandleOp; 7] = [
        HandleOp::NewObject,
        HandleOp::NewArray,
        HandleOp::CastClass,
        HandleOp::IsInst,
        HandleOp::TypeObject,
        HandleOp::GcStaticBase,
        HandleOp::NonGcStaticBase,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            HandleOp::NewObject => "new_object_h",
            HandleOp::NewArray => "new_array_h",
            HandleOp::CastClass => "cast_class_h",
            HandleOp::IsInst => "is_inst_h",
            HandleOp::TypeObject => "type_object_h",
            HandleOp::GcStaticBase => "gc_static_base_h",
            HandleOp::NonGcStaticBase => "nongc_static_base_h",
        }
    }

    /// The number of operands, the handle last.
    pub fn arity(self) -> usize {
        match self {
            HandleOp::NewObject
            | HandleOp::TypeObject
            | HandleOp::GcStaticBase
            | HandleOp::NonGcStaticBase => 1,
            HandleOp::NewArray | HandleOp::CastClass | HandleOp::IsInst => 2,
        }
    }
}

/// What a `runtime_lookup` asks the runtime for, by metadata token (each a
/// call of a runtime helper on a fixup cell of the compiled image).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum LookupKind {
    /// IL `ldtoken` of a type (ECMA-335 III.4.17): the `RuntimeTypeHandle`,
    /// whose one field is the type's `RuntimeType` object — a `ref`
    /// (R2R: `GetRuntimeTypeHandle` helper on a `TypeHandle` cell).
    TypeHandle,
    /// `ldtoken` of a method: the `RuntimeMethodHandle`, one object field
    /// (`GetRuntimeMethodHandle` on a `MethodHandle` cell).
    MethodHandle,
    /// `ldtoken` of a field: the `RuntimeFieldHandle`, one object field
    /// (`GetRuntimeFieldHandle` on a `FieldHandle` cell).
    FieldHandle,
    /// The address of a static field of a type outside the version bubble
    /// (IL `ldsfld`/`stsfld`/`ldsflda` of another assembly's type), a
    /// `byref`: crossgen2's `FieldAddress` delay-load helper cell, which
    /// runs the class constructor first and never assumes the other
    /// assembly's static layout.
    StaticFieldAddress,
}

impl LookupKind {
    /// Every kind, for tests.
    pub const ALL: [LookupKind; 4] = [
        LookupKind::TypeHandle,
        LookupKind::MethodHandle,
        LookupKind::FieldHandle,
        LookupKind::StaticFieldAddress,
    ];

    /// The text name.
    pub fn name(self) -> &'static str {
        match self {
            LookupKind::TypeHandle => "type_handle",
            LookupKind::MethodHandle => "method_handle",
            LookupKind::FieldHandle => "field_handle",
            LookupKind::StaticFieldAddress => "static_field_address",
        }
    }

    /// Whether `token` (of the compiled module) can name what this kind
    /// looks up: a TypeDef/TypeRef/TypeSpec (types; a TypeSpec's signature
    /// recorded in [`crate::Function::type_sigs`]), a MethodDef/MemberRef
    /// (methods), a Field/MemberRef (fields), each with a row.
    pub fn accepts(self, token: u32) -> bool {
        let table = token >> 24;
        token & 0x00FF_FFFF != 0
            && match self {
                LookupKind::TypeHandle => matches!(table, 0x01 | 0x02 | 0x1B),
                LookupKind::MethodHandle => matches!(table, 0x06 | 0x0A),
                LookupKind::FieldHandle | LookupKind::StaticFieldAddress => {
                    matches!(table, 0x04 | 0x0A)
                }
            }
    }
}

/// Whether a conditional trap fires on zero or on non-zero.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum CondTrapOp {
    /// `trapz`: throw when the operand is zero.
    Trapz,
    /// `trapnz`: throw when the operand is non-zero.
    Trapnz,
}

/// An instruction: opcode and operands.
///
/// Variants after [`InstData::DelegateCtor`] are **terminators**: exactly one
/// ends every block, and none appears elsewhere.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum InstData {
    /// `v = iconst.T imm`: an integer constant. `imm` holds the value
    /// sign-extended from `T`'s width to 64 bits (the canonical form the
    /// verifier checks), so `iconst.i32 -1` and `iconst.i32 0xffffffff` are
    /// the same instruction.
    Iconst {
        /// Integer result type.
        ty: Type,
        /// Canonical (sign-extended) value.
        imm: i64,
    },
    /// `v = f32const bits`: a binary32 constant by its bits.
    F32const {
        /// IEEE bits.
        bits: u32,
    },
    /// `v = f64const bits`: a binary64 constant by its bits.
    F64const {
        /// IEEE bits.
        bits: u64,
    },
    /// `v = op.T a`.
    Unary {
        /// The operation.
        op: UnaryOp,
        /// The operand.
        arg: Value,
    },
    /// `v = op.T a, b`.
    Binary {
        /// The operation.
        op: BinaryOp,
        /// The operands.
        args: [Value; 2],
    },
    /// `v = icmp.i32 cond a, b`: 1 if the condition holds, else 0.
    Icmp {
        /// The condition.
        cond: IntCC,
        /// The operands (same integer type).
        args: [Value; 2],
    },
    /// `v = op.T a`: integer width conversion.
    Conv {
        /// The conversion.
        op: ConvOp,
        /// The operand.
        arg: Value,
        /// The result type (wider for extensions, narrower for `ireduce`).
        ty: Type,
    },
    /// `v = fneg.T a`: floating-point unary operation.
    FUnary {
        /// The operation.
        op: FUnaryOp,
        /// The operand (`f32` or `f64`).
        arg: Value,
    },
    /// `v = fadd.T a, b`…: floating-point binary operation.
    FBinary {
        /// The operation.
        op: FBinaryOp,
        /// The operands (one float type).
        args: [Value; 2],
    },
    /// `v = fcmp.i32 cond a, b`: 1 if the condition holds, else 0.
    Fcmp {
        /// The condition.
        cond: FloatCC,
        /// The operands (one float type).
        args: [Value; 2],
    },
    /// `v = op.T a`: a conversion to or from a float type.
    FConv {
        /// The conversion.
        op: FConvOp,
        /// The operand.
        arg: Value,
        /// The result type.
        ty: Type,
    },
    /// `trapz a, code` / `trapnz a, code`.
    CondTrap {
        /// Zero or non-zero.
        op: CondTrapOp,
        /// The tested integer.
        arg: Value,
        /// What is thrown.
        code: TrapCode,
    },
    /// `v… = call fnN(args…)`: a direct call of an external function. The
    /// results are the callee signature's returns.
    Call {
        /// The callee.
        func: FuncRef,
        /// One argument per signature parameter.
        args: Vec<Value>,
    },
    /// `v = stack_addr ssN, offset`: a `byref` to a byte of a stack slot.
    StackAddr {
        /// The slot.
        slot: StackSlot,
        /// Byte offset inside it.
        offset: u32,
    },
    /// `v = local_alloc a`: allocates `a` bytes (an `i64`, unsigned) of
    /// the method's local memory pool on the machine stack and yields the
    /// address of the first byte, an `i64` aligned to 8 (IL `localloc`,
    /// ECMA-335 III.3.47): the memory is zeroed (whether or not the method
    /// asks for `localsinit`, zeroing is a valid choice) and lives until the
    /// method returns; a size of 0 yields 0 (what RyuJIT's `genLclHeap`
    /// does). Too large a size overflows the stack, which the runtime turns
    /// into a fatal `StackOverflowException`, so it is not removable.
    LocalAlloc {
        /// The size in bytes.
        arg: Value,
    },
    /// `v = stack_load.T ssN, offset`.
    StackLoad {
        /// Loaded type.
        ty: Type,
        /// The slot.
        slot: StackSlot,
        /// Byte offset inside it.
        offset: u32,
    },
    /// `stack_store a, ssN, offset`.
    StackStore {
        /// The stored value.
        arg: Value,
        /// The slot.
        slot: StackSlot,
        /// Byte offset inside it.
        offset: u32,
    },
    /// `v = null`: the null object reference (IL `ldnull`).
    Null,
    /// `v = load.T base, offset`: reads a `T` (an integer or float type, or `ref`) at
    /// byte `offset` from `base` (a `ref` to an object, a `byref`, or an
    /// `i64` address). A `ref` base must not be null: the producer guards
    /// with `trapz base, null_reference` unless it knows the object is not
    /// null (IL `ldfld`, ECMA-335 III.4.10).
    Load {
        /// Loaded type.
        ty: Type,
        /// The object or address.
        base: Value,
        /// Byte offset from `base` (for objects, from the MethodTable
        /// pointer: the first field of a class is at 8).
        offset: u32,
    },
    /// `store a, base, offset`: writes `a` (an integer, a float or a `ref`) at byte
    /// `offset` from `base` (as [`InstData::Load`]). Storing a `ref` goes
    /// through the GC write barrier (IL `stfld`, III.4.28).
    Store {
        /// The stored value, then the object or address.
        args: [Value; 2],
        /// Byte offset from `base`.
        offset: u32,
    },
    /// `v = string_const token`: the interned string literal of the
    /// compiled module's `#US` heap entry `token` (IL `ldstr`, III.4.16).
    StringConst {
        /// The `0x70xxxxxx` user-string token.
        token: u32,
    },
    /// `v = new_object token`: allocates a zeroed instance of the class
    /// `token` (a TypeDef or TypeRef token of the compiled module) without
    /// running a constructor (IL `newobj` is this, then a `call` of the
    /// constructor). A call to the runtime's allocator: it may collect
    /// garbage (a GC safepoint) and throw `OutOfMemoryException`.
    NewObject {
        /// The class's TypeDef (`0x02…`) or TypeRef (`0x01…`) token, or
        /// the TypeSpec (`0x1B…`) of an exact class instantiation.
        type_token: u32,
    },
    /// `v = static_base_gc token` / `v = static_base_nongc token`: the
    /// address the class `token`'s static fields are read and written at
    /// (IL `ldsfld`/`stsfld`, ECMA-335 III.4.14, III.4.30), a `byref`: a
    /// field lives at `base + offset`, the offset the runtime records in its
    /// `FieldDesc` (`kiln_metadata`'s `static_layout`). `gc` selects the base
    /// of reference statics (in the GC heap), `nongc` that of primitives.
    /// A call to the runtime (CoreCLR 8: the `StaticBaseGC`/`StaticBaseNonGC`
    /// delay-load helper) that runs the class constructor first when the
    /// class is not initialized yet: a GC safepoint, may throw
    /// `TypeInitializationException`.
    StaticBase {
        /// True for the base of reference (GC) statics.
        gc: bool,
        /// True for the calling thread's base of the class's thread-static
        /// fields (`[ThreadStatic]`; CoreCLR 8: the
        /// `ThreadStaticBaseGC`/`ThreadStaticBaseNonGC` delay-load helper,
        /// whose GC base is an interior pointer into a movable array).
        thread: bool,
        /// The class's TypeDef token (`0x02…`) in the compiled module, or
        /// the TypeSpec token (`0x1B…`) of a generic instantiation, whose
        /// per-instantiation statics the fixup names by the signature
        /// [`crate::Function::type_sigs`] records.
        type_token: u32,
    },
    /// `class_init token`: runs the class constructor of `token` (a TypeDef
    /// of the compiled module) unless it has run or is running on this
    /// thread — the trigger a method of a class with precise initialization
    /// semantics executes on entry (ECMA-335 II.10.5.3). A call to the
    /// runtime (CoreCLR 8: the CctorTrigger delay-load helper): a GC
    /// safepoint, may throw `TypeInitializationException`.
    ClassInit {
        /// The class's TypeDef token (`0x02…`).
        type_token: u32,
    },
    /// `v = cast_class a, token` / `v = is_inst a, token`: IL `castclass` /
    /// `isinst` (ECMA-335 III.4.3, III.4.6) of the object reference `a` to
    /// the type `token` (a TypeDef or TypeRef token of the compiled module):
    /// `a` itself if it is null or an instance of the type; otherwise
    /// `cast_class` throws `InvalidCastException` and `is_inst` gives null.
    /// A call to a runtime helper (a GC safepoint).
    TypeCheck {
        /// Cast or test.
        op: TypeCheckOp,
        /// The object.
        arg: Value,
        /// The TypeDef (`0x02…`) or TypeRef (`0x01…`) token, or a TypeSpec
        /// (`0x1B…`) whose signature [`crate::Function::type_sigs`]
        /// records.
        type_token: u32,
    },
    /// `v = new_array n, elem`: allocates a zero-initialized `elem[]` (one
    /// dimension, lower bound 0) of `n` (`i64`) elements (IL `newarr`,
    /// III.4.20). Throws `OverflowException` for a negative `n`. A call to
    /// the runtime's allocator (a GC safepoint).
    NewArray {
        /// The element count.
        arg: Value,
        /// The element type.
        elem: ArrayElem,
    },
    /// `v = elem_addr a, i, scale, offset`: the `byref` `a + i*scale +
    /// offset` into the array `a` (`ref`, not null) at the `i64` index `i`,
    /// which the producer has checked against the length (`scale` 1, 2, 4 or
    /// 8; `offset` the first element's, 16 on x64). `a` may also be a
    /// `byref` (a static base: the address of a static field is
    /// `elem_addr base, 0, 1, offset`).
    ElemAddr {
        /// The array, then the index.
        args: [Value; 2],
        /// Element size.
        scale: u8,
        /// Offset of element 0 from the array reference.
        offset: u32,
    },
    /// `store_elem_ref a, i, v`: IL `stelem.ref` (III.4.27): stores the
    /// object `v` at index `i` (`i64`) of the array `a` through the runtime's
    /// `Stelem_Ref` helper, which throws `NullReferenceException`,
    /// `IndexOutOfRangeException` or `ArrayTypeMismatchException` and applies
    /// the write barrier. A GC safepoint.
    StoreElemRef {
        /// The array, the index, the value.
        args: [Value; 3],
    },
    /// `v = elem_addr_ref a, i, token`: IL `ldelema` of a reference-type
    /// element without `readonly.` (III.4.8): the `byref` to element `i`
    /// (`i64`) of the array `a` through the runtime's `Ldelema_Ref` helper,
    /// which throws `NullReferenceException`, `IndexOutOfRangeException`,
    /// or `ArrayTypeMismatchException` unless the array's element type is
    /// exactly `token`'s (a TypeDef/TypeRef, or a TypeSpec with its recorded
    /// signature) — array covariance must not hand out a writable `ref`
    /// into a `string[]` typed `object[]`. A GC safepoint.
    ElemAddrRef {
        /// The array, then the index.
        args: [Value; 2],
        /// The element type's token.
        type_token: u32,
    },
    /// `v = runtime_lookup kind, token`: what the runtime gives for the
    /// metadata token `token` ([`LookupKind`]): a `ref` for the handles, a
    /// `byref` for a static field's address. A call to the runtime (a GC
    /// safepoint) that may throw (type load, class constructor).
    RuntimeLookup {
        /// What is looked up.
        kind: LookupKind,
        /// The token, in the compiled module's metadata.
        token: u32,
    },
    /// `delegate_ctor d, target, method, type`: initializes the delegate
    /// object `d` (a `ref` just allocated as an instance of the delegate
    /// class `type_token`) to call the method `method_token` (MethodDef or
    /// MemberRef) on `target` (a `ref`; null for a static method) — IL
    /// `ldftn method; newobj Delegate::.ctor(object, native int)` as
    /// crossgen2 compiles it: one call of the `DelegateCtor` delay-load
    /// helper, which picks the delegate constructor for the pair. A GC
    /// safepoint.
    DelegateCtor {
        /// The delegate, then the target object.
        args: [Value; 2],
        /// The target method's MethodDef (`0x06…`) or MemberRef (`0x0A…`).
        method_token: u32,
        /// The delegate class's TypeDef (`0x02…`) or TypeRef (`0x01…`).
        type_token: u32,
    },
    /// `v = virtual_ftn obj, method`: the address of the code that a
    /// virtual call of `method_token` (MethodDef or MemberRef; a virtual
    /// method) on the object `obj` (a `ref`) would run — IL `ldvirtftn`
    /// (ECMA-335 III.4.18) as the JIT compiles it for ReadyToRun
    /// (`impImportLdvirtftn`: `CORINFO_HELP_READYTORUN_VIRTUAL_FUNC_PTR`
    /// through crossgen2's `DynamicHelperCell`, a `VirtualEntry` fixup whose
    /// thunk jumps to `DelayLoad_Helper_Obj`). An `i64` code pointer, not a
    /// GC reference. A call of the runtime: a GC safepoint that throws
    /// `NullReferenceException` when `obj` is null.
    VirtualFtn {
        /// The object.
        arg: Value,
        /// The method's MethodDef (`0x06…`) or MemberRef (`0x0A…`).
        method_token: u32,
    },
    /// `v = generic_lookup ctx, n`: the handle (`i64`: a `MethodTable` or
    /// `MethodDesc` pointer, not a GC reference) that lookup `n` of
    /// [`crate::Function::generic_lookups`] gives in the generic context
    /// `ctx` (`i64`) — shared (`__Canon`) code asking its generic dictionary
    /// for something that depends on the exact type arguments. `ctx` is the
    /// `MethodTable` of `this` or the hidden generic-context argument, as
    /// the lookup's fixup kind says (`ThisObjDictionaryLookup`,
    /// `TypeDictionaryLookup`, `MethodDictionaryLookup`, readytorun.h). A
    /// call of the runtime's dictionary lookup (CoreCLR 8:
    /// `DynamicHelperFixup`, then a per-cell lookup stub): a GC safepoint
    /// that may throw (type load).
    GenericLookup {
        /// The generic context.
        arg: Value,
        /// Index into [`crate::Function::generic_lookups`].
        lookup: u32,
    },
    /// `v = <op> args…, mt`: a [`HandleOp`] on a type handle `mt` computed
    /// at run time (the last operand). A call of a runtime helper: a GC
    /// safepoint that may throw.
    HandleCall {
        /// What is done.
        op: HandleOp,
        /// The operands ([`HandleOp::arity`]), the handle last.
        args: Vec<Value>,
    },
    /// `monitor_enter obj, flag` / `monitor_exit obj, flag`: the runtime's
    /// monitor helpers of synchronized methods (`CORINFO_HELP_MON_ENTER` /
    /// `_EXIT`, READYTORUN_HELPER_MonitorEnter 0xF8 / MonitorExit 0xF9):
    /// enter acquires `obj`'s monitor (a `ref`; null throws
    /// `ArgumentNullException`) and then sets the byte at `flag` (a
    /// `byref`) to 1; exit does nothing if that byte is 0, else releases
    /// the monitor and clears it (RyuJIT's `fgAddSyncMethodEnterExit`).
    Monitor {
        /// Enter or exit.
        enter: bool,
        /// The object, then the address of the "acquired" byte.
        args: [Value; 2],
    },
    /// `jump blockN(args…)` (terminator).
    Jump {
        /// The destination.
        dest: BlockCall,
    },
    /// `brif a, blockT(…), blockE(…)` (terminator): to `then_dest` if the
    /// integer `a` is non-zero.
    Brif {
        /// The tested integer.
        arg: Value,
        /// Taken when non-zero.
        then_dest: BlockCall,
        /// Taken when zero.
        else_dest: BlockCall,
    },
    /// `br_table a, blockD(…), [blockA(…), …]` (terminator): IL `switch`.
    BrTable {
        /// The index, read as unsigned.
        arg: Value,
        /// Taken when the index is out of range.
        default: BlockCall,
        /// Taken for index 0, 1, …
        targets: Vec<BlockCall>,
    },
    /// `return a…` (terminator): the values match the function's returns.
    Return {
        /// Returned values.
        args: Vec<Value>,
    },
    /// `trap code` (terminator): throw the exception of `code`.
    Trap {
        /// What is thrown.
        code: TrapCode,
    },
    /// `throw a` (terminator): throw the object reference `a` (IL `throw`).
    Throw {
        /// The exception object.
        arg: Value,
    },
    /// `call_finally ehN, blockK(…)` (terminator): runs the finally handler
    /// of clause `ehN` as a subroutine, then continues at `dest` (IL `leave`
    /// out of the clause's protected region). A call: it clobbers the
    /// caller-saved registers; nothing may be live across it.
    CallFinally {
        /// The `finally` clause.
        clause: crate::eh::EhClause,
        /// Where control continues after the handler returns.
        dest: BlockCall,
    },
    /// `end_finally` (terminator): returns from a finally or fault handler
    /// (IL `endfinally`).
    EndFinally,
    /// `catch_ret blockK` (terminator): ends a catch handler; the runtime
    /// resumes the method at `dest`, a parameterless block of the funclet
    /// holding the protected region (IL `leave` out of a catch handler).
    CatchRet {
        /// The continuation.
        dest: Block,
    },
    /// `end_filter v` (terminator): ends a filter; `v` (`i32`) is 1 to run
    /// the handler, 0 to continue the search (IL `endfilter`).
    EndFilter {
        /// The verdict.
        arg: Value,
    },
    /// `rethrow` (terminator): re-raises the exception the enclosing catch
    /// handler caught (IL `rethrow`).
    Rethrow,
}

/// What an instruction does besides defining its results: the one table
/// the passes consult (dead-code removal, verification, register
/// allocation, GC safepoints), so a new instruction states its effects in
/// one place, [`InstData::effects`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Effects {
    /// It ends its block (exactly one terminator ends every block).
    pub terminator: bool,
    /// It may throw an exception: it stays even if its results are unused.
    pub can_throw: bool,
    /// It calls code outside the method (another method or a runtime
    /// helper) and returns: every caller-saved register is clobbered
    /// across it. (A terminator that throws never returns: not a call.)
    pub call: bool,
    /// The GC may run while it executes (a GC safepoint): the references
    /// live across it must be reported.
    pub safepoint: bool,
}

impl Effects {
    /// Computes a value and nothing else.
    pub const PURE: Effects = Effects {
        terminator: false,
        can_throw: false,
        call: false,
        safepoint: false,
    };
    /// May throw (a trap, a checked operation, a memory access).
    pub const THROWS: Effects = Effects {
        can_throw: true,
        ..Effects::PURE
    };
    /// A call of a method or of a runtime helper that may allocate, run a
    /// class constructor or throw.
    pub const CALL: Effects = Effects {
        terminator: false,
        can_throw: true,
        call: true,
        safepoint: true,
    };
    /// Ends the block, passing control on.
    pub const BRANCH: Effects = Effects {
        terminator: true,
        ..Effects::PURE
    };
    /// Ends the block by throwing.
    pub const THROWING_EXIT: Effects = Effects {
        terminator: true,
        can_throw: true,
        ..Effects::PURE
    };
}

impl InstData {
    /// The instruction's effects (see [`Effects`]).
    pub fn effects(&self) -> Effects {
        match self {
            InstData::Iconst { .. }
            | InstData::F32const { .. }
            | InstData::F64const { .. }
            | InstData::Unary { .. }
            | InstData::Icmp { .. }
            | InstData::Conv { .. }
            | InstData::FUnary { .. }
            | InstData::FBinary { .. }
            | InstData::Fcmp { .. }
            | InstData::FConv { .. }
            | InstData::StackAddr { .. }
            | InstData::StackLoad { .. }
            | InstData::StackStore { .. }
            | InstData::Null
            | InstData::StringConst { .. }
            | InstData::ElemAddr { .. } => Effects::PURE,
            InstData::Binary { op, .. } if op.can_trap() => Effects::THROWS,
            InstData::Binary { .. } => Effects::PURE,
            InstData::CondTrap { .. }
            | InstData::Load { .. }
            | InstData::Store { .. }
            | InstData::LocalAlloc { .. } => Effects::THROWS,
            InstData::Call { .. }
            | InstData::NewObject { .. }
            | InstData::StaticBase { .. }
            | InstData::ClassInit { .. }
            | InstData::TypeCheck { .. }
            | InstData::NewArray { .. }
            | InstData::StoreElemRef { .. }
            | InstData::ElemAddrRef { .. }
            | InstData::RuntimeLookup { .. }
            | InstData::GenericLookup { .. }
            | InstData::VirtualFtn { .. }
            | InstData::HandleCall { .. }
            | InstData::Monitor { .. }
            | InstData::DelegateCtor { .. } => Effects::CALL,
            InstData::Jump { .. }
            | InstData::Brif { .. }
            | InstData::BrTable { .. }
            | InstData::Return { .. } => Effects::BRANCH,
            InstData::EndFinally | InstData::CatchRet { .. } | InstData::EndFilter { .. } => {
                Effects::BRANCH
            }
            InstData::Trap { .. } | InstData::Throw { .. } | InstData::Rethrow => {
                Effects::THROWING_EXIT
            }
            // Calls the finally funclet (which may throw), then branches.
            // Not a safepoint: while the funclet runs, the runtime reports
            // only the funclet's frame (`WantsReportOnlyLeaf`).
            InstData::CallFinally { .. } => Effects {
                terminator: true,
                can_throw: true,
                call: true,
                safepoint: false,
            },
        }
    }

    /// Whether this instruction ends a block.
    pub fn is_terminator(&self) -> bool {
        self.effects().terminator
    }

    /// Whether the instruction may throw (traps, overflow-checked arithmetic,
    /// memory accesses, calls, throws): it must not be removed even if its
    /// results are unused.
    pub fn can_throw(&self) -> bool {
        self.effects().can_throw
    }

    /// The text name of the opcode (`iadd`, `brif`, …).
    pub fn opcode_name(&self) -> &'static str {
        match self {
            InstData::Iconst { .. } => "iconst",
            InstData::F32const { .. } => "f32const",
            InstData::F64const { .. } => "f64const",
            InstData::Unary {
                op: UnaryOp::Ineg, ..
            } => "ineg",
            InstData::Unary {
                op: UnaryOp::Bnot, ..
            } => "bnot",
            InstData::Binary { op, .. } => op.name(),
            InstData::Icmp { .. } => "icmp",
            InstData::Conv { op, .. } => op.name(),
            InstData::FUnary { op, .. } => op.name(),
            InstData::FBinary { op, .. } => op.name(),
            InstData::Fcmp { .. } => "fcmp",
            InstData::FConv { op, .. } => op.name(),
            InstData::CondTrap {
                op: CondTrapOp::Trapz,
                ..
            } => "trapz",
            InstData::CondTrap {
                op: CondTrapOp::Trapnz,
                ..
            } => "trapnz",
            InstData::Call { .. } => "call",
            InstData::StackAddr { .. } => "stack_addr",
            InstData::LocalAlloc { .. } => "local_alloc",
            InstData::StackLoad { .. } => "stack_load",
            InstData::StackStore { .. } => "stack_store",
            InstData::Null => "null",
            InstData::Load { .. } => "load",
            InstData::Store { .. } => "store",
            InstData::StringConst { .. } => "string_const",
            InstData::NewObject { .. } => "new_object",
            InstData::StaticBase {
                gc: true,
                thread: false,
                ..
            } => "static_base_gc",
            InstData::StaticBase {
                gc: false,
                thread: false,
                ..
            } => "static_base_nongc",
            InstData::StaticBase {
                gc: true,
                thread: true,
                ..
            } => "thread_static_base_gc",
            InstData::StaticBase {
                gc: false,
                thread: true,
                ..
            } => "thread_static_base_nongc",
            InstData::ClassInit { .. } => "class_init",
            InstData::NewArray { .. } => "new_array",
            InstData::ElemAddr { .. } => "elem_addr",
            InstData::StoreElemRef { .. } => "store_elem_ref",
            InstData::ElemAddrRef { .. } => "elem_addr_ref",
            InstData::RuntimeLookup { .. } => "runtime_lookup",
            InstData::DelegateCtor { .. } => "delegate_ctor",
            InstData::GenericLookup { .. } => "generic_lookup",
            InstData::VirtualFtn { .. } => "virtual_ftn",
            InstData::HandleCall { op, .. } => op.name(),
            InstData::Monitor { enter: true, .. } => "monitor_enter",
            InstData::Monitor { enter: false, .. } => "monitor_exit",
            InstData::TypeCheck {
                op: TypeCheckOp::CastClass,
                ..
            } => "cast_class",
            InstData::TypeCheck {
                op: TypeCheckOp::IsInst,
                ..
            } => "is_inst",
            InstData::TypeCheck {
                op: TypeCheckOp::Unbox,
                ..
            } => "unbox",
            InstData::Jump { .. } => "jump",
            InstData::Brif { .. } => "brif",
            InstData::BrTable { .. } => "br_table",
            InstData::Return { .. } => "return",
            InstData::Trap { .. } => "trap",
            InstData::Throw { .. } => "throw",
            InstData::CallFinally { .. } => "call_finally",
            InstData::EndFinally => "end_finally",
            InstData::CatchRet { .. } => "catch_ret",
            InstData::EndFilter { .. } => "end_filter",
            InstData::Rethrow => "rethrow",
        }
    }

    /// The value operands that are not branch arguments, in order.
    pub fn arguments(&self) -> &[Value] {
        match self {
            InstData::Iconst { .. }
            | InstData::F32const { .. }
            | InstData::F64const { .. }
            | InstData::StackAddr { .. }
            | InstData::StackLoad { .. }
            | InstData::Null
            | InstData::StringConst { .. }
            | InstData::NewObject { .. }
            | InstData::StaticBase { .. }
            | InstData::ClassInit { .. }
            | InstData::RuntimeLookup { .. }
            | InstData::Jump { .. }
            | InstData::Trap { .. }
            | InstData::CallFinally { .. }
            | InstData::EndFinally
            | InstData::CatchRet { .. }
            | InstData::Rethrow => &[],
            InstData::DelegateCtor { args, .. } => args,
            InstData::Load { base, .. } => std::slice::from_ref(base),
            InstData::Store { args, .. }
            | InstData::ElemAddr { args, .. }
            | InstData::ElemAddrRef { args, .. } => args,
            InstData::StoreElemRef { args } => args,
            InstData::Unary { arg, .. }
            | InstData::Conv { arg, .. }
            | InstData::FUnary { arg, .. }
            | InstData::FConv { arg, .. }
            | InstData::CondTrap { arg, .. }
            | InstData::LocalAlloc { arg }
            | InstData::StackStore { arg, .. }
            | InstData::TypeCheck { arg, .. }
            | InstData::NewArray { arg, .. }
            | InstData::Brif { arg, .. }
            | InstData::BrTable { arg, .. }
            | InstData::Throw { arg }
            | InstData::EndFilter { arg } => std::slice::from_ref(arg),
            InstData::Binary { args, .. }
            | InstData::Icmp { args, .. }
            | InstData::FBinary { args, .. }
            | InstData::Fcmp { args, .. }
            | InstData::Monitor { args, .. } => args,
            InstData::Call { args, .. }
            | InstData::HandleCall { args, .. }
            | InstData::Return { args } => args,
            InstData::GenericLookup { arg, .. } | InstData::VirtualFtn { arg, .. } => {
                std::slice::from_ref(arg)
            }
        }
    }

    /// The branch destinations of a terminator (empty for other
    /// instructions), in text order: `brif` then/else, `br_table` default
    /// then targets.
    pub fn branch_destinations(&self) -> Vec<&BlockCall> {
        match self {
            InstData::Jump { dest } | InstData::CallFinally { dest, .. } => vec![dest],
            InstData::Brif {
                then_dest,
                else_dest,
                ..
            } => vec![then_dest, else_dest],
            InstData::BrTable {
                default, targets, ..
            } => std::iter::once(default).chain(targets).collect(),
            _ => Vec::new(),
        }
    }

    /// Mutable access to the branch destinations, in the same order as
    /// [`InstData::branch_destinations`].
    pub fn branch_destinations_mut(&mut self) -> Vec<&mut BlockCall> {
        match self {
            InstData::Jump { dest } | InstData::CallFinally { dest, .. } => vec![dest],
            InstData::Brif {
                then_dest,
                else_dest,
                ..
            } => vec![then_dest, else_dest],
            InstData::BrTable {
                default, targets, ..
            } => std::iter::once(default).chain(targets.iter_mut()).collect(),
            _ => Vec::new(),
        }
    }

    /// Every value the instruction reads, including branch arguments.
    pub fn all_values(&self) -> Vec<Value> {
        let mut out = self.arguments().to_vec();
        for d in self.branch_destinations() {
            out.extend_from_slice(&d.args);
        }
        out
    }

    /// Applies `f` to every value the instruction reads, including branch
    /// arguments (used to substitute values).
    pub fn map_values(&mut self, mut f: impl FnMut(Value) -> Value) {
        match self {
            InstData::Iconst { .. }
            | InstData::F32const { .. }
            | InstData::F64const { .. }
            | InstData::StackAddr { .. }
            | InstData::StackLoad { .. }
            | InstData::Null
            | InstData::StringConst { .. }
            | InstData::NewObject { .. }
            | InstData::StaticBase { .. }
            | InstData::ClassInit { .. }
            | InstData::RuntimeLookup { .. }
            | InstData::Trap { .. }
            | InstData::CallFinally { .. }
            | InstData::EndFinally
            | InstData::CatchRet { .. }
            | InstData::Rethrow => {}
            InstData::DelegateCtor { args, .. } => {
                for a in args {
                    *a = f(*a);
                }
            }
            InstData::Load { base, .. } => *base = f(*base),
            InstData::Unary { arg, .. }
            | InstData::Conv { arg, .. }
            | InstData::FUnary { arg, .. }
            | InstData::FConv { arg, .. }
            | InstData::CondTrap { arg, .. }
            | InstData::LocalAlloc { arg }
            | InstData::StackStore { arg, .. }
            | InstData::TypeCheck { arg, .. }
            | InstData::NewArray { arg, .. }
            | InstData::Throw { arg }
            | InstData::EndFilter { arg } => *arg = f(*arg),
            InstData::ElemAddr { args, .. } | InstData::ElemAddrRef { args, .. } => {
                for a in args {
                    *a = f(*a);
                }
            }
            InstData::StoreElemRef { args } => {
                for a in args {
                    *a = f(*a);
                }
            }
            InstData::Binary { args, .. }
            | InstData::Icmp { args, .. }
            | InstData::Store { args, .. }
            | InstData::FBinary { args, .. }
            | InstData::Fcmp { args, .. }
            | InstData::Monitor { args, .. } => {
                for a in args {
                    *a = f(*a);
                }
            }
            InstData::Call { args, .. }
            | InstData::HandleCall { args, .. }
            | InstData::Return { args } => {
                for a in args {
                    *a = f(*a);
                }
            }
            InstData::GenericLookup { arg, .. } | InstData::VirtualFtn { arg, .. } => {
                *arg = f(*arg)
            }
            InstData::Jump { .. } => {}
            InstData::Brif { arg, .. } | InstData::BrTable { arg, .. } => *arg = f(*arg),
        }
        for d in self.branch_destinations_mut() {
            for a in &mut d.args {
                *a = f(*a);
            }
        }
    }
}

impl fmt::Display for TrapCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for FloatCC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Display for IntCC {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floatcc_eval_nan_and_inverse() {
        let vals = [f64::NAN, -1.0, 0.0, -0.0, 1.0, f64::INFINITY];
        for cc in FloatCC::ALL {
            for &a in &vals {
                for &b in &vals {
                    assert_eq!(cc.eval(a, b), !cc.inverse().eval(a, b), "{cc} {a} {b}");
                    assert_eq!(cc.eval(a, b), cc.swapped().eval(b, a), "{cc} {a} {b}");
                }
            }
        }
        assert!(!FloatCC::Eq.eval(f64::NAN, f64::NAN));
        assert!(FloatCC::Ult.eval(f64::NAN, 0.0));
        assert!(FloatCC::Eq.eval(0.0, -0.0));
    }

    #[test]
    fn intcc_eval_respects_width_and_signedness() {
        assert!(IntCC::Slt.eval(-1, 0, 32));
        assert!(!IntCC::Ult.eval(-1, 0, 32));
        assert!(IntCC::Eq.eval(0xffff_ffff, -1, 32));
        assert!(!IntCC::Eq.eval(0xffff_ffff, -1, 64));
        for cc in IntCC::ALL {
            for (a, b) in [(1, 2), (2, 1), (-5, 3), (7, 7)] {
                assert_eq!(cc.eval(a, b, 64), !cc.inverse().eval(a, b, 64));
                assert_eq!(cc.eval(a, b, 64), cc.swapped().eval(b, a, 64));
            }
        }
    }
}
