//! Removal of conditional traps that a dominating, identical trap already
//! performed: `trapz v, null_reference` after another `trapz v,
//! null_reference` on every path (an array's null check in a loop body
//! after the loop condition's `ldlen`, a second field access of one
//! object). In SSA a value never changes, so the dominated check can never
//! fire: removing it keeps the method's semantics (the reference
//! interpreter agrees; see the tests).
//!
//! Methods with exception-handling regions are left alone: their handlers
//! are entered by the runtime, not along the edges the dominator tree sees.

use std::collections::HashMap;

use kiln_ir::{ControlFlowGraph, DominatorTree, Function, Inst, InstData};

/// Removes every `trapz`/`trapnz` dominated by one with the same operand,
/// condition and trap code.
pub fn remove_dominated_checks(func: &mut Function) {
    if !func.eh_clauses.is_empty() {
        return;
    }
    let cfg = ControlFlowGraph::compute(func);
    let domtree = DominatorTree::compute(func, &cfg);
    // Walk blocks in reverse post-order: a dominator comes before the
    // blocks it dominates, so each check meets every dominating one first.
    let mut seen: HashMap<
        (kiln_ir::CondTrapOp, kiln_ir::Value, kiln_ir::TrapCode),
        Vec<kiln_ir::Block>,
    > = HashMap::new();
    let mut redundant: Vec<Inst> = Vec::new();
    for &block in domtree.rpo() {
        for &inst in func.layout.block_insts(block) {
            let InstData::CondTrap { op, arg, code } = *func.dfg.inst(inst) else {
                continue;
            };
            let blocks = seen.entry((op, arg, code)).or_default();
            if blocks.iter().any(|&b| domtree.dominates(b, block)) {
                redundant.push(inst);
            } else {
                blocks.push(block);
            }
        }
    }
    for inst in redundant {
        func.layout.remove_inst(inst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiln_ir::{interpret, parse_function, InterpError, Outcome};

    /// A loop whose header and body both null-check `v0`, and a block
    /// beside the loop that the header's check does not dominate.
    const LOOP: &str = "\
function \"T::Loop\"(ref, i32, i32) -> i32 {
block0(v0: ref, v1: i32, v2: i32):
    v3 = iconst.i32 0
    brif v2, block1(v3), block3
block1(v4: i32):
    trapz v0, null_reference
    v5 = icmp.i32 slt v4, v1
    brif v5, block2, block4(v4)
block2:
    trapz v0, null_reference
    trapz v0, null_reference
    v6 = iconst.i32 1
    v7 = iadd.i32 v4, v6
    jump block1(v7)
block3:
    trapz v0, null_reference
    v8 = iconst.i32 7
    jump block4(v8)
block4(v9: i32):
    return v9
}
";

    fn checks(f: &Function) -> usize {
        f.insts_in_layout()
            .filter(|&(_, i)| matches!(f.dfg.inst(i), InstData::CondTrap { .. }))
            .count()
    }

    fn run(f: &Function, args: &[i64]) -> Outcome {
        let mut fuel = 1_000_000;
        interpret(
            f,
            args,
            &mut |_, _| Err(InterpError::Call("none".into())),
            &mut fuel,
        )
        .unwrap()
    }

    #[test]
    fn dominated_checks_go_and_behaviour_stays() {
        let before = parse_function(LOOP).unwrap();
        let mut after = before.clone();
        remove_dominated_checks(&mut after);
        kiln_ir::verify_function(&after).unwrap();
        // The body's two checks go; the header's and block3's (not
        // dominated by the header) stay.
        assert_eq!((checks(&before), checks(&after)), (4, 2));
        for args in [[0, 5, 1], [8, 5, 1], [0, 5, 0], [8, 5, 0], [8, 0, 1]] {
            assert_eq!(run(&before, &args), run(&after, &args), "{args:?}");
        }
    }

    #[test]
    fn different_operands_or_codes_stay() {
        let text = LOOP.replace(
            "block2:\n    trapz v0, null_reference\n    trapz v0, null_reference",
            "block2:\n    trapz v4, null_reference\n    trapnz v0, null_reference",
        );
        let mut f = parse_function(&text).unwrap();
        remove_dominated_checks(&mut f);
        assert_eq!(checks(&f), 4);
    }
}
