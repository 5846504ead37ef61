//! Startup for `cargo xtask bench`, the reason ReadyToRun exists: small real
//! programs (`xtask/bench/startup_*.cs`) run end to end on .NET 8 with the
//! runtime's default settings, the app assembly IL-only (JIT) vs kiln's
//! image, alternating, median wall time of several runs. One extra run of
//! each with the JIT log shows how many of the app's methods the JIT
//! compiled (kiln's image should leave only the methods kiln skipped).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use xtask::toolchain::Toolchain;
use xtask::{appinfo, dotnet, jitlog, workspace_root, Result};

use crate::bench_proc;

/// The startup programs and the extra assemblies mcs must reference.
pub const PROGRAMS: &[(&str, &[&str])] = &[
    ("startup_linq", &["System.Core"]),
    (
        "startup_lib",
        &["System.Core", "System.Xml", "System.Xml.Linq"],
    ),
];

/// One program's startup figures.
#[derive(Debug)]
pub struct Startup {
    /// Program name.
    pub name: &'static str,
    /// Median wall time, IL only.
    pub il: Duration,
    /// Median wall time, kiln's image.
    pub kiln: Duration,
    /// App methods the JIT compiled: IL only, kiln's image.
    pub jitted: (usize, usize),
    /// kiln's summary (`compiled N of M methods`).
    pub summary: String,
}

fn build(toolchain: &Toolchain, name: &str, refs: &[&str], dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let exe = dir.join(format!("{name}.exe"));
    let source = workspace_root().join(format!("xtask/bench/{name}.cs"));
    let mut cmd = Command::new(&toolchain.mcs);
    cmd.arg("-nologo").arg(format!("-out:{}", exe.display()));
    for r in refs {
        cmd.arg(format!("-r:{r}"));
    }
    bench_proc::run_ok(cmd.arg(&source), &dir.join("mcs"))?;
    dotnet::write_runtimeconfig(&exe, true)?;
    Ok(exe)
}

fn jitted_app_methods(toolchain: &Toolchain, app: &Path) -> Result<usize> {
    let types = appinfo::app_type_names(app)?;
    let options = dotnet::RunOptions {
        capture: true,
        timeout: Some(Duration::from_secs(120)),
        ..Default::default()
    };
    let r = dotnet::run_app(toolchain, app, &[], &options)?;
    if r.exit_code != Some(0) {
        return Err(format!("{} failed: {}", app.display(), r.stderr).into());
    }
    Ok(jitlog::app_methods(&r.jitted, &types).len())
}

fn time_run(toolchain: &Toolchain, app: &Path, scratch: &Path) -> Result<Duration> {
    let mut cmd = Command::new(&toolchain.dotnet);
    cmd.arg(app)
        .env("DOTNET_ROOT", toolchain.dotnet_root())
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
    Ok(bench_proc::run_ok(&mut cmd, scratch)?.cost.wall)
}

/// Builds, compiles and times every program `runs` times each way.
///
/// # Errors
/// If a program fails to build, compile or run.
pub fn measure(
    toolchain: &Toolchain,
    kiln: &Path,
    dir: &Path,
    runs: usize,
) -> Result<Vec<Startup>> {
    let mut out = Vec::new();
    for &(name, refs) in PROGRAMS {
        let il = build(toolchain, name, refs, &dir.join("il"))?;
        let kiln_dir = dir.join("kiln");
        std::fs::create_dir_all(&kiln_dir)?;
        let image = kiln_dir.join(il.file_name().ok_or("no file name")?);
        let _ = std::fs::remove_file(&image);
        let mut cmd = Command::new(kiln);
        cmd.arg("compile")
            .arg(&il)
            .arg("-r")
            .arg(&toolchain.framework)
            .arg("-o")
            .arg(&image);
        let compiled = bench_proc::run_ok(&mut cmd, &dir.join("kiln-log"))?;
        dotnet::write_runtimeconfig(&image, true)?;
        let summary = compiled
            .stdout
            .lines()
            .chain(compiled.stderr.lines())
            .find_map(|l| {
                l.split_once(": compiled ")
                    .map(|(_, s)| format!("compiled {s}"))
            })
            .unwrap_or_default();
        let jitted = (
            jitted_app_methods(toolchain, &il)?,
            jitted_app_methods(toolchain, &image)?,
        );
        let (mut t_il, mut t_kiln) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            t_il.push(time_run(toolchain, &il, &dir.join("run"))?);
            t_kiln.push(time_run(toolchain, &image, &dir.join("run"))?);
        }
        out.push(Startup {
            name,
            il: bench_proc::median_duration(t_il).ok_or("no runs")?,
            kiln: bench_proc::median_duration(t_kiln).ok_or("no runs")?,
            jitted,
            summary,
        });
    }
    Ok(out)
}
