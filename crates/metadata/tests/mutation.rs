//! Bounded random-input robustness test (runs on stable, in every test run):
//! feeds mutated real assemblies — random byte flips, overwrites with 0x00 /
//! 0xFF, truncation — to the whole reader, check engine and type system
//! ([`kiln_metadata::check::exercise_image`]) and to the IL/body/signature
//! decoders. A panic fails the test. The same code runs unbounded under
//! cargo-fuzz (`crates/metadata/fuzz`, targets `reader` and `il`).
//!
//! Environment: `KILN_MUTATION_ITERS` (default 400 per seed).

use kiln_metadata::body::MethodBody;
use kiln_metadata::il::IlDecoder;
use kiln_metadata::sig::SigParser;

mod support;

fn seeds() -> Vec<String> {
    vec![
        "/usr/lib/mono/4.5/I18N.dll".into(),
        "/usr/lib/mono/4.5/Facades/System.Runtime.dll".into(),
        support::framework_dir()
            .join("System.Diagnostics.StackTrace.dll")
            .display()
            .to_string(),
    ]
}

struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn mutate(rng: &mut XorShift, seed: &[u8]) -> Vec<u8> {
    let mut d = seed.to_vec();
    match rng.below(6) {
        0 => d.truncate(rng.below(d.len())),
        1 => {
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(d.len());
                d[i] = 0xFF;
            }
        }
        2 => {
            for _ in 0..1 + rng.below(4) {
                let i = rng.below(d.len());
                d[i] = 0;
            }
        }
        _ => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(d.len());
                d[i] ^= 1 << rng.below(8);
            }
        }
    }
    d
}

#[test]
fn mutated_assemblies_never_panic() {
    let iters: usize = std::env::var("KILN_MUTATION_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(400);
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    let mut ran = 0;
    for path in &seeds() {
        let Ok(seed) = std::fs::read(path) else {
            eprintln!("skipping missing seed {path}");
            continue;
        };
        // The unmutated image must check clean.
        let clean = kiln_metadata::check::exercise_image(seed.clone()).expect("seed parses");
        assert!(
            clean.errors.is_empty(),
            "{path}: {:?}",
            clean.errors.first()
        );
        let mut rejected = 0;
        for _ in 0..iters {
            let d = mutate(&mut rng, &seed);
            match kiln_metadata::check::exercise_image(d) {
                None => rejected += 1,
                Some(r) if !r.errors.is_empty() => rejected += 1,
                Some(_) => {}
            }
            ran += 1;
        }
        eprintln!("{path}: {iters} mutants, {rejected} reported errors");
        assert!(
            rejected > 0,
            "no mutant of {path} was reported as malformed"
        );
    }
    eprintln!("{ran} mutated images exercised");
}

#[test]
fn random_bytes_through_decoders_never_panic() {
    let mut rng = XorShift(0xD1B5_4A32_D192_ED03);
    for _ in 0..20_000 {
        let len = rng.below(64);
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        for i in IlDecoder::new(&data) {
            if i.is_err() {
                break;
            }
        }
        if let Ok(b) = MethodBody::parse(&data, 0) {
            IlDecoder::new(b.code).for_each(drop);
        }
        let _ = SigParser::parse_method(&data, 0);
        let _ = SigParser::parse_locals(&data, 0);
        let _ = SigParser::parse_type_spec(&data, 0);
        let _ = SigParser::parse_field(&data, 0);
        let _ = SigParser::parse_property(&data, 0);
        let _ = SigParser::parse_method_spec(&data, 0);
    }
}
