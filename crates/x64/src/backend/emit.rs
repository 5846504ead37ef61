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

mod float;

pub use float::rem_helper;

use kiln_gcinfo::{CallSite, GcInfoDesc, ReturnKind};
use kiln_ir::{
    ArgExt, ArrayElem, BinaryOp, Block, BlockCall, Callee, CondTrapOp, ConvOp, Dispatch, Function,
    Inst, InstData, IntCC, SecondaryMap, TrapCode, Type, TypeCheckOp, UnaryOp, Value,
};
use kiln_runtime_abi::r2r::FixupKind;
use kiln_runtime_abi::r2r::Helper;
use kiln_runtime_abi::sig::{
    fixup_helper, fixup_method_entry_def, fixup_method_entry_ref, fixup_string, fixup_type,
    TypeSig, TypeToken,
};
use kiln_runtime_abi::stencil::{
    DebugBound, Fragment, FragmentKind, GcRefKind, GcRefMap, Import, ImportSection, MethodStencil,
    Target, UnwindInfo, UnwindOp,
};

use super::abi::arg_locs;
use super::analysis::{fused_icmp, Analysis};
use super::moves::{resolve, Loc, Move, Src};
use super::regalloc::Allocation;
use super::{unsupported, BackendError, BackendOptions, UnsupportedReason};
use crate::asm::{CodeBuffer, Cond, Gpr, InstId, Label, Mem, Rm, Scale, Xmm};

const RAX: Gpr = Gpr::RAX;
const RCX: Gpr = Gpr::RCX;
const RDX: Gpr = Gpr::RDX;
const R10: Gpr = Gpr::R10;
const SCRATCH_MOVE: Loc = Loc::Reg(11);
const XMM0: Xmm = Xmm::ALL[0];

/// The runtime helper that throws the exception of `code`.
pub fn trap_helper(code: TrapCode) -> Helper {
    match code {
        TrapCode::DivideByZero => Helper::ThrowDivZero,
        TrapCode::Overflow => Helper::Overflow,
        TrapCode::NullReference => Helper::ThrowNullRef,
        TrapCode::IndexOutOfRange => Helper::RngChkFail,
    }
}

/// The GC write-barrier helper for storing a reference through a base of
/// type `base` (`readytorun.h`): `WriteBarrier` (0x30; RDI = destination,
/// RSI = reference) when the base is an object, whose fields are in the GC
/// heap; `CheckedWriteBarrier` (0x31, same registers) for a `byref` or raw
/// address, which may point outside the heap (the stack).
pub fn barrier_helper(base: Type) -> Helper {
    match base {
        Type::Ref => Helper::WriteBarrier,
        _ => Helper::CheckedWriteBarrier,
    }
}

/// The `MethodEntry` fixup signature for a callee token: `MethodEntry_DefToken`
/// for a MethodDef, `MethodEntry_RefToken` for a MemberRef (readytorun.h).
pub fn method_entry_signature(token: u32) -> Option<Vec<u8>> {
    let rid = token & 0x00FF_FFFF;
    match token >> 24 {
        0x06 if rid != 0 => Some(fixup_method_entry_def(rid)),
        0x0A if rid != 0 => Some(fixup_method_entry_ref(rid)),
        _ => None,
    }
}

/// The `Check_FieldOffset` fixups of the offsets the code assumes
/// ([`kiln_ir::Function::field_offset_checks`]): Lazy cells in the method's
/// fixup list; the runtime rejects the method (JIT-compiles it) if an
/// offset differs.
fn field_offset_fixups(func: &Function) -> Result<Vec<Import>, BackendError> {
    let mut out = Vec::new();
    for c in &func.field_offset_checks {
        let rid = c.field_token & 0x00FF_FFFF;
        let member_ref = match c.field_token >> 24 {
            0x04 if rid != 0 => false,
            0x0A if rid != 0 => true,
            _ => {
                return Err(unsupported(
                    UnsupportedReason::CalleeToken(c.field_token),
                    kiln_ir::AnyEntity::Function,
                ))
            }
        };
        let field = kiln_runtime_abi::sig::FieldSig {
            owner: None,
            member_ref,
            rid,
        };
        let import = Import {
            section: ImportSection::Lazy,
            signature: kiln_runtime_abi::sig::fixup_check_field_offset(c.offset, &field),
            gc_ref_map: None,
        };
        if !out.contains(&import) {
            out.push(import);
        }
    }
    Ok(out)
}

/// The signature token of a TypeDef (`0x02…`) or TypeRef token.
fn type_token_of(type_token: u32) -> TypeToken {
    let rid = type_token & 0x00FF_FFFF;
    match type_token >> 24 {
        0x02 => TypeToken::Def(rid),
        _ => TypeToken::Ref(rid),
    }
}

/// The `VirtualEntry` fixup signature of a virtual-dispatch callee token:
/// `VirtualEntry_DefToken` (0x17) for a MethodDef, `VirtualEntry_RefToken`
/// (0x18) for a MemberRef, followed by the compressed RID (readytorun.h).
pub fn virtual_entry_signature(token: u32) -> Option<Vec<u8>> {
    let rid = token & 0x00FF_FFFF;
    let kind = match token >> 24 {
        0x06 if rid != 0 => FixupKind::VirtualEntry_DefToken,
        0x0A if rid != 0 => FixupKind::VirtualEntry_RefToken,
        _ => return None,
    };
    let mut v = vec![kind.raw()];
    kiln_runtime_abi::sig::write_compressed_u32(&mut v, rid);
    Some(v)
}

/// The GCRefMap of a callee's arguments: positions 0–5 are the argument
/// registers, stack arguments follow from position 13 (crossgen2
/// `GCRefMapBuilder`, TransitionBlock on linux-x64).
pub fn gc_ref_map(sig: &kiln_ir::Signature) -> GcRefMap {
    let mut positions = Vec::new();
    let (locs, _) = arg_locs(sig.params.iter().map(|p| p.ty));
    for (p, loc) in sig.params.iter().zip(locs) {
        let Some(pos) = loc.gc_ref_map_pos() else {
            continue;
        };
        let kind = match p.ty {
            Type::Ref => GcRefKind::Ref,
            Type::ByRef => GcRefKind::Interior,
            _ => continue,
        };
        if positions.len() <= pos {
            positions.resize(pos + 1, GcRefKind::Skip);
        }
        positions[pos] = kind;
    }
    GcRefMap { positions }
}

/// The GC slot of a reference of type `ty` living in `home`.
fn gc_slot(frame: &Frame, home: Loc, ty: Type) -> Result<kiln_gcinfo::Slot, BackendError> {
    let mut slot = match home {
        Loc::Reg(r) => kiln_gcinfo::Slot::register(r),
        Loc::Spill(_) => {
            let Some(m) = frame.mem(home) else {
                unreachable!("spill slots are memory")
            };
            kiln_gcinfo::Slot::stack(m.disp(), kiln_gcinfo::StackBase::FrameReg)
        }
        other => {
            return Err(BackendError::Internal(format!(
                "a GC reference lives in {other:?}"
            )))
        }
    };
    slot.interior = ty == Type::ByRef;
    Ok(slot)
}

fn cond_of(cc: IntCC) -> Cond {
    match cc {
        IntCC::Eq => Cond::E,
        IntCC::Ne => Cond::Ne,
        IntCC::Slt => Cond::L,
        IntCC::Sle => Cond::Le,
        IntCC::Sgt => Cond::G,
        IntCC::Sge => Cond::Ge,
        IntCC::Ult => Cond::B,
        IntCC::Ule => Cond::Be,
        IntCC::Ugt => Cond::A,
        IntCC::Uge => Cond::Ae,
    }
}

fn is_signed(cc: IntCC) -> bool {
    matches!(cc, IntCC::Slt | IntCC::Sle | IntCC::Sgt | IntCC::Sge)
}

fn bits(ty: Type) -> u32 {
    ty.bits().unwrap_or(64)
}

fn align_up(x: u32, a: u32) -> u32 {
    (x + a - 1) & !(a - 1)
}

/// Where everything sits in the frame.
#[derive(Clone, Debug)]
struct Frame {
    /// Callee-saved registers pushed after RBP, in push order.
    pushed: Vec<u8>,
    /// RBP-relative offset of spill slot 0 (slot n is 8n below it).
    spill0: i32,
    /// RBP-relative offset of each IR stack slot.
    slots: SecondaryMap<kiln_ir::StackSlot, i32>,
    /// Rounded sizes of the IR stack slots (multiples of 8), for zeroing.
    slot_sizes: Vec<(kiln_ir::StackSlot, u32)>,
    /// `sub rsp, N`.
    alloc: u32,
}

impl Frame {
    fn new(func: &Function, alloc: &Allocation) -> Result<Frame, BackendError> {
        let out_args = func
            .layout
            .blocks()
            .iter()
            .flat_map(|&b| func.layout.block_insts(b))
            .filter_map(|&i| match func.dfg.inst(i) {
                InstData::Call { func: f, .. } => Some(
                    arg_locs(func.ext_funcs[*f].signature.params.iter().map(|p| p.ty)).1 as usize,
                ),
                _ => None,
            })
            .max()
            .unwrap_or(0) as u32;
        let pushed = alloc.callee_saved.clone();
        let k = pushed.len() as u32 * 8;
        let mut cur = k;
        let spill0 = -((cur + 8) as i32);
        cur += alloc.num_spills * 8;
        let mut slots = SecondaryMap::new();
        let mut slot_sizes = Vec::new();
        for (ss, data) in func.stack_slots.iter() {
            let size = align_up(data.size.max(1), 8);
            let align = data.align.max(8);
            cur = align_up(cur + size, align);
            slots[ss] = -(cur as i32);
            slot_sizes.push((ss, size));
        }
        // The outgoing argument area sits at the bottom, at [rsp].
        cur += 8 * out_args;
        // Keep RSP 16-aligned in the body: at entry RSP ≡ 8 (mod 16), the
        // push of RBP makes it 0, then k bytes of pushes and N of allocation.
        let alloc_size = align_up(cur, 16) - k;
        // Frames of a page or more need stack probes (each page touched in
        // order so the guard page catches overflow); this backend emits none.
        if cur + 16 >= 4096 {
            return Err(unsupported(
                UnsupportedReason::FrameTooLarge,
                kiln_ir::AnyEntity::Function,
            ));
        }
        Ok(Frame {
            pushed,
            spill0,
            slots,
            slot_sizes,
            alloc: alloc_size,
        })
    }

    fn mem(&self, loc: Loc) -> Option<Mem> {
        match loc {
            Loc::Reg(_) | Loc::Xmm(_) => None,
            Loc::Spill(n) => Some(Mem::base_disp(Gpr::RBP, self.spill0 - 8 * n as i32)),
            Loc::InArg(n) => Some(Mem::base_disp(Gpr::RBP, 16 + 8 * n as i32)),
            Loc::OutArg(n) => Some(Mem::base_disp(Gpr::RSP, 8 * n as i32)),
        }
    }
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
    };
    for &b in &a.blocks {
        let l = e.buf.new_label();
        e.block_label[b] = Some(l);
    }

    // Prolog.
    let mut prolog: Vec<(InstId, Option<u8>, u32)> = Vec::new(); // (inst, pushed reg, alloc)
    prolog.push((e.buf.push_r64(Gpr::RBP), Some(5), 0));
    let set_fp = e.buf.mov_r64_rm64(Gpr::RBP, Gpr::RSP);
    for &r in &e.frame.pushed.clone() {
        prolog.push((e.buf.push_r64(Gpr::ALL[r as usize]), Some(r), 0));
    }
    let n = e.frame.alloc;
    if n > 0 {
        let id = if n <= 127 {
            e.buf.sub_rm64_imm8(Gpr::RSP, n as i8)
        } else {
            e.buf.sub_rm64_imm32(Gpr::RSP, n as i32)
        };
        prolog.push((id, None, n));
    }
    let last_prolog = e.buf.last_inst();

    // Zero the IR stack slots (IL locals are zero-initialized).
    if !e.frame.slot_sizes.is_empty() {
        e.buf.xor_rm32_r32(RAX, RAX);
        for (ss, size) in e.frame.slot_sizes.clone() {
            let base = e.frame.slots[ss];
            for k in (0..size).step_by(8) {
                e.buf
                    .mov_rm64_r64(Mem::base_disp(Gpr::RBP, base + k as i32), RAX);
            }
        }
    }

    // Parameters into their homes.
    if let Some(&entry) = a.blocks.first() {
        let params = func.dfg.block_params(entry);
        let (locs, _) = arg_locs(params.iter().map(|&p| func.dfg.value_type(p)));
        let moves: Vec<Move> = params
            .iter()
            .zip(locs)
            .filter_map(|(&p, loc)| {
                let home = alloc.home[p]?;
                let src = loc.incoming();
                Some(Move {
                    dst: home,
                    src: Src::Loc(src),
                })
            })
            .collect();
        e.parallel_moves(&moves);
    }

    for (i, &b) in a.blocks.iter().enumerate() {
        let l = e.block_label[b].expect("every block has a label");
        e.buf.bind(l);
        // Control may arrive from elsewhere: nothing is known about RAX.
        e.rax_holds = None;
        if a.poll_point[i].is_some() {
            // GC poll at a loop head (methods with GC references): returns
            // at once unless a GC is pending, then stops here with the
            // block's live references reported.
            let call = e.call_helper(Helper::GCPoll);
            e.calls.push((call, CallKind::Poll(i)));
        }
        let next = a.blocks.get(i + 1).copied();
        for &inst in func.layout.block_insts(b) {
            if let Some(loc) = &func.srclocs[inst] {
                e.il_marks.push((InstId(e.buf.inst_count()), loc.offset));
            }
            e.rax_cached = e.rax_holds.take();
            e.inst_start = e.buf.inst_count();
            e.inst(inst, next)?;
        }
    }

    // Throw stubs: one per trap code used.
    for (k, code) in TrapCode::ALL.iter().enumerate() {
        if let Some(l) = e.trap_label[k] {
            e.buf.bind(l);
            let call = e.call_helper(trap_helper(*code));
            e.calls.push((call, CallKind::NoReturn));
            // The helper never returns; keep its return address inside the
            // method for the stack walker.
            e.buf.int3();
        }
    }

    let Emitter {
        buf,
        calls,
        il_marks,
        frame: frame_for_gc,
        ..
    } = e;
    let asm = buf
        .finish()
        .map_err(|err| BackendError::Internal(format!("assembler: {err}")))?;
    let code_len = asm.code.len() as u32;
    let prolog_size = asm.inst_end(last_prolog);
    let to_u8 = |x: u32| {
        u8::try_from(x).map_err(|_| BackendError::Internal("prolog longer than 255 bytes".into()))
    };
    let mut ops = Vec::new();
    for (k, &(id, reg, size)) in prolog.iter().enumerate() {
        let code_offset = to_u8(asm.inst_end(id))?;
        match reg {
            Some(reg) => ops.push(UnwindOp::PushNonVolatile { code_offset, reg }),
            None => ops.push(UnwindOp::Alloc { code_offset, size }),
        }
        if k == 0 {
            ops.push(UnwindOp::SetFramePointer {
                code_offset: to_u8(asm.inst_end(set_fp))?,
            });
        }
    }
    let unwind = UnwindInfo {
        prolog_size: to_u8(prolog_size)?,
        frame_register: Some((5, 0)),
        ops,
    };

    let mut gc = GcInfoDesc::new(code_len);
    gc.stack_base_register = Some(5);
    gc.return_kind = match func.signature.returns.first().map(|p| p.ty) {
        Some(Type::Ref) => ReturnKind::Object,
        Some(Type::ByRef) => ReturnKind::ByRef,
        _ => ReturnKind::Scalar,
    };
    if a.has_loop && !a.has_gc_refs {
        // Nothing is ever live: any instruction after the prolog is a safe
        // place to stop, so a thread spinning in a loop can be suspended.
        gc.interruptible_ranges = vec![(prolog_size, code_len)];
    } else {
        // Partially interruptible: the GC stops only at calls (analysis
        // guarantees every loop has one when references exist), and sees
        // the references live after each call in their homes.
        let (live, live_polls) = if a.has_gc_refs {
            (
                super::analysis::gc_live_after_calls(func, a),
                super::analysis::gc_live_at_polls(func, a),
            )
        } else {
            (SecondaryMap::new(), Vec::new())
        };
        let mut slots: Vec<(kiln_gcinfo::Slot, usize)> = Vec::new();
        for &(c, ir) in &calls {
            let (start, end) = (asm.inst_start(c), asm.inst_end(c));
            gc.call_sites.push(CallSite {
                offset: start,
                size: end - start,
            });
            let refs: &[Value] = match ir {
                CallKind::Ir(inst) => &live[inst],
                CallKind::Poll(block) => &live_polls[block],
                CallKind::NoReturn => continue,
            };
            for &v in refs {
                let slot = gc_slot(&frame_for_gc, alloc.loc(v), func.dfg.value_type(v))?;
                let idx = match slots.iter().find(|(s, _)| *s == slot) {
                    Some(&(_, i)) => i,
                    None => {
                        let i = gc.add_slot(slot);
                        slots.push((slot, i));
                        i
                    }
                };
                gc.set_live_ranges(idx, &[(start, end)]);
            }
        }
    }
    let gc_info = gc
        .encode()
        .map_err(|err| BackendError::Internal(format!("GC info: {err}")))?;

    let mut debug_bounds = Vec::new();
    if opts.debug_bounds {
        debug_bounds.push(DebugBound {
            native_offset: 0,
            il_offset: -2,
            source: 0,
        });
        for (id, il) in il_marks {
            let native_offset = asm.inst_offsets[id.0 as usize];
            let last = debug_bounds.last().expect("prolog bound");
            if native_offset == last.native_offset && last.il_offset != -2 {
                continue;
            }
            if native_offset == last.native_offset {
                debug_bounds.pop();
            }
            if debug_bounds
                .last()
                .is_some_and(|b: &DebugBound| b.il_offset == il as i32)
            {
                continue;
            }
            debug_bounds.push(DebugBound {
                native_offset,
                il_offset: il as i32,
                source: 0,
            });
        }
        if debug_bounds.len() == 1 && prolog_size == 0 {
            debug_bounds.clear();
        }
    }

    Ok(MethodStencil {
        code: asm.code,
        alignment: asm.alignment.max(16),
        relocs: asm.relocs,
        fragments: vec![Fragment {
            start: 0,
            end: code_len,
            kind: FragmentKind::MainBody,
            unwind,
        }],
        gc_info,
        eh_clauses: Vec::new(),
        eager_fixups: field_offset_fixups(func)?,
        debug_bounds,
        data: Vec::new(),
        data_alignment: 1,
    })
}

impl Emitter<'_> {
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

    fn operand(&self, v: Value) -> Operand {
        match self.konst(v) {
            Some(c) => Operand::Imm(c),
            None => Operand::Rm(self.rm(self.alloc.loc(v))),
        }
    }

    fn trap(&mut self, code: TrapCode) -> Label {
        let k = TrapCode::ALL
            .iter()
            .position(|&c| c == code)
            .expect("known trap code");
        match self.trap_label[k] {
            Some(l) => l,
            None => {
                let l = self.buf.new_label();
                self.trap_label[k] = Some(l);
                l
            }
        }
    }

    /// Sign- or zero-extends the low `from` bits of `r` to 32 bits (no-op
    /// for 32/64).
    fn extend32(&mut self, r: Gpr, from: u32, signed: bool) {
        match (from, signed) {
            (8, true) => {
                self.buf.movsx_r32_rm8(r, r);
            }
            (8, false) => {
                self.buf.movzx_r32_rm8(r, r);
            }
            (16, true) => {
                self.buf.movsx_r32_rm16(r, r);
            }
            (16, false) => {
                self.buf.movzx_r32_rm16(r, r);
            }
            _ => {}
        }
    }

    /// Emits a comparison of `a` and `b` and returns the condition that
    /// holds when `cc` does.
    fn compare(&mut self, cc: IntCC, a: Value, b: Value) -> Cond {
        let w = bits(self.ty(a));
        if w < 32 {
            self.load(a, RAX);
            self.load(b, RCX);
            self.extend32(RAX, w, is_signed(cc));
            self.extend32(RCX, w, is_signed(cc));
            self.buf.cmp_rm32_r32(RAX, RCX);
            return cond_of(cc);
        }
        let w64 = w == 64;
        // Left operand: its home (register or memory), or RAX for a constant.
        let mut lhs = match self.operand(a) {
            Operand::Rm(rm) => rm,
            Operand::Imm(_) => {
                self.load(a, RAX);
                Rm::Reg(RAX)
            }
        };
        match self.operand(b) {
            Operand::Imm(c) if c as i32 as i64 == c => {
                match (w64, c as i8 as i64 == c) {
                    (false, true) => self.buf.cmp_rm32_imm8(lhs, c as i8),
                    (false, false) => self.buf.cmp_rm32_imm32(lhs, c as i32),
                    (true, true) => self.buf.cmp_rm64_imm8(lhs, c as i8),
                    (true, false) => self.buf.cmp_rm64_imm32(lhs, c as i32),
                };
            }
            Operand::Imm(_) | Operand::Rm(Rm::Reg(_)) => {
                let rhs = match self.operand(b) {
                    Operand::Rm(Rm::Reg(r)) => r,
                    _ => {
                        self.load(b, RCX);
                        RCX
                    }
                };
                if w64 {
                    self.buf.cmp_rm64_r64(lhs, rhs);
                } else {
                    self.buf.cmp_rm32_r32(lhs, rhs);
                }
            }
            Operand::Rm(m @ Rm::Mem(_)) => {
                let l = match lhs {
                    Rm::Reg(r) => r,
                    Rm::Mem(_) => {
                        self.load(a, RAX);
                        lhs = Rm::Reg(RAX);
                        RAX
                    }
                };
                let _ = lhs;
                if w64 {
                    self.buf.cmp_r64_rm64(l, m);
                } else {
                    self.buf.cmp_r32_rm32(l, m);
                }
            }
        }
        cond_of(cc)
    }

    /// `call qword ptr [rip+cell]` on the Eager cell of runtime helper
    /// `helper` (the R2R helper-call shape, REFERENCES §5); the caller
    /// records the call as a safepoint or call point where it is one.
    fn call_helper(&mut self, helper: Helper) -> InstId {
        let cell = self.buf.target(Target::Import(Import {
            section: ImportSection::Eager,
            signature: fixup_helper(helper),
            gc_ref_map: None,
        }));
        self.buf.call_rm64(Mem::sym(cell))
    }

    /// The Lazy `TypeHandle` cell of a TypeDef/TypeRef token (its
    /// MethodTable once the method's fixups are resolved).
    fn type_handle_cell(&mut self, type_token: u32) -> crate::asm::Sym {
        self.buf.target(Target::Import(Import {
            section: ImportSection::Lazy,
            signature: fixup_type(
                FixupKind::TypeHandle,
                &TypeSig::Class(type_token_of(type_token)),
            ),
            gc_ref_map: None,
        }))
    }

    /// The memory operand `[base + offset]`: through `base`'s home register,
    /// or RAX loaded with it.
    fn address(&mut self, base: Value, offset: u32) -> Mem {
        let reg = match (self.konst(base), self.alloc.home[base]) {
            (None, Some(Loc::Reg(r))) => Gpr::ALL[r as usize],
            _ => {
                self.load(base, RAX);
                RAX
            }
        };
        Mem::base_disp(reg, offset as i32)
    }

    /// Sets ZF from integer `v` (its own width), testing its home register
    /// directly when it has one.
    fn test(&mut self, v: Value) {
        let r = match (self.konst(v), self.alloc.home[v]) {
            (None, Some(Loc::Reg(r))) => Gpr::ALL[r as usize],
            _ => {
                self.load(v, RAX);
                RAX
            }
        };
        match bits(self.ty(v)) {
            8 => self.buf.test_rm8_r8(r, r),
            16 => self.buf.test_rm16_r16(r, r),
            32 => self.buf.test_rm32_r32(r, r),
            _ => self.buf.test_rm64_r64(r, r),
        };
    }

    /// The moves of one CFG edge.
    fn edge_moves(&self, dest: &BlockCall) -> Vec<Move> {
        let params = self.func.dfg.block_params(dest.block);
        let moves: Vec<Move> = params
            .iter()
            .zip(&dest.args)
            .filter_map(|(&p, &arg)| {
                Some(Move {
                    dst: self.alloc.home[p]?,
                    src: self.src_of(arg),
                })
            })
            .collect();
        resolve(&moves, SCRATCH_MOVE)
    }

    fn label(&self, b: Block) -> Label {
        self.block_label[b].expect("branch target in the layout")
    }

    /// Emits the moves of `dest` and a jump to it (omitted when it is the
    /// next block).
    fn edge(&mut self, dest: &BlockCall, next: Option<Block>) {
        for m in self.edge_moves(dest) {
            self.move_one(m);
        }
        if next != Some(dest.block) {
            let l = self.label(dest.block);
            self.buf.jmp(l);
        }
    }

    /// A conditional branch on `cond` to `then`, else to `els`.
    fn branch(&mut self, cond: Cond, then: &BlockCall, els: &BlockCall, next: Option<Block>) {
        let then_moves = self.edge_moves(then);
        let else_moves = self.edge_moves(els);
        if then_moves.is_empty() && else_moves.is_empty() && next == Some(then.block) {
            let l = self.label(els.block);
            self.buf.jcc(cond.invert(), l);
            return;
        }
        if then_moves.is_empty() {
            let l = self.label(then.block);
            self.buf.jcc(cond, l);
            self.edge(els, next);
        } else if else_moves.is_empty() {
            let l = self.label(els.block);
            self.buf.jcc(cond.invert(), l);
            self.edge(then, next);
        } else {
            let stub = self.buf.new_label();
            self.buf.jcc(cond, stub);
            // The stub follows, so the else edge cannot fall through.
            self.edge(els, None);
            self.buf.bind(stub);
            // The stub is the last code of this block: it may fall through.
            self.edge(then, next);
        }
    }

    fn inst(&mut self, inst: Inst, next: Option<Block>) -> Result<(), BackendError> {
        let func = self.func;
        let data = func.dfg.inst(inst);
        let result = func.dfg.inst_results(inst).first().copied();
        match data {
            InstData::Iconst { .. } => {} // rematerialized at each use
            InstData::Unary { op, arg } => {
                let r = result.expect("unary result");
                self.load(*arg, RAX);
                let w64 = bits(self.ty(*arg)) == 64;
                match (op, w64) {
                    (UnaryOp::Ineg, false) => self.buf.neg_rm32(RAX),
                    (UnaryOp::Ineg, true) => self.buf.neg_rm64(RAX),
                    (UnaryOp::Bnot, false) => self.buf.not_rm32(RAX),
                    (UnaryOp::Bnot, true) => self.buf.not_rm64(RAX),
                };
                self.store(RAX, r);
            }
            InstData::Binary { op, args } => {
                let r = result.expect("binary result");
                let out = self.binary(*op, args[0], args[1], r);
                self.store(out, r);
            }
            InstData::Icmp { cond, args } => {
                if self.a.fused[inst] {
                    return Ok(()); // emitted by the brif
                }
                let r = result.expect("icmp result");
                let c = self.compare(*cond, args[0], args[1]);
                let dst = match self.alloc.home[r] {
                    Some(Loc::Reg(x))
                        if self.alloc.home[args[0]] != Some(Loc::Reg(x))
                            && self.alloc.home[args[1]] != Some(Loc::Reg(x)) =>
                    {
                        Gpr::ALL[x as usize]
                    }
                    _ => RAX,
                };
                self.buf.setcc(c, dst);
                self.buf.movzx_r32_rm8(dst, dst);
                self.store(dst, r);
            }
            InstData::Conv { op, arg, ty } => {
                let r = result.expect("conversion result");
                let from = bits(self.ty(*arg));
                let to64 = bits(*ty) == 64;
                // Into the result's home register when it has one (not the
                // operand's), reading the operand from its home.
                let dst = match self.alloc.home[r] {
                    Some(Loc::Reg(x)) if self.alloc.home[*arg] != Some(Loc::Reg(x)) => {
                        Gpr::ALL[x as usize]
                    }
                    _ => RAX,
                };
                let src = match self.operand(*arg) {
                    Operand::Rm(rm) => rm,
                    Operand::Imm(_) => {
                        self.load(*arg, dst);
                        Rm::Reg(dst)
                    }
                };
                match (op, from, to64) {
                    (ConvOp::Sextend, 8, true) => self.buf.movsx_r64_rm8(dst, src),
                    (ConvOp::Sextend, 16, true) => self.buf.movsx_r64_rm16(dst, src),
                    (ConvOp::Sextend, 32, true) => self.buf.movsxd_r64_rm32(dst, src),
                    (ConvOp::Sextend, 8, false) => self.buf.movsx_r32_rm8(dst, src),
                    (ConvOp::Sextend, 16, false) => self.buf.movsx_r32_rm16(dst, src),
                    (ConvOp::Uextend, 8, _) => self.buf.movzx_r32_rm8(dst, src),
                    (ConvOp::Uextend, 16, _) => self.buf.movzx_r32_rm16(dst, src),
                    (ConvOp::Uextend, 32, _) => self.buf.mov_r32_rm32(dst, src),
                    (ConvOp::Ireduce, _, _) => self.buf.mov_r64_rm64(dst, src),
                    _ => {
                        return Err(BackendError::Internal(format!(
                            "{inst}: conversion {} from {from} bits to {ty}",
                            op.name()
                        )))
                    }
                };
                self.store(dst, r);
            }
            InstData::CondTrap { op, arg, code } => {
                self.test(*arg);
                let l = self.trap(*code);
                let cc = match op {
                    CondTrapOp::Trapz => Cond::E,
                    CondTrapOp::Trapnz => Cond::Ne,
                };
                self.buf.jcc(cc, l);
            }
            InstData::Call { func: f, args } => {
                let ext = &func.ext_funcs[*f];
                let Callee::Token(token) = ext.callee;
                let signature = method_entry_signature(token)
                    .ok_or_else(|| unsupported(UnsupportedReason::CalleeToken(token), *f))?;
                let (locs, _) = arg_locs(ext.signature.params.iter().map(|p| p.ty));
                let arg_loc = |i: usize| locs[i].outgoing();
                let moves: Vec<Move> = args
                    .iter()
                    .enumerate()
                    .map(|(i, &v)| Move {
                        dst: arg_loc(i),
                        src: self.src_of(v),
                    })
                    .collect();
                self.parallel_moves(&moves);
                // Small arguments are widened by the caller (as RyuJIT does).
                for (i, p) in ext.signature.params.iter().enumerate() {
                    let signed = match p.ext {
                        ArgExt::Sext => true,
                        ArgExt::Uext => false,
                        ArgExt::None => continue,
                    };
                    match arg_loc(i) {
                        Loc::Reg(r) => self.extend32(Gpr::ALL[r as usize], bits(p.ty), signed),
                        stack => {
                            let m = self.frame.mem(stack).expect("stack argument");
                            self.buf.mov_r64_rm64(R10, m);
                            self.extend32(R10, bits(p.ty), signed);
                            self.buf.mov_rm64_r64(m, R10);
                        }
                    }
                }
                let id = if ext.dispatch == Dispatch::Virtual {
                    // Virtual stub dispatch (as crossgen2 calls virtual and
                    // interface methods): R11 = the cell's address, the
                    // cell holds the stub to call (first the writer's
                    // delay-load thunk, then the runtime's dispatch stub).
                    let cell = self.buf.target(Target::Import(Import {
                        section: ImportSection::Dispatch,
                        signature: virtual_entry_signature(token).ok_or_else(|| {
                            unsupported(UnsupportedReason::CalleeToken(token), *f)
                        })?,
                        gc_ref_map: Some(gc_ref_map(&ext.signature)),
                    }));
                    self.buf.lea_r64_m(Gpr::R11, Mem::sym(cell));
                    self.buf.call_rm64(Mem::base_disp(Gpr::R11, 0))
                } else {
                    let cell = self.buf.target(Target::Import(Import {
                        section: ImportSection::MethodCall,
                        signature,
                        gc_ref_map: Some(gc_ref_map(&ext.signature)),
                    }));
                    self.buf.call_rm64(Mem::sym(cell))
                };
                self.calls.push((id, CallKind::Ir(inst)));
                if let Some(r) = result {
                    if self.ty(r).is_float() {
                        self.xstore(XMM0, r);
                    } else {
                        self.store(RAX, r);
                    }
                }
            }
            InstData::Null => {} // rematerialized as 0 at each use
            InstData::Load { ty, base, offset } if ty.is_float() => {
                let r = result.expect("load result");
                self.float_load(*ty, *base, *offset, r);
            }
            InstData::Store { args, offset } if self.ty(args[0]).is_float() => {
                self.float_store(args[0], args[1], *offset);
            }
            InstData::Load { ty, base, offset } => {
                let r = result.expect("load result");
                let m = Rm::Mem(self.address(*base, *offset));
                match bits(*ty) {
                    8 => self.buf.movzx_r32_rm8(RAX, m),
                    16 => self.buf.movzx_r32_rm16(RAX, m),
                    32 => self.buf.mov_r32_rm32(RAX, m),
                    _ => self.buf.mov_r64_rm64(RAX, m),
                };
                self.store(RAX, r);
            }
            InstData::Store { args, offset } => {
                let [arg, base] = *args;
                if super::analysis::needs_write_barrier(func, &self.a.consts, arg) {
                    // The barrier stores and marks the card: RDI = the
                    // field's address, RSI = the reference. It clobbers the
                    // caller-saved registers (nothing lives there across it:
                    // the store is a call point) and is not a GC safepoint.
                    self.load(base, RAX);
                    self.load(arg, Gpr::RSI);
                    self.buf
                        .lea_r64_m(Gpr::RDI, Mem::base_disp(RAX, *offset as i32));
                    self.call_helper(barrier_helper(self.ty(base)));
                } else {
                    self.load(arg, RCX);
                    let m = Rm::Mem(self.address(base, *offset));
                    match bits(self.ty(arg)) {
                        8 => self.buf.mov_rm8_r8(m, RCX),
                        16 => self.buf.mov_rm16_r16(m, RCX),
                        32 => self.buf.mov_rm32_r32(m, RCX),
                        _ => self.buf.mov_rm64_r64(m, RCX),
                    };
                }
            }
            InstData::TypeCheck {
                op,
                arg,
                type_token,
            } => {
                // CastHelpers.ChkCastAny / IsInstanceOfAny(type handle in
                // RDI, object in RSI) -> the object or null (or throws
                // InvalidCastException). Managed helpers: a GC safepoint.
                let r = result.expect("type check result");
                self.load(*arg, Gpr::RSI);
                let handle = self.type_handle_cell(*type_token);
                self.buf.mov_r64_rm64(Gpr::RDI, Rm::Mem(Mem::sym(handle)));
                let helper = match op {
                    TypeCheckOp::CastClass => Helper::CheckCastAny,
                    TypeCheckOp::IsInst => Helper::CheckInstanceAny,
                    // JIT_Unbox(type, object) -> pointer to the data.
                    TypeCheckOp::Unbox => Helper::Unbox,
                };
                let id = self.call_helper(helper);
                self.calls.push((id, CallKind::Ir(inst)));
                self.store(RAX, r);
            }
            InstData::NewArray { arg, elem } => {
                // NewArray helper (CORINFO_HELP_NEWARR_1_DIRECT): RDI = the
                // array type's handle, RSI = the length. A GC safepoint.
                let r = result.expect("new_array result");
                self.load(*arg, Gpr::RSI);
                let elem_sig = match *elem {
                    ArrayElem::Prim(c) => TypeSig::Prim(c),
                    ArrayElem::Class(t) => TypeSig::Class(type_token_of(t)),
                    ArrayElem::ValueType(t) => TypeSig::ValueType(type_token_of(t)),
                };
                let handle = self.buf.target(Target::Import(Import {
                    section: ImportSection::Lazy,
                    signature: fixup_type(
                        FixupKind::TypeHandle,
                        &TypeSig::SzArray(Box::new(elem_sig)),
                    ),
                    gc_ref_map: None,
                }));
                self.buf.mov_r64_rm64(Gpr::RDI, Rm::Mem(Mem::sym(handle)));
                let id = self.call_helper(Helper::NewArray);
                self.calls.push((id, CallKind::Ir(inst)));
                self.store(RAX, r);
            }
            InstData::ElemAddr {
                args,
                scale,
                offset,
            } => {
                let r = result.expect("elem_addr result");
                self.load(args[0], RAX);
                self.load(args[1], RCX);
                let s = match scale {
                    1 => Scale::S1,
                    2 => Scale::S2,
                    4 => Scale::S4,
                    _ => Scale::S8,
                };
                self.buf
                    .lea_r64_m(RAX, Mem::base_index(RAX, RCX, s, *offset as i32));
                self.store(RAX, r);
            }
            InstData::StoreElemRef { args } => {
                // StelemRef(array RDI, index RSI, value RDX): bounds, type
                // and null checks, write barrier. A GC safepoint.
                let moves: Vec<Move> = args
                    .iter()
                    .zip([Gpr::RDI, Gpr::RSI, Gpr::RDX])
                    .map(|(&v, r)| Move {
                        dst: Loc::Reg(r.number()),
                        src: self.src_of(v),
                    })
                    .collect();
                self.parallel_moves(&moves);
                let id = self.call_helper(Helper::Stelem_Ref);
                self.calls.push((id, CallKind::Ir(inst)));
            }
            InstData::NewObject { type_token } => {
                // The class's MethodTable comes from a TypeHandle cell
                // (resolved through the method's fixup list before it first
                // runs); the NewObject helper (CORINFO_HELP_NEWFAST) takes it
                // in RDI and returns the zeroed object. A GC safepoint.
                let r = result.expect("new_object result");
                let handle = self.type_handle_cell(*type_token);
                self.buf.mov_r64_rm64(Gpr::RDI, Rm::Mem(Mem::sym(handle)));
                let id = self.call_helper(Helper::NewObject);
                self.calls.push((id, CallKind::Ir(inst)));
                self.store(RAX, r);
            }
            InstData::StaticBase { gc, type_token } => {
                // crossgen2's shape (System.Private.CoreLib 8.0.4, e.g.
                // Environment.get_ProcessId): `call qword ptr [rip+cell]` on
                // a DelayLoad_Helper cell whose signature is
                // StaticBaseGC/StaticBaseNonGC of the class; the base comes
                // back in RAX. The first call runs the class constructor if
                // needed. A GC safepoint; the base is reported as interior.
                let r = result.expect("static_base result");
                let kind = if *gc {
                    FixupKind::StaticBaseGC
                } else {
                    FixupKind::StaticBaseNonGC
                };
                let cell = self.buf.target(Target::Import(Import {
                    section: ImportSection::DelayLoadHelper,
                    signature: fixup_type(kind, &TypeSig::Class(type_token_of(*type_token))),
                    gc_ref_map: None,
                }));
                let id = self.buf.call_rm64(Mem::sym(cell));
                self.calls.push((id, CallKind::Ir(inst)));
                self.store(RAX, r);
            }
            InstData::ClassInit { type_token } => {
                // crossgen2's CctorTrigger helper (CORINFO_HELP_READYTORUN_STATIC_BASE
                // at a method's entry): `call qword ptr [rip+cell]` on a
                // DelayLoad_Helper cell with a CctorTrigger signature.
                let cell = self.buf.target(Target::Import(Import {
                    section: ImportSection::DelayLoadHelper,
                    signature: fixup_type(
                        FixupKind::CctorTrigger,
                        &TypeSig::Class(type_token_of(*type_token)),
                    ),
                    gc_ref_map: None,
                }));
                let id = self.buf.call_rm64(Mem::sym(cell));
                self.calls.push((id, CallKind::Ir(inst)));
            }
            InstData::StringConst { token } => {
                // The String cell holds a handle: the address of the slot
                // holding the interned string object.
                let r = result.expect("string_const result");
                let cell = self.buf.target(Target::Import(Import {
                    section: ImportSection::String,
                    signature: fixup_string(token & 0x00FF_FFFF),
                    gc_ref_map: None,
                }));
                self.buf.mov_r64_rm64(RAX, Rm::Mem(Mem::sym(cell)));
                self.buf.mov_r64_rm64(RAX, Rm::Mem(Mem::base_disp(RAX, 0)));
                self.store(RAX, r);
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
            InstData::StackLoad { ty, slot, offset } => {
                let r = result.expect("stack_load result");
                let m = Mem::base_disp(Gpr::RBP, self.frame.slots[*slot] + *offset as i32);
                match bits(*ty) {
                    8 => self.buf.movzx_r32_rm8(RAX, m),
                    16 => self.buf.movzx_r32_rm16(RAX, m),
                    32 => self.buf.mov_r32_rm32(RAX, m),
                    _ => self.buf.mov_r64_rm64(RAX, m),
                };
                self.store(RAX, r);
            }
            InstData::StackStore { arg, slot, offset } => {
                let m = Mem::base_disp(Gpr::RBP, self.frame.slots[*slot] + *offset as i32);
                self.load(*arg, RAX);
                match bits(self.ty(*arg)) {
                    8 => self.buf.mov_rm8_r8(m, RAX),
                    16 => self.buf.mov_rm16_r16(m, RAX),
                    32 => self.buf.mov_rm32_r32(m, RAX),
                    _ => self.buf.mov_rm64_r64(m, RAX),
                };
            }
            InstData::Jump { dest } => self.edge(dest, next),
            InstData::Brif {
                arg,
                then_dest,
                else_dest,
            } => {
                let cond = match fused_icmp(func, &self.a.fused, *arg) {
                    Some(cmp) => {
                        let InstData::Icmp { cond, args } = func.dfg.inst(cmp) else {
                            unreachable!("fused instructions are icmps")
                        };
                        self.compare(*cond, args[0], args[1])
                    }
                    None => {
                        self.test(*arg);
                        Cond::Ne
                    }
                };
                self.branch(cond, then_dest, else_dest, next);
            }
            InstData::BrTable {
                arg,
                default,
                targets,
            } => {
                let w = bits(self.ty(*arg));
                self.load(*arg, RAX);
                self.extend32(RAX, w, false);
                // One label per distinct destination: the block itself, or a
                // stub doing the edge's moves first.
                let mut stubs: Vec<(Label, &BlockCall)> = Vec::new();
                let mut labels = Vec::with_capacity(targets.len());
                for t in targets {
                    let l = if self.edge_moves(t).is_empty() {
                        self.label(t.block)
                    } else if let Some(&(l, _)) = stubs.iter().find(|(_, s)| *s == t) {
                        l
                    } else {
                        let l = self.buf.new_label();
                        stubs.push((l, t));
                        l
                    };
                    labels.push(l);
                }
                if targets.len() <= 4 {
                    // A short compare chain.
                    for (i, &l) in labels.iter().enumerate() {
                        let i = i as i8;
                        if w == 64 {
                            self.buf.cmp_rm64_imm8(RAX, i);
                        } else {
                            self.buf.cmp_rm32_imm8(RAX, i);
                        }
                        self.buf.jcc(Cond::E, l);
                    }
                    // Stubs follow the default edge, which then cannot fall
                    // through.
                    let fall = if stubs.is_empty() { next } else { None };
                    self.edge(default, fall);
                } else {
                    // Bounds check, then a binary search over the runs of
                    // equal destinations: O(log n) compares, no data.
                    let default_label = if self.edge_moves(default).is_empty() {
                        self.label(default.block)
                    } else {
                        let l = self.buf.new_label();
                        stubs.push((l, default));
                        l
                    };
                    // A table longer than i32::MAX cannot exist.
                    let n = i32::try_from(targets.len()).map_err(|_| {
                        BackendError::Internal(format!("{inst}: br_table too long"))
                    })?;
                    match (w == 64, n as i8 as i32 == n) {
                        (true, true) => self.buf.cmp_rm64_imm8(RAX, n as i8),
                        (true, false) => self.buf.cmp_rm64_imm32(RAX, n),
                        (false, true) => self.buf.cmp_rm32_imm8(RAX, n as i8),
                        (false, false) => self.buf.cmp_rm32_imm32(RAX, n),
                    };
                    self.buf.jcc(Cond::Ae, default_label);
                    let mut runs: Vec<(u32, Label)> = Vec::new();
                    for (i, &l) in labels.iter().enumerate() {
                        if runs.last().is_none_or(|&(_, p)| p != l) {
                            runs.push((i as u32, l));
                        }
                    }
                    self.search(&runs);
                }
                let last = stubs.len().saturating_sub(1);
                for (k, (s, t)) in stubs.into_iter().enumerate() {
                    self.buf.bind(s);
                    // Only the last stub is followed by the next block.
                    self.edge(t, if k == last { next } else { None });
                }
            }
            InstData::Return { args } => {
                if let Some(&v) = args.first().filter(|&&v| self.ty(v).is_float()) {
                    self.xload(v, XMM0);
                } else if let Some(&v) = args.first() {
                    self.load(v, RAX);
                    let ret = func.signature.returns[0];
                    match (bits(ret.ty), ret.ext) {
                        (8 | 16, ArgExt::Sext) => self.extend32(RAX, bits(ret.ty), true),
                        (8 | 16, _) => self.extend32(RAX, bits(ret.ty), false),
                        (32, _) => {
                            self.buf.mov_r32_rm32(RAX, RAX);
                        }
                        _ => {}
                    }
                }
                self.epilog();
            }
            InstData::Trap { code } => {
                let l = self.trap(*code);
                self.buf.jmp(l);
            }
            InstData::Throw { arg } => {
                // IL `throw`: the helper takes the object in RDI and never
                // returns.
                self.load(*arg, Gpr::RDI);
                let id = self.call_helper(Helper::Throw);
                self.calls.push((id, CallKind::NoReturn));
                self.buf.int3();
            }
            InstData::F32const { .. }
            | InstData::F64const { .. }
            | InstData::FUnary { .. }
            | InstData::FBinary { .. }
            | InstData::Fcmp { .. }
            | InstData::FConv { .. } => {
                let r = result.expect("float instructions have a result");
                self.float_inst(data, r)?;
            }
            InstData::StackAddr { slot, offset } => {
                let r = result.expect("stack_addr result");
                let m = Mem::base_disp(Gpr::RBP, self.frame.slots[*slot] + *offset as i32);
                self.buf.lea_r64_m(RAX, m);
                self.store(RAX, r);
            }
        }
        Ok(())
    }

    /// Jumps to the run containing the index in EAX (known to lie inside
    /// the runs' range): `runs` are (first index, destination), ascending.
    fn search(&mut self, runs: &[(u32, Label)]) {
        if let [(_, l)] = runs {
            self.buf.jmp(*l);
            return;
        }
        let mid = runs.len() / 2;
        let pivot = runs[mid].0 as i32;
        if pivot as i8 as i32 == pivot {
            self.buf.cmp_rm32_imm8(RAX, pivot as i8);
        } else {
            self.buf.cmp_rm32_imm32(RAX, pivot);
        }
        if let [(_, l)] = runs[..mid] {
            self.buf.jcc(Cond::B, l);
            self.search(&runs[mid..]);
        } else {
            let left = self.buf.new_label();
            self.buf.jcc(Cond::B, left);
            self.search(&runs[mid..]);
            self.buf.bind(left);
            self.search(&runs[..mid]);
        }
    }

    fn epilog(&mut self) {
        let n = self.frame.alloc;
        if n > 0 {
            if n <= 127 {
                self.buf.add_rm64_imm8(Gpr::RSP, n as i8);
            } else {
                self.buf.add_rm64_imm32(Gpr::RSP, n as i32);
            }
        }
        for &r in self.frame.pushed.clone().iter().rev() {
            self.buf.pop_r64(Gpr::ALL[r as usize]);
        }
        self.buf.pop_r64(Gpr::RBP);
        self.buf.retnq();
    }

    /// Computes `a op b` into the returned register: the result's home
    /// register when it has one and no operand lives there, else RAX (RDX
    /// for remainders). Overflow checks jump to the overflow stub.
    fn binary(&mut self, op: BinaryOp, a: Value, b: Value, r: Value) -> Gpr {
        let w = bits(self.ty(a));
        let w64 = w == 64;
        // The result's home, if a register no operand lives in (the
        // allocator never shares, but the code must not depend on it).
        let home_dst = match self.alloc.home[r] {
            Some(Loc::Reg(x))
                if self.alloc.home[a] != Some(Loc::Reg(x))
                    && self.alloc.home[b] != Some(Loc::Reg(x)) =>
            {
                Gpr::ALL[x as usize]
            }
            _ => RAX,
        };
        match op {
            BinaryOp::Iadd
            | BinaryOp::Isub
            | BinaryOp::Band
            | BinaryOp::Bor
            | BinaryOp::Bxor
            | BinaryOp::SaddOvf
            | BinaryOp::UaddOvf
            | BinaryOp::SsubOvf
            | BinaryOp::UsubOvf => {
                let dst = home_dst;
                self.load(a, dst);
                use AluOp::*;
                let alu = match op {
                    BinaryOp::Iadd | BinaryOp::SaddOvf | BinaryOp::UaddOvf => Add,
                    BinaryOp::Isub | BinaryOp::SsubOvf | BinaryOp::UsubOvf => Sub,
                    BinaryOp::Band => And,
                    BinaryOp::Bor => Or,
                    _ => Xor,
                };
                match self.operand(b) {
                    Operand::Imm(c) if !w64 || c as i32 as i64 == c => {
                        self.alu_imm(alu, w64, dst, c as i32)
                    }
                    Operand::Imm(_) => {
                        self.load(b, RCX);
                        self.alu_rm(alu, w64, dst, Rm::Reg(RCX));
                    }
                    Operand::Rm(rm) => self.alu_rm(alu, w64, dst, rm),
                }
                match op {
                    BinaryOp::SaddOvf | BinaryOp::SsubOvf => {
                        let l = self.trap(TrapCode::Overflow);
                        self.buf.jcc(Cond::O, l);
                    }
                    BinaryOp::UaddOvf | BinaryOp::UsubOvf => {
                        let l = self.trap(TrapCode::Overflow);
                        self.buf.jcc(Cond::B, l);
                    }
                    _ => {}
                }
                dst
            }
            BinaryOp::Imul | BinaryOp::SmulOvf => {
                let dst = home_dst;
                match self.konst(b).filter(|&c| c as i32 as i64 == c) {
                    Some(c) => {
                        // imul dst, a, imm: no move of `a` needed.
                        let src = match self.operand(a) {
                            Operand::Rm(rm) => rm,
                            Operand::Imm(_) => {
                                self.load(a, dst);
                                Rm::Reg(dst)
                            }
                        };
                        match (w64, c as i8 as i64 == c) {
                            (true, true) => self.buf.imul_r64_rm64_imm8(dst, src, c as i8),
                            (false, true) => self.buf.imul_r32_rm32_imm8(dst, src, c as i8),
                            (true, false) => self.buf.imul_r64_rm64_imm32(dst, src, c as i32),
                            (false, false) => self.buf.imul_r32_rm32_imm32(dst, src, c as i32),
                        };
                    }
                    None => {
                        self.load(a, dst);
                        let rm = match self.operand(b) {
                            Operand::Rm(rm) => rm,
                            Operand::Imm(_) => {
                                self.load(b, RCX);
                                Rm::Reg(RCX)
                            }
                        };
                        if w64 {
                            self.buf.imul_r64_rm64(dst, rm);
                        } else {
                            self.buf.imul_r32_rm32(dst, rm);
                        }
                    }
                }
                if op == BinaryOp::SmulOvf {
                    let l = self.trap(TrapCode::Overflow);
                    self.buf.jcc(Cond::O, l);
                }
                dst
            }
            BinaryOp::UmulOvf => {
                self.load(a, RAX);
                self.load(b, RCX);
                if w64 {
                    self.buf.mul_rm64(RCX);
                } else {
                    self.buf.mul_rm32(RCX);
                }
                let l = self.trap(TrapCode::Overflow);
                self.buf.jcc(Cond::O, l);
                RAX
            }
            BinaryOp::Sdiv | BinaryOp::Srem | BinaryOp::Udiv | BinaryOp::Urem => {
                let signed = matches!(op, BinaryOp::Sdiv | BinaryOp::Srem);
                self.load(a, RAX);
                self.load(b, RCX);
                self.extend32(RAX, w, signed);
                self.extend32(RCX, w, signed);
                match (signed, w64) {
                    (true, false) => {
                        self.buf.cdq();
                        self.buf.idiv_rm32(RCX);
                    }
                    (true, true) => {
                        self.buf.cqo();
                        self.buf.idiv_rm64(RCX);
                    }
                    (false, false) => {
                        self.buf.xor_rm32_r32(RDX, RDX);
                        self.buf.div_rm32(RCX);
                    }
                    (false, true) => {
                        self.buf.xor_rm32_r32(RDX, RDX);
                        self.buf.div_rm64(RCX);
                    }
                }
                if matches!(op, BinaryOp::Srem | BinaryOp::Urem) {
                    RDX
                } else {
                    RAX
                }
            }
            BinaryOp::Ishl | BinaryOp::Sshr | BinaryOp::Ushr => {
                let dst = home_dst;
                self.load(a, dst);
                match op {
                    BinaryOp::Sshr => self.extend32(dst, w, true),
                    BinaryOp::Ushr => self.extend32(dst, w, false),
                    _ => {}
                }
                let mask = (w - 1) as i64;
                match self.konst(b) {
                    Some(c) => {
                        let n = (c & mask) as u8;
                        match (op, w64) {
                            (BinaryOp::Ishl, false) => self.buf.shl_rm32_imm8(dst, n),
                            (BinaryOp::Ishl, true) => self.buf.shl_rm64_imm8(dst, n),
                            (BinaryOp::Sshr, false) => self.buf.sar_rm32_imm8(dst, n),
                            (BinaryOp::Sshr, true) => self.buf.sar_rm64_imm8(dst, n),
                            (_, false) => self.buf.shr_rm32_imm8(dst, n),
                            (_, true) => self.buf.shr_rm64_imm8(dst, n),
                        };
                    }
                    None => {
                        self.load(b, RCX);
                        if w < 32 {
                            // x64 masks counts to 5 bits; .NET wants mod 8/16.
                            self.buf.and_rm32_imm8(RCX, mask as i8);
                        }
                        match (op, w64) {
                            (BinaryOp::Ishl, false) => self.buf.shl_rm32_cl(dst),
                            (BinaryOp::Ishl, true) => self.buf.shl_rm64_cl(dst),
                            (BinaryOp::Sshr, false) => self.buf.sar_rm32_cl(dst),
                            (BinaryOp::Sshr, true) => self.buf.sar_rm64_cl(dst),
                            (_, false) => self.buf.shr_rm32_cl(dst),
                            (_, true) => self.buf.shr_rm64_cl(dst),
                        };
                    }
                }
                dst
            }
        }
    }

    fn alu_rm(&mut self, op: AluOp, w64: bool, dst: Gpr, src: Rm) {
        let b = &mut self.buf;
        match (op, w64) {
            (AluOp::Add, false) => b.add_r32_rm32(dst, src),
            (AluOp::Add, true) => b.add_r64_rm64(dst, src),
            (AluOp::Sub, false) => b.sub_r32_rm32(dst, src),
            (AluOp::Sub, true) => b.sub_r64_rm64(dst, src),
            (AluOp::And, false) => b.and_r32_rm32(dst, src),
            (AluOp::And, true) => b.and_r64_rm64(dst, src),
            (AluOp::Or, false) => b.or_r32_rm32(dst, src),
            (AluOp::Or, true) => b.or_r64_rm64(dst, src),
            (AluOp::Xor, false) => b.xor_r32_rm32(dst, src),
            (AluOp::Xor, true) => b.xor_r64_rm64(dst, src),
        };
    }

    fn alu_imm(&mut self, op: AluOp, w64: bool, dst: Gpr, c: i32) {
        let b = &mut self.buf;
        let small = c as i8 as i32 == c;
        macro_rules! pick {
            ($i8_32:ident, $i32_32:ident, $i8_64:ident, $i32_64:ident) => {
                match (w64, small) {
                    (false, true) => b.$i8_32(dst, c as i8),
                    (false, false) => b.$i32_32(dst, c),
                    (true, true) => b.$i8_64(dst, c as i8),
                    (true, false) => b.$i32_64(dst, c),
                }
            };
        }
        match op {
            AluOp::Add => pick!(add_rm32_imm8, add_rm32_imm32, add_rm64_imm8, add_rm64_imm32),
            AluOp::Sub => pick!(sub_rm32_imm8, sub_rm32_imm32, sub_rm64_imm8, sub_rm64_imm32),
            AluOp::And => pick!(and_rm32_imm8, and_rm32_imm32, and_rm64_imm8, and_rm64_imm32),
            AluOp::Or => pick!(or_rm32_imm8, or_rm32_imm32, or_rm64_imm8, or_rm64_imm32),
            AluOp::Xor => pick!(xor_rm32_imm8, xor_rm32_imm32, xor_rm64_imm8, xor_rm64_imm32),
        };
    }
}

/// What an emitted call is, for its GC safepoint.
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

#[derive(Clone, Copy, Debug)]
enum AluOp {
    Add,
    Sub,
    And,
    Or,
    Xor,
}
