//! # kiln-driver — the salsa database, the public compile API and the CLI
//!
//! Owns orchestration: inputs (assembly files, compile options) live in a
//! salsa database; per-method queries run IL → IR → stencil; the writer turns
//! the stencils into an image and a report says what was compiled or skipped.
//!
//! ```text
//!  inputs ─► Compiler (salsa db) ─► method_list ─► compiled_method × N ─► kiln-writer ─► image
//!                                                        │                               + Report
//!                                                        └─ skipped: stage + reason ────────┘
//! ```
//!
//! * [`db`] — inputs and tracked queries.
//! * `pipeline` — one method through metadata checks, lowering, codegen.
//! * [`names`] — method names formatted as the JIT's log prints them.
//! * [`types`] — the input with its references (enums across assemblies).
//! * [`report`] — the per-method report (JSON for `--report`).
//! * [`mutate`] — byte mutation of real assemblies for the robustness tests
//!   and the fuzz target.
//! * [`references`] — the references loaded once and checked; unresolved
//!   assemblies of an input.
//! * [`maps`] — map, CSV map and perf map files of a written image.
//! * [`output`] — writing images and reports without ever overwriting an
//!   input or leaving a partial file.
//! * [`registry`] — the plugins: code-generator backends by target triple,
//!   containers by object format ([`Registry`]).
//!
//! The public entry point is [`compile`]; [`Compiler`] keeps the database
//! between builds for incremental reuse, and [`Compiler::builder`] sets
//! references, options and plugins step by step.
//!
//! Invariants: a method is compiled whole or reported skipped with its
//! reason; output bytes depend only on the inputs and options (not on
//! `parallelism` or on what the session compiled before).

#![warn(missing_docs)]

pub mod db;
pub mod dump;
mod exact;
mod generic;
pub mod maps;
pub mod mutate;
pub mod names;
pub mod optimize;
pub mod output;
mod pipeline;
pub use pipeline::PER_INSTANTIATION;
pub mod references;
pub mod registry;
pub mod report;
pub mod types;

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use salsa::{Durability, Setter};

pub use kiln_codegen::Backend;
pub use kiln_writer::{Container, ObjectFormat};
pub use registry::{Plugins, Registry, TargetError};
pub use report::{MethodReport, Outcome, Report, Skip, SkipCause, SkipKind, Stage};
pub use target_lexicon;

/// Options of a compilation.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CompileOptions {
    /// The target: the [`Registry`] compiles with the backend that supports
    /// it (kiln's own: `x86_64-unknown-linux-gnu`).
    pub target: target_lexicon::Triple,
    /// The CompilerIdentifier string stored in the image.
    pub compiler_identifier: String,
    /// Emit IL ↔ native offset bounds (the DebugInfo section).
    pub debug_info: bool,
    /// Worker threads for per-method compilation (0: one per core, at most
    /// 8). Output does not depend on it.
    pub parallelism: usize,
    /// Methods to leave to the JIT: a method whose JIT-log name
    /// (`Type:Method(params)`, see [`MethodReport::name`]) contains one of
    /// these strings is not compiled and is reported as skipped at
    /// [`Stage::Excluded`]. Tests use it to build call chains that mix
    /// precompiled and JIT-compiled code on purpose.
    pub exclude_methods: Vec<String>,
    /// The container the image is written in (crossgen2's `--obj-format`),
    /// found by name in the [`Registry`]: `pe`, which the .NET runtime
    /// loads, `elf`, a shared object, or a registered one.
    pub obj_format: ObjectFormat,
    /// Optimise the IR: inline small leaf methods of the input into their
    /// callers and fold constants ([`optimize`]); off with crossgen2's
    /// `--Od`.
    pub inline: bool,
}

impl CompileOptions {
    /// Whether the method named `name` (as the JIT log names it) is excluded
    /// by [`CompileOptions::exclude_methods`].
    pub fn excludes(&self, name: &str) -> bool {
        self.exclude_methods
            .iter()
            .any(|p| !p.is_empty() && name.contains(p.as_str()))
    }
}

/// kiln's default target, `x86_64-unknown-linux-gnu` (what the .NET 8
/// runtime this build targets runs on).
pub fn default_target() -> target_lexicon::Triple {
    let mut t = target_lexicon::Triple::unknown();
    t.architecture = target_lexicon::Architecture::X86_64;
    t.operating_system = target_lexicon::OperatingSystem::Linux;
    t.environment = target_lexicon::Environment::Gnu;
    t.binary_format = target_lexicon::BinaryFormat::Elf;
    t
}

impl Default for CompileOptions {
    fn default() -> Self {
        CompileOptions {
            target: default_target(),
            compiler_identifier: format!("kiln {}", env!("CARGO_PKG_VERSION")),
            debug_info: true,
            parallelism: 0,
            exclude_methods: Vec::new(),
            obj_format: ObjectFormat::PE,
            inline: true,
        }
    }
}

/// Why a compilation failed as a whole (individual methods never fail it:
/// they are skipped).
#[derive(Debug)]
#[non_exhaustive]
pub enum DriverError {
    /// A file could not be read or listed.
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// An input is not a readable CLI assembly.
    Metadata {
        /// The input.
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// The image could not be written.
    Write {
        /// The input.
        path: PathBuf,
        /// The writer's error.
        source: kiln_writer::WriteError,
    },
    /// A reference is not usable (not a readable assembly), or the input
    /// and references together lack the core library.
    Reference {
        /// The reference (or the input).
        path: PathBuf,
        /// What is wrong.
        detail: String,
    },
    /// An output path was refused (it is an input, a directory, or another
    /// output's path).
    Output {
        /// The output path.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The target or object format has no registered plugin.
    Target(TargetError),
}

impl From<TargetError> for DriverError {
    fn from(e: TargetError) -> Self {
        DriverError::Target(e)
    }
}

impl fmt::Display for DriverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DriverError::Io { path, source } => write!(f, "{}: {source}", path.display()),
            DriverError::Metadata { path, detail } | DriverError::Reference { path, detail } => {
                write!(f, "{}: {detail}", path.display())
            }
            DriverError::Write { path, source } => write!(f, "{}: {source}", path.display()),
            DriverError::Output { path, reason } => {
                write!(f, "{}: refusing to write: {reason}", path.display())
            }
            DriverError::Target(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for DriverError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DriverError::Io { source, .. } => Some(source),
            DriverError::Write { source, .. } => Some(source),
            DriverError::Target(e) => Some(e),
            DriverError::Metadata { .. }
            | DriverError::Reference { .. }
            | DriverError::Output { .. } => None,
        }
    }
}

/// The result of compiling one input.
#[derive(Clone, Debug)]
pub struct CompiledAssembly {
    /// The input file.
    pub input: PathBuf,
    /// The ReadyToRun image.
    pub image: Vec<u8>,
    /// What was compiled and what was skipped.
    pub report: Report,
}

/// Compiles each input against `references` (files, directories of `*.dll`,
/// or `dir/*.dll` patterns).
///
/// ```no_run
/// use std::path::PathBuf;
/// let framework = PathBuf::from("/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.4");
/// let out = kiln_driver::compile(
///     &[PathBuf::from("prog.dll")],
///     &[framework],
///     &kiln_driver::CompileOptions::default(),
/// )?;
/// // Write it without risking the input or a half-written file:
/// let mut outputs = kiln_driver::output::OutputSet::new(&[PathBuf::from("prog.dll")]);
/// let slot = outputs.reserve("out/prog.dll".as_ref())?;
/// outputs.write(slot, &out[0].image)?;
/// outputs.commit()?;
/// println!("{}", out[0].report.summary()); // compiled N of M methods
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`DriverError`] if a file cannot be read, an input is not a CLI
/// assembly, or the writer fails. Unsupported methods are not errors: they
/// are skipped and listed in the report.
pub fn compile(
    inputs: &[PathBuf],
    references: &[PathBuf],
    options: &CompileOptions,
) -> Result<Vec<CompiledAssembly>, DriverError> {
    let mut compiler = Compiler::new(references, options.clone())?;
    inputs.iter().map(|p| compiler.compile_file(p)).collect()
}

/// Expands reference arguments: a directory means its `*.dll` files, a
/// path whose file name is `*.dll` (or `*`) means the matching files in its
/// directory, anything else is a file. The result is sorted.
///
/// # Errors
/// [`DriverError::Io`] if a directory cannot be listed or a file is missing.
pub fn expand_references(args: &[PathBuf]) -> Result<Vec<PathBuf>, DriverError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| DriverError::Io { path, source }
    };
    let list = |dir: &Path, ext: Option<&str>| -> Result<Vec<PathBuf>, DriverError> {
        let mut v = Vec::new();
        for e in std::fs::read_dir(dir).map_err(io(dir))? {
            let p = e.map_err(io(dir))?.path();
            let matches = match ext {
                Some(x) => p.extension().is_some_and(|e| e.eq_ignore_ascii_case(x)),
                None => true,
            };
            if matches && p.is_file() {
                v.push(p);
            }
        }
        Ok(v)
    };
    let mut out = Vec::new();
    for a in args {
        let name = a.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if a.is_dir() {
            out.extend(list(a, Some("dll"))?);
        } else if let Some(rest) = name.strip_prefix('*') {
            let dir = a
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let ext = rest.strip_prefix('.');
            out.extend(list(dir, ext)?);
        } else if a.is_file() {
            out.push(a.clone());
        } else {
            return Err(DriverError::Io {
                path: a.clone(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "reference not found"),
            });
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// A compiler session: the salsa database with the references and options
/// set, and the inputs compiled so far. Setting an input again with changed
/// bytes recompiles only what depends on it.
#[derive(Debug)]
pub struct Compiler {
    db: db::Database,
    settings: db::Settings,
    references: db::References,
    sources: HashMap<PathBuf, db::SourceAssembly>,
    progress: Arc<Progress>,
    container: Arc<dyn Container>,
}

/// How far the current [`Compiler::compile_source`] is: methods (and
/// canonical instantiations) compiled of those to compile. Updated by the
/// compiling threads, read by a progress display on another
/// ([`Compiler::progress`]).
#[derive(Debug, Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    /// `(done, total)` of the input being compiled.
    pub fn get(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    fn start(&self, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }
}

impl Compiler {
    /// A session with `references` (expanded as [`expand_references`],
    /// each parsed once) and `options`, with kiln's own plugins
    /// ([`Registry::builtin`]). [`Compiler::builder`] sets the same and more
    /// step by step.
    ///
    /// # Errors
    /// As [`expand_references`]; [`DriverError::Reference`] for a file
    /// named in `references` that is not a readable CLI assembly;
    /// [`DriverError::Target`] if the target or object format has no plugin.
    pub fn new(references: &[PathBuf], options: CompileOptions) -> Result<Self, DriverError> {
        Self::with_registry(references, options, &Registry::builtin())
    }

    /// A builder for a session: references, options, plugins.
    ///
    /// ```no_run
    /// let mut compiler = kiln_driver::Compiler::builder()
    ///     .reference("/usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.4")
    ///     .obj_format(kiln_driver::ObjectFormat::ELF)
    ///     .build()?;
    /// let out = compiler.compile_file("prog.dll".as_ref())?;
    /// println!("{}", out.report.summary());
    /// # Ok::<(), kiln_driver::DriverError>(())
    /// ```
    pub fn builder() -> CompilerBuilder {
        CompilerBuilder::default()
    }

    /// As [`Compiler::new`], choosing the backend and container from
    /// `registry` by [`CompileOptions::target`] and
    /// [`CompileOptions::obj_format`].
    ///
    /// # Errors
    /// As [`Compiler::new`].
    pub fn with_registry(
        references: &[PathBuf],
        options: CompileOptions,
        registry: &Registry,
    ) -> Result<Self, DriverError> {
        let plugins = registry.resolve(&options.target, &options.obj_format)?;
        let db = db::Database::default();
        let paths = expand_references(references)?;
        let loaded = references::load(&paths, references)?;
        let references = db::References::builder(paths, loaded)
            .durability(Durability::HIGH)
            .new(&db);
        let settings = db::Settings::builder(options, db::BackendHandle(plugins.backend))
            .durability(Durability::MEDIUM)
            .new(&db);
        Ok(Compiler {
            db,
            settings,
            references,
            sources: HashMap::new(),
            progress: Arc::default(),
            container: plugins.container,
        })
    }

    /// The options of this session.
    pub fn options(&self) -> &CompileOptions {
        self.settings.options(&self.db)
    }

    /// The backend compiling this session's methods.
    pub fn backend(&self) -> &dyn Backend {
        &*self.settings.backend(&self.db).0
    }

    /// The container this session's images are written in.
    pub fn container(&self) -> &dyn Container {
        &*self.container
    }

    /// The database (for inspecting query executions in tests).
    pub fn database(&self) -> &db::Database {
        &self.db
    }

    /// The live progress of this session's compilations (see [`Progress`]).
    pub fn progress(&self) -> Arc<Progress> {
        self.progress.clone()
    }

    /// The reference files of this session.
    pub fn references(&self) -> &[PathBuf] {
        self.references.paths(&self.db)
    }

    /// Problems with the references that did not stop the session (files
    /// left out, assembly names defined twice).
    pub fn reference_warnings(&self) -> &[String] {
        &self.references.loaded(&self.db).warnings
    }

    /// Sets (or replaces) the contents of the input at `path`.
    pub fn set_source(&mut self, path: &Path, bytes: Vec<u8>) -> db::SourceAssembly {
        let bytes = db::FileBytes(Arc::from(bytes));
        match self.sources.get(path) {
            Some(&src) => {
                if *src.bytes(&self.db) != bytes {
                    src.set_bytes(&mut self.db).to(bytes);
                }
                src
            }
            None => {
                let src = db::SourceAssembly::new(&self.db, path.to_path_buf(), bytes);
                self.sources.insert(path.to_path_buf(), src);
                src
            }
        }
    }

    /// Compiles the assembly `bytes`, named `path` in the report (nothing
    /// is read from `path`).
    ///
    /// # Errors
    /// As [`Compiler::compile_source`].
    pub fn compile_bytes(
        &mut self,
        path: &Path,
        bytes: Vec<u8>,
    ) -> Result<CompiledAssembly, DriverError> {
        let src = self.set_source(path, bytes);
        self.compile_source(src)
    }

    /// Reads `path` and compiles it.
    ///
    /// # Errors
    /// As [`Compiler::compile_source`], or [`DriverError::Io`].
    pub fn compile_file(&mut self, path: &Path) -> Result<CompiledAssembly, DriverError> {
        let bytes = std::fs::read(path).map_err(|source| DriverError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let src = self.set_source(path, bytes);
        self.compile_source(src)
    }

    /// Runs the per-method queries on worker threads (database handles share
    /// the memo tables), so the sequential pass that builds the image only
    /// reads results. Output does not depend on the thread count. Returns
    /// whether it ran (it counts [`Progress`] if so, else the sequential
    /// pass does).
    fn precompute(&self, src: db::SourceAssembly, methods: &[db::MethodInfo]) -> bool {
        let options = self.settings.options(&self.db);
        let rids: Vec<u32> = methods
            .iter()
            .filter(|m| m.no_il.is_none() && !options.excludes(&m.name))
            .map(|m| m.rid)
            .collect();
        let canonical: Vec<u32> = methods
            .iter()
            .filter(|m| m.canonical.as_ref().is_some_and(|n| !options.excludes(n)))
            .map(|m| m.rid)
            .collect();
        let wanted = match self.settings.options(&self.db).parallelism {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
            n => n,
        };
        self.progress.start(rids.len() + canonical.len());
        let threads = wanted.min(rids.len() / 32);
        if threads < 2 {
            return false;
        }
        std::thread::scope(|scope| {
            for t in 0..threads {
                let db = self.db.clone();
                let (rids, canonical) = (&rids, &canonical);
                let (references, settings) = (self.references, self.settings);
                let progress = &self.progress;
                scope.spawn(move || {
                    for &rid in rids.iter().skip(t).step_by(threads) {
                        let _ = db::compiled_method(&db, src, references, settings, rid);
                        progress.step();
                    }
                    for &rid in canonical.iter().skip(t).step_by(threads) {
                        let _ = db::compiled_canonical(&db, src, references, settings, rid);
                        progress.step();
                    }
                });
            }
        });
        true
    }

    /// The JIT-log names of the methods inlined into MethodDef `rid`.
    fn inlined_names(
        &self,
        src: db::SourceAssembly,
        methods: &[db::MethodInfo],
        rid: u32,
    ) -> Vec<String> {
        match db::optimized_method(&self.db, src, self.references, self.settings, rid) {
            Ok(o) => o
                .inlined
                .iter()
                .filter_map(|&t| db::method_info(methods, t & 0x00FF_FFFF))
                .map(|m| m.name.clone())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    /// Compiles the canonical instantiation of MethodDef `rid` into
    /// `builder` (InstanceMethodEntryPoints, keyed by
    /// [`generic::canonical_key`]).
    fn add_canonical(
        &self,
        src: db::SourceAssembly,
        builder: &mut kiln_writer::ImageBuilder,
        rid: u32,
    ) -> Outcome {
        let db = &self.db;
        let stencil = match db::compiled_canonical(db, src, self.references, self.settings, rid) {
            Ok(s) => s,
            Err(skip) => return skip.clone().into(),
        };
        let key = match db::type_context(db, src, self.references) {
            Ok(types) => generic::canonical_key(types, kiln_metadata::tables::MethodDefHandle(rid)),
            Err(e) => Err(e.clone()),
        };
        let key = match key {
            Ok(k) => k,
            Err(reason) => return Skip::writer(reason).into(),
        };
        let code_size = stencil.code_len();
        let instruction_sets = instruction_set_conditions(stencil);
        let inlined = match (
            db::optimized_canonical(db, src, self.references, self.settings, rid),
            db::method_list(db, src, self.references),
        ) {
            (Ok(o), Ok(methods)) => o
                .inlined
                .iter()
                .filter_map(|&t| db::method_info(methods, t & 0x00FF_FFFF))
                .map(|m| m.name.clone())
                .collect(),
            _ => Vec::new(),
        };
        match builder.add_instance_method(rid, key, stencil.clone()) {
            Ok(()) => Outcome::Compiled {
                code_size,
                instruction_sets,
                inlined,
            },
            Err(e) => Skip::writer(e.to_string()).into(),
        }
    }

    /// Compiles the exact instantiations the input needs
    /// ([`exact::discover`]) into `builder`; one report entry each (those
    /// the version-bubble rule keeps out, with the reason).
    fn add_exact(
        &self,
        types: &types::TypeContext,
        builder: &mut kiln_writer::ImageBuilder,
    ) -> Vec<MethodReport> {
        let options = self.settings.options(&self.db);
        let backend = &*self.settings.backend(&self.db).0;
        let found = exact::discover(types);
        let compile =
            |e: &exact::ExactMethod| -> Result<kiln_runtime_abi::stencil::MethodStencil, Skip> {
                if let Some(why) = e.outside_bubble {
                    return Err(Skip::generic(why));
                }
                if options.excludes(&e.name) {
                    return Err(Skip::excluded());
                }
                let ir = pipeline::lower_exact(types, e.method, &e.inst)?;
                let stencil = pipeline::generate_code(&ir, options, backend)?;
                Ok(stencil)
            };
        let threads = match options.parallelism {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get().min(8)),
            n => n,
        }
        .clamp(1, found.len().max(1));
        let mut results: Vec<Option<Result<kiln_runtime_abi::stencil::MethodStencil, Skip>>> =
            (0..found.len()).map(|_| None).collect();
        std::thread::scope(|scope| {
            let chunks: Vec<_> = results
                .chunks_mut(found.len().div_ceil(threads).max(1))
                .zip(found.chunks(found.len().div_ceil(threads).max(1)))
                .map(|(out, work)| {
                    scope.spawn(move || {
                        for (o, e) in out.iter_mut().zip(work) {
                            *o = Some(compile(e));
                        }
                    })
                })
                .collect();
            for c in chunks {
                let _ = c.join();
            }
        });
        let mut out = Vec::with_capacity(found.len());
        for (e, r) in found.into_iter().zip(results) {
            let outcome = match (r, e.key) {
                (Some(Ok(stencil)), Ok(key)) => {
                    let code_size = stencil.code_len();
                    let instruction_sets = instruction_set_conditions(&stencil);
                    match builder.add_instance_method(e.method.0, key, stencil) {
                        Ok(()) => Outcome::Compiled {
                            code_size,
                            instruction_sets,
                            inlined: Vec::new(),
                        },
                        Err(err) => Skip::writer(err.to_string()).into(),
                    }
                }
                (Some(Ok(_)), Err(reason)) => Skip::writer(reason).into(),
                (Some(Err(skip)), _) => skip.into(),
                (None, _) => Skip::internal(
                    "internal error: exact instantiation not compiled (please report)",
                )
                .into(),
            };
            out.push(MethodReport {
                token: 0x0600_0000 | e.method.0,
                name: e.name,
                has_il: true,
                outcome,
            });
        }
        out
    }

    /// Compiles an input set with [`Compiler::set_source`].
    ///
    /// # Errors
    /// [`DriverError::Metadata`] if the input is not a CLI assembly;
    /// [`DriverError::Write`] if the writer rejects the input image.
    pub fn compile_source(&self, src: db::SourceAssembly) -> Result<CompiledAssembly, DriverError> {
        let db = &self.db;
        let path = src.path(db).clone();
        if let Ok(types) = db::type_context(db, src, self.references) {
            if types.set().core_library().is_none() {
                return Err(references::no_core_library(&path));
            }
        }
        let methods = db::method_list(db, src, self.references)
            .as_ref()
            .map_err(|detail| DriverError::Metadata {
                path: path.clone(),
                detail: detail.clone(),
            })?;
        let options = self.settings.options(db);
        let writer_options = kiln_writer::WriterOptions {
            compiler_identifier: options.compiler_identifier.clone(),
            container: self.container.clone(),
        };
        let mut builder =
            kiln_writer::ImageBuilder::new(src.bytes(db), writer_options).map_err(|source| {
                DriverError::Write {
                    path: path.clone(),
                    source,
                }
            })?;
        let count = !self.precompute(src, methods);
        let step = || {
            if count {
                self.progress.step();
            }
        };
        let mut entries = Vec::with_capacity(methods.len());
        let mut instantiations = Vec::new();
        for m in methods {
            let outcome = match m.no_il {
                Some(what) => Skip::no_il(what).into(),
                None if options.excludes(&m.name) => Skip::excluded().into(),
                None => {
                    let compiled =
                        db::compiled_method(db, src, self.references, self.settings, m.rid);
                    step();
                    match compiled {
                        Ok(stencil) => {
                            let code_size = stencil.code_len();
                            let instruction_sets = instruction_set_conditions(stencil);
                            let inlined = self.inlined_names(src, methods, m.rid);
                            match builder.add_method(m.rid, stencil.clone()) {
                                Ok(()) => Outcome::Compiled {
                                    code_size,
                                    instruction_sets,
                                    inlined,
                                },
                                Err(e) => Skip::writer(e.to_string()).into(),
                            }
                        }
                        Err(skip) => skip.clone().into(),
                    }
                }
            };
            let mut outcome = outcome;
            if let Some(name) = &m.canonical {
                let inst = if options.excludes(name) || options.excludes(&m.name) {
                    Skip::excluded().into()
                } else {
                    let inst = self.add_canonical(src, &mut builder, m.rid);
                    step();
                    inst
                };
                if let Outcome::Skipped { .. } = &inst {
                    // The definition's entry gives the reason its shared
                    // code is not in the image.
                    outcome = inst.clone();
                }
                instantiations.push(MethodReport {
                    token: 0x0600_0000 | m.rid,
                    name: name.clone(),
                    has_il: true,
                    outcome: inst,
                });
            }
            entries.push(MethodReport {
                token: 0x0600_0000 | m.rid,
                name: m.name.clone(),
                has_il: m.no_il.is_none(),
                outcome,
            });
        }
        if let Ok(types) = db::type_context(db, src, self.references) {
            instantiations.extend(self.add_exact(types, &mut builder));
        }
        let image = builder.finish().map_err(|source| DriverError::Write {
            path: path.clone(),
            source,
        })?;
        let mut report = Report::new(db::assembly_name(db, src).clone(), path.clone(), entries)
            .with_instantiations(instantiations);
        if let Ok(types) = db::type_context(db, src, self.references) {
            report.unresolved = references::unresolved_assemblies(types, &report.methods);
        }
        Ok(CompiledAssembly {
            input: path,
            image,
            report,
        })
    }
}

/// Builds a [`Compiler`] step by step ([`Compiler::builder`]).
#[derive(Debug, Default)]
pub struct CompilerBuilder {
    references: Vec<PathBuf>,
    options: CompileOptions,
    registry: Option<Registry>,
}

impl CompilerBuilder {
    /// Adds a reference: a file, a directory of `*.dll`, or a `dir/*.dll`
    /// pattern (as [`expand_references`] reads them).
    pub fn reference(mut self, path: impl Into<PathBuf>) -> Self {
        self.references.push(path.into());
        self
    }

    /// Sets every option at once (replacing earlier [`CompilerBuilder::target`]
    /// and [`CompilerBuilder::obj_format`] calls).
    pub fn options(mut self, options: CompileOptions) -> Self {
        self.options = options;
        self
    }

    /// Sets [`CompileOptions::target`].
    pub fn target(mut self, target: target_lexicon::Triple) -> Self {
        self.options.target = target;
        self
    }

    /// Sets [`CompileOptions::obj_format`].
    pub fn obj_format(mut self, format: ObjectFormat) -> Self {
        self.options.obj_format = format;
        self
    }

    /// Uses `registry` instead of [`Registry::builtin`].
    pub fn registry(mut self, registry: Registry) -> Self {
        self.registry = Some(registry);
        self
    }

    /// Registers a backend beside kiln's own (see
    /// [`Registry::register_backend`]).
    pub fn register_backend(mut self, backend: Arc<dyn Backend>) -> Self {
        self.registry
            .get_or_insert_with(Registry::builtin)
            .register_backend(backend);
        self
    }

    /// Registers a container beside kiln's own (see
    /// [`Registry::register_container`]).
    pub fn register_container(mut self, container: Arc<dyn Container>) -> Self {
        self.registry
            .get_or_insert_with(Registry::builtin)
            .register_container(container);
        self
    }

    /// The session.
    ///
    /// # Errors
    /// As [`Compiler::with_registry`].
    pub fn build(self) -> Result<Compiler, DriverError> {
        let registry = self.registry.unwrap_or_else(Registry::builtin);
        Compiler::with_registry(&self.references, self.options, &registry)
    }
}

/// The instruction-set conditions of a stencil's code, from its
/// `Check_InstructionSetSupport` fixups, as `-Set`/`+Set` names (see
/// [`Outcome::Compiled`]).
fn instruction_set_conditions(stencil: &kiln_runtime_abi::stencil::MethodStencil) -> Vec<String> {
    use kiln_runtime_abi::sig::{FixupPayload, FixupSig};
    let mut out = Vec::new();
    for import in &stencil.eager_fixups {
        if let Ok((sig, _)) = FixupSig::decode(&import.signature) {
            if let FixupPayload::InstructionSets(raw) = sig.payload {
                out.extend(
                    kiln_runtime_abi::isa::describe(&raw)
                        .split(' ')
                        .filter(|c| !c.is_empty())
                        .map(str::to_string),
                );
            }
        }
    }
    out
}
