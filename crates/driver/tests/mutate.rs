//! Robustness of the whole compile path: byte-mutated copies of real
//! assemblies (programs of tests/programs built with mcs, and Mono's
//! SharpZipLib when installed) go through `Compiler::compile_source` —
//! metadata, lowering, codegen, writer — against the framework loaded once.
//! No mutant may panic outside the per-method isolation, and none may end a
//! method in an internal error (a caught panic or IR the verifier rejects).
//!
//! Bounded for CI (about 10 s of one core); `KILN_MUTANTS=<n>` sets the number of mutants
//! per seed and `KILN_MUTATION_SEED=<n>` another stream, for soak runs. The
//! unbounded version is the cargo-fuzz target in `crates/driver/fuzz`.

use std::path::{Path, PathBuf};

use kiln_driver::mutate::{mutate, Regions, Rng};
use kiln_driver::{CompileOptions, Compiler};

/// Programs of tests/programs used as seeds (varied IL: calls, objects,
/// arrays, floats, exceptions, generics).
const PROGRAMS: &[&str] = &[
    "calc_parser",
    "ladder_objects",
    "floats_ops",
    "exceptions",
    "generics",
    "hashing_bits",
];

/// The framework-hosted library used as a large seed.
const SHARPZIPLIB: &str = "/usr/lib/mono/4.5/ICSharpCode.SharpZipLib.dll";

fn seeds(tc: &xtask::toolchain::Toolchain) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join(format!("kiln-mutate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut seeds = Vec::new();
    for p in PROGRAMS {
        let exe = dir.join(format!("{p}.exe"));
        tc.compile_cs(&root.join(format!("tests/programs/{p}.cs")), &exe)
            .unwrap();
        seeds.push((exe.clone(), std::fs::read(&exe).unwrap()));
    }
    if let Ok(bytes) = std::fs::read(SHARPZIPLIB) {
        seeds.push((PathBuf::from(SHARPZIPLIB), bytes));
    }
    seeds
}

#[test]
fn mutated_assemblies_never_crash_the_compiler() {
    let tc = xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs mcs: {e}"));
    let options = CompileOptions {
        parallelism: 1,
        ..CompileOptions::default()
    };
    let mut compiler = Compiler::new(std::slice::from_ref(&tc.framework), options).unwrap();
    let mutants: usize = std::env::var("KILN_MUTANTS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let seed = std::env::var("KILN_MUTATION_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&s| s != 0)
        .unwrap_or(0x2545_f491_4f6c_dd1d);
    let mut rng = Rng(seed);
    let (mut compiled, mut rejected, mut methods) = (0, 0, 0);
    let mut failures = Vec::new();
    for (path, original) in seeds(&tc) {
        let regions = Regions::of(&original).expect("a seed with method bodies");
        // Small programs compile in milliseconds, SharpZipLib in ~0.3 s.
        let n = match mutants {
            0 if original.len() > 100_000 => 6,
            0 => 120,
            n => n,
        };
        for i in 0..n {
            let mut bytes = original.clone();
            mutate(&mut bytes, &regions, &mut rng);
            let src = compiler.set_source(&path, bytes.clone());
            match compiler.compile_source(src) {
                Ok(out) => {
                    compiled += 1;
                    methods += out.report.candidates;
                    for m in out.report.methods.iter().chain(&out.report.instantiations) {
                        if let kiln_driver::Outcome::Skipped {
                            stage: kiln_driver::Stage::Internal,
                            reason,
                            ..
                        } = &m.outcome
                        {
                            let keep = std::env::temp_dir().join(format!(
                                "kiln-mutant-{}-{i}.dll",
                                path.file_stem().unwrap().to_string_lossy()
                            ));
                            std::fs::write(&keep, &bytes).unwrap();
                            failures.push(format!("{} ({}): {reason}", m.name, keep.display()));
                        }
                    }
                }
                Err(_) => rejected += 1,
            }
        }
    }
    eprintln!("{compiled} mutants compiled ({methods} methods), {rejected} rejected as a whole");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        compiled > 500,
        "too few mutants reached the compiler: {compiled}"
    );
}
