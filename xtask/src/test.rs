//! `cargo xtask test [cargo test args…]` — the whole suite: provisions the
//! toolchain if it is missing or stale (`cargo xtask setup`), then runs
//! `cargo test --workspace` (unit tests, round-trip tests and the
//! end-to-end harness in `tests/`). Extra arguments go to `cargo test`.

use std::process::{Command, ExitCode};

use xtask::Result;

/// Entry point of `cargo xtask test`.
pub fn main(args: &[String]) -> Result<ExitCode> {
    if let Err(why) = crate::toolchain::load() {
        eprintln!("xtask test: {why}; running setup first");
        let code = crate::setup::main(&[])?;
        if code != ExitCode::SUCCESS {
            return Ok(code);
        }
        // Setup must have left a loadable toolchain behind.
        crate::toolchain::load()?;
    }
    // `cargo xtask` runs under cargo, which tells us which cargo it is.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(xtask::workspace_root())
        .args(["test", "--workspace"])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        eprintln!("xtask test: cargo test --workspace failed ({status})");
        ExitCode::FAILURE
    })
}
