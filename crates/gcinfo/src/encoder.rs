//! The GcInfo v2 encoder: a port of the decisions `GcInfoEncoder::Build`
//! makes (.NET 8 `src/coreclr/gcinfo/gcinfoencoder.cpp`), from a
//! [`GcInfoDesc`].

use crate::bits::{var_unsigned_size, BitWriter};
use crate::{GcInfoDesc, GcInfoError, SlotLocation, Transition};

// gcinfotypes.h, AMD64.
pub(crate) const CODE_LENGTH_ENCBASE: u32 = 8;
pub(crate) const NORM_PROLOG_SIZE_ENCBASE: u32 = 5;
pub(crate) const NORM_EPILOG_SIZE_ENCBASE: u32 = 3;
pub(crate) const GS_COOKIE_STACK_SLOT_ENCBASE: u32 = 6;
pub(crate) const PSP_SYM_STACK_SLOT_ENCBASE: u32 = 6;
pub(crate) const GENERICS_INST_CONTEXT_STACK_SLOT_ENCBASE: u32 = 6;
pub(crate) const STACK_BASE_REGISTER_ENCBASE: u32 = 3;
pub(crate) const SIZE_OF_EDIT_AND_CONTINUE_PRESERVED_AREA_ENCBASE: u32 = 4;
pub(crate) const REVERSE_PINVOKE_FRAME_ENCBASE: u32 = 6;
pub(crate) const SIZE_OF_STACK_AREA_ENCBASE: u32 = 3;
pub(crate) const NUM_SAFE_POINTS_ENCBASE: u32 = 2;
pub(crate) const NUM_INTERRUPTIBLE_RANGES_ENCBASE: u32 = 1;
pub(crate) const INTERRUPTIBLE_RANGE_DELTA1_ENCBASE: u32 = 6;
pub(crate) const INTERRUPTIBLE_RANGE_DELTA2_ENCBASE: u32 = 6;
pub(crate) const NUM_REGISTERS_ENCBASE: u32 = 2;
pub(crate) const NUM_STACK_SLOTS_ENCBASE: u32 = 2;
pub(crate) const NUM_UNTRACKED_SLOTS_ENCBASE: u32 = 1;
pub(crate) const REGISTER_ENCBASE: u32 = 3;
pub(crate) const REGISTER_DELTA_ENCBASE: u32 = 2;
pub(crate) const STACK_SLOT_ENCBASE: u32 = 6;
pub(crate) const STACK_SLOT_DELTA_ENCBASE: u32 = 4;
pub(crate) const POINTER_SIZE_ENCBASE: u32 = 3;
pub(crate) const LIVESTATE_RLE_RUN_ENCBASE: u32 = 2;
pub(crate) const LIVESTATE_RLE_SKIP_ENCBASE: u32 = 4;
pub(crate) const NUM_NORM_CODE_OFFSETS_PER_CHUNK: u32 = 64;
pub(crate) const NUM_NORM_CODE_OFFSETS_PER_CHUNK_LOG2: u32 = 6;
pub(crate) const SIZE_OF_RETURN_KIND_SLIM: u32 = 2;
pub(crate) const SIZE_OF_RETURN_KIND_FAT: u32 = 4;

/// `CeilOfLog2`.
pub(crate) fn ceil_log2(x: u64) -> u32 {
    if x <= 1 {
        0
    } else {
        64 - (x - 1).leading_zeros()
    }
}

/// Slot-table entry as the encoder keeps it (`GcSlotDesc`).
#[derive(Clone, Copy, Debug)]
struct SlotDesc {
    reg: bool,
    untracked: bool,
    deleted: bool,
    low: u32,
    reg_num: u32,
    offset: i32,
    base: u32,
}

impl SlotDesc {
    /// Flags as `GcSlotFlags` (IS_REGISTER = 8, UNTRACKED = 4) for sorting.
    fn sort_flags(&self) -> i32 {
        (self.low | if self.untracked { 4 } else { 0 } | if self.reg { 8 } else { 0 }) as i32
    }
}

#[derive(Clone, Copy, Debug)]
struct Tr {
    offset: u32,
    slot: usize,
    live: bool,
    deleted: bool,
}

fn bitset_get(v: &[u32], i: usize) -> bool {
    v[i / 32] >> (i % 32) & 1 != 0
}
fn bitset_set(v: &mut [u32], i: usize, b: bool) {
    if b {
        v[i / 32] |= 1 << (i % 32);
    } else {
        v[i / 32] &= !(1 << (i % 32));
    }
}

/// `BitArray::GetHashCode`.
fn bitset_hash(v: &[u32]) -> u32 {
    let mut r = v.first().copied().unwrap_or(0) as i32;
    for &w in &v[1.min(v.len())..] {
        r = (r.rotate_right(5)) ^ (w as i32);
    }
    r as u32
}

/// `SimplerHashTable` key order for the live-set indirection: insertion
/// into prime-sized chained buckets (new nodes at the chain head), growth
/// by 3/2 at density 3/4 from a minimum of 7, iteration bucket by bucket.
fn hash_table_order(sets: &[Vec<u32>]) -> Vec<usize> {
    const PRIMES: [u32; 27] = [
        9, 23, 59, 131, 239, 433, 761, 1399, 2473, 4327, 7499, 12973, 22433, 46559, 96581, 200341,
        415517, 861719, 1787021, 3705617, 7684087, 15933877, 33040633, 68513161, 142069021,
        294594427, 733045421,
    ];
    let mut buckets: Vec<Vec<usize>> = Vec::new(); // each chain head-first
    let mut max = 0u32;
    let mut prime = 0u32;
    for (i, s) in sets.iter().enumerate() {
        let count = i as u32;
        if count == max {
            let mut new_size = count * 3 / 2 * 4 / 3;
            if new_size < 7 {
                new_size = 7;
            }
            let p = *PRIMES
                .iter()
                .find(|p| **p >= new_size)
                .unwrap_or(&PRIMES[26]);
            let mut nb: Vec<Vec<usize>> = vec![Vec::new(); p as usize];
            for chain in &buckets {
                for &k in chain {
                    let idx = (bitset_hash(&sets[k]) % p) as usize;
                    nb[idx].insert(0, k);
                }
            }
            buckets = nb;
            prime = p;
            max = p * 3 / 4;
        }
        let idx = (bitset_hash(s) % prime) as usize;
        buckets[idx].insert(0, i);
    }
    buckets.into_iter().flatten().collect()
}

struct Enc<'a> {
    slots: &'a [SlotDesc],
}

impl Enc<'_> {
    fn tracked(&self) -> impl Iterator<Item = usize> + '_ {
        self.slots
            .iter()
            .take_while(|s| !s.untracked)
            .enumerate()
            .map(|(i, _)| i)
    }

    fn write_vector(&self, w: &mut BitWriter, v: &[u32]) {
        for i in self.tracked() {
            if !self.slots[i].deleted {
                w.write(bitset_get(v, i) as u64, 1);
            }
        }
    }

    /// Returns (simple, rle, rle_neg) sizes in bits.
    fn sizeof_var_vector(&self, v: &[u32], base_skip: u32, base_run: u32) -> (usize, usize, usize) {
        let mut simple = 1usize;
        for i in self.tracked() {
            if !self.slots[i].deleted {
                simple += 1;
            }
        }
        if simple <= (2 + base_skip + 1 + base_run + 1) as usize {
            return (simple, simple + 1, simple + 1);
        }
        let (mut rle, mut neg) = (2usize, 2usize);
        let mut start = 0usize;
        let mut prev = false;
        let mut i = 0;
        for j in self.tracked() {
            i = j + 1;
            if !self.slots[j].deleted {
                if bitset_get(v, j) {
                    if !prev {
                        rle += var_unsigned_size((j - start) as u64, base_skip);
                        neg += var_unsigned_size((j - start) as u64, base_run);
                        start = j + 1;
                        prev = true;
                    }
                } else if prev {
                    rle += var_unsigned_size((j - start) as u64, base_run);
                    neg += var_unsigned_size((j - start) as u64, base_skip);
                    start = j + 1;
                    prev = false;
                }
            } else {
                start += 1;
            }
        }
        rle += var_unsigned_size((i - start) as u64, if prev { base_run } else { base_skip });
        neg += var_unsigned_size((i - start) as u64, if prev { base_skip } else { base_run });
        (simple, rle, neg)
    }

    fn sizeof_best(&self, v: &[u32]) -> usize {
        let (s, r, n) =
            self.sizeof_var_vector(v, LIVESTATE_RLE_SKIP_ENCBASE, LIVESTATE_RLE_RUN_ENCBASE);
        if s <= r && s <= n {
            s
        } else if r <= n {
            r
        } else {
            n
        }
    }

    fn write_var_vector(&self, w: &mut BitWriter, v: &[u32]) {
        let (mut skip, mut run) = (LIVESTATE_RLE_SKIP_ENCBASE, LIVESTATE_RLE_RUN_ENCBASE);
        let (s, r, n) = self.sizeof_var_vector(v, skip, run);
        if s <= r && s <= n {
            w.write(0, 1);
            self.write_vector(w, v);
            return;
        }
        w.write(1, 1);
        if n < r {
            w.write(1, 1);
            std::mem::swap(&mut skip, &mut run);
        } else {
            w.write(0, 1);
        }
        let mut start = 0usize;
        let mut prev = false;
        let mut i = 0;
        for j in self.tracked() {
            i = j + 1;
            if !self.slots[j].deleted {
                if bitset_get(v, j) {
                    if !prev {
                        w.var_unsigned((j - start) as u64, skip);
                        start = j + 1;
                        prev = true;
                    }
                } else if prev {
                    w.var_unsigned((j - start) as u64, run);
                    start = j + 1;
                    prev = false;
                }
            } else {
                start += 1;
            }
        }
        w.var_unsigned((i - start) as u64, if prev { run } else { skip });
    }
}

/// Encodes a [`GcInfoDesc`] into a GcInfo v2 blob.
///
/// # Errors
/// [`GcInfoError::BadDesc`] if the description is inconsistent (zero code
/// length, a transition naming a missing or untracked slot, a transition
/// that does not change the slot's state, overlapping ranges, …).
pub fn encode(d: &GcInfoDesc) -> Result<Vec<u8>, GcInfoError> {
    if d.code_length == 0 {
        return Err(GcInfoError::BadDesc("code length is zero"));
    }
    let mut w1 = BitWriter::new();
    let mut w2 = BitWriter::new();

    // ---- ranges (DefineInterruptibleRange: drop empty, merge adjacent) ----
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &(s, e) in &d.interruptible_ranges {
        if let Some(last) = ranges.last_mut() {
            if s < last.1 {
                return Err(GcInfoError::BadDesc(
                    "interruptible ranges overlap or are unsorted",
                ));
            }
            if e > s && s == last.1 {
                last.1 = e;
                continue;
            }
        }
        if e > s {
            ranges.push((s, e));
        }
    }

    // ---- header ----
    let has_gs = d.gs_cookie.is_some();
    let has_ctx = d.generics_context.is_some();
    let has_rpi = d.reverse_pinvoke_frame.is_some();
    let sbr = d.stack_base_register.map(|r| r as u32 ^ 5);
    let slim = !d.is_vararg
        && !has_gs
        && d.psp_sym.is_none()
        && !has_ctx
        && ranges.is_empty()
        && !has_rpi
        && sbr.is_none_or(|n| n == 0)
        && d.enc_preserved_area.is_none()
        && !d.wants_report_only_leaf
        && !d.return_kind.is_struct();
    if slim {
        w1.write(0, 1);
        w1.write(d.stack_base_register.is_some() as u64, 1);
        w1.write(d.return_kind.raw() as u64, SIZE_OF_RETURN_KIND_SLIM);
    } else {
        w1.write(1, 1);
        w1.write(d.is_vararg as u64, 1);
        w1.write(0, 1);
        w1.write(has_gs as u64, 1);
        w1.write(d.psp_sym.is_some() as u64, 1);
        w1.write(d.generics_context.map_or(0, |c| c.kind as u64), 2);
        w1.write(d.stack_base_register.is_some() as u64, 1);
        w1.write(d.wants_report_only_leaf as u64, 1);
        w1.write(d.enc_preserved_area.is_some() as u64, 1);
        w1.write(has_rpi as u64, 1);
        w1.write(d.return_kind.raw() as u64, SIZE_OF_RETURN_KIND_FAT);
    }
    w1.var_unsigned(d.code_length as u64, CODE_LENGTH_ENCBASE);
    if let Some(gs) = d.gs_cookie {
        if gs.valid_start == 0 || gs.valid_start > gs.valid_end || gs.valid_end > d.code_length {
            return Err(GcInfoError::BadDesc("GS cookie valid range"));
        }
        w1.var_unsigned(gs.valid_start as u64 - 1, NORM_PROLOG_SIZE_ENCBASE);
        w1.var_unsigned(
            (d.code_length - gs.valid_end) as u64,
            NORM_EPILOG_SIZE_ENCBASE,
        );
    } else if has_ctx {
        let p = d
            .prolog_size
            .ok_or(GcInfoError::BadDesc("generics context needs a prolog size"))?;
        if p == 0 || p >= d.code_length {
            return Err(GcInfoError::BadDesc("prolog size"));
        }
        w1.var_unsigned(p as u64 - 1, NORM_PROLOG_SIZE_ENCBASE);
    }
    if let Some(gs) = d.gs_cookie {
        w1.var_signed((gs.stack_slot >> 3) as i64, GS_COOKIE_STACK_SLOT_ENCBASE);
    }
    if let Some(p) = d.psp_sym {
        w1.var_signed((p >> 3) as i64, PSP_SYM_STACK_SLOT_ENCBASE);
    }
    if let Some(c) = d.generics_context {
        w1.var_signed(
            (c.stack_slot >> 3) as i64,
            GENERICS_INST_CONTEXT_STACK_SLOT_ENCBASE,
        );
    }
    if !slim {
        if let Some(n) = sbr {
            w1.var_unsigned(n as u64, STACK_BASE_REGISTER_ENCBASE);
        }
    }
    if let Some(e) = d.enc_preserved_area {
        w1.var_unsigned(e as u64, SIZE_OF_EDIT_AND_CONTINUE_PRESERVED_AREA_ENCBASE);
    }
    if let Some(r) = d.reverse_pinvoke_frame {
        w1.var_signed((r >> 3) as i64, REVERSE_PINVOKE_FRAME_ENCBASE);
    }
    if !slim {
        w1.var_unsigned(
            (d.outgoing_area_size >> 3) as u64,
            SIZE_OF_STACK_AREA_ENCBASE,
        );
    }

    // ---- call sites: normalize, drop those inside interruptible ranges ----
    let mut call_sites: Vec<u32> = Vec::new();
    for cs in &d.call_sites {
        if cs.size == 0 {
            return Err(GcInfoError::BadDesc("call site of size 0"));
        }
        let norm = cs
            .offset
            .checked_add(cs.size - 1)
            .ok_or(GcInfoError::BadDesc("call site past 4 GiB"))?;
        let mut keep = true;
        for r in &ranges {
            if r.1 > norm {
                if r.0 <= norm {
                    keep = false;
                }
                break;
            }
        }
        if keep {
            call_sites.push(norm);
        }
    }
    w1.var_unsigned(call_sites.len() as u64, NUM_SAFE_POINTS_ENCBASE);
    if !slim {
        w1.var_unsigned(ranges.len() as u64, NUM_INTERRUPTIBLE_RANGES_ENCBASE);
    }
    let bits_per_offset = ceil_log2(d.code_length as u64);
    for &cs in &call_sites {
        w1.write(cs as u64, bits_per_offset);
    }
    let mut last_stop = 0;
    for &(s, e) in &ranges {
        w1.var_unsigned((s - last_stop) as u64, INTERRUPTIBLE_RANGE_DELTA1_ENCBASE);
        w1.var_unsigned((e - s - 1) as u64, INTERRUPTIBLE_RANGE_DELTA2_ENCBASE);
        last_stop = e;
    }

    // ---- transitions: sort, drop past the end, drop redundant pairs ----
    for t in &d.transitions {
        let s = d
            .slots
            .get(t.slot)
            .ok_or(GcInfoError::BadDesc("transition names a missing slot"))?;
        if s.untracked {
            return Err(GcInfoError::BadDesc("transition on an untracked slot"));
        }
    }
    let mut trs: Vec<Tr> = d
        .transitions
        .iter()
        .map(|t: &Transition| Tr {
            offset: t.offset,
            slot: t.slot,
            live: t.live,
            deleted: false,
        })
        .collect();
    trs.sort_by_key(|t| (t.offset, t.slot));
    while trs.last().is_some_and(|t| t.offset >= d.code_length) {
        trs.pop();
    }
    {
        let mut out = Vec::with_capacity(trs.len());
        let mut i = 0;
        while i < trs.len() {
            if i + 1 < trs.len()
                && trs[i].offset == trs[i + 1].offset
                && trs[i].slot == trs[i + 1].slot
                && trs[i].live != trs[i + 1].live
            {
                i += 2;
                continue;
            }
            out.push(trs[i]);
            i += 1;
        }
        trs = out;
    }

    // ---- sort the slot table ----
    let mut slots: Vec<SlotDesc> = d
        .slots
        .iter()
        .map(|s| match s.location {
            SlotLocation::Register(r) => SlotDesc {
                reg: true,
                untracked: s.untracked,
                deleted: false,
                low: s.low_flags(),
                reg_num: r as u32,
                offset: 0,
                base: 0,
            },
            SlotLocation::Stack { offset, base } => SlotDesc {
                reg: false,
                untracked: s.untracked,
                deleted: false,
                low: s.low_flags(),
                reg_num: 0,
                offset,
                base: base.raw(),
            },
        })
        .collect();
    if slots.iter().any(|s| s.reg && s.untracked) {
        return Err(GcInfoError::BadDesc("untracked register slot"));
    }
    let mut order: Vec<usize> = (0..slots.len()).collect();
    let key = |s: &SlotDesc| {
        (
            -(s.sort_flags() ^ 4),
            if s.reg {
                s.reg_num as i64
            } else {
                s.offset as i64
            },
            s.base,
        )
    };
    order.sort_by_key(|&i| key(&slots[i]));
    for w in order.windows(2) {
        if key(&slots[w[0]]) == key(&slots[w[1]]) {
            return Err(GcInfoError::BadDesc("duplicate slot definitions"));
        }
    }
    let mut new_id = vec![0usize; slots.len()];
    for (n, &old) in order.iter().enumerate() {
        new_id[old] = n;
    }
    slots = order.iter().map(|&i| slots[i]).collect();
    for t in &mut trs {
        t.slot = new_id[t.slot];
    }
    let num_slots = slots.len();
    let words = num_slots.div_ceil(32);

    // ---- find which slots are really used ----
    let outgoing = d.outgoing_area_size;
    let always_scratch = |s: &SlotDesc| -> bool {
        if s.reg {
            const PRESERVED: u32 =
                (1 << 3) | (1 << 5) | (1 << 12) | (1 << 13) | (1 << 14) | (1 << 15);
            PRESERVED & (1 << s.reg_num) == 0
        } else {
            !s.untracked && s.base == 1 && (s.offset as u32) < outgoing
        }
    };
    let mut could_be_live = vec![0u32; words];
    let mut live = vec![0u32; words];
    let check = |live: &[u32], t: &Tr| -> Result<(), GcInfoError> {
        if bitset_get(live, t.slot) == t.live {
            Err(GcInfoError::BadDesc(
                "transition does not change the slot's state",
            ))
        } else {
            Ok(())
        }
    };
    if !call_sites.is_empty() {
        let mut ci = 0;
        let mut i = 0;
        while i < trs.len() {
            if trs[i].offset > call_sites[ci] {
                could_be_live
                    .iter_mut()
                    .zip(&live)
                    .for_each(|(c, l)| *c |= l);
                ci += 1;
                if ci == call_sites.len() {
                    break;
                }
            } else {
                if !always_scratch(&slots[trs[i].slot]) {
                    check(&live, &trs[i])?;
                    bitset_set(&mut live, trs[i].slot, trs[i].live);
                }
                i += 1;
            }
        }
        if ci < call_sites.len() {
            could_be_live
                .iter_mut()
                .zip(&live)
                .for_each(|(c, l)| *c |= l);
        }
    }
    if !ranges.is_empty() {
        live.iter_mut().for_each(|x| *x = 0);
        let mut ri = 0;
        let mut i = 0;
        while i < trs.len() {
            let mut j = i;
            while trs[j].offset <= ranges[ri].0 {
                check(&live, &trs[j])?;
                bitset_set(&mut live, trs[j].slot, trs[j].live);
                j += 1;
                if j == trs.len() {
                    break;
                }
            }
            could_be_live
                .iter_mut()
                .zip(&live)
                .for_each(|(c, l)| *c |= l);
            let stop = ranges[ri].1;
            i = j;
            while i < trs.len() && trs[i].offset < stop {
                check(&live, &trs[i])?;
                bitset_set(&mut live, trs[i].slot, trs[i].live);
                bitset_set(&mut could_be_live, trs[i].slot, true);
                i += 1;
            }
            if ri + 1 < ranges.len() {
                ri += 1;
            } else {
                break;
            }
        }
    }
    let mut num_used = 0;
    for (i, s) in slots.iter_mut().enumerate() {
        if !s.untracked && !bitset_get(&could_be_live, i) {
            s.deleted = true;
        } else {
            num_used += 1;
        }
    }
    if num_used < num_slots {
        trs.retain(|t| !slots[t.slot].deleted);
    }

    // ---- slot table ----
    let mut i = 0;
    let mut deleted = 0;
    while i < num_slots && slots[i].reg {
        deleted += slots[i].deleted as usize;
        i += 1;
    }
    let num_registers = i - deleted;
    while i < num_slots && !slots[i].untracked {
        deleted += slots[i].deleted as usize;
        i += 1;
    }
    let num_stack = i - (num_registers + deleted);
    let num_untracked = num_used - (num_registers + num_stack);
    if num_registers > 0 {
        w1.write(1, 1);
        w1.var_unsigned(num_registers as u64, NUM_REGISTERS_ENCBASE);
    } else {
        w1.write(0, 1);
    }
    if num_stack > 0 || num_untracked > 0 {
        w1.write(1, 1);
        w1.var_unsigned(num_stack as u64, NUM_STACK_SLOTS_ENCBASE);
        w1.var_unsigned(num_untracked as u64, NUM_UNTRACKED_SLOTS_ENCBASE);
    } else {
        w1.write(0, 1);
    }
    if num_used == 0 {
        return Ok(finish(w1, w2));
    }
    let live_slots: Vec<&SlotDesc> = slots.iter().filter(|s| !s.deleted).collect();
    // registers
    let mut k = 0;
    if num_registers > 0 {
        let mut cur = live_slots[k];
        k += 1;
        w1.var_unsigned(cur.reg_num as u64, REGISTER_ENCBASE);
        w1.write(cur.low as u64, 2);
        for _ in 1..num_registers {
            let last = cur;
            cur = live_slots[k];
            k += 1;
            if last.low != 0 {
                w1.var_unsigned(cur.reg_num as u64, REGISTER_ENCBASE);
                w1.write(cur.low as u64, 2);
            } else {
                if cur.low != 0 || cur.reg_num <= last.reg_num {
                    return Err(GcInfoError::BadDesc("register slot order"));
                }
                w1.var_unsigned(
                    (cur.reg_num - last.reg_num - 1) as u64,
                    REGISTER_DELTA_ENCBASE,
                );
            }
        }
    }
    for (count, untracked_group) in [(num_stack, false), (num_untracked, true)] {
        if count == 0 {
            continue;
        }
        let mut cur = live_slots[k];
        k += 1;
        debug_assert_eq!(cur.untracked, untracked_group);
        w1.write(cur.base as u64, 2);
        w1.var_signed((cur.offset >> 3) as i64, STACK_SLOT_ENCBASE);
        w1.write(cur.low as u64, 2);
        for _ in 1..count {
            let last = cur;
            cur = live_slots[k];
            k += 1;
            w1.write(cur.base as u64, 2);
            if last.low != 0 {
                w1.var_signed((cur.offset >> 3) as i64, STACK_SLOT_ENCBASE);
                w1.write(cur.low as u64, 2);
            } else {
                let delta = (cur.offset >> 3) - (last.offset >> 3);
                if cur.low != 0 || delta < 0 {
                    return Err(GcInfoError::BadDesc("stack slot order"));
                }
                w1.var_unsigned(delta as u64, STACK_SLOT_DELTA_ENCBASE);
            }
        }
    }

    let enc = Enc { slots: &slots };

    // ---- live state at call sites ----
    if !call_sites.is_empty() {
        // States at each call site, in call-site order.
        let mut states: Vec<Vec<u32>> = Vec::with_capacity(call_sites.len());
        live.iter_mut().for_each(|x| *x = 0);
        let mut ci = 0;
        let mut i = 0;
        while ci < call_sites.len() {
            while i < trs.len() && trs[i].offset <= call_sites[ci] {
                bitset_set(&mut live, trs[i].slot, trs[i].live);
                i += 1;
            }
            states.push(live.clone());
            ci += 1;
        }
        // Distinct states in first-seen order (insertion order of the hash map).
        let mut distinct: Vec<Vec<u32>> = Vec::new();
        for s in &states {
            if !distinct.contains(s) {
                distinct.push(s.clone());
            }
        }
        let emit_order: Vec<usize> = match &d.live_set_order {
            None => hash_table_order(&distinct),
            Some(hint) => {
                let mut order = Vec::new();
                for h in hint {
                    let mut v = vec![0u32; words];
                    for (bit, &b) in h.iter().enumerate() {
                        if b {
                            let idx = (0..num_slots)
                                .filter(|i| !slots[*i].deleted && !slots[*i].untracked)
                                .nth(bit)
                                .ok_or(GcInfoError::BadDesc("live set hint too long"))?;
                            bitset_set(&mut v, idx, true);
                        }
                    }
                    let pos = distinct
                        .iter()
                        .position(|x| *x == v)
                        .ok_or(GcInfoError::BadDesc("live set hint names an unknown set"))?;
                    order.push(pos);
                }
                if order.len() != distinct.len() {
                    return Err(GcInfoError::BadDesc("live set hint incomplete"));
                }
                order
            }
        };
        let mut largest = 0usize;
        let mut sizeof_sets = 0usize;
        for &k in &emit_order {
            largest = sizeof_sets;
            sizeof_sets += enc.sizeof_best(&distinct[k]);
        }
        let bits_per_pointer = if largest < 2 {
            1
        } else {
            ceil_log2(largest as u64 + 1)
        };
        let no_indirection = call_sites.len() * (num_registers + num_stack);
        let indirection = var_unsigned_size(bits_per_pointer as u64, POINTER_SIZE_ENCBASE)
            + call_sites.len() * bits_per_pointer as usize
            + 7
            + sizeof_sets;
        if indirection < no_indirection {
            w1.write(1, 1);
            w1.var_unsigned(bits_per_pointer as u64 - 1, POINTER_SIZE_ENCBASE);
            let mut offsets = vec![0usize; distinct.len()];
            for &k in &emit_order {
                offsets[k] = w2.bit_count();
                enc.write_var_vector(&mut w2, &distinct[k]);
            }
            for s in &states {
                let k = distinct.iter().position(|x| x == s).unwrap();
                w1.write(offsets[k] as u64, bits_per_pointer);
            }
        } else {
            w1.write(0, 1);
            for s in &states {
                enc.write_vector(&mut w1, s);
            }
        }
    }

    // ---- fully interruptible ranges: chunked transitions ----
    if !ranges.is_empty() {
        let total: u32 = ranges.iter().map(|r| r.1 - r.0).sum();
        live.iter_mut().for_each(|x| *x = 0);
        let mut prev_range_state = vec![0u32; words];
        let mut cum = 0u32;
        let mut ri = 0;
        let mut i = 0;
        let mut end = trs.len();
        while i < trs.len() {
            let mut first_after = i;
            while trs[first_after].offset <= ranges[ri].0 {
                bitset_set(&mut live, trs[first_after].slot, trs[first_after].live);
                first_after += 1;
                if first_after == trs.len() {
                    break;
                }
            }
            let mut first_preserved = first_after;
            for s in 0..num_slots {
                let l = bitset_get(&live, s);
                if l != bitset_get(&prev_range_state, s) {
                    if first_preserved == i {
                        return Err(GcInfoError::BadDesc(
                            "internal: no room for range-start transitions",
                        ));
                    }
                    first_preserved -= 1;
                    trs[first_preserved] = Tr {
                        offset: cum,
                        slot: s,
                        live: l,
                        deleted: false,
                    };
                }
            }
            for t in &mut trs[i..first_preserved] {
                t.deleted = true;
            }
            let stop = ranges[ri].1;
            i = first_after;
            while i < trs.len() && trs[i].offset < stop {
                trs[i].offset = trs[i].offset - ranges[ri].0 + cum;
                bitset_set(&mut live, trs[i].slot, trs[i].live);
                i += 1;
            }
            if ri + 1 < ranges.len() {
                cum += ranges[ri].1 - ranges[ri].0;
                ri += 1;
                prev_range_state.clone_from(&live);
            } else {
                end = i;
                break;
            }
        }
        trs.truncate(end);
        trs.retain(|t| !t.deleted);

        let num_chunks = total.div_ceil(NUM_NORM_CODE_OFFSETS_PER_CHUNK) as usize;
        // Sparse: a huge interruptible range with few transitions must not allocate per chunk.
        let mut chunk_ptrs: std::collections::BTreeMap<usize, usize> =
            std::collections::BTreeMap::new();
        live.iter_mut().for_each(|x| *x = 0);
        could_be_live.iter_mut().for_each(|x| *x = 0);
        let mut i = 0;
        while i < trs.len() {
            let chunk = (trs[i].offset / NUM_NORM_CODE_OFFSETS_PER_CHUNK) as usize;
            if chunk >= num_chunks {
                return Err(GcInfoError::BadDesc(
                    "transition past the interruptible code",
                ));
            }
            let start = i;
            while i < trs.len()
                && (trs[i].offset / NUM_NORM_CODE_OFFSETS_PER_CHUNK) as usize == chunk
            {
                bitset_set(&mut live, trs[i].slot, trs[i].live);
                bitset_set(&mut could_be_live, trs[i].slot, true);
                i += 1;
            }
            trs[start..i].sort_by_key(|t| (t.slot, t.offset));
            chunk_ptrs.insert(chunk, w2.bit_count() + 1);
            enc.write_var_vector(&mut w2, &could_be_live);
            let set_bits: Vec<usize> = (0..num_slots)
                .filter(|s| bitset_get(&could_be_live, *s))
                .collect();
            for &s in &set_bits {
                w2.write(bitset_get(&live, s) as u64, 1);
            }
            let base = chunk as u32 * NUM_NORM_CODE_OFFSETS_PER_CHUNK;
            let mut p = start;
            for &s in &set_bits {
                while p < i && trs[p].slot == s {
                    let delta = trs[p].offset - base;
                    if delta != 0 {
                        w2.write(1, 1);
                        w2.write(delta as u64, NUM_NORM_CODE_OFFSETS_PER_CHUNK_LOG2);
                    }
                    p += 1;
                }
                w2.write(0, 1);
            }
            could_be_live.clone_from(&live);
        }
        let largest = chunk_ptrs.values().next_back().copied().unwrap_or(0);
        let bits = ceil_log2(largest as u64 + 1);
        w1.var_unsigned(bits as u64, POINTER_SIZE_ENCBASE);
        if bits > 0 {
            for c in 0..num_chunks {
                w1.write(chunk_ptrs.get(&c).copied().unwrap_or(0) as u64, bits);
            }
        }
    }
    Ok(finish(w1, w2))
}

fn finish(w1: BitWriter, w2: BitWriter) -> Vec<u8> {
    let mut out = w1.into_bytes();
    out.extend_from_slice(&w2.into_bytes());
    out
}
