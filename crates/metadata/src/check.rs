//! Whole-assembly verification, the engine of `cargo xtask metadata-check`:
//! every table row and column (heap indexes, simple and coded indexes), every
//! signature blob, every method body and IL instruction (operand tokens
//! checked against their tables), every custom attribute blob, and every
//! `TypeRef`/`MemberRef` resolved across the set. References leaving the set
//! are counted as *unresolved*, not as errors.

use crate::attr;
use crate::body::ClauseKind;
use crate::error::MetadataError;
use crate::il::{IlDecoder, Operand, OperandKind};
use crate::set::{AsmId, AssemblySet, ResolveError};
use crate::sig::{MethodSig, Primitive, SigParser, TypeSig};
use crate::tables::*;
use crate::Assembly;

/// One error found by the check, with the assembly it is in.
#[derive(Debug, Clone)]
pub struct CheckError {
    /// Assembly name (or path).
    pub assembly: String,
    /// Where inside the assembly (e.g. `MethodDef#12`).
    pub context: String,
    /// The error.
    pub error: MetadataError,
}

impl std::fmt::Display for CheckError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}: {}", self.assembly, self.context, self.error)
    }
}

/// Counts and errors of a check run.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Assemblies checked.
    pub assemblies: u64,
    /// Table rows decoded.
    pub rows: u64,
    /// Methods with IL bodies decoded.
    pub methods: u64,
    /// IL instructions decoded.
    pub instructions: u64,
    /// Signatures parsed.
    pub signatures: u64,
    /// Custom attributes decoded.
    pub custom_attributes: u64,
    /// TypeRefs and MemberRefs resolved.
    pub resolved: u64,
    /// References that point outside the set.
    pub unresolved: u64,
    /// Non-generic types whose layout, statics, vtable and interfaces were computed.
    pub types: u64,
    /// Errors.
    pub errors: Vec<CheckError>,
}

impl CheckReport {
    /// The summary line `metadata-check: N assemblies, M methods, I instructions, E errors`.
    pub fn summary(&self) -> String {
        format!(
            "metadata-check: {} assemblies, {} methods, {} instructions, {} errors",
            self.assemblies,
            self.methods,
            self.instructions,
            self.errors.len()
        )
    }
}

struct Ctx<'a> {
    set: &'a AssemblySet,
    id: AsmId,
    asm: &'a Assembly,
    name: String,
    report: &'a mut CheckReport,
}

impl Ctx<'_> {
    fn err(&mut self, context: impl Into<String>, error: MetadataError) {
        self.report.errors.push(CheckError {
            assembly: self.name.clone(),
            context: context.into(),
            error,
        });
    }
    fn resolve<T>(&mut self, context: impl FnOnce() -> String, r: Result<T, ResolveError>) {
        match r {
            Ok(_) => self.report.resolved += 1,
            Err(ResolveError::Unresolved(_)) => self.report.unresolved += 1,
            Err(ResolveError::Metadata(e)) => self.err(context(), e),
        }
    }
}

/// Checks every assembly of `set`.
pub fn check_set(set: &AssemblySet) -> CheckReport {
    let mut report = CheckReport::default();
    for (id, _) in set.iter() {
        check_assembly(set, id, &mut report);
    }
    check_types(set, &mut report);
    report
}

/// Computes the instance layout, static layout, vtable and interface map of
/// every non-generic type of the set (the type system must be total over
/// valid metadata).
pub fn check_types(set: &AssemblySet, report: &mut CheckReport) {
    let ts = crate::types::TypeSystem::new(set);
    for (id, a) in set.iter() {
        let name = a.name().unwrap_or("?").to_string();
        for t in a.handles::<TypeDefHandle>() {
            if !a.generic_params(TypeOrMethodDef::TypeDef(t)).is_empty() {
                continue;
            }
            let def = crate::set::TypeDefId { asm: id, def: t };
            let key = crate::types::TypeKey::Def(def, vec![]);
            let r = ts
                .layout(&key)
                .map(|_| ())
                .and_then(|_| ts.static_layout(def).map(|_| ()))
                .and_then(|_| ts.vtable(def).map(|_| ()))
                .and_then(|_| ts.interfaces(&key).map(|_| ()));
            match r {
                Ok(()) => report.types += 1,
                Err(ResolveError::Unresolved(_)) => report.unresolved += 1,
                Err(ResolveError::Metadata(e)) => report.errors.push(CheckError {
                    assembly: name.clone(),
                    context: format!("{} layout", set.type_name(def)),
                    error: e,
                }),
            }
        }
    }
}

/// Checks one assembly of `set`, adding to `report`.
pub fn check_assembly(set: &AssemblySet, id: AsmId, report: &mut CheckReport) {
    let asm = set.get(id);
    let name = asm.name().map(str::to_string).unwrap_or_else(|| {
        asm.path()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    });
    let mut cx = Ctx {
        set,
        id,
        asm,
        name,
        report,
    };
    cx.report.assemblies += 1;
    check_tables(&mut cx);
    check_signatures(&mut cx);
    check_bodies(&mut cx);
    check_custom_attributes(&mut cx);
    check_resolution(&mut cx);
}

fn is_list_column(table: TableId, col: usize) -> bool {
    matches!(
        (table, col),
        (TableId::TypeDef, 4 | 5)
            | (TableId::MethodDef, 5)
            | (TableId::EventMap, 1)
            | (TableId::PropertyMap, 1)
    )
}

fn check_tables(cx: &mut Ctx<'_>) {
    let asm = cx.asm;
    for &t in TableId::ALL {
        let cols = columns(t);
        for rid in 1..=asm.row_count(t) {
            cx.report.rows += 1;
            let raw = match asm.raw_row(t, rid) {
                Ok(r) => r,
                Err(e) => {
                    cx.err(format!("{t:?}#{rid}"), e);
                    continue;
                }
            };
            for (i, &(cname, col)) in cols.iter().enumerate() {
                let v = raw[i];
                let bad = MetadataError::BadColumn {
                    table: t,
                    row: rid,
                    column: cname,
                    value: v,
                };
                let r = match col {
                    Col::U16 | Col::U32 => Ok(()),
                    Col::Str => asm.string(StringIndex(v)).map(|_| ()),
                    Col::Blob => asm.blob(BlobIndex(v)).map(|_| ()),
                    Col::Guid => asm.guid(GuidIndex(v)).map(|_| ()),
                    Col::Idx(target) => {
                        let n = asm.row_count(target);
                        let max = if is_list_column(t, i) { n + 1 } else { n };
                        let min = if is_list_column(t, i) { 1 } else { 0 };
                        if v > max || v < min {
                            Err(bad)
                        } else {
                            Ok(())
                        }
                    }
                    Col::Coded(k) => match k.decode(v) {
                        None => Err(bad),
                        Some(tok) => match tok.table() {
                            Some(tt) if tok.rid() <= asm.row_count(tt) => Ok(()),
                            _ => Err(bad),
                        },
                    },
                };
                if let Err(e) = r {
                    cx.err(format!("{t:?}#{rid}.{cname}"), e);
                }
            }
        }
    }
    // Constant values must have their element type's size (II.22.9).
    for h in asm.handles::<ConstantHandle>() {
        let Ok(row) = asm.row::<ConstantRow>(h) else {
            continue;
        };
        let Ok(value) = asm.blob(row.value) else {
            continue;
        };
        let et = (row.element_type & 0xFF) as u8;
        let ok = match et {
            0x02 | 0x04 | 0x05 => value.len() == 1,
            0x03 | 0x06 | 0x07 => value.len() == 2,
            0x08 | 0x09 | 0x0C => value.len() == 4,
            0x0A | 0x0B | 0x0D => value.len() == 8,
            0x0E => value.len() % 2 == 0,
            0x12 => value.len() == 4 || value.len() == 8,
            _ => false,
        };
        if !ok {
            cx.err(
                format!("{h:?}"),
                MetadataError::BadColumn {
                    table: TableId::Constant,
                    row: h.0,
                    column: "value",
                    value: row.value.0,
                },
            );
        }
    }
    // list runs must be well-formed
    for td in asm.handles::<TypeDefHandle>() {
        if let Err(e) = asm.type_fields(td).map(|i| i.count()) {
            cx.err(format!("{td:?}"), e);
        }
        if let Err(e) = asm.type_methods(td).map(|i| i.count()) {
            cx.err(format!("{td:?}"), e);
        }
    }
}

/// Checks tokens inside a parsed signature point at existing rows.
fn check_sig_tokens(asm: &Assembly, t: &TypeSig) -> Result<(), MetadataError> {
    let tok = |x: &TypeDefOrRef| -> Result<(), MetadataError> {
        let tk = x.token();
        let table = tk.table().unwrap_or(TableId::TypeDef);
        if tk.rid() == 0 || tk.rid() > asm.row_count(table) {
            return Err(MetadataError::RowOutOfRange {
                table,
                row: tk.rid(),
                count: asm.row_count(table),
            });
        }
        Ok(())
    };
    match t {
        TypeSig::ValueType(x) | TypeSig::Class(x) => tok(x),
        TypeSig::Ptr(i)
        | TypeSig::ByRef(i)
        | TypeSig::SzArray(i)
        | TypeSig::Pinned(i)
        | TypeSig::Array(i, _) => check_sig_tokens(asm, i),
        TypeSig::Modified {
            modifier, inner, ..
        } => {
            tok(modifier)?;
            check_sig_tokens(asm, inner)
        }
        TypeSig::GenericInst { generic, args, .. } => {
            tok(generic)?;
            args.iter().try_for_each(|a| check_sig_tokens(asm, a))
        }
        TypeSig::FnPtr(m) => check_method_sig_tokens(asm, m),
        _ => Ok(()),
    }
}

fn check_method_sig_tokens(asm: &Assembly, m: &MethodSig) -> Result<(), MetadataError> {
    check_sig_tokens(asm, &m.ret)?;
    m.params.iter().try_for_each(|p| check_sig_tokens(asm, p))
}

fn check_signatures(cx: &mut Ctx<'_>) {
    let asm = cx.asm;
    macro_rules! each {
        ($handle:ty, $f:expr) => {
            for h in asm.handles::<$handle>() {
                cx.report.signatures += 1;
                let r: Result<(), MetadataError> = $f(h);
                if let Err(e) = r {
                    cx.err(format!("{h:?} signature"), e);
                }
            }
        };
    }
    each!(MethodDefHandle, |h| asm
        .method_def_sig(h)
        .and_then(|s| check_method_sig_tokens(asm, &s)));
    each!(FieldHandle, |h| asm
        .field_sig(h)
        .and_then(|s| check_sig_tokens(asm, &s)));
    each!(MemberRefHandle, |h| asm.member_ref_sig(h).and_then(
        |s| match s {
            crate::sig::MemberSig::Field(t) => check_sig_tokens(asm, &t),
            crate::sig::MemberSig::Method(m) => check_method_sig_tokens(asm, &m),
        }
    ));
    each!(TypeSpecHandle, |h| asm
        .type_spec_sig(h)
        .and_then(|s| check_sig_tokens(asm, &s)));
    each!(MethodSpecHandle, |h| asm.method_spec_sig(h).and_then(|s| s
        .iter()
        .try_for_each(|t| check_sig_tokens(asm, t))));
    each!(PropertyHandle, |h| asm.property_sig(h).map(|_| ()));
    each!(StandAloneSigHandle, |h: StandAloneSigHandle| {
        let row: StandAloneSigRow = asm.row(h)?;
        let b = asm.blob(row.signature)?;
        match b.first() {
            Some(0x07) => SigParser::parse_locals(b, row.signature.0)
                .and_then(|l| l.iter().try_for_each(|t| check_sig_tokens(asm, t))),
            Some(0x06) => SigParser::parse_field(b, row.signature.0).map(|_| ()),
            _ => SigParser::parse_method(b, row.signature.0)
                .and_then(|m| check_method_sig_tokens(asm, &m)),
        }
    });
}

fn token_ok(asm: &Assembly, kind: OperandKind, t: Token) -> bool {
    let Some(table) = t.table() else { return false };
    let allowed = match kind {
        OperandKind::Method => matches!(
            table,
            TableId::MethodDef | TableId::MemberRef | TableId::MethodSpec
        ),
        OperandKind::Field => matches!(table, TableId::Field | TableId::MemberRef),
        OperandKind::Type => matches!(
            table,
            TableId::TypeDef | TableId::TypeRef | TableId::TypeSpec
        ),
        OperandKind::Sig => table == TableId::StandAloneSig,
        OperandKind::Tok => matches!(
            table,
            TableId::TypeDef
                | TableId::TypeRef
                | TableId::TypeSpec
                | TableId::MethodDef
                | TableId::MemberRef
                | TableId::MethodSpec
                | TableId::Field
        ),
        _ => false,
    };
    allowed && t.rid() >= 1 && t.rid() <= asm.row_count(table)
}

fn check_bodies(cx: &mut Ctx<'_>) {
    let asm = cx.asm;
    for m in asm.handles::<MethodDefHandle>() {
        let row = match asm.method_def(m) {
            Ok(r) => r,
            Err(e) => {
                cx.err(format!("{m:?}"), e);
                continue;
            }
        };
        if row.rva == 0
            || row.impl_flags & method_impl_attributes::CODE_TYPE_MASK != method_impl_attributes::IL
        {
            continue;
        }
        let body = match asm.method_body(m) {
            Ok(Some(b)) => b,
            Ok(None) => continue,
            Err(e) => {
                cx.err(format!("{m:?} body"), e);
                continue;
            }
        };
        cx.report.methods += 1;
        if let Some(ls) = body.local_var_sig {
            if let Err(e) = asm.locals_sig(ls) {
                cx.err(format!("{m:?} locals"), e);
            }
        }
        for c in &body.exception_clauses {
            if let ClauseKind::Catch(t) = c.kind {
                if !token_ok(asm, OperandKind::Type, t) {
                    cx.err(
                        format!("{m:?} EH clause"),
                        MetadataError::BadToken {
                            token: t.0,
                            expected: "a type token in a catch clause",
                        },
                    );
                }
            }
        }
        for insn in IlDecoder::new(body.code) {
            match insn {
                Ok(i) => {
                    cx.report.instructions += 1;
                    match i.operand {
                        Operand::Token(t) => {
                            let k = i.opcode.operand_kind();
                            if !token_ok(asm, k, t) {
                                cx.err(
                                    format!("{m:?} IL_{:04x} {}", i.offset, i.opcode.name()),
                                    MetadataError::BadToken {
                                        token: t.0,
                                        expected: "a row of an allowed table",
                                    },
                                );
                            }
                        }
                        Operand::String(s) => {
                            if let Err(e) = asm.user_string_utf16(s) {
                                cx.err(format!("{m:?} IL_{:04x} ldstr", i.offset), e);
                            }
                        }
                        _ => {}
                    }
                }
                Err(e) => cx.err(format!("{m:?} IL"), e),
            }
        }
    }
}

/// Resolves an enum type for custom-attribute decoding across the set.
pub fn enum_underlying_in_set(
    set: &AssemblySet,
    asm: AsmId,
    t: &TypeSig,
    name: Option<&str>,
) -> Option<Primitive> {
    if let Some(name) = name {
        let def = resolve_serialized_type_name(set, asm, name)?;
        return set.get(def.asm).enum_underlying_type(def.def);
    }
    match t {
        TypeSig::ValueType(x) => {
            let def = set.resolve_type_def_or_ref(asm, *x).ok()?;
            set.get(def.asm).enum_underlying_type(def.def)
        }
        _ => None,
    }
}

/// Resolves a serialized type name (`Ns.Outer+Inner, Assembly, Version=...`).
pub fn resolve_serialized_type_name(
    set: &AssemblySet,
    asm: AsmId,
    name: &str,
) -> Option<crate::set::TypeDefId> {
    let (tname, aname) = match name.split_once(',') {
        Some((t, a)) => (t.trim(), Some(a.split(',').next().unwrap_or("").trim())),
        None => (name.trim(), None),
    };
    let mut parts = tname.split('+');
    let outer = parts.next()?;
    let (ns, n) = outer.rsplit_once('.').unwrap_or(("", outer));
    let scopes: Vec<AsmId> = match aname {
        Some(a) => vec![set.find_by_name(a, Some(asm))?],
        None => [Some(asm), set.core_library()]
            .into_iter()
            .flatten()
            .collect(),
    };
    let mut found = scopes
        .into_iter()
        .find_map(|s| set.find_exported_type(s, ns, n).ok())?;
    for inner in parts {
        found = set.find_nested_type(found, inner)?;
    }
    Some(found)
}

fn check_custom_attributes(cx: &mut Ctx<'_>) {
    let (asm, set, id) = (cx.asm, cx.set, cx.id);
    for h in asm.handles::<CustomAttributeHandle>() {
        cx.report.custom_attributes += 1;
        let row: CustomAttributeRow = match asm.row(h) {
            Ok(r) => r,
            Err(e) => {
                cx.err(format!("{h:?}"), e);
                continue;
            }
        };
        let ctor = match asm.custom_attribute_ctor_sig(h) {
            Ok(c) => c,
            Err(e) => {
                cx.err(format!("{h:?} constructor"), e);
                continue;
            }
        };
        let blob = match asm.blob(row.value) {
            Ok(b) => b,
            Err(e) => {
                cx.err(format!("{h:?} value"), e);
                continue;
            }
        };
        let mut unresolved_enum = false;
        let resolver = |t: &TypeSig, n: Option<&str>| enum_underlying_in_set(set, id, t, n);
        match attr::decode_value(blob, row.value.0, &ctor, &resolver) {
            Ok(_) => {}
            Err(e @ MetadataError::BadCustomAttribute { what, .. })
                if what.starts_with("cannot resolve enum") =>
            {
                // An enum type we cannot see: unresolved unless it is really in the set.
                unresolved_enum = true;
                let _ = e;
            }
            Err(e) => cx.err(format!("{h:?} value"), e),
        }
        if unresolved_enum {
            cx.report.unresolved += 1;
        }
    }
}

fn check_resolution(cx: &mut Ctx<'_>) {
    let (asm, set, id) = (cx.asm, cx.set, cx.id);
    for r in asm.handles::<TypeRefHandle>() {
        let res = set.resolve_type_ref(id, r);
        cx.resolve(|| format!("{r:?} resolution"), res);
    }
    for m in asm.handles::<MemberRefHandle>() {
        let res = set.resolve_member_ref(id, m);
        cx.resolve(|| format!("{m:?} resolution"), res);
    }
}

/// Runs everything the crate can do over one image given as bytes: parse,
/// the whole check, and layouts, statics, vtables and interfaces of every
/// type. Used by the fuzz targets and the mutation test; never panics on
/// malformed input (that is what they verify).
pub fn exercise_image(bytes: Vec<u8>) -> Option<CheckReport> {
    let asm = Assembly::from_bytes(bytes).ok()?;
    let mut set = AssemblySet::new();
    let id = set.add(asm);
    let mut report = CheckReport::default();
    check_assembly(&set, id, &mut report);
    let ts = crate::types::TypeSystem::new(&set);
    let asm = set.get(id);
    for (n, t) in asm.handles::<TypeDefHandle>().enumerate() {
        if n > 2000 {
            break;
        }
        let def = crate::set::TypeDefId { asm: id, def: t };
        if let Ok(l) = ts.layout_of_def(def) {
            let _ = l.gc_slot_map();
        }
        let _ = ts.static_layout(def);
        let _ = ts.vtable(def);
        let _ = ts.interfaces(&crate::types::TypeKey::Def(def, vec![]));
    }
    for h in asm.handles::<CustomAttributeHandle>().take(2000) {
        let _ = asm.decode_custom_attribute(h);
    }
    Some(report)
}
