//! The frame (see the layout in the parent module): where spill slots, IR
//! stack slots and outgoing arguments sit; the prolog (`push rbp; mov rbp,
//! rsp; push` callee-saved`; sub rsp, N`, then zeroed IR stack slots and the
//! parameters moved to their homes) and the epilog (`add rsp, N; pop …; pop
//! rbp; ret`), shapes the x64 unwinder recognizes (Windows x64 unwind
//! codes, which R2R uses on every OS).
//!
//! A method with `local_alloc` moves RSP in the body (the allocation
//! pushes below the frame, then re-reserves the outgoing argument area
//! under it): everything but the outgoing arguments is addressed from RBP
//! anyway, the epilog becomes `lea rsp, [rbp - 8k]; pop …; pop rbp; ret`
//! (the unwinder's other epilog shape), and no callee-saved register is
//! used (`regalloc::allocate`): the Windows x64 unwinder replays the ops
//! recorded after `UWOP_SET_FPREG` (the pushes, the allocation) from RSP
//! before it restores RSP from RBP, so only an allocation, whose replay is
//! then overwritten, may follow it (`unwinder/amd64/unwinder.cpp`,
//! `RtlpUnwindPrologue`).

use kiln_ir::{Function, InstData, SecondaryMap};

use super::{Emitter, RAX};
use crate::asm::{Gpr, InstId, Mem};
use crate::backend::abi::arg_locs;
use crate::backend::moves::{Loc, Move, Src};
use crate::backend::regalloc::Allocation;
use crate::backend::{unsupported, BackendError, UnsupportedReason};

pub(super) fn align_up(x: u32, a: u32) -> u32 {
    (x + a - 1) & !(a - 1)
}

/// Where everything sits in the frame.
#[derive(Clone, Debug)]
pub(super) struct Frame {
    /// Callee-saved registers pushed after RBP, in push order.
    pub(super) pushed: Vec<u8>,
    /// RBP-relative offset of spill slot 0 (slot n is 8n below it).
    pub(super) spill0: i32,
    /// RBP-relative offset of each IR stack slot.
    pub(super) slots: SecondaryMap<kiln_ir::StackSlot, i32>,
    /// Rounded sizes of the IR stack slots (multiples of 8), for zeroing.
    pub(super) slot_sizes: Vec<(kiln_ir::StackSlot, u32)>,
    /// `sub rsp, N`.
    pub(super) alloc: u32,
    /// Outgoing stack arguments (8 bytes each) at `[rsp]`.
    pub(super) out_args: u32,
    /// RSP moves in the body (`local_alloc`): the epilog restores it from
    /// RBP.
    pub(super) moving_rsp: bool,
}

impl Frame {
    pub(super) fn new(func: &Function, alloc: &Allocation) -> Result<Frame, BackendError> {
        let out_args = func
            .layout
            .blocks()
            .iter()
            .flat_map(|&b| func.layout.block_insts(b))
            .filter_map(|&i| match func.dfg.inst(i) {
                InstData::Call { func: f, .. } => {
                    Some(arg_locs(func.ext_funcs[*f].signature.params.iter().copied()).1 as usize)
                }
                _ => None,
            })
            .max()
            .unwrap_or(0) as u32;
        let pushed = alloc.callee_saved.clone();
        let k = pushed.len() as u32 * 8;
        let mut cur = k;
        let spill0 = -((cur + 8) as i32);
        cur += alloc.num_spills * 8;
        let mut slots = SecondaryMap::new();
        let mut slot_sizes = Vec::new();
        for (ss, data) in func.stack_slots.iter() {
            let size = align_up(data.size.max(1), 8);
            let align = data.align.max(8);
            cur = align_up(cur + size, align);
            slots[ss] = -(cur as i32);
            slot_sizes.push((ss, size));
        }
        // Methods with funclets keep their PSPSym right above the outgoing
        // arguments (`backend::eh`).
        if !func.eh_clauses.is_empty() {
            cur += 8;
        }
        // The outgoing argument area sits at the bottom, at [rsp].
        cur += 8 * out_args;
        // Keep RSP 16-aligned in the body: at entry RSP ≡ 8 (mod 16), the
        // push of RBP makes it 0, then k bytes of pushes and N of allocation.
        let alloc_size = align_up(cur, 16) - k;
        // Frames of a page or more need stack probes (each page touched in
        // order so the guard page catches overflow); this backend emits none.
        if cur + 16 >= 4096 {
            return Err(unsupported(
                UnsupportedReason::FrameTooLarge,
                kiln_ir::AnyEntity::Function,
            ));
        }
        Ok(Frame {
            pushed,
            spill0,
            slots,
            slot_sizes,
            alloc: alloc_size,
            out_args,
            moving_rsp: func.layout.blocks().iter().any(|&b| {
                func.layout
                    .block_insts(b)
                    .iter()
                    .any(|&i| matches!(func.dfg.inst(i), InstData::LocalAlloc { .. }))
            }),
        })
    }

    pub(super) fn mem(&self, loc: Loc) -> Option<Mem> {
        match loc {
            Loc::Reg(_) | Loc::Xmm(_) => None,
            Loc::Spill(n) => Some(Mem::base_disp(Gpr::RBP, self.spill0 - 8 * n as i32)),
            Loc::InArg(n) => Some(Mem::base_disp(Gpr::RBP, 16 + 8 * n as i32)),
            Loc::OutArg(n) => Some(Mem::base_disp(Gpr::RSP, 8 * n as i32)),
        }
    }
}

/// The prolog's instructions, for the unwind info.
pub(super) struct Prolog {
    /// Each unwind-relevant instruction: `push` (with the register) or the
    /// `sub rsp, N` (with N).
    pub(super) insts: Vec<(InstId, Option<u8>, u32)>,
    /// The `mov rbp, rsp`.
    pub(super) set_fp: InstId,
    /// The prolog's last instruction.
    pub(super) last: InstId,
}

impl Emitter<'_> {
    /// Emits the prolog, zeroes the IR stack slots and moves the parameters
    /// to their homes.
    pub(super) fn prolog(&mut self) -> Prolog {
        let (func, a, alloc) = (self.func, self.a, self.alloc);
        let mut prolog: Vec<(InstId, Option<u8>, u32)> = Vec::new(); // (inst, pushed reg, alloc)
        prolog.push((self.buf.push_r64(Gpr::RBP), Some(5), 0));
        let set_fp = self.buf.mov_r64_rm64(Gpr::RBP, Gpr::RSP);
        for &r in &self.frame.pushed.clone() {
            prolog.push((self.buf.push_r64(Gpr::ALL[r as usize]), Some(r), 0));
        }
        let n = self.frame.alloc;
        if n > 0 {
            let id = if n <= 127 {
                self.buf.sub_rm64_imm8(Gpr::RSP, n as i8)
            } else {
                self.buf.sub_rm64_imm32(Gpr::RSP, n as i32)
            };
            prolog.push((id, None, n));
        }
        let last_prolog = self.buf.last_inst();

        // Zero the IR stack slots (IL locals are zero-initialized).
        if !self.frame.slot_sizes.is_empty() {
            self.buf.xor_rm32_r32(RAX, RAX);
            for (ss, size) in self.frame.slot_sizes.clone() {
                let base = self.frame.slots[ss];
                for k in (0..size).step_by(8) {
                    self.buf
                        .mov_rm64_r64(Mem::base_disp(Gpr::RBP, base + k as i32), RAX);
                }
            }
        }

        // Parameters into their homes.
        if let Some(&entry) = a.blocks.first() {
            let params = func.dfg.block_params(entry);
            let (locs, _) = arg_locs(func.signature.params.iter().copied());
            let moves: Vec<Move> = params
                .iter()
                .zip(locs)
                .filter_map(|(&p, loc)| {
                    let home = alloc.home[p]?;
                    let src = loc.incoming();
                    Some(Move {
                        dst: home,
                        src: Src::Loc(src),
                    })
                })
                .collect();
            self.parallel_moves(&moves);
        }
        Prolog {
            insts: prolog,
            set_fp,
            last: last_prolog,
        }
    }

    pub(super) fn epilog(&mut self) {
        let n = self.frame.alloc;
        if self.frame.moving_rsp {
            let k = 8 * self.frame.pushed.len() as i32;
            self.buf.lea_r64_m(Gpr::RSP, Mem::base_disp(Gpr::RBP, -k));
        } else if n > 0 {
            if n <= 127 {
                self.buf.add_rm64_imm8(Gpr::RSP, n as i8);
            } else {
                self.buf.add_rm64_imm32(Gpr::RSP, n as i32);
            }
        }
        for &r in self.frame.pushed.clone().iter().rev() {
            self.buf.pop_r64(Gpr::ALL[r as usize]);
        }
        self.buf.pop_r64(Gpr::RBP);
        self.buf.retnq();
    }
}
