//! `kiln compile`: compiles every input, writes the images (and the JSON
//! report) through [`kiln_driver::output::OutputSet`], and prints
//! `<input>: compiled N of M methods` per input.
//!
//! With one input, `-o` names the output file; with several, an output
//! directory. Outputs never overwrite an input and appear only complete;
//! with several inputs every good one is compiled, every bad one reported,
//! and the exit code is 1 if any failed.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use kiln_driver::output::OutputSet;
use kiln_driver::{CompileOptions, Compiler, ObjectFormat, Registry};

use super::args::CompileArgs;
use super::mapfiles;
use super::progress::{self, Display};
use super::summary::{print_skips, Summary};
use super::target;

/// The warning (or, with `--strict`, error) for an unresolved assembly.
fn unresolved_text(u: &kiln_driver::references::Unresolved) -> String {
    format!(
        "assembly {} is referenced but no -r provides it ({} method(s) skipped because of it)",
        u.assembly, u.methods
    )
}

/// The output file of each input: `-o` itself for one input, unless `-o`
/// is a directory (it exists as one, or ends in `/`), and `-o/<file name>`
/// for several.
///
/// # Errors
/// Several inputs and `-o` an existing file.
fn output_paths(args: &CompileArgs) -> Result<Vec<PathBuf>, String> {
    let dir_like = args.out.is_dir() || args.out.as_os_str().to_string_lossy().ends_with('/');
    if args.inputs.len() == 1 && !dir_like {
        return Ok(vec![args.out.clone()]);
    }
    if args.out.exists() && !args.out.is_dir() {
        return Err(format!(
            "{}: with {} inputs, -o names a directory (one image per input), but this is a file",
            args.out.display(),
            args.inputs.len()
        ));
    }
    Ok(args
        .inputs
        .iter()
        .map(|i| args.out.join(i.file_name().unwrap_or_default()))
        .collect())
}

/// The compile options of the command line, after checking the target,
/// the container and the refused crossgen2 options.
///
/// # Errors
/// A usage error, said as the user should read it.
pub fn options(args: &CompileArgs) -> Result<CompileOptions, String> {
    // The names become a triple and an object format; kiln's registry says
    // whether a backend and a container exist for them.
    let target = target::resolve(
        args.targetos.as_deref(),
        args.targetarch.as_deref(),
        args.target.as_deref(),
    )?;
    let obj_format = ObjectFormat::new(&args.obj_format);
    Registry::builtin()
        .resolve(&target, &obj_format)
        .map_err(|e| e.to_string())?;
    if mapfiles::wanted(args) && obj_format != ObjectFormat::PE {
        return Err("--map, --mapcsv and --perfmap need --obj-format pe".into());
    }
    let single_method = args.singlemethodtypename.is_some()
        || args.singlemethodname.is_some()
        || args.singlemethodindex.is_some()
        || !args.singlemethodgenericarg.is_empty();
    if single_method {
        return Err(
            "--singlemethod* (compile one method) is not supported: kiln compiles \
                    every method it can; leave methods to the JIT with --exclude-method <pattern>"
                .into(),
        );
    }
    if args.composite {
        return Err(
            "--composite is not supported: kiln writes one image per input (omit --composite)"
                .into(),
        );
    }
    Ok(CompileOptions {
        target,
        parallelism: args.parallelism,
        exclude_methods: args.exclude_methods.clone(),
        obj_format,
        inline: !args.compat.optimize_disabled,
        ..CompileOptions::default()
    })
}

/// Compiles every input; a bad input is reported and the others are still
/// compiled. Outputs are reserved (checked against the inputs and each
/// other, temporaries created) before anything is compiled and renamed into
/// place together at the end. Returns the number of inputs that failed.
///
/// # Errors
/// A failure that stops everything (references, outputs), as text.
pub fn run(args: &CompileArgs, options: CompileOptions) -> Result<usize, String> {
    let started = Instant::now();
    let show = progress::mode(args.progress, args.quiet, std::io::stderr().is_terminal());
    for (flag, why) in args.compat.ignored() {
        eprintln!("kiln: note: ignoring {flag}: {why}");
    }
    if args.perfmap_format_version.is_some_and(|v| v > 0) {
        eprintln!("kiln: note: writing perf map format version 0 (no header); version 1 is not implemented");
    }
    let mut compiler = Compiler::new(&args.references, options).map_err(|e| e.to_string())?;
    for w in compiler.reference_warnings() {
        eprintln!("kiln: warning: {w}");
    }
    let protected: Vec<PathBuf> = args
        .inputs
        .iter()
        .chain(compiler.references())
        .cloned()
        .collect();
    let mut outputs = OutputSet::new(&protected);
    let reserve = |outputs: &mut OutputSet, p: &Path| outputs.reserve(p).map_err(|e| e.to_string());
    let paths = output_paths(args)?;
    let slots = paths
        .iter()
        .map(|p| reserve(&mut outputs, p))
        .collect::<Result<Vec<_>, _>>()?;
    let map_slots = paths
        .iter()
        .map(|p| mapfiles::reserve(args, &mut outputs, p))
        .collect::<Result<Vec<_>, _>>()?;
    let report_slot = match &args.report {
        Some(p) => Some(reserve(&mut outputs, p)?),
        None => None,
    };
    let mut reports = Vec::new();
    let mut failed = 0;
    let mut summary = Summary::default();
    for (i, input) in args.inputs.iter().enumerate() {
        let (slot, map_slots) = (slots[i], map_slots[i]);
        let display = Display::start(input.display().to_string(), compiler.progress(), show);
        let result = compiler.compile_file(input);
        if let Some(d) = display {
            d.finish();
        }
        match result {
            Ok(compiled) if args.strict && !compiled.report.unresolved.is_empty() => {
                for u in &compiled.report.unresolved {
                    eprintln!("kiln: {}: {}", input.display(), unresolved_text(u));
                }
                outputs.discard(slot);
                mapfiles::discard(&mut outputs, map_slots);
                failed += 1;
            }
            Ok(compiled) => {
                for u in &compiled.report.unresolved {
                    eprintln!("kiln: warning: {}: {}", input.display(), unresolved_text(u));
                }
                outputs
                    .write(slot, &compiled.image)
                    .map_err(|e| e.to_string())?;
                mapfiles::write(args, &mut outputs, map_slots, &paths[i], &compiled.image)?;
                println!("{}: {}", input.display(), compiled.report.summary());
                if args.verbose {
                    print_skips(&compiled.report);
                }
                summary.add(&compiled.report, compiled.image.len());
                reports.push(compiled.report);
            }
            Err(e) => {
                eprintln!("kiln: {e}");
                outputs.discard(slot);
                mapfiles::discard(&mut outputs, map_slots);
                failed += 1;
            }
        }
    }
    if let Some(slot) = report_slot {
        let json = if args.inputs.len() > 1 {
            serde_json::to_string_pretty(&reports).expect("reports serialise")
        } else {
            reports.first().map(|r| r.to_json()).unwrap_or_default()
        };
        if reports.is_empty() && args.inputs.len() == 1 {
            outputs.discard(slot);
        } else {
            outputs
                .write(slot, json.as_bytes())
                .map_err(|e| e.to_string())?;
        }
    }
    outputs.commit().map_err(|e| e.to_string())?;
    if !args.quiet {
        summary.failed = failed;
        let report = args.report.as_deref().filter(|_| !reports.is_empty());
        for line in summary.lines(started.elapsed(), report) {
            eprintln!("kiln: {line}");
        }
    }
    Ok(failed)
}
