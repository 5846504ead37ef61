//! Typed decode errors shared by every reader in this crate.
//!
//! Readers never panic on malformed input: each failure names what was being
//! read and the byte offset (relative to the buffer the reader was given).

use std::fmt;

/// A malformed or truncated encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// What was being decoded (e.g. `"NativeFormat unsigned"`, `"UNWIND_INFO"`).
    pub what: &'static str,
    /// Byte offset in the input where the problem was found.
    pub offset: usize,
    /// What went wrong.
    pub kind: DecodeErrorKind,
}

/// The kind of a [`DecodeError`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// The input ended before the value did.
    Truncated,
    /// A value is outside the range the format allows.
    OutOfRange(u64),
    /// Any other inconsistency, described in words.
    Invalid(&'static str),
}

impl DecodeError {
    /// A truncation error at `offset`.
    pub fn truncated(what: &'static str, offset: usize) -> Self {
        DecodeError {
            what,
            offset,
            kind: DecodeErrorKind::Truncated,
        }
    }
    /// A value-out-of-range error at `offset`.
    pub fn out_of_range(what: &'static str, offset: usize, value: u64) -> Self {
        DecodeError {
            what,
            offset,
            kind: DecodeErrorKind::OutOfRange(value),
        }
    }
    /// A described inconsistency at `offset`.
    pub fn invalid(what: &'static str, offset: usize, why: &'static str) -> Self {
        DecodeError {
            what,
            offset,
            kind: DecodeErrorKind::Invalid(why),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            DecodeErrorKind::Truncated => {
                write!(f, "{} at offset {:#x}: truncated", self.what, self.offset)
            }
            DecodeErrorKind::OutOfRange(v) => {
                write!(
                    f,
                    "{} at offset {:#x}: value {:#x} out of range",
                    self.what, self.offset, v
                )
            }
            DecodeErrorKind::Invalid(why) => {
                write!(f, "{} at offset {:#x}: {}", self.what, self.offset, why)
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Result alias for decoders.
pub type Result<T> = std::result::Result<T, DecodeError>;

/// Reads a little-endian `u16` at `at`.
pub(crate) fn read_u16(buf: &[u8], at: usize, what: &'static str) -> Result<u16> {
    buf.get(at..at + 2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .ok_or_else(|| DecodeError::truncated(what, at))
}

/// Reads a little-endian `u32` at `at`.
pub(crate) fn read_u32(buf: &[u8], at: usize, what: &'static str) -> Result<u32> {
    buf.get(
        at..at
            .checked_add(4)
            .ok_or_else(|| DecodeError::truncated(what, at))?,
    )
    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    .ok_or_else(|| DecodeError::truncated(what, at))
}

/// Reads one byte at `at`.
pub(crate) fn read_u8(buf: &[u8], at: usize, what: &'static str) -> Result<u8> {
    buf.get(at)
        .copied()
        .ok_or_else(|| DecodeError::truncated(what, at))
}
