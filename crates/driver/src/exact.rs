//! Exact instantiations: which unshared instantiations of the input's
//! generic classes and generic methods the image carries code for, and the
//! InstanceMethodEntryPoints key the runtime finds each under.
//!
//! **Discovery** follows crossgen2's dependency analysis far enough for
//! code over value types: every instantiation the input's metadata names
//! closed (its TypeSpecs, its MethodSpecs) is a root; compiling an
//! instantiation substitutes its arguments into the tokens of its IL, and
//! the instantiations those name are compiled in turn. An instantiated
//! class contributes each of its non-generic methods with IL.
//!
//! **Which instantiations an image may contain** is crossgen2's version
//! bubble rule for a single-assembly bubble
//! (`ReadyToRunCompilationModuleGroupBase.ComputeInstantiationVersionsWithCode`,
//! src/coreclr/tools/aot/ILCompiler.ReadyToRun/Compiler/, .NET 8): the
//! generic definition is the input's, and every type argument either
//! versions with the input (a type it defines) or is a primitive whose
//! type parameter has neither the `class` constraint nor any type
//! constraint (`HasReferenceTypeConstraint`, `TypeConstraints` empty) —
//! code over a constrained primitive depends on CoreLib's implementation of
//! the interface, which versions apart. kiln compiles only the *unshared*
//! ones: every argument a value type (a primitive, or a non-generic value
//! type of the input); instantiations over reference types run the shared
//! `__Canon` code (`pipeline::Genericity::Canonical`).
//!
//! **Lookup**: the runtime hashes the instantiated method
//! (`GetVersionResilientMethodHashCode`, src/coreclr/vm/versionresilienthashcode.cpp)
//! and compares the stored method signature — owner `GENERICINST CLASS
//! Owner n args…` with the `OwnerType` flag, the MethodDef, the method's
//! instantiation with `MethodInstantiation` — against the method it wants
//! (`ReadyToRunInfo::GetEntryPoint`, src/coreclr/vm/readytoruninfo.cpp).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use kiln_lower::{r2r_type, Instantiation};
use kiln_metadata::il::{IlDecoder, Operand};
use kiln_metadata::set::MemberDef;
use kiln_metadata::sig::TypeSig;
use kiln_metadata::tables::{
    GenericParamRow, MemberRefHandle, MemberRefParent, MethodDefHandle, MethodDefOrRef,
    MethodSpecHandle, MethodSpecRow, TableId, Token, TypeDefHandle, TypeDefOrRef, TypeOrMethodDef,
    TypeSpecHandle,
};
use kiln_runtime_abi::sig::{MethodSig as R2rMethodSig, TypeSig as R2rSig, TypeToken};
use kiln_writer::InstanceKey;

use crate::types::TypeContext;

/// Most exact instantiations discovered per input (a bound against
/// metadata that instantiates without end).
const MAX_INSTANTIATIONS: usize = 20_000;

/// `GenericParamAttributes.ReferenceTypeConstraint` (ECMA-335 II.23.1.7).
const GP_REFERENCE_TYPE_CONSTRAINT: u16 = 0x0004;
/// `TypeAttributes.Interface` (ECMA-335 II.23.1.15).
const TD_INTERFACE: u32 = 0x0020;

/// One exact instantiation of a MethodDef of the input.
#[derive(Clone, Debug)]
pub(crate) struct ExactMethod {
    /// The generic definition.
    pub method: MethodDefHandle,
    /// Its type arguments.
    pub inst: Instantiation,
    /// Where the runtime finds its code, or why there is no key.
    pub key: Result<InstanceKey, String>,
    /// The JIT-log name.
    pub name: String,
    /// Why crossgen2's version-bubble rule keeps it out of the image, if it
    /// does.
    pub outside_bubble: Option<&'static str>,
}

/// The instantiations of the input's generic definitions the input needs,
/// ordered by MethodDef and key (deterministic).
pub(crate) fn discover(types: &TypeContext) -> Vec<ExactMethod> {
    let mut d = Discovery {
        types,
        found: BTreeMap::new(),
        type_seen: HashSet::new(),
        queue: VecDeque::new(),
        virtual_generic: virtual_generic_methods(types),
    };
    let asm = types.input();
    for h in asm.handles::<TypeSpecHandle>() {
        if let Ok(t) = asm.type_spec_sig(h) {
            d.scan_type(&t);
        }
    }
    for h in asm.handles::<MethodSpecHandle>() {
        d.method_spec(h, &Instantiation::default());
    }
    while let Some(i) = d.queue.pop_front() {
        if d.found.len() >= MAX_INSTANTIATIONS {
            break;
        }
        let (method, inst) = (d.found[&i].method, d.found[&i].inst.clone());
        d.scan_body(method, &inst);
    }
    d.found.into_values().collect()
}

struct Discovery<'a> {
    types: &'a TypeContext,
    /// By (MethodDef RID, key signature or name).
    found: BTreeMap<(u32, Vec<u8>), ExactMethod>,
    type_seen: HashSet<(u32, Vec<TypeSig>)>,
    /// Admissible instantiations whose bodies are still to scan.
    queue: VecDeque<(u32, Vec<u8>)>,
    /// The input's generic virtual methods of non-generic classes, by name.
    virtual_generic: HashMap<String, Vec<MethodDefHandle>>,
}

/// `MethodAttributes.Virtual` (ECMA-335 II.23.1.10).
const MD_VIRTUAL: u16 = 0x0040;

/// The input's generic virtual methods whose owner is not generic, by
/// name: the candidate implementations of a generic virtual method call.
fn virtual_generic_methods(types: &TypeContext) -> HashMap<String, Vec<MethodDefHandle>> {
    let asm = types.input();
    let mut out: HashMap<String, Vec<MethodDefHandle>> = HashMap::new();
    for m in asm.handles::<MethodDefHandle>() {
        let (Ok(row), Ok(sig)) = (asm.method_def(m), asm.method_def_sig(m)) else {
            continue;
        };
        let plain_owner = asm
            .method_owner(m)
            .is_some_and(|t| asm.generic_params(TypeOrMethodDef::TypeDef(t)).is_empty());
        if row.flags & MD_VIRTUAL != 0 && sig.generic_param_count > 0 && plain_owner {
            if let Ok(name) = asm.string(row.name) {
                out.entry(name.to_string()).or_default().push(m);
            }
        }
    }
    out
}

impl Discovery<'_> {
    /// Every closed instantiation of an input generic class or value type
    /// inside `t`.
    fn scan_type(&mut self, t: &TypeSig) {
        match t {
            TypeSig::GenericInst { generic, args, .. } => {
                for a in args {
                    self.scan_type(a);
                }
                // Classes and value types alike (a value type's exact
                // code takes a managed pointer as `this`, no context).
                if let TypeDefOrRef::TypeDef(def) = generic {
                    if !t.has_generic_params() {
                        self.class_instantiation(*def, args);
                    }
                }
            }
            TypeSig::SzArray(e)
            | TypeSig::Ptr(e)
            | TypeSig::ByRef(e)
            | TypeSig::Pinned(e)
            | TypeSig::Array(e, _) => self.scan_type(e),
            TypeSig::Modified { inner, .. } => self.scan_type(inner),
            _ => {}
        }
    }

    /// The non-generic methods with IL of `def<args>`.
    fn class_instantiation(&mut self, def: TypeDefHandle, args: &[TypeSig]) {
        if self.found.len() >= MAX_INSTANTIATIONS || !self.type_seen.insert((def.0, args.to_vec()))
        {
            return;
        }
        let asm = self.types.input();
        let Ok(methods) = asm.type_methods(def) else {
            return;
        };
        for m in methods {
            let generic = asm
                .method_def_sig(m)
                .map_or(true, |s| s.generic_param_count > 0);
            if !generic {
                self.method(
                    m,
                    Instantiation {
                        class_args: args.to_vec(),
                        method_args: Vec::new(),
                    },
                );
            }
        }
    }

    /// The instantiation MethodSpec `h` names, read in the context `ctx`.
    fn method_spec(&mut self, h: MethodSpecHandle, ctx: &Instantiation) {
        let asm = self.types.input();
        let (Ok(row), Ok(margs)) = (asm.row::<MethodSpecRow>(h), asm.method_spec_sig(h)) else {
            return;
        };
        let margs: Vec<TypeSig> = margs.iter().map(|t| ctx.apply(t)).collect();
        if margs.iter().any(TypeSig::has_generic_params) {
            return;
        }
        for a in &margs {
            self.scan_type(a);
        }
        match row.method {
            Some(MethodDefOrRef::MethodDef(m)) => {
                let generic_owner = asm
                    .method_owner(m)
                    .is_none_or(|t| !asm.generic_params(TypeOrMethodDef::TypeDef(t)).is_empty());
                if !generic_owner {
                    self.overrides(m, &margs);
                    self.method(
                        m,
                        Instantiation {
                            class_args: Vec::new(),
                            method_args: margs,
                        },
                    );
                }
            }
            Some(MethodDefOrRef::MemberRef(r)) => {
                let Some(m) = self.input_method(r) else {
                    return;
                };
                self.overrides(m, &margs);
                let class_args = match asm.member_ref(r).ok().and_then(|row| row.class) {
                    Some(MemberRefParent::TypeDef(_)) => Vec::new(),
                    Some(MemberRefParent::TypeSpec(ts)) => match asm.type_spec_sig(ts) {
                        Ok(TypeSig::GenericInst {
                            generic: TypeDefOrRef::TypeDef(_),
                            args,
                            ..
                        }) => args.iter().map(|t| ctx.apply(t)).collect(),
                        _ => return,
                    },
                    _ => return,
                };
                if class_args.iter().any(TypeSig::has_generic_params) {
                    return;
                }
                self.method(
                    m,
                    Instantiation {
                        class_args,
                        method_args: margs,
                    },
                );
            }
            None => {}
        }
    }

    /// A call of generic virtual method `m` instantiated by `margs` may
    /// dispatch to any override of it (crossgen2 compiles the
    /// implementations a generic virtual call can reach): every generic
    /// virtual method of the input with `m`'s name and arity, on a
    /// non-generic class, with the same instantiation. (A candidate that
    /// overrides nothing only costs code the runtime never looks up.)
    fn overrides(&mut self, m: MethodDefHandle, margs: &[TypeSig]) {
        let asm = self.types.input();
        let virtual_method = asm
            .method_def(m)
            .is_ok_and(|row| row.flags & MD_VIRTUAL != 0);
        let Some(name) = asm
            .method_def(m)
            .ok()
            .and_then(|row| asm.string(row.name).ok())
        else {
            return;
        };
        if !virtual_method {
            return;
        }
        let candidates = self.virtual_generic.get(name).cloned().unwrap_or_default();
        for d in candidates {
            let arity = asm
                .method_def_sig(d)
                .map_or(0, |s| s.generic_param_count as usize);
            if d != m && arity == margs.len() {
                self.method(
                    d,
                    Instantiation {
                        class_args: Vec::new(),
                        method_args: margs.to_vec(),
                    },
                );
            }
        }
    }

    /// The input MethodDef MemberRef `r` resolves to.
    fn input_method(&self, r: MemberRefHandle) -> Option<MethodDefHandle> {
        let id = self.types.input_id();
        match self.types.set().resolve_member_ref(id, r) {
            Ok(MemberDef::Method(d)) if d.asm == id => Some(d.def),
            _ => None,
        }
    }

    /// Records instantiation `inst` of `m` (once), queueing its body for
    /// scanning when the image may contain it.
    fn method(&mut self, m: MethodDefHandle, inst: Instantiation) {
        if self.found.len() >= MAX_INSTANTIATIONS {
            return;
        }
        let types = self.types;
        let asm = types.input();
        if !matches!(crate::pipeline::no_il_reason(asm, m), Ok(None)) {
            return;
        }
        let Some(owner) = asm.method_owner(m) else {
            return;
        };
        let class_params = asm.generic_params(TypeOrMethodDef::TypeDef(owner));
        let method_params = asm.generic_params(TypeOrMethodDef::MethodDef(m));
        if class_params.len() != inst.class_args.len()
            || method_params.len() != inst.method_args.len()
        {
            return;
        }
        // Only unshared code: every argument a value type.
        let unshared = |a: &TypeSig| value_type_arg(types, a).is_some();
        if !inst
            .class_args
            .iter()
            .chain(&inst.method_args)
            .all(unshared)
        {
            return;
        }
        let key = instance_key(asm, m, owner, types.is_value_type_def(owner), &inst);
        let Ok(name) = crate::names::exact_method_name(types, m, &inst) else {
            return;
        };
        let id = (
            m.0,
            key.as_ref()
                .map_or_else(|_| name.clone().into_bytes(), |k| k.signature.clone()),
        );
        if self.found.contains_key(&id) {
            return;
        }
        let outside_bubble = outside_bubble(types, owner, &class_params, &inst.class_args)
            .or_else(|| outside_bubble(types, owner, &method_params, &inst.method_args));
        if outside_bubble.is_none() {
            self.queue.push_back(id.clone());
        }
        self.found.insert(
            id,
            ExactMethod {
                method: m,
                inst,
                key,
                name,
                outside_bubble,
            },
        );
    }

    /// The instantiations the IL of `m` names under `inst`.
    fn scan_body(&mut self, m: MethodDefHandle, inst: &Instantiation) {
        let asm = self.types.input();
        let Ok(Some(body)) = asm.method_body(m) else {
            return;
        };
        for insn in IlDecoder::new(body.code) {
            let Ok(insn) = insn else { return };
            let Operand::Token(tok) = insn.operand else {
                continue;
            };
            self.scan_token(tok, inst);
        }
    }

    fn scan_token(&mut self, tok: Token, inst: &Instantiation) {
        let asm = self.types.input();
        if tok.rid() == 0 {
            return;
        }
        match tok.table() {
            Some(TableId::TypeSpec) => {
                if let Ok(t) = asm.type_spec_sig(TypeSpecHandle(tok.rid())) {
                    self.scan_type(&inst.apply(&t));
                }
            }
            Some(TableId::MemberRef) => {
                let r = MemberRefHandle(tok.rid());
                if let Ok(Some(MemberRefParent::TypeSpec(ts))) =
                    asm.member_ref(r).map(|row| row.class)
                {
                    if let Ok(t) = asm.type_spec_sig(ts) {
                        self.scan_type(&inst.apply(&t));
                    }
                }
            }
            Some(TableId::MethodSpec) => self.method_spec(MethodSpecHandle(tok.rid()), inst),
            _ => {}
        }
    }
}

/// Whether `a` is a type argument whose instantiation gets unshared code
/// kiln may compile: a primitive, or a non-generic value type (enums
/// included) defined in the input; its R2R type signature if so.
fn value_type_arg(types: &TypeContext, a: &TypeSig) -> Option<R2rSig> {
    match a {
        TypeSig::Primitive(_) => r2r_type(a),
        TypeSig::ValueType(TypeDefOrRef::TypeDef(t)) => {
            let asm = types.input();
            let generic = !asm.generic_params(TypeOrMethodDef::TypeDef(*t)).is_empty();
            (types.is_value_type_def(*t) == Some(true) && !generic).then(|| r2r_type(a))?
        }
        _ => None,
    }
}

/// crossgen2's rule (module doc) for the arguments `args` of the generic
/// parameters `params` of `owner` or of one of its methods: why the
/// instantiation does not version with the input, or `None` when it does.
fn outside_bubble(
    types: &TypeContext,
    owner: TypeDefHandle,
    params: &[kiln_metadata::tables::GenericParamHandle],
    args: &[TypeSig],
) -> Option<&'static str> {
    let asm = types.input();
    match asm.type_def(owner) {
        Ok(row) if row.flags & TD_INTERFACE != 0 => {
            return Some("method of a generic interface (default interface method)")
        }
        Ok(_) => {}
        Err(_) => return Some("owner type unreadable"),
    }
    if types.is_value_type_def(owner).is_none() {
        return Some("owner type cannot be resolved");
    }
    for (p, a) in params.iter().zip(args) {
        if !matches!(a, TypeSig::Primitive(_)) {
            // A value type of the input versions with it.
            continue;
        }
        let Ok(row) = asm.row::<GenericParamRow>(*p) else {
            return Some("generic parameter unreadable");
        };
        if row.flags & GP_REFERENCE_TYPE_CONSTRAINT != 0
            || !asm.generic_param_constraints(*p).is_empty()
        {
            return Some(
                "instantiation over a primitive whose type parameter is constrained: it versions with System.Private.CoreLib, outside the version bubble (crossgen2 ComputeInstantiationVersionsWithCode; see --inputbubble)",
            );
        }
    }
    None
}

/// The InstanceMethodEntryPoints key of `m` (owner `owner`) instantiated
/// by `inst`.
fn instance_key(
    asm: &kiln_metadata::Assembly,
    m: MethodDefHandle,
    owner: TypeDefHandle,
    value_type: Option<bool>,
    inst: &Instantiation,
) -> Result<InstanceKey, String> {
    // A value type's instantiation is `GENERICINST VALUETYPE`, as crossgen2
    // spells it.
    let value_type = value_type.ok_or("owner type cannot be resolved")?;
    let spell = |args: &[TypeSig]| {
        args.iter()
            .map(r2r_type)
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| "type argument kiln cannot spell".to_string())
    };
    let owner = if inst.class_args.is_empty() {
        None
    } else {
        let def = TypeToken::Def(owner.0);
        Some(R2rSig::GenericInst {
            value_type,
            def: Box::new(if value_type {
                R2rSig::ValueType(def)
            } else {
                R2rSig::Class(def)
            }),
            args: spell(&inst.class_args)?,
        })
    };
    let instantiation = if inst.method_args.is_empty() {
        None
    } else {
        Some(spell(&inst.method_args)?)
    };
    let sig = R2rMethodSig {
        owner,
        instantiation,
        ..R2rMethodSig::def(m.0)
    };
    let hash = kiln_writer::read::hashes::method_sig_hash(asm, &sig).ok_or_else(|| {
        format!(
            "no version-resilient hash for method {:#010x}",
            0x0600_0000 | m.0
        )
    })?;
    let mut signature = Vec::new();
    sig.encode(&mut signature);
    Ok(InstanceKey { signature, hash })
}
