//! Why a method is not lowered: [`Unsupported`] (valid IL outside the slice
//! the importer handles — the method is skipped and left to the JIT),
//! [`InvalidIl`] (IL that breaks ECMA-335 Partition III rules), or malformed
//! metadata. No variant ever means a partial compile.

use crate::env::IlType;
use kiln_metadata::il::Opcode;
use kiln_metadata::MetadataError;
use std::fmt;

/// The outcome of a failed lowering.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum LowerError {
    /// Valid input the importer does not handle yet: skip the method.
    Unsupported(Unsupported),
    /// IL breaking the rules of ECMA-335 Partition III.
    Invalid(InvalidIl),
    /// The metadata (or the IL bytes) could not be decoded.
    Metadata(MetadataError),
    /// The importer built IR the verifier rejects: a kiln bug (the input
    /// should have been refused with a typed reason). Carries the method
    /// and the verifier's findings.
    Internal(String),
}

impl From<Unsupported> for LowerError {
    fn from(u: Unsupported) -> Self {
        LowerError::Unsupported(u)
    }
}

impl From<InvalidIl> for LowerError {
    fn from(e: InvalidIl) -> Self {
        LowerError::Invalid(e)
    }
}

impl From<MetadataError> for LowerError {
    fn from(e: MetadataError) -> Self {
        LowerError::Metadata(e)
    }
}

impl fmt::Display for LowerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LowerError::Unsupported(u) => write!(f, "unsupported: {u}"),
            LowerError::Invalid(e) => write!(f, "invalid IL: {e}"),
            LowerError::Metadata(e) => write!(f, "bad metadata: {e}"),
            LowerError::Internal(e) => write!(f, "internal error: {e} (please report)"),
        }
    }
}

impl std::error::Error for LowerError {}

/// Why a call site is outside the slice.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum CalleeReason {
    /// The callee has `this` (instance methods need object references).
    Instance,
    /// The callee is `vararg`.
    VarArg,
    /// The callee is generic (needs a dictionary).
    Generic,
    /// A parameter of the callee has an unsupported type.
    ParamType {
        /// 0-based parameter index (not counting `this`).
        index: u16,
        /// Its type.
        ty: IlType,
    },
    /// The callee returns an unsupported type.
    ReturnType {
        /// The type.
        ty: IlType,
    },
    /// `callvirt` of a virtual method (needs virtual dispatch).
    Virtual,
    /// An instance method of a value type (`this` is a managed pointer).
    ValueTypeInstance,
    /// A value-type parameter not passed (yet): its layout is not fixed in
    /// the version bubble, or the calling convention puts it on the stack.
    StructParam {
        /// 0-based parameter index (not counting `this`).
        index: u16,
        /// Why.
        reason: String,
    },
    /// A value-type return not handled (yet).
    StructReturn {
        /// Why.
        reason: String,
    },
}

impl CalleeReason {
    /// The reason without parameter indices (for grouping).
    fn class(&self) -> String {
        match self {
            CalleeReason::ParamType { ty, .. } => format!("parameter of type {ty:?}"),
            CalleeReason::StructParam { reason, .. } => {
                format!("value-type parameter: {reason}")
            }
            other => other.to_string(),
        }
    }
}

impl fmt::Display for CalleeReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CalleeReason::Instance => f.write_str("instance method"),
            CalleeReason::VarArg => f.write_str("vararg method"),
            CalleeReason::Generic => f.write_str("generic method or member of a generic type"),
            CalleeReason::ParamType { index, ty } => write!(f, "parameter {index} of type {ty:?}"),
            CalleeReason::ReturnType { ty } => write!(f, "return type {ty:?}"),
            CalleeReason::Virtual => f.write_str("virtual call"),
            CalleeReason::ValueTypeInstance => f.write_str("instance method of a value type"),
            CalleeReason::StructParam { index, reason } => {
                write!(f, "parameter {index} of type ValueType: {reason}")
            }
            CalleeReason::StructReturn { reason } => write!(f, "return type ValueType: {reason}"),
        }
    }
}

/// Valid IL the importer does not handle yet.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum Unsupported {
    /// An opcode outside the slice (indirections, arrays, prefixes,
    /// …).
    Opcode {
        /// IL offset.
        offset: u32,
        /// The opcode.
        opcode: Opcode,
    },
    /// An exception-handling construct outside the slice (what, and the
    /// IL offset when there is one).
    ExceptionHandling {
        /// What is not supported, naming where.
        what: String,
    },
    /// The method is an instance method whose owner could not be
    /// classified as a class or a value type.
    InstanceMethod,
    /// The method is `vararg`.
    VarArgMethod,
    /// The method is generic.
    GenericMethod,
    /// The method is `synchronized` and static (it locks its class's
    /// `RuntimeType`, through helpers ReadyToRun 9.1 has no id for) or of a
    /// value type; synchronized instance methods of classes are compiled
    /// (`import/sync.rs`).
    Synchronized,
    /// The method must run its class's constructor on entry and the
    /// trigger cannot be emitted (e.g. a generic owner).
    ClassInit {
        /// Why.
        reason: String,
    },
    /// A parameter has an unsupported type.
    ParamType {
        /// 0-based parameter index.
        index: u16,
        /// Its type.
        ty: IlType,
    },
    /// The return type is unsupported.
    ReturnType {
        /// The type.
        ty: IlType,
    },
    /// A local has an unsupported type.
    LocalType {
        /// 0-based local index.
        index: u16,
        /// Its type.
        ty: IlType,
    },
    /// A `call` whose callee is outside the slice.
    Callee {
        /// IL offset of the call.
        offset: u32,
        /// The method token.
        token: u32,
        /// Why.
        reason: CalleeReason,
    },
    /// Control reaches a block with stack values of kinds that do not
    /// merge at the same stack position (a managed pointer and a `native
    /// int`, an object and a managed pointer, …; `int32` with `native int`
    /// and `float32` with `float64` do merge).
    StackMerge {
        /// IL offset of the block.
        offset: u32,
        /// The two kinds, e.g. "native int and managed pointer".
        kinds: String,
    },
    /// `switch` on a `native int`.
    SwitchOnNativeInt {
        /// IL offset.
        offset: u32,
    },
    /// An array operation outside the slice (element type, `ldelema`, …).
    Array {
        /// IL offset.
        offset: u32,
        /// Why.
        reason: String,
    },
    /// `box`/`unbox`/`unbox.any` of a type outside the slice (structs,
    /// floats, generic instantiations, …).
    Boxing {
        /// IL offset.
        offset: u32,
        /// The opcode.
        opcode: Opcode,
        /// Why.
        reason: String,
    },
    /// A managed pointer used by an instruction that does not support one
    /// (arithmetic, comparisons, conversions, …).
    ManagedPointer {
        /// IL offset.
        offset: u32,
    },
    /// A `newobj` of a class the importer does not allocate.
    NewObject {
        /// IL offset.
        offset: u32,
        /// The constructor token.
        token: u32,
        /// Why.
        reason: String,
    },
    /// A value-type parameter the calling convention support does not cover.
    ParamValueType {
        /// Parameter index (`this` excluded).
        index: u16,
        /// Why.
        reason: String,
    },
    /// A value-type return the calling convention support does not cover.
    ReturnValueType {
        /// Why.
        reason: String,
    },
    /// A local of a value type whose layout compiled code cannot bake in.
    LocalValueType {
        /// Local index.
        index: u16,
        /// Why (a generic instantiation, a type of another version
        /// bubble, …).
        reason: String,
    },
    /// A value-type operation outside the slice (a struct passed where
    /// only scalars go, a value type whose layout is not fixed, …).
    ValueType {
        /// IL offset.
        offset: u32,
        /// Why.
        reason: String,
    },
    /// A field access outside the slice (static, value-type owner, layout
    /// not fixed in the version bubble, unsupported field type, …).
    Field {
        /// IL offset.
        offset: u32,
        /// The field token.
        token: u32,
        /// Why.
        reason: String,
    },
    /// A call or `newobj` of a method whose class cannot be loaded (it or a
    /// base lives in an assembly the runtime will not find).
    Unresolved {
        /// IL offset.
        offset: u32,
        /// The method token.
        token: u32,
        /// Why.
        reason: String,
    },
    /// The method's own class cannot be loaded (a base in an assembly the
    /// runtime will not find): the runtime never runs the method.
    UnresolvedOwner {
        /// Why.
        reason: String,
    },
    /// An object reference converted to an unmanaged pointer (`conv.u`/
    /// `conv.i` of a pinned local, C#'s `fixed (char* p = s)`): the local
    /// would have to be reported to the GC as pinned, which kiln does not
    /// do yet.
    PinnedAddress {
        /// IL offset.
        offset: u32,
    },
    /// A token operand (`ldtoken`, `ldftn`) kiln cannot give the runtime's
    /// answer for (a constructed type, a generic member, a function pointer
    /// not consumed by a delegate constructor, …).
    Token {
        /// IL offset.
        offset: u32,
        /// The token.
        token: u32,
        /// Why.
        reason: String,
    },
    /// A prefix kiln does not honour on the instruction it prefixes
    /// (`tail.`: a tail call the frame would need to be replaced for).
    Prefix {
        /// IL offset of the prefix.
        offset: u32,
        /// The prefix opcode.
        prefix: Opcode,
        /// Why.
        reason: String,
    },
}

impl fmt::Display for Unsupported {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unsupported::Opcode { offset, opcode } => {
                write!(f, "IL_{offset:04x}: opcode `{}`", opcode.name())
            }
            Unsupported::ExceptionHandling { what } => {
                write!(f, "exception handling: {what}")
            }
            Unsupported::InstanceMethod => f.write_str("instance method of an unclassified type"),
            Unsupported::VarArgMethod => f.write_str("vararg method"),
            Unsupported::GenericMethod => f.write_str("generic method"),
            Unsupported::Synchronized => f.write_str(
                "static synchronized method (locks its class: MON_ENTER_STATIC has no ReadyToRun helper)",
            ),
            Unsupported::ClassInit { reason } => write!(f, "class constructor trigger: {reason}"),
            Unsupported::ParamType { index, ty } => write!(f, "parameter {index} of type {ty:?}"),
            Unsupported::ReturnType { ty } => write!(f, "return type {ty:?}"),
            Unsupported::LocalType { index, ty } => write!(f, "local {index} of type {ty:?}"),
            Unsupported::Callee {
                offset,
                token,
                reason,
            } => write!(f, "IL_{offset:04x}: callee {token:#010x}: {reason}"),
            Unsupported::StackMerge { offset, kinds } => {
                write!(f, "IL_{offset:04x}: {kinds} merge on the stack")
            }
            Unsupported::SwitchOnNativeInt { offset } => {
                write!(f, "IL_{offset:04x}: switch on native int")
            }
            Unsupported::Field {
                offset,
                token,
                reason,
            } => write!(f, "IL_{offset:04x}: field {token:#010x}: {reason}"),
            Unsupported::NewObject {
                offset,
                token,
                reason,
            } => write!(f, "IL_{offset:04x}: newobj {token:#010x}: {reason}"),
            Unsupported::Boxing {
                offset,
                opcode,
                reason,
            } => write!(f, "IL_{offset:04x}: {}: {reason}", opcode.name()),
            Unsupported::ManagedPointer { offset } => {
                write!(f, "IL_{offset:04x}: managed pointer operand")
            }
            Unsupported::Array { offset, reason } => write!(f, "IL_{offset:04x}: array: {reason}"),
            Unsupported::ParamValueType { index, reason } => {
                write!(f, "parameter {index} of type ValueType: {reason}")
            }
            Unsupported::ReturnValueType { reason } => {
                write!(f, "return type ValueType: {reason}")
            }
            Unsupported::LocalValueType { index, reason } => {
                write!(f, "local {index} of type ValueType: {reason}")
            }
            Unsupported::ValueType { offset, reason } => {
                write!(f, "IL_{offset:04x}: value type: {reason}")
            }
            Unsupported::Token {
                offset,
                token,
                reason,
            } => write!(f, "IL_{offset:04x}: token {token:#010x}: {reason}"),
            Unsupported::Unresolved {
                offset,
                token,
                reason,
            } => write!(f, "IL_{offset:04x}: callee {token:#010x}'s class cannot be loaded: {reason}"),
            Unsupported::PinnedAddress { offset } => write!(
                f,
                "IL_{offset:04x}: object reference as an unmanaged pointer (pinned locals are not reported to the GC yet)"
            ),
            Unsupported::UnresolvedOwner { reason } => {
                write!(f, "the method's class cannot be loaded: {reason}")
            }
            Unsupported::Prefix {
                offset,
                prefix,
                reason,
            } => write!(f, "IL_{offset:04x}: prefix `{}`: {reason}", prefix.name()),
        }
    }
}

/// IL that breaks ECMA-335 Partition III, at an IL offset.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct InvalidIl {
    /// IL offset of the offending instruction (or block).
    pub offset: u32,
    /// What is wrong.
    pub kind: InvalidIlKind,
}

/// What is wrong with the IL.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum InvalidIlKind {
    /// An instruction pops more values than the stack holds.
    StackUnderflow,
    /// The stack grows beyond the body's `max_stack`.
    StackOverflow {
        /// The declared maximum.
        max_stack: u16,
    },
    /// Operand types an instruction does not accept (III.1.5, tables 2–8).
    OperandTypes,
    /// An argument or local index out of range.
    BadVariable {
        /// The index.
        index: u16,
    },
    /// A branch to an offset that is not the start of an instruction.
    BranchTarget {
        /// The target offset.
        target: u32,
    },
    /// Control runs past the end of the code.
    FallsOffEnd,
    /// Different stack depths reach the same block.
    StackDepthMismatch {
        /// Offset of the block.
        target: u32,
    },
    /// `ret` with a stack that is not exactly the return value.
    ReturnStack,
    /// The body has no code.
    EmptyBody,
}

impl fmt::Display for InvalidIl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IL_{:04x}: ", self.offset)?;
        match &self.kind {
            InvalidIlKind::StackUnderflow => f.write_str("stack underflow"),
            InvalidIlKind::StackOverflow { max_stack } => {
                write!(f, "stack deeper than max_stack {max_stack}")
            }
            InvalidIlKind::OperandTypes => f.write_str("invalid operand types"),
            InvalidIlKind::BadVariable { index } => write!(f, "variable {index} out of range"),
            InvalidIlKind::BranchTarget { target } => {
                write!(f, "branch to IL_{target:04x}, not an instruction start")
            }
            InvalidIlKind::FallsOffEnd => f.write_str("control falls off the end of the code"),
            InvalidIlKind::StackDepthMismatch { target } => {
                write!(f, "different stack depths reach IL_{target:04x}")
            }
            InvalidIlKind::ReturnStack => f.write_str("ret with a wrong stack"),
            InvalidIlKind::EmptyBody => f.write_str("empty method body"),
        }
    }
}

/// A [`LowerError`] without where it happened: what kind of construct
/// stopped the importer and, where it matters, which one. The driver's
/// report records it as a skipped method's cause and `kiln -v` groups
/// skipped methods by it (IL offsets and tokens would split every group).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ErrorClass {
    /// The error's category.
    pub category: ErrorCategory,
    /// The construct: `opcode`, `exception handling`, `parameter type`, …
    pub construct: &'static str,
    /// Which one, without location: the opcode, the type, the reason.
    pub detail: Option<String>,
}

/// The three kinds of [`LowerError`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCategory {
    /// [`LowerError::Unsupported`].
    Unsupported,
    /// [`LowerError::Invalid`].
    InvalidIl,
    /// [`LowerError::Metadata`].
    Metadata,
    /// [`LowerError::Internal`] (a kiln bug).
    Internal,
}

impl LowerError {
    /// The error without its location (see [`ErrorClass`]).
    pub fn class(&self) -> ErrorClass {
        let (category, (construct, detail)) = match self {
            LowerError::Unsupported(u) => (ErrorCategory::Unsupported, u.class()),
            LowerError::Invalid(e) => (ErrorCategory::InvalidIl, (e.kind.class(), None)),
            LowerError::Metadata(_) => (ErrorCategory::Metadata, ("metadata", None)),
            LowerError::Internal(_) => (
                ErrorCategory::Internal,
                ("invalid IR from the importer", None),
            ),
        };
        ErrorClass {
            category,
            construct,
            detail,
        }
    }
}

impl Unsupported {
    /// The construct and, where it matters, which one (no offsets, no
    /// tokens). A new variant gets its arm here.
    fn class(&self) -> (&'static str, Option<String>) {
        let ty = |ty: &IlType| Some(format!("{ty:?}"));
        match self {
            Unsupported::Opcode { opcode, .. } => ("opcode", Some(opcode.name().to_string())),
            Unsupported::ExceptionHandling { .. } => ("exception handling", None),
            Unsupported::InstanceMethod => ("instance method of an unclassified type", None),
            Unsupported::VarArgMethod => ("vararg method", None),
            Unsupported::GenericMethod => ("generic method", None),
            Unsupported::Synchronized => ("static synchronized method", None),
            Unsupported::ClassInit { reason } => {
                ("class constructor trigger", Some(reason.clone()))
            }
            Unsupported::ParamType { ty: t, .. } => ("parameter type", ty(t)),
            Unsupported::ReturnType { ty: t } => ("return type", ty(t)),
            Unsupported::LocalType { ty: t, .. } => ("local type", ty(t)),
            Unsupported::Callee { reason, .. } => ("callee", Some(reason.class())),
            Unsupported::StackMerge { kinds, .. } => ("stack merge", Some(kinds.clone())),
            Unsupported::SwitchOnNativeInt { .. } => ("switch on native int", None),
            Unsupported::Array { reason, .. } => ("array", Some(reason.clone())),
            Unsupported::Boxing { opcode, reason, .. } => {
                ("boxing", Some(format!("{}: {reason}", opcode.name())))
            }
            Unsupported::ManagedPointer { .. } => ("managed pointer operand", None),
            Unsupported::NewObject { reason, .. } => ("newobj", Some(reason.clone())),
            Unsupported::Field { reason, .. } => ("field", Some(reason.clone())),
            Unsupported::LocalValueType { reason, .. } => {
                ("value-type local", Some(reason.clone()))
            }
            Unsupported::ValueType { reason, .. } => ("value type", Some(reason.clone())),
            Unsupported::ParamValueType { reason, .. } => {
                ("value-type parameter", Some(reason.clone()))
            }
            Unsupported::ReturnValueType { reason } => ("value-type return", Some(reason.clone())),
            Unsupported::Unresolved { reason, .. } => ("unresolved callee", Some(reason.clone())),
            Unsupported::UnresolvedOwner { reason } => {
                ("class cannot be loaded", Some(reason.clone()))
            }
            Unsupported::PinnedAddress { .. } => ("pinned object address", None),
            Unsupported::Token { reason, .. } => ("token", Some(reason.clone())),
            Unsupported::Prefix { prefix, reason, .. } => {
                ("prefix", Some(format!("{}: {reason}", prefix.name())))
            }
        }
    }
}

impl InvalidIlKind {
    /// The rule broken, without its data.
    fn class(&self) -> &'static str {
        match self {
            InvalidIlKind::StackUnderflow => "stack underflow",
            InvalidIlKind::StackOverflow { .. } => "stack deeper than max_stack",
            InvalidIlKind::OperandTypes => "invalid operand types",
            InvalidIlKind::BadVariable { .. } => "variable out of range",
            InvalidIlKind::BranchTarget { .. } => "branch into an instruction",
            InvalidIlKind::FallsOffEnd => "control falls off the end",
            InvalidIlKind::StackDepthMismatch { .. } => "stack depths differ at a join",
            InvalidIlKind::ReturnStack => "ret with a wrong stack",
            InvalidIlKind::EmptyBody => "empty method body",
        }
    }
}
