//! The IL importer: ECMA-335 Partition III evaluation-stack code to SSA.
//!
//! 1. **Decode** the body with `kiln_metadata::il::IlDecoder`.
//! 2. **Blocks.** Leaders are offset 0, every branch/switch target and every
//!    instruction after a control transfer. Reachability is computed on this
//!    IL control-flow graph; unreachable code is never translated.
//! 3. **Liveness** of variables (arguments, then locals) per IL block, so that
//!    a block gets parameters only for the variables live on entry.
//! 4. **Translate** reachable blocks from a worklist. A block's entry stack
//!    shape is fixed by the first predecessor that reaches it; its IR block
//!    has one parameter per live variable, then one per stack slot. Each
//!    terminator passes the current variable values and stack as arguments.
//!    If IL offset 0 is a branch target, an extra entry block comes first
//!    (IR entry blocks have no predecessors).
//! 5. **Simplify**: trivial block parameters are removed, and the other
//!    IR-to-IR clean-ups run ([`crate::passes`]).
//!
//! ## Types
//!
//! The evaluation stack holds `int32` ([`Kind::I32`]) and 64-bit integers
//! ([`Kind::I64`], both `int64` and `native int`: on x64 they are the same
//! type, as RyuJIT has them — `TYP_I_IMPL == TYP_LONG`). A binary operation
//! or comparison on an `int32` and a 64-bit integer widens the `int32` (the
//! implicit `int32 → native int` widening of III.1.5, table 2) the way
//! CoreCLR 8's JIT does on x64, measured on the runtime: by **zero**
//! extension for `add.ovf.un`, `sub.ovf.un` and `mul.ovf.un`, by **sign**
//! extension for everything else (including `div.un`, `rem.un`, `cgt.un`,
//! `clt.un`, `bne.un` and the other unsigned branches).
//! `F` values are [`Kind::F32`] or [`Kind::F64`] (`float32` stays in single
//! precision, as in RyuJIT); the float opcodes and `F` operands are lowered
//! in `import/float.rs`.
//! Variables of small types (`int8`, `bool`, `char`, …) are kept as `i32`
//! values and normalized (truncated and re-extended) on every store, so all
//! block parameters are `i32`, `i64`, `f32` or `f64`.
//!
//! ## Exceptions
//!
//! `div`/`rem` are guarded by `trapz` (divisor zero → `DivideByZeroException`)
//! and, for the signed forms, by `trapnz` on `dividend == MIN && divisor ==
//! -1` (→ `OverflowException`, what CoreCLR throws on x64 for both `div` and
//! `rem`); guards a constant divisor makes unnecessary are not emitted.
//! `add.ovf`-style opcodes become the IR's `*_ovf` operations; `conv.ovf.*`
//! become explicit range checks (`icmp` + `trapnz overflow`) followed by the
//! plain conversion.
//!
//! ## Where each opcode is lowered
//!
//! `Importer::translate_insn` is the dispatcher: it maps each opcode
//! family to one function of a module named for its concern.
//!
//! | module | what |
//! |---|---|
//! | `cfg` | IL blocks, branch targets, the worklist, block parameters and edges |
//! | `liveness` | address-taken variables (stack slots), live variables per block |
//! | `stack` | stack kinds, push/pop, coercions; `ldc.i4*`, `ldc.i8`, `ldnull`, `ldstr`, `dup`, `pop` |
//! | `vars` | `ldarg*`, `starg*`, `ldloc*`, `stloc*`, `ldarga*`, `ldloca*`; entry values |
//! | `arith` | `add`…`xor`, `*.ovf*`, `neg`, `not`, `shl`, `shr*`, `ceq`/`cgt*`/`clt*`, `conv.*` on integers |
//! | `float` | `ldc.r4`, `ldc.r8`, `conv.r*`, `ckfinite`, and every opcode on `F` operands |
//! | `calls` | `call`, `callvirt`, the `constrained.` prefix; signatures |
//! | `objects` | `newobj`, `castclass`, `isinst`, `box`, `unbox`, `unbox.any` |
//! | `fields` | `ldfld`, `stfld`, `ldflda`, `ldsfld`, `stsfld`, `ldsflda` |
//! | `arrays` | `newarr`, `ldlen`, `ldelem*`, `ldelema`, `stelem*` |
//! | `memory` | `ldind.*`, `stind.*` |
//! | `valuetype` | struct locals and temporaries in frame slots; `initobj`, `ldobj`, `stobj`, `cpobj`, `sizeof`; `ldfld`/`stfld`/`ldflda`, `newobj`, `box`/`unbox`/`unbox.any` and `ldelem`/`stelem`/`ldelema` where a struct (or a float box) is involved |
//! | `tokens` | `ldtoken`, `ldftn` + delegate `newobj`, static fields of other assemblies |
//! | `prefixes` | `volatile.`, `unaligned.`, `readonly.`, `no.`, `tail.` |
//! | `control` | `br*`, `brtrue`/`brfalse`, the compare-and-branch opcodes, `switch`, `ret`, `throw` |
//! | `eh` | clauses, regions, frame slots for every variable; `leave`, `endfinally`, `endfilter`, `rethrow` |
//! | `sync` | synchronized methods: the monitor enter, exits and fault clause around the body |
//!
//! IR-to-IR clean-ups run afterwards live in [`crate::passes`].

use crate::env::{IlType, LowerEnv};
use crate::error::{CalleeReason, InvalidIl, InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{AbiParam, Block, Cursor, FuncRef, Function, IlLoc, Value};
use kiln_metadata::il::{IlDecoder, Instruction, Opcode};
use std::collections::{BTreeMap, BTreeSet, HashMap};

mod arith;
mod arrays;
mod calls;
mod cfg;
mod control;
mod dictionary;
mod eh;
mod fields;
mod float;
mod liveness;
mod memory;
mod objects;
mod prefixes;
mod stack;
mod sync;
mod tokens;
mod valuesig;
mod valuetype;
mod vars;

use arith::{conv_of, ConvTarget, Ovf};
use calls::ir_signature;
use cfg::{falls_through, IlBlock};
pub use stack::Kind;
use stack::{iconst_of, pop, pop_any, push, supported, VarType};

/// Lowers the method described by `env` to IR.
///
/// # Errors
/// [`LowerError::Unsupported`] for input outside the slice (skip the
/// method), [`LowerError::Invalid`] for IL breaking Partition III rules,
/// [`LowerError::Metadata`] for undecodable metadata or IL,
/// [`LowerError::Internal`] if the IR built fails verification (a bug).
///
/// # Panics
/// If the produced IR fails verification (a bug of the importer); the
/// message shows the IR and the errors.
pub fn lower_method(env: &impl LowerEnv) -> Result<Function, LowerError> {
    let sig = env.signature()?;
    let this = if sig.has_this { env.this_type()? } else { None };
    let structs = if sig.params.contains(&IlType::ValueType) || sig.ret == Some(IlType::ValueType) {
        env.sig_value_types(None)?
    } else {
        Vec::new()
    };
    let (ir_sig, shape) = ir_signature(&sig, this, &structs).map_err(|reason| match reason {
        CalleeReason::Instance | CalleeReason::ValueTypeInstance | CalleeReason::Virtual => env
            .owner_unresolved()
            .map_or(Unsupported::InstanceMethod, |reason| {
                Unsupported::UnresolvedOwner { reason }
            }),
        CalleeReason::VarArg => Unsupported::VarArgMethod,
        CalleeReason::Generic => Unsupported::GenericMethod,
        CalleeReason::ParamType { index, ty } => Unsupported::ParamType { index, ty },
        CalleeReason::ReturnType { ty } => Unsupported::ReturnType { ty },
        CalleeReason::StructParam { index, reason } => {
            Unsupported::ParamValueType { index, reason }
        }
        CalleeReason::StructReturn { reason } => Unsupported::ReturnValueType { reason },
    })?;
    // A synchronized method locks `this` (sync.rs); a static one its
    // class, and a value type's `this` is no object.
    let synchronized = env.synchronized();
    if synchronized
        && !(sig.has_this
            && this.is_some_and(|t| supported(t).is_some_and(|(_, v)| v.kind == Kind::Ref)))
    {
        return Err(Unsupported::Synchronized.into());
    }
    let class_init_sig = env.class_init_type_sig()?;
    let class_init = env
        .class_init_trigger()?
        .map_err(|reason| Unsupported::ClassInit { reason })?;
    let class_init_lookup = match class_init {
        Some(_) => env.class_init_lookup()?,
        None => None,
    };
    let body = env.body()?;
    if body.code.is_empty() {
        return Err(InvalidIl {
            offset: 0,
            kind: InvalidIlKind::EmptyBody,
        }
        .into());
    }
    let locals = env.locals()?;
    let insns: Vec<Instruction<'_>> = IlDecoder::new(body.code).collect::<Result<_, _>>()?;
    for insn in &insns {
        if let kiln_metadata::il::Operand::Token(token) = insn.operand {
            if let Some(reason) = env.token_refusal(insn.opcode, token.0)? {
                return Err(Unsupported::Token {
                    offset: insn.offset,
                    token: token.0,
                    reason,
                }
                .into());
            }
        }
    }

    let mut vars: Vec<Result<VarType, IlType>> = Vec::new();
    let this_param = this.filter(|_| sig.has_this);
    for &ty in this_param.iter().chain(&sig.params) {
        // (A struct parameter gets its slot in `struct_params`.)
        vars.push(supported(ty).map(|(_, v)| v).ok_or(ty));
    }
    for &ty in &locals {
        // (`ref` locals live in frame slots, zeroed by the prolog.)
        vars.push(supported(ty).map(|(_, v)| v).ok_or(ty));
    }
    let mut pinned = vec![false; vars.len()];
    for (i, p) in env.pinned_locals()?.into_iter().enumerate() {
        if let Some(slot) = pinned.get_mut(sig.params.len() + usize::from(sig.has_this) + i) {
            *slot = p;
        }
    }

    // Stack slots at joins that must be `native int` because some
    // predecessor pushes one where the first one seen pushed an `int32`
    // (cfg.rs, `edge`): found one per attempt, then lowered again.
    let mut widen = BTreeMap::new();
    let imp = loop {
        let mut imp = Importer {
            env,
            func: Function::new(env.method_name(), ir_sig.clone()),
            max_stack: body.max_stack,
            nargs: sig.params.len() + usize::from(sig.has_this),
            has_this: sig.has_this,
            hidden_context: sig.hidden_context,
            this_value: None,
            context_value: None,
            context_slot: None,
            inst_args: HashMap::new(),
            virtual_cells: HashMap::new(),
            slots: Vec::new(),
            constrained: None,
            pending_ftn: None,
            ret: ir_sig.returns.first().copied(),
            vars: vars.clone(),
            pinned: pinned.clone(),
            insns: insns.clone(),
            blocks: Vec::new(),
            block_of_offset: HashMap::new(),
            ir_blocks: Vec::new(),
            shapes: Vec::new(),
            widen: widen.clone(),
            widen_request: None,
            live_in: Vec::new(),
            callees: HashMap::new(),
            virtual_callees: HashMap::new(),
            string_ctors: HashMap::new(),
            constrained_callees: HashMap::new(),
            worklist: BTreeSet::new(),
            class_init,
            class_init_lookup: class_init_lookup.clone(),
            vts: valuetype::ValueTypes::default(),
            eh: None,
            synchronized,
            sync: None,
        };
        match imp.import(&body, shape.clone(), &ir_sig) {
            Ok(()) => break imp,
            Err(e) => match imp.widen_request {
                Some((at, kind)) if widen.len() < MAX_WIDENED && widen.get(&at) != Some(&kind) => {
                    widen.insert(at, kind);
                }
                _ => return Err(e),
            },
        }
    };
    let mut imp = imp;
    if let (Some(token), Some(sig)) = (class_init, class_init_sig) {
        // An instantiation's trigger names it whole (`Function::type_sigs`).
        imp.func
            .type_sigs
            .push(kiln_ir::TokenTypeSig { token, sig });
    }
    // The layouts of the method's own struct parameters and return are
    // baked into its entry and exits whether or not the body moves them.
    for l in structs.iter().flatten().flatten() {
        valuetype::note_checks(&mut imp.func, l);
    }
    crate::passes::remove_trivial_params(&mut imp.func);
    if imp.has_this {
        crate::passes::remove_this_null_checks(&mut imp.func);
    }
    crate::passes::remove_non_null_checks(&mut imp.func);
    crate::passes::remove_dominated_checks(&mut imp.func);
    if let Err(errors) = kiln_ir::verify_function(&imp.func) {
        // A bug: the importer accepted IL it should have refused. The
        // method is skipped; tests look for this variant.
        return Err(LowerError::Internal(format!(
            "kiln-lower produced invalid IR for {}: {errors}",
            imp.func.name
        )));
    }
    Ok(imp.func)
}

/// How many join stack slots one method may have widened to `native int`
/// (each costs one more lowering attempt).
const MAX_WIDENED: usize = 16;

impl<E: LowerEnv> Importer<'_, E> {
    /// Everything after setting up: blocks, frame, liveness, translation.
    fn import(
        &mut self,
        body: &crate::env::IlBody<'_>,
        shape: valuesig::SigShape,
        ir_sig: &kiln_ir::Signature,
    ) -> Result<(), LowerError> {
        self.eh_setup(&body.exception_clauses)?;
        self.find_blocks()?;
        self.slots = vec![None; self.vars.len()];
        self.struct_params(shape);
        self.struct_locals()?;
        self.eh_check_flow()?;
        self.address_taken();
        self.liveness();
        self.translate(ir_sig)
    }
}

struct Importer<'a, E> {
    env: &'a E,
    func: Function,
    max_stack: u16,
    nargs: usize,
    /// An instance method: argument 0 is `this`.
    has_this: bool,
    /// Shared generic code: the IR parameter after `this` is the hidden
    /// generic context ([`MethodSig::hidden_context`](crate::env::MethodSig)),
    /// which no IL argument names.
    hidden_context: bool,
    /// The token of a `constrained.` prefix waiting for its `callvirt`.
    constrained: Option<u32>,
    /// A `ldftn` waiting for its delegate `newobj` (tokens.rs).
    pending_ftn: Option<tokens::PendingFtn>,
    /// The class whose constructor runs first (`class_init_trigger`).
    class_init: Option<u32>,
    /// Shared code: the dictionary lookup of that class, whose generic
    /// static-base helper runs the constructor (`class_init_lookup`).
    class_init_lookup: Option<Vec<u8>>,
    /// The stack slot of each address-taken variable (`ldloca`/`ldarga` of
    /// an integer variable): it lives in memory, not in SSA values.
    slots: Vec<Option<kiln_ir::StackSlot>>,
    /// The entry value of `this` (never null when the method runs: callers
    /// null-check it, and the field accesses of a `call` with a null `this`
    /// fault at a small address, which the runtime turns into a
    /// `NullReferenceException` as for JIT-compiled code).
    this_value: Option<Value>,
    /// The hidden generic-context argument's value, if the method has one.
    context_value: Option<Value>,
    /// Its frame slot in a method with exception handling (eh.rs).
    context_slot: Option<kiln_ir::StackSlot>,
    /// Callees taking a hidden generic context the caller looks up, by
    /// call token: the lookup's fixup signature (`CallTarget::inst_arg`)
    /// and whether the callee has `this` (the argument follows it).
    inst_args: HashMap<u32, (Vec<u8>, bool)>,
    /// Interface methods over the type parameters dispatched through a
    /// cell the caller looks up, by call token (`CallTarget::virtual_cell`).
    virtual_cells: HashMap<u32, Vec<u8>>,
    ret: Option<AbiParam>,
    /// Argument then local representations (`Err` holds an unsupported
    /// local's type, reported only if the local is used).
    vars: Vec<Result<VarType, IlType>>,
    /// Per variable: a `pinned` local (its slot is reported pinned).
    pinned: Vec<bool>,
    insns: Vec<Instruction<'a>>,
    blocks: Vec<IlBlock>,
    block_of_offset: HashMap<u32, usize>,
    /// The IR block of each reachable IL block.
    ir_blocks: Vec<Option<Block>>,
    /// The entry stack kinds of each IL block, once known.
    shapes: Vec<Option<Vec<Kind>>>,
    /// (IL block, stack slot) pairs entered with a wider kind (`native
    /// int`, `float64`, managed pointer) whatever the first edge into the
    /// block pushes (cfg.rs, `edge`).
    widen: BTreeMap<(usize, usize), Kind>,
    /// The pair and kind a failed attempt found needing that.
    widen_request: Option<((usize, usize), Kind)>,
    /// Variables live on entry, per IL block.
    live_in: Vec<Vec<bool>>,
    callees: HashMap<u32, (FuncRef, bool)>,
    /// Virtual-dispatch imports of the `callvirt`ed virtual methods.
    virtual_callees: HashMap<u32, FuncRef>,
    /// `String` constructors `newobj` calls without `this` (objects.rs).
    string_ctors: HashMap<u32, FuncRef>,
    /// Value types' own methods `constrained.` calls reach directly, by
    /// (constrained type, method token) (calls.rs).
    constrained_callees: HashMap<(u32, u32), FuncRef>,
    /// IL blocks whose shape is known but not yet translated, lowest first.
    worklist: BTreeSet<usize>,
    /// The value types the method keeps in frame slots (valuetype.rs).
    vts: valuetype::ValueTypes,
    /// The clauses of a method with exception handling (eh.rs).
    eh: Option<eh::EhInfo>,
    /// The method is synchronized (sync.rs).
    synchronized: bool,
    /// Its clause, slots and handler, once set up.
    sync: Option<sync::SyncState>,
}

/// The state while translating one block.
struct State {
    vars: Vec<Option<Value>>,
    stack: Vec<(Value, Kind)>,
}

fn invalid(offset: u32, kind: InvalidIlKind) -> LowerError {
    InvalidIl { offset, kind }.into()
}

/// The refusal of an opcode kiln does not lower in this context.
fn unsupported(insn: &Instruction<'_>) -> LowerError {
    Unsupported::Opcode {
        offset: insn.offset,
        opcode: insn.opcode,
    }
    .into()
}

/// A cursor at the end of `blk` that records `insn` as the IL location.
fn at<'f>(func: &'f mut Function, blk: Block, insn: &Instruction<'_>) -> Cursor<'f> {
    let mut cur = Cursor::new(func, blk);
    cur.set_loc(Some(IlLoc::new(insn.offset, insn.opcode.name())));
    cur
}

impl<E: LowerEnv> Importer<'_, E> {
    /// Translates one instruction; returns true if it ended the block with a
    /// terminator. Each arm names the module function lowering that family.
    fn translate_insn(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &mut State,
        last: bool,
    ) -> Result<bool, LowerError> {
        use Opcode as O;
        let op = insn.opcode;
        // `volatile.`, `unaligned.`, `readonly.`, `no.`, `tail.` (prefixes.rs).
        if prefixes::is_prefix(op) {
            self.prefix(insn, last)?;
            return Ok(false);
        }
        // `ldftn` feeds the delegate `newobj` right after it (tokens.rs).
        if op == O::Ldftn {
            self.ldftn(blk, insn, st, last)?;
            return Ok(false);
        }
        debug_assert!(self.pending_ftn.is_none() || op == O::Newobj);
        // `ldvirtftn`: a code pointer from the runtime (tokens.rs).
        if op == O::Ldvirtftn {
            self.ldvirtftn(blk, insn, st)?;
            return Ok(false);
        }
        // `constrained.` (calls.rs) prefixes the `callvirt` that follows.
        if op == O::Constrained {
            self.constrained_prefix(insn, last)?;
            return Ok(false);
        }
        let constrained = self.constrained.take();
        if constrained.is_some() && op != O::Callvirt {
            return Err(invalid(insn.offset, InvalidIlKind::OperandTypes));
        }
        // `ldarg*`, `starg*`, `ldloc*`, `stloc*`, `ldarga*`, `ldloca*` (vars.rs).
        if let Some(v) = self.var_index(insn) {
            self.variable(blk, insn, v, st)?;
            return Ok(false);
        }
        // `ldc.r4`, `ldc.r8`, `conv.r4`, `conv.r8`, `conv.r.un`, `ckfinite`
        // and any opcode whose operands are `F` (float.rs).
        if self.float_operands(blk, b, insn, st)? {
            return Ok(false);
        }
        if self.operation(blk, insn, st, constrained)? {
            debug_assert!(!last || falls_through(op));
            return Ok(false);
        }
        // control.rs
        self.terminator(blk, b, insn, st)
    }

    /// Translates an instruction that does not end its block; false if
    /// `insn` is not one.
    fn operation(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
        constrained: Option<u32>,
    ) -> Result<bool, LowerError> {
        use Opcode as O;
        match insn.opcode {
            O::Nop => {}
            // stack.rs
            O::Ldc_I4_M1
            | O::Ldc_I4_0
            | O::Ldc_I4_1
            | O::Ldc_I4_2
            | O::Ldc_I4_3
            | O::Ldc_I4_4
            | O::Ldc_I4_5
            | O::Ldc_I4_6
            | O::Ldc_I4_7
            | O::Ldc_I4_8
            | O::Ldc_I4
            | O::Ldc_I4_S
            | O::Ldc_I8
            | O::Ldnull
            | O::Ldstr => self.constant(blk, insn, st)?,
            O::Dup | O::Pop => self.dup_pop(insn, st)?,
            // arith.rs
            O::Add
            | O::Sub
            | O::Mul
            | O::Div
            | O::Div_Un
            | O::Rem
            | O::Rem_Un
            | O::And
            | O::Or
            | O::Xor
            | O::Add_Ovf
            | O::Add_Ovf_Un
            | O::Sub_Ovf
            | O::Sub_Ovf_Un
            | O::Mul_Ovf
            | O::Mul_Ovf_Un => self.binary(blk, insn, st)?,
            O::Neg | O::Not => self.unary(blk, insn, st)?,
            O::Shl | O::Shr | O::Shr_Un => self.shift(blk, insn, st)?,
            O::Ceq | O::Cgt | O::Cgt_Un | O::Clt | O::Clt_Un => self.compare(blk, insn, st)?,
            O::Conv_I1
            | O::Conv_U1
            | O::Conv_I2
            | O::Conv_U2
            | O::Conv_I4
            | O::Conv_U4
            | O::Conv_I8
            | O::Conv_U8
            | O::Conv_I
            | O::Conv_U
            | O::Conv_Ovf_I1
            | O::Conv_Ovf_U1
            | O::Conv_Ovf_I2
            | O::Conv_Ovf_U2
            | O::Conv_Ovf_I4
            | O::Conv_Ovf_U4
            | O::Conv_Ovf_I8
            | O::Conv_Ovf_U8
            | O::Conv_Ovf_I
            | O::Conv_Ovf_U
            | O::Conv_Ovf_I1_Un
            | O::Conv_Ovf_U1_Un
            | O::Conv_Ovf_I2_Un
            | O::Conv_Ovf_U2_Un
            | O::Conv_Ovf_I4_Un
            | O::Conv_Ovf_U4_Un
            | O::Conv_Ovf_I8_Un
            | O::Conv_Ovf_U8_Un
            | O::Conv_Ovf_I_Un
            | O::Conv_Ovf_U_Un => self.conversion(blk, insn, st)?,
            // calls.rs
            O::Call | O::Callvirt => self.call(blk, insn, st, constrained)?,
            // objects.rs
            // (valuetype.rs first: value types and float boxes)
            O::Newobj => {
                if !self.newobj_value(blk, insn, st)? {
                    self.newobj(blk, insn, st)?
                }
            }
            // tokens.rs
            O::Ldtoken => self.ldtoken(blk, insn, st)?,
            O::Castclass | O::Isinst => self.cast(blk, insn, st)?,
            O::Box | O::Unbox | O::Unbox_Any => {
                if !self.value_op(blk, insn, st)? {
                    self.box_unbox(blk, insn, st)?
                }
            }
            // fields.rs (valuetype.rs first: struct fields, struct values)
            O::Ldfld | O::Stfld => {
                if !self.value_op(blk, insn, st)? {
                    self.instance_field_access(blk, insn, st)?
                }
            }
            O::Ldflda => {
                if !self.value_op(blk, insn, st)? {
                    self.instance_field_address(blk, insn, st)?
                }
            }
            // valuetype.rs
            O::Initobj | O::Ldobj | O::Stobj | O::Cpobj | O::Sizeof => {
                self.value_op(blk, insn, st)?;
            }
            // (valuetype.rs first: boxed struct statics)
            O::Ldsfld | O::Stsfld | O::Ldsflda => {
                if !self.value_op(blk, insn, st)? {
                    self.static_field(blk, insn, st)?
                }
            }
            // arrays.rs
            O::Newarr => self.newarr(blk, insn, st)?,
            O::Ldlen => self.ldlen(blk, insn, st)?,
            O::Ldelem_I1
            | O::Ldelem_U1
            | O::Ldelem_I2
            | O::Ldelem_U2
            | O::Ldelem_I4
            | O::Ldelem_U4
            | O::Ldelem_I8
            | O::Ldelem_I
            | O::Ldelem_R4
            | O::Ldelem_R8
            | O::Ldelem_Ref
            | O::Ldelem
            | O::Ldelema
            | O::Stelem_I1
            | O::Stelem_I2
            | O::Stelem_I4
            | O::Stelem_I8
            | O::Stelem_I
            | O::Stelem_R4
            | O::Stelem_R8
            | O::Stelem_Ref
            | O::Stelem => {
                let structs = matches!(insn.opcode, O::Ldelem | O::Stelem | O::Ldelema);
                if !(structs && self.value_op(blk, insn, st)?) {
                    self.element(blk, insn, st)?
                }
            }
            // memory.rs
            O::Ldind_I1
            | O::Ldind_U1
            | O::Ldind_I2
            | O::Ldind_U2
            | O::Ldind_I4
            | O::Ldind_U4
            | O::Ldind_I8
            | O::Ldind_I
            | O::Ldind_R4
            | O::Ldind_R8
            | O::Ldind_Ref
            | O::Stind_I1
            | O::Stind_I2
            | O::Stind_I4
            | O::Stind_I8
            | O::Stind_I
            | O::Stind_R4
            | O::Stind_R8
            | O::Stind_Ref => self.indirect(blk, insn, st)?,
            O::Localloc => self.localloc(blk, insn, st)?,
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Translates a control transfer (control.rs): it ends the block.
    fn terminator(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<bool, LowerError> {
        use Opcode as O;
        match insn.opcode {
            O::Ret => self.ret(blk, insn, st)?,
            O::Throw => self.throw(blk, insn, st)?,
            O::Br | O::Br_S => self.branch(blk, b, insn, st)?,
            O::Brtrue | O::Brtrue_S | O::Brfalse | O::Brfalse_S => {
                self.branch_if(blk, b, insn, st)?
            }
            O::Beq
            | O::Beq_S
            | O::Bne_Un
            | O::Bne_Un_S
            | O::Bge
            | O::Bge_S
            | O::Bge_Un
            | O::Bge_Un_S
            | O::Bgt
            | O::Bgt_S
            | O::Bgt_Un
            | O::Bgt_Un_S
            | O::Ble
            | O::Ble_S
            | O::Ble_Un
            | O::Ble_Un_S
            | O::Blt
            | O::Blt_S
            | O::Blt_Un
            | O::Blt_Un_S => self.compare_branch(blk, b, insn, st)?,
            O::Switch => self.switch(blk, b, insn, st)?,
            // eh.rs
            O::Leave | O::Leave_S | O::Endfinally | O::Endfilter | O::Rethrow => {
                self.eh_terminator(blk, insn, st)?
            }
            _ => return Err(unsupported(insn)),
        }
        Ok(true)
    }

    /// Lets `float.rs` lower `insn` if it is a float opcode or its operands
    /// are `F`; true if it did.
    fn float_operands(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<bool, LowerError> {
        let offset = insn.offset;
        let mut cur = at(&mut self.func, blk, insn);
        let prev = {
            let i = self.insns.partition_point(|x| x.offset < offset);
            (i > self.blocks[b].start).then(|| self.insns[i - 1].opcode)
        };
        if let Some(float::Done::Value(v, k)) = float::translate(&mut cur, st, insn, prev)? {
            push(st, v, k, offset, self.max_stack)?;
            return Ok(true);
        }
        Ok(false)
    }
}
