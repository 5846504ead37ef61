//! # kiln-x64 — x86-64 assembler and backend
//!
//! A hand-written x86-64 encoder (one function per encoding form, named after
//! iced-x86's `Code` names), a code buffer with labels, branch relaxation and
//! symbolic relocations, and the backend that selects instructions from
//! `kiln-ir` and produces position-independent method stencils.
//!
//! ```text
//!   kiln-ir ──► backend (instruction selection, register allocation)
//!                 │ calls one CodeBuffer method per instruction
//!                 ▼
//!               asm::CodeBuffer ──finish()──► asm::Assembled
//!                 (bytes, labels, relaxation,     (code, relocs, offsets)
//!                  relocations, alignment)            │
//!                                                     ▼
//!                                          kiln_runtime_abi::stencil::MethodStencil
//! ```
//!
//! [`asm`] is the assembler layer: see its documentation for how to emit
//! instructions, use labels, reference import cells and read offsets. Every
//! encoding form is verified against iced-x86's decoder by the differential
//! tests in `crates/x64/tests/`.

pub mod asm;
pub mod backend;
