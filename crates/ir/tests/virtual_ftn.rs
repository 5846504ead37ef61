//! Text round trip, typing and verification of `virtual_ftn` (IL
//! `ldvirtftn` of a virtual method: a code pointer from the runtime).

use kiln_ir::*;

const TEXT: &str = "function \"T::F\"(ref) -> i64 {
block0(v0: ref):
    v1 = virtual_ftn.i64 v0, 0x0a000007
    v2 = virtual_ftn.i64 v0, 0x06000002
    v3 = iadd.i64 v1, v2
    return v3
}
";

#[test]
fn round_trips_and_verifies() {
    let f = parse_function(TEXT).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), TEXT);
    let found: Vec<_> = f
        .insts_in_layout()
        .filter(|(_, i)| matches!(f.dfg.inst(*i), InstData::VirtualFtn { .. }))
        .map(|(_, i)| {
            let data = f.dfg.inst(i);
            // A call into the runtime that throws on a null object.
            assert!(data.can_throw());
            assert_eq!(
                data.arguments(),
                &[f.dfg.block_params(f.entry_block().unwrap())[0]]
            );
            f.dfg.value_type(f.dfg.inst_results(i)[0])
        })
        .collect();
    assert_eq!(found, [Type::I64, Type::I64]);
}

#[test]
fn verifier_wants_an_object_and_a_method_token() {
    for (from, to) in [
        ("v0, 0x0a000007", "v0, 0x02000007"),
        ("v0, 0x06000002", "v0, 0x04000002"),
        ("v0, 0x06000002", "v0, 0x06000000"),
    ] {
        let bad = TEXT.replace(from, to);
        let f = parse_function(&bad).unwrap();
        let e = verify_function(&f).unwrap_err().to_string();
        assert!(e.contains("0x0"), "{to}: {e}");
    }
    let bad = TEXT
        .replace("(ref) -> i64", "(i64) -> i64")
        .replace("v0: ref", "v0: i64");
    assert!(verify_function(&parse_function(&bad).unwrap()).is_err());
}
