//! Method names in the format the .NET 8 JIT prints them in its method
//! summary (`DOTNET_JitDisasmSummary`), so report entries can be matched to
//! JIT-log lines.
//!
//! Format (JIT `Compiler::eePrintMethod` with return type and `this` left
//! out, src/coreclr/jit/eeinterface.cpp, release/8.0; checked against the
//! 8.0.4 runtime's log): `Namespace.Type+Nested:Method(params)`. Parameters
//! print as the JIT's precise var types — `bool ubyte byte short ushort int
//! uint long ulong float double`, `char` as `ushort`, `native int` as `long`,
//! pointers and `native uint` as `ulong`, managed pointers as `byref` — and
//! classes, value types and arrays by their full name (`System.String[]`,
//! `int[,]`, ``System.Collections.Generic.List`1[int]``). Enums — of the
//! compiled assembly or of its references — print as their underlying
//! primitive, as the JIT sees them. Generic parameters of uninstantiated definitions print by
//! name; the JIT prints concrete instantiations instead, so such names do
//! not match log lines (kiln does not compile them either).

use crate::types::TypeContext;
use kiln_metadata::sig::{Primitive, TypeSig};
use kiln_metadata::tables::{
    MethodDefHandle, ResolutionScope, TypeDefHandle, TypeDefOrRef, TypeOrMethodDef, TypeRefHandle,
};
use kiln_metadata::{Assembly, Result};

/// The JIT-log name of MethodDef `method`, e.g. `P:Main()` or
/// `N.Outer+Inner:Work(int,System.String)`.
///
/// # Errors
/// Malformed metadata.
pub fn method_name(types: &TypeContext, method: MethodDefHandle) -> Result<String> {
    name_of(types, method, false, None)
}

/// The JIT-log name of the exact instantiation `inst` of MethodDef
/// `method`: the owner's and the method's type arguments in brackets, the
/// parameters instantiated, e.g. ``Cell`1[int]:Push(int)``,
/// ``Util:Pick[double](bool,double,double)``.
///
/// # Errors
/// Malformed metadata.
pub fn exact_method_name(
    types: &TypeContext,
    method: MethodDefHandle,
    inst: &kiln_lower::Instantiation,
) -> Result<String> {
    name_of(types, method, false, Some(inst))
}

/// The JIT-log name of the canonical instantiation of MethodDef `method` (a
/// method of a generic class or a generic method): every type parameter of
/// the owner and of the method printed as `System.__Canon`, e.g.
/// ``Box`1[System.__Canon]:Set(System.__Canon)``,
/// ``Util:Pick[System.__Canon](System.__Canon)``.
///
/// # Errors
/// Malformed metadata.
pub fn canonical_method_name(types: &TypeContext, method: MethodDefHandle) -> Result<String> {
    name_of(types, method, true, None)
}

fn name_of(
    types: &TypeContext,
    method: MethodDefHandle,
    canon: bool,
    exact: Option<&kiln_lower::Instantiation>,
) -> Result<String> {
    const CANON: &str = "System.__Canon";
    let asm = types.input();
    let row = asm.method_def(method)?;
    let sig = asm.method_def_sig(method)?;
    let owner = asm.method_owner(method);
    let mut out = String::new();
    let plain = Context {
        asm,
        types,
        type_params: None,
        method_params: Vec::new(),
    };
    let args = |list: &[TypeSig], out: &mut String| -> Result<()> {
        out.push('[');
        for (i, a) in list.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            // The JIT prints an enum argument as its underlying type.
            plain.param(a, out)?;
        }
        out.push(']');
        Ok(())
    };
    if let Some(t) = owner {
        let n = asm.generic_params(TypeOrMethodDef::TypeDef(t)).len();
        if let (Some(inst), true) = (exact, n > 0) {
            bare_type_def_name(asm, t, &mut out)?;
            args(&inst.class_args, &mut out)?;
        } else if canon && n > 0 {
            bare_type_def_name(asm, t, &mut out)?;
            out.push('[');
            out.push_str(&vec![CANON; n].join(","));
            out.push(']');
        } else {
            type_def_name(asm, t, &mut out)?;
        }
        out.push(':');
    }
    out.push_str(asm.string(row.name)?);
    if let (Some(inst), true) = (exact, sig.generic_param_count > 0) {
        args(&inst.method_args, &mut out)?;
    } else if sig.generic_param_count > 0 {
        out.push('[');
        for (i, p) in asm
            .generic_params(TypeOrMethodDef::MethodDef(method))
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            if canon {
                out.push_str(CANON);
            } else {
                out.push_str(
                    asm.string(asm.row::<kiln_metadata::tables::GenericParamRow>(p)?.name)?,
                );
            }
        }
        out.push(']');
    }
    out.push('(');
    let ctx = Context {
        asm,
        types,
        type_params: owner.map(|t| {
            let names = generic_param_names(asm, TypeOrMethodDef::TypeDef(t));
            if canon {
                vec![CANON.to_string(); names.len()]
            } else {
                names
            }
        }),
        method_params: {
            let names = generic_param_names(asm, TypeOrMethodDef::MethodDef(method));
            if canon {
                vec![CANON.to_string(); names.len()]
            } else {
                names
            }
        },
    };
    for (i, p) in sig.params.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match exact {
            Some(inst) => ctx.param(&inst.apply(p), &mut out)?,
            None => ctx.param(p, &mut out)?,
        }
    }
    out.push(')');
    Ok(out)
}

fn generic_param_names(asm: &Assembly, owner: TypeOrMethodDef) -> Vec<String> {
    asm.generic_params(owner)
        .into_iter()
        .map(|p| {
            asm.row::<kiln_metadata::tables::GenericParamRow>(p)
                .and_then(|r| asm.string(r.name).map(str::to_owned))
                .unwrap_or_else(|_| "?".into())
        })
        .collect()
}

struct Context<'a> {
    asm: &'a Assembly,
    types: &'a TypeContext,
    type_params: Option<Vec<String>>,
    method_params: Vec<String>,
}

fn primitive_name(p: Primitive) -> &'static str {
    match p {
        Primitive::Boolean => "bool",
        Primitive::Char => "ushort",
        Primitive::I1 => "byte",
        Primitive::U1 => "ubyte",
        Primitive::I2 => "short",
        Primitive::U2 => "ushort",
        Primitive::I4 => "int",
        Primitive::U4 => "uint",
        Primitive::I8 | Primitive::I => "long",
        Primitive::U8 | Primitive::U => "ulong",
        Primitive::R4 => "float",
        Primitive::R8 => "double",
    }
}

impl Context<'_> {
    /// A parameter as the JIT names its type.
    fn param(&self, t: &TypeSig, out: &mut String) -> Result<()> {
        match t {
            TypeSig::Primitive(p) => out.push_str(primitive_name(*p)),
            TypeSig::Ptr(_) | TypeSig::FnPtr(_) => out.push_str("ulong"),
            TypeSig::ByRef(_) => out.push_str("byref"),
            TypeSig::Modified { inner, .. } | TypeSig::Pinned(inner) => self.param(inner, out)?,
            TypeSig::ValueType(r) => match self.types.enum_underlying(r) {
                Some(p) => out.push_str(primitive_name(p)),
                None => self.class(t, out)?,
            },
            _ => self.class(t, out)?,
        }
        Ok(())
    }

    /// A type as a class name (array elements, generic arguments, classes).
    fn class(&self, t: &TypeSig, out: &mut String) -> Result<()> {
        match t {
            TypeSig::Void => out.push_str("void"),
            TypeSig::Primitive(p) => out.push_str(primitive_name(*p)),
            TypeSig::String => out.push_str("System.String"),
            TypeSig::Object => out.push_str("System.Object"),
            TypeSig::TypedByRef => out.push_str("System.TypedReference"),
            TypeSig::ValueType(r) | TypeSig::Class(r) => self.type_ref_or_def(r, out)?,
            TypeSig::Var(n) => out.push_str(self.param_name(self.type_params.as_deref(), *n)),
            TypeSig::MVar(n) => out.push_str(self.param_name(Some(&self.method_params), *n)),
            TypeSig::Ptr(inner) => {
                self.class(inner, out)?;
                out.push('*');
            }
            TypeSig::ByRef(inner) => {
                self.class(inner, out)?;
                out.push('&');
            }
            TypeSig::SzArray(inner) => {
                self.class(inner, out)?;
                out.push_str("[]");
            }
            TypeSig::Array(inner, shape) => {
                self.class(inner, out)?;
                out.push('[');
                for _ in 1..shape.rank.max(1) {
                    out.push(',');
                }
                out.push(']');
            }
            TypeSig::GenericInst { generic, args, .. } => {
                // The definition's name without its parameters: the
                // arguments follow.
                match generic {
                    TypeDefOrRef::TypeDef(h) => bare_type_def_name(self.asm, *h, out)?,
                    other => self.type_ref_or_def(other, out)?,
                }
                out.push('[');
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    self.class(a, out)?;
                }
                out.push(']');
            }
            TypeSig::FnPtr(_) => out.push_str("ulong"),
            TypeSig::Modified { inner, .. } | TypeSig::Pinned(inner) => self.class(inner, out)?,
        }
        Ok(())
    }

    fn param_name<'s>(&'s self, names: Option<&'s [String]>, n: u32) -> &'s str {
        names
            .and_then(|v| v.get(n as usize))
            .map_or("?", String::as_str)
    }

    fn type_ref_or_def(&self, r: &TypeDefOrRef, out: &mut String) -> Result<()> {
        match r {
            TypeDefOrRef::TypeDef(h) => type_def_name(self.asm, *h, out),
            TypeDefOrRef::TypeRef(h) => type_ref_name(self.asm, *h, out),
            TypeDefOrRef::TypeSpec(h) => {
                let t = self.asm.type_spec_sig(*h)?;
                self.class(&t, out)
            }
        }
    }
}

/// `Namespace.Outer+Inner` of a TypeDef (generic definitions print their
/// parameters by name in brackets).
fn type_def_name(asm: &Assembly, h: TypeDefHandle, out: &mut String) -> Result<()> {
    def_name(asm, h, out, true)
}

/// `Namespace.Outer+Inner` of a TypeDef without generic parameters (the
/// JIT prints an instantiation's arguments once, after the innermost type:
/// ``Box`1+Nest`1[System.__Canon,System.__Canon]``).
fn bare_type_def_name(asm: &Assembly, h: TypeDefHandle, out: &mut String) -> Result<()> {
    def_name(asm, h, out, false)
}

fn def_name(asm: &Assembly, h: TypeDefHandle, out: &mut String, params: bool) -> Result<()> {
    let (ns, name) = asm.type_def_name(h)?;
    match asm.enclosing_type(h).filter(|e| *e != h) {
        Some(outer) => {
            def_name(asm, outer, out, params)?;
            out.push('+');
        }
        None if !ns.is_empty() => {
            out.push_str(ns);
            out.push('.');
        }
        None => {}
    }
    out.push_str(name);
    let names = generic_param_names(asm, TypeOrMethodDef::TypeDef(h));
    if params && !names.is_empty() {
        out.push('[');
        out.push_str(&names.join(","));
        out.push(']');
    }
    Ok(())
}

/// `Namespace.Outer+Inner` of a TypeRef.
fn type_ref_name(asm: &Assembly, h: TypeRefHandle, out: &mut String) -> Result<()> {
    let row = asm.type_ref(h)?;
    let (ns, name) = (asm.string(row.namespace)?, asm.string(row.name)?);
    match row.resolution_scope {
        Some(ResolutionScope::TypeRef(outer)) => {
            type_ref_name(asm, outer, out)?;
            out.push('+');
        }
        _ if !ns.is_empty() => {
            out.push_str(ns);
            out.push('.');
        }
        _ => {}
    }
    out.push_str(name);
    Ok(())
}
