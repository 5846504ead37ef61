//! ReadyToRun inputs (crossgen2's framework images): the writer keeps their
//! CLI file and nothing of their native data (see the crate's `strip`
//! module). Needs the provisioned toolchain (`cargo xtask setup`).

use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;
use kiln_writer::read::R2rImage;
use kiln_writer::{ImageBuilder, WriterOptions};

fn framework_image(name: &str) -> Vec<u8> {
    let tc = xtask::toolchain::load().unwrap_or_else(|e| panic!("needs the runtime: {e}"));
    std::fs::read(tc.framework.join(name)).unwrap()
}

/// An image written from an R2R input carries kiln's R2R header only: the
/// input's compiler identifier, and every byte of its native code, are gone;
/// the metadata and every IL body are the input's.
fn check_recompiled(name: &str) {
    let input = framework_image(name);
    let old = R2rImage::parse(input.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        old.compiler.contains("Crossgen2"),
        "{name}: {}",
        old.compiler
    );
    let builder = ImageBuilder::new(&input, WriterOptions::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let output = builder.finish().unwrap();
    let new = R2rImage::parse(output.clone()).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(new.compiler.starts_with("kiln"), "{}", new.compiler);
    let needle = old.compiler.as_bytes();
    assert!(
        !output.windows(needle.len()).any(|w| w == needle),
        "{name}: crossgen2's identifier survived in the output"
    );
    // Native code of the input: the first 64 bytes of its largest method.
    if let Some(f) = old.runtime_functions.iter().max_by_key(|f| f.end - f.begin) {
        let code = old
            .assembly
            .rva_slice(f.begin, (f.end - f.begin).min(64))
            .unwrap();
        assert!(
            code.len() < 16 || !output.windows(code.len()).any(|w| w == code),
            "{name}: native code of the input survived in the output"
        );
    }
    let (a, b) = (Assembly::from_bytes(input).unwrap(), new.assembly);
    assert_eq!(
        a.metadata_bytes(),
        b.metadata_bytes(),
        "{name}: metadata differs"
    );
    for h in a.handles::<MethodDefHandle>() {
        let (x, y) = (a.method_body(h).unwrap(), b.method_body(h).unwrap());
        assert_eq!(
            x.map(|x| x.code),
            y.map(|y| y.code),
            "{name}: body of row {}",
            h.0
        );
    }
    assert_eq!(
        b.cor_header().flags & kiln_metadata::pe::cor_flags::ILONLY,
        0,
        "an R2R output clears ILONLY"
    );
}

#[test]
fn framework_images_are_recompiled_from_their_il() {
    for name in [
        "System.Collections.dll",
        "System.Console.dll",
        "System.Linq.dll",
        "System.Private.CoreLib.dll",
    ] {
        check_recompiled(name);
    }
}
