//! The `kiln` command-line tool: a thin wrapper over [`kiln_driver`].
//!
//! ```text
//! kiln compile <input.dll>… -r <file-or-dir>… -o <output> [--report <file.json>]
//!              [--exclude-method <pattern>]… [--targetos linux] [--targetarch x64]
//! ```
//!
//! Flags follow crossgen2's (`-r`/`--reference`, `-o`/`--out`,
//! `--targetos`, `--targetarch`). With one input, `-o` names the output
//! file; with several, an output directory. Prints `compiled N of M
//! methods` per input. Outputs never overwrite an input and appear only
//! complete (see [`kiln_driver::output`]); with several inputs every good
//! one is compiled, every bad one reported, and the exit code is 1 if any
//! failed.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kiln_driver::output::OutputSet;
use kiln_driver::{CompileOptions, Compiler};

const USAGE: &str = "\
usage: kiln compile <input.dll>... -r <file-or-dir>... -o <output> [--report <file.json>]
                    [--exclude-method <pattern>]... [--strict] [--targetos linux] [--targetarch x64]
       kiln dump <image> [--method <name-substring>] [--section <name>]
       kiln --version

  -r, --reference <path>   reference assembly, directory of *.dll, or dir/*.dll (repeatable)
  -o, --out <path>         output file (one input) or directory (several inputs)
      --report <file>      write a JSON report: one entry per method, compiled or skipped
  -v, --verbose            list why methods were skipped, most frequent reasons first
      --strict             an input referencing an assembly no -r provides is an error
      --parallelism <n>    worker threads (default: one per core, at most 8)
      --exclude-method <p> leave methods whose name (Type:Method(params), as in the
                           report) contains <p> to the JIT (repeatable)
      --targetos <os>      only `linux`
      --targetarch <arch>  only `x64`";

struct Args {
    inputs: Vec<PathBuf>,
    references: Vec<PathBuf>,
    out: PathBuf,
    report: Option<PathBuf>,
    verbose: bool,
    strict: bool,
    parallelism: usize,
    exclude_methods: Vec<String>,
}

fn parse_compile(args: &[String]) -> Result<Args, String> {
    let mut inputs = Vec::new();
    let mut references = Vec::new();
    let mut out = None;
    let mut report = None;
    let mut verbose = false;
    let mut strict = false;
    let mut parallelism = 0;
    let mut exclude_methods = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |flag: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        // `--flag:value` and `--flag=value` as crossgen2 accepts.
        let (flag, inline) = match a.split_once([':', '=']) {
            Some((f, v)) if a.starts_with('-') => (f, Some(v.to_owned())),
            _ => (a.as_str(), None),
        };
        let mut take = |flag: &str| match &inline {
            Some(v) => Ok(v.clone()),
            None => value(flag),
        };
        match flag {
            "-r" | "--reference" => references.push(PathBuf::from(take(flag)?)),
            "-o" | "--out" => out = Some(PathBuf::from(take(flag)?)),
            "--report" => report = Some(PathBuf::from(take(flag)?)),
            "-v" | "--verbose" => verbose = true,
            "--exclude-method" => {
                // `--exclude-method=T:M(int)` splits at the first `=` or `:`
                // only, so a method name's own `:` stays in the value.
                let v = take(flag)?;
                if v.is_empty() {
                    return Err("--exclude-method needs a non-empty pattern".into());
                }
                exclude_methods.push(v);
            }
            "--strict" => strict = true,
            "--parallelism" => {
                let v = take(flag)?;
                parallelism = v
                    .parse()
                    .map_err(|_| format!("--parallelism needs a number, not {v}"))?;
            }
            "--targetos" => {
                let v = take(flag)?;
                if !v.eq_ignore_ascii_case("linux") {
                    return Err(format!("unsupported --targetos {v} (only linux)"));
                }
            }
            "--targetarch" => {
                let v = take(flag)?;
                if !v.eq_ignore_ascii_case("x64") {
                    return Err(format!("unsupported --targetarch {v} (only x64)"));
                }
            }
            f if f.starts_with('-') && f.len() > 1 => return Err(format!("unknown option {a}")),
            _ => inputs.push(PathBuf::from(a)),
        }
    }
    if inputs.is_empty() {
        return Err("no input assembly".into());
    }
    let out = out.ok_or("missing -o <output>")?;
    Ok(Args {
        inputs,
        references,
        out,
        report,
        verbose,
        strict,
        parallelism,
        exclude_methods,
    })
}

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
fn output_paths(args: &Args) -> Vec<PathBuf> {
    if args.inputs.len() == 1 {
        return vec![args.out.clone()];
    }
    args.inputs
        .iter()
        .map(|i| args.out.join(i.file_name().unwrap_or_default()))
        .collect()
}

/// Compiles every input; a bad input is reported and the others are still
/// compiled. Outputs are reserved (checked against the inputs and each
/// other, temporaries created) before anything is compiled and renamed into
/// place together at the end. Returns the number of inputs that failed.
fn compile(args: &[String]) -> Result<usize, String> {
    let args = parse_compile(args)?;
    let options = CompileOptions {
        parallelism: args.parallelism,
        exclude_methods: args.exclude_methods.clone(),
        ..CompileOptions::default()
    };
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
    let slots = output_paths(&args)
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("compile") => match compile(&args[1..]) {
            Ok(0) => ExitCode::SUCCESS,
            Ok(n) => {
                eprintln!("kiln: {n} input(s) failed");
                ExitCode::FAILURE
            }
            Err(e) => {
                eprintln!("kiln: {e}");
                ExitCode::FAILURE
            }
        },
        Some("dump") => match kiln_driver::dump::run(&args[1..]) {
            Ok(text) => {
                // A closed pipe (`kiln dump … | head`) is not an error.
                let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("kiln dump: {e}");
                ExitCode::FAILURE
            }
        },
        Some("--version" | "-V") => {
            println!("kiln {}", env!("CARGO_PKG_VERSION"));
            ExitCode::SUCCESS
        }
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
