//! Emission for methods with exception handling (the layout and rules are
//! in [`crate::backend::eh`]):
//!
//! | where | x64 |
//! |---|---|
//! | main prolog, after `sub rsp` | `mov [rsp+psp], rsp` (PSPSym = Initial-SP) |
//! | first block of a funclet | `push rbp; push <callee-saved>; sub rsp, N; mov rbp, [rdi+psp]; mov [rsp+psp], rbp; lea rbp, [rbp+delta]`, then the exception object from RSI to its home |
//! | protection changes between blocks | pending throw stubs (behind a `jmp` to the next block), then `nop` |
//! | `call_finally ehN, blockK` | `mov rdi, rsp` (funclet: `mov rdi, [rbp+psp]`); `call <finally>`; the edge to `blockK` |
//! | `end_finally` | funclet epilog |
//! | `catch_ret blockK` | `lea rax, [rip+blockK]`; funclet epilog |
//! | `end_filter v` | `mov eax, v`; funclet epilog |
//! | `rethrow` | `call [Rethrow helper]; int3` |
//!
//! Throw stubs are emitted per protected region (when protection changes)
//! so a trap's helper call is inside the region that protects the
//! trapping instruction, and per funclet (unwinding a stub uses the unwind
//! info of the fragment holding it).

use kiln_ir::{Block, Inst, InstData};
use kiln_runtime_abi::r2r::Helper;
use kiln_runtime_abi::stencil::{EhClause as NativeClause, Fragment, FragmentKind};

use super::{BackendError, CallKind, Emitter, Loc, Move, Src, RAX};
use crate::asm::{Gpr, Label, Mem};
use crate::backend::eh::{self as plan, EhPlan, FuncletFrame};

/// The EH state of the emitter.
pub(super) struct EhEmit {
    pub(super) plan: EhPlan,
    pub(super) frame: FuncletFrame,
    /// Each funclet's fragment index and prolog instructions.
    prologs: Vec<(usize, plan::PrologOps)>,
}

impl EhEmit {
    pub(super) fn new(plan: EhPlan, frame: FuncletFrame) -> EhEmit {
        EhEmit {
            plan,
            frame,
            prologs: Vec::new(),
        }
    }
}

impl Emitter<'_> {
    /// The main body's PSPSym store, right after the prolog.
    pub(super) fn eh_prolog(&mut self) {
        if let Some(eh) = &self.eh {
            let psp = eh.frame.psp_offset as i32;
            self.buf
                .mov_rm64_r64(Mem::base_disp(Gpr::RSP, psp), Gpr::RSP);
        }
    }

    /// Before binding the label of the block at layout index `i`: throw
    /// stubs and the closing `nop` where protection changes, the pending
    /// stubs where a funclet starts.
    pub(super) fn eh_before_block(&mut self, i: usize) {
        let Some(eh) = &self.eh else { return };
        if eh.plan.funclet_starting_at(i).is_some() {
            self.throw_stubs(None);
        } else if eh.plan.region_changes_before(self.func, self.a, i) {
            let next = self.label(self.a.blocks[i]);
            self.throw_stubs(Some(next));
            // A call ending the region returns inside it.
            self.buf.nops(1);
        }
    }

    /// After binding the label of the block at layout index `i`: the
    /// funclet prolog and the exception object, if a funclet starts here.
    pub(super) fn eh_after_bind(&mut self, i: usize) {
        let Some(eh) = &self.eh else { return };
        let Some(f) = eh.plan.funclet_starting_at(i) else {
            return;
        };
        let k = eh.plan.fragment_of[i];
        let takes = matches!(f.kind, FragmentKind::Filter)
            || f.funclet
                .is_some_and(|(c, _)| self.func.eh_clauses[c].kind.takes_exception());
        let frame = eh.frame;
        let pushed = self.frame.pushed.clone();
        let ops = plan::funclet_prolog(&mut self.buf, &pushed, frame);
        if let Some(eh) = &mut self.eh {
            eh.prologs.push((k, ops));
        }
        let b = self.a.blocks[i];
        if let (true, Some(&exc)) = (takes, self.func.dfg.block_params(b).first()) {
            if let Some(home) = self.alloc.home[exc] {
                self.parallel_moves(&[Move {
                    dst: home,
                    src: Src::Loc(Loc::Reg(6)),
                }]);
            }
        }
    }

    /// The EH terminators.
    pub(super) fn eh_inst(
        &mut self,
        inst: Inst,
        data: &InstData,
        next: Option<Block>,
    ) -> Result<(), BackendError> {
        let Some(eh) = &self.eh else {
            return Err(BackendError::Internal(format!(
                "{inst}: EH terminator in a function without clauses"
            )));
        };
        let frame = eh.frame;
        let in_funclet = self
            .func
            .layout
            .inst_block(inst)
            .is_some_and(|b| self.func.regions[b].funclet.is_some());
        let pushed = self.frame.pushed.clone();
        match data {
            InstData::CallFinally { clause, dest } => {
                let psp = frame.psp_offset as i32;
                if in_funclet {
                    // The PSPSym of the main frame (RBP is the parent's).
                    let at = psp - frame.rbp_delta as i32;
                    self.buf
                        .mov_r64_rm64(Gpr::RDI, Mem::base_disp(Gpr::RBP, at));
                } else {
                    self.buf.mov_r64_rm64(Gpr::RDI, Gpr::RSP);
                }
                let handler = self.label(self.func.eh_clauses[*clause].handler);
                self.buf.call_rel32_64(crate::asm::Rel::Label(handler));
                self.edge(dest, next);
            }
            InstData::EndFinally => plan::funclet_epilog(&mut self.buf, &pushed, frame),
            InstData::CatchRet { dest } => {
                let l = self.label(*dest);
                self.buf.lea_r64_m(RAX, Mem::label(l));
                plan::funclet_epilog(&mut self.buf, &pushed, frame);
            }
            InstData::EndFilter { arg } => {
                self.load(*arg, RAX);
                plan::funclet_epilog(&mut self.buf, &pushed, frame);
            }
            InstData::Rethrow => {
                let id = self.call_helper(Helper::Rethrow);
                self.calls.push((id, CallKind::NoReturn));
                self.buf.int3();
            }
            _ => {
                return Err(BackendError::Internal(format!(
                    "{inst}: not an EH terminator"
                )))
            }
        }
        Ok(())
    }
}

/// The fragments (main body first, its unwind given) and the clause
/// table of an assembled method with funclets.
pub(super) fn fragments_and_clauses(
    e: &EhEmit,
    func: &kiln_ir::Function,
    a: &crate::backend::analysis::Analysis,
    asm: &crate::asm::Assembled,
    block_label: &kiln_ir::SecondaryMap<Block, Option<Label>>,
    main_unwind: kiln_runtime_abi::stencil::UnwindInfo,
) -> Result<(Vec<Fragment>, Vec<NativeClause>), BackendError> {
    let code_len = asm.code.len() as u32;
    let start_of = |i: usize| -> u32 {
        block_label[a.blocks[i]]
            .and_then(|l| asm.label_offset(l))
            .expect("every block is bound")
    };
    let plan = &e.plan;
    let fragment_range: Vec<(u32, u32)> = plan
        .fragments
        .iter()
        .enumerate()
        .map(|(k, f)| {
            let start = if k == 0 { 0 } else { start_of(f.blocks.0) };
            let end = plan
                .fragments
                .get(k + 1)
                .map_or(code_len, |n| start_of(n.blocks.0));
            (start, end)
        })
        .collect();
    let block_range: Vec<(u32, u32)> = (0..a.blocks.len())
        .map(|i| {
            let k = plan.fragment_of[i];
            let end = if i + 1 < a.blocks.len() && plan.fragment_of[i + 1] == k {
                start_of(i + 1)
            } else {
                fragment_range[k].1
            };
            (start_of(i), end)
        })
        .collect();
    let mut fragments = Vec::with_capacity(plan.fragments.len());
    for (k, f) in plan.fragments.iter().enumerate() {
        let (start, end) = fragment_range[k];
        let unwind = if k == 0 {
            main_unwind.clone()
        } else {
            let ops = &e
                .prologs
                .iter()
                .find(|(j, _)| *j == k)
                .ok_or_else(|| BackendError::Internal("funclet without a prolog".into()))?
                .1;
            plan::funclet_unwind(ops, asm, start)?
        };
        fragments.push(Fragment {
            start,
            end,
            kind: f.kind,
            unwind,
        });
    }
    let clauses = plan::clause_table(func, a, plan, &block_range, &fragment_range);
    Ok((fragments, clauses))
}

/// Untracked interior GC slots for the managed pointers held in IR stack
/// slots (the `byref` arguments of methods with exception handling); the
/// object references in slots are reported with the struct slots
/// (`analysis::struct_slot_refs`). Zeroed by the prolog, live everywhere.
pub(super) fn untracked_slots(
    func: &kiln_ir::Function,
    slot_offsets: &kiln_ir::SecondaryMap<kiln_ir::StackSlot, i32>,
    gc: &mut kiln_gcinfo::GcInfoDesc,
) {
    for (ss, data) in func.stack_slots.iter() {
        let Some(l) = data.layout else { continue };
        for &o in &func.struct_types[l].byrefs {
            let mut slot = kiln_gcinfo::Slot::stack(
                slot_offsets[ss] + o as i32,
                kiln_gcinfo::StackBase::FrameReg,
            );
            slot.untracked = true;
            slot.interior = true;
            slot.pinned = data.pinned;
            gc.add_slot(slot);
        }
    }
}
