//! # kiln-runtime-abi — the .NET runtime contract as typed data
//!
//! A leaf crate: everything kiln must agree on with the runtime it targets
//! (CoreCLR 8.0, ReadyToRun 9.1 on linux-x64 today), written down once,
//! each encoding with a writer *and* a reader so every writer is checked by
//! a decoder (and both are checked against crossgen2's output by
//! `cargo xtask r2r-check`).
//!
//! ```text
//!  metadata ─┐
//!            ├─ lower ── x64 / gcinfo ── writer ── driver
//!  ir ───────┘     ▲         ▲             ▲
//!                  └─────────┴─────────────┴── runtime-abi (this crate)
//! ```
//!
//! * [`stencil`] — the position-independent per-method result a backend
//!   hands to a container writer.
//! * [`r2r`] — header, section ids, flags, import sections, fixup kinds,
//!   helper ids, signature flags (R2R 9.1).
//! * [`sig`] — fixup signatures: encoder helpers (`fixup_helper`,
//!   `fixup_method_entry_def`, `fixup_type`, …) and a structured decoder.
//! * [`abi`] — the SysV managed calling convention and [`abi::TargetRuntime`].
//! * [`native`] — NativeFormat varints, NativeArray, NativeHashtable and a
//!   crossgen2-identical layout writer.
//! * [`nibble`] — nibble streams and per-method fixup lists.
//! * [`gcrefmap`] — GCRefMap records and sections.
//! * [`unwind`] — Windows x64 UNWIND_INFO with the R2R personality trailer.
//! * [`eh`] — ExceptionInfo lookup table and clauses.
//! * [`debuginfo`] — per-method bounds and variable locations.
//! * [`hash`] — version-resilient type/method hash codes.
//! * [`token`] — metadata tokens split into their table and row.
//! * [`isa`] — instruction-set ids and `Check_InstructionSetSupport` fixups.
//!
//! Invariants: decoders never panic (malformed input → [`DecodeError`] with
//! an offset); encoders are deterministic.
//!
//! Specification: dotnet/runtime `src/coreclr/inc/readytorun.h` (9.1) and
//! `docs/design/coreclr/botr/readytorun-format.md`.

pub mod abi;
pub mod debuginfo;
pub mod eh;
pub mod error;
pub mod gcrefmap;
pub mod hash;
pub mod isa;
pub mod native;
pub mod nibble;
pub mod r2r;
pub mod sig;
pub mod stencil;
pub mod sysv_struct;
pub mod token;
pub mod unwind;

pub use error::{DecodeError, DecodeErrorKind};
