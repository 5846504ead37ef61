//! IR-level optimisation of one method between lowering and code
//! generation (issue 21): inlining of small leaf methods of the input
//! (`kiln_lower::passes::inline`), then constant folding
//! (`kiln_lower::passes::fold_constants`); both off with `--Od`
//! ([`crate::CompileOptions::inline`]).
//!
//! Callees come from the same salsa database as the caller
//! ([`crate::db::lowered_method`]), each with its own small callees inlined
//! first (bottom-up, a bounded depth, never through a method already being
//! inlined), so constructor chains collapse. Only MethodDefs of the input
//! are inlined: the input is its own version bubble, and crossgen2 inlines
//! across a bubble only `[NonVersionable]` methods.
//!
//! Inlining is not recorded in the image: the runtime reads the
//! InliningInfo2 / CrossModuleInlineInfo sections (readytorun-format.md)
//! only to find the inliners of a method a profiler asks to ReJIT
//! (`ICorProfilerInfo10::RequestReJITWithInliners`); running the code never
//! needs them, and within one module no fixup depends on the inlinee.
//!
//! A result that fails verification falls back to the method's lowered IR
//! (and a debug build stops): inlining never makes a method skipped.

use kiln_ir::Function;
use kiln_lower::passes::inline;
use kiln_metadata::tables::MethodDefHandle;

use crate::db::{self, References, Settings, SourceAssembly};

/// `MethodImplAttributes.NoInlining` (ECMA-335 II.23.1.11).
const MI_NO_INLINING: u16 = 0x0008;
/// `MethodImplAttributes.Synchronized`: the callee takes a lock (its IR
/// has a fault clause, which `inline::refusal` refuses too).
const MI_SYNCHRONIZED: u16 = 0x0020;

/// How deep callees' own callees are inlined.
const MAX_DEPTH: usize = 3;

/// A method's IR after optimisation, with what was inlined into it.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Optimized {
    /// The IR code generation compiles, or `None` when it is the lowered
    /// IR unchanged (not stored twice).
    pub func: Option<Function>,
    /// The MethodDef tokens of the methods inlined into it (nested ones
    /// too), once each, in the order first inlined.
    pub inlined: Vec<u32>,
}

/// Optimises `base`, the lowered IR of MethodDef `rid`: inlining, then the
/// clean-ups it enables (null checks of fresh objects, dominated checks,
/// constant folding).
pub(crate) fn optimize(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    settings: Settings,
    rid: u32,
    base: &Function,
) -> Optimized {
    let unchanged = Optimized {
        func: None,
        inlined: Vec::new(),
    };
    if !settings.options(db).inline {
        return unchanged;
    }
    // A bug of a pass must not cost the method: it is compiled as lowered
    // (debug builds stop).
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut func = base.clone();
        let mut stack = vec![rid];
        let inlined = inline_into(db, src, refs, settings, &mut func, &mut stack);
        let mut changed = !inlined.is_empty();
        if changed {
            kiln_lower::passes::remove_non_null_checks(&mut func);
            kiln_lower::passes::remove_dominated_checks(&mut func);
        }
        changed |= kiln_lower::passes::fold_constants(&mut func) > 0;
        (func, inlined, changed)
    }));
    let (func, inlined, changed) = match run {
        Ok(r) => r,
        Err(payload) => {
            if cfg!(debug_assertions) || payload.is::<salsa::Cancelled>() {
                std::panic::resume_unwind(payload);
            }
            return unchanged;
        }
    };
    if !changed {
        return unchanged;
    }
    if let Err(errors) = kiln_ir::verify_function(&func) {
        debug_assert!(
            false,
            "optimising {} produced invalid IR: {errors}\n{}",
            func.name,
            kiln_ir::write_function(&func)
        );
        return unchanged;
    }
    Optimized {
        func: Some(func),
        inlined,
    }
}

/// Inlines the qualifying callees of `func` (whose own method and its
/// inliners are `stack`); returns every token inlined, nested ones too.
fn inline_into(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    settings: Settings,
    func: &mut Function,
    stack: &mut Vec<u32>,
) -> Vec<u32> {
    let mut nested: Vec<(u32, Vec<u32>)> = Vec::new();
    let direct = inline::inline_calls(func, |token| {
        let (callee, inner) = callee_body(db, src, refs, settings, token, stack)?;
        nested.push((token, inner));
        Some(callee)
    });
    let mut all = Vec::new();
    for t in direct {
        let mut add = |t: u32| {
            if !all.contains(&t) {
                all.push(t);
            }
        };
        add(t);
        if let Some((_, inner)) = nested.iter().find(|(n, _)| *n == t) {
            for &i in inner {
                add(i);
            }
        }
    }
    if !all.is_empty() {
        kiln_lower::passes::remove_trivial_params(func);
    }
    all
}

/// The IR of the callee `token` ready to inline (its own callees inlined)
/// and what was inlined into it, or `None` if it does not qualify.
fn callee_body(
    db: &dyn salsa::Database,
    src: SourceAssembly,
    refs: References,
    settings: Settings,
    token: u32,
    stack: &mut Vec<u32>,
) -> Option<(Function, Vec<u32>)> {
    let rid = token & 0x00FF_FFFF;
    if stack.contains(&rid) || stack.len() > MAX_DEPTH {
        return None;
    }
    let methods = db::method_list(db, src, refs).as_ref().ok()?;
    let m = db::method_info(methods, rid)?;
    if m.no_il.is_some() || settings.options(db).excludes(&m.name) {
        return None;
    }
    let asm = db::assembly(db, src).as_ref().ok()?;
    if asm.method_def(MethodDefHandle(rid)).ok()?.impl_flags & (MI_NO_INLINING | MI_SYNCHRONIZED)
        != 0
    {
        return None;
    }
    let lowered = db::lowered_method(db, src, refs, rid).as_ref().ok()?;
    // Inlining only grows a body by a little: a large one never qualifies.
    if lowered
        .insts_in_layout()
        .nth(2 * inline::MAX_INLINE_INSTS)
        .is_some()
    {
        return None;
    }
    let mut callee = lowered.clone();
    stack.push(rid);
    let inner = inline_into(db, src, refs, settings, &mut callee, stack);
    stack.pop();
    if inline::refusal(&callee).is_some() {
        return None;
    }
    Some((callee, inner))
}
