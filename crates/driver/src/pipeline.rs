//! One method through the pipeline: metadata checks, IL → IR (kiln-lower),
//! IR → machine-code stencil (the x64 backend).
//!
//! A method is compiled whole or skipped with the stage and reason; a
//! skipped method keeps its IL and the runtime JIT-compiles it. Nothing
//! here produces code the backend did not produce.

use kiln_metadata::tables::{MethodDefHandle, TypeOrMethodDef};
use kiln_metadata::Assembly;
use kiln_runtime_abi::stencil::MethodStencil;

use crate::report::{Skip, Stage};
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
) -> kiln_metadata::Result<Option<String>> {
    let row = asm.method_def(h)?;
    Ok(if row.flags & MD_ABSTRACT != 0 {
        Some("abstract method".into())
    } else if row.flags & MD_PINVOKE_IMPL != 0 {
        Some("P/Invoke method".into())
    } else if row.impl_flags & MI_INTERNAL_CALL != 0 {
        Some("internal call".into())
    } else if row.impl_flags & MI_CODE_TYPE_MASK != 0 {
        Some("native or runtime-provided implementation".into())
    } else if row.rva == 0 {
        Some("no method body".into())
    } else {
        None
    })
}

/// Why MethodDef `h` is not compiled as a definition: the runtime finds
/// code for generic methods and methods of generic types per instantiation
/// (InstanceMethodEntryPoints; the writer supports them) and never in
/// MethodDefEntryPoints; the driver does not choose instantiations yet.
fn generic_reason(
    asm: &Assembly,
    h: MethodDefHandle,
) -> kiln_metadata::Result<Option<&'static str>> {
    if asm.method_def_sig(h)?.generic_param_count > 0 {
        return Ok(Some(
            "generic method (InstanceMethodEntryPoints are not written yet)",
        ));
    }
    let mut owner = asm.method_owner(h);
    while let Some(t) = owner {
        if !asm.generic_params(TypeOrMethodDef::TypeDef(t)).is_empty() {
            return Ok(Some(
                "method of a generic type: instantiations are not compiled yet",
            ));
        }
        owner = asm.enclosing_type(t).filter(|e| *e != t);
    }
    Ok(None)
}

/// IL → IR for MethodDef `h` of `asm`.
pub(crate) fn lower_method(
    types: &TypeContext,
    h: MethodDefHandle,
) -> Result<kiln_ir::Function, Skip> {
    let asm = types.input();
    let metadata = |e: kiln_metadata::MetadataError| Skip::new(Stage::Metadata, e.to_string());
    if let Some(reason) = no_il_reason(asm, h).map_err(metadata)? {
        return Err(Skip::new(Stage::Metadata, reason));
    }
    if let Some(reason) = generic_reason(asm, h).map_err(metadata)? {
        return Err(Skip::new(Stage::Writer, reason));
    }
    let env = MetadataEnv::with_set(types.set(), types.input_id(), h);
    kiln_lower::lower_method(&env).map_err(|e| Skip::new(Stage::Lower, e.to_string()))
}

/// IR → machine-code stencil (kiln-x64). Anything the backend declines —
/// including its internal errors, which are bugs — skips the method.
pub(crate) fn generate_code(
    ir: &kiln_ir::Function,
    options: &CompileOptions,
) -> Result<MethodStencil, Skip> {
    let backend = kiln_x64::backend::BackendOptions {
        debug_bounds: options.debug_info,
        ..Default::default()
    };
    kiln_x64::backend::compile(ir, &backend).map_err(|e| Skip::new(Stage::Codegen, e.to_string()))
}
