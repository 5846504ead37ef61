//! Mono's ahead-of-time compiler as a second peer for `cargo xtask bench`:
//! `mono --aot` on a copy of the same IL-only input (so nothing is written
//! next to the original), timed as a whole process (including the native
//! assembler and linker it runs) and by its own "JIT time" line.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use xtask::Result;

use crate::bench_proc::{self, Cost};

/// What `mono --aot` reported.
#[derive(Debug, Default, PartialEq)]
pub struct MonoOutput {
    /// `Compiled: <n>/<total>`.
    pub compiled: u64,
    /// Methods it attempted.
    pub total: u64,
    /// Its "JIT time" (code generation only).
    pub jit_time: Duration,
}

/// Parses `mono --aot`'s summary lines.
///
/// # Errors
/// If the `Compiled:` or `JIT time:` line is missing or malformed.
pub fn parse(text: &str) -> Result<MonoOutput> {
    let mut out = MonoOutput::default();
    let (mut counted, mut timed) = (false, false);
    for line in text.lines() {
        if let Some(rest) = line.trim().strip_prefix("Compiled:") {
            let (n, total) = rest
                .trim()
                .split_once('/')
                .ok_or_else(|| format!("bad line {line:?}"))?;
            out.compiled = n.trim().parse().map_err(|e| format!("{line:?}: {e}"))?;
            let total = total.split_whitespace().next().unwrap_or("");
            out.total = total.parse().map_err(|e| format!("{line:?}: {e}"))?;
            counted = true;
        } else if let Some(rest) = line.trim().strip_prefix("JIT time:") {
            let ms = rest
                .split_whitespace()
                .next()
                .ok_or_else(|| format!("bad line {line:?}"))?;
            let ms: f64 = ms.parse().map_err(|e| format!("{line:?}: {e}"))?;
            out.jit_time = Duration::from_secs_f64(ms / 1000.0);
            timed = true;
        }
    }
    if !(counted && timed) {
        return Err("mono --aot printed no Compiled:/JIT time: summary".into());
    }
    Ok(out)
}

/// Runs `mono --aot` on a copy of `input` in `scratch`.
///
/// # Errors
/// If mono is missing or fails.
pub fn measure(input: &Path, scratch: &Path) -> Result<(Cost, MonoOutput)> {
    std::fs::create_dir_all(scratch)?;
    let name = input.file_name().ok_or("input without a file name")?;
    let copy = scratch.join(name);
    std::fs::copy(input, &copy)?;
    let so = copy.with_extension("so");
    let _ = std::fs::remove_file(&so);
    let mut cmd = Command::new("mono");
    // MONO_PATH first: mono refuses to AOT a copy of its own corlib unless
    // that copy is the one it loads.
    cmd.env("MONO_PATH", scratch)
        .arg(format!("--aot=outfile={}", so.display()))
        .arg(&copy);
    let m = bench_proc::run_ok(&mut cmd, &scratch.join("log"))?;
    Ok((m.cost, parse(&format!("{}\n{}", m.stdout, m.stderr))?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_summary() {
        let text = "Mono Ahead of Time compiler - compiling assembly /t/System.Core.dll\n\
                    AOTID 0B45F732\nCompiled: 6492/6492\n\
                    JIT time: 4420 ms, Generation time: 2398 ms, Assembly+Link time: 4728 ms.\n";
        assert_eq!(
            parse(text).unwrap(),
            MonoOutput {
                compiled: 6492,
                total: 6492,
                jit_time: Duration::from_millis(4420)
            }
        );
        assert!(parse("Compiled: 1/2\n").is_err());
        assert!(parse("Compiled: x/2\nJIT time: 1 ms\n").is_err());
    }
}
