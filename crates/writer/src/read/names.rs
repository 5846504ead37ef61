//! Readable names for tokens and signatures, from the image's own IL
//! metadata (ECMA-335 §II.22: TypeDef, TypeRef, MethodDef, MemberRef,
//! Field tables). Tokens of other modules (module overrides) are shown as
//! `[AssemblyName]token`.

use kiln_metadata::tables::{
    BlobIndex, FieldHandle, MethodDefHandle, StringIndex, TypeDefHandle, UserStringIndex,
};
use kiln_metadata::{Assembly, TableId};
use kiln_runtime_abi::r2r::{FixupKind, Helper};
use kiln_runtime_abi::sig::{
    FieldSig, FixupPayload, FixupSig, MethodRef, MethodSig, MethodSigShape, SigReader, TypeSig,
    TypeToken,
};

/// Name lookup over one assembly's metadata.
#[derive(Clone, Copy, Debug)]
pub struct Names<'a> {
    asm: &'a Assembly,
    manifest: &'a [String],
    /// TypeSpec nesting depth (guards against self-referential specs).
    depth: u8,
}

fn prim(e: u8) -> &'static str {
    match e {
        0x01 => "void",
        0x02 => "bool",
        0x03 => "char",
        0x04 => "int8",
        0x05 => "uint8",
        0x06 => "int16",
        0x07 => "uint16",
        0x08 => "int32",
        0x09 => "uint32",
        0x0A => "int64",
        0x0B => "uint64",
        0x0C => "float32",
        0x0D => "float64",
        0x0E => "string",
        0x16 => "typedbyref",
        0x18 => "native int",
        0x19 => "native uint",
        0x1C => "object",
        0x41 => "...",
        _ => "?",
    }
}

impl<'a> Names<'a> {
    /// Names from `asm`.
    pub fn new(asm: &'a Assembly) -> Self {
        Names {
            asm,
            manifest: &[],
            depth: 0,
        }
    }

    /// Names from an image's metadata and its ManifestMetadata.
    pub fn for_image(img: &'a super::R2rImage) -> Self {
        Names {
            asm: &img.assembly,
            manifest: img
                .manifest
                .as_ref()
                .map(|m| m.assembly_refs.as_slice())
                .unwrap_or(&[]),
            depth: 0,
        }
    }

    fn s(&self, table: TableId, rid: u32, col: usize) -> String {
        self.asm
            .raw_column(table, rid, col)
            .ok()
            .and_then(|i| self.asm.string(StringIndex(i)).ok())
            .unwrap_or("?")
            .to_string()
    }

    fn qualify(ns: String, name: String) -> String {
        if ns.is_empty() {
            name
        } else {
            format!("{ns}.{name}")
        }
    }

    /// Full name of a TypeDef (nested types as `Outer+Inner`).
    pub fn type_def(&self, rid: u32) -> String {
        let mut name = Self::qualify(
            self.s(TableId::TypeDef, rid, 2),
            self.s(TableId::TypeDef, rid, 1),
        );
        let mut cur = rid;
        for _ in 0..16 {
            match self.asm.enclosing_type(TypeDefHandle(cur)) {
                Some(e) => {
                    let e = e.0;
                    name = format!(
                        "{}+{}",
                        Self::qualify(
                            self.s(TableId::TypeDef, e, 2),
                            self.s(TableId::TypeDef, e, 1)
                        ),
                        name
                    );
                    cur = e;
                }
                None => break,
            }
        }
        name
    }

    /// Full name of a TypeRef.
    pub fn type_ref(&self, rid: u32) -> String {
        Self::qualify(
            self.s(TableId::TypeRef, rid, 2),
            self.s(TableId::TypeRef, rid, 1),
        )
    }

    fn token(&self, t: TypeToken, module: Option<u32>) -> String {
        if let Some(m) = module.filter(|m| *m != 0) {
            return format!("[{}]{:#010x}", self.module(m), t.token());
        }
        match t {
            TypeToken::Def(r) => self.type_def(r),
            TypeToken::Ref(r) => self.type_ref(r),
            TypeToken::Spec(r) => self.type_spec(r),
        }
    }

    /// The type a TypeSpec row denotes (its blob decoded and named).
    pub fn type_spec(&self, rid: u32) -> String {
        if self.depth < 8 {
            let blob = self
                .asm
                .raw_column(TableId::TypeSpec, rid, 0)
                .ok()
                .and_then(|b| self.asm.blob(BlobIndex(b)).ok());
            if let Some(t) = blob.and_then(|b| TypeSig::decode(&mut SigReader::new(b)).ok()) {
                return Names {
                    depth: self.depth + 1,
                    ..*self
                }
                .type_sig(&t);
            }
        }
        format!("typespec#{rid}")
    }

    /// A type signature.
    pub fn type_sig(&self, t: &TypeSig) -> String {
        self.type_sig_in(t, None)
    }

    fn type_sig_in(&self, t: &TypeSig, module: Option<u32>) -> String {
        match t {
            TypeSig::Prim(e) => prim(*e).to_string(),
            TypeSig::Class(k) | TypeSig::ValueType(k) => self.token(*k, module),
            TypeSig::SzArray(e) => format!("{}[]", self.type_sig_in(e, module)),
            TypeSig::Array { elem, rank, .. } => format!(
                "{}[{}]",
                self.type_sig_in(elem, module),
                ",".repeat(rank.saturating_sub(1) as usize)
            ),
            TypeSig::Ptr(e) => format!("{}*", self.type_sig_in(e, module)),
            TypeSig::ByRef(e) => format!("{}&", self.type_sig_in(e, module)),
            TypeSig::Pinned(e) => format!("{} pinned", self.type_sig_in(e, module)),
            TypeSig::Modified { ty, .. } => self.type_sig_in(ty, module),
            TypeSig::GenericInst { def, args, .. } => {
                let a: Vec<String> = args.iter().map(|a| self.type_sig_in(a, module)).collect();
                format!("{}<{}>", self.type_sig_in(def, module), a.join(","))
            }
            TypeSig::Var(n) => format!("!{n}"),
            TypeSig::MVar(n) => format!("!!{n}"),
            TypeSig::FnPtr(_) => "fnptr".to_string(),
            TypeSig::Canon => "__Canon".to_string(),
            TypeSig::NativeValueType(e) => format!("native {}", self.type_sig_in(e, module)),
            TypeSig::Module { index, ty } => self.type_sig_in(ty, Some(*index)),
        }
    }

    /// `(param, …)` of a signature blob in `table`/`col`, or empty.
    fn params(&self, table: TableId, rid: u32, col: usize) -> String {
        let Some(blob) = self
            .asm
            .raw_column(table, rid, col)
            .ok()
            .and_then(|b| self.asm.blob(BlobIndex(b)).ok())
        else {
            return String::new();
        };
        match MethodSigShape::decode(&mut SigReader::new(blob)) {
            Ok(m) => {
                let p: Vec<String> = m.params.iter().map(|t| self.type_sig(t)).collect();
                format!("({})", p.join(","))
            }
            Err(_) => String::new(),
        }
    }

    /// `Type.Method(params)` of a MethodDef.
    pub fn method_def(&self, rid: u32) -> String {
        let owner = self
            .asm
            .method_owner(MethodDefHandle(rid))
            .map(|t| self.type_def(t.0))
            .unwrap_or_else(|| "?".into());
        format!(
            "{owner}.{}{}",
            self.s(TableId::MethodDef, rid, 3),
            self.params(TableId::MethodDef, rid, 4)
        )
    }

    /// The name of the module with this module-override index (AssemblyRef
    /// rows first; higher indices live in the ManifestMetadata section).
    pub fn module(&self, index: u32) -> String {
        let refs = self.asm.row_count(TableId::AssemblyRef);
        if index >= 1 && index <= refs {
            self.s(TableId::AssemblyRef, index, 6)
        } else if let Some(n) = index
            .checked_sub(refs + 1)
            .and_then(|i| self.manifest.get(i as usize))
        {
            n.clone()
        } else {
            format!("module {index}")
        }
    }

    /// `Type.Method` of a MemberRef.
    pub fn member_ref(&self, rid: u32) -> String {
        let class = self.asm.raw_column(TableId::MemberRef, rid, 0).unwrap_or(0);
        let (tag, r) = (class & 7, class >> 3);
        let owner = match tag {
            0 => self.type_def(r),
            1 => self.type_ref(r),
            3 => self.method_def(r),
            4 => self.type_spec(r),
            _ => format!("moduleref#{r}"),
        };
        format!(
            "{owner}.{}{}",
            self.s(TableId::MemberRef, rid, 1),
            self.params(TableId::MemberRef, rid, 2)
        )
    }

    /// A method signature.
    pub fn method_sig(&self, m: &MethodSig) -> String {
        let module = m.module.filter(|x| *x != 0);
        let base = match (m.method, module) {
            (MethodRef::Def(r), None) => self.method_def(r),
            (MethodRef::Ref(r), None) => self.member_ref(r),
            (MethodRef::Def(r), Some(md)) => format!("[{}]methoddef#{r}", self.module(md)),
            (MethodRef::Ref(r), Some(md)) => format!("[{}]memberref#{r}", self.module(md)),
            (MethodRef::Slot(s), _) => format!("slot#{s}"),
        };
        let mut out = match &m.owner {
            Some(o) => {
                let owner = self.type_sig_in(o, module);
                let head = base.split('(').next().unwrap_or(&base);
                let tail = &base[head.len()..];
                let short = format!("{}{tail}", head.rsplit('.').next().unwrap_or(head));
                format!("{owner}.{short}")
            }
            None => base,
        };
        if let Some(args) = &m.instantiation {
            let a: Vec<String> = args.iter().map(|a| self.type_sig_in(a, module)).collect();
            out = format!("{out}<{}>", a.join(","));
        }
        if m.stub_flags & 1 != 0 {
            out.push_str(" [unboxing]");
        }
        if m.stub_flags & 2 != 0 {
            out.push_str(" [instantiating]");
        }
        if let Some(c) = &m.constrained {
            out = format!("{out} constrained {}", self.type_sig_in(c, module));
        }
        out
    }

    fn field(&self, f: &FieldSig, module: Option<u32>) -> String {
        if let Some(m) = module.filter(|m| *m != 0) {
            return format!("[{}]field#{}", self.module(m), f.rid);
        }
        if let Some(owner) = &f.owner {
            // An explicit owner (a canonical instantiation): named with it.
            let (table, col) = if f.member_ref {
                (TableId::MemberRef, 1)
            } else {
                (TableId::Field, 1)
            };
            return format!(
                "{}.{}",
                self.type_sig_in(owner, module),
                self.s(table, f.rid, col)
            );
        }
        if f.member_ref {
            self.member_ref(f.rid)
        } else {
            let owner = self
                .asm
                .field_owner(FieldHandle(f.rid))
                .map(|t| self.type_def(t.0))
                .unwrap_or_else(|| "?".into());
            format!("{owner}.{}", self.s(TableId::Field, f.rid, 1))
        }
    }

    /// A fixup signature, e.g. `MethodEntry System.Console.WriteLine`.
    pub fn fixup(&self, s: &FixupSig) -> String {
        let m = s.module;
        let body = match &s.payload {
            FixupPayload::Helper(h) => Helper::from_raw(*h)
                .map(|h| h.name().to_string())
                .unwrap_or_else(|| format!("{h:#x}")),
            FixupPayload::Method(ms) => {
                let mut ms = ms.clone();
                if ms.module.is_none() {
                    ms.module = m;
                }
                self.method_sig(&ms)
            }
            FixupPayload::Rid(r) => match s.kind {
                FixupKind::MethodEntry_DefToken | FixupKind::VirtualEntry_DefToken
                    if m.is_none_or(|x| x == 0) =>
                {
                    self.method_def(*r)
                }
                FixupKind::MethodEntry_RefToken | FixupKind::VirtualEntry_RefToken
                    if m.is_none_or(|x| x == 0) =>
                {
                    self.member_ref(*r)
                }
                FixupKind::StringHandle => {
                    let str = self
                        .asm
                        .user_string(UserStringIndex(*r))
                        .unwrap_or_default();
                    format!("{:?}", str.chars().take(60).collect::<String>())
                }
                _ => format!("rid {r}"),
            },
            FixupPayload::Type(t) => self.type_sig_in(t, m),
            FixupPayload::Field(f) => self.field(f, m),
            FixupPayload::Slot { slot, ty } => format!("{} slot {slot}", self.type_sig_in(ty, m)),
            FixupPayload::TypeLayout { ty, layout } => {
                format!("{} size {}", self.type_sig_in(ty, m), layout.size)
            }
            FixupPayload::FieldOffset { offset, field } => {
                format!("{} at {offset}", self.field(field, m))
            }
            FixupPayload::VerifyFieldOffset {
                base,
                offset,
                field,
            } => format!("{} at {offset} (base {base})", self.field(field, m)),
            FixupPayload::InstructionSets(v) => kiln_runtime_abi::isa::describe(v),
            FixupPayload::DelegateCtor { method, ty } => format!(
                "{} for {}",
                self.method_sig(method),
                self.type_sig_in(ty, m)
            ),
            FixupPayload::DictionaryLookup { this_type, inner } => match this_type {
                Some(t) => format!("this {}: {}", self.type_sig_in(t, m), self.fixup(inner)),
                None => self.fixup(inner),
            },
            FixupPayload::IlBody { data, method, .. } => {
                format!(
                    "{} ({} bytes of IL data)",
                    self.method_sig(method),
                    data.len()
                )
            }
            FixupPayload::VirtualOverride {
                decl,
                impl_type,
                impl_method,
                ..
            } => format!(
                "{} on {} -> {}",
                self.method_sig(decl),
                self.type_sig_in(impl_type, m),
                impl_method
                    .as_ref()
                    .map(|x| self.method_sig(x))
                    .unwrap_or_else(|| "(none)".into())
            ),
            FixupPayload::Opaque => String::new(),
        };
        format!("{} {}", s.kind.name(), body).trim_end().to_string()
    }
}
