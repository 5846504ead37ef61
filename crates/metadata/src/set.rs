//! An assembly set and cross-assembly resolution (ECMA-335 II.22.38,
//! II.22.14, II.22.25): `AssemblyRef` → assembly by simple name (probing the
//! referencing assembly's own folder first), `TypeRef` → `TypeDef` through
//! nesting and type forwarders (`ExportedType`), and `MemberRef` →
//! `MethodDef`/`FieldDef` by name and signature, comparing types by identity
//! across assemblies (generic member references through a `TypeSpec` parent
//! are matched against the generic definition's signature, which is how the
//! runtime binds them before substitution).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::error::MetadataError;
use crate::sig::{MemberSig, MethodSig, SigParser, TypeSig};
use crate::tables::*;
use crate::Assembly;

thread_local! {
    static TYPESPEC_DEPTH: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Bounds recursion through `TypeSpec` rows (a malformed TypeSpec can name
/// itself): at most 32 nested expansions per thread.
pub(crate) struct SpecGuard;

impl SpecGuard {
    pub(crate) fn enter() -> Option<SpecGuard> {
        TYPESPEC_DEPTH.with(|d| {
            if d.get() >= 32 {
                None
            } else {
                d.set(d.get() + 1);
                Some(SpecGuard)
            }
        })
    }
}

impl Drop for SpecGuard {
    fn drop(&mut self) {
        TYPESPEC_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Index of an assembly in an [`AssemblySet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AsmId(pub u32);

/// A type definition anywhere in the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeDefId {
    /// The defining assembly.
    pub asm: AsmId,
    /// The TypeDef row.
    pub def: TypeDefHandle,
}

/// A method definition anywhere in the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MethodDefId {
    /// The defining assembly.
    pub asm: AsmId,
    /// The MethodDef row.
    pub def: MethodDefHandle,
}

/// A field definition anywhere in the set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldDefId {
    /// The defining assembly.
    pub asm: AsmId,
    /// The Field row.
    pub def: FieldHandle,
}

/// What a `MemberRef` resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MemberDef {
    /// A method.
    Method(MethodDefId),
    /// A field.
    Field(FieldDefId),
    /// A runtime-provided method of an array type (`Get`, `Set`, `Address`,
    /// `.ctor` on a `TypeSpec` array parent): the referencing assembly and the
    /// MemberRef.
    ArrayMethod(AsmId, MemberRefHandle),
}

/// Why a reference could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The reference points outside the set (an assembly, type or member not loaded).
    Unresolved(String),
    /// The metadata itself is malformed.
    Metadata(MetadataError),
}

impl From<MetadataError> for ResolveError {
    fn from(e: MetadataError) -> Self {
        ResolveError::Metadata(e)
    }
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ResolveError::Unresolved(s) => write!(f, "unresolved: {s}"),
            ResolveError::Metadata(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for ResolveError {}

/// Result of resolution.
pub type ResolveResult<T> = std::result::Result<T, ResolveError>;

#[derive(Debug, Default)]
pub(crate) struct TypeIndex {
    top: HashMap<(String, String), TypeDefHandle>,
    nested: HashMap<(u32, String), TypeDefHandle>,
    exported: HashMap<(String, String), ExportedTypeHandle>,
    exported_nested: HashMap<(u32, String), ExportedTypeHandle>,
}

/// A set of assemblies that reference each other.
#[derive(Debug, Default)]
pub struct AssemblySet {
    assemblies: Vec<Assembly>,
    by_name: HashMap<String, Vec<AsmId>>,
    asm_ref_cache: Vec<OnceLock<Vec<Option<AsmId>>>>,
    /// Per assembly: its module statics layout (see `types`), computed once
    /// for every `TypeSystem` over this set.
    module_statics: Vec<crate::types::ModuleStaticsMemo>,
    groups: Vec<u32>,
    core: OnceLock<Option<AsmId>>,
    /// Per assembly: whether it is a core library itself.
    is_core: Vec<OnceLock<bool>>,
}

/// Files that could not be added to a set while loading folders.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Files that are not CLI images (native DLLs) and were skipped.
    pub skipped: Vec<PathBuf>,
    /// Files that failed to parse.
    pub errors: Vec<(PathBuf, MetadataError)>,
}

impl AssemblySet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Builds a set from files and folders (folders are searched recursively
    /// for `*.dll`/`*.exe`).
    pub fn from_paths<P: AsRef<Path>>(paths: &[P]) -> (Self, LoadReport) {
        let mut files = Vec::new();
        for (g, p) in paths.iter().enumerate() {
            let mut fs = Vec::new();
            collect_files(p.as_ref(), &mut fs);
            files.extend(fs.into_iter().map(|f| (g as u32, f)));
        }
        let mut set = Self::new();
        let mut report = LoadReport::default();
        for (g, f) in files {
            match Assembly::open(&f) {
                Ok(a) => {
                    set.add_in_group(a, g);
                }
                Err(MetadataError::NotCli) => report.skipped.push(f),
                Err(e) => report.errors.push((f, e)),
            }
        }
        (set, report)
    }

    /// Adds an assembly; returns its id.
    pub fn add(&mut self, asm: Assembly) -> AsmId {
        self.add_in_group(asm, 0)
    }

    /// Adds an assembly to a probing group (name clashes between groups are
    /// resolved in favour of the referencing assembly's group).
    pub fn add_in_group(&mut self, asm: Assembly, group: u32) -> AsmId {
        self.groups.push(group);
        let id = AsmId(self.assemblies.len() as u32);
        let name = asm
            .name()
            .or_else(|| asm.module_name().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        self.by_name.entry(name).or_default().push(id);
        self.assemblies.push(asm);
        // Answers that depend on the other members of the set are stale now.
        for c in &mut self.asm_ref_cache {
            *c = OnceLock::new();
        }
        self.asm_ref_cache.push(OnceLock::new());
        for m in &mut self.module_statics {
            *m = Default::default();
        }
        self.module_statics.push(Default::default());
        self.is_core.push(OnceLock::new());
        self.core = OnceLock::new();
        id
    }

    /// The assembly with id `id`.
    ///
    /// # Panics
    /// If `id` did not come from this set.
    pub fn get(&self, id: AsmId) -> &Assembly {
        &self.assemblies[id.0 as usize]
    }

    /// All assemblies with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (AsmId, &Assembly)> {
        self.assemblies
            .iter()
            .enumerate()
            .map(|(i, a)| (AsmId(i as u32), a))
    }

    /// Number of assemblies.
    pub fn len(&self) -> usize {
        self.assemblies.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.assemblies.is_empty()
    }

    /// Finds an assembly by simple name (case-insensitive); with several,
    /// prefers one in the same folder as `near`.
    pub fn find_by_name(&self, name: &str, near: Option<AsmId>) -> Option<AsmId> {
        let ids = self.by_name.get(&name.to_ascii_lowercase())?;
        if ids.len() > 1 {
            if let Some(dir) = near
                .and_then(|n| self.get(n).path())
                .and_then(|p| p.parent())
            {
                if let Some(id) = ids
                    .iter()
                    .find(|&&i| self.get(i).path().and_then(|p| p.parent()) == Some(dir))
                {
                    return Some(*id);
                }
            }
            if let Some(n) = near {
                let g = self.groups[n.0 as usize];
                if let Some(id) = ids.iter().find(|&&i| self.groups[i.0 as usize] == g) {
                    return Some(*id);
                }
            }
        }
        ids.first().copied()
    }

    /// The core library: the assembly defining `System.Object` without a base
    /// type (`System.Private.CoreLib` preferred, else e.g. Mono's `mscorlib`).
    pub fn core_library(&self) -> Option<AsmId> {
        *self.core.get_or_init(|| {
            // By name first: indexing every member to find it costs more
            // than the rest of a small compile.
            if let Some(ids) = self.by_name.get("system.private.corelib") {
                if let Some(&id) = ids.iter().find(|&&id| self.is_core_library(id)) {
                    return Some(id);
                }
            }
            let mut best = None;
            for (id, a) in self.iter() {
                if self.is_core_library(id) {
                    if a.name() == Some("System.Private.CoreLib") {
                        return Some(id);
                    }
                    best = best.or(Some(id));
                }
            }
            best
        })
    }

    /// True when `asm` is a core library: it defines `System.Object` with no
    /// base type, so its own `System.ValueType`, `System.Int32`, ... are the
    /// well-known types its code means (ECMA-335 II.22.37: only
    /// `System.Object` and interfaces lack an `Extends`). A set may hold
    /// several, e.g. Mono's `mscorlib` compiled against .NET's
    /// `System.Private.CoreLib`.
    pub fn is_core_library(&self, asm: AsmId) -> bool {
        *self.is_core[asm.0 as usize].get_or_init(|| {
            let a = self.get(asm);
            self.index(asm)
                .top
                .get(&("System".to_string(), "Object".to_string()))
                .is_some_and(|&t| a.type_def(t).is_ok_and(|r| r.extends.is_none()))
        })
    }

    /// The core library whose types `asm`'s signatures mean by `object`,
    /// `string`, `int32`, ...: `asm` itself when it is one, else
    /// [`Self::core_library`].
    pub fn core_library_of(&self, asm: AsmId) -> Option<AsmId> {
        if self.is_core_library(asm) {
            Some(asm)
        } else {
            self.core_library()
        }
    }

    /// Finds a well-known type `namespace.name` in the core library.
    pub fn core_type(&self, namespace: &str, name: &str) -> Option<TypeDefId> {
        let core = self.core_library()?;
        self.find_type(core, namespace, name)
    }

    /// The memo slot of `asm`'s module statics layout.
    pub(crate) fn module_statics_memo(&self, asm: AsmId) -> &crate::types::ModuleStaticsMemo {
        &self.module_statics[asm.0 as usize]
    }

    fn index(&self, id: AsmId) -> &TypeIndex {
        let asm = self.get(id);
        asm.type_index_memo().get_or_init(|| build_index(asm))
    }

    /// Finds a top-level type defined (not forwarded) in `asm`.
    pub fn find_type(&self, asm: AsmId, namespace: &str, name: &str) -> Option<TypeDefId> {
        let def = *self
            .index(asm)
            .top
            .get(&(namespace.to_string(), name.to_string()))?;
        Some(TypeDefId { asm, def })
    }

    /// Finds a nested type `name` inside `enclosing`.
    pub fn find_nested_type(&self, enclosing: TypeDefId, name: &str) -> Option<TypeDefId> {
        let def = *self
            .index(enclosing.asm)
            .nested
            .get(&(enclosing.def.0, name.to_string()))?;
        Some(TypeDefId {
            asm: enclosing.asm,
            def,
        })
    }

    /// Resolves an `AssemblyRef` of `asm`.
    ///
    /// # Errors
    /// [`ResolveError::Unresolved`] when the assembly is not in the set.
    pub fn resolve_assembly_ref(&self, asm: AsmId, r: AssemblyRefHandle) -> ResolveResult<AsmId> {
        let a = self.get(asm);
        let cache = self.asm_ref_cache[asm.0 as usize].get_or_init(|| {
            a.handles::<AssemblyRefHandle>()
                .map(|h| {
                    let row: AssemblyRefRow = a.row(h).ok()?;
                    self.find_by_name(a.string(row.name).ok()?, Some(asm))
                })
                .collect()
        });
        match cache.get(r.0.wrapping_sub(1) as usize) {
            Some(Some(id)) => Ok(*id),
            Some(None) => {
                let row: AssemblyRefRow = a.row(r)?;
                Err(ResolveError::Unresolved(format!(
                    "assembly {}",
                    a.string(row.name)?
                )))
            }
            None => Err(MetadataError::RowOutOfRange {
                table: TableId::AssemblyRef,
                row: r.0,
                count: a.row_count(TableId::AssemblyRef),
            }
            .into()),
        }
    }

    /// Finds an exported (public) type by name in `asm`, following type forwarders.
    ///
    /// # Errors
    /// [`ResolveError::Unresolved`] if neither defined nor forwarded there.
    pub fn find_exported_type(
        &self,
        asm: AsmId,
        namespace: &str,
        name: &str,
    ) -> ResolveResult<TypeDefId> {
        self.find_exported_type_depth(asm, namespace, name, 0)
    }

    fn find_exported_type_depth(
        &self,
        asm: AsmId,
        ns: &str,
        name: &str,
        depth: u32,
    ) -> ResolveResult<TypeDefId> {
        if depth > 16 {
            return Err(ResolveError::Unresolved(format!(
                "type forwarding cycle at {ns}.{name}"
            )));
        }
        if let Some(t) = self.find_type(asm, ns, name) {
            return Ok(t);
        }
        let key = (ns.to_string(), name.to_string());
        if let Some(&e) = self.index(asm).exported.get(&key) {
            return self.follow_exported(asm, e, depth + 1);
        }
        Err(ResolveError::Unresolved(format!(
            "type {ns}.{name} in {}",
            self.get(asm).name().unwrap_or("?")
        )))
    }

    fn follow_exported(
        &self,
        asm: AsmId,
        e: ExportedTypeHandle,
        depth: u32,
    ) -> ResolveResult<TypeDefId> {
        let a = self.get(asm);
        let row: ExportedTypeRow = a.row(e)?;
        let (ns, name) = (a.string(row.namespace)?, a.string(row.name)?);
        match row.implementation {
            Some(Implementation::AssemblyRef(r)) => {
                let target = self.resolve_assembly_ref(asm, r)?;
                self.find_exported_type_depth(target, ns, name, depth)
            }
            Some(Implementation::ExportedType(outer)) => {
                let enclosing = self.follow_exported(asm, outer, depth + 1)?;
                self.find_nested_type(enclosing, name).ok_or_else(|| {
                    ResolveError::Unresolved(format!("nested type {name} of forwarded type"))
                })
            }
            Some(Implementation::File(_)) | None => Err(ResolveError::Unresolved(format!(
                "type {ns}.{name} in another module"
            ))),
        }
    }

    /// Resolves a `TypeRef` of `asm` to its definition.
    ///
    /// # Errors
    /// [`ResolveError::Unresolved`] when it points outside the set.
    pub fn resolve_type_ref(&self, asm: AsmId, r: TypeRefHandle) -> ResolveResult<TypeDefId> {
        self.resolve_type_ref_depth(asm, r, 0)
    }

    fn resolve_type_ref_depth(
        &self,
        asm: AsmId,
        r: TypeRefHandle,
        depth: u32,
    ) -> ResolveResult<TypeDefId> {
        if depth > 64 {
            return Err(MetadataError::BadColumn {
                table: TableId::TypeRef,
                row: r.0,
                column: "resolution_scope",
                value: 0,
            }
            .into());
        }
        let a = self.get(asm);
        let row = a.type_ref(r)?;
        let (ns, name) = (a.string(row.namespace)?, a.string(row.name)?);
        match row.resolution_scope {
            Some(ResolutionScope::AssemblyRef(ar)) => {
                let target = self.resolve_assembly_ref(asm, ar)?;
                self.find_exported_type(target, ns, name)
            }
            Some(ResolutionScope::Module(_)) => self.find_type(asm, ns, name).ok_or_else(|| {
                ResolveError::Unresolved(format!("type {ns}.{name} in its own module"))
            }),
            Some(ResolutionScope::TypeRef(outer)) => {
                let enclosing = self.resolve_type_ref_depth(asm, outer, depth + 1)?;
                self.find_nested_type(enclosing, name).ok_or_else(|| {
                    ResolveError::Unresolved(format!(
                        "nested type {name} in {}",
                        self.type_name(enclosing)
                    ))
                })
            }
            Some(ResolutionScope::ModuleRef(_)) => Err(ResolveError::Unresolved(format!(
                "type {ns}.{name} in another module"
            ))),
            None => {
                let key = (ns.to_string(), name.to_string());
                match self.index(asm).exported.get(&key) {
                    Some(&e) => self.follow_exported(asm, e, 1),
                    None => Err(ResolveError::Unresolved(format!(
                        "type {ns}.{name} (null scope)"
                    ))),
                }
            }
        }
    }

    /// Resolves a `TypeDefOrRef` to a definition (a `TypeSpec` resolves to its
    /// generic type definition, or fails for non-definition types).
    ///
    /// # Errors
    /// As [`AssemblySet::resolve_type_ref`].
    pub fn resolve_type_def_or_ref(&self, asm: AsmId, t: TypeDefOrRef) -> ResolveResult<TypeDefId> {
        match t {
            TypeDefOrRef::TypeDef(def) => {
                if def.0 == 0 || def.0 > self.get(asm).row_count(TableId::TypeDef) {
                    return Err(MetadataError::RowOutOfRange {
                        table: TableId::TypeDef,
                        row: def.0,
                        count: self.get(asm).row_count(TableId::TypeDef),
                    }
                    .into());
                }
                Ok(TypeDefId { asm, def })
            }
            TypeDefOrRef::TypeRef(r) => self.resolve_type_ref(asm, r),
            TypeDefOrRef::TypeSpec(s) => {
                let _g = SpecGuard::enter().ok_or(MetadataError::BadColumn {
                    table: TableId::TypeSpec,
                    row: s.0,
                    column: "signature",
                    value: s.0,
                })?;
                match self.get(asm).type_spec_sig(s)?.strip_modifiers() {
                    TypeSig::GenericInst { generic, .. } => {
                        self.resolve_type_def_or_ref(asm, *generic)
                    }
                    TypeSig::ValueType(t) | TypeSig::Class(t) => {
                        self.resolve_type_def_or_ref(asm, *t)
                    }
                    _ => Err(ResolveError::Unresolved(
                        "TypeSpec is not a named type".into(),
                    )),
                }
            }
        }
    }

    /// `Namespace.Name` (with `+` for nesting) of a type definition.
    pub fn type_name(&self, t: TypeDefId) -> String {
        let a = self.get(t.asm);
        let (ns, name) = a.type_def_name(t.def).unwrap_or(("?", "?"));
        match a.enclosing_type(t.def) {
            Some(e) if e != t.def => format!(
                "{}+{}",
                self.type_name(TypeDefId { asm: t.asm, def: e }),
                name
            ),
            _ if ns.is_empty() => name.to_string(),
            _ => format!("{ns}.{name}"),
        }
    }

    /// The base type of a definition (`None` for `System.Object`, interfaces).
    ///
    /// # Errors
    /// As [`AssemblySet::resolve_type_def_or_ref`].
    pub fn base_type(&self, t: TypeDefId) -> ResolveResult<Option<TypeDefId>> {
        match self.get(t.asm).type_def(t.def)?.extends {
            None => Ok(None),
            Some(e) => self.resolve_type_def_or_ref(t.asm, e).map(Some),
        }
    }

    /// Resolves a `MemberRef` of `asm` to the method or field it names.
    ///
    /// # Errors
    /// [`ResolveError::Unresolved`] when the parent type or a matching member is missing.
    pub fn resolve_member_ref(&self, asm: AsmId, m: MemberRefHandle) -> ResolveResult<MemberDef> {
        let a = self.get(asm);
        let row = a.member_ref(m)?;
        let name = a.string(row.name)?;
        let sig = SigParser::parse_member_ref(a.blob(row.signature)?, row.signature.0)?;
        let parent = match row.class {
            Some(MemberRefParent::TypeDef(d)) => TypeDefId { asm, def: d },
            Some(MemberRefParent::TypeRef(r)) => self.resolve_type_ref(asm, r)?,
            Some(MemberRefParent::TypeSpec(s)) => {
                if matches!(
                    a.type_spec_sig(s)?.strip_modifiers(),
                    TypeSig::Array(..) | TypeSig::SzArray(_)
                ) {
                    return Ok(MemberDef::ArrayMethod(asm, m));
                }
                self.resolve_type_def_or_ref(asm, TypeDefOrRef::TypeSpec(s))?
            }
            Some(MemberRefParent::MethodDef(d)) => {
                return Ok(MemberDef::Method(MethodDefId { asm, def: d }))
            }
            Some(MemberRefParent::ModuleRef(_)) => {
                return Err(ResolveError::Unresolved(format!(
                    "global member {name} of another module"
                )))
            }
            None => {
                return Err(MetadataError::BadColumn {
                    table: TableId::MemberRef,
                    row: m.0,
                    column: "class",
                    value: 0,
                }
                .into())
            }
        };
        let mut ty = Some(parent);
        let mut guard = 0;
        while let Some(t) = ty {
            if let Some(found) = self.find_member_in(asm, &sig, name, t)? {
                return Ok(found);
            }
            guard += 1;
            if guard > 64 {
                break;
            }
            ty = self.base_type(t)?;
        }
        Err(ResolveError::Unresolved(format!(
            "member {}::{name}",
            self.type_name(parent)
        )))
    }

    fn find_member_in(
        &self,
        from: AsmId,
        sig: &MemberSig,
        name: &str,
        t: TypeDefId,
    ) -> ResolveResult<Option<MemberDef>> {
        let ta = self.get(t.asm);
        match sig {
            MemberSig::Method(ms) => {
                let mut lenient = None;
                for md in ta.type_methods(t.def)? {
                    let row = ta.method_def(md)?;
                    if ta.string(row.name)? != name {
                        continue;
                    }
                    let dsig = SigParser::parse_method(ta.blob(row.signature)?, row.signature.0)?;
                    if self.method_sigs_equal(from, ms, t.asm, &dsig, true) {
                        return Ok(Some(MemberDef::Method(MethodDefId {
                            asm: t.asm,
                            def: md,
                        })));
                    }
                    if lenient.is_none() && self.method_sigs_equal(from, ms, t.asm, &dsig, false) {
                        lenient = Some(md);
                    }
                }
                Ok(lenient.map(|md| {
                    MemberDef::Method(MethodDefId {
                        asm: t.asm,
                        def: md,
                    })
                }))
            }
            MemberSig::Field(fs) => {
                let mut lenient = None;
                for f in ta.type_fields(t.def)? {
                    let row = ta.field(f)?;
                    if ta.string(row.name)? != name {
                        continue;
                    }
                    let dsig = SigParser::parse_field(ta.blob(row.signature)?, row.signature.0)?;
                    if self.types_equal(from, fs, t.asm, &dsig, true) {
                        return Ok(Some(MemberDef::Field(FieldDefId { asm: t.asm, def: f })));
                    }
                    if lenient.is_none() && self.types_equal(from, fs, t.asm, &dsig, false) {
                        lenient = Some(f);
                    }
                }
                Ok(lenient.map(|f| MemberDef::Field(FieldDefId { asm: t.asm, def: f })))
            }
        }
    }

    /// Compares two method signatures from (possibly) different assemblies.
    /// With `strict`, custom modifiers must match too.
    pub fn method_sigs_equal(
        &self,
        a1: AsmId,
        s1: &MethodSig,
        a2: AsmId,
        s2: &MethodSig,
        strict: bool,
    ) -> bool {
        s1.call_conv.0 & 0x3F == s2.call_conv.0 & 0x3F
            && s1.generic_param_count == s2.generic_param_count
            && s1.fixed_params().len() == s2.fixed_params().len()
            && self.types_equal(a1, &s1.ret, a2, &s2.ret, strict)
            && s1
                .fixed_params()
                .iter()
                .zip(s2.fixed_params())
                .all(|(x, y)| self.types_equal(a1, x, a2, y, strict))
    }

    fn tdor_equal(
        &self,
        a1: AsmId,
        t1: TypeDefOrRef,
        a2: AsmId,
        t2: TypeDefOrRef,
        strict: bool,
    ) -> bool {
        match (t1, t2) {
            (TypeDefOrRef::TypeSpec(s1), TypeDefOrRef::TypeSpec(s2)) => {
                let Some(_g) = SpecGuard::enter() else {
                    return false;
                };
                match (
                    self.get(a1).type_spec_sig(s1),
                    self.get(a2).type_spec_sig(s2),
                ) {
                    (Ok(x), Ok(y)) => self.types_equal(a1, &x, a2, &y, strict),
                    _ => false,
                }
            }
            (TypeDefOrRef::TypeSpec(_), _) | (_, TypeDefOrRef::TypeSpec(_)) => false,
            _ => match (
                self.resolve_type_def_or_ref(a1, t1),
                self.resolve_type_def_or_ref(a2, t2),
            ) {
                (Ok(x), Ok(y)) => x == y,
                _ => {
                    self.tdor_name(a1, t1).is_some()
                        && self.tdor_name(a1, t1) == self.tdor_name(a2, t2)
                }
            },
        }
    }

    fn tdor_name(&self, asm: AsmId, t: TypeDefOrRef) -> Option<(String, String)> {
        let a = self.get(asm);
        let (ns, n) = match t {
            TypeDefOrRef::TypeDef(d) => a.type_def_name(d).ok()?,
            TypeDefOrRef::TypeRef(r) => a.type_ref_name(r).ok()?,
            TypeDefOrRef::TypeSpec(_) => return None,
        };
        Some((ns.to_string(), n.to_string()))
    }

    /// Compares two signature types from (possibly) different assemblies by identity.
    pub fn types_equal(
        &self,
        a1: AsmId,
        t1: &TypeSig,
        a2: AsmId,
        t2: &TypeSig,
        strict: bool,
    ) -> bool {
        let (t1, t2) = if strict {
            (t1, t2)
        } else {
            (t1.strip_modifiers(), t2.strip_modifiers())
        };
        use TypeSig as T;
        match (t1, t2) {
            (T::Void, T::Void)
            | (T::String, T::String)
            | (T::Object, T::Object)
            | (T::TypedByRef, T::TypedByRef) => true,
            (T::Primitive(x), T::Primitive(y)) => x == y,
            (T::Var(x), T::Var(y)) | (T::MVar(x), T::MVar(y)) => x == y,
            (T::ValueType(x), T::ValueType(y)) | (T::Class(x), T::Class(y)) => {
                self.tdor_equal(a1, *x, a2, *y, strict)
            }
            (T::Ptr(x), T::Ptr(y))
            | (T::ByRef(x), T::ByRef(y))
            | (T::SzArray(x), T::SzArray(y))
            | (T::Pinned(x), T::Pinned(y)) => self.types_equal(a1, x, a2, y, strict),
            (T::Array(x, sx), T::Array(y, sy)) => {
                sx.rank == sy.rank && self.types_equal(a1, x, a2, y, strict)
            }
            (
                T::GenericInst {
                    generic: g1,
                    args: x,
                    ..
                },
                T::GenericInst {
                    generic: g2,
                    args: y,
                    ..
                },
            ) => {
                x.len() == y.len()
                    && self.tdor_equal(a1, *g1, a2, *g2, strict)
                    && x.iter()
                        .zip(y)
                        .all(|(p, q)| self.types_equal(a1, p, a2, q, strict))
            }
            (T::FnPtr(x), T::FnPtr(y)) => self.method_sigs_equal(a1, x, a2, y, strict),
            (
                T::Modified {
                    required: r1,
                    modifier: m1,
                    inner: i1,
                },
                T::Modified {
                    required: r2,
                    modifier: m2,
                    inner: i2,
                },
            ) => {
                r1 == r2
                    && self.tdor_equal(a1, *m1, a2, *m2, strict)
                    && self.types_equal(a1, i1, a2, i2, strict)
            }
            _ => false,
        }
    }
}

fn collect_files(p: &Path, out: &mut Vec<PathBuf>) {
    collect_files_depth(p, out, 0)
}

fn collect_files_depth(p: &Path, out: &mut Vec<PathBuf>, depth: u32) {
    if p.is_dir() {
        // Bounded: directory symlinks may form cycles.
        if depth > 16 {
            return;
        }
        let mut entries: Vec<PathBuf> = match std::fs::read_dir(p) {
            Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(_) => return,
        };
        entries.sort();
        for e in entries {
            collect_files_depth(&e, out, depth + 1);
        }
    } else if p
        .extension()
        .and_then(|e| e.to_str())
        .map(|e| e.eq_ignore_ascii_case("dll") || e.eq_ignore_ascii_case("exe"))
        .unwrap_or(false)
    {
        out.push(p.to_path_buf());
    }
}

fn build_index(a: &Assembly) -> TypeIndex {
    let mut idx = TypeIndex::default();
    let mut nested_of: HashMap<u32, u32> = HashMap::new();
    for h in a.handles::<NestedClassHandle>() {
        if let Ok(row) = a.row::<NestedClassRow>(h) {
            nested_of.insert(row.nested.0, row.enclosing.0);
        }
    }
    for t in a.handles::<TypeDefHandle>() {
        let Ok(row) = a.type_def(t) else { continue };
        let (Ok(ns), Ok(name)) = (a.string(row.namespace), a.string(row.name)) else {
            continue;
        };
        match nested_of.get(&t.0) {
            Some(&enc) => {
                idx.nested.insert((enc, name.to_string()), t);
            }
            None => {
                idx.top
                    .entry((ns.to_string(), name.to_string()))
                    .or_insert(t);
            }
        }
    }
    for e in a.handles::<ExportedTypeHandle>() {
        let Ok(row) = a.row::<ExportedTypeRow>(e) else {
            continue;
        };
        let (Ok(ns), Ok(name)) = (a.string(row.namespace), a.string(row.name)) else {
            continue;
        };
        match row.implementation {
            Some(Implementation::ExportedType(outer)) => {
                idx.exported_nested.insert((outer.0, name.to_string()), e);
            }
            _ => {
                idx.exported
                    .entry((ns.to_string(), name.to_string()))
                    .or_insert(e);
            }
        }
    }
    idx
}
