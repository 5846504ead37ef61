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
            if self.slots[v].is_none() && !matches!(self.vars[v], Ok(vt) if vt.kind == Kind::ByRef)
            {
                self.slots[v] = self.var_slot(v);
            }
        }
        // `ref` locals (managed pointers: nothing to start from but the
        // prolog's zero) and pinned locals (reported pinned) live in slots.
        for v in self.nargs..self.vars.len() {
            let byref = matches!(self.vars[v], Ok(vt) if vt.kind == Kind::ByRef);
            if self.slots[v].is_none() && (byref || self.pinned[v]) {
                self.slots[v] = self.var_slot(v);
            }
        }
        // With exception handling every variable lives in a slot (eh.rs).
        self.eh_slots();
    }

    /// A frame slot for scalar variable `v`, or `None` for a variable of
    /// another kind (structs have theirs). A reference or managed pointer
    /// in it is reported to the GC as an untracked slot (zeroed by the
    /// prolog, live everywhere: `ref string`/`out object` arguments, `ref`
    /// locals), pinned for a `pinned` local — as the JIT reports pinned
    /// locals (untracked, `GC_SLOT_PINNED`, src/coreclr/jit/gcencode.cpp).
    pub(super) fn var_slot(&mut self, v: usize) -> Option<kiln_ir::StackSlot> {
        let layout = match self.vars[v] {
            Ok(vt) if matches!(vt.kind, Kind::I32 | Kind::I64 | Kind::F32 | Kind::F64) => None,
            Ok(vt) if vt.kind == Kind::Ref => Some(self.vts.reference_layout(&mut self.func)),
            Ok(vt) if vt.kind == Kind::ByRef => Some(byref_layout(&mut self.func)),
            _ => return None,
        };
        let pinned = layout.is_some() && self.pinned[v];
        Some(self.func.create_stack_slot(kiln_ir::StackSlotData {
            size: 8,
            align: 8,
            layout,
            pinned,
        }))
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

/// The layout of a slot holding one managed pointer (token 0: no metadata
/// type), shared by the function's `ref` variables.
pub(super) fn byref_layout(func: &mut kiln_ir::Function) -> kiln_ir::StructRef {
    let found = func
        .struct_types
        .iter()
        .find(|(_, l)| l.token == 0 && l.size == 8 && l.refs.is_empty() && l.byrefs == [0])
        .map(|(r, _)| r);
    found.unwrap_or_else(|| {
        func.struct_types.push(kiln_ir::StructLayout {
            size: 8,
            align: 8,
            refs: Vec::new(),
            byrefs: vec![0],
            token: 0,
        })
    })
}
