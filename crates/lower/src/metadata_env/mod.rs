//! [`MetadataEnv`]: the [`LowerEnv`] of a MethodDef read with
//! `kiln-metadata` — what the driver (and the tests that lower real
//! compiler output) hand to [`lower_method`](crate::lower_method).
//!
//! Signatures come from the MethodDef / MemberRef blobs (ECMA-335 II.23.2.1,
//! II.23.2.2), locals from the body's `StandAloneSig` (II.23.2.6). An enum
//! (`valuetype E` whose base type is `System.Enum`) is classified as its
//! underlying primitive — the type of its instance field `value__`
//! (II.14.3) — which is how the managed ABI passes it. Enums of the same
//! module are always recognized; enums of other assemblies only with an
//! [`AssemblySet`] ([`MetadataEnv::with_set`]). Any other `valuetype` is
//! [`IlType::ValueType`], which the importer refuses.

mod exact;
mod generic;

pub use exact::{r2r_type, Instantiation};

use crate::env::{
    CallTarget, FieldTarget, IlBody, IlType, LowerEnv, MethodSig, TokenHandle, TokenType,
    ValueLayout,
};
use generic::{element_type, instantiation_layout_refusal};
use kiln_ir::Callee;
use kiln_metadata::set::{AsmId, AssemblySet, MemberDef, MethodDefId, ResolveError, TypeDefId};
use kiln_metadata::sig::{MemberSig, MethodSig as MdSig, Primitive, TypeSig};
use kiln_metadata::tables::{
    Handle, MemberRefHandle, MemberRefParent, MethodDefHandle, MethodDefOrRef, MethodSpecHandle,
    MethodSpecRow, TableId, Token, TypeDefHandle, TypeDefOrRef, TypeRefHandle,
};
use kiln_metadata::types::{TypeKey, TypeSystem, VersionBubbles};
use kiln_metadata::{Assembly, MetadataError};

mod constrained;
mod layout_check;
mod tokens;
mod value_types;

pub use layout_check::type_layout_record;

/// Longest base-type chain walked (real hierarchies are far shallower;
/// a longer one is a cycle in malformed metadata).
const MAX_BASE_DEPTH: usize = 1024;

/// The environment of one MethodDef of an assembly.
#[derive(Debug, Clone, Copy)]
pub struct MetadataEnv<'a> {
    asm: &'a Assembly,
    method: MethodDefHandle,
    set: Option<(&'a AssemblySet, AsmId)>,
    /// Compiling the canonical (`__Canon`) instantiation of the method's
    /// generic owner class: every type parameter of the class (`!n`) is a
    /// reference type (see [`MetadataEnv::canonical`]).
    canon: bool,
    /// Compiling the canonical instantiation of a generic method: every
    /// method type parameter (`!!n`) is a reference type too.
    canon_method: bool,
    /// The canonical code takes its generic context as a hidden argument
    /// (a static method of a generic class, a generic method).
    hidden_context: bool,
    /// Compiling this exact instantiation of the method (see
    /// [`MetadataEnv::exact`]).
    exact: Option<&'a Instantiation>,
}

/// `FieldAttributes.Static` (ECMA-335 II.23.1.5).
const FIELD_STATIC: u16 = 0x0010;
/// `MethodAttributes.Virtual` (ECMA-335 II.23.1.10).
const METHOD_VIRTUAL: u16 = 0x0040;
/// `MethodAttributes.Static` (ECMA-335 II.23.1.10).
const METHOD_STATIC: u16 = 0x0010;

fn resolve_err(e: ResolveError) -> Result<String, MetadataError> {
    match e {
        ResolveError::Unresolved(what) => Ok(format!("unresolved {what}")),
        ResolveError::Metadata(m) => Err(m),
    }
}

impl<'a> MetadataEnv<'a> {
    /// The environment of `method` in `asm` (types of other assemblies are
    /// not resolved).
    pub fn new(asm: &'a Assembly, method: MethodDefHandle) -> Self {
        Self {
            asm,
            method,
            set: None,
            canon: false,
            canon_method: false,
            hidden_context: false,
            exact: None,
        }
    }

    /// The environment of `method` in assembly `asm` of `set` (enums of
    /// other assemblies of the set are recognized).
    pub fn with_set(set: &'a AssemblySet, asm: AsmId, method: MethodDefHandle) -> Self {
        Self {
            asm: set.get(asm),
            method,
            set: Some((set, asm)),
            canon: false,
            canon_method: false,
            hidden_context: false,
            exact: None,
        }
    }

    /// The environment of `method`, a method of a generic class or a
    /// generic method of a class of `asm`, compiled as its canonical
    /// instantiation (`Owner<__Canon, …>::M<__Canon, …>`): the code the
    /// runtime shares between all instantiations over reference types
    /// (ECMA-335 II.9 leaves sharing to the runtime; CoreCLR's canonical
    /// form, `src/coreclr/vm/generics.cpp`). Every `!n` and `!!n` is a
    /// reference; field offsets are those of the canonical instantiation;
    /// any token whose meaning depends on the exact type arguments (a member
    /// of an instantiation over `!n`/`!!n`) is reported so that the importer
    /// refuses it — compiled code would need a generic dictionary lookup,
    /// which kiln does not emit yet. Static methods and generic methods
    /// receive their generic context as a hidden argument
    /// ([`MethodSig::hidden_context`]); instance methods of generic classes
    /// find it in `this` (CoreCLR `MethodDesc::RequiresInstArg`).
    pub fn canonical(set: &'a AssemblySet, asm: AsmId, method: MethodDefHandle) -> Self {
        let base = Self::with_set(set, asm, method);
        let a = base.asm;
        let generic_method = a
            .method_def_sig(method)
            .is_ok_and(|s| s.generic_param_count > 0);
        let is_static = a
            .method_def(method)
            .is_ok_and(|row| row.flags & METHOD_STATIC != 0);
        // An instance method of a generic value type has no MethodTable
        // in `this` (a managed pointer to the unboxed value): it takes the
        // exact MethodTable as its hidden argument too
        // (`MethodDesc::RequiresInstMethodTableArg`, src/coreclr/vm/method.hpp).
        let value_type_owner = a
            .method_owner(method)
            .and_then(|t| base.is_value_type_def(t))
            .unwrap_or(false);
        Self {
            canon: true,
            canon_method: generic_method,
            hidden_context: generic_method || is_static || value_type_owner,
            ..base
        }
    }

    /// Whether the TypeDef `t` of the compiled assembly is a value type
    /// (its base is `System.ValueType` or `System.Enum`); `None` if that
    /// cannot be decided.
    fn is_value_type_def(&self, t: TypeDefHandle) -> Option<bool> {
        match self.set {
            Some((set, id)) => TypeSystem::new(set)
                .is_value_type(TypeDefId { asm: id, def: t })
                .ok(),
            None => match self.asm.type_def(t).ok()?.extends {
                None => Some(false),
                Some(TypeDefOrRef::TypeRef(r)) => {
                    let row = self.asm.type_ref(r).ok()?;
                    let (ns, name) = (
                        self.asm.string(row.namespace).ok()?,
                        self.asm.string(row.name).ok()?,
                    );
                    if ns == "System" && (name == "ValueType" || name == "Enum") {
                        Some(true)
                    } else if ns == "System" && name == "Object" {
                        Some(false)
                    } else {
                        None
                    }
                }
                Some(_) => None,
            },
        }
    }

    /// `(is_virtual, owner_value_type)` of a callee token; `(true, true)`
    /// (refused as an instance call) when it cannot be resolved.
    fn callee_flags(&self, token: Token) -> (bool, bool) {
        let def = match token.table() {
            Some(TableId::MethodDef) => MethodDefHandle::from_token(token).map(|def| MethodDefId {
                asm: self.set.map_or(AsmId(0), |(_, id)| id),
                def,
            }),
            Some(TableId::MemberRef) => match (self.set, MemberRefHandle::from_token(token)) {
                (Some((set, id)), Some(m)) => match set.resolve_member_ref(id, m) {
                    Ok(MemberDef::Method(d)) => Some(d),
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let Some(def) = def else {
            return (true, true);
        };
        let (asm, same) = match self.set {
            Some((set, _)) => (set.get(def.asm), false),
            None => (self.asm, true),
        };
        let Ok(row) = asm.method_def(def.def) else {
            return (true, true);
        };
        let virt = row.flags & METHOD_VIRTUAL != 0;
        let Some(owner) = asm.method_owner(def.def) else {
            return (true, true);
        };
        let value = if same {
            self.is_value_type_def(owner)
        } else {
            let (set, _) = self.set.expect("resolved through the set");
            TypeSystem::new(set)
                .is_value_type(TypeDefId {
                    asm: def.asm,
                    def: owner,
                })
                .ok()
        };
        (virt, value.unwrap_or(true))
    }

    /// The underlying type of `t` if it is an enum, `None` otherwise (or if
    /// it cannot be resolved).
    fn enum_underlying(&self, t: TypeDefOrRef) -> Option<IlType> {
        let (asm, def, is_enum) = match (self.set, t) {
            (Some((set, id)), t) => {
                let d = set.resolve_type_def_or_ref(id, t).ok()?;
                let base = set.base_type(d).ok()??;
                (set.get(d.asm), d.def, set.type_name(base) == "System.Enum")
            }
            (None, TypeDefOrRef::TypeDef(def)) => {
                let is_enum = match self.asm.type_def(def).ok()?.extends? {
                    TypeDefOrRef::TypeRef(r) => {
                        let row = self.asm.type_ref(r).ok()?;
                        self.asm.string(row.namespace).ok()? == "System"
                            && self.asm.string(row.name).ok()? == "Enum"
                    }
                    _ => false,
                };
                (self.asm, def, is_enum)
            }
            (None, _) => return None,
        };
        if !is_enum {
            return None;
        }
        let field = asm
            .type_fields(def)
            .ok()?
            .find(|&f| asm.field(f).is_ok_and(|row| row.flags & FIELD_STATIC == 0))?;
        match asm.field_sig(field).ok()?.strip_modifiers() {
            t @ TypeSig::Primitive(_) => Some(il_type(t)),
            _ => None,
        }
    }

    /// Classifies a signature type, resolving enums.
    fn classify(&self, t: &TypeSig) -> IlType {
        if let Some(inst) = self.exact {
            if t.has_generic_params() {
                let closed = inst.apply(t);
                if !closed.has_generic_params() {
                    return self.classify(&closed);
                }
            }
        }
        match t.strip_modifiers() {
            TypeSig::ValueType(v) => self.enum_underlying(*v).unwrap_or_else(|| {
                if self.is_runtime_handle(*v) {
                    IlType::RuntimeHandle
                } else {
                    IlType::ValueType
                }
            }),
            // `__Canon`: a reference to an object of the exact type argument.
            TypeSig::Var(_) if self.canon => IlType::Object,
            TypeSig::MVar(_) if self.canon_method => IlType::Object,
            t => il_type(t),
        }
    }

    fn method_sig(&self, sig: &MdSig) -> MethodSig {
        MethodSig {
            has_this: sig.call_conv.has_this(),
            vararg: sig.call_conv.is_vararg(),
            generic_params: sig.generic_param_count,
            params: sig
                .fixed_params()
                .iter()
                .map(|t| self.classify(t))
                .collect(),
            ret: match sig.ret.strip_modifiers() {
                TypeSig::Void => None,
                t => Some(self.classify(t)),
            },
            hidden_context: false,
        }
    }

    fn type_def_name(&self, t: TypeDefHandle) -> String {
        self.asm
            .type_def(t)
            .ok()
            .map(|row| self.qualified(row.namespace, row.name))
            .unwrap_or_else(|| format!("{:#010x}", t.token().0))
    }

    fn type_ref_name(&self, t: TypeRefHandle) -> String {
        self.asm
            .type_ref(t)
            .ok()
            .map(|row| self.qualified(row.namespace, row.name))
            .unwrap_or_else(|| format!("{:#010x}", t.token().0))
    }

    fn qualified(
        &self,
        ns: kiln_metadata::tables::StringIndex,
        name: kiln_metadata::tables::StringIndex,
    ) -> String {
        let ns = self.asm.string(ns).unwrap_or("?");
        let name = self.asm.string(name).unwrap_or("?");
        if ns.is_empty() {
            name.to_string()
        } else {
            format!("{ns}.{name}")
        }
    }

    fn method_def_name(&self, m: MethodDefHandle) -> String {
        let owner = self
            .asm
            .method_owner(m)
            .map(|t| self.type_def_name(t))
            .unwrap_or_default();
        let name = self
            .asm
            .method_def(m)
            .ok()
            .and_then(|row| self.asm.string(row.name).ok().map(str::to_string))
            .unwrap_or_default();
        format!("{owner}::{name}")
    }

    fn member_ref_name(&self, m: MemberRefHandle) -> String {
        let Ok(row) = self.asm.member_ref(m) else {
            return format!("{:#010x}", m.token().0);
        };
        let owner = match row.class {
            Some(MemberRefParent::TypeDef(t)) => self.type_def_name(t),
            Some(MemberRefParent::TypeRef(t)) => self.type_ref_name(t),
            Some(MemberRefParent::TypeSpec(t)) => format!("{:#010x}", t.token().0),
            Some(MemberRefParent::MethodDef(d)) => self.method_def_name(d),
            Some(MemberRefParent::ModuleRef(_)) | None => String::new(),
        };
        format!("{owner}::{}", self.asm.string(row.name).unwrap_or("?"))
    }

    /// The name and signature of a MethodDef or MemberRef, and whether the
    /// member belongs to a generic instantiation (a MemberRef on a TypeSpec).
    fn method_ref_target(&self, token: Token) -> Result<(String, MdSig, bool), MetadataError> {
        let bad = || MetadataError::BadToken {
            token: token.0,
            expected: "a MethodDef, MemberRef or MethodSpec",
        };
        match token.table() {
            Some(TableId::MethodDef) => {
                let h = MethodDefHandle::from_token(token).ok_or_else(bad)?;
                Ok((self.method_def_name(h), self.asm.method_def_sig(h)?, false))
            }
            Some(TableId::MemberRef) => {
                let h = MemberRefHandle::from_token(token).ok_or_else(bad)?;
                let MemberSig::Method(sig) = self.asm.member_ref_sig(h)? else {
                    return Err(bad());
                };
                let (sig, shared) = match self.asm.member_ref(h)?.class {
                    Some(MemberRefParent::TypeSpec(ts)) => {
                        let owner = self.spec_sig(ts)?;
                        instantiate_member_sig(&owner, sig)
                    }
                    _ => (sig, false),
                };
                Ok((self.member_ref_name(h), sig, shared))
            }
            _ => Err(bad()),
        }
    }
}

/// The first instance field of `ty` (a type of assembly `asm`), directly or
/// inside its value-type fields, whose type is a non-primitive, non-enum
/// value type defined outside `asm` (or a generic value type), by name;
/// `None` if the layout of `ty` only depends on `asm`.
fn foreign_value_field(
    set: &AssemblySet,
    ts: &TypeSystem<'_>,
    asm: AsmId,
    ty: TypeDefId,
    depth: u32,
) -> Result<Option<String>, MetadataError> {
    if depth > 16 {
        return Ok(Some("deeply nested value types".into()));
    }
    let a = set.get(ty.asm);
    for f in a.type_fields(ty.def)? {
        if a.field(f)?.flags & FIELD_STATIC != 0 {
            continue;
        }
        let v = match a.field_sig(f)?.strip_modifiers() {
            TypeSig::ValueType(v) => *v,
            TypeSig::GenericInst {
                is_value_type: true,
                ..
            } => return Ok(Some("a generic value type".into())),
            _ => continue,
        };
        let d = match set.resolve_type_def_or_ref(ty.asm, v) {
            Ok(d) => d,
            Err(e) => return Ok(Some(resolve_err(e)?)),
        };
        if ts.primitive_of(d).is_some() || matches!(ts.enum_underlying(d), Ok(Some(_))) {
            continue;
        }
        if d.asm != asm {
            return Ok(Some(set.type_name(d)));
        }
        if let Some(w) = foreign_value_field(set, ts, asm, d, depth + 1)? {
            return Ok(Some(w));
        }
    }
    Ok(None)
}

/// Whether code for members of the instantiation `owner` may be shared
/// between instantiations (and so takes a hidden generic-context argument
/// for static methods): conservatively, unless every type argument is a
/// primitive, which always gets its own unshared code.
fn needs_instantiation_argument(owner: &TypeSig) -> bool {
    match owner.strip_modifiers() {
        TypeSig::GenericInst { args, .. } => !args
            .iter()
            .all(|a| matches!(a.strip_modifiers(), TypeSig::Primitive(_))),
        _ => true,
    }
}

/// The signature of a method of the instantiated type `owner` (a MemberRef
/// on a TypeSpec), with the owner's type arguments substituted for `!n`
/// (ECMA-335 II.9.4; both come from the same module, so they share its
/// token context), and whether a call must pass a hidden generic-context
/// argument — which kiln does not do, so such calls are refused.
///
/// Shared (canonical) code of a *static* method, or of an instance method
/// of a generic *value type* (whose `this` is a bare byref), takes the exact
/// type from the caller; an instance method of a generic *class* finds it in
/// its `this` object's MethodTable, so the caller passes nothing extra
/// (crossgen2 calls `List<string>.Add` through a plain MethodEntry cell).
fn instantiate_member_sig(owner: &TypeSig, sig: MdSig) -> (MdSig, bool) {
    match owner.strip_modifiers() {
        TypeSig::GenericInst {
            is_value_type,
            args,
            ..
        } => {
            let through_this = sig.call_conv.has_this() && !is_value_type;
            let shared = !through_this && needs_instantiation_argument(owner);
            (sig.substitute(args, &[]), shared)
        }
        // Arrays' runtime-provided methods (Get/Set/Address) and anything
        // else on a TypeSpec: not modelled.
        _ => (sig, true),
    }
}

/// Classifies a signature type for the importer without resolving it:
/// every `valuetype` is [`IlType::ValueType`] (see [`MetadataEnv`] for enums).
/// The element of an array of the closed constructed type TypeSpec `token`
/// names (`constructed`): a reference type (`List<int>[]`, `int[][]`), or a
/// value-type instantiation (`KeyValuePair<int,string>[]`,
/// `Nullable<int>[]`) whose array type a TypeHandle fixup spells out
/// (SZARRAY and the TypeSpec's signature) and whose elements the importer
/// moves by the instantiation's layout; arrays of pointers are refused.
fn constructed_elem(
    token: u32,
    constructed: Result<crate::env::ConstructedType, String>,
) -> Result<(kiln_ir::ArrayElem, IlType), String> {
    use kiln_ir::ArrayElem;
    // ECMA-335 II.23.2.12: GENERICINST (0x15) VALUETYPE (0x11) …
    const GENERICINST: u8 = 0x15;
    const VALUETYPE: u8 = 0x11;
    match constructed {
        Ok(c) if c.reference => Ok((ArrayElem::Spec(token), IlType::Object)),
        Ok(c) if c.sig.starts_with(&[GENERICINST, VALUETYPE]) => {
            Ok((ArrayElem::Spec(token), IlType::ValueType))
        }
        Ok(_) => Err("array of a pointer type".into()),
        Err(why) => Err(why),
    }
}

pub fn il_type(t: &TypeSig) -> IlType {
    match t.strip_modifiers() {
        TypeSig::Primitive(p) => match p {
            Primitive::Boolean => IlType::Bool,
            Primitive::Char => IlType::Char,
            Primitive::I1 => IlType::I1,
            Primitive::U1 => IlType::U1,
            Primitive::I2 => IlType::I2,
            Primitive::U2 => IlType::U2,
            Primitive::I4 => IlType::I4,
            Primitive::U4 => IlType::U4,
            Primitive::I8 => IlType::I8,
            Primitive::U8 => IlType::U8,
            Primitive::R4 => IlType::R4,
            Primitive::R8 => IlType::R8,
            Primitive::I => IlType::I,
            Primitive::U => IlType::U,
        },
        TypeSig::String
        | TypeSig::Object
        | TypeSig::Class(_)
        | TypeSig::SzArray(_)
        | TypeSig::Array(..) => IlType::Object,
        TypeSig::GenericInst { is_value_type, .. } => {
            if *is_value_type {
                IlType::ValueType
            } else {
                IlType::Object
            }
        }
        TypeSig::ValueType(_) => IlType::ValueType,
        TypeSig::TypedByRef => IlType::TypedRef,
        TypeSig::Var(_) | TypeSig::MVar(_) => IlType::GenericParam,
        TypeSig::Ptr(_) | TypeSig::FnPtr(_) => IlType::Ptr,
        TypeSig::ByRef(_) => IlType::ByRef,
        // `void` only appears as a return type (handled by the caller);
        // anywhere else it is meaningless — call it a value type so it is
        // refused. Modifiers and `pinned` were stripped above.
        TypeSig::Void | TypeSig::Modified { .. } | TypeSig::Pinned(_) => IlType::ValueType,
    }
}

impl LowerEnv for MetadataEnv<'_> {
    fn method_name(&self) -> String {
        self.method_def_name(self.method)
    }

    fn signature(&self) -> Result<MethodSig, MetadataError> {
        let mut sig = self.method_sig(&self.asm.method_def_sig(self.method)?);
        if self.canon_method || self.exact.is_some() {
            // The canonical instantiation is no longer generic: its method
            // type parameters are `__Canon`, its context a hidden argument;
            // an exact one has its arguments substituted.
            sig.generic_params = 0;
        }
        sig.hidden_context = self.hidden_context;
        Ok(sig)
    }

    fn body(&self) -> Result<IlBody<'_>, MetadataError> {
        let body = self
            .asm
            .method_body(self.method)?
            .ok_or(MetadataError::BadToken {
                token: self.method.token().0,
                expected: "a method with an IL body",
            })?;
        Ok(IlBody {
            code: body.code,
            max_stack: body.max_stack,
            init_locals: body.init_locals,
            exception_clauses: body.exception_clauses.clone(),
        })
    }

    fn synchronized(&self) -> bool {
        // MethodImplAttributes.Synchronized (ECMA-335 II.23.1.11). A row that
        // cannot be read fails `signature`/`body` anyway; treat it as
        // synchronized so nothing is compiled from it.
        self.asm
            .method_def(self.method)
            .map_or(true, |row| row.impl_flags & 0x0020 != 0)
    }

    fn class_init_trigger(&self) -> Result<Result<Option<u32>, String>, MetadataError> {
        // crossgen2 `initClass` for the method being compiled (CorInfoImpl.cs):
        // nothing for beforefieldinit types, types without a .cctor, the
        // .cctor itself, and instance methods (other than constructors) of
        // classes; otherwise a CctorTrigger helper call on entry.
        const TYPE_BEFORE_FIELD_INIT: u32 = 0x0010_0000;
        let Some(owner) = self.asm.method_owner(self.method) else {
            return Ok(Ok(None));
        };
        let trow = self.asm.type_def(owner)?;
        if trow.flags & TYPE_BEFORE_FIELD_INIT != 0 {
            return Ok(Ok(None));
        }
        let mut has_cctor = false;
        for m in self.asm.type_methods(owner)? {
            let row = self.asm.method_def(m)?;
            if self.asm.string(row.name)? == ".cctor" && row.flags & METHOD_STATIC != 0 {
                has_cctor = true;
            }
        }
        if !has_cctor {
            return Ok(Ok(None));
        }
        let row = self.asm.method_def(self.method)?;
        let name = self.asm.string(row.name)?;
        if name == ".cctor" {
            return Ok(Ok(None));
        }
        let value_type = self.is_value_type_def(owner);
        if row.flags & METHOD_STATIC == 0 && name != ".ctor" && value_type == Some(false) {
            return Ok(Ok(None));
        }
        if self.exact.is_none()
            && !self
                .asm
                .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(owner))
                .is_empty()
        {
            // Shared code names the exact class through the generic
            // dictionary (`class_init_lookup`); exact code names its
            // instantiation (`class_init_type_sig`).
            if self.canon && value_type == Some(false) && self.class_init_lookup_sig().is_ok() {
                return Ok(Ok(Some(owner.token().0)));
            }
            return Ok(Err("method of a generic class with a .cctor".into()));
        }
        let generic_owner = !self
            .asm
            .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(owner))
            .is_empty();
        if generic_owner && self.exact_owner_sig()?.is_none() {
            return Ok(Err(
                "method of a generic class with a .cctor, instantiation kiln cannot spell".into(),
            ));
        }
        if value_type != Some(false) {
            return Ok(Err("method of a value type with a .cctor".into()));
        }
        Ok(Ok(Some(owner.token().0)))
    }

    fn locals(&self) -> Result<Vec<IlType>, MetadataError> {
        let Some(body) = self.asm.method_body(self.method)? else {
            return Ok(Vec::new());
        };
        match body.local_var_sig {
            None => Ok(Vec::new()),
            Some(sig) => Ok(self
                .asm
                .locals_sig(sig)?
                .iter()
                .map(|t| self.classify(t))
                .collect()),
        }
    }

    fn pinned_locals(&self) -> Result<Vec<bool>, MetadataError> {
        let Some(body) = self.asm.method_body(self.method)? else {
            return Ok(Vec::new());
        };
        let Some(sig) = body.local_var_sig else {
            return Ok(Vec::new());
        };
        Ok(self
            .asm
            .locals_sig(sig)?
            .iter()
            .map(|t| {
                let mut t = t;
                while let TypeSig::Modified { inner, .. } = t {
                    t = inner;
                }
                matches!(t, TypeSig::Pinned(_))
            })
            .collect())
    }

    fn class_init_lookup(&self) -> Result<Option<Vec<u8>>, MetadataError> {
        if !self.canon {
            return Ok(None);
        }
        Ok(self.class_init_lookup_sig().ok())
    }

    fn class_init_type_sig(&self) -> Result<Option<Vec<u8>>, MetadataError> {
        self.exact_owner_sig()
    }

    fn token_refusal(
        &self,
        opcode: kiln_metadata::il::Opcode,
        token: u32,
    ) -> Result<Option<String>, MetadataError> {
        self.exact_token_refusal(opcode, Token(token))
    }

    fn resolve_call(&self, token: u32) -> Result<CallTarget, MetadataError> {
        let tok = Token(token);
        if tok.table() == Some(TableId::MethodSpec) {
            // A generic method's instantiation: callable when it is exact
            // (through the runtime's instantiating stub, see
            // `exact_generic_call`); over the compiled method's own type
            // parameters it needs a dictionary lookup, reported generic so
            // that the importer refuses it.
            let h = MethodSpecHandle::from_token(tok).ok_or(MetadataError::BadToken {
                token,
                expected: "a MethodSpec",
            })?;
            let row: MethodSpecRow = self.asm.row(h)?;
            let inner = match row.method {
                Some(MethodDefOrRef::MethodDef(d)) => d.token(),
                Some(MethodDefOrRef::MemberRef(r)) => r.token(),
                None => {
                    return Err(MetadataError::BadToken {
                        token,
                        expected: "a MethodSpec naming a method",
                    })
                }
            };
            let (name, sig, _) = self.method_ref_target(inner)?;
            let method_args = self.mspec_sig(h)?;
            let mut method_sig = self.exact_generic_call(inner, Some(h))?;
            let (is_virtual, owner_value_type) = self.callee_flags(inner);
            let mut sig = self.method_sig(&sig.substitute(&[], &method_args));
            // Over the compiled method's type parameters: the canonical
            // callee with its exact MethodDesc from the generic dictionary.
            let mut inst_arg = None;
            if method_sig.is_none() {
                if let Some((canonical, lookup)) = self.shared_generic_call(inner, Some(h))? {
                    method_sig = Some(canonical);
                    inst_arg = Some(lookup);
                    sig.hidden_context = true;
                }
            }
            sig.generic_params = u32::from(method_sig.is_none());
            if self.exact.is_some() && method_sig.is_none() && self.depends_on_params(tok)? {
                sig.generic_params = 1;
            }
            return Ok(CallTarget {
                name,
                sig,
                callee: Callee::Token(token),
                is_virtual,
                owner_value_type,
                owner: None,
                method_sig,
                inst_arg,
                virtual_cell: None,
            });
        }
        // A member of a generic instantiation (MemberRef on a TypeSpec) whose
        // code is not shared is callable like any other method: the
        // MethodEntry_RefToken cell names the exact instantiation. Shared
        // (canonical) code of a static method, or of a method of a generic
        // value type, takes the exact type as a hidden generic-context
        // argument — checked on .NET 8: through a plain MethodEntry_RefToken
        // cell `typeof(T)` in `G<object>.H` dereferences null — so such a
        // call names the exact instantiation with the `InstantiatingStub`
        // flag (`exact_generic_call`) and the runtime supplies the context;
        // over the compiled method's own type parameters it is reported
        // generic and the importer refuses it. A signature that mentions
        // the type's parameters (`!0`) classifies as
        // `IlType::GenericParam`, which the importer refuses too.
        let (name, sig, mut shared) = self.method_ref_target(tok)?;
        let (is_virtual, owner_value_type) = self.callee_flags(tok);
        let mut method_sig = None;
        if shared && !self.context_dependent(tok)? {
            method_sig = self.exact_generic_call(tok, None)?;
            shared = method_sig.is_none();
        }
        let mut owner = None;
        let mut inst_arg = None;
        let mut virtual_cell = None;
        let context_dependent = self.context_dependent(tok)?;
        if context_dependent {
            owner = self.canonical_callee_owner(tok, is_virtual)?;
            if owner.is_none() && is_virtual {
                // An interface method over the type parameters: dispatch
                // through a cell from the generic dictionary.
                virtual_cell = self.interface_dispatch_lookup(tok)?;
            }
            if owner.is_none() && virtual_cell.is_none() {
                // A static method of a generic class over the type
                // parameters: the canonical callee with the exact
                // MethodTable from the generic dictionary.
                if let Some((canonical, lookup)) = self.shared_generic_call(tok, None)? {
                    method_sig = Some(canonical);
                    inst_arg = Some(lookup);
                }
            }
        }
        // Exact code: a member of an instantiation over the type
        // parameters is named on its substituted owner (`Cell<int32>`);
        // without one the call is refused.
        let mut exact_unnamed = false;
        if self.exact.is_some() && self.raw_context_dependent(tok)? && method_sig.is_none() {
            owner = self.exact_member_owner(tok)?;
            exact_unnamed = owner.is_none();
        }
        let shared = exact_unnamed
            || inst_arg.is_none()
                && virtual_cell.is_none()
                && (shared || (context_dependent && owner.is_none()));
        let mut sig = self.method_sig(&sig);
        sig.hidden_context = inst_arg.is_some();
        if shared {
            sig.generic_params = sig.generic_params.max(1);
        }
        Ok(CallTarget {
            name,
            sig,
            callee: Callee::Token(token),
            is_virtual,
            owner_value_type,
            owner,
            method_sig,
            inst_arg,
            virtual_cell,
        })
    }

    fn this_type(&self) -> Result<Option<IlType>, MetadataError> {
        let sig = self.asm.method_def_sig(self.method)?;
        if !sig.call_conv.has_this() {
            return Ok(None);
        }
        let value = self
            .asm
            .method_owner(self.method)
            .and_then(|t| self.is_value_type_def(t));
        Ok(Some(match value {
            Some(false) => IlType::Object,
            Some(true) => IlType::ByRef,
            // Unknown: refused as an instance method.
            None => IlType::ValueType,
        }))
    }

    fn array_elem(
        &self,
        token: u32,
    ) -> Result<Result<(kiln_ir::ArrayElem, IlType), String>, MetadataError> {
        use kiln_ir::ArrayElem;
        let Some((set, id)) = self.set else {
            return Ok(Err("no assembly set to resolve types".into()));
        };
        let tok = Token(token);
        let t = match (tok.table(), tok.rid()) {
            (_, 0) => return Ok(Err("type token without a row".into())),
            (Some(TableId::TypeDef), rid) => TypeDefOrRef::TypeDef(TypeDefHandle(rid)),
            (Some(TableId::TypeRef), rid) => TypeDefOrRef::TypeRef(TypeRefHandle(rid)),
            (Some(TableId::TypeSpec), rid) => {
                // A TypeSpec may spell a primitive, `string` or `object`
                // (ilasm writes `[mscorlib]System.Byte` so).
                let h = kiln_metadata::tables::TypeSpecHandle(rid);
                let (elem, ty) = match self.spec_sig(h)?.strip_modifiers() {
                    TypeSig::Primitive(p) => (
                        ArrayElem::Prim(element_type(*p)),
                        il_type(&TypeSig::Primitive(*p)),
                    ),
                    TypeSig::String => (ArrayElem::Prim(0x0E), IlType::Object),
                    TypeSig::Object => (ArrayElem::Prim(0x1C), IlType::Object),
                    // Exact code: `!0` substituted by an enum or a class,
                    // spelled through the TypeSpec's substituted signature.
                    t @ (TypeSig::ValueType(_) | TypeSig::Class(_))
                        if self.exact.is_some()
                            && self.asm.type_spec_sig(h)?.has_generic_params() =>
                    {
                        // (A struct argument too: `newarr` names the array
                        // type `SZARRAY VALUETYPE S`; its elements are
                        // accessed through the struct's layout.)
                        match self.classify(t) {
                            IlType::RuntimeHandle | IlType::GenericParam => {
                                return Ok(Err("array of a value type argument".into()))
                            }
                            ty => (ArrayElem::Spec(token), ty),
                        }
                    }
                    _ => return Ok(constructed_elem(token, self.constructed_type_of(token)?)),
                };
                return Ok(Ok((elem, ty)));
            }
            _ => return Ok(constructed_elem(token, self.constructed_type_of(token)?)),
        };
        let def = match set.resolve_type_def_or_ref(id, t) {
            Ok(d) => d,
            Err(e) => return Ok(Err(resolve_err(e)?)),
        };
        let ts = TypeSystem::new(set);
        if let Some(p) = ts.primitive_of(def) {
            return Ok(Ok((
                ArrayElem::Prim(element_type(p)),
                il_type(&TypeSig::Primitive(p)),
            )));
        }
        if set.is_core_library(def.asm) {
            match set.type_name(def).as_str() {
                "System.String" => return Ok(Ok((ArrayElem::Prim(0x0E), IlType::Object))),
                "System.Object" => return Ok(Ok((ArrayElem::Prim(0x1C), IlType::Object))),
                _ => {}
            }
        }
        if !set
            .get(def.asm)
            .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(def.def))
            .is_empty()
        {
            return Ok(Err("array of a generic type definition".into()));
        }
        match ts.is_value_type(def) {
            Ok(false) => Ok(Ok((ArrayElem::Class(token), IlType::Object))),
            Ok(true) => {
                let ty = match ts.enum_underlying(def) {
                    Ok(Some(p)) => il_type(&TypeSig::Primitive(p)),
                    _ => IlType::ValueType,
                };
                Ok(Ok((ArrayElem::ValueType(token), ty)))
            }
            Err(e) => Ok(Err(resolve_err(e)?)),
        }
    }

    fn is_canonical_param(&self, token: u32) -> Result<bool, MetadataError> {
        let tok = Token(token);
        if !self.canon || tok.table() != Some(TableId::TypeSpec) || tok.rid() == 0 {
            return Ok(false);
        }
        let ts = kiln_metadata::tables::TypeSpecHandle(tok.rid());
        Ok(match self.asm.type_spec_sig(ts)?.strip_modifiers() {
            TypeSig::Var(_) => true,
            TypeSig::MVar(_) => self.canon_method,
            _ => false,
        })
    }

    fn context_dependent_type(&self, token: u32) -> Result<bool, MetadataError> {
        self.context_dependent_type_token(Token(token))
    }

    fn type_lookup(
        &self,
        token: u32,
        array: bool,
    ) -> Result<Result<Vec<u8>, String>, MetadataError> {
        self.type_lookup_sig(Token(token), array)
    }

    fn type_spec_sig(&self, token: u32) -> Result<Option<Vec<u8>>, MetadataError> {
        let tok = Token(token);
        if tok.table() != Some(TableId::TypeSpec) || tok.rid() == 0 {
            return Ok(None);
        }
        let h = kiln_metadata::tables::TypeSpecHandle(tok.rid());
        if self.exact.is_some() {
            let raw = self.asm.type_spec_sig(h)?;
            if raw.has_generic_params() {
                return Ok(r2r_type(&self.spec_sig(h)?).map(|t| t.to_bytes()));
            }
        }
        let row: kiln_metadata::tables::TypeSpecRow = self.asm.row(h)?;
        Ok(Some(self.asm.blob(row.signature)?.to_vec()))
    }

    fn newobj_class(&self, ctor_token: u32) -> Result<Result<u32, String>, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(Err("no assembly set to resolve types".into()));
        };
        let tok = Token(ctor_token);
        // The TypeSpec token of an instantiated class, if the constructor
        // is a member of one.
        let mut instantiation = None;
        // The class token as the compiled module names it.
        let class = match tok.table() {
            Some(TableId::MethodDef) => {
                let Some(owner) =
                    MethodDefHandle::from_token(tok).and_then(|m| self.asm.method_owner(m))
                else {
                    return Ok(Err("constructor without an owner".into()));
                };
                TypeDefOrRef::TypeDef(owner)
            }
            Some(TableId::MemberRef) => {
                let Some(m) = MemberRefHandle::from_token(tok) else {
                    return Ok(Err("bad MemberRef".into()));
                };
                match self.asm.member_ref(m)?.class {
                    Some(MemberRefParent::TypeDef(t)) => TypeDefOrRef::TypeDef(t),
                    Some(MemberRefParent::TypeRef(t)) => TypeDefOrRef::TypeRef(t),
                    Some(MemberRefParent::TypeSpec(ts)) => {
                        // An exact class instantiation (`Cell<string>`): its
                        // MethodTable comes from a TypeHandle cell naming
                        // the TypeSpec, which the runtime loads in this
                        // module without any generic context — so it must
                        // not mention `!n`/`!!n` (that would need the
                        // generic dictionary).
                        match self.spec_sig(ts)?.strip_modifiers() {
                            // In shared code an instantiation over the
                            // type parameters comes from the generic
                            // dictionary (`type_lookup`).
                            TypeSig::GenericInst {
                                is_value_type: false,
                                generic,
                                args,
                            } if self.canon || !args.iter().any(TypeSig::has_generic_params) => {
                                instantiation = Some(ts.token().0);
                                *generic
                            }
                            TypeSig::GenericInst { .. } => {
                                return Ok(Err(
                                    "constructor of a generic instantiation over the method's type parameters (needs a generic dictionary lookup)"
                                        .into(),
                                ))
                            }
                            _ => {
                                return Ok(Err(
                                    "constructor of a constructed type other than a class instantiation"
                                        .into(),
                                ))
                            }
                        }
                    }
                    _ => return Ok(Err("constructor of an unsupported parent".into())),
                }
            }
            _ => {
                return Ok(Err(
                    "constructor token is not a MethodDef or MemberRef".into()
                ))
            }
        };
        let def = match set.resolve_type_def_or_ref(id, class) {
            Ok(d) => d,
            Err(e) => return Ok(Err(resolve_err(e)?)),
        };
        let asm = set.get(def.asm);
        let row = asm.type_def(def.def)?;
        let name = set.type_name(def);
        // TypeAttributes: Interface 0x20, Abstract 0x80 (ECMA-335 II.23.1.15).
        if row.flags & 0xA0 != 0 {
            return Ok(Err(format!("{name} is abstract or an interface")));
        }
        let generic = !asm
            .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(def.def))
            .is_empty();
        if generic != instantiation.is_some() {
            return Ok(Err(format!("{name} is generic")));
        }
        let ts = TypeSystem::new(set);
        match ts.is_value_type(def) {
            Ok(false) => {}
            Ok(true) => return Ok(Err(format!("{name} is a value type"))),
            Err(e) => return Ok(Err(resolve_err(e)?)),
        }
        // Classes the runtime allocates specially. A delegate is allocated
        // like any object; its runtime-implemented constructor
        // `.ctor(object, native int)` is called like any other (the JIT's
        // `newobj` of a delegate whose code pointer does not come from
        // `ldftn`, e.g. from `ldvirtftn`).
        let delegate = self.delegate_ctor_class(ctor_token)?.is_some();
        let mut t = Some(def);
        let mut depth = 0;
        while let Some(d) = t {
            depth += 1;
            if depth > MAX_BASE_DEPTH {
                return Ok(Err("base type chain too deep or cyclic".into()));
            }
            let n = set.type_name(d);
            let special = match n.as_str() {
                "System.String" | "System.Array" => true,
                "System.Delegate" | "System.MulticastDelegate" => !delegate,
                _ => false,
            };
            if special && set.is_core_library(d.asm) {
                return Ok(Err(format!("{name} is allocated specially ({n})")));
            }
            t = match set.base_type(d) {
                Ok(b) => b,
                Err(e) => return Ok(Err(resolve_err(e)?)),
            };
        }
        if let Some(spec) = instantiation {
            return Ok(Ok(spec));
        }
        Ok(Ok(match class {
            TypeDefOrRef::TypeDef(t) => t.token().0,
            TypeDefOrRef::TypeRef(t) => t.token().0,
            TypeDefOrRef::TypeSpec(_) => {
                return Ok(Err("constructor of a TypeSpec's generic definition".into()))
            }
        }))
    }

    fn constrained_call(
        &self,
        ctok: u32,
        method: u32,
    ) -> Result<Result<crate::env::ConstrainedCall, String>, MetadataError> {
        self.constrained_call_impl(ctok, method)
    }

    fn string_ctor(&self, ctor_token: u32) -> Result<bool, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(false);
        };
        let tok = Token(ctor_token);
        let class = match tok.table() {
            Some(TableId::MethodDef) => {
                match MethodDefHandle::from_token(tok).and_then(|m| self.asm.method_owner(m)) {
                    Some(owner) => TypeDefOrRef::TypeDef(owner),
                    None => return Ok(false),
                }
            }
            Some(TableId::MemberRef) => {
                let Some(m) = MemberRefHandle::from_token(tok) else {
                    return Ok(false);
                };
                match self.asm.member_ref(m)?.class {
                    Some(MemberRefParent::TypeDef(t)) => TypeDefOrRef::TypeDef(t),
                    Some(MemberRefParent::TypeRef(t)) => TypeDefOrRef::TypeRef(t),
                    _ => return Ok(false),
                }
            }
            _ => return Ok(false),
        };
        let Ok(def) = set.resolve_type_def_or_ref(id, class) else {
            return Ok(false);
        };
        Ok(set.is_core_library(def.asm) && set.type_name(def) == "System.String")
    }

    fn object_ctor(&self, ctor_token: u32) -> Result<bool, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(false);
        };
        let tok = Token(ctor_token);
        let def = match tok.table() {
            Some(TableId::MethodDef) => match MethodDefHandle::from_token(tok) {
                Some(def) => MethodDefId { asm: id, def },
                None => return Ok(false),
            },
            Some(TableId::MemberRef) => {
                match MemberRefHandle::from_token(tok).map(|m| set.resolve_member_ref(id, m)) {
                    Some(Ok(MemberDef::Method(d))) => d,
                    _ => return Ok(false),
                }
            }
            _ => return Ok(false),
        };
        let asm = set.get(def.asm);
        let Some(owner) = asm.method_owner(def.def) else {
            return Ok(false);
        };
        let owner = TypeDefId {
            asm: def.asm,
            def: owner,
        };
        if !set.is_core_library(def.asm) || set.type_name(owner) != "System.Object" {
            return Ok(false);
        }
        let row = asm.method_def(def.def)?;
        if asm.string(row.name)? != ".ctor" {
            return Ok(false);
        }
        Ok(asm
            .method_body(def.def)?
            .is_some_and(|b| b.code == [0x2A] && b.exception_clauses.is_empty()))
    }

    fn ldtoken(&self, token: u32) -> Result<Result<TokenHandle, String>, MetadataError> {
        self.ldtoken_target(token)
    }

    fn constructed_type(
        &self,
        token: u32,
    ) -> Result<Result<crate::env::ConstructedType, String>, MetadataError> {
        self.constructed_type_of(token)
    }

    fn delegate_class(&self, ctor_token: u32) -> Result<Option<u32>, MetadataError> {
        self.delegate_ctor_class(ctor_token)
    }

    fn unresolved(&self, token: u32) -> Result<Option<String>, MetadataError> {
        self.unresolved_callee(token)
    }

    fn owner_unresolved(&self) -> Option<String> {
        self.unresolved_owner()
    }

    fn resolve_field(&self, token: u32) -> Result<FieldTarget, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(FieldTarget {
                name: format!("{token:#010x}"),
                ty: IlType::ValueType,
                is_static: false,
                owner_value_type: true,
                offset: Err("no assembly set to lay out types".into()),
                address_fixup: false,
                checked: false,
                static_gc: false,
                thread_static: false,
                owner_token: 0,
                empty_string: false,
                owner: None,
                owner_lookup: None,
            });
        };
        let ts = TypeSystem::with_bubbles(set, VersionBubbles::for_compilation(set, &[id]));
        let refuse = |why: String| FieldTarget {
            name: format!("{token:#010x}"),
            ty: IlType::ValueType,
            is_static: false,
            owner_value_type: true,
            offset: Err(why),
            address_fixup: false,
            checked: false,
            static_gc: false,
            thread_static: false,
            owner_token: 0,
            empty_string: false,
            owner: None,
            owner_lookup: None,
        };
        let (canon_args, method_args) = if self.exact.is_some() {
            match self.exact_keys(set, id) {
                Ok(a) => a,
                Err(why) => return Ok(refuse(why)),
            }
        } else {
            match self.canon_args(set) {
                Ok(a) => (a, Vec::new()),
                Err(why) => return Ok(refuse(why)),
            }
        };
        let dependent = if self.exact.is_some() {
            self.raw_context_dependent(Token(token))?
        } else {
            self.context_dependent(Token(token))?
        };
        if dependent && Token(token).table() != Some(TableId::MemberRef) {
            return Ok(refuse(
                "field of a generic type named without its instantiation".into(),
            ));
        }
        let rf = match ts.resolve_field_token(id, Token(token), &canon_args, &method_args) {
            Ok(rf) => rf,
            Err(e) => {
                return Ok(FieldTarget {
                    name: format!("{token:#010x}"),
                    ty: IlType::ValueType,
                    is_static: false,
                    owner_value_type: true,
                    offset: Err(resolve_err(e)?),
                    address_fixup: false,
                    checked: false,
                    static_gc: false,
                    thread_static: false,
                    owner_token: 0,
                    empty_string: false,
                    owner: None,
                    owner_lookup: None,
                })
            }
        };
        let fasm = set.get(rf.def.asm);
        let row = fasm.field(rf.def.def)?;
        let fname = fasm.string(row.name)?.to_string();
        let is_static = row.flags & FIELD_STATIC != 0;
        let (owner, args) = match &rf.owner {
            TypeKey::Def(owner, args) => (*owner, args.clone()),
            _ => {
                return Err(MetadataError::BadToken {
                    token,
                    expected: "a field of a type definition",
                })
            }
        };
        let name = format!("{}::{fname}", set.type_name(owner));
        let owner_value_type = match ts.is_value_type(owner) {
            Ok(v) => v,
            Err(e) => {
                resolve_err(e)?;
                true
            }
        };
        // The field's type, read in its own assembly (enums resolved); in an
        // instantiation, with the owner's type arguments substituted.
        let ty = if !args.is_empty() {
            self.classify_key(&ts, &rf.ty)
        } else if rf.def.asm == id {
            self.classify(&fasm.field_sig(rf.def.def)?)
        } else if owner_value_type && !is_static {
            // A field of another bubble's value type, read in its assembly.
            self.classify_key(&ts, &rf.ty)
        } else {
            IlType::ValueType
        };
        let empty_string = set.core_type("System", "String") == Some(owner) && fname == "Empty";
        if is_static && owner.asm != id && !empty_string {
            return tokens::external_static(
                self,
                set,
                token,
                owner,
                rf.def,
                name,
                !args.is_empty(),
            );
        }
        if is_static && !args.is_empty() {
            return self.instantiation_static(exact::StaticField {
                ts: &ts,
                token: Token(token),
                owner,
                args: &args,
                field: rf.def,
                flags: row.flags,
                name,
                ty,
                owner_value_type,
            });
        }
        if is_static {
            let (offset, static_gc, thread_static) =
                static_place(set, &ts, id, owner, &args, rf.def, row.flags)?;
            return Ok(FieldTarget {
                name,
                ty,
                is_static,
                owner_value_type,
                owner_token: if offset.is_ok() {
                    owner.def.token().0
                } else {
                    0
                },
                offset,
                address_fixup: false,
                checked: false,
                static_gc,
                thread_static,
                empty_string,
                owner: None,
                owner_lookup: None,
            });
        }
        let mut checked = false;
        let mut field_owner = None;
        let offset = (|| -> Result<Result<u32, String>, MetadataError> {
            if owner.asm != id {
                if !owner_value_type || self.context_dependent(Token(token))? || dependent {
                    return Ok(Err("owner outside the compiled assembly".into()));
                }
                // A field of a value type of another bubble (or of its
                // exact instantiation): the offset computed for the
                // framework compiled against, confirmed by the runtime
                // (Check_FieldOffset, as crossgen2 does for value types
                // whose layout is not fixed in the bubble).
                checked = true;
                return Ok(match ts.layout(&TypeKey::Def(owner, args.clone())) {
                    Ok(l) => l
                        .fields
                        .iter()
                        .find(|f| f.field == rf.def)
                        .map(|f| f.offset)
                        .ok_or_else(|| "field not in its owner's layout".to_string()),
                    Err(e) => Err(resolve_err(e)?),
                });
            }
            if let Some(why) = instantiation_layout_refusal(set, &ts, id, &args)? {
                return Ok(Err(why));
            }
            // A base outside this assembly (other than System.Object) may
            // change its layout with the framework, and so may value types
            // of other bubbles stored in the fields: the offset is then
            // computed for the framework compiled against and confirmed by
            // the runtime (Check_FieldOffset: a mismatch rejects the
            // method, which the JIT then compiles).
            // Bounded: mutated metadata can make the base chain a cycle
            // (found by the whole-pipeline fuzzer: it hung here).
            let mut t = owner;
            for depth in 0.. {
                if depth > MAX_BASE_DEPTH {
                    return Ok(Err("base type chain too deep or cyclic".into()));
                }
                match set.base_type(t) {
                    Ok(None) => break,
                    Ok(Some(b)) if b.asm == id => t = b,
                    Ok(Some(b)) => {
                        let object = set.core_type("System", "Object");
                        if Some(b) != object && !owner_value_type {
                            checked = true;
                        }
                        break;
                    }
                    Err(e) => return Ok(Err(resolve_err(e)?)),
                }
            }
            let mut t = Some(owner);
            let mut depth = 0;
            while let Some(d) = t.filter(|d| d.asm == id) {
                depth += 1;
                if depth > MAX_BASE_DEPTH {
                    return Ok(Err("base type chain too deep or cyclic".into()));
                }
                if foreign_value_field(set, &ts, id, d, 0)?.is_some() {
                    checked = true;
                }
                t = match set.base_type(d) {
                    Ok(b) => b,
                    Err(e) => return Ok(Err(resolve_err(e)?)),
                };
            }
            if checked && self.exact.is_some() && dependent {
                // The Check_FieldOffset fixup names the field on the
                // substituted owner.
                field_owner = self.exact_member_owner(Token(token))?;
                if field_owner.is_none() {
                    return Ok(Err("field of an instantiation kiln cannot name".into()));
                }
            }
            if checked && self.context_dependent(Token(token))? {
                // The Check_FieldOffset fixup names the field on the
                // canonical owner: the token alone would leave `!n` open.
                field_owner = self.canonical_field_owner(Token(token))?;
                if field_owner.is_none() {
                    return Ok(Err(
                        "field of a generic instantiation whose layout depends on another version bubble"
                            .into(),
                    ));
                }
            }
            let layout = match ts.layout(&TypeKey::Def(owner, args.clone())) {
                Ok(l) => l,
                Err(e) => return Ok(Err(resolve_err(e)?)),
            };
            Ok(layout
                .fields
                .iter()
                .find(|f| f.field == rf.def)
                .map(|f| f.offset)
                .ok_or_else(|| "field not in its owner's layout".to_string()))
        })()?;
        Ok(FieldTarget {
            name,
            ty,
            is_static,
            owner_value_type,
            offset,
            address_fixup: false,
            checked,
            static_gc: false,
            thread_static: false,
            owner_token: 0,
            empty_string: false,
            owner: field_owner,
            owner_lookup: None,
        })
    }

    fn local_layout(&self, index: usize) -> Result<Result<ValueLayout, String>, MetadataError> {
        self.local_layout_impl(index)
    }

    fn field_layout(&self, token: u32) -> Result<Result<ValueLayout, String>, MetadataError> {
        self.field_layout_impl(token)
    }

    fn sig_value_types(
        &self,
        call: Option<u32>,
    ) -> Result<Vec<Option<Result<ValueLayout, String>>>, MetadataError> {
        self.sig_value_types_impl(call)
    }

    fn type_token(&self, token: u32) -> Result<Result<TokenType, String>, MetadataError> {
        self.type_token_impl(token)
    }

    fn ctor_value_type(
        &self,
        ctor_token: u32,
    ) -> Result<Option<Result<ValueLayout, String>>, MetadataError> {
        self.ctor_value_type_impl(ctor_token)
    }
}

/// `FieldAttributes.Literal` (ECMA-335 II.23.1.5).
const FIELD_LITERAL: u16 = 0x0040;
/// `FieldAttributes.HasFieldRVA` (ECMA-335 II.23.1.5).
const FIELD_HAS_RVA: u16 = 0x0100;

/// Where the static field `field` of `owner` lives for compiled code: its
/// offset from the owner's static base as the .NET 8 runtime records it
/// (`TypeSystem::static_layout`, DomainLocalModule era), whether it is
/// among the GC statics and whether it is a thread static (its offset then
/// from the thread's base, the runtime's ThreadLocalModule layout) — or why
/// compiled code does not reach it (kept for the JIT): RVA statics (their data is the image's),
/// literals (no storage), statics of generic types (per-instantiation
/// bases) and of types outside the compiled assembly (their layout belongs
/// to another version bubble).
fn static_place(
    set: &AssemblySet,
    ts: &TypeSystem<'_>,
    id: AsmId,
    owner: TypeDefId,
    args: &[TypeKey],
    field: kiln_metadata::set::FieldDefId,
    flags: u16,
) -> Result<(Result<u32, String>, bool, bool), MetadataError> {
    let no = |why: &str| Ok((Err(why.to_string()), false, false));
    if !args.is_empty() {
        return no("static field of a generic instantiation");
    }
    if owner.asm != id {
        return no("static field of a type outside the compiled assembly");
    }
    if flags & FIELD_LITERAL != 0 {
        return no("literal field (no storage)");
    }
    if flags & FIELD_HAS_RVA != 0 {
        return no("RVA static field");
    }
    let oasm = set.get(owner.asm);
    if !oasm
        .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(owner.def))
        .is_empty()
    {
        return no("static field of a generic type");
    }
    let placements = match ts.static_layout(owner) {
        Ok(p) => p,
        Err(e) => return Ok((Err(resolve_err(e)?), false, false)),
    };
    let Some(p) = placements.iter().find(|p| p.field == field) else {
        return no("static field not in its owner's static layout");
    };
    Ok((Ok(p.offset), p.gc, p.thread_static))
}
