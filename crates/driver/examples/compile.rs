//! Compile one assembly through the library API and print what kiln did.
//!
//! ```text
//! cargo run -p kiln-driver --example compile -- <input.dll> <framework dir> <output.dll>
//! ```
//!
//! Builds a [`kiln_driver::Compiler`] with the references, compiles the
//! input, writes the image through [`kiln_driver::output::OutputSet`] (which
//! refuses to write over the input or a reference and never leaves a partial
//! file), then prints the report's summary and the five most frequent skip
//! causes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kiln_driver::output::OutputSet;
use kiln_driver::{Compiler, DriverError, Outcome};

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [input, framework, output] = args.as_slice() else {
        eprintln!("usage: compile <input.dll> <framework dir> <output.dll>");
        return ExitCode::from(2);
    };
    match run(input, framework, output) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("compile: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &Path, framework: &Path, output: &Path) -> Result<(), DriverError> {
    let mut compiler = Compiler::builder().reference(framework).build()?;
    let compiled = compiler.compile_file(input)?;

    let mut outputs = OutputSet::new(&[input.to_path_buf(), framework.to_path_buf()]);
    let slot = outputs.reserve(output)?;
    outputs.write(slot, &compiled.image)?;
    outputs.commit()?;

    let report = &compiled.report;
    println!("{}: {}", report.assembly, report.summary());
    let mut causes: BTreeMap<String, usize> = BTreeMap::new();
    for m in report.methods.iter().filter(|m| m.has_il) {
        if let Outcome::Skipped { cause, .. } = &m.outcome {
            *causes.entry(format!("{cause:?}")).or_default() += 1;
        }
    }
    let mut causes: Vec<_> = causes.into_iter().collect();
    causes.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    for (cause, n) in causes.iter().take(5) {
        println!("  {n:6} skipped: {cause}");
    }
    println!("wrote {}", output.display());
    Ok(())
}
