//! ReadyToRun inputs: recover the IL-only image inside an R2R image.
//!
//! An R2R image keeps the whole CLI file — CLI header, metadata, IL bodies,
//! FieldRVA data, managed and Win32 resources, the strong-name signature —
//! beside its native code, import cells and R2R tables
//! (docs/design/coreclr/botr/readytorun-overview.md; crossgen2 copies the
//! CLI parts as `CopiedCorHeaderNode`, `CopiedMetadataBlobNode`,
//! `CopiedMethodILNode`, `CopiedFieldRvaNode`, `CopiedManagedResourcesNode`
//! and `CopiedStrongNameSignatureNode`, patching the metadata's RVA columns
//! so they point into its own layout).
//!
//! [`strip`] keeps exactly the bytes the CLI file references, at their RVAs,
//! and zeroes everything else: the old READYTORUN_HEADER, code, GC and
//! unwind info, import sections and cells. Sections left with nothing
//! referenced are dropped, and so are the data directories that described
//! native data (exception table, debug directory, exports, base
//! relocations). The CLI header gets back the flags of an IL-only image
//! (`COMIMAGE_FLAGS_ILONLY` set, `IL_LIBRARY` cleared, no
//! `ManagedNativeHeader`). The output therefore never carries two R2R
//! headers or stale native data, and the metadata is used unchanged.
//!
//! Component assemblies of a composite image are handled alike: their
//! native code lives in the composite file, their component header is
//! dropped.

use std::ops::Range;

use kiln_metadata::sig::TypeSig;
use kiln_metadata::tables::{FieldHandle, FieldRvaRow, MethodDefHandle, TypeDefOrRef};
use kiln_metadata::Assembly;

use crate::error::{malformed, WriteError};
use crate::input::{cor_flags, dir, InputImage};

/// Largest Win32 resource tree walked (entries), against cyclic trees.
const MAX_RESOURCE_ENTRIES: usize = 1 << 16;

/// Turns the parsed R2R image `image` (whose bytes are `bytes`) into the
/// IL-only image it was compiled from, in place.
///
/// # Errors
/// [`WriteError::MalformedInput`] if the metadata or a referenced CLI
/// structure cannot be read (naming the method or field);
/// [`WriteError::UnsupportedInput`] for VTableFixups (mixed-mode code) or a
/// FieldRVA field whose data size kiln cannot determine.
pub(crate) fn strip(image: &mut InputImage, bytes: &[u8]) -> Result<(), WriteError> {
    let asm = Assembly::from_bytes(bytes.to_vec()).map_err(|e| {
        malformed(
            "metadata of a ReadyToRun input",
            0,
            format!("cannot read the CLI metadata: {e}"),
        )
    })?;
    let keep = referenced_ranges(image, &asm)?;
    for s in &mut image.sections {
        let start = s.virtual_address;
        let mut kept_any = false;
        let mut next = 0usize;
        let zero = |raw: &mut [u8], from: usize, to: usize| {
            if from < to {
                raw[from..to].fill(0);
            }
        };
        let len = s.raw.len();
        for r in &keep {
            let (Some(lo), Some(hi)) = (r.start.checked_sub(start), r.end.checked_sub(start))
            else {
                continue;
            };
            let (lo, hi) = (lo as usize, (hi as usize).min(len));
            if lo >= len || hi <= next {
                continue;
            }
            kept_any = true;
            zero(&mut s.raw, next, lo.max(next));
            next = next.max(hi);
        }
        zero(&mut s.raw, next, len);
        if !kept_any {
            s.raw.clear();
            s.virtual_size = 0;
        }
    }
    image
        .sections
        .retain(|s| s.virtual_size != 0 || !s.raw.is_empty());
    // Only the CLI header and the Win32 resources describe IL-image data;
    // every other directory of an R2R image describes native data.
    let clr = image.directories[dir::CLR];
    let resource = image.directories[dir::RESOURCE];
    image.directories = [(0, 0); 16];
    image.directories[dir::CLR] = clr;
    image.directories[dir::RESOURCE] = resource;
    image.cor_flags = (image.cor_flags | cor_flags::ILONLY) & !cor_flags::IL_LIBRARY;
    image.cor_header[16..20].copy_from_slice(&image.cor_flags.to_le_bytes());
    image.cor_header[64..72].fill(0);
    // The machine of an R2R image is the target's XOR an OS constant; the
    // IL it came from runs on x64 either way.
    image.machine = 0x8664;
    Ok(())
}

/// Every RVA range the CLI file references, sorted and merged.
fn referenced_ranges(image: &InputImage, asm: &Assembly) -> Result<Vec<Range<u32>>, WriteError> {
    let mut ranges: Vec<Range<u32>> = Vec::new();
    let mut push = |rva: u32, size: u32| {
        if rva != 0 && size != 0 {
            ranges.push(rva..rva.saturating_add(size));
        }
    };
    let (cor_rva, _) = image.directories[dir::CLR];
    push(cor_rva, 72);
    let cor = asm.cor_header();
    for d in [cor.metadata, cor.resources, cor.strong_name_signature] {
        push(d.rva, d.size);
    }
    if !cor.vtable_fixups.is_empty() {
        return Err(WriteError::UnsupportedInput {
            detail: "the input has VTableFixups (mixed-mode code)".into(),
        });
    }
    for h in asm.handles::<MethodDefHandle>() {
        let rva = asm.raw_column(kiln_metadata::TableId::MethodDef, h.0, 0);
        let body = asm.method_body(h).map_err(|e| {
            malformed(
                "IL method body",
                rva.unwrap_or(0) as u64,
                format!("MethodDef row {}: {e}", h.0),
            )
        })?;
        if let Some(body) = body {
            push(body.rva, body.total_size);
        }
    }
    for row in asm.rows::<FieldRvaRow>() {
        let (_, row) = row.map_err(|e| malformed("FieldRVA table", 0, e.to_string()))?;
        let size = field_data_size(asm, row.field).ok_or_else(|| WriteError::UnsupportedInput {
            detail: format!(
                "FieldRVA data of Field row {}: the size of its type is not known",
                row.field.0
            ),
        })?;
        push(row.rva, size);
    }
    let (res_rva, res_size) = image.directories[dir::RESOURCE];
    if res_rva != 0 {
        push(res_rva, res_size);
        for (rva, size) in win32_resource_data(image, res_rva, res_size)? {
            push(rva, size);
        }
    }
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<u32>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    Ok(merged)
}

/// Size of a FieldRVA field's data (ECMA-335 §II.16.3.2: the size of its
/// type): primitives, pointers, and value types of this module with a
/// `ClassLayout` size (as compilers emit for array initialisers).
fn field_data_size(asm: &Assembly, field: FieldHandle) -> Option<u32> {
    match asm.field_sig(field).ok()?.strip_modifiers() {
        TypeSig::Primitive(p) => Some(p.size()),
        TypeSig::Ptr(_) | TypeSig::FnPtr(_) => Some(8),
        TypeSig::ValueType(TypeDefOrRef::TypeDef(t)) => {
            let layout = asm.class_layout(*t)?;
            (layout.class_size != 0).then_some(layout.class_size)
        }
        _ => None,
    }
}

/// `(rva, size)` of every data entry of the Win32 resource tree
/// (IMAGE_RESOURCE_DIRECTORY, winnt.h), whose offsets are relative to the
/// directory's start and whose data entries carry RVAs.
fn win32_resource_data(
    image: &InputImage,
    rva: u32,
    size: u32,
) -> Result<Vec<(u32, u32)>, WriteError> {
    let bad = |what: &str| malformed("Win32 resources", rva as u64, what.to_string());
    let tree = image
        .read_rva(rva, size as usize)
        .ok_or_else(|| bad("directory not inside a section"))?;
    let u16_at = |o: usize| tree.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
    let u32_at = |o: usize| {
        tree.get(o..o + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mut out = Vec::new();
    let mut pending = vec![0usize];
    let mut seen = 0usize;
    while let Some(table) = pending.pop() {
        let named = u16_at(table + 12).ok_or_else(|| bad("truncated directory table"))?;
        let ids = u16_at(table + 14).ok_or_else(|| bad("truncated directory table"))?;
        for i in 0..(named as usize + ids as usize) {
            seen += 1;
            if seen > MAX_RESOURCE_ENTRIES {
                return Err(bad("resource tree too large or cyclic"));
            }
            let e = table + 16 + 8 * i;
            let target = u32_at(e + 4).ok_or_else(|| bad("truncated directory entry"))?;
            if target & 0x8000_0000 != 0 {
                pending.push((target & 0x7fff_ffff) as usize);
            } else {
                let d = target as usize;
                let data_rva = u32_at(d).ok_or_else(|| bad("truncated data entry"))?;
                let data_size = u32_at(d + 4).ok_or_else(|| bad("truncated data entry"))?;
                out.push((data_rva, data_size));
            }
        }
    }
    Ok(out)
}
