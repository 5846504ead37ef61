//! Fixup signatures: ECMA-335 compressed integers, type/method/field
//! signatures as R2R encodes them, an encoder ([`FixupSig::encode`] and the
//! `fixup_*` helpers) and a decoder ([`FixupSig::decode`]).
//!
//! Specification: `src/coreclr/inc/readytorun.h` (9.1: fixup kinds,
//! `ReadyToRunMethodSigFlags`, `ReadyToRunFieldSigFlags`, type layout
//! flags); `docs/design/coreclr/botr/readytorun-format.md` (“Fixup
//! signatures”); ECMA-335 §II.23.2 (compressed integers, type signatures).
//! Integers inside fixup signatures use the ECMA compressed encoding, not
//! NativeFormat varints.
//!
//! Tokens inside signatures are module-relative RIDs; naming them needs the
//! module's metadata and is the reader's job (`kiln_writer::read`).

use crate::error::{DecodeError, Result};
use crate::r2r::{self, FixupKind, Helper};

/// Appends an ECMA-335 compressed unsigned integer (≤ 0x1FFF_FFFF).
///
/// # Panics
/// If `v` exceeds 0x1FFF_FFFF (not representable).
pub fn write_compressed_u32(out: &mut Vec<u8>, v: u32) {
    if v < 0x80 {
        out.push(v as u8);
    } else if v < 0x4000 {
        out.extend_from_slice(&[0x80 | (v >> 8) as u8, v as u8]);
    } else {
        assert!(v <= 0x1FFF_FFFF, "compressed integer {v:#x} too large");
        out.extend_from_slice(&[
            0xC0 | (v >> 24) as u8,
            (v >> 16) as u8,
            (v >> 8) as u8,
            v as u8,
        ]);
    }
}

/// Appends an ECMA-335 compressed signed integer (−2^28 ≤ v < 2^28).
pub fn write_compressed_i32(out: &mut Vec<u8>, v: i32) {
    // ECMA II.23.2: rotate the sign bit into bit 0 within the chosen width.
    if (-0x40..0x40).contains(&v) {
        out.push((((v << 1) as u32 & 0x7E) | ((v < 0) as u32)) as u8);
    } else if (-0x2000..0x2000).contains(&v) {
        let x = ((v << 1) as u32 & 0x3FFE) | ((v < 0) as u32);
        out.extend_from_slice(&[0x80 | (x >> 8) as u8, x as u8]);
    } else {
        let x = ((v << 1) as u32 & 0x1FFF_FFFE) | ((v < 0) as u32);
        out.extend_from_slice(&[
            0xC0 | (x >> 24) as u8,
            (x >> 16) as u8,
            (x >> 8) as u8,
            x as u8,
        ]);
    }
}

/// A cursor over a signature blob.
#[derive(Clone, Debug)]
pub struct SigReader<'a> {
    buf: &'a [u8],
    pos: usize,
}

impl<'a> SigReader<'a> {
    /// Reads from the start of `buf`.
    pub fn new(buf: &'a [u8]) -> Self {
        SigReader { buf, pos: 0 }
    }
    /// Current offset in the buffer.
    pub fn pos(&self) -> usize {
        self.pos
    }
    /// One raw byte.
    pub fn u8(&mut self) -> Result<u8> {
        let b = *self
            .buf
            .get(self.pos)
            .ok_or_else(|| DecodeError::truncated("signature", self.pos))?;
        self.pos += 1;
        Ok(b)
    }
    /// Peeks one raw byte.
    pub fn peek(&self) -> Result<u8> {
        self.buf
            .get(self.pos)
            .copied()
            .ok_or_else(|| DecodeError::truncated("signature", self.pos))
    }
    /// An ECMA compressed unsigned integer.
    pub fn compressed_u32(&mut self) -> Result<u32> {
        let b0 = self.u8()? as u32;
        if b0 & 0x80 == 0 {
            Ok(b0)
        } else if b0 & 0xC0 == 0x80 {
            Ok(((b0 & 0x3F) << 8) | self.u8()? as u32)
        } else if b0 & 0xE0 == 0xC0 {
            let (b1, b2, b3) = (self.u8()? as u32, self.u8()? as u32, self.u8()? as u32);
            Ok(((b0 & 0x1F) << 24) | (b1 << 16) | (b2 << 8) | b3)
        } else {
            Err(DecodeError::invalid(
                "compressed integer",
                self.pos - 1,
                "bad lead byte",
            ))
        }
    }
    /// An ECMA compressed signed integer.
    pub fn compressed_i32(&mut self) -> Result<i32> {
        let start = self.pos;
        let raw = self.compressed_u32()?;
        let bits = match self.pos - start {
            1 => 7,
            2 => 14,
            _ => 29,
        };
        let neg = raw & 1 != 0;
        let mag = (raw >> 1) as i32;
        Ok(if neg { mag - (1 << (bits - 1)) } else { mag })
    }
}

/// A `TypeDefOrRefOrSpec` coded token inside a type signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TypeToken {
    /// TypeDef RID.
    Def(u32),
    /// TypeRef RID.
    Ref(u32),
    /// TypeSpec RID.
    Spec(u32),
}

impl TypeToken {
    /// The full metadata token (table in the top byte).
    pub fn token(self) -> u32 {
        match self {
            TypeToken::Def(r) => 0x0200_0000 | r,
            TypeToken::Ref(r) => 0x0100_0000 | r,
            TypeToken::Spec(r) => 0x1B00_0000 | r,
        }
    }
    fn encode(self) -> u32 {
        match self {
            TypeToken::Def(r) => r << 2,
            TypeToken::Ref(r) => (r << 2) | 1,
            TypeToken::Spec(r) => (r << 2) | 2,
        }
    }
    fn decode(v: u32, at: usize) -> Result<Self> {
        match v & 3 {
            0 => Ok(TypeToken::Def(v >> 2)),
            1 => Ok(TypeToken::Ref(v >> 2)),
            2 => Ok(TypeToken::Spec(v >> 2)),
            _ => Err(DecodeError::invalid(
                "TypeDefOrRef token",
                at,
                "table tag 3",
            )),
        }
    }
}

/// A type signature (ECMA-335 §II.23.2.12 plus the R2R extensions).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TypeSig {
    /// A primitive or `object`/`string`/`typedbyref` element type.
    Prim(u8),
    /// `CLASS token`.
    Class(TypeToken),
    /// `VALUETYPE token`.
    ValueType(TypeToken),
    /// `SZARRAY elem`.
    SzArray(Box<TypeSig>),
    /// `ARRAY elem rank sizes lobounds`.
    Array {
        /// Element type.
        elem: Box<TypeSig>,
        /// Rank.
        rank: u32,
        /// Sizes.
        sizes: Vec<u32>,
        /// Lower bounds.
        lo_bounds: Vec<i32>,
    },
    /// `PTR t`.
    Ptr(Box<TypeSig>),
    /// `BYREF t`.
    ByRef(Box<TypeSig>),
    /// `PINNED t`.
    Pinned(Box<TypeSig>),
    /// `CMOD_REQD`/`CMOD_OPT token t`.
    Modified {
        /// Required (0x1F) or optional (0x20).
        required: bool,
        /// Modifier type.
        modifier: TypeToken,
        /// Modified type.
        ty: Box<TypeSig>,
    },
    /// `GENERICINST (CLASS|VALUETYPE) token n args`.
    GenericInst {
        /// Value type instantiation.
        value_type: bool,
        /// Generic definition, possibly in another module.
        def: Box<TypeSig>,
        /// Arguments.
        args: Vec<TypeSig>,
    },
    /// `VAR n`.
    Var(u32),
    /// `MVAR n`.
    MVar(u32),
    /// `FNPTR method-sig`.
    FnPtr(Box<MethodSigShape>),
    /// `__Canon` (0x3E).
    Canon,
    /// Native value type (0x3D) of a type.
    NativeValueType(Box<TypeSig>),
    /// `0x3F module-index type`: the type is resolved in another module.
    Module {
        /// Module index (0 = this module, then AssemblyRefs, then manifest refs).
        index: u32,
        /// The type, in that module's token context.
        ty: Box<TypeSig>,
    },
}

/// A standalone method signature shape (calling convention, params), as in
/// `FNPTR`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MethodSigShape {
    /// Calling convention byte.
    pub call_conv: u8,
    /// Generic parameter count, if the convention says generic.
    pub generic_count: Option<u32>,
    /// Return type.
    pub ret: TypeSig,
    /// Parameters (a `SENTINEL` is kept as `Prim(0x41)`).
    pub params: Vec<TypeSig>,
}

impl TypeSig {
    /// Decodes one type signature.
    pub fn decode(r: &mut SigReader<'_>) -> Result<TypeSig> {
        Self::decode_depth(r, 0)
    }

    fn decode_depth(r: &mut SigReader<'_>, depth: u32) -> Result<TypeSig> {
        if depth > 64 {
            return Err(DecodeError::invalid(
                "type signature",
                r.pos(),
                "nesting too deep",
            ));
        }
        let at = r.pos();
        let e = r.u8()?;
        let sub = |r: &mut SigReader<'_>| Self::decode_depth(r, depth + 1).map(Box::new);
        Ok(match e {
            0x01..=0x0E | 0x16 | 0x18 | 0x19 | 0x1C | 0x41 => TypeSig::Prim(e),
            0x0F => TypeSig::Ptr(sub(r)?),
            0x10 => TypeSig::ByRef(sub(r)?),
            0x11 | 0x12 => {
                let at = r.pos();
                let t = TypeToken::decode(r.compressed_u32()?, at)?;
                if e == 0x11 {
                    TypeSig::ValueType(t)
                } else {
                    TypeSig::Class(t)
                }
            }
            0x13 => TypeSig::Var(r.compressed_u32()?),
            0x14 => {
                let elem = sub(r)?;
                let rank = r.compressed_u32()?;
                let n = r.compressed_u32()?;
                let mut sizes = Vec::new();
                for _ in 0..n.min(64) {
                    sizes.push(r.compressed_u32()?);
                }
                let n = r.compressed_u32()?;
                let mut lo_bounds = Vec::new();
                for _ in 0..n.min(64) {
                    lo_bounds.push(r.compressed_i32()?);
                }
                TypeSig::Array {
                    elem,
                    rank,
                    sizes,
                    lo_bounds,
                }
            }
            0x15 => {
                let value_type = match r.peek()? {
                    0x11 => true,
                    0x12 => false,
                    _ => false,
                };
                let def = sub(r)?;
                let n = r.compressed_u32()?;
                if n > 1024 {
                    return Err(DecodeError::out_of_range(
                        "generic argument count",
                        at,
                        n as u64,
                    ));
                }
                let mut args = Vec::with_capacity(n as usize);
                for _ in 0..n {
                    args.push(Self::decode_depth(r, depth + 1)?);
                }
                TypeSig::GenericInst {
                    value_type,
                    def,
                    args,
                }
            }
            0x1B => TypeSig::FnPtr(Box::new(MethodSigShape::decode_depth(r, depth + 1)?)),
            0x1D => TypeSig::SzArray(sub(r)?),
            0x1E => TypeSig::MVar(r.compressed_u32()?),
            0x1F | 0x20 => {
                let at = r.pos();
                let modifier = TypeToken::decode(r.compressed_u32()?, at)?;
                TypeSig::Modified {
                    required: e == 0x1F,
                    modifier,
                    ty: sub(r)?,
                }
            }
            0x45 => TypeSig::Pinned(sub(r)?),
            r2r::elem::CANON => TypeSig::Canon,
            r2r::elem::NATIVE_VALUETYPE => TypeSig::NativeValueType(sub(r)?),
            r2r::elem::MODULE => {
                let index = r.compressed_u32()?;
                TypeSig::Module { index, ty: sub(r)? }
            }
            _ => {
                return Err(DecodeError::out_of_range(
                    "type signature element",
                    at,
                    e as u64,
                ))
            }
        })
    }

    /// Appends the encoding of this type signature.
    pub fn encode(&self, out: &mut Vec<u8>) {
        match self {
            TypeSig::Prim(e) => out.push(*e),
            TypeSig::Class(t) => {
                out.push(0x12);
                write_compressed_u32(out, t.encode());
            }
            TypeSig::ValueType(t) => {
                out.push(0x11);
                write_compressed_u32(out, t.encode());
            }
            TypeSig::SzArray(t) => {
                out.push(0x1D);
                t.encode(out);
            }
            TypeSig::Array {
                elem,
                rank,
                sizes,
                lo_bounds,
            } => {
                out.push(0x14);
                elem.encode(out);
                write_compressed_u32(out, *rank);
                write_compressed_u32(out, sizes.len() as u32);
                sizes.iter().for_each(|s| write_compressed_u32(out, *s));
                write_compressed_u32(out, lo_bounds.len() as u32);
                lo_bounds.iter().for_each(|s| write_compressed_i32(out, *s));
            }
            TypeSig::Ptr(t) => {
                out.push(0x0F);
                t.encode(out);
            }
            TypeSig::ByRef(t) => {
                out.push(0x10);
                t.encode(out);
            }
            TypeSig::Pinned(t) => {
                out.push(0x45);
                t.encode(out);
            }
            TypeSig::Modified {
                required,
                modifier,
                ty,
            } => {
                out.push(if *required { 0x1F } else { 0x20 });
                write_compressed_u32(out, modifier.encode());
                ty.encode(out);
            }
            TypeSig::GenericInst { def, args, .. } => {
                out.push(0x15);
                def.encode(out);
                write_compressed_u32(out, args.len() as u32);
                args.iter().for_each(|a| a.encode(out));
            }
            TypeSig::Var(n) => {
                out.push(0x13);
                write_compressed_u32(out, *n);
            }
            TypeSig::MVar(n) => {
                out.push(0x1E);
                write_compressed_u32(out, *n);
            }
            TypeSig::FnPtr(m) => {
                out.push(0x1B);
                m.encode(out);
            }
            TypeSig::Canon => out.push(r2r::elem::CANON),
            TypeSig::NativeValueType(t) => {
                out.push(r2r::elem::NATIVE_VALUETYPE);
                t.encode(out);
            }
            TypeSig::Module { index, ty } => {
                out.push(r2r::elem::MODULE);
                write_compressed_u32(out, *index);
                ty.encode(out);
            }
        }
    }

    /// The encoding as a fresh vector.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::new();
        self.encode(&mut v);
        v
    }
}

impl MethodSigShape {
    /// Decodes a method signature (ECMA-335 §II.23.2.1: MethodDefSig,
    /// MethodRefSig, StandAloneMethodSig).
    pub fn decode(r: &mut SigReader<'_>) -> Result<Self> {
        Self::decode_depth(r, 0)
    }

    fn decode_depth(r: &mut SigReader<'_>, depth: u32) -> Result<Self> {
        let call_conv = r.u8()?;
        let generic_count = if call_conv & 0x10 != 0 {
            Some(r.compressed_u32()?)
        } else {
            None
        };
        let at = r.pos();
        let n = r.compressed_u32()?;
        if n > 4096 {
            return Err(DecodeError::out_of_range("parameter count", at, n as u64));
        }
        let ret = TypeSig::decode_depth(r, depth)?;
        let mut params = Vec::with_capacity(n as usize);
        let mut i = 0;
        while i < n {
            let p = TypeSig::decode_depth(r, depth)?;
            if p != TypeSig::Prim(0x41) {
                i += 1;
            }
            params.push(p);
        }
        Ok(MethodSigShape {
            call_conv,
            generic_count,
            ret,
            params,
        })
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.call_conv);
        if let Some(g) = self.generic_count {
            write_compressed_u32(out, g);
        }
        let n = self
            .params
            .iter()
            .filter(|p| **p != TypeSig::Prim(0x41))
            .count();
        write_compressed_u32(out, n as u32);
        self.ret.encode(out);
        self.params.iter().for_each(|p| p.encode(out));
    }
}

/// How a method signature names its method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MethodRef {
    /// MethodDef RID.
    Def(u32),
    /// MemberRef RID (`READYTORUN_METHOD_SIG_MemberRefToken`).
    Ref(u32),
    /// Vtable slot (`READYTORUN_METHOD_SIG_SlotInsteadOfToken`; needs an owner type).
    Slot(u32),
}

/// An R2R method signature (`ReadyToRunMethodSigFlags` encoding).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct MethodSig {
    /// Extra flags beyond what the other fields imply (UnboxingStub,
    /// InstantiatingStub); the encoder ORs in the structural bits.
    pub stub_flags: u32,
    /// `UpdateContext`: the module whose tokens the rest uses.
    pub module: Option<u32>,
    /// `OwnerType`: the exact owning type.
    pub owner: Option<TypeSig>,
    /// The method token or slot.
    pub method: MethodRef,
    /// `MethodInstantiation`: generic method arguments.
    pub instantiation: Option<Vec<TypeSig>>,
    /// `Constrained`: the constrained type of a constrained call.
    pub constrained: Option<TypeSig>,
}

impl MethodSig {
    /// A plain MethodDef reference.
    pub fn def(rid: u32) -> Self {
        MethodSig {
            stub_flags: 0,
            module: None,
            owner: None,
            method: MethodRef::Def(rid),
            instantiation: None,
            constrained: None,
        }
    }
    /// A plain MemberRef reference.
    pub fn member_ref(rid: u32) -> Self {
        MethodSig {
            method: MethodRef::Ref(rid),
            ..Self::def(0)
        }
    }

    /// The flags word as encoded.
    pub fn flags(&self) -> u32 {
        use r2r::method_sig::*;
        let mut f = self.stub_flags & (UNBOXING_STUB | INSTANTIATING_STUB);
        if self.module.is_some() {
            f |= UPDATE_CONTEXT;
        }
        if self.owner.is_some() {
            f |= OWNER_TYPE;
        }
        match self.method {
            MethodRef::Def(_) => {}
            MethodRef::Ref(_) => f |= MEMBER_REF_TOKEN,
            MethodRef::Slot(_) => f |= SLOT_INSTEAD_OF_TOKEN,
        }
        if self.instantiation.is_some() {
            f |= METHOD_INSTANTIATION;
        }
        if self.constrained.is_some() {
            f |= CONSTRAINED;
        }
        f
    }

    /// Appends the encoding.
    pub fn encode(&self, out: &mut Vec<u8>) {
        write_compressed_u32(out, self.flags());
        if let Some(m) = self.module {
            write_compressed_u32(out, m);
        }
        if let Some(o) = &self.owner {
            o.encode(out);
        }
        match self.method {
            MethodRef::Def(r) | MethodRef::Ref(r) | MethodRef::Slot(r) => {
                write_compressed_u32(out, r)
            }
        }
        if let Some(args) = &self.instantiation {
            write_compressed_u32(out, args.len() as u32);
            args.iter().for_each(|a| a.encode(out));
        }
        if let Some(c) = &self.constrained {
            c.encode(out);
        }
    }

    /// Decodes a method signature.
    pub fn decode(r: &mut SigReader<'_>) -> Result<Self> {
        use r2r::method_sig::*;
        let at = r.pos();
        let flags = r.compressed_u32()?;
        if flags & !0xFF != 0 {
            return Err(DecodeError::out_of_range(
                "method signature flags",
                at,
                flags as u64,
            ));
        }
        let module = if flags & UPDATE_CONTEXT != 0 {
            Some(r.compressed_u32()?)
        } else {
            None
        };
        let owner = if flags & OWNER_TYPE != 0 {
            Some(TypeSig::decode(r)?)
        } else {
            None
        };
        let v = r.compressed_u32()?;
        let method = if flags & SLOT_INSTEAD_OF_TOKEN != 0 {
            MethodRef::Slot(v)
        } else if flags & MEMBER_REF_TOKEN != 0 {
            MethodRef::Ref(v)
        } else {
            MethodRef::Def(v)
        };
        let instantiation = if flags & METHOD_INSTANTIATION != 0 {
            let at = r.pos();
            let n = r.compressed_u32()?;
            if n > 1024 {
                return Err(DecodeError::out_of_range(
                    "method instantiation count",
                    at,
                    n as u64,
                ));
            }
            let mut v = Vec::with_capacity(n as usize);
            for _ in 0..n {
                v.push(TypeSig::decode(r)?);
            }
            Some(v)
        } else {
            None
        };
        let constrained = if flags & CONSTRAINED != 0 {
            Some(TypeSig::decode(r)?)
        } else {
            None
        };
        Ok(MethodSig {
            stub_flags: flags & (UNBOXING_STUB | INSTANTIATING_STUB),
            module,
            owner,
            method,
            instantiation,
            constrained,
        })
    }
}

/// An R2R field signature (`ReadyToRunFieldSigFlags` encoding).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FieldSig {
    /// `OwnerType`: the exact owning type.
    pub owner: Option<TypeSig>,
    /// True: MemberRef RID; false: FieldDef RID.
    pub member_ref: bool,
    /// The RID.
    pub rid: u32,
}

impl FieldSig {
    /// A FieldDef reference.
    pub fn def(rid: u32) -> Self {
        FieldSig {
            owner: None,
            member_ref: false,
            rid,
        }
    }
    /// Appends the encoding.
    pub fn encode(&self, out: &mut Vec<u8>) {
        let mut f = 0;
        if self.owner.is_some() {
            f |= r2r::field_sig::OWNER_TYPE;
        }
        if self.member_ref {
            f |= r2r::field_sig::MEMBER_REF_TOKEN;
        }
        write_compressed_u32(out, f);
        if let Some(o) = &self.owner {
            o.encode(out);
        }
        write_compressed_u32(out, self.rid);
    }
    /// Decodes a field signature.
    pub fn decode(r: &mut SigReader<'_>) -> Result<Self> {
        let at = r.pos();
        let f = r.compressed_u32()?;
        if f & !(r2r::field_sig::OWNER_TYPE | r2r::field_sig::MEMBER_REF_TOKEN) != 0 {
            return Err(DecodeError::out_of_range(
                "field signature flags",
                at,
                f as u64,
            ));
        }
        let owner = if f & r2r::field_sig::OWNER_TYPE != 0 {
            Some(TypeSig::decode(r)?)
        } else {
            None
        };
        Ok(FieldSig {
            owner,
            member_ref: f & r2r::field_sig::MEMBER_REF_TOKEN != 0,
            rid: r.compressed_u32()?,
        })
    }
}

/// The layout claimed by a `Check_TypeLayout`/`Verify_TypeLayout` fixup.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TypeLayoutCheck {
    /// Instance size in bytes.
    pub size: u32,
    /// HFA element type (`ReadyToRunHFAElemType`), if an HFA.
    pub hfa: Option<u32>,
    /// Alignment, unless it is the natural/native one.
    pub alignment: Option<u32>,
    /// Alignment equals the native (pointer-size) alignment: encoded as
    /// `Alignment | Alignment_Native` with no value.
    pub alignment_native: bool,
    /// GC pointer bitmap (one bit per pointer-sized slot, LSB first), or
    /// `None` with `GCLayout_Empty` when the type has no GC references.
    pub gc_layout: Option<Vec<u8>>,
}

impl TypeLayoutCheck {
    fn encode(&self, out: &mut Vec<u8>) {
        use r2r::layout::*;
        let mut f = 0;
        if self.hfa.is_some() {
            f |= HFA;
        }
        if self.alignment.is_some() || self.alignment_native {
            f |= ALIGNMENT;
        }
        if self.alignment_native {
            f |= ALIGNMENT_NATIVE;
        }
        f |= GC_LAYOUT;
        if self.gc_layout.is_none() {
            f |= GC_LAYOUT_EMPTY;
        }
        write_compressed_u32(out, f);
        write_compressed_u32(out, self.size);
        if let Some(h) = self.hfa {
            write_compressed_u32(out, h);
        }
        if let Some(a) = self.alignment.filter(|_| !self.alignment_native) {
            write_compressed_u32(out, a);
        }
        if let Some(bits) = &self.gc_layout {
            out.extend_from_slice(bits);
        }
    }

    fn decode(r: &mut SigReader<'_>) -> Result<Self> {
        use r2r::layout::*;
        let f = r.compressed_u32()?;
        let size = r.compressed_u32()?;
        let hfa = if f & HFA != 0 {
            Some(r.compressed_u32()?)
        } else {
            None
        };
        let alignment = if f & ALIGNMENT != 0 && f & ALIGNMENT_NATIVE == 0 {
            Some(r.compressed_u32()?)
        } else {
            None
        };
        let gc_layout = if f & GC_LAYOUT != 0 && f & GC_LAYOUT_EMPTY == 0 {
            // crossgen2: (size / pointer size + 7) / 8 bytes.
            let n = (size as usize / 8).div_ceil(8);
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                v.push(r.u8()?);
            }
            Some(v)
        } else {
            None
        };
        if f & GC_LAYOUT == 0 {
            return Err(DecodeError::invalid(
                "type layout",
                r.pos(),
                "no GCLayout flag",
            ));
        }
        Ok(TypeLayoutCheck {
            size,
            hfa,
            alignment,
            alignment_native: f & ALIGNMENT_NATIVE != 0,
            gc_layout,
        })
    }
}

/// The operands of a fixup, by signature shape.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FixupPayload {
    /// `Helper`: a helper id (kept raw so unknown ids still decode).
    Helper(u32),
    /// A kind followed by a method signature.
    Method(MethodSig),
    /// A kind followed by a bare RID (MethodEntry_DefToken/RefToken,
    /// VirtualEntry_DefToken/RefToken, StringHandle).
    Rid(u32),
    /// A kind followed by a type signature.
    Type(TypeSig),
    /// A kind followed by a field signature.
    Field(FieldSig),
    /// `VirtualEntry_Slot`: slot then owner type.
    Slot {
        /// Vtable slot.
        slot: u32,
        /// Owner type.
        ty: TypeSig,
    },
    /// `Check_TypeLayout`/`Verify_TypeLayout`.
    TypeLayout {
        /// The type.
        ty: TypeSig,
        /// Its claimed layout.
        layout: TypeLayoutCheck,
    },
    /// `Check_FieldOffset`: offset then field.
    FieldOffset {
        /// Offset (class offsets include the method table pointer).
        offset: u32,
        /// The field.
        field: FieldSig,
    },
    /// `Verify_FieldOffset`: base offset, offset, field.
    VerifyFieldOffset {
        /// Base offset.
        base: u32,
        /// Field offset.
        offset: u32,
        /// The field.
        field: FieldSig,
    },
    /// `Check_InstructionSetSupport`: `(isa << 1) | supported` values.
    InstructionSets(Vec<u32>),
    /// `DelegateCtor`: target method then delegate type.
    DelegateCtor {
        /// Target method.
        method: MethodSig,
        /// Delegate type.
        ty: TypeSig,
    },
    /// `ThisObjDictionaryLookup` (with the `this` type), `TypeDictionaryLookup`,
    /// `MethodDictionaryLookup`: a generic dictionary lookup of an inner
    /// fixup (crossgen2 `GenericLookupSignature.cs`).
    DictionaryLookup {
        /// The context type (ThisObjDictionaryLookup only).
        this_type: Option<TypeSig>,
        /// What is looked up: a fixup kind byte and its operands.
        inner: Box<FixupSig>,
    },
    /// `Check_IL_Body`/`Verify_IL_Body` (crossgen2 `ILBodyFixupSignature.cs`):
    /// the method's IL and EH data, the types it references, the method.
    IlBody {
        /// Standalone method metadata (IL, EH, locals) as compared by the runtime.
        data: Vec<u8>,
        /// Types referenced by that data.
        type_refs: Vec<TypeSig>,
        /// The method.
        method: MethodSig,
    },
    /// `Check_VirtualFunctionOverride`/`Verify_VirtualFunctionOverride`
    /// (crossgen2 `VirtualResolutionFixupSignature.cs`).
    VirtualOverride {
        /// `ReadyToRunVirtualFunctionOverrideFlags`.
        flags: u32,
        /// The declared method.
        decl: MethodSig,
        /// The implementing type.
        impl_type: TypeSig,
        /// The expected override (when flags has `VirtualFunctionOverridden`).
        impl_method: Option<MethodSig>,
    },
    /// Kept for forward compatibility; no 9.1 kind decodes to this.
    Opaque,
}

/// A decoded fixup signature.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FixupSig {
    /// The kind (without the module-override bit).
    pub kind: FixupKind,
    /// `READYTORUN_FIXUP_ModuleOverride`: the module the tokens refer to.
    pub module: Option<u32>,
    /// The operands.
    pub payload: FixupPayload,
}

impl FixupSig {
    /// Decodes the fixup signature starting at `buf[0]`. Returns it and its
    /// length in bytes (`None` for [`FixupPayload::Opaque`] whose length is
    /// unknown).
    pub fn decode(buf: &[u8]) -> Result<(FixupSig, Option<usize>)> {
        let mut r = SigReader::new(buf);
        let b = r.u8()?;
        let kind = FixupKind::from_raw(b & 0x7F)
            .ok_or_else(|| DecodeError::out_of_range("fixup kind", 0, b as u64))?;
        let module = if b & r2r::FIXUP_MODULE_OVERRIDE != 0 {
            Some(r.compressed_u32()?)
        } else {
            None
        };
        use FixupKind as K;
        let payload = match kind {
            K::Helper => FixupPayload::Helper(r.compressed_u32()?),
            K::MethodEntry
            | K::VirtualEntry
            | K::MethodHandle
            | K::IndirectPInvokeTarget
            | K::PInvokeTarget
            | K::MethodDictionary => FixupPayload::Method(MethodSig::decode(&mut r)?),
            K::MethodEntry_DefToken
            | K::MethodEntry_RefToken
            | K::VirtualEntry_DefToken
            | K::VirtualEntry_RefToken
            | K::StringHandle => FixupPayload::Rid(r.compressed_u32()?),
            K::TypeHandle
            | K::NewObject
            | K::NewArray
            | K::IsInstanceOf
            | K::ChkCast
            | K::CctorTrigger
            | K::StaticBaseNonGC
            | K::StaticBaseGC
            | K::ThreadStaticBaseNonGC
            | K::ThreadStaticBaseGC
            | K::FieldBaseOffset
            | K::TypeDictionary
            | K::DeclaringTypeHandle => FixupPayload::Type(TypeSig::decode(&mut r)?),
            K::FieldHandle | K::FieldAddress | K::FieldOffset => {
                FixupPayload::Field(FieldSig::decode(&mut r)?)
            }
            K::VirtualEntry_Slot => {
                let slot = r.compressed_u32()?;
                FixupPayload::Slot {
                    slot,
                    ty: TypeSig::decode(&mut r)?,
                }
            }
            K::Check_TypeLayout | K::Verify_TypeLayout => {
                let ty = TypeSig::decode(&mut r)?;
                FixupPayload::TypeLayout {
                    ty,
                    layout: TypeLayoutCheck::decode(&mut r)?,
                }
            }
            K::Check_FieldOffset => {
                let offset = r.compressed_u32()?;
                FixupPayload::FieldOffset {
                    offset,
                    field: FieldSig::decode(&mut r)?,
                }
            }
            K::Verify_FieldOffset => {
                let base = r.compressed_u32()?;
                let offset = r.compressed_u32()?;
                FixupPayload::VerifyFieldOffset {
                    base,
                    offset,
                    field: FieldSig::decode(&mut r)?,
                }
            }
            K::Check_InstructionSetSupport => {
                let at = r.pos();
                let n = r.compressed_u32()?;
                if n > 256 {
                    return Err(DecodeError::out_of_range(
                        "instruction set count",
                        at,
                        n as u64,
                    ));
                }
                let mut v = Vec::new();
                for _ in 0..n {
                    v.push(r.compressed_u32()?);
                }
                FixupPayload::InstructionSets(v)
            }
            K::DelegateCtor => {
                let method = MethodSig::decode(&mut r)?;
                FixupPayload::DelegateCtor {
                    method,
                    ty: TypeSig::decode(&mut r)?,
                }
            }
            K::ThisObjDictionaryLookup | K::TypeDictionaryLookup | K::MethodDictionaryLookup => {
                let this_type = if kind == K::ThisObjDictionaryLookup {
                    Some(TypeSig::decode(&mut r)?)
                } else {
                    None
                };
                let at = r.pos();
                let (inner, len) = FixupSig::decode(&buf[at..]).map_err(|e| DecodeError {
                    offset: e.offset + at,
                    ..e
                })?;
                let len = len.ok_or_else(|| {
                    DecodeError::invalid("dictionary lookup", at, "inner fixup of unknown length")
                })?;
                r = SigReader { buf, pos: at + len };
                FixupPayload::DictionaryLookup {
                    this_type,
                    inner: Box::new(inner),
                }
            }
            K::Check_IL_Body | K::Verify_IL_Body => {
                let at = r.pos();
                let n = r.compressed_u32()? as usize;
                let data = buf
                    .get(r.pos()..r.pos() + n)
                    .ok_or_else(|| DecodeError::truncated("IL body data", at))?
                    .to_vec();
                r.pos += n;
                let at = r.pos();
                let count = r.compressed_u32()?;
                if count as usize > buf.len() {
                    return Err(DecodeError::out_of_range(
                        "IL body type count",
                        at,
                        count as u64,
                    ));
                }
                let mut type_refs = Vec::new();
                for _ in 0..count {
                    type_refs.push(TypeSig::decode(&mut r)?);
                }
                FixupPayload::IlBody {
                    data,
                    type_refs,
                    method: MethodSig::decode(&mut r)?,
                }
            }
            K::Check_VirtualFunctionOverride | K::Verify_VirtualFunctionOverride => {
                let flags = r.compressed_u32()?;
                let decl = MethodSig::decode(&mut r)?;
                let impl_type = TypeSig::decode(&mut r)?;
                let impl_method = if flags & 1 != 0 {
                    Some(MethodSig::decode(&mut r)?)
                } else {
                    None
                };
                FixupPayload::VirtualOverride {
                    flags,
                    decl,
                    impl_type,
                    impl_method,
                }
            }
        };
        let len = if payload == FixupPayload::Opaque {
            None
        } else {
            Some(r.pos())
        };
        Ok((
            FixupSig {
                kind,
                module,
                payload,
            },
            len,
        ))
    }

    /// Encodes the signature. Returns `None` for [`FixupPayload::Opaque`].
    pub fn encode(&self) -> Option<Vec<u8>> {
        let mut out = Vec::new();
        match self.module {
            Some(m) => {
                out.push(self.kind.raw() | r2r::FIXUP_MODULE_OVERRIDE);
                write_compressed_u32(&mut out, m);
            }
            None => out.push(self.kind.raw()),
        }
        match &self.payload {
            FixupPayload::Helper(h) => write_compressed_u32(&mut out, *h),
            FixupPayload::Method(m) => m.encode(&mut out),
            FixupPayload::Rid(r) => write_compressed_u32(&mut out, *r),
            FixupPayload::Type(t) => t.encode(&mut out),
            FixupPayload::Field(f) => f.encode(&mut out),
            FixupPayload::Slot { slot, ty } => {
                write_compressed_u32(&mut out, *slot);
                ty.encode(&mut out);
            }
            FixupPayload::TypeLayout { ty, layout } => {
                ty.encode(&mut out);
                layout.encode(&mut out);
            }
            FixupPayload::FieldOffset { offset, field } => {
                write_compressed_u32(&mut out, *offset);
                field.encode(&mut out);
            }
            FixupPayload::VerifyFieldOffset {
                base,
                offset,
                field,
            } => {
                write_compressed_u32(&mut out, *base);
                write_compressed_u32(&mut out, *offset);
                field.encode(&mut out);
            }
            FixupPayload::InstructionSets(v) => {
                write_compressed_u32(&mut out, v.len() as u32);
                v.iter().for_each(|x| write_compressed_u32(&mut out, *x));
            }
            FixupPayload::DelegateCtor { method, ty } => {
                method.encode(&mut out);
                ty.encode(&mut out);
            }
            FixupPayload::DictionaryLookup { this_type, inner } => {
                if let Some(t) = this_type {
                    t.encode(&mut out);
                }
                out.extend_from_slice(&inner.encode()?);
            }
            FixupPayload::IlBody {
                data,
                type_refs,
                method,
            } => {
                write_compressed_u32(&mut out, data.len() as u32);
                out.extend_from_slice(data);
                write_compressed_u32(&mut out, type_refs.len() as u32);
                type_refs.iter().for_each(|t| t.encode(&mut out));
                method.encode(&mut out);
            }
            FixupPayload::VirtualOverride {
                flags,
                decl,
                impl_type,
                impl_method,
            } => {
                write_compressed_u32(&mut out, *flags);
                decl.encode(&mut out);
                impl_type.encode(&mut out);
                if let Some(m) = impl_method {
                    m.encode(&mut out);
                }
            }
            FixupPayload::Opaque => return None,
        }
        Some(out)
    }
}

/// `Helper` fixup: `[0x1A, id]` (the eager helper cell signature).
pub fn fixup_helper(h: Helper) -> Vec<u8> {
    let mut v = vec![FixupKind::Helper.raw()];
    write_compressed_u32(&mut v, h.raw());
    v
}

/// `MethodEntry_DefToken`: call a MethodDef of this module.
pub fn fixup_method_entry_def(rid: u32) -> Vec<u8> {
    let mut v = vec![FixupKind::MethodEntry_DefToken.raw()];
    write_compressed_u32(&mut v, rid);
    v
}

/// `MethodEntry_RefToken`: call a MemberRef of this module.
pub fn fixup_method_entry_ref(rid: u32) -> Vec<u8> {
    let mut v = vec![FixupKind::MethodEntry_RefToken.raw()];
    write_compressed_u32(&mut v, rid);
    v
}

/// Any fixup kind followed by a method signature (`MethodEntry`,
/// `VirtualEntry`, `MethodHandle`, …).
pub fn fixup_method(kind: FixupKind, sig: &MethodSig) -> Vec<u8> {
    let mut v = vec![kind.raw()];
    sig.encode(&mut v);
    v
}

/// Any fixup kind followed by a type signature (`TypeHandle`, `NewObject`,
/// `StaticBaseGC`, `FieldBaseOffset`, …).
pub fn fixup_type(kind: FixupKind, ty: &TypeSig) -> Vec<u8> {
    let mut v = vec![kind.raw()];
    ty.encode(&mut v);
    v
}

/// Any fixup kind followed by a field signature (`FieldOffset`,
/// `FieldAddress`, `FieldHandle`).
pub fn fixup_field(kind: FixupKind, field: &FieldSig) -> Vec<u8> {
    let mut v = vec![kind.raw()];
    field.encode(&mut v);
    v
}

/// `StringHandle` of a user-string RID.
pub fn fixup_string(rid: u32) -> Vec<u8> {
    let mut v = vec![FixupKind::StringHandle.raw()];
    write_compressed_u32(&mut v, rid);
    v
}

/// `Check_TypeLayout` of a type with its layout.
pub fn fixup_check_type_layout(ty: &TypeSig, layout: &TypeLayoutCheck) -> Vec<u8> {
    FixupSig {
        kind: FixupKind::Check_TypeLayout,
        module: None,
        payload: FixupPayload::TypeLayout {
            ty: ty.clone(),
            layout: layout.clone(),
        },
    }
    .encode()
    .expect("typed payload encodes")
}

/// `Check_FieldOffset`: offset then field.
pub fn fixup_check_field_offset(offset: u32, field: &FieldSig) -> Vec<u8> {
    let mut v = vec![FixupKind::Check_FieldOffset.raw()];
    write_compressed_u32(&mut v, offset);
    field.encode(&mut v);
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_integers_match_ecma_examples() {
        let cases: &[(u32, &[u8])] = &[
            (0x03, &[0x03]),
            (0x7F, &[0x7F]),
            (0x80, &[0x80, 0x80]),
            (0x2E57, &[0xAE, 0x57]),
            (0x3FFF, &[0xBF, 0xFF]),
            (0x4000, &[0xC0, 0x00, 0x40, 0x00]),
            (0x1FFF_FFFF, &[0xDF, 0xFF, 0xFF, 0xFF]),
        ];
        for (v, bytes) in cases {
            let mut out = Vec::new();
            write_compressed_u32(&mut out, *v);
            assert_eq!(&out[..], *bytes);
            assert_eq!(SigReader::new(bytes).compressed_u32().unwrap(), *v);
        }
        let signed: &[(i32, &[u8])] = &[
            (3, &[0x06]),
            (-3, &[0x7B]),
            (64, &[0x80, 0x80]),
            (-64, &[0x01]),
            (8192, &[0xC0, 0x00, 0x40, 0x00]),
            (-8192, &[0x80, 0x01]),
            (-268435456, &[0xC0, 0x00, 0x00, 0x01]),
        ];
        for (v, bytes) in signed {
            let mut out = Vec::new();
            write_compressed_i32(&mut out, *v);
            assert_eq!(&out[..], *bytes, "{v}");
            assert_eq!(SigReader::new(bytes).compressed_i32().unwrap(), *v);
        }
    }

    #[test]
    fn helper_and_method_fixups_round_trip() {
        assert_eq!(fixup_helper(Helper::Module), vec![0x1A, 0x01]);
        assert_eq!(fixup_helper(Helper::StackProbe), vec![0x1A, 0x81, 0x11]);
        let sig = MethodSig {
            owner: Some(TypeSig::GenericInst {
                value_type: false,
                def: Box::new(TypeSig::Class(TypeToken::Ref(5))),
                args: vec![TypeSig::Prim(0x08)],
            }),
            instantiation: Some(vec![TypeSig::Canon]),
            ..MethodSig::member_ref(0x1234)
        };
        let bytes = fixup_method(FixupKind::MethodEntry, &sig);
        let (dec, len) = FixupSig::decode(&bytes).unwrap();
        assert_eq!(len, Some(bytes.len()));
        assert_eq!(dec.payload, FixupPayload::Method(sig));
        assert_eq!(dec.encode().unwrap(), bytes);
    }

    #[test]
    fn type_layout_round_trip() {
        let ty = TypeSig::ValueType(TypeToken::Def(7));
        let layout = TypeLayoutCheck {
            size: 24,
            hfa: None,
            alignment: Some(8),
            alignment_native: false,
            gc_layout: Some(vec![0b101]),
        };
        let bytes = fixup_check_type_layout(&ty, &layout);
        let (dec, len) = FixupSig::decode(&bytes).unwrap();
        assert_eq!(len, Some(bytes.len()));
        assert_eq!(dec.encode().unwrap(), bytes);
    }

    #[test]
    fn dictionary_lookup_and_il_body_round_trip() {
        let inner = FixupSig {
            kind: FixupKind::TypeHandle,
            module: None,
            payload: FixupPayload::Type(TypeSig::MVar(0)),
        };
        let s = FixupSig {
            kind: FixupKind::ThisObjDictionaryLookup,
            module: Some(2),
            payload: FixupPayload::DictionaryLookup {
                this_type: Some(TypeSig::Class(TypeToken::Def(3))),
                inner: Box::new(inner),
            },
        };
        let bytes = s.encode().unwrap();
        assert_eq!(bytes[0], 0x87);
        let (d, len) = FixupSig::decode(&bytes).unwrap();
        assert_eq!((d, len), (s, Some(bytes.len())));
        let il = FixupSig {
            kind: FixupKind::Check_IL_Body,
            module: None,
            payload: FixupPayload::IlBody {
                data: vec![1, 2, 3],
                type_refs: vec![TypeSig::Prim(0x08)],
                method: MethodSig::def(9),
            },
        };
        let bytes = il.encode().unwrap();
        assert_eq!(FixupSig::decode(&bytes).unwrap(), (il, Some(bytes.len())));
    }

    #[test]
    fn truncated_input_is_an_error() {
        assert!(FixupSig::decode(&[0x13, 0x40]).is_err());
        assert!(FixupSig::decode(&[]).is_err());
        assert!(FixupSig::decode(&[0x7F]).is_err());
    }
}
