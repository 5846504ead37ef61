//! Reading the input CLI image: just enough of the PE headers (ECMA-335
//! §II.25) to keep its sections whole and to copy its CLI header.
//!
//! The writer keeps every section of the input (except its base relocations)
//! at its original RVA, so every RVA stored inside the metadata (MethodDef
//! IL bodies, FieldRVA data, managed resources, the debug directory) stays
//! valid without rewriting the metadata.

use crate::error::{malformed, WriteError};

/// `IMAGE_DIRECTORY_ENTRY_*` indices used here.
pub(crate) mod dir {
    pub const RESOURCE: usize = 2;
    pub const DEBUG: usize = 6;
    pub const CLR: usize = 14;
}

/// COMIMAGE_FLAGS_* (ECMA-335 §II.25.3.3.1, corhdr.h).
pub(crate) mod cor_flags {
    pub const ILONLY: u32 = 0x1;
    pub const BIT32_REQUIRED: u32 = 0x2;
    pub const IL_LIBRARY: u32 = 0x4;
    pub const NATIVE_ENTRYPOINT: u32 = 0x10;
}

/// One section of the input image.
#[derive(Clone, Debug)]
pub(crate) struct InputSection {
    pub name: [u8; 8],
    pub virtual_address: u32,
    pub virtual_size: u32,
    /// The section's bytes as stored in the file (`SizeOfRawData` bytes).
    pub raw: Vec<u8>,
    pub characteristics: u32,
}

/// The parts of an input CLI image the writer uses.
#[derive(Clone, Debug)]
pub(crate) struct InputImage {
    /// COFF `Machine` of the input (0x14c for AnyCPU IL, 0x8664 for x64).
    pub machine: u16,
    pub is_dll: bool,
    pub time_date_stamp: u32,
    pub subsystem: u16,
    /// Data directories, `(rva, size)`, always 16 entries.
    pub directories: [(u32, u32); 16],
    /// Sections other than `.reloc`, in RVA order.
    pub sections: Vec<InputSection>,
    /// The 72-byte IMAGE_COR20_HEADER.
    pub cor_header: [u8; 72],
    pub cor_flags: u32,
}

fn u16_at(b: &[u8], off: usize, what: &'static str) -> Result<u16, WriteError> {
    b.get(off..off + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]))
        .ok_or_else(|| malformed(what, off as u64, "file ends early"))
}

fn u32_at(b: &[u8], off: usize, what: &'static str) -> Result<u32, WriteError> {
    b.get(off..off + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| malformed(what, off as u64, "file ends early"))
}

impl InputImage {
    /// Parses `bytes` as an IL-only CLI image.
    pub(crate) fn parse(bytes: &[u8]) -> Result<Self, WriteError> {
        if bytes.get(0..2) != Some(b"MZ") {
            return Err(malformed("DOS header", 0, "no MZ signature"));
        }
        let pe = u32_at(bytes, 0x3c, "DOS header e_lfanew")? as usize;
        if bytes.get(pe..pe + 4) != Some(b"PE\0\0") {
            return Err(malformed(
                "PE signature",
                pe as u64,
                "no PE\\0\\0 signature",
            ));
        }
        let coff = pe + 4;
        let machine = u16_at(bytes, coff, "COFF header")?;
        let num_sections = u16_at(bytes, coff + 2, "COFF header")? as usize;
        let time_date_stamp = u32_at(bytes, coff + 4, "COFF header")?;
        let opt_size = u16_at(bytes, coff + 16, "COFF header")? as usize;
        let characteristics = u16_at(bytes, coff + 18, "COFF header")?;
        let opt = coff + 20;
        let magic = u16_at(bytes, opt, "optional header")?;
        // PE32 (0x10b) and PE32+ (0x20b) differ by the width of ImageBase and
        // the stack/heap sizes, and PE32's BaseOfData.
        let (dir_count_off, dirs_off) = match magic {
            0x10b => (opt + 92, opt + 96),
            0x20b => (opt + 108, opt + 112),
            _ => {
                return Err(malformed(
                    "optional header",
                    opt as u64,
                    format!("unknown magic {magic:#x}"),
                ))
            }
        };
        if machine != 0x14c
            && machine != 0x8664
            && !kiln_runtime_abi::r2r::is_amd64_r2r_machine(machine)
        {
            return Err(WriteError::UnsupportedInput {
                detail: format!(
                    "machine {machine:#x}: only IL-only AnyCPU (0x14c) or x64 (0x8664) inputs are accepted"
                ),
            });
        }
        let subsystem = u16_at(bytes, opt + 68, "optional header")?;
        let dir_count = u32_at(bytes, dir_count_off, "optional header")? as usize;
        let mut directories = [(0u32, 0u32); 16];
        for (i, d) in directories.iter_mut().enumerate().take(dir_count.min(16)) {
            let o = dirs_off + 8 * i;
            if o + 8 > opt + opt_size {
                break;
            }
            *d = (
                u32_at(bytes, o, "data directories")?,
                u32_at(bytes, o + 4, "data directories")?,
            );
        }
        let sh = opt + opt_size;
        let mut sections = Vec::with_capacity(num_sections);
        for i in 0..num_sections {
            let s = sh + 40 * i;
            let header = bytes
                .get(s..s + 40)
                .ok_or_else(|| malformed("section table", s as u64, "file ends early"))?;
            let mut name = [0u8; 8];
            name.copy_from_slice(&header[0..8]);
            let virtual_size = u32_at(bytes, s + 8, "section table")?;
            let virtual_address = u32_at(bytes, s + 12, "section table")?;
            let raw_size = u32_at(bytes, s + 16, "section table")? as usize;
            let raw_ptr = u32_at(bytes, s + 20, "section table")? as usize;
            let chars = u32_at(bytes, s + 36, "section table")?;
            let raw = bytes
                .get(raw_ptr..raw_ptr + raw_size)
                .ok_or_else(|| {
                    malformed(
                        "section data",
                        raw_ptr as u64,
                        format!("section {i} extends past the end of the file"),
                    )
                })?
                .to_vec();
            sections.push(InputSection {
                name,
                virtual_address,
                virtual_size,
                raw,
                characteristics: chars,
            });
        }
        sections.sort_by_key(|s| s.virtual_address);
        let base_reloc = directories[5];
        // The input's base relocations only cover its native entry stub,
        // which the output does not keep; a section holding nothing else is
        // dropped.
        sections.retain(|s| !(base_reloc.0 != 0 && s.virtual_address == base_reloc.0));

        let mut image = InputImage {
            machine,
            is_dll: characteristics & 0x2000 != 0,
            time_date_stamp,
            subsystem,
            directories,
            sections,
            cor_header: [0; 72],
            cor_flags: 0,
        };
        let (cor_rva, cor_size) = image.directories[dir::CLR];
        if cor_rva == 0 || cor_size < 72 {
            return Err(WriteError::UnsupportedInput {
                detail: "not a CLI image (no CLI header)".into(),
            });
        }
        let cor: [u8; 72] = image
            .read_rva(cor_rva, 72)
            .and_then(|c| c.try_into().ok())
            .ok_or_else(|| malformed("CLI header", cor_rva as u64, "RVA not inside a section"))?;
        image.cor_header = cor;
        let cor_flags = u32::from_le_bytes(image.cor_header[16..20].try_into().unwrap());
        image.cor_flags = cor_flags;
        let managed_native = u32::from_le_bytes(image.cor_header[64..68].try_into().unwrap());
        if managed_native != 0 && cor_flags & cor_flags::IL_LIBRARY != 0 {
            // A ReadyToRun image (crossgen2's or kiln's): recompile its IL.
            crate::strip::strip(&mut image, bytes)?;
        } else if managed_native != 0 || cor_flags & cor_flags::ILONLY == 0 {
            return Err(WriteError::UnsupportedInput {
                detail: "the input is not IL-only (mixed-mode code)".into(),
            });
        }
        if image.cor_flags & (cor_flags::BIT32_REQUIRED | cor_flags::NATIVE_ENTRYPOINT) != 0 {
            return Err(WriteError::UnsupportedInput {
                detail: format!(
                    "CLI flags {:#x} require a 32-bit or native entry point",
                    image.cor_flags
                ),
            });
        }
        image.check_layout()?;
        Ok(image)
    }

    /// Bytes at `rva`, if all `len` of them lie inside one section's raw data.
    pub(crate) fn read_rva(&self, rva: u32, len: usize) -> Option<&[u8]> {
        self.sections.iter().find_map(|s| {
            let start = rva.checked_sub(s.virtual_address)? as usize;
            s.raw.get(start..start + len)
        })
    }

    /// The kept sections must be mappable at their RVAs by the Linux PE
    /// mapper (`MAPMapPEFile`, pal/src/map/map.cpp): starts aligned to the
    /// file alignment (so a file offset equal to the RVA modulo the page can
    /// be chosen) and no two sections sharing a page.
    fn check_layout(&self) -> Result<(), WriteError> {
        let mut prev_end = 0x1000u64;
        for s in &self.sections {
            let va = s.virtual_address as u64;
            if !va.is_multiple_of(0x200) || va < prev_end {
                return Err(WriteError::UnsupportedInput {
                    detail: format!(
                        "section at RVA {va:#x} is not 0x200-aligned or shares a page with the previous one; \
                         its RVA cannot be kept"
                    ),
                });
            }
            let size = (s.raw.len() as u64).max(s.virtual_size as u64);
            prev_end = (va + size).div_ceil(0x1000) * 0x1000;
        }
        Ok(())
    }
}
