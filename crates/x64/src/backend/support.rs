//! The slice the backend compiles: every value an integer, float or GC
//! reference; every instruction one it lowers; calls to MethodDef/MemberRef
//! tokens with few enough arguments; stack slots of plain data; the helpers
//! the target runtime provides. Anything else is
//! [`BackendError::Unsupported`] with a typed reason, before any analysis.

use kiln_ir::{AnyEntity, Callee, Function, InstData, Type};
use kiln_runtime_abi::token::MetadataToken;

use super::analysis::MAX_CALL_ARGS;
use super::{unsupported, BackendError, BackendOptions, UnsupportedReason};

fn check_type(ty: Type, at: impl Into<AnyEntity>) -> Result<(), BackendError> {
    if ty.is_int() || ty.is_gc_ref() || ty.is_float() {
        Ok(())
    } else {
        Err(unsupported(UnsupportedReason::Type(ty), at))
    }
}

/// Whether the backend returns (and receives) these values: at most two,
/// each in its return register (`abi::return_locs`), and no reference
/// after a float — the GC info's return kind names the registers by
/// eightbyte order (`stencil::return_kind`), which for XMM0:RAX would
/// point the runtime at the wrong register.
fn returns_supported(returns: &[kiln_ir::AbiParam]) -> bool {
    match returns {
        [] | [_] => true,
        [a, b] => {
            crate::backend::abi::return_locs([a.ty, b.ty]).is_some()
                && !(a.ty.is_float() && b.ty.is_gc_ref())
        }
        _ => false,
    }
}

/// Rejects everything outside the slice the backend compiles.
pub(super) fn check_support(func: &Function, opts: &BackendOptions) -> Result<(), BackendError> {
    let sig = &func.signature;
    for p in sig.params.iter().chain(&sig.returns) {
        check_type(p.ty, AnyEntity::Function)?;
    }
    if !returns_supported(&sig.returns) {
        return Err(unsupported(
            UnsupportedReason::MultipleReturns,
            AnyEntity::Function,
        ));
    }
    for (ss, slot) in func.stack_slots.iter() {
        // GC references in a slot are reported as untracked frame slots:
        // each must be an aligned pointer-sized field inside it.
        let gc_ok = slot.layout.is_none_or(|l| {
            let l = &func.struct_types[l];
            l.refs
                .iter()
                .chain(&l.byrefs)
                .all(|&o| o % 8 == 0 && o + 8 <= slot.size)
        });
        if !gc_ok || slot.size > 1 << 20 || !slot.align.is_power_of_two() || slot.align > 16 {
            return Err(unsupported(UnsupportedReason::StackSlot, ss));
        }
    }
    for code in kiln_ir::TrapCode::ALL {
        let h = super::imports::trap_helper(code);
        if !opts.target.has_helper(h) {
            return Err(unsupported(
                UnsupportedReason::MissingHelper(h.raw()),
                AnyEntity::Function,
            ));
        }
    }
    for &block in func.layout.blocks() {
        for &v in func.dfg.block_params(block) {
            check_type(func.dfg.value_type(v), v)?;
        }
        for &inst in func.layout.block_insts(block) {
            let data = func.dfg.inst(inst);
            for &v in func.dfg.inst_results(inst) {
                check_type(func.dfg.value_type(v), v)?;
            }
            match data {
                // A byref into a slot is reported as an interior pointer
                // when live across a call (the GC ignores stack addresses);
                // the references inside the slot are reported on their own.
                InstData::StackAddr { slot, offset } if *offset > func.stack_slots[*slot].size => {
                    return Err(unsupported(UnsupportedReason::StackSlot, inst));
                }
                // Funclets address the parent frame through its PSPSym,
                // which sits at a fixed distance above RSP (`eh`).
                InstData::LocalAlloc { .. } if !func.eh_clauses.is_empty() => {
                    return Err(unsupported(
                        UnsupportedReason::ExceptionHandling("localloc in a method with clauses"),
                        inst,
                    ));
                }
                InstData::Binary { op, args } if op.can_trap() => {
                    let bits = func.dfg.value_type(args[0]).bits();
                    if bits.is_none_or(|b| b < 32) {
                        return Err(unsupported(
                            UnsupportedReason::NarrowOverflowArithmetic,
                            inst,
                        ));
                    }
                }
                InstData::Call { func: f, .. } => {
                    let ext = &func.ext_funcs[*f];
                    for p in ext.signature.params.iter().chain(&ext.signature.returns) {
                        check_type(p.ty, *f)?;
                    }
                    if ext.signature.params.len() > MAX_CALL_ARGS {
                        return Err(unsupported(
                            UnsupportedReason::TooManyArguments {
                                count: ext.signature.params.len(),
                            },
                            *f,
                        ));
                    }
                    if !returns_supported(&ext.signature.returns) {
                        return Err(unsupported(UnsupportedReason::MultipleReturns, *f));
                    }
                    if ext.dispatch.is_virtual()
                        && ext.signature.params.first().map(|p| p.ty) != Some(Type::Ref)
                    {
                        return Err(unsupported(
                            UnsupportedReason::Opcode("call (virtual without a ref receiver)"),
                            *f,
                        ));
                    }
                    // A MethodSpec callee, or one named only by a method
                    // signature, is named by its recorded method signature
                    // (direct calls only).
                    let (token, callee) = match ext.callee {
                        Callee::Token(token) => (
                            token,
                            MetadataToken::decode(token).and_then(MetadataToken::method),
                        ),
                        Callee::Signature(n) => (n, None),
                    };
                    let named = func.method_sig(token).is_some()
                        && ext.dispatch == kiln_ir::Dispatch::Direct;
                    if callee.is_none() && !named {
                        return Err(unsupported(UnsupportedReason::CalleeToken(token), *f));
                    }
                }
                InstData::FBinary {
                    op: kiln_ir::FBinaryOp::Frem,
                    args,
                } => {
                    let h = super::imports::rem_helper(func.dfg.value_type(args[0]));
                    if !opts.target.has_helper(h) {
                        return Err(unsupported(UnsupportedReason::MissingHelper(h.raw()), inst));
                    }
                }
                InstData::Monitor { enter, .. } => {
                    let h = if *enter {
                        kiln_runtime_abi::r2r::Helper::MonitorEnter
                    } else {
                        kiln_runtime_abi::r2r::Helper::MonitorExit
                    };
                    if !opts.target.has_helper(h) {
                        return Err(unsupported(UnsupportedReason::MissingHelper(h.raw()), inst));
                    }
                }
                InstData::HandleCall { op, .. } => {
                    let h = super::imports::handle_helper(*op);
                    if !opts.target.has_helper(h) {
                        return Err(unsupported(UnsupportedReason::MissingHelper(h.raw()), inst));
                    }
                }
                InstData::RuntimeLookup { kind, .. } => {
                    if let Some(h) = super::imports::lookup_helper(*kind) {
                        if !opts.target.has_helper(h) {
                            return Err(unsupported(
                                UnsupportedReason::MissingHelper(h.raw()),
                                inst,
                            ));
                        }
                    }
                }
                InstData::Load { ty, offset, .. } => {
                    if !(ty.is_int() || ty.is_float() || *ty == Type::Ref) {
                        return Err(unsupported(UnsupportedReason::Type(*ty), inst));
                    }
                    if *offset > i32::MAX as u32 {
                        return Err(unsupported(UnsupportedReason::Opcode("load"), inst));
                    }
                }
                InstData::Store { args, offset } => {
                    let ty = func.dfg.value_type(args[0]);
                    if !(ty.is_int() || ty.is_float() || ty == Type::Ref) {
                        return Err(unsupported(UnsupportedReason::Type(ty), inst));
                    }
                    if *offset > i32::MAX as u32 {
                        return Err(unsupported(UnsupportedReason::Opcode("store"), inst));
                    }
                    if ty == Type::Ref {
                        let h = super::imports::barrier_helper(func.dfg.value_type(args[1]));
                        if !opts.target.has_helper(h) {
                            return Err(unsupported(
                                UnsupportedReason::MissingHelper(h.raw()),
                                inst,
                            ));
                        }
                    }
                }
                InstData::StackLoad { slot, offset, .. }
                | InstData::StackStore { slot, offset, .. } => {
                    let ty = match data {
                        InstData::StackStore { arg, .. } => func.dfg.value_type(*arg),
                        InstData::StackLoad { ty, .. } => *ty,
                        _ => unreachable!("matched above"),
                    };
                    // A reference goes only where the slot's layout says the
                    // GC expects one of its kind.
                    let gc_field = |want_ref: bool| {
                        func.stack_slots[*slot].layout.is_some_and(|l| {
                            let l = &func.struct_types[l];
                            if want_ref { &l.refs } else { &l.byrefs }.contains(offset)
                        })
                    };
                    let fits_gc = match ty {
                        Type::Ref => gc_field(true),
                        Type::ByRef => gc_field(false),
                        _ => false,
                    };
                    if !(ty.is_int() || ty.is_float() || fits_gc) {
                        return Err(unsupported(UnsupportedReason::Type(ty), inst));
                    }
                    let size = ty.bits().unwrap_or(64) / 8;
                    if offset
                        .checked_add(size)
                        .is_none_or(|e| e > func.stack_slots[*slot].size)
                    {
                        return Err(unsupported(UnsupportedReason::StackSlot, inst));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(())
}
