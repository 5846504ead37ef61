//! Differential tests: every encoding form, over the operand combinations
//! that matter, decoded by iced-x86 and compared (Code, operands, length,
//! prefixes, relocations, and iced's own encoding of the decoded
//! instruction).

mod support;

use kiln_x64::asm::Form;
use support::{cases, check_inst, iced_code};

/// Every form maps to an iced-x86 `Code` of the same name.
#[test]
fn every_form_is_an_iced_code() {
    for &f in Form::ALL {
        let _ = iced_code(f);
    }
}

/// Every form, every case.
#[test]
fn every_form_decodes_as_itself() {
    let mut total = 0usize;
    let mut failures = Vec::new();
    for &form in Form::ALL {
        let mut n = 0usize;
        for inst in cases(form) {
            match check_inst(&inst) {
                Ok(k) => n += k,
                Err(e) => {
                    if failures.len() < 60
                        && failures
                            .iter()
                            .filter(|f: &&String| f.starts_with(form.name()))
                            .count()
                            < 2
                    {
                        failures.push(e);
                    }
                }
            }
        }
        assert!(
            n > 0 || !failures.is_empty(),
            "form {} was not exercised",
            form.name()
        );
        total += n;
    }
    assert!(
        failures.is_empty(),
        "failures (at most 2 per form):\n{}",
        failures.join("\n")
    );
    eprintln!(
        "{} forms, {total} encodings checked against iced-x86",
        Form::ALL.len()
    );
}
