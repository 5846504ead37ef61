//! The encoder core: legacy prefixes, REX, opcode, ModRM, SIB,
//! displacement and immediate, written straight into the buffer.
//!
//! Every form in [`super::forms`] is one call to a template here with a
//! constant [`Op`]; the templates are `#[inline(always)]`, so each form
//! compiles to straight-line byte stores specialised for its opcode.
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
use super::operand::{Base, Rel, Rm, XmmRm, NO_INDEX};
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

/// Raw pointer cursor over the reserved spare capacity of the buffer.
struct Cur {
    p: *mut u8,
    n: usize,
}

impl Cur {
    #[inline(always)]
    fn put(&mut self, b: u8) {
        // SAFETY: `CodeBuffer::reserve` guaranteed RESERVE (32) bytes of
        // spare capacity, and no instruction writes more than 15.
        unsafe { self.p.add(self.n).write(b) };
        self.n += 1;
    }
    #[inline(always)]
    fn put16(&mut self, v: u16) {
        // SAFETY: as in `put`.
        unsafe { (self.p.add(self.n) as *mut [u8; 2]).write_unaligned(v.to_le_bytes()) };
        self.n += 2;
    }
    #[inline(always)]
    fn put32(&mut self, v: u32) {
        // SAFETY: as in `put`.
        unsafe { (self.p.add(self.n) as *mut [u8; 4]).write_unaligned(v.to_le_bytes()) };
        self.n += 4;
    }
    #[inline(always)]
    fn put64(&mut self, v: u64) {
        // SAFETY: as in `put`.
        unsafe { (self.p.add(self.n) as *mut [u8; 8]).write_unaligned(v.to_le_bytes()) };
        self.n += 8;
    }
    #[inline(always)]
    fn imm(&mut self, imm: u64, len: u8) {
        match len {
            0 => {}
            1 => self.put(imm as u8),
            2 => self.put16(imm as u16),
            4 => self.put32(imm as u32),
            _ => self.put64(imm),
        }
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

    #[inline(always)]
    fn prefixes(c: &mut Cur, o: Op) {
        if o.g1 != 0 {
            c.put(o.g1);
        }
        if o.osz {
            c.put(0x66);
        }
        if o.pfx != 0 {
            c.put(o.pfx);
        }
    }

    #[inline(always)]
    fn opcode(c: &mut Cur, o: Op) {
        if o.map == 1 {
            c.put(0x0F);
        }
        c.put(o.code);
    }

    /// `[prefixes] [REX] opcode ModRM [SIB] [disp] [imm]` with ModRM.reg =
    /// `reg` (a register number or an opcode extension `/digit`) and
    /// ModRM.rm = `rm`. `imm_len` is 0, 1, 2 or 4.
    #[inline(always)]
    pub(crate) fn e_rm(&mut self, o: Op, reg: u8, rm: Rm, imm: u64, imm_len: u8) -> InstId {
        let (id, start, mut c) = self.begin();
        Self::prefixes(&mut c, o);
        let mut rex = ((o.w as u8) << 3) | ((reg >> 3) << 2);
        let force = o.breg && reg >= 4;
        let r7 = (reg & 7) << 3;
        match rm {
            Rm::Reg(r) => {
                rex |= r.0 >> 3;
                if rex != 0 || force || (o.brm && r.0 >= 4) {
                    c.put(0x40 | rex);
                }
                Self::opcode(&mut c, o);
                c.put(0xC0 | r7 | (r.0 & 7));
            }
            Rm::Mem(m) => match m.base {
                Base::Reg(b) => {
                    rex |= b.0 >> 3;
                    let bl = b.0 & 7;
                    let md: u8 = if m.disp == 0 && bl != 5 {
                        0
                    } else if m.disp as i8 as i32 == m.disp {
                        1
                    } else {
                        2
                    };
                    if m.index == NO_INDEX {
                        if rex != 0 || force {
                            c.put(0x40 | rex);
                        }
                        Self::opcode(&mut c, o);
                        if bl == 4 {
                            c.put((md << 6) | r7 | 4);
                            c.put(0x24);
                        } else {
                            c.put((md << 6) | r7 | bl);
                        }
                    } else {
                        if m.index == 4 {
                            self.set_error(AsmError::InvalidOperand {
                                inst: id,
                                reason: "rsp cannot be an index register",
                            });
                        }
                        rex |= (m.index >> 3) << 1;
                        if rex != 0 || force {
                            c.put(0x40 | rex);
                        }
                        Self::opcode(&mut c, o);
                        c.put((md << 6) | r7 | 4);
                        c.put(((m.scale as u8) << 6) | ((m.index & 7) << 3) | bl);
                    }
                    match md {
                        0 => {}
                        1 => c.put(m.disp as u8),
                        _ => c.put32(m.disp as u32),
                    }
                }
                Base::None => {
                    let sib = if m.index == NO_INDEX {
                        0x25
                    } else {
                        if m.index == 4 {
                            self.set_error(AsmError::InvalidOperand {
                                inst: id,
                                reason: "rsp cannot be an index register",
                            });
                        }
                        rex |= (m.index >> 3) << 1;
                        ((m.scale as u8) << 6) | ((m.index & 7) << 3) | 5
                    };
                    if rex != 0 || force {
                        c.put(0x40 | rex);
                    }
                    Self::opcode(&mut c, o);
                    c.put(r7 | 4);
                    c.put(sib);
                    c.put32(m.disp as u32);
                }
                Base::Rip | Base::RipLabel(_) | Base::RipSym(_) => {
                    if rex != 0 || force {
                        c.put(0x40 | rex);
                    }
                    Self::opcode(&mut c, o);
                    c.put(r7 | 5);
                    let field = start + c.n;
                    match m.base {
                        Base::RipLabel(l) => {
                            c.put32(0);
                            self.fixup(field, l, m.disp, 4 + imm_len);
                        }
                        Base::RipSym(s) => {
                            c.put32(0);
                            let addend = m.disp as i64 - imm_len as i64;
                            self.sym_reloc(field, s, RelocKind::Rel32, addend);
                        }
                        _ => c.put32(m.disp as u32),
                    }
                }
            },
        }
        c.imm(imm, imm_len);
        self.end(start, c);
        id
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
    /// opcode bits (push/pop, mov r, imm, xchg with the accumulator).
    #[inline(always)]
    pub(crate) fn e_o(&mut self, o: Op, reg: u8, imm: u64, imm_len: u8) -> InstId {
        let (id, start, mut c) = self.begin();
        Self::prefixes(&mut c, o);
        let rex = ((o.w as u8) << 3) | (reg >> 3);
        if rex != 0 || (o.brm && reg >= 4) {
            c.put(0x40 | rex);
        }
        if o.map == 1 {
            c.put(0x0F);
        }
        c.put(o.code | (reg & 7));
        c.imm(imm, imm_len);
        self.end(start, c);
        id
    }

    /// `[prefixes] [REX.W] opcode [imm]`: no register operands.
    #[inline(always)]
    pub(crate) fn e_zo(&mut self, o: Op, imm: u64, imm_len: u8) -> InstId {
        let (id, start, mut c) = self.begin();
        Self::prefixes(&mut c, o);
        if o.w {
            c.put(0x48);
        }
        Self::opcode(&mut c, o);
        c.imm(imm, imm_len);
        self.end(start, c);
        id
    }

    /// `opcode rel32` to a label or symbol (`call`/`jmp`/`jcc` near).
    #[inline(always)]
    pub(crate) fn e_rel32(&mut self, o: Op, target: Rel) -> InstId {
        let (id, start, mut c) = self.begin();
        Self::opcode(&mut c, o);
        let field = start + c.n;
        c.put32(0);
        self.end(start, c);
        match target {
            Rel::Label(l) => self.fixup(field, l, 0, 4),
            Rel::Sym(s) => self.sym_reloc(field, s, RelocKind::Rel32, 0),
        }
        id
    }
}
