//! Building the ReadyToRun 9.1 content of an image into a [`Layout`]: the
//! READYTORUN_HEADER and its sections, import sections with their cells,
//! signatures, thunks and GCRefMaps, the methods' code, unwind and GC info,
//! RUNTIME_FUNCTIONs, MethodDefEntryPoints with per-method fixup lists,
//! ExceptionInfo, DebugInfo (IL↔native bounds) and ManifestMetadata.
//!
//! Specification: dotnet/runtime `src/coreclr/inc/readytorun.h` (9.1),
//! `docs/design/coreclr/botr/readytorun-format.md`, the loader in
//! `src/coreclr/vm/readytoruninfo.cpp` and `ceeload.cpp`, and crossgen2's
//! node layout (`ILCompiler.ReadyToRun/Compiler/DependencyAnalysis/ReadyToRun`).
//! Facts checked against crossgen2's output in the shipped .NET 8.0.4
//! framework are noted where they are used.
//!
//! Import sections, in this order (index = position; only non-empty ones
//! after the first are emitted):
//!
//! | section     | flags        | type         | cells start as               |
//! |-------------|--------------|--------------|------------------------------|
//! | Eager       | Eager        | Unknown      | 0, filled at image load      |
//! | MethodCall  | PCode        | StubDispatch | address of a delay-load thunk|
//! | Dispatch    | PCode        | StubDispatch | address of a VSD thunk       |
//! | DelayLoadHelper | PCode    | Unknown      | address of a delay-load thunk|
//! | Lazy        | PCode        | Unknown      | 0, per-method fixup list     |
//! | String      | None         | StringHandle | 0, per-method fixup list     |

use std::collections::{BTreeMap, HashMap};

use crate::error::WriteError;
use crate::input::{cor_flags, InputImage};
use crate::layout::{Layout, Place, SectionKind, Symbol};
use crate::place::ImageContent;
use kiln_runtime_abi::debuginfo::DebugInfo;
use kiln_runtime_abi::eh::encode_clause;
use kiln_runtime_abi::gcrefmap;
use kiln_runtime_abi::native::NativeWriter;
use kiln_runtime_abi::nibble::encode_fixup_list;
use kiln_runtime_abi::r2r::{
    flags as r2r_flags, import_flags, Helper, ImportSectionType, SectionType, READYTORUN_SIGNATURE,
};
use kiln_runtime_abi::sig::fixup_helper;
use kiln_runtime_abi::stencil::{
    FragmentKind, Import, ImportSection, MethodStencil, RelocKind, Target, UnwindInfo, UnwindOp,
};
use kiln_runtime_abi::unwind::UnwindBlob;

/// The import sections in image order.
const SECTION_ORDER: [ImportSection; 6] = [
    ImportSection::Eager,
    ImportSection::MethodCall,
    ImportSection::Dispatch,
    ImportSection::DelayLoadHelper,
    ImportSection::Lazy,
    ImportSection::String,
];

/// `(flags, type)` of each import section (crossgen2
/// ReadyToRunCodegenNodeFactory.cs; checked in System.*.dll 8.0.4).
fn section_flags_type(section: ImportSection) -> (u16, ImportSectionType) {
    match section {
        ImportSection::Eager => (import_flags::EAGER, ImportSectionType::Unknown),
        ImportSection::MethodCall | ImportSection::Dispatch => {
            (import_flags::PCODE, ImportSectionType::StubDispatch)
        }
        ImportSection::Lazy | ImportSection::DelayLoadHelper => {
            (import_flags::PCODE, ImportSectionType::Unknown)
        }
        ImportSection::String => (import_flags::NONE, ImportSectionType::StringHandle),
    }
}

/// The Eager cell of a `READYTORUN_FIXUP_Helper` import.
fn helper_import(helper: Helper) -> Import {
    Import {
        section: ImportSection::Eager,
        signature: fixup_helper(helper),
        gc_ref_map: None,
    }
}

/// Appends a delay-load thunk (x64 shapes checked in System.*.dll 8.0.4):
/// `prefix` (how the worker finds the cell), `push imm8 section`,
/// `push qword ptr [rip+module cell]`, `jmp qword ptr [rip+helper cell]`
/// — DelayLoad_MethodCall for calls, a DelayLoad_Helper* for helper cells
/// (crossgen2's HelperImports thunk in System.Private.CoreLib 8.0.4:
/// `33 C0 6A 03 FF 35 … FF 25 …`). Returns its symbol.
fn delay_load_thunk(
    l: &mut Layout,
    prefix: &[u8],
    section: u32,
    (module, helper): (Place, Place),
) -> Symbol {
    let mut bytes = prefix.to_vec();
    bytes.extend_from_slice(&[
        0x6A,
        section as u8,
        0xFF,
        0x35,
        0,
        0,
        0,
        0,
        0xFF,
        0x25,
        0,
        0,
        0,
        0,
    ]);
    let p = l.append(SectionKind::Text, &bytes, 16);
    let n = prefix.len() as u32;
    let at = |o: u32| Place {
        section: SectionKind::Text,
        offset: p.offset + o,
    };
    let (module, helper) = (l.symbol_at(module), l.symbol_at(helper));
    l.reloc(at(n + 4), RelocKind::Rel32, module, 0);
    l.reloc(at(n + 10), RelocKind::Rel32, helper, 0);
    l.symbol_at(p)
}

/// The cells of one import section, in index order.
#[derive(Default)]
struct CellTable {
    imports: Vec<Import>,
    index: HashMap<(Import, Option<MethodId>), u32>,
}

/// Who owns a cell: nobody (cells are shared by every method naming the
/// same import) except for generic dictionary lookups, which are per
/// method ([`Import::is_generic_lookup`]: the runtime binds such a cell to
/// one generic context's dictionary layout).
fn cell_owner(import: &Import, method: &MethodId) -> Option<MethodId> {
    import.is_generic_lookup().then(|| method.clone())
}

impl CellTable {
    fn intern(&mut self, import: &Import) -> u32 {
        self.intern_for(import, None)
    }

    fn intern_for(&mut self, import: &Import, owner: Option<MethodId>) -> u32 {
        let key = (import.clone(), owner);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.imports.len() as u32;
        self.imports.push(import.clone());
        self.index.insert(key, i);
        i
    }

    fn get(&self, import: &Import, method: &MethodId) -> u32 {
        self.index[&(import.clone(), cell_owner(import, method))]
    }
}

/// Options that shape the ReadyToRun content.
#[derive(Clone, Debug)]
pub(crate) struct R2rOptions {
    pub compiler_identifier: String,
}

/// Validates a stencil against the contract the writer relies on.
pub(crate) fn validate(rid: u32, m: &MethodStencil) -> Result<(), WriteError> {
    let bad = |detail: String| {
        Err(WriteError::InvalidStencil {
            method_rid: rid,
            detail,
        })
    };
    if rid == 0 {
        return bad("MethodDef row ids start at 1".into());
    }
    let len = m.code.len() as u32;
    if len == 0 {
        return bad("no code".into());
    }
    if !m.alignment.is_power_of_two() || m.alignment > 4096 {
        return bad(format!(
            "code alignment {} is not a power of two ≤ 4096",
            m.alignment
        ));
    }
    if !m.data.is_empty() && (!m.data_alignment.is_power_of_two() || m.data_alignment > 4096) {
        return bad(format!(
            "data alignment {} is not a power of two ≤ 4096",
            m.data_alignment
        ));
    }
    match m.fragments.first() {
        Some(f) if f.kind == FragmentKind::MainBody && f.start == 0 => {}
        _ => return bad("fragments[0] must be the main body starting at offset 0".into()),
    }
    let mut prev_end = 0;
    for (i, f) in m.fragments.iter().enumerate() {
        if f.start != prev_end || f.end <= f.start || f.end > len {
            return bad(format!(
                "fragment {i} [{:#x}, {:#x}) does not tile the code [0, {len:#x})",
                f.start, f.end
            ));
        }
        if i > 0 && f.kind == FragmentKind::MainBody {
            return bad(format!("fragment {i} is a second main body"));
        }
        prev_end = f.end;
    }
    if prev_end != len {
        return bad(format!("fragments end at {prev_end:#x}, code at {len:#x}"));
    }
    for (i, f) in m.fragments.iter().enumerate() {
        check_unwind(&f.unwind).map_err(|detail| WriteError::InvalidStencil {
            method_rid: rid,
            detail: format!("fragment {i} unwind info: {detail}"),
        })?;
    }
    for r in &m.relocs {
        let width = if r.kind == RelocKind::Abs64 { 8 } else { 4 };
        if r.offset.checked_add(width).is_none_or(|e| e > len) {
            return bad(format!("relocation at {:#x} is outside the code", r.offset));
        }
        match &r.target {
            Target::Code(o) if *o > len => {
                return bad(format!(
                    "relocation target code offset {o:#x} is outside the code"
                ))
            }
            Target::Data(o) if *o as usize > m.data.len() => {
                return bad(format!(
                    "relocation target data offset {o:#x} is outside the data"
                ))
            }
            Target::Import(i) => check_import(rid, i)?,
            _ => {}
        }
    }
    for i in &m.eager_fixups {
        check_import(rid, i)?;
    }
    for c in &m.eh_clauses {
        if c.try_start >= c.try_end
            || c.try_end > len
            || c.handler_start >= c.handler_end
            || c.handler_end > len
        {
            return bad(format!("EH clause {c:?} has an empty or out-of-code range"));
        }
    }
    Ok(())
}

/// Whether `info` is encodable as x64 UNWIND_INFO (the shared encoder
/// assumes it is).
fn check_unwind(info: &UnwindInfo) -> Result<(), String> {
    let mut slots = 0usize;
    for op in &info.ops {
        let code_offset = match *op {
            UnwindOp::PushNonVolatile { code_offset, reg } => {
                if reg > 15 {
                    return Err(format!("register {reg} out of range"));
                }
                slots += 1;
                code_offset
            }
            UnwindOp::Alloc { code_offset, size } => {
                if size == 0 || !size.is_multiple_of(8) {
                    return Err(format!(
                        "allocation of {size} bytes is not a positive multiple of 8"
                    ));
                }
                slots += if size <= 128 {
                    1
                } else if size <= 0x7FFF8 {
                    2
                } else {
                    3
                };
                code_offset
            }
            UnwindOp::SetFramePointer { code_offset } => {
                if info.frame_register.is_none() {
                    return Err("SetFramePointer without a frame register".into());
                }
                slots += 1;
                code_offset
            }
            UnwindOp::SaveNonVolatile {
                code_offset,
                reg,
                offset,
            } => {
                if reg > 15 || !offset.is_multiple_of(8) {
                    return Err(format!(
                        "save of register {reg} at offset {offset} is not encodable"
                    ));
                }
                slots += if offset / 8 <= 0xFFFF { 2 } else { 3 };
                code_offset
            }
            UnwindOp::SaveXmm128 {
                code_offset,
                reg,
                offset,
            } => {
                if reg > 15 || !offset.is_multiple_of(16) {
                    return Err(format!(
                        "save of xmm{reg} at offset {offset} is not encodable"
                    ));
                }
                slots += if offset / 16 <= 0xFFFF { 2 } else { 3 };
                code_offset
            }
        };
        if code_offset > info.prolog_size {
            return Err(format!(
                "operation at {code_offset} lies past the prolog ({} bytes)",
                info.prolog_size
            ));
        }
    }
    if slots > 255 {
        return Err(format!("{slots} unwind code slots (at most 255)"));
    }
    if let Some((reg, offset)) = info.frame_register {
        if reg == 0 || reg > 15 || !offset.is_multiple_of(16) || offset > 240 {
            return Err(format!(
                "frame register {reg} at offset {offset} is not encodable"
            ));
        }
    }
    Ok(())
}

fn check_import(rid: u32, i: &Import) -> Result<(), WriteError> {
    let bad = |detail: String| {
        Err(WriteError::InvalidStencil {
            method_rid: rid,
            detail,
        })
    };
    if i.signature.is_empty() {
        return bad("import with an empty fixup signature".into());
    }
    let needs_map = matches!(
        i.section,
        ImportSection::MethodCall | ImportSection::Dispatch
    );
    if needs_map && i.gc_ref_map.is_none() {
        return bad(format!(
            "{:?} import {:02x?} has no GC ref map (the runtime reports the callee's arguments from it while binding)",
            i.section, i.signature
        ));
    }
    if !needs_map && i.gc_ref_map.is_some() {
        return bad(format!("{:?} import carries a GC ref map", i.section));
    }
    Ok(())
}

/// How the runtime finds a compiled method.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum MethodId {
    /// A non-generic method of a non-generic type: MethodDefEntryPoints.
    Def(u32),
    /// An instantiation: InstanceMethodEntryPoints, keyed by its method
    /// signature blob and version-resilient hash.
    Instance { signature: Vec<u8>, hash: u32 },
}

/// Everything placed for one method.
struct PlacedMethod {
    code: Symbol,
    /// RUNTIME_FUNCTION index of the main body.
    first_runtime_function: u32,
    /// (section index, cell index) pairs the method's fixup list names.
    fixups: Vec<(u32, u32)>,
}

/// Builds the ReadyToRun content for `methods`: MethodDef methods in row
/// order, then instantiations in signature order.
pub(crate) fn build(
    input: &InputImage,
    methods: &BTreeMap<MethodId, MethodStencil>,
    options: &R2rOptions,
) -> Result<ImageContent, WriteError> {
    let mut l = Layout::new();

    // 1. Import cells, deduplicated, in first-use order over RID order.
    let mut tables: BTreeMap<ImportSection, CellTable> = BTreeMap::new();
    let eager = tables.entry(ImportSection::Eager).or_default();
    let module_cell = eager.intern(&helper_import(Helper::Module));
    let personality_cell = eager.intern(&helper_import(Helper::PersonalityRoutine));
    let any_filter = methods
        .values()
        .any(|m| m.fragments.iter().any(|f| f.kind == FragmentKind::Filter));
    let filter_personality_cell =
        any_filter.then(|| eager.intern(&helper_import(Helper::PersonalityRoutineFilterFunclet)));
    let any_call = methods.values().any(|m| {
        m.imports().iter().any(|i| {
            matches!(
                i.section,
                ImportSection::MethodCall | ImportSection::Dispatch
            )
        })
    });
    let delay_load_cell =
        any_call.then(|| eager.intern(&helper_import(Helper::DelayLoad_MethodCall)));
    // The delay-load helpers the DelayLoadHelper cells' thunks jump to
    // (one thunk per helper, `Import::delay_load_helper`), in a fixed order.
    let helpers_used: Vec<Helper> = methods
        .values()
        .flat_map(|m| m.imports())
        .filter(|i| i.section == ImportSection::DelayLoadHelper)
        .map(|i| i.delay_load_helper())
        .collect();
    let delay_helper_cells: Vec<(Helper, u32)> = [
        Helper::DelayLoad_Helper,
        Helper::DelayLoad_Helper_Obj,
        Helper::DelayLoad_Helper_ObjObj,
    ]
    .into_iter()
    .filter(|h| helpers_used.contains(h))
    .map(|h| (h, eager.intern(&helper_import(h))))
    .collect();
    for (id, m) in methods {
        for import in m.imports() {
            let owner = cell_owner(import, id);
            tables
                .entry(import.section)
                .or_default()
                .intern_for(import, owner);
        }
    }
    let sections: Vec<ImportSection> = SECTION_ORDER
        .into_iter()
        .filter(|s| tables.get(s).is_some_and(|t| !t.imports.is_empty()))
        .collect();
    let section_index = |s: ImportSection| sections.iter().position(|x| *x == s).unwrap() as u32;

    // Cells live in the writable section, 8 bytes each.
    let mut cell_base: HashMap<ImportSection, Symbol> = HashMap::new();
    for &s in &sections {
        let n = tables[&s].imports.len();
        let sym = l.append_symbol(SectionKind::Data, &vec![0u8; 8 * n], 8);
        cell_base.insert(s, sym);
    }
    let cell_place = |l: &Layout, s: ImportSection, i: u32| {
        let p = l.place(cell_base[&s]).unwrap();
        Place {
            section: p.section,
            offset: p.offset + 8 * i,
        }
    };

    // 2. Methods' code, in RID order, then the instantiations.
    let mut placed: BTreeMap<MethodId, PlacedMethod> = BTreeMap::new();
    let mut runtime_function_count = 0u32;
    for (id, m) in methods {
        let code_place = l.append(SectionKind::Text, &m.code, m.alignment.max(4));
        let code = l.symbol_at(code_place);
        let data = (!m.data.is_empty())
            .then(|| l.append_symbol(SectionKind::ReadOnly, &m.data, m.data_alignment.max(1)));
        let mut fixups = Vec::new();
        for r in &m.relocs {
            let at = Place {
                section: SectionKind::Text,
                offset: code_place.offset + r.offset,
            };
            let (target, addend) = match &r.target {
                Target::Import(i) => {
                    let idx = tables[&i.section].get(i, id);
                    let p = cell_place(&l, i.section, idx);
                    (l.symbol_at(p), r.addend)
                }
                Target::Code(o) => (code, r.addend + *o as i64),
                Target::Data(o) => (data.expect("validated: data exists"), r.addend + *o as i64),
            };
            l.reloc(at, r.kind, target, addend);
        }
        for i in m.imports() {
            if matches!(i.section, ImportSection::Lazy | ImportSection::String) {
                fixups.push((section_index(i.section), tables[&i.section].get(i, id)));
            }
        }
        fixups.sort_unstable();
        fixups.dedup();
        placed.insert(
            id.clone(),
            PlacedMethod {
                code,
                first_runtime_function: runtime_function_count,
                fixups,
            },
        );
        runtime_function_count += m.fragments.len() as u32;
    }

    // 3. Thunks: personality routines (`jmp [rip+cell]`), then the shared
    //    delay-load thunks (x64 shapes checked in System.*.dll 8.0.4).
    let thunks_start = l.len(SectionKind::Text).next_multiple_of(16);
    let jmp_cell = |l: &mut Layout, cell: u32| {
        let p = l.append(SectionKind::Text, &[0xFF, 0x25, 0, 0, 0, 0, 0xCC, 0xCC], 16);
        let target = {
            let c = cell_place(l, ImportSection::Eager, cell);
            l.symbol_at(c)
        };
        l.reloc(
            Place {
                section: p.section,
                offset: p.offset + 2,
            },
            RelocKind::Rel32,
            target,
            0,
        );
        l.symbol_at(p)
    };
    let personality = jmp_cell(&mut l, personality_cell);
    let filter_personality = filter_personality_cell.map(|c| jmp_cell(&mut l, c));
    for &s in &sections {
        let prefix: &[u8] = match s {
            // xor eax, eax: the worker finds the cell from the call site.
            ImportSection::MethodCall | ImportSection::DelayLoadHelper => &[0x33, 0xC0],
            // mov rax, r11: the VSD cell address the caller loaded.
            ImportSection::Dispatch => &[0x49, 0x8B, 0xC3],
            _ => continue,
        };
        // One thunk per helper the section's cells need: DelayLoad_MethodCall
        // for calls, the DelayLoad_Helper* of each helper cell.
        let helpers: Vec<(Option<Helper>, u32)> = if s == ImportSection::DelayLoadHelper {
            delay_helper_cells
                .iter()
                .map(|&(h, c)| (Some(h), c))
                .collect()
        } else {
            vec![(None, delay_load_cell.expect("calls exist"))]
        };
        for (helper, helper_cell) in helpers {
            let cells = (
                cell_place(&l, ImportSection::Eager, module_cell),
                cell_place(&l, ImportSection::Eager, helper_cell),
            );
            let thunk = delay_load_thunk(&mut l, prefix, section_index(s), cells);
            for (i, import) in tables[&s].imports.iter().enumerate() {
                if helper.is_some_and(|h| import.delay_load_helper() != h) {
                    continue;
                }
                let c = cell_place(&l, s, i as u32);
                l.reloc(c, RelocKind::Abs64, thunk, 0);
            }
        }
    }
    let thunks_end = l.len(SectionKind::Text);
    let thunks = l.symbol_at(Place {
        section: SectionKind::Text,
        offset: thunks_start,
    });

    // 4. Read-only tables.
    let ro = SectionKind::ReadOnly;
    let mut header_entries: Vec<(SectionType, Symbol, u32)> = Vec::new();
    header_entries.push((
        SectionType::DelayLoadMethodCallThunks,
        thunks,
        thunks_end - thunks_start,
    ));

    // The CLI header: the input's, ILONLY cleared, IL_LIBRARY set,
    // ManagedNativeHeader -> READYTORUN_HEADER (CopiedCorHeaderNode.cs).
    let mut cor = input.cor_header;
    let flags = (input.cor_flags & !cor_flags::ILONLY) | cor_flags::IL_LIBRARY;
    cor[16..20].copy_from_slice(&flags.to_le_bytes());
    let cor_place = l.append(ro, &cor, 4);
    let cor_header = l.symbol_at(cor_place);
    let r2r_header = l.new_symbol();
    l.reloc(
        Place {
            section: ro,
            offset: cor_place.offset + 64,
        },
        RelocKind::ImageRel32,
        r2r_header,
        0,
    );

    let mut id = options.compiler_identifier.as_bytes().to_vec();
    id.push(0);
    let id_len = id.len() as u32;
    let id_sym = l.append_symbol(ro, &id, 1);
    header_entries.push((SectionType::CompilerIdentifier, id_sym, id_len));

    let manifest = crate::manifest::manifest_metadata();
    let manifest_len = manifest.len() as u32;
    let manifest_sym = l.append_symbol(ro, &manifest, 4);
    header_entries.push((SectionType::ManifestMetadata, manifest_sym, manifest_len));

    // Signatures (deduplicated blobs), then per-section RVA tables.
    let mut sig_blobs: HashMap<Vec<u8>, Symbol> = HashMap::new();
    let mut sig_tables: HashMap<ImportSection, Symbol> = HashMap::new();
    for &s in &sections {
        for import in &tables[&s].imports {
            if !sig_blobs.contains_key(&import.signature) {
                let sym = l.append_symbol(ro, &import.signature, 1);
                sig_blobs.insert(import.signature.clone(), sym);
            }
        }
    }
    for &s in &sections {
        let n = tables[&s].imports.len() as u32;
        let p = l.append(ro, &vec![0u8; 4 * n as usize], 4);
        for (i, import) in tables[&s].imports.iter().enumerate() {
            l.reloc(
                Place {
                    section: ro,
                    offset: p.offset + 4 * i as u32,
                },
                RelocKind::ImageRel32,
                sig_blobs[&import.signature],
                0,
            );
        }
        sig_tables.insert(s, l.symbol_at(p));
    }
    // GCRefMaps of the call sections.
    let mut aux: HashMap<ImportSection, Symbol> = HashMap::new();
    for &s in &sections {
        if matches!(s, ImportSection::MethodCall | ImportSection::Dispatch) {
            let maps: Vec<_> = tables[&s]
                .imports
                .iter()
                .map(|i| i.gc_ref_map.clone().unwrap_or_default())
                .collect();
            let blob = gcrefmap::encode_section(&maps);
            aux.insert(s, l.append_symbol(ro, &blob, 4));
        }
    }
    // READYTORUN_IMPORT_SECTIONs.
    if sections.len() > 127 {
        return Err(WriteError::LimitExceeded {
            detail: "more than 127 import sections".into(),
        });
    }
    let table = l.append(ro, &vec![0u8; 20 * sections.len()], 4);
    for (k, &s) in sections.iter().enumerate() {
        let at = table.offset + 20 * k as u32;
        let n = tables[&s].imports.len() as u32;
        let (flags, ty) = section_flags_type(s);
        let mut entry = [0u8; 20];
        entry[4..8].copy_from_slice(&(8 * n).to_le_bytes());
        entry[8..10].copy_from_slice(&flags.to_le_bytes());
        entry[10] = ty.raw();
        entry[11] = 8;
        patch(&mut l, ro, at, &entry);
        let place = |o| Place {
            section: ro,
            offset: at + o,
        };
        l.reloc(place(0), RelocKind::ImageRel32, cell_base[&s], 0);
        l.reloc(place(12), RelocKind::ImageRel32, sig_tables[&s], 0);
        if let Some(&a) = aux.get(&s) {
            l.reloc(place(16), RelocKind::ImageRel32, a, 0);
        }
    }
    let import_sections = l.symbol_at(table);
    header_entries.push((
        SectionType::ImportSections,
        import_sections,
        20 * sections.len() as u32,
    ));

    // Unwind + GC info blobs (deduplicated), then RUNTIME_FUNCTIONs.
    let mut unwind_blobs: HashMap<(Vec<u8>, bool), Symbol> = HashMap::new();
    let mut rf_rows: Vec<(Symbol, u32, u32, Symbol)> = Vec::new();
    for (id, m) in methods {
        let pm = &placed[id];
        for (fi, f) in m.fragments.iter().enumerate() {
            // UNWIND_INFO, padded to 4, the personality routine RVA
            // (relocated below), then the GC info of a main body.
            let mut blob = UnwindBlob::from_stencil(&f.unwind).encode_r2r(0);
            let personality_at = blob.len() as u32 - 4;
            if fi == 0 {
                blob.extend_from_slice(&m.gc_info);
            }
            let filter = f.kind == FragmentKind::Filter;
            let key = (blob, filter);
            let sym = match unwind_blobs.get(&key) {
                Some(&s) => s,
                None => {
                    let p = l.append(ro, &key.0, 4);
                    let target = if filter {
                        filter_personality.expect("a filter exists")
                    } else {
                        personality
                    };
                    l.reloc(
                        Place {
                            section: ro,
                            offset: p.offset + personality_at,
                        },
                        RelocKind::ImageRel32,
                        target,
                        0,
                    );
                    let s = l.symbol_at(p);
                    unwind_blobs.insert(key, s);
                    s
                }
            };
            rf_rows.push((pm.code, f.start, f.end, sym));
        }
    }
    let rf_size = 12 * rf_rows.len() as u32;
    let rf = l.append(ro, &vec![0u8; rf_size as usize], 4);
    for (k, &(code, start, end, unwind)) in rf_rows.iter().enumerate() {
        let at = rf.offset + 12 * k as u32;
        let place = |o| Place {
            section: ro,
            offset: at + o,
        };
        l.reloc(place(0), RelocKind::ImageRel32, code, start as i64);
        l.reloc(place(4), RelocKind::ImageRel32, code, end as i64);
        l.reloc(place(8), RelocKind::ImageRel32, unwind, 0);
    }
    l.append(ro, &u32::MAX.to_le_bytes(), 4); // sentinel
    let runtime_functions = l.symbol_at(rf);
    header_entries.push((SectionType::RuntimeFunctions, runtime_functions, rf_size));

    let (sym, len) = method_entry_points(&mut l, &placed);
    header_entries.push((SectionType::MethodDefEntryPoints, sym, len));
    if let Some((sym, len)) = instance_entry_points(&mut l, &placed) {
        header_entries.push((SectionType::InstanceMethodEntryPoints, sym, len));
    }
    if let Some((sym, len)) = debug_info(&mut l, methods, &placed) {
        header_entries.push((SectionType::DebugInfo, sym, len));
    }
    if let Some((sym, len)) = exception_info(&mut l, methods, &placed) {
        header_entries.push((SectionType::ExceptionInfo, sym, len));
    }
    let size = ready_to_run_header(&mut l, input, r2r_header, header_entries);
    patch(&mut l, ro, cor_place.offset + 68, &size.to_le_bytes());

    Ok(ImageContent {
        layout: l,
        cor_header,
        exception_table: (rf_size > 0).then_some((runtime_functions, rf_size)),
    })
}

/// MethodDefEntryPoints: NativeArray indexed by RID - 1, laid out by the
/// shared NativeFormat writer; equal fixup lists share one blob. Always
/// present: the .NET 8 loader reads it without checking (an image with no
/// compiled method and no table crashes it, verified on 8.0.4).
fn method_entry_points(l: &mut Layout, placed: &BTreeMap<MethodId, PlacedMethod>) -> (Symbol, u32) {
    let mut w = NativeWriter::new();
    let array = w.new_array();
    w.place(array);
    let mut fixup_blobs: HashMap<Vec<(u32, u32)>, _> = HashMap::new();
    for (id, pm) in placed {
        let MethodId::Def(rid) = *id else { continue };
        let fixups = (!pm.fixups.is_empty()).then(|| {
            *fixup_blobs
                .entry(pm.fixups.clone())
                .or_insert_with(|| w.blob(encode_fixup_list(&pm.fixups)))
        });
        let entry = w.entry_point(pm.first_runtime_function, fixups);
        w.array_set(array, (rid - 1) as usize, entry);
    }
    w.expand_array(array);
    let blob = w.save();
    let len = blob.len() as u32;
    (l.append_symbol(SectionKind::ReadOnly, &blob, 4), len)
}

/// InstanceMethodEntryPoints: a NativeHashtable keyed by each
/// instantiation's version-resilient method hash; an entry is the method
/// signature blob followed by the entry point (RUNTIME_FUNCTION index and
/// fixup list), as crossgen2's `InstanceEntryPointTableNode` lays it out.
/// `None` without instantiations.
fn instance_entry_points(
    l: &mut Layout,
    placed: &BTreeMap<MethodId, PlacedMethod>,
) -> Option<(Symbol, u32)> {
    let instances: Vec<(&Vec<u8>, u32, &PlacedMethod)> = placed
        .iter()
        .filter_map(|(id, pm)| match id {
            MethodId::Instance { signature, hash } => Some((signature, *hash, pm)),
            MethodId::Def(_) => None,
        })
        .collect();
    if instances.is_empty() {
        return None;
    }
    let mut w = NativeWriter::new();
    let table = w.new_hashtable();
    w.place(table);
    let mut fixup_blobs: HashMap<Vec<(u32, u32)>, _> = HashMap::new();
    let mut entries = Vec::with_capacity(instances.len());
    for (signature, hash, pm) in instances {
        let fixups = (!pm.fixups.is_empty()).then(|| {
            *fixup_blobs
                .entry(pm.fixups.clone())
                .or_insert_with(|| w.blob(encode_fixup_list(&pm.fixups)))
        });
        let sig = w.blob(signature.clone());
        let entry = w.entry_point_with_blob(pm.first_runtime_function, fixups, sig);
        w.place(entry);
        entries.push((hash, entry));
    }
    for (hash, entry) in entries {
        w.hashtable_append(table, hash, entry);
    }
    let blob = w.save();
    let len = blob.len() as u32;
    Some((l.append_symbol(SectionKind::ReadOnly, &blob, 4), len))
}

/// DebugInfo: NativeArray indexed by RUNTIME_FUNCTION index (main bodies),
/// each entry the method's bounds (no variable locations yet); `None` if no
/// method has bounds.
fn debug_info(
    l: &mut Layout,
    methods: &BTreeMap<MethodId, MethodStencil>,
    placed: &BTreeMap<MethodId, PlacedMethod>,
) -> Option<(Symbol, u32)> {
    if methods.values().all(|m| m.debug_bounds.is_empty()) {
        return None;
    }
    let mut w = NativeWriter::new();
    let array = w.new_array();
    w.place(array);
    let mut debug_blobs = HashMap::new();
    for (id, m) in methods {
        if m.debug_bounds.is_empty() {
            continue;
        }
        let info = DebugInfo {
            bounds: m.debug_bounds.clone(),
            vars: Vec::new(),
        };
        // Equal blobs are shared (later entries refer back to the first), as
        // crossgen2 lays the table out.
        let bytes = info.encode();
        let blob = *debug_blobs
            .entry(bytes.clone())
            .or_insert_with(|| w.blob(bytes));
        let entry = w.debug_info(blob);
        w.array_set(array, placed[id].first_runtime_function as usize, entry);
    }
    w.expand_array(array);
    let blob = w.save();
    let len = blob.len() as u32;
    Some((l.append_symbol(SectionKind::ReadOnly, &blob, 4), len))
}

/// ExceptionInfo: the lookup table sorted by method start (methods are
/// placed in RID order), its sentinel, then the clauses; `None` if no method
/// has EH (the runtime asserts the table has at least two entries).
fn exception_info(
    l: &mut Layout,
    methods: &BTreeMap<MethodId, MethodStencil>,
    placed: &BTreeMap<MethodId, PlacedMethod>,
) -> Option<(Symbol, u32)> {
    let ro = SectionKind::ReadOnly;
    let with_eh: Vec<(&MethodId, &MethodStencil)> = methods
        .iter()
        .filter(|(_, m)| !m.eh_clauses.is_empty())
        .collect();
    if with_eh.is_empty() {
        return None;
    }
    let lookup = l.append(ro, &vec![0u8; 8 * (with_eh.len() + 1)], 4);
    let mut clause_syms = Vec::new();
    for (_, m) in &with_eh {
        let mut bytes = Vec::new();
        for c in &m.eh_clauses {
            encode_clause(c, &mut bytes);
        }
        clause_syms.push(l.append_symbol(ro, &bytes, 4));
    }
    let end = l.len(ro);
    let at = |o: u32| Place {
        section: ro,
        offset: lookup.offset + o,
    };
    for (k, (id, _)) in with_eh.iter().enumerate() {
        let k = k as u32;
        l.reloc(at(8 * k), RelocKind::ImageRel32, placed[*id].code, 0);
        l.reloc(
            at(8 * k + 4),
            RelocKind::ImageRel32,
            clause_syms[k as usize],
            0,
        );
    }
    // Sentinel: method start ~0, clauses pointer = end of the clauses (the
    // runtime computes each method's clause count from the next entry).
    let n = with_eh.len() as u32;
    patch(l, ro, lookup.offset + 8 * n, &u32::MAX.to_le_bytes());
    let end_sym = l.symbol_at(Place {
        section: ro,
        offset: end,
    });
    l.reloc(at(8 * n + 4), RelocKind::ImageRel32, end_sym, 0);
    Some((l.symbol_at(lookup), 8 * (n + 1)))
}

/// READYTORUN_HEADER 9.1 with its sections sorted by type, defined at
/// `symbol`. Returns its size.
fn ready_to_run_header(
    l: &mut Layout,
    input: &InputImage,
    symbol: Symbol,
    mut entries: Vec<(SectionType, Symbol, u32)>,
) -> u32 {
    let ro = SectionKind::ReadOnly;
    entries.sort_by_key(|e| e.0);
    let mut header = Vec::new();
    header.extend_from_slice(&READYTORUN_SIGNATURE.to_le_bytes());
    header.extend_from_slice(&9u16.to_le_bytes());
    header.extend_from_slice(&1u16.to_le_bytes());
    // AnyCPU IL (I386 machine, not 32-bit-required), as crossgen2 decides.
    let platform_neutral =
        input.machine == 0x14c && input.cor_flags & cor_flags::BIT32_REQUIRED == 0;
    let flags = if platform_neutral {
        r2r_flags::PLATFORM_NEUTRAL_SOURCE
    } else {
        0
    };
    header.extend_from_slice(&flags.to_le_bytes());
    header.extend_from_slice(&(entries.len() as u32).to_le_bytes());
    for (ty, _, size) in &entries {
        header.extend_from_slice(&ty.raw().to_le_bytes());
        header.extend_from_slice(&0u32.to_le_bytes());
        header.extend_from_slice(&size.to_le_bytes());
    }
    let hp = l.append(ro, &header, 4);
    l.define(symbol, hp);
    for (k, (_, sym, _)) in entries.iter().enumerate() {
        let field = Place {
            section: ro,
            offset: hp.offset + 16 + 12 * k as u32 + 4,
        };
        l.reloc(field, RelocKind::ImageRel32, *sym, 0);
    }
    header.len() as u32
}

fn patch(l: &mut Layout, section: SectionKind, offset: u32, bytes: &[u8]) {
    l.patch(section, offset, bytes);
}
