//! Signatures (ECMA-335 II.23.2): method (def, ref, vararg call site,
//! standalone), field, property, local variables, TypeSpec and MethodSpec
//! blobs, parsed into an owned, typed form. Custom modifiers, `pinned`,
//! byrefs, arrays, generic instantiations and function pointers included.

use crate::bytes::Cursor;
use crate::error::{MetadataError, Result};
use crate::tables::{TypeDefHandle, TypeDefOrRef, TypeRefHandle, TypeSpecHandle};

/// `ELEMENT_TYPE_*` constants (II.23.1.16).
#[allow(missing_docs)]
pub mod element_type {
    pub const END: u8 = 0x00;
    pub const VOID: u8 = 0x01;
    pub const BOOLEAN: u8 = 0x02;
    pub const CHAR: u8 = 0x03;
    pub const I1: u8 = 0x04;
    pub const U1: u8 = 0x05;
    pub const I2: u8 = 0x06;
    pub const U2: u8 = 0x07;
    pub const I4: u8 = 0x08;
    pub const U4: u8 = 0x09;
    pub const I8: u8 = 0x0A;
    pub const U8: u8 = 0x0B;
    pub const R4: u8 = 0x0C;
    pub const R8: u8 = 0x0D;
    pub const STRING: u8 = 0x0E;
    pub const PTR: u8 = 0x0F;
    pub const BYREF: u8 = 0x10;
    pub const VALUETYPE: u8 = 0x11;
    pub const CLASS: u8 = 0x12;
    pub const VAR: u8 = 0x13;
    pub const ARRAY: u8 = 0x14;
    pub const GENERICINST: u8 = 0x15;
    pub const TYPEDBYREF: u8 = 0x16;
    pub const I: u8 = 0x18;
    pub const U: u8 = 0x19;
    pub const FNPTR: u8 = 0x1B;
    pub const OBJECT: u8 = 0x1C;
    pub const SZARRAY: u8 = 0x1D;
    pub const MVAR: u8 = 0x1E;
    pub const CMOD_REQD: u8 = 0x1F;
    pub const CMOD_OPT: u8 = 0x20;
    pub const INTERNAL: u8 = 0x21;
    pub const SENTINEL: u8 = 0x41;
    pub const PINNED: u8 = 0x45;
}

/// The primitive element types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Primitive {
    /// `bool`.
    Boolean,
    /// `char`.
    Char,
    /// `int8`.
    I1,
    /// `uint8`.
    U1,
    /// `int16`.
    I2,
    /// `uint16`.
    U2,
    /// `int32`.
    I4,
    /// `uint32`.
    U4,
    /// `int64`.
    I8,
    /// `uint64`.
    U8,
    /// `float32`.
    R4,
    /// `float64`.
    R8,
    /// `native int`.
    I,
    /// `native uint`.
    U,
}

impl Primitive {
    /// Size in bytes on a 64-bit target.
    pub fn size(self) -> u32 {
        use Primitive::*;
        match self {
            Boolean | I1 | U1 => 1,
            Char | I2 | U2 => 2,
            I4 | U4 | R4 => 4,
            I8 | U8 | R8 | I | U => 8,
        }
    }
    /// The `ELEMENT_TYPE_*` code.
    pub fn element_type(self) -> u8 {
        use element_type as E;
        use Primitive::*;
        match self {
            Boolean => E::BOOLEAN,
            Char => E::CHAR,
            I1 => E::I1,
            U1 => E::U1,
            I2 => E::I2,
            U2 => E::U2,
            I4 => E::I4,
            U4 => E::U4,
            I8 => E::I8,
            U8 => E::U8,
            R4 => E::R4,
            R8 => E::R8,
            I => E::I,
            U => E::U,
        }
    }
    /// The primitive for an `ELEMENT_TYPE_*` code.
    pub fn from_element_type(e: u8) -> Option<Self> {
        use element_type as E;
        use Primitive::*;
        Some(match e {
            E::BOOLEAN => Boolean,
            E::CHAR => Char,
            E::I1 => I1,
            E::U1 => U1,
            E::I2 => I2,
            E::U2 => U2,
            E::I4 => I4,
            E::U4 => U4,
            E::I8 => I8,
            E::U8 => U8,
            E::R4 => R4,
            E::R8 => R8,
            E::I => I,
            E::U => U,
            _ => return None,
        })
    }
    /// The `System.*` type name of this primitive.
    pub fn type_name(self) -> &'static str {
        use Primitive::*;
        match self {
            Boolean => "Boolean",
            Char => "Char",
            I1 => "SByte",
            U1 => "Byte",
            I2 => "Int16",
            U2 => "UInt16",
            I4 => "Int32",
            U4 => "UInt32",
            I8 => "Int64",
            U8 => "UInt64",
            R4 => "Single",
            R8 => "Double",
            I => "IntPtr",
            U => "UIntPtr",
        }
    }
}

/// Shape of a general array (II.23.2.13).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ArrayShape {
    /// Number of dimensions.
    pub rank: u32,
    /// Declared sizes (may be fewer than `rank`).
    pub sizes: Vec<u32>,
    /// Declared lower bounds (may be fewer than `rank`).
    pub lower_bounds: Vec<i32>,
}

/// A type in a signature (II.23.2.12).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeSig {
    /// `void` (return types and `void*` only).
    Void,
    /// A primitive.
    Primitive(Primitive),
    /// `string`.
    String,
    /// `object`.
    Object,
    /// `typedref`.
    TypedByRef,
    /// `valuetype T`.
    ValueType(TypeDefOrRef),
    /// `class T`.
    Class(TypeDefOrRef),
    /// `!n`: a type generic parameter.
    Var(u32),
    /// `!!n`: a method generic parameter.
    MVar(u32),
    /// `T*`.
    Ptr(Box<TypeSig>),
    /// `T&`.
    ByRef(Box<TypeSig>),
    /// `T[]`.
    SzArray(Box<TypeSig>),
    /// `T[,...]`.
    Array(Box<TypeSig>, ArrayShape),
    /// `G<args>`.
    GenericInst {
        /// True for `valuetype` generic definitions.
        is_value_type: bool,
        /// The generic type definition.
        generic: TypeDefOrRef,
        /// Type arguments.
        args: Vec<TypeSig>,
    },
    /// `method ...*` function pointer.
    FnPtr(Box<MethodSig>),
    /// A custom modifier applied to `inner`.
    Modified {
        /// `modreq` (true) or `modopt` (false).
        required: bool,
        /// The modifier type.
        modifier: TypeDefOrRef,
        /// The modified type.
        inner: Box<TypeSig>,
    },
    /// `pinned` (locals only).
    Pinned(Box<TypeSig>),
}

impl TypeSig {
    /// The type with leading custom modifiers and `pinned` removed.
    pub fn strip_modifiers(&self) -> &TypeSig {
        let mut t = self;
        loop {
            match t {
                TypeSig::Modified { inner, .. } | TypeSig::Pinned(inner) => t = inner,
                _ => return t,
            }
        }
    }
    /// True for `T&` (after stripping modifiers).
    pub fn is_byref(&self) -> bool {
        matches!(self.strip_modifiers(), TypeSig::ByRef(_))
    }
    /// Replaces `!n` by `type_args[n]` and `!!n` by `method_args[n]`
    /// (parameters without an argument are left as they are).
    pub fn substitute(&self, type_args: &[TypeSig], method_args: &[TypeSig]) -> TypeSig {
        let s = |t: &TypeSig| Box::new(t.substitute(type_args, method_args));
        match self {
            TypeSig::Var(n) => type_args
                .get(*n as usize)
                .cloned()
                .unwrap_or(TypeSig::Var(*n)),
            TypeSig::MVar(n) => method_args
                .get(*n as usize)
                .cloned()
                .unwrap_or(TypeSig::MVar(*n)),
            TypeSig::Ptr(t) => TypeSig::Ptr(s(t)),
            TypeSig::ByRef(t) => TypeSig::ByRef(s(t)),
            TypeSig::SzArray(t) => TypeSig::SzArray(s(t)),
            TypeSig::Pinned(t) => TypeSig::Pinned(s(t)),
            TypeSig::Array(t, shape) => TypeSig::Array(s(t), shape.clone()),
            TypeSig::GenericInst {
                is_value_type,
                generic,
                args,
            } => TypeSig::GenericInst {
                is_value_type: *is_value_type,
                generic: *generic,
                args: args
                    .iter()
                    .map(|a| a.substitute(type_args, method_args))
                    .collect(),
            },
            TypeSig::FnPtr(m) => TypeSig::FnPtr(Box::new(m.substitute(type_args, method_args))),
            TypeSig::Modified {
                required,
                modifier,
                inner,
            } => TypeSig::Modified {
                required: *required,
                modifier: *modifier,
                inner: s(inner),
            },
            other => other.clone(),
        }
    }
    /// True when the type mentions `!n` or `!!n` anywhere.
    pub fn has_generic_params(&self) -> bool {
        match self {
            TypeSig::Var(_) | TypeSig::MVar(_) => true,
            TypeSig::Ptr(t)
            | TypeSig::ByRef(t)
            | TypeSig::SzArray(t)
            | TypeSig::Pinned(t)
            | TypeSig::Array(t, _) => t.has_generic_params(),
            TypeSig::Modified { inner, .. } => inner.has_generic_params(),
            TypeSig::GenericInst { args, .. } => args.iter().any(|a| a.has_generic_params()),
            TypeSig::FnPtr(m) => {
                m.ret.has_generic_params() || m.params.iter().any(|p| p.has_generic_params())
            }
            _ => false,
        }
    }
}

/// Calling convention byte of a method signature (II.23.2.1–3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CallingConvention(pub u8);

impl CallingConvention {
    /// `HASTHIS`.
    pub const HAS_THIS: u8 = 0x20;
    /// `EXPLICITTHIS`.
    pub const EXPLICIT_THIS: u8 = 0x40;
    /// `GENERIC`.
    pub const GENERIC: u8 = 0x10;
    /// `VARARG` kind.
    pub const VARARG: u8 = 0x5;
    /// The kind (low 4 bits): 0 default, 1 C, 2 stdcall, 3 thiscall, 4 fastcall, 5 vararg, 9 unmanaged.
    pub fn kind(self) -> u8 {
        self.0 & 0x0F
    }
    /// Instance method (`HASTHIS`).
    pub fn has_this(self) -> bool {
        self.0 & Self::HAS_THIS != 0
    }
    /// `EXPLICITTHIS`.
    pub fn explicit_this(self) -> bool {
        self.0 & Self::EXPLICIT_THIS != 0
    }
    /// Generic method.
    pub fn is_generic(self) -> bool {
        self.0 & Self::GENERIC != 0
    }
    /// Vararg.
    pub fn is_vararg(self) -> bool {
        self.kind() == Self::VARARG
    }
}

/// A method signature (MethodDefSig, MethodRefSig, StandAloneMethodSig, FNPTR).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MethodSig {
    /// The calling convention byte.
    pub call_conv: CallingConvention,
    /// Number of method generic parameters (0 unless generic).
    pub generic_param_count: u32,
    /// Return type (possibly modified, byref, `void`, `typedref`).
    pub ret: TypeSig,
    /// Parameter types, including vararg extras after the sentinel.
    pub params: Vec<TypeSig>,
    /// Index in `params` of the first parameter after a `SENTINEL`.
    pub sentinel: Option<usize>,
}

impl MethodSig {
    /// Substitutes generic parameters in return and parameter types.
    pub fn substitute(&self, type_args: &[TypeSig], method_args: &[TypeSig]) -> MethodSig {
        MethodSig {
            call_conv: self.call_conv,
            generic_param_count: self.generic_param_count,
            ret: self.ret.substitute(type_args, method_args),
            params: self
                .params
                .iter()
                .map(|p| p.substitute(type_args, method_args))
                .collect(),
            sentinel: self.sentinel,
        }
    }
    /// The fixed parameters (before any sentinel).
    pub fn fixed_params(&self) -> &[TypeSig] {
        &self.params[..self.sentinel.unwrap_or(self.params.len())]
    }
}

/// A property signature (II.23.2.5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PropertySig {
    /// Instance property.
    pub has_this: bool,
    /// Property type.
    pub ty: TypeSig,
    /// Indexer parameters.
    pub params: Vec<TypeSig>,
}

/// What a `MemberRef` signature describes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MemberSig {
    /// A field (`FIELD` prolog).
    Field(TypeSig),
    /// A method.
    Method(MethodSig),
}

const MAX_DEPTH: u32 = 64;

/// A signature parser over one blob; errors carry the blob index and offset.
#[derive(Debug)]
pub struct SigParser<'a> {
    cur: Cursor<'a>,
    blob: u32,
    depth: u32,
}

impl<'a> SigParser<'a> {
    /// A parser over `data`, which is the blob at `#Blob` index `blob`.
    pub fn new(data: &'a [u8], blob: u32) -> Self {
        SigParser {
            cur: Cursor::new(data),
            blob,
            depth: 0,
        }
    }

    fn err(&self, what: &'static str) -> MetadataError {
        MetadataError::BadSignature {
            blob: self.blob,
            offset: self.cur.pos as u32,
            what,
        }
    }
    fn u8(&mut self) -> Result<u8> {
        self.cur
            .u8()
            .ok_or_else(|| self.err("unexpected end of signature"))
    }
    fn cu32(&mut self) -> Result<u32> {
        self.cur
            .compressed_u32()
            .ok_or_else(|| self.err("bad compressed integer"))
    }
    fn ci32(&mut self) -> Result<i32> {
        self.cur
            .compressed_i32()
            .ok_or_else(|| self.err("bad compressed integer"))
    }
    /// Bytes consumed so far.
    pub fn position(&self) -> usize {
        self.cur.pos
    }
    /// True when every byte was consumed.
    pub fn at_end(&self) -> bool {
        self.cur.is_empty()
    }

    /// Reads a `TypeDefOrRefOrSpecEncoded` (II.23.2.8).
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn type_def_or_ref(&mut self) -> Result<TypeDefOrRef> {
        let v = self.cu32()?;
        let rid = v >> 2;
        if rid == 0 {
            return Err(self.err("null type token"));
        }
        Ok(match v & 3 {
            0 => TypeDefOrRef::TypeDef(TypeDefHandle(rid)),
            1 => TypeDefOrRef::TypeRef(TypeRefHandle(rid)),
            2 => TypeDefOrRef::TypeSpec(TypeSpecHandle(rid)),
            _ => return Err(self.err("bad TypeDefOrRef tag")),
        })
    }

    /// Reads one type (with any leading custom modifiers).
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn type_sig(&mut self) -> Result<TypeSig> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err("signature nested too deeply"));
        }
        let r = self.type_sig_inner();
        self.depth -= 1;
        r
    }

    fn type_sig_inner(&mut self) -> Result<TypeSig> {
        use element_type as E;
        let b = self.u8()?;
        if let Some(p) = Primitive::from_element_type(b) {
            return Ok(TypeSig::Primitive(p));
        }
        Ok(match b {
            E::VOID => TypeSig::Void,
            E::STRING => TypeSig::String,
            E::OBJECT => TypeSig::Object,
            E::TYPEDBYREF => TypeSig::TypedByRef,
            E::VALUETYPE => TypeSig::ValueType(self.type_def_or_ref()?),
            E::CLASS => TypeSig::Class(self.type_def_or_ref()?),
            E::VAR => TypeSig::Var(self.cu32()?),
            E::MVAR => TypeSig::MVar(self.cu32()?),
            E::PTR => TypeSig::Ptr(Box::new(self.type_sig()?)),
            E::BYREF => TypeSig::ByRef(Box::new(self.type_sig()?)),
            E::SZARRAY => TypeSig::SzArray(Box::new(self.type_sig()?)),
            E::PINNED => TypeSig::Pinned(Box::new(self.type_sig()?)),
            E::CMOD_REQD | E::CMOD_OPT => {
                let modifier = self.type_def_or_ref()?;
                TypeSig::Modified {
                    required: b == E::CMOD_REQD,
                    modifier,
                    inner: Box::new(self.type_sig()?),
                }
            }
            E::ARRAY => {
                let elem = self.type_sig()?;
                let rank = self.cu32()?;
                if rank == 0 {
                    return Err(self.err("array rank 0"));
                }
                let nsizes = self.cu32()?;
                if nsizes > rank {
                    return Err(self.err("more array sizes than rank"));
                }
                let sizes = (0..nsizes)
                    .map(|_| self.cu32())
                    .collect::<Result<Vec<_>>>()?;
                let nlo = self.cu32()?;
                if nlo > rank {
                    return Err(self.err("more array lower bounds than rank"));
                }
                let lower_bounds = (0..nlo).map(|_| self.ci32()).collect::<Result<Vec<_>>>()?;
                TypeSig::Array(
                    Box::new(elem),
                    ArrayShape {
                        rank,
                        sizes,
                        lower_bounds,
                    },
                )
            }
            E::GENERICINST => {
                let kind = self.u8()?;
                let is_value_type = match kind {
                    E::VALUETYPE => true,
                    E::CLASS => false,
                    _ => return Err(self.err("GENERICINST not followed by CLASS or VALUETYPE")),
                };
                let generic = self.type_def_or_ref()?;
                let n = self.cu32()?;
                if n == 0 || n as usize > self.cur.remaining() {
                    return Err(self.err("bad generic argument count"));
                }
                let args = (0..n)
                    .map(|_| self.type_sig())
                    .collect::<Result<Vec<_>>>()?;
                TypeSig::GenericInst {
                    is_value_type,
                    generic,
                    args,
                }
            }
            E::FNPTR => TypeSig::FnPtr(Box::new(self.method_sig()?)),
            E::INTERNAL => return Err(self.err("ELEMENT_TYPE_INTERNAL in a metadata signature")),
            E::SENTINEL => return Err(self.err("unexpected SENTINEL")),
            _ => return Err(self.err("unknown element type")),
        })
    }

    /// Reads a method signature (from its calling-convention byte).
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn method_sig(&mut self) -> Result<MethodSig> {
        let cc = self.u8()?;
        if cc & 0x0F > 0x09 && cc & 0x0F != 0x05 {
            return Err(self.err("not a method calling convention"));
        }
        if matches!(cc & 0x0F, 0x6..=0x8) {
            return Err(self.err("field/local/property signature where a method was expected"));
        }
        let call_conv = CallingConvention(cc);
        let generic_param_count = if call_conv.is_generic() {
            self.cu32()?
        } else {
            0
        };
        let n = self.cu32()?;
        if n as usize > self.cur.remaining() {
            return Err(self.err("parameter count exceeds signature length"));
        }
        let ret = self.type_sig()?;
        let mut params = Vec::with_capacity(n as usize);
        let mut sentinel = None;
        while params.len() < n as usize {
            if self.cur.peek() == Some(element_type::SENTINEL) {
                if sentinel.is_some() {
                    return Err(self.err("second SENTINEL"));
                }
                self.cur.pos += 1;
                sentinel = Some(params.len());
                continue;
            }
            params.push(self.type_sig()?);
        }
        Ok(MethodSig {
            call_conv,
            generic_param_count,
            ret,
            params,
            sentinel,
        })
    }

    /// Parses a whole blob as a method signature.
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`], also for trailing bytes.
    pub fn parse_method(data: &'a [u8], blob: u32) -> Result<MethodSig> {
        let mut p = Self::new(data, blob);
        let s = p.method_sig()?;
        p.finish()?;
        Ok(s)
    }

    /// Parses a whole blob as a field signature (`FIELD` then a type).
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn parse_field(data: &'a [u8], blob: u32) -> Result<TypeSig> {
        let mut p = Self::new(data, blob);
        if p.u8()? != 0x06 {
            p.cur.pos = 0;
            return Err(p.err("field signature does not start with FIELD (0x06)"));
        }
        let t = p.type_sig()?;
        p.finish()?;
        Ok(t)
    }

    /// Parses a `MemberRef` signature: a field or a method.
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn parse_member_ref(data: &'a [u8], blob: u32) -> Result<MemberSig> {
        if data.first().map(|b| b & 0x0F) == Some(0x06) {
            Self::parse_field(data, blob).map(MemberSig::Field)
        } else {
            Self::parse_method(data, blob).map(MemberSig::Method)
        }
    }

    /// Parses a property signature.
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn parse_property(data: &'a [u8], blob: u32) -> Result<PropertySig> {
        let mut p = Self::new(data, blob);
        let b = p.u8()?;
        if b & 0x0F != 0x08 {
            return Err(p.err("property signature does not start with PROPERTY (0x08)"));
        }
        let n = p.cu32()?;
        if n as usize > p.cur.remaining() {
            return Err(p.err("parameter count exceeds signature length"));
        }
        let ty = p.type_sig()?;
        let params = (0..n).map(|_| p.type_sig()).collect::<Result<Vec<_>>>()?;
        p.finish()?;
        Ok(PropertySig {
            has_this: b & 0x20 != 0,
            ty,
            params,
        })
    }

    /// Parses a local variable signature (`LOCAL_SIG`, count, types).
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn parse_locals(data: &'a [u8], blob: u32) -> Result<Vec<TypeSig>> {
        let mut p = Self::new(data, blob);
        if p.u8()? != 0x07 {
            return Err(p.err("locals signature does not start with LOCAL_SIG (0x07)"));
        }
        let n = p.cu32()?;
        if n as usize > p.cur.remaining() {
            return Err(p.err("local count exceeds signature length"));
        }
        let locals = (0..n).map(|_| p.type_sig()).collect::<Result<Vec<_>>>()?;
        p.finish()?;
        Ok(locals)
    }

    /// Parses a TypeSpec blob (one type).
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn parse_type_spec(data: &'a [u8], blob: u32) -> Result<TypeSig> {
        let mut p = Self::new(data, blob);
        let t = p.type_sig()?;
        p.finish()?;
        Ok(t)
    }

    /// Parses a MethodSpec instantiation blob (`GENERICINST`, count, types).
    ///
    /// # Errors
    /// [`MetadataError::BadSignature`].
    pub fn parse_method_spec(data: &'a [u8], blob: u32) -> Result<Vec<TypeSig>> {
        let mut p = Self::new(data, blob);
        if p.u8()? != 0x0A {
            return Err(p.err("method spec does not start with GENERICINST (0x0A)"));
        }
        let n = p.cu32()?;
        if n == 0 || n as usize > p.cur.remaining() {
            return Err(p.err("bad generic argument count"));
        }
        let args = (0..n).map(|_| p.type_sig()).collect::<Result<Vec<_>>>()?;
        p.finish()?;
        Ok(args)
    }

    fn finish(&self) -> Result<()> {
        // Trailing bytes are tolerated by the runtime; we only reject structural errors.
        Ok(())
    }
}

impl crate::Assembly {
    /// The parsed signature of a `MethodDef`.
    ///
    /// # Errors
    /// Row/heap errors or [`MetadataError::BadSignature`].
    pub fn method_def_sig(&self, h: crate::tables::MethodDefHandle) -> Result<MethodSig> {
        let row = self.method_def(h)?;
        SigParser::parse_method(self.blob(row.signature)?, row.signature.0)
    }
    /// The parsed type of a `Field`.
    ///
    /// # Errors
    /// Row/heap errors or [`MetadataError::BadSignature`].
    pub fn field_sig(&self, h: crate::tables::FieldHandle) -> Result<TypeSig> {
        let row = self.field(h)?;
        SigParser::parse_field(self.blob(row.signature)?, row.signature.0)
    }
    /// The parsed signature of a `MemberRef`.
    ///
    /// # Errors
    /// Row/heap errors or [`MetadataError::BadSignature`].
    pub fn member_ref_sig(&self, h: crate::tables::MemberRefHandle) -> Result<MemberSig> {
        let row = self.member_ref(h)?;
        SigParser::parse_member_ref(self.blob(row.signature)?, row.signature.0)
    }
    /// The parsed type of a `TypeSpec`.
    ///
    /// # Errors
    /// Row/heap errors or [`MetadataError::BadSignature`].
    pub fn type_spec_sig(&self, h: TypeSpecHandle) -> Result<TypeSig> {
        let row: crate::tables::TypeSpecRow = self.row(h)?;
        SigParser::parse_type_spec(self.blob(row.signature)?, row.signature.0)
    }
    /// The parsed instantiation of a `MethodSpec`.
    ///
    /// # Errors
    /// Row/heap errors or [`MetadataError::BadSignature`].
    pub fn method_spec_sig(&self, h: crate::tables::MethodSpecHandle) -> Result<Vec<TypeSig>> {
        let row: crate::tables::MethodSpecRow = self.row(h)?;
        SigParser::parse_method_spec(self.blob(row.instantiation)?, row.instantiation.0)
    }
    /// The parsed signature of a `Property`.
    ///
    /// # Errors
    /// Row/heap errors or [`MetadataError::BadSignature`].
    pub fn property_sig(&self, h: crate::tables::PropertyHandle) -> Result<PropertySig> {
        let row: crate::tables::PropertyRow = self.row(h)?;
        SigParser::parse_property(self.blob(row.signature)?, row.signature.0)
    }
    /// The local variable types of a `StandAloneSig` (a method body's locals).
    ///
    /// # Errors
    /// Row/heap errors or [`MetadataError::BadSignature`].
    pub fn locals_sig(&self, h: crate::tables::StandAloneSigHandle) -> Result<Vec<TypeSig>> {
        let row: crate::tables::StandAloneSigRow = self.row(h)?;
        SigParser::parse_locals(self.blob(row.signature)?, row.signature.0)
    }
    /// A `StandAloneSig` used by `calli` (a method signature).
    ///
    /// # Errors
    /// Row/heap errors or [`MetadataError::BadSignature`].
    pub fn standalone_method_sig(
        &self,
        h: crate::tables::StandAloneSigHandle,
    ) -> Result<MethodSig> {
        let row: crate::tables::StandAloneSigRow = self.row(h)?;
        SigParser::parse_method(self.blob(row.signature)?, row.signature.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_sig_with_generics_byref_and_mods() {
        // instance generic<1> void (int32&, !!0[], valuetype TypeRef#3 modreq(TypeRef#1))
        let blob = [
            0x30, 0x01, 0x03, 0x01, 0x10, 0x08, 0x1D, 0x1E, 0x00, 0x1F, 0x05, 0x11, 0x0D,
        ];
        let s = SigParser::parse_method(&blob, 7).unwrap();
        assert!(s.call_conv.has_this() && s.call_conv.is_generic());
        assert_eq!(s.generic_param_count, 1);
        assert_eq!(s.ret, TypeSig::Void);
        assert_eq!(
            s.params[0],
            TypeSig::ByRef(Box::new(TypeSig::Primitive(Primitive::I4)))
        );
        assert_eq!(s.params[1], TypeSig::SzArray(Box::new(TypeSig::MVar(0))));
        assert_eq!(
            s.params[2],
            TypeSig::Modified {
                required: true,
                modifier: TypeDefOrRef::TypeRef(TypeRefHandle(1)),
                inner: Box::new(TypeSig::ValueType(TypeDefOrRef::TypeRef(TypeRefHandle(3))))
            }
        );
        let sub = s.substitute(&[], &[TypeSig::String]);
        assert_eq!(sub.params[1], TypeSig::SzArray(Box::new(TypeSig::String)));
    }

    #[test]
    fn generic_inst_array_fnptr_vararg_locals() {
        // class G`1<int32>
        let t = SigParser::parse_type_spec(&[0x15, 0x12, 0x05, 0x01, 0x08], 0).unwrap();
        assert!(
            matches!(t, TypeSig::GenericInst { is_value_type: false, ref args, .. } if args == &[TypeSig::Primitive(Primitive::I4)])
        );
        // int32[0...,0...]
        let a = SigParser::parse_type_spec(&[0x14, 0x08, 0x02, 0x00, 0x02, 0x00, 0x00], 0).unwrap();
        assert!(matches!(a, TypeSig::Array(_, ArrayShape { rank: 2, .. })));
        // fnptr: default int32(int32)
        let f = SigParser::parse_type_spec(&[0x1B, 0x00, 0x01, 0x08, 0x08], 0).unwrap();
        assert!(matches!(f, TypeSig::FnPtr(_)));
        // vararg call site: vararg void(int32, ..., string)
        let v = SigParser::parse_method(&[0x05, 0x02, 0x01, 0x08, 0x41, 0x0E], 0).unwrap();
        assert_eq!(v.sentinel, Some(1));
        assert_eq!(v.fixed_params().len(), 1);
        // locals: pinned byref uint8, typedref
        let l = SigParser::parse_locals(&[0x07, 0x02, 0x45, 0x10, 0x05, 0x16], 0).unwrap();
        assert_eq!(l[1], TypeSig::TypedByRef);
        assert!(matches!(&l[0], TypeSig::Pinned(_)));
    }

    #[test]
    fn malformed_signatures_are_errors() {
        assert!(SigParser::parse_method(&[0x00], 3).is_err());
        assert!(SigParser::parse_method(&[0x00, 0x05, 0x01], 3).is_err());
        assert!(SigParser::parse_field(&[0x07, 0x08], 3).is_err());
        assert!(SigParser::parse_type_spec(&[0x15, 0x0E, 0x05, 0x01, 0x08], 3).is_err());
        assert!(SigParser::parse_type_spec(&[0x12, 0x00], 3).is_err());
        let deep = vec![0x0F; 1000];
        let e = SigParser::parse_type_spec(&deep, 3).unwrap_err();
        assert!(matches!(
            e,
            MetadataError::BadSignature {
                blob: 3,
                what: "signature nested too deeply",
                ..
            }
        ));
    }
}
