//! Which types an app defines: the names of the top-level TypeDefs of an
//! assembly, read with `kiln-metadata`.
//!
//! `cargo xtask run` and the end-to-end harness use it to tell the app's own
//! methods from the framework's in the JIT log (a method belongs to the app
//! when its outermost declaring type is one of these names).
//!
//! Specification: ECMA-335 6th ed., Partition II §22.37 (TypeDef) and
//! §23.1.15 (TypeAttributes visibility: 0 and 1 are top-level, 2..7 nested).

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use kiln_metadata::tables::{type_attributes, TypeDefRow};
use kiln_metadata::Assembly;

/// A file that is not a readable CLI assembly.
#[derive(Debug)]
pub struct AppInfoError {
    /// The file being read.
    pub file: PathBuf,
    /// What is wrong and where.
    pub detail: String,
}

impl fmt::Display for AppInfoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.detail)
    }
}

impl std::error::Error for AppInfoError {}

/// Full names (`Namespace.Name`, or `Name` without a namespace) of the
/// top-level types defined in the assembly at `path`.
///
/// # Errors
/// [`AppInfoError`] if the file cannot be read or is not a CLI image.
pub fn top_level_type_names(path: &Path) -> Result<BTreeSet<String>, AppInfoError> {
    let error = |detail: String| AppInfoError {
        file: path.to_path_buf(),
        detail,
    };
    let assembly = Assembly::open(path).map_err(|e| error(e.to_string()))?;
    type_names_of(&assembly).map_err(|e| error(e.to_string()))
}

/// The top-level type names of the app at `app` and of the other assemblies
/// (`*.dll`) in its directory — the app's own assemblies. Files in that
/// directory that are not CLI images are skipped; the app itself must be one.
///
/// # Errors
/// [`AppInfoError`] if the app cannot be read.
pub fn app_type_names(app: &Path) -> Result<BTreeSet<String>, AppInfoError> {
    let mut names = top_level_type_names(app)?;
    let dir = app
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            let is_dll = path
                .extension()
                .is_some_and(|x| x.eq_ignore_ascii_case("dll"));
            if is_dll && path != app {
                if let Ok(more) = top_level_type_names(&path) {
                    names.extend(more);
                }
            }
        }
    }
    Ok(names)
}

/// Top-level TypeDef names of an assembly.
fn type_names_of(assembly: &Assembly) -> kiln_metadata::Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for row in assembly.rows::<TypeDefRow>() {
        let (_, row) = row?;
        if row.flags & type_attributes::VISIBILITY_MASK > 1 {
            continue; // nested: the JIT log shows it under its enclosing type
        }
        let name = assembly.string(row.name)?;
        let namespace = assembly.string(row.namespace)?;
        names.insert(if namespace.is_empty() {
            name.to_string()
        } else {
            format!("{namespace}.{name}")
        });
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_non_images() {
        let file = std::env::temp_dir().join(format!("kiln-appinfo-{}.dll", std::process::id()));
        std::fs::write(&file, b"MZ not really a PE file").unwrap();
        let err = top_level_type_names(&file).unwrap_err();
        assert_eq!(err.file, file);
        assert!(
            err.to_string().starts_with(&file.display().to_string()),
            "{err}"
        );
        std::fs::remove_file(&file).unwrap();
        assert!(top_level_type_names(Path::new("/nonexistent/app.dll")).is_err());
    }

    /// Reads real framework assemblies (the end-to-end harness covers mcs
    /// output). Needs `cargo xtask setup`.
    #[test]
    fn reads_framework_assemblies() {
        let toolchain = crate::toolchain::load().unwrap_or_else(|e| panic!("{e}"));
        let names = top_level_type_names(&toolchain.framework.join("System.Runtime.dll")).unwrap();
        // System.Runtime is a facade: it forwards types, defines few.
        assert!(names.contains("<Module>"), "{names:?}");
        let corelib =
            top_level_type_names(&toolchain.framework.join("System.Private.CoreLib.dll")).unwrap();
        for expected in [
            "System.Object",
            "System.String",
            "System.Collections.Generic.List`1",
        ] {
            assert!(corelib.contains(expected), "{expected} missing");
        }
        assert!(
            !corelib.contains("Enumerator"),
            "nested types must be skipped"
        );
    }
}
