//! Test support for the backend: run generated code in-process, interpret
//! IR as the reference, generate random IR programs, disassemble stencils.
//!
//! **Running code.** [`Jit`] maps compiled stencils executable next to their
//! import cells. MethodCall cells of `MethodEntry_DefToken` fixups point at
//! the other compiled functions (so calls and recursion run), Eager helper
//! cells point at stubs that record which throw helper was called and
//! unwind straight back to the entry trampoline (like a `longjmp`); the GC
//! poll helper returns at once. The
//! trampoline poisons every callee-saved register before the call and
//! records them after, so a function that fails to preserve one is caught;
//! throw stubs record RSP modulo 16 so stack alignment at calls is checked.
#![allow(dead_code)]

use std::collections::HashMap;

use kiln_ir::{
    ArgExt, BinaryOp, Callee, CondTrapOp, ConvOp, Function, InstData, TrapCode, Type, UnaryOp,
    Value,
};
use kiln_runtime_abi::r2r::Helper;
use kiln_runtime_abi::stencil::{ImportSection, MethodStencil, RelocKind, Target};
use kiln_x64::asm::{CodeBuffer, Gpr, Mem};

/// How a call ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Returned this value (RAX, or the canonical value for the
    /// interpreter).
    Returned(i64),
    /// Called the throw helper with this R2R helper id.
    Trapped(u32),
}

const POISON: [i64; 6] = [
    0x1111_2222_3333_4444,
    0x5555_6666_7777_0101,
    0x0123_4567_89AB_CDEF,
    -0x0FED_CBA9_8765_4321,
    0x7A7A_7A7A_1B1B_1B1B,
    -0x2222_3333_4444_5555,
];
const HELPERS: [u32; 4] = [0x22, 0x23, 0x25, 0x26];
const UNRESOLVED: u32 = 0xFFFF;

/// Compiled functions mapped executable.
pub struct Jit {
    exec: memmap2::Mmap,
    save: memmap2::MmapMut,
    entries: HashMap<u32, usize>,
    tramp: usize,
}

impl std::fmt::Debug for Jit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Jit")
            .field("entries", &self.entries)
            .finish()
    }
}

fn align(x: usize, a: usize) -> usize {
    (x + a - 1) & !(a - 1)
}

impl Jit {
    /// Maps `funcs` (MethodDef RID, stencil).
    pub fn new(funcs: &[(u32, &MethodStencil)]) -> Jit {
        let mut save = memmap2::MmapMut::map_anon(4096).expect("map save area");
        let save_addr = save.as_mut_ptr() as i64;
        let mut buf = CodeBuffer::new();
        // Trampoline: (save, f, a0, a1, a2, a3).
        for r in [Gpr::RBP, Gpr::RBX, Gpr::R12, Gpr::R13, Gpr::R14, Gpr::R15] {
            buf.push_r64(r);
        }
        buf.sub_rm64_imm8(Gpr::RSP, 8);
        buf.mov_rm64_r64(Mem::base(Gpr::RDI), Gpr::RSP);
        buf.mov_rm64_imm32(Mem::base_disp(Gpr::RDI, 8), 0);
        buf.mov_r64_rm64(Gpr::RAX, Gpr::RSI);
        buf.mov_r64_rm64(Gpr::RDI, Gpr::RDX);
        buf.mov_r64_rm64(Gpr::RSI, Gpr::RCX);
        buf.mov_r64_rm64(Gpr::RDX, Gpr::R8);
        buf.mov_r64_rm64(Gpr::RCX, Gpr::R9);
        let saved = [Gpr::RBX, Gpr::RBP, Gpr::R12, Gpr::R13, Gpr::R14, Gpr::R15];
        for (r, p) in saved.iter().zip(POISON) {
            buf.mov_r64_imm64(*r, p);
        }
        buf.call_rm64(Gpr::RAX);
        buf.mov_r64_imm64(Gpr::R10, save_addr);
        for (k, r) in saved.iter().enumerate() {
            buf.mov_rm64_r64(Mem::base_disp(Gpr::R10, 16 + 8 * k as i32), *r);
        }
        let out = buf.new_label();
        buf.bind(out);
        buf.add_rm64_imm8(Gpr::RSP, 8);
        for r in [Gpr::R15, Gpr::R14, Gpr::R13, Gpr::R12, Gpr::RBX, Gpr::RBP] {
            buf.pop_r64(r);
        }
        buf.retnq();
        // One stub per helper (and one for unresolved cells).
        let mut stub_labels = Vec::new();
        for id in HELPERS.iter().copied().chain([UNRESOLVED]) {
            let l = buf.new_label();
            buf.align(16);
            buf.bind(l);
            buf.mov_r64_rm64(Gpr::RCX, Gpr::RSP);
            buf.mov_r64_imm64(Gpr::RAX, save_addr);
            buf.and_rm32_imm8(Gpr::RCX, 15);
            buf.mov_rm64_r64(Mem::base_disp(Gpr::RAX, 64), Gpr::RCX);
            buf.mov_r64_rm64(Gpr::RSP, Mem::base(Gpr::RAX));
            buf.mov_rm64_imm32(Mem::base_disp(Gpr::RAX, 8), id as i32);
            buf.xor_rm32_r32(Gpr::RAX, Gpr::RAX);
            buf.jmp(out);
            stub_labels.push((id, l));
        }
        // GC poll: nothing is ever pending here; return at once.
        let poll = buf.new_label();
        buf.align(16);
        buf.bind(poll);
        buf.retnq();
        let asm = buf.finish().expect("assemble the harness");

        let mut size = align(asm.code.len(), 16);
        let mut code_at = Vec::new();
        for (_, s) in funcs {
            code_at.push(size);
            size = align(size + s.code.len(), 16);
        }
        let mut cells: Vec<(kiln_runtime_abi::stencil::Import, usize)> = Vec::new();
        for (_, s) in funcs {
            for r in &s.relocs {
                if let Target::Import(i) = &r.target {
                    if !cells.iter().any(|(c, _)| c == i) {
                        cells.push((i.clone(), size));
                        size += 8;
                    }
                }
            }
        }
        let mut map = memmap2::MmapMut::map_anon(align(size.max(1), 4096)).expect("map code");
        let base = map.as_ptr() as usize;
        map[..asm.code.len()].copy_from_slice(&asm.code);
        let stub_addr = |id: u32| {
            let l = stub_labels.iter().find(|(i, _)| *i == id).unwrap().1;
            base + asm.label_offset(l).unwrap() as usize
        };
        let dbl_rem_sig = &kiln_runtime_abi::sig::fixup_helper(Helper::DblRem);
        let flt_rem_sig = &kiln_runtime_abi::sig::fixup_helper(Helper::FltRem);
        let mut entries = HashMap::new();
        for ((rid, _), &at) in funcs.iter().zip(&code_at) {
            entries.insert(*rid, base + at);
        }
        for (import, at) in &cells {
            let target = match (import.section, import.signature.as_slice()) {
                (ImportSection::Eager, [0x1A, id]) if HELPERS.contains(&(*id as u32)) => {
                    stub_addr(*id as u32)
                }
                // frem helpers: the IR's reference semantics in Rust.
                (ImportSection::Eager, sig) if *sig == *dbl_rem_sig => {
                    dbl_rem as *const () as usize
                }
                (ImportSection::Eager, sig) if *sig == *flt_rem_sig => {
                    flt_rem as *const () as usize
                }
                (ImportSection::Eager, [0x1A, 0x44]) => {
                    base + asm.label_offset(poll).unwrap() as usize
                }
                (ImportSection::MethodCall, [0x14, rid]) => entries
                    .get(&(*rid as u32))
                    .copied()
                    .unwrap_or_else(|| stub_addr(UNRESOLVED)),
                _ => stub_addr(UNRESOLVED),
            };
            map[*at..*at + 8].copy_from_slice(&(target as u64).to_le_bytes());
        }
        for ((_, s), &at) in funcs.iter().zip(&code_at) {
            map[at..at + s.code.len()].copy_from_slice(&s.code);
            for r in &s.relocs {
                assert_eq!(r.kind, RelocKind::Rel32, "only Rel32 relocations expected");
                let Target::Import(i) = &r.target else {
                    panic!("unexpected relocation target {:?}", r.target)
                };
                let cell = cells.iter().find(|(c, _)| c == i).unwrap().1;
                let field = at + r.offset as usize;
                let value = (base + cell) as i64 + r.addend - (base + field + 4) as i64;
                let value = i32::try_from(value).expect("cell within ±2 GiB");
                map[field..field + 4].copy_from_slice(&value.to_le_bytes());
            }
        }
        let exec = map.make_exec().expect("make code executable");
        Jit {
            exec,
            save,
            entries,
            tramp: base,
        }
    }

    /// The address of function `rid`'s code, to call it directly with any
    /// signature (only for code that cannot reach a throw stub).
    pub fn entry(&self, rid: u32) -> usize {
        self.entries[&rid]
    }

    /// Calls function `rid` with up to four integer arguments.
    pub fn call(&mut self, rid: u32, args: &[i64]) -> Outcome {
        assert!(args.len() <= 4, "the trampoline passes four arguments");
        let f = self.entries[&rid];
        let mut a = [0i64; 4];
        a[..args.len()].copy_from_slice(args);
        type Tramp = unsafe extern "sysv64" fn(*mut u8, usize, i64, i64, i64, i64) -> i64;
        // SAFETY: `tramp` is the trampoline assembled above, in memory
        // mapped executable and kept alive by `self.exec`; it follows the
        // SysV convention and restores every callee-saved register even
        // when a throw stub unwinds to it.
        let result = unsafe {
            let tramp: Tramp = std::mem::transmute::<usize, Tramp>(self.tramp);
            tramp(self.save.as_mut_ptr(), f, a[0], a[1], a[2], a[3])
        };
        let _ = &self.exec;
        let word = |k: usize| i64::from_le_bytes(self.save[8 * k..8 * k + 8].try_into().unwrap());
        let trap = word(1);
        if trap != 0 {
            assert_eq!(word(8), 8, "RSP misaligned at the throw-helper call");
            return Outcome::Trapped(trap as u32);
        }
        for (k, &p) in POISON.iter().enumerate() {
            assert_eq!(word(2 + k), p, "callee-saved register #{k} not preserved");
        }
        Outcome::Returned(result)
    }
}

/// Stands in for the runtime's `JIT_DblRem` (same semantics).
extern "sysv64" fn dbl_rem(a: f64, b: f64) -> f64 {
    f64::from_bits(kiln_ir::interp::float_ops::rem64(a.to_bits(), b.to_bits()))
}

/// Stands in for the runtime's `JIT_FltRem` (same semantics).
extern "sysv64" fn flt_rem(a: f32, b: f32) -> f32 {
    f32::from_bits(kiln_ir::interp::float_ops::rem32(a.to_bits(), b.to_bits()))
}

/// The value of the low `bits(ty)` bits of `v`, sign-extended.
pub fn canon(v: i64, ty: Type) -> i64 {
    let b = ty.bits().unwrap();
    if b == 64 {
        v
    } else {
        (v << (64 - b)) >> (64 - b)
    }
}

fn zext(v: i64, ty: Type) -> u64 {
    let b = ty.bits().unwrap();
    if b == 64 {
        v as u64
    } else {
        (v as u64) & ((1u64 << b) - 1)
    }
}

/// The IR's reference semantics (see `kiln_ir::instructions`), on canonical
/// (sign-extended) values. Calls go to `callee(token, args)`.
pub fn interpret(
    func: &Function,
    args: &[i64],
    callee: &mut dyn FnMut(u32, &[i64]) -> Outcome,
) -> Outcome {
    let mut vals: HashMap<Value, i64> = HashMap::new();
    let mut block = func.layout.entry_block().unwrap();
    let mut incoming: Vec<i64> = args
        .iter()
        .zip(&func.signature.params)
        .map(|(&a, p)| canon(a, p.ty))
        .collect();
    let ty = |v: Value| func.dfg.value_type(v);
    for _fuel in 0..1_000_000 {
        for (&p, &x) in func.dfg.block_params(block).iter().zip(&incoming) {
            vals.insert(p, x);
        }
        let mut next = None;
        for &inst in func.layout.block_insts(block) {
            let get = |v: Value| vals[&v];
            let data = func.dfg.inst(inst);
            let res = func.dfg.inst_results(inst).first().copied();
            let set = |vals: &mut HashMap<Value, i64>, x: i64| {
                let r = res.unwrap();
                vals.insert(r, canon(x, func.dfg.value_type(r)));
            };
            match data {
                InstData::Iconst { imm, .. } => set(&mut vals, *imm),
                InstData::Unary { op, arg } => {
                    let a = get(*arg);
                    set(
                        &mut vals,
                        match op {
                            UnaryOp::Ineg => a.wrapping_neg(),
                            UnaryOp::Bnot => !a,
                        },
                    )
                }
                InstData::Binary { op, args } => {
                    let t = ty(args[0]);
                    let w = t.bits().unwrap();
                    let (a, b) = (get(args[0]), get(args[1]));
                    let (ua, ub) = (zext(a, t), zext(b, t));
                    let fits_s = |x: i128| {
                        x >= (i64::MIN >> (64 - w)) as i128 && x <= (i64::MAX >> (64 - w)) as i128
                    };
                    let fits_u = |x: i128| x >= 0 && x <= (u64::MAX >> (64 - w)) as i128;
                    let n = (zext(b, ty(args[1])) % w as u64) as u32;
                    let r: i64 = match op {
                        BinaryOp::Iadd => a.wrapping_add(b),
                        BinaryOp::Isub => a.wrapping_sub(b),
                        BinaryOp::Imul => a.wrapping_mul(b),
                        BinaryOp::Sdiv | BinaryOp::Srem => {
                            assert!(b != 0 && !(b == -1 && a == canon(1 << (w - 1), t)));
                            if *op == BinaryOp::Sdiv {
                                a.wrapping_div(b)
                            } else {
                                a.wrapping_rem(b)
                            }
                        }
                        BinaryOp::Udiv => (ua / ub) as i64,
                        BinaryOp::Urem => (ua % ub) as i64,
                        BinaryOp::Band => a & b,
                        BinaryOp::Bor => a | b,
                        BinaryOp::Bxor => a ^ b,
                        BinaryOp::Ishl => a.wrapping_shl(n),
                        BinaryOp::Sshr => a >> n,
                        BinaryOp::Ushr => (ua >> n) as i64,
                        BinaryOp::SaddOvf | BinaryOp::SsubOvf | BinaryOp::SmulOvf => {
                            let (x, y) = (a as i128, b as i128);
                            let exact = match op {
                                BinaryOp::SaddOvf => x + y,
                                BinaryOp::SsubOvf => x - y,
                                _ => x * y,
                            };
                            if !fits_s(exact) {
                                return Outcome::Trapped(0x22);
                            }
                            exact as i64
                        }
                        BinaryOp::UaddOvf | BinaryOp::UsubOvf | BinaryOp::UmulOvf => {
                            let (x, y) = (ua as i128, ub as i128);
                            let exact = match op {
                                BinaryOp::UaddOvf => Some(x + y),
                                BinaryOp::UsubOvf => Some(x - y),
                                _ => (ua as u128)
                                    .checked_mul(ub as u128)
                                    .and_then(|p| i128::try_from(p).ok()),
                            };
                            match exact {
                                Some(e) if fits_u(e) => e as i64,
                                _ => return Outcome::Trapped(0x22),
                            }
                        }
                    };
                    set(&mut vals, r)
                }
                InstData::Icmp { cond, args } => {
                    let w = ty(args[0]).bits().unwrap();
                    let r = cond.eval(get(args[0]), get(args[1]), w) as i64;
                    set(&mut vals, r)
                }
                InstData::Conv { op, arg, .. } => {
                    let a = get(*arg);
                    set(
                        &mut vals,
                        match op {
                            ConvOp::Sextend
                            | ConvOp::Ireduce
                            | ConvOp::PtrToInt
                            | ConvOp::IntToByref => a,
                            ConvOp::Uextend => zext(a, ty(*arg)) as i64,
                        },
                    )
                }
                InstData::CondTrap { op, arg, code } => {
                    let nz = get(*arg) != 0;
                    if nz == (*op == CondTrapOp::Trapnz) {
                        return Outcome::Trapped(trap_id(*code));
                    }
                }
                InstData::Call { func: f, args } => {
                    let ext = &func.ext_funcs[*f];
                    let Callee::Token(t) = ext.callee else {
                        panic!("the reference interpreter models token callees only");
                    };
                    let a: Vec<i64> = args.iter().map(|&v| get(v)).collect();
                    match callee(t, &a) {
                        Outcome::Returned(x) => {
                            if let Some(r) = res {
                                let ret = ext.signature.returns[0];
                                let x = match ret.ext {
                                    ArgExt::Uext => zext(x, ret.ty) as i64,
                                    _ => x,
                                };
                                vals.insert(r, canon(x, ty(r)));
                            }
                        }
                        t => return t,
                    }
                }
                InstData::Jump { dest } => {
                    next = Some((dest.block, dest.args.clone()));
                }
                InstData::Brif {
                    arg,
                    then_dest,
                    else_dest,
                } => {
                    let d = if get(*arg) != 0 { then_dest } else { else_dest };
                    next = Some((d.block, d.args.clone()));
                }
                InstData::BrTable {
                    arg,
                    default,
                    targets,
                } => {
                    let i = zext(get(*arg), ty(*arg));
                    let d = targets.get(i as usize).unwrap_or(default);
                    next = Some((d.block, d.args.clone()));
                }
                InstData::Return { args } => {
                    return Outcome::Returned(args.first().map_or(0, |&v| get(v)));
                }
                InstData::Trap { code } => return Outcome::Trapped(trap_id(*code)),
                other => panic!("interpreter: unsupported {other:?}"),
            }
        }
        let (b, a) = next.expect("block ends in a branch");
        incoming = a.iter().map(|v| vals[v]).collect();
        block = b;
    }
    panic!("interpreter ran out of fuel")
}

/// The helper id a trap code throws through.
pub fn trap_id(code: TrapCode) -> u32 {
    match code {
        TrapCode::DivideByZero => 0x26,
        TrapCode::Overflow => 0x22,
        TrapCode::NullReference => 0x25,
        TrapCode::IndexOutOfRange => 0x23,
    }
}

/// The native outcome read as a value of the function's return type.
pub fn native_canon(func: &Function, o: Outcome) -> Outcome {
    match (o, func.signature.returns.first()) {
        (Outcome::Returned(x), Some(p)) => Outcome::Returned(canon(x, p.ty)),
        (Outcome::Returned(_), None) => Outcome::Returned(0),
        (t, _) => t,
    }
}

/// A xorshift generator (deterministic tests).
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    /// Next 64 random bits.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    /// An interesting integer of `ty`, canonical.
    pub fn int(&mut self, ty: Type) -> i64 {
        let b = ty.bits().unwrap();
        let x = match self.below(8) {
            0 => 0,
            1 => 1,
            2 => -1,
            3 => i64::MIN >> (64 - b),
            4 => i64::MAX >> (64 - b),
            5 => self.below(64) as i64 - 32,
            6 => (i64::MIN >> (64 - b)) + 1,
            _ => self.next() as i64,
        };
        canon(x, ty)
    }
}

/// A random function of up to four parameters exercising every integer
/// operation the backend supports, with guarded divisions, a diamond with
/// block parameters, and an `i64` result that mixes every value.
pub fn random_function(rng: &mut Rng) -> String {
    const TYPES: [Type; 4] = [Type::I8, Type::I16, Type::I32, Type::I64];
    let nparams = 1 + rng.below(4);
    let mut params = Vec::new();
    for _ in 0..nparams {
        let ty = if rng.below(4) == 0 {
            TYPES[rng.below(4)]
        } else {
            [Type::I32, Type::I64][rng.below(2)]
        };
        params.push(ty);
    }
    let mut out = String::new();
    let sig: Vec<String> = params
        .iter()
        .map(|t| match t {
            Type::I8 => "i8 sext".to_string(),
            Type::I16 => "i16 uext".to_string(),
            t => t.to_string(),
        })
        .collect();
    out += &format!("function \"R::f\"({}) -> i64 {{\n", sig.join(", "));
    let mut next = 0u32;
    let mut vals: Vec<(u32, Type)> = Vec::new();
    let mut head = String::from("block0(");
    for (i, t) in params.iter().enumerate() {
        if i > 0 {
            head += ", ";
        }
        head += &format!("v{next}: {t}");
        vals.push((next, *t));
        next += 1;
    }
    out += &head;
    out += "):\n";
    let body = |rng: &mut Rng, vals: &mut Vec<(u32, Type)>, next: &mut u32, out: &mut String| {
        let steps = 4 + rng.below(12);
        for _ in 0..steps {
            let (a, ta) = vals[rng.below(vals.len())];
            let same: Vec<u32> = vals.iter().filter(|v| v.1 == ta).map(|v| v.0).collect();
            let b = same[rng.below(same.len())];
            let mut emit =
                |out: &mut String, text: String, ty: Type, vals: &mut Vec<(u32, Type)>| {
                    *out += &format!("    v{} = {text}\n", *next);
                    vals.push((*next, ty));
                    *next += 1;
                    *next - 1
                };
            match rng.below(9) {
                0 => {
                    let t = TYPES[rng.below(4)];
                    let c = rng.int(t);
                    emit(out, format!("iconst.{t} {c}"), t, vals);
                }
                1 | 2 => {
                    let ops = [
                        "iadd", "isub", "imul", "band", "bor", "bxor", "ishl", "sshr", "ushr",
                    ];
                    let op = ops[rng.below(ops.len())];
                    let b = if op.ends_with("shr") || op == "ishl" {
                        vals[rng.below(vals.len())].0
                    } else {
                        b
                    };
                    emit(out, format!("{op}.{ta} v{a}, v{b}"), ta, vals);
                }
                3 => {
                    let op = ["ineg", "bnot"][rng.below(2)];
                    emit(out, format!("{op}.{ta} v{a}"), ta, vals);
                }
                4 => {
                    let cc = kiln_ir::IntCC::ALL[rng.below(10)];
                    emit(out, format!("icmp.i32 {cc} v{a}, v{b}"), Type::I32, vals);
                }
                5 => {
                    let t = TYPES[rng.below(4)];
                    let (fa, fb) = (ta.bits().unwrap(), t.bits().unwrap());
                    if fb > fa {
                        let op = ["sextend", "uextend"][rng.below(2)];
                        emit(out, format!("{op}.{t} v{a}"), t, vals);
                    } else if fb < fa {
                        emit(out, format!("ireduce.{t} v{a}"), t, vals);
                    }
                }
                6 => {
                    // Guarded division.
                    let op = ["sdiv", "udiv", "srem", "urem"][rng.below(4)];
                    *out += &format!("    trapz v{b}, div_by_zero\n");
                    if op.starts_with('s') {
                        let min = canon(1i64 << (ta.bits().unwrap() - 1), ta);
                        let m = emit(out, format!("iconst.{ta} {min}"), ta, vals);
                        let n1 = emit(out, format!("iconst.{ta} -1"), ta, vals);
                        let c1 = emit(out, format!("icmp.i32 eq v{a}, v{m}"), Type::I32, vals);
                        let c2 = emit(out, format!("icmp.i32 eq v{b}, v{n1}"), Type::I32, vals);
                        let c = emit(out, format!("band.i32 v{c1}, v{c2}"), Type::I32, vals);
                        *out += &format!("    trapnz v{c}, overflow\n");
                    }
                    emit(out, format!("{op}.{ta} v{a}, v{b}"), ta, vals);
                }
                7 if ta.bits().unwrap() >= 32 => {
                    let ops = [
                        "sadd_ovf", "uadd_ovf", "ssub_ovf", "usub_ovf", "smul_ovf", "umul_ovf",
                    ];
                    let op = ops[rng.below(ops.len())];
                    emit(out, format!("{op}.{ta} v{a}, v{b}"), ta, vals);
                }
                _ => {
                    let c = rng.int(ta);
                    let k = emit(out, format!("iconst.{ta} {c}"), ta, vals);
                    let op = ["iadd", "band", "bxor", "isub", "imul", "ishl", "ushr"][rng.below(7)];
                    emit(out, format!("{op}.{ta} v{a}, v{k}"), ta, vals);
                }
            }
        }
    };
    body(rng, &mut vals, &mut next, &mut out);
    // Diamond: both arms produce an i64 merged in block3.
    let (c, tc) = vals[rng.below(vals.len())];
    let (x, tx) = vals[rng.below(vals.len())];
    let (y, ty2) = vals[rng.below(vals.len())];
    let x64 = |v: u32, t: Type, next: &mut u32, out: &mut String| -> u32 {
        if t == Type::I64 {
            v
        } else {
            *out += &format!("    v{} = sextend.i64 v{v}\n", *next);
            *next += 1;
            *next - 1
        }
    };
    let _ = tc;
    let xi = x64(x, tx, &mut next, &mut out);
    let yi = x64(y, ty2, &mut next, &mut out);
    out += &format!("    brif v{c}, block1(v{xi}, v{yi}), block2(v{yi}, v{xi})\n\n");
    let p1 = next;
    let p2 = next + 1;
    next += 2;
    out += &format!("block1(v{p1}: i64, v{p2}: i64):\n");
    let r1 = next;
    out += &format!("    v{r1} = isub.i64 v{p1}, v{p2}\n");
    next += 1;
    out += &format!("    jump block3(v{r1}, v{p2})\n\n");
    let (q1, q2) = (next, next + 1);
    next += 2;
    out += &format!("block2(v{q1}: i64, v{q2}: i64):\n");
    let r2 = next;
    out += &format!("    v{r2} = bxor.i64 v{q1}, v{q2}\n");
    next += 1;
    out += &format!("    jump block3(v{q2}, v{r2})\n\n");
    let (m1, m2) = (next, next + 1);
    next += 2;
    out += &format!("block3(v{m1}: i64, v{m2}: i64):\n");
    let mut acc = next;
    out += &format!("    v{acc} = iadd.i64 v{m1}, v{m2}\n");
    next += 1;
    // Mix every block0 value into the result (all dominate block3).
    for &(v, t) in &vals {
        let vi = x64(v, t, &mut next, &mut out);
        let (k, m, x) = (next, next + 1, next + 2);
        next += 3;
        out += &format!("    v{k} = iconst.i64 31\n");
        out += &format!("    v{m} = imul.i64 v{acc}, v{k}\n");
        out += &format!("    v{x} = bxor.i64 v{m}, v{vi}\n");
        acc = x;
    }
    out += &format!("    return v{acc}\n}}\n");
    out
}

/// Disassembles `code` (Intel syntax, iced-x86), one instruction a line
/// with its offset.
pub fn disassemble(code: &[u8]) -> String {
    use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
    let mut decoder = Decoder::with_ip(64, code, 0, DecoderOptions::NONE);
    let mut fmt = IntelFormatter::new();
    fmt.options_mut().set_first_operand_char_index(8);
    fmt.options_mut().set_hex_prefix("0x");
    fmt.options_mut().set_hex_suffix("");
    fmt.options_mut().set_branch_leading_zeros(false);
    let mut out = String::new();
    let mut text = String::new();
    for inst in decoder.iter() {
        text.clear();
        fmt.format(&inst, &mut text);
        out += &format!("  {:04x}  {}\n", inst.ip(), text.trim_end());
    }
    out
}
