//! The `READYTORUN_FIXUP_Check_TypeLayout` records that let compiled code
//! bake in the layout of a value type whose layout is not fixed inside the
//! version bubble (a struct of another assembly, or one of the compiled
//! assembly embedding such a struct): the runtime compares the record with
//! the type it loaded and rejects the method — the JIT compiles it — if
//! they differ.
//!
//! Encoding (readytorun.h 9.1 `ReadyToRunTypeLayoutFlags`; crossgen2
//! `TypeFixupSignature.EncodeTypeLayout`, the runtime's check
//! `TypeLayoutCheck` in src/coreclr/vm/jitinterface.cpp): the fixup kind
//! `0x2A`, the type signature, then compressed `flags`, compressed `size`
//! (`MethodTable::GetNumInstanceFieldBytes`), the alignment unless it is
//! the pointer size (`Alignment_Native`), and the GC map — one bit per
//! pointer-sized slot, LSB first, `(size / 8 + 7) / 8` bytes — unless the
//! type holds no references (`GCLayout_Empty`). No HFA flag on x64
//! (`FEATURE_HFA` is ARM only).
//!
//! The alignment is the runtime's `getClassAlignmentRequirementStatic`:
//! the managed alignment of a type with layout that is managed-sequential
//! or blittable, the pointer size otherwise.
//!
//! What the record does not cover: the System V classification of the
//! fields (INTEGER or SSE eightbytes) — a dependency that turned an integer
//! field into a floating-point one of the same size would pass the check.
//! crossgen2's code for the same type has the same exposure; the format
//! has no flag for it.

use kiln_metadata::set::{AsmId, AssemblySet, ResolveResult, TypeDefId};
use kiln_metadata::sig::{Primitive, TypeSig};
use kiln_metadata::types::{FieldClass, LayoutKind, TypeKey, TypeLayout, TypeSystem};
use kiln_runtime_abi::sig::{TypeLayoutCheck, TypeSig as R2rSig, TypeToken as R2rToken};

use super::generic::element_type;

/// Pointer size: the "native" alignment and the GC map's slot size.
const PTR: u32 = 8;

/// The layout record of value type `key` as the runtime will check it, or
/// why kiln cannot state it (not a value type, byref-like).
///
/// # Errors
/// A type that does not resolve.
pub fn type_layout_record(
    ts: &TypeSystem<'_>,
    key: &TypeKey,
) -> ResolveResult<Result<TypeLayoutCheck, String>> {
    let l = ts.layout(key)?;
    if !l.is_value_type {
        return Ok(Err(format!("{} is not a value type", ts.display(key))));
    }
    if !l.byrefs.is_empty() {
        return Ok(Err(format!("byref-like value type {}", ts.display(key))));
    }
    let size = l.field_size;
    let alignment = runtime_alignment(ts, &l)?;
    let gc_layout = l.contains_gc_pointers.then(|| {
        let mut bits = vec![0u8; (size / PTR).div_ceil(8) as usize];
        for (i, set) in l.gc_slot_map().into_iter().enumerate() {
            if set {
                if let Some(b) = bits.get_mut(i / 8) {
                    *b |= 1 << (i % 8);
                }
            }
        }
        bits
    });
    Ok(Ok(TypeLayoutCheck {
        size,
        hfa: None,
        alignment: (alignment != PTR).then_some(alignment),
        alignment_native: alignment == PTR,
        gc_layout,
    }))
}

/// CoreCLR's `CEEInfo::getClassAlignmentRequirementStatic` for a value
/// type: with sequential or explicit layout (`HasLayout`) and managed-
/// sequential or blittable fields, the largest field alignment; otherwise
/// the pointer size.
fn runtime_alignment(ts: &TypeSystem<'_>, l: &TypeLayout) -> ResolveResult<u32> {
    if l.contains_gc_pointers || l.kind == LayoutKind::Auto {
        return Ok(PTR);
    }
    Ok(if fields_keep_alignment(ts, l, 0)? {
        l.field_alignment
    } else {
        PTR
    })
}

/// Whether every field of `l` is one the runtime's managed-sequential /
/// blittable rules accept: primitives, pointers and nested value types that
/// themselves qualify with the same layout kind. `bool` and `char` are not
/// blittable, so an explicit-layout type holding one does not qualify.
fn fields_keep_alignment(ts: &TypeSystem<'_>, l: &TypeLayout, depth: u32) -> ResolveResult<bool> {
    if depth > 8 {
        return Ok(false);
    }
    for f in &l.fields {
        match &f.class {
            FieldClass::GcRef | FieldClass::ByRef => return Ok(false),
            FieldClass::Scalar(_) => {
                if l.kind == LayoutKind::Explicit {
                    let sig = ts.set().get(f.field.asm).field_sig(f.field.def)?;
                    if matches!(
                        sig.strip_modifiers(),
                        TypeSig::Primitive(Primitive::Boolean | Primitive::Char)
                    ) {
                        return Ok(false);
                    }
                }
            }
            FieldClass::ValueType(k) => {
                let inner = ts.layout(k)?;
                let kind_ok = match l.kind {
                    LayoutKind::Sequential => {
                        matches!(inner.kind, LayoutKind::Sequential | LayoutKind::Primitive)
                    }
                    _ => inner.kind != LayoutKind::Auto,
                };
                if !kind_ok || !fields_keep_alignment(ts, &inner, depth + 1)? {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}

/// The exact R2R type signature of metadata type `t` (in the compiled
/// module's token context, no `!n`/`!!n`), or `None` for what it cannot
/// spell (generic parameters, function pointers, modifiers kept apart).
pub(super) fn exact_sig(t: &TypeSig) -> Option<R2rSig> {
    let token = |t: &kiln_metadata::tables::TypeDefOrRef| match t {
        kiln_metadata::tables::TypeDefOrRef::TypeDef(h) => R2rToken::Def(h.0),
        kiln_metadata::tables::TypeDefOrRef::TypeRef(h) => R2rToken::Ref(h.0),
        kiln_metadata::tables::TypeDefOrRef::TypeSpec(h) => R2rToken::Spec(h.0),
    };
    Some(match t.strip_modifiers() {
        TypeSig::Primitive(p) => R2rSig::Prim(element_type(*p)),
        TypeSig::String => R2rSig::Prim(0x0E),
        TypeSig::Object => R2rSig::Prim(0x1C),
        TypeSig::ValueType(v) => R2rSig::ValueType(token(v)),
        TypeSig::Class(c) => R2rSig::Class(token(c)),
        TypeSig::SzArray(e) => R2rSig::SzArray(Box::new(exact_sig(e)?)),
        TypeSig::GenericInst {
            is_value_type,
            generic,
            args,
        } => R2rSig::GenericInst {
            value_type: *is_value_type,
            def: Box::new(if *is_value_type {
                R2rSig::ValueType(token(generic))
            } else {
                R2rSig::Class(token(generic))
            }),
            args: args.iter().map(exact_sig).collect::<Option<_>>()?,
        },
        _ => return None,
    })
}

/// The fixup tail of a check: the type signature, then the record.
pub(super) fn ir_check(sig: &R2rSig, record: &TypeLayoutCheck) -> kiln_ir::TypeLayoutCheck {
    let full = kiln_runtime_abi::sig::fixup_check_type_layout(sig, record);
    let type_sig = sig.to_bytes();
    let layout = full
        .get(1 + type_sig.len()..)
        .map(<[u8]>::to_vec)
        .unwrap_or_default();
    kiln_ir::TypeLayoutCheck { type_sig, layout }
}

/// The checks a value type `d` of the compiled assembly `id` needs because
/// it embeds value types of other assemblies (directly or through its own
/// nested structs): one per such embedded type, named by the field
/// signature that mentions it. `Ok(Err(why))` when one cannot be stated (a
/// generic value type embedded, a type that does not spell).
pub(super) fn embedded_checks(
    set: &AssemblySet,
    ts: &TypeSystem<'_>,
    id: AsmId,
    d: TypeDefId,
    out: &mut Vec<kiln_ir::TypeLayoutCheck>,
    depth: u32,
) -> ResolveResult<Result<(), String>> {
    if depth > 16 {
        return Ok(Err("deeply nested value types".into()));
    }
    let a = set.get(d.asm);
    for f in a.type_fields(d.def)? {
        if a.field(f)?.flags & super::FIELD_STATIC != 0 {
            continue;
        }
        let sig = a.field_sig(f)?;
        let v = match sig.strip_modifiers() {
            TypeSig::ValueType(v) => *v,
            TypeSig::GenericInst {
                is_value_type: true,
                ..
            } => {
                // An instantiation: checked as a whole, whatever assembly
                // defines it.
                let Some(r2r) = exact_sig(&sig) else {
                    return Ok(Err(
                        "embeds a generic value type over type parameters".into()
                    ));
                };
                let key = ts.key_of(d.asm, &sig, &[], &[])?;
                let record = match type_layout_record(ts, &key)? {
                    Ok(r) => r,
                    Err(e) => return Ok(Err(e)),
                };
                let c = ir_check(&r2r, &record);
                if !out.contains(&c) {
                    out.push(c);
                }
                continue;
            }
            _ => continue,
        };
        let inner = set.resolve_type_def_or_ref(d.asm, v)?;
        if ts.primitive_of(inner).is_some() || ts.enum_underlying(inner)?.is_some() {
            continue;
        }
        if inner.asm == id {
            if let Err(e) = embedded_checks(set, ts, id, inner, out, depth + 1)? {
                return Ok(Err(e));
            }
            continue;
        }
        let Some(r2r) = exact_sig(&sig) else {
            return Ok(Err(format!("no signature for {}", set.type_name(inner))));
        };
        let record = match type_layout_record(ts, &TypeKey::Def(inner, Vec::new()))? {
            Ok(r) => r,
            Err(e) => return Ok(Err(e)),
        };
        let c = ir_check(&r2r, &record);
        if !out.contains(&c) {
            out.push(c);
        }
    }
    Ok(Ok(()))
}
