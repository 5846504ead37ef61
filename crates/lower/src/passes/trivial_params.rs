//! Removal of trivial block parameters.
//!
//! The importer gives every block one parameter per variable live on entry
//! and per evaluation-stack slot (the "stack-spilling" construction). A
//! parameter is *trivial* when every predecessor passes either the
//! parameter itself or one single other value `w`: then it is `w`. Removing
//! trivial parameters until none is left (Aycock & Horspool, "Simple
//! Generation of Static Single-Assignment Form", 2000 — the block-parameter
//! form of Braun et al.'s `tryRemoveTrivialPhi`) yields minimal SSA for
//! reducible control flow, which is what C# compilers emit.

use kiln_ir::{Block, Function, SecondaryMap, Value};

fn resolve(subst: &SecondaryMap<Value, Option<Value>>, mut v: Value) -> Value {
    while let Some(w) = subst[v] {
        v = w;
    }
    v
}

/// Removes trivial parameters of the non-entry blocks of `func` and rewrites
/// every use of a removed parameter to the value it stood for. Returns the
/// number of parameters removed.
pub fn remove_trivial_params(func: &mut Function) -> usize {
    let Some(entry) = func.entry_block() else {
        return 0;
    };
    let mut subst: SecondaryMap<Value, Option<Value>> = SecondaryMap::new();
    let mut removed = 0;
    // The terminators branching to each block (a terminator naming a block
    // twice appears twice; removal below dedups).
    let mut pred_insts: SecondaryMap<Block, Vec<kiln_ir::Inst>> = SecondaryMap::new();
    for &block in func.layout.blocks() {
        if let Some(last) = func.layout.last_inst(block) {
            for dest in func.dfg.inst(last).branch_destinations() {
                if !pred_insts[dest.block].contains(&last) {
                    pred_insts[dest.block].push(last);
                }
            }
        }
    }
    let blocks: Vec<Block> = func.layout.blocks().to_vec();
    loop {
        let mut changed = false;
        for &block in &blocks {
            if block == entry {
                continue;
            }
            let params = func.dfg.block_params(block).to_vec();
            if params.is_empty() {
                continue;
            }
            let mut trivial = Vec::new();
            for (i, &p) in params.iter().enumerate() {
                let mut same: Option<Value> = None;
                let mut is_trivial = true;
                'preds: for &term in &pred_insts[block] {
                    for dest in func.dfg.inst(term).branch_destinations() {
                        if dest.block != block {
                            continue;
                        }
                        let a = resolve(&subst, dest.args[i]);
                        if a == p || Some(a) == same {
                            continue;
                        }
                        if same.is_some() {
                            is_trivial = false;
                            break 'preds;
                        }
                        same = Some(a);
                    }
                }
                if let (true, Some(w)) = (is_trivial, same) {
                    subst[p] = Some(w);
                    trivial.push(i);
                }
            }
            if trivial.is_empty() {
                continue;
            }
            changed = true;
            removed += trivial.len();
            for &i in trivial.iter().rev() {
                func.dfg.remove_block_param(block, i);
            }
            for &term in &pred_insts[block] {
                for dest in func.dfg.inst_mut(term).branch_destinations_mut() {
                    if dest.block == block {
                        for &i in trivial.iter().rev() {
                            dest.args.remove(i);
                        }
                    }
                }
            }
        }
        if !changed {
            break;
        }
    }
    if removed > 0 {
        let insts: Vec<_> = func.insts_in_layout().map(|(_, i)| i).collect();
        for inst in insts {
            func.dfg.inst_mut(inst).map_values(|v| resolve(&subst, v));
        }
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiln_ir::{parse_function, verify_function, write_function};

    fn run(text: &str) -> (usize, String) {
        let mut f = parse_function(text).unwrap();
        verify_function(&f).unwrap();
        let n = remove_trivial_params(&mut f);
        verify_function(&f).unwrap();
        (n, write_function(&f))
    }

    #[test]
    fn loop_invariant_parameter_is_removed() {
        // v2 carries v0 unchanged around the loop: trivial. v3 changes: kept.
        let (n, text) = run("function \"f\"(i32) -> i32 {\n\
            block0(v0: i32):\n\
                v1 = iconst.i32 0\n\
                jump block1(v0, v1)\n\
            block1(v2: i32, v3: i32):\n\
                v4 = icmp.i32 slt v3, v2\n\
                brif v4, block2, block3\n\
            block2:\n\
                v5 = iconst.i32 1\n\
                v6 = iadd.i32 v3, v5\n\
                jump block1(v2, v6)\n\
            block3:\n\
                return v3\n\
            }\n");
        assert_eq!(n, 1);
        assert_eq!(
            text,
            "function \"f\"(i32) -> i32 {\n\
             block0(v0: i32):\n    v1 = iconst.i32 0\n    jump block1(v1)\n\n\
             block1(v3: i32):\n    v4 = icmp.i32 slt v3, v0\n    brif v4, block2, block3\n\n\
             block2:\n    v5 = iconst.i32 1\n    v6 = iadd.i32 v3, v5\n    jump block1(v6)\n\n\
             block3:\n    return v3\n}\n"
        );
    }

    #[test]
    fn chains_of_trivial_parameters_collapse() {
        // block2's parameter is block1's, which is v0: both go.
        let (n, text) = run("function \"f\"(i32) -> i32 {\n\
            block0(v0: i32):\n\
                brif v0, block1(v0), block2(v0)\n\
            block1(v1: i32):\n\
                jump block2(v1)\n\
            block2(v2: i32):\n\
                return v2\n\
            }\n");
        assert_eq!(n, 2);
        assert!(text.contains("block2:\n    return v0\n"), "{text}");
    }

    #[test]
    fn merge_of_different_values_is_kept() {
        let (n, _) = run("function \"f\"(i32) -> i32 {\n\
            block0(v0: i32):\n\
                v1 = iconst.i32 7\n\
                brif v0, block1(v0), block1(v1)\n\
            block1(v2: i32):\n\
                return v2\n\
            }\n");
        assert_eq!(n, 0);
    }
}
