//! Program points, liveness and live intervals (after the support check of
//! `super::support`).
//!
//! Program points number the function in layout order: each block has one
//! point for its start (where its parameters are defined), then one per
//! instruction (the terminator last). A value's [`Interval`] is the closed
//! hull `[start, end]` of every point where it is live: its definition, its
//! uses, and the start/end points of the blocks it is live into/out of
//! (classic backward dataflow over the CFG). Any two values live at the same
//! point therefore have overlapping intervals — the property the allocator
//! relies on, re-checked exactly by [`super::regalloc::check`].
//!
//! Two values get no interval:
//! * `iconst` results, rematerialized as immediates at every use;
//! * an `icmp` fused into its block's `brif` (the comparison is emitted at
//!   the branch, so its operands count as used at the terminator).

use kiln_ir::{
    Block, ControlFlowGraph, EntityRef, Function, Inst, InstData, SecondaryMap, Type, Value,
};

use super::moves::Loc;
use super::{BackendError, BackendOptions};

/// The most arguments a call may pass (the rest of an IL method's 65535
/// would need a frame this backend does not plan for).
pub const MAX_CALL_ARGS: usize = 256;

/// A live interval: the closed range of points where a value is live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    /// The value.
    pub value: Value,
    /// First point (its definition).
    pub start: u32,
    /// Last point where it is live or used.
    pub end: u32,
    /// A call point lies strictly inside the interval: the value must
    /// survive a call.
    pub crosses_call: bool,
    /// A register that would avoid a move: an entry parameter's argument
    /// register, or the argument register of the call that last uses it.
    pub hint: Option<u8>,
    /// A value whose home would avoid a move (a block parameter: the
    /// argument a predecessor passes), used if it is a free register.
    pub hint_value: Option<Value>,
    /// The value is an `f32`/`f64`: its home is an XMM register or a spill
    /// slot, and `hint` names an XMM register.
    pub float: bool,
    /// An operand of the defining instruction whose life ends at this
    /// definition and whose register the result may take over (a two-address
    /// form: `add r, b` instead of `mov r, a; add r, b`). Only for
    /// instructions whose code reads that operand before it writes the
    /// result and never reads it again (`tied_operand`).
    pub tied: Option<Value>,
}

/// The operand of `inst` whose register its result may reuse when that
/// operand dies at `inst`: the emitter of each form listed reads the operand
/// into the destination (or through it, for addresses) before writing the
/// result and reads no other operand from the destination afterwards.
pub(crate) fn tied_operand(func: &Function, inst: Inst) -> Option<Value> {
    use kiln_ir::BinaryOp::*;
    match func.dfg.inst(inst) {
        InstData::Binary { op, args } => match op {
            Iadd | Isub | Band | Bor | Bxor | SaddOvf | UaddOvf | SsubOvf | UsubOvf | Imul
            | SmulOvf | Ishl | Sshr | Ushr
                if args[0] != args[1] =>
            {
                Some(args[0])
            }
            _ => None,
        },
        InstData::FBinary { op, args } if *op != kiln_ir::FBinaryOp::Frem && args[0] != args[1] => {
            Some(args[0])
        }
        InstData::Unary { arg, .. } | InstData::Conv { arg, .. } => Some(*arg),
        InstData::Load { ty, base, .. } if !ty.is_float() => Some(*base),
        InstData::ElemAddr { args, .. } => Some(args[0]),
        _ => None,
    }
}

/// What the later stages need to know about the function.
#[derive(Clone, Debug)]
pub struct Analysis {
    /// Blocks in layout order.
    pub blocks: Vec<Block>,
    /// Point of each block's start, indexed like [`Self::blocks`].
    pub block_start: Vec<u32>,
    /// Point of each instruction in the layout.
    pub inst_point: SecondaryMap<Inst, u32>,
    /// Values live into each block (not counting its parameters), indexed
    /// like [`Self::blocks`], sorted.
    pub live_in: Vec<Vec<Value>>,
    /// Values live out of each block, sorted.
    pub live_out: Vec<Vec<Value>>,
    /// One interval per value that needs a home, sorted by start.
    pub intervals: Vec<Interval>,
    /// `iconst` values: rematerialized, never given a home.
    pub consts: SecondaryMap<Value, Option<i64>>,
    /// `icmp` instructions fused into the `brif` that ends their block.
    pub fused: SecondaryMap<Inst, bool>,
    /// Points of call instructions, ascending.
    pub call_points: Vec<u32>,
    /// Whether the CFG has a cycle (a back edge in layout order or an
    /// irreducible loop): such methods are made fully interruptible.
    pub has_loop: bool,
    /// Whether any value is a GC reference (`ref`/`byref`): the method is
    /// then partially interruptible with the live references reported at
    /// every call and GC poll.
    pub has_gc_refs: bool,
    /// Whether the method allocates stack memory (`local_alloc`): RSP then
    /// moves in the body, so the frame keeps no value in a callee-saved
    /// register (see `emit::frame`).
    pub has_local_alloc: bool,
    /// The point of the GC poll at the start of each block (indexed like
    /// [`Self::blocks`]) that has one: blocks entered by a backward edge, in
    /// methods with GC references. A poll is a call (it clobbers the
    /// caller-saved registers and is a GC safepoint).
    pub poll_point: Vec<Option<u32>>,
    /// Number of points.
    pub num_points: u32,
}

fn layout_index(blocks: &[Block], func: &Function) -> SecondaryMap<Block, u32> {
    let mut m = SecondaryMap::with_default(u32::MAX);
    debug_assert!(blocks.len() <= func.dfg.num_blocks());
    for (i, &b) in blocks.iter().enumerate() {
        m[b] = i as u32;
    }
    m
}

/// The offsets of the object references a stack slot holds (its struct
/// layout's), if it has a layout.
pub fn slot_gc_refs<'f>(func: &'f Function, slot: &kiln_ir::StackSlotData) -> Option<&'f [u32]> {
    slot.layout.map(|l| func.struct_types[l].refs.as_slice())
}

/// The GC slots of the object references inside the IR stack slots (struct
/// locals and temporaries): untracked stack slots, live for the whole method
/// (the prolog zeroes every IR stack slot before any safepoint, so each
/// holds null or a valid reference whenever the GC looks), at the
/// frame-register-relative offset `offset_of(slot) + field offset` — how
/// the JIT reports GC fields of untracked struct locals
/// (`gcInfoBlockHdrSave`/`gcMakeRegPtrTable` in src/coreclr/jit/gcencode.cpp).
pub fn struct_slot_refs(
    func: &Function,
    offset_of: impl Fn(kiln_ir::StackSlot) -> i32,
) -> Vec<kiln_gcinfo::Slot> {
    let mut out = Vec::new();
    for (ss, data) in func.stack_slots.iter() {
        for &o in slot_gc_refs(func, data).unwrap_or(&[]) {
            let mut slot = kiln_gcinfo::Slot::stack(
                offset_of(ss) + o as i32,
                kiln_gcinfo::StackBase::FrameReg,
            );
            slot.untracked = true;
            slot.pinned = data.pinned;
            out.push(slot);
        }
    }
    out
}

/// Whether `inst` calls something that clobbers the caller-saved registers:
/// an instruction whose [`kiln_ir::Effects`] say it is a call, and two
/// that this backend lowers to helper calls — a `store` of a (non-null)
/// `ref` (the GC write barrier) and `frem` (DblRem/FltRem). Neither helper
/// is a GC safepoint: they never allocate.
pub fn clobbers_caller_saved(
    func: &Function,
    consts: &SecondaryMap<Value, Option<i64>>,
    inst: Inst,
) -> bool {
    let data = func.dfg.inst(inst);
    if data.effects().call {
        return true;
    }
    match data {
        InstData::Store { args, .. } => needs_write_barrier(func, consts, args[0]),
        InstData::FBinary {
            op: kiln_ir::FBinaryOp::Frem,
            ..
        } => true,
        _ => false,
    }
}

/// Whether the instruction is a call that is a GC safepoint (the GC may run
/// while it is in progress): its [`kiln_ir::Effects::safepoint`].
pub fn is_safepoint_call(data: &InstData) -> bool {
    data.effects().safepoint
}

/// Whether storing `v` to memory goes through the write barrier: a `ref`
/// that is not the constant `null`.
pub fn needs_write_barrier(
    func: &Function,
    consts: &SecondaryMap<Value, Option<i64>>,
    v: Value,
) -> bool {
    func.dfg.value_type(v) == Type::Ref && consts[v].is_none()
}

/// The values `inst` reads at its own point, with fusion applied and
/// constants left out: a fused `icmp` reads nothing; a `brif` on a fused
/// `icmp` reads the comparison's operands.
pub fn uses_of(func: &Function, a: &Analysis, inst: Inst) -> Vec<Value> {
    uses_with(func, &a.consts, &a.fused, inst)
}

fn uses_with(
    func: &Function,
    consts: &SecondaryMap<Value, Option<i64>>,
    fused: &SecondaryMap<Inst, bool>,
    inst: Inst,
) -> Vec<Value> {
    if fused[inst] {
        return Vec::new();
    }
    let data = func.dfg.inst(inst);
    let mut out = Vec::new();
    for v in data.all_values() {
        match fused_icmp(func, fused, v) {
            Some(cmp) => out.extend(func.dfg.inst(cmp).arguments().iter().copied()),
            None => out.push(v),
        }
    }
    out.retain(|&v| consts[v].is_none());
    out.sort();
    out.dedup();
    out
}

/// The fused `icmp` (or `elem_addr`) defining `v`, if any.
pub fn fused_icmp(func: &Function, fused: &SecondaryMap<Inst, bool>, v: Value) -> Option<Inst> {
    match func.dfg.value_def(v) {
        kiln_ir::ValueDef::Result(i, 0) if fused[i] => Some(i),
        _ => None,
    }
}

/// The values `inst` defines that need a home.
pub fn defs_of(func: &Function, a: &Analysis, inst: Inst) -> Vec<Value> {
    if a.fused[inst] {
        return Vec::new();
    }
    func.dfg
        .inst_results(inst)
        .iter()
        .copied()
        .filter(|&v| a.consts[v].is_none())
        .collect()
}

impl Analysis {
    /// Checks support and computes points, liveness and intervals.
    ///
    /// # Errors
    /// [`BackendError::Unsupported`] for anything outside the slice.
    pub fn compute(func: &Function, opts: &BackendOptions) -> Result<Analysis, BackendError> {
        super::support::check_support(func, opts)?;
        let blocks: Vec<Block> = func.layout.blocks().to_vec();
        let index = layout_index(&blocks, func);
        let (consts, fused) = constants_and_fusion(func, &blocks);
        // Successors (by layout index) and loop detection.
        let cfg = ControlFlowGraph::compute(func);
        let succs: Vec<Vec<usize>> = blocks
            .iter()
            .map(|&b| cfg.succs(b).iter().map(|&s| index[s] as usize).collect())
            .collect();
        let has_loop = has_cycle(&succs);
        let has_gc_refs = has_gc_refs(func, &blocks);
        let has_local_alloc = blocks.iter().any(|&b| {
            func.layout
                .block_insts(b)
                .iter()
                .any(|&i| matches!(func.dfg.inst(i), InstData::LocalAlloc { .. }))
        });
        // With GC references the method is partially interruptible (the GC
        // stops only at calls), so every loop gets a GC poll: a call at the
        // start of each block entered by a backward edge in layout order
        // (every cycle has one).
        let mut poll = vec![false; blocks.len()];
        if has_gc_refs {
            for (i, ss) in succs.iter().enumerate() {
                for &t in ss {
                    if t <= i {
                        poll[t] = true;
                    }
                }
            }
        }

        // Points.
        let mut inst_point: SecondaryMap<Inst, u32> = SecondaryMap::new();
        let mut block_start = Vec::with_capacity(blocks.len());
        let mut poll_point = vec![None; blocks.len()];
        let mut p = 0u32;
        let mut call_points = Vec::new();
        for (i, &b) in blocks.iter().enumerate() {
            block_start.push(p);
            p += 1;
            if poll[i] {
                // After the parameters are defined: they live across it.
                poll_point[i] = Some(p);
                call_points.push(p);
                p += 1;
            }
            for &inst in func.layout.block_insts(b) {
                inst_point[inst] = p;
                if clobbers_caller_saved(func, &consts, inst) {
                    call_points.push(p);
                }
                p += 1;
            }
        }
        let num_points = p;

        // Block-level liveness (backward dataflow to a fixpoint).
        let mut partial = Analysis {
            blocks: blocks.clone(),
            block_start,
            inst_point,
            live_in: Vec::new(),
            live_out: Vec::new(),
            intervals: Vec::new(),
            consts,
            fused,
            call_points,
            has_loop,
            has_gc_refs,
            has_local_alloc,
            poll_point,
            num_points,
        };
        let (live_in, live_out) = block_liveness(func, &partial, &succs);
        partial.live_in = live_in;
        partial.live_out = live_out;
        partial.intervals = intervals(func, &partial);
        Ok(partial)
    }
}

/// The `iconst` (and `null`) values, rematerialized at each use, and the
/// `icmp`s fused into the `brif` or conditional trap right after them
/// (their only use).
fn constants_and_fusion(
    func: &Function,
    blocks: &[Block],
) -> (SecondaryMap<Value, Option<i64>>, SecondaryMap<Inst, bool>) {
    let nv = func.dfg.num_values();
    let mut consts: SecondaryMap<Value, Option<i64>> = SecondaryMap::new();
    let mut fused: SecondaryMap<Inst, bool> = SecondaryMap::new();
    let mut use_count = vec![0u32; nv];
    for (_, inst) in func.insts_in_layout() {
        for v in func.dfg.inst(inst).all_values() {
            use_count[v.index()] += 1;
        }
        match func.dfg.inst(inst) {
            InstData::Iconst { imm, .. } => {
                consts[func.dfg.inst_results(inst)[0]] = Some(*imm);
            }
            // `null` is the immediate 0 (never a GC slot).
            InstData::Null => consts[func.dfg.inst_results(inst)[0]] = Some(0),
            _ => {}
        }
    }
    for &b in blocks {
        let insts = func.layout.block_insts(b);
        // An `icmp` whose only use is the instruction right after it, a
        // `brif` or a `trapz`/`trapnz` (bounds checks): the comparison is
        // emitted there and the branch reads its flags.
        // An `elem_addr` whose only use is the base of the `load`/`store`
        // right after it becomes that access's `[base + index*scale + disp]`
        // operand (the interior pointer never exists in a register).
        for pair in insts.windows(2) {
            let (def, user) = (pair[0], pair[1]);
            let r = match func.dfg.inst_results(def) {
                [r] if use_count[r.index()] == 1 => *r,
                _ => continue,
            };
            match (func.dfg.inst(def), func.dfg.inst(user)) {
                (
                    InstData::Icmp { .. },
                    InstData::Brif { arg, .. } | InstData::CondTrap { arg, .. },
                ) if *arg == r => fused[def] = true,
                (InstData::ElemAddr { offset, .. }, user)
                    if elem_access_offset(func, &consts, r, user)
                        .is_some_and(|o| *offset as u64 + o as u64 <= i32::MAX as u64) =>
                {
                    fused[def] = true;
                }
                _ => {}
            }
        }
    }
    (consts, fused)
}

/// The offset of `user` if it is a `load` from `addr`, or a `store` to
/// `addr` that needs no write barrier (the barrier takes the address in a
/// register).
fn elem_access_offset(
    func: &Function,
    consts: &SecondaryMap<Value, Option<i64>>,
    addr: Value,
    user: &InstData,
) -> Option<u32> {
    match user {
        InstData::Load { base, offset, .. } if *base == addr => Some(*offset),
        InstData::Store { args, offset }
            if args[1] == addr
                && args[0] != addr
                && !needs_write_barrier(func, consts, args[0]) =>
        {
            Some(*offset)
        }
        _ => None,
    }
}

/// Whether any value, parameter or return is a GC reference.
fn has_gc_refs(func: &Function, blocks: &[Block]) -> bool {
    blocks.iter().any(|&b| {
        func.dfg
            .block_params(b)
            .iter()
            .chain(
                func.layout
                    .block_insts(b)
                    .iter()
                    .flat_map(|&i| func.dfg.inst_results(i)),
            )
            .any(|&v| func.dfg.value_type(v).is_gc_ref())
    }) || func
        .signature
        .params
        .iter()
        .chain(&func.signature.returns)
        .any(|p| p.ty.is_gc_ref())
        || func
            .stack_slots
            .values()
            .any(|s| slot_gc_refs(func, s).is_some_and(|r| !r.is_empty()))
        // Methods with funclets are partially interruptible too: aborted
        // frames then still report their untracked slots (module docs of
        // `eh`); managed pointers in slots count as references.
        || !func.eh_clauses.is_empty()
        || func.stack_slots.values().any(|s| {
            s.layout
                .is_some_and(|l| !func.struct_types[l].byrefs.is_empty())
        })
}

/// Block-level liveness (backward dataflow to a fixpoint): the values live
/// into and out of each block, sorted.
fn block_liveness(
    func: &Function,
    partial: &Analysis,
    succs: &[Vec<usize>],
) -> (Vec<Vec<Value>>, Vec<Vec<Value>>) {
    let blocks = &partial.blocks;
    let nv = func.dfg.num_values();
    // Dense numbering of the values that take part (results and block
    // parameters that need a home), for word-sized bit sets.
    let n = blocks.len();
    let mut dense: Vec<u32> = vec![u32::MAX; nv];
    let mut values: Vec<Value> = Vec::new();
    let number = |v: Value, dense: &mut Vec<u32>, values: &mut Vec<Value>| {
        if dense[v.index()] == u32::MAX {
            dense[v.index()] = values.len() as u32;
            values.push(v);
        }
    };
    for &b in blocks {
        for &v in func.dfg.block_params(b) {
            number(v, &mut dense, &mut values);
        }
        for &inst in func.layout.block_insts(b) {
            for v in defs_of(func, partial, inst) {
                number(v, &mut dense, &mut values);
            }
            // Uses of values defined nowhere in the layout cannot occur
            // in verified IR; number them anyway so nothing is lost.
            for v in uses_of(func, partial, inst) {
                number(v, &mut dense, &mut values);
            }
        }
    }
    let words = values.len().div_ceil(64);
    let mut gen = vec![BitSet::new(words); n];
    let mut kill = vec![BitSet::new(words); n];
    for (i, &b) in blocks.iter().enumerate() {
        for &v in func.dfg.block_params(b) {
            kill[i].insert(dense[v.index()]);
        }
        for &inst in func.layout.block_insts(b) {
            for v in uses_of(func, partial, inst) {
                let d = dense[v.index()];
                if !kill[i].contains(d) {
                    gen[i].insert(d);
                }
            }
            for v in defs_of(func, partial, inst) {
                kill[i].insert(dense[v.index()]);
            }
        }
    }
    let mut live_in = vec![BitSet::new(words); n];
    let mut live_out = vec![BitSet::new(words); n];
    let mut changed = true;
    while changed {
        changed = false;
        for i in (0..n).rev() {
            let mut out = BitSet::new(words);
            for &s in &succs[i] {
                out.union_with(&live_in[s]);
            }
            let mut inn = out.clone();
            inn.subtract(&kill[i]);
            inn.union_with(&gen[i]);
            if inn != live_in[i] || out != live_out[i] {
                live_in[i] = inn;
                live_out[i] = out;
                changed = true;
            }
        }
    }
    let to_list = |bits: &BitSet| -> Vec<Value> {
        let mut l: Vec<Value> = bits.iter().map(|d| values[d as usize]).collect();
        l.sort();
        l
    };
    (
        live_in.iter().map(to_list).collect(),
        live_out.iter().map(to_list).collect(),
    )
}

/// The live intervals (hull of every point where each value is live) with
/// their register hints, sorted by start.
fn intervals(func: &Function, partial: &Analysis) -> Vec<Interval> {
    let blocks = &partial.blocks;
    let nv = func.dfg.num_values();
    // Intervals: hull of every point where the value is live.
    let mut lo = vec![u32::MAX; nv];
    let mut hi = vec![0u32; nv];
    let mut touch = |v: Value, pt: u32| {
        lo[v.index()] = lo[v.index()].min(pt);
        hi[v.index()] = hi[v.index()].max(pt);
    };
    for (i, &b) in blocks.iter().enumerate() {
        let start = partial.block_start[i];
        let insts = func.layout.block_insts(b);
        let end = insts.last().map_or(start, |&t| partial.inst_point[t]);
        for &v in func.dfg.block_params(b) {
            touch(v, start);
        }
        for &v in &partial.live_in[i] {
            touch(v, start);
        }
        for &v in &partial.live_out[i] {
            touch(v, end);
        }
        for &inst in insts {
            let pt = partial.inst_point[inst];
            for v in uses_of(func, partial, inst) {
                touch(v, pt);
            }
            for v in defs_of(func, partial, inst) {
                touch(v, pt);
            }
        }
    }
    let entry_params: Vec<Value> = blocks
        .first()
        .map(|&b| func.dfg.block_params(b).to_vec())
        .unwrap_or_default();
    // Hints: the argument register of the call that is a value's last
    // use; for a block parameter, an argument a predecessor passes.
    let mut reg_hint: Vec<Option<u8>> = vec![None; nv];
    let mut value_hint: Vec<Option<Value>> = vec![None; nv];
    let reg_of = |l: &super::abi::ArgLoc| match l {
        super::abi::ArgLoc::Reg(Loc::Reg(r) | Loc::Xmm(r)) => Some(*r),
        _ => None,
    };
    let (entry_locs, _) = super::abi::arg_locs(func.signature.params.iter().copied());
    for (&p, l) in entry_params.iter().zip(&entry_locs) {
        reg_hint[p.index()] = reg_of(l);
    }
    for (_, inst) in func.insts_in_layout() {
        let data = func.dfg.inst(inst);
        if let InstData::Call { args, func: f } = data {
            let pt = partial.inst_point[inst];
            let (locs, _) =
                super::abi::arg_locs(func.ext_funcs[*f].signature.params.iter().copied());
            for (&v, l) in args.iter().zip(&locs) {
                if let Some(r) = reg_of(l) {
                    if hi[v.index()] == pt && lo[v.index()] != u32::MAX {
                        reg_hint[v.index()].get_or_insert(r);
                    }
                }
            }
        }
        for dest in data.branch_destinations() {
            for (&p, &a) in func.dfg.block_params(dest.block).iter().zip(&dest.args) {
                if partial.consts[a].is_none() {
                    value_hint[p.index()].get_or_insert(a);
                }
            }
        }
    }
    // Ties: a result may take over the register of an operand that dies
    // where the result is defined (same register class, not a constant).
    let mut tied: Vec<Option<Value>> = vec![None; nv];
    for (_, inst) in func.insts_in_layout() {
        let Some(&r) = func.dfg.inst_results(inst).first() else {
            continue;
        };
        let Some(t) = tied_operand(func, inst) else {
            continue;
        };
        let pt = partial.inst_point[inst];
        let same_class = func.dfg.value_type(t).is_float() == func.dfg.value_type(r).is_float();
        if same_class
            && partial.consts[t].is_none()
            && lo[t.index()] != u32::MAX
            && hi[t.index()] == pt
            && lo[r.index()] == pt
        {
            tied[r.index()] = Some(t);
        }
    }
    let mut intervals = Vec::new();
    for k in 0..nv {
        if lo[k] == u32::MAX {
            continue;
        }
        let v = Value::new(k);
        let (start, end) = (lo[k], hi[k]);
        // The first call after `start` (call points are ascending).
        let first = partial.call_points.partition_point(|&c| c <= start);
        let crosses_call = partial.call_points.get(first).is_some_and(|&c| c < end);
        intervals.push(Interval {
            value: v,
            start,
            end,
            crosses_call,
            hint: reg_hint[k],
            hint_value: value_hint[k],
            float: func.dfg.value_type(v).is_float(),
            tied: tied[k],
        });
    }
    intervals.sort_by_key(|iv| (iv.start, iv.value));
    intervals
}

/// For every block with a GC poll, the GC references live at it: the
/// block's parameters and live-in values, exactly what the GC must find in
/// the frame at the poll's return address.
pub fn gc_live_at_polls(func: &Function, a: &Analysis) -> Vec<Vec<Value>> {
    a.blocks
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            if a.poll_point[i].is_none() {
                return Vec::new();
            }
            let mut refs: Vec<Value> = func
                .dfg
                .block_params(b)
                .iter()
                .chain(&a.live_in[i])
                .copied()
                .filter(|&v| func.dfg.value_type(v).is_gc_ref())
                .collect();
            refs.sort();
            refs
        })
        .collect()
}

/// For every call, the GC references (`ref`/`byref` values) live after it,
/// excluding its results: exactly what the GC must find in the caller's
/// frame at the call's return address. Exact per-point liveness (a backward
/// walk of each block from its live-out set), not the intervals.
pub fn gc_live_after_calls(func: &Function, a: &Analysis) -> SecondaryMap<Inst, Vec<Value>> {
    let mut out: SecondaryMap<Inst, Vec<Value>> = SecondaryMap::new();
    for (i, &b) in a.blocks.iter().enumerate() {
        let mut live: Vec<Value> = a.live_out[i].clone();
        for &inst in func.layout.block_insts(b).iter().rev() {
            let defs = defs_of(func, a, inst);
            live.retain(|v| !defs.contains(v));
            if is_safepoint_call(func.dfg.inst(inst)) {
                let mut refs: Vec<Value> = live
                    .iter()
                    .copied()
                    .filter(|&v| func.dfg.value_type(v).is_gc_ref())
                    .collect();
                refs.sort();
                out[inst] = refs;
            }
            for v in uses_of(func, a, inst) {
                if !live.contains(&v) {
                    live.push(v);
                }
            }
        }
    }
    out
}

/// A fixed-size set of small integers, one bit each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct BitSet {
    words: Vec<u64>,
}

impl BitSet {
    pub(crate) fn new(words: usize) -> Self {
        BitSet {
            words: vec![0; words],
        }
    }
    pub(crate) fn insert(&mut self, k: u32) {
        self.words[k as usize / 64] |= 1 << (k % 64);
    }
    pub(crate) fn contains(&self, k: u32) -> bool {
        self.words[k as usize / 64] & (1 << (k % 64)) != 0
    }
    pub(crate) fn union_with(&mut self, o: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&o.words) {
            *a |= b;
        }
    }
    pub(crate) fn subtract(&mut self, o: &BitSet) {
        for (a, b) in self.words.iter_mut().zip(&o.words) {
            *a &= !b;
        }
    }
    pub(crate) fn iter(&self) -> impl Iterator<Item = u32> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &bits)| {
            let mut bits = bits;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros();
                bits &= bits - 1;
                Some(w as u32 * 64 + b)
            })
        })
    }
}

/// Whether the graph (adjacency by index, node 0 the entry) has a cycle
/// reachable from anywhere (iterative three-colour DFS over all nodes).
fn has_cycle(succs: &[Vec<usize>]) -> bool {
    let n = succs.len();
    let mut colour = vec![0u8; n]; // 0 white, 1 grey, 2 black
    for root in 0..n {
        if colour[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        colour[root] = 1;
        while let Some(&mut (node, ref mut next)) = stack.last_mut() {
            if let Some(&s) = succs[node].get(*next) {
                *next += 1;
                match colour[s] {
                    0 => {
                        colour[s] = 1;
                        stack.push((s, 0));
                    }
                    1 => return true,
                    _ => {}
                }
            } else {
                colour[node] = 2;
                stack.pop();
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::backend::UnsupportedReason;

    fn analyse(text: &str) -> (Function, Analysis) {
        let func = kiln_ir::parse_function(text).unwrap();
        kiln_ir::verify_function(&func).unwrap();
        let a = Analysis::compute(&func, &BackendOptions::default()).unwrap();
        (func, a)
    }

    #[test]
    fn loop_liveness_and_intervals() {
        let (func, a) = analyse(
            "function \"f\"(i32) -> i32 {\n\
             block0(v0: i32):\n\
                 v1 = iconst.i32 0\n\
                 jump block1(v1, v1)\n\
             block1(v2: i32, v3: i32):\n\
                 v4 = icmp.i32 slt v3, v0\n\
                 brif v4, block2, block3\n\
             block2:\n\
                 v5 = iadd.i32 v2, v3\n\
                 v6 = iconst.i32 1\n\
                 v7 = iadd.i32 v3, v6\n\
                 jump block1(v5, v7)\n\
             block3:\n\
                 return v2\n\
             }\n",
        );
        assert!(a.has_loop);
        assert_eq!(a.consts[Value::new(1)], Some(0));
        let cmp = func.layout.block_insts(a.blocks[1])[0];
        assert!(a.fused[cmp]);
        // v0 is live around the whole loop.
        assert_eq!(a.live_in[1], vec![Value::new(0)]);
        assert_eq!(
            a.live_in[2],
            vec![Value::new(0), Value::new(2), Value::new(3)]
        );
        let v0 = a
            .intervals
            .iter()
            .find(|i| i.value == Value::new(0))
            .unwrap();
        assert_eq!(v0.start, 0);
        // block2's terminator is the last point v0 is live.
        let term = func.layout.last_inst(a.blocks[2]).unwrap();
        assert_eq!(v0.end, a.inst_point[term]);
        assert!(a.intervals.iter().all(|i| i.value != Value::new(4)));
    }

    #[test]
    fn unsupported_types_and_opcodes_are_reported() {
        let func = kiln_ir::parse_function(
            "function \"f\"() -> ref {\n    ss0 = stack 8, align 8\n\nblock0:\n    v0 = stack_load.ref ss0, 0\n    return v0\n}\n",
        )
        .unwrap();
        let e = Analysis::compute(&func, &BackendOptions::default()).unwrap_err();
        assert_eq!(
            e.unsupported().unwrap().reason,
            UnsupportedReason::Type(Type::Ref)
        );
        let func = kiln_ir::parse_function(
            "function \"f\"(i8, i8) -> i8 {\nblock0(v0: i8, v1: i8):\n    v2 = sadd_ovf.i8 v0, v1\n    return v2\n}\n",
        )
        .unwrap();
        let e = Analysis::compute(&func, &BackendOptions::default()).unwrap_err();
        assert_eq!(
            e.unsupported().unwrap().reason,
            UnsupportedReason::NarrowOverflowArithmetic
        );
    }

    #[test]
    fn cycle_detection() {
        assert!(!has_cycle(&[vec![1, 2], vec![2], vec![]]));
        assert!(has_cycle(&[vec![1], vec![2], vec![1]]));
        assert!(has_cycle(&[vec![0]]));
    }
}
