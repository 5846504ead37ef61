//! Running a managed app on the provisioned .NET 8 runtime with the JIT's
//! method summary switched on, and collecting what it compiled.
//!
//! Environment (CoreCLR 8 configuration knobs, `src/coreclr/inc/clrconfigvalues.h`
//! and `src/coreclr/jit/jitconfigvalues.h`, release/8.0):
//! `DOTNET_TieredCompilation=0` (every method JIT-compiled once, fully
//! optimized, and R2R code used as is, never re-JIT-compiled when hot),
//! `DOTNET_ReadyToRun=1` (the default, pinned), `DOTNET_JitDisasmSummary=1`
//! and `DOTNET_JitStdOutFile=<file>` (one line per JIT-compiled method, see
//! [`crate::jitlog`]).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use crate::jitlog::{self, JitEntry};
use crate::toolchain::Toolchain;

/// The runtimeconfig.json the host needs to run an app on .NET 8.
pub const RUNTIMECONFIG: &str = r#"{"runtimeOptions":{"tfm":"net8.0","framework":{"name":"Microsoft.NETCore.App","version":"8.0.0"}}}"#;

/// `<dir>/<stem>.runtimeconfig.json` for the app `<dir>/<stem>.<ext>`.
pub fn runtimeconfig_path(app: &Path) -> PathBuf {
    app.with_extension("runtimeconfig.json")
}

/// Writes the net8.0 runtimeconfig.json next to `app` if none is there (or
/// always, with `overwrite`). Returns whether it wrote one. The file appears
/// whole (written under a unique name, then renamed), so a host starting
/// concurrently never reads half of it.
///
/// # Errors
/// The I/O error, if any.
pub fn write_runtimeconfig(app: &Path, overwrite: bool) -> std::io::Result<bool> {
    let path = runtimeconfig_path(app);
    if !overwrite && path.exists() {
        return Ok(false);
    }
    write_atomically(&path, RUNTIMECONFIG.as_bytes())?;
    Ok(true)
}

/// Writes `bytes` to `path` through a temporary file in the same directory
/// (unique per process and call) and a rename.
///
/// # Errors
/// The I/O error, if any.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(
        ".tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// How to run an app.
#[derive(Clone, Debug, Default)]
pub struct RunOptions {
    /// Capture stdout and stderr (else they pass through to ours).
    pub capture: bool,
    /// Extra environment variables (e.g. `DOTNET_GCgen0size=0x10000`).
    pub env: Vec<(OsString, OsString)>,
    /// Kill the app after this long, if set.
    pub timeout: Option<std::time::Duration>,
}

/// What a run produced.
#[derive(Clone, Debug)]
pub struct RunResult {
    /// The exit code (`None` if killed by a signal or the timeout).
    pub exit_code: Option<i32>,
    /// The signal that killed the app, if one did (e.g. 6 for an abort).
    pub signal: Option<i32>,
    /// Whether the timeout killed the app.
    pub timed_out: bool,
    /// Captured stdout (empty unless [`RunOptions::capture`]).
    pub stdout: String,
    /// Captured stderr (empty unless [`RunOptions::capture`]).
    pub stderr: String,
    /// The methods the JIT compiled, in order.
    pub jitted: Vec<JitEntry>,
}

/// A per-run file for the JIT summary.
fn jit_log_path() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("kiln-jit-{}-{n}.txt", std::process::id()))
}

/// Runs `app` with `args` on `toolchain`'s runtime under the JIT summary
/// environment. Writes a runtimeconfig.json next to the app if missing.
///
/// # Errors
/// If the host cannot be started or waited for, or the log cannot be read.
pub fn run_app(
    toolchain: &Toolchain,
    app: &Path,
    args: &[String],
    options: &RunOptions,
) -> std::io::Result<RunResult> {
    write_runtimeconfig(app, false)?;
    let log = jit_log_path();
    let _ = std::fs::remove_file(&log);
    let mut cmd = Command::new(&toolchain.dotnet);
    cmd.arg(app)
        .args(args)
        .env("DOTNET_ROOT", toolchain.dotnet_root())
        // Precompiled code must be used when present (the default, made
        // explicit so a stray environment setting cannot hide it).
        .env("DOTNET_ReadyToRun", "1")
        .env("DOTNET_TieredCompilation", "0")
        .env("DOTNET_JitDisasmSummary", "1")
        .env("DOTNET_JitStdOutFile", &log)
        .env("DOTNET_CLI_TELEMETRY_OPTOUT", "1")
        .envs(options.env.iter().map(|(k, v)| (k, v)));
    if options.capture {
        cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    }
    cmd.stdin(Stdio::null());
    let mut child = cmd.spawn().map_err(|e| {
        std::io::Error::new(
            e.kind(),
            format!("cannot start {}: {e}", toolchain.dotnet.display()),
        )
    })?;
    // Read pipes on threads so a chatty app cannot block on a full pipe.
    let read = |pipe: Option<Box<dyn std::io::Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut text);
            }
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let out = read(child.stdout.take().map(|p| Box::new(p) as _));
    let err = read(child.stderr.take().map(|p| Box::new(p) as _));
    let mut timed_out = false;
    let status = match options.timeout {
        None => child.wait()?,
        Some(limit) => {
            let start = std::time::Instant::now();
            loop {
                if let Some(status) = child.try_wait()? {
                    break status;
                }
                if start.elapsed() > limit {
                    timed_out = true;
                    let _ = child.kill();
                    break child.wait()?;
                }
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
        }
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let text = match std::fs::read_to_string(&log) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let _ = std::fs::remove_file(&log);
    Ok(RunResult {
        exit_code: if timed_out { None } else { status.code() },
        signal: if timed_out {
            None
        } else {
            std::os::unix::process::ExitStatusExt::signal(&status)
        },
        timed_out,
        stdout,
        stderr,
        jitted: jitlog::parse(&text),
    })
}
