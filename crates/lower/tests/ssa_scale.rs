//! SSA construction on a large method: 3000 conditional blocks, 40 locals,
//! each block possibly incrementing one local. After lowering, every join
//! block carries exactly the one local that differs between its two
//! predecessors (minimal SSA), and running the IR gives the right sum.

mod common;

use kiln_ir::{interpret, InterpError, Outcome};

#[test]
fn large_method_gets_minimal_block_parameters() {
    let n_blocks = 3000;
    let mut il = String::from(".method int32 P::Big(int32)\n.maxstack 64\n.locals (");
    il.push_str(&vec!["int32"; 40].join(", "));
    il.push_str(")\n");
    for i in 0..n_blocks {
        il.push_str(&format!(
            "    ldarg.0\n    ldc.i4 {i}\n    ble L{i}\n    ldloc {l}\n    ldc.i4.1\n    add\n    stloc {l}\nL{i}:\n",
            l = i % 40
        ));
    }
    for l in 0..40 {
        il.push_str(&format!("    ldloc {l}\n"));
    }
    for _ in 0..39 {
        il.push_str("    add\n");
    }
    il.push_str("    ret\n");
    let env = common::parse_env(&il).unwrap();
    let func = kiln_lower::lower_method(&env).unwrap();

    // Join blocks (the `L{i}` labels) have two predecessors; the local that
    // block i-1 may increment is the only one that can differ.
    let max_params = func
        .layout
        .blocks()
        .iter()
        .map(|&b| func.dfg.block_params(b).len())
        .max()
        .unwrap();
    assert_eq!(max_params, 1, "{}", func.name);

    for (n, want) in [(0, 0), (1234, 1234), (5000, n_blocks as i64), (-7, 0)] {
        let mut fuel = 10_000_000;
        let got = interpret(
            &func,
            &[n],
            &mut |_, _| Err(InterpError::Call("none".into())),
            &mut fuel,
        )
        .unwrap();
        assert_eq!(got, Outcome::Return(vec![want]), "n = {n}");
    }
}
