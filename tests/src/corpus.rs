//! The program corpus: listing `tests/programs/*.cs`, building each with
//! mcs against Mono's default reference profile (cached by content hash
//! under `target/kiln-tests`), and the expected-output files
//! `tests/programs/<name>.out` (rewritten from the JIT run when
//! `KILN_BLESS=1`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use xtask::toolchain::Toolchain;

/// The mcs flags every program is built with.
pub const MCS_FLAGS: &[&str] = &["-nologo", "-optimize+", "-debug-", "-target:exe", "-warn:0"];

/// Environment variable that makes the harness rewrite expected outputs.
pub const BLESS_ENV: &str = "KILN_BLESS";

/// One program of the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// File stem, e.g. `firstlight_arith`.
    pub name: String,
    /// The C# source.
    pub source: PathBuf,
}

impl Program {
    /// The program `tests/programs/<name>.cs`.
    pub fn named(name: &str) -> Program {
        Program {
            name: name.to_string(),
            source: programs_dir().join(format!("{name}.cs")),
        }
    }

    /// Its expected-output file `tests/programs/<name>.out`.
    pub fn expected_path(&self) -> PathBuf {
        self.source.with_extension("out")
    }

    /// The expected stdout.
    ///
    /// # Errors
    /// If the file cannot be read (a new program needs `KILN_BLESS=1` once).
    pub fn expected_output(&self) -> Result<String, String> {
        std::fs::read_to_string(self.expected_path()).map_err(|e| {
            format!(
                "cannot read {}: {e} (run once with {BLESS_ENV}=1 to create it from the JIT run)",
                self.expected_path().display()
            )
        })
    }

    /// Whether this is a first-light program.
    pub fn is_first_light(&self) -> bool {
        self.name.starts_with("firstlight_")
    }
}

/// `tests/programs`.
pub fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("programs")
}

/// Every `*.cs` in `tests/programs`, sorted by name.
///
/// # Errors
/// If the directory cannot be read.
pub fn all_programs() -> std::io::Result<Vec<Program>> {
    let mut programs = Vec::new();
    for entry in std::fs::read_dir(programs_dir())? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "cs") {
            if let Some(stem) = path.file_stem().and_then(|s| s.to_str()) {
                programs.push(Program::named(stem));
            }
        }
    }
    programs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(programs)
}

/// Whether `KILN_BLESS` asks for expected outputs to be rewritten.
pub fn blessing() -> bool {
    std::env::var_os(BLESS_ENV).is_some_and(|v| !v.is_empty() && v != "0")
}

/// FNV-1a, 64-bit: the cache key of a build (not security relevant).
pub fn fnv1a64(chunks: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for chunk in chunks {
        for &b in *chunk {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        // Separate chunks so ("ab","c") and ("a","bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// Where built programs are cached.
pub fn build_cache_dir() -> PathBuf {
    xtask::workspace_root().join("target").join("kiln-tests")
}

/// Builds `program` with mcs unless an identical build is cached; returns
/// the path of `<name>.exe`. The cache key covers the source, the mcs path
/// and the flags. Safe to call from several threads and processes at once.
///
/// # Errors
/// The compiler's output if the build fails, or the I/O error.
pub fn build(toolchain: &Toolchain, program: &Program) -> Result<PathBuf, String> {
    let source = std::fs::read(&program.source)
        .map_err(|e| format!("cannot read {}: {e}", program.source.display()))?;
    build_source(toolchain, &program.name, &source)
}

/// Builds C# `source` as `<name>.exe` (see [`build`]); for programs that
/// live inside a test rather than in `tests/programs`.
///
/// # Errors
/// As [`build`].
pub fn build_source(toolchain: &Toolchain, name: &str, source: &[u8]) -> Result<PathBuf, String> {
    let mcs = toolchain.mcs.to_string_lossy();
    let flags = MCS_FLAGS.join(" ");
    let key = fnv1a64(&[mcs.as_bytes(), flags.as_bytes(), source]);
    let dir = build_cache_dir().join(format!("{name}-{key:016x}"));
    let exe = dir.join(format!("{name}.exe"));
    if exe.is_file() {
        return Ok(exe);
    }
    // Build in a private directory, then publish it with one rename.
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let tmp = build_cache_dir().join(format!(
        "{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    let tmp_source = tmp.join(format!("{name}.cs"));
    std::fs::write(&tmp_source, source)
        .map_err(|e| format!("cannot write {}: {e}", tmp_source.display()))?;
    let tmp_exe = tmp.join(format!("{name}.exe"));
    let out = Command::new(&toolchain.mcs)
        .args(MCS_FLAGS)
        .arg(format!("-out:{}", tmp_exe.display()))
        .arg(&tmp_source)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", toolchain.mcs.display()))?;
    if !out.status.success() || !tmp_exe.is_file() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(format!(
            "mcs failed on {name}.cs ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    xtask::dotnet::write_runtimeconfig(&tmp_exe, true)
        .map_err(|e| format!("cannot write runtimeconfig: {e}"))?;
    if std::fs::rename(&tmp, &dir).is_err() {
        // Another build of the same key won the race; use it.
        let _ = std::fs::remove_dir_all(&tmp);
        if !exe.is_file() {
            return Err(format!("could not publish the build to {}", dir.display()));
        }
    }
    Ok(exe)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_separates_chunks() {
        assert_eq!(fnv1a64(&[b"abc"]), fnv1a64(&[b"abc"]));
        assert_ne!(fnv1a64(&[b"ab", b"c"]), fnv1a64(&[b"a", b"bc"]));
        assert_ne!(fnv1a64(&[b"abc"]), fnv1a64(&[b"abd"]));
    }

    #[test]
    fn corpus_is_large_enough_and_named_sanely() {
        let programs = all_programs().unwrap();
        assert!(programs.len() >= 25, "only {} programs", programs.len());
        assert!(programs.iter().filter(|p| p.is_first_light()).count() >= 3);
        for p in &programs {
            assert!(
                p.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "program names are snake_case identifiers (they become test names): {}",
                p.name
            );
        }
    }
}
