//! Placing an image: the input's sections at their RVAs and the
//! ReadyToRun [`Layout`]'s sections after them, every relocation resolved —
//! the part of writing an image that PE and ELF containers share (both are
//! mapped segment by segment with `file offset ≡ address (mod page)`).
//!
//! Rules (checked against `MAPMapPEFile`, pal/src/map/map.cpp,
//! `PEDecoder::CheckNTHeaders`/`CheckSection`, utilcode/pedecoder.cpp, and
//! crossgen2's `R2RPEBuilder.cs`; ELF's `PT_LOAD` rules are the same):
//!
//! * Sections follow each other in RVA order *and* file order, file offsets
//!   and raw sizes are multiples of [`FILE_ALIGNMENT`], and every section's
//!   `RVA mod page == file offset mod page`. No two sections share a page.
//! * The input's sections keep their RVAs (the metadata's RVAs stay valid),
//!   each at the next file offset congruent to its RVA. The new sections are
//!   packed at the next 0x200 boundary of the file and given the first free
//!   RVA whose low 16 bits equal their file offset's — crossgen2's rule,
//!   which also holds for 64 KB pages.
//! * One trailing section is left for the container (`.reloc` for PE, the
//!   dynamic-linking tables for ELF) at [`Placed::trailer`].

use crate::error::WriteError;
use crate::input::InputImage;
use crate::layout::{Layout, SectionKind, Symbol};

/// File alignment of section data.
pub const FILE_ALIGNMENT: u32 = 0x200;
/// The page size the loaders map with.
pub const PAGE: u32 = 0x1000;
/// New sections get `RVA mod RVA_CONGRUENCE == file offset mod RVA_CONGRUENCE`
/// (crossgen2's choice for Unix: valid for pages up to 64 KB).
const RVA_CONGRUENCE: u32 = 0x1_0000;

/// Names of the sections kiln adds, by [`SectionKind`].
pub const NEW_SECTION_NAMES: [&str; 3] = [".r2rcode", ".r2rro", ".r2rrw"];

/// `IMAGE_SCN_CNT_CODE`: the section holds code.
pub const SCN_CODE: u32 = 0x20;
/// `IMAGE_SCN_CNT_INITIALIZED_DATA`.
pub const SCN_INITIALIZED_DATA: u32 = 0x40;
/// `IMAGE_SCN_MEM_DISCARDABLE`.
pub const SCN_DISCARDABLE: u32 = 0x0200_0000;
/// `IMAGE_SCN_MEM_EXECUTE`.
pub const SCN_EXECUTE: u32 = 0x2000_0000;
/// `IMAGE_SCN_MEM_READ`.
pub const SCN_READ: u32 = 0x4000_0000;
/// `IMAGE_SCN_MEM_WRITE`.
pub const SCN_WRITE: u32 = 0x8000_0000;

/// What a container needs to know about the ReadyToRun content.
#[derive(Debug)]
pub(crate) struct ImageContent {
    /// The ReadyToRun content to place.
    pub layout: Layout,
    /// The new IMAGE_COR20_HEADER (72 bytes).
    pub cor_header: Symbol,
    /// The RUNTIME_FUNCTION table and its size without the sentinel.
    pub exception_table: Option<(Symbol, u32)>,
}

/// One section of a placed image: the input's sections at their RVAs, then
/// kiln's ([`NEW_SECTION_NAMES`]), in RVA and file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacedSection {
    /// The PE section name (NUL-padded).
    pub name: [u8; 8],
    /// Address relative to the image base.
    pub rva: u32,
    /// File offset of the raw data (`rva ≡ offset` modulo the page size).
    pub offset: u32,
    /// Size in memory (at least 1).
    pub virtual_size: u32,
    /// The bytes, relocations applied.
    pub data: Vec<u8>,
    /// PE `IMAGE_SCN_*` flags ([`SCN_CODE`], [`SCN_READ`], [`SCN_WRITE`],
    /// …), which also give other containers their page protections.
    pub characteristics: u32,
}

impl PlacedSection {
    /// The raw data's size in the file: `data` rounded up to
    /// [`FILE_ALIGNMENT`] (PE's `SizeOfRawData`).
    pub fn raw_size(&self) -> u32 {
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

pub(crate) fn name(s: &str) -> [u8; 8] {
    let mut n = [0u8; 8];
    n[..s.len()].copy_from_slice(s.as_bytes());
    n
}

/// The PE headers of the input a container may carry over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputHeaders {
    /// `IMAGE_FILE_DLL` was set.
    pub is_dll: bool,
    /// The COFF `TimeDateStamp`.
    pub time_date_stamp: u32,
    /// The optional header's `Subsystem`.
    pub subsystem: u16,
    /// The 16 data directories `(rva, size)` (indexes as in PE: 2 resources,
    /// 6 debug, 14 CLI header).
    pub directories: [(u32, u32); 16],
}

/// A placed image: every section with its RVA, file offset and final
/// bytes, what a [`crate::container::Container`] wraps in its headers.
#[derive(Clone, Debug)]
pub struct PlacedImage {
    /// Headers of the input image.
    pub input: InputHeaders,
    /// The sections in RVA (and file) order.
    pub sections: Vec<PlacedSection>,
    /// `(rva, file offset)` left for the container's own trailing section
    /// (`.reloc` for PE, the dynamic-linking tables for ELF).
    pub trailer: (u32, u32),
    /// Image-relative addresses of the 64-bit absolute fields.
    pub absolute: Vec<u32>,
    /// Size of the headers region (a multiple of [`FILE_ALIGNMENT`]).
    pub size_of_headers: u32,
    /// RVA of the new CLI header.
    pub cor_header: u32,
    /// RVA and size of the RUNTIME_FUNCTION table (sentinel excluded).
    pub exception_table: Option<(u32, u32)>,
}

impl PlacedImage {
    /// The little-endian `u32` at `rva`, if a section holds it.
    pub fn u32_at(&self, rva: u32) -> Option<u32> {
        self.sections.iter().find_map(|s| {
            let at = rva.checked_sub(s.rva)? as usize;
            let b = s.data.get(at..at + 4)?;
            Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        })
    }

    /// RVA and size of the READYTORUN_HEADER (the CLI header's
    /// `ManagedNativeHeader`).
    pub fn r2r_header(&self) -> (u32, u32) {
        (
            self.u32_at(self.cor_header + 64).unwrap_or(0),
            self.u32_at(self.cor_header + 68).unwrap_or(0),
        )
    }
}

/// Places `input`'s sections and `content`, resolving relocations against
/// `image_base`. `headers_len(n)` is the size of the container's headers for
/// `n` sections (the input's, the new ones and the trailer); they must fit
/// in the first page.
///
/// # Errors
/// [`WriteError::LimitExceeded`] if the headers outgrow the first page or a
/// relocation its field; [`WriteError::UnsupportedInput`] if an input
/// section cannot keep its RVA.
pub(crate) fn place(
    input: &InputImage,
    content: ImageContent,
    image_base: u64,
    headers_len: impl Fn(usize) -> usize,
) -> Result<PlacedImage, WriteError> {
    let ImageContent {
        mut layout,
        cor_header,
        exception_table,
    } = content;
    let new_kinds: Vec<SectionKind> = SectionKind::ALL
        .into_iter()
        .filter(|&k| layout.len(k) > 0)
        .collect();
    let section_count = input.sections.len() + new_kinds.len() + 1;
    let size_of_headers = (headers_len(section_count) as u32).next_multiple_of(FILE_ALIGNMENT);
    if size_of_headers > PAGE {
        return Err(WriteError::LimitExceeded {
            detail: format!("{section_count} section headers do not fit in the first page"),
        });
    }
    let mut placer = Placer::new(size_of_headers);
    let mut sections = Vec::with_capacity(section_count);
    for s in &input.sections {
        let mut data = s.raw.clone();
        if (data.len() as u32) < s.virtual_size {
            data.resize(s.virtual_size as usize, 0);
        }
        let mut out = PlacedSection {
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
    let trailer = placer.free(0, 0);
    let base_of = |k: SectionKind| base[kind_index(k)];
    let resolved = layout.resolve(base_of, image_base)?;
    let new = [
        (resolved.text, SCN_CODE | SCN_EXECUTE | SCN_READ),
        (resolved.read_only, SCN_INITIALIZED_DATA | SCN_READ),
        (resolved.data, SCN_INITIALIZED_DATA | SCN_READ | SCN_WRITE),
    ];
    for (i, (data, characteristics)) in new.into_iter().enumerate() {
        if !data.is_empty() {
            sections.push(PlacedSection {
                name: name(NEW_SECTION_NAMES[i]),
                rva: base[i],
                offset: offsets[i],
                virtual_size: data.len() as u32,
                data,
                characteristics,
            });
        }
    }
    let place_rva = |sym: Symbol| {
        let p = layout.place(sym).expect("symbol defined");
        base_of(p.section) + p.offset
    };
    Ok(PlacedImage {
        input: InputHeaders {
            is_dll: input.is_dll,
            time_date_stamp: input.time_date_stamp,
            subsystem: input.subsystem,
            directories: input.directories,
        },
        sections,
        trailer,
        absolute: resolved.absolute,
        size_of_headers,
        cor_header: place_rva(cor_header),
        exception_table: exception_table.map(|(sym, size)| (place_rva(sym), size)),
    })
}

fn kind_index(kind: SectionKind) -> usize {
    SectionKind::ALL
        .iter()
        .position(|&k| k == kind)
        .unwrap_or(0)
}
