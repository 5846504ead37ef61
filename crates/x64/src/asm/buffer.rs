//! The code buffer: bytes, labels, branch relaxation, relocations, alignment
//! and per-instruction offsets.
//!
//! # How emission works
//! Every form method (see [`super::forms`]) appends its bytes directly to
//! [`CodeBuffer::code`] and records the instruction's start offset, so the
//! hot path is: reserve, a handful of byte stores, one `Vec` push.
//! Things whose final value is not known yet are recorded as data next to
//! the bytes:
//! - **relaxable branches** (`jmp`/`jcc` to a label, see
//!   [`CodeBuffer::jmp`]) and **alignment padding** ([`CodeBuffer::align`])
//!   are *variable items*: emitted provisionally in their longest form and
//!   resized by the relaxation pass in [`CodeBuffer::finish`];
//! - **label fixups**: `rel32` branches/calls to labels and `[rip+label]`
//!   operands, patched after relaxation;
//! - **symbolic relocations**: `[rip+sym]` and `rel32` to a [`Sym`], turned
//!   into [`Reloc`]s for the writer.
//!
//! # Invariants
//! - Offsets recorded before `finish` are *provisional* (pre-relaxation).
//!   Every recorded position also remembers its *epoch*: how many variable
//!   items precede it. Its final offset is its provisional offset plus the
//!   total size change of those items, so no position is ever ambiguous,
//!   even next to zero-length padding.
//! - Relaxation starts with every relaxable branch short and only ever
//!   lengthens branches, so it terminates (at most one round per branch);
//!   at the fixpoint every short branch reaches its target.
//! - Padding assumes the code is placed at an address aligned to
//!   [`Assembled::alignment`] (the stencil's `alignment`).
//! - Operand errors do not interrupt emission: the first one is kept and
//!   returned by `finish` (the hot path stays branch-light and infallible).

use std::collections::HashMap;
use std::fmt;

use kiln_runtime_abi::stencil::{Reloc, RelocKind, Target};

use super::operand::{Cond, Label, Sym};

/// The longest x86 instruction is 15 bytes; every emit reserves this much.
pub(crate) const RESERVE: usize = 32;
const UNBOUND: u32 = u32::MAX;

/// Identifies one emitted instruction (or padding/data item) of a buffer:
/// its index in emission order. Resolve it to final offsets with
/// [`Assembled::inst_start`] / [`Assembled::inst_end`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct InstId(pub u32);

/// An error found while assembling. The buffer keeps the first one and
/// [`CodeBuffer::finish`] returns it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AsmError {
    /// An operand combination the form cannot encode (e.g. `rsp` as an
    /// index register, `xchg eax, eax` in the `90+r` form).
    InvalidOperand {
        /// The offending instruction.
        inst: InstId,
        /// What is wrong.
        reason: &'static str,
    },
    /// A label was referenced but never bound.
    UnboundLabel {
        /// The label.
        label: Label,
    },
    /// A label was bound twice.
    LabelRebound {
        /// The label.
        label: Label,
    },
    /// A label or symbol that this buffer did not create.
    Foreign {
        /// What it is (`"label"` or `"symbol"`) and its index.
        what: &'static str,
        /// Its index.
        index: u32,
    },
    /// A forced-short (`rel8`) branch does not reach its label.
    BranchOutOfRange {
        /// The branch.
        inst: InstId,
        /// Its target.
        label: Label,
    },
    /// An alignment that is not a power of two between 1 and 4096.
    BadAlignment {
        /// The requested alignment.
        align: u32,
    },
    /// The code is larger than 2 GiB; rel32 cannot span it.
    CodeTooLarge {
        /// Its length.
        len: usize,
    },
}

impl fmt::Display for AsmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AsmError::InvalidOperand { inst, reason } => {
                write!(f, "instruction #{}: invalid operand: {reason}", inst.0)
            }
            AsmError::UnboundLabel { label } => write!(f, "label {} is never bound", label.0),
            AsmError::LabelRebound { label } => write!(f, "label {} is bound twice", label.0),
            AsmError::Foreign { what, index } => {
                write!(f, "{what} {index} belongs to another buffer")
            }
            AsmError::BranchOutOfRange { inst, label } => write!(
                f,
                "instruction #{}: rel8 branch to label {} is out of range",
                inst.0, label.0
            ),
            AsmError::BadAlignment { align } => write!(f, "bad alignment {align}"),
            AsmError::CodeTooLarge { len } => write!(f, "code too large ({len} bytes)"),
        }
    }
}

impl std::error::Error for AsmError {}

#[derive(Clone, Copy, Debug)]
struct LabelPos {
    pos: u32,
    epoch: u32,
}

/// A reference to a label, patched after relaxation:
/// `value = label + addend - (field + end_delta)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fixup {
    pub(crate) pos: u32,
    pub(crate) epoch: u32,
    pub(crate) label: Label,
    pub(crate) addend: i32,
    /// Distance from the field to the end of the instruction.
    pub(crate) end_delta: u8,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct SymReloc {
    pub(crate) pos: u32,
    pub(crate) epoch: u32,
    pub(crate) sym: Sym,
    pub(crate) kind: RelocKind,
    pub(crate) addend: i64,
}

/// A relocated field holding the address of a label of this buffer.
#[derive(Clone, Copy, Debug)]
struct CodeReloc {
    pos: u32,
    epoch: u32,
    label: Label,
    kind: RelocKind,
    addend: i64,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum VarKind {
    /// `jmp` (`cc == None`) or `jcc` to a label.
    Branch {
        label: Label,
        cc: Option<Cond>,
        short_only: bool,
    },
    /// Padding to a multiple of `align`.
    Align { align: u32 },
}

/// A size-variable item (relaxable branch or padding).
#[derive(Clone, Copy, Debug)]
pub(crate) struct VarItem {
    /// Provisional start offset.
    pub(crate) pos: u32,
    /// Provisional length.
    pub(crate) old_len: u32,
    /// Index of the item's own instruction record + 1: instruction records
    /// from this index on come after the item.
    pub(crate) insts_upto: u32,
    pub(crate) kind: VarKind,
}

/// An x86-64 code buffer: emit instructions with the form methods
/// (`buf.add_rm32_r32(Gpr::RAX, Gpr::RCX)`), use labels and symbolic
/// targets, then [`finish`](Self::finish) to get the final bytes,
/// relocations and offsets.
///
/// ```
/// use kiln_x64::asm::{CodeBuffer, Cond, Gpr, Mem};
/// use kiln_runtime_abi::stencil::{Import, ImportSection, RelocKind, Target};
///
/// let mut buf = CodeBuffer::new();
/// let cell = buf.target(Target::Import(Import {
///     section: ImportSection::MethodCall,
///     signature: vec![0x01],
///     gc_ref_map: None,
/// }));
/// let done = buf.new_label();
/// buf.test_rm32_r32(Gpr::RDI, Gpr::RDI);
/// buf.jcc(Cond::E, done); // relaxed to `je rel8`
/// let call = buf.call_rm64(Mem::sym(cell)); // FF 15 disp32
/// buf.bind(done);
/// buf.retnq();
/// let out = buf.finish().unwrap();
/// assert_eq!(&out.code[4..6], &[0xFF, 0x15]);
/// assert_eq!(out.relocs[0].offset, 6);
/// assert_eq!(out.relocs[0].kind, RelocKind::Rel32);
/// assert_eq!(out.inst_end(call), 10); // return address: a GC safepoint
/// ```
#[derive(Debug, Default)]
pub struct CodeBuffer {
    pub(crate) code: Vec<u8>,
    pub(crate) insts: Vec<u32>,
    labels: Vec<LabelPos>,
    pub(crate) fixups: Vec<Fixup>,
    pub(crate) relocs: Vec<SymReloc>,
    code_relocs: Vec<CodeReloc>,
    pub(crate) vars: Vec<VarItem>,
    targets: Vec<Target>,
    target_ids: HashMap<Target, Sym>,
    max_align: u32,
    pub(crate) error: Option<AsmError>,
}

/// The result of [`CodeBuffer::finish`]: final code, relocations and
/// offsets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assembled {
    /// The machine code. Relocated fields hold zero.
    pub code: Vec<u8>,
    /// Relocations to symbolic targets, sorted by offset.
    pub relocs: Vec<Reloc>,
    /// Final start offset of every instruction/item in emission order
    /// (indexed by [`InstId`]), followed by one entry holding the code
    /// length.
    pub inst_offsets: Vec<u32>,
    /// Final offset of every label (indexed by [`Label::index`]); `None`
    /// for labels never bound (and never used).
    pub label_offsets: Vec<Option<u32>>,
    /// The largest alignment requested with [`CodeBuffer::align`] (at least
    /// 1): the code must be placed at a multiple of it for the padding to
    /// be right.
    pub alignment: u32,
}

impl Assembled {
    /// Offset of the first byte of instruction `id`.
    pub fn inst_start(&self, id: InstId) -> u32 {
        self.inst_offsets[id.0 as usize]
    }

    /// Offset just past instruction `id` (for a call: its return address,
    /// the offset a GC safepoint is recorded at).
    pub fn inst_end(&self, id: InstId) -> u32 {
        self.inst_offsets[id.0 as usize + 1]
    }

    /// The bytes of instruction `id`.
    pub fn inst_bytes(&self, id: InstId) -> &[u8] {
        &self.code[self.inst_start(id) as usize..self.inst_end(id) as usize]
    }

    /// Final offset of a bound label.
    pub fn label_offset(&self, label: Label) -> Option<u32> {
        self.label_offsets.get(label.0 as usize).copied().flatten()
    }

    /// Number of recorded instructions/items.
    pub fn inst_count(&self) -> usize {
        self.inst_offsets.len() - 1
    }
}

impl CodeBuffer {
    /// An empty buffer.
    pub fn new() -> CodeBuffer {
        CodeBuffer::default()
    }

    /// An empty buffer with room for `bytes` bytes and `insts`
    /// instructions.
    pub fn with_capacity(bytes: usize, insts: usize) -> CodeBuffer {
        CodeBuffer {
            code: Vec::with_capacity(bytes + RESERVE),
            insts: Vec::with_capacity(insts),
            ..CodeBuffer::default()
        }
    }

    /// Current provisional offset (final only if no relaxable branch or
    /// alignment precedes it; use [`InstId`]s and labels for final offsets).
    pub fn offset(&self) -> u32 {
        self.code.len() as u32
    }

    /// Number of instructions/items recorded so far; the next one gets
    /// `InstId(inst_count())`.
    pub fn inst_count(&self) -> u32 {
        self.insts.len() as u32
    }

    /// The most recently emitted instruction.
    ///
    /// # Panics
    /// If nothing was emitted yet.
    pub fn last_inst(&self) -> InstId {
        assert!(!self.insts.is_empty(), "last_inst on an empty buffer");
        InstId(self.insts.len() as u32 - 1)
    }

    /// The provisional bytes emitted so far.
    pub fn bytes(&self) -> &[u8] {
        &self.code
    }

    /// A new, unbound label.
    pub fn new_label(&mut self) -> Label {
        let l = Label(self.labels.len() as u32);
        self.labels.push(LabelPos {
            pos: UNBOUND,
            epoch: 0,
        });
        l
    }

    /// Bind `label` to the current position (before the next instruction).
    /// Binding twice is an error reported by [`finish`](Self::finish).
    pub fn bind(&mut self, label: Label) {
        let pos = self.code.len() as u32;
        let epoch = self.vars.len() as u32;
        match self.labels.get_mut(label.0 as usize) {
            Some(l) if l.pos == UNBOUND => *l = LabelPos { pos, epoch },
            Some(_) => self.set_error(AsmError::LabelRebound { label }),
            None => self.set_error(AsmError::Foreign {
                what: "label",
                index: label.0,
            }),
        }
    }

    /// Intern a symbolic target; equal targets get the same [`Sym`].
    pub fn target(&mut self, target: Target) -> Sym {
        // Methods reference few targets: scan them; index them in a map
        // once there are many.
        const SCAN: usize = 16;
        if self.targets.len() <= SCAN {
            if let Some(i) = self.targets.iter().position(|t| *t == target) {
                return Sym(i as u32);
            }
        } else {
            if self.target_ids.is_empty() {
                for (i, t) in self.targets.iter().enumerate() {
                    self.target_ids.insert(t.clone(), Sym(i as u32));
                }
            }
            if let Some(&s) = self.target_ids.get(&target) {
                return s;
            }
        }
        let s = Sym(self.targets.len() as u32);
        if !self.target_ids.is_empty() {
            self.target_ids.insert(target.clone(), s);
        }
        self.targets.push(target);
        s
    }

    /// The target a [`Sym`] stands for.
    pub fn sym_target(&self, sym: Sym) -> &Target {
        &self.targets[sym.0 as usize]
    }

    /// The first error recorded so far, if any.
    pub fn error(&self) -> Option<&AsmError> {
        self.error.as_ref()
    }

    #[cold]
    pub(crate) fn set_error(&mut self, e: AsmError) {
        if self.error.is_none() {
            self.error = Some(e);
        }
    }

    /// Make sure at least [`RESERVE`] bytes of spare capacity exist.
    #[inline(always)]
    pub(crate) fn reserve(&mut self) {
        if self.code.capacity() - self.code.len() < RESERVE {
            self.grow();
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self) {
        // Start at 256 bytes, then double; keep room for about one
        // instruction record per 4 bytes so pushes rarely reallocate.
        self.code.reserve(256.max(self.code.len()));
        let want = self.code.capacity() / 4;
        if self.insts.capacity() < want {
            self.insts.reserve(want - self.insts.len());
        }
    }

    /// Record a `rel32`/`disp32` reference to a label at field `pos`.
    #[inline]
    pub(crate) fn fixup(&mut self, pos: usize, label: Label, addend: i32, end_delta: u8) {
        self.fixups.push(Fixup {
            pos: pos as u32,
            epoch: self.vars.len() as u32,
            label,
            addend,
            end_delta,
        });
    }

    /// Record a relocation to a symbol at field `pos`.
    #[inline]
    pub(crate) fn sym_reloc(&mut self, pos: usize, sym: Sym, kind: RelocKind, addend: i64) {
        self.relocs.push(SymReloc {
            pos: pos as u32,
            epoch: self.vars.len() as u32,
            sym,
            kind,
            addend,
        });
    }

    /// Pad with multi-byte NOPs to a multiple of `align` (a power of two,
    /// 1–4096). The padding is recorded as one item (it gets an
    /// [`InstId`]) and is recomputed after branch relaxation.
    pub fn align(&mut self, align: u32) -> InstId {
        let id = InstId(self.insts.len() as u32);
        if !align.is_power_of_two() || align > 4096 {
            self.set_error(AsmError::BadAlignment { align });
            return id;
        }
        self.max_align = self.max_align.max(align);
        let pos = self.code.len() as u32;
        let pad = pad_len(pos, align);
        self.insts.push(pos);
        write_nops(&mut self.code, pad as usize);
        self.vars.push(VarItem {
            pos,
            old_len: pad,
            insts_upto: id.0 + 1,
            kind: VarKind::Align { align },
        });
        id
    }

    /// Emit `n` bytes of NOPs as the fewest recommended multi-byte NOP
    /// instructions (SDM Vol. 2B, NOP, Table 4-12), recorded as one item.
    pub fn nops(&mut self, n: usize) -> InstId {
        let id = InstId(self.insts.len() as u32);
        self.insts.push(self.code.len() as u32);
        write_nops(&mut self.code, n);
        id
    }

    /// Emit raw bytes (data in the code stream), recorded as one item.
    pub fn raw_bytes(&mut self, bytes: &[u8]) -> InstId {
        let id = InstId(self.insts.len() as u32);
        self.insts.push(self.code.len() as u32);
        self.code.extend_from_slice(bytes);
        id
    }

    /// Emit a placeholder for the address of `label` (8 bytes for
    /// [`RelocKind::Abs64`], else 4), recorded as one item, and a
    /// relocation with [`Target::Code`] (the label's final offset) for the
    /// writer: for jump tables and other code addresses kept in the code.
    pub fn label_address(&mut self, label: Label, kind: RelocKind, addend: i64) -> InstId {
        let id = InstId(self.insts.len() as u32);
        let pos = self.code.len() as u32;
        self.insts.push(pos);
        let len = if kind == RelocKind::Abs64 { 8 } else { 4 };
        self.code.resize(pos as usize + len, 0);
        self.code_relocs.push(CodeReloc {
            pos,
            epoch: self.vars.len() as u32,
            label,
            kind,
            addend,
        });
        id
    }

    /// `jmp label`, relaxed by [`finish`](Self::finish) to `Jmp_rel8_64`
    /// (`EB rel8`) when it reaches, else `Jmp_rel32_64` (`E9 rel32`).
    pub fn jmp(&mut self, label: Label) -> InstId {
        self.var_branch(label, None, false)
    }

    /// `jcc label`, relaxed by [`finish`](Self::finish) to the `rel8` form
    /// (`70+cc rel8`) when it reaches, else `rel32` (`0F 80+cc rel32`).
    pub fn jcc(&mut self, cc: Cond, label: Label) -> InstId {
        self.var_branch(label, Some(cc), false)
    }

    /// Emit a branch to a label whose size relaxation decides (or that
    /// must be short, `short_only`).
    pub(crate) fn var_branch(
        &mut self,
        label: Label,
        cc: Option<Cond>,
        short_only: bool,
    ) -> InstId {
        let id = InstId(self.insts.len() as u32);
        let pos = self.code.len() as u32;
        self.insts.push(pos);
        let old_len = if short_only { 2 } else { long_branch_len(cc) };
        let len = self.code.len();
        self.code.resize(len + old_len as usize, 0);
        self.vars.push(VarItem {
            pos,
            old_len,
            insts_upto: id.0 + 1,
            kind: VarKind::Branch {
                label,
                cc,
                short_only,
            },
        });
        id
    }

    /// Resolve labels, relax branches, recompute padding, patch label
    /// references and produce the final code, relocations and offsets.
    ///
    /// # Errors
    /// The first [`AsmError`] recorded during emission, an unbound label
    /// that is referenced, or a forced-short branch out of range.
    pub fn finish(self) -> Result<Assembled, AsmError> {
        let CodeBuffer {
            mut code,
            mut insts,
            labels,
            fixups,
            relocs,
            code_relocs,
            vars,
            targets,
            max_align,
            error,
            ..
        } = self;
        if let Some(e) = error {
            return Err(e);
        }
        if code.len() > i32::MAX as usize {
            return Err(AsmError::CodeTooLarge { len: code.len() });
        }
        let label_pos = |l: Label| -> Result<LabelPos, AsmError> {
            match labels.get(l.0 as usize) {
                Some(p) if p.pos != UNBOUND => Ok(*p),
                Some(_) => Err(AsmError::UnboundLabel { label: l }),
                None => Err(AsmError::Foreign {
                    what: "label",
                    index: l.0,
                }),
            }
        };
        if let Some(r) = relocs.iter().find(|r| r.sym.0 as usize >= targets.len()) {
            return Err(AsmError::Foreign {
                what: "symbol",
                index: r.sym.0,
            });
        }
        // `adj[e]`: size change of the first `e` variable items, i.e. the
        // amount to add to a provisional offset of epoch `e`.
        let mut adj: Vec<i64> = if vars.is_empty() {
            Vec::new()
        } else {
            vec![0; vars.len() + 1]
        };
        if !vars.is_empty() {
            code = relax(&code, &vars, &mut adj, &label_pos)?;
            // Remap instruction starts: records from `insts_upto` of item k
            // on come after item k.
            let mut v = 0;
            for (j, start) in insts.iter_mut().enumerate() {
                while v < vars.len() && vars[v].insts_upto as usize <= j {
                    v += 1;
                }
                *start = (*start as i64 + adj[v]) as u32;
            }
        }
        let fin = |pos: u32, epoch: u32| match adj.get(epoch as usize) {
            Some(&a) => (pos as i64 + a) as u32,
            None => pos,
        };
        for f in &fixups {
            let l = label_pos(f.label)?;
            let target = fin(l.pos, l.epoch) as i64 + f.addend as i64;
            let field = fin(f.pos, f.epoch) as usize;
            let value = target - (field as i64 + f.end_delta as i64);
            code[field..field + 4].copy_from_slice(&(value as i32).to_le_bytes());
        }
        let mut relocs = relocs
            .iter()
            .map(|r| Reloc {
                offset: fin(r.pos, r.epoch),
                kind: r.kind,
                target: targets[r.sym.0 as usize].clone(),
                addend: r.addend,
            })
            .collect::<Vec<_>>();
        if !code_relocs.is_empty() {
            for r in &code_relocs {
                let l = label_pos(r.label)?;
                relocs.push(Reloc {
                    offset: fin(r.pos, r.epoch),
                    kind: r.kind,
                    target: Target::Code(fin(l.pos, l.epoch)),
                    addend: r.addend,
                });
            }
            relocs.sort_by_key(|r| r.offset);
        }
        insts.push(code.len() as u32);
        let label_offsets = labels
            .iter()
            .map(|l| (l.pos != UNBOUND).then(|| fin(l.pos, l.epoch)))
            .collect();
        Ok(Assembled {
            code,
            relocs,
            inst_offsets: insts,
            label_offsets,
            alignment: max_align.max(1),
        })
    }
}

fn long_branch_len(cc: Option<Cond>) -> u32 {
    if cc.is_some() {
        6
    } else {
        5
    }
}

fn pad_len(pos: u32, align: u32) -> u32 {
    pos.wrapping_neg() & (align - 1)
}

/// The branch relaxation pass: choose short/long for every relaxable
/// branch, recompute padding, and write the final code. Fills `adj`.
fn relax(
    code: &[u8],
    vars: &[VarItem],
    adj: &mut [i64],
    label_pos: &dyn Fn(Label) -> Result<LabelPos, AsmError>,
) -> Result<Vec<u8>, AsmError> {
    let n = vars.len();
    // Start optimistic: every branch short.
    let mut short = vec![true; n];
    let mut new_len = vec![0u32; n];
    loop {
        let mut a: i64 = 0;
        for (k, item) in vars.iter().enumerate() {
            adj[k] = a;
            let new_pos = item.pos as i64 + a;
            let len = match item.kind {
                VarKind::Branch { cc, .. } => {
                    if short[k] {
                        2
                    } else {
                        long_branch_len(cc)
                    }
                }
                VarKind::Align { align } => pad_len(new_pos as u32, align),
            };
            new_len[k] = len;
            a += len as i64 - item.old_len as i64;
        }
        adj[n] = a;
        let mut changed = false;
        for (k, item) in vars.iter().enumerate() {
            if let VarKind::Branch {
                label, short_only, ..
            } = item.kind
            {
                if !short[k] {
                    continue;
                }
                let l = label_pos(label)?;
                let target = l.pos as i64 + adj[l.epoch as usize];
                let end = item.pos as i64 + adj[k] + 2;
                let disp = target - end;
                if disp < i8::MIN as i64 || disp > i8::MAX as i64 {
                    if short_only {
                        // Find the item's instruction id: its record is
                        // `insts_upto - 1`.
                        return Err(AsmError::BranchOutOfRange {
                            inst: InstId(item.insts_upto - 1),
                            label,
                        });
                    }
                    short[k] = false;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    // Rewrite.
    let mut out = Vec::with_capacity((code.len() as i64 + adj[n]).max(0) as usize);
    let mut from = 0usize;
    for (k, item) in vars.iter().enumerate() {
        out.extend_from_slice(&code[from..item.pos as usize]);
        from = (item.pos + item.old_len) as usize;
        match item.kind {
            VarKind::Branch { label, cc, .. } => {
                let l = label_pos(label)?;
                let target = l.pos as i64 + adj[l.epoch as usize];
                let end = item.pos as i64 + adj[k] + new_len[k] as i64;
                let disp = target - end;
                match (short[k], cc) {
                    (true, None) => out.extend_from_slice(&[0xEB, disp as i8 as u8]),
                    (true, Some(c)) => out.extend_from_slice(&[0x70 + c as u8, disp as i8 as u8]),
                    (false, None) => {
                        out.push(0xE9);
                        out.extend_from_slice(&(disp as i32).to_le_bytes());
                    }
                    (false, Some(c)) => {
                        out.extend_from_slice(&[0x0F, 0x80 + c as u8]);
                        out.extend_from_slice(&(disp as i32).to_le_bytes());
                    }
                }
            }
            VarKind::Align { .. } => write_nops(&mut out, new_len[k] as usize),
        }
    }
    out.extend_from_slice(&code[from..]);
    Ok(out)
}

/// The recommended multi-byte NOPs of 1–9 bytes (SDM Vol. 2B, NOP,
/// Table 4-12): `90`, `66 90`, `0F 1F 00`, `0F 1F 40 00`, `0F 1F 44 00 00`,
/// `66 0F 1F 44 00 00`, `0F 1F 80 00 00 00 00`, `0F 1F 84 00 00 00 00 00`,
/// `66 0F 1F 84 00 00 00 00 00`.
pub(crate) const NOPS: [&[u8]; 10] = [
    &[],
    &[0x90],
    &[0x66, 0x90],
    &[0x0F, 0x1F, 0x00],
    &[0x0F, 0x1F, 0x40, 0x00],
    &[0x0F, 0x1F, 0x44, 0x00, 0x00],
    &[0x66, 0x0F, 0x1F, 0x44, 0x00, 0x00],
    &[0x0F, 0x1F, 0x80, 0x00, 0x00, 0x00, 0x00],
    &[0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
    &[0x66, 0x0F, 0x1F, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00],
];

/// Append `n` bytes of NOPs: as many 9-byte NOPs as fit, then one shorter.
pub(crate) fn write_nops(out: &mut Vec<u8>, mut n: usize) {
    while n > 0 {
        let k = n.min(9);
        out.extend_from_slice(NOPS[k]);
        n -= k;
    }
}
