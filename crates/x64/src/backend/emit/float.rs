//! Instruction selection for `f32`/`f64` values (SSE2 scalar instructions).
//!
//! Float values live in XMM homes or 8-byte spill slots (an `f32` in the
//! low 4 bytes). Every operation computes in XMM0 (XMM1 for a second
//! constant operand) and stores to the result's home; integer results and
//! operands go through RAX/RCX as for integer instructions. Nothing here
//! touches a home other than the result's.
//!
//! | IR | x64 |
//! |---|---|
//! | `fadd`… | `addsd`/`addss` (…`subs?`, `muls?`, `divs?`) on XMM0 with the second operand from its home |
//! | `fneg` | `xorps` with the sign mask (built through RAX) |
//! | `frem` | `call [DblRem/FltRem cell]` with XMM0, XMM1 (a call point, not a safepoint) |
//! | `fcmp` | `ucomisd`/`ucomiss` (operands swapped for `lt le ugt uge`), then `seta`/`setae`/`setb`/`setbe`; `eq` = `sete & setnp`, `une` = `setne \| setp` (NaN sets ZF, PF and CF) |
//! | `fpromote`/`fdemote` | `cvtss2sd`/`cvtsd2ss` |
//! | `fcvt_from_sint` | `cvtsi2sd`/`cvtsi2ss` (32- or 64-bit source) |
//! | `fcvt_from_uint` | `i32`: zero-extend, 64-bit `cvtsi2s?`; `i64`: `cvtsi2sd`, `addsd 2^64` if the sign bit is set, `cvtsd2ss` for `f32` — .NET 8's sequence without AVX-512, valid only where AVX-512F is absent (a `Check_InstructionSetSupport` fixup, [`uint64_conversion_checks`]) |
//! | `fcvt_to_sint` | `cvttsd2si`/`cvttss2si` (32- or 64-bit destination: NaN and out of range give MIN, the IR's semantics) |
//! | `fcvt_to_u64` | `x < 2^63` (ordered) ? `cvttsd2si x` : `cvttsd2si(x - 2^63) ^ 2^63` — .NET 8's `JIT_Dbl2ULng` inline |
//!
//! Specification: Intel SDM Vol. 2 (`UCOMISD` flags: unordered ZF=PF=CF=1,
//! greater 000, less CF=1, equal ZF=1); semantics in `kiln_ir::instructions`.

use kiln_ir::{FBinaryOp, FConvOp, FUnaryOp, FloatCC, InstData, Type, Value};

use super::{BackendError, Emitter, Loc, Move, Src, RAX, RCX, XMM0};
use crate::asm::{Cond, Gpr, Mem, Rm, Xmm, XmmRm};
use crate::backend::imports::rem_helper;
use kiln_runtime_abi::isa::{self, IsaCheck};

/// The instruction-set condition under which `func`'s code computes what the
/// JIT would, or nothing if its code means the same on every x64 CPU.
///
/// .NET 8's JIT converts `uint64` to `float64`/`float32` differently
/// depending on the CPU (measured on 8.0.4, `DOTNET_EnableAVX512F=0` versus
/// an AVX-512 machine, `tests/programs/isa_conversions.cs`): with AVX-512F,
/// one correctly rounded `vcvtusi2sd`/`vcvtusi2ss`; without it
/// (`codegenxarch.cpp` `genIntToFloatCast`, `morph.cpp` `fgMorphExpandCast`
/// under `!compOpportunisticallyDependsOn(InstructionSet_AVX512F)`) the
/// signed `cvtsi2sd`, then `+ 2^64` when the sign bit is set, and for
/// `float32` through that `float64` — up to three roundings
/// (`(double)0x8000000000000401UL` = `0x43E0000000000000` against
/// `0x43E0000000000001`). No other conversion kiln emits differs (the same
/// measurement covers every `conv.*` between integers and floats at the
/// edge values; `double`→`uint64` stays the `JIT_Dbl2ULng` helper on both).
///
/// kiln emits the sequence without AVX-512 and, as crossgen2 does for the
/// same JIT decision (`CorInfoImpl.ReadyToRun.cs`: an instruction set the JIT
/// asked about and was told "unsupported" becomes a per-method
/// `Check_InstructionSetSupport` fixup), records "AVX-512F unsupported":
/// on an AVX-512 machine the runtime rejects the method and JIT-compiles it,
/// so it can never disagree with the JIT. The other choice — `vcvtusi2sd`
/// (EVEX) plus "AVX-512F supported" — would fall back on every CPU without
/// AVX-512 instead; crossgen2's default targets do not assume AVX-512 either
/// (CoreLib's `Convert.ToDouble(ulong)` gives the two-rounding answer on
/// every machine), and the baseline needs no EVEX encoder.
pub fn uint64_conversion_checks(func: &kiln_ir::Function) -> Vec<IsaCheck> {
    let converts_u64 = func.insts_in_layout().any(|(_, i)| match func.dfg.inst(i) {
        InstData::FConv {
            op: FConvOp::FcvtFromUint,
            arg,
            ..
        } => func.dfg.value_type(*arg) == Type::I64,
        _ => false,
    });
    if converts_u64 {
        isa::avx512f_unsupported()
    } else {
        Vec::new()
    }
}

const XMM1: Xmm = Xmm::ALL[1];
const R10: Gpr = Gpr::R10;

impl Emitter<'_> {
    /// Emits a move that reads or writes an XMM register; `None` (nothing
    /// emitted) if neither side is one.
    pub(super) fn move_xmm(&mut self, m: Move) -> Option<()> {
        match (m.dst, m.src) {
            (Loc::Xmm(d), Src::Loc(Loc::Xmm(s))) => {
                self.buf
                    .movaps_xmm_xmmm128(Xmm::ALL[d as usize], Xmm::ALL[s as usize]);
            }
            (Loc::Xmm(d), Src::Loc(Loc::Reg(s))) => {
                self.buf
                    .movq_xmm_rm64(Xmm::ALL[d as usize], Gpr::ALL[s as usize]);
            }
            (Loc::Xmm(d), Src::Loc(mem)) => {
                let m = self.frame.mem(mem).expect("memory location");
                self.buf.movsd_xmm_xmmm64(Xmm::ALL[d as usize], m);
            }
            (Loc::Xmm(d), Src::Const(c)) => {
                self.buf.mov_imm64(R10, c);
                self.buf.movq_xmm_rm64(Xmm::ALL[d as usize], R10);
            }
            (Loc::Reg(d), Src::Loc(Loc::Xmm(s))) => {
                self.buf
                    .movq_rm64_xmm(Gpr::ALL[d as usize], Xmm::ALL[s as usize]);
            }
            (mem, Src::Loc(Loc::Xmm(s))) => {
                let m = self.frame.mem(mem).expect("memory location");
                self.buf.movsd_xmmm64_xmm(m, Xmm::ALL[s as usize]);
            }
            _ => return None,
        }
        Some(())
    }

    /// The home of float `v` as an SSE operand.
    fn xoperand(&self, v: Value) -> XmmRm {
        match self.alloc.loc(v) {
            Loc::Xmm(r) => XmmRm::Reg(Xmm::ALL[r as usize]),
            other => XmmRm::Mem(self.frame.mem(other).expect("a float lives in memory")),
        }
    }

    /// `dst ← v` for a float `v`.
    pub(super) fn xload(&mut self, v: Value, dst: Xmm) {
        match self.xoperand(v) {
            XmmRm::Reg(r) if r == dst => {}
            XmmRm::Reg(r) => {
                self.buf.movaps_xmm_xmmm128(dst, r);
            }
            XmmRm::Mem(m) => {
                if self.ty(v) == Type::F32 {
                    self.buf.movss_xmm_xmmm32(dst, m);
                } else {
                    self.buf.movsd_xmm_xmmm64(dst, m);
                }
            }
        }
    }

    /// `home(v) ← src` for a float `v` (all 8 bytes of a spill slot).
    pub(super) fn xstore(&mut self, src: Xmm, v: Value) {
        match self.alloc.home[v] {
            None => {}
            Some(Loc::Xmm(r)) if Xmm::ALL[r as usize] == src => {}
            Some(Loc::Xmm(r)) => {
                self.buf.movaps_xmm_xmmm128(Xmm::ALL[r as usize], src);
            }
            Some(other) => {
                let m = self.frame.mem(other).expect("a float lives in memory");
                self.buf.movsd_xmmm64_xmm(m, src);
            }
        }
    }

    /// Builds the 64-bit pattern `bits` in `dst` through RAX.
    fn xconst(&mut self, dst: Xmm, bits: u64) {
        if bits == 0 {
            self.buf.xorps_xmm_xmmm128(dst, dst);
        } else {
            self.buf.mov_imm64(RAX, bits as i64);
            self.buf.movq_xmm_rm64(dst, RAX);
        }
    }

    /// Emits a float instruction whose result is `r`.
    pub(super) fn float_inst(&mut self, data: &InstData, r: Value) -> Result<(), BackendError> {
        match *data {
            InstData::F32const { bits } => {
                self.xconst(XMM0, u64::from(bits));
                self.xstore(XMM0, r);
            }
            InstData::F64const { bits } => {
                self.xconst(XMM0, bits);
                self.xstore(XMM0, r);
            }
            InstData::FUnary {
                op: FUnaryOp::Fneg,
                arg,
            } => {
                let mask = if self.ty(arg) == Type::F32 {
                    0x8000_0000
                } else {
                    0x8000_0000_0000_0000
                };
                self.xconst(XMM1, mask);
                self.xload(arg, XMM0);
                self.buf.xorps_xmm_xmmm128(XMM0, XMM1);
                self.xstore(XMM0, r);
            }
            InstData::FBinary {
                op: FBinaryOp::Frem,
                args: [a, b],
            } => {
                // The runtime's helper (SysV: XMM0, XMM1 → XMM0). It
                // clobbers the caller-saved registers (analysis counts it as
                // a call point); it is not a GC safepoint.
                self.xload(b, XMM1);
                self.xload(a, XMM0);
                self.call_helper(rem_helper(self.ty(a)));
                self.xstore(XMM0, r);
            }
            InstData::FBinary { op, args: [a, b] } => {
                if op == FBinaryOp::Frem {
                    return Err(BackendError::Internal(format!("{r}: frem not selected")));
                }
                let single = self.ty(a) == Type::F32;
                // Into the result's home register unless `b` lives there
                // (it may be `a`'s: `regalloc` ties a result to a first
                // operand that dies here).
                let dst = match self.alloc.home[r] {
                    Some(Loc::Xmm(x)) if self.alloc.home[b] != Some(Loc::Xmm(x)) => {
                        Xmm::ALL[x as usize]
                    }
                    _ => XMM0,
                };
                self.xload(a, dst);
                let rhs = self.xoperand(b);
                let buf = &mut self.buf;
                match (op, single) {
                    (FBinaryOp::Fadd, false) => buf.addsd_xmm_xmmm64(dst, rhs),
                    (FBinaryOp::Fadd, true) => buf.addss_xmm_xmmm32(dst, rhs),
                    (FBinaryOp::Fsub, false) => buf.subsd_xmm_xmmm64(dst, rhs),
                    (FBinaryOp::Fsub, true) => buf.subss_xmm_xmmm32(dst, rhs),
                    (FBinaryOp::Fmul, false) => buf.mulsd_xmm_xmmm64(dst, rhs),
                    (FBinaryOp::Fmul, true) => buf.mulss_xmm_xmmm32(dst, rhs),
                    (FBinaryOp::Fdiv | FBinaryOp::Frem, false) => buf.divsd_xmm_xmmm64(dst, rhs),
                    (FBinaryOp::Fdiv | FBinaryOp::Frem, true) => buf.divss_xmm_xmmm32(dst, rhs),
                };
                self.xstore(dst, r);
            }
            InstData::Fcmp { cond, args: [a, b] } => {
                // Conditions testing "less" compare the swapped operands so
                // every test reads "above"/"below", which NaN (CF=1) makes
                // false for ordered and true for unordered conditions.
                let swap = matches!(
                    cond,
                    FloatCC::Lt | FloatCC::Le | FloatCC::Ugt | FloatCC::Uge
                );
                let (x, y) = if swap { (b, a) } else { (a, b) };
                self.xload(x, XMM0);
                let rhs = self.xoperand(y);
                if self.ty(a) == Type::F32 {
                    self.buf.ucomiss_xmm_xmmm32(XMM0, rhs);
                } else {
                    self.buf.ucomisd_xmm_xmmm64(XMM0, rhs);
                }
                match cond {
                    FloatCC::Gt | FloatCC::Lt => self.buf.setcc(Cond::A, RAX),
                    FloatCC::Ge | FloatCC::Le => self.buf.setcc(Cond::Ae, RAX),
                    FloatCC::Ult | FloatCC::Ugt => self.buf.setcc(Cond::B, RAX),
                    FloatCC::Ule | FloatCC::Uge => self.buf.setcc(Cond::Be, RAX),
                    FloatCC::Eq => {
                        self.buf.setcc(Cond::E, RAX);
                        self.buf.setcc(Cond::Np, RCX);
                        self.buf.and_rm8_r8(RAX, RCX)
                    }
                    FloatCC::Une => {
                        self.buf.setcc(Cond::Ne, RAX);
                        self.buf.setcc(Cond::P, RCX);
                        self.buf.or_rm8_r8(RAX, RCX)
                    }
                };
                self.buf.movzx_r32_rm8(RAX, RAX);
                self.store(RAX, r);
            }
            InstData::FConv { op, arg, ty } => self.fconv(op, arg, ty, r)?,
            _ => {
                return Err(BackendError::Internal(format!(
                    "{r}: `{}` is not a float instruction",
                    data.opcode_name()
                )))
            }
        }
        Ok(())
    }

    fn fconv(&mut self, op: FConvOp, arg: Value, ty: Type, r: Value) -> Result<(), BackendError> {
        let from = self.ty(arg);
        let to_single = ty == Type::F32;
        match op {
            FConvOp::Fpromote => {
                let src = self.xoperand(arg);
                self.buf.cvtss2sd_xmm_xmmm32(XMM0, src);
                self.xstore(XMM0, r);
            }
            FConvOp::Fdemote => {
                let src = self.xoperand(arg);
                self.buf.cvtsd2ss_xmm_xmmm64(XMM0, src);
                self.xstore(XMM0, r);
            }
            FConvOp::FcvtFromSint | FConvOp::FcvtFromUint => {
                self.load(arg, RAX);
                // cvtsi2s* writes only the low lanes: clear the register
                // first (no false dependency on its old value).
                self.buf.xorps_xmm_xmmm128(XMM0, XMM0);
                let wide = from == Type::I64;
                match (op, wide) {
                    (FConvOp::FcvtFromSint, false) => self.cvtsi2(to_single, false, RAX),
                    (FConvOp::FcvtFromSint, true) => self.cvtsi2(to_single, true, RAX),
                    (_, false) => {
                        // Zero-extend, then a signed 64-bit conversion.
                        self.buf.mov_r32_rm32(RAX, RAX);
                        self.cvtsi2(to_single, true, RAX);
                    }
                    (_, true) => {
                        // .NET 8's sequence without AVX-512 (see
                        // `uint64_conversion_checks`): the signed
                        // conversion, plus 2^64 if the sign bit was set;
                        // to f32 through that f64.
                        let done = self.buf.new_label();
                        self.buf.cvtsi2sd_xmm_rm64(XMM0, RAX);
                        self.buf.test_rm64_r64(RAX, RAX);
                        self.buf.jcc(Cond::Ns, done);
                        self.xconst(XMM1, 0x43F0_0000_0000_0000); // 2^64
                        self.buf.addsd_xmm_xmmm64(XMM0, XMM1);
                        self.buf.bind(done);
                        if to_single {
                            self.buf.cvtsd2ss_xmm_xmmm64(XMM0, XMM0);
                        }
                    }
                }
                self.xstore(XMM0, r);
            }
            FConvOp::FcvtToSint => {
                let src = self.xoperand(arg);
                match (from == Type::F32, ty == Type::I64) {
                    (false, false) => self.buf.cvttsd2si_r32_xmmm64(RAX, src),
                    (false, true) => self.buf.cvttsd2si_r64_xmmm64(RAX, src),
                    (true, false) => self.buf.cvttss2si_r32_xmmm32(RAX, src),
                    (true, true) => self.buf.cvttss2si_r64_xmmm32(RAX, src),
                };
                self.store(RAX, r);
            }
            FConvOp::FcvtToU64 => {
                if from == Type::F32 {
                    let src = self.xoperand(arg);
                    self.buf.cvtss2sd_xmm_xmmm32(XMM0, src);
                } else {
                    self.xload(arg, XMM0);
                }
                self.xconst(XMM1, 0x43E0_0000_0000_0000); // 2^63
                let big = self.buf.new_label();
                let done = self.buf.new_label();
                self.buf.ucomisd_xmm_xmmm64(XMM0, XMM1);
                // Not (x < 2^63), NaN included, takes the second path.
                self.buf.jcc(Cond::P, big);
                self.buf.jcc(Cond::Ae, big);
                self.buf.cvttsd2si_r64_xmmm64(RAX, XMM0);
                self.buf.jmp(done);
                self.buf.bind(big);
                self.buf.subsd_xmm_xmmm64(XMM0, XMM1);
                self.buf.cvttsd2si_r64_xmmm64(RAX, XMM0);
                self.buf.mov_imm64(RCX, i64::MIN);
                self.buf.xor_r64_rm64(RAX, Rm::Reg(RCX));
                self.buf.bind(done);
                self.store(RAX, r);
            }
        }
        Ok(())
    }

    /// `r = load.ty [base + offset]` for a float type: `movss`/`movsd`.
    pub(super) fn float_load(&mut self, ty: Type, base: Value, offset: u32, r: Value) {
        let m = self.address(base, offset);
        self.float_load_mem(ty, m, r);
    }

    /// `r = [m]` for a float type (an IR stack slot or a computed address).
    pub(super) fn float_load_mem(&mut self, ty: Type, m: Mem, r: Value) {
        let dst = match self.alloc.home[r] {
            Some(Loc::Xmm(x)) => Xmm::ALL[x as usize],
            _ => XMM0,
        };
        if ty == Type::F32 {
            self.buf.movss_xmm_xmmm32(dst, m);
        } else {
            self.buf.movsd_xmm_xmmm64(dst, m);
        }
        self.xstore(dst, r);
    }

    /// `store v, [base + offset]` for a float `v` (4 bytes for `f32`).
    pub(super) fn float_store(&mut self, v: Value, base: Value, offset: u32) {
        self.xload(v, XMM0);
        let m = self.address(base, offset);
        self.float_store_at(v, m);
    }

    /// `[m] = v` for a float `v` (4 bytes for `f32`).
    pub(super) fn float_store_mem(&mut self, v: Value, m: Mem) {
        self.xload(v, XMM0);
        self.float_store_at(v, m);
    }

    fn float_store_at(&mut self, v: Value, m: Mem) {
        if self.ty(v) == Type::F32 {
            self.buf.movss_xmmm32_xmm(m, XMM0);
        } else {
            self.buf.movsd_xmmm64_xmm(m, XMM0);
        }
    }

    /// `cvtsi2sd`/`cvtsi2ss xmm0, src` from a 32- or 64-bit integer.
    fn cvtsi2(&mut self, to_single: bool, wide: bool, src: Gpr) {
        match (to_single, wide) {
            (false, false) => self.buf.cvtsi2sd_xmm_rm32(XMM0, src),
            (false, true) => self.buf.cvtsi2sd_xmm_rm64(XMM0, src),
            (true, false) => self.buf.cvtsi2ss_xmm_rm32(XMM0, src),
            (true, true) => self.buf.cvtsi2ss_xmm_rm64(XMM0, src),
        };
    }
}
