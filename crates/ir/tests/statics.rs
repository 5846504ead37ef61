//! Text round trip and verification of the static-field instructions
//! (`static_base_gc`, `static_base_nongc`, `class_init`).

use kiln_ir::*;

const TEXT: &str = "function \"T::F\"(ref, i32) -> i32 {
block0(v0: ref, v1: i32):
    class_init 0x02000003
    v2 = static_base_nongc.byref 0x02000002
    store v1, v2, 72
    v3 = load.i32 v2, 76
    v4 = static_base_gc.byref 0x02000002
    store v0, v4, 16
    v5 = load.ref v4, 24
    v6 = iconst.i64 0
    v7 = elem_addr.byref v2, v6, 1, 80
    store v1, v7, 0
    return v3
}
";

#[test]
fn round_trips_and_verifies() {
    let f = parse_function(TEXT).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), TEXT);
    let bases: Vec<_> = f
        .insts_in_layout()
        .filter_map(|(_, i)| match f.dfg.inst(i) {
            InstData::StaticBase { gc, type_token, .. } => {
                assert_eq!(f.dfg.value_type(f.dfg.inst_results(i)[0]), Type::ByRef);
                Some((*gc, *type_token))
            }
            _ => None,
        })
        .collect();
    assert_eq!(bases, [(false, 0x0200_0002), (true, 0x0200_0002)]);
    // Calls into the runtime: never removable.
    assert!(f
        .insts_in_layout()
        .filter(|(_, i)| matches!(
            f.dfg.inst(*i),
            InstData::StaticBase { .. } | InstData::ClassInit { .. }
        ))
        .all(|(_, i)| f.dfg.inst(i).can_throw()));
}

#[test]
fn verifier_wants_typedef_tokens() {
    for (from, to) in [
        (
            "static_base_gc.byref 0x02000002",
            "static_base_gc.byref 0x01000002",
        ),
        (
            "static_base_nongc.byref 0x02000002",
            "static_base_nongc.byref 0x02000000",
        ),
        ("class_init 0x02000003", "class_init 0x06000003"),
    ] {
        let bad = TEXT.replace(from, to);
        let f = parse_function(&bad).unwrap();
        let e = verify_function(&f).unwrap_err().to_string();
        assert!(e.contains("0x0"), "{to}: {e}");
    }
}
