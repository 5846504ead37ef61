//! Indirect loads and stores (ECMA-335 III.3.42 `ldind.*`, III.3.62
//! `stind.*`) through a managed pointer or a native-int address; a null
//! address faults and the runtime raises `NullReferenceException`.
//! (Variable and field addresses are taken in `vars.rs` and `fields.rs`,
//! element addresses in `arrays.rs`.)

use super::stack::{convert_to, widen_result};
use super::{at, invalid, pop, pop_any, push, supported, Importer, Kind, State};
use crate::env::{IlType, LowerEnv};
use crate::error::{InvalidIlKind, LowerError};
use kiln_ir::{Block, ConvOp, Type};
use kiln_metadata::il::{Instruction, Opcode};

/// The type an `ldind.*`, `stind.*`, `ldelem.*` or `stelem.*` opcode names
/// (`None` for the others, such as `ldelem`/`stelem`/`ldelema` with a type
/// token).
pub(super) fn access_type(op: Opcode) -> Option<IlType> {
    use Opcode as O;
    Some(match op {
        O::Ldind_I1 | O::Stind_I1 | O::Ldelem_I1 | O::Stelem_I1 => IlType::I1,
        O::Ldind_U1 | O::Ldelem_U1 => IlType::U1,
        O::Ldind_I2 | O::Stind_I2 | O::Ldelem_I2 | O::Stelem_I2 => IlType::I2,
        O::Ldind_U2 | O::Ldelem_U2 => IlType::U2,
        O::Ldind_I4 | O::Stind_I4 | O::Ldelem_I4 | O::Stelem_I4 => IlType::I4,
        O::Ldind_U4 | O::Ldelem_U4 => IlType::U4,
        O::Ldind_I8 | O::Stind_I8 | O::Ldelem_I8 | O::Stelem_I8 => IlType::I8,
        O::Ldind_I | O::Stind_I | O::Ldelem_I | O::Stelem_I => IlType::I,
        O::Ldind_R4 | O::Stind_R4 | O::Ldelem_R4 | O::Stelem_R4 => IlType::R4,
        O::Ldind_R8 | O::Stind_R8 | O::Ldelem_R8 | O::Stelem_R8 => IlType::R8,
        O::Ldind_Ref | O::Stind_Ref | O::Ldelem_Ref | O::Stelem_Ref => IlType::Object,
        _ => return None,
    })
}

impl<E: LowerEnv> Importer<'_, E> {
    /// `localloc` (III.3.47): `size` (`native unsigned int`, or an
    /// `int32` read as unsigned) bytes of zeroed stack memory, the address
    /// as a `native int`.
    pub(super) fn localloc(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        let (offset, max_stack) = (insn.offset, self.max_stack);
        let mut cur = at(&mut self.func, blk, insn);
        let (size, k) = pop_any(st, offset)?;
        let size = match k {
            Kind::I32 => cur.conv(ConvOp::Uextend, size, Type::I64),
            Kind::I64 => size,
            _ => return Err(invalid(offset, InvalidIlKind::OperandTypes)),
        };
        let addr = cur.local_alloc(size);
        push(st, addr, Kind::I64, offset, max_stack)
    }

    /// `ldind.*`, `stind.*`.
    pub(super) fn indirect(
        &mut self,
        blk: Block,
        insn: &Instruction<'_>,
        st: &mut State,
    ) -> Result<(), LowerError> {
        use Opcode as O;
        let (offset, op, max_stack) = (insn.offset, insn.opcode, self.max_stack);
        let mut cur = at(&mut self.func, blk, insn);
        // III.4.14/III.4.29 through a managed pointer or a native
        // int address (a null one faults: NullReferenceException).
        let ty = access_type(op).unwrap_or(IlType::Object);
        let (abi, _) = supported(ty).expect("integer, float or object");
        let value = if matches!(
            op,
            O::Stind_I1
                | O::Stind_I2
                | O::Stind_I4
                | O::Stind_I8
                | O::Stind_I
                | O::Stind_R4
                | O::Stind_R8
                | O::Stind_Ref
        ) {
            Some(pop(st, offset)?)
        } else {
            None
        };
        let (addr, ka) = pop_any(st, offset)?;
        if !matches!(ka, Kind::ByRef | Kind::I64) {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        match value {
            Some(value) => {
                let v = convert_to(&mut cur, value, abi, offset)?;
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
