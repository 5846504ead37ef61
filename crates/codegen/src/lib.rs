//! # kiln-codegen — the code-generator plugin point
//!
//! A kiln backend turns one verified [`kiln_ir::Function`] into a
//! position-independent [`MethodStencil`] (code bytes, symbolic
//! relocations, unwind, GC info, EH clauses, debug bounds: the contract in
//! [`kiln_runtime_abi::stencil`]) for one instruction set. This crate is the
//! trait every backend implements and the description it gives of itself;
//! it holds no code generator. `kiln-x64` implements it
//! (`kiln_x64::X64Backend`); `kiln-driver`'s `Registry` picks the backend of
//! a compilation by its target triple.
//!
//! ```text
//!   target_lexicon::Triple ──► Registry (kiln-driver) ──► &dyn Backend
//!                                                            │ isa()                 what it targets
//!                                                            │ calling_convention()  how managed code calls
//!   kiln_ir::Function (verified) ───────────────────────────►│ compile()
//!                                                            ▼
//!                                    Ok(MethodStencil)  or  Err(CodegenError)
//!                                    (to kiln-writer)       (Unsupported: the method is
//!                                                            left to the runtime's JIT)
//! ```
//!
//! Invariants a backend keeps (the driver and the writer rely on them):
//!
//! * `compile` never panics on any input and never emits code it is not
//!   sure of: whatever it does not handle is [`CodegenError::Unsupported`],
//!   and the method is then JIT-compiled by the runtime.
//! * The stencil is position independent and depends only on the function
//!   and the options, so equal inputs give equal stencils (incremental
//!   builds reuse them).
//! * [`Backend::isa`] and [`Backend::calling_convention`] describe the code
//!   `compile` really produces: the x64 backend's descriptions are built
//!   from the constants its register allocator and argument placement use.
//!
//! What else is target specific today, for a second ISA (see
//! `docs/plugins.md`, "Add a backend"): `kiln-lower` assumes 8-byte
//! pointers and classifies structs by the SysV rules of
//! `kiln_runtime_abi::abi`; `kiln-writer` emits x64 delay-load thunks and
//! the x64 `UNWIND_INFO` format.

#![warn(missing_docs)]

use std::fmt;

pub use kiln_ir::Function;
pub use kiln_runtime_abi::abi::TargetRuntime;
pub use kiln_runtime_abi::stencil::MethodStencil;
pub use target_lexicon;
use target_lexicon::{Architecture, OperatingSystem, Triple};

/// What a backend targets: the instruction set and the systems whose
/// ReadyToRun code it produces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Isa {
    /// The architecture's name as crossgen2's `--targetarch` spells it
    /// (`x64`, `arm64`, …); also the backend's name in messages.
    pub name: &'static str,
    /// The architecture, as target triples name it.
    pub architecture: Architecture,
    /// The operating systems the backend's code is correct for (their
    /// managed calling conventions and runtime helpers agree with
    /// [`Backend::calling_convention`]).
    pub operating_systems: Vec<OperatingSystem>,
    /// Size of a pointer (and of a GC reference) in bytes.
    pub pointer_bytes: u8,
    /// Alignment the backend wants for a method's code, in bytes.
    pub code_alignment: u32,
}

impl Isa {
    /// Whether `target` has this architecture and one of
    /// [`Isa::operating_systems`].
    ///
    /// ```
    /// use kiln_codegen::target_lexicon::{Architecture, OperatingSystem, Triple};
    /// let isa = kiln_codegen::Isa {
    ///     name: "x64",
    ///     architecture: Architecture::X86_64,
    ///     operating_systems: vec![OperatingSystem::Linux],
    ///     pointer_bytes: 8,
    ///     code_alignment: 16,
    /// };
    /// assert!(isa.supports(&"x86_64-unknown-linux-gnu".parse::<Triple>().unwrap()));
    /// assert!(!isa.supports(&"x86_64-pc-windows-msvc".parse::<Triple>().unwrap()));
    /// ```
    pub fn supports(&self, target: &Triple) -> bool {
        target.architecture == self.architecture
            && self.operating_systems.contains(&target.operating_system)
    }

    /// The triples this ISA supports, in the order of
    /// [`Isa::operating_systems`] (for listing what exists).
    pub fn triples(&self) -> Vec<Triple> {
        self.operating_systems
            .iter()
            .map(|os| {
                let mut t = Triple::unknown();
                t.architecture = self.architecture;
                t.operating_system = *os;
                if *os == OperatingSystem::Linux {
                    t.environment = target_lexicon::Environment::Gnu;
                    t.binary_format = target_lexicon::BinaryFormat::Elf;
                }
                t
            })
            .collect()
    }
}

/// The managed calling convention a backend's code follows: where
/// arguments and returns travel and what survives a call. Registers are
/// named as the ISA's assembler names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallingConvention {
    /// The convention's name.
    pub name: &'static str,
    /// Integer and reference arguments, in order.
    pub integer_arguments: Vec<&'static str>,
    /// Floating-point arguments, in order (counted apart from the integer
    /// ones where the convention does so).
    pub float_arguments: Vec<&'static str>,
    /// Integer and reference return values, in order.
    pub integer_returns: Vec<&'static str>,
    /// Floating-point return values, in order.
    pub float_returns: Vec<&'static str>,
    /// Registers a callee preserves.
    pub callee_saved: Vec<&'static str>,
    /// Stack alignment at a call, in bytes.
    pub stack_alignment: u32,
    /// Where the convention is specified.
    pub specification: &'static str,
}

/// Options of one method's code generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CodegenOptions {
    /// The runtime the code is for (R2R version, GC info version, helper
    /// availability).
    pub runtime: TargetRuntime,
    /// Record IL ↔ native offset pairs in [`MethodStencil::debug_bounds`].
    pub debug_bounds: bool,
}

impl Default for CodegenOptions {
    fn default() -> Self {
        CodegenOptions {
            runtime: TargetRuntime::NET8,
            debug_bounds: true,
        }
    }
}

/// A construct a backend does not compile, and where it is.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Unsupported {
    /// What kind of construct, without tokens or locations (`opcode`,
    /// `value type`, …): what reports group skipped methods by.
    pub construct: &'static str,
    /// Which one, where it matters (the opcode's name, the type).
    pub detail: Option<String>,
    /// The full description with its location in the function.
    pub message: String,
}

/// Why [`Backend::compile`] produced no stencil. In every case the method is
/// left to the runtime's JIT; only [`CodegenError::Unsupported`] is expected,
/// the others are bugs to report.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CodegenError {
    /// The function uses something outside what the backend compiles.
    Unsupported(Unsupported),
    /// The function fails `kiln_ir::verify_function` (a bug of its
    /// producer); holds the verifier's report.
    InvalidIr(String),
    /// An internal invariant of the backend failed (a backend bug).
    Internal(String),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodegenError::Unsupported(u) => write!(f, "unsupported: {}", u.message),
            CodegenError::InvalidIr(e) => write!(f, "invalid IR: {e}"),
            CodegenError::Internal(e) => write!(f, "internal backend error: {e}"),
        }
    }
}

impl std::error::Error for CodegenError {}

/// A code generator for one instruction set: the plugin point a new target
/// (arm64, …) implements.
///
/// ```
/// use kiln_codegen::{Backend, CallingConvention, CodegenError, CodegenOptions, Isa, Unsupported};
/// use kiln_codegen::target_lexicon::{Aarch64Architecture, Architecture, OperatingSystem};
///
/// /// A backend that compiles nothing: every method goes to the JIT.
/// #[derive(Debug)]
/// struct JitOnly(Isa, CallingConvention);
///
/// impl Backend for JitOnly {
///     fn isa(&self) -> &Isa { &self.0 }
///     fn calling_convention(&self) -> &CallingConvention { &self.1 }
///     fn compile(
///         &self,
///         func: &kiln_codegen::Function,
///         _: &CodegenOptions,
///     ) -> Result<kiln_codegen::MethodStencil, CodegenError> {
///         Err(CodegenError::Unsupported(Unsupported {
///             construct: "everything",
///             detail: None,
///             message: format!("{} is left to the JIT", func.name),
///         }))
///     }
/// }
///
/// let arm64 = JitOnly(
///     Isa {
///         name: "arm64",
///         architecture: Architecture::Aarch64(Aarch64Architecture::Aarch64),
///         operating_systems: vec![OperatingSystem::Linux],
///         pointer_bytes: 8,
///         code_alignment: 4,
///     },
///     CallingConvention {
///         name: "AAPCS64",
///         integer_arguments: vec!["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"],
///         float_arguments: vec!["v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7"],
///         integer_returns: vec!["x0", "x1"],
///         float_returns: vec!["v0", "v1"],
///         callee_saved: vec!["x19", "x20", "x21", "x22", "x23", "x24", "x25", "x26", "x27", "x28"],
///         stack_alignment: 16,
///         specification: "Procedure Call Standard for the Arm 64-bit Architecture",
///     },
/// );
/// let f = kiln_codegen::Function::new("M", Default::default());
/// let err = arm64.compile(&f, &CodegenOptions::default()).unwrap_err();
/// assert_eq!(err.to_string(), "unsupported: M is left to the JIT");
/// assert!(arm64.supports(&"aarch64-unknown-linux-gnu".parse().unwrap()));
/// ```
pub trait Backend: Send + Sync + fmt::Debug {
    /// The instruction set and systems this backend produces code for.
    fn isa(&self) -> &Isa;

    /// The managed calling convention of the produced code.
    fn calling_convention(&self) -> &CallingConvention;

    /// Whether this backend compiles for `target` (by default:
    /// [`Isa::supports`]).
    fn supports(&self, target: &Triple) -> bool {
        self.isa().supports(target)
    }

    /// Compiles one function: instruction selection, register allocation,
    /// frame layout and encoding, giving the method's stencil.
    ///
    /// # Errors
    /// [`CodegenError::Unsupported`] for anything outside what the backend
    /// compiles (the method is then JIT-compiled);
    /// [`CodegenError::InvalidIr`] if `func` fails the IR verifier;
    /// [`CodegenError::Internal`] on a backend bug.
    ///
    /// # Panics
    /// Must not panic on any input (the driver still contains a panic to
    /// the method and reports it as an internal error).
    fn compile(
        &self,
        func: &Function,
        options: &CodegenOptions,
    ) -> Result<MethodStencil, CodegenError>;
}
