//! What [`MetadataEnv`](super::MetadataEnv) answers about `ldtoken`
//! tokens, delegate constructors, CoreLib's runtime-handle structs and
//! static fields of other assemblies — the facts the importer needs for
//! ECMA-335 III.4.17 (`ldtoken`), III.4.19 (`ldftn`) with III.4.21
//! (`newobj` of a delegate) and III.4.14/III.4.30 (`ldsfld`/`stsfld`) of
//! another assembly's type.

use super::{resolve_err, MetadataEnv, FIELD_STATIC};
use crate::env::{ConstructedType, FieldTarget, IlType, TokenHandle};
use kiln_metadata::set::{AssemblySet, TypeDefId};
use kiln_metadata::sig::{MemberSig, TypeSig};
use kiln_metadata::tables::{
    FieldHandle, Handle, MemberRefHandle, MemberRefParent, MethodDefHandle, TableId, Token,
    TypeDefOrRef, TypeOrMethodDef,
};
use kiln_metadata::types::{TypeKey, TypeSystem};
use kiln_metadata::MetadataError;

/// `FieldAttributes.Literal` (ECMA-335 II.23.1.5): no storage.
const FIELD_LITERAL: u16 = 0x0040;

/// Whether `def` is a generic type definition or nested in one.
fn is_generic_type(set: &AssemblySet, def: TypeDefId) -> bool {
    let asm = set.get(def.asm);
    let mut t = Some(def.def);
    while let Some(d) = t {
        if !asm.generic_params(TypeOrMethodDef::TypeDef(d)).is_empty() {
            return true;
        }
        t = asm.enclosing_type(d);
    }
    false
}

/// Why a type named by `key` (an argument or element included) or one of
/// its base types cannot be resolved, or `None` when all can.
fn unloadable(set: &AssemblySet, key: &TypeKey) -> Result<Option<String>, MetadataError> {
    match key {
        TypeKey::Def(d, args) => {
            let mut t = Some(*d);
            for _ in 0..super::MAX_BASE_DEPTH {
                let Some(def) = t else { break };
                t = match set.base_type(def) {
                    Ok(b) => b,
                    Err(e) => return Ok(Some(resolve_err(e)?)),
                };
            }
            if t.is_some() {
                return Ok(Some("base type chain too deep".into()));
            }
            for a in args {
                if let Some(why) = unloadable(set, a)? {
                    return Ok(Some(why));
                }
            }
            Ok(None)
        }
        TypeKey::Ptr(k) | TypeKey::ByRef(k) | TypeKey::SzArray(k) | TypeKey::Array(k, _) => {
            unloadable(set, k)
        }
        TypeKey::FnPtr | TypeKey::Var(_) | TypeKey::MVar(_) => Ok(None),
    }
}

impl MetadataEnv<'_> {
    /// Whether the value type `v` is CoreLib's `RuntimeTypeHandle`,
    /// `RuntimeMethodHandle` or `RuntimeFieldHandle` (see
    /// [`IlType::RuntimeHandle`]).
    pub(super) fn is_runtime_handle(&self, v: TypeDefOrRef) -> bool {
        let Some((set, id)) = self.set else {
            return false;
        };
        let Ok(def) = set.resolve_type_def_or_ref(id, v) else {
            return false;
        };
        matches!(
            TypeSystem::new(set).core_name(def),
            Some((
                "System",
                "RuntimeTypeHandle" | "RuntimeMethodHandle" | "RuntimeFieldHandle"
            ))
        )
    }

    /// [`LowerEnv::constructed_type`](crate::LowerEnv::constructed_type).
    pub(super) fn constructed_type_of(
        &self,
        token: u32,
    ) -> Result<Result<ConstructedType, String>, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(Err("no assembly set to resolve types".into()));
        };
        let tok = Token(token);
        if tok.table() != Some(TableId::TypeSpec) || tok.rid() == 0 {
            return Ok(Err(format!("{token:#010x} is not a TypeSpec")));
        }
        let h = kiln_metadata::tables::TypeSpecHandle(tok.rid());
        let substituted = self.exact.is_some() && self.asm.type_spec_sig(h)?.has_generic_params();
        let sig = self.spec_sig(h)?;
        if sig.has_generic_params() {
            // Shared code finds such a type through its generic
            // dictionary (a runtime lookup), exact code needs the
            // instantiation: neither is a TypeHandle fixup of the TypeSpec.
            return Ok(Err("constructed type over generic parameters".into()));
        }
        let reference = match sig.strip_modifiers() {
            TypeSig::SzArray(_) | TypeSig::Array(..) => true,
            TypeSig::GenericInst { is_value_type, .. } => !is_value_type,
            TypeSig::Ptr(_) | TypeSig::ByRef(_) => false,
            _ => return Ok(Err("TypeSpec of an unsupported kind".into())),
        };
        // Every type it names, and their bases, must load: a fixup that
        // fails to resolve would fail the whole method where the JIT's
        // code throws only when the instruction runs.
        let key = match TypeSystem::new(set).key_of(id, &sig, &[], &[]) {
            Ok(k) => k,
            Err(e) => return Ok(Err(resolve_err(e)?)),
        };
        if let Some(why) = unloadable(set, &key)? {
            return Ok(Err(why));
        }
        let sig = if substituted {
            match super::r2r_type(&sig) {
                Some(t) => t.to_bytes(),
                None => return Ok(Err("instantiation kiln cannot spell".into())),
            }
        } else {
            let row: kiln_metadata::tables::TypeSpecRow = self.asm.row(h)?;
            self.asm.blob(row.signature)?.to_vec()
        };
        Ok(Ok(ConstructedType { sig, reference }))
    }

    /// [`LowerEnv::ldtoken`](crate::LowerEnv::ldtoken).
    pub(super) fn ldtoken_target(
        &self,
        token: u32,
    ) -> Result<Result<TokenHandle, String>, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(Err("no assembly set to resolve tokens".into()));
        };
        let tok = Token(token);
        let type_def = |t: TypeDefOrRef| -> Result<Result<TokenHandle, String>, MetadataError> {
            let def = match set.resolve_type_def_or_ref(id, t) {
                Ok(d) => d,
                Err(e) => return Ok(Err(resolve_err(e)?)),
            };
            if is_generic_type(set, def) {
                return Ok(Err(format!("open generic type {}", set.type_name(def))));
            }
            Ok(Ok(TokenHandle::Type(token)))
        };
        match (tok.table(), tok.rid()) {
            (_, 0) => Err(MetadataError::BadToken {
                token,
                expected: "a token with a row",
            }),
            (Some(TableId::TypeDef), rid) => type_def(TypeDefOrRef::TypeDef(
                kiln_metadata::tables::TypeDefHandle(rid),
            )),
            (Some(TableId::TypeRef), rid) => type_def(TypeDefOrRef::TypeRef(
                kiln_metadata::tables::TypeRefHandle(rid),
            )),
            (Some(TableId::TypeSpec), rid)
                if self.exact.is_some()
                    && self
                        .asm
                        .type_spec_sig(kiln_metadata::tables::TypeSpecHandle(rid))?
                        .has_generic_params() =>
            {
                // Exact code's `typeof(T)`, `typeof(List<T>)`: the
                // substituted type's handle (any type has one), spelled by
                // `type_spec_sig`.
                let sig = self.spec_sig(kiln_metadata::tables::TypeSpecHandle(rid))?;
                if sig.has_generic_params() || super::r2r_type(&sig).is_none() {
                    return Ok(Err("type kiln cannot spell".into()));
                }
                let key = match TypeSystem::new(set).key_of(id, &sig, &[], &[]) {
                    Ok(k) => k,
                    Err(e) => return Ok(Err(resolve_err(e)?)),
                };
                if let Some(why) = unloadable(set, &key)? {
                    return Ok(Err(why));
                }
                Ok(Ok(TokenHandle::Type(token)))
            }
            (Some(TableId::TypeSpec), _) => Ok(self
                .constructed_type_of(token)?
                .map(|_| TokenHandle::Type(token))),
            (Some(TableId::Field), rid) => {
                let owner = self.asm.field_owner(FieldHandle(rid));
                match owner {
                    Some(o) if is_generic_type(set, TypeDefId { asm: id, def: o }) => {
                        Ok(Err("field of a generic type".into()))
                    }
                    Some(_) => Ok(Ok(TokenHandle::Field(token))),
                    None => Err(MetadataError::BadToken {
                        token,
                        expected: "a field with an owner",
                    }),
                }
            }
            (Some(TableId::MethodDef), rid) => {
                let m = MethodDefHandle(rid);
                let generic = !self
                    .asm
                    .generic_params(TypeOrMethodDef::MethodDef(m))
                    .is_empty()
                    || self
                        .asm
                        .method_owner(m)
                        .is_some_and(|o| is_generic_type(set, TypeDefId { asm: id, def: o }));
                Ok(if generic {
                    Err("generic method or method of a generic type".into())
                } else {
                    Ok(TokenHandle::Method(token))
                })
            }
            (Some(TableId::MemberRef), rid) => {
                let h = MemberRefHandle(rid);
                if matches!(
                    self.asm.member_ref(h)?.class,
                    Some(MemberRefParent::TypeSpec(_))
                ) {
                    return Ok(Err("member of a constructed type (TypeSpec)".into()));
                }
                Ok(Ok(match self.asm.member_ref_sig(h)? {
                    MemberSig::Field(_) => TokenHandle::Field(token),
                    MemberSig::Method(sig) if sig.generic_param_count != 0 => {
                        return Ok(Err("generic method".into()))
                    }
                    MemberSig::Method(_) => TokenHandle::Method(token),
                }))
            }
            _ => Ok(Err(format!("token {token:#010x} of an unsupported table"))),
        }
    }

    /// [`LowerEnv::unresolved`](crate::LowerEnv::unresolved).
    pub(super) fn unresolved_callee(&self, token: u32) -> Result<Option<String>, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(None);
        };
        let tok = Token(token);
        let def = match tok.table() {
            Some(TableId::MethodDef) => kiln_metadata::set::MethodDefId {
                asm: id,
                def: MethodDefHandle(tok.rid()),
            },
            Some(TableId::MemberRef) => {
                match set.resolve_member_ref(id, MemberRefHandle(tok.rid())) {
                    Ok(kiln_metadata::set::MemberDef::Method(d)) => d,
                    Ok(_) => return Ok(None),
                    Err(e) => return Ok(Some(resolve_err(e)?)),
                }
            }
            _ => return Ok(None),
        };
        let Some(owner) = set.get(def.asm).method_owner(def.def) else {
            return Ok(None);
        };
        let owner = TypeDefId {
            asm: def.asm,
            def: owner,
        };
        match TypeSystem::new(set).is_value_type(owner) {
            Ok(_) => Ok(None),
            Err(e) => Ok(Some(resolve_err(e)?)),
        }
    }

    /// [`LowerEnv::owner_unresolved`](crate::LowerEnv::owner_unresolved).
    pub(super) fn unresolved_owner(&self) -> Option<String> {
        let (set, id) = self.set?;
        let owner = self.asm.method_owner(self.method)?;
        match TypeSystem::new(set).is_value_type(TypeDefId {
            asm: id,
            def: owner,
        }) {
            Ok(_) => None,
            Err(e) => resolve_err(e).ok(),
        }
    }

    /// [`LowerEnv::delegate_class`](crate::LowerEnv::delegate_class).
    pub(super) fn delegate_ctor_class(
        &self,
        ctor_token: u32,
    ) -> Result<Option<u32>, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(None);
        };
        let tok = Token(ctor_token);
        let (class, sig) = match tok.table() {
            Some(TableId::MethodDef) => {
                let m = MethodDefHandle(tok.rid());
                let Some(owner) = self.asm.method_owner(m) else {
                    return Ok(None);
                };
                (TypeDefOrRef::TypeDef(owner), self.asm.method_def_sig(m)?)
            }
            Some(TableId::MemberRef) => {
                let h = MemberRefHandle(tok.rid());
                let class = match self.asm.member_ref(h)?.class {
                    Some(MemberRefParent::TypeDef(t)) => TypeDefOrRef::TypeDef(t),
                    Some(MemberRefParent::TypeRef(t)) => TypeDefOrRef::TypeRef(t),
                    Some(MemberRefParent::TypeSpec(t)) => TypeDefOrRef::TypeSpec(t),
                    _ => return Ok(None),
                };
                let MemberSig::Method(sig) = self.asm.member_ref_sig(h)? else {
                    return Ok(None);
                };
                (class, sig)
            }
            _ => return Ok(None),
        };
        // `.ctor(object, native int)`, the delegate constructor shape
        // (ECMA-335 II.14.6.1).
        let params: Vec<&TypeSig> = sig
            .fixed_params()
            .iter()
            .map(|t| t.strip_modifiers())
            .collect();
        if !sig.call_conv.has_this()
            || !matches!(
                params[..],
                [
                    TypeSig::Object,
                    TypeSig::Primitive(kiln_metadata::sig::Primitive::I)
                ]
            )
        {
            return Ok(None);
        }
        // A closed instantiation of a generic delegate (`Func<int, int>`):
        // its TypeSpec names the delegate type in the fixups.
        let generic = match class {
            TypeDefOrRef::TypeSpec(t) => {
                if self.constructed_type_of(t.token().0)?.is_err() {
                    return Ok(None);
                }
                match self.spec_sig(t)?.strip_modifiers() {
                    TypeSig::GenericInst {
                        generic,
                        is_value_type: false,
                        ..
                    } => Some(*generic),
                    _ => return Ok(None),
                }
            }
            _ => None,
        };
        let Ok(def) = set.resolve_type_def_or_ref(id, generic.unwrap_or(class)) else {
            return Ok(None);
        };
        if generic.is_none() && is_generic_type(set, def) {
            return Ok(None);
        }
        let base = set.base_type(def).ok().flatten();
        let ts = TypeSystem::new(set);
        if base.and_then(|b| ts.core_name(b)) != Some(("System", "MulticastDelegate")) {
            return Ok(None);
        }
        Ok(Some(match class {
            TypeDefOrRef::TypeDef(t) => t.token().0,
            TypeDefOrRef::TypeRef(t) => t.token().0,
            TypeDefOrRef::TypeSpec(t) => t.token().0,
        }))
    }
}

/// The target of a static field `token` (a MemberRef of the compiled
/// module) whose owner `owner` lives in another assembly: reached through
/// its address (crossgen2's `FieldAddress` fixup), typed by the MemberRef's
/// own signature (tokens of the compiled module), or refused with the
/// reason — a literal, a thread-static field (its address differs per
/// thread), a static of a generic instantiation.
pub(super) fn external_static(
    env: &MetadataEnv<'_>,
    set: &AssemblySet,
    token: u32,
    owner: TypeDefId,
    field: kiln_metadata::set::FieldDefId,
    name: String,
    has_args: bool,
) -> Result<FieldTarget, MetadataError> {
    let refused = |why: &str| FieldTarget {
        name: name.clone(),
        ty: IlType::ValueType,
        is_static: true,
        owner_value_type: false,
        offset: Err(why.to_string()),
        address_fixup: false,
        checked: false,
        static_gc: false,
        thread_static: false,
        owner_token: 0,
        empty_string: false,
        owner: None,
        owner_lookup: None,
    };
    let fasm = set.get(field.asm);
    let flags = fasm.field(field.def)?.flags;
    debug_assert!(flags & FIELD_STATIC != 0);
    let tok = Token(token);
    if has_args || is_generic_type(set, owner) {
        return Ok(refused(
            "static field of a generic type of another assembly",
        ));
    }
    if flags & FIELD_LITERAL != 0 {
        return Ok(refused("literal field (no storage)"));
    }
    if tok.table() != Some(TableId::MemberRef) {
        return Ok(refused(
            "static field of another assembly named by a Field token",
        ));
    }
    let ts = TypeSystem::new(set);
    match ts.static_layout(owner) {
        Ok(p) => {
            if p.iter().any(|p| p.field == field && p.thread_static) {
                return Ok(refused("thread-static field"));
            }
        }
        Err(e) => return Ok(refused(&resolve_err(e)?)),
    }
    let MemberSig::Field(fty) = env.asm.member_ref_sig(MemberRefHandle(tok.rid()))? else {
        return Err(MetadataError::BadToken {
            token,
            expected: "a field MemberRef",
        });
    };
    Ok(FieldTarget {
        name,
        ty: env.classify(&fty),
        is_static: true,
        owner_value_type: ts.is_value_type(owner).unwrap_or(true),
        offset: Ok(0),
        address_fixup: true,
        checked: false,
        static_gc: false,
        thread_static: false,
        owner_token: 0,
        empty_string: false,
        owner: None,
        owner_lookup: None,
    })
}
