//! Runs the whole-assembly check over paths given on the command line.
fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let (set, load) = kiln_metadata::set::AssemblySet::from_paths(&paths);
    let report = kiln_metadata::check::check_set(&set);
    for (p, e) in &load.errors {
        println!("load error: {}: {e}", p.display());
    }
    let mut by_kind = std::collections::BTreeMap::new();
    for e in &report.errors {
        *by_kind
            .entry(format!("{:?}", std::mem::discriminant(&e.error)))
            .or_insert(0) += 1;
    }
    for e in report.errors.iter().take(40) {
        println!("{e}");
    }
    if std::env::var("SHOW_UNRESOLVED").is_ok() {
        let mut n = 0;
        for (id, a) in set.iter() {
            for r in a.handles::<kiln_metadata::tables::TypeRefHandle>() {
                if let Err(e) = set.resolve_type_ref(id, r) {
                    if n < 100000 {
                        println!("{}: {e}", a.name().unwrap_or("?"));
                    }
                    n += 1;
                }
            }
            for r in a.handles::<kiln_metadata::tables::MemberRefHandle>() {
                if let Err(e) = set.resolve_member_ref(id, r) {
                    if n < 100000 {
                        println!("{}: {e}", a.name().unwrap_or("?"));
                    }
                    n += 1;
                }
            }
        }
    }
    println!(
        "unresolved {} resolved {} skipped {}",
        report.unresolved,
        report.resolved,
        load.skipped.len()
    );
    println!("{}", report.summary());
}
