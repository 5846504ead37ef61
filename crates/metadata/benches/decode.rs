//! Benchmark: open System.Private.CoreLib.dll and decode every method body
//! and every IL instruction (one core). With `--features dotscope-bench` the
//! `dotscope` crate does the same work side by side in the same run.
//!
//! `cargo bench -p kiln-metadata --bench decode [--features dotscope-bench]`
//! Environment: `KILN_BENCH_DLL` (default: the .NET 8 CoreLib on this machine).

use std::time::{Duration, Instant};

use kiln_metadata::il::IlDecoder;
use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;

const DEFAULT_DLL: &str =
    "/tmp/dn/dnv/net/runtime/.net/shared/Microsoft.NETCore.App/8.0.4/System.Private.CoreLib.dll";

/// CoreLib of the framework `cargo xtask setup` provisioned, if any.
fn provisioned_corelib() -> Option<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()?
        .parent()?
        .to_path_buf();
    let cache = std::env::var_os("KILN_TOOLCHAIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target/toolchain"));
    let text = std::fs::read_to_string(cache.join("toolchain.env")).ok()?;
    let fw = text.lines().find_map(|l| l.strip_prefix("framework="))?;
    Some(format!("{fw}/System.Private.CoreLib.dll"))
}

fn kiln(path: &str) -> (u64, u64) {
    let asm = Assembly::open(path).expect("open");
    let (mut methods, mut insns) = (0u64, 0u64);
    for m in asm.handles::<MethodDefHandle>() {
        if let Ok(Some(body)) = asm.method_body(m) {
            methods += 1;
            for i in IlDecoder::new(body.code) {
                std::hint::black_box(i.expect("IL"));
                insns += 1;
            }
        }
    }
    (methods, insns)
}

#[cfg(feature = "dotscope-bench")]
fn dotscope_run(path: &str) -> (u64, u64) {
    use dotscope::metadata::method::MethodBody;
    use dotscope::metadata::tables::MethodDefRaw;
    // Fairest configuration for the competitor: no validation pass at open.
    let view = dotscope::CilAssemblyView::from_path_with_validation(
        path,
        dotscope::ValidationConfig::disabled(),
    )
    .expect("open");
    let tables = view.tables().expect("tables");
    let table = tables.table::<MethodDefRaw>().expect("MethodDef");
    let (mut methods, mut insns) = (0u64, 0u64);
    for row in table.iter() {
        let row = row.expect("MethodDef row");
        if row.rva == 0 {
            continue;
        }
        let Ok(off) = view.file().rva_to_offset(row.rva as usize) else {
            continue;
        };
        let data = &view.data()[off..];
        let Ok(body) = MethodBody::from(data) else {
            continue;
        };
        methods += 1;
        let code = &data[body.size_header..body.size_header + body.size_code];
        let mut parser = dotscope::Parser::new(code);
        let decoded = dotscope::assembly::decode_stream(&mut parser, row.rva as u64).expect("IL");
        insns += std::hint::black_box(decoded).len() as u64;
    }
    (methods, insns)
}

fn measure(name: &str, runs: usize, f: &dyn Fn() -> (u64, u64)) -> Duration {
    let (m, i) = f(); // warm-up (page cache)
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            std::hint::black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{name:>9}: {m} method bodies, {i} instructions: min {:.1} ms, median {:.1} ms ({runs} runs)",
        times[0].as_secs_f64() * 1e3,
        median.as_secs_f64() * 1e3
    );
    median
}

fn main() {
    let path = std::env::var("KILN_BENCH_DLL")
        .unwrap_or_else(|_| provisioned_corelib().unwrap_or_else(|| DEFAULT_DLL.to_string()));
    if !std::path::Path::new(&path).exists() {
        println!("skipping: {path} not present");
        return;
    }
    let runs = 15;
    let k = measure("kiln", runs, &|| kiln(&path));
    #[cfg(feature = "dotscope-bench")]
    {
        let d = measure("dotscope", runs, &|| dotscope_run(&path));
        println!(
            "ratio: dotscope / kiln = {:.1}x",
            d.as_secs_f64() / k.as_secs_f64()
        );
    }
    #[cfg(not(feature = "dotscope-bench"))]
    {
        let _ = k;
        println!("(run with --features dotscope-bench for the side-by-side comparison)");
    }
}
