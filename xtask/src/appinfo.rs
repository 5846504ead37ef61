//! Which types an app defines: a minimal ECMA-335 reader for the names of
//! the top-level TypeDefs of an assembly.
//!
//! `cargo xtask run` and the end-to-end harness use it to tell the app's own
//! methods from the framework's in the JIT log (a method belongs to the app
//! when its outermost declaring type is one of these names).
//!
//! TODO: switch to `kiln-metadata` once its reader is usable; this private
//! reader exists so xtask does not wait for it.
//!
//! Specification: ECMA-335 6th ed., Partition II §24.2 (metadata root,
//! streams), §24.2.6 (`#~` stream), §22.2 (Module), §22.38 (TypeRef),
//! §22.37 (TypeDef), §23.1.15 (TypeAttributes visibility); Partition II §25
//! (PE file format) for locating the CLI header.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// A file that is not a readable CLI assembly.
#[derive(Debug)]
pub struct AppInfoError {
    /// The file being read.
    pub file: PathBuf,
    /// What is wrong and where.
    pub detail: String,
}

impl fmt::Display for AppInfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.detail)
    }
}

impl std::error::Error for AppInfoError {}

/// Full names (`Namespace.Name`, or `Name` without a namespace) of the
/// top-level types defined in the assembly at `path`.
///
/// # Errors
/// [`AppInfoError`] if the file cannot be read or is not a CLI image.
pub fn top_level_type_names(path: &Path) -> Result<BTreeSet<String>, AppInfoError> {
    let bytes = std::fs::read(path).map_err(|e| AppInfoError {
        file: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    type_names_of_image(&bytes).map_err(|detail| AppInfoError {
        file: path.to_path_buf(),
        detail,
    })
}

/// The top-level type names of the app at `app` and of the other assemblies
/// (`*.dll`) in its directory — the app's own assemblies. Files in that
/// directory that are not CLI images are skipped; the app itself must be one.
///
/// # Errors
/// [`AppInfoError`] if the app cannot be read.
pub fn app_type_names(app: &Path) -> Result<BTreeSet<String>, AppInfoError> {
    let mut names = top_level_type_names(app)?;
    let dir = app
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let is_dll = path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("dll"));
            if is_dll && path != app {
                if let Ok(more) = top_level_type_names(&path) {
                    names.extend(more);
                }
            }
        }
    }
    Ok(names)
}

/// Little-endian reads with a description of where they failed.
struct Reader<'a> {
    bytes: &'a [u8],
}

impl<'a> Reader<'a> {
    fn slice(&self, at: usize, len: usize, what: &str) -> Result<&'a [u8], String> {
        at.checked_add(len)
            .and_then(|end| self.bytes.get(at..end))
            .ok_or_else(|| format!("truncated {what} at offset {at:#x}"))
    }
    fn u16(&self, at: usize, what: &str) -> Result<u16, String> {
        let b = self.slice(at, 2, what)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&self, at: usize, what: &str) -> Result<u32, String> {
        let b = self.slice(at, 4, what)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&self, at: usize, what: &str) -> Result<u64, String> {
        Ok(self.u32(at, what)? as u64 | (self.u32(at + 4, what)? as u64) << 32)
    }
    /// A 2- or 4-byte index.
    fn index(&self, at: usize, wide: bool, what: &str) -> Result<u32, String> {
        if wide {
            self.u32(at, what)
        } else {
            self.u16(at, what).map(u32::from)
        }
    }
}

/// Top-level TypeDef names of a PE image holding CLI metadata.
fn type_names_of_image(bytes: &[u8]) -> Result<BTreeSet<String>, String> {
    let r = Reader { bytes };
    // PE headers (Partition II §25.2).
    if r.slice(0, 2, "DOS header")? != b"MZ" {
        return Err("not a PE file (no MZ signature)".into());
    }
    let pe = r.u32(0x3c, "DOS header")? as usize;
    if r.slice(pe, 4, "PE signature")? != b"PE\0\0" {
        return Err(format!("no PE signature at {pe:#x}"));
    }
    let coff = pe + 4;
    let sections = r.u16(coff + 2, "COFF header")? as usize;
    let optional_size = r.u16(coff + 16, "COFF header")? as usize;
    let optional = coff + 20;
    let directories = match r.u16(optional, "optional header")? {
        0x10b => optional + 96,
        0x20b => optional + 112,
        magic => return Err(format!("unknown optional header magic {magic:#x}")),
    };
    // Data directory 14: the CLI header.
    let cli_rva = r.u32(directories + 14 * 8, "CLI header directory")?;
    if cli_rva == 0 {
        return Err("not a CLI image (no CLI header)".into());
    }
    let section_table = optional + optional_size;
    let to_offset = |rva: u32| -> Result<usize, String> {
        for i in 0..sections {
            let s = section_table + i * 40;
            let size = r
                .u32(s + 8, "section header")?
                .max(r.u32(s + 16, "section header")?);
            let va = r.u32(s + 12, "section header")?;
            let raw = r.u32(s + 20, "section header")?;
            if rva >= va && rva - va < size {
                return Ok((rva - va + raw) as usize);
            }
        }
        Err(format!("RVA {rva:#x} is in no section"))
    };
    let cli = to_offset(cli_rva)?;
    let root = to_offset(r.u32(cli + 8, "CLI header")?)?;

    // Metadata root (§24.2.1).
    if r.u32(root, "metadata root")? != 0x424A_5342 {
        return Err(format!("bad metadata signature at {root:#x}"));
    }
    let version_len = r.u32(root + 12, "metadata root")? as usize;
    let streams_at = root + 16 + version_len;
    let stream_count = r.u16(streams_at + 2, "metadata root")? as usize;
    let mut at = streams_at + 4;
    let (mut tables, mut strings) = (None, None);
    for _ in 0..stream_count {
        let offset = r.u32(at, "stream header")? as usize;
        let size = r.u32(at + 4, "stream header")? as usize;
        let name_at = at + 8;
        let name_len = bytes[name_at.min(bytes.len())..]
            .iter()
            .position(|&b| b == 0)
            .ok_or("unterminated stream name")?;
        let name = &bytes[name_at..name_at + name_len];
        let range = (root + offset, size);
        match name {
            b"#~" | b"#-" => tables = Some(range),
            b"#Strings" => strings = Some(range),
            _ => {}
        }
        at = name_at + (name_len + 4) / 4 * 4;
    }
    let (tables, _) = tables.ok_or("no #~ stream")?;
    let (strings_at, strings_size) = strings.ok_or("no #Strings stream")?;
    let strings = r.slice(strings_at, strings_size, "#Strings heap")?;
    let string = |index: u32| -> Result<String, String> {
        let tail = strings
            .get(index as usize..)
            .ok_or_else(|| format!("string index {index:#x} out of range"))?;
        let end = tail.iter().position(|&b| b == 0).unwrap_or(tail.len());
        Ok(String::from_utf8_lossy(&tail[..end]).into_owned())
    };

    // `#~` stream header (§24.2.6).
    let heap_sizes = r.slice(tables + 6, 1, "#~ header")?[0];
    let valid = r.u64(tables + 8, "#~ header")?;
    let mut rows = [0u32; 64];
    let mut at = tables + 24;
    for (table, count) in rows.iter_mut().enumerate() {
        if valid & (1 << table) != 0 {
            *count = r.u32(at, "#~ row counts")?;
            at += 4;
        }
    }
    if heap_sizes & 0x40 != 0 {
        at += 4; // extra data (§24.2.6 note on bit 0x40)
    }
    let wide_string = heap_sizes & 0x01 != 0;
    let wide_guid = heap_sizes & 0x02 != 0;
    let str_size = if wide_string { 4 } else { 2 };
    let guid_size = if wide_guid { 4 } else { 2 };
    // A coded index is 2 bytes if every referenced table has fewer than
    // 2^(16 - tag bits) rows (§24.2.6).
    let coded = |tag_bits: u32, tables: &[usize]| -> usize {
        if tables.iter().all(|&t| rows[t] < (1 << (16 - tag_bits))) {
            2
        } else {
            4
        }
    };
    let simple = |table: usize| -> bool { rows[table] >= 1 << 16 };
    const MODULE: usize = 0x00;
    const TYPE_REF: usize = 0x01;
    const TYPE_DEF: usize = 0x02;
    const FIELD: usize = 0x04;
    const METHOD_DEF: usize = 0x06;
    const TYPE_SPEC: usize = 0x1B;
    const MODULE_REF: usize = 0x1A;
    const ASSEMBLY_REF: usize = 0x23;
    let module_row = 2 + str_size + 3 * guid_size;
    let type_ref_row = coded(2, &[MODULE, MODULE_REF, ASSEMBLY_REF, TYPE_REF]) + 2 * str_size;
    let wide_field = simple(FIELD);
    let wide_method = simple(METHOD_DEF);
    let extends_size = coded(2, &[TYPE_DEF, TYPE_REF, TYPE_SPEC]);
    let type_def_row = 4
        + 2 * str_size
        + extends_size
        + if wide_field { 4 } else { 2 }
        + if wide_method { 4 } else { 2 };
    let type_defs =
        at + rows[MODULE] as usize * module_row + rows[TYPE_REF] as usize * type_ref_row;

    let mut names = BTreeSet::new();
    for i in 0..rows[TYPE_DEF] as usize {
        let row = type_defs + i * type_def_row;
        let flags = r.u32(row, "TypeDef row")?;
        // VisibilityMask 0x7: 0 NotPublic, 1 Public are top-level; 2..7 nested.
        if flags & 0x7 > 1 {
            continue;
        }
        let name = string(r.index(row + 4, wide_string, "TypeDef row")?)?;
        let namespace = string(r.index(row + 4 + str_size, wide_string, "TypeDef row")?)?;
        names.insert(if namespace.is_empty() {
            name
        } else {
            format!("{namespace}.{name}")
        });
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_images() {
        assert!(type_names_of_image(b"").unwrap_err().contains("truncated"));
        assert!(type_names_of_image(b"XY\0\0")
            .unwrap_err()
            .contains("not a PE"));
        let mut fake = vec![0u8; 0x100];
        fake[0..2].copy_from_slice(b"MZ");
        fake[0x3c] = 0x80;
        assert!(type_names_of_image(&fake)
            .unwrap_err()
            .contains("no PE signature"));
    }

    /// Reads real framework assemblies (the end-to-end harness covers mcs
    /// output). Needs `cargo xtask setup`.
    #[test]
    fn reads_framework_assemblies() {
        let toolchain = crate::toolchain::load().unwrap_or_else(|e| panic!("{e}"));
        let names = top_level_type_names(&toolchain.framework.join("System.Runtime.dll")).unwrap();
        // System.Runtime is a facade: it forwards types, defines few.
        assert!(names.contains("<Module>"), "{names:?}");
        let corelib =
            top_level_type_names(&toolchain.framework.join("System.Private.CoreLib.dll")).unwrap();
        for expected in [
            "System.Object",
            "System.String",
            "System.Collections.Generic.List`1",
        ] {
            assert!(corelib.contains(expected), "{expected} missing");
        }
        assert!(
            !corelib.contains("Enumerator"),
            "nested types must be skipped"
        );
    }
}
