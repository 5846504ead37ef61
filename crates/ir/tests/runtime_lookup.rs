//! Text round trip and verification of `runtime_lookup` (ldtoken handles,
//! static fields of other assemblies) and `delegate_ctor`.

use kiln_ir::*;

const TEXT: &str = "function \"T::F\"(ref) -> ref {
block0(v0: ref):
    v1 = runtime_lookup.ref type_handle, 0x01000005
    v2 = runtime_lookup.ref method_handle, 0x0a000007
    v3 = runtime_lookup.ref field_handle, 0x04000002
    v4 = runtime_lookup.byref static_field_address, 0x0a000009
    v5 = load.ref v4, 0
    v6 = new_object.ref 0x01000003
    delegate_ctor v6, v0, 0x06000002, 0x01000003
    return v1
}
";

#[test]
fn round_trips_and_verifies() {
    let f = parse_function(TEXT).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), TEXT);
    let kinds: Vec<_> = f
        .insts_in_layout()
        .filter_map(|(_, i)| match f.dfg.inst(i) {
            InstData::RuntimeLookup { kind, .. } => {
                Some((*kind, f.dfg.value_type(f.dfg.inst_results(i)[0])))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (LookupKind::TypeHandle, Type::Ref),
            (LookupKind::MethodHandle, Type::Ref),
            (LookupKind::FieldHandle, Type::Ref),
            (LookupKind::StaticFieldAddress, Type::ByRef),
        ]
    );
    // Calls into the runtime: never removable.
    assert!(f
        .insts_in_layout()
        .filter(|(_, i)| matches!(
            f.dfg.inst(*i),
            InstData::RuntimeLookup { .. } | InstData::DelegateCtor { .. }
        ))
        .all(|(_, i)| f.dfg.inst(i).can_throw()));
}

#[test]
fn verifier_wants_tokens_of_the_right_table() {
    for (from, to) in [
        ("type_handle, 0x01000005", "type_handle, 0x04000005"),
        ("method_handle, 0x0a000007", "method_handle, 0x02000007"),
        ("field_handle, 0x04000002", "field_handle, 0x06000002"),
        (
            "static_field_address, 0x0a000009",
            "static_field_address, 0x04000000",
        ),
        ("v0, 0x06000002, 0x01000003", "v0, 0x02000002, 0x01000003"),
        ("v0, 0x06000002, 0x01000003", "v0, 0x06000002, 0x06000003"),
    ] {
        let bad = TEXT.replace(from, to);
        let f = parse_function(&bad).unwrap();
        let e = verify_function(&f).unwrap_err().to_string();
        assert!(e.contains("0x0"), "{to}: {e}");
    }
    // The delegate and its target are object references.
    let bad = TEXT.replace("delegate_ctor v6, v0", "delegate_ctor v6, v4");
    assert!(verify_function(&parse_function(&bad).unwrap()).is_err());
}

/// TypeSpec tokens (arrays, closed instantiations) in `type_handle`
/// lookups, `cast_class`/`is_inst` and `new_array` element types are
/// accepted only with their signature recorded in the function.
#[test]
fn type_specs_need_their_signature() {
    let text = "function \"T::S\"(ref, i64) -> ref {
    type_sig 0x1b000001, \"1d08\"
    type_sig 0x1b000002, \"1512020100\"

block0(v0: ref, v1: i64):
    v2 = runtime_lookup.ref type_handle, 0x1b000001
    v3 = cast_class.ref v0, 0x1b000001
    v4 = is_inst.ref v3, 0x1b000002
    v5 = new_array.ref v1, spec 0x1b000002
    return v5
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), text);
    for (from, to) in [
        ("type_handle, 0x1b000001", "type_handle, 0x1b000003"),
        ("v0, 0x1b000001", "v0, 0x1b000004"),
        ("spec 0x1b000002", "spec 0x1b000005"),
        ("spec 0x1b000002", "spec 0x01000002"),
    ] {
        let bad = text.replace(from, to);
        let f = parse_function(&bad).unwrap();
        assert!(verify_function(&f).is_err(), "{to}");
    }
}
