//! Integer instructions: `unary`, `binary` (ALU, multiply, divide, shifts,
//! overflow checks to the overflow stub), `icmp` (unless fused into its
//! `brif`), `conv`, and the comparison and extension helpers the other
//! modules share. Operands come from their homes or as immediates; results
//! go to the result's home register when no operand lives there, else
//! through RAX (RDX for remainders).
//!
//! Specification: Intel SDM Vol. 2 (`IDIV`/`DIV` operands, `IMUL` forms,
//! shift count masking); semantics in `kiln_ir::instructions`.

use kiln_ir::{BinaryOp, ConvOp, Inst, IntCC, TrapCode, Type, UnaryOp, Value};

use super::{bits, Emitter, Operand, RAX, RCX, RDX};
use crate::asm::{Cond, Gpr, Rm};
use crate::backend::moves::Loc;
use crate::backend::BackendError;

pub(super) fn cond_of(cc: IntCC) -> Cond {
    match cc {
        IntCC::Eq => Cond::E,
        IntCC::Ne => Cond::Ne,
        IntCC::Slt => Cond::L,
        IntCC::Sle => Cond::Le,
        IntCC::Sgt => Cond::G,
        IntCC::Sge => Cond::Ge,
        IntCC::Ult => Cond::B,
        IntCC::Ule => Cond::Be,
        IntCC::Ugt => Cond::A,
        IntCC::Uge => Cond::Ae,
    }
}

pub(super) fn is_signed(cc: IntCC) -> bool {
    matches!(cc, IntCC::Slt | IntCC::Sle | IntCC::Sgt | IntCC::Sge)
}

impl Emitter<'_> {
    /// `unary`: `neg`/`not` in the result's home register (which may be
    /// the operand's, see `regalloc`) or RAX.
    pub(super) fn unary(&mut self, op: UnaryOp, arg: Value, result: Option<Value>) {
        let r = result.expect("unary result");
        let dst = self.result_reg(r);
        self.load(arg, dst);
        let w64 = bits(self.ty(arg)) == 64;
        match (op, w64) {
            (UnaryOp::Ineg, false) => self.buf.neg_rm32(dst),
            (UnaryOp::Ineg, true) => self.buf.neg_rm64(dst),
            (UnaryOp::Bnot, false) => self.buf.not_rm32(dst),
            (UnaryOp::Bnot, true) => self.buf.not_rm64(dst),
        };
        self.store(dst, r);
    }

    /// `icmp` into 0/1 (nothing when fused into the `brif` using it).
    pub(super) fn icmp(
        &mut self,
        inst: Inst,
        cond: IntCC,
        args: [Value; 2],
        result: Option<Value>,
    ) {
        if self.a.fused[inst] {
            return; // emitted by the brif
        }
        let r = result.expect("icmp result");
        let c = self.compare(cond, args[0], args[1]);
        let dst = match self.alloc.home[r] {
            Some(Loc::Reg(x))
                if self.alloc.home[args[0]] != Some(Loc::Reg(x))
                    && self.alloc.home[args[1]] != Some(Loc::Reg(x)) =>
            {
                Gpr::ALL[x as usize]
            }
            _ => RAX,
        };
        self.buf.setcc(c, dst);
        self.buf.movzx_r32_rm8(dst, dst);
        self.store(dst, r);
    }

    /// `conv`: sign/zero extension and truncation.
    pub(super) fn conv(
        &mut self,
        inst: Inst,
        op: ConvOp,
        arg: Value,
        ty: Type,
        result: Option<Value>,
    ) -> Result<(), BackendError> {
        let r = result.expect("conversion result");
        let from = bits(self.ty(arg));
        let to64 = bits(ty) == 64;
        // Into the result's home register when it has one (it may be the
        // operand's: every form reads its source before writing), reading
        // the operand from its home.
        let dst = self.result_reg(r);
        let src = match self.operand(arg) {
            Operand::Rm(rm) => rm,
            Operand::Imm(_) => {
                self.load(arg, dst);
                Rm::Reg(dst)
            }
        };
        match (op, from, to64) {
            (ConvOp::Sextend, 8, true) => self.buf.movsx_r64_rm8(dst, src),
            (ConvOp::Sextend, 16, true) => self.buf.movsx_r64_rm16(dst, src),
            (ConvOp::Sextend, 32, true) => self.buf.movsxd_r64_rm32(dst, src),
            (ConvOp::Sextend, 8, false) => self.buf.movsx_r32_rm8(dst, src),
            (ConvOp::Sextend, 16, false) => self.buf.movsx_r32_rm16(dst, src),
            (ConvOp::Uextend, 8, _) => self.buf.movzx_r32_rm8(dst, src),
            (ConvOp::Uextend, 16, _) => self.buf.movzx_r32_rm16(dst, src),
            (ConvOp::Uextend, 32, _) => self.buf.mov_r32_rm32(dst, src),
            // Reinterpretations: the value's type alone decides whether
            // the GC info reports it.
            (ConvOp::Ireduce | ConvOp::PtrToInt | ConvOp::IntToByref, _, _) => {
                if src == Rm::Reg(dst) {
                    self.store(dst, r);
                    return Ok(());
                }
                self.buf.mov_r64_rm64(dst, src)
            }
            _ => {
                return Err(BackendError::Internal(format!(
                    "{inst}: conversion {} from {from} bits to {ty}",
                    op.name()
                )))
            }
        };
        self.store(dst, r);
        Ok(())
    }

    /// Sign- or zero-extends the low `from` bits of `r` to 32 bits (no-op
    /// for 32/64).
    pub(super) fn extend32(&mut self, r: Gpr, from: u32, signed: bool) {
        match (from, signed) {
            (8, true) => {
                self.buf.movsx_r32_rm8(r, r);
            }
            (8, false) => {
                self.buf.movzx_r32_rm8(r, r);
            }
            (16, true) => {
                self.buf.movsx_r32_rm16(r, r);
            }
            (16, false) => {
                self.buf.movzx_r32_rm16(r, r);
            }
            _ => {}
        }
    }

    /// Emits a comparison of `a` and `b` and returns the condition that
    /// holds when `cc` does.
    pub(super) fn compare(&mut self, cc: IntCC, a: Value, b: Value) -> Cond {
        let w = bits(self.ty(a));
        if w < 32 {
            self.load(a, RAX);
            self.load(b, RCX);
            self.extend32(RAX, w, is_signed(cc));
            self.extend32(RCX, w, is_signed(cc));
            self.buf.cmp_rm32_r32(RAX, RCX);
            return cond_of(cc);
        }
        let w64 = w == 64;
        // Left operand: its home (register or memory), or RAX for a constant.
        let mut lhs = match self.operand(a) {
            Operand::Rm(rm) => rm,
            Operand::Imm(_) => {
                self.load(a, RAX);
                Rm::Reg(RAX)
            }
        };
        match self.operand(b) {
            Operand::Imm(c) if c as i32 as i64 == c => {
                match (w64, c as i8 as i64 == c) {
                    (false, true) => self.buf.cmp_rm32_imm8(lhs, c as i8),
                    (false, false) => self.buf.cmp_rm32_imm32(lhs, c as i32),
                    (true, true) => self.buf.cmp_rm64_imm8(lhs, c as i8),
                    (true, false) => self.buf.cmp_rm64_imm32(lhs, c as i32),
                };
            }
            Operand::Imm(_) | Operand::Rm(Rm::Reg(_)) => {
                let rhs = match self.operand(b) {
                    Operand::Rm(Rm::Reg(r)) => r,
                    _ => {
                        self.load(b, RCX);
                        RCX
                    }
                };
                if w64 {
                    self.buf.cmp_rm64_r64(lhs, rhs);
                } else {
                    self.buf.cmp_rm32_r32(lhs, rhs);
                }
            }
            Operand::Rm(m @ Rm::Mem(_)) => {
                let l = match lhs {
                    Rm::Reg(r) => r,
                    Rm::Mem(_) => {
                        self.load(a, RAX);
                        lhs = Rm::Reg(RAX);
                        RAX
                    }
                };
                let _ = lhs;
                if w64 {
                    self.buf.cmp_r64_rm64(l, m);
                } else {
                    self.buf.cmp_r32_rm32(l, m);
                }
            }
        }
        cond_of(cc)
    }

    /// Computes `a op b` into the returned register: the result's home
    /// register when it has one and no operand lives there, else RAX (RDX
    /// for remainders). Overflow checks jump to the overflow stub.
    pub(super) fn binary(&mut self, op: BinaryOp, a: Value, b: Value, r: Value) -> Gpr {
        let w = bits(self.ty(a));
        let w64 = w == 64;
        // The result's home, if a register `b` does not live in. It may be
        // `a`'s: the allocator ties a result to a first operand that dies
        // here (`regalloc`), and every form below reads `a` into the
        // destination first (a no-op then) and `b` only after.
        let home_dst = match self.alloc.home[r] {
            Some(Loc::Reg(x)) if self.alloc.home[b] != Some(Loc::Reg(x)) => Gpr::ALL[x as usize],
            _ => RAX,
        };
        match op {
            BinaryOp::Iadd
            | BinaryOp::Isub
            | BinaryOp::Band
            | BinaryOp::Bor
            | BinaryOp::Bxor
            | BinaryOp::SaddOvf
            | BinaryOp::UaddOvf
            | BinaryOp::SsubOvf
            | BinaryOp::UsubOvf => self.alu(op, a, b, home_dst, w64),
            BinaryOp::Imul | BinaryOp::SmulOvf => self.mul(op, a, b, home_dst, w64),
            BinaryOp::UmulOvf => {
                self.load(a, RAX);
                self.load(b, RCX);
                if w64 {
                    self.buf.mul_rm64(RCX);
                } else {
                    self.buf.mul_rm32(RCX);
                }
                let l = self.trap(TrapCode::Overflow);
                self.buf.jcc(Cond::O, l);
                RAX
            }
            BinaryOp::Sdiv | BinaryOp::Srem | BinaryOp::Udiv | BinaryOp::Urem => {
                self.div(op, a, b, w)
            }
            BinaryOp::Ishl | BinaryOp::Sshr | BinaryOp::Ushr => self.shift(op, a, b, home_dst, w),
        }
    }

    /// `iadd`, `isub`, `band`, `bor`, `bxor` and the add/sub overflow forms
    /// into `home_dst`.
    fn alu(&mut self, op: BinaryOp, a: Value, b: Value, home_dst: Gpr, w64: bool) -> Gpr {
        let dst = home_dst;
        self.load(a, dst);
        use AluOp::*;
        let alu = match op {
            BinaryOp::Iadd | BinaryOp::SaddOvf | BinaryOp::UaddOvf => Add,
            BinaryOp::Isub | BinaryOp::SsubOvf | BinaryOp::UsubOvf => Sub,
            BinaryOp::Band => And,
            BinaryOp::Bor => Or,
            _ => Xor,
        };
        match self.operand(b) {
            Operand::Imm(c) if !w64 || c as i32 as i64 == c => {
                self.alu_imm(alu, w64, dst, c as i32)
            }
            Operand::Imm(_) => {
                self.load(b, RCX);
                self.alu_rm(alu, w64, dst, Rm::Reg(RCX));
            }
            Operand::Rm(rm) => self.alu_rm(alu, w64, dst, rm),
        }
        match op {
            BinaryOp::SaddOvf | BinaryOp::SsubOvf => {
                let l = self.trap(TrapCode::Overflow);
                self.buf.jcc(Cond::O, l);
            }
            BinaryOp::UaddOvf | BinaryOp::UsubOvf => {
                let l = self.trap(TrapCode::Overflow);
                self.buf.jcc(Cond::B, l);
            }
            _ => {}
        }
        dst
    }

    /// `imul`, `smul_ovf` into `home_dst`.
    fn mul(&mut self, op: BinaryOp, a: Value, b: Value, home_dst: Gpr, w64: bool) -> Gpr {
        let dst = home_dst;
        match self.konst(b).filter(|&c| c as i32 as i64 == c) {
            Some(c) => {
                // imul dst, a, imm: no move of `a` needed.
                let src = match self.operand(a) {
                    Operand::Rm(rm) => rm,
                    Operand::Imm(_) => {
                        self.load(a, dst);
                        Rm::Reg(dst)
                    }
                };
                match (w64, c as i8 as i64 == c) {
                    (true, true) => self.buf.imul_r64_rm64_imm8(dst, src, c as i8),
                    (false, true) => self.buf.imul_r32_rm32_imm8(dst, src, c as i8),
                    (true, false) => self.buf.imul_r64_rm64_imm32(dst, src, c as i32),
                    (false, false) => self.buf.imul_r32_rm32_imm32(dst, src, c as i32),
                };
            }
            None => {
                self.load(a, dst);
                let rm = match self.operand(b) {
                    Operand::Rm(rm) => rm,
                    Operand::Imm(_) => {
                        self.load(b, RCX);
                        Rm::Reg(RCX)
                    }
                };
                if w64 {
                    self.buf.imul_r64_rm64(dst, rm);
                } else {
                    self.buf.imul_r32_rm32(dst, rm);
                }
            }
        }
        if op == BinaryOp::SmulOvf {
            let l = self.trap(TrapCode::Overflow);
            self.buf.jcc(Cond::O, l);
        }
        dst
    }

    /// `sdiv`, `srem`, `udiv`, `urem` (guards are separate IR traps): the
    /// quotient in RAX, the remainder in RDX.
    fn div(&mut self, op: BinaryOp, a: Value, b: Value, w: u32) -> Gpr {
        let w64 = w == 64;
        let signed = matches!(op, BinaryOp::Sdiv | BinaryOp::Srem);
        self.load(a, RAX);
        self.load(b, RCX);
        self.extend32(RAX, w, signed);
        self.extend32(RCX, w, signed);
        match (signed, w64) {
            (true, false) => {
                self.buf.cdq();
                self.buf.idiv_rm32(RCX);
            }
            (true, true) => {
                self.buf.cqo();
                self.buf.idiv_rm64(RCX);
            }
            (false, false) => {
                self.buf.xor_rm32_r32(RDX, RDX);
                self.buf.div_rm32(RCX);
            }
            (false, true) => {
                self.buf.xor_rm32_r32(RDX, RDX);
                self.buf.div_rm64(RCX);
            }
        }
        if matches!(op, BinaryOp::Srem | BinaryOp::Urem) {
            RDX
        } else {
            RAX
        }
    }

    /// `ishl`, `sshr`, `ushr` into `home_dst`: counts masked to the width as
    /// .NET does.
    fn shift(&mut self, op: BinaryOp, a: Value, b: Value, home_dst: Gpr, w: u32) -> Gpr {
        let w64 = w == 64;
        let dst = home_dst;
        self.load(a, dst);
        match op {
            BinaryOp::Sshr => self.extend32(dst, w, true),
            BinaryOp::Ushr => self.extend32(dst, w, false),
            _ => {}
        }
        let mask = (w - 1) as i64;
        match self.konst(b) {
            Some(c) => {
                let n = (c & mask) as u8;
                match (op, w64) {
                    (BinaryOp::Ishl, false) => self.buf.shl_rm32_imm8(dst, n),
                    (BinaryOp::Ishl, true) => self.buf.shl_rm64_imm8(dst, n),
                    (BinaryOp::Sshr, false) => self.buf.sar_rm32_imm8(dst, n),
                    (BinaryOp::Sshr, true) => self.buf.sar_rm64_imm8(dst, n),
                    (_, false) => self.buf.shr_rm32_imm8(dst, n),
                    (_, true) => self.buf.shr_rm64_imm8(dst, n),
                };
            }
            None => {
                self.load(b, RCX);
                if w < 32 {
                    // x64 masks counts to 5 bits; .NET wants mod 8/16.
                    self.buf.and_rm32_imm8(RCX, mask as i8);
                }
                match (op, w64) {
                    (BinaryOp::Ishl, false) => self.buf.shl_rm32_cl(dst),
                    (BinaryOp::Ishl, true) => self.buf.shl_rm64_cl(dst),
                    (BinaryOp::Sshr, false) => self.buf.sar_rm32_cl(dst),
                    (BinaryOp::Sshr, true) => self.buf.sar_rm64_cl(dst),
                    (_, false) => self.buf.shr_rm32_cl(dst),
                    (_, true) => self.buf.shr_rm64_cl(dst),
                };
            }
        }
        dst
    }

    fn alu_rm(&mut self, op: AluOp, w64: bool, dst: Gpr, src: Rm) {
        let b = &mut self.buf;
        match (op, w64) {
            (AluOp::Add, false) => b.add_r32_rm32(dst, src),
            (AluOp::Add, true) => b.add_r64_rm64(dst, src),
            (AluOp::Sub, false) => b.sub_r32_rm32(dst, src),
            (AluOp::Sub, true) => b.sub_r64_rm64(dst, src),
            (AluOp::And, false) => b.and_r32_rm32(dst, src),
            (AluOp::And, true) => b.and_r64_rm64(dst, src),
            (AluOp::Or, false) => b.or_r32_rm32(dst, src),
            (AluOp::Or, true) => b.or_r64_rm64(dst, src),
            (AluOp::Xor, false) => b.xor_r32_rm32(dst, src),
            (AluOp::Xor, true) => b.xor_r64_rm64(dst, src),
        };
    }

    fn alu_imm(&mut self, op: AluOp, w64: bool, dst: Gpr, c: i32) {
        let b = &mut self.buf;
        let small = c as i8 as i32 == c;
        macro_rules! pick {
            ($i8_32:ident, $i32_32:ident, $i8_64:ident, $i32_64:ident) => {
                match (w64, small) {
                    (false, true) => b.$i8_32(dst, c as i8),
                    (false, false) => b.$i32_32(dst, c),
                    (true, true) => b.$i8_64(dst, c as i8),
                    (true, false) => b.$i32_64(dst, c),
                }
            };
        }
        match op {
            AluOp::Add => pick!(add_rm32_imm8, add_rm32_imm32, add_rm64_imm8, add_rm64_imm32),
            AluOp::Sub => pick!(sub_rm32_imm8, sub_rm32_imm32, sub_rm64_imm8, sub_rm64_imm32),
            AluOp::And => pick!(and_rm32_imm8, and_rm32_imm32, and_rm64_imm8, and_rm64_imm32),
            AluOp::Or => pick!(or_rm32_imm8, or_rm32_imm32, or_rm64_imm8, or_rm64_imm32),
            AluOp::Xor => pick!(xor_rm32_imm8, xor_rm32_imm32, xor_rm64_imm8, xor_rm64_imm32),
        };
    }
}

enum AluOp {
    Add,
    Sub,
    And,
    Or,
    Xor,
}
