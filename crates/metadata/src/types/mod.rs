//! The type system R2R needs: type identity across an [`AssemblySet`]
//! ([`TypeKey`]), instance field layout exactly as CoreCLR 8 computes it
//! (auto, sequential, explicit, packing, class size, GC-ref placement, base
//! class size, `InlineArray`, the 16-byte `Int128` and vector alignments and
//! the version-bubble base alignment rule), the GC reference map, .NET 8
//! static field layout, virtual slot layout, interface maps and the method a
//! `constrained.` call reaches on a value type (`constrained.rs`).
//!
//! Sources (dotnet/runtime, .NET 8): `src/coreclr/vm/methodtablebuilder.cpp`
//! (`PlaceInstanceFields`, `NeedsAlignedBaseOffset`, `PlaceRegularStaticFields`),
//! `src/coreclr/tools/Common/TypeSystem/Common/MetadataFieldLayoutAlgorithm.cs`,
//! `.../ILCompiler.ReadyToRun/Compiler/ReadyToRunMetadataFieldLayoutAlgorithm.cs`
//! and `ReadyToRunCompilationModuleGroupBase.cs` (`NeedsAlignmentBetweenBaseTypeAndDerived`),
//! `Int128FieldLayoutAlgorithm.cs`, `VectorFieldLayoutAlgorithm.cs`. Every
//! claim is checked against the real runtime by the layout oracle
//! (`tests/layout-oracle`).
//!
//! Offsets of class fields include the 8-byte MethodTable pointer (the first
//! field of a class with no base fields is at offset 8), as in R2R fixups.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::error::MetadataError;
use crate::set::{
    AsmId, AssemblySet, FieldDefId, MethodDefId, ResolveError, ResolveResult, TypeDefId,
};
use crate::sig::{Primitive, TypeSig};
use crate::tables::*;

mod constrained;
pub use constrained::ConstrainedTarget;

const PTR: u32 = 8;
/// Largest instance size accepted (the runtime's limits are far below this).
const MAX_INSTANCE: u32 = 1 << 28;

/// Identity of a type (ECMA-335 I.8): definitions with their instantiation,
/// and constructed types. Primitives, `string` and `object` are the core
/// library's definitions.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TypeKey {
    /// A (possibly instantiated) type definition.
    Def(TypeDefId, Vec<TypeKey>),
    /// `T*`.
    Ptr(Box<TypeKey>),
    /// `T&`.
    ByRef(Box<TypeKey>),
    /// `T[]`.
    SzArray(Box<TypeKey>),
    /// `T[,...]` with its rank.
    Array(Box<TypeKey>, u32),
    /// A function pointer (identity by signature is not needed for layout).
    FnPtr,
    /// An unsubstituted type generic parameter.
    Var(u32),
    /// An unsubstituted method generic parameter.
    MVar(u32),
}

/// Which instance layout algorithm applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LayoutKind {
    /// Auto layout (fields reordered).
    Auto,
    /// Sequential layout.
    Sequential,
    /// Explicit layout (`FieldLayout` offsets).
    Explicit,
    /// A primitive type.
    Primitive,
}

/// How a field's storage is classified for layout and GC reporting.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldClass {
    /// An object reference (GC-tracked).
    GcRef,
    /// A managed pointer (`ref` field of a byref-like type).
    ByRef,
    /// A primitive or enum, unmanaged pointer or function pointer of this size.
    Scalar(u32),
    /// A non-primitive value type stored inline.
    ValueType(TypeKey),
}

/// One instance field and where it lives.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FieldPlacement {
    /// The field.
    pub field: FieldDefId,
    /// Offset (classes: from the object start, including the MethodTable pointer).
    pub offset: u32,
    /// Size in bytes.
    pub size: u32,
    /// Storage class.
    pub class: FieldClass,
}

/// The computed instance layout of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeLayout {
    /// The type.
    pub key: TypeKey,
    /// True for value types.
    pub is_value_type: bool,
    /// The algorithm used.
    pub kind: LayoutKind,
    /// This type's own instance fields, in declaration order.
    pub fields: Vec<FieldPlacement>,
    /// Instance byte count, unaligned (classes: includes the MethodTable pointer,
    /// like crossgen2's `InstanceByteCountUnaligned`).
    pub instance_byte_count: u32,
    /// Size when stored in a field / array element (value types; 8 for classes).
    pub field_size: u32,
    /// Alignment when stored in a field (value types; 8 for classes).
    pub field_alignment: u32,
    /// The runtime's `MethodTable::BaseSize`: for classes
    /// `max(align8(instance_byte_count) + 8, 24)`, for value types the boxed size.
    pub base_size: u32,
    /// Offsets of object references (classes: from object start, base fields included).
    pub gc_refs: Vec<u32>,
    /// Offsets of managed pointers (byref-like types only).
    pub byrefs: Vec<u32>,
    /// True when the instance contains object references.
    pub contains_gc_pointers: bool,
    /// True when the derived fields start at an 8-aligned offset because the base
    /// is across a version-bubble boundary (or its layout depends on one).
    pub aligned_base: bool,
    /// `Int128`/`UInt128` or contains them (16-byte alignment).
    pub has_int128: bool,
}

impl TypeLayout {
    /// The GC reference map: one bit per pointer-sized slot of the instance
    /// (classes: slot 0 is the MethodTable pointer), as `Check_TypeLayout` encodes it.
    pub fn gc_slot_map(&self) -> Vec<bool> {
        let size = if self.is_value_type {
            self.field_size
        } else {
            self.instance_byte_count
        };
        let mut map = vec![false; size.div_ceil(PTR) as usize];
        for &o in &self.gc_refs {
            if let Some(s) = map.get_mut((o / PTR) as usize) {
                *s = true;
            }
        }
        map
    }
}

/// One static field and its offset inside its block.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StaticPlacement {
    /// The field.
    pub field: FieldDefId,
    /// True for thread statics.
    pub thread_static: bool,
    /// True when stored in the GC statics block (references and structs, boxed).
    pub gc: bool,
    /// The offset the runtime records in the field's `FieldDesc`: for non-GC
    /// statics of a non-generic type, from the module's `DomainLocalModule`
    /// (thread statics: `ThreadLocalModule`) base; for GC statics, from the
    /// start of the module's GC statics handle array (8 bytes per handle);
    /// for generic instantiations, from the dynamic entry.
    pub offset: u32,
}

/// Per-type block offsets of a module's statics (regular non-GC, thread
/// non-GC, regular GC, thread GC), crossgen2's `ModuleFieldLayout`.
#[derive(Debug, Default)]
pub(crate) struct ModuleStatics {
    offsets: HashMap<u32, [u32; 4]>,
}

/// A once-computed [`ModuleStatics`] (or why it could not be computed),
/// kept by the [`AssemblySet`] so that every `TypeSystem` over the set
/// shares it: it depends only on the set, not on version bubbles.
pub(crate) type ModuleStaticsMemo = OnceLock<ResolveResult<Arc<ModuleStatics>>>;

/// How one static field is stored (crossgen2 `GetElementTypeInfo`).
#[derive(Debug, Clone, Copy)]
struct StaticInfo {
    size: u32,
    align: u32,
    gc_pointer: bool,
    gc_boxed: bool,
}

/// Per-assembly version bubble assignment used for the base-alignment rule.
#[derive(Debug, Clone)]
pub struct VersionBubbles {
    bubble: Vec<Option<u32>>,
}

impl VersionBubbles {
    /// What the runtime sees for the given set: every ReadyToRun image is its
    /// own bubble; IL-only images are not compiled (no alignment rule).
    pub fn from_images(set: &AssemblySet) -> Self {
        VersionBubbles {
            bubble: set
                .iter()
                .map(|(id, a)| a.is_ready_to_run().then_some(id.0))
                .collect(),
        }
    }
    /// The bubbles the runtime will see once kiln has compiled `compiled` to
    /// ReadyToRun as one version bubble: those assemblies share a bubble; every
    /// other ReadyToRun image (the framework) is its own bubble. Use this when
    /// laying out types for code generation — the runtime aligns derived
    /// fields of a compiled class whose base is outside the bubble.
    pub fn for_compilation(set: &AssemblySet, compiled: &[AsmId]) -> Self {
        let mut b = Self::from_images(set);
        let id = compiled.iter().map(|a| a.0).min().unwrap_or(0);
        for a in compiled {
            b.set(*a, Some(id));
        }
        b
    }

    /// Marks `asm` as compiled to ReadyToRun in bubble `bubble` (`None` = IL only).
    pub fn set(&mut self, asm: AsmId, bubble: Option<u32>) {
        if self.bubble.len() <= asm.0 as usize {
            self.bubble.resize(asm.0 as usize + 1, None);
        }
        self.bubble[asm.0 as usize] = bubble;
    }
    /// The bubble of `asm`, if it is (to be) ReadyToRun-compiled.
    pub fn get(&self, asm: AsmId) -> Option<u32> {
        self.bubble.get(asm.0 as usize).copied().flatten()
    }
}

/// A type system over an assembly set, with memoized layouts.
#[derive(Debug)]
pub struct TypeSystem<'s> {
    set: &'s AssemblySet,
    bubbles: VersionBubbles,
    layouts: Mutex<HashMap<TypeKey, ResolveResult<Arc<TypeLayout>>>>,
    depends: Mutex<HashMap<TypeKey, bool>>,
    in_progress: Mutex<Vec<TypeKey>>,
    core: Option<AsmId>,
}

fn ts_err(set: &AssemblySet, key: &TypeKey, what: impl Into<String>) -> ResolveError {
    let name = match key {
        TypeKey::Def(id, _) => set.type_name(*id),
        other => format!("{other:?}"),
    };
    ResolveError::Metadata(MetadataError::TypeSystem {
        type_name: name,
        what: what.into(),
    })
}

fn align_up(v: u32, a: u32) -> u32 {
    if a <= 1 {
        v
    } else {
        v.div_ceil(a) * a
    }
}

impl<'s> TypeSystem<'s> {
    /// A type system using [`VersionBubbles::from_images`].
    pub fn new(set: &'s AssemblySet) -> Self {
        Self::with_bubbles(set, VersionBubbles::from_images(set))
    }

    /// A type system with an explicit version-bubble assignment.
    pub fn with_bubbles(set: &'s AssemblySet, bubbles: VersionBubbles) -> Self {
        TypeSystem {
            set,
            bubbles,
            layouts: Mutex::new(HashMap::new()),
            depends: Mutex::new(HashMap::new()),
            in_progress: Mutex::new(Vec::new()),
            core: set.core_library(),
        }
    }

    /// The assembly set.
    pub fn set(&self) -> &'s AssemblySet {
        self.set
    }

    /// The namespace and name of `id` when it is a top-level type of a core
    /// library (see [`AssemblySet::is_core_library`]): the well-known types.
    pub fn core_name(&self, id: TypeDefId) -> Option<(&'s str, &'s str)> {
        if Some(id.asm) != self.core && !self.set.is_core_library(id.asm) {
            return None;
        }
        let a = self.set.get(id.asm);
        if a.enclosing_type(id.def).is_some() {
            return None;
        }
        a.type_def_name(id.def).ok()
    }

    /// The well-known type `System.{name}` as code of `asm` means it: of
    /// `asm` itself when it is a core library, else of the set's.
    fn core_def(&self, asm: AsmId, name: &str) -> ResolveResult<TypeDefId> {
        let core = if self.set.is_core_library(asm) {
            Some(asm)
        } else {
            self.core
        };
        core.and_then(|c| self.set.find_type(c, "System", name))
            .ok_or_else(|| ResolveError::Unresolved(format!("core type System.{name}")))
    }

    /// The key of a signature type, read in assembly `asm` and substituted
    /// with `type_args`/`method_args`.
    ///
    /// # Errors
    /// When a referenced type cannot be resolved.
    pub fn key_of(
        &self,
        asm: AsmId,
        t: &TypeSig,
        type_args: &[TypeKey],
        method_args: &[TypeKey],
    ) -> ResolveResult<TypeKey> {
        Ok(match t {
            TypeSig::Void => TypeKey::Def(self.core_def(asm, "Void")?, vec![]),
            TypeSig::Primitive(p) => TypeKey::Def(self.core_def(asm, p.type_name())?, vec![]),
            TypeSig::String => TypeKey::Def(self.core_def(asm, "String")?, vec![]),
            TypeSig::Object => TypeKey::Def(self.core_def(asm, "Object")?, vec![]),
            TypeSig::TypedByRef => TypeKey::Def(self.core_def(asm, "TypedReference")?, vec![]),
            TypeSig::ValueType(x) | TypeSig::Class(x) => match x {
                TypeDefOrRef::TypeSpec(s) => {
                    let _g = crate::set::SpecGuard::enter().ok_or({
                        ResolveError::Metadata(MetadataError::BadColumn {
                            table: TableId::TypeSpec,
                            row: s.0,
                            column: "signature",
                            value: s.0,
                        })
                    })?;
                    let inner = self.set.get(asm).type_spec_sig(*s)?;
                    self.key_of(asm, &inner, type_args, method_args)?
                }
                _ => TypeKey::Def(self.set.resolve_type_def_or_ref(asm, *x)?, vec![]),
            },
            TypeSig::Var(n) => type_args
                .get(*n as usize)
                .cloned()
                .unwrap_or(TypeKey::Var(*n)),
            TypeSig::MVar(n) => method_args
                .get(*n as usize)
                .cloned()
                .unwrap_or(TypeKey::MVar(*n)),
            TypeSig::Ptr(i) => {
                TypeKey::Ptr(Box::new(self.key_of(asm, i, type_args, method_args)?))
            }
            TypeSig::ByRef(i) => {
                TypeKey::ByRef(Box::new(self.key_of(asm, i, type_args, method_args)?))
            }
            TypeSig::SzArray(i) => {
                TypeKey::SzArray(Box::new(self.key_of(asm, i, type_args, method_args)?))
            }
            TypeSig::Array(i, shape) => TypeKey::Array(
                Box::new(self.key_of(asm, i, type_args, method_args)?),
                shape.rank,
            ),
            TypeSig::GenericInst { generic, args, .. } => {
                let def = self.set.resolve_type_def_or_ref(asm, *generic)?;
                let args = args
                    .iter()
                    .map(|a| self.key_of(asm, a, type_args, method_args))
                    .collect::<ResolveResult<Vec<_>>>()?;
                TypeKey::Def(def, args)
            }
            TypeSig::FnPtr(_) => TypeKey::FnPtr,
            TypeSig::Modified { inner, .. } | TypeSig::Pinned(inner) => {
                self.key_of(asm, inner, type_args, method_args)?
            }
        })
    }

    /// The primitive a definition stands for (`System.Int32` → `I4`, ...).
    pub fn primitive_of(&self, id: TypeDefId) -> Option<Primitive> {
        let (ns, name) = self.core_name(id)?;
        if ns != "System" {
            return None;
        }
        use Primitive::*;
        Some(match name {
            "Boolean" => Boolean,
            "Char" => Char,
            "SByte" => I1,
            "Byte" => U1,
            "Int16" => I2,
            "UInt16" => U2,
            "Int32" => I4,
            "UInt32" => U4,
            "Int64" => I8,
            "UInt64" => U8,
            "Single" => R4,
            "Double" => R8,
            "IntPtr" => I,
            "UIntPtr" => U,
            _ => return None,
        })
    }

    /// True when `id` is a value type (derives from `System.ValueType`/`System.Enum`,
    /// and is not `System.Enum` itself).
    ///
    /// # Errors
    /// When the base type cannot be resolved.
    pub fn is_value_type(&self, id: TypeDefId) -> ResolveResult<bool> {
        if self.core_name(id) == Some(("System", "Enum")) {
            return Ok(false);
        }
        match self.set.base_type(id)? {
            Some(b) => Ok(matches!(
                self.core_name(b),
                Some(("System", "ValueType" | "Enum"))
            )),
            None => Ok(false),
        }
    }

    /// The underlying primitive when `id` is an enum.
    ///
    /// # Errors
    /// When the base type cannot be resolved.
    pub fn enum_underlying(&self, id: TypeDefId) -> ResolveResult<Option<Primitive>> {
        match self.set.base_type(id)? {
            Some(b) if self.core_name(b) == Some(("System", "Enum")) => {
                let a = self.set.get(id.asm);
                for f in a.type_fields(id.def)? {
                    if a.field(f)?.flags & field_attributes::STATIC == 0 {
                        if let TypeSig::Primitive(p) = a.field_sig(f)?.strip_modifiers() {
                            return Ok(Some(*p));
                        }
                        return Err(ts_err(
                            self.set,
                            &TypeKey::Def(id, vec![]),
                            "enum with a non-primitive value field",
                        ));
                    }
                }
                Err(ts_err(
                    self.set,
                    &TypeKey::Def(id, vec![]),
                    "enum without a value field",
                ))
            }
            _ => Ok(None),
        }
    }

    /// Classifies a field type for layout.
    ///
    /// # Errors
    /// When a type cannot be resolved.
    pub fn classify(&self, key: &TypeKey) -> ResolveResult<FieldClass> {
        Ok(match key {
            TypeKey::Def(id, _) => {
                if let Some(p) = self.primitive_of(*id) {
                    FieldClass::Scalar(p.size())
                } else if self.is_value_type(*id)? {
                    match self.enum_underlying(*id)? {
                        Some(p) => FieldClass::Scalar(p.size()),
                        None => FieldClass::ValueType(key.clone()),
                    }
                } else {
                    FieldClass::GcRef
                }
            }
            TypeKey::SzArray(_) | TypeKey::Array(..) => FieldClass::GcRef,
            TypeKey::Ptr(_) | TypeKey::FnPtr => FieldClass::Scalar(PTR),
            TypeKey::ByRef(_) => FieldClass::ByRef,
            TypeKey::Var(_) | TypeKey::MVar(_) => {
                return Err(ts_err(self.set, key, "layout of an open generic type"))
            }
        })
    }

    fn base_key(&self, id: TypeDefId, args: &[TypeKey]) -> ResolveResult<Option<TypeKey>> {
        let a = self.set.get(id.asm);
        match a.type_def(id.def)?.extends {
            None => Ok(None),
            Some(TypeDefOrRef::TypeSpec(s)) => {
                let sig = a.type_spec_sig(s)?;
                self.key_of(id.asm, &sig, args, &[]).map(Some)
            }
            Some(other) => Ok(Some(TypeKey::Def(
                self.set.resolve_type_def_or_ref(id.asm, other)?,
                vec![],
            ))),
        }
    }

    /// The instance layout of a type (memoized).
    ///
    /// # Errors
    /// When a type cannot be resolved or its layout is invalid.
    pub fn layout(&self, key: &TypeKey) -> ResolveResult<Arc<TypeLayout>> {
        if let Some(l) = self
            .layouts
            .lock()
            .map_err(|_| ts_err(self.set, key, "poisoned"))?
            .get(key)
        {
            return l.clone();
        }
        {
            let mut ip = self
                .in_progress
                .lock()
                .map_err(|_| ts_err(self.set, key, "poisoned"))?;
            if ip.contains(key) {
                return Err(ts_err(self.set, key, "recursive type layout"));
            }
            if ip.len() > 64 {
                return Err(ts_err(self.set, key, "type nesting too deep"));
            }
            ip.push(key.clone());
        }
        let r = self.compute_layout(key).map(Arc::new);
        if let Ok(mut ip) = self.in_progress.lock() {
            ip.retain(|k| k != key);
        }
        if let Ok(mut m) = self.layouts.lock() {
            m.insert(key.clone(), r.clone());
        }
        r
    }

    /// The layout of a non-generic definition.
    ///
    /// # Errors
    /// As [`TypeSystem::layout`].
    pub fn layout_of_def(&self, id: TypeDefId) -> ResolveResult<Arc<TypeLayout>> {
        self.layout(&TypeKey::Def(id, vec![]))
    }

    /// Does `key`'s layout depend on another version bubble (crossgen2's
    /// `TypeLayoutDependsOnOtherVersionBubbles`)?
    fn depends_on_other_bubbles(&self, key: &TypeKey, depth: u32) -> ResolveResult<bool> {
        if let Some(&d) = self.depends.lock().ok().as_ref().and_then(|m| m.get(key)) {
            return Ok(d);
        }
        let r = self.depends_on_other_bubbles_uncached(key, depth)?;
        if let Ok(mut m) = self.depends.lock() {
            m.insert(key.clone(), r);
        }
        Ok(r)
    }

    fn depends_on_other_bubbles_uncached(&self, key: &TypeKey, depth: u32) -> ResolveResult<bool> {
        let TypeKey::Def(id, args) = key else {
            return Ok(false);
        };
        if depth > 32
            || self.primitive_of(*id).is_some()
            || self.core_name(*id) == Some(("System", "Object"))
        {
            return Ok(false);
        }
        if self.enum_underlying(*id)?.is_some() {
            return Ok(false);
        }
        let bubble = self.bubbles.get(id.asm);
        let other = |k: &TypeKey| match k {
            TypeKey::Def(o, _) => self.bubbles.get(o.asm) != bubble,
            _ => false,
        };
        let value_type = self.is_value_type(*id)?;
        if !value_type {
            if let Some(b) = self.base_key(*id, args)? {
                if let TypeKey::Def(bid, _) = &b {
                    if self.core_name(*bid) != Some(("System", "Object"))
                        && (other(&b)
                            || self.depends_on_other_bubbles(&b, depth + 1)?
                            || self.needs_aligned_base(*id, &b, depth + 1)?)
                    {
                        return Ok(true);
                    }
                }
            }
        }
        let a = self.set.get(id.asm);
        for f in a.type_fields(id.def)? {
            if a.field(f)?.flags & field_attributes::STATIC != 0 {
                continue;
            }
            let fk = self.key_of(id.asm, &a.field_sig(f)?, args, &[])?;
            if let TypeKey::Def(fid, _) = &fk {
                // Enums count as their primitive (the runtime does not treat them as by-value fields).
                if self.primitive_of(*fid).is_none()
                    && self.is_value_type(*fid)?
                    && self.enum_underlying(*fid)?.is_none()
                    && (other(&fk) || self.depends_on_other_bubbles(&fk, depth + 1)?)
                {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }

    /// The runtime's `NeedsAlignedBaseOffset`: a class in a ReadyToRun image
    /// whose base (not `Object`) is in another version bubble, or whose base's
    /// layout depends on another bubble, starts its fields 8-aligned.
    fn needs_aligned_base(
        &self,
        derived: TypeDefId,
        base: &TypeKey,
        depth: u32,
    ) -> ResolveResult<bool> {
        let TypeKey::Def(bid, _) = base else {
            return Ok(false);
        };
        if self.core_name(*bid) == Some(("System", "Object")) {
            return Ok(false);
        }
        let Some(bubble) = self.bubbles.get(derived.asm) else {
            return Ok(false);
        };
        if self.bubbles.get(bid.asm) != Some(bubble) {
            return Ok(true);
        }
        self.depends_on_other_bubbles(base, depth + 1)
    }

    fn field_size_align(&self, class: &FieldClass) -> ResolveResult<(u32, u32, bool)> {
        Ok(match class {
            FieldClass::GcRef | FieldClass::ByRef => (PTR, PTR, false),
            FieldClass::Scalar(s) => (*s, *s, false),
            FieldClass::ValueType(k) => {
                let l = self.layout(k)?;
                (l.field_size, l.field_alignment, l.has_int128)
            }
        })
    }

    fn compute_layout(&self, key: &TypeKey) -> ResolveResult<TypeLayout> {
        let (id, args) = match key {
            TypeKey::Def(id, args) => (*id, args.as_slice()),
            // Arrays, pointers: reference-sized handles; not laid out here.
            _ => return Err(ts_err(self.set, key, "not a type definition")),
        };
        let a = self.set.get(id.asm);
        let row = a.type_def(id.def)?;
        let is_vt = self.is_value_type(id)?;
        let mk = |kind,
                  fields,
                  ibc: u32,
                  fs: u32,
                  fa: u32,
                  gc: Vec<u32>,
                  br: Vec<u32>,
                  aligned_base,
                  has_int128| {
            let base_size = if is_vt {
                align_up(fs + 2 * PTR, PTR)
            } else if self.core_name(id) == Some(("System", "String")) {
                // Variable-size object: header + MethodTable + length + terminating char.
                ibc + PTR
            } else {
                (align_up(ibc, PTR) + PTR).max(3 * PTR)
            };
            TypeLayout {
                key: key.clone(),
                is_value_type: is_vt,
                kind,
                fields,
                instance_byte_count: ibc,
                field_size: fs,
                field_alignment: fa,
                base_size,
                contains_gc_pointers: !gc.is_empty(),
                gc_refs: gc,
                byrefs: br,
                aligned_base,
                has_int128,
            }
        };

        // Instance fields with their classes.
        let mut fields: Vec<(FieldDefId, FieldClass)> = Vec::new();
        for f in a.type_fields(id.def)? {
            let fr = a.field(f)?;
            if fr.flags & field_attributes::STATIC != 0 {
                continue;
            }
            let fk = self.key_of(id.asm, &a.field_sig(f)?, args, &[])?;
            let class = if TypeKey::Def(id, args.to_vec()) == fk && self.primitive_of(id).is_some()
            {
                FieldClass::Scalar(self.primitive_of(id).map(|p| p.size()).unwrap_or(PTR))
            } else {
                self.classify(&fk)?
            };
            fields.push((
                FieldDefId {
                    asm: id.asm,
                    def: f,
                },
                class,
            ));
        }

        // Primitives: fixed size, the single value field at 0.
        if let Some(p) = self.primitive_of(id) {
            let s = p.size();
            let placed = fields
                .into_iter()
                .map(|(f, c)| FieldPlacement {
                    field: f,
                    offset: 0,
                    size: s,
                    class: c,
                })
                .collect();
            return Ok(mk(
                LayoutKind::Primitive,
                placed,
                s,
                s,
                s,
                vec![],
                vec![],
                false,
                false,
            ));
        }

        // Base class.
        let (base, aligned_base) = if is_vt {
            (None, false)
        } else {
            match self.base_key(id, args)? {
                None => (None, false),
                Some(bk) => {
                    let bl = self.layout(&bk)?;
                    let al = self.needs_aligned_base(id, &bk, 0)?;
                    (Some(bl), al)
                }
            }
        };
        let base_bytes = match &base {
            Some(b) => {
                if aligned_base {
                    align_up(b.instance_byte_count, PTR)
                } else {
                    b.instance_byte_count
                }
            }
            None if is_vt => 0,
            // System.Object (and interfaces, which have no instances): the MethodTable pointer.
            None => PTR,
        };
        if !is_vt && base_bytes < PTR {
            return Err(ts_err(self.set, key, "base type is not a reference type"));
        }
        let mut gc: Vec<u32> = base.as_ref().map(|b| b.gc_refs.clone()).unwrap_or_default();
        let mut byrefs: Vec<u32> = base.as_ref().map(|b| b.byrefs.clone()).unwrap_or_default();
        let mut has_int128 = base.as_ref().map(|b| b.has_int128).unwrap_or(false);

        let own_gc = fields.iter().any(|(_, c)| match c {
            FieldClass::GcRef => true,
            FieldClass::ValueType(k) => self
                .layout(k)
                .map(|l| l.contains_gc_pointers)
                .unwrap_or(false),
            _ => false,
        });
        let contains_gc = own_gc
            || base
                .as_ref()
                .map(|b| b.contains_gc_pointers)
                .unwrap_or(false);

        let layout_flags = row.flags & type_attributes::LAYOUT_MASK;
        let cl = a.class_layout(id.def);
        let class_size = cl.map(|c| c.class_size).unwrap_or(0);
        let packing = match cl.map(|c| c.packing_size).unwrap_or(0) {
            0 => 16,
            p if p.is_power_of_two() && p <= 128 => p as u32,
            p => return Err(ts_err(self.set, key, format!("bad packing size {p}"))),
        };

        let mut placed: Vec<FieldPlacement> = Vec::with_capacity(fields.len());
        let bias = if is_vt { 0 } else { PTR };
        let kind;
        let (mut instance_size, alignment);

        if layout_flags == type_attributes::EXPLICIT_LAYOUT {
            kind = LayoutKind::Explicit;
            let mut size = base_bytes;
            let mut largest = 1;
            for (f, c) in &fields {
                let (s, al, i128) = self.field_size_align(c)?;
                has_int128 |= i128;
                largest = largest.max(al.min(packing));
                let off = a.field_layout(f.def).ok_or_else(|| {
                    ts_err(self.set, key, "explicit layout field without an offset")
                })?;
                let off = off
                    .checked_add(base_bytes)
                    .ok_or_else(|| ts_err(self.set, key, "field offset overflow"))?;
                size = size.max(off.saturating_add(s));
                placed.push(FieldPlacement {
                    field: *f,
                    offset: off,
                    size: s,
                    class: c.clone(),
                });
            }
            instance_size = size;
            alignment = largest;
        } else if layout_flags == type_attributes::SEQUENTIAL_LAYOUT && !contains_gc {
            kind = LayoutKind::Sequential;
            let mut pos = base_bytes - bias;
            let mut largest = 1;
            for (f, c) in &fields {
                let (s, al, i128) = self.field_size_align(c)?;
                has_int128 |= i128;
                let al = al.min(packing);
                largest = largest.max(al);
                pos = align_up(pos, al);
                placed.push(FieldPlacement {
                    field: *f,
                    offset: pos + bias,
                    size: s,
                    class: c.clone(),
                });
                pos = self.grow(key, pos, s)?;
            }
            instance_size = pos + bias;
            alignment = largest;
        } else {
            kind = LayoutKind::Auto;
            let (ps, al) = self.auto_layout(
                key,
                &fields,
                base_bytes,
                is_vt,
                contains_gc,
                &mut placed,
                &mut has_int128,
            )?;
            instance_size = ps;
            alignment = al;
        }

        if instance_size > MAX_INSTANCE
            || placed
                .iter()
                .any(|p| p.offset > MAX_INSTANCE || p.size > MAX_INSTANCE)
        {
            return Err(ts_err(self.set, key, "instance too large"));
        }
        // ComputeInstanceSize
        if is_vt && instance_size == 0 {
            instance_size = 1;
        }
        if class_size != 0 && kind != LayoutKind::Auto {
            let parent = if is_vt {
                0
            } else {
                base.as_ref().map(|b| b.instance_byte_count).unwrap_or(PTR)
            };
            instance_size = instance_size.max(self.grow(key, parent, class_size)?);
        } else if is_vt {
            instance_size = align_up(instance_size, alignment);
        }
        // InlineArray (.NET 8): the single field repeated `Length` times.
        if is_vt {
            if let Some(len) = self.inline_array_length(id) {
                if placed.len() != 1 || len == 0 {
                    return Err(ts_err(
                        self.set,
                        key,
                        "InlineArray needs exactly one field and a positive length",
                    ));
                }
                instance_size = instance_size
                    .checked_mul(len)
                    .filter(|&s| s <= 1 << 20)
                    .ok_or_else(|| ts_err(self.set, key, "InlineArray too large"))?;
            }
        }
        let mut field_alignment = if is_vt { alignment } else { PTR };
        if is_vt && self.is_int128(id) {
            field_alignment = 16;
            has_int128 = true;
        }
        if let Some(v) = self.vector_alignment(id) {
            field_alignment = v;
        }

        // GC map: own fields (structs inline their nested maps).
        let elems = if is_vt {
            self.inline_array_length(id).unwrap_or(1)
        } else {
            1
        };
        for p in &placed {
            for e in 0..elems {
                let base_off = p.offset + e * p.size;
                match &p.class {
                    FieldClass::GcRef => gc.push(base_off),
                    FieldClass::ByRef => byrefs.push(base_off),
                    FieldClass::ValueType(k) => {
                        let l = self.layout(k)?;
                        gc.extend(l.gc_refs.iter().map(|o| base_off + o));
                        byrefs.extend(l.byrefs.iter().map(|o| base_off + o));
                    }
                    FieldClass::Scalar(_) => {}
                }
            }
        }
        gc.sort_unstable();
        byrefs.sort_unstable();
        let fs = if is_vt { instance_size } else { PTR };
        Ok(mk(
            kind,
            placed,
            instance_size,
            fs,
            field_alignment,
            gc,
            byrefs,
            aligned_base,
            has_int128,
        ))
    }

    /// Auto layout (MetadataFieldLayoutAlgorithm.ComputeAutoFieldLayout, which
    /// mirrors MethodTableBuilder::PlaceInstanceFields). Returns (instance size
    /// including the bias, alignment).
    #[allow(clippy::too_many_arguments)]
    fn auto_layout(
        &self,
        key: &TypeKey,
        fields: &[(FieldDefId, FieldClass)],
        base_bytes: u32,
        is_vt: bool,
        contains_gc: bool,
        placed: &mut Vec<FieldPlacement>,
        has_int128: &mut bool,
    ) -> ResolveResult<(u32, u32)> {
        const MAX_LOG2: usize = 3; // 8-byte primitives
        let mut by_size: [Vec<usize>; MAX_LOG2 + 1] = Default::default();
        let mut gcs: Vec<usize> = Vec::new();
        let mut vts: Vec<usize> = Vec::new();
        let mut largest = 1u32;
        let mut sizes = Vec::with_capacity(fields.len());
        for (i, (_, c)) in fields.iter().enumerate() {
            let (s, al, i128) = self.field_size_align(c)?;
            sizes.push((s, al));
            match c {
                FieldClass::ValueType(_) => {
                    *has_int128 |= i128;
                    largest = largest.max(al);
                    vts.push(i);
                }
                FieldClass::GcRef => {
                    largest = largest.max(PTR);
                    gcs.push(i);
                }
                FieldClass::ByRef | FieldClass::Scalar(_) => {
                    largest = largest.max(PTR);
                    if !s.is_power_of_two() || s > 8 {
                        return Err(ts_err(self.set, key, "primitive field of unexpected size"));
                    }
                    by_size[s.trailing_zeros() as usize].push(i);
                }
            }
        }
        let bias = if !is_vt && base_bytes != 0 { PTR } else { 0 };
        let mut pos = base_bytes - bias;
        let mut out: Vec<Option<u32>> = vec![None; fields.len()];
        let mut next = [0usize; MAX_LOG2 + 1];
        let log2_ptr = 3usize;
        let remaining = |next: &[usize; MAX_LOG2 + 1], j: usize| {
            next[j] < by_size[j].len() || (j == log2_ptr && !gcs.is_empty())
        };
        if !pos.is_multiple_of(PTR) {
            let mut i = 0usize;
            while i < MAX_LOG2 {
                if pos.is_multiple_of(1 << (i + 1)) {
                    i += 1;
                    continue;
                }
                // any bigger fields?
                let mut j = i + 1;
                while j <= MAX_LOG2 && !remaining(&next, j) {
                    j += 1;
                }
                if j > MAX_LOG2 {
                    break;
                }
                // any small enough fields?
                let mut jj = i as isize;
                while jj >= 0 && !remaining(&next, jj as usize) {
                    jj -= 1;
                }
                if jj < 0 {
                    break;
                }
                i = jj as usize;
                if i == log2_ptr && next[i] >= by_size[i].len() {
                    break;
                }
                let fi = by_size[i][next[i]];
                let (s, al) = sizes[fi];
                pos = align_up(pos, al);
                out[fi] = Some(pos + bias);
                pos = self.grow(key, pos, s)?;
                next[i] += 1;
                i += 1;
            }
        }
        for i in (0..=MAX_LOG2).rev() {
            if i == log2_ptr {
                for &fi in &gcs {
                    pos = align_up(pos, PTR);
                    out[fi] = Some(pos + bias);
                    pos = self.grow(key, pos, PTR)?;
                }
            }
            for &fi in &by_size[i][next[i]..] {
                let (s, al) = sizes[fi];
                pos = align_up(pos, al);
                out[fi] = Some(pos + bias);
                pos = self.grow(key, pos, s)?;
            }
        }
        for &fi in &vts {
            let (s, al) = sizes[fi];
            pos = align_up(pos, al);
            out[fi] = Some(pos + bias);
            pos = self.grow(key, pos, s)?;
        }
        let min_align = if pos > PTR {
            if contains_gc {
                PTR
            } else {
                largest
            }
        } else {
            let mut m = 1;
            while m < pos {
                m *= 2;
            }
            m
        };
        for (i, (f, c)) in fields.iter().enumerate() {
            let offset = out[i].ok_or_else(|| ts_err(self.set, key, "field not placed"))?;
            placed.push(FieldPlacement {
                field: *f,
                offset,
                size: sizes[i].0,
                class: c.clone(),
            });
        }
        Ok((pos + bias, min_align))
    }

    fn grow(&self, key: &TypeKey, pos: u32, by: u32) -> ResolveResult<u32> {
        pos.checked_add(by)
            .filter(|&p| p <= MAX_INSTANCE)
            .ok_or_else(|| ts_err(self.set, key, "instance too large"))
    }

    fn is_int128(&self, id: TypeDefId) -> bool {
        matches!(self.core_name(id), Some(("System", "Int128" | "UInt128")))
    }

    fn vector_alignment(&self, id: TypeDefId) -> Option<u32> {
        match self.core_name(id)? {
            ("System.Runtime.Intrinsics", "Vector64`1") => Some(8),
            ("System.Runtime.Intrinsics", "Vector128`1") => Some(16),
            ("System.Runtime.Intrinsics", "Vector256`1") => Some(32),
            ("System.Runtime.Intrinsics", "Vector512`1") => Some(64),
            _ => None,
        }
    }

    fn inline_array_length(&self, id: TypeDefId) -> Option<u32> {
        let a = self.set.get(id.asm);
        let h = a.find_attribute(
            id.def.token(),
            "System.Runtime.CompilerServices",
            "InlineArrayAttribute",
        )?;
        match a.decode_custom_attribute(h).ok()?.fixed.first()? {
            crate::attr::CaValue::Int(_, n) => u32::try_from(*n).ok(),
            _ => None,
        }
    }

    /// Static field layout for .NET 8 (DomainLocalModule era), as the runtime
    /// records it in each `FieldDesc` (crossgen2 `ReadyToRunMetadataFieldLayoutAlgorithm`
    /// `ModuleFieldLayout`, mirroring `Module::BuildStaticsOffsets`): the module
    /// gives each non-generic type with statics a non-GC block (after a 6-pointer
    /// `DomainLocalModule` header plus one byte per TypeDef; thread statics after
    /// 3 pointers plus one byte per TypeDef) and a run of GC handles; inside a
    /// type, non-GC primitives go largest first (declaration order within a
    /// size), boxed structs take the first GC handles, then references. Literal
    /// and RVA fields are not placed.
    ///
    /// # Errors
    /// When a field type cannot be resolved or is not allowed in a static.
    pub fn static_layout(&self, id: TypeDefId) -> ResolveResult<Vec<StaticPlacement>> {
        let a = self.set.get(id.asm);
        let generic = !a
            .generic_params(TypeOrMethodDef::TypeDef(id.def))
            .is_empty();
        if generic {
            let n = a.generic_params(TypeOrMethodDef::TypeDef(id.def)).len() as u32;
            return self.static_layout_of(&TypeKey::Def(id, (0..n).map(TypeKey::Var).collect()));
        }
        let ms = self.module_statics(id.asm)?;
        let Some(base) = ms.offsets.get(&id.def.0).copied() else {
            return Ok(vec![]);
        };
        self.place_statics(id, &[], base, false)
    }

    /// Static layout of an instantiated generic type (offsets from its dynamic
    /// statics entry: non-GC data after an 8-byte header, GC handles from 0).
    ///
    /// # Errors
    /// As [`TypeSystem::static_layout`].
    pub fn static_layout_of(&self, key: &TypeKey) -> ResolveResult<Vec<StaticPlacement>> {
        let TypeKey::Def(id, args) = key else {
            return Ok(vec![]);
        };
        if args.is_empty() {
            return self.static_layout(*id);
        }
        self.place_statics(*id, args, [8, 8, 0, 0], true)
    }

    fn is_thread_static(&self, f: FieldDefId) -> bool {
        self.set
            .get(f.asm)
            .has_attribute(f.def.token(), "System", "ThreadStaticAttribute")
    }

    /// crossgen2 `GetElementTypeInfo` (by signature element type) or, for
    /// instantiated types, `GetElementTypeInfoGeneric` (by resolved type).
    fn static_info(
        &self,
        f: FieldDefId,
        args: &[TypeKey],
        module_layout: bool,
        generic: bool,
    ) -> ResolveResult<StaticInfo> {
        let a = self.set.get(f.asm);
        let sig = a.field_sig(f.def)?;
        let prim = |s: u32| StaticInfo {
            size: s,
            align: s,
            gc_pointer: false,
            gc_boxed: false,
        };
        let gcp = StaticInfo {
            size: 0,
            align: 1,
            gc_pointer: true,
            gc_boxed: false,
        };
        let boxed = StaticInfo {
            size: 0,
            align: 1,
            gc_pointer: false,
            gc_boxed: true,
        };
        let pessimistic = StaticInfo {
            size: 8,
            align: 8,
            gc_pointer: false,
            gc_boxed: true,
        };
        let owner_err = |what: &str| {
            ts_err(
                self.set,
                &TypeKey::Def(
                    TypeDefId {
                        asm: f.asm,
                        def: a.field_owner(f.def).unwrap_or(TypeDefHandle(0)),
                    },
                    vec![],
                ),
                what.to_string(),
            )
        };
        let valuetype = |def: TypeDefId| -> ResolveResult<StaticInfo> {
            if self.set.get(def.asm).has_attribute(
                def.def.token(),
                "System.Runtime.CompilerServices",
                "IsByRefLikeAttribute",
            ) {
                return Err(owner_err("byref-like static field"));
            }
            if module_layout && def.asm != f.asm {
                return Ok(pessimistic);
            }
            match self.enum_underlying(def)? {
                Some(p) => Ok(prim(p.size())),
                None => Ok(boxed),
            }
        };
        if generic {
            let key = self.key_of(f.asm, &sig, args, &[])?;
            return match key {
                TypeKey::Def(d, _) => match self.primitive_of(d) {
                    Some(p) => Ok(prim(p.size())),
                    None if self.is_value_type(d)? => valuetype(d),
                    None => Ok(gcp),
                },
                TypeKey::Ptr(_) | TypeKey::FnPtr => Ok(prim(PTR)),
                TypeKey::ByRef(_) => Err(owner_err("byref static field")),
                _ => Ok(gcp),
            };
        }
        match sig.strip_modifiers() {
            TypeSig::Primitive(p) => Ok(prim(p.size())),
            TypeSig::Ptr(_) | TypeSig::FnPtr(_) => Ok(prim(PTR)),
            TypeSig::ByRef(_) | TypeSig::TypedByRef => Err(owner_err("byref static field")),
            TypeSig::ValueType(t) => valuetype(self.set.resolve_type_def_or_ref(f.asm, *t)?),
            TypeSig::GenericInst {
                is_value_type: true,
                generic,
                ..
            } => valuetype(self.set.resolve_type_def_or_ref(f.asm, *generic)?),
            TypeSig::Void => Err(owner_err("void static field")),
            _ => Ok(gcp),
        }
    }

    /// crossgen2 `ModuleFieldLayout`: memoized per assembly in the set.
    fn module_statics(&self, asm: AsmId) -> ResolveResult<Arc<ModuleStatics>> {
        self.set
            .module_statics_memo(asm)
            .get_or_init(|| self.compute_module_statics(asm).map(Arc::new))
            .clone()
    }

    fn compute_module_statics(&self, asm: AsmId) -> ResolveResult<ModuleStatics> {
        let a = self.set.get(asm);
        let types = a.row_count(TableId::TypeDef);
        let mut non_gc = [6 * PTR + types, 3 * PTR + types];
        let mut gc = [0u32, 0];
        let mut ms = ModuleStatics::default();
        for t in a.handles::<TypeDefHandle>() {
            if !a.generic_params(TypeOrMethodDef::TypeDef(t)).is_empty() {
                continue;
            }
            let mut bytes = [0u32; 2];
            let mut align = [1u32; 2];
            let mut gcb = [0u32; 2];
            for f in a.type_fields(t)? {
                let fr = a.field(f)?;
                if fr.flags & (field_attributes::STATIC | field_attributes::LITERAL)
                    != field_attributes::STATIC
                {
                    continue;
                }
                let fid = FieldDefId { asm, def: f };
                let idx = self.is_thread_static(fid) as usize;
                let info = self.static_info(fid, &[], true, false)?;
                if info.size != 0 {
                    bytes[idx] += info.size;
                    align[idx] = align[idx].max(info.align);
                }
                if info.gc_pointer || info.gc_boxed {
                    gcb[idx] += PTR;
                }
            }
            if bytes.iter().chain(gcb.iter()).all(|&b| b == 0) {
                continue;
            }
            let mut off = [u32::MAX; 4];
            for i in 0..2 {
                if bytes[i] != 0 {
                    off[i] = align_up(non_gc[i], align[i]);
                    non_gc[i] = off[i] + bytes[i];
                }
                if gcb[i] != 0 {
                    off[2 + i] = gc[i];
                    gc[i] += gcb[i];
                }
            }
            ms.offsets.insert(t.0, off);
        }
        Ok(ms)
    }

    /// crossgen2 `CalculateTypeLayout`.
    fn place_statics(
        &self,
        id: TypeDefId,
        args: &[TypeKey],
        base: [u32; 4],
        generic: bool,
    ) -> ResolveResult<Vec<StaticPlacement>> {
        let a = self.set.get(id.asm);
        let mut fields = Vec::new();
        for f in a.type_fields(id.def)? {
            let fr = a.field(f)?;
            if fr.flags & (field_attributes::STATIC | field_attributes::LITERAL)
                != field_attributes::STATIC
                || fr.flags & field_attributes::HAS_FIELD_RVA != 0
            {
                continue;
            }
            let fid = FieldDefId {
                asm: id.asm,
                def: f,
            };
            let thread = self.is_thread_static(fid);
            fields.push((fid, thread, self.static_info(fid, args, false, generic)?));
        }
        let mut count = [[0u32; 4]; 2];
        let mut boxed = [0u32; 2];
        for (_, thread, info) in &fields {
            let i = *thread as usize;
            if info.gc_boxed && !info.gc_pointer {
                boxed[i] += 1;
            } else if !info.gc_pointer && info.size != 0 {
                count[i][info.size.trailing_zeros().min(3) as usize] += 1;
            }
        }
        let mut next = [[0u32; 4]; 2];
        for i in 0..2 {
            let mut off = base[i];
            for log2 in (0..4).rev() {
                next[i][log2] = off;
                off += count[i][log2] << log2;
            }
        }
        let mut boxed_next = [base[2], base[3]];
        let mut ptr_next = [base[2] + boxed[0] * PTR, base[3] + boxed[1] * PTR];
        let mut out = Vec::with_capacity(fields.len());
        for (f, thread, info) in fields {
            let i = thread as usize;
            let (gc, offset) = if info.gc_pointer {
                ptr_next[i] += PTR;
                (true, ptr_next[i] - PTR)
            } else if info.gc_boxed {
                boxed_next[i] += PTR;
                (true, boxed_next[i] - PTR)
            } else if info.size != 0 {
                let l = info.size.trailing_zeros().min(3) as usize;
                next[i][l] += 1 << l;
                (false, next[i][l] - (1 << l))
            } else {
                continue;
            };
            out.push(StaticPlacement {
                field: f,
                thread_static: thread,
                gc,
                offset,
            });
        }
        Ok(out)
    }

    /// Virtual slot layout: inherited slots first (`System.Object`'s four
    /// virtuals are 0–3), then each virtual method of the type either
    /// overrides an inherited slot with the same name and signature (unless
    /// `newslot`), or takes a new slot; `.override` (MethodImpl) rows
    /// replace the slot of the declared method. Interfaces have no vtable here.
    ///
    /// # Errors
    /// When a base type or signature cannot be resolved.
    pub fn vtable(&self, id: TypeDefId) -> ResolveResult<Vec<MethodDefId>> {
        let n = self
            .set
            .get(id.asm)
            .generic_params(TypeOrMethodDef::TypeDef(id.def))
            .len() as u32;
        let key = TypeKey::Def(id, (0..n).map(TypeKey::Var).collect());
        Ok(self
            .vtable_of(&key, 0)?
            .into_iter()
            .map(|(m, _)| m)
            .collect())
    }

    /// The return and parameter types of a method as keys, with the declaring
    /// type's instantiation applied (method generic parameters stay `MVar`).
    fn method_sig_keys(
        &self,
        m: MethodDefId,
        type_args: &[TypeKey],
    ) -> ResolveResult<(u32, Vec<TypeKey>)> {
        let sig = self.set.get(m.asm).method_def_sig(m.def)?;
        let mut keys = Vec::with_capacity(sig.params.len() + 1);
        keys.push(self.key_of(m.asm, &sig.ret, type_args, &[])?);
        for p in &sig.params {
            keys.push(self.key_of(m.asm, p, type_args, &[])?);
        }
        Ok((sig.generic_param_count, keys))
    }

    /// Slots of the type `key` (an instantiated or open definition), each with
    /// the instantiation of the type that declared the method in that slot.
    fn vtable_of(
        &self,
        key: &TypeKey,
        depth: u32,
    ) -> ResolveResult<Vec<(MethodDefId, Vec<TypeKey>)>> {
        let TypeKey::Def(id, args) = key else {
            return Ok(vec![]);
        };
        let id = *id;
        if depth > 64 {
            return Err(ts_err(self.set, key, "base type chain too deep"));
        }
        let a = self.set.get(id.asm);
        let row = a.type_def(id.def)?;
        if row.flags & type_attributes::INTERFACE != 0 {
            return Ok(vec![]);
        }
        let mut slots = match self.base_key(id, args)? {
            Some(b) => self.vtable_of(&b, depth + 1)?,
            None => vec![],
        };
        let inherited = slots.len();
        for m in a.type_methods(id.def)? {
            let mr = a.method_def(m)?;
            if mr.flags & method_attributes::VIRTUAL == 0 {
                continue;
            }
            let me = MethodDefId {
                asm: id.asm,
                def: m,
            };
            let mut slot = None;
            if mr.flags & method_attributes::NEW_SLOT == 0 {
                let name = a.string(mr.name)?;
                let mine = self.method_sig_keys(me, args)?;
                for i in (0..inherited).rev() {
                    let (s, s_args) = &slots[i];
                    let sa = self.set.get(s.asm);
                    if sa.string(sa.method_def(s.def)?.name)? == name
                        && self.method_sig_keys(*s, s_args)? == mine
                    {
                        slot = Some(i);
                        break;
                    }
                }
            }
            match slot {
                Some(i) => slots[i] = (me, args.clone()),
                None => slots.push((me, args.clone())),
            }
        }
        for mi in a.method_impls(id.def) {
            let r: MethodImplRow = a.row(mi)?;
            let (Some(body), Some(decl)) = (r.body, r.declaration) else {
                continue;
            };
            let resolve = |x: MethodDefOrRef| -> ResolveResult<Option<MethodDefId>> {
                Ok(match x {
                    MethodDefOrRef::MethodDef(d) => Some(MethodDefId {
                        asm: id.asm,
                        def: d,
                    }),
                    MethodDefOrRef::MemberRef(m) => match self.set.resolve_member_ref(id.asm, m)? {
                        crate::set::MemberDef::Method(md) => Some(md),
                        _ => None,
                    },
                })
            };
            if let (Some(b), Some(d)) = (resolve(body)?, resolve(decl)?) {
                if let Some(pos) = slots.iter().position(|(s, _)| *s == d) {
                    slots[pos] = (b, args.clone());
                }
            }
        }
        Ok(slots)
    }

    /// The interface map: every interface the type implements, declared or
    /// inherited (including interfaces' own base interfaces), base type's
    /// interfaces first, without duplicates.
    ///
    /// # Errors
    /// When an interface cannot be resolved.
    pub fn interfaces(&self, key: &TypeKey) -> ResolveResult<Vec<TypeKey>> {
        let mut out = Vec::new();
        self.collect_interfaces(key, &mut out, 0)?;
        Ok(out)
    }

    fn collect_interfaces(
        &self,
        key: &TypeKey,
        out: &mut Vec<TypeKey>,
        depth: u32,
    ) -> ResolveResult<()> {
        let TypeKey::Def(id, args) = key else {
            return Ok(());
        };
        if depth > 64 {
            return Err(ts_err(self.set, key, "interface hierarchy too deep"));
        }
        let a = self.set.get(id.asm);
        if a.type_def(id.def)?.flags & type_attributes::INTERFACE == 0 {
            if let Some(b) = self.base_key(*id, args)? {
                self.collect_interfaces(&b, out, depth + 1)?;
            }
        }
        for ii in a.interface_impls(id.def) {
            let r: InterfaceImplRow = a.row(ii)?;
            let Some(itf) = r.interface else { continue };
            let ik = match itf {
                TypeDefOrRef::TypeSpec(s) => {
                    self.key_of(id.asm, &a.type_spec_sig(s)?, args, &[])?
                }
                other => TypeKey::Def(self.set.resolve_type_def_or_ref(id.asm, other)?, vec![]),
            };
            if !out.contains(&ik) {
                out.push(ik.clone());
                self.collect_interfaces(&ik, out, depth + 1)?;
            }
        }
        Ok(())
    }
}

/// A method token resolved in context (what `call`/`newobj`/`ldftn` name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedMethod {
    /// The method definition (`None` for runtime-provided array methods).
    pub def: Option<MethodDefId>,
    /// The owning type with its instantiation (e.g. `List<int>`).
    pub owner: TypeKey,
    /// Method instantiation (from a `MethodSpec`), empty otherwise.
    pub method_args: Vec<TypeKey>,
    /// The call-site signature as written at the token (a `MemberRef`'s own
    /// signature, including vararg extras; the definition's otherwise).
    pub sig: crate::sig::MethodSig,
    /// The method name.
    pub name: String,
}

/// A field token resolved in context (what `ldfld`/`stsfld`/`ldflda` name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedField {
    /// The field definition.
    pub def: FieldDefId,
    /// The owning type with its instantiation.
    pub owner: TypeKey,
    /// The field's type with the owner's instantiation applied.
    pub ty: TypeKey,
}

impl TypeSystem<'_> {
    /// Resolves a type token (TypeDef/TypeRef/TypeSpec) of `asm` in the
    /// generic context `(type_args, method_args)` of the method using it.
    ///
    /// # Errors
    /// Bad tokens or unresolvable references.
    pub fn resolve_type_token(
        &self,
        asm: AsmId,
        token: Token,
        type_args: &[TypeKey],
        method_args: &[TypeKey],
    ) -> ResolveResult<TypeKey> {
        let t = TypeDefOrRef::from_token(token).ok_or(ResolveError::Metadata(
            MetadataError::BadToken {
                token: token.0,
                expected: "a TypeDef, TypeRef or TypeSpec",
            },
        ))?;
        match t {
            TypeDefOrRef::TypeSpec(s) => {
                let sig = self.set.get(asm).type_spec_sig(s)?;
                self.key_of(asm, &sig, type_args, method_args)
            }
            other => {
                let id = self.set.resolve_type_def_or_ref(asm, other)?;
                Ok(TypeKey::Def(id, vec![]))
            }
        }
    }

    fn owner_of_parent(
        &self,
        asm: AsmId,
        parent: MemberRefParent,
        type_args: &[TypeKey],
        method_args: &[TypeKey],
    ) -> ResolveResult<TypeKey> {
        match parent {
            MemberRefParent::TypeDef(d) => Ok(TypeKey::Def(TypeDefId { asm, def: d }, vec![])),
            MemberRefParent::TypeRef(r) => {
                Ok(TypeKey::Def(self.set.resolve_type_ref(asm, r)?, vec![]))
            }
            MemberRefParent::TypeSpec(s) => {
                self.resolve_type_token(asm, s.token(), type_args, method_args)
            }
            MemberRefParent::MethodDef(m) => {
                let owner = self
                    .set
                    .get(asm)
                    .method_owner(m)
                    .ok_or(ResolveError::Metadata(MetadataError::BadToken {
                        token: m.token().0,
                        expected: "a method with an owner type",
                    }))?;
                Ok(TypeKey::Def(TypeDefId { asm, def: owner }, vec![]))
            }
            MemberRefParent::ModuleRef(_) => {
                Err(ResolveError::Unresolved("member of another module".into()))
            }
        }
    }

    /// Resolves a method token (MethodDef/MemberRef/MethodSpec) of `asm` in the
    /// generic context of the calling method.
    ///
    /// # Errors
    /// Bad tokens or unresolvable references.
    pub fn resolve_method_token(
        &self,
        asm: AsmId,
        token: Token,
        type_args: &[TypeKey],
        method_args: &[TypeKey],
    ) -> ResolveResult<ResolvedMethod> {
        let a = self.set.get(asm);
        let bad = |expected| {
            ResolveError::Metadata(MetadataError::BadToken {
                token: token.0,
                expected,
            })
        };
        match token.table() {
            Some(TableId::MethodDef) => {
                let m = MethodDefHandle(token.rid());
                let row = a.method_def(m)?;
                let owner = a
                    .method_owner(m)
                    .ok_or_else(|| bad("a method with an owner type"))?;
                Ok(ResolvedMethod {
                    def: Some(MethodDefId { asm, def: m }),
                    owner: TypeKey::Def(TypeDefId { asm, def: owner }, vec![]),
                    method_args: vec![],
                    sig: a.method_def_sig(m)?,
                    name: a.string(row.name)?.to_string(),
                })
            }
            Some(TableId::MemberRef) => {
                let m = MemberRefHandle(token.rid());
                let row = a.member_ref(m)?;
                let sig = match a.member_ref_sig(m)? {
                    crate::sig::MemberSig::Method(s) => s,
                    crate::sig::MemberSig::Field(_) => return Err(bad("a method MemberRef")),
                };
                let parent = row.class.ok_or_else(|| bad("a MemberRef with a parent"))?;
                let owner = self.owner_of_parent(asm, parent, type_args, method_args)?;
                let def = match self.set.resolve_member_ref(asm, m)? {
                    crate::set::MemberDef::Method(d) => Some(d),
                    crate::set::MemberDef::ArrayMethod(..) => None,
                    crate::set::MemberDef::Field(_) => return Err(bad("a method MemberRef")),
                };
                Ok(ResolvedMethod {
                    def,
                    owner,
                    method_args: vec![],
                    sig,
                    name: a.string(row.name)?.to_string(),
                })
            }
            Some(TableId::MethodSpec) => {
                let row: MethodSpecRow = a.row(MethodSpecHandle(token.rid()))?;
                let inner = row
                    .method
                    .ok_or_else(|| bad("a MethodSpec with a method"))?;
                let mut r =
                    self.resolve_method_token(asm, inner.token(), type_args, method_args)?;
                r.method_args = a
                    .method_spec_sig(MethodSpecHandle(token.rid()))?
                    .iter()
                    .map(|t| self.key_of(asm, t, type_args, method_args))
                    .collect::<ResolveResult<_>>()?;
                Ok(r)
            }
            _ => Err(bad("a MethodDef, MemberRef or MethodSpec")),
        }
    }

    /// Resolves a field token (Field/MemberRef) of `asm` in the generic
    /// context of the using method.
    ///
    /// # Errors
    /// Bad tokens or unresolvable references.
    pub fn resolve_field_token(
        &self,
        asm: AsmId,
        token: Token,
        type_args: &[TypeKey],
        method_args: &[TypeKey],
    ) -> ResolveResult<ResolvedField> {
        let a = self.set.get(asm);
        let bad = |expected| {
            ResolveError::Metadata(MetadataError::BadToken {
                token: token.0,
                expected,
            })
        };
        let (def, owner) = match token.table() {
            Some(TableId::Field) => {
                let f = FieldHandle(token.rid());
                let owner = a
                    .field_owner(f)
                    .ok_or_else(|| bad("a field with an owner type"))?;
                (
                    FieldDefId { asm, def: f },
                    TypeKey::Def(TypeDefId { asm, def: owner }, vec![]),
                )
            }
            Some(TableId::MemberRef) => {
                let m = MemberRefHandle(token.rid());
                let parent = a
                    .member_ref(m)?
                    .class
                    .ok_or_else(|| bad("a MemberRef with a parent"))?;
                let owner = self.owner_of_parent(asm, parent, type_args, method_args)?;
                match self.set.resolve_member_ref(asm, m)? {
                    crate::set::MemberDef::Field(f) => (f, owner),
                    _ => return Err(bad("a field MemberRef")),
                }
            }
            _ => return Err(bad("a Field or MemberRef")),
        };
        let owner_args = match &owner {
            TypeKey::Def(_, args) => args.clone(),
            _ => vec![],
        };
        let fa = self.set.get(def.asm);
        let ty = self.key_of(def.asm, &fa.field_sig(def.def)?, &owner_args, &[])?;
        Ok(ResolvedField { def, owner, ty })
    }

    /// A readable name for a type key (`System.Collections.Generic.List`1<System.Int32>`, `T[]`, ...).
    pub fn display(&self, key: &TypeKey) -> String {
        match key {
            TypeKey::Def(id, args) if args.is_empty() => self.set.type_name(*id),
            TypeKey::Def(id, args) => {
                format!(
                    "{}<{}>",
                    self.set.type_name(*id),
                    args.iter()
                        .map(|a| self.display(a))
                        .collect::<Vec<_>>()
                        .join(",")
                )
            }
            TypeKey::Ptr(t) => format!("{}*", self.display(t)),
            TypeKey::ByRef(t) => format!("{}&", self.display(t)),
            TypeKey::SzArray(t) => format!("{}[]", self.display(t)),
            TypeKey::Array(t, r) => format!(
                "{}[{}]",
                self.display(t),
                ",".repeat(r.saturating_sub(1) as usize)
            ),
            TypeKey::FnPtr => "method*".into(),
            TypeKey::Var(n) => format!("!{n}"),
            TypeKey::MVar(n) => format!("!!{n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn align_up_and_gc_slot_map() {
        assert_eq!(align_up(0, 8), 0);
        assert_eq!(align_up(9, 8), 16);
        assert_eq!(align_up(13, 1), 13);
        let key = TypeKey::Var(0);
        let l = TypeLayout {
            key,
            is_value_type: false,
            kind: LayoutKind::Auto,
            fields: vec![],
            instance_byte_count: 36,
            field_size: 8,
            field_alignment: 8,
            base_size: 48,
            gc_refs: vec![8, 24],
            byrefs: vec![],
            contains_gc_pointers: true,
            aligned_base: false,
            has_int128: false,
        };
        assert_eq!(l.gc_slot_map(), vec![false, true, false, true, false]);
    }

    #[test]
    fn version_bubbles_assignment() {
        let set = AssemblySet::new();
        let mut b = VersionBubbles::from_images(&set);
        assert_eq!(b.get(AsmId(3)), None);
        b.set(AsmId(3), Some(7));
        assert_eq!(b.get(AsmId(3)), Some(7));
        b.set(AsmId(3), None);
        assert_eq!(b.get(AsmId(3)), None);
    }
}
