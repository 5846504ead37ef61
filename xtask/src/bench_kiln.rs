//! kiln's side of `cargo xtask bench`: runs the release `kiln` binary on an
//! input with one worker thread and with one per core, and reads back what
//! it compiled (the JSON report) and how much IL that was.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;
use xtask::Result;

use crate::bench_proc::{self, Cost};

/// kiln on one input.
#[derive(Debug)]
pub struct KilnResult {
    /// MethodDef tokens kiln compiled.
    pub compiled: BTreeSet<u32>,
    /// Methods with an IL body.
    pub candidates: usize,
    /// IL bytes of the compiled methods.
    pub il_bytes: u64,
    /// Median run on one worker thread.
    pub one: Cost,
    /// Median run on `threads` workers.
    pub all: Cost,
    /// Worker threads of the parallel run.
    pub threads: usize,
    /// Input and output file sizes.
    pub sizes: (u64, u64),
}

fn compile_once(
    kiln: &Path,
    input: &Path,
    references: &[PathBuf],
    out: &Path,
    threads: usize,
) -> Result<Cost> {
    let mut cmd = Command::new(kiln);
    cmd.arg("compile").arg(input);
    for r in references {
        cmd.arg("-r").arg(r);
    }
    cmd.arg("-o")
        .arg(out)
        .arg("--report")
        .arg(out.with_extension("json"))
        .arg("--parallelism")
        .arg(threads.to_string());
    let scratch = out.with_extension("log");
    // A previous run's output is ours to replace (kiln never overwrites).
    let _ = std::fs::remove_file(out);
    let _ = std::fs::remove_file(out.with_extension("json"));
    Ok(bench_proc::run_ok(&mut cmd, &scratch)?.cost)
}

/// Compiles `input` `runs` times on 1 and on `threads` workers.
///
/// # Errors
/// If kiln fails or its report cannot be read.
pub fn measure(
    kiln: &Path,
    input: &Path,
    references: &[PathBuf],
    out_dir: &Path,
    runs: usize,
    threads: usize,
) -> Result<KilnResult> {
    std::fs::create_dir_all(out_dir)?;
    let name = input.file_name().ok_or("input without a file name")?;
    let out = out_dir.join(name);
    let mut one = Vec::new();
    let mut all = Vec::new();
    for _ in 0..runs {
        one.push(compile_once(kiln, input, references, &out, 1)?);
        all.push(compile_once(kiln, input, references, &out, threads)?);
    }
    let report: kiln_driver::Report =
        serde_json::from_str(&std::fs::read_to_string(out.with_extension("json"))?)?;
    let compiled: BTreeSet<u32> = report
        .methods
        .iter()
        .filter(|m| m.is_compiled())
        .map(|m| m.token)
        .collect();
    let il_bytes = il_size(input, &compiled)?;
    Ok(KilnResult {
        candidates: report.candidates,
        compiled,
        il_bytes,
        one: bench_proc::median(one).ok_or("no runs")?,
        all: bench_proc::median(all).ok_or("no runs")?,
        threads,
        sizes: (
            std::fs::metadata(input)?.len(),
            std::fs::metadata(&out)?.len(),
        ),
    })
}

/// Total IL code bytes of the methods `tokens` of `input`.
///
/// # Errors
/// If the input cannot be read.
pub fn il_size(input: &Path, tokens: &BTreeSet<u32>) -> Result<u64> {
    let asm = Assembly::open(input)?;
    let mut total = 0u64;
    for &t in tokens {
        if let Ok(Some(body)) = asm.method_body(MethodDefHandle(t & 0x00FF_FFFF)) {
            total += body.code.len() as u64;
        }
    }
    Ok(total)
}
