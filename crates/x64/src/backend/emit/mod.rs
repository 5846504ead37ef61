//! Instruction selection and emission: one pass over the blocks in layout
//! order, writing machine code into an [`asm::CodeBuffer`](crate::asm::CodeBuffer),
//! then the frame's unwind description, GC info and debug bounds.
//!
//! ## Frame (RBP frame, managed SysV ABI)
//! ```text
//!   [rbp + 16 + 8n]   incoming stack argument n (parameters 7, 8, …)
//!   [rbp + 8]         return address
//!   [rbp]             caller's rbp                 push rbp; mov rbp, rsp
//!   [rbp - 8k ..]     callee-saved homes           push rbx / r12 … (k pushes)
//!   [below]           spill slots (8 bytes each), then IR stack slots
//!   [rsp + 8n]        outgoing stack argument n of any call
//!   [rsp]             16-aligned; RSP never moves in the body   sub rsp, N
//! ```
//! The epilog is `add rsp, N; pop …; pop rbp; ret`, a shape the x64
//! unwinder recognizes as an epilog.
//!
//! ## Value representation
//! A value of type `iN` lives in a 64-bit home whose low `N` bits are the
//! value; the bits above are unspecified except for `i64`. Every operation
//! that depends on high bits (comparisons, division, right shifts, tests,
//! widening, small returns and arguments) extends explicitly.
//!
//! ## Where results are computed
//! An ALU operation, multiply, shift, conversion or `setcc` computes
//! straight into its result's home register when it has one (which no
//! operand shares), reading operands from their homes (register or spill
//! slot) or as immediates; otherwise it goes through RAX and a store.
//!
//! ## Scratch registers
//! RAX, RCX, RDX: operands and results of one instruction; R11: the
//! parallel-move cycle breaker; R10: memory-to-memory moves. None is ever a
//! home, so an instruction's expansion can never clobber a live value.
//!
//! ## Where each IR instruction is emitted
//!
//! `Emitter::inst` dispatches every instruction to one module:
//!
//! | module | what |
//! |---|---|
//! | `int` | `unary`, `binary`, `icmp`, `conv`; integer comparisons |
//! | `float` | `f32`/`f64` constants, arithmetic, comparisons, conversions, loads and stores |
//! | `memory` | `load`, `store` (with the GC write barrier), `stack_load`/`stack_store`/`stack_addr`, `elem_addr` |
//! | `calls` | `call` (direct through a MethodCall cell, virtual through a dispatch cell) |
//! | `runtime` | operations that are runtime-helper calls: `type_check`, `new_array`, `new_object`, `store_elem_ref`, `elem_addr_ref`, `static_base`, `class_init`, `string_const`, `throw` |
//! | `branches` | `jump`, `brif`, `br_table`, `return`, `trap`, `trapz`/`trapnz`; edges and their moves |
//! | `frame` | frame layout, prolog, epilog |
//! | `stencil` | the [`MethodStencil`]: unwind info, GC info, debug bounds |
//! | `eh` | funclet prologs and epilogs, `call_finally`, `end_finally`, `catch_ret`, `end_filter`, `rethrow`; throw stubs per protected region; fragments and the clause table |
//!
//! Which helper an operation calls and every import cell's fixup signature
//! come from [`super::imports`], the backend's half of the runtime contract.

mod branches;
mod calls;
mod eh;
mod float;
mod frame;
mod int;
mod memory;
mod runtime;
mod stencil;

use kiln_ir::{Block, Function, Inst, InstData, SecondaryMap, TrapCode, Type, Value};
use kiln_runtime_abi::stencil::MethodStencil;

use super::analysis::Analysis;
use super::imports::trap_helper;
use super::moves::{resolve, Loc, Move, Src};
use super::regalloc::Allocation;
use super::{BackendError, BackendOptions};
use crate::asm::{CodeBuffer, Gpr, InstId, Label, Mem, Rm, Xmm};
use frame::Frame;

const RAX: Gpr = Gpr::RAX;
const RCX: Gpr = Gpr::RCX;
const RDX: Gpr = Gpr::RDX;
const R10: Gpr = Gpr::R10;
const SCRATCH_MOVE: Loc = Loc::Reg(11);
const XMM0: Xmm = Xmm::ALL[0];

/// The width of an integer type in bits (64 for references).
pub(super) fn bits(ty: Type) -> u32 {
    ty.bits().unwrap_or(64)
}

struct Emitter<'a> {
    func: &'a Function,
    a: &'a Analysis,
    alloc: &'a Allocation,
    frame: Frame,
    buf: CodeBuffer,
    block_label: SecondaryMap<Block, Option<Label>>,
    trap_label: [Option<Label>; 4],
    /// Every call emitted and what it is (for its GC safepoint).
    calls: Vec<(InstId, CallKind)>,
    il_marks: Vec<(InstId, u32)>,
    /// RAX holds this value's bits at the end of the previous IR
    /// instruction (it ended with `home ← RAX`).
    rax_holds: Option<Value>,
    /// The cache valid for the current IR instruction, usable only while it
    /// has emitted nothing (`inst_start`).
    rax_cached: Option<Value>,
    inst_start: u32,
    /// Funclets and their frame (methods with exception handling).
    eh: Option<eh::EhEmit>,
}

/// Emits the machine code of `func` with the homes of `alloc` and builds
/// the stencil.
///
/// # Errors
/// [`BackendError::Internal`] if the assembler or the GC info encoder
/// rejects what was produced; [`BackendError::Unsupported`] for frames
/// beyond the limits.
pub fn emit(
    func: &Function,
    a: &Analysis,
    alloc: &Allocation,
    opts: &BackendOptions,
) -> Result<MethodStencil, BackendError> {
    let frame = Frame::new(func, alloc)?;
    let eh = super::eh::plan(func, a)?.map(|p| {
        let f = super::eh::FuncletFrame::new(frame.pushed.len(), frame.alloc, frame.out_args);
        eh::EhEmit::new(p, f)
    });
    let mut e = Emitter {
        func,
        a,
        alloc,
        frame,
        buf: CodeBuffer::with_capacity(64 + 16 * func.dfg.num_insts(), 8 * func.dfg.num_insts()),
        block_label: SecondaryMap::new(),
        trap_label: [None; 4],
        calls: Vec::new(),
        il_marks: Vec::new(),
        rax_holds: None,
        rax_cached: None,
        inst_start: 0,
        eh,
    };
    for &b in &a.blocks {
        let l = e.buf.new_label();
        e.block_label[b] = Some(l);
    }
    let prolog = e.prolog();
    e.eh_prolog();
    e.body()?;
    e.throw_stubs(None);
    stencil::finish(e, &prolog, opts)
}

impl Emitter<'_> {
    /// Emits every block in layout order (a GC poll first at loop heads).
    fn body(&mut self) -> Result<(), BackendError> {
        let (func, a) = (self.func, self.a);
        for (i, &b) in a.blocks.iter().enumerate() {
            let l = self.block_label[b].expect("every block has a label");
            self.eh_before_block(i);
            self.buf.bind(l);
            self.eh_after_bind(i);
            // Control may arrive from elsewhere: nothing is known about RAX.
            self.rax_holds = None;
            if a.poll_point[i].is_some() {
                self.gc_poll(i);
            }
            let next = a.blocks.get(i + 1).copied();
            for &inst in func.layout.block_insts(b) {
                if let Some(loc) = &func.srclocs[inst] {
                    self.il_marks
                        .push((InstId(self.buf.inst_count()), loc.offset));
                }
                self.rax_cached = self.rax_holds.take();
                self.inst_start = self.buf.inst_count();
                self.inst(inst, next)?;
            }
        }
        Ok(())
    }

    /// The throw stubs: one per trap code used since the last stubs,
    /// calling its helper; behind a jump to `next` if control could fall
    /// into them (stubs emitted between blocks, see `eh`).
    fn throw_stubs(&mut self, next: Option<Label>) {
        if self.trap_label.iter().all(Option::is_none) {
            return;
        }
        if let Some(l) = next {
            self.buf.jmp(l);
        }
        for (k, code) in TrapCode::ALL.iter().enumerate() {
            if let Some(l) = self.trap_label[k].take() {
                self.buf.bind(l);
                let call = self.call_helper(trap_helper(*code));
                self.calls.push((call, CallKind::NoReturn));
                // The helper never returns; keep its return address inside the
                // method for the stack walker.
                self.buf.int3();
            }
        }
    }

    fn ty(&self, v: Value) -> Type {
        self.func.dfg.value_type(v)
    }

    fn konst(&self, v: Value) -> Option<i64> {
        self.a.consts[v]
    }

    fn rm(&self, loc: Loc) -> Rm {
        match loc {
            Loc::Reg(r) => Rm::Reg(Gpr::ALL[r as usize]),
            m => Rm::Mem(self.frame.mem(m).expect("memory location")),
        }
    }

    /// `dst ← v` (all 64 bits of the home; constants materialized).
    fn load(&mut self, v: Value, dst: Gpr) {
        if let Some(c) = self.konst(v) {
            self.buf.mov_imm64(dst, c);
            return;
        }
        if dst == RAX && self.rax_cached == Some(v) && self.buf.inst_count() == self.inst_start {
            return; // RAX still holds v from the previous instruction
        }
        match self.alloc.loc(v) {
            Loc::Reg(r) if r == dst.number() => {}
            loc => {
                let src = self.rm(loc);
                self.buf.mov_r64_rm64(dst, src);
            }
        }
    }

    /// `home(v) ← src`.
    fn store(&mut self, src: Gpr, v: Value) {
        let Some(loc) = self.alloc.home[v] else {
            return;
        };
        if src == RAX {
            // Every caller stores last: RAX keeps v until the next IR
            // instruction starts.
            self.rax_holds = Some(v);
        }
        if loc == Loc::Reg(src.number()) {
            return;
        }
        let dst = self.rm(loc);
        self.buf.mov_rm64_r64(dst, src);
    }

    fn parallel_moves(&mut self, moves: &[Move]) {
        for m in resolve(moves, SCRATCH_MOVE) {
            self.move_one(m);
        }
    }

    fn move_one(&mut self, m: Move) {
        if let Some(()) = self.move_xmm(m) {
            return;
        }
        let dst = self.rm(m.dst);
        match (m.dst, m.src) {
            (Loc::Reg(d), Src::Const(c)) => {
                self.buf.mov_imm64(Gpr::ALL[d as usize], c);
            }
            (_, Src::Const(c)) => {
                if c as i32 as i64 == c {
                    self.buf.mov_rm64_imm32(dst, c as i32);
                } else {
                    self.buf.mov_imm64(R10, c);
                    self.buf.mov_rm64_r64(dst, R10);
                }
            }
            (Loc::Reg(d), Src::Loc(s)) => {
                let src = self.rm(s);
                self.buf.mov_r64_rm64(Gpr::ALL[d as usize], src);
            }
            (_, Src::Loc(Loc::Reg(s))) => {
                self.buf.mov_rm64_r64(dst, Gpr::ALL[s as usize]);
            }
            (_, Src::Loc(s)) => {
                let src = self.rm(s);
                self.buf.mov_r64_rm64(R10, src);
                self.buf.mov_rm64_r64(dst, R10);
            }
        }
    }

    fn src_of(&self, v: Value) -> Src {
        match self.konst(v) {
            Some(c) => Src::Const(c),
            None => Src::Loc(self.alloc.loc(v)),
        }
    }

    /// Where an instruction computes `r`: its home when that is a register
    /// (no copy afterwards), else RAX.
    fn result_reg(&self, r: Value) -> Gpr {
        match self.alloc.home[r] {
            Some(Loc::Reg(x)) => Gpr::ALL[x as usize],
            _ => RAX,
        }
    }

    /// A register holding `v`: its home register, or `scratch` loaded with
    /// it (a constant or a spilled value).
    fn operand_reg(&mut self, v: Value, scratch: Gpr) -> Gpr {
        match (self.konst(v), self.alloc.home[v]) {
            (None, Some(Loc::Reg(r))) => Gpr::ALL[r as usize],
            _ => {
                self.load(v, scratch);
                scratch
            }
        }
    }

    fn operand(&self, v: Value) -> Operand {
        match self.konst(v) {
            Some(c) => Operand::Imm(c),
            None => Operand::Rm(self.rm(self.alloc.loc(v))),
        }
    }

    /// Emits one IR instruction (`next`: the block laid out next).
    fn inst(&mut self, inst: Inst, next: Option<Block>) -> Result<(), BackendError> {
        let func = self.func;
        let data = func.dfg.inst(inst);
        let result = func.dfg.inst_results(inst).first().copied();
        match data {
            // Rematerialized at each use (a `null` as 0).
            InstData::Iconst { .. } | InstData::Null => {}
            // int.rs
            InstData::Unary { op, arg } => self.unary(*op, *arg, result),
            InstData::Binary { op, args } => {
                let r = result.expect("binary result");
                let out = self.binary(*op, args[0], args[1], r);
                self.store(out, r);
            }
            InstData::Icmp { cond, args } => self.icmp(inst, *cond, *args, result),
            InstData::Conv { op, arg, ty } => self.conv(inst, *op, *arg, *ty, result)?,
            // float.rs
            InstData::F32const { .. }
            | InstData::F64const { .. }
            | InstData::FUnary { .. }
            | InstData::FBinary { .. }
            | InstData::Fcmp { .. }
            | InstData::FConv { .. } => {
                let r = result.expect("float instructions have a result");
                self.float_inst(data, r)?;
            }
            InstData::Load { ty, base, offset } if ty.is_float() => {
                let r = result.expect("load result");
                self.float_load(*ty, *base, *offset, r);
            }
            InstData::Store { args, offset } if self.ty(args[0]).is_float() => {
                self.float_store(args[0], args[1], *offset);
            }
            InstData::StackLoad { ty, slot, offset } if ty.is_float() => {
                let r = result.expect("stack_load result");
                let m = Mem::base_disp(Gpr::RBP, self.frame.slots[*slot] + *offset as i32);
                self.float_load_mem(*ty, m, r);
            }
            InstData::StackStore { arg, slot, offset } if self.ty(*arg).is_float() => {
                let m = Mem::base_disp(Gpr::RBP, self.frame.slots[*slot] + *offset as i32);
                self.float_store_mem(*arg, m);
            }
            // memory.rs
            InstData::Load { ty, base, offset } => self.int_load(*ty, *base, *offset, result),
            InstData::Store { args, offset } => self.int_store(*args, *offset),
            InstData::StackLoad { ty, slot, offset } => {
                self.stack_load(*ty, *slot, *offset, result)
            }
            InstData::StackStore { arg, slot, offset } => self.stack_store(*arg, *slot, *offset),
            InstData::StackAddr { slot, offset } => self.stack_addr(*slot, *offset, result),
            InstData::LocalAlloc { arg } => self.local_alloc(*arg, result),
            // Fused into the access right after it (`address`).
            InstData::ElemAddr { .. } if self.a.fused[inst] => {}
            InstData::ElemAddr {
                args,
                scale,
                offset,
            } => self.elem_addr(*args, *scale, *offset, result),
            // calls.rs
            InstData::Call { func: f, args } => self.call(inst, *f, args)?,
            // runtime.rs
            InstData::TypeCheck {
                op,
                arg,
                type_token,
            } => self.type_check(inst, *op, *arg, *type_token, result)?,
            InstData::NewArray { arg, elem } => self.new_array(inst, *arg, *elem, result)?,
            InstData::NewObject { type_token } => self.new_object(inst, *type_token, result)?,
            InstData::StoreElemRef { args } => self.store_elem_ref(inst, *args),
            InstData::ElemAddrRef { args, type_token } => {
                self.elem_addr_ref(inst, *args, *type_token, result)?
            }
            InstData::StaticBase {
                gc,
                thread,
                type_token,
            } => self.static_base(inst, *gc, *thread, *type_token, result)?,
            InstData::ClassInit { type_token } => self.class_init(inst, *type_token)?,
            InstData::RuntimeLookup { kind, token } => {
                self.runtime_lookup(inst, *kind, *token, result)?
            }
            InstData::DelegateCtor {
                args,
                method_token,
                type_token,
            } => self.delegate_ctor(inst, *args, *method_token, *type_token)?,
            InstData::GenericLookup { arg, lookup } => {
                self.generic_lookup(inst, *arg, *lookup, result)?
            }
            InstData::VirtualFtn { arg, method_token } => {
                self.virtual_ftn(inst, *arg, *method_token, result)?
            }
            InstData::HandleCall { op, args } => self.handle_call(inst, *op, args, result),
            InstData::Monitor { enter, args } => self.monitor(inst, *enter, *args),
            InstData::StringConst { token } => self.string_const(inst, *token, result)?,
            InstData::Throw { arg } => self.throw(*arg),
            InstData::CallFinally { .. }
            | InstData::EndFinally
            | InstData::CatchRet { .. }
            | InstData::EndFilter { .. }
            | InstData::Rethrow => self.eh_inst(inst, data, next)?,
            // branches.rs
            InstData::Jump { dest } => self.edge(dest, next),
            InstData::Brif {
                arg,
                then_dest,
                else_dest,
            } => self.brif(*arg, then_dest, else_dest, next),
            InstData::BrTable {
                arg,
                default,
                targets,
            } => self.br_table(inst, *arg, default, targets, next)?,
            InstData::Return { args } => self.ret(args),
            InstData::CondTrap { op, arg, code } => self.cond_trap(*op, *arg, *code),
            InstData::Trap { code } => {
                let l = self.trap(*code);
                self.buf.jmp(l);
            }
        }
        Ok(())
    }
}

#[derive(Clone, Copy, Debug)]
enum CallKind {
    /// An IR `call`: the references live after it are reported.
    Ir(Inst),
    /// The GC poll at the start of the block with this layout index.
    Poll(usize),
    /// A throw helper: never returns, nothing reported.
    NoReturn,
}

/// An instruction operand for a value: an immediate (constant) or its home.
#[derive(Clone, Copy, Debug)]
enum Operand {
    Imm(i64),
    Rm(Rm),
}
