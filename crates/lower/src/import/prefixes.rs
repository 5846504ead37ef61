//! The instruction prefixes of ECMA-335 III.2 other than `constrained.`
//! (which `calls` handles): each is checked against the instruction it
//! prefixes (the next one that is not itself a prefix, in the same block)
//! and then honoured.
//!
//! | prefix | may prefix | kiln |
//! |---|---|---|
//! | `volatile.` (III.2.6) | `ldind.*`, `stind.*`, `ldfld`, `stfld`, `ldsfld`, `stsfld`, `ldobj`, `stobj`, `initblk`, `cpblk` | nothing to do: kiln's code performs every IL memory access, in order, as one x64 load or store (no caching, reordering or removal), and x64 loads and stores already have the acquire/release ordering volatile asks for — the JIT emits no fence either |
//! | `unaligned.` (III.2.5) | the same, minus `ldsfld`/`stsfld` | nothing to do: x64 loads and stores accept any alignment |
//! | `readonly.` (III.2.3) | `ldelema` (and an array's `Address` call) | nothing to do: it only *permits* omitting the element type check |
//! | `no.` (III.2.4) | `castclass`, `unbox`, `ldelem*`, `stelem*`, `ldelema`, `callvirt`, `ldfld`, … | nothing to do: it only *permits* omitting checks; kiln keeps them |
//! | `tail.` (III.2.4) | `call`, `callvirt`, `calli` followed by `ret` | refused ([`Unsupported::Prefix`]): the caller's frame must be replaced, which kiln does not do, and ignoring the prefix could overflow the stack of a program relying on it |

use super::{invalid, Importer};
use crate::env::LowerEnv;
use crate::error::{InvalidIlKind, LowerError, Unsupported};
use kiln_metadata::il::{Instruction, Opcode};

/// Whether `op` is one of the prefixes this module handles.
pub(super) fn is_prefix(op: Opcode) -> bool {
    matches!(
        op,
        Opcode::Volatile | Opcode::Unaligned | Opcode::Readonly | Opcode::No | Opcode::Tail
    )
}

/// Whether `prefix` may prefix `op` (ECMA-335 III.2).
fn may_prefix(prefix: Opcode, op: Opcode) -> bool {
    use Opcode as O;
    let name = op.name();
    let memory = name.starts_with("ldind.")
        || name.starts_with("stind.")
        || matches!(
            op,
            O::Ldfld | O::Stfld | O::Ldobj | O::Stobj | O::Initblk | O::Cpblk
        );
    match prefix {
        O::Volatile => memory || matches!(op, O::Ldsfld | O::Stsfld),
        O::Unaligned => memory,
        O::Readonly => matches!(op, O::Ldelema | O::Call | O::Callvirt),
        // `no.` names checks of many instructions; which ones the flags
        // mean is the instruction's business. Anything is accepted.
        O::No => true,
        O::Tail => matches!(op, O::Call | O::Callvirt | O::Calli),
        _ => false,
    }
}

impl<E: LowerEnv> Importer<'_, E> {
    /// A prefix: checks the instruction it prefixes, then lets it be
    /// translated as if unprefixed (or refuses `tail.`).
    pub(super) fn prefix(&mut self, insn: &Instruction<'_>, last: bool) -> Result<(), LowerError> {
        let offset = insn.offset;
        let i = self.insns.partition_point(|x| x.offset < offset);
        let block_end = self.insns[i..]
            .iter()
            .skip(1)
            .position(|x| self.block_of_offset.contains_key(&x.offset))
            .map_or(self.insns.len(), |p| i + 1 + p);
        let target = self.insns[i + 1..block_end]
            .iter()
            .find(|x| !is_prefix(x.opcode));
        let Some(target) = target.filter(|_| !last) else {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        };
        if !may_prefix(insn.opcode, target.opcode) {
            return Err(invalid(offset, InvalidIlKind::OperandTypes));
        }
        if insn.opcode == Opcode::Tail {
            return Err(Unsupported::Prefix {
                offset,
                prefix: Opcode::Tail,
                reason: "explicit tail call (the caller's frame would have to be replaced)".into(),
            }
            .into());
        }
        Ok(())
    }
}
