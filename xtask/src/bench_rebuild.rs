//! Incremental rebuild for `cargo xtask bench`: compiles an input through a
//! `kiln_driver::Compiler` session (the salsa database), changes one method
//! body (an `ldc.i4.<n>` becomes `ldc.i4.<n±1>`: same size, same stack
//! effect), sets the edited bytes as the new input and compiles again.
//!
//! Runs as `xtask bench-rebuild <input> <reference>...` from a release build
//! of xtask (the parent, [`measure`], builds and starts it), printing
//! `key value` lines that [`parse`] reads.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use kiln_driver::{CompileOptions, Compiler};
use kiln_metadata::il::IlDecoder;
use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;
use xtask::Result;

use crate::bench_proc;

/// What the worker measured.
#[derive(Debug, Default, PartialEq)]
pub struct Rebuild {
    /// The edited method's token.
    pub method: u32,
    /// Full build (wall, CPU).
    pub full: (Duration, Duration),
    /// Rebuild after the edit (wall, CPU).
    pub rebuild: (Duration, Duration),
    /// Report entries (outcome, code size) that differ between the builds.
    pub changed: u64,
    /// Whether the rebuilt image differs from the first (it must: one
    /// method's code changed).
    pub image_differs: bool,
}

fn cpu_now() -> Duration {
    // SAFETY: plain-data out parameter for our own process.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) };
    let d = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec.max(0) as u64) + Duration::from_micros(t.tv_usec.max(0) as u64)
    };
    d(u.ru_utime) + d(u.ru_stime)
}

/// The file offset of the first `ldc.i4.<n>` of a compiled method, and its token.
fn find_edit(bytes: &[u8], compiled: &[u32]) -> Result<(usize, u32)> {
    let asm = Assembly::from_bytes(bytes.to_vec())?;
    let base = asm.bytes().as_ptr() as usize;
    for &token in compiled {
        let Ok(Some(body)) = asm.method_body(MethodDefHandle(token & 0x00FF_FFFF)) else {
            continue;
        };
        let start = body.code.as_ptr() as usize - base;
        for insn in IlDecoder::new(body.code) {
            let Ok(insn) = insn else { break };
            let op = body.code[insn.offset as usize];
            if insn.len == 1 && (0x16..=0x1E).contains(&op) {
                return Ok((start + insn.offset as usize, token));
            }
        }
    }
    Err("no compiled method with an ldc.i4.<n> to edit".into())
}

/// Entry point of the worker (`xtask bench-rebuild <input> <reference>...`).
///
/// # Errors
/// If compiling fails or no method can be edited.
pub fn worker(args: &[String]) -> Result<ExitCode> {
    let (input, refs) = args
        .split_first()
        .ok_or("usage: bench-rebuild <input> <ref>...")?;
    let input = PathBuf::from(input);
    let refs: Vec<PathBuf> = refs.iter().map(PathBuf::from).collect();
    let bytes = std::fs::read(&input)?;
    let mut session = Compiler::new(&refs, CompileOptions::default())?;
    let (w0, c0) = (Instant::now(), cpu_now());
    let src = session.set_source(&input, bytes.clone());
    let first = session.compile_source(src)?;
    let full = (w0.elapsed(), cpu_now() - c0);
    let compiled: Vec<u32> = first
        .report
        .methods
        .iter()
        .filter(|m| m.is_compiled())
        .map(|m| m.token)
        .collect();
    let (at, method) = find_edit(&bytes, &compiled)?;
    let mut edited = bytes;
    edited[at] = if edited[at] == 0x1E {
        0x1D
    } else {
        edited[at] + 1
    };
    let (w1, c1) = (Instant::now(), cpu_now());
    let src = session.set_source(&input, edited);
    let second = session.compile_source(src)?;
    let rebuild = (w1.elapsed(), cpu_now() - c1);
    let changed = first
        .report
        .methods
        .iter()
        .zip(&second.report.methods)
        .filter(|(a, b)| a != b)
        .count();
    println!("method {method:08x}");
    println!("full_ms {} {}", full.0.as_millis(), full.1.as_millis());
    println!(
        "rebuild_ms {} {}",
        rebuild.0.as_millis(),
        rebuild.1.as_millis()
    );
    println!("changed_reports {changed}");
    println!("image_differs {}", u8::from(first.image != second.image));
    Ok(ExitCode::SUCCESS)
}

/// Parses the worker's output.
///
/// # Errors
/// A missing or malformed line.
pub fn parse(text: &str) -> Result<Rebuild> {
    let mut r = Rebuild::default();
    let mut seen = 0;
    let ms = |v: Option<&str>| -> Result<Duration> {
        let v: u64 = v.ok_or("missing value")?.parse()?;
        Ok(Duration::from_millis(v))
    };
    for line in text.lines() {
        let mut w = line.split_whitespace();
        match w.next() {
            Some("method") => r.method = u32::from_str_radix(w.next().unwrap_or(""), 16)?,
            Some("full_ms") => r.full = (ms(w.next())?, ms(w.next())?),
            Some("rebuild_ms") => r.rebuild = (ms(w.next())?, ms(w.next())?),
            Some("changed_reports") => r.changed = w.next().ok_or("missing value")?.parse()?,
            Some("image_differs") => r.image_differs = w.next() == Some("1"),
            _ => return Err(format!("unexpected line {line:?}").into()),
        }
        seen += 1;
    }
    if seen != 5 {
        return Err("incomplete rebuild output".into());
    }
    Ok(r)
}

/// Runs the worker (`xtask`, a release build) on `input`.
///
/// # Errors
/// If the worker fails.
pub fn measure(
    xtask: &Path,
    input: &Path,
    references: &[PathBuf],
    scratch: &Path,
) -> Result<Rebuild> {
    let mut cmd = Command::new(xtask);
    cmd.arg("bench-rebuild").arg(input).args(references);
    parse(&bench_proc::run_ok(&mut cmd, scratch)?.stdout)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_worker_output() {
        let r = parse(
            "method 06000123\nfull_ms 1500 2900\nrebuild_ms 700 1300\nchanged_reports 0\nimage_differs 1\n",
        )
        .unwrap();
        assert_eq!(
            r,
            Rebuild {
                method: 0x0600_0123,
                full: (Duration::from_millis(1500), Duration::from_millis(2900)),
                rebuild: (Duration::from_millis(700), Duration::from_millis(1300)),
                changed: 0,
                image_differs: true,
            }
        );
        assert!(parse("method 06000123\n").is_err());
        assert!(parse("full_ms x y\n").is_err());
    }
}
