//! Assembling the [`MethodStencil`] once the code is emitted: the unwind
//! info from the prolog's instructions (Windows x64 `UNWIND_INFO`), the GC
//! info (RBP frame, return kind, one safepoint per call or loop-head poll
//! with the references live there in their homes, or a fully interruptible
//! range for loops without references; `gcinfoencoder.cpp` v2) and the IL
//! ↔ native debug bounds.

use kiln_gcinfo::{CallSite, GcInfoDesc, ReturnKind};
use kiln_ir::{Function, SecondaryMap, Type, Value};
use kiln_runtime_abi::stencil::{
    DebugBound, Fragment, FragmentKind, Import, MethodStencil, UnwindInfo, UnwindOp,
};

use super::frame::{Frame, Prolog};
use super::{CallKind, Emitter};
use crate::asm::{Assembled, InstId};
use crate::backend::analysis::{gc_live_after_calls, gc_live_at_polls, Analysis};
use crate::backend::imports::{field_offset_checks, instruction_set_check, type_layout_checks};
use crate::backend::moves::Loc;
use crate::backend::regalloc::Allocation;
use crate::backend::{unsupported, BackendError, BackendOptions};

/// The GC slot of a reference of type `ty` living in `home`.
fn gc_slot(frame: &Frame, home: Loc, ty: Type) -> Result<kiln_gcinfo::Slot, BackendError> {
    let mut slot = match home {
        Loc::Reg(r) => kiln_gcinfo::Slot::register(r),
        Loc::Spill(_) => {
            let Some(m) = frame.mem(home) else {
                unreachable!("spill slots are memory")
            };
            kiln_gcinfo::Slot::stack(m.disp(), kiln_gcinfo::StackBase::FrameReg)
        }
        other => {
            return Err(BackendError::Internal(format!(
                "a GC reference lives in {other:?}"
            )))
        }
    };
    slot.interior = ty == Type::ByRef;
    Ok(slot)
}

/// Finishes the assembly and builds the stencil.
pub(super) fn finish(
    e: Emitter<'_>,
    prolog: &Prolog,
    opts: &BackendOptions,
) -> Result<MethodStencil, BackendError> {
    let (func, a, alloc) = (e.func, e.a, e.alloc);
    let Emitter {
        buf,
        calls,
        il_marks,
        frame: frame_for_gc,
        eh,
        block_label,
        ..
    } = e;
    let asm = buf
        .finish()
        .map_err(|err| BackendError::Internal(format!("assembler: {err}")))?;
    let code_len = asm.code.len() as u32;
    let prolog_size = asm.inst_end(prolog.last);
    let unwind = unwind_info(&asm, prolog, prolog_size, eh.is_none())?;
    let mut gc = gc_info(func, a, alloc, &frame_for_gc, &calls, &asm, prolog_size)?;
    super::eh::untracked_slots(func, &frame_for_gc.slots, &mut gc);
    let (fragments, eh_clauses) = match &eh {
        Some(eh) => {
            gc.psp_sym = Some(eh.frame.psp_offset as i32);
            gc.wants_report_only_leaf = true;
            super::eh::fragments_and_clauses(eh, func, a, &asm, &block_label, unwind)?
        }
        None => (
            vec![Fragment {
                start: 0,
                end: code_len,
                kind: FragmentKind::MainBody,
                unwind,
            }],
            Vec::new(),
        ),
    };
    let gc_info = gc
        .encode()
        .map_err(|err| BackendError::Internal(format!("GC info: {err}")))?;
    let debug_bounds = if opts.debug_bounds {
        debug_bounds(il_marks, &asm, prolog_size)
    } else {
        Vec::new()
    };
    Ok(MethodStencil {
        code: asm.code,
        alignment: asm.alignment.max(16),
        relocs: asm.relocs,
        fragments,
        gc_info,
        eh_clauses,
        eager_fixups: check_fixups(func)?,
        debug_bounds,
        data: Vec::new(),
        data_alignment: 1,
    })
}

/// The fixups the runtime checks before it runs the method's code: the
/// field offsets and value-type layouts it assumes and, if its code is not right on every CPU, the
/// instruction-set condition under which it is
/// ([`super::float::uint64_conversion_checks`]).
fn check_fixups(func: &Function) -> Result<Vec<Import>, BackendError> {
    let mut out = field_offset_checks(func)
        .map_err(|reason| unsupported(reason, kiln_ir::AnyEntity::Function))?;
    out.extend(type_layout_checks(func));
    out.extend(instruction_set_check(
        &super::float::uint64_conversion_checks(func),
    ));
    Ok(out)
}

/// The GC info's return kind (gcinfotypes.h `ReturnKind`, what a return
/// address hijack must protect): one register's kind, or for two return
/// values (a struct's eightbytes) `GetStructReturnKind(first, second)` =
/// `first | second << 2`, by eightbyte order as the JIT encodes it
/// (`GCInfo::getReturnKind`). `support` refuses an SSE eightbyte before a
/// reference one, where the eightbyte order and the registers (XMM0, RAX)
/// disagree.
fn return_kind(returns: &[kiln_ir::AbiParam]) -> ReturnKind {
    let kind = |p: Option<&kiln_ir::AbiParam>| match p.map(|p| p.ty) {
        Some(Type::Ref) => 1u8,
        Some(Type::ByRef) => 2,
        _ => 0,
    };
    match returns {
        [_, second, ..] => match kind(returns.first()) | kind(Some(second)) << 2 {
            0 => ReturnKind::Scalar,
            1 => ReturnKind::Object,
            2 => ReturnKind::ByRef,
            k => ReturnKind::Other(k),
        },
        _ => ReturnKind::from_raw(kind(returns.first())),
    }
}

/// The unwind info: exactly the prolog's pushes, frame pointer and
/// allocation, at their end offsets.
/// Methods with funclets describe the frame without a frame register, as
/// crossgen2 does: the establisher frame the runtime passes to funclets is
/// then Initial-SP, where the PSPSym is found (`backend::eh`).
fn unwind_info(
    asm: &Assembled,
    prolog: &Prolog,
    prolog_size: u32,
    frame_register: bool,
) -> Result<UnwindInfo, BackendError> {
    let to_u8 = |x: u32| {
        u8::try_from(x).map_err(|_| BackendError::Internal("prolog longer than 255 bytes".into()))
    };
    let mut ops = Vec::new();
    for (k, &(id, reg, size)) in prolog.insts.iter().enumerate() {
        let code_offset = to_u8(asm.inst_end(id))?;
        match reg {
            Some(reg) => ops.push(UnwindOp::PushNonVolatile { code_offset, reg }),
            None => ops.push(UnwindOp::Alloc { code_offset, size }),
        }
        if k == 0 && frame_register {
            ops.push(UnwindOp::SetFramePointer {
                code_offset: to_u8(asm.inst_end(prolog.set_fp))?,
            });
        }
    }
    let unwind = UnwindInfo {
        prolog_size: to_u8(prolog_size)?,
        frame_register: frame_register.then_some((5, 0)),
        ops,
    };
    Ok(unwind)
}

/// The GC info description (encoded by the caller).
fn gc_info(
    func: &Function,
    a: &Analysis,
    alloc: &Allocation,
    frame_for_gc: &Frame,
    calls: &[(InstId, CallKind)],
    asm: &Assembled,
    prolog_size: u32,
) -> Result<GcInfoDesc, BackendError> {
    let code_len = asm.code.len() as u32;
    let mut gc = GcInfoDesc::new(code_len);
    gc.stack_base_register = Some(5);
    gc.return_kind = return_kind(&func.signature.returns);
    if a.has_loop && !a.has_gc_refs {
        // Nothing is ever live: any instruction after the prolog is a safe
        // place to stop, so a thread spinning in a loop can be suspended.
        gc.interruptible_ranges = vec![(prolog_size, code_len)];
    } else {
        // Partially interruptible: the GC stops only at calls (analysis
        // guarantees every loop has one when references exist), and sees
        // the references live after each call in their homes.
        let (live, live_polls) = if a.has_gc_refs {
            (gc_live_after_calls(func, a), gc_live_at_polls(func, a))
        } else {
            (SecondaryMap::new(), Vec::new())
        };
        let mut slots: Vec<(kiln_gcinfo::Slot, usize)> = Vec::new();
        for &(c, ir) in calls {
            let (start, end) = (asm.inst_start(c), asm.inst_end(c));
            gc.call_sites.push(CallSite {
                offset: start,
                size: end - start,
            });
            let refs: &[Value] = match ir {
                CallKind::Ir(inst) => &live[inst],
                CallKind::Poll(block) => &live_polls[block],
                CallKind::NoReturn => continue,
            };
            for &v in refs {
                let slot = gc_slot(frame_for_gc, alloc.loc(v), func.dfg.value_type(v))?;
                let idx = match slots.iter().find(|(s, _)| *s == slot) {
                    Some(&(_, i)) => i,
                    None => {
                        let i = gc.add_slot(slot);
                        slots.push((slot, i));
                        i
                    }
                };
                gc.set_live_ranges(idx, &[(start, end)]);
            }
        }
    }
    for slot in super::super::analysis::struct_slot_refs(func, |ss| frame_for_gc.slots[ss]) {
        gc.add_slot(slot);
    }
    Ok(gc)
}

/// The IL ↔ native offset pairs: the prolog, then one bound per IL
/// instruction that starts code at a new native offset.
fn debug_bounds(
    il_marks: Vec<(InstId, u32)>,
    asm: &Assembled,
    prolog_size: u32,
) -> Vec<DebugBound> {
    let mut debug_bounds = Vec::new();
    debug_bounds.push(DebugBound {
        native_offset: 0,
        il_offset: -2,
        source: 0,
    });
    for (id, il) in il_marks {
        let native_offset = asm.inst_offsets[id.0 as usize];
        let last = debug_bounds.last().expect("prolog bound");
        if native_offset == last.native_offset && last.il_offset != -2 {
            continue;
        }
        if native_offset == last.native_offset {
            debug_bounds.pop();
        }
        if debug_bounds
            .last()
            .is_some_and(|b: &DebugBound| b.il_offset == il as i32)
        {
            continue;
        }
        debug_bounds.push(DebugBound {
            native_offset,
            il_offset: il as i32,
            source: 0,
        });
    }
    if debug_bounds.len() == 1 && prolog_size == 0 {
        debug_bounds.clear();
    }
    debug_bounds
}
