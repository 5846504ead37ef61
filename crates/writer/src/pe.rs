//! The PE32+ container: the placed image (see [`crate::place`]) with PE
//! headers, a `.reloc` section and the data directories, as the .NET
//! runtime's Linux loader maps it.
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

use crate::container::Container;
use crate::error::WriteError;
use crate::input::dir;
use crate::place::{
    InputHeaders, PlacedImage, PlacedSection, FILE_ALIGNMENT, PAGE, SCN_CODE, SCN_DISCARDABLE,
    SCN_INITIALIZED_DATA, SCN_READ,
};
use target_lexicon::{Architecture, OperatingSystem, Triple};

/// `IMAGE_FILE_MACHINE_AMD64` XOR the Linux ReadyToRun machine override
/// (`IMAGE_FILE_MACHINE_NATIVE_OS_OVERRIDE`, pedecoder.h).
pub const MACHINE_AMD64_LINUX: u16 = 0x8664 ^ 0x7B79;

/// Preferred load address of 64-bit R2R images (crossgen2's choice).
pub const IMAGE_BASE: u64 = 0x1_8000_0000;

const DOS_HEADER_SIZE: usize = 0x80;
const OPTIONAL_HEADER_SIZE: usize = 240;

/// The PE32+ container (`--obj-format pe`): what the .NET runtime loads on
/// linux-x64.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Pe;

impl Container for Pe {
    fn name(&self) -> &str {
        "pe"
    }

    fn description(&self) -> &str {
        "PE32+ image, what the .NET runtime loads"
    }

    /// linux-x64 only: the COFF `Machine` is AMD64 with the Linux override,
    /// and the writer's delay-load thunks are x64 code.
    fn supports(&self, target: &Triple) -> bool {
        target.architecture == Architecture::X86_64
            && target.operating_system == OperatingSystem::Linux
    }

    fn image_base(&self) -> u64 {
        IMAGE_BASE
    }

    fn headers_len(&self, section_count: usize) -> usize {
        DOS_HEADER_SIZE + 4 + 20 + OPTIONAL_HEADER_SIZE + 40 * section_count
    }

    fn write(&self, image: PlacedImage) -> Result<Vec<u8>, WriteError> {
        write(image)
    }
}

/// Writes the image.
fn write(mut placed: PlacedImage) -> Result<Vec<u8>, WriteError> {
    let headers_len = |n: usize| Pe.headers_len(n);
    let mut sections = std::mem::take(&mut placed.sections);
    let input = &placed.input;
    let (reloc_rva, reloc_offset) = placed.trailer;
    let reloc = base_relocations(&placed.absolute, sections.first().map_or(PAGE, |s| s.rva));
    sections.push(PlacedSection {
        name: crate::place::name(".reloc"),
        rva: reloc_rva,
        offset: reloc_offset,
        virtual_size: reloc.len() as u32,
        data: reloc,
        characteristics: SCN_INITIALIZED_DATA | SCN_READ | SCN_DISCARDABLE,
    });
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
    if let Some(table) = placed.exception_table {
        dirs[3] = table;
    }
    dirs[5] = (reloc_rva, sections.last().unwrap().virtual_size);
    dirs[dir::CLR] = (placed.cor_header, 72);

    // Write: headers, then every section at its file offset.
    let size_of_headers = placed.size_of_headers;
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
    debug_assert_eq!(out.len(), headers_len(sections.len()));
    for s in &sections {
        out.resize(s.offset as usize, 0);
        out.extend_from_slice(&s.data);
        out.resize((s.offset + s.raw_size()) as usize, 0);
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn write_headers(
    out: &mut Vec<u8>,
    input: &InputHeaders,
    sections: &[PlacedSection],
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
    let raw = PlacedSection::raw_size;
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
fn patch_debug_directory(input: &InputHeaders, sections: &mut [PlacedSection]) {
    let (rva, size) = input.directories[dir::DEBUG];
    if rva == 0 {
        return;
    }
    let file_offset = |sections: &[PlacedSection], addr: u32| {
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
