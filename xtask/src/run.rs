//! `cargo xtask run <app.dll> [args…]` — runs a managed app on the
//! provisioned .NET 8 runtime with the JIT summary on, passes its output
//! through, reports which methods of the app's own assemblies the JIT
//! compiled (a method missing from that list ran from precompiled code) and
//! exits with the app's exit code.

use std::path::Path;
use std::process::ExitCode;

use xtask::{appinfo, dotnet, jitlog, Result};

/// Entry point of `cargo xtask run`.
pub fn main(args: &[String]) -> Result<ExitCode> {
    let Some((app, app_args)) = args.split_first() else {
        return Err("usage: cargo xtask run <app.dll> [args...]".into());
    };
    let app = Path::new(app);
    if !app.is_file() {
        return Err(format!("{} does not exist", app.display()).into());
    }
    let toolchain = crate::toolchain::load()?;
    // Read the app's types first so a non-CLI file fails before it runs.
    let app_types = appinfo::app_type_names(app)?;
    if dotnet::write_runtimeconfig(app, false)? {
        eprintln!(
            "xtask run: wrote {}",
            dotnet::runtimeconfig_path(app).display()
        );
    }
    let result = dotnet::run_app(&toolchain, app, app_args, &dotnet::RunOptions::default())?;
    let methods = jitlog::app_methods(&result.jitted, &app_types);
    // The report goes to stderr so the app's stdout stays its own.
    eprintln!("jit-compiled methods of the app: {}", methods.len());
    for m in &methods {
        eprintln!("  {}", m.name);
    }
    Ok(match (result.exit_code, result.signal) {
        (Some(code), _) => ExitCode::from(code as u8),
        (None, Some(signal)) => {
            eprintln!("xtask run: the app was killed by signal {signal}");
            // The shell's convention for a death by signal.
            ExitCode::from((128 + signal) as u8)
        }
        (None, None) => ExitCode::FAILURE,
    })
}
