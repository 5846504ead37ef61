//! The function: signature, data-flow graph (what), layout (where), and the
//! side tables for calls, stack slots, struct layouts and IL locations.
//!
//! Data flow is kept apart from program order (Cranelift's `dfg`/`layout`
//! split): [`DataFlowGraph`] owns instructions, values and block parameters in
//! creation order; [`Layout`] says which blocks are in the function, in which
//! order, and which instructions each holds. Creating an instruction does not
//! place it; a [`Cursor`](crate::Cursor) does both.

use crate::eh::{EhClause, EhClauseData, Region};
use crate::entities::{Block, FuncRef, Inst, StackSlot, StructRef, Value};
use crate::entity::{PrimaryMap, SecondaryMap};
use crate::instructions::InstData;
use crate::types::Type;

/// How a small integer argument or return value is widened to a full
/// register by the side that produces it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub enum ArgExt {
    /// No widening (32/64-bit integers, floats, references).
    #[default]
    None,
    /// Sign-extend (`int8`, `int16`).
    Sext,
    /// Zero-extend (`uint8`, `bool`, `uint16`, `char`).
    Uext,
}

/// One parameter or return value of a signature.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct AbiParam {
    /// Its IR type.
    pub ty: Type,
    /// How a small integer is widened.
    pub ext: ArgExt,
    /// Passed on the stack even while argument registers are left: an
    /// eightbyte of a struct passed in memory (System V class MEMORY, or a
    /// struct that no longer fits the registers: the whole struct then goes
    /// to the stack). Text: `stack` after the type.
    pub stack: bool,
}

impl AbiParam {
    /// A parameter of type `ty` with no extension.
    pub fn new(ty: Type) -> Self {
        Self {
            ty,
            ext: ArgExt::None,
            stack: false,
        }
    }

    /// A parameter with an explicit extension.
    pub fn with_ext(ty: Type, ext: ArgExt) -> Self {
        Self {
            ty,
            ext,
            stack: false,
        }
    }

    /// A parameter always passed on the stack (see [`AbiParam::stack`]).
    pub fn on_stack(ty: Type) -> Self {
        Self {
            ty,
            ext: ArgExt::None,
            stack: true,
        }
    }
}

/// A function signature in IR terms, under the managed calling convention
/// (SysV on Linux x64; the backend owns the register assignment).
///
/// For an instance method, the first parameter is `this` (a `ref`, or a
/// `byref` for value types) — the IR does not treat it specially.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Signature {
    /// Parameters, in order.
    pub params: Vec<AbiParam>,
    /// Return values (zero or one for IL methods).
    pub returns: Vec<AbiParam>,
}

/// The identity of a callee: what the backend turns into a call through an
/// import cell.
///
/// The backend emits every call as `call qword ptr [rip+cell]` on a
/// `kiln_runtime_abi::stencil::ImportSection::MethodCall` import whose fixup signature names the callee (READYTORUN_FIXUP_MethodEntry_DefToken
/// for a MethodDef token, READYTORUN_FIXUP_MethodEntry_RefToken for a
/// MemberRef token, each followed by the token's compressed RID; see
/// `docs/design/coreclr/botr/readytorun-format.md`, "Fixup signatures").
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Callee {
    /// A method named by a token in the metadata of the module being compiled:
    /// a MethodDef (`0x06xxxxxx`, same assembly) or a MemberRef
    /// (`0x0Axxxxxx`, usually another assembly).
    Token(u32),
    /// A method named only by a whole R2R method signature: the
    /// [`Function::method_sigs`] entry keyed by this number (below
    /// `0x0100_0000`, so no metadata token is ever equal to it). A
    /// `constrained.` call the runtime resolves to a value type's own
    /// method (`MethodEntry` with the `Constrained` flag), which no token of
    /// the module names. Direct calls only. Text: `sig n`.
    Signature(u32),
}

/// How a call reaches its callee.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug, Default)]
pub enum Dispatch {
    /// The named method itself (IL `call`, or `callvirt` of a non-virtual
    /// method): a `MethodEntry` cell.
    #[default]
    Direct,
    /// The override of the named virtual or interface method for the
    /// runtime type of the first argument (`this`, a non-null `ref`: the
    /// producer null-checks it), through a virtual-stub-dispatch cell
    /// (`VirtualEntry` fixup, IL `callvirt`, ECMA-335 III.4.2).
    Virtual,
    /// Like [`Dispatch::Virtual`], through a virtual-stub-dispatch
    /// indirection cell whose address the call's last argument holds (an
    /// `i64` from a `generic_lookup`, not an argument of the callee): shared
    /// code calling a method of an interface instantiated over its type
    /// parameters, which the runtime dispatches by the exact interface
    /// (`DispatchStubAddrSlot` of the generic dictionary,
    /// src/coreclr/vm/genericdict.cpp). Text: `virtual_cell`.
    VirtualCell,
}

impl Dispatch {
    /// Dispatch on the runtime type of `this` (a stub that must not see
    /// null).
    pub fn is_virtual(self) -> bool {
        matches!(self, Dispatch::Virtual | Dispatch::VirtualCell)
    }

    /// How many call arguments are not the callee's parameters (the
    /// dispatch cell of [`Dispatch::VirtualCell`]).
    pub fn extra_args(self) -> usize {
        usize::from(self == Dispatch::VirtualCell)
    }
}

/// An external function a `call` can name.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ExtFuncData {
    /// Human-readable name (`System.Console::WriteLine`), for dumps only.
    pub name: String,
    /// The callee's signature.
    pub signature: Signature,
    /// Who is called.
    pub callee: Callee,
    /// How: directly or by virtual dispatch on the first argument.
    pub dispatch: Dispatch,
}

/// A fixed-size region of the stack frame.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct StackSlotData {
    /// Size in bytes.
    pub size: u32,
    /// Alignment in bytes (a power of two).
    pub align: u32,
    /// The layout of the struct it holds, if any (for GC reporting).
    pub layout: Option<StructRef>,
    /// The GC references it holds are reported pinned (`GC_SLOT_PINNED`):
    /// a `pinned` local (ECMA-335 II.7.1.2), whose object must not move
    /// while the code uses its address as an unmanaged pointer.
    pub pinned: bool,
}

/// A value type's layout, as the backend needs it for by-value structs.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct StructLayout {
    /// Size in bytes.
    pub size: u32,
    /// Alignment in bytes (a power of two).
    pub align: u32,
    /// Byte offsets of object-reference fields (pointer-aligned), ascending.
    pub refs: Vec<u32>,
    /// Byte offsets of managed-pointer fields (byref-like structs), ascending.
    pub byrefs: Vec<u32>,
    /// The TypeDef/TypeRef/TypeSpec token of the type in the compiled module
    /// (for layout-check fixups).
    pub token: u32,
}

/// Where an instruction came from in the IL: the offset of the IL
/// instruction and its mnemonic (`IL_0004 add`).
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct IlLoc {
    /// Offset of the IL instruction from the start of the method body's code.
    pub offset: u32,
    /// Its mnemonic, as ECMA-335 Partition III spells it (`ldc.i4.s`).
    pub opcode: Box<str>,
}

impl IlLoc {
    /// A location.
    pub fn new(offset: u32, opcode: &str) -> Self {
        Self {
            offset,
            opcode: opcode.into(),
        }
    }
}

/// Where a value is defined.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ValueDef {
    /// The `n`-th result of an instruction.
    Result(Inst, u16),
    /// The `n`-th parameter of a block.
    Param(Block, u16),
    /// Defined nowhere: a removed block parameter, or an index the text
    /// parser skipped. Using it is a verifier error.
    Detached,
}

/// A value's type and definition.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct ValueData {
    /// Its type.
    pub ty: Type,
    /// Where it is defined.
    pub def: ValueDef,
}

/// Instructions, values and block parameters, in creation order.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct DataFlowGraph {
    pub(crate) insts: PrimaryMap<Inst, InstData>,
    pub(crate) results: SecondaryMap<Inst, Vec<Value>>,
    pub(crate) values: PrimaryMap<Value, ValueData>,
    pub(crate) blocks: PrimaryMap<Block, Vec<Value>>,
}

impl DataFlowGraph {
    /// Creates an instruction with results of the given types (not placed in
    /// the layout). Prefer [`Function::make_inst`], which infers the types.
    pub fn make_inst_with_results(&mut self, data: InstData, result_types: &[Type]) -> Inst {
        let inst = self.insts.push(data);
        let results = result_types
            .iter()
            .enumerate()
            .map(|(i, &ty)| {
                self.values.push(ValueData {
                    ty,
                    def: ValueDef::Result(inst, i as u16),
                })
            })
            .collect();
        self.results[inst] = results;
        inst
    }

    /// Creates a block with no parameters (not placed in the layout).
    pub fn make_block(&mut self) -> Block {
        self.blocks.push(Vec::new())
    }

    /// Appends a parameter of type `ty` to `block`.
    pub fn append_block_param(&mut self, block: Block, ty: Type) -> Value {
        let n = self.blocks[block].len() as u16;
        let v = self.values.push(ValueData {
            ty,
            def: ValueDef::Param(block, n),
        });
        self.blocks[block].push(v);
        v
    }

    /// Removes the `index`-th parameter of `block`, renumbering the ones after
    /// it. The removed value stays allocated but is defined nowhere; the
    /// caller must remove its uses and the matching branch arguments.
    pub fn remove_block_param(&mut self, block: Block, index: usize) -> Value {
        let v = self.blocks[block].remove(index);
        self.values[v].def = ValueDef::Detached;
        for (i, &p) in self.blocks[block].iter().enumerate().skip(index) {
            self.values[p].def = ValueDef::Param(block, i as u16);
        }
        v
    }

    /// The parameters of `block`.
    pub fn block_params(&self, block: Block) -> &[Value] {
        &self.blocks[block]
    }

    /// The instruction's opcode and operands.
    pub fn inst(&self, inst: Inst) -> &InstData {
        &self.insts[inst]
    }

    /// Mutable access to an instruction's operands. Changing the opcode in a
    /// way that changes its result types is a bug.
    pub fn inst_mut(&mut self, inst: Inst) -> &mut InstData {
        &mut self.insts[inst]
    }

    /// The results of an instruction.
    pub fn inst_results(&self, inst: Inst) -> &[Value] {
        &self.results[inst]
    }

    /// The type of a value.
    pub fn value_type(&self, v: Value) -> Type {
        self.values[v].ty
    }

    /// Where a value is defined.
    pub fn value_def(&self, v: Value) -> ValueDef {
        self.values[v].def
    }

    /// Whether `v` was allocated.
    pub fn value_is_valid(&self, v: Value) -> bool {
        self.values.is_valid(v)
    }

    /// Whether `inst` was allocated.
    pub fn inst_is_valid(&self, inst: Inst) -> bool {
        self.insts.is_valid(inst)
    }

    /// Whether `block` was allocated.
    pub fn block_is_valid(&self, block: Block) -> bool {
        self.blocks.is_valid(block)
    }

    /// Number of instructions ever created.
    pub fn num_insts(&self) -> usize {
        self.insts.len()
    }

    /// Number of values ever created.
    pub fn num_values(&self) -> usize {
        self.values.len()
    }

    /// Number of blocks ever created.
    pub fn num_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Every instruction ever created, in creation order (including ones
    /// not in the layout).
    pub fn insts(&self) -> impl ExactSizeIterator<Item = (Inst, &InstData)> {
        self.insts.iter()
    }
}

/// The order of blocks and of the instructions inside them.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Layout {
    blocks: Vec<Block>,
    block_insts: SecondaryMap<Block, Vec<Inst>>,
    inst_block: SecondaryMap<Inst, Option<Block>>,
    inserted: SecondaryMap<Block, bool>,
}

impl Layout {
    /// Appends `block` at the end of the function.
    ///
    /// # Panics
    /// If the block is already in the layout.
    pub fn append_block(&mut self, block: Block) {
        assert!(!self.inserted[block], "{block} is already in the layout");
        self.inserted[block] = true;
        self.blocks.push(block);
    }

    /// Puts the blocks of the layout in the order `order`, which must hold
    /// exactly the blocks already in it.
    ///
    /// # Panics
    /// If `order` is not a permutation of the layout's blocks.
    pub fn set_block_order(&mut self, order: Vec<Block>) {
        let mut old = self.blocks.clone();
        let mut new = order.clone();
        old.sort();
        new.sort();
        assert!(
            old == new,
            "set_block_order: not a permutation of the layout"
        );
        self.blocks = order;
    }

    /// Whether `block` is in the layout.
    pub fn is_block_inserted(&self, block: Block) -> bool {
        self.inserted[block]
    }

    /// The blocks in layout order.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The entry block (the first one), if any.
    pub fn entry_block(&self) -> Option<Block> {
        self.blocks.first().copied()
    }

    /// Appends `inst` at the end of `block`.
    ///
    /// # Panics
    /// If the instruction is already placed or the block is not in the layout.
    pub fn append_inst(&mut self, inst: Inst, block: Block) {
        assert!(self.inserted[block], "{block} is not in the layout");
        assert!(self.inst_block[inst].is_none(), "{inst} is already placed");
        self.inst_block[inst] = Some(block);
        self.block_insts[block].push(inst);
    }

    /// The instructions of `block`, in order.
    pub fn block_insts(&self, block: Block) -> &[Inst] {
        &self.block_insts[block]
    }

    /// The last instruction of `block` (its terminator in valid IR).
    pub fn last_inst(&self, block: Block) -> Option<Inst> {
        self.block_insts[block].last().copied()
    }

    /// The block holding `inst`, if placed.
    pub fn inst_block(&self, inst: Inst) -> Option<Block> {
        self.inst_block[inst]
    }

    /// Removes `inst` from its block (it stays in the data-flow graph; its
    /// results must have no uses). Does nothing if it is not placed.
    pub fn remove_inst(&mut self, inst: Inst) {
        if let Some(block) = self.inst_block[inst].take() {
            self.block_insts[block].retain(|&i| i != inst);
        }
    }

    /// Removes `block` and its instructions from the layout (they stay in the
    /// data-flow graph).
    pub fn remove_block(&mut self, block: Block) {
        if !self.inserted[block] {
            return;
        }
        self.inserted[block] = false;
        self.blocks.retain(|&b| b != block);
        for inst in std::mem::take(&mut self.block_insts[block]) {
            self.inst_block[inst] = None;
        }
    }
}

/// A function in IR form.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct Function {
    /// Human-readable name (`Program::Main`), for dumps only.
    pub name: String,
    /// The function's own signature; the entry block's parameters match its
    /// parameter types.
    pub signature: Signature,
    /// Instructions, values, block parameters.
    pub dfg: DataFlowGraph,
    /// Block and instruction order.
    pub layout: Layout,
    /// External functions called.
    pub ext_funcs: PrimaryMap<FuncRef, ExtFuncData>,
    /// Stack slots.
    pub stack_slots: PrimaryMap<StackSlot, StackSlotData>,
    /// Struct layouts used by [`Type::Struct`].
    pub struct_types: PrimaryMap<StructRef, StructLayout>,
    /// IL location of each instruction (absent for instructions with no IL
    /// origin).
    pub srclocs: SecondaryMap<Inst, Option<IlLoc>>,
    /// Field offsets the code assumes that the runtime must confirm before
    /// running it (a class whose base or field types are outside the version
    /// bubble): the method is rejected, and JIT-compiled, if one differs
    /// (`READYTORUN_FIXUP_Check_FieldOffset`). Text: `check_field_offset
    /// token, offset` in the preamble.
    pub field_offset_checks: Vec<FieldOffsetCheck>,
    /// Value-type layouts the code assumes that the runtime must confirm
    /// before running it (a value type of another version bubble, or one
    /// embedding such a type, kept in memory or passed by value): the
    /// method is rejected, and JIT-compiled, if one differs
    /// (`READYTORUN_FIXUP_Check_TypeLayout`). Text: `check_type_layout
    /// "type sig hex", "layout hex"` in the preamble.
    pub type_layout_checks: Vec<TypeLayoutCheck>,
    /// Type signatures for tokens the backend cannot turn into a fixup on
    /// its own, in the preamble as `type_sig token, "hex bytes"`:
    /// * a callee token (MethodDef `0x06…`/MemberRef `0x0A…`) → the owner
    ///   type its `MethodEntry`/`VirtualEntry` fixup names explicitly (R2R
    ///   method signature flag `OwnerType`, readytorun-format.md): shared
    ///   code calling a member of an instantiation over its own type
    ///   parameters names the canonical instantiation (`Cell<__Canon>`);
    /// * a TypeSpec token (`0x1B…`) of `new_object` → the type itself (its
    ///   blob, ECMA-335 II.23.2.14), for the `TypeHandle` fixup;
    /// * a field token of [`Function::field_offset_checks`] → the owner its
    ///   `Check_FieldOffset` fixup names (shared code: `Cell<__Canon>`).
    pub type_sigs: Vec<TokenTypeSig>,
    /// Whole R2R method signatures (readytorun-format.md, "Method
    /// signatures": flags, owner, token, instantiation) for callee tokens
    /// whose `MethodEntry` fixup must say more than the token: an exact
    /// generic instantiation named with the `InstantiatingStub` flag (a
    /// MethodSpec `0x2B…`, or a MemberRef of a static method of a generic
    /// type), or by the number of a [`Callee::Signature`]. Text:
    /// `method_sig token, "hex bytes"` in the preamble.
    pub method_sigs: Vec<TokenTypeSig>,
    /// The generic dictionary lookups of shared code, indexed by
    /// [`InstData::GenericLookup`]'s `lookup` (the entry's `token` is that
    /// index): each a whole R2R fixup signature — `ThisObjDictionaryLookup`
    /// (with the context type), `TypeDictionaryLookup` or
    /// `MethodDictionaryLookup`, then the inner fixup (`TypeHandle`,
    /// `MethodHandle`, …) over the method's type parameters (crossgen2
    /// `GenericLookupSignature`). Text: `generic_lookup n, "hex bytes"` in
    /// the preamble.
    pub generic_lookups: Vec<TokenTypeSig>,
    /// Exception-handling clauses, innermost first (IL order); see
    /// [`crate::eh`]. Text: `ehN = kind …` in the preamble.
    pub eh_clauses: PrimaryMap<EhClause, EhClauseData>,
    /// The funclet and innermost protected region of each block (default:
    /// the main body, unprotected). Text: `[handler eh0, try eh1]` after a
    /// block's parameters.
    pub regions: SecondaryMap<Block, Region>,
}

/// A token's type signature (see [`Function::type_sigs`]) or method
/// signature ([`Function::method_sigs`]).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct TokenTypeSig {
    /// The token in the compiled module.
    pub token: u32,
    /// An R2R type signature (ECMA-335 II.23.2.12 with the R2R extensions,
    /// e.g. `ELEMENT_TYPE_CANON_ZAPSIG`) in the compiled module's token
    /// context.
    pub sig: Vec<u8>,
}

/// An assumed field offset (see [`Function::field_offset_checks`]).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct FieldOffsetCheck {
    /// The field's token in the compiled module (FieldDef `0x04…` or
    /// MemberRef `0x0A…`).
    pub field_token: u32,
    /// The offset the code uses (classes: including the MethodTable
    /// pointer).
    pub offset: u32,
}

/// An assumed value-type layout (see [`Function::type_layout_checks`]).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct TypeLayoutCheck {
    /// The type's R2R type signature in the compiled module's token context.
    pub type_sig: Vec<u8>,
    /// The encoded layout record that follows the type in the fixup
    /// (flags, size, alignment, GC map: readytorun.h
    /// `ReadyToRunTypeLayoutFlags`), opaque to the IR.
    pub layout: Vec<u8>,
}

impl Function {
    /// An empty function.
    pub fn new(name: impl Into<String>, signature: Signature) -> Self {
        Self {
            name: name.into(),
            signature,
            ..Default::default()
        }
    }

    /// The type signature recorded for `token`, if any (see
    /// [`Function::type_sigs`]).
    pub fn type_sig(&self, token: u32) -> Option<&[u8]> {
        self.type_sigs
            .iter()
            .find(|o| o.token == token)
            .map(|o| o.sig.as_slice())
    }

    /// The method signature recorded for callee `token`, if any (see
    /// [`Function::method_sigs`]).
    pub fn method_sig(&self, token: u32) -> Option<&[u8]> {
        self.method_sigs
            .iter()
            .find(|o| o.token == token)
            .map(|o| o.sig.as_slice())
    }

    /// Lookup `n` of [`Function::generic_lookups`], if recorded.
    pub fn generic_lookup(&self, n: u32) -> Option<&[u8]> {
        self.generic_lookups
            .iter()
            .find(|o| o.token == n)
            .map(|o| o.sig.as_slice())
    }

    /// Records a generic dictionary lookup's fixup signature and returns
    /// its index (an identical one recorded before is reused).
    pub fn add_generic_lookup(&mut self, sig: Vec<u8>) -> u32 {
        if let Some(o) = self.generic_lookups.iter().find(|o| o.sig == sig) {
            return o.token;
        }
        let n = self.generic_lookups.len() as u32;
        self.generic_lookups.push(TokenTypeSig { token: n, sig });
        n
    }

    /// Declares an external function.
    pub fn import_function(&mut self, data: ExtFuncData) -> FuncRef {
        self.ext_funcs.push(data)
    }

    /// Creates a stack slot.
    pub fn create_stack_slot(&mut self, data: StackSlotData) -> StackSlot {
        self.stack_slots.push(data)
    }

    /// Creates an instruction (not placed in the layout) with result values
    /// typed by the instruction's rules:
    ///
    /// | instruction | results |
    /// |---|---|
    /// | `iconst.T`, `conv.T`, `stack_load.T` | one `T` |
    /// | `f32const` / `f64const` | one `f32` / `f64` |
    /// | `unary`, `binary` | one, the type of the first operand |
    /// | `icmp` | one `i32` |
    /// | `stack_addr` | one `byref` |
    /// | `runtime_lookup` | one `ref` (handles) or `byref` (static field address) |
    /// | `call fnN` | the returns of `fnN`'s signature |
    /// | the rest | none |
    ///
    /// # Panics
    /// If an operand value or the `FuncRef` of a call does not exist.
    pub fn make_inst(&mut self, data: InstData) -> Inst {
        let types = self.result_types(&data);
        self.dfg.make_inst_with_results(data, &types)
    }

    /// The result types `data` would get from [`Function::make_inst`].
    ///
    /// # Panics
    /// If an operand value or the `FuncRef` of a call does not exist.
    pub fn result_types(&self, data: &InstData) -> Vec<Type> {
        match data {
            InstData::Iconst { ty, .. }
            | InstData::Conv { ty, .. }
            | InstData::FConv { ty, .. }
            | InstData::StackLoad { ty, .. }
            | InstData::Load { ty, .. } => vec![*ty],
            InstData::ElemAddr { .. }
            | InstData::ElemAddrRef { .. }
            | InstData::StaticBase { .. }
            | InstData::RuntimeLookup {
                kind: crate::instructions::LookupKind::StaticFieldAddress,
                ..
            }
            | InstData::TypeCheck {
                op: crate::instructions::TypeCheckOp::Unbox,
                ..
            }
            | InstData::HandleCall {
                op:
                    crate::instructions::HandleOp::GcStaticBase
                    | crate::instructions::HandleOp::NonGcStaticBase,
                ..
            } => vec![Type::ByRef],
            InstData::Null
            | InstData::StringConst { .. }
            | InstData::NewObject { .. }
            | InstData::NewArray { .. }
            | InstData::HandleCall { .. }
            | InstData::RuntimeLookup { .. }
            | InstData::TypeCheck {
                op:
                    crate::instructions::TypeCheckOp::CastClass
                    | crate::instructions::TypeCheckOp::IsInst,
                ..
            } => {
                vec![Type::Ref]
            }
            InstData::GenericLookup { .. }
            | InstData::VirtualFtn { .. }
            | InstData::LocalAlloc { .. } => vec![Type::I64],
            InstData::F32const { .. } => vec![Type::F32],
            InstData::F64const { .. } => vec![Type::F64],
            InstData::Unary { arg, .. } => vec![self.dfg.value_type(*arg)],
            InstData::Binary { args, .. } => vec![self.dfg.value_type(args[0])],
            InstData::Icmp { .. } | InstData::Fcmp { .. } => vec![Type::I32],
            InstData::FUnary { arg, .. } => vec![self.dfg.value_type(*arg)],
            InstData::FBinary { args, .. } => vec![self.dfg.value_type(args[0])],
            InstData::StackAddr { .. } => vec![Type::ByRef],
            InstData::Call { func, .. } => self.ext_funcs[*func]
                .signature
                .returns
                .iter()
                .map(|p| p.ty)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The entry block, if the function has any block.
    pub fn entry_block(&self) -> Option<Block> {
        self.layout.entry_block()
    }

    /// The instructions of the function in layout order, with their blocks.
    pub fn insts_in_layout(&self) -> impl Iterator<Item = (Block, Inst)> + '_ {
        self.layout
            .blocks()
            .iter()
            .flat_map(move |&b| self.layout.block_insts(b).iter().map(move |&i| (b, i)))
    }
}
