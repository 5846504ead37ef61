//! The backend's half of the runtime contract: which runtime helper each
//! operation calls, and every import cell the generated code refers to —
//! its section, its R2R fixup signature and, for calls, the GCRefMap of the
//! callee's arguments. Emission asks here for cells and never encodes a
//! signature or takes a metadata token apart itself (tokens are split by
//! [`MetadataToken`]).
//!
//! Specification: `readytorun.h` 9.1 (`ReadyToRunFixupKind`,
//! `ReadyToRunHelper`, `ReadyToRunImportSectionType`), crossgen2's
//! `GCRefMapBuilder` (TransitionBlock on linux-x64).

use kiln_ir::{ArrayElem, Function, HandleOp, LookupKind, Signature, TrapCode, Type};
use kiln_runtime_abi::isa::{fixup_check_instruction_sets, IsaCheck};
use kiln_runtime_abi::r2r::{FixupKind, Helper};
use kiln_runtime_abi::sig::{
    fixup_check_field_offset, fixup_field, fixup_helper, fixup_method, fixup_method_entry_def,
    fixup_method_entry_ref, fixup_string, fixup_type, write_compressed_u32, FieldSig, MethodRef,
    MethodSig, SigReader, TypeSig,
};
use kiln_runtime_abi::stencil::{GcRefKind, GcRefMap, Import, ImportSection};
use kiln_runtime_abi::token::MetadataToken;

use super::abi::arg_locs;
use super::UnsupportedReason;

/// The runtime helper that throws the exception of `code`.
pub fn trap_helper(code: TrapCode) -> Helper {
    match code {
        TrapCode::DivideByZero => Helper::ThrowDivZero,
        TrapCode::Overflow => Helper::Overflow,
        TrapCode::NullReference => Helper::ThrowNullRef,
        TrapCode::IndexOutOfRange => Helper::RngChkFail,
    }
}

/// The GC write-barrier helper for storing a reference through a base of
/// type `base` (`readytorun.h`): `WriteBarrier` (0x30; RDI = destination,
/// RSI = reference) when the base is an object, whose fields are in the GC
/// heap; `CheckedWriteBarrier` (0x31, same registers) for a `byref` or raw
/// address, which may point outside the heap (the stack).
pub fn barrier_helper(base: Type) -> Helper {
    match base {
        Type::Ref => Helper::WriteBarrier,
        _ => Helper::CheckedWriteBarrier,
    }
}

/// The runtime helper computing `frem` on `ty` (`READYTORUN_HELPER_DblRem`
/// 0xE0 / `FltRem` 0xE1).
pub fn rem_helper(ty: Type) -> Helper {
    if ty == Type::F32 {
        Helper::FltRem
    } else {
        Helper::DblRem
    }
}

/// The Eager cell of a runtime helper (the R2R helper-call shape).
pub fn helper(helper: Helper) -> Import {
    Import {
        section: ImportSection::Eager,
        signature: fixup_helper(helper),
        gc_ref_map: None,
    }
}

/// The method a call's callee token names.
fn callee(token: u32) -> Result<MethodRef, UnsupportedReason> {
    MetadataToken::decode(token)
        .and_then(MetadataToken::method)
        .ok_or(UnsupportedReason::CalleeToken(token))
}

/// The class a TypeDef/TypeRef token names.
fn class(token: u32) -> Result<TypeSig, UnsupportedReason> {
    MetadataToken::decode(token)
        .and_then(MetadataToken::class)
        .map(TypeSig::Class)
        .ok_or(UnsupportedReason::MetadataToken(token))
}

/// The fixup signature `kind` (`MethodEntry`/`VirtualEntry`) of callee
/// `token` on the explicit owner type `owner` (R2R type signature bytes,
/// [`Function::type_sigs`]): flag `OwnerType`, the owner, the token
/// (readytorun-format.md, "Method signatures") — how crossgen2 names
/// `Cell<__Canon>::Get` called from shared code.
fn owned_method(kind: FixupKind, token: u32, owner: &[u8]) -> Result<Vec<u8>, UnsupportedReason> {
    let owner = TypeSig::decode(&mut SigReader::new(owner))
        .map_err(|_| UnsupportedReason::CalleeToken(token))?;
    let sig = MethodSig {
        owner: Some(owner),
        method: callee(token)?,
        ..MethodSig::def(0)
    };
    Ok(fixup_method(kind, &sig))
}

/// The MethodCall cell of a direct call to the callee `token` (a MethodDef
/// or MemberRef): `MethodEntry_DefToken` / `MethodEntry_RefToken`, or
/// `MethodEntry` with the owner type when the function gives one
/// (`owner`), with the GCRefMap of the arguments of `sig`.
pub fn method_call(
    token: u32,
    owner: Option<&[u8]>,
    sig: &Signature,
) -> Result<Import, UnsupportedReason> {
    let signature = match (callee(token)?, owner) {
        (MethodRef::Slot(_), _) => return Err(UnsupportedReason::CalleeToken(token)),
        (_, Some(owner)) => owned_method(FixupKind::MethodEntry, token, owner)?,
        (MethodRef::Def(rid), None) => fixup_method_entry_def(rid),
        (MethodRef::Ref(rid), None) => fixup_method_entry_ref(rid),
    };
    Ok(Import {
        section: ImportSection::MethodCall,
        signature,
        gc_ref_map: Some(gc_ref_map(sig)),
    })
}

/// The MethodCall cell of a direct call whose `MethodEntry` fixup carries
/// the whole method signature `method_sig` ([`Function::method_sigs`]: an
/// exact generic instantiation through its instantiating stub), with the
/// GCRefMap of the arguments of `sig`.
pub fn method_call_sig(
    token: u32,
    method_sig: &[u8],
    sig: &Signature,
) -> Result<Import, UnsupportedReason> {
    let m = MethodSig::decode(&mut SigReader::new(method_sig))
        .map_err(|_| UnsupportedReason::CalleeToken(token))?;
    Ok(Import {
        section: ImportSection::MethodCall,
        signature: fixup_method(FixupKind::MethodEntry, &m),
        gc_ref_map: Some(gc_ref_map(sig)),
    })
}

/// The virtual-stub-dispatch cell of a virtual call to `token`:
/// `VirtualEntry_DefToken` (0x17) or `VirtualEntry_RefToken` (0x18)
/// followed by the compressed RID — or `VirtualEntry` with the owner type
/// when the function gives one (`owner`) — with the GCRefMap of `sig`.
pub fn virtual_call(
    token: u32,
    owner: Option<&[u8]>,
    sig: &Signature,
) -> Result<Import, UnsupportedReason> {
    let (kind, rid) = match callee(token)? {
        MethodRef::Def(rid) => (FixupKind::VirtualEntry_DefToken, rid),
        MethodRef::Ref(rid) => (FixupKind::VirtualEntry_RefToken, rid),
        MethodRef::Slot(_) => return Err(UnsupportedReason::CalleeToken(token)),
    };
    let signature = match owner {
        Some(owner) => owned_method(FixupKind::VirtualEntry, token, owner)?,
        None => {
            let mut signature = vec![kind.raw()];
            write_compressed_u32(&mut signature, rid);
            signature
        }
    };
    Ok(Import {
        section: ImportSection::Dispatch,
        signature,
        gc_ref_map: Some(gc_ref_map(sig)),
    })
}

/// A Lazy `TypeHandle` cell (the MethodTable once the method's fixups are
/// resolved).
fn lazy_type_handle(ty: &TypeSig) -> Import {
    Import {
        section: ImportSection::Lazy,
        signature: fixup_type(FixupKind::TypeHandle, ty),
        gc_ref_map: None,
    }
}

/// The `TypeHandle` cell of the class `type_token` (TypeDef or TypeRef).
pub fn type_handle(type_token: u32) -> Result<Import, UnsupportedReason> {
    Ok(lazy_type_handle(&class(type_token)?))
}

/// The `TypeHandle` cell of type `type_token` of `func` (what `new_object`
/// allocates, `type_check` tests against, `ldtoken` loads): a TypeDef or
/// TypeRef, or a TypeSpec (an exact instantiation, an array, …) spelled
/// out with the signature the function records for it
/// ([`Function::type_sigs`]).
pub fn object_type_handle(func: &Function, type_token: u32) -> Result<Import, UnsupportedReason> {
    if !matches!(
        MetadataToken::decode(type_token),
        Some(MetadataToken::TypeSpec(_))
    ) {
        return type_handle(type_token);
    }
    Ok(lazy_type_handle(&spec(func, type_token)?))
}

/// The type TypeSpec `token` of `func` stands for, decoded from the
/// signature the function records for it.
fn spec(func: &Function, token: u32) -> Result<TypeSig, UnsupportedReason> {
    func.type_sig(token)
        .and_then(|b| {
            let mut r = SigReader::new(b);
            let t = TypeSig::decode(&mut r).ok()?;
            // The whole blob is the one type.
            (r.pos() == b.len()).then_some(t)
        })
        .ok_or(UnsupportedReason::MetadataToken(token))
}

/// The `TypeHandle` cell of the one-dimensional zero-based array of `elem`
/// (a TypeSpec element's signature recorded in `func`).
pub fn array_type_handle(func: &Function, elem: ArrayElem) -> Result<Import, UnsupportedReason> {
    let elem = match elem {
        ArrayElem::Prim(c) => TypeSig::Prim(c),
        ArrayElem::Class(t) => class(t)?,
        ArrayElem::ValueType(t) => match class(t)? {
            TypeSig::Class(t) => TypeSig::ValueType(t),
            other => other,
        },
        ArrayElem::Spec(t) => spec(func, t)?,
    };
    Ok(lazy_type_handle(&TypeSig::SzArray(Box::new(elem))))
}

/// The DelayLoad_Helper cell returning the GC or non-GC static base of the
/// class `type_token` (`StaticBaseGC`/`StaticBaseNonGC`; the first call
/// runs the class constructor if needed), or with `thread` the calling
/// thread's base of its thread statics (`ThreadStaticBaseGC`/`NonGC`).
///
/// `owner` is the owner's type signature when the function records one
/// ([`Function::type_sigs`]: `valuetype` for a value type's statics);
/// otherwise the token is named as a class.
pub fn static_base(
    gc: bool,
    thread: bool,
    type_token: u32,
    owner: Option<&[u8]>,
) -> Result<Import, UnsupportedReason> {
    let kind = match (thread, gc) {
        (false, true) => FixupKind::StaticBaseGC,
        (false, false) => FixupKind::StaticBaseNonGC,
        (true, true) => FixupKind::ThreadStaticBaseGC,
        (true, false) => FixupKind::ThreadStaticBaseNonGC,
    };
    let ty = match owner {
        Some(b) => TypeSig::decode(&mut SigReader::new(b))
            .map_err(|_| UnsupportedReason::MetadataToken(type_token))?,
        None => class(type_token)?,
    };
    Ok(Import {
        section: ImportSection::DelayLoadHelper,
        signature: fixup_type(kind, &ty),
        gc_ref_map: None,
    })
}

/// The DelayLoad_Helper cell that runs the class constructor of
/// `type_token` (`CctorTrigger`, crossgen2's shape at a method's entry),
/// named by `owner` when the function records a type signature for the
/// token ([`Function::type_sigs`]: an exact instantiation of a generic
/// class), else as the class the token names.
pub fn cctor_trigger(type_token: u32, owner: Option<&[u8]>) -> Result<Import, UnsupportedReason> {
    let ty = match owner {
        Some(b) => TypeSig::decode(&mut SigReader::new(b))
            .map_err(|_| UnsupportedReason::MetadataToken(type_token))?,
        None => class(type_token)?,
    };
    Ok(Import {
        section: ImportSection::DelayLoadHelper,
        signature: fixup_type(FixupKind::CctorTrigger, &ty),
        gc_ref_map: None,
    })
}

/// The method signature (no owner, no instantiation) of a MethodDef or
/// MemberRef token.
fn method_sig(token: u32) -> Result<MethodSig, UnsupportedReason> {
    Ok(match callee(token)? {
        MethodRef::Def(rid) => MethodSig::def(rid),
        MethodRef::Ref(rid) => MethodSig::member_ref(rid),
        MethodRef::Slot(_) => return Err(UnsupportedReason::CalleeToken(token)),
    })
}

/// The field signature of a Field or MemberRef token.
fn field_sig(token: u32) -> Result<FieldSig, UnsupportedReason> {
    let (member_ref, rid) = match MetadataToken::decode(token) {
        Some(MetadataToken::Field(rid)) => (false, rid),
        Some(MetadataToken::MemberRef(rid)) => (true, rid),
        _ => return Err(UnsupportedReason::MetadataToken(token)),
    };
    Ok(FieldSig {
        owner: None,
        member_ref,
        rid,
    })
}

/// The Eager helper a `runtime_lookup` of a handle calls on the handle in
/// RDI (`GetRuntimeTypeHandle`/`MethodHandle`/`FieldHandle`, 0x54–0x56:
/// the runtime's `CORINFO_HELP_TYPEHANDLE_TO_RUNTIMETYPE`,
/// `METHODDESC_TO_STUBRUNTIMEMETHOD`, `FIELDDESC_TO_STUBRUNTIMEFIELD`,
/// which return the object the `Runtime*Handle` struct holds); `None` for
/// a static field's address, which needs no Eager helper.
pub fn lookup_helper(kind: LookupKind) -> Option<Helper> {
    match kind {
        LookupKind::TypeHandle => Some(Helper::GetRuntimeTypeHandle),
        LookupKind::MethodHandle => Some(Helper::GetRuntimeMethodHandle),
        LookupKind::FieldHandle => Some(Helper::GetRuntimeFieldHandle),
        LookupKind::StaticFieldAddress => None,
    }
}

/// The cell a `runtime_lookup kind, token` reads: for the handles, the Lazy
/// `TypeHandle`/`MethodHandle`/`FieldHandle` cell whose content goes to
/// [`lookup_helper`] in RDI; for a static field of another assembly, the
/// DelayLoad_Helper cell with a `FieldAddress` signature, called, which
/// runs the class constructor and returns the field's address (crossgen2's
/// access to statics outside the version bubble, `CorInfoImpl.ReadyToRun.cs`
/// getFieldInfo).
pub fn runtime_lookup(
    func: &Function,
    kind: LookupKind,
    token: u32,
) -> Result<Import, UnsupportedReason> {
    let (section, signature) = match kind {
        LookupKind::TypeHandle => return object_type_handle(func, token),
        LookupKind::MethodHandle => (
            ImportSection::Lazy,
            fixup_method(FixupKind::MethodHandle, &method_sig(token)?),
        ),
        LookupKind::FieldHandle => (
            ImportSection::Lazy,
            fixup_field(FixupKind::FieldHandle, &field_sig(token)?),
        ),
        LookupKind::StaticFieldAddress => (
            ImportSection::DelayLoadHelper,
            fixup_field(FixupKind::FieldAddress, &field_sig(token)?),
        ),
    };
    Ok(Import {
        section,
        signature,
        gc_ref_map: None,
    })
}

/// The Eager helper a `handle_call` calls with the type handle in RDI
/// (`readytorun.h` 9.1: `NewObject` 0x60 = `CORINFO_HELP_NEWFAST`,
/// `NewArray` 0x61 = `CORINFO_HELP_NEWARR_1_DIRECT`, `CheckCastAny` 0x62,
/// `CheckInstanceAny` 0x63, `GetRuntimeTypeHandle` 0x54, `GenericGcStaticBase`
/// 0x64 = `CORINFO_HELP_GETGENERICS_GCSTATIC_BASE`, `GenericNonGcStaticBase`
/// 0x65).
pub fn handle_helper(op: HandleOp) -> Helper {
    match op {
        HandleOp::NewObject => Helper::NewObject,
        HandleOp::NewArray => Helper::NewArray,
        HandleOp::CastClass => Helper::CheckCastAny,
        HandleOp::IsInst => Helper::CheckInstanceAny,
        HandleOp::TypeObject => Helper::GetRuntimeTypeHandle,
        HandleOp::GcStaticBase => Helper::GenericGcStaticBase,
        HandleOp::NonGcStaticBase => Helper::GenericNonGcStaticBase,
    }
}

/// The DelayLoad_Helper cell of generic dictionary lookup `lookup` of
/// `func` ([`Function::generic_lookups`]: a `ThisObjDictionaryLookup` /
/// `TypeDictionaryLookup` / `MethodDictionaryLookup` signature), crossgen2's
/// `GenericLookupHelper` (`DelayLoadHelperImport` in HelperImports, helper
/// `DelayLoad_Helper`: the context in RDI is a handle, not an object the
/// helper's frame would report). The writer gives each method its own
/// cells for these ([`Import::is_generic_lookup`]): the cell is patched
/// with a stub for one dictionary's layout.
pub fn generic_lookup(func: &Function, lookup: u32) -> Result<Import, UnsupportedReason> {
    let signature = func
        .generic_lookup(lookup)
        .ok_or(UnsupportedReason::GenericLookup(lookup))?
        .to_vec();
    Ok(Import {
        section: ImportSection::DelayLoadHelper,
        signature,
        gc_ref_map: None,
    })
}

/// The DelayLoad_Helper cell constructing a delegate of class
/// `type_token` bound to `method_token` (`DelegateCtor`, 0x2C: the method,
/// then the delegate type). Its thunk jumps to `DelayLoad_Helper_ObjObj`
/// (the delegate and the target are the two object arguments the helper's
/// frame reports; `Import::delay_load_helper`), the runtime binds the cell
/// to the right delegate constructor for the pair (`DynamicHelperFixup`).
pub fn delegate_ctor(
    func: &Function,
    method_token: u32,
    type_token: u32,
) -> Result<Import, UnsupportedReason> {
    let mut signature = fixup_method(FixupKind::DelegateCtor, &method_sig(method_token)?);
    let ty = match MetadataToken::decode(type_token) {
        Some(MetadataToken::TypeSpec(_)) => spec(func, type_token)?,
        _ => class(type_token)?,
    };
    ty.encode(&mut signature);
    Ok(Import {
        section: ImportSection::DelayLoadHelper,
        signature,
        gc_ref_map: None,
    })
}

/// The DelayLoad_Helper cell giving the code address a virtual call of
/// `method_token` on the object in RDI would run (IL `ldvirtftn`): a
/// `VirtualEntry` (0x16) signature of the method, as crossgen2's
/// `DynamicHelperCell` builds it for `CORINFO_VIRTUALCALL_LDVIRTFTN`. Its
/// thunk jumps to `DelayLoad_Helper_Obj` (the object is the argument the
/// helper's frame reports; `Import::delay_load_helper`); the runtime
/// resolves the method and patches the cell with a stub that looks the
/// slot up in the object's method table (`DynamicHelperFixup`,
/// src/coreclr/vm/prestub.cpp), throwing `NullReferenceException` on a
/// null object.
pub fn virtual_entry(method_token: u32) -> Result<Import, UnsupportedReason> {
    Ok(Import {
        section: ImportSection::DelayLoadHelper,
        signature: fixup_method(FixupKind::VirtualEntry, &method_sig(method_token)?),
        gc_ref_map: None,
    })
}

/// The String cell of the user string `token` (it holds the address of the
/// slot holding the interned string object).
pub fn string(token: u32) -> Result<Import, UnsupportedReason> {
    match MetadataToken::decode(token) {
        Some(MetadataToken::UserString(offset)) => Ok(Import {
            section: ImportSection::String,
            signature: fixup_string(offset),
            gc_ref_map: None,
        }),
        _ => Err(UnsupportedReason::MetadataToken(token)),
    }
}

/// The `Check_FieldOffset` fixups of the offsets the code assumes
/// ([`kiln_ir::Function::field_offset_checks`]): Lazy cells in the method's
/// fixup list; the runtime rejects the method (JIT-compiles it) if an
/// offset differs.
pub fn field_offset_checks(func: &Function) -> Result<Vec<Import>, UnsupportedReason> {
    let mut out = Vec::new();
    for c in &func.field_offset_checks {
        let (member_ref, rid) = match MetadataToken::decode(c.field_token) {
            Some(MetadataToken::Field(rid)) => (false, rid),
            Some(MetadataToken::MemberRef(rid)) => (true, rid),
            _ => return Err(UnsupportedReason::MetadataToken(c.field_token)),
        };
        // An explicit owner (canonical code: `Cell<__Canon>`) if the
        // function records one for the token.
        let owner = match func.type_sig(c.field_token) {
            Some(b) => Some(
                TypeSig::decode(&mut SigReader::new(b))
                    .map_err(|_| UnsupportedReason::MetadataToken(c.field_token))?,
            ),
            None => None,
        };
        let field = FieldSig {
            owner,
            member_ref,
            rid,
        };
        let import = Import {
            section: ImportSection::Lazy,
            signature: fixup_check_field_offset(c.offset, &field),
            gc_ref_map: None,
        };
        if !out.contains(&import) {
            out.push(import);
        }
    }
    Ok(out)
}

/// The `Check_TypeLayout` fixups of the value-type layouts the code
/// assumes ([`kiln_ir::Function::type_layout_checks`]): Lazy cells in the
/// method's fixup list, `0x2A`, the type, then the layout record; the
/// runtime rejects the method (JIT-compiles it) if a layout differs
/// (src/coreclr/vm/jitinterface.cpp `TypeLayoutCheck`).
pub fn type_layout_checks(func: &Function) -> Vec<Import> {
    let mut out = Vec::new();
    for c in &func.type_layout_checks {
        let mut signature = vec![FixupKind::Check_TypeLayout.raw()];
        signature.extend_from_slice(&c.type_sig);
        signature.extend_from_slice(&c.layout);
        let import = Import {
            section: ImportSection::Lazy,
            signature,
            gc_ref_map: None,
        };
        if !out.contains(&import) {
            out.push(import);
        }
    }
    out
}

/// The `Check_InstructionSetSupport` fixup of the instruction-set
/// conditions `checks` (`kiln_runtime_abi::isa`): a Lazy cell in the
/// method's fixup list; the runtime rejects the method (JIT-compiles it)
/// where a condition does not hold. `None` for no conditions.
pub fn instruction_set_check(checks: &[IsaCheck]) -> Option<Import> {
    (!checks.is_empty()).then(|| Import {
        section: ImportSection::Lazy,
        signature: fixup_check_instruction_sets(checks),
        gc_ref_map: None,
    })
}

/// The GCRefMap of a callee's arguments: positions 0–5 are the argument
/// registers, stack arguments follow from position 13 (crossgen2
/// `GCRefMapBuilder`, TransitionBlock on linux-x64).
pub fn gc_ref_map(sig: &Signature) -> GcRefMap {
    let mut positions = Vec::new();
    let (locs, _) = arg_locs(sig.params.iter().copied());
    for (p, loc) in sig.params.iter().zip(locs) {
        let Some(pos) = loc.gc_ref_map_pos() else {
            continue;
        };
        let kind = match p.ty {
            Type::Ref => GcRefKind::Ref,
            Type::ByRef => GcRefKind::Interior,
            _ => continue,
        };
        if positions.len() <= pos {
            positions.resize(pos + 1, GcRefKind::Skip);
        }
        positions[pos] = kind;
    }
    GcRefMap { positions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiln_ir::{AbiParam, ArgExt};

    fn sig() -> Signature {
        Signature {
            params: vec![AbiParam {
                ty: Type::Ref,
                ext: ArgExt::None,
                stack: false,
            }],
            returns: Vec::new(),
        }
    }

    #[test]
    fn calls_name_an_explicit_owner_when_given_one() {
        // Cell<__Canon>: GENERICINST CLASS TypeDef#2 1 CANON_ZAPSIG.
        let owner = [0x15, 0x12, 0x08, 0x01, 0x3E];
        let plain = method_call(0x0A00_0005, None, &sig()).unwrap();
        assert_eq!(plain.signature, fixup_method_entry_ref(5));
        let owned = method_call(0x0A00_0005, Some(&owner), &sig()).unwrap();
        // MethodEntry, flags OwnerType|MemberRefToken, the owner, RID 5.
        let mut expected = vec![FixupKind::MethodEntry.raw(), 0x50];
        expected.extend_from_slice(&owner);
        expected.push(5);
        assert_eq!(owned.signature, expected);
        let virt = virtual_call(0x0600_0003, Some(&owner), &sig()).unwrap();
        let mut expected = vec![FixupKind::VirtualEntry.raw(), 0x40];
        expected.extend_from_slice(&owner);
        expected.push(3);
        assert_eq!(virt.signature, expected);
        assert!(method_call(0x0A00_0005, Some(&[0xFF]), &sig()).is_err());
    }

    #[test]
    fn exact_instantiations_are_called_through_their_whole_signature() {
        // Util.Pick<string>: flags InstantiatingStub|MethodInstantiation,
        // MethodDef RID 4, one argument STRING.
        let m = [0x06, 0x04, 0x01, 0x0E];
        let cell = method_call_sig(0x2B00_0001, &m, &sig()).unwrap();
        let mut expected = vec![FixupKind::MethodEntry.raw()];
        expected.extend_from_slice(&m);
        assert_eq!(cell.signature, expected);
        assert_eq!(cell.section, ImportSection::MethodCall);
        assert!(method_call_sig(0x2B00_0001, &[0x06], &sig()).is_err());
    }

    #[test]
    fn new_object_spells_out_a_type_spec() {
        let mut func = Function::default();
        assert!(object_type_handle(&func, 0x1B00_0001).is_err());
        // Cell<string>: GENERICINST CLASS TypeDef#2 1 STRING.
        let spec = vec![0x15, 0x12, 0x08, 0x01, 0x0E];
        func.type_sigs.push(kiln_ir::TokenTypeSig {
            token: 0x1B00_0001,
            sig: spec.clone(),
        });
        let cell = object_type_handle(&func, 0x1B00_0001).unwrap();
        let mut expected = vec![FixupKind::TypeHandle.raw()];
        expected.extend_from_slice(&spec);
        assert_eq!(cell.signature, expected);
        assert_eq!(
            object_type_handle(&func, 0x0200_0002).unwrap().signature,
            type_handle(0x0200_0002).unwrap().signature
        );
    }
}
