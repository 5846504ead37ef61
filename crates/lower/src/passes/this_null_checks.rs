//! Removal of the null checks of `this` in instance methods of classes:
//! after trivial block parameters are gone, every use of `this` is the entry
//! block's first parameter, and its `trapz null_reference` checks can go
//! (ECMA-335 III.4.2: `callvirt` checks; a `call` with a null `this` faults
//! at its first field access, which the runtime turns into
//! `NullReferenceException`, as for JIT-compiled code).

use kiln_ir::{Block, Function, InstData, TrapCode};

/// Removes the null checks of `this` (the entry block's first parameter of
/// an instance method) that block parameters hid during translation: once
/// trivial parameters are gone, every use of `this` is that value. A class's
/// instance method never runs with a null `this` from C#; IL may `call` it
/// with null, and then the field access (offset below a page) faults and the
/// runtime raises `NullReferenceException`, as for JIT-compiled code
/// (`tests/programs/il_null_this.il`).
pub fn remove_this_null_checks(func: &mut Function) {
    let Some(entry) = func.layout.entry_block() else {
        return;
    };
    let Some(&this) = func.dfg.block_params(entry).first() else {
        return;
    };
    // Checks right before a virtual dispatch on `this` stay (the dispatch
    // stub must not see null).
    let before_virtual_call = |block: Block, i: kiln_ir::Inst| {
        let insts = func.layout.block_insts(block);
        let next = insts
            .iter()
            .position(|&x| x == i)
            .and_then(|p| insts.get(p + 1));
        next.is_some_and(|&n| match func.dfg.inst(n) {
            InstData::Call { func: f, args } => {
                func.ext_funcs[*f].dispatch.is_virtual() && args.first() == Some(&this)
            }
            _ => false,
        })
    };
    let checks: Vec<kiln_ir::Inst> = func
        .insts_in_layout()
        .filter(|&(b, i)| {
            matches!(
                func.dfg.inst(i),
                InstData::CondTrap {
                    op: kiln_ir::CondTrapOp::Trapz,
                    arg,
                    code: TrapCode::NullReference,
                } if *arg == this
            ) && !before_virtual_call(b, i)
        })
        .map(|(_, i)| i)
        .collect();
    for i in checks {
        func.layout.remove_inst(i);
    }
}
