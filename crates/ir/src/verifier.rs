//! The IR verifier: checks every invariant the backends rely on and reports
//! all violations, each located at an entity.
//!
//! Checked invariants:
//! 1. There is an entry block, its parameter types equal the signature's
//!    parameter types, and no branch targets it (so the backend can put the
//!    prologue there).
//! 2. Every block in the layout is non-empty and ends with its only
//!    terminator.
//! 3. Every entity an instruction names exists; branch targets are in the
//!    layout.
//! 4. Every value used is defined by an instruction in the layout or is a
//!    parameter of a block in the layout, and its definition dominates the
//!    use (a block parameter dominates its whole block; uses in blocks
//!    unreachable from the entry are not checked for dominance).
//! 5. Operand types follow the typing rules of each instruction (see
//!    [`instructions`](crate::instructions)); argument lists match block
//!    parameters, callee signatures and the function's returns.
//! 6. `iconst` immediates are canonical; result types are what the
//!    instruction's typing rules produce.
//! 7. Exception handling follows the rules of `crate::verify_eh`: no
//!    branch or value crosses a funclet boundary, handler entries are never
//!    branch targets, and each EH terminator sits in the funclet it ends.

use crate::builder::canonical_imm;
use crate::entities::{AnyEntity, Block, Inst, Value};
use crate::entity::SecondaryMap;
use crate::flowgraph::{ControlFlowGraph, DominatorTree};
use crate::function::{Function, ValueDef};
use crate::instructions::{ArrayElem, FConvOp, LookupKind};
use crate::instructions::{BlockCall, ConvOp, InstData};
use crate::types::Type;
use std::fmt;

/// What a type check wanted.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Expected {
    /// Exactly this type.
    Type(Type),
    /// Any integer type.
    Int,
    /// Any integer type or `ref` (comparisons, null checks).
    IntOrRef,
    /// An address: `ref`, `byref` or `i64` (load/store bases).
    Address,
    /// `f32` or `f64`.
    Float,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expected::Type(t) => t.fmt(f),
            Expected::Int => f.write_str("an integer type"),
            Expected::IntOrRef => f.write_str("an integer type or ref"),
            Expected::Address => f.write_str("ref, byref or i64"),
            Expected::Float => f.write_str("a float type"),
        }
    }
}

/// What is wrong.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub enum VerifierErrorKind {
    /// The function has no block.
    NoEntryBlock,
    /// An exception-handling rule is broken (see [`crate::eh`]).
    Eh(String),
    /// The entry block's parameter types differ from the signature's.
    EntryParamsMismatch,
    /// A branch targets the entry block.
    BranchToEntry,
    /// A block has no instruction.
    EmptyBlock,
    /// A block's last instruction is not a terminator.
    MissingTerminator,
    /// A terminator is followed by more instructions.
    TerminatorNotLast,
    /// An instruction names an entity that does not exist.
    UnknownEntity(AnyEntity),
    /// A branch targets a block that is not in the layout.
    TargetNotInLayout(Block),
    /// A value is used but defined nowhere in the layout.
    UndefinedValue(Value),
    /// A value is used where its definition does not dominate.
    NotDominated(Value),
    /// Operand `operand` (0-based, in
    /// [`InstData::all_values`] order) has the wrong type.
    OperandType {
        /// Operand index.
        operand: usize,
        /// What was wanted.
        expected: Expected,
        /// What it has.
        found: Type,
    },
    /// A result has a type the instruction cannot produce.
    ResultType {
        /// Result index.
        result: usize,
        /// What the rules give.
        expected: Type,
        /// What it has.
        found: Type,
    },
    /// An argument list has the wrong length (branch arguments vs block
    /// parameters, call arguments vs signature, returned values vs returns).
    ArgCount {
        /// How many were wanted.
        expected: usize,
        /// How many there are.
        found: usize,
    },
    /// The number of results differs from what the instruction produces.
    ResultCount {
        /// How many the rules give.
        expected: usize,
        /// How many there are.
        found: usize,
    },
    /// A conversion between types it cannot convert (extensions must widen,
    /// `ireduce` must narrow, both integers).
    BadConversion {
        /// Operand type.
        from: Type,
        /// Result type.
        to: Type,
    },
    /// An `iconst` immediate is not sign-extended from its type's width, or
    /// its type is not an integer.
    NonCanonicalImm,
    /// A `new_object` token that is not a TypeDef, TypeRef or TypeSpec (or a
    /// `static_base`/`class_init` token that is not a TypeDef).
    TypeToken(u32),
    /// A `runtime_lookup` (or `delegate_ctor` method) token of the wrong table.
    LookupToken(crate::instructions::LookupKind, u32),
    /// A `generic_lookup` of an index with no recorded signature.
    GenericLookup(u32),
    /// A malformed `new_array` element type.
    ArrayElem(crate::instructions::ArrayElem),
    /// An `elem_addr` scale other than 1, 2, 4, 8.
    Scale(u8),
    /// A `load`/`store` of a type other than an integer or `ref`.
    MemoryType(Type),
    /// A stack access falls outside its slot.
    StackSlotRange {
        /// Accessed offset.
        offset: u32,
        /// Accessed size.
        size: u32,
    },
}

impl fmt::Display for VerifierErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use VerifierErrorKind::*;
        match self {
            NoEntryBlock => f.write_str("function has no entry block"),
            Eh(what) => write!(f, "exception handling: {what}"),
            EntryParamsMismatch => f.write_str("entry block parameters differ from the signature"),
            BranchToEntry => f.write_str("branch to the entry block"),
            EmptyBlock => f.write_str("empty block"),
            MissingTerminator => f.write_str("block does not end with a terminator"),
            TerminatorNotLast => f.write_str("terminator in the middle of a block"),
            UnknownEntity(e) => write!(f, "{e} does not exist"),
            TargetNotInLayout(b) => write!(f, "branch target {b} is not in the layout"),
            UndefinedValue(v) => write!(f, "{v} is used but not defined"),
            NotDominated(v) => write!(f, "definition of {v} does not dominate this use"),
            OperandType {
                operand,
                expected,
                found,
            } => write!(f, "operand {operand} has type {found}, expected {expected}"),
            ResultType {
                result,
                expected,
                found,
            } => write!(f, "result {result} has type {found}, expected {expected}"),
            ArgCount { expected, found } => {
                write!(f, "{found} arguments, expected {expected}")
            }
            ResultCount { expected, found } => write!(f, "{found} results, expected {expected}"),
            BadConversion { from, to } => write!(f, "cannot convert {from} to {to}"),
            NonCanonicalImm => f.write_str("iconst immediate is not canonical"),
            MemoryType(t) => write!(f, "memory access of type {t}"),
            TypeToken(t) => write!(f, "{t:#010x} is not a TypeDef or TypeRef token"),
            LookupToken(k, t) => write!(f, "{t:#010x} cannot name a {}", k.name()),
            GenericLookup(n) => write!(f, "generic lookup {n} is not recorded"),
            ArrayElem(e) => write!(f, "bad array element type {e}"),
            Scale(s) => write!(f, "element scale {s} is not 1, 2, 4 or 8"),
            StackSlotRange { offset, size } => {
                write!(
                    f,
                    "access of {size} bytes at offset {offset} is outside the slot"
                )
            }
        }
    }
}

/// One violated invariant, at an entity.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct VerifierError {
    /// Where.
    pub location: AnyEntity,
    /// What.
    pub kind: VerifierErrorKind,
}

impl fmt::Display for VerifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.kind)
    }
}

/// All errors found in one function (never empty when returned as `Err`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct VerifierErrors(pub Vec<VerifierError>);

impl fmt::Display for VerifierErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            e.fmt(f)?;
        }
        Ok(())
    }
}

impl std::error::Error for VerifierErrors {}

/// Checks `func` (see the module documentation for the invariants).
///
/// # Errors
/// Every violation found, in layout order.
pub fn verify_function(func: &Function) -> Result<(), VerifierErrors> {
    let mut v = Verifier {
        func,
        errors: Vec::new(),
    };
    v.run();
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(VerifierErrors(v.errors))
    }
}

struct Verifier<'a> {
    func: &'a Function,
    errors: Vec<VerifierError>,
}

impl Verifier<'_> {
    fn err(&mut self, location: impl Into<AnyEntity>, kind: VerifierErrorKind) {
        self.errors.push(VerifierError {
            location: location.into(),
            kind,
        });
    }

    fn run(&mut self) {
        let func = self.func;
        let Some(entry) = func.entry_block() else {
            self.errors.push(VerifierError {
                location: AnyEntity::Function,
                kind: VerifierErrorKind::NoEntryBlock,
            });
            return;
        };
        let entry_types: Vec<Type> = func
            .dfg
            .block_params(entry)
            .iter()
            .map(|&p| func.dfg.value_type(p))
            .collect();
        let sig_types: Vec<Type> = func.signature.params.iter().map(|p| p.ty).collect();
        if entry_types != sig_types {
            self.err(entry, VerifierErrorKind::EntryParamsMismatch);
        }

        // Structure first: later checks rely on known entities.
        let mut structure_ok = true;
        for (ss, data) in func.stack_slots.iter() {
            if let Some(l) = data.layout.filter(|&l| !func.struct_types.is_valid(l)) {
                self.err(ss, VerifierErrorKind::UnknownEntity(l.into()));
            }
        }
        for &block in func.layout.blocks() {
            for &p in func.dfg.block_params(block) {
                if let Type::Struct(s) = func.dfg.value_type(p) {
                    if !func.struct_types.is_valid(s) {
                        self.err(p, VerifierErrorKind::UnknownEntity(s.into()));
                        structure_ok = false;
                    }
                }
            }
            let insts = func.layout.block_insts(block);
            if insts.is_empty() {
                self.err(block, VerifierErrorKind::EmptyBlock);
                continue;
            }
            for (i, &inst) in insts.iter().enumerate() {
                let last = i + 1 == insts.len();
                let term = func.dfg.inst(inst).is_terminator();
                if term && !last {
                    self.err(inst, VerifierErrorKind::TerminatorNotLast);
                }
                if !term && last {
                    self.err(inst, VerifierErrorKind::MissingTerminator);
                }
                structure_ok &= self.check_entities(inst);
            }
        }
        if !structure_ok {
            return;
        }

        let cfg = ControlFlowGraph::compute(func);
        let domtree = DominatorTree::compute(func, &cfg);
        if !cfg.preds(entry).is_empty() {
            for &p in cfg.preds(entry) {
                if let Some(last) = func.layout.last_inst(p) {
                    self.err(last, VerifierErrorKind::BranchToEntry);
                }
            }
        }
        // Position of each instruction inside its block, for dominance.
        let mut position: SecondaryMap<Inst, u32> = SecondaryMap::new();
        for &block in func.layout.blocks() {
            for (i, &inst) in func.layout.block_insts(block).iter().enumerate() {
                position[inst] = i as u32;
            }
        }
        for (block, inst) in func.insts_in_layout() {
            self.check_uses(block, inst, &domtree, &position);
            self.check_types(inst);
        }
        for (location, what) in crate::verify_eh::check(func, &cfg) {
            self.err(location, VerifierErrorKind::Eh(what));
        }
    }

    /// Checks that every entity `inst` names exists; returns false if not.
    fn check_entities(&mut self, inst: Inst) -> bool {
        let func = self.func;
        let data = func.dfg.inst(inst);
        let mut ok = true;
        for v in data.all_values() {
            if !func.dfg.value_is_valid(v) {
                self.err(inst, VerifierErrorKind::UnknownEntity(v.into()));
                ok = false;
            }
        }
        for d in data.branch_destinations() {
            if !func.dfg.block_is_valid(d.block) {
                self.err(inst, VerifierErrorKind::UnknownEntity(d.block.into()));
                ok = false;
            } else if !func.layout.is_block_inserted(d.block) {
                self.err(inst, VerifierErrorKind::TargetNotInLayout(d.block));
                ok = false;
            }
        }
        match data {
            InstData::Call { func: f, .. } if !func.ext_funcs.is_valid(*f) => {
                self.err(inst, VerifierErrorKind::UnknownEntity((*f).into()));
                ok = false;
            }
            InstData::StackAddr { slot, .. }
            | InstData::StackLoad { slot, .. }
            | InstData::StackStore { slot, .. }
                if !func.stack_slots.is_valid(*slot) =>
            {
                self.err(inst, VerifierErrorKind::UnknownEntity((*slot).into()));
                ok = false;
            }
            _ => {}
        }
        let mut types: Vec<Type> = func
            .dfg
            .inst_results(inst)
            .iter()
            .map(|&r| func.dfg.value_type(r))
            .collect();
        if let InstData::Iconst { ty, .. }
        | InstData::Conv { ty, .. }
        | InstData::FConv { ty, .. }
        | InstData::StackLoad { ty, .. } = data
        {
            types.push(*ty);
        }
        for t in types {
            if let Type::Struct(s) = t {
                if !func.struct_types.is_valid(s) {
                    self.err(inst, VerifierErrorKind::UnknownEntity(s.into()));
                    ok = false;
                }
            }
        }
        ok
    }

    fn check_uses(
        &mut self,
        block: Block,
        inst: Inst,
        domtree: &DominatorTree,
        position: &SecondaryMap<Inst, u32>,
    ) {
        let func = self.func;
        for v in func.dfg.inst(inst).all_values() {
            let defined_at = match func.dfg.value_def(v) {
                ValueDef::Result(def_inst, n) => {
                    let ok = func.dfg.inst_results(def_inst).get(n as usize) == Some(&v);
                    match func.layout.inst_block(def_inst) {
                        Some(b) if ok => Some((b, Some(def_inst))),
                        _ => None,
                    }
                }
                ValueDef::Param(b, n) => {
                    let ok = func.dfg.block_params(b).get(n as usize) == Some(&v);
                    (ok && func.layout.is_block_inserted(b)).then_some((b, None))
                }
                ValueDef::Detached => None,
            };
            let Some((def_block, def_inst)) = defined_at else {
                self.err(inst, VerifierErrorKind::UndefinedValue(v));
                continue;
            };
            if !domtree.is_reachable(block) {
                continue;
            }
            let dominated = if def_block == block {
                match def_inst {
                    None => true,
                    Some(d) => position[d] < position[inst],
                }
            } else {
                domtree.dominates(def_block, block)
            };
            if !dominated {
                self.err(inst, VerifierErrorKind::NotDominated(v));
            }
        }
    }

    fn ty(&self, v: Value) -> Type {
        self.func.dfg.value_type(v)
    }

    fn expect(&mut self, inst: Inst, operand: usize, v: Value, expected: Expected) {
        let found = self.ty(v);
        let ok = match expected {
            Expected::Type(t) => found == t,
            Expected::Int => found.is_int(),
            Expected::IntOrRef => found.is_int() || found == Type::Ref,
            Expected::Address => matches!(found, Type::Ref | Type::ByRef | Type::I64),
            Expected::Float => found.is_float(),
        };
        if !ok {
            self.err(
                inst,
                VerifierErrorKind::OperandType {
                    operand,
                    expected,
                    found,
                },
            );
        }
    }

    fn check_block_call(&mut self, inst: Inst, first_operand: usize, bc: &BlockCall) {
        let params = self.func.dfg.block_params(bc.block);
        if params.len() != bc.args.len() {
            self.err(
                inst,
                VerifierErrorKind::ArgCount {
                    expected: params.len(),
                    found: bc.args.len(),
                },
            );
            return;
        }
        for (i, (&a, &p)) in bc.args.iter().zip(params).enumerate() {
            let want = self.ty(p);
            self.expect(inst, first_operand + i, a, Expected::Type(want));
        }
    }

    fn check_types(&mut self, inst: Inst) {
        let func = self.func;
        let data = func.dfg.inst(inst);
        let results = func.dfg.inst_results(inst);
        // Result count and types against the typing rules.
        let expected_results = func.result_types(data);
        if expected_results.len() != results.len() {
            self.err(
                inst,
                VerifierErrorKind::ResultCount {
                    expected: expected_results.len(),
                    found: results.len(),
                },
            );
        } else {
            for (i, (&r, &want)) in results.iter().zip(&expected_results).enumerate() {
                if self.ty(r) != want {
                    self.err(
                        inst,
                        VerifierErrorKind::ResultType {
                            result: i,
                            expected: want,
                            found: self.ty(r),
                        },
                    );
                }
            }
        }
        match data {
            InstData::Iconst { ty, imm } => {
                if !ty.is_int() || canonical_imm(*ty, *imm) != *imm {
                    self.err(inst, VerifierErrorKind::NonCanonicalImm);
                }
            }
            InstData::F32const { .. } | InstData::F64const { .. } => {}
            InstData::Unary { arg, .. } => self.expect(inst, 0, *arg, Expected::Int),
            InstData::Binary { op, args } => {
                self.expect(inst, 0, args[0], Expected::Int);
                if op.is_shift() {
                    self.expect(inst, 1, args[1], Expected::Int);
                } else {
                    let t = self.ty(args[0]);
                    self.expect(inst, 1, args[1], Expected::Type(t));
                }
            }
            InstData::Icmp { args, .. } => {
                self.expect(inst, 0, args[0], Expected::IntOrRef);
                let t = self.ty(args[0]);
                self.expect(inst, 1, args[1], Expected::Type(t));
            }
            InstData::Conv { op, arg, ty } => {
                let from = self.ty(*arg);
                let (fb, tb) = (from.bits().unwrap_or(0), ty.bits().unwrap_or(0));
                let ok = match op {
                    ConvOp::Sextend | ConvOp::Uextend => from.is_int() && ty.is_int() && tb > fb,
                    ConvOp::Ireduce => from.is_int() && ty.is_int() && tb < fb,
                    ConvOp::PtrToInt => matches!(from, Type::Ref | Type::ByRef) && *ty == Type::I64,
                    ConvOp::IntToByref => from == Type::I64 && *ty == Type::ByRef,
                };
                if !ok {
                    self.err(inst, VerifierErrorKind::BadConversion { from, to: *ty });
                }
            }
            InstData::CondTrap { arg, .. } => self.expect(inst, 0, *arg, Expected::IntOrRef),
            InstData::LocalAlloc { arg } => self.expect(inst, 0, *arg, Expected::Type(Type::I64)),
            InstData::Null | InstData::StringConst { .. } => {}
            InstData::TypeCheck {
                arg, type_token, ..
            } => {
                self.expect(inst, 0, *arg, Expected::Type(Type::Ref));
                // A TypeSpec whose signature the function records is
                // accepted too (an array or class instantiation for
                // `castclass`/`isinst`, a value-type instantiation for
                // `unbox`).
                let spec = type_token >> 24 == 0x1B && self.func.type_sig(*type_token).is_some();
                if !(matches!(type_token >> 24, 0x01 | 0x02) || spec)
                    || type_token & 0x00FF_FFFF == 0
                {
                    self.err(inst, VerifierErrorKind::TypeToken(*type_token));
                }
            }
            InstData::NewArray { arg, elem } => {
                self.expect(inst, 0, *arg, Expected::Type(Type::I64));
                let unrecorded =
                    matches!(elem, ArrayElem::Spec(t) if self.func.type_sig(*t).is_none());
                if !elem.is_valid() || unrecorded {
                    self.err(inst, VerifierErrorKind::ArrayElem(*elem));
                }
            }
            InstData::ElemAddr { args, scale, .. } => {
                if self.ty(args[0]) != Type::ByRef {
                    self.expect(inst, 0, args[0], Expected::Type(Type::Ref));
                }
                self.expect(inst, 1, args[1], Expected::Type(Type::I64));
                if !matches!(scale, 1 | 2 | 4 | 8) {
                    self.err(inst, VerifierErrorKind::Scale(*scale));
                }
            }
            InstData::ElemAddrRef { args, type_token } => {
                self.expect(inst, 0, args[0], Expected::Type(Type::Ref));
                self.expect(inst, 1, args[1], Expected::Type(Type::I64));
                let spec = type_token >> 24 == 0x1B && self.func.type_sig(*type_token).is_some();
                if !(matches!(type_token >> 24, 0x01 | 0x02) || spec)
                    || type_token & 0x00FF_FFFF == 0
                {
                    self.err(inst, VerifierErrorKind::TypeToken(*type_token));
                }
            }
            InstData::StoreElemRef { args } => {
                self.expect(inst, 0, args[0], Expected::Type(Type::Ref));
                self.expect(inst, 1, args[1], Expected::Type(Type::I64));
                self.expect(inst, 2, args[2], Expected::Type(Type::Ref));
            }
            InstData::RuntimeLookup { kind, token } => {
                let unrecorded = token >> 24 == 0x1B && self.func.type_sig(*token).is_none();
                if !kind.accepts(*token) || unrecorded {
                    self.err(inst, VerifierErrorKind::LookupToken(*kind, *token));
                }
            }
            InstData::VirtualFtn { arg, method_token } => {
                self.expect(inst, 0, *arg, Expected::Type(Type::Ref));
                if !LookupKind::MethodHandle.accepts(*method_token) {
                    let k = LookupKind::MethodHandle;
                    self.err(inst, VerifierErrorKind::LookupToken(k, *method_token));
                }
            }
            InstData::GenericLookup { arg, lookup } => {
                self.expect(inst, 0, *arg, Expected::Type(Type::I64));
                if self.func.generic_lookup(*lookup).is_none() {
                    self.err(inst, VerifierErrorKind::GenericLookup(*lookup));
                }
            }
            InstData::Monitor { args, .. } => {
                self.expect(inst, 0, args[0], Expected::Type(Type::Ref));
                self.expect(inst, 1, args[1], Expected::Type(Type::ByRef));
            }
            InstData::HandleCall { op, args } => {
                if args.len() != op.arity() {
                    self.err(
                        inst,
                        VerifierErrorKind::ArgCount {
                            expected: op.arity(),
                            found: args.len(),
                        },
                    );
                } else {
                    let first = match op {
                        crate::instructions::HandleOp::NewArray => Type::I64,
                        _ => Type::Ref,
                    };
                    if op.arity() == 2 {
                        self.expect(inst, 0, args[0], Expected::Type(first));
                    }
                    self.expect(
                        inst,
                        op.arity() - 1,
                        args[op.arity() - 1],
                        Expected::Type(Type::I64),
                    );
                }
            }
            InstData::DelegateCtor {
                args,
                method_token,
                type_token,
            } => {
                self.expect(inst, 0, args[0], Expected::Type(Type::Ref));
                self.expect(inst, 1, args[1], Expected::Type(Type::Ref));
                if !LookupKind::MethodHandle.accepts(*method_token) {
                    let k = LookupKind::MethodHandle;
                    self.err(inst, VerifierErrorKind::LookupToken(k, *method_token));
                }
                // A generic delegate's instantiation: a TypeSpec with its
                // recorded signature.
                let spec = type_token >> 24 == 0x1B && self.func.type_sig(*type_token).is_some();
                if !(matches!(type_token >> 24, 0x01 | 0x02) || spec)
                    || type_token & 0x00FF_FFFF == 0
                {
                    self.err(inst, VerifierErrorKind::TypeToken(*type_token));
                }
            }
            InstData::NewObject { type_token } => {
                // TypeRef, TypeDef, or TypeSpec (an exact class instantiation).
                if !matches!(type_token >> 24, 0x01 | 0x02 | 0x1B) || type_token & 0x00FF_FFFF == 0
                {
                    self.err(inst, VerifierErrorKind::TypeToken(*type_token));
                }
            }
            InstData::StaticBase { type_token, .. } => {
                // A TypeDef, or a generic instantiation's TypeSpec (its
                // signature in `Function::type_sigs`).
                if !matches!(type_token >> 24, 0x02 | 0x1B) || type_token & 0x00FF_FFFF == 0 {
                    self.err(inst, VerifierErrorKind::TypeToken(*type_token));
                }
            }
            InstData::ClassInit { type_token } => {
                if type_token >> 24 != 0x02 || type_token & 0x00FF_FFFF == 0 {
                    self.err(inst, VerifierErrorKind::TypeToken(*type_token));
                }
            }
            InstData::Load { ty, base, .. } => {
                self.expect(inst, 0, *base, Expected::Address);
                if !(ty.is_int() || ty.is_float() || *ty == Type::Ref) {
                    self.err(inst, VerifierErrorKind::MemoryType(*ty));
                }
            }
            InstData::Store { args, .. } => {
                let t = self.ty(args[0]);
                if !(t.is_int() || t.is_float() || t == Type::Ref) {
                    self.err(inst, VerifierErrorKind::MemoryType(t));
                }
                self.expect(inst, 1, args[1], Expected::Address);
            }
            InstData::FUnary { arg, .. } => self.expect(inst, 0, *arg, Expected::Float),
            InstData::FBinary { args, .. } | InstData::Fcmp { args, .. } => {
                self.expect(inst, 0, args[0], Expected::Float);
                let t = self.ty(args[0]);
                self.expect(inst, 1, args[1], Expected::Type(t));
            }
            InstData::FConv { op, arg, ty } => {
                let from = self.ty(*arg);
                if !FConvOp::accepts(*op, from, *ty) {
                    self.err(inst, VerifierErrorKind::BadConversion { from, to: *ty });
                }
            }
            InstData::Call { func: f, args } => {
                let sig = &func.ext_funcs[*f].signature;
                let extra = func.ext_funcs[*f].dispatch.extra_args();
                if sig.params.len() + extra != args.len() {
                    self.err(
                        inst,
                        VerifierErrorKind::ArgCount {
                            expected: sig.params.len() + extra,
                            found: args.len(),
                        },
                    );
                } else {
                    for (i, (&a, p)) in args.iter().zip(&sig.params).enumerate() {
                        self.expect(inst, i, a, Expected::Type(p.ty));
                    }
                    if extra == 1 {
                        // The dispatch cell's address.
                        let i = args.len() - 1;
                        self.expect(inst, i, args[i], Expected::Type(Type::I64));
                    }
                }
            }
            InstData::StackAddr { slot, offset } => {
                let size = func.stack_slots[*slot].size;
                if *offset > size {
                    self.err(
                        inst,
                        VerifierErrorKind::StackSlotRange {
                            offset: *offset,
                            size: 0,
                        },
                    );
                }
            }
            InstData::StackLoad { ty, slot, offset } => {
                self.check_slot_access(inst, *slot, *offset, *ty);
            }
            InstData::StackStore { arg, slot, offset } => {
                let t = self.ty(*arg);
                self.check_slot_access(inst, *slot, *offset, t);
            }
            InstData::Jump { dest } => self.check_block_call(inst, 0, dest),
            InstData::Brif {
                arg,
                then_dest,
                else_dest,
            } => {
                self.expect(inst, 0, *arg, Expected::Int);
                self.check_block_call(inst, 1, then_dest);
                self.check_block_call(inst, 1 + then_dest.args.len(), else_dest);
            }
            InstData::BrTable {
                arg,
                default,
                targets,
            } => {
                self.expect(inst, 0, *arg, Expected::Int);
                let mut n = 1;
                for d in std::iter::once(default).chain(targets) {
                    self.check_block_call(inst, n, d);
                    n += d.args.len();
                }
            }
            InstData::Return { args } => {
                let rets = &func.signature.returns;
                if rets.len() != args.len() {
                    self.err(
                        inst,
                        VerifierErrorKind::ArgCount {
                            expected: rets.len(),
                            found: args.len(),
                        },
                    );
                } else {
                    for (i, (&a, p)) in args.iter().zip(rets).enumerate() {
                        self.expect(inst, i, a, Expected::Type(p.ty));
                    }
                }
            }
            InstData::Trap { .. }
            | InstData::CallFinally { .. }
            | InstData::EndFinally
            | InstData::CatchRet { .. }
            | InstData::Rethrow => {}
            InstData::Throw { arg } => self.expect(inst, 0, *arg, Expected::Type(Type::Ref)),
            InstData::EndFilter { arg } => self.expect(inst, 0, *arg, Expected::Type(Type::I32)),
        }
    }

    fn check_slot_access(&mut self, inst: Inst, slot: crate::StackSlot, offset: u32, ty: Type) {
        let slot_size = self.func.stack_slots[slot].size;
        let size = match ty {
            Type::Struct(s) => self.func.struct_types[s].size,
            t => t.bits().unwrap_or(0) / 8,
        };
        if offset.checked_add(size).is_none_or(|end| end > slot_size) {
            self.err(inst, VerifierErrorKind::StackSlotRange { offset, size });
        }
    }
}
