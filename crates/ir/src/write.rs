//! The text form of a function: what `kiln` dumps, what golden tests compare
//! and what [`parse_function`](crate::parse_function) reads back.
//!
//! ```text
//! function "Program::Add"(i32, i32) -> i32 {
//!     fn0 = "System.Console::WriteLine"(i32) token 0x0a00000c
//!
//! block0(v0: i32, v1: i32):
//!     v2 = iadd.i32 v0, v1                    ; IL_0002 add
//!     call fn0(v2)                            ; IL_0003 call
//!     return v2                               ; IL_0008 ret
//! }
//! ```
//!
//! Every instruction with exactly one result prints its result type as an
//! opcode suffix (`iadd.i32`, `icmp.i32`); calls print none (the callee's
//! signature says). An instruction with an IL origin ends with the comment
//! `; IL_xxxx mnemonic`.

use crate::entities::{AnyEntity, Inst};
use crate::function::{AbiParam, ArgExt, Callee, Function, Signature};
use crate::instructions::{BlockCall, InstData};
use crate::verifier::VerifierError;
use std::fmt::{self, Write};

/// Column at which IL comments start.
const COMMENT_COLUMN: usize = 40;

fn write_param(out: &mut String, p: &AbiParam) {
    let _ = write!(out, "{}", p.ty);
    match p.ext {
        ArgExt::None => {}
        ArgExt::Sext => out.push_str(" sext"),
        ArgExt::Uext => out.push_str(" uext"),
    }
    if p.stack {
        out.push_str(" stack");
    }
}

/// Writes `(params) -> returns` (the arrow omitted with no returns).
pub(crate) fn write_signature(out: &mut String, sig: &Signature) {
    out.push('(');
    for (i, p) in sig.params.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write_param(out, p);
    }
    out.push(')');
    if !sig.returns.is_empty() {
        out.push_str(" -> ");
        for (i, p) in sig.returns.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            write_param(out, p);
        }
    }
}

/// Bytes as lowercase hex digits.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn write_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_block_call(out: &mut String, bc: &BlockCall) {
    let _ = write!(out, "{}", bc.block);
    if !bc.args.is_empty() {
        out.push('(');
        write_values(out, &bc.args);
        out.push(')');
    }
}

fn write_values(out: &mut String, vs: &[crate::Value]) {
    for (i, v) in vs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{v}");
    }
}

/// The text of one instruction (results, opcode, operands), without its IL
/// comment.
pub fn inst_to_string(func: &Function, inst: Inst) -> String {
    let mut out = String::new();
    let results = func.dfg.inst_results(inst);
    let data = func.dfg.inst(inst);
    if !results.is_empty() {
        write_values(&mut out, results);
        out.push_str(" = ");
    }
    out.push_str(data.opcode_name());
    if results.len() == 1 && !matches!(data, InstData::Call { .. }) {
        let _ = write!(out, ".{}", func.dfg.value_type(results[0]));
    }
    match data {
        InstData::Iconst { imm, .. } => {
            let _ = write!(out, " {imm}");
        }
        InstData::F32const { bits } => {
            let _ = write!(out, " {bits:#010x}");
        }
        InstData::F64const { bits } => {
            let _ = write!(out, " {bits:#018x}");
        }
        InstData::Unary { arg, .. }
        | InstData::Conv { arg, .. }
        | InstData::FUnary { arg, .. }
        | InstData::FConv { arg, .. }
        | InstData::LocalAlloc { arg } => {
            let _ = write!(out, " {arg}");
        }
        InstData::Binary { args, .. } | InstData::FBinary { args, .. } => {
            let _ = write!(out, " {}, {}", args[0], args[1]);
        }
        InstData::Icmp { cond, args } => {
            let _ = write!(out, " {cond} {}, {}", args[0], args[1]);
        }
        InstData::Fcmp { cond, args } => {
            let _ = write!(out, " {cond} {}, {}", args[0], args[1]);
        }
        InstData::CondTrap { arg, code, .. } => {
            let _ = write!(out, " {arg}, {code}");
        }
        InstData::Call { func: f, args } => {
            let _ = write!(out, " {f}(");
            write_values(&mut out, args);
            out.push(')');
        }
        InstData::StackAddr { slot, offset } | InstData::StackLoad { slot, offset, .. } => {
            let _ = write!(out, " {slot}, {offset}");
        }
        InstData::StackStore { arg, slot, offset } => {
            let _ = write!(out, " {arg}, {slot}, {offset}");
        }
        InstData::Null => {}
        InstData::Load { base, offset, .. } => {
            let _ = write!(out, " {base}, {offset}");
        }
        InstData::Store { args, offset } => {
            let _ = write!(out, " {}, {}, {offset}", args[0], args[1]);
        }
        InstData::TypeCheck {
            arg, type_token, ..
        } => {
            let _ = write!(out, " {arg}, {type_token:#010x}");
        }
        InstData::NewArray { arg, elem } => {
            let _ = write!(out, " {arg}, {elem}");
        }
        InstData::ElemAddr {
            args,
            scale,
            offset,
        } => {
            let _ = write!(out, " {}, {}, {scale}, {offset}", args[0], args[1]);
        }
        InstData::StoreElemRef { args } => {
            let _ = write!(out, " {}, {}, {}", args[0], args[1], args[2]);
        }
        InstData::ElemAddrRef { args, type_token } => {
            let _ = write!(out, " {}, {}, {type_token:#010x}", args[0], args[1]);
        }
        InstData::NewObject { type_token }
        | InstData::StaticBase { type_token, .. }
        | InstData::ClassInit { type_token } => {
            let _ = write!(out, " {type_token:#010x}");
        }
        InstData::RuntimeLookup { kind, token } => {
            let _ = write!(out, " {}, {token:#010x}", kind.name());
        }
        InstData::GenericLookup { arg, lookup } => {
            let _ = write!(out, " {arg}, {lookup}");
        }
        InstData::VirtualFtn { arg, method_token } => {
            let _ = write!(out, " {arg}, {method_token:#010x}");
        }
        InstData::Monitor { args, .. } => {
            let _ = write!(out, " {}, {}", args[0], args[1]);
        }
        InstData::HandleCall { args, .. } => {
            for (i, a) in args.iter().enumerate() {
                let _ = write!(out, "{}{a}", if i == 0 { " " } else { ", " });
            }
        }
        InstData::DelegateCtor {
            args,
            method_token,
            type_token,
        } => {
            let _ = write!(
                out,
                " {}, {}, {method_token:#010x}, {type_token:#010x}",
                args[0], args[1]
            );
        }
        InstData::StringConst { token } => {
            let _ = write!(out, " {token:#010x}");
        }
        InstData::Jump { dest } => {
            out.push(' ');
            write_block_call(&mut out, dest);
        }
        InstData::Brif {
            arg,
            then_dest,
            else_dest,
        } => {
            let _ = write!(out, " {arg}, ");
            write_block_call(&mut out, then_dest);
            out.push_str(", ");
            write_block_call(&mut out, else_dest);
        }
        InstData::BrTable {
            arg,
            default,
            targets,
        } => {
            let _ = write!(out, " {arg}, ");
            write_block_call(&mut out, default);
            out.push_str(", [");
            for (i, t) in targets.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_block_call(&mut out, t);
            }
            out.push(']');
        }
        InstData::Return { args } => {
            if !args.is_empty() {
                out.push(' ');
                write_values(&mut out, args);
            }
        }
        InstData::Trap { code } => {
            let _ = write!(out, " {code}");
        }
        InstData::Throw { arg } | InstData::EndFilter { arg } => {
            let _ = write!(out, " {arg}");
        }
        InstData::CallFinally { clause, dest } => {
            let _ = write!(out, " {clause}, ");
            write_block_call(&mut out, dest);
        }
        InstData::CatchRet { dest } => {
            let _ = write!(out, " {dest}");
        }
        InstData::EndFinally | InstData::Rethrow => {}
    }
    out
}

fn write_function_impl(func: &Function, errors: &[VerifierError]) -> String {
    let mut out = String::new();
    let annotate = |out: &mut String, loc: AnyEntity| {
        for e in errors.iter().filter(|e| e.location == loc) {
            let _ = writeln!(out, "    ; error: {}: {}", e.location, e.kind);
        }
    };
    out.push_str("function ");
    write_quoted(&mut out, &func.name);
    write_signature(&mut out, &func.signature);
    out.push_str(" {\n");
    annotate(&mut out, AnyEntity::Function);
    let mut preamble = false;
    for (st, l) in func.struct_types.iter() {
        let _ = writeln!(
            out,
            "    {st} = struct size {}, align {}, refs {:?}, byrefs {:?}, token {:#010x}",
            l.size, l.align, l.refs, l.byrefs, l.token
        );
        annotate(&mut out, AnyEntity::StructRef(st));
        preamble = true;
    }
    for c in &func.field_offset_checks {
        let _ = writeln!(
            out,
            "    check_field_offset {:#010x}, {}",
            c.field_token, c.offset
        );
        preamble = true;
    }
    for c in &func.type_layout_checks {
        out.push_str("    check_type_layout ");
        write_quoted(&mut out, &hex(&c.type_sig));
        out.push_str(", ");
        write_quoted(&mut out, &hex(&c.layout));
        out.push('\n');
        preamble = true;
    }
    let sigs = func.type_sigs.iter().map(|o| ("type_sig", o));
    let sigs = sigs
        .chain(func.method_sigs.iter().map(|o| ("method_sig", o)))
        .chain(func.generic_lookups.iter().map(|o| ("generic_lookup", o)));
    for (what, o) in sigs {
        let _ = write!(out, "    {what} {:#010x}, ", o.token);
        let hex: String = o.sig.iter().map(|b| format!("{b:02x}")).collect();
        write_quoted(&mut out, &hex);
        out.push('\n');
        preamble = true;
    }
    for (ss, d) in func.stack_slots.iter() {
        let _ = write!(out, "    {ss} = stack {}, align {}", d.size, d.align);
        if let Some(l) = d.layout {
            let _ = write!(out, ", {l}");
        }
        if d.pinned {
            out.push_str(", pinned");
        }
        out.push('\n');
        annotate(&mut out, AnyEntity::StackSlot(ss));
        preamble = true;
    }
    for (c, d) in func.eh_clauses.iter() {
        let _ = write!(out, "    {c} = {}", d.kind.name());
        match d.kind {
            crate::eh::HandlerKind::Catch { class_token } => {
                let _ = write!(out, " {class_token:#010x}");
            }
            crate::eh::HandlerKind::Filter { filter, il_start } => {
                let _ = write!(out, " {filter} at {il_start:#x}");
            }
            _ => {}
        }
        let _ = writeln!(
            out,
            ", handler {}, try {:#x} {:#x}, il_handler {:#x} {:#x}",
            d.handler, d.il_try.0, d.il_try.1, d.il_handler.0, d.il_handler.1
        );
        preamble = true;
    }
    for (fr, d) in func.ext_funcs.iter() {
        let _ = write!(out, "    {fr} = ");
        write_quoted(&mut out, &d.name);
        write_signature(&mut out, &d.signature);
        match d.dispatch {
            crate::function::Dispatch::Virtual => out.push_str(" virtual"),
            crate::function::Dispatch::VirtualCell => out.push_str(" virtual_cell"),
            crate::function::Dispatch::Direct => {}
        }
        match d.callee {
            Callee::Token(t) => {
                let _ = writeln!(out, " token {t:#010x}");
            }
            Callee::Signature(n) => {
                let _ = writeln!(out, " sig {n}");
            }
        }
        annotate(&mut out, AnyEntity::FuncRef(fr));
        preamble = true;
    }
    for (i, &block) in func.layout.blocks().iter().enumerate() {
        if i > 0 || preamble {
            out.push('\n');
        }
        let _ = write!(out, "{block}");
        let params = func.dfg.block_params(block);
        if !params.is_empty() {
            out.push('(');
            for (j, &p) in params.iter().enumerate() {
                if j > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{p}: {}", func.dfg.value_type(p));
            }
            out.push(')');
        }
        let _ = write!(out, "{}", func.regions[block]);
        out.push_str(":\n");
        annotate(&mut out, AnyEntity::Block(block));
        for &p in params {
            annotate(&mut out, AnyEntity::Value(p));
        }
        for &inst in func.layout.block_insts(block) {
            let text = inst_to_string(func, inst);
            let _ = write!(out, "    {text}");
            if let Some(loc) = &func.srclocs[inst] {
                let width = 4 + text.chars().count();
                let pad = COMMENT_COLUMN.saturating_sub(width).max(1);
                let _ = write!(out, "{:pad$}; IL_{:04x} {}", "", loc.offset, loc.opcode);
            }
            out.push('\n');
            annotate(&mut out, AnyEntity::Inst(inst));
            for &r in func.dfg.inst_results(inst) {
                annotate(&mut out, AnyEntity::Value(r));
            }
        }
    }
    out.push_str("}\n");
    out
}

/// The text form of `func`.
pub fn write_function(func: &Function) -> String {
    write_function_impl(func, &[])
}

/// The text form of `func` with each verifier error printed under the line of
/// the entity it is located at (errors located at entities that are not
/// printed, such as instructions outside the layout, are not shown; print
/// the error list as well).
pub fn write_function_with_errors(func: &Function, errors: &[VerifierError]) -> String {
    write_function_impl(func, errors)
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&write_function(self))
    }
}
