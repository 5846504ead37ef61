//! Robustness: the backend never panics. Mutated IR (lines dropped,
//! duplicated, retyped, opcodes swapped) that still passes the verifier is
//! compiled; every outcome must be a stencil or a typed error, and every
//! stencil must be well-formed (its GC info decodes, its fragment covers the
//! code, every byte decodes as an instruction, relocations lie in the code).

mod backend_support;

use backend_support::{random_function, Rng};
use kiln_x64::backend::{compile, BackendError, BackendOptions};

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for _ in 0..1 + rng.below(3) {
        let i = rng.below(lines.len());
        match rng.below(6) {
            0 if lines.len() > 3 => {
                lines.remove(i);
            }
            1 => {
                let l = lines[i].clone();
                lines.insert(i, l);
            }
            2 => {
                let tys = ["i8", "i16", "i32", "i64", "ref", "byref"];
                let (a, b) = (tys[rng.below(4)], tys[rng.below(6)]);
                lines[i] = lines[i].replace(a, b);
            }
            3 => {
                let ops = [
                    "iadd", "isub", "imul", "sdiv", "udiv", "srem", "urem", "band", "ishl", "sshr",
                    "ushr", "sadd_ovf", "umul_ovf", "bxor",
                ];
                let (a, b) = (ops[rng.below(ops.len())], ops[rng.below(ops.len())]);
                lines[i] = lines[i].replace(&format!("{a}."), &format!("{b}."));
            }
            4 => {
                let ccs = ["eq", "ne", "slt", "ult", "sge", "ugt"];
                let (a, b) = (ccs[rng.below(6)], ccs[rng.below(6)]);
                lines[i] = lines[i].replace(&format!(" {a} "), &format!(" {b} "));
            }
            _ => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn well_formed(s: &kiln_runtime_abi::stencil::MethodStencil) {
    let gc = kiln_gcinfo::decode(&s.gc_info).expect("GC info decodes");
    assert_eq!(gc.code_length as usize, s.code.len());
    assert_eq!(s.fragments.len(), 1);
    assert_eq!(s.fragments[0].end as usize, s.code.len());
    assert!(s
        .relocs
        .iter()
        .all(|r| r.offset as usize + 4 <= s.code.len()));
    let mut d = iced_x86::Decoder::new(64, &s.code, iced_x86::DecoderOptions::NONE);
    for inst in d.iter() {
        assert!(!inst.is_invalid(), "undecodable bytes at {:#x}", inst.ip());
    }
}

#[test]
fn mutated_ir_never_panics() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_backend");
    let mut seeds: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ir"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut rng = Rng(0xDEAD_BEEF_1234_5678);
    for _ in 0..40 {
        seeds.push(random_function(&mut rng));
    }
    let (mut compiled, mut refused, mut invalid) = (0, 0, 0);
    for seed in &seeds {
        for _ in 0..60 {
            let text = mutate(seed, &mut rng);
            let Ok(func) = kiln_ir::parse_function(&text) else {
                continue;
            };
            let result = std::panic::catch_unwind(|| compile(&func, &BackendOptions::default()));
            match result {
                Ok(Ok(s)) => {
                    well_formed(&s);
                    compiled += 1;
                }
                Ok(Err(BackendError::InvalidIr(_))) => invalid += 1,
                Ok(Err(BackendError::Unsupported(_))) => refused += 1,
                Ok(Err(BackendError::Internal(e))) => panic!("internal error {e} on\n{text}"),
                Err(_) => panic!("compile panicked on\n{text}"),
            }
        }
    }
    assert!(compiled > 200, "too few mutants compiled: {compiled}");
    assert!(
        invalid > 100,
        "too few mutants rejected by the verifier: {invalid}"
    );
    let _ = refused;
}

/// Equal functions give equal stencils (salsa reuse, reproducible images),
/// also after a print/parse round trip of the IR.
#[test]
fn output_is_deterministic() {
    let mut rng = Rng(0x1357_9BDF_2468_ACE0);
    for _ in 0..50 {
        let text = random_function(&mut rng);
        let f = kiln_ir::parse_function(&text).unwrap();
        let a = compile(&f, &BackendOptions::default()).unwrap();
        let b = compile(&f.clone(), &BackendOptions::default()).unwrap();
        assert_eq!(a, b);
        let again = kiln_ir::parse_function(&kiln_ir::write_function(&f)).unwrap();
        assert_eq!(compile(&again, &BackendOptions::default()).unwrap(), a);
    }
}

/// The GC info of a method holding references across calls reports exactly
/// the live references, in their homes, at each call's safepoint; the
/// return kind and the callee's GCRefMap follow the signatures.
#[test]
fn gc_info_reports_live_references_at_calls() {
    use kiln_runtime_abi::stencil::{GcRefKind, Target};
    let text = "function \"T::Hold\"(ref, i32, byref) -> ref {\n    fn0 = \"T::Work\"(i32, ref) -> i32 token 0x06000002\n    fn1 = \"T::Other\"(i32) token 0x06000003\n\nblock0(v0: ref, v1: i32, v2: byref):\n    v3 = call fn0(v1, v0)\n    call fn1(v3)\n    v4 = call fn0(v3, v0)\n    call fn1(v4)\n    return v0\n}\n";
    let func = kiln_ir::parse_function(text).unwrap();
    let s = compile(&func, &BackendOptions::default()).unwrap();
    let gc = kiln_gcinfo::decode(&s.gc_info).unwrap();
    assert_eq!(gc.return_kind, kiln_gcinfo::ReturnKind::Object);
    assert_eq!(gc.safepoints.len(), 4);
    // v0 is live after every call (it is returned); v2 (byref) is never
    // used, so never reported.
    assert_eq!(gc.slots.len(), 1, "{:?}", gc.slots);
    assert!(!gc.slots[0].interior);
    assert!(matches!(
        gc.slots[0].location,
        kiln_gcinfo::SlotLocation::Register(3 | 12 | 13 | 14 | 15)
    ));
    for k in 0..4 {
        assert_eq!(gc.live_at_safepoint(k), vec![0], "safepoint {k}");
    }
    // The callee's GCRefMap marks its second argument (RSI) as a reference.
    let maps: Vec<_> = s
        .relocs
        .iter()
        .filter_map(|r| match &r.target {
            Target::Import(i) if i.signature == [0x14, 2] => i.gc_ref_map.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(maps[0].positions, vec![GcRefKind::Skip, GcRefKind::Ref]);
}

/// A loop in a method with references polls for GC at its head: the poll
/// is a safepoint reporting the references live there, and values live
/// across it stay out of caller-saved registers.
#[test]
fn loops_with_references_poll_for_gc() {
    use kiln_runtime_abi::stencil::{ImportSection, Target};
    let spin = "function \"T::Spin\"(ref, i32) -> ref {\nblock0(v0: ref, v1: i32):\n    jump block1(v1)\nblock1(v2: i32):\n    v3 = iconst.i32 1\n    v4 = isub.i32 v2, v3\n    brif v4, block1(v4), block2\nblock2:\n    return v0\n}\n";
    let s = compile(
        &kiln_ir::parse_function(spin).unwrap(),
        &BackendOptions::default(),
    )
    .unwrap();
    let polls = s
        .relocs
        .iter()
        .filter(|r| {
            matches!(&r.target, Target::Import(i)
                if i.section == ImportSection::Eager && i.signature == [0x1A, 0x44])
        })
        .count();
    assert_eq!(polls, 1);
    let gc = kiln_gcinfo::decode(&s.gc_info).unwrap();
    assert!(gc.ranges.is_empty(), "partially interruptible");
    assert_eq!(gc.safepoints.len(), 1);
    assert_eq!(gc.live_at_safepoint(0), vec![0]);
    assert!(matches!(
        gc.slots[0].location,
        kiln_gcinfo::SlotLocation::Register(3 | 12 | 13 | 14 | 15)
            | kiln_gcinfo::SlotLocation::Stack { .. }
    ));
    // Integer-only loops need no poll (fully interruptible instead).
    let ints = spin.replace("ref", "i64");
    let s = compile(
        &kiln_ir::parse_function(&ints).unwrap(),
        &BackendOptions::default(),
    )
    .unwrap();
    assert!(s.relocs.is_empty());
    assert!(!kiln_gcinfo::decode(&s.gc_info).unwrap().ranges.is_empty());
}

/// Eight references live across a call: five fit in callee-saved
/// registers, the rest are spilled and reported as RBP-relative stack slots.
#[test]
fn spilled_references_are_reported_as_frame_slots() {
    let mut text = String::from(
        "function \"T::Many\"(ref, ref, ref, ref, ref, ref, ref, ref) -> ref {\n    fn0 = \"T::Gc\"() token 0x06000002\n    fn1 = \"T::Use\"(ref, ref, ref, ref, ref, ref, ref, ref) -> ref token 0x06000003\n\nblock0(v0: ref, v1: ref, v2: ref, v3: ref, v4: ref, v5: ref, v6: ref, v7: ref):\n    call fn0()\n",
    );
    text += "    v8 = call fn1(v7, v6, v5, v4, v3, v2, v1, v0)\n    return v8\n}\n";
    let func = kiln_ir::parse_function(&text).unwrap();
    let s = compile(&func, &BackendOptions::default()).unwrap();
    let gc = kiln_gcinfo::decode(&s.gc_info).unwrap();
    assert_eq!(gc.slots.len(), 8, "{:?}", gc.slots);
    let stack: Vec<_> = gc
        .slots
        .iter()
        .filter_map(|s| match s.location {
            kiln_gcinfo::SlotLocation::Stack { offset, base } => Some((offset, base)),
            _ => None,
        })
        .collect();
    assert_eq!(stack.len(), 3);
    for (offset, base) in stack {
        assert_eq!(base, kiln_gcinfo::StackBase::FrameReg);
        assert!(offset < 0 && offset % 8 == 0);
    }
    // All eight at the first call, none at the second (nothing is live
    // after it but its result).
    assert_eq!(gc.live_at_safepoint(0).len(), 8);
    assert!(gc.live_at_safepoint(1).is_empty());
}

/// How many mutants with GC references compile (the mutation test must
/// exercise the reference paths too).
#[test]
fn mutants_with_references_compile() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_backend");
    let mut rng = Rng(0x0BAD_F00D_CAFE_1234);
    let mut with_refs = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "ir") {
            continue;
        }
        let seed = std::fs::read_to_string(path).unwrap();
        for _ in 0..200 {
            let text = mutate(&seed, &mut rng);
            let Ok(func) = kiln_ir::parse_function(&text) else {
                continue;
            };
            if let Ok(s) = compile(&func, &BackendOptions::default()) {
                well_formed(&s);
                if text.contains("ref") {
                    with_refs += 1;
                }
            }
        }
    }
    assert!(
        with_refs > 20,
        "only {with_refs} mutants with references compiled"
    );
}
