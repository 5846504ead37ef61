//! Reads the text form printed by [`write_function`](crate::write_function)
//! back into a [`Function`], keeping every entity number as written (so a
//! verifier error on `v7` names the `v7` of the text).
//!
//! Values and blocks may be used before their definition in the text; values
//! that are used but defined nowhere become detached (the verifier reports
//! them), so broken IR can be written as text for verifier tests. The
//! `; IL_xxxx mnemonic` comment of an instruction becomes its [`IlLoc`]; other
//! comments are ignored.

use crate::entities::{Block, FuncRef, StackSlot, StructRef, Value};
use crate::entity::{EntityRef, PrimaryMap, SecondaryMap};
use crate::function::{
    AbiParam, ArgExt, Callee, Dispatch, ExtFuncData, Function, IlLoc, Signature, StackSlotData,
    StructLayout, ValueData, ValueDef,
};
use crate::instructions::{
    ArrayElem, FBinaryOp, FConvOp, FUnaryOp, FloatCC, HandleOp, LookupKind, TypeCheckOp,
};
use crate::instructions::{
    BinaryOp, BlockCall, CondTrapOp, ConvOp, InstData, IntCC, TrapCode, UnaryOp,
};
use crate::types::Type;
use std::collections::BTreeMap;
use std::fmt;

/// A syntax error, at a 1-based line of the text.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct ParseError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

#[derive(Clone, PartialEq, Debug)]
enum Tok {
    Word(String),
    Num(i128),
    Str(String),
    Punct(char),
    Arrow,
}

impl fmt::Display for Tok {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Tok::Word(w) => write!(f, "`{w}`"),
            Tok::Num(n) => write!(f, "`{n}`"),
            Tok::Str(s) => write!(f, "{s:?}"),
            Tok::Punct(c) => write!(f, "`{c}`"),
            Tok::Arrow => f.write_str("`->`"),
        }
    }
}

/// Splits a line into tokens and its trailing comment (text after `;`
/// outside strings).
fn lex(line: &str) -> Result<(Vec<Tok>, Option<&str>), String> {
    let mut toks = Vec::new();
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i] as char;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == ';' {
            return Ok((toks, Some(line[i + 1..].trim())));
        } else if c == '"' {
            let mut s = String::new();
            i += 1;
            let mut chars = line[i..].char_indices();
            loop {
                let Some((j, ch)) = chars.next() else {
                    return Err("unterminated string".into());
                };
                match ch {
                    '"' => {
                        i += j + 1;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some((_, 'n')) => s.push('\n'),
                        Some((_, e)) => s.push(e),
                        None => return Err("unterminated string".into()),
                    },
                    ch => s.push(ch),
                }
            }
            toks.push(Tok::Str(s));
        } else if c == '-' && bytes.get(i + 1) == Some(&b'>') {
            toks.push(Tok::Arrow);
            i += 2;
        } else if c.is_ascii_digit() || c == '-' {
            let start = i;
            i += 1;
            while i < bytes.len() && (bytes[i] as char).is_ascii_alphanumeric() {
                i += 1;
            }
            let text = &line[start..i];
            let (neg, body) = match text.strip_prefix('-') {
                Some(b) => (true, b),
                None => (false, text),
            };
            let mag = match body.strip_prefix("0x") {
                Some(h) => i128::from_str_radix(h, 16),
                None => body.parse::<i128>(),
            }
            .map_err(|_| format!("bad number `{text}`"))?;
            toks.push(Tok::Num(if neg { -mag } else { mag }));
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < bytes.len() {
                let ch = bytes[i] as char;
                if ch.is_ascii_alphanumeric() || ch == '_' || ch == '.' {
                    i += 1;
                } else {
                    break;
                }
            }
            toks.push(Tok::Word(line[start..i].to_string()));
        } else if "()[]{},:=".contains(c) {
            toks.push(Tok::Punct(c));
            i += 1;
        } else {
            return Err(format!("unexpected character `{c}`"));
        }
    }
    Ok((toks, None))
}

struct Line<'a> {
    toks: Vec<Tok>,
    pos: usize,
    comment: Option<&'a str>,
}

type R<T> = Result<T, String>;

impl Line<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> R<Tok> {
        let t = self
            .toks
            .get(self.pos)
            .cloned()
            .ok_or_else(|| "unexpected end of line".to_string())?;
        self.pos += 1;
        Ok(t)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn end(&self) -> R<()> {
        match self.peek() {
            None => Ok(()),
            Some(t) => Err(format!("unexpected {t} at end of line")),
        }
    }

    fn punct(&mut self, c: char) -> R<()> {
        match self.next()? {
            Tok::Punct(p) if p == c => Ok(()),
            t => Err(format!("expected `{c}`, found {t}")),
        }
    }

    fn eat_punct(&mut self, c: char) -> bool {
        if self.peek() == Some(&Tok::Punct(c)) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn word(&mut self) -> R<String> {
        match self.next()? {
            Tok::Word(w) => Ok(w),
            t => Err(format!("expected a word, found {t}")),
        }
    }

    fn keyword(&mut self, k: &str) -> R<()> {
        match self.next()? {
            Tok::Word(w) if w == k => Ok(()),
            t => Err(format!("expected `{k}`, found {t}")),
        }
    }

    fn num(&mut self) -> R<i128> {
        match self.next()? {
            Tok::Num(n) => Ok(n),
            t => Err(format!("expected a number, found {t}")),
        }
    }

    fn u32(&mut self) -> R<u32> {
        let n = self.num()?;
        u32::try_from(n).map_err(|_| format!("{n} does not fit in u32"))
    }

    fn string(&mut self) -> R<String> {
        match self.next()? {
            Tok::Str(s) => Ok(s),
            t => Err(format!("expected a string, found {t}")),
        }
    }

    fn entity(&mut self, prefix: &str) -> R<u32> {
        let w = self.word()?;
        entity_index(&w, prefix).ok_or_else(|| format!("expected {prefix}N, found `{w}`"))
    }

    fn value(&mut self) -> R<Value> {
        self.entity("v").map(Value::from_u32)
    }

    fn block(&mut self) -> R<Block> {
        self.entity("block").map(Block::from_u32)
    }

    fn ty(&mut self) -> R<Type> {
        let w = self.word()?;
        parse_type(&w).ok_or_else(|| format!("unknown type `{w}`"))
    }

    fn values_until(&mut self, close: char) -> R<Vec<Value>> {
        let mut out = Vec::new();
        if self.eat_punct(close) {
            return Ok(out);
        }
        loop {
            out.push(self.value()?);
            if self.eat_punct(close) {
                return Ok(out);
            }
            self.punct(',')?;
        }
    }

    fn u32_list(&mut self) -> R<Vec<u32>> {
        self.punct('[')?;
        let mut out = Vec::new();
        if self.eat_punct(']') {
            return Ok(out);
        }
        loop {
            out.push(self.u32()?);
            if self.eat_punct(']') {
                return Ok(out);
            }
            self.punct(',')?;
        }
    }

    fn block_call(&mut self) -> R<BlockCall> {
        let block = self.block()?;
        let args = if self.eat_punct('(') {
            self.values_until(')')?
        } else {
            Vec::new()
        };
        Ok(BlockCall { block, args })
    }

    fn abi_param(&mut self) -> R<AbiParam> {
        let ty = self.ty()?;
        let ext = match self.peek() {
            Some(Tok::Word(w)) if w == "sext" => ArgExt::Sext,
            Some(Tok::Word(w)) if w == "uext" => ArgExt::Uext,
            _ => ArgExt::None,
        };
        if ext != ArgExt::None {
            self.pos += 1;
        }
        let stack = matches!(self.peek(), Some(Tok::Word(w)) if w == "stack");
        if stack {
            self.pos += 1;
        }
        Ok(AbiParam { ty, ext, stack })
    }

    fn signature(&mut self) -> R<Signature> {
        self.punct('(')?;
        let mut sig = Signature::default();
        if !self.eat_punct(')') {
            loop {
                sig.params.push(self.abi_param()?);
                if self.eat_punct(')') {
                    break;
                }
                self.punct(',')?;
            }
        }
        if self.peek() == Some(&Tok::Arrow) {
            self.pos += 1;
            loop {
                sig.returns.push(self.abi_param()?);
                if !self.eat_punct(',') {
                    break;
                }
            }
        }
        Ok(sig)
    }

    fn trap_code(&mut self) -> R<TrapCode> {
        let w = self.word()?;
        TrapCode::ALL
            .into_iter()
            .find(|c| c.name() == w)
            .ok_or_else(|| format!("unknown trap code `{w}`"))
    }
}

fn entity_index(w: &str, prefix: &str) -> Option<u32> {
    let digits = w.strip_prefix(prefix)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn parse_type(w: &str) -> Option<Type> {
    Some(match w {
        "i8" => Type::I8,
        "i16" => Type::I16,
        "i32" => Type::I32,
        "i64" => Type::I64,
        "f32" => Type::F32,
        "f64" => Type::F64,
        "ref" => Type::Ref,
        "byref" => Type::ByRef,
        _ => Type::Struct(StructRef::from_u32(entity_index(w, "st")?)),
    })
}

fn parse_il_comment(comment: Option<&str>) -> Option<IlLoc> {
    let c = comment?;
    let rest = c.strip_prefix("IL_")?;
    let (hex, mnemonic) = rest.split_once(' ').unwrap_or((rest, ""));
    let offset = u32::from_str_radix(hex, 16).ok()?;
    Some(IlLoc::new(offset, mnemonic.trim()))
}

struct ParsedInst {
    data: InstData,
    results: Vec<Value>,
    loc: Option<IlLoc>,
}

struct ParsedBlock {
    block: Block,
    insts: Vec<ParsedInst>,
}

/// Parses one function in text form.
///
/// # Errors
/// A [`ParseError`] naming the line of the first syntax error, of an entity
/// defined twice, or of declarations (`stN`, `ssN`, `fnN`) out of order.
pub fn parse_function(text: &str) -> Result<Function, ParseError> {
    let mut p = Parser {
        // Entity numbers beyond this cannot come from a printed function of
        // this size; refusing them keeps `finish` from allocating for
        // absurd indices.
        max_index: (16 * text.len()).max(1 << 16) as u32,
        ..Parser::default()
    };
    let mut last_line = 0;
    for (n, raw) in text.lines().enumerate() {
        last_line = n + 1;
        let err = |message: String| ParseError {
            line: n + 1,
            message,
        };
        let (toks, comment) = lex(raw).map_err(err)?;
        if toks.is_empty() {
            continue;
        }
        let mut line = Line {
            toks,
            pos: 0,
            comment,
        };
        p.line(&mut line).map_err(err)?;
    }
    if !p.closed {
        return Err(ParseError {
            line: last_line,
            message: "missing `}` at end of function".into(),
        });
    }
    p.finish().map_err(|message| ParseError {
        line: last_line,
        message,
    })
}

#[derive(Default)]
struct Parser {
    func: Option<Function>,
    closed: bool,
    blocks: Vec<ParsedBlock>,
    params: BTreeMap<Block, Vec<(Value, Type)>>,
    values: BTreeMap<Value, (Type, ValueDef)>,
    max_value: Option<u32>,
    max_block: Option<u32>,
    max_index: u32,
}

impl Parser {
    fn see_value(&mut self, v: Value) -> R<()> {
        if v.as_u32() > self.max_index {
            return Err(format!("{v}: entity number too large"));
        }
        self.max_value = self.max_value.max(Some(v.as_u32()));
        Ok(())
    }

    fn see_block(&mut self, b: Block) -> R<()> {
        if b.as_u32() > self.max_index {
            return Err(format!("{b}: entity number too large"));
        }
        self.max_block = self.max_block.max(Some(b.as_u32()));
        Ok(())
    }

    fn define(&mut self, v: Value, ty: Type, def: ValueDef) -> R<()> {
        self.see_value(v)?;
        if self.values.insert(v, (ty, def)).is_some() {
            return Err(format!("{v} is defined twice"));
        }
        Ok(())
    }

    fn line(&mut self, l: &mut Line<'_>) -> R<()> {
        if self.closed {
            return Err("text after the end of the function".into());
        }
        let Some(func) = self.func.as_mut() else {
            l.keyword("function")?;
            let name = l.string()?;
            let sig = l.signature()?;
            l.punct('{')?;
            l.end()?;
            self.func = Some(Function::new(name, sig));
            return Ok(());
        };
        if l.peek() == Some(&Tok::Punct('}')) {
            l.pos += 1;
            l.end()?;
            self.closed = true;
            return Ok(());
        }
        let first = match l.peek() {
            Some(Tok::Word(w)) => w.clone(),
            Some(t) => return Err(format!("unexpected {t}")),
            None => unreachable!("empty lines are skipped"),
        };
        // Declarations.
        if first == "check_field_offset" {
            l.pos += 1;
            let field_token = l.u32()?;
            l.punct(',')?;
            let offset = l.u32()?;
            l.end()?;
            func.field_offset_checks
                .push(crate::function::FieldOffsetCheck {
                    field_token,
                    offset,
                });
            return Ok(());
        }
        if first == "check_type_layout" {
            l.pos += 1;
            let type_sig = parse_hex(&l.string()?)?;
            l.punct(',')?;
            let layout = parse_hex(&l.string()?)?;
            l.end()?;
            func.type_layout_checks
                .push(crate::function::TypeLayoutCheck { type_sig, layout });
            return Ok(());
        }
        if first == "type_sig" || first == "method_sig" || first == "generic_lookup" {
            l.pos += 1;
            let token = l.u32()?;
            l.punct(',')?;
            let hex = l.string()?;
            l.end()?;
            let sig = parse_hex(&hex)?;
            let entry = crate::function::TokenTypeSig { token, sig };
            if first == "type_sig" {
                func.type_sigs.push(entry);
            } else if first == "generic_lookup" {
                func.generic_lookups.push(entry);
            } else {
                func.method_sigs.push(entry);
            }
            return Ok(());
        }
        if let Some(i) = entity_index(&first, "st") {
            l.pos += 1;
            l.punct('=')?;
            l.keyword("struct")?;
            l.keyword("size")?;
            let size = l.u32()?;
            l.punct(',')?;
            l.keyword("align")?;
            let align = l.u32()?;
            l.punct(',')?;
            l.keyword("refs")?;
            let refs = l.u32_list()?;
            l.punct(',')?;
            l.keyword("byrefs")?;
            let byrefs = l.u32_list()?;
            l.punct(',')?;
            l.keyword("token")?;
            let token = l.u32()?;
            l.end()?;
            expect_next(i, func.struct_types.next_key().as_u32(), "st")?;
            func.struct_types.push(StructLayout {
                size,
                align,
                refs,
                byrefs,
                token,
            });
            return Ok(());
        }
        if let Some(i) = entity_index(&first, "ss") {
            l.pos += 1;
            l.punct('=')?;
            l.keyword("stack")?;
            let size = l.u32()?;
            l.punct(',')?;
            l.keyword("align")?;
            let align = l.u32()?;
            let mut layout = None;
            let mut pinned = false;
            while l.eat_punct(',') {
                if l.peek() == Some(&Tok::Word("pinned".into())) {
                    l.pos += 1;
                    pinned = true;
                } else {
                    layout = Some(StructRef::from_u32(l.entity("st")?));
                }
            }
            l.end()?;
            expect_next(i, func.stack_slots.next_key().as_u32(), "ss")?;
            func.stack_slots.push(StackSlotData {
                size,
                align,
                layout,
                pinned,
            });
            return Ok(());
        }
        if let Some(i) = entity_index(&first, "eh") {
            l.pos += 1;
            l.punct('=')?;
            let data = eh_clause(l)?;
            expect_next(i, func.eh_clauses.next_key().as_u32(), "eh")?;
            func.eh_clauses.push(data);
            return Ok(());
        }
        if let Some(i) = entity_index(&first, "fn") {
            l.pos += 1;
            l.punct('=')?;
            let name = l.string()?;
            let signature = l.signature()?;
            let dispatch = if l.toks.get(l.pos) == Some(&Tok::Word("virtual".into())) {
                l.pos += 1;
                Dispatch::Virtual
            } else if l.toks.get(l.pos) == Some(&Tok::Word("virtual_cell".into())) {
                l.pos += 1;
                Dispatch::VirtualCell
            } else {
                Dispatch::Direct
            };
            let callee = if l.toks.get(l.pos) == Some(&Tok::Word("sig".into())) {
                l.pos += 1;
                Callee::Signature(l.u32()?)
            } else {
                l.keyword("token")?;
                Callee::Token(l.u32()?)
            };
            l.end()?;
            expect_next(i, func.ext_funcs.next_key().as_u32(), "fn")?;
            func.ext_funcs.push(ExtFuncData {
                name,
                signature,
                callee,
                dispatch,
            });
            return Ok(());
        }
        // Block header.
        if let Some(i) = entity_index(&first, "block") {
            if l.toks.get(l.pos + 1) == Some(&Tok::Punct('('))
                || l.toks.get(l.pos + 1) == Some(&Tok::Punct(':'))
                || l.toks.get(l.pos + 1) == Some(&Tok::Punct('['))
            {
                l.pos += 1;
                let block = Block::from_u32(i);
                self.see_block(block)?;
                if self.blocks.iter().any(|b| b.block == block) {
                    return Err(format!("{block} is defined twice"));
                }
                let mut params = Vec::new();
                if l.eat_punct('(') {
                    loop {
                        let v = l.value()?;
                        l.punct(':')?;
                        let ty = l.ty()?;
                        self.define(v, ty, ValueDef::Param(block, params.len() as u16))?;
                        params.push((v, ty));
                        if l.eat_punct(')') {
                            break;
                        }
                        l.punct(',')?;
                    }
                }
                if l.eat_punct('[') {
                    let r = region(l)?;
                    if let Some(func) = self.func.as_mut() {
                        func.regions[block] = r;
                    }
                }
                l.punct(':')?;
                l.end()?;
                self.params.insert(block, params);
                self.blocks.push(ParsedBlock {
                    block,
                    insts: Vec::new(),
                });
                return Ok(());
            }
        }
        self.inst(l)
    }

    fn inst(&mut self, l: &mut Line<'_>) -> R<()> {
        if self.blocks.is_empty() {
            return Err("instruction outside a block".into());
        }
        // Results.
        let mut results = Vec::new();
        if l.toks.contains(&Tok::Punct('=')) {
            loop {
                results.push(l.value()?);
                if l.eat_punct('=') {
                    break;
                }
                l.punct(',')?;
            }
        }
        let opword = l.word()?;
        let (op, suffix) = match opword.split_once('.') {
            Some((o, t)) => (
                o.to_string(),
                Some(parse_type(t).ok_or_else(|| format!("unknown type `{t}`"))?),
            ),
            None => (opword.clone(), None),
        };
        let need_ty = || suffix.ok_or_else(|| format!("`{op}` needs a result type suffix"));
        let data = match op.as_str() {
            "iconst" => {
                let ty = need_ty()?;
                let n = l.num()?;
                let imm = i64::try_from(n)
                    .or_else(|_| u64::try_from(n).map(|u| u as i64))
                    .map_err(|_| format!("{n} does not fit in 64 bits"))?;
                InstData::Iconst { ty, imm }
            }
            "f32const" => InstData::F32const { bits: l.u32()? },
            "f64const" => {
                let n = l.num()?;
                let bits = u64::try_from(n).map_err(|_| format!("{n} does not fit in u64"))?;
                InstData::F64const { bits }
            }
            "ineg" => InstData::Unary {
                op: UnaryOp::Ineg,
                arg: l.value()?,
            },
            "bnot" => InstData::Unary {
                op: UnaryOp::Bnot,
                arg: l.value()?,
            },
            "sextend" | "uextend" | "ireduce" | "ptr_to_int" | "int_to_byref" => {
                let conv = match op.as_str() {
                    "sextend" => ConvOp::Sextend,
                    "uextend" => ConvOp::Uextend,
                    "ptr_to_int" => ConvOp::PtrToInt,
                    "int_to_byref" => ConvOp::IntToByref,
                    _ => ConvOp::Ireduce,
                };
                InstData::Conv {
                    op: conv,
                    arg: l.value()?,
                    ty: need_ty()?,
                }
            }
            "icmp" => {
                let w = l.word()?;
                let cond = IntCC::ALL
                    .into_iter()
                    .find(|c| c.name() == w)
                    .ok_or_else(|| format!("unknown condition `{w}`"))?;
                let a = l.value()?;
                l.punct(',')?;
                InstData::Icmp {
                    cond,
                    args: [a, l.value()?],
                }
            }
            "local_alloc" => InstData::LocalAlloc { arg: l.value()? },
            "monitor_enter" | "monitor_exit" => {
                let a = l.value()?;
                l.punct(',')?;
                InstData::Monitor {
                    enter: op == "monitor_enter",
                    args: [a, l.value()?],
                }
            }
            "trapz" | "trapnz" => {
                let arg = l.value()?;
                l.punct(',')?;
                InstData::CondTrap {
                    op: if op == "trapz" {
                        CondTrapOp::Trapz
                    } else {
                        CondTrapOp::Trapnz
                    },
                    arg,
                    code: l.trap_code()?,
                }
            }
            "call" => {
                let f = FuncRef::from_u32(l.entity("fn")?);
                l.punct('(')?;
                InstData::Call {
                    func: f,
                    args: l.values_until(')')?,
                }
            }
            "stack_addr" | "stack_load" => {
                let slot = StackSlot::from_u32(l.entity("ss")?);
                l.punct(',')?;
                let offset = l.u32()?;
                if op == "stack_addr" {
                    InstData::StackAddr { slot, offset }
                } else {
                    InstData::StackLoad {
                        ty: need_ty()?,
                        slot,
                        offset,
                    }
                }
            }
            "stack_store" => {
                let arg = l.value()?;
                l.punct(',')?;
                let slot = StackSlot::from_u32(l.entity("ss")?);
                l.punct(',')?;
                InstData::StackStore {
                    arg,
                    slot,
                    offset: l.u32()?,
                }
            }
            "null" => InstData::Null,
            "load" => {
                let base = l.value()?;
                l.punct(',')?;
                InstData::Load {
                    ty: need_ty()?,
                    base,
                    offset: l.u32()?,
                }
            }
            "store" => {
                let arg = l.value()?;
                l.punct(',')?;
                let base = l.value()?;
                l.punct(',')?;
                InstData::Store {
                    args: [arg, base],
                    offset: l.u32()?,
                }
            }
            "string_const" => InstData::StringConst { token: l.u32()? },
            "cast_class" | "is_inst" | "unbox" => {
                let arg = l.value()?;
                l.punct(',')?;
                InstData::TypeCheck {
                    op: match op.as_str() {
                        "cast_class" => TypeCheckOp::CastClass,
                        "is_inst" => TypeCheckOp::IsInst,
                        _ => TypeCheckOp::Unbox,
                    },
                    arg,
                    type_token: l.u32()?,
                }
            }
            "new_array" => {
                let arg = l.value()?;
                l.punct(',')?;
                let kind = l.word()?;
                let n = l.u32()?;
                let elem = match kind.as_str() {
                    "prim" => ArrayElem::Prim(
                        u8::try_from(n).map_err(|_| format!("element code {n} too large"))?,
                    ),
                    "class" => ArrayElem::Class(n),
                    "valuetype" => ArrayElem::ValueType(n),
                    "spec" => ArrayElem::Spec(n),
                    other => return Err(format!("unknown array element kind `{other}`")),
                };
                InstData::NewArray { arg, elem }
            }
            "elem_addr" => {
                let a = l.value()?;
                l.punct(',')?;
                let i = l.value()?;
                l.punct(',')?;
                let scale = l.u32()?;
                l.punct(',')?;
                InstData::ElemAddr {
                    args: [a, i],
                    scale: u8::try_from(scale).map_err(|_| format!("scale {scale} too large"))?,
                    offset: l.u32()?,
                }
            }
            "elem_addr_ref" => {
                let a = l.value()?;
                l.punct(',')?;
                let i = l.value()?;
                l.punct(',')?;
                InstData::ElemAddrRef {
                    args: [a, i],
                    type_token: l.u32()?,
                }
            }
            "store_elem_ref" => {
                let a = l.value()?;
                l.punct(',')?;
                let i = l.value()?;
                l.punct(',')?;
                InstData::StoreElemRef {
                    args: [a, i, l.value()?],
                }
            }
            "runtime_lookup" => {
                let name = l.word()?;
                let kind = LookupKind::ALL
                    .into_iter()
                    .find(|k| k.name() == name)
                    .ok_or_else(|| format!("unknown lookup kind `{name}`"))?;
                l.punct(',')?;
                InstData::RuntimeLookup {
                    kind,
                    token: l.u32()?,
                }
            }
            "delegate_ctor" => {
                let d = l.value()?;
                l.punct(',')?;
                let target = l.value()?;
                l.punct(',')?;
                let method_token = l.u32()?;
                l.punct(',')?;
                InstData::DelegateCtor {
                    args: [d, target],
                    method_token,
                    type_token: l.u32()?,
                }
            }
            "virtual_ftn" => {
                let arg = l.value()?;
                l.punct(',')?;
                InstData::VirtualFtn {
                    arg,
                    method_token: l.u32()?,
                }
            }
            "generic_lookup" => {
                let arg = l.value()?;
                l.punct(',')?;
                InstData::GenericLookup {
                    arg,
                    lookup: l.u32()?,
                }
            }
            _ if HandleOp::ALL.iter().any(|h| h.name() == op) => {
                let hop = HandleOp::ALL
                    .into_iter()
                    .find(|h| h.name() == op)
                    .expect("matched above");
                let mut args = vec![l.value()?];
                while args.len() < hop.arity() {
                    l.punct(',')?;
                    args.push(l.value()?);
                }
                InstData::HandleCall { op: hop, args }
            }
            "new_object" => InstData::NewObject {
                type_token: l.u32()?,
            },
            "class_init" => InstData::ClassInit {
                type_token: l.u32()?,
            },
            "static_base_gc"
            | "static_base_nongc"
            | "thread_static_base_gc"
            | "thread_static_base_nongc" => InstData::StaticBase {
                gc: op.ends_with("_gc"),
                thread: op.starts_with("thread_"),
                type_token: l.u32()?,
            },
            "jump" => InstData::Jump {
                dest: l.block_call()?,
            },
            "brif" => {
                let arg = l.value()?;
                l.punct(',')?;
                let then_dest = l.block_call()?;
                l.punct(',')?;
                InstData::Brif {
                    arg,
                    then_dest,
                    else_dest: l.block_call()?,
                }
            }
            "br_table" => {
                let arg = l.value()?;
                l.punct(',')?;
                let default = l.block_call()?;
                l.punct(',')?;
                l.punct('[')?;
                let mut targets = Vec::new();
                if !l.eat_punct(']') {
                    loop {
                        targets.push(l.block_call()?);
                        if l.eat_punct(']') {
                            break;
                        }
                        l.punct(',')?;
                    }
                }
                InstData::BrTable {
                    arg,
                    default,
                    targets,
                }
            }
            "return" => {
                let mut args = Vec::new();
                if !l.at_end() {
                    loop {
                        args.push(l.value()?);
                        if !l.eat_punct(',') {
                            break;
                        }
                    }
                }
                InstData::Return { args }
            }
            "trap" => InstData::Trap {
                code: l.trap_code()?,
            },
            "fneg" => InstData::FUnary {
                op: FUnaryOp::Fneg,
                arg: l.value()?,
            },
            "fcmp" => {
                let w = l.word()?;
                let cond = FloatCC::ALL
                    .into_iter()
                    .find(|c| c.name() == w)
                    .ok_or_else(|| format!("unknown condition `{w}`"))?;
                let a = l.value()?;
                l.punct(',')?;
                InstData::Fcmp {
                    cond,
                    args: [a, l.value()?],
                }
            }
            other if FConvOp::ALL.iter().any(|c| c.name() == other) => {
                let conv = FConvOp::ALL
                    .into_iter()
                    .find(|c| c.name() == other)
                    .expect("matched by the guard");
                InstData::FConv {
                    op: conv,
                    arg: l.value()?,
                    ty: need_ty()?,
                }
            }
            other if FBinaryOp::ALL.iter().any(|b| b.name() == other) => {
                let fop = FBinaryOp::ALL
                    .into_iter()
                    .find(|b| b.name() == other)
                    .expect("matched by the guard");
                let a = l.value()?;
                l.punct(',')?;
                InstData::FBinary {
                    op: fop,
                    args: [a, l.value()?],
                }
            }
            "throw" => InstData::Throw { arg: l.value()? },
            "end_filter" => InstData::EndFilter { arg: l.value()? },
            "end_finally" => InstData::EndFinally,
            "rethrow" => InstData::Rethrow,
            "catch_ret" => InstData::CatchRet { dest: l.block()? },
            "call_finally" => {
                let clause = crate::eh::EhClause::from_u32(l.entity("eh")?);
                l.punct(',')?;
                InstData::CallFinally {
                    clause,
                    dest: l.block_call()?,
                }
            }
            other => match BinaryOp::ALL.into_iter().find(|b| b.name() == other) {
                Some(bop) => {
                    let a = l.value()?;
                    l.punct(',')?;
                    InstData::Binary {
                        op: bop,
                        args: [a, l.value()?],
                    }
                }
                None => return Err(format!("unknown opcode `{other}`")),
            },
        };
        l.end()?;
        // Result types: the suffix for one-result instructions, the callee's
        // returns for calls.
        let func = self.func.as_ref().expect("header parsed");
        let types: Vec<Type> = match &data {
            InstData::Call { func: f, .. } => {
                let ext = func
                    .ext_funcs
                    .get(*f)
                    .ok_or_else(|| format!("{f} is not declared"))?;
                if suffix.is_some() {
                    return Err("`call` takes no type suffix".into());
                }
                ext.signature.returns.iter().map(|p| p.ty).collect()
            }
            _ if results.is_empty() => {
                if suffix.is_some() {
                    return Err(format!("`{op}` has no result but a type suffix"));
                }
                Vec::new()
            }
            _ => {
                let ty = need_ty()?;
                vec![ty; results.len()]
            }
        };
        if types.len() != results.len() {
            return Err(format!(
                "`{op}` defines {} values but produces {}",
                results.len(),
                types.len()
            ));
        }
        for d in data.branch_destinations() {
            self.see_block(d.block)?;
        }
        for v in data.all_values() {
            self.see_value(v)?;
        }
        let block = self.blocks.last_mut().expect("checked above");
        block.insts.push(ParsedInst {
            data,
            results: results.clone(),
            loc: parse_il_comment(l.comment),
        });
        // The instruction's entity number is its position in the text.
        let n: usize = self.blocks.iter().map(|b| b.insts.len()).sum::<usize>() - 1;
        let inst = crate::Inst::new(n);
        for (i, (&r, &ty)) in results.iter().zip(&types).enumerate() {
            self.define(r, ty, ValueDef::Result(inst, i as u16))?;
        }
        Ok(())
    }

    fn finish(self) -> R<Function> {
        let mut func = self.func.ok_or("empty text: no `function` header")?;
        let mut values = PrimaryMap::new();
        if let Some(max) = self.max_value {
            for i in 0..=max {
                let v = Value::from_u32(i);
                let (ty, def) = self
                    .values
                    .get(&v)
                    .copied()
                    .unwrap_or((Type::I32, ValueDef::Detached));
                values.push(ValueData { ty, def });
            }
        }
        let mut blocks = PrimaryMap::new();
        if let Some(max) = self.max_block {
            for i in 0..=max {
                let b = Block::from_u32(i);
                let params = self
                    .params
                    .get(&b)
                    .map(|ps| ps.iter().map(|&(v, _)| v).collect())
                    .unwrap_or_default();
                blocks.push(params);
            }
        }
        let mut insts = PrimaryMap::new();
        let mut results = SecondaryMap::new();
        for pb in &self.blocks {
            for pi in &pb.insts {
                let inst = insts.push(pi.data.clone());
                results[inst] = pi.results.clone();
            }
        }
        func.dfg.insts = insts;
        func.dfg.results = results;
        func.dfg.values = values;
        func.dfg.blocks = blocks;
        let mut n = 0;
        for pb in self.blocks {
            func.layout.append_block(pb.block);
            for pi in pb.insts {
                let inst = crate::Inst::new(n);
                n += 1;
                func.layout.append_inst(inst, pb.block);
                if pi.loc.is_some() {
                    func.srclocs[inst] = pi.loc;
                }
            }
        }
        Ok(func)
    }
}

fn expect_next(found: u32, next: u32, prefix: &str) -> R<()> {
    if found == next {
        Ok(())
    } else {
        Err(format!(
            "expected {prefix}{next} next, found {prefix}{found}"
        ))
    }
}

/// The rest of `ehN = kind …, handler blockK, try S E, il_handler S E`.
fn eh_clause(l: &mut Line<'_>) -> R<crate::eh::EhClauseData> {
    use crate::eh::HandlerKind;
    let kind = match l.word()?.as_str() {
        "catch" => HandlerKind::Catch {
            class_token: l.u32()?,
        },
        "filter" => {
            let filter = l.block()?;
            l.keyword("at")?;
            HandlerKind::Filter {
                filter,
                il_start: l.u32()?,
            }
        }
        "finally" => HandlerKind::Finally,
        "fault" => HandlerKind::Fault,
        other => return Err(format!("unknown handler kind `{other}`")),
    };
    l.punct(',')?;
    l.keyword("handler")?;
    let handler = l.block()?;
    l.punct(',')?;
    l.keyword("try")?;
    let il_try = (l.u32()?, l.u32()?);
    l.punct(',')?;
    l.keyword("il_handler")?;
    let il_handler = (l.u32()?, l.u32()?);
    l.end()?;
    Ok(crate::eh::EhClauseData {
        kind,
        handler,
        il_try,
        il_handler,
    })
}

/// A block's region after its `[`: `handler ehN` or `filter ehN`, then
/// `try ehM`, comma-separated, up to `]`.
fn region(l: &mut Line<'_>) -> R<crate::eh::Region> {
    use crate::eh::{EhClause, FuncletPart, Region};
    let mut r = Region::default();
    loop {
        let what = l.word()?;
        let c = EhClause::from_u32(l.entity("eh")?);
        match what.as_str() {
            "handler" => r.funclet = Some((c, FuncletPart::Handler)),
            "filter" => r.funclet = Some((c, FuncletPart::Filter)),
            "try" => r.try_region = Some(c),
            other => return Err(format!("unknown region `{other}`")),
        }
        if l.eat_punct(']') {
            return Ok(r);
        }
        l.punct(',')?;
    }
}

/// Non-empty lowercase or uppercase hex digits as bytes.
fn parse_hex(hex: &str) -> Result<Vec<u8>, String> {
    (0..hex.len() / 2)
        .map(|i| u8::from_str_radix(hex.get(2 * i..2 * i + 2).unwrap_or("?"), 16))
        .collect::<Result<Vec<u8>, _>>()
        .ok()
        .filter(|b| !b.is_empty() && hex.len().is_multiple_of(2))
        .ok_or_else(|| format!("bad signature {hex:?}"))
}
