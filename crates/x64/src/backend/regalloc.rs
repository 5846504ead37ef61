//! Register allocation: linear scan over whole-lifetime intervals, and a
//! checker that re-proves the result from exact liveness.
//!
//! Each value that needs a home gets exactly one [`Loc`] for its whole
//! life: a register or a spill slot (Poletto & Sarkar, "Linear scan register
//! allocation", TOPLAS 1999, without interval splitting). Homes are
//! RBX R12–R15 (callee-saved, survive calls) and RSI RDI R8 R9
//! (caller-saved, only for intervals that cross no call); RAX RCX RDX R10
//! R11 stay free as instruction scratch, RSP and RBP hold the frame. When
//! no register is free, the interval (active or current) that ends last is
//! spilled: its home becomes an 8-byte spill slot for its whole life, reused
//! by later intervals once its occupant's interval has ended. A result may
//! take over the register of an operand that dies at its definition
//! (`Interval::tied`: two-address forms such as `add r, b`, and loop
//! counters whose update then needs no move on the back edge).
//!
//! [`check`] does not trust the intervals: it walks every block backwards
//! from its live-out set and verifies at every point that the values live
//! together have pairwise distinct homes and that nothing live across a
//! call sits in a caller-saved register (regalloc2's checker plays this role
//! for Cranelift).

use std::collections::HashMap;

use kiln_ir::{EntityRef, Function, SecondaryMap, Value};

use super::analysis::{defs_of, uses_of, Analysis};
use super::moves::Loc;

/// Callee-saved registers usable as homes, in preference order (RBX R12–R15).
pub const CALLEE_SAVED_HOMES: [u8; 5] = [3, 12, 13, 14, 15];
/// Caller-saved registers usable as homes (RSI RDI R8 R9).
pub const CALLER_SAVED_HOMES: [u8; 4] = [6, 7, 8, 9];

/// SSE registers usable as homes of float values (XMM2–XMM15; XMM0 and
/// XMM1 are instruction scratch). None survives a call.
pub const XMM_HOMES: [u8; 14] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/// The register number of a register location (0 for memory).
fn r_of(l: Loc) -> u8 {
    match l {
        Loc::Reg(r) | Loc::Xmm(r) => r,
        _ => 0,
    }
}

/// The result of allocation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Allocation {
    /// The home of every value that has an interval.
    pub home: SecondaryMap<Value, Option<Loc>>,
    /// Number of spill slots used.
    pub num_spills: u32,
    /// Callee-saved registers used as homes, ascending (the prolog saves
    /// them).
    pub callee_saved: Vec<u8>,
}

impl Allocation {
    /// The home of `v`.
    ///
    /// # Panics
    /// If `v` has none (a constant or fused compare): a backend bug.
    pub fn loc(&self, v: Value) -> Loc {
        self.home[v].unwrap_or_else(|| panic!("{v} has no home"))
    }
}

fn is_callee_saved(r: u8) -> bool {
    CALLEE_SAVED_HOMES.contains(&r)
}

/// Linear scan over the intervals of one register class (`float` or not)
/// with the registers `order` (in preference order; only
/// [`CALLEE_SAVED_HOMES`] survive calls).
fn scan(a: &Analysis, alloc: &mut Allocation, float: bool, order: &[u8], mk: fn(u8) -> Loc) {
    // (end, interval index, register)
    let mut active: Vec<(u32, usize, u8)> = Vec::new();
    let mut free: Vec<u8> = order.to_vec();
    let is_callee_saved = |r: u8| !float && is_callee_saved(r);
    // Spill slots in use (end of the occupant, slot) and free ones (end of
    // the last occupant, slot).
    let mut active_slots: Vec<(u32, u32)> = Vec::new();
    let mut free_slots: Vec<(u32, u32)> = Vec::new();
    // Gives `v` (live over [start, end]) a slot no other spilled interval
    // overlapping [start, end] holds: a freed slot whose last occupant
    // ended before `start`, else a new one.
    let spill = |alloc: &mut Allocation,
                 active_slots: &mut Vec<(u32, u32)>,
                 free_slots: &mut Vec<(u32, u32)>,
                 v: Value,
                 start: u32,
                 end: u32| {
        let reuse = free_slots
            .iter()
            .enumerate()
            .filter(|(_, &(last_end, _))| last_end < start)
            .min_by_key(|(_, &(_, slot))| slot)
            .map(|(i, _)| i);
        let slot = match reuse {
            Some(i) => free_slots.swap_remove(i).1,
            None => {
                alloc.num_spills += 1;
                alloc.num_spills - 1
            }
        };
        alloc.home[v] = Some(Loc::Spill(slot));
        active_slots.push((end, slot));
    };
    for (k, iv) in a
        .intervals
        .iter()
        .enumerate()
        .filter(|(_, iv)| iv.float == float)
    {
        active.retain(|&(end, _, reg)| {
            if end < iv.start {
                free.push(reg);
                false
            } else {
                true
            }
        });
        active_slots.retain(|&(end, slot)| {
            if end < iv.start {
                free_slots.push((end, slot));
                false
            } else {
                true
            }
        });
        let ok = |r: u8| !iv.crosses_call || is_callee_saved(r);
        // A tied operand that dies exactly where this value is defined
        // hands its register over (see `Interval::tied`).
        if let Some(t) = iv.tied {
            let handover = active
                .iter()
                .position(|&(end, idx, r)| a.intervals[idx].value == t && end == iv.start && ok(r));
            if let Some(pos) = handover {
                let (_, _, r) = active.remove(pos);
                active.push((iv.end, k, r));
                alloc.home[iv.value] = Some(mk(r));
                continue;
            }
        }
        let from_value = iv.hint_value.and_then(|h| match alloc.home[h] {
            Some(l) if l == mk(r_of(l)) => Some(r_of(l)),
            _ => None,
        });
        let usable = |r: &u8| free.contains(r) && ok(*r);
        let pick = iv
            .hint
            .filter(usable)
            .or(from_value.filter(usable))
            .or_else(|| order.iter().copied().find(usable));
        match pick {
            Some(r) => {
                free.retain(|&x| x != r);
                active.push((iv.end, k, r));
                alloc.home[iv.value] = Some(mk(r));
            }
            None => {
                // Spill whichever ends last: an active interval whose
                // register this one may use, or this one.
                let victim = active
                    .iter()
                    .enumerate()
                    .filter(|(_, &(_, _, r))| ok(r))
                    .max_by_key(|(_, &(end, idx, _))| (end, idx))
                    .map(|(pos, &e)| (pos, e));
                match victim {
                    Some((pos, (end, idx, r))) if end > iv.end => {
                        active.remove(pos);
                        let victim = &a.intervals[idx];
                        spill(
                            alloc,
                            &mut active_slots,
                            &mut free_slots,
                            victim.value,
                            victim.start,
                            victim.end,
                        );
                        active.push((iv.end, k, r));
                        alloc.home[iv.value] = Some(mk(r));
                    }
                    _ => spill(
                        alloc,
                        &mut active_slots,
                        &mut free_slots,
                        iv.value,
                        iv.start,
                        iv.end,
                    ),
                }
            }
        }
    }
}

/// Whether a value in `l` survives a call (callee-saved registers and
/// memory do; XMM registers and the other GPRs do not).
fn survives_calls(l: Loc) -> bool {
    match l {
        Loc::Reg(r) => is_callee_saved(r),
        Loc::Xmm(_) => false,
        _ => true,
    }
}

/// Allocates a home to every interval of `a`: integer and reference
/// values over the general-purpose homes, float values over
/// [`XMM_HOMES`] (all caller-saved, so a float interval that crosses a call
/// is spilled), each class by its own linear scan; spill slots are shared
/// (the float pass takes slots after the integer pass's).
pub fn allocate(a: &Analysis) -> Allocation {
    let mut alloc = Allocation::default();
    // A method whose RSP moves (`local_alloc`) saves no callee-saved
    // register: the unwinder restores pushes made after `mov rbp, rsp`
    // from RSP, which is not where the prolog left it (`emit::frame`).
    let callee_saved: &[u8] = if a.has_local_alloc {
        &[]
    } else {
        &CALLEE_SAVED_HOMES
    };
    let gpr_order: Vec<u8> = CALLER_SAVED_HOMES
        .iter()
        .chain(callee_saved)
        .copied()
        .collect();
    scan(a, &mut alloc, false, &gpr_order, Loc::Reg);
    scan(a, &mut alloc, true, &XMM_HOMES, Loc::Xmm);
    let mut saved: Vec<u8> = alloc
        .home
        .iter()
        .filter_map(|(_, h)| match h {
            Some(Loc::Reg(r)) if is_callee_saved(*r) => Some(*r),
            _ => None,
        })
        .collect();
    saved.sort_unstable();
    saved.dedup();
    alloc.callee_saved = saved;
    alloc
}

/// Checks that `alloc` keeps the data flow of `func`: at every program
/// point, the values live together (live after an instruction plus its
/// results; a block's parameters plus its live-in values) have homes, the
/// homes are pairwise distinct and allowed, and no value live across a call
/// or GC poll is in a caller-saved register.
///
/// # Errors
/// A description of the first violation (a backend bug).
pub fn check(func: &Function, a: &Analysis, alloc: &Allocation) -> Result<(), String> {
    let home_of = |v: Value| -> Result<Loc, String> {
        let h = alloc.home[v].ok_or_else(|| format!("{v} is live but has no home"))?;
        let float = func.dfg.value_type(v).is_float();
        match h {
            Loc::Reg(r) => {
                if !CALLEE_SAVED_HOMES.contains(&r) && !CALLER_SAVED_HOMES.contains(&r) {
                    return Err(format!("{v} lives in register {r}, which is not a home"));
                }
                if float {
                    return Err(format!("float {v} lives in a general-purpose register"));
                }
            }
            Loc::Xmm(r) => {
                if !XMM_HOMES.contains(&r) {
                    return Err(format!("{v} lives in xmm{r}, which is not a home"));
                }
                if !float {
                    return Err(format!("non-float {v} lives in xmm{r}"));
                }
            }
            _ => {}
        }
        if let Loc::Spill(n) = h {
            if n >= alloc.num_spills {
                return Err(format!("{v} lives in unallocated spill slot {n}"));
            }
        }
        Ok(h)
    };
    let distinct = |set: &[Value], at: &dyn Fn() -> String| -> Result<(), String> {
        let mut seen: HashMap<Loc, Value> = HashMap::with_capacity(set.len());
        for &v in set {
            let h = home_of(v)?;
            if let Some(w) = seen.insert(h, v) {
                return Err(format!("{v} and {w} are both live in {h:?} at {}", at()));
            }
        }
        Ok(())
    };
    let nv = func.dfg.num_values();
    // The live set: membership flags plus the members, reused per block.
    let mut member = vec![false; nv];
    let mut live: Vec<Value> = Vec::new();
    for (i, &b) in a.blocks.iter().enumerate() {
        for v in live.drain(..) {
            member[v.index()] = false;
        }
        for &v in &a.live_out[i] {
            member[v.index()] = true;
            live.push(v);
        }
        for &inst in func.layout.block_insts(b).iter().rev() {
            let defs = defs_of(func, a, inst);
            let mut together: Vec<Value> = defs.clone();
            together.extend(live.iter().copied().filter(|v| !defs.contains(v)));
            distinct(&together, &|| format!("{inst}"))?;
            if super::analysis::clobbers_caller_saved(func, &a.consts, inst) {
                for &v in &together {
                    if defs.contains(&v) {
                        continue;
                    }
                    let h = home_of(v)?;
                    if !survives_calls(h) {
                        return Err(format!(
                            "{v} is live across the call {inst} in caller-saved register {h:?}"
                        ));
                    }
                }
            }
            for v in defs {
                if member[v.index()] {
                    member[v.index()] = false;
                    live.retain(|&x| x != v);
                }
            }
            for v in uses_of(func, a, inst) {
                if !member[v.index()] {
                    member[v.index()] = true;
                    live.push(v);
                }
            }
        }
        let params = func.dfg.block_params(b);
        for &p in params {
            if member[p.index()] {
                member[p.index()] = false;
                live.retain(|&x| x != p);
            }
        }
        let mut live_in = live.clone();
        live_in.sort();
        if live_in != a.live_in[i] {
            return Err(format!(
                "live-in of {b} is {live_in:?}, the analysis said {:?}",
                a.live_in[i]
            ));
        }
        let mut together = params.to_vec();
        together.extend(live_in);
        distinct(&together, &|| format!("the start of {b}"))?;
        if a.poll_point[i].is_some() {
            // The GC poll at the block start is a call.
            for &v in &together {
                let h = home_of(v)?;
                if !survives_calls(h) {
                    return Err(format!(
                        "{v} is live across the GC poll of {b} in caller-saved register {h:?}"
                    ));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::backend::BackendOptions;

    /// Many values live at once, across a call: spills must appear and the
    /// checker must accept the result.
    #[test]
    fn pressure_spills_and_checks() {
        let mut text = String::from(
            "function \"f\"(i64) -> i64 {\n    fn0 = \"g\"() token 0x06000002\n\nblock0(v0: i64):\n",
        );
        for k in 1..=20 {
            text += &format!("    v{k} = iadd.i64 v{}, v0\n", k - 1);
        }
        text += "    call fn0()\n";
        let mut acc = 0;
        for k in 1..=20 {
            text += &format!(
                "    v{} = iadd.i64 v{}, v{k}\n",
                100 + k,
                if k == 1 { 0 } else { acc }
            );
            acc = 100 + k;
        }
        text += &format!("    return v{acc}\n}}\n");
        let func = kiln_ir::parse_function(&text).unwrap();
        kiln_ir::verify_function(&func).unwrap();
        let a = Analysis::compute(&func, &BackendOptions::default()).unwrap();
        let alloc = allocate(&a);
        assert!(alloc.num_spills > 0);
        check(&func, &a, &alloc).unwrap();
        // Nothing that crosses the call is in a caller-saved register.
        for iv in a.intervals.iter().filter(|i| i.crosses_call) {
            if let Loc::Reg(r) = alloc.loc(iv.value) {
                assert!(is_callee_saved(r));
            }
        }
        // A corrupted allocation is caught.
        let mut bad = alloc.clone();
        bad.home[Value::new(1)] = bad.home[Value::new(2)];
        assert!(check(&func, &a, &bad).is_err());
        let mut bad = alloc.clone();
        bad.home[Value::new(0)] = Some(Loc::Reg(7));
        assert!(check(&func, &a, &bad).is_err());
    }

    /// Two groups of 14 values, one live after the other: the second group's
    /// spills reuse the first group's slots.
    #[test]
    fn spill_slots_are_reused() {
        let func = kiln_ir::parse_function(&two_groups()).unwrap();
        kiln_ir::verify_function(&func).unwrap();
        let a = Analysis::compute(&func, &BackendOptions::default()).unwrap();
        let alloc = allocate(&a);
        check(&func, &a, &alloc).unwrap();
        let spilled = a
            .intervals
            .iter()
            .filter(|i| matches!(alloc.loc(i.value), Loc::Spill(_)))
            .count() as u32;
        assert!(spilled >= 10, "{spilled} spilled");
        assert!(alloc.num_spills < spilled, "{} slots", alloc.num_spills);
    }

    /// A function whose values form two groups of 14 simultaneously live
    /// values, the second defined after the first is dead.
    fn two_groups() -> String {
        let mut t = String::from("function \"f\"(i64) -> i64 {\nblock0(v0: i64):\n");
        let mut acc = 0;
        for g in 0..2 {
            let base = 1 + g * 100;
            for k in 0..14 {
                t += &format!("    v{} = iadd.i64 v{acc}, v0\n", base + k);
            }
            for k in 0..14 {
                t += &format!(
                    "    v{} = bxor.i64 v{}, v{}\n",
                    base + 50 + k,
                    if k == 0 { acc } else { base + 49 + k },
                    base + k
                );
            }
            acc = base + 63;
        }
        t += &format!("    return v{acc}\n}}\n");
        t
    }
}
