//! The GcInfo v2 decoder: reads every field of a blob into
//! [`DecodedGcInfo`], including the encoding choices (indirection, set
//! order, chunk layout), and converts it back to a [`GcInfoDesc`].
//!
//! Specification: `src/coreclr/vm/gcinfodecoder.cpp` (.NET 8) and the
//! encoder it mirrors; constants in `src/coreclr/inc/gcinfotypes.h`.

use crate::bits::BitReader;
use crate::encoder::*;
use crate::{
    CallSite, GcInfoDesc, GcInfoError, GcSlotSet, GenericsContext, GsCookie, ReturnKind, Slot,
    SlotLocation, StackBase, Transition,
};

/// How the live sets at safepoints were stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LiveSetEncoding {
    /// One bit vector per safepoint in the main stream.
    Direct,
    /// Shared sets in the second stream, referenced by bit offsets.
    Indirect {
        /// Bits per pointer.
        bits_per_pointer: u32,
        /// Distinct sets in stored order (bit offset, set).
        sets: Vec<(usize, Vec<bool>)>,
    },
}

/// One encoded chunk of fully interruptible liveness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkInfo {
    /// Chunk index (64 interruptible offsets each).
    pub index: u32,
    /// Slots (tracked indices) mentioned in this chunk.
    pub mask: Vec<usize>,
    /// Their state at the end of the chunk.
    pub final_state: Vec<bool>,
    /// Per mask slot, the chunk-relative offsets of its transitions.
    pub transitions: Vec<Vec<u32>>,
}

/// Everything a GcInfo v2 blob says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodedGcInfo {
    /// Slim header.
    pub slim: bool,
    /// Varargs.
    pub is_vararg: bool,
    /// GS cookie.
    pub gs_cookie: Option<GsCookie>,
    /// PSPSym slot.
    pub psp_sym: Option<i32>,
    /// Generics context.
    pub generics_context: Option<GenericsContext>,
    /// Prolog size recorded with a generics context (no GS cookie).
    pub prolog_size: Option<u32>,
    /// Stack base register.
    pub stack_base_register: Option<u8>,
    /// WantsReportOnlyLeaf.
    pub wants_report_only_leaf: bool,
    /// EnC preserved area.
    pub enc_preserved_area: Option<u32>,
    /// Reverse P/Invoke frame slot.
    pub reverse_pinvoke_frame: Option<i32>,
    /// Return kind.
    pub return_kind: ReturnKind,
    /// Code length.
    pub code_length: u32,
    /// Outgoing area size (fat header).
    pub outgoing_area_size: u32,
    /// Safepoint offsets as stored (v2: return address − 1).
    pub safepoints: Vec<u32>,
    /// Interruptible ranges `[start, end)`.
    pub ranges: Vec<(u32, u32)>,
    /// Slot table: registers, tracked stack slots, untracked slots.
    pub slots: Vec<Slot>,
    /// Number of tracked slots (registers + tracked stack slots).
    pub num_tracked: usize,
    /// Live tracked slots at each safepoint.
    pub safepoint_live: Vec<Vec<bool>>,
    /// How they were stored.
    pub live_set_encoding: LiveSetEncoding,
    /// Encoded chunks (fully interruptible code).
    pub chunks: Vec<ChunkInfo>,
    /// Blob length in bytes.
    pub size: usize,
}

fn read_vector(r: &mut BitReader<'_>, n: usize) -> Result<Vec<bool>, GcInfoError> {
    (0..n).map(|_| r.bit()).collect()
}

fn read_var_vector(r: &mut BitReader<'_>, n: usize) -> Result<Vec<bool>, GcInfoError> {
    if !r.bit()? {
        return read_vector(r, n);
    }
    let (mut skip, mut run) = (LIVESTATE_RLE_SKIP_ENCBASE, LIVESTATE_RLE_RUN_ENCBASE);
    if r.bit()? {
        std::mem::swap(&mut skip, &mut run);
    }
    let mut v = vec![false; n];
    let mut pos = 0usize;
    let mut in_run = false;
    loop {
        let at = r.pos();
        let x = r.var_unsigned(if in_run { run } else { skip })? as usize;
        let end = pos.checked_add(x).ok_or(GcInfoError::Invalid {
            bit: at,
            what: "RLE overflow",
        })?;
        if in_run {
            for b in v.iter_mut().take(end.min(n)).skip(pos) {
                *b = true;
            }
        }
        if end >= n {
            if end > n {
                return Err(GcInfoError::Invalid {
                    bit: at,
                    what: "RLE runs past the slot count",
                });
            }
            return Ok(v);
        }
        if !in_run {
            v[end] = true;
        }
        pos = end + 1;
        in_run = !in_run;
    }
}

/// Decodes a GcInfo v2 blob.
///
/// # Errors
/// [`GcInfoError::Truncated`] / [`GcInfoError::Invalid`] with the bit offset.
pub fn decode(buf: &[u8]) -> Result<DecodedGcInfo, GcInfoError> {
    let mut r = BitReader::new(buf, 0);
    let slim = !r.bit()?;
    let mut d = DecodedGcInfo {
        slim,
        is_vararg: false,
        gs_cookie: None,
        psp_sym: None,
        generics_context: None,
        prolog_size: None,
        stack_base_register: None,
        wants_report_only_leaf: false,
        enc_preserved_area: None,
        reverse_pinvoke_frame: None,
        return_kind: ReturnKind::Scalar,
        code_length: 0,
        outgoing_area_size: 0,
        safepoints: Vec::new(),
        ranges: Vec::new(),
        slots: Vec::new(),
        num_tracked: 0,
        safepoint_live: Vec::new(),
        live_set_encoding: LiveSetEncoding::Direct,
        chunks: Vec::new(),
        size: 0,
    };
    let (mut has_gs, mut has_psp, mut ctx_kind, has_sbr, mut has_enc, mut has_rpi);
    if slim {
        has_sbr = r.bit()?;
        d.return_kind = ReturnKind::from_raw(r.read(SIZE_OF_RETURN_KIND_SLIM)? as u8);
        has_gs = false;
        has_psp = false;
        ctx_kind = 0;
        has_enc = false;
        has_rpi = false;
    } else {
        d.is_vararg = r.bit()?;
        let at = r.pos();
        if r.bit()? {
            return Err(GcInfoError::Invalid {
                bit: at,
                what: "security object flag set",
            });
        }
        has_gs = r.bit()?;
        has_psp = r.bit()?;
        ctx_kind = r.read(2)? as u8;
        has_sbr = r.bit()?;
        d.wants_report_only_leaf = r.bit()?;
        has_enc = r.bit()?;
        has_rpi = r.bit()?;
        d.return_kind = ReturnKind::from_raw(r.read(SIZE_OF_RETURN_KIND_FAT)? as u8);
    }
    let at = r.pos();
    d.code_length =
        u32::try_from(r.var_unsigned(CODE_LENGTH_ENCBASE)?).map_err(|_| GcInfoError::Invalid {
            bit: at,
            what: "code length",
        })?;
    if d.code_length == 0 {
        return Err(GcInfoError::Invalid {
            bit: at,
            what: "zero code length",
        });
    }
    let (mut prolog, mut epilog) = (0u64, 0u64);
    if has_gs {
        prolog = r.var_unsigned(NORM_PROLOG_SIZE_ENCBASE)? + 1;
        epilog = r.var_unsigned(NORM_EPILOG_SIZE_ENCBASE)?;
    } else if ctx_kind != 0 {
        prolog = r.var_unsigned(NORM_PROLOG_SIZE_ENCBASE)? + 1;
    }
    let slot = |r: &mut BitReader<'_>, base| -> Result<i32, GcInfoError> {
        Ok((r.var_signed(base)? as i32).wrapping_shl(3))
    };
    if has_gs {
        let s = slot(&mut r, GS_COOKIE_STACK_SLOT_ENCBASE)?;
        if epilog > d.code_length as u64 || prolog > d.code_length as u64 {
            return Err(GcInfoError::Invalid {
                bit: r.pos(),
                what: "GS cookie range",
            });
        }
        d.gs_cookie = Some(GsCookie {
            stack_slot: s,
            valid_start: prolog as u32,
            valid_end: d.code_length - epilog as u32,
        });
    }
    if has_psp {
        d.psp_sym = Some(slot(&mut r, PSP_SYM_STACK_SLOT_ENCBASE)?);
    }
    if ctx_kind != 0 {
        d.generics_context = Some(GenericsContext {
            stack_slot: slot(&mut r, GENERICS_INST_CONTEXT_STACK_SLOT_ENCBASE)?,
            kind: ctx_kind,
        });
        if !has_gs {
            d.prolog_size = Some(prolog as u32);
        }
    }
    if has_sbr {
        d.stack_base_register = Some(if slim {
            5
        } else {
            (r.var_unsigned(STACK_BASE_REGISTER_ENCBASE)? as u8) ^ 5
        });
    }
    if has_enc {
        d.enc_preserved_area =
            Some(r.var_unsigned(SIZE_OF_EDIT_AND_CONTINUE_PRESERVED_AREA_ENCBASE)? as u32);
    }
    if has_rpi {
        d.reverse_pinvoke_frame = Some(slot(&mut r, REVERSE_PINVOKE_FRAME_ENCBASE)?);
    }
    if !slim {
        d.outgoing_area_size = (r.var_unsigned(SIZE_OF_STACK_AREA_ENCBASE)? as u32).wrapping_shl(3);
    }
    has_gs = false;
    has_psp = false;
    ctx_kind = 0;
    has_enc = false;
    has_rpi = false;
    let _ = (has_gs, has_psp, ctx_kind, has_enc, has_rpi);
    let at = r.pos();
    let n_sp = r.var_unsigned(NUM_SAFE_POINTS_ENCBASE)? as usize;
    let n_ranges = if slim {
        0
    } else {
        r.var_unsigned(NUM_INTERRUPTIBLE_RANGES_ENCBASE)? as usize
    };
    if n_sp > buf.len() * 8 || n_ranges > buf.len() * 8 {
        return Err(GcInfoError::Invalid {
            bit: at,
            what: "too many safepoints or ranges",
        });
    }
    let bits = ceil_log2(d.code_length as u64);
    for _ in 0..n_sp {
        d.safepoints.push(r.read(bits)? as u32);
    }
    let mut last = 0u64;
    for _ in 0..n_ranges {
        let at = r.pos();
        let s = last + r.var_unsigned(INTERRUPTIBLE_RANGE_DELTA1_ENCBASE)?;
        let e = s + r.var_unsigned(INTERRUPTIBLE_RANGE_DELTA2_ENCBASE)? + 1;
        if e > d.code_length as u64 {
            return Err(GcInfoError::Invalid {
                bit: at,
                what: "interruptible range past the code",
            });
        }
        d.ranges.push((s as u32, e as u32));
        last = e;
    }

    // slot table
    let n_regs = if r.bit()? {
        r.var_unsigned(NUM_REGISTERS_ENCBASE)? as usize
    } else {
        0
    };
    let (n_stack, n_untracked) = if r.bit()? {
        (
            r.var_unsigned(NUM_STACK_SLOTS_ENCBASE)? as usize,
            r.var_unsigned(NUM_UNTRACKED_SLOTS_ENCBASE)? as usize,
        )
    } else {
        (0, 0)
    };
    if n_regs + n_stack + n_untracked > buf.len() * 8 {
        return Err(GcInfoError::Invalid {
            bit: r.pos(),
            what: "slot counts exceed the blob",
        });
    }
    let flags = |f: u64, untracked| (f & 1 != 0, f & 2 != 0, untracked);
    let mut last_reg = 0u32;
    let mut last_low = 0u64;
    for i in 0..n_regs {
        let reg = if i == 0 || last_low != 0 {
            let reg = r.var_unsigned(REGISTER_ENCBASE)?;
            last_low = r.read(2)?;
            reg
        } else {
            last_low = 0;
            last_reg as u64 + r.var_unsigned(REGISTER_DELTA_ENCBASE)? + 1
        };
        if reg > 16 {
            return Err(GcInfoError::Invalid {
                bit: r.pos(),
                what: "register number",
            });
        }
        let reg = reg as u32;
        last_reg = reg;
        let (interior, pinned, untracked) = flags(last_low, false);
        d.slots.push(Slot {
            location: SlotLocation::Register(reg as u8),
            interior,
            pinned,
            untracked,
        });
    }
    for (count, untracked) in [(n_stack, false), (n_untracked, true)] {
        let mut last_off = 0i64;
        let mut low = 0u64;
        for i in 0..count {
            let at = r.pos();
            let base = StackBase::from_raw(r.read(2)? as u32).ok_or(GcInfoError::Invalid {
                bit: at,
                what: "stack slot base 3",
            })?;
            let off = if i == 0 || low != 0 {
                let o = r.var_signed(STACK_SLOT_ENCBASE)?;
                low = r.read(2)?;
                o
            } else {
                last_off + r.var_unsigned(STACK_SLOT_DELTA_ENCBASE)? as i64
            };
            last_off = off;
            let (interior, pinned, _) = flags(low, untracked);
            d.slots.push(Slot {
                location: SlotLocation::Stack {
                    offset: (off as i32).wrapping_shl(3),
                    base,
                },
                interior,
                pinned,
                untracked,
            });
        }
    }
    d.num_tracked = n_regs + n_stack;
    let n_used = d.slots.len();
    let mut info1_end = r.pos();
    let mut info2_end_bits = 0usize;
    let mut indirect_ptrs: Option<(u32, Vec<usize>)> = None;
    if n_used > 0 {
        if n_sp > 0 {
            if r.bit()? {
                let bpp = r.var_unsigned(POINTER_SIZE_ENCBASE)?.min(64) as u32 + 1;
                if bpp > 32 {
                    return Err(GcInfoError::Invalid {
                        bit: r.pos(),
                        what: "pointer size",
                    });
                }
                let ptrs = (0..n_sp)
                    .map(|_| r.read(bpp).map(|x| x as usize))
                    .collect::<Result<Vec<_>, _>>()?;
                indirect_ptrs = Some((bpp, ptrs));
            } else {
                for _ in 0..n_sp {
                    d.safepoint_live.push(read_vector(&mut r, d.num_tracked)?);
                }
            }
        }
        let mut chunk_ptrs = Vec::new();
        if n_ranges > 0 {
            let at = r.pos();
            let bpp = r.var_unsigned(POINTER_SIZE_ENCBASE)?.min(64) as u32;
            if bpp > 32 {
                return Err(GcInfoError::Invalid {
                    bit: at,
                    what: "chunk pointer size",
                });
            }
            let total: u32 = d.ranges.iter().map(|(s, e)| e - s).sum();
            let n_chunks = total.div_ceil(NUM_NORM_CODE_OFFSETS_PER_CHUNK) as usize;
            if bpp > 0 {
                for _ in 0..n_chunks {
                    chunk_ptrs.push(r.read(bpp)? as usize);
                }
            }
        }
        info1_end = r.pos();
        let info2 = info1_end.div_ceil(8) * 8;
        if let Some((bpp, ptrs)) = indirect_ptrs {
            let mut offs: Vec<usize> = ptrs.clone();
            offs.sort_unstable();
            offs.dedup();
            let mut sets = Vec::new();
            for &o in &offs {
                r.seek(info2 + o);
                let v = read_var_vector(&mut r, d.num_tracked)?;
                info2_end_bits = info2_end_bits.max(r.pos() - info2);
                sets.push((o, v));
            }
            for p in &ptrs {
                let k = offs.binary_search(p).unwrap();
                d.safepoint_live.push(sets[k].1.clone());
            }
            d.live_set_encoding = LiveSetEncoding::Indirect {
                bits_per_pointer: bpp,
                sets,
            };
        }
        for (index, &p) in chunk_ptrs.iter().enumerate() {
            if p == 0 {
                continue;
            }
            r.seek(info2 + p - 1);
            let maskv = read_var_vector(&mut r, d.num_tracked)?;
            let mask: Vec<usize> = (0..d.num_tracked).filter(|i| maskv[*i]).collect();
            let final_state = read_vector(&mut r, mask.len())?;
            let mut transitions = Vec::new();
            for _ in &mask {
                let mut t = Vec::new();
                while r.bit()? {
                    t.push(r.read(NUM_NORM_CODE_OFFSETS_PER_CHUNK_LOG2)? as u32);
                    if t.len() > 64 {
                        return Err(GcInfoError::Invalid {
                            bit: r.pos(),
                            what: "too many transitions in a chunk",
                        });
                    }
                }
                transitions.push(t);
            }
            info2_end_bits = info2_end_bits.max(r.pos() - info2);
            d.chunks.push(ChunkInfo {
                index: index as u32,
                mask,
                final_state,
                transitions,
            });
        }
    }
    d.size = info1_end.div_ceil(8) + info2_end_bits.div_ceil(8);
    if d.size > buf.len() {
        return Err(GcInfoError::Truncated { bit: buf.len() * 8 });
    }
    Ok(d)
}

impl DecodedGcInfo {
    /// Indices (into [`Self::slots`]) of the tracked slots live at safepoint `i`.
    pub fn live_at_safepoint(&self, i: usize) -> GcSlotSet {
        self.safepoint_live
            .get(i)
            .map(|v| {
                v.iter()
                    .enumerate()
                    .filter(|(_, b)| **b)
                    .map(|(i, _)| i)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Fully interruptible liveness as `(code offset, slot, live)`
    /// transitions (offsets in cumulative interruptible code, i.e. relative
    /// to the concatenated ranges), including chunk-start states.
    pub fn range_transitions(&self) -> Vec<(u32, usize, bool)> {
        let mut v = self.chunk_transitions();
        v.sort_by_key(|t| (t.0, t.1));
        v
    }

    /// Fully interruptible liveness as `(code offset, slot, live)` with
    /// method-relative code offsets (cumulative offsets mapped back into
    /// their interruptible range).
    pub fn absolute_range_transitions(&self) -> Vec<(u32, usize, bool)> {
        let mut starts = Vec::new();
        let mut c = 0u32;
        for (s, e) in &self.ranges {
            starts.push((c, *s));
            c = c.saturating_add(e - s);
        }
        self.range_transitions()
            .into_iter()
            .map(|(o, slot, live)| {
                let k = starts.iter().rposition(|(c, _)| *c <= o).unwrap_or(0);
                let abs = starts.get(k).map_or(o, |(c, s)| s.saturating_add(o - c));
                (abs, slot, live)
            })
            .collect()
    }

    /// The stored order of the shared safepoint live sets, usable as
    /// [`GcInfoDesc::live_set_order`] (only for indirect encodings).
    pub fn live_set_order_hint(&self) -> Option<Vec<Vec<bool>>> {
        match &self.live_set_encoding {
            LiveSetEncoding::Indirect { sets, .. } => {
                Some(sets.iter().map(|s| s.1.clone()).collect())
            }
            LiveSetEncoding::Direct => None,
        }
    }

    /// Converts back to a format-neutral description whose encoding, for
    /// crossgen2 output, reproduces the blob.
    pub fn to_desc(&self) -> GcInfoDesc {
        // Absolute transitions of the interruptible ranges, split into
        // range-start states and in-range transitions.
        let mut starts: Vec<Vec<bool>> = Vec::new();
        let mut inner: Vec<(u32, usize, bool)> = Vec::new();
        {
            let mut state = vec![false; self.num_tracked];
            let mut cum = Vec::new();
            let mut c = 0;
            for (s, e) in &self.ranges {
                cum.push(c);
                c += e - s;
            }
            let mut rel = self.chunk_transitions();
            rel.sort_by_key(|t| (t.0, t.1));
            let mut it = rel.into_iter().peekable();
            for (k, &(s, _e)) in self.ranges.iter().enumerate() {
                let lo = cum[k];
                let hi = if k + 1 < cum.len() {
                    cum[k + 1]
                } else {
                    u32::MAX
                };
                while let Some(&(o, slot, live)) = it.peek() {
                    if o > lo {
                        break;
                    }
                    state[slot] = live;
                    it.next();
                }
                starts.push(state.clone());
                while let Some(&(o, slot, live)) = it.peek() {
                    if o >= hi {
                        break;
                    }
                    state[slot] = live;
                    inner.push((s.saturating_add(o - lo), slot, live));
                    it.next();
                }
            }
        }
        // Checkpoints: full target states at safepoints and range starts.
        let mut checkpoints: Vec<(u32, Vec<bool>)> = Vec::new();
        for (i, &sp) in self.safepoints.iter().enumerate() {
            if let Some(v) = self.safepoint_live.get(i) {
                checkpoints.push((sp, v.clone()));
            }
        }
        for (k, &(s, _)) in self.ranges.iter().enumerate() {
            checkpoints.push((s, starts[k].clone()));
        }
        checkpoints.sort_by_key(|c| c.0);
        let mut transitions = Vec::new();
        let mut state = vec![false; self.num_tracked];
        let mut ii = 0;
        let mut ci = 0;
        loop {
            let next_c = checkpoints.get(ci).map(|c| c.0);
            let next_i = inner.get(ii).map(|t| t.0);
            match (next_c, next_i) {
                (None, None) => break,
                (Some(c), i) if i.is_none_or(|i| c <= i) => {
                    for (s, &want) in checkpoints[ci].1.iter().enumerate() {
                        if state[s] != want {
                            transitions.push(Transition {
                                offset: c,
                                slot: s,
                                live: want,
                            });
                            state[s] = want;
                        }
                    }
                    ci += 1;
                }
                _ => {
                    let (o, s, l) = inner[ii];
                    if state[s] != l {
                        transitions.push(Transition {
                            offset: o,
                            slot: s,
                            live: l,
                        });
                        state[s] = l;
                    }
                    ii += 1;
                }
            }
        }
        GcInfoDesc {
            code_length: self.code_length,
            return_kind: self.return_kind,
            stack_base_register: self.stack_base_register,
            is_vararg: self.is_vararg,
            wants_report_only_leaf: self.wants_report_only_leaf,
            gs_cookie: self.gs_cookie,
            psp_sym: self.psp_sym,
            generics_context: self.generics_context,
            prolog_size: self.prolog_size,
            enc_preserved_area: self.enc_preserved_area,
            reverse_pinvoke_frame: self.reverse_pinvoke_frame,
            outgoing_area_size: self.outgoing_area_size,
            call_sites: self
                .safepoints
                .iter()
                .map(|&o| CallSite { offset: o, size: 1 })
                .collect(),
            interruptible_ranges: self.ranges.clone(),
            slots: self.slots.clone(),
            transitions,
            live_set_order: None,
        }
    }

    /// Chunk transitions in cumulative interruptible offsets, with the
    /// chunk-start (offset-0) transitions reconstructed.
    fn chunk_transitions(&self) -> Vec<(u32, usize, bool)> {
        let mut out = Vec::new();
        let mut state = vec![false; self.num_tracked];
        for ch in &self.chunks {
            let base = ch.index * NUM_NORM_CODE_OFFSETS_PER_CHUNK;
            let mut next = state.clone();
            for (k, &slot) in ch.mask.iter().enumerate() {
                let n = ch.transitions[k].len();
                let initial = ch.final_state[k] ^ (n % 2 == 1);
                if initial != state[slot] {
                    out.push((base, slot, initial));
                }
                let mut cur = initial;
                for &t in &ch.transitions[k] {
                    cur = !cur;
                    out.push((base + t, slot, cur));
                }
                next[slot] = cur;
            }
            state = next;
        }
        out
    }
}
