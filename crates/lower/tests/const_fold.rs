//! Constant folding (`kiln_lower::passes::fold_constants`) against the IR
//! interpreter: random integer functions, partly on constants, partly on
//! the parameters, give the same outcome before and after folding.

use kiln_ir::{
    interpret, parse_function, verify_function, write_function, Function, InterpError, Outcome,
};

/// A small deterministic generator (64-bit LCG).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const BIN: [&str; 16] = [
    "iadd", "isub", "imul", "band", "bor", "bxor", "ishl", "sshr", "ushr", "sadd_ovf", "uadd_ovf",
    "ssub_ovf", "usub_ovf", "smul_ovf", "umul_ovf", "udiv",
];
const CC: [&str; 10] = [
    "eq", "ne", "slt", "sle", "sgt", "sge", "ult", "ule", "ugt", "uge",
];
const CONSTS: [i64; 12] = [
    0,
    1,
    -1,
    2,
    3,
    7,
    31,
    32,
    63,
    0x7fff_ffff,
    -0x8000_0000,
    1 << 40,
];

/// A random function of `(i32, i64) -> i32`: straight-line code on
/// constants and the parameters, a conditional trap, and a branch.
fn random_function(rng: &mut Rng) -> String {
    let mut body = String::new();
    // (value number, type) of every value so far.
    let mut vals: Vec<(usize, &str)> = vec![(0, "i32"), (1, "i64")];
    let mut next = 2;
    let mut emit = |body: &mut String,
                    vals: &mut Vec<(usize, &'static str)>,
                    text: String,
                    ty: &'static str| {
        body.push_str(&format!("    v{next} = {text}\n"));
        vals.push((next, ty));
        next += 1;
        next - 1
    };
    let n = 4 + rng.below(12);
    for _ in 0..n {
        let ty: &'static str = if rng.below(2) == 0 { "i32" } else { "i64" };
        // Operands: mostly constants, so that folding has work.
        let mut operand =
            |body: &mut String, vals: &mut Vec<(usize, &'static str)>, rng: &mut Rng| {
                let same: Vec<usize> = vals.iter().filter(|v| v.1 == ty).map(|v| v.0).collect();
                if rng.below(3) != 0 || same.is_empty() {
                    let c = CONSTS[rng.below(CONSTS.len() as u64) as usize];
                    let c = if ty == "i32" { c as i32 as i64 } else { c };
                    emit(body, vals, format!("iconst.{ty} {c}"), ty)
                } else {
                    same[rng.below(same.len() as u64) as usize]
                }
            };
        match rng.below(5) {
            0 | 1 => {
                let op = BIN[rng.below(BIN.len() as u64) as usize];
                let a = operand(&mut body, &mut vals, rng);
                let b = operand(&mut body, &mut vals, rng);
                if op == "udiv" {
                    body.push_str(&format!("    trapz v{b}, div_by_zero\n"));
                }
                emit(&mut body, &mut vals, format!("{op}.{ty} v{a}, v{b}"), ty);
            }
            2 => {
                let cc = CC[rng.below(CC.len() as u64) as usize];
                let a = operand(&mut body, &mut vals, rng);
                let b = operand(&mut body, &mut vals, rng);
                emit(
                    &mut body,
                    &mut vals,
                    format!("icmp.i32 {cc} v{a}, v{b}"),
                    "i32",
                );
            }
            3 => {
                let a = operand(&mut body, &mut vals, rng);
                let op = if rng.below(2) == 0 { "ineg" } else { "bnot" };
                emit(&mut body, &mut vals, format!("{op}.{ty} v{a}"), ty);
            }
            _ => {
                let a = operand(&mut body, &mut vals, rng);
                if ty == "i64" {
                    emit(&mut body, &mut vals, format!("ireduce.i32 v{a}"), "i32");
                } else {
                    let small = if rng.below(2) == 0 { "i8" } else { "i16" };
                    let r = emit(&mut body, &mut vals, format!("ireduce.{small} v{a}"), "i8");
                    vals.pop();
                    let ext = if rng.below(2) == 0 {
                        "sextend"
                    } else {
                        "uextend"
                    };
                    emit(&mut body, &mut vals, format!("{ext}.i64 v{r}"), "i64");
                }
            }
        }
    }
    let i32s: Vec<usize> = vals.iter().filter(|v| v.1 == "i32").map(|v| v.0).collect();
    let pick = |rng: &mut Rng| i32s[rng.below(i32s.len() as u64) as usize];
    let t = pick(rng);
    let trap = if rng.below(2) == 0 { "trapnz" } else { "trapz" };
    body.push_str(&format!("    {trap} v{t}, overflow\n"));
    let c = pick(rng);
    let (x, y) = (pick(rng), pick(rng));
    format!(
        "function \"T::F\"(i32, i64) -> i32 {{\nblock0(v0: i32, v1: i64):\n{body}    brif v{c}, block1, block2\nblock1:\n    return v{x}\nblock2:\n    return v{y}\n}}\n"
    )
}

fn outcome(f: &Function, args: &[i64]) -> Result<Outcome, String> {
    let mut fuel = 10_000;
    interpret(
        f,
        args,
        &mut |_, _| Err(InterpError::Call("no calls".into())),
        &mut fuel,
    )
    .map_err(|e| match e {
        InterpError::DivisionPrecondition(_) => "division precondition".to_string(),
        e => format!("{e:?}"),
    })
}

#[test]
fn folding_agrees_with_the_interpreter() {
    let inputs: [[i64; 2]; 5] = [
        [0, 0],
        [1, -1],
        [-7, 1 << 35],
        [i32::MAX as i64, i64::MIN],
        [3, 3],
    ];
    let mut folded_total = 0;
    for seed in 0..400 {
        let mut rng = Rng(seed);
        let text = random_function(&mut rng);
        let f = parse_function(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        verify_function(&f).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let mut g = f.clone();
        folded_total += kiln_lower::passes::fold_constants(&mut g);
        verify_function(&g).unwrap_or_else(|e| panic!("{e}\n{}", write_function(&g)));
        for args in &inputs {
            assert_eq!(
                outcome(&f, args),
                outcome(&g, args),
                "seed {seed}, args {args:?}\nbefore:\n{text}\nafter:\n{}",
                write_function(&g)
            );
        }
    }
    assert!(folded_total > 1000, "folding did little: {folded_total}");
}

#[test]
fn branches_on_constants_become_jumps_and_dead_blocks_go() {
    let text = "function \"T::F\"(i32) -> i32 {
block0(v0: i32):
    v1 = iconst.i32 6
    v2 = iconst.i32 7
    v3 = imul.i32 v1, v2
    v4 = iconst.i32 42
    v5 = icmp.i32 eq v3, v4
    trapz v3, div_by_zero
    brif v5, block1, block2
block1:
    v6 = iadd.i32 v0, v3
    return v6
block2:
    trap overflow
}
";
    let mut f = parse_function(text).unwrap();
    verify_function(&f).unwrap();
    assert!(kiln_lower::passes::fold_constants(&mut f) > 0);
    verify_function(&f).unwrap();
    let out = write_function(&f);
    assert!(
        !out.contains("brif") && !out.contains("trap") && !out.contains("imul"),
        "{out}"
    );
    assert_eq!(outcome(&f, &[1]), Ok(Outcome::Return(vec![43])));
}

#[test]
fn throwing_and_undefined_operations_stay() {
    let text = "function \"T::F\"() -> i32 {
block0:
    v0 = iconst.i32 2147483647
    v1 = iconst.i32 1
    v2 = sadd_ovf.i32 v0, v1
    return v2
}
";
    let mut f = parse_function(text).unwrap();
    kiln_lower::passes::fold_constants(&mut f);
    assert!(write_function(&f).contains("sadd_ovf"));
    assert_eq!(
        outcome(&f, &[]),
        Ok(Outcome::Trap(kiln_ir::TrapCode::Overflow))
    );
}
