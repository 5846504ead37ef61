//! `cargo xtask framework [-o <dir>] [--exclude <file.dll>]... [--only <file.dll>]...`
//! — recompiles the shared framework with kiln into a copy of the
//! provisioned runtime (default `target/kiln-runtime`) and prints kiln's
//! coverage beside crossgen2's (see [`xtask::framework`]). Run an app on
//! the copy with `DOTNET_ROOT=<dir> <dir>/dotnet app.dll`.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::framework::{self, FrameworkOptions};
use xtask::{workspace_root, Result};

const USAGE: &str =
    "usage: cargo xtask framework [-o <dir>] [--exclude <file.dll>]... [--only <file.dll>]...";

/// Entry point of `cargo xtask framework`.
pub fn main(args: &[String]) -> Result<ExitCode> {
    let mut out = workspace_root().join("target").join("kiln-runtime");
    let mut options = FrameworkOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or(format!("{a} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "-o" | "--out" => out = PathBuf::from(value()?),
            "--exclude" => options.exclude.push(value()?),
            "--only" => options.only.push(value()?),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(ExitCode::SUCCESS);
            }
            other => return Err(format!("unknown argument {other}\n{USAGE}").into()),
        }
    }
    let toolchain = crate::toolchain::load()?;
    let copy = framework::build(&toolchain, &out, &options)?;
    print!("{}", framework::coverage_table(&copy.assemblies));
    println!(
        "runtime copy: {} (run an app with DOTNET_ROOT={} {})",
        out.display(),
        out.display(),
        copy.toolchain.dotnet.display()
    );
    println!("reports: {}", out.join("kiln-reports").display());
    Ok(ExitCode::SUCCESS)
}
