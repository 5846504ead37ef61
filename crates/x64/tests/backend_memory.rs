//! Execution tests of the memory instructions: `load`/`store` of every
//! integer width and `elem_addr` run in-process against a buffer standing
//! for an object (its address passed as the `ref`), with the base and the
//! values in registers and, under register pressure, in spill slots. The
//! expected memory and results are computed here from the IR's semantics
//! (the reference interpreter does not model memory). Null checks reach the
//! NullReference throw stub.

mod backend_support;

use backend_support::{Jit, Outcome};
use kiln_ir::{parse_function, verify_function};
use kiln_x64::backend::{compile, BackendOptions};

fn jit(text: &str) -> Jit {
    let func = parse_function(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    verify_function(&func).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let stencil = compile(&func, &BackendOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    Jit::new(&[(1, &stencil)])
}

const WIDTHS: &str = "function \"M::Widths\"(ref, i64, i32) -> i64 {
block0(v0: ref, v1: i64, v2: i32):
    trapz v0, null_reference
    v3 = load.i8 v0, 1
    v4 = load.i16 v0, 2
    v5 = load.i32 v0, 4
    v6 = load.i64 v0, 8
    store v2, v0, 16
    v7 = ireduce.i8 v2
    store v7, v0, 20
    v8 = ireduce.i16 v2
    store v8, v0, 22
    v9 = elem_addr.byref v0, v1, 8, 24
    store v6, v9, 0
    v10 = load.i64 v9, 0
    v11 = sextend.i64 v3
    v12 = uextend.i64 v4
    v13 = sextend.i64 v5
    v14 = iadd.i64 v11, v12
    v15 = iadd.i64 v14, v13
    v16 = iadd.i64 v15, v10
    return v16
}
";

#[test]
fn loads_and_stores_of_every_width() {
    let mut jit = jit(WIDTHS);
    for (k, &(b1, h2, w4, q8, val)) in [
        (0x80u8, 0xFFFFu16, -7i32, i64::MIN + 5, 0x1234_5678i32),
        (0x7F, 0x8000, i32::MAX, -1, -1),
        (0x00, 0x0001, i32::MIN, 42, 0x0102_03FF),
    ]
    .iter()
    .enumerate()
    {
        for idx in 0..4i64 {
            let mut buf = vec![0u8; 64];
            buf[1] = b1;
            buf[2..4].copy_from_slice(&h2.to_le_bytes());
            buf[4..8].copy_from_slice(&w4.to_le_bytes());
            buf[8..16].copy_from_slice(&q8.to_le_bytes());
            let out = jit.call(1, &[buf.as_mut_ptr() as i64, idx, val as i64]);
            let want = (b1 as i8 as i64)
                .wrapping_add(h2 as i64)
                .wrapping_add(w4 as i64)
                .wrapping_add(q8);
            assert_eq!(out, Outcome::Returned(want), "case {k} index {idx}");
            assert_eq!(&buf[16..20], &val.to_le_bytes(), "i32 store");
            assert_eq!(buf[20], val as u8, "i8 store");
            assert_eq!(&buf[22..24], &(val as u16).to_le_bytes(), "i16 store");
            let at = 24 + 8 * idx as usize;
            assert_eq!(&buf[at..at + 8], &q8.to_le_bytes(), "element store");
            // Nothing else was written.
            assert_eq!(buf[0], 0);
            assert_eq!(buf[21], 0);
            for (i, &b) in buf.iter().enumerate().skip(24) {
                if !(at..at + 8).contains(&i) {
                    assert_eq!(b, 0, "stray write at {i}");
                }
            }
        }
    }
    assert_eq!(
        jit.call(1, &[0, 0, 0]),
        Outcome::Trapped(backend_support::trap_id(kiln_ir::TrapCode::NullReference))
    );
}

/// Sixteen loads live at once: some values (and the base, live to the end)
/// do not fit the registers and are spilled.
#[test]
fn loads_under_register_pressure() {
    let mut text = String::from("function \"M::Many\"(ref) -> i64 {\nblock0(v0: ref):\n");
    for i in 0..16 {
        text.push_str(&format!("    v{} = load.i64 v0, {}\n", i + 1, 8 * i));
    }
    for i in 0..16 {
        text.push_str(&format!("    store v{}, v0, {}\n", 16 - i, 128 + 8 * i));
    }
    let mut acc = 1;
    for i in 2..=16 {
        text.push_str(&format!("    v{} = isub.i64 v{acc}, v{i}\n", 16 + i));
        acc = 16 + i;
    }
    text.push_str(&format!("    return v{acc}\n}}\n"));
    let mut jit = jit(&text);
    let mut buf = vec![0i64; 32];
    for (i, x) in buf.iter_mut().enumerate().take(16) {
        *x = (i as i64 + 1) * 0x0101_0101_0101 - 77;
    }
    let out = jit.call(1, &[buf.as_mut_ptr() as i64]);
    let want = buf[1..16].iter().fold(buf[0], |a, &x| a.wrapping_sub(x));
    assert_eq!(out, Outcome::Returned(want));
    for i in 0..16 {
        assert_eq!(buf[16 + i], buf[15 - i], "reversed copy {i}");
    }
}
