//! Value-type layouts for [`MetadataEnv`](super::MetadataEnv): what the
//! importer bakes into code that keeps a struct in memory (locals,
//! temporaries, fields of a struct type, boxes).
//!
//! The layout is kiln-metadata's (`TypeSystem::layout`, crossgen2's
//! `MetadataFieldLayoutAlgorithm` / the runtime's `methodtablebuilder.cpp`).
//! Non-generic value types are handed out. A layout fixed inside the
//! version bubble (a type of the compiled assembly embedding no value type
//! of another one) is used as is; any other carries the
//! `Check_TypeLayout` fixups the code must have the runtime confirm
//! ([`super::layout_check`]; crossgen2 emits one for every value type
//! whose layout is not fixed in the bubble, `CorInfoImpl.ReadyToRun.cs`):
//! a type of another assembly is named by the signature the code read it
//! from, a type of the compiled assembly embedding foreign ones is checked
//! with each of them. Generic instantiations, byref-like types and the
//! SIMD vector types are refused with the reason.

use super::layout_check::{embedded_checks, exact_sig, ir_check, type_layout_record};
use super::{resolve_err, MetadataEnv};
use crate::env::{TokenType, ValueLayout};
use crate::IlType;
use kiln_metadata::set::{AsmId, AssemblySet};
use kiln_metadata::sig::Primitive;
use kiln_metadata::sig::TypeSig;
use kiln_metadata::tables::{Handle, MemberRefParent, MethodDefHandle, TableId, Token};
use kiln_metadata::types::{
    FieldClass, LayoutKind, TypeKey, TypeLayout, TypeSystem, VersionBubbles,
};
use kiln_metadata::MetadataError;
use kiln_runtime_abi::sysv_struct;

/// Largest value kiln keeps in a frame slot (the backend's frames stay
/// under a page; bigger structs are refused there anyway).
const MAX_VALUE_SIZE: u32 = 1024;

type Answer = Result<Result<ValueLayout, String>, MetadataError>;

/// The layout of the value type `key` as compiled code may bake it in
/// (see the module doc), or why not. `sig` names the type in the compiled
/// module's token context (the signature the key was read from), for the
/// `Check_TypeLayout` fixup a value type of another version bubble needs.
pub(super) fn layout_of_key(
    set: &AssemblySet,
    id: AsmId,
    key: &TypeKey,
    sig: Option<&TypeSig>,
) -> Answer {
    let ts = TypeSystem::with_bubbles(set, VersionBubbles::for_compilation(set, &[id]));
    let TypeKey::Def(d, args) = key else {
        return Ok(Err(format!("{} is not a value type", ts.display(key))));
    };
    let generic = !args.is_empty();
    // Instantiations of one generic type differ by their arguments: the
    // importer tells layouts apart by this name.
    let name = if generic {
        ts.display(key)
    } else {
        set.type_name(*d)
    };
    let nullable = generic && ts.core_name(*d) == Some(("System", "Nullable`1"));
    match ts.is_value_type(*d) {
        Ok(true) => {}
        Ok(false) => return Ok(Err(format!("{name} is not a value type"))),
        Err(e) => return Ok(Err(resolve_err(e)?)),
    }
    let mut checks = Vec::new();
    let def_name = set.type_name(*d);
    if def_name.starts_with("System.Numerics.")
        || def_name.starts_with("System.Runtime.Intrinsics.")
    {
        // The JIT treats the SIMD vectors (Vector2/3/4, Vector<T>,
        // Vector64/128/256/512<T>, …) as intrinsic types passed and
        // returned whole in vector registers, not by their System V
        // eightbytes: kiln does not model them, in any assembly (CoreLib
        // compiled by kiln defines them).
        return Ok(Err(format!("SIMD value type {name}")));
    }
    if d.asm != id || generic {
        // Another bubble's layout, or an instantiation (whose layout
        // depends on its arguments): the runtime must confirm it.
        let Some(r2r) = sig.and_then(exact_sig) else {
            return Ok(Err(format!(
                "value type {name} named without an exact signature (needs Check_TypeLayout)"
            )));
        };
        match type_layout_record(&ts, key) {
            Ok(Ok(record)) => checks.push(ir_check(&r2r, &record)),
            Ok(Err(e)) => return Ok(Err(e)),
            Err(e) => return Ok(Err(resolve_err(e)?)),
        }
    } else {
        match embedded_checks(set, &ts, id, *d, &mut checks, 0) {
            Ok(Ok(())) => {}
            Ok(Err(e)) => return Ok(Err(format!("value type {name}: {e}"))),
            Err(e) => return Ok(Err(resolve_err(e)?)),
        }
        if !checks.is_empty() {
            // The compiled type's own layout depends on the embedded ones:
            // check it too, as crossgen2 does for a type whose layout is
            // not fixed in the bubble.
            let own = kiln_runtime_abi::sig::TypeSig::ValueType(
                kiln_runtime_abi::sig::TypeToken::Def(d.def.0),
            );
            match type_layout_record(&ts, key) {
                Ok(Ok(record)) => checks.insert(0, ir_check(&own, &record)),
                Ok(Err(e)) => return Ok(Err(e)),
                Err(e) => return Ok(Err(resolve_err(e)?)),
            }
        }
    }
    let l = match ts.layout(key) {
        Ok(l) => l,
        Err(e) => return Ok(Err(resolve_err(e)?)),
    };
    if !l.byrefs.is_empty() {
        return Ok(Err(format!("byref-like value type {name}")));
    }
    if l.kind == LayoutKind::Explicit && !l.gc_refs.is_empty() {
        // Overlapping references are the runtime's to validate (it
        // refuses to load a type whose reference overlaps a scalar).
        return Ok(Err(format!(
            "explicit-layout value type {name} with references"
        )));
    }
    if l.field_size > MAX_VALUE_SIZE || !l.field_alignment.is_power_of_two() {
        return Ok(Err(format!(
            "value type {name} of {} bytes (align {})",
            l.field_size, l.field_alignment
        )));
    }
    // Explicit layouts classify too (their overlapping fields merge as the
    // runtime merges them); those with references were refused above.
    let eightbytes = if l.has_int128 {
        None
    } else {
        let mut leaves = Vec::new();
        leaf_fields(set, &ts, &l, 0, &mut leaves, 0)?
            .and_then(|()| sysv_struct::classify(l.field_size, &leaves))
    };
    Ok(Ok(ValueLayout {
        name,
        size: l.field_size,
        align: l.field_alignment.min(8),
        refs: l.gc_refs.clone(),
        token: if d.asm == id && !generic {
            d.def.token().0
        } else {
            0
        },
        eightbytes,
        checks,
        nullable,
        stack_passable: l.field_alignment <= 8 && !l.has_int128,
        on_stack: false,
        scalar: None,
    }))
}

/// The primitive fields of `l` (nested value types flattened, offsets from
/// `base`) for the System V classification; `None` for what it does not
/// model (managed pointers, deep nesting, a lone field repeated where kiln
/// cannot tell whether the runtime repeats it).
///
/// A value type whose only field sits at offset 0 and whose size is a
/// multiple of that field's (a fixed buffer, an inline array) has that
/// field repeated over its whole size, as the runtime's
/// `HasImpliedRepeatedFields` has it (src/coreclr/vm/methodtable.cpp; the
/// type must have a metadata layout, sequential or explicit, and the field
/// be a primitive or a value type). kiln's `Auto` layout also stands for
/// sequential structs holding references (laid out automatically), whose
/// metadata layout it does not keep: such a lone field is refused.
fn leaf_fields(
    set: &AssemblySet,
    ts: &TypeSystem<'_>,
    l: &TypeLayout,
    base: u32,
    out: &mut Vec<sysv_struct::LeafField>,
    depth: u32,
) -> Result<Option<()>, MetadataError> {
    if depth > 8 {
        return Ok(None);
    }
    let repeat = match l.fields.as_slice() {
        [f] if f.offset == 0
            && f.size != 0
            && l.field_size > f.size
            && l.field_size.is_multiple_of(f.size) =>
        {
            let laid_out = matches!(l.kind, LayoutKind::Sequential | LayoutKind::Explicit);
            let element = match &f.class {
                FieldClass::ValueType(_) => true,
                FieldClass::Scalar(_) => !matches!(
                    set.get(f.field.asm)
                        .field_sig(f.field.def)?
                        .strip_modifiers(),
                    TypeSig::Ptr(_) | TypeSig::FnPtr(_)
                ),
                FieldClass::GcRef | FieldClass::ByRef => false,
            };
            if !laid_out || !element {
                return Ok(None);
            }
            l.field_size / f.size
        }
        _ => 1,
    };
    for f in &l.fields {
        for k in 0..repeat {
            let offset = base + f.offset + k * f.size;
            if leaf_field(set, ts, l, f, offset, out, depth)?.is_none() {
                return Ok(None);
            }
        }
    }
    Ok(Some(()))
}

/// One field of `l` at `offset` in the value, for [`leaf_fields`].
fn leaf_field(
    set: &AssemblySet,
    ts: &TypeSystem<'_>,
    l: &TypeLayout,
    f: &kiln_metadata::types::FieldPlacement,
    offset: u32,
    out: &mut Vec<sysv_struct::LeafField>,
    depth: u32,
) -> Result<Option<()>, MetadataError> {
    use sysv_struct::{LeafField, LeafKind};
    match &f.class {
        FieldClass::GcRef => out.push(LeafField {
            offset,
            size: 8,
            kind: LeafKind::Ref,
        }),
        FieldClass::ByRef => return Ok(None),
        FieldClass::Scalar(size) => {
            let sig = set.get(f.field.asm).field_sig(f.field.def)?;
            let float = match sig.strip_modifiers() {
                TypeSig::Primitive(p) => matches!(p, Primitive::R4 | Primitive::R8),
                // A field of the instantiation's type parameter: the
                // argument decides (an enum argument is an integer).
                TypeSig::Var(i) => match &l.key {
                    TypeKey::Def(_, args) => match args.get(*i as usize) {
                        Some(TypeKey::Def(a, _)) => {
                            matches!(ts.primitive_of(*a), Some(Primitive::R4 | Primitive::R8))
                        }
                        _ => return Ok(None),
                    },
                    _ => return Ok(None),
                },
                _ => false,
            };
            out.push(LeafField {
                offset,
                size: *size,
                kind: if float {
                    LeafKind::Float
                } else {
                    LeafKind::Int
                },
            });
        }
        FieldClass::ValueType(k) => {
            let inner = match ts.layout(k) {
                Ok(i) => i,
                Err(e) => {
                    resolve_err(e)?;
                    return Ok(None);
                }
            };
            if inner.has_int128 || !inner.byrefs.is_empty() {
                return Ok(None);
            }
            return leaf_fields(set, ts, &inner, offset, out, depth + 1);
        }
    }
    Ok(Some(()))
}

impl MetadataEnv<'_> {
    /// The type a TypeDef, TypeRef or TypeSpec token of the compiled module
    /// names, as a signature in its token context.
    fn token_type_sig(&self, token: Token) -> Result<Option<TypeSig>, MetadataError> {
        use kiln_metadata::tables::{TypeDefHandle, TypeDefOrRef, TypeRefHandle, TypeSpecHandle};
        Ok(match (token.table(), token.rid()) {
            (_, 0) => None,
            (Some(TableId::TypeDef), rid) => Some(TypeSig::ValueType(TypeDefOrRef::TypeDef(
                TypeDefHandle(rid),
            ))),
            (Some(TableId::TypeRef), rid) => Some(TypeSig::ValueType(TypeDefOrRef::TypeRef(
                TypeRefHandle(rid),
            ))),
            (Some(TableId::TypeSpec), rid) => Some(self.spec_sig(TypeSpecHandle(rid))?),
            _ => None,
        })
    }

    /// The declared type of field `token` (a Field or a MemberRef of the
    /// compiled module), as a signature in the compiled module's context.
    fn field_type_sig(&self, token: Token) -> Result<Option<TypeSig>, MetadataError> {
        use kiln_metadata::sig::MemberSig;
        use kiln_metadata::tables::{FieldHandle, MemberRefHandle};
        Ok(match (token.table(), token.rid()) {
            (_, 0) => None,
            (Some(TableId::Field), rid) => Some(self.asm.field_sig(FieldHandle(rid))?),
            (Some(TableId::MemberRef), rid) => {
                match self.asm.member_ref_sig(MemberRefHandle(rid))? {
                    MemberSig::Field(t) => Some(t),
                    MemberSig::Method(_) => None,
                }
            }
            _ => None,
        })
    }

    /// The type of field `token` — a MemberRef on a closed instantiation,
    /// or in exact code on one over the type parameters, substituted —
    /// with the owner's arguments put in for the owner's `!n` (a field
    /// signature's `!n` are its owner's, ECMA-335 II.23.2.4). `None` for
    /// other tokens (and owners over shared code's type parameters).
    fn exact_field_type_sig(&self, token: Token) -> Result<Option<TypeSig>, MetadataError> {
        use kiln_metadata::tables::{MemberRefHandle, MemberRefParent};
        let Some(h) = MemberRefHandle::from_token(token) else {
            return Ok(None);
        };
        let Some(MemberRefParent::TypeSpec(ts)) = self.asm.member_ref(h)?.class else {
            return Ok(None);
        };
        let TypeSig::GenericInst { args, .. } = self.spec_sig(ts)? else {
            return Ok(None);
        };
        if args.iter().any(TypeSig::has_generic_params) {
            return Ok(None);
        }
        Ok(self
            .field_type_sig(token)?
            .map(|t| t.substitute(&args, &[])))
    }

    fn set_or_refuse(&self) -> Result<(&AssemblySet, AsmId), String> {
        self.set
            .ok_or_else(|| "no assembly set to lay out types".to_string())
    }

    /// See [`crate::LowerEnv::local_layout`].
    pub(super) fn local_layout_impl(&self, index: usize) -> Answer {
        let (set, id) = match self.set_or_refuse() {
            Ok(s) => s,
            Err(e) => return Ok(Err(e)),
        };
        let Some(body) = self.asm.method_body(self.method)? else {
            return Ok(Err("no body".into()));
        };
        let Some(sig) = body.local_var_sig else {
            return Ok(Err("no local signature".into()));
        };
        let locals = self.asm.locals_sig(sig)?;
        let Some(t) = locals.get(index) else {
            return Ok(Err(format!("no local {index}")));
        };
        let t = &self.subst(t.clone());
        if matches!(t, TypeSig::Pinned(_)) {
            return Ok(Err("pinned local".into()));
        }
        let ts = TypeSystem::new(set);
        match ts.key_of(id, t.strip_modifiers(), &[], &[]) {
            Ok(key) => layout_of_key(set, id, &key, Some(t)),
            Err(e) => Ok(Err(resolve_err(e)?)),
        }
    }

    /// See [`crate::LowerEnv::sig_value_types`].
    pub(super) fn sig_value_types_impl(
        &self,
        call: Option<u32>,
    ) -> Result<Vec<Option<Result<ValueLayout, String>>>, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(Vec::new());
        };
        let sig = match call {
            None => self.asm.method_def_sig(self.method)?,
            Some(t) if Token(t).table() == Some(TableId::MethodSpec) => {
                // A generic method's instantiation: its signature with the
                // method's type arguments substituted (as `resolve_call`).
                use kiln_metadata::tables::{MethodDefOrRef, MethodSpecHandle, MethodSpecRow};
                let Some(h) = MethodSpecHandle::from_token(Token(t)) else {
                    return Ok(Vec::new());
                };
                let row: MethodSpecRow = self.asm.row(h)?;
                let inner = match row.method {
                    Some(MethodDefOrRef::MethodDef(d)) => d.token(),
                    Some(MethodDefOrRef::MemberRef(r)) => r.token(),
                    None => return Ok(Vec::new()),
                };
                let args = self.mspec_sig(h)?;
                self.method_ref_target(inner)?.1.substitute(&[], &args)
            }
            Some(t) => self.method_ref_target(Token(t))?.1,
        };
        let sig = match self.exact {
            Some(inst) => sig.substitute(&inst.class_args, &inst.method_args),
            None => sig,
        };
        let ts = TypeSystem::new(set);
        let mut out = Vec::new();
        let ret = (!matches!(sig.ret.strip_modifiers(), TypeSig::Void)).then_some(&sig.ret);
        for t in sig.fixed_params().iter().map(Some).chain([ret]) {
            let entry = match t {
                Some(t) if self.classify(t) == IlType::ValueType => {
                    Some(match ts.key_of(id, t.strip_modifiers(), &[], &[]) {
                        Ok(key) => layout_of_key(set, id, &key, Some(t))?,
                        Err(e) => Err(resolve_err(e)?),
                    })
                }
                _ => None,
            };
            out.push(entry);
        }
        Ok(out)
    }

    /// See [`crate::LowerEnv::field_layout`].
    pub(super) fn field_layout_impl(&self, token: u32) -> Answer {
        let (set, id) = match self.set_or_refuse() {
            Ok(s) => s,
            Err(e) => return Ok(Err(e)),
        };
        let ts = TypeSystem::new(set);
        if self.exact.is_some() && self.raw_context_dependent(Token(token))? {
            // Exact code: the field of the substituted owner, whose type
            // (substituted too) names its layout check exactly.
            let (class_keys, method_keys) = match self.exact_keys(set, id) {
                Ok(k) => k,
                Err(e) => return Ok(Err(e)),
            };
            return match ts.resolve_field_token(id, Token(token), &class_keys, &method_keys) {
                Ok(rf) => layout_of_key(
                    set,
                    id,
                    &rf.ty,
                    self.exact_field_type_sig(Token(token))?.as_ref(),
                ),
                Err(e) => Ok(Err(resolve_err(e)?)),
            };
        }
        // A field of a closed instantiation (`Boxy<int>::P`, declared
        // `Pt<!0>`): its type with the owner's arguments put in.
        let sig = match self.exact_field_type_sig(Token(token))? {
            Some(t) => Some(t),
            None => self.field_type_sig(Token(token))?,
        };
        match ts.resolve_field_token(id, Token(token), &[], &[]) {
            Ok(rf) => layout_of_key(set, id, &rf.ty, sig.as_ref()),
            Err(e) => Ok(Err(resolve_err(e)?)),
        }
    }

    /// See [`crate::LowerEnv::type_token`].
    pub(super) fn type_token_impl(
        &self,
        token: u32,
    ) -> Result<Result<TokenType, String>, MetadataError> {
        let (set, id) = match self.set_or_refuse() {
            Ok(s) => s,
            Err(e) => return Ok(Err(e)),
        };
        let (class_keys, method_keys) = match self.exact_keys(set, id) {
            Ok(k) => k,
            Err(e) => return Ok(Err(e)),
        };
        let ts = TypeSystem::new(set);
        let key = match ts.resolve_type_token(id, Token(token), &class_keys, &method_keys) {
            Ok(k) => k,
            Err(e) => return Ok(Err(resolve_err(e)?)),
        };
        let d = match &key {
            TypeKey::SzArray(_) | TypeKey::Array(..) => {
                return Ok(Ok(TokenType::Scalar(IlType::Object)))
            }
            TypeKey::Ptr(_) | TypeKey::FnPtr => return Ok(Ok(TokenType::Scalar(IlType::Ptr))),
            TypeKey::Def(d, _) => *d,
            k => return Ok(Err(format!("type {}", ts.display(k)))),
        };
        if let Some(p) = ts.primitive_of(d) {
            return Ok(Ok(TokenType::Scalar(super::il_type(&TypeSig::Primitive(
                p,
            )))));
        }
        match ts.is_value_type(d) {
            Ok(false) => return Ok(Ok(TokenType::Scalar(IlType::Object))),
            Ok(true) => {}
            Err(e) => return Ok(Err(resolve_err(e)?)),
        }
        if let Ok(Some(p)) = ts.enum_underlying(d) {
            return Ok(Ok(TokenType::Scalar(super::il_type(&TypeSig::Primitive(
                p,
            )))));
        }
        let sig = self.token_type_sig(Token(token))?;
        Ok(layout_of_key(set, id, &key, sig.as_ref())?.map(|mut l| {
            l.token = token;
            TokenType::Value(l)
        }))
    }

    /// See [`crate::LowerEnv::ctor_value_type`].
    pub(super) fn ctor_value_type_impl(
        &self,
        ctor_token: u32,
    ) -> Result<Option<Result<ValueLayout, String>>, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(None);
        };
        let tok = Token(ctor_token);
        let owner = match tok.table() {
            Some(TableId::MethodDef) => {
                match MethodDefHandle::from_token(tok).and_then(|m| self.asm.method_owner(m)) {
                    Some(o) => o.token().0,
                    None => return Ok(None),
                }
            }
            Some(TableId::MemberRef) => {
                let Some(m) = kiln_metadata::tables::MemberRefHandle::from_token(tok) else {
                    return Ok(None);
                };
                match self.asm.member_ref(m)?.class {
                    Some(MemberRefParent::TypeDef(t)) => t.token().0,
                    Some(MemberRefParent::TypeRef(t)) => t.token().0,
                    Some(MemberRefParent::TypeSpec(s)) => s.token().0,
                    _ => return Ok(None),
                }
            }
            _ => return Ok(None),
        };
        let Ok((class_keys, method_keys)) = self.exact_keys(set, id) else {
            return Ok(None);
        };
        let ts = TypeSystem::new(set);
        let key = match ts.resolve_type_token(id, Token(owner), &class_keys, &method_keys) {
            Ok(k) => k,
            Err(e) => {
                resolve_err(e)?;
                return Ok(None);
            }
        };
        let TypeKey::Def(d, _) = &key else {
            return Ok(None);
        };
        if !matches!(ts.is_value_type(*d), Ok(true)) {
            return Ok(None);
        }
        // `System.IntPtr`/`UIntPtr` (the only primitives with
        // constructors): built like a struct, pushed as a `native int`.
        let scalar = ts
            .primitive_of(*d)
            .map(|p| super::il_type(&TypeSig::Primitive(p)));
        let sig = self.token_type_sig(Token(owner))?;
        Ok(Some(layout_of_key(set, id, &key, sig.as_ref())?.map(
            |mut l| {
                l.token = owner;
                l.scalar = scalar;
                l
            },
        )))
    }
}
