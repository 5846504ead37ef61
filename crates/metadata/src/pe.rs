//! PE/COFF container: DOS stub, COFF and optional headers (PE32 and PE32+),
//! section table, data directories, the CLI (COR) header, and RVA → file
//! offset mapping.
//!
//! Specification: ECMA-335 II.25 (File format extensions to PE) and the
//! Microsoft PE/COFF specification. ReadyToRun images are ordinary PE32+
//! files whose COR header `ManagedNativeHeader` directory points at the
//! `READYTORUN_HEADER` (dotnet/runtime `src/coreclr/inc/readytorun.h`); on
//! Linux their `Machine` is 0x8664 XOR an OS constant (0xFD1D for Linux).

use crate::bytes::{u16_at, u32_at, u64_at};
use crate::error::{MetadataError, Result};

/// An `IMAGE_DATA_DIRECTORY`: an RVA and a size.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct DataDirectory {
    /// Relative virtual address (0 when absent).
    pub rva: u32,
    /// Size in bytes.
    pub size: u32,
}

impl DataDirectory {
    /// True when the directory is absent (RVA 0).
    pub fn is_empty(&self) -> bool {
        self.rva == 0
    }
}

/// Index of well-known optional-header data directories.
pub mod directory {
    /// Export table.
    pub const EXPORT: usize = 0;
    /// Import table.
    pub const IMPORT: usize = 1;
    /// Resource table.
    pub const RESOURCE: usize = 2;
    /// Exception table (x64 `RUNTIME_FUNCTION`s in R2R images).
    pub const EXCEPTION: usize = 3;
    /// Certificate table.
    pub const SECURITY: usize = 4;
    /// Base relocation table.
    pub const BASE_RELOC: usize = 5;
    /// Debug directory.
    pub const DEBUG: usize = 6;
    /// Import address table.
    pub const IAT: usize = 12;
    /// CLI header (COR20 header).
    pub const CLI_HEADER: usize = 14;
}

/// One section header (`IMAGE_SECTION_HEADER`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SectionHeader {
    /// Name, NUL-padded to 8 bytes.
    pub name: [u8; 8],
    /// `VirtualSize`.
    pub virtual_size: u32,
    /// `VirtualAddress` (RVA of the section).
    pub virtual_address: u32,
    /// `SizeOfRawData`.
    pub size_of_raw_data: u32,
    /// `PointerToRawData` (file offset).
    pub pointer_to_raw_data: u32,
    /// `Characteristics`.
    pub characteristics: u32,
}

impl SectionHeader {
    /// The section name as text (up to the first NUL).
    pub fn name_str(&self) -> &str {
        let end = self.name.iter().position(|&b| b == 0).unwrap_or(8);
        std::str::from_utf8(&self.name[..end]).unwrap_or("")
    }

    /// Mapped size: `VirtualSize`, or `SizeOfRawData` when that is 0.
    pub fn mapped_size(&self) -> u32 {
        if self.virtual_size == 0 {
            self.size_of_raw_data
        } else {
            self.virtual_size
        }
    }
}

/// The CLI header (`IMAGE_COR20_HEADER`, ECMA-335 II.25.3.3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CorHeader {
    /// `cb`: size of the header (72).
    pub cb: u32,
    /// `MajorRuntimeVersion`.
    pub major_runtime_version: u16,
    /// `MinorRuntimeVersion`.
    pub minor_runtime_version: u16,
    /// Physical metadata (the metadata root).
    pub metadata: DataDirectory,
    /// Runtime flags (`COMIMAGE_FLAGS_*`).
    pub flags: u32,
    /// Entry point token (or RVA with `NATIVE_ENTRYPOINT`).
    pub entry_point_token: u32,
    /// Managed resources.
    pub resources: DataDirectory,
    /// Strong name signature.
    pub strong_name_signature: DataDirectory,
    /// Code manager table (always 0).
    pub code_manager_table: DataDirectory,
    /// VTable fixups.
    pub vtable_fixups: DataDirectory,
    /// Export address table jumps.
    pub export_address_table_jumps: DataDirectory,
    /// Managed native header: the `READYTORUN_HEADER` in R2R images.
    pub managed_native_header: DataDirectory,
}

/// `COMIMAGE_FLAGS_*` values of [`CorHeader::flags`].
pub mod cor_flags {
    /// Image contains only IL.
    pub const ILONLY: u32 = 0x1;
    /// 32-bit required.
    pub const REQUIRES_32BIT: u32 = 0x2;
    /// IL library (set by crossgen2 on R2R images).
    pub const IL_LIBRARY: u32 = 0x4;
    /// Strong-name signed.
    pub const STRONGNAMESIGNED: u32 = 0x8;
    /// Entry point is a native RVA.
    pub const NATIVE_ENTRYPOINT: u32 = 0x10;
    /// Track debug data.
    pub const TRACKDEBUGDATA: u32 = 0x10000;
    /// 32-bit preferred.
    pub const PREFERS_32BIT: u32 = 0x20000;
}

/// The `READYTORUN_HEADER` signature, `'RTR'`.
pub const READYTORUN_SIGNATURE: u32 = 0x0052_5452;

/// Parsed PE headers; offsets refer to the file bytes they were parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeHeaders {
    /// `e_lfanew`: file offset of the `PE\0\0` signature.
    pub pe_offset: u32,
    /// COFF `Machine`.
    pub machine: u16,
    /// COFF `TimeDateStamp`.
    pub time_date_stamp: u32,
    /// COFF `Characteristics`.
    pub characteristics: u16,
    /// True for PE32+ (optional-header magic 0x20b).
    pub is_pe32_plus: bool,
    /// `ImageBase`.
    pub image_base: u64,
    /// `AddressOfEntryPoint`.
    pub address_of_entry_point: u32,
    /// `SectionAlignment`.
    pub section_alignment: u32,
    /// `FileAlignment`.
    pub file_alignment: u32,
    /// `SizeOfImage`.
    pub size_of_image: u32,
    /// `SizeOfHeaders`.
    pub size_of_headers: u32,
    /// `Subsystem`.
    pub subsystem: u16,
    /// `DllCharacteristics`.
    pub dll_characteristics: u16,
    /// File offset of the optional header.
    pub optional_header_offset: u32,
    /// File offset of the first section header.
    pub section_table_offset: u32,
    /// Data directories (as many as `NumberOfRvaAndSizes`, at most 16).
    pub data_directories: Vec<DataDirectory>,
    /// Section headers in file order.
    pub sections: Vec<SectionHeader>,
    /// Length of the file the headers were parsed from.
    pub file_len: usize,
}

fn trunc(what: &'static str, offset: usize, needed: usize, available: usize) -> MetadataError {
    MetadataError::Truncated {
        what,
        offset: offset as u64,
        needed: needed as u64,
        available: available as u64,
    }
}

impl PeHeaders {
    /// Parses the DOS, COFF and optional headers and the section table.
    ///
    /// # Errors
    /// [`MetadataError::Truncated`] or [`MetadataError::BadHeader`] naming the field.
    pub fn parse(data: &[u8]) -> Result<Self> {
        let n = data.len();
        if u16_at(data, 0).ok_or_else(|| trunc("DOS header", 0, 64, n))? != 0x5A4D {
            return Err(MetadataError::BadHeader {
                what: "DOS signature",
                offset: 0,
                value: u16_at(data, 0).unwrap_or(0) as u64,
            });
        }
        let pe_offset = u32_at(data, 0x3C).ok_or_else(|| trunc("DOS header", 0, 64, n))?;
        let pe = pe_offset as usize;
        let sig = u32_at(data, pe).ok_or_else(|| trunc("PE signature", pe, 4, n))?;
        if sig != 0x0000_4550 {
            return Err(MetadataError::BadHeader {
                what: "PE signature",
                offset: pe as u64,
                value: sig as u64,
            });
        }
        let coff = pe + 4;
        if data.len() < coff + 20 {
            return Err(trunc("COFF header", coff, 20, n));
        }
        let machine = u16_at(data, coff).unwrap_or(0);
        let num_sections = u16_at(data, coff + 2).unwrap_or(0) as usize;
        let time_date_stamp = u32_at(data, coff + 4).unwrap_or(0);
        let size_opt = u16_at(data, coff + 16).unwrap_or(0) as usize;
        let characteristics = u16_at(data, coff + 18).unwrap_or(0);
        let opt = coff + 20;
        if data.len() < opt + size_opt || size_opt < 2 {
            return Err(trunc("optional header", opt, size_opt.max(2), n));
        }
        let od = &data[opt..opt + size_opt];
        let magic = u16_at(od, 0).unwrap_or(0);
        let is_pe32_plus = match magic {
            0x10b => false,
            0x20b => true,
            _ => {
                return Err(MetadataError::BadHeader {
                    what: "optional header magic",
                    offset: opt as u64,
                    value: magic as u64,
                })
            }
        };
        let need = if is_pe32_plus { 112 } else { 96 };
        if od.len() < need {
            return Err(trunc("optional header", opt, need, n));
        }
        let image_base = if is_pe32_plus {
            u64_at(od, 24).unwrap_or(0)
        } else {
            u32_at(od, 28).unwrap_or(0) as u64
        };
        let (count_off, dir_off) = if is_pe32_plus { (108, 112) } else { (92, 96) };
        let count = (u32_at(od, count_off).unwrap_or(0) as usize).min(16);
        let mut data_directories = Vec::with_capacity(count);
        for i in 0..count {
            let o = dir_off + i * 8;
            match (u32_at(od, o), u32_at(od, o + 4)) {
                (Some(rva), Some(size)) => data_directories.push(DataDirectory { rva, size }),
                _ => break,
            }
        }
        let st = opt + size_opt;
        let mut sections = Vec::with_capacity(num_sections);
        for i in 0..num_sections {
            let o = st + i * 40;
            let h = data
                .get(o..o + 40)
                .ok_or_else(|| trunc("section table", o, 40, n))?;
            let mut name = [0u8; 8];
            name.copy_from_slice(&h[..8]);
            sections.push(SectionHeader {
                name,
                virtual_size: u32_at(h, 8).unwrap_or(0),
                virtual_address: u32_at(h, 12).unwrap_or(0),
                size_of_raw_data: u32_at(h, 16).unwrap_or(0),
                pointer_to_raw_data: u32_at(h, 20).unwrap_or(0),
                characteristics: u32_at(h, 36).unwrap_or(0),
            });
        }
        Ok(PeHeaders {
            pe_offset,
            machine,
            time_date_stamp,
            characteristics,
            is_pe32_plus,
            image_base,
            address_of_entry_point: u32_at(od, 16).unwrap_or(0),
            section_alignment: u32_at(od, 32).unwrap_or(0),
            file_alignment: u32_at(od, 36).unwrap_or(0),
            size_of_image: u32_at(od, 56).unwrap_or(0),
            size_of_headers: u32_at(od, 60).unwrap_or(0),
            subsystem: u16_at(od, 68).unwrap_or(0),
            dll_characteristics: u16_at(od, 70).unwrap_or(0),
            optional_header_offset: opt as u32,
            section_table_offset: st as u32,
            data_directories,
            sections,
            file_len: data.len(),
        })
    }

    /// The data directory at `index` (absent ones read as empty).
    pub fn data_directory(&self, index: usize) -> DataDirectory {
        self.data_directories
            .get(index)
            .copied()
            .unwrap_or_default()
    }

    /// Maps an RVA to a file offset, requiring `len` bytes of file-backed
    /// data there (zero-fill beyond `SizeOfRawData` is not file-backed).
    pub fn rva_to_offset(&self, rva: u32, len: u32) -> Option<usize> {
        let off = self.rva_to_offset_unchecked(rva, len)?;
        (off.checked_add(len as usize)? <= self.file_len).then_some(off)
    }

    fn rva_to_offset_unchecked(&self, rva: u32, len: u32) -> Option<usize> {
        let end = rva.checked_add(len)?;
        if end <= self.size_of_headers
            && !self.sections.iter().any(|s| {
                s.virtual_address <= rva && rva < s.virtual_address.saturating_add(s.mapped_size())
            })
        {
            return Some(rva as usize);
        }
        for s in &self.sections {
            let start = s.virtual_address;
            let raw = s
                .size_of_raw_data
                .min(s.mapped_size().max(s.size_of_raw_data));
            if rva >= start && end <= start.checked_add(raw)? {
                return Some(s.pointer_to_raw_data as usize + (rva - start) as usize);
            }
        }
        None
    }

    /// The section containing `rva`, if any.
    pub fn section_for_rva(&self, rva: u32) -> Option<&SectionHeader> {
        self.sections
            .iter()
            .find(|s| rva >= s.virtual_address && rva - s.virtual_address < s.mapped_size())
    }
}

impl CorHeader {
    /// Parses the 72-byte COR header.
    ///
    /// # Errors
    /// [`MetadataError::Truncated`] if fewer than 72 bytes are given.
    pub fn parse(b: &[u8], file_offset: usize) -> Result<Self> {
        if b.len() < 72 {
            return Err(trunc("COR header", file_offset, 72, b.len()));
        }
        let dd = |o: usize| DataDirectory {
            rva: u32_at(b, o).unwrap_or(0),
            size: u32_at(b, o + 4).unwrap_or(0),
        };
        Ok(CorHeader {
            cb: u32_at(b, 0).unwrap_or(0),
            major_runtime_version: u16_at(b, 4).unwrap_or(0),
            minor_runtime_version: u16_at(b, 6).unwrap_or(0),
            metadata: dd(8),
            flags: u32_at(b, 16).unwrap_or(0),
            entry_point_token: u32_at(b, 20).unwrap_or(0),
            resources: dd(24),
            strong_name_signature: dd(32),
            code_manager_table: dd(40),
            vtable_fixups: dd(48),
            export_address_table_jumps: dd(56),
            managed_native_header: dd(64),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers() -> PeHeaders {
        PeHeaders {
            pe_offset: 0x80,
            machine: 0x8664,
            time_date_stamp: 0,
            characteristics: 0,
            is_pe32_plus: true,
            image_base: 0x1_8000_0000,
            address_of_entry_point: 0,
            section_alignment: 0x1000,
            file_alignment: 0x200,
            size_of_image: 0x4000,
            size_of_headers: 0x200,
            subsystem: 3,
            dll_characteristics: 0,
            optional_header_offset: 0x98,
            section_table_offset: 0x188,
            data_directories: vec![DataDirectory::default(); 16],
            sections: vec![SectionHeader {
                name: *b".text\0\0\0",
                virtual_size: 0x180,
                virtual_address: 0x2000,
                size_of_raw_data: 0x200,
                pointer_to_raw_data: 0x400,
                characteristics: 0x6000_0020,
            }],
            file_len: 0x600,
        }
    }

    #[test]
    fn rva_mapping_respects_sections_and_file_length() {
        let h = headers();
        assert_eq!(h.rva_to_offset(0x2010, 0x10), Some(0x410));
        assert_eq!(h.rva_to_offset(0x2000, 0x200), Some(0x400));
        assert_eq!(h.rva_to_offset(0x2000, 0x201), None, "past the raw data");
        assert_eq!(h.rva_to_offset(0x1FF0, 0x20), None, "straddles a gap");
        assert_eq!(
            h.rva_to_offset(0x10, 0x10),
            Some(0x10),
            "inside the headers"
        );
        assert_eq!(
            h.section_for_rva(0x217F).map(|s| s.name_str()),
            Some(".text")
        );
        assert!(h.section_for_rva(0x2180).is_none());
        let mut short = headers();
        short.file_len = 0x500;
        assert_eq!(
            short.rva_to_offset(0x2100, 0x100),
            None,
            "raw data past the end of the file"
        );
    }

    #[test]
    fn truncated_headers_are_errors() {
        assert!(matches!(
            CorHeader::parse(&[0; 71], 0x1000),
            Err(MetadataError::Truncated { offset: 0x1000, .. })
        ));
        let mut dos = vec![0u8; 0x40];
        dos[0] = b'M';
        dos[1] = b'Z';
        dos[0x3C] = 0x40;
        assert!(matches!(
            PeHeaders::parse(&dos),
            Err(MetadataError::Truncated {
                what: "PE signature",
                ..
            })
        ));
        dos.extend_from_slice(b"PE\0\0");
        assert!(matches!(
            PeHeaders::parse(&dos),
            Err(MetadataError::Truncated {
                what: "COFF header",
                ..
            })
        ));
    }
}
