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

/// Removes `trapz v, null_reference` where `v` is known not to be null:
/// the result of an allocation (`new_object`, `new_array`: the allocator
/// throws rather than return null) or of `string_const` (an interned
/// literal). Such a check can never fire; after inlining it is what a
/// `callvirt` on a fresh object leaves behind (`new C().M()`).
pub fn remove_non_null_checks(func: &mut Function) -> usize {
    let non_null = |func: &Function, v: kiln_ir::Value| match func.dfg.value_def(v) {
        kiln_ir::ValueDef::Result(i, 0) => matches!(
            func.dfg.inst(i),
            InstData::NewObject { .. } | InstData::NewArray { .. } | InstData::StringConst { .. }
        ),
        _ => false,
    };
    let checks: Vec<kiln_ir::Inst> = func
        .insts_in_layout()
        .filter(|&(_, i)| {
            matches!(
                func.dfg.inst(i),
                InstData::CondTrap {
                    op: kiln_ir::CondTrapOp::Trapz,
                    arg,
                    code: TrapCode::NullReference,
                } if non_null(func, *arg)
            )
        })
        .map(|(_, i)| i)
        .collect();
    for &i in &checks {
        func.layout.remove_inst(i);
    }
    checks.len()
}

#[cfg(test)]
mod tests {
    use kiln_ir::{parse_function, verify_function, write_function};

    #[test]
    fn checks_of_fresh_objects_go_and_others_stay() {
        let text = "function \"T::F\"(ref) -> i32 {
block0(v0: ref):
    v1 = new_object.ref 0x02000002
    trapz v1, null_reference
    v2 = string_const.ref 0x70000001
    trapz v2, null_reference
    trapz v0, null_reference
    v3 = iconst.i32 1
    return v3
}
";
        let mut f = parse_function(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        verify_function(&f).unwrap();
        assert_eq!(super::remove_non_null_checks(&mut f), 2);
        verify_function(&f).unwrap();
        let out = write_function(&f);
        assert_eq!(out.matches("trapz").count(), 1, "{out}");
        assert!(out.contains("trapz v0, null_reference"), "{out}");
    }
}
