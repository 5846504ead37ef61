//! Golden tests IR → machine code: every `tests/golden_backend/*.ir` is
//! compiled and its stencil printed (iced-x86 Intel disassembly annotated
//! with relocations, unwind ops, decoded GC info, debug bounds) and compared
//! with the `.asm` file beside it. Regenerate with `KILN_BLESS=1`.

mod backend_support;

use std::fmt::Write as _;
use std::path::Path;

use kiln_runtime_abi::stencil::{ImportSection, MethodStencil, Target};
use kiln_x64::backend::{compile, BackendOptions};

fn listing(s: &MethodStencil) -> String {
    let mut out = String::new();
    let f = &s.fragments[0];
    writeln!(
        out,
        "; {} bytes, alignment {}, prolog {} bytes, frame register {:?}",
        s.code.len(),
        s.alignment,
        f.unwind.prolog_size,
        f.unwind.frame_register
    )
    .unwrap();
    for op in &f.unwind.ops {
        writeln!(out, "; unwind {op:?}").unwrap();
    }
    let gc = kiln_gcinfo::decode(&s.gc_info).expect("GC info decodes");
    writeln!(
        out,
        "; gc: code length {}, stack base {:?}, return {:?}, safepoints {:?}, interruptible {:?}, slots {}",
        gc.code_length, gc.stack_base_register, gc.return_kind, gc.safepoints, gc.ranges,
        gc.slots.len()
    )
    .unwrap();
    let bounds: Vec<String> = s
        .debug_bounds
        .iter()
        .map(|b| format!("{:#x}=IL{}", b.native_offset, b.il_offset))
        .collect();
    writeln!(out, "; debug bounds: {}", bounds.join(" ")).unwrap();
    for f in &s.eager_fixups {
        let sig: Vec<String> = f.signature.iter().map(|b| format!("{b:02x}")).collect();
        writeln!(out, "; fixup {:?} [{}]", f.section, sig.join(" ")).unwrap();
    }
    let dis = backend_support::disassemble(&s.code);
    for line in dis.lines() {
        let off = usize::from_str_radix(line.split_whitespace().next().unwrap(), 16).unwrap();
        out.push_str(line);
        // Annotate the relocation inside this instruction, if any.
        let end = off + 16;
        for r in s
            .relocs
            .iter()
            .filter(|r| (off..end).contains(&(r.offset as usize)))
        {
            let next_inst = dis
                .lines()
                .filter_map(|l| usize::from_str_radix(l.split_whitespace().next()?, 16).ok())
                .find(|&o| o > off)
                .unwrap_or(s.code.len());
            if (r.offset as usize) >= next_inst {
                continue;
            }
            let what = match &r.target {
                Target::Import(i) => {
                    let sig: Vec<String> = i.signature.iter().map(|b| format!("{b:02x}")).collect();
                    let sec = match i.section {
                        ImportSection::Eager => "eager",
                        ImportSection::MethodCall => "method-call",
                        ImportSection::Dispatch => "dispatch",
                        ImportSection::DelayLoadHelper => "delay-load-helper",
                        ImportSection::Lazy => "lazy",
                        ImportSection::String => "string",
                    };
                    format!("{sec} cell [{}]", sig.join(" "))
                }
                t => format!("{t:?}"),
            };
            write!(out, "    ; {:?} {what}", r.kind).unwrap();
        }
        out.push('\n');
    }
    out
}

#[test]
fn golden_ir_to_disassembly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden_backend");
    let bless = std::env::var_os("KILN_BLESS").is_some();
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "ir"))
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 10, "golden inputs missing");
    let mut failures = Vec::new();
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap();
        let func = kiln_ir::parse_function(&text).unwrap_or_else(|e| panic!("{input:?}: {e}"));
        let got = match compile(&func, &BackendOptions::default()) {
            Ok(s) => listing(&s),
            Err(e) => format!("; {e}\n"),
        };
        let expected_path = input.with_extension("asm");
        if bless {
            std::fs::write(&expected_path, &got).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != got {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n+++ got\n{got}",
                expected_path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "golden mismatches (KILN_BLESS=1 to accept):\n{}",
        failures.join("\n")
    );
}
