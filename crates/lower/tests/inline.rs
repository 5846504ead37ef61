//! The inlining pass (`kiln_lower::passes::inline`) against the IR
//! interpreter: a caller run with its calls interpreted out of line and the
//! same caller after inlining give the same outcome on every input.

use kiln_ir::{interpret, parse_function, verify_function, Callee, Function, InterpError, Outcome};
use kiln_lower::passes::inline;

fn parse(text: &str) -> Function {
    let f = parse_function(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    verify_function(&f).unwrap_or_else(|e| panic!("{e}\n{text}"));
    f
}

fn run(
    caller: &Function,
    callees: &[(u32, &Function)],
    args: &[i64],
) -> Result<Outcome, InterpError> {
    let mut fuel = 100_000;
    interpret(
        caller,
        args,
        &mut |ext, a| {
            let Callee::Token(t) = ext.callee else {
                return Err(InterpError::Call("signature callee".into()));
            };
            let (_, f) = callees
                .iter()
                .find(|(tok, _)| *tok == t)
                .ok_or_else(|| InterpError::Call(format!("{t:#x}")))?;
            let mut fuel = 100_000;
            interpret(
                f,
                a,
                &mut |_, _| Err(InterpError::Call("nested".into())),
                &mut fuel,
            )
        },
        &mut fuel,
    )
}

/// Inlines `callees` into `caller` and checks both against each other on
/// `inputs`; returns the inlined function.
fn check(
    caller: &str,
    callees: &[(u32, &str)],
    inputs: &[Vec<i64>],
    expect_inlined: usize,
) -> Function {
    let caller = parse(caller);
    let callees: Vec<(u32, Function)> = callees.iter().map(|(t, s)| (*t, parse(s))).collect();
    let refs: Vec<(u32, &Function)> = callees.iter().map(|(t, f)| (*t, f)).collect();
    let mut inlined = caller.clone();
    let done = inline::inline_calls(&mut inlined, |t| {
        refs.iter()
            .find(|(x, _)| *x == t)
            .map(|(_, f)| (*f).clone())
    });
    kiln_lower::passes::remove_trivial_params(&mut inlined);
    assert_eq!(
        done.len(),
        expect_inlined,
        "{}",
        kiln_ir::write_function(&inlined)
    );
    verify_function(&inlined)
        .unwrap_or_else(|e| panic!("{e}\n{}", kiln_ir::write_function(&inlined)));
    for args in inputs {
        assert_eq!(
            run(&caller, &refs, args),
            run(&inlined, &[], args).or_else(|e| match e {
                InterpError::Call(_) => run(&inlined, &refs, args),
                e => Err(e),
            }),
            "inputs {args:?}\n{}",
            kiln_ir::write_function(&inlined)
        );
    }
    inlined
}

const CLAMP: &str = "function \"T::Clamp\"(i32) -> i32 {
block0(v0: i32):
    v1 = iconst.i32 0
    v2 = icmp.i32 slt v0, v1
    brif v2, block1, block2
block1:
    return v1
block2:
    v3 = iconst.i32 1000
    v4 = icmp.i32 sgt v0, v3
    brif v4, block3, block4
block3:
    return v3
block4:
    return v0
}
";

const ADD3: &str = "function \"T::Add3\"(i32, i32, i32) -> i32 {
block0(v0: i32, v1: i32, v2: i32):
    v3 = iadd.i32 v0, v1
    v4 = iadd.i32 v3, v2
    return v4
}
";

const QUOT: &str = "function \"T::Quot\"(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    trapz v1, div_by_zero
    v2 = iconst.i32 -1
    v3 = icmp.i32 eq v1, v2
    v4 = iconst.i32 -2147483648
    v5 = icmp.i32 eq v0, v4
    v6 = band.i32 v3, v5
    trapnz v6, overflow
    v7 = sdiv.i32 v0, v1
    return v7
}
";

#[test]
fn one_block_and_branching_callees_in_a_loop() {
    let caller = "function \"T::Loop\"(i32) -> i32 {
    fn0 = \"T::Clamp\"(i32) -> i32 token 0x06000002
    fn1 = \"T::Add3\"(i32, i32, i32) -> i32 token 0x06000003

block0(v0: i32):
    v1 = iconst.i32 0
    v2 = ineg.i32 v0
    jump block1(v2, v1)
block1(v3: i32, v4: i32):
    v5 = icmp.i32 slt v3, v0
    brif v5, block2, block3
block2:
    v6 = iconst.i32 50
    v7 = imul.i32 v3, v6
    v8 = call fn0(v7)
    v9 = call fn1(v4, v8, v3)
    v10 = iconst.i32 1
    v11 = iadd.i32 v3, v10
    jump block1(v11, v9)
block3:
    return v4
}
";
    let inputs: Vec<Vec<i64>> = [0, 1, 5, 19, 20, 21, 100]
        .iter()
        .map(|&n| vec![n])
        .collect();
    let f = check(
        caller,
        &[(0x0600_0002, CLAMP), (0x0600_0003, ADD3)],
        &inputs,
        2,
    );
    assert!(!kiln_ir::write_function(&f).contains("call"));
}

#[test]
fn traps_of_the_callee_stay() {
    let caller = "function \"T::Div\"(i32, i32) -> i32 {
    fn0 = \"T::Quot\"(i32, i32) -> i32 token 0x06000004

block0(v0: i32, v1: i32):
    v2 = call fn0(v0, v1)
    v3 = iconst.i32 1
    v4 = iadd.i32 v2, v3
    return v4
}
";
    let inputs = vec![
        vec![10, 3],
        vec![1, 0],
        vec![i32::MIN as i64, -1],
        vec![-7, 2],
    ];
    check(caller, &[(0x0600_0004, QUOT)], &inputs, 1);
}

#[test]
fn refused_callees_are_left_alone() {
    // A loop, a call, a method that never returns.
    let looping = "function \"T::Spin\"(i32) -> i32 {
block0(v0: i32):
    jump block1(v0)
block1(v1: i32):
    v2 = iconst.i32 1
    v3 = isub.i32 v1, v2
    brif v3, block1(v3), block2
block2:
    return v3
}
";
    let calling = "function \"T::Outer\"(i32) -> i32 {
    fn0 = \"T::Add3\"(i32, i32, i32) -> i32 token 0x06000003

block0(v0: i32):
    v1 = call fn0(v0, v0, v0)
    return v1
}
";
    let throwing = "function \"T::Boom\"(i32) -> i32 {
block0(v0: i32):
    trap overflow
}
";
    let stackalloc = "function \"T::Buf\"(i64) -> i64 {
block0(v0: i64):
    v1 = local_alloc.i64 v0
    return v1
}
";
    for (text, why) in [
        (looping, "a loop"),
        (calling, "not a leaf"),
        (throwing, "never returns"),
        (
            stackalloc,
            "frame, localloc or exception-handling instruction",
        ),
    ] {
        assert_eq!(inline::refusal(&parse(text)), Some(why));
    }
    assert_eq!(inline::refusal(&parse(ADD3)), None);
    assert_eq!(inline::refusal(&parse(CLAMP)), None);
    let caller = "function \"T::C\"(i32) -> i32 {
    fn0 = \"T::Spin\"(i32) -> i32 token 0x06000005

block0(v0: i32):
    v1 = call fn0(v0)
    return v1
}
";
    check(caller, &[(0x0600_0005, looping)], &[vec![3]], 0);
}

#[test]
fn virtual_and_foreign_calls_are_not_candidates() {
    let caller = parse(
        "function \"T::C\"(ref) -> i32 {
    fn0 = \"T::V\"(ref) -> i32 virtual token 0x06000002
    fn1 = \"X::M\"(ref) -> i32 token 0x0a000003

block0(v0: ref):
    trapz v0, null_reference
    v1 = call fn0(v0)
    v2 = call fn1(v0)
    v3 = iadd.i32 v1, v2
    return v3
}
",
    );
    let calls: Vec<_> = caller
        .insts_in_layout()
        .filter_map(|(_, i)| inline::direct_callee(&caller, i))
        .collect();
    assert!(calls.is_empty(), "{calls:x?}");
}

#[test]
fn callee_block_numbers_that_are_also_caller_blocks() {
    // The callee jumps to its block3; the caller's continuation block is
    // also block3 in the caller's numbering.
    let callee = "function \"T::Pick\"(i32, i32) -> i32 {
block0(v0: i32, v1: i32):
    brif v0, block1, block2
block1:
    v2 = iconst.i32 7
    jump block3(v2)
block2:
    v3 = iadd.i32 v1, v1
    jump block3(v3)
block3(v4: i32):
    v5 = iconst.i32 1
    v6 = iadd.i32 v4, v5
    return v6
}
";
    let caller = "function \"T::C\"(i32, i32) -> i32 {
    fn0 = \"T::Pick\"(i32, i32) -> i32 token 0x06000002

block0(v0: i32, v1: i32):
    brif v0, block1, block2
block1:
    v2 = call fn0(v1, v0)
    return v2
block2:
    v3 = call fn0(v0, v1)
    v4 = iconst.i32 3
    v5 = imul.i32 v3, v4
    return v5
}
";
    let inputs: Vec<Vec<i64>> = [(0, 0), (0, 5), (1, 0), (1, 9), (-4, 2)]
        .iter()
        .map(|&(a, b)| vec![a, b])
        .collect();
    check(caller, &[(0x0600_0002, callee)], &inputs, 2);
}
