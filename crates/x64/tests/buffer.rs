//! Code buffer behaviour: labels, branch relaxation, alignment, offsets,
//! relocations and errors. Whole outputs are decoded with iced-x86.

mod support;

use iced_x86::{Code, Decoder, DecoderOptions, Instruction};
use kiln_runtime_abi::stencil::{Import, ImportSection, RelocKind, Target};
use kiln_x64::asm::{AsmError, CodeBuffer, Cond, Form, Gpr, Mem, Scale};

fn decode_all(code: &[u8]) -> Vec<Instruction> {
    let mut d = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
    let mut out = Vec::new();
    while d.can_decode() {
        let i = d.decode();
        assert!(!i.is_invalid(), "invalid instruction at {:#x}", i.ip());
        out.push(i);
    }
    out
}

fn cell(n: u8) -> Target {
    Target::Import(Import {
        section: ImportSection::MethodCall,
        signature: vec![0x01, n],
        gc_ref_map: None,
    })
}

#[test]
fn call_through_import_cell_is_ff15() {
    let mut b = CodeBuffer::new();
    let c = b.target(cell(1));
    b.sub_rm64_imm8(Gpr::RSP, 8);
    let call = b.call_rm64(Mem::sym(c));
    b.add_rm64_imm8(Gpr::RSP, 8);
    b.retnq();
    let out = b.finish().unwrap();
    assert_eq!(out.inst_bytes(call), &[0xFF, 0x15, 0, 0, 0, 0]);
    assert_eq!(out.inst_start(call), 4);
    assert_eq!(out.inst_end(call), 10);
    assert_eq!(out.relocs.len(), 1);
    let r = &out.relocs[0];
    assert_eq!((r.offset, r.kind, r.addend), (6, RelocKind::Rel32, 0));
    assert_eq!(r.target, cell(1));
}

#[test]
fn targets_are_interned() {
    let mut b = CodeBuffer::new();
    let a = b.target(cell(1));
    let a2 = b.target(cell(1));
    let c = b.target(cell(2));
    assert_eq!(a, a2);
    assert_ne!(a, c);
    assert_eq!(b.sym_target(c), &cell(2));
}

#[test]
fn rip_relative_reloc_addend_accounts_for_trailing_immediate() {
    let mut b = CodeBuffer::new();
    let d = b.target(Target::Data(0x20));
    b.cmp_rm32_imm32(Mem::sym(d), 7); // 81 3D disp32 imm32
    b.mov_rm8_imm8(Mem::sym(d).with_disp(3), 1); // C6 05 disp32 imm8
    b.movsd_xmm_xmmm64(kiln_x64::asm::Xmm::XMM1, Mem::sym(d).with_disp(8));
    let out = b.finish().unwrap();
    let addends: Vec<(u32, i64)> = out.relocs.iter().map(|r| (r.offset, r.addend)).collect();
    // cmp: 81 3D at 0..2, field 2, imm32 after → -4.
    // mov: starts at 10: C6 05, field 12, imm8 after → 3 - 1.
    // movsd: starts at 17: F2 0F 10 0D, field 21 → 8.
    assert_eq!(addends, vec![(2, -4), (12, 2), (21, 8)]);
}

#[test]
fn short_and_long_branches_are_chosen_by_reach() {
    let mut b = CodeBuffer::new();
    let near = b.new_label();
    let far = b.new_label();
    let back = b.new_label();
    b.bind(back);
    let j1 = b.jcc(Cond::E, near);
    let j2 = b.jmp(far);
    b.raw_bytes(&[0xCC; 100]);
    b.bind(near);
    b.raw_bytes(&[0xCC; 100]);
    b.bind(far);
    let j3 = b.jmp(back);
    let out = b.finish().unwrap();
    assert_eq!(out.inst_bytes(j1)[0], 0x74); // je rel8
    assert_eq!(out.inst_bytes(j2)[0], 0xE9); // jmp rel32: 2+100+100 > 127
    assert_eq!(out.inst_bytes(j3)[0], 0xE9); // backward beyond -128
    let near_off = out.label_offset(near).unwrap();
    assert_eq!(near_off, 2 + 5 + 100);
    let instrs = decode_all(&out.code[..7]);
    assert_eq!(instrs[0].code(), Code::Je_rel8_64);
    assert_eq!(instrs[0].near_branch64(), near_off as u64);
    assert_eq!(instrs[1].code(), Code::Jmp_rel32_64);
    assert_eq!(
        instrs[1].near_branch64(),
        out.label_offset(far).unwrap() as u64
    );
    let last = decode_all(out.inst_bytes(j3));
    assert_eq!(
        last[0]
            .near_branch64()
            .wrapping_add(out.inst_start(j3) as u64),
        0
    );
}

/// A chain where each branch only fits if the next one is short: growing
/// one must grow the others (the pass iterates to a fixpoint).
#[test]
fn relaxation_reaches_a_fixpoint() {
    let mut b = CodeBuffer::new();
    let end = b.new_label();
    let mut ids = Vec::new();
    // 40 forward branches to one label, 120 filler bytes after them: the
    // last ones fit in rel8 only if all following are short.
    for _ in 0..40 {
        ids.push(b.jmp(end));
    }
    b.raw_bytes(&[0x90; 60]);
    b.bind(end);
    b.retnq();
    let out = b.finish().unwrap();
    let target = out.label_offset(end).unwrap() as i64;
    let mut shorts = 0;
    for &id in &ids {
        let bytes = out.inst_bytes(id);
        let d = decode_all(bytes);
        let start = out.inst_start(id) as i64;
        assert_eq!(d[0].near_branch64() as i64 + start, target);
        if bytes.len() == 2 {
            shorts += 1;
        } else {
            // Long only if short would not reach.
            assert!(
                target - (start + 2) > 127,
                "branch at {start} could be short"
            );
        }
    }
    assert!(shorts > 0 && shorts < 40, "{shorts} short");
    // Instruction offsets tile the code.
    let all = decode_all(&out.code);
    for (i, ins) in all.iter().take(40).enumerate() {
        assert_eq!(ins.ip() as u32, out.inst_start(ids[i]));
    }
}

#[test]
fn alignment_is_recomputed_after_relaxation() {
    let mut b = CodeBuffer::new();
    let l = b.new_label();
    b.jmp(l); // provisional 5 bytes, final 2
    let pad = b.align(16);
    b.bind(l);
    let first = b.retnq();
    let loop_top = b.new_label();
    let pad2 = b.align(32);
    b.bind(loop_top);
    b.dec_rm32(Gpr::RCX);
    b.jcc(Cond::Ne, loop_top);
    let out = b.finish().unwrap();
    assert_eq!(out.inst_start(pad), 2);
    assert_eq!(out.inst_end(pad), 16);
    assert_eq!(out.label_offset(l), Some(16));
    assert_eq!(out.inst_start(first), 16);
    assert_eq!(out.inst_end(pad2), 32);
    assert_eq!(out.label_offset(loop_top), Some(32));
    assert_eq!(out.alignment, 32);
    // Padding decodes as NOPs only.
    for ins in decode_all(&out.code[2..16])
        .iter()
        .chain(decode_all(&out.code[17..32]).iter())
    {
        assert!(
            matches!(
                ins.code(),
                Code::Nopd | Code::Nopw | Code::Nop_rm16 | Code::Nop_rm32
            ),
            "{:?}",
            ins.code()
        );
    }
    let tail = decode_all(&out.code[32..]);
    assert_eq!(tail[1].code(), Code::Jne_rel8_64);
    assert_eq!(tail[1].near_branch64() + 32, 32);
}

#[test]
fn zero_length_padding_keeps_following_positions_exact() {
    let mut b = CodeBuffer::new();
    let far = b.new_label();
    b.jmp(far); // ends at 5 provisionally → pad 3 provisionally; final 2 → pad 6
    let before = b.new_label();
    b.bind(before);
    b.align(8);
    let after = b.new_label();
    b.bind(after);
    b.int3();
    b.bind(far);
    let out = b.finish().unwrap();
    assert_eq!(out.label_offset(before), Some(2));
    assert_eq!(out.label_offset(after), Some(8));
    assert_eq!(out.label_offset(far), Some(9));
}

#[test]
fn nops_of_every_length_decode_as_nops() {
    for n in 0..=40 {
        let mut b = CodeBuffer::new();
        let id = b.nops(n);
        let out = b.finish().unwrap();
        assert_eq!(out.inst_bytes(id).len(), n);
        let instrs = decode_all(&out.code);
        assert!(instrs.len() <= n.div_ceil(9));
        for i in instrs {
            assert!(matches!(
                i.code(),
                Code::Nopd | Code::Nopw | Code::Nop_rm16 | Code::Nop_rm32
            ));
        }
    }
}

#[test]
fn rip_label_operands_resolve_after_relaxation() {
    let mut b = CodeBuffer::new();
    let table = b.new_label();
    let skip = b.new_label();
    b.jmp(skip);
    let lea = b.lea_r64_m(Gpr::RAX, Mem::label(table).with_disp(4));
    b.bind(skip);
    b.retnq();
    b.align(8);
    b.bind(table);
    b.raw_bytes(&[1, 2, 3, 4, 5, 6, 7, 8]);
    let out = b.finish().unwrap();
    let d = decode_all(out.inst_bytes(lea));
    let end = out.inst_end(lea) as u64;
    assert_eq!(d[0].code(), Code::Lea_r64_m);
    // Decoded at ip 0: the target is relative to the instruction's end.
    let target = d[0]
        .memory_displacement64()
        .wrapping_sub(d[0].len() as u64)
        .wrapping_add(end);
    assert_eq!(target, out.label_offset(table).unwrap() as u64 + 4);
}

#[test]
fn errors_are_typed() {
    let mut b = CodeBuffer::new();
    let l = b.new_label();
    b.jmp(l);
    assert_eq!(b.finish().unwrap_err(), AsmError::UnboundLabel { label: l });

    let mut b = CodeBuffer::new();
    let l = b.new_label();
    b.bind(l);
    b.bind(l);
    assert_eq!(b.finish().unwrap_err(), AsmError::LabelRebound { label: l });

    let mut b = CodeBuffer::new();
    b.int3();
    let bad = b.mov_r64_rm64(Gpr::RAX, Mem::base_index(Gpr::RAX, Gpr::RSP, Scale::S1, 0));
    assert!(
        matches!(b.finish().unwrap_err(), AsmError::InvalidOperand { inst, .. } if inst == bad)
    );

    let mut b = CodeBuffer::new();
    let bad = b.xchg_r32_eax(Gpr::RAX);
    assert!(
        matches!(b.finish().unwrap_err(), AsmError::InvalidOperand { inst, .. } if inst == bad)
    );

    let mut b = CodeBuffer::new();
    let l = b.new_label();
    let j = b.jmp_rel8_64(l);
    b.raw_bytes(&[0x90; 128]);
    b.bind(l);
    assert_eq!(
        b.finish().unwrap_err(),
        AsmError::BranchOutOfRange { inst: j, label: l }
    );

    let mut other = CodeBuffer::new();
    let _ = other.new_label();
    let foreign_label = other.new_label();
    let foreign_sym = {
        other.target(cell(1));
        other.target(cell(2))
    };
    let mut b = CodeBuffer::new();
    b.jmp(foreign_label);
    assert_eq!(
        b.finish().unwrap_err(),
        AsmError::Foreign {
            what: "label",
            index: 1
        }
    );
    let mut b = CodeBuffer::new();
    b.bind(foreign_label);
    assert_eq!(
        b.finish().unwrap_err(),
        AsmError::Foreign {
            what: "label",
            index: 1
        }
    );
    let mut b = CodeBuffer::new();
    b.call_rm64(Mem::sym(foreign_sym));
    assert_eq!(
        b.finish().unwrap_err(),
        AsmError::Foreign {
            what: "symbol",
            index: 1
        }
    );

    let mut b = CodeBuffer::new();
    b.align(12);
    assert_eq!(
        b.finish().unwrap_err(),
        AsmError::BadAlignment { align: 12 }
    );
}

#[test]
fn r12_as_index_is_fine() {
    let mut b = CodeBuffer::new();
    b.mov_r64_rm64(Gpr::RAX, Mem::base_index(Gpr::RAX, Gpr::R12, Scale::S8, 0));
    let out = b.finish().unwrap();
    assert_eq!(out.code, [0x4A, 0x8B, 0x04, 0xE0]);
}

#[test]
fn mov_imm64_picks_the_shortest_form() {
    let cases: [(i64, Code, usize); 4] = [
        (5, Code::Mov_r32_imm32, 5),
        (0xFFFF_FFFF, Code::Mov_r32_imm32, 5),
        (-1, Code::Mov_rm64_imm32, 7),
        (0x1_0000_0000, Code::Mov_r64_imm64, 10),
    ];
    for (v, code, len) in cases {
        let mut b = CodeBuffer::new();
        b.mov_imm64(Gpr::RAX, v);
        let out = b.finish().unwrap();
        let d = decode_all(&out.code);
        assert_eq!((d[0].code(), d[0].len()), (code, len), "{v:#x}");
    }
}

#[test]
fn runtime_condition_helpers_match_the_forms() {
    for cc in Cond::ALL {
        let mut a = CodeBuffer::new();
        a.setcc(cc, Gpr::RSI);
        a.cmovcc_r64_rm64(cc, Gpr::R9, Gpr::RDI);
        a.cmovcc_r32_rm32(cc, Gpr::RAX, Mem::base(Gpr::R13));
        let out = a.finish().unwrap();
        let d = decode_all(&out.code);
        let name = |c: Code| format!("{c:?}");
        let cc_name = format!("{cc:?}").to_lowercase();
        assert_eq!(name(d[0].code()), format!("Set{cc_name}_rm8"));
        assert_eq!(name(d[1].code()), format!("Cmov{cc_name}_r64_rm64"));
        assert_eq!(name(d[2].code()), format!("Cmov{cc_name}_r32_rm32"));
        assert_eq!(cc.invert().invert(), cc);
    }
}

/// The forms the issue lists are all present (by iced name).
#[test]
fn required_forms_are_present() {
    let have: std::collections::HashSet<&str> = Form::ALL.iter().map(|f| f.name()).collect();
    let mut missing = Vec::new();
    let mut need = |n: String| {
        if !have.contains(n.as_str()) {
            missing.push(n);
        }
    };
    for w in ["8", "16", "32", "64"] {
        need(format!("Mov_rm{w}_r{w}"));
        need(format!("Mov_r{w}_rm{w}"));
        for op in ["Add", "Or", "Adc", "Sbb", "And", "Sub", "Xor", "Cmp"] {
            need(format!("{op}_rm{w}_r{w}"));
            need(format!("{op}_r{w}_rm{w}"));
        }
        need(format!("Test_rm{w}_r{w}"));
        for op in ["Not", "Neg", "Mul", "Imul", "Div", "Idiv"] {
            need(format!("{op}_rm{w}"));
        }
        for op in ["Rol", "Ror", "Shl", "Shr", "Sar"] {
            need(format!("{op}_rm{w}_1"));
            need(format!("{op}_rm{w}_CL"));
            need(format!("{op}_rm{w}_imm8"));
        }
        need(format!("Xchg_rm{w}_r{w}"));
        need(format!("Lock_Cmpxchg_rm{w}_r{w}"));
        need(format!("Lock_Xadd_rm{w}_r{w}"));
    }
    for n in [
        "Mov_r64_imm64",
        "Mov_r32_imm32",
        "Mov_rm64_imm32",
        "Movzx_r32_rm8",
        "Movzx_r32_rm16",
        "Movsx_r32_rm8",
        "Movsx_r64_rm16",
        "Movsxd_r64_rm32",
        "Lea_r64_m",
        "Lea_r32_m",
        "Imul_r32_rm32",
        "Imul_r64_rm64",
        "Imul_r32_rm32_imm8",
        "Imul_r64_rm64_imm32",
        "Cdq",
        "Cqo",
        "Bt_rm32_r32",
        "Bt_rm64_imm8",
        "Sete_rm8",
        "Cmovl_r64_rm64",
        "Je_rel8_64",
        "Je_rel32_64",
        "Jmp_rel8_64",
        "Jmp_rel32_64",
        "Jmp_rm64",
        "Call_rel32_64",
        "Call_rm64",
        "Retnq",
        "Push_r64",
        "Pop_r64",
        "Push_rm64",
        "Int3",
        "Nopd",
        "Nop_rm32",
        "Movss_xmm_xmmm32",
        "Movss_xmmm32_xmm",
        "Movsd_xmm_xmmm64",
        "Movsd_xmmm64_xmm",
        "Addss_xmm_xmmm32",
        "Addsd_xmm_xmmm64",
        "Subsd_xmm_xmmm64",
        "Mulsd_xmm_xmmm64",
        "Divsd_xmm_xmmm64",
        "Sqrtsd_xmm_xmmm64",
        "Minsd_xmm_xmmm64",
        "Maxss_xmm_xmmm32",
        "Ucomiss_xmm_xmmm32",
        "Ucomisd_xmm_xmmm64",
        "Comiss_xmm_xmmm32",
        "Comisd_xmm_xmmm64",
        "Cvtsi2ss_xmm_rm32",
        "Cvtsi2sd_xmm_rm64",
        "Cvttss2si_r32_xmmm32",
        "Cvttsd2si_r64_xmmm64",
        "Cvtss2sd_xmm_xmmm32",
        "Cvtsd2ss_xmm_xmmm64",
        "Xorps_xmm_xmmm128",
        "Xorpd_xmm_xmmm128",
        "Andps_xmm_xmmm128",
        "Andpd_xmm_xmmm128",
        "Movd_xmm_rm32",
        "Movd_rm32_xmm",
        "Movq_xmm_rm64",
        "Movq_rm64_xmm",
        "Movaps_xmm_xmmm128",
        "Movaps_xmmm128_xmm",
        "Movups_xmm_xmmm128",
        "Movups_xmmm128_xmm",
        "Rep_Stosb_m8_AL",
        "Rep_Stosq_m64_RAX",
        "Rep_Movsb_m8_m8",
        "Rep_Movsq_m64_m64",
    ] {
        need(n.to_string());
    }
    for cc in [
        "o", "no", "b", "ae", "e", "ne", "be", "a", "s", "ns", "p", "np", "l", "ge", "le", "g",
    ] {
        need(format!("Set{cc}_rm8"));
        need(format!("J{cc}_rel8_64"));
        need(format!("J{cc}_rel32_64"));
        need(format!("Cmov{cc}_r32_rm32"));
        need(format!("Cmov{cc}_r64_rm64"));
    }
    assert!(missing.is_empty(), "missing forms: {missing:?}");
}

#[test]
fn label_addresses_become_code_relocations() {
    let mut b = CodeBuffer::new();
    let case0 = b.new_label();
    let case1 = b.new_label();
    let skip = b.new_label();
    let c = b.target(cell(7));
    b.jmp(skip); // relaxed: shifts everything after it by -3
    b.call_rm64(Mem::sym(c));
    let t0 = b.label_address(case0, RelocKind::ImageRel32, 0);
    let t1 = b.label_address(case1, RelocKind::Abs64, 2);
    b.bind(skip);
    b.bind(case0);
    b.int3();
    b.bind(case1);
    b.retnq();
    let out = b.finish().unwrap();
    assert_eq!(out.inst_start(t0), 8);
    assert_eq!(out.inst_end(t0) - out.inst_start(t0), 4);
    assert_eq!(out.inst_end(t1) - out.inst_start(t1), 8);
    let want = vec![
        (4, RelocKind::Rel32, cell(7), 0),
        (8, RelocKind::ImageRel32, Target::Code(20), 0),
        (12, RelocKind::Abs64, Target::Code(21), 2),
    ];
    let got: Vec<_> = out
        .relocs
        .iter()
        .map(|r| (r.offset, r.kind, r.target.clone(), r.addend))
        .collect();
    assert_eq!(got, want);
}
