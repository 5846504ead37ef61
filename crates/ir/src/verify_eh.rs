//! The verifier's exception-handling rules (see [`crate::eh`]):
//!
//! 1. Every clause's handler (and filter) entry block is in the layout,
//!    belongs to that funclet, is not the function entry and is never a
//!    branch target; a catch or filter entry has exactly one `ref`
//!    parameter (the exception object), a finally or fault entry none.
//! 2. Branches (`jump`, `brif`, `br_table`, `call_finally`'s continuation)
//!    stay inside one funclet, and every value is used only in the funclet
//!    that defines it.
//! 3. `call_finally` names a finally clause; `end_finally` ends only a
//!    finally or fault handler; `catch_ret` and `rethrow` only a catch or
//!    filter clause's handler, and `catch_ret`'s continuation is a
//!    parameterless block outside that handler; `end_filter` ends only a
//!    filter; `return` only appears in the main body.
//!
//! The model is CoreCLR's funclets (`docs/design/coreclr/botr/clr-abi.md`)
//! and the structural rules of ECMA-335 I.12.4.2 (regions are entered and
//! left only through the operations above).

use crate::eh::{EhClause, FuncletPart, HandlerKind, Region};
use crate::entities::{AnyEntity, Block};
use crate::flowgraph::ControlFlowGraph;
use crate::function::{Function, ValueDef};
use crate::instructions::InstData;
use crate::types::Type;

type Funclet = Option<(EhClause, FuncletPart)>;

/// The violations found, each with where it is.
pub(crate) fn check(func: &Function, cfg: &ControlFlowGraph) -> Vec<(AnyEntity, String)> {
    let mut errs: Vec<(AnyEntity, String)> = Vec::new();
    let region = |b: Block| -> Region { func.regions[b] };
    if func.eh_clauses.is_empty() {
        // Without clauses every block is main-body code.
        for &b in func.layout.blocks() {
            if region(b) != Region::default() {
                errs.push((b.into(), "region annotation without clauses".into()));
            }
        }
    }
    for &b in func.layout.blocks() {
        let r = region(b);
        let bad = |c: EhClause| !func.eh_clauses.is_valid(c);
        if r.funclet.is_some_and(|(c, _)| bad(c)) || r.try_region.is_some_and(bad) {
            errs.push((b.into(), "region names an unknown clause".into()));
            return errs;
        }
    }
    check_entries(func, cfg, &mut errs);
    for (block, inst) in func.insts_in_layout() {
        let here = region(block).funclet;
        let data = func.dfg.inst(inst);
        for v in data.all_values() {
            let def_block = match func.dfg.value_def(v) {
                ValueDef::Param(b, _) => Some(b),
                ValueDef::Result(i, _) => func.layout.inst_block(i),
                ValueDef::Detached => None,
            };
            if def_block.is_some_and(|d| region(d).funclet != here) {
                errs.push((inst.into(), format!("{v} is defined in another funclet")));
            }
        }
        for d in data.branch_destinations() {
            if func.layout.is_block_inserted(d.block) && region(d.block).funclet != here {
                errs.push((
                    inst.into(),
                    format!("branch to {} in another funclet", d.block),
                ));
            }
        }
        if let Some(what) = terminator_misplaced(func, here, data) {
            errs.push((inst.into(), what));
        }
    }
    errs
}

/// Rule 1: handler and filter entry blocks.
fn check_entries(func: &Function, cfg: &ControlFlowGraph, errs: &mut Vec<(AnyEntity, String)>) {
    let entry = func.entry_block();
    for (c, data) in func.eh_clauses.iter() {
        let mut entries = vec![(data.handler, FuncletPart::Handler)];
        if let HandlerKind::Filter { filter, .. } = data.kind {
            entries.push((filter, FuncletPart::Filter));
        }
        for (b, part) in entries {
            if !func.dfg.block_is_valid(b) || !func.layout.is_block_inserted(b) {
                errs.push((
                    AnyEntity::Function,
                    format!("{c}: entry {b} not in the layout"),
                ));
                continue;
            }
            if Some(b) == entry {
                errs.push((
                    b.into(),
                    format!("{c}: a handler entry is the function entry"),
                ));
            }
            if func.regions[b].funclet != Some((c, part)) {
                errs.push((b.into(), format!("{c}: entry block outside its funclet")));
            }
            if !cfg.preds(b).is_empty() {
                errs.push((b.into(), format!("{c}: a handler entry is a branch target")));
            }
            let types: Vec<Type> = func
                .dfg
                .block_params(b)
                .iter()
                .map(|&p| func.dfg.value_type(p))
                .collect();
            let want: &[Type] = if data.kind.takes_exception() {
                &[Type::Ref]
            } else {
                &[]
            };
            if types != want {
                errs.push((b.into(), format!("{c}: entry parameters must be {want:?}")));
            }
        }
    }
}

/// Rule 3: an EH terminator (or `return`) outside the funclet it may end.
fn terminator_misplaced(func: &Function, here: Funclet, data: &InstData) -> Option<String> {
    let kind = |c: EhClause| func.eh_clauses[c].kind;
    let in_handler_of = |pred: fn(HandlerKind) -> bool| matches!(here, Some((c, FuncletPart::Handler)) if pred(kind(c)));
    let catches = |k: HandlerKind| k.takes_exception();
    match data {
        InstData::Return { .. } if here.is_some() => Some("return inside a handler".into()),
        InstData::CallFinally { clause, .. } => {
            if !func.eh_clauses.is_valid(*clause) || kind(*clause) != HandlerKind::Finally {
                Some(format!("call_finally of {clause}, not a finally clause"))
            } else {
                None
            }
        }
        InstData::EndFinally
            if !in_handler_of(|k| matches!(k, HandlerKind::Finally | HandlerKind::Fault)) =>
        {
            Some("end_finally outside a finally or fault handler".into())
        }
        InstData::Rethrow if !in_handler_of(catches) => {
            Some("rethrow outside a catch handler".into())
        }
        InstData::CatchRet { dest } => {
            if !in_handler_of(catches) {
                Some("catch_ret outside a catch handler".into())
            } else if !func.dfg.block_is_valid(*dest) || !func.layout.is_block_inserted(*dest) {
                Some(format!("catch_ret to {dest}, not in the layout"))
            } else if func.regions[*dest].funclet == here
                || !func.dfg.block_params(*dest).is_empty()
            {
                Some(format!(
                    "catch_ret to {dest}: inside the handler or with parameters"
                ))
            } else {
                None
            }
        }
        InstData::EndFilter { .. } if !matches!(here, Some((_, FuncletPart::Filter))) => {
            Some("end_filter outside a filter".into())
        }
        _ => None,
    }
}
