//! Issue 19's proof that kiln is usable as a library: this crate is outside
//! the kiln workspace, compiles a C# program through `kiln_driver`'s public
//! API, writes the image with its own container ([`ChecksummedPe`],
//! registered under `pe-checksum`), and the .NET 8 runtime runs it with the
//! precompiled methods used (none of them in the JIT log).

use std::sync::Arc;

use kiln_driver::{Compiler, ObjectFormat};
use kiln_external_user::{checksum_offset, pe_checksum, ChecksummedPe, NAME};
use xtask::dotnet::{run_app, RunOptions};

#[test]
fn a_program_compiled_through_the_library_runs_from_an_outside_container() {
    let tc = xtask::toolchain::load()
        .unwrap_or_else(|e| panic!("this test needs the runtime (cargo xtask setup): {e}"));
    let dir = std::env::temp_dir().join(format!("kiln-external-{}", std::process::id()));
    let il_dir = dir.join("il");
    std::fs::create_dir_all(&il_dir).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/program.cs");
    let il = il_dir.join("program.exe");
    tc.compile_cs(&source, &il).unwrap();

    let mut compiler = Compiler::builder()
        .reference(&tc.framework)
        .register_container(Arc::new(ChecksummedPe))
        .obj_format(ObjectFormat::new(NAME))
        .build()
        .expect("the registry resolves the outside container");
    assert_eq!(compiler.container().name(), NAME);
    let out = compiler.compile_file(&il).expect("compiles");
    let report = &out.report;
    for name in [
        "Program:Main()",
        "Program:Sum(int[])",
        "Rect:Area()",
        "Rect:.ctor(int,int)",
    ] {
        let m = report
            .method(name)
            .unwrap_or_else(|| panic!("{name} not in the report: {}", report.to_json()));
        assert!(m.is_compiled(), "{name} not compiled: {m:?}");
    }

    let image = &out.image;
    let field = checksum_offset(image).expect("a PE image");
    let stored = u32::from_le_bytes(image[field..field + 4].try_into().unwrap());
    assert_ne!(stored, 0);
    assert_eq!(stored, pe_checksum(image, field));

    let app = dir.join("program.exe");
    std::fs::write(&app, image).unwrap();
    let options = RunOptions {
        capture: true,
        timeout: Some(std::time::Duration::from_secs(120)),
        ..Default::default()
    };
    let run = run_app(&tc, &app, &[], &options).unwrap();
    assert_eq!(run.exit_code, Some(100), "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "kiln 285 42\n");
    for e in &run.jitted {
        if let Some(m) = report.method(&e.name) {
            assert!(
                !m.is_compiled(),
                "the runtime rejected precompiled {}",
                e.name
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
