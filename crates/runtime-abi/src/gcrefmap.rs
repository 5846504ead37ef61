//! GCRefMap: the per-call-site argument GC map the runtime reads while a
//! delay-load call is being bound (AuxiliaryData of MethodCall/Dispatch
//! import sections).
//!
//! Specification: crossgen2 `GCRefMapBuilder.cs` and `GCRefMapNode.cs`;
//! runtime decoder `src/coreclr/inc/gcrefmap.h` (`GCRefMapDecoder`).
//! Tokens: 0 skip, 1 ref, 2 interior, 3 method param, 4 type param,
//! 5 vasig cookie. Two-bit units, 7 bits per byte, high bit = more bytes;
//! value 3 escapes to an extended integer in 4-bit groups. The section
//! starts with a u32 lookup table (one entry per [`LOOKUP_STRIDE`] cells,
//! offsets from the table start; entry 0 = the table size) followed by one
//! record per cell.
//!
//! A [`GcRefMap`]'s [`GcRefKind::Extended`] carries the raw token value
//! (≥ 3: `GCREFMAP_METHOD_PARAM` = 3, `TYPE_PARAM` = 4, `VASIG_COOKIE` = 5).

use crate::error::{read_u32, DecodeError, Result};
use crate::stencil::{GcRefKind, GcRefMap};

/// Cells per lookup-table entry (`GCREFMAP_LOOKUP_STRIDE`).
pub const LOOKUP_STRIDE: usize = 1024;

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    pending: u32,
    bits: u32,
}

impl BitWriter {
    fn bit(&mut self, b: u32) {
        if b != 0 {
            while self.bits >= 7 {
                self.out.push((self.pending | 0x80) as u8);
                self.pending = 0;
                self.bits -= 7;
            }
            self.pending |= 1 << self.bits;
        }
        self.bits += 1;
    }
    fn two(&mut self, v: u32) {
        self.bit(v & 1);
        self.bit(v >> 1);
    }
    fn int(&mut self, mut v: u32) {
        loop {
            self.bit(v & 1);
            self.bit((v >> 1) & 1);
            self.bit((v >> 2) & 1);
            v >>= 3;
            self.bit((v != 0) as u32);
            if v == 0 {
                break;
            }
        }
    }
}

fn token_of(k: GcRefKind) -> u32 {
    match k {
        GcRefKind::Skip => 0,
        GcRefKind::Ref => 1,
        GcRefKind::Interior => 2,
        GcRefKind::Extended(t) => t,
    }
}

/// Encodes one cell's record.
pub fn encode(map: &GcRefMap) -> Vec<u8> {
    let mut w = BitWriter::default();
    let mut cur: u32 = 0;
    for (pos, k) in map.positions.iter().enumerate() {
        let token = token_of(*k);
        if token == 0 {
            continue;
        }
        let pos = pos as u32;
        let mut delta = pos - cur;
        cur = pos + 1;
        if delta != 0 {
            if delta < 4 {
                while delta > 0 {
                    w.two(0);
                    delta -= 1;
                }
            } else {
                w.two(3);
                w.int((delta - 4) << 1);
            }
        }
        if token < 3 {
            w.two(token);
        } else {
            w.two(3);
            w.int(((token - 3) << 1) | 1);
        }
    }
    if w.pending & 0x7F != 0 || cur == 0 {
        w.out.push((w.pending & 0x7F) as u8);
    }
    w.out
}

struct BitReader<'a> {
    buf: &'a [u8],
    pos: usize,
    pending: u32,
}

impl BitReader<'_> {
    fn bit(&mut self) -> Result<u32> {
        let mut x = self.pending;
        if x & 0x80 != 0 {
            let b = *self
                .buf
                .get(self.pos)
                .ok_or_else(|| DecodeError::truncated("GCRefMap", self.pos))?
                as u32;
            self.pos += 1;
            x = b | ((b & 0x80) << 7);
        }
        self.pending = x >> 1;
        Ok(x & 1)
    }
    fn two(&mut self) -> Result<u32> {
        let a = self.bit()?;
        Ok(a | (self.bit()? << 1))
    }
    fn int(&mut self) -> Result<u32> {
        let mut v = 0u32;
        let mut shift = 0;
        loop {
            v |= self.bit()? << shift;
            v |= self.bit()? << (shift + 1);
            v |= self.bit()? << (shift + 2);
            shift += 3;
            if self.bit()? == 0 {
                return Ok(v);
            }
            if shift > 30 {
                return Err(DecodeError::invalid(
                    "GCRefMap",
                    self.pos,
                    "integer too long",
                ));
            }
        }
    }
}

/// Decodes one record at `at`; returns the map and the offset after it.
pub fn decode(buf: &[u8], at: usize) -> Result<(GcRefMap, usize)> {
    let mut r = BitReader {
        buf,
        pos: at,
        pending: 0x80,
    };
    let mut positions = Vec::new();
    let mut cur: u32 = 0;
    while r.pending != 0 {
        let v = r.two()?;
        let (token, advance) = if v == 3 {
            let ext = r.int()?;
            if ext & 1 == 0 {
                (0, (ext >> 1) + 4)
            } else {
                ((ext >> 1) + 3, 1)
            }
        } else {
            (v, 1)
        };
        if token != 0 {
            if positions.len() > cur as usize {
                return Err(DecodeError::invalid(
                    "GCRefMap",
                    r.pos,
                    "position went backwards",
                ));
            }
            positions.resize(cur as usize, GcRefKind::Skip);
            positions.push(match token {
                1 => GcRefKind::Ref,
                2 => GcRefKind::Interior,
                t => GcRefKind::Extended(t),
            });
        }
        cur = cur
            .checked_add(advance)
            .filter(|c| *c < 1 << 16)
            .ok_or_else(|| DecodeError::invalid("GCRefMap", r.pos, "position too large"))?;
    }
    Ok((GcRefMap { positions }, r.pos))
}

/// Encodes a whole GCRefMap section for `maps` (one per cell, in cell order).
///
/// An empty list encodes as nothing (crossgen2 emits an empty node).
pub fn encode_section(maps: &[GcRefMap]) -> Vec<u8> {
    if maps.is_empty() {
        return Vec::new();
    }
    let offset_count = maps.len() / LOOKUP_STRIDE;
    let mut out = Vec::new();
    out.extend_from_slice(&(((offset_count + 1) * 4) as u32).to_le_bytes());
    out.resize((offset_count + 1) * 4, 0);
    let mut next_index = 1;
    for (i, m) in maps.iter().enumerate() {
        out.extend_from_slice(&encode(m));
        if i + 1 == next_index * LOOKUP_STRIDE {
            let at = next_index * 4;
            let v = out.len() as u32;
            out[at..at + 4].copy_from_slice(&v.to_le_bytes());
            next_index += 1;
        }
    }
    out
}

/// Decodes a GCRefMap section holding `count` records. Returns the maps and
/// the section's byte length.
pub fn decode_section(buf: &[u8], count: usize) -> Result<(Vec<GcRefMap>, usize)> {
    if count == 0 {
        return Ok((Vec::new(), 0));
    }
    let first = read_u32(buf, 0, "GCRefMap lookup table")? as usize;
    let table_len = (count / LOOKUP_STRIDE + 1) * 4;
    if first != table_len {
        return Err(DecodeError::invalid(
            "GCRefMap lookup table",
            0,
            "first entry is not the table size",
        ));
    }
    let mut at = first;
    let mut maps = Vec::with_capacity(count);
    for i in 0..count {
        if i > 0 && i % LOOKUP_STRIDE == 0 {
            let e = read_u32(buf, (i / LOOKUP_STRIDE) * 4, "GCRefMap lookup table")? as usize;
            if e != at {
                return Err(DecodeError::invalid(
                    "GCRefMap lookup table",
                    (i / LOOKUP_STRIDE) * 4,
                    "entry does not match record start",
                ));
            }
        }
        let (m, next) = decode(buf, at)?;
        maps.push(m);
        at = next;
    }
    Ok((maps, at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use GcRefKind::*;

    fn m(p: &[GcRefKind]) -> GcRefMap {
        GcRefMap {
            positions: p.to_vec(),
        }
    }

    #[test]
    fn records_round_trip() {
        let cases = vec![
            m(&[]),
            m(&[Ref]),
            m(&[Skip, Interior, Ref]),
            m(&[Skip, Skip, Skip, Skip, Skip, Skip, Skip, Skip, Skip, Ref]),
            m(&[Ref, Extended(3), Skip, Extended(4), Interior]),
            m(&[Ref, Ref, Ref, Ref, Ref, Ref, Ref, Ref, Ref, Ref, Ref]),
        ];
        for c in &cases {
            let bytes = encode(c);
            assert_eq!(bytes.last().unwrap() & 0x80, 0);
            let (d, end) = decode(&bytes, 0).unwrap();
            assert_eq!(end, bytes.len());
            assert_eq!(&d, c);
        }
        assert_eq!(encode(&m(&[])), vec![0]);
        assert_eq!(encode(&m(&[Ref])), vec![1]);
    }

    #[test]
    fn section_round_trip_with_lookup_entries() {
        let maps: Vec<GcRefMap> = (0..2500)
            .map(|i| if i % 7 == 0 { m(&[]) } else { m(&[Skip, Ref]) })
            .collect();
        let bytes = encode_section(&maps);
        let (d, len) = decode_section(&bytes, maps.len()).unwrap();
        assert_eq!(len, bytes.len());
        assert_eq!(d, maps);
    }
}
