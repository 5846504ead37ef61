//! # xtask — shared code of `cargo xtask` and the end-to-end harness
//!
//! The `cargo xtask` binary (`src/main.rs`) dispatches to one module per
//! subcommand. Code that more than one subcommand — or the `kiln-tests`
//! harness — needs lives here:
//!
//! * [`toolchain`] — the values `cargo xtask setup` provisioned (dotnet host,
//!   framework directory, mcs, ilasm), read back from the file setup writes.
//! * [`dotnet`] — run an app on that runtime with the JIT summary on.
//! * [`framework`] — recompile the shared framework into a runtime copy.
//! * [`jitlog`] — parse the JIT summary; pick out the app's methods.
//! * [`appinfo`] — which top-level types an assembly defines.
//! * [`isa`] — which instruction sets the runtime's JIT uses (a probe app).

pub mod appinfo;
pub mod dotnet;
pub mod framework;
pub mod isa;
pub mod jitlog;
pub mod toolchain;

/// The error type of xtask operations: a message for a human.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Result of an xtask operation.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The workspace root (the directory holding the root `Cargo.toml`).
pub fn workspace_root() -> std::path::PathBuf {
    // xtask/ sits directly under the root.
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}
