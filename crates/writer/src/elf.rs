//! The ELF container: the placed image (see [`crate::place`]) as an ELF64
//! shared object (`ET_DYN`, x86-64) that glibc's `dlopen` maps and whose
//! dynamic symbol `RTR_HEADER` is the READYTORUN_HEADER — the ELF form of
//! the platform-native envelope (dotnet/runtime
//! docs/design/coreclr/botr/readytorun-platform-native-envelope.md, which
//! names the header symbol `RTR_HEADER`; .NET 8's loader still takes PE).
//!
//! Addresses: the image keeps the PE layout, so a section's virtual
//! address *is* its RVA and the load base is the ELF header's address
//! (`__ehdr_start`): every RVA stored in the R2R structures (32-bit,
//! image-relative) is valid as it stands, with no relocation. The 64-bit
//! absolute fields (import cells that start out pointing at their thunks)
//! hold their target's RVA and get an `R_X86_64_RELATIVE` relocation each
//! (System V ABI, x86-64 psABI §4.4), which the dynamic loader applies.
//!
//! Segments: one `PT_LOAD` for the headers page, one per section (flags
//! from the section's kind: code R+X, read-only data R, import cells R+W;
//! the input's CLI sections R, or R+W where the input asked for it), one
//! R+W segment with the dynamic-linking tables (`.dynsym`, `.dynstr`,
//! `.hash`, `.rela.dyn`, `.dynamic`, which glibc may adjust in place), then
//! `PT_DYNAMIC` and a non-executable `PT_GNU_STACK`. Section headers name
//! every part for `readelf` and `objdump` (the input's sections as
//! `.cli<name>`, so tools do not take the IL for machine code).

use crate::container::Container;
use crate::error::WriteError;
use crate::place::{PlacedImage, PlacedSection, PAGE, SCN_EXECUTE, SCN_WRITE};
use target_lexicon::{Architecture, OperatingSystem, Triple};

const EHDR_SIZE: usize = 64;
const PHDR_SIZE: usize = 56;
const SHDR_SIZE: usize = 64;
const SYM_SIZE: u64 = 24;
const RELA_SIZE: u64 = 24;

const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;
const PT_GNU_STACK: u32 = 0x6474_e551;
const PF_X: u32 = 1;
const PF_W: u32 = 2;
const PF_R: u32 = 4;

const SHT_PROGBITS: u32 = 1;
const SHT_STRTAB: u32 = 3;
const SHT_RELA: u32 = 4;
const SHT_HASH: u32 = 5;
const SHT_DYNAMIC: u32 = 6;
const SHT_DYNSYM: u32 = 11;
const SHF_WRITE: u64 = 1;
const SHF_ALLOC: u64 = 2;
const SHF_EXECINSTR: u64 = 4;

const DT_NULL: u64 = 0;
const DT_HASH: u64 = 4;
const DT_STRTAB: u64 = 5;
const DT_SYMTAB: u64 = 6;
const DT_RELA: u64 = 7;
const DT_RELASZ: u64 = 8;
const DT_RELAENT: u64 = 9;
const DT_STRSZ: u64 = 10;
const DT_SYMENT: u64 = 11;
const DT_TEXTREL: u64 = 22;
const DT_FLAGS: u64 = 30;
const DF_TEXTREL: u64 = 4;
const R_X86_64_RELATIVE: u64 = 8;

/// The exported symbol naming the READYTORUN_HEADER.
pub const RTR_HEADER: &str = "RTR_HEADER";

/// The ELF container (`--obj-format elf`): an x86-64 shared object
/// exporting `RTR_HEADER`, loadable with `dlopen` (the .NET 8 runtime itself
/// loads only PE).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Elf;

impl Container for Elf {
    fn name(&self) -> &str {
        "elf"
    }

    fn description(&self) -> &str {
        "ELF64 shared object exporting RTR_HEADER (dlopen-able; not loaded by .NET 8)"
    }

    /// x86-64 Linux only: `EM_X86_64`, `R_X86_64_RELATIVE`, and the
    /// writer's x64 delay-load thunks.
    fn supports(&self, target: &Triple) -> bool {
        target.architecture == Architecture::X86_64
            && target.operating_system == OperatingSystem::Linux
    }

    /// Virtual address = RVA: the load base is the ELF header.
    fn image_base(&self) -> u64 {
        0
    }

    /// Headers page: the ELF header and one program header per section plus
    /// the headers' own PT_LOAD, PT_DYNAMIC and PT_GNU_STACK.
    fn headers_len(&self, section_count: usize) -> usize {
        EHDR_SIZE + PHDR_SIZE * (section_count + 3)
    }

    fn write(&self, image: PlacedImage) -> Result<Vec<u8>, WriteError> {
        write(image)
    }
}

/// Writes the image as an ELF shared object.
fn write(placed: PlacedImage) -> Result<Vec<u8>, WriteError> {
    let headers_len = |n: usize| Elf.headers_len(n);
    let (header_rva, header_size) = placed.r2r_header();
    let PlacedImage {
        mut sections,
        trailer,
        absolute,
        size_of_headers,
        ..
    } = placed;
    for s in sections.iter_mut() {
        if s.name.starts_with(b".r2r") {
            continue;
        }
        // The input's CLI sections hold IL and metadata, never machine code.
        s.characteristics &= !SCN_EXECUTE;
        let mut name = [0u8; 8];
        let old = trim(&s.name);
        let new = format!(".cli{}", old.trim_start_matches('.'));
        let n = new.len().min(8);
        name[..n].copy_from_slice(&new.as_bytes()[..n]);
        s.name = name;
    }
    let header_index = sections
        .iter()
        .position(|s| (s.rva..s.rva + s.virtual_size).contains(&header_rva))
        .map_or(0, |i| i + 1);
    let textrel = absolute.iter().any(|&a| {
        sections
            .iter()
            .find(|s| (s.rva..s.rva + s.virtual_size).contains(&a))
            .is_some_and(|s| s.characteristics & SCN_WRITE == 0)
    });
    let mut dynamic = DynamicTables::build(
        trailer.0,
        (header_rva, header_size, header_index as u16),
        &absolute,
        textrel,
    );
    dynamic.set_addends(&sections);
    sections.push(PlacedSection {
        name: *b".dynamic",
        rva: trailer.0,
        offset: trailer.1,
        virtual_size: dynamic.bytes.len() as u32,
        data: dynamic.bytes.clone(),
        characteristics: crate::place::SCN_READ | SCN_WRITE,
    });

    let mut out = Vec::new();
    let phnum = sections.len() + 3;
    let shstrtab = SectionNames::new(&sections, dynamic.rela_size > 0);
    let file_end = sections
        .last()
        .map_or(size_of_headers, |s| s.offset + s.data.len() as u32) as usize;
    let shstrtab_offset = file_end;
    let shoff = (shstrtab_offset + shstrtab.bytes.len()).next_multiple_of(8);
    let shnum = shstrtab.count;
    write_ehdr(&mut out, phnum as u16, shoff as u64, shnum as u16);
    write_phdrs(&mut out, &sections, size_of_headers, &dynamic);
    debug_assert_eq!(out.len(), headers_len(sections.len()));
    for s in &sections {
        out.resize(s.offset as usize, 0);
        out.extend_from_slice(&s.data);
    }
    out.resize(shstrtab_offset, 0);
    out.extend_from_slice(&shstrtab.bytes);
    out.resize(shoff, 0);
    write_shdrs(&mut out, &sections, &dynamic, &shstrtab, shstrtab_offset);
    Ok(out)
}

fn trim(name: &[u8; 8]) -> &str {
    let end = name.iter().position(|&b| b == 0).unwrap_or(8);
    std::str::from_utf8(&name[..end]).unwrap_or("")
}

fn w16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn w32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn w64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// The dynamic-linking tables, laid out in one blob at `base`.
struct DynamicTables {
    bytes: Vec<u8>,
    base: u32,
    /// Offsets (in `bytes`) and sizes of the parts.
    dynsym: (u32, u32),
    dynstr: (u32, u32),
    hash: (u32, u32),
    rela: u32,
    rela_size: u32,
    dynamic: (u32, u32),
}

impl DynamicTables {
    /// `header`: RVA, size and section-header index of the R2R header.
    fn build(base: u32, header: (u32, u32, u16), absolute: &[u32], textrel: bool) -> Self {
        let mut b = Vec::new();
        let dynstr_text = format!("\0{RTR_HEADER}\0");
        // .dynsym: the null symbol, then RTR_HEADER (global object).
        let dynsym = b.len() as u32;
        b.extend_from_slice(&[0u8; SYM_SIZE as usize]);
        w32(&mut b, 1);
        b.push(0x11); // STB_GLOBAL << 4 | STT_OBJECT
        b.push(0); // STV_DEFAULT
        w16(&mut b, header.2);
        w64(&mut b, header.0 as u64);
        w64(&mut b, header.1 as u64);
        let dynsym = (dynsym, 2 * SYM_SIZE as u32);
        let dynstr = (b.len() as u32, dynstr_text.len() as u32);
        b.extend_from_slice(dynstr_text.as_bytes());
        b.resize(b.len().next_multiple_of(8), 0);
        // .hash: one bucket holding symbol 1; chains end at 0.
        let hash = b.len() as u32;
        for v in [1u32, 2, 1, 0, 0] {
            w32(&mut b, v);
        }
        let hash = (hash, b.len() as u32 - hash);
        b.resize(b.len().next_multiple_of(8), 0);
        let rela = b.len() as u32;
        for &a in absolute {
            // The field holds its target's RVA (placed with image base 0).
            w64(&mut b, a as u64);
            w64(&mut b, R_X86_64_RELATIVE);
            w64(&mut b, 0); // addend patched below
        }
        let rela_size = b.len() as u32 - rela;
        let dynamic_at = b.len() as u32;
        let addr = |off: u32| (base + off) as u64;
        let mut entries = vec![
            (DT_HASH, addr(hash.0)),
            (DT_STRTAB, addr(dynstr.0)),
            (DT_SYMTAB, addr(dynsym.0)),
            (DT_STRSZ, dynstr.1 as u64),
            (DT_SYMENT, SYM_SIZE),
        ];
        if rela_size > 0 {
            entries.extend([
                (DT_RELA, addr(rela)),
                (DT_RELASZ, rela_size as u64),
                (DT_RELAENT, RELA_SIZE),
            ]);
        }
        if textrel {
            entries.extend([(DT_TEXTREL, 0), (DT_FLAGS, DF_TEXTREL)]);
        }
        entries.push((DT_NULL, 0));
        for (tag, value) in entries {
            w64(&mut b, tag);
            w64(&mut b, value);
        }
        let dynamic = (dynamic_at, b.len() as u32 - dynamic_at);
        DynamicTables {
            bytes: b,
            base,
            dynsym,
            dynstr,
            hash,
            rela,
            rela_size,
            dynamic,
        }
    }

    /// Sets each relocation's addend to the RVA its field holds.
    fn set_addends(&mut self, sections: &[PlacedSection]) {
        let count = self.rela_size / RELA_SIZE as u32;
        for i in 0..count as usize {
            let at = self.rela as usize + i * RELA_SIZE as usize;
            let field = u64::from_le_bytes(self.bytes[at..at + 8].try_into().unwrap()) as u32;
            let value = sections
                .iter()
                .find_map(|s| {
                    let o = field.checked_sub(s.rva)? as usize;
                    s.data.get(o..o + 8)
                })
                .map_or(0, |v| u64::from_le_bytes(v.try_into().unwrap()));
            self.bytes[at + 16..at + 24].copy_from_slice(&value.to_le_bytes());
        }
    }
}

/// `.shstrtab` and the section-header order: null, the placed sections,
/// then the dynamic tables' parts and `.shstrtab` itself.
struct SectionNames {
    bytes: Vec<u8>,
    /// Name offsets of the placed sections.
    placed: Vec<u32>,
    /// Name offsets of `.dynsym`, `.dynstr`, `.hash`, `.rela.dyn`,
    /// `.shstrtab`.
    extra: [u32; 5],
    has_rela: bool,
    count: usize,
}

impl SectionNames {
    fn new(sections: &[PlacedSection], has_rela: bool) -> Self {
        let mut bytes = vec![0u8];
        let mut add = |name: &str| {
            let at = bytes.len() as u32;
            bytes.extend_from_slice(name.as_bytes());
            bytes.push(0);
            at
        };
        let placed = sections.iter().map(|s| add(trim(&s.name))).collect();
        let extra = [
            add(".dynsym"),
            add(".dynstr"),
            add(".hash"),
            add(".rela.dyn"),
            add(".shstrtab"),
        ];
        let count = 1 + sections.len() + 4 + usize::from(has_rela);
        SectionNames {
            bytes,
            placed,
            extra,
            has_rela,
            count,
        }
    }
}

fn write_ehdr(out: &mut Vec<u8>, phnum: u16, shoff: u64, shnum: u16) {
    out.extend_from_slice(&[0x7f, b'E', b'L', b'F', 2, 1, 1, 0]);
    out.extend_from_slice(&[0; 8]);
    w16(out, 3); // ET_DYN
    w16(out, 62); // EM_X86_64
    w32(out, 1);
    w64(out, 0); // no entry point
    w64(out, EHDR_SIZE as u64);
    w64(out, shoff);
    w32(out, 0);
    w16(out, EHDR_SIZE as u16);
    w16(out, PHDR_SIZE as u16);
    w16(out, phnum);
    w16(out, SHDR_SIZE as u16);
    w16(out, shnum);
    w16(out, shnum - 1); // .shstrtab is last
}

#[allow(clippy::too_many_arguments)]
fn phdr(
    out: &mut Vec<u8>,
    ty: u32,
    flags: u32,
    offset: u64,
    vaddr: u64,
    filesz: u64,
    memsz: u64,
    align: u64,
) {
    w32(out, ty);
    w32(out, flags);
    w64(out, offset);
    w64(out, vaddr);
    w64(out, vaddr);
    w64(out, filesz);
    w64(out, memsz);
    w64(out, align);
}

fn segment_flags(s: &PlacedSection) -> u32 {
    let mut f = PF_R;
    if s.characteristics & SCN_EXECUTE != 0 {
        f |= PF_X;
    }
    if s.characteristics & SCN_WRITE != 0 {
        f |= PF_W;
    }
    f
}

fn write_phdrs(out: &mut Vec<u8>, sections: &[PlacedSection], headers: u32, d: &DynamicTables) {
    let page = PAGE as u64;
    phdr(
        out,
        PT_LOAD,
        PF_R,
        0,
        0,
        headers as u64,
        headers as u64,
        page,
    );
    for s in sections {
        let filesz = s.data.len() as u64;
        let memsz = filesz.max(s.virtual_size as u64);
        phdr(
            out,
            PT_LOAD,
            segment_flags(s),
            s.offset as u64,
            s.rva as u64,
            filesz,
            memsz,
            page,
        );
    }
    let trailer = sections.last().expect("the dynamic tables are placed");
    let (off, size) = d.dynamic;
    phdr(
        out,
        PT_DYNAMIC,
        PF_R | PF_W,
        (trailer.offset + off) as u64,
        (trailer.rva + off) as u64,
        size as u64,
        size as u64,
        8,
    );
    phdr(out, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0, 16);
}

#[allow(clippy::too_many_arguments)]
fn shdr(
    out: &mut Vec<u8>,
    name: u32,
    ty: u32,
    flags: u64,
    addr: u64,
    offset: u64,
    size: u64,
    link: u32,
    info: u32,
    align: u64,
    entsize: u64,
) {
    w32(out, name);
    w32(out, ty);
    w64(out, flags);
    w64(out, addr);
    w64(out, offset);
    w64(out, size);
    w32(out, link);
    w32(out, info);
    w64(out, align);
    w64(out, entsize);
}

fn write_shdrs(
    out: &mut Vec<u8>,
    sections: &[PlacedSection],
    d: &DynamicTables,
    names: &SectionNames,
    shstrtab_offset: usize,
) {
    out.extend_from_slice(&[0u8; SHDR_SIZE]);
    let trailer = sections.last().expect("the dynamic tables are placed");
    let n = sections.len() as u32;
    // Indices of the extra sections.
    let dynsym_index = n + 1;
    let dynstr_index = n + 2;
    for (s, &name) in sections.iter().zip(&names.placed) {
        let is_dynamic = std::ptr::eq(s, trailer);
        let mut flags = SHF_ALLOC;
        if s.characteristics & SCN_EXECUTE != 0 {
            flags |= SHF_EXECINSTR;
        }
        if s.characteristics & SCN_WRITE != 0 {
            flags |= SHF_WRITE;
        }
        if is_dynamic {
            let (off, size) = d.dynamic;
            let at = |o: u32| ((trailer.rva + o) as u64, (trailer.offset + o) as u64);
            let (addr, offset) = at(off);
            shdr(
                out,
                name,
                SHT_DYNAMIC,
                flags,
                addr,
                offset,
                size as u64,
                dynstr_index,
                0,
                8,
                16,
            );
        } else {
            let size = s.data.len() as u64;
            shdr(
                out,
                name,
                SHT_PROGBITS,
                flags,
                s.rva as u64,
                s.offset as u64,
                size,
                0,
                0,
                16,
                0,
            );
        }
    }
    let at = |o: u32| ((d.base + o) as u64, (trailer.offset + o) as u64);
    let (a, o) = at(d.dynsym.0);
    shdr(
        out,
        names.extra[0],
        SHT_DYNSYM,
        SHF_ALLOC,
        a,
        o,
        d.dynsym.1 as u64,
        dynstr_index,
        1,
        8,
        SYM_SIZE,
    );
    let (a, o) = at(d.dynstr.0);
    shdr(
        out,
        names.extra[1],
        SHT_STRTAB,
        SHF_ALLOC,
        a,
        o,
        d.dynstr.1 as u64,
        0,
        0,
        1,
        0,
    );
    let (a, o) = at(d.hash.0);
    shdr(
        out,
        names.extra[2],
        SHT_HASH,
        SHF_ALLOC,
        a,
        o,
        d.hash.1 as u64,
        dynsym_index,
        0,
        8,
        4,
    );
    if names.has_rela {
        let (a, o) = at(d.rela);
        shdr(
            out,
            names.extra[3],
            SHT_RELA,
            SHF_ALLOC,
            a,
            o,
            d.rela_size as u64,
            dynsym_index,
            0,
            8,
            RELA_SIZE,
        );
    }
    let len = names.bytes.len() as u64;
    shdr(
        out,
        names.extra[4],
        SHT_STRTAB,
        0,
        0,
        shstrtab_offset as u64,
        len,
        0,
        0,
        1,
        0,
    );
}
