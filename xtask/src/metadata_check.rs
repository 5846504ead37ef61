//! `cargo xtask metadata-check <path>…` — reads every assembly under the
//! given files/folders whole with kiln-metadata: every table row, heap
//! reference, signature, method body, IL instruction and custom attribute,
//! and resolves every TypeRef/MemberRef across the set (references leaving
//! the set are counted as unresolved, not as errors), and computes the layout,
//! statics, vtable and interface map of every non-generic type. Ends with
//! `metadata-check: N assemblies, M methods, I instructions, E errors` and
//! exits non-zero when E > 0. `-v` prints every error (default: first 50).

use std::process::ExitCode;

use kiln_metadata::check;
use kiln_metadata::set::AssemblySet;
use xtask::Result;

/// Entry point of `cargo xtask metadata-check`.
pub fn main(args: &[String]) -> Result<ExitCode> {
    let verbose = args.iter().any(|a| a == "-v");
    let paths: Vec<&String> = args.iter().filter(|a| *a != "-v").collect();
    if paths.is_empty() {
        return Err("usage: cargo xtask metadata-check [-v] <path>...".into());
    }
    for p in &paths {
        if !std::path::Path::new(p.as_str()).exists() {
            return Err(format!("{p} does not exist").into());
        }
    }
    let start = std::time::Instant::now();
    let (set, load) = AssemblySet::from_paths(&paths);
    let mut report = check::check_set(&set);
    for (path, error) in load.errors {
        report.errors.push(check::CheckError {
            assembly: path.display().to_string(),
            context: "open".into(),
            error,
        });
    }
    let limit = if verbose { usize::MAX } else { 50 };
    for e in report.errors.iter().take(limit) {
        println!("error: {e}");
    }
    if report.errors.len() > limit {
        println!("... {} more errors (use -v)", report.errors.len() - limit);
    }
    println!(
        "{} table rows, {} signatures, {} custom attributes, {} type layouts, {} references resolved, {} unresolved (outside the set), {} non-CLI files skipped, {:.2}s",
        report.rows,
        report.signatures,
        report.custom_attributes,
        report.types,
        report.resolved,
        report.unresolved,
        load.skipped.len(),
        start.elapsed().as_secs_f64()
    );
    println!("{}", report.summary());
    Ok(if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
