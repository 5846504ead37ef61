//! The format-neutral image model: output sections that grow by appending
//! blobs, symbols that name places in them, and relocations between them.
//!
//! The ReadyToRun content (`r2r`) is built into a [`Layout`] without
//! knowing any address; `place` assigns each section an address, resolves
//! symbols and patches relocations, and a container
//! ([`crate::container::Container`]: `pe`, `elf`, or one defined outside
//! kiln) wraps the placed image in its headers.

use kiln_runtime_abi::stencil::RelocKind;

/// What an output section holds, which decides its page protection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SectionKind {
    /// Executable code (read + execute).
    Text,
    /// Read-only data: headers, tables, signatures, unwind and GC info.
    ReadOnly,
    /// Writable data: import cells the runtime fills in.
    Data,
}

impl SectionKind {
    /// All kinds, in the order their sections appear in the image.
    pub const ALL: [SectionKind; 3] = [SectionKind::Text, SectionKind::ReadOnly, SectionKind::Data];
}

/// A named place in the image: a section and an offset into it, defined
/// when the blob it names is appended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Symbol(u32);

/// Where a symbol points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Place {
    /// The section.
    pub section: SectionKind,
    /// Byte offset inside it.
    pub offset: u32,
}

/// A relocation inside an output section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LayoutReloc {
    /// Offset of the field inside its section.
    pub offset: u32,
    /// How the value is computed.
    pub kind: RelocKind,
    /// The target.
    pub target: Symbol,
    /// Added to the target's address.
    pub addend: i64,
}

/// One output section's contents.
#[derive(Clone, Debug, Default)]
pub struct OutSection {
    /// The bytes, relocation fields still holding their pre-patch value.
    pub data: Vec<u8>,
    /// Largest alignment any blob inside asked for.
    pub alignment: u32,
    /// Relocations to patch once addresses are known.
    pub relocs: Vec<LayoutReloc>,
}

/// Section contents with every relocation applied.
#[derive(Clone, Debug, Default)]
pub struct Resolved {
    /// The [`SectionKind::Text`] bytes.
    pub text: Vec<u8>,
    /// The [`SectionKind::ReadOnly`] bytes.
    pub read_only: Vec<u8>,
    /// The [`SectionKind::Data`] bytes.
    pub data: Vec<u8>,
    /// Image-relative addresses of the 64-bit absolute fields (sorted), which
    /// need base relocations.
    pub absolute: Vec<u32>,
}

/// The format-neutral image: three growing sections and a symbol table.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    sections: [OutSection; 3],
    symbols: Vec<Option<Place>>,
}

fn index(kind: SectionKind) -> usize {
    match kind {
        SectionKind::Text => 0,
        SectionKind::ReadOnly => 1,
        SectionKind::Data => 2,
    }
}

impl Layout {
    /// An empty layout.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new, not yet defined symbol (for forward references).
    pub fn new_symbol(&mut self) -> Symbol {
        self.symbols.push(None);
        Symbol(self.symbols.len() as u32 - 1)
    }

    /// Defines `symbol` to point at `place`.
    ///
    /// # Panics
    /// If the symbol is already defined (a writer bug).
    pub fn define(&mut self, symbol: Symbol, place: Place) {
        let slot = &mut self.symbols[symbol.0 as usize];
        assert!(slot.is_none(), "symbol {symbol:?} defined twice");
        *slot = Some(place);
    }

    /// Appends `bytes` to `section` at the next multiple of `alignment`
    /// (padding text with `int3`, data with zeros) and returns its place.
    pub fn append(&mut self, section: SectionKind, bytes: &[u8], alignment: u32) -> Place {
        debug_assert!(alignment.is_power_of_two());
        let s = &mut self.sections[index(section)];
        let pad = if section == SectionKind::Text {
            0xCC
        } else {
            0
        };
        let offset = (s.data.len() as u32).next_multiple_of(alignment);
        s.data.resize(offset as usize, pad);
        s.data.extend_from_slice(bytes);
        s.alignment = s.alignment.max(alignment);
        Place { section, offset }
    }

    /// Appends `bytes` and returns a new symbol defined at them.
    pub fn append_symbol(&mut self, section: SectionKind, bytes: &[u8], alignment: u32) -> Symbol {
        let place = self.append(section, bytes, alignment);
        let sym = self.new_symbol();
        self.define(sym, place);
        sym
    }

    /// A new symbol defined at `place`.
    pub fn symbol_at(&mut self, place: Place) -> Symbol {
        let sym = self.new_symbol();
        self.define(sym, place);
        sym
    }

    /// Records a relocation of the field at `place`.
    pub fn reloc(&mut self, place: Place, kind: RelocKind, target: Symbol, addend: i64) {
        self.sections[index(place.section)]
            .relocs
            .push(LayoutReloc {
                offset: place.offset,
                kind,
                target,
                addend,
            });
    }

    /// Overwrites bytes already appended to `section` (for fields filled in
    /// after the blob was placed).
    ///
    /// # Panics
    /// If the range was not appended yet (a writer bug).
    pub fn patch(&mut self, section: SectionKind, offset: u32, bytes: &[u8]) {
        let s = &mut self.sections[index(section)];
        s.data[offset as usize..offset as usize + bytes.len()].copy_from_slice(bytes);
    }

    /// Current size of `section`.
    pub fn len(&self, section: SectionKind) -> u32 {
        self.sections[index(section)].data.len() as u32
    }

    /// Whether every section is empty.
    pub fn is_empty(&self) -> bool {
        self.sections.iter().all(|s| s.data.is_empty())
    }

    /// The section's contents.
    pub fn section(&self, kind: SectionKind) -> &OutSection {
        &self.sections[index(kind)]
    }

    /// Where `symbol` points, if defined.
    pub fn place(&self, symbol: Symbol) -> Option<Place> {
        self.symbols[symbol.0 as usize]
    }

    /// Resolves every relocation given each section's base address
    /// (relative to the image base) and the image base, patching the bytes.
    /// Returns the addresses (image-relative) of every 64-bit absolute field,
    /// for which the container must emit base relocations.
    ///
    /// # Panics
    /// If a relocation targets an undefined symbol (a writer bug).
    pub fn resolve(
        &mut self,
        base_rva: impl Fn(SectionKind) -> u32,
        image_base: u64,
    ) -> Result<Resolved, crate::WriteError> {
        let mut absolute = Vec::new();
        let mut out: Vec<Vec<u8>> = Vec::with_capacity(3);
        for kind in SectionKind::ALL {
            let s = &self.sections[index(kind)];
            let mut data = s.data.clone();
            let sec_rva = base_rva(kind) as i64;
            for r in &s.relocs {
                let place = self.symbols[r.target.0 as usize]
                    .unwrap_or_else(|| panic!("relocation to undefined symbol {:?}", r.target));
                let target = base_rva(place.section) as i64 + place.offset as i64 + r.addend;
                let p = sec_rva + r.offset as i64;
                let at = r.offset as usize;
                match r.kind {
                    RelocKind::Rel32 => {
                        let v = target - (p + 4);
                        let v = i32::try_from(v).map_err(|_| crate::WriteError::LimitExceeded {
                            detail: format!("rel32 displacement {v:#x} at RVA {p:#x}"),
                        })?;
                        data[at..at + 4].copy_from_slice(&v.to_le_bytes());
                    }
                    RelocKind::ImageRel32 => {
                        data[at..at + 4].copy_from_slice(&(target as u32).to_le_bytes());
                    }
                    RelocKind::Abs64 => {
                        let v = image_base.wrapping_add(target as u64);
                        data[at..at + 8].copy_from_slice(&v.to_le_bytes());
                        absolute.push(p as u32);
                    }
                }
            }
            out.push(data);
        }
        absolute.sort_unstable();
        let data = out.pop().unwrap();
        let read_only = out.pop().unwrap();
        let text = out.pop().unwrap();
        Ok(Resolved {
            text,
            read_only,
            data,
            absolute,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relocations_resolve_against_section_bases() {
        let mut l = Layout::new();
        let cell = l.append_symbol(SectionKind::Data, &[0; 8], 8);
        // call qword ptr [rip+cell] at text offset 16
        let call = l.append(SectionKind::Text, &[0x90], 1);
        assert_eq!(call.offset, 0);
        let site = l.append(SectionKind::Text, &[0xFF, 0x15, 0, 0, 0, 0], 16);
        l.reloc(
            Place {
                section: SectionKind::Text,
                offset: site.offset + 2,
            },
            RelocKind::Rel32,
            cell,
            0,
        );
        let thunk = l.symbol_at(site);
        let cell_place = l.place(cell).unwrap();
        l.reloc(cell_place, RelocKind::Abs64, thunk, 0);
        let rva = |k| match k {
            SectionKind::Text => 0x4000,
            SectionKind::ReadOnly => 0x6000,
            SectionKind::Data => 0x8000,
        };
        let Resolved {
            text,
            data,
            absolute: abs,
            ..
        } = l.resolve(rva, 0x1_8000_0000).unwrap();
        assert_eq!(&text[1..16], &[0xCC; 15]);
        let disp = i32::from_le_bytes(text[18..22].try_into().unwrap());
        assert_eq!(0x4000 + 22 + disp as i64, 0x8000);
        assert_eq!(
            u64::from_le_bytes(data[0..8].try_into().unwrap()),
            0x1_8000_4010
        );
        assert_eq!(abs, vec![0x8000]);
    }
}
