//! Method bodies (ECMA-335 II.25.4): tiny and fat headers, the local
//! variable signature token, the IL code bytes, and extra data sections with
//! small and fat exception-handling clauses (II.25.4.5–II.25.4.6).

use crate::bytes::{u16_at, u32_at};
use crate::error::{MetadataError, Result};
use crate::tables::{StandAloneSigHandle, TableId, Token};

/// The kind of an exception-handling clause, with its kind-specific datum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClauseKind {
    /// A typed catch (`COR_ILEXCEPTION_CLAUSE_NONE`): the caught type's token.
    Catch(Token),
    /// A filter: the IL offset of the filter block.
    Filter(u32),
    /// A `finally` handler.
    Finally,
    /// A `fault` handler.
    Fault,
}

/// One exception-handling clause; offsets are IL offsets, lengths in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ExceptionClause {
    /// What kind of handler this is.
    pub kind: ClauseKind,
    /// Start of the protected block.
    pub try_offset: u32,
    /// Length of the protected block.
    pub try_length: u32,
    /// Start of the handler.
    pub handler_offset: u32,
    /// Length of the handler.
    pub handler_length: u32,
    /// True when read from a fat section.
    pub fat: bool,
}

impl ExceptionClause {
    /// End (exclusive) of the protected block.
    pub fn try_end(&self) -> u32 {
        self.try_offset.saturating_add(self.try_length)
    }
    /// End (exclusive) of the handler.
    pub fn handler_end(&self) -> u32 {
        self.handler_offset.saturating_add(self.handler_length)
    }
}

/// A decoded method body, borrowing its IL from the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodBody<'a> {
    /// RVA of the header.
    pub rva: u32,
    /// True for a fat header.
    pub fat: bool,
    /// Header size in bytes (1 for tiny, 12 for a standard fat header).
    pub header_size: u32,
    /// Maximum evaluation stack depth (8 for tiny headers).
    pub max_stack: u16,
    /// `CorILMethod_InitLocals`.
    pub init_locals: bool,
    /// The local variable signature (`StandAloneSig`), if any.
    pub local_var_sig: Option<StandAloneSigHandle>,
    /// The IL bytes.
    pub code: &'a [u8],
    /// Exception-handling clauses, in table order.
    pub exception_clauses: Vec<ExceptionClause>,
    /// Bytes from the header to the end of the last data section.
    pub total_size: u32,
}

impl<'a> MethodBody<'a> {
    /// Parses the body whose header starts at `data[0]` (`rva` is for errors).
    ///
    /// # Errors
    /// [`MetadataError::BadMethodBody`] naming the offset inside the body.
    pub fn parse(data: &'a [u8], rva: u32) -> Result<Self> {
        let bad = |offset: usize, what| MetadataError::BadMethodBody {
            rva,
            offset: offset as u32,
            what,
        };
        let b0 = *data.first().ok_or_else(|| bad(0, "empty body"))?;
        match b0 & 3 {
            2 => {
                let size = (b0 >> 2) as usize;
                let code = data
                    .get(1..1 + size)
                    .ok_or_else(|| bad(1, "tiny body code runs past the section"))?;
                Ok(MethodBody {
                    rva,
                    fat: false,
                    header_size: 1,
                    max_stack: 8,
                    init_locals: false,
                    local_var_sig: None,
                    code,
                    exception_clauses: Vec::new(),
                    total_size: 1 + size as u32,
                })
            }
            3 => {
                let w = u16_at(data, 0).ok_or_else(|| bad(0, "truncated fat header"))?;
                let flags = w & 0x0FFF;
                let header_size = ((w >> 12) as usize) * 4;
                if header_size < 12 {
                    return Err(bad(1, "fat header size below 12 bytes"));
                }
                let max_stack = u16_at(data, 2).ok_or_else(|| bad(2, "truncated fat header"))?;
                let code_size =
                    u32_at(data, 4).ok_or_else(|| bad(4, "truncated fat header"))? as usize;
                let lv = u32_at(data, 8).ok_or_else(|| bad(8, "truncated fat header"))?;
                let local_var_sig = match Token(lv) {
                    t if lv == 0 => {
                        let _ = t;
                        None
                    }
                    t if t.table() == Some(TableId::StandAloneSig) => {
                        Some(StandAloneSigHandle(t.rid()))
                    }
                    _ => {
                        return Err(bad(
                            8,
                            "local variable signature token is not a StandAloneSig",
                        ))
                    }
                };
                let code_end = header_size
                    .checked_add(code_size)
                    .ok_or_else(|| bad(4, "code size overflow"))?;
                let code = data
                    .get(header_size..code_end)
                    .ok_or_else(|| bad(header_size, "code runs past the section"))?;
                let mut body = MethodBody {
                    rva,
                    fat: true,
                    header_size: header_size as u32,
                    max_stack,
                    init_locals: flags & 0x10 != 0,
                    local_var_sig,
                    code,
                    exception_clauses: Vec::new(),
                    total_size: code_end as u32,
                };
                if flags & 0x8 != 0 {
                    body.parse_sections(data, code_end)?;
                }
                Ok(body)
            }
            _ => Err(bad(0, "unknown body header format")),
        }
    }

    fn parse_sections(&mut self, data: &[u8], code_end: usize) -> Result<()> {
        let rva = self.rva;
        let bad = |offset: usize, what| MetadataError::BadMethodBody {
            rva,
            offset: offset as u32,
            what,
        };
        let mut p = (code_end + 3) & !3;
        loop {
            let kind = *data
                .get(p)
                .ok_or_else(|| bad(p, "data section runs past the section"))?;
            let fat = kind & 0x40 != 0;
            let (size, hdr) = if fat {
                let b = data
                    .get(p + 1..p + 4)
                    .ok_or_else(|| bad(p, "truncated data section header"))?;
                (
                    b[0] as usize | (b[1] as usize) << 8 | (b[2] as usize) << 16,
                    4,
                )
            } else {
                (
                    *data
                        .get(p + 1)
                        .ok_or_else(|| bad(p, "truncated data section header"))?
                        as usize,
                    4,
                )
            };
            if size < hdr {
                return Err(bad(p, "data section smaller than its header"));
            }
            let sect = data
                .get(p..p + size)
                .ok_or_else(|| bad(p, "data section runs past the section"))?;
            if kind & 0x3F == 0x01 {
                let csize = if fat { 24 } else { 12 };
                if (size - hdr) % csize != 0 {
                    // Some compilers round the small section size; accept whole clauses only.
                    if fat {
                        return Err(bad(p, "EH section size is not a whole number of clauses"));
                    }
                }
                let n = (size - hdr) / csize;
                self.exception_clauses.reserve(n);
                for i in 0..n {
                    let c = &sect[hdr + i * csize..hdr + (i + 1) * csize];
                    let (flags, to, tl, ho, hl, extra) = if fat {
                        (
                            u32_at(c, 0).unwrap_or(0),
                            u32_at(c, 4).unwrap_or(0),
                            u32_at(c, 8).unwrap_or(0),
                            u32_at(c, 12).unwrap_or(0),
                            u32_at(c, 16).unwrap_or(0),
                            u32_at(c, 20).unwrap_or(0),
                        )
                    } else {
                        (
                            u16_at(c, 0).unwrap_or(0) as u32,
                            u16_at(c, 2).unwrap_or(0) as u32,
                            c[4] as u32,
                            u16_at(c, 5).unwrap_or(0) as u32,
                            c[7] as u32,
                            u32_at(c, 8).unwrap_or(0),
                        )
                    };
                    let off = p + hdr + i * csize;
                    let kind = match flags & 0x7 {
                        0 => ClauseKind::Catch(Token(extra)),
                        1 => ClauseKind::Filter(extra),
                        2 => ClauseKind::Finally,
                        4 => ClauseKind::Fault,
                        _ => return Err(bad(off, "bad exception clause flags")),
                    };
                    let clause = ExceptionClause {
                        kind,
                        try_offset: to,
                        try_length: tl,
                        handler_offset: ho,
                        handler_length: hl,
                        fat,
                    };
                    let len = self.code.len() as u32;
                    if clause.try_end() > len
                        || clause.handler_end() > len
                        || matches!(kind, ClauseKind::Filter(f) if f >= len)
                    {
                        return Err(bad(off, "exception clause outside the IL code"));
                    }
                    self.exception_clauses.push(clause);
                }
            }
            p += size;
            self.total_size = p as u32;
            if kind & 0x80 == 0 {
                return Ok(());
            }
            p = (p + 3) & !3;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_body() {
        let b = MethodBody::parse(&[(3 << 2) | 2, 0x16, 0x2A, 0x00, 0xFF], 0x2050).unwrap();
        assert!(!b.fat);
        assert_eq!(b.code, &[0x16, 0x2A, 0x00]);
        assert_eq!(b.max_stack, 8);
        assert_eq!(b.total_size, 4);
    }

    #[test]
    fn fat_body_with_small_eh() {
        let mut d = vec![0x1B, 0x30, 2, 0, 4, 0, 0, 0, 1, 0, 0, 0x11];
        d.extend_from_slice(&[0x00, 0x00, 0xDC, 0x2A]); // code
                                                        // small EH section: kind 1, size 4+12
        d.extend_from_slice(&[0x01, 16, 0, 0]);
        d.extend_from_slice(&[2, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0]);
        let b = MethodBody::parse(&d, 0x1000).unwrap();
        assert!(b.fat && b.init_locals);
        assert_eq!(b.max_stack, 2);
        assert_eq!(b.local_var_sig, Some(StandAloneSigHandle(1)));
        assert_eq!(b.exception_clauses.len(), 1);
        let c = b.exception_clauses[0];
        assert_eq!(
            (
                c.kind,
                c.try_offset,
                c.try_length,
                c.handler_offset,
                c.handler_length
            ),
            (ClauseKind::Finally, 0, 1, 1, 1)
        );
    }

    #[test]
    fn truncated_bodies_are_errors() {
        assert!(MethodBody::parse(&[(9 << 2) | 2, 0], 0).is_err());
        assert!(MethodBody::parse(&[0x03, 0x30, 0, 0], 0).is_err());
        assert!(MethodBody::parse(&[0x01], 0).is_err());
        let mut d = vec![0x0B, 0x30, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0x2A];
        assert!(MethodBody::parse(&d, 0).is_err()); // MoreSects but nothing follows
        d.extend_from_slice(&[0, 0, 0, 0x01, 16, 0, 0, 0, 0, 0, 0, 9, 0, 0, 1, 0, 0, 0, 0]);
        assert!(MethodBody::parse(&d, 0).is_err()); // clause outside the code
    }
}
