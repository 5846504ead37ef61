//! Recomputes the version-resilient hash codes stored in AvailableTypes and
//! InstanceMethodEntryPoints from the image's own metadata, to prove
//! `kiln_runtime_abi::hash` against crossgen2's output.
//!
//! Specification: `src/coreclr/vm/versionresilienthashcode.cpp`,
//! crossgen2 `ReadyToRunHashCode.cs`. Types from other modules (module
//! overrides) cannot be named without loading those modules; their hashes
//! are reported as unresolvable, not guessed.

use kiln_metadata::tables::{BlobIndex, StringIndex};
use kiln_metadata::{Assembly, TableId};
use kiln_runtime_abi::hash;
use kiln_runtime_abi::sig::{MethodRef, MethodSig, SigReader, TypeSig, TypeToken};

fn s(asm: &Assembly, t: TableId, rid: u32, col: usize) -> Option<String> {
    asm.raw_column(t, rid, col)
        .ok()
        .and_then(|i| asm.string(StringIndex(i)).ok())
        .map(str::to_string)
}

/// Hash of a TypeDef including its enclosing types (`GetVersionResilientTypeHashCode`).
pub fn type_def_hash(asm: &Assembly, rid: u32) -> Option<u32> {
    let h = hash::type_name_hash(
        &s(asm, TableId::TypeDef, rid, 2)?,
        &s(asm, TableId::TypeDef, rid, 1)?,
    );
    match asm.enclosing_type(kiln_metadata::tables::TypeDefHandle(rid)) {
        Some(e) => Some(hash::nested_type_hash(type_def_hash(asm, e.0)?, h)),
        None => Some(h),
    }
}

/// Hash of a TypeRef including enclosing TypeRefs.
pub fn type_ref_hash(asm: &Assembly, rid: u32) -> Option<u32> {
    let h = hash::type_name_hash(
        &s(asm, TableId::TypeRef, rid, 2)?,
        &s(asm, TableId::TypeRef, rid, 1)?,
    );
    let scope = asm.raw_column(TableId::TypeRef, rid, 0).ok()?;
    // ResolutionScope: Module 0, ModuleRef 1, AssemblyRef 2, TypeRef 3.
    if scope & 3 == 3 {
        Some(hash::nested_type_hash(type_ref_hash(asm, scope >> 2)?, h))
    } else {
        Some(h)
    }
}

/// The AvailableTypes key of a TypeDef: XOR of the namespace/name hashes of
/// the type and its enclosing types.
pub fn available_typedef_hash(asm: &Assembly, rid: u32) -> Option<u32> {
    let mut h = 0;
    let mut cur = rid;
    for _ in 0..64 {
        h ^= hash::type_name_hash(
            &s(asm, TableId::TypeDef, cur, 2)?,
            &s(asm, TableId::TypeDef, cur, 1)?,
        );
        match asm.enclosing_type(kiln_metadata::tables::TypeDefHandle(cur)) {
            Some(e) => cur = e.0,
            None => return Some(h),
        }
    }
    None
}

/// The AvailableTypes key of an ExportedType (nested via Implementation).
pub fn available_exported_hash(asm: &Assembly, rid: u32) -> Option<u32> {
    let mut h = 0;
    let mut cur = rid;
    for _ in 0..64 {
        h ^= hash::type_name_hash(
            &s(asm, TableId::ExportedType, cur, 3)?,
            &s(asm, TableId::ExportedType, cur, 2)?,
        );
        let imp = asm.raw_column(TableId::ExportedType, cur, 4).ok()?;
        // Implementation: File 0, AssemblyRef 1, ExportedType 2.
        if imp & 3 == 2 {
            cur = imp >> 2;
        } else {
            return Some(h);
        }
    }
    None
}

fn prim_name(e: u8) -> Option<&'static str> {
    Some(match e {
        0x01 => "Void",
        0x02 => "Boolean",
        0x03 => "Char",
        0x04 => "SByte",
        0x05 => "Byte",
        0x06 => "Int16",
        0x07 => "UInt16",
        0x08 => "Int32",
        0x09 => "UInt32",
        0x0A => "Int64",
        0x0B => "UInt64",
        0x0C => "Single",
        0x0D => "Double",
        0x0E => "String",
        0x16 => "TypedReference",
        0x18 => "IntPtr",
        0x19 => "UIntPtr",
        0x1C => "Object",
        _ => return None,
    })
}

/// Hash of a type signature in this module's token context; `None` if it
/// refers to another module or to a construct without a defined hash.
pub fn type_sig_hash(asm: &Assembly, t: &TypeSig) -> Option<u32> {
    sig_hash(asm, t, 0)
}

fn sig_hash(asm: &Assembly, t: &TypeSig, depth: u8) -> Option<u32> {
    if depth > 8 {
        return None;
    }
    let type_sig_hash = |asm: &Assembly, t: &TypeSig| sig_hash(asm, t, depth + 1);
    let token_hash = |asm: &Assembly, k: TypeToken| token_hash(asm, k, depth + 1);
    match t {
        TypeSig::Prim(e) => Some(hash::type_name_hash("System", prim_name(*e)?)),
        TypeSig::Class(k) | TypeSig::ValueType(k) => token_hash(asm, *k),
        TypeSig::Canon => Some(hash::type_name_hash("System", "__Canon")),
        TypeSig::SzArray(e) => Some(hash::array_type_hash(type_sig_hash(asm, e)?, 1)),
        TypeSig::Array { elem, rank, .. } => {
            Some(hash::array_type_hash(type_sig_hash(asm, elem)?, *rank))
        }
        TypeSig::Ptr(e) => Some(hash::pointer_type_hash(type_sig_hash(asm, e)?)),
        TypeSig::ByRef(e) => Some(hash::byref_type_hash(type_sig_hash(asm, e)?)),
        TypeSig::GenericInst { def, args, .. } => {
            let d = type_sig_hash(asm, def)?;
            let a = args
                .iter()
                .map(|a| type_sig_hash(asm, a))
                .collect::<Option<Vec<_>>>()?;
            Some(hash::generic_instance_hash(d, &a))
        }
        TypeSig::Modified { ty, .. } | TypeSig::Pinned(ty) => type_sig_hash(asm, ty),
        TypeSig::Module { index: 0, ty } => type_sig_hash(asm, ty),
        _ => None,
    }
}

fn token_hash(asm: &Assembly, k: TypeToken, depth: u8) -> Option<u32> {
    match k {
        TypeToken::Def(r) => type_def_hash(asm, r),
        TypeToken::Ref(r) => type_ref_hash(asm, r),
        TypeToken::Spec(r) => {
            let blob = asm
                .blob(BlobIndex(asm.raw_column(TableId::TypeSpec, r, 0).ok()?))
                .ok()?;
            sig_hash(
                asm,
                &TypeSig::decode(&mut SigReader::new(blob)).ok()?,
                depth,
            )
        }
    }
}

/// The InstanceMethodEntryPoints key of a method signature
/// (`GetVersionResilientMethodHashCode`), or `None` if unresolvable here.
pub fn method_sig_hash(asm: &Assembly, m: &MethodSig) -> Option<u32> {
    if m.module.is_some_and(|x| x != 0) {
        return None;
    }
    let (owner, name) = match m.method {
        MethodRef::Def(r) => {
            let owner = match &m.owner {
                Some(o) => type_sig_hash(asm, o)?,
                None => type_def_hash(
                    asm,
                    asm.method_owner(kiln_metadata::tables::MethodDefHandle(r))?
                        .0,
                )?,
            };
            (owner, s(asm, TableId::MethodDef, r, 3)?)
        }
        MethodRef::Ref(r) => {
            let owner = match &m.owner {
                Some(o) => type_sig_hash(asm, o)?,
                None => {
                    let class = asm.raw_column(TableId::MemberRef, r, 0).ok()?;
                    match class & 7 {
                        0 => type_def_hash(asm, class >> 3)?,
                        1 => type_ref_hash(asm, class >> 3)?,
                        4 => token_hash(asm, TypeToken::Spec(class >> 3), 0)?,
                        _ => return None,
                    }
                }
            };
            (owner, s(asm, TableId::MemberRef, r, 1)?)
        }
        MethodRef::Slot(_) => return None,
    };
    let inst = match &m.instantiation {
        Some(a) => a
            .iter()
            .map(|t| type_sig_hash(asm, t))
            .collect::<Option<Vec<_>>>()?,
        None => Vec::new(),
    };
    Some(hash::method_hash(owner, &name, &inst))
}
