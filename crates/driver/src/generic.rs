//! How the runtime finds the code kiln compiles for generic methods: the
//! InstanceMethodEntryPoints key of an instantiation — its R2R method
//! signature and version-resilient hash.
//!
//! The runtime looks code for a method of an instantiated generic type up
//! by hashing the method (`GetVersionResilientMethodHashCode`,
//! src/coreclr/vm/versionresilienthashcode.cpp) and comparing the stored
//! signature with the method it wants (`ReadyToRunInfo::GetEntryPoint`,
//! src/coreclr/vm/readytoruninfo.cpp). For shared code that method is the
//! canonical one: `Owner<__Canon, …>::M`, whose owner crossgen2 encodes as
//! `GENERICINST CLASS Owner n ELEMENT_TYPE_CANON_ZAPSIG…` with the
//! `OwnerType` flag (readytorun-format.md, "Method signatures";
//! `InstanceEntryPointTableNode` in ILCompiler.ReadyToRun).

use kiln_metadata::tables::{MethodDefHandle, TypeOrMethodDef};
use kiln_runtime_abi::sig::{MethodSig, TypeSig, TypeToken};
use kiln_writer::InstanceKey;

use crate::types::TypeContext;

/// The owner type `Owner<__Canon, …>` of MethodDef `h`'s canonical
/// instantiation, `None` if the owner is not generic, or why there is none.
fn canonical_owner(types: &TypeContext, h: MethodDefHandle) -> Result<Option<TypeSig>, String> {
    let asm = types.input();
    let owner = asm
        .method_owner(h)
        .ok_or_else(|| format!("method {:#010x} has no owner type", 0x0600_0000 | h.0))?;
    let n = asm.generic_params(TypeOrMethodDef::TypeDef(owner)).len();
    if n == 0 {
        return Ok(None);
    }
    // A value type's instantiation is spelled `GENERICINST VALUETYPE`, as
    // crossgen2 encodes it and the runtime's signature comparison expects.
    let value_type = types.is_value_type_def(owner).ok_or_else(|| {
        format!(
            "owner of method {:#010x} cannot be resolved",
            0x0600_0000 | h.0
        )
    })?;
    let def = TypeToken::Def(owner.0);
    Ok(Some(TypeSig::GenericInst {
        value_type,
        def: Box::new(if value_type {
            TypeSig::ValueType(def)
        } else {
            TypeSig::Class(def)
        }),
        args: vec![TypeSig::Canon; n],
    }))
}

/// The InstanceMethodEntryPoints key of the canonical instantiation of
/// MethodDef `h` (a method of a generic class, or a generic method:
/// `Owner<__Canon, …>::M<__Canon, …>`, flags `OwnerType` and
/// `MethodInstantiation` as they apply), or why it cannot be formed.
pub(crate) fn canonical_key(
    types: &TypeContext,
    h: MethodDefHandle,
) -> Result<InstanceKey, String> {
    let asm = types.input();
    let owner = canonical_owner(types, h)?;
    let m = asm.generic_params(TypeOrMethodDef::MethodDef(h)).len();
    if owner.is_none() && m == 0 {
        return Err(format!(
            "method {:#010x} is neither generic nor of a generic type",
            0x0600_0000 | h.0
        ));
    }
    let sig = MethodSig {
        owner,
        instantiation: (m > 0).then(|| vec![TypeSig::Canon; m]),
        ..MethodSig::def(h.0)
    };
    let hash = kiln_writer::read::hashes::method_sig_hash(asm, &sig).ok_or_else(|| {
        format!(
            "no version-resilient hash for method {:#010x}",
            0x0600_0000 | h.0
        )
    })?;
    let mut signature = Vec::new();
    sig.encode(&mut signature);
    Ok(InstanceKey { signature, hash })
}

#[cfg(test)]
mod tests {
    use kiln_runtime_abi::sig::SigReader;

    #[test]
    fn canonical_owner_encodes_canon_arguments() {
        // GENERICINST CLASS TypeDef#2 with two __Canon arguments, as the
        // owner of an instance method signature (flags: OwnerType).
        let sig = super::MethodSig {
            owner: Some(super::TypeSig::GenericInst {
                value_type: false,
                def: Box::new(super::TypeSig::Class(super::TypeToken::Def(2))),
                args: vec![super::TypeSig::Canon; 2],
            }),
            ..super::MethodSig::def(5)
        };
        let mut out = Vec::new();
        sig.encode(&mut out);
        assert_eq!(out, [0x40, 0x15, 0x12, 0x08, 0x02, 0x3E, 0x3E, 0x05]);
        let back = super::MethodSig::decode(&mut SigReader::new(&out)).unwrap();
        assert_eq!(back, sig);
    }

    #[test]
    fn generic_method_key_has_a_canon_instantiation() {
        // A generic method of a non-generic class: flags MethodInstantiation,
        // MethodDef RID 7, one __Canon argument; no owner.
        let sig = super::MethodSig {
            instantiation: Some(vec![super::TypeSig::Canon]),
            ..super::MethodSig::def(7)
        };
        let mut out = Vec::new();
        sig.encode(&mut out);
        assert_eq!(out, [0x04, 0x07, 0x01, 0x3E]);
        let back = super::MethodSig::decode(&mut SigReader::new(&out)).unwrap();
        assert_eq!(back, sig);
    }
}
