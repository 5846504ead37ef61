//! Differential test of the importer: the programs of `tests/programs/` are
//! compiled by `mcs`, their methods lowered, and `Main` *executed* on the IR
//! with `kiln_ir::interpret` (calls within the assembly go to the lowered
//! callee, `Console.WriteLine(int32/int64/uint32/uint64/bool/char)` prints).
//! The output and exit code must equal the program's `.out` file and 100 —
//! the same expectations the end-to-end harness checks on the real runtime.
//!
//! Every `firstlight_*` program must run this way; other programs run if
//! everything `Main` reaches is inside the slice (reported, not required).

mod common;

use kiln_ir::{interpret, Callee, ExtFuncData, Function, InterpError, Outcome};
use kiln_lower::{lower_method, IlType, LowerEnv, MetadataEnv};
use kiln_metadata::tables::{Handle, MethodDefHandle, TableId, Token};
use kiln_metadata::Assembly;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

struct Machine<'a> {
    asm: &'a Assembly,
    entry: MethodDefHandle,
    lowered: HashMap<u32, Result<Rc<Function>, String>>,
    out: String,
}

impl Machine<'_> {
    fn function(&mut self, h: MethodDefHandle) -> Result<Rc<Function>, InterpError> {
        let asm = self.asm;
        self.lowered
            .entry(h.token().0)
            .or_insert_with(|| {
                lower_method(&MetadataEnv::new(asm, h))
                    .map(Rc::new)
                    .map_err(|e| format!("{:#010x}: {e}", h.token().0))
            })
            .clone()
            .map_err(InterpError::Call)
    }

    fn run(&mut self, h: MethodDefHandle, args: &[i64]) -> Result<Outcome, InterpError> {
        let f = self.function(h)?;
        let mut fuel = 200_000_000;
        interpret(&f, args, &mut |ext, a| self.call(ext, a), &mut fuel)
    }

    fn call(&mut self, ext: &ExtFuncData, args: &[i64]) -> Result<Outcome, InterpError> {
        let Callee::Token(token) = ext.callee else {
            return Err(InterpError::Call(
                "no model of a callee named by signature".into(),
            ));
        };
        let tok = Token(token);
        if tok.table() == Some(TableId::MethodDef) {
            let h = MethodDefHandle::from_token(tok).unwrap();
            return self.run(h, args);
        }
        let target = MetadataEnv::new(self.asm, self.entry)
            .resolve_call(token)
            .map_err(|e| InterpError::Call(e.to_string()))?;
        if target.name != "System.Console::WriteLine" || args.len() != 1 {
            return Err(InterpError::Call(format!("no model of {}", target.name)));
        }
        let a = args[0];
        let text = match target.sig.params[0] {
            IlType::I4 | IlType::I8 => a.to_string(),
            IlType::U4 => (a as u32).to_string(),
            IlType::U8 => (a as u64).to_string(),
            IlType::Bool => if a != 0 { "True" } else { "False" }.to_string(),
            IlType::Char => char::from_u32(a as u16 as u32).unwrap_or('?').to_string(),
            t => return Err(InterpError::Call(format!("no model of WriteLine({t:?})"))),
        };
        self.out.push_str(&text);
        self.out.push('\n');
        Ok(Outcome::Return(Vec::new()))
    }
}

fn entry_point(asm: &Assembly) -> MethodDefHandle {
    let token = asm.cor_header().entry_point_token;
    MethodDefHandle::from_token(Token(token)).expect("entry point is a MethodDef")
}

fn run_program(src: &Path) -> Result<(String, Outcome), InterpError> {
    let exe = common::compile(src);
    let asm = Assembly::open(&exe).unwrap();
    let entry = entry_point(&asm);
    let mut m = Machine {
        asm: &asm,
        entry,
        lowered: HashMap::new(),
        out: String::new(),
    };
    let outcome = m.run(entry, &[])?;
    Ok((m.out, outcome))
}

#[test]
fn run_test_programs_on_the_ir() {
    // Deep recursion in the programs becomes deep recursion here.
    let child = std::thread::Builder::new()
        .stack_size(512 << 20)
        .spawn(run_all)
        .unwrap();
    child.join().unwrap();
}

fn run_all() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/programs");
    let mut sources: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "cs"))
        .collect();
    sources.sort();
    let mut failures = Vec::new();
    let mut ran = Vec::new();
    for src in &sources {
        let stem = src.file_stem().unwrap().to_string_lossy().to_string();
        let required = stem.starts_with("firstlight_");
        let Ok(expected) = std::fs::read_to_string(src.with_extension("out")) else {
            assert!(!required, "{stem}: no .out file");
            continue;
        };
        match run_program(src) {
            Ok((out, outcome)) => {
                ran.push(stem.clone());
                if out != expected || outcome != Outcome::Return(vec![100]) {
                    failures.push(format!(
                        "{stem}: {outcome:?}\n--- expected\n{expected}+++ actual\n{out}"
                    ));
                }
            }
            Err(e) if required => failures.push(format!("{stem}: could not run: {e}")),
            Err(e) => eprintln!("{stem}: not run on the IR: {e}"),
        }
    }
    eprintln!("ran on the IR: {ran:?}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
