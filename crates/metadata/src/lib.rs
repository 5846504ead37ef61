//! # kiln-metadata — ECMA-335 reader and the type system R2R needs
//!
//! A leaf crate: reads CLI files (IL-only and ReadyToRun PE images) without
//! copying them, decodes tables, heaps, signatures, method bodies and IL, and
//! resolves references across an assembly set (following type forwarders).
//! Every later stage of the pipeline asks it what a token means.
//!
//! ```text
//!  file ─ mmap ─► pe (PE/COFF, COR header, RVA map)
//!                  └► assembly (metadata root, streams, tables, heaps)
//!                        ├► body (method headers, EH clauses) ─► il (instructions)
//!                        ├► sig (typed signatures) / attr (custom attributes)
//!                        └► set (assembly set: AssemblyRef/TypeRef/MemberRef resolution)
//!                              └► types (identity, field layout, statics, vtables)
//! ```
//!
//! Invariants: an [`Assembly`] is immutable, `Send + Sync + 'static` and
//! cheap to clone; accessors borrow from it. Malformed input is a
//! [`MetadataError`] naming the table/row/offset — never a panic.
//!
//! Quick start for IL consumers:
//! ```no_run
//! use kiln_metadata::{Assembly, il::IlDecoder, tables::MethodDefHandle};
//! let asm = Assembly::open("app.dll")?;
//! for m in asm.handles::<MethodDefHandle>() {
//!     if let Some(body) = asm.method_body(m)? {
//!         for insn in IlDecoder::new(body.code) {
//!             let insn = insn?;
//!             println!("IL_{:04x}: {} {:?}", insn.offset, insn.opcode.name(), insn.operand);
//!         }
//!     }
//! }
//! # Ok::<(), kiln_metadata::MetadataError>(())
//! ```
//!
//! Specification: ECMA-335 6th edition, Partition II (metadata) and III (IL).

pub mod assembly;
pub mod attr;
pub mod body;
pub mod bytes;
pub mod check;
pub mod error;
pub mod heaps;
pub mod il;
pub mod pe;
pub mod set;
pub mod sig;
pub mod tables;
pub mod types;

pub use assembly::Assembly;
pub use error::{MetadataError, Result};
pub use tables::{Handle, Row, TableId, Token};
