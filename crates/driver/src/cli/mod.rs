//! The `kiln` command line (issue 17): arguments in, exit code out.
//!
//! ```text
//!  argv ─► @file.rsp expanded ─► crossgen2 `--flag:value` ─► clap ─► compile | dump | completions
//!          (crossgen2.rs)         spelling (crossgen2.rs)   (args.rs)  (compile.rs, kiln_driver::dump)
//! ```
//!
//! * [`args`] — the options as clap derive structs (`--help` text).
//! * [`crossgen2`] — response files and the `:` value spelling.
//! * [`target`] — `--targetos`/`--targetarch`/`--target` as a triple.
//! * [`compile`] — `kiln compile`.
//! * [`mapfiles`] — `--map`, `--mapcsv`, `--perfmap`.
//! * [`progress`], [`summary`] — what it says while and after it works.
//!
//! A crossgen2 command line works without the `compile` word: when the
//! first argument is a response file, an option, or a `.dll`/`.exe`, the
//! arguments are those of `kiln compile` (`kiln @app.rsp` as the SDK runs
//! `crossgen2 @app.rsp`).
//!
//! Exit codes: 0 success, 1 an input or output failed, 2 bad usage.

pub mod args;
pub mod compile;
pub mod crossgen2;
pub mod mapfiles;
pub mod progress;
pub mod summary;
pub mod target;

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

use args::{Cli, Command};

/// Exit code of an input or output failure.
const FAILED: u8 = 1;

/// The subcommand names and the top-level options that are not compile
/// arguments.
fn is_top_level(arg: &str) -> bool {
    matches!(
        arg,
        "compile" | "dump" | "completions" | "help" | "-h" | "--help" | "-V" | "--version"
    )
}

/// Whether the arguments read as a crossgen2 command line (no subcommand):
/// a response file, an option or an assembly first.
fn is_crossgen2_style(first: &str) -> bool {
    let lower = first.to_ascii_lowercase();
    !is_top_level(first)
        && (first.starts_with('@')
            || first.starts_with('-')
            || lower.ends_with(".dll")
            || lower.ends_with(".exe"))
}

/// The arguments clap parses: response files expanded, `compile` inserted
/// for a crossgen2 command line, `--flag:value` rewritten.
///
/// # Errors
/// A response file that cannot be read.
pub fn prepare(args: Vec<String>) -> Result<Vec<String>, String> {
    let crossgen2_style = args.first().is_some_and(|a| is_crossgen2_style(a));
    let mut args = crossgen2::expand_response_files(args)?;
    if crossgen2_style {
        args.insert(0, "compile".into());
    }
    let root = Cli::command();
    let Some(sub) = args.first().and_then(|a| root.find_subcommand(a)) else {
        return Ok(args);
    };
    let rest = args.split_off(1);
    args.extend(crossgen2::normalize_values(sub, rest));
    Ok(args)
}

/// Runs `kiln` with `args` (without the program name).
pub fn main(args: Vec<String>) -> ExitCode {
    let args = match prepare(args) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("kiln: {e}");
            return ExitCode::from(FAILED);
        }
    };
    let mut command = Cli::command();
    let cli = command
        .try_get_matches_from_mut(std::iter::once("kiln".to_string()).chain(args))
        .and_then(|m| Cli::from_arg_matches(&m));
    let cli = match cli {
        Ok(c) => c,
        // --help and --version are "errors" that print to stdout and exit 0.
        Err(e) => return exit(e),
    };
    match cli.command {
        Command::Compile(args) => {
            let options = match compile::options(&args) {
                Ok(o) => o,
                Err(e) => {
                    let sub = command.find_subcommand_mut("compile").expect("compile");
                    return exit(sub.error(clap::error::ErrorKind::ValueValidation, e));
                }
            };
            match compile::run(&args, options) {
                Ok(0) => ExitCode::SUCCESS,
                Ok(n) => {
                    eprintln!("kiln: {n} input(s) failed");
                    ExitCode::from(FAILED)
                }
                Err(e) => {
                    eprintln!("kiln: {e}");
                    ExitCode::from(FAILED)
                }
            }
        }
        Command::Dump(d) => {
            match kiln_driver::dump::run(&d.image, d.method.as_deref(), d.section.as_deref()) {
                Ok(text) => {
                    // A closed pipe (`kiln dump … | head`) is not an error.
                    let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("kiln dump: {e}");
                    ExitCode::from(FAILED)
                }
            }
        }
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut command, "kiln", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

/// Prints a clap error (or help/version text) and returns its exit code.
fn exit(e: clap::Error) -> ExitCode {
    let _ = e.print();
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_crossgen2_command_line_is_a_compile() {
        let got = prepare(strings(&["-r:fw", "a.dll", "--out:b.dll"])).unwrap();
        assert_eq!(got, ["compile", "--reference=fw", "a.dll", "--out=b.dll"]);
        let got = prepare(strings(&["A.DLL", "-o", "b.dll"])).unwrap();
        assert_eq!(got, ["compile", "A.DLL", "-o", "b.dll"]);
        for top in [&["--help"][..], &["dump", "x.dll"], &["frobnicate"], &[]] {
            assert_eq!(prepare(strings(top)).unwrap(), top, "{top:?}");
        }
    }

    #[test]
    fn a_response_file_means_its_lines() {
        let dir = std::env::temp_dir().join(format!("kiln-rsp-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let rsp = dir.join("a.rsp");
        std::fs::write(
            &rsp,
            "--targetos:linux\n-r:\"/fw/x.dll\"\n--out:\"o.dll\"\na.dll\n",
        )
        .unwrap();
        let at = format!("@{}", rsp.display());
        let expected = [
            "compile",
            "--targetos=linux",
            "--reference=/fw/x.dll",
            "--out=o.dll",
            "a.dll",
        ];
        assert_eq!(prepare(vec![at.clone()]).unwrap(), expected);
        assert_eq!(prepare(strings(&["compile", &at])).unwrap(), expected);
        let missing = format!("@{}", dir.join("missing.rsp").display());
        let err = prepare(vec![missing]).unwrap_err();
        assert!(err.contains("missing.rsp"), "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
