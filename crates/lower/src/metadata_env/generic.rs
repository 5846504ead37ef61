//! The generic side of [`MetadataEnv`]: compiling the canonical (`__Canon`)
//! instantiation of a method of a generic class — which tokens depend on
//! the exact type arguments, the canonical form of the owners shared code
//! names explicitly (CoreCLR `ClassLoader::CanonicalizeGenericArg`,
//! src/coreclr/vm/clsload.cpp; crossgen2 `ConvertToCanonForm`), field
//! layouts of instantiations, and R2R type signatures of metadata types.

use super::{il_type, IlType, MetadataEnv};
use kiln_metadata::set::AssemblySet;
use kiln_metadata::sig::{MemberSig, Primitive, TypeSig};
use kiln_metadata::tables::{
    Handle, MemberRefHandle, MemberRefParent, MethodDefHandle, MethodSpecHandle, MethodSpecRow,
    TableId, Token, TypeDefHandle, TypeDefOrRef,
};
use kiln_metadata::types::{FieldClass, TypeKey, TypeSystem};
use kiln_metadata::MetadataError;
use kiln_runtime_abi::sig::{
    MethodRef as R2rMethod, MethodSig as R2rMethodSig, SigReader, TypeSig as R2rSig,
    TypeToken as R2rToken,
};

/// Why the instance layout of the instantiation with arguments `args` is
/// not used for field offsets, or `None` when it is: every argument must be
/// a primitive, an enum, a reference type (including `__Canon`) or a
/// non-generic value type of the compiled assembly `id` whose layout
/// depends on nothing outside it (no value-type field of another assembly,
/// at any depth: `foreign_value_field`) — then the whole instantiation's
/// layout is fixed in the version bubble and needs no check, as crossgen2's
/// `IsLayoutFixedInCurrentVersionBubble` decides. Over any other struct the
/// layout depends on another bubble, which kiln does not confirm for
/// instantiations.
pub(super) fn instantiation_layout_refusal(
    set: &AssemblySet,
    ts: &TypeSystem<'_>,
    id: kiln_metadata::set::AsmId,
    args: &[TypeKey],
) -> Result<Option<String>, MetadataError> {
    for a in args {
        match ts.classify(a) {
            Ok(FieldClass::GcRef | FieldClass::Scalar(_)) => {}
            Ok(FieldClass::ValueType(TypeKey::Def(d, sargs)))
                if d.asm == id
                    && sargs.is_empty()
                    && super::foreign_value_field(set, ts, id, d, 0)?.is_none() => {}
            Ok(_) => {
                return Ok(Some(format!(
                    "field of a generic instantiation over {}",
                    ts.display(a)
                )))
            }
            Err(_) => {
                return Ok(Some(format!(
                    "field of an instantiation over {}",
                    ts.display(a)
                )))
            }
        }
    }
    Ok(None)
}

/// A call of shared code with its generic context from the dictionary: the
/// canonical callee's R2R method signature and the lookup of the hidden
/// argument (see `MetadataEnv::shared_generic_call`).
type SharedCall = (Vec<u8>, Vec<u8>);

/// Whether every `!n` of `t` is below `vars` and every `!!n` below
/// `mvars` (what the generic context can resolve).
fn params_within(t: &R2rSig, vars: u32, mvars: u32) -> bool {
    let within = |t: &R2rSig| params_within(t, vars, mvars);
    match t {
        R2rSig::Var(n) => *n < vars,
        R2rSig::MVar(n) => *n < mvars,
        R2rSig::SzArray(e) | R2rSig::Ptr(e) | R2rSig::ByRef(e) | R2rSig::Pinned(e) => within(e),
        R2rSig::Array { elem, .. } => within(elem),
        R2rSig::Modified { ty, .. } => within(ty),
        R2rSig::GenericInst { def, args, .. } => within(def) && args.iter().all(within),
        R2rSig::NativeValueType(t) => within(t),
        R2rSig::Module { ty, .. } => within(ty),
        R2rSig::Prim(_) | R2rSig::Class(_) | R2rSig::ValueType(_) | R2rSig::Canon => true,
        R2rSig::FnPtr(_) => false,
    }
}

/// `ELEMENT_TYPE_*` code of a primitive (ECMA-335 II.23.1.16).
pub(super) fn element_type(p: Primitive) -> u8 {
    match p {
        Primitive::Boolean => 0x02,
        Primitive::Char => 0x03,
        Primitive::I1 => 0x04,
        Primitive::U1 => 0x05,
        Primitive::I2 => 0x06,
        Primitive::U2 => 0x07,
        Primitive::I4 => 0x08,
        Primitive::U4 => 0x09,
        Primitive::I8 => 0x0A,
        Primitive::U8 => 0x0B,
        Primitive::R4 => 0x0C,
        Primitive::R8 => 0x0D,
        Primitive::I => 0x18,
        Primitive::U => 0x19,
    }
}

fn type_token(t: TypeDefOrRef) -> R2rToken {
    match t {
        TypeDefOrRef::TypeDef(h) => R2rToken::Def(h.0),
        TypeDefOrRef::TypeRef(h) => R2rToken::Ref(h.0),
        TypeDefOrRef::TypeSpec(h) => R2rToken::Spec(h.0),
    }
}

/// The canonical form of type argument `t` of canonical code (`!n` is a
/// reference type): every reference type becomes `__Canon`, value types
/// keep their identity with their own arguments canonicalized — CoreCLR's
/// `ClassLoader::CanonicalizeGenericArg`, crossgen2's
/// `ConvertToCanonForm(CanonicalFormKind.Specific)`. `None` for what a type
/// argument cannot be (pointers, byrefs, method parameters, …).
fn canonical_arg(t: &TypeSig) -> Option<R2rSig> {
    Some(match t.strip_modifiers() {
        // `!!n` only occurs in generic methods, whose canonical code has
        // every method type parameter a reference type too.
        TypeSig::Var(_)
        | TypeSig::MVar(_)
        | TypeSig::String
        | TypeSig::Object
        | TypeSig::Class(_)
        | TypeSig::SzArray(_)
        | TypeSig::Array(..)
        | TypeSig::GenericInst {
            is_value_type: false,
            ..
        } => R2rSig::Canon,
        TypeSig::Primitive(p) => R2rSig::Prim(element_type(*p)),
        TypeSig::ValueType(v) => R2rSig::ValueType(type_token(*v)),
        TypeSig::GenericInst {
            is_value_type: true,
            generic,
            args,
        } => R2rSig::GenericInst {
            value_type: true,
            def: Box::new(R2rSig::ValueType(type_token(*generic))),
            args: args.iter().map(canonical_arg).collect::<Option<_>>()?,
        },
        _ => return None,
    })
}

/// The type arguments of a MethodSpec blob (`GENERICINST count type…`,
/// ECMA-335 II.23.2.15) as R2R type signatures, or `None` if one cannot be
/// decoded.
fn method_spec_args(blob: &[u8]) -> Option<Vec<R2rSig>> {
    let mut r = SigReader::new(blob);
    if r.u8().ok()? != 0x0A {
        return None;
    }
    let n = r.compressed_u32().ok()?;
    (0..n).map(|_| R2rSig::decode(&mut r).ok()).collect()
}

/// The canonical form of the instantiation `generic<args>` (see
/// [`canonical_arg`] for the arguments).
fn canonical_instantiation(
    value_type: bool,
    generic: TypeDefOrRef,
    args: &[TypeSig],
) -> Option<R2rSig> {
    let def = if value_type {
        R2rSig::ValueType(type_token(generic))
    } else {
        R2rSig::Class(type_token(generic))
    };
    Some(R2rSig::GenericInst {
        value_type,
        def: Box::new(def),
        args: args.iter().map(canonical_arg).collect::<Option<_>>()?,
    })
}

impl MetadataEnv<'_> {
    /// Whether `token` (a method or field reference of the compiled module)
    /// names a member whose identity depends on the compiled method's type
    /// parameters: a MemberRef on a TypeSpec mentioning `!n`/`!!n`, or a
    /// MethodDef/Field of a generic type named without an instantiation.
    /// Only canonical code meets them; resolving them without the exact
    /// instantiation would name the wrong member.
    pub(super) fn context_dependent(&self, token: Token) -> Result<bool, MetadataError> {
        if !self.canon {
            return Ok(false);
        }
        self.raw_context_dependent(token)
    }

    /// [`Self::context_dependent`] whatever code is compiled (exact code
    /// substitutes such tokens, see `exact.rs`).
    pub(super) fn raw_context_dependent(&self, token: Token) -> Result<bool, MetadataError> {
        let generic_def = |t: TypeDefHandle| {
            !self
                .asm
                .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(t))
                .is_empty()
        };
        Ok(match token.table() {
            Some(TableId::MemberRef) => {
                let Some(h) = MemberRefHandle::from_token(token) else {
                    return Ok(true);
                };
                match self.asm.member_ref(h)?.class {
                    Some(MemberRefParent::TypeSpec(ts)) => {
                        self.asm.type_spec_sig(ts)?.has_generic_params()
                    }
                    Some(MemberRefParent::TypeDef(t)) => generic_def(t),
                    _ => false,
                }
            }
            Some(TableId::MethodDef) => MethodDefHandle::from_token(token)
                .and_then(|m| self.asm.method_owner(m))
                .is_none_or(generic_def),
            Some(TableId::Field) => self
                .asm
                .field_owner(kiln_metadata::tables::FieldHandle(token.rid()))
                .is_none_or(generic_def),
            _ => false,
        })
    }

    /// Whether type token `token` is a TypeSpec over the canonical code's
    /// type parameters ([`crate::LowerEnv::context_dependent_type`]).
    pub(super) fn context_dependent_type_token(&self, token: Token) -> Result<bool, MetadataError> {
        if !self.canon || token.table() != Some(TableId::TypeSpec) || token.rid() == 0 {
            return Ok(false);
        }
        let ts = kiln_metadata::tables::TypeSpecHandle(token.rid());
        Ok(self.asm.type_spec_sig(ts)?.has_generic_params())
    }

    /// The start of a generic dictionary lookup's fixup signature in the
    /// compiled method's context: `ThisObjDictionaryLookup` and the
    /// canonical owner type (`Owner<__Canon, …>`, where the runtime's
    /// `GetMethodTableMatchingParentClass` finds the owner's dictionary in
    /// the `MethodTable` of `this`) for an instance method of a generic
    /// class; `TypeDictionaryLookup` for a static method of one (the hidden
    /// argument is the exact `MethodTable`); `MethodDictionaryLookup` for a
    /// generic method (the hidden argument is the exact `MethodDesc`) —
    /// `ProcessDynamicDictionaryLookup`, src/coreclr/vm/prestub.cpp;
    /// crossgen2 `GenericLookupSignature.GetData`. With the numbers of
    /// class and method type parameters a signature may mention.
    fn dictionary_prefix(&self) -> Result<(Vec<u8>, u32, u32), String> {
        use kiln_metadata::tables::TypeOrMethodDef;
        if !self.canon {
            return Err("no generic dictionary (not shared code)".into());
        }
        let owner = self
            .asm
            .method_owner(self.method)
            .ok_or("method without an owner")?;
        let class_params = self
            .asm
            .generic_params(TypeOrMethodDef::TypeDef(owner))
            .len() as u32;
        let method_params = self
            .asm
            .generic_params(TypeOrMethodDef::MethodDef(self.method))
            .len() as u32;
        let mut out = Vec::new();
        if self.canon_method {
            out.push(0x09);
        } else if self.hidden_context {
            out.push(0x08);
        } else {
            if class_params == 0 {
                return Err("no generic dictionary (non-generic owner)".into());
            }
            out.push(0x07);
            R2rSig::GenericInst {
                value_type: false,
                def: Box::new(R2rSig::Class(R2rToken::Def(owner.0))),
                args: vec![R2rSig::Canon; class_params as usize],
            }
            .encode(&mut out);
        }
        let method_params = if self.canon_method { method_params } else { 0 };
        Ok((out, class_params, method_params))
    }

    /// The dictionary lookup of the compiled method's own exact class
    /// (`Owner<!0, …>`, [`crate::LowerEnv::class_init_lookup`]), or why
    /// there is none (not shared code, a non-generic owner).
    pub(super) fn class_init_lookup_sig(&self) -> Result<Vec<u8>, String> {
        use kiln_metadata::tables::TypeOrMethodDef;
        let owner = self
            .asm
            .method_owner(self.method)
            .ok_or("method without an owner")?;
        let n = self
            .asm
            .generic_params(TypeOrMethodDef::TypeDef(owner))
            .len() as u32;
        if n == 0 {
            return Err("non-generic owner".into());
        }
        let (mut out, _, _) = self.dictionary_prefix()?;
        out.push(0x10); // TypeHandle
        R2rSig::GenericInst {
            value_type: false,
            def: Box::new(R2rSig::Class(R2rToken::Def(owner.0))),
            args: (0..n).map(R2rSig::Var).collect(),
        }
        .encode(&mut out);
        Ok(out)
    }

    /// [`crate::LowerEnv::type_lookup`].
    pub(super) fn type_lookup_sig(
        &self,
        token: Token,
        array: bool,
    ) -> Result<Result<Vec<u8>, String>, MetadataError> {
        if token.table() != Some(TableId::TypeSpec) || token.rid() == 0 {
            return Ok(Err("not a TypeSpec".into()));
        }
        let ts = kiln_metadata::tables::TypeSpecHandle(token.rid());
        if !self.asm.type_spec_sig(ts)?.has_generic_params() {
            return Ok(Err("type does not depend on the generic context".into()));
        }
        let (mut out, vars, mvars) = match self.dictionary_prefix() {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        let row: kiln_metadata::tables::TypeSpecRow = self.asm.row(ts)?;
        let blob = self.asm.blob(row.signature)?;
        let mut r = SigReader::new(blob);
        let Ok(ty) = R2rSig::decode(&mut r) else {
            return Ok(Err("TypeSpec signature kiln cannot read".into()));
        };
        if r.pos() != blob.len() {
            return Ok(Err("TypeSpec signature with trailing bytes".into()));
        }
        if !params_within(&ty, vars, mvars) {
            return Ok(Err(
                "type parameter outside the compiled method's generic context".into(),
            ));
        }
        out.push(0x10); // TypeHandle
        if array {
            R2rSig::SzArray(Box::new(ty)).encode(&mut out);
        } else {
            ty.encode(&mut out);
        }
        Ok(Ok(out))
    }

    /// For canonical code: the explicit owner of callee `tok`, a MemberRef
    /// on an instantiation over the method's type parameters, as the
    /// canonical instantiation's R2R type signature (`List<__Canon>` for
    /// `List<!0>`) — when that names the right code for every exact
    /// instantiation: an instance method of a generic *class* (its shared
    /// code finds the exact type in `this`), called directly or through the
    /// vtable (the slot is the same in every instantiation). `None` (the
    /// call is refused) for static methods and methods of generic value
    /// types (they take the exact type as a hidden argument), interface
    /// methods called virtually (dispatch is keyed by the exact interface
    /// type) and anything else.
    pub(super) fn canonical_callee_owner(
        &self,
        tok: Token,
        is_virtual: bool,
    ) -> Result<Option<Vec<u8>>, MetadataError> {
        let Some(h) = MemberRefHandle::from_token(tok) else {
            return Ok(None);
        };
        let Some(MemberRefParent::TypeSpec(ts)) = self.asm.member_ref(h)?.class else {
            return Ok(None);
        };
        let MemberSig::Method(sig) = self.asm.member_ref_sig(h)? else {
            return Ok(None);
        };
        let TypeSig::GenericInst {
            is_value_type: false,
            generic,
            args,
        } = self.asm.type_spec_sig(ts)?
        else {
            return Ok(None);
        };
        if !sig.call_conv.has_this() || sig.generic_param_count != 0 {
            return Ok(None);
        }
        if is_virtual {
            let Some((set, id)) = self.set else {
                return Ok(None);
            };
            let Ok(def) = set.resolve_type_def_or_ref(id, generic) else {
                return Ok(None);
            };
            // TypeAttributes.Interface (ECMA-335 II.23.1.15).
            if set.get(def.asm).type_def(def.def)?.flags & 0x20 != 0 {
                return Ok(None);
            }
        }
        Ok(canonical_instantiation(false, generic, &args).map(|o| o.to_bytes()))
    }

    /// The R2R method signature of a call to an exact generic
    /// instantiation — `inner` a MethodDef or MemberRef, `spec` the
    /// MethodSpec that instantiates it (if any) — naming the exact owner
    /// (a MemberRef on a TypeSpec) and the method's type arguments with the
    /// `InstantiatingStub` flag: CoreCLR's `ZapSig::DecodeMethod` then asks
    /// `FindOrCreateAssociatedMethodDesc` for the exact method without
    /// allowing an instantiation argument (src/coreclr/vm/zapsig.cpp), so
    /// the cell holds code that needs no hidden argument — an instantiating
    /// stub in front of shared code, or the exact unshared code. `None` when
    /// the call names no instantiation, or one over the compiled method's
    /// type parameters (which needs a generic dictionary lookup), or one
    /// kiln cannot spell.
    pub(super) fn exact_generic_call(
        &self,
        inner: Token,
        spec: Option<MethodSpecHandle>,
    ) -> Result<Option<Vec<u8>>, MetadataError> {
        let (method, owner) = match inner.table() {
            Some(TableId::MethodDef) => {
                let Some(h) = MethodDefHandle::from_token(inner) else {
                    return Ok(None);
                };
                let generic_owner = self.asm.method_owner(h).is_none_or(|t| {
                    !self
                        .asm
                        .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(t))
                        .is_empty()
                });
                if generic_owner {
                    return Ok(None);
                }
                (R2rMethod::Def(h.0), None)
            }
            Some(TableId::MemberRef) => {
                let Some(h) = MemberRefHandle::from_token(inner) else {
                    return Ok(None);
                };
                let owner = match self.asm.member_ref(h)?.class {
                    Some(MemberRefParent::TypeSpec(ts)) => {
                        let sig = self.spec_sig(ts)?;
                        if !matches!(sig.strip_modifiers(), TypeSig::GenericInst { .. })
                            || sig.has_generic_params()
                        {
                            return Ok(None);
                        }
                        if self.exact.is_some() {
                            // Substituted (exact code): spelled from the
                            // closed signature.
                            match super::r2r_type(&sig) {
                                Some(t) => Some(t),
                                None => return Ok(None),
                            }
                        } else {
                            let row: kiln_metadata::tables::TypeSpecRow = self.asm.row(ts)?;
                            match R2rSig::decode(&mut SigReader::new(self.asm.blob(row.signature)?))
                            {
                                Ok(t) => Some(t),
                                Err(_) => return Ok(None),
                            }
                        }
                    }
                    Some(MemberRefParent::TypeDef(_) | MemberRefParent::TypeRef(_)) => None,
                    _ => return Ok(None),
                };
                (R2rMethod::Ref(h.0), owner)
            }
            _ => return Ok(None),
        };
        let instantiation = match spec {
            None => None,
            Some(h) => {
                let args = self.mspec_sig(h)?;
                if args.iter().any(TypeSig::has_generic_params) {
                    return Ok(None);
                }
                if self.exact.is_some() {
                    match args.iter().map(super::r2r_type).collect::<Option<Vec<_>>>() {
                        Some(args) => Some(args),
                        None => return Ok(None),
                    }
                } else {
                    let row: MethodSpecRow = self.asm.row(h)?;
                    match method_spec_args(self.asm.blob(row.instantiation)?) {
                        Some(args) => Some(args),
                        None => return Ok(None),
                    }
                }
            }
        };
        if owner.is_none() && instantiation.is_none() {
            return Ok(None);
        }
        let sig = R2rMethodSig {
            stub_flags: kiln_runtime_abi::r2r::method_sig::INSTANTIATING_STUB,
            owner,
            method,
            instantiation,
            ..R2rMethodSig::def(0)
        };
        let mut out = Vec::new();
        sig.encode(&mut out);
        Ok(Some(out))
    }

    /// For shared code, a call of shared code that takes a generic context
    /// — `inner` (a MethodDef or MemberRef) instantiated by MethodSpec
    /// `spec`, or a static method of a generic class or an instance method
    /// of a generic value type (no `spec`) — over the
    /// compiled method's type parameters: the R2R method signature of the
    /// canonical callee (`Owner<__Canon>::M<__Canon>`, no stub flags: the
    /// runtime's `FindOrCreateAssociatedMethodDesc` with `allowInstParam`
    /// gives the shared code, which takes the context as its hidden
    /// argument) and the generic dictionary lookup of that argument, as
    /// crossgen2's `getCallInfo` computes `instParamLookup`: the exact
    /// `MethodDesc` of a generic method (`MethodHandle` with the
    /// `InstantiatingStub` flag, which makes the runtime's `PopulateEntry`
    /// ask for the instantiated method itself, not its shared code —
    /// src/coreclr/vm/genericdict.cpp), the exact `MethodTable` of a static
    /// method's class or of an instance method's value type (`TypeHandle`;
    /// the owner is spelled `GENERICINST VALUETYPE`). `None` when the call
    /// is not of that kind (exact calls, instance methods of classes,
    /// anything kiln cannot spell).
    pub(super) fn shared_generic_call(
        &self,
        inner: Token,
        spec: Option<MethodSpecHandle>,
    ) -> Result<Option<SharedCall>, MetadataError> {
        if !self.canon {
            return Ok(None);
        }
        // The method, its exact owner (with the caller's `!n`/`!!n`) and
        // the owner's canonical form, when the owner is an instantiation.
        let (method, owner) = match inner.table() {
            Some(TableId::MethodDef) => {
                let Some(h) = MethodDefHandle::from_token(inner) else {
                    return Ok(None);
                };
                let generic_owner = self.asm.method_owner(h).is_none_or(|t| {
                    !self
                        .asm
                        .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(t))
                        .is_empty()
                });
                if generic_owner {
                    return Ok(None);
                }
                (R2rMethod::Def(h.0), None)
            }
            Some(TableId::MemberRef) => {
                let Some(h) = MemberRefHandle::from_token(inner) else {
                    return Ok(None);
                };
                let MemberSig::Method(msig) = self.asm.member_ref_sig(h)? else {
                    return Ok(None);
                };
                let owner = match self.asm.member_ref(h)?.class {
                    Some(MemberRefParent::TypeSpec(ts)) => {
                        let TypeSig::GenericInst {
                            is_value_type,
                            generic,
                            args,
                        } = self.asm.type_spec_sig(ts)?
                        else {
                            return Ok(None);
                        };
                        // A static method, or an instance method of a value
                        // type (whose `this` is a managed pointer to the
                        // unboxed value), takes the type's context; an
                        // instance method of a class finds it in `this`; a
                        // generic method takes its own.
                        if spec.is_none() && msig.call_conv.has_this() && !is_value_type {
                            return Ok(None);
                        }
                        let row: kiln_metadata::tables::TypeSpecRow = self.asm.row(ts)?;
                        let exact = match R2rSig::decode(&mut SigReader::new(
                            self.asm.blob(row.signature)?,
                        )) {
                            Ok(t) => t,
                            Err(_) => return Ok(None),
                        };
                        let Some(canonical) =
                            canonical_instantiation(is_value_type, generic, &args)
                        else {
                            return Ok(None);
                        };
                        Some((exact, canonical))
                    }
                    Some(MemberRefParent::TypeDef(_) | MemberRefParent::TypeRef(_)) => None,
                    _ => return Ok(None),
                };
                if spec.is_none() && (owner.is_none() || msig.generic_param_count != 0) {
                    return Ok(None);
                }
                (R2rMethod::Ref(h.0), owner)
            }
            _ => return Ok(None),
        };
        let (exact_args, canonical_args) = match spec {
            None => (None, None),
            Some(h) => {
                let row: MethodSpecRow = self.asm.row(h)?;
                let Some(exact) = method_spec_args(self.asm.blob(row.instantiation)?) else {
                    return Ok(None);
                };
                let Some(canonical) = self
                    .asm
                    .method_spec_sig(h)?
                    .iter()
                    .map(canonical_arg)
                    .collect::<Option<Vec<_>>>()
                else {
                    return Ok(None);
                };
                (Some(exact), Some(canonical))
            }
        };
        let (exact_owner, canonical_owner) = match owner {
            Some((e, c)) => (Some(e), Some(c)),
            None => (None, None),
        };
        let Ok((mut lookup, vars, mvars)) = self.dictionary_prefix() else {
            return Ok(None);
        };
        let mentioned: Vec<&R2rSig> = exact_owner
            .iter()
            .chain(exact_args.iter().flatten())
            .collect();
        let generic = |t: &R2rSig| !params_within(t, 0, 0);
        if !mentioned.iter().any(|t| generic(t))
            || !mentioned.iter().all(|t| params_within(t, vars, mvars))
        {
            return Ok(None);
        }
        let canonical = R2rMethodSig {
            owner: canonical_owner,
            method,
            instantiation: canonical_args,
            ..R2rMethodSig::def(0)
        };
        match exact_args {
            Some(args) => {
                lookup.push(0x11); // MethodHandle
                R2rMethodSig {
                    stub_flags: kiln_runtime_abi::r2r::method_sig::INSTANTIATING_STUB,
                    owner: exact_owner,
                    method,
                    instantiation: Some(args),
                    ..R2rMethodSig::def(0)
                }
                .encode(&mut lookup);
            }
            None => {
                lookup.push(0x10); // TypeHandle
                exact_owner
                    .expect("a static or value-type method's owner is an instantiation")
                    .encode(&mut lookup);
            }
        }
        let mut out = Vec::new();
        canonical.encode(&mut out);
        Ok(Some((out, lookup)))
    }

    /// For shared code, `callvirt` of `tok`, a MemberRef of an instance
    /// method (not generic itself) of an interface instantiated over the
    /// compiled method's type parameters (`IEnumerable<!0>::GetEnumerator`):
    /// the generic dictionary lookup of its virtual-stub-dispatch cell —
    /// `VirtualEntry` with the exact owner (`OwnerType`) and the MemberRef,
    /// which the runtime's `PopulateEntry` turns into a dispatch stub for
    /// the exact interface behind an indirection cell
    /// (`DispatchStubAddrSlot`, src/coreclr/vm/genericdict.cpp), as
    /// crossgen2 looks up `stubLookup` for such calls. `None` otherwise.
    pub(super) fn interface_dispatch_lookup(
        &self,
        tok: Token,
    ) -> Result<Option<Vec<u8>>, MetadataError> {
        let Some((set, id)) = self.set else {
            return Ok(None);
        };
        let Some(h) = MemberRefHandle::from_token(tok) else {
            return Ok(None);
        };
        let Some(MemberRefParent::TypeSpec(ts)) = self.asm.member_ref(h)?.class else {
            return Ok(None);
        };
        let MemberSig::Method(sig) = self.asm.member_ref_sig(h)? else {
            return Ok(None);
        };
        if !sig.call_conv.has_this() || sig.generic_param_count != 0 {
            return Ok(None);
        }
        let TypeSig::GenericInst {
            is_value_type: false,
            generic,
            ..
        } = self.asm.type_spec_sig(ts)?
        else {
            return Ok(None);
        };
        let Ok(def) = set.resolve_type_def_or_ref(id, generic) else {
            return Ok(None);
        };
        // TypeAttributes.Interface (ECMA-335 II.23.1.15).
        if set.get(def.asm).type_def(def.def)?.flags & 0x20 == 0 {
            return Ok(None);
        }
        let row: kiln_metadata::tables::TypeSpecRow = self.asm.row(ts)?;
        let Ok(owner) = R2rSig::decode(&mut SigReader::new(self.asm.blob(row.signature)?)) else {
            return Ok(None);
        };
        let Ok((mut lookup, vars, mvars)) = self.dictionary_prefix() else {
            return Ok(None);
        };
        if !params_within(&owner, vars, mvars) {
            return Ok(None);
        }
        lookup.push(0x16); // VirtualEntry
        R2rMethodSig {
            owner: Some(owner),
            method: R2rMethod::Ref(h.0),
            ..R2rMethodSig::def(0)
        }
        .encode(&mut lookup);
        Ok(Some(lookup))
    }

    /// For canonical code: the explicit owner of field `tok` (a MemberRef on
    /// an instantiation over the method's type parameters) as the canonical
    /// instantiation's R2R type signature, for the field's
    /// `Check_FieldOffset` fixup (the offset is the same in every
    /// instantiation the shared code runs for); `None` if there is none.
    pub(super) fn canonical_field_owner(
        &self,
        tok: Token,
    ) -> Result<Option<Vec<u8>>, MetadataError> {
        let Some(h) = MemberRefHandle::from_token(tok) else {
            return Ok(None);
        };
        let Some(MemberRefParent::TypeSpec(ts)) = self.asm.member_ref(h)?.class else {
            return Ok(None);
        };
        let TypeSig::GenericInst {
            is_value_type,
            generic,
            args,
        } = self.asm.type_spec_sig(ts)?
        else {
            return Ok(None);
        };
        Ok(canonical_instantiation(is_value_type, generic, &args).map(|o| o.to_bytes()))
    }

    /// The canonical type arguments of the compiled method's owner
    /// (`__Canon` for each of its type parameters) when compiling canonical
    /// code, else none.
    pub(super) fn canon_args(&self, set: &AssemblySet) -> Result<Vec<TypeKey>, String> {
        if !self.canon {
            return Ok(Vec::new());
        }
        let canon = set
            .core_type("System", "__Canon")
            .ok_or("System.__Canon not found in the core library")?;
        let owner = self
            .asm
            .method_owner(self.method)
            .ok_or("method without an owner")?;
        let n = self
            .asm
            .generic_params(kiln_metadata::tables::TypeOrMethodDef::TypeDef(owner))
            .len();
        Ok(vec![TypeKey::Def(canon, Vec::new()); n])
    }

    /// Classifies a resolved type (an instantiated field's type).
    pub(super) fn classify_key(&self, ts: &TypeSystem<'_>, key: &TypeKey) -> IlType {
        match key {
            TypeKey::Def(d, _) => {
                if let Some(p) = ts.primitive_of(*d) {
                    return il_type(&TypeSig::Primitive(p));
                }
                match ts.is_value_type(*d) {
                    Ok(false) => IlType::Object,
                    Ok(true) => match ts.enum_underlying(*d) {
                        Ok(Some(p)) => il_type(&TypeSig::Primitive(p)),
                        _ => IlType::ValueType,
                    },
                    Err(_) => IlType::ValueType,
                }
            }
            TypeKey::SzArray(_) | TypeKey::Array(..) => IlType::Object,
            TypeKey::Ptr(_) | TypeKey::FnPtr => IlType::Ptr,
            TypeKey::ByRef(_) => IlType::ByRef,
            TypeKey::Var(_) | TypeKey::MVar(_) => IlType::GenericParam,
        }
    }
}
