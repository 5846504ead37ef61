//! Exception handling (ECMA-335 I.12.4.2, II.19, III.3.34 `endfinally`,
//! III.3.35 `endfilter`, III.3.46 `leave`, III.4.24 `rethrow`) to the IR's
//! clauses, regions and EH terminators (`kiln_ir::eh`).
//!
//! * **Variables live in frame slots.** In a method with clauses every
//!   argument and local gets a stack slot (a `ref` one with a GC layout, so
//!   the backend reports it as an untracked slot, interior for a `byref`
//!   argument): handlers and the code after them read variables from the
//!   frame, and no SSA value crosses a region boundary.
//! * **Blocks.** Every boundary of a protected region, handler and filter
//!   starts an IL block. Each IR block gets the [`Region`] of its IL
//!   offset: its funclet (the innermost handler or filter holding it) and
//!   its innermost protected region. Each handler and filter is entered at a
//!   fresh IR block (a catch or filter one receives the exception object
//!   as its parameter and pushes it) that jumps to the handler's first IL
//!   block, so that IL block may still be a branch target.
//! * **`leave`** empties the stack. Out of a catch handler it becomes
//!   `catch_ret`; every `finally` whose protected region it leaves becomes
//!   one `call_finally` block, innermost first, placed right after that
//!   region's last main-body block (inside the enclosing regions, outside
//!   the one it leaves), the last one continuing at the target.
//!   `endfinally` → `end_finally`, `endfilter` → `end_filter`, `rethrow` →
//!   `rethrow`.
//! * **Layout.** The main body's blocks in IL order (with the `call_finally`
//!   blocks), then each clause's filter and handler, each one contiguous run.
//!
//! Refused, with the construct named: protected regions inside handlers or
//! filters, `leave` out of a finally, fault or filter, and EH opcodes outside
//! the region kind they belong to.

use super::{unsupported, Importer, Kind, State};
use crate::env::LowerEnv;
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{
    Block, BlockCall, Cursor, EhClause, EhClauseData, FuncletPart, HandlerKind, InstData, Region,
    Type,
};
use kiln_metadata::body::{ClauseKind, ExceptionClause};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// A funclet: the handler or filter of one clause.
type Funclet = Option<(EhClause, FuncletPart)>;

/// One clause with its ranges as half-open IL offset pairs.
#[derive(Clone, Copy, Debug)]
struct Clause {
    kind: ClauseKind,
    try_: (u32, u32),
    handler: (u32, u32),
    /// IR clause and the entry blocks of the handler and filter.
    ir: EhClause,
    handler_entry: Block,
    filter_entry: Option<Block>,
}

impl Clause {
    fn filter(&self) -> Option<(u32, u32)> {
        match self.kind {
            ClauseKind::Filter(start) => Some((start, self.handler.0)),
            _ => None,
        }
    }
}

fn inside(r: (u32, u32), o: u32) -> bool {
    r.0 <= o && o < r.1
}

/// The exception-handling state of a method with clauses.
#[derive(Debug, Default)]
pub(super) struct EhInfo {
    clauses: Vec<Clause>,
    /// `call_finally` blocks, with the index of the clause whose protected
    /// region they leave.
    call_finally_blocks: Vec<(usize, Block)>,
}

fn eh_unsupported(what: String) -> LowerError {
    Unsupported::ExceptionHandling { what }.into()
}

impl<E: LowerEnv> Importer<'_, E> {
    /// Records the clauses (creating the IR clauses and their entry
    /// blocks) and refuses what the slice does not cover.
    pub(super) fn eh_setup(&mut self, clauses: &[ExceptionClause]) -> Result<(), LowerError> {
        if clauses.is_empty() && !self.synchronized {
            return Ok(());
        }
        let starts: std::collections::HashSet<u32> = self.insns.iter().map(|i| i.offset).collect();
        let code_end = self.insns.last().map_or(0, |i| i.next_offset());
        let mut info = EhInfo::default();
        for (n, c) in clauses.iter().enumerate() {
            let range = |o: u32, l: u32| (o, o.saturating_add(l));
            let try_ = range(c.try_offset, c.try_length);
            let handler = range(c.handler_offset, c.handler_length);
            // Starts at instructions, ends at instructions or the code's
            // end, nothing empty (ECMA-335 II.19).
            let start_ok = |o: u32| starts.contains(&o);
            let end_ok = |o: u32| starts.contains(&o) || o == code_end;
            let filter_ok = match c.kind {
                ClauseKind::Filter(f) => start_ok(f) && f < handler.0,
                _ => true,
            };
            if !(start_ok(try_.0)
                && start_ok(handler.0)
                && end_ok(try_.1)
                && end_ok(handler.1)
                && try_.0 < try_.1
                && handler.0 < handler.1
                && filter_ok)
            {
                return Err(eh_unsupported(format!("malformed clause {n}")));
            }
            let handler_entry = self.func.dfg.make_block();
            let filter_entry =
                matches!(c.kind, ClauseKind::Filter(_)).then(|| self.func.dfg.make_block());
            if let ClauseKind::Catch(t) = c.kind {
                if self.env.context_dependent_type(t.0)? {
                    return Err(eh_unsupported(format!(
                        "clause {n} catches a type over the shared code's type parameters (needs the generic context reported)"
                    )));
                }
            }
            let kind = match c.kind {
                ClauseKind::Catch(t) => HandlerKind::Catch { class_token: t.0 },
                ClauseKind::Filter(start) => HandlerKind::Filter {
                    filter: filter_entry.expect("made above"),
                    il_start: start,
                },
                ClauseKind::Finally => HandlerKind::Finally,
                ClauseKind::Fault => HandlerKind::Fault,
            };
            let ir = self.func.eh_clauses.push(EhClauseData {
                kind,
                handler: handler_entry,
                il_try: try_,
                il_handler: handler,
            });
            info.clauses.push(Clause {
                kind: c.kind,
                try_,
                handler,
                ir,
                handler_entry,
                filter_entry,
            });
        }
        // Protected regions inside handlers or filters would need nested
        // funclets.
        for (n, c) in info.clauses.iter().enumerate() {
            for h in &info.clauses {
                let funclets = [Some(h.handler), h.filter()];
                if funclets.iter().flatten().any(|&r| inside(r, c.try_.0)) {
                    return Err(eh_unsupported(format!(
                        "protected region at IL_{:04x} (clause {n}) inside a handler",
                        c.try_.0
                    )));
                }
            }
        }
        if self.synchronized {
            // The outermost clause (sync.rs): after every IL clause.
            let s = self.sync_setup(code_end);
            info.clauses.push(Clause {
                kind: ClauseKind::Fault,
                try_: (0, code_end),
                handler: (code_end, code_end + 1),
                ir: s.clause,
                handler_entry: s.handler,
                filter_entry: None,
            });
            self.sync = Some(s);
        }
        self.eh = Some(info);
        Ok(())
    }

    /// Whether `c` is a synchronized method's clause (no IL handler).
    fn is_sync(&self, c: &Clause) -> bool {
        self.sync.is_some_and(|s| s.clause == c.ir)
    }

    /// The IL offsets that start blocks because a region starts or ends
    /// there.
    pub(super) fn eh_boundaries(&self) -> Vec<u32> {
        let Some(info) = &self.eh else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for c in info.clauses.iter().filter(|c| !self.is_sync(c)) {
            out.extend([c.try_.0, c.try_.1, c.handler.0, c.handler.1]);
            if let Some(f) = c.filter() {
                out.push(f.0);
            }
        }
        out
    }

    /// Every variable of a method with clauses lives in a frame slot
    /// (`ref` ones in a slot the GC sees).
    pub(super) fn eh_slots(&mut self) {
        if self.eh.is_none() {
            return;
        }
        for v in 0..self.vars.len() {
            if self.slots[v].is_none() {
                self.slots[v] = self.var_slot(v);
            }
        }
        if self.vts.own_ret_buffer() {
            // The hidden return buffer too (a managed pointer the GC
            // sees): every `ret` writes through it, inside or after a
            // protected region (valuetype.rs, `struct_to_return`).
            let layout = super::liveness::byref_layout(&mut self.func);
            self.vts.ret_buffer_slot = Some(self.func.create_stack_slot(kiln_ir::StackSlotData {
                size: 8,
                align: 8,
                layout: Some(layout),
                pinned: false,
            }));
        }
        if self.hidden_context {
            // The generic context too, for the dictionary lookups of
            // protected regions and funclets (dictionary.rs).
            self.context_slot = Some(self.func.create_stack_slot(kiln_ir::StackSlotData {
                size: 8,
                align: 8,
                layout: None,
                pinned: false,
            }));
        }
    }

    /// The IL blocks where handlers and filters start: reachable roots.
    pub(super) fn eh_roots(&self) -> Vec<usize> {
        let Some(info) = &self.eh else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for c in info.clauses.iter().filter(|c| !self.is_sync(c)) {
            out.push(self.block_of_offset[&c.handler.0]);
            if let Some(f) = c.filter() {
                out.push(self.block_of_offset[&f.0]);
            }
        }
        out
    }

    /// Creates each handler's and filter's entry block: it jumps to the
    /// first IL block with the exception object (catch, filter) on the
    /// stack.
    pub(super) fn eh_entries(&mut self) -> Result<(), LowerError> {
        let Some(info) = &self.eh else {
            return Ok(());
        };
        let mut entries = Vec::new();
        for c in info.clauses.iter().filter(|c| !self.is_sync(c)) {
            let takes = !matches!(c.kind, ClauseKind::Finally | ClauseKind::Fault);
            entries.push((c.handler_entry, c.handler.0, takes));
            if let (Some(b), Some(f)) = (c.filter_entry, c.filter()) {
                entries.push((b, f.0, true));
            }
        }
        for (entry, offset, takes) in entries {
            self.func.layout.append_block(entry);
            let mut st = State {
                vars: vec![None; self.vars.len()],
                stack: Vec::new(),
            };
            if takes {
                let exc = self.func.dfg.append_block_param(entry, Type::Ref);
                st.stack.push((exc, Kind::Ref));
            }
            let target = self.block_of_offset[&offset];
            let dest = self.edge(entry, offset, Some(target), &st)?;
            let mut cur = Cursor::new(&mut self.func, entry);
            cur.ins(InstData::Jump { dest });
        }
        self.sync_handler();
        Ok(())
    }

    /// Refuses control flow between funclets other than `leave` (IL
    /// branches and fall-through into or out of a handler), and `ret`
    /// inside one (ECMA-335 I.12.4.2.8).
    pub(super) fn eh_check_flow(&self) -> Result<(), LowerError> {
        if self.eh.is_none() {
            return Ok(());
        }
        for b in &self.blocks {
            let last = &self.insns[b.end - 1];
            let here = self.region_at(self.insns[b.start].offset).funclet;
            if here.is_some() && last.opcode == Opcode::Ret {
                return Err(eh_unsupported(format!(
                    "IL_{:04x}: ret inside a handler",
                    last.offset
                )));
            }
            if matches!(last.opcode, Opcode::Leave | Opcode::Leave_S) {
                continue;
            }
            for &s in b.succs.iter().flatten() {
                let there = self.region_at(self.insns[self.blocks[s].start].offset);
                if there.funclet != here {
                    return Err(eh_unsupported(format!(
                        "IL_{:04x}: branch between a handler and other code",
                        last.offset
                    )));
                }
            }
        }
        Ok(())
    }

    /// The region of the code at IL offset `o`.
    pub(super) fn region_at(&self, o: u32) -> Region {
        let Some(info) = &self.eh else {
            return Region::default();
        };
        let mut r = Region::default();
        for c in &info.clauses {
            if r.funclet.is_none() {
                if c.filter().is_some_and(|f| inside(f, o)) {
                    r.funclet = Some((c.ir, FuncletPart::Filter));
                } else if inside(c.handler, o) {
                    r.funclet = Some((c.ir, FuncletPart::Handler));
                }
            }
            // No protected region lies inside a handler (eh_setup), so
            // inside a funclet no try applies.
            if r.try_region.is_none() && inside(c.try_, o) {
                r.try_region = Some(c.ir);
            }
        }
        if r.funclet.is_some() {
            r.try_region = None;
        }
        r
    }

    /// `leave`, `endfinally`, `endfilter`, `rethrow`.
    pub(super) fn eh_terminator(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        if self.eh.is_none() {
            return Err(unsupported(insn));
        }
        let here = self.region_at(insn.offset);
        let kind_of = |imp: &Self, c: EhClause| imp.func.eh_clauses[c].kind;
        let misplaced = || {
            eh_unsupported(format!(
                "IL_{:04x}: `{}` outside its handler kind",
                insn.offset,
                insn.opcode.name()
            ))
        };
        let data = match insn.opcode {
            Opcode::Endfinally => match here.funclet {
                Some((c, FuncletPart::Handler))
                    if matches!(kind_of(self, c), HandlerKind::Finally | HandlerKind::Fault) =>
                {
                    InstData::EndFinally
                }
                _ => return Err(misplaced()),
            },
            Opcode::Rethrow => match here.funclet {
                Some((c, FuncletPart::Handler)) if kind_of(self, c).takes_exception() => {
                    InstData::Rethrow
                }
                _ => return Err(misplaced()),
            },
            Opcode::Endfilter => {
                if !matches!(here.funclet, Some((_, FuncletPart::Filter))) {
                    return Err(misplaced());
                }
                let (v, k) = super::pop(st, insn.offset)?;
                if k != Kind::I32 || !st.stack.is_empty() {
                    return Err(super::invalid(insn.offset, InvalidIlKind::OperandTypes));
                }
                InstData::EndFilter { arg: v }
            }
            Opcode::Leave | Opcode::Leave_S => return self.leave(blk, insn, st, here),
            _ => return Err(unsupported(insn)),
        };
        st.stack.clear();
        super::at(&mut self.func, blk, insn).ins(data);
        Ok(())
    }

    fn leave(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
        here: Region,
    ) -> Result<(), LowerError> {
        let Operand::Branch(target) = insn.operand else {
            return Err(unsupported(insn));
        };
        st.stack.clear();
        let from = insn.offset;
        let target_region = self.region_at(target);
        let exits_handler = here.funclet.is_some() && target_region.funclet != here.funclet;
        // A leave stays in its funclet or returns from a catch to the main
        // body (no protected region lies inside a handler).
        if target_region.funclet.is_some() && target_region.funclet != here.funclet {
            return Err(eh_unsupported(format!(
                "IL_{from:04x}: leave into another handler"
            )));
        }
        if exits_handler {
            let (c, part) = here.funclet.expect("checked");
            if part == FuncletPart::Filter || !self.func.eh_clauses[c].kind.takes_exception() {
                return Err(eh_unsupported(format!(
                    "IL_{from:04x}: leave out of a finally, fault or filter"
                )));
            }
        }
        let dest = self.leave_path(blk, from, target, st)?;
        let mut cur = super::at(&mut self.func, blk, insn);
        if exits_handler {
            if !dest.args.is_empty() {
                return Err(eh_unsupported(format!(
                    "IL_{from:04x}: values live out of a catch handler"
                )));
            }
            cur.ins(InstData::CatchRet { dest: dest.block });
        } else {
            cur.ins(InstData::Jump { dest });
        }
        Ok(())
    }

    /// Where a `leave` from `from` to `target` goes: the target's block,
    /// or a chain of `call_finally` blocks for the finally clauses whose
    /// protected regions it leaves (innermost first) ending there.
    fn leave_path(
        &mut self,
        blk: Block,
        from: u32,
        target: u32,
        st: &State,
    ) -> Result<BlockCall, LowerError> {
        let info = self.eh.as_ref().expect("a method with clauses");
        let crossed: Vec<usize> = (0..info.clauses.len())
            .filter(|&n| {
                let c = &info.clauses[n];
                c.kind == ClauseKind::Finally && inside(c.try_, from) && !inside(c.try_, target)
            })
            .collect();
        let target_block = self.block_of_offset[&target];
        let last = self.edge(blk, from, Some(target_block), st)?;
        if crossed.is_empty() {
            return Ok(last);
        }
        let blocks: Vec<Block> = crossed
            .iter()
            .map(|_| {
                let b = self.func.dfg.make_block();
                self.func.layout.append_block(b);
                b
            })
            .collect();
        for (i, &n) in crossed.iter().enumerate() {
            let c = self.eh.as_ref().expect("checked").clauses[n];
            let dest = match blocks.get(i + 1) {
                Some(&next) => BlockCall::new(next, Vec::new()),
                None => last.clone(),
            };
            self.func.regions[blocks[i]] = self.region_outside(n);
            let mut cur = Cursor::new(&mut self.func, blocks[i]);
            cur.ins(InstData::CallFinally { clause: c.ir, dest });
            self.eh
                .as_mut()
                .expect("checked")
                .call_finally_blocks
                .push((n, blocks[i]));
        }
        Ok(BlockCall::new(blocks[0], Vec::new()))
    }

    /// The region just outside clause `n`'s protected region: the
    /// innermost clause whose protected region strictly contains it.
    fn region_outside(&self, n: usize) -> Region {
        let info = self.eh.as_ref().expect("a method with clauses");
        let t = info.clauses[n].try_;
        let try_region = info
            .clauses
            .iter()
            .find(|c| c.try_.0 <= t.0 && t.1 <= c.try_.1 && c.try_ != t)
            .map(|c| c.ir);
        Region {
            funclet: None,
            try_region,
        }
    }

    /// Gives every IR block its region and lays the function out: the main
    /// body (with each `call_finally` block right after the last main-body
    /// block of the region it leaves), then each filter and handler.
    pub(super) fn eh_finish(
        &mut self,
        pre_entry: Option<Block>,
        sync_enter: Option<Block>,
    ) -> Result<(), LowerError> {
        let Some(info) = self.eh.as_ref() else {
            return Ok(());
        };
        let info = EhInfo {
            clauses: info.clauses.clone(),
            call_finally_blocks: info.call_finally_blocks.clone(),
        };
        let mut main = Vec::new();
        main.extend(pre_entry);
        main.extend(sync_enter);
        let mut funclets: Vec<(Funclet, Vec<Block>)> = Vec::new();
        for c in &info.clauses {
            if let Some(f) = c.filter_entry {
                funclets.push((Some((c.ir, FuncletPart::Filter)), vec![f]));
            }
            funclets.push((Some((c.ir, FuncletPart::Handler)), vec![c.handler_entry]));
        }
        for c in &info.clauses {
            self.func.regions[c.handler_entry] = Region {
                funclet: Some((c.ir, FuncletPart::Handler)),
                try_region: None,
            };
            if let Some(f) = c.filter_entry {
                self.func.regions[f] = Region {
                    funclet: Some((c.ir, FuncletPart::Filter)),
                    try_region: None,
                };
            }
        }
        // The last main-body IL block of each clause's protected region.
        let mut anchor: Vec<Option<usize>> = vec![None; info.clauses.len()];
        for b in 0..self.blocks.len() {
            let Some(ir) = self.ir_blocks[b] else {
                continue;
            };
            let offset = self.insns[self.blocks[b].start].offset;
            let r = self.region_at(offset);
            self.func.regions[ir] = r;
            match r.funclet {
                None => {
                    for (n, c) in info.clauses.iter().enumerate() {
                        if inside(c.try_, offset) {
                            anchor[n] = Some(b);
                        }
                    }
                }
                Some(f) => {
                    let (_, list) = funclets
                        .iter_mut()
                        .find(|(k, _)| *k == Some(f))
                        .expect("every funclet is listed");
                    list.push(ir);
                }
            }
        }
        for &(n, _) in &info.call_finally_blocks {
            if anchor[n].is_none() {
                return Err(eh_unsupported(format!(
                    "finally at IL_{:04x} leaves a region without main-body code",
                    info.clauses[n].handler.0
                )));
            }
        }
        for b in 0..self.blocks.len() {
            let Some(ir) = self.ir_blocks[b] else {
                continue;
            };
            if self.func.regions[ir].funclet.is_some() {
                continue;
            }
            main.push(ir);
            for (n, _) in info.clauses.iter().enumerate() {
                if anchor[n] == Some(b) {
                    main.extend(
                        info.call_finally_blocks
                            .iter()
                            .filter(|&&(k, _)| k == n)
                            .map(|&(_, blk)| blk),
                    );
                }
            }
        }
        main.extend(funclets.into_iter().flat_map(|(_, l)| l));
        self.func.layout.set_block_order(main);
        Ok(())
    }
}
