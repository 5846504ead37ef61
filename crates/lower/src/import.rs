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
//! 5. **Simplify**: trivial block parameters are removed ([`crate::ssa`]).
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

use crate::env::{IlType, LowerEnv, MethodSig};
use crate::error::{CalleeReason, InvalidIl, InvalidIlKind, LowerError, Unsupported};
use kiln_ir::FConvOp;
use kiln_ir::{
    AbiParam, ArgExt, BinaryOp, Block, BlockCall, ConvOp, Cursor, Dispatch, ExtFuncData, FuncRef,
    Function, IlLoc, InstData, IntCC, Signature, TrapCode, Type, UnaryOp, Value, ValueDef,
};
use kiln_metadata::il::{FlowControl, IlDecoder, Instruction, Opcode, Operand};
use std::collections::{BTreeSet, HashMap};

mod float;

/// The kind of an evaluation-stack value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `int32`.
    I32,
    /// `int64` or `native int` (x64).
    I64,
    /// An object reference (`O`): class, string, array, `object`.
    Ref,
    /// A managed pointer (`&`): a value type's `this`, a `ref` parameter.
    /// Only the instructions that read through one or pass it on accept it
    /// ([`pop`] refuses it everywhere else).
    ByRef,
    /// `F` holding a `float32` (RyuJIT keeps `float32` values and
    /// arithmetic in single precision).
    F32,
    /// `F` holding a `float64`.
    F64,
}

impl Kind {
    fn ty(self) -> Type {
        match self {
            Kind::I32 => Type::I32,
            Kind::I64 => Type::I64,
            Kind::Ref => Type::Ref,
            Kind::ByRef => Type::ByRef,
            Kind::F32 => Type::F32,
            Kind::F64 => Type::F64,
        }
    }

    fn is_float(self) -> bool {
        matches!(self, Kind::F32 | Kind::F64)
    }
}

/// A variable's (argument's or local's) representation: its stack kind and,
/// for small types, the width and signedness it is normalized to on store.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct VarType {
    kind: Kind,
    small: Option<(Type, bool)>,
}

/// The IR view of an IL type the slice supports: its ABI parameter and its
/// variable representation.
fn supported(ty: IlType) -> Option<(AbiParam, VarType)> {
    let small = |t: Type, signed: bool| {
        (
            AbiParam::with_ext(t, if signed { ArgExt::Sext } else { ArgExt::Uext }),
            VarType {
                kind: Kind::I32,
                small: Some((t, signed)),
            },
        )
    };
    let plain = |kind: Kind| (AbiParam::new(kind.ty()), VarType { kind, small: None });
    Some(match ty {
        IlType::I1 => small(Type::I8, true),
        IlType::U1 | IlType::Bool => small(Type::I8, false),
        IlType::I2 => small(Type::I16, true),
        IlType::U2 | IlType::Char => small(Type::I16, false),
        IlType::I4 | IlType::U4 => plain(Kind::I32),
        IlType::I8 | IlType::U8 | IlType::I | IlType::U | IlType::Ptr => plain(Kind::I64),
        IlType::Object => plain(Kind::Ref),
        IlType::ByRef => plain(Kind::ByRef),
        IlType::R4 => plain(Kind::F32),
        IlType::R8 => plain(Kind::F64),
        IlType::ValueType | IlType::GenericParam | IlType::TypedRef => return None,
    })
}

/// One IL basic block.
#[derive(Debug)]
struct IlBlock {
    /// Index of the first instruction.
    start: usize,
    /// One past the last instruction.
    end: usize,
    /// Successor blocks (by index); `None` marks a fall-through past the end
    /// of the code.
    succs: Vec<Option<usize>>,
}

/// A target width of `conv.*`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ConvTarget {
    I1,
    U1,
    I2,
    U2,
    I4,
    U4,
    I8,
    U8,
}

impl ConvTarget {
    fn range(self) -> (i128, i128) {
        match self {
            ConvTarget::I1 => (i8::MIN as i128, i8::MAX as i128),
            ConvTarget::U1 => (0, u8::MAX as i128),
            ConvTarget::I2 => (i16::MIN as i128, i16::MAX as i128),
            ConvTarget::U2 => (0, u16::MAX as i128),
            ConvTarget::I4 => (i32::MIN as i128, i32::MAX as i128),
            ConvTarget::U4 => (0, u32::MAX as i128),
            ConvTarget::I8 => (i64::MIN as i128, i64::MAX as i128),
            ConvTarget::U8 => (0, u64::MAX as i128),
        }
    }

    fn signed(self) -> bool {
        matches!(
            self,
            ConvTarget::I1 | ConvTarget::I2 | ConvTarget::I4 | ConvTarget::I8
        )
    }

    /// The IR type holding the value before widening to the stack kind.
    fn ty(self) -> Type {
        match self {
            ConvTarget::I1 | ConvTarget::U1 => Type::I8,
            ConvTarget::I2 | ConvTarget::U2 => Type::I16,
            ConvTarget::I4 | ConvTarget::U4 => Type::I32,
            ConvTarget::I8 | ConvTarget::U8 => Type::I64,
        }
    }
}

/// How a `conv` checks overflow.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Ovf {
    /// `conv.*`: no check.
    None,
    /// `conv.ovf.*`: the source is read as signed.
    Signed,
    /// `conv.ovf.*.un`: the source is read as unsigned.
    Unsigned,
}

fn conv_of(op: Opcode) -> Option<(ConvTarget, Ovf)> {
    use ConvTarget as T;
    use Opcode as O;
    Some(match op {
        O::Conv_I1 => (T::I1, Ovf::None),
        O::Conv_U1 => (T::U1, Ovf::None),
        O::Conv_I2 => (T::I2, Ovf::None),
        O::Conv_U2 => (T::U2, Ovf::None),
        O::Conv_I4 => (T::I4, Ovf::None),
        O::Conv_U4 => (T::U4, Ovf::None),
        O::Conv_I8 | O::Conv_I => (T::I8, Ovf::None),
        O::Conv_U8 | O::Conv_U => (T::U8, Ovf::None),
        O::Conv_Ovf_I1 => (T::I1, Ovf::Signed),
        O::Conv_Ovf_U1 => (T::U1, Ovf::Signed),
        O::Conv_Ovf_I2 => (T::I2, Ovf::Signed),
        O::Conv_Ovf_U2 => (T::U2, Ovf::Signed),
        O::Conv_Ovf_I4 => (T::I4, Ovf::Signed),
        O::Conv_Ovf_U4 => (T::U4, Ovf::Signed),
        O::Conv_Ovf_I8 | O::Conv_Ovf_I => (T::I8, Ovf::Signed),
        O::Conv_Ovf_U8 | O::Conv_Ovf_U => (T::U8, Ovf::Signed),
        O::Conv_Ovf_I1_Un => (T::I1, Ovf::Unsigned),
        O::Conv_Ovf_U1_Un => (T::U1, Ovf::Unsigned),
        O::Conv_Ovf_I2_Un => (T::I2, Ovf::Unsigned),
        O::Conv_Ovf_U2_Un => (T::U2, Ovf::Unsigned),
        O::Conv_Ovf_I4_Un => (T::I4, Ovf::Unsigned),
        O::Conv_Ovf_U4_Un => (T::U4, Ovf::Unsigned),
        O::Conv_Ovf_I8_Un | O::Conv_Ovf_I_Un => (T::I8, Ovf::Unsigned),
        O::Conv_Ovf_U8_Un | O::Conv_Ovf_U_Un => (T::U8, Ovf::Unsigned),
        _ => return None,
    })
}

/// Binary arithmetic opcodes: the IR operation and whether an `int32`
/// operand mixed with a 64-bit one is zero-extended (else sign-extended).
fn binary_of(op: Opcode) -> Option<(BinaryOp, bool)> {
    use Opcode as O;
    Some(match op {
        O::Add => (BinaryOp::Iadd, false),
        O::Sub => (BinaryOp::Isub, false),
        O::Mul => (BinaryOp::Imul, false),
        O::And => (BinaryOp::Band, false),
        O::Or => (BinaryOp::Bor, false),
        O::Xor => (BinaryOp::Bxor, false),
        O::Div => (BinaryOp::Sdiv, false),
        O::Rem => (BinaryOp::Srem, false),
        O::Div_Un => (BinaryOp::Udiv, false),
        O::Rem_Un => (BinaryOp::Urem, false),
        O::Add_Ovf => (BinaryOp::SaddOvf, false),
        O::Add_Ovf_Un => (BinaryOp::UaddOvf, true),
        O::Sub_Ovf => (BinaryOp::SsubOvf, false),
        O::Sub_Ovf_Un => (BinaryOp::UsubOvf, true),
        O::Mul_Ovf => (BinaryOp::SmulOvf, false),
        O::Mul_Ovf_Un => (BinaryOp::UmulOvf, true),
        _ => return None,
    })
}

/// Comparison opcodes (`ceq`… and the two-operand branches) and their
/// condition. (For integers `bne.un` is `!=`.)
fn compare_of(op: Opcode) -> Option<IntCC> {
    use Opcode as O;
    Some(match op {
        O::Ceq | O::Beq | O::Beq_S => IntCC::Eq,
        O::Cgt | O::Bgt | O::Bgt_S => IntCC::Sgt,
        O::Clt | O::Blt | O::Blt_S => IntCC::Slt,
        O::Bge | O::Bge_S => IntCC::Sge,
        O::Ble | O::Ble_S => IntCC::Sle,
        O::Cgt_Un | O::Bgt_Un | O::Bgt_Un_S => IntCC::Ugt,
        O::Clt_Un | O::Blt_Un | O::Blt_Un_S => IntCC::Ult,
        O::Bge_Un | O::Bge_Un_S => IntCC::Uge,
        O::Ble_Un | O::Ble_Un_S => IntCC::Ule,
        O::Bne_Un | O::Bne_Un_S => IntCC::Ne,
        _ => return None,
    })
}

/// The signature checks shared by the compiled method and its callees.
/// `this` is the type of an instance method's `this` (its first IR
/// parameter); only object references (methods of classes) are supported.
fn ir_signature(sig: &MethodSig, this: Option<IlType>) -> Result<Signature, CalleeReason> {
    let mut out = Signature::default();
    match (sig.has_this, this) {
        (false, _) => {}
        (true, Some(IlType::Object)) => out.params.push(AbiParam::new(Type::Ref)),
        (true, Some(IlType::ByRef)) => out.params.push(AbiParam::new(Type::ByRef)),
        (true, _) => return Err(CalleeReason::Instance),
    }
    if sig.vararg {
        return Err(CalleeReason::VarArg);
    }
    if sig.generic_params != 0 {
        return Err(CalleeReason::Generic);
    }
    for (i, &ty) in sig.params.iter().enumerate() {
        let (p, _) = supported(ty).ok_or(CalleeReason::ParamType {
            index: i as u16,
            ty,
        })?;
        out.params.push(p);
    }
    if let Some(ty) = sig.ret {
        let (p, _) = supported(ty).ok_or(CalleeReason::ReturnType { ty })?;
        out.returns.push(p);
    }
    Ok(out)
}

/// Lowers the method described by `env` to IR.
///
/// # Errors
/// [`LowerError::Unsupported`] for input outside the slice (skip the
/// method), [`LowerError::Invalid`] for IL breaking Partition III rules,
/// [`LowerError::Metadata`] for undecodable metadata or IL.
///
/// # Panics
/// If the produced IR fails verification (a bug of the importer); the
/// message shows the IR and the errors.
pub fn lower_method(env: &impl LowerEnv) -> Result<Function, LowerError> {
    let sig = env.signature()?;
    let this = if sig.has_this { env.this_type()? } else { None };
    let ir_sig = ir_signature(&sig, this).map_err(|reason| match reason {
        CalleeReason::Instance | CalleeReason::ValueTypeInstance | CalleeReason::Virtual => {
            Unsupported::InstanceMethod
        }
        CalleeReason::VarArg => Unsupported::VarArgMethod,
        CalleeReason::Generic => Unsupported::GenericMethod,
        CalleeReason::ParamType { index, ty } => Unsupported::ParamType { index, ty },
        CalleeReason::ReturnType { ty } => Unsupported::ReturnType { ty },
    })?;
    if env.synchronized() {
        return Err(Unsupported::Synchronized.into());
    }
    let class_init = env
        .class_init_trigger()?
        .map_err(|reason| Unsupported::ClassInit { reason })?;
    let body = env.body()?;
    if body.exception_clauses != 0 {
        return Err(Unsupported::ExceptionHandling {
            clauses: body.exception_clauses,
        }
        .into());
    }
    if body.code.is_empty() {
        return Err(InvalidIl {
            offset: 0,
            kind: InvalidIlKind::EmptyBody,
        }
        .into());
    }
    let locals = env.locals()?;
    let insns: Vec<Instruction<'_>> = IlDecoder::new(body.code).collect::<Result<_, _>>()?;

    let mut vars: Vec<Result<VarType, IlType>> = Vec::new();
    let this_param = this.filter(|_| sig.has_this);
    for &ty in this_param.iter().chain(&sig.params) {
        vars.push(Ok(supported(ty).expect("checked by ir_signature").1));
    }
    for &ty in &locals {
        // `ref` locals would need a null managed pointer to start from.
        vars.push(
            supported(ty)
                .map(|(_, v)| v)
                .filter(|v| v.kind != Kind::ByRef)
                .ok_or(ty),
        );
    }

    let mut imp = Importer {
        env,
        func: Function::new(env.method_name(), ir_sig.clone()),
        max_stack: body.max_stack,
        nargs: sig.params.len() + usize::from(sig.has_this),
        has_this: sig.has_this,
        this_value: None,
        slots: Vec::new(),
        constrained: None,
        ret: ir_sig.returns.first().copied(),
        vars,
        insns,
        blocks: Vec::new(),
        block_of_offset: HashMap::new(),
        ir_blocks: Vec::new(),
        shapes: Vec::new(),
        live_in: Vec::new(),
        callees: HashMap::new(),
        virtual_callees: HashMap::new(),
        worklist: BTreeSet::new(),
        class_init,
    };
    imp.find_blocks()?;
    imp.address_taken();
    imp.liveness();
    imp.translate(&ir_sig)?;
    crate::ssa::remove_trivial_params(&mut imp.func);
    if imp.has_this {
        remove_this_null_checks(&mut imp.func);
    }
    if let Err(errors) = kiln_ir::verify_function(&imp.func) {
        panic!(
            "kiln-lower produced invalid IR for {}:\n{}\n{errors}",
            imp.func.name,
            kiln_ir::write_function_with_errors(&imp.func, &errors.0)
        );
    }
    Ok(imp.func)
}

struct Importer<'a, E> {
    env: &'a E,
    func: Function,
    max_stack: u16,
    nargs: usize,
    /// An instance method: argument 0 is `this`.
    has_this: bool,
    /// The token of a `constrained.` prefix waiting for its `callvirt`.
    constrained: Option<u32>,
    /// The class whose constructor runs first (`class_init_trigger`).
    class_init: Option<u32>,
    /// The stack slot of each address-taken variable (`ldloca`/`ldarga` of
    /// an integer variable): it lives in memory, not in SSA values.
    slots: Vec<Option<kiln_ir::StackSlot>>,
    /// The entry value of `this` (never null when the method runs: callers
    /// null-check it, and the field accesses of a `call` with a null `this`
    /// fault at a small address, which the runtime turns into a
    /// `NullReferenceException` as for JIT-compiled code).
    this_value: Option<Value>,
    ret: Option<AbiParam>,
    /// Argument then local representations (`Err` holds an unsupported
    /// local's type, reported only if the local is used).
    vars: Vec<Result<VarType, IlType>>,
    insns: Vec<Instruction<'a>>,
    blocks: Vec<IlBlock>,
    block_of_offset: HashMap<u32, usize>,
    /// The IR block of each reachable IL block.
    ir_blocks: Vec<Option<Block>>,
    /// The entry stack kinds of each IL block, once known.
    shapes: Vec<Option<Vec<Kind>>>,
    /// Variables live on entry, per IL block.
    live_in: Vec<Vec<bool>>,
    callees: HashMap<u32, (FuncRef, bool)>,
    /// Virtual-dispatch imports of the `callvirt`ed virtual methods.
    virtual_callees: HashMap<u32, FuncRef>,
    /// IL blocks whose shape is known but not yet translated, lowest first.
    worklist: BTreeSet<usize>,
}

/// The state while translating one block.
struct State {
    vars: Vec<Option<Value>>,
    stack: Vec<(Value, Kind)>,
}

fn invalid(offset: u32, kind: InvalidIlKind) -> LowerError {
    InvalidIl { offset, kind }.into()
}

fn branch_targets(insn: &Instruction<'_>) -> Vec<u32> {
    match insn.operand {
        Operand::Branch(t) => vec![t],
        Operand::Switch(s) => s.iter().collect(),
        _ => Vec::new(),
    }
}

/// Whether control can continue with the next instruction.
fn falls_through(op: Opcode) -> bool {
    !matches!(
        op.flow_control(),
        FlowControl::Branch | FlowControl::Return | FlowControl::Throw
    )
}

/// Whether the instruction ends a basic block.
fn ends_block(op: Opcode) -> bool {
    matches!(
        op.flow_control(),
        FlowControl::Branch | FlowControl::CondBranch | FlowControl::Return | FlowControl::Throw
    )
}

impl<E: LowerEnv> Importer<'_, E> {
    fn find_blocks(&mut self) -> Result<(), LowerError> {
        let index_of: HashMap<u32, usize> = self
            .insns
            .iter()
            .enumerate()
            .map(|(i, insn)| (insn.offset, i))
            .collect();
        let n = self.insns.len();
        let mut leader = vec![false; n];
        leader[0] = true;
        for (i, insn) in self.insns.iter().enumerate() {
            for t in branch_targets(insn) {
                let &ti = index_of.get(&t).ok_or_else(|| {
                    invalid(insn.offset, InvalidIlKind::BranchTarget { target: t })
                })?;
                leader[ti] = true;
            }
            if ends_block(insn.opcode) && i + 1 < n {
                leader[i + 1] = true;
            }
        }
        let starts: Vec<usize> = (0..n).filter(|&i| leader[i]).collect();
        for (b, &start) in starts.iter().enumerate() {
            let end = starts.get(b + 1).copied().unwrap_or(n);
            self.block_of_offset.insert(self.insns[start].offset, b);
            self.blocks.push(IlBlock {
                start,
                end,
                succs: Vec::new(),
            });
        }
        for b in 0..self.blocks.len() {
            let last = &self.insns[self.blocks[b].end - 1];
            let mut succs: Vec<Option<usize>> = branch_targets(last)
                .into_iter()
                .map(|t| Some(self.block_of_offset[&t]))
                .collect();
            if falls_through(last.opcode) {
                succs.push((b + 1 < self.blocks.len()).then_some(b + 1));
            }
            self.blocks[b].succs = succs;
        }
        Ok(())
    }

    /// The variable an instruction accesses: `Some(Ok(flat index))` (arguments
    /// first, then locals), `Some(Err(index))` for an index out of range.
    fn var_index(&self, insn: &Instruction<'_>) -> Option<Result<usize, u16>> {
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

    fn is_store(op: Opcode) -> bool {
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

    /// Gives every integer or float variable whose address is taken
    /// (`ldloca`, `ldarga`) a stack slot. Variables of other kinds keep their SSA
    /// values; their `ldloca`/`ldarga` is refused when translated.
    fn address_taken(&mut self) {
        self.slots = vec![None; self.vars.len()];
        for i in 0..self.insns.len() {
            let insn = self.insns[i];
            if !matches!(
                insn.opcode,
                Opcode::Ldloca | Opcode::Ldloca_S | Opcode::Ldarga | Opcode::Ldarga_S
            ) {
                continue;
            }
            let Some(Ok(v)) = self.var_index(&insn) else {
                continue;
            };
            let int = matches!(self.vars[v], Ok(vt) if matches!(vt.kind, Kind::I32 | Kind::I64 | Kind::F32 | Kind::F64));
            if int && self.slots[v].is_none() {
                self.slots[v] = Some(self.func.create_stack_slot(kiln_ir::StackSlotData {
                    size: 8,
                    align: 8,
                    layout: None,
                }));
            }
        }
    }

    /// Backward data flow: variables live on entry of each IL block.
    fn liveness(&mut self) {
        let nvars = self.vars.len();
        let nb = self.blocks.len();
        let mut gen = vec![vec![false; nvars]; nb];
        let mut kill = vec![vec![false; nvars]; nb];
        for (b, blk) in self.blocks.iter().enumerate() {
            for insn in &self.insns[blk.start..blk.end] {
                let Some(Ok(v)) = self.var_index(insn) else {
                    continue;
                };
                if self.slots[v].is_some() {
                    continue; // lives in its stack slot
                }
                if Self::is_store(insn.opcode) {
                    kill[b][v] = true;
                } else if !kill[b][v] {
                    gen[b][v] = true;
                }
            }
        }
        let mut live_in = gen.clone();
        let mut changed = true;
        while changed {
            changed = false;
            for b in (0..nb).rev() {
                for &s in self.blocks[b].succs.iter().flatten() {
                    for v in 0..nvars {
                        if live_in[s][v] && !kill[b][v] && !live_in[b][v] {
                            live_in[b][v] = true;
                            changed = true;
                        }
                    }
                }
            }
        }
        self.live_in = live_in;
    }

    fn translate(&mut self, sig: &Signature) -> Result<(), LowerError> {
        let nb = self.blocks.len();
        // Reachable IL blocks, then IR blocks in IL order.
        let mut reachable = vec![false; nb];
        let mut stack = vec![0usize];
        reachable[0] = true;
        let mut has_pred0 = false;
        while let Some(b) = stack.pop() {
            for s in self.blocks[b].succs.iter().flatten().copied() {
                has_pred0 |= s == 0;
                if !reachable[s] {
                    reachable[s] = true;
                    stack.push(s);
                }
            }
        }
        let pre_entry = has_pred0.then(|| {
            let b = self.func.dfg.make_block();
            self.func.layout.append_block(b);
            b
        });
        self.ir_blocks = (0..nb)
            .map(|b| {
                reachable[b].then(|| {
                    let blk = self.func.dfg.make_block();
                    self.func.layout.append_block(blk);
                    blk
                })
            })
            .collect();
        self.shapes = vec![None; nb];

        // The IR entry: function parameters become the initial values of the
        // arguments; live locals start at zero.
        let entry = pre_entry.unwrap_or(self.ir_blocks[0].expect("block 0 is reachable"));
        let params: Vec<Value> = sig
            .params
            .iter()
            .map(|p| self.func.dfg.append_block_param(entry, p.ty))
            .collect();
        if self.has_this {
            self.this_value = Some(params[0]);
        }
        let mut cur = Cursor::new(&mut self.func, entry);
        if let Some(token) = self.class_init {
            cur.ins(InstData::ClassInit { type_token: token });
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
                Err(ty) => {
                    return Err(Unsupported::LocalType {
                        index: (v - self.nargs) as u16,
                        ty,
                    }
                    .into())
                }
            };
            init.vars[v] = Some(if v < self.nargs {
                let p = params[v];
                match vt.small {
                    Some((_, signed)) => cur.conv(
                        if signed {
                            ConvOp::Sextend
                        } else {
                            ConvOp::Uextend
                        },
                        p,
                        Type::I32,
                    ),
                    None => p,
                }
            } else if vt.kind == Kind::Ref {
                cur.null()
            } else {
                match vt.kind {
                    Kind::F32 => cur.f32const(0),
                    Kind::F64 => cur.f64const(0),
                    k => cur.iconst(k.ty(), 0),
                }
            });
        }
        // Address-taken variables start in their slots: arguments with
        // their (normalized) values, locals at zero.
        for (v, (&slot, &var)) in self.slots.iter().zip(&self.vars).enumerate() {
            let (Some(slot), Ok(vt)) = (slot, var) else {
                continue;
            };
            let mut cur = Cursor::new(&mut self.func, entry);
            let value = if let Some(&p) = params.get(v).filter(|_| v < self.nargs) {
                match vt.small {
                    Some((_, signed)) => cur.conv(
                        if signed {
                            ConvOp::Sextend
                        } else {
                            ConvOp::Uextend
                        },
                        p,
                        Type::I32,
                    ),
                    None => p,
                }
            } else {
                match vt.kind {
                    Kind::F32 => cur.f32const(0),
                    Kind::F64 => cur.f64const(0),
                    k => cur.iconst(k.ty(), 0),
                }
            };
            store_slot(&mut cur, slot, vt, value);
        }
        if pre_entry.is_some() {
            // IL offset 0 is a branch target: the entry block only sets up
            // the variables and jumps to it.
            self.add_params(0, &[]);
            let args = self.branch_args(0, &init);
            let block0 = self.ir_blocks[0].expect("reachable");
            Cursor::new(&mut self.func, entry).jump(block0, &args);
            self.worklist.insert(0);
        } else {
            self.shapes[0] = Some(Vec::new());
            self.translate_block(0, init)?;
        }
        while let Some(b) = self.worklist.pop_first() {
            let state = self.block_entry_state(b);
            self.translate_block(b, state)?;
        }
        Ok(())
    }

    /// Creates the parameters of IL block `b`: live variables, then the stack.
    fn add_params(&mut self, b: usize, stack: &[Kind]) {
        let blk = self.ir_blocks[b].expect("reachable");
        for v in 0..self.vars.len() {
            if self.live_in[b][v] {
                // A live variable of an unsupported type is reported when
                // the block using it is translated; give it any type here.
                // (Its block parameter is never used.)
                let kind = self.vars[v].map(|vt| vt.kind).unwrap_or(Kind::I32);
                self.func.dfg.append_block_param(blk, kind.ty());
            }
        }
        for &k in stack {
            self.func.dfg.append_block_param(blk, k.ty());
        }
        self.shapes[b] = Some(stack.to_vec());
    }

    /// The variable values and stack at the start of IL block `b`: its
    /// parameters.
    fn block_entry_state(&self, b: usize) -> State {
        let blk = self.ir_blocks[b].expect("reachable");
        let params = self.func.dfg.block_params(blk);
        let mut state = State {
            vars: vec![None; self.vars.len()],
            stack: Vec::new(),
        };
        let mut i = 0;
        for v in 0..self.vars.len() {
            if self.live_in[b][v] {
                state.vars[v] = Some(params[i]);
                i += 1;
            }
        }
        let shape = self.shapes[b].as_ref().expect("shape known");
        for &k in shape {
            state.stack.push((params[i], k));
            i += 1;
        }
        state
    }

    /// The arguments for a branch from a block in `state` to IL block `s`.
    fn branch_args(&self, s: usize, state: &State) -> Vec<Value> {
        let mut args = Vec::new();
        for v in 0..self.vars.len() {
            if self.live_in[s][v] {
                args.push(state.vars[v].unwrap_or_else(|| {
                    panic!(
                        "variable {v} live into IL block {s} has no value in {}",
                        self.func.name
                    )
                }));
            }
        }
        args.extend(state.stack.iter().map(|&(v, _)| v));
        args
    }

    /// A block call to IL block `s` (`None`: past the end of the code) from
    /// `state`, fixing `s`'s entry shape on first use.
    fn edge(
        &mut self,
        offset: u32,
        s: Option<usize>,
        state: &State,
    ) -> Result<BlockCall, LowerError> {
        let s = s.ok_or_else(|| invalid(offset, InvalidIlKind::FallsOffEnd))?;
        let kinds: Vec<Kind> = state.stack.iter().map(|&(_, k)| k).collect();
        let target = self.insns[self.blocks[s].start].offset;
        match &self.shapes[s] {
            None => {
                self.add_params(s, &kinds);
                self.worklist.insert(s);
            }
            Some(shape) if shape.len() != kinds.len() => {
                return Err(invalid(
                    offset,
                    InvalidIlKind::StackDepthMismatch { target },
                ));
            }
            Some(shape) if *shape != kinds => {
                return Err(Unsupported::StackMerge { offset: target }.into());
            }
            Some(_) => {}
        }
        Ok(BlockCall::new(
            self.ir_blocks[s].expect("reachable"),
            self.branch_args(s, state),
        ))
    }

    fn translate_block(&mut self, b: usize, mut state: State) -> Result<(), LowerError> {
        let (start, end) = (self.blocks[b].start, self.blocks[b].end);
        let blk = self.ir_blocks[b].expect("reachable");
        for i in start..end {
            let insn = self.insns[i];
            let last = i + 1 == end;
            let done = self.translate_insn(blk, b, &insn, &mut state, last)?;
            if done {
                return Ok(());
            }
        }
        // Fell through into the next block.
        let last = self.insns[end - 1];
        let succ = self.blocks[b].succs.last().copied().flatten();
        let dest = self.edge(last.offset, succ, &state)?;
        let mut cur = Cursor::new(&mut self.func, blk);
        cur.set_loc(None);
        cur.ins(InstData::Jump { dest });
        Ok(())
    }

    /// Translates one instruction; returns true if it ended the block with a
    /// terminator.
    fn translate_insn(
        &mut self,
        blk: Block,
        b: usize,
        insn: &Instruction<'_>,
        st: &mut State,
        last: bool,
    ) -> Result<bool, LowerError> {
        use Opcode as O;
        let offset = insn.offset;
        let op = insn.opcode;
        let unsupported = || -> LowerError { Unsupported::Opcode { offset, opcode: op }.into() };
        let max_stack = self.max_stack;
        let env = self.env;
        let nargs = self.nargs;

        // `constrained. T` prefixes the `callvirt` that follows (III.2.1).
        if op == O::Constrained {
            let Operand::Token(t) = insn.operand else {
                unreachable!("decoder gives constrained. a token")
            };
            if self.constrained.is_some() || last {
                return Err(invalid(offset, InvalidIlKind::OperandTypes));
            }
            self.constrained = Some(t.0);
            return Ok(false);
        }
        let constrained = self.constrained.take();
        if constrained.is_some() && op != O::Callvirt {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }

        // Variable accesses.
        if let Some(v) = self.var_index(insn) {
            let v = v.map_err(|index| invalid(offset, InvalidIlKind::BadVariable { index }))?;
            let address_of = matches!(op, O::Ldarga | O::Ldarga_S | O::Ldloca | O::Ldloca_S);
            if address_of && self.slots[v].is_none() {
                // The address of a reference, float or struct variable.
                return Err(unsupported());
            }
            let vt = match self.vars.get(v) {
                None => unreachable!("var_index checks the range"),
                Some(Err(ty)) => {
                    return Err(Unsupported::LocalType {
                        index: (v - nargs) as u16,
                        ty: *ty,
                    }
                    .into())
                }
                Some(Ok(vt)) => *vt,
            };
            let mut cur = Cursor::new(&mut self.func, blk);
            cur.set_loc(Some(IlLoc::new(offset, op.name())));
            if let Some(slot) = self.slots[v] {
                if address_of {
                    let a = cur.ins(InstData::StackAddr { slot, offset: 0 });
                    let a = cur.func.dfg.inst_results(a)[0];
                    push(st, a, Kind::ByRef, offset, max_stack)?;
                } else if Self::is_store(op) {
                    let (val, kind) = pop(st, offset)?;
                    if kind == Kind::Ref || kind.is_float() != vt.kind.is_float() {
                        return Err(invalid(offset, InvalidIlKind::OperandTypes));
                    }
                    let stored = coerce(&mut cur, val, kind, vt.kind.ty(), vt.small);
                    store_slot(&mut cur, slot, vt, stored);
                } else {
                    let val = load_slot(&mut cur, slot, vt);
                    push(st, val, vt.kind, offset, max_stack)?;
                }
                return Ok(false);
            }
            if Self::is_store(op) {
                let (val, kind) = pop_any(st, offset)?;
                if (kind == Kind::ByRef) != (vt.kind == Kind::ByRef)
                    || (kind == Kind::Ref) != (vt.kind == Kind::Ref)
                    || kind.is_float() != vt.kind.is_float()
                {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                let stored = coerce(&mut cur, val, kind, vt.kind.ty(), vt.small);
                st.vars[v] = Some(stored);
            } else {
                let val = st.vars[v]
                    .unwrap_or_else(|| panic!("variable {v} read at IL_{offset:04x} has no value"));
                push(st, val, vt.kind, offset, max_stack)?;
            }
            return Ok(false);
        }

        let mut cur = Cursor::new(&mut self.func, blk);
        cur.set_loc(Some(IlLoc::new(offset, op.name())));
        let prev = {
            let i = self.insns.partition_point(|x| x.offset < offset);
            (i > self.blocks[b].start).then(|| self.insns[i - 1].opcode)
        };
        if let Some(float::Done::Value(v, k)) = float::translate(&mut cur, st, insn, prev)? {
            push(st, v, k, offset, max_stack)?;
            return Ok(false);
        }
        if let Some((bop, zext)) = binary_of(op) {
            let (x, y, kind) = pop_pair(&mut cur, st, offset, zext)?;
            if kind == Kind::Ref {
                // Arithmetic on object references is unverifiable.
                return Err(unsupported());
            }
            let r = match bop {
                BinaryOp::Sdiv | BinaryOp::Srem => {
                    guard_signed_division(&mut cur, x, y, kind);
                    cur.binary(bop, x, y)
                }
                BinaryOp::Udiv | BinaryOp::Urem => {
                    if !matches!(iconst_of(cur.func, y), Some(c) if c != 0) {
                        cur.trapz(y, TrapCode::DivideByZero);
                    }
                    cur.binary(bop, x, y)
                }
                _ => cur.binary(bop, x, y),
            };
            push(st, r, kind, offset, max_stack)?;
            return Ok(false);
        }
        if let Some((target, ovf)) = conv_of(op) {
            let (x, kind) = pop(st, offset)?;
            if kind == Kind::Ref {
                return Err(unsupported());
            }
            let (r, rk) = convert(&mut cur, x, kind, target, ovf);
            push(st, r, rk, offset, max_stack)?;
            return Ok(false);
        }
        match op {
            O::Nop => {}
            O::Ldc_I4_M1
            | O::Ldc_I4_0
            | O::Ldc_I4_1
            | O::Ldc_I4_2
            | O::Ldc_I4_3
            | O::Ldc_I4_4
            | O::Ldc_I4_5
            | O::Ldc_I4_6
            | O::Ldc_I4_7
            | O::Ldc_I4_8 => {
                let n = op as i64 - O::Ldc_I4_0 as i64;
                let v = cur.iconst(Type::I32, n);
                push(st, v, Kind::I32, offset, max_stack)?;
            }
            O::Ldc_I4 | O::Ldc_I4_S => {
                let Operand::Int32(n) = insn.operand else {
                    unreachable!("decoder gives ldc.i4 an Int32")
                };
                let v = cur.iconst(Type::I32, n as i64);
                push(st, v, Kind::I32, offset, max_stack)?;
            }
            O::Ldc_I8 => {
                let Operand::Int64(n) = insn.operand else {
                    unreachable!("decoder gives ldc.i8 an Int64")
                };
                let v = cur.iconst(Type::I64, n);
                push(st, v, Kind::I64, offset, max_stack)?;
            }
            O::Dup => {
                let (v, k) = *st
                    .stack
                    .last()
                    .ok_or_else(|| invalid(offset, InvalidIlKind::StackUnderflow))?;
                push(st, v, k, offset, max_stack)?;
            }
            O::Pop => {
                pop_any(st, offset)?;
            }
            O::Neg | O::Not => {
                let (x, k) = pop(st, offset)?;
                if k == Kind::Ref {
                    return Err(unsupported());
                }
                let u = if op == O::Neg {
                    UnaryOp::Ineg
                } else {
                    UnaryOp::Bnot
                };
                let r = cur.unary(u, x);
                push(st, r, k, offset, max_stack)?;
            }
            O::Shl | O::Shr | O::Shr_Un => {
                let (amount, ka) = pop(st, offset)?;
                let (x, k) = pop(st, offset)?;
                if k == Kind::Ref || ka == Kind::Ref {
                    return Err(unsupported());
                }
                let bop = match op {
                    O::Shl => BinaryOp::Ishl,
                    O::Shr => BinaryOp::Sshr,
                    _ => BinaryOp::Ushr,
                };
                let r = cur.binary(bop, x, amount);
                push(st, r, k, offset, max_stack)?;
            }
            O::Ceq | O::Cgt | O::Cgt_Un | O::Clt | O::Clt_Un => {
                let cc = compare_of(op).expect("comparison");
                let (x, y, k) = pop_pair(&mut cur, st, offset, false)?;
                if k == Kind::Ref && !ref_condition(cc) {
                    return Err(unsupported());
                }
                let r = cur.icmp(cc, x, y);
                push(st, r, Kind::I32, offset, max_stack)?;
            }
            O::Call | O::Callvirt => {
                let Operand::Token(token) = insn.operand else {
                    unreachable!("decoder gives call a token")
                };
                let token = token.0;
                let (fref, is_virtual) = match self.callees.get(&token) {
                    Some(&f) => f,
                    None => {
                        let target = env.resolve_call(token)?;
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
                        let sig = ir_signature(&target.sig, this).map_err(callee)?;
                        let f = cur.func.import_function(ExtFuncData {
                            name: target.name,
                            signature: sig,
                            callee: target.callee,
                            dispatch: Dispatch::Direct,
                        });
                        let virt = target.sig.has_this && target.is_virtual;
                        self.callees.insert(token, (f, virt));
                        (f, virt)
                    }
                };
                // `callvirt` of a virtual (or interface) method dispatches on
                // the object's type: the same callee through a
                // virtual-stub-dispatch cell.
                let fref = if op == O::Callvirt && is_virtual {
                    match self.virtual_callees.get(&token) {
                        Some(&f) => f,
                        None => {
                            let mut ext = cur.func.ext_funcs[fref].clone();
                            ext.dispatch = Dispatch::Virtual;
                            let f = cur.func.import_function(ext);
                            self.virtual_callees.insert(token, f);
                            f
                        }
                    }
                } else {
                    fref
                };
                let sig = cur.func.ext_funcs[fref].signature.clone();
                if st.stack.len() < sig.params.len() {
                    return Err(invalid(offset, InvalidIlKind::StackUnderflow));
                }
                let base = st.stack.len() - sig.params.len();
                let mut popped: Vec<(Value, Kind)> = st.stack.drain(base..).collect();
                if let Some(ctok) = constrained {
                    // `this` is a managed pointer to a `ctok`: a reference
                    // type's object is loaded from it; a primitive or enum
                    // is boxed (its Object/ValueType/interface methods do
                    // not mutate the value, so calling them on a boxed copy
                    // is what calling them in place does).
                    let refuse = |reason: String| -> LowerError {
                        Unsupported::Boxing {
                            offset,
                            opcode: O::Constrained,
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
                    if !matches!(ctok >> 24, 0x01 | 0x02) || ctok & 0x00FF_FFFF == 0 {
                        return Err(refuse("type is not a TypeDef or TypeRef".into()));
                    }
                    let (_, ty) = env.array_elem(ctok)?.map_err(refuse)?;
                    let obj = if ty == IlType::Object {
                        cur.load(Type::Ref, this, 0)
                    } else {
                        let (abi, _) = supported(ty)
                            .filter(|(abi, _)| abi.ty.is_int())
                            .ok_or_else(|| refuse(format!("value of type {ty:?}")))?;
                        let v = cur.load(abi.ty, this, 0);
                        let obj = cur.new_object(ctok);
                        cur.store(v, obj, BOX_DATA_OFFSET);
                        obj
                    };
                    popped[0] = (obj, Kind::Ref);
                }
                let mut args = Vec::with_capacity(popped.len());
                for (&(v, k), p) in popped.iter().zip(&sig.params) {
                    if (k == Kind::Ref) != (p.ty == Type::Ref)
                        || (k == Kind::ByRef) != (p.ty == Type::ByRef)
                        || k.is_float() != p.ty.is_float()
                    {
                        return Err(invalid(offset, InvalidIlKind::OperandTypes));
                    }
                    args.push(coerce_param(&mut cur, v, k, *p));
                }
                if op == O::Callvirt {
                    // `callvirt`: an explicit null check of `this` (III.4.2),
                    // then a direct call (non-virtual method) or virtual
                    // dispatch (whose stub must never see null: the check
                    // stays even on the method's own `this`).
                    let Some(&this) = args
                        .first()
                        .filter(|_| sig.params.first().is_some_and(|p| p.ty == Type::Ref))
                    else {
                        return Err(unsupported());
                    };
                    let virtual_call = cur.func.ext_funcs[fref].dispatch == Dispatch::Virtual;
                    if virtual_call || Some(this) != self.this_value {
                        cur.trapz(this, TrapCode::NullReference);
                    }
                }
                let call = cur.call(fref, &args);
                if let Some(&r) = cur.func.dfg.inst_results(call).first() {
                    let (v, k) = widen_result(&mut cur, r, sig.returns[0]);
                    push(st, v, k, offset, max_stack)?;
                }
            }
            O::Newobj => {
                let Operand::Token(token) = insn.operand else {
                    unreachable!("decoder gives newobj a token")
                };
                let token = token.0;
                let refuse = |reason: CalleeReason| -> LowerError {
                    Unsupported::Callee {
                        offset,
                        token,
                        reason,
                    }
                    .into()
                };
                let class = env.newobj_class(token)?.map_err(|reason| -> LowerError {
                    Unsupported::NewObject {
                        offset,
                        token,
                        reason,
                    }
                    .into()
                })?;
                let fref = match self.callees.get(&token) {
                    Some(&(f, _)) => f,
                    None => {
                        let target = env.resolve_call(token)?;
                        if !target.sig.has_this {
                            return Err(invalid(offset, InvalidIlKind::OperandTypes));
                        }
                        let this = Some(if target.owner_value_type {
                            IlType::ByRef
                        } else {
                            IlType::Object
                        });
                        let sig = ir_signature(&target.sig, this).map_err(refuse)?;
                        if !sig.returns.is_empty() {
                            return Err(invalid(offset, InvalidIlKind::OperandTypes));
                        }
                        let f = cur.func.import_function(ExtFuncData {
                            name: target.name,
                            signature: sig,
                            callee: target.callee,
                            dispatch: Dispatch::Direct,
                        });
                        self.callees.insert(token, (f, target.is_virtual));
                        f
                    }
                };
                let sig = cur.func.ext_funcs[fref].signature.clone();
                let nargs = sig.params.len() - 1;
                if st.stack.len() < nargs {
                    return Err(invalid(offset, InvalidIlKind::StackUnderflow));
                }
                let base = st.stack.len() - nargs;
                let popped: Vec<(Value, Kind)> = st.stack.drain(base..).collect();
                let mut args = Vec::with_capacity(popped.len() + 1);
                let obj = cur.new_object(class);
                args.push(obj);
                for (&(v, k), p) in popped.iter().zip(&sig.params[1..]) {
                    if (k == Kind::Ref) != (p.ty == Type::Ref)
                        || (k == Kind::ByRef) != (p.ty == Type::ByRef)
                        || k.is_float() != p.ty.is_float()
                    {
                        return Err(invalid(offset, InvalidIlKind::OperandTypes));
                    }
                    args.push(coerce_param(&mut cur, v, k, *p));
                }
                cur.call(fref, &args);
                push(st, obj, Kind::Ref, offset, max_stack)?;
            }
            O::Newarr => {
                let Operand::Token(token) = insn.operand else {
                    unreachable!("decoder gives newarr a token")
                };
                let (elem, _) = env.array_elem(token.0)?.map_err(|reason| -> LowerError {
                    Unsupported::Array { offset, reason }.into()
                })?;
                let (n, k) = pop(st, offset)?;
                let n = match k {
                    Kind::I32 => cur.conv(ConvOp::Sextend, n, Type::I64),
                    Kind::I64 => n,
                    _ => return Err(invalid(offset, InvalidIlKind::OperandTypes)),
                };
                let a = cur.new_array(n, elem);
                push(st, a, Kind::Ref, offset, max_stack)?;
            }
            O::Ldlen => {
                let (a, k) = pop(st, offset)?;
                if k != Kind::Ref {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                cur.trapz(a, TrapCode::NullReference);
                let len = cur.load(Type::I32, a, ARRAY_LENGTH_OFFSET);
                let len = cur.conv(ConvOp::Uextend, len, Type::I64);
                push(st, len, Kind::I64, offset, max_stack)?;
            }
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
                let refuse =
                    |reason: String| -> LowerError { Unsupported::Array { offset, reason }.into() };
                let elem_ty = match op {
                    O::Ldelem_I1 | O::Stelem_I1 => IlType::I1,
                    O::Ldelem_U1 => IlType::U1,
                    O::Ldelem_I2 | O::Stelem_I2 => IlType::I2,
                    O::Ldelem_U2 => IlType::U2,
                    O::Ldelem_I4 | O::Stelem_I4 => IlType::I4,
                    O::Ldelem_U4 => IlType::U4,
                    O::Ldelem_I8 | O::Stelem_I8 => IlType::I8,
                    O::Ldelem_I | O::Stelem_I => IlType::I,
                    O::Ldelem_R4 | O::Stelem_R4 => IlType::R4,
                    O::Ldelem_R8 | O::Stelem_R8 => IlType::R8,
                    O::Ldelem_Ref | O::Stelem_Ref => IlType::Object,
                    _ => {
                        let Operand::Token(token) = insn.operand else {
                            unreachable!("decoder gives ldelem/stelem a token")
                        };
                        env.array_elem(token.0)?.map_err(refuse)?.1
                    }
                };
                if !matches!(
                    elem_ty,
                    IlType::Bool
                        | IlType::Char
                        | IlType::I1
                        | IlType::U1
                        | IlType::I2
                        | IlType::U2
                        | IlType::I4
                        | IlType::U4
                        | IlType::I8
                        | IlType::U8
                        | IlType::I
                        | IlType::U
                        | IlType::R4
                        | IlType::R8
                        | IlType::Object
                ) {
                    return Err(refuse(format!("elements of type {elem_ty:?}")));
                }
                if op == O::Ldelema && elem_ty == IlType::Object {
                    // The address of a reference element needs the
                    // covariance check (III.4.8): not yet.
                    return Err(refuse("address of a reference element".into()));
                }
                let (abi, vt) = supported(elem_ty).expect("integer or object elements");
                let is_store = matches!(
                    op,
                    O::Stelem_I1
                        | O::Stelem_I2
                        | O::Stelem_I4
                        | O::Stelem_I8
                        | O::Stelem_I
                        | O::Stelem_R4
                        | O::Stelem_R8
                        | O::Stelem_Ref
                        | O::Stelem
                );
                let value = if is_store {
                    Some(pop(st, offset)?)
                } else {
                    None
                };
                let (idx, ki) = pop(st, offset)?;
                let (arr, ka) = pop(st, offset)?;
                if ka != Kind::Ref || !matches!(ki, Kind::I32 | Kind::I64) {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                if let Some((v, k)) = value {
                    if (k == Kind::Ref) != (vt.kind == Kind::Ref)
                        || k.is_float() != vt.kind.is_float()
                    {
                        return Err(invalid(offset, InvalidIlKind::OperandTypes));
                    }
                    if vt.kind == Kind::Ref {
                        // stelem.ref: the helper checks null, bounds and the
                        // element type, and applies the write barrier.
                        let i = match ki {
                            Kind::I32 => cur.conv(ConvOp::Sextend, idx, Type::I64),
                            _ => idx,
                        };
                        cur.store_elem_ref(arr, i, v);
                        return Ok(false);
                    }
                }
                // Null and bounds checks (III.4.7/III.4.26): the index read as
                // unsigned against the length, so negative ones fail too.
                cur.trapz(arr, TrapCode::NullReference);
                let len = cur.load(Type::I32, arr, ARRAY_LENGTH_OFFSET);
                let i = match ki {
                    Kind::I32 => {
                        let out = cur.icmp(IntCC::Uge, idx, len);
                        cur.trapnz(out, TrapCode::IndexOutOfRange);
                        cur.conv(ConvOp::Sextend, idx, Type::I64)
                    }
                    _ => {
                        let len64 = cur.conv(ConvOp::Uextend, len, Type::I64);
                        let out = cur.icmp(IntCC::Uge, idx, len64);
                        cur.trapnz(out, TrapCode::IndexOutOfRange);
                        idx
                    }
                };
                let size = (abi.ty.bits().expect("scalar") / 8) as u8;
                let addr = cur.elem_addr(arr, i, size, ARRAY_DATA_OFFSET);
                if op == O::Ldelema {
                    push(st, addr, Kind::ByRef, offset, max_stack)?;
                    return Ok(false);
                }
                match value {
                    Some((v, k)) => {
                        let v = coerce_param(&mut cur, v, k, abi);
                        cur.store(v, addr, 0);
                    }
                    None => {
                        let raw = cur.load(abi.ty, addr, 0);
                        let (v, k) = widen_result(&mut cur, raw, abi);
                        push(st, v, k, offset, max_stack)?;
                    }
                }
            }
            O::Castclass | O::Isinst => {
                let Operand::Token(token) = insn.operand else {
                    unreachable!("decoder gives castclass/isinst a token")
                };
                let (x, k) = pop(st, offset)?;
                if k != Kind::Ref {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                // TypeSpecs (arrays, generic instantiations) would need
                // their signature in the TypeHandle cell: not yet.
                if !matches!(token.0 >> 24, 0x01 | 0x02) {
                    return Err(unsupported());
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
            }
            O::Ldnull => {
                let v = cur.null();
                push(st, v, Kind::Ref, offset, max_stack)?;
            }
            O::Ldstr => {
                let Operand::String(s) = insn.operand else {
                    unreachable!("decoder gives ldstr a string token")
                };
                if s.0 == 0 || s.0 > 0x00FF_FFFF {
                    return Err(kiln_metadata::MetadataError::BadToken {
                        token: 0x7000_0000 | (s.0 & 0x00FF_FFFF),
                        expected: "a user-string token with an offset",
                    }
                    .into());
                }
                let v = cur.string_const(0x7000_0000 | s.0);
                push(st, v, Kind::Ref, offset, max_stack)?;
            }
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
            | O::Stind_Ref => {
                // III.4.14/III.4.29 through a managed pointer or a native
                // int address (a null one faults: NullReferenceException).
                let ty = match op {
                    O::Ldind_I1 | O::Stind_I1 => IlType::I1,
                    O::Ldind_U1 => IlType::U1,
                    O::Ldind_I2 | O::Stind_I2 => IlType::I2,
                    O::Ldind_U2 => IlType::U2,
                    O::Ldind_I4 | O::Stind_I4 => IlType::I4,
                    O::Ldind_U4 => IlType::U4,
                    O::Ldind_I8 | O::Stind_I8 => IlType::I8,
                    O::Ldind_I | O::Stind_I => IlType::I,
                    O::Ldind_R4 | O::Stind_R4 => IlType::R4,
                    O::Ldind_R8 | O::Stind_R8 => IlType::R8,
                    _ => IlType::Object,
                };
                let (abi, vt) = supported(ty).expect("integer, float or object");
                let value = if matches!(
                    op,
                    O::Stind_I1
                        | O::Stind_I2
                        | O::Stind_I4
                        | O::Stind_I8
                        | O::Stind_I
                        | O::Stind_R4
                        | O::Stind_R8
                        | O::Stind_Ref
                ) {
                    Some(pop(st, offset)?)
                } else {
                    None
                };
                let (addr, ka) = pop_any(st, offset)?;
                if !matches!(ka, Kind::ByRef | Kind::I64) {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                match value {
                    Some((v, k)) => {
                        if (k == Kind::Ref) != (vt.kind == Kind::Ref)
                            || k.is_float() != vt.kind.is_float()
                        {
                            return Err(invalid(offset, InvalidIlKind::OperandTypes));
                        }
                        let v = coerce_param(&mut cur, v, k, abi);
                        cur.store(v, addr, 0);
                    }
                    None => {
                        let raw = cur.load(abi.ty, addr, 0);
                        let (v, k) = widen_result(&mut cur, raw, abi);
                        push(st, v, k, offset, max_stack)?;
                    }
                }
            }
            O::Box | O::Unbox_Any | O::Unbox => {
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
                if !matches!(token >> 24, 0x01 | 0x02) || token & 0x00FF_FFFF == 0 {
                    return Err(refuse("type is not a TypeDef or TypeRef".into()));
                }
                let (_, ty) = env.array_elem(token)?.map_err(refuse)?;
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
                    return Ok(false);
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
            }
            O::Ldflda => {
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
            }
            O::Ldsfld | O::Stsfld | O::Ldsflda => {
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
                let refuse = |reason: String| -> LowerError {
                    Unsupported::Field {
                        offset,
                        token,
                        reason,
                    }
                    .into()
                };
                if !field.is_static {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                if field.empty_string && op == O::Ldsfld {
                    // String.Empty is the interned "" (user string RID 0,
                    // the #US heap's empty first entry).
                    let r = cur.string_const(0x7000_0000);
                    push(st, r, Kind::Ref, offset, max_stack)?;
                    return Ok(false);
                }
                if field.owner_value_type {
                    // The StaticBase fixup's type signature would have to
                    // say `valuetype`; not written yet.
                    return Err(refuse("static field of a value type".into()));
                }
                let field_offset = field.offset.clone().map_err(refuse)?;
                let (abi, vt) = supported(field.ty)
                    .filter(|(abi, _)| abi.ty != Type::ByRef)
                    .ok_or_else(|| refuse(format!("static field of type {:?}", field.ty)))?;
                if (abi.ty == Type::Ref) != field.static_gc {
                    return Err(refuse(format!(
                        "static field of type {:?} in the {} statics",
                        field.ty,
                        if field.static_gc { "GC" } else { "non-GC" }
                    )));
                }
                if field.owner_token >> 24 != 0x02 || field.owner_token & 0x00FF_FFFF == 0 {
                    return Err(refuse(
                        "owner is not a TypeDef of the compiled module".into(),
                    ));
                }
                if op == O::Ldsflda {
                    // A managed pointer into the statics (the GC statics
                    // live in a pinned array; reported as interior anyway).
                    let base = cur.static_base(field.static_gc, field.owner_token);
                    let zero = cur.iconst(Type::I64, 0);
                    let addr = cur.elem_addr(base, zero, 1, field_offset);
                    push(st, addr, Kind::ByRef, offset, max_stack)?;
                } else if op == O::Stsfld {
                    let (v, k) = pop(st, offset)?;
                    if (k == Kind::Ref) != (vt.kind == Kind::Ref)
                        || k.is_float() != vt.kind.is_float()
                    {
                        return Err(invalid(offset, InvalidIlKind::OperandTypes));
                    }
                    let v = coerce_param(&mut cur, v, k, abi);
                    let base = cur.static_base(field.static_gc, field.owner_token);
                    cur.store(v, base, field_offset);
                } else {
                    let base = cur.static_base(field.static_gc, field.owner_token);
                    let raw = cur.load(abi.ty, base, field_offset);
                    let (v, k) = widen_result(&mut cur, raw, abi);
                    push(st, v, k, offset, max_stack)?;
                }
            }
            O::Ldfld | O::Stfld => {
                let Operand::Token(token) = insn.operand else {
                    unreachable!("decoder gives ldfld/stfld a token")
                };
                let token = token.0;
                let refuse = |reason: String| field_refusal(offset, token, reason);
                let (field, field_offset) = instance_field(env, cur.func, offset, token)?;
                let (abi, vt) = supported(field.ty)
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
                    Some((v, k)) => {
                        if (k == Kind::Ref) != (vt.kind == Kind::Ref)
                            || k.is_float() != vt.kind.is_float()
                        {
                            return Err(invalid(offset, InvalidIlKind::OperandTypes));
                        }
                        let v = coerce_param(&mut cur, v, k, abi);
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
            }
            O::Ret => {
                let args = match self.ret {
                    None => Vec::new(),
                    Some(p) => {
                        let (v, k) = pop(st, offset)?;
                        if (k == Kind::Ref) != (p.ty == Type::Ref)
                            || k.is_float() != p.ty.is_float()
                        {
                            return Err(invalid(offset, InvalidIlKind::OperandTypes));
                        }
                        vec![coerce_param(&mut cur, v, k, p)]
                    }
                };
                if !st.stack.is_empty() {
                    return Err(invalid(offset, InvalidIlKind::ReturnStack));
                }
                cur.ret(&args);
                return Ok(true);
            }
            O::Throw => {
                // III.4.33: throws the object (NullReferenceException for
                // null: the runtime's Throw helper raises it).
                let (x, k) = pop(st, offset)?;
                if k != Kind::Ref {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                cur.ins(InstData::Throw { arg: x });
                return Ok(true);
            }
            O::Br | O::Br_S => {
                let succ = self.blocks[b].succs[0];
                let dest = self.edge(offset, succ, st)?;
                let mut cur = Cursor::new(&mut self.func, blk);
                cur.set_loc(Some(IlLoc::new(offset, op.name())));
                cur.ins(InstData::Jump { dest });
                return Ok(true);
            }
            O::Brtrue | O::Brtrue_S | O::Brfalse | O::Brfalse_S => {
                let (mut c, k) = pop(st, offset)?;
                if k.is_float() {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                if k == Kind::Ref {
                    // An object reference is true when not null.
                    let null = cur.null();
                    c = cur.icmp(IntCC::Ne, c, null);
                }
                drop(cur);
                let taken = self.edge(offset, self.blocks[b].succs[0], st)?;
                let fall = self.edge(offset, self.blocks[b].succs[1], st)?;
                let (then_dest, else_dest) = if matches!(op, O::Brtrue | O::Brtrue_S) {
                    (taken, fall)
                } else {
                    (fall, taken)
                };
                let mut cur = Cursor::new(&mut self.func, blk);
                cur.set_loc(Some(IlLoc::new(offset, op.name())));
                cur.brif(c, then_dest, else_dest);
                return Ok(true);
            }
            O::Switch => {
                let (x, k) = pop(st, offset)?;
                if k == Kind::Ref {
                    return Err(invalid(offset, InvalidIlKind::OperandTypes));
                }
                if k != Kind::I32 {
                    return Err(Unsupported::SwitchOnNativeInt { offset }.into());
                }
                drop(cur);
                let succs = self.blocks[b].succs.clone();
                let (cases, fall) = succs.split_at(succs.len() - 1);
                let mut targets = Vec::with_capacity(cases.len());
                for &s in cases {
                    targets.push(self.edge(offset, s, st)?);
                }
                let default = self.edge(offset, fall[0], st)?;
                let mut cur = Cursor::new(&mut self.func, blk);
                cur.set_loc(Some(IlLoc::new(offset, op.name())));
                cur.br_table(x, default, targets);
                return Ok(true);
            }
            _ => {
                if let Some(cc) = compare_of(op) {
                    let c = match float::compare(&mut cur, st, op, offset)? {
                        Some(c) => c,
                        None => {
                            let (x, y, k) = pop_pair(&mut cur, st, offset, false)?;
                            if k == Kind::Ref && !ref_condition(cc) {
                                return Err(unsupported());
                            }
                            cur.icmp(cc, x, y)
                        }
                    };
                    drop(cur);
                    let taken = self.edge(offset, self.blocks[b].succs[0], st)?;
                    let fall = self.edge(offset, self.blocks[b].succs[1], st)?;
                    let mut cur = Cursor::new(&mut self.func, blk);
                    cur.set_loc(Some(IlLoc::new(offset, op.name())));
                    cur.brif(c, taken, fall);
                    return Ok(true);
                }
                return Err(unsupported());
            }
        }
        debug_assert!(!last || falls_through(op));
        Ok(false)
    }
}

/// Pops a value that is not a managed pointer (refused: only the
/// instructions using [`pop_any`] handle them).
/// A field access at IL `offset` on field `token` that kiln does not compile.
fn field_refusal(offset: u32, token: u32, reason: String) -> LowerError {
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
fn instance_field(
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
    }
    Ok((field, field_offset))
}

fn pop(st: &mut State, offset: u32) -> Result<(Value, Kind), LowerError> {
    let (v, k) = pop_any(st, offset)?;
    if k == Kind::ByRef {
        return Err(Unsupported::ManagedPointer { offset }.into());
    }
    Ok((v, k))
}

/// Pops any value, managed pointers included.
fn pop_any(st: &mut State, offset: u32) -> Result<(Value, Kind), LowerError> {
    st.stack
        .pop()
        .ok_or_else(|| invalid(offset, InvalidIlKind::StackUnderflow))
}

fn push(st: &mut State, v: Value, k: Kind, offset: u32, max_stack: u16) -> Result<(), LowerError> {
    if st.stack.len() >= max_stack as usize {
        return Err(invalid(offset, InvalidIlKind::StackOverflow { max_stack }));
    }
    st.stack.push((v, k));
    Ok(())
}

/// Pops two operands, widening an `int32` against a 64-bit one by zero
/// (`zext`) or sign extension.
fn pop_pair(
    cur: &mut Cursor<'_>,
    st: &mut State,
    offset: u32,
    zext: bool,
) -> Result<(Value, Value, Kind), LowerError> {
    let (y, ky) = pop(st, offset)?;
    let (x, kx) = pop(st, offset)?;
    if kx.is_float() || ky.is_float() {
        // Float operands are handled by `float`; here only a mix with an
        // integer can remain (III.1.5 allows none).
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    }
    if kx == ky {
        return Ok((x, y, kx));
    }
    if kx == Kind::Ref || ky == Kind::Ref {
        return Err(invalid(offset, InvalidIlKind::OperandTypes));
    }
    let op = if zext {
        ConvOp::Uextend
    } else {
        ConvOp::Sextend
    };
    let widen = |cur: &mut Cursor<'_>, v: Value, k: Kind| match k {
        Kind::I32 => cur.conv(op, v, Type::I64),
        _ => v,
    };
    let x = widen(cur, x, kx);
    let y = widen(cur, y, ky);
    Ok((x, y, Kind::I64))
}

/// The constant a value is, if an `iconst` defines it.
fn iconst_of(func: &Function, v: Value) -> Option<i64> {
    match func.dfg.value_def(v) {
        ValueDef::Result(inst, 0) => match func.dfg.inst(inst) {
            InstData::Iconst { imm, .. } => Some(*imm),
            _ => None,
        },
        _ => None,
    }
}

/// Emits the guards of a signed division or remainder `x / y`: divisor zero
/// and `MIN / -1`.
fn guard_signed_division(cur: &mut Cursor<'_>, x: Value, y: Value, kind: Kind) {
    let ty = kind.ty();
    let min = ty.signed_range().expect("integer").0;
    match iconst_of(cur.func, y) {
        Some(c) if c != 0 && c != -1 => {}
        Some(-1) => {
            let m = cur.iconst(ty, min);
            let is_min = cur.icmp(IntCC::Eq, x, m);
            cur.trapnz(is_min, TrapCode::Overflow);
        }
        _ => {
            cur.trapz(y, TrapCode::DivideByZero);
            let m1 = cur.iconst(ty, -1);
            let is_m1 = cur.icmp(IntCC::Eq, y, m1);
            let m = cur.iconst(ty, min);
            let is_min = cur.icmp(IntCC::Eq, x, m);
            let both = cur.binary(BinaryOp::Band, is_m1, is_min);
            cur.trapnz(both, TrapCode::Overflow);
        }
    }
}

/// Stores a stack value into a variable of type `ty` (the variable's stack
/// kind) with optional small-type normalization: truncate to the small
/// width, extend back to `i32`.
fn coerce(
    cur: &mut Cursor<'_>,
    v: Value,
    kind: Kind,
    ty: Type,
    small: Option<(Type, bool)>,
) -> Value {
    let mut v = match (kind, ty) {
        (Kind::I32, Type::I64) => cur.conv(ConvOp::Sextend, v, Type::I64),
        (Kind::I64, Type::I32) => cur.conv(ConvOp::Ireduce, v, Type::I32),
        // Storing `F` into a float32/float64 location converts it
        // (III.1.1.1: rounding to the location's precision).
        (Kind::F64, Type::F32) => cur.fconv(FConvOp::Fdemote, v, Type::F32),
        (Kind::F32, Type::F64) => cur.fconv(FConvOp::Fpromote, v, Type::F64),
        _ => v,
    };
    if let Some((small_ty, signed)) = small {
        if fits(cur.func, v, small_ty, signed) {
            // Already a normalized value of the small type (a comparison
            // result, a constant in range, or an extension from it).
            return v;
        }
        let r = cur.conv(ConvOp::Ireduce, v, small_ty);
        v = cur.conv(
            if signed {
                ConvOp::Sextend
            } else {
                ConvOp::Uextend
            },
            r,
            Type::I32,
        );
    }
    v
}

/// Whether the `i32` value `v` is provably in the range of the small type
/// `ty` read as signed or unsigned, judging by its definition.
fn fits(func: &Function, v: Value, ty: Type, signed: bool) -> bool {
    let range = |t: Type, signed: bool| -> Option<(i64, i64)> {
        let (lo, hi) = t.signed_range()?;
        Some(if signed { (lo, hi) } else { (0, hi - lo) })
    };
    let ValueDef::Result(inst, 0) = func.dfg.value_def(v) else {
        return false;
    };
    let known = match func.dfg.inst(inst) {
        InstData::Icmp { .. } => Some((0, 1)),
        InstData::Iconst { imm, .. } => Some((*imm, *imm)),
        InstData::Conv { op, arg, .. } if *op != ConvOp::Ireduce => {
            range(func.dfg.value_type(*arg), *op == ConvOp::Sextend)
        }
        _ => None,
    };
    match (known, range(ty, signed)) {
        (Some((lo, hi)), Some((tlo, thi))) => {
            func.dfg.value_type(v) == Type::I32 && lo >= tlo && hi <= thi
        }
        _ => false,
    }
}

/// Converts a stack value to a call argument or return value of ABI type
/// `p` (small types are truncated; the ABI extension is the backend's).
fn coerce_param(cur: &mut Cursor<'_>, v: Value, kind: Kind, p: AbiParam) -> Value {
    match (kind.ty(), p.ty) {
        (a, b) if a == b => v,
        (Type::F64, Type::F32) => cur.fconv(FConvOp::Fdemote, v, Type::F32),
        (Type::F32, Type::F64) => cur.fconv(FConvOp::Fpromote, v, Type::F64),
        (Type::I32, Type::I64) => cur.conv(ConvOp::Sextend, v, Type::I64),
        (_, t) => cur.conv(ConvOp::Ireduce, v, t),
    }
}

/// Removes the null checks of `this` (the entry block's first parameter of
/// an instance method) that block parameters hid during translation: once
/// trivial parameters are gone, every use of `this` is that value. A class's
/// instance method never runs with a null `this` from C#; IL may `call` it
/// with null, and then the field access (offset below a page) faults and the
/// runtime raises `NullReferenceException`, as for JIT-compiled code
/// (`tests/programs/il_null_this.il`).
fn remove_this_null_checks(func: &mut Function) {
    let Some(entry) = func.layout.entry_block() else {
        return;
    };
    let Some(&this) = func.dfg.block_params(entry).first() else {
        return;
    };
    // Checks right before a virtual dispatch on `this` stay (the dispatch
    // stub must not see null).
    let before_virtual_call = |block: Block, i: kiln_ir::Inst| {
        let insts = func.layout.block_insts(block);
        let next = insts
            .iter()
            .position(|&x| x == i)
            .and_then(|p| insts.get(p + 1));
        next.is_some_and(|&n| match func.dfg.inst(n) {
            InstData::Call { func: f, args } => {
                func.ext_funcs[*f].dispatch == Dispatch::Virtual && args.first() == Some(&this)
            }
            _ => false,
        })
    };
    let checks: Vec<kiln_ir::Inst> = func
        .insts_in_layout()
        .filter(|&(b, i)| {
            matches!(
                func.dfg.inst(i),
                InstData::CondTrap {
                    op: kiln_ir::CondTrapOp::Trapz,
                    arg,
                    code: TrapCode::NullReference,
                } if *arg == this
            ) && !before_virtual_call(b, i)
        })
        .map(|(_, i)| i)
        .collect();
    for i in checks {
        func.layout.remove_inst(i);
    }
}

/// Stores the normalized value of an address-taken variable into its slot at
/// the variable's own width (a callee writing through the address writes
/// that many bytes).
fn store_slot(cur: &mut Cursor<'_>, slot: kiln_ir::StackSlot, vt: VarType, v: Value) {
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
fn load_slot(cur: &mut Cursor<'_>, slot: kiln_ir::StackSlot, vt: VarType) -> Value {
    let ty = vt.small.map_or(vt.kind.ty(), |(t, _)| t);
    let i = cur.ins(InstData::StackLoad {
        ty,
        slot,
        offset: 0,
    });
    let raw = cur.func.dfg.inst_results(i)[0];
    match vt.small {
        Some((_, signed)) => cur.conv(
            if signed {
                ConvOp::Sextend
            } else {
                ConvOp::Uextend
            },
            raw,
            Type::I32,
        ),
        None => raw,
    }
}

/// Offset of a boxed value after the MethodTable pointer.
const BOX_DATA_OFFSET: u32 = 8;

/// Offset of an array's length (`uint32` after the MethodTable pointer) on
/// 64-bit targets (CoreCLR `ArrayBase`).
const ARRAY_LENGTH_OFFSET: u32 = 8;

/// Offset of element 0 of a one-dimensional zero-based array on 64-bit
/// targets (MethodTable pointer, length, padding: `ArrayBase` is 16 bytes).
const ARRAY_DATA_OFFSET: u32 = 16;

/// Whether a comparison condition is meaningful on object references
/// (ECMA-335 III.1.5 table 4: equality, and `cgt.un`/`clt.un` and the
/// unsigned branches as C# uses them against `null`).
fn ref_condition(cc: IntCC) -> bool {
    matches!(
        cc,
        IntCC::Eq | IntCC::Ne | IntCC::Ugt | IntCC::Ult | IntCC::Uge | IntCC::Ule
    )
}

/// Widens a call result of ABI type `p` to its stack kind.
fn widen_result(cur: &mut Cursor<'_>, r: Value, p: AbiParam) -> (Value, Kind) {
    match p.ty {
        Type::Ref => (r, Kind::Ref),
        Type::ByRef => (r, Kind::ByRef),
        Type::I64 => (r, Kind::I64),
        Type::I32 => (r, Kind::I32),
        Type::F32 => (r, Kind::F32),
        Type::F64 => (r, Kind::F64),
        _ => {
            let op = if p.ext == ArgExt::Sext {
                ConvOp::Sextend
            } else {
                ConvOp::Uextend
            };
            (cur.conv(op, r, Type::I32), Kind::I32)
        }
    }
}

/// `conv.*` / `conv.ovf.*` of a stack value.
fn convert(
    cur: &mut Cursor<'_>,
    x: Value,
    kind: Kind,
    target: ConvTarget,
    ovf: Ovf,
) -> (Value, Kind) {
    let src = kind.ty();
    let bits = src.bits().expect("integer");
    if ovf != Ovf::None {
        let (lo, hi) = target.range();
        let (src_lo, src_hi) = if ovf == Ovf::Signed {
            let (a, b) = src.signed_range().expect("integer");
            (a as i128, b as i128)
        } else {
            (0, (1i128 << bits) - 1)
        };
        if lo > src_lo {
            // Only signed sources have negative values to reject.
            let c = cur.iconst(src, lo as i64);
            let below = cur.icmp(IntCC::Slt, x, c);
            cur.trapnz(below, TrapCode::Overflow);
        }
        if hi < src_hi {
            let c = cur.iconst(src, hi as i64);
            let cc = if ovf == Ovf::Signed {
                IntCC::Sgt
            } else {
                IntCC::Ugt
            };
            let above = cur.icmp(cc, x, c);
            cur.trapnz(above, TrapCode::Overflow);
        }
    }
    let tty = target.ty();
    let tbits = tty.bits().expect("integer");
    if tbits == 64 {
        return match kind {
            Kind::I64 => (x, Kind::I64),
            // `F` sources never get here (`float::translate` takes them).
            Kind::I32 | Kind::F32 | Kind::F64 => {
                // conv.i8 sign-extends, conv.u8 zero-extends; with an
                // overflow check the source's signedness decides (the value
                // is in range, so only its reading matters).
                let signed = match ovf {
                    Ovf::None => target.signed(),
                    Ovf::Signed => true,
                    Ovf::Unsigned => false,
                };
                let op = if signed {
                    ConvOp::Sextend
                } else {
                    ConvOp::Uextend
                };
                (cur.conv(op, x, Type::I64), Kind::I64)
            }
            Kind::Ref | Kind::ByRef => {
                unreachable!("conversions of references are refused before")
            }
        };
    }
    let narrowed = if tbits < bits {
        cur.conv(ConvOp::Ireduce, x, tty)
    } else {
        x
    };
    let r = if tbits < 32 {
        let op = if target.signed() {
            ConvOp::Sextend
        } else {
            ConvOp::Uextend
        };
        cur.conv(op, narrowed, Type::I32)
    } else {
        narrowed
    };
    (r, Kind::I32)
}
