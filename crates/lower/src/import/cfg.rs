//! The IL control-flow graph and the translation driver: basic blocks
//! (leaders: offset 0, branch and switch targets, the instruction after a
//! control transfer), reachability, the worklist of blocks whose entry
//! stack shape is known (ECMA-335 III.1.7.5), and the block parameters and
//! arguments that carry variables and stack slots across edges.

use super::{invalid, Importer, Kind, State};
use crate::env::LowerEnv;
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{Block, BlockCall, ConvOp, Cursor, FConvOp, InstData, Signature, Type, Value};
use kiln_metadata::il::{FlowControl, Instruction, Opcode, Operand};
use std::collections::HashMap;

/// One IL basic block.
#[derive(Debug)]
pub(super) struct IlBlock {
    /// Index of the first instruction.
    pub(super) start: usize,
    /// One past the last instruction.
    pub(super) end: usize,
    /// Successor blocks (by index); `None` marks a fall-through past the end
    /// of the code.
    pub(super) succs: Vec<Option<usize>>,
}

pub(super) fn branch_targets(insn: &Instruction<'_>) -> Vec<u32> {
    match insn.operand {
        Operand::Branch(t) => vec![t],
        Operand::Switch(s) => s.iter().collect(),
        _ => Vec::new(),
    }
}

/// Whether control can continue with the next instruction.
pub(super) fn falls_through(op: Opcode) -> bool {
    !matches!(
        op.flow_control(),
        FlowControl::Branch | FlowControl::Return | FlowControl::Throw
    )
}

/// Whether the instruction ends a basic block.
pub(super) fn ends_block(op: Opcode) -> bool {
    matches!(
        op.flow_control(),
        FlowControl::Branch | FlowControl::CondBranch | FlowControl::Return | FlowControl::Throw
    )
}

impl<E: LowerEnv> Importer<'_, E> {
    pub(super) fn find_blocks(&mut self) -> Result<(), LowerError> {
        let index_of: HashMap<u32, usize> = self
            .insns
            .iter()
            .enumerate()
            .map(|(i, insn)| (insn.offset, i))
            .collect();
        let n = self.insns.len();
        let mut leader = vec![false; n];
        leader[0] = true;
        for (i, insn) in self.insns.iter().enumerate() {
            for t in branch_targets(insn) {
                let &ti = index_of.get(&t).ok_or_else(|| {
                    invalid(insn.offset, InvalidIlKind::BranchTarget { target: t })
                })?;
                leader[ti] = true;
            }
            if ends_block(insn.opcode) && i + 1 < n {
                leader[i + 1] = true;
            }
        }
        // Region boundaries (eh.rs); the end of the code starts nothing.
        let last_offset = self.insns[n - 1].offset;
        for o in self.eh_boundaries() {
            match index_of.get(&o) {
                Some(&i) => leader[i] = true,
                None if o > last_offset => {}
                None => return Err(invalid(o, InvalidIlKind::BranchTarget { target: o })),
            }
        }
        let starts: Vec<usize> = (0..n).filter(|&i| leader[i]).collect();
        for (b, &start) in starts.iter().enumerate() {
            let end = starts.get(b + 1).copied().unwrap_or(n);
            self.block_of_offset.insert(self.insns[start].offset, b);
            self.blocks.push(IlBlock {
                start,
                end,
                succs: Vec::new(),
            });
        }
        for b in 0..self.blocks.len() {
            let last = &self.insns[self.blocks[b].end - 1];
            let mut succs: Vec<Option<usize>> = branch_targets(last)
                .into_iter()
                .map(|t| Some(self.block_of_offset[&t]))
                .collect();
            if falls_through(last.opcode) {
                succs.push((b + 1 < self.blocks.len()).then_some(b + 1));
            }
            self.blocks[b].succs = succs;
        }
        Ok(())
    }

    pub(super) fn translate(&mut self, sig: &Signature) -> Result<(), LowerError> {
        let nb = self.blocks.len();
        // Reachable IL blocks, then IR blocks in IL order.
        let mut reachable = vec![false; nb];
        let mut stack = vec![0usize];
        reachable[0] = true;
        // Handlers and filters are entered by the runtime.
        for r in self.eh_roots() {
            reachable[r] = true;
            stack.push(r);
        }
        let mut has_pred0 = false;
        while let Some(b) = stack.pop() {
            for s in self.blocks[b].succs.iter().flatten().copied() {
                has_pred0 |= s == 0;
                if !reachable[s] {
                    reachable[s] = true;
                    stack.push(s);
                }
            }
        }
        // A synchronized method enters its monitor in a block of its own.
        let pre_entry = (has_pred0 || self.synchronized).then(|| {
            let b = self.func.dfg.make_block();
            self.func.layout.append_block(b);
            b
        });
        self.ir_blocks = (0..nb)
            .map(|b| {
                reachable[b].then(|| {
                    let blk = self.func.dfg.make_block();
                    self.func.layout.append_block(blk);
                    blk
                })
            })
            .collect();
        self.shapes = vec![None; nb];

        // The IR entry: function parameters become the initial values of the
        // arguments; live locals start at zero.
        let entry = pre_entry.unwrap_or(self.ir_blocks[0].expect("block 0 is reachable"));
        let init = self.entry_state(sig, entry)?;
        let mut sync_enter = None;
        if pre_entry.is_some() {
            // IL offset 0 is a branch target: the entry block only sets up
            // the variables and jumps to it.
            self.add_params(0, &[]);
            let args = self.branch_args(0, &init);
            let block0 = self.ir_blocks[0].expect("reachable");
            if self.synchronized {
                sync_enter = Some(self.sync_entry(entry, block0, &args));
            } else {
                Cursor::new(&mut self.func, entry).jump(block0, &args);
            }
            self.worklist.insert(0);
        } else {
            self.shapes[0] = Some(Vec::new());
            self.translate_block(0, init)?;
        }
        self.eh_entries()?;
        while let Some(b) = self.worklist.pop_first() {
            let state = self.block_entry_state(b);
            self.translate_block(b, state)?;
        }
        self.eh_finish(pre_entry, sync_enter)
    }

    /// Creates the parameters of IL block `b`: live variables, then the stack.
    fn add_params(&mut self, b: usize, stack: &[Kind]) {
        let blk = self.ir_blocks[b].expect("reachable");
        for v in 0..self.vars.len() {
            if self.live_in[b][v] {
                // A live variable of an unsupported type is reported when
                // the block using it is translated; give it any type here.
                // (Its block parameter is never used.)
                let kind = self.vars[v].map(|vt| vt.kind).unwrap_or(Kind::I32);
                self.func.dfg.append_block_param(blk, kind.ty());
            }
        }
        for &k in stack {
            self.func.dfg.append_block_param(blk, k.ty());
        }
        self.shapes[b] = Some(stack.to_vec());
    }

    /// The variable values and stack at the start of IL block `b`: its
    /// parameters.
    fn block_entry_state(&self, b: usize) -> State {
        let blk = self.ir_blocks[b].expect("reachable");
        let params = self.func.dfg.block_params(blk);
        let mut state = State {
            vars: vec![None; self.vars.len()],
            stack: Vec::new(),
        };
        let mut i = 0;
        for v in 0..self.vars.len() {
            if self.live_in[b][v] {
                state.vars[v] = Some(params[i]);
                i += 1;
            }
        }
        let shape = self.shapes[b].as_ref().expect("shape known");
        for &k in shape {
            state.stack.push((params[i], k));
            i += 1;
        }
        state
    }

    /// The arguments for a branch from a block in `state` to IL block `s`.
    fn branch_args(&self, s: usize, state: &State) -> Vec<Value> {
        let mut args = Vec::new();
        for v in 0..self.vars.len() {
            if self.live_in[s][v] {
                args.push(state.vars[v].unwrap_or_else(|| {
                    panic!(
                        "variable {v} live into IL block {s} has no value in {}",
                        self.func.name
                    )
                }));
            }
        }
        args.extend(state.stack.iter().map(|&(v, _)| v));
        args
    }

    /// A block call to IL block `s` (`None`: past the end of the code) from
    /// `state` at the end of IR block `from`, fixing `s`'s entry shape on
    /// first use.
    ///
    /// Where one predecessor leaves an `int32` and another a `native int`
    /// (or a `float32` and a `float64`) in the same stack slot, the slot is
    /// the wider type and the narrower value is converted on its edge — the
    /// JIT's rule (`impSpillStackEntry`: the spill temp becomes `native
    /// int`/`double`, re-importing blocks that assumed the narrower type; an
    /// `int32` is sign-extended, a `float32` widened). ECMA-335 III.1.8.1.3
    /// leaves such merges unverifiable, not invalid. If the wider value
    /// arrives after `s` took the narrower shape, `widen_request` says so
    /// and the method is lowered again with the slot widened from the start.
    pub(super) fn edge(
        &mut self,
        from: Block,
        offset: u32,
        s: Option<usize>,
        state: &State,
    ) -> Result<BlockCall, LowerError> {
        let s = s.ok_or_else(|| invalid(offset, InvalidIlKind::FallsOffEnd))?;
        let kinds: Vec<Kind> = state.stack.iter().map(|&(_, k)| k).collect();
        let target = self.insns[self.blocks[s].start].offset;
        if target <= offset && kinds.iter().any(|k| matches!(k, Kind::Struct(_))) {
            // A struct value's temporary is written by the instruction that
            // makes it; one carried around a cycle could be overwritten by
            // the next execution of that instruction before it is used.
            // Every cycle has a backward edge: none may carry a struct.
            return Err(Unsupported::ValueType {
                offset,
                reason: "struct value on the stack across a backward branch".into(),
            }
            .into());
        }
        let shape = match &self.shapes[s] {
            None => {
                let shape: Vec<Kind> = kinds
                    .iter()
                    .enumerate()
                    .map(|(i, &k)| self.widen.get(&(s, i)).copied().unwrap_or(k))
                    .collect();
                self.add_params(s, &shape);
                self.worklist.insert(s);
                shape
            }
            Some(shape) if shape.len() != kinds.len() => {
                return Err(invalid(
                    offset,
                    InvalidIlKind::StackDepthMismatch { target },
                ));
            }
            Some(shape) => shape.clone(),
        };
        let mut stack = state.stack.clone();
        for (i, (&want, (v, have))) in shape.iter().zip(stack.iter_mut()).enumerate() {
            let mut cur = Cursor::new(&mut self.func, from);
            cur.set_loc(None);
            match (want, *have) {
                (a, b) if a == b => continue,
                (Kind::I64, Kind::I32) => *v = cur.conv(ConvOp::Sextend, *v, Type::I64),
                (Kind::F64, Kind::F32) => *v = cur.fconv(FConvOp::Fpromote, *v, Type::F64),
                (Kind::ByRef, Kind::I64) => *v = cur.conv(ConvOp::IntToByref, *v, Type::ByRef),
                (Kind::I32, Kind::I64) | (Kind::F32, Kind::F64) | (Kind::I64, Kind::ByRef) => {
                    self.widen_request = Some(((s, i), *have));
                    return Err(merge(target, want, *have));
                }
                (want, have) => return Err(merge(target, want, have)),
            }
            *have = want;
        }
        let state = State {
            vars: state.vars.clone(),
            stack,
        };
        Ok(BlockCall::new(
            self.ir_blocks[s].expect("reachable"),
            self.branch_args(s, &state),
        ))
    }

    fn translate_block(&mut self, b: usize, mut state: State) -> Result<(), LowerError> {
        let (start, end) = (self.blocks[b].start, self.blocks[b].end);
        let blk = self.ir_blocks[b].expect("reachable");
        for i in start..end {
            let insn = self.insns[i];
            let last = i + 1 == end;
            let done = self.translate_insn(blk, b, &insn, &mut state, last)?;
            if done {
                return Ok(());
            }
        }
        // Fell through into the next block.
        let last = self.insns[end - 1];
        let succ = self.blocks[b].succs.last().copied().flatten();
        let dest = self.edge(blk, last.offset, succ, &state)?;
        let mut cur = Cursor::new(&mut self.func, blk);
        cur.set_loc(None);
        cur.ins(InstData::Jump { dest });
        Ok(())
    }
}

/// The refusal of a join whose stack slot gets kinds `a` and `b`.
fn merge(offset: u32, a: Kind, b: Kind) -> LowerError {
    Unsupported::StackMerge {
        offset,
        kinds: format!("{} and {}", a.describe(), b.describe()),
    }
    .into()
}
