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

#[test]
fn integer_semantics_match_the_runtime() {
    let exe = common::compile(&cs_dir().join("semantics.cs"));
    let cases_path = cs_dir().join("semantics.cases");
    let expected_path = cs_dir().join("semantics.expected");
    if std::env::var_os("KILN_BLESS").is_some_and(|v| v == "1") {
        let dotnet = std::env::var("KILN_DOTNET")
            .unwrap_or_else(|_| "/tmp/dn/dnv/net/runtime/.net/dotnet".into());
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
        "semantics.expected is stale: KILN_BLESS=1 with a runtime"
    );
    assert!(
        failures.is_empty(),
        "{} of {n} cases differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
