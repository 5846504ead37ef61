//! The `cargo xtask` binary end to end: `setup` prints the four key=value
//! lines last (into a scratch cache, reusing the provisioned runtime), and
//! `run` reports an app's JIT-compiled methods and returns its exit code.
//! Needs the provisioned toolchain (`cargo xtask setup`).

use std::path::PathBuf;
use std::process::Command;

fn xtask() -> Command {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-xtask-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn setup_prints_the_four_lines_last_and_writes_them() {
    let toolchain = xtask::toolchain::load().unwrap_or_else(|e| panic!("{e}"));
    let cache = scratch("setup");
    let out = xtask()
        .arg("setup")
        .env(xtask::toolchain::CACHE_ENV, &cache)
        // Reuse the provisioned runtime instead of downloading another.
        .env("DOTNET_ROOT", toolchain.dotnet_root())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = stdout.lines().collect();
    let last4 = &lines[lines.len().saturating_sub(4)..];
    let keys: Vec<&str> = last4.iter().map(|l| l.split('=').next().unwrap()).collect();
    assert_eq!(keys, xtask::toolchain::KEYS);
    let file = cache.join(xtask::toolchain::ENV_FILE_NAME);
    let written = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        written,
        last4.iter().map(|l| format!("{l}\n")).collect::<String>()
    );
    let reread = xtask::toolchain::load_from(&file).unwrap();
    assert_eq!(reread.dotnet, toolchain.dotnet);
    assert_eq!(reread.framework, toolchain.framework);
    std::fs::remove_dir_all(&cache).unwrap();
}

#[test]
fn run_reports_the_apps_jit_compiled_methods_and_its_exit_code() {
    let toolchain = xtask::toolchain::load().unwrap_or_else(|e| panic!("{e}"));
    let dir = scratch("run");
    let source = dir.join("work.cs");
    std::fs::write(
        &source,
        r#"
using System.Runtime.CompilerServices;
static class H {
    [MethodImpl(MethodImplOptions.NoInlining)]
    static int Work(int n) { int s = 0; for (int i = 0; i < n; i++) s += i; return s; }
    static int Main(string[] args) { System.Console.WriteLine(Work(args.Length + 10)); return 42; }
}
"#,
    )
    .unwrap();
    let exe = dir.join("work.exe");
    let built = Command::new(&toolchain.mcs)
        .arg(format!("-out:{}", exe.display()))
        .arg(&source)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stdout)
    );
    let out = xtask()
        .args(["run"])
        .arg(&exe)
        .args(["a", "b"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(42), "{stdout}\n{stderr}");
    assert_eq!(stdout, "66\n", "the app's stdout passes through unchanged");
    assert!(
        stderr.contains("jit-compiled methods of the app: 2"),
        "{stderr}"
    );
    assert!(stderr.contains("  H:Work(int)\n"), "{stderr}");
    assert!(stderr.contains("  H:Main(System.String[])\n"), "{stderr}");
    assert!(
        dir.join("work.runtimeconfig.json").is_file(),
        "runtimeconfig written next to the app"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn unknown_commands_and_missing_apps_fail() {
    let out = xtask().arg("no-such-command").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown command"));
    let out = xtask()
        .args(["run", "/nonexistent/app.dll"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("does not exist"));
}
