//! The program corpus: listing `tests/programs/*.cs` and `*.il`, building
//! each — C# with mcs against Mono's default reference profile, IL with
//! ilasm — cached by content hash under `target/kiln-tests`, and the
//! expected-output files `tests/programs/<name>.out` (rewritten from the JIT
//! run when `KILN_BLESS=1`).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use xtask::isa::RuntimeIsa;
use xtask::toolchain::Toolchain;

/// The mcs flags every C# program is built with.
pub const MCS_FLAGS: &[&str] = &[
    "-nologo",
    "-optimize+",
    "-debug-",
    "-target:exe",
    "-warn:0",
    "-unsafe",
];

/// The ilasm flags every IL program is built with.
pub const ILASM_FLAGS: &[&str] = &["/exe"];

/// The source language of a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// C# (`.cs`), built with mcs.
    CSharp,
    /// IL assembly (`.il`), built with ilasm — for IL that C# does not emit.
    Il,
}

impl Language {
    /// The source file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Language::CSharp => "cs",
            Language::Il => "il",
        }
    }

    /// The language of a source file extension.
    pub fn from_extension(ext: &str) -> Option<Language> {
        match ext {
            "cs" => Some(Language::CSharp),
            "il" => Some(Language::Il),
            _ => None,
        }
    }
}

/// Environment variable that makes the harness rewrite expected outputs.
pub const BLESS_ENV: &str = "KILN_BLESS";

/// One program of the corpus.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Program {
    /// File stem, e.g. `firstlight_arith`.
    pub name: String,
    /// The source file.
    pub source: PathBuf,
    /// Its language.
    pub language: Language,
}

impl Program {
    /// The program `tests/programs/<name>.cs`, or `<name>.il` if there is
    /// no C# file of that name.
    pub fn named(name: &str) -> Program {
        let cs = programs_dir().join(format!("{name}.cs"));
        let il = programs_dir().join(format!("{name}.il"));
        let (source, language) = if !cs.exists() && il.exists() {
            (il, Language::Il)
        } else {
            (cs, Language::CSharp)
        };
        Program {
            name: name.to_string(),
            source,
            language,
        }
    }

    /// Its expected-output file on a runtime using the instruction sets
    /// `isa`: `tests/programs/<name>.out`, or `<name>.avx512.out` /
    /// `<name>.noavx512.out` for a program whose output depends on the
    /// JIT's instruction sets (see [`xtask::isa::expected_output_path`]).
    pub fn expected_path(&self, isa: &RuntimeIsa) -> PathBuf {
        xtask::isa::expected_output_path(&self.source.with_extension("out"), isa)
    }

    /// The expected stdout on a runtime using the instruction sets `isa`.
    ///
    /// # Errors
    /// If the file cannot be read (a new program needs `KILN_BLESS=1` once).
    pub fn expected_output(&self, isa: &RuntimeIsa) -> Result<String, String> {
        let path = self.expected_path(isa);
        std::fs::read_to_string(&path).map_err(|e| {
            format!(
                "cannot read {}: {e} (run once with {BLESS_ENV}=1 to create it from the JIT run)",
                path.display()
            )
        })
    }

    /// The values of the program's `// <directive> <value>` lines (C# and
    /// ilasm both take `//` comments), in order.
    ///
    /// Directives the harness reads:
    /// * `// kiln-exclude-method: <pattern>` — compile with
    ///   `CompileOptions::exclude_methods` holding the pattern, leaving the
    ///   matching methods to the JIT (mixed call chains on purpose);
    /// * `// kiln-expect-compiled: <pattern>` — every method whose name
    ///   contains the pattern must be compiled by kiln, and at least one
    ///   must exist, so a test of a feature fails if kiln starts skipping it;
    /// * `// kiln-expect-inlined: <caller> <- <callee>` — every method whose
    ///   name contains `<caller>` (at least one) must be compiled with a
    ///   method whose name contains `<callee>` among those the report says
    ///   were inlined into it.
    pub fn directives(&self, directive: &str) -> Vec<String> {
        let text = std::fs::read_to_string(&self.source).unwrap_or_default();
        let prefix = format!("// {directive}:");
        text.lines()
            .filter_map(|l| l.trim().strip_prefix(prefix.as_str()))
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
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

/// Every `*.cs` and `*.il` in `tests/programs`, sorted by name (a name
/// present in both languages is listed twice, which the corpus test
/// rejects).
///
/// # Errors
/// If the directory cannot be read.
pub fn all_programs() -> std::io::Result<Vec<Program>> {
    let mut programs = Vec::new();
    for entry in std::fs::read_dir(programs_dir())? {
        let path = entry?.path();
        let language = path
            .extension()
            .and_then(|x| x.to_str())
            .and_then(Language::from_extension);
        let stem = path.file_stem().and_then(|s| s.to_str());
        if let (Some(language), Some(stem)) = (language, stem) {
            programs.push(Program {
                name: stem.to_string(),
                source: path.clone(),
                language,
            });
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

/// Builds `program` (mcs or ilasm) unless an identical build is cached;
/// returns the path of `<name>.exe`. The cache key covers the source, the
/// compiler's path and the flags. Safe to call from several threads and
/// processes at once.
///
/// # Errors
/// The compiler's output if the build fails, or the I/O error.
pub fn build(toolchain: &Toolchain, program: &Program) -> Result<PathBuf, String> {
    let source = std::fs::read(&program.source)
        .map_err(|e| format!("cannot read {}: {e}", program.source.display()))?;
    build_source(toolchain, &program.name, program.language, &source)
}

/// Builds `source` as `<name>.exe` (see [`build`]); for programs that live
/// inside a test rather than in `tests/programs`.
///
/// # Errors
/// As [`build`].
pub fn build_source(
    toolchain: &Toolchain,
    name: &str,
    language: Language,
    source: &[u8],
) -> Result<PathBuf, String> {
    let (compiler, flags) = match language {
        Language::CSharp => (&toolchain.mcs, MCS_FLAGS),
        Language::Il => (&toolchain.ilasm, ILASM_FLAGS),
    };
    let compiler_path = compiler.to_string_lossy();
    let flags_text = flags.join(" ");
    let key = fnv1a64(&[compiler_path.as_bytes(), flags_text.as_bytes(), source]);
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
    let tmp_source = tmp.join(format!("{name}.{}", language.extension()));
    std::fs::write(&tmp_source, source)
        .map_err(|e| format!("cannot write {}: {e}", tmp_source.display()))?;
    let tmp_exe = tmp.join(format!("{name}.exe"));
    let out_flag = match language {
        Language::CSharp => format!("-out:{}", tmp_exe.display()),
        Language::Il => format!("/output:{}", tmp_exe.display()),
    };
    let out = Command::new(compiler)
        .args(flags)
        .arg(out_flag)
        .arg(&tmp_source)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", compiler.display()))?;
    if !out.status.success() || !tmp_exe.is_file() {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(format!(
            "{} failed on {name}.{} ({}):\n{}{}",
            compiler.display(),
            language.extension(),
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
        for pair in programs.windows(2) {
            assert_ne!(pair[0].name, pair[1].name, "one name, two sources");
        }
        for p in &programs {
            assert_eq!(
                Program::named(&p.name),
                *p,
                "Program::named finds the source"
            );
        }
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
