//! Salsa reuse: compiling unchanged inputs again executes no query; changing
//! one input re-executes only that input's queries.

use kiln_driver::{CompileOptions, Compiler};

fn build(
    tc: &xtask::toolchain::Toolchain,
    dir: &std::path::Path,
    name: &str,
    src: &str,
) -> Vec<u8> {
    let cs = dir.join(format!("{name}.cs"));
    std::fs::write(&cs, src).unwrap();
    let exe = dir.join(format!("{name}.exe"));
    let ok = std::process::Command::new(&tc.mcs)
        .arg(format!("-out:{}", exe.display()))
        .arg(&cs)
        .status()
        .expect("run mcs")
        .success();
    assert!(ok);
    std::fs::read(exe).unwrap()
}

#[test]
fn unchanged_inputs_are_not_recompiled() {
    let tc = xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs mcs: {e}"));
    let dir = std::env::temp_dir().join(format!("kiln-driver-incr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let a1 = build(
        &tc,
        &dir,
        "a",
        "class A { static int Main() { return 100; } }",
    );
    let a2 = build(
        &tc,
        &dir,
        "a2",
        "class A { static int F() { return 1; } static int Main() { return 100; } }",
    );
    let b = build(
        &tc,
        &dir,
        "b",
        "class B { static int Main() { return 100; } }",
    );

    let mut c = Compiler::new(
        std::slice::from_ref(&tc.framework),
        CompileOptions::default(),
    )
    .unwrap();
    c.database().record_executions();
    let sa = c.set_source("a.exe".as_ref(), a1.clone());
    let sb = c.set_source("b.exe".as_ref(), b.clone());
    let first_a = c.compile_source(sa).unwrap();
    c.compile_source(sb).unwrap();
    let first = c.database().take_executions();
    assert!(
        first.iter().any(|q| q.starts_with("compiled_method")),
        "{first:?}"
    );

    // Same bytes again: nothing re-executes and the image is identical.
    c.set_source("a.exe".as_ref(), a1);
    c.set_source("b.exe".as_ref(), b);
    let again_a = c.compile_source(sa).unwrap();
    c.compile_source(sb).unwrap();
    assert_eq!(c.database().take_executions(), Vec::<String>::new());
    assert_eq!(first_a.image, again_a.image);

    // Editing a: a's queries re-run, b's are reused.
    c.set_source("a.exe".as_ref(), a2);
    let edited = c.compile_source(sa).unwrap();
    c.compile_source(sb).unwrap();
    let after = c.database().take_executions();
    assert!(
        after.iter().any(|q| q.starts_with("method_list")),
        "{after:?}"
    );
    assert_eq!(edited.report.methods.len(), 3);
    // One method list and one lowering per method of the edited input only
    // (b's queries are validated, not executed). Row 1 (the constructor)
    // lowers to the same result as before, so the IR firewall stops there
    // and its code generation is reused: two code generations, not three.
    let count = |prefix: &str| after.iter().filter(|q| q.starts_with(prefix)).count();
    assert_eq!(count("method_list"), 1, "{after:?}");
    assert_eq!(count("lowered_method"), 3, "{after:?}");
    assert_eq!(count("compiled_method"), 2, "{after:?}");
}
