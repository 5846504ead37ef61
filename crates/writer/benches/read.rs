//! Benchmark: decode every GC info blob and every unwind record of
//! System.Private.CoreLib (single thread). Target: under 1 s.
//!
//! `cargo bench -p kiln-writer --bench read [-- <path to System.Private.CoreLib.dll>]`

use std::time::{Duration, Instant};

use kiln_runtime_abi::unwind::UnwindBlob;
use kiln_writer::read::R2rImage;

fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut best = Duration::MAX;
    let mut out = None;
    for _ in 0..n {
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed());
        out = Some(r);
    }
    (best, out.unwrap())
}

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_else(|| {
            let dir = std::env::var("KILN_FRAMEWORK_DIR").unwrap_or_else(|_| {
                "/tmp/dn/dnv/net/runtime/.net/shared/Microsoft.NETCore.App/8.0.4".into()
            });
            format!("{dir}/System.Private.CoreLib.dll")
        });
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("read bench: {path} not found; skipping");
        return;
    };
    let (t_parse, img) = best_of(3, || {
        R2rImage::parse(bytes.clone()).expect("CoreLib parses")
    });
    let blobs: Vec<&[u8]> = img
        .methods
        .iter()
        .map(|m| img.gc_info_bytes(m).unwrap())
        .collect();
    let (t_gc, n_gc) = best_of(5, || {
        let mut slots = 0usize;
        for b in &blobs {
            slots += kiln_gcinfo::decode(b).expect("GC info decodes").slots.len();
        }
        slots
    });
    let unwind: Vec<(&[u8], u32)> = img
        .runtime_functions
        .iter()
        .map(|rf| (img.tail(rf.unwind_rva, "unwind").unwrap(), rf.unwind_rva))
        .collect();
    let (t_unwind, n_codes) = best_of(5, || {
        let mut codes = 0usize;
        for (b, _) in &unwind {
            codes += UnwindBlob::decode_r2r(b, 0)
                .expect("unwind decodes")
                .0
                .codes
                .len();
        }
        codes
    });
    let (t_enc, _) = best_of(3, || {
        let mut n = 0usize;
        for b in &blobs {
            n += kiln_gcinfo::decode(b)
                .unwrap()
                .to_desc()
                .encode()
                .unwrap()
                .len();
        }
        n
    });
    println!(
        "System.Private.CoreLib: {} methods, {} RUNTIME_FUNCTIONs",
        img.methods.len(),
        img.runtime_functions.len()
    );
    println!(
        "  parse image (all tables, names)     {:>8.1} ms",
        t_parse.as_secs_f64() * 1e3
    );
    println!(
        "  decode all GC info ({n_gc} slots)     {:>8.1} ms",
        t_gc.as_secs_f64() * 1e3
    );
    println!(
        "  decode all unwind ({n_codes} codes)   {:>8.1} ms",
        t_unwind.as_secs_f64() * 1e3
    );
    println!(
        "  GC info + unwind total              {:>8.1} ms (target < 1000 ms)",
        (t_gc + t_unwind).as_secs_f64() * 1e3
    );
    println!(
        "  GC info decode → desc → re-encode   {:>8.1} ms",
        t_enc.as_secs_f64() * 1e3
    );
}
