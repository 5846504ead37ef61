//! The ManifestMetadata section: an ECMA-335 metadata root (`BSJB`) whose
//! AssemblyRef rows extend the IL image's own, so module-override indices
//! past the IL AssemblyRefs name assemblies outside the original metadata.
//!
//! Specification: `readytorun-format.md` (“ManifestMetadata”), crossgen2
//! `ManifestMetadataTableNode.cs`; module index `i` of a fixup is the IL
//! AssemblyRef `i` when `i ≤ n` (n = IL AssemblyRef rows), else manifest
//! AssemblyRef `i − n`.
//!
//! The root is parsed with `kiln_metadata` by wrapping it in a minimal
//! in-memory PE32+ (one section holding a COR header and the root).

use kiln_metadata::tables::StringIndex;
use kiln_metadata::{Assembly, TableId};

/// The decoded manifest metadata.
#[derive(Debug)]
pub struct ManifestMetadata {
    /// The manifest's metadata, viewed as an assembly.
    pub metadata: Assembly,
    /// Names of its AssemblyRef rows, in row order.
    pub assembly_refs: Vec<String>,
}

/// Wraps a raw metadata root in a minimal PE32+ image.
fn wrap(root: &[u8]) -> Vec<u8> {
    const SEC_RVA: u32 = 0x1000;
    const HDR: usize = 0x200;
    let cor_len = 72u32;
    let md_rva = SEC_RVA + cor_len;
    let body = cor_len as usize + root.len();
    let raw = body.next_multiple_of(0x200);
    let mut b = vec![0u8; HDR + raw];
    b[0..2].copy_from_slice(b"MZ");
    b[0x3C..0x40].copy_from_slice(&0x40u32.to_le_bytes());
    b[0x40..0x44].copy_from_slice(b"PE\0\0");
    let coff = 0x44;
    b[coff..coff + 2].copy_from_slice(&0x8664u16.to_le_bytes());
    b[coff + 2..coff + 4].copy_from_slice(&1u16.to_le_bytes());
    b[coff + 16..coff + 18].copy_from_slice(&240u16.to_le_bytes());
    b[coff + 18..coff + 20].copy_from_slice(&0x2022u16.to_le_bytes());
    let opt = coff + 20;
    let put32 =
        |b: &mut Vec<u8>, at: usize, v: u32| b[at..at + 4].copy_from_slice(&v.to_le_bytes());
    b[opt..opt + 2].copy_from_slice(&0x20Bu16.to_le_bytes());
    put32(&mut b, opt + 32, 0x1000); // section alignment
    put32(&mut b, opt + 36, 0x200); // file alignment
    put32(
        &mut b,
        opt + 56,
        SEC_RVA + (raw as u32).next_multiple_of(0x1000),
    ); // size of image
    put32(&mut b, opt + 60, HDR as u32); // size of headers
    put32(&mut b, opt + 108, 16); // number of data directories
    put32(&mut b, opt + 112 + 14 * 8, SEC_RVA); // CLI header
    put32(&mut b, opt + 112 + 14 * 8 + 4, cor_len);
    let sec = opt + 240;
    b[sec..sec + 5].copy_from_slice(b".text");
    put32(&mut b, sec + 8, body as u32);
    put32(&mut b, sec + 12, SEC_RVA);
    put32(&mut b, sec + 16, raw as u32);
    put32(&mut b, sec + 20, HDR as u32);
    put32(&mut b, sec + 36, 0x4000_0040);
    let cor = HDR;
    put32(&mut b, cor, cor_len);
    b[cor + 4..cor + 6].copy_from_slice(&2u16.to_le_bytes());
    b[cor + 6..cor + 8].copy_from_slice(&5u16.to_le_bytes());
    put32(&mut b, cor + 8, md_rva);
    put32(&mut b, cor + 12, root.len() as u32);
    put32(&mut b, cor + 16, 1);
    b[HDR + cor_len as usize..HDR + body].copy_from_slice(root);
    b
}

impl ManifestMetadata {
    /// Parses a ManifestMetadata section.
    ///
    /// # Errors
    /// The metadata reader's error, as text.
    pub fn parse(root: &[u8]) -> Result<Self, String> {
        let metadata = Assembly::from_bytes(wrap(root)).map_err(|e| e.to_string())?;
        let n = metadata.row_count(TableId::AssemblyRef);
        let assembly_refs = (1..=n)
            .map(|r| {
                metadata
                    .raw_column(TableId::AssemblyRef, r, 6)
                    .ok()
                    .and_then(|i| metadata.string(StringIndex(i)).ok())
                    .unwrap_or("?")
                    .to_string()
            })
            .collect();
        Ok(ManifestMetadata {
            metadata,
            assembly_refs,
        })
    }
}
