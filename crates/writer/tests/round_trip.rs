//! Write → read round trip: stencils exercising every part of the contract
//! (all import sections, funclets, EH, data and code targets, absolute
//! pointers) go through the writer; the image is decoded with the R2R reader
//! (`kiln_writer::read`) and every structure is compared with what went in.
//! Also checks the PE layout rules the Linux loader enforces.

use std::collections::BTreeSet;

use kiln_runtime_abi::stencil::{
    DebugBound, EhClause, Fragment, FragmentKind, GcRefKind, GcRefMap, Import, ImportSection,
    MethodStencil, Reloc, RelocKind, Target, UnwindInfo, UnwindOp,
};
use kiln_writer::read::R2rImage;
use kiln_writer::{ImageBuilder, WriteError, WriterOptions};

fn il_input() -> Vec<u8> {
    let tc = xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs mcs: {e}"));
    // One directory per call: the tests run in parallel.
    static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("kiln-round-trip-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cs = dir.join("rt.cs");
    std::fs::write(
        &cs,
        "class R { static int A() { return 1; } static int B() { return 2; } \
         static int C() { return 3; } \
         static int Main() { System.Console.WriteLine(\"x\"); return 100; } }",
    )
    .unwrap();
    let exe = dir.join("rt.exe");
    tc.compile_cs(&cs, &exe).unwrap();
    std::fs::read(exe).unwrap()
}

fn import(section: ImportSection, signature: &[u8], map: Option<Vec<GcRefKind>>) -> Import {
    Import {
        section,
        signature: signature.to_vec(),
        gc_ref_map: map.map(|positions| GcRefMap { positions }),
    }
}

fn reloc(offset: u32, kind: RelocKind, target: Target, addend: i64) -> Reloc {
    Reloc {
        offset,
        kind,
        target,
        addend,
    }
}

fn framed_unwind() -> UnwindInfo {
    UnwindInfo {
        prolog_size: 4,
        frame_register: Some((5, 0)),
        ops: vec![
            UnwindOp::PushNonVolatile {
                code_offset: 1,
                reg: 5,
            },
            UnwindOp::SetFramePointer { code_offset: 4 },
        ],
    }
}

/// Method A: calls, dispatch, lazy and string cells, data and code targets.
fn method_a() -> MethodStencil {
    let mut code = vec![0x55, 0x48, 0x8B, 0xEC]; // push rbp; mov rbp, rsp
    let call_at = code.len() as u32 + 2;
    code.extend_from_slice(&[0xFF, 0x15, 0, 0, 0, 0]); // call [rip+B cell]
    let dispatch_at = code.len() as u32 + 3;
    code.extend_from_slice(&[0x4C, 0x8D, 0x1D, 0, 0, 0, 0]); // lea r11, [rip+cell]
    code.extend_from_slice(&[0x41, 0xFF, 0x13]); // call [r11]
    let lazy_at = code.len() as u32 + 3;
    code.extend_from_slice(&[0x48, 0x8B, 0x05, 0, 0, 0, 0]); // mov rax, [rip+type cell]
    let string_at = code.len() as u32 + 3;
    code.extend_from_slice(&[0x48, 0x8B, 0x0D, 0, 0, 0, 0]); // mov rcx, [rip+string cell]
    let data_at = code.len() as u32 + 3;
    code.extend_from_slice(&[0x48, 0x8D, 0x15, 0, 0, 0, 0]); // lea rdx, [rip+data+8]
    let abs_at = code.len() as u32 + 2;
    code.extend_from_slice(&[0x48, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0]); // mov rax, imm64 (code+2)
    code.extend_from_slice(&[0x5D, 0xC3]);
    let len = code.len() as u32;
    MethodStencil {
        relocs: vec![
            reloc(
                call_at,
                RelocKind::Rel32,
                Target::Import(import(ImportSection::MethodCall, &[0x14, 3], Some(vec![]))),
                0,
            ),
            reloc(
                dispatch_at,
                RelocKind::Rel32,
                Target::Import(import(
                    ImportSection::Dispatch,
                    &[0x17, 4],
                    Some(vec![GcRefKind::Ref, GcRefKind::Skip, GcRefKind::Interior]),
                )),
                0,
            ),
            reloc(
                lazy_at,
                RelocKind::Rel32,
                Target::Import(import(ImportSection::Lazy, &[0x10, 0x08], None)),
                0,
            ),
            reloc(
                string_at,
                RelocKind::Rel32,
                Target::Import(import(ImportSection::String, &[0x1B, 1], None)),
                0,
            ),
            reloc(data_at, RelocKind::Rel32, Target::Data(8), 0),
            reloc(abs_at, RelocKind::Abs64, Target::Code(2), 0),
        ],
        gc_info: vec![0xA5, 0x5A, 0x01],
        code,
        alignment: 32,
        fragments: vec![Fragment {
            start: 0,
            end: len,
            kind: FragmentKind::MainBody,
            unwind: framed_unwind(),
        }],
        data: (0u8..16).collect(),
        data_alignment: 16,
        debug_bounds: vec![
            DebugBound {
                native_offset: 0,
                il_offset: -2,
                source: 0,
            },
            DebugBound {
                native_offset: 4,
                il_offset: 0,
                source: 1,
            },
            DebugBound {
                native_offset: len - 2,
                il_offset: -3,
                source: 0,
            },
        ],
        ..Default::default()
    }
}

/// Method B: a main body and a catch funclet with an EH clause, plus an
/// explicit fixup and the same call cell as A (deduplicated).
fn method_b() -> MethodStencil {
    let mut code = vec![0x55, 0x48, 0x8B, 0xEC, 0x90, 0x90, 0x5D, 0xC3]; // main body
    let funclet_start = code.len() as u32;
    code.extend_from_slice(&[0x55, 0x48, 0x8B, 0xEC, 0x5D, 0xC3]); // funclet
    let len = code.len() as u32;
    MethodStencil {
        relocs: vec![],
        gc_info: vec![0x11, 0x22],
        code,
        alignment: 16,
        fragments: vec![
            Fragment {
                start: 0,
                end: funclet_start,
                kind: FragmentKind::MainBody,
                unwind: framed_unwind(),
            },
            Fragment {
                start: funclet_start,
                end: len,
                kind: FragmentKind::Handler,
                unwind: framed_unwind(),
            },
        ],
        eh_clauses: vec![EhClause {
            flags: 0,
            try_start: 4,
            try_end: 6,
            handler_start: funclet_start,
            handler_end: len,
            class_token_or_filter_offset: 0x0100_0001,
        }],
        eager_fixups: vec![import(ImportSection::Lazy, &[0x10, 0x0E], None)],
        ..Default::default()
    }
}

fn method_c() -> MethodStencil {
    MethodStencil {
        code: vec![0xB8, 3, 0, 0, 0, 0xC3],
        alignment: 16,
        gc_info: vec![0x40],
        fragments: vec![Fragment {
            start: 0,
            end: 6,
            kind: FragmentKind::MainBody,
            unwind: UnwindInfo::default(),
        }],
        ..Default::default()
    }
}

fn u16_at(b: &[u8], o: usize) -> u16 {
    u16::from_le_bytes([b[o], b[o + 1]])
}
fn u32_at(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes(b[o..o + 4].try_into().unwrap())
}
fn u64_at(b: &[u8], o: usize) -> u64 {
    u64::from_le_bytes(b[o..o + 8].try_into().unwrap())
}

#[test]
fn every_structure_reads_back_as_written() {
    let input = il_input();
    let stencils = [(2u32, method_a()), (3, method_b()), (4, method_c())];
    let mut b = ImageBuilder::new(&input, WriterOptions::default()).unwrap();
    for (rid, s) in stencils.clone() {
        b.add_method(rid, s).unwrap();
    }
    // An instantiation of row 4 (as if generic) over int32.
    let instance_sig = vec![0x04, 4, 1, 0x08];
    b.add_instance_method(
        4,
        kiln_writer::InstanceKey {
            signature: instance_sig.clone(),
            hash: 0x1234_5678,
        },
        method_c(),
    )
    .unwrap();
    let bytes = b.finish().unwrap();

    // PE layout rules of the Linux mapper (MAPMapPEFile) and PEDecoder:
    // RVA == file offset modulo the page (64 KB for the new sections, as
    // crossgen2), VirtualSize <= SizeOfRawData, no shared pages, RVAs and
    // file offsets ascending, 0x200-aligned raw data inside the file.
    let pe = u32_at(&bytes, 0x3c) as usize;
    assert_eq!(u16_at(&bytes, pe + 4), 0xFD1D);
    let nsec = u16_at(&bytes, pe + 6) as usize;
    let opt = pe + 24;
    assert_eq!(u16_at(&bytes, opt), 0x20b);
    let image_base = u64_at(&bytes, opt + 24);
    let (section_alignment, file_alignment) = (u32_at(&bytes, opt + 32), u32_at(&bytes, opt + 36));
    assert_eq!((section_alignment, file_alignment), (0x1000, 0x200));
    let size_of_image = u32_at(&bytes, opt + 56);
    let size_of_headers = u32_at(&bytes, opt + 60);
    let sh = opt + u16_at(&bytes, pe + 20) as usize;
    assert!(
        sh + 40 * nsec <= 0x1000,
        "section headers beyond the first page"
    );
    let mut prev_end = 0x1000;
    let mut prev_offset_end = size_of_headers;
    let mut reloc_dir = (0, 0);
    let mut names = BTreeSet::new();
    for i in 0..nsec {
        let s = sh + 40 * i;
        let (vsize, va, raw, ptr) = (
            u32_at(&bytes, s + 8),
            u32_at(&bytes, s + 12),
            u32_at(&bytes, s + 16),
            u32_at(&bytes, s + 20),
        );
        assert!(
            names.insert(bytes[s..s + 8].to_vec()),
            "section {i}: duplicate name"
        );
        assert_eq!(
            va % 0x1000,
            ptr % 0x1000,
            "section {i}: RVA and file offset differ mod page"
        );
        if va >= 0x1_0000 {
            assert_eq!(
                va % 0x1_0000,
                ptr % 0x1_0000,
                "section {i}: new section not 64 KB-congruent"
            );
        }
        assert!(vsize <= raw, "section {i}: VirtualSize > SizeOfRawData");
        assert!(
            va >= prev_end,
            "section {i} starts inside the previous one's page"
        );
        assert!(
            ptr >= prev_offset_end,
            "section {i}: file offsets not ascending"
        );
        assert_eq!(
            (ptr % 0x200, raw % 0x200),
            (0, 0),
            "section {i}: not 0x200-aligned"
        );
        assert!(
            (ptr + raw) as usize <= bytes.len(),
            "section {i}: raw data past the file end"
        );
        assert!(va + vsize.next_multiple_of(0x1000) <= size_of_image);
        prev_end = (va + raw)
            .next_multiple_of(0x1000)
            .max(va + vsize.next_multiple_of(0x1000));
        prev_offset_end = ptr + raw;
        if &bytes[s..s + 6] == b".reloc" {
            reloc_dir = (va, vsize);
        }
    }
    // Nothing but section data after the headers: no RVA-sized padding.
    assert_eq!(bytes.len() as u32, prev_offset_end);

    let img = R2rImage::parse(bytes.clone()).unwrap();
    assert_eq!((img.major, img.minor), (9, 1));
    assert_eq!(img.compiler, WriterOptions::default().compiler_identifier);
    // The CLI header: ILONLY cleared, IL_LIBRARY set, R2R header linked.
    let cor = img.assembly.cor_header();
    assert_eq!(cor.flags & 0x5, 0x4);

    // Methods, fragments, unwind, GC info, EH.
    assert_eq!(img.methods.len(), 4);
    assert_eq!(img.runtime_functions.len(), 5);
    let inst = img
        .methods
        .iter()
        .find_map(|m| match &m.key {
            kiln_writer::read::MethodKey::Instance(sig) => Some((m, sig)),
            _ => None,
        })
        .expect("the instantiation is in InstanceMethodEntryPoints");
    let mut encoded = Vec::new();
    inst.1.encode(&mut encoded);
    assert_eq!(encoded, instance_sig);
    assert!(img
        .gc_info_bytes(inst.0)
        .unwrap()
        .starts_with(&method_c().gc_info));
    let mut code_rva = std::collections::HashMap::new();
    for (rid, s) in &stencils {
        let m = img
            .methods
            .iter()
            .find(|m| m.key == kiln_writer::read::MethodKey::Def(*rid))
            .unwrap_or_else(|| panic!("method {rid} missing"));
        assert_eq!(m.fragments.len(), s.fragments.len());
        let main = &img.runtime_functions[m.fragments[0] as usize];
        assert_eq!(main.begin % s.alignment, 0, "method {rid} misaligned");
        code_rva.insert(*rid, main.begin);
        for (fi, f) in s.fragments.iter().enumerate() {
            let rf = &img.runtime_functions[m.fragments[fi] as usize];
            assert_eq!(
                (rf.begin - main.begin, rf.end - main.begin),
                (f.start, f.end)
            );
            assert_eq!(rf.unwind.to_stencil().as_ref(), Some(&f.unwind));
            assert!(rf.personality.is_some());
        }
        assert!(img.gc_info_bytes(m).unwrap().starts_with(&s.gc_info));
        assert_eq!(m.eh, s.eh_clauses);
        assert_eq!(
            m.debug
                .as_ref()
                .map(|d| d.bounds.clone())
                .unwrap_or_default(),
            s.debug_bounds
        );
        // Code bytes equal outside relocated fields.
        let code = img.code(main).unwrap();
        let full = img.slice(main.begin, s.code.len() as u32, "code").unwrap();
        assert_eq!(&full[..code.len()], code);
        let patched: BTreeSet<u32> = s
            .relocs
            .iter()
            .flat_map(|r| {
                let w = if r.kind == RelocKind::Abs64 { 8 } else { 4 };
                r.offset..r.offset + w
            })
            .collect();
        for (i, (&got, &want)) in full.iter().zip(&s.code).enumerate() {
            if !patched.contains(&(i as u32)) {
                assert_eq!(got, want, "method {rid} byte {i}");
            }
        }
    }

    // Relocations land on the right cells, data and code.
    let a = &stencils[0].1;
    let a_rva = code_rva[&2];
    let full = img.slice(a_rva, a.code.len() as u32, "code").unwrap();
    let mut b_fixups = Vec::new();
    for r in &a.relocs {
        let field = a_rva + r.offset;
        match (&r.kind, &r.target) {
            (RelocKind::Rel32, Target::Import(i)) => {
                let disp = i32::from_le_bytes(full[r.offset as usize..][..4].try_into().unwrap());
                let target = (field as i64 + 4 + disp as i64) as u32;
                let (si, ci) = img.cell_at(target).expect("displacement hits a cell");
                let cell = &img.import_sections[si].cells[ci];
                assert_eq!(cell.rva, target, "displacement hits the cell's start");
                let len = cell.sig.as_ref().unwrap().1.unwrap();
                assert_eq!(
                    img.slice(cell.sig_rva, len as u32, "sig").unwrap(),
                    i.signature
                );
                assert_eq!(cell.gc_ref_map.as_ref(), i.gc_ref_map.as_ref());
                if matches!(i.section, ImportSection::Lazy | ImportSection::String) {
                    b_fixups.push((si as u32, ci as u32));
                }
            }
            (RelocKind::Rel32, Target::Data(o)) => {
                let disp = i32::from_le_bytes(full[r.offset as usize..][..4].try_into().unwrap());
                let target = (field as i64 + 4 + disp as i64) as u32;
                assert_eq!(target % 16, *o % 16, "data alignment");
                assert_eq!(
                    img.slice(target, 8, "data").unwrap(),
                    &a.data[*o as usize..][..8]
                );
            }
            (RelocKind::Abs64, Target::Code(o)) => {
                let v = u64::from_le_bytes(full[r.offset as usize..][..8].try_into().unwrap());
                assert_eq!(v, image_base + (a_rva + o) as u64);
                // A DIR64 base relocation covers the field.
                let reloc = img.slice(reloc_dir.0, reloc_dir.1, ".reloc").unwrap();
                let mut found = false;
                let mut p = 0;
                while p < reloc.len() {
                    let (page, size) = (u32_at(reloc, p), u32_at(reloc, p + 4) as usize);
                    for e in (p + 8..p + size).step_by(2) {
                        let e = u16_at(reloc, e);
                        found |= e >> 12 == 10 && page + (e & 0xFFF) as u32 == field;
                    }
                    p += size;
                }
                assert!(found, "no DIR64 base relocation at {field:#x}");
            }
            other => panic!("unexpected reloc {other:?}"),
        }
    }
    // A's fixup list names exactly its lazy and string cells.
    let ma = img
        .methods
        .iter()
        .find(|m| m.key == kiln_writer::read::MethodKey::Def(2))
        .unwrap();
    b_fixups.sort_unstable();
    assert_eq!(ma.entry.fixups, b_fixups);
    // B's explicit fixup is listed; C has none.
    let mb = img
        .methods
        .iter()
        .find(|m| m.key == kiln_writer::read::MethodKey::Def(3))
        .unwrap();
    assert_eq!(mb.entry.fixups.len(), 1);
    let mc = img
        .methods
        .iter()
        .find(|m| m.key == kiln_writer::read::MethodKey::Def(4))
        .unwrap();
    assert!(mc.entry.fixups.is_empty());

    // Call cells start at their thunk, which lies in the thunk range.
    let thunks = img
        .sections
        .iter()
        .find(|s| s.ty == 106)
        .expect("DelayLoadMethodCallThunks");
    for s in &img.import_sections {
        if s.ty == 2 {
            for c in &s.cells {
                let v = u64_at(img.slice(c.rva, 8, "cell").unwrap(), 0) - image_base;
                assert!(
                    (thunks.rva as u64..(thunks.rva + thunks.size) as u64).contains(&v),
                    "cell {:#x} points outside the thunks",
                    c.rva
                );
            }
        }
    }
}

#[test]
fn bad_stencils_are_typed_errors() {
    let input = il_input();
    let mut b = ImageBuilder::new(&input, WriterOptions::default()).unwrap();
    let mut no_map = method_a();
    if let Target::Import(i) = &mut no_map.relocs[0].target {
        i.gc_ref_map = None;
    }
    let mut outside = method_c();
    outside
        .relocs
        .push(reloc(4, RelocKind::Rel32, Target::Data(0), 0));
    let mut gap = method_b();
    gap.fragments[1].start += 1;
    let mut alloc = method_c();
    alloc.fragments[0].unwind.ops.push(UnwindOp::Alloc {
        code_offset: 0,
        size: 12,
    });
    for (what, s) in [
        ("call import without GC ref map", no_map),
        ("reloc past the data", outside),
        ("fragments with a gap", gap),
        ("unencodable unwind", alloc),
        (
            "no fragments",
            MethodStencil {
                code: vec![0xC3],
                alignment: 16,
                ..Default::default()
            },
        ),
    ] {
        match b.add_method(2, s) {
            Err(WriteError::InvalidStencil { method_rid: 2, .. }) => {}
            other => panic!("{what}: {other:?}"),
        }
    }
    b.add_method(4, method_c()).unwrap();
    assert_eq!(
        b.add_method(4, method_c()),
        Err(WriteError::DuplicateMethod { method_rid: 4 })
    );
}

#[test]
fn unsupported_inputs_are_typed_errors() {
    assert!(matches!(
        ImageBuilder::new(b"not a PE file", WriterOptions::default()),
        Err(WriteError::MalformedInput { .. })
    ));
    let input = il_input();
    assert!(matches!(
        ImageBuilder::new(&input[..0x100], WriterOptions::default()),
        Err(WriteError::MalformedInput { .. })
    ));
    // Mixed-mode code (ILONLY clear, no ReadyToRun header) is refused.
    let mut mixed = input.clone();
    let cor = cor_header_offset(&mixed);
    mixed[cor + 16] &= !1;
    assert!(matches!(
        ImageBuilder::new(&mixed, WriterOptions::default()),
        Err(WriteError::UnsupportedInput { .. })
    ));
}

/// File offset of the CLI header of a PE image.
fn cor_header_offset(pe: &[u8]) -> usize {
    let a = kiln_metadata::Assembly::from_bytes(pe.to_vec()).unwrap();
    a.cor_header_offset()
}

#[test]
fn an_image_kiln_wrote_is_recompiled_from_its_il() {
    let input = il_input();
    let image = ImageBuilder::new(&input, WriterOptions::default())
        .unwrap()
        .finish()
        .unwrap();
    let again = ImageBuilder::new(&image, WriterOptions::default())
        .unwrap()
        .finish()
        .unwrap();
    let (a, b) = (
        kiln_metadata::Assembly::from_bytes(image).unwrap(),
        kiln_writer::read::R2rImage::parse(again).unwrap(),
    );
    assert_eq!(a.metadata_bytes(), b.assembly.metadata_bytes());
}
