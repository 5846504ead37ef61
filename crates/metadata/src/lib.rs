//! # kiln-metadata — ECMA-335 reader and the type system R2R needs
//!
//! A leaf crate: reads CLI files (IL-only and ReadyToRun PE images) without
//! copying them, decodes tables, heaps, signatures, method bodies and IL, and
//! resolves references across an assembly set (following type forwarders).
//! Every later stage of the pipeline asks it what a token means.
//!
//! ```text
//!  file ─ mmap ─► pe      PE/COFF headers, sections, data directories, COR header, RVA map
//!                  └► assembly   metadata root, streams, tables (typed rows/handles), heaps
//!                        ├► body ─► il      method headers + EH clauses ─► instructions
//!                        ├► sig / attr      typed signatures, custom attribute values
//!                        └► set             assembly set: AssemblyRef / TypeRef (forwarders) / MemberRef
//!                              └► types     identity, CoreCLR 8 field layout, statics, vtables, interfaces
//!  check: runs all of the above over whole assemblies (`cargo xtask metadata-check`)
//! ```
//!
//! Invariants: an [`Assembly`] is immutable, `Send + Sync + 'static` and cheap
//! to clone (an `Arc` around the mapped file); accessors borrow from it.
//! Malformed input is a [`MetadataError`] naming the table/row/heap/offset —
//! never a panic (fuzzed: `fuzz/`, and `tests/mutation.rs` on every run).
//!
//! ## API at a glance
//! * Open: [`Assembly::open`] (mmap) / [`Assembly::from_bytes`].
//! * Container (for the R2R reader and writer): [`Assembly::bytes`],
//!   [`Assembly::pe`] (COFF/optional header fields, [`pe::PeHeaders::sections`],
//!   data directories), [`Assembly::cor_header`] (+ offset),
//!   [`Assembly::rva_slice`], [`Assembly::rva_to_offset`],
//!   [`Assembly::ready_to_run_header`], [`Assembly::metadata_bytes`].
//! * Tables: typed handles (`TypeDefHandle(u32)`, … in [`tables`]) and
//!   [`Token`]; [`Assembly::row`] decodes any row (`asm.row::<tables::FieldRow>(h)`),
//!   shortcuts [`Assembly::type_def`], [`Assembly::method_def`], …; coded
//!   indexes decode to enums ([`tables::TypeDefOrRef`], …); lists via
//!   [`Assembly::type_fields`], [`Assembly::type_methods`],
//!   [`Assembly::method_params`]; reverse lookups [`Assembly::method_owner`],
//!   [`Assembly::enclosing_type`], [`Assembly::class_layout`], [`Assembly::custom_attributes`], …
//!   — each O(log n): a (table, key column) is binary searched in place when
//!   its rows really are sorted, otherwise through an index built once
//!   ([`Assembly::rows_with_key`]); never a scan per query.
//! * Heaps: [`Assembly::string`], [`Assembly::blob`], [`Assembly::user_string`], [`Assembly::guid`].
//! * Bodies and IL: [`Assembly::method_body`] → [`body::MethodBody`] (`code`,
//!   `max_stack`, `init_locals`, `local_var_sig`, `exception_clauses`);
//!   [`il::IlDecoder`] yields [`il::Instruction`] `{ offset, len, opcode, operand }`
//!   with typed [`il::Operand`]s (branch targets absolute, `switch` tables,
//!   tokens); prefixes are instructions of their own ([`il::Opcode::is_prefix`]).
//! * Signatures: [`Assembly::method_def_sig`], [`Assembly::field_sig`],
//!   [`Assembly::member_ref_sig`], [`Assembly::locals_sig`],
//!   [`Assembly::type_spec_sig`], [`Assembly::method_spec_sig`] → [`sig::TypeSig`] /
//!   [`sig::MethodSig`] (with [`sig::TypeSig::substitute`]).
//! * Attributes: [`Assembly::has_attribute`] (`NonVersionable`, `Intrinsic`,
//!   `IsByRefLike`, …), [`Assembly::decode_custom_attribute`], [`attr::decode_value`];
//!   `StructLayout`/`MethodImpl` are flags: [`tables::type_attributes`], [`tables::method_impl_attributes`].
//! * Resolution: [`set::AssemblySet::from_paths`], `resolve_assembly_ref`,
//!   `resolve_type_ref` (through forwarders), `resolve_member_ref`,
//!   `find_exported_type`, `core_library`; ids [`set::TypeDefId`], [`set::MethodDefId`], [`set::FieldDefId`].
//! * Type system: [`types::TypeSystem`] over a set and [`types::VersionBubbles`]:
//!   `key_of` (signature → [`types::TypeKey`]), `layout` → [`types::TypeLayout`]
//!   (field offsets, instance size, `base_size`, alignment, GC ref map,
//!   `aligned_base`), `static_layout`, `vtable`, `interfaces`. Proven against
//!   the runtime by `tests/layout_oracle.rs`.
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
//! Specification: ECMA-335 6th edition, Partition II (metadata) and III (IL);
//! CoreCLR 8 sources for layout (see [`types`]).

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
pub use set::{AsmId, AssemblySet, ResolveError};
pub use tables::{Handle, Row, TableId, Token};
pub use types::{TypeKey, TypeLayout, TypeSystem, VersionBubbles};
