//! # kiln-runtime-abi — the .NET runtime contract as typed data
//!
//! A leaf crate: everything kiln must agree on with the runtime it targets
//! (CoreCLR 8.0, ReadyToRun 9.1 on linux-x64 today), written down once.
//!
//! ```text
//!  metadata ─┐
//!            ├─ lower ── x64 / gcinfo ── writer ── driver
//!  ir ───────┘     ▲         ▲             ▲
//!                  └─────────┴─────────────┴── runtime-abi (this crate)
//! ```
//!
//! * [`stencil`] — the position-independent per-method result a backend
//!   hands to a container writer (code bytes, symbolic fixups, unwind, GC
//!   and EH records). Writers assign RVAs and import cells.
//!
//! Specification: dotnet/runtime `src/coreclr/inc/readytorun.h` (9.1) and
//! `docs/design/coreclr/botr/readytorun-format.md`.

pub mod stencil;
