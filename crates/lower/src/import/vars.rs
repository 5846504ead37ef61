//! Arguments and locals (ECMA-335 III.3.38–3.39, III.3.43–3.44, III.3.61,
//! III.3.63): `ldarg*`, `starg*`, `ldloc*`, `stloc*`, `ldarga*`, `ldloca*`;
//! their values on entry; and the stack slots of address-taken variables.
//!
//! A variable is an SSA value threaded through block parameters unless its
//! address is taken (see `liveness.rs`): then it lives in a stack slot at
//! its own width.

use super::stack::coerce;
use super::valuetype::var_access;
use super::{at, invalid, pop_any, push, unsupported, Importer, Kind, State, VarType};
use crate::env::LowerEnv;
use crate::error::{InvalidIlKind, LowerError};
use kiln_ir::{Block, ConvOp, Cursor, InstData, Signature, Value};
use kiln_metadata::il::{Instruction, Opcode, Operand};

impl<E: LowerEnv> Importer<'_, E> {
    /// The variable an instruction accesses: `Some(Ok(flat index))` (arguments
    /// first, then locals), `Some(Err(index))` for an index out of range.
    pub(super) fn var_index(&self, insn: &Instruction<'_>) -> Option<Result<usize, u16>> {
        use Opcode as O;
        let nargs = self.nargs;
        let nlocals = self.vars.len() - nargs;
        let arg = |i: u16| {
            Some(if (i as usize) < nargs {
                Ok(i as usize)
            } else {
                Err(i)
            })
        };
        let loc = |i: u16| {
            Some(if (i as usize) < nlocals {
                Ok(nargs + i as usize)
            } else {
                Err(i)
            })
        };
        let operand = match insn.operand {
            Operand::Var(v) => v,
            _ => 0,
        };
        match insn.opcode {
            O::Ldarg_0 => arg(0),
            O::Ldarg_1 => arg(1),
            O::Ldarg_2 => arg(2),
            O::Ldarg_3 => arg(3),
            O::Ldarg | O::Ldarg_S | O::Starg | O::Starg_S | O::Ldarga | O::Ldarga_S => arg(operand),
            O::Ldloc_0 | O::Stloc_0 => loc(0),
            O::Ldloc_1 | O::Stloc_1 => loc(1),
            O::Ldloc_2 | O::Stloc_2 => loc(2),
            O::Ldloc_3 | O::Stloc_3 => loc(3),
            O::Ldloc | O::Ldloc_S | O::Stloc | O::Stloc_S | O::Ldloca | O::Ldloca_S => loc(operand),
            _ => None,
        }
    }

    pub(super) fn is_store(op: Opcode) -> bool {
        use Opcode as O;
        matches!(
            op,
            O::Starg
                | O::Starg_S
                | O::Stloc
                | O::Stloc_S
                | O::Stloc_0
                | O::Stloc_1
                | O::Stloc_2
                | O::Stloc_3
        )
    }

    /// A variable access: `v` is [`Self::var_index`] of `insn`.
    pub(super) fn variable(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        v: Result<usize, u16>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let v = v.map_err(|index| invalid(offset, InvalidIlKind::BadVariable { index }))?;
        let address_of = matches!(op, O::Ldarga | O::Ldarga_S | O::Ldloca | O::Ldloca_S);
        if address_of && self.slots[v].is_none() {
            // The address of a reference, float or struct variable.
            return Err(unsupported(insn));
        }
        let vt = match self.vars.get(v) {
            None => unreachable!("var_index checks the range"),
            Some(Err(ty)) => return Err(self.local_refusal(v, *ty)),
            Some(Ok(vt)) => *vt,
        };
        let mut cur = at(&mut self.func, blk, insn);
        if let (Some(slot), Kind::Struct(k), false) = (self.slots[v], vt.kind, address_of) {
            let store = Self::is_store(op);
            if let Some(t) = var_access(&mut cur, &self.vts, st, slot, k, store, offset)? {
                push(st, t, vt.kind, offset, max_stack)?;
            }
            return Ok(());
        }
        if let Some(slot) = self.slots[v] {
            if address_of {
                let a = cur.ins(InstData::StackAddr { slot, offset: 0 });
                let a = cur.func.dfg.inst_results(a)[0];
                push(st, a, Kind::ByRef, offset, max_stack)?;
            } else if Self::is_store(op) {
                let value = pop_any(st, offset)?;
                let stored = store_value(&mut cur, value, vt, offset)?;
                store_slot(&mut cur, slot, vt, stored);
            } else {
                let val = load_slot(&mut cur, slot, vt);
                push(st, val, vt.kind, offset, max_stack)?;
            }
            return Ok(());
        }
        if Self::is_store(op) {
            let value = pop_any(st, offset)?;
            let stored = store_value(&mut cur, value, vt, offset)?;
            st.vars[v] = Some(stored);
        } else {
            let val = st.vars[v]
                .unwrap_or_else(|| panic!("variable {v} read at IL_{offset:04x} has no value"));
            push(st, val, vt.kind, offset, max_stack)?;
        }
        Ok(())
    }

    /// The entry block's values of the variables live into IL block 0
    /// (arguments from the function's parameters, locals at zero), and the
    /// initial contents of the address-taken variables' slots.
    pub(super) fn entry_state(
        &mut self,
        sig: &Signature,
        entry: Block,
    ) -> Result<State, LowerError> {
        let mut params: Vec<Value> = sig
            .params
            .iter()
            .map(|p| self.func.dfg.append_block_param(entry, p.ty))
            .collect();
        let this = usize::from(self.has_this);
        let ret_buffer = self.vts.own_ret_buffer();
        if self.hidden_context {
            // The generic context: no IL argument; generic dictionary
            // lookups read it (dictionary.rs).
            self.context_value = Some(params.remove(this + usize::from(ret_buffer)));
        }
        if ret_buffer {
            // The hidden return buffer (after `this`): no IL argument.
            let buf = params.remove(this);
            self.vts.ret_buffer = Some(buf);
            if let Some(slot) = self.vts.ret_buffer_slot {
                Cursor::new(&mut self.func, entry).ins(InstData::StackStore {
                    arg: buf,
                    slot,
                    offset: 0,
                });
            }
        }
        if self.has_this {
            self.this_value = Some(params[0]);
        }
        let mut cur = Cursor::new(&mut self.func, entry);
        if let (Some(slot), Some(arg)) = (self.context_slot, self.context_value) {
            cur.ins(InstData::StackStore {
                arg,
                slot,
                offset: 0,
            });
        }
        match (self.class_init, &self.class_init_lookup) {
            (Some(_), Some(lookup)) => {
                // Shared code: the exact class from the generic context
                // (the hidden argument, else `this`'s MethodTable); the
                // helper's base is not needed.
                let ctx = match (self.context_value, self.this_value) {
                    (Some(v), _) => super::dictionary::Context::Hidden(v),
                    (None, Some(this)) => super::dictionary::Context::This(this),
                    (None, None) => {
                        return Err(crate::error::Unsupported::ClassInit {
                            reason: "shared code without a generic context".into(),
                        }
                        .into())
                    }
                };
                super::dictionary::handle_op(
                    &mut cur,
                    ctx,
                    lookup.clone(),
                    kiln_ir::HandleOp::NonGcStaticBase,
                    Vec::new(),
                );
            }
            (Some(token), None) => {
                cur.ins(InstData::ClassInit { type_token: token });
            }
            (None, _) => {}
        }
        let mut init = State {
            vars: vec![None; self.vars.len()],
            stack: Vec::new(),
        };
        for (v, var) in self.vars.iter().enumerate() {
            if !self.live_in[0][v] {
                continue;
            }
            let vt = match *var {
                Ok(vt) => vt,
                Err(ty) => return Err(self.local_refusal(v, ty)),
            };
            init.vars[v] = Some(if v < self.nargs {
                vt.extend(&mut cur, params[self.vts.param_index(v)])
            } else if vt.kind == Kind::Ref {
                cur.null()
            } else {
                vt.zero(&mut cur)
            });
        }
        // Address-taken variables start in their slots: arguments with
        // their (normalized) values, locals at zero.
        for (v, (&slot, &var)) in self.slots.iter().zip(&self.vars).enumerate() {
            let (Some(slot), Ok(vt)) = (slot, var) else {
                continue;
            };
            let is_arg = v < self.nargs;
            if let (Kind::Struct(_), true) = (vt.kind, is_arg) {
                let mut cur = Cursor::new(&mut self.func, entry);
                self.vts
                    .store_struct_param(&mut cur, v, self.has_this, slot, &params);
                continue;
            }
            if matches!(vt.kind, Kind::Struct(_))
                || (matches!(vt.kind, Kind::Ref | Kind::ByRef) && !is_arg)
            {
                continue; // the prolog zeroes every slot (null, zero structs)
            }
            let mut cur = Cursor::new(&mut self.func, entry);
            let value = if let Some(&p) = params
                .get(self.vts.param_index(v))
                .filter(|_| v < self.nargs)
            {
                vt.extend(&mut cur, p)
            } else if vt.kind == Kind::Ref {
                cur.null()
            } else {
                vt.zero(&mut cur)
            };
            store_slot(&mut cur, slot, vt, value);
        }
        Ok(init)
    }
}

/// A stack value converted for a store into a variable of type `vt`
/// (ECMA-335 III.1.6): a managed pointer stored into a `native int` or
/// unmanaged pointer variable stops being GC-tracked (`ptr_to_int`), a
/// `native int` stored into a `ref` variable starts being (the JIT's rule;
/// `fixed` statements clear their pinned `ref` local with `(native int)0`).
pub(super) fn store_value(
    cur: &mut Cursor<'_>,
    (val, kind): (Value, Kind),
    vt: VarType,
    offset: u32,
) -> Result<Value, LowerError> {
    if let Some(v) = super::stack::pointer_coercion(cur, val, kind, vt.kind.ty()) {
        return Ok(v);
    }
    Ok(match (kind, vt.kind) {
        (Kind::ByRef, Kind::ByRef) => val,
        (Kind::Struct(_) | Kind::ByRef, _) | (_, Kind::ByRef) => {
            return Err(invalid(offset, InvalidIlKind::OperandTypes))
        }
        (k, want) if (k == Kind::Ref) != (want == Kind::Ref) || k.is_float() != want.is_float() => {
            return Err(invalid(offset, InvalidIlKind::OperandTypes))
        }
        _ => coerce(cur, val, kind, vt.kind.ty(), vt.small),
    })
}

/// Stores the normalized value of an address-taken variable into its slot at
/// the variable's own width (a callee writing through the address writes
/// that many bytes).
pub(super) fn store_slot(cur: &mut Cursor<'_>, slot: kiln_ir::StackSlot, vt: VarType, v: Value) {
    if vt.kind == Kind::Ref {
        // Through the slot's address: a reference store (the checked write
        // barrier lets a stack address through).
        let a = super::valuetype::addr_of(cur, slot);
        cur.store(v, a, 0);
        return;
    }
    let v = match vt.small {
        Some((t, _)) => cur.conv(ConvOp::Ireduce, v, t),
        None => v,
    };
    cur.ins(InstData::StackStore {
        arg: v,
        slot,
        offset: 0,
    });
}

/// Reads an address-taken variable from its slot as its stack kind.
pub(super) fn load_slot(cur: &mut Cursor<'_>, slot: kiln_ir::StackSlot, vt: VarType) -> Value {
    if vt.kind == Kind::Ref {
        let a = super::valuetype::addr_of(cur, slot);
        return cur.load(kiln_ir::Type::Ref, a, 0);
    }
    let ty = vt.small.map_or(vt.kind.ty(), |(t, _)| t);
    let i = cur.ins(InstData::StackLoad {
        ty,
        slot,
        offset: 0,
    });
    let raw = cur.func.dfg.inst_results(i)[0];
    vt.extend(cur, raw)
}
