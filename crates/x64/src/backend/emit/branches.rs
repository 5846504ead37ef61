//! Control flow: `jump`, `brif` (on a fused `icmp`'s flags or a test),
//! `br_table` (a compare chain, or a bounds check and a binary search over
//! runs of equal destinations), `return` (the result widened as the ABI
//! wants, then the epilog), `trap` and `trapz`/`trapnz` (a jump to the
//! method's one throw stub per trap code). Each CFG edge carries its own
//! block-argument moves (`moves::resolve`), emitted only on that edge.

use kiln_ir::{ArgExt, Block, BlockCall, CondTrapOp, Inst, InstData, TrapCode, Value};

use super::{bits, Emitter, RAX, SCRATCH_MOVE, XMM0};
use crate::asm::{Cond, Gpr, Label, Xmm};
use crate::backend::abi::return_locs;
use crate::backend::analysis::fused_icmp;
use crate::backend::moves::{resolve, Loc, Move};
use crate::backend::BackendError;

impl Emitter<'_> {
    /// The label of the throw stub of `code` (created on first use).
    pub(super) fn trap(&mut self, code: TrapCode) -> Label {
        let k = TrapCode::ALL
            .iter()
            .position(|&c| c == code)
            .expect("known trap code");
        match self.trap_label[k] {
            Some(l) => l,
            None => {
                let l = self.buf.new_label();
                self.trap_label[k] = Some(l);
                l
            }
        }
    }

    /// Sets ZF from integer `v` (its own width), testing its home register
    /// directly when it has one.
    fn test(&mut self, v: Value) {
        let r = match (self.konst(v), self.alloc.home[v]) {
            (None, Some(Loc::Reg(r))) => Gpr::ALL[r as usize],
            _ => {
                self.load(v, RAX);
                RAX
            }
        };
        match bits(self.ty(v)) {
            8 => self.buf.test_rm8_r8(r, r),
            16 => self.buf.test_rm16_r16(r, r),
            32 => self.buf.test_rm32_r32(r, r),
            _ => self.buf.test_rm64_r64(r, r),
        };
    }

    /// The moves of one CFG edge.
    fn edge_moves(&self, dest: &BlockCall) -> Vec<Move> {
        let params = self.func.dfg.block_params(dest.block);
        let moves: Vec<Move> = params
            .iter()
            .zip(&dest.args)
            .filter_map(|(&p, &arg)| {
                Some(Move {
                    dst: self.alloc.home[p]?,
                    src: self.src_of(arg),
                })
            })
            .collect();
        resolve(&moves, SCRATCH_MOVE)
    }

    pub(super) fn label(&self, b: Block) -> Label {
        self.block_label[b].expect("branch target in the layout")
    }

    /// Emits the moves of `dest` and a jump to it (omitted when it is the
    /// next block).
    pub(super) fn edge(&mut self, dest: &BlockCall, next: Option<Block>) {
        for m in self.edge_moves(dest) {
            self.move_one(m);
        }
        if next != Some(dest.block) {
            let l = self.label(dest.block);
            self.buf.jmp(l);
        }
    }

    /// A conditional branch on `cond` to `then`, else to `els`.
    fn branch(&mut self, cond: Cond, then: &BlockCall, els: &BlockCall, next: Option<Block>) {
        let then_moves = self.edge_moves(then);
        let else_moves = self.edge_moves(els);
        if then_moves.is_empty() && else_moves.is_empty() && next == Some(then.block) {
            let l = self.label(els.block);
            self.buf.jcc(cond.invert(), l);
            return;
        }
        if then_moves.is_empty() {
            let l = self.label(then.block);
            self.buf.jcc(cond, l);
            self.edge(els, next);
        } else if else_moves.is_empty() {
            let l = self.label(els.block);
            self.buf.jcc(cond.invert(), l);
            self.edge(then, next);
        } else {
            let stub = self.buf.new_label();
            self.buf.jcc(cond, stub);
            // The stub follows, so the else edge cannot fall through.
            self.edge(els, None);
            self.buf.bind(stub);
            // The stub is the last code of this block: it may fall through.
            self.edge(then, next);
        }
    }

    /// `trapz`/`trapnz`: a conditional jump to the throw stub.
    /// On the flags of its fused `icmp` (`cmp`+`jae` for a bounds check),
    /// else on a test of `arg`.
    pub(super) fn cond_trap(&mut self, op: CondTrapOp, arg: Value, code: TrapCode) {
        let nonzero = self.flags_for(arg);
        let l = self.trap(code);
        let cc = match op {
            CondTrapOp::Trapz => nonzero.invert(),
            CondTrapOp::Trapnz => nonzero,
        };
        self.buf.jcc(cc, l);
    }

    /// `brif`: on the flags of its fused `icmp`, else on a test of `arg`.
    pub(super) fn brif(
        &mut self,
        arg: Value,
        then_dest: &BlockCall,
        else_dest: &BlockCall,
        next: Option<Block>,
    ) {
        let cond = self.flags_for(arg);
        self.branch(cond, then_dest, else_dest, next);
    }

    /// Sets the flags for a branch on `arg` being non-zero and returns the
    /// condition that holds then: its fused `icmp`'s comparison, else a
    /// test of `arg` (`Ne`).
    fn flags_for(&mut self, arg: Value) -> Cond {
        let func = self.func;
        match fused_icmp(func, &self.a.fused, arg) {
            Some(cmp) => {
                let InstData::Icmp { cond, args } = func.dfg.inst(cmp) else {
                    unreachable!("only icmps are fused into branches")
                };
                self.compare(*cond, args[0], args[1])
            }
            None => {
                self.test(arg);
                Cond::Ne
            }
        }
    }

    /// `br_table`.
    pub(super) fn br_table(
        &mut self,
        inst: Inst,
        arg: Value,
        default: &BlockCall,
        targets: &[BlockCall],
        next: Option<Block>,
    ) -> Result<(), BackendError> {
        let w = bits(self.ty(arg));
        self.load(arg, RAX);
        self.extend32(RAX, w, false);
        // One label per distinct destination: the block itself, or a
        // stub doing the edge's moves first.
        let mut stubs: Vec<(Label, &BlockCall)> = Vec::new();
        let mut labels = Vec::with_capacity(targets.len());
        for t in targets {
            let l = if self.edge_moves(t).is_empty() {
                self.label(t.block)
            } else if let Some(&(l, _)) = stubs.iter().find(|(_, s)| *s == t) {
                l
            } else {
                let l = self.buf.new_label();
                stubs.push((l, t));
                l
            };
            labels.push(l);
        }
        if targets.len() <= 4 {
            // A short compare chain.
            for (i, &l) in labels.iter().enumerate() {
                let i = i as i8;
                if w == 64 {
                    self.buf.cmp_rm64_imm8(RAX, i);
                } else {
                    self.buf.cmp_rm32_imm8(RAX, i);
                }
                self.buf.jcc(Cond::E, l);
            }
            // Stubs follow the default edge, which then cannot fall
            // through.
            let fall = if stubs.is_empty() { next } else { None };
            self.edge(default, fall);
        } else {
            // Bounds check, then a binary search over the runs of
            // equal destinations: O(log n) compares, no data.
            let default_label = if self.edge_moves(default).is_empty() {
                self.label(default.block)
            } else {
                let l = self.buf.new_label();
                stubs.push((l, default));
                l
            };
            // A table longer than i32::MAX cannot exist.
            let n = i32::try_from(targets.len())
                .map_err(|_| BackendError::Internal(format!("{inst}: br_table too long")))?;
            match (w == 64, n as i8 as i32 == n) {
                (true, true) => self.buf.cmp_rm64_imm8(RAX, n as i8),
                (true, false) => self.buf.cmp_rm64_imm32(RAX, n),
                (false, true) => self.buf.cmp_rm32_imm8(RAX, n as i8),
                (false, false) => self.buf.cmp_rm32_imm32(RAX, n),
            };
            self.buf.jcc(Cond::Ae, default_label);
            let mut runs: Vec<(u32, Label)> = Vec::new();
            for (i, &l) in labels.iter().enumerate() {
                if runs.last().is_none_or(|&(_, p)| p != l) {
                    runs.push((i as u32, l));
                }
            }
            self.search(&runs);
        }
        let last = stubs.len().saturating_sub(1);
        for (k, (s, t)) in stubs.into_iter().enumerate() {
            self.buf.bind(s);
            // Only the last stub is followed by the next block.
            self.edge(t, if k == last { next } else { None });
        }
        Ok(())
    }

    /// `return`: the result in RAX (widened as the ABI wants) or XMM0, then
    /// the epilog.
    pub(super) fn ret(&mut self, args: &[Value]) {
        let func = self.func;
        if args.len() > 1 {
            // A struct's two eightbytes (`abi::return_locs`, checked by
            // `support`): floats first (a float constant is built through
            // RAX), then RDX, then RAX.
            let locs = return_locs(args.iter().map(|&v| self.ty(v))).unwrap_or_default();
            let mut order: Vec<(Value, Loc)> = args.iter().copied().zip(locs).collect();
            order.sort_by_key(|(_, l)| match l {
                Loc::Xmm(_) => 0,
                Loc::Reg(r) if *r != 0 => 1,
                _ => 2,
            });
            for (v, l) in order {
                match l {
                    Loc::Xmm(x) => self.xload(v, Xmm::ALL[x as usize]),
                    Loc::Reg(g) => self.load(v, Gpr::ALL[g as usize]),
                    _ => unreachable!("return registers"),
                }
            }
            self.epilog();
            return;
        }
        if let Some(&v) = args.first().filter(|&&v| self.ty(v).is_float()) {
            self.xload(v, XMM0);
        } else if let Some(&v) = args.first() {
            self.load(v, RAX);
            let ret = func.signature.returns[0];
            match (bits(ret.ty), ret.ext) {
                (8 | 16, ArgExt::Sext) => self.extend32(RAX, bits(ret.ty), true),
                (8 | 16, _) => self.extend32(RAX, bits(ret.ty), false),
                (32, _) => {
                    self.buf.mov_r32_rm32(RAX, RAX);
                }
                _ => {}
            }
        }
        self.epilog();
    }

    /// Jumps to the run containing the index in EAX (known to lie inside
    /// the runs' range): `runs` are (first index, destination), ascending.
    fn search(&mut self, runs: &[(u32, Label)]) {
        if let [(_, l)] = runs {
            self.buf.jmp(*l);
            return;
        }
        let mid = runs.len() / 2;
        let pivot = runs[mid].0 as i32;
        if pivot as i8 as i32 == pivot {
            self.buf.cmp_rm32_imm8(RAX, pivot as i8);
        } else {
            self.buf.cmp_rm32_imm32(RAX, pivot);
        }
        if let [(_, l)] = runs[..mid] {
            self.buf.jcc(Cond::B, l);
            self.search(&runs[mid..]);
        } else {
            let left = self.buf.new_label();
            self.buf.jcc(Cond::B, left);
            self.search(&runs[mid..]);
            self.buf.bind(left);
            self.search(&runs[..mid]);
        }
    }
}
