//! NativeFormat: the varint encoding, `NativeArray` and `NativeHashtable`
//! readers, and a writer that lays out a graph of vertices exactly as
//! crossgen2's `NativeWriter` does (same iteration, same bytes).
//!
//! Specification: `src/coreclr/tools/Common/Internal/NativeFormat/`
//! (`NativeFormatReader.Primitives.cs`, `NativeFormatReader.cs`,
//! `NativeFormatWriter.cs`, `NativeFormatWriter.Primitives.cs`) and
//! `src/coreclr/vm/nativeformatreader.h`.
//!
//! # Writer model
//! A [`NativeWriter`] owns vertices ([`VertexId`]) and one section: an
//! ordered list of *placed* vertices. Saving writes the placed vertices in
//! order; a vertex may save other (unplaced) vertices inline. Relative
//! offsets to placed vertices are solved by the same shrink-then-grow
//! iteration crossgen2 uses, so equal inputs give byte-identical tables.
//!
//! ```
//! use kiln_runtime_abi::native::{NativeWriter, read_unsigned, NativeArrayReader};
//! let mut w = NativeWriter::new();
//! let a = w.new_array();
//! w.place(a);
//! let e = w.unsigned(42);
//! w.array_set(a, 3, e);
//! w.expand_array(a);
//! let bytes = w.save();
//! let arr = NativeArrayReader::new(&bytes, 0).unwrap();
//! let at = arr.get(&bytes, 3).unwrap().unwrap();
//! assert_eq!(read_unsigned(&bytes, at).unwrap().0, 42);
//! assert!(arr.get(&bytes, 2).unwrap().is_none());
//! ```

use crate::error::{read_u16, read_u32, read_u8, DecodeError, Result};

/// Decodes a NativeFormat unsigned varint at `at`; returns the value and the
/// offset just past it.
pub fn read_unsigned(buf: &[u8], at: usize) -> Result<(u32, usize)> {
    const W: &str = "NativeFormat unsigned";
    let b0 = read_u8(buf, at, W)? as u32;
    let b = |i: usize| read_u8(buf, at + i, W).map(|x| x as u32);
    if b0 & 1 == 0 {
        Ok((b0 >> 1, at + 1))
    } else if b0 & 2 == 0 {
        Ok(((b0 >> 2) | (b(1)? << 6), at + 2))
    } else if b0 & 4 == 0 {
        Ok(((b0 >> 3) | (b(1)? << 5) | (b(2)? << 13), at + 3))
    } else if b0 & 8 == 0 {
        Ok((
            (b0 >> 4) | (b(1)? << 4) | (b(2)? << 12) | (b(3)? << 20),
            at + 4,
        ))
    } else if b0 & 16 == 0 {
        Ok((read_u32(buf, at + 1, W)?, at + 5))
    } else {
        Err(DecodeError::invalid(W, at, "bad lead byte"))
    }
}

/// Decodes a NativeFormat signed varint at `at`.
pub fn read_signed(buf: &[u8], at: usize) -> Result<(i32, usize)> {
    const W: &str = "NativeFormat signed";
    let b0 = read_u8(buf, at, W)? as u32;
    let b = |i: usize| read_u8(buf, at + i, W).map(|x| x as u32);
    let sb = |i: usize| read_u8(buf, at + i, W).map(|x| x as i8 as i32);
    if b0 & 1 == 0 {
        Ok(((b0 as u8 as i8 as i32) >> 1, at + 1))
    } else if b0 & 2 == 0 {
        Ok((((b0 >> 2) as i32) | (sb(1)? << 6), at + 2))
    } else if b0 & 4 == 0 {
        Ok((((b0 >> 3) | (b(1)? << 5)) as i32 | (sb(2)? << 13), at + 3))
    } else if b0 & 8 == 0 {
        Ok((
            ((b0 >> 4) | (b(1)? << 4) | (b(2)? << 12)) as i32 | (sb(3)? << 20),
            at + 4,
        ))
    } else if b0 & 16 == 0 {
        Ok((read_u32(buf, at + 1, W)? as i32, at + 5))
    } else {
        Err(DecodeError::invalid(W, at, "bad lead byte"))
    }
}

/// Appends a NativeFormat unsigned varint.
pub fn write_unsigned(out: &mut Vec<u8>, d: u32) {
    if d < 128 {
        out.push((d * 2) as u8);
    } else if d < 128 * 128 {
        out.extend_from_slice(&[(d.wrapping_mul(4) + 1) as u8, (d >> 6) as u8]);
    } else if d < 128 * 128 * 128 {
        out.extend_from_slice(&[
            (d.wrapping_mul(8) + 3) as u8,
            (d >> 5) as u8,
            (d >> 13) as u8,
        ]);
    } else if d < 128 * 128 * 128 * 128 {
        out.extend_from_slice(&[
            (d.wrapping_mul(16) + 7) as u8,
            (d >> 4) as u8,
            (d >> 12) as u8,
            (d >> 20) as u8,
        ]);
    } else {
        out.push(15);
        out.extend_from_slice(&d.to_le_bytes());
    }
}

/// Appends a NativeFormat signed varint.
pub fn write_signed(out: &mut Vec<u8>, i: i32) {
    let u = i as u32;
    if (-64..64).contains(&i) {
        out.push(u.wrapping_mul(2) as u8);
    } else if (-64 * 128..64 * 128).contains(&i) {
        out.extend_from_slice(&[(u.wrapping_mul(4) + 1) as u8, (i >> 6) as u8]);
    } else if (-64 * 128 * 128..64 * 128 * 128).contains(&i) {
        out.extend_from_slice(&[
            (u.wrapping_mul(8) + 3) as u8,
            (i >> 5) as u8,
            (i >> 13) as u8,
        ]);
    } else if (-64 * 128 * 128 * 128..64 * 128 * 128 * 128).contains(&i) {
        out.extend_from_slice(&[
            (u.wrapping_mul(16) + 7) as u8,
            (i >> 4) as u8,
            (i >> 12) as u8,
            (i >> 20) as u8,
        ]);
    } else {
        out.push(15);
        out.extend_from_slice(&u.to_le_bytes());
    }
}

/// Number of bytes [`write_unsigned`] produces for `d`.
pub fn unsigned_len(d: u32) -> usize {
    match d {
        0..=0x7F => 1,
        0x80..=0x3FFF => 2,
        0x4000..=0x1F_FFFF => 3,
        0x20_0000..=0xFFF_FFFF => 4,
        _ => 5,
    }
}

/// Reader for a `NativeArray` (sparse array of offsets, 16-element blocks
/// each a depth-4 binary tree of varint nodes).
#[derive(Clone, Copy, Debug)]
pub struct NativeArrayReader {
    base: usize,
    count: u32,
    entry_index_size: u8,
}

const BLOCK_SIZE: u32 = 16;

impl NativeArrayReader {
    /// Reads the array header at `at`.
    pub fn new(buf: &[u8], at: usize) -> Result<Self> {
        let (v, base) = read_unsigned(buf, at)?;
        let entry_index_size = (v & 3) as u8;
        if entry_index_size > 2 {
            return Err(DecodeError::invalid(
                "NativeArray header",
                at,
                "entry index size 3",
            ));
        }
        Ok(NativeArrayReader {
            base,
            count: v >> 2,
            entry_index_size,
        })
    }
    /// Number of elements (including absent ones).
    pub fn len(&self) -> u32 {
        self.count
    }
    /// True if the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
    /// Entry index size: 0 = u8, 1 = u16, 2 = u32 block offsets.
    pub fn entry_index_size(&self) -> u8 {
        self.entry_index_size
    }
    /// Offset of element `index`'s data, or `None` if absent.
    pub fn get(&self, buf: &[u8], index: u32) -> Result<Option<usize>> {
        if index >= self.count {
            return Ok(None);
        }
        const W: &str = "NativeArray block";
        let block = (index / BLOCK_SIZE) as usize;
        let mut offset = self.base
            + match self.entry_index_size {
                0 => read_u8(buf, self.base + block, W)? as usize,
                1 => read_u16(buf, self.base + 2 * block, W)? as usize,
                _ => read_u32(buf, self.base + 4 * block, W)? as usize,
            };
        let mut bit = BLOCK_SIZE >> 1;
        while bit > 0 {
            let (val, next) = read_unsigned(buf, offset)?;
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
            if val & 3 == 0 && (val >> 2) == (index & (BLOCK_SIZE - 1)) {
                return Ok(Some(next));
            }
            return Ok(None);
        }
        Ok(Some(offset))
    }
}

/// One entry of a `NativeHashtable`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HashtableEntry {
    /// Bucket index (`(hash >> 8) & mask`).
    pub bucket: u32,
    /// Low byte of the hash.
    pub low_hash: u8,
    /// Offset of the entry's data.
    pub offset: usize,
}

/// Reader for a `NativeHashtable`.
#[derive(Clone, Copy, Debug)]
pub struct NativeHashtableReader {
    base: usize,
    buckets_log2: u8,
    entry_index_size: u8,
}

impl NativeHashtableReader {
    /// Reads the table header at `at`.
    pub fn new(buf: &[u8], at: usize) -> Result<Self> {
        let h = read_u8(buf, at, "NativeHashtable header")?;
        let entry_index_size = h & 3;
        let buckets_log2 = h >> 2;
        if entry_index_size > 2 || buckets_log2 > 31 {
            return Err(DecodeError::invalid(
                "NativeHashtable header",
                at,
                "bad header byte",
            ));
        }
        Ok(NativeHashtableReader {
            base: at + 1,
            buckets_log2,
            entry_index_size,
        })
    }
    /// Number of buckets.
    pub fn bucket_count(&self) -> u32 {
        1 << self.buckets_log2
    }
    fn bucket_bound(&self, buf: &[u8], i: u32) -> Result<usize> {
        const W: &str = "NativeHashtable bucket";
        let at = self.base + ((i as usize) << self.entry_index_size);
        Ok(self.base
            + match self.entry_index_size {
                0 => read_u8(buf, at, W)? as usize,
                1 => read_u16(buf, at, W)? as usize,
                _ => read_u32(buf, at, W)? as usize,
            })
    }
    /// Every entry, in table order (bucket, then stored order).
    pub fn entries(&self, buf: &[u8]) -> Result<Vec<HashtableEntry>> {
        let mut out = Vec::new();
        for bucket in 0..self.bucket_count() {
            let (mut p, end) = (
                self.bucket_bound(buf, bucket)?,
                self.bucket_bound(buf, bucket + 1)?,
            );
            if end > buf.len() || p > end {
                return Err(DecodeError::invalid(
                    "NativeHashtable bucket",
                    p,
                    "bounds out of order",
                ));
            }
            while p < end {
                let low_hash = read_u8(buf, p, "NativeHashtable entry")?;
                let (rel, next) = read_signed(buf, p + 1)?;
                let target = (p as i64 + 1 + rel as i64) as usize;
                if target >= buf.len() {
                    return Err(DecodeError::out_of_range(
                        "NativeHashtable entry offset",
                        p,
                        target as u64,
                    ));
                }
                out.push(HashtableEntry {
                    bucket,
                    low_hash,
                    offset: target,
                });
                p = next;
            }
        }
        Ok(out)
    }
    /// Offsets of the entries whose hash equals `hash`.
    pub fn lookup(&self, buf: &[u8], hash: u32) -> Result<Vec<usize>> {
        let bucket = (hash >> 8) & (self.bucket_count() - 1);
        Ok(self
            .entries(buf)?
            .into_iter()
            .filter(|e| e.bucket == bucket && e.low_hash == hash as u8)
            .map(|e| e.offset)
            .collect())
    }
    /// Bytes used by the table itself (header, bucket index, entries).
    pub fn table_end(&self, buf: &[u8]) -> Result<usize> {
        self.bucket_bound(buf, self.bucket_count())
    }
}

/// Handle of a vertex in a [`NativeWriter`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VertexId(u32);

#[derive(Clone, Debug)]
enum Kind {
    Unsigned(u32),
    Blob(Vec<u8>),
    /// `EntryPointVertex`, optionally preceded by a blob (`EntryPointWithBlobVertex`).
    EntryPoint {
        method_index: u32,
        fixups: Option<VertexId>,
        prefix: Option<VertexId>,
    },
    DebugInfo {
        blob: VertexId,
    },
    Array {
        entries: Vec<Option<VertexId>>,
        blocks: Vec<VertexId>,
        entry_index_size: u32,
    },
    Leaf {
        vertex: Option<VertexId>,
        leaf_index: u32,
    },
    Tree {
        first: Option<VertexId>,
        second: Option<VertexId>,
    },
    Hashtable {
        entries: Vec<(u32, VertexId, i64)>,
        buckets: u32,
        entry_index_size: u32,
    },
}

#[derive(Clone, Debug)]
struct Vertex {
    kind: Kind,
    offset: i64,
    iteration: i64,
    placed: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Initial,
    Shrinking,
    Growing,
}

/// Lays out NativeFormat structures the way crossgen2's `NativeWriter`
/// does (see the module docs).
#[derive(Clone, Debug)]
pub struct NativeWriter {
    vertices: Vec<Vertex>,
    items: Vec<VertexId>,
    out: Vec<u8>,
    iteration: i64,
    phase: Phase,
    offset_adjustment: i64,
}

impl Default for NativeWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl NativeWriter {
    /// An empty writer with one section.
    pub fn new() -> Self {
        NativeWriter {
            vertices: Vec::new(),
            items: Vec::new(),
            out: Vec::new(),
            iteration: 0,
            phase: Phase::Initial,
            offset_adjustment: 0,
        }
    }

    fn add(&mut self, kind: Kind) -> VertexId {
        self.vertices.push(Vertex {
            kind,
            offset: -1,
            iteration: -1,
            placed: false,
        });
        VertexId(self.vertices.len() as u32 - 1)
    }

    /// An unsigned constant (`UnsignedConstant`).
    pub fn unsigned(&mut self, value: u32) -> VertexId {
        self.add(Kind::Unsigned(value))
    }
    /// Raw bytes (`BlobVertex`).
    pub fn blob(&mut self, bytes: Vec<u8>) -> VertexId {
        self.add(Kind::Blob(bytes))
    }
    /// A method entry point (`EntryPointVertex`): RUNTIME_FUNCTION index and
    /// optional fixup blob (a [`Self::blob`]; share one blob vertex between
    /// entries with equal fixups so later ones refer back to the first).
    pub fn entry_point(&mut self, method_index: u32, fixups: Option<VertexId>) -> VertexId {
        self.add(Kind::EntryPoint {
            method_index,
            fixups,
            prefix: None,
        })
    }
    /// An entry point preceded by a signature blob (`EntryPointWithBlobVertex`).
    pub fn entry_point_with_blob(
        &mut self,
        method_index: u32,
        fixups: Option<VertexId>,
        blob: VertexId,
    ) -> VertexId {
        self.add(Kind::EntryPoint {
            method_index,
            fixups,
            prefix: Some(blob),
        })
    }
    /// A debug-info entry (`DebugInfoVertex`) referring to a shared blob.
    pub fn debug_info(&mut self, blob: VertexId) -> VertexId {
        self.add(Kind::DebugInfo { blob })
    }
    /// An empty `VertexArray`; fill with [`Self::array_set`], then
    /// [`Self::expand_array`] once, after placing the array.
    pub fn new_array(&mut self) -> VertexId {
        self.add(Kind::Array {
            entries: Vec::new(),
            blocks: Vec::new(),
            entry_index_size: 0,
        })
    }
    /// An empty `VertexHashtable` (fill factor 13).
    pub fn new_hashtable(&mut self) -> VertexId {
        self.add(Kind::Hashtable {
            entries: Vec::new(),
            buckets: 0,
            entry_index_size: 0,
        })
    }

    /// Appends `v` to the section (`Section.Place`).
    ///
    /// # Panics
    /// If `v` is already placed.
    pub fn place(&mut self, v: VertexId) {
        let vx = &mut self.vertices[v.0 as usize];
        assert!(!vx.placed, "vertex placed twice");
        vx.placed = true;
        self.items.push(v);
    }

    fn pop(&mut self) -> VertexId {
        let v = self.items.pop().expect("pop of empty section");
        self.vertices[v.0 as usize].placed = false;
        v
    }

    /// Sets array element `index`.
    pub fn array_set(&mut self, array: VertexId, index: usize, element: VertexId) {
        if let Kind::Array { entries, .. } = &mut self.vertices[array.0 as usize].kind {
            if entries.len() <= index {
                entries.resize(index + 1, None);
            }
            entries[index] = Some(element);
        } else {
            panic!("array_set on a non-array vertex");
        }
    }

    /// Appends an entry to a hashtable.
    pub fn hashtable_append(&mut self, table: VertexId, hash: u32, element: VertexId) {
        if let Kind::Hashtable { entries, .. } = &mut self.vertices[table.0 as usize].kind {
            entries.push((hash, element, 0));
        } else {
            panic!("hashtable_append on a non-hashtable vertex");
        }
    }

    fn entries_of(&self, array: VertexId) -> Vec<Option<VertexId>> {
        match &self.vertices[array.0 as usize].kind {
            Kind::Array { entries, .. } => entries.clone(),
            _ => panic!("not an array"),
        }
    }

    fn expand_block(
        &mut self,
        entries: &[Option<VertexId>],
        index: usize,
        depth: u32,
        place: bool,
    ) -> (Option<VertexId>, bool) {
        let get = |i: usize| entries.get(i).copied().flatten();
        if depth == 1 {
            let (first, second) = (get(index), get(index + 1));
            if first.is_none() && second.is_none() {
                return (None, true);
            }
            if first.is_none() || second.is_none() {
                let leaf_index =
                    (if first.is_none() { index + 1 } else { index }) as u32 & (BLOCK_SIZE - 1);
                let leaf = self.add(Kind::Leaf {
                    vertex: first.or(second),
                    leaf_index,
                });
                if place {
                    self.place(leaf);
                }
                return (Some(leaf), true);
            }
            let tree = self.add(Kind::Tree { first, second });
            if place {
                self.place(tree);
            }
            self.place(second.unwrap());
            return (Some(tree), false);
        }
        let tree = self.add(Kind::Tree {
            first: None,
            second: None,
        });
        if place {
            self.place(tree);
        }
        let (first, first_leaf) = self.expand_block(entries, index, depth - 1, false);
        let (second, second_leaf) =
            self.expand_block(entries, index + (1 << (depth - 1)), depth - 1, true);
        if first.is_none() && second.is_none() {
            if place {
                let p = self.pop();
                debug_assert_eq!(p, tree);
            }
            return (None, true);
        }
        if first.is_none() && second_leaf {
            let p = self.pop();
            debug_assert_eq!(Some(p), second);
            if place {
                let p = self.pop();
                debug_assert_eq!(p, tree);
                self.place(second.unwrap());
            }
            return (second, true);
        }
        if second.is_none() && first_leaf {
            if place {
                let p = self.pop();
                debug_assert_eq!(p, tree);
                self.place(first.unwrap());
            }
            return (first, true);
        }
        self.vertices[tree.0 as usize].kind = Kind::Tree { first, second };
        (Some(tree), false)
    }

    /// Builds the block trees of an array (`VertexArray.ExpandLayout`):
    /// places the tree nodes and entries after the array in the section.
    pub fn expand_array(&mut self, array: VertexId) {
        let entries = self.entries_of(array);
        let mut blocks = Vec::new();
        let mut null_block = None;
        let mut i = 0;
        while i < entries.len() {
            let (block, _) = self.expand_block(&entries, i, 4, true);
            let block = match block {
                Some(b) => b,
                None => *null_block.get_or_insert_with(|| {
                    let leaf = self.add(Kind::Leaf {
                        vertex: None,
                        leaf_index: BLOCK_SIZE,
                    });
                    self.place(leaf);
                    leaf
                }),
            };
            blocks.push(block);
            i += BLOCK_SIZE as usize;
        }
        if let Kind::Array {
            blocks: b,
            entry_index_size,
            ..
        } = &mut self.vertices[array.0 as usize].kind
        {
            *b = blocks;
            *entry_index_size = 2;
        }
    }

    // ---- save machinery -------------------------------------------------

    fn cur(&self) -> i64 {
        self.out.len() as i64
    }

    fn update_offset_adjustment(&mut self, delta: i64) {
        match self.phase {
            Phase::Shrinking => self.offset_adjustment = self.offset_adjustment.min(delta),
            Phase::Growing => self.offset_adjustment = self.offset_adjustment.max(delta),
            Phase::Initial => {}
        }
    }

    fn expected_offset(&self, v: VertexId) -> i64 {
        let vx = &self.vertices[v.0 as usize];
        if vx.iteration == -1 {
            return 0x7FFF_FFFF;
        }
        let mut off = vx.offset;
        if vx.iteration < self.iteration {
            off += self.offset_adjustment;
        }
        off
    }

    fn current_offset_of(&self, v: VertexId) -> i64 {
        let vx = &self.vertices[v.0 as usize];
        if vx.iteration != self.iteration {
            -1
        } else {
            vx.offset
        }
    }

    fn set_current_offset(&mut self, v: VertexId) {
        let cur = self.cur();
        let it = self.iteration;
        let vx = &mut self.vertices[v.0 as usize];
        vx.iteration = it;
        vx.offset = cur;
    }

    fn write_relative_offset(&mut self, v: VertexId) {
        if self.vertices[v.0 as usize].iteration == -1 {
            write_signed(&mut self.out, 0x7FFF_FFFF);
            return;
        }
        let target = self.expected_offset(v);
        let cur = self.cur();
        write_signed(&mut self.out, (target - cur) as i32);
    }

    fn save_vertex(&mut self, v: VertexId) {
        let kind = self.vertices[v.0 as usize].kind.clone();
        match kind {
            Kind::Unsigned(x) => write_unsigned(&mut self.out, x),
            Kind::Blob(b) => self.out.extend_from_slice(&b),
            Kind::EntryPoint {
                method_index,
                fixups,
                prefix,
            } => {
                if let Some(p) = prefix {
                    self.save_vertex(p);
                }
                match fixups {
                    Some(f) => {
                        let existing = self.current_offset_of(f);
                        if existing != -1 {
                            write_unsigned(&mut self.out, (method_index << 2) | 3);
                            let d = self.cur() - existing;
                            write_unsigned(&mut self.out, d as u32);
                        } else {
                            write_unsigned(&mut self.out, (method_index << 2) | 1);
                            self.set_current_offset(f);
                            self.save_vertex(f);
                        }
                    }
                    None => write_unsigned(&mut self.out, method_index << 1),
                }
            }
            Kind::DebugInfo { blob } => {
                let existing = self.current_offset_of(blob);
                if existing != -1 {
                    let d = self.cur() - existing;
                    write_unsigned(&mut self.out, d as u32);
                } else {
                    write_unsigned(&mut self.out, 0);
                    self.set_current_offset(blob);
                    self.save_vertex(blob);
                }
            }
            Kind::Leaf { vertex, leaf_index } => {
                write_unsigned(&mut self.out, leaf_index << 2);
                if let Some(x) = vertex {
                    self.save_vertex(x);
                }
            }
            Kind::Tree { first, second } => {
                let mut value = first.is_some() as u32;
                if let Some(s) = second {
                    value |= 2;
                    let delta = self.expected_offset(s) - self.cur();
                    value |= (delta as u32) << 2;
                }
                write_unsigned(&mut self.out, value);
                if let Some(f) = first {
                    self.save_vertex(f);
                }
            }
            Kind::Array {
                entries,
                blocks,
                entry_index_size,
            } => {
                write_unsigned(
                    &mut self.out,
                    ((entries.len() as u32) << 2) | entry_index_size,
                );
                let blocks_offset = self.cur();
                let mut max_offset = 0;
                for b in &blocks {
                    let off = self.expected_offset(*b) - blocks_offset;
                    max_offset = max_offset.max(off);
                    match entry_index_size {
                        0 => self.out.push(off as u8),
                        1 => self.out.extend_from_slice(&(off as u16).to_le_bytes()),
                        _ => self.out.extend_from_slice(&(off as u32).to_le_bytes()),
                    }
                }
                let new_size = if max_offset > 0xFFFF {
                    2
                } else if max_offset > 0xFF {
                    1
                } else {
                    0
                };
                self.resize_index(v, entry_index_size, new_size);
            }
            Kind::Hashtable {
                mut entries,
                mut buckets,
                entry_index_size,
            } => {
                let mut entry_index_size = entry_index_size;
                if buckets == 0 {
                    let estimate = entries.len() as u32 / 13;
                    buckets = 1 << highest_bit(estimate);
                    let mask = ((buckets - 1) << 8) | 0xFF;
                    entries.sort_by_key(|e| e.0 & mask); // stable, as OrderBy
                    entry_index_size = 2;
                }
                let bucket_mask = buckets - 1;
                let shift = highest_bit(buckets) - 1;
                self.out.push(((shift << 2) | entry_index_size) as u8);
                let buckets_offset = self.cur();
                let pad = ((buckets + 1) as usize) << entry_index_size;
                self.out.resize(self.out.len() + pad, 0);
                let first = self.cur() - buckets_offset;
                self.patch_index(buckets_offset, entry_index_size, first);
                let mut i = 0;
                for bucket in 0..buckets {
                    while i < entries.len() {
                        if (entries[i].0 >> 8) & bucket_mask != bucket {
                            break;
                        }
                        let cur = self.cur();
                        self.update_offset_adjustment(cur - entries[i].2);
                        entries[i].2 = cur;
                        self.out.push(entries[i].0 as u8);
                        self.write_relative_offset(entries[i].1);
                        i += 1;
                    }
                    let at = buckets_offset + (((bucket + 1) as i64) << entry_index_size);
                    let val = self.cur() - buckets_offset;
                    self.patch_index(at, entry_index_size, val);
                }
                let max_index = self.cur() - buckets_offset;
                let new_size = if max_index > 0xFFFF {
                    2
                } else if max_index > 0xFF {
                    1
                } else {
                    0
                };
                self.vertices[v.0 as usize].kind = Kind::Hashtable {
                    entries,
                    buckets,
                    entry_index_size,
                };
                self.resize_index(v, entry_index_size, new_size);
            }
        }
    }

    fn patch_index(&mut self, at: i64, size: u32, value: i64) {
        let at = at as usize;
        let n = 1usize << size;
        for k in 0..n {
            self.out[at + k] = (value >> (8 * k)) as u8;
        }
    }

    fn resize_index(&mut self, v: VertexId, current: u32, new: u32) {
        let change = if self.phase == Phase::Growing {
            new > current
        } else {
            new < current
        };
        if change {
            self.update_offset_adjustment(if self.phase == Phase::Growing { 1 } else { -1 });
            match &mut self.vertices[v.0 as usize].kind {
                Kind::Array {
                    entry_index_size, ..
                }
                | Kind::Hashtable {
                    entry_index_size, ..
                } => *entry_index_size = new,
                _ => {}
            }
        }
    }

    /// Lays out and encodes every placed vertex (`NativeWriter.Save`).
    pub fn save(&mut self) -> Vec<u8> {
        let items = self.items.clone();
        self.out.clear();
        self.phase = Phase::Initial;
        for &v in &items {
            let cur = self.cur();
            let it = self.iteration;
            let vx = &mut self.vertices[v.0 as usize];
            vx.offset = cur;
            vx.iteration = it;
            self.save_vertex(v);
        }
        self.phase = Phase::Shrinking;
        loop {
            self.iteration += 1;
            self.out.clear();
            self.offset_adjustment = 0;
            for &v in &items {
                let cur = self.cur();
                let vx_off = self.vertices[v.0 as usize].offset;
                self.offset_adjustment = self.offset_adjustment.min(cur - vx_off);
                let new_off = vx_off + self.offset_adjustment;
                self.vertices[v.0 as usize].offset = new_off;
                if new_off < cur {
                    self.out.truncate(new_off as usize);
                }
                self.vertices[v.0 as usize].iteration = self.iteration;
                self.save_vertex(v);
            }
            if self.offset_adjustment == 0 || self.iteration > 10 {
                break;
            }
        }
        self.phase = Phase::Growing;
        loop {
            self.iteration += 1;
            self.out.clear();
            self.offset_adjustment = 0;
            for &v in &items {
                let cur = self.cur();
                let vx_off = self.vertices[v.0 as usize].offset;
                self.offset_adjustment = self.offset_adjustment.max(cur - vx_off);
                let new_off = vx_off + self.offset_adjustment;
                self.vertices[v.0 as usize].offset = new_off;
                if new_off > cur {
                    self.out.resize(new_off as usize, 0);
                }
                self.vertices[v.0 as usize].iteration = self.iteration;
                self.save_vertex(v);
            }
            if self.offset_adjustment == 0 {
                return std::mem::take(&mut self.out);
            }
        }
    }
}

fn highest_bit(x: u32) -> u32 {
    32 - x.leading_zeros()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_every_width() {
        for v in [
            0u32,
            1,
            63,
            127,
            128,
            8191,
            16383,
            16384,
            0x1F_FFFF,
            0x20_0000,
            0xFFF_FFFF,
            0x1000_0000,
            u32::MAX,
        ] {
            let mut out = Vec::new();
            write_unsigned(&mut out, v);
            assert_eq!(out.len(), unsigned_len(v));
            assert_eq!(read_unsigned(&out, 0).unwrap(), (v, out.len()));
        }
        for v in [
            0i32,
            1,
            -1,
            63,
            -64,
            64,
            -65,
            8191,
            -8192,
            8192,
            1 << 20,
            -(1 << 20),
            1 << 27,
            -(1 << 27),
            i32::MAX,
            i32::MIN,
        ] {
            let mut out = Vec::new();
            write_signed(&mut out, v);
            assert_eq!(read_signed(&out, 0).unwrap(), (v, out.len()), "{v}");
        }
        assert!(read_unsigned(&[0x1F], 0).is_err());
        assert!(read_unsigned(&[0x01], 0).is_err());
    }

    #[test]
    fn array_finds_every_present_element() {
        for n in [1usize, 2, 15, 16, 17, 40, 300] {
            let mut w = NativeWriter::new();
            let a = w.new_array();
            w.place(a);
            for i in (0..n).filter(|i| i % 3 != 1) {
                let e = w.unsigned(i as u32 * 7);
                w.array_set(a, i, e);
            }
            w.expand_array(a);
            let bytes = w.save();
            let r = NativeArrayReader::new(&bytes, 0).unwrap();
            assert_eq!(r.len() as usize, n - usize::from(n % 3 == 2));
            for i in 0..n {
                let got = r
                    .get(&bytes, i as u32)
                    .unwrap()
                    .map(|o| read_unsigned(&bytes, o).unwrap().0);
                if i % 3 != 1 && i < r.len() as usize {
                    assert_eq!(got, Some(i as u32 * 7), "n={n} i={i}");
                } else {
                    assert_eq!(got, None, "n={n} i={i}");
                }
            }
        }
    }

    #[test]
    fn hashtable_lookup_finds_entries() {
        let mut w = NativeWriter::new();
        let t = w.new_hashtable();
        w.place(t);
        let hashes: Vec<u32> = (0..100u32).map(|i| i.wrapping_mul(0x9E37_79B9)).collect();
        for (i, h) in hashes.iter().enumerate() {
            let v = w.unsigned(i as u32);
            w.place(v);
            w.hashtable_append(t, *h, v);
        }
        let bytes = w.save();
        let r = NativeHashtableReader::new(&bytes, 0).unwrap();
        assert_eq!(r.bucket_count(), 8);
        assert_eq!(r.entries(&bytes).unwrap().len(), 100);
        for (i, h) in hashes.iter().enumerate() {
            let vals: Vec<u32> = r
                .lookup(&bytes, *h)
                .unwrap()
                .iter()
                .map(|o| read_unsigned(&bytes, *o).unwrap().0)
                .collect();
            assert!(vals.contains(&(i as u32)));
        }
    }

    #[test]
    fn shared_fixup_blob_is_referenced_back() {
        let mut w = NativeWriter::new();
        let a = w.new_array();
        w.place(a);
        let blob = w.blob(vec![0x21, 0x00]);
        for i in 0..3 {
            let e = w.entry_point(i, Some(blob));
            w.array_set(a, i as usize, e);
        }
        w.expand_array(a);
        let bytes = w.save();
        let r = NativeArrayReader::new(&bytes, 0).unwrap();
        let mut blobs = Vec::new();
        for i in 0..3 {
            let at = r.get(&bytes, i).unwrap().unwrap();
            let (id, next) = read_unsigned(&bytes, at).unwrap();
            assert_eq!(id >> 2, i);
            let blob_at = if id & 2 == 0 {
                next
            } else {
                next - read_unsigned(&bytes, next).unwrap().0 as usize
            };
            blobs.push(blob_at);
        }
        assert!(blobs.iter().all(|b| *b == blobs[0]));
        assert_eq!(&bytes[blobs[0]..blobs[0] + 2], &[0x21, 0x00]);
    }
}
