//! The `kiln` command line: `kiln compile` writes the image and the JSON
//! report and prints `compiled N of M methods`; bad usage fails cleanly;
//! an output never overwrites an input, two inputs never share an output,
//! outputs appear only complete, and with several inputs every good one is
//! compiled while every bad one is reported.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
    let skip = kiln_driver::Skip::excluded();
    assert_eq!(
        r.method("C:Twice(int)").unwrap().outcome,
        kiln_driver::Outcome::Skipped {
            stage: kiln_driver::Stage::Excluded,
            reason: "excluded by --exclude-method".into(),
            cause: skip.cause,
        }
    );
    assert_eq!(
        serde_json::to_value(kiln_driver::SkipKind::Excluded).unwrap(),
        "excluded"
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

/// A fresh directory holding `c.dll`, a two-method program built with mcs,
/// and the framework directory to reference.
fn fixture(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let tc = xtask::toolchain::load().unwrap_or_else(|e| panic!("this test needs mcs: {e}"));
    let dir = std::env::temp_dir().join(format!("kiln-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let cs = dir.join("c.cs");
    std::fs::write(
        &cs,
        "static class C { static int Twice(int x) { return x * 2; } static int Main() { return Twice(50); } }",
    )
    .unwrap();
    let il = dir.join("c.dll");
    tc.compile_cs(&cs, &il).unwrap();
    (dir, il, tc.framework)
}

fn run(args: &[&Path]) -> Output {
    let mut c = kiln();
    c.arg("compile");
    c.args(args);
    c.output().unwrap()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn refused(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(1), "{o:?}");
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn an_input_is_never_overwritten() {
    let (dir, il, fw) = fixture("own-input");
    let original = std::fs::read(&il).unwrap();
    std::fs::hard_link(&il, dir.join("hard.dll")).unwrap();
    std::os::unix::fs::symlink(&il, dir.join("sym.dll")).unwrap();
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    let r = Path::new("-r");
    let o = Path::new("-o");
    for out in ["c.dll", "sub/../c.dll", "hard.dll", "sym.dll"] {
        let err = refused(&run(&[&il, r, &fw, o, &dir.join(out)]));
        assert!(err.contains("would overwrite the input"), "{out}: {err}");
    }
    // The report may not overwrite the input either.
    let report = Path::new("--report");
    let err = refused(&run(&[&il, r, &fw, o, &dir.join("out.dll"), report, &il]));
    assert!(err.contains("would overwrite the input"), "{err}");
    // Several inputs with `-o` their own directory.
    let other = dir.join("sub/d.dll");
    std::fs::copy(&il, &other).unwrap();
    let err = refused(&run(&[&il, &other, r, &fw, o, &dir]));
    assert!(err.contains("would overwrite the input"), "{err}");
    assert_eq!(std::fs::read(&il).unwrap(), original);
    assert_eq!(std::fs::read(&other).unwrap(), original);
    assert_eq!(names(&dir), ["c.cs", "c.dll", "hard.dll", "sub", "sym.dll"]);
    assert_eq!(names(&dir.join("sub")), ["d.dll"]);
}

#[test]
fn inputs_with_the_same_file_name_are_refused() {
    let (dir, il, fw) = fixture("dup-names");
    let twin = dir.join("twin");
    std::fs::create_dir_all(&twin).unwrap();
    std::fs::copy(&il, twin.join("c.dll")).unwrap();
    let out = dir.join("out");
    let o = run(&[
        &il,
        &twin.join("c.dll"),
        Path::new("-r"),
        &fw,
        Path::new("-o"),
        &out,
    ]);
    let err = refused(&o);
    assert!(err.contains("same file"), "{err}");
    assert!(names(&out).is_empty(), "{:?}", names(&out));
}

#[test]
fn an_unwritable_report_fails_before_any_output_is_written() {
    let (dir, il, fw) = fixture("bad-report");
    // The report's directory would be a regular file: it cannot be created.
    let report = dir.join("c.cs").join("r.json");
    let out = dir.join("out").join("c.dll");
    let o = run(&[
        &il,
        Path::new("-r"),
        &fw,
        Path::new("-o"),
        &out,
        Path::new("--report"),
        &report,
    ]);
    let err = refused(&o);
    assert!(err.contains("c.cs"), "{err}");
    assert!(!out.exists());
    assert!(names(&dir.join("out")).is_empty());
}

#[test]
fn several_inputs_compile_every_good_one_and_report_every_bad_one() {
    let (dir, il, fw) = fixture("several");
    let bad = dir.join("bad.dll");
    std::fs::write(&bad, "not an assembly\n").unwrap();
    let missing = dir.join("missing.dll");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    // A stale image of the bad input from an earlier build must not survive.
    std::fs::write(out.join("bad.dll"), b"stale").unwrap();
    let report = out.join("report.json");
    let o = run(&[
        &bad,
        &il,
        &missing,
        Path::new("-r"),
        &fw,
        Path::new("-o"),
        &out,
        Path::new("--report"),
        &report,
    ]);
    let err = refused(&o);
    assert!(
        err.contains("bad.dll") && err.contains("missing.dll"),
        "{err}"
    );
    assert!(err.contains("2 input(s) failed"), "{err}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("compiled 2 of 2 methods"), "{stdout}");
    assert_eq!(names(&out), ["c.dll", "report.json"]);
    let reports: Vec<kiln_driver::Report> =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].compiled, 2);
}

#[test]
fn a_failed_single_input_leaves_no_stale_output() {
    let (dir, _, fw) = fixture("single-bad");
    let bad = dir.join("bad.dll");
    std::fs::write(&bad, "not an assembly\n").unwrap();
    let out = dir.join("out.dll");
    let report = dir.join("out.json");
    std::fs::write(&out, b"stale image").unwrap();
    std::fs::write(&report, b"stale report").unwrap();
    let o = run(&[
        &bad,
        Path::new("-r"),
        &fw,
        Path::new("-o"),
        &out,
        Path::new("--report"),
        &report,
    ]);
    refused(&o);
    assert!(!out.exists() && !report.exists(), "{:?}", names(&dir));
    assert_eq!(names(&dir), ["bad.dll", "c.cs", "c.dll"]);
}

#[test]
fn a_reference_that_is_not_an_assembly_is_an_error() {
    let (dir, il, _) = fixture("text-ref");
    let text = dir.join("text.dll");
    std::fs::write(&text, "just text\n").unwrap();
    let out = dir.join("out.dll");
    let err = refused(&run(&[&il, Path::new("-r"), &text, Path::new("-o"), &out]));
    assert!(err.contains("text.dll: not a readable assembly"), "{err}");
    assert!(!out.exists());
}

#[test]
fn no_reference_with_system_object_is_an_error() {
    let (dir, il, _) = fixture("no-corelib");
    let out = dir.join("out.dll");
    let err = refused(&run(&[&il, Path::new("-o"), &out]));
    assert!(err.contains("no reference provides System.Object"), "{err}");
    assert!(!out.exists());
}

#[test]
fn an_assembly_name_defined_twice_is_a_warning_naming_the_one_used() {
    let (dir, il, fw) = fixture("dup-ref");
    let copy = dir.join("copy");
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(
        fw.join("System.Runtime.dll"),
        copy.join("System.Runtime.dll"),
    )
    .unwrap();
    let out = dir.join("out.dll");
    let o = run(&[
        &il,
        Path::new("-r"),
        &fw,
        Path::new("-r"),
        &copy,
        Path::new("-o"),
        &out,
    ]);
    assert!(o.status.success(), "{o:?}");
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err
        .lines()
        .find(|l| l.contains("assembly System.Runtime is defined by several references"))
        .unwrap_or_else(|| panic!("no warning: {err}"));
    // Paths are used in sorted order: the first one wins.
    let (first, second) = {
        let a = fw.join("System.Runtime.dll");
        let b = copy.join("System.Runtime.dll");
        if a < b {
            (a, b)
        } else {
            (b, a)
        }
    };
    assert!(line.starts_with("kiln: warning:"), "{line}");
    assert!(
        line.contains(&format!(
            "using {}, ignoring {}",
            first.display(),
            second.display()
        )),
        "{line}"
    );
    assert!(out.exists());
}

#[test]
fn an_unresolved_assembly_is_a_warning_or_with_strict_an_error() {
    let (dir, _, fw) = fixture("unresolved");
    let tc = xtask::toolchain::load().unwrap();
    let lib_cs = dir.join("lib.cs");
    std::fs::write(
        &lib_cs,
        "public enum Color { Red, Green } public struct Pt { public int X; }",
    )
    .unwrap();
    let lib = dir.join("lib").join("lib.dll");
    std::fs::create_dir_all(lib.parent().unwrap()).unwrap();
    let ok = Command::new(&tc.mcs)
        .args(["-t:library", &format!("-out:{}", lib.display())])
        .arg(&lib_cs)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let q_cs = dir.join("q.cs");
    std::fs::write(
        &q_cs,
        "class Q { static int F(Color c) { return (int)c; } static int H(Pt p) { return p.X; } \
         static int Main() { return 100; } }",
    )
    .unwrap();
    let q = dir.join("q.exe");
    let ok = Command::new(&tc.mcs)
        .arg(format!("-r:{}", lib.display()))
        .arg(format!("-out:{}", q.display()))
        .arg(&q_cs)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let out = dir.join("out.exe");
    let (r, o) = (Path::new("-r"), Path::new("-o"));
    let warned = run(&[&q, r, &fw, o, &out]);
    assert!(warned.status.success(), "{warned:?}");
    let err = String::from_utf8_lossy(&warned.stderr);
    assert!(
        err.contains("warning: ")
            && err.contains("assembly lib is referenced but no -r provides it (2 method(s)"),
        "{err}"
    );
    assert!(out.exists());
    // With the library: no warning.
    let clean = run(&[&q, r, &fw, r, &lib, o, &out]);
    assert!(clean.status.success() && !String::from_utf8_lossy(&clean.stderr).contains("lib"));
    // --strict: an error, and no (stale) output.
    let strict = run(&[&q, r, &fw, o, &out, Path::new("--strict")]);
    let err = refused(&strict);
    assert!(
        err.contains("assembly lib is referenced") && !err.contains("warning"),
        "{err}"
    );
    assert!(!out.exists());
}

#[test]
fn every_subcommand_has_help_and_version_prints() {
    for args in [
        &["--help"][..],
        &["help"],
        &["compile", "--help"],
        &["dump", "--help"],
        &["completions", "--help"],
        &["help", "compile"],
    ] {
        let o = kiln().args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {o:?}");
        let text = String::from_utf8(o.stdout).unwrap();
        assert!(text.contains("Usage: kiln"), "{args:?}: {text}");
    }
    let o = kiln().args(["compile", "--help"]).output().unwrap();
    let text = String::from_utf8(o.stdout).unwrap();
    for flag in [
        "--reference",
        "--out",
        "--report",
        "--obj-format",
        "--targetos",
        "--pdb",
    ] {
        assert!(text.contains(flag), "{flag}: {text}");
    }
    let o = kiln().arg("--version").output().unwrap();
    assert!(o.status.success());
    assert_eq!(
        String::from_utf8(o.stdout).unwrap().trim(),
        format!("kiln {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_are_generated() {
    let o = kiln().args(["completions", "bash"]).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    let script = String::from_utf8(o.stdout).unwrap();
    assert!(script.contains("_kiln()") && script.contains("--obj-format"));
    assert!(!kiln()
        .args(["completions", "tcsh"])
        .output()
        .unwrap()
        .status
        .success());
}

/// Usage errors exit 2 with clap's message, which names what was meant.
#[test]
fn unknown_flags_and_targets_are_usage_errors_that_say_what_exists() {
    let o = kiln()
        .args(["compile", "a.dll", "-o", "b.dll", "--reprot", "r.json"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("'--reprot'") && err.contains("similar argument exists: '--report'"),
        "{err}"
    );
    for (args, says) in [
        (&["--targetos:windows"][..], "x86_64-pc-windows-msvc"),
        (
            &["--targetarch", "arm64"],
            "unsupported target aarch64-unknown-linux-gnu: no backend compiles for it \
             (registered: x64: x86_64-unknown-linux-gnu)",
        ),
        (&["--targetos=plan9"], "unknown --targetos plan9"),
        (
            &["--target", "aarch64-unknown-linux-gnu"],
            "(registered: x64: x86_64-unknown-linux-gnu)",
        ),
        (
            &["--obj-format", "macho"],
            "unknown object format macho: no container writes it (registered: pe, elf)",
        ),
        (&["-f:coff"], "unknown object format coff"),
        (&["--composite"], "--composite is not supported"),
        (
            &["--singlemethodtypename", "C", "--singlemethodname:M"],
            "--singlemethod* (compile one method) is not supported",
        ),
    ] {
        let o = kiln()
            .args(["compile", "a.dll", "-o", "b.dll"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let o = kiln().arg("@/nonexistent/kiln.rsp").output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("/nonexistent/kiln.rsp"));
}

/// A response file in the form the .NET SDK's ReadyToRun task writes for
/// crossgen2 (`GenerateCrossgen2ResponseFile`, dotnet/sdk
/// `src/Tasks/Microsoft.NET.Build.Tasks/RunReadyToRunCompiler.cs`), run as
/// the SDK runs crossgen2 (`kiln @file.rsp`), writes the same image as the
/// plain command line, and its crossgen2-only options are named as ignored.
#[test]
fn an_sdk_response_file_compiles_like_the_command_line() {
    let (dir, il, fw) = fixture("rsp");
    let plain = dir.join("plain.dll");
    let o = run(&[&il, Path::new("-r"), &fw, Path::new("-o"), &plain]);
    assert!(o.status.success(), "{o:?}");
    let via_rsp = dir.join("out dir").join("rsp.dll");
    let mut rsp = String::from("--targetos:linux\n--targetarch:x64\n-O\n--perfmap\n");
    let mut refs: Vec<PathBuf> = std::fs::read_dir(&fw)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "dll"))
        .collect();
    refs.sort();
    for r in &refs {
        rsp += &format!("-r:\"{}\"\n", r.display());
    }
    rsp += &format!("--out:\"{}\"\n{}\n", via_rsp.display(), il.display());
    let file = dir.join("c.rsp");
    std::fs::write(&file, rsp).unwrap();
    let o = kiln().arg(format!("@{}", file.display())).output().unwrap();
    assert!(o.status.success(), "{o:?}");
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("compiled 2 of 2 methods"), "{stdout}");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("note: ignoring --optimize") && !err.contains("ignoring --perfmap"),
        "{err}"
    );
    assert_eq!(
        std::fs::read(&via_rsp).unwrap(),
        std::fs::read(&plain).unwrap()
    );
    // The same file behind `kiln compile`, and `-o` over the input is still
    // refused from a response file.
    let over = dir.join("over.rsp");
    std::fs::write(
        &over,
        format!(
            "-r:{}\n-o:{}\n{}\n",
            fw.display(),
            il.display(),
            il.display()
        ),
    )
    .unwrap();
    let err = refused(
        &kiln()
            .arg("compile")
            .arg(format!("@{}", over.display()))
            .output()
            .unwrap(),
    );
    assert!(err.contains("would overwrite the input"), "{err}");
}

#[test]
fn obj_format_elf_writes_an_elf_shared_object() {
    let (dir, il, fw) = fixture("elf");
    let out = dir.join("c.so");
    let o = kiln()
        .arg("compile")
        .arg(&il)
        .arg(format!("-r:{}", fw.display()))
        .args(["--obj-format", "elf", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..4], b"\x7fELF");
    // e_type ET_DYN, e_machine EM_X86_64.
    assert_eq!(u16::from_le_bytes([bytes[16], bytes[17]]), 3);
    assert_eq!(u16::from_le_bytes([bytes[18], bytes[19]]), 62);
}

/// Progress goes to stderr on a terminal (here a pseudo-terminal made by
/// `script`), not into a pipe unless `--progress` asks; the closing summary
/// is there unless `--quiet`; stdout keeps only the per-input line.
#[test]
fn progress_on_a_terminal_or_on_request_and_a_closing_summary() {
    let (dir, il, fw) = fixture("progress");
    let out = dir.join("out.dll");
    let report = dir.join("r.json");
    let base = |extra: &[&str]| {
        let mut c = kiln();
        c.arg("compile")
            .arg(&il)
            .arg("-r")
            .arg(&fw)
            .arg("-o")
            .arg(&out)
            .arg("--report")
            .arg(&report)
            .args(extra);
        c
    };
    let piped = base(&[]).output().unwrap();
    assert!(piped.status.success(), "{piped:?}");
    let err = String::from_utf8_lossy(&piped.stderr);
    assert!(
        !err.contains("compiling") && !err.contains("2/2 methods"),
        "{err}"
    );
    assert!(
        err.contains(
            "kiln: 1 input(s) compiled: 2 of 2 methods with IL compiled, 0 skipped, 0 without IL;"
        ) && err.contains(&format!("report {}", report.display())),
        "{err}"
    );
    assert_eq!(
        String::from_utf8_lossy(&piped.stdout),
        format!("{}: compiled 2 of 2 methods\n", il.display())
    );
    let forced = base(&["--progress"]).output().unwrap();
    let err = String::from_utf8_lossy(&forced.stderr);
    assert!(
        err.contains(&format!("{}: 2/2 methods", il.display())),
        "{err}"
    );
    let quiet = base(&["-q"]).output().unwrap();
    assert!(
        quiet.status.success() && quiet.stderr.is_empty(),
        "{quiet:?}"
    );
    // Under a pseudo-terminal: `script -qec <command> /dev/null`.
    let command = format!(
        "{} compile {} -r {} -o {}",
        env!("CARGO_BIN_EXE_kiln"),
        il.display(),
        fw.display(),
        out.display()
    );
    match Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
    {
        Ok(o) => {
            assert!(o.status.success(), "{o:?}");
            let tty = String::from_utf8_lossy(&o.stdout);
            assert!(
                tty.contains(&format!("\r{}: compiling\x1b[K", il.display()))
                    && tty.contains("\r\x1b[K"),
                "{tty:?}"
            );
        }
        Err(e) => panic!("this test needs `script` (util-linux): {e}"),
    }
}

/// `--map`, `--mapcsv` and `--perfmap` name every compiled method at the
/// RVA `kiln dump` finds its code at; the perf map is named as crossgen2
/// names a version-0 map (`<stem>.ni.{MVID}.map`).
#[test]
fn map_and_perfmap_files_name_every_compiled_method_at_its_rva() {
    let (dir, il, fw) = fixture("maps");
    let out = dir.join("out").join("c.dll");
    let o = kiln()
        .arg("compile")
        .arg(&il)
        .arg("-r")
        .arg(&fw)
        .arg("-o")
        .arg(&out)
        .args(["--map", "--mapcsv", "--perfmap", "-q"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let perfmaps: Vec<String> = names(&dir.join("out"))
        .into_iter()
        .filter(|n| n.starts_with("c.ni.{") && n.ends_with("}.map"))
        .collect();
    assert_eq!(perfmaps.len(), 1, "{:?}", names(&dir.join("out")));
    // `c.ni.{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}.map`
    let mvid = &perfmaps[0]["c.ni.{".len()..perfmaps[0].len() - "}.map".len()];
    let groups: Vec<usize> = mvid.split('-').map(str::len).collect();
    assert_eq!(groups, [8, 4, 4, 4, 12], "{mvid}");
    let perf = std::fs::read_to_string(dir.join("out").join(&perfmaps[0])).unwrap();
    let map = std::fs::read_to_string(dir.join("out").join("c.map")).unwrap();
    let csv = std::fs::read_to_string(dir.join("out").join("c.map.csv")).unwrap();
    let dump = kiln_driver::dump::run(&out, None, None).unwrap();
    let mut seen = Vec::new();
    for line in perf.lines() {
        let mut f = line.splitn(3, ' ');
        let (rva, size, name) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        let rva = u32::from_str_radix(rva, 16).unwrap();
        let size = u32::from_str_radix(size, 16).unwrap();
        assert!(size > 0, "{line}");
        assert!(
            dump.contains(&format!("{name}  RVA {rva:#x}  size {size:#x}")),
            "{line}\n{dump}"
        );
        assert!(
            map.contains(&format!("method   {rva:#010x} {size:#10x}  {name}")),
            "{line}\n{map}"
        );
        assert!(
            csv.contains(&format!("method,0x{rva:08x},{size},{name}")),
            "{line}\n{csv}"
        );
        seen.push(name.to_string());
    }
    seen.sort();
    assert_eq!(seen, ["C.Main()", "C.Twice(int32)"]);
    assert!(
        map.contains("import ") && csv.contains("\nimport,"),
        "{map}"
    );
    // An ELF image is not read back: the maps need PE.
    let o = kiln()
        .arg("compile")
        .arg(&il)
        .arg("-r")
        .arg(&fw)
        .args(["-f", "elf", "--map", "-o"])
        .arg(dir.join("c.so"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
}

/// `kiln dump` of a kiln image disassembles a method by name; a filter that
/// matches nothing fails (exit 1) and says what exists.
#[test]
fn dump_disassembles_and_a_filter_matching_nothing_fails() {
    let (dir, il, fw) = fixture("dump");
    let out = dir.join("c.r2r.dll");
    // `--Od`: Twice stays a call (it is small enough to be inlined).
    assert!(run(&[
        &il,
        Path::new("-r"),
        &fw,
        Path::new("--Od"),
        Path::new("-o"),
        &out
    ])
    .status
    .success());
    let o = kiln()
        .arg("dump")
        .arg(&out)
        .args(["--method", "Main"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{o:?}");
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(text.contains("C.Main()  RVA "), "{text}");
    // The call to Twice goes through its import cell, named.
    assert!(
        text.lines()
            .any(|l| l.contains("call") && l.contains("C.Twice(int32)")),
        "{text}"
    );
    assert!(!text.contains("Some("), "{text}");
    let o = kiln().arg("dump").arg(&il).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("an IL-only assembly? `kiln compile` it first"),
        "{err}"
    );
    for filter in [["--method", "Nope"], ["--section", "Nope"]] {
        let o = kiln().arg("dump").arg(&out).args(filter).output().unwrap();
        assert_eq!(o.status.code(), Some(1), "{filter:?}");
        assert!(String::from_utf8_lossy(&o.stderr).contains("Nope"));
    }
}

/// `-o` a directory (existing, or ending in `/`) with one input writes
/// `<dir>/<input name>`; several inputs with `-o` an existing file are
/// refused before anything is compiled, naming the file.
#[test]
fn out_as_a_directory_and_several_inputs_with_an_out_file() {
    let (dir, il, fw) = fixture("out-dir");
    let (r, o) = (Path::new("-r"), Path::new("-o"));
    let slash = PathBuf::from(format!("{}/", dir.join("new").display()));
    assert!(run(&[&il, r, &fw, o, &slash]).status.success());
    assert_eq!(names(&dir.join("new")), ["c.dll"]);
    let existing = dir.join("existing");
    std::fs::create_dir_all(&existing).unwrap();
    assert!(run(&[&il, r, &fw, o, &existing]).status.success());
    assert_eq!(names(&existing), ["c.dll"]);
    // Into the input's own directory: that would be the input itself.
    let err = refused(&run(&[&il, r, &fw, o, &dir]));
    assert!(err.contains("would overwrite the input"), "{err}");
    let file = dir.join("c.cs");
    let other = dir.join("new").join("c.dll");
    let o2 = run(&[&il, &other, r, &fw, o, &file]);
    let err = refused(&o2);
    assert!(
        err.contains("c.cs: with 2 inputs, -o names a directory"),
        "{err}"
    );
    assert!(o2.stdout.is_empty(), "compiled before refusing: {o2:?}");
}

/// Small leaf methods are inlined and the report says so; `--Od` turns
/// inlining off.
#[test]
fn inlining_is_reported_and_od_disables_it() {
    let (dir, il, fw) = fixture("inline_report");
    for (od, expect) in [(false, true), (true, false)] {
        let out = dir.join(format!("c{od}.r2r.dll"));
        let report = dir.join(format!("c{od}.json"));
        let mut args: Vec<&Path> = vec![&il, Path::new("-r"), &fw, Path::new("-o"), &out];
        args.extend([Path::new("--report"), &report]);
        if od {
            args.push(Path::new("--Od"));
        }
        let o = run(&args);
        assert!(o.status.success(), "{o:?}");
        let text = std::fs::read_to_string(&report).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let main = json["methods"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"].as_str().is_some_and(|n| n.contains("Main")))
            .unwrap_or_else(|| panic!("{text}"));
        let inlined = main["inlined"]
            .as_array()
            .is_some_and(|a| a.iter().any(|n| n.as_str().unwrap().contains("Twice")));
        assert_eq!(inlined, expect, "--Od {od}: {main}");
    }
}
