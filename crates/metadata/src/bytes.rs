//! Bounds-checked little-endian reading and ECMA-335 compressed integers
//! (II.23.2: compressed unsigned/signed integers used in blobs and signatures).

/// Reads a `u16` at `off`, or `None` when out of range.
#[inline]
pub(crate) fn u16_at(data: &[u8], off: usize) -> Option<u16> {
    let b = data.get(off..off.checked_add(2)?)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

/// Reads a `u32` at `off`, or `None` when out of range.
#[inline]
pub(crate) fn u32_at(data: &[u8], off: usize) -> Option<u32> {
    let b = data.get(off..off.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Reads a `u64` at `off`, or `None` when out of range.
#[inline]
pub(crate) fn u64_at(data: &[u8], off: usize) -> Option<u64> {
    let b = data.get(off..off.checked_add(8)?)?;
    Some(u64::from_le_bytes(b.try_into().ok()?))
}

/// Decodes an ECMA-335 compressed unsigned integer (II.23.2) at the start of
/// `data`, returning `(value, bytes consumed)`; `None` if malformed/truncated.
#[inline]
pub fn read_compressed_u32(data: &[u8]) -> Option<(u32, usize)> {
    let b0 = *data.first()?;
    if b0 & 0x80 == 0 {
        Some((b0 as u32, 1))
    } else if b0 & 0xC0 == 0x80 {
        let b1 = *data.get(1)?;
        Some(((((b0 & 0x3F) as u32) << 8) | b1 as u32, 2))
    } else if b0 & 0xE0 == 0xC0 {
        let b = data.get(1..4)?;
        Some((
            (((b0 & 0x1F) as u32) << 24)
                | ((b[0] as u32) << 16)
                | ((b[1] as u32) << 8)
                | b[2] as u32,
            4,
        ))
    } else {
        None
    }
}

/// Decodes an ECMA-335 compressed signed integer (II.23.2): the value is
/// rotated so that the sign bit is the lowest bit of the encoded width.
#[inline]
pub fn read_compressed_i32(data: &[u8]) -> Option<(i32, usize)> {
    let (raw, len) = read_compressed_u32(data)?;
    let bits = match len {
        1 => 7,
        2 => 14,
        _ => 29,
    };
    let value = if raw & 1 == 0 {
        (raw >> 1) as i32
    } else {
        // negative: sign-extend the (bits-1)-bit magnitude
        ((raw >> 1) as i32) - (1i32 << (bits - 1))
    };
    Some((value, len))
}

/// A forward cursor over a byte slice for blob and signature parsing.
#[derive(Debug, Clone)]
pub(crate) struct Cursor<'a> {
    pub data: &'a [u8],
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Cursor { data, pos: 0 }
    }
    pub fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }
    pub fn is_empty(&self) -> bool {
        self.remaining() == 0
    }
    pub fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }
    pub fn u8(&mut self) -> Option<u8> {
        let v = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(v)
    }
    pub fn u16(&mut self) -> Option<u16> {
        let v = u16_at(self.data, self.pos)?;
        self.pos += 2;
        Some(v)
    }
    pub fn u32(&mut self) -> Option<u32> {
        let v = u32_at(self.data, self.pos)?;
        self.pos += 4;
        Some(v)
    }
    pub fn u64(&mut self) -> Option<u64> {
        let v = u64_at(self.data, self.pos)?;
        self.pos += 8;
        Some(v)
    }
    pub fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }
    pub fn compressed_u32(&mut self) -> Option<u32> {
        let (v, n) = read_compressed_u32(self.data.get(self.pos..)?)?;
        self.pos += n;
        Some(v)
    }
    pub fn compressed_i32(&mut self) -> Option<i32> {
        let (v, n) = read_compressed_i32(self.data.get(self.pos..)?)?;
        self.pos += n;
        Some(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_unsigned_examples_from_ecma() {
        // II.23.2 examples
        assert_eq!(read_compressed_u32(&[0x03]), Some((3, 1)));
        assert_eq!(read_compressed_u32(&[0x7F]), Some((0x7F, 1)));
        assert_eq!(read_compressed_u32(&[0x80, 0x80]), Some((0x80, 2)));
        assert_eq!(read_compressed_u32(&[0xAE, 0x57]), Some((0x2E57, 2)));
        assert_eq!(read_compressed_u32(&[0xBF, 0xFF]), Some((0x3FFF, 2)));
        assert_eq!(
            read_compressed_u32(&[0xC0, 0x00, 0x40, 0x00]),
            Some((0x4000, 4))
        );
        assert_eq!(
            read_compressed_u32(&[0xDF, 0xFF, 0xFF, 0xFF]),
            Some((0x1FFF_FFFF, 4))
        );
        assert_eq!(read_compressed_u32(&[0xE0]), None);
        assert_eq!(read_compressed_u32(&[0xC0, 0]), None);
    }

    #[test]
    fn compressed_signed_examples_from_ecma() {
        assert_eq!(read_compressed_i32(&[0x06]), Some((3, 1)));
        assert_eq!(read_compressed_i32(&[0x7B]), Some((-3, 1)));
        assert_eq!(read_compressed_i32(&[0x80, 0x80]), Some((64, 2)));
        assert_eq!(read_compressed_i32(&[0x01]), Some((-64, 1)));
        assert_eq!(
            read_compressed_i32(&[0xC0, 0x00, 0x40, 0x00]),
            Some((8192, 4))
        );
        assert_eq!(read_compressed_i32(&[0x80, 0x01]), Some((-8192, 2)));
        assert_eq!(
            read_compressed_i32(&[0xDF, 0xFF, 0xFF, 0xFE]),
            Some((268435455, 4))
        );
        assert_eq!(
            read_compressed_i32(&[0xC0, 0x00, 0x00, 0x01]),
            Some((-268435456, 4))
        );
    }
}
