//! Reads real images shipped on this machine (the .NET 8 framework, which is
//! ReadyToRun, and Mono's IL-only reference assemblies). Skipped when absent.

use kiln_metadata::il::IlDecoder;
use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;

mod support;

fn framework() -> String {
    support::framework_dir().display().to_string()
}

fn open(path: &str) -> Option<Assembly> {
    if !std::path::Path::new(path).exists() {
        eprintln!("skipping: {path} not present");
        return None;
    }
    Some(Assembly::open(path).expect("open"))
}

#[test]
fn corelib_is_r2r_and_every_body_decodes() {
    let Some(asm) = open(&format!("{}/System.Private.CoreLib.dll", framework())) else {
        return;
    };
    assert_eq!(asm.name(), Some("System.Private.CoreLib"));
    assert!(asm.is_ready_to_run());
    let rtr = asm.ready_to_run_header().unwrap();
    assert_eq!(u16::from_le_bytes([rtr[4], rtr[5]]), 9, "R2R major version");
    assert_eq!(asm.pe().machine, 0x8664 ^ 0x7B79);
    let (mut bodies, mut insns) = (0, 0);
    for m in asm.handles::<MethodDefHandle>() {
        if let Some(body) = asm.method_body(m).unwrap() {
            bodies += 1;
            for i in IlDecoder::new(body.code) {
                i.unwrap();
                insns += 1;
            }
        }
    }
    assert!(bodies > 20_000, "{bodies}");
    assert!(insns > 400_000, "{insns}");
}

#[test]
fn mono_mscorlib_reads() {
    let Some(asm) = open("/usr/lib/mono/4.5/mscorlib.dll") else {
        return;
    };
    assert_eq!(asm.name(), Some("mscorlib"));
    assert!(!asm.is_ready_to_run());
    let obj = asm
        .handles::<kiln_metadata::tables::TypeDefHandle>()
        .find(|&t| asm.type_def_name(t).unwrap() == ("System", "Object"))
        .unwrap();
    let methods: Vec<_> = asm.type_methods(obj).unwrap().collect();
    assert!(methods
        .iter()
        .any(|&m| asm.string(asm.method_def(m).unwrap().name).unwrap() == "ToString"));
    for &m in &methods {
        assert_eq!(asm.method_owner(m), Some(obj));
    }
}

#[test]
fn facades_forward_to_corelib() {
    if !std::path::Path::new(&framework()).exists() {
        return;
    }
    let (set, load) = kiln_metadata::set::AssemblySet::from_paths(&[framework()]);
    assert!(load.errors.is_empty());
    let core = set.core_library().unwrap();
    assert_eq!(set.get(core).name(), Some("System.Private.CoreLib"));
    for facade in ["mscorlib", "netstandard", "System.Runtime"] {
        let id = set.find_by_name(facade, None).unwrap();
        let obj = set.find_exported_type(id, "System", "Object").unwrap();
        assert_eq!(obj.asm, core, "{facade}");
    }
    for facade in ["mscorlib", "netstandard", "System.Collections"] {
        let id = set.find_by_name(facade, None).unwrap();
        let dict = set
            .find_exported_type(id, "System.Collections.Generic", "Dictionary`2")
            .unwrap();
        assert_eq!(
            set.type_name(dict),
            "System.Collections.Generic.Dictionary`2"
        );
        assert_eq!(dict.asm, core);
    }
    // A type that lives outside CoreLib, reached through the System facade.
    let ms = set.find_by_name("System", None).unwrap();
    let uri = set.find_exported_type(ms, "System", "Uri").unwrap();
    assert_eq!(set.get(uri.asm).name(), Some("System.Private.Uri"));
    assert!(set.find_exported_type(ms, "System", "NoSuchType").is_err());
}

#[test]
fn every_call_and_field_token_of_a_framework_assembly_resolves_in_context() {
    if !std::path::Path::new(&framework()).exists() {
        return;
    }
    use kiln_metadata::il::{Operand, OperandKind};
    use kiln_metadata::types::{TypeKey, TypeSystem};
    let (set, _) = kiln_metadata::set::AssemblySet::from_paths(&[framework()]);
    let ts = TypeSystem::new(&set);
    let id = set.find_by_name("System.Collections", None).unwrap();
    let asm = set.get(id);
    let (mut methods, mut fields) = (0, 0);
    for m in asm.handles::<MethodDefHandle>() {
        let Some(body) = asm.method_body(m).unwrap() else {
            continue;
        };
        // Generic context of the method: its own and its type's parameters, open.
        let owner = asm.method_owner(m).unwrap();
        let targs: Vec<TypeKey> = (0..asm
            .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(owner))
            .len() as u32)
            .map(TypeKey::Var)
            .collect();
        let margs: Vec<TypeKey> = (0..asm
            .generic_params(kiln_metadata::tables::TypeOrMethodDef::MethodDef(m))
            .len() as u32)
            .map(TypeKey::MVar)
            .collect();
        for insn in IlDecoder::new(body.code) {
            let insn = insn.unwrap();
            if let Operand::Token(t) = insn.operand {
                match insn.opcode.operand_kind() {
                    OperandKind::Method => {
                        let r = ts
                            .resolve_method_token(id, t, &targs, &margs)
                            .unwrap_or_else(|e| panic!("{t:?}: {e}"));
                        assert!(!r.name.is_empty());
                        methods += 1;
                    }
                    OperandKind::Field => {
                        let r = ts
                            .resolve_field_token(id, t, &targs, &margs)
                            .unwrap_or_else(|e| panic!("{t:?}: {e}"));
                        let _ = ts.display(&r.ty);
                        fields += 1;
                    }
                    OperandKind::Type => {
                        ts.resolve_type_token(id, t, &targs, &margs)
                            .unwrap_or_else(|e| panic!("{t:?}: {e}"));
                    }
                    _ => {}
                }
            }
        }
    }
    assert!(methods > 1000 && fields > 1000, "{methods} {fields}");
}

#[test]
fn check_reports_corruption_with_its_location() {
    let Ok(bytes) = std::fs::read("/usr/lib/mono/4.5/I18N.dll") else {
        return;
    };
    let asm = Assembly::from_bytes(bytes.clone()).unwrap();
    use kiln_metadata::tables::{TableId, TypeDefHandle};
    assert!(kiln_metadata::check::exercise_image(bytes.clone())
        .unwrap()
        .errors
        .is_empty());
    // TypeDef#2.extends := a coded index with the unused tag 3.
    let str_width = if asm.heap_sizes() & 1 != 0 { 4 } else { 2 };
    let off = asm.table_offset(TableId::TypeDef)
        + asm.row_size(TableId::TypeDef) as usize
        + 4
        + 2 * str_width;
    let mut bad = bytes.clone();
    bad[off] |= 3;
    let report = kiln_metadata::check::exercise_image(bad.clone()).unwrap();
    let e = report
        .errors
        .iter()
        .find(|e| e.context.starts_with("TypeDef#2"))
        .expect("TypeDef#2 reported");
    assert!(
        matches!(
            e.error,
            kiln_metadata::MetadataError::BadColumn {
                table: TableId::TypeDef,
                row: 2,
                column: "extends",
                ..
            }
        ),
        "{e}"
    );
    assert!(
        e.to_string().contains("TypeDef row 2 column extends"),
        "{e}"
    );
    let asm = Assembly::from_bytes(bad).unwrap();
    assert!(asm.type_def(TypeDefHandle(2)).is_err());
}

#[test]
fn attributes_the_compiler_cares_about() {
    let Some(asm) = open(&format!("{}/System.Private.CoreLib.dll", framework())) else {
        return;
    };
    use kiln_metadata::tables::{Handle, TypeDefHandle};
    let find = |ns: &str, n: &str| {
        asm.handles::<TypeDefHandle>()
            .find(|&t| asm.type_def_name(t).unwrap() == (ns, n))
            .unwrap()
    };
    let span = find("System", "Span`1");
    assert!(asm.is_byref_like(span));
    assert!(asm.is_non_versionable(span.token()));
    let helpers = find("System.Runtime.CompilerServices", "RuntimeHelpers");
    let is_ref = asm
        .type_methods(helpers)
        .unwrap()
        .find(|&m| {
            asm.string(asm.method_def(m).unwrap().name).unwrap()
                == "IsReferenceOrContainsReferences"
        })
        .unwrap();
    assert!(asm.is_intrinsic(is_ref.token()));
    let v128 = find("System.Runtime.Intrinsics", "Vector128`1");
    assert!(asm.is_intrinsic(v128.token()));
    assert!(!asm.is_byref_like(find("System", "String")));
    // StructLayout is a pseudo-attribute: flags + ClassLayout.
    let guid = find("System", "Guid");
    let flags = asm.type_def(guid).unwrap().flags;
    assert_eq!(
        flags & kiln_metadata::tables::type_attributes::LAYOUT_MASK,
        kiln_metadata::tables::type_attributes::SEQUENTIAL_LAYOUT
    );
}

#[test]
fn uncompressed_table_stream_is_read() {
    let Ok(bytes) = std::fs::read("/usr/lib/mono/4.5/I18N.dll") else {
        return;
    };
    // Rename the `#~` stream to `#-` (no *Ptr tables: same layout).
    let pos = bytes
        .windows(4)
        .position(|w| w == b"#~\0\0")
        .expect("#~ stream header");
    let mut d = bytes.clone();
    d[pos + 1] = b'-';
    let asm = Assembly::from_bytes(d.clone()).unwrap();
    assert!(asm.is_uncompressed());
    let report = kiln_metadata::check::exercise_image(d).unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors.first());
    assert!(report.methods > 0);
}

#[test]
fn name_clashes_resolve_within_the_referencing_group() {
    let Ok(a) = Assembly::open("/usr/lib/mono/4.5/I18N.dll") else {
        return;
    };
    let mut set = kiln_metadata::AssemblySet::new();
    let first = set.add_in_group(a.clone(), 0);
    let second = set.add_in_group(Assembly::from_bytes(a.bytes().to_vec()).unwrap(), 1);
    let third = set.add_in_group(Assembly::from_bytes(a.bytes().to_vec()).unwrap(), 1);
    assert_eq!(set.find_by_name("i18n", None), Some(first));
    assert_eq!(
        set.find_by_name("I18N", Some(third)),
        Some(second),
        "same group wins, first in it"
    );
    assert_eq!(set.find_by_name("I18N", Some(first)), Some(first));
    assert_eq!(set.find_by_name("nope", Some(first)), None);
}

/// Mono's mscorlib compiled against .NET's framework: both are core
/// libraries, and mscorlib's own value types, enums and primitives are
/// recognised as such (they derive from mscorlib's System.ValueType, not
/// CoreLib's), and its signatures' `int32`/`object` mean its own types.
#[test]
fn a_second_core_library_knows_its_own_value_types() {
    let mono = "/usr/lib/mono/4.5/mscorlib.dll";
    if !std::path::Path::new(mono).exists() || !std::path::Path::new(&framework()).exists() {
        return;
    }
    let mut set = kiln_metadata::set::AssemblySet::new();
    let ms = set.add(Assembly::open(mono).unwrap());
    let spc =
        set.add(Assembly::open(format!("{}/System.Private.CoreLib.dll", framework())).unwrap());
    assert!(set.is_core_library(ms) && set.is_core_library(spc));
    assert_eq!(set.core_library(), Some(spc));
    assert_eq!(set.core_library_of(ms), Some(ms));
    let ts = kiln_metadata::types::TypeSystem::new(&set);
    let int32 = set.find_type(ms, "System", "Int32").unwrap();
    assert_eq!(
        ts.primitive_of(int32),
        Some(kiln_metadata::sig::Primitive::I4)
    );
    for (name, value) in [
        ("DateTime", true),
        ("DayOfWeek", true),
        ("ValueType", false),
        ("Enum", false),
        ("String", false),
    ] {
        let t = set.find_type(ms, "System", name).unwrap();
        assert_eq!(ts.is_value_type(t).unwrap(), value, "{name}");
    }
    let day = set.find_type(ms, "System", "DayOfWeek").unwrap();
    assert_eq!(
        ts.enum_underlying(day).unwrap(),
        Some(kiln_metadata::sig::Primitive::I4)
    );
    let i4 = kiln_metadata::sig::TypeSig::Primitive(kiln_metadata::sig::Primitive::I4);
    assert_eq!(
        ts.key_of(ms, &i4, &[], &[]).unwrap(),
        kiln_metadata::types::TypeKey::Def(int32, vec![])
    );
    let spc_int32 = set.find_type(spc, "System", "Int32").unwrap();
    assert_eq!(
        ts.key_of(spc, &i4, &[], &[]).unwrap(),
        kiln_metadata::types::TypeKey::Def(spc_int32, vec![])
    );
}
