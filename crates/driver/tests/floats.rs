//! Floating point on the runtime: `tests/programs/floats_ops.cs` (one small
//! method per float operation and conversion, called over grids of edge
//! cases and printing bit patterns) compiled by kiln runs on .NET 8 with
//! exactly the output the JIT gives for the same IL, and the runtime
//! JIT-compiles none of the float methods kiln compiled (except those whose
//! code is only valid without AVX-512, on a runtime that uses AVX-512).

use kiln_driver::{compile, CompileOptions};
use xtask::dotnet::{run_app, RunOptions};

#[test]
fn float_program_matches_the_jit_bit_for_bit() {
    let tc =
        xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs the runtime: {e}"));
    let source = xtask::workspace_root().join("tests/programs/floats_ops.cs");
    let dir = std::env::temp_dir().join(format!("kiln-driver-floats-{}", std::process::id()));
    let il_dir = dir.join("il");
    std::fs::create_dir_all(&il_dir).unwrap();
    let il = il_dir.join("floats_ops.exe");
    tc.compile_cs(&source, &il).unwrap();
    let options = RunOptions {
        capture: true,
        timeout: Some(std::time::Duration::from_secs(120)),
        ..Default::default()
    };
    // The reference: the same IL under the JIT.
    let jit = run_app(&tc, &il, &[], &options).unwrap();
    assert_eq!(jit.exit_code, Some(100), "JIT run: {}", jit.stderr);
    // The JIT's uint64 → float answers depend on the CPU (AVX-512F or not):
    // the expected output for the instruction sets this runtime uses.
    let isa = xtask::isa::probe(&tc, &[]).unwrap();
    let expected_path = xtask::isa::expected_output_path(&source.with_extension("out"), &isa);
    let expected = std::fs::read_to_string(expected_path).unwrap();
    assert_eq!(jit.stdout, expected, "the JIT's output changed");

    let out = compile(
        std::slice::from_ref(&il),
        std::slice::from_ref(&tc.framework),
        &CompileOptions::default(),
    )
    .unwrap();
    let report = &out[0].report;
    // Every method but Main, the two formatting helpers and the overflow
    // catcher (EH) is float code kiln must compile; those four use other
    // features (strings, EH, …) and may or may not be compiled.
    let other = [
        "FloatsOps:Main()",
        "FloatsOps:H(double)",
        "FloatsOps:HF(float)",
        "FloatsOps:Ovf(int,double)",
    ];
    for m in &report.methods {
        assert!(
            m.is_compiled() || other.contains(&m.name.as_str()),
            "{}: {}",
            m.name,
            report.to_json()
        );
    }
    assert!(report.compiled >= 57, "{}", report.to_json());

    let app = dir.join("floats_ops.exe");
    std::fs::write(&app, &out[0].image).unwrap();
    let run = run_app(&tc, &app, &[], &options).unwrap();
    assert_eq!(run.exit_code, Some(100), "{}", run.stderr);
    assert_eq!(
        run.stdout, jit.stdout,
        "precompiled float code differs from the JIT"
    );
    // A method the runtime JIT-compiled must be one kiln skipped, or one
    // whose instruction-set conditions this runtime does not meet.
    for e in &run.jitted {
        if let Some(m) = report.method(&e.name) {
            assert!(
                !m.is_compiled() || !isa.satisfies_all(m.instruction_sets()).unwrap(),
                "the runtime rejected precompiled {}",
                e.name
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
