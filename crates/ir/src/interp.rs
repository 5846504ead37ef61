//! A reference interpreter for integer IR: executes a [`Function`] on
//! concrete values, so lowering can be tested by running what it produced
//! (and a backend can be checked against it).
//!
//! Values are `i64`s holding the value sign-extended from its type's width
//! (the same canonical form as `iconst` immediates). Calls go to a
//! caller-supplied handler. Exceptions (`trap`, conditional traps,
//! overflow-checked arithmetic) end execution with [`Outcome::Trap`]. A
//! division whose precondition is violated is reported as
//! [`InterpError::DivisionPrecondition`]: the producer forgot a guard.
//! References are opaque 64-bit values (`null` is 0; `icmp` and `trapz`
//! compare them as integers). Floats, stack slots, memory (`load`, `store`,
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
    crate::builder::canonical_imm(ty, v)
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
                InstData::Unary { op, arg } => {
                    let ty = func.dfg.value_type(*arg);
                    let a = val(*arg);
                    result = Some(canon(
                        ty,
                        match op {
                            UnaryOp::Ineg => a.wrapping_neg(),
                            UnaryOp::Bnot => !a,
                        },
                    ));
                }
                InstData::Binary { op, args } => {
                    let ty = func.dfg.value_type(args[0]);
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
                                return Err(InterpError::DivisionPrecondition(inst));
                            }
                            if *op == BinaryOp::Sdiv {
                                a / b
                            } else {
                                a % b
                            }
                        }
                        BinaryOp::Udiv | BinaryOp::Urem => {
                            if ub == 0 {
                                return Err(InterpError::DivisionPrecondition(inst));
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
                                return Ok(Outcome::Trap(TrapCode::Overflow));
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
                                return Ok(Outcome::Trap(TrapCode::Overflow));
                            }
                            r as i64
                        }
                    };
                    result = Some(canon(ty, r));
                }
                InstData::Icmp { cond, args } => {
                    let ty = func.dfg.value_type(args[0]);
                    result = Some(cond.eval(val(args[0]), val(args[1]), bits(ty)) as i64);
                }
                InstData::Conv { op, arg, ty } => {
                    let from = func.dfg.value_type(*arg);
                    let a = val(*arg);
                    result = Some(match op {
                        ConvOp::Sextend => a,
                        ConvOp::Uextend => canon(*ty, unsigned(from, a) as i64),
                        ConvOp::Ireduce => canon(*ty, a),
                    });
                }
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
                InstData::F32const { .. }
                | InstData::F64const { .. }
                | InstData::StackAddr { .. }
                | InstData::StackLoad { .. }
                | InstData::StackStore { .. }
                | InstData::Load { .. }
                | InstData::Store { .. }
                | InstData::StringConst { .. }
                | InstData::NewObject { .. }
                | InstData::Throw { .. } => return Err(InterpError::Unsupported(inst)),
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
