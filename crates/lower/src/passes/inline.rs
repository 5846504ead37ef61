//! Inlining of small leaf methods: a direct call of a method of the compiled
//! module is replaced by a copy of the callee's IR (issue 21).
//!
//! The caller's block is split after the call; the callee's entry block's
//! instructions take the call's place (its parameters become the call's
//! arguments), its other blocks follow, and each `return v…` becomes a jump
//! to the continuation block, whose parameters replace the call's results.
//! A one-block callee (getters, setters, constructors) needs no split: its
//! instructions go right where the call was, and the values it returns
//! replace the call's results.
//!
//! What may be inlined ([`refusal`]): a small, loop-free callee with at
//! least one `return`, no calls (a leaf — ctor chains become leaves once
//! the inner constructors are inlined), no exception-handling clauses (so
//! no synchronized method: its monitor calls sit in one), no
//! `local_alloc` (its memory lives until the method returns: inlined into
//! a loop it would pile up), no frame slots or by-value structs (the
//! caller's frame is not extended), no
//! generic dictionary lookups and no side tables keyed by the callee's own
//! numbering (`type_sigs`, `method_sigs`). The layout checks the callee's
//! code assumes (`Check_FieldOffset`, `Check_TypeLayout`) are copied into
//! the caller's, so the runtime still rejects the caller if one fails.
//! Which calls qualify (a MethodDef of the same module: inside the version
//! bubble, as crossgen2 requires without `[NonVersionable]`; not
//! `NoInlining`) is the driver's decision, which supplies the bodies.
//!
//! Null checks: `callvirt` of a non-virtual method already null-checks its
//! receiver in the caller (`trapz this, null_reference` before the call,
//! ECMA-335 III.4.2), and that check stays; the callee's own field accesses
//! fault on a null `this` exactly as they did out of line.

use kiln_ir::{Block, BlockCall, Callee, Dispatch, Function, Inst, InstData, SecondaryMap, Value};

/// At most this many instructions (terminators included) in an inlined
/// callee, after its own inlining.
pub const MAX_INLINE_INSTS: usize = 16;

/// At most this many blocks in an inlined callee.
const MAX_INLINE_BLOCKS: usize = 8;

/// Why `callee` may not be inlined, or `None` if it may.
pub fn refusal(callee: &Function) -> Option<&'static str> {
    if !callee.eh_clauses.is_empty() {
        return Some("exception handling");
    }
    if !callee.stack_slots.is_empty() || !callee.struct_types.is_empty() {
        return Some("frame slots or by-value structs");
    }
    if !callee.generic_lookups.is_empty()
        || !callee.type_sigs.is_empty()
        || !callee.method_sigs.is_empty()
    {
        return Some("generic lookups or signature side tables");
    }
    let blocks = callee.layout.blocks();
    if blocks.is_empty() || blocks.len() > MAX_INLINE_BLOCKS {
        return Some("too many blocks");
    }
    if callee.insts_in_layout().count() > MAX_INLINE_INSTS {
        return Some("too many instructions");
    }
    let mut returns = 0;
    for (_, i) in callee.insts_in_layout() {
        match callee.dfg.inst(i) {
            InstData::Call { .. } => return Some("not a leaf"),
            InstData::Return { .. } => returns += 1,
            InstData::StackAddr { .. }
            | InstData::StackLoad { .. }
            | InstData::StackStore { .. }
            | InstData::GenericLookup { .. }
            | InstData::LocalAlloc { .. }
            | InstData::Monitor { .. }
            | InstData::CallFinally { .. }
            | InstData::EndFinally
            | InstData::CatchRet { .. }
            | InstData::EndFilter { .. }
            | InstData::Rethrow => {
                return Some("frame, localloc or exception-handling instruction")
            }
            _ => {}
        }
    }
    if returns == 0 {
        return Some("never returns");
    }
    if has_cycle(callee) {
        return Some("a loop");
    }
    let entry = blocks[0];
    if blocks
        .iter()
        .any(|&b| branches_to(callee, b).contains(&entry))
    {
        return Some("branch to the entry block");
    }
    None
}

fn branches_to(func: &Function, b: Block) -> Vec<Block> {
    func.layout
        .last_inst(b)
        .map(|t| {
            func.dfg
                .inst(t)
                .branch_destinations()
                .iter()
                .map(|d| d.block)
                .collect()
        })
        .unwrap_or_default()
}

/// Whether the blocks of `func` form a cycle (depth-first search).
fn has_cycle(func: &Function) -> bool {
    // 0: unvisited, 1: on the stack, 2: done.
    let mut state: SecondaryMap<Block, u8> = SecondaryMap::new();
    let Some(entry) = func.layout.entry_block() else {
        return false;
    };
    let mut stack = vec![(entry, 0usize)];
    state[entry] = 1;
    while let Some((b, i)) = stack.pop() {
        let succs = branches_to(func, b);
        if let Some(&s) = succs.get(i) {
            stack.push((b, i + 1));
            match state[s] {
                0 => {
                    state[s] = 1;
                    stack.push((s, 0));
                }
                1 => return true,
                _ => {}
            }
        } else {
            state[b] = 2;
        }
    }
    false
}

/// The MethodDef token a call instruction names directly (no dispatch, no
/// side-table signature), if any.
pub fn direct_callee(func: &Function, inst: Inst) -> Option<u32> {
    let InstData::Call { func: f, .. } = func.dfg.inst(inst) else {
        return None;
    };
    let ext = &func.ext_funcs[*f];
    match (ext.callee, ext.dispatch) {
        (Callee::Token(t), Dispatch::Direct)
            if t >> 24 == 0x06 && func.method_sig(t).is_none() && func.type_sig(t).is_none() =>
        {
            Some(t)
        }
        _ => None,
    }
}

/// Inlines, at every direct call of a MethodDef for which `body` gives a
/// callee that [`refusal`] accepts with a matching signature, a copy of
/// that callee. Returns the tokens of the callees inlined (once per call
/// site, in layout order).
pub fn inline_calls(
    func: &mut Function,
    mut body: impl FnMut(u32) -> Option<Function>,
) -> Vec<u32> {
    let mut inlined = Vec::new();
    let sites: Vec<(Inst, u32)> = func
        .insts_in_layout()
        .filter_map(|(_, i)| direct_callee(func, i).map(|t| (i, t)))
        .collect();
    for (call, token) in sites {
        let Some(callee) = body(token) else { continue };
        if refusal(&callee).is_some() {
            continue;
        }
        let InstData::Call { func: f, .. } = func.dfg.inst(call) else {
            continue;
        };
        let sig = &func.ext_funcs[*f].signature;
        let same = sig.params.len() == callee.signature.params.len()
            && sig
                .params
                .iter()
                .zip(&callee.signature.params)
                .all(|(a, b)| a.ty == b.ty)
            && sig.returns.len() == callee.signature.returns.len()
            && sig
                .returns
                .iter()
                .zip(&callee.signature.returns)
                .all(|(a, b)| a.ty == b.ty);
        if !same {
            continue;
        }
        inline_one(func, call, &callee);
        inlined.push(token);
    }
    inlined
}

/// Replaces `call` (placed, a direct call whose signature `callee`
/// matches) with a copy of `callee`.
fn inline_one(func: &mut Function, call: Inst, callee: &Function) {
    let b = func.layout.inst_block(call).expect("a placed call");
    let loc = func.srclocs[call].clone();
    let region = func.regions[b];
    let args = func.dfg.inst(call).arguments().to_vec();
    let results = func.dfg.inst_results(call).to_vec();

    if callee.layout.blocks().len() == 1 {
        inline_block(func, call, callee);
        return;
    }
    // Split: what follows the call moves to `cont`, whose parameters
    // stand for the call's results.
    let cont = func.dfg.make_block();
    let params: Vec<Value> = results
        .iter()
        .map(|&r| {
            let ty = func.dfg.value_type(r);
            func.dfg.append_block_param(cont, ty)
        })
        .collect();
    let insts = func.layout.block_insts(b).to_vec();
    let at = insts
        .iter()
        .position(|&i| i == call)
        .expect("call in block");
    func.layout.remove_inst(call);
    for &i in &insts[at + 1..] {
        func.layout.remove_inst(i);
    }

    // The callee's blocks and values in the caller.
    let entry = callee.layout.entry_block().expect("a callee with blocks");
    let mut block_map: SecondaryMap<Block, Option<Block>> = SecondaryMap::new();
    let mut value_map: SecondaryMap<Value, Option<Value>> = SecondaryMap::new();
    for (&p, &a) in callee.dfg.block_params(entry).iter().zip(&args) {
        value_map[p] = Some(a);
    }
    block_map[entry] = Some(b);
    let mut new_blocks = Vec::new();
    for &cb in &callee.layout.blocks()[1..] {
        let nb = func.dfg.make_block();
        for &p in callee.dfg.block_params(cb) {
            let v = func.dfg.append_block_param(nb, callee.dfg.value_type(p));
            value_map[p] = Some(v);
        }
        block_map[cb] = Some(nb);
        new_blocks.push(nb);
    }
    // Instructions first (results mapped), operands after: a value may be
    // used in a block laid out before the one defining it.
    let mut copies = Vec::new();
    for &cb in callee.layout.blocks() {
        for &ci in callee.layout.block_insts(cb) {
            let (data, to_cont) = match callee.dfg.inst(ci) {
                InstData::Return { args } => (
                    InstData::Jump {
                        dest: BlockCall::new(cont, args.clone()),
                    },
                    true,
                ),
                d => (d.clone(), false),
            };
            let types: Vec<_> = callee
                .dfg
                .inst_results(ci)
                .iter()
                .map(|&r| callee.dfg.value_type(r))
                .collect();
            let ni = func.dfg.make_inst_with_results(data, &types);
            for (&r, &nr) in callee
                .dfg
                .inst_results(ci)
                .iter()
                .zip(func.dfg.inst_results(ni))
            {
                value_map[r] = Some(nr);
            }
            copies.push((cb, ni, to_cont));
        }
    }
    for &nb in &new_blocks {
        func.layout.append_block(nb);
        func.regions[nb] = region;
    }
    func.layout.append_block(cont);
    func.regions[cont] = region;
    for &(cb, ni, to_cont) in &copies {
        let data = func.dfg.inst_mut(ni);
        data.map_values(|v| value_map[v].expect("a callee value defined in the callee"));
        // (Block numbers of the callee and the caller overlap: only the
        // callee's own branches are renumbered.)
        if !to_cont {
            for d in data.branch_destinations_mut() {
                d.block = block_map[d.block].expect("a callee block");
            }
        }
        let nb = block_map[cb].expect("a callee block");
        func.layout.append_inst(ni, nb);
        func.srclocs[ni] = loc.clone();
    }
    for &i in &insts[at + 1..] {
        func.layout.append_inst(i, cont);
    }
    // The call's results are the continuation's parameters.
    replace_uses(func, &results, &params);
    // Layout: the callee's blocks and the continuation right after `b`.
    let mut order: Vec<Block> = Vec::new();
    for &x in func.layout.blocks() {
        if new_blocks.contains(&x) || x == cont {
            continue;
        }
        order.push(x);
        if x == b {
            order.extend(new_blocks.iter().copied());
            order.push(cont);
        }
    }
    func.layout.set_block_order(order);
    copy_checks(func, callee);
}

/// Copies the layout checks `callee`'s code assumes into `func`'s.
fn copy_checks(func: &mut Function, callee: &Function) {
    for c in &callee.field_offset_checks {
        if !func.field_offset_checks.contains(c) {
            func.field_offset_checks.push(*c);
        }
    }
    for c in &callee.type_layout_checks {
        if !func.type_layout_checks.contains(c) {
            func.type_layout_checks.push(c.clone());
        }
    }
}

/// Rewrites every use of `from[i]` in the layout to `to[i]`.
fn replace_uses(func: &mut Function, from: &[Value], to: &[Value]) {
    if from.is_empty() {
        return;
    }
    let insts: Vec<Inst> = func.insts_in_layout().map(|(_, i)| i).collect();
    for i in insts {
        func.dfg
            .inst_mut(i)
            .map_values(|v| from.iter().position(|&f| f == v).map_or(v, |k| to[k]));
    }
}

/// Inlines a one-block callee: its instructions replace `call` in place,
/// and the values its `return` names replace the call's results.
fn inline_block(func: &mut Function, call: Inst, callee: &Function) {
    let b = func.layout.inst_block(call).expect("a placed call");
    let loc = func.srclocs[call].clone();
    let args = func.dfg.inst(call).arguments().to_vec();
    let results = func.dfg.inst_results(call).to_vec();
    let insts = func.layout.block_insts(b).to_vec();
    let at = insts
        .iter()
        .position(|&i| i == call)
        .expect("call in block");
    for &i in &insts[at..] {
        func.layout.remove_inst(i);
    }
    let entry = callee.layout.entry_block().expect("a callee with blocks");
    let mut value_map: SecondaryMap<Value, Option<Value>> = SecondaryMap::new();
    for (&p, &a) in callee.dfg.block_params(entry).iter().zip(&args) {
        value_map[p] = Some(a);
    }
    let mut returned = Vec::new();
    for &ci in callee.layout.block_insts(entry) {
        let mut data = callee.dfg.inst(ci).clone();
        data.map_values(|v| value_map[v].expect("a callee value defined before its use"));
        if let InstData::Return { args } = data {
            returned = args;
            continue;
        }
        let types: Vec<_> = callee
            .dfg
            .inst_results(ci)
            .iter()
            .map(|&r| callee.dfg.value_type(r))
            .collect();
        let ni = func.dfg.make_inst_with_results(data, &types);
        for (&r, &nr) in callee
            .dfg
            .inst_results(ci)
            .iter()
            .zip(func.dfg.inst_results(ni))
        {
            value_map[r] = Some(nr);
        }
        func.layout.append_inst(ni, b);
        func.srclocs[ni] = loc.clone();
    }
    for &i in &insts[at + 1..] {
        func.layout.append_inst(i, b);
    }
    replace_uses(func, &results, &returned);
    copy_checks(func, callee);
}
