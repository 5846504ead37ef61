//! Execution tests: code produced by the backend runs in-process (see
//! `backend_support::Jit`) and must agree with the IR's reference semantics
//! (`backend_support::interpret`) on many inputs, including every edge case
//! of .NET integer arithmetic: wrapping, shift-count masking, unsigned
//! comparisons, division traps, overflow checks, narrow types.

mod backend_support;

use backend_support::{
    canon, disassemble, interpret, native_canon, random_function, Jit, Outcome, Rng,
};
use kiln_ir::{parse_function, verify_function, Function, Type};
use kiln_x64::backend::{compile, BackendOptions};

fn build(text: &str) -> Function {
    let func = parse_function(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    verify_function(&func).unwrap_or_else(|e| panic!("{e}\n{text}"));
    func
}

/// Native arguments: the canonical value with garbage above the type's
/// width (the ABI leaves those bits unspecified for small types and i32).
fn native_args(func: &Function, args: &[i64], rng: &mut Rng) -> Vec<i64> {
    args.iter()
        .zip(&func.signature.params)
        .map(|(&a, p)| match p.ty.bits().unwrap() {
            64 => a,
            b => ((rng.next() as i64) << b) | (a & ((1i64 << b) - 1)),
        })
        .collect()
}

/// Compiles the functions (rid, text), then checks `rid`'s native outcome
/// against the interpreter for each input.
fn agree(funcs: &[(u32, &str)], rid: u32, inputs: &[Vec<i64>]) {
    let parsed: Vec<(u32, Function)> = funcs.iter().map(|&(r, t)| (r, build(t))).collect();
    let stencils: Vec<_> = parsed
        .iter()
        .map(|(r, f)| {
            (
                *r,
                compile(f, &BackendOptions::default()).unwrap_or_else(|e| panic!("{e}\n{}", f)),
            )
        })
        .collect();
    let refs: Vec<_> = stencils.iter().map(|(r, s)| (*r, s)).collect();
    let mut jit = Jit::new(&refs);
    let func = &parsed.iter().find(|(r, _)| *r == rid).unwrap().1;
    let mut rng = Rng(0x5EED ^ rid as u64);
    for args in inputs {
        let want = interp_all(&parsed, rid, args);
        let native = native_args(func, args, &mut rng);
        let got = native_canon(func, jit.call(rid, &native));
        if got != want {
            let s = &stencils.iter().find(|(r, _)| *r == rid).unwrap().1;
            panic!(
                "args {args:?}: native {got:?}, reference {want:?}\n{}\n{}",
                func,
                disassemble(&s.code)
            );
        }
    }
}

/// The reference outcome: the test interpreter, cross-checked against
/// kiln-ir's own interpreter (two independent readings of the IR's
/// semantics).
fn interp_all(funcs: &[(u32, Function)], rid: u32, args: &[i64]) -> Outcome {
    let func = &funcs.iter().find(|(r, _)| *r == rid).unwrap().1;
    let ours = interpret(func, args, &mut |token, a| {
        assert_eq!(token >> 24, 6, "only MethodDef callees in tests");
        interp_all(funcs, token & 0xFF_FFFF, a)
    });
    if let Some(theirs) = ir_interp(funcs, rid, args) {
        assert_eq!(
            ours, theirs,
            "the two interpreters disagree on {args:?}\n{func}"
        );
    }
    ours
}

/// kiln-ir's interpreter, or `None` where it does not apply (stack slots).
fn ir_interp(funcs: &[(u32, Function)], rid: u32, args: &[i64]) -> Option<Outcome> {
    let func = &funcs.iter().find(|(r, _)| *r == rid).unwrap().1;
    let canon_args: Vec<i64> = args
        .iter()
        .zip(&func.signature.params)
        .map(|(&a, p)| canon(a, p.ty))
        .collect();
    let mut fuel = 10_000_000u64;
    let mut calls =
        |ext: &kiln_ir::ExtFuncData, a: &[i64]| -> Result<kiln_ir::Outcome, kiln_ir::InterpError> {
            let kiln_ir::Callee::Token(token) = ext.callee else {
                panic!("the reference models token callees only");
            };
            match ir_interp(funcs, token & 0xFF_FFFF, a) {
                Some(Outcome::Returned(x)) => Ok(kiln_ir::Outcome::Return(
                    ext.signature.returns.iter().map(|_| x).collect(),
                )),
                Some(Outcome::Trapped(id)) => Ok(kiln_ir::Outcome::Trap(
                    kiln_ir::TrapCode::ALL
                        .into_iter()
                        .find(|&c| backend_support::trap_id(c) == id)
                        .expect("known trap"),
                )),
                None => Err(kiln_ir::InterpError::Call("not interpretable".into())),
            }
        };
    match kiln_ir::interpret(func, &canon_args, &mut calls, &mut fuel) {
        Ok(kiln_ir::Outcome::Return(v)) => Some(Outcome::Returned(v.first().copied().unwrap_or(0))),
        Ok(kiln_ir::Outcome::Trap(code)) => Some(Outcome::Trapped(backend_support::trap_id(code))),
        Err(kiln_ir::InterpError::Unsupported(_)) | Err(kiln_ir::InterpError::Call(_)) => None,
        Err(e) => panic!("kiln-ir interpreter: {e}\n{func}"),
    }
}

fn grid(ty: Type) -> Vec<i64> {
    let b = ty.bits().unwrap();
    let (min, max) = (i64::MIN >> (64 - b), i64::MAX >> (64 - b));
    [
        0,
        1,
        2,
        3,
        7,
        31,
        32,
        33,
        63,
        64,
        65,
        -1,
        -2,
        -31,
        -33,
        -64,
        min,
        max,
        min + 1,
        max - 1,
        0x1234_5678_9abc,
        -0x7777_1234,
    ]
    .into_iter()
    .map(|x| canon(x, ty))
    .collect()
}

#[test]
fn every_binary_operation_on_a_grid_of_edge_cases() {
    let ops = [
        "iadd", "isub", "imul", "band", "bor", "bxor", "ishl", "sshr", "ushr", "sadd_ovf",
        "uadd_ovf", "ssub_ovf", "usub_ovf", "smul_ovf", "umul_ovf",
    ];
    for ty in [Type::I32, Type::I64, Type::I8, Type::I16] {
        for op in ops {
            if op.ends_with("_ovf") && ty.bits().unwrap() < 32 {
                continue;
            }
            let text = format!(
                "function \"T::op\"({ty}, {ty}) -> {ty} {{\nblock0(v0: {ty}, v1: {ty}):\n    v2 = {op}.{ty} v0, v1\n    return v2\n}}\n"
            );
            let g = grid(ty);
            let inputs: Vec<Vec<i64>> = g
                .iter()
                .flat_map(|&a| g.iter().map(move |&b| vec![a, b]))
                .collect();
            agree(&[(1, &text)], 1, &inputs);
            // The same with a constant right operand (immediate forms).
            for &c in &g {
                let text = format!(
                    "function \"T::opk\"({ty}) -> {ty} {{\nblock0(v0: {ty}):\n    v1 = iconst.{ty} {c}\n    v2 = {op}.{ty} v0, v1\n    return v2\n}}\n"
                );
                let inputs: Vec<Vec<i64>> = g.iter().map(|&a| vec![a]).collect();
                agree(&[(1, &text)], 1, &inputs);
            }
        }
    }
}

#[test]
fn comparisons_divisions_and_conversions_on_a_grid() {
    for ty in [Type::I32, Type::I64, Type::I8, Type::I16] {
        let g = grid(ty);
        let pairs: Vec<Vec<i64>> = g
            .iter()
            .flat_map(|&a| g.iter().map(move |&b| vec![a, b]))
            .collect();
        for cc in kiln_ir::IntCC::ALL {
            // Materialized and fused into a branch.
            let set = format!(
                "function \"T::cmp\"({ty}, {ty}) -> i32 {{\nblock0(v0: {ty}, v1: {ty}):\n    v2 = icmp.i32 {cc} v0, v1\n    return v2\n}}\n"
            );
            agree(&[(1, &set)], 1, &pairs);
            let br = format!(
                "function \"T::br\"({ty}, {ty}) -> i32 {{\nblock0(v0: {ty}, v1: {ty}):\n    v2 = icmp.i32 {cc} v0, v1\n    brif v2, block1, block2\nblock1:\n    v3 = iconst.i32 10\n    return v3\nblock2:\n    v4 = iconst.i32 20\n    return v4\n}}\n"
            );
            agree(&[(1, &br)], 1, &pairs);
        }
        let min = canon(1i64 << (ty.bits().unwrap() - 1), ty);
        for op in ["sdiv", "srem", "udiv", "urem"] {
            // The producer's guards, as kiln-lower emits them.
            let guard = if op.starts_with('s') {
                format!(
                    "    v3 = iconst.{ty} {min}\n    v4 = icmp.i32 eq v0, v3\n    v5 = iconst.{ty} -1\n    v6 = icmp.i32 eq v1, v5\n    v7 = band.i32 v4, v6\n    trapnz v7, overflow\n"
                )
            } else {
                String::new()
            };
            let text = format!(
                "function \"T::div\"({ty}, {ty}) -> {ty} {{\nblock0(v0: {ty}, v1: {ty}):\n    trapz v1, div_by_zero\n{guard}    v2 = {op}.{ty} v0, v1\n    return v2\n}}\n"
            );
            agree(&[(1, &text)], 1, &pairs);
        }
        let singles: Vec<Vec<i64>> = g.iter().map(|&a| vec![a]).collect();
        for to in [Type::I8, Type::I16, Type::I32, Type::I64] {
            let (fb, tb) = (ty.bits().unwrap(), to.bits().unwrap());
            let ops: &[&str] = if tb > fb {
                &["sextend", "uextend"]
            } else if tb < fb {
                &["ireduce"]
            } else {
                &[]
            };
            for op in ops {
                let text = format!(
                    "function \"T::conv\"({ty}) -> {to} {{\nblock0(v0: {ty}):\n    v1 = {op}.{to} v0\n    return v1\n}}\n"
                );
                agree(&[(1, &text)], 1, &singles);
            }
        }
        for op in ["ineg", "bnot"] {
            let text = format!(
                "function \"T::un\"({ty}) -> {ty} {{\nblock0(v0: {ty}):\n    v1 = {op}.{ty} v0\n    return v1\n}}\n"
            );
            agree(&[(1, &text)], 1, &singles);
        }
    }
}

#[test]
fn traps_call_the_right_helper() {
    let div = "function \"T::div\"(i32, i32) -> i32 {\nblock0(v0: i32, v1: i32):\n    trapz v1, div_by_zero\n    v3 = iconst.i32 -2147483648\n    v4 = icmp.i32 eq v0, v3\n    v5 = iconst.i32 -1\n    v6 = icmp.i32 eq v1, v5\n    v7 = band.i32 v4, v6\n    trapnz v7, overflow\n    v2 = sdiv.i32 v0, v1\n    return v2\n}\n";
    let f = build(div);
    let s = compile(&f, &BackendOptions::default()).unwrap();
    let mut jit = Jit::new(&[(1, &s)]);
    assert_eq!(jit.call(1, &[7, 0]), Outcome::Trapped(0x26));
    assert_eq!(jit.call(1, &[i32::MIN as i64, -1]), Outcome::Trapped(0x22));
    assert_eq!(
        native_canon(&f, jit.call(1, &[i32::MIN as i64, 1])),
        Outcome::Returned(i32::MIN as i64)
    );
    assert_eq!(
        native_canon(&f, jit.call(1, &[-7, 2])),
        Outcome::Returned(-3)
    );
    let trap = "function \"T::t\"(i32) -> i32 {\nblock0(v0: i32):\n    brif v0, block1, block2\nblock1:\n    trap index_out_of_range\nblock2:\n    trap null_reference\n}\n";
    let s = compile(&build(trap), &BackendOptions::default()).unwrap();
    let mut jit = Jit::new(&[(1, &s)]);
    assert_eq!(jit.call(1, &[1]), Outcome::Trapped(0x23));
    assert_eq!(jit.call(1, &[0]), Outcome::Trapped(0x25));
}

#[test]
fn loops_recursion_and_switches() {
    let fib = "function \"T::Fib\"(i32) -> i32 {\n    fn0 = \"T::Fib\"(i32) -> i32 token 0x06000001\n\nblock0(v0: i32):\n    v1 = iconst.i32 2\n    v2 = icmp.i32 slt v0, v1\n    brif v2, block1, block2\nblock1:\n    return v0\nblock2:\n    v3 = iconst.i32 1\n    v4 = isub.i32 v0, v3\n    v5 = call fn0(v4)\n    v6 = isub.i32 v4, v3\n    v7 = call fn0(v6)\n    v8 = iadd.i32 v5, v7\n    return v8\n}\n";
    agree(
        &[(1, fib)],
        1,
        &(0..20).map(|n| vec![n]).collect::<Vec<_>>(),
    );

    // gcd by remainder, sum loop with a loop-carried swap of parameters.
    let gcd = "function \"T::Gcd\"(i64, i64) -> i64 {\nblock0(v0: i64, v1: i64):\n    jump block1(v0, v1)\nblock1(v2: i64, v3: i64):\n    brif v3, block2, block3\nblock2:\n    v4 = urem.i64 v2, v3\n    jump block1(v3, v4)\nblock3:\n    return v2\n}\n";
    let g = grid(Type::I64);
    let mut pairs: Vec<Vec<i64>> = g
        .iter()
        .flat_map(|&a| g.iter().map(move |&b| vec![a, b]))
        .collect();
    pairs.push(vec![1071, 462]);
    agree(&[(2, gcd)], 2, &pairs);

    let swap = "function \"T::Swap\"(i32, i32, i32) -> i32 {\nblock0(v0: i32, v1: i32, v2: i32):\n    jump block1(v0, v1, v2)\nblock1(v3: i32, v4: i32, v5: i32):\n    brif v5, block2, block3\nblock2:\n    v6 = iconst.i32 1\n    v7 = isub.i32 v5, v6\n    v8 = imul.i32 v3, v6\n    v9 = iconst.i32 3\n    v10 = imul.i32 v4, v9\n    jump block1(v10, v8, v7)\nblock3:\n    v11 = isub.i32 v3, v4\n    return v11\n}\n";
    agree(
        &[(3, swap)],
        3,
        &(0..12).map(|n| vec![5, -9, n]).collect::<Vec<_>>(),
    );

    let switch = "function \"T::Sw\"(i32, i32) -> i32 {\nblock0(v0: i32, v1: i32):\n    br_table v0, block1(v1), [block2(v1, v0), block3, block2(v0, v1), block1(v0)]\nblock1(v2: i32):\n    v3 = iconst.i32 1000\n    v4 = iadd.i32 v2, v3\n    return v4\nblock2(v5: i32, v6: i32):\n    v7 = isub.i32 v5, v6\n    return v7\nblock3:\n    v8 = iconst.i32 77\n    return v8\n}\n";
    let inputs: Vec<Vec<i64>> = [-1i64, 0, 1, 2, 3, 4, 5, i32::MAX as i64, i32::MIN as i64]
        .iter()
        .map(|&i| vec![i, 40])
        .collect();
    agree(&[(4, switch)], 4, &inputs);
    let switch8 = "function \"T::Sw8\"(i8) -> i32 {\nblock0(v0: i8):\n    br_table v0, block1, [block2, block2, block1]\nblock1:\n    v1 = iconst.i32 1\n    return v1\nblock2:\n    v2 = iconst.i32 2\n    return v2\n}\n";
    agree(
        &[(5, switch8)],
        5,
        &(-3..5).map(|n| vec![n]).collect::<Vec<_>>(),
    );
}

#[test]
fn values_survive_calls_and_register_pressure() {
    // 14 values live across two calls; more than the home registers.
    let mut text = String::from(
        "function \"T::Many\"(i64, i32) -> i64 {\n    fn0 = \"T::Id\"(i64, i32, i8 sext, i16 uext, i64, i32) -> i64 token 0x06000002\n\nblock0(v0: i64, v1: i32):\n",
    );
    for k in 2..16 {
        text += &format!("    v{k} = iconst.i64 {}\n", k * 1001);
        text += &format!("    v{} = imul.i64 v{k}, v0\n", k + 100);
    }
    text += "    v200 = ireduce.i8 v0\n    v201 = ireduce.i16 v1\n";
    text += "    v16 = call fn0(v0, v1, v200, v201, v102, v1)\n";
    text += "    v17 = call fn0(v16, v1, v200, v201, v103, v1)\n";
    let mut acc = 17;
    for k in 2..16 {
        text += &format!("    v{} = bxor.i64 v{acc}, v{}\n", 300 + k, k + 100);
        acc = 300 + k;
    }
    text += &format!("    return v{acc}\n}}\n");
    let id = "function \"T::Id\"(i64, i32, i8 sext, i16 uext, i64, i32) -> i64 {\nblock0(v0: i64, v1: i32, v2: i8, v3: i16, v4: i64, v5: i32):\n    v6 = sextend.i64 v1\n    v7 = iadd.i64 v0, v6\n    v8 = sextend.i64 v2\n    v9 = iadd.i64 v7, v8\n    v10 = uextend.i64 v3\n    v11 = iadd.i64 v9, v10\n    v12 = iadd.i64 v11, v4\n    v13 = uextend.i64 v5\n    v14 = bxor.i64 v12, v13\n    return v14\n}\n";
    let inputs: Vec<Vec<i64>> = grid(Type::I64)
        .into_iter()
        .zip(grid(Type::I32).into_iter().rev())
        .map(|(a, b)| vec![a, b])
        .collect();
    agree(&[(1, &text), (2, id)], 1, &inputs);
}

#[test]
fn random_programs_agree_with_the_interpreter() {
    let mut rng = Rng(0xC0FF_EE12_3456_789B);
    for _ in 0..400 {
        let text = random_function(&mut rng);
        let func = build(&text);
        let inputs: Vec<Vec<i64>> = (0..24)
            .map(|_| {
                func.signature
                    .params
                    .iter()
                    .map(|p| rng.int(p.ty))
                    .collect()
            })
            .collect();
        agree(&[(1, &text)], 1, &inputs);
    }
}

#[test]
fn stack_arguments_in_and_out() {
    // The callee takes nine arguments: six in registers, three on the stack
    // (one of them a small type the caller must widen).
    let callee = "function \"T::Nine\"(i32, i64, i32, i64, i32, i64, i32, i8 sext, i64) -> i64 {\nblock0(v0: i32, v1: i64, v2: i32, v3: i64, v4: i32, v5: i64, v6: i32, v7: i8, v8: i64):\n    v9 = sextend.i64 v0\n    v10 = iconst.i64 3\n    v11 = imul.i64 v9, v10\n    v12 = isub.i64 v11, v1\n    v13 = sextend.i64 v2\n    v14 = bxor.i64 v12, v13\n    v15 = iadd.i64 v14, v3\n    v16 = sextend.i64 v4\n    v17 = imul.i64 v15, v16\n    v18 = isub.i64 v17, v5\n    v19 = sextend.i64 v6\n    v20 = iconst.i64 1000\n    v21 = imul.i64 v19, v20\n    v22 = iadd.i64 v18, v21\n    v23 = sextend.i64 v7\n    v24 = iconst.i64 100000\n    v25 = imul.i64 v23, v24\n    v26 = iadd.i64 v22, v25\n    v27 = iconst.i64 7\n    v28 = imul.i64 v8, v27\n    v29 = bxor.i64 v26, v28\n    return v29\n}\n";
    let caller = "function \"T::Caller\"(i32, i64, i32) -> i64 {\n    fn0 = \"T::Nine\"(i32, i64, i32, i64, i32, i64, i32, i8 sext, i64) -> i64 token 0x06000002\n\nblock0(v0: i32, v1: i64, v2: i32):\n    v3 = iconst.i32 -5\n    v4 = ireduce.i8 v2\n    v5 = iconst.i64 -77\n    v6 = call fn0(v2, v1, v0, v5, v3, v1, v0, v4, v1)\n    v7 = call fn0(v0, v6, v2, v1, v0, v5, v3, v4, v6)\n    v8 = iadd.i64 v6, v7\n    return v8\n}\n";
    let inputs: Vec<Vec<i64>> = grid(Type::I32)
        .into_iter()
        .zip(grid(Type::I64))
        .map(|(a, b)| vec![a, b, a.wrapping_mul(7) as i32 as i64])
        .collect();
    agree(&[(1, caller), (2, callee)], 1, &inputs);
}

#[test]
fn stack_slots_are_zeroed_and_addressed() {
    let text = "function \"T::Slots\"(i32, i64) -> i64 {\n    ss0 = stack 4, align 4\n    ss1 = stack 12, align 8\n\nblock0(v0: i32, v1: i64):\n    v2 = stack_load.i64 ss1, 0\n    v3 = stack_load.i32 ss1, 8\n    v4 = sextend.i64 v3\n    v5 = iadd.i64 v2, v4\n    stack_store v0, ss0, 0\n    stack_store v1, ss1, 4\n    v6 = ireduce.i8 v0\n    stack_store v6, ss1, 0\n    v7 = stack_load.i32 ss0, 0\n    v8 = stack_load.i64 ss1, 0\n    v9 = stack_load.i16 ss1, 2\n    v10 = sextend.i64 v7\n    v11 = bxor.i64 v8, v10\n    v12 = uextend.i64 v9\n    v13 = iadd.i64 v11, v12\n    v14 = iadd.i64 v13, v5\n    return v14\n}\n";
    let func = build(text);
    let s = compile(&func, &BackendOptions::default()).unwrap();
    let mut jit = Jit::new(&[(1, &s)]);
    for (a, b) in [(0x1234_5678i64, 0x0102_0304_0506_0708i64), (-1, -1), (7, 0)] {
        // Little-endian layout of ss1 after the stores: byte 0 = low byte
        // of v0, bytes 1..4 zero, bytes 4..12 = v1.
        let mut bytes = [0u8; 12];
        bytes[4..12].copy_from_slice(&b.to_le_bytes());
        bytes[0] = a as u8;
        let q = i64::from_le_bytes(bytes[0..8].try_into().unwrap());
        let h = u16::from_le_bytes(bytes[2..4].try_into().unwrap()) as i64;
        let want = ((q ^ (a as i32 as i64)) + h).wrapping_add(0);
        assert_eq!(
            jit.call(1, &[a, b]),
            Outcome::Returned(want),
            "{a:#x} {b:#x}"
        );
    }
}

#[test]
fn frames_of_a_page_are_refused() {
    let text = "function \"T::Big\"() -> i32 {\n    ss0 = stack 5000, align 8\n\nblock0:\n    v0 = stack_load.i32 ss0, 0\n    return v0\n}\n";
    let err = compile(&build(text), &BackendOptions::default()).unwrap_err();
    assert_eq!(
        err.unsupported().map(|u| u.reason.clone()),
        Some(kiln_x64::backend::UnsupportedReason::FrameTooLarge)
    );
}

#[test]
fn large_switches_use_a_binary_search() {
    // 40 targets in runs (several indices share a destination), some edges
    // with moves (stubs), over each index width.
    for ty in [Type::I32, Type::I64, Type::I8, Type::I16] {
        let mut targets = Vec::new();
        for i in 0..40 {
            targets.push(match i % 7 {
                0 | 1 => "block1(v1)".to_string(),
                2 => "block2(v1, v2)".to_string(),
                3 => "block2(v2, v1)".to_string(),
                4 => "block3".to_string(),
                _ if i < 20 => "block4".to_string(),
                _ => "block1(v2)".to_string(),
            });
        }
        let text = format!(
            "function \"T::Big\"({ty}, i32, i32) -> i32 {{\nblock0(v0: {ty}, v1: i32, v2: i32):\n    br_table v0, block2(v2, v2), [{}]\nblock1(v3: i32):\n    v4 = iconst.i32 1000\n    v5 = iadd.i32 v3, v4\n    return v5\nblock2(v6: i32, v7: i32):\n    v8 = iconst.i32 3\n    v9 = imul.i32 v6, v8\n    v10 = isub.i32 v9, v7\n    return v10\nblock3:\n    v11 = iconst.i32 -5\n    return v11\nblock4:\n    v12 = iconst.i32 44\n    return v12\n}}\n",
            targets.join(", ")
        );
        let inputs: Vec<Vec<i64>> = (-3..45)
            .chain([
                127,
                128,
                255,
                256,
                65535,
                i32::MAX as i64,
                i32::MIN as i64,
                1 << 32,
                -1 << 40,
            ])
            .map(|i| vec![canon(i, ty), 7, 100])
            .collect();
        agree(&[(1, &text)], 1, &inputs);
    }
}

#[test]
fn reused_spill_slots_keep_values_apart() {
    // Two groups of 14 simultaneously live values, one after the other:
    // spill slots of the first group are reused by the second.
    let mut t = String::from("function \"T::Groups\"(i64) -> i64 {\nblock0(v0: i64):\n");
    let mut acc = 0;
    for g in 0..2 {
        let base = 1 + g * 100;
        for k in 0..14 {
            t += &format!("    v{} = iadd.i64 v{acc}, v0\n", base + k);
            t += &format!("    v{} = iconst.i64 {}\n", base + 30 + k, k * 7 + 3);
            t += &format!(
                "    v{} = imul.i64 v{}, v{}\n",
                base + 80 + k,
                base + k,
                base + 30 + k
            );
        }
        for k in 0..14 {
            let prev = if k == 0 { acc } else { base + 49 + k };
            t += &format!(
                "    v{} = bxor.i64 v{prev}, v{}\n",
                base + 50 + k,
                base + 80 + k
            );
        }
        acc = base + 63;
    }
    t += &format!("    return v{acc}\n}}\n");
    let inputs: Vec<Vec<i64>> = grid(Type::I64).into_iter().map(|a| vec![a]).collect();
    agree(&[(1, &t)], 1, &inputs);
}

/// References flow through parameters, block parameters, calls and returns
/// unchanged (in-process they are just 64-bit values).
#[test]
fn references_flow_through_calls_and_branches() {
    let f = "function \"T::Pick\"(ref, ref, i32) -> ref {\n    fn0 = \"T::Id\"(ref, i32) -> ref token 0x06000002\n\nblock0(v0: ref, v1: ref, v2: i32):\n    v3 = call fn0(v1, v2)\n    brif v2, block1(v0, v3), block1(v3, v0)\nblock1(v4: ref, v5: ref):\n    v6 = call fn0(v5, v2)\n    v7 = call fn0(v4, v2)\n    brif v2, block2(v6), block2(v7)\nblock2(v8: ref):\n    return v8\n}\n";
    let id = "function \"T::Id\"(ref, i32) -> ref {\nblock0(v0: ref, v1: i32):\n    return v0\n}\n";
    let inputs: Vec<Vec<i64>> = [0, 1, -5]
        .iter()
        .map(|&c| vec![0x7f00_1234_5678, 0x7f00_9999_0000, c])
        .collect();
    agree(&[(1, f), (2, id)], 1, &inputs);
}

/// Loops in methods with references run through their GC polls.
#[test]
fn loops_with_references_run() {
    let f = "function \"T::Spin\"(ref, i32, ref) -> ref {\nblock0(v0: ref, v1: i32, v2: ref):\n    v3 = iconst.i32 0\n    jump block1(v3, v0, v2)\nblock1(v4: i32, v5: ref, v6: ref):\n    v7 = icmp.i32 slt v4, v1\n    brif v7, block2, block3\nblock2:\n    v8 = iconst.i32 1\n    v9 = iadd.i32 v4, v8\n    jump block1(v9, v6, v5)\nblock3:\n    return v5\n}\n";
    let inputs: Vec<Vec<i64>> = (0..6).map(|n| vec![0x1000, n, 0x2000]).collect();
    agree(&[(1, f)], 1, &inputs);
}

/// Every shape of `brif` edge moves: then-only, else-only, both, none; with
/// the destination next in layout or not.
#[test]
fn branch_edges_with_and_without_moves() {
    let shapes = [
        ("block1(v1, v0)", "block2"),
        ("block2", "block1(v1, v0)"),
        ("block1(v1, v0)", "block1(v0, v1)"),
        ("block1(v0, v1)", "block2"),
    ];
    for (then, els) in shapes {
        for swap_layout in [false, true] {
            let b1 = "block1(v2: i64, v3: i64):\n    v4 = isub.i64 v2, v3\n    return v4\n";
            let b2 = "block2:\n    v5 = iconst.i64 99\n    return v5\n";
            let (x, y) = if swap_layout { (b2, b1) } else { (b1, b2) };
            let text = format!(
                "function \"T::Br\"(i64, i64, i32) -> i64 {{\nblock0(v0: i64, v1: i64, v6: i32):\n    brif v6, {then}, {els}\n{x}{y}}}\n"
            );
            let inputs: Vec<Vec<i64>> = [0, 1, -1].iter().map(|&c| vec![10, 3, c]).collect();
            agree(&[(1, &text)], 1, &inputs);
        }
    }
}
