//! Small encoders the writer needs for ReadyToRun tables: ECMA compressed
//! integers, Native Format varints and NativeArray, nibble fixup lists,
//! GCRefMap tables and x64 UNWIND_INFO.
//!
//! These are written against the runtime's readers: `NativeArray::TryGetAt`
//! and `NativeReader::DecodeUnsigned` (src/coreclr/vm/nativeformatreader.h),
//! `NibbleReader` (src/coreclr/inc/nibblestream.h) as consumed by
//! `Module::FixupDelayListAux` (ceeload.cpp), `GCRefMapDecoder` and
//! `FindGCRefMap` (src/coreclr/inc/gcrefmap.h, frames.cpp), and
//! `ReadyToRunJitManager::GetUnwindDataBlob` (codeman.cpp).
//!
//! The shared encoders in `kiln-runtime-abi` (written in parallel) are meant
//! to replace these; until they land this module keeps the writer working.

use std::collections::BTreeMap;

use kiln_runtime_abi::stencil::{GcRefKind, GcRefMap, UnwindInfo, UnwindOp};

use crate::error::WriteError;

/// Appends `v` as an ECMA-335 compressed unsigned integer (§II.23.2).
pub(crate) fn ecma_compressed(v: u32, out: &mut Vec<u8>) {
    if v < 0x80 {
        out.push(v as u8);
    } else if v < 0x4000 {
        out.extend_from_slice(&((v as u16) | 0x8000).to_be_bytes());
    } else {
        out.extend_from_slice(&(v | 0xC000_0000).to_be_bytes());
    }
}

/// Appends `v` as a Native Format unsigned varint (NativeFormatWriter.cs).
pub(crate) fn native_unsigned(v: u32, out: &mut Vec<u8>) {
    if v < 1 << 7 {
        out.push((v << 1) as u8);
    } else if v < 1 << 14 {
        out.extend_from_slice(&(((v << 2) | 1) as u16).to_le_bytes());
    } else if v < 1 << 21 {
        out.extend_from_slice(&((v << 3) | 3).to_le_bytes()[..3]);
    } else if v < 1 << 28 {
        out.extend_from_slice(&((v << 4) | 7).to_le_bytes());
    } else {
        out.push(0x0F);
        out.extend_from_slice(&v.to_le_bytes());
    }
}

fn native_unsigned_len(v: u32) -> usize {
    let mut b = Vec::new();
    native_unsigned(v, &mut b);
    b.len()
}

const BLOCK: u32 = 16;

/// Encodes a NativeArray: `entries` maps an index to its element bytes.
/// Indices without an entry read as absent.
pub(crate) fn native_array(entries: &BTreeMap<u32, Vec<u8>>) -> Vec<u8> {
    let count = entries.keys().next_back().map_or(0, |&k| k + 1);
    let blocks = count.div_ceil(BLOCK);
    // Each block's tree, encoded independently (offsets inside are relative).
    let mut trees: Vec<Vec<u8>> = Vec::with_capacity(blocks as usize);
    for b in 0..blocks {
        let items: Vec<(u32, &[u8])> = entries
            .range(b * BLOCK..(b + 1) * BLOCK)
            .map(|(&k, v)| (k - b * BLOCK, v.as_slice()))
            .collect();
        trees.push(if items.is_empty() {
            // A "special leaf" whose index matches nothing: lookups fail.
            let mut t = Vec::new();
            native_unsigned(BLOCK << 2, &mut t);
            t
        } else {
            encode_subtree(&items, 0, BLOCK)
        });
    }
    for entry_size in 0..3u32 {
        let width = 1usize << entry_size;
        let table_len = width * blocks as usize;
        let mut offsets = Vec::with_capacity(blocks as usize);
        let mut at = table_len;
        for t in &trees {
            offsets.push(at);
            at += t.len();
        }
        let limit = match entry_size {
            0 => 0xFF,
            1 => 0xFFFF,
            _ => usize::MAX,
        };
        if offsets.iter().any(|&o| o > limit) {
            continue;
        }
        let mut out = Vec::new();
        native_unsigned((count << 2) | entry_size, &mut out);
        for o in offsets {
            out.extend_from_slice(&(o as u32).to_le_bytes()[..width]);
        }
        for t in &trees {
            out.extend_from_slice(t);
        }
        return out;
    }
    unreachable!("u32 block offsets always fit")
}

/// Encodes the subtree covering block-relative indices `[lo, lo + size)`.
/// `items` are sorted and all inside the range (at least one).
fn encode_subtree(items: &[(u32, &[u8])], lo: u32, size: u32) -> Vec<u8> {
    if size == 1 {
        return items[0].1.to_vec();
    }
    if items.len() == 1 {
        // Special leaf: `index << 2`, the element follows.
        let mut out = Vec::new();
        native_unsigned(items[0].0 << 2, &mut out);
        out.extend_from_slice(items[0].1);
        return out;
    }
    let half = size / 2;
    let split = items.partition_point(|(i, _)| *i < lo + half);
    let (low, high) = items.split_at(split);
    let low_bytes = (!low.is_empty()).then(|| encode_subtree(low, lo, half));
    let high_bytes = (!high.is_empty()).then(|| encode_subtree(high, lo + half, half));
    let low_len = low_bytes.as_ref().map_or(0, Vec::len);
    let flags = u32::from(low_bytes.is_some()) | (u32::from(high_bytes.is_some()) << 1);
    // The higher child sits at node + (value >> 2): after the node itself and
    // the lower subtree. The node's own length depends on that distance.
    let mut node_len = 1;
    loop {
        let distance = if high_bytes.is_some() {
            (node_len + low_len) as u32
        } else {
            0
        };
        let value = (distance << 2) | flags;
        if native_unsigned_len(value) == node_len {
            let mut out = Vec::new();
            native_unsigned(value, &mut out);
            out.extend(low_bytes.unwrap_or_default());
            out.extend(high_bytes.unwrap_or_default());
            return out;
        }
        node_len += 1;
    }
}

/// Appends `v` to a nibble stream: big-endian groups of 3 bits, bit 3 set on
/// every nibble but the last.
fn nibble_u32(v: u32, nibbles: &mut Vec<u8>) {
    let mut groups = vec![(v & 7) as u8];
    let mut rest = v >> 3;
    while rest != 0 {
        groups.push((rest & 7) as u8 | 8);
        rest >>= 3;
    }
    nibbles.extend(groups.into_iter().rev());
}

/// Encodes a per-method fixup list: `(import section index, cell index)`
/// pairs, sorted and unique: `sec, cell, Δcell…, 0, Δsec, cell, Δcell…, 0, 0`.
pub(crate) fn fixup_list(cells: &[(u32, u32)]) -> Vec<u8> {
    let mut nibbles = Vec::new();
    let mut i = 0;
    let mut prev_section = None;
    while i < cells.len() {
        let section = cells[i].0;
        match prev_section {
            None => nibble_u32(section, &mut nibbles),
            Some(p) => nibble_u32(section - p, &mut nibbles),
        }
        prev_section = Some(section);
        let mut prev_cell = cells[i].1;
        nibble_u32(prev_cell, &mut nibbles);
        i += 1;
        while i < cells.len() && cells[i].0 == section {
            nibble_u32(cells[i].1 - prev_cell, &mut nibbles);
            prev_cell = cells[i].1;
            i += 1;
        }
        nibble_u32(0, &mut nibbles);
    }
    nibble_u32(0, &mut nibbles);
    nibbles
        .chunks(2)
        .map(|c| c[0] | (c.get(1).copied().unwrap_or(0) << 4))
        .collect()
}

/// One GCRefMap record (GCRefMapBuilder in gcrefmap.h).
fn gc_ref_map_record(map: &GcRefMap) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        pending: u8,
        bits: u32,
    }
    impl Bits {
        fn bit(&mut self, b: bool) {
            if b {
                while self.bits >= 7 {
                    self.out.push(self.pending | 0x80);
                    self.pending = 0;
                    self.bits -= 7;
                }
                self.pending |= 1 << self.bits;
            }
            self.bits += 1;
        }
        fn two(&mut self, v: u32) {
            self.bit(v & 1 != 0);
            self.bit(v & 2 != 0);
        }
        fn int(&mut self, mut v: u32) {
            loop {
                self.bit(v & 1 != 0);
                self.bit(v & 2 != 0);
                self.bit(v & 4 != 0);
                v >>= 3;
                self.bit(v != 0);
                if v == 0 {
                    break;
                }
            }
        }
    }
    let mut w = Bits {
        out: Vec::new(),
        pending: 0,
        bits: 0,
    };
    let mut pos = 0u32;
    let mut wrote = false;
    for (p, kind) in map.positions.iter().enumerate() {
        let token = match kind {
            GcRefKind::Skip => continue,
            GcRefKind::Ref => 1,
            GcRefKind::Interior => 2,
            GcRefKind::Extended(t) => *t,
        };
        let p = p as u32;
        let delta = p - pos;
        pos = p + 1;
        wrote = true;
        if delta != 0 {
            if delta < 4 {
                for _ in 0..delta {
                    w.two(0);
                }
            } else {
                w.two(3);
                w.int((delta - 4) << 1);
            }
        }
        if token < 3 {
            w.two(token);
        } else {
            w.two(3);
            w.int(((token - 3) << 1) | 1);
        }
    }
    if w.pending & 0x7F != 0 || !wrote {
        w.out.push(w.pending & 0x7F);
    }
    w.out
}

/// A GCRefMap table for one import section: a u32 offset per 1024 cells
/// (from the table start), then one record per cell.
pub(crate) fn gc_ref_map_table(maps: &[GcRefMap]) -> Result<Vec<u8>, WriteError> {
    const STRIDE: usize = 1024;
    let lookup_len = 4 * maps.len().div_ceil(STRIDE);
    let mut out = vec![0u8; lookup_len];
    for (i, m) in maps.iter().enumerate() {
        if let Some(GcRefKind::Extended(t)) = m
            .positions
            .iter()
            .find(|k| matches!(k, GcRefKind::Extended(t) if *t < 3))
        {
            return Err(WriteError::LimitExceeded {
                detail: format!("GCRefMap extended token {t} must be ≥ 3"),
            });
        }
        if i % STRIDE == 0 {
            let at = 4 * (i / STRIDE);
            let off = out.len() as u32;
            out[at..at + 4].copy_from_slice(&off.to_le_bytes());
        }
        out.extend(gc_ref_map_record(m));
    }
    Ok(out)
}

/// Encodes an x64 `UNWIND_INFO` (version 1, `UNW_FLAG_EHANDLER |
/// UNW_FLAG_UHANDLER` as crossgen2 sets it) up to and including the padded
/// unwind code array. The caller appends the 4-byte personality routine RVA
/// and, for a main body, the GC info.
pub(crate) fn unwind_info(info: &UnwindInfo) -> Result<Vec<u8>, String> {
    let mut codes: Vec<u16> = Vec::new();
    // Codes are stored in reverse execution order; each op's slots are
    // emitted op-first so reversal keeps the op slot before its operands.
    for op in info.ops.iter().rev() {
        let code =
            |offset: u8, op: u8, info: u8| u16::from(offset) | (u16::from(op | (info << 4)) << 8);
        match *op {
            UnwindOp::PushNonVolatile { code_offset, reg } => {
                if reg > 15 {
                    return Err(format!("register {reg} out of range"));
                }
                codes.push(code(code_offset, 0, reg));
            }
            UnwindOp::Alloc { code_offset, size } => {
                if size == 0 || size % 8 != 0 {
                    return Err(format!(
                        "allocation size {size} is not a positive multiple of 8"
                    ));
                }
                if size <= 128 {
                    codes.push(code(code_offset, 2, (size / 8 - 1) as u8));
                } else if size <= 512 * 1024 - 8 {
                    codes.push(code(code_offset, 1, 0));
                    codes.push((size / 8) as u16);
                } else {
                    codes.push(code(code_offset, 1, 1));
                    codes.push(size as u16);
                    codes.push((size >> 16) as u16);
                }
            }
            UnwindOp::SetFramePointer { code_offset } => {
                if info.frame_register.is_none() {
                    return Err("SetFramePointer without a frame register".into());
                }
                codes.push(code(code_offset, 3, 0));
            }
            UnwindOp::SaveNonVolatile {
                code_offset,
                reg,
                offset,
            } => {
                if offset % 8 != 0 {
                    return Err(format!("save offset {offset} is not a multiple of 8"));
                }
                if offset / 8 <= 0xFFFF {
                    codes.push(code(code_offset, 4, reg));
                    codes.push((offset / 8) as u16);
                } else {
                    codes.push(code(code_offset, 5, reg));
                    codes.push(offset as u16);
                    codes.push((offset >> 16) as u16);
                }
            }
            UnwindOp::SaveXmm128 {
                code_offset,
                reg,
                offset,
            } => {
                if offset % 16 != 0 {
                    return Err(format!("XMM save offset {offset} is not a multiple of 16"));
                }
                if offset / 16 <= 0xFFFF {
                    codes.push(code(code_offset, 8, reg));
                    codes.push((offset / 16) as u16);
                } else {
                    codes.push(code(code_offset, 9, reg));
                    codes.push(offset as u16);
                    codes.push((offset >> 16) as u16);
                }
            }
        }
    }
    if codes.len() > 255 {
        return Err(format!("{} unwind code slots (max 255)", codes.len()));
    }
    let (frame_reg, frame_off) = match info.frame_register {
        None => (0, 0),
        Some((reg, off)) => {
            if reg == 0 || reg > 15 || off % 16 != 0 || off > 240 {
                return Err(format!(
                    "frame register {reg} with offset {off} is not encodable"
                ));
            }
            (reg, off / 16)
        }
    };
    let mut out = vec![
        1 | (0x3 << 3),
        info.prolog_size,
        codes.len() as u8,
        frame_reg | (frame_off << 4),
    ];
    for c in &codes {
        out.extend_from_slice(&c.to_le_bytes());
    }
    if codes.len() % 2 == 1 {
        out.extend_from_slice(&[0, 0]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A port of `NativeArray::TryGetAt` (nativeformatreader.h) to check the
    /// encoder against.
    fn decode_unsigned(b: &[u8], at: usize) -> (u32, usize) {
        let b0 = b[at] as u32;
        if b0 & 1 == 0 {
            (b0 >> 1, at + 1)
        } else if b0 & 2 == 0 {
            ((b0 >> 2) | ((b[at + 1] as u32) << 6), at + 2)
        } else if b0 & 4 == 0 {
            (
                (b0 >> 3) | ((b[at + 1] as u32) << 5) | ((b[at + 2] as u32) << 13),
                at + 3,
            )
        } else if b0 & 8 == 0 {
            (
                (b0 >> 4)
                    | ((b[at + 1] as u32) << 4)
                    | ((b[at + 2] as u32) << 12)
                    | ((b[at + 3] as u32) << 20),
                at + 4,
            )
        } else {
            (
                u32::from_le_bytes(b[at + 1..at + 5].try_into().unwrap()),
                at + 5,
            )
        }
    }

    fn try_get_at(b: &[u8], index: u32) -> Option<usize> {
        let (val, base) = decode_unsigned(b, 0);
        let (n, width) = (val >> 2, 1usize << (val & 3));
        if index >= n {
            return None;
        }
        let slot = base + width * (index / BLOCK) as usize;
        let mut raw = [0u8; 4];
        raw[..width].copy_from_slice(&b[slot..slot + width]);
        let mut offset = base + u32::from_le_bytes(raw) as usize;
        let mut bit = BLOCK >> 1;
        while bit > 0 {
            let (val, next) = decode_unsigned(b, offset);
            if index & bit != 0 {
                if val & 2 != 0 {
                    offset += (val >> 2) as usize;
                    bit >>= 1;
                    continue;
                }
            } else if val & 1 != 0 {
                offset = next;
                bit >>= 1;
                continue;
            }
            if val & 3 == 0 && (val >> 2) == index & (BLOCK - 1) {
                return Some(next);
            }
            return None;
        }
        Some(offset)
    }

    #[test]
    fn native_array_round_trips_through_the_runtime_lookup() {
        for keys in [
            vec![0u32],
            vec![5],
            vec![0, 1],
            vec![0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16],
            vec![3, 17, 18, 40, 41, 42, 47, 300],
            (0..600).step_by(3).collect(),
        ] {
            let entries: BTreeMap<u32, Vec<u8>> = keys
                .iter()
                .map(|&k| {
                    let mut v = Vec::new();
                    native_unsigned(k * 7 + 1, &mut v);
                    (k, v)
                })
                .collect();
            let blob = native_array(&entries);
            let max = *keys.iter().max().unwrap();
            for i in 0..max + 20 {
                match (try_get_at(&blob, i), entries.get(&i)) {
                    (Some(at), Some(_)) => assert_eq!(decode_unsigned(&blob, at).0, i * 7 + 1),
                    (None, None) => {}
                    (got, want) => panic!("index {i} of {keys:?}: got {got:?}, want {want:?}"),
                }
            }
        }
    }

    fn read_nibbles(b: &[u8]) -> Vec<u32> {
        let nibbles: Vec<u8> = b.iter().flat_map(|x| [x & 0xF, x >> 4]).collect();
        let mut out = Vec::new();
        let mut it = nibbles.into_iter();
        while let Some(mut n) = it.next() {
            let mut v = 0u32;
            loop {
                v = (v << 3) | (n & 7) as u32;
                if n & 8 == 0 {
                    break;
                }
                n = it.next().unwrap();
            }
            out.push(v);
        }
        out
    }

    #[test]
    fn fixup_list_matches_the_delay_list_walk() {
        let blob = fixup_list(&[(3, 0), (3, 9), (3, 10), (4, 100)]);
        let v = read_nibbles(&blob);
        assert_eq!(&v[..9], &[3, 0, 9, 1, 0, 1, 100, 0, 0]);
    }

    #[test]
    fn gc_ref_map_records_match_crossgen2_bytes() {
        // Bytes from System.Runtime.Serialization.Primitives.dll 8.0.4.
        let map = |k: &[GcRefKind]| GcRefMap {
            positions: k.to_vec(),
        };
        use GcRefKind::*;
        assert_eq!(gc_ref_map_record(&map(&[])), vec![0x00]);
        assert_eq!(gc_ref_map_record(&map(&[Ref])), vec![0x01]);
        assert_eq!(gc_ref_map_record(&map(&[Ref, Ref])), vec![0x05]);
        assert_eq!(gc_ref_map_record(&map(&[Ref, Skip, Ref])), vec![0x11]);
        let table = gc_ref_map_table(&[map(&[Ref]), map(&[])]).unwrap();
        assert_eq!(table, vec![4, 0, 0, 0, 0x01, 0x00]);
    }

    #[test]
    fn unwind_info_matches_crossgen2_bytes() {
        // push rbp; push rbx; sub rsp, 24 (System.*.dll 8.0.4:
        // 19 06 03 00 06 22 02 30 01 50 00 00).
        let info = UnwindInfo {
            prolog_size: 6,
            frame_register: None,
            ops: vec![
                UnwindOp::PushNonVolatile {
                    code_offset: 1,
                    reg: 5,
                },
                UnwindOp::PushNonVolatile {
                    code_offset: 2,
                    reg: 3,
                },
                UnwindOp::Alloc {
                    code_offset: 6,
                    size: 24,
                },
            ],
        };
        assert_eq!(
            unwind_info(&info).unwrap(),
            vec![0x19, 6, 3, 0, 0x06, 0x22, 0x02, 0x30, 0x01, 0x50, 0, 0]
        );
    }
}
