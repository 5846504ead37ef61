//! Where arguments travel under the managed SysV x64 convention.
//!
//! Integer and reference arguments take RDI, RSI, RDX, RCX, R8, R9 in
//! order; `f32`/`f64` arguments take XMM0–XMM7 in order, the two sequences
//! counted independently; every argument that finds no register goes to
//! the stack, 8 bytes each, in parameter order (System V AMD64 psABI
//! §3.2.3; CoreCLR follows it for primitive types: `clr-abi.md`). A float
//! return comes back in XMM0, anything else in RAX; a second return value
//! (a struct's second eightbyte) in XMM1 or RDX ([`return_locs`]). A stack slot holding an
//! `f32` has the value in its low 4 bytes.

use kiln_ir::{AbiParam, Type};

use super::moves::Loc;

/// Integer argument registers of the managed SysV convention, in order
/// (RDI, RSI, RDX, RCX, R8, R9).
pub const ARG_REGS: [u8; 6] = [7, 6, 2, 1, 8, 9];

/// Number of XMM argument registers (XMM0–XMM7).
pub const XMM_ARG_REGS: u8 = 8;

/// Where one argument is passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgLoc {
    /// A register ([`Loc::Reg`] or [`Loc::Xmm`]).
    Reg(Loc),
    /// Stack argument `n` (`[rsp + 8n]` at the call, `[rbp + 16 + 8n]` in
    /// the callee).
    Stack(u32),
}

impl ArgLoc {
    /// The location for the callee (incoming stack arguments are `InArg`).
    pub fn incoming(self) -> Loc {
        match self {
            ArgLoc::Reg(l) => l,
            ArgLoc::Stack(n) => Loc::InArg(n),
        }
    }

    /// The location for the caller (outgoing stack arguments are `OutArg`).
    pub fn outgoing(self) -> Loc {
        match self {
            ArgLoc::Reg(l) => l,
            ArgLoc::Stack(n) => Loc::OutArg(n),
        }
    }

    /// The argument's GCRefMap position: the index of its integer argument
    /// register, or `GCREFMAP_FIRST_STACK_POS + n` for stack argument `n`
    /// (crossgen2 `GCRefMapBuilder`, TransitionBlock on linux-x64). `None`
    /// for XMM registers (never references).
    pub fn gc_ref_map_pos(self) -> Option<usize> {
        match self {
            ArgLoc::Reg(Loc::Reg(r)) => ARG_REGS.iter().position(|&a| a == r),
            ArgLoc::Reg(_) => None,
            ArgLoc::Stack(n) => {
                Some(kiln_runtime_abi::abi::GCREFMAP_FIRST_STACK_POS as usize + n as usize)
            }
        }
    }
}

/// The location of each argument of the given parameters, and how many
/// stack slots they take. A parameter marked [`AbiParam::stack`] (an
/// eightbyte of a struct passed in memory) takes the next stack slot even
/// when registers are left.
pub fn arg_locs(params: impl IntoIterator<Item = AbiParam>) -> (Vec<ArgLoc>, u32) {
    let (mut ints, mut floats, mut stack) = (0usize, 0u8, 0u32);
    let mut out = Vec::new();
    for p in params {
        let ty = p.ty;
        let loc = if p.stack {
            stack += 1;
            ArgLoc::Stack(stack - 1)
        } else if ty.is_float() {
            if floats < XMM_ARG_REGS {
                floats += 1;
                ArgLoc::Reg(Loc::Xmm(floats - 1))
            } else {
                stack += 1;
                ArgLoc::Stack(stack - 1)
            }
        } else if let Some(&r) = ARG_REGS.get(ints) {
            ints += 1;
            ArgLoc::Reg(Loc::Reg(r))
        } else {
            stack += 1;
            ArgLoc::Stack(stack - 1)
        };
        out.push(loc);
    }
    (out, stack)
}

/// Where each return value of the given types comes back: integer and
/// reference values in RAX then RDX, floats in XMM0 then XMM1, the two
/// sequences counted independently — a struct of two eightbytes comes back
/// as INTEGER+INTEGER in RAX:RDX, SSE+SSE in XMM0:XMM1, INTEGER+SSE in
/// RAX:XMM0, SSE+INTEGER in XMM0:RAX (System V AMD64 psABI §3.2.3,
/// "Returning of values"). `None` for more than two of a kind.
pub fn return_locs(types: impl IntoIterator<Item = Type>) -> Option<Vec<Loc>> {
    const INT_RETURN_REGS: [u8; 2] = [0, 2];
    let (mut ints, mut floats) = (0usize, 0u8);
    let mut out = Vec::new();
    for ty in types {
        if ty.is_float() {
            if floats >= 2 {
                return None;
            }
            out.push(Loc::Xmm(floats));
            floats += 1;
        } else {
            out.push(Loc::Reg(*INT_RETURN_REGS.get(ints)?));
            ints += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_count_independently() {
        let (locs, stack) = arg_locs(
            [
                Type::F64,
                Type::I32,
                Type::F32,
                Type::Ref,
                Type::I64,
                Type::I64,
                Type::I64,
                Type::I64,
                Type::I64, // 7th integer: stack 0
                Type::F64,
                Type::F64,
                Type::F64,
                Type::F64,
                Type::F64,
                Type::F64,
                Type::F64, // 9th float: stack 1
            ]
            .map(AbiParam::new),
        );
        assert_eq!(locs[0], ArgLoc::Reg(Loc::Xmm(0)));
        assert_eq!(locs[1], ArgLoc::Reg(Loc::Reg(7)));
        assert_eq!(locs[2], ArgLoc::Reg(Loc::Xmm(1)));
        assert_eq!(locs[3], ArgLoc::Reg(Loc::Reg(6)));
        assert_eq!(locs[3].gc_ref_map_pos(), Some(1));
        assert_eq!(locs[8], ArgLoc::Stack(0));
        assert_eq!(locs[14], ArgLoc::Reg(Loc::Xmm(7)));
        assert_eq!(locs[14].gc_ref_map_pos(), None);
        assert_eq!(locs[15], ArgLoc::Stack(1));
        assert_eq!(stack, 2);
        assert_eq!(locs[15].gc_ref_map_pos(), Some(14));
    }

    #[test]
    fn stack_params_skip_the_registers() {
        // (long, struct of 2 eightbytes in memory, long): the struct takes
        // stack slots 0 and 1, the longs RDI and RSI.
        let (locs, stack) = arg_locs([
            AbiParam::new(Type::I64),
            AbiParam::on_stack(Type::I64),
            AbiParam::on_stack(Type::Ref),
            AbiParam::new(Type::I64),
        ]);
        assert_eq!(
            locs,
            [
                ArgLoc::Reg(Loc::Reg(7)),
                ArgLoc::Stack(0),
                ArgLoc::Stack(1),
                ArgLoc::Reg(Loc::Reg(6)),
            ]
        );
        assert_eq!(stack, 2);
    }

    #[test]
    fn two_eightbyte_returns() {
        let r = |t: &[Type]| return_locs(t.iter().copied());
        assert_eq!(r(&[Type::I64]), Some(vec![Loc::Reg(0)]));
        assert_eq!(r(&[Type::F64]), Some(vec![Loc::Xmm(0)]));
        assert_eq!(
            r(&[Type::I64, Type::Ref]),
            Some(vec![Loc::Reg(0), Loc::Reg(2)])
        );
        assert_eq!(
            r(&[Type::F64, Type::F64]),
            Some(vec![Loc::Xmm(0), Loc::Xmm(1)])
        );
        assert_eq!(
            r(&[Type::I64, Type::F64]),
            Some(vec![Loc::Reg(0), Loc::Xmm(0)])
        );
        assert_eq!(
            r(&[Type::F64, Type::I64]),
            Some(vec![Loc::Xmm(0), Loc::Reg(0)])
        );
        assert_eq!(r(&[Type::I64, Type::I64, Type::I64]), None);
    }
}
