//! Fuzzes the whole reader: PE/metadata parsing, every table, heap,
//! signature, body, IL, custom attribute, resolution and type layout.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kiln_metadata::check::exercise_image(data.to_vec());
});
