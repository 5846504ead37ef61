//! The evaluation stack (ECMA-335 III.1.5–III.1.7): the kinds of its values,
//! the IR view of the IL types the slice supports, push and pop with the
//! operand-kind checks, and the coercions between stack kinds and variable,
//! parameter and field types. Also the opcodes that only move values:
//! `ldc.i4*`, `ldc.i8`, `ldnull`, `ldstr`, `dup`, `pop`.

use super::{at, invalid, unsupported, Importer, State};
use crate::env::{IlType, LowerEnv};
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{
    AbiParam, ArgExt, Block, ConvOp, Cursor, FConvOp, Function, InstData, Type, Value, ValueDef,
};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// The kind of an evaluation-stack value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `int32`.
    I32,
    /// `int64` or `native int` (x64).
    I64,
    /// An object reference (`O`): class, string, array, `object`.
    Ref,
    /// A managed pointer (`&`): a value type's `this`, a `ref` parameter.
    /// Only the instructions that read through one or pass it on accept it
    /// (`pop` refuses it everywhere else).
    ByRef,
    /// `F` holding a `float32` (RyuJIT keeps `float32` values and
    /// arithmetic in single precision).
    F32,
    /// `F` holding a `float64`.
    F64,
    /// A value of a struct (`valuetype`, ECMA-335 III.1.1): a `byref` to a
    /// frame slot holding it, of the layout `ValueTypes` numbers so (see
    /// `valuetype.rs`). Only the value-type instructions accept it (`pop`
    /// refuses it everywhere else).
    Struct(u32),
}

impl Kind {
    pub(super) fn ty(self) -> Type {
        match self {
            Kind::I32 => Type::I32,
            Kind::I64 => Type::I64,
            Kind::Ref => Type::Ref,
            Kind::ByRef => Type::ByRef,
            Kind::F32 => Type::F32,
            Kind::F64 => Type::F64,
            Kind::Struct(_) => Type::ByRef,
        }
    }

    pub(super) fn is_float(self) -> bool {
        matches!(self, Kind::F32 | Kind::F64)
    }

    /// The kind in words, for refusals.
    pub(super) fn describe(self) -> &'static str {
        match self {
            Kind::I32 => "int32",
            Kind::I64 => "native int",
            Kind::Ref => "object reference",
            Kind::ByRef => "managed pointer",
            Kind::F32 => "float32",
            Kind::F64 => "float64",
            Kind::Struct(_) => "struct",
        }
    }
}

/// A variable's (argument's or local's) representation: its stack kind and,
/// for small types, the width and signedness it is normalized to on store.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct VarType {
    pub(super) kind: Kind,
    pub(super) small: Option<(Type, bool)>,
}

impl VarType {
    /// A value of the variable's IR type as its stack kind: a small type is
    /// sign- or zero-extended to `i32`, anything else is `v` itself.
    pub(super) fn extend(self, cur: &mut Cursor<'_>, v: Value) -> Value {
        match self.small {
            Some((_, signed)) => cur.conv(
                if signed {
                    ConvOp::Sextend
                } else {
                    ConvOp::Uextend
                },
                v,
                Type::I32,
            ),
            None => v,
        }
    }

    /// Zero of a number variable's kind (a local's initial value).
    pub(super) fn zero(self, cur: &mut Cursor<'_>) -> Value {
        match self.kind {
            Kind::F32 => cur.f32const(0),
            Kind::F64 => cur.f64const(0),
            k => cur.iconst(k.ty(), 0),
        }
    }
}

/// The IR view of an IL type the slice supports: its ABI parameter and its
/// variable representation.
pub(super) fn supported(ty: IlType) -> Option<(AbiParam, VarType)> {
    let small = |t: Type, signed: bool| {
        (
            AbiParam::with_ext(t, if signed { ArgExt::Sext } else { ArgExt::Uext }),
            VarType {
                kind: Kind::I32,
                small: Some((t, signed)),
            },
        )
    };
    let plain = |kind: Kind| (AbiParam::new(kind.ty()), VarType { kind, small: None });
    Some(match ty {
        IlType::I1 => small(Type::I8, true),
        IlType::U1 | IlType::Bool => small(Type::I8, false),
        IlType::I2 => small(Type::I16, true),
        IlType::U2 | IlType::Char => small(Type::I16, false),
        IlType::I4 | IlType::U4 => plain(Kind::I32),
        IlType::I8 | IlType::U8 | IlType::I | IlType::U | IlType::Ptr => plain(Kind::I64),
        IlType::Object | IlType::RuntimeHandle => plain(Kind::Ref),
        IlType::ByRef => plain(Kind::ByRef),
        IlType::R4 => plain(Kind::F32),
        IlType::R8 => plain(Kind::F64),
        IlType::ValueType | IlType::GenericParam | IlType::TypedRef => return None,
    })
}

/// Pops a value that is neither a managed pointer nor a struct (refused:
/// only the instructions using [`pop_any`] handle them).
pub(super) fn pop(st: &mut State, offset: u32) -> Result<(Value, Kind), LowerError> {
    let (v, k) = pop_any(st, offset)?;
    match k {
        Kind::ByRef => Err(Unsupported::ManagedPointer { offset }.into()),
        Kind::Struct(_) => Err(Unsupported::ValueType {
            offset,
            reason: "struct value as an operand".into(),
        }
        .into()),
        _ => Ok((v, k)),
    }
}

/// Pops any value, managed pointers included.
pub(super) fn pop_any(st: &mut State, offset: u32) -> Result<(Value, Kind), LowerError> {
    st.stack
        .pop()
        .ok_or_else(|| invalid(offset, InvalidIlKind::StackUnderflow))
}

pub(super) fn push(
    st: &mut State,
    v: Value,
    k: Kind,
    offset: u32,
    max_stack: u16,
) -> Result<(), LowerError> {
    if st.stack.len() >= max_stack as usize {
        return Err(invalid(offset, InvalidIlKind::StackOverflow { max_stack }));
    }
    st.stack.push((v, k));
    Ok(())
}

/// Pops two operands, widening an `int32` against a 64-bit one by zero
/// (`zext`) or sign extension.
pub(super) fn pop_pair(
    cur: &mut Cursor<'_>,
    st: &mut State,
    offset: u32,
    zext: bool,
) -> Result<(Value, Value, Kind), LowerError> {
    let (y, ky) = pop(st, offset)?;
    let (x, kx) = pop(st, offset)?;
    if kx.is_float() || ky.is_float() {
        // Float operands are handled by `float`; here only a mix with an
        // integer can remain (III.1.5 allows none).
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    }
    if kx == ky {
        return Ok((x, y, kx));
    }
    if kx == Kind::Ref || ky == Kind::Ref {
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    }
    let op = if zext {
        ConvOp::Uextend
    } else {
        ConvOp::Sextend
    };
    let widen = |cur: &mut Cursor<'_>, v: Value, k: Kind| match k {
        Kind::I32 => cur.conv(op, v, Type::I64),
        _ => v,
    };
    let x = widen(cur, x, kx);
    let y = widen(cur, y, ky);
    Ok((x, y, Kind::I64))
}

/// The constant a value is, if an `iconst` defines it.
pub(super) fn iconst_of(func: &Function, v: Value) -> Option<i64> {
    match func.dfg.value_def(v) {
        ValueDef::Result(inst, 0) => match func.dfg.inst(inst) {
            InstData::Iconst { imm, .. } => Some(*imm),
            _ => None,
        },
        _ => None,
    }
}

/// Stores a stack value into a variable of type `ty` (the variable's stack
/// kind) with optional small-type normalization: truncate to the small
/// width, extend back to `i32`.
pub(super) fn coerce(
    cur: &mut Cursor<'_>,
    v: Value,
    kind: Kind,
    ty: Type,
    small: Option<(Type, bool)>,
) -> Value {
    let mut v = match (kind, ty) {
        (Kind::I32, Type::I64) => cur.conv(ConvOp::Sextend, v, Type::I64),
        (Kind::I64, Type::I32) => cur.conv(ConvOp::Ireduce, v, Type::I32),
        // Storing `F` into a float32/float64 location converts it
        // (III.1.1.1: rounding to the location's precision).
        (Kind::F64, Type::F32) => cur.fconv(FConvOp::Fdemote, v, Type::F32),
        (Kind::F32, Type::F64) => cur.fconv(FConvOp::Fpromote, v, Type::F64),
        _ => v,
    };
    if let Some((small_ty, signed)) = small {
        if fits(cur.func, v, small_ty, signed) {
            // Already a normalized value of the small type (a comparison
            // result, a constant in range, or an extension from it).
            return v;
        }
        let r = cur.conv(ConvOp::Ireduce, v, small_ty);
        v = cur.conv(
            if signed {
                ConvOp::Sextend
            } else {
                ConvOp::Uextend
            },
            r,
            Type::I32,
        );
    }
    v
}

/// Whether the `i32` value `v` is provably in the range of the small type
/// `ty` read as signed or unsigned, judging by its definition.
pub(super) fn fits(func: &Function, v: Value, ty: Type, signed: bool) -> bool {
    let range = |t: Type, signed: bool| -> Option<(i64, i64)> {
        let (lo, hi) = t.signed_range()?;
        Some(if signed { (lo, hi) } else { (0, hi - lo) })
    };
    let ValueDef::Result(inst, 0) = func.dfg.value_def(v) else {
        return false;
    };
    let known = match func.dfg.inst(inst) {
        InstData::Icmp { .. } => Some((0, 1)),
        InstData::Iconst { imm, .. } => Some((*imm, *imm)),
        InstData::Conv { op, arg, .. } if *op != ConvOp::Ireduce => {
            range(func.dfg.value_type(*arg), *op == ConvOp::Sextend)
        }
        _ => None,
    };
    match (known, range(ty, signed)) {
        (Some((lo, hi)), Some((tlo, thi))) => {
            func.dfg.value_type(v) == Type::I32 && lo >= tlo && hi <= thi
        }
        _ => false,
    }
}

/// Converts a stack value to a call argument or return value of ABI type
/// `p` (small types are truncated; the ABI extension is the backend's).
pub(super) fn coerce_param(cur: &mut Cursor<'_>, v: Value, kind: Kind, p: AbiParam) -> Value {
    match (kind.ty(), p.ty) {
        (a, b) if a == b => v,
        (Type::F64, Type::F32) => cur.fconv(FConvOp::Fdemote, v, Type::F32),
        (Type::F32, Type::F64) => cur.fconv(FConvOp::Fpromote, v, Type::F64),
        (Type::I32, Type::I64) => cur.conv(ConvOp::Sextend, v, Type::I64),
        (_, t) => cur.conv(ConvOp::Ireduce, v, t),
    }
}

/// Checks that a stack value of kind `k` may go to a location of type `ty`
/// (an object reference only to a reference, an `F` only to a float:
/// ECMA-335 III.1.6).
pub(super) fn check_kind(k: Kind, ty: Type, offset: u32) -> Result<(), LowerError> {
    if (k == Kind::Ref) != (ty == Type::Ref) || k.is_float() != ty.is_float() {
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    }
    Ok(())
}

/// A managed pointer going to a `native int`/unmanaged pointer location
/// (it stops being GC-tracked) or a `native int` going to a `&` location
/// (tracked from then on): ECMA-335 III.1.6's implicit conversions, as
/// `ptr_to_int`/`int_to_byref`; `None` for any other pair.
pub(super) fn pointer_coercion(cur: &mut Cursor<'_>, v: Value, k: Kind, ty: Type) -> Option<Value> {
    match (k, ty) {
        (Kind::ByRef, Type::I64) => Some(cur.conv(ConvOp::PtrToInt, v, Type::I64)),
        (Kind::I64, Type::ByRef) => Some(cur.conv(ConvOp::IntToByref, v, Type::ByRef)),
        _ => None,
    }
}

/// A stack value checked ([`check_kind`]) and converted ([`coerce_param`])
/// for a location of ABI type `p`: a return value, a field, an element.
pub(super) fn convert_to(
    cur: &mut Cursor<'_>,
    (v, k): (Value, Kind),
    p: AbiParam,
    offset: u32,
) -> Result<Value, LowerError> {
    if let Some(v) = pointer_coercion(cur, v, k, p.ty) {
        return Ok(v);
    }
    if (k == Kind::ByRef) != (p.ty == Type::ByRef) {
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    }
    check_kind(k, p.ty, offset)?;
    Ok(coerce_param(cur, v, k, p))
}

/// Widens a call result of ABI type `p` to its stack kind.
pub(super) fn widen_result(cur: &mut Cursor<'_>, r: Value, p: AbiParam) -> (Value, Kind) {
    match p.ty {
        Type::Ref => (r, Kind::Ref),
        Type::ByRef => (r, Kind::ByRef),
        Type::I64 => (r, Kind::I64),
        Type::I32 => (r, Kind::I32),
        Type::F32 => (r, Kind::F32),
        Type::F64 => (r, Kind::F64),
        _ => {
            let op = if p.ext == ArgExt::Sext {
                ConvOp::Sextend
            } else {
                ConvOp::Uextend
            };
            (cur.conv(op, r, Type::I32), Kind::I32)
        }
    }
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `ldc.i4*`, `ldc.i8`, `ldnull`, `ldstr`: pushes a constant.
    pub(super) fn constant(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let mut cur = at(&mut self.func, blk, insn);
        match op {
            O::Ldc_I4_M1
            | O::Ldc_I4_0
            | O::Ldc_I4_1
            | O::Ldc_I4_2
            | O::Ldc_I4_3
            | O::Ldc_I4_4
            | O::Ldc_I4_5
            | O::Ldc_I4_6
            | O::Ldc_I4_7
            | O::Ldc_I4_8 => {
                let n = op as i64 - O::Ldc_I4_0 as i64;
                let v = cur.iconst(Type::I32, n);
                push(st, v, Kind::I32, offset, max_stack)?;
            }
            O::Ldc_I4 | O::Ldc_I4_S => {
                let Operand::Int32(n) = insn.operand else {
                    unreachable!("decoder gives ldc.i4 an Int32")
                };
                let v = cur.iconst(Type::I32, n as i64);
                push(st, v, Kind::I32, offset, max_stack)?;
            }
            O::Ldc_I8 => {
                let Operand::Int64(n) = insn.operand else {
                    unreachable!("decoder gives ldc.i8 an Int64")
                };
                let v = cur.iconst(Type::I64, n);
                push(st, v, Kind::I64, offset, max_stack)?;
            }
            O::Ldnull => {
                let v = cur.null();
                push(st, v, Kind::Ref, offset, max_stack)?;
            }
            O::Ldstr => {
                let Operand::String(s) = insn.operand else {
                    unreachable!("decoder gives ldstr a string token")
                };
                if s.0 == 0 || s.0 > 0x00FF_FFFF {
                    return Err(kiln_metadata::MetadataError::BadToken {
                        token: 0x7000_0000 | (s.0 & 0x00FF_FFFF),
                        expected: "a user-string token with an offset",
                    }
                    .into());
                }
                let v = cur.string_const(0x7000_0000 | s.0);
                push(st, v, Kind::Ref, offset, max_stack)?;
            }
            _ => return Err(unsupported(insn)),
        }
        Ok(())
    }

    /// `dup`, `pop`.
    pub(super) fn dup_pop(
        &mut self,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let offset = insn.offset;
        if insn.opcode == Opcode::Pop {
            pop_any(st, offset)?;
            return Ok(());
        }
        let (v, k) = *st
            .stack
            .last()
            .ok_or_else(|| invalid(offset, InvalidIlKind::StackUnderflow))?;
        push(st, v, k, offset, self.max_stack)
    }
}
