//! Value types kept in memory: struct locals and evaluation-stack
//! temporaries in frame slots, and the instructions that move them
//! (ECMA-335 III.4: `initobj`, `ldobj`, `stobj`, `cpobj`, `sizeof`,
//! `ldfld`/`stfld`/`ldflda` on structs, `newobj` of a value type, `box` /
//! `unbox` / `unbox.any` of structs and of `float32`/`float64`,
//! `ldelem`/`stelem`/`ldelema` of struct elements).
//!
//! A struct on the evaluation stack is [`Kind::Struct`]: its IR value is a
//! `byref` to a frame slot holding a copy nobody writes again (every
//! instruction producing a struct value fills a fresh slot), so `dup`, block
//! arguments and reads need no copy. A struct local is its own slot;
//! `ldloc` copies it into a temporary (the local may change before the copy
//! is used), `stloc` copies into it. Slots are zeroed in the prolog (the
//! backend zeroes every IR stack slot), which is `localsinit` for struct
//! locals; `newobj` zeroes its temporary before running the constructor.
//!
//! Copies move 8-byte chunks, object references as `ref` (so a copy into
//! the heap goes through the GC write barrier, as the JIT's
//! `CORINFO_HELP_ASSIGN_BYREF` copies do), then 4-, 2- and 1-byte tails.
//! Slots holding references carry their layout (`StackSlotData::layout`)
//! for the backend to report them to the GC.
//!
//! Layouts come from [`LowerEnv`] (kiln-metadata's field layout); only
//! value types whose layout is fixed inside the version bubble are handed
//! out, anything else is refused with the reason.

use super::arrays::{checked_index, ARRAY_DATA_OFFSET};
use super::objects::{constructor_ref, BOX_DATA_OFFSET as BOX_DATA};
use super::stack::{coerce_param, widen_result};
use super::valuesig::{eightbyte_type, SigShape};
use super::{at, invalid, pop, pop_any, push, supported, Importer, Kind, State};
use crate::env::{IlType, LowerEnv, TokenType, ValueLayout};
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{
    Block, Cursor, Function, InstData, StackSlotData, StructLayout, StructRef, Type, Value,
};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// The value types one method uses; [`Kind::Struct`]`(i)` names entry `i`.
#[derive(Debug, Default)]
pub(super) struct ValueTypes {
    types: Vec<(ValueLayout, StructRef)>,
    /// Why each struct local without a slot has none.
    local_refusals: std::collections::HashMap<usize, String>,
    /// The struct parameters and returns of the callees that have some.
    pub(super) shapes: std::collections::HashMap<kiln_ir::FuncRef, SigShape>,
    /// The compiled method's own.
    own: SigShape,
    /// The first IR parameter of each argument variable (`this` first);
    /// empty when every argument is one IR parameter.
    param_ir: Vec<usize>,
    /// The compiled method's hidden return buffer parameter, if it has one.
    pub(super) ret_buffer: Option<Value>,
    /// In a method with exception handling, the frame slot holding it
    /// (no SSA value crosses a region boundary, eh.rs).
    pub(super) ret_buffer_slot: Option<kiln_ir::StackSlot>,
}

impl ValueTypes {
    /// The kind of values of layout `l` (interned by name).
    pub(super) fn intern(&mut self, func: &mut Function, l: ValueLayout) -> Kind {
        note_checks(func, &l);
        if let Some(i) = self.types.iter().position(|(t, _)| t.name == l.name) {
            return Kind::Struct(i as u32);
        }
        let st = func.struct_types.push(StructLayout {
            size: l.size,
            align: l.align,
            refs: l.refs.clone(),
            byrefs: Vec::new(),
            token: l.token,
        });
        self.types.push((l, st));
        Kind::Struct(self.types.len() as u32 - 1)
    }

    /// The layout of a slot holding one object reference (an address-taken
    /// reference variable).
    pub(super) fn reference_layout(&mut self, func: &mut Function) -> StructRef {
        let kind = self.intern(
            func,
            ValueLayout {
                name: "<object reference>".into(),
                size: 8,
                align: 8,
                refs: vec![0],
                token: 0,
                eightbytes: None,
                checks: Vec::new(),
                nullable: false,
                stack_passable: true,
                on_stack: false,
                scalar: None,
            },
        );
        let Kind::Struct(k) = kind else {
            unreachable!("intern gives a struct kind")
        };
        self.types[k as usize].1
    }

    /// The kind of an interned layout.
    pub(super) fn kind_of(&self, l: &ValueLayout) -> Kind {
        match self.types.iter().position(|(t, _)| t.name == l.name) {
            Some(i) => Kind::Struct(i as u32),
            None => unreachable!("{} is interned before use", l.name),
        }
    }

    /// A struct returned in registers (`regs`, one per eightbyte) as a
    /// value on the stack.
    pub(super) fn returned(
        &mut self,
        cur: &mut Cursor<'_>,
        l: ValueLayout,
        regs: &[Value],
    ) -> (Value, Kind) {
        let kind = self.intern(cur.func, l);
        let Kind::Struct(k) = kind else {
            unreachable!("intern gives a struct kind")
        };
        let t = self.temp(cur, k);
        for (j, &r) in regs.iter().enumerate() {
            cur.store(r, t, 8 * j as u32);
        }
        (t, kind)
    }

    /// A fresh temporary for a struct a callee returns through its buffer:
    /// its address and stack kind.
    pub(super) fn ret_temp(&mut self, cur: &mut Cursor<'_>, l: ValueLayout) -> (Value, Kind) {
        let kind = self.intern(cur.func, l);
        let Kind::Struct(k) = kind else {
            unreachable!("intern gives a struct kind")
        };
        (self.temp(cur, k), kind)
    }

    /// Whether the compiled method returns its struct through a buffer.
    pub(super) fn own_ret_buffer(&self) -> bool {
        self.own.ret_buffer
    }

    /// The compiled method's struct return, if any.
    pub(super) fn own_ret(&self) -> Option<&ValueLayout> {
        self.own.ret.as_ref()
    }

    /// `ret` of a struct returned in registers: pops it and loads its
    /// eightbytes.
    pub(super) fn struct_to_return(
        &self,
        cur: &mut Cursor<'_>,
        st: &mut State,
        offset: u32,
    ) -> Result<Vec<Value>, LowerError> {
        let l = self.own.ret.as_ref().expect("a struct return");
        let (v, k) = pop_any(st, offset)?;
        if k != self.kind_of(l) {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        if let Some(buf) = self.ret_buffer {
            // Into the caller's buffer (a byref: checked write barriers),
            // whose address is the IR return.
            let buf = match self.ret_buffer_slot {
                Some(slot) => {
                    let i = cur.ins(kiln_ir::InstData::StackLoad {
                        ty: kiln_ir::Type::ByRef,
                        slot,
                        offset: 0,
                    });
                    cur.func.dfg.inst_results(i)[0]
                }
                None => buf,
            };
            copy(cur, l, v, 0, buf, 0);
            return Ok(vec![buf]);
        }
        let ebs = l
            .eightbytes
            .as_deref()
            .expect("a struct returned in registers");
        Ok(ebs
            .iter()
            .enumerate()
            .map(|(j, e)| cur.load(eightbyte_type(*e), v, 8 * j as u32))
            .collect())
    }

    /// The IR parameter holding argument variable `v` (its first eightbyte
    /// for a struct).
    pub(super) fn param_index(&self, v: usize) -> usize {
        self.param_ir.get(v).copied().unwrap_or(v)
    }

    /// Stores the incoming eightbytes of struct parameter `v` (its IR
    /// parameters from `params[param_index(v)]`) into its slot.
    pub(super) fn store_struct_param(
        &self,
        cur: &mut Cursor<'_>,
        v: usize,
        has_this: bool,
        slot: kiln_ir::StackSlot,
        params: &[Value],
    ) {
        let Some(Some(l)) = self.own.params.get(v - usize::from(has_this)) else {
            unreachable!("a struct parameter")
        };
        let first = self.param_index(v);
        let a = addr_of(cur, slot);
        for j in 0..l.eightbytes.as_ref().map_or(0, Vec::len) {
            cur.store(params[first + j], a, 8 * j as u32);
        }
    }

    /// The layout of [`Kind::Struct`]`(k)`.
    pub(super) fn layout(&self, k: u32) -> &ValueLayout {
        &self.types[k as usize].0
    }

    /// A new frame slot for a value of kind `Struct(k)`.
    pub(super) fn slot(&self, func: &mut Function, k: u32) -> kiln_ir::StackSlot {
        let (l, st) = &self.types[k as usize];
        func.create_stack_slot(StackSlotData {
            // Whole eightbytes: arguments and returns move 8 bytes at a time.
            size: l.size.max(1).next_multiple_of(8),
            align: l.align.max(1),
            layout: Some(*st),
            pinned: false,
        })
    }

    /// A new temporary for a value of kind `Struct(k)`, and its address.
    fn temp(&self, cur: &mut Cursor<'_>, k: u32) -> Value {
        let slot = self.slot(cur.func, k);
        addr_of(cur, slot)
    }
}

/// Records the `Check_TypeLayout` fixups code baking in layout `l` needs
/// (once each).
pub(super) fn note_checks(func: &mut Function, l: &ValueLayout) {
    for c in &l.checks {
        if !func.type_layout_checks.contains(c) {
            func.type_layout_checks.push(c.clone());
        }
    }
}

/// The address of a whole slot.
pub(super) fn addr_of(cur: &mut Cursor<'_>, slot: kiln_ir::StackSlot) -> Value {
    let i = cur.ins(InstData::StackAddr { slot, offset: 0 });
    cur.func.dfg.inst_results(i)[0]
}

/// The chunks a value of layout `l` is moved in: (offset, type).
fn chunks(l: &ValueLayout) -> Vec<(u32, Type)> {
    let mut out = Vec::new();
    let mut o = 0;
    while o + 8 <= l.size {
        let ty = if l.refs.contains(&o) {
            Type::Ref
        } else {
            Type::I64
        };
        out.push((o, ty));
        o += 8;
    }
    for (w, ty) in [(4, Type::I32), (2, Type::I16), (1, Type::I8)] {
        if o + w <= l.size {
            out.push((o, ty));
            o += w;
        }
    }
    out
}

/// Copies a value of layout `l` from `src + so` to `dst + d`.
pub(super) fn copy(cur: &mut Cursor<'_>, l: &ValueLayout, src: Value, so: u32, dst: Value, d: u32) {
    for (o, ty) in chunks(l) {
        let v = cur.load(ty, src, so + o);
        cur.store(v, dst, d + o);
    }
}

/// Zeroes a value of layout `l` at `dst + d` (`initobj`).
fn zero(cur: &mut Cursor<'_>, l: &ValueLayout, dst: Value, d: u32) {
    for (o, ty) in chunks(l) {
        let z = if ty == Type::Ref {
            cur.null()
        } else {
            cur.iconst(ty, 0)
        };
        cur.store(z, dst, d + o);
    }
}

/// Why a value-type instruction is refused.
fn refuse(offset: u32, reason: impl Into<String>) -> LowerError {
    Unsupported::ValueType {
        offset,
        reason: reason.into(),
    }
    .into()
}

/// Pops an address: a managed pointer or a native int (unmanaged pointer).
fn pop_address(st: &mut State, offset: u32) -> Result<Value, LowerError> {
    match pop_any(st, offset)? {
        (a, Kind::ByRef | Kind::I64) => Ok(a),
        _ => Err(invalid(offset, InvalidIlKind::OperandTypes)),
    }
}

/// What a type token names, refused with the reason when kiln cannot
/// handle it.
fn token_type(env: &impl LowerEnv, offset: u32, token: u32) -> Result<TokenType, LowerError> {
    env.type_token(token)?.map_err(|r| refuse(offset, r))
}

/// `ldloc`/`stloc`/`ldarg`… of a struct variable living in `slot`
/// (`ldloca` is the caller's: the slot's address): a store copies the
/// popped value into the slot; a load returns a copy in a new temporary,
/// for the caller to push.
pub(super) fn var_access(
    cur: &mut Cursor<'_>,
    vts: &ValueTypes,
    st: &mut State,
    slot: kiln_ir::StackSlot,
    k: u32,
    store: bool,
    offset: u32,
) -> Result<Option<Value>, LowerError> {
    let l = vts.layout(k).clone();
    if store {
        let (v, vk) = pop_any(st, offset)?;
        if vk != Kind::Struct(k) {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        let dst = addr_of(cur, slot);
        copy(cur, &l, v, 0, dst, 0);
        Ok(None)
    } else {
        let src = addr_of(cur, slot);
        let t = vts.temp(cur, k);
        copy(cur, &l, src, 0, t, 0);
        Ok(Some(t))
    }
}

/// The state the value-type instructions work on.
struct Cx<'c, 'f, E> {
    env: &'c E,
    cur: &'c mut Cursor<'f>,
    vts: &'c mut ValueTypes,
    st: &'c mut State,
    offset: u32,
    max_stack: u16,
    /// The method's `this` (its null check is elided, as for classes).
    this_value: Option<Value>,
}

impl<E: LowerEnv> Cx<'_, '_, E> {
    fn push(&mut self, v: Value, k: Kind) -> Result<(), LowerError> {
        push(self.st, v, k, self.offset, self.max_stack)
    }

    fn kind_of(&mut self, l: ValueLayout) -> u32 {
        match self.vts.intern(self.cur.func, l) {
            Kind::Struct(k) => k,
            _ => unreachable!("intern gives a struct kind"),
        }
    }

    /// A struct value popped from the stack, which must be of layout `l`.
    fn pop_struct(&mut self, l: &ValueLayout) -> Result<Value, LowerError> {
        let want = Kind::Struct(self.kind_of(l.clone()));
        match pop_any(self.st, self.offset)? {
            (v, k) if k == want => Ok(v),
            _ => Err(invalid(self.offset, InvalidIlKind::OperandTypes)),
        }
    }

    /// Pushes a copy of the value of layout `l` at `src + so`.
    fn push_copy(&mut self, l: ValueLayout, src: Value, so: u32) -> Result<(), LowerError> {
        let k = self.kind_of(l.clone());
        let t = self.vts.temp(self.cur, k);
        copy(self.cur, &l, src, so, t, 0);
        self.push(t, Kind::Struct(k))
    }

    /// Loads a scalar of IL type `ty` at `addr + o` and pushes it.
    fn push_scalar(&mut self, ty: IlType, addr: Value, o: u32) -> Result<(), LowerError> {
        let (abi, _) = supported(ty)
            .filter(|(abi, _)| abi.ty != Type::ByRef)
            .ok_or_else(|| refuse(self.offset, format!("load of {ty:?}")))?;
        let raw = self.cur.load(abi.ty, addr, o);
        let (v, k) = widen_result(self.cur, raw, abi);
        self.push(v, k)
    }

    /// Pops a scalar of IL type `ty` and stores it at `addr + o` (popping
    /// `addr` after the value when `addr` is `None`).
    fn store_scalar(&mut self, ty: IlType, addr: Option<Value>, o: u32) -> Result<(), LowerError> {
        let (abi, vt) = supported(ty)
            .filter(|(abi, _)| abi.ty != Type::ByRef)
            .ok_or_else(|| refuse(self.offset, format!("store of {ty:?}")))?;
        let (v, k) = pop(self.st, self.offset)?;
        if matches!(k, Kind::Struct(_))
            || (k == Kind::Ref) != (vt.kind == Kind::Ref)
            || k.is_float() != vt.kind.is_float()
        {
            return Err(invalid(self.offset, InvalidIlKind::OperandTypes));
        }
        let addr = match addr {
            Some(a) => a,
            None => pop_address(self.st, self.offset)?,
        };
        let v = coerce_param(self.cur, v, k, abi);
        self.cur.store(v, addr, o);
        Ok(())
    }

    /// `initobj`, `ldobj`, `stobj`, `cpobj`, `sizeof` with their type
    /// token.
    fn object_op(&mut self, op: Opcode, token: u32) -> Result<(), LowerError> {
        use Opcode as O;
        let tt = if self.env.is_canonical_param(token)? {
            // `default(T)`, `*(ref T)`, `sizeof(T)` in shared code: T is a
            // reference type (the code only runs for those).
            TokenType::Scalar(IlType::Object)
        } else {
            token_type(self.env, self.offset, token)?
        };
        if let TokenType::Value(l) = &tt {
            note_checks(self.cur.func, l);
        }
        match (op, tt) {
            (O::Sizeof, TokenType::Value(l)) => {
                let n = self.cur.iconst(Type::I32, l.size as i64);
                self.push(n, Kind::I32)
            }
            (O::Sizeof, TokenType::Scalar(ty)) => {
                let size = match supported(ty) {
                    Some((abi, _)) if !matches!(abi.ty, Type::Ref | Type::ByRef) => {
                        abi.ty.bits().unwrap_or(64) / 8
                    }
                    Some(_) => 8,
                    None => return Err(refuse(self.offset, format!("sizeof {ty:?}"))),
                };
                let n = self.cur.iconst(Type::I32, size as i64);
                self.push(n, Kind::I32)
            }
            (O::Initobj, TokenType::Value(l)) => {
                let a = pop_address(self.st, self.offset)?;
                zero(self.cur, &l, a, 0);
                Ok(())
            }
            (O::Initobj, TokenType::Scalar(ty)) => {
                let a = pop_address(self.st, self.offset)?;
                let (abi, _) = supported(ty)
                    .filter(|(abi, _)| abi.ty != Type::ByRef)
                    .ok_or_else(|| refuse(self.offset, format!("initobj {ty:?}")))?;
                let z = match abi.ty {
                    Type::Ref => self.cur.null(),
                    Type::F32 => self.cur.f32const(0),
                    Type::F64 => self.cur.f64const(0),
                    t => self.cur.iconst(t, 0),
                };
                self.cur.store(z, a, 0);
                Ok(())
            }
            (O::Ldobj, TokenType::Value(l)) => {
                let a = pop_address(self.st, self.offset)?;
                self.push_copy(l, a, 0)
            }
            (O::Ldobj, TokenType::Scalar(ty)) => {
                let a = pop_address(self.st, self.offset)?;
                self.push_scalar(ty, a, 0)
            }
            (O::Stobj, TokenType::Value(l)) => {
                let v = self.pop_struct(&l)?;
                let a = pop_address(self.st, self.offset)?;
                copy(self.cur, &l, v, 0, a, 0);
                Ok(())
            }
            (O::Stobj, TokenType::Scalar(ty)) => self.store_scalar(ty, None, 0),
            (O::Cpobj, tt) => {
                let src = pop_address(self.st, self.offset)?;
                let dst = pop_address(self.st, self.offset)?;
                match tt {
                    TokenType::Value(l) => copy(self.cur, &l, src, 0, dst, 0),
                    TokenType::Scalar(ty) => {
                        let (abi, _) = supported(ty)
                            .filter(|(abi, _)| abi.ty != Type::ByRef)
                            .ok_or_else(|| refuse(self.offset, format!("cpobj {ty:?}")))?;
                        let v = self.cur.load(abi.ty, src, 0);
                        self.cur.store(v, dst, 0);
                    }
                }
                Ok(())
            }
            _ => unreachable!("object_op is called for initobj/ldobj/stobj/cpobj/sizeof"),
        }
    }

    /// `box`, `unbox`, `unbox.any` of a struct or of `float32`/`float64`;
    /// `Ok(false)` for the types the caller handles (references, integer
    /// primitives and enums).
    fn boxing(&mut self, op: Opcode, token: u32) -> Result<bool, LowerError> {
        use Opcode as O;
        let tt = match self.env.type_token(token)? {
            Ok(tt) => tt,
            Err(_) => return Ok(false),
        };
        if token >> 24 == 0x1B {
            // A closed value-type instantiation (`KeyValuePair<int,
            // string>`): its TypeHandle cell spells out the signature.
            if !matches!(tt, TokenType::Value(_)) {
                return Ok(false);
            }
            match self.env.constructed_type(token)? {
                Ok(c) if !c.reference => {
                    super::calls::note_type_sig(self.cur.func, token, Some(c.sig))
                }
                _ => return Ok(false),
            }
        }
        if let TokenType::Value(l) = &tt {
            if l.nullable {
                return Err(refuse(
                    self.offset,
                    format!("{op:?} of {} (Nullable boxing semantics)", l.name),
                ));
            }
            note_checks(self.cur.func, l);
        }
        let float = |ty: IlType| matches!(ty, IlType::R4 | IlType::R8);
        match (op, tt) {
            (O::Box, TokenType::Value(l)) => {
                let v = self.pop_struct(&l)?;
                let obj = self.cur.new_object(token);
                copy(self.cur, &l, v, 0, obj, BOX_DATA);
                self.push(obj, Kind::Ref)?;
            }
            (O::Box, TokenType::Scalar(ty)) if float(ty) => {
                let obj_ty = ty;
                let (v, k) = pop(self.st, self.offset)?;
                if !k.is_float() {
                    return Err(invalid(self.offset, InvalidIlKind::OperandTypes));
                }
                let (abi, _) = supported(obj_ty).expect("floats are supported");
                let v = coerce_param(self.cur, v, k, abi);
                let obj = self.cur.new_object(token);
                self.cur.store(v, obj, BOX_DATA);
                self.push(obj, Kind::Ref)?;
            }
            (O::Unbox | O::Unbox_Any, tt @ TokenType::Value(_))
            | (O::Unbox | O::Unbox_Any, tt @ TokenType::Scalar(IlType::R4 | IlType::R8)) => {
                let (obj, k) = pop(self.st, self.offset)?;
                if k != Kind::Ref {
                    return Err(invalid(self.offset, InvalidIlKind::OperandTypes));
                }
                let data = self.cur.type_check(kiln_ir::TypeCheckOp::Unbox, obj, token);
                match (op, tt) {
                    (O::Unbox, _) => self.push(data, Kind::ByRef)?,
                    (_, TokenType::Value(l)) => self.push_copy(l, data, 0)?,
                    (_, TokenType::Scalar(ty)) => self.push_scalar(ty, data, 0)?,
                }
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// `ldelem`/`stelem`/`ldelema` of a struct element type (III.4.7,
    /// III.4.9, III.4.26): null and bounds checks, then the element at
    /// `16 + index * size` (the runtime's component size is the value
    /// type's field size); a store copies the value in through the write
    /// barrier for its references, as the JIT's copy does. `Ok(false)` for
    /// other element types (`arrays.rs`).
    fn element(&mut self, op: Opcode, token: u32) -> Result<bool, LowerError> {
        use Opcode as O;
        let l = match self.env.type_token(token)? {
            Ok(TokenType::Value(l)) => l,
            _ => return Ok(false),
        };
        note_checks(self.cur.func, &l);
        let value = if op == O::Stelem {
            Some(self.pop_struct(&l)?)
        } else {
            None
        };
        let (idx, ki) = pop(self.st, self.offset)?;
        let (arr, ka) = pop(self.st, self.offset)?;
        if ka != Kind::Ref || !matches!(ki, Kind::I32 | Kind::I64) {
            return Err(invalid(self.offset, InvalidIlKind::OperandTypes));
        }
        let i = checked_index(self.cur, arr, idx, ki);
        let size = self.cur.iconst(Type::I64, i64::from(l.size));
        let byte = self.cur.binary(kiln_ir::BinaryOp::Imul, i, size);
        let addr = self.cur.elem_addr(arr, byte, 1, ARRAY_DATA_OFFSET);
        match (op, value) {
            (O::Stelem, Some(v)) => copy(self.cur, &l, v, 0, addr, 0),
            (O::Ldelema, _) => self.push(addr, Kind::ByRef)?,
            _ => self.push_copy(l, addr, 0)?,
        }
        Ok(true)
    }

    /// `ldfld`/`stfld`/`ldflda` where a struct is involved: the field's
    /// type is a value type, the object is a struct value, or the address
    /// of a value type's field is taken through a managed pointer.
    /// `Ok(false)` leaves the instruction to the caller (class fields of
    /// scalar type, scalar fields through managed pointers).
    fn field(&mut self, op: Opcode, token: u32) -> Result<bool, LowerError> {
        use Opcode as O;
        let field = self.env.resolve_field(token)?;
        if field.is_static {
            if field.ty == IlType::ValueType && !field.address_fixup && !field.empty_string {
                self.boxed_static(op, token, &field)?;
                return Ok(true);
            }
            return Ok(false);
        }
        let depth = usize::from(op == O::Stfld);
        let Some(&(_, obj_kind)) = self.st.stack.iter().rev().nth(depth) else {
            return Err(invalid(self.offset, InvalidIlKind::StackUnderflow));
        };
        let struct_field = field.ty == IlType::ValueType;
        let struct_obj = matches!(obj_kind, Kind::Struct(_));
        let inner_address = op == O::Ldflda && obj_kind == Kind::ByRef && field.owner_value_type;
        if !(struct_field || struct_obj || inner_address) {
            return Ok(false);
        }
        let fail = |reason: String| -> LowerError {
            Unsupported::Field {
                offset: self.offset,
                token,
                reason,
            }
            .into()
        };
        let (_, field_offset) =
            super::fields::instance_field(self.env, self.cur.func, self.offset, token)?;
        let layout = if struct_field {
            let l = self.env.field_layout(token)?.map_err(fail)?;
            note_checks(self.cur.func, &l);
            Some(l)
        } else {
            None
        };
        let value = if op == O::Stfld {
            Some(pop_any(self.st, self.offset)?)
        } else {
            None
        };
        let (obj, ok) = pop_any(self.st, self.offset)?;
        match (ok, field.owner_value_type) {
            (Kind::Ref, false) => {
                if Some(obj) != self.this_value {
                    self.cur.trapz(obj, kiln_ir::TrapCode::NullReference);
                }
            }
            (Kind::ByRef, true) => {}
            (Kind::Struct(k), true) if op == O::Ldfld => {
                // A field of the struct value on the stack: it must lie
                // inside the value (IL naming another type's field would
                // otherwise read past the temporary).
                let size = match &layout {
                    Some(l) => l.size,
                    None => {
                        supported(field.ty).map_or(8, |(abi, _)| abi.ty.bits().map_or(8, |b| b / 8))
                    }
                };
                if field_offset + size > self.vts.layout(k).size {
                    return Err(invalid(self.offset, InvalidIlKind::OperandTypes));
                }
            }
            (Kind::Ref, true) => return Err(fail("field of a boxed value type".into())),
            (Kind::I64, _) => return Err(fail("access through a pointer".into())),
            _ => return Err(invalid(self.offset, InvalidIlKind::OperandTypes)),
        }
        match (op, layout) {
            (O::Ldflda, _) => {
                let zero = self.cur.iconst(Type::I64, 0);
                let a = self.cur.elem_addr(obj, zero, 1, field_offset);
                self.push(a, Kind::ByRef)?;
            }
            (O::Ldfld, Some(l)) => self.push_copy(l, obj, field_offset)?,
            (O::Ldfld, None) => self.push_scalar(field.ty, obj, field_offset)?,
            (O::Stfld, Some(l)) => {
                let want = Kind::Struct(self.kind_of(l.clone()));
                match value {
                    Some((v, k)) if k == want => copy(self.cur, &l, v, 0, obj, field_offset),
                    _ => return Err(invalid(self.offset, InvalidIlKind::OperandTypes)),
                }
            }
            (O::Stfld, None) => {
                // A scalar into a struct value's field: not valid IL (the
                // target must be an address); refused above.
                return Err(invalid(self.offset, InvalidIlKind::OperandTypes));
            }
            _ => unreachable!("field is called for ldfld/stfld/ldflda"),
        }
        Ok(true)
    }
}

impl<E: LowerEnv> Cx<'_, '_, E> {
    /// `ldsfld`/`stsfld`/`ldsflda` of a static field of struct type of the
    /// compiled module. The runtime keeps such a static boxed: its slot in
    /// the owner's GC statics holds a reference to a box allocated when the
    /// class's statics are set up (before the static base helper hands out
    /// the base: `MethodTable::AllocateRegularStaticBoxes`, and
    /// `IsClassPreInited` is false for a class with boxed statics), and the
    /// value is the box's data, 8 bytes in — what the JIT reads for a field
    /// with `CORINFO_FLG_FIELD_STATIC_IN_HEAP`. Stores copy into the box
    /// through the write barrier for its references.
    fn boxed_static(
        &mut self,
        op: Opcode,
        token: u32,
        field: &crate::env::FieldTarget,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let fail = |reason: String| -> LowerError {
            Unsupported::Field {
                offset: self.offset,
                token,
                reason,
            }
            .into()
        };
        let field_offset = field.offset.clone().map_err(fail)?;
        if !field.static_gc {
            return Err(fail("struct static outside the GC statics".into()));
        }
        if field.owner_token >> 24 != 0x02 || field.owner_token & 0x00FF_FFFF == 0 {
            return Err(fail("owner is not a TypeDef of the compiled module".into()));
        }
        let l = self.env.field_layout(token)?.map_err(fail)?;
        note_checks(self.cur.func, &l);
        super::fields::note_static_owner(self.cur.func, field);
        let base = self.cur.static_base(true, field.owner_token);
        let boxed = self.cur.load(Type::Ref, base, field_offset);
        match op {
            O::Ldsfld => self.push_copy(l, boxed, BOX_DATA)?,
            O::Stsfld => {
                let v = self.pop_struct(&l)?;
                copy(self.cur, &l, v, 0, boxed, BOX_DATA);
            }
            O::Ldsflda => {
                let zero = self.cur.iconst(Type::I64, 0);
                let a = self.cur.elem_addr(boxed, zero, 1, BOX_DATA);
                self.push(a, Kind::ByRef)?;
            }
            _ => unreachable!("boxed_static is called for ldsfld/stsfld/ldsflda"),
        }
        Ok(())
    }
}

/// The type token of `insn`.
fn token_of(insn: &Instruction<'_>) -> u32 {
    match insn.operand {
        Operand::Token(t) => t.0,
        _ => unreachable!("decoder gives {} a token", insn.opcode.name()),
    }
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `initobj`, `ldobj`, `stobj`, `cpobj`, `sizeof`, and the value-type
    /// cases of `box`/`unbox`/`unbox.any` (structs, floats) and of
    /// `ldfld`/`stfld`/`ldflda` (struct fields, struct values, a value
    /// type's field address); false leaves the instruction to `objects.rs`
    /// or `fields.rs`.
    pub(super) fn value_op(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<bool, LowerError> {
        use Opcode as O;
        let (op, token) = (insn.opcode, token_of(insn));
        let boxing = matches!(op, O::Box | O::Unbox | O::Unbox_Any);
        if boxing && (!matches!(token >> 24, 0x01 | 0x02 | 0x1B) || token & 0x00FF_FFFF == 0) {
            return Ok(false);
        }
        let mut cur = at(&mut self.func, blk, insn);
        let mut cx = Cx {
            env: self.env,
            cur: &mut cur,
            vts: &mut self.vts,
            st,
            offset: insn.offset,
            max_stack: self.max_stack,
            this_value: self.this_value,
        };
        match op {
            O::Box | O::Unbox | O::Unbox_Any => cx.boxing(op, token),
            O::Ldfld | O::Stfld | O::Ldflda | O::Ldsfld | O::Stsfld | O::Ldsflda => {
                cx.field(op, token)
            }
            O::Ldelem | O::Stelem | O::Ldelema => cx.element(op, token),
            _ => cx.object_op(op, token).map(|()| true),
        }
    }

    /// `newobj` of a value type's constructor: the value is built in a
    /// zeroed temporary whose address the constructor gets as `this`
    /// (III.4.21); false if the owner is a class.
    pub(super) fn newobj_value(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<bool, LowerError> {
        let token = token_of(insn);
        let offset = insn.offset;
        let l = match self.env.ctor_value_type(token)? {
            None => return Ok(false),
            Some(l) => l.map_err(|reason| -> LowerError {
                Unsupported::NewObject {
                    offset,
                    token,
                    reason,
                }
                .into()
            })?,
        };
        let mut cur = at(&mut self.func, blk, insn);
        let fref = constructor_ref(
            self.env,
            &mut cur,
            &mut self.callees,
            &mut self.vts.shapes,
            token,
            offset,
        )?;
        let sig = cur.func.ext_funcs[fref].signature.clone();
        if sig.params.first().map(|p| p.ty) != Some(Type::ByRef) {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        let nargs = super::objects::constructor_arg_count(&self.vts, fref, sig.params.len());
        if st.stack.len() < nargs {
            return Err(invalid(offset, InvalidIlKind::StackUnderflow));
        }
        let base = st.stack.len() - nargs;
        let popped: Vec<(Value, Kind)> = st.stack.drain(base..).collect();
        let k = match self.vts.intern(cur.func, l.clone()) {
            Kind::Struct(k) => k,
            _ => unreachable!("intern gives a struct kind"),
        };
        let t = self.vts.temp(&mut cur, k);
        zero(&mut cur, &l, t, 0);
        let mut args = vec![t];
        args.extend(super::objects::constructor_args(
            &mut cur,
            &mut self.vts,
            fref,
            popped,
            offset,
        )?);
        cur.call(fref, &args);
        if let Some(ty) = l.scalar {
            // IntPtr/UIntPtr: the evaluation stack holds the `native int`.
            let (abi, _) =
                supported(ty).ok_or_else(|| invalid(offset, InvalidIlKind::OperandTypes))?;
            let raw = cur.load(abi.ty, t, 0);
            let (v, kind) = widen_result(&mut cur, raw, abi);
            return push(st, v, kind, offset, self.max_stack).map(|()| true);
        }
        push(st, t, Kind::Struct(k), offset, self.max_stack).map(|()| true)
    }

    /// Struct parameters passed in registers (`shape`, from the method's
    /// own IR signature) live in frame slots: their variables become struct
    /// variables, the entry stores the eightbytes there (`entry_state`).
    pub(super) fn struct_params(&mut self, shape: SigShape) {
        let this = usize::from(self.has_this);
        if shape.params.iter().any(Option::is_some) {
            let mut next = 0;
            for v in 0..self.nargs {
                self.vts.param_ir.push(next);
                next += match v.checked_sub(this).and_then(|p| shape.params[p].as_ref()) {
                    Some(l) => l.eightbytes.as_ref().map_or(1, Vec::len),
                    None => 1,
                };
            }
            for (p, l) in shape.params.iter().enumerate() {
                let Some(l) = l else { continue };
                let kind = self.vts.intern(&mut self.func, l.clone());
                let Kind::Struct(k) = kind else {
                    unreachable!("intern gives a struct kind")
                };
                self.slots[p + this] = Some(self.vts.slot(&mut self.func, k));
                self.vars[p + this] = Ok(super::VarType { kind, small: None });
            }
        }
        if let Some(l) = &shape.ret {
            self.vts.intern(&mut self.func, l.clone());
        }
        self.vts.own = shape;
    }

    /// Gives each struct local whose layout is known a frame slot of that
    /// layout; the others keep their refusal reason (reported if used).
    pub(super) fn struct_locals(&mut self) -> Result<(), LowerError> {
        for v in self.nargs..self.vars.len() {
            if self.vars[v] != Err(IlType::ValueType) {
                continue;
            }
            match self.env.local_layout(v - self.nargs)? {
                Ok(l) => {
                    let kind = self.vts.intern(&mut self.func, l);
                    let Kind::Struct(k) = kind else {
                        unreachable!("intern gives a struct kind")
                    };
                    self.slots[v] = Some(self.vts.slot(&mut self.func, k));
                    self.vars[v] = Ok(super::VarType { kind, small: None });
                }
                Err(reason) => {
                    self.vts.local_refusals.insert(v, reason);
                }
            }
        }
        Ok(())
    }

    /// The refusal of variable `v`, an unsupported local of type `ty`.
    pub(super) fn local_refusal(&self, v: usize, ty: IlType) -> LowerError {
        let index = (v - self.nargs) as u16;
        match self.vts.local_refusals.get(&v) {
            Some(reason) => Unsupported::LocalValueType {
                index,
                reason: reason.clone(),
            }
            .into(),
            None => Unsupported::LocalType { index, ty }.into(),
        }
    }
}
