//! [`Cursor`]: creates instructions and appends them to a block in one step,
//! tagging each with the current IL location.
//!
//! ```
//! use kiln_ir::*;
//! let sig = Signature { params: vec![AbiParam::new(Type::I32)], returns: vec![AbiParam::new(Type::I32)] };
//! let mut func = Function::new("twice", sig);
//! let entry = func.dfg.make_block();
//! func.layout.append_block(entry);
//! let x = func.dfg.append_block_param(entry, Type::I32);
//! let mut cur = Cursor::new(&mut func, entry);
//! let y = cur.binary(BinaryOp::Iadd, x, x);
//! cur.ret(&[y]);
//! assert!(verify_function(&func).is_ok());
//! ```

use crate::entities::{Block, FuncRef, Inst, Value};
use crate::function::{Function, IlLoc};
use crate::instructions::{ArrayElem, FBinaryOp, FConvOp, FUnaryOp, FloatCC, TypeCheckOp};
use crate::instructions::{
    BinaryOp, BlockCall, CondTrapOp, ConvOp, InstData, IntCC, TrapCode, UnaryOp,
};
use crate::types::Type;

/// Sign-extends `imm` from the width of the integer type `ty` (the canonical
/// form of an `iconst` immediate). Non-integer types return `imm` unchanged.
pub fn canonical_imm(ty: Type, imm: i64) -> i64 {
    match ty.bits().filter(|_| ty.is_int()) {
        Some(bits) => (imm << (64 - bits)) >> (64 - bits),
        None => imm,
    }
}

/// Appends instructions to the end of one block.
#[derive(Debug)]
pub struct Cursor<'f> {
    /// The function being built.
    pub func: &'f mut Function,
    block: Block,
    loc: Option<IlLoc>,
}

impl<'f> Cursor<'f> {
    /// A cursor at the end of `block` (which must be in the layout).
    pub fn new(func: &'f mut Function, block: Block) -> Self {
        Self {
            func,
            block,
            loc: None,
        }
    }

    /// The block instructions are appended to.
    pub fn block(&self) -> Block {
        self.block
    }

    /// Moves to the end of another block.
    pub fn switch_to(&mut self, block: Block) {
        self.block = block;
    }

    /// Sets the IL location recorded on the following instructions.
    pub fn set_loc(&mut self, loc: Option<IlLoc>) {
        self.loc = loc;
    }

    /// Creates `data`, appends it, records the IL location and returns it.
    pub fn ins(&mut self, data: InstData) -> Inst {
        let inst = self.func.make_inst(data);
        self.func.layout.append_inst(inst, self.block);
        if self.loc.is_some() {
            self.func.srclocs[inst] = self.loc.clone();
        }
        inst
    }

    fn ins1(&mut self, data: InstData) -> Value {
        let inst = self.ins(data);
        self.func.dfg.inst_results(inst)[0]
    }

    /// `iconst.ty imm` (the immediate is canonicalized).
    pub fn iconst(&mut self, ty: Type, imm: i64) -> Value {
        let imm = canonical_imm(ty, imm);
        self.ins1(InstData::Iconst { ty, imm })
    }

    /// A unary operation.
    pub fn unary(&mut self, op: UnaryOp, arg: Value) -> Value {
        self.ins1(InstData::Unary { op, arg })
    }

    /// A binary operation.
    pub fn binary(&mut self, op: BinaryOp, a: Value, b: Value) -> Value {
        self.ins1(InstData::Binary { op, args: [a, b] })
    }

    /// `icmp cond a, b` (an `i32` 0 or 1).
    pub fn icmp(&mut self, cond: IntCC, a: Value, b: Value) -> Value {
        self.ins1(InstData::Icmp { cond, args: [a, b] })
    }

    /// An integer conversion to `ty`.
    pub fn conv(&mut self, op: ConvOp, arg: Value, ty: Type) -> Value {
        self.ins1(InstData::Conv { op, arg, ty })
    }

    /// `f32const bits`.
    pub fn f32const(&mut self, bits: u32) -> Value {
        self.ins1(InstData::F32const { bits })
    }

    /// `f64const bits`.
    pub fn f64const(&mut self, bits: u64) -> Value {
        self.ins1(InstData::F64const { bits })
    }

    /// A unary float operation.
    pub fn funary(&mut self, op: FUnaryOp, arg: Value) -> Value {
        self.ins1(InstData::FUnary { op, arg })
    }

    /// A binary float operation.
    pub fn fbinary(&mut self, op: FBinaryOp, a: Value, b: Value) -> Value {
        self.ins1(InstData::FBinary { op, args: [a, b] })
    }

    /// `fcmp cond a, b` (an `i32` 0 or 1).
    pub fn fcmp(&mut self, cond: FloatCC, a: Value, b: Value) -> Value {
        self.ins1(InstData::Fcmp { cond, args: [a, b] })
    }

    /// A conversion to or from a float type, to `ty`.
    pub fn fconv(&mut self, op: FConvOp, arg: Value, ty: Type) -> Value {
        self.ins1(InstData::FConv { op, arg, ty })
    }

    /// `trapz arg, code`.
    pub fn trapz(&mut self, arg: Value, code: TrapCode) -> Inst {
        self.ins(InstData::CondTrap {
            op: CondTrapOp::Trapz,
            arg,
            code,
        })
    }

    /// `trapnz arg, code`.
    pub fn trapnz(&mut self, arg: Value, code: TrapCode) -> Inst {
        self.ins(InstData::CondTrap {
            op: CondTrapOp::Trapnz,
            arg,
            code,
        })
    }

    /// `call func(args…)`; returns the instruction (its results are
    /// [`DataFlowGraph::inst_results`](crate::DataFlowGraph::inst_results)).
    pub fn call(&mut self, func: FuncRef, args: &[Value]) -> Inst {
        self.ins(InstData::Call {
            func,
            args: args.to_vec(),
        })
    }

    /// `local_alloc size` (an `i64` address).
    pub fn local_alloc(&mut self, size: Value) -> Value {
        self.ins1(InstData::LocalAlloc { arg: size })
    }

    /// `monitor_enter obj, flag` or `monitor_exit obj, flag`.
    pub fn monitor(&mut self, enter: bool, obj: Value, flag: Value) -> Inst {
        self.ins(InstData::Monitor {
            enter,
            args: [obj, flag],
        })
    }

    /// `null` (a `ref`).
    pub fn null(&mut self) -> Value {
        self.ins1(InstData::Null)
    }

    /// `load.ty base, offset`.
    pub fn load(&mut self, ty: Type, base: Value, offset: u32) -> Value {
        self.ins1(InstData::Load { ty, base, offset })
    }

    /// `store arg, base, offset`.
    pub fn store(&mut self, arg: Value, base: Value, offset: u32) -> Inst {
        self.ins(InstData::Store {
            args: [arg, base],
            offset,
        })
    }

    /// `string_const token` (a `ref`).
    pub fn string_const(&mut self, token: u32) -> Value {
        self.ins1(InstData::StringConst { token })
    }

    /// `cast_class`/`is_inst arg, type_token` (a `ref`).
    pub fn type_check(&mut self, op: TypeCheckOp, arg: Value, type_token: u32) -> Value {
        self.ins1(InstData::TypeCheck {
            op,
            arg,
            type_token,
        })
    }

    /// `new_array n, elem` (a `ref`).
    pub fn new_array(&mut self, n: Value, elem: ArrayElem) -> Value {
        self.ins1(InstData::NewArray { arg: n, elem })
    }

    /// `elem_addr a, i, scale, offset` (a `byref`).
    pub fn elem_addr(&mut self, a: Value, i: Value, scale: u8, offset: u32) -> Value {
        self.ins1(InstData::ElemAddr {
            args: [a, i],
            scale,
            offset,
        })
    }

    /// `v = elem_addr_ref a, i, token`.
    pub fn elem_addr_ref(&mut self, a: Value, i: Value, type_token: u32) -> Value {
        self.ins1(InstData::ElemAddrRef {
            args: [a, i],
            type_token,
        })
    }

    /// `store_elem_ref a, i, v`.
    pub fn store_elem_ref(&mut self, a: Value, i: Value, v: Value) -> Inst {
        self.ins(InstData::StoreElemRef { args: [a, i, v] })
    }

    /// `new_object type_token` (a `ref`).
    pub fn new_object(&mut self, type_token: u32) -> Value {
        self.ins1(InstData::NewObject { type_token })
    }

    /// `static_base_gc type_token` / `static_base_nongc type_token` (a `byref`).
    pub fn static_base(&mut self, gc: bool, type_token: u32) -> Value {
        self.ins1(InstData::StaticBase {
            gc,
            thread: false,
            type_token,
        })
    }

    /// `thread_static_base_gc type_token` / `thread_static_base_nongc
    /// type_token`: the calling thread's base of the class's thread-static
    /// fields (a `byref`).
    pub fn thread_static_base(&mut self, gc: bool, type_token: u32) -> Value {
        self.ins1(InstData::StaticBase {
            gc,
            thread: true,
            type_token,
        })
    }

    /// `runtime_lookup kind, token` (a `ref`, or a `byref` for a static
    /// field's address).
    pub fn runtime_lookup(&mut self, kind: crate::instructions::LookupKind, token: u32) -> Value {
        self.ins1(InstData::RuntimeLookup { kind, token })
    }

    /// `generic_lookup ctx, n` (an `i64` handle).
    pub fn generic_lookup(&mut self, ctx: Value, lookup: u32) -> Value {
        self.ins1(InstData::GenericLookup { arg: ctx, lookup })
    }

    /// `virtual_ftn obj, method_token` (an `i64` code pointer).
    pub fn virtual_ftn(&mut self, obj: Value, method_token: u32) -> Value {
        self.ins1(InstData::VirtualFtn {
            arg: obj,
            method_token,
        })
    }

    /// `<op> args…, handle` (a `ref`), see [`crate::HandleOp`].
    pub fn handle_call(&mut self, op: crate::instructions::HandleOp, args: Vec<Value>) -> Value {
        self.ins1(InstData::HandleCall { op, args })
    }

    /// `delegate_ctor d, target, method_token, type_token`.
    pub fn delegate_ctor(
        &mut self,
        d: Value,
        target: Value,
        method_token: u32,
        type_token: u32,
    ) -> Inst {
        self.ins(InstData::DelegateCtor {
            args: [d, target],
            method_token,
            type_token,
        })
    }

    /// `jump block(args…)`.
    pub fn jump(&mut self, block: Block, args: &[Value]) -> Inst {
        self.ins(InstData::Jump {
            dest: BlockCall::new(block, args.to_vec()),
        })
    }

    /// `brif arg, then_dest, else_dest`.
    pub fn brif(&mut self, arg: Value, then_dest: BlockCall, else_dest: BlockCall) -> Inst {
        self.ins(InstData::Brif {
            arg,
            then_dest,
            else_dest,
        })
    }

    /// `br_table arg, default, [targets…]`.
    pub fn br_table(&mut self, arg: Value, default: BlockCall, targets: Vec<BlockCall>) -> Inst {
        self.ins(InstData::BrTable {
            arg,
            default,
            targets,
        })
    }

    /// `return args…`.
    pub fn ret(&mut self, args: &[Value]) -> Inst {
        self.ins(InstData::Return {
            args: args.to_vec(),
        })
    }

    /// `trap code`.
    pub fn trap(&mut self, code: TrapCode) -> Inst {
        self.ins(InstData::Trap { code })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_immediates() {
        assert_eq!(canonical_imm(Type::I32, 0xffff_ffff), -1);
        assert_eq!(canonical_imm(Type::I8, 0x80), -128);
        assert_eq!(canonical_imm(Type::I64, i64::MIN), i64::MIN);
        assert_eq!(canonical_imm(Type::I16, 0x1_2345), 0x2345);
    }
}
