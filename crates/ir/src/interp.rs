//! A reference interpreter for integer IR: executes a [`Function`] on
//! concrete values, so lowering can be tested by running what it produced
//! (and a backend can be checked against it).
//!
//! Values are `i64`s holding the value sign-extended from its type's width
//! (the same canonical form as `iconst` immediates); an `f64` is held as its
//! IEEE bits, an `f32` as its 32 bits zero-extended. Float operations follow
//! what CoreCLR 8 computes on x64 bit for bit, NaN payloads included (see
//! [`crate::instructions`]; `float_ops` below). Calls go to a
//! caller-supplied handler. Exceptions (`trap`, conditional traps,
//! overflow-checked arithmetic) end execution with [`Outcome::Trap`]. A
//! division whose precondition is violated is reported as
//! [`InterpError::DivisionPrecondition`]: the producer forgot a guard.
//! References are opaque 64-bit values (`null` is 0; `icmp` and `trapz`
//! compare them as integers). Stack slots, memory (`load`, `store`,
//! `string_const`) and `throw` are not interpreted.

use crate::entities::{Block, Inst, Value};
use crate::entity::SecondaryMap;
use crate::function::{ExtFuncData, Function};
use crate::instructions::{BinaryOp, CondTrapOp, ConvOp, InstData, TrapCode, UnaryOp};
use crate::types::Type;
use std::fmt;

/// How an execution ended normally or by an exception.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Outcome {
    /// `return` with these values.
    Return(Vec<i64>),
    /// A .NET exception was thrown.
    Trap(TrapCode),
}

/// Why the interpreter could not run the function.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum InterpError {
    /// An instruction the interpreter does not execute.
    Unsupported(Inst),
    /// `sdiv`/`udiv`/`srem`/`urem` with a divisor the producer should have
    /// guarded against.
    DivisionPrecondition(Inst),
    /// The step budget ran out (an infinite loop?).
    OutOfFuel,
    /// The call handler failed.
    Call(String),
    /// The function has no entry block or the arguments do not match it.
    BadEntry,
}

impl fmt::Display for InterpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InterpError::Unsupported(i) => write!(f, "{i}: not interpretable"),
            InterpError::DivisionPrecondition(i) => write!(f, "{i}: unguarded division"),
            InterpError::OutOfFuel => f.write_str("out of fuel"),
            InterpError::Call(e) => write!(f, "call failed: {e}"),
            InterpError::BadEntry => f.write_str("bad entry block or arguments"),
        }
    }
}

impl std::error::Error for InterpError {}

/// Sign-extends `v` from the width of `ty` (identity for 64-bit types).
fn canon(ty: Type, v: i64) -> i64 {
    if ty == Type::F32 {
        v & 0xffff_ffff
    } else {
        crate::builder::canonical_imm(ty, v)
    }
}

fn bits(ty: Type) -> u32 {
    ty.bits().unwrap_or(64)
}

/// `v` read as unsigned in `ty`'s width.
fn unsigned(ty: Type, v: i64) -> u64 {
    let b = bits(ty);
    if b == 64 {
        v as u64
    } else {
        (v as u64) & ((1u64 << b) - 1)
    }
}

/// What an integer operation gives ([`eval_int`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IntEval {
    /// The result, canonical for its type.
    Value(i64),
    /// The operation throws (an `*_ovf` overflow).
    Trap(TrapCode),
    /// A division whose precondition does not hold (no result defined).
    Precondition,
}

/// Evaluates a pure integer instruction (`Unary`, `Binary`, `Icmp`,
/// `Conv`) on operand values `val` (canonical, typed by `ty_of`), exactly
/// as [`interpret`] does; `None` for any other instruction. Constant
/// folding uses it so folded code means what the interpreter says.
pub fn eval_int(
    data: &InstData,
    ty_of: impl Fn(Value) -> Type,
    val: impl Fn(Value) -> i64,
) -> Option<IntEval> {
    match data {
        InstData::Unary { op, arg } => {
            let ty = ty_of(*arg);
            let a = val(*arg);
            Some(IntEval::Value(canon(
                ty,
                match op {
                    UnaryOp::Ineg => a.wrapping_neg(),
                    UnaryOp::Bnot => !a,
                },
            )))
        }
        InstData::Binary { op, args } => {
            let ty = ty_of(args[0]);
            let (a, b) = (val(args[0]), val(args[1]));
            let w = bits(ty);
            let (ua, ub) = (unsigned(ty, a), unsigned(ty, b));
            let smin = ty.signed_range().map_or(i64::MIN, |r| r.0);
            let umax = unsigned(ty, -1) as u128;
            let (slo, shi) = ty.signed_range().unwrap_or((i64::MIN, i64::MAX));
            let sfits = |r: i128| r >= slo as i128 && r <= shi as i128;
            let r: i64 = match op {
                BinaryOp::Iadd => a.wrapping_add(b),
                BinaryOp::Isub => a.wrapping_sub(b),
                BinaryOp::Imul => a.wrapping_mul(b),
                BinaryOp::Sdiv | BinaryOp::Srem => {
                    if b == 0 || (a == smin && b == -1) {
                        return Some(IntEval::Precondition);
                    }
                    if *op == BinaryOp::Sdiv {
                        a / b
                    } else {
                        a % b
                    }
                }
                BinaryOp::Udiv | BinaryOp::Urem => {
                    if ub == 0 {
                        return Some(IntEval::Precondition);
                    }
                    (if *op == BinaryOp::Udiv {
                        ua / ub
                    } else {
                        ua % ub
                    }) as i64
                }
                BinaryOp::Band => a & b,
                BinaryOp::Bor => a | b,
                BinaryOp::Bxor => a ^ b,
                BinaryOp::Ishl | BinaryOp::Sshr | BinaryOp::Ushr => {
                    let amt = (val(args[1]) as u64 & (w as u64 - 1)) as u32;
                    match op {
                        BinaryOp::Ishl => a.wrapping_shl(amt),
                        BinaryOp::Sshr => a >> amt,
                        _ => (ua >> amt) as i64,
                    }
                }
                BinaryOp::SaddOvf | BinaryOp::SsubOvf | BinaryOp::SmulOvf => {
                    let (x, y) = (a as i128, b as i128);
                    let r = match op {
                        BinaryOp::SaddOvf => x + y,
                        BinaryOp::SsubOvf => x - y,
                        _ => x * y,
                    };
                    if !sfits(r) {
                        return Some(IntEval::Trap(TrapCode::Overflow));
                    }
                    r as i64
                }
                BinaryOp::UaddOvf | BinaryOp::UsubOvf | BinaryOp::UmulOvf => {
                    let (x, y) = (ua as i128, ub as i128);
                    let r = match op {
                        BinaryOp::UaddOvf => x + y,
                        BinaryOp::UsubOvf => x - y,
                        // u64 × u64 can exceed i128: saturate (it
                        // overflows any width then).
                        _ => (ua as u128)
                            .checked_mul(ub as u128)
                            .map_or(i128::MAX, |p| p.min(i128::MAX as u128) as i128),
                    };
                    if r < 0 || r as u128 > umax {
                        return Some(IntEval::Trap(TrapCode::Overflow));
                    }
                    r as i64
                }
            };
            Some(IntEval::Value(canon(ty, r)))
        }
        InstData::Icmp { cond, args } => {
            let ty = ty_of(args[0]);
            Some(IntEval::Value(
                cond.eval(val(args[0]), val(args[1]), bits(ty)) as i64,
            ))
        }
        InstData::Conv { op, arg, ty } => {
            let from = ty_of(*arg);
            let a = val(*arg);
            Some(IntEval::Value(match op {
                ConvOp::Sextend => a,
                ConvOp::Uextend => canon(*ty, unsigned(from, a) as i64),
                ConvOp::Ireduce => canon(*ty, a),
                ConvOp::PtrToInt | ConvOp::IntToByref => a,
            }))
        }
        _ => None,
    }
}

/// The handler of `call` instructions: given the callee and the argument
/// values, the callee's outcome.
pub type CallHandler<'a> = dyn FnMut(&ExtFuncData, &[i64]) -> Result<Outcome, InterpError> + 'a;

/// Runs `func` on `args`; `call` instructions go to `calls(callee, args)`,
/// which returns the callee's outcome. At most `fuel` instructions execute.
///
/// # Errors
/// See [`InterpError`].
pub fn interpret(
    func: &Function,
    args: &[i64],
    calls: &mut CallHandler<'_>,
    fuel: &mut u64,
) -> Result<Outcome, InterpError> {
    let entry = func.entry_block().ok_or(InterpError::BadEntry)?;
    let mut env: SecondaryMap<Value, i64> = SecondaryMap::new();
    let params = func.dfg.block_params(entry);
    if params.len() != args.len() {
        return Err(InterpError::BadEntry);
    }
    for (&p, &a) in params.iter().zip(args) {
        env[p] = canon(func.dfg.value_type(p), a);
    }
    let mut block: Block = entry;
    loop {
        let mut next: Option<(Block, Vec<i64>)> = None;
        for &inst in func.layout.block_insts(block) {
            if *fuel == 0 {
                return Err(InterpError::OutOfFuel);
            }
            *fuel -= 1;
            let data = func.dfg.inst(inst);
            let val = |v: Value| env[v];
            let result_ty = func
                .dfg
                .inst_results(inst)
                .first()
                .map(|&r| func.dfg.value_type(r));
            let mut result: Option<i64> = None;
            match data {
                InstData::Iconst { imm, .. } => result = Some(*imm),
                // References are opaque 64-bit values; null is 0.
                InstData::Null => result = Some(0),
                InstData::Unary { .. }
                | InstData::Binary { .. }
                | InstData::Icmp { .. }
                | InstData::Conv { .. } => match eval_int(data, |v| func.dfg.value_type(v), val) {
                    Some(IntEval::Value(v)) => result = Some(v),
                    Some(IntEval::Trap(code)) => return Ok(Outcome::Trap(code)),
                    Some(IntEval::Precondition) | None => {
                        return Err(InterpError::DivisionPrecondition(inst))
                    }
                },
                InstData::CondTrap { op, arg, code } => {
                    let zero = val(*arg) == 0;
                    if zero == (*op == CondTrapOp::Trapz) {
                        return Ok(Outcome::Trap(*code));
                    }
                }
                InstData::Call { func: f, args } => {
                    let argv: Vec<i64> = args.iter().map(|&a| val(a)).collect();
                    match calls(&func.ext_funcs[*f], &argv)? {
                        Outcome::Trap(c) => return Ok(Outcome::Trap(c)),
                        Outcome::Return(rs) => {
                            let results = func.dfg.inst_results(inst);
                            if rs.len() != results.len() {
                                return Err(InterpError::Call(format!(
                                    "{} returned {} values, expected {}",
                                    func.ext_funcs[*f].name,
                                    rs.len(),
                                    results.len()
                                )));
                            }
                            for (&r, v) in results.iter().zip(rs) {
                                env[r] = canon(func.dfg.value_type(r), v);
                            }
                        }
                    }
                }
                InstData::Jump { dest } => {
                    next = Some((dest.block, dest.args.iter().map(|&a| val(a)).collect()));
                }
                InstData::Brif {
                    arg,
                    then_dest,
                    else_dest,
                } => {
                    let d = if val(*arg) != 0 { then_dest } else { else_dest };
                    next = Some((d.block, d.args.iter().map(|&a| val(a)).collect()));
                }
                InstData::BrTable {
                    arg,
                    default,
                    targets,
                } => {
                    let ty = func.dfg.value_type(*arg);
                    let i = unsigned(ty, val(*arg));
                    let d = usize::try_from(i)
                        .ok()
                        .and_then(|i| targets.get(i))
                        .unwrap_or(default);
                    next = Some((d.block, d.args.iter().map(|&a| val(a)).collect()));
                }
                InstData::Return { args } => {
                    return Ok(Outcome::Return(args.iter().map(|&a| val(a)).collect()));
                }
                InstData::Trap { code } => return Ok(Outcome::Trap(*code)),
                InstData::F32const { bits } => result = Some(*bits as i64),
                InstData::F64const { bits } => result = Some(*bits as i64),
                InstData::FUnary { op, arg } => {
                    let ty = func.dfg.value_type(*arg);
                    result = Some(float_ops::unary(*op, ty, val(*arg)));
                }
                InstData::FBinary { op, args } => {
                    let ty = func.dfg.value_type(args[0]);
                    result = Some(float_ops::binary(*op, ty, val(args[0]), val(args[1])));
                }
                InstData::Fcmp { cond, args } => {
                    let ty = func.dfg.value_type(args[0]);
                    let (a, b) = (
                        float_ops::to_f64(ty, val(args[0])),
                        float_ops::to_f64(ty, val(args[1])),
                    );
                    result = Some(cond.eval(a, b) as i64);
                }
                InstData::FConv { op, arg, ty } => {
                    let from = func.dfg.value_type(*arg);
                    result = Some(float_ops::convert(*op, from, *ty, val(*arg)));
                }
                InstData::StackAddr { .. }
                | InstData::LocalAlloc { .. }
                | InstData::StackLoad { .. }
                | InstData::StackStore { .. }
                | InstData::Load { .. }
                | InstData::Store { .. }
                | InstData::StringConst { .. }
                | InstData::NewObject { .. }
                | InstData::StaticBase { .. }
                | InstData::ClassInit { .. }
                | InstData::TypeCheck { .. }
                | InstData::NewArray { .. }
                | InstData::ElemAddr { .. }
                | InstData::StoreElemRef { .. }
                | InstData::ElemAddrRef { .. }
                | InstData::RuntimeLookup { .. }
                | InstData::GenericLookup { .. }
                | InstData::VirtualFtn { .. }
                | InstData::HandleCall { .. }
                | InstData::Monitor { .. }
                | InstData::DelegateCtor { .. }
                | InstData::Throw { .. }
                | InstData::CallFinally { .. }
                | InstData::EndFinally
                | InstData::CatchRet { .. }
                | InstData::EndFilter { .. }
                | InstData::Rethrow => return Err(InterpError::Unsupported(inst)),
            }
            if let (Some(r), Some(ty)) = (result, result_ty) {
                let res = func.dfg.inst_results(inst)[0];
                env[res] = canon(ty, r);
            }
        }
        let (b, vals) = next.ok_or(InterpError::BadEntry)?;
        for (&p, v) in func.dfg.block_params(b).iter().zip(vals) {
            env[p] = v;
        }
        block = b;
    }
}

/// Float semantics of CoreCLR 8 on x64 (SSE2), on values held as bits.
pub mod float_ops {
    use crate::instructions::{FBinaryOp, FConvOp, FUnaryOp};
    use crate::types::Type;

    /// The default NaN of an invalid `f64` operation (SSE "real indefinite").
    pub const F64_DEFAULT_NAN: u64 = 0xFFF8_0000_0000_0000;
    /// The default NaN of an invalid `f32` operation.
    pub const F32_DEFAULT_NAN: u32 = 0xFFC0_0000;

    /// The value of a float held as bits, widened to `f64` (exact).
    pub fn to_f64(ty: Type, v: i64) -> f64 {
        if ty == Type::F32 {
            f64::from_bits(f32_to_f64_bits(v as u32))
        } else {
            f64::from_bits(v as u64)
        }
    }

    /// `cvtss2sd`: exact; a NaN keeps sign and payload (shifted) and is
    /// quieted.
    pub fn f32_to_f64_bits(b: u32) -> u64 {
        let f = f32::from_bits(b);
        if f.is_nan() {
            let sign = u64::from(b >> 31) << 63;
            let payload = u64::from(b & 0x003F_FFFF) << 29;
            sign | 0x7FF8_0000_0000_0000 | payload
        } else {
            f64::from(f).to_bits()
        }
    }

    /// `cvtsd2ss`: rounds to nearest even; a NaN keeps sign and the top
    /// payload bits and is quieted.
    pub fn f64_to_f32_bits(b: u64) -> u32 {
        let d = f64::from_bits(b);
        if d.is_nan() {
            let sign = ((b >> 63) as u32) << 31;
            let payload = ((b >> 29) as u32) & 0x003F_FFFF;
            sign | 0x7FC0_0000 | payload
        } else {
            (d as f32).to_bits()
        }
    }

    /// `fneg`: flips the sign bit.
    pub fn unary(op: FUnaryOp, ty: Type, a: i64) -> i64 {
        match op {
            FUnaryOp::Fneg if ty == Type::F32 => (a as u32 ^ 0x8000_0000) as i64,
            FUnaryOp::Fneg => a ^ i64::MIN,
        }
    }

    /// The NaN SSE produces for `a op b` when the exact result is NaN: the
    /// first NaN operand quieted, else the default NaN.
    fn nan64(a: u64, b: u64) -> u64 {
        let quiet = 0x0008_0000_0000_0000;
        if f64::from_bits(a).is_nan() {
            a | quiet
        } else if f64::from_bits(b).is_nan() {
            b | quiet
        } else {
            F64_DEFAULT_NAN
        }
    }

    fn nan32(a: u32, b: u32) -> u32 {
        let quiet = 0x0040_0000;
        if f32::from_bits(a).is_nan() {
            a | quiet
        } else if f32::from_bits(b).is_nan() {
            b | quiet
        } else {
            F32_DEFAULT_NAN
        }
    }

    /// .NET's `rem` on `float64` (`JIT_DblRem`).
    pub fn rem64(a: u64, b: u64) -> u64 {
        let (x, y) = (f64::from_bits(a), f64::from_bits(b));
        if y == 0.0 || !x.is_finite() {
            F64_DEFAULT_NAN
        } else if y.is_infinite() {
            a
        } else if y.is_nan() {
            b | 0x0008_0000_0000_0000
        } else {
            (x % y).to_bits() // fmod: exact
        }
    }

    /// .NET's `rem` on `float32` (`JIT_FltRem`).
    pub fn rem32(a: u32, b: u32) -> u32 {
        let (x, y) = (f32::from_bits(a), f32::from_bits(b));
        if y == 0.0 || !x.is_finite() {
            F32_DEFAULT_NAN
        } else if y.is_infinite() {
            a
        } else if y.is_nan() {
            b | 0x0040_0000
        } else {
            (x % y).to_bits()
        }
    }

    /// `addsd`/`addss`… with SSE's NaN rules; `frem` as .NET's helpers.
    pub fn binary(op: FBinaryOp, ty: Type, a: i64, b: i64) -> i64 {
        if ty == Type::F32 {
            let (x, y) = (f32::from_bits(a as u32), f32::from_bits(b as u32));
            if op == FBinaryOp::Frem {
                return rem32(a as u32, b as u32) as i64;
            }
            let r = match op {
                FBinaryOp::Fadd => x + y,
                FBinaryOp::Fsub => x - y,
                FBinaryOp::Fmul => x * y,
                FBinaryOp::Fdiv | FBinaryOp::Frem => x / y,
            };
            let bits = if r.is_nan() {
                nan32(a as u32, b as u32)
            } else {
                r.to_bits()
            };
            bits as i64
        } else {
            let (x, y) = (f64::from_bits(a as u64), f64::from_bits(b as u64));
            if op == FBinaryOp::Frem {
                return rem64(a as u64, b as u64) as i64;
            }
            let r = match op {
                FBinaryOp::Fadd => x + y,
                FBinaryOp::Fsub => x - y,
                FBinaryOp::Fmul => x * y,
                FBinaryOp::Fdiv | FBinaryOp::Frem => x / y,
            };
            if r.is_nan() {
                nan64(a as u64, b as u64) as i64
            } else {
                r.to_bits() as i64
            }
        }
    }

    /// `cvttsd2si` to a signed integer of `bits` width: truncation, NaN or
    /// out of range → MIN.
    pub fn trunc_to_sint(x: f64, bits: u32) -> i64 {
        let min = i64::MIN >> (64 - bits);
        let limit = -(min as f64); // 2^(bits-1), exact
        let t = x.trunc();
        if x.is_nan() || t < min as f64 || t >= limit {
            min
        } else {
            t as i64
        }
    }

    /// .NET 8's `conv.u8` from a float on x64 (`JIT_Dbl2ULng`).
    pub fn to_u64_net8(x: f64) -> u64 {
        const TWO63: f64 = 9_223_372_036_854_775_808.0;
        if x < TWO63 {
            trunc_to_sint(x, 64) as u64
        } else {
            (trunc_to_sint(x - TWO63, 64) as u64).wrapping_add(1 << 63)
        }
    }

    /// A conversion `op` from `from` to `to` on a value held as bits.
    pub fn convert(op: FConvOp, from: Type, to: Type, a: i64) -> i64 {
        let from_bits = from.bits().unwrap_or(64);
        let to_bits = to.bits().unwrap_or(64);
        let store_float = |x: f64, exact_f32: Option<f32>| -> i64 {
            if to == Type::F32 {
                exact_f32.map_or(f64_to_f32_bits(x.to_bits()), f32::to_bits) as i64
            } else {
                x.to_bits() as i64
            }
        };
        match op {
            FConvOp::Fpromote => f32_to_f64_bits(a as u32) as i64,
            FConvOp::Fdemote => f64_to_f32_bits(a as u64) as i64,
            FConvOp::FcvtFromSint => {
                // A single rounding from the integer.
                let v = if from_bits == 32 { a as i32 as i64 } else { a };
                store_float(v as f64, (to == Type::F32).then_some(v as f32))
            }
            FConvOp::FcvtFromUint if from_bits == 32 => {
                let v = a as u32 as u64;
                store_float(v as f64, (to == Type::F32).then_some(v as f32))
            }
            FConvOp::FcvtFromUint => {
                // .NET 8 without AVX-512: the signed conversion, + 2^64 if
                // negative (rounded again); `f32` through that `f64`.
                let d = a as f64;
                let d = if a < 0 {
                    d + 18_446_744_073_709_551_616.0
                } else {
                    d
                };
                store_float(d, None)
            }
            FConvOp::FcvtToSint => {
                let r = trunc_to_sint(to_f64(from, a), to_bits);
                crate::builder::canonical_imm(to, r)
            }
            FConvOp::FcvtToU64 => to_u64_net8(to_f64(from, a)) as i64,
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        /// Answers CoreCLR 8.0.4 gave on x64 (a C# probe run under the JIT).
        #[test]
        fn conversions_match_the_runtime() {
            let i4 = |x: f64| trunc_to_sint(x, 32) as i32 as u32;
            assert_eq!(i4(f64::NAN), 0x8000_0000);
            assert_eq!(i4(f64::INFINITY), 0x8000_0000);
            assert_eq!(i4(2147483647.9), 0x7FFF_FFFF);
            assert_eq!(i4(2147483648.0), 0x8000_0000);
            assert_eq!(i4(-2.7), 0xFFFF_FFFE);
            let i8 = |x: f64| trunc_to_sint(x, 64) as u64;
            assert_eq!(i8(-2147483649.0), 0xFFFF_FFFF_7FFF_FFFF);
            assert_eq!(
                i8(f64::from_bits(0x43DF_FFFF_FFFF_FFFF)),
                0x7FFF_FFFF_FFFF_FC00
            );
            assert_eq!(i8(f64::NEG_INFINITY), 0x8000_0000_0000_0000);
            for (x, want) in [
                (f64::NAN, 0),
                (f64::INFINITY, 0),
                (f64::NEG_INFINITY, 0x8000_0000_0000_0000),
                (-1.5, u64::MAX),
                (f64::from_bits(0x43E0_0000_0000_0000), 0x8000_0000_0000_0000),
                (f64::from_bits(0x43EF_FFFF_FFFF_FFFF), 0xFFFF_FFFF_FFFF_F800),
                (1.3835058055282164E19, 0xC000_0000_0000_0000),
                (1.8446744073709552E19, 0),
                (3e19, 0),
                (-3e19, 0x8000_0000_0000_0000),
            ] {
                assert_eq!(to_u64_net8(x), want, "{x}");
            }
            // u64 -> f64 and u64 -> f32 as the JIT without AVX-512
            // (DOTNET_EnableAVX512F=0): two or three roundings.
            let u = |v: u64, to: Type| convert(FConvOp::FcvtFromUint, Type::I64, to, v as i64);
            assert_eq!(u(0x8000_0000_0000_0401, Type::F64), 0x43E0_0000_0000_0000);
            assert_eq!(u(0x8000_0000_0000_0BFF, Type::F64), 0x43E0_0000_0000_0002);
            assert_eq!(u(0xC000_0000_0000_0401, Type::F64), 0x43E8_0000_0000_0000);
            assert_eq!(u(0x8000_0000_0000_0C00, Type::F64), 0x43E0_0000_0000_0002);
            assert_eq!(u(0x8000_0080_0000_0001, Type::F32), 0x5F00_0000);
            assert_eq!(u(0xFFFF_FF7F_FFFF_FFFF, Type::F32), 0x5F80_0000);
            assert_eq!(u(0x7FFF_FF80_0000_0001, Type::F32), 0x5EFF_FFFF);
            assert_eq!(u(u64::MAX, Type::F64), 0x43F0_0000_0000_0000);
            let s = |v: i64| convert(FConvOp::FcvtFromSint, Type::I64, Type::F32, v);
            assert_eq!(s(0x8000_0080_0000_0001u64 as i64), 0xDEFF_FFFF);
        }

        /// `rem` answers CoreCLR 8.0.4 gave (C# probe under the JIT).
        #[test]
        fn rem_matches_the_runtime() {
            let nan = 0xFFF8_0000_0000_0000;
            let payload = 0x7FF8_0000_0000_0123;
            let inf = f64::INFINITY.to_bits();
            for (a, b, want) in [
                (payload, 0x3FF0_0000_0000_0000, nan), // NaN dividend: default NaN
                (0, payload, payload),                 // NaN divisor: itself
                (0, 0x7FF0_0000_0000_0001, 0x7FF8_0000_0000_0001), // quieted
                (0x3FF0_0000_0000_0000, 0, nan),       // x % 0
                (inf, 0x3FF0_0000_0000_0000, nan),     // inf % y
                (0x4016_0000_0000_0000, inf, 0x4016_0000_0000_0000), // 5.5 % inf
                (
                    0x8000_0000_0000_0000,
                    0x3FF0_0000_0000_0000,
                    0x8000_0000_0000_0000,
                ),
            ] {
                assert_eq!(rem64(a, b), want, "{a:#x} % {b:#x}");
            }
            assert_eq!(rem32(0, 0x7FC0_0000), 0x7FC0_0000);
            assert_eq!(rem32(0x40B0_0000, 0), 0xFFC0_0000);
            assert_eq!(
                rem64((-5.5f64).to_bits(), 2.0f64.to_bits()),
                (-1.5f64).to_bits()
            );
        }

        #[test]
        fn nan_rules() {
            let q = 0x7FF8_0000_0000_0001u64 as i64;
            let inf = f64::INFINITY.to_bits() as i64;
            assert_eq!(
                binary(FBinaryOp::Fsub, Type::F64, inf, inf),
                F64_DEFAULT_NAN as i64
            );
            assert_eq!(binary(FBinaryOp::Fadd, Type::F64, 0, q), q);
            let s = 0x7FF0_0000_0000_0001u64 as i64; // signalling
            assert_eq!(binary(FBinaryOp::Fmul, Type::F64, s, q), q);
            assert_eq!(f64_to_f32_bits(0xFFF8_0000_2000_0000), 0xFFC0_0001);
            assert_eq!(f32_to_f64_bits(0x7F80_0001), 0x7FF8_0000_2000_0000);
            assert_eq!(unary(FUnaryOp::Fneg, Type::F32, 0), 0x8000_0000);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse_function;

    fn run(text: &str, args: &[i64]) -> Result<Outcome, InterpError> {
        let f = parse_function(text).unwrap();
        crate::verify_function(&f).unwrap();
        let mut fuel = 10_000;
        interpret(
            &f,
            args,
            &mut |_, _| Err(InterpError::Call("no calls".into())),
            &mut fuel,
        )
    }

    #[test]
    fn arithmetic_wraps_at_the_type_width() {
        let t = "function \"f\"(i32, i32) -> i32 {\nblock0(v0: i32, v1: i32):\n    v2 = iadd.i32 v0, v1\n    return v2\n}\n";
        assert_eq!(
            run(t, &[i32::MAX as i64, 1]),
            Ok(Outcome::Return(vec![i32::MIN as i64]))
        );
        let t = "function \"f\"(i32) -> i32 {\nblock0(v0: i32):\n    v1 = iconst.i32 33\n    v2 = ishl.i32 v0, v1\n    v3 = iconst.i32 28\n    v4 = ushr.i32 v2, v3\n    return v4\n}\n";
        // (x << 1) >>> 28 with x = -128: 0xffffff00 >>> 28 = 15.
        assert_eq!(run(t, &[-128]), Ok(Outcome::Return(vec![15])));
    }

    #[test]
    fn overflow_and_precondition() {
        let t = "function \"f\"(i32, i32) -> i32 {\nblock0(v0: i32, v1: i32):\n    v2 = uadd_ovf.i32 v0, v1\n    return v2\n}\n";
        assert_eq!(run(t, &[-1, 1]), Ok(Outcome::Trap(TrapCode::Overflow)));
        assert_eq!(run(t, &[-2, 1]), Ok(Outcome::Return(vec![-1])));
        let t = "function \"f\"(i64, i64) -> i64 {\nblock0(v0: i64, v1: i64):\n    v2 = umul_ovf.i64 v0, v1\n    return v2\n}\n";
        assert_eq!(run(t, &[-1, -1]), Ok(Outcome::Trap(TrapCode::Overflow)));
        assert_eq!(
            run(t, &[1 << 32, (1 << 32) - 1]),
            Ok(Outcome::Return(vec![-(1 << 32)]))
        );
        let t = t.replace("umul_ovf", "smul_ovf");
        assert_eq!(
            run(&t, &[i64::MIN, -1]),
            Ok(Outcome::Trap(TrapCode::Overflow))
        );
        assert_eq!(run(&t, &[i64::MIN, 1]), Ok(Outcome::Return(vec![i64::MIN])));
        let t = "function \"f\"(i32, i32) -> i32 {\nblock0(v0: i32, v1: i32):\n    v2 = sdiv.i32 v0, v1\n    return v2\n}\n";
        assert_eq!(
            run(t, &[i32::MIN as i64, -1]),
            Err(InterpError::DivisionPrecondition(Inst::from_u32(0)))
        );
        assert_eq!(run(t, &[-7, 2]), Ok(Outcome::Return(vec![-3])));
    }

    #[test]
    fn floats_round_trip_and_run() {
        let t = "function \"f\"(f64, f32, i64) -> i32 {\n\
            block0(v0: f64, v1: f32, v2: i64):\n\
            \x20   v3 = fpromote.f64 v1\n\
            \x20   v4 = fmul.f64 v0, v3\n\
            \x20   v5 = fcvt_from_uint.f64 v2\n\
            \x20   v6 = fadd.f64 v4, v5\n\
            \x20   v7 = fneg.f64 v6\n\
            \x20   v8 = f64const.f64 0x3ff0000000000000\n\
            \x20   v9 = fcmp.i32 ult v7, v8\n\
            \x20   brif v9, block1, block2\n\
            block1:\n\
            \x20   v10 = fcvt_to_sint.i32 v7\n\
            \x20   return v10\n\
            block2:\n\
            \x20   v11 = iconst.i32 7\n\
            \x20   return v11\n\
            }\n";
        let f = parse_function(t).unwrap();
        let text = crate::write_function(&f);
        assert_eq!(crate::write_function(&parse_function(&text).unwrap()), text);
        let bits = |x: f64| x.to_bits() as i64;
        // -(2 * 1.5 + 2^64 - 1) = -1.8e19: below 1, truncation out of range.
        assert_eq!(
            run(t, &[bits(2.0), 1.5f32.to_bits() as i64, -1]),
            Ok(Outcome::Return(vec![i32::MIN as i64]))
        );
        assert_eq!(
            run(t, &[bits(-2.0), 1.5f32.to_bits() as i64, 1]),
            Ok(Outcome::Return(vec![7]))
        );
        // NaN: unordered compare holds.
        assert_eq!(
            run(t, &[bits(f64::NAN), 0, 0]),
            Ok(Outcome::Return(vec![i32::MIN as i64]))
        );
    }

    #[test]
    fn loops_and_tables() {
        let t = "function \"f\"(i32) -> i32 {\n\
            block0(v0: i32):\n    v1 = iconst.i32 0\n    jump block1(v0, v1)\n\
            block1(v2: i32, v3: i32):\n    br_table v2, block3(v3), [block3(v3), block2]\n\
            block2:\n    v4 = iconst.i32 1\n    v5 = isub.i32 v2, v4\n    v6 = iadd.i32 v3, v2\n    jump block1(v5, v6)\n\
            block3(v7: i32):\n    return v7\n}\n";
        assert_eq!(run(t, &[1]), Ok(Outcome::Return(vec![1])));
        assert_eq!(run(t, &[5]), Ok(Outcome::Return(vec![0])));
    }
}
