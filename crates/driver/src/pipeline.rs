//! One method through the pipeline: metadata checks, IL → IR (kiln-lower),
//! IR → machine-code stencil (the x64 backend).
//!
//! A method is compiled whole or skipped with the stage and reason; a
//! skipped method keeps its IL and the runtime JIT-compiles it. Nothing
//! here produces code the backend did not produce.
//!
//! Last line of defence: lowering and code generation run under
//! [`std::panic::catch_unwind`] ([`isolated`]), so a bug that panics on one
//! method skips that method with [`Stage::Internal`] ("internal error: …
//! (please report)") instead of aborting the whole build.

use kiln_metadata::tables::{MethodDefHandle, TypeOrMethodDef};
use kiln_metadata::Assembly;
use kiln_metadata::Handle;
use kiln_runtime_abi::stencil::MethodStencil;

use crate::report::Skip;
use crate::types::TypeContext;
use crate::CompileOptions;
use kiln_lower::MetadataEnv;

/// `MethodAttributes` / `MethodImplAttributes` bits (ECMA-335 II.23.1.10,
/// II.23.1.11).
const MD_ABSTRACT: u16 = 0x0400;
const MD_PINVOKE_IMPL: u16 = 0x2000;
const MI_CODE_TYPE_MASK: u16 = 0x0003;
const MI_INTERNAL_CALL: u16 = 0x1000;

/// Why MethodDef `h` has no IL body to compile, or `None` if it has one.
///
/// # Errors
/// Malformed metadata.
pub(crate) fn no_il_reason(
    asm: &Assembly,
    h: MethodDefHandle,
) -> kiln_metadata::Result<Option<&'static str>> {
    let row = asm.method_def(h)?;
    Ok(if row.flags & MD_ABSTRACT != 0 {
        Some("abstract method")
    } else if row.flags & MD_PINVOKE_IMPL != 0 {
        Some("P/Invoke method")
    } else if row.impl_flags & MI_INTERNAL_CALL != 0 {
        Some("internal call")
    } else if row.impl_flags & MI_CODE_TYPE_MASK != 0 {
        Some("native or runtime-provided implementation")
    } else if row.rva == 0 {
        Some("no method body")
    } else if is_jit_intrinsic(asm, h) {
        Some("JIT intrinsic: its IL body is only the fallback for the JIT's own expansion")
    } else {
        None
    })
}

/// True for a method the JIT may expand itself: marked `[Intrinsic]`, or
/// declared in a type (or a type nested in one) marked `[Intrinsic]`, as the
/// hardware-intrinsic classes are (`Sse2.Add`'s IL body calls itself and only
/// the JIT's expansion gives it meaning; the runtime's
/// `MethodDesc::IsIntrinsic` and the JIT's `lookupNamedIntrinsic`). Its body
/// is never compiled from IL.
fn is_jit_intrinsic(asm: &Assembly, h: MethodDefHandle) -> bool {
    if asm.is_intrinsic(h.token()) {
        return true;
    }
    let mut owner = asm.method_owner(h);
    for _ in 0..64 {
        let Some(t) = owner else { return false };
        if asm.is_intrinsic(t.token()) {
            return true;
        }
        owner = asm.enclosing_type(t);
    }
    false
}

/// How the code of a method of a generic type, or of a generic method, is
/// found by the runtime: never through MethodDefEntryPoints but per
/// instantiation (InstanceMethodEntryPoints). kiln compiles, as crossgen2's
/// `ReadyToRunLibraryRootProvider` roots for every generic type of a
/// library, the canonical instantiation over `__Canon` — when no type
/// parameter is constrained to value types (`GetInstantiationThatMeetsConstraints`,
/// src/coreclr/tools/aot/ILCompiler.ReadyToRun/Compiler/ReadyToRunLibraryRootProvider.cs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Genericity {
    /// Neither generic nor a member of a generic type.
    None,
    /// A method of a generic class, or a generic method of a class, whose
    /// canonical instantiation kiln compiles: instance methods of generic
    /// classes find their exact type in `this`; static methods of generic
    /// classes and generic methods take it as the hidden generic-context
    /// argument (`MetadataEnv::canonical`).
    Canonical,
    /// Generic, and not compiled for the stated reason.
    Refused(&'static str),
}

/// `GenericParamAttributes.NotNullableValueTypeConstraint` (ECMA-335 II.23.1.7).
const GP_VALUE_TYPE_CONSTRAINT: u16 = 0x0008;
/// `TypeAttributes.Interface` (ECMA-335 II.23.1.15).
const TD_INTERFACE: u32 = 0x0020;

/// Classifies MethodDef `h` (see [`Genericity`]).
///
/// # Errors
/// Malformed metadata.
pub(crate) fn genericity(
    types: &TypeContext,
    h: MethodDefHandle,
) -> kiln_metadata::Result<Genericity> {
    let asm = types.input();
    let generic_method = asm.method_def_sig(h)?.generic_param_count > 0;
    if generic_method && value_type_constrained(asm, TypeOrMethodDef::MethodDef(h))? {
        return Ok(Genericity::Refused(
            "generic method whose parameter is constrained to value types: no shared instantiation, and exact instantiations are not compiled yet",
        ));
    }
    let Some(owner) = asm.method_owner(h) else {
        return Ok(if generic_method {
            Genericity::Canonical
        } else {
            Genericity::None
        });
    };
    let params = asm.generic_params(TypeOrMethodDef::TypeDef(owner));
    if params.is_empty() {
        let mut outer = asm.enclosing_type(owner).filter(|e| *e != owner);
        while let Some(t) = outer {
            if !asm.generic_params(TypeOrMethodDef::TypeDef(t)).is_empty() {
                return Ok(Genericity::Refused(
                    "method of a non-generic type nested in a generic type",
                ));
            }
            outer = asm.enclosing_type(t).filter(|e| *e != t);
        }
        if !generic_method {
            return Ok(Genericity::None);
        }
    } else if value_type_constrained(asm, TypeOrMethodDef::TypeDef(owner))? {
        return Ok(Genericity::Refused(
            "method of a generic type whose parameter is constrained to value types: no shared instantiation, and exact instantiations are not compiled yet",
        ));
    }
    if asm.type_def(owner)?.flags & TD_INTERFACE != 0 {
        return Ok(Genericity::Refused(if params.is_empty() {
            "generic method of an interface (default interface method)"
        } else {
            "method of a generic interface (default interface method)"
        }));
    }
    // Value types too: their shared code takes a byref `this` and the
    // exact MethodTable (or, for a generic method, the MethodDesc) as the
    // hidden argument (`MetadataEnv::canonical`).
    if types.is_value_type_def(owner).is_none() {
        return Ok(Genericity::Refused(
            "method of a generic type that cannot be resolved",
        ));
    }
    Ok(Genericity::Canonical)
}

/// Whether a generic parameter of `owner` carries the `struct` constraint
/// (no instantiation over `__Canon` exists).
fn value_type_constrained(asm: &Assembly, owner: TypeOrMethodDef) -> kiln_metadata::Result<bool> {
    for p in asm.generic_params(owner) {
        let row: kiln_metadata::tables::GenericParamRow = asm.row(p)?;
        if row.flags & GP_VALUE_TYPE_CONSTRAINT != 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// The reason the MethodDef entry of a method of a generic type gives: its
/// code is per instantiation, compiled (if at all) as the canonical one.
pub const PER_INSTANTIATION: &str = "method of a generic type: code is per instantiation (the canonical __Canon one is listed under instantiations; others are left to the runtime)";

/// IL → IR for MethodDef `h` of `asm`.
pub(crate) fn lower_method(
    types: &TypeContext,
    h: MethodDefHandle,
) -> Result<kiln_ir::Function, Skip> {
    lower(types, h, false)
}

/// IL → IR for the canonical (`__Canon`) instantiation of MethodDef `h`,
/// an instance method of a generic class ([`Genericity::Canonical`]).
pub(crate) fn lower_canonical(
    types: &TypeContext,
    h: MethodDefHandle,
) -> Result<kiln_ir::Function, Skip> {
    lower(types, h, true)
}

/// IL → IR for the exact instantiation `inst` of MethodDef `h`
/// (`crate::exact`): unshared code with every type parameter substituted.
pub(crate) fn lower_exact(
    types: &TypeContext,
    h: MethodDefHandle,
    inst: &kiln_lower::Instantiation,
) -> Result<kiln_ir::Function, Skip> {
    let asm = types.input();
    let metadata = |e: kiln_metadata::MetadataError| Skip::metadata(e.to_string());
    if let Some(reason) = no_il_reason(asm, h).map_err(metadata)? {
        return Err(Skip::no_il(reason));
    }
    isolated("lowering", || {
        let env = MetadataEnv::exact(types.set(), types.input_id(), h, inst);
        if let Some(reason) = env.exact_clause_refusal().map_err(metadata)? {
            return Err(Skip::generic(reason));
        }
        kiln_lower::lower_method(&env).map_err(|e| Skip::lower(&e))
    })
}

fn lower(
    types: &TypeContext,
    h: MethodDefHandle,
    canonical: bool,
) -> Result<kiln_ir::Function, Skip> {
    let asm = types.input();
    let metadata = |e: kiln_metadata::MetadataError| Skip::metadata(e.to_string());
    if let Some(reason) = no_il_reason(asm, h).map_err(metadata)? {
        return Err(Skip::no_il(reason));
    }
    isolated("lowering", || {
        let env = if canonical {
            MetadataEnv::canonical(types.set(), types.input_id(), h)
        } else {
            match genericity(types, h).map_err(metadata)? {
                Genericity::None => {}
                Genericity::Canonical => return Err(Skip::generic(PER_INSTANTIATION)),
                Genericity::Refused(reason) => return Err(Skip::generic(reason)),
            }
            MetadataEnv::with_set(types.set(), types.input_id(), h)
        };
        kiln_lower::lower_method(&env).map_err(|e| Skip::lower(&e))
    })
}

/// Runs `f` (one method's `stage`), turning a panic into a
/// [`Stage::Internal`] skip. `f` only reads its inputs (no salsa queries
/// run inside), so nothing is left half-updated by the unwind.
pub(crate) fn isolated<T>(stage: &str, f: impl FnOnce() -> Result<T, Skip>) -> Result<T, Skip> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic without a message".into());
        // The first line is enough to recognise it; the panic hook already
        // printed the whole message and the location.
        let first = what.lines().next().unwrap_or_default();
        Err(Skip::internal(format!(
            "internal error in {stage}: {first} (please report)"
        )))
    })
}

/// IR → machine-code stencil by the session's backend (kiln-x64's for
/// linux-x64). Anything the backend declines — including its internal
/// errors, which are bugs — skips the method.
pub(crate) fn generate_code(
    ir: &kiln_ir::Function,
    options: &CompileOptions,
    backend: &dyn kiln_codegen::Backend,
) -> Result<MethodStencil, Skip> {
    let codegen = kiln_codegen::CodegenOptions {
        debug_bounds: options.debug_info,
        ..Default::default()
    };
    isolated("code generation", || {
        backend.compile(ir, &codegen).map_err(|e| Skip::codegen(&e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{SkipKind, Stage};

    #[test]
    fn a_panic_becomes_an_internal_skip() {
        let skip = isolated::<()>("lowering", || panic!("boom at {}", 3)).unwrap_err();
        assert_eq!(skip.stage, Stage::Internal);
        assert_eq!(skip.cause.kind, SkipKind::Internal);
        assert_eq!(
            skip.reason,
            "internal error in lowering: boom at 3 (please report)"
        );
        let skip = isolated::<()>("code generation", || std::panic::panic_any(7u8)).unwrap_err();
        assert!(skip.reason.contains("a panic without a message"), "{skip}");
        assert_eq!(isolated("x", || Ok(5)), Ok(5));
    }
}
