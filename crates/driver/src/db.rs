//! The salsa database: inputs and the per-method queries.
//!
//! ```text
//!  SourceAssembly (path, bytes)      References (paths; HIGH durability)
//!        │                           Settings (CompileOptions)
//!        ▼
//!  assembly ──► type_context (input + references)
//!                   ├──► method_list ──► JIT-log name / has_il per MethodDef
//!                   ├──► lowered_method(src, refs, rid)      IL → IR (firewall)
//!                   │        └──► optimized_method(…, settings, rid) inlining (callees'
//!                   │                 │                              lowered_method)
//!                   │                 └──► compiled_method(…)        IR → stencil
//!                   └──► lowered_canonical(src, refs, rid)   the __Canon instantiation
//!                            └──► compiled_canonical(…)      of a generic class's method
//! ```
//!
//! Inputs change between builds (an edited assembly, new options); every
//! query result is a plain value (`Clone + PartialEq`), so salsa reuses the
//! per-method stencils of methods whose inputs did not change. Framework
//! references are set with [`salsa::Durability::HIGH`] as rust-analyzer does
//! for library inputs: they never change during a build, so queries that
//! read only them are never re-validated after an edit.

use std::sync::{Arc, Mutex};

use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;
use kiln_runtime_abi::stencil::MethodStencil;

use crate::report::Skip;
use crate::types::TypeContext;

/// The bytes of an input file (`Debug` prints the length only).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct FileBytes(pub Arc<[u8]>);

impl std::fmt::Debug for FileBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

pub use inputs::{References, Settings, SourceAssembly};

/// The salsa inputs. salsa generates their `new` constructors and field
/// setters without documentation, hence the lint exception.
mod inputs {
    #![allow(missing_docs)]

    use std::path::PathBuf;

    use super::{BackendHandle, FileBytes};
    use crate::CompileOptions;

    /// An input assembly: its path (for reports) and its bytes.
    #[salsa::input(debug)]
    pub struct SourceAssembly {
        /// Where it was read from.
        #[returns(ref)]
        pub path: PathBuf,
        /// The file's bytes.
        #[returns(ref)]
        pub bytes: FileBytes,
    }

    /// The reference assemblies (framework and other dependencies).
    #[salsa::input(debug)]
    pub struct References {
        /// Every reference file, sorted.
        #[returns(ref)]
        pub paths: Vec<PathBuf>,
        /// The references, parsed once per session.
        #[returns(ref)]
        pub loaded: crate::references::LoadedReferences,
    }

    /// The compile options and the backend they selected.
    #[salsa::input(debug)]
    pub struct Settings {
        /// The options.
        #[returns(ref)]
        pub options: CompileOptions,
        /// The code generator ([`crate::Registry::backend`] of the options'
        /// target).
        #[returns(ref)]
        pub backend: BackendHandle,
    }
}

/// A backend as a salsa input: equal when it is the same object.
#[derive(Clone, Debug)]
pub struct BackendHandle(pub Arc<dyn kiln_codegen::Backend>);

impl PartialEq for BackendHandle {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for BackendHandle {}

/// One MethodDef as the report lists it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MethodInfo {
    /// MethodDef row id.
    pub rid: u32,
    /// JIT-log name.
    pub name: String,
    /// Why the method has no IL body, if it has none.
    pub no_il: Option<&'static str>,
    /// The JIT-log name of the method's canonical (`__Canon`) instantiation
    /// when the driver compiles it (`pipeline::Genericity::Canonical`).
    pub canonical: Option<String>,
}

/// The parsed input (not compared: a new file is a new assembly).
#[salsa::tracked(returns(ref), no_eq)]
pub fn assembly(db: &dyn salsa::Database, src: SourceAssembly) -> Result<Assembly, String> {
    Assembly::from_bytes(src.bytes(db).to_vec()).map_err(|e| e.to_string())
}

/// The input with its references, for resolving types across assemblies
/// (not compared: rebuilt when the input changes).
#[salsa::tracked(returns(ref), no_eq)]
pub fn type_context(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
) -> Result<TypeContext, String> {
    let asm = assembly(db, src).as_ref().map_err(Clone::clone)?;
    Ok(TypeContext::with_references(
        asm.clone(),
        &refs.loaded(db).assemblies,
    ))
}

/// The simple name of the input assembly.
#[salsa::tracked(returns(ref))]
pub fn assembly_name(db: &dyn salsa::Database, src: SourceAssembly) -> String {
    match assembly(db, src) {
        Ok(asm) => asm.name().unwrap_or("?").to_owned(),
        Err(_) => "?".into(),
    }
}

/// Every MethodDef of the input, in row order.
#[salsa::tracked(returns(ref))]
pub fn method_list(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
) -> Result<Vec<MethodInfo>, String> {
    let types = type_context(db, src, refs).as_ref().map_err(Clone::clone)?;
    let asm = types.input();
    asm.handles::<MethodDefHandle>()
        .map(|h| {
            let name = crate::names::method_name(types, h).map_err(|e| e.to_string())?;
            let no_il = crate::pipeline::no_il_reason(asm, h).map_err(|e| e.to_string())?;
            let canonical = match crate::pipeline::genericity(types, h) {
                Ok(crate::pipeline::Genericity::Canonical) if no_il.is_none() => {
                    Some(crate::names::canonical_method_name(types, h).map_err(|e| e.to_string())?)
                }
                Ok(_) => None,
                Err(e) => return Err(e.to_string()),
            };
            Ok(MethodInfo {
                rid: h.0,
                name,
                no_il,
                canonical,
            })
        })
        .collect()
}

/// The entry of MethodDef `rid` in a [`method_list`] (which is in row
/// order).
pub fn method_info(methods: &[MethodInfo], rid: u32) -> Option<&MethodInfo> {
    let i = usize::try_from(rid).ok()?.checked_sub(1)?;
    methods.get(i).filter(|m| m.rid == rid)
}

/// The IR of MethodDef `rid`, or why it cannot be lowered. A firewall: an
/// edit elsewhere in the assembly that leaves this method's IR equal stops
/// invalidation here, and code generation is reused.
#[salsa::tracked(returns(ref))]
pub fn lowered_method(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    rid: u32,
) -> Result<kiln_ir::Function, Skip> {
    let types = types_or_skip(db, src, refs)?;
    crate::pipeline::lower_method(types, MethodDefHandle(rid))
}

/// The type context, or a skip naming why the input cannot be read.
fn types_or_skip(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
) -> Result<&TypeContext, Skip> {
    type_context(db, src, refs)
        .as_ref()
        .map_err(|e| Skip::metadata(e.clone()))
}

/// The compiled code of MethodDef `rid`, or why it was skipped.
#[salsa::tracked(returns(ref))]
pub fn compiled_method(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    settings: Settings,
    rid: u32,
) -> Result<MethodStencil, Skip> {
    let optimized = optimized_method(db, src, refs, settings, rid)
        .as_ref()
        .map_err(Clone::clone)?;
    let ir = match &optimized.func {
        Some(f) => f,
        None => lowered_method(db, src, refs, rid)
            .as_ref()
            .map_err(Clone::clone)?,
    };
    crate::pipeline::generate_code(ir, settings.options(db), &*settings.backend(db).0)
}

/// The IR of MethodDef `rid` after the IR-level optimisations (inlining,
/// see [`crate::optimize`]), with the tokens of the methods inlined into it.
#[salsa::tracked(returns(ref))]
pub fn optimized_method(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    settings: Settings,
    rid: u32,
) -> Result<crate::optimize::Optimized, Skip> {
    let ir = lowered_method(db, src, refs, rid)
        .as_ref()
        .map_err(Clone::clone)?;
    Ok(crate::optimize::optimize(db, src, refs, settings, rid, ir))
}

/// The IR of the canonical (`__Canon`) instantiation of MethodDef `rid`
/// (an instance method of a generic class), or why it cannot be lowered.
#[salsa::tracked(returns(ref))]
pub fn lowered_canonical(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    rid: u32,
) -> Result<kiln_ir::Function, Skip> {
    let types = types_or_skip(db, src, refs)?;
    crate::pipeline::lower_canonical(types, MethodDefHandle(rid))
}

/// The compiled code of the canonical instantiation of MethodDef `rid`.
#[salsa::tracked(returns(ref))]
pub fn compiled_canonical(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    settings: Settings,
    rid: u32,
) -> Result<MethodStencil, Skip> {
    let ir = lowered_canonical(db, src, refs, rid)
        .as_ref()
        .map_err(Clone::clone)?;
    let optimized = optimized_canonical(db, src, refs, settings, rid)
        .as_ref()
        .map_err(Clone::clone)?;
    let ir = optimized.func.as_ref().unwrap_or(ir);
    crate::pipeline::generate_code(ir, settings.options(db), &*settings.backend(db).0)
}

/// [`optimized_method`] for the canonical instantiation of MethodDef
/// `rid`: small non-generic callees of the input inlined into shared code.
#[salsa::tracked(returns(ref))]
pub fn optimized_canonical(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    settings: Settings,
    rid: u32,
) -> Result<crate::optimize::Optimized, Skip> {
    let ir = lowered_canonical(db, src, refs, rid)
        .as_ref()
        .map_err(Clone::clone)?;
    Ok(crate::optimize::optimize(db, src, refs, settings, rid, ir))
}

/// The database. Cloning gives a handle for another thread.
#[salsa::db]
#[derive(Clone)]
pub struct Database {
    storage: salsa::Storage<Self>,
    executed: Arc<Mutex<Option<Vec<String>>>>,
}

impl Default for Database {
    fn default() -> Self {
        let executed: Arc<Mutex<Option<Vec<String>>>> = Arc::default();
        let log = executed.clone();
        Database {
            storage: salsa::Storage::new(Some(Box::new(move |event: salsa::Event| {
                if let salsa::EventKind::WillExecute { database_key } = event.kind {
                    if let Some(v) = &mut *log.lock().unwrap() {
                        v.push(format!("{database_key:?}"));
                    }
                }
            }))),
            executed,
        }
    }
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").finish_non_exhaustive()
    }
}

#[salsa::db]
impl salsa::Database for Database {}

impl Database {
    /// Starts recording which queries execute (for tests of reuse).
    pub fn record_executions(&self) {
        *self.executed.lock().unwrap() = Some(Vec::new());
    }

    /// The queries executed since the last call (or since recording began),
    /// as salsa names them (`compiled_method(Id(…))`).
    pub fn take_executions(&self) -> Vec<String> {
        self.executed
            .lock()
            .unwrap()
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }
}
