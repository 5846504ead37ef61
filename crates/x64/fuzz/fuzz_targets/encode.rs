//! Fuzz target: the input bytes choose up to four instructions (form and
//! operands, see `tests/support/mod.rs`); each is encoded by kiln, decoded
//! by iced-x86 and compared (Code, operands, length, prefixes, relocations,
//! iced's own encoding). `cargo test -p kiln-x64 --test property
//! fuzz_target_smoke` runs the same check on pseudo-random inputs.
//!
//! Run: `cd crates/x64/fuzz && cargo +nightly fuzz run encode`.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../tests/support/mod.rs"]
mod support;

fuzz_target!(|data: &[u8]| {
    support::fuzz_one(&mut support::Bytes(data));
});
