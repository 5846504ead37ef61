//! [`Assembly`]: one CLI image (IL-only or ReadyToRun), opened without
//! copying. Parses the PE container, the CLI header, the metadata root
//! (ECMA-335 II.24.2.1), the stream headers (II.24.2.2) and the table stream
//! header (`#~`/`#-`, II.24.2.6), then serves rows, heaps, lists and method
//! bodies on demand, borrowing from the mapped bytes.
//!
//! `Assembly` is `'static + Send + Sync` and cheap to clone (an `Arc`).

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::body::MethodBody;
use crate::bytes::{u16_at, u32_at, u64_at};
use crate::error::{MetadataError, Result};
use crate::heaps;
use crate::pe::{CorHeader, DataDirectory, PeHeaders, SectionHeader};
use crate::tables::*;

mod lookup;
pub use lookup::KeyRows;

enum Backing {
    Mmap(memmap2::Mmap),
    Bytes(Vec<u8>),
}

impl Backing {
    fn bytes(&self) -> &[u8] {
        match self {
            Backing::Mmap(m) => m,
            Backing::Bytes(v) => v,
        }
    }
}

/// Location and shape of one table inside the table stream.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TableInfo {
    pub rows: u32,
    pub row_size: u32,
    /// Absolute file offset of row 1.
    pub offset: usize,
    pub ncols: u8,
    pub col_offsets: [u8; 9],
    pub col_widths: [u8; 9],
}

/// The stream headers of the metadata root (II.24.2.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamHeader {
    /// Stream name (`#~`, `#Strings`, ...).
    pub name: String,
    /// Offset from the metadata root.
    pub offset: u32,
    /// Size in bytes.
    pub size: u32,
}

struct Inner {
    data: Backing,
    path: Option<PathBuf>,
    pe: PeHeaders,
    cor: CorHeader,
    cor_offset: usize,
    metadata: Range<usize>,
    version: String,
    streams: Vec<StreamHeader>,
    strings: Range<usize>,
    user_strings: Range<usize>,
    blob: Range<usize>,
    guid: Range<usize>,
    uncompressed: bool,
    heap_sizes: u8,
    valid: u64,
    sorted: u64,
    tables: [TableInfo; TABLE_COUNT],
    method_owner: OnceLock<Vec<u32>>,
    field_owner: OnceLock<Vec<u32>>,
    key_indexes: lookup::KeyIndexes,
    /// The type-name index of `AssemblySet` (it depends on this assembly
    /// alone, so every set holding it shares one).
    type_index: OnceLock<crate::set::TypeIndex>,
}

/// One opened CLI image. Cheap to clone; all accessors borrow from it.
#[derive(Clone)]
pub struct Assembly {
    inner: Arc<Inner>,
}

impl fmt::Debug for Assembly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Assembly")
            .field("path", &self.inner.path)
            .field("name", &self.name().unwrap_or("?"))
            .finish()
    }
}

impl PartialEq for Assembly {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}
impl Eq for Assembly {}

fn stream_range(meta: &Range<usize>, s: &StreamHeader, total: usize) -> Result<Range<usize>> {
    let start = meta.start + s.offset as usize;
    let end = start + s.size as usize;
    if end > meta.end || end > total {
        return Err(MetadataError::BadStream {
            name: s.name.clone(),
            what: "extends past the metadata",
        });
    }
    Ok(start..end)
}

impl Assembly {
    /// Memory-maps and parses the file at `path`.
    ///
    /// # Errors
    /// [`MetadataError::Io`] if the file cannot be read, otherwise any parse error.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let io = |e: std::io::Error| MetadataError::Io {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let file = std::fs::File::open(path).map_err(io)?;
        // SAFETY: the map is read-only; like every mmap-based reader we
        // assume the file is not truncated or modified while mapped.
        let map = unsafe { memmap2::Mmap::map(&file) }.map_err(io)?;
        Self::parse(Backing::Mmap(map), Some(path.to_path_buf()))
    }

    /// Parses an image held in memory.
    ///
    /// # Errors
    /// Any parse error, naming the structure and offset.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        Self::parse(Backing::Bytes(bytes), None)
    }

    #[allow(clippy::needless_range_loop)]
    fn parse(data: Backing, path: Option<PathBuf>) -> Result<Self> {
        let bytes = data.bytes();
        let pe = PeHeaders::parse(bytes)?;
        let cli = pe.data_directory(crate::pe::directory::CLI_HEADER);
        if cli.rva == 0 {
            return Err(MetadataError::NotCli);
        }
        let cor_offset = pe.rva_to_offset(cli.rva, 72).ok_or(MetadataError::BadRva {
            rva: cli.rva,
            len: 72,
        })?;
        let cor = CorHeader::parse(&bytes[cor_offset..], cor_offset)?;
        let md = cor.metadata;
        let md_off = pe
            .rva_to_offset(md.rva, md.size)
            .ok_or(MetadataError::BadRva {
                rva: md.rva,
                len: md.size,
            })?;
        let metadata = md_off..md_off + md.size as usize;
        let root = &bytes[metadata.clone()];
        let sig = u32_at(root, 0).ok_or(MetadataError::Truncated {
            what: "metadata root",
            offset: md_off as u64,
            needed: 16,
            available: root.len() as u64,
        })?;
        if sig != 0x424A_5342 {
            return Err(MetadataError::BadHeader {
                what: "metadata signature",
                offset: md_off as u64,
                value: sig as u64,
            });
        }
        let vlen = u32_at(root, 12).unwrap_or(0) as usize;
        let vbytes = root.get(16..16 + vlen).ok_or(MetadataError::Truncated {
            what: "metadata version string",
            offset: md_off as u64 + 16,
            needed: vlen as u64,
            available: root.len() as u64,
        })?;
        let version =
            String::from_utf8_lossy(&vbytes[..vbytes.iter().position(|&b| b == 0).unwrap_or(vlen)])
                .into_owned();
        let mut p = 16 + vlen;
        let nstreams = u16_at(root, p + 2).ok_or(MetadataError::Truncated {
            what: "metadata root flags/streams",
            offset: (md_off + p) as u64,
            needed: 4,
            available: root.len() as u64,
        })?;
        p += 4;
        let mut streams = Vec::with_capacity(nstreams as usize);
        for _ in 0..nstreams {
            let trunc = MetadataError::Truncated {
                what: "stream header",
                offset: (md_off + p) as u64,
                needed: 9,
                available: root.len() as u64,
            };
            let offset = u32_at(root, p).ok_or_else(|| trunc.clone())?;
            let size = u32_at(root, p + 4).ok_or_else(|| trunc.clone())?;
            let name_start = p + 8;
            let tail = root.get(name_start..).ok_or_else(|| trunc.clone())?;
            let nlen = tail.iter().take(32).position(|&b| b == 0).ok_or(trunc)?;
            let name = String::from_utf8_lossy(&tail[..nlen]).into_owned();
            p = name_start + ((nlen + 4) & !3);
            streams.push(StreamHeader { name, offset, size });
        }
        let total = bytes.len();
        let find = |n: &str| streams.iter().find(|s| s.name == n);
        let range_of = |n: &str| -> Result<Range<usize>> {
            match find(n) {
                Some(s) => stream_range(&metadata, s, total),
                None => Ok(0..0),
            }
        };
        let strings = range_of("#Strings")?;
        let user_strings = range_of("#US")?;
        let blob = range_of("#Blob")?;
        let guid = range_of("#GUID")?;
        let (tstream, uncompressed) = match (find("#~"), find("#-")) {
            (Some(s), _) => (s, false),
            (None, Some(s)) => (s, true),
            _ => {
                return Err(MetadataError::BadStream {
                    name: "#~".into(),
                    what: "no table stream",
                })
            }
        };
        let trange = stream_range(&metadata, tstream, total)?;
        let ts = &bytes[trange.clone()];
        let trunc_ts = |off: usize, need: usize| MetadataError::Truncated {
            what: "table stream header",
            offset: (trange.start + off) as u64,
            needed: need as u64,
            available: ts.len() as u64,
        };
        let heap_sizes = *ts.get(6).ok_or_else(|| trunc_ts(0, 24))?;
        let valid = u64_at(ts, 8).ok_or_else(|| trunc_ts(8, 8))?;
        let sorted = u64_at(ts, 16).ok_or_else(|| trunc_ts(16, 8))?;
        let mut tables = [TableInfo::default(); TABLE_COUNT];
        let mut p = 24;
        for n in 0..64u8 {
            if valid & (1u64 << n) == 0 {
                continue;
            }
            let rows = u32_at(ts, p).ok_or_else(|| trunc_ts(p, 4))?;
            p += 4;
            if (n as usize) >= TABLE_COUNT {
                return Err(MetadataError::UnsupportedTable { number: n });
            }
            if rows > 0x00FF_FFFF {
                return Err(MetadataError::BadHeader {
                    what: "table row count",
                    offset: (trange.start + p - 4) as u64,
                    value: rows as u64,
                });
            }
            tables[n as usize].rows = rows;
        }
        if heap_sizes & 0x40 != 0 {
            p += 4; // extra data (uncompressed ENC streams)
        }
        let idx_width = |t: TableId| {
            if tables[t as usize].rows > 0xFFFF {
                4u8
            } else {
                2
            }
        };
        let mut widths = [[0u8; 9]; TABLE_COUNT];
        for &t in TableId::ALL {
            for (i, (_, col)) in columns(t).iter().enumerate() {
                widths[t as usize][i] = match *col {
                    Col::U16 => 2,
                    Col::U32 => 4,
                    Col::Str => {
                        if heap_sizes & 1 != 0 {
                            4
                        } else {
                            2
                        }
                    }
                    Col::Guid => {
                        if heap_sizes & 2 != 0 {
                            4
                        } else {
                            2
                        }
                    }
                    Col::Blob => {
                        if heap_sizes & 4 != 0 {
                            4
                        } else {
                            2
                        }
                    }
                    Col::Idx(target) => idx_width(target),
                    Col::Coded(k) => {
                        let max = k
                            .tables()
                            .iter()
                            .flatten()
                            .map(|t| tables[*t as usize].rows)
                            .max()
                            .unwrap_or(0);
                        if max >= (1u32 << (16 - k.tag_bits())) {
                            4
                        } else {
                            2
                        }
                    }
                };
            }
        }
        for &t in TableId::ALL {
            let info = &mut tables[t as usize];
            let cols = columns(t);
            let mut o = 0u8;
            for i in 0..cols.len() {
                info.col_offsets[i] = o;
                info.col_widths[i] = widths[t as usize][i];
                o += widths[t as usize][i];
            }
            info.ncols = cols.len() as u8;
            info.row_size = o as u32;
            info.offset = trange.start + p;
            let size = info.rows as usize * o as usize;
            if p + size > ts.len() {
                return Err(MetadataError::Truncated {
                    what: "table data",
                    offset: (trange.start + p) as u64,
                    needed: size as u64,
                    available: (ts.len() - p.min(ts.len())) as u64,
                });
            }
            p += size;
        }
        let inner = Inner {
            path,
            pe,
            cor,
            cor_offset,
            metadata,
            version,
            streams,
            strings,
            user_strings,
            blob,
            guid,
            uncompressed,
            heap_sizes,
            valid,
            sorted,
            tables,
            method_owner: OnceLock::new(),
            field_owner: OnceLock::new(),
            type_index: OnceLock::new(),
            key_indexes: lookup::KeyIndexes::default(),
            data,
        };
        Ok(Assembly {
            inner: Arc::new(inner),
        })
    }

    // ----- container -------------------------------------------------------

    /// The whole file.
    pub fn bytes(&self) -> &[u8] {
        self.inner.data.bytes()
    }
    /// The path this image was opened from, if any.
    pub fn path(&self) -> Option<&Path> {
        self.inner.path.as_deref()
    }
    /// PE headers (COFF fields, optional header, data directories, sections).
    pub fn pe(&self) -> &PeHeaders {
        &self.inner.pe
    }
    /// Section headers.
    pub fn sections(&self) -> &[SectionHeader] {
        &self.inner.pe.sections
    }
    /// The data directory at `index` (see [`crate::pe::directory`]).
    pub fn data_directory(&self, index: usize) -> DataDirectory {
        self.inner.pe.data_directory(index)
    }
    /// The CLI (COR) header.
    pub fn cor_header(&self) -> &CorHeader {
        &self.inner.cor
    }
    /// The memo slot of this assembly's type-name index (see `set`).
    pub(crate) fn type_index_memo(&self) -> &OnceLock<crate::set::TypeIndex> {
        &self.inner.type_index
    }
    /// File offset of the COR header.
    pub fn cor_header_offset(&self) -> usize {
        self.inner.cor_offset
    }
    /// Maps an RVA to a file offset, requiring `len` file-backed bytes.
    pub fn rva_to_offset(&self, rva: u32, len: u32) -> Option<usize> {
        self.inner.pe.rva_to_offset(rva, len)
    }
    /// The `len` bytes at `rva`.
    ///
    /// # Errors
    /// [`MetadataError::BadRva`] if the range is not file-backed by one section.
    pub fn rva_slice(&self, rva: u32, len: u32) -> Result<&[u8]> {
        let off = self
            .rva_to_offset(rva, len)
            .ok_or(MetadataError::BadRva { rva, len })?;
        Ok(&self.bytes()[off..off + len as usize])
    }
    /// The bytes from `rva` to the end of its section's raw data.
    ///
    /// # Errors
    /// [`MetadataError::BadRva`] if `rva` is not in a section.
    pub fn rva_tail(&self, rva: u32) -> Result<&[u8]> {
        let s = self
            .inner
            .pe
            .section_for_rva(rva)
            .ok_or(MetadataError::BadRva { rva, len: 1 })?;
        let avail = s.size_of_raw_data.saturating_sub(rva - s.virtual_address);
        if avail == 0 {
            return Err(MetadataError::BadRva { rva, len: 1 });
        }
        self.rva_slice(rva, avail)
    }
    /// The `READYTORUN_HEADER` bytes (from the COR header's
    /// `ManagedNativeHeader`) if this is a ReadyToRun image.
    pub fn ready_to_run_header(&self) -> Option<&[u8]> {
        let d = self.inner.cor.managed_native_header;
        if d.rva == 0 || d.size < 16 {
            return None;
        }
        let b = self.rva_slice(d.rva, d.size).ok()?;
        (u32_at(b, 0) == Some(crate::pe::READYTORUN_SIGNATURE)).then_some(b)
    }
    /// True when the COR header points at a `READYTORUN_HEADER`.
    pub fn is_ready_to_run(&self) -> bool {
        self.ready_to_run_header().is_some()
    }

    // ----- metadata root ----------------------------------------------------

    /// The metadata root bytes (`BSJB` ...).
    pub fn metadata_bytes(&self) -> &[u8] {
        &self.bytes()[self.inner.metadata.clone()]
    }
    /// The metadata version string (e.g. `v4.0.30319`).
    pub fn metadata_version(&self) -> &str {
        &self.inner.version
    }
    /// The stream headers.
    pub fn streams(&self) -> &[StreamHeader] {
        &self.inner.streams
    }
    /// True when tables come from an uncompressed `#-` stream.
    pub fn is_uncompressed(&self) -> bool {
        self.inner.uncompressed
    }
    /// The table stream's `HeapSizes` byte.
    pub fn heap_sizes(&self) -> u8 {
        self.inner.heap_sizes
    }
    /// The `Valid` and `Sorted` bit vectors.
    pub fn table_masks(&self) -> (u64, u64) {
        (self.inner.valid, self.inner.sorted)
    }

    // ----- heaps --------------------------------------------------------------

    /// The raw `#Strings` heap.
    pub fn strings_heap(&self) -> &[u8] {
        &self.bytes()[self.inner.strings.clone()]
    }
    /// The raw `#Blob` heap.
    pub fn blob_heap(&self) -> &[u8] {
        &self.bytes()[self.inner.blob.clone()]
    }
    /// The raw `#US` heap.
    pub fn user_string_heap(&self) -> &[u8] {
        &self.bytes()[self.inner.user_strings.clone()]
    }
    /// The raw `#GUID` heap.
    pub fn guid_heap(&self) -> &[u8] {
        &self.bytes()[self.inner.guid.clone()]
    }
    /// A `#Strings` entry.
    ///
    /// # Errors
    /// [`MetadataError::BadHeapIndex`].
    pub fn string(&self, index: StringIndex) -> Result<&str> {
        heaps::string(self.strings_heap(), index.0)
    }
    /// A `#Blob` entry.
    ///
    /// # Errors
    /// [`MetadataError::BadHeapIndex`].
    pub fn blob(&self, index: BlobIndex) -> Result<&[u8]> {
        heaps::blob(self.blob_heap(), index.0)
    }
    /// A `#GUID` entry (`None` for index 0).
    ///
    /// # Errors
    /// [`MetadataError::BadHeapIndex`].
    pub fn guid(&self, index: GuidIndex) -> Result<Option<[u8; 16]>> {
        heaps::guid(self.guid_heap(), index.0)
    }
    /// A `#US` entry as raw UTF-16LE bytes.
    ///
    /// # Errors
    /// [`MetadataError::BadHeapIndex`].
    pub fn user_string_utf16(&self, index: UserStringIndex) -> Result<&[u8]> {
        heaps::user_string(self.user_string_heap(), index.0)
    }
    /// A `#US` entry decoded (unpaired surrogates replaced).
    ///
    /// # Errors
    /// [`MetadataError::BadHeapIndex`].
    pub fn user_string(&self, index: UserStringIndex) -> Result<String> {
        Ok(heaps::utf16_to_string(self.user_string_utf16(index)?))
    }

    // ----- tables -------------------------------------------------------------

    /// Number of rows in `table`.
    pub fn row_count(&self, table: TableId) -> u32 {
        self.inner.tables[table as usize].rows
    }
    /// Size in bytes of one row of `table`.
    pub fn row_size(&self, table: TableId) -> u32 {
        self.inner.tables[table as usize].row_size
    }
    /// File offset of the first row of `table` (rows are `row_size` apart).
    pub fn table_offset(&self, table: TableId) -> usize {
        self.inner.tables[table as usize].offset
    }
    /// True when the `Sorted` bit of `table` is set.
    pub fn is_sorted(&self, table: TableId) -> bool {
        self.inner.sorted & (1u64 << table as u8) != 0
    }

    /// Raw column values of row `rid` of `table` (up to 9 columns).
    ///
    /// # Errors
    /// [`MetadataError::RowOutOfRange`].
    #[inline]
    #[allow(clippy::needless_range_loop)]
    pub fn raw_row(&self, table: TableId, rid: u32) -> Result<[u32; 9]> {
        let info = &self.inner.tables[table as usize];
        if rid == 0 || rid > info.rows {
            return Err(MetadataError::RowOutOfRange {
                table,
                row: rid,
                count: info.rows,
            });
        }
        let base = info.offset + (rid as usize - 1) * info.row_size as usize;
        let row = &self.bytes()[base..base + info.row_size as usize];
        let mut out = [0u32; 9];
        for i in 0..info.ncols as usize {
            let o = info.col_offsets[i] as usize;
            out[i] = if info.col_widths[i] == 2 {
                u16::from_le_bytes([row[o], row[o + 1]]) as u32
            } else {
                u32::from_le_bytes([row[o], row[o + 1], row[o + 2], row[o + 3]])
            };
        }
        Ok(out)
    }

    /// One raw column of row `rid` of `table`.
    ///
    /// # Errors
    /// [`MetadataError::RowOutOfRange`].
    #[inline]
    pub fn raw_column(&self, table: TableId, rid: u32, col: usize) -> Result<u32> {
        let info = &self.inner.tables[table as usize];
        if rid == 0 || rid > info.rows {
            return Err(MetadataError::RowOutOfRange {
                table,
                row: rid,
                count: info.rows,
            });
        }
        let o = info.offset
            + (rid as usize - 1) * info.row_size as usize
            + info.col_offsets[col] as usize;
        let b = self.bytes();
        Ok(if info.col_widths[col] == 2 {
            u16::from_le_bytes([b[o], b[o + 1]]) as u32
        } else {
            u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
        })
    }

    /// Decodes the row `handle` points at.
    ///
    /// # Errors
    /// [`MetadataError::RowOutOfRange`] or [`MetadataError::BadColumn`].
    #[inline]
    pub fn row<R: Row>(&self, handle: R::Handle) -> Result<R> {
        let raw = self.raw_row(R::TABLE, handle.rid())?;
        R::decode(&raw, handle.rid())
    }

    /// All handles of a table, in row order.
    pub fn handles<H: Handle>(&self) -> impl ExactSizeIterator<Item = H> + '_ {
        (1..self.row_count(H::TABLE) + 1).map(H::from_rid)
    }

    /// All rows of a table with their handles.
    pub fn rows<R: Row>(&self) -> impl Iterator<Item = Result<(R::Handle, R)>> + '_ {
        (1..=self.row_count(R::TABLE)).map(move |rid| {
            let h = R::Handle::from_rid(rid);
            self.row::<R>(h).map(|r| (h, r))
        })
    }

    // ----- convenience rows ------------------------------------------------------

    /// A `TypeDef` row.
    ///
    /// # Errors
    /// As [`Assembly::row`].
    pub fn type_def(&self, h: TypeDefHandle) -> Result<TypeDefRow> {
        self.row(h)
    }
    /// A `TypeRef` row.
    ///
    /// # Errors
    /// As [`Assembly::row`].
    pub fn type_ref(&self, h: TypeRefHandle) -> Result<TypeRefRow> {
        self.row(h)
    }
    /// A `MethodDef` row.
    ///
    /// # Errors
    /// As [`Assembly::row`].
    pub fn method_def(&self, h: MethodDefHandle) -> Result<MethodDefRow> {
        self.row(h)
    }
    /// A `Field` row.
    ///
    /// # Errors
    /// As [`Assembly::row`].
    pub fn field(&self, h: FieldHandle) -> Result<FieldRow> {
        self.row(h)
    }
    /// A `MemberRef` row.
    ///
    /// # Errors
    /// As [`Assembly::row`].
    pub fn member_ref(&self, h: MemberRefHandle) -> Result<MemberRefRow> {
        self.row(h)
    }

    /// The assembly's simple name (from the `Assembly` row; `None` for a netmodule).
    pub fn name(&self) -> Option<&str> {
        let row: AssemblyRow = self.row(AssemblyHandle(1)).ok()?;
        self.string(row.name).ok()
    }

    /// The module name (from the `Module` row).
    ///
    /// # Errors
    /// As [`Assembly::row`] / [`Assembly::string`].
    pub fn module_name(&self) -> Result<&str> {
        let row: ModuleRow = self.row(ModuleHandle(1))?;
        self.string(row.name)
    }

    /// `(namespace, name)` of a TypeDef.
    ///
    /// # Errors
    /// As [`Assembly::row`] / [`Assembly::string`].
    pub fn type_def_name(&self, h: TypeDefHandle) -> Result<(&str, &str)> {
        let r = self.type_def(h)?;
        Ok((self.string(r.namespace)?, self.string(r.name)?))
    }

    /// `(namespace, name)` of a TypeRef.
    ///
    /// # Errors
    /// As [`Assembly::row`] / [`Assembly::string`].
    pub fn type_ref_name(&self, h: TypeRefHandle) -> Result<(&str, &str)> {
        let r = self.type_ref(h)?;
        Ok((self.string(r.namespace)?, self.string(r.name)?))
    }

    // ----- lists -----------------------------------------------------------------

    /// The run of rows a list column starts: `[start, next row's start)` or to
    /// the end of the target table, through the `*Ptr` table when present.
    fn list(
        &self,
        owner: TableId,
        rid: u32,
        col: usize,
        target: TableId,
        column: &'static str,
    ) -> Result<ListIter<'_>> {
        let start = self.raw_column(owner, rid, col)?;
        let count = self.row_count(target);
        let end = if rid < self.row_count(owner) {
            self.raw_column(owner, rid + 1, col)?
        } else {
            count + 1
        };
        if start == 0 || start > count + 1 {
            return Err(MetadataError::BadColumn {
                table: owner,
                row: rid,
                column,
                value: start,
            });
        }
        if end < start || end > count + 1 {
            return Err(MetadataError::BadColumn {
                table: owner,
                row: rid + 1,
                column,
                value: end,
            });
        }
        let ptr = ptr_table(target).filter(|p| self.row_count(*p) > 0);
        Ok(ListIter {
            asm: self,
            range: start..end,
            ptr,
        })
    }

    /// The fields of a type.
    ///
    /// # Errors
    /// [`MetadataError::BadColumn`] when the `FieldList` run is malformed.
    pub fn type_fields(&self, h: TypeDefHandle) -> Result<impl Iterator<Item = FieldHandle> + '_> {
        Ok(self
            .list(TableId::TypeDef, h.0, 4, TableId::Field, "field_list")?
            .map(FieldHandle))
    }
    /// The methods of a type.
    ///
    /// # Errors
    /// [`MetadataError::BadColumn`] when the `MethodList` run is malformed.
    pub fn type_methods(
        &self,
        h: TypeDefHandle,
    ) -> Result<impl Iterator<Item = MethodDefHandle> + '_> {
        Ok(self
            .list(TableId::TypeDef, h.0, 5, TableId::MethodDef, "method_list")?
            .map(MethodDefHandle))
    }
    /// The parameters of a method.
    ///
    /// # Errors
    /// [`MetadataError::BadColumn`] when the `ParamList` run is malformed.
    pub fn method_params(
        &self,
        h: MethodDefHandle,
    ) -> Result<impl Iterator<Item = ParamHandle> + '_> {
        Ok(self
            .list(TableId::MethodDef, h.0, 5, TableId::Param, "param_list")?
            .map(ParamHandle))
    }
    /// The properties of a `PropertyMap` row.
    ///
    /// # Errors
    /// [`MetadataError::BadColumn`] when the run is malformed.
    pub fn property_map_properties(
        &self,
        h: PropertyMapHandle,
    ) -> Result<impl Iterator<Item = PropertyHandle> + '_> {
        Ok(self
            .list(
                TableId::PropertyMap,
                h.0,
                1,
                TableId::Property,
                "property_list",
            )?
            .map(PropertyHandle))
    }
    /// The events of an `EventMap` row.
    ///
    /// # Errors
    /// [`MetadataError::BadColumn`] when the run is malformed.
    pub fn event_map_events(
        &self,
        h: EventMapHandle,
    ) -> Result<impl Iterator<Item = EventHandle> + '_> {
        Ok(self
            .list(TableId::EventMap, h.0, 1, TableId::Event, "event_list")?
            .map(EventHandle))
    }

    // ----- method bodies ---------------------------------------------------------

    /// The IL body of a method (`None` when its RVA is 0: abstract, runtime,
    /// internal-call or P/Invoke methods).
    ///
    /// # Errors
    /// [`MetadataError::BadRva`] / [`MetadataError::BadMethodBody`].
    pub fn method_body(&self, h: MethodDefHandle) -> Result<Option<MethodBody<'_>>> {
        let rva = self.raw_column(TableId::MethodDef, h.0, 0)?;
        if rva == 0 {
            return Ok(None);
        }
        MethodBody::parse(self.rva_tail(rva)?, rva).map(Some)
    }
}

/// Iterator over the row ids of a list run (through a `*Ptr` table if any).
struct ListIter<'a> {
    asm: &'a Assembly,
    range: Range<u32>,
    ptr: Option<TableId>,
}

impl Iterator for ListIter<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        let i = self.range.next()?;
        match self.ptr {
            None => Some(i),
            Some(p) => Some(self.asm.raw_column(p, i, 0).unwrap_or(0)),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        self.range.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync_static<T: Send + Sync + 'static>() {}

    #[test]
    fn assembly_is_send_sync_static() {
        assert_send_sync_static::<Assembly>();
    }

    #[test]
    fn rejects_non_pe() {
        assert!(matches!(
            Assembly::from_bytes(vec![0; 10]),
            Err(MetadataError::Truncated { .. }) | Err(MetadataError::BadHeader { .. })
        ));
        assert!(matches!(
            Assembly::from_bytes(b"MZ".to_vec()),
            Err(MetadataError::Truncated { .. })
        ));
    }
}
