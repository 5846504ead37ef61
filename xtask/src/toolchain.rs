//! The provisioned toolchain: where the .NET 8 host and framework, `mcs` and
//! `ilasm` are.
//!
//! `cargo xtask setup` provisions them into a cache directory (default
//! `<workspace>/target/toolchain`, overridable with the `KILN_TOOLCHAIN`
//! environment variable) and writes `toolchain.env` there: one `key=value`
//! per line with the keys `dotnet`, `framework`, `mcs` and `ilasm` — the same
//! lines setup prints last. Every other command reads it back with [`load`].

use std::fmt;
use std::path::{Path, PathBuf};

/// Environment variable that overrides the toolchain cache directory.
pub const CACHE_ENV: &str = "KILN_TOOLCHAIN";

/// File name of the toolchain description inside the cache directory.
pub const ENV_FILE_NAME: &str = "toolchain.env";

/// The keys of the toolchain file, in the order they are written.
pub const KEYS: [&str; 4] = ["dotnet", "framework", "mcs", "ilasm"];

/// The provisioned tools.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toolchain {
    /// The `dotnet` host executable.
    pub dotnet: PathBuf,
    /// The `shared/Microsoft.NETCore.App/8.0.x` directory (framework assemblies).
    pub framework: PathBuf,
    /// Mono's C# compiler.
    pub mcs: PathBuf,
    /// Mono's IL assembler.
    pub ilasm: PathBuf,
}

/// Why the toolchain could not be loaded.
#[derive(Debug)]
pub enum ToolchainError {
    /// The toolchain file does not exist: setup has not run.
    Missing {
        /// The file that was looked for.
        path: PathBuf,
    },
    /// The toolchain file could not be read.
    Io {
        /// The file being read.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A line of the file is malformed or a key is missing.
    Malformed {
        /// The file being parsed.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// A path named in the file no longer exists.
    Stale {
        /// The key whose path is gone.
        key: &'static str,
        /// The path that is gone.
        path: PathBuf,
    },
}

impl fmt::Display for ToolchainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToolchainError::Missing { path } => write!(
                f,
                "toolchain not provisioned ({} does not exist): run `cargo xtask setup`",
                path.display()
            ),
            ToolchainError::Io { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            ToolchainError::Malformed { path, detail } => write!(
                f,
                "{}: {detail}; run `cargo xtask setup` to rewrite it",
                path.display()
            ),
            ToolchainError::Stale { key, path } => write!(
                f,
                "toolchain entry `{key}` points to {} which no longer exists: run `cargo xtask setup`",
                path.display()
            ),
        }
    }
}

impl std::error::Error for ToolchainError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ToolchainError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The toolchain cache directory: `$KILN_TOOLCHAIN` if set and non-empty,
/// else `<workspace>/target/toolchain`.
pub fn cache_dir() -> PathBuf {
    match std::env::var_os(CACHE_ENV) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => crate::workspace_root().join("target").join("toolchain"),
    }
}

/// The toolchain file inside [`cache_dir`].
pub fn env_file() -> PathBuf {
    cache_dir().join(ENV_FILE_NAME)
}

/// Reads the toolchain file setup wrote, checking that every path still exists.
///
/// # Errors
/// [`ToolchainError`] if the file is missing, unreadable, malformed or stale;
/// its message tells the user to run `cargo xtask setup`.
pub fn load() -> Result<Toolchain, ToolchainError> {
    load_from(&env_file())
}

/// [`load`] from an explicit file.
///
/// # Errors
/// As [`load`].
pub fn load_from(path: &Path) -> Result<Toolchain, ToolchainError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(ToolchainError::Missing {
                path: path.to_path_buf(),
            })
        }
        Err(source) => {
            return Err(ToolchainError::Io {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    let toolchain = Toolchain::parse(&text).map_err(|detail| ToolchainError::Malformed {
        path: path.to_path_buf(),
        detail,
    })?;
    for (key, value) in toolchain.entries() {
        if !value.exists() {
            return Err(ToolchainError::Stale {
                key,
                path: value.to_path_buf(),
            });
        }
    }
    Ok(toolchain)
}

impl Toolchain {
    /// Parses the `key=value` text of a toolchain file. Blank lines and lines
    /// starting with `#` are ignored; unknown keys are an error so typos show.
    ///
    /// # Errors
    /// A description of the first problem found.
    pub fn parse(text: &str) -> Result<Toolchain, String> {
        let mut values: [Option<PathBuf>; 4] = Default::default();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| format!("line {}: expected key=value, got {line:?}", number + 1))?;
            let index = KEYS
                .iter()
                .position(|k| *k == key.trim())
                .ok_or_else(|| format!("line {}: unknown key {:?}", number + 1, key.trim()))?;
            values[index] = Some(PathBuf::from(value.trim()));
        }
        let [dotnet, framework, mcs, ilasm] = values;
        let need = |v: Option<PathBuf>, key: &str| v.ok_or_else(|| format!("missing key `{key}`"));
        Ok(Toolchain {
            dotnet: need(dotnet, "dotnet")?,
            framework: need(framework, "framework")?,
            mcs: need(mcs, "mcs")?,
            ilasm: need(ilasm, "ilasm")?,
        })
    }

    /// The `(key, path)` pairs in file order.
    pub fn entries(&self) -> [(&'static str, &Path); 4] {
        [
            ("dotnet", &self.dotnet),
            ("framework", &self.framework),
            ("mcs", &self.mcs),
            ("ilasm", &self.ilasm),
        ]
    }

    /// The file text: one `key=value` line per entry, in [`KEYS`] order.
    pub fn to_env_text(&self) -> String {
        self.entries()
            .iter()
            .map(|(key, path)| format!("{key}={}\n", path.display()))
            .collect()
    }

    /// Writes the toolchain file (creating its directory).
    ///
    /// # Errors
    /// The I/O error, if any.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        // Write then rename so a concurrent reader never sees half a file.
        let tmp = path.with_extension("env.tmp");
        std::fs::write(&tmp, self.to_env_text())?;
        std::fs::rename(&tmp, path)
    }

    /// The directory holding the `dotnet` host (what `DOTNET_ROOT` should be).
    pub fn dotnet_root(&self) -> &Path {
        self.dotnet.parent().unwrap_or(Path::new("."))
    }

    /// The framework version, from the framework directory's name (`8.0.4`).
    pub fn framework_version(&self) -> Option<&str> {
        self.framework.file_name().and_then(|n| n.to_str())
    }

    /// Compiles the C# file `source` with mcs (Mono's default reference
    /// profile) into the assembly `out`.
    ///
    /// # Errors
    /// mcs could not be started or reported errors; the message carries its
    /// output.
    pub fn compile_cs(&self, source: &Path, out: &Path) -> Result<(), String> {
        let output = std::process::Command::new(&self.mcs)
            .arg(format!("-out:{}", out.display()))
            .arg(source)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.mcs.display()))?;
        if output.status.success() {
            Ok(())
        } else {
            Err(format!(
                "mcs failed on {}:\n{}{}",
                source.display(),
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Toolchain {
        Toolchain {
            dotnet: "/opt/dn/dotnet".into(),
            framework: "/opt/dn/shared/Microsoft.NETCore.App/8.0.4".into(),
            mcs: "/usr/bin/mcs".into(),
            ilasm: "/usr/bin/ilasm".into(),
        }
    }

    #[test]
    fn text_round_trips() {
        let t = sample();
        let text = t.to_env_text();
        assert_eq!(
            text,
            "dotnet=/opt/dn/dotnet\nframework=/opt/dn/shared/Microsoft.NETCore.App/8.0.4\n\
             mcs=/usr/bin/mcs\nilasm=/usr/bin/ilasm\n"
        );
        assert_eq!(Toolchain::parse(&text).unwrap(), t);
        assert_eq!(t.framework_version(), Some("8.0.4"));
        assert_eq!(t.dotnet_root(), Path::new("/opt/dn"));
    }

    #[test]
    fn parse_rejects_bad_input() {
        assert!(Toolchain::parse("dotnet=/x\n")
            .unwrap_err()
            .contains("missing key `framework`"));
        assert!(Toolchain::parse("bogus=1")
            .unwrap_err()
            .contains("unknown key"));
        assert!(Toolchain::parse("no equals sign")
            .unwrap_err()
            .contains("line 1"));
        // Comments and blank lines are fine.
        let text = format!("# provisioned\n\n{}", sample().to_env_text());
        assert_eq!(Toolchain::parse(&text).unwrap(), sample());
    }

    #[test]
    fn load_reports_missing_and_stale() {
        let dir = std::env::temp_dir().join(format!("kiln-toolchain-test-{}", std::process::id()));
        let file = dir.join(ENV_FILE_NAME);
        let _ = std::fs::remove_dir_all(&dir);
        let err = load_from(&file).unwrap_err();
        assert!(matches!(err, ToolchainError::Missing { .. }));
        assert!(err.to_string().contains("cargo xtask setup"));
        sample().save(&file).unwrap();
        let err = load_from(&file).unwrap_err();
        assert!(
            matches!(err, ToolchainError::Stale { key: "dotnet", .. }),
            "{err}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
