//! Fields (ECMA-335 III.4.10 `ldfld`, III.4.28 `stfld`, III.4.11 `ldflda`,
//! III.4.14 `ldsfld`, III.4.30 `stsfld`, III.4.15 `ldsflda`): instance
//! fields of classes (through the object, null-checked) and of value types
//! (through a managed pointer); static fields through the owner's static
//! base. Offsets outside the version bubble are recorded as
//! `Check_FieldOffset` fixups.

use super::stack::{convert_to, widen_result};
use super::{at, invalid, pop, pop_any, push, supported, Importer, Kind, State};
use crate::env::{FieldTarget, IlType, LowerEnv};
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{Block, Cursor, Function, HandleOp, TrapCode, Type};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// A field access at IL `offset` on field `token` that kiln does not compile.
pub(super) fn field_refusal(offset: u32, token: u32, reason: String) -> LowerError {
    Unsupported::Field {
        offset,
        token,
        reason,
    }
    .into()
}

/// Resolves the instance field `token` of an `ldfld`/`stfld`/`ldflda` at IL
/// `offset`: its description and its byte offset in the object. When that
/// offset depends on types outside the version bubble, records the
/// `Check_FieldOffset` the runtime verifies before running the method.
pub(super) fn instance_field(
    env: &impl LowerEnv,
    func: &mut Function,
    offset: u32,
    token: u32,
) -> Result<(crate::FieldTarget, u32), LowerError> {
    let field = env.resolve_field(token)?;
    if field.is_static {
        return Err(field_refusal(offset, token, "static field".into()));
    }
    let field_offset = field
        .offset
        .clone()
        .map_err(|reason| field_refusal(offset, token, reason))?;
    if field.checked {
        let check = kiln_ir::FieldOffsetCheck {
            field_token: token,
            offset: field_offset,
        };
        if !func.field_offset_checks.contains(&check) {
            func.field_offset_checks.push(check);
        }
        super::calls::note_type_sig(func, token, field.owner.clone());
    }
    Ok((field, field_offset))
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `ldfld`, `stfld`.
    pub(super) fn instance_field_access(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let env = self.env;
        let mut cur = at(&mut self.func, blk, insn);
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives ldfld/stfld a token")
        };
        let token = token.0;
        let refuse = |reason: String| field_refusal(offset, token, reason);
        let (field, field_offset) = instance_field(env, cur.func, offset, token)?;
        let (abi, _) = supported(field.ty)
            .filter(|(abi, _)| abi.ty != Type::ByRef)
            .ok_or_else(|| refuse(format!("field of type {:?}", field.ty)))?;
        let value = if op == O::Stfld {
            Some(pop(st, offset)?)
        } else {
            None
        };
        let (obj, ok) = pop_any(st, offset)?;
        match (ok, field.owner_value_type) {
            // A class's field through the object: null-checked
            // (except `this`, see `remove_this_null_checks`).
            (Kind::Ref, false) => {
                if Some(obj) != self.this_value {
                    cur.trapz(obj, TrapCode::NullReference);
                }
            }
            // A value type's field through a managed pointer (a
            // struct method's `this`, a `ref` parameter): the
            // offset is from the value's start; a null pointer
            // faults at a small address (NullReferenceException,
            // as for JIT code).
            (Kind::ByRef, true) => {}
            (Kind::Ref, true) => return Err(refuse("field of a boxed value type".into())),
            _ => return Err(refuse("access through a pointer".into())),
        }
        match value {
            Some(value) => {
                let v = convert_to(&mut cur, value, abi, offset)?;
                // Through a managed pointer, a reference store uses
                // the checked barrier (the struct may be on the
                // stack).
                cur.store(v, obj, field_offset);
            }
            None => {
                let raw = cur.load(abi.ty, obj, field_offset);
                let (v, k) = widen_result(&mut cur, raw, abi);
                push(st, v, k, offset, max_stack)?;
            }
        }
        Ok(())
    }

    /// `ldflda` of a class instance's field.
    pub(super) fn instance_field_address(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let env = self.env;
        let mut cur = at(&mut self.func, blk, insn);
        // III.4.11: the address of a class instance's field, a
        // byref into the object (null-checked first).
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives ldflda a token")
        };
        let token = token.0;
        let refuse = |reason: String| field_refusal(offset, token, reason);
        let (field, field_offset) = instance_field(env, cur.func, offset, token)?;
        let (obj, ok) = pop_any(st, offset)?;
        if ok != Kind::Ref || field.owner_value_type {
            return Err(refuse("address of a value type's field".into()));
        }
        if Some(obj) != self.this_value {
            cur.trapz(obj, TrapCode::NullReference);
        }
        let zero = cur.iconst(Type::I64, 0);
        let addr = cur.elem_addr(obj, zero, 1, field_offset);
        push(st, addr, Kind::ByRef, offset, max_stack)?;
        Ok(())
    }

    /// `ldsfld`, `stsfld`, `ldsflda`.
    pub(super) fn static_field(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let env = self.env;
        let dictionary = self.dictionary_context(offset, st);
        let mut cur = at(&mut self.func, blk, insn);
        // III.4.14, III.4.30: a static field at its offset from the
        // owner's static base, which `static_base_*` fetches at
        // every access — the runtime's helper runs the class
        // constructor first when needed, so initialization happens
        // exactly where the IL touches the field (precise semantics
        // for classes with an explicit .cctor, as crossgen2's code).
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives ldsfld/stsfld a token")
        };
        let token = token.0;
        let field = env.resolve_field(token)?;
        let refuse = |reason: String| field_refusal(offset, token, reason);
        if !field.is_static {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        if field.empty_string && op == O::Ldsfld {
            // String.Empty is the interned "" (user string RID 0,
            // the #US heap's empty first entry).
            let r = cur.string_const(0x7000_0000);
            push(st, r, Kind::Ref, offset, max_stack)?;
            return Ok(());
        }
        if field.address_fixup {
            // Another assembly's static (tokens.rs).
            return self.foreign_static(blk, insn, st, &field);
        }
        if field.ty == IlType::RuntimeHandle {
            // A RuntimeTypeHandle & co. static is a boxed struct in the
            // GC statics, not the reference it wraps.
            return Err(refuse("static field of a runtime handle type".into()));
        }
        let field_offset = field.offset.clone().map_err(refuse)?;
        let (abi, _) = supported(field.ty)
            .filter(|(abi, _)| abi.ty != Type::ByRef)
            .ok_or_else(|| refuse(format!("static field of type {:?}", field.ty)))?;
        if (abi.ty == Type::Ref) != field.static_gc {
            return Err(refuse(format!(
                "static field of type {:?} in the {} statics",
                field.ty,
                if field.static_gc { "GC" } else { "non-GC" }
            )));
        }
        // A TypeDef of the module, or (statics of a generic instantiation)
        // a TypeSpec whose signature the field target spells.
        let spec_owner = field.owner_token >> 24 == 0x1B
            && (field.owner.is_some() || field.owner_lookup.is_some());
        if !(field.owner_token >> 24 == 0x02 || spec_owner) || field.owner_token & 0x00FF_FFFF == 0
        {
            return Err(refuse(
                "owner is not a TypeDef of the compiled module".into(),
            ));
        }
        if field.thread_static && field.owner_value_type {
            // Not exercised on the runtime yet: left to the JIT.
            return Err(refuse("thread-static field of a value type".into()));
        }
        // Shared code's static of an instantiation over its type
        // parameters: the exact owner from the generic dictionary, its base
        // from the runtime's generic static-base helper.
        let shared_owner = match &field.owner_lookup {
            Some(lookup) => {
                if field.thread_static {
                    return Err(refuse(
                        "thread-static field of a shared instantiation".into(),
                    ));
                }
                let Some(ctx) = dictionary else {
                    return Err(refuse(
                        "generic dictionary lookup without the generic context (an exception handler)"
                            .into(),
                    ));
                };
                Some((ctx, lookup.clone()))
            }
            None => {
                note_static_owner(cur.func, &field);
                None
            }
        };
        // Thread statics: the same shape from the calling thread's base.
        let (gc, owner, thread) = (field.static_gc, field.owner_token, field.thread_static);
        let base = |cur: &mut Cursor<'_>| match &shared_owner {
            Some((ctx, lookup)) => {
                let op = if gc {
                    HandleOp::GcStaticBase
                } else {
                    HandleOp::NonGcStaticBase
                };
                super::dictionary::handle_op(cur, *ctx, lookup.clone(), op, Vec::new())
            }
            None if thread => cur.thread_static_base(gc, owner),
            None => cur.static_base(gc, owner),
        };
        if op == O::Ldsflda {
            // A managed pointer into the statics (the GC statics
            // live in a pinned array, a thread's in a movable one:
            // reported as interior).
            let base = base(&mut cur);
            let zero = cur.iconst(Type::I64, 0);
            let addr = cur.elem_addr(base, zero, 1, field_offset);
            push(st, addr, Kind::ByRef, offset, max_stack)?;
        } else if op == O::Stsfld {
            let value = pop(st, offset)?;
            let v = convert_to(&mut cur, value, abi, offset)?;
            let base = base(&mut cur);
            cur.store(v, base, field_offset);
        } else {
            let base = base(&mut cur);
            let raw = cur.load(abi.ty, base, field_offset);
            let (v, k) = widen_result(&mut cur, raw, abi);
            push(st, v, k, offset, max_stack)?;
        }
        Ok(())
    }
}

/// The static base fixups of a value type's statics name the owner as
/// `valuetype` (the R2R type signature of a value type, as crossgen2 writes
/// it): recorded as the owner token's type signature
/// (`kiln_ir::Function::type_sigs`), which the backend's `StaticBase`
/// fixup then uses.
pub(super) fn note_static_owner(func: &mut kiln_ir::Function, field: &FieldTarget) {
    if field.owner_token >> 24 == 0x1B {
        // An instantiation: the StaticBase fixup names it whole.
        super::calls::note_type_sig(func, field.owner_token, field.owner.clone());
    } else if field.owner_value_type {
        let sig = kiln_runtime_abi::sig::TypeSig::ValueType(kiln_runtime_abi::sig::TypeToken::Def(
            field.owner_token & 0x00FF_FFFF,
        ));
        super::calls::note_type_sig(func, field.owner_token, Some(sig.to_bytes()));
    }
}
