//! First light through the public API: the first-light programs of
//! `tests/programs` compiled by `kiln_driver::compile` against the framework
//! run on .NET 8 with the expected output and exit code 100, and the runtime
//! JIT-compiles none of the methods kiln compiled (every method of the
//! program in the JIT log is one the report lists as skipped).

use std::path::PathBuf;

use kiln_driver::{compile, CompileOptions};
use xtask::dotnet::{run_app, RunOptions};

#[test]
fn first_light_programs_run_precompiled() {
    let tc =
        xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs the runtime: {e}"));
    let programs = xtask::workspace_root().join("tests/programs");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&programs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "cs")
                && p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("firstlight_")
        })
        .collect();
    names.sort();
    assert!(
        !names.is_empty(),
        "no first-light programs in {}",
        programs.display()
    );

    let dir = std::env::temp_dir().join(format!("kiln-driver-fl-{}", std::process::id()));
    let il_dir = dir.join("il");
    std::fs::create_dir_all(&il_dir).unwrap();
    let mut total_compiled = 0;
    for source in names {
        let stem = source.file_stem().unwrap().to_string_lossy().into_owned();
        let il = il_dir.join(format!("{stem}.exe"));
        tc.compile_cs(&source, &il).unwrap();
        let out = compile(
            std::slice::from_ref(&il),
            std::slice::from_ref(&tc.framework),
            &CompileOptions::default(),
        )
        .unwrap();
        let report = &out[0].report;
        assert!(
            report.compiled > 0,
            "{stem}: nothing compiled: {}",
            report.to_json()
        );
        total_compiled += report.compiled;
        let app = dir.join(format!("{stem}.exe"));
        std::fs::write(&app, &out[0].image).unwrap();
        let options = RunOptions {
            capture: true,
            timeout: Some(std::time::Duration::from_secs(120)),
            ..Default::default()
        };
        let run = run_app(&tc, &app, &[], &options).unwrap();
        assert_eq!(run.exit_code, Some(100), "{stem}: {}", run.stderr);
        let expected = std::fs::read_to_string(source.with_extension("out")).unwrap();
        assert_eq!(run.stdout, expected, "{stem}: output differs");
        for e in &run.jitted {
            if let Some(m) = report.method(&e.name) {
                assert!(
                    !m.is_compiled(),
                    "{stem}: the runtime rejected precompiled {}",
                    e.name
                );
            }
        }
    }
    assert!(
        total_compiled >= 40,
        "only {total_compiled} methods compiled"
    );
}

#[test]
fn shared_generic_code_gets_its_exact_type_through_the_stub() {
    let tc =
        xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs the runtime: {e}"));
    let dir = std::env::temp_dir().join(format!("kiln-driver-gen-{}", std::process::id()));
    let il_dir = dir.join("il");
    std::fs::create_dir_all(&il_dir).unwrap();
    let cs = dir.join("gen.cs");
    std::fs::write(
        &cs,
        "class G<T> { public static int F(int x) { return x + 1; } \
                      public static int H(int x) { return typeof(T).Name.Length + x; } } \
         static class P { static int Shared() { return G<object>.H(-6); } \
                          static int Main() { return G<int>.F(99) + Shared(); } }",
    )
    .unwrap();
    let il = il_dir.join("gen.exe");
    tc.compile_cs(&cs, &il).unwrap();
    let out = compile(
        std::slice::from_ref(&il),
        std::slice::from_ref(&tc.framework),
        &CompileOptions::default(),
    )
    .unwrap();
    let report = &out[0].report;
    let f = report
        .method("G`1[T]:F(int)")
        .expect("G<T>.F in the report");
    assert!(!f.is_compiled(), "{f:?}");
    assert!(report.method("P:Main()").unwrap().is_compiled());
    // G<object>.H is shared canonical code that needs the exact type as a
    // hidden argument: the caller names G<object>.H with the
    // InstantiatingStub flag and the runtime's stub passes it — `typeof(T)`
    // must see `Object` for Main to return 100.
    let shared = report.method("P:Shared()").unwrap();
    assert!(shared.is_compiled(), "{shared:?}");
    let app = dir.join("gen.exe");
    std::fs::write(&app, &out[0].image).unwrap();
    let run = run_app(&tc, &app, &[], &RunOptions::default()).unwrap();
    assert_eq!(run.exit_code, Some(100));
}

/// Exceptions thrown by the runtime's throw helpers (called from kiln code
/// through Eager helper cells) unwind through several precompiled frames —
/// using kiln's unwind info and GC info — into a JIT-compiled catch.
#[test]
fn exceptions_unwind_through_precompiled_frames() {
    let tc =
        xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs the runtime: {e}"));
    let dir = std::env::temp_dir().join(format!("kiln-driver-unwind-{}", std::process::id()));
    let il_dir = dir.join("il");
    std::fs::create_dir_all(&il_dir).unwrap();
    let cs = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/unwind_through.cs");
    let il = il_dir.join("exc.exe");
    tc.compile_cs(&cs, &il).unwrap();
    // `Main` (the catch) is left to the JIT on purpose.
    let options = CompileOptions {
        exclude_methods: vec!["E:Main".into()],
        ..CompileOptions::default()
    };
    let out = compile(
        std::slice::from_ref(&il),
        std::slice::from_ref(&tc.framework),
        &options,
    )
    .unwrap();
    let report = &out[0].report;
    for m in ["E:Div(int,int)", "E:Deep(int,int,int)", "E:Mod(long,long)"] {
        assert!(report.method(m).unwrap().is_compiled(), "{m} not compiled");
    }
    let app = dir.join("exc.exe");
    std::fs::write(&app, &out[0].image).unwrap();
    let options = RunOptions {
        capture: true,
        ..Default::default()
    };
    let run = run_app(&tc, &app, &[], &options).unwrap();
    assert_eq!(run.exit_code, Some(100), "{}", run.stderr);
    assert_eq!(run.stdout, "3\n");
    let jitted: Vec<&str> = run
        .jitted
        .iter()
        .filter(|e| e.type_name == "E")
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(jitted, vec!["E:Main()"]);
}
