//! # The x86-64 assembler
//!
//! A hand-written encoder for the x86-64 instructions kiln's backend needs,
//! with no knowledge of the IR. Bytes are checked against iced-x86's decoder
//! for every form (see `crates/x64/tests/`).
//!
//! ```text
//!   backend ──► CodeBuffer::<form>(operands)   one method per encoding form
//!                 │  bytes appended directly; offsets, label uses,
//!                 │  relaxable branches, padding, relocations recorded
//!                 ▼
//!               CodeBuffer::finish()            relaxation pass, label
//!                 │                              patching, final offsets
//!                 ▼
//!               Assembled { code, relocs, inst_offsets, label_offsets }
//!                 └─► MethodStencil.code / .relocs, GC info, unwind, debug info
//! ```
//!
//! ## Emitting instructions
//! Each encoding form is a method named after iced-x86's `Code` in snake
//! case: `Add_rm32_r32` is [`CodeBuffer::add_rm32_r32`]. Operands are typed:
//! [`Gpr`] (the form gives the width; byte forms use `spl`/`bpl`/`sil`/`dil`
//! for registers 4–7), [`Xmm`], [`Mem`], [`Rm`]/[`XmmRm`] (anything that
//! converts: `Gpr::RAX` or a `Mem`), immediates as Rust integers, [`Label`]
//! and [`Rel`] for branch targets. Every method returns the [`InstId`] of
//! the instruction. [`Inst`] is the same set of forms as data, emitted with
//! [`CodeBuffer::emit`]; [`Form`] lists them all.
//!
//! ## Labels and branches
//! [`CodeBuffer::new_label`], [`CodeBuffer::bind`]; [`CodeBuffer::jmp`] and
//! [`CodeBuffer::jcc`] are relaxed (short when the target is within
//! −128..127, else near); `*_rel8_64` forms are forced short, `*_rel32_64`
//! forms forced near. `Mem::label(l)` addresses a label RIP-relatively.
//!
//! ## Relocations
//! [`CodeBuffer::target`] interns a [`Target`](kiln_runtime_abi::stencil::Target)
//! (import cell, data) as a [`Sym`]. `Mem::sym(s)` is `[rip+disp32]` to it,
//! recorded as a `Rel32` [`Reloc`](kiln_runtime_abi::stencil::Reloc) whose
//! addend accounts for a trailing immediate; `call_rm64(Mem::sym(cell))`
//! encodes exactly `FF 15 disp32` as delay-load cells require. `rel32`
//! calls/jumps to a `Sym` are `Rel32` relocations too.
//! [`CodeBuffer::label_address`] emits a code address (jump-table entry) as
//! an `Abs64`/`ImageRel32` relocation to `Target::Code(offset)`.
//!
//! ## Offsets
//! [`Assembled::inst_start`]/[`Assembled::inst_end`] give the final offsets
//! of any [`InstId`] (a call's end is its GC safepoint / return address;
//! prolog instruction ends are unwind code offsets);
//! [`Assembled::label_offset`] those of labels.
//!
//! ## Alignment
//! [`CodeBuffer::align`] pads with the recommended multi-byte NOPs (SDM
//! Vol. 2B, NOP) and is re-padded after relaxation; [`CodeBuffer::nops`]
//! emits an exact number of NOP bytes.
//!
//! Specification: Intel 64 and IA-32 Architectures Software Developer's
//! Manual, Vol. 2 (§2.1–2.2 instruction format, REX, ModRM/SIB; the
//! instruction reference pages for each opcode).

mod buffer;
mod encode;
mod forms;
mod operand;

pub use buffer::{AsmError, Assembled, CodeBuffer, InstId};
pub use forms::{Form, Inst};
pub use operand::{
    Base, Cond, FromOperand, Gpr, GprView, Label, Mem, OpKind, Operand, Rel, Rm, Scale, Sym, Width,
    Xmm, XmmRm,
};
