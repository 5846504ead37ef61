//! Per-method stencils: the contract between a code generator and a
//! container writer.
//!
//! A [`MethodStencil`] is everything the backend knows about one compiled
//! method, with no addresses in it: machine code, the places in that code that
//! refer to something outside it ([`Reloc`]s to symbolic [`Target`]s), the
//! format-neutral prolog description ([`UnwindInfo`]) from which a writer
//! builds Windows `UNWIND_INFO` (PE/R2R) or DWARF CFI (ELF/Mach-O), the encoded
//! GC info blob, EH clauses and IL↔native bounds.
//!
//! The writer decides where every method, import cell and thunk lives, assigns
//! RVAs, and patches the relocations. Two stencils that are equal produce equal
//! bytes wherever they are placed, so salsa can reuse them across builds.
//!
//! Import cells are identified by *what* they resolve to ([`Import`]: the kind
//! of import section and the fixup signature bytes), never by an index; the
//! writer deduplicates equal imports into one cell.
//!
//! Specification: `docs/design/coreclr/botr/readytorun-format.md` (import
//! sections, fixup signatures, per-method fixup lists, RUNTIME_FUNCTION,
//! ExceptionInfo) and `src/coreclr/inc/readytorun.h` (9.1).

/// One compiled method: main body followed by its funclets.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct MethodStencil {
    /// Machine code: the main body, then each funclet in [`Self::fragments`]
    /// order. Relocation fields hold zero until the writer patches them.
    pub code: Vec<u8>,
    /// Required alignment of the first code byte (a power of two, ≥ 4; the
    /// runtime requires even entry points, crossgen2 uses 16 or 32).
    pub alignment: u32,
    /// Places in [`Self::code`] that refer to something outside the method.
    pub relocs: Vec<Reloc>,
    /// The main body and its funclets, in code order. `fragments[0]` is the
    /// main body and starts at offset 0. Each fragment gets its own
    /// RUNTIME_FUNCTION entry and unwind record.
    pub fragments: Vec<Fragment>,
    /// The GC info blob for the whole method (main body + funclets), already
    /// encoded for the target runtime (GcInfo v2 for R2R 9.x). Offsets inside
    /// it are relative to the start of the main body.
    pub gc_info: Vec<u8>,
    /// Exception-handling clauses, innermost first, offsets relative to the
    /// start of the main body (the order the runtime's EH lookup expects).
    pub eh_clauses: Vec<EhClause>,
    /// Fixups the runtime must resolve before the method first runs, in
    /// addition to the lazily bound cells referenced by [`Self::relocs`]
    /// (e.g. `Check_TypeLayout`, `Check_FieldOffset`). The writer adds every
    /// imported cell of a non-delay-load section the code references.
    pub eager_fixups: Vec<Import>,
    /// IL offset ↔ native offset pairs, sorted by native offset.
    pub debug_bounds: Vec<DebugBound>,
    /// Read-only data the code addresses RIP-relatively through
    /// [`Target::Data`] (floating-point constants, jump tables).
    pub data: Vec<u8>,
    /// Alignment of [`Self::data`] (power of two).
    pub data_alignment: u32,
}

/// A contiguous range of [`MethodStencil::code`] with its own unwind record:
/// the main body or one funclet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Fragment {
    /// Offset of the first byte, relative to the start of the main body.
    pub start: u32,
    /// Offset one past the last byte.
    pub end: u32,
    /// What kind of code this is.
    pub kind: FragmentKind,
    /// How the prolog of this fragment builds its frame.
    pub unwind: UnwindInfo,
}

/// The role of a [`Fragment`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FragmentKind {
    /// The method's main body (always `fragments[0]`).
    #[default]
    MainBody,
    /// A catch, finally or fault funclet.
    Handler,
    /// A filter funclet (the runtime tells these apart by their personality
    /// routine).
    Filter,
}

/// Format-neutral description of a prolog, in the vocabulary of Windows x64
/// unwind codes (which R2R uses on every OS). Writers translate it to
/// `UNWIND_INFO` or DWARF CFI.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct UnwindInfo {
    /// Length of the prolog in bytes.
    pub prolog_size: u8,
    /// Frame register (x64 register number, e.g. 5 = RBP) and its scaled
    /// offset from RSP (`offset` is in bytes, a multiple of 16, ≤ 240), if the
    /// fragment establishes one.
    pub frame_register: Option<(u8, u8)>,
    /// Prolog operations in the order they execute.
    pub ops: Vec<UnwindOp>,
}

/// One prolog operation. `code_offset` is the offset *after* the instruction
/// that performed it, relative to the fragment's start (as UNWIND_CODE has it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UnwindOp {
    /// `push reg` of a non-volatile register (x64 register number).
    PushNonVolatile { code_offset: u8, reg: u8 },
    /// `sub rsp, size` (size a multiple of 8).
    Alloc { code_offset: u8, size: u32 },
    /// `lea rbp, [rsp + frame offset]` / `mov rbp, rsp`: establishes the frame
    /// register given in [`UnwindInfo::frame_register`].
    SetFramePointer { code_offset: u8 },
    /// `mov [rsp + offset], reg` of a non-volatile register.
    SaveNonVolatile {
        code_offset: u8,
        reg: u8,
        offset: u32,
    },
    /// `movaps [rsp + offset], xmm` of a non-volatile XMM register.
    SaveXmm128 {
        code_offset: u8,
        reg: u8,
        offset: u32,
    },
}

/// A place in the code that the writer patches once addresses are known.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reloc {
    /// Offset of the field to patch, relative to the start of the main body.
    pub offset: u32,
    /// How to compute the value.
    pub kind: RelocKind,
    /// What it refers to.
    pub target: Target,
    /// Added to the target address.
    pub addend: i64,
}

/// How a relocated field is computed (`S` = target address, `A` = addend,
/// `P` = address of the field).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RelocKind {
    /// 32-bit RIP-relative displacement whose instruction ends right after the
    /// field: `S + A - (P + 4)`. For `call qword ptr [rip+disp32]` (FF 15) and
    /// every other `[rip+disp32]` operand whose instruction has no trailing
    /// immediate; a trailing immediate of `n` bytes is expressed as `A = -n`.
    Rel32,
    /// 64-bit absolute address: `S + A`; the writer also emits a base
    /// relocation (DIR64) for it.
    Abs64,
    /// 32-bit image-relative address (RVA): `S + A - ImageBase`.
    ImageRel32,
}

/// The symbolic destination of a [`Reloc`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// An import cell (the writer allocates one per distinct [`Import`]).
    Import(Import),
    /// An offset into this method's own code (e.g. jump-table entries).
    Code(u32),
    /// An offset into this method's [`MethodStencil::data`].
    Data(u32),
}

/// What an import cell resolves to: which kind of import section holds it and
/// the fixup signature the runtime decodes to fill it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Import {
    /// The import section the cell belongs to.
    pub section: ImportSection,
    /// The fixup signature: first byte is the `READYTORUN_FIXUP_*` kind, then
    /// its operands (ECMA-335 compressed integers, module-relative tokens).
    pub signature: Vec<u8>,
    /// For [`ImportSection::MethodCall`] and [`ImportSection::Dispatch`]
    /// cells: the callee's GC reference map over the transition block, used
    /// by the runtime to report the arguments while the call is being bound.
    pub gc_ref_map: Option<GcRefMap>,
}

/// The import sections a stencil can refer to, as crossgen2 lays them out
/// (ReadyToRunCodegenNodeFactory.cs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImportSection {
    /// Resolved when the image loads (`READYTORUN_IMPORT_SECTION_FLAGS_EAGER`):
    /// helper cells such as write barriers and the module cell.
    Eager,
    /// A non-virtual call target bound on first call through a delay-load
    /// thunk (`DelayLoad_MethodCall`). The code must call it as
    /// `call qword ptr [rip+disp32]` (FF 15) so the runtime can find the cell
    /// from the return address.
    MethodCall,
    /// A virtual-stub-dispatch cell (one per interface call site), called as
    /// `lea r11, [rip+cell]; call qword ptr [r11]`.
    Dispatch,
    /// A runtime helper bound on first call through a delay-load thunk
    /// (`DelayLoad_Helper`, helper 0x10), crossgen2's HelperImports section
    /// (flags PCode, type Unknown; checked in System.Private.CoreLib 8.0.4).
    /// The fixup signature names what the helper computes (`StaticBaseGC`,
    /// `StaticBaseNonGC` of a type): the first call resolves it — running
    /// the class constructor when the class is not initialized — and
    /// returns the result in RAX; the cell is then patched to a stub
    /// returning it. Like [`ImportSection::MethodCall`], the code must call
    /// it as `call qword ptr [rip+disp32]` (FF 15): the thunk passes RAX = 0
    /// and the runtime finds the cell from the call site.
    DelayLoadHelper,
    /// A cell resolved before the method first runs, listed in the method's
    /// fixup list (type handles, field offsets, …).
    Lazy,
    /// A string literal handle, resolved before the method first runs.
    String,
}

impl Import {
    /// For a [`ImportSection::DelayLoadHelper`] cell: the delay-load helper
    /// its thunk jumps to, by the fixup kind (the runtime's
    /// `GetDelayLoadHelperForDynamicHelper`, crossgen2's
    /// `DelayLoadHelperImport` helpers, checked in System.Linq.dll 8.0.4):
    /// `DelegateCtor` takes two objects (the delegate, the target) that the
    /// helper's frame must report — `DelayLoad_Helper_ObjObj`; casts and
    /// `VirtualEntry` take one — `DelayLoad_Helper_Obj`; the rest (static
    /// bases, `CctorTrigger`, `FieldAddress`) none — `DelayLoad_Helper`.
    pub fn delay_load_helper(&self) -> crate::r2r::Helper {
        use crate::r2r::{FixupKind as K, Helper as H};
        let kind = self
            .signature
            .first()
            .and_then(|&b| K::from_raw(b & !crate::r2r::FIXUP_MODULE_OVERRIDE));
        match kind {
            Some(K::DelegateCtor) => H::DelayLoad_Helper_ObjObj,
            Some(K::IsInstanceOf | K::ChkCast | K::VirtualEntry) => H::DelayLoad_Helper_Obj,
            _ => H::DelayLoad_Helper,
        }
    }
}

impl Import {
    /// Whether the cell is a generic dictionary lookup
    /// (`ThisObjDictionaryLookup`, `TypeDictionaryLookup`,
    /// `MethodDictionaryLookup`). The runtime patches such a cell with a
    /// stub reading one slot of one generic context's dictionary
    /// (`DynamicHelperFixup` → `CreateDictionaryLookupHelper`,
    /// src/coreclr/vm/prestub.cpp; the slot comes from
    /// `DictionaryLayout::FindToken` on the context of the first call), so a
    /// cell must never be shared by code of two different generic contexts
    /// — crossgen2 keys these cells by the compiled method's context
    /// (`GenericLookupKey.MethodContext`). The writer gives each method its
    /// own.
    pub fn is_generic_lookup(&self) -> bool {
        use crate::r2r::FixupKind as K;
        let kind = self
            .signature
            .first()
            .and_then(|&b| K::from_raw(b & !crate::r2r::FIXUP_MODULE_OVERRIDE));
        matches!(
            kind,
            Some(K::ThisObjDictionaryLookup | K::TypeDictionaryLookup | K::MethodDictionaryLookup)
        )
    }
}

/// Per transition-block position GC kinds of a callee's arguments
/// (GCRefMap, see crossgen2 GCRefMapBuilder.cs). Index 0 is the first
/// argument register (RDI on SysV); stack positions follow the registers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GcRefMap {
    /// One entry per transition-block pointer-sized position, trailing
    /// [`GcRefKind::Skip`] entries trimmed.
    pub positions: Vec<GcRefKind>,
}

/// The GC meaning of one argument position.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum GcRefKind {
    /// Not a GC reference.
    #[default]
    Skip,
    /// An object reference.
    Ref,
    /// An interior pointer (byref).
    Interior,
    /// An extended GCRefMap token, stored as its raw value: 3 the generic
    /// method's instantiation parameter (`GCREFMAP_METHOD_PARAM`), 4 the
    /// type's (`GCREFMAP_TYPE_PARAM`), 5 a vararg signature cookie
    /// (`GCREFMAP_VASIG_COOKIE`); see crossgen2 GCRefMapBuilder.cs and
    /// `src/coreclr/vm/gcrefmap.h`.
    Extended(u32),
}

/// One exception-handling clause, offsets relative to the main body start,
/// ends exclusive (CORINFO_EH_CLAUSE as stored in the ExceptionInfo section).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EhClause {
    /// `COR_ILEXCEPTION_CLAUSE_*` flags: 0 typed, 1 filter, 2 finally, 4 fault.
    pub flags: u32,
    pub try_start: u32,
    pub try_end: u32,
    pub handler_start: u32,
    pub handler_end: u32,
    /// Typed clause: the class token (in the compiled module's metadata).
    /// Filter clause: the filter funclet's offset.
    pub class_token_or_filter_offset: u32,
}

/// Maps a native offset to the IL offset it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DebugBound {
    pub native_offset: u32,
    /// IL offset, or one of the special values (`NO_MAPPING` = -1,
    /// `PROLOG` = -2, `EPILOG` = -3) as i32.
    pub il_offset: i32,
    /// `ICorDebugInfo::SourceTypes` flags (stack empty, call site, …).
    pub source: u32,
}

impl MethodStencil {
    /// Total size of the code, main body and funclets.
    pub fn code_len(&self) -> u32 {
        self.code.len() as u32
    }

    /// Every distinct import referenced by the relocations, plus the eager
    /// fixups, in first-use order.
    pub fn imports(&self) -> Vec<&Import> {
        let mut out: Vec<&Import> = Vec::new();
        let relocated = self.relocs.iter().filter_map(|r| match &r.target {
            Target::Import(i) => Some(i),
            _ => None,
        });
        for import in relocated.chain(self.eager_fixups.iter()) {
            if !out.contains(&import) {
                out.push(import);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper(id: u8) -> Import {
        Import {
            section: ImportSection::Eager,
            signature: vec![0x1A, id],
            gc_ref_map: None,
        }
    }

    #[test]
    fn imports_are_deduplicated_in_first_use_order() {
        let reloc = |offset, id| Reloc {
            offset,
            kind: RelocKind::Rel32,
            target: Target::Import(helper(id)),
            addend: 0,
        };
        let stencil = MethodStencil {
            relocs: vec![reloc(2, 0x30), reloc(9, 0x31), reloc(20, 0x30)],
            eager_fixups: vec![helper(0x31), helper(0x58)],
            ..Default::default()
        };
        let sigs: Vec<u8> = stencil.imports().iter().map(|i| i.signature[1]).collect();
        assert_eq!(sigs, vec![0x30, 0x31, 0x58]);
    }
}
