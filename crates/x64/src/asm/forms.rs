//! The encoding forms: one per iced-x86 `Code`, declared once in a table.
//!
//! Each line of the [`forms!`] table names a form exactly as iced-x86's
//! `Code` does (`Add_rm32_r32`), its method on [`CodeBuffer`]
//! (`add_rm32_r32`), its operands, and its encoding (one call to a template
//! of [`super::encode`]). From that one table the macro generates:
//! - [`Form`]: the list of forms, with [`Form::ALL`], [`Form::name`] and
//!   [`Form::operands`], so tests can check that every form is exercised;
//! - one `CodeBuffer` method per form (the backend's fast path);
//! - [`Inst`]: an instruction as data (form + operands), with
//!   [`CodeBuffer::emit`], [`Inst::new`] and [`Inst::operands`] for tools
//!   that treat every form alike (differential tests, fuzzing, benchmarks).
//!
//! Two prefixes are spelled into names because iced-x86 keeps them outside
//! its `Code`: `Lock_Cmpxchg_rm64_r64` is iced's `Cmpxchg_rm64_r64` with
//! `has_lock_prefix()`, and `Rep_Stosq_m64_RAX` is `Stosq_m64_RAX` with
//! `has_rep_prefix()`.
//!
//! `Jcc_rel8_64`/`Jmp_rel8_64` forms are *forced short* (an error at
//! `finish` if the label is out of reach); use [`CodeBuffer::jmp`] and
//! [`CodeBuffer::jcc`] to let relaxation choose. `rel32` forms never
//! shrink.
//!
//! Opcodes: Intel SDM Vol. 2 (instruction reference pages); the encoding
//! column of each line gives the opcode in SDM notation.

#![allow(non_camel_case_types)]

use super::buffer::{AsmError, CodeBuffer, InstId};
use super::encode::{op, op0f, Op};
use super::operand::{Cond, FromOperand, Gpr, Label, Mem, OpKind, Operand, Rel, Rm, Xmm, XmmRm};

macro_rules! forms {
    ($(
        #[doc = $doc:literal]
        $variant:ident => fn $method:ident(&mut $self:ident $(, $arg:ident: $ty:ident)*) $body:block
    )*) => {
        /// Every encoding form kiln can emit, named exactly as iced-x86's
        /// `Code` (with a `Lock_`/`Rep_` prefix where the form includes
        /// that prefix).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum Form {
            $(
                #[doc = concat!("`", stringify!($variant), "`: ", $doc)]
                $variant,
            )*
        }

        impl Form {
            /// All forms, in table order.
            pub const ALL: &'static [Form] = &[$(Form::$variant,)*];

            /// The form's name (the iced-x86 `Code` name, plus a
            /// `Lock_`/`Rep_` prefix where applicable).
            pub const fn name(self) -> &'static str {
                match self {
                    $(Form::$variant => stringify!($variant),)*
                }
            }

            /// The encoding in SDM notation (e.g. `REX.W 01 /r`).
            pub const fn encoding(self) -> &'static str {
                match self {
                    $(Form::$variant => $doc,)*
                }
            }

            /// The kinds of the form's explicit operands, in order.
            pub const fn operands(self) -> &'static [OpKind] {
                match self {
                    $(Form::$variant => &[$(<$ty as FromOperand>::KIND),*],)*
                }
            }
        }

        /// One instruction as data: a form and its operands.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Inst {
            $(
                #[doc = concat!("`", stringify!($variant), "`: ", $doc)]
                $variant($($ty),*),
            )*
        }

        impl Inst {
            /// The instruction's form.
            pub const fn form(&self) -> Form {
                match self {
                    $(Inst::$variant(..) => Form::$variant,)*
                }
            }

            /// The instruction's operands in the uniform representation.
            pub fn operands(&self) -> Vec<Operand> {
                match *self {
                    $(Inst::$variant($($arg),*) => vec![$(FromOperand::into_operand($arg)),*],)*
                }
            }

            /// Build an instruction from a form and operands; `None` if the
            /// operands do not match [`Form::operands`].
            pub fn new(form: Form, ops: &[Operand]) -> Option<Inst> {
                let mut it = ops.iter();
                let inst = match form {
                    $(Form::$variant => Inst::$variant($(<$ty as FromOperand>::from_operand(it.next()?)?),*),)*
                };
                if it.next().is_some() {
                    return None;
                }
                Some(inst)
            }
        }

        impl CodeBuffer {
            $(
                #[doc = concat!("Emit `", stringify!($variant), "` (", $doc, ").")]
                #[inline]
                pub fn $method(&mut $self $(, $arg: impl Into<$ty>)*) -> InstId {
                    $(let $arg: $ty = $arg.into();)*
                    $body
                }
            )*

            /// Emit an instruction given as data (dispatches to the form's
            /// method).
            pub fn emit(&mut self, inst: &Inst) -> InstId {
                match *inst {
                    $(Inst::$variant($($arg),*) => self.$method($($arg),*),)*
                }
            }
        }
    };
}

impl CodeBuffer {
    /// `xchg r, accumulator` in the one-byte `90+r` form; `r` = accumulator
    /// would decode as `nop`, so it is rejected.
    #[inline(always)]
    fn xchg_acc(&mut self, o: Op, src: Gpr) -> InstId {
        if src == Gpr::RAX {
            let inst = InstId(self.insts.len() as u32);
            self.set_error(AsmError::InvalidOperand {
                inst,
                reason: "xchg with the accumulator in the 90+r form encodes nop",
            });
        }
        self.e_o(o, src.0, 0, 0)
    }

    /// `setcc rm8` for a condition chosen at run time (`Sete_rm8` …).
    #[inline]
    pub fn setcc(&mut self, cc: Cond, dst: impl Into<Rm>) -> InstId {
        self.e_rm(op0f(0x90 + cc as u8).brm(), 0, dst.into(), 0, 0)
    }

    /// `cmovcc r32, rm32` for a condition chosen at run time.
    #[inline]
    pub fn cmovcc_r32_rm32(&mut self, cc: Cond, dst: Gpr, src: impl Into<Rm>) -> InstId {
        self.e_rm(op0f(0x40 + cc as u8), dst.0, src.into(), 0, 0)
    }

    /// `cmovcc r64, rm64` for a condition chosen at run time.
    #[inline]
    pub fn cmovcc_r64_rm64(&mut self, cc: Cond, dst: Gpr, src: impl Into<Rm>) -> InstId {
        self.e_rm(op0f(0x40 + cc as u8).w(), dst.0, src.into(), 0, 0)
    }

    /// `jcc rel32` (never relaxed) for a condition chosen at run time.
    #[inline]
    pub fn jcc_rel32(&mut self, cc: Cond, target: impl Into<Rel>) -> InstId {
        self.e_rel32(op0f(0x80 + cc as u8), target.into())
    }

    /// Load a 64-bit constant into `dst` with the shortest `mov`:
    /// `Mov_r32_imm32` (zero-extends) if it fits in `u32`,
    /// `Mov_rm64_imm32` (sign-extends) if it fits in `i32`, else
    /// `Mov_r64_imm64`. Flags are preserved.
    #[inline]
    pub fn mov_imm64(&mut self, dst: Gpr, value: i64) -> InstId {
        if value as u64 <= u32::MAX as u64 {
            self.mov_r32_imm32(dst, value as u32 as i32)
        } else if value as i32 as i64 == value {
            self.mov_rm64_imm32(dst, value as i32)
        } else {
            self.mov_r64_imm64(dst, value)
        }
    }
}

forms! {

    // ---- integer moves ----
    /// `88 /r`
    Mov_rm8_r8 => fn mov_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x88).b(), src.0, dst, 0, 0) }
    /// `66 89 /r`
    Mov_rm16_r16 => fn mov_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x89).p66(), src.0, dst, 0, 0) }
    /// `89 /r`
    Mov_rm32_r32 => fn mov_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x89), src.0, dst, 0, 0) }
    /// `REX.W 89 /r`
    Mov_rm64_r64 => fn mov_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x89).w(), src.0, dst, 0, 0) }
    /// `8A /r`
    Mov_r8_rm8 => fn mov_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x8A).b(), dst.0, src, 0, 0) }
    /// `66 8B /r`
    Mov_r16_rm16 => fn mov_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x8B).p66(), dst.0, src, 0, 0) }
    /// `8B /r`
    Mov_r32_rm32 => fn mov_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x8B), dst.0, src, 0, 0) }
    /// `REX.W 8B /r`
    Mov_r64_rm64 => fn mov_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x8B).w(), dst.0, src, 0, 0) }
    /// `B0+rb ib`
    Mov_r8_imm8 => fn mov_r8_imm8(&mut self, dst: Gpr, imm: i8) { self.e_o(op(0xB0).brm(), dst.0, imm as u8 as u64, 1) }
    /// `66 B8+rw iw`
    Mov_r16_imm16 => fn mov_r16_imm16(&mut self, dst: Gpr, imm: i16) { self.e_o(op(0xB8).p66(), dst.0, imm as u16 as u64, 2) }
    /// `B8+rd id`
    Mov_r32_imm32 => fn mov_r32_imm32(&mut self, dst: Gpr, imm: i32) { self.e_o(op(0xB8), dst.0, imm as u32 as u64, 4) }
    /// `REX.W B8+rd io`
    Mov_r64_imm64 => fn mov_r64_imm64(&mut self, dst: Gpr, imm: i64) { self.e_o(op(0xB8).w(), dst.0, imm as u64, 8) }
    /// `C6 /0 ib`
    Mov_rm8_imm8 => fn mov_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0xC6).brm(), 0, dst, imm as u8 as u64, 1) }
    /// `66 C7 /0 iw`
    Mov_rm16_imm16 => fn mov_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0xC7).p66(), 0, dst, imm as u16 as u64, 2) }
    /// `C7 /0 id`
    Mov_rm32_imm32 => fn mov_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0xC7), 0, dst, imm as u32 as u64, 4) }
    /// `REX.W C7 /0 id`
    Mov_rm64_imm32 => fn mov_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0xC7).w(), 0, dst, imm as u32 as u64, 4) }
    /// `66 0F B6 /r`
    Movzx_r16_rm8 => fn movzx_r16_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB6).p66().brm(), dst.0, src, 0, 0) }
    /// `0F B6 /r`
    Movzx_r32_rm8 => fn movzx_r32_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB6).brm(), dst.0, src, 0, 0) }
    /// `REX.W 0F B6 /r`
    Movzx_r64_rm8 => fn movzx_r64_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB6).w().brm(), dst.0, src, 0, 0) }
    /// `66 0F B7 /r`
    Movzx_r16_rm16 => fn movzx_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB7).p66(), dst.0, src, 0, 0) }
    /// `0F B7 /r`
    Movzx_r32_rm16 => fn movzx_r32_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB7), dst.0, src, 0, 0) }
    /// `REX.W 0F B7 /r`
    Movzx_r64_rm16 => fn movzx_r64_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB7).w(), dst.0, src, 0, 0) }
    /// `66 0F BE /r`
    Movsx_r16_rm8 => fn movsx_r16_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBE).p66().brm(), dst.0, src, 0, 0) }
    /// `0F BE /r`
    Movsx_r32_rm8 => fn movsx_r32_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBE).brm(), dst.0, src, 0, 0) }
    /// `REX.W 0F BE /r`
    Movsx_r64_rm8 => fn movsx_r64_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBE).w().brm(), dst.0, src, 0, 0) }
    /// `66 0F BF /r`
    Movsx_r16_rm16 => fn movsx_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBF).p66(), dst.0, src, 0, 0) }
    /// `0F BF /r`
    Movsx_r32_rm16 => fn movsx_r32_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBF), dst.0, src, 0, 0) }
    /// `REX.W 0F BF /r`
    Movsx_r64_rm16 => fn movsx_r64_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBF).w(), dst.0, src, 0, 0) }
    /// `REX.W 63 /r`
    Movsxd_r64_rm32 => fn movsxd_r64_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x63).w(), dst.0, src, 0, 0) }
    /// `66 8D /r`
    Lea_r16_m => fn lea_r16_m(&mut self, dst: Gpr, src: Mem) { self.e_rm(op(0x8D).p66(), dst.0, Rm::Mem(src), 0, 0) }
    /// `8D /r`
    Lea_r32_m => fn lea_r32_m(&mut self, dst: Gpr, src: Mem) { self.e_rm(op(0x8D), dst.0, Rm::Mem(src), 0, 0) }
    /// `REX.W 8D /r`
    Lea_r64_m => fn lea_r64_m(&mut self, dst: Gpr, src: Mem) { self.e_rm(op(0x8D).w(), dst.0, Rm::Mem(src), 0, 0) }

    // ---- ALU: add/or/adc/sbb/and/sub/xor/cmp ----
    /// `00 /r`
    Add_rm8_r8 => fn add_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x00).b(), src.0, dst, 0, 0) }
    /// `66 01 /r`
    Add_rm16_r16 => fn add_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x01).p66(), src.0, dst, 0, 0) }
    /// `01 /r`
    Add_rm32_r32 => fn add_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x01), src.0, dst, 0, 0) }
    /// `REX.W 01 /r`
    Add_rm64_r64 => fn add_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x01).w(), src.0, dst, 0, 0) }
    /// `02 /r`
    Add_r8_rm8 => fn add_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x02).b(), dst.0, src, 0, 0) }
    /// `66 03 /r`
    Add_r16_rm16 => fn add_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x03).p66(), dst.0, src, 0, 0) }
    /// `03 /r`
    Add_r32_rm32 => fn add_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x03), dst.0, src, 0, 0) }
    /// `REX.W 03 /r`
    Add_r64_rm64 => fn add_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x03).w(), dst.0, src, 0, 0) }
    /// `80 /0 ib`
    Add_rm8_imm8 => fn add_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x80).brm(), 0, dst, imm as u8 as u64, 1) }
    /// `66 81 /0 iw`
    Add_rm16_imm16 => fn add_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0x81).p66(), 0, dst, imm as u16 as u64, 2) }
    /// `81 /0 id`
    Add_rm32_imm32 => fn add_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81), 0, dst, imm as u32 as u64, 4) }
    /// `REX.W 81 /0 id`
    Add_rm64_imm32 => fn add_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81).w(), 0, dst, imm as u32 as u64, 4) }
    /// `66 83 /0 ib`
    Add_rm16_imm8 => fn add_rm16_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).p66(), 0, dst, imm as u8 as u64, 1) }
    /// `83 /0 ib`
    Add_rm32_imm8 => fn add_rm32_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83), 0, dst, imm as u8 as u64, 1) }
    /// `REX.W 83 /0 ib`
    Add_rm64_imm8 => fn add_rm64_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).w(), 0, dst, imm as u8 as u64, 1) }
    /// `04 ib`
    Add_AL_imm8 => fn add_al_imm8(&mut self, imm: i8) { self.e_zo(op(0x04), imm as u8 as u64, 1) }
    /// `66 05 iw`
    Add_AX_imm16 => fn add_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0x05).p66(), imm as u16 as u64, 2) }
    /// `05 id`
    Add_EAX_imm32 => fn add_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0x05), imm as u32 as u64, 4) }
    /// `REX.W 05 id`
    Add_RAX_imm32 => fn add_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0x05).w(), imm as u32 as u64, 4) }
    /// `08 /r`
    Or_rm8_r8 => fn or_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x08).b(), src.0, dst, 0, 0) }
    /// `66 09 /r`
    Or_rm16_r16 => fn or_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x09).p66(), src.0, dst, 0, 0) }
    /// `09 /r`
    Or_rm32_r32 => fn or_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x09), src.0, dst, 0, 0) }
    /// `REX.W 09 /r`
    Or_rm64_r64 => fn or_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x09).w(), src.0, dst, 0, 0) }
    /// `0A /r`
    Or_r8_rm8 => fn or_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x0A).b(), dst.0, src, 0, 0) }
    /// `66 0B /r`
    Or_r16_rm16 => fn or_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x0B).p66(), dst.0, src, 0, 0) }
    /// `0B /r`
    Or_r32_rm32 => fn or_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x0B), dst.0, src, 0, 0) }
    /// `REX.W 0B /r`
    Or_r64_rm64 => fn or_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x0B).w(), dst.0, src, 0, 0) }
    /// `80 /1 ib`
    Or_rm8_imm8 => fn or_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x80).brm(), 1, dst, imm as u8 as u64, 1) }
    /// `66 81 /1 iw`
    Or_rm16_imm16 => fn or_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0x81).p66(), 1, dst, imm as u16 as u64, 2) }
    /// `81 /1 id`
    Or_rm32_imm32 => fn or_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81), 1, dst, imm as u32 as u64, 4) }
    /// `REX.W 81 /1 id`
    Or_rm64_imm32 => fn or_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81).w(), 1, dst, imm as u32 as u64, 4) }
    /// `66 83 /1 ib`
    Or_rm16_imm8 => fn or_rm16_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).p66(), 1, dst, imm as u8 as u64, 1) }
    /// `83 /1 ib`
    Or_rm32_imm8 => fn or_rm32_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83), 1, dst, imm as u8 as u64, 1) }
    /// `REX.W 83 /1 ib`
    Or_rm64_imm8 => fn or_rm64_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).w(), 1, dst, imm as u8 as u64, 1) }
    /// `0C ib`
    Or_AL_imm8 => fn or_al_imm8(&mut self, imm: i8) { self.e_zo(op(0x0C), imm as u8 as u64, 1) }
    /// `66 0D iw`
    Or_AX_imm16 => fn or_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0x0D).p66(), imm as u16 as u64, 2) }
    /// `0D id`
    Or_EAX_imm32 => fn or_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0x0D), imm as u32 as u64, 4) }
    /// `REX.W 0D id`
    Or_RAX_imm32 => fn or_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0x0D).w(), imm as u32 as u64, 4) }
    /// `10 /r`
    Adc_rm8_r8 => fn adc_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x10).b(), src.0, dst, 0, 0) }
    /// `66 11 /r`
    Adc_rm16_r16 => fn adc_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x11).p66(), src.0, dst, 0, 0) }
    /// `11 /r`
    Adc_rm32_r32 => fn adc_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x11), src.0, dst, 0, 0) }
    /// `REX.W 11 /r`
    Adc_rm64_r64 => fn adc_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x11).w(), src.0, dst, 0, 0) }
    /// `12 /r`
    Adc_r8_rm8 => fn adc_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x12).b(), dst.0, src, 0, 0) }
    /// `66 13 /r`
    Adc_r16_rm16 => fn adc_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x13).p66(), dst.0, src, 0, 0) }
    /// `13 /r`
    Adc_r32_rm32 => fn adc_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x13), dst.0, src, 0, 0) }
    /// `REX.W 13 /r`
    Adc_r64_rm64 => fn adc_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x13).w(), dst.0, src, 0, 0) }
    /// `80 /2 ib`
    Adc_rm8_imm8 => fn adc_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x80).brm(), 2, dst, imm as u8 as u64, 1) }
    /// `66 81 /2 iw`
    Adc_rm16_imm16 => fn adc_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0x81).p66(), 2, dst, imm as u16 as u64, 2) }
    /// `81 /2 id`
    Adc_rm32_imm32 => fn adc_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81), 2, dst, imm as u32 as u64, 4) }
    /// `REX.W 81 /2 id`
    Adc_rm64_imm32 => fn adc_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81).w(), 2, dst, imm as u32 as u64, 4) }
    /// `66 83 /2 ib`
    Adc_rm16_imm8 => fn adc_rm16_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).p66(), 2, dst, imm as u8 as u64, 1) }
    /// `83 /2 ib`
    Adc_rm32_imm8 => fn adc_rm32_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83), 2, dst, imm as u8 as u64, 1) }
    /// `REX.W 83 /2 ib`
    Adc_rm64_imm8 => fn adc_rm64_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).w(), 2, dst, imm as u8 as u64, 1) }
    /// `14 ib`
    Adc_AL_imm8 => fn adc_al_imm8(&mut self, imm: i8) { self.e_zo(op(0x14), imm as u8 as u64, 1) }
    /// `66 15 iw`
    Adc_AX_imm16 => fn adc_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0x15).p66(), imm as u16 as u64, 2) }
    /// `15 id`
    Adc_EAX_imm32 => fn adc_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0x15), imm as u32 as u64, 4) }
    /// `REX.W 15 id`
    Adc_RAX_imm32 => fn adc_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0x15).w(), imm as u32 as u64, 4) }
    /// `18 /r`
    Sbb_rm8_r8 => fn sbb_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x18).b(), src.0, dst, 0, 0) }
    /// `66 19 /r`
    Sbb_rm16_r16 => fn sbb_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x19).p66(), src.0, dst, 0, 0) }
    /// `19 /r`
    Sbb_rm32_r32 => fn sbb_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x19), src.0, dst, 0, 0) }
    /// `REX.W 19 /r`
    Sbb_rm64_r64 => fn sbb_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x19).w(), src.0, dst, 0, 0) }
    /// `1A /r`
    Sbb_r8_rm8 => fn sbb_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x1A).b(), dst.0, src, 0, 0) }
    /// `66 1B /r`
    Sbb_r16_rm16 => fn sbb_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x1B).p66(), dst.0, src, 0, 0) }
    /// `1B /r`
    Sbb_r32_rm32 => fn sbb_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x1B), dst.0, src, 0, 0) }
    /// `REX.W 1B /r`
    Sbb_r64_rm64 => fn sbb_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x1B).w(), dst.0, src, 0, 0) }
    /// `80 /3 ib`
    Sbb_rm8_imm8 => fn sbb_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x80).brm(), 3, dst, imm as u8 as u64, 1) }
    /// `66 81 /3 iw`
    Sbb_rm16_imm16 => fn sbb_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0x81).p66(), 3, dst, imm as u16 as u64, 2) }
    /// `81 /3 id`
    Sbb_rm32_imm32 => fn sbb_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81), 3, dst, imm as u32 as u64, 4) }
    /// `REX.W 81 /3 id`
    Sbb_rm64_imm32 => fn sbb_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81).w(), 3, dst, imm as u32 as u64, 4) }
    /// `66 83 /3 ib`
    Sbb_rm16_imm8 => fn sbb_rm16_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).p66(), 3, dst, imm as u8 as u64, 1) }
    /// `83 /3 ib`
    Sbb_rm32_imm8 => fn sbb_rm32_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83), 3, dst, imm as u8 as u64, 1) }
    /// `REX.W 83 /3 ib`
    Sbb_rm64_imm8 => fn sbb_rm64_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).w(), 3, dst, imm as u8 as u64, 1) }
    /// `1C ib`
    Sbb_AL_imm8 => fn sbb_al_imm8(&mut self, imm: i8) { self.e_zo(op(0x1C), imm as u8 as u64, 1) }
    /// `66 1D iw`
    Sbb_AX_imm16 => fn sbb_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0x1D).p66(), imm as u16 as u64, 2) }
    /// `1D id`
    Sbb_EAX_imm32 => fn sbb_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0x1D), imm as u32 as u64, 4) }
    /// `REX.W 1D id`
    Sbb_RAX_imm32 => fn sbb_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0x1D).w(), imm as u32 as u64, 4) }
    /// `20 /r`
    And_rm8_r8 => fn and_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x20).b(), src.0, dst, 0, 0) }
    /// `66 21 /r`
    And_rm16_r16 => fn and_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x21).p66(), src.0, dst, 0, 0) }
    /// `21 /r`
    And_rm32_r32 => fn and_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x21), src.0, dst, 0, 0) }
    /// `REX.W 21 /r`
    And_rm64_r64 => fn and_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x21).w(), src.0, dst, 0, 0) }
    /// `22 /r`
    And_r8_rm8 => fn and_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x22).b(), dst.0, src, 0, 0) }
    /// `66 23 /r`
    And_r16_rm16 => fn and_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x23).p66(), dst.0, src, 0, 0) }
    /// `23 /r`
    And_r32_rm32 => fn and_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x23), dst.0, src, 0, 0) }
    /// `REX.W 23 /r`
    And_r64_rm64 => fn and_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x23).w(), dst.0, src, 0, 0) }
    /// `80 /4 ib`
    And_rm8_imm8 => fn and_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x80).brm(), 4, dst, imm as u8 as u64, 1) }
    /// `66 81 /4 iw`
    And_rm16_imm16 => fn and_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0x81).p66(), 4, dst, imm as u16 as u64, 2) }
    /// `81 /4 id`
    And_rm32_imm32 => fn and_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81), 4, dst, imm as u32 as u64, 4) }
    /// `REX.W 81 /4 id`
    And_rm64_imm32 => fn and_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81).w(), 4, dst, imm as u32 as u64, 4) }
    /// `66 83 /4 ib`
    And_rm16_imm8 => fn and_rm16_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).p66(), 4, dst, imm as u8 as u64, 1) }
    /// `83 /4 ib`
    And_rm32_imm8 => fn and_rm32_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83), 4, dst, imm as u8 as u64, 1) }
    /// `REX.W 83 /4 ib`
    And_rm64_imm8 => fn and_rm64_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).w(), 4, dst, imm as u8 as u64, 1) }
    /// `24 ib`
    And_AL_imm8 => fn and_al_imm8(&mut self, imm: i8) { self.e_zo(op(0x24), imm as u8 as u64, 1) }
    /// `66 25 iw`
    And_AX_imm16 => fn and_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0x25).p66(), imm as u16 as u64, 2) }
    /// `25 id`
    And_EAX_imm32 => fn and_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0x25), imm as u32 as u64, 4) }
    /// `REX.W 25 id`
    And_RAX_imm32 => fn and_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0x25).w(), imm as u32 as u64, 4) }
    /// `28 /r`
    Sub_rm8_r8 => fn sub_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x28).b(), src.0, dst, 0, 0) }
    /// `66 29 /r`
    Sub_rm16_r16 => fn sub_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x29).p66(), src.0, dst, 0, 0) }
    /// `29 /r`
    Sub_rm32_r32 => fn sub_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x29), src.0, dst, 0, 0) }
    /// `REX.W 29 /r`
    Sub_rm64_r64 => fn sub_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x29).w(), src.0, dst, 0, 0) }
    /// `2A /r`
    Sub_r8_rm8 => fn sub_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x2A).b(), dst.0, src, 0, 0) }
    /// `66 2B /r`
    Sub_r16_rm16 => fn sub_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x2B).p66(), dst.0, src, 0, 0) }
    /// `2B /r`
    Sub_r32_rm32 => fn sub_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x2B), dst.0, src, 0, 0) }
    /// `REX.W 2B /r`
    Sub_r64_rm64 => fn sub_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x2B).w(), dst.0, src, 0, 0) }
    /// `80 /5 ib`
    Sub_rm8_imm8 => fn sub_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x80).brm(), 5, dst, imm as u8 as u64, 1) }
    /// `66 81 /5 iw`
    Sub_rm16_imm16 => fn sub_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0x81).p66(), 5, dst, imm as u16 as u64, 2) }
    /// `81 /5 id`
    Sub_rm32_imm32 => fn sub_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81), 5, dst, imm as u32 as u64, 4) }
    /// `REX.W 81 /5 id`
    Sub_rm64_imm32 => fn sub_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81).w(), 5, dst, imm as u32 as u64, 4) }
    /// `66 83 /5 ib`
    Sub_rm16_imm8 => fn sub_rm16_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).p66(), 5, dst, imm as u8 as u64, 1) }
    /// `83 /5 ib`
    Sub_rm32_imm8 => fn sub_rm32_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83), 5, dst, imm as u8 as u64, 1) }
    /// `REX.W 83 /5 ib`
    Sub_rm64_imm8 => fn sub_rm64_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).w(), 5, dst, imm as u8 as u64, 1) }
    /// `2C ib`
    Sub_AL_imm8 => fn sub_al_imm8(&mut self, imm: i8) { self.e_zo(op(0x2C), imm as u8 as u64, 1) }
    /// `66 2D iw`
    Sub_AX_imm16 => fn sub_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0x2D).p66(), imm as u16 as u64, 2) }
    /// `2D id`
    Sub_EAX_imm32 => fn sub_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0x2D), imm as u32 as u64, 4) }
    /// `REX.W 2D id`
    Sub_RAX_imm32 => fn sub_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0x2D).w(), imm as u32 as u64, 4) }
    /// `30 /r`
    Xor_rm8_r8 => fn xor_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x30).b(), src.0, dst, 0, 0) }
    /// `66 31 /r`
    Xor_rm16_r16 => fn xor_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x31).p66(), src.0, dst, 0, 0) }
    /// `31 /r`
    Xor_rm32_r32 => fn xor_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x31), src.0, dst, 0, 0) }
    /// `REX.W 31 /r`
    Xor_rm64_r64 => fn xor_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x31).w(), src.0, dst, 0, 0) }
    /// `32 /r`
    Xor_r8_rm8 => fn xor_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x32).b(), dst.0, src, 0, 0) }
    /// `66 33 /r`
    Xor_r16_rm16 => fn xor_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x33).p66(), dst.0, src, 0, 0) }
    /// `33 /r`
    Xor_r32_rm32 => fn xor_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x33), dst.0, src, 0, 0) }
    /// `REX.W 33 /r`
    Xor_r64_rm64 => fn xor_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x33).w(), dst.0, src, 0, 0) }
    /// `80 /6 ib`
    Xor_rm8_imm8 => fn xor_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x80).brm(), 6, dst, imm as u8 as u64, 1) }
    /// `66 81 /6 iw`
    Xor_rm16_imm16 => fn xor_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0x81).p66(), 6, dst, imm as u16 as u64, 2) }
    /// `81 /6 id`
    Xor_rm32_imm32 => fn xor_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81), 6, dst, imm as u32 as u64, 4) }
    /// `REX.W 81 /6 id`
    Xor_rm64_imm32 => fn xor_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81).w(), 6, dst, imm as u32 as u64, 4) }
    /// `66 83 /6 ib`
    Xor_rm16_imm8 => fn xor_rm16_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).p66(), 6, dst, imm as u8 as u64, 1) }
    /// `83 /6 ib`
    Xor_rm32_imm8 => fn xor_rm32_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83), 6, dst, imm as u8 as u64, 1) }
    /// `REX.W 83 /6 ib`
    Xor_rm64_imm8 => fn xor_rm64_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).w(), 6, dst, imm as u8 as u64, 1) }
    /// `34 ib`
    Xor_AL_imm8 => fn xor_al_imm8(&mut self, imm: i8) { self.e_zo(op(0x34), imm as u8 as u64, 1) }
    /// `66 35 iw`
    Xor_AX_imm16 => fn xor_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0x35).p66(), imm as u16 as u64, 2) }
    /// `35 id`
    Xor_EAX_imm32 => fn xor_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0x35), imm as u32 as u64, 4) }
    /// `REX.W 35 id`
    Xor_RAX_imm32 => fn xor_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0x35).w(), imm as u32 as u64, 4) }
    /// `38 /r`
    Cmp_rm8_r8 => fn cmp_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x38).b(), src.0, dst, 0, 0) }
    /// `66 39 /r`
    Cmp_rm16_r16 => fn cmp_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x39).p66(), src.0, dst, 0, 0) }
    /// `39 /r`
    Cmp_rm32_r32 => fn cmp_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x39), src.0, dst, 0, 0) }
    /// `REX.W 39 /r`
    Cmp_rm64_r64 => fn cmp_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x39).w(), src.0, dst, 0, 0) }
    /// `3A /r`
    Cmp_r8_rm8 => fn cmp_r8_rm8(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x3A).b(), dst.0, src, 0, 0) }
    /// `66 3B /r`
    Cmp_r16_rm16 => fn cmp_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x3B).p66(), dst.0, src, 0, 0) }
    /// `3B /r`
    Cmp_r32_rm32 => fn cmp_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x3B), dst.0, src, 0, 0) }
    /// `REX.W 3B /r`
    Cmp_r64_rm64 => fn cmp_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op(0x3B).w(), dst.0, src, 0, 0) }
    /// `80 /7 ib`
    Cmp_rm8_imm8 => fn cmp_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x80).brm(), 7, dst, imm as u8 as u64, 1) }
    /// `66 81 /7 iw`
    Cmp_rm16_imm16 => fn cmp_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0x81).p66(), 7, dst, imm as u16 as u64, 2) }
    /// `81 /7 id`
    Cmp_rm32_imm32 => fn cmp_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81), 7, dst, imm as u32 as u64, 4) }
    /// `REX.W 81 /7 id`
    Cmp_rm64_imm32 => fn cmp_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0x81).w(), 7, dst, imm as u32 as u64, 4) }
    /// `66 83 /7 ib`
    Cmp_rm16_imm8 => fn cmp_rm16_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).p66(), 7, dst, imm as u8 as u64, 1) }
    /// `83 /7 ib`
    Cmp_rm32_imm8 => fn cmp_rm32_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83), 7, dst, imm as u8 as u64, 1) }
    /// `REX.W 83 /7 ib`
    Cmp_rm64_imm8 => fn cmp_rm64_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0x83).w(), 7, dst, imm as u8 as u64, 1) }
    /// `3C ib`
    Cmp_AL_imm8 => fn cmp_al_imm8(&mut self, imm: i8) { self.e_zo(op(0x3C), imm as u8 as u64, 1) }
    /// `66 3D iw`
    Cmp_AX_imm16 => fn cmp_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0x3D).p66(), imm as u16 as u64, 2) }
    /// `3D id`
    Cmp_EAX_imm32 => fn cmp_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0x3D), imm as u32 as u64, 4) }
    /// `REX.W 3D id`
    Cmp_RAX_imm32 => fn cmp_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0x3D).w(), imm as u32 as u64, 4) }

    // ---- test ----
    /// `84 /r`
    Test_rm8_r8 => fn test_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x84).b(), src.0, dst, 0, 0) }
    /// `66 85 /r`
    Test_rm16_r16 => fn test_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x85).p66(), src.0, dst, 0, 0) }
    /// `85 /r`
    Test_rm32_r32 => fn test_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x85), src.0, dst, 0, 0) }
    /// `REX.W 85 /r`
    Test_rm64_r64 => fn test_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x85).w(), src.0, dst, 0, 0) }
    /// `F6 /0 ib`
    Test_rm8_imm8 => fn test_rm8_imm8(&mut self, dst: Rm, imm: i8) { self.e_rm(op(0xF6).brm(), 0, dst, imm as u8 as u64, 1) }
    /// `66 F7 /0 iw`
    Test_rm16_imm16 => fn test_rm16_imm16(&mut self, dst: Rm, imm: i16) { self.e_rm(op(0xF7).p66(), 0, dst, imm as u16 as u64, 2) }
    /// `F7 /0 id`
    Test_rm32_imm32 => fn test_rm32_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0xF7), 0, dst, imm as u32 as u64, 4) }
    /// `REX.W F7 /0 id`
    Test_rm64_imm32 => fn test_rm64_imm32(&mut self, dst: Rm, imm: i32) { self.e_rm(op(0xF7).w(), 0, dst, imm as u32 as u64, 4) }
    /// `A8 ib`
    Test_AL_imm8 => fn test_al_imm8(&mut self, imm: i8) { self.e_zo(op(0xA8), imm as u8 as u64, 1) }
    /// `66 A9 iw`
    Test_AX_imm16 => fn test_ax_imm16(&mut self, imm: i16) { self.e_zo(op(0xA9).p66(), imm as u16 as u64, 2) }
    /// `A9 id`
    Test_EAX_imm32 => fn test_eax_imm32(&mut self, imm: i32) { self.e_zo(op(0xA9), imm as u32 as u64, 4) }
    /// `REX.W A9 id`
    Test_RAX_imm32 => fn test_rax_imm32(&mut self, imm: i32) { self.e_zo(op(0xA9).w(), imm as u32 as u64, 4) }

    // ---- unary: inc/dec/not/neg/mul/imul/div/idiv ----
    /// `FE /0`
    Inc_rm8 => fn inc_rm8(&mut self, dst: Rm) { self.e_rm(op(0xFE).brm(), 0, dst, 0, 0) }
    /// `66 FF /0`
    Inc_rm16 => fn inc_rm16(&mut self, dst: Rm) { self.e_rm(op(0xFF).p66(), 0, dst, 0, 0) }
    /// `FF /0`
    Inc_rm32 => fn inc_rm32(&mut self, dst: Rm) { self.e_rm(op(0xFF), 0, dst, 0, 0) }
    /// `REX.W FF /0`
    Inc_rm64 => fn inc_rm64(&mut self, dst: Rm) { self.e_rm(op(0xFF).w(), 0, dst, 0, 0) }
    /// `FE /1`
    Dec_rm8 => fn dec_rm8(&mut self, dst: Rm) { self.e_rm(op(0xFE).brm(), 1, dst, 0, 0) }
    /// `66 FF /1`
    Dec_rm16 => fn dec_rm16(&mut self, dst: Rm) { self.e_rm(op(0xFF).p66(), 1, dst, 0, 0) }
    /// `FF /1`
    Dec_rm32 => fn dec_rm32(&mut self, dst: Rm) { self.e_rm(op(0xFF), 1, dst, 0, 0) }
    /// `REX.W FF /1`
    Dec_rm64 => fn dec_rm64(&mut self, dst: Rm) { self.e_rm(op(0xFF).w(), 1, dst, 0, 0) }
    /// `F6 /2`
    Not_rm8 => fn not_rm8(&mut self, dst: Rm) { self.e_rm(op(0xF6).brm(), 2, dst, 0, 0) }
    /// `66 F7 /2`
    Not_rm16 => fn not_rm16(&mut self, dst: Rm) { self.e_rm(op(0xF7).p66(), 2, dst, 0, 0) }
    /// `F7 /2`
    Not_rm32 => fn not_rm32(&mut self, dst: Rm) { self.e_rm(op(0xF7), 2, dst, 0, 0) }
    /// `REX.W F7 /2`
    Not_rm64 => fn not_rm64(&mut self, dst: Rm) { self.e_rm(op(0xF7).w(), 2, dst, 0, 0) }
    /// `F6 /3`
    Neg_rm8 => fn neg_rm8(&mut self, dst: Rm) { self.e_rm(op(0xF6).brm(), 3, dst, 0, 0) }
    /// `66 F7 /3`
    Neg_rm16 => fn neg_rm16(&mut self, dst: Rm) { self.e_rm(op(0xF7).p66(), 3, dst, 0, 0) }
    /// `F7 /3`
    Neg_rm32 => fn neg_rm32(&mut self, dst: Rm) { self.e_rm(op(0xF7), 3, dst, 0, 0) }
    /// `REX.W F7 /3`
    Neg_rm64 => fn neg_rm64(&mut self, dst: Rm) { self.e_rm(op(0xF7).w(), 3, dst, 0, 0) }
    /// `F6 /4`
    Mul_rm8 => fn mul_rm8(&mut self, dst: Rm) { self.e_rm(op(0xF6).brm(), 4, dst, 0, 0) }
    /// `66 F7 /4`
    Mul_rm16 => fn mul_rm16(&mut self, dst: Rm) { self.e_rm(op(0xF7).p66(), 4, dst, 0, 0) }
    /// `F7 /4`
    Mul_rm32 => fn mul_rm32(&mut self, dst: Rm) { self.e_rm(op(0xF7), 4, dst, 0, 0) }
    /// `REX.W F7 /4`
    Mul_rm64 => fn mul_rm64(&mut self, dst: Rm) { self.e_rm(op(0xF7).w(), 4, dst, 0, 0) }
    /// `F6 /5`
    Imul_rm8 => fn imul_rm8(&mut self, dst: Rm) { self.e_rm(op(0xF6).brm(), 5, dst, 0, 0) }
    /// `66 F7 /5`
    Imul_rm16 => fn imul_rm16(&mut self, dst: Rm) { self.e_rm(op(0xF7).p66(), 5, dst, 0, 0) }
    /// `F7 /5`
    Imul_rm32 => fn imul_rm32(&mut self, dst: Rm) { self.e_rm(op(0xF7), 5, dst, 0, 0) }
    /// `REX.W F7 /5`
    Imul_rm64 => fn imul_rm64(&mut self, dst: Rm) { self.e_rm(op(0xF7).w(), 5, dst, 0, 0) }
    /// `F6 /6`
    Div_rm8 => fn div_rm8(&mut self, dst: Rm) { self.e_rm(op(0xF6).brm(), 6, dst, 0, 0) }
    /// `66 F7 /6`
    Div_rm16 => fn div_rm16(&mut self, dst: Rm) { self.e_rm(op(0xF7).p66(), 6, dst, 0, 0) }
    /// `F7 /6`
    Div_rm32 => fn div_rm32(&mut self, dst: Rm) { self.e_rm(op(0xF7), 6, dst, 0, 0) }
    /// `REX.W F7 /6`
    Div_rm64 => fn div_rm64(&mut self, dst: Rm) { self.e_rm(op(0xF7).w(), 6, dst, 0, 0) }
    /// `F6 /7`
    Idiv_rm8 => fn idiv_rm8(&mut self, dst: Rm) { self.e_rm(op(0xF6).brm(), 7, dst, 0, 0) }
    /// `66 F7 /7`
    Idiv_rm16 => fn idiv_rm16(&mut self, dst: Rm) { self.e_rm(op(0xF7).p66(), 7, dst, 0, 0) }
    /// `F7 /7`
    Idiv_rm32 => fn idiv_rm32(&mut self, dst: Rm) { self.e_rm(op(0xF7), 7, dst, 0, 0) }
    /// `REX.W F7 /7`
    Idiv_rm64 => fn idiv_rm64(&mut self, dst: Rm) { self.e_rm(op(0xF7).w(), 7, dst, 0, 0) }

    // ---- imul (two and three operands) ----
    /// `66 0F AF /r`
    Imul_r16_rm16 => fn imul_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xAF).p66(), dst.0, src, 0, 0) }
    /// `0F AF /r`
    Imul_r32_rm32 => fn imul_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xAF), dst.0, src, 0, 0) }
    /// `REX.W 0F AF /r`
    Imul_r64_rm64 => fn imul_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xAF).w(), dst.0, src, 0, 0) }
    /// `66 69 /r iw`
    Imul_r16_rm16_imm16 => fn imul_r16_rm16_imm16(&mut self, dst: Gpr, src: Rm, imm: i16) { self.e_rm(op(0x69).p66(), dst.0, src, imm as u16 as u64, 2) }
    /// `69 /r id`
    Imul_r32_rm32_imm32 => fn imul_r32_rm32_imm32(&mut self, dst: Gpr, src: Rm, imm: i32) { self.e_rm(op(0x69), dst.0, src, imm as u32 as u64, 4) }
    /// `REX.W 69 /r id`
    Imul_r64_rm64_imm32 => fn imul_r64_rm64_imm32(&mut self, dst: Gpr, src: Rm, imm: i32) { self.e_rm(op(0x69).w(), dst.0, src, imm as u32 as u64, 4) }
    /// `66 6B /r ib`
    Imul_r16_rm16_imm8 => fn imul_r16_rm16_imm8(&mut self, dst: Gpr, src: Rm, imm: i8) { self.e_rm(op(0x6B).p66(), dst.0, src, imm as u8 as u64, 1) }
    /// `6B /r ib`
    Imul_r32_rm32_imm8 => fn imul_r32_rm32_imm8(&mut self, dst: Gpr, src: Rm, imm: i8) { self.e_rm(op(0x6B), dst.0, src, imm as u8 as u64, 1) }
    /// `REX.W 6B /r ib`
    Imul_r64_rm64_imm8 => fn imul_r64_rm64_imm8(&mut self, dst: Gpr, src: Rm, imm: i8) { self.e_rm(op(0x6B).w(), dst.0, src, imm as u8 as u64, 1) }

    // ---- sign extension of the accumulator ----
    /// `66 98`
    Cbw => fn cbw(&mut self) { self.e_zo(op(0x98).p66(), 0, 0) }
    /// `98`
    Cwde => fn cwde(&mut self) { self.e_zo(op(0x98), 0, 0) }
    /// `REX.W 98`
    Cdqe => fn cdqe(&mut self) { self.e_zo(op(0x98).w(), 0, 0) }
    /// `66 99`
    Cwd => fn cwd(&mut self) { self.e_zo(op(0x99).p66(), 0, 0) }
    /// `99`
    Cdq => fn cdq(&mut self) { self.e_zo(op(0x99), 0, 0) }
    /// `REX.W 99`
    Cqo => fn cqo(&mut self) { self.e_zo(op(0x99).w(), 0, 0) }

    // ---- shifts and rotates ----
    /// `D0 /0`
    Rol_rm8_1 => fn rol_rm8_1(&mut self, dst: Rm) { self.e_rm(op(0xD0).brm(), 0, dst, 0, 0) }
    /// `66 D1 /0`
    Rol_rm16_1 => fn rol_rm16_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).p66(), 0, dst, 0, 0) }
    /// `D1 /0`
    Rol_rm32_1 => fn rol_rm32_1(&mut self, dst: Rm) { self.e_rm(op(0xD1), 0, dst, 0, 0) }
    /// `REX.W D1 /0`
    Rol_rm64_1 => fn rol_rm64_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).w(), 0, dst, 0, 0) }
    /// `D2 /0`
    Rol_rm8_CL => fn rol_rm8_cl(&mut self, dst: Rm) { self.e_rm(op(0xD2).brm(), 0, dst, 0, 0) }
    /// `66 D3 /0`
    Rol_rm16_CL => fn rol_rm16_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).p66(), 0, dst, 0, 0) }
    /// `D3 /0`
    Rol_rm32_CL => fn rol_rm32_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3), 0, dst, 0, 0) }
    /// `REX.W D3 /0`
    Rol_rm64_CL => fn rol_rm64_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).w(), 0, dst, 0, 0) }
    /// `C0 /0 ib`
    Rol_rm8_imm8 => fn rol_rm8_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC0).brm(), 0, dst, imm as u64, 1) }
    /// `66 C1 /0 ib`
    Rol_rm16_imm8 => fn rol_rm16_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).p66(), 0, dst, imm as u64, 1) }
    /// `C1 /0 ib`
    Rol_rm32_imm8 => fn rol_rm32_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1), 0, dst, imm as u64, 1) }
    /// `REX.W C1 /0 ib`
    Rol_rm64_imm8 => fn rol_rm64_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).w(), 0, dst, imm as u64, 1) }
    /// `D0 /1`
    Ror_rm8_1 => fn ror_rm8_1(&mut self, dst: Rm) { self.e_rm(op(0xD0).brm(), 1, dst, 0, 0) }
    /// `66 D1 /1`
    Ror_rm16_1 => fn ror_rm16_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).p66(), 1, dst, 0, 0) }
    /// `D1 /1`
    Ror_rm32_1 => fn ror_rm32_1(&mut self, dst: Rm) { self.e_rm(op(0xD1), 1, dst, 0, 0) }
    /// `REX.W D1 /1`
    Ror_rm64_1 => fn ror_rm64_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).w(), 1, dst, 0, 0) }
    /// `D2 /1`
    Ror_rm8_CL => fn ror_rm8_cl(&mut self, dst: Rm) { self.e_rm(op(0xD2).brm(), 1, dst, 0, 0) }
    /// `66 D3 /1`
    Ror_rm16_CL => fn ror_rm16_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).p66(), 1, dst, 0, 0) }
    /// `D3 /1`
    Ror_rm32_CL => fn ror_rm32_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3), 1, dst, 0, 0) }
    /// `REX.W D3 /1`
    Ror_rm64_CL => fn ror_rm64_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).w(), 1, dst, 0, 0) }
    /// `C0 /1 ib`
    Ror_rm8_imm8 => fn ror_rm8_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC0).brm(), 1, dst, imm as u64, 1) }
    /// `66 C1 /1 ib`
    Ror_rm16_imm8 => fn ror_rm16_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).p66(), 1, dst, imm as u64, 1) }
    /// `C1 /1 ib`
    Ror_rm32_imm8 => fn ror_rm32_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1), 1, dst, imm as u64, 1) }
    /// `REX.W C1 /1 ib`
    Ror_rm64_imm8 => fn ror_rm64_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).w(), 1, dst, imm as u64, 1) }
    /// `D0 /2`
    Rcl_rm8_1 => fn rcl_rm8_1(&mut self, dst: Rm) { self.e_rm(op(0xD0).brm(), 2, dst, 0, 0) }
    /// `66 D1 /2`
    Rcl_rm16_1 => fn rcl_rm16_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).p66(), 2, dst, 0, 0) }
    /// `D1 /2`
    Rcl_rm32_1 => fn rcl_rm32_1(&mut self, dst: Rm) { self.e_rm(op(0xD1), 2, dst, 0, 0) }
    /// `REX.W D1 /2`
    Rcl_rm64_1 => fn rcl_rm64_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).w(), 2, dst, 0, 0) }
    /// `D2 /2`
    Rcl_rm8_CL => fn rcl_rm8_cl(&mut self, dst: Rm) { self.e_rm(op(0xD2).brm(), 2, dst, 0, 0) }
    /// `66 D3 /2`
    Rcl_rm16_CL => fn rcl_rm16_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).p66(), 2, dst, 0, 0) }
    /// `D3 /2`
    Rcl_rm32_CL => fn rcl_rm32_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3), 2, dst, 0, 0) }
    /// `REX.W D3 /2`
    Rcl_rm64_CL => fn rcl_rm64_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).w(), 2, dst, 0, 0) }
    /// `C0 /2 ib`
    Rcl_rm8_imm8 => fn rcl_rm8_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC0).brm(), 2, dst, imm as u64, 1) }
    /// `66 C1 /2 ib`
    Rcl_rm16_imm8 => fn rcl_rm16_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).p66(), 2, dst, imm as u64, 1) }
    /// `C1 /2 ib`
    Rcl_rm32_imm8 => fn rcl_rm32_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1), 2, dst, imm as u64, 1) }
    /// `REX.W C1 /2 ib`
    Rcl_rm64_imm8 => fn rcl_rm64_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).w(), 2, dst, imm as u64, 1) }
    /// `D0 /3`
    Rcr_rm8_1 => fn rcr_rm8_1(&mut self, dst: Rm) { self.e_rm(op(0xD0).brm(), 3, dst, 0, 0) }
    /// `66 D1 /3`
    Rcr_rm16_1 => fn rcr_rm16_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).p66(), 3, dst, 0, 0) }
    /// `D1 /3`
    Rcr_rm32_1 => fn rcr_rm32_1(&mut self, dst: Rm) { self.e_rm(op(0xD1), 3, dst, 0, 0) }
    /// `REX.W D1 /3`
    Rcr_rm64_1 => fn rcr_rm64_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).w(), 3, dst, 0, 0) }
    /// `D2 /3`
    Rcr_rm8_CL => fn rcr_rm8_cl(&mut self, dst: Rm) { self.e_rm(op(0xD2).brm(), 3, dst, 0, 0) }
    /// `66 D3 /3`
    Rcr_rm16_CL => fn rcr_rm16_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).p66(), 3, dst, 0, 0) }
    /// `D3 /3`
    Rcr_rm32_CL => fn rcr_rm32_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3), 3, dst, 0, 0) }
    /// `REX.W D3 /3`
    Rcr_rm64_CL => fn rcr_rm64_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).w(), 3, dst, 0, 0) }
    /// `C0 /3 ib`
    Rcr_rm8_imm8 => fn rcr_rm8_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC0).brm(), 3, dst, imm as u64, 1) }
    /// `66 C1 /3 ib`
    Rcr_rm16_imm8 => fn rcr_rm16_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).p66(), 3, dst, imm as u64, 1) }
    /// `C1 /3 ib`
    Rcr_rm32_imm8 => fn rcr_rm32_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1), 3, dst, imm as u64, 1) }
    /// `REX.W C1 /3 ib`
    Rcr_rm64_imm8 => fn rcr_rm64_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).w(), 3, dst, imm as u64, 1) }
    /// `D0 /4`
    Shl_rm8_1 => fn shl_rm8_1(&mut self, dst: Rm) { self.e_rm(op(0xD0).brm(), 4, dst, 0, 0) }
    /// `66 D1 /4`
    Shl_rm16_1 => fn shl_rm16_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).p66(), 4, dst, 0, 0) }
    /// `D1 /4`
    Shl_rm32_1 => fn shl_rm32_1(&mut self, dst: Rm) { self.e_rm(op(0xD1), 4, dst, 0, 0) }
    /// `REX.W D1 /4`
    Shl_rm64_1 => fn shl_rm64_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).w(), 4, dst, 0, 0) }
    /// `D2 /4`
    Shl_rm8_CL => fn shl_rm8_cl(&mut self, dst: Rm) { self.e_rm(op(0xD2).brm(), 4, dst, 0, 0) }
    /// `66 D3 /4`
    Shl_rm16_CL => fn shl_rm16_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).p66(), 4, dst, 0, 0) }
    /// `D3 /4`
    Shl_rm32_CL => fn shl_rm32_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3), 4, dst, 0, 0) }
    /// `REX.W D3 /4`
    Shl_rm64_CL => fn shl_rm64_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).w(), 4, dst, 0, 0) }
    /// `C0 /4 ib`
    Shl_rm8_imm8 => fn shl_rm8_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC0).brm(), 4, dst, imm as u64, 1) }
    /// `66 C1 /4 ib`
    Shl_rm16_imm8 => fn shl_rm16_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).p66(), 4, dst, imm as u64, 1) }
    /// `C1 /4 ib`
    Shl_rm32_imm8 => fn shl_rm32_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1), 4, dst, imm as u64, 1) }
    /// `REX.W C1 /4 ib`
    Shl_rm64_imm8 => fn shl_rm64_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).w(), 4, dst, imm as u64, 1) }
    /// `D0 /5`
    Shr_rm8_1 => fn shr_rm8_1(&mut self, dst: Rm) { self.e_rm(op(0xD0).brm(), 5, dst, 0, 0) }
    /// `66 D1 /5`
    Shr_rm16_1 => fn shr_rm16_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).p66(), 5, dst, 0, 0) }
    /// `D1 /5`
    Shr_rm32_1 => fn shr_rm32_1(&mut self, dst: Rm) { self.e_rm(op(0xD1), 5, dst, 0, 0) }
    /// `REX.W D1 /5`
    Shr_rm64_1 => fn shr_rm64_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).w(), 5, dst, 0, 0) }
    /// `D2 /5`
    Shr_rm8_CL => fn shr_rm8_cl(&mut self, dst: Rm) { self.e_rm(op(0xD2).brm(), 5, dst, 0, 0) }
    /// `66 D3 /5`
    Shr_rm16_CL => fn shr_rm16_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).p66(), 5, dst, 0, 0) }
    /// `D3 /5`
    Shr_rm32_CL => fn shr_rm32_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3), 5, dst, 0, 0) }
    /// `REX.W D3 /5`
    Shr_rm64_CL => fn shr_rm64_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).w(), 5, dst, 0, 0) }
    /// `C0 /5 ib`
    Shr_rm8_imm8 => fn shr_rm8_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC0).brm(), 5, dst, imm as u64, 1) }
    /// `66 C1 /5 ib`
    Shr_rm16_imm8 => fn shr_rm16_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).p66(), 5, dst, imm as u64, 1) }
    /// `C1 /5 ib`
    Shr_rm32_imm8 => fn shr_rm32_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1), 5, dst, imm as u64, 1) }
    /// `REX.W C1 /5 ib`
    Shr_rm64_imm8 => fn shr_rm64_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).w(), 5, dst, imm as u64, 1) }
    /// `D0 /7`
    Sar_rm8_1 => fn sar_rm8_1(&mut self, dst: Rm) { self.e_rm(op(0xD0).brm(), 7, dst, 0, 0) }
    /// `66 D1 /7`
    Sar_rm16_1 => fn sar_rm16_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).p66(), 7, dst, 0, 0) }
    /// `D1 /7`
    Sar_rm32_1 => fn sar_rm32_1(&mut self, dst: Rm) { self.e_rm(op(0xD1), 7, dst, 0, 0) }
    /// `REX.W D1 /7`
    Sar_rm64_1 => fn sar_rm64_1(&mut self, dst: Rm) { self.e_rm(op(0xD1).w(), 7, dst, 0, 0) }
    /// `D2 /7`
    Sar_rm8_CL => fn sar_rm8_cl(&mut self, dst: Rm) { self.e_rm(op(0xD2).brm(), 7, dst, 0, 0) }
    /// `66 D3 /7`
    Sar_rm16_CL => fn sar_rm16_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).p66(), 7, dst, 0, 0) }
    /// `D3 /7`
    Sar_rm32_CL => fn sar_rm32_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3), 7, dst, 0, 0) }
    /// `REX.W D3 /7`
    Sar_rm64_CL => fn sar_rm64_cl(&mut self, dst: Rm) { self.e_rm(op(0xD3).w(), 7, dst, 0, 0) }
    /// `C0 /7 ib`
    Sar_rm8_imm8 => fn sar_rm8_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC0).brm(), 7, dst, imm as u64, 1) }
    /// `66 C1 /7 ib`
    Sar_rm16_imm8 => fn sar_rm16_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).p66(), 7, dst, imm as u64, 1) }
    /// `C1 /7 ib`
    Sar_rm32_imm8 => fn sar_rm32_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1), 7, dst, imm as u64, 1) }
    /// `REX.W C1 /7 ib`
    Sar_rm64_imm8 => fn sar_rm64_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op(0xC1).w(), 7, dst, imm as u64, 1) }

    // ---- bit test and bit scans ----
    /// `66 0F A3 /r`
    Bt_rm16_r16 => fn bt_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xA3).p66(), src.0, dst, 0, 0) }
    /// `0F A3 /r`
    Bt_rm32_r32 => fn bt_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xA3), src.0, dst, 0, 0) }
    /// `REX.W 0F A3 /r`
    Bt_rm64_r64 => fn bt_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xA3).w(), src.0, dst, 0, 0) }
    /// `66 0F BA /4 ib`
    Bt_rm16_imm8 => fn bt_rm16_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op0f(0xBA).p66(), 4, dst, imm as u64, 1) }
    /// `0F BA /4 ib`
    Bt_rm32_imm8 => fn bt_rm32_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op0f(0xBA), 4, dst, imm as u64, 1) }
    /// `REX.W 0F BA /4 ib`
    Bt_rm64_imm8 => fn bt_rm64_imm8(&mut self, dst: Rm, imm: u8) { self.e_rm(op0f(0xBA).w(), 4, dst, imm as u64, 1) }
    /// `66 0F BC /r`
    Bsf_r16_rm16 => fn bsf_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBC).p66(), dst.0, src, 0, 0) }
    /// `0F BC /r`
    Bsf_r32_rm32 => fn bsf_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBC), dst.0, src, 0, 0) }
    /// `REX.W 0F BC /r`
    Bsf_r64_rm64 => fn bsf_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBC).w(), dst.0, src, 0, 0) }
    /// `66 0F BD /r`
    Bsr_r16_rm16 => fn bsr_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBD).p66(), dst.0, src, 0, 0) }
    /// `0F BD /r`
    Bsr_r32_rm32 => fn bsr_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBD), dst.0, src, 0, 0) }
    /// `REX.W 0F BD /r`
    Bsr_r64_rm64 => fn bsr_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBD).w(), dst.0, src, 0, 0) }
    /// `F3 66 0F BC /r`
    Tzcnt_r16_rm16 => fn tzcnt_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBC).f3().p66(), dst.0, src, 0, 0) }
    /// `F3 0F BC /r`
    Tzcnt_r32_rm32 => fn tzcnt_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBC).f3(), dst.0, src, 0, 0) }
    /// `F3 REX.W 0F BC /r`
    Tzcnt_r64_rm64 => fn tzcnt_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBC).f3().w(), dst.0, src, 0, 0) }
    /// `F3 66 0F BD /r`
    Lzcnt_r16_rm16 => fn lzcnt_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBD).f3().p66(), dst.0, src, 0, 0) }
    /// `F3 0F BD /r`
    Lzcnt_r32_rm32 => fn lzcnt_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBD).f3(), dst.0, src, 0, 0) }
    /// `F3 REX.W 0F BD /r`
    Lzcnt_r64_rm64 => fn lzcnt_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xBD).f3().w(), dst.0, src, 0, 0) }
    /// `F3 66 0F B8 /r`
    Popcnt_r16_rm16 => fn popcnt_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB8).f3().p66(), dst.0, src, 0, 0) }
    /// `F3 0F B8 /r`
    Popcnt_r32_rm32 => fn popcnt_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB8).f3(), dst.0, src, 0, 0) }
    /// `F3 REX.W 0F B8 /r`
    Popcnt_r64_rm64 => fn popcnt_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0xB8).f3().w(), dst.0, src, 0, 0) }
    /// `0F C8+rd`
    Bswap_r32 => fn bswap_r32(&mut self, dst: Gpr) { self.e_o(op0f(0xC8), dst.0, 0, 0) }
    /// `REX.W 0F C8+rd`
    Bswap_r64 => fn bswap_r64(&mut self, dst: Gpr) { self.e_o(op0f(0xC8).w(), dst.0, 0, 0) }

    // ---- setcc / cmovcc ----
    /// `0F 90 /0`
    Seto_rm8 => fn seto_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x90).brm(), 0, dst, 0, 0) }
    /// `0F 91 /0`
    Setno_rm8 => fn setno_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x91).brm(), 0, dst, 0, 0) }
    /// `0F 92 /0`
    Setb_rm8 => fn setb_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x92).brm(), 0, dst, 0, 0) }
    /// `0F 93 /0`
    Setae_rm8 => fn setae_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x93).brm(), 0, dst, 0, 0) }
    /// `0F 94 /0`
    Sete_rm8 => fn sete_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x94).brm(), 0, dst, 0, 0) }
    /// `0F 95 /0`
    Setne_rm8 => fn setne_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x95).brm(), 0, dst, 0, 0) }
    /// `0F 96 /0`
    Setbe_rm8 => fn setbe_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x96).brm(), 0, dst, 0, 0) }
    /// `0F 97 /0`
    Seta_rm8 => fn seta_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x97).brm(), 0, dst, 0, 0) }
    /// `0F 98 /0`
    Sets_rm8 => fn sets_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x98).brm(), 0, dst, 0, 0) }
    /// `0F 99 /0`
    Setns_rm8 => fn setns_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x99).brm(), 0, dst, 0, 0) }
    /// `0F 9A /0`
    Setp_rm8 => fn setp_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x9A).brm(), 0, dst, 0, 0) }
    /// `0F 9B /0`
    Setnp_rm8 => fn setnp_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x9B).brm(), 0, dst, 0, 0) }
    /// `0F 9C /0`
    Setl_rm8 => fn setl_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x9C).brm(), 0, dst, 0, 0) }
    /// `0F 9D /0`
    Setge_rm8 => fn setge_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x9D).brm(), 0, dst, 0, 0) }
    /// `0F 9E /0`
    Setle_rm8 => fn setle_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x9E).brm(), 0, dst, 0, 0) }
    /// `0F 9F /0`
    Setg_rm8 => fn setg_rm8(&mut self, dst: Rm) { self.e_rm(op0f(0x9F).brm(), 0, dst, 0, 0) }
    /// `66 0F 40 /r`
    Cmovo_r16_rm16 => fn cmovo_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x40).p66(), dst.0, src, 0, 0) }
    /// `0F 40 /r`
    Cmovo_r32_rm32 => fn cmovo_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x40), dst.0, src, 0, 0) }
    /// `REX.W 0F 40 /r`
    Cmovo_r64_rm64 => fn cmovo_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x40).w(), dst.0, src, 0, 0) }
    /// `66 0F 41 /r`
    Cmovno_r16_rm16 => fn cmovno_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x41).p66(), dst.0, src, 0, 0) }
    /// `0F 41 /r`
    Cmovno_r32_rm32 => fn cmovno_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x41), dst.0, src, 0, 0) }
    /// `REX.W 0F 41 /r`
    Cmovno_r64_rm64 => fn cmovno_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x41).w(), dst.0, src, 0, 0) }
    /// `66 0F 42 /r`
    Cmovb_r16_rm16 => fn cmovb_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x42).p66(), dst.0, src, 0, 0) }
    /// `0F 42 /r`
    Cmovb_r32_rm32 => fn cmovb_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x42), dst.0, src, 0, 0) }
    /// `REX.W 0F 42 /r`
    Cmovb_r64_rm64 => fn cmovb_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x42).w(), dst.0, src, 0, 0) }
    /// `66 0F 43 /r`
    Cmovae_r16_rm16 => fn cmovae_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x43).p66(), dst.0, src, 0, 0) }
    /// `0F 43 /r`
    Cmovae_r32_rm32 => fn cmovae_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x43), dst.0, src, 0, 0) }
    /// `REX.W 0F 43 /r`
    Cmovae_r64_rm64 => fn cmovae_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x43).w(), dst.0, src, 0, 0) }
    /// `66 0F 44 /r`
    Cmove_r16_rm16 => fn cmove_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x44).p66(), dst.0, src, 0, 0) }
    /// `0F 44 /r`
    Cmove_r32_rm32 => fn cmove_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x44), dst.0, src, 0, 0) }
    /// `REX.W 0F 44 /r`
    Cmove_r64_rm64 => fn cmove_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x44).w(), dst.0, src, 0, 0) }
    /// `66 0F 45 /r`
    Cmovne_r16_rm16 => fn cmovne_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x45).p66(), dst.0, src, 0, 0) }
    /// `0F 45 /r`
    Cmovne_r32_rm32 => fn cmovne_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x45), dst.0, src, 0, 0) }
    /// `REX.W 0F 45 /r`
    Cmovne_r64_rm64 => fn cmovne_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x45).w(), dst.0, src, 0, 0) }
    /// `66 0F 46 /r`
    Cmovbe_r16_rm16 => fn cmovbe_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x46).p66(), dst.0, src, 0, 0) }
    /// `0F 46 /r`
    Cmovbe_r32_rm32 => fn cmovbe_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x46), dst.0, src, 0, 0) }
    /// `REX.W 0F 46 /r`
    Cmovbe_r64_rm64 => fn cmovbe_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x46).w(), dst.0, src, 0, 0) }
    /// `66 0F 47 /r`
    Cmova_r16_rm16 => fn cmova_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x47).p66(), dst.0, src, 0, 0) }
    /// `0F 47 /r`
    Cmova_r32_rm32 => fn cmova_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x47), dst.0, src, 0, 0) }
    /// `REX.W 0F 47 /r`
    Cmova_r64_rm64 => fn cmova_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x47).w(), dst.0, src, 0, 0) }
    /// `66 0F 48 /r`
    Cmovs_r16_rm16 => fn cmovs_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x48).p66(), dst.0, src, 0, 0) }
    /// `0F 48 /r`
    Cmovs_r32_rm32 => fn cmovs_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x48), dst.0, src, 0, 0) }
    /// `REX.W 0F 48 /r`
    Cmovs_r64_rm64 => fn cmovs_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x48).w(), dst.0, src, 0, 0) }
    /// `66 0F 49 /r`
    Cmovns_r16_rm16 => fn cmovns_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x49).p66(), dst.0, src, 0, 0) }
    /// `0F 49 /r`
    Cmovns_r32_rm32 => fn cmovns_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x49), dst.0, src, 0, 0) }
    /// `REX.W 0F 49 /r`
    Cmovns_r64_rm64 => fn cmovns_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x49).w(), dst.0, src, 0, 0) }
    /// `66 0F 4A /r`
    Cmovp_r16_rm16 => fn cmovp_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4A).p66(), dst.0, src, 0, 0) }
    /// `0F 4A /r`
    Cmovp_r32_rm32 => fn cmovp_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4A), dst.0, src, 0, 0) }
    /// `REX.W 0F 4A /r`
    Cmovp_r64_rm64 => fn cmovp_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4A).w(), dst.0, src, 0, 0) }
    /// `66 0F 4B /r`
    Cmovnp_r16_rm16 => fn cmovnp_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4B).p66(), dst.0, src, 0, 0) }
    /// `0F 4B /r`
    Cmovnp_r32_rm32 => fn cmovnp_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4B), dst.0, src, 0, 0) }
    /// `REX.W 0F 4B /r`
    Cmovnp_r64_rm64 => fn cmovnp_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4B).w(), dst.0, src, 0, 0) }
    /// `66 0F 4C /r`
    Cmovl_r16_rm16 => fn cmovl_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4C).p66(), dst.0, src, 0, 0) }
    /// `0F 4C /r`
    Cmovl_r32_rm32 => fn cmovl_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4C), dst.0, src, 0, 0) }
    /// `REX.W 0F 4C /r`
    Cmovl_r64_rm64 => fn cmovl_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4C).w(), dst.0, src, 0, 0) }
    /// `66 0F 4D /r`
    Cmovge_r16_rm16 => fn cmovge_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4D).p66(), dst.0, src, 0, 0) }
    /// `0F 4D /r`
    Cmovge_r32_rm32 => fn cmovge_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4D), dst.0, src, 0, 0) }
    /// `REX.W 0F 4D /r`
    Cmovge_r64_rm64 => fn cmovge_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4D).w(), dst.0, src, 0, 0) }
    /// `66 0F 4E /r`
    Cmovle_r16_rm16 => fn cmovle_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4E).p66(), dst.0, src, 0, 0) }
    /// `0F 4E /r`
    Cmovle_r32_rm32 => fn cmovle_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4E), dst.0, src, 0, 0) }
    /// `REX.W 0F 4E /r`
    Cmovle_r64_rm64 => fn cmovle_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4E).w(), dst.0, src, 0, 0) }
    /// `66 0F 4F /r`
    Cmovg_r16_rm16 => fn cmovg_r16_rm16(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4F).p66(), dst.0, src, 0, 0) }
    /// `0F 4F /r`
    Cmovg_r32_rm32 => fn cmovg_r32_rm32(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4F), dst.0, src, 0, 0) }
    /// `REX.W 0F 4F /r`
    Cmovg_r64_rm64 => fn cmovg_r64_rm64(&mut self, dst: Gpr, src: Rm) { self.e_rm(op0f(0x4F).w(), dst.0, src, 0, 0) }

    // ---- branches, calls, returns ----
    /// `70 cb (forced short)`
    Jo_rel8_64 => fn jo_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::O), true) }
    /// `0F 80 cd`
    Jo_rel32_64 => fn jo_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x80), target) }
    /// `71 cb (forced short)`
    Jno_rel8_64 => fn jno_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::No), true) }
    /// `0F 81 cd`
    Jno_rel32_64 => fn jno_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x81), target) }
    /// `72 cb (forced short)`
    Jb_rel8_64 => fn jb_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::B), true) }
    /// `0F 82 cd`
    Jb_rel32_64 => fn jb_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x82), target) }
    /// `73 cb (forced short)`
    Jae_rel8_64 => fn jae_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::Ae), true) }
    /// `0F 83 cd`
    Jae_rel32_64 => fn jae_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x83), target) }
    /// `74 cb (forced short)`
    Je_rel8_64 => fn je_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::E), true) }
    /// `0F 84 cd`
    Je_rel32_64 => fn je_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x84), target) }
    /// `75 cb (forced short)`
    Jne_rel8_64 => fn jne_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::Ne), true) }
    /// `0F 85 cd`
    Jne_rel32_64 => fn jne_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x85), target) }
    /// `76 cb (forced short)`
    Jbe_rel8_64 => fn jbe_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::Be), true) }
    /// `0F 86 cd`
    Jbe_rel32_64 => fn jbe_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x86), target) }
    /// `77 cb (forced short)`
    Ja_rel8_64 => fn ja_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::A), true) }
    /// `0F 87 cd`
    Ja_rel32_64 => fn ja_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x87), target) }
    /// `78 cb (forced short)`
    Js_rel8_64 => fn js_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::S), true) }
    /// `0F 88 cd`
    Js_rel32_64 => fn js_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x88), target) }
    /// `79 cb (forced short)`
    Jns_rel8_64 => fn jns_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::Ns), true) }
    /// `0F 89 cd`
    Jns_rel32_64 => fn jns_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x89), target) }
    /// `7A cb (forced short)`
    Jp_rel8_64 => fn jp_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::P), true) }
    /// `0F 8A cd`
    Jp_rel32_64 => fn jp_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x8A), target) }
    /// `7B cb (forced short)`
    Jnp_rel8_64 => fn jnp_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::Np), true) }
    /// `0F 8B cd`
    Jnp_rel32_64 => fn jnp_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x8B), target) }
    /// `7C cb (forced short)`
    Jl_rel8_64 => fn jl_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::L), true) }
    /// `0F 8C cd`
    Jl_rel32_64 => fn jl_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x8C), target) }
    /// `7D cb (forced short)`
    Jge_rel8_64 => fn jge_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::Ge), true) }
    /// `0F 8D cd`
    Jge_rel32_64 => fn jge_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x8D), target) }
    /// `7E cb (forced short)`
    Jle_rel8_64 => fn jle_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::Le), true) }
    /// `0F 8E cd`
    Jle_rel32_64 => fn jle_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x8E), target) }
    /// `7F cb (forced short)`
    Jg_rel8_64 => fn jg_rel8_64(&mut self, target: Label) { self.var_branch(target, Some(Cond::G), true) }
    /// `0F 8F cd`
    Jg_rel32_64 => fn jg_rel32_64(&mut self, target: Rel) { self.e_rel32(op0f(0x8F), target) }
    /// `EB cb (forced short)`
    Jmp_rel8_64 => fn jmp_rel8_64(&mut self, target: Label) { self.var_branch(target, None, true) }
    /// `E9 cd`
    Jmp_rel32_64 => fn jmp_rel32_64(&mut self, target: Rel) { self.e_rel32(op(0xE9), target) }
    /// `FF /4`
    Jmp_rm64 => fn jmp_rm64(&mut self, target: Rm) { self.e_rm(op(0xFF), 4, target, 0, 0) }
    /// `E8 cd`
    Call_rel32_64 => fn call_rel32_64(&mut self, target: Rel) { self.e_rel32(op(0xE8), target) }
    /// `FF /2 (FF 15 disp32 for [rip+disp32])`
    Call_rm64 => fn call_rm64(&mut self, target: Rm) { self.e_rm(op(0xFF), 2, target, 0, 0) }
    /// `C3`
    Retnq => fn retnq(&mut self) { self.e_zo(op(0xC3), 0, 0) }
    /// `C2 iw`
    Retnq_imm16 => fn retnq_imm16(&mut self, imm: u16) { self.e_zo(op(0xC2), imm as u64, 2) }

    // ---- stack ----
    /// `50+rd`
    Push_r64 => fn push_r64(&mut self, src: Gpr) { self.e_o(op(0x50), src.0, 0, 0) }
    /// `58+rd`
    Pop_r64 => fn pop_r64(&mut self, dst: Gpr) { self.e_o(op(0x58), dst.0, 0, 0) }
    /// `FF /6`
    Push_rm64 => fn push_rm64(&mut self, src: Rm) { self.e_rm(op(0xFF), 6, src, 0, 0) }
    /// `8F /0`
    Pop_rm64 => fn pop_rm64(&mut self, dst: Rm) { self.e_rm(op(0x8F), 0, dst, 0, 0) }
    /// `6A ib`
    Pushq_imm8 => fn pushq_imm8(&mut self, imm: i8) { self.e_zo(op(0x6A), imm as u8 as u64, 1) }
    /// `68 id`
    Pushq_imm32 => fn pushq_imm32(&mut self, imm: i32) { self.e_zo(op(0x68), imm as u32 as u64, 4) }

    // ---- exchange and atomics ----
    /// `86 /r`
    Xchg_rm8_r8 => fn xchg_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x86).b(), src.0, dst, 0, 0) }
    /// `66 87 /r`
    Xchg_rm16_r16 => fn xchg_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x87).p66(), src.0, dst, 0, 0) }
    /// `87 /r`
    Xchg_rm32_r32 => fn xchg_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x87), src.0, dst, 0, 0) }
    /// `REX.W 87 /r`
    Xchg_rm64_r64 => fn xchg_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op(0x87).w(), src.0, dst, 0, 0) }
    /// `66 90+r (r ≠ ax)`
    Xchg_r16_AX => fn xchg_r16_ax(&mut self, src: Gpr) { self.xchg_acc(op(0x90).p66(), src) }
    /// `90+r (r ≠ eax)`
    Xchg_r32_EAX => fn xchg_r32_eax(&mut self, src: Gpr) { self.xchg_acc(op(0x90), src) }
    /// `REX.W 90+r (r ≠ rax)`
    Xchg_r64_RAX => fn xchg_r64_rax(&mut self, src: Gpr) { self.xchg_acc(op(0x90).w(), src) }
    /// `0F B0 /r`
    Cmpxchg_rm8_r8 => fn cmpxchg_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xB0).b(), src.0, dst, 0, 0) }
    /// `66 0F B1 /r`
    Cmpxchg_rm16_r16 => fn cmpxchg_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xB1).p66(), src.0, dst, 0, 0) }
    /// `0F B1 /r`
    Cmpxchg_rm32_r32 => fn cmpxchg_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xB1), src.0, dst, 0, 0) }
    /// `REX.W 0F B1 /r`
    Cmpxchg_rm64_r64 => fn cmpxchg_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xB1).w(), src.0, dst, 0, 0) }
    /// `F0 0F B0 /r`
    Lock_Cmpxchg_rm8_r8 => fn lock_cmpxchg_rm8_r8(&mut self, dst: Mem, src: Gpr) { self.e_rm(op0f(0xB0).b().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 66 0F B1 /r`
    Lock_Cmpxchg_rm16_r16 => fn lock_cmpxchg_rm16_r16(&mut self, dst: Mem, src: Gpr) { self.e_rm(op0f(0xB1).p66().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 0F B1 /r`
    Lock_Cmpxchg_rm32_r32 => fn lock_cmpxchg_rm32_r32(&mut self, dst: Mem, src: Gpr) { self.e_rm(op0f(0xB1).lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 REX.W 0F B1 /r`
    Lock_Cmpxchg_rm64_r64 => fn lock_cmpxchg_rm64_r64(&mut self, dst: Mem, src: Gpr) { self.e_rm(op0f(0xB1).w().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `0F C0 /r`
    Xadd_rm8_r8 => fn xadd_rm8_r8(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xC0).b(), src.0, dst, 0, 0) }
    /// `66 0F C1 /r`
    Xadd_rm16_r16 => fn xadd_rm16_r16(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xC1).p66(), src.0, dst, 0, 0) }
    /// `0F C1 /r`
    Xadd_rm32_r32 => fn xadd_rm32_r32(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xC1), src.0, dst, 0, 0) }
    /// `REX.W 0F C1 /r`
    Xadd_rm64_r64 => fn xadd_rm64_r64(&mut self, dst: Rm, src: Gpr) { self.e_rm(op0f(0xC1).w(), src.0, dst, 0, 0) }
    /// `F0 0F C0 /r`
    Lock_Xadd_rm8_r8 => fn lock_xadd_rm8_r8(&mut self, dst: Mem, src: Gpr) { self.e_rm(op0f(0xC0).b().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 66 0F C1 /r`
    Lock_Xadd_rm16_r16 => fn lock_xadd_rm16_r16(&mut self, dst: Mem, src: Gpr) { self.e_rm(op0f(0xC1).p66().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 0F C1 /r`
    Lock_Xadd_rm32_r32 => fn lock_xadd_rm32_r32(&mut self, dst: Mem, src: Gpr) { self.e_rm(op0f(0xC1).lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 REX.W 0F C1 /r`
    Lock_Xadd_rm64_r64 => fn lock_xadd_rm64_r64(&mut self, dst: Mem, src: Gpr) { self.e_rm(op0f(0xC1).w().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 01 /r`
    Lock_Add_rm32_r32 => fn lock_add_rm32_r32(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x01).lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 REX.W 01 /r`
    Lock_Add_rm64_r64 => fn lock_add_rm64_r64(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x01).w().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 09 /r`
    Lock_Or_rm32_r32 => fn lock_or_rm32_r32(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x09).lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 REX.W 09 /r`
    Lock_Or_rm64_r64 => fn lock_or_rm64_r64(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x09).w().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 21 /r`
    Lock_And_rm32_r32 => fn lock_and_rm32_r32(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x21).lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 REX.W 21 /r`
    Lock_And_rm64_r64 => fn lock_and_rm64_r64(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x21).w().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 29 /r`
    Lock_Sub_rm32_r32 => fn lock_sub_rm32_r32(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x29).lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 REX.W 29 /r`
    Lock_Sub_rm64_r64 => fn lock_sub_rm64_r64(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x29).w().lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 31 /r`
    Lock_Xor_rm32_r32 => fn lock_xor_rm32_r32(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x31).lock(), src.0, Rm::Mem(dst), 0, 0) }
    /// `F0 REX.W 31 /r`
    Lock_Xor_rm64_r64 => fn lock_xor_rm64_r64(&mut self, dst: Mem, src: Gpr) { self.e_rm(op(0x31).w().lock(), src.0, Rm::Mem(dst), 0, 0) }

    // ---- misc ----
    /// `CC`
    Int3 => fn int3(&mut self) { self.e_zo(op(0xCC), 0, 0) }
    /// `0F 0B`
    Ud2 => fn ud2(&mut self) { self.e_zo(op0f(0x0B), 0, 0) }
    /// `90`
    Nopd => fn nopd(&mut self) { self.e_zo(op(0x90), 0, 0) }
    /// `66 90`
    Nopw => fn nopw(&mut self) { self.e_zo(op(0x90).p66(), 0, 0) }
    /// `66 0F 1F /0`
    Nop_rm16 => fn nop_rm16(&mut self, dst: Rm) { self.e_rm(op0f(0x1F).p66(), 0, dst, 0, 0) }
    /// `0F 1F /0`
    Nop_rm32 => fn nop_rm32(&mut self, dst: Rm) { self.e_rm(op0f(0x1F), 0, dst, 0, 0) }
    /// `0F AE F0`
    Mfence => fn mfence(&mut self) { self.e_zo(op0f(0xAE), 0xF0, 1) }
    /// `F3 90`
    Pause => fn pause(&mut self) { self.e_zo(op(0x90).f3(), 0, 0) }

    // ---- rep string operations ----
    /// `F3 AA`
    Rep_Stosb_m8_AL => fn rep_stosb_m8_al(&mut self) { self.e_zo(op(0xAA).rep(), 0, 0) }
    /// `F3 66 AB`
    Rep_Stosw_m16_AX => fn rep_stosw_m16_ax(&mut self) { self.e_zo(op(0xAB).p66().rep(), 0, 0) }
    /// `F3 AB`
    Rep_Stosd_m32_EAX => fn rep_stosd_m32_eax(&mut self) { self.e_zo(op(0xAB).rep(), 0, 0) }
    /// `F3 REX.W AB`
    Rep_Stosq_m64_RAX => fn rep_stosq_m64_rax(&mut self) { self.e_zo(op(0xAB).w().rep(), 0, 0) }
    /// `F3 A4`
    Rep_Movsb_m8_m8 => fn rep_movsb_m8_m8(&mut self) { self.e_zo(op(0xA4).rep(), 0, 0) }
    /// `F3 66 A5`
    Rep_Movsw_m16_m16 => fn rep_movsw_m16_m16(&mut self) { self.e_zo(op(0xA5).p66().rep(), 0, 0) }
    /// `F3 A5`
    Rep_Movsd_m32_m32 => fn rep_movsd_m32_m32(&mut self) { self.e_zo(op(0xA5).rep(), 0, 0) }
    /// `F3 REX.W A5`
    Rep_Movsq_m64_m64 => fn rep_movsq_m64_m64(&mut self) { self.e_zo(op(0xA5).w().rep(), 0, 0) }

    // ---- SSE/SSE2 scalar and packed ----
    /// `F3 0F 10 /r`
    Movss_xmm_xmmm32 => fn movss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x10).f3(), dst.0, src, 0, 0) }
    /// `F3 0F 11 /r`
    Movss_xmmm32_xmm => fn movss_xmmm32_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0x11).f3(), src.0, dst, 0, 0) }
    /// `F2 0F 10 /r`
    Movsd_xmm_xmmm64 => fn movsd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x10).f2(), dst.0, src, 0, 0) }
    /// `F2 0F 11 /r`
    Movsd_xmmm64_xmm => fn movsd_xmmm64_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0x11).f2(), src.0, dst, 0, 0) }
    /// `F3 0F 51 /r`
    Sqrtss_xmm_xmmm32 => fn sqrtss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x51).f3(), dst.0, src, 0, 0) }
    /// `F2 0F 51 /r`
    Sqrtsd_xmm_xmmm64 => fn sqrtsd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x51).f2(), dst.0, src, 0, 0) }
    /// `F3 0F 58 /r`
    Addss_xmm_xmmm32 => fn addss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x58).f3(), dst.0, src, 0, 0) }
    /// `F2 0F 58 /r`
    Addsd_xmm_xmmm64 => fn addsd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x58).f2(), dst.0, src, 0, 0) }
    /// `F3 0F 59 /r`
    Mulss_xmm_xmmm32 => fn mulss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x59).f3(), dst.0, src, 0, 0) }
    /// `F2 0F 59 /r`
    Mulsd_xmm_xmmm64 => fn mulsd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x59).f2(), dst.0, src, 0, 0) }
    /// `F3 0F 5C /r`
    Subss_xmm_xmmm32 => fn subss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5C).f3(), dst.0, src, 0, 0) }
    /// `F2 0F 5C /r`
    Subsd_xmm_xmmm64 => fn subsd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5C).f2(), dst.0, src, 0, 0) }
    /// `F3 0F 5D /r`
    Minss_xmm_xmmm32 => fn minss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5D).f3(), dst.0, src, 0, 0) }
    /// `F2 0F 5D /r`
    Minsd_xmm_xmmm64 => fn minsd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5D).f2(), dst.0, src, 0, 0) }
    /// `F3 0F 5E /r`
    Divss_xmm_xmmm32 => fn divss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5E).f3(), dst.0, src, 0, 0) }
    /// `F2 0F 5E /r`
    Divsd_xmm_xmmm64 => fn divsd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5E).f2(), dst.0, src, 0, 0) }
    /// `F3 0F 5F /r`
    Maxss_xmm_xmmm32 => fn maxss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5F).f3(), dst.0, src, 0, 0) }
    /// `F2 0F 5F /r`
    Maxsd_xmm_xmmm64 => fn maxsd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5F).f2(), dst.0, src, 0, 0) }
    /// `0F 2E /r`
    Ucomiss_xmm_xmmm32 => fn ucomiss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x2E), dst.0, src, 0, 0) }
    /// `66 0F 2E /r`
    Ucomisd_xmm_xmmm64 => fn ucomisd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x2E).p66(), dst.0, src, 0, 0) }
    /// `0F 2F /r`
    Comiss_xmm_xmmm32 => fn comiss_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x2F), dst.0, src, 0, 0) }
    /// `66 0F 2F /r`
    Comisd_xmm_xmmm64 => fn comisd_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x2F).p66(), dst.0, src, 0, 0) }
    /// `F3 0F 2A /r`
    Cvtsi2ss_xmm_rm32 => fn cvtsi2ss_xmm_rm32(&mut self, dst: Xmm, src: Rm) { self.e_rm(op0f(0x2A).f3(), dst.0, src, 0, 0) }
    /// `F3 REX.W 0F 2A /r`
    Cvtsi2ss_xmm_rm64 => fn cvtsi2ss_xmm_rm64(&mut self, dst: Xmm, src: Rm) { self.e_rm(op0f(0x2A).f3().w(), dst.0, src, 0, 0) }
    /// `F3 0F 2C /r`
    Cvttss2si_r32_xmmm32 => fn cvttss2si_r32_xmmm32(&mut self, dst: Gpr, src: XmmRm) { self.e_xrm(op0f(0x2C).f3(), dst.0, src, 0, 0) }
    /// `F3 REX.W 0F 2C /r`
    Cvttss2si_r64_xmmm32 => fn cvttss2si_r64_xmmm32(&mut self, dst: Gpr, src: XmmRm) { self.e_xrm(op0f(0x2C).f3().w(), dst.0, src, 0, 0) }
    /// `F3 0F 2D /r`
    Cvtss2si_r32_xmmm32 => fn cvtss2si_r32_xmmm32(&mut self, dst: Gpr, src: XmmRm) { self.e_xrm(op0f(0x2D).f3(), dst.0, src, 0, 0) }
    /// `F3 REX.W 0F 2D /r`
    Cvtss2si_r64_xmmm32 => fn cvtss2si_r64_xmmm32(&mut self, dst: Gpr, src: XmmRm) { self.e_xrm(op0f(0x2D).f3().w(), dst.0, src, 0, 0) }
    /// `F2 0F 2A /r`
    Cvtsi2sd_xmm_rm32 => fn cvtsi2sd_xmm_rm32(&mut self, dst: Xmm, src: Rm) { self.e_rm(op0f(0x2A).f2(), dst.0, src, 0, 0) }
    /// `F2 REX.W 0F 2A /r`
    Cvtsi2sd_xmm_rm64 => fn cvtsi2sd_xmm_rm64(&mut self, dst: Xmm, src: Rm) { self.e_rm(op0f(0x2A).f2().w(), dst.0, src, 0, 0) }
    /// `F2 0F 2C /r`
    Cvttsd2si_r32_xmmm64 => fn cvttsd2si_r32_xmmm64(&mut self, dst: Gpr, src: XmmRm) { self.e_xrm(op0f(0x2C).f2(), dst.0, src, 0, 0) }
    /// `F2 REX.W 0F 2C /r`
    Cvttsd2si_r64_xmmm64 => fn cvttsd2si_r64_xmmm64(&mut self, dst: Gpr, src: XmmRm) { self.e_xrm(op0f(0x2C).f2().w(), dst.0, src, 0, 0) }
    /// `F2 0F 2D /r`
    Cvtsd2si_r32_xmmm64 => fn cvtsd2si_r32_xmmm64(&mut self, dst: Gpr, src: XmmRm) { self.e_xrm(op0f(0x2D).f2(), dst.0, src, 0, 0) }
    /// `F2 REX.W 0F 2D /r`
    Cvtsd2si_r64_xmmm64 => fn cvtsd2si_r64_xmmm64(&mut self, dst: Gpr, src: XmmRm) { self.e_xrm(op0f(0x2D).f2().w(), dst.0, src, 0, 0) }
    /// `F3 0F 5A /r`
    Cvtss2sd_xmm_xmmm32 => fn cvtss2sd_xmm_xmmm32(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5A).f3(), dst.0, src, 0, 0) }
    /// `F2 0F 5A /r`
    Cvtsd2ss_xmm_xmmm64 => fn cvtsd2ss_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x5A).f2(), dst.0, src, 0, 0) }
    /// `0F 54 /r`
    Andps_xmm_xmmm128 => fn andps_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x54), dst.0, src, 0, 0) }
    /// `66 0F 54 /r`
    Andpd_xmm_xmmm128 => fn andpd_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x54).p66(), dst.0, src, 0, 0) }
    /// `0F 55 /r`
    Andnps_xmm_xmmm128 => fn andnps_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x55), dst.0, src, 0, 0) }
    /// `66 0F 55 /r`
    Andnpd_xmm_xmmm128 => fn andnpd_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x55).p66(), dst.0, src, 0, 0) }
    /// `0F 56 /r`
    Orps_xmm_xmmm128 => fn orps_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x56), dst.0, src, 0, 0) }
    /// `66 0F 56 /r`
    Orpd_xmm_xmmm128 => fn orpd_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x56).p66(), dst.0, src, 0, 0) }
    /// `0F 57 /r`
    Xorps_xmm_xmmm128 => fn xorps_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x57), dst.0, src, 0, 0) }
    /// `66 0F 57 /r`
    Xorpd_xmm_xmmm128 => fn xorpd_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x57).p66(), dst.0, src, 0, 0) }
    /// `66 0F EF /r`
    Pxor_xmm_xmmm128 => fn pxor_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0xEF).p66(), dst.0, src, 0, 0) }
    /// `66 0F 6E /r`
    Movd_xmm_rm32 => fn movd_xmm_rm32(&mut self, dst: Xmm, src: Rm) { self.e_rm(op0f(0x6E).p66(), dst.0, src, 0, 0) }
    /// `66 REX.W 0F 6E /r`
    Movq_xmm_rm64 => fn movq_xmm_rm64(&mut self, dst: Xmm, src: Rm) { self.e_rm(op0f(0x6E).p66().w(), dst.0, src, 0, 0) }
    /// `66 0F 7E /r`
    Movd_rm32_xmm => fn movd_rm32_xmm(&mut self, dst: Rm, src: Xmm) { self.e_rm(op0f(0x7E).p66(), src.0, dst, 0, 0) }
    /// `66 REX.W 0F 7E /r`
    Movq_rm64_xmm => fn movq_rm64_xmm(&mut self, dst: Rm, src: Xmm) { self.e_rm(op0f(0x7E).p66().w(), src.0, dst, 0, 0) }
    /// `F3 0F 7E /r`
    Movq_xmm_xmmm64 => fn movq_xmm_xmmm64(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x7E).f3(), dst.0, src, 0, 0) }
    /// `66 0F D6 /r`
    Movq_xmmm64_xmm => fn movq_xmmm64_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0xD6).p66(), src.0, dst, 0, 0) }
    /// `0F 28 /r`
    Movaps_xmm_xmmm128 => fn movaps_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x28), dst.0, src, 0, 0) }
    /// `0F 29 /r`
    Movaps_xmmm128_xmm => fn movaps_xmmm128_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0x29), src.0, dst, 0, 0) }
    /// `66 0F 28 /r`
    Movapd_xmm_xmmm128 => fn movapd_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x28).p66(), dst.0, src, 0, 0) }
    /// `66 0F 29 /r`
    Movapd_xmmm128_xmm => fn movapd_xmmm128_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0x29).p66(), src.0, dst, 0, 0) }
    /// `0F 10 /r`
    Movups_xmm_xmmm128 => fn movups_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x10), dst.0, src, 0, 0) }
    /// `0F 11 /r`
    Movups_xmmm128_xmm => fn movups_xmmm128_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0x11), src.0, dst, 0, 0) }
    /// `66 0F 10 /r`
    Movupd_xmm_xmmm128 => fn movupd_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x10).p66(), dst.0, src, 0, 0) }
    /// `66 0F 11 /r`
    Movupd_xmmm128_xmm => fn movupd_xmmm128_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0x11).p66(), src.0, dst, 0, 0) }
    /// `66 0F 6F /r`
    Movdqa_xmm_xmmm128 => fn movdqa_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x6F).p66(), dst.0, src, 0, 0) }
    /// `66 0F 7F /r`
    Movdqa_xmmm128_xmm => fn movdqa_xmmm128_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0x7F).p66(), src.0, dst, 0, 0) }
    /// `F3 0F 6F /r`
    Movdqu_xmm_xmmm128 => fn movdqu_xmm_xmmm128(&mut self, dst: Xmm, src: XmmRm) { self.e_xrm(op0f(0x6F).f3(), dst.0, src, 0, 0) }
    /// `F3 0F 7F /r`
    Movdqu_xmmm128_xmm => fn movdqu_xmmm128_xmm(&mut self, dst: XmmRm, src: Xmm) { self.e_xrm(op0f(0x7F).f3(), src.0, dst, 0, 0) }
}
