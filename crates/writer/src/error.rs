//! Errors the writer reports: malformed or unsupported input images and
//! stencils that break the [`kiln_runtime_abi::stencil`] contract.
//!
//! Every variant names where the problem is (a file offset, a header field, a
//! MethodDef row) so a caller can report it without guessing.

use std::fmt;

/// Why an image could not be written.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WriteError {
    /// The input is not a well-formed PE/CLI file.
    MalformedInput {
        /// What was being read, e.g. `"section table"`.
        what: &'static str,
        /// File offset (or RVA, as `detail` says) where reading failed.
        offset: u64,
        /// A human-readable explanation.
        detail: String,
    },
    /// The input is a valid CLI file that this writer does not accept
    /// (already ReadyToRun, mixed-mode, 32-bit-only, a section layout that
    /// cannot be kept at its RVAs on Linux, …).
    UnsupportedInput {
        /// What is unsupported.
        detail: String,
    },
    /// A method stencil breaks the stencil contract.
    InvalidStencil {
        /// The MethodDef row id of the method.
        method_rid: u32,
        /// What is wrong with it.
        detail: String,
    },
    /// `add_method` was called twice for the same MethodDef row.
    DuplicateMethod {
        /// The MethodDef row id.
        method_rid: u32,
    },
    /// The image outgrew a format limit (32-bit RVAs, imm8 section indices…).
    LimitExceeded {
        /// Which limit.
        detail: String,
    },
    /// A container (one of kiln's or one registered from outside) could not
    /// write the placed image.
    Container {
        /// The container's object-format name.
        format: String,
        /// What went wrong.
        detail: String,
    },
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::MalformedInput {
                what,
                offset,
                detail,
            } => write!(f, "malformed input ({what} at {offset:#x}): {detail}"),
            WriteError::UnsupportedInput { detail } => write!(f, "unsupported input: {detail}"),
            WriteError::InvalidStencil { method_rid, detail } => {
                write!(
                    f,
                    "invalid stencil for MethodDef row {method_rid}: {detail}"
                )
            }
            WriteError::DuplicateMethod { method_rid } => {
                write!(f, "MethodDef row {method_rid} was added twice")
            }
            WriteError::LimitExceeded { detail } => write!(f, "format limit exceeded: {detail}"),
            WriteError::Container { format, detail } => {
                write!(f, "the {format} container cannot write the image: {detail}")
            }
        }
    }
}

impl std::error::Error for WriteError {}

pub(crate) fn malformed(what: &'static str, offset: u64, detail: impl Into<String>) -> WriteError {
    WriteError::MalformedInput {
        what,
        offset,
        detail: detail.into(),
    }
}
