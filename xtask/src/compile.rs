//! `cargo xtask compile [<input>…] [-o <dir>] [--run]` — compiles assemblies
//! with kiln against the provisioned framework (the same
//! `kiln_driver::compile` the `kiln` CLI uses) and prints what was compiled.
//!
//! With no input it shows the whole pipeline on the bundled demo program
//! ([`DEMO`]): builds it with mcs, compiles it with kiln, runs the image on
//! .NET 8 with tiered compilation off and the JIT log on, prints the
//! program's output, and which of its methods ran precompiled and which the
//! JIT compiled.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use kiln_driver::{CompileOptions, Report};
use xtask::{appinfo, dotnet, jitlog, workspace_root, Result};

/// The demo program, relative to the workspace root.
pub const DEMO: &str = "tests/programs/firstlight_calls.cs";

/// Entry point of `cargo xtask compile`.
pub fn main(args: &[String]) -> Result<ExitCode> {
    let mut inputs = Vec::new();
    let mut out_dir = workspace_root().join("target").join("kiln-out");
    let mut run = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-o" | "--out" => {
                out_dir = PathBuf::from(it.next().ok_or("-o needs a directory")?);
            }
            "--run" => run = true,
            f if f.starts_with('-') => {
                return Err(format!(
                    "unknown option {f}\nusage: cargo xtask compile [<input>...] [-o <dir>] [--run]"
                )
                .into())
            }
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    let toolchain = crate::toolchain::load()?;
    if inputs.is_empty() {
        return demo(&toolchain);
    }
    std::fs::create_dir_all(&out_dir)?;
    let references = [toolchain.framework.clone()];
    let compiled = kiln_driver::compile(&inputs, &references, &CompileOptions::default())?;
    // Never over an input (`-o` may name the inputs' own directory), and
    // every file whole or not at all (kiln_driver::output).
    let mut outputs = kiln_driver::output::OutputSet::new(&inputs);
    let mut written = Vec::new();
    for c in &compiled {
        let out = out_dir.join(c.input.file_name().ok_or("input without a file name")?);
        let report = out.with_extension("kiln.json");
        let image_slot = outputs.reserve(&out)?;
        outputs.write(image_slot, &c.image)?;
        let report_slot = outputs.reserve(&report)?;
        outputs.write(report_slot, c.report.to_json().as_bytes())?;
        written.push((out, report));
    }
    outputs.commit()?;
    let mut code = ExitCode::SUCCESS;
    for (c, (out, report)) in compiled.iter().zip(written) {
        println!(
            "{}: {} -> {} (report {})",
            c.input.display(),
            c.report.summary(),
            out.display(),
            report.display()
        );
        if run {
            let app_types = appinfo::app_type_names(&out)?;
            let result = run_image(&toolchain, &out)?;
            print_run(&result, &c.report, &app_types);
            if result.exit_code != Some(0) && result.exit_code != Some(100) {
                code = ExitCode::FAILURE;
            }
        }
    }
    Ok(code)
}

fn run_image(toolchain: &xtask::toolchain::Toolchain, app: &Path) -> Result<dotnet::RunResult> {
    dotnet::write_runtimeconfig(app, false)?;
    let options = dotnet::RunOptions {
        capture: true,
        timeout: Some(std::time::Duration::from_secs(120)),
        ..Default::default()
    };
    Ok(dotnet::run_app(toolchain, app, &[], &options)?)
}

/// Prints the program's output and what ran precompiled.
fn print_run(result: &dotnet::RunResult, report: &Report, app_types: &BTreeSet<String>) {
    print!("{}", result.stdout);
    eprint!("{}", result.stderr);
    match result.exit_code {
        Some(c) => println!("exit code {c}"),
        None => println!("the program did not exit normally (signal or timeout)"),
    }
    let jitted: Vec<&str> = jitlog::app_methods(&result.jitted, app_types)
        .into_iter()
        .map(|e| e.name.as_str())
        .collect();
    let compiled: Vec<&str> = report
        .methods
        .iter()
        .filter(|m| m.is_compiled())
        .map(|m| m.name.as_str())
        .collect();
    let rejected: Vec<&str> = compiled
        .iter()
        .copied()
        .filter(|n| jitted.contains(n))
        .collect();
    println!(
        "{} ({} precompiled methods available, {} rejected by the runtime)",
        report.summary(),
        compiled.len(),
        rejected.len()
    );
    println!(
        "{} of the program's methods were JIT-compiled (any other method that ran either ran \
         precompiled or was inlined into a JIT-compiled caller):",
        jitted.len()
    );
    for n in &jitted {
        let why = report
            .method(n)
            .map(|m| match &m.outcome {
                kiln_driver::Outcome::Skipped { stage, reason, .. } => {
                    format!("skipped at {stage}: {reason}")
                }
                kiln_driver::Outcome::Compiled { .. } => {
                    "precompiled, but the runtime rejected it".into()
                }
            })
            .unwrap_or_else(|| "not in the report".into());
        println!("  JIT: {n} — {why}");
    }
}

/// Builds, compiles and runs the demo program.
fn demo(toolchain: &xtask::toolchain::Toolchain) -> Result<ExitCode> {
    let source = workspace_root().join(DEMO);
    let stem = source
        .file_stem()
        .and_then(|s| s.to_str())
        .ok_or("demo has no file name")?;
    let dir = workspace_root().join("target").join("kiln-demo");
    // The IL build sits in its own directory: the assembly name comes from
    // the file name, and only the R2R image may sit beside the app.
    let il_dir = dir.join("il");
    std::fs::create_dir_all(&il_dir)?;
    let il = il_dir.join(format!("{stem}.exe"));
    let status = Command::new(&toolchain.mcs)
        .arg("-nologo")
        .arg(format!("-out:{}", il.display()))
        .arg(&source)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", toolchain.mcs.display()))?;
    if !status.success() {
        return Err(format!("mcs failed on {}", source.display()).into());
    }
    println!("demo: {} (built with mcs)", source.display());
    let references = [toolchain.framework.clone()];
    let compiled = kiln_driver::compile(
        std::slice::from_ref(&il),
        &references,
        &CompileOptions::default(),
    )?;
    let c = &compiled[0];
    let app = dir.join(format!("{stem}.exe"));
    std::fs::write(&app, &c.image)?;
    std::fs::write(app.with_extension("kiln.json"), c.report.to_json())?;
    println!("kiln: {} -> {}", c.report.summary(), app.display());
    let app_types = appinfo::app_type_names(&app)?;
    let result = run_image(toolchain, &app)?;
    println!("--- program output ---");
    print_run(&result, &c.report, &app_types);
    Ok(if result.exit_code == Some(100) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
