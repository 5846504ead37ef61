//! The backend's GC reporting on the real runtime: methods compiled from
//! hand-written IR hold object references across GC-triggering calls and
//! across a loop while another thread forces compacting collections (every
//! object moves). The images are written by kiln-writer over mcs-built
//! programs and run on .NET 8 with the JIT log on.
//!
//! Each test also runs a *negative control*: the same stencils with their
//! GC slots withheld (GC info re-encoded without slots). The program must
//! then see stale references, which proves the test can fail.
//!
//! Needs the provisioned toolchain (`cargo xtask setup`).

use std::path::{Path, PathBuf};

use kiln_runtime_abi::stencil::MethodStencil;
use kiln_writer::{ImageBuilder, WriterOptions};
use kiln_x64::backend::{compile, BackendOptions};
use xtask::dotnet::{run_app, RunOptions, RunResult};
use xtask::toolchain::Toolchain;

fn toolchain() -> Toolchain {
    xtask::toolchain::load().unwrap_or_else(|e| panic!("runtime tests need the toolchain: {e}"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kiln-backend-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn mcs(tc: &Toolchain, dir: &Path, name: &str, source: &str) -> Vec<u8> {
    let cs = dir.join(format!("{name}.cs"));
    std::fs::write(&cs, source).unwrap();
    let il_dir = dir.join("il");
    std::fs::create_dir_all(&il_dir).unwrap();
    let exe = il_dir.join(format!("{name}.exe"));
    tc.compile_cs(&cs, &exe)
        .unwrap_or_else(|e| panic!("mcs failed on {name}: {e}"));
    std::fs::read(exe).unwrap()
}

/// The stencil with every GC slot withheld (the negative control).
fn without_slots(s: &MethodStencil) -> MethodStencil {
    let mut desc = kiln_gcinfo::decode(&s.gc_info).unwrap().to_desc();
    desc.slots.clear();
    desc.transitions.clear();
    MethodStencil {
        gc_info: desc.encode().unwrap(),
        ..s.clone()
    }
}

/// Builds the image with `methods` (MethodDef RID, IR text) compiled by the
/// backend (GC slots withheld if `negative`) and runs it.
fn run(
    tc: &Toolchain,
    dir: &Path,
    name: &str,
    il: &[u8],
    methods: &[(u32, &str)],
    negative: bool,
) -> RunResult {
    let mut b = ImageBuilder::new(il, WriterOptions::default()).unwrap();
    for &(rid, text) in methods {
        let func = kiln_ir::parse_function(text).unwrap();
        let s = compile(&func, &BackendOptions::default()).unwrap();
        let gc = kiln_gcinfo::decode(&s.gc_info).unwrap();
        assert!(!gc.slots.is_empty(), "{}: no GC slots to test", func.name);
        b.add_method(rid, if negative { without_slots(&s) } else { s })
            .unwrap();
    }
    let image = b.finish().unwrap();
    let sub = dir.join(if negative { "negative" } else { "positive" });
    std::fs::create_dir_all(&sub).unwrap();
    let app = sub.join(format!("{name}.exe"));
    std::fs::write(&app, image).unwrap();
    let options = RunOptions {
        capture: true,
        timeout: Some(std::time::Duration::from_secs(120)),
        ..Default::default()
    };
    run_app(tc, &app, &[], &options).expect("run the app")
}

fn assert_precompiled(r: &RunResult, names: &[&str]) {
    for n in names {
        assert!(
            !r.jitted
                .iter()
                .any(|e| e.type_name == "G" && e.name.starts_with(&format!("G:{n}("))),
            "{n} was JIT-compiled: the runtime refused the stencil\n{}",
            r.stderr
        );
    }
}

const CALLS: &str = r#"
using System.Runtime.CompilerServices;
class G {
  static object junk;
  static object[] keep = new object[8];
  static object Churn(int n) {
    object o = null;
    for (int i = 0; i < n; i++) o = new byte[200];
    System.GC.Collect(2, System.GCCollectionMode.Forced, true, true);
    for (int i = 0; i < n; i++) o = new int[] { -1, -1, -1 };
    return o;
  }
  [MethodImpl(MethodImplOptions.NoInlining)]
  static object Hold(object a, object b, int n) { Churn(n); Churn(n); return a; }
  static int Check(object a, object b, object c, object d, object e, object f, object g, object h) {
    object[] all = { a, b, c, d, e, f, g, h };
    for (int i = 0; i < 8; i++) if (!ReferenceEquals(all[i], keep[7 - i])) return 1;
    return 0;
  }
  [MethodImpl(MethodImplOptions.NoInlining)]
  static int Hold8(object a, object b, object c, object d, object e, object f, object g, object h, int n) {
    Churn(n); return Check(h, g, f, e, d, c, b, a);
  }
  static int MakeAndHold(int k) {
    for (int j = 0; j < 20; j++) junk = new byte[64];
    keep[0] = new int[] { k, k * 2 };
    for (int j = 0; j < 20; j++) junk = new byte[64];
    object r = Hold(keep[0], null, 10);
    return ReferenceEquals(r, keep[0]) ? 0 : 1;
  }
  static int MakeAndHold8(int k) {
    for (int i = 0; i < 8; i++) { junk = new byte[64]; keep[i] = new int[] { k, i }; }
    return Hold8(keep[0], keep[1], keep[2], keep[3], keep[4], keep[5], keep[6], keep[7], 10);
  }
  static int Main() {
    int bad = 0;
    for (int k = 0; k < 100; k++) { bad += MakeAndHold(k); bad += MakeAndHold8(k); }
    System.Console.WriteLine(bad);
    return bad == 0 ? 100 : 1;
  }
}
"#;

/// MethodDef rows of `CALLS` as mcs numbers them: 1 .ctor, 2 Churn,
/// 3 Hold, 4 Check, 5 Hold8.
const HOLD: &str = "function \"G::Hold\"(ref, ref, i32) -> ref {\n    fn0 = \"G::Churn\"(i32) -> ref token 0x06000002\n\nblock0(v0: ref, v1: ref, v2: i32):\n    v3 = call fn0(v2)\n    v4 = call fn0(v2)\n    return v0\n}\n";
const HOLD8: &str = "function \"G::Hold8\"(ref, ref, ref, ref, ref, ref, ref, ref, i32) -> i32 {\n    fn0 = \"G::Churn\"(i32) -> ref token 0x06000002\n    fn1 = \"G::Check\"(ref, ref, ref, ref, ref, ref, ref, ref) -> i32 token 0x06000004\n\nblock0(v0: ref, v1: ref, v2: ref, v3: ref, v4: ref, v5: ref, v6: ref, v7: ref, v8: i32):\n    v9 = call fn0(v8)\n    v10 = call fn1(v7, v6, v5, v4, v3, v2, v1, v0)\n    return v10\n}\n";

#[test]
fn references_survive_moving_collections_across_calls() {
    let tc = toolchain();
    let dir = scratch("calls");
    let il = mcs(&tc, &dir, "calls", CALLS);
    let methods = [(3, HOLD), (5, HOLD8)];
    let r = run(&tc, &dir, "calls", &il, &methods, false);
    assert_eq!(
        r.exit_code,
        Some(100),
        "stdout {} stderr {}",
        r.stdout,
        r.stderr
    );
    assert_eq!(r.stdout.trim(), "0");
    assert_precompiled(&r, &["Hold", "Hold8"]);
    // Withheld slots: every reference comes back stale.
    let r = run(&tc, &dir, "calls", &il, &methods, true);
    assert_eq!(r.stdout.trim(), "200", "negative control: {}", r.stderr);
}

const POLL: &str = r#"
using System.Threading;
using System.Runtime.CompilerServices;
class G {
  static object[] keep = new object[1];
  static volatile bool done;
  static object junk;
  [MethodImpl(MethodImplOptions.NoInlining)]
  static object Spin(object a, int n) { int s = 0; for (int i = 0; i < n; i++) s += i; junk = s; return a; }
  static void Collector() { while (!done) { System.GC.Collect(2, System.GCCollectionMode.Forced, true, true); Thread.Sleep(1); } }
  static int Main() {
    var t = new Thread(Collector); t.Start();
    int bad = 0;
    for (int k = 0; k < 100; k++) {
      for (int j = 0; j < 20; j++) junk = new byte[64];
      keep[0] = new int[] { k };
      object r = Spin(keep[0], 3000000);
      if (!ReferenceEquals(r, keep[0])) bad++;
    }
    done = true; t.Join();
    System.Console.WriteLine(bad);
    return bad == 0 ? 100 : 1;
  }
}
"#;

/// MethodDef rows of `POLL`: 1 .ctor, 2 Spin.
const SPIN: &str = "function \"G::Spin\"(ref, i32) -> ref {\nblock0(v0: ref, v1: i32):\n    v2 = iconst.i32 0\n    jump block1(v2)\nblock1(v3: i32):\n    v4 = icmp.i32 slt v3, v1\n    brif v4, block2, block3\nblock2:\n    v5 = iconst.i32 1\n    v6 = iadd.i32 v3, v5\n    jump block1(v6)\nblock3:\n    return v0\n}\n";

#[test]
fn references_survive_collections_at_loop_polls() {
    let tc = toolchain();
    let dir = scratch("poll");
    let il = mcs(&tc, &dir, "poll", POLL);
    let r = run(&tc, &dir, "poll", &il, &[(2, SPIN)], false);
    assert_eq!(
        r.exit_code,
        Some(100),
        "stdout {} stderr {}",
        r.stdout,
        r.stderr
    );
    assert_precompiled(&r, &["Spin"]);
    let r = run(&tc, &dir, "poll", &il, &[(2, SPIN)], true);
    assert_ne!(r.stdout.trim(), "0", "negative control: {}", r.stderr);
}
