//! Execution tests for floating point: code the backend produces for
//! `f32`/`f64` IR runs in-process and must give, bit for bit, what
//! `kiln_ir::interpret` computes — the IR's reference semantics, which
//! follow CoreCLR 8 on x64 (checked against the runtime's own answers in
//! `kiln_ir::interp::float_ops`' tests). Every operation and conversion is
//! run over grids of edge cases (NaNs with payloads, ±0, ±∞, denormals,
//! integer boundaries, huge values); argument passing mixes integer and
//! float registers and stack arguments; register pressure forces float
//! spills across calls.

mod backend_support;

use backend_support::{disassemble, Jit};
use kiln_ir::{parse_function, verify_function, Function, Type};
use kiln_x64::backend::{compile, BackendOptions};

fn build(text: &str) -> Function {
    let func = parse_function(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    verify_function(&func).unwrap_or_else(|e| panic!("{e}\n{text}"));
    func
}

/// Edge cases of binary64, as bits.
fn f64_grid() -> Vec<u64> {
    let mut g: Vec<u64> = vec![
        0x7FF8_0000_0000_0000, // NaN
        0xFFF8_0000_0000_0000, // default NaN
        0x7FF8_0000_0000_0123, // NaN with payload
        0x7FF0_0000_0000_0001, // signalling NaN
        0x0000_0000_0000_0001, // smallest denormal
        0x000F_FFFF_FFFF_FFFF, // largest denormal
        0x8000_0000_0000_0001, // negative denormal
        f64::MIN_POSITIVE.to_bits(),
    ];
    for x in [
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        1.0,
        -1.0,
        1.5,
        -2.5,
        0.1,
        3.0,
        f64::MAX,
        f64::MIN,
        2147483647.0,
        2147483647.9,
        2147483648.0,
        -2147483648.0,
        -2147483649.0,
        4294967295.0,
        4294967296.0,
        f64::from_bits(0x43E0_0000_0000_0000),
        f64::from_bits(0x43DF_FFFF_FFFF_FFFF),
        -f64::from_bits(0x43E0_0000_0000_0000),
        1.8446744073709552E19,
        f64::from_bits(0x43EF_FFFF_FFFF_FFFF),
        1.3835058055282164E19,
        3e19,
        -3e19,
        1e300,
        -1e-300,
        16777217.0,
    ] {
        g.push(f64::to_bits(x));
    }
    g
}

/// Edge cases of binary32, as bits.
fn f32_grid() -> Vec<u32> {
    let mut g: Vec<u32> = vec![
        0x7FC0_0000,
        0xFFC0_0000,
        0x7FC0_0123,
        0x7F80_0001,
        0x0000_0001,
        0x007F_FFFF,
        0x8000_0001,
        f32::MIN_POSITIVE.to_bits(),
    ];
    for x in [
        0.0f32,
        -0.0,
        f32::INFINITY,
        f32::NEG_INFINITY,
        1.0,
        -1.0,
        1.5,
        -2.5,
        0.1,
        3.0,
        f32::MAX,
        f32::MIN,
        2147483648.0,
        -2147483648.0,
        4294967296.0,
        9.223372e18,
        1.8446744e19,
        -3e19,
        16777216.0,
        16777218.0,
    ] {
        g.push(x.to_bits());
    }
    g
}

fn int_grid(ty: Type) -> Vec<i64> {
    let mut g = vec![
        0,
        1,
        -1,
        2,
        -2,
        0x7FFF_FFFF,
        -0x8000_0000,
        0xFFFF_FFFF,
        0x1000001,
        0x20000020000001,
        i64::MAX,
        i64::MIN,
        0x8000_0000_0000_0401u64 as i64,
        0x8000_0000_0000_0C00u64 as i64,
        0x8000_0080_0000_0001u64 as i64,
        0xFFFF_FF7F_FFFF_FFFFu64 as i64,
        0xFFFF_FFFF_FFFF_FC01u64 as i64,
        0x8000_0040_0000_0001u64 as i64,
    ];
    if ty == Type::I32 {
        for v in &mut g {
            *v = *v as i32 as i64;
        }
    }
    g
}

/// Compiled functions ready to call directly.
struct Compiled {
    funcs: Vec<(u32, Function)>,
    jit: Jit,
    listings: Vec<(u32, String)>,
}

fn compile_all(texts: &[(u32, &str)]) -> Compiled {
    let funcs: Vec<(u32, Function)> = texts.iter().map(|&(r, t)| (r, build(t))).collect();
    let stencils: Vec<_> = funcs
        .iter()
        .map(|(r, f)| {
            (
                *r,
                compile(f, &BackendOptions::default()).unwrap_or_else(|e| panic!("{e}\n{f}")),
            )
        })
        .collect();
    let refs: Vec<_> = stencils.iter().map(|(r, s)| (*r, s)).collect();
    let jit = Jit::new(&refs);
    let listings = stencils
        .iter()
        .map(|(r, s)| (*r, disassemble(&s.code)))
        .collect();
    Compiled {
        funcs,
        jit,
        listings,
    }
}

type FnF = unsafe extern "sysv64" fn(
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
) -> f64;
type FnI = unsafe extern "sysv64" fn(
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
    f64,
) -> i64;

impl Compiled {
    fn func(&self, rid: u32) -> &Function {
        &self.funcs.iter().find(|(r, _)| *r == rid).unwrap().1
    }

    /// Calls `rid` natively. Integer and float parameters travel in their
    /// own register sequences (SysV), so one pointer type with six integer
    /// and eight float parameters reaches any signature with at most that
    /// many of each, whatever their order. Float arguments are bits (an
    /// `f32` in the low 32), the result is bits (an `f32` or `i32` in the
    /// low 32, canonicalized like the interpreter's values).
    fn native(&self, rid: u32, args: &[i64]) -> i64 {
        let func = self.func(rid);
        let (mut ints, mut floats) = (Vec::new(), Vec::new());
        for (p, &a) in func.signature.params.iter().zip(args) {
            if p.ty.is_float() {
                floats.push(f64::from_bits(a as u64));
            } else {
                // Garbage above an i32 (the ABI leaves it unspecified).
                ints.push(if p.ty == Type::I32 {
                    (a & 0xFFFF_FFFF) | (0x5A5A_5A5A << 32)
                } else {
                    a
                });
            }
        }
        assert!(
            ints.len() <= 6 && floats.len() <= 8,
            "register arguments only"
        );
        ints.resize(6, 0);
        floats.resize(8, 0.0);
        let entry = self.jit.entry(rid);
        let ret = func.signature.returns.first().map(|p| p.ty);
        // SAFETY: `entry` is compiled code mapped executable by `self.jit`
        // (alive for the call), following the SysV convention for the
        // function's signature; the extra register arguments are ignored.
        // The code under test cannot trap (no trap instructions).
        let raw = unsafe {
            if ret.is_some_and(Type::is_float) {
                let f: FnF = std::mem::transmute::<usize, FnF>(entry);
                f(
                    ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], floats[0], floats[1],
                    floats[2], floats[3], floats[4], floats[5], floats[6], floats[7],
                )
                .to_bits() as i64
            } else {
                let f: FnI = std::mem::transmute::<usize, FnI>(entry);
                f(
                    ints[0], ints[1], ints[2], ints[3], ints[4], ints[5], floats[0], floats[1],
                    floats[2], floats[3], floats[4], floats[5], floats[6], floats[7],
                )
            }
        };
        match ret {
            Some(Type::F32) => raw & 0xFFFF_FFFF,
            Some(Type::I32) => raw as i32 as i64,
            _ => raw,
        }
    }

    /// The reference result (kiln-ir's interpreter; calls recurse).
    fn reference(&self, rid: u32, args: &[i64]) -> i64 {
        let func = self.func(rid);
        let mut fuel = 1_000_000u64;
        let mut calls = |ext: &kiln_ir::ExtFuncData,
                         a: &[i64]|
         -> Result<kiln_ir::Outcome, kiln_ir::InterpError> {
            let kiln_ir::Callee::Token(token) = ext.callee else {
                panic!("the reference models token callees only");
            };
            let r = self.reference(token & 0xFF_FFFF, a);
            Ok(kiln_ir::Outcome::Return(
                ext.signature.returns.iter().map(|_| r).collect(),
            ))
        };
        match kiln_ir::interpret(func, args, &mut calls, &mut fuel) {
            Ok(kiln_ir::Outcome::Return(v)) => v.first().copied().unwrap_or(0),
            other => panic!("reference run of {rid} on {args:?}: {other:?}\n{func}"),
        }
    }

    fn agree(&self, rid: u32, args: &[i64]) {
        let want = self.reference(rid, args);
        let got = self.native(rid, args);
        if got != want {
            let listing = &self.listings.iter().find(|(r, _)| *r == rid).unwrap().1;
            panic!(
                "args {args:x?}: native {got:#x}, reference {want:#x}\n{}\n{listing}",
                self.func(rid)
            );
        }
    }
}

fn grid_of(ty: Type) -> Vec<i64> {
    match ty {
        Type::F64 => f64_grid().into_iter().map(|b| b as i64).collect(),
        Type::F32 => f32_grid().into_iter().map(|b| b as i64).collect(),
        t => int_grid(t),
    }
}

/// Every binary operation and comparison on both float types, over every
/// pair of edge cases; operands in registers and, for the second group, in
/// spill slots (values live across a call).
#[test]
fn binary_ops_and_compares() {
    let mut texts = Vec::new();
    let mut shapes = Vec::new();
    let mut rid = 1;
    for ty in [Type::F64, Type::F32] {
        for op in ["fadd", "fsub", "fmul", "fdiv", "frem"] {
            texts.push((
                rid,
                format!(
                    "function \"T::{op}\"({ty}, {ty}) -> {ty} {{\nblock0(v0: {ty}, v1: {ty}):\n    v2 = {op}.{ty} v0, v1\n    return v2\n}}\n"
                ),
            ));
            shapes.push((rid, ty));
            rid += 1;
        }
        for cc in kiln_ir::FloatCC::ALL {
            texts.push((
                rid,
                format!(
                    "function \"T::cmp\"({ty}, {ty}) -> i32 {{\nblock0(v0: {ty}, v1: {ty}):\n    v2 = fcmp.i32 {cc} v0, v1\n    return v2\n}}\n"
                ),
            ));
            shapes.push((rid, ty));
            rid += 1;
            // The same compare as a branch condition, operands in memory
            // (live across a call, so spilled).
            texts.push((
                rid,
                format!(
                    "function \"T::br\"({ty}, {ty}) -> i32 {{\n    fn0 = \"T::Nop\"() token 0x06000063\n\nblock0(v0: {ty}, v1: {ty}):\n    call fn0()\n    v2 = fcmp.i32 {cc} v0, v1\n    brif v2, block1, block2\nblock1:\n    v3 = iconst.i32 11\n    return v3\nblock2:\n    v4 = iconst.i32 22\n    return v4\n}}\n"
                ),
            ));
            shapes.push((rid, ty));
            rid += 1;
        }
    }
    texts.push((
        99,
        "function \"T::Nop\"() {\nblock0:\n    return\n}\n".to_string(),
    ));
    let refs: Vec<(u32, &str)> = texts.iter().map(|(r, t)| (*r, t.as_str())).collect();
    let c = compile_all(&refs);
    for (rid, ty) in shapes {
        let g = grid_of(ty);
        for &a in &g {
            for &b in &g {
                c.agree(rid, &[a, b]);
            }
        }
    }
}

/// `fneg`, every conversion and constants with NaN payloads.
#[test]
fn unary_ops_conversions_and_constants() {
    let convs: &[(&str, Type, Type)] = &[
        ("fneg", Type::F64, Type::F64),
        ("fneg", Type::F32, Type::F32),
        ("fpromote", Type::F32, Type::F64),
        ("fdemote", Type::F64, Type::F32),
        ("fcvt_from_sint", Type::I32, Type::F64),
        ("fcvt_from_sint", Type::I64, Type::F64),
        ("fcvt_from_sint", Type::I32, Type::F32),
        ("fcvt_from_sint", Type::I64, Type::F32),
        ("fcvt_from_uint", Type::I32, Type::F64),
        ("fcvt_from_uint", Type::I64, Type::F64),
        ("fcvt_from_uint", Type::I32, Type::F32),
        ("fcvt_from_uint", Type::I64, Type::F32),
        ("fcvt_to_sint", Type::F64, Type::I32),
        ("fcvt_to_sint", Type::F64, Type::I64),
        ("fcvt_to_sint", Type::F32, Type::I32),
        ("fcvt_to_sint", Type::F32, Type::I64),
        ("fcvt_to_u64", Type::F64, Type::I64),
        ("fcvt_to_u64", Type::F32, Type::I64),
    ];
    let texts: Vec<(u32, String)> = convs
        .iter()
        .enumerate()
        .map(|(i, &(op, from, to))| {
            (
                i as u32 + 1,
                format!(
                    "function \"T::{op}\"({from}) -> {to} {{\nblock0(v0: {from}):\n    v1 = {op}.{to} v0\n    return v1\n}}\n"
                ),
            )
        })
        .collect();
    let refs: Vec<(u32, &str)> = texts.iter().map(|(r, t)| (*r, t.as_str())).collect();
    let c = compile_all(&refs);
    for (i, &(_, from, _)) in convs.iter().enumerate() {
        for a in grid_of(from) {
            c.agree(i as u32 + 1, &[a]);
        }
    }
    // Constants: every grid value as an f64const / f32const.
    let mut texts = Vec::new();
    for (i, b) in f64_grid().into_iter().enumerate() {
        texts.push((
            i as u32 + 1,
            format!("function \"T::K\"() -> f64 {{\nblock0:\n    v0 = f64const.f64 {b:#018x}\n    return v0\n}}\n"),
        ));
    }
    let n = texts.len() as u32;
    for (i, b) in f32_grid().into_iter().enumerate() {
        texts.push((
            n + i as u32 + 1,
            format!("function \"T::K\"() -> f32 {{\nblock0:\n    v0 = f32const.f32 {b:#010x}\n    return v0\n}}\n"),
        ));
    }
    let refs: Vec<(u32, &str)> = texts.iter().map(|(r, t)| (*r, t.as_str())).collect();
    let c = compile_all(&refs);
    for &(rid, _) in &refs {
        c.agree(rid, &[]);
    }
}

/// Mixed integer and float parameters (register and stack), calls passing
/// floats in XMM registers and on the stack, float returns, and more float
/// values live at once than there are XMM homes, across calls.
#[test]
fn abi_calls_and_pressure() {
    // 7 integers and 10 floats: the 7th integer and the 9th/10th floats
    // are stack arguments, interleaved.
    let mut params = Vec::new();
    for k in 0..17 {
        params.push(if k % 5 == 2 || k == 16 { "i64" } else { "f64" });
    }
    let callee_params = params.join(", ");
    let mut body = String::new();
    let block_params: Vec<String> = params
        .iter()
        .enumerate()
        .map(|(k, t)| format!("v{k}: {t}"))
        .collect();
    // acc = sum over k of (float(p_k) * (k + 1)).
    let mut acc = String::from("v100");
    body += "    v100 = f64const.f64 0x0000000000000000\n";
    for (k, t) in params.iter().enumerate() {
        let x = if *t == "i64" {
            body += &format!("    v{} = fcvt_from_sint.f64 v{k}\n", 200 + k);
            format!("v{}", 200 + k)
        } else {
            format!("v{k}")
        };
        body += &format!(
            "    v{} = f64const.f64 {:#018x}\n",
            300 + k,
            ((k + 1) as f64).to_bits()
        );
        body += &format!("    v{} = fmul.f64 {x}, v{}\n", 400 + k, 300 + k);
        body += &format!("    v{} = fadd.f64 {acc}, v{}\n", 500 + k, 400 + k);
        acc = format!("v{}", 500 + k);
    }
    let callee = format!(
        "function \"T::Many\"({callee_params}) -> f64 {{\nblock0({}):\n{body}    return {acc}\n}}\n",
        block_params.join(", ")
    );
    // The caller: (f64, i64, f32) -> f64. Builds 17 arguments from its own,
    // keeps 20 float values live across the call, and combines them.
    let mut caller =
        String::from("function \"T::Caller\"(f64, i64, f32) -> f64 {\n    fn0 = \"T::Many\"(");
    caller += &callee_params;
    caller += ") -> f64 token 0x06000002\n\nblock0(v0: f64, v1: i64, v2: f32):\n";
    caller += "    v3 = fpromote.f64 v2\n    v4 = fcvt_from_sint.f64 v1\n";
    let mut live = Vec::new();
    for k in 0..20 {
        caller += &format!(
            "    v{} = f64const.f64 {:#018x}\n    v{} = fadd.f64 v{}, v{}\n",
            10 + 2 * k,
            (0.25 * k as f64 + 1.0).to_bits(),
            11 + 2 * k,
            if k % 2 == 0 { 0 } else { 3 },
            10 + 2 * k
        );
        live.push(format!("v{}", 11 + 2 * k));
    }
    let mut args = Vec::new();
    for (k, t) in params.iter().enumerate() {
        if *t == "i64" {
            caller += &format!(
                "    v{} = iconst.i64 {}\n    v{} = iadd.i64 v1, v{}\n",
                100 + k,
                k as i64 * 3 - 7,
                150 + k,
                100 + k
            );
            args.push(format!("v{}", 150 + k));
        } else {
            args.push(live[k % live.len()].clone());
        }
    }
    caller += &format!("    v99 = call fn0({})\n", args.join(", "));
    let mut acc = "v99".to_string();
    for (k, v) in live.iter().enumerate() {
        let op = if k % 3 == 0 { "fsub" } else { "fadd" };
        caller += &format!("    v{} = {op}.f64 {acc}, {v}\n", 600 + k);
        acc = format!("v{}", 600 + k);
    }
    caller += &format!("    v700 = fadd.f64 {acc}, v4\n    return v700\n}}\n");
    let c = compile_all(&[(1, &caller), (2, &callee)]);
    let f64s = f64_grid();
    let f32s = f32_grid();
    for (i, &a) in f64s.iter().enumerate() {
        for &n in &[0i64, 5, -1, i64::MAX, 1 << 40] {
            let f = f32s[i % f32s.len()];
            c.agree(1, &[a as i64, n, f as i64]);
        }
    }
}

/// A random float program: a loop whose block parameters (two `f64`, one
/// `f32`, a counter) are permuted on the back edge (parallel-move cycles
/// across XMM homes and spill slots), a body of random float operations,
/// conversions and compares over value pools of both float types and
/// `i64`, and optional calls that force float spills.
fn random_float_program(rng: &mut u64, with_calls: bool) -> String {
    let mut next = |n: u64| {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        *rng % n
    };
    let mut t = String::from("function \"T::R\"(f64, f32, i64) -> f64 {\n");
    if with_calls {
        t += "    fn0 = \"T::H\"(f64, f32, i64) -> f64 token 0x06000002\n\n";
    }
    t += "block0(v0: f64, v1: f32, v2: i64):\n    v3 = iconst.i32 0\n    jump block1(v0, v0, v1, v3)\n\n";
    t += "block1(v10: f64, v11: f64, v12: f32, v13: i32):\n";
    let mut d = vec!["v10".to_string(), "v11".to_string()];
    let mut f = vec!["v12".to_string()];
    let mut i = vec!["v2".to_string()];
    let mut n = 100;
    let mut fresh = || {
        n += 1;
        format!("v{n}")
    };
    for _ in 0..(8 + next(12)) {
        let r = fresh();
        let pick = |pool: &Vec<String>, k: u64| pool[(k as usize) % pool.len()].clone();
        match next(11) {
            0..=2 => {
                let op = ["fadd", "fsub", "fmul", "fdiv", "frem"][next(5) as usize];
                let (a, b) = (pick(&d, next(64)), pick(&d, next(64)));
                t += &format!("    {r} = {op}.f64 {a}, {b}\n");
                d.push(r);
            }
            3 | 4 => {
                let op = ["fadd", "fsub", "fmul", "fdiv", "frem"][next(5) as usize];
                let (a, b) = (pick(&f, next(64)), pick(&f, next(64)));
                t += &format!("    {r} = {op}.f32 {a}, {b}\n");
                f.push(r);
            }
            5 => {
                let a = pick(&d, next(64));
                t += &format!("    {r} = fdemote.f32 {a}\n");
                f.push(r);
            }
            6 => {
                let a = pick(&f, next(64));
                let op = ["fpromote", "fneg"][next(2) as usize];
                let ty = if op == "fneg" { "f32" } else { "f64" };
                t += &format!("    {r} = {op}.{ty} {a}\n");
                if op == "fneg" {
                    f.push(r);
                } else {
                    d.push(r);
                }
            }
            7 => {
                let a = pick(&d, next(64));
                let op = ["fcvt_to_sint", "fcvt_to_u64"][next(2) as usize];
                t += &format!("    {r} = {op}.i64 {a}\n");
                i.push(r);
            }
            8 => {
                let a = pick(&i, next(64));
                let op = ["fcvt_from_sint", "fcvt_from_uint"][next(2) as usize];
                t += &format!("    {r} = {op}.f64 {a}\n");
                d.push(r);
            }
            9 => {
                let cc = kiln_ir::FloatCC::ALL[next(10) as usize];
                let (a, b) = (pick(&d, next(64)), pick(&d, next(64)));
                let s = fresh();
                t += &format!("    {r} = fcmp.i32 {cc} {a}, {b}\n    {s} = sextend.i64 {r}\n");
                i.push(s);
            }
            _ if with_calls => {
                let (a, b, c) = (pick(&d, next(64)), pick(&f, next(64)), pick(&i, next(64)));
                t += &format!("    {r} = call fn0({a}, {b}, {c})\n");
                d.push(r);
            }
            _ => {
                let a = pick(&d, next(64));
                t += &format!("    {r} = fneg.f64 {a}\n");
                d.push(r);
            }
        }
    }
    // Back edge with the two f64 parameters swapped (a cycle) or fed from
    // the body.
    let (a, b) = if next(2) == 0 {
        ("v11".to_string(), "v10".to_string())
    } else {
        (d[d.len() - 1].clone(), "v10".to_string())
    };
    let c = f[next(f.len() as u64) as usize].clone();
    let last_i = i[i.len() - 1].clone();
    let last_d = d[d.len() - 1].clone();
    t += &format!(
        "    v90 = iconst.i32 1\n    v91 = iadd.i32 v13, v90\n    v92 = iconst.i32 3\n    v93 = icmp.i32 slt v91, v92\n    brif v93, block1({a}, {b}, {c}, v91), block2\n\n"
    );
    t += &format!(
        "block2:\n    v94 = fcvt_from_sint.f64 {last_i}\n    v95 = fadd.f64 {last_d}, v94\n    v96 = fpromote.f64 {c}\n    v97 = fsub.f64 v95, v96\n    return v97\n}}\n"
    );
    t
}

/// Random float programs (loops, swaps, calls) agree with the interpreter
/// bit for bit on edge-case inputs.
#[test]
fn random_float_programs() {
    let helper = "function \"T::H\"(f64, f32, i64) -> f64 {\nblock0(v0: f64, v1: f32, v2: i64):\n    v3 = fpromote.f64 v1\n    v4 = fmul.f64 v0, v3\n    v5 = fcvt_from_sint.f64 v2\n    v6 = fsub.f64 v4, v5\n    return v6\n}\n";
    let mut rng = 0x0123_4567_89AB_CDEFu64;
    let d = f64_grid();
    let f = f32_grid();
    let ints = int_grid(Type::I64);
    for k in 0..300 {
        let text = random_float_program(&mut rng, k % 2 == 1);
        let c = compile_all(&[(1, &text), (2, helper)]);
        for j in 0..12 {
            let args = [
                d[(k * 7 + j * 3) % d.len()] as i64,
                f[(k * 5 + j) % f.len()] as i64,
                ints[(k + j * 11) % ints.len()],
            ];
            c.agree(1, &args);
        }
    }
}

/// Float loads and stores through an `i64` address: every grid value is
/// stored (8 bytes for `f64`, 4 for `f32`, neighbours untouched), loaded
/// back bit for bit.
#[test]
fn float_loads_and_stores() {
    let text = "function \"T::Mem\"(i64, f64, f32) -> f64 {\nblock0(v0: i64, v1: f64, v2: f32):\n    store v1, v0, 8\n    store v2, v0, 20\n    v3 = load.f64 v0, 8\n    v4 = load.f32 v0, 20\n    v5 = fpromote.f64 v4\n    v6 = fsub.f64 v3, v5\n    v7 = load.f64 v0, 0\n    v8 = fadd.f64 v6, v7\n    return v8\n}\n";
    let c = compile_all(&[(1, text)]);
    let d = f64_grid();
    let f = f32_grid();
    for (k, &a) in d.iter().enumerate() {
        let b = f[k % f.len()];
        let mut mem = [0u8; 32];
        mem[0..8].copy_from_slice(&0.25f64.to_le_bytes());
        mem[16..32].copy_from_slice(&[0xAB; 16]);
        let got = c.native(1, &[mem.as_mut_ptr() as i64, a as i64, b as i64]);
        assert_eq!(&mem[8..16], &a.to_le_bytes(), "f64 store");
        assert_eq!(&mem[20..24], &b.to_le_bytes(), "f32 store");
        assert_eq!(&mem[16..20], &[0xAB; 4], "bytes before the f32 kept");
        assert_eq!(&mem[24..32], &[0xAB; 8], "bytes after the f32 kept");
        // The reference, from kiln-ir's float semantics on the same values.
        use kiln_ir::interp::float_ops::{binary, f32_to_f64_bits};
        use kiln_ir::FBinaryOp::{Fadd, Fsub};
        let diff = binary(Fsub, Type::F64, a as i64, f32_to_f64_bits(b) as i64);
        let want = binary(Fadd, Type::F64, diff, 0.25f64.to_bits() as i64);
        assert_eq!(got, want, "{a:#x} {b:#x}");
    }
}

/// Floats in IR stack slots (address-taken locals): stored and loaded back
/// bit for bit, an `f32` next to an `f64` in one slot.
#[test]
fn float_stack_slots() {
    let text = "function \"T::Slots\"(f64, f32) -> f64 {\n    ss0 = stack 16, align 8\n\nblock0(v0: f64, v1: f32):\n    stack_store v0, ss0, 0\n    stack_store v1, ss0, 8\n    v2 = stack_load.f64 ss0, 0\n    v3 = stack_load.f32 ss0, 8\n    v4 = stack_load.i32 ss0, 12\n    v5 = fpromote.f64 v3\n    v6 = fsub.f64 v2, v5\n    v7 = fcvt_from_sint.f64 v4\n    v8 = fadd.f64 v6, v7\n    return v8\n}\n";
    let c = compile_all(&[(1, text)]);
    let d = f64_grid();
    let f = f32_grid();
    for (k, &a) in d.iter().enumerate() {
        let b = f[k % f.len()];
        use kiln_ir::interp::float_ops::{binary, f32_to_f64_bits};
        use kiln_ir::FBinaryOp::{Fadd, Fsub};
        // The slot is zeroed in the prolog: the i32 after the f32 reads 0.
        let diff = binary(Fsub, Type::F64, a as i64, f32_to_f64_bits(b) as i64);
        let want = binary(Fadd, Type::F64, diff, 0);
        assert_eq!(c.native(1, &[a as i64, b as i64]), want, "{a:#x} {b:#x}");
    }
}
