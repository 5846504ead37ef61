//! Generic dictionary lookups of shared (`__Canon`) code: what depends on
//! the exact type arguments — the `MethodTable` of `List<T>` for `new
//! List<T>()`, of `T[]` for `newarr T`, of `T` for a cast or `typeof(T)` —
//! comes from the runtime's generic dictionary of the method's generic
//! context at run time, as crossgen2 compiles it for .NET 8: a call of a
//! `DelayLoad_Helper` cell whose fixup is a dictionary lookup
//! (`ThisObjDictionaryLookup`, `TypeDictionaryLookup`,
//! `MethodDictionaryLookup`, readytorun.h; signatures from
//! [`LowerEnv::type_lookup`](crate::LowerEnv::type_lookup)) with the
//! context in the first argument register (`ProcessDynamicDictionaryLookup`
//! and `DynamicHelperFixup`, src/coreclr/vm/prestub.cpp).
//!
//! The context is the hidden generic-context argument of static methods of
//! generic classes (the exact `MethodTable`) and of generic methods (the
//! exact `MethodDesc`), or the `MethodTable` of `this` for instance methods
//! of generic classes (the JIT's `getRuntimeContextTree`; the runtime finds
//! the owner's dictionary in a derived class's `MethodTable`). `this` is
//! the method's entry value, never an IL store to argument 0.

use super::stack::VarType;
use super::{Importer, Kind, State};
use crate::env::LowerEnv;
use kiln_ir::{Cursor, HandleOp, Type, Value};

/// Where shared code finds its generic context.
#[derive(Clone, Copy, Debug)]
pub(super) enum Context {
    /// The `MethodTable` of `this` (argument 0's value).
    This(Value),
    /// The `MethodTable` of `this`, read from argument 0's frame slot
    /// (methods with exception handling keep every variable in one, which
    /// protected regions and funclets read).
    ThisSlot(kiln_ir::StackSlot, VarType),
    /// The hidden generic-context argument.
    Hidden(Value),
    /// The hidden generic-context argument, kept in a frame slot the
    /// prolog block fills (methods with exception handling, like their
    /// variables).
    HiddenSlot(kiln_ir::StackSlot),
}

/// A lookup ready to emit: the context and the whole fixup signature.
pub(super) type Lookup = (Context, Vec<u8>);

/// The handle lookup `sig` (a whole fixup signature) gives in `ctx`.
pub(super) fn lookup(cur: &mut Cursor<'_>, ctx: Context, sig: Vec<u8>) -> Value {
    let c = match ctx {
        // The MethodTable pointer is the first field of every object.
        Context::This(this) => cur.load(Type::I64, this, 0),
        Context::ThisSlot(slot, vt) => {
            let this = super::vars::load_slot(cur, slot, vt);
            cur.load(Type::I64, this, 0)
        }
        Context::Hidden(v) => v,
        Context::HiddenSlot(slot) => {
            let i = cur.ins(kiln_ir::InstData::StackLoad {
                ty: Type::I64,
                slot,
                offset: 0,
            });
            cur.func.dfg.inst_results(i)[0]
        }
    };
    let n = cur.func.add_generic_lookup(sig);
    cur.generic_lookup(c, n)
}

/// `op` on the handle lookup `sig` gives (`args` first, the handle last).
pub(super) fn handle_op(
    cur: &mut Cursor<'_>,
    ctx: Context,
    sig: Vec<u8>,
    op: HandleOp,
    mut args: Vec<Value>,
) -> Value {
    let h = lookup(cur, ctx, sig);
    args.push(h);
    cur.handle_call(op, args)
}

impl<E: LowerEnv> Importer<'_, E> {
    /// The generic context the method's dictionary lookups use at IL
    /// offset `offset`: its hidden argument, else `this`; `None` for a method
    /// with neither (not shared code — [`LowerEnv::type_lookup`] refuses
    /// those anyway) and inside an exception handler or filter, a funclet
    /// that cannot read the main body's values (the context would have to
    /// be reloaded from a frame slot, which kiln does not keep).
    pub(super) fn dictionary_context(&self, offset: u32, st: &State) -> Option<Context> {
        let in_funclet = self.region_at(offset).funclet.is_some();
        if let Some(v) = self.context_value {
            return match self.context_slot {
                Some(slot) => Some(Context::HiddenSlot(slot)),
                None => (!in_funclet).then_some(Context::Hidden(v)),
            };
        }
        let t = self.this_value?;
        if let (Some(Some(slot)), Some(Ok(vt)), true) =
            (self.slots.first(), self.vars.first(), self.eh.is_some())
        {
            if vt.kind == Kind::Ref && !self.stores_this() {
                return Some(Context::ThisSlot(*slot, *vt));
            }
        }
        if in_funclet {
            return None;
        }
        // `this` as the IL variable's current value where the state has it
        // — the same object unless the IL stores to argument 0 — else the
        // entry value.
        Some(Context::This(
            st.vars
                .first()
                .copied()
                .flatten()
                .filter(|_| self.slots.first().is_some_and(Option::is_none) && !self.stores_this())
                .unwrap_or(t),
        ))
    }

    /// Whether the IL may change argument 0 (`starg 0`, or its address
    /// taken by `ldarga 0`).
    fn stores_this(&self) -> bool {
        use kiln_metadata::il::{Opcode, Operand};
        self.insns.iter().any(|i| {
            matches!(
                i.opcode,
                Opcode::Starg | Opcode::Starg_S | Opcode::Ldarga | Opcode::Ldarga_S
            ) && matches!(i.operand, Operand::Var(0))
        })
    }

    /// The context (at IL offset `offset`) and the lookup of the type handle of
    /// type token `token`
    /// (of `token[]` with `array`) when `token` depends on the shared
    /// code's type parameters; `Ok(None)` when it does not; the reason
    /// when it does but cannot be looked up.
    pub(super) fn type_lookup(
        &self,
        st: &State,
        offset: u32,
        token: u32,
        array: bool,
    ) -> Result<Option<Result<Lookup, String>>, crate::LowerError> {
        if token >> 24 != 0x1B || !self.env.context_dependent_type(token)? {
            return Ok(None);
        }
        let Some(ctx) = self.dictionary_context(offset, st) else {
            return Ok(Some(Err(
                "generic dictionary lookup without the generic context (an exception handler)"
                    .into(),
            )));
        };
        Ok(Some(
            self.env.type_lookup(token, array)?.map(|sig| (ctx, sig)),
        ))
    }
}
