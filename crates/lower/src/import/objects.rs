//! Objects (ECMA-335 III.4.21 `newobj`, III.4.3 `castclass`, III.4.6
//! `isinst`, III.4.1 `box`, III.4.32 `unbox`, III.4.33 `unbox.any`):
//! allocation and constructor call, type checks against a TypeDef/TypeRef,
//! and boxing of primitives and enums.

use super::calls::{call_args, ir_signature, refuse_unresolved};
use super::stack::{coerce_param, widen_result};
use super::{at, dictionary, invalid, pop, push, supported, unsupported, Importer, Kind, State};
use crate::env::{IlType, LowerEnv};
use crate::error::{CalleeReason, InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{Block, Dispatch, ExtFuncData, HandleOp, Value};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// Offset of a boxed value after the MethodTable pointer.
pub(super) const BOX_DATA_OFFSET: u32 = 8;

/// The import of constructor `token` (`this` a reference for a class, a
/// managed pointer for a value type), created on first use.
pub(super) fn constructor_ref(
    env: &impl LowerEnv,
    cur: &mut kiln_ir::Cursor<'_>,
    callees: &mut std::collections::HashMap<u32, (kiln_ir::FuncRef, bool)>,
    shapes: &mut std::collections::HashMap<kiln_ir::FuncRef, super::valuesig::SigShape>,
    token: u32,
    offset: u32,
) -> Result<kiln_ir::FuncRef, LowerError> {
    if let Some(&(f, _)) = callees.get(&token) {
        return Ok(f);
    }
    let refuse = |reason: CalleeReason| -> LowerError {
        Unsupported::Callee {
            offset,
            token,
            reason,
        }
        .into()
    };
    let target = env.resolve_call(token)?;
    refuse_unresolved(env, token, offset)?;
    if target.inst_arg.is_some() {
        return Err(refuse(CalleeReason::Generic));
    }
    if !target.sig.has_this {
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    }
    let this = Some(if target.owner_value_type {
        IlType::ByRef
    } else {
        IlType::Object
    });
    // Struct parameters by value (`valuesig.rs`).
    let structs = if target.sig.params.contains(&IlType::ValueType) {
        env.sig_value_types(Some(token))?
    } else {
        Vec::new()
    };
    let (sig, shape) = ir_signature(&target.sig, this, &structs).map_err(refuse)?;
    if !sig.returns.is_empty() {
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    }
    for l in structs.iter().flatten().flatten() {
        super::valuetype::note_checks(cur.func, l);
    }
    super::calls::note_callee(cur.func, token, &target);
    let f = cur.func.import_function(ExtFuncData {
        name: target.name,
        signature: sig,
        callee: target.callee,
        dispatch: Dispatch::Direct,
    });
    callees.insert(token, (f, target.is_virtual));
    if shape.has_structs() {
        shapes.insert(f, shape);
    }
    Ok(f)
}

/// The constructor's IR arguments after the new object (or the value
/// type's address): the popped IL arguments, struct ones expanded into
/// their eightbytes (or stack words) as the constructor's shape says.
pub(super) fn constructor_args(
    cur: &mut kiln_ir::Cursor<'_>,
    vts: &mut super::valuetype::ValueTypes,
    fref: kiln_ir::FuncRef,
    popped: Vec<(Value, Kind)>,
    offset: u32,
) -> Result<Vec<Value>, LowerError> {
    let sig = cur.func.ext_funcs[fref].signature.clone();
    let popped = match vts.shapes.get(&fref).cloned() {
        Some(shape) => {
            for l in shape.params.iter().flatten() {
                vts.intern(cur.func, l.clone());
            }
            // `this` is not among the popped values.
            let vts = &*vts;
            super::valuesig::expand_args(cur, popped, &shape, false, |l| vts.kind_of(l), offset)?
        }
        None => popped,
    };
    call_args(cur, &popped, &sig.params[1..], offset)
}

/// How many IL arguments (besides the new object) constructor `fref`
/// takes.
pub(super) fn constructor_arg_count(
    vts: &super::valuetype::ValueTypes,
    fref: kiln_ir::FuncRef,
    ir_params: usize,
) -> usize {
    match vts.shapes.get(&fref) {
        Some(shape) => shape.params.len(),
        None => ir_params - 1,
    }
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `newobj` of a class: allocate, call the constructor, push the object.
    pub(super) fn newobj(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        // `ldftn M; newobj D::.ctor(object, native int)` (tokens.rs).
        if self.delegate_newobj(blk, insn, st)? {
            return Ok(());
        }
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let env = self.env;
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives newobj a token")
        };
        let token = token.0;
        if env.string_ctor(token)? {
            return self.newobj_string(blk, insn, st, token);
        }
        let refuse = |reason| -> LowerError {
            Unsupported::NewObject {
                offset,
                token,
                reason,
            }
            .into()
        };
        let class = env.newobj_class(token)?.map_err(refuse)?;
        // An instantiation over the shared code's type parameters: its
        // MethodTable from the generic dictionary.
        let lookup = self
            .type_lookup(st, insn.offset, class, false)?
            .transpose()
            .map_err(refuse)?;
        let mut cur = at(&mut self.func, blk, insn);
        if lookup.is_some() {
            // No TypeHandle cell names it.
        } else if class >> 24 == 0x1B {
            // An exact class instantiation: the TypeHandle fixup spells
            // out its signature.
            let sig = env.type_spec_sig(class)?.ok_or_else(|| -> LowerError {
                Unsupported::NewObject {
                    offset,
                    token,
                    reason: "instantiation without a known signature".into(),
                }
                .into()
            })?;
            super::calls::note_type_sig(cur.func, class, Some(sig));
        }
        let fref = constructor_ref(
            env,
            &mut cur,
            &mut self.callees,
            &mut self.vts.shapes,
            token,
            offset,
        )?;
        let sig = cur.func.ext_funcs[fref].signature.clone();
        let nargs = constructor_arg_count(&self.vts, fref, sig.params.len());
        if st.stack.len() < nargs {
            return Err(invalid(offset, InvalidIlKind::StackUnderflow));
        }
        let base = st.stack.len() - nargs;
        let popped: Vec<(Value, Kind)> = st.stack.drain(base..).collect();
        let obj = match lookup {
            Some((ctx, sig)) => {
                dictionary::handle_op(&mut cur, ctx, sig, HandleOp::NewObject, Vec::new())
            }
            None => cur.new_object(class),
        };
        let mut args = vec![obj];
        args.extend(constructor_args(
            &mut cur,
            &mut self.vts,
            fref,
            popped,
            offset,
        )?);
        cur.call(fref, &args);
        push(st, obj, Kind::Ref, offset, max_stack)?;
        Ok(())
    }

    /// `newobj` of a `System.String` constructor: a variable-size object
    /// the constructor itself allocates. As the JIT imports it (ECMA-335
    /// III.4.21 leaves allocation to the runtime; `importer.cpp`, CEE_NEWOBJ
    /// with `CORINFO_FLG_VAROBJSIZE`), it is a direct call of the
    /// constructor with no `this` whose result is the new string: the
    /// runtime binds the constructor's entry point to the static
    /// `String.Ctor` of the same parameters (`ecall.cpp`,
    /// `PopulateManagedStringConstructors`), and crossgen2's GCRefMap of
    /// the call omits `this` (`GCRefMapBuilder.GetCallRefMap`), as the
    /// GCRefMap of this signature does.
    fn newobj_string(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
        token: u32,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let env = self.env;
        let mut cur = at(&mut self.func, blk, insn);
        let fref = match self.string_ctors.get(&token) {
            Some(&f) => f,
            None => {
                let target = env.resolve_call(token)?;
                refuse_unresolved(env, token, offset)?;
                if !target.sig.has_this || target.sig.ret.is_some() {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                if target.inst_arg.is_some() || target.method_sig.is_some() {
                    return Err(Unsupported::Callee {
                        offset,
                        token,
                        reason: CalleeReason::Generic,
                    }
                    .into());
                }
                // The constructor's parameters, no `this`, the string back.
                let sig = crate::env::MethodSig {
                    has_this: false,
                    ret: Some(IlType::Object),
                    ..target.sig.clone()
                };
                let (sig, _) = ir_signature(&sig, None, &[]).map_err(|reason| {
                    LowerError::from(Unsupported::Callee {
                        offset,
                        token,
                        reason,
                    })
                })?;
                super::calls::note_callee(cur.func, token, &target);
                let f = cur.func.import_function(ExtFuncData {
                    name: target.name,
                    signature: sig,
                    callee: target.callee,
                    dispatch: Dispatch::Direct,
                });
                self.string_ctors.insert(token, f);
                f
            }
        };
        let sig = cur.func.ext_funcs[fref].signature.clone();
        let nargs = sig.params.len();
        if st.stack.len() < nargs {
            return Err(invalid(offset, InvalidIlKind::StackUnderflow));
        }
        let base = st.stack.len() - nargs;
        let popped: Vec<(Value, Kind)> = st.stack.drain(base..).collect();
        let args = call_args(&mut cur, &popped, &sig.params, offset)?;
        let call = cur.call(fref, &args);
        let s = cur.func.dfg.inst_results(call)[0];
        push(st, s, Kind::Ref, offset, max_stack)?;
        Ok(())
    }

    /// `castclass`, `isinst`.
    pub(super) fn cast(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives castclass/isinst a token")
        };
        let (x, k) = pop(st, offset)?;
        if k != Kind::Ref {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        let refuse_token = |reason: String| -> LowerError {
            Unsupported::Token {
                offset,
                token: token.0,
                reason,
            }
            .into()
        };
        if let Some(l) = self.type_lookup(st, insn.offset, token.0, false)? {
            // A type over the shared code's type parameters: its handle
            // from the generic dictionary.
            let (ctx, sig) = l.map_err(refuse_token)?;
            let hop = if op == O::Castclass {
                HandleOp::CastClass
            } else {
                HandleOp::IsInst
            };
            let mut cur = at(&mut self.func, blk, insn);
            let r = dictionary::handle_op(&mut cur, ctx, sig, hop, vec![x]);
            push(st, r, Kind::Ref, offset, max_stack)?;
            return Ok(());
        }
        let mut cur = at(&mut self.func, blk, insn);
        if token.0 >> 24 == 0x1B {
            // A closed array or class instantiation: the TypeHandle cell
            // spells out its signature.
            let refuse = |reason: String| -> LowerError {
                Unsupported::Token {
                    offset,
                    token: token.0,
                    reason,
                }
                .into()
            };
            let c = self.env.constructed_type(token.0)?.map_err(refuse)?;
            if !c.reference {
                return Err(refuse("cast to a constructed value or pointer type".into()));
            }
            super::calls::note_type_sig(cur.func, token.0, Some(c.sig));
        } else if !matches!(token.0 >> 24, 0x01 | 0x02) {
            return Err(unsupported(insn));
        }
        if token.0 & 0x00FF_FFFF == 0 {
            return Err(kiln_metadata::MetadataError::BadToken {
                token: token.0,
                expected: "a type token with a row",
            }
            .into());
        }
        let tc = if op == O::Castclass {
            kiln_ir::TypeCheckOp::CastClass
        } else {
            kiln_ir::TypeCheckOp::IsInst
        };
        let r = cur.type_check(tc, x, token.0);
        push(st, r, Kind::Ref, offset, max_stack)?;
        Ok(())
    }

    /// `box`, `unbox`, `unbox.any`.
    pub(super) fn box_unbox(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let env = self.env;
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives box/unbox a token")
        };
        let token = token.0;
        let refuse = |reason: String| -> LowerError {
            Unsupported::Boxing {
                offset,
                opcode: op,
                reason,
            }
            .into()
        };
        if op == O::Box && env.is_canonical_param(token)? {
            // `box T` in shared code: T is a reference type, boxing it does
            // nothing (ECMA-335 III.4.1).
            let (value, k) = pop(st, offset)?;
            if k != Kind::Ref {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            push(st, value, Kind::Ref, offset, max_stack)?;
            return Ok(());
        }
        if op == O::Unbox_Any && env.is_canonical_param(token)? {
            // `unbox.any T` in shared code: T is a reference type, so it is
            // `castclass T` (III.4.33) with T's handle from the generic
            // dictionary.
            let (value, k) = pop(st, offset)?;
            if k != Kind::Ref {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            let lookup = self.type_lookup(st, insn.offset, token, false)?;
            let (ctx, sig) = lookup
                .unwrap_or_else(|| Err("type does not depend on the generic context".into()))
                .map_err(refuse)?;
            let mut cur = at(&mut self.func, blk, insn);
            let r = dictionary::handle_op(&mut cur, ctx, sig, HandleOp::CastClass, vec![value]);
            push(st, r, Kind::Ref, offset, max_stack)?;
            return Ok(());
        }
        let mut cur = at(&mut self.func, blk, insn);
        let spec = token >> 24 == 0x1B && token & 0x00FF_FFFF != 0;
        if !(matches!(token >> 24, 0x01 | 0x02) || spec) || token & 0x00FF_FFFF == 0 {
            return Err(refuse("type is not a TypeDef or TypeRef".into()));
        }
        let (elem, ty) = env.array_elem(token)?.map_err(refuse)?;
        if spec {
            // A TypeSpec naming a primitive or an enum (exact code's `!0`):
            // its type handle spells the signature out.
            if !matches!(
                elem,
                kiln_ir::ArrayElem::Prim(_) | kiln_ir::ArrayElem::Spec(_)
            ) || ty == IlType::Object
            {
                return Err(refuse("type is not a TypeDef or TypeRef".into()));
            }
            let sig = env
                .type_spec_sig(token)?
                .ok_or_else(|| refuse("type is not a TypeDef or TypeRef".into()))?;
            super::calls::note_type_sig(cur.func, token, Some(sig));
        }
        let (value, k) = pop(st, offset)?;
        if ty == IlType::Object {
            // A reference type: `box` does nothing, `unbox.any`
            // is `castclass` (III.4.33); `unbox` needs a value type.
            if k != Kind::Ref || op == O::Unbox {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            let r = if op == O::Box {
                value
            } else {
                cur.type_check(kiln_ir::TypeCheckOp::CastClass, value, token)
            };
            push(st, r, Kind::Ref, offset, max_stack)?;
            return Ok(());
        }
        let (abi, vt) = supported(ty)
            .filter(|(abi, _)| abi.ty.is_int())
            .ok_or_else(|| refuse(format!("value of type {ty:?}")))?;
        if op == O::Box {
            // A primitive or enum: a new instance of its boxed
            // MethodTable with the value right after the header.
            if k == Kind::Ref || k.is_float() {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            let v = coerce_param(&mut cur, value, k, abi);
            let obj = cur.new_object(token);
            cur.store(v, obj, BOX_DATA_OFFSET);
            push(st, obj, Kind::Ref, offset, max_stack)?;
        } else {
            if k != Kind::Ref {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            let data = cur.type_check(kiln_ir::TypeCheckOp::Unbox, value, token);
            if op == O::Unbox {
                push(st, data, Kind::ByRef, offset, max_stack)?;
            } else {
                let raw = cur.load(abi.ty, data, 0);
                let (v, k) = widen_result(&mut cur, raw, abi);
                let _ = vt;
                push(st, v, k, offset, max_stack)?;
            }
        }
        Ok(())
    }
}
