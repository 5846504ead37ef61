//! The `kiln` command line: `kiln compile` writes the image and the JSON
//! report and prints `compiled N of M methods`; bad usage fails cleanly.

use std::process::Command;

fn kiln() -> Command {
    Command::new(env!("CARGO_BIN_EXE_kiln"))
}

#[test]
fn compile_writes_image_and_report() {
    let tc = xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs mcs: {e}"));
    let dir = std::env::temp_dir().join(format!("kiln-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cs = dir.join("c.cs");
    std::fs::write(
        &cs,
        "static class C { static int Twice(int x) { return x * 2; } static int Main() { return Twice(50); } }",
    )
    .unwrap();
    let il = dir.join("c.dll");
    assert!(Command::new(&tc.mcs)
        .arg(format!("-out:{}", il.display()))
        .arg(&cs)
        .status()
        .unwrap()
        .success());
    let out = dir.join("out").join("c.dll");
    let report = dir.join("c.json");
    let o = kiln()
        .args(["compile", il.to_str().unwrap(), "-r"])
        .arg(&tc.framework)
        .arg("--targetos:linux")
        .args(["--targetarch", "x64", "-o"])
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg("-v")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(stdout.contains("compiled 2 of 2 methods"), "{stdout}");
    assert!(std::fs::metadata(&out).unwrap().len() > 0);
    let r: kiln_driver::Report =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!((r.compiled, r.candidates), (2, 2));
    assert!(r.method("C:Twice(int)").unwrap().is_compiled());

    // --exclude-method leaves the matching method to the JIT, named as the
    // report names it (a `:` inside the pattern survives `=`).
    let o = kiln()
        .args(["compile", il.to_str().unwrap(), "-r"])
        .arg(&tc.framework)
        .arg("-o")
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .arg("--exclude-method=C:Twice(")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r: kiln_driver::Report =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!((r.compiled, r.candidates), (1, 2));
    assert!(r.method("C:Main()").unwrap().is_compiled());
    assert_eq!(
        r.method("C:Twice(int)").unwrap().outcome,
        kiln_driver::Outcome::Skipped {
            stage: kiln_driver::Stage::Excluded,
            reason: "excluded by --exclude-method".into()
        }
    );
}

#[test]
fn bad_usage_fails_with_a_message() {
    for args in [
        vec!["compile"],
        vec!["compile", "x.dll"],
        vec!["compile", "x.dll", "-o", "y.dll", "--targetarch", "arm64"],
        vec!["compile", "--bogus"],
        vec!["compile", "x.dll", "-o", "y.dll", "--exclude-method="],
        vec!["frobnicate"],
    ] {
        let o = kiln().args(&args).output().unwrap();
        assert!(!o.status.success(), "{args:?} succeeded");
        assert!(!o.stderr.is_empty(), "{args:?}: no message");
    }
    let o = kiln()
        .args(["compile", "/nonexistent/x.dll", "-o", "/tmp/y.dll"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/x.dll"));
}
