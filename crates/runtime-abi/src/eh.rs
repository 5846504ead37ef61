//! The ExceptionInfo section: a sorted lookup table from method start RVA
//! to that method's EH clauses, and the 24-byte clause records.
//!
//! Specification: `src/coreclr/inc/readytorun.h`
//! (`READYTORUN_EXCEPTION_LOOKUP_TABLE_ENTRY`, `READYTORUN_EXCEPTION_CLAUSE`);
//! crossgen2 `ExceptionInfoLookupTableNode.cs`; runtime
//! `ReadyToRunJitManager` (binary search; the clause count of entry `i` is
//! `(entry[i+1].ExceptionInfo - entry[i].ExceptionInfo) / 24`, so the table
//! ends with a sentinel entry whose ExceptionInfo is the end of the clauses).

use crate::error::{read_u32, DecodeError, Result};
use crate::r2r::{EH_CLAUSE_SIZE, EH_LOOKUP_ENTRY_SIZE};
use crate::stencil::EhClause;

/// Encodes one clause record.
pub fn encode_clause(c: &EhClause, out: &mut Vec<u8>) {
    for v in [
        c.flags,
        c.try_start,
        c.try_end,
        c.handler_start,
        c.handler_end,
        c.class_token_or_filter_offset,
    ] {
        out.extend_from_slice(&v.to_le_bytes());
    }
}

/// Decodes one clause record at `at`.
pub fn decode_clause(buf: &[u8], at: usize) -> Result<EhClause> {
    const W: &str = "EH clause";
    let f = |i: usize| read_u32(buf, at + 4 * i, W);
    Ok(EhClause {
        flags: f(0)?,
        try_start: f(1)?,
        try_end: f(2)?,
        handler_start: f(3)?,
        handler_end: f(4)?,
        class_token_or_filter_offset: f(5)?,
    })
}

/// One lookup-table entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EhLookupEntry {
    /// RVA of the method's main body.
    pub method_start: u32,
    /// RVA of its first clause.
    pub clauses: u32,
}

/// Encodes the lookup table (entries sorted by method start) with its
/// sentinel `{ 0xFFFFFFFF, clauses_end }`.
pub fn encode_lookup(entries: &[EhLookupEntry], clauses_end: u32) -> Vec<u8> {
    let mut out = Vec::with_capacity((entries.len() + 1) * EH_LOOKUP_ENTRY_SIZE);
    for e in entries.iter().chain(std::iter::once(&EhLookupEntry {
        method_start: u32::MAX,
        clauses: clauses_end,
    })) {
        out.extend_from_slice(&e.method_start.to_le_bytes());
        out.extend_from_slice(&e.clauses.to_le_bytes());
    }
    out
}

/// Decodes a lookup table of `size` bytes (sentinel included). Returns the
/// entries without the sentinel, each with its clause count, and the
/// sentinel.
pub fn decode_lookup(
    buf: &[u8],
    size: usize,
) -> Result<(Vec<(EhLookupEntry, u32)>, EhLookupEntry)> {
    if size < 2 * EH_LOOKUP_ENTRY_SIZE || !size.is_multiple_of(EH_LOOKUP_ENTRY_SIZE) {
        return Err(DecodeError::out_of_range(
            "ExceptionInfo lookup table size",
            0,
            size as u64,
        ));
    }
    let n = size / EH_LOOKUP_ENTRY_SIZE;
    let mut raw = Vec::with_capacity(n);
    for i in 0..n {
        let at = i * EH_LOOKUP_ENTRY_SIZE;
        raw.push(EhLookupEntry {
            method_start: read_u32(buf, at, "EH lookup entry")?,
            clauses: read_u32(buf, at + 4, "EH lookup entry")?,
        });
    }
    let mut out = Vec::with_capacity(n - 1);
    for i in 0..n - 1 {
        let (a, b) = (raw[i], raw[i + 1]);
        if b.clauses < a.clauses
            || !((b.clauses - a.clauses) as usize).is_multiple_of(EH_CLAUSE_SIZE)
        {
            return Err(DecodeError::invalid(
                "EH lookup entry",
                i * EH_LOOKUP_ENTRY_SIZE,
                "clause ranges not contiguous multiples of 24",
            ));
        }
        if i > 0 && raw[i - 1].method_start >= a.method_start {
            return Err(DecodeError::invalid(
                "EH lookup entry",
                i * EH_LOOKUP_ENTRY_SIZE,
                "not sorted",
            ));
        }
        out.push((a, (b.clauses - a.clauses) / EH_CLAUSE_SIZE as u32));
    }
    Ok((out, raw[n - 1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_and_lookup_round_trip() {
        let c = EhClause {
            flags: 2,
            try_start: 4,
            try_end: 20,
            handler_start: 40,
            handler_end: 60,
            class_token_or_filter_offset: 0,
        };
        let mut out = Vec::new();
        encode_clause(&c, &mut out);
        assert_eq!(out.len(), 24);
        assert_eq!(decode_clause(&out, 0).unwrap(), c);
        let entries = [
            EhLookupEntry {
                method_start: 0x1000,
                clauses: 0x5000,
            },
            EhLookupEntry {
                method_start: 0x1100,
                clauses: 0x5030,
            },
        ];
        let bytes = encode_lookup(&entries, 0x5048);
        let (dec, sentinel) = decode_lookup(&bytes, bytes.len()).unwrap();
        assert_eq!(dec.iter().map(|e| e.1).collect::<Vec<_>>(), vec![2, 1]);
        assert_eq!(sentinel.method_start, u32::MAX);
        assert!(decode_lookup(&bytes, 8).is_err());
    }
}
