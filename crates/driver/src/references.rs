//! The reference assemblies of a session, loaded once and checked: an
//! explicitly named reference that is not a readable CLI assembly is an
//! error; a non-CLI file found in a reference directory is left out with a
//! warning; two references defining the same assembly name get a warning
//! naming the one used (the first in path order, as
//! `kiln_metadata::set::AssemblySet::find_by_name` picks it).
//!
//! After a compile, [`unresolved_assemblies`] names each assembly the input
//! references that no reference provides, with the number of methods it
//! cost: skipped methods whose signature or IL names a type or member of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use kiln_metadata::il::{IlDecoder, Operand};
use kiln_metadata::sig::TypeSig;
use kiln_metadata::tables::{
    AssemblyRefHandle, AssemblyRefRow, MemberRefHandle, MemberRefParent, MemberRefRow,
    MethodDefHandle, ResolutionScope, TableId, TypeDefOrRef, TypeRefHandle,
};
use kiln_metadata::{Assembly, MetadataError};
use serde::{Deserialize, Serialize};

use crate::report::MethodReport;
use crate::types::TypeContext;
use crate::DriverError;

/// The loaded reference assemblies (compared by identity: loading again
/// makes a new value).
#[derive(Clone, Debug)]
pub struct LoadedReferences {
    /// The reference files, sorted, each parsed once.
    pub assemblies: Arc<[Assembly]>,
    /// What was wrong with the references but did not stop the session.
    pub warnings: Vec<String>,
}

impl PartialEq for LoadedReferences {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.assemblies, &other.assemblies)
    }
}
impl Eq for LoadedReferences {}

/// Parses every file of `paths` (expanded from `explicit`, the arguments as
/// given). A file named in `explicit` must be a CLI assembly.
///
/// # Errors
/// [`DriverError::Reference`] for an explicit reference that is not a
/// readable CLI assembly.
pub fn load(paths: &[PathBuf], explicit: &[PathBuf]) -> Result<LoadedReferences, DriverError> {
    let mut assemblies = Vec::new();
    let mut warnings = Vec::new();
    for p in paths {
        match Assembly::open(p) {
            Ok(a) => assemblies.push(a),
            Err(e) if explicit.contains(p) => {
                return Err(DriverError::Reference {
                    path: p.clone(),
                    detail: format!("not a readable assembly: {e}"),
                })
            }
            Err(MetadataError::NotCli) => {
                warnings.push(format!("{}: not a CLI assembly, left out", p.display()))
            }
            Err(e) => warnings.push(format!("{}: unreadable, left out: {e}", p.display())),
        }
    }
    warnings.extend(duplicate_names(&assemblies));
    Ok(LoadedReferences {
        assemblies: assemblies.into(),
        warnings,
    })
}

fn path_of(a: &Assembly) -> String {
    a.path()
        .map_or_else(|| "<memory>".into(), |p| p.display().to_string())
}

/// One warning per assembly name defined by several references.
fn duplicate_names(assemblies: &[Assembly]) -> Vec<String> {
    let mut by_name: BTreeMap<String, Vec<&Assembly>> = BTreeMap::new();
    for a in assemblies {
        if let Some(n) = a.name() {
            by_name.entry(n.to_ascii_lowercase()).or_default().push(a);
        }
    }
    by_name
        .into_values()
        .filter(|v| v.len() > 1)
        .map(|v| {
            let others: Vec<String> = v[1..].iter().map(|a| path_of(a)).collect();
            format!(
                "assembly {} is defined by several references: using {}, ignoring {}",
                v[0].name().unwrap_or("?"),
                path_of(v[0]),
                others.join(", ")
            )
        })
        .collect()
}

/// An assembly the input references that no reference provides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unresolved {
    /// Its simple name.
    pub assembly: String,
    /// Skipped methods that use it (in their signature or IL).
    pub methods: usize,
}

/// The input's AssemblyRefs that do not resolve, with the skipped methods
/// each cost, in AssemblyRef order.
pub fn unresolved_assemblies(types: &TypeContext, methods: &[MethodReport]) -> Vec<Unresolved> {
    let set = types.set();
    let asm = types.input();
    let missing: Vec<(AssemblyRefHandle, String)> = asm
        .handles::<AssemblyRefHandle>()
        .filter(|&h| set.resolve_assembly_ref(types.input_id(), h).is_err())
        .filter_map(|h| {
            let row: AssemblyRefRow = asm.row(h).ok()?;
            Some((h, asm.string(row.name).ok()?.to_owned()))
        })
        .collect();
    let mut cost = vec![0; missing.len()];
    if !missing.is_empty() {
        for m in methods {
            if !m.has_il || m.is_compiled() {
                continue;
            }
            let used = assemblies_used(asm, MethodDefHandle(m.token & 0x00FF_FFFF));
            for (i, (h, _)) in missing.iter().enumerate() {
                cost[i] += usize::from(used.contains(h));
            }
        }
    }
    missing
        .into_iter()
        .zip(cost)
        .map(|((_, assembly), methods)| Unresolved { assembly, methods })
        .collect()
}

/// The AssemblyRefs method `h` mentions: through the types of its
/// signature and the TypeRef/MemberRef tokens of its IL.
fn assemblies_used(asm: &Assembly, h: MethodDefHandle) -> Vec<AssemblyRefHandle> {
    let mut types = Vec::new();
    if let Ok(sig) = asm.method_def_sig(h) {
        for t in std::iter::once(&sig.ret).chain(&sig.params) {
            sig_type_refs(t, &mut types);
        }
    }
    if let Ok(Some(body)) = asm.method_body(h) {
        for insn in IlDecoder::new(body.code).flatten() {
            let Operand::Token(t) = insn.operand else {
                continue;
            };
            match t.table() {
                Some(TableId::TypeRef) => types.push(TypeRefHandle(t.0 & 0x00FF_FFFF)),
                Some(TableId::MemberRef) => {
                    if let Ok(MemberRefRow {
                        class: Some(MemberRefParent::TypeRef(r)),
                        ..
                    }) = asm.member_ref(MemberRefHandle(t.0 & 0x00FF_FFFF))
                    {
                        types.push(r);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out: Vec<AssemblyRefHandle> = types
        .into_iter()
        .filter_map(|t| type_ref_assembly(asm, t))
        .collect();
    out.sort_by_key(|h| h.0);
    out.dedup();
    out
}

/// The TypeRefs a signature type names (element types and generic
/// definitions included).
fn sig_type_refs(t: &TypeSig, out: &mut Vec<TypeRefHandle>) {
    match t {
        TypeSig::ValueType(TypeDefOrRef::TypeRef(r)) | TypeSig::Class(TypeDefOrRef::TypeRef(r)) => {
            out.push(*r)
        }
        TypeSig::Ptr(e) | TypeSig::ByRef(e) | TypeSig::SzArray(e) | TypeSig::Array(e, _) => {
            sig_type_refs(e, out)
        }
        TypeSig::GenericInst { generic, args, .. } => {
            if let TypeDefOrRef::TypeRef(r) = generic {
                out.push(*r);
            }
            for a in args {
                sig_type_refs(a, out);
            }
        }
        _ => {}
    }
}

/// The assembly a TypeRef's resolution scope names (through enclosing
/// TypeRefs, at most 16 deep).
fn type_ref_assembly(asm: &Assembly, mut t: TypeRefHandle) -> Option<AssemblyRefHandle> {
    for _ in 0..16 {
        match asm.type_ref(t).ok()?.resolution_scope? {
            ResolutionScope::AssemblyRef(a) => return Some(a),
            ResolutionScope::TypeRef(outer) => t = outer,
            _ => return None,
        }
    }
    None
}

/// The error for a session where neither the input nor a reference
/// defines `System.Object`.
pub(crate) fn no_core_library(input: &Path) -> DriverError {
    DriverError::Reference {
        path: input.to_path_buf(),
        detail: "no reference provides System.Object: pass the framework \
                 (e.g. -r <dotnet>/shared/Microsoft.NETCore.App/8.0.x)"
            .into(),
    }
}
