//! Floating-point IL: `ldc.r4`/`ldc.r8`, arithmetic and comparisons on `F`,
//! `conv.r4`/`conv.r8`/`conv.r.un` and `conv.*` from `F` (ECMA-335
//! III.1.5 tables 2–8, III.3.18–3.19, III.3.27).
//!
//! The stack's `F` is tracked as [`Kind::F32`] or [`Kind::F64`], as RyuJIT
//! does: `float32` values and arithmetic stay in single precision; an
//! operation mixing the two widens the `float32` operand (exact). Storing to
//! a `float32` location or passing/returning one rounds (`fdemote`).
//!
//! What CoreCLR 8 computes on x64, measured with a C# probe under the JIT
//! (see `kiln_ir::interp::float_ops` tests for the values):
//! * `conv.i4` truncates (`cvttsd2si`, NaN and out of range give
//!   `int.MinValue`), `conv.i8`/`conv.i` likewise in 64 bits;
//!   `conv.u4` is the low half of the 64-bit truncation; `conv.i1`/`u1`/
//!   `i2`/`u2` the low bits of the 32-bit truncation; `conv.u8`/`conv.u`
//!   the `JIT_Dbl2ULng` helper (the IR's `fcvt_to_u64`). Nothing saturates.
//! * `conv.r.un` followed directly by `conv.r4` converts the unsigned
//!   integer to `float32` (`fcvt_from_uint.f32`; what the JIT computes for it
//!   depends on AVX-512, see `kiln_ir`'s `fcvt_from_uint`); `conv.r.un`
//!   alone gives a `float64`.
//!
//! * `conv.ovf.*` from `F` throws unless the truncation fits (NaN never
//!   does), then converts.
//!
//! * `rem` on `F` is `frem` (the runtime's `DblRem`/`FltRem` helpers).
//!
//! * `ckfinite` throws `OverflowException` for NaN and infinities.
//!
//! Not lowered (the method is skipped): `conv.ovf.*.un` from `F`,
//! `conv.r.un` of an `F`.

use super::{conv_of, invalid, pop, ConvTarget, Kind, Ovf, State};
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{
    ConvOp, Cursor, FBinaryOp, FConvOp, FUnaryOp, FloatCC, InstData, TrapCode, Type, Value,
};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// What [`translate`] did.
pub(super) enum Done {
    /// Push this value.
    Value(Value, Kind),
}

/// The kinds of the top `n` stack values (top last), if the stack has them.
fn top_kinds(st: &State, n: usize) -> Option<Vec<Kind>> {
    let len = st.stack.len();
    (len >= n).then(|| st.stack[len - n..].iter().map(|&(_, k)| k).collect())
}

/// The float condition of a comparison opcode (`ceq`… and the two-operand
/// branches): ordered for the plain forms, unordered for `.un`.
fn float_cc(op: Opcode) -> Option<FloatCC> {
    use Opcode as O;
    Some(match op {
        O::Ceq | O::Beq | O::Beq_S => FloatCC::Eq,
        O::Cgt | O::Bgt | O::Bgt_S => FloatCC::Gt,
        O::Clt | O::Blt | O::Blt_S => FloatCC::Lt,
        O::Bge | O::Bge_S => FloatCC::Ge,
        O::Ble | O::Ble_S => FloatCC::Le,
        O::Cgt_Un | O::Bgt_Un | O::Bgt_Un_S => FloatCC::Ugt,
        O::Clt_Un | O::Blt_Un | O::Blt_Un_S => FloatCC::Ult,
        O::Bge_Un | O::Bge_Un_S => FloatCC::Uge,
        O::Ble_Un | O::Ble_Un_S => FloatCC::Ule,
        O::Bne_Un | O::Bne_Un_S => FloatCC::Une,
        _ => return None,
    })
}

/// Pops two `F` operands, widening a `float32` against a `float64`.
fn pop_float_pair(
    cur: &mut Cursor<'_>,
    st: &mut State,
    offset: u32,
) -> Result<(Value, Value, Kind), LowerError> {
    let (y, ky) = pop(st, offset)?;
    let (x, kx) = pop(st, offset)?;
    if kx == ky {
        return Ok((x, y, kx));
    }
    let widen = |cur: &mut Cursor<'_>, v: Value, k: Kind| match k {
        Kind::F32 => cur.fconv(FConvOp::Fpromote, v, Type::F64),
        _ => v,
    };
    let x = widen(cur, x, kx);
    let y = widen(cur, y, ky);
    Ok((x, y, Kind::F64))
}

/// Whether the top two values are both `F` (`Some(true)`), both integers
/// (`Some(false)`), or a mix (an error).
fn float_pair(st: &State, offset: u32) -> Result<Option<bool>, LowerError> {
    match top_kinds(st, 2).as_deref() {
        Some([a, b]) if a.is_float() && b.is_float() => Ok(Some(true)),
        Some([a, b]) if a.is_float() || b.is_float() => {
            Err(invalid(offset, InvalidIlKind::OperandTypes))
        }
        Some(_) => Ok(Some(false)),
        None => Ok(None),
    }
}

/// A comparison on two `F` operands for a compare-and-branch or `c*`
/// opcode: the `i32` 0/1 result, or `None` if the operands are integers
/// (the caller's integer path then runs).
pub(super) fn compare(
    cur: &mut Cursor<'_>,
    st: &mut State,
    op: Opcode,
    offset: u32,
) -> Result<Option<Value>, LowerError> {
    let Some(cc) = float_cc(op) else {
        return Ok(None);
    };
    if float_pair(st, offset)? != Some(true) {
        return Ok(None);
    }
    let (x, y, _) = pop_float_pair(cur, st, offset)?;
    Ok(Some(cur.fcmp(cc, x, y)))
}

/// Translates `insn` if it is a float instruction or an instruction on `F`
/// operands; `None` leaves it to the integer path. `prev` is the opcode of
/// the previous instruction of the same block.
pub(super) fn translate(
    cur: &mut Cursor<'_>,
    st: &mut State,
    insn: &Instruction<'_>,
    prev: Option<Opcode>,
) -> Result<Option<Done>, LowerError> {
    use Opcode as O;
    let offset = insn.offset;
    let op = insn.opcode;
    let unsupported = || -> LowerError { Unsupported::Opcode { offset, opcode: op }.into() };
    let top_is_float = top_kinds(st, 1).is_some_and(|k| k[0].is_float());
    let value = |v: Value, k: Kind| Ok(Some(Done::Value(v, k)));
    match op {
        O::Ldc_R4 => {
            let Operand::Float32(x) = insn.operand else {
                unreachable!("decoder gives ldc.r4 a Float32")
            };
            let v = cur.f32const(x.to_bits());
            return value(v, Kind::F32);
        }
        O::Ldc_R8 => {
            let Operand::Float64(x) = insn.operand else {
                unreachable!("decoder gives ldc.r8 a Float64")
            };
            let v = cur.f64const(x.to_bits());
            return value(v, Kind::F64);
        }
        O::Add | O::Sub | O::Mul | O::Div | O::Rem => {
            if float_pair(st, offset)? != Some(true) {
                return Ok(None);
            }
            let fop = match op {
                O::Add => FBinaryOp::Fadd,
                O::Sub => FBinaryOp::Fsub,
                O::Mul => FBinaryOp::Fmul,
                O::Div => FBinaryOp::Fdiv,
                _ => FBinaryOp::Frem,
            };
            let (x, y, k) = pop_float_pair(cur, st, offset)?;
            let r = cur.fbinary(fop, x, y);
            return value(r, k);
        }
        O::And
        | O::Or
        | O::Xor
        | O::Div_Un
        | O::Rem_Un
        | O::Add_Ovf
        | O::Add_Ovf_Un
        | O::Sub_Ovf
        | O::Sub_Ovf_Un
        | O::Mul_Ovf
        | O::Mul_Ovf_Un
        | O::Shl
        | O::Shr
        | O::Shr_Un => {
            // Integer-only operations (III.1.5 tables 2, 5, 6).
            let kinds = top_kinds(st, 2).unwrap_or_default();
            if kinds.iter().any(|k| k.is_float()) {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            return Ok(None);
        }
        O::Neg if top_is_float => {
            let (x, k) = pop(st, offset)?;
            let r = cur.funary(FUnaryOp::Fneg, x);
            return value(r, k);
        }
        O::Not | O::Switch if top_is_float => {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        O::Ceq | O::Cgt | O::Cgt_Un | O::Clt | O::Clt_Un => {
            return Ok(compare(cur, st, op, offset)?.map(|r| Done::Value(r, Kind::I32)));
        }
        O::Conv_R4 | O::Conv_R8 => {
            let (x, k) = pop(st, offset)?;
            if k == Kind::Ref {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            let to = if op == O::Conv_R4 {
                Type::F32
            } else {
                Type::F64
            };
            let r = match (k, to) {
                (Kind::F32, Type::F32) | (Kind::F64, Type::F64) => x,
                (Kind::F32, _) => cur.fconv(FConvOp::Fpromote, x, Type::F64),
                (Kind::F64, _) => match unsigned_source(cur, x, prev) {
                    // `conv.r.un; conv.r4`: the JIT's uint64 → float32.
                    Some(src) => cur.fconv(FConvOp::FcvtFromUint, src, Type::F32),
                    None => cur.fconv(FConvOp::Fdemote, x, Type::F32),
                },
                // (A constant `conv.r.un` was folded to an `f64const`: the
                // JIT folds `conv.r4` of it by rounding that double.)
                (_, to) => cur.fconv(FConvOp::FcvtFromSint, x, to),
            };
            return value(
                r,
                if to == Type::F32 {
                    Kind::F32
                } else {
                    Kind::F64
                },
            );
        }
        O::Conv_R_Un => {
            if top_is_float {
                return Err(unsupported());
            }
            let (x, k) = pop(st, offset)?;
            if k == Kind::Ref {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            let r = match jit_folded_u64(cur, x, k) {
                Some(d) => cur.f64const(d.to_bits()),
                None => cur.fconv(FConvOp::FcvtFromUint, x, Type::F64),
            };
            return value(r, Kind::F64);
        }
        O::Ckfinite => {
            // OverflowException (what .NET 8 throws, measured) if NaN or
            // infinite: exactly then is `x - x` NaN. The value stays.
            if !top_is_float {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            let (x, k) = pop(st, offset)?;
            let d = cur.fbinary(FBinaryOp::Fsub, x, x);
            let bad = cur.fcmp(FloatCC::Une, d, d);
            cur.trapnz(bad, TrapCode::Overflow);
            return value(x, k);
        }
        _ => {}
    }
    if let Some((target, ovf)) = conv_of(op) {
        if !top_is_float {
            return Ok(None);
        }
        let (x, k) = pop(st, offset)?;
        match ovf {
            Ovf::None => {}
            Ovf::Signed => overflow_checks(cur, x, k, target),
            // `.un` reads the source as unsigned: meaningless for `F`.
            Ovf::Unsigned => return Err(unsupported()),
        }
        let (r, k) = convert_from_float(cur, x, target);
        return value(r, k);
    }
    Ok(None)
}

/// `conv.ovf.<target>` of an `F` value throws `OverflowException` unless
/// its truncation fits the target (NaN never fits) — what .NET 8's
/// `JIT_Dbl2IntOvf`… helpers compute, checked on the runtime at every
/// boundary: `x > MIN - 1 && x < MAX + 1` in `float64` (exact bounds; for
/// `int64`, whose `MIN - 1` is not a double, `x >= MIN`).
fn overflow_checks(cur: &mut Cursor<'_>, x: Value, k: Kind, target: ConvTarget) {
    let x = if k == Kind::F32 {
        cur.fconv(FConvOp::Fpromote, x, Type::F64)
    } else {
        x
    };
    let (lo, hi) = target.range();
    let (below, lo_bound) = if ((lo - 1) as f64) as i128 == lo - 1 {
        (FloatCC::Ule, (lo - 1) as f64)
    } else {
        (FloatCC::Ult, lo as f64)
    };
    let hi_bound = (hi + 1) as f64;
    debug_assert_eq!(hi_bound as i128, hi + 1);
    let c = cur.f64const(lo_bound.to_bits());
    let t = cur.fcmp(below, x, c);
    cur.trapnz(t, TrapCode::Overflow);
    let c = cur.f64const(hi_bound.to_bits());
    let t = cur.fcmp(FloatCC::Uge, x, c);
    cur.trapnz(t, TrapCode::Overflow);
}

/// The value the JIT's constant folding gives `conv.r.un` of the `int64`
/// constant `x`, when that differs from the runtime conversion: .NET 8's
/// `FloatingPointUtils::convertUInt64ToDouble` folds values ≥ 2^63 as
/// `(double)(int64)x + 2^64` (two roundings) on every CPU, while its
/// generated code rounds once where it uses AVX-512 (measured:
/// `(double)0x8000000000000401UL` folds to `0x43E0000000000000` but
/// converts to `0x43E0000000000001` at run time there;
/// `(float)0x8000008000000001UL` folds to `0x5F000000`, converts to
/// `0x5F000001`). The JIT sees such constants whenever the IL makes them
/// visible, so kiln folds them the same way (no CPU condition needed).
fn jit_folded_u64(cur: &Cursor<'_>, x: Value, k: Kind) -> Option<f64> {
    if k != Kind::I64 {
        return None;
    }
    let c = super::iconst_of(cur.func, x)?;
    (c < 0).then_some(c as f64 + 18_446_744_073_709_551_616.0)
}

/// The unsigned integer `x` was converted from by the `conv.r.un` right
/// before (`prev`), if so.
fn unsigned_source(cur: &Cursor<'_>, x: Value, prev: Option<Opcode>) -> Option<Value> {
    if prev != Some(Opcode::Conv_R_Un) {
        return None;
    }
    let kiln_ir::ValueDef::Result(inst, 0) = cur.func.dfg.value_def(x) else {
        return None;
    };
    match cur.func.dfg.inst(inst) {
        InstData::FConv {
            op: FConvOp::FcvtFromUint,
            arg,
            ty: Type::F64,
        } => Some(*arg),
        _ => None,
    }
}

/// `conv.<target>` of an `F` value, as CoreCLR 8 does it on x64.
fn convert_from_float(cur: &mut Cursor<'_>, x: Value, target: ConvTarget) -> (Value, Kind) {
    match target {
        ConvTarget::I4 => (cur.fconv(FConvOp::FcvtToSint, x, Type::I32), Kind::I32),
        ConvTarget::I8 => (cur.fconv(FConvOp::FcvtToSint, x, Type::I64), Kind::I64),
        ConvTarget::U8 => (cur.fconv(FConvOp::FcvtToU64, x, Type::I64), Kind::I64),
        ConvTarget::U4 => {
            let w = cur.fconv(FConvOp::FcvtToSint, x, Type::I64);
            (cur.conv(ConvOp::Ireduce, w, Type::I32), Kind::I32)
        }
        ConvTarget::I1 | ConvTarget::U1 | ConvTarget::I2 | ConvTarget::U2 => {
            let w = cur.fconv(FConvOp::FcvtToSint, x, Type::I32);
            let n = cur.conv(ConvOp::Ireduce, w, target.ty());
            let ext = if target.signed() {
                ConvOp::Sextend
            } else {
                ConvOp::Uextend
            };
            (cur.conv(ext, n, Type::I32), Kind::I32)
        }
    }
}
