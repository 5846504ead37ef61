//! Operands of x86-64 instructions: registers, memory operands, labels,
//! symbolic targets and condition codes.
//!
//! Registers carry no width: the encoding form (`Add_rm32_r32` versus
//! `Add_rm64_r64`) decides which view of a [`Gpr`] an instruction uses. In
//! byte forms, registers 4–7 are always `spl`, `bpl`, `sil`, `dil` (the
//! encoder emits a REX prefix for them); the legacy high-byte registers
//! `ah`/`ch`/`dh`/`bh` are never produced.
//!
//! Register numbers and ModRM/SIB rules: Intel SDM Vol. 2A §2.1–2.2
//! (Tables 2-2, 2-3, 2-5 "Special Cases of REX Encodings").

use std::fmt;

/// A general-purpose register, numbered as in ModRM/REX (0 = RAX … 15 = R15).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gpr(pub(crate) u8);

/// An SSE register `xmm0`–`xmm15`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Xmm(pub(crate) u8);

/// The width in which an instruction uses a [`Gpr`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Width {
    /// 8-bit view (`al`, `spl`, `r8b`, …).
    B8,
    /// 16-bit view (`ax`, `r8w`, …).
    B16,
    /// 32-bit view (`eax`, `r8d`, …).
    B32,
    /// 64-bit view (`rax`, `r8`, …).
    B64,
}

/// A register seen in a given width, e.g. `Gpr::RSI.view(Width::B8)` is
/// `sil`. Only used for naming and display; encoders take plain [`Gpr`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct GprView {
    /// The register.
    pub reg: Gpr,
    /// The width it is used in.
    pub width: Width,
}

const NAMES64: [&str; 16] = [
    "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12", "r13",
    "r14", "r15",
];
const NAMES32: [&str; 16] = [
    "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d", "r12d",
    "r13d", "r14d", "r15d",
];
const NAMES16: [&str; 16] = [
    "ax", "cx", "dx", "bx", "sp", "bp", "si", "di", "r8w", "r9w", "r10w", "r11w", "r12w", "r13w",
    "r14w", "r15w",
];
const NAMES8: [&str; 16] = [
    "al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil", "r8b", "r9b", "r10b", "r11b", "r12b",
    "r13b", "r14b", "r15b",
];

impl Gpr {
    /// `rax` / `eax` / `ax` / `al`.
    pub const RAX: Gpr = Gpr(0);
    /// `rcx` / `ecx` / `cx` / `cl`.
    pub const RCX: Gpr = Gpr(1);
    /// `rdx` / `edx` / `dx` / `dl`.
    pub const RDX: Gpr = Gpr(2);
    /// `rbx` / `ebx` / `bx` / `bl`.
    pub const RBX: Gpr = Gpr(3);
    /// `rsp` / `esp` / `sp` / `spl`.
    pub const RSP: Gpr = Gpr(4);
    /// `rbp` / `ebp` / `bp` / `bpl`.
    pub const RBP: Gpr = Gpr(5);
    /// `rsi` / `esi` / `si` / `sil`.
    pub const RSI: Gpr = Gpr(6);
    /// `rdi` / `edi` / `di` / `dil`.
    pub const RDI: Gpr = Gpr(7);
    /// `r8` / `r8d` / `r8w` / `r8b`.
    pub const R8: Gpr = Gpr(8);
    /// `r9` and its views.
    pub const R9: Gpr = Gpr(9);
    /// `r10` and its views.
    pub const R10: Gpr = Gpr(10);
    /// `r11` and its views.
    pub const R11: Gpr = Gpr(11);
    /// `r12` and its views.
    pub const R12: Gpr = Gpr(12);
    /// `r13` and its views.
    pub const R13: Gpr = Gpr(13);
    /// `r14` and its views.
    pub const R14: Gpr = Gpr(14);
    /// `r15` and its views.
    pub const R15: Gpr = Gpr(15);

    /// All sixteen registers in encoding order.
    pub const ALL: [Gpr; 16] = [
        Gpr(0),
        Gpr(1),
        Gpr(2),
        Gpr(3),
        Gpr(4),
        Gpr(5),
        Gpr(6),
        Gpr(7),
        Gpr(8),
        Gpr(9),
        Gpr(10),
        Gpr(11),
        Gpr(12),
        Gpr(13),
        Gpr(14),
        Gpr(15),
    ];

    /// The register with encoding number `n` (0–15), or `None`.
    pub const fn new(n: u8) -> Option<Gpr> {
        if n < 16 {
            Some(Gpr(n))
        } else {
            None
        }
    }

    /// The encoding number (0–15), as used by ModRM/REX and by the unwind
    /// codes of [`kiln_runtime_abi::stencil::UnwindOp`].
    pub const fn number(self) -> u8 {
        self.0
    }

    /// This register seen in `width`.
    pub const fn view(self, width: Width) -> GprView {
        GprView { reg: self, width }
    }

    /// The assembler name of this register in `width` (`sil`, `r8d`, …).
    pub const fn name(self, width: Width) -> &'static str {
        let i = self.0 as usize;
        match width {
            Width::B8 => NAMES8[i],
            Width::B16 => NAMES16[i],
            Width::B32 => NAMES32[i],
            Width::B64 => NAMES64[i],
        }
    }

    /// Whether the 8-bit view of this register needs a REX prefix
    /// (`spl`, `bpl`, `sil`, `dil` and `r8b`–`r15b`).
    pub const fn byte_needs_rex(self) -> bool {
        self.0 >= 4
    }
}

impl fmt::Debug for Gpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(NAMES64[self.0 as usize])
    }
}

impl fmt::Display for GprView {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.reg.name(self.width))
    }
}

impl Xmm {
    /// All sixteen SSE registers in encoding order.
    pub const ALL: [Xmm; 16] = [
        Xmm(0),
        Xmm(1),
        Xmm(2),
        Xmm(3),
        Xmm(4),
        Xmm(5),
        Xmm(6),
        Xmm(7),
        Xmm(8),
        Xmm(9),
        Xmm(10),
        Xmm(11),
        Xmm(12),
        Xmm(13),
        Xmm(14),
        Xmm(15),
    ];
    /// `xmm0`.
    pub const XMM0: Xmm = Xmm(0);
    /// `xmm1`.
    pub const XMM1: Xmm = Xmm(1);
    /// `xmm2`.
    pub const XMM2: Xmm = Xmm(2);
    /// `xmm3`.
    pub const XMM3: Xmm = Xmm(3);
    /// `xmm4`.
    pub const XMM4: Xmm = Xmm(4);
    /// `xmm5`.
    pub const XMM5: Xmm = Xmm(5);
    /// `xmm6`.
    pub const XMM6: Xmm = Xmm(6);
    /// `xmm7`.
    pub const XMM7: Xmm = Xmm(7);
    /// `xmm8`.
    pub const XMM8: Xmm = Xmm(8);
    /// `xmm9`.
    pub const XMM9: Xmm = Xmm(9);
    /// `xmm10`.
    pub const XMM10: Xmm = Xmm(10);
    /// `xmm11`.
    pub const XMM11: Xmm = Xmm(11);
    /// `xmm12`.
    pub const XMM12: Xmm = Xmm(12);
    /// `xmm13`.
    pub const XMM13: Xmm = Xmm(13);
    /// `xmm14`.
    pub const XMM14: Xmm = Xmm(14);
    /// `xmm15`.
    pub const XMM15: Xmm = Xmm(15);

    /// The register with encoding number `n` (0–15), or `None`.
    pub const fn new(n: u8) -> Option<Xmm> {
        if n < 16 {
            Some(Xmm(n))
        } else {
            None
        }
    }

    /// The encoding number (0–15).
    pub const fn number(self) -> u8 {
        self.0
    }
}

impl fmt::Debug for Xmm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "xmm{}", self.0)
    }
}

/// The scale factor of a SIB index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scale {
    /// `index*1`.
    S1 = 0,
    /// `index*2`.
    S2 = 1,
    /// `index*4`.
    S4 = 2,
    /// `index*8`.
    S8 = 3,
}

impl Scale {
    /// All four scales.
    pub const ALL: [Scale; 4] = [Scale::S1, Scale::S2, Scale::S4, Scale::S8];

    /// The multiplier (1, 2, 4 or 8).
    pub const fn factor(self) -> u32 {
        1 << self as u32
    }
}

/// A position in the code of one [`CodeBuffer`](super::CodeBuffer), created
/// by `new_label` and bound once by `bind`. May be used before it is bound.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub(crate) u32);

impl Label {
    /// The label's index in its buffer (labels are numbered from 0 in
    /// creation order).
    pub const fn index(self) -> u32 {
        self.0
    }
}

/// A symbolic target outside the code (import cell, data), interned in one
/// [`CodeBuffer`](super::CodeBuffer) by `target`. References to it become
/// [`Reloc`](kiln_runtime_abi::stencil::Reloc)s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub(crate) u32);

impl Sym {
    /// The symbol's index in its buffer (numbered from 0 in interning order).
    pub const fn index(self) -> u32 {
        self.0
    }
}

/// What a memory operand is relative to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Base {
    /// No base register: `[index*scale + disp32]` or absolute `[disp32]`.
    None,
    /// A base register.
    Reg(Gpr),
    /// `[rip + disp32]` with a literal displacement (relative to the end of
    /// the instruction).
    Rip,
    /// `[rip + label + disp]`: the displacement is resolved when the buffer
    /// is finished.
    RipLabel(Label),
    /// `[rip + sym + disp]`: a `Rel32` relocation to the symbol, with addend
    /// `disp` (adjusted for trailing immediates), for the writer to patch.
    RipSym(Sym),
}

/// A memory operand `[base + index*scale + disp]` or `[rip + …]`.
///
/// Build with the constructors; the operand size comes from the form.
/// An index of `rsp` cannot be encoded and is reported as an
/// [`AsmError::InvalidOperand`](super::AsmError::InvalidOperand) by
/// `finish`.
///
/// The constructors also precompute the operand's ModRM/SIB/displacement
/// encoding (they are `const fn`s, so constant operands cost nothing), which
/// keeps the encoder's hot path free of data-dependent branches.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Mem {
    pub(crate) base: Base,
    /// Index register number, or `NO_INDEX`.
    pub(crate) index: u8,
    pub(crate) scale: Scale,
    pub(crate) disp: i32,
    /// ModRM `mod` and `rm` bits (the `reg` bits are the form's).
    pub(crate) modrm: u8,
    /// The SIB byte, if `sib_len == 1`.
    pub(crate) sib: u8,
    pub(crate) sib_len: u8,
    /// Displacement bytes: 0, 1 or 4.
    pub(crate) disp_len: u8,
    /// REX.X and REX.B bits.
    pub(crate) rex: u8,
    /// Needs the slow path: label/symbol reference or invalid index.
    pub(crate) special: bool,
}

pub(crate) const NO_INDEX: u8 = 0xFF;

impl Mem {
    const fn raw(base: Base, index: u8, scale: Scale, disp: i32) -> Mem {
        Mem {
            base,
            index,
            scale,
            disp,
            modrm: 0,
            sib: 0,
            sib_len: 0,
            disp_len: 0,
            rex: 0,
            special: false,
        }
        .encoded()
    }

    /// Compute the ModRM/SIB/displacement encoding (SDM Vol. 2A Tables 2-2,
    /// 2-3 and 2-5).
    const fn encoded(mut self) -> Mem {
        let has_index = self.index != NO_INDEX;
        let x = if has_index { (self.index >> 3) & 1 } else { 0 };
        let sib_index = if has_index {
            (self.index & 7) << 3
        } else {
            4 << 3
        };
        let scale = if has_index {
            (self.scale as u8) << 6
        } else {
            0
        };
        self.special = has_index && self.index == 4;
        self.sib_len = 0;
        self.sib = 0;
        match self.base {
            Base::Reg(b) => {
                let bl = b.0 & 7;
                let md: u8 = if self.disp == 0 && bl != 5 {
                    0
                } else if self.disp as i8 as i32 == self.disp {
                    1
                } else {
                    2
                };
                self.disp_len = [0, 1, 4][md as usize];
                self.rex = (x << 1) | (b.0 >> 3);
                if has_index || bl == 4 {
                    self.modrm = (md << 6) | 4;
                    self.sib = scale | sib_index | bl;
                    self.sib_len = 1;
                } else {
                    self.modrm = (md << 6) | bl;
                }
            }
            Base::None => {
                self.modrm = 4;
                self.sib = scale | sib_index | 5;
                self.sib_len = 1;
                self.disp_len = 4;
                self.rex = x << 1;
            }
            Base::Rip | Base::RipLabel(_) | Base::RipSym(_) => {
                self.modrm = 5;
                self.disp_len = 4;
                self.rex = 0;
                self.special = !matches!(self.base, Base::Rip);
            }
        }
        self
    }

    /// `[base]`.
    pub const fn base(base: Gpr) -> Mem {
        Mem::raw(Base::Reg(base), NO_INDEX, Scale::S1, 0)
    }

    /// `[base + disp]`.
    pub const fn base_disp(base: Gpr, disp: i32) -> Mem {
        Mem::raw(Base::Reg(base), NO_INDEX, Scale::S1, disp)
    }

    /// `[base + index*scale + disp]`. `index` must not be `rsp`.
    pub const fn base_index(base: Gpr, index: Gpr, scale: Scale, disp: i32) -> Mem {
        Mem::raw(Base::Reg(base), index.0, scale, disp)
    }

    /// `[index*scale + disp32]` (no base). `index` must not be `rsp`.
    pub const fn index(index: Gpr, scale: Scale, disp: i32) -> Mem {
        Mem::raw(Base::None, index.0, scale, disp)
    }

    /// `[disp32]`: an absolute address (sign-extended to 64 bits).
    pub const fn abs(disp: i32) -> Mem {
        Mem::raw(Base::None, NO_INDEX, Scale::S1, disp)
    }

    /// `[rip + disp32]`, relative to the end of the instruction.
    pub const fn rip(disp: i32) -> Mem {
        Mem::raw(Base::Rip, NO_INDEX, Scale::S1, disp)
    }

    /// `[rip + label]`: the address of a label of the same buffer.
    pub const fn label(label: Label) -> Mem {
        Mem::raw(Base::RipLabel(label), NO_INDEX, Scale::S1, 0)
    }

    /// `[rip + sym]`: a symbolic target (import cell, data), relocated by
    /// the writer. `call_rm64(Mem::sym(cell))` encodes as `FF 15 disp32`.
    pub const fn sym(sym: Sym) -> Mem {
        Mem::raw(Base::RipSym(sym), NO_INDEX, Scale::S1, 0)
    }

    /// The same operand with displacement (or label/symbol addend) `disp`.
    pub const fn with_disp(self, disp: i32) -> Mem {
        Mem::raw(self.base, self.index, self.scale, disp)
    }

    /// What the operand is relative to.
    pub const fn base_kind(&self) -> Base {
        self.base
    }

    /// The index register and scale, if any.
    pub const fn index_scale(&self) -> Option<(Gpr, Scale)> {
        if self.index == NO_INDEX {
            None
        } else {
            Some((Gpr(self.index), self.scale))
        }
    }

    /// The displacement (or addend for label/symbol operands).
    pub const fn disp(&self) -> i32 {
        self.disp
    }
}

/// A register-or-memory operand (the `rm` of a form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rm {
    /// A register, in the width the form says.
    Reg(Gpr),
    /// A memory operand.
    Mem(Mem),
}

impl From<Gpr> for Rm {
    fn from(r: Gpr) -> Rm {
        Rm::Reg(r)
    }
}

impl From<Mem> for Rm {
    fn from(m: Mem) -> Rm {
        Rm::Mem(m)
    }
}

/// An SSE register-or-memory operand (the `xmmm32`/`xmmm64`/`xmmm128` of a
/// form).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum XmmRm {
    /// An SSE register.
    Reg(Xmm),
    /// A memory operand.
    Mem(Mem),
}

impl From<Xmm> for XmmRm {
    fn from(r: Xmm) -> XmmRm {
        XmmRm::Reg(r)
    }
}

impl From<Mem> for XmmRm {
    fn from(m: Mem) -> XmmRm {
        XmmRm::Mem(m)
    }
}

/// The target of a `rel32` branch or call: a label of this buffer or a
/// symbolic target (relocated by the writer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rel {
    /// A label of the same buffer.
    Label(Label),
    /// A symbolic target: a `Rel32` relocation with addend 0.
    Sym(Sym),
}

impl From<Label> for Rel {
    fn from(l: Label) -> Rel {
        Rel::Label(l)
    }
}

impl From<Sym> for Rel {
    fn from(s: Sym) -> Rel {
        Rel::Sym(s)
    }
}

/// A condition code, numbered as in `Jcc`/`SETcc`/`CMOVcc` opcodes
/// (SDM Vol. 1 Appendix B, Table B-1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cond {
    /// Overflow.
    O = 0,
    /// No overflow.
    No = 1,
    /// Below (unsigned <), carry.
    B = 2,
    /// Above or equal (unsigned >=), no carry.
    Ae = 3,
    /// Equal, zero.
    E = 4,
    /// Not equal, not zero.
    Ne = 5,
    /// Below or equal (unsigned <=).
    Be = 6,
    /// Above (unsigned >).
    A = 7,
    /// Sign.
    S = 8,
    /// No sign.
    Ns = 9,
    /// Parity (unordered after `ucomis*`).
    P = 10,
    /// No parity.
    Np = 11,
    /// Less (signed <).
    L = 12,
    /// Greater or equal (signed >=).
    Ge = 13,
    /// Less or equal (signed <=).
    Le = 14,
    /// Greater (signed >).
    G = 15,
}

impl Cond {
    /// All sixteen conditions in encoding order.
    pub const ALL: [Cond; 16] = [
        Cond::O,
        Cond::No,
        Cond::B,
        Cond::Ae,
        Cond::E,
        Cond::Ne,
        Cond::Be,
        Cond::A,
        Cond::S,
        Cond::Ns,
        Cond::P,
        Cond::Np,
        Cond::L,
        Cond::Ge,
        Cond::Le,
        Cond::G,
    ];

    /// The opposite condition (`E` ↔ `Ne`, `L` ↔ `Ge`, …).
    pub const fn invert(self) -> Cond {
        Cond::ALL[(self as usize) ^ 1]
    }
}

/// Any operand, for tools that handle every form uniformly (tests, fuzzing,
/// benchmarks): see [`Inst::operands`](super::Inst::operands) and
/// [`Inst::new`](super::Inst::new).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operand {
    /// A general-purpose register.
    Gpr(Gpr),
    /// A register or memory operand.
    Rm(Rm),
    /// A memory operand.
    Mem(Mem),
    /// An SSE register.
    Xmm(Xmm),
    /// An SSE register or memory operand.
    XmmRm(XmmRm),
    /// A label (rel8 branches).
    Label(Label),
    /// A rel32 target.
    Rel(Rel),
    /// A signed 8-bit immediate.
    I8(i8),
    /// An unsigned 8-bit immediate (shift and bit counts).
    U8(u8),
    /// A signed 16-bit immediate.
    I16(i16),
    /// An unsigned 16-bit immediate.
    U16(u16),
    /// A signed 32-bit immediate.
    I32(i32),
    /// A 64-bit immediate.
    I64(i64),
}

/// The kind of each operand of a form, in order ([`Form::operands`](super::Form::operands)).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OpKind {
    /// [`Gpr`].
    Gpr,
    /// [`Rm`].
    Rm,
    /// [`Mem`].
    Mem,
    /// [`Xmm`].
    Xmm,
    /// [`XmmRm`].
    XmmRm,
    /// [`Label`].
    Label,
    /// [`Rel`].
    Rel,
    /// `i8`.
    I8,
    /// `u8`.
    U8,
    /// `i16`.
    I16,
    /// `u16`.
    U16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
}

/// Conversion from the uniform [`Operand`] to a form's operand type.
pub trait FromOperand: Sized {
    /// The operand kind this type stands for.
    const KIND: OpKind;
    /// `Some` if `op` has this type.
    fn from_operand(op: &Operand) -> Option<Self>;
    /// Wrap into the uniform representation.
    fn into_operand(self) -> Operand;
}

macro_rules! from_operand {
    ($($ty:ty => $v:ident),* $(,)?) => {$(
        impl FromOperand for $ty {
            const KIND: OpKind = OpKind::$v;
            fn from_operand(op: &Operand) -> Option<Self> {
                match *op {
                    Operand::$v(x) => Some(x),
                    _ => None,
                }
            }
            fn into_operand(self) -> Operand {
                Operand::$v(self)
            }
        }
    )*};
}

from_operand! {
    Gpr => Gpr, Rm => Rm, Mem => Mem, Xmm => Xmm, XmmRm => XmmRm, Label => Label, Rel => Rel,
    i8 => I8, u8 => U8, i16 => I16, u16 => U16, i32 => I32, i64 => I64,
}
