//! The corpus on a runtime whose shared framework kiln recompiled (issue
//! 14): `xtask::framework::build` replaces every framework assembly —
//! System.Private.CoreLib included — with kiln's R2R image in a copy of the
//! provisioned runtime, and each program of `tests/programs` (its IL image,
//! JIT-compiled) must print its expected output on that copy, also under GC
//! stress. The JIT log proves kiln's framework code ran: a framework method
//! the JIT compiled although kiln's report says kiln compiled it means the
//! runtime rejected kiln's code.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::time::Duration;

use kiln_tests::check;
use kiln_tests::corpus;
use kiln_tests::RunOptions;

/// The environment that makes gen0 tiny (64 KiB).
const GC_STRESS: (&str, &str) = ("DOTNET_GCgen0size", "0x10000");

#[test]
fn corpus_runs_on_a_kiln_compiled_framework() {
    let toolchain = kiln_tests::toolchain();
    let out = xtask::workspace_root()
        .join("target")
        .join("kiln-runtime-test");
    let copy = xtask::framework::build(&toolchain, &out, &Default::default())
        .unwrap_or_else(|e| panic!("cannot build the runtime copy: {e}"));
    let failed: Vec<String> = copy
        .assemblies
        .iter()
        .filter_map(|a| Some(format!("{}: {}", a.file, a.error.as_deref()?)))
        .collect();
    assert!(
        failed.is_empty(),
        "kiln failed on framework assemblies:\n  {}",
        failed.join("\n  ")
    );
    let corelib = copy
        .assemblies
        .iter()
        .find(|a| a.file == "System.Private.CoreLib.dll")
        .expect("the framework has System.Private.CoreLib.dll");
    assert!(corelib.kiln.methods > 0, "kiln compiled nothing of CoreLib");
    // A name kiln both compiled and skipped (overloads over different
    // pointer types, one type in two assemblies) proves nothing either way.
    let skipped: BTreeSet<&str> = copy
        .assemblies
        .iter()
        .flat_map(|a| a.skipped_names.iter().map(String::as_str))
        .collect();
    let compiled: BTreeSet<&str> = copy
        .assemblies
        .iter()
        .flat_map(|a| a.compiled_names.iter().map(String::as_str))
        .filter(|n| !skipped.contains(n))
        .collect();

    let isa = xtask::isa::probe(&toolchain, &[]).unwrap_or_else(|e| panic!("{e}"));
    let programs = corpus::all_programs().expect("the corpus is readable");
    let mut failures = Vec::new();
    let mut framework_jitted = 0usize;
    for program in &programs {
        let exe = match corpus::build(&toolchain, program) {
            Ok(exe) => exe,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        let expected = match program.expected_output(&isa) {
            Ok(e) => e,
            Err(e) => {
                failures.push(e);
                continue;
            }
        };
        for env in [&[][..], &[GC_STRESS][..]] {
            let options = RunOptions {
                capture: true,
                env: env
                    .iter()
                    .map(|(k, v)| (OsString::from(k), OsString::from(v)))
                    .collect(),
                timeout: Some(Duration::from_secs(120)),
            };
            let label = format!(
                "{} on kiln's framework{}",
                program.name,
                if env.is_empty() {
                    ""
                } else {
                    " under GC stress"
                }
            );
            let result = match xtask::dotnet::run_app(&copy.toolchain, &exe, &[], &options) {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{label}: cannot run: {e}"));
                    continue;
                }
            };
            if let Err(e) = check::check_run(&label, &result, &expected) {
                failures.push(e);
            }
            let rejected: Vec<&str> = result
                .jitted
                .iter()
                .map(|m| m.name.as_str())
                .filter(|n| compiled.contains(n))
                .collect();
            framework_jitted += result.jitted.len();
            if !rejected.is_empty() {
                failures.push(format!(
                    "{label}: the JIT compiled framework methods kiln claims to have precompiled:\n  {}",
                    rejected.join("\n  ")
                ));
            }
        }
    }
    println!(
        "{} programs on kiln's framework ({} framework methods precompiled by kiln); \
         {framework_jitted} JIT compilations in all runs",
        programs.len(),
        compiled.len()
    );
    assert!(
        failures.is_empty(),
        "{} failure(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
