//! Synchronized instance methods (`MethodImplOptions.Synchronized`,
//! ECMA-335 II.23.1.11, I.12.4.2.8.2.3) as RyuJIT builds them on x64
//! (`fgAddSyncMethodEnterExit`, `fgCreateMonitorTree`): the whole body is
//! the protected region of one more, outermost, fault clause, entered
//! after the "acquired" flag is cleared:
//!
//! ```text
//!   pre-entry:  lock slot ← this; acquired ← 0          (no region)
//!   enter:      monitor_enter lock, &acquired           (protected)
//!   IL body:    … monitor_exit lock, &acquired; return  (protected)
//!   fault:      monitor_exit lock, &acquired; end_finally
//! ```
//!
//! `monitor_enter` sets `acquired` only once it holds the monitor and
//! `monitor_exit` releases it only if `acquired` is set, so the fault
//! releases exactly what was taken, whatever throws. The lock object is a
//! copy of the incoming `this` in its own GC-reported slot (RyuJIT's
//! `lvaCopyThis`): a `starg 0` in the body cannot change what is released.
//! User clauses lie inside the new protected region, so their funclets get
//! its duplicated clause (backend `eh::clause_table`) and an exception
//! escaping a handler releases the monitor too.
//!
//! Static synchronized methods lock their class's `RuntimeType`, which
//! RyuJIT reaches through `getMethodSync` and the `MON_ENTER_STATIC`
//! helpers; ReadyToRun 9.1 has no helper id for those
//! (`readytorun.h`), so they stay with the JIT (as crossgen2 leaves them).

use super::Importer;
use crate::env::LowerEnv;
use kiln_ir::{Block, Cursor, EhClause, InstData, Region, StackSlot, StackSlotData, Type, Value};

/// The frame slots and blocks of a synchronized method.
#[derive(Clone, Copy, Debug)]
pub(super) struct SyncState {
    /// The outermost clause (a fault) protecting the whole body.
    pub(super) clause: EhClause,
    /// Its handler's entry (and only) block.
    pub(super) handler: Block,
    /// The locked object (a `ref` slot the GC sees).
    lock: StackSlot,
    /// The "acquired" byte the helpers read and write.
    acquired: StackSlot,
}

impl<E: LowerEnv> Importer<'_, E> {
    /// Creates the synchronized method's clause, slots and handler block
    /// (called by `eh_setup` after the IL clauses, so the clause is the
    /// outermost one, last in the table).
    pub(super) fn sync_setup(&mut self, code_end: u32) -> SyncState {
        let handler = self.func.dfg.make_block();
        let clause = self.func.eh_clauses.push(kiln_ir::EhClauseData {
            kind: kiln_ir::HandlerKind::Fault,
            handler,
            il_try: (0, code_end),
            // No IL: a range past the code, inside no protected region.
            il_handler: (code_end, code_end + 1),
        });
        let layout = self.vts.reference_layout(&mut self.func);
        let lock = self.func.create_stack_slot(StackSlotData {
            size: 8,
            align: 8,
            layout: Some(layout),
            pinned: false,
        });
        let acquired = self.func.create_stack_slot(StackSlotData {
            size: 8,
            align: 8,
            layout: None,
            pinned: false,
        });
        SyncState {
            clause,
            handler,
            lock,
            acquired,
        }
    }

    /// The entry of a synchronized method: `pre_entry` (which set up the
    /// variables) saves `this` and clears the flag, then jumps to a new
    /// block inside the protected region that enters the monitor and
    /// continues at IL offset 0 with `args`.
    pub(super) fn sync_entry(&mut self, pre_entry: Block, block0: Block, args: &[Value]) -> Block {
        let s = self.sync.expect("a synchronized method");
        let this = self
            .this_value
            .expect("synchronized methods are instance methods");
        let enter = self.func.dfg.make_block();
        self.func.layout.append_block(enter);
        self.func.regions[enter] = Region {
            funclet: None,
            try_region: Some(s.clause),
        };
        let mut cur = Cursor::new(&mut self.func, pre_entry);
        cur.ins(InstData::StackStore {
            arg: this,
            slot: s.lock,
            offset: 0,
        });
        let zero = cur.iconst(Type::I64, 0);
        cur.ins(InstData::StackStore {
            arg: zero,
            slot: s.acquired,
            offset: 0,
        });
        cur.jump(enter, &[]);
        let mut cur = Cursor::new(&mut self.func, enter);
        monitor(&mut cur, s, true);
        cur.jump(block0, args);
        enter
    }

    /// The fault handler: releases the monitor if it was acquired.
    pub(super) fn sync_handler(&mut self) {
        let Some(s) = self.sync else {
            return;
        };
        self.func.layout.append_block(s.handler);
        let mut cur = Cursor::new(&mut self.func, s.handler);
        monitor(&mut cur, s, false);
        cur.ins(InstData::EndFinally);
    }
}

/// `monitor_enter`/`monitor_exit` of the lock slot's object with the
/// "acquired" byte's address.
fn monitor(cur: &mut Cursor<'_>, s: SyncState, enter: bool) {
    let obj = cur.ins(InstData::StackLoad {
        ty: Type::Ref,
        slot: s.lock,
        offset: 0,
    });
    let obj = cur.func.dfg.inst_results(obj)[0];
    let flag = cur.ins(InstData::StackAddr {
        slot: s.acquired,
        offset: 0,
    });
    let flag = cur.func.dfg.inst_results(flag)[0];
    cur.monitor(enter, obj, flag);
}

/// Before a `ret` of a synchronized method (`sync`): releases the monitor.
pub(super) fn exit(cur: &mut Cursor<'_>, sync: Option<SyncState>) {
    if let Some(s) = sync {
        monitor(cur, s, false);
    }
}
