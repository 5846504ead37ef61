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
//!                              passes (trivial params, …) ─▶ verify ─▶ kiln_ir::Function
//! ```
//!
//! Invariants of the output: the function verifies
//! ([`kiln_ir::verify_function`]); every IL instruction that produced IR is
//! recorded as the IR's [`kiln_ir::IlLoc`]; divisions are guarded; the
//! method is either lowered whole or refused with a [`LowerError`] — never
//! partially. The slice supported, and what each refusal means, is
//! documented in [`import`] and [`error`].
//!
//! ## Recipe: supporting another IL opcode
//!
//! 1. If the IR cannot express it yet, add the instruction to
//!    `kiln_ir::InstData` (typing rule in `Function::result_types`, checks in
//!    the verifier, text in `write.rs` and `parse.rs`, semantics in
//!    `interp.rs`) and tell the backend, which refuses unknown instructions
//!    with a typed reason until it supports them.
//! 2. Add it to the opcode family it belongs to in the dispatcher
//!    (`import::Importer::translate_insn` and the `operation`/`terminator`
//!    matches next to it in `import/mod.rs`) and translate it in that
//!    family's module (`import/arith.rs`, `import/calls.rs`, … — the table
//!    in [`import`]): stack effect, operand kinds per ECMA-335 III.1.5;
//!    anything it cannot handle is an [`Unsupported`] or [`InvalidIl`] with
//!    the IL offset.
//! 3. Add a golden `tests/golden/<name>.il` (bless with `KILN_BLESS=1`), add
//!    the opcode to the slice list in `tests/golden.rs`, and, if its
//!    semantics have corner cases, a method and cases in
//!    `tests/cs/semantics.cs` / `.cases` (bless against the runtime).
//!
//! Specification: ECMA-335 6th edition, Partition III (instruction
//! semantics, III.1.5 operand type tables, III.1.7.5 stack merging).

pub mod env;
pub mod error;
pub mod import;
pub mod metadata_env;
pub mod passes;

pub use env::{
    CallTarget, ConstrainedCall, ConstructedType, DirectCallee, FieldTarget, IlBody, IlType,
    LowerEnv, MethodSig, TokenHandle, TokenType, ValueLayout,
};
pub use error::{
    CalleeReason, ErrorCategory, ErrorClass, InvalidIl, InvalidIlKind, LowerError, Unsupported,
};
pub use import::lower_method;
pub use metadata_env::{r2r_type, Instantiation, MetadataEnv};
