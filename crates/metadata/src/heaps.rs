//! The four metadata heaps (ECMA-335 II.24.2.2–II.24.2.5): `#Strings`
//! (NUL-terminated UTF-8), `#US` (compressed length, UTF-16LE, one trailing
//! flag byte), `#Blob` (compressed length, bytes) and `#GUID` (16-byte
//! entries, 1-based). All accessors borrow from the image.

use crate::bytes::read_compressed_u32;
use crate::error::{HeapKind, MetadataError, Result};

/// Reads the NUL-terminated UTF-8 string at `index` of a `#Strings` heap.
pub(crate) fn string(heap: &[u8], index: u32) -> Result<&str> {
    let bad = |what| MetadataError::BadHeapIndex {
        heap: HeapKind::Strings,
        index,
        what,
    };
    let tail = heap
        .get(index as usize..)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            if index == 0 && heap.is_empty() {
                bad("empty heap")
            } else {
                bad("out of range")
            }
        });
    let tail = match tail {
        Ok(t) => t,
        Err(_) if index == 0 => return Ok(""),
        Err(e) => return Err(e),
    };
    let end = tail
        .iter()
        .position(|&b| b == 0)
        .ok_or_else(|| bad("unterminated string"))?;
    std::str::from_utf8(&tail[..end]).map_err(|_| bad("invalid UTF-8"))
}

/// Reads the blob at `index` of a `#Blob` heap.
pub(crate) fn blob(heap: &[u8], index: u32) -> Result<&[u8]> {
    let bad = |what| MetadataError::BadHeapIndex {
        heap: HeapKind::Blob,
        index,
        what,
    };
    if index == 0 && heap.is_empty() {
        return Ok(&[]);
    }
    let tail = heap
        .get(index as usize..)
        .ok_or_else(|| bad("out of range"))?;
    let (len, n) = read_compressed_u32(tail).ok_or_else(|| bad("bad length prefix"))?;
    tail.get(n..n + len as usize)
        .ok_or_else(|| bad("blob runs past the heap"))
}

/// Reads the UTF-16LE bytes of the user string at `index` of a `#US` heap
/// (without the trailing flag byte).
pub(crate) fn user_string(heap: &[u8], index: u32) -> Result<&[u8]> {
    let bad = |what| MetadataError::BadHeapIndex {
        heap: HeapKind::UserStrings,
        index,
        what,
    };
    let tail = heap
        .get(index as usize..)
        .ok_or_else(|| bad("out of range"))?;
    let (len, n) = read_compressed_u32(tail).ok_or_else(|| bad("bad length prefix"))?;
    let bytes = tail
        .get(n..n + len as usize)
        .ok_or_else(|| bad("string runs past the heap"))?;
    if len == 0 {
        return Ok(bytes);
    }
    if len % 2 != 1 {
        return Err(bad("length must be odd (UTF-16 plus flag byte)"));
    }
    Ok(&bytes[..bytes.len() - 1])
}

/// Reads the GUID at 1-based `index` of a `#GUID` heap (index 0 = null → `None`).
pub(crate) fn guid(heap: &[u8], index: u32) -> Result<Option<[u8; 16]>> {
    if index == 0 {
        return Ok(None);
    }
    let off = (index as usize - 1) * 16;
    let b = heap.get(off..off + 16).ok_or(MetadataError::BadHeapIndex {
        heap: HeapKind::Guid,
        index,
        what: "out of range",
    })?;
    let mut g = [0u8; 16];
    g.copy_from_slice(b);
    Ok(Some(g))
}

/// Decodes UTF-16LE bytes into a `String`, replacing unpaired surrogates.
pub fn utf16_to_string(bytes: &[u8]) -> String {
    let units = bytes
        .chunks_exact(2)
        .map(|c| u16::from_le_bytes([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_and_errors() {
        let heap = b"\0Foo\0Bar\0bad";
        assert_eq!(string(heap, 0).unwrap(), "");
        assert_eq!(string(heap, 1).unwrap(), "Foo");
        assert_eq!(string(heap, 2).unwrap(), "oo");
        assert_eq!(string(heap, 5).unwrap(), "Bar");
        assert!(matches!(
            string(heap, 9),
            Err(MetadataError::BadHeapIndex {
                what: "unterminated string",
                ..
            })
        ));
        assert!(matches!(
            string(heap, 99),
            Err(MetadataError::BadHeapIndex {
                what: "out of range",
                ..
            })
        ));
    }

    #[test]
    fn blobs_user_strings_guids() {
        let heap = [0u8, 3, 1, 2, 3, 5, 9];
        assert_eq!(blob(&heap, 1).unwrap(), &[1, 2, 3]);
        assert!(blob(&heap, 5).is_err());
        let us = [0u8, 5, b'h', 0, b'i', 0, 0];
        assert_eq!(utf16_to_string(user_string(&us, 1).unwrap()), "hi");
        let g = [7u8; 32];
        assert_eq!(guid(&g, 2).unwrap(), Some([7u8; 16]));
        assert!(guid(&g, 3).is_err());
        assert_eq!(guid(&g, 0).unwrap(), None);
    }
}
