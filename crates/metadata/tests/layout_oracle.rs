//! The layout oracle: compiles `tests/layout-oracle/Oracle.cs` with mcs, runs
//! it on the real .NET 8 runtime, which reports the field offsets and instance
//! sizes it computed for every type of the oracle assembly and for a sample of
//! framework types, and compares them with kiln's [`TypeSystem`] layouts.
//! Requires mcs and the .NET 8 host (`cargo xtask setup` provisions them);
//! skipped with a message when they are missing.
//!
//! Environment: `KILN_ORACLE_LIMIT` (types per framework assembly, default: all),
//! `KILN_ORACLE_ASSEMBLIES` (comma-separated names, or `all` for the whole framework).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kiln_metadata::set::{AsmId, AssemblySet, TypeDefId};
use kiln_metadata::tables::{FieldHandle, Token, TypeDefHandle};
use kiln_metadata::types::{TypeKey, TypeSystem};

const FRAMEWORK_ASSEMBLIES: &str = "System.Private.CoreLib,System.Private.DataContractSerialization,System.Data.Common,System.Net.Sockets,System.Security.Cryptography,System.IO.Compression,System.Diagnostics.Process,System.ObjectModel,System.Linq.Expressions,Microsoft.CSharp,System.Net.Security,System.Private.Xml.Linq,System.Collections,System.Linq,System.Private.Uri,System.Text.RegularExpressions,System.Collections.Concurrent,System.Runtime.Numerics,System.Private.Xml,System.Net.Primitives,System.Console,System.ComponentModel.TypeConverter,System.Text.Json,System.Net.Http,System.Threading.Channels,System.Reflection.Metadata,System.Memory";

struct Tools {
    dotnet: PathBuf,
    framework: PathBuf,
    mcs: PathBuf,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(|p| p.parent())
        .expect("workspace root")
        .to_path_buf()
}

fn find_tools() -> Option<Tools> {
    let cache = std::env::var_os("KILN_TOOLCHAIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/toolchain"));
    if let Ok(text) = std::fs::read_to_string(cache.join("toolchain.env")) {
        let kv: HashMap<&str, &str> = text.lines().filter_map(|l| l.split_once('=')).collect();
        if let (Some(d), Some(f), Some(m)) = (kv.get("dotnet"), kv.get("framework"), kv.get("mcs"))
        {
            return Some(Tools {
                dotnet: d.into(),
                framework: f.into(),
                mcs: m.into(),
            });
        }
    }
    let net = PathBuf::from("/tmp/dn/dnv/net/runtime/.net");
    let mcs = PathBuf::from("/usr/bin/mcs");
    if net.join("dotnet").exists() && mcs.exists() {
        return Some(Tools {
            dotnet: net.join("dotnet"),
            framework: net.join("shared/Microsoft.NETCore.App/8.0.4"),
            mcs,
        });
    }
    None
}

#[derive(Debug)]
struct OracleType {
    assembly: String,
    token: u32,
    value_type: bool,
    size: u32,
    args: Vec<(String, u32)>,
    name: String,
    fields: Vec<(u32, u32)>,
    statics: Vec<(u32, u32)>,
    slots: Vec<(u32, u32)>,
    interfaces: Vec<(String, u32)>,
}

fn parse(out: &str) -> Vec<OracleType> {
    let mut v: Vec<OracleType> = Vec::new();
    for line in out.lines() {
        let p: Vec<&str> = line.split('\t').collect();
        let hex = |s: &str| u32::from_str_radix(s, 16).expect("hex token");
        match p[0] {
            "T" => v.push(OracleType {
                assembly: p[1].to_string(),
                token: hex(p[2]),
                value_type: p[3] == "V",
                size: p[4].parse().expect("size"),
                args: if p[5] == "-" {
                    vec![]
                } else {
                    p[5].split(',')
                        .map(|a| {
                            let (asm, tok) = a.split_once(':').expect("asm:token");
                            (asm.to_string(), hex(tok))
                        })
                        .collect()
                },
                name: p[6].to_string(),
                fields: vec![],
                statics: vec![],
                slots: vec![],
                interfaces: vec![],
            }),
            "F" => v
                .last_mut()
                .expect("type")
                .fields
                .push((hex(p[1]), p[2].parse().expect("offset"))),
            "S" => v
                .last_mut()
                .expect("type")
                .statics
                .push((hex(p[1]), p[2].parse().expect("offset"))),
            "I" => {
                let (asm, tok) = p[1].split_once(':').expect("asm:token");
                v.last_mut()
                    .expect("type")
                    .interfaces
                    .push((asm.to_string(), hex(tok)));
            }
            "M" => v
                .last_mut()
                .expect("type")
                .slots
                .push((hex(p[1]), p[2].parse().expect("slot"))),
            _ => {}
        }
    }
    v
}

#[test]
fn layouts_match_the_runtime() {
    let Some(tools) = find_tools() else {
        eprintln!("layout oracle skipped: no mcs/.NET 8 (run `cargo xtask setup`)");
        return;
    };
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("layout-oracle");
    std::fs::create_dir_all(&dir).expect("mkdir");
    let exe = dir.join("Oracle.exe");
    let src = workspace_root().join("tests/layout-oracle/Oracle.cs");
    let st = Command::new(&tools.mcs)
        .arg("-unsafe")
        .arg("-nologo")
        .arg(format!("-out:{}", exe.display()))
        .arg(&src)
        .status()
        .expect("run mcs");
    assert!(st.success(), "mcs failed");
    std::fs::write(
        dir.join("Oracle.runtimeconfig.json"),
        r#"{"runtimeOptions":{"tfm":"net8.0","framework":{"name":"Microsoft.NETCore.App","version":"8.0.0"}}}"#,
    )
    .expect("write runtimeconfig");
    let limit = std::env::var("KILN_ORACLE_LIMIT").unwrap_or_else(|_| "100000".into());
    // KILN_ORACLE_ASSEMBLIES=all asks about every assembly of the framework folder.
    let list = match std::env::var("KILN_ORACLE_ASSEMBLIES").as_deref() {
        Ok("all") => {
            let mut names: Vec<String> = std::fs::read_dir(&tools.framework)
                .expect("framework dir")
                .filter_map(|e| e.ok()?.path().file_stem()?.to_str().map(str::to_string))
                .filter(|n| {
                    n.starts_with("System")
                        || n.starts_with("Microsoft")
                        || n == "mscorlib"
                        || n == "netstandard"
                })
                .collect();
            names.sort();
            names.dedup();
            names.join(",")
        }
        Ok(l) => l.to_string(),
        Err(_) => FRAMEWORK_ASSEMBLIES.to_string(),
    };
    let out = Command::new(&tools.dotnet)
        .arg(&exe)
        .arg(&list)
        .arg(&limit)
        .output()
        .expect("run dotnet");
    assert!(
        out.status.success(),
        "oracle failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let types = parse(&String::from_utf8_lossy(&out.stdout));

    let (set, load) = AssemblySet::from_paths(&[tools.framework.clone(), exe.clone()]);
    assert!(load.errors.is_empty(), "{:?}", load.errors);
    let ts = TypeSystem::new(&set);
    let ids: HashMap<String, AsmId> = set
        .iter()
        .filter_map(|(id, a)| Some((a.name()?.to_string(), id)))
        .collect();
    let def = |asm: &str, tok: u32| -> TypeDefId {
        TypeDefId {
            asm: ids[asm],
            def: TypeDefHandle(Token(tok).rid()),
        }
    };

    let (mut checked, mut framework, mut fields, mut statics_ok, mut statics_bad) = (0, 0, 0, 0, 0);
    let mut slots_checked = 0;
    let (mut interfaces_checked, mut interface_order_differs) = (0, 0);
    // How often the version-bubble rule changed a layout (base bytes not 8-aligned).
    let mut bubble_rule_mattered = 0;
    let mut mismatches = Vec::new();
    for t in &types {
        let id = def(&t.assembly, t.token);
        let args: Vec<TypeKey> = t
            .args
            .iter()
            .map(|(a, k)| TypeKey::Def(def(a, *k), vec![]))
            .collect();
        let key = TypeKey::Def(id, args);
        let layout = match ts.layout(&key) {
            Ok(l) => l,
            Err(e) => {
                mismatches.push(format!("{} ({}): kiln error {e}", t.name, t.assembly));
                continue;
            }
        };
        checked += 1;
        if layout.aligned_base {
            if let Ok(Some(b)) = set.base_type(id) {
                if ts
                    .layout_of_def(b)
                    .map(|l| l.instance_byte_count % 8 != 0)
                    .unwrap_or(false)
                {
                    bubble_rule_mattered += 1;
                }
            }
        }
        if t.assembly != "Oracle" {
            framework += 1;
        }
        let kiln_size = if t.value_type {
            layout.field_size
        } else {
            layout.base_size
        };
        if layout.is_value_type != t.value_type || kiln_size != t.size {
            mismatches.push(format!(
                "{} ({}): size runtime {} kiln {} (vt {} / {}, kind {:?})",
                t.name,
                t.assembly,
                t.size,
                kiln_size,
                t.value_type,
                layout.is_value_type,
                layout.kind
            ));
        }
        for &(ftok, off) in &t.fields {
            fields += 1;
            let fh = FieldHandle(Token(ftok).rid());
            match layout.fields.iter().find(|p| p.field.def == fh) {
                Some(p) if p.offset == off => {}
                Some(p) => mismatches.push(format!(
                    "{}.{} ({}): offset runtime {off} kiln {} ({:?})",
                    t.name,
                    set.get(id.asm)
                        .string(set.get(id.asm).field(fh).unwrap().name)
                        .unwrap_or("?"),
                    t.assembly,
                    p.offset,
                    layout.kind
                )),
                None => mismatches.push(format!(
                    "{}: field {ftok:#x} missing in kiln's layout",
                    t.name
                )),
            }
        }
        if !t.statics.is_empty() {
            match ts.static_layout_of(&key) {
                Ok(st) => {
                    for &(ftok, off) in &t.statics {
                        let fh = FieldHandle(Token(ftok).rid());
                        let is_rva = set
                            .get(id.asm)
                            .field(fh)
                            .map(|r| r.flags & 0x100 != 0)
                            .unwrap_or(false);
                        match st.iter().find(|p| p.field.def == fh) {
                            Some(p) if p.offset == off => statics_ok += 1,
                            None if is_rva => {}
                            other => {
                                statics_bad += 1;
                                mismatches.push(format!(
                                    "{} static field {ftok:#x}: runtime {off} kiln {:?}",
                                    t.name,
                                    other.map(|p| p.offset)
                                ));
                            }
                        }
                    }
                }
                Err(e) => mismatches.push(format!("{}: kiln static layout error {e}", t.name)),
            }
        }
    }
    for t in &types {
        let id = def(&t.assembly, t.token);
        let args: Vec<TypeKey> = t
            .args
            .iter()
            .map(|(a, k)| TypeKey::Def(def(a, *k), vec![]))
            .collect();
        let kiln: Vec<TypeDefId> = match ts.interfaces(&TypeKey::Def(id, args)) {
            Ok(v) => v
                .into_iter()
                .filter_map(|k| {
                    if let TypeKey::Def(d, _) = k {
                        Some(d)
                    } else {
                        None
                    }
                })
                .collect(),
            Err(e) => {
                mismatches.push(format!("{}: kiln interfaces error {e}", t.name));
                continue;
            }
        };
        let runtime: Vec<TypeDefId> = t.interfaces.iter().map(|(a, k)| def(a, *k)).collect();
        interfaces_checked += runtime.len();
        let (mut a, mut b) = (kiln.clone(), runtime.clone());
        a.sort();
        b.sort();
        if a != b {
            mismatches.push(format!(
                "{}: interfaces runtime {} kiln {}",
                t.name,
                runtime.len(),
                kiln.len()
            ));
        } else if kiln != runtime {
            interface_order_differs += 1;
            mismatches.push(format!("{}: interface map order differs", t.name));
        }
    }
    for t in &types {
        if t.slots.is_empty() || !t.args.is_empty() {
            continue;
        }
        let id = def(&t.assembly, t.token);
        let vt = match ts.vtable(id) {
            Ok(v) => v,
            Err(e) => {
                mismatches.push(format!("{}: kiln vtable error {e}", t.name));
                continue;
            }
        };
        for &(mtok, slot) in &t.slots {
            slots_checked += 1;
            let md = kiln_metadata::tables::MethodDefHandle(Token(mtok).rid());
            match vt.iter().rposition(|m| m.asm == id.asm && m.def == md) {
                Some(k) if k as u32 == slot => {}
                other => mismatches.push(format!(
                    "{} method {mtok:#x}: vtable slot runtime {slot} kiln {other:?}",
                    t.name
                )),
            }
        }
    }
    for m in mismatches.iter().take(60) {
        eprintln!("MISMATCH {m}");
    }
    eprintln!(
        "layout oracle: {checked} types ({framework} framework, {} oracle), {fields} instance fields, {} mismatches; static fields {statics_ok} agree, {statics_bad} differ; {slots_checked} virtual slots; {interfaces_checked} interfaces (order differs for {interface_order_differs} types); version-bubble alignment changed {bubble_rule_mattered} layouts",
        checked - framework,
        mismatches.len()
    );
    // Once kiln compiles the oracle assembly to R2R, its classes deriving from
    // framework classes start their fields 8-aligned (the runtime's rule for
    // R2R images, checked above on the framework's own cross-assembly types).
    let compiled = kiln_metadata::types::VersionBubbles::for_compilation(&set, &[ids["Oracle"]]);
    let ts_r2r = TypeSystem::with_bubbles(&set, compiled);
    let my_exc = set
        .find_type(ids["Oracle"], "LayoutOracle", "MyException")
        .expect("MyException");
    let l = ts_r2r.layout_of_def(my_exc).expect("layout");
    assert!(l.aligned_base);
    assert!(l
        .fields
        .iter()
        .all(|f| f.offset % 8 == 0 || f.offset > l.fields[0].offset));
    let base = ts
        .layout_of_def(set.base_type(my_exc).unwrap().unwrap())
        .unwrap();
    assert!(
        l.fields.iter().map(|f| f.offset).min().unwrap()
            >= base.instance_byte_count.div_ceil(8) * 8
    );
    assert!(framework >= 500, "only {framework} framework types checked");
    assert!(
        mismatches.is_empty(),
        "{} layout mismatches",
        mismatches.len()
    );
}
