//! Side-by-side encoder benchmark: kiln's `CodeBuffer` versus iced-x86's
//! `Encoder`, on the same stream of mixed instructions (every form, random
//! registers, memory operands, immediates and symbolic RIP-relative
//! operands; label forms excluded because iced's `Encoder` has no labels).
//!
//! The iced stream is obtained by decoding kiln's output, and both outputs
//! are compared byte for byte before timing, so both encoders do exactly the
//! same work. Two scenarios:
//! - `stream`: the whole stream into one pre-sized buffer;
//! - `methods`: fresh buffer per 48 instructions (kiln: `CodeBuffer::new` +
//!   `finish`, iced: `Encoder::new` + `take_buffer`), like per-method
//!   compilation.
//!
//! Run: `cargo bench -p kiln-x64` (`KILN_BENCH_N` sets the stream length,
//! default 1,000,000).

#[path = "../tests/support/mod.rs"]
mod support;

use std::hint::black_box;
use std::time::{Duration, Instant};

use iced_x86::{Decoder, DecoderOptions, Encoder, Instruction};
use kiln_x64::asm::{Base, CodeBuffer, Inst, Operand, Rel, Rm, XmmRm};
use support::{rand_inst, Rng};

fn uses_label(inst: &Inst) -> bool {
    inst.operands().iter().any(|o| match o {
        Operand::Label(_) | Operand::Rel(Rel::Label(_)) => true,
        Operand::Rm(Rm::Mem(m)) | Operand::Mem(m) | Operand::XmmRm(XmmRm::Mem(m)) => {
            matches!(m.base_kind(), Base::RipLabel(_))
        }
        _ => false,
    })
}

fn best_of<F: FnMut() -> usize>(runs: usize, mut f: F) -> Duration {
    let mut best = Duration::MAX;
    for _ in 0..runs {
        let t = Instant::now();
        black_box(f());
        best = best.min(t.elapsed());
    }
    best
}

fn kiln_stream(stream: &[Inst], bytes: usize) -> Vec<u8> {
    let mut b = CodeBuffer::with_capacity(bytes, stream.len());
    let _ = b.target(kiln_runtime_abi::stencil::Target::Data(0x40));
    for i in stream {
        b.emit(i);
    }
    b.finish().expect("valid stream").code
}

fn iced_stream(stream: &[Instruction], bytes: usize) -> Vec<u8> {
    let mut e = Encoder::try_with_capacity(64, bytes).expect("encoder");
    for i in stream {
        e.encode(i, i.ip()).expect("iced encodes");
    }
    e.take_buffer()
}

const CHUNK: usize = 48;

fn kiln_methods(stream: &[Inst]) -> usize {
    let mut total = 0;
    for chunk in stream.chunks(CHUNK) {
        let mut b = CodeBuffer::new();
        let _ = b.target(kiln_runtime_abi::stencil::Target::Data(0x40));
        for i in chunk {
            b.emit(i);
        }
        total += b.finish().expect("valid").code.len();
    }
    total
}

fn iced_methods(chunks: &[Vec<Instruction>]) -> usize {
    let mut total = 0;
    for chunk in chunks {
        let mut e = Encoder::new(64);
        for i in chunk {
            e.encode(i, i.ip()).expect("iced encodes");
        }
        total += e.take_buffer().len();
    }
    total
}

fn main() {
    let n: usize = std::env::var("KILN_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let mut rng = Rng(0xBE7C);
    let mut stream = Vec::with_capacity(n);
    while stream.len() < n {
        let inst = rand_inst(&mut rng);
        if !uses_label(&inst) {
            stream.push(inst);
        }
    }
    let code = kiln_stream(&stream, 0);
    let bytes = code.len();
    // The same instructions for iced: decode kiln's output.
    let mut dec = Decoder::with_ip(64, &code, 0, DecoderOptions::NONE);
    let iced: Vec<Instruction> = dec.iter().collect();
    assert_eq!(iced.len(), n, "decoded instruction count");
    assert_eq!(
        iced_stream(&iced, bytes),
        code,
        "iced and kiln must produce the same bytes"
    );
    // iced keeps each instruction's original ip (its encoder only needs ip
    // for relative operands, and the original ips keep them in range).
    let chunks: Vec<Vec<Instruction>> = iced.chunks(CHUNK).map(|c| c.to_vec()).collect();
    let runs = 7;
    println!(
        "{n} instructions, {bytes} bytes ({:.2} bytes/instruction), best of {runs}",
        bytes as f64 / n as f64
    );
    let report = |name: &str, kiln: Duration, iced: Duration| {
        let ks = n as f64 / kiln.as_secs_f64();
        let is = n as f64 / iced.as_secs_f64();
        println!(
            "{name:8} kiln {:8.1} M instr/s ({:6.2} ns/instr) | iced {:8.1} M instr/s ({:6.2} ns/instr) | ratio {:5.2}x",
            ks / 1e6,
            1e9 / ks,
            is / 1e6,
            1e9 / is,
            ks / is
        );
    };
    if std::env::var("KILN_BENCH_ONLY").is_ok_and(|v| v == "kiln") {
        for _ in 0..20 {
            black_box(kiln_stream(black_box(&stream), bytes));
        }
        return;
    }
    let k = best_of(runs, || kiln_stream(black_box(&stream), bytes).len());
    let i = best_of(runs, || iced_stream(black_box(&iced), bytes).len());
    report("stream", k, i);
    let k = best_of(runs, || kiln_methods(black_box(&stream)));
    let i = best_of(runs, || iced_methods(black_box(&chunks)));
    report("methods", k, i);
}
