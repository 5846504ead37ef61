//! Lowers every method of the C# programs in `tests/programs/` (compiled
//! with Mono's `mcs`, read with `kiln-metadata` through
//! [`kiln_lower::MetadataEnv`]). Every method must lower or be refused with
//! a reason — never panic (the importer verifies its output). For the
//! `firstlight_*` programs every method must lower, and the IR of each is
//! compared with a golden file in `crates/lower/tests/programs/`
//! (`KILN_BLESS=1` rewrites them). The other programs change as the
//! end-to-end suite grows, so they have no golden file; the test prints how
//! many of their methods lowered and the most common refusals.

mod common;

use common::compile;
use kiln_lower::{lower_method, MetadataEnv};
use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;
use std::path::{Path, PathBuf};

fn programs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs")
}

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs")
}

struct Outcome {
    name: String,
    result: Result<String, String>,
}

fn lower_all(asm: &Assembly) -> Vec<Outcome> {
    let mut out = Vec::new();
    for h in asm.handles::<MethodDefHandle>() {
        let env = MetadataEnv::new(asm, h);
        let name = kiln_lower::LowerEnv::method_name(&env);
        let row = asm.method_def(h).unwrap();
        if row.rva == 0 {
            continue;
        }
        let result = lower_method(&env)
            .map(|f| f.to_string())
            .map_err(|e| e.to_string());
        out.push(Outcome { name, result });
    }
    out
}

#[test]
fn lower_test_programs() {
    let bless = std::env::var_os("KILN_BLESS").is_some_and(|v| v == "1");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(programs_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cs"))
        .collect();
    sources.sort();
    assert!(!sources.is_empty());
    let mut failures = Vec::new();
    let (mut total, mut lowered) = (0, 0);
    let mut refusals: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for src in &sources {
        let stem = src.file_stem().unwrap().to_string_lossy().to_string();
        let exe = compile(src);
        let asm = Assembly::open(&exe).unwrap();
        let outcomes = lower_all(&asm);
        let full = stem.starts_with("firstlight_");
        let mut text = String::new();
        for o in &outcomes {
            total += 1;
            match &o.result {
                Ok(ir) => {
                    lowered += 1;
                    if full {
                        text.push_str(ir);
                        text.push('\n');
                    }
                }
                Err(e) => {
                    text.push_str(&format!("{}: {e}\n", o.name));
                    // Group refusals by kind (drop offsets and tokens).
                    let kind = e
                        .split(": ")
                        .filter(|p| !p.starts_with("IL_") && !p.starts_with("callee 0x"))
                        .collect::<Vec<_>>()
                        .join(": ");
                    *refusals.entry(kind).or_insert(0) += 1;
                }
            }
            if full {
                if let Err(e) = &o.result {
                    failures.push(format!("{stem}: {} not lowered: {e}", o.name));
                }
            }
        }
        if !full {
            continue;
        }
        let golden = golden_dir().join(format!("{stem}.txt"));
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        if text != expected {
            if bless {
                std::fs::write(&golden, &text).unwrap();
            } else {
                failures.push(format!(
                    "{}: output differs from {} (KILN_BLESS=1 to accept)\n{text}",
                    stem,
                    golden.display()
                ));
            }
        }
    }
    let mut reasons: Vec<(usize, String)> = refusals
        .into_iter()
        .map(|(reason, n)| (n, reason))
        .collect();
    reasons.sort_by(|a, b| b.cmp(a));
    for (n, reason) in reasons.iter().take(12) {
        eprintln!("{n:5}  {reason}");
    }
    eprintln!("lowered {lowered} of {total} methods with IL bodies");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
