//! `kiln compile`: compiles every input, writes the images (and the JSON
//! report) through [`kiln_driver::output::OutputSet`], and prints
//! `<input>: compiled N of M methods` per input.
//!
//! With one input, `-o` names the output file; with several, an output
//! directory. Outputs never overwrite an input and appear only complete;
//! with several inputs every good one is compiled, every bad one reported,
//! and the exit code is 1 if any failed.

use std::path::{Path, PathBuf};

use kiln_driver::output::OutputSet;
use kiln_driver::{CompileOptions, Compiler, ContainerFormat, TargetArch, TargetOs};

use super::args::CompileArgs;
use super::target;

/// Skipped methods grouped by stage and typed cause (no IL offsets or
/// tokens, so one missing feature is one line), most frequent first, with
/// one example method and its full reason each.
/// A method of a generic type whose canonical instantiation was compiled is
/// not listed (its entry says its code is per instantiation).
fn print_skips(report: &kiln_driver::Report) {
    type Group<'a> = (String, usize, &'a str, &'a str);
    let mut groups: Vec<Group<'_>> = Vec::new();
    for m in &report.methods {
        if let kiln_driver::Outcome::Skipped {
            stage,
            reason,
            cause,
        } = &m.outcome
        {
            if reason == kiln_driver::PER_INSTANTIATION {
                continue;
            }
            let key = format!("{stage}: {cause}");
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.1 += 1,
                None => groups.push((key, 1, &m.name, reason)),
            }
        }
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    for (cause, n, example, reason) in groups {
        println!("  {n:>5} skipped  {cause}  (e.g. {example}: {reason})");
    }
}

/// The warning (or, with `--strict`, error) for an unresolved assembly.
fn unresolved_text(u: &kiln_driver::references::Unresolved) -> String {
    format!(
        "assembly {} is referenced but no -r provides it ({} method(s) skipped because of it)",
        u.assembly, u.methods
    )
}

/// The output file of each input: `-o` itself for one input, `-o/<file
/// name>` for several.
fn output_paths(args: &CompileArgs) -> Vec<PathBuf> {
    if args.inputs.len() == 1 {
        return vec![args.out.clone()];
    }
    args.inputs
        .iter()
        .map(|i| args.out.join(i.file_name().unwrap_or_default()))
        .collect()
}

/// The compile options of the command line, after checking the target,
/// the container and the refused crossgen2 options.
///
/// # Errors
/// A usage error, said as the user should read it.
pub fn options(args: &CompileArgs) -> Result<CompileOptions, String> {
    // Only x86_64-unknown-linux-gnu passes `resolve`.
    target::resolve(
        args.targetos.as_deref(),
        args.targetarch.as_deref(),
        args.target.as_deref(),
    )?;
    let container = match args.obj_format.to_ascii_lowercase().as_str() {
        "macho" => {
            return Err("--obj-format macho is not implemented: kiln writes pe and elf".into())
        }
        f => ContainerFormat::from_name(f).ok_or_else(|| {
            format!(
                "unknown --obj-format {} (pe or elf; crossgen2's macho is not implemented)",
                args.obj_format
            )
        })?,
    };
    if args.composite {
        return Err(
            "--composite is not supported: kiln writes one image per input (omit --composite)"
                .into(),
        );
    }
    Ok(CompileOptions {
        target_os: TargetOs::Linux,
        target_arch: TargetArch::X64,
        parallelism: args.parallelism,
        exclude_methods: args.exclude_methods.clone(),
        container,
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
    for (flag, why) in args.compat.ignored() {
        eprintln!("kiln: note: ignoring {flag}: {why}");
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
    let slots = output_paths(args)
        .iter()
        .map(|p| reserve(&mut outputs, p))
        .collect::<Result<Vec<_>, _>>()?;
    let report_slot = match &args.report {
        Some(p) => Some(reserve(&mut outputs, p)?),
        None => None,
    };
    let mut reports = Vec::new();
    let mut failed = 0;
    for (input, &slot) in args.inputs.iter().zip(&slots) {
        match compiler.compile_file(input) {
            Ok(compiled) if args.strict && !compiled.report.unresolved.is_empty() => {
                for u in &compiled.report.unresolved {
                    eprintln!("kiln: {}: {}", input.display(), unresolved_text(u));
                }
                outputs.discard(slot);
                failed += 1;
            }
            Ok(compiled) => {
                for u in &compiled.report.unresolved {
                    eprintln!("kiln: warning: {}: {}", input.display(), unresolved_text(u));
                }
                outputs
                    .write(slot, &compiled.image)
                    .map_err(|e| e.to_string())?;
                println!("{}: {}", input.display(), compiled.report.summary());
                if args.verbose {
                    print_skips(&compiled.report);
                }
                reports.push(compiled.report);
            }
            Err(e) => {
                eprintln!("kiln: {e}");
                outputs.discard(slot);
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
    Ok(failed)
}
