//! `cargo xtask r2r-check <path>…`: decodes every ReadyToRun image under the
//! given paths with `kiln_writer::read`, re-encodes GC info, unwind info,
//! EH tables, debug info, NativeFormat tables, GCRefMaps, fixup signatures
//! and fixup lists with kiln's writers, and compares bytes. Ends with
//! `r2r-check: N images, M methods, D decode errors, X round-trip mismatches`
//! and exits non-zero unless both D and X are 0. See docs/r2r-check.md.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kiln_writer::read::{check::check_image, R2rImage};

fn collect(p: &Path, out: &mut Vec<PathBuf>) {
    if p.is_dir() {
        if let Ok(rd) = std::fs::read_dir(p) {
            let mut v: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
            v.sort();
            for q in v {
                collect(&q, out);
            }
        }
    } else if p.extension().is_some_and(|e| e == "dll" || e == "exe") {
        out.push(p.to_path_buf());
    }
}

/// Entry point of the subcommand.
pub fn main(args: &[String]) -> xtask::Result<ExitCode> {
    let verbose = args.iter().any(|a| a == "-v" || a == "--verbose");
    let mut files = Vec::new();
    for a in args.iter().filter(|a| !a.starts_with('-')) {
        collect(Path::new(a), &mut files);
    }
    if files.is_empty() {
        return Err("usage: cargo xtask r2r-check [-v] <file-or-dir>…".into());
    }
    let (mut images, mut methods, mut decode_errors, mut mismatches, mut hints) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    let mut compared: BTreeMap<&'static str, usize> = BTreeMap::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let img = match R2rImage::parse(bytes) {
            Ok(i) => i,
            Err(e) if e.why.contains("not an R2R image") || e.what == "PE/metadata" => {
                if verbose {
                    eprintln!("skip {}: {e}", f.display());
                }
                continue;
            }
            Err(e) => {
                eprintln!("{}: decode error: {e}", f.display());
                images += 1;
                decode_errors += 1;
                continue;
            }
        };
        images += 1;
        let r = check_image(&img);
        methods += r.methods;
        hints += r.gc_layout_hints;
        for (k, v) in &r.compared {
            *compared.entry(k).or_default() += v;
        }
        for (cat, d) in r
            .decode_errors
            .iter()
            .take(if verbose { usize::MAX } else { 5 })
        {
            eprintln!("{}: decode error [{cat}] {d}", f.display());
        }
        for (cat, d) in r
            .mismatches
            .iter()
            .take(if verbose { usize::MAX } else { 5 })
        {
            eprintln!("{}: mismatch [{cat}] {d}", f.display());
        }
        decode_errors += r.decode_errors.len();
        mismatches += r.mismatches.len();
    }
    for (k, v) in &compared {
        println!("  compared {v:>8}  {k}");
    }
    println!("  GC infos re-encoded with the stored live-set order (layout hint, see docs/r2r-check.md): {hints}");
    println!("r2r-check: {images} images, {methods} methods, {decode_errors} decode errors, {mismatches} round-trip mismatches");
    Ok(if decode_errors == 0 && mismatches == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
