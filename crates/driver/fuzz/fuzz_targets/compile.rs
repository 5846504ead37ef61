//! Fuzz target: the whole `kiln compile` path in-process. Each input is an
//! assembly; it goes through `Compiler::compile_source` (metadata, lowering,
//! codegen, writer) against the framework, loaded once. A panic anywhere, or
//! a method skipped with an internal error (a caught panic, IR the verifier
//! rejects), is a finding.
//!
//! The mutator overwrites bytes inside the method bodies most of the time
//! (`kiln_driver::mutate`, so mutants keep their PE layout and reach the
//! importer) and otherwise uses libFuzzer's own mutations. The framework is
//! the one `cargo xtask setup` provisioned (`$KILN_TOOLCHAIN/toolchain.env`,
//! default `target/toolchain`), or `KILN_FUZZ_FRAMEWORK=<dir>`.
//!
//! ```sh
//! cargo install cargo-fuzz            # once
//! cd crates/driver/fuzz
//! mkdir -p seeds corpus/compile       # seeds: IL builds of tests/programs (target/kiln-tests/*/*.exe)
//! cp ../../../target/kiln-tests/*/*.exe seeds/
//! cargo +nightly fuzz run -s none -O compile corpus/compile seeds -- -timeout=10 -rss_limit_mb=3072
//! ```

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use kiln_driver::mutate::{mutate, Regions, Rng};
use kiln_driver::{CompileOptions, Compiler, Outcome, Stage};
use libfuzzer_sys::{fuzz_mutator, fuzz_target, fuzzer_mutate};

fn framework() -> PathBuf {
    if let Some(dir) = std::env::var_os("KILN_FUZZ_FRAMEWORK") {
        return dir.into();
    }
    let toolchain = std::env::var_os("KILN_TOOLCHAIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../target/toolchain"));
    let env = std::fs::read_to_string(toolchain.join("toolchain.env"))
        .expect("run `cargo xtask setup` or set KILN_FUZZ_FRAMEWORK");
    env.lines()
        .find_map(|l| l.strip_prefix("framework="))
        .expect("toolchain.env names the framework")
        .into()
}

fn compiler() -> &'static Mutex<Compiler> {
    static COMPILER: OnceLock<Mutex<Compiler>> = OnceLock::new();
    COMPILER.get_or_init(|| {
        let options = CompileOptions {
            parallelism: 1,
            ..CompileOptions::default()
        };
        Mutex::new(Compiler::new(&[framework()], options).expect("the framework loads"))
    })
}

fuzz_target!(|data: &[u8]| {
    let mut compiler = compiler().lock().unwrap_or_else(|e| e.into_inner());
    let src = compiler.set_source(Path::new("fuzz.dll"), data.to_vec());
    if let Ok(out) = compiler.compile_source(src) {
        for m in &out.report.methods {
            if let Outcome::Skipped {
                stage: Stage::Internal,
                reason,
            } = &m.outcome
            {
                panic!("{}: {reason}", m.name);
            }
        }
    }
});

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let mut rng = Rng(u64::from(seed) | 1 << 32);
    if rng.below(4) != 0 {
        if let Some(regions) = Regions::of(&data[..size]) {
            mutate(&mut data[..size], &regions, &mut rng);
            return size;
        }
    }
    fuzzer_mutate(data, size, max_size)
});
