//! The PE32+ container: places the input's sections and the ReadyToRun
//! [`Layout`] in an image the .NET runtime's Linux loader maps.
//!
//! Layout rules (checked against `MAPMapPEFile`, pal/src/map/map.cpp,
//! `PEDecoder::CheckNTHeaders`/`CheckSection`, utilcode/pedecoder.cpp, and
//! crossgen2's `R2RPEBuilder.cs`):
//!
//! * Sections follow each other in RVA order *and* file order, file offsets
//!   and raw sizes are multiples of `FileAlignment` (0x200), and every
//!   section's `RVA mod page == file offset mod page` (the mapper maps each
//!   section with one `mmap` of its file pages). The mapper also rejects
//!   `VirtualSize > SizeOfRawData` and sections that start inside the
//!   page-rounded end of the previous one.
//! * The input's sections keep their RVAs (the metadata's RVAs stay valid);
//!   they are page-aligned (`input` checks), so each starts at the next
//!   page-aligned file offset. The new sections are packed at the next
//!   0x200 boundary of the file and given the first free RVA whose low 16
//!   bits equal their file offset's — crossgen2's rule, which also holds for
//!   64 KB pages. `SectionAlignment` is one page.
//! * The section headers fit in the first page (the mapper maps one page of
//!   headers).
//! * `Machine` = 0x8664 XOR 0x7B79 (the Linux R2R override), PE32+, a
//!   `.reloc` section with DIR64 entries for every absolute pointer (import
//!   cells that start out pointing at their thunks): the runtime maps the
//!   image wherever it likes and applies them.
//! * The Exception directory points at the RUNTIME_FUNCTION table without its
//!   sentinel; the CLI header directory points at the new COR header.
//! * Section names are distinct: the input's (`.text`, `.rsrc`, ...) and
//!   [`NEW_SECTION_NAMES`] for the native code, read-only and writable data.

use crate::error::WriteError;
use crate::input::{dir, InputImage};
use crate::layout::{Layout, SectionKind, Symbol};

/// `IMAGE_FILE_MACHINE_AMD64` XOR the Linux ReadyToRun machine override
/// (`IMAGE_FILE_MACHINE_NATIVE_OS_OVERRIDE`, pedecoder.h).
pub const MACHINE_AMD64_LINUX: u16 = 0x8664 ^ 0x7B79;

/// Preferred load address of 64-bit R2R images (crossgen2's choice).
pub const IMAGE_BASE: u64 = 0x1_8000_0000;

const FILE_ALIGNMENT: u32 = 0x200;
const PAGE: u32 = 0x1000;
/// New sections get `RVA mod RVA_CONGRUENCE == file offset mod RVA_CONGRUENCE`
/// (crossgen2's choice for Unix: valid for pages up to 64 KB).
const RVA_CONGRUENCE: u32 = 0x1_0000;

/// Names of the sections kiln adds, by [`SectionKind`] (then `.reloc`).
pub const NEW_SECTION_NAMES: [&str; 3] = [".r2rcode", ".r2rro", ".r2rrw"];
const DOS_HEADER_SIZE: usize = 0x80;
const OPTIONAL_HEADER_SIZE: usize = 240;

const SCN_CODE: u32 = 0x20;
const SCN_INITIALIZED_DATA: u32 = 0x40;
const SCN_DISCARDABLE: u32 = 0x0200_0000;
const SCN_EXECUTE: u32 = 0x2000_0000;
const SCN_READ: u32 = 0x4000_0000;
const SCN_WRITE: u32 = 0x8000_0000;

/// What the PE container needs to know about the ReadyToRun content.
#[derive(Debug)]
pub(crate) struct PeContent {
    /// The ReadyToRun content to place.
    pub layout: Layout,
    /// The new IMAGE_COR20_HEADER (72 bytes).
    pub cor_header: Symbol,
    /// The RUNTIME_FUNCTION table and its size without the sentinel.
    pub exception_table: Option<(Symbol, u32)>,
}

struct SectionOut {
    name: [u8; 8],
    rva: u32,
    /// File offset of the raw data.
    offset: u32,
    virtual_size: u32,
    data: Vec<u8>,
    characteristics: u32,
}

impl SectionOut {
    /// `SizeOfRawData`.
    fn raw_size(&self) -> u32 {
        (self.data.len() as u32).next_multiple_of(FILE_ALIGNMENT)
    }
}

/// Assigns file offsets (and RVAs to new sections) in order, following the
/// rules in the module documentation.
struct Placer {
    /// End of the file so far (a multiple of `FILE_ALIGNMENT`).
    file_end: u32,
    /// Lowest RVA the next section may start at.
    rva_floor: u32,
}

impl Placer {
    fn new(size_of_headers: u32) -> Self {
        Placer {
            file_end: size_of_headers,
            // The mapper maps the headers as one page.
            rva_floor: PAGE,
        }
    }

    /// Places a section whose RVA is fixed; returns its file offset.
    fn fixed(&mut self, rva: u32, virtual_size: u32, raw_size: u32) -> Result<u32, WriteError> {
        if rva < self.rva_floor {
            return Err(WriteError::UnsupportedInput {
                detail: format!("section at RVA {rva:#x} overlaps the previous one's pages"),
            });
        }
        let offset = self.file_end + (rva.wrapping_sub(self.file_end) % PAGE);
        if !offset.is_multiple_of(FILE_ALIGNMENT) {
            return Err(WriteError::UnsupportedInput {
                detail: format!("section at RVA {rva:#x} is not {FILE_ALIGNMENT:#x}-aligned"),
            });
        }
        self.advance(rva, offset, virtual_size, raw_size);
        Ok(offset)
    }

    /// Places a new section; returns its `(rva, file offset)`.
    fn free(&mut self, virtual_size: u32, raw_size: u32) -> (u32, u32) {
        let offset = self.file_end;
        let rva = self.rva_floor + (offset.wrapping_sub(self.rva_floor) % RVA_CONGRUENCE);
        self.advance(rva, offset, virtual_size, raw_size);
        (rva, offset)
    }

    fn advance(&mut self, rva: u32, offset: u32, virtual_size: u32, raw_size: u32) {
        self.file_end = offset + raw_size;
        // The mapper's page-rounded end and PEDecoder's `SectionAlignment`-rounded one.
        self.rva_floor = (rva + raw_size)
            .next_multiple_of(PAGE)
            .max(rva + virtual_size.next_multiple_of(PAGE));
    }
}

fn name(s: &str) -> [u8; 8] {
    let mut n = [0u8; 8];
    n[..s.len()].copy_from_slice(s.as_bytes());
    n
}

/// Writes the image.
pub(crate) fn write(input: &InputImage, content: PeContent) -> Result<Vec<u8>, WriteError> {
    let PeContent {
        mut layout,
        cor_header,
        exception_table,
    } = content;
    let new_kinds: Vec<SectionKind> = SectionKind::ALL
        .into_iter()
        .filter(|&k| layout.len(k) > 0)
        .collect();
    let section_count = input.sections.len() + new_kinds.len() + 1;
    let headers_len = DOS_HEADER_SIZE + 4 + 20 + OPTIONAL_HEADER_SIZE + 40 * section_count;
    let size_of_headers = (headers_len as u32).next_multiple_of(FILE_ALIGNMENT);
    if size_of_headers > PAGE {
        return Err(WriteError::LimitExceeded {
            detail: format!("{section_count} section headers do not fit in the first page"),
        });
    }

    // Place: the input's sections at their RVAs, then the new ones.
    let mut placer = Placer::new(size_of_headers);
    let mut sections = Vec::with_capacity(section_count);
    for s in &input.sections {
        let mut data = s.raw.clone();
        if (data.len() as u32) < s.virtual_size {
            data.resize(s.virtual_size as usize, 0);
        }
        let mut out = SectionOut {
            name: s.name,
            rva: s.virtual_address,
            offset: 0,
            virtual_size: s.virtual_size.max(1),
            data,
            characteristics: s.characteristics,
        };
        out.offset = placer.fixed(out.rva, out.virtual_size, out.raw_size())?;
        sections.push(out);
    }
    let mut base = [0u32; 3];
    let mut offsets = [0u32; 3];
    for &kind in &new_kinds {
        let i = kind_index(kind);
        let len = layout.len(kind);
        (base[i], offsets[i]) = placer.free(len, len.next_multiple_of(FILE_ALIGNMENT));
    }
    let (reloc_rva, reloc_offset) = placer.free(0, 0);
    let base_of = |k: SectionKind| base[kind_index(k)];
    let resolved = layout.resolve(base_of, IMAGE_BASE)?;
    let reloc = base_relocations(&resolved.absolute, sections.first().map_or(PAGE, |s| s.rva));
    let new = [
        (resolved.text, SCN_CODE | SCN_EXECUTE | SCN_READ),
        (resolved.read_only, SCN_INITIALIZED_DATA | SCN_READ),
        (resolved.data, SCN_INITIALIZED_DATA | SCN_READ | SCN_WRITE),
    ];
    for (i, (data, characteristics)) in new.into_iter().enumerate() {
        if !data.is_empty() {
            sections.push(SectionOut {
                name: name(NEW_SECTION_NAMES[i]),
                rva: base[i],
                offset: offsets[i],
                virtual_size: data.len() as u32,
                data,
                characteristics,
            });
        }
    }
    sections.push(SectionOut {
        name: name(".reloc"),
        rva: reloc_rva,
        offset: reloc_offset,
        virtual_size: reloc.len() as u32,
        data: reloc,
        characteristics: SCN_INITIALIZED_DATA | SCN_READ | SCN_DISCARDABLE,
    });
    debug_assert_eq!(sections.len(), section_count);
    patch_debug_directory(input, &mut sections);
    let size_of_image = sections
        .iter()
        .map(|s| (s.rva + s.virtual_size.next_multiple_of(PAGE)).max(s.rva + s.raw_size()))
        .max()
        .unwrap_or(PAGE)
        .next_multiple_of(PAGE);

    // Data directories: the input's resources and debug directory stay, the
    // rest describe the new content.
    let mut dirs = [(0u32, 0u32); 16];
    dirs[dir::RESOURCE] = input.directories[dir::RESOURCE];
    dirs[dir::DEBUG] = input.directories[dir::DEBUG];
    let place_rva = |sym: Symbol| {
        let p = layout.place(sym).expect("symbol defined");
        base_of(p.section) + p.offset
    };
    if let Some((sym, size)) = exception_table {
        dirs[3] = (place_rva(sym), size);
    }
    dirs[5] = (reloc_rva, sections.last().unwrap().virtual_size);
    dirs[dir::CLR] = (place_rva(cor_header), 72);

    // Write: headers, then every section at its file offset.
    let file_len = sections
        .last()
        .map_or(size_of_headers, |s| s.offset + s.raw_size());
    let mut out = Vec::with_capacity(file_len as usize);
    write_headers(
        &mut out,
        input,
        &sections,
        &dirs,
        size_of_image,
        size_of_headers,
    );
    debug_assert_eq!(out.len(), headers_len);
    for s in &sections {
        out.resize(s.offset as usize, 0);
        out.extend_from_slice(&s.data);
        out.resize((s.offset + s.raw_size()) as usize, 0);
    }
    Ok(out)
}

fn kind_index(kind: SectionKind) -> usize {
    SectionKind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(0)
}

#[allow(clippy::too_many_arguments)]
fn write_headers(
    out: &mut Vec<u8>,
    input: &InputImage,
    sections: &[SectionOut],
    dirs: &[(u32, u32); 16],
    size_of_image: u32,
    size_of_headers: u32,
) {
    let w16 = |out: &mut Vec<u8>, v: u16| out.extend_from_slice(&v.to_le_bytes());
    let w32 = |out: &mut Vec<u8>, v: u32| out.extend_from_slice(&v.to_le_bytes());
    let w64 = |out: &mut Vec<u8>, v: u64| out.extend_from_slice(&v.to_le_bytes());

    // DOS header: only e_magic and e_lfanew matter.
    out.extend_from_slice(b"MZ");
    out.resize(0x3c, 0);
    w32(out, DOS_HEADER_SIZE as u32);
    out.resize(DOS_HEADER_SIZE, 0);

    out.extend_from_slice(b"PE\0\0");
    // COFF header.
    w16(out, MACHINE_AMD64_LINUX);
    w16(out, sections.len() as u16);
    w32(out, input.time_date_stamp);
    w32(out, 0);
    w32(out, 0);
    w16(out, OPTIONAL_HEADER_SIZE as u16);
    // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE (| DLL).
    w16(out, 0x0022 | if input.is_dll { 0x2000 } else { 0 });

    // Optional header, PE32+.
    let raw = SectionOut::raw_size;
    let size_of_code: u32 = sections
        .iter()
        .filter(|s| s.characteristics & SCN_CODE != 0)
        .map(raw)
        .sum();
    let size_of_data: u32 = sections
        .iter()
        .filter(|s| s.characteristics & SCN_INITIALIZED_DATA != 0)
        .map(raw)
        .sum();
    let base_of_code = sections
        .iter()
        .find(|s| s.characteristics & SCN_CODE != 0)
        .map_or(0, |s| s.rva);
    w16(out, 0x20b);
    out.extend_from_slice(&[11, 0]);
    w32(out, size_of_code);
    w32(out, size_of_data);
    w32(out, 0);
    w32(out, 0); // AddressOfEntryPoint: none; the managed entry is in the COR header.
    w32(out, base_of_code);
    w64(out, IMAGE_BASE);
    w32(out, PAGE); // SectionAlignment
    w32(out, FILE_ALIGNMENT);
    for v in [4u16, 0, 0, 0, 4, 0] {
        w16(out, v);
    }
    w32(out, 0);
    w32(out, size_of_image);
    w32(out, size_of_headers);
    w32(out, 0);
    w16(out, input.subsystem);
    // DYNAMIC_BASE | NX_COMPAT | TERMINAL_SERVER_AWARE | HIGH_ENTROPY_VA.
    w16(out, 0x8160);
    w64(out, 0x40_0000);
    w64(out, 0x4000);
    w64(out, 0x10_0000);
    w64(out, 0x2000);
    w32(out, 0);
    w32(out, 16);
    for &(rva, size) in dirs {
        w32(out, rva);
        w32(out, size);
    }
    for s in sections {
        out.extend_from_slice(&s.name);
        w32(out, s.virtual_size);
        w32(out, s.rva);
        w32(out, raw(s));
        w32(out, s.offset);
        w32(out, 0);
        w32(out, 0);
        w32(out, 0);
        w32(out, s.characteristics);
    }
}

/// IMAGE_DEBUG_DIRECTORY entries carry a file offset (`PointerToRawData`)
/// besides the RVA (`AddressOfRawData`); sections moved in the file, so it is
/// recomputed from the RVA (0 when the data is not file-backed).
fn patch_debug_directory(input: &InputImage, sections: &mut [SectionOut]) {
    let (rva, size) = input.directories[dir::DEBUG];
    if rva == 0 {
        return;
    }
    let file_offset = |sections: &[SectionOut], addr: u32| {
        sections.iter().find_map(|s| {
            let delta = addr.checked_sub(s.rva)?;
            (delta < s.raw_size()).then_some(s.offset + delta)
        })
    };
    for i in 0..sections.len() {
        let Some(start) = rva.checked_sub(sections[i].rva) else {
            continue;
        };
        let start = start as usize;
        if start + size as usize > sections[i].data.len() {
            continue;
        }
        for entry in (start..start + size as usize).step_by(28) {
            if entry + 28 > start + size as usize {
                break;
            }
            let data = &sections[i].data;
            let addr = u32::from_le_bytes(data[entry + 20..entry + 24].try_into().unwrap());
            if addr != 0 {
                let offset = file_offset(sections, addr).unwrap_or(0);
                sections[i].data[entry + 24..entry + 28].copy_from_slice(&offset.to_le_bytes());
            }
        }
    }
}

/// `.reloc` contents: one IMAGE_BASE_RELOCATION block per 4 KB page, DIR64
/// entries, padded to a multiple of 4 bytes with ABSOLUTE entries.
///
/// The runtime's `ApplyBaseRelocations` looks up the section of every entry,
/// ABSOLUTE ones included, and expects blocks to hold at least one entry: an
/// image without absolute pointers gets one block of ABSOLUTE entries at
/// `fallback_page` (an RVA inside a section) — an empty block or one at RVA 0
/// crashes the .NET 8 loader (verified on 8.0.4).
fn base_relocations(absolute: &[u32], fallback_page: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < absolute.len() {
        let page = absolute[i] & !(PAGE - 1);
        let mut entries: Vec<u16> = Vec::new();
        while i < absolute.len() && absolute[i] & !(PAGE - 1) == page {
            entries.push((10 << 12) | (absolute[i] & (PAGE - 1)) as u16);
            i += 1;
        }
        if entries.len() % 2 == 1 {
            entries.push(0);
        }
        out.extend_from_slice(&page.to_le_bytes());
        out.extend_from_slice(&(8 + 2 * entries.len() as u32).to_le_bytes());
        for e in entries {
            out.extend_from_slice(&e.to_le_bytes());
        }
    }
    if out.is_empty() {
        out.extend_from_slice(&(fallback_page & !(PAGE - 1)).to_le_bytes());
        out.extend_from_slice(&12u32.to_le_bytes());
        out.extend_from_slice(&[0; 4]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_relocations_group_by_page_and_pad() {
        let r = base_relocations(&[0x3008, 0x3010, 0x5000], 0x8000);
        assert_eq!(
            r,
            vec![
                0x00, 0x30, 0, 0, 12, 0, 0, 0, 0x08, 0xA0, 0x10, 0xA0, //
                0x00, 0x50, 0, 0, 12, 0, 0, 0, 0x00, 0xA0, 0, 0,
            ]
        );
        assert_eq!(
            base_relocations(&[], 0x8000),
            vec![0x00, 0x80, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0]
        );
    }
}
