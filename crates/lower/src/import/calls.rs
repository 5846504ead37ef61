//! Calls (ECMA-335 III.3.19 `call`, III.4.2 `callvirt`, III.2.1
//! `constrained.`): importing callees (direct, or through a virtual stub
//! dispatch cell), checking and converting arguments, widening results, and
//! the IR signature of a method (shared by the compiled method itself).

use super::objects::BOX_DATA_OFFSET;
use super::stack::{coerce_param, widen_result};
use super::valuesig::{
    expand_args, il_arg_count, returns_in_buffer, struct_return, ArgRegs, SigShape,
};
use super::{at, invalid, push, supported, unsupported, Importer, Kind, State};
use crate::env::{
    CallTarget, ConstrainedCall, DirectCallee, IlType, LowerEnv, MethodSig, TokenType, ValueLayout,
};
use crate::error::{CalleeReason, InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{AbiParam, Block, Cursor, Dispatch, ExtFuncData, Signature, TrapCode, Type, Value};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// Refuses a call or `newobj` of `token` whose class the runtime cannot
/// load ([`LowerEnv::unresolved`]) — valid IL, but the callee's `this`
/// cannot even be classified.
pub(super) fn refuse_unresolved(
    env: &impl LowerEnv,
    token: u32,
    offset: u32,
) -> Result<(), LowerError> {
    match env.unresolved(token)? {
        Some(reason) => Err(Unsupported::Unresolved {
            offset,
            token,
            reason,
        }
        .into()),
        None => Ok(()),
    }
}

/// The signature checks shared by the compiled method and its callees.
/// `this` is the type of an instance method's `this` (its first IR
/// parameter): an object reference (classes) or a managed pointer (value
/// types). `structs` is `LowerEnv::sig_value_types` of the signature (empty
/// when unknown): a value-type parameter or return whose layout is known
/// and passed in registers becomes one IR parameter (return) per eightbyte
/// (see `valuesig.rs`); the rest are refused.
pub(super) fn ir_signature(
    sig: &MethodSig,
    this: Option<IlType>,
    structs: &[Option<Result<ValueLayout, String>>],
) -> Result<(Signature, SigShape), CalleeReason> {
    let mut out = Signature::default();
    let mut regs = ArgRegs::default();
    match (sig.has_this, this) {
        (false, _) => {}
        (true, Some(IlType::Object)) => out.params.push(AbiParam::new(Type::Ref)),
        (true, Some(IlType::ByRef)) => out.params.push(AbiParam::new(Type::ByRef)),
        (true, _) => return Err(CalleeReason::Instance),
    }
    let ret_entry = match sig.ret {
        Some(IlType::ValueType) => structs.get(sig.params.len()).and_then(Option::as_ref),
        _ => None,
    };
    let ret_buffer = returns_in_buffer(ret_entry);
    if ret_buffer {
        out.params.push(AbiParam::new(Type::ByRef));
    }
    if sig.hidden_context {
        out.params.push(AbiParam::new(Type::I64));
    }
    regs.gpr += out.params.len();
    if sig.vararg {
        return Err(CalleeReason::VarArg);
    }
    if sig.generic_params != 0 {
        return Err(CalleeReason::Generic);
    }
    let mut shape = SigShape {
        has_this: sig.has_this,
        ret_buffer,
        ..SigShape::default()
    };
    for (i, &ty) in sig.params.iter().enumerate() {
        if ty == IlType::ValueType {
            if let Some(entry) = structs.get(i).cloned().flatten() {
                let l = regs.struct_param(entry, i as u16, &mut out.params)?;
                shape.params.push(Some(l));
                continue;
            }
        }
        let (p, _) = supported(ty).ok_or(CalleeReason::ParamType {
            index: i as u16,
            ty,
        })?;
        regs.scalar(p.ty);
        out.params.push(p);
        shape.params.push(None);
    }
    if let Some(ty) = sig.ret {
        if ty == IlType::ValueType {
            if let Some(entry) = structs.get(sig.params.len()).cloned().flatten() {
                if ret_buffer {
                    // The buffer's address comes back in RAX.
                    out.returns.push(AbiParam::new(Type::ByRef));
                    shape.ret = entry.ok();
                    return Ok((out, shape));
                }
                let (ps, l) = struct_return(entry)?;
                out.returns.extend(ps);
                shape.ret = Some(l);
                return Ok((out, shape));
            }
        }
        let (p, _) = supported(ty).ok_or(CalleeReason::ReturnType { ty })?;
        out.returns.push(p);
    }
    Ok((out, shape))
}

/// Checks the popped stack values against the callee's parameters (a
/// reference, managed pointer or `F` must meet its own kind) and converts
/// each to its parameter type.
pub(super) fn call_args(
    cur: &mut Cursor<'_>,
    popped: &[(Value, Kind)],
    params: &[AbiParam],
    offset: u32,
) -> Result<Vec<Value>, LowerError> {
    let mut args = Vec::with_capacity(popped.len());
    for (&(v, k), p) in popped.iter().zip(params) {
        if let Kind::Struct(_) = k {
            // Struct arguments by value are not passed yet (SysV
            // classification, stack copies).
            return Err(Unsupported::ValueType {
                offset,
                reason: "struct argument by value".into(),
            }
            .into());
        }
        // A `&` for a `native int`/pointer parameter, a `native int` for a
        // `&` one (or a value type's `this`: CoreLib's `MethodTable*`
        // calls).
        if let Some(v) = super::stack::pointer_coercion(cur, v, k, p.ty) {
            args.push(v);
            continue;
        }
        if (k == Kind::Ref) != (p.ty == Type::Ref)
            || (k == Kind::ByRef) != (p.ty == Type::ByRef)
            || k.is_float() != p.ty.is_float()
        {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        args.push(coerce_param(cur, v, k, *p));
    }
    Ok(args)
}

/// The `this` of a `constrained. ctok callvirt` that dispatches as usual
/// (`how`: [`ConstrainedCall::Deref`] or [`ConstrainedCall::Box`]):
/// `popped[0]` is a managed pointer to a `ctok`. A reference type's object
/// is loaded from it; a value type is boxed — a copy in a new box of
/// `ctok`, which is what the call then sees (ECMA-335 III.2.1).
fn constrained_this(
    cur: &mut Cursor<'_>,
    env: &impl LowerEnv,
    ctok: u32,
    how: &ConstrainedCall,
    popped: &[(Value, Kind)],
    sig: &Signature,
    offset: u32,
) -> Result<(Value, Kind), LowerError> {
    let refuse = |reason: String| -> LowerError {
        Unsupported::Boxing {
            offset,
            opcode: Opcode::Constrained,
            reason,
        }
        .into()
    };
    let Some(&(this, Kind::ByRef)) = popped.first() else {
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    };
    if sig.params.first().map(|p| p.ty) != Some(Type::Ref) {
        return Err(refuse("method of the value type itself".into()));
    }
    if *how == ConstrainedCall::Deref {
        return Ok((cur.load(Type::Ref, this, 0), Kind::Ref));
    }
    let obj = match env.type_token(ctok)?.map_err(refuse)? {
        TokenType::Scalar(ty) => {
            // A primitive or enum (floats included).
            let (abi, _) = supported(ty)
                .filter(|(abi, _)| !matches!(abi.ty, Type::Ref | Type::ByRef))
                .ok_or_else(|| refuse(format!("value of type {ty:?}")))?;
            let v = cur.load(abi.ty, this, 0);
            let obj = new_box(cur, env, ctok).map_err(refuse)?;
            cur.store(v, obj, BOX_DATA_OFFSET);
            obj
        }
        TokenType::Value(l) => {
            if l.nullable {
                return Err(refuse(format!(
                    "box of {} (Nullable boxing semantics)",
                    l.name
                )));
            }
            super::valuetype::note_checks(cur.func, &l);
            let obj = new_box(cur, env, ctok).map_err(refuse)?;
            super::valuetype::copy(cur, &l, this, 0, obj, BOX_DATA_OFFSET);
            obj
        }
    };
    Ok((obj, Kind::Ref))
}

/// A new box of value type `ctok` (a TypeDef, TypeRef, or a TypeSpec whose
/// signature the `TypeHandle` cell spells out).
fn new_box(cur: &mut Cursor<'_>, env: &impl LowerEnv, ctok: u32) -> Result<Value, String> {
    if ctok >> 24 == 0x1B {
        let c = env.constructed_type(ctok).map_err(|e| e.to_string())??;
        note_type_sig(cur.func, ctok, Some(c.sig));
    } else if !matches!(ctok >> 24, 0x01 | 0x02) || ctok & 0x00FF_FFFF == 0 {
        return Err("type is not a TypeDef, TypeRef or TypeSpec".into());
    }
    Ok(cur.new_object(ctok))
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `constrained. T`: remembered for the `callvirt` that must follow.
    pub(super) fn constrained_prefix(
        &mut self,
        insn: &Instruction<'_>,
        last: bool,
    ) -> Result<(), LowerError> {
        let offset = insn.offset;
        let Operand::Token(t) = insn.operand else {
            unreachable!("decoder gives constrained. a token")
        };
        if self.constrained.is_some() || last {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        self.constrained = Some(t.0);
        Ok(())
    }

    /// `call`, `callvirt` (`constrained`: the token of a `constrained.`
    /// prefix).
    pub(super) fn call(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
        constrained: Option<u32>,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let env = self.env;
        let dictionary = self.dictionary_context(insn.offset, st);
        let mut cur = at(&mut self.func, blk, insn);
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives call a token")
        };
        let token = token.0;
        if op == O::Call && constrained.is_none() && env.object_ctor(token)? {
            // `System.Object::.ctor()` does nothing (a lone `ret`): its
            // `this` is popped and no call is made.
            if st.stack.pop().is_none() {
                return Err(invalid(offset, InvalidIlKind::StackUnderflow));
            }
            return Ok(());
        }
        // `constrained.` (III.2.1): a value type's own method is called
        // directly; otherwise `this` is loaded or boxed below.
        let constrained = match constrained {
            Some(ctok) => {
                let how = env.constrained_call(ctok, token)?.map_err(|reason| {
                    LowerError::from(Unsupported::Boxing {
                        offset,
                        opcode: O::Constrained,
                        reason,
                    })
                })?;
                if let ConstrainedCall::Direct(callee) = how {
                    drop(cur);
                    return self.constrained_direct(blk, insn, st, ctok, callee);
                }
                Some((ctok, how))
            }
            None => None,
        };
        let (fref, is_virtual) = match self.callees.get(&token) {
            Some(&f) => f,
            None => {
                let target = env.resolve_call(token)?;
                refuse_unresolved(env, token, offset)?;
                let callee = |reason| Unsupported::Callee {
                    offset,
                    token,
                    reason,
                };
                let this = target.sig.has_this.then_some(if target.owner_value_type {
                    IlType::ByRef
                } else {
                    IlType::Object
                });
                let has_structs = target.sig.params.contains(&IlType::ValueType)
                    || target.sig.ret == Some(IlType::ValueType);
                let structs = if has_structs {
                    env.sig_value_types(Some(token))?
                } else {
                    Vec::new()
                };
                let (sig, shape) = ir_signature(&target.sig, this, &structs).map_err(callee)?;
                if let Some(lookup) = &target.inst_arg {
                    // The hidden argument sits among the IR parameters;
                    // struct arguments are expanded without it.
                    if shape.has_structs() || dictionary.is_none() {
                        return Err(callee(CalleeReason::Generic).into());
                    }
                    self.inst_args
                        .insert(token, (lookup.clone(), target.sig.has_this));
                }
                if let Some(lookup) = &target.virtual_cell {
                    self.virtual_cells.insert(token, lookup.clone());
                }
                for l in structs.iter().flatten().flatten() {
                    super::valuetype::note_checks(cur.func, l);
                }
                note_callee(cur.func, token, &target);
                let f = cur.func.import_function(ExtFuncData {
                    name: target.name,
                    signature: sig,
                    callee: target.callee,
                    dispatch: Dispatch::Direct,
                });
                if shape.has_structs() {
                    self.vts.shapes.insert(f, shape);
                }
                let virt = target.sig.has_this && target.is_virtual;
                self.callees.insert(token, (f, virt));
                (f, virt)
            }
        };
        // `callvirt` of a virtual (or interface) method dispatches on
        // the object's type: the same callee through a
        // virtual-stub-dispatch cell.
        if op == O::Callvirt && is_virtual && cur.func.method_sig(token).is_some() {
            // A generic virtual method (or a virtual member of a shared
            // instantiation): dispatch needs the runtime's generic virtual
            // method lookup, not a stub dispatch cell.
            return Err(Unsupported::Callee {
                offset,
                token,
                reason: CalleeReason::Generic,
            }
            .into());
        }
        let fref = if op == O::Callvirt && is_virtual {
            match self.virtual_callees.get(&token) {
                Some(&f) => f,
                None => {
                    let mut ext = cur.func.ext_funcs[fref].clone();
                    ext.dispatch = if self.virtual_cells.contains_key(&token) {
                        Dispatch::VirtualCell
                    } else {
                        Dispatch::Virtual
                    };
                    let f = cur.func.import_function(ext);
                    self.virtual_callees.insert(token, f);
                    if let Some(shape) = self.vts.shapes.get(&fref).cloned() {
                        self.vts.shapes.insert(f, shape);
                    }
                    f
                }
            }
        } else {
            fref
        };
        // A dispatch cell from the generic dictionary only serves
        // `callvirt`; it is looked up before `this` is null-checked, which
        // must stay right before the dispatch.
        let virtual_cell = self.virtual_cells.get(&token).cloned();
        if virtual_cell.is_some()
            && (cur.func.ext_funcs[fref].dispatch != Dispatch::VirtualCell || dictionary.is_none())
        {
            return Err(Unsupported::Callee {
                offset,
                token,
                reason: CalleeReason::Generic,
            }
            .into());
        }
        let sig = cur.func.ext_funcs[fref].signature.clone();
        let shape = self.vts.shapes.get(&fref).cloned().unwrap_or_default();
        // The hidden generic-context argument (right after `this`) comes
        // from the generic dictionary, not from the IL stack. (Such a
        // callee has no struct parameters, so no recorded shape says
        // whether it has `this`: the call target did.)
        let inst_arg = self.inst_args.get(&token).cloned();
        let has_this = match &inst_arg {
            Some((_, this)) => *this,
            None => shape.has_this,
        };
        let inst_arg = inst_arg.map(|(lookup, _)| lookup);
        let mut il_params = sig.params.clone();
        if inst_arg.is_some() {
            if dictionary.is_none() {
                // A call site in an exception handler (the callee was
                // first met in the main body).
                return Err(Unsupported::Callee {
                    offset,
                    token,
                    reason: CalleeReason::Generic,
                }
                .into());
            }
            il_params.remove(usize::from(has_this));
        }
        let nargs = il_arg_count(&shape, il_params.len());
        if st.stack.len() < nargs {
            return Err(invalid(offset, InvalidIlKind::StackUnderflow));
        }
        let base = st.stack.len() - nargs;
        let mut popped: Vec<(Value, Kind)> = st.stack.drain(base..).collect();
        if let Some((ctok, how)) = &constrained {
            popped[0] = constrained_this(&mut cur, env, *ctok, how, &popped, &sig, offset)?;
        }
        if shape.has_structs() {
            for l in shape.params.iter().flatten() {
                self.vts.intern(cur.func, l.clone());
            }
            let vts = &self.vts;
            popped = expand_args(
                &mut cur,
                popped,
                &shape,
                has_this,
                |l| vts.kind_of(l),
                offset,
            )?;
        }
        // A struct returned through a buffer: a fresh temporary's address
        // after `this`.
        let ret_temp = match (&shape.ret, shape.ret_buffer) {
            (Some(l), true) => {
                let t = self.vts.ret_temp(&mut cur, l.clone());
                popped.insert(usize::from(has_this), (t.0, Kind::ByRef));
                Some(t)
            }
            _ => None,
        };
        // (A callee taking a looked-up generic context has no struct
        // parameters or return: `il_params` is `sig.params` here.)
        let mut args = call_args(&mut cur, &popped, &il_params, offset)?;
        let cell = match (virtual_cell, dictionary) {
            (Some(lookup), Some(ctx)) => Some(super::dictionary::lookup(&mut cur, ctx, lookup)),
            _ => None,
        };
        if op == O::Callvirt {
            // `callvirt`: an explicit null check of `this` (III.4.2),
            // then a direct call (non-virtual method) or virtual
            // dispatch (whose stub must never see null: the check
            // stays even on the method's own `this`).
            let Some(&this) = args
                .first()
                .filter(|_| sig.params.first().is_some_and(|p| p.ty == Type::Ref))
            else {
                return Err(unsupported(insn));
            };
            let virtual_call = cur.func.ext_funcs[fref].dispatch.is_virtual();
            if virtual_call || Some(this) != self.this_value {
                cur.trapz(this, TrapCode::NullReference);
            }
        }
        args.extend(cell);
        if let (Some(lookup), Some(ctx)) = (inst_arg, dictionary) {
            let h = super::dictionary::lookup(&mut cur, ctx, lookup);
            args.insert(usize::from(has_this), h);
        }
        let call = cur.call(fref, &args);
        let results = cur.func.dfg.inst_results(call).to_vec();
        if let Some((t, k)) = ret_temp {
            // The callee filled the buffer (its RAX is not needed).
            push(st, t, k, offset, max_stack)?;
        } else if let Some(&r) = results.first() {
            if let Some(l) = shape.ret {
                // A struct in registers: its eightbytes into a temporary.
                let (t, k) = self.vts.returned(&mut cur, l, &results);
                push(st, t, k, offset, max_stack)?;
            } else {
                let (v, k) = widen_result(&mut cur, r, sig.returns[0]);
                push(st, v, k, offset, max_stack)?;
            }
        }
        Ok(())
    }
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `constrained. ctok callvirt M` where value type `ctok` declares its
    /// own implementation of `M` (ECMA-335 III.2.1): a direct call of the
    /// implementation (`callee`) with the managed pointer as `this` — no
    /// box, no null check, no dispatch (crossgen2's
    /// `CORINFO_NO_THIS_TRANSFORM` with a direct call). The callee's
    /// signature is `M`'s with a managed-pointer `this`.
    fn constrained_direct(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
        ctok: u32,
        callee: DirectCallee,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let env = self.env;
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives callvirt a token")
        };
        let token = token.0;
        let mut cur = at(&mut self.func, blk, insn);
        let refuse = |reason: CalleeReason| -> LowerError {
            Unsupported::Callee {
                offset,
                token,
                reason,
            }
            .into()
        };
        let fref = match self.constrained_callees.get(&(ctok, token)) {
            Some(&f) => f,
            None => {
                let target = env.resolve_call(token)?;
                refuse_unresolved(env, token, offset)?;
                if target.inst_arg.is_some()
                    || target.virtual_cell.is_some()
                    || target.method_sig.is_some()
                    || target.owner.is_some()
                {
                    return Err(refuse(CalleeReason::Generic));
                }
                if !target.sig.has_this {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                if target.sig.params.contains(&IlType::ValueType)
                    || target.sig.ret == Some(IlType::ValueType)
                {
                    return Err(Unsupported::Boxing {
                        offset,
                        opcode: Opcode::Constrained,
                        reason: "value type's own method with struct parameters or return".into(),
                    }
                    .into());
                }
                let (sig, _) =
                    ir_signature(&target.sig, Some(IlType::ByRef), &[]).map_err(refuse)?;
                let callee = match callee {
                    DirectCallee::Token(t) => kiln_ir::Callee::Token(t),
                    DirectCallee::Signature(bytes) => {
                        // Keyed below any metadata token (`Callee::Signature`).
                        let n = 1 + cur
                            .func
                            .method_sigs
                            .iter()
                            .filter(|m| m.token >> 24 == 0)
                            .count() as u32;
                        cur.func.method_sigs.push(kiln_ir::TokenTypeSig {
                            token: n,
                            sig: bytes,
                        });
                        kiln_ir::Callee::Signature(n)
                    }
                };
                let f = cur.func.import_function(ExtFuncData {
                    name: target.name,
                    signature: sig,
                    callee,
                    dispatch: Dispatch::Direct,
                });
                self.constrained_callees.insert((ctok, token), f);
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
        if popped[0].1 != Kind::ByRef {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        let args = call_args(&mut cur, &popped, &sig.params, offset)?;
        let call = cur.call(fref, &args);
        if let Some(&r) = cur.func.dfg.inst_results(call).first() {
            let (v, k) = widen_result(&mut cur, r, sig.returns[0]);
            push(st, v, k, offset, max_stack)?;
        }
        Ok(())
    }
}

/// Records what the backend needs to name callee `token` beyond the token
/// itself: its explicit owner ([`note_type_sig`]) or its whole method
/// signature ([`kiln_ir::Function::method_sigs`]).
pub(super) fn note_callee(func: &mut kiln_ir::Function, token: u32, target: &CallTarget) {
    note_type_sig(func, token, target.owner.clone());
    if let Some(sig) = &target.method_sig {
        if func.method_sig(token).is_none() {
            func.method_sigs.push(kiln_ir::TokenTypeSig {
                token,
                sig: sig.clone(),
            });
        }
    }
}

/// Records the type signature a token needs
/// ([`kiln_ir::Function::type_sigs`]: a callee's explicit owner, a
/// TypeSpec's type), once per token.
pub(super) fn note_type_sig(func: &mut kiln_ir::Function, token: u32, sig: Option<Vec<u8>>) {
    if let Some(sig) = sig {
        if func.type_sig(token).is_none() {
            func.type_sigs.push(kiln_ir::TokenTypeSig { token, sig });
        }
    }
}
