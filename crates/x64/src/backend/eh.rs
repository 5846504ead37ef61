//! Exception handling: funclet layout, the checks that keep values out of
//! registers across region boundaries, funclet prologs/epilogs and the EH
//! clause table.
//!
//! The model is CoreCLR's on x64 for .NET 8 (`docs/design/coreclr/botr/
//! clr-abi.md` of the .NET 8 era, "Funclets" and "PSPSym"; crossgen2's
//! output in the shipped framework, decoded with `kiln dump`):
//!
//! * Handlers and filters are funclets placed after the main body, each a
//!   fragment with its own RUNTIME_FUNCTION and unwind info. A funclet's
//!   prolog pushes RBP and the same callee-saved registers as the main
//!   body, allocates its own outgoing-argument area and PSPSym slot, then
//!   restores the parent's RBP from the PSPSym through the establisher
//!   frame the runtime passes in RDI:
//!   `mov rbp, [rdi+psp]; mov [rsp+psp], rbp; lea rbp, [rbp+delta]`.
//!   Funclet code then addresses the parent's frame through RBP exactly as
//!   the main body does.
//! * The main body stores its Initial-SP (RSP after the prolog) in the
//!   PSPSym slot, `[rsp + 8 × outgoing stack arguments]`; the GC info
//!   records that offset. A `call_finally` passes Initial-SP in RDI and
//!   calls the finally funclet directly; catch funclets return the resume
//!   address in RAX; filters return their verdict in EAX; catch and filter
//!   funclets receive the exception object in RSI (System V second
//!   argument).
//! * Nothing lives in a register across a region boundary: every value
//!   live into a block is defined in the same funclet and protected region
//!   ([`plan`] checks it on the backend's liveness), handler entries and
//!   the continuations of `call_finally`/`catch_ret` have nothing live. The
//!   importer keeps IL variables in frame slots, which the GC info reports
//!   as untracked (live everywhere); the method stays partially
//!   interruptible, so aborted frames report exactly those slots
//!   (`gcinfodecoder.cpp`, `EnumerateLiveSlots`, `ReportUntracked`).
//! * Clauses are reported innermost first with native offsets; for every
//!   funclet nested in a clause's protected region, a copy of the clause
//!   covering the funclet is appended with `COR_ILEXCEPTION_CLAUSE_DUPLICATED`
//!   (0x8), as crossgen2 does. A protected region ends after a trailing
//!   `nop` so a call's return address never falls past it.

use kiln_ir::{
    Block, EhClause, EntityRef, FuncletPart, Function, HandlerKind, InstData, Region, ValueDef,
};
use kiln_runtime_abi::stencil::{EhClause as NativeClause, FragmentKind, UnwindInfo, UnwindOp};

use super::analysis::Analysis;
use super::{unsupported, BackendError, UnsupportedReason};
use crate::asm::{CodeBuffer, Gpr, InstId, Mem};

/// `COR_ILEXCEPTION_CLAUSE_*` flags.
const CLAUSE_FILTER: u32 = 1;
const CLAUSE_FINALLY: u32 = 2;
const CLAUSE_FAULT: u32 = 4;
const CLAUSE_DUPLICATED: u32 = 8;

/// One fragment of the method: the main body or a funclet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FragmentPlan {
    /// Main body, handler or filter.
    pub kind: FragmentKind,
    /// The clause whose handler or filter this is (`None`: main body).
    pub funclet: Option<(EhClause, FuncletPart)>,
    /// Layout indices `[first, end)` of its blocks.
    pub blocks: (usize, usize),
}

/// The EH layout of a function with clauses.
#[derive(Clone, Debug)]
pub struct EhPlan {
    /// Fragments in code order; `fragments[0]` is the main body.
    pub fragments: Vec<FragmentPlan>,
    /// The fragment of each block, by layout index.
    pub fragment_of: Vec<usize>,
    /// For each clause, every clause whose protected region contains its
    /// protected region (itself included).
    chains: Vec<Vec<EhClause>>,
}

fn eh_unsupported(what: &'static str, at: impl Into<kiln_ir::AnyEntity>) -> BackendError {
    unsupported(UnsupportedReason::ExceptionHandling(what), at)
}

impl EhPlan {
    /// Whether the block with layout index `i` starts a fragment other than
    /// the main body.
    pub fn funclet_starting_at(&self, i: usize) -> Option<&FragmentPlan> {
        self.fragments[1..].iter().find(|f| f.blocks.0 == i)
    }

    /// Whether protection changes between the blocks at `i - 1` and `i` of
    /// the same fragment (pending throw stubs are then emitted, then a
    /// `nop`, before block `i`).
    pub fn region_changes_before(&self, func: &Function, a: &Analysis, i: usize) -> bool {
        i > 0
            && self.fragment_of[i] == self.fragment_of[i - 1]
            && func.regions[a.blocks[i]] != func.regions[a.blocks[i - 1]]
    }

    /// Whether clause `c` protects a block of region `r`.
    fn protects(&self, c: EhClause, r: Region) -> bool {
        r.try_region
            .is_some_and(|t| self.chains[t.index()].contains(&c))
    }
}

/// Checks the function's EH structure against what the backend compiles
/// and lays out its fragments; `None` for a function without clauses.
///
/// # Errors
/// [`UnsupportedReason::ExceptionHandling`] for: blocks of one funclet not
/// contiguous in the layout (or a funclet not entered at its first block),
/// protected regions inside funclets or split by other code, a value live
/// across a region boundary, a `call_finally` inside the region whose
/// finally it calls.
pub fn plan(func: &Function, a: &Analysis) -> Result<Option<EhPlan>, BackendError> {
    if func.eh_clauses.is_empty() {
        return Ok(None);
    }
    let clauses: Vec<(EhClause, kiln_ir::EhClauseData)> =
        func.eh_clauses.iter().map(|(c, d)| (c, *d)).collect();
    let chains: Vec<Vec<EhClause>> = clauses
        .iter()
        .map(|(_, t)| {
            clauses
                .iter()
                .filter(|(_, x)| x.il_try.0 <= t.il_try.0 && t.il_try.1 <= x.il_try.1)
                .map(|&(x, _)| x)
                .collect()
        })
        .collect();
    // Fragments: the main body, then each funclet's blocks in one run.
    let mut fragments: Vec<FragmentPlan> = Vec::new();
    let mut fragment_of = Vec::with_capacity(a.blocks.len());
    for (i, &b) in a.blocks.iter().enumerate() {
        let r = func.regions[b];
        let same = fragments.last().is_some_and(|f| f.funclet == r.funclet);
        if !same {
            if fragments.iter().any(|f| f.funclet == r.funclet) || (i == 0) != r.funclet.is_none() {
                return Err(eh_unsupported("funclet blocks not contiguous", b));
            }
            let kind = match r.funclet {
                None => FragmentKind::MainBody,
                Some((c, FuncletPart::Filter)) => {
                    if !matches!(func.eh_clauses[c].kind, HandlerKind::Filter { filter, .. } if filter == b)
                    {
                        return Err(eh_unsupported("filter not entered at its first block", b));
                    }
                    FragmentKind::Filter
                }
                Some((c, FuncletPart::Handler)) => {
                    if func.eh_clauses[c].handler != b {
                        return Err(eh_unsupported("handler not entered at its first block", b));
                    }
                    FragmentKind::Handler
                }
            };
            if let Some(last) = fragments.last_mut() {
                last.blocks.1 = i;
            }
            fragments.push(FragmentPlan {
                kind,
                funclet: r.funclet,
                blocks: (i, a.blocks.len()),
            });
        }
        if r.funclet.is_some() && r.try_region.is_some() {
            return Err(eh_unsupported("protected region inside a handler", b));
        }
        fragment_of.push(fragments.len() - 1);
    }
    let plan = EhPlan {
        fragments,
        fragment_of,
        chains,
    };
    // Every protected region is one non-empty run of main-body blocks.
    for &(c, _) in &clauses {
        let inside: Vec<usize> = (0..a.blocks.len())
            .filter(|&i| plan.protects(c, func.regions[a.blocks[i]]))
            .collect();
        match (inside.first(), inside.last()) {
            (Some(&f), Some(&l)) if l - f + 1 == inside.len() => {}
            (None, _) => {
                return Err(eh_unsupported(
                    "protected region without code",
                    kiln_ir::AnyEntity::Function,
                ))
            }
            _ => {
                return Err(eh_unsupported(
                    "protected region split by other code",
                    a.blocks[inside[0]],
                ))
            }
        }
    }
    check_values(func, a, &plan)?;
    Ok(Some(plan))
}

/// No value crosses a region boundary in a register (module docs).
fn check_values(func: &Function, a: &Analysis, plan: &EhPlan) -> Result<(), BackendError> {
    let mut index = kiln_ir::SecondaryMap::with_default(usize::MAX);
    for (i, &b) in a.blocks.iter().enumerate() {
        index[b] = i;
    }
    let def_region = |v: kiln_ir::Value| -> Option<Region> {
        let b = match func.dfg.value_def(v) {
            ValueDef::Param(b, _) => b,
            ValueDef::Result(i, _) => func.layout.inst_block(i)?,
            ValueDef::Detached => return None,
        };
        Some(func.regions[b])
    };
    let mut entry_like: Vec<Block> = Vec::new();
    for (_, d) in func.eh_clauses.iter() {
        entry_like.push(d.handler);
        if let HandlerKind::Filter { filter, .. } = d.kind {
            entry_like.push(filter);
        }
    }
    for (i, &b) in a.blocks.iter().enumerate() {
        let r = func.regions[b];
        for &v in &a.live_in[i] {
            if def_region(v) != Some(r) {
                return Err(eh_unsupported("value live across a region boundary", v));
            }
        }
        if let Some(&last) = func.layout.block_insts(b).last() {
            match func.dfg.inst(last) {
                InstData::CallFinally { clause, dest } => {
                    if plan.protects(*clause, r) {
                        return Err(eh_unsupported("call_finally inside its own region", last));
                    }
                    if !dest.args.is_empty() {
                        return Err(eh_unsupported("arguments across call_finally", last));
                    }
                    entry_like.push(dest.block);
                }
                InstData::CatchRet { dest } => entry_like.push(*dest),
                _ => {}
            }
        }
    }
    for b in entry_like {
        let i = index[b];
        if i != usize::MAX && !a.live_in[i].is_empty() {
            return Err(eh_unsupported(
                "value live into a handler or continuation",
                b,
            ));
        }
    }
    Ok(())
}

/// Frame numbers of a method with funclets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FuncletFrame {
    /// Offset of the PSPSym slot from Initial-SP (and from a funclet's RSP).
    pub psp_offset: u32,
    /// `sub rsp, N` of every funclet.
    pub alloc: u32,
    /// RBP minus Initial-SP in the main body.
    pub rbp_delta: u32,
}

impl FuncletFrame {
    /// The numbers for a main frame that pushes `pushed` callee-saved
    /// registers after RBP, allocates `main_alloc` bytes and has
    /// `out_args` outgoing stack arguments (the PSPSym sits right above
    /// them).
    pub fn new(pushed: usize, main_alloc: u32, out_args: u32) -> FuncletFrame {
        let k = 8 * pushed as u32;
        let psp_offset = 8 * out_args;
        // RSP ≡ 8 (mod 16) at entry; after `push rbp` and k bytes of
        // pushes, the allocation restores 16-byte alignment.
        let alloc = (psp_offset + 8 + k).div_ceil(16) * 16 - k;
        FuncletFrame {
            psp_offset,
            alloc,
            rbp_delta: k + main_alloc,
        }
    }
}

/// The unwind-relevant instructions of a prolog: each `push` (with its
/// register) or the `sub rsp, N` (with N).
pub type PrologOps = Vec<(InstId, Option<u8>, u32)>;

/// Emits a funclet prolog; returns its unwind description (code offsets
/// filled in by [`funclet_unwind`] once the code is assembled) as the
/// instructions that make it up.
pub fn funclet_prolog(
    buf: &mut CodeBuffer,
    pushed: &[u8],
    f: FuncletFrame,
) -> Vec<(InstId, Option<u8>, u32)> {
    let mut ops = vec![(buf.push_r64(Gpr::RBP), Some(5), 0)];
    for &r in pushed {
        ops.push((buf.push_r64(Gpr::ALL[r as usize]), Some(r), 0));
    }
    ops.push((buf.sub_rm64_imm32(Gpr::RSP, f.alloc as i32), None, f.alloc));
    // The parent's PSPSym through the establisher frame, copied into this
    // frame's own PSPSym slot, then the parent's frame pointer.
    let psp = f.psp_offset as i32;
    buf.mov_r64_rm64(Gpr::RBP, Mem::base_disp(Gpr::RDI, psp));
    buf.mov_rm64_r64(Mem::base_disp(Gpr::RSP, psp), Gpr::RBP);
    buf.lea_r64_m(Gpr::RBP, Mem::base_disp(Gpr::RBP, f.rbp_delta as i32));
    ops
}

/// The unwind description of a funclet whose prolog instructions are
/// `ops`, with offsets relative to `start`.
pub fn funclet_unwind(
    ops: &[(InstId, Option<u8>, u32)],
    asm: &crate::asm::Assembled,
    start: u32,
) -> Result<UnwindInfo, BackendError> {
    let to_u8 = |x: u32| {
        u8::try_from(x - start)
            .map_err(|_| BackendError::Internal("funclet prolog longer than 255 bytes".into()))
    };
    let mut out = Vec::new();
    let mut end = start;
    for &(id, reg, size) in ops {
        let code_offset = to_u8(asm.inst_end(id))?;
        end = asm.inst_end(id);
        out.push(match reg {
            Some(reg) => UnwindOp::PushNonVolatile { code_offset, reg },
            None => UnwindOp::Alloc { code_offset, size },
        });
    }
    Ok(UnwindInfo {
        prolog_size: to_u8(end)?,
        frame_register: None,
        ops: out,
    })
}

/// A funclet epilog: `add rsp, N; pop …; pop rbp; ret`.
pub fn funclet_epilog(buf: &mut CodeBuffer, pushed: &[u8], f: FuncletFrame) {
    buf.add_rm64_imm32(Gpr::RSP, f.alloc as i32);
    for &r in pushed.iter().rev() {
        buf.pop_r64(Gpr::ALL[r as usize]);
    }
    buf.pop_r64(Gpr::RBP);
    buf.retnq();
}

/// The native clause table: one clause per IR clause (innermost first),
/// then the duplicated clauses covering nested funclets. `block_range[i]`
/// is the code range of the block at layout index `i` (its throw stubs and
/// trailing `nop` included), `fragment_range[k]` that of fragment `k`.
pub fn clause_table(
    func: &Function,
    a: &Analysis,
    plan: &EhPlan,
    block_range: &[(u32, u32)],
    fragment_range: &[(u32, u32)],
) -> Vec<NativeClause> {
    let funclet_range = |c: EhClause, part: FuncletPart| -> (u32, u32) {
        let k = plan
            .fragments
            .iter()
            .position(|f| f.funclet == Some((c, part)))
            .expect("every clause has its funclets (checked by plan)");
        fragment_range[k]
    };
    let mut out = Vec::new();
    let mut originals = Vec::new();
    for (c, d) in func.eh_clauses.iter() {
        let inside: Vec<usize> = (0..a.blocks.len())
            .filter(|&i| plan.protects(c, func.regions[a.blocks[i]]))
            .collect();
        let try_start = block_range[inside[0]].0;
        let try_end = block_range[*inside.last().expect("non-empty (checked by plan)")].1;
        let handler = funclet_range(c, FuncletPart::Handler);
        let (flags, extra) = match d.kind {
            HandlerKind::Catch { class_token } => (0, class_token),
            HandlerKind::Filter { .. } => (CLAUSE_FILTER, funclet_range(c, FuncletPart::Filter).0),
            HandlerKind::Finally => (CLAUSE_FINALLY, 0),
            HandlerKind::Fault => (CLAUSE_FAULT, 0),
        };
        let clause = NativeClause {
            flags,
            try_start,
            try_end,
            handler_start: handler.0,
            handler_end: handler.1,
            class_token_or_filter_offset: extra,
        };
        out.push(clause);
        originals.push((c, clause));
    }
    for &(c, clause) in &originals {
        for (k, f) in plan.fragments.iter().enumerate() {
            let Some((y, _)) = f.funclet else { continue };
            if y != c && func.eh_clauses[c].try_encloses(&func.eh_clauses[y]) {
                out.push(NativeClause {
                    flags: clause.flags | CLAUSE_DUPLICATED,
                    try_start: fragment_range[k].0,
                    try_end: fragment_range[k].1,
                    ..clause
                });
            }
        }
    }
    out
}
