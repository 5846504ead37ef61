//! `cargo xtask` — project automation: provisioning, running apps on the
//! real runtime, checks over real assemblies and the full test suite.
//!
//! This file only dispatches: each subcommand is a module with
//! `pub fn main(args: &[String]) -> xtask::Result<ExitCode>` and one arm in
//! [`dispatch`] plus one line in [`USAGE`]. Code shared between subcommands
//! (and with the `kiln-tests` harness) lives in the `xtask` library, e.g.
//! [`toolchain::load`].

use std::process::ExitCode;

mod bench;
mod bench_code;
mod bench_jit;
mod bench_kiln;
mod bench_mono;
mod bench_proc;
mod bench_rebuild;
mod bench_startup;
mod compile;
mod framework_cmd;
mod metadata_check;
mod r2r_check;
mod run;
mod setup;
mod test;

// Shared code, reachable from every subcommand module as `crate::toolchain`.
use xtask::toolchain;

const USAGE: &str = "\
usage: cargo xtask <command> [args...]

commands:
  setup                     provision mcs, ilasm and the .NET 8 runtime (idempotent)
  run <app.dll> [args...]   run an app on .NET 8; report which of its methods were JIT-compiled
  compile [<input>...] [-o <dir>] [--run]  compile with kiln; no input: build, compile and run the demo
  framework [-o <dir>] [--exclude|--only <file.dll>]...  recompile the shared framework into a
                            runtime copy (default target/kiln-runtime); coverage vs crossgen2
  test [cargo test args...] the whole suite: setup if needed, then cargo test --workspace
  metadata-check [-v] <path>...  read every assembly under the paths whole; resolve every reference
  r2r-check [-v] <path>...  decode R2R images and round-trip every structure through kiln's writers
  bench [--full] [--runs N] [--input <dll>]... [--no-jit|--no-mono|--no-rebuild|--no-startup|--no-code|--code-only]
                            compile speed and memory vs RyuJIT and mono --aot, rebuild, startup
";

/// Runs the subcommand `command` with its arguments; `None` if unknown.
fn dispatch(command: &str, args: &[String]) -> Option<xtask::Result<ExitCode>> {
    Some(match command {
        // One arm per subcommand module.
        "setup" => setup::main(args),
        "run" => run::main(args),
        "compile" => compile::main(args),
        "metadata-check" => metadata_check::main(args),
        "test" => test::main(args),
        "framework" => framework_cmd::main(args),
        "r2r-check" => r2r_check::main(args),
        "bench" => bench::main(args),
        // Internal: the incremental-rebuild worker `bench` starts (release build).
        "bench-rebuild" => bench_rebuild::worker(args),
        _ => return None,
    })
}

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, args)) = argv.split_first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    if matches!(command.as_str(), "help" | "-h" | "--help") {
        print!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match dispatch(command, args) {
        Some(Ok(code)) => code,
        Some(Err(e)) => {
            eprintln!("xtask {command}: error: {e}");
            ExitCode::FAILURE
        }
        None => {
            eprintln!("xtask: unknown command `{command}`\n");
            eprint!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
