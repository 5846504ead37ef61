//! Control transfer (ECMA-335 III.3.15 `br`, III.3.17–3.18
//! `brfalse`/`brtrue`, III.3.5–3.14 compare-and-branch, III.3.66 `switch`,
//! III.3.56 `ret`, III.4.33 `throw`): each ends its block with an IR
//! terminator whose edges carry the live variables and the stack
//! (`cfg.rs`).

use super::arith::{compare_of, ref_condition};
use super::stack::{convert_to, pop_pair};
use super::{at, float, invalid, pop, pop_any, unsupported, Importer, Kind, State};
use crate::env::LowerEnv;
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{Block, InstData, IntCC, Type, Value};
use kiln_metadata::il::{Instruction, Opcode};

impl<E: LowerEnv> Importer<'_, E> {
    /// `ret`.
    pub(super) fn ret(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let offset = insn.offset;
        let sync = self.sync;
        let mut cur = at(&mut self.func, blk, insn);
        let args = match self.ret {
            None => Vec::new(),
            Some(_) if self.vts.own_ret().is_some() => {
                self.vts.struct_to_return(&mut cur, st, offset)?
            }
            Some(p) => {
                // A managed pointer is returned only as one (`T&` return
                // types; `convert_to` checks the kinds).
                let value = if p.ty == Type::ByRef {
                    pop_any(st, offset)?
                } else {
                    pop(st, offset)?
                };
                vec![convert_to(&mut cur, value, p, offset)?]
            }
        };
        if !st.stack.is_empty() {
            return Err(invalid(offset, InvalidIlKind::ReturnStack));
        }
        super::sync::exit(&mut cur, sync);
        cur.ret(&args);
        Ok(())
    }

    /// `throw`.
    pub(super) fn throw(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let offset = insn.offset;
        let mut cur = at(&mut self.func, blk, insn);
        // III.4.33: throws the object (NullReferenceException for
        // null: the runtime's Throw helper raises it).
        let (x, k) = pop(st, offset)?;
        if k != Kind::Ref {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        cur.ins(InstData::Throw { arg: x });
        Ok(())
    }

    /// `br`, `br.s`.
    pub(super) fn branch(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let offset = insn.offset;
        let succ = self.blocks[b].succs[0];
        let dest = self.edge(blk, offset, succ, st)?;
        let mut cur = at(&mut self.func, blk, insn);
        cur.ins(InstData::Jump { dest });
        Ok(())
    }

    /// `brtrue`, `brfalse` (and their short forms).
    pub(super) fn branch_if(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op) = (insn.offset, insn.opcode);
        let mut cur = at(&mut self.func, blk, insn);
        let (mut c, k) = pop(st, offset)?;
        if k.is_float() {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        if k == Kind::Ref {
            // An object reference is true when not null.
            let null = cur.null();
            c = cur.icmp(IntCC::Ne, c, null);
        }
        drop(cur);
        let taken_if_nonzero = matches!(op, O::Brtrue | O::Brtrue_S);
        self.branch_on(blk, b, insn, st, c, taken_if_nonzero)
    }

    /// `beq`, `bne.un`, `bge*`, `bgt*`, `ble*`, `blt*` (and short forms).
    pub(super) fn compare_branch(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, op) = (insn.offset, insn.opcode);
        let Some(cc) = compare_of(op) else {
            return Err(unsupported(insn));
        };
        let mut cur = at(&mut self.func, blk, insn);
        let c = match float::compare(&mut cur, st, op, offset)? {
            Some(c) => c,
            None => {
                let (x, y, k) = pop_pair(&mut cur, st, offset, false)?;
                if k == Kind::Ref && !ref_condition(cc) {
                    return Err(unsupported(insn));
                }
                cur.icmp(cc, x, y)
            }
        };
        drop(cur);
        self.branch_on(blk, b, insn, st, c, true)
    }

    /// Ends IL block `b` with a two-way branch on `c`: to the branch target
    /// when `c` is non-zero (`taken_if_nonzero`) or zero, else to the next
    /// block.
    fn branch_on(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &State,
        c: Value,
        taken_if_nonzero: bool,
    ) -> Result<(), LowerError> {
        let taken = self.edge(blk, insn.offset, self.blocks[b].succs[0], st)?;
        let fall = self.edge(blk, insn.offset, self.blocks[b].succs[1], st)?;
        let (then_dest, else_dest) = if taken_if_nonzero {
            (taken, fall)
        } else {
            (fall, taken)
        };
        at(&mut self.func, blk, insn).brif(c, then_dest, else_dest);
        Ok(())
    }

    /// `switch`.
    pub(super) fn switch(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let offset = insn.offset;
        let (x, k) = pop(st, offset)?;
        if k == Kind::Ref {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        if k != Kind::I32 {
            return Err(Unsupported::SwitchOnNativeInt { offset }.into());
        }
        let succs = self.blocks[b].succs.clone();
        let (cases, fall) = succs.split_at(succs.len() - 1);
        let mut targets = Vec::with_capacity(cases.len());
        for &s in cases {
            targets.push(self.edge(blk, offset, s, st)?);
        }
        let default = self.edge(blk, offset, fall[0], st)?;
        let mut cur = at(&mut self.func, blk, insn);
        cur.br_table(x, default, targets);
        Ok(())
    }
}
