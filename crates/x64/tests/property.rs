//! Property tests over random operands (deterministic SplitMix64), random
//! instruction streams with relaxable branches and alignment, and a bounded
//! run of the fuzz target's check on pseudo-random fuzzer inputs.

mod support;

use iced_x86::{Code, Decoder, DecoderOptions};
use kiln_x64::asm::{CodeBuffer, Cond, Inst, InstId, Label};
use support::{check, check_inst, rand_inst, Bytes, Rng};

/// Cases per run; `KILN_PROPTEST_CASES` raises it for longer runs.
fn cases(default: usize) -> usize {
    std::env::var("KILN_PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn random_instructions_decode_as_themselves() {
    let mut rng = Rng(0x6B69_6C6E);
    let n = cases(200_000);
    for i in 0..n {
        let inst = rand_inst(&mut rng);
        if let Err(e) = check_inst(&inst) {
            panic!("case {i}: {e}");
        }
    }
}

enum Item {
    Inst(Inst, InstId),
    Branch(Option<Cond>, Label, InstId),
    Align(u32, InstId),
}

/// Long streams mixing every form with relaxable branches to labels bound
/// all over the stream and alignment directives: after `finish`, every
/// recorded offset is an instruction boundary iced agrees with, every
/// branch reaches its label, and every long branch could not be short.
#[test]
fn random_streams_relax_correctly() {
    let mut rng = Rng(0x5EED);
    for round in 0..cases(60_000) / 2000 {
        let with_align = round % 2 == 1;
        let mut b = CodeBuffer::new();
        let l0 = b.new_label(); // the label `Inst` operands refer to
        let s0 = b.target(kiln_runtime_abi::stencil::Target::Data(0x40));
        assert_eq!((l0, s0), (support::label0(), support::sym0()));
        let labels: Vec<Label> = (0..64).map(|_| b.new_label()).collect();
        let mut bound = vec![false; labels.len()];
        let mut items = Vec::new();
        let n = 2000;
        let l0_at = rng.below(n);
        for k in 0..n {
            if k == l0_at {
                b.bind(l0);
            }
            match rng.below(20) {
                0 => {
                    let li = rng.below(labels.len());
                    if !bound[li] {
                        b.bind(labels[li]);
                        bound[li] = true;
                    }
                }
                1 | 2 => {
                    let li = rng.below(labels.len());
                    let cc = if rng.below(3) == 0 {
                        None
                    } else {
                        Some(Cond::ALL[rng.below(16)])
                    };
                    let id = match cc {
                        None => b.jmp(labels[li]),
                        Some(c) => b.jcc(c, labels[li]),
                    };
                    items.push(Item::Branch(cc, labels[li], id));
                }
                3 if with_align => {
                    let a = 1 << rng.below(6);
                    items.push(Item::Align(a, b.align(a)));
                }
                _ => {
                    let mut inst = rand_inst(&mut rng);
                    // Forced-short branches may legitimately be out of range
                    // in a random stream; keep them out.
                    if inst
                        .operands()
                        .iter()
                        .any(|o| matches!(o, kiln_x64::asm::Operand::Label(_)))
                    {
                        inst = Inst::Int3();
                    }
                    let id = b.emit(&inst);
                    items.push(Item::Inst(inst, id));
                }
            }
        }
        for (li, l) in labels.iter().enumerate() {
            if !bound[li] {
                b.bind(*l);
            }
        }
        if l0_at >= n {
            b.bind(l0);
        }
        let out = b.finish().unwrap_or_else(|e| panic!("round {round}: {e}"));
        // The offsets tile the code exactly.
        assert_eq!(*out.inst_offsets.last().unwrap() as usize, out.code.len());
        assert!(out.inst_offsets.windows(2).all(|w| w[0] <= w[1]));
        for item in &items {
            match *item {
                Item::Inst(ref inst, id) => {
                    check(inst, &out, id).unwrap_or_else(|e| panic!("round {round}: {e}"));
                }
                Item::Branch(cc, l, id) => {
                    let bytes = out.inst_bytes(id);
                    let start = out.inst_start(id) as u64;
                    let d = Decoder::with_ip(64, bytes, start, DecoderOptions::NONE).decode();
                    assert_eq!(d.len(), bytes.len());
                    let target = out.label_offset(l).unwrap() as i64;
                    assert_eq!(d.near_branch64() as i64, target);
                    let name = format!("{:?}", d.code());
                    let want = match cc {
                        None => "Jmp".to_string(),
                        Some(c) => format!("J{}", format!("{c:?}").to_lowercase()),
                    };
                    assert!(
                        name.starts_with(&format!("{want}_rel")),
                        "{name} for {want}"
                    );
                    let short_disp = target - (start as i64 + 2);
                    if bytes.len() == 2 {
                        assert!(matches!(d.code(), Code::Jmp_rel8_64) || name.ends_with("rel8_64"));
                    } else if !with_align {
                        // Least fixpoint: a long branch cannot be short.
                        assert!(
                            !(-128..=127).contains(&short_disp),
                            "round {round}: branch at {start} could be short"
                        );
                    }
                }
                Item::Align(a, id) => {
                    assert_eq!(out.inst_end(id) % a, 0);
                    assert!(out.inst_end(id) - out.inst_start(id) < a);
                }
            }
        }
    }
}

/// The fuzz target's check (`fuzz/fuzz_targets/encode.rs`), run on
/// pseudo-random byte strings so `cargo test` exercises it without
/// cargo-fuzz.
#[test]
fn fuzz_target_smoke() {
    let mut rng = Rng(0xF022);
    for _ in 0..cases(60_000) / 4 {
        let len = rng.below(40);
        let data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        support::fuzz_one(&mut Bytes(&data));
    }
}
