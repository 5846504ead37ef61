//! Code quality for `cargo xtask bench` (issue 21): the kernels of
//! `xtask/bench/kernels.cs` (sieve, n-body, binary trees, fannkuch, spectral
//! norm, mandelbrot, string building, dictionary lookups, virtual and
//! interface dispatch, matrix multiply, sorting with a comparer, a
//! checksum), built once with mcs and run from the same IL image under the
//! JIT and from kiln's image, both with `DOTNET_TieredCompilation=0`
//! (RyuJIT's full optimisation vs kiln's code), alternating, several runs.
//! Each kernel times its own second call (the first pays for JIT
//! compilation); the figure kept is the minimum over the runs. Checksums
//! must agree; the JIT log of kiln's image lists the program's methods the
//! JIT still compiled (kiln skipped them, so their kernels measure the JIT
//! too).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use xtask::toolchain::Toolchain;
use xtask::{appinfo, dotnet, jitlog, workspace_root, Result};

use crate::bench_proc;

/// One kernel's figures.
#[derive(Debug)]
pub struct Kernel {
    /// Kernel name.
    pub name: String,
    /// Minimum time under the JIT, ms.
    pub jit_ms: f64,
    /// Minimum time from kiln's image, ms.
    pub kiln_ms: f64,
    /// Whether both printed the same checksum in every run.
    pub same_checksum: bool,
}

/// The suite's results.
#[derive(Debug)]
pub struct CodeQuality {
    /// Per kernel, in program order.
    pub kernels: Vec<Kernel>,
    /// The program's methods the JIT compiled when running kiln's image.
    pub jitted: Vec<String>,
    /// kiln's summary line.
    pub summary: String,
}

/// `name -> (checksum, ms)` from one run's output.
fn parse(stdout: &str) -> Vec<(String, String, f64)> {
    stdout
        .lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            let (n, c, t) = (it.next()?, it.next()?, it.next()?);
            Some((n.to_string(), c.to_string(), t.parse().ok()?))
        })
        .collect()
}

fn run(toolchain: &Toolchain, app: &Path) -> Result<dotnet::RunResult> {
    // The JIT log costs nothing in the timed calls: nothing is compiled
    // during them (each kernel's first call compiled what it needs).
    let options = dotnet::RunOptions {
        capture: true,
        timeout: Some(Duration::from_secs(600)),
        ..Default::default()
    };
    let r = dotnet::run_app(toolchain, app, &[], &options)?;
    if r.exit_code != Some(100) {
        return Err(format!(
            "{} exited with {:?}: {}",
            app.display(),
            r.exit_code,
            r.stderr
        )
        .into());
    }
    Ok(r)
}

/// Builds the kernels, compiles them with `kiln`, and runs both images
/// `runs` times.
///
/// # Errors
/// A failed build, compile or run, or a run that does not exit with 100.
pub fn measure(
    toolchain: &Toolchain,
    kiln: &Path,
    work: &Path,
    runs: usize,
) -> Result<CodeQuality> {
    std::fs::create_dir_all(work)?;
    let il = work.join("kernels.exe");
    let source = workspace_root().join("xtask/bench/kernels.cs");
    let mut mcs = Command::new(&toolchain.mcs);
    mcs.arg("-nologo")
        .arg("-optimize+")
        .arg(format!("-out:{}", il.display()))
        .arg(&source);
    bench_proc::run_ok(&mut mcs, &work.join("mcs"))?;
    dotnet::write_runtimeconfig(&il, true)?;
    let out_dir = work.join("kiln");
    std::fs::create_dir_all(&out_dir)?;
    let image: PathBuf = out_dir.join("kernels.exe");
    let mut compile = Command::new(kiln);
    compile
        .arg("compile")
        .arg(&il)
        .arg("-r")
        .arg(&toolchain.framework)
        .arg("-o")
        .arg(&image);
    let compiled = compile.output()?;
    if !compiled.status.success() {
        return Err(format!("kiln failed: {}", String::from_utf8_lossy(&compiled.stderr)).into());
    }
    let summary = String::from_utf8_lossy(&compiled.stdout)
        .lines()
        .chain(String::from_utf8_lossy(&compiled.stderr).lines())
        .find(|l| l.contains("compiled"))
        .unwrap_or("")
        .to_string();
    dotnet::write_runtimeconfig(&image, true)?;

    let mut best: BTreeMap<String, (f64, f64, bool, usize)> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for _ in 0..runs.max(1) {
        let jit = parse(&run(toolchain, &il)?.stdout);
        let kln = parse(&run(toolchain, &image)?.stdout);
        for (i, ((n, jc, jt), (_, kc, kt))) in jit.iter().zip(&kln).enumerate() {
            let e = best.entry(n.clone()).or_insert_with(|| {
                order.push(n.clone());
                (f64::MAX, f64::MAX, true, i)
            });
            e.0 = e.0.min(*jt);
            e.1 = e.1.min(*kt);
            e.2 &= jc == kc;
        }
    }
    let kernels = order
        .iter()
        .map(|n| {
            let (jit_ms, kiln_ms, same_checksum, _) = best[n];
            Kernel {
                name: n.clone(),
                jit_ms,
                kiln_ms,
                same_checksum,
            }
        })
        .collect();
    let logged = run(toolchain, &image)?;
    let types = appinfo::app_type_names(&image)?;
    let jitted = jitlog::app_methods(&logged.jitted, &types)
        .into_iter()
        .map(|e| e.name.clone())
        .collect();
    Ok(CodeQuality {
        kernels,
        jitted,
        summary,
    })
}

/// Prints the table, each ratio and the geometric mean.
pub fn print(q: &CodeQuality) {
    println!("kiln: {}", q.summary.trim());
    println!(
        "  {:<18} {:>10} {:>10} {:>9}  checksum",
        "kernel", "JIT ms", "kiln ms", "kiln/JIT"
    );
    let mut log_sum = 0.0;
    let mut n = 0;
    for k in &q.kernels {
        let r = k.kiln_ms / k.jit_ms.max(0.001);
        log_sum += r.ln();
        n += 1;
        println!(
            "  {:<18} {:>10.1} {:>10.1} {:>8.2}x  {}",
            k.name,
            k.jit_ms,
            k.kiln_ms,
            r,
            if k.same_checksum { "same" } else { "DIFFERS" }
        );
    }
    if n > 0 {
        println!(
            "  geometric mean kiln/JIT: {:.2}x (issue 21 target <= 1.3x, no kernel above 2.0x)",
            (log_sum / n as f64).exp()
        );
    }
    if q.jitted.is_empty() {
        println!("  every method of the kernels ran precompiled");
    } else {
        println!(
            "  JIT-compiled from kiln's image (their kernels time the JIT too): {}",
            q.jitted.join(", ")
        );
    }
}
