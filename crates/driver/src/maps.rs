//! Map files of a written ReadyToRun image, read back through
//! `kiln_writer::read` so they describe exactly the bytes on disk:
//!
//! * [`map_text`] (`kiln compile --map`, `<output>.map`): the ReadyToRun
//!   sections (the header's section table),
//!   every compiled method's code (one line per fragment: RVA, size, name)
//!   and every import cell (RVA, size, section and index, what it binds).
//! * [`map_csv`] (`--mapcsv`, `<output>.map.csv`): the same rows as CSV,
//!   `kind,rva,size,name`.
//! * [`perfmap`] (`--perfmap`): crossgen2's perf map, format version 0
//!   (`PerfMapWriter` in dotnet/runtime `src/coreclr/tools/aot/
//!   ILCompiler.Diagnostics/PerfMapWriter.cs`): one line per code range,
//!   `{rva:X8} {length:X2} {name}`, no header; named as crossgen2 names a
//!   version-0 map, `<output stem>.ni.{<input MVID>}.map`
//!   ([`perfmap_file_name`]). Profilers add the image's load address.

use std::fmt::Write as _;

use kiln_metadata::tables::{ModuleHandle, ModuleRow};
use kiln_writer::read::R2rImage;

/// One row of a map: what, where, how big, which.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapRow {
    /// `section`, `method` or `import`.
    pub kind: &'static str,
    /// Start RVA.
    pub rva: u32,
    /// Size in bytes.
    pub size: u32,
    /// Section name, method name, or import cell description.
    pub name: String,
}

/// The rows of the image's map: sections, then methods by RVA, then
/// import cells by RVA.
pub fn rows(img: &R2rImage) -> Vec<MapRow> {
    let mut out: Vec<MapRow> = img
        .sections
        .iter()
        .map(|s| MapRow {
            kind: "section",
            rva: s.rva,
            size: s.size,
            name: s.name(),
        })
        .collect();
    let mut methods = method_ranges(img);
    methods.sort_by(|a, b| (a.rva, &a.name).cmp(&(b.rva, &b.name)));
    out.extend(methods);
    let mut cells = Vec::new();
    for (si, s) in img.import_sections.iter().enumerate() {
        for (ci, c) in s.cells.iter().enumerate() {
            cells.push(MapRow {
                kind: "import",
                rva: c.rva,
                size: u32::from(s.entry_size),
                name: format!("[{}:{ci}] {}", s.index, img.describe_cell(si, ci)),
            });
        }
    }
    cells.sort_by_key(|c| c.rva);
    out.extend(cells);
    out
}

/// Every code range of every method (a method split into fragments has
/// one range per fragment), in the image's method order.
pub fn method_ranges(img: &R2rImage) -> Vec<MapRow> {
    let mut out = Vec::new();
    for m in &img.methods {
        for &f in &m.fragments {
            if let Some(rf) = img.runtime_functions.get(f as usize) {
                out.push(MapRow {
                    kind: "method",
                    rva: rf.begin,
                    size: rf.end.saturating_sub(rf.begin),
                    name: m.name.clone(),
                });
            }
        }
    }
    out
}

/// The text map (`--map`).
pub fn map_text(img: &R2rImage) -> String {
    let mut o = format!(
        "ReadyToRun {}.{} image, header at RVA {:#x}\n\n{:<8} {:>10} {:>10}  name\n",
        img.major, img.minor, img.header_rva, "kind", "rva", "size"
    );
    for r in rows(img) {
        let _ = writeln!(
            o,
            "{:<8} {:#010x} {:#10x}  {}",
            r.kind, r.rva, r.size, r.name
        );
    }
    o
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The CSV map (`--mapcsv`).
pub fn map_csv(img: &R2rImage) -> String {
    let mut o = String::from("kind,rva,size,name\n");
    for r in rows(img) {
        let _ = writeln!(
            o,
            "{},0x{:08x},{},{}",
            r.kind,
            r.rva,
            r.size,
            csv_field(&r.name)
        );
    }
    o
}

/// The perf map, format version 0 (see the module doc).
pub fn perfmap(img: &R2rImage) -> String {
    let mut o = String::new();
    for r in method_ranges(img) {
        let _ = writeln!(o, "{:08X} {:02X} {}", r.rva, r.size, r.name);
    }
    o
}

/// crossgen2's file name of a version-0 perf map for the output file whose
/// stem is `stem`: `<stem>.ni.{<mvid>}.map`, the MVID in .NET's `Guid`
/// text form (first three groups little-endian, lower case).
///
/// # Errors
/// The image's Module row or its MVID cannot be read.
pub fn perfmap_file_name(img: &R2rImage, stem: &str) -> Result<String, String> {
    let module: ModuleRow = img
        .assembly
        .row(ModuleHandle(1))
        .map_err(|e| format!("module row: {e}"))?;
    let g = img
        .assembly
        .guid(module.mvid)
        .map_err(|e| format!("MVID: {e}"))?
        .unwrap_or([0; 16]);
    Ok(format!(
        "{stem}.ni.{{{:02x}{:02x}{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{:02x}{:02x}-{}}}.map",
        g[3],
        g[2],
        g[1],
        g[0],
        g[5],
        g[4],
        g[7],
        g[6],
        g[8],
        g[9],
        g[10..]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv_field("C:M(int)"), "C:M(int)");
        assert_eq!(csv_field("C:M(int,int)"), "\"C:M(int,int)\"");
        assert_eq!(csv_field("a\"b"), "\"a\"\"b\"");
    }
}
