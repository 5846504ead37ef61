//! Test support: a fake [`LowerEnv`] described by a small text header, and a
//! tiny IL assembler (mnemonics from `kiln_metadata::il::Opcode`, labels for
//! branch targets) so tests can state IL readably.
//!
//! ```text
//! // comment
//! .method int32 Program::SumTo(int32)     (flags before the return type:
//!                                           `synchronized` first, then `instance`/`vararg`/`generic`)
//! .locals (int32, int64)
//! .maxstack 8                               (default 8)
//! .eh finally 0x0 0x4 0x4 0x2              (an EH clause: kind `catch:TOKEN`,
//!                                           `filter:OFFSET`, `finally` or `fault`, then the
//!                                           try offset and length, handler offset and length)
//! .call 0x0a000001 System.Console::WriteLine(int32) -> void
//! .callvirt 0x06000002 instance int32 C::V()  (a virtual callee)
//! .field 0x04000001 int32 16                (instance field at offset 16;
//!                                           `static`/`valuetype`/`unknown` instead of the offset,
//!                                           `checked:24` for an offset the runtime must confirm;
//!                                           `static:16` / `static_gc:8` for a static field of
//!                                           class 0x02000002 at that offset from its non-GC / GC base;
//!                                           `string_empty` for System.String::Empty,
//!                                           `foreign_static` for a static of another assembly)
//! .class_init 0x02000003                    (the method triggers this class's .cctor on entry)
//! .newobj 0x06000003 0x02000002             (the constructor allocates this class)
//! .delegate 0x0a000004 0x01000005           (a delegate constructor and its class; `ldtoken`
//!                                           names a type for 0x01/0x02 tokens, a field for
//!                                           0x04 and undeclared 0x0A, a method for 0x06 and
//!                                           0x0A declared with `.call`)
//! LOOP:
//!     ldarg.0
//!     brtrue.s LOOP
//!     switch (A, B)
//!     ret
//! ```

#![allow(dead_code)]

use kiln_ir::Callee;
use kiln_lower::{CallTarget, FieldTarget, IlBody, IlType, LowerEnv, MethodSig, TokenHandle};
use kiln_metadata::il::{Opcode, OperandKind};
use kiln_metadata::MetadataError;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A method described by text, with its call targets.
#[derive(Debug, Default)]
pub struct FakeEnv {
    pub name: String,
    pub sig: MethodSig,
    pub locals: Vec<IlType>,
    pub max_stack: u16,
    pub eh: Vec<kiln_metadata::body::ExceptionClause>,
    pub synchronized: bool,
    pub class_init: Option<u32>,
    pub code: Vec<u8>,
    pub calls: HashMap<u32, CallTarget>,
    pub fields: HashMap<u32, FieldTarget>,
    pub newobj: HashMap<u32, u32>,
    pub delegates: HashMap<u32, u32>,
}

impl LowerEnv for FakeEnv {
    fn method_name(&self) -> String {
        self.name.clone()
    }
    fn signature(&self) -> Result<MethodSig, MetadataError> {
        Ok(self.sig.clone())
    }
    fn body(&self) -> Result<IlBody<'_>, MetadataError> {
        Ok(IlBody {
            code: &self.code,
            max_stack: self.max_stack,
            init_locals: true,
            exception_clauses: self.eh.clone(),
        })
    }
    fn locals(&self) -> Result<Vec<IlType>, MetadataError> {
        Ok(self.locals.clone())
    }
    fn synchronized(&self) -> bool {
        self.synchronized
    }
    fn class_init_trigger(&self) -> Result<Result<Option<u32>, String>, MetadataError> {
        Ok(Ok(self.class_init))
    }
    fn this_type(&self) -> Result<Option<IlType>, MetadataError> {
        Ok(self.sig.has_this.then_some(IlType::Object))
    }
    fn resolve_field(&self, token: u32) -> Result<FieldTarget, MetadataError> {
        self.fields
            .get(&token)
            .cloned()
            .ok_or(MetadataError::BadToken {
                token,
                expected: "a field the fake environment knows",
            })
    }
    fn newobj_class(&self, ctor_token: u32) -> Result<Result<u32, String>, MetadataError> {
        Ok(self
            .newobj
            .get(&ctor_token)
            .copied()
            .ok_or_else(|| "class not declared with .newobj".to_string()))
    }
    fn ldtoken(&self, token: u32) -> Result<Result<TokenHandle, String>, MetadataError> {
        Ok(Ok(match token >> 24 {
            0x01 | 0x02 => TokenHandle::Type(token),
            0x04 => TokenHandle::Field(token),
            0x06 => TokenHandle::Method(token),
            0x0A if self.calls.contains_key(&token) => TokenHandle::Method(token),
            0x0A => TokenHandle::Field(token),
            _ => return Ok(Err("constructed type (TypeSpec)".into())),
        }))
    }
    fn delegate_class(&self, ctor_token: u32) -> Result<Option<u32>, MetadataError> {
        Ok(self.delegates.get(&ctor_token).copied())
    }
    fn resolve_call(&self, token: u32) -> Result<CallTarget, MetadataError> {
        self.calls
            .get(&token)
            .cloned()
            .ok_or(MetadataError::BadToken {
                token,
                expected: "a method the fake environment knows",
            })
    }
}

pub fn il_type(s: &str) -> Result<Option<IlType>, String> {
    Ok(Some(match s {
        "void" => return Ok(None),
        "bool" => IlType::Bool,
        "char" => IlType::Char,
        "int8" => IlType::I1,
        "uint8" => IlType::U1,
        "int16" => IlType::I2,
        "uint16" => IlType::U2,
        "int32" => IlType::I4,
        "uint32" => IlType::U4,
        "int64" => IlType::I8,
        "uint64" => IlType::U8,
        "native_int" => IlType::I,
        "native_uint" => IlType::U,
        "float32" => IlType::R4,
        "float64" => IlType::R8,
        "ptr" => IlType::Ptr,
        "object" => IlType::Object,
        "byref" => IlType::ByRef,
        "valuetype" => IlType::ValueType,
        "generic" => IlType::GenericParam,
        "typedref" => IlType::TypedRef,
        "handle" => IlType::RuntimeHandle,
        _ => return Err(format!("unknown type `{s}`")),
    }))
}

fn type_list(s: &str) -> Result<Vec<IlType>, String> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|t| il_type(t.trim())?.ok_or_else(|| "void in a list".to_string()))
        .collect()
}

/// Parses `[flags] ret name(params)` / `name(params) -> ret`.
fn parse_sig(s: &str, ret_first: bool) -> Result<(String, MethodSig), String> {
    let open = s.find('(').ok_or("missing `(`")?;
    let close = s.rfind(')').ok_or("missing `)`")?;
    let params = type_list(&s[open + 1..close])?;
    let mut sig = MethodSig {
        params,
        ..Default::default()
    };
    let head: Vec<&str> = s[..open].split_whitespace().collect();
    let name;
    if ret_first {
        let (n, rest) = head.split_last().ok_or("missing name")?;
        let (r, flags) = rest.split_last().ok_or("missing return type")?;
        name = n.to_string();
        sig.ret = il_type(r)?;
        for f in flags {
            match *f {
                "instance" => sig.has_this = true,
                "vararg" => sig.vararg = true,
                "generic" => sig.generic_params = 1,
                _ => return Err(format!("unknown flag `{f}`")),
            }
        }
    } else {
        name = head.join(" ");
        let tail = s[close + 1..].trim();
        sig.ret = match tail.strip_prefix("->") {
            Some(r) => il_type(r.trim())?,
            None => None,
        };
    }
    Ok((name, sig))
}

fn parse_int(s: &str) -> Result<i64, String> {
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let v = match body.strip_prefix("0x") {
        Some(h) => u64::from_str_radix(h, 16).map(|u| u as i64),
        None => body.parse::<u64>().map(|u| u as i64),
    }
    .map_err(|_| format!("bad number `{s}`"))?;
    Ok(if neg { v.wrapping_neg() } else { v })
}

/// Builds a fake environment from the text format above.
pub fn parse_env(text: &str) -> Result<FakeEnv, String> {
    let mut env = FakeEnv {
        max_stack: 8,
        ..Default::default()
    };
    let mut body = String::new();
    let mut have_method = false;
    for (n, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        let mut virt = false;
        let err = |e: String| format!("line {}: {e}", n + 1);
        if let Some(rest) = line.strip_prefix(".method ") {
            let rest = match rest.strip_prefix("synchronized ") {
                Some(r) => {
                    env.synchronized = true;
                    r
                }
                None => rest,
            };
            let (name, sig) = parse_sig(rest, true).map_err(err)?;
            env.name = name;
            env.sig = sig;
            have_method = true;
        } else if let Some(rest) = line.strip_prefix(".locals ") {
            let inner = rest.trim().trim_start_matches('(').trim_end_matches(')');
            env.locals = type_list(inner).map_err(err)?;
        } else if let Some(rest) = line.strip_prefix(".maxstack ") {
            env.max_stack = rest
                .trim()
                .parse()
                .map_err(|_| err("bad maxstack".into()))?;
        } else if let Some(rest) = line.strip_prefix(".eh ") {
            env.eh.push(eh_clause(rest).map_err(err)?);
        } else if let Some(rest) = line.strip_prefix(".field ") {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            let [tok, ty, place] = parts[..] else {
                return Err(err("bad .field".into()));
            };
            let token = parse_int(tok).map_err(err)? as u32;
            let ty = il_type(ty)
                .map_err(err)?
                .ok_or_else(|| err("void field".into()))?;
            let checked = place.starts_with("checked:");
            let place = place.trim_start_matches("checked:");
            let mut static_gc = false;
            let (is_static, owner_value_type, offset) = match place {
                "static" => (true, false, Ok(0)),
                "string_empty" => (true, false, Err("owner outside".to_string())),
                "foreign_static" => (true, false, Ok(0)),
                p if p.starts_with("static:") || p.starts_with("static_gc:") => {
                    static_gc = p.starts_with("static_gc:");
                    let n = p.split_once(':').map_or("", |(_, n)| n);
                    (true, false, Ok(parse_int(n).map_err(err)? as u32))
                }
                "valuetype" => (false, true, Ok(8)),
                "unknown" => (false, false, Err("layout not fixed".to_string())),
                n => (false, false, Ok(parse_int(n).map_err(err)? as u32)),
            };
            env.fields.insert(
                token,
                FieldTarget {
                    name: format!("F::f{token:x}"),
                    ty,
                    is_static,
                    owner_value_type,
                    offset,
                    checked,
                    static_gc,
                    thread_static: false,
                    owner_token: if is_static { 0x0200_0002 } else { 0 },
                    empty_string: place == "string_empty",
                    address_fixup: place == "foreign_static",
                    owner: None,
                    owner_lookup: None,
                },
            );
        } else if let Some(rest) = line.strip_prefix(".class_init ") {
            env.class_init = Some(parse_int(rest.trim()).map_err(err)? as u32);
        } else if let Some(rest) = line.strip_prefix(".delegate ") {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            let [ctor, class] = parts[..] else {
                return Err(err("bad .delegate".into()));
            };
            env.delegates.insert(
                parse_int(ctor).map_err(err)? as u32,
                parse_int(class).map_err(err)? as u32,
            );
        } else if let Some(rest) = line.strip_prefix(".newobj ") {
            let parts: Vec<&str> = rest.split_whitespace().collect();
            let [ctor, class] = parts[..] else {
                return Err(err("bad .newobj".into()));
            };
            env.newobj.insert(
                parse_int(ctor).map_err(err)? as u32,
                parse_int(class).map_err(err)? as u32,
            );
        } else if let Some(rest) = line
            .strip_prefix(".call ")
            .map(|r| (r, false))
            .or_else(|| line.strip_prefix(".callvirt ").map(|r| (r, true)))
            .map(|(r, v)| {
                virt = v;
                r
            })
        {
            let (tok, sig) = rest
                .trim()
                .split_once(' ')
                .ok_or_else(|| err("bad .call".into()))?;
            let token = parse_int(tok).map_err(err)? as u32;
            let (mut name, mut sig) = parse_sig(sig, false).map_err(err)?;
            if let Some(n) = name.strip_prefix("instance ") {
                sig.has_this = true;
                name = n.to_string();
            }
            env.calls.insert(
                token,
                CallTarget {
                    inst_arg: None,
                    virtual_cell: None,
                    name,
                    sig,
                    callee: Callee::Token(token),
                    is_virtual: virt,
                    owner_value_type: false,
                    owner: None,
                    method_sig: None,
                },
            );
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    if !have_method {
        return Err("missing .method".into());
    }
    env.code = assemble(&body)?;
    Ok(env)
}

struct Insn {
    opcode: Opcode,
    operand: String,
    offset: u32,
    size: u32,
}

/// Assembles IL text: one instruction per line, `LABEL:` prefixes.
pub fn assemble(text: &str) -> Result<Vec<u8>, String> {
    let mut labels: HashMap<String, u32> = HashMap::new();
    let mut insns: Vec<Insn> = Vec::new();
    let mut offset = 0u32;
    for (n, raw) in text.lines().enumerate() {
        let mut line = raw.trim();
        let err = |e: String| format!("IL line {}: {e}", n + 1);
        while let Some((label, rest)) = line.split_once(':') {
            let label = label.trim();
            if label.is_empty() || label.contains(char::is_whitespace) || label.contains('(') {
                break;
            }
            labels.insert(label.to_string(), offset);
            line = rest.trim();
        }
        if line.is_empty() {
            continue;
        }
        let (mnemonic, operand) = match line.split_once(char::is_whitespace) {
            Some((m, o)) => (m, o.trim().to_string()),
            None => (line, String::new()),
        };
        let opcode = *Opcode::ALL
            .iter()
            .find(|o| o.name() == mnemonic)
            .ok_or_else(|| err(format!("unknown mnemonic `{mnemonic}`")))?;
        let operand_size = match opcode.operand_kind() {
            OperandKind::None => 0,
            OperandKind::ShortI
            | OperandKind::ShortVar
            | OperandKind::ShortBrTarget
            | OperandKind::U8 => 1,
            OperandKind::Var => 2,
            OperandKind::I8 | OperandKind::R => 8,
            OperandKind::Switch => {
                let n = operand
                    .trim_matches(|c| c == '(' || c == ')')
                    .split(',')
                    .count();
                4 + 4 * n as u32
            }
            _ => 4,
        };
        let size = opcode.size() + operand_size;
        insns.push(Insn {
            opcode,
            operand,
            offset,
            size,
        });
        offset += size;
    }
    let mut out = Vec::new();
    for insn in &insns {
        let v = insn.opcode as u16;
        if v >= 0xFE00 {
            out.extend_from_slice(&[0xFE, v as u8]);
        } else {
            out.push(v as u8);
        }
        let next = (insn.offset + insn.size) as i64;
        let target = |s: &str| -> Result<i64, String> {
            match labels.get(s.trim()) {
                Some(&t) => Ok(t as i64 - next),
                None => parse_int(s.trim()).map_err(|_| format!("unknown label `{s}`")),
            }
        };
        match insn.opcode.operand_kind() {
            OperandKind::None => {}
            OperandKind::ShortI | OperandKind::ShortVar | OperandKind::U8 => {
                out.push(parse_int(&insn.operand)? as u8)
            }
            OperandKind::Var => {
                out.extend_from_slice(&(parse_int(&insn.operand)? as u16).to_le_bytes())
            }
            OperandKind::ShortBrTarget => out.push(target(&insn.operand)? as i8 as u8),
            OperandKind::BrTarget => {
                out.extend_from_slice(&(target(&insn.operand)? as i32).to_le_bytes())
            }
            OperandKind::I8 => out.extend_from_slice(&parse_int(&insn.operand)?.to_le_bytes()),
            OperandKind::R => out.extend_from_slice(
                &insn
                    .operand
                    .parse::<f64>()
                    .map_err(|e| e.to_string())?
                    .to_le_bytes(),
            ),
            OperandKind::ShortR => out.extend_from_slice(
                &insn
                    .operand
                    .parse::<f32>()
                    .map_err(|e| e.to_string())?
                    .to_le_bytes(),
            ),
            OperandKind::Switch => {
                let inner = insn.operand.trim_matches(|c| c == '(' || c == ')');
                let ts: Vec<&str> = inner.split(',').collect();
                out.extend_from_slice(&(ts.len() as u32).to_le_bytes());
                for t in ts {
                    out.extend_from_slice(&(target(t)? as i32).to_le_bytes());
                }
            }
            _ => out.extend_from_slice(&(parse_int(&insn.operand)? as u32).to_le_bytes()),
        }
    }
    Ok(out)
}

/// Compiles `src` with mcs into the test temp dir.
pub fn compile(src: &Path) -> PathBuf {
    compile_many(&[src], &src.file_stem().unwrap().to_string_lossy())
}

/// Compiles `srcs` together with mcs into `<name>.exe` in the test temp dir.
pub fn compile_many(srcs: &[&Path], name: &str) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("kiln-lower-programs")
        .join(name)
        .with_extension("exe");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    let status = Command::new("mcs")
        .arg("-debug-")
        .arg("-optimize+")
        .arg("-unsafe")
        .arg(format!("-out:{}", out.display()))
        .args(srcs)
        .output()
        .expect("mcs (Mono C# compiler) must be installed: /usr/bin/mcs");
    assert!(
        status.status.success(),
        "mcs failed on {srcs:?}: {}",
        String::from_utf8_lossy(&status.stdout)
    );
    out
}

/// `.eh KIND TRY_OFFSET TRY_LENGTH HANDLER_OFFSET HANDLER_LENGTH`.
fn eh_clause(rest: &str) -> Result<kiln_metadata::body::ExceptionClause, String> {
    use kiln_metadata::body::{ClauseKind, ExceptionClause};
    let parts: Vec<&str> = rest.split_whitespace().collect();
    let num = |s: &str| -> Result<u32, String> {
        let r = match s.strip_prefix("0x") {
            Some(h) => u32::from_str_radix(h, 16),
            None => s.parse(),
        };
        r.map_err(|_| format!("bad number `{s}`"))
    };
    let [kind, t, tl, h, hl] = parts[..] else {
        return Err("bad .eh".into());
    };
    let kind = match kind.split_once(':') {
        Some(("catch", tok)) => ClauseKind::Catch(kiln_metadata::tables::Token(num(tok)?)),
        Some(("filter", off)) => ClauseKind::Filter(num(off)?),
        None if kind == "finally" => ClauseKind::Finally,
        None if kind == "fault" => ClauseKind::Fault,
        _ => return Err(format!("bad clause kind `{kind}`")),
    };
    Ok(ExceptionClause {
        kind,
        try_offset: num(t)?,
        try_length: num(tl)?,
        handler_offset: num(h)?,
        handler_length: num(hl)?,
        fat: false,
    })
}
