//! Golden tests: every `tests/golden/*.il` (a fake method, see
//! `common/mod.rs`) is lowered and its IR text — or the error — compared with
//! the sibling `.ir` file. `KILN_BLESS=1 cargo test -p kiln-lower` rewrites
//! the expectations.
//!
//! A second test checks that the golden files together lower every opcode of
//! the importer's slice.

mod common;

use kiln_lower::lower_method;
use kiln_metadata::il::Opcode;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

fn inputs() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "il"))
        .collect();
    v.sort();
    v
}

fn render(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let env = common::parse_env(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match lower_method(&env) {
        Ok(func) => func.to_string(),
        Err(e) => format!("error: {e}\n"),
    }
}

#[test]
fn golden_il_to_ir() {
    let bless = std::env::var_os("KILN_BLESS").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    let inputs = inputs();
    assert!(!inputs.is_empty());
    for input in &inputs {
        let actual = render(input);
        let expected_path = input.with_extension("ir");
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            if bless {
                std::fs::write(&expected_path, &actual).unwrap();
            } else {
                failures.push(format!(
                    "{}:\n--- expected\n{expected}\n+++ actual\n{actual}",
                    input.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden mismatches (KILN_BLESS=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The opcodes of the importer's slice (issue 6 item 2).
fn slice() -> BTreeSet<Opcode> {
    use Opcode as O;
    [
        O::Nop,
        O::Ldtoken,
        O::Ldftn,
        O::Volatile,
        O::Unaligned,
        O::Ldarg_0,
        O::Ldarg_1,
        O::Ldarg_2,
        O::Ldarg_3,
        O::Ldarg_S,
        O::Ldarg,
        O::Starg_S,
        O::Starg,
        O::Ldloc_0,
        O::Ldloc_1,
        O::Ldloc_2,
        O::Ldloc_3,
        O::Ldloc_S,
        O::Ldloc,
        O::Stloc_0,
        O::Stloc_1,
        O::Stloc_2,
        O::Stloc_3,
        O::Stloc_S,
        O::Stloc,
        O::Ldc_I4_M1,
        O::Ldc_I4_0,
        O::Ldc_I4_1,
        O::Ldc_I4_2,
        O::Ldc_I4_3,
        O::Ldc_I4_4,
        O::Ldc_I4_5,
        O::Ldc_I4_6,
        O::Ldc_I4_7,
        O::Ldc_I4_8,
        O::Ldc_I4_S,
        O::Ldc_I4,
        O::Ldc_I8,
        O::Dup,
        O::Pop,
        O::Call,
        O::Ret,
        O::Br_S,
        O::Brfalse_S,
        O::Brtrue_S,
        O::Beq_S,
        O::Bge_S,
        O::Bgt_S,
        O::Ble_S,
        O::Blt_S,
        O::Bne_Un_S,
        O::Bge_Un_S,
        O::Bgt_Un_S,
        O::Ble_Un_S,
        O::Blt_Un_S,
        O::Br,
        O::Brfalse,
        O::Brtrue,
        O::Beq,
        O::Bge,
        O::Bgt,
        O::Ble,
        O::Blt,
        O::Bne_Un,
        O::Bge_Un,
        O::Bgt_Un,
        O::Ble_Un,
        O::Blt_Un,
        O::Switch,
        O::Add,
        O::Sub,
        O::Mul,
        O::Div,
        O::Div_Un,
        O::Rem,
        O::Rem_Un,
        O::And,
        O::Or,
        O::Xor,
        O::Shl,
        O::Shr,
        O::Shr_Un,
        O::Neg,
        O::Not,
        O::Conv_I1,
        O::Conv_I2,
        O::Conv_I4,
        O::Conv_I8,
        O::Conv_U1,
        O::Conv_U2,
        O::Conv_U4,
        O::Conv_U8,
        O::Conv_I,
        O::Conv_U,
        O::Conv_Ovf_I1,
        O::Conv_Ovf_U1,
        O::Conv_Ovf_I2,
        O::Conv_Ovf_U2,
        O::Conv_Ovf_I4,
        O::Conv_Ovf_U4,
        O::Conv_Ovf_I8,
        O::Conv_Ovf_U8,
        O::Conv_Ovf_I,
        O::Conv_Ovf_U,
        O::Conv_Ovf_I1_Un,
        O::Conv_Ovf_U1_Un,
        O::Conv_Ovf_I2_Un,
        O::Conv_Ovf_U2_Un,
        O::Conv_Ovf_I4_Un,
        O::Conv_Ovf_U4_Un,
        O::Conv_Ovf_I8_Un,
        O::Conv_Ovf_U8_Un,
        O::Conv_Ovf_I_Un,
        O::Conv_Ovf_U_Un,
        O::Add_Ovf,
        O::Add_Ovf_Un,
        O::Sub_Ovf,
        O::Sub_Ovf_Un,
        O::Mul_Ovf,
        O::Mul_Ovf_Un,
        O::Ceq,
        O::Cgt,
        O::Cgt_Un,
        O::Clt,
        O::Clt_Un,
    ]
    .into_iter()
    .collect()
}

#[test]
fn golden_files_lower_every_opcode_of_the_slice() {
    let mut covered = BTreeSet::new();
    for input in inputs() {
        let text = std::fs::read_to_string(&input).unwrap();
        let env = common::parse_env(&text).unwrap();
        let Ok(func) = lower_method(&env) else {
            continue;
        };
        // Every IL instruction of a lowered method was translated; record
        // the opcodes (an opcode without IR, like `nop`, still counts since
        // the method lowered whole).
        let _ = func;
        for insn in kiln_metadata::il::IlDecoder::new(&env.code) {
            covered.insert(insn.unwrap().opcode);
        }
    }
    let missing: Vec<&str> = slice().difference(&covered).map(|o| o.name()).collect();
    assert!(
        missing.is_empty(),
        "opcodes never lowered by a golden test: {missing:?}"
    );
}
