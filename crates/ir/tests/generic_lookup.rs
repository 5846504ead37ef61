//! Text round trip and verification of `generic_lookup` (shared code's
//! generic dictionary lookups) and the `handle_call` operations on a type
//! handle computed at run time.

use kiln_ir::*;

const TEXT: &str = "function \"W::F\"(ref, i64) -> ref {
    generic_lookup 0x00000000, \"07151208013e101300\"
    generic_lookup 0x00000001, \"07151208013e101d1300\"

block0(v0: ref, v1: i64):
    v2 = load.i64 v0, 0
    v3 = generic_lookup.i64 v2, 0
    v4 = new_object_h.ref v3
    v5 = generic_lookup.i64 v2, 1
    v6 = new_array_h.ref v1, v5
    v7 = cast_class_h.ref v4, v3
    v8 = is_inst_h.ref v6, v5
    v9 = type_object_h.ref v3
    return v9
}
";

/// ThisObjDictionaryLookup, the context type `Cell<__Canon>` (GENERICINST
/// CLASS TypeDef 2, one `__Canon`), then TypeHandle of `!0` / of `!0[]`.
fn text() -> String {
    TEXT.to_string()
}

#[test]
fn round_trips_and_verifies() {
    let f = parse_function(&text()).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), text());
    assert_eq!(
        f.generic_lookup(1),
        Some(&[0x07, 0x15, 0x12, 0x08, 0x01, 0x3e, 0x10, 0x1d, 0x13, 0x00][..])
    );
    let ops: Vec<_> = f
        .insts_in_layout()
        .filter_map(|(_, i)| match f.dfg.inst(i) {
            InstData::HandleCall { op, args } => Some((*op, args.len())),
            _ => None,
        })
        .collect();
    assert_eq!(
        ops,
        [
            (HandleOp::NewObject, 1),
            (HandleOp::NewArray, 2),
            (HandleOp::CastClass, 2),
            (HandleOp::IsInst, 2),
            (HandleOp::TypeObject, 1),
        ]
    );
    // Calls into the runtime: never removable.
    assert!(f
        .insts_in_layout()
        .filter(|(_, i)| matches!(
            f.dfg.inst(*i),
            InstData::GenericLookup { .. } | InstData::HandleCall { .. }
        ))
        .all(|(_, i)| f.dfg.inst(i).can_throw()));
}

#[test]
fn verifier_wants_a_recorded_lookup_and_handle_operands() {
    for (from, to) in [
        ("generic_lookup.i64 v2, 1", "generic_lookup.i64 v2, 7"),
        ("generic_lookup.i64 v2, 0", "generic_lookup.i64 v0, 0"),
        ("new_array_h.ref v1, v5", "new_array_h.ref v4, v5"),
        ("cast_class_h.ref v4, v3", "cast_class_h.ref v4, v4"),
    ] {
        let bad = text().replace(from, to);
        let f = parse_function(&bad).unwrap();
        assert!(verify_function(&f).is_err(), "{to} accepted");
    }
}

#[test]
fn add_generic_lookup_reuses_identical_signatures() {
    let mut f = Function::new("F", Signature::default());
    let a = f.add_generic_lookup(vec![0x08, 0x10, 0x13, 0x00]);
    let b = f.add_generic_lookup(vec![0x09, 0x10, 0x1e, 0x00]);
    assert_eq!((a, b), (0, 1));
    assert_eq!(f.add_generic_lookup(vec![0x08, 0x10, 0x13, 0x00]), 0);
}

#[test]
fn virtual_cell_calls_take_the_cell_after_the_arguments() {
    let text = "function \"W::G\"(ref, ref) -> i32 {
    generic_lookup 0x00000000, \"07151208013e165015120801130003\"
    fn0 = \"IShow`1::Show\"(ref, ref) -> i32 virtual_cell token 0x0a000003

block0(v0: ref, v1: ref):
    v2 = load.i64 v0, 0
    v3 = generic_lookup.i64 v2, 0
    v4 = call fn0(v1, v0, v3)
    return v4
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), text);
    assert!(f.ext_funcs[FuncRef::from_u32(0)].dispatch.is_virtual());
    // Without the cell the call has too few arguments.
    let bad = text.replace("fn0(v1, v0, v3)", "fn0(v1, v0)");
    assert!(verify_function(&parse_function(&bad).unwrap()).is_err());
}
