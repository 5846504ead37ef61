//! Shared test support: operand value sets, a deterministic random
//! instruction generator, and the iced-x86 oracle that decodes kiln's bytes
//! and compares form, operands, length, prefixes, relocations and the bytes
//! iced's own encoder produces for the decoded instruction.
//!
//! Used by `tests/differential.rs`, `tests/property.rs`, the fuzz target
//! (`fuzz/fuzz_targets/encode.rs`, via `#[path]`) and the benchmark.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::OnceLock;

use iced_x86::{
    Code, Decoder, DecoderOptions, Encoder, OpCodeOperandKind as K, OpKind as IK, Register,
};
use kiln_runtime_abi::stencil::{RelocKind, Target};
use kiln_x64::asm::{
    Assembled, Base, CodeBuffer, Form, Gpr, Inst, InstId, Label, Mem, OpKind, Operand, Rel, Rm,
    Scale, Sym, Xmm, XmmRm,
};

// ---------------------------------------------------------------------------
// iced names

/// iced-x86 `Code` by name.
pub fn iced_codes() -> &'static HashMap<String, Code> {
    static MAP: OnceLock<HashMap<String, Code>> = OnceLock::new();
    MAP.get_or_init(|| Code::values().map(|c| (format!("{c:?}"), c)).collect())
}

/// Prefix a form's name carries beyond the iced `Code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prefix {
    None,
    Lock,
    Rep,
}

/// The iced `Code` and prefix of a form.
pub fn iced_code(form: Form) -> (Code, Prefix) {
    let name = form.name();
    let (base, p) = if let Some(b) = name.strip_prefix("Lock_") {
        (b, Prefix::Lock)
    } else if let Some(b) = name.strip_prefix("Rep_") {
        (b, Prefix::Rep)
    } else {
        (name, Prefix::None)
    };
    let code = *iced_codes()
        .get(base)
        .unwrap_or_else(|| panic!("form {name}: no iced Code named {base}"));
    (code, p)
}

const R8: [Register; 16] = [
    Register::AL,
    Register::CL,
    Register::DL,
    Register::BL,
    Register::SPL,
    Register::BPL,
    Register::SIL,
    Register::DIL,
    Register::R8L,
    Register::R9L,
    Register::R10L,
    Register::R11L,
    Register::R12L,
    Register::R13L,
    Register::R14L,
    Register::R15L,
];
const R16: [Register; 16] = [
    Register::AX,
    Register::CX,
    Register::DX,
    Register::BX,
    Register::SP,
    Register::BP,
    Register::SI,
    Register::DI,
    Register::R8W,
    Register::R9W,
    Register::R10W,
    Register::R11W,
    Register::R12W,
    Register::R13W,
    Register::R14W,
    Register::R15W,
];
const R32: [Register; 16] = [
    Register::EAX,
    Register::ECX,
    Register::EDX,
    Register::EBX,
    Register::ESP,
    Register::EBP,
    Register::ESI,
    Register::EDI,
    Register::R8D,
    Register::R9D,
    Register::R10D,
    Register::R11D,
    Register::R12D,
    Register::R13D,
    Register::R14D,
    Register::R15D,
];
const R64: [Register; 16] = [
    Register::RAX,
    Register::RCX,
    Register::RDX,
    Register::RBX,
    Register::RSP,
    Register::RBP,
    Register::RSI,
    Register::RDI,
    Register::R8,
    Register::R9,
    Register::R10,
    Register::R11,
    Register::R12,
    Register::R13,
    Register::R14,
    Register::R15,
];
const XMM: [Register; 16] = [
    Register::XMM0,
    Register::XMM1,
    Register::XMM2,
    Register::XMM3,
    Register::XMM4,
    Register::XMM5,
    Register::XMM6,
    Register::XMM7,
    Register::XMM8,
    Register::XMM9,
    Register::XMM10,
    Register::XMM11,
    Register::XMM12,
    Register::XMM13,
    Register::XMM14,
    Register::XMM15,
];

// ---------------------------------------------------------------------------
// operand values

/// The label every case's buffer creates first (`Label(0)`).
pub fn label0() -> Label {
    CodeBuffer::new().new_label()
}

/// The symbol every case's buffer interns first (`Sym(0)`).
pub fn sym0() -> Sym {
    CodeBuffer::new().target(case_target())
}

fn case_target() -> Target {
    Target::Data(0x40)
}

const DISPS: [i32; 10] = [
    0,
    1,
    -1,
    127,
    -128,
    128,
    -129,
    0x1234_5678,
    i32::MIN,
    i32::MAX,
];

/// Memory operands that exercise every ModRM/SIB special case once per
/// base register: no displacement, disp8 and disp32 boundaries, rsp/r12
/// bases (SIB), rbp/r13 bases (forced disp8), a few indexes, no base,
/// absolute, RIP-relative literal, label and symbol.
pub fn mem_core() -> Vec<Mem> {
    let mut v = Vec::new();
    for b in Gpr::ALL {
        for d in [0, -128, 127, 128, -129] {
            v.push(Mem::base_disp(b, d));
        }
    }
    for (b, i) in [
        (Gpr::RAX, Gpr::RCX),
        (Gpr::RBP, Gpr::R12),
        (Gpr::R13, Gpr::RBP),
        (Gpr::RSP, Gpr::R15),
    ] {
        for (s, d) in [(Scale::S1, 0), (Scale::S8, 0x7F), (Scale::S2, 0x100)] {
            v.push(Mem::base_index(b, i, s, d));
        }
    }
    v.push(Mem::index(Gpr::R9, Scale::S4, 0x10));
    v.push(Mem::abs(0x1000));
    v.push(Mem::rip(0x55));
    v.push(Mem::label(label0()).with_disp(8));
    v.push(Mem::sym(sym0()));
    v.push(Mem::sym(sym0()).with_disp(16));
    v
}

/// Every base × every displacement class, every index × scale with the
/// special bases, no-base forms and RIP forms.
pub fn mem_full() -> Vec<Mem> {
    let mut v = Vec::new();
    for b in Gpr::ALL {
        for d in DISPS {
            v.push(Mem::base_disp(b, d));
        }
    }
    for b in [Gpr::RAX, Gpr::RSP, Gpr::RBP, Gpr::R12, Gpr::R13, Gpr::R15] {
        for i in Gpr::ALL {
            if i == Gpr::RSP {
                continue;
            }
            for s in Scale::ALL {
                for d in [0, -128, 0x1000] {
                    v.push(Mem::base_index(b, i, s, d));
                }
            }
        }
    }
    for i in Gpr::ALL {
        if i == Gpr::RSP {
            continue;
        }
        for s in Scale::ALL {
            v.push(Mem::index(i, s, -8));
        }
    }
    for d in [0, -1, i32::MAX, i32::MIN] {
        v.push(Mem::abs(d));
        v.push(Mem::rip(d));
        v.push(Mem::label(label0()).with_disp(d / 2));
        v.push(Mem::sym(sym0()).with_disp(d / 2));
    }
    v
}

/// Small (product-friendly) value set of an operand kind.
pub fn small_values(k: OpKind) -> Vec<Operand> {
    match k {
        OpKind::Gpr => Gpr::ALL.iter().map(|&r| Operand::Gpr(r)).collect(),
        OpKind::Xmm => Xmm::ALL.iter().map(|&r| Operand::Xmm(r)).collect(),
        OpKind::Rm => Gpr::ALL
            .iter()
            .map(|&r| Operand::Rm(Rm::Reg(r)))
            .chain(mem_core().into_iter().map(|m| Operand::Rm(Rm::Mem(m))))
            .collect(),
        OpKind::XmmRm => Xmm::ALL
            .iter()
            .map(|&r| Operand::XmmRm(XmmRm::Reg(r)))
            .chain(
                mem_core()
                    .into_iter()
                    .map(|m| Operand::XmmRm(XmmRm::Mem(m))),
            )
            .collect(),
        OpKind::Mem => mem_core().into_iter().map(Operand::Mem).collect(),
        OpKind::Label => vec![Operand::Label(label0())],
        OpKind::Rel => vec![
            Operand::Rel(Rel::Label(label0())),
            Operand::Rel(Rel::Sym(sym0())),
        ],
        OpKind::I8 => [0, 1, -1, 127, -128].into_iter().map(Operand::I8).collect(),
        OpKind::U8 => [0, 1, 31, 63, 128, 255]
            .into_iter()
            .map(Operand::U8)
            .collect(),
        OpKind::I16 => [0, -1, 127, 128, -129, i16::MAX, i16::MIN]
            .into_iter()
            .map(Operand::I16)
            .collect(),
        OpKind::U16 => [0, 8, 0x8000, u16::MAX]
            .into_iter()
            .map(Operand::U16)
            .collect(),
        OpKind::I32 => [0, 1, -1, 127, 128, -128, -129, i32::MAX, i32::MIN]
            .into_iter()
            .map(Operand::I32)
            .collect(),
        OpKind::I64 => [
            0,
            -1,
            i32::MAX as i64,
            i32::MIN as i64,
            u32::MAX as i64,
            1 << 32,
            i64::MAX,
            i64::MIN,
        ]
        .into_iter()
        .map(Operand::I64)
        .collect(),
    }
}

/// The full value set of an operand kind (memory operands: [`mem_full`]).
pub fn full_values(k: OpKind) -> Vec<Operand> {
    match k {
        OpKind::Rm => mem_full()
            .into_iter()
            .map(|m| Operand::Rm(Rm::Mem(m)))
            .collect(),
        OpKind::XmmRm => mem_full()
            .into_iter()
            .map(|m| Operand::XmmRm(XmmRm::Mem(m)))
            .collect(),
        OpKind::Mem => mem_full().into_iter().map(Operand::Mem).collect(),
        _ => small_values(k),
    }
}

/// Operand combinations of a form: the full product of the small sets, plus
/// each operand's full set with the others at a few sample values.
pub fn cases(form: Form) -> Vec<Inst> {
    let kinds = form.operands();
    let small: Vec<Vec<Operand>> = kinds.iter().map(|&k| small_values(k)).collect();
    let mut out = Vec::new();
    let mut idx = vec![0usize; kinds.len()];
    'product: loop {
        let ops: Vec<Operand> = idx.iter().enumerate().map(|(p, &i)| small[p][i]).collect();
        out.push(Inst::new(form, &ops).expect("operands match the form"));
        for p in (0..kinds.len()).rev() {
            idx[p] += 1;
            if idx[p] < small[p].len() {
                continue 'product;
            }
            idx[p] = 0;
        }
        break;
    }
    for (p, &k) in kinds.iter().enumerate() {
        if !matches!(k, OpKind::Rm | OpKind::XmmRm | OpKind::Mem) {
            continue;
        }
        for v in full_values(k) {
            // Others at samples: registers 0, 4 (spl), 8 and 15.
            for sample in [0usize, 4, 8, 15] {
                let ops: Vec<Operand> = (0..kinds.len())
                    .map(|q| {
                        if q == p {
                            v
                        } else {
                            small[q][sample.min(small[q].len() - 1)]
                        }
                    })
                    .collect();
                out.push(Inst::new(form, &ops).expect("operands match the form"));
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// random instructions

/// SplitMix64: a small deterministic PRNG.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A source of choices: a PRNG or fuzzer bytes.
pub trait Source {
    fn pick(&mut self, n: usize) -> usize;
    fn bits(&mut self) -> u64;
}

impl Source for Rng {
    fn pick(&mut self, n: usize) -> usize {
        self.below(n)
    }
    fn bits(&mut self) -> u64 {
        self.next()
    }
}

/// Fuzzer bytes as a choice source (zeros once exhausted).
pub struct Bytes<'a>(pub &'a [u8]);

impl Source for Bytes<'_> {
    fn pick(&mut self, n: usize) -> usize {
        let b = self.0.first().copied().unwrap_or(0) as usize;
        self.0 = self.0.get(1..).unwrap_or(&[]);
        let c = self.0.first().copied().unwrap_or(0) as usize;
        self.0 = self.0.get(1..).unwrap_or(&[]);
        ((b << 8) | c) % n
    }
    fn bits(&mut self) -> u64 {
        let mut v = 0u64;
        for _ in 0..8 {
            v = (v << 8) | self.0.first().copied().unwrap_or(0) as u64;
            self.0 = self.0.get(1..).unwrap_or(&[]);
        }
        v
    }
}

fn rand_disp(s: &mut impl Source) -> i32 {
    let r = s.bits();
    match s.pick(4) {
        0 => 0,
        1 => r as i8 as i32,
        2 => r as i32,
        _ => [127, -128, 128, -129, i32::MAX, i32::MIN][(r % 6) as usize],
    }
}

/// A random memory operand.
pub fn rand_mem(s: &mut impl Source) -> Mem {
    let gpr = |s: &mut dyn FnMut(usize) -> usize| Gpr::ALL[s(16)];
    let mut p = |n| s.pick(n);
    let b = gpr(&mut p);
    let mut i = gpr(&mut p);
    if i == Gpr::RSP {
        i = Gpr::R12;
    }
    let sc = Scale::ALL[s.pick(4)];
    let d = rand_disp(s);
    match s.pick(8) {
        0..=2 => Mem::base_disp(b, d),
        3 | 4 => Mem::base_index(b, i, sc, d),
        5 => Mem::index(i, sc, d),
        6 => [Mem::abs(d), Mem::rip(d)][s.pick(2)],
        _ => [
            Mem::label(label0()).with_disp(d / 4),
            Mem::sym(sym0()).with_disp(d / 4),
        ][s.pick(2)],
    }
}

/// A random operand of kind `k`.
pub fn rand_operand(s: &mut impl Source, k: OpKind) -> Operand {
    let r = s.bits();
    match k {
        OpKind::Gpr => Operand::Gpr(Gpr::ALL[s.pick(16)]),
        OpKind::Xmm => Operand::Xmm(Xmm::ALL[s.pick(16)]),
        OpKind::Rm => {
            if s.pick(2) == 0 {
                Operand::Rm(Rm::Reg(Gpr::ALL[s.pick(16)]))
            } else {
                Operand::Rm(Rm::Mem(rand_mem(s)))
            }
        }
        OpKind::XmmRm => {
            if s.pick(2) == 0 {
                Operand::XmmRm(XmmRm::Reg(Xmm::ALL[s.pick(16)]))
            } else {
                Operand::XmmRm(XmmRm::Mem(rand_mem(s)))
            }
        }
        OpKind::Mem => Operand::Mem(rand_mem(s)),
        OpKind::Label => Operand::Label(label0()),
        OpKind::Rel => {
            if s.pick(2) == 0 {
                Operand::Rel(Rel::Label(label0()))
            } else {
                Operand::Rel(Rel::Sym(sym0()))
            }
        }
        OpKind::I8 => Operand::I8(r as i8),
        OpKind::U8 => Operand::U8(r as u8),
        OpKind::I16 => Operand::I16(r as i16),
        OpKind::U16 => Operand::U16(r as u16),
        OpKind::I32 => Operand::I32(r as i32),
        OpKind::I64 => Operand::I64(r as i64),
    }
}

/// A random instruction of a random form (valid operands only).
pub fn rand_inst(s: &mut impl Source) -> Inst {
    let form = Form::ALL[s.pick(Form::ALL.len())];
    rand_inst_of(s, form)
}

/// A random instruction of `form` (valid operands only).
pub fn rand_inst_of(s: &mut impl Source, form: Form) -> Inst {
    let ops: Vec<Operand> = form
        .operands()
        .iter()
        .map(|&k| rand_operand(s, k))
        .collect();
    let mut inst = Inst::new(form, &ops).expect("operands match");
    if !valid(&inst) {
        // Replace the one invalid combination (xchg acc with itself).
        let ops: Vec<Operand> = ops
            .iter()
            .map(|o| match o {
                Operand::Gpr(_) => Operand::Gpr(Gpr::RBX),
                o => *o,
            })
            .collect();
        inst = Inst::new(form, &ops).expect("operands match");
    }
    inst
}

/// Whether kiln can encode `inst` (false only for combinations that the
/// form cannot express, which `finish` must reject).
pub fn valid(inst: &Inst) -> bool {
    !matches!(
        inst,
        Inst::Xchg_r16_AX(Gpr::RAX) | Inst::Xchg_r32_EAX(Gpr::RAX) | Inst::Xchg_r64_RAX(Gpr::RAX)
    )
}

// ---------------------------------------------------------------------------
// encoding a case

/// Where the case's label is bound relative to the instruction.
#[derive(Clone, Copy, Debug)]
pub enum LabelAt {
    /// Bound, then `n` filler bytes, then the instruction.
    Before(usize),
    /// The instruction, `n` filler bytes, then bound.
    After(usize),
}

/// Label placements that stay within rel8 reach.
pub const NEAR_LABELS: [LabelAt; 5] = [
    LabelAt::Before(0),
    LabelAt::Before(126),
    LabelAt::After(0),
    LabelAt::After(5),
    LabelAt::After(127),
];
/// Label placements for rel32 / RIP-relative operands.
pub const FAR_LABELS: [LabelAt; 4] = [
    LabelAt::Before(3),
    LabelAt::Before(200),
    LabelAt::After(128),
    LabelAt::After(70_000),
];

/// Whether an instruction refers to the case label.
pub fn uses_label(inst: &Inst) -> bool {
    inst.operands().iter().any(|o| match o {
        Operand::Label(_) | Operand::Rel(Rel::Label(_)) => true,
        Operand::Rm(Rm::Mem(m)) | Operand::Mem(m) | Operand::XmmRm(XmmRm::Mem(m)) => {
            matches!(m.base_kind(), Base::RipLabel(_))
        }
        _ => false,
    })
}

/// Encode `inst` in a fresh buffer with the case label placed at `at`.
pub fn assemble(inst: &Inst, at: LabelAt) -> (Result<Assembled, kiln_x64::asm::AsmError>, InstId) {
    let mut b = CodeBuffer::new();
    let l = b.new_label();
    let s = b.target(case_target());
    assert_eq!((l, s), (label0(), sym0()));
    let id;
    match at {
        LabelAt::Before(n) => {
            b.bind(l);
            b.raw_bytes(&vec![0xCC; n]);
            id = b.emit(inst);
        }
        LabelAt::After(n) => {
            b.raw_bytes(&[0xCC; 3]);
            id = b.emit(inst);
            b.raw_bytes(&vec![0xCC; n]);
            b.bind(l);
        }
    }
    (b.finish(), id)
}

// ---------------------------------------------------------------------------
// the oracle

fn imm_value(o: &Operand) -> Option<i64> {
    Some(match *o {
        Operand::I8(v) => v as i64,
        Operand::U8(v) => v as i64,
        Operand::I16(v) => v as i64,
        Operand::U16(v) => v as i64,
        Operand::I32(v) => v as i64,
        Operand::I64(v) => v,
        _ => return None,
    })
}

/// Decode the instruction `id` of `asm` with iced-x86 and compare it with
/// `inst`. Returns a description of the first mismatch.
pub fn check(inst: &Inst, asm: &Assembled, id: InstId) -> Result<(), String> {
    let form = inst.form();
    let (code, prefix) = iced_code(form);
    let start = asm.inst_start(id);
    let end = asm.inst_end(id);
    let bytes = asm.inst_bytes(id);
    let hex = || {
        bytes
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let ip = start as u64;
    let mut dec = Decoder::with_ip(64, bytes, ip, DecoderOptions::NONE);
    let d = dec.decode();
    let fail = |what: String| Err(format!("{inst:?} [{}] -> {what}", hex()));
    if d.is_invalid() {
        return fail("invalid instruction".into());
    }
    if d.code() != code {
        return fail(format!("decoded as {:?}, expected {code:?}", d.code()));
    }
    if d.len() != bytes.len() {
        return fail(format!("decoded length {} of {}", d.len(), bytes.len()));
    }
    if d.has_lock_prefix() != (prefix == Prefix::Lock)
        || d.has_rep_prefix() != (prefix == Prefix::Rep)
    {
        return fail("lock/rep prefix mismatch".into());
    }
    if d.segment_prefix() != Register::None {
        return fail("unexpected segment prefix".into());
    }
    let offs = dec.get_constant_offsets(&d);
    let ops = inst.operands();
    let mut next = ops.iter();
    let mut syms = 0usize;
    let kinds = code.op_code().op_kinds();
    if kinds.len() != d.op_count() as usize {
        return fail(format!("op count {} vs {}", d.op_count(), kinds.len()));
    }
    for (i, &k) in kinds.iter().enumerate() {
        let i = i as u32;
        let reg_table = match k {
            K::r8_or_mem | K::r8_reg | K::r8_opcode => Some(&R8),
            K::r16_or_mem | K::r16_reg | K::r16_opcode => Some(&R16),
            K::r32_or_mem | K::r32_reg | K::r32_opcode => Some(&R32),
            K::r64_or_mem | K::r64_reg | K::r64_opcode => Some(&R64),
            K::xmm_or_mem | K::xmm_reg => Some(&XMM),
            _ => None,
        };
        match k {
            // Implicit operands: part of the Code.
            K::al
            | K::cl
            | K::ax
            | K::eax
            | K::rax
            | K::dx
            | K::imm8_const_1
            | K::es_rDI
            | K::seg_rSI
            | K::seg_rDI => {}
            K::imm8
            | K::imm8sex16
            | K::imm8sex32
            | K::imm8sex64
            | K::imm16
            | K::imm32
            | K::imm32sex64
            | K::imm64 => {
                let Some(v) = next.next().and_then(imm_value) else {
                    return fail(format!("operand {i}: expected an immediate operand"));
                };
                let want = match k {
                    K::imm8 => v as u8 as u64,
                    K::imm16 => v as u16 as u64,
                    K::imm32 => v as u32 as u64,
                    K::imm8sex16 => v as i8 as i16 as u16 as u64,
                    K::imm8sex32 => v as i8 as i32 as u32 as u64,
                    K::imm8sex64 => v as i8 as u64,
                    K::imm32sex64 => v as i32 as u64,
                    _ => v as u64,
                };
                let got = d.immediate(i);
                // iced zero- or sign-extends some kinds differently; compare
                // at the operand's width.
                let mask = match d.op_kind(i) {
                    IK::Immediate8 => 0xFF,
                    IK::Immediate16 | IK::Immediate8to16 => 0xFFFF,
                    IK::Immediate32 | IK::Immediate8to32 => 0xFFFF_FFFF,
                    _ => u64::MAX,
                };
                if got & mask != want & mask {
                    return fail(format!(
                        "operand {i}: immediate {got:#x}, expected {want:#x}"
                    ));
                }
            }
            K::br64_1 | K::br64_4 => {
                let want = match next.next() {
                    Some(Operand::Label(_)) | Some(Operand::Rel(Rel::Label(_))) => {
                        asm.label_offset(label0()).expect("bound") as u64
                    }
                    Some(Operand::Rel(Rel::Sym(_))) => {
                        syms += 1;
                        let field = end - 4;
                        if !asm.relocs.iter().any(|r| {
                            r.offset == field
                                && r.kind == RelocKind::Rel32
                                && r.addend == 0
                                && r.target == case_target()
                        }) {
                            return fail(format!("no Rel32 reloc at {field}: {:?}", asm.relocs));
                        }
                        end as u64
                    }
                    o => return fail(format!("operand {i}: branch operand {o:?}")),
                };
                if d.near_branch64() != want {
                    return fail(format!(
                        "branch target {:#x}, expected {want:#x}",
                        d.near_branch64()
                    ));
                }
            }
            _ => {
                let Some(table) = reg_table.or(if k == K::mem { Some(&R64) } else { None }) else {
                    return fail(format!("operand {i}: unhandled iced operand kind {k:?}"));
                };
                let o = next.next();
                let (reg, mem) = match o {
                    Some(Operand::Gpr(r)) => (Some(r.number()), None),
                    Some(Operand::Xmm(r)) => (Some(r.number()), None),
                    Some(Operand::Rm(Rm::Reg(r))) => (Some(r.number()), None),
                    Some(Operand::XmmRm(XmmRm::Reg(r))) => (Some(r.number()), None),
                    Some(Operand::Rm(Rm::Mem(m)))
                    | Some(Operand::XmmRm(XmmRm::Mem(m)))
                    | Some(Operand::Mem(m)) => (None, Some(*m)),
                    o => return fail(format!("operand {i}: kiln operand {o:?} for {k:?}")),
                };
                if let Some(r) = reg {
                    if d.op_kind(i) != IK::Register || d.op_register(i) != table[r as usize] {
                        return fail(format!(
                            "operand {i}: {:?} {:?}, expected {:?}",
                            d.op_kind(i),
                            d.op_register(i),
                            table[r as usize]
                        ));
                    }
                } else if let Some(m) = mem {
                    if d.op_kind(i) != IK::Memory {
                        return fail(format!("operand {i}: {:?}, expected memory", d.op_kind(i)));
                    }
                    let (want_index, want_scale) = match m.index_scale() {
                        Some((r, s)) => (R64[r.number() as usize], s.factor()),
                        None => (Register::None, 1),
                    };
                    if d.memory_index() != want_index || d.memory_index_scale() != want_scale {
                        return fail(format!(
                            "operand {i}: index {:?}*{}",
                            d.memory_index(),
                            d.memory_index_scale()
                        ));
                    }
                    let disp = m.disp() as i64;
                    let (want_base, want_disp, want_size) = match m.base_kind() {
                        Base::Reg(b) => {
                            let size = if disp == 0 && b.number() & 7 != 5 {
                                0
                            } else if disp as i8 as i64 == disp {
                                1
                            } else {
                                4
                            };
                            (R64[b.number() as usize], disp as u64, size)
                        }
                        Base::None => (Register::None, disp as u64, 4),
                        Base::Rip => (Register::RIP, (end as i64 + disp) as u64, 4),
                        Base::RipLabel(_) => (
                            Register::RIP,
                            (asm.label_offset(label0()).unwrap() as i64 + disp) as u64,
                            4,
                        ),
                        Base::RipSym(_) => {
                            syms += 1;
                            let field = start + offs.displacement_offset() as u32;
                            let addend = disp - offs.immediate_size() as i64;
                            if offs.displacement_size() != 4
                                || !asm.relocs.iter().any(|r| {
                                    r.offset == field
                                        && r.kind == RelocKind::Rel32
                                        && r.addend == addend
                                        && r.target == case_target()
                                })
                            {
                                return fail(format!(
                                    "no Rel32 reloc at {field} addend {addend}: {:?}",
                                    asm.relocs
                                ));
                            }
                            (Register::RIP, end as u64, 4)
                        }
                    };
                    if d.memory_base() != want_base
                        || d.memory_displacement64() != want_disp
                        || offs.displacement_size() as u32 != want_size
                    {
                        return fail(format!(
                            "operand {i}: base {:?} disp {:#x} size {}, expected {want_base:?} {want_disp:#x} size {want_size}",
                            d.memory_base(),
                            d.memory_displacement64(),
                            offs.displacement_size()
                        ));
                    }
                    let _ = table;
                }
            }
        }
    }
    if let Some(o) = next.next() {
        return fail(format!("kiln operand {o:?} not matched by iced"));
    }
    let inside = asm
        .relocs
        .iter()
        .filter(|r| r.offset >= start && r.offset < end)
        .count();
    if inside != syms {
        return fail(format!("{inside} relocs, expected {syms}"));
    }
    // iced's encoder must produce exactly kiln's bytes for the decoded
    // instruction (same minimal displacement, same prefixes and REX).
    let mut enc = Encoder::new(64);
    match enc.encode(&d, ip) {
        Ok(_) => {
            let theirs = enc.take_buffer();
            if theirs != bytes {
                let th = theirs
                    .iter()
                    .map(|b| format!("{b:02X}"))
                    .collect::<Vec<_>>()
                    .join(" ");
                return fail(format!("iced encodes it as [{th}]"));
            }
        }
        Err(e) => return fail(format!("iced cannot re-encode: {e}")),
    }
    Ok(())
}

/// Encode `inst` at every relevant label placement and check each.
/// Invalid combinations (see [`valid`]) must be rejected by `finish`.
pub fn check_inst(inst: &Inst) -> Result<usize, String> {
    if !valid(inst) {
        return match assemble(inst, LabelAt::Before(0)).0 {
            Err(kiln_x64::asm::AsmError::InvalidOperand { .. }) => Ok(1),
            other => Err(format!(
                "{inst:?}: invalid operands not rejected: {other:?}"
            )),
        };
    }
    let placements: &[LabelAt] = if !uses_label(inst) {
        &[LabelAt::Before(2)]
    } else if inst
        .operands()
        .iter()
        .any(|o| matches!(o, Operand::Label(_)))
    {
        &NEAR_LABELS
    } else {
        &FAR_LABELS
    };
    for &at in placements {
        let (res, id) = assemble(inst, at);
        let asm = res.map_err(|e| format!("{inst:?}: finish failed: {e} (label {at:?})"))?;
        check(inst, &asm, id).map_err(|e| format!("{e} (label {at:?})"))?;
    }
    Ok(placements.len())
}

/// The fuzz target's body: build up to four instructions from the input and
/// check each against iced-x86. Panics on a mismatch.
pub fn fuzz_one(s: &mut impl Source) {
    let n = 1 + s.pick(4);
    for _ in 0..n {
        let inst = rand_inst(s);
        if let Err(e) = check_inst(&inst) {
            panic!("{e}");
        }
    }
}
