//! Delay-load helper cells (`ImportSection::DelayLoadHelper`, the static-base
//! and class-constructor-trigger helpers): the section is written as
//! crossgen2's HelperImports (flags PCode, type Unknown), its cells start at
//! a shared thunk `xor eax,eax; push imm8 section; push [Module cell];
//! jmp [DelayLoad_Helper cell]` (the shape in System.Private.CoreLib 8.0.4),
//! and the cells are not in the method's fixup list.

use kiln_runtime_abi::stencil::{
    Fragment, FragmentKind, Import, ImportSection, MethodStencil, Reloc, RelocKind, Target,
    UnwindInfo,
};
use kiln_writer::read::R2rImage;
use kiln_writer::{ImageBuilder, WriterOptions};

/// The IL input, built in a directory of its own per test (`tag`): the
/// tests run in parallel threads of one process.
fn il_input(tag: &str) -> Vec<u8> {
    let tc = xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs mcs: {e}"));
    let dir =
        std::env::temp_dir().join(format!("kiln-helper-imports-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cs = dir.join("h.cs");
    std::fs::write(
        &cs,
        "class R { static int A() { return 1; } static int Main() { return 100; } }",
    )
    .unwrap();
    let exe = dir.join("h.exe");
    tc.compile_cs(&cs, &exe).unwrap();
    std::fs::read(exe).unwrap()
}

fn u32_at(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes(b[o..o + 4].try_into().unwrap())
}

/// `call [rip+StaticBaseNonGC R]; call [rip+CctorTrigger R]; ret`.
fn method() -> MethodStencil {
    let sig_base = vec![0x22, 0x12, 0x08]; // StaticBaseNonGC, CLASS, TypeDef 2
    let sig_cctor = vec![0x21, 0x12, 0x08]; // CctorTrigger, CLASS, TypeDef 2
    let cell = |sig: &Vec<u8>| {
        Target::Import(Import {
            section: ImportSection::DelayLoadHelper,
            signature: sig.clone(),
            gc_ref_map: None,
        })
    };
    let mut code = vec![0x48, 0x83, 0xEC, 0x08];
    code.extend_from_slice(&[0xFF, 0x15, 0, 0, 0, 0]);
    code.extend_from_slice(&[0xFF, 0x15, 0, 0, 0, 0]);
    code.extend_from_slice(&[0x48, 0x83, 0xC4, 0x08, 0xC3]);
    let len = code.len() as u32;
    MethodStencil {
        relocs: vec![
            Reloc {
                offset: 6,
                kind: RelocKind::Rel32,
                target: cell(&sig_base),
                addend: 0,
            },
            Reloc {
                offset: 12,
                kind: RelocKind::Rel32,
                target: cell(&sig_cctor),
                addend: 0,
            },
        ],
        code,
        alignment: 16,
        gc_info: vec![0x40],
        fragments: vec![Fragment {
            start: 0,
            end: len,
            kind: FragmentKind::MainBody,
            unwind: UnwindInfo::default(),
        }],
        ..Default::default()
    }
}

#[test]
fn helper_cells_start_at_the_delay_load_helper_thunk() {
    let input = il_input("thunk");
    let mut b = ImageBuilder::new(&input, WriterOptions::default()).unwrap();
    b.add_method(1, method()).unwrap();
    let bytes = b.finish().unwrap();
    let img = R2rImage::parse(bytes.clone()).unwrap();
    let pe = u32_at(&bytes, 0x3c) as usize;
    let image_base = u64::from_le_bytes(bytes[pe + 24 + 24..][..8].try_into().unwrap());

    let helper = img
        .import_sections
        .iter()
        .find(|s| s.cells.len() == 2 && s.flags == 0x4)
        .expect("a PCode section with the two helper cells");
    assert_eq!(helper.ty, 0, "type Unknown, as crossgen2's HelperImports");
    let eager = &img.import_sections[0];
    let eager_sig = |c: usize| {
        let cell = &eager.cells[c];
        let len = cell.sig.as_ref().unwrap().1.unwrap();
        img.slice(cell.sig_rva, len as u32, "sig").unwrap().to_vec()
    };
    let thunks = img.sections.iter().find(|s| s.ty == 106).unwrap();
    let mut thunk_rvas = Vec::new();
    for c in &helper.cells {
        let cell = img.slice(c.rva, 8, "cell").unwrap();
        let v = (u64::from_le_bytes(cell.try_into().unwrap()) - image_base) as u32;
        assert!((thunks.rva..thunks.rva + thunks.size).contains(&v));
        thunk_rvas.push(v);
    }
    assert_eq!(thunk_rvas[0], thunk_rvas[1], "one shared thunk per section");
    let t = img.slice(thunk_rvas[0], 16, "thunk").unwrap().to_vec();
    assert_eq!(&t[..2], &[0x33, 0xC0], "xor eax, eax");
    assert_eq!(
        (t[2], t[3] as u32),
        (0x6A, helper.index),
        "push imm8 section"
    );
    assert_eq!(&t[4..6], &[0xFF, 0x35]);
    assert_eq!(&t[10..12], &[0xFF, 0x25]);
    let target = |at: usize| {
        let disp = i32::from_le_bytes(t[at..at + 4].try_into().unwrap());
        (thunk_rvas[0] as i64 + at as i64 + 4 + disp as i64) as u32
    };
    let (s, module) = img.cell_at(target(6)).unwrap();
    assert_eq!((s, eager_sig(module)), (0, vec![0x1A, 0x01]), "Module cell");
    let (s, dl) = img.cell_at(target(12)).unwrap();
    assert_eq!(
        (s, eager_sig(dl)),
        (0, vec![0x1A, 0x10]),
        "DelayLoad_Helper cell"
    );
    // Helper cells are bound on first call, not through the fixup list.
    assert!(img.methods[0].entry.fixups.is_empty());
}

/// `call [rip+lookup]; call [rip+StaticBaseNonGC R]; ret` with a generic
/// dictionary lookup cell (`TypeDictionaryLookup`, `TypeHandle`, `!0`).
fn lookup_method() -> MethodStencil {
    let mut m = method();
    if let Target::Import(i) = &mut m.relocs[1].target {
        i.signature = vec![0x08, 0x10, 0x13, 0x00];
    }
    m
}

#[test]
fn generic_lookup_cells_are_per_method() {
    // The runtime patches a lookup cell with a stub for one generic
    // context's dictionary layout: two methods with the same lookup
    // signature get two cells, the static-base cell stays shared.
    let input = il_input("lookups");
    let mut b = ImageBuilder::new(&input, WriterOptions::default()).unwrap();
    b.add_method(1, lookup_method()).unwrap();
    b.add_method(2, lookup_method()).unwrap();
    let bytes = b.finish().unwrap();
    let img = R2rImage::parse(bytes).unwrap();
    let helper = img
        .import_sections
        .iter()
        .find(|s| s.flags == 0x4 && s.ty == 0)
        .expect("the helper section");
    assert_eq!(helper.cells.len(), 3, "one static base, two lookups");
    let sigs: Vec<Vec<u8>> = helper
        .cells
        .iter()
        .map(|c| {
            let len = c.sig.as_ref().unwrap().1.unwrap();
            img.slice(c.sig_rva, len as u32, "sig").unwrap().to_vec()
        })
        .collect();
    let lookups = sigs.iter().filter(|s| s[0] == 0x08).count();
    assert_eq!(lookups, 2);
}
