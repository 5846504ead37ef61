//! Constant folding after inlining (issue 21): pure integer operations on
//! constants become constants, conditional traps that can never fire go,
//! branches on a constant become jumps, and blocks no longer reachable are
//! removed.
//!
//! Values are computed by the IR interpreter's own evaluation
//! ([`kiln_ir::eval_int`]), so the folded code means what the
//! interpreter — the IR's reference semantics — says; an operation that
//! would throw (a division by zero, an overflow) or has no defined result
//! is left alone. Functions with exception-handling clauses are skipped:
//! their handlers are reached by the runtime, not by branches.

use kiln_ir::{eval_int, IntEval};
use kiln_ir::{
    Block, BlockCall, CondTrapOp, Function, Inst, InstData, SecondaryMap, Type, Value, ValueDef,
};

/// Folds constants in `func` (see the module documentation); returns the
/// number of instructions and blocks changed.
pub fn fold_constants(func: &mut Function) -> usize {
    if !func.eh_clauses.is_empty() {
        return 0;
    }
    let mut changed = 0;
    for _ in 0..4 {
        let n = fold_once(func);
        if n == 0 {
            break;
        }
        changed += n;
        crate::passes::remove_trivial_params(func);
    }
    changed
}

/// The constant `v` holds, if an `iconst` defines it.
fn constant(func: &Function, v: Value) -> Option<i64> {
    match func.dfg.value_def(v) {
        ValueDef::Result(i, 0) => match func.dfg.inst(i) {
            InstData::Iconst { imm, .. } => Some(*imm),
            _ => None,
        },
        _ => None,
    }
}

fn fold_once(func: &mut Function) -> usize {
    let mut changed = 0;
    let insts: Vec<(Block, Inst)> = func.insts_in_layout().collect();
    let mut dead: Vec<Inst> = Vec::new();
    for (_, i) in insts {
        let data = func.dfg.inst(i).clone();
        match &data {
            InstData::Unary { .. }
            | InstData::Binary { .. }
            | InstData::Icmp { .. }
            | InstData::Conv { .. } => {
                let args = data.arguments();
                let Some(vals) = args
                    .iter()
                    .map(|&a| constant(func, a))
                    .collect::<Option<Vec<i64>>>()
                else {
                    continue;
                };
                let [r] = func.dfg.inst_results(i) else {
                    continue;
                };
                let ty = func.dfg.value_type(*r);
                // Arithmetic only at 32 and 64 bits (the widths the
                // importer computes in; the backend's shift masks and the
                // interpreter's agree there); conversions at any width.
                let wide = |t: Type| matches!(t, Type::I32 | Type::I64);
                let typed = match &data {
                    InstData::Conv { .. } => {
                        is_int(ty) && args.iter().all(|&a| is_int(func.dfg.value_type(a)))
                    }
                    _ => args.iter().all(|&a| wide(func.dfg.value_type(a))),
                };
                if !typed {
                    continue;
                }
                let value = |v: Value| {
                    let k = args.iter().position(|&a| a == v).expect("an operand");
                    vals[k]
                };
                if let Some(IntEval::Value(imm)) =
                    eval_int(&data, |v| func.dfg.value_type(v), value)
                {
                    *func.dfg.inst_mut(i) = InstData::Iconst {
                        ty,
                        imm: kiln_ir::canonical_imm(ty, imm),
                    };
                    changed += 1;
                }
            }
            InstData::CondTrap { op, arg, .. } => {
                if let Some(c) = constant(func, *arg) {
                    let fires = (c == 0) == (*op == CondTrapOp::Trapz);
                    if !fires {
                        dead.push(i);
                        changed += 1;
                    }
                }
            }
            InstData::Brif {
                arg,
                then_dest,
                else_dest,
            } => {
                if let Some(c) = constant(func, *arg) {
                    let dest = if c != 0 { then_dest } else { else_dest };
                    *func.dfg.inst_mut(i) = InstData::Jump { dest: dest.clone() };
                    changed += 1;
                }
            }
            InstData::BrTable {
                arg,
                default,
                targets,
            } => {
                if let Some(c) = constant(func, *arg) {
                    let ty = func.dfg.value_type(*arg);
                    let index = if ty.bits() == Some(64) {
                        c as u64
                    } else {
                        (c as u64) & 0xffff_ffff
                    };
                    let dest: BlockCall = usize::try_from(index)
                        .ok()
                        .and_then(|k| targets.get(k))
                        .unwrap_or(default)
                        .clone();
                    *func.dfg.inst_mut(i) = InstData::Jump { dest };
                    changed += 1;
                }
            }
            _ => {}
        }
    }
    for i in dead {
        func.layout.remove_inst(i);
    }
    changed + remove_unreachable(func)
}

fn is_int(ty: Type) -> bool {
    ty.is_int()
}

/// Removes the blocks the entry no longer reaches; returns how many.
fn remove_unreachable(func: &mut Function) -> usize {
    let Some(entry) = func.layout.entry_block() else {
        return 0;
    };
    let mut seen: SecondaryMap<Block, bool> = SecondaryMap::new();
    let mut work = vec![entry];
    seen[entry] = true;
    while let Some(b) = work.pop() {
        if let Some(t) = func.layout.last_inst(b) {
            for d in func.dfg.inst(t).branch_destinations() {
                if !seen[d.block] {
                    seen[d.block] = true;
                    work.push(d.block);
                }
            }
        }
    }
    let gone: Vec<Block> = func
        .layout
        .blocks()
        .iter()
        .copied()
        .filter(|&b| !seen[b])
        .collect();
    for &b in &gone {
        func.layout.remove_block(b);
    }
    gone.len()
}
