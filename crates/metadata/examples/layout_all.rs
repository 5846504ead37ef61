//! Computes kiln's layout, statics, vtable and interfaces of every
//! non-generic type under the given paths and reports failures.
use kiln_metadata::set::{AssemblySet, TypeDefId};
use kiln_metadata::tables::{TypeDefHandle, TypeOrMethodDef};
use kiln_metadata::types::{TypeKey, TypeSystem};
fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let (set, _) = AssemblySet::from_paths(&paths);
    let ts = TypeSystem::new(&set);
    let (mut ok, mut bad, mut unresolved) = (0, 0, 0);
    for (id, a) in set.iter() {
        for t in a.handles::<TypeDefHandle>() {
            if !a.generic_params(TypeOrMethodDef::TypeDef(t)).is_empty() {
                continue;
            }
            let def = TypeDefId { asm: id, def: t };
            let r = ts
                .layout(&TypeKey::Def(def, vec![]))
                .map(|_| ())
                .and_then(|_| ts.static_layout(def).map(|_| ()))
                .and_then(|_| ts.vtable(def).map(|_| ()))
                .and_then(|_| ts.interfaces(&TypeKey::Def(def, vec![])).map(|_| ()));
            match r {
                Ok(()) => ok += 1,
                Err(kiln_metadata::set::ResolveError::Unresolved(_)) => unresolved += 1,
                Err(e) => {
                    if bad < 30 {
                        println!("{}: {e}", set.type_name(def));
                    }
                    bad += 1;
                }
            }
        }
    }
    println!("{ok} types laid out, {unresolved} unresolved, {bad} errors");
}
