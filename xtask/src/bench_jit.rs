//! RyuJIT's side of `cargo xtask bench`: the C# harness
//! (`xtask/bench/jit_harness.cs`, built with mcs) loads the input on .NET 8
//! and calls `RuntimeHelpers.PrepareMethod` on exactly the methods kiln
//! compiled, with tiered compilation and ReadyToRun code off, and reports
//! which it compiled and the CPU time of that loop.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use xtask::toolchain::Toolchain;
use xtask::{dotnet, workspace_root, Result};

use crate::bench_proc;

/// What the harness printed.
#[derive(Debug, Default, PartialEq)]
pub struct JitOutput {
    /// Where the runtime loaded the assembly from (must be the input).
    pub loaded: String,
    /// Tokens the JIT compiled.
    pub prepared: BTreeSet<u32>,
    /// Tokens it could not resolve or compile, with the exception name.
    pub failed: Vec<(u32, String)>,
    /// Wall time of the PrepareMethod loop.
    pub wall: Duration,
    /// Process CPU time of the loop.
    pub cpu: Duration,
}

/// Parses the harness's output.
///
/// # Errors
/// A line that does not follow the harness's format, or missing totals.
pub fn parse(text: &str) -> Result<JitOutput> {
    let mut out = JitOutput::default();
    let (mut have_ticks, mut have_cpu) = (false, false);
    let hex = |s: &str| u32::from_str_radix(s, 16).map_err(|e| format!("token {s:?}: {e}"));
    for line in text.lines() {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("loaded"), Some(path)) => out.loaded = path.to_owned(),
            (Some("prepared"), Some(t)) => {
                out.prepared.insert(hex(t)?);
            }
            (Some("failed"), Some(t)) => {
                let why: Vec<&str> = words.collect();
                out.failed.push((hex(t)?, why.join(" ")));
            }
            (Some("ticks"), Some(ticks)) => {
                let ticks: f64 = ticks.parse().map_err(|e| format!("ticks: {e}"))?;
                let freq: f64 = words
                    .next()
                    .ok_or("ticks without a frequency")?
                    .parse()
                    .map_err(|e| format!("frequency: {e}"))?;
                out.wall = Duration::from_secs_f64(ticks / freq.max(1.0));
                have_ticks = true;
            }
            (Some("cpu_ms"), Some(ms)) => {
                let ms: f64 = ms.parse().map_err(|e| format!("cpu_ms: {e}"))?;
                out.cpu = Duration::from_secs_f64(ms / 1000.0);
                have_cpu = true;
            }
            _ => return Err(format!("unexpected harness output line: {line:?}").into()),
        }
    }
    if !(have_ticks && have_cpu) {
        return Err("the harness printed no totals".into());
    }
    Ok(out)
}

/// Builds the harness into `dir` (with its runtimeconfig) and returns it.
///
/// # Errors
/// If mcs fails.
pub fn build_harness(toolchain: &Toolchain, dir: &Path) -> Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let exe = dir.join("jit_harness.exe");
    let source = workspace_root().join("xtask/bench/jit_harness.cs");
    toolchain.compile_cs(&source, &exe)?;
    dotnet::write_runtimeconfig(&exe, true)?;
    Ok(exe)
}

/// Runs the harness on `input` for `tokens`.
///
/// # Errors
/// If the harness fails, or the runtime loaded another file than `input`.
pub fn measure(
    toolchain: &Toolchain,
    harness: &Path,
    input: &Path,
    tokens: &BTreeSet<u32>,
    scratch: &Path,
) -> Result<JitOutput> {
    std::fs::create_dir_all(scratch)?;
    let list = scratch.join("tokens.txt");
    let text: String = tokens.iter().map(|t| format!("{t:08x}\n")).collect();
    std::fs::write(&list, text)?;
    let mut cmd = Command::new(&toolchain.dotnet);
    cmd.arg(harness)
        .arg(input)
        .arg(&list)
        .env("DOTNET_ROOT", toolchain.dotnet_root())
        .env("DOTNET_TieredCompilation", "0")
        .env("DOTNET_ReadyToRun", "0")
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1");
    let m = bench_proc::run_ok(&mut cmd, scratch)?;
    let out = parse(&m.stdout)?;
    let want = std::fs::canonicalize(input)?;
    if std::fs::canonicalize(&out.loaded).ok().as_ref() != Some(&want) {
        return Err(format!(
            "the runtime loaded {} instead of {}",
            out.loaded,
            want.display()
        )
        .into());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_harness_output() {
        let text = "loaded /x/System.Core.dll d22af090-bceb-4be7-92f5-3595cf074724\n\
                    failed 06000003 resolve: TypeLoadException\n\
                    prepared 06000001\nprepared 0600000a\n\
                    failed 06000002 prepare: SecurityException\n\
                    ticks 2500000000 1000000000\ncpu_ms 260.5\n";
        let out = parse(text).unwrap();
        assert_eq!(out.loaded, "/x/System.Core.dll");
        assert_eq!(
            out.prepared.into_iter().collect::<Vec<_>>(),
            vec![0x0600_0001, 0x0600_000a]
        );
        assert_eq!(
            out.failed,
            vec![
                (0x0600_0003, "resolve: TypeLoadException".to_owned()),
                (0x0600_0002, "prepare: SecurityException".to_owned())
            ]
        );
        assert_eq!(out.wall, Duration::from_millis(2500));
        assert_eq!(out.cpu, Duration::from_micros(260_500));
    }

    #[test]
    fn rejects_incomplete_or_foreign_output() {
        assert!(parse("prepared 06000001\n").is_err());
        assert!(parse("prepared zz\nticks 1 1\ncpu_ms 1\n").is_err());
        assert!(parse("Unhandled exception\nticks 1 1\ncpu_ms 1\n").is_err());
    }
}
