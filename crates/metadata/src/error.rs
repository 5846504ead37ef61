//! Typed errors for everything the reader can reject.
//!
//! Every variant names *where* the problem is: a file offset, an RVA, a heap
//! index, a table row or a signature/IL offset. Malformed input never
//! panics; it surfaces as a [`MetadataError`].

use std::fmt;

use crate::tables::TableId;

/// The heap a bad heap reference points into (ECMA-335 II.24.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HeapKind {
    /// `#Strings`: UTF-8, NUL-terminated identifiers.
    Strings,
    /// `#US`: length-prefixed UTF-16 user strings.
    UserStrings,
    /// `#Blob`: length-prefixed byte blobs.
    Blob,
    /// `#GUID`: 16-byte GUIDs, 1-based.
    Guid,
}

/// Result alias used throughout the crate.
pub type Result<T, E = MetadataError> = std::result::Result<T, E>;

/// An error reading metadata, naming the location of the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MetadataError {
    /// The file could not be read.
    Io {
        /// The path that failed.
        path: String,
        /// The OS error text.
        message: String,
    },
    /// A structure runs past the end of the data it lives in.
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Offset (file offset, or offset inside the named structure).
        offset: u64,
        /// Bytes needed from `offset`.
        needed: u64,
        /// Bytes available in total.
        available: u64,
    },
    /// A PE/COFF or CLI header field holds an impossible value.
    BadHeader {
        /// The header field.
        what: &'static str,
        /// File offset of the field.
        offset: u64,
        /// The value found.
        value: u64,
    },
    /// The file is not a CLI image (no COR header).
    NotCli,
    /// An RVA range is not mapped by any section.
    BadRva {
        /// The RVA.
        rva: u32,
        /// Length requested.
        len: u32,
    },
    /// A metadata stream is missing or malformed.
    BadStream {
        /// Stream name (`#~`, `#Strings`, ...).
        name: String,
        /// What is wrong.
        what: &'static str,
    },
    /// A heap index is out of range or points at malformed data.
    BadHeapIndex {
        /// Which heap.
        heap: HeapKind,
        /// The index.
        index: u32,
        /// What is wrong.
        what: &'static str,
    },
    /// A row id is out of range for its table.
    RowOutOfRange {
        /// The table.
        table: TableId,
        /// The 1-based row id.
        row: u32,
        /// Rows in the table.
        count: u32,
    },
    /// A column of a row holds a bad value (coded index tag, index, ...).
    BadColumn {
        /// The table.
        table: TableId,
        /// The 1-based row id.
        row: u32,
        /// The column name.
        column: &'static str,
        /// The raw value.
        value: u32,
    },
    /// A table present in the stream is not supported (e.g. portable PDB tables).
    UnsupportedTable {
        /// The table number.
        number: u8,
    },
    /// A signature blob is malformed.
    BadSignature {
        /// `#Blob` index of the signature (0 when not from the blob heap).
        blob: u32,
        /// Byte offset inside the blob.
        offset: u32,
        /// What is wrong.
        what: &'static str,
    },
    /// A method body header or its extra sections are malformed.
    BadMethodBody {
        /// The body's RVA.
        rva: u32,
        /// Offset inside the body.
        offset: u32,
        /// What is wrong.
        what: &'static str,
    },
    /// An IL instruction is malformed.
    BadIl {
        /// IL offset of the instruction.
        offset: u32,
        /// What is wrong.
        what: &'static str,
        /// The (first) opcode byte(s).
        opcode: u16,
    },
    /// A token refers to a table that is not valid in its context.
    BadToken {
        /// The raw token.
        token: u32,
        /// What was expected.
        expected: &'static str,
    },
    /// A custom attribute blob is malformed.
    BadCustomAttribute {
        /// `#Blob` index of the value.
        blob: u32,
        /// Offset inside the blob.
        offset: u32,
        /// What is wrong.
        what: &'static str,
    },
    /// A type-system question could not be answered (cycle, bad layout...).
    TypeSystem {
        /// The type, as `Namespace.Name` where known.
        type_name: String,
        /// What is wrong.
        what: String,
    },
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, message } => write!(f, "{path}: {message}"),
            Self::Truncated { what, offset, needed, available } => write!(
                f,
                "truncated {what}: need {needed} bytes at offset {offset:#x}, only {available} available"
            ),
            Self::BadHeader { what, offset, value } => {
                write!(f, "bad {what} at file offset {offset:#x}: {value:#x}")
            }
            Self::NotCli => write!(f, "not a CLI image (no COR header)"),
            Self::BadRva { rva, len } => write!(f, "RVA {rva:#x}+{len:#x} is not inside any section"),
            Self::BadStream { name, what } => write!(f, "metadata stream {name}: {what}"),
            Self::BadHeapIndex { heap, index, what } => write!(f, "{heap:?} heap index {index:#x}: {what}"),
            Self::RowOutOfRange { table, row, count } => {
                write!(f, "{table:?} row {row} out of range (table has {count} rows)")
            }
            Self::BadColumn { table, row, column, value } => {
                write!(f, "{table:?} row {row} column {column}: bad value {value:#x}")
            }
            Self::UnsupportedTable { number } => write!(f, "unsupported metadata table {number:#x}"),
            Self::BadSignature { blob, offset, what } => {
                write!(f, "signature at blob {blob:#x}, byte {offset}: {what}")
            }
            Self::BadMethodBody { rva, offset, what } => {
                write!(f, "method body at RVA {rva:#x}, byte {offset}: {what}")
            }
            Self::BadIl { offset, what, opcode } => {
                write!(f, "IL_{offset:04x}: {what} (opcode {opcode:#x})")
            }
            Self::BadToken { token, expected } => write!(f, "token {token:#010x}: expected {expected}"),
            Self::BadCustomAttribute { blob, offset, what } => {
                write!(f, "custom attribute blob {blob:#x}, byte {offset}: {what}")
            }
            Self::TypeSystem { type_name, what } => write!(f, "type {type_name}: {what}"),
        }
    }
}

impl std::error::Error for MetadataError {}
