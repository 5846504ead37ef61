//! `constrained.` calls for [`MetadataEnv`](super::MetadataEnv): what a
//! `constrained. T callvirt M` does, decided as ECMA-335 III.2.1 and the
//! runtime decide it (crossgen2's `getCallInfo` with a constrained token,
//! `MethodTable::TryResolveConstraintMethodApprox`,
//! src/coreclr/vm/methodtable.cpp):
//!
//! * `T` a reference type — a class, an array, or a type parameter of
//!   canonical (`__Canon`) code, which is always one — `this` is loaded
//!   from the managed pointer and the call dispatches as usual;
//! * `T` a value type that declares its own implementation of `M` — the
//!   implementation is called directly with the managed pointer as `this`;
//! * `T` a value type inheriting `M` (`System.Object`'s or
//!   `System.ValueType`'s virtuals, default interface methods) — the value
//!   is boxed and the call dispatches on the box.
//!
//! A direct call of a method of the compiled module's own non-generic
//! value type names its MethodDef. Any other (a value type of another
//! version bubble, or an instantiation) is named as crossgen2 names it:
//! `MethodEntry` on the IL's method token with the `Constrained` flag and
//! `T`, plus `InstantiatingStub` so that the runtime's
//! `ZapSig::DecodeMethod` keeps the instantiating stub in front of shared
//! code of a generic value type (src/coreclr/vm/zapsig.cpp) — the runtime
//! resolves the implementation itself.

use super::{resolve_err, MetadataEnv};
use crate::env::{ConstrainedCall, DirectCallee};
use kiln_metadata::tables::{Handle, TableId, Token};
use kiln_metadata::types::{ConstrainedTarget, TypeKey, TypeSystem};
use kiln_metadata::MetadataError;
use kiln_runtime_abi::sig::{
    MethodRef as R2rMethod, MethodSig as R2rMethodSig, SigReader, TypeSig as R2rSig,
    TypeToken as R2rToken,
};

type Answer = Result<Result<ConstrainedCall, String>, MetadataError>;

impl MetadataEnv<'_> {
    /// See [`crate::LowerEnv::constrained_call`].
    pub(super) fn constrained_call_impl(&self, ctok: u32, method: u32) -> Answer {
        let Some((set, id)) = self.set else {
            return Ok(Err("no assembly set to resolve types".into()));
        };
        let (ct, mt) = (Token(ctok), Token(method));
        if self.is_canonical_param_token(ct)? {
            // A type parameter of shared code: a reference type.
            return Ok(Ok(ConstrainedCall::Deref));
        }
        if self.context_dependent_type_token(ct)? {
            return Ok(Err(
                "constrained type over the shared code's type parameters (needs a generic dictionary lookup)"
                    .into(),
            ));
        }
        let ts = TypeSystem::new(set);
        let key = match ts.resolve_type_token(id, ct, &[], &[]) {
            Ok(k) => k,
            Err(e) => return Ok(Err(resolve_err(e)?)),
        };
        let d = match &key {
            TypeKey::SzArray(_) | TypeKey::Array(..) => return Ok(Ok(ConstrainedCall::Deref)),
            TypeKey::Def(d, _) => *d,
            k => return Ok(Err(format!("constrained type {}", ts.display(k)))),
        };
        match ts.is_value_type(d) {
            Ok(false) => return Ok(Ok(ConstrainedCall::Deref)),
            Ok(true) => {}
            Err(e) => return Ok(Err(resolve_err(e)?)),
        }
        if ts.primitive_of(d).is_some() || matches!(ts.enum_underlying(d), Ok(Some(_))) {
            // Their Object/ValueType/interface methods do not mutate the
            // value: calling them on a boxed copy is calling them in place.
            return Ok(Ok(ConstrainedCall::Box));
        }
        if self.context_dependent(mt)? {
            return Ok(Err(
                "constrained call of a method over the shared code's type parameters".into(),
            ));
        }
        let m = match ts.resolve_method_token(id, mt, &[], &[]) {
            Ok(m) => m,
            Err(e) => return Ok(Err(resolve_err(e)?)),
        };
        let Some(def) = m.def else {
            return Ok(Err("constrained call of a runtime-provided method".into()));
        };
        if !m.method_args.is_empty() || m.sig.generic_param_count != 0 {
            return Ok(Err("constrained call of a generic method".into()));
        }
        let target = match ts.constrained_target(&key, def, &m.owner) {
            Ok(t) => t,
            Err(e) => return Ok(Err(resolve_err(e)?)),
        };
        let own = match target {
            ConstrainedTarget::Own(own) => own,
            ConstrainedTarget::Inherited => return Ok(Ok(ConstrainedCall::Box)),
            ConstrainedTarget::NotImplemented => {
                return Ok(Err(format!(
                    "{} does not implement the called method",
                    ts.display(&key)
                )))
            }
        };
        let TypeKey::Def(_, args) = &key else {
            unreachable!("a value type is a definition")
        };
        if own.asm == id && args.is_empty() {
            // The compiled module's own value type: its MethodDef.
            return Ok(Ok(ConstrainedCall::Direct(DirectCallee::Token(
                own.def.token().0,
            ))));
        }
        let method_ref = match mt.table() {
            Some(TableId::MethodDef) => R2rMethod::Def(mt.rid()),
            Some(TableId::MemberRef) => R2rMethod::Ref(mt.rid()),
            _ => {
                return Ok(Err(
                    "constrained call of a method named by a MethodSpec".into()
                ))
            }
        };
        let Some(constrained) = self.r2r_type_of_token(ct)? else {
            return Ok(Err("constrained type kiln cannot spell".into()));
        };
        let sig = R2rMethodSig {
            stub_flags: kiln_runtime_abi::r2r::method_sig::INSTANTIATING_STUB,
            method: method_ref,
            constrained: Some(constrained),
            ..R2rMethodSig::def(0)
        };
        let mut out = Vec::new();
        sig.encode(&mut out);
        Ok(Ok(ConstrainedCall::Direct(DirectCallee::Signature(out))))
    }

    /// Whether type token `t` names a type parameter of the canonical code.
    fn is_canonical_param_token(&self, t: Token) -> Result<bool, MetadataError> {
        crate::LowerEnv::is_canonical_param(self, t.0)
    }

    /// The R2R type signature of value type token `t` (a TypeDef or TypeRef
    /// as `VALUETYPE token`, a TypeSpec as its own blob), in the compiled
    /// module's token context.
    fn r2r_type_of_token(&self, t: Token) -> Result<Option<R2rSig>, MetadataError> {
        Ok(match (t.table(), t.rid()) {
            (_, 0) => None,
            (Some(TableId::TypeDef), rid) => Some(R2rSig::ValueType(R2rToken::Def(rid))),
            (Some(TableId::TypeRef), rid) => Some(R2rSig::ValueType(R2rToken::Ref(rid))),
            (Some(TableId::TypeSpec), rid) => {
                let h = kiln_metadata::tables::TypeSpecHandle(rid);
                if self.asm.type_spec_sig(h)?.has_generic_params() {
                    return Ok(None);
                }
                let row: kiln_metadata::tables::TypeSpecRow = self.asm.row(h)?;
                R2rSig::decode(&mut SigReader::new(self.asm.blob(row.signature)?)).ok()
            }
            _ => None,
        })
    }
}
