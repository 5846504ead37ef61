//! kiln's `Check_TypeLayout` records against crossgen2's: the shipped
//! framework images are crossgen2 output, full of `Check_TypeLayout`
//! fixups for the value types of other version bubbles their code bakes in
//! (DateTime, CancellationToken, KeyValuePair<…>, enumerators, …). For
//! every such fixup of a sample of framework assemblies, the type it names
//! is resolved with kiln-metadata and kiln's record for it
//! (`kiln_lower::metadata_env::type_layout_record`) must equal crossgen2's
//! field for field: size, alignment, GC map (and no HFA on x64). A wrong
//! record would make the runtime reject every method carrying it.

use std::path::Path;

use kiln_metadata::set::{AsmId, AssemblySet};
use kiln_metadata::sig::{Primitive, TypeSig};
use kiln_metadata::tables::{
    AssemblyRefHandle, TypeDefHandle, TypeDefOrRef, TypeRefHandle, TypeSpecHandle,
};
use kiln_metadata::types::TypeSystem;
use kiln_runtime_abi::r2r::FixupKind;
use kiln_runtime_abi::sig::{FixupPayload, TypeSig as R2rSig, TypeToken};
use kiln_writer::read::R2rImage;

const SAMPLE: &[&str] = &[
    "System.Private.Xml",
    "System.Net.Http",
    "System.Text.Json",
    "System.Collections",
    "System.Linq",
    "System.Private.DataContractSerialization",
    "System.Data.Common",
];

fn token(t: &TypeToken) -> TypeDefOrRef {
    match *t {
        TypeToken::Def(r) => TypeDefOrRef::TypeDef(TypeDefHandle(r)),
        TypeToken::Ref(r) => TypeDefOrRef::TypeRef(TypeRefHandle(r)),
        TypeToken::Spec(r) => TypeDefOrRef::TypeSpec(TypeSpecHandle(r)),
    }
}

/// The metadata type an R2R type signature spells (in one module's token
/// context), or `None` for `__Canon` and the other R2R-only forms.
fn metadata_sig(t: &R2rSig) -> Option<TypeSig> {
    Some(match t {
        R2rSig::Prim(e) => match e {
            0x02 => TypeSig::Primitive(Primitive::Boolean),
            0x03 => TypeSig::Primitive(Primitive::Char),
            0x04 => TypeSig::Primitive(Primitive::I1),
            0x05 => TypeSig::Primitive(Primitive::U1),
            0x06 => TypeSig::Primitive(Primitive::I2),
            0x07 => TypeSig::Primitive(Primitive::U2),
            0x08 => TypeSig::Primitive(Primitive::I4),
            0x09 => TypeSig::Primitive(Primitive::U4),
            0x0A => TypeSig::Primitive(Primitive::I8),
            0x0B => TypeSig::Primitive(Primitive::U8),
            0x0C => TypeSig::Primitive(Primitive::R4),
            0x0D => TypeSig::Primitive(Primitive::R8),
            0x18 => TypeSig::Primitive(Primitive::I),
            0x19 => TypeSig::Primitive(Primitive::U),
            0x0E => TypeSig::String,
            0x1C => TypeSig::Object,
            _ => return None,
        },
        R2rSig::ValueType(t) => TypeSig::ValueType(token(t)),
        R2rSig::Class(t) => TypeSig::Class(token(t)),
        R2rSig::SzArray(e) => TypeSig::SzArray(Box::new(metadata_sig(e)?)),
        R2rSig::GenericInst {
            value_type,
            def,
            args,
        } => {
            let generic = match def.as_ref() {
                R2rSig::ValueType(t) | R2rSig::Class(t) => token(t),
                _ => return None,
            };
            TypeSig::GenericInst {
                is_value_type: *value_type,
                generic,
                args: args.iter().map(metadata_sig).collect::<Option<_>>()?,
            }
        }
        _ => return None,
    })
}

#[test]
fn records_equal_crossgen2s_in_the_framework() {
    let tc =
        xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs the runtime: {e}"));
    let fw: &Path = &tc.framework;
    let mut paths: Vec<_> = std::fs::read_dir(fw)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "dll"))
        .collect();
    paths.sort();
    let (set, _) = AssemblySet::from_paths(&paths);
    let ts = TypeSystem::new(&set);
    let (mut compared, mut skipped) = (0usize, 0usize);
    let mut mismatches = Vec::new();
    for name in SAMPLE {
        let bytes = std::fs::read(fw.join(format!("{name}.dll"))).unwrap();
        let img = R2rImage::parse(bytes).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        let asm = set.find_by_name(name, None).expect("sample in the set");
        for cell in img.import_sections.iter().flat_map(|s| &s.cells) {
            let Ok((fixup, _)) = &cell.sig else { continue };
            if fixup.kind != FixupKind::Check_TypeLayout {
                continue;
            }
            let FixupPayload::TypeLayout { ty, layout } = &fixup.payload else {
                panic!("{name}: Check_TypeLayout without a layout payload");
            };
            let module: Option<AsmId> = match fixup.module {
                None | Some(0) => Some(asm),
                Some(i) => set.resolve_assembly_ref(asm, AssemblyRefHandle(i)).ok(),
            };
            let (Some(module), Some(sig)) = (module, metadata_sig(ty)) else {
                // `__Canon` instantiations, manifest-metadata modules.
                skipped += 1;
                continue;
            };
            let key = ts
                .key_of(module, &sig, &[], &[])
                .unwrap_or_else(|e| panic!("{name}: {ty:?}: {e:?}"));
            let ours = match kiln_lower::metadata_env::type_layout_record(&ts, &key)
                .unwrap_or_else(|e| panic!("{name}: {}: {e:?}", ts.display(&key)))
            {
                Ok(r) => r,
                // kiln refuses byref-like types (Span, interpolated string
                // handlers) and states no record for them.
                Err(e) if e.starts_with("byref-like") => {
                    skipped += 1;
                    continue;
                }
                Err(e) => panic!("{name}: {}: {e}", ts.display(&key)),
            };
            compared += 1;
            if &ours != layout {
                mismatches.push(format!(
                    "{name}: {}: crossgen2 {layout:?}, kiln {ours:?}",
                    ts.display(&key)
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} of {compared} records differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    assert!(
        compared > 300,
        "only {compared} compared ({skipped} skipped)"
    );
    eprintln!("{compared} Check_TypeLayout records equal crossgen2's ({skipped} skipped)");
}

/// The encoding itself against bytes crossgen2 wrote: the record of
/// `System.DateTime` (8 bytes, pointer-aligned, no references) is
/// `flags = Alignment | Alignment_Native | GCLayout | GCLayout_Empty`
/// (0x1E), size 8; `CancellationToken` (one reference) has flags 0x0E,
/// size 8 and the one-byte GC map `01`.
#[test]
fn record_bytes_of_framework_structs() {
    let tc =
        xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs the runtime: {e}"));
    let (set, _) = AssemblySet::from_paths(&[
        tc.framework.join("System.Private.CoreLib.dll"),
        tc.framework.join("System.Runtime.dll"),
    ]);
    let ts = TypeSystem::new(&set);
    let bytes = |ns: &str, name: &str| {
        let d = set.core_type(ns, name).expect("core type");
        let key = kiln_metadata::types::TypeKey::Def(d, Vec::new());
        let r = kiln_lower::metadata_env::type_layout_record(&ts, &key)
            .unwrap()
            .unwrap();
        // The fixup of `valuetype TypeDef 1` with the record: strip the
        // kind and the two type bytes to keep the record.
        let sig = R2rSig::ValueType(TypeToken::Def(1));
        kiln_runtime_abi::sig::fixup_check_type_layout(&sig, &r)[3..].to_vec()
    };
    assert_eq!(bytes("System", "DateTime"), [0x1E, 0x08]);
    assert_eq!(
        bytes("System.Threading", "CancellationToken"),
        [0x0E, 0x08, 0x01]
    );
    assert_eq!(bytes("System", "Guid"), [0x1A, 0x10, 0x04]);
    assert_eq!(bytes("System", "Decimal"), [0x1E, 0x10]);
}
