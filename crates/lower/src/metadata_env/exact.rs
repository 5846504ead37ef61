//! The exact side of [`MetadataEnv`]: compiling one exact instantiation of
//! a method of a generic class or of a generic method — `Cell<int>::Push`,
//! `Util::Pick<double>` — whose code is not shared: every `!n`/`!!n` of the
//! method's signature, locals and IL tokens stands for a known type
//! (ECMA-335 II.9.4, "Instantiating generic types").
//!
//! The IL still names its types and members by tokens of the generic
//! definition's context (`Cell<!0>::count`, `!0[]`); nothing of it may reach
//! the runtime as such — the runtime resolves fixups without a generic
//! context. So every signature read for a TypeSpec or MethodSpec token is
//! substituted here, the callees and types the fixups name are spelled out
//! substituted (R2R type and method signatures, readytorun-format.md), and
//! an instruction whose token depends on the type parameters in a way kiln
//! does not spell out is refused ([`MetadataEnv::exact_token_refusal`]).

use super::MetadataEnv;
use crate::env::FieldTarget;
use kiln_metadata::set::{AsmId, AssemblySet};
use kiln_metadata::sig::TypeSig;
use kiln_metadata::tables::{
    Handle, MemberRefHandle, MemberRefParent, MethodDefHandle, MethodSpecHandle, TableId, Token,
    TypeDefOrRef, TypeSpecHandle,
};
use kiln_metadata::types::{TypeKey, TypeSystem};
use kiln_metadata::MetadataError;
use kiln_runtime_abi::sig::{TypeSig as R2rSig, TypeToken as R2rToken};

/// The type arguments of an exact instantiation, as types of the compiled
/// module (closed: no `!n`/`!!n`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Default)]
pub struct Instantiation {
    /// The arguments of the owner class's type parameters (`!n`).
    pub class_args: Vec<TypeSig>,
    /// The arguments of the method's own type parameters (`!!n`).
    pub method_args: Vec<TypeSig>,
}

/// A static field of an instantiation ([`MetadataEnv::instantiation_static`]).
pub(super) struct StaticField<'t, 's> {
    pub ts: &'t TypeSystem<'s>,
    pub token: Token,
    pub owner: kiln_metadata::set::TypeDefId,
    pub args: &'t [TypeKey],
    pub field: kiln_metadata::set::FieldDefId,
    pub flags: u16,
    pub name: String,
    pub ty: crate::env::IlType,
    pub owner_value_type: bool,
}

/// `FieldAttributes.Literal` and `HasFieldRVA` (ECMA-335 II.23.1.5).
const FIELD_LITERAL: u16 = 0x0040;
const FIELD_HAS_RVA: u16 = 0x0100;

impl Instantiation {
    /// `t` with the instantiation's arguments substituted.
    pub fn apply(&self, t: &TypeSig) -> TypeSig {
        t.substitute(&self.class_args, &self.method_args)
    }
}

fn r2r_token(t: TypeDefOrRef) -> Option<R2rToken> {
    match t {
        TypeDefOrRef::TypeDef(h) => Some(R2rToken::Def(h.0)),
        TypeDefOrRef::TypeRef(h) => Some(R2rToken::Ref(h.0)),
        // A TypeSpec inside a signature is not what compilers emit; the
        // runtime would read it in the module's context, unsubstituted.
        TypeDefOrRef::TypeSpec(_) => None,
    }
}

/// The R2R type signature (ECMA-335 II.23.2.12 in the compiled module's
/// token context) of a closed metadata type; `None` for what kiln does not
/// spell (generic parameters, function pointers, TypeSpec tokens inside a
/// signature).
pub fn r2r_type(t: &TypeSig) -> Option<R2rSig> {
    let inner = |t: &TypeSig| r2r_type(t).map(Box::new);
    Some(match t {
        TypeSig::Void => R2rSig::Prim(0x01),
        TypeSig::Primitive(p) => R2rSig::Prim(super::element_type(*p)),
        TypeSig::String => R2rSig::Prim(0x0E),
        TypeSig::Object => R2rSig::Prim(0x1C),
        TypeSig::TypedByRef => R2rSig::Prim(0x16),
        TypeSig::Class(c) => R2rSig::Class(r2r_token(*c)?),
        TypeSig::ValueType(c) => R2rSig::ValueType(r2r_token(*c)?),
        TypeSig::SzArray(e) => R2rSig::SzArray(inner(e)?),
        TypeSig::Ptr(e) => R2rSig::Ptr(inner(e)?),
        TypeSig::ByRef(e) => R2rSig::ByRef(inner(e)?),
        TypeSig::Pinned(e) => R2rSig::Pinned(inner(e)?),
        TypeSig::Array(e, shape) => R2rSig::Array {
            elem: inner(e)?,
            rank: shape.rank,
            sizes: shape.sizes.clone(),
            lo_bounds: shape.lower_bounds.clone(),
        },
        TypeSig::GenericInst {
            is_value_type,
            generic,
            args,
        } => {
            let tok = r2r_token(*generic)?;
            R2rSig::GenericInst {
                value_type: *is_value_type,
                def: Box::new(if *is_value_type {
                    R2rSig::ValueType(tok)
                } else {
                    R2rSig::Class(tok)
                }),
                args: args.iter().map(r2r_type).collect::<Option<_>>()?,
            }
        }
        TypeSig::Modified {
            required,
            modifier,
            inner: ty,
        } => R2rSig::Modified {
            required: *required,
            modifier: r2r_token(*modifier)?,
            ty: inner(ty)?,
        },
        TypeSig::Var(_) | TypeSig::MVar(_) | TypeSig::FnPtr(_) => return None,
    })
}

impl<'a> MetadataEnv<'a> {
    /// The environment of the exact instantiation `inst` of `method` (a
    /// method of a generic class of `asm`, or a generic method of a class):
    /// unshared code, no hidden generic-context argument (CoreCLR passes
    /// one only to shared code, `MethodDesc::RequiresInstArg`).
    pub fn exact(
        set: &'a AssemblySet,
        asm: AsmId,
        method: MethodDefHandle,
        inst: &'a Instantiation,
    ) -> Self {
        Self {
            exact: Some(inst),
            ..Self::with_set(set, asm, method)
        }
    }

    /// `t` (read in the compiled method's context) with the exact
    /// instantiation's arguments substituted, if compiling one.
    pub(super) fn subst(&self, t: TypeSig) -> TypeSig {
        match self.exact {
            Some(inst) => inst.apply(&t),
            None => t,
        }
    }

    /// The type TypeSpec `ts` of the compiled module names, substituted.
    pub(super) fn spec_sig(&self, ts: TypeSpecHandle) -> Result<TypeSig, MetadataError> {
        Ok(self.subst(self.asm.type_spec_sig(ts)?))
    }

    /// The type arguments of MethodSpec `h`, substituted.
    pub(super) fn mspec_sig(&self, h: MethodSpecHandle) -> Result<Vec<TypeSig>, MetadataError> {
        Ok(self
            .asm
            .method_spec_sig(h)?
            .into_iter()
            .map(|t| self.subst(t))
            .collect())
    }

    /// The exact instantiation's class arguments as type keys, or why they
    /// cannot be resolved.
    pub(super) fn exact_keys(
        &self,
        set: &AssemblySet,
        id: AsmId,
    ) -> Result<(Vec<TypeKey>, Vec<TypeKey>), String> {
        let Some(inst) = self.exact else {
            return Ok((Vec::new(), Vec::new()));
        };
        let ts = TypeSystem::new(set);
        let keys = |args: &[TypeSig]| {
            args.iter()
                .map(|a| {
                    ts.key_of(id, a, &[], &[])
                        .map_err(|e| format!("type argument: {e:?}"))
                })
                .collect::<Result<Vec<_>, String>>()
        };
        Ok((keys(&inst.class_args)?, keys(&inst.method_args)?))
    }

    /// For exact code of a method of a generic class: the R2R signature of
    /// the class's instantiation (`GENERICINST CLASS Owner n args…`), which
    /// its class-init trigger names; `None` otherwise.
    pub(super) fn exact_owner_sig(&self) -> Result<Option<Vec<u8>>, MetadataError> {
        let Some(inst) = self.exact else {
            return Ok(None);
        };
        let Some(owner) = self.asm.method_owner(self.method) else {
            return Ok(None);
        };
        if inst.class_args.is_empty() {
            return Ok(None);
        }
        let Some(args) = inst
            .class_args
            .iter()
            .map(r2r_type)
            .collect::<Option<Vec<_>>>()
        else {
            return Ok(None);
        };
        Ok(Some(
            R2rSig::GenericInst {
                value_type: false,
                def: Box::new(R2rSig::Class(R2rToken::Def(owner.0))),
                args,
            }
            .to_bytes(),
        ))
    }

    /// For exact code: the substituted owner of `tok`, a MemberRef whose
    /// parent is a TypeSpec (`Cell<!0>` → `Cell<int32>`), as R2R type
    /// signature bytes; `None` when the token has no such parent or the
    /// owner cannot be spelled.
    pub(super) fn exact_member_owner(&self, tok: Token) -> Result<Option<Vec<u8>>, MetadataError> {
        let Some(h) = MemberRefHandle::from_token(tok) else {
            return Ok(None);
        };
        let Some(MemberRefParent::TypeSpec(ts)) = self.asm.member_ref(h)?.class else {
            return Ok(None);
        };
        Ok(r2r_type(&self.spec_sig(ts)?).map(|t| t.to_bytes()))
    }

    /// Whether `tok` (any token of the compiled method's IL) means
    /// something different per instantiation: a TypeSpec, MethodSpec or
    /// MemberRef on a TypeSpec mentioning `!n`/`!!n`, or a MethodDef/Field
    /// of a generic type named without an instantiation.
    pub(super) fn depends_on_params(&self, tok: Token) -> Result<bool, MetadataError> {
        if tok.rid() == 0 {
            return Ok(false);
        }
        Ok(match tok.table() {
            Some(TableId::TypeSpec) => self
                .asm
                .type_spec_sig(TypeSpecHandle(tok.rid()))?
                .has_generic_params(),
            Some(TableId::MethodSpec) => {
                let h = MethodSpecHandle(tok.rid());
                let row: kiln_metadata::tables::MethodSpecRow = self.asm.row(h)?;
                let inner = match row.method {
                    Some(kiln_metadata::tables::MethodDefOrRef::MethodDef(d)) => {
                        Token(0x0600_0000 | d.0)
                    }
                    Some(kiln_metadata::tables::MethodDefOrRef::MemberRef(r)) => {
                        Token(0x0A00_0000 | r.0)
                    }
                    None => return Ok(true),
                };
                self.asm
                    .method_spec_sig(h)?
                    .iter()
                    .any(TypeSig::has_generic_params)
                    || self.depends_on_params(inner)?
            }
            _ => self.raw_context_dependent(tok)?,
        })
    }

    /// For exact code, why the instruction `opcode` with token operand `tok`
    /// is refused, or `None`. Calls, `newobj` and instance field accesses
    /// name their members with substituted owners ([`Self::resolve_call`],
    /// [`Self::resolve_field`]); the type operands below come to the
    /// backend through substituted signatures (`Function::type_sigs`) or as
    /// primitives (`ldtoken` of a type included); static fields are reached
    /// through their substituted instantiation
    /// ([`Self::instantiation_static`]). Everything else over the type
    /// parameters — `ldtoken` of a member, `ldftn`, `constrained.` —
    /// would reach a fixup unsubstituted, so it is refused. (`ldelema` of a
    /// TypeSpec: a value-type element's layout comes from the substituted
    /// type, a reference element's type check names the substituted
    /// signature.)
    pub(super) fn exact_token_refusal(
        &self,
        opcode: kiln_metadata::il::Opcode,
        tok: Token,
    ) -> Result<Option<String>, MetadataError> {
        use kiln_metadata::il::Opcode as O;
        if self.exact.is_none() || !self.depends_on_params(tok)? {
            return Ok(None);
        }
        let allowed = match opcode {
            O::Call | O::Callvirt | O::Newobj => true,
            O::Ldfld | O::Stfld | O::Ldflda | O::Ldsfld | O::Stsfld | O::Ldsflda => true,
            O::Newarr
            | O::Ldelem
            | O::Stelem
            | O::Ldelema
            | O::Box
            | O::Unbox_Any
            | O::Castclass
            | O::Isinst
            | O::Initobj
            | O::Ldobj
            | O::Stobj
            | O::Ldtoken => tok.table() == Some(TableId::TypeSpec),
            _ => false,
        };
        Ok((!allowed).then(|| {
            format!(
                "exact instantiation: `{}` of a token over the type parameters",
                opcode.name()
            )
        }))
    }

    /// For exact code, why a `catch` clause of the method is refused: one
    /// catching a type over the type parameters, whose token the runtime
    /// would resolve without the substitution. `None` otherwise.
    ///
    /// # Errors
    /// Malformed metadata.
    pub fn exact_clause_refusal(&self) -> Result<Option<&'static str>, MetadataError> {
        if self.exact.is_none() {
            return Ok(None);
        }
        let Some(body) = self.asm.method_body(self.method)? else {
            return Ok(None);
        };
        for c in &body.exception_clauses {
            if let kiln_metadata::body::ClauseKind::Catch(t) = c.kind {
                if self.depends_on_params(t)? {
                    return Ok(Some(
                        "exact instantiation: a catch clause of a type over the type parameters",
                    ));
                }
            }
        }
        Ok(None)
    }

    /// A static field of an instantiation of a generic class of the
    /// compiled assembly (`PerType<int>.Count`; in exact code also
    /// `PerType<!0>.Count`, substituted): each instantiation has its own
    /// statics, reached through a `StaticBaseGC`/`StaticBaseNonGC` fixup
    /// naming the instantiation (its TypeSpec token, whose substituted
    /// signature `Function::type_sigs` records) — the runtime's helper runs
    /// the instantiation's class constructor first — at the offsets of the
    /// .NET 8 dynamic statics entry (`TypeSystem::static_layout_of`; CoreCLR
    /// `DomainLocalModule::NormalDynamicEntry`: non-GC data after the
    /// GC-statics pointer, GC handles from 0). Shared code's
    /// `PerType<!0>.Count` looks the exact owner's `MethodTable` up in the
    /// generic dictionary and asks the runtime's generic static-base helper
    /// for its base (`FieldTarget::owner_lookup`; the JIT's
    /// `CORINFO_FIELD_STATIC_GENERICS_STATIC_HELPER`, whose helper
    /// `CORINFO_HELP_GETGENERICS_(NON)GCSTATIC_BASE` is R2R's
    /// `GenericGcStaticBase`/`GenericNonGcStaticBase`), at the offsets of
    /// the canonical instantiation's layout, the same in every
    /// instantiation sharing the code. Refused for value-type owners,
    /// thread statics, literal and RVA fields.
    pub(super) fn instantiation_static(
        &self,
        f: StaticField<'_, '_>,
    ) -> Result<FieldTarget, MetadataError> {
        let refuse = |why: &str| FieldTarget {
            name: f.name.clone(),
            ty: f.ty,
            is_static: true,
            owner_value_type: f.owner_value_type,
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
        if f.flags & (FIELD_LITERAL | FIELD_HAS_RVA) != 0 {
            return Ok(refuse("literal or RVA static field"));
        }
        if f.owner_value_type {
            return Ok(refuse("static field of a generic value type"));
        }
        let Some(h) = MemberRefHandle::from_token(f.token) else {
            return Ok(refuse(
                "static field of a generic type named without its instantiation",
            ));
        };
        let Some(MemberRefParent::TypeSpec(spec)) = self.asm.member_ref(h)?.class else {
            return Ok(refuse(
                "static field of a generic type named without its instantiation",
            ));
        };
        let sig = self.spec_sig(spec)?;
        // Shared code over its type parameters: the exact owner's
        // MethodTable from the generic dictionary, its base from the
        // runtime's generic static-base helper (below, `owner_lookup`).
        let mut owner_lookup = None;
        let owner_sig = if sig.has_generic_params() {
            match self.type_lookup_sig(spec.token(), false)? {
                Ok(lookup) if self.canon => owner_lookup = Some(lookup),
                Ok(_) | Err(_) => {
                    return Ok(refuse(
                        "static field of an instantiation over the type parameters kiln cannot look up in the generic dictionary",
                    ))
                }
            }
            None
        } else {
            let Some(owner_sig) = r2r_type(&sig) else {
                return Ok(refuse("static field of an instantiation kiln cannot spell"));
            };
            Some(owner_sig.to_bytes())
        };
        let placements = match f
            .ts
            .static_layout_of(&TypeKey::Def(f.owner, f.args.to_vec()))
        {
            Ok(p) => p,
            Err(e) => return Ok(refuse(&super::resolve_err(e)?)),
        };
        let Some(p) = placements.iter().find(|p| p.field == f.field) else {
            return Ok(refuse("static field not in its owner's static layout"));
        };
        if p.thread_static {
            return Ok(refuse("thread-static field of a generic instantiation"));
        }
        Ok(FieldTarget {
            offset: Ok(p.offset),
            static_gc: p.gc,
            owner_token: spec.token().0,
            owner: owner_sig,
            owner_lookup,
            ..refuse("")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiln_metadata::sig::Primitive;
    use kiln_metadata::tables::TypeDefHandle;

    #[test]
    fn closed_types_become_r2r_signatures() {
        let cell_of_int = TypeSig::GenericInst {
            is_value_type: false,
            generic: TypeDefOrRef::TypeDef(TypeDefHandle(2)),
            args: vec![TypeSig::Primitive(Primitive::I4)],
        };
        // GENERICINST CLASS TypeDef#2 1 I4.
        assert_eq!(
            r2r_type(&cell_of_int).unwrap().to_bytes(),
            [0x15, 0x12, 0x08, 0x01, 0x08]
        );
        assert_eq!(
            r2r_type(&TypeSig::SzArray(Box::new(TypeSig::Primitive(
                Primitive::R8
            ))))
            .unwrap()
            .to_bytes(),
            [0x1D, 0x0D]
        );
        assert!(r2r_type(&TypeSig::Var(0)).is_none());
    }

    #[test]
    fn an_instantiation_substitutes_both_kinds_of_parameters() {
        let inst = Instantiation {
            class_args: vec![TypeSig::Primitive(Primitive::I8)],
            method_args: vec![TypeSig::Primitive(Primitive::R8)],
        };
        let t = TypeSig::SzArray(Box::new(TypeSig::GenericInst {
            is_value_type: false,
            generic: TypeDefOrRef::TypeDef(TypeDefHandle(3)),
            args: vec![TypeSig::Var(0), TypeSig::MVar(0)],
        }));
        let s = inst.apply(&t);
        assert!(!s.has_generic_params());
        assert_eq!(
            r2r_type(&s).unwrap().to_bytes(),
            [0x1D, 0x15, 0x12, 0x0C, 0x02, 0x0A, 0x0D]
        );
    }
}
