//! Memory: integer and reference `load`/`store` through a base value (a
//! reference store through the GC write barrier helper when the stored
//! value may be a heap reference), the IR stack slots (`stack_load`,
//! `stack_store`, `stack_addr`, RBP-relative) and `elem_addr` (`lea`).
//! Float loads and stores are in `float.rs`.

use kiln_ir::{StackSlot, Type, Value};

use super::{bits, Emitter, RAX, RCX};
use crate::asm::{Cond, Gpr, Mem, Rm, Scale};
use crate::backend::imports::barrier_helper;
use crate::backend::moves::Loc;

impl Emitter<'_> {
    /// The memory operand `[base + offset]`: through `base`'s home register,
    /// or RAX loaded with it.
    pub(super) fn address(&mut self, base: Value, offset: u32) -> Mem {
        if let Some(m) = self.fused_elem_addr(base, offset) {
            return m;
        }
        let reg = match (self.konst(base), self.alloc.home[base]) {
            (None, Some(Loc::Reg(r))) => Gpr::ALL[r as usize],
            _ => {
                self.load(base, RAX);
                RAX
            }
        };
        Mem::base_disp(reg, offset as i32)
    }

    /// `load` of an integer or reference, zero-extended into its home.
    pub(super) fn int_load(&mut self, ty: Type, base: Value, offset: u32, result: Option<Value>) {
        let r = result.expect("load result");
        let m = Rm::Mem(self.address(base, offset));
        let dst = self.result_reg(r);
        self.load_sized(ty, dst, m);
        self.store(dst, r);
    }

    /// `store` of an integer or reference (a possible heap reference through
    /// the write barrier).
    pub(super) fn int_store(&mut self, args: [Value; 2], offset: u32) {
        let func = self.func;
        let [arg, base] = args;
        if crate::backend::analysis::needs_write_barrier(func, &self.a.consts, arg) {
            // The barrier stores and marks the card: RDI = the
            // field's address, RSI = the reference. It clobbers the
            // caller-saved registers (nothing lives there across it:
            // the store is a call point) and is not a GC safepoint.
            self.load(base, RAX);
            self.load(arg, Gpr::RSI);
            self.buf
                .lea_r64_m(Gpr::RDI, Mem::base_disp(RAX, offset as i32));
            self.call_helper(barrier_helper(self.ty(base)));
        } else {
            self.load(arg, RCX);
            let m = Rm::Mem(self.address(base, offset));
            self.store_sized(self.ty(arg), m, RCX);
        }
    }

    /// `stack_load` of an integer from an IR stack slot.
    pub(super) fn stack_load(
        &mut self,
        ty: Type,
        slot: StackSlot,
        offset: u32,
        result: Option<Value>,
    ) {
        let r = result.expect("stack_load result");
        let m = Mem::base_disp(Gpr::RBP, self.frame.slots[slot] + offset as i32);
        let dst = self.result_reg(r);
        self.load_sized(ty, dst, Rm::Mem(m));
        self.store(dst, r);
    }

    /// `stack_store` of an integer to an IR stack slot.
    pub(super) fn stack_store(&mut self, arg: Value, slot: StackSlot, offset: u32) {
        let m = Mem::base_disp(Gpr::RBP, self.frame.slots[slot] + offset as i32);
        self.load(arg, RAX);
        self.store_sized(self.ty(arg), Rm::Mem(m), RAX);
    }

    /// `dst ← [m]`: an integer of type `ty`, zero-extended.
    fn load_sized(&mut self, ty: Type, dst: Gpr, m: Rm) {
        match bits(ty) {
            8 => self.buf.movzx_r32_rm8(dst, m),
            16 => self.buf.movzx_r32_rm16(dst, m),
            32 => self.buf.mov_r32_rm32(dst, m),
            _ => self.buf.mov_r64_rm64(dst, m),
        };
    }

    /// `[m] ← src`: the low bits of an integer of type `ty`.
    fn store_sized(&mut self, ty: Type, m: Rm, src: Gpr) {
        match bits(ty) {
            8 => self.buf.mov_rm8_r8(m, src),
            16 => self.buf.mov_rm16_r16(m, src),
            32 => self.buf.mov_rm32_r32(m, src),
            _ => self.buf.mov_rm64_r64(m, src),
        };
    }

    /// `local_alloc size`: RyuJIT's `genLclHeap` with `compInitMem`: 0
    /// for a size of 0, else `ceil(size / 16)` iterations of `push 0; push
    /// 0` (zeroed memory, every page touched in order so the guard page
    /// turns an overflow into the runtime's stack overflow), then the
    /// outgoing argument area reserved again below it (16-aligned, so RSP
    /// stays aligned); the address is the lowest allocated byte. The
    /// rounding `add rcx, 15; rcr rcx, 1; shr rcx, 3` keeps the carry of
    /// sizes near 2^64 (no wrap to a small count).
    pub(super) fn local_alloc(&mut self, size: Value, result: Option<Value>) {
        let r = result.expect("local_alloc result");
        let (done, top) = (self.buf.new_label(), self.buf.new_label());
        self.load(size, RCX);
        self.buf.xor_rm32_r32(RAX, RAX);
        self.buf.test_rm64_r64(RCX, RCX);
        self.buf.jcc(Cond::E, done);
        self.buf.add_rm64_imm8(RCX, 15);
        self.buf.rcr_rm64_1(RCX);
        self.buf.shr_rm64_imm8(RCX, 3);
        self.buf.bind(top);
        self.buf.pushq_imm8(0);
        self.buf.pushq_imm8(0);
        self.buf.dec_rm64(RCX);
        self.buf.jcc(Cond::Ne, top);
        let out = super::frame::align_up(8 * self.frame.out_args, 16);
        if out > 0 {
            self.buf.sub_rm64_imm32(Gpr::RSP, out as i32);
        }
        self.buf
            .lea_r64_m(RAX, Mem::base_disp(Gpr::RSP, out as i32));
        self.buf.bind(done);
        self.store(RAX, r);
    }

    /// `stack_addr`: the slot's address (`lea`).
    pub(super) fn stack_addr(&mut self, slot: StackSlot, offset: u32, result: Option<Value>) {
        let r = result.expect("stack_addr result");
        let m = Mem::base_disp(Gpr::RBP, self.frame.slots[slot] + offset as i32);
        let dst = self.result_reg(r);
        self.buf.lea_r64_m(dst, m);
        self.store(dst, r);
    }

    /// `[array + index*scale + disp]` when `addr` is an `elem_addr` fused
    /// into this access (see `analysis`): the array through its home
    /// register or RAX, the index through its home register or RDX (RCX may
    /// hold a store's value), a constant index folded into the displacement.
    fn fused_elem_addr(&mut self, addr: Value, offset: u32) -> Option<Mem> {
        let def = crate::backend::analysis::fused_icmp(self.func, &self.a.fused, addr)?;
        let kiln_ir::InstData::ElemAddr {
            args,
            scale,
            offset: elem_offset,
        } = *self.func.dfg.inst(def)
        else {
            return None;
        };
        let disp = elem_offset as i64 + offset as i64;
        let base = match (self.konst(args[0]), self.alloc.home[args[0]]) {
            (None, Some(Loc::Reg(r))) => Gpr::ALL[r as usize],
            _ => {
                self.load(args[0], RAX);
                RAX
            }
        };
        if let Some(c) = self.konst(args[1]) {
            let d = disp + c.wrapping_mul(scale as i64);
            if let Ok(d) = i32::try_from(d) {
                return Some(Mem::base_disp(base, d));
            }
        }
        let index = match (self.konst(args[1]), self.alloc.home[args[1]]) {
            (None, Some(Loc::Reg(r))) => Gpr::ALL[r as usize],
            _ => {
                self.load(args[1], Gpr::RDX);
                Gpr::RDX
            }
        };
        Some(Mem::base_index(base, index, scale_of(scale), disp as i32))
    }

    /// `elem_addr`: `base + index * scale + offset` (`lea`).
    pub(super) fn elem_addr(
        &mut self,
        args: [Value; 2],
        scale: u8,
        offset: u32,
        result: Option<Value>,
    ) {
        let r = result.expect("elem_addr result");
        // `lea` reads base and index before it writes, so the result's
        // home may be either of them.
        let base = self.operand_reg(args[0], RAX);
        let index = self.operand_reg(args[1], RCX);
        let dst = self.result_reg(r);
        let s = scale_of(scale);
        self.buf
            .lea_r64_m(dst, Mem::base_index(base, index, s, offset as i32));
        self.store(dst, r);
    }
}

/// The SIB scale of an `elem_addr` (the verifier allows 1, 2, 4, 8).
fn scale_of(scale: u8) -> Scale {
    match scale {
        1 => Scale::S1,
        2 => Scale::S2,
        4 => Scale::S4,
        _ => Scale::S8,
    }
}
