//! The report's method names must be the names the .NET 8 JIT prints in its
//! method summary: a C# program with every kind of parameter type (enums of
//! its own and of the framework included) runs under the JIT, and every
//! method of the program in the JIT log must be named by exactly one report
//! entry (shared code of generic classes: exactly one instantiation entry).

use std::path::PathBuf;

use kiln_driver::{compile, CompileOptions};
use xtask::dotnet::{run_app, RunOptions};

#[test]
fn report_names_match_the_jit_log() {
    let tc =
        xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs the runtime: {e}"));
    let dir = std::env::temp_dir().join(format!("kiln-driver-names-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let exe = dir.join("names.exe");
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/jit_names.cs");
    let status = std::process::Command::new(&tc.mcs)
        .arg("-unsafe")
        .arg(format!("-out:{}", exe.display()))
        .arg(&source)
        .status()
        .expect("run mcs");
    assert!(status.success());

    let options = RunOptions {
        capture: true,
        timeout: Some(std::time::Duration::from_secs(60)),
        ..Default::default()
    };
    let run = run_app(&tc, &exe, &[], &options).expect("run under the JIT");
    assert_eq!(run.exit_code, Some(100), "{}", run.stderr);
    let logged: Vec<&str> = run
        .jitted
        .iter()
        .filter(|e| e.type_name.starts_with("N.M."))
        .map(|e| e.name.as_str())
        .collect();
    assert!(logged.len() >= 8, "too few methods in the log: {logged:?}");

    let out = compile(
        &[exe],
        std::slice::from_ref(&tc.framework),
        &CompileOptions::default(),
    )
    .unwrap();
    let report = &out[0].report;
    // Canonical instantiations are named by their instantiation entry;
    // exact ones (`Box`1[int]`) are not compiled and have no entry.
    let (canonical, logged): (Vec<&str>, Vec<&str>) = logged
        .into_iter()
        .partition(|n| n.contains("System.__Canon"));
    assert!(
        canonical.len() >= 2,
        "too few shared methods in the log: {canonical:?}"
    );
    for name in canonical {
        assert_eq!(
            report
                .instantiations
                .iter()
                .filter(|m| m.name == name)
                .count(),
            1,
            "no single instantiation entry named {name}; entries: {:#?}",
            report
                .instantiations
                .iter()
                .map(|m| &m.name)
                .collect::<Vec<_>>()
        );
    }
    let logged: Vec<&str> = logged.into_iter().filter(|n| !n.contains('[')).collect();
    for name in logged {
        assert_eq!(
            report.methods.iter().filter(|m| m.name == name).count(),
            1,
            "no single report entry named {name}; report names: {:#?}",
            report.methods.iter().map(|m| &m.name).collect::<Vec<_>>()
        );
    }
}
