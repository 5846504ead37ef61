//! Round-trip checks of a decoded image: every structure kiln can write is
//! re-encoded with kiln's writers and compared byte for byte with the
//! original (see `docs/r2r-check.md` for what is compared and why).

use std::collections::HashMap;

use kiln_gcinfo::decode as decode_gc;
use kiln_runtime_abi::debuginfo::DebugInfo;
use kiln_runtime_abi::eh;
use kiln_runtime_abi::gcrefmap;
use kiln_runtime_abi::native::{
    read_unsigned, NativeArrayReader, NativeHashtableReader, NativeWriter,
};
use kiln_runtime_abi::nibble::encode_fixup_list;
use kiln_runtime_abi::r2r::SectionType;
use kiln_runtime_abi::sig::MethodSig;
use kiln_runtime_abi::sig::SigReader;

use super::{MethodKey, R2rImage};

/// Counters and findings of one image's check.
#[derive(Clone, Debug, Default)]
pub struct CheckReport {
    /// Methods checked.
    pub methods: usize,
    /// Structures compared, by category.
    pub compared: HashMap<&'static str, usize>,
    /// Byte mismatches: (category, description).
    pub mismatches: Vec<(&'static str, String)>,
    /// Decode errors: (category, description).
    pub decode_errors: Vec<(&'static str, String)>,
    /// GC infos whose live-set order needed the stored layout hint.
    pub gc_layout_hints: usize,
}

impl CheckReport {
    fn ok(&mut self, cat: &'static str) {
        *self.compared.entry(cat).or_default() += 1;
    }
    fn cmp(
        &mut self,
        cat: &'static str,
        what: impl FnOnce() -> String,
        ours: &[u8],
        theirs: &[u8],
    ) {
        self.ok(cat);
        if ours != theirs {
            let at = ours
                .iter()
                .zip(theirs)
                .position(|(a, b)| a != b)
                .unwrap_or(ours.len().min(theirs.len()));
            self.mismatches.push((
                cat,
                format!(
                    "{}: first difference at byte {at} (ours {} bytes, image {} bytes)",
                    what(),
                    ours.len(),
                    theirs.len()
                ),
            ));
        }
    }
    fn dec(&mut self, cat: &'static str, e: impl std::fmt::Display) {
        self.decode_errors.push((cat, e.to_string()));
    }
}

/// Runs every round-trip check on an image.
pub fn check_image(img: &R2rImage) -> CheckReport {
    let mut r = CheckReport {
        methods: img.methods.len(),
        ..Default::default()
    };
    check_tables(img, &mut r);
    check_hashes(img, &mut r);
    check_imports(img, &mut r);
    check_unwind(img, &mut r);
    check_gc_info(img, &mut r);
    check_eh(img, &mut r);
    check_entry_points(img, &mut r);
    check_instance_entry_points(img, &mut r);
    check_available_types(img, &mut r);
    check_debug_info(img, &mut r);
    r
}

fn check_imports(img: &R2rImage, r: &mut CheckReport) {
    for s in &img.import_sections {
        for (i, c) in s.cells.iter().enumerate() {
            match &c.sig {
                Ok((sig, Some(len))) => {
                    if let (Some(enc), Ok(orig)) = (
                        sig.encode(),
                        img.slice(c.sig_rva, *len as u32, "fixup signature"),
                    ) {
                        r.cmp(
                            "fixup signatures",
                            || format!("section {} cell {i} ({:#x})", s.index, c.sig_rva),
                            &enc,
                            orig,
                        );
                    }
                }
                Ok((_, None)) => r.ok("fixup signatures (opaque kinds, decoded kind only)"),
                Err(e) => r.dec(
                    "fixup signatures",
                    format!("section {} cell {i}: {e}", s.index),
                ),
            }
        }
        if s.aux != 0 {
            let maps: Vec<_> = s
                .cells
                .iter()
                .map(|c| c.gc_ref_map.clone().unwrap_or_default())
                .collect();
            let enc = gcrefmap::encode_section(&maps);
            match img.slice(s.aux, s.aux_len as u32, "GCRefMap") {
                Ok(orig) => r.cmp(
                    "GCRefMap sections",
                    || format!("import section {}", s.index),
                    &enc,
                    orig,
                ),
                Err(e) => r.dec("GCRefMap sections", e),
            }
        }
    }
}

fn check_unwind(img: &R2rImage, r: &mut CheckReport) {
    for rf in &img.runtime_functions {
        let enc = match rf.personality {
            Some(p) => rf.unwind.encode_r2r(p),
            None => {
                let mut v = rf.unwind.encode();
                v.resize(v.len().next_multiple_of(4), 0);
                v
            }
        };
        match img.slice(rf.unwind_rva, enc.len() as u32, "unwind") {
            Ok(orig) => r.cmp(
                "unwind info",
                || format!("RUNTIME_FUNCTION at {:#x}", rf.begin),
                &enc,
                orig,
            ),
            Err(e) => r.dec("unwind info", e),
        }
        // Format-neutral round trip: stencil → UNWIND_INFO must give the same codes.
        if let Some(st) = rf.unwind.to_stencil() {
            let back = kiln_runtime_abi::unwind::UnwindBlob::from_stencil(&st);
            let ours = kiln_runtime_abi::unwind::UnwindBlob {
                flags: rf.unwind.flags,
                ..back
            };
            r.cmp(
                "unwind info via stencil",
                || format!("RUNTIME_FUNCTION at {:#x}", rf.begin),
                &ours.encode(),
                &rf.unwind.encode(),
            );
        } else {
            // e.g. UWOP_SET_FPREG_LARGE: the stencil's frame offset is a u8 (≤ 240).
            r.ok("unwind info not expressible as a stencil (compared as bytes only)");
        }
    }
}

fn check_gc_info(img: &R2rImage, r: &mut CheckReport) {
    for m in &img.methods {
        let bytes = match img.gc_info_bytes(m) {
            Ok(b) => b,
            Err(e) => {
                r.dec("GC info", e);
                continue;
            }
        };
        let d = match decode_gc(bytes) {
            Ok(d) => d,
            Err(e) => {
                r.dec("GC info", format!("{}: {e}", m.name));
                continue;
            }
        };
        let orig = &bytes[..d.size];
        let desc = d.to_desc();
        match desc.encode() {
            Ok(enc) if enc == orig => r.ok("GC info"),
            Ok(enc) => {
                // The live-set order depends on slots crossgen2 deleted; retry with the stored order.
                let hinted = d.live_set_order_hint().and_then(|h| {
                    let mut d2 = desc.clone();
                    d2.live_set_order = Some(h);
                    d2.encode().ok()
                });
                if hinted.as_deref() == Some(orig) {
                    r.ok("GC info");
                    r.gc_layout_hints += 1;
                } else {
                    r.cmp(
                        "GC info",
                        || format!("{} at {:#x}", m.name, m.gc_info_rva),
                        &enc,
                        orig,
                    );
                }
            }
            Err(e) => r.dec("GC info", format!("{}: re-encode failed: {e}", m.name)),
        }
    }
}

fn check_eh(img: &R2rImage, r: &mut CheckReport) {
    let Some(s) = img.section(SectionType::ExceptionInfo) else {
        return;
    };
    let Ok(buf) = img.slice(s.rva, s.size, "ExceptionInfo") else {
        return;
    };
    let Ok((entries, sentinel)) = eh::decode_lookup(buf, s.size as usize) else {
        r.dec("EH", "lookup table");
        return;
    };
    let lookup: Vec<eh::EhLookupEntry> = entries.iter().map(|e| e.0).collect();
    r.cmp(
        "EH lookup table",
        || "ExceptionInfo".into(),
        &eh::encode_lookup(&lookup, sentinel.clauses),
        buf,
    );
    if sentinel.method_start != u32::MAX {
        r.mismatches.push((
            "EH lookup table",
            format!("sentinel method start {:#x}", sentinel.method_start),
        ));
    }
    for m in &img.methods {
        if m.eh.is_empty() {
            continue;
        }
        let begin = img.runtime_functions[m.entry.runtime_function as usize].begin;
        let Some((e, _)) = entries.iter().find(|e| e.0.method_start == begin) else {
            continue;
        };
        let mut enc = Vec::new();
        m.eh.iter().for_each(|c| eh::encode_clause(c, &mut enc));
        if let Ok(orig) = img.slice(e.clauses, enc.len() as u32, "EH clauses") {
            r.cmp("EH clauses", || m.name.clone(), &enc, orig);
        }
    }
}

fn check_entry_points(img: &R2rImage, r: &mut CheckReport) {
    let Some(s) = img.section(SectionType::MethodDefEntryPoints) else {
        return;
    };
    let Ok(buf) = img.slice(s.rva, s.size, "MethodDefEntryPoints") else {
        return;
    };
    let mut w = NativeWriter::new();
    let arr = w.new_array();
    w.place(arr);
    let mut blobs: HashMap<Vec<u8>, _> = HashMap::new();
    for m in &img.methods {
        if let MethodKey::Def(rid) = m.key {
            let fix = m.entry.fixup_blob.map(|(at, len)| {
                let bytes = buf[at..at + len].to_vec();
                let enc = encode_fixup_list(&m.entry.fixups);
                r.cmp("fixup lists", || m.name.clone(), &enc, &bytes);
                *blobs.entry(bytes.clone()).or_insert_with(|| w.blob(bytes))
            });
            let e = w.entry_point(m.entry.runtime_function, fix);
            w.array_set(arr, rid as usize - 1, e);
        }
    }
    w.expand_array(arr);
    let enc = w.save();
    r.cmp("MethodDefEntryPoints", || "NativeArray".into(), &enc, buf);
}

fn check_instance_entry_points(img: &R2rImage, r: &mut CheckReport) {
    let Some(s) = img.section(SectionType::InstanceMethodEntryPoints) else {
        return;
    };
    let Ok(buf) = img.slice(s.rva, s.size, "InstanceMethodEntryPoints") else {
        return;
    };
    let Ok(t) = NativeHashtableReader::new(buf, 0) else {
        return;
    };
    let Ok(mut entries) = t.entries(buf) else {
        return;
    };
    // Placement order = offset order; hashtable append order = the same.
    let table_order: Vec<(u32, usize)> = entries
        .iter()
        .map(|e| ((e.bucket << 8) | e.low_hash as u32, e.offset))
        .collect();
    entries.sort_by_key(|e| e.offset);
    let mut w = NativeWriter::new();
    let table = w.new_hashtable();
    w.place(table);
    let mut blobs: HashMap<Vec<u8>, _> = HashMap::new();
    let mut vertex_at = HashMap::new();
    for e in &entries {
        let mut sr = SigReader::new(&buf[e.offset..]);
        if MethodSig::decode(&mut sr).is_err() {
            r.dec(
                "InstanceMethodEntryPoints",
                format!("signature at {:#x}", e.offset),
            );
            return;
        }
        let sig = w.blob(buf[e.offset..e.offset + sr.pos()].to_vec());
        let at = e.offset + sr.pos();
        let Ok((id, next)) = read_unsigned(buf, at) else {
            return;
        };
        let fix = if id & 1 != 0 {
            let blob_at = if id & 2 == 0 {
                next
            } else {
                match read_unsigned(buf, next)
                    .ok()
                    .and_then(|x| next.checked_sub(x.0 as usize))
                {
                    Some(b) => b,
                    None => {
                        r.dec(
                            "InstanceMethodEntryPoints",
                            format!("bad fixup back-reference at {next:#x}"),
                        );
                        return;
                    }
                }
            };
            let Ok((_, len)) = kiln_runtime_abi::nibble::decode_fixup_list(&buf[blob_at..]) else {
                return;
            };
            let bytes = buf[blob_at..blob_at + len].to_vec();
            Some(*blobs.entry(bytes.clone()).or_insert_with(|| w.blob(bytes)))
        } else {
            None
        };
        let rf = if id & 1 != 0 { id >> 2 } else { id >> 1 };
        let v = w.entry_point_with_blob(rf, fix, sig);
        w.place(v);
        vertex_at.insert(e.offset, v);
    }
    for (hash, off) in &table_order {
        w.hashtable_append(table, *hash, vertex_at[off]);
    }
    let enc = w.save();
    r.cmp(
        "InstanceMethodEntryPoints",
        || "NativeHashtable".into(),
        &enc,
        buf,
    );
}

fn check_available_types(img: &R2rImage, r: &mut CheckReport) {
    let Some(s) = img.section(SectionType::AvailableTypes) else {
        return;
    };
    let Ok(buf) = img.slice(s.rva, s.size, "AvailableTypes") else {
        return;
    };
    let mut by_offset: Vec<_> = img.available_types.clone();
    by_offset.sort_by_key(|t| t.offset);
    let mut w = NativeWriter::new();
    let table = w.new_hashtable();
    w.place(table);
    let mut vertex_at = HashMap::new();
    for t in &by_offset {
        let v = w.unsigned((t.rid << 1) | t.exported as u32);
        w.place(v);
        vertex_at.insert(t.offset, v);
    }
    for t in &img.available_types {
        w.hashtable_append(table, t.hash_key, vertex_at[&t.offset]);
    }
    let enc = w.save();
    r.cmp("AvailableTypes", || "NativeHashtable".into(), &enc, buf);
    // The stored hashes must be the version-resilient hashes of the names.
    let names = super::Names::new(&img.assembly);
    let _ = names;
}

fn check_debug_info(img: &R2rImage, r: &mut CheckReport) {
    let Some(s) = img.section(SectionType::DebugInfo) else {
        return;
    };
    let Ok(buf) = img.slice(s.rva, s.size, "DebugInfo") else {
        return;
    };
    let Ok(arr) = NativeArrayReader::new(buf, 0) else {
        return;
    };
    let mut w = NativeWriter::new();
    let a = w.new_array();
    w.place(a);
    let mut blobs: HashMap<Vec<u8>, _> = HashMap::new();
    for i in 0..arr.len() {
        let Ok(Some(at)) = arr.get(buf, i) else {
            continue;
        };
        let Ok((back, next)) = read_unsigned(buf, at) else {
            continue;
        };
        let Some(blob_at) = (if back == 0 {
            Some(next)
        } else {
            at.checked_sub(back as usize)
        }) else {
            r.dec(
                "debug info",
                format!("RUNTIME_FUNCTION {i}: bad back-reference"),
            );
            continue;
        };
        match DebugInfo::decode(&buf[blob_at..]) {
            Ok((d, len)) => {
                let orig = &buf[blob_at..blob_at + len];
                let enc = d.encode();
                r.cmp("debug info", || format!("RUNTIME_FUNCTION {i}"), &enc, orig);
                let v = *blobs
                    .entry(orig.to_vec())
                    .or_insert_with(|| w.blob(orig.to_vec()));
                let e = w.debug_info(v);
                w.array_set(a, i as usize, e);
            }
            Err(e) => r.dec("debug info", format!("RUNTIME_FUNCTION {i}: {e}")),
        }
    }
    w.expand_array(a);
    let enc = w.save();
    r.cmp("DebugInfo section", || "NativeArray".into(), &enc, buf);
}

fn check_tables(img: &R2rImage, r: &mut CheckReport) {
    use kiln_runtime_abi::r2r::tables::{
        encode_runtime_functions, Header, ImportSectionRecord, RuntimeFunction, SectionEntry,
    };
    // READYTORUN_HEADER and its section directory (sorted by type).
    let h = Header {
        major: img.major,
        minor: img.minor,
        flags: img.flags,
        sections: img
            .sections
            .iter()
            .map(|s| SectionEntry {
                ty: s.ty,
                rva: s.rva,
                size: s.size,
            })
            .collect(),
    };
    let hdr = h.encode();
    if let Ok(orig) = img.slice(img.header_rva, hdr.len() as u32, "READYTORUN_HEADER") {
        r.cmp("READYTORUN_HEADER", || "header".into(), &hdr, orig);
    }
    if img.flags & !kiln_runtime_abi::r2r::flags::ALL_9_1 != 0 {
        r.mismatches.push((
            "READYTORUN_HEADER",
            format!("flags {:#x} outside R2R 9.1", img.flags),
        ));
    }
    // ImportSections array.
    if let Some(sec) = img.section(SectionType::ImportSections) {
        let mut t = Vec::new();
        for s in &img.import_sections {
            ImportSectionRecord {
                rva: s.rva,
                size: s.size,
                flags: s.flags,
                ty: s.ty,
                entry_size: s.entry_size,
                signatures: s.signatures,
                aux: s.aux,
            }
            .encode(&mut t);
        }
        if let Ok(orig) = img.slice(sec.rva, sec.size, "ImportSections") {
            r.cmp("ImportSections table", || "ImportSections".into(), &t, orig);
        }
    }
    // RuntimeFunctions: the entries, then the sentinel just past the section.
    if let Some(sec) = img.section(SectionType::RuntimeFunctions) {
        let f: Vec<RuntimeFunction> = img
            .runtime_functions
            .iter()
            .map(|rf| RuntimeFunction {
                begin: rf.begin,
                end: rf.end,
                unwind: rf.unwind_rva,
            })
            .collect();
        let t = encode_runtime_functions(&f);
        match img.slice(sec.rva, sec.size.saturating_add(4), "RuntimeFunctions") {
            Ok(orig) => r.cmp(
                "RuntimeFunctions table (with sentinel)",
                || "RuntimeFunctions".into(),
                &t,
                orig,
            ),
            Err(e) => r.dec("RuntimeFunctions table (with sentinel)", e),
        }
        if img
            .runtime_functions
            .windows(2)
            .any(|w| w[0].end > w[1].begin)
        {
            r.mismatches.push((
                "RuntimeFunctions table (with sentinel)",
                "entries unsorted or overlapping".into(),
            ));
        }
    }
}

fn check_hashes(img: &R2rImage, r: &mut CheckReport) {
    use super::hashes;
    if let Some(s) = img.section(SectionType::AvailableTypes) {
        if let Some(t) = img
            .slice(s.rva, s.size, "AvailableTypes")
            .ok()
            .and_then(|b| NativeHashtableReader::new(b, 0).ok())
        {
            let mask = t.bucket_count() - 1;
            for a in &img.available_types {
                let h = if a.exported {
                    hashes::available_exported_hash(&img.assembly, a.rid)
                } else {
                    hashes::available_typedef_hash(&img.assembly, a.rid)
                };
                match h {
                    Some(h) => {
                        r.ok("type name hashes (AvailableTypes)");
                        let key = (((h >> 8) & mask) << 8) | (h & 0xFF);
                        if key != a.hash_key {
                            r.mismatches.push((
                                "type name hashes (AvailableTypes)",
                                format!(
                                    "rid {} exported {}: computed {h:#x}, stored key {:#x}",
                                    a.rid, a.exported, a.hash_key
                                ),
                            ));
                        }
                    }
                    None => r.dec(
                        "type name hashes (AvailableTypes)",
                        format!("rid {}: names unreadable", a.rid),
                    ),
                }
            }
        }
    }
    if let Some(s) = img.section(SectionType::InstanceMethodEntryPoints) {
        let Ok(buf) = img.slice(s.rva, s.size, "InstanceMethodEntryPoints") else {
            return;
        };
        let Ok(t) = NativeHashtableReader::new(buf, 0) else {
            return;
        };
        let Ok(entries) = t.entries(buf) else { return };
        let mask = t.bucket_count() - 1;
        for e in entries {
            let mut sr = SigReader::new(&buf[e.offset..]);
            let Ok(sig) = MethodSig::decode(&mut sr) else {
                continue;
            };
            match hashes::method_sig_hash(&img.assembly, &sig) {
                Some(h) => {
                    r.ok("method hashes (InstanceMethodEntryPoints)");
                    if ((h >> 8) & mask) != e.bucket || (h & 0xFF) as u8 != e.low_hash {
                        r.mismatches.push((
                            "method hashes (InstanceMethodEntryPoints)",
                            format!(
                                "entry at {:#x}: computed {h:#x}, stored bucket {} low {:#x}",
                                e.offset, e.bucket, e.low_hash
                            ),
                        ));
                    }
                }
                None => r.ok("method hashes not checkable here (types of other modules)"),
            }
        }
    }
}
