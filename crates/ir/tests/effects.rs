//! The effects table (`InstData::effects`): what each kind of instruction
//! does besides defining its results, checked on parsed instructions.

use kiln_ir::*;

const TEXT: &str = "function \"T::F\"(ref, i32) -> i32 {
block0(v0: ref, v1: i32):
    v2 = iadd.i32 v1, v1
    v3 = sadd_ovf.i32 v2, v1
    v4 = load.i32 v0, 8
    v5 = new_object.ref 0x02000002
    v6 = icmp.i32 eq v4, v3
    brif v6, block1, block2
block1:
    return v4
block2:
    trap overflow
}
";

fn effects_by_name(f: &Function) -> Vec<(&'static str, Effects)> {
    f.insts_in_layout()
        .map(|(_, i)| (f.dfg.inst(i).opcode_name(), f.dfg.inst(i).effects()))
        .collect()
}

#[test]
fn each_kind_of_instruction_states_its_effects() {
    let f = parse_function(TEXT).unwrap();
    verify_function(&f).unwrap();
    let e = effects_by_name(&f);
    let of = |name: &str| e.iter().find(|(n, _)| *n == name).unwrap().1;
    assert_eq!(of("iadd"), Effects::PURE);
    assert_eq!(of("icmp"), Effects::PURE);
    // Overflow-checked arithmetic traps; a load may fault.
    assert_eq!(of("sadd_ovf"), Effects::THROWS);
    assert_eq!(of("load"), Effects::THROWS);
    // The allocator is a call: it clobbers registers, may collect, may throw.
    assert_eq!(of("new_object"), Effects::CALL);
    assert_eq!(of("brif"), Effects::BRANCH);
    assert_eq!(of("return"), Effects::BRANCH);
    assert_eq!(of("trap"), Effects::THROWING_EXIT);
}

#[test]
fn derived_predicates_agree_with_the_table() {
    let f = parse_function(TEXT).unwrap();
    for (_, i) in f.insts_in_layout() {
        let d = f.dfg.inst(i);
        assert_eq!(d.is_terminator(), d.effects().terminator);
        assert_eq!(d.can_throw(), d.effects().can_throw);
        // A call that returns may throw and is a GC safepoint; no
        // terminator is a call.
        if d.effects().call {
            assert!(d.effects().can_throw && d.effects().safepoint);
            assert!(!d.effects().terminator);
        }
    }
}
