//! Enums are lowered as their underlying primitive: same-module enums with
//! `MetadataEnv::new`, framework enums only with an assembly set.

mod common;

use kiln_lower::{lower_method, IlType, LowerEnv, LowerError, MetadataEnv, Unsupported};
use kiln_metadata::set::AssemblySet;
use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;
use std::path::Path;

fn method(asm: &Assembly, name: &str) -> MethodDefHandle {
    asm.handles::<MethodDefHandle>()
        .find(|&h| MetadataEnv::new(asm, h).method_name() == name)
        .unwrap()
}

#[test]
fn enums_lower_as_their_underlying_type() {
    let exe = common::compile(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cs/enums.cs"));
    let asm = Assembly::open(&exe).unwrap();

    let env = MetadataEnv::new(&asm, method(&asm, "E::Next"));
    assert_eq!(env.signature().unwrap().params, vec![IlType::U1]);
    assert_eq!(env.signature().unwrap().ret, Some(IlType::U1));
    let ir = lower_method(&env).unwrap().to_string();
    assert!(
        ir.starts_with("function \"E::Next\"(i8 uext) -> i8 uext {"),
        "{ir}"
    );
    let env = MetadataEnv::new(&asm, method(&asm, "E::Widen"));
    assert_eq!(env.signature().unwrap().params, vec![IlType::I8]);
    lower_method(&MetadataEnv::new(&asm, method(&asm, "E::Local"))).unwrap();

    // DayOfWeek lives in mscorlib: unresolved without a set...
    let day = method(&asm, "E::Day");
    assert_eq!(
        lower_method(&MetadataEnv::new(&asm, day)).unwrap_err(),
        LowerError::Unsupported(Unsupported::ParamType {
            index: 0,
            ty: IlType::ValueType
        })
    );
    // ...and an int32 with one.
    let mscorlib = Path::new("/usr/lib/mono/4.5/mscorlib.dll");
    let (set, _) = AssemblySet::from_paths(&[exe.as_path(), mscorlib]);
    let (id, _) = set
        .iter()
        .find(|(_, a)| a.path() == Some(exe.as_path()))
        .expect("program in the set");
    let asm = set.get(id);
    let env = MetadataEnv::with_set(&set, id, method(asm, "E::Day"));
    assert_eq!(env.signature().unwrap().params, vec![IlType::I4]);
    lower_method(&env).unwrap();
}
