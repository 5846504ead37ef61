//! ReadyToRun 9.1 format constants as typed data: the header, section
//! types, header flags, import sections, fixup kinds, helper ids and the
//! method/field/type-layout signature flags.
//!
//! Specification: dotnet/runtime `src/coreclr/inc/readytorun.h` as of
//! R2R 9.1 (.NET 8; `READYTORUN_MAJOR_VERSION 0x0009`,
//! `READYTORUN_MINOR_VERSION 0x0001`). Values that exist only in later
//! versions (flag 0x100, helpers 0x27, 0x33, 0x3E, 0x3F, 0x5D, 0xD8, 0xD9,
//! 0xE2, 0xE3, …) are deliberately absent.

/// `READYTORUN_SIGNATURE`: the first DWORD of the header, `'RTR'`.
pub const READYTORUN_SIGNATURE: u32 = 0x0052_5452;
/// Size of `READYTORUN_HEADER` (signature, versions, flags, section count).
pub const HEADER_SIZE: usize = 16;
/// Size of one `READYTORUN_SECTION` entry (type, RVA, size).
pub const SECTION_ENTRY_SIZE: usize = 12;
/// Size of one `READYTORUN_IMPORT_SECTION`.
pub const IMPORT_SECTION_SIZE: usize = 20;
/// Size of one x64 `RUNTIME_FUNCTION` (begin RVA, end RVA, unwind RVA).
pub const RUNTIME_FUNCTION_SIZE: usize = 12;
/// Size of one `READYTORUN_EXCEPTION_LOOKUP_TABLE_ENTRY`.
pub const EH_LOOKUP_ENTRY_SIZE: usize = 8;
/// Size of one `READYTORUN_EXCEPTION_CLAUSE`.
pub const EH_CLAUSE_SIZE: usize = 24;
/// PE `Machine` value of a linux-x64 R2R image: `0x8664 ^ 0x7B79`.
pub const MACHINE_AMD64_LINUX: u16 = 0x8664 ^ 0x7B79;

/// The OS constants crossgen2 XORs into an R2R image's `Machine`
/// (`IMAGE_FILE_MACHINE_NATIVE_OS_OVERRIDE`, crossgen2's
/// TargetExtensions.cs): Windows 0, Apple, FreeBSD, Linux, NetBSD, SunOS.
pub const MACHINE_OS_OVERRIDES: [u16; 6] = [0, 0x4644, 0xADC4, 0x7B79, 0x1993, 0x1992];

/// True for the `Machine` of an x64 ReadyToRun image for any OS.
pub fn is_amd64_r2r_machine(machine: u16) -> bool {
    MACHINE_OS_OVERRIDES.iter().any(|os| machine ^ os == 0x8664)
}

/// `READYTORUN_FLAG_*` header flags (9.1 has bits up to 0x80).
pub mod flags {
    /// The original IL image was platform neutral.
    pub const PLATFORM_NEUTRAL_SOURCE: u32 = 0x1;
    /// Type validation may be skipped (the `main` doc misnames this COMPOSITE).
    pub const SKIP_TYPE_VALIDATION: u32 = 0x2;
    /// Only some methods were compiled.
    pub const PARTIAL: u32 = 0x4;
    /// P/Invoke stubs compiled into the image are not shareable.
    pub const NONSHARED_PINVOKE_STUBS: u32 = 0x8;
    /// MSIL embedded in a composite image.
    pub const EMBEDDED_MSIL: u32 = 0x10;
    /// Component assembly of a composite image.
    pub const COMPONENT: u32 = 0x20;
    /// The version bubble spans several modules.
    pub const MULTIMODULE_VERSION_BUBBLE: u32 = 0x40;
    /// The image contains code not naturally owned by it.
    pub const UNRELATED_R2R_CODE: u32 = 0x80;
    /// Every flag defined by R2R 9.1.
    pub const ALL_9_1: u32 = 0xFF;
}

macro_rules! closed_enum {
    ($(#[$m:meta])* $name:ident : $repr:ty { $($(#[$vm:meta])* $v:ident = $val:expr,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[allow(non_camel_case_types)]
        #[repr($repr)]
        pub enum $name { $($(#[$vm])* $v = $val,)* }
        impl $name {
            /// Every value, in numeric order.
            pub const ALL: &'static [$name] = &[$($name::$v,)*];
            /// The value with this number, if it exists in R2R 9.1.
            pub fn from_raw(raw: $repr) -> Option<Self> {
                match raw { $(x if x == $val => Some($name::$v),)* _ => None }
            }
            /// The numeric value.
            pub fn raw(self) -> $repr { self as $repr }
            /// The name as in readytorun.h, without prefix.
            pub fn name(self) -> &'static str {
                match self { $($name::$v => stringify!($v),)* }
            }
        }
    };
}

closed_enum! {
    /// `ReadyToRunSectionType`: the `Type` of a `READYTORUN_SECTION`.
    SectionType: u32 {
        /// UTF-8 compiler identification string.
        CompilerIdentifier = 100,
        /// Array of `READYTORUN_IMPORT_SECTION`.
        ImportSections = 101,
        /// Sorted `RUNTIME_FUNCTION` table.
        RuntimeFunctions = 102,
        /// NativeArray indexed by MethodDef RID − 1.
        MethodDefEntryPoints = 103,
        /// EH lookup table + clauses.
        ExceptionInfo = 104,
        /// NativeArray of per-method debug info.
        DebugInfo = 105,
        /// Range of delay-load thunks.
        DelayLoadMethodCallThunks = 106,
        /// NativeHashtable of type definitions.
        AvailableTypes = 108,
        /// NativeHashtable of instantiated method entry points.
        InstanceMethodEntryPoints = 109,
        /// Deprecated inlining info.
        InliningInfo = 110,
        /// Profile data.
        ProfileDataInfo = 111,
        /// Extra metadata with references outside the IL metadata.
        ManifestMetadata = 112,
        /// Custom attribute presence filter.
        AttributePresence = 113,
        /// Inlining info v2.
        InliningInfo2 = 114,
        /// Composite component assemblies.
        ComponentAssemblies = 115,
        /// Owning composite image name.
        OwnerCompositeExecutable = 116,
        /// PGO instrumentation data.
        PgoInstrumentationData = 117,
        /// MVIDs of the manifest assemblies.
        ManifestAssemblyMvids = 118,
        /// Cross-module inline info.
        CrossModuleInlineInfo = 119,
        /// Hot/cold split map.
        HotColdMap = 120,
        /// Bit map: which methods are generic.
        MethodIsGenericMap = 121,
        /// Enclosing type of each nested type.
        EnclosingTypeMap = 122,
        /// Generic info per type.
        TypeGenericInfoMap = 123,
    }
}

closed_enum! {
    /// `ReadyToRunImportSectionType`.
    ImportSectionType: u8 {
        /// No special meaning.
        Unknown = 0,
        /// Virtual stub dispatch cells.
        StubDispatch = 2,
        /// String literal handles.
        StringHandle = 3,
        /// IL body fixups.
        ILBodyFixups = 7,
    }
}

/// `ReadyToRunImportSectionFlags` (a bit set).
pub mod import_flags {
    /// No flags.
    pub const NONE: u16 = 0;
    /// Resolved at image load.
    pub const EAGER: u16 = 1;
    /// Cells hold code pointers.
    pub const PCODE: u16 = 4;
}

closed_enum! {
    /// `ReadyToRunFixupKind`: the first byte of a fixup signature (bit 0x80
    /// is [`FIXUP_MODULE_OVERRIDE`], not part of the kind).
    FixupKind: u8 {
        /// Generic lookup via `this`.
        ThisObjDictionaryLookup = 0x07,
        /// Generic lookup via the type dictionary.
        TypeDictionaryLookup = 0x08,
        /// Generic lookup via the method dictionary.
        MethodDictionaryLookup = 0x09,
        /// A `TypeHandle` (type sig follows).
        TypeHandle = 0x10,
        /// A `MethodDesc` handle (method sig).
        MethodHandle = 0x11,
        /// A `FieldDesc` handle (field sig).
        FieldHandle = 0x12,
        /// A method entry point (method sig).
        MethodEntry = 0x13,
        /// A method entry point (MethodDef RID).
        MethodEntry_DefToken = 0x14,
        /// A method entry point (MemberRef RID).
        MethodEntry_RefToken = 0x15,
        /// A virtual call target (method sig).
        VirtualEntry = 0x16,
        /// A virtual call target (MethodDef RID).
        VirtualEntry_DefToken = 0x17,
        /// A virtual call target (MemberRef RID).
        VirtualEntry_RefToken = 0x18,
        /// A virtual call target (type sig + slot).
        VirtualEntry_Slot = 0x19,
        /// A runtime helper (helper id follows).
        Helper = 0x1A,
        /// A string literal handle (string RID).
        StringHandle = 0x1B,
        /// An allocator for a type (type sig).
        NewObject = 0x1C,
        /// An array allocator (type sig).
        NewArray = 0x1D,
        /// `isinst` helper for a type.
        IsInstanceOf = 0x1E,
        /// `castclass` helper for a type.
        ChkCast = 0x1F,
        /// Address of a static field (field sig).
        FieldAddress = 0x20,
        /// Runs the class constructor of a type.
        CctorTrigger = 0x21,
        /// Non-GC static base of a type.
        StaticBaseNonGC = 0x22,
        /// GC static base of a type.
        StaticBaseGC = 0x23,
        /// Non-GC thread static base of a type.
        ThreadStaticBaseNonGC = 0x24,
        /// GC thread static base of a type.
        ThreadStaticBaseGC = 0x25,
        /// Offset of the first field of a type past its base (type sig).
        FieldBaseOffset = 0x26,
        /// Offset of a field (field sig).
        FieldOffset = 0x27,
        /// A type's generic dictionary.
        TypeDictionary = 0x28,
        /// A method's generic dictionary.
        MethodDictionary = 0x29,
        /// Rejects the method if a type's layout differs (type sig + layout).
        Check_TypeLayout = 0x2A,
        /// Rejects the method if a field offset differs (offset + field sig).
        Check_FieldOffset = 0x2B,
        /// Optimized delegate constructor.
        DelegateCtor = 0x2C,
        /// Declaring type handle of a method.
        DeclaringTypeHandle = 0x2D,
        /// Indirect P/Invoke target.
        IndirectPInvokeTarget = 0x2E,
        /// P/Invoke target.
        PInvokeTarget = 0x2F,
        /// Required/unsupported instruction sets.
        Check_InstructionSetSupport = 0x30,
        /// Fails fast if a field offset differs.
        Verify_FieldOffset = 0x31,
        /// Fails fast if a type layout differs.
        Verify_TypeLayout = 0x32,
        /// Rejects the method if a virtual override differs.
        Check_VirtualFunctionOverride = 0x33,
        /// Fails fast if a virtual override differs.
        Verify_VirtualFunctionOverride = 0x34,
        /// Rejects the method if an IL body differs.
        Check_IL_Body = 0x35,
        /// Fails fast if an IL body differs.
        Verify_IL_Body = 0x36,
    }
}

/// `READYTORUN_FIXUP_ModuleOverride`: OR'ed into the kind byte; a compressed
/// module index follows the kind.
pub const FIXUP_MODULE_OVERRIDE: u8 = 0x80;

closed_enum! {
    /// `ReadyToRunHelper`: helper ids that exist in R2R 9.1.
    Helper: u32 {
        /// Not a helper: the current module (first eager cell).
        Module = 0x01,
        /// The GS cookie value.
        GSCookie = 0x02,
        /// Trap-threads indirection.
        IndirectTrapThreads = 0x03,
        /// Delay-load worker for method calls.
        DelayLoad_MethodCall = 0x08,
        /// Delay-load worker for helpers.
        DelayLoad_Helper = 0x10,
        /// Delay-load worker for helpers with one object argument.
        DelayLoad_Helper_Obj = 0x11,
        /// Delay-load worker for helpers with two object arguments.
        DelayLoad_Helper_ObjObj = 0x12,
        /// `throw`.
        Throw = 0x20,
        /// `rethrow`.
        Rethrow = 0x21,
        /// Throws OverflowException.
        Overflow = 0x22,
        /// Throws IndexOutOfRangeException.
        RngChkFail = 0x23,
        /// Fails fast.
        FailFast = 0x24,
        /// Throws NullReferenceException.
        ThrowNullRef = 0x25,
        /// Throws DivideByZeroException.
        ThrowDivZero = 0x26,
        /// Write barrier (RDI = destination, RSI = reference on SysV).
        WriteBarrier = 0x30,
        /// Write barrier that checks the destination is in the heap.
        CheckedWriteBarrier = 0x31,
        /// Byref write barrier (cpobj).
        ByRefWriteBarrier = 0x32,
        /// `stelem.ref`.
        Stelem_Ref = 0x38,
        /// `ldelema` of a reference-type element.
        Ldelema_Ref = 0x39,
        /// Memory set (9.1: 0x40 is MemSet).
        MemSet = 0x40,
        /// Memory copy.
        MemCpy = 0x41,
        /// Inlined P/Invoke frame begin.
        PInvokeBegin = 0x42,
        /// Inlined P/Invoke frame end.
        PInvokeEnd = 0x43,
        /// GC poll.
        GCPoll = 0x44,
        /// Reverse P/Invoke enter.
        ReversePInvokeEnter = 0x45,
        /// Reverse P/Invoke exit.
        ReversePInvokeExit = 0x46,
        /// Lazy string literal.
        GetString = 0x50,
        /// Profiling helper.
        LogMethodEnter = 0x51,
        /// `ldtoken` of a type.
        GetRuntimeTypeHandle = 0x54,
        /// `ldtoken` of a method.
        GetRuntimeMethodHandle = 0x55,
        /// `ldtoken` of a field.
        GetRuntimeFieldHandle = 0x56,
        /// `box`.
        Box = 0x58,
        /// `box` of a Nullable.
        Box_Nullable = 0x59,
        /// `unbox`.
        Unbox = 0x5A,
        /// `unbox` to a Nullable.
        Unbox_Nullable = 0x5B,
        /// Allocates a multi-dimensional array.
        NewMultiDimArr = 0x5C,
        /// Generic `newobj`.
        NewObject = 0x60,
        /// Generic `newarr`.
        NewArray = 0x61,
        /// Generic `castclass`.
        CheckCastAny = 0x62,
        /// Generic `isinst`.
        CheckInstanceAny = 0x63,
        /// Generic GC static base.
        GenericGcStaticBase = 0x64,
        /// Generic non-GC static base.
        GenericNonGcStaticBase = 0x65,
        /// Generic GC thread-static base.
        GenericGcTlsBase = 0x66,
        /// Generic non-GC thread-static base.
        GenericNonGcTlsBase = 0x67,
        /// Virtual function pointer (`ldvirtftn`).
        VirtualFuncPtr = 0x68,
        /// `isinst` for exception filters.
        IsInstanceOfException = 0x69,
        /// Array allocation possibly on the frozen heap.
        NewMaybeFrozenArray = 0x6A,
        /// Object allocation possibly on the frozen heap.
        NewMaybeFrozenObject = 0x6B,
        /// 64-bit multiply.
        LMul = 0xC0,
        /// 64-bit multiply with overflow check.
        LMulOfv = 0xC1,
        /// Unsigned 64-bit multiply with overflow check.
        ULMulOvf = 0xC2,
        /// 64-bit divide.
        LDiv = 0xC3,
        /// 64-bit remainder.
        LMod = 0xC4,
        /// Unsigned 64-bit divide.
        ULDiv = 0xC5,
        /// Unsigned 64-bit remainder.
        ULMod = 0xC6,
        /// 64-bit shift left.
        LLsh = 0xC7,
        /// 64-bit arithmetic shift right.
        LRsh = 0xC8,
        /// 64-bit logical shift right.
        LRsz = 0xC9,
        /// Long to double.
        Lng2Dbl = 0xCA,
        /// Unsigned long to double.
        ULng2Dbl = 0xCB,
        /// 32-bit divide.
        Div = 0xCC,
        /// 32-bit remainder.
        Mod = 0xCD,
        /// Unsigned 32-bit divide.
        UDiv = 0xCE,
        /// Unsigned 32-bit remainder.
        UMod = 0xCF,
        /// Double to int.
        Dbl2Int = 0xD0,
        /// Double to int, checked.
        Dbl2IntOvf = 0xD1,
        /// Double to long.
        Dbl2Lng = 0xD2,
        /// Double to long, checked.
        Dbl2LngOvf = 0xD3,
        /// Double to uint.
        Dbl2UInt = 0xD4,
        /// Double to uint, checked.
        Dbl2UIntOvf = 0xD5,
        /// Double to ulong.
        Dbl2ULng = 0xD6,
        /// Double to ulong, checked.
        Dbl2ULngOvf = 0xD7,
        /// Double remainder.
        DblRem = 0xE0,
        /// Float remainder.
        FltRem = 0xE1,
        /// Personality routine of main bodies and handler funclets.
        PersonalityRoutine = 0xF0,
        /// Personality routine of filter funclets.
        PersonalityRoutineFilterFunclet = 0xF1,
        /// Monitor enter (synchronized methods).
        MonitorEnter = 0xF8,
        /// Monitor exit (synchronized methods).
        MonitorExit = 0xF9,
        /// Stack probe.
        StackProbe = 0x111,
        /// `Environment.CurrentManagedThreadId`.
        GetCurrentManagedThreadId = 0x112,
    }
}

/// `ReadyToRunMethodSigFlags`.
pub mod method_sig {
    /// Unboxing stub.
    pub const UNBOXING_STUB: u32 = 0x01;
    /// Instantiating stub.
    pub const INSTANTIATING_STUB: u32 = 0x02;
    /// Method instantiation follows.
    pub const METHOD_INSTANTIATION: u32 = 0x04;
    /// A slot number instead of a token.
    pub const SLOT_INSTEAD_OF_TOKEN: u32 = 0x08;
    /// The token is a MemberRef (else MethodDef).
    pub const MEMBER_REF_TOKEN: u32 = 0x10;
    /// A constrained type follows.
    pub const CONSTRAINED: u32 = 0x20;
    /// An owner type sig precedes the token.
    pub const OWNER_TYPE: u32 = 0x40;
    /// A module index follows the flags (token context switch).
    pub const UPDATE_CONTEXT: u32 = 0x80;
}

/// `ReadyToRunFieldSigFlags`.
pub mod field_sig {
    /// An index instead of a token.
    pub const INDEX_INSTEAD_OF_TOKEN: u32 = 0x08;
    /// The token is a MemberRef (else FieldDef).
    pub const MEMBER_REF_TOKEN: u32 = 0x10;
    /// An owner type sig precedes the token.
    pub const OWNER_TYPE: u32 = 0x40;
}

/// `ReadyToRunTypeLayoutFlags` of a `Check_TypeLayout` blob.
pub mod layout {
    /// HFA element type follows.
    pub const HFA: u32 = 0x01;
    /// Alignment follows.
    pub const ALIGNMENT: u32 = 0x02;
    /// Alignment is the native one.
    pub const ALIGNMENT_NATIVE: u32 = 0x04;
    /// GC bitmap follows.
    pub const GC_LAYOUT: u32 = 0x08;
    /// No GC references.
    pub const GC_LAYOUT_EMPTY: u32 = 0x10;
}

/// R2R-specific element types inside type signatures (beyond ECMA-335).
pub mod elem {
    /// `ELEMENT_TYPE_NATIVE_VALUETYPE_ZAPSIG`.
    pub const NATIVE_VALUETYPE: u8 = 0x3D;
    /// `ELEMENT_TYPE_CANON_ZAPSIG` (`__Canon`).
    pub const CANON: u8 = 0x3E;
    /// `ELEMENT_TYPE_MODULE_ZAPSIG`: module index, then a type.
    pub const MODULE: u8 = 0x3F;
}

/// `CorExceptionFlag` values of an EH clause.
pub mod eh_flags {
    /// Typed catch.
    pub const TYPED: u32 = 0;
    /// Filter.
    pub const FILTER: u32 = 1;
    /// Finally.
    pub const FINALLY: u32 = 2;
    /// Fault.
    pub const FAULT: u32 = 4;
    /// Duplicated clause (funclet-relative copy).
    pub const DUPLICATED: u32 = 8;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helper_ids_round_trip_and_later_ids_are_absent() {
        for h in Helper::ALL {
            assert_eq!(Helper::from_raw(h.raw()), Some(*h));
        }
        for missing in [
            0x27, 0x33, 0x3E, 0x3F, 0x5D, 0xD8, 0xD9, 0xE2, 0xE3, 0x113, 0x114,
        ] {
            assert_eq!(Helper::from_raw(missing), None, "{missing:#x}");
        }
        assert_eq!(Helper::MemSet.raw(), 0x40);
        assert_eq!(Helper::WriteBarrier.name(), "WriteBarrier");
    }

    #[test]
    fn machine_and_signature() {
        assert_eq!(MACHINE_AMD64_LINUX, 0xFD1D);
        assert_eq!(&READYTORUN_SIGNATURE.to_le_bytes(), b"RTR\0");
        assert_eq!(SectionType::from_raw(107), None);
        assert_eq!(FixupKind::from_raw(0x2A), Some(FixupKind::Check_TypeLayout));
    }
}

/// Encoders and decoders of the fixed-layout R2R tables: the header with
/// its section directory, the import section records and the
/// RUNTIME_FUNCTION table.
pub mod tables {
    use super::{
        SectionType, HEADER_SIZE, IMPORT_SECTION_SIZE, READYTORUN_SIGNATURE, RUNTIME_FUNCTION_SIZE,
        SECTION_ENTRY_SIZE,
    };
    use crate::error::{read_u16, read_u32, read_u8, DecodeError, Result};

    /// One `READYTORUN_SECTION`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct SectionEntry {
        /// Raw section type (see [`SectionType`]).
        pub ty: u32,
        /// RVA.
        pub rva: u32,
        /// Size in bytes.
        pub size: u32,
    }

    impl SectionEntry {
        /// Entry of a known section type.
        pub fn new(ty: SectionType, rva: u32, size: u32) -> Self {
            SectionEntry {
                ty: ty.raw(),
                rva,
                size,
            }
        }
    }

    /// `READYTORUN_HEADER` plus its section directory.
    #[derive(Clone, Debug, PartialEq, Eq, Hash)]
    pub struct Header {
        /// Major version (9).
        pub major: u16,
        /// Minor version (1).
        pub minor: u16,
        /// `READYTORUN_FLAG_*`.
        pub flags: u32,
        /// Sections (the encoder sorts them by type, as the runtime requires).
        pub sections: Vec<SectionEntry>,
    }

    impl Header {
        /// Encoded size: 16 + 12 per section.
        pub fn size(&self) -> usize {
            HEADER_SIZE + SECTION_ENTRY_SIZE * self.sections.len()
        }
        /// Encodes the header, sections sorted by type.
        pub fn encode(&self) -> Vec<u8> {
            let mut s = self.sections.clone();
            s.sort_by_key(|e| e.ty);
            let mut out = Vec::with_capacity(self.size());
            out.extend_from_slice(&READYTORUN_SIGNATURE.to_le_bytes());
            out.extend_from_slice(&self.major.to_le_bytes());
            out.extend_from_slice(&self.minor.to_le_bytes());
            out.extend_from_slice(&self.flags.to_le_bytes());
            out.extend_from_slice(&(s.len() as u32).to_le_bytes());
            for e in &s {
                for v in [e.ty, e.rva, e.size] {
                    out.extend_from_slice(&v.to_le_bytes());
                }
            }
            out
        }
        /// Decodes a header at the start of `buf` (checks the signature).
        pub fn decode(buf: &[u8]) -> Result<Header> {
            const W: &str = "READYTORUN_HEADER";
            if read_u32(buf, 0, W)? != READYTORUN_SIGNATURE {
                return Err(DecodeError::invalid(W, 0, "signature is not 'RTR'"));
            }
            let n = read_u32(buf, 12, W)? as usize;
            if n > buf.len() / SECTION_ENTRY_SIZE {
                return Err(DecodeError::out_of_range("section count", 12, n as u64));
            }
            let mut sections = Vec::with_capacity(n);
            for i in 0..n {
                let at = HEADER_SIZE + SECTION_ENTRY_SIZE * i;
                sections.push(SectionEntry {
                    ty: read_u32(buf, at, W)?,
                    rva: read_u32(buf, at + 4, W)?,
                    size: read_u32(buf, at + 8, W)?,
                });
            }
            Ok(Header {
                major: read_u16(buf, 4, W)?,
                minor: read_u16(buf, 6, W)?,
                flags: read_u32(buf, 8, W)?,
                sections,
            })
        }
    }

    /// One `READYTORUN_IMPORT_SECTION` record.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub struct ImportSectionRecord {
        /// RVA of the cells.
        pub rva: u32,
        /// Size of the cells.
        pub size: u32,
        /// `ReadyToRunImportSectionFlags`.
        pub flags: u16,
        /// `ReadyToRunImportSectionType`.
        pub ty: u8,
        /// Cell size (8 on x64).
        pub entry_size: u8,
        /// RVA of the u32 signature RVAs, one per cell.
        pub signatures: u32,
        /// RVA of the auxiliary data (GCRefMap), or 0.
        pub aux: u32,
    }

    impl ImportSectionRecord {
        /// Appends the 20-byte record.
        pub fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.rva.to_le_bytes());
            out.extend_from_slice(&self.size.to_le_bytes());
            out.extend_from_slice(&self.flags.to_le_bytes());
            out.push(self.ty);
            out.push(self.entry_size);
            out.extend_from_slice(&self.signatures.to_le_bytes());
            out.extend_from_slice(&self.aux.to_le_bytes());
        }
        /// Decodes the record at `at`.
        pub fn decode(buf: &[u8], at: usize) -> Result<Self> {
            const W: &str = "READYTORUN_IMPORT_SECTION";
            if buf.len() < at + IMPORT_SECTION_SIZE {
                return Err(DecodeError::truncated(W, at));
            }
            Ok(ImportSectionRecord {
                rva: read_u32(buf, at, W)?,
                size: read_u32(buf, at + 4, W)?,
                flags: read_u16(buf, at + 8, W)?,
                ty: read_u8(buf, at + 10, W)?,
                entry_size: read_u8(buf, at + 11, W)?,
                signatures: read_u32(buf, at + 12, W)?,
                aux: read_u32(buf, at + 16, W)?,
            })
        }
    }

    /// One x64 `RUNTIME_FUNCTION`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub struct RuntimeFunction {
        /// Begin RVA.
        pub begin: u32,
        /// End RVA (exclusive).
        pub end: u32,
        /// RVA of the unwind record.
        pub unwind: u32,
    }

    /// Encodes the RuntimeFunctions table: the entries (sorted by begin),
    /// then the `0xFFFFFFFF` sentinel the runtime's binary search relies on.
    /// The RuntimeFunctions section's size covers the entries only
    /// (`12 × count`); the sentinel follows it.
    pub fn encode_runtime_functions(entries: &[RuntimeFunction]) -> Vec<u8> {
        let mut e = entries.to_vec();
        e.sort();
        let mut out = Vec::with_capacity(e.len() * RUNTIME_FUNCTION_SIZE + 4);
        for f in &e {
            for v in [f.begin, f.end, f.unwind] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out.extend_from_slice(&u32::MAX.to_le_bytes());
        out
    }

    /// Decodes `count` entries and checks the sentinel after them; entries
    /// must be sorted and disjoint.
    pub fn decode_runtime_functions(buf: &[u8], count: usize) -> Result<Vec<RuntimeFunction>> {
        const W: &str = "RUNTIME_FUNCTION";
        if count > buf.len() / RUNTIME_FUNCTION_SIZE {
            return Err(DecodeError::out_of_range(
                "RUNTIME_FUNCTION count",
                0,
                count as u64,
            ));
        }
        let mut out = Vec::with_capacity(count);
        for i in 0..count {
            let at = i * RUNTIME_FUNCTION_SIZE;
            let f = RuntimeFunction {
                begin: read_u32(buf, at, W)?,
                end: read_u32(buf, at + 4, W)?,
                unwind: read_u32(buf, at + 8, W)?,
            };
            if f.end < f.begin
                || out
                    .last()
                    .is_some_and(|p: &RuntimeFunction| p.end > f.begin)
            {
                return Err(DecodeError::invalid(
                    W,
                    at,
                    "unsorted, overlapping or negative range",
                ));
            }
            out.push(f);
        }
        if read_u32(
            buf,
            count * RUNTIME_FUNCTION_SIZE,
            "RUNTIME_FUNCTION sentinel",
        )? != u32::MAX
        {
            return Err(DecodeError::invalid(
                "RUNTIME_FUNCTION sentinel",
                count * RUNTIME_FUNCTION_SIZE,
                "not 0xFFFFFFFF",
            ));
        }
        Ok(out)
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn header_and_tables_round_trip() {
            let h = Header {
                major: 9,
                minor: 1,
                flags: 0x43,
                sections: vec![
                    SectionEntry::new(SectionType::RuntimeFunctions, 0x3000, 24),
                    SectionEntry::new(SectionType::CompilerIdentifier, 0x2000, 8),
                ],
            };
            let b = h.encode();
            assert_eq!(b.len(), h.size());
            let d = Header::decode(&b).unwrap();
            assert_eq!(d.sections[0].ty, 100, "sorted by type");
            assert_eq!(d.encode(), b);
            let r = ImportSectionRecord {
                rva: 0xA000,
                size: 0x18,
                flags: 1,
                ty: 0,
                entry_size: 8,
                signatures: 0x8100,
                aux: 0,
            };
            let mut v = Vec::new();
            r.encode(&mut v);
            assert_eq!(ImportSectionRecord::decode(&v, 0).unwrap(), r);
            let f = [
                RuntimeFunction {
                    begin: 0x2000,
                    end: 0x2010,
                    unwind: 0x5000,
                },
                RuntimeFunction {
                    begin: 0x1000,
                    end: 0x1020,
                    unwind: 0x5008,
                },
            ];
            let t = encode_runtime_functions(&f);
            let back = decode_runtime_functions(&t, 2).unwrap();
            assert_eq!(back[0].begin, 0x1000);
            assert!(decode_runtime_functions(&t[..24], 2).is_err());
        }
    }
}
