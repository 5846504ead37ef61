//! Prints kiln's layout of `Namespace.Name` from an assembly in the given folder.
use kiln_metadata::set::AssemblySet;
use kiln_metadata::types::{TypeKey, TypeSystem};
fn main() {
    let a: Vec<String> = std::env::args().collect();
    let (set, _) = AssemblySet::from_paths(&[a[1].clone()]);
    let ts = TypeSystem::new(&set);
    let (id, _) = set
        .iter()
        .find(|(_, x)| x.name() == Some(a[2].as_str()))
        .expect("assembly");
    let (ns, n) = a[3].rsplit_once('.').unwrap();
    let mut t = set.find_type(id, ns, n);
    while let Some(td) = t {
        let l = ts.layout(&TypeKey::Def(td, vec![])).unwrap();
        println!(
            "{} ibc={} base_size={} aligned_base={} kind={:?}",
            set.type_name(td),
            l.instance_byte_count,
            l.base_size,
            l.aligned_base,
            l.kind
        );
        for f in &l.fields {
            let asm = set.get(f.field.asm);
            println!(
                "  {} @{} size {} {:?}",
                asm.string(asm.field(f.field.def).unwrap().name).unwrap(),
                f.offset,
                f.size,
                f.class
            );
        }
        t = set.base_type(td).unwrap();
    }
}
