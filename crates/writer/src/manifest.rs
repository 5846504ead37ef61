//! The ManifestMetadata section: a small ECMA-335 metadata blob (§II.24)
//! whose AssemblyRef table extends the input's for fixups that name modules
//! outside it (module override indices past the input's AssemblyRefs).
//!
//! The .NET 8 runtime requires the section: `ReadyToRunInfo`'s constructor
//! (src/coreclr/vm/readytoruninfo.cpp) builds the image's native manifest
//! module from it and dereferences its metadata import unconditionally — an
//! image without it crashes the loader (verified on 8.0.4). Today kiln needs
//! no extra references, so the blob holds the three rows crossgen2's empty
//! manifests hold: a Module, the `<Module>` TypeDef and an Assembly row.

/// Name of the manifest's module and assembly.
const NAME: &[u8] = b"ManifestMetadata";

/// `Sorted` mask of the tables stream as ECMA-335 writers set it (the tables
/// that are sorted by key).
const SORTED_TABLES: u64 = 0x0000_1600_3301_FA00;

fn pad4(v: &mut Vec<u8>) {
    while !v.len().is_multiple_of(4) {
        v.push(0);
    }
}

/// Builds the manifest metadata blob.
pub(crate) fn manifest_metadata() -> Vec<u8> {
    // #Strings: "", "<Module>", NAME.
    let mut strings = vec![0u8];
    let module_type_name = strings.len() as u16;
    strings.extend_from_slice(b"<Module>\0");
    let name = strings.len() as u16;
    strings.extend_from_slice(NAME);
    strings.push(0);
    pad4(&mut strings);
    let guid = vec![0u8; 16];
    let user_strings = vec![0u8; 4];
    let blob = vec![0u8; 4];

    // #~: Module (0x00), TypeDef (0x02), Assembly (0x20); all heaps small.
    let mut tables = Vec::new();
    tables.extend_from_slice(&0u32.to_le_bytes());
    tables.extend_from_slice(&[2, 0, 0, 1]);
    let valid: u64 = (1 << 0x00) | (1 << 0x02) | (1 << 0x20);
    tables.extend_from_slice(&valid.to_le_bytes());
    tables.extend_from_slice(&SORTED_TABLES.to_le_bytes());
    for _ in 0..3 {
        tables.extend_from_slice(&1u32.to_le_bytes());
    }
    let u16le = |t: &mut Vec<u8>, v: u16| t.extend_from_slice(&v.to_le_bytes());
    // Module: Generation, Name, Mvid (GUID #1), EncId, EncBaseId.
    u16le(&mut tables, 0);
    u16le(&mut tables, name);
    u16le(&mut tables, 1);
    u16le(&mut tables, 0);
    u16le(&mut tables, 0);
    // TypeDef <Module>: Flags, Name, Namespace, Extends, FieldList, MethodList.
    tables.extend_from_slice(&0u32.to_le_bytes());
    u16le(&mut tables, module_type_name);
    u16le(&mut tables, 0);
    u16le(&mut tables, 0);
    u16le(&mut tables, 1);
    u16le(&mut tables, 1);
    // Assembly: HashAlgId, version ×4, Flags, PublicKey, Name, Culture.
    tables.extend_from_slice(&0u32.to_le_bytes());
    for _ in 0..4 {
        u16le(&mut tables, 0);
    }
    tables.extend_from_slice(&0u32.to_le_bytes());
    u16le(&mut tables, 0);
    u16le(&mut tables, name);
    u16le(&mut tables, 0);
    pad4(&mut tables);

    let streams: [(&[u8], Vec<u8>); 5] = [
        (b"#~", tables),
        (b"#Strings", strings),
        (b"#US", user_strings),
        (b"#GUID", guid),
        (b"#Blob", blob),
    ];
    let version = b"v4.0.30319\0\0";
    let header_len = 16 + version.len() + 4;
    let stream_headers_len: usize = streams
        .iter()
        .map(|(n, _)| 8 + (n.len() + 1).next_multiple_of(4))
        .sum();
    let mut out = Vec::new();
    out.extend_from_slice(&0x424A_5342u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(version.len() as u32).to_le_bytes());
    out.extend_from_slice(version);
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(streams.len() as u16).to_le_bytes());
    let mut offset = header_len + stream_headers_len;
    for (n, data) in &streams {
        out.extend_from_slice(&(offset as u32).to_le_bytes());
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(n);
        out.push(0);
        pad4(&mut out);
        offset += data.len();
    }
    for (_, data) in &streams {
        out.extend_from_slice(data);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_has_the_layout_of_crossgen2s_empty_manifest() {
        let m = manifest_metadata();
        assert_eq!(&m[0..4], b"BSJB");
        // Stream directory: #~ right after the headers, five streams.
        assert_eq!(u16::from_le_bytes([m[30], m[31]]), 5);
        let tables_off = u32::from_le_bytes(m[32..36].try_into().unwrap()) as usize;
        assert_eq!(tables_off, 0x6c);
        // Three tables of one row each: Module, TypeDef, Assembly.
        let valid = u64::from_le_bytes(m[tables_off + 8..tables_off + 16].try_into().unwrap());
        assert_eq!(valid, 0x1_0000_0005);
        assert_eq!(m.len() % 4, 0);
    }
}
