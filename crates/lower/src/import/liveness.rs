//! Which variables need a stack slot (their address is taken) and which are
//! live on entry of each IL block (backward data flow over the IL blocks),
//! so that a block gets parameters only for the variables live into it.

use super::{Importer, Kind};
use crate::env::LowerEnv;
use kiln_metadata::il::Opcode;

impl<E: LowerEnv> Importer<'_, E> {
    /// Gives every integer, float or reference variable whose address is
    /// taken (`ldloca`, `ldarga`) a stack slot. Variables of other kinds keep their SSA
    /// values; their `ldloca`/`ldarga` is refused when translated.
    pub(super) fn address_taken(&mut self) {
        // (`slots` is sized by the caller; struct locals already have theirs.)
        for i in 0..self.insns.len() {
            let insn = self.insns[i];
            if !matches!(
                insn.opcode,
                Opcode::Ldloca | Opcode::Ldloca_S | Opcode::Ldarga | Opcode::Ldarga_S
            ) {
                continue;
            }
            let Some(Ok(v)) = self.var_index(&insn) else {
                continue;
            };
            if self.slots[v].is_some() {
                continue;
            }
            // A reference variable's slot is reported to the GC (a layout
            // with one reference): `ref string`/`out object` arguments.
            let layout = match self.vars[v] {
                Ok(vt) if matches!(vt.kind, Kind::I32 | Kind::I64 | Kind::F32 | Kind::F64) => None,
                Ok(vt) if vt.kind == Kind::Ref => Some(self.vts.reference_layout(&mut self.func)),
                _ => continue,
            };
            self.slots[v] = Some(self.func.create_stack_slot(kiln_ir::StackSlotData {
                size: 8,
                align: 8,
                layout,
            }));
        }
        // With exception handling every variable lives in a slot (eh.rs).
        self.eh_slots();
    }

    /// Backward data flow: variables live on entry of each IL block.
    pub(super) fn liveness(&mut self) {
        let nvars = self.vars.len();
        let nb = self.blocks.len();
        let mut gen = vec![vec![false; nvars]; nb];
        let mut kill = vec![vec![false; nvars]; nb];
        for (b, blk) in self.blocks.iter().enumerate() {
            for insn in &self.insns[blk.start..blk.end] {
                let Some(Ok(v)) = self.var_index(insn) else {
                    continue;
                };
                if self.slots[v].is_some() || self.eh.is_some() {
                    // Lives in its stack slot (with exception handling, every
                    // supported variable does; any other is refused at its
                    // first access).
                    continue;
                }
                if Self::is_store(insn.opcode) {
                    kill[b][v] = true;
                } else if !kill[b][v] {
                    gen[b][v] = true;
                }
            }
        }
        let mut live_in = gen.clone();
        let mut changed = true;
        while changed {
            changed = false;
            for b in (0..nb).rev() {
                for &s in self.blocks[b].succs.iter().flatten() {
                    for v in 0..nvars {
                        if live_in[s][v] && !kill[b][v] && !live_in[b][v] {
                            live_in[b][v] = true;
                            changed = true;
                        }
                    }
                }
            }
        }
        self.live_in = live_in;
    }
}
