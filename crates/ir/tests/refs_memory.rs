//! Text round trip, verification and interpretation of the reference and
//! memory instructions (`null`, `load`, `store`, `string_const`, `icmp` and
//! `trapz` on `ref`).

use kiln_ir::*;

const TEXT: &str = "function \"T::F\"(ref, ref, i32) -> i32 {
block0(v0: ref, v1: ref, v2: i32):
    v3 = null.ref
    v4 = icmp.i32 eq v0, v3
    trapz v1, null_reference
    v5 = load.i32 v1, 8
    store v2, v1, 12
    store v0, v1, 16
    v6 = load.ref v1, 16
    v7 = string_const.ref 0x70000001
    v10 = new_object.ref 0x02000002
    v8 = icmp.i32 ugt v6, v7
    v9 = iadd.i32 v5, v8
    brif v4, block1, block2

block1:
    return v9

block2:
    return v2
}
";

#[test]
fn round_trips_and_verifies() {
    let f = parse_function(TEXT).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), TEXT);
}

#[test]
fn verifier_rejects_bad_memory_operands() {
    let bad = TEXT.replace("store v2, v1, 12", "store v2, v2, 12");
    let f = parse_function(&bad).unwrap();
    let e = verify_function(&f).unwrap_err().to_string();
    assert!(e.contains("expected ref, byref or i64"), "{e}");
    let bad = TEXT.replace("v4 = icmp.i32 eq v0, v3", "v4 = icmp.i32 eq v0, v2");
    let e = verify_function(&parse_function(&bad).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("expected ref"), "{e}");
    let bad = TEXT.replace("new_object.ref 0x02000002", "new_object.ref 0x06000002");
    let e = verify_function(&parse_function(&bad).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a TypeDef or TypeRef"), "{e}");
    let bad = TEXT.replace("v5 = load.i32 v1, 8", "v5 = load.byref v1, 8");
    assert!(parse_function(&bad)
        .ok()
        .is_none_or(|f| verify_function(&f).is_err()));
}

#[test]
fn interpreter_treats_references_as_opaque_values() {
    let f = parse_function(
        "function \"T::G\"(ref) -> i32 {
block0(v0: ref):
    v1 = null.ref
    v2 = icmp.i32 ne v0, v1
    trapz v0, null_reference
    return v2
}
",
    )
    .unwrap();
    verify_function(&f).unwrap();
    let mut calls = |_: &ExtFuncData, _: &[i64]| -> Result<Outcome, InterpError> {
        Err(InterpError::Call("no calls".into()))
    };
    let mut fuel = 100;
    assert_eq!(
        interpret(&f, &[0x1000], &mut calls, &mut fuel).unwrap(),
        Outcome::Return(vec![1])
    );
    assert_eq!(
        interpret(&f, &[0], &mut calls, &mut fuel).unwrap(),
        Outcome::Trap(TrapCode::NullReference)
    );
    // Memory is not interpreted: reported, never guessed.
    let g = parse_function(TEXT).unwrap();
    assert!(matches!(
        interpret(&g, &[8, 16, 1], &mut calls, &mut fuel),
        Err(InterpError::Unsupported(_))
    ));
}

#[test]
fn virtual_dispatch_round_trips() {
    let text = "function \"T::V\"(ref) -> i32 {
    fn0 = \"C::V\"(ref) -> i32 virtual token 0x06000002
    fn1 = \"C::V\"(ref) -> i32 token 0x06000002

block0(v0: ref):
    v1 = call fn0(v0)
    v2 = call fn1(v0)
    v3 = iadd.i32 v1, v2
    return v3
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(
        f.ext_funcs[FuncRef::from_u32(0)].dispatch,
        Dispatch::Virtual
    );
    assert_eq!(f.ext_funcs[FuncRef::from_u32(1)].dispatch, Dispatch::Direct);
    assert_eq!(write_function(&f), text);
}

#[test]
fn type_checks_round_trip_and_verify() {
    let text = "function \"T::C\"(ref) -> ref {
block0(v0: ref):
    v1 = cast_class.ref v0, 0x02000002
    v2 = is_inst.ref v1, 0x01000004
    v3 = unbox.byref v2, 0x01000004
    v4 = load.i32 v3, 0
    return v2
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), text);
    let bad = text.replace("0x01000004", "0x1b000004");
    let e = verify_function(&parse_function(&bad).unwrap())
        .unwrap_err()
        .to_string();
    assert!(e.contains("not a TypeDef or TypeRef"), "{e}");
}

#[test]
fn array_instructions_round_trip_and_verify() {
    let text = "function \"T::A\"(i64, ref) -> i32 {
block0(v0: i64, v1: ref):
    v2 = new_array.ref v0, prim 0x08
    v3 = new_array.ref v0, class 0x02000003
    v4 = new_array.ref v0, valuetype 0x01000002
    v5 = elem_addr.byref v2, v0, 4, 16
    v6 = load.i32 v5, 0
    store_elem_ref v3, v0, v1
    return v6
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), text);
    for (from, to, msg) in [
        ("prim 0x08", "prim 0x01", "bad array element type"),
        ("v2, v0, 4, 16", "v2, v0, 3, 16", "scale 3"),
        (
            "store_elem_ref v3, v0, v1",
            "store_elem_ref v3, v1, v1",
            "expected i64",
        ),
    ] {
        let bad = text.replace(from, to);
        let e = verify_function(&parse_function(&bad).unwrap())
            .unwrap_err()
            .to_string();
        assert!(e.contains(msg), "{from} -> {to}: {e}");
    }
}

#[test]
fn field_offset_checks_round_trip() {
    let text = "function \"T::F\"(ref) -> i32 {
    check_field_offset 0x04000002, 24
    check_field_offset 0x0a000007, 32

block0(v0: ref):
    v1 = load.i32 v0, 24
    return v1
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(
        f.field_offset_checks,
        vec![
            FieldOffsetCheck {
                field_token: 0x0400_0002,
                offset: 24
            },
            FieldOffsetCheck {
                field_token: 0x0a00_0007,
                offset: 32
            }
        ]
    );
    assert_eq!(write_function(&f), text);
}

#[test]
fn stack_params_round_trip() {
    let text = "function \"T::F\"(i64, i64 stack, ref stack) -> i64 {
block0(v0: i64, v1: i64, v2: ref):
    return v1
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(
        f.signature.params,
        vec![
            AbiParam::new(Type::I64),
            AbiParam::on_stack(Type::I64),
            AbiParam::on_stack(Type::Ref)
        ]
    );
    assert_eq!(write_function(&f), text);
}

#[test]
fn type_layout_checks_round_trip() {
    let text = "function \"T::F\"(i64) -> i64 {
    check_type_layout \"1109\", \"0e08\"
    check_type_layout \"1102\", \"0a1001\"

block0(v0: i64):
    return v0
}
";
    let f = parse_function(text).unwrap();
    assert_eq!(
        f.type_layout_checks,
        vec![
            TypeLayoutCheck {
                type_sig: vec![0x11, 0x09],
                layout: vec![0x0e, 0x08],
            },
            TypeLayoutCheck {
                type_sig: vec![0x11, 0x02],
                layout: vec![0x0a, 0x10, 0x01],
            }
        ]
    );
    assert_eq!(write_function(&f), text);
    assert!(parse_function(&text.replace("\"0e08\"", "\"0e0\"")).is_err());
}

#[test]
fn type_sigs_round_trip() {
    let text = "function \"Cell`1<__Canon>::Nth\"(ref) -> ref {
    type_sig 0x0a000005, \"1512080a013e\"
    fn0 = \"Cell`1::Get\"(ref) -> ref token 0x0a000005

block0(v0: ref):
    v1 = call fn0(v0)
    return v1
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(
        f.type_sig(0x0a00_0005),
        Some(&[0x15, 0x12, 0x08, 0x0a, 0x01, 0x3e][..])
    );
    assert_eq!(f.type_sig(0x0a00_0006), None);
    assert_eq!(write_function(&f), text);
    for bad in ["\"15120\"", "\"zz\"", "\"\""] {
        let t = text.replace("\"1512080a013e\"", bad);
        assert!(parse_function(&t).is_err(), "{bad}");
    }
}

/// Pinned stack slots and the pointer reinterpretations (`ptr_to_int` of a
/// `ref`/`byref`, `int_to_byref` of an `i64`) round-trip and verify; other
/// operand types are refused.
#[test]
fn pinned_slots_and_pointer_conversions() {
    let text = "function \"T::P\"(byref, ref) -> i64 {
    st0 = struct size 8, align 8, refs [], byrefs [0], token 0x00000000
    ss0 = stack 8, align 8, st0, pinned
    ss1 = stack 8, align 8, pinned

block0(v0: byref, v1: ref):
    v2 = ptr_to_int.i64 v0
    v3 = ptr_to_int.i64 v1
    v4 = int_to_byref.byref v2
    stack_store v4, ss0, 0
    v5 = iadd.i64 v2, v3
    return v5
}
";
    let f = match parse_function(text) {
        Ok(f) => f,
        Err(e) => panic!("{e:?}"),
    };
    verify_function(&f).unwrap();
    assert!(f.stack_slots.values().all(|s| s.pinned));
    assert_eq!(write_function(&f), text);
    for (from, to) in [
        ("ptr_to_int.i64 v0", "ptr_to_int.i32 v0"),
        ("int_to_byref.byref v2", "int_to_byref.ref v2"),
        ("int_to_byref.byref v2", "int_to_byref.byref v0"),
    ] {
        let bad = text.replace(from, to);
        let f = parse_function(&bad).unwrap();
        assert!(verify_function(&f).is_err(), "{to}");
    }
}

/// `elem_addr_ref` (type-checked `ldelema` of a reference element) round-
/// trips and verifies; a TypeSpec element needs its recorded signature.
#[test]
fn elem_addr_ref_round_trips() {
    let text = "function \"T::R\"(ref, i64) -> byref {
    type_sig 0x1b000001, \"1d0e\"

block0(v0: ref, v1: i64):
    v2 = elem_addr_ref.byref v0, v1, 0x01000002
    v3 = elem_addr_ref.byref v0, v1, 0x1b000001
    return v3
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(write_function(&f), text);
    assert!(f.insts_in_layout().all(|(_, i)| !matches!(
        f.dfg.inst(i),
        InstData::ElemAddrRef { .. }
    ) || f.dfg.inst(i).effects().safepoint));
    for (from, to) in [
        ("v1, 0x1b000001", "v1, 0x1b000002"),
        ("v1, 0x01000002", "v1, 0x04000002"),
        (
            "elem_addr_ref.byref v0, v1, 0x01000002",
            "elem_addr_ref.byref v1, v1, 0x01000002",
        ),
    ] {
        let bad = text.replace(from, to);
        let f = parse_function(&bad).unwrap();
        assert!(verify_function(&f).is_err(), "{to}");
    }
}

#[test]
fn method_sigs_round_trip() {
    let text = "function \"P::Main\"() -> ref {
    method_sig 0x2b000001, \"060401\"
    fn0 = \"Util::Pick\"() -> ref token 0x2b000001

block0:
    v0 = call fn0()
    return v0
}
";
    let f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert_eq!(f.method_sig(0x2b00_0001), Some(&[0x06, 0x04, 0x01][..]));
    assert_eq!(f.type_sig(0x2b00_0001), None);
    assert_eq!(write_function(&f), text);
    assert!(parse_function(&text.replace("\"060401\"", "\"06040\"")).is_err());
}
