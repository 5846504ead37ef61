//! Robustness: mutated IL (byte flips, insertions, deletions, truncations of
//! the golden inputs) never panics the importer. Whatever it accepts passes
//! the verifier (`lower_method` returns `LowerError::Internal` otherwise)
//! and runs on the
//! interpreter without tripping a division precondition.

mod common;

use kiln_ir::{interpret, InterpError, Outcome};
use kiln_lower::{lower_method, LowerError};
use std::path::Path;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn mutated_il_never_panics() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut envs = Vec::new();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "il"))
        .collect();
    paths.sort();
    for p in paths {
        let env = common::parse_env(&std::fs::read_to_string(&p).unwrap()).unwrap();
        // Mutate the methods that lower; the refused ones stay refused.
        if lower_method(&env).is_ok() {
            envs.push(env);
        }
    }
    // KILN_MUTATION_SEED picks another stream of mutants (for local soak
    // runs); the default keeps the test deterministic.
    let seed = std::env::var("KILN_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&s| s != 0)
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed);
    let (mut lowered, mut refused, mut ran) = (0, 0, 0);
    // Opcode bytes of the slice are over-represented so that mutations stay
    // decodable often enough to reach the translator.
    let interesting: &[u8] = &[
        0x00, 0x02, 0x03, 0x06, 0x0A, 0x16, 0x17, 0x15, 0x1F, 0x20, 0x21, 0x25, 0x26, 0x2A, 0x2B,
        0x2C, 0x2D, 0x2E, 0x38, 0x45, 0x58, 0x5B, 0x5D, 0x5C, 0x62, 0x63, 0x67, 0x6A, 0x82, 0xB3,
        0xD6, 0xD3, 0xFE, // objects, fields, calls, casts, arrays, throw:
        0x14, 0x28, 0x6F, 0x72, 0x73, 0x74, 0x75, 0x7A, 0x7B, 0x7D, 0x8D, 0x8E, 0x91, 0x94, 0x9A,
        0x9C, 0x9E, 0xA2,
    ];
    for iter in 0..60_000 {
        let base = &envs[rng.below(envs.len())];
        let mut code = base.code.clone();
        for _ in 0..1 + rng.below(3) {
            let b = if rng.below(2) == 0 {
                interesting[rng.below(interesting.len())]
            } else {
                rng.next() as u8
            };
            match rng.below(4) {
                0 if !code.is_empty() => {
                    let i = rng.below(code.len());
                    code[i] = b;
                }
                1 => {
                    let i = rng.below(code.len() + 1);
                    code.insert(i, b);
                }
                2 if !code.is_empty() => {
                    let i = rng.below(code.len());
                    code.remove(i);
                }
                _ => {
                    let n = rng.below(code.len() + 1);
                    code.truncate(n);
                }
            }
        }
        let env = common::FakeEnv {
            name: format!("mutant{iter}"),
            sig: base.sig.clone(),
            locals: base.locals.clone(),
            max_stack: base.max_stack,
            eh: base.eh.clone(),
            synchronized: base.synchronized,
            class_init: base.class_init,
            code,
            calls: base.calls.clone(),
            fields: base.fields.clone(),
            newobj: base.newobj.clone(),
            delegates: base.delegates.clone(),
        };
        match lower_method(&env) {
            Ok(func) => {
                lowered += 1;
                let args = vec![3; func.signature.params.len()];
                let mut fuel = 10_000;
                match interpret(
                    &func,
                    &args,
                    &mut |_, _| Ok(Outcome::Return(vec![])),
                    &mut fuel,
                ) {
                    Err(InterpError::DivisionPrecondition(inst)) => {
                        panic!("unguarded division at {inst} in\n{func}")
                    }
                    Ok(_) => ran += 1,
                    Err(_) => {}
                }
            }
            Err(LowerError::Internal(e)) => panic!("mutant {iter}: {e}"),
            Err(_) => refused += 1,
        }
    }
    eprintln!("lowered {lowered} (ran {ran}), refused {refused}");
    assert!(lowered > 2_000, "too few mutants lowered: {lowered}");
}
