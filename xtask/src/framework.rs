//! Recompiling the shared framework with kiln (issue 14): a copy of the
//! provisioned .NET runtime whose framework assemblies are kiln's R2R
//! images, and the coverage of each beside crossgen2's.
//!
//! The framework's assemblies are crossgen2's R2R images; kiln recompiles
//! their IL (kiln-writer strips the old native code, see its `strip`
//! module) against the framework itself as the reference set. An assembly
//! kiln cannot compile keeps crossgen2's image in the copy and is listed
//! with the error. Methods the JIT treats as intrinsics are never compiled
//! from their IL (kiln-driver's metadata stage skips them).
//!
//! crossgen2's coverage is read from its images: entries of
//! MethodDefEntryPoints and InstanceMethodEntryPoints
//! (docs/design/coreclr/botr/readytorun-format.md), through kiln-writer's
//! reader.

use std::path::{Path, PathBuf};

use kiln_driver::{CompileOptions, Compiler};
use kiln_writer::read::{MethodKey, R2rImage};

use crate::toolchain::Toolchain;
use crate::Result;

/// The file that marks a directory as a runtime copy made here (only such
/// a directory is ever deleted and rebuilt).
const MARKER: &str = ".kiln-runtime-copy";

/// Methods precompiled in one image.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Precompiled {
    /// MethodDefs with code (MethodDefEntryPoints).
    pub methods: usize,
    /// Instantiations with code (InstanceMethodEntryPoints).
    pub instantiations: usize,
}

/// What happened to one framework assembly.
#[derive(Clone, Debug)]
pub struct AssemblyOutcome {
    /// File name, e.g. `System.Collections.dll`.
    pub file: String,
    /// Methods with an IL body (kiln's candidates), when kiln compiled it.
    pub candidates: usize,
    /// kiln's image.
    pub kiln: Precompiled,
    /// crossgen2's image (the stock framework).
    pub crossgen2: Precompiled,
    /// Why kiln produced no image (the copy keeps crossgen2's).
    pub error: Option<String>,
    /// JIT-log names of the methods and instantiations kiln compiled.
    pub compiled_names: Vec<String>,
    /// JIT-log names of those it skipped (names are not unique: the log
    /// prints every pointer type as `ulong`).
    pub skipped_names: Vec<String>,
}

/// The runtime copy and what went into it.
#[derive(Clone, Debug)]
pub struct RuntimeCopy {
    /// A toolchain whose `dotnet` and `framework` are the copy's.
    pub toolchain: Toolchain,
    /// One entry per framework assembly, by file name.
    pub assemblies: Vec<AssemblyOutcome>,
}

/// Options of [`build`].
#[derive(Clone, Debug, Default)]
pub struct FrameworkOptions {
    /// File names (e.g. `System.Private.CoreLib.dll`) kept as crossgen2
    /// built them.
    pub exclude: Vec<String>,
    /// Only these file names are recompiled (empty: all).
    pub only: Vec<String>,
}

/// Copies the runtime of `toolchain` to `out` (replacing an earlier copy
/// made here; refusing any other existing directory) and replaces every
/// framework assembly kiln compiles with kiln's image.
///
/// # Errors
/// I/O errors, an `out` that exists and is not a copy made here, or a
/// framework directory outside the runtime's root.
pub fn build(toolchain: &Toolchain, out: &Path, options: &FrameworkOptions) -> Result<RuntimeCopy> {
    let root = toolchain.dotnet_root();
    let relative_framework = toolchain
        .framework
        .strip_prefix(root)
        .map_err(|_| "the framework directory is not inside the runtime's root")?
        .to_path_buf();
    if out.exists() {
        if !out.join(MARKER).exists() {
            return Err(format!(
                "{} exists and is not a runtime copy made by `cargo xtask framework`; \
                 refusing to replace it",
                out.display()
            )
            .into());
        }
        std::fs::remove_dir_all(out)?;
    }
    copy_tree(root, out)?;
    std::fs::write(out.join(MARKER), "made by cargo xtask framework\n")?;
    let framework = out.join(&relative_framework);
    let copy = Toolchain {
        dotnet: out.join(
            toolchain
                .dotnet
                .file_name()
                .ok_or("the dotnet host has no file name")?,
        ),
        framework: framework.clone(),
        mcs: toolchain.mcs.clone(),
        ilasm: toolchain.ilasm.clone(),
    };
    let references = [toolchain.framework.clone()];
    let mut compiler = Compiler::new(&references, CompileOptions::default())?;
    let mut assemblies = Vec::new();
    for input in managed_assemblies(&toolchain.framework)? {
        let file = file_name(&input);
        if options.exclude.contains(&file)
            || (!options.only.is_empty() && !options.only.contains(&file))
        {
            continue;
        }
        let crossgen2 = precompiled_in(&input).unwrap_or_default();
        let mut outcome = AssemblyOutcome {
            file: file.clone(),
            candidates: 0,
            kiln: Precompiled::default(),
            crossgen2,
            error: None,
            compiled_names: Vec::new(),
            skipped_names: Vec::new(),
        };
        match compiler.compile_file(&input) {
            Ok(compiled) => {
                outcome.candidates = compiled.report.candidates;
                outcome.kiln = Precompiled {
                    methods: compiled.report.compiled,
                    instantiations: compiled.report.instantiations_compiled,
                };
                let report = &compiled.report;
                for m in report.methods.iter().chain(&report.instantiations) {
                    match m.is_compiled() {
                        true => outcome.compiled_names.push(m.name.clone()),
                        false => outcome.skipped_names.push(m.name.clone()),
                    }
                }
                crate::dotnet::write_atomically(&framework.join(&file), &compiled.image)?;
                let reports = out.join("kiln-reports");
                std::fs::create_dir_all(&reports)?;
                std::fs::write(
                    reports.join(format!("{file}.json")),
                    compiled.report.to_json(),
                )?;
            }
            Err(e) => outcome.error = Some(e.to_string()),
        }
        assemblies.push(outcome);
    }
    Ok(RuntimeCopy {
        toolchain: copy,
        assemblies,
    })
}

/// The framework's managed assemblies (`*.dll` with a CLI header), sorted.
fn managed_assemblies(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().and_then(|e| e.to_str()) != Some("dll") {
            continue;
        }
        if kiln_metadata::Assembly::open(&path).is_ok() {
            out.push(path);
        }
    }
    out.sort();
    Ok(out)
}

/// Methods precompiled in the R2R image at `path` (`None` if it is not one).
pub fn precompiled_in(path: &Path) -> Option<Precompiled> {
    let image = R2rImage::parse(std::fs::read(path).ok()?).ok()?;
    let mut p = Precompiled::default();
    for m in &image.methods {
        match m.key {
            MethodKey::Def(_) => p.methods += 1,
            MethodKey::Instance(_) => p.instantiations += 1,
        }
    }
    Some(p)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Copies a directory tree (files with their permissions; symbolic links as
/// the files they point at).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let src = entry.path();
        let dst = to.join(entry.file_name());
        if std::fs::metadata(&src)?.is_dir() {
            copy_tree(&src, &dst)?;
        } else {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

/// The coverage table: per assembly, kiln's and crossgen2's precompiled
/// methods (MethodDefs, then instantiations), and a total line.
pub fn coverage_table(assemblies: &[AssemblyOutcome]) -> String {
    let mut out = format!(
        "{:<58} {:>8} {:>8} {:>8} {:>7} {:>7}\n",
        "assembly", "methods", "kiln", "crossgen2", "kiln-i", "cg2-i"
    );
    let (mut cand, mut kiln, mut cg2, mut ki, mut ci) = (0, 0, 0, 0, 0);
    for a in assemblies {
        let note = a
            .error
            .as_deref()
            .map(|e| format!("  (kept crossgen2's image: {e})"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{:<58} {:>8} {:>8} {:>8} {:>7} {:>7}{note}\n",
            a.file,
            a.candidates,
            a.kiln.methods,
            a.crossgen2.methods,
            a.kiln.instantiations,
            a.crossgen2.instantiations
        ));
        cand += a.candidates;
        kiln += a.kiln.methods;
        cg2 += a.crossgen2.methods;
        ki += a.kiln.instantiations;
        ci += a.crossgen2.instantiations;
    }
    let pct = |n: usize| {
        if cand == 0 {
            0.0
        } else {
            100.0 * n as f64 / cand as f64
        }
    };
    out.push_str(&format!(
        "{:<58} {:>8} {:>8} {:>8} {:>7} {:>7}\n",
        format!("total ({} assemblies)", assemblies.len()),
        cand,
        kiln,
        cg2,
        ki,
        ci
    ));
    out.push_str(&format!(
        "kiln precompiled {:.1}% of the methods with IL, crossgen2 {:.1}% (MethodDefs; \
         instantiations listed apart)\n",
        pct(kiln),
        pct(cg2)
    ));
    out
}
