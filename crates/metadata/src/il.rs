//! CIL instruction decoding (ECMA-335 Partition III): every opcode of the
//! one-byte and `0xFE`-prefixed two-byte tables, including the prefixes
//! `constrained.`, `volatile.`, `unaligned.`, `tail.`, `readonly.` and `no.`
//! (decoded as instructions of their own; see [`Opcode::is_prefix`]).
//!
//! ```
//! use kiln_metadata::il::{IlDecoder, Opcode, Operand};
//! // ldc.i4.s 5; br.s +0; ret
//! let code = [0x1F, 5, 0x2B, 0x00, 0x2A];
//! let insns: Vec<_> = IlDecoder::new(&code).collect::<Result<_, _>>().unwrap();
//! assert_eq!(insns[0].opcode, Opcode::Ldc_I4_S);
//! assert_eq!(insns[0].operand, Operand::Int32(5));
//! assert_eq!(insns[1].operand, Operand::Branch(4));
//! assert_eq!(insns[2].offset, 4);
//! ```

use crate::error::{MetadataError, Result};
use crate::tables::{Token, UserStringIndex};

/// The encoded operand shape of an opcode (III.1.2 / `opcode.def`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperandKind {
    /// No operand.
    None,
    /// `int8` (`ldc.i4.s`).
    ShortI,
    /// `int32`.
    I,
    /// `int64`.
    I8,
    /// `float32`.
    ShortR,
    /// `float64`.
    R,
    /// `uint8` variable index.
    ShortVar,
    /// `uint16` variable index.
    Var,
    /// `int8` branch offset.
    ShortBrTarget,
    /// `int32` branch offset.
    BrTarget,
    /// `uint32` count then that many `int32` offsets.
    Switch,
    /// Method token.
    Method,
    /// Field token.
    Field,
    /// Type token.
    Type,
    /// String (`#US`) token.
    String,
    /// `StandAloneSig` token (`calli`).
    Sig,
    /// Any of type/method/field token (`ldtoken`).
    Tok,
    /// `uint8` (`unaligned.` alignment, `no.` flags).
    U8,
}

/// How an instruction affects control flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlowControl {
    /// Falls through.
    Next,
    /// Unconditional branch (`br`, `leave`).
    Branch,
    /// Conditional branch (incl. `switch`).
    CondBranch,
    /// Call (falls through afterwards).
    Call,
    /// Return (`ret`, `endfinally`, `endfilter`, `jmp`).
    Return,
    /// Throw (`throw`, `rethrow`).
    Throw,
    /// Prefix applying to the next instruction.
    Meta,
    /// Debugger break.
    Break,
}

macro_rules! opcodes {
    ($($name:ident = $val:literal, $text:literal, $kind:ident, $flow:ident;)*) => {
        /// A CIL opcode. The discriminant is the encoded value (`0xFExx` for
        /// two-byte opcodes).
        #[allow(non_camel_case_types)]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u16)]
        pub enum Opcode { $(
            #[doc = concat!("`", $text, "`")]
            $name = $val,
        )* }

        impl Opcode {
            /// Every opcode.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name),*];
            /// The assembler mnemonic (e.g. `ldc.i4.s`).
            pub fn name(self) -> &'static str {
                match self { $(Opcode::$name => $text,)* }
            }
            /// The operand shape.
            pub fn operand_kind(self) -> OperandKind {
                match self { $(Opcode::$name => OperandKind::$kind,)* }
            }
            /// The control-flow effect.
            pub fn flow_control(self) -> FlowControl {
                match self { $(Opcode::$name => FlowControl::$flow,)* }
            }
            /// The opcode with encoded value `v` (`0xFExx` for two-byte ones).
            pub fn from_u16(v: u16) -> Option<Opcode> {
                match v { $($val => Some(Opcode::$name),)* _ => None }
            }
        }
    };
}

opcodes! {
    Nop = 0x00, "nop", None, Next;
    Break = 0x01, "break", None, Break;
    Ldarg_0 = 0x02, "ldarg.0", None, Next;
    Ldarg_1 = 0x03, "ldarg.1", None, Next;
    Ldarg_2 = 0x04, "ldarg.2", None, Next;
    Ldarg_3 = 0x05, "ldarg.3", None, Next;
    Ldloc_0 = 0x06, "ldloc.0", None, Next;
    Ldloc_1 = 0x07, "ldloc.1", None, Next;
    Ldloc_2 = 0x08, "ldloc.2", None, Next;
    Ldloc_3 = 0x09, "ldloc.3", None, Next;
    Stloc_0 = 0x0A, "stloc.0", None, Next;
    Stloc_1 = 0x0B, "stloc.1", None, Next;
    Stloc_2 = 0x0C, "stloc.2", None, Next;
    Stloc_3 = 0x0D, "stloc.3", None, Next;
    Ldarg_S = 0x0E, "ldarg.s", ShortVar, Next;
    Ldarga_S = 0x0F, "ldarga.s", ShortVar, Next;
    Starg_S = 0x10, "starg.s", ShortVar, Next;
    Ldloc_S = 0x11, "ldloc.s", ShortVar, Next;
    Ldloca_S = 0x12, "ldloca.s", ShortVar, Next;
    Stloc_S = 0x13, "stloc.s", ShortVar, Next;
    Ldnull = 0x14, "ldnull", None, Next;
    Ldc_I4_M1 = 0x15, "ldc.i4.m1", None, Next;
    Ldc_I4_0 = 0x16, "ldc.i4.0", None, Next;
    Ldc_I4_1 = 0x17, "ldc.i4.1", None, Next;
    Ldc_I4_2 = 0x18, "ldc.i4.2", None, Next;
    Ldc_I4_3 = 0x19, "ldc.i4.3", None, Next;
    Ldc_I4_4 = 0x1A, "ldc.i4.4", None, Next;
    Ldc_I4_5 = 0x1B, "ldc.i4.5", None, Next;
    Ldc_I4_6 = 0x1C, "ldc.i4.6", None, Next;
    Ldc_I4_7 = 0x1D, "ldc.i4.7", None, Next;
    Ldc_I4_8 = 0x1E, "ldc.i4.8", None, Next;
    Ldc_I4_S = 0x1F, "ldc.i4.s", ShortI, Next;
    Ldc_I4 = 0x20, "ldc.i4", I, Next;
    Ldc_I8 = 0x21, "ldc.i8", I8, Next;
    Ldc_R4 = 0x22, "ldc.r4", ShortR, Next;
    Ldc_R8 = 0x23, "ldc.r8", R, Next;
    Dup = 0x25, "dup", None, Next;
    Pop = 0x26, "pop", None, Next;
    Jmp = 0x27, "jmp", Method, Return;
    Call = 0x28, "call", Method, Call;
    Calli = 0x29, "calli", Sig, Call;
    Ret = 0x2A, "ret", None, Return;
    Br_S = 0x2B, "br.s", ShortBrTarget, Branch;
    Brfalse_S = 0x2C, "brfalse.s", ShortBrTarget, CondBranch;
    Brtrue_S = 0x2D, "brtrue.s", ShortBrTarget, CondBranch;
    Beq_S = 0x2E, "beq.s", ShortBrTarget, CondBranch;
    Bge_S = 0x2F, "bge.s", ShortBrTarget, CondBranch;
    Bgt_S = 0x30, "bgt.s", ShortBrTarget, CondBranch;
    Ble_S = 0x31, "ble.s", ShortBrTarget, CondBranch;
    Blt_S = 0x32, "blt.s", ShortBrTarget, CondBranch;
    Bne_Un_S = 0x33, "bne.un.s", ShortBrTarget, CondBranch;
    Bge_Un_S = 0x34, "bge.un.s", ShortBrTarget, CondBranch;
    Bgt_Un_S = 0x35, "bgt.un.s", ShortBrTarget, CondBranch;
    Ble_Un_S = 0x36, "ble.un.s", ShortBrTarget, CondBranch;
    Blt_Un_S = 0x37, "blt.un.s", ShortBrTarget, CondBranch;
    Br = 0x38, "br", BrTarget, Branch;
    Brfalse = 0x39, "brfalse", BrTarget, CondBranch;
    Brtrue = 0x3A, "brtrue", BrTarget, CondBranch;
    Beq = 0x3B, "beq", BrTarget, CondBranch;
    Bge = 0x3C, "bge", BrTarget, CondBranch;
    Bgt = 0x3D, "bgt", BrTarget, CondBranch;
    Ble = 0x3E, "ble", BrTarget, CondBranch;
    Blt = 0x3F, "blt", BrTarget, CondBranch;
    Bne_Un = 0x40, "bne.un", BrTarget, CondBranch;
    Bge_Un = 0x41, "bge.un", BrTarget, CondBranch;
    Bgt_Un = 0x42, "bgt.un", BrTarget, CondBranch;
    Ble_Un = 0x43, "ble.un", BrTarget, CondBranch;
    Blt_Un = 0x44, "blt.un", BrTarget, CondBranch;
    Switch = 0x45, "switch", Switch, CondBranch;
    Ldind_I1 = 0x46, "ldind.i1", None, Next;
    Ldind_U1 = 0x47, "ldind.u1", None, Next;
    Ldind_I2 = 0x48, "ldind.i2", None, Next;
    Ldind_U2 = 0x49, "ldind.u2", None, Next;
    Ldind_I4 = 0x4A, "ldind.i4", None, Next;
    Ldind_U4 = 0x4B, "ldind.u4", None, Next;
    Ldind_I8 = 0x4C, "ldind.i8", None, Next;
    Ldind_I = 0x4D, "ldind.i", None, Next;
    Ldind_R4 = 0x4E, "ldind.r4", None, Next;
    Ldind_R8 = 0x4F, "ldind.r8", None, Next;
    Ldind_Ref = 0x50, "ldind.ref", None, Next;
    Stind_Ref = 0x51, "stind.ref", None, Next;
    Stind_I1 = 0x52, "stind.i1", None, Next;
    Stind_I2 = 0x53, "stind.i2", None, Next;
    Stind_I4 = 0x54, "stind.i4", None, Next;
    Stind_I8 = 0x55, "stind.i8", None, Next;
    Stind_R4 = 0x56, "stind.r4", None, Next;
    Stind_R8 = 0x57, "stind.r8", None, Next;
    Add = 0x58, "add", None, Next;
    Sub = 0x59, "sub", None, Next;
    Mul = 0x5A, "mul", None, Next;
    Div = 0x5B, "div", None, Next;
    Div_Un = 0x5C, "div.un", None, Next;
    Rem = 0x5D, "rem", None, Next;
    Rem_Un = 0x5E, "rem.un", None, Next;
    And = 0x5F, "and", None, Next;
    Or = 0x60, "or", None, Next;
    Xor = 0x61, "xor", None, Next;
    Shl = 0x62, "shl", None, Next;
    Shr = 0x63, "shr", None, Next;
    Shr_Un = 0x64, "shr.un", None, Next;
    Neg = 0x65, "neg", None, Next;
    Not = 0x66, "not", None, Next;
    Conv_I1 = 0x67, "conv.i1", None, Next;
    Conv_I2 = 0x68, "conv.i2", None, Next;
    Conv_I4 = 0x69, "conv.i4", None, Next;
    Conv_I8 = 0x6A, "conv.i8", None, Next;
    Conv_R4 = 0x6B, "conv.r4", None, Next;
    Conv_R8 = 0x6C, "conv.r8", None, Next;
    Conv_U4 = 0x6D, "conv.u4", None, Next;
    Conv_U8 = 0x6E, "conv.u8", None, Next;
    Callvirt = 0x6F, "callvirt", Method, Call;
    Cpobj = 0x70, "cpobj", Type, Next;
    Ldobj = 0x71, "ldobj", Type, Next;
    Ldstr = 0x72, "ldstr", String, Next;
    Newobj = 0x73, "newobj", Method, Call;
    Castclass = 0x74, "castclass", Type, Next;
    Isinst = 0x75, "isinst", Type, Next;
    Conv_R_Un = 0x76, "conv.r.un", None, Next;
    Unbox = 0x79, "unbox", Type, Next;
    Throw = 0x7A, "throw", None, Throw;
    Ldfld = 0x7B, "ldfld", Field, Next;
    Ldflda = 0x7C, "ldflda", Field, Next;
    Stfld = 0x7D, "stfld", Field, Next;
    Ldsfld = 0x7E, "ldsfld", Field, Next;
    Ldsflda = 0x7F, "ldsflda", Field, Next;
    Stsfld = 0x80, "stsfld", Field, Next;
    Stobj = 0x81, "stobj", Type, Next;
    Conv_Ovf_I1_Un = 0x82, "conv.ovf.i1.un", None, Next;
    Conv_Ovf_I2_Un = 0x83, "conv.ovf.i2.un", None, Next;
    Conv_Ovf_I4_Un = 0x84, "conv.ovf.i4.un", None, Next;
    Conv_Ovf_I8_Un = 0x85, "conv.ovf.i8.un", None, Next;
    Conv_Ovf_U1_Un = 0x86, "conv.ovf.u1.un", None, Next;
    Conv_Ovf_U2_Un = 0x87, "conv.ovf.u2.un", None, Next;
    Conv_Ovf_U4_Un = 0x88, "conv.ovf.u4.un", None, Next;
    Conv_Ovf_U8_Un = 0x89, "conv.ovf.u8.un", None, Next;
    Conv_Ovf_I_Un = 0x8A, "conv.ovf.i.un", None, Next;
    Conv_Ovf_U_Un = 0x8B, "conv.ovf.u.un", None, Next;
    Box = 0x8C, "box", Type, Next;
    Newarr = 0x8D, "newarr", Type, Next;
    Ldlen = 0x8E, "ldlen", None, Next;
    Ldelema = 0x8F, "ldelema", Type, Next;
    Ldelem_I1 = 0x90, "ldelem.i1", None, Next;
    Ldelem_U1 = 0x91, "ldelem.u1", None, Next;
    Ldelem_I2 = 0x92, "ldelem.i2", None, Next;
    Ldelem_U2 = 0x93, "ldelem.u2", None, Next;
    Ldelem_I4 = 0x94, "ldelem.i4", None, Next;
    Ldelem_U4 = 0x95, "ldelem.u4", None, Next;
    Ldelem_I8 = 0x96, "ldelem.i8", None, Next;
    Ldelem_I = 0x97, "ldelem.i", None, Next;
    Ldelem_R4 = 0x98, "ldelem.r4", None, Next;
    Ldelem_R8 = 0x99, "ldelem.r8", None, Next;
    Ldelem_Ref = 0x9A, "ldelem.ref", None, Next;
    Stelem_I = 0x9B, "stelem.i", None, Next;
    Stelem_I1 = 0x9C, "stelem.i1", None, Next;
    Stelem_I2 = 0x9D, "stelem.i2", None, Next;
    Stelem_I4 = 0x9E, "stelem.i4", None, Next;
    Stelem_I8 = 0x9F, "stelem.i8", None, Next;
    Stelem_R4 = 0xA0, "stelem.r4", None, Next;
    Stelem_R8 = 0xA1, "stelem.r8", None, Next;
    Stelem_Ref = 0xA2, "stelem.ref", None, Next;
    Ldelem = 0xA3, "ldelem", Type, Next;
    Stelem = 0xA4, "stelem", Type, Next;
    Unbox_Any = 0xA5, "unbox.any", Type, Next;
    Conv_Ovf_I1 = 0xB3, "conv.ovf.i1", None, Next;
    Conv_Ovf_U1 = 0xB4, "conv.ovf.u1", None, Next;
    Conv_Ovf_I2 = 0xB5, "conv.ovf.i2", None, Next;
    Conv_Ovf_U2 = 0xB6, "conv.ovf.u2", None, Next;
    Conv_Ovf_I4 = 0xB7, "conv.ovf.i4", None, Next;
    Conv_Ovf_U4 = 0xB8, "conv.ovf.u4", None, Next;
    Conv_Ovf_I8 = 0xB9, "conv.ovf.i8", None, Next;
    Conv_Ovf_U8 = 0xBA, "conv.ovf.u8", None, Next;
    Refanyval = 0xC2, "refanyval", Type, Next;
    Ckfinite = 0xC3, "ckfinite", None, Next;
    Mkrefany = 0xC6, "mkrefany", Type, Next;
    Ldtoken = 0xD0, "ldtoken", Tok, Next;
    Conv_U2 = 0xD1, "conv.u2", None, Next;
    Conv_U1 = 0xD2, "conv.u1", None, Next;
    Conv_I = 0xD3, "conv.i", None, Next;
    Conv_Ovf_I = 0xD4, "conv.ovf.i", None, Next;
    Conv_Ovf_U = 0xD5, "conv.ovf.u", None, Next;
    Add_Ovf = 0xD6, "add.ovf", None, Next;
    Add_Ovf_Un = 0xD7, "add.ovf.un", None, Next;
    Mul_Ovf = 0xD8, "mul.ovf", None, Next;
    Mul_Ovf_Un = 0xD9, "mul.ovf.un", None, Next;
    Sub_Ovf = 0xDA, "sub.ovf", None, Next;
    Sub_Ovf_Un = 0xDB, "sub.ovf.un", None, Next;
    Endfinally = 0xDC, "endfinally", None, Return;
    Leave = 0xDD, "leave", BrTarget, Branch;
    Leave_S = 0xDE, "leave.s", ShortBrTarget, Branch;
    Stind_I = 0xDF, "stind.i", None, Next;
    Conv_U = 0xE0, "conv.u", None, Next;
    Arglist = 0xFE00, "arglist", None, Next;
    Ceq = 0xFE01, "ceq", None, Next;
    Cgt = 0xFE02, "cgt", None, Next;
    Cgt_Un = 0xFE03, "cgt.un", None, Next;
    Clt = 0xFE04, "clt", None, Next;
    Clt_Un = 0xFE05, "clt.un", None, Next;
    Ldftn = 0xFE06, "ldftn", Method, Next;
    Ldvirtftn = 0xFE07, "ldvirtftn", Method, Next;
    Ldarg = 0xFE09, "ldarg", Var, Next;
    Ldarga = 0xFE0A, "ldarga", Var, Next;
    Starg = 0xFE0B, "starg", Var, Next;
    Ldloc = 0xFE0C, "ldloc", Var, Next;
    Ldloca = 0xFE0D, "ldloca", Var, Next;
    Stloc = 0xFE0E, "stloc", Var, Next;
    Localloc = 0xFE0F, "localloc", None, Next;
    Endfilter = 0xFE11, "endfilter", None, Return;
    Unaligned = 0xFE12, "unaligned.", U8, Meta;
    Volatile = 0xFE13, "volatile.", None, Meta;
    Tail = 0xFE14, "tail.", None, Meta;
    Initobj = 0xFE15, "initobj", Type, Next;
    Constrained = 0xFE16, "constrained.", Type, Meta;
    Cpblk = 0xFE17, "cpblk", None, Next;
    Initblk = 0xFE18, "initblk", None, Next;
    No = 0xFE19, "no.", U8, Meta;
    Rethrow = 0xFE1A, "rethrow", None, Throw;
    Sizeof = 0xFE1C, "sizeof", Type, Next;
    Refanytype = 0xFE1D, "refanytype", None, Next;
    Readonly = 0xFE1E, "readonly.", None, Meta;
}

impl Opcode {
    /// True for prefixes (`constrained.`, `volatile.`, `unaligned.`, `tail.`,
    /// `readonly.`, `no.`): they modify the instruction that follows.
    pub fn is_prefix(self) -> bool {
        self.flow_control() == FlowControl::Meta
    }
    /// Encoded size of the opcode itself (1 or 2 bytes).
    pub fn size(self) -> u32 {
        if (self as u16) >= 0xFE00 {
            2
        } else {
            1
        }
    }
}

static ONE_BYTE: [Option<Opcode>; 256] = {
    let mut t = [None; 256];
    let mut i = 0;
    while i < Opcode::ALL.len() {
        let op = Opcode::ALL[i];
        if (op as u16) < 0x100 {
            t[op as usize] = Some(op);
        }
        i += 1;
    }
    t
};

static TWO_BYTE: [Option<Opcode>; 32] = {
    let mut t = [None; 32];
    let mut i = 0;
    while i < Opcode::ALL.len() {
        let op = Opcode::ALL[i];
        if (op as u16) >= 0xFE00 {
            t[(op as u16 - 0xFE00) as usize] = Some(op);
        }
        i += 1;
    }
    t
};

/// The targets of a `switch`, as absolute IL offsets (borrowing the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SwitchTargets<'a> {
    table: &'a [u8],
    base: u32,
}

impl<'a> SwitchTargets<'a> {
    /// Number of targets.
    pub fn len(&self) -> usize {
        self.table.len() / 4
    }
    /// True when the switch has no targets.
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
    /// The offset of the instruction after the switch (all deltas are relative to it).
    pub fn base(&self) -> u32 {
        self.base
    }
    /// Target offsets, in case order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = u32> + 'a {
        let base = self.base as i64;
        self.table
            .chunks_exact(4)
            .map(move |c| (base + i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as i64) as u32)
    }
}

/// A decoded operand, typed by the opcode's [`OperandKind`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Operand<'a> {
    /// No operand.
    None,
    /// `ldc.i4`, `ldc.i4.s` (sign-extended).
    Int32(i32),
    /// `ldc.i8`.
    Int64(i64),
    /// `ldc.r4`.
    Float32(f32),
    /// `ldc.r8`.
    Float64(f64),
    /// Argument or local index (short or long form).
    Var(u16),
    /// `unaligned.` alignment / `no.` flags.
    UInt8(u8),
    /// Absolute IL offset of a branch target.
    Branch(u32),
    /// `switch` targets.
    Switch(SwitchTargets<'a>),
    /// A metadata token (method, field, type, signature or `ldtoken`).
    Token(Token),
    /// An `ldstr` user-string index.
    String(UserStringIndex),
}

/// One decoded instruction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instruction<'a> {
    /// IL offset of the first opcode byte.
    pub offset: u32,
    /// Encoded length (opcode + operand).
    pub len: u32,
    /// The opcode.
    pub opcode: Opcode,
    /// The operand.
    pub operand: Operand<'a>,
}

impl Instruction<'_> {
    /// Offset of the next instruction.
    pub fn next_offset(&self) -> u32 {
        self.offset + self.len
    }
}

impl std::fmt::Display for Instruction<'_> {
    /// `IL_0004: ldc.i4.s 5` (tokens in hex, branch targets as `IL_xxxx`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IL_{:04x}: {}", self.offset, self.opcode.name())?;
        match self.operand {
            Operand::None => Ok(()),
            Operand::Int32(v) => write!(f, " {v}"),
            Operand::Int64(v) => write!(f, " {v}"),
            Operand::Float32(v) => write!(f, " {v:?}"),
            Operand::Float64(v) => write!(f, " {v:?}"),
            Operand::Var(v) => write!(f, " {v}"),
            Operand::UInt8(v) => write!(f, " {v}"),
            Operand::Branch(t) => write!(f, " IL_{t:04x}"),
            Operand::Switch(s) => {
                let targets: Vec<String> = s.iter().map(|t| format!("IL_{t:04x}")).collect();
                write!(f, " ({})", targets.join(", "))
            }
            Operand::Token(t) => write!(f, " {t}"),
            Operand::String(s) => write!(f, " {:#010x}", 0x7000_0000 | s.0),
        }
    }
}

/// Iterator decoding IL code into [`Instruction`]s; stops after the first error.
#[derive(Debug, Clone)]
pub struct IlDecoder<'a> {
    code: &'a [u8],
    pos: usize,
    failed: bool,
}

impl<'a> IlDecoder<'a> {
    /// A decoder over `code` (a method body's IL).
    pub fn new(code: &'a [u8]) -> Self {
        IlDecoder {
            code,
            pos: 0,
            failed: false,
        }
    }

    /// Decodes the instruction at `offset` of `code`.
    ///
    /// # Errors
    /// [`MetadataError::BadIl`] for unknown opcodes, truncated operands or
    /// branch targets outside the code.
    #[inline]
    pub fn decode_at(code: &'a [u8], offset: usize) -> Result<Instruction<'a>> {
        let bad = |what, opcode: u16| MetadataError::BadIl {
            offset: offset as u32,
            what,
            opcode,
        };
        let b0 = *code
            .get(offset)
            .ok_or_else(|| bad("offset outside the code", 0))?;
        let (opcode, mut p) = if b0 == 0xFE {
            let b1 = *code
                .get(offset + 1)
                .ok_or_else(|| bad("truncated two-byte opcode", 0xFE))?;
            let op = TWO_BYTE
                .get(b1 as usize)
                .copied()
                .flatten()
                .ok_or_else(|| bad("unknown opcode", 0xFE00 | b1 as u16))?;
            (op, offset + 2)
        } else {
            (
                ONE_BYTE[b0 as usize].ok_or_else(|| bad("unknown opcode", b0 as u16))?,
                offset + 1,
            )
        };
        let op16 = opcode as u16;
        let mut take = |n: usize| -> Result<&'a [u8]> {
            let s = code
                .get(p..p + n)
                .ok_or_else(|| bad("truncated operand", op16))?;
            p += n;
            Ok(s)
        };
        let branch = |base: usize, delta: i64| -> Result<Operand<'a>> {
            let t = base as i64 + delta;
            if t < 0 || t >= code.len() as i64 {
                return Err(bad("branch target outside the method", op16));
            }
            Ok(Operand::Branch(t as u32))
        };
        let operand = match opcode.operand_kind() {
            OperandKind::None => Operand::None,
            OperandKind::ShortI => Operand::Int32(take(1)?[0] as i8 as i32),
            OperandKind::I => {
                Operand::Int32(i32::from_le_bytes(take(4)?.try_into().unwrap_or_default()))
            }
            OperandKind::I8 => {
                Operand::Int64(i64::from_le_bytes(take(8)?.try_into().unwrap_or_default()))
            }
            OperandKind::ShortR => {
                Operand::Float32(f32::from_le_bytes(take(4)?.try_into().unwrap_or_default()))
            }
            OperandKind::R => {
                Operand::Float64(f64::from_le_bytes(take(8)?.try_into().unwrap_or_default()))
            }
            OperandKind::ShortVar => Operand::Var(take(1)?[0] as u16),
            OperandKind::Var => {
                Operand::Var(u16::from_le_bytes(take(2)?.try_into().unwrap_or_default()))
            }
            OperandKind::U8 => Operand::UInt8(take(1)?[0]),
            OperandKind::ShortBrTarget => {
                let d = take(1)?[0] as i8 as i64;
                branch(p, d)?
            }
            OperandKind::BrTarget => {
                let d = i32::from_le_bytes(take(4)?.try_into().unwrap_or_default()) as i64;
                branch(p, d)?
            }
            OperandKind::Switch => {
                let n = u32::from_le_bytes(take(4)?.try_into().unwrap_or_default()) as usize;
                let bytes = n
                    .checked_mul(4)
                    .ok_or_else(|| bad("switch table too large", op16))?;
                let table = take(bytes)?;
                let targets = SwitchTargets {
                    table,
                    base: p as u32,
                };
                if targets.iter().any(|t| t as usize >= code.len()) {
                    return Err(bad("switch target outside the method", op16));
                }
                Operand::Switch(targets)
            }
            OperandKind::String => {
                let t = Token(u32::from_le_bytes(take(4)?.try_into().unwrap_or_default()));
                if t.table_byte() != Token::USER_STRING {
                    return Err(bad("ldstr operand is not a user-string token", op16));
                }
                Operand::String(UserStringIndex(t.rid()))
            }
            OperandKind::Method
            | OperandKind::Field
            | OperandKind::Type
            | OperandKind::Sig
            | OperandKind::Tok => Operand::Token(Token(u32::from_le_bytes(
                take(4)?.try_into().unwrap_or_default(),
            ))),
        };
        Ok(Instruction {
            offset: offset as u32,
            len: (p - offset) as u32,
            opcode,
            operand,
        })
    }
}

impl<'a> Iterator for IlDecoder<'a> {
    type Item = Result<Instruction<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.code.len() {
            return None;
        }
        match Self::decode_at(self.code, self.pos) {
            Ok(i) => {
                self.pos += i.len as usize;
                Some(Ok(i))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_cover_all_opcodes() {
        assert_eq!(Opcode::ALL.len(), 219);
        for &op in Opcode::ALL {
            assert_eq!(Opcode::from_u16(op as u16), Some(op));
            if op.size() == 1 {
                assert_eq!(ONE_BYTE[op as usize], Some(op));
            } else {
                assert_eq!(TWO_BYTE[(op as u16 - 0xFE00) as usize], Some(op));
            }
        }
        assert!(ONE_BYTE[0x24].is_none() && ONE_BYTE[0xFE].is_none());
    }

    #[test]
    fn decodes_prefixes_switch_and_tokens() {
        let code = [
            0xFE, 0x16, 0x01, 0x00, 0x00, 0x1B, // constrained. TypeSpec#1
            0xFE, 0x12, 0x04, // unaligned. 4
            0xFE, 0x13, // volatile.
            0xFE, 0x14, // tail.
            0x45, 2, 0, 0, 0, 0, 0, 0, 0, 0xF6, 0xFF, 0xFF, 0xFF, // switch (0, -10)
            0x72, 0x01, 0, 0, 0x70, // ldstr
            0xFE, 0x0C, 0x34, 0x12, // ldloc 0x1234
            0x2A,
        ];
        let insns: Vec<_> = IlDecoder::new(&code).collect::<Result<_>>().unwrap();
        assert_eq!(insns[0].opcode, Opcode::Constrained);
        assert!(insns[0].opcode.is_prefix());
        assert_eq!(insns[0].operand, Operand::Token(Token(0x1B00_0001)));
        assert_eq!(insns[1].operand, Operand::UInt8(4));
        assert_eq!(insns[2].opcode, Opcode::Volatile);
        assert_eq!(insns[3].opcode, Opcode::Tail);
        let Operand::Switch(s) = insns[4].operand else {
            panic!("not a switch")
        };
        assert_eq!(s.base(), 26);
        assert_eq!(s.iter().collect::<Vec<_>>(), vec![26, 16]);
        assert_eq!(insns[5].operand, Operand::String(UserStringIndex(1)));
        assert_eq!(insns[6].operand, Operand::Var(0x1234));
        assert_eq!(insns[7].opcode, Opcode::Ret);
        assert_eq!(insns[4].to_string(), "IL_000d: switch (IL_001a, IL_0010)");
        assert_eq!(insns[0].to_string(), "IL_0000: constrained. 0x1b000001");
    }

    #[test]
    fn malformed_il_is_an_error() {
        let e = IlDecoder::new(&[0x00, 0x24]).nth(1).unwrap().unwrap_err();
        assert_eq!(
            e,
            MetadataError::BadIl {
                offset: 1,
                what: "unknown opcode",
                opcode: 0x24
            }
        );
        assert!(IlDecoder::new(&[0x20, 1, 2]).next().unwrap().is_err());
        assert!(IlDecoder::new(&[0x2B, 0x10]).next().unwrap().is_err());
        assert!(IlDecoder::new(&[0x45, 0xFF, 0xFF, 0xFF, 0xFF])
            .next()
            .unwrap()
            .is_err());
        assert!(IlDecoder::new(&[0xFE]).next().unwrap().is_err());
        assert!(IlDecoder::new(&[0xFE, 0x08]).next().unwrap().is_err());
    }
}
