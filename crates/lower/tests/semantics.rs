//! Differential test of integer semantics against the real runtime.
//!
//! `cs/semantics.cs` holds small static methods (arithmetic, division,
//! shifts, checked arithmetic and conversions, comparisons, branches,
//! `switch`, small-typed locals and arguments). `cs/semantics.cases` lists
//! calls; `cs/semantics.expected` holds what CoreCLR 8 answered for each
//! (its `Main` runs them through reflection; `KILN_BLESS=1` regenerates the
//! file when a runtime is available: `$KILN_DOTNET`, default
//! `/tmp/dn/dnv/net/runtime/.net/dotnet`). The test lowers each method with
//! kiln-lower, runs the IR with `kiln_ir::interpret`, and requires the same
//! answer — values and exception types.

mod common;

use kiln_ir::{interpret, InterpError, Outcome, TrapCode};
use kiln_lower::{lower_method, IlType, LowerEnv, MetadataEnv};
use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;
use std::path::{Path, PathBuf};
use std::process::Command;

fn cs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cs")
}

fn parse_arg(s: &str, ty: IlType) -> i64 {
    match ty {
        IlType::Bool => (s == "True") as i64,
        _ => {
            let v: i128 = s.parse().unwrap_or_else(|_| panic!("bad argument {s}"));
            v as i64
        }
    }
}

fn format_value(v: i64, ty: IlType) -> String {
    match ty {
        IlType::I1 => (v as i8).to_string(),
        IlType::U1 => (v as u8).to_string(),
        IlType::I2 => (v as i16).to_string(),
        IlType::U2 | IlType::Char => (v as u16).to_string(),
        IlType::I4 => (v as i32).to_string(),
        IlType::U4 => (v as u32).to_string(),
        IlType::I8 | IlType::I => v.to_string(),
        IlType::U8 | IlType::U => (v as u64).to_string(),
        IlType::Bool => if v != 0 { "True" } else { "False" }.to_string(),
        t => panic!("no format for {t:?}"),
    }
}

fn exception_name(code: TrapCode) -> &'static str {
    match code {
        TrapCode::DivideByZero => "DivideByZeroException",
        TrapCode::Overflow => "OverflowException",
        TrapCode::NullReference => "NullReferenceException",
        TrapCode::IndexOutOfRange => "IndexOutOfRangeException",
    }
}

fn find_method(asm: &Assembly, name: &str) -> MethodDefHandle {
    asm.handles::<MethodDefHandle>()
        .find(|&h| MetadataEnv::new(asm, h).method_name() == format!("S::{name}"))
        .unwrap_or_else(|| panic!("no method S::{name}"))
}

fn run_case(asm: &Assembly, line: &str) -> Result<String, String> {
    let parts: Vec<&str> = line.split(' ').collect();
    let h = find_method(asm, parts[0]);
    let env = MetadataEnv::new(asm, h);
    let sig = env.signature().map_err(|e| e.to_string())?;
    let func = lower_method(&env).map_err(|e| format!("not lowered: {e}"))?;
    let args: Vec<i64> = sig
        .params
        .iter()
        .zip(&parts[1..])
        .map(|(&t, s)| parse_arg(s, t))
        .collect();
    let mut fuel = 100_000_000;
    let outcome = interpret(
        &func,
        &args,
        &mut |_, _| Err(InterpError::Call("no calls expected".into())),
        &mut fuel,
    )
    .map_err(|e| format!("interpreter: {e}"))?;
    Ok(match outcome {
        Outcome::Return(v) => format_value(v[0], sig.ret.expect("non-void")),
        Outcome::Trap(code) => exception_name(code).to_string(),
    })
}

const DEFAULT_DOTNET: &str = "/tmp/dn/dnv/net/runtime/.net/dotnet";

/// Compiles `cs/<name>.cs` with the harness, optionally re-blesses
/// `cs/<name>.expected` on the runtime, and checks every case on the IR.
fn check_probe(name: &str) {
    let src = cs_dir().join(format!("{name}.cs"));
    let exe = common::compile_many(&[&src, &cs_dir().join("harness.cs")], name);
    let cases_path = cs_dir().join(format!("{name}.cases"));
    let expected_path = cs_dir().join(format!("{name}.expected"));
    if std::env::var_os("KILN_BLESS").is_some_and(|v| v == "1") {
        let dotnet = std::env::var("KILN_DOTNET").unwrap_or_else(|_| DEFAULT_DOTNET.into());
        std::fs::write(
            exe.with_extension("runtimeconfig.json"),
            r#"{"runtimeOptions":{"tfm":"net8.0","framework":{"name":"Microsoft.NETCore.App","version":"8.0.0"}}}"#,
        )
        .unwrap();
        match Command::new(&dotnet).arg(&exe).arg(&cases_path).output() {
            Ok(out) if out.status.code() == Some(100) => {
                std::fs::write(&expected_path, &out.stdout).unwrap();
            }
            Ok(out) => panic!(
                "runtime run failed: {:?}\n{}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            ),
            Err(e) => eprintln!(
                "no runtime at {dotnet} ({e}); keeping {}",
                expected_path.display()
            ),
        }
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap();
    let asm = Assembly::open(&exe).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in expected.lines() {
        let (case, want) = line.split_once(" = ").unwrap();
        n += 1;
        match run_case(&asm, case) {
            Ok(got) if got == want => {}
            Ok(got) => failures.push(format!("{case}: runtime {want}, kiln IR {got}")),
            Err(e) => failures.push(format!("{case}: {e}")),
        }
    }
    // Every case of the cases file has an expectation.
    let cases = std::fs::read_to_string(&cases_path).unwrap();
    let listed = cases
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .count();
    assert_eq!(
        listed, n,
        "{name}.expected is stale: KILN_BLESS=1 with a runtime"
    );
    assert!(
        failures.is_empty(),
        "{} of {n} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn integer_semantics_match_the_runtime() {
    check_probe("semantics");
}

/// Random C# functions (`cs/random.cs`, from [`random_probe`] with a fixed
/// seed, rewritten under `KILN_BLESS=1`) against the runtime.
#[test]
fn random_functions_match_the_runtime() {
    if std::env::var_os("KILN_BLESS").is_some_and(|v| v == "1") {
        let (cs, cases) = random_probe::generate(0x6b69_6c6e, 150);
        std::fs::write(cs_dir().join("random.cs"), cs).unwrap();
        std::fs::write(cs_dir().join("random.cases"), cases).unwrap();
    }
    check_probe("random");
}

/// A generator of random integer C# functions that mcs accepts: no
/// constant subexpression can overflow or divide by zero at compile time
/// (every operator has a non-constant operand).
mod random_probe {
    use std::fmt::Write;

    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            // xorshift64*
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
            &xs[self.below(xs.len() as u64) as usize]
        }
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Ty {
        Int,
        Long,
        UInt,
        ULong,
    }

    const TYS: [Ty; 4] = [Ty::Int, Ty::Long, Ty::UInt, Ty::ULong];

    fn name(t: Ty) -> &'static str {
        match t {
            Ty::Int => "int",
            Ty::Long => "long",
            Ty::UInt => "uint",
            Ty::ULong => "ulong",
        }
    }

    /// Variables in scope in every expression: parameters and locals.
    const VARS: [&str; 10] = ["a", "b", "c", "d", "e", "f", "x", "y", "z", "w"];

    fn literal(r: &mut Rng, t: Ty) -> String {
        let edge = r.below(3) == 0;
        match t {
            Ty::Int => {
                let v: i64 = if edge {
                    *r.pick(&[0, 1, -1, 2, 31, 32, 33, i32::MAX as i64, i32::MIN as i64])
                } else {
                    r.below(2001) as i64 - 1000
                };
                format!("({v})")
            }
            Ty::Long => {
                let v: i128 = if edge {
                    *r.pick(&[
                        0,
                        1,
                        -1,
                        63,
                        64,
                        i64::MAX as i128,
                        i64::MIN as i128,
                        1 << 32,
                    ])
                } else {
                    r.below(2_000_001) as i128 - 1_000_000
                };
                format!("({v}L)")
            }
            Ty::UInt => {
                let v: u64 = if edge {
                    *r.pick(&[0, 1, u32::MAX as u64, 1 << 31, 31, 32])
                } else {
                    r.below(5000)
                };
                format!("({v}u)")
            }
            Ty::ULong => {
                let v: u64 = if edge {
                    *r.pick(&[0, 1, u64::MAX, 1 << 63, 1 << 32, 63, 64])
                } else {
                    r.below(1_000_000)
                };
                format!("({v}UL)")
            }
        }
    }

    fn var(r: &mut Rng, t: Ty) -> String {
        format!("(({})({}))", name(t), r.pick(&VARS))
    }

    /// An expression of type `t`; the bool says whether it is constant.
    fn expr(r: &mut Rng, t: Ty, depth: u32) -> (String, bool) {
        if depth == 0 || r.below(4) == 0 {
            return if r.below(2) == 0 {
                (literal(r, t), true)
            } else {
                (var(r, t), false)
            };
        }
        let nonconst = |r: &mut Rng, t: Ty, depth: u32| {
            let (e, c) = expr(r, t, depth);
            if c {
                var(r, t)
            } else {
                e
            }
        };
        match r.below(12) {
            0..=4 => {
                let op = *r.pick(&["+", "-", "*", "/", "%", "&", "|", "^"]);
                let (l, lc) = expr(r, t, depth - 1);
                // The right operand of / and % is never constant (no
                // constant zero divisor); no operator has two constants.
                let rhs = if lc || op == "/" || op == "%" {
                    nonconst(r, t, depth - 1)
                } else {
                    expr(r, t, depth - 1).0
                };
                (format!("({l} {op} {rhs})"), false)
            }
            5 | 6 => {
                let op = *r.pick(&["<<", ">>"]);
                let l = nonconst(r, t, depth - 1);
                let amount = if r.below(2) == 0 {
                    format!("{}", r.below(70))
                } else {
                    format!("((int)({}))", r.pick(&VARS))
                };
                (format!("({l} {op} {amount})"), false)
            }
            7 => {
                let e = nonconst(r, t, depth - 1);
                let op = if matches!(t, Ty::Int | Ty::Long) && r.below(2) == 0 {
                    "-"
                } else {
                    "~"
                };
                (format!("({op}{e})"), false)
            }
            8 => {
                let op = *r.pick(&["+", "-", "*"]);
                let l = nonconst(r, t, depth - 1);
                let rhs = expr(r, t, depth - 1).0;
                (format!("checked({l} {op} {rhs})"), false)
            }
            9 => {
                let c = cond(r, depth - 1);
                let (l, _) = expr(r, t, depth - 1);
                let (rr, _) = expr(r, t, depth - 1);
                (format!("({c} ? {l} : {rr})"), false)
            }
            _ => {
                let small = *r.pick(&["sbyte", "byte", "short", "ushort", "char", "int", "uint"]);
                let from = *r.pick(&TYS);
                let e = nonconst(r, from, depth - 1);
                let ctx = if r.below(6) == 0 {
                    "checked"
                } else {
                    "unchecked"
                };
                (format!("(({})({ctx}(({small})({e}))))", name(t)), false)
            }
        }
    }

    fn cond(r: &mut Rng, depth: u32) -> String {
        let t = *r.pick(&TYS);
        let op = *r.pick(&["<", "<=", ">", ">=", "==", "!="]);
        let l = var(r, t);
        let (rr, _) = expr(r, t, depth);
        format!("({l} {op} {rr})")
    }

    fn stmt_expr(r: &mut Rng, t: Ty) -> String {
        let (e, c) = expr(r, t, 3);
        if c {
            var(r, t)
        } else {
            e
        }
    }

    const RETURNS: [&str; 10] = [
        "int", "long", "uint", "ulong", "short", "sbyte", "byte", "ushort", "char", "bool",
    ];

    fn ret_expr(r: &mut Rng, rt: &str) -> String {
        if rt == "bool" {
            return cond(r, 2);
        }
        let t = *r.pick(&TYS);
        let e = stmt_expr(r, t);
        let ctx = if r.below(8) == 0 {
            "checked"
        } else {
            "unchecked"
        };
        format!("{ctx}(({rt})({e}))")
    }

    fn arg(r: &mut Rng, ty: &str) -> String {
        let edge = r.below(3) == 0;
        match ty {
            "int" => if edge {
                *r.pick(&[0i64, -1, 1, i32::MIN as i64, i32::MAX as i64])
            } else {
                r.below(200_001) as i64 - 100_000
            }
            .to_string(),
            "long" => if edge {
                *r.pick(&[0i128, -1, i64::MIN as i128, i64::MAX as i128, 1 << 32])
            } else {
                r.below(20_000_001) as i128 - 10_000_000
            }
            .to_string(),
            "uint" => if edge {
                *r.pick(&[0u64, 1, u32::MAX as u64, 1 << 31])
            } else {
                r.below(300_000)
            }
            .to_string(),
            "ulong" => if edge {
                *r.pick(&[0u64, 1, u64::MAX, 1 << 63])
            } else {
                r.below(30_000_000)
            }
            .to_string(),
            "short" => (r.below(65536) as i64 - 32768).to_string(),
            "byte" => r.below(256).to_string(),
            _ => unreachable!(),
        }
    }

    /// The C# source and the cases of `n` random functions.
    pub fn generate(seed: u64, n: usize) -> (String, String) {
        let mut r = Rng(seed);
        let mut cs = String::from(
            "// Generated by tests/semantics.rs (random_probe) — do not edit; KILN_BLESS=1 regenerates.\n\
             using System;\n\nstatic partial class S\n{\n",
        );
        let mut cases = String::from("# generated with random.cs; KILN_BLESS=1 regenerates\n");
        let params = ["int", "long", "uint", "ulong", "short", "byte"];
        for k in 0..n {
            let rt = *r.pick(&RETURNS);
            let _ = writeln!(
                cs,
                "    static {rt} R{k}(int a, long b, uint c, ulong d, short e, byte f)\n    {{"
            );
            cs.push_str("        int x = a; long y = b; uint z = c; ulong w = d;\n");
            let _ = writeln!(cs, "        x = {};", stmt_expr(&mut r, Ty::Int));
            if r.below(2) == 0 {
                let c = cond(&mut r, 2);
                let _ = writeln!(
                    cs,
                    "        if {c} {{ y = {}; }} else {{ z = {}; }}",
                    stmt_expr(&mut r, Ty::Long),
                    stmt_expr(&mut r, Ty::UInt)
                );
            }
            if r.below(2) == 0 {
                let _ = writeln!(
                    cs,
                    "        for (int i = 0; i < (a & 7); i++) {{ w = {}; x = {}; }}",
                    stmt_expr(&mut r, Ty::ULong),
                    stmt_expr(&mut r, Ty::Int)
                );
            }
            if r.below(2) == 0 {
                let _ = writeln!(
                    cs,
                    "        switch ((int)(c & 7)) {{ case 0: x = {}; break; case 1: case 2: y = {}; break; case 5: return {}; default: z = {}; break; }}",
                    stmt_expr(&mut r, Ty::Int),
                    stmt_expr(&mut r, Ty::Long),
                    ret_expr(&mut r, rt),
                    stmt_expr(&mut r, Ty::UInt)
                );
            }
            let _ = writeln!(cs, "        return {};\n    }}", ret_expr(&mut r, rt));
            for _ in 0..4 {
                let args: Vec<String> = params.iter().map(|p| arg(&mut r, p)).collect();
                let _ = writeln!(cases, "R{k} {}", args.join(" "));
            }
        }
        cs.push_str("}\n");
        (cs, cases)
    }
}
