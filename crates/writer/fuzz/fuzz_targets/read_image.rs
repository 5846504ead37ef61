//! Fuzz target: the R2R image reader and the round-trip checker must never
//! panic. Seed the corpus with framework images, e.g.
//! `cp $DOTNET/shared/Microsoft.NETCore.App/8.0.4/System.Console.dll corpus/read_image/`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(img) = kiln_writer::read::R2rImage::parse(data.to_vec()) {
        let _ = kiln_writer::read::check::check_image(&img);
        for s in &img.import_sections {
            for i in 0..s.cells.len() {
                let _ = img.describe_cell(s.index as usize, i);
            }
        }
    }
});
