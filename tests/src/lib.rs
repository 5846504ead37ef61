//! # kiln-tests — end-to-end harness
//!
//! Builds the C# programs under `tests/programs` with mcs, runs them on the
//! real .NET 8 runtime (under the JIT and from kiln's ReadyToRun images) and
//! compares exit codes, output and the JIT log.
//!
//! ```text
//!  tests/programs/<name>.cs|.il ──mcs|ilasm──▶ target/kiln-tests/<name>-<hash>/<name>.exe
//!                                          │
//!              ┌───────────────────────────┴──────────────────────────┐
//!              ▼                                                      ▼
//!   dotnet <name>.exe (JIT)                         kiln compile ──▶ R2R image
//!   exit 100, stdout == <name>.out                  dotnet image: same stdout, exit 100,
//!                                                   no app method in the JIT log unless
//!                                                   kiln's report skipped it (with a reason)
//!   (both also under DOTNET_GCgen0size=0x10000)
//! ```
//!
//! * [`corpus`] — the program list, building with mcs or ilasm (cached by
//!   content hash), the expected-output files (bless with `KILN_BLESS=1`).
//! * [`check`] — the assertions: a run's exit code and output, and the
//!   JIT-log check for precompiled code.
//!
//! The tests themselves are in `tests/e2e.rs`. Every program is a
//! self-checking C# file whose `Main` returns 100 on success (the runtime's
//! own test convention). Programs named `firstlight_*` use only integer
//! arithmetic, loops, recursion, long math, static calls and
//! `Console.WriteLine(int/long)` — the first programs kiln fully precompiles;
//! `ladder_*` programs are the next rungs (static fields, int arrays, simple
//! objects, small structs) with the same integer-only output.

pub mod check;
pub mod corpus;

pub use xtask::dotnet::{RunOptions, RunResult};
pub use xtask::jitlog::JitEntry;
pub use xtask::toolchain::Toolchain;

/// The provisioned toolchain.
///
/// # Panics
/// If it is missing or stale — with the message to run `cargo xtask setup`.
/// End-to-end tests must fail, not pass silently, without their tools.
pub fn toolchain() -> Toolchain {
    match xtask::toolchain::load() {
        Ok(t) => t,
        Err(e) => panic!("the end-to-end tests need the provisioned toolchain: {e}"),
    }
}
