//! Bit streams as the GC info format uses them: bits are written LSB-first
//! into little-endian machine words (`BitStreamWriter` in
//! `src/coreclr/inc/gcinfoencoder.h`, `BitStreamReader` in `gcinfodecoder.h`),
//! which is the same as LSB-first within consecutive bytes.

use crate::GcInfoError;

/// Appends bits LSB-first.
#[derive(Clone, Debug, Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    bits: usize,
}

impl BitWriter {
    /// An empty stream.
    pub fn new() -> Self {
        Self::default()
    }
    /// Number of bits written.
    pub fn bit_count(&self) -> usize {
        self.bits
    }
    /// Writes the low `count` bits of `data` (`count` ≤ 64).
    pub fn write(&mut self, data: u64, count: u32) {
        for i in 0..count {
            if self.bits.is_multiple_of(8) {
                self.bytes.push(0);
            }
            if (data >> i) & 1 != 0 {
                *self.bytes.last_mut().unwrap() |= 1 << (self.bits % 8);
            }
            self.bits += 1;
        }
    }
    /// `EncodeVarLengthUnsigned`.
    pub fn var_unsigned(&mut self, mut n: u64, base: u32) {
        let num = 1u64 << base;
        loop {
            if n < num {
                self.write(n, base + 1);
                return;
            }
            self.write((n & (num - 1)) | num, base + 1);
            n >>= base;
        }
    }
    /// `EncodeVarLengthSigned`.
    pub fn var_signed(&mut self, mut n: i64, base: u32) {
        let num = 1u64 << base;
        loop {
            let chunk = (n as u64) & (num - 1);
            let top = chunk & (num >> 1);
            n >>= base;
            if (top != 0 && n == -1) || (top == 0 && n == 0) {
                self.write(chunk, base + 1);
                return;
            }
            self.write(chunk | num, base + 1);
        }
    }
    /// The bytes (last byte zero-padded).
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// `SizeofVarLengthUnsigned`: bits used by [`BitWriter::var_unsigned`].
pub fn var_unsigned_size(mut n: u64, base: u32) -> usize {
    let num = 1u64 << base;
    let mut used = base as usize + 1;
    loop {
        if n < num {
            return used;
        }
        n >>= base;
        used += base as usize + 1;
    }
}

/// Reads bits LSB-first.
#[derive(Clone, Debug)]
pub struct BitReader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> BitReader<'a> {
    /// Reads `buf` from bit `pos`.
    pub fn new(buf: &'a [u8], pos: usize) -> Self {
        BitReader { buf, pos }
    }
    /// Current bit position.
    pub fn pos(&self) -> usize {
        self.pos
    }
    /// Moves to bit `pos`.
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }
    /// Reads `count` bits (≤ 64).
    pub fn read(&mut self, count: u32) -> Result<u64, GcInfoError> {
        if self.pos + count as usize > self.buf.len() * 8 {
            return Err(GcInfoError::Truncated { bit: self.pos });
        }
        let mut v = 0u64;
        for i in 0..count as usize {
            let p = self.pos + i;
            v |= (((self.buf[p / 8] >> (p % 8)) & 1) as u64) << i;
        }
        self.pos += count as usize;
        Ok(v)
    }
    /// One bit as bool.
    pub fn bit(&mut self) -> Result<bool, GcInfoError> {
        Ok(self.read(1)? != 0)
    }
    /// `DecodeVarLengthUnsigned`.
    pub fn var_unsigned(&mut self, base: u32) -> Result<u64, GcInfoError> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let at = self.pos;
            let chunk = self.read(base + 1)?;
            v |= (chunk & ((1 << base) - 1)) << shift;
            shift += base;
            if chunk & (1 << base) == 0 {
                return Ok(v);
            }
            if shift > 40 {
                return Err(GcInfoError::Invalid {
                    bit: at,
                    what: "variable-length integer too long",
                });
            }
        }
    }
    /// `DecodeVarLengthSigned`.
    pub fn var_signed(&mut self, base: u32) -> Result<i64, GcInfoError> {
        let mut v = 0i64;
        let mut shift = 0;
        loop {
            let at = self.pos;
            let chunk = self.read(base + 1)?;
            v |= ((chunk & ((1 << base) - 1)) as i64) << shift;
            shift += base;
            if chunk & (1 << base) == 0 {
                // sign-extend from bit shift-1
                let s = 64 - shift;
                return Ok((v << s) >> s);
            }
            if shift > 40 {
                return Err(GcInfoError::Invalid {
                    bit: at,
                    what: "variable-length integer too long",
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varlen_round_trip() {
        let mut w = BitWriter::new();
        for (v, b) in [(0u64, 2), (3, 2), (4, 2), (1000, 3), (123456, 8)] {
            w.var_unsigned(v, b);
        }
        for (v, b) in [
            (0i64, 6),
            (-1, 6),
            (31, 6),
            (-32, 6),
            (32, 6),
            (-33, 6),
            (-1000, 4),
        ] {
            w.var_signed(v, b);
        }
        let n = w.bit_count();
        let bytes = w.into_bytes();
        let mut r = BitReader::new(&bytes, 0);
        for (v, b) in [(0u64, 2), (3, 2), (4, 2), (1000, 3), (123456, 8)] {
            let before = r.pos();
            assert_eq!(r.var_unsigned(b).unwrap(), v);
            assert_eq!(r.pos() - before, var_unsigned_size(v, b));
        }
        for (v, b) in [
            (0i64, 6),
            (-1, 6),
            (31, 6),
            (-32, 6),
            (32, 6),
            (-33, 6),
            (-1000, 4),
        ] {
            assert_eq!(r.var_signed(b).unwrap(), v);
        }
        assert_eq!(r.pos(), n);
        assert!(r.read(9).is_err());
    }
}
