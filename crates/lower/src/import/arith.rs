//! Integer arithmetic, comparisons and conversions (ECMA-335 III.1.5 tables
//! 2, 4, 5, 7, 8; III.3.1–3.64 for `add`…`xor`, `*.ovf*`, `neg`, `not`,
//! `shl`, `shr*`, `ceq`, `cgt*`, `clt*`, `conv.*`, `conv.ovf.*`). Divisions
//! are guarded (III.3.31, III.3.55); float operands never get here
//! (`float.rs` takes them first).

use super::stack::{iconst_of, pop_pair};
use super::{at, invalid, pop, pop_any, push, unsupported, Importer, Kind, State};
use crate::env::LowerEnv;
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{BinaryOp, Block, ConvOp, Cursor, IntCC, TrapCode, Type, UnaryOp, Value};
use kiln_metadata::il::{Instruction, Opcode};

/// A target width of `conv.*`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum ConvTarget {
    I1,
    U1,
    I2,
    U2,
    I4,
    U4,
    I8,
    U8,
}

impl ConvTarget {
    pub(super) fn range(self) -> (i128, i128) {
        match self {
            ConvTarget::I1 => (i8::MIN as i128, i8::MAX as i128),
            ConvTarget::U1 => (0, u8::MAX as i128),
            ConvTarget::I2 => (i16::MIN as i128, i16::MAX as i128),
            ConvTarget::U2 => (0, u16::MAX as i128),
            ConvTarget::I4 => (i32::MIN as i128, i32::MAX as i128),
            ConvTarget::U4 => (0, u32::MAX as i128),
            ConvTarget::I8 => (i64::MIN as i128, i64::MAX as i128),
            ConvTarget::U8 => (0, u64::MAX as i128),
        }
    }

    pub(super) fn signed(self) -> bool {
        matches!(
            self,
            ConvTarget::I1 | ConvTarget::I2 | ConvTarget::I4 | ConvTarget::I8
        )
    }

    /// The IR type holding the value before widening to the stack kind.
    pub(super) fn ty(self) -> Type {
        match self {
            ConvTarget::I1 | ConvTarget::U1 => Type::I8,
            ConvTarget::I2 | ConvTarget::U2 => Type::I16,
            ConvTarget::I4 | ConvTarget::U4 => Type::I32,
            ConvTarget::I8 | ConvTarget::U8 => Type::I64,
        }
    }
}

/// How a `conv` checks overflow.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Ovf {
    /// `conv.*`: no check.
    None,
    /// `conv.ovf.*`: the source is read as signed.
    Signed,
    /// `conv.ovf.*.un`: the source is read as unsigned.
    Unsigned,
}

pub(super) fn conv_of(op: Opcode) -> Option<(ConvTarget, Ovf)> {
    use ConvTarget as T;
    use Opcode as O;
    Some(match op {
        O::Conv_I1 => (T::I1, Ovf::None),
        O::Conv_U1 => (T::U1, Ovf::None),
        O::Conv_I2 => (T::I2, Ovf::None),
        O::Conv_U2 => (T::U2, Ovf::None),
        O::Conv_I4 => (T::I4, Ovf::None),
        O::Conv_U4 => (T::U4, Ovf::None),
        O::Conv_I8 | O::Conv_I => (T::I8, Ovf::None),
        O::Conv_U8 | O::Conv_U => (T::U8, Ovf::None),
        O::Conv_Ovf_I1 => (T::I1, Ovf::Signed),
        O::Conv_Ovf_U1 => (T::U1, Ovf::Signed),
        O::Conv_Ovf_I2 => (T::I2, Ovf::Signed),
        O::Conv_Ovf_U2 => (T::U2, Ovf::Signed),
        O::Conv_Ovf_I4 => (T::I4, Ovf::Signed),
        O::Conv_Ovf_U4 => (T::U4, Ovf::Signed),
        O::Conv_Ovf_I8 | O::Conv_Ovf_I => (T::I8, Ovf::Signed),
        O::Conv_Ovf_U8 | O::Conv_Ovf_U => (T::U8, Ovf::Signed),
        O::Conv_Ovf_I1_Un => (T::I1, Ovf::Unsigned),
        O::Conv_Ovf_U1_Un => (T::U1, Ovf::Unsigned),
        O::Conv_Ovf_I2_Un => (T::I2, Ovf::Unsigned),
        O::Conv_Ovf_U2_Un => (T::U2, Ovf::Unsigned),
        O::Conv_Ovf_I4_Un => (T::I4, Ovf::Unsigned),
        O::Conv_Ovf_U4_Un => (T::U4, Ovf::Unsigned),
        O::Conv_Ovf_I8_Un | O::Conv_Ovf_I_Un => (T::I8, Ovf::Unsigned),
        O::Conv_Ovf_U8_Un | O::Conv_Ovf_U_Un => (T::U8, Ovf::Unsigned),
        _ => return None,
    })
}

/// Binary arithmetic opcodes: the IR operation and whether an `int32`
/// operand mixed with a 64-bit one is zero-extended (else sign-extended).
pub(super) fn binary_of(op: Opcode) -> Option<(BinaryOp, bool)> {
    use Opcode as O;
    Some(match op {
        O::Add => (BinaryOp::Iadd, false),
        O::Sub => (BinaryOp::Isub, false),
        O::Mul => (BinaryOp::Imul, false),
        O::And => (BinaryOp::Band, false),
        O::Or => (BinaryOp::Bor, false),
        O::Xor => (BinaryOp::Bxor, false),
        O::Div => (BinaryOp::Sdiv, false),
        O::Rem => (BinaryOp::Srem, false),
        O::Div_Un => (BinaryOp::Udiv, false),
        O::Rem_Un => (BinaryOp::Urem, false),
        O::Add_Ovf => (BinaryOp::SaddOvf, false),
        O::Add_Ovf_Un => (BinaryOp::UaddOvf, true),
        O::Sub_Ovf => (BinaryOp::SsubOvf, false),
        O::Sub_Ovf_Un => (BinaryOp::UsubOvf, true),
        O::Mul_Ovf => (BinaryOp::SmulOvf, false),
        O::Mul_Ovf_Un => (BinaryOp::UmulOvf, true),
        _ => return None,
    })
}

/// Comparison opcodes (`ceq`… and the two-operand branches) and their
/// condition. (For integers `bne.un` is `!=`.)
pub(super) fn compare_of(op: Opcode) -> Option<IntCC> {
    use Opcode as O;
    Some(match op {
        O::Ceq | O::Beq | O::Beq_S => IntCC::Eq,
        O::Cgt | O::Bgt | O::Bgt_S => IntCC::Sgt,
        O::Clt | O::Blt | O::Blt_S => IntCC::Slt,
        O::Bge | O::Bge_S => IntCC::Sge,
        O::Ble | O::Ble_S => IntCC::Sle,
        O::Cgt_Un | O::Bgt_Un | O::Bgt_Un_S => IntCC::Ugt,
        O::Clt_Un | O::Blt_Un | O::Blt_Un_S => IntCC::Ult,
        O::Bge_Un | O::Bge_Un_S => IntCC::Uge,
        O::Ble_Un | O::Ble_Un_S => IntCC::Ule,
        O::Bne_Un | O::Bne_Un_S => IntCC::Ne,
        _ => return None,
    })
}

/// Whether a comparison condition is meaningful on object references
/// (ECMA-335 III.1.5 table 4: equality, and `cgt.un`/`clt.un` and the
/// unsigned branches as C# uses them against `null`).
pub(super) fn ref_condition(cc: IntCC) -> bool {
    matches!(
        cc,
        IntCC::Eq | IntCC::Ne | IntCC::Ugt | IntCC::Ult | IntCC::Uge | IntCC::Ule
    )
}

/// Emits the guards of a signed division or remainder `x / y`: divisor zero
/// and `MIN / -1`.
pub(super) fn guard_signed_division(cur: &mut Cursor<'_>, x: Value, y: Value, kind: Kind) {
    let ty = kind.ty();
    let min = ty.signed_range().expect("integer").0;
    match iconst_of(cur.func, y) {
        Some(c) if c != 0 && c != -1 => {}
        Some(-1) => {
            let m = cur.iconst(ty, min);
            let is_min = cur.icmp(IntCC::Eq, x, m);
            cur.trapnz(is_min, TrapCode::Overflow);
        }
        _ => {
            cur.trapz(y, TrapCode::DivideByZero);
            let m1 = cur.iconst(ty, -1);
            let is_m1 = cur.icmp(IntCC::Eq, y, m1);
            let m = cur.iconst(ty, min);
            let is_min = cur.icmp(IntCC::Eq, x, m);
            let both = cur.binary(BinaryOp::Band, is_m1, is_min);
            cur.trapnz(both, TrapCode::Overflow);
        }
    }
}

/// `conv.*` / `conv.ovf.*` of a stack value.
pub(super) fn convert(
    cur: &mut Cursor<'_>,
    x: Value,
    kind: Kind,
    target: ConvTarget,
    ovf: Ovf,
) -> (Value, Kind) {
    let src = kind.ty();
    let bits = src.bits().expect("integer");
    if ovf != Ovf::None {
        let (lo, hi) = target.range();
        let (src_lo, src_hi) = if ovf == Ovf::Signed {
            let (a, b) = src.signed_range().expect("integer");
            (a as i128, b as i128)
        } else {
            (0, (1i128 << bits) - 1)
        };
        if lo > src_lo {
            // Only signed sources have negative values to reject.
            let c = cur.iconst(src, lo as i64);
            let below = cur.icmp(IntCC::Slt, x, c);
            cur.trapnz(below, TrapCode::Overflow);
        }
        if hi < src_hi {
            let c = cur.iconst(src, hi as i64);
            let cc = if ovf == Ovf::Signed {
                IntCC::Sgt
            } else {
                IntCC::Ugt
            };
            let above = cur.icmp(cc, x, c);
            cur.trapnz(above, TrapCode::Overflow);
        }
    }
    let tty = target.ty();
    let tbits = tty.bits().expect("integer");
    if tbits == 64 {
        return match kind {
            Kind::I64 => (x, Kind::I64),
            // `F` sources never get here (`float::translate` takes them).
            Kind::I32 | Kind::F32 | Kind::F64 => {
                // conv.i8 sign-extends, conv.u8 zero-extends; with an
                // overflow check the source's signedness decides (the value
                // is in range, so only its reading matters).
                let signed = match ovf {
                    Ovf::None => target.signed(),
                    Ovf::Signed => true,
                    Ovf::Unsigned => false,
                };
                let op = if signed {
                    ConvOp::Sextend
                } else {
                    ConvOp::Uextend
                };
                (cur.conv(op, x, Type::I64), Kind::I64)
            }
            Kind::Ref | Kind::ByRef | Kind::Struct(_) => {
                unreachable!("conversions of references and structs are refused before")
            }
        };
    }
    let narrowed = if tbits < bits {
        cur.conv(ConvOp::Ireduce, x, tty)
    } else {
        x
    };
    let r = if tbits < 32 {
        let op = if target.signed() {
            ConvOp::Sextend
        } else {
            ConvOp::Uextend
        };
        cur.conv(op, narrowed, Type::I32)
    } else {
        narrowed
    };
    (r, Kind::I32)
}

/// Whether one of the top `n` stack values is a managed pointer.
pub(super) fn top_is_byref(st: &State, n: usize) -> bool {
    st.stack
        .iter()
        .rev()
        .take(n)
        .any(|&(_, k)| k == Kind::ByRef)
}

/// A managed pointer or integer operand of pointer arithmetic or an
/// address comparison as an `i64` (an `int32` sign-extended, ECMA-335
/// III.1.5); anything else is invalid there.
fn address_operand(
    cur: &mut Cursor<'_>,
    v: Value,
    k: Kind,
    offset: u32,
) -> Result<Value, LowerError> {
    Ok(match k {
        Kind::ByRef => cur.conv(ConvOp::PtrToInt, v, Type::I64),
        Kind::I32 => cur.conv(ConvOp::Sextend, v, Type::I64),
        Kind::I64 => v,
        _ => return Err(invalid(offset, InvalidIlKind::OperandTypes)),
    })
}

/// `add`/`sub` with a managed pointer operand (ECMA-335 III.1.5 Table 2):
/// `&` ± integer and integer + `&` give a `&`, `&` − `&` a `native int`;
/// integer − `&` (no row of the table, but what C# compilers emit for
/// `p - start` with `start` a `fixed` statement's pinned `char&`) a
/// `native int`, as RyuJIT types it (`impGetByRefResultType`: "[native]
/// int - byref => native int").
/// Computed on the addresses with no safepoint in between, the result
/// becomes a GC-tracked pointer again (as the JIT's `TYP_BYREF` add).
fn pointer_arith(
    cur: &mut Cursor<'_>,
    st: &mut State,
    bop: BinaryOp,
    offset: u32,
) -> Result<(Value, Kind), LowerError> {
    let (y, ky) = pop_any(st, offset)?;
    let (x, kx) = pop_any(st, offset)?;
    let result = match (bop, kx, ky) {
        (BinaryOp::Iadd | BinaryOp::Isub, Kind::ByRef, Kind::I32 | Kind::I64)
        | (BinaryOp::Iadd, Kind::I32 | Kind::I64, Kind::ByRef) => Kind::ByRef,
        (BinaryOp::Isub, Kind::ByRef, Kind::ByRef)
        | (BinaryOp::Isub, Kind::I32 | Kind::I64, Kind::ByRef) => Kind::I64,
        (_, Kind::Ref | Kind::Struct(_) | Kind::F32 | Kind::F64, _)
        | (_, _, Kind::Ref | Kind::Struct(_) | Kind::F32 | Kind::F64) => {
            return Err(invalid(offset, InvalidIlKind::OperandTypes))
        }
        // Other arithmetic on managed pointers (`mul`, overflow-checked
        // forms) is not supported.
        _ => return Err(Unsupported::ManagedPointer { offset }.into()),
    };
    let x = address_operand(cur, x, kx, offset)?;
    let y = address_operand(cur, y, ky, offset)?;
    let r = cur.binary(bop, x, y);
    Ok(if result == Kind::ByRef {
        (cur.conv(ConvOp::IntToByref, r, Type::ByRef), Kind::ByRef)
    } else {
        (r, Kind::I64)
    })
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `add`, `sub`, `mul`, `div*`, `rem*`, `and`, `or`, `xor`, `*.ovf*`.
    pub(super) fn binary(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let Some((bop, zext)) = binary_of(op) else {
            return Err(unsupported(insn));
        };
        let mut cur = at(&mut self.func, blk, insn);
        if top_is_byref(st, 2) {
            let r = pointer_arith(&mut cur, st, bop, offset)?;
            push(st, r.0, r.1, offset, max_stack)?;
            return Ok(());
        }
        let (x, y, kind) = pop_pair(&mut cur, st, offset, zext)?;
        if kind == Kind::Ref {
            // Arithmetic on object references is unverifiable.
            return Err(unsupported(insn));
        }
        let r = match bop {
            BinaryOp::Sdiv | BinaryOp::Srem => {
                guard_signed_division(&mut cur, x, y, kind);
                cur.binary(bop, x, y)
            }
            BinaryOp::Udiv | BinaryOp::Urem => {
                if !matches!(iconst_of(cur.func, y), Some(c) if c != 0) {
                    cur.trapz(y, TrapCode::DivideByZero);
                }
                cur.binary(bop, x, y)
            }
            _ => cur.binary(bop, x, y),
        };
        push(st, r, kind, offset, max_stack)?;
        Ok(())
    }

    /// `neg`, `not`.
    pub(super) fn unary(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let mut cur = at(&mut self.func, blk, insn);
        let (x, k) = pop(st, offset)?;
        if k == Kind::Ref {
            return Err(unsupported(insn));
        }
        let u = if op == O::Neg {
            UnaryOp::Ineg
        } else {
            UnaryOp::Bnot
        };
        let r = cur.unary(u, x);
        push(st, r, k, offset, max_stack)?;
        Ok(())
    }

    /// `shl`, `shr`, `shr.un`.
    pub(super) fn shift(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let mut cur = at(&mut self.func, blk, insn);
        let (amount, ka) = pop(st, offset)?;
        let (x, k) = pop(st, offset)?;
        if k == Kind::Ref || ka == Kind::Ref {
            return Err(unsupported(insn));
        }
        let bop = match op {
            O::Shl => BinaryOp::Ishl,
            O::Shr => BinaryOp::Sshr,
            _ => BinaryOp::Ushr,
        };
        let r = cur.binary(bop, x, amount);
        push(st, r, k, offset, max_stack)?;
        Ok(())
    }

    /// `ceq`, `cgt`, `cgt.un`, `clt`, `clt.un` on integers and references.
    pub(super) fn compare(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let Some(cc) = compare_of(op) else {
            return Err(unsupported(insn));
        };
        let mut cur = at(&mut self.func, blk, insn);
        if top_is_byref(st, 2) {
            // Managed pointers compare as addresses (ECMA-335 III.1.5
            // Table 4: with another `&` or a `native int`).
            let (y, ky) = pop_any(st, offset)?;
            let (x, kx) = pop_any(st, offset)?;
            let x = address_operand(&mut cur, x, kx, offset)?;
            let y = address_operand(&mut cur, y, ky, offset)?;
            let r = cur.icmp(cc, x, y);
            push(st, r, Kind::I32, offset, max_stack)?;
            return Ok(());
        }
        let (x, y, k) = pop_pair(&mut cur, st, offset, false)?;
        if k == Kind::Ref && !ref_condition(cc) {
            return Err(unsupported(insn));
        }
        let r = cur.icmp(cc, x, y);
        push(st, r, Kind::I32, offset, max_stack)?;
        Ok(())
    }

    /// `conv.*`, `conv.ovf.*`, `conv.ovf.*.un` of an integer.
    pub(super) fn conversion(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let Some((target, ovf)) = conv_of(op) else {
            return Err(unsupported(insn));
        };
        let mut cur = at(&mut self.func, blk, insn);
        let (x, kind) = match pop_any(st, offset)? {
            // An object reference or managed pointer as an integer stops
            // being GC-tracked (ECMA-335 III.1.6; `fixed (char* p = s)`
            // takes the address of a string its pinned local holds).
            (x, Kind::Ref | Kind::ByRef) => (cur.conv(ConvOp::PtrToInt, x, Type::I64), Kind::I64),
            (_, Kind::Struct(_)) => {
                return Err(Unsupported::ValueType {
                    offset,
                    reason: "struct value as an operand".into(),
                }
                .into())
            }
            other => other,
        };
        let (r, rk) = convert(&mut cur, x, kind, target, ovf);
        push(st, r, rk, offset, max_stack)?;
        Ok(())
    }
}
