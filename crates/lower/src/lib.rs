//! # kiln-lower — the IL importer
//!
//! Turns a method's IL (evaluation stack, locals, arguments) into `kiln-ir`
//! SSA, asking everything it needs to know about the method and the tokens
//! in its IL through [`LowerEnv`], so tests can supply a fake environment and
//! the driver one backed by `kiln-metadata`.
//!
//! ```text
//!  LowerEnv ──signature, body, locals, resolve_call──┐
//!                                                    ▼
//!  IL bytes ─IlDecoder─▶ IL blocks ─liveness─▶ translate (worklist)
//!                                                    │ block params = live vars + stack
//!                                                    ▼
//!                              remove trivial params (ssa) ─▶ verify ─▶ kiln_ir::Function
//! ```
//!
//! Invariants of the output: the function verifies
//! ([`kiln_ir::verify_function`]); every IL instruction that produced IR is
//! recorded as the IR's [`kiln_ir::IlLoc`]; divisions are guarded; the
//! method is either lowered whole or refused with a [`LowerError`] — never
//! partially. The slice supported, and what each refusal means, is
//! documented in [`import`] and [`error`].
//!
//! Specification: ECMA-335 6th edition, Partition III (instruction
//! semantics, III.1.5 operand type tables, III.1.7.5 stack merging).

pub mod env;
pub mod error;
pub mod import;
pub mod metadata_env;
pub mod ssa;

pub use env::{CallTarget, IlBody, IlType, LowerEnv, MethodSig};
pub use error::{CalleeReason, InvalidIl, InvalidIlKind, LowerError, Unsupported};
pub use import::lower_method;
pub use metadata_env::MetadataEnv;
