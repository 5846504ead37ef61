//! The encoder core: legacy prefixes, REX, opcode, ModRM, SIB,
//! displacement and immediate, written straight into the buffer.
//!
//! Every form in [`super::forms`] is one call to a template here with a
//! constant [`Op`], packed at compile time into the prefix and opcode
//! bytes. The shared cores write every field unconditionally into the
//! reserved spare capacity and advance by its length (0 when absent), and
//! memory operands carry their ModRM/SIB/displacement encoding precomputed
//! (see [`Mem`](super::Mem)), so encoding an instruction takes no
//! data-dependent branches except for label/symbol operands.
//!
//! Encoding rules (Intel SDM Vol. 2A §2.1–2.2): REX = `0100WRXB`; a REX
//! prefix is also required to address `spl`/`bpl`/`sil`/`dil` in byte
//! forms; ModRM `rm=100` means a SIB byte follows (so `rsp`/`r12` as base
//! need a SIB); `mod=00 rm=101` is `[rip+disp32]` (so `rbp`/`r13` as base
//! need an explicit `disp8` of 0); SIB `index=100` without REX.X means "no
//! index" (so `rsp` cannot be an index); SIB `base=101` with `mod=00` means
//! "no base, disp32".

use kiln_runtime_abi::stencil::RelocKind;

use super::buffer::{AsmError, CodeBuffer};
use super::operand::{Base, Rel, Rm, XmmRm};
use super::InstId;

/// A form's fixed encoding: prefixes, REX.W, opcode map and opcode byte,
/// and which operands are byte registers.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Op {
    /// `F0` (lock) or 0.
    pub(crate) g1: u8,
    /// The `66` prefix (operand size, or SSE mandatory prefix).
    pub(crate) osz: bool,
    /// Mandatory `F2`/`F3` prefix (or `rep`), emitted last, or 0.
    pub(crate) pfx: u8,
    /// REX.W.
    pub(crate) w: bool,
    /// Opcode map: 0 = one-byte, 1 = `0F`.
    pub(crate) map: u8,
    /// The opcode byte.
    pub(crate) code: u8,
    /// The ModRM.reg operand is a byte register.
    pub(crate) breg: bool,
    /// The ModRM.rm register operand is a byte register.
    pub(crate) brm: bool,
}

/// A one-byte-map opcode with no prefixes.
pub(crate) const fn op(code: u8) -> Op {
    Op {
        g1: 0,
        osz: false,
        pfx: 0,
        w: false,
        map: 0,
        code,
        breg: false,
        brm: false,
    }
}

/// A `0F`-map opcode with no prefixes.
pub(crate) const fn op0f(code: u8) -> Op {
    Op { map: 1, ..op(code) }
}

impl Op {
    /// With REX.W.
    pub(crate) const fn w(self) -> Op {
        Op { w: true, ..self }
    }
    /// With the `66` prefix.
    pub(crate) const fn p66(self) -> Op {
        Op { osz: true, ..self }
    }
    /// With the `F2` prefix.
    pub(crate) const fn f2(self) -> Op {
        Op { pfx: 0xF2, ..self }
    }
    /// With the `F3` prefix.
    pub(crate) const fn f3(self) -> Op {
        Op { pfx: 0xF3, ..self }
    }
    /// With the `lock` prefix.
    pub(crate) const fn lock(self) -> Op {
        Op { g1: 0xF0, ..self }
    }
    /// With the `rep` prefix.
    pub(crate) const fn rep(self) -> Op {
        Op { pfx: 0xF3, ..self }
    }
    /// Both ModRM operands are byte registers.
    pub(crate) const fn b(self) -> Op {
        Op {
            breg: true,
            brm: true,
            ..self
        }
    }
    /// The rm operand is a byte register (movzx/movsx/setcc).
    pub(crate) const fn brm(self) -> Op {
        Op { brm: true, ..self }
    }
}

/// An [`Op`] packed into one register-sized word for the cores:
/// bits 0–23 the legacy prefix bytes in emission order (`F0`, `66`,
/// `F2`/`F3`), 24–25 their count, 32–47 the opcode bytes (`xx` or `0F xx`),
/// 48–49 their count, bit 50 REX.W, 51 byte reg operand, 52 byte rm
/// operand.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Packed(u64);

impl Packed {
    #[inline(always)]
    fn pre(self) -> u32 {
        self.0 as u32 & 0x00FF_FFFF
    }
    #[inline(always)]
    fn pre_len(self) -> u8 {
        (self.0 >> 24) as u8 & 3
    }
    #[inline(always)]
    fn opc(self) -> u16 {
        (self.0 >> 32) as u16
    }
    #[inline(always)]
    fn opc_len(self) -> u8 {
        (self.0 >> 48) as u8 & 3
    }
    /// `0x08` if REX.W, else 0.
    #[inline(always)]
    fn w(self) -> u8 {
        ((self.0 >> 47) as u8) & 0x08
    }
    #[inline(always)]
    fn breg(self) -> bool {
        (self.0 >> 51) & 1 != 0
    }
    #[inline(always)]
    fn brm(self) -> bool {
        (self.0 >> 52) & 1 != 0
    }
}

impl Op {
    /// Pack into the word the cores take (constant-folded at every call
    /// site, where `self` is a constant).
    #[inline(always)]
    pub(crate) const fn pack(self) -> Packed {
        let mut pre = 0u64;
        let mut len = 0u64;
        if self.g1 != 0 {
            pre |= (self.g1 as u64) << (8 * len);
            len += 1;
        }
        if self.osz {
            pre |= 0x66 << (8 * len);
            len += 1;
        }
        if self.pfx != 0 {
            pre |= (self.pfx as u64) << (8 * len);
            len += 1;
        }
        let (opc, opc_len) = if self.map == 1 {
            (0x0F | ((self.code as u64) << 8), 2u64)
        } else {
            (self.code as u64, 1)
        };
        Packed(
            pre | (len << 24)
                | (opc << 32)
                | (opc_len << 48)
                | ((self.w as u64) << 50)
                | ((self.breg as u64) << 51)
                | ((self.brm as u64) << 52),
        )
    }
}

/// Raw pointer cursor over the reserved spare capacity of the buffer.
///
/// Every write stores a fixed number of bytes and advances by the field's
/// real length; later writes overwrite the excess. An instruction writes at
/// most 12 bytes before its last (8-byte) store, within [`RESERVE`](super::buffer)
/// (32) bytes.
struct Cur {
    p: *mut u8,
    n: usize,
}

impl Cur {
    #[inline(always)]
    fn put(&mut self, b: u8) {
        // SAFETY: `CodeBuffer::reserve` guaranteed 32 bytes of spare
        // capacity at the instruction start and `n + 1 <= 32` (see above).
        unsafe { self.p.add(self.n).write(b) };
        self.n += 1;
    }
    #[inline(always)]
    fn put_n(&mut self, b: u8, len: u8) {
        // SAFETY: as in `put`.
        unsafe { self.p.add(self.n).write(b) };
        self.n += len as usize;
    }
    #[inline(always)]
    fn put16_n(&mut self, v: u16, len: u8) {
        // SAFETY: as in `put`.
        unsafe { (self.p.add(self.n) as *mut [u8; 2]).write_unaligned(v.to_le_bytes()) };
        self.n += len as usize;
    }
    #[inline(always)]
    fn put32_n(&mut self, v: u32, len: u8) {
        // SAFETY: as in `put`.
        unsafe { (self.p.add(self.n) as *mut [u8; 4]).write_unaligned(v.to_le_bytes()) };
        self.n += len as usize;
    }
    #[inline(always)]
    fn put64_n(&mut self, v: u64, len: u8) {
        // SAFETY: as in `put`.
        unsafe { (self.p.add(self.n) as *mut [u8; 8]).write_unaligned(v.to_le_bytes()) };
        self.n += len as usize;
    }
}

impl CodeBuffer {
    /// Start an instruction: reserve room, record its offset.
    #[inline(always)]
    fn begin(&mut self) -> (InstId, usize, Cur) {
        self.reserve();
        let start = self.code.len();
        let id = InstId(self.insts.len() as u32);
        self.insts.push(start as u32);
        // SAFETY: `start <= capacity`; the pointer stays in the allocation.
        let p = unsafe { self.code.as_mut_ptr().add(start) };
        (id, start, Cur { p, n: 0 })
    }

    /// End an instruction of `c.n` bytes.
    #[inline(always)]
    fn end(&mut self, start: usize, c: Cur) {
        // SAFETY: the `c.n` bytes after `start` were initialised by `Cur`
        // and lie within the reserved capacity.
        unsafe { self.code.set_len(start + c.n) };
    }

    /// `[prefixes] [REX] opcode ModRM [SIB] [disp] [imm]` with ModRM.reg =
    /// `reg` (a register number or an opcode extension `/digit`) and
    /// ModRM.rm = `rm`. `imm_len` is 0, 1, 2, 4 (or 8).
    #[inline(always)]
    pub(crate) fn e_rm(&mut self, o: Op, reg: u8, rm: Rm, imm: u64, imm_len: u8) -> InstId {
        self.rm_core(o.pack(), reg, rm, imm, imm_len)
    }

    #[inline(never)]
    fn rm_core(&mut self, o: Packed, reg: u8, rm: Rm, imm: u64, imm_len: u8) -> InstId {
        let (id, start, mut c) = self.begin();
        let (modrm, sib, sib_len, disp_len, xb, byte_rex, special, disp) = match rm {
            Rm::Reg(r) => (0xC0 | (r.0 & 7), 0, 0, 0, r.0 >> 3, r.0 >= 4, false, 0),
            Rm::Mem(m) => (
                m.modrm, m.sib, m.sib_len, m.disp_len, m.rex, false, m.special, m.disp,
            ),
        };
        c.put32_n(o.pre(), o.pre_len());
        let rex = o.w() | ((reg >> 3) << 2) | xb;
        // A REX prefix is needed for any of W/R/X/B, and to address
        // spl/bpl/sil/dil in byte forms.
        let need = (rex != 0) | (o.breg() & (reg >= 4)) | (o.brm() & byte_rex);
        c.put_n(0x40 | rex, need as u8);
        c.put16_n(o.opc(), o.opc_len());
        c.put(modrm | ((reg & 7) << 3));
        c.put_n(sib, sib_len);
        let mut disp = disp as u32;
        if special {
            disp = self.rm_special(id, rm, start + c.n, imm_len);
        }
        c.put32_n(disp, disp_len);
        c.put64_n(imm, imm_len);
        self.end(start, c);
        id
    }

    /// The slow path of a memory operand: record a label fixup or a symbol
    /// relocation for the disp32 field at `field` (returns the placeholder
    /// to write), or the invalid-index error.
    #[cold]
    #[inline(never)]
    fn rm_special(&mut self, id: InstId, rm: Rm, field: usize, imm_len: u8) -> u32 {
        let Rm::Mem(m) = rm else { return 0 };
        match m.base {
            Base::RipLabel(l) => self.fixup(field, l, m.disp, 4 + imm_len),
            Base::RipSym(s) => {
                self.sym_reloc(field, s, RelocKind::Rel32, m.disp as i64 - imm_len as i64)
            }
            _ => self.set_error(AsmError::InvalidOperand {
                inst: id,
                reason: "rsp cannot be an index register",
            }),
        }
        if matches!(m.base, Base::RipLabel(_) | Base::RipSym(_)) {
            0
        } else {
            m.disp as u32
        }
    }

    /// [`e_rm`](Self::e_rm) with an SSE register-or-memory operand.
    #[inline(always)]
    pub(crate) fn e_xrm(&mut self, o: Op, reg: u8, rm: XmmRm, imm: u64, imm_len: u8) -> InstId {
        let rm = match rm {
            XmmRm::Reg(x) => Rm::Reg(super::Gpr(x.0)),
            XmmRm::Mem(m) => Rm::Mem(m),
        };
        self.e_rm(o, reg, rm, imm, imm_len)
    }

    /// `[prefixes] [REX] opcode+reg [imm]`: the register in the low three
    /// bits of the last opcode byte (push/pop, mov r, imm, xchg with the
    /// accumulator, bswap).
    #[inline(always)]
    pub(crate) fn e_o(&mut self, o: Op, reg: u8, imm: u64, imm_len: u8) -> InstId {
        self.o_core(o.pack(), reg, imm, imm_len)
    }

    #[inline(never)]
    fn o_core(&mut self, o: Packed, reg: u8, imm: u64, imm_len: u8) -> InstId {
        let (id, start, mut c) = self.begin();
        c.put32_n(o.pre(), o.pre_len());
        let rex = o.w() | (reg >> 3);
        let need = (rex != 0) | (o.brm() & (reg >= 4));
        c.put_n(0x40 | rex, need as u8);
        c.put16_n(
            o.opc() | (((reg & 7) as u16) << (8 * (o.opc_len() - 1))),
            o.opc_len(),
        );
        c.put64_n(imm, imm_len);
        self.end(start, c);
        id
    }

    /// `[prefixes] [REX.W] opcode [imm]`: no register operands.
    #[inline(always)]
    pub(crate) fn e_zo(&mut self, o: Op, imm: u64, imm_len: u8) -> InstId {
        self.zo_core(o.pack(), imm, imm_len)
    }

    #[inline(never)]
    fn zo_core(&mut self, o: Packed, imm: u64, imm_len: u8) -> InstId {
        let (id, start, mut c) = self.begin();
        c.put32_n(o.pre(), o.pre_len());
        c.put_n(0x48, (o.w() != 0) as u8);
        c.put16_n(o.opc(), o.opc_len());
        c.put64_n(imm, imm_len);
        self.end(start, c);
        id
    }

    /// `opcode rel32` to a label or symbol (`call`/`jmp`/`jcc` near).
    #[inline(always)]
    pub(crate) fn e_rel32(&mut self, o: Op, target: Rel) -> InstId {
        self.rel32_core(o.pack(), target)
    }

    #[inline(never)]
    fn rel32_core(&mut self, o: Packed, target: Rel) -> InstId {
        let (id, start, mut c) = self.begin();
        c.put16_n(o.opc(), o.opc_len());
        let field = start + c.n;
        c.put32_n(0, 4);
        self.end(start, c);
        match target {
            Rel::Label(l) => self.fixup(field, l, 0, 4),
            Rel::Sym(s) => self.sym_reloc(field, s, RelocKind::Rel32, 0),
        }
        id
    }
}
