//! Control-flow graph and dominator tree of a function in its current layout.
//!
//! The dominator tree uses the iterative algorithm of Cooper, Harvey and
//! Kennedy, "A Simple, Fast Dominance Algorithm" (2001), over the reverse
//! post-order of the blocks reachable from the entry.

use crate::entities::Block;
use crate::entity::SecondaryMap;
use crate::function::Function;

/// Predecessors and successors of every block in the layout. An edge appears
/// once per branch destination naming it (a `brif` to the same block twice
/// gives two edges).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ControlFlowGraph {
    preds: SecondaryMap<crate::Block, Vec<Block>>,
    succs: SecondaryMap<crate::Block, Vec<Block>>,
}

impl ControlFlowGraph {
    /// Computes the graph from the terminators of `func`'s blocks. Branches
    /// to blocks outside the layout are ignored (the verifier reports them).
    pub fn compute(func: &Function) -> Self {
        let mut cfg = Self::default();
        for &block in func.layout.blocks() {
            let Some(last) = func.layout.last_inst(block) else {
                continue;
            };
            for dest in func.dfg.inst(last).branch_destinations() {
                if func.dfg.block_is_valid(dest.block) && func.layout.is_block_inserted(dest.block)
                {
                    cfg.succs[block].push(dest.block);
                    cfg.preds[dest.block].push(block);
                }
            }
        }
        cfg
    }

    /// The blocks that branch to `block`.
    pub fn preds(&self, block: Block) -> &[Block] {
        &self.preds[block]
    }

    /// The blocks `block` branches to, in terminator order.
    pub fn succs(&self, block: Block) -> &[Block] {
        &self.succs[block]
    }
}

/// Immediate dominators of the blocks reachable from the entry.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct DominatorTree {
    rpo: Vec<Block>,
    rpo_number: SecondaryMap<Block, u32>,
    idom: SecondaryMap<Block, Option<Block>>,
    /// Pre-order and post-order numbers of each block in the dominator tree
    /// (for constant-time dominance queries).
    pre: SecondaryMap<Block, u32>,
    post: SecondaryMap<Block, u32>,
}

impl DominatorTree {
    /// Computes the tree for `func` with its control-flow graph.
    pub fn compute(func: &Function, cfg: &ControlFlowGraph) -> Self {
        let mut tree = Self::default();
        let Some(entry) = func.entry_block() else {
            return tree;
        };
        // Post-order by an explicit stack (no recursion on deep CFGs).
        let mut visited: SecondaryMap<Block, bool> = SecondaryMap::new();
        let mut post = Vec::new();
        let mut stack = vec![(entry, 0usize)];
        visited[entry] = true;
        while let Some((b, i)) = stack.pop() {
            if let Some(&s) = cfg.succs(b).get(i) {
                stack.push((b, i + 1));
                if !visited[s] {
                    visited[s] = true;
                    stack.push((s, 0));
                }
            } else {
                post.push(b);
            }
        }
        post.reverse();
        tree.rpo = post;
        for (i, &b) in tree.rpo.iter().enumerate() {
            // Numbers start at 1; 0 means unreachable.
            tree.rpo_number[b] = i as u32 + 1;
        }
        tree.idom[entry] = Some(entry);
        let mut changed = true;
        while changed {
            changed = false;
            for &b in tree.rpo.iter().skip(1) {
                let mut new_idom: Option<Block> = None;
                for &p in cfg.preds(b) {
                    if tree.idom[p].is_none() {
                        continue;
                    }
                    new_idom = Some(match new_idom {
                        None => p,
                        Some(cur) => tree.intersect(cur, p),
                    });
                }
                if new_idom.is_some() && tree.idom[b] != new_idom {
                    tree.idom[b] = new_idom;
                    changed = true;
                }
            }
        }
        tree.number_tree(entry);
        tree
    }

    /// Numbers the dominator tree in pre- and post-order (iteratively).
    fn number_tree(&mut self, entry: Block) {
        let mut children: SecondaryMap<Block, Vec<Block>> = SecondaryMap::new();
        for &b in self.rpo.iter().skip(1) {
            if let Some(d) = self.idom(b) {
                children[d].push(b);
            }
        }
        let (mut pre, mut post) = (0u32, 0u32);
        let mut stack = vec![(entry, 0usize)];
        self.pre[entry] = pre;
        pre += 1;
        while let Some((b, i)) = stack.pop() {
            if let Some(&c) = children[b].get(i) {
                stack.push((b, i + 1));
                self.pre[c] = pre;
                pre += 1;
                stack.push((c, 0));
            } else {
                self.post[b] = post;
                post += 1;
            }
        }
    }

    fn intersect(&self, mut a: Block, mut b: Block) -> Block {
        while a != b {
            while self.rpo_number[a] > self.rpo_number[b] {
                a = self.idom[a].expect("processed block has an idom");
            }
            while self.rpo_number[b] > self.rpo_number[a] {
                b = self.idom[b].expect("processed block has an idom");
            }
        }
        a
    }

    /// The reachable blocks in reverse post-order (entry first).
    pub fn rpo(&self) -> &[Block] {
        &self.rpo
    }

    /// Whether `block` is reachable from the entry.
    pub fn is_reachable(&self, block: Block) -> bool {
        self.rpo_number[block] != 0
    }

    /// The immediate dominator of `block` (`None` for the entry and for
    /// unreachable blocks).
    pub fn idom(&self, block: Block) -> Option<Block> {
        self.idom[block].filter(|&d| d != block)
    }

    /// Whether `a` dominates `b` (every block dominates itself). False when
    /// either is unreachable.
    pub fn dominates(&self, a: Block, b: Block) -> bool {
        self.is_reachable(a)
            && self.is_reachable(b)
            && self.pre[a] <= self.pre[b]
            && self.post[b] <= self.post[a]
    }
}
