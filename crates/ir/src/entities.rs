//! The entity newtypes of a function and [`AnyEntity`], the location type of
//! verifier errors.
//!
//! Each entity prints with a prefix so text IR and error messages agree:
//! `v3` (value), `block2`, `inst7`, `ss0` (stack slot), `fn1` (external
//! function), `st0` (struct layout).

use crate::entity::entity_impl;
use std::fmt;

/// An SSA value: the result of an instruction or a block parameter.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Value(u32);
entity_impl!(Value, "v");

/// A basic block.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Block(u32);
entity_impl!(Block, "block");

/// An instruction (its data lives in the data-flow graph, its position in the
/// layout).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Inst(u32);
entity_impl!(Inst, "inst");

/// A stack slot: a fixed-size region of the frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StackSlot(u32);
entity_impl!(StackSlot, "ss");

/// An external function a `call` can name: a signature plus the callee's
/// identity.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FuncRef(u32);
entity_impl!(FuncRef, "fn");

/// A by-value struct layout (size, alignment, GC layout) used by
/// [`Type::Struct`](crate::Type::Struct).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StructRef(u32);
entity_impl!(StructRef, "st");

/// Any entity of a function: where a verifier error is located.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum AnyEntity {
    /// The function as a whole (its signature, its entry).
    Function,
    /// A block.
    Block(Block),
    /// An instruction.
    Inst(Inst),
    /// A value.
    Value(Value),
    /// A stack slot.
    StackSlot(StackSlot),
    /// An external function.
    FuncRef(FuncRef),
    /// A struct layout.
    StructRef(StructRef),
}

impl fmt::Display for AnyEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnyEntity::Function => f.write_str("function"),
            AnyEntity::Block(e) => e.fmt(f),
            AnyEntity::Inst(e) => e.fmt(f),
            AnyEntity::Value(e) => e.fmt(f),
            AnyEntity::StackSlot(e) => e.fmt(f),
            AnyEntity::FuncRef(e) => e.fmt(f),
            AnyEntity::StructRef(e) => e.fmt(f),
        }
    }
}

macro_rules! any_from {
    ($($t:ident),*) => {$(
        impl From<$t> for AnyEntity {
            fn from(e: $t) -> Self {
                AnyEntity::$t(e)
            }
        }
    )*};
}
any_from!(Block, Inst, Value, StackSlot, FuncRef, StructRef);
