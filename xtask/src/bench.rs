//! `cargo xtask bench [--full] [--runs N] [--input <dll>]... [--no-jit]
//! [--no-mono] [--no-rebuild] [--no-startup] [--no-code] [--code-only]` —
//! kiln's generated code against RyuJIT's on kernels (`bench_code`), kiln's
//! compile speed and
//! memory against RyuJIT and Mono's AOT compiler on the same inputs, one
//! incremental rebuild, and startup of real programs, measured side by side
//! in one run and printed with ratios and the issue-20 targets.
//!
//! Inputs: Mono's 4.5 profile — `System.Core` by default (a run of a few
//! minutes), `mscorlib`, `System`, `System.Core` and `System.Xml` with
//! `--full`, or the `--input` files. kiln runs as the release binary
//! (`cargo build --release`), references the provisioned .NET 8 framework,
//! and is timed as a whole process. RyuJIT compiles exactly the methods kiln
//! compiled (those kiln skipped are left out of both totals; those the JIT
//! cannot load are counted and left out of its total). CPU time (user +
//! system) is the per-core figure: on a shared machine wall time also
//! measures the neighbours, so the load average is printed beside it.
//! Not part of `cargo xtask test`: benchmarks are not timed tests.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use xtask::{workspace_root, Result};

use crate::bench_proc::{rate, ratio};
use crate::{bench_code, bench_jit, bench_kiln, bench_mono, bench_rebuild, bench_startup};

const MONO_45: &str = "/usr/lib/mono/4.5";
const QUICK: &[&str] = &["System.Core"];
const FULL: &[&str] = &["mscorlib", "System", "System.Core", "System.Xml"];

#[derive(Debug)]
struct Options {
    inputs: Vec<PathBuf>,
    runs: usize,
    startup_runs: usize,
    jit: bool,
    mono: bool,
    rebuild: bool,
    startup: bool,
    code: bool,
    code_only: bool,
}

fn parse_args(args: &[String]) -> Result<Options> {
    let mut o = Options {
        inputs: Vec::new(),
        runs: 1,
        startup_runs: 5,
        jit: true,
        mono: true,
        rebuild: true,
        startup: true,
        code: true,
        code_only: false,
    };
    let mut full = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--full" => full = true,
            "--runs" => o.runs = it.next().ok_or("--runs needs a number")?.parse()?,
            "--input" => o
                .inputs
                .push(PathBuf::from(it.next().ok_or("--input needs a file")?)),
            "--no-jit" => o.jit = false,
            "--no-mono" => o.mono = false,
            "--no-rebuild" => o.rebuild = false,
            "--no-startup" => o.startup = false,
            "--no-code" => o.code = false,
            "--code-only" => {
                (o.jit, o.mono, o.rebuild, o.startup) = (false, false, false, false);
                o.inputs.clear();
                o.code_only = true;
            }
            other => return Err(format!("unknown option {other}").into()),
        }
    }
    if full {
        o.runs = o.runs.max(3);
        o.startup_runs = 11;
    }
    if o.inputs.is_empty() && !o.code_only {
        let names = if full { FULL } else { QUICK };
        o.inputs = names
            .iter()
            .map(|n| Path::new(MONO_45).join(format!("{n}.dll")))
            .collect();
    }
    Ok(o)
}

fn cargo_build_release() -> Result<(PathBuf, PathBuf)> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "kiln-driver",
            "-p",
            "xtask",
        ])
        .status()?;
    if !status.success() {
        return Err("cargo build --release failed".into());
    }
    let dir = workspace_root().join("target/release");
    Ok((dir.join("kiln"), dir.join("xtask")))
}

fn secs(d: std::time::Duration) -> String {
    format!("{:.2}s", d.as_secs_f64())
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Entry point of `cargo xtask bench`.
pub fn main(args: &[String]) -> Result<ExitCode> {
    let o = parse_args(args)?;
    let toolchain = crate::toolchain::load()?;
    let (kiln, xtask_release) = cargo_build_release()?;
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let work = workspace_root().join("target/bench");
    let refs = vec![toolchain.framework.clone()];
    let harness = if o.jit {
        Some(bench_jit::build_harness(&toolchain, &work.join("harness"))?)
    } else {
        None
    };
    println!(
        "kiln bench: {} thread(s) available, load average {} at start",
        threads,
        crate::bench_proc::load_average().unwrap_or_else(|| "?".into())
    );
    let mut per_core_ratios = Vec::new();
    for input in &o.inputs {
        let name = input.file_stem().and_then(|s| s.to_str()).unwrap_or("?");
        println!("\n== {} ==", input.display());
        let k = bench_kiln::measure(&kiln, input, &refs, &work.join("kiln"), o.runs, threads)?;
        let n = k.compiled.len() as f64;
        let one_rate = rate(n, k.one.cpu);
        println!(
            "kiln: compiled {} of {} methods ({} IL bytes); median of {} run(s)",
            k.compiled.len(),
            k.candidates,
            k.il_bytes,
            o.runs
        );
        println!(
            "  1 thread : {} wall, {} CPU -> {:.0} methods/s, {:.0} IL KB/s per core (CPU)",
            secs(k.one.wall),
            secs(k.one.cpu),
            one_rate,
            rate(k.il_bytes as f64 / 1e3, k.one.cpu)
        );
        let efficiency = k.one.wall.as_secs_f64() / (k.threads as f64 * k.all.wall.as_secs_f64());
        println!(
            "  {} threads: {} wall, {} CPU -> {:.0} methods/s wall; parallel efficiency {:.0}%",
            k.threads,
            secs(k.all.wall),
            secs(k.all.cpu),
            rate(n, k.all.wall),
            efficiency * 100.0
        );
        let rss_limit = 4 * k.sizes.0 + 100_000_000;
        println!(
            "  peak RSS {:.1} MB (target <= {:.1} MB: {}); output {:.2} MB = {:.2}x input {:.2} MB",
            mb(k.one.peak_rss.max(k.all.peak_rss)),
            mb(rss_limit),
            if k.one.peak_rss.max(k.all.peak_rss) <= rss_limit {
                "met"
            } else {
                "NOT met"
            },
            mb(k.sizes.1),
            k.sizes.1 as f64 / k.sizes.0 as f64,
            mb(k.sizes.0)
        );
        if let Some(h) = &harness {
            match bench_jit::measure(
                &toolchain,
                h,
                input,
                &k.compiled,
                &work.join("jit").join(name),
            ) {
                Ok(j) => {
                    let jn = j.prepared.len() as f64;
                    let jit_il = bench_kiln::il_size(input, &j.prepared)?;
                    let jit_rate = rate(jn, j.cpu);
                    println!(
                        "RyuJIT (PrepareMethod, TieredCompilation=0): {} of kiln's {} methods ({} not loadable on .NET 8, left out)",
                        j.prepared.len(),
                        k.compiled.len(),
                        j.failed.len()
                    );
                    println!(
                        "  {} CPU ({} wall) -> {:.0} methods/s, {:.0} IL KB/s per core",
                        secs(j.cpu),
                        secs(j.wall),
                        jit_rate,
                        rate(jit_il as f64 / 1e3, j.cpu)
                    );
                    println!(
                        "  kiln/RyuJIT per core: {} methods/s, {} IL bytes/s (kiln timed end to end)",
                        ratio(one_rate, jit_rate),
                        ratio(
                            rate(k.il_bytes as f64, k.one.cpu),
                            rate(jit_il as f64, j.cpu)
                        )
                    );
                    if jit_rate > 0.0 {
                        per_core_ratios.push(one_rate / jit_rate);
                    }
                }
                Err(e) => println!("RyuJIT: not measured ({e})"),
            }
        }
        if o.mono {
            match bench_mono::measure(input, &work.join("mono").join(name)) {
                Ok((cost, m)) => println!(
                    "mono --aot: compiled {}/{} methods in {} CPU ({} wall; its JIT time {}) -> {:.0} methods/s per core; kiln/mono {}",
                    m.compiled,
                    m.total,
                    secs(cost.cpu),
                    secs(cost.wall),
                    secs(m.jit_time),
                    rate(m.compiled as f64, cost.cpu),
                    ratio(one_rate, rate(m.compiled as f64, cost.cpu))
                ),
                Err(e) => println!("mono --aot: not measured ({e})"),
            }
        }
        if o.rebuild {
            match bench_rebuild::measure(&xtask_release, input, &refs, &work.join("rebuild").join(name)) {
                Ok(r) => println!(
                    "incremental: full build {} wall / {} CPU; after editing method {:08x}: {} wall / {} CPU = {:.1}% of the full build (target <= 2%); image changed: {}, report entries changed: {}",
                    secs(r.full.0),
                    secs(r.full.1),
                    r.method,
                    secs(r.rebuild.0),
                    secs(r.rebuild.1),
                    100.0 * r.rebuild.1.as_secs_f64() / r.full.1.as_secs_f64().max(1e-9),
                    if r.image_differs { "yes" } else { "NO (edit lost?)" },
                    r.changed
                ),
                Err(e) => println!("incremental: not measured ({e})"),
            }
        }
    }
    if o.code {
        let runs = o.runs.max(3);
        println!(
            "\n== code quality: kernels under the JIT vs from kiln's image (min of {runs} runs) =="
        );
        let q = bench_code::measure(&toolchain, &kiln, &work.join("code"), runs)?;
        bench_code::print(&q);
    }
    if o.startup {
        println!(
            "\n== startup (median of {} runs, default runtime settings) ==",
            o.startup_runs
        );
        for s in bench_startup::measure(&toolchain, &kiln, &work.join("startup"), o.startup_runs)? {
            println!(
                "{}: IL only {} | kiln {} ({}) -> kiln/IL {}; app methods JIT-compiled: {} IL only, {} with kiln's image; crossgen2: n/a (no crossgen2 for app IL)",
                s.name,
                secs(s.il),
                secs(s.kiln),
                s.summary,
                ratio(s.kiln.as_secs_f64(), s.il.as_secs_f64()),
                s.jitted.0,
                s.jitted.1
            );
        }
    }
    if !per_core_ratios.is_empty() {
        let worst = per_core_ratios
            .iter()
            .cloned()
            .fold(f64::INFINITY, f64::min);
        println!(
            "\ntarget kiln >= 10x RyuJIT methods/s per core: {} (lowest ratio {:.2}x)",
            if worst >= 10.0 { "met" } else { "NOT met" },
            worst
        );
    }
    println!(
        "load average {} at end (wall times and parallel efficiency are only meaningful on an idle machine)",
        crate::bench_proc::load_average().unwrap_or_else(|| "?".into())
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_default_to_a_quick_run() {
        let o = parse_args(&[]).unwrap();
        assert_eq!(
            o.inputs,
            vec![PathBuf::from("/usr/lib/mono/4.5/System.Core.dll")]
        );
        assert_eq!((o.runs, o.startup_runs), (1, 5));
        let o = parse_args(&["--full".into(), "--no-mono".into()]).unwrap();
        assert_eq!(o.inputs.len(), 4);
        assert!(o.runs >= 3 && !o.mono && o.jit);
        let o = parse_args(&[
            "--input".into(),
            "a.dll".into(),
            "--runs".into(),
            "2".into(),
        ])
        .unwrap();
        assert_eq!((o.inputs, o.runs), (vec![PathBuf::from("a.dll")], 2));
        assert!(parse_args(&["--bogus".into()]).is_err());
        let o = parse_args(&["--code-only".into()]).unwrap();
        assert!(o.inputs.is_empty() && o.code && !o.jit && !o.startup);
    }
}
