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
                let tys = ["i8", "i16", "i32", "i64"];
                let (a, b) = (tys[rng.below(4)], tys[rng.below(4)]);
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
