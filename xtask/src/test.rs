//! `cargo xtask test [cargo test args…]` — the whole suite: provisions the
//! toolchain if it is missing or stale (`cargo xtask setup`), then runs
//! `cargo test --workspace` (unit tests, round-trip tests and the
//! end-to-end harness in `tests/`). Extra arguments go to `cargo test`.
//! Then the outside consumer `tests/external` (a crate with its own
//! workspace using kiln through its public API) and kiln-driver's
//! `compile` example.
//!
//! Then it runs the runtime tests again as on a CPU without AVX-512
//! ([`NO_AVX512`]: the JIT and the runtime's instruction-set fixups both
//! behave as if AVX-512F were absent): the end-to-end programs (not the
//! GC-stress pass) and the driver's float test. The .NET 8 JIT's answers for
//! `uint64` → float depend on AVX-512, so one pass on one machine cannot
//! show that kiln's code and the expected outputs hold on both kinds of
//! CPU; together the two passes do, on any x64 machine.

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
    let status = Command::new(&cargo)
        .current_dir(xtask::workspace_root())
        .args(["test", "--workspace"])
        .args(args)
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    if !status.success() {
        eprintln!("xtask test: cargo test --workspace failed ({status})");
        return Ok(ExitCode::FAILURE);
    }
    if let Err(why) = outside_consumers(&cargo) {
        eprintln!("xtask test: {why}");
        return Ok(ExitCode::FAILURE);
    }
    eprintln!(
        "xtask test: runtime tests again with {}={}",
        NO_AVX512.0, NO_AVX512.1
    );
    let status = Command::new(&cargo)
        .current_dir(xtask::workspace_root())
        .env(NO_AVX512.0, NO_AVX512.1)
        .args(SECOND_PASS)
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "xtask test: the runtime tests failed with {}={} ({status})",
            NO_AVX512.0, NO_AVX512.1
        );
        ExitCode::FAILURE
    })
}

/// kiln used as a library from outside the workspace (issue 19): the
/// `tests/external` crate's tests (its own workspace, sharing our target
/// directory so the kiln crates are built once), then the `compile`
/// example of kiln-driver on a test program, writing next to it.
fn outside_consumers(cargo: &std::ffi::OsStr) -> Result<(), String> {
    let root = xtask::workspace_root();
    let target = root.join("target");
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["test", "--manifest-path", "tests/external/Cargo.toml"])
        .arg("--target-dir")
        .arg(&target)
        .status()
        .map_err(|e| format!("cannot run cargo test: {e}"))?;
    if !status.success() {
        return Err(format!("the tests/external crate failed ({status})"));
    }
    let tc = crate::toolchain::load().map_err(|e| e.to_string())?;
    let dir = target.join("examples-run");
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let program = dir.join("firstlight_calls.exe");
    tc.compile_cs(&root.join("tests/programs/firstlight_calls.cs"), &program)?;
    let image = dir.join("firstlight_calls.r2r.exe");
    let _ = std::fs::remove_file(&image);
    let status = Command::new(cargo)
        .current_dir(&root)
        .args([
            "run",
            "-q",
            "-p",
            "kiln-driver",
            "--example",
            "compile",
            "--",
        ])
        .arg(&program)
        .arg(&tc.framework)
        .arg(&image)
        .status()
        .map_err(|e| format!("cannot run cargo run: {e}"))?;
    if !status.success() || !image.is_file() {
        return Err(format!("kiln-driver's compile example failed ({status})"));
    }
    Ok(())
}

/// The runtime setting of the second pass: no AVX-512 (`EEJitManager`'s
/// CPU flags, dotnet/runtime `src/coreclr/vm/codeman.cpp`).
const NO_AVX512: (&str, &str) = ("DOTNET_EnableAVX512F", "0");

/// The second pass: every end-to-end program and the driver's float test.
const SECOND_PASS: &[&str] = &[
    "test",
    "-p",
    "kiln-tests",
    "-p",
    "kiln-driver",
    "--test",
    "e2e",
    "--test",
    "floats",
    "--",
    "--skip",
    "gc_stress",
];
