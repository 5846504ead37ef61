//! A container defined outside kiln: PE32+ with its image checksum set.
//!
//! kiln's own PE container leaves `IMAGE_OPTIONAL_HEADER64.CheckSum` zero,
//! as the .NET loader ignores it; some Windows tooling (driver signing,
//! `imagehlp`'s `MapFileAndCheckSum`) wants it filled. This crate shows how
//! a toolchain adds such a format without touching kiln: it implements
//! [`kiln_writer::Container`] by wrapping kiln's [`Pe`] and registers it
//! with the driver under its own `--obj-format` name.
//!
//! The checksum is the PE one (Microsoft PE/COFF specification, "Optional
//! Header Windows-Specific Fields", CheckSum): the file's 16-bit little-endian
//! words summed with end-around carry, the CheckSum field itself counted as
//! zero, plus the file length.

use kiln_driver::target_lexicon::Triple;
use kiln_writer::container::{Container, Pe, PlacedImage};
use kiln_writer::WriteError;

/// The object-format name this container registers under.
pub const NAME: &str = "pe-checksum";

/// PE32+ with `CheckSum` set (see the crate documentation).
#[derive(Debug, Default)]
pub struct ChecksummedPe;

impl Container for ChecksummedPe {
    fn name(&self) -> &str {
        NAME
    }

    fn description(&self) -> &str {
        "PE32+ image with its CheckSum field set"
    }

    fn supports(&self, target: &Triple) -> bool {
        Pe.supports(target)
    }

    fn image_base(&self) -> u64 {
        Pe.image_base()
    }

    fn headers_len(&self, section_count: usize) -> usize {
        Pe.headers_len(section_count)
    }

    fn write(&self, image: PlacedImage) -> Result<Vec<u8>, WriteError> {
        let mut bytes = Pe.write(image)?;
        let at = checksum_offset(&bytes).ok_or_else(|| WriteError::Container {
            format: NAME.into(),
            detail: "kiln's PE writer produced no optional header".into(),
        })?;
        let sum = pe_checksum(&bytes, at);
        bytes[at..at + 4].copy_from_slice(&sum.to_le_bytes());
        Ok(bytes)
    }
}

/// The file offset of `IMAGE_OPTIONAL_HEADER64.CheckSum`: `e_lfanew` (at
/// 0x3C) + the `PE\0\0` signature (4) + the COFF file header (20) + 64.
pub fn checksum_offset(pe: &[u8]) -> Option<usize> {
    let lfanew = u32::from_le_bytes(pe.get(0x3C..0x40)?.try_into().ok()?) as usize;
    let at = lfanew.checked_add(4 + 20 + 64)?;
    (pe.get(lfanew..lfanew + 4)? == b"PE\0\0" && at + 4 <= pe.len()).then_some(at)
}

/// The PE checksum of `pe`, whose CheckSum field is at `field`.
pub fn pe_checksum(pe: &[u8], field: usize) -> u32 {
    let mut sum: u64 = 0;
    for (i, pair) in pe.chunks(2).enumerate() {
        let at = i * 2;
        if at >= field && at < field + 4 {
            continue;
        }
        let word = u16::from_le_bytes([pair[0], *pair.get(1).unwrap_or(&0)]);
        sum += u64::from(word);
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    sum = (sum & 0xFFFF) + (sum >> 16);
    (sum as u32).wrapping_add(pe.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_skips_its_own_field_and_adds_the_length() {
        // Words 0x0001, [field 0xFFFF 0xFFFF], 0x0002 over 8 bytes.
        let bytes = [1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 2, 0];
        assert_eq!(pe_checksum(&bytes, 2), 3 + 8);
        // End-around carry: 0xFFFF + 0x0002 = 0x1_0001 -> 0x0002.
        let bytes = [0xFF, 0xFF, 2, 0];
        assert_eq!(pe_checksum(&bytes, 100), 2 + 4);
    }
}
