//! The nibble stream and the per-method fixup lists encoded with it.
//!
//! Specification: `src/coreclr/inc/nibblestream.h` (NibbleWriter /
//! NibbleReader: low nibble of a byte first; unsigned values as big-endian
//! 3-bit groups with bit 3 = “more”; signed values as `(|x| << 1) | sign`);
//! `src/coreclr/vm/ceeload.cpp` (`FixupDelayListAux`) and crossgen2
//! `MethodWithGCInfo.GetFixupBlob` for the fixup list layout:
//! `section, first index, Δindex…, 0, Δsection, first index, …, 0, 0`
//! where each list of cells is sorted and index deltas are > 0.

use crate::error::{DecodeError, Result};

/// Writes a nibble stream.
#[derive(Clone, Debug, Default)]
pub struct NibbleWriter {
    out: Vec<u8>,
    pending: Option<u8>,
}

impl NibbleWriter {
    /// An empty stream.
    pub fn new() -> Self {
        Self::default()
    }
    /// Appends one nibble (low 4 bits of `n`).
    pub fn nibble(&mut self, n: u8) {
        match self.pending.take() {
            None => self.pending = Some(n & 0xF),
            Some(lo) => self.out.push(lo | ((n & 0xF) << 4)),
        }
    }
    /// Appends an unsigned value (`WriteEncodedU32`).
    pub fn write_u32(&mut self, v: u32) {
        if v <= 7 {
            self.nibble(v as u8);
            return;
        }
        if v <= 63 {
            self.nibble(((v >> 3) | 8) as u8);
            self.nibble((v & 7) as u8);
            return;
        }
        let mut i = 0;
        while (v >> i) > 7 {
            i += 3;
        }
        while i > 0 {
            self.nibble((((v >> i) & 7) | 8) as u8);
            i -= 3;
        }
        self.nibble((v & 7) as u8);
    }
    /// Appends a signed value (`WriteEncodedI32`).
    pub fn write_i32(&mut self, x: i32) {
        let v = if x < 0 {
            (x.unsigned_abs() << 1) + 1
        } else {
            (x as u32) << 1
        };
        self.write_u32(v);
    }
    /// Finishes the stream (a pending low nibble is flushed with a zero high nibble).
    pub fn finish(mut self) -> Vec<u8> {
        if let Some(lo) = self.pending.take() {
            self.out.push(lo);
        }
        self.out
    }
}

/// Reads a nibble stream.
#[derive(Clone, Debug)]
pub struct NibbleReader<'a> {
    buf: &'a [u8],
    nibble: usize,
}

impl<'a> NibbleReader<'a> {
    /// Reads from the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        NibbleReader { buf, nibble: 0 }
    }
    /// One nibble.
    pub fn nibble(&mut self) -> Result<u8> {
        let b = *self
            .buf
            .get(self.nibble / 2)
            .ok_or_else(|| DecodeError::truncated("nibble stream", self.nibble / 2))?;
        let n = if self.nibble & 1 == 0 {
            b & 0xF
        } else {
            b >> 4
        };
        self.nibble += 1;
        Ok(n)
    }
    /// An unsigned value.
    pub fn read_u32(&mut self) -> Result<u32> {
        let mut v: u32 = 0;
        for _ in 0..12 {
            let n = self.nibble()?;
            v = (v << 3) + (n & 7) as u32;
            if n & 8 == 0 {
                return Ok(v);
            }
        }
        Err(DecodeError::invalid(
            "nibble stream",
            self.nibble / 2,
            "value longer than 32 bits",
        ))
    }
    /// A signed value.
    pub fn read_i32(&mut self) -> Result<i32> {
        let v = self.read_u32()?;
        let x = (v >> 1) as i32;
        Ok(if v & 1 != 0 { x.wrapping_neg() } else { x })
    }
    /// Bytes consumed so far, rounding a half-read byte up (`GetNextByteIndex`).
    pub fn byte_len(&self) -> usize {
        self.nibble.div_ceil(2)
    }
}

/// One import cell: `(import section index, cell index in that section)`.
pub type CellRef = (u32, u32);

/// Encodes a per-method fixup list (cells are sorted and deduplicated
/// first). An empty list encodes as a lone terminator `[0x00]`... but
/// crossgen2 omits the blob entirely for methods without fixups, so callers
/// should not call this with an empty list.
pub fn encode_fixup_list(cells: &[CellRef]) -> Vec<u8> {
    let mut cells = cells.to_vec();
    cells.sort_unstable();
    cells.dedup();
    let mut w = NibbleWriter::new();
    let mut i = 0;
    let mut prev_section: Option<u32> = None;
    while i < cells.len() {
        let sec = cells[i].0;
        match prev_section {
            None => w.write_u32(sec),
            Some(p) => w.write_u32(sec - p),
        }
        prev_section = Some(sec);
        let mut prev_index = cells[i].1;
        w.write_u32(prev_index);
        i += 1;
        while i < cells.len() && cells[i].0 == sec {
            w.write_u32(cells[i].1 - prev_index);
            prev_index = cells[i].1;
            i += 1;
        }
        w.write_u32(0);
    }
    w.write_u32(0);
    w.finish()
}

/// Decodes a per-method fixup list; returns the cells and the blob length.
pub fn decode_fixup_list(buf: &[u8]) -> Result<(Vec<CellRef>, usize)> {
    let mut r = NibbleReader::new(buf);
    let mut cells = Vec::new();
    let mut section = r.read_u32()?;
    let mut first = true;
    loop {
        if !first {
            let delta = r.read_u32()?;
            if delta == 0 {
                break;
            }
            section = section.checked_add(delta).ok_or_else(|| {
                DecodeError::invalid("fixup list", r.byte_len(), "section overflow")
            })?;
        }
        first = false;
        let mut index = r.read_u32()?;
        loop {
            cells.push((section, index));
            if cells.len() > 1 << 20 {
                return Err(DecodeError::invalid(
                    "fixup list",
                    r.byte_len(),
                    "too many cells",
                ));
            }
            let d = r.read_u32()?;
            if d == 0 {
                break;
            }
            index = index.checked_add(d).ok_or_else(|| {
                DecodeError::invalid("fixup list", r.byte_len(), "index overflow")
            })?;
        }
    }
    Ok((cells, r.byte_len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nibble_values_round_trip() {
        let vals = [0u32, 1, 7, 8, 63, 64, 511, 512, 4095, 0x12345, u32::MAX];
        let mut w = NibbleWriter::new();
        vals.iter().for_each(|v| w.write_u32(*v));
        [-5i32, 0, 5, i32::MIN + 1]
            .iter()
            .for_each(|v| w.write_i32(*v));
        let bytes = w.finish();
        let mut r = NibbleReader::new(&bytes);
        for v in vals {
            assert_eq!(r.read_u32().unwrap(), v);
        }
        for v in [-5i32, 0, 5, i32::MIN + 1] {
            assert_eq!(r.read_i32().unwrap(), v);
        }
    }

    #[test]
    fn known_encoding_of_small_values() {
        let mut w = NibbleWriter::new();
        w.write_u32(9); // 1001 0001 -> nibbles 9, 1
        w.write_u32(3);
        assert_eq!(w.finish(), vec![0x19, 0x03]);
    }

    #[test]
    fn fixup_list_round_trip() {
        let cells = vec![(4, 10), (1, 3), (4, 2), (1, 200), (4, 10)];
        let bytes = encode_fixup_list(&cells);
        let (got, len) = decode_fixup_list(&bytes).unwrap();
        assert_eq!(len, bytes.len());
        assert_eq!(got, vec![(1, 3), (1, 200), (4, 2), (4, 10)]);
        assert!(decode_fixup_list(&bytes[..bytes.len() - 1]).is_err());
    }
}
