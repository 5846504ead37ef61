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

/// Runtime facts the backend relies on (REFERENCES.md §3–§4), counted over
/// crossgen2's output: each is `(holds, violated)`.
#[derive(Default)]
struct Facts {
    /// v2: every safepoint is the end of a call instruction minus one.
    safepoint_is_call_end_minus_1: (usize, usize),
    /// Methods with EH clauses are fully interruptible.
    eh_methods_fully_interruptible: (usize, usize),
    /// Methods with funclets have a PSPSym.
    funclet_methods_have_pspsym: (usize, usize),
    /// Methods with funclets set WantsReportOnlyLeaf.
    funclet_methods_report_only_leaf: (usize, usize),
    /// Filter funclets use a different personality routine than main bodies.
    main_bodies_share_one_personality: (usize, usize),
}

fn tally(t: &mut (usize, usize), ok: bool) {
    if ok {
        t.0 += 1;
    } else {
        t.1 += 1;
    }
}

fn gather_facts(img: &R2rImage, f: &mut Facts) {
    use iced_x86::{Decoder, DecoderOptions, FlowControl};
    let first_personality = img.runtime_functions.first().and_then(|r| r.personality);
    for m in &img.methods {
        let main = &img.runtime_functions[m.entry.runtime_function as usize];
        tally(
            &mut f.main_bodies_share_one_personality,
            main.personality == first_personality,
        );
        let Ok(gc) = img
            .gc_info_bytes(m)
            .map_err(|_| ())
            .and_then(|b| kiln_gcinfo::decode(b).map_err(|_| ()))
        else {
            continue;
        };
        if !m.eh.is_empty() {
            tally(
                &mut f.eh_methods_fully_interruptible,
                !gc.ranges.is_empty() && gc.safepoints.is_empty(),
            );
        }
        if m.fragments.len() > 1 {
            tally(&mut f.funclet_methods_have_pspsym, gc.psp_sym.is_some());
            tally(
                &mut f.funclet_methods_report_only_leaf,
                gc.wants_report_only_leaf,
            );
        }
        if gc.safepoints.is_empty() {
            continue;
        }
        // Ends of call instructions, method-relative.
        let mut call_ends = std::collections::HashSet::new();
        for &fi in &m.fragments {
            let rf = &img.runtime_functions[fi as usize];
            let Ok(code) = img.code(rf) else { continue };
            let mut dec = Decoder::with_ip(
                64,
                code,
                (rf.begin - main.begin) as u64,
                DecoderOptions::NONE,
            );
            while dec.can_decode() {
                let ins = dec.decode();
                if matches!(
                    ins.flow_control(),
                    FlowControl::Call | FlowControl::IndirectCall
                ) {
                    call_ends.insert(ins.next_ip() as u32);
                }
            }
        }
        for &sp in &gc.safepoints {
            tally(
                &mut f.safepoint_is_call_end_minus_1,
                call_ends.contains(&(sp + 1)),
            );
        }
    }
}

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
    let mut facts = Facts::default();
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
        gather_facts(&img, &mut facts);
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
    for (name, (ok, bad)) in [
        (
            "safepoint = end of call - 1 (GcInfo v2)",
            facts.safepoint_is_call_end_minus_1,
        ),
        (
            "methods with EH are fully interruptible",
            facts.eh_methods_fully_interruptible,
        ),
        (
            "methods with funclets have a PSPSym",
            facts.funclet_methods_have_pspsym,
        ),
        (
            "methods with funclets want report-only-leaf",
            facts.funclet_methods_report_only_leaf,
        ),
        (
            "main bodies use the first entry's personality routine",
            facts.main_bodies_share_one_personality,
        ),
    ] {
        println!("  fact {ok:>8} hold, {bad:>6} do not: {name}");
    }
    println!("  GC infos re-encoded with the stored live-set order (layout hint, see docs/r2r-check.md): {hints}");
    println!("r2r-check: {images} images, {methods} methods, {decode_errors} decode errors, {mismatches} round-trip mismatches");
    Ok(if decode_errors == 0 && mismatches == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
