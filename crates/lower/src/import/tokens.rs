//! What the runtime computes from metadata tokens: `ldtoken` (ECMA-335
//! III.4.17), `ldftn` (III.4.19) directly consumed by `newobj` of a
//! delegate (III.4.21, II.14.6), and `ldsfld`/`stsfld`/`ldsflda`
//! (III.4.14, III.4.30, III.4.15) of a static field of another assembly.
//!
//! * `ldtoken` pushes a `RuntimeTypeHandle`, `RuntimeMethodHandle` or
//!   `RuntimeFieldHandle`. In .NET 8 each is a struct holding one object
//!   reference, so kiln keeps it as that reference
//!   ([`IlType::RuntimeHandle`](crate::IlType::RuntimeHandle), stack kind
//!   `Ref`): `runtime_lookup type_handle/method_handle/field_handle`, the
//!   runtime's `GetRuntime*Handle` helper on the token's handle cell.
//!   `typeof(T)` is `ldtoken T` + a plain call of `Type.GetTypeFromHandle`;
//!   an array initializer is `ldtoken` of the RVA field + a call of
//!   `RuntimeHelpers.InitializeArray`.
//! * `ldftn M; newobj D::.ctor(object, native int)` is one `new_object D`
//!   and one `delegate_ctor` — crossgen2's DelegateCtor helper, which binds
//!   the constructor for the (delegate type, method) pair; the function
//!   pointer itself never exists in kiln's code. `ldftn` used any other way
//!   (stored, compared, passed to `calli`: crossgen2 loads it from a
//!   PrecodeImports cell, which kiln's writer does not build) is refused.
//! * `ldvirtftn M` (III.4.18) is one `virtual_ftn`, the JIT's ReadyToRun
//!   sequence (`impImportLdvirtftn`): crossgen2 marks every `ldvirtftn` of
//!   a method that needs no runtime lookup `CORINFO_VIRTUALCALL_LDVIRTFTN`
//!   (final and non-virtual methods included: `getCallInfo` never
//!   devirtualizes under `CORINFO_CALLINFO_LDFTN`), so the code pointer
//!   always comes from the runtime's VirtualEntry helper, which throws
//!   `NullReferenceException` on a null object. The usual consumer,
//!   `newobj D::.ctor(object, native int)`, stays an ordinary constructor
//!   call: the JIT's `fgOptimizeDelegateConstructor` uses the DelegateCtor
//!   helper for `ldftn` only ("not optimized, R2R virtual case"), and the
//!   runtime implements delegate constructors (`COMDelegate::DelegateConstruct`).
//! * A static field of another assembly is reached through its address,
//!   `runtime_lookup static_field_address` (crossgen2's FieldAddress
//!   fixup: the runtime runs the class constructor and gives the address),
//!   never through the other assembly's static layout.

use super::stack::{convert_to, widen_result};
use super::{at, invalid, pop, push, supported, unsupported, Importer, Kind, State};
use crate::env::{FieldTarget, LowerEnv, TokenHandle};
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{Block, LookupKind, Type, Value};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// A `ldftn` waiting for the delegate `newobj` right after it.
#[derive(Clone, Copy, Debug)]
pub(super) struct PendingFtn {
    /// The method token of `ldftn`.
    pub(super) method: u32,
    /// The placeholder pushed for the function pointer.
    pub(super) placeholder: Value,
}

/// `token` as what `kind` looks up, or the metadata error of a token that
/// cannot name one (a wrong table, no row) — whatever the environment said.
fn checked(kind: LookupKind, token: u32) -> Result<u32, LowerError> {
    if kind.accepts(token) {
        Ok(token)
    } else {
        Err(kiln_metadata::MetadataError::BadToken {
            token,
            expected: "a token of the table the instruction names",
        }
        .into())
    }
}

fn token_of(insn: &Instruction<'_>) -> u32 {
    let Operand::Token(t) = insn.operand else {
        unreachable!("decoder gives {} a token", insn.opcode.name())
    };
    t.0
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `ldtoken`: the handle of a type, method or field.
    pub(super) fn ldtoken(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let token = token_of(insn);
        if let Some(l) = self.type_lookup(st, insn.offset, token, false)? {
            // `typeof(T)`, `typeof(List<T>)` in shared code: the handle from
            // the generic dictionary, then its RuntimeType object.
            let (ctx, sig) = l.map_err(|reason| -> LowerError {
                Unsupported::Token {
                    offset,
                    token,
                    reason,
                }
                .into()
            })?;
            let mut cur = at(&mut self.func, blk, insn);
            let h = super::dictionary::handle_op(
                &mut cur,
                ctx,
                sig,
                kiln_ir::HandleOp::TypeObject,
                Vec::new(),
            );
            return push(st, h, Kind::Ref, offset, max_stack);
        }
        let target = self.env.ldtoken(token)?.map_err(|reason| -> LowerError {
            Unsupported::Token {
                offset,
                token,
                reason,
            }
            .into()
        })?;
        let (kind, token) = match target {
            TokenHandle::Type(t) => (LookupKind::TypeHandle, t),
            TokenHandle::Method(t) => (LookupKind::MethodHandle, t),
            TokenHandle::Field(t) => (LookupKind::FieldHandle, t),
        };
        let token = checked(kind, token)?;
        let mut cur = at(&mut self.func, blk, insn);
        if kind == LookupKind::TypeHandle && token >> 24 == 0x1B {
            super::calls::note_type_sig(cur.func, token, self.env.type_spec_sig(token)?);
        }
        let h = cur.runtime_lookup(kind, token);
        push(st, h, Kind::Ref, offset, max_stack)
    }

    /// `ldftn`: only as the first half of a delegate construction — the
    /// next instruction, in the same block, must be `newobj` of a delegate
    /// constructor; a placeholder stands for the function pointer until
    /// then.
    pub(super) fn ldftn(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
        last: bool,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let method = token_of(insn);
        let refuse = |reason: &str| -> LowerError {
            Unsupported::Token {
                offset,
                token: method,
                reason: reason.to_string(),
            }
            .into()
        };
        let i = self.insns.partition_point(|x| x.offset < offset);
        let next = self.insns.get(i + 1).filter(|_| !last);
        let ctor = match next {
            Some(n) if n.opcode == Opcode::Newobj => token_of(n),
            _ => return Err(refuse("ldftn not consumed by a delegate constructor")),
        };
        if self.env.delegate_class(ctor)?.is_none() {
            return Err(refuse(
                "ldftn consumed by newobj of a type kiln cannot name as a closed delegate \
                 class (generic parameters need a runtime lookup; or an unresolved type)",
            ));
        }
        match self.env.ldtoken(method)? {
            Ok(TokenHandle::Method(m)) => {
                checked(LookupKind::MethodHandle, m)?;
            }
            Ok(_) => return Err(invalid(offset, InvalidIlKind::OperandTypes)),
            Err(reason) => return Err(refuse(&reason)),
        }
        let target = self.env.resolve_call(method)?;
        if target.sig.has_this && target.owner_value_type {
            return Err(refuse("method of a value type (needs an unboxing stub)"));
        }
        if target.sig.generic_params != 0 || target.sig.vararg || target.method_sig.is_some() {
            return Err(refuse("generic or vararg method"));
        }
        let mut cur = at(&mut self.func, blk, insn);
        let placeholder = cur.iconst(Type::I64, 0);
        push(st, placeholder, Kind::I64, offset, max_stack)?;
        self.pending_ftn = Some(PendingFtn {
            method,
            placeholder,
        });
        Ok(())
    }

    /// `ldvirtftn`: the code address a virtual call of the method on the
    /// popped object would run, from the runtime (`virtual_ftn`).
    pub(super) fn ldvirtftn(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let method = token_of(insn);
        let refuse = |reason: &str| -> LowerError {
            Unsupported::Token {
                offset,
                token: method,
                reason: reason.to_string(),
            }
            .into()
        };
        match self.env.ldtoken(method)? {
            Ok(TokenHandle::Method(m)) => {
                checked(LookupKind::MethodHandle, m)?;
            }
            Ok(_) => return Err(invalid(offset, InvalidIlKind::OperandTypes)),
            Err(reason) => return Err(refuse(&reason)),
        }
        let target = self.env.resolve_call(method)?;
        if !target.sig.has_this {
            return Err(refuse("ldvirtftn of a static method"));
        }
        if target.owner_value_type {
            return Err(refuse("method of a value type (needs an unboxing stub)"));
        }
        if target.sig.generic_params != 0
            || target.sig.vararg
            || target.method_sig.is_some()
            || target.owner.is_some()
            || target.inst_arg.is_some()
            || target.virtual_cell.is_some()
        {
            return Err(refuse("generic or vararg method"));
        }
        let (obj, k) = pop(st, offset)?;
        if k != Kind::Ref {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        let mut cur = at(&mut self.func, blk, insn);
        let f = cur.virtual_ftn(obj, method);
        push(st, f, Kind::I64, offset, max_stack)
    }

    /// `newobj` of a delegate constructor right after `ldftn`: allocate the
    /// delegate and bind it through the DelegateCtor helper. Returns false
    /// (nothing done) when no `ldftn` is pending.
    pub(super) fn delegate_newobj(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<bool, LowerError> {
        let Some(ftn) = self.pending_ftn.take() else {
            return Ok(false);
        };
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let Some(class) = self.env.delegate_class(token_of(insn))? else {
            unreachable!("ldftn checked that a delegate constructor follows")
        };
        checked(LookupKind::TypeHandle, class)?;
        match st.stack.pop() {
            Some((v, Kind::I64)) if v == ftn.placeholder => {}
            _ => return Err(invalid(offset, InvalidIlKind::OperandTypes)),
        }
        let (target, k) = pop(st, offset)?;
        if k != Kind::Ref {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        let mut cur = at(&mut self.func, blk, insn);
        if class >> 24 == 0x1B {
            super::calls::note_type_sig(cur.func, class, self.env.type_spec_sig(class)?);
        }
        let obj = cur.new_object(class);
        cur.delegate_ctor(obj, target, ftn.method, class);
        push(st, obj, Kind::Ref, offset, max_stack)?;
        Ok(true)
    }

    /// `ldsfld`, `stsfld`, `ldsflda` of a static field of another assembly
    /// (`field.address_fixup`): through the address the runtime gives.
    pub(super) fn foreign_static(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
        field: &FieldTarget,
    ) -> Result<(), LowerError> {
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let token = checked(LookupKind::StaticFieldAddress, token_of(insn))?;
        // (A runtime handle static is a boxed struct, not its reference.)
        let Some((abi, _)) = supported(field.ty).filter(|(abi, _)| {
            abi.ty != Type::ByRef && field.ty != crate::env::IlType::RuntimeHandle
        }) else {
            return Err(Unsupported::Field {
                offset,
                token,
                reason: format!("static field of type {:?}", field.ty),
            }
            .into());
        };
        let mut cur = at(&mut self.func, blk, insn);
        match op {
            Opcode::Ldsflda => {
                let addr = cur.runtime_lookup(LookupKind::StaticFieldAddress, token);
                push(st, addr, Kind::ByRef, offset, max_stack)?;
            }
            Opcode::Stsfld => {
                let value = pop(st, offset)?;
                let v = convert_to(&mut cur, value, abi, offset)?;
                let addr = cur.runtime_lookup(LookupKind::StaticFieldAddress, token);
                cur.store(v, addr, 0);
            }
            Opcode::Ldsfld => {
                let addr = cur.runtime_lookup(LookupKind::StaticFieldAddress, token);
                let raw = cur.load(abi.ty, addr, 0);
                let (v, k) = widen_result(&mut cur, raw, abi);
                push(st, v, k, offset, max_stack)?;
            }
            _ => return Err(unsupported(insn)),
        }
        Ok(())
    }
}
