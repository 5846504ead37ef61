//! # kiln-ir — kiln's typed SSA intermediate representation
//!
//! Functions of basic blocks with parameters (no phi nodes), typed values and
//! instructions stored in entity maps owned by the function. Produced by
//! `kiln-lower` from IL, consumed by the backend (`kiln-x64`). The design
//! follows Cranelift's IR habits (entities as `u32` indices, data flow apart
//! from layout, a text form, a verifier with located errors), written for
//! the needs of .NET.
//!
//! ```text
//!   IL method body ──kiln-lower──▶ Function ──verify_function──▶ backend
//!   (eval stack,     (importer)    (this crate)                  (kiln-x64:
//!    locals, args)                   │   ▲                       isel, regalloc,
//!                                    │   │                       MethodStencil)
//!                       write_function   parse_function
//!                                    ▼   │
//!                               text IR (golden tests, dumps)
//!
//!   interpret(Function, args, calls) — reference semantics for tests
//! ```
//!
//! ## Invariants of a verified [`Function`] (what the backend may assume)
//!
//! * **Layout.** The first block of [`Layout::blocks`] is the entry; its
//!   parameters are the function's parameters (types equal
//!   [`Signature::params`]); no branch targets it. Every block in the layout
//!   is non-empty and ends with exactly one terminator (`jump`, `brif`,
//!   `br_table`, `return`, `trap`, `throw`).
//! * **SSA.** Each [`Value`] is defined exactly once, by an instruction result
//!   or a block parameter, and every use is dominated by its definition.
//!   Values flow between blocks only as block parameters, passed by the
//!   [`BlockCall`]s of the predecessors' terminators. There are no phi nodes.
//! * **Types.** Every value has a [`Type`]. Integers are sign-agnostic;
//!   operations choose signedness. `icmp` yields an `i32` 0/1. See
//!   [`instructions`] for each opcode's rules and exception semantics.
//! * **Exceptions.** Divisions are only ever executed with a valid divisor
//!   (the producer guards them with `trapz`/`trapnz`); `*_ovf` arithmetic and
//!   conditional traps throw the .NET exception named by their [`TrapCode`].
//! * **Calls** name a [`FuncRef`] whose [`ExtFuncData`] carries the callee's
//!   [`Signature`] and its [`Callee`] identity (a metadata token of the
//!   compiled module), which the backend turns into a `MethodEntry` import
//!   cell (`kiln_runtime_abi::stencil::Import` in the `MethodCall` section).
//! * **Determinism.** Entities are numbered in creation order; equal inputs
//!   give equal functions (`Clone, PartialEq, Eq, Hash` derive everywhere so
//!   salsa can reuse results).
//!
//! ## Using a function (backend's view)
//!
//! ```
//! # use kiln_ir::*;
//! # fn walk(func: &Function) {
//! for &block in func.layout.blocks() {
//!     let params = func.dfg.block_params(block);
//!     for &inst in func.layout.block_insts(block) {
//!         match func.dfg.inst(inst) {
//!             InstData::Binary { op, args } => { /* … */ }
//!             InstData::Call { func: f, args } => {
//!                 let ext = &func.ext_funcs[*f];
//!                 if let Callee::Token(token) = ext.callee { /* … */ }
//!             }
//!             _ => {}
//!         }
//!         let results = func.dfg.inst_results(inst);
//!     }
//! }
//! # }
//! ```

pub mod builder;
pub mod eh;
pub mod entities;
pub mod entity;
pub mod flowgraph;
pub mod function;
pub mod instructions;
pub mod interp;
pub mod parse;
pub mod types;
pub mod verifier;
mod verify_eh;
pub mod write;

pub use builder::{canonical_imm, Cursor};
pub use eh::{EhClause, EhClauseData, FuncletPart, HandlerKind, Region};
pub use entities::{AnyEntity, Block, FuncRef, Inst, StackSlot, StructRef, Value};
pub use entity::{EntityRef, PrimaryMap, SecondaryMap};
pub use flowgraph::{ControlFlowGraph, DominatorTree};
pub use function::{
    AbiParam, ArgExt, Callee, DataFlowGraph, Dispatch, ExtFuncData, FieldOffsetCheck, Function,
    IlLoc, Layout, Signature, StackSlotData, StructLayout, TokenTypeSig, TypeLayoutCheck,
    ValueData, ValueDef,
};
pub use instructions::{
    ArrayElem, BinaryOp, BlockCall, CondTrapOp, ConvOp, Effects, FBinaryOp, FConvOp, FUnaryOp,
    FloatCC, HandleOp, InstData, IntCC, LookupKind, TrapCode, TypeCheckOp, UnaryOp,
};
pub use interp::{eval_int, interpret, CallHandler, IntEval, InterpError, Outcome};
pub use parse::{parse_function, ParseError};
pub use types::Type;
pub use verifier::{verify_function, Expected, VerifierError, VerifierErrorKind, VerifierErrors};
pub use write::{inst_to_string, write_function, write_function_with_errors};
