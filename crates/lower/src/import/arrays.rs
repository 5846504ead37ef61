//! One-dimensional zero-based arrays (ECMA-335 III.4.20 `newarr`, III.4.12
//! `ldlen`, III.4.7–4.9 `ldelem*`/`ldelema`, III.4.26 `stelem*`): the
//! CoreCLR `ArrayBase` layout on 64-bit targets, null and bounds checks,
//! and the covariance-checking helper for reference stores.

use super::memory::access_type;
use super::stack::{check_kind, coerce_param, widen_result};
use super::{at, invalid, pop, push, supported, Importer, Kind, State};
use crate::env::{IlType, LowerEnv};
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_ir::{Block, ConvOp, Cursor, IntCC, TrapCode, Type, Value};
use kiln_metadata::il::{Instruction, Opcode, Operand};

/// Offset of an array's length (`uint32` after the MethodTable pointer) on
/// 64-bit targets (CoreCLR `ArrayBase`).
pub(super) const ARRAY_LENGTH_OFFSET: u32 = 8;

/// Offset of element 0 of a one-dimensional zero-based array on 64-bit
/// targets (MethodTable pointer, length, padding: `ArrayBase` is 16 bytes).
pub(super) const ARRAY_DATA_OFFSET: u32 = 16;

/// The null and bounds checks of an element access (III.4.7/III.4.26): the
/// index (`int32` or native int, kind `ki`) read as unsigned against the
/// length, so negative ones fail too; returns it as an `i64`.
pub(super) fn checked_index(cur: &mut Cursor<'_>, arr: Value, idx: Value, ki: Kind) -> Value {
    cur.trapz(arr, TrapCode::NullReference);
    let len = cur.load(Type::I32, arr, ARRAY_LENGTH_OFFSET);
    match ki {
        Kind::I32 => {
            let out = cur.icmp(IntCC::Uge, idx, len);
            cur.trapnz(out, TrapCode::IndexOutOfRange);
            cur.conv(ConvOp::Sextend, idx, Type::I64)
        }
        _ => {
            let len64 = cur.conv(ConvOp::Uextend, len, Type::I64);
            let out = cur.icmp(IntCC::Uge, idx, len64);
            cur.trapnz(out, TrapCode::IndexOutOfRange);
            idx
        }
    }
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `newarr`.
    pub(super) fn newarr(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let env = self.env;
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives newarr a token")
        };
        if let Some(l) = self.type_lookup(st, insn.offset, token.0, true)? {
            // An element type over the shared code's type parameters: the
            // array type's handle from the generic dictionary.
            let (ctx, sig) =
                l.map_err(|reason| -> LowerError { Unsupported::Array { offset, reason }.into() })?;
            let (n, k) = pop(st, offset)?;
            let mut cur = at(&mut self.func, blk, insn);
            let n = match k {
                Kind::I32 => cur.conv(ConvOp::Sextend, n, Type::I64),
                Kind::I64 => n,
                _ => return Err(invalid(offset, InvalidIlKind::OperandTypes)),
            };
            let a = super::dictionary::handle_op(
                &mut cur,
                ctx,
                sig,
                kiln_ir::HandleOp::NewArray,
                vec![n],
            );
            push(st, a, Kind::Ref, offset, max_stack)?;
            return Ok(());
        }
        let mut cur = at(&mut self.func, blk, insn);
        let (elem, _) = env
            .array_elem(token.0)?
            .map_err(|reason| -> LowerError { Unsupported::Array { offset, reason }.into() })?;
        if let kiln_ir::ArrayElem::Spec(t) = elem {
            super::calls::note_type_sig(cur.func, t, env.type_spec_sig(t)?);
        }
        let (n, k) = pop(st, offset)?;
        let n = match k {
            Kind::I32 => cur.conv(ConvOp::Sextend, n, Type::I64),
            Kind::I64 => n,
            _ => return Err(invalid(offset, InvalidIlKind::OperandTypes)),
        };
        let a = cur.new_array(n, elem);
        push(st, a, Kind::Ref, offset, max_stack)?;
        Ok(())
    }

    /// `ldlen`.
    pub(super) fn ldlen(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let mut cur = at(&mut self.func, blk, insn);
        let (a, k) = pop(st, offset)?;
        if k != Kind::Ref {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        cur.trapz(a, TrapCode::NullReference);
        let len = cur.load(Type::I32, a, ARRAY_LENGTH_OFFSET);
        let len = cur.conv(ConvOp::Uextend, len, Type::I64);
        push(st, len, Kind::I64, offset, max_stack)?;
        Ok(())
    }

    /// The element type an `ldelem*`/`ldelema`/`stelem*` accesses, refused
    /// unless it is a primitive or a reference.
    fn element_type(&self, insn: &Instruction<'_>) -> Result<IlType, LowerError> {
        let (offset, op, env) = (insn.offset, insn.opcode, self.env);
        let refuse =
            |reason: String| -> LowerError { Unsupported::Array { offset, reason }.into() };
        let elem_ty = match access_type(op) {
            Some(ty) => ty,
            None => {
                let Operand::Token(token) = insn.operand else {
                    unreachable!("decoder gives ldelem/stelem a token")
                };
                if env.is_canonical_param(token.0)? {
                    // `T[]` in shared code: reference elements.
                    IlType::Object
                } else {
                    env.array_elem(token.0)?.map_err(refuse)?.1
                }
            }
        };
        if !matches!(
            elem_ty,
            IlType::Bool
                | IlType::Char
                | IlType::I1
                | IlType::U1
                | IlType::I2
                | IlType::U2
                | IlType::I4
                | IlType::U4
                | IlType::I8
                | IlType::U8
                | IlType::I
                | IlType::U
                | IlType::R4
                | IlType::R8
                | IlType::Object
        ) {
            return Err(refuse(format!("elements of type {elem_ty:?}")));
        }
        Ok(elem_ty)
    }

    /// Whether `insn` carries a `readonly.` prefix (III.2.3): the address
    /// it gives is not written through, so no element type check.
    fn readonly_prefixed(&self, insn: &Instruction<'_>) -> bool {
        let i = self.insns.partition_point(|x| x.offset < insn.offset);
        i > 0 && self.insns[i - 1].opcode == Opcode::Readonly
    }

    /// The element type token of a type-checked `ldelema` of references:
    /// a TypeDef/TypeRef or a closed constructed type, which a TypeHandle
    /// fixup names (a type parameter of shared code would need a runtime
    /// lookup).
    fn checked_element_token(&self, insn: &Instruction<'_>) -> Result<u32, LowerError> {
        let offset = insn.offset;
        let refuse =
            |reason: String| -> LowerError { Unsupported::Array { offset, reason }.into() };
        let Operand::Token(token) = insn.operand else {
            unreachable!("decoder gives ldelema a token")
        };
        let token = token.0;
        match token >> 24 {
            0x01 | 0x02 if token & 0x00FF_FFFF != 0 => Ok(token),
            0x1B if self.env.is_canonical_param(token)? => Err(refuse(
                "address of a type-parameter element (needs the exact type)".into(),
            )),
            0x1B => self
                .env
                .constructed_type(token)?
                .map(|_| token)
                .map_err(refuse),
            _ => Err(invalid(offset, InvalidIlKind::OperandTypes)),
        }
    }

    /// `ldelem*`, `ldelema`, `stelem*`.
    pub(super) fn element(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let elem_ty = self.element_type(insn)?;
        let checked_token =
            if op == O::Ldelema && elem_ty == IlType::Object && !self.readonly_prefixed(insn) {
                Some(self.checked_element_token(insn)?)
            } else {
                None
            };
        let mut cur = at(&mut self.func, blk, insn);
        let (abi, vt) = supported(elem_ty).expect("integer or object elements");
        let is_store = matches!(
            op,
            O::Stelem_I1
                | O::Stelem_I2
                | O::Stelem_I4
                | O::Stelem_I8
                | O::Stelem_I
                | O::Stelem_R4
                | O::Stelem_R8
                | O::Stelem_Ref
                | O::Stelem
        );
        let value = if is_store {
            Some(pop(st, offset)?)
        } else {
            None
        };
        let (idx, ki) = pop(st, offset)?;
        let (arr, ka) = pop(st, offset)?;
        if ka != Kind::Ref || !matches!(ki, Kind::I32 | Kind::I64) {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        if let Some(token) = checked_token {
            // The address of a reference element: the helper checks the
            // array's exact element type (III.4.8 — covariance).
            if token >> 24 == 0x1B {
                super::calls::note_type_sig(cur.func, token, self.env.type_spec_sig(token)?);
            }
            let i = match ki {
                Kind::I32 => cur.conv(ConvOp::Sextend, idx, Type::I64),
                _ => idx,
            };
            let addr = cur.elem_addr_ref(arr, i, token);
            push(st, addr, Kind::ByRef, offset, max_stack)?;
            return Ok(());
        }
        if let Some((v, k)) = value {
            check_kind(k, abi.ty, offset)?;
            if vt.kind == Kind::Ref {
                // stelem.ref: the helper checks null, bounds and the
                // element type, and applies the write barrier.
                let i = match ki {
                    Kind::I32 => cur.conv(ConvOp::Sextend, idx, Type::I64),
                    _ => idx,
                };
                cur.store_elem_ref(arr, i, v);
                return Ok(());
            }
        }
        let i = checked_index(&mut cur, arr, idx, ki);
        let size = (abi.ty.bits().expect("scalar") / 8) as u8;
        let addr = cur.elem_addr(arr, i, size, ARRAY_DATA_OFFSET);
        if op == O::Ldelema {
            push(st, addr, Kind::ByRef, offset, max_stack)?;
            return Ok(());
        }
        match value {
            Some((v, k)) => {
                let v = coerce_param(&mut cur, v, k, abi);
                cur.store(v, addr, 0);
            }
            None => {
                let raw = cur.load(abi.ty, addr, 0);
                let (v, k) = widen_result(&mut cur, raw, abi);
                push(st, v, k, offset, max_stack)?;
            }
        }
        Ok(())
    }
}
