//! # The x64 backend: `kiln_ir::Function` → [`MethodStencil`]
//!
//! Compiles one verified IR function to position-independent x86-64 code
//! under the managed SysV calling convention, with everything the
//! ReadyToRun writer needs around it: relocations to import cells, the
//! prolog's unwind description and the encoded GC info.
//!
//! ```text
//!  kiln_ir::Function
//!     │ verify_function                      IR invariants hold (kiln_ir docs)
//!     ▼
//!  analysis::Analysis::compute               [Unsupported if outside the slice]
//!     │  every value is an integer (i8…i64), a float (f32, f64) or a GC
//!     │  reference (ref, byref; then every loop header polls for GC);
//!     │  arguments placed by abi::arg_locs (SysV: integer and XMM
//!     │  registers counted apart, then the stack); every call names a MethodDef
//!     │  or MemberRef token with ≤ 256 params and ≤ 1 return;
//!     │  blocks numbered in layout order, one program point per block start
//!     │  and per instruction; block live-in/out sets (backward dataflow);
//!     │  per value a closed live interval [def, last point live] covering
//!     │  every point where it is live; `icmp`s fused into their `brif`;
//!     │  constants rematerialized at each use (no interval)
//!     ▼
//!  regalloc::allocate                        linear scan, no splitting
//!     │  every interval gets one home for its whole life: a register of
//!     │  RBX R12–R15 RSI RDI R8 R9 or an 8-byte spill slot; intervals that
//!     │  overlap never share a home; an interval live across a call (a call
//!     │  point strictly inside it) is never in a caller-saved register;
//!     │  RAX RCX RDX R10 R11 are never homes (instruction scratch);
//!     │  float values get XMM2–XMM15 (all caller-saved: a float live
//!     │  across a call is spilled) or a spill slot, XMM0/XMM1 are scratch
//!     │  regalloc::check re-proves both properties from exact per-point
//!     │  liveness, independently of the intervals
//!     ▼
//!  emit::emit                                one asm::CodeBuffer pass
//!     │  prolog: push rbp; mov rbp,rsp; push used callee-saved; sub rsp,N
//!     │  (RSP 16-aligned in the body, never moved after the prolog); IR
//!     │  stack slots zeroed; parameters moved to their homes; each
//!     │  instruction computes into its result's home register (operands read
//!     │  from their homes or as immediates) or through scratch registers and
//!     │  a store; block arguments and call arguments move
//!     │  through moves::resolve (parallel moves, cycles broken with R11);
//!     │  each edge's moves run only on that edge; traps jump to one stub per
//!     │  trap code that calls the throw helper through an Eager import cell;
//!     │  calls are `call qword ptr [rip+cell]` (FF 15) on MethodCall cells
//!     ▼
//!  MethodStencil { code, relocs, fragments[0].unwind, gc_info, debug_bounds }
//!        unwind ops = exactly the prolog's instructions and end offsets;
//!        GC info: RBP frame, return kind from the signature; a safepoint per
//!        call and loop-head GC poll reporting the references live there
//!        (exact liveness) in their homes — callee-saved registers or
//!        RBP-relative spill slots;
//!        integer-only methods with loops are instead fully interruptible
//!        after the prolog (nothing is ever live) so a spinning loop can be
//!        suspended
//! ```
//!
//! Anything outside the supported slice is [`BackendError::Unsupported`]
//! with an [`UnsupportedReason`]: the driver skips the method and the
//! runtime JIT-compiles it. The backend never emits code it is not sure of.
//!
//! ## Adding an IR opcode
//! 1. `support.rs`, `check_support`: accept it (and its types) instead of
//!    reporting [`UnsupportedReason::Opcode`]; if it reads values other than
//!    [`kiln_ir::InstData::arguments`] or defines values without a home,
//!    teach `uses_of`/`defs_of` in `analysis.rs`.
//! 2. `emit/mod.rs`, `Emitter::inst`: add the arm, calling a function in the
//!    module of its concern (`emit/int.rs`, `memory.rs`, `runtime.rs`, …)
//!    that selects instructions. Read operands with `load`/`operand`, write
//!    the result with `store` last; use only RAX, RCX, RDX (and R10/R11 via
//!    moves) as scratch; a call must be pushed to `calls` (GC safepoint) and
//!    clobbers every caller-saved register (add it to `call_points` in
//!    `analysis.rs`); a new import cell or helper goes in `imports.rs`.
//! 3. Tests: a case in `tests/backend_exec.rs` (and the random generator in
//!    `tests/backend_support`), compared with both interpreters; a golden
//!    input in `tests/golden_backend/` (`KILN_BLESS=1`).
//!
//! Specification: `docs/design/coreclr/botr/clr-abi.md` (managed ABI),
//! System V AMD64 psABI §3.2 (registers, stack alignment), Windows x64
//! unwind codes (`UNWIND_INFO`, used by R2R on every OS), `readytorun.h`
//! 9.1 (helper ids, MethodEntry fixups), `gcinfo.h`/`gcinfoencoder.cpp` v2.
//!
//! ## Example
//! ```
//! let func = kiln_ir::parse_function(
//!     "function \"P::Add\"(i32, i32) -> i32 {\n\
//!      block0(v0: i32, v1: i32):\n\
//!          v2 = iadd.i32 v0, v1\n\
//!          return v2\n\
//!      }\n",
//! )
//! .unwrap();
//! let stencil = kiln_x64::backend::compile(&func, &Default::default()).unwrap();
//! assert_eq!(stencil.fragments.len(), 1);
//! assert!(stencil.relocs.is_empty());
//! ```

pub mod abi;
pub mod analysis;
pub mod eh;
pub mod emit;
pub mod imports;
pub mod moves;
pub mod regalloc;
mod support;

use std::fmt;

use kiln_ir::{AnyEntity, Function, Type};
use kiln_runtime_abi::abi::TargetRuntime;
use kiln_runtime_abi::stencil::MethodStencil;

/// Options of one compilation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct BackendOptions {
    /// The runtime the code is for (helper availability).
    pub target: TargetRuntime,
    /// Record IL ↔ native offset pairs in [`MethodStencil::debug_bounds`].
    pub debug_bounds: bool,
}

impl Default for BackendOptions {
    fn default() -> Self {
        BackendOptions {
            target: TargetRuntime::NET8,
            debug_bounds: true,
        }
    }
}

/// Why a function is outside what the backend compiles (the method is then
/// left to the JIT).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnsupportedReason {
    /// A value, parameter or return of a type other than `i8`…`i64`,
    /// `f32`, `f64`, `ref` and `byref` (structs), or a GC reference or
    /// float in a stack slot.
    Type(Type),
    /// An opcode the backend does not lower yet (`stack_addr`, …), by its
    /// text name.
    Opcode(&'static str),
    /// Overflow-checked arithmetic on `i8`/`i16` operands.
    NarrowOverflowArithmetic,
    /// More arguments than the backend passes to a call.
    TooManyArguments {
        /// Parameter count.
        count: usize,
    },
    /// More than one return value.
    MultipleReturns,
    /// A callee token that is neither a MethodDef nor a MemberRef.
    CalleeToken(u32),
    /// A type, field or string token of the wrong table or with a null row.
    MetadataToken(u32),
    /// A `generic_lookup` whose signature the function does not record.
    GenericLookup(u32),
    /// A stack slot holding GC references or an unsupported size/alignment.
    StackSlot,
    /// The target runtime lacks a helper the code needs.
    MissingHelper(u32),
    /// The frame would reach a page (4 KiB): it would need stack probes,
    /// which the backend does not emit.
    FrameTooLarge,
    /// An exception-handling shape outside the slice (see `eh`).
    ExceptionHandling(&'static str),
}

impl fmt::Display for UnsupportedReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnsupportedReason::Type(t) => write!(f, "values of type {t}"),
            UnsupportedReason::Opcode(o) => write!(f, "opcode `{o}`"),
            UnsupportedReason::NarrowOverflowArithmetic => {
                f.write_str("overflow-checked arithmetic on i8/i16")
            }
            UnsupportedReason::TooManyArguments { count } => {
                write!(f, "{count} arguments to a call (at most 256)")
            }
            UnsupportedReason::MultipleReturns => f.write_str("more than one return value"),
            UnsupportedReason::CalleeToken(t) => write!(f, "callee token {t:#010x}"),
            UnsupportedReason::MetadataToken(t) => write!(f, "metadata token {t:#010x}"),
            UnsupportedReason::GenericLookup(n) => write!(f, "generic lookup {n} not recorded"),
            UnsupportedReason::StackSlot => f.write_str("stack slot with GC layout or odd size"),
            UnsupportedReason::MissingHelper(h) => write!(f, "runtime helper {h:#x} missing"),
            UnsupportedReason::FrameTooLarge => {
                f.write_str("frame of 4 KiB or more (needs stack probes)")
            }
            UnsupportedReason::ExceptionHandling(what) => {
                write!(f, "exception handling: {what}")
            }
        }
    }
}

impl UnsupportedReason {
    /// The construct and, where it matters, which one, without tokens: what
    /// the driver's report records as a skipped method's cause and `kiln -v`
    /// groups by. A new variant gets its arm here.
    pub fn class(&self) -> (&'static str, Option<String>) {
        match self {
            UnsupportedReason::Type(t) => ("value type", Some(t.to_string())),
            UnsupportedReason::Opcode(o) => ("opcode", Some((*o).to_string())),
            UnsupportedReason::NarrowOverflowArithmetic => ("narrow overflow arithmetic", None),
            UnsupportedReason::TooManyArguments { .. } => ("too many call arguments", None),
            UnsupportedReason::MultipleReturns => ("multiple returns", None),
            UnsupportedReason::CalleeToken(_) => ("callee token", None),
            UnsupportedReason::MetadataToken(_) => ("metadata token", None),
            UnsupportedReason::GenericLookup(_) => ("generic lookup", None),
            UnsupportedReason::StackSlot => ("stack slot", None),
            UnsupportedReason::MissingHelper(h) => {
                ("missing runtime helper", Some(format!("{h:#x}")))
            }
            UnsupportedReason::FrameTooLarge => ("frame of 4 KiB or more", None),
            UnsupportedReason::ExceptionHandling(what) => {
                ("exception handling", Some((*what).to_string()))
            }
        }
    }
}

/// An unsupported construct and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Unsupported {
    /// What is not supported.
    pub reason: UnsupportedReason,
    /// Where (the function, an instruction, a value, …).
    pub location: AnyEntity,
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at {}", self.reason, self.location)
    }
}

/// Why [`compile`] produced no stencil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackendError {
    /// The function uses something outside the supported slice: skip the
    /// method (the runtime JIT-compiles it). Not a bug.
    Unsupported(Unsupported),
    /// The input does not pass `kiln_ir::verify_function`: a bug of the
    /// producer (`kiln-lower`). Holds the verifier's report.
    InvalidIr(String),
    /// An internal invariant failed (assembler error, allocation check,
    /// encoder error): a bug of the backend. The method must be skipped.
    Internal(String),
}

impl fmt::Display for BackendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackendError::Unsupported(u) => write!(f, "unsupported: {u}"),
            BackendError::InvalidIr(e) => write!(f, "invalid IR: {e}"),
            BackendError::Internal(e) => write!(f, "internal backend error: {e}"),
        }
    }
}

impl std::error::Error for BackendError {}

impl BackendError {
    /// The unsupported reason, if this is [`BackendError::Unsupported`].
    pub fn unsupported(&self) -> Option<&Unsupported> {
        match self {
            BackendError::Unsupported(u) => Some(u),
            _ => None,
        }
    }
}

pub(crate) fn unsupported(
    reason: UnsupportedReason,
    location: impl Into<AnyEntity>,
) -> BackendError {
    BackendError::Unsupported(Unsupported {
        reason,
        location: location.into(),
    })
}

/// Compiles `func` to a method stencil.
///
/// # Errors
/// [`BackendError::Unsupported`] if the function uses anything outside the
/// supported slice (see the module docs), [`BackendError::InvalidIr`] if it
/// fails the IR verifier, [`BackendError::Internal`] on a backend bug (the
/// allocation checker or the assembler disagreed).
///
/// # Panics
/// Never on any input (verified or not).
pub fn compile(func: &Function, opts: &BackendOptions) -> Result<MethodStencil, BackendError> {
    if let Err(errors) = kiln_ir::verify_function(func) {
        return Err(BackendError::InvalidIr(
            kiln_ir::write_function_with_errors(func, &errors.0),
        ));
    }
    let analysis = analysis::Analysis::compute(func, opts)?;
    let alloc = regalloc::allocate(&analysis);
    regalloc::check(func, &analysis, &alloc).map_err(BackendError::Internal)?;
    emit::emit(func, &analysis, &alloc, opts)
}
