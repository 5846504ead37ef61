//! Custom attributes (ECMA-335 II.22.10, blob format II.23.3): finding the
//! attribute type of a `CustomAttribute` row, quick presence checks for the
//! attributes the compiler cares about (`NonVersionable`, `Intrinsic`,
//! `IsByRefLike`, `InlineArray`, `ThreadStatic`, ...), and a full decoder
//! of value blobs (fixed arguments by constructor signature, named
//! arguments, boxed values, arrays, enums via a caller-supplied resolver).
//!
//! `StructLayout` and `MethodImpl` are pseudo-attributes: they live in
//! `TypeDef.Flags` + `ClassLayout` and `MethodDef.ImplFlags` (see
//! [`crate::tables::type_attributes`], [`crate::tables::method_impl_attributes`]).

use crate::bytes::Cursor;
use crate::error::{MetadataError, Result};
use crate::sig::{MethodSig, Primitive, TypeSig};
use crate::tables::{
    CustomAttributeHandle, CustomAttributeRow, CustomAttributeType, Handle, MemberRefParent, Token,
    TypeDefOrRef,
};
use crate::Assembly;

/// A decoded custom attribute argument value.
#[derive(Debug, Clone, PartialEq)]
pub enum CaValue {
    /// `bool`.
    Bool(bool),
    /// `char`.
    Char(u16),
    /// Any integer (signed values sign-extended), with its primitive type.
    Int(Primitive, i128),
    /// `float32`.
    R4(f32),
    /// `float64`.
    R8(f64),
    /// A string (`None` = null).
    String(Option<String>),
    /// A `System.Type` given by its serialized name (`None` = null).
    Type(Option<String>),
    /// An enum value: the enum type name (if known) and underlying value.
    Enum(Option<String>, Box<CaValue>),
    /// An array (`None` = null).
    Array(Option<Vec<CaValue>>),
}

/// A named argument (field or property).
#[derive(Debug, Clone, PartialEq)]
pub struct NamedArg {
    /// True for a field, false for a property.
    pub is_field: bool,
    /// Member name.
    pub name: String,
    /// Value.
    pub value: CaValue,
}

/// A decoded custom attribute value blob.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CustomAttributeValue {
    /// Positional arguments, in constructor-parameter order.
    pub fixed: Vec<CaValue>,
    /// Named arguments.
    pub named: Vec<NamedArg>,
}

/// The type of an argument, in custom-attribute terms.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ArgType {
    Prim(Primitive),
    Bool,
    Char,
    String,
    Type,
    Object,
    Enum(Option<String>, Primitive),
    SzArray(Box<ArgType>),
}

struct CaParser<'a, 'r> {
    cur: Cursor<'a>,
    depth: u32,
    blob: u32,
    enum_underlying: &'r dyn Fn(&TypeSig, Option<&str>) -> Option<Primitive>,
}

impl CaParser<'_, '_> {
    fn err(&self, what: &'static str) -> MetadataError {
        MetadataError::BadCustomAttribute {
            blob: self.blob,
            offset: self.cur.pos as u32,
            what,
        }
    }
    fn eof(&self) -> MetadataError {
        self.err("unexpected end of blob")
    }
    fn ser_string(&mut self) -> Result<Option<String>> {
        if self.cur.peek() == Some(0xFF) {
            self.cur.pos += 1;
            return Ok(None);
        }
        let n = self
            .cur
            .compressed_u32()
            .ok_or_else(|| self.err("bad string length"))? as usize;
        let b = self.cur.bytes(n).ok_or_else(|| self.eof())?;
        Ok(Some(
            std::str::from_utf8(b)
                .map_err(|_| self.err("string is not UTF-8"))?
                .to_string(),
        ))
    }

    fn arg_type_of_sig(&self, t: &TypeSig) -> Result<ArgType> {
        Ok(match t.strip_modifiers() {
            TypeSig::Primitive(Primitive::Boolean) => ArgType::Bool,
            TypeSig::Primitive(Primitive::Char) => ArgType::Char,
            TypeSig::Primitive(p) => ArgType::Prim(*p),
            TypeSig::String => ArgType::String,
            TypeSig::Object => ArgType::Object,
            TypeSig::SzArray(e) => ArgType::SzArray(Box::new(self.arg_type_of_sig(e)?)),
            other @ (TypeSig::ValueType(_) | TypeSig::Class(_)) => {
                if let Some(p) = (self.enum_underlying)(other, None) {
                    ArgType::Enum(None, p)
                } else if matches!(other, TypeSig::Class(_)) {
                    // Class parameters in attribute constructors can only be System.Type.
                    ArgType::Type
                } else {
                    return Err(self.err("cannot resolve enum parameter type"));
                }
            }
            _ => return Err(self.err("parameter type not allowed in a custom attribute")),
        })
    }

    fn field_or_prop_type(&mut self) -> Result<ArgType> {
        self.depth += 1;
        if self.depth > 16 {
            return Err(self.err("argument type nested too deeply"));
        }
        let r = self.field_or_prop_type_inner();
        self.depth -= 1;
        r
    }

    fn field_or_prop_type_inner(&mut self) -> Result<ArgType> {
        let b = self.cur.u8().ok_or_else(|| self.eof())?;
        Ok(match b {
            0x02 => ArgType::Bool,
            0x03 => ArgType::Char,
            0x0E => ArgType::String,
            0x50 => ArgType::Type,
            0x51 => ArgType::Object,
            0x1D => ArgType::SzArray(Box::new(self.field_or_prop_type()?)),
            0x55 => {
                let name = self
                    .ser_string()?
                    .ok_or_else(|| self.err("null enum type name"))?;
                let p = (self.enum_underlying)(&TypeSig::Void, Some(&name))
                    .ok_or_else(|| self.err("cannot resolve enum type by name"))?;
                ArgType::Enum(Some(name), p)
            }
            e => ArgType::Prim(
                Primitive::from_element_type(e).ok_or_else(|| self.err("bad FieldOrPropType"))?,
            ),
        })
    }

    fn value(&mut self, t: &ArgType) -> Result<CaValue> {
        Ok(match t {
            ArgType::Bool => CaValue::Bool(self.cur.u8().ok_or_else(|| self.eof())? != 0),
            ArgType::Char => CaValue::Char(self.cur.u16().ok_or_else(|| self.eof())?),
            ArgType::Prim(p) => self.prim(*p)?,
            ArgType::String => CaValue::String(self.ser_string()?),
            ArgType::Type => CaValue::Type(self.ser_string()?),
            ArgType::Enum(name, p) => CaValue::Enum(name.clone(), Box::new(self.prim(*p)?)),
            ArgType::Object => {
                let inner = self.field_or_prop_type()?;
                if inner == ArgType::Object {
                    return Err(self.err("boxed object inside a boxed object"));
                }
                self.value(&inner)?
            }
            ArgType::SzArray(e) => {
                let n = self.cur.u32().ok_or_else(|| self.eof())?;
                if n == u32::MAX {
                    CaValue::Array(None)
                } else {
                    if n as usize > self.cur.remaining() {
                        return Err(self.err("array length exceeds blob"));
                    }
                    CaValue::Array(Some((0..n).map(|_| self.value(e)).collect::<Result<_>>()?))
                }
            }
        })
    }

    fn prim(&mut self, p: Primitive) -> Result<CaValue> {
        let c = &mut self.cur;
        let v = match p {
            Primitive::Boolean => c.u8().map(|b| CaValue::Bool(b != 0)),
            Primitive::Char => c.u16().map(CaValue::Char),
            Primitive::I1 => c.u8().map(|b| CaValue::Int(p, b as i8 as i128)),
            Primitive::U1 => c.u8().map(|b| CaValue::Int(p, b as i128)),
            Primitive::I2 => c.u16().map(|b| CaValue::Int(p, b as i16 as i128)),
            Primitive::U2 => c.u16().map(|b| CaValue::Int(p, b as i128)),
            Primitive::I4 => c.u32().map(|b| CaValue::Int(p, b as i32 as i128)),
            Primitive::U4 => c.u32().map(|b| CaValue::Int(p, b as i128)),
            Primitive::I8 | Primitive::I => c.u64().map(|b| CaValue::Int(p, b as i64 as i128)),
            Primitive::U8 | Primitive::U => c.u64().map(|b| CaValue::Int(p, b as i128)),
            Primitive::R4 => c.u32().map(|b| CaValue::R4(f32::from_bits(b))),
            Primitive::R8 => c.u64().map(|b| CaValue::R8(f64::from_bits(b))),
        };
        v.ok_or_else(|| self.eof())
    }
}

/// Decodes a custom attribute value blob given the constructor's signature.
///
/// `enum_underlying(sig, name)` must return the underlying primitive of an
/// enum type, given either its signature (fixed args) or its serialized
/// name (named args); returning `None` for a valuetype is an error.
///
/// # Errors
/// [`MetadataError::BadCustomAttribute`] naming the blob and offset.
pub fn decode_value(
    blob: &[u8],
    blob_index: u32,
    ctor: &MethodSig,
    enum_underlying: &dyn Fn(&TypeSig, Option<&str>) -> Option<Primitive>,
) -> Result<CustomAttributeValue> {
    let mut p = CaParser {
        cur: Cursor::new(blob),
        depth: 0,
        blob: blob_index,
        enum_underlying,
    };
    if p.cur.u16() != Some(1) {
        p.cur.pos = 0;
        return Err(p.err("missing prolog 0x0001"));
    }
    let mut out = CustomAttributeValue::default();
    for param in &ctor.params {
        let t = p.arg_type_of_sig(param)?;
        out.fixed.push(p.value(&t)?);
    }
    let n = p.cur.u16().ok_or_else(|| p.eof())?;
    for _ in 0..n {
        let kind = p.cur.u8().ok_or_else(|| p.eof())?;
        let is_field = match kind {
            0x53 => true,
            0x54 => false,
            _ => return Err(p.err("named argument is neither FIELD (0x53) nor PROPERTY (0x54)")),
        };
        let t = p.field_or_prop_type()?;
        let name = p
            .ser_string()?
            .ok_or_else(|| p.err("null named argument name"))?;
        let value = p.value(&t)?;
        out.named.push(NamedArg {
            is_field,
            name,
            value,
        });
    }
    Ok(out)
}

impl Assembly {
    /// The constructor of a custom attribute and `(namespace, name)` of its type
    /// (for nested attribute types, the innermost name).
    ///
    /// # Errors
    /// Row/heap errors, or [`MetadataError::BadColumn`] for a null constructor.
    pub fn custom_attribute_type_name(&self, h: CustomAttributeHandle) -> Result<(&str, &str)> {
        let row: CustomAttributeRow = self.row(h)?;
        let bad = || MetadataError::BadColumn {
            table: crate::TableId::CustomAttribute,
            row: h.0,
            column: "constructor",
            value: 0,
        };
        match row.constructor.ok_or_else(bad)? {
            CustomAttributeType::MethodDef(m) => {
                let t = self.method_owner(m).ok_or_else(bad)?;
                self.type_def_name(t)
            }
            CustomAttributeType::MemberRef(m) => match self.member_ref(m)?.class.ok_or_else(bad)? {
                MemberRefParent::TypeRef(t) => self.type_ref_name(t),
                MemberRefParent::TypeDef(t) => self.type_def_name(t),
                MemberRefParent::TypeSpec(_)
                | MemberRefParent::ModuleRef(_)
                | MemberRefParent::MethodDef(_) => Ok(("", "")),
            },
        }
    }

    /// The signature of a custom attribute's constructor.
    ///
    /// # Errors
    /// Row/heap/signature errors.
    pub fn custom_attribute_ctor_sig(&self, h: CustomAttributeHandle) -> Result<MethodSig> {
        let row: CustomAttributeRow = self.row(h)?;
        match row.constructor {
            Some(CustomAttributeType::MethodDef(m)) => self.method_def_sig(m),
            Some(CustomAttributeType::MemberRef(m)) => match self.member_ref_sig(m)? {
                crate::sig::MemberSig::Method(s) => Ok(s),
                crate::sig::MemberSig::Field(_) => Err(MetadataError::BadToken {
                    token: Token::from(m).0,
                    expected: "a method MemberRef as attribute constructor",
                }),
            },
            None => Err(MetadataError::BadColumn {
                table: crate::TableId::CustomAttribute,
                row: h.0,
                column: "constructor",
                value: 0,
            }),
        }
    }

    /// The first custom attribute on `parent` whose type is `namespace.name`.
    pub fn find_attribute(
        &self,
        parent: Token,
        namespace: &str,
        name: &str,
    ) -> Option<CustomAttributeHandle> {
        self.custom_attributes(parent)
            .into_iter()
            .find(|&h| self.custom_attribute_type_name(h).ok() == Some((namespace, name)))
    }

    /// True when `parent` carries the attribute `namespace.name`.
    pub fn has_attribute(&self, parent: Token, namespace: &str, name: &str) -> bool {
        self.find_attribute(parent, namespace, name).is_some()
    }

    /// `[NonVersionable]` (System.Runtime.Versioning): the method/type may be
    /// inlined/laid out across version bubbles.
    pub fn is_non_versionable(&self, t: Token) -> bool {
        self.has_attribute(t, "System.Runtime.Versioning", "NonVersionableAttribute")
    }

    /// `[Intrinsic]` (System.Runtime.CompilerServices): the JIT/runtime treats it specially.
    pub fn is_intrinsic(&self, t: Token) -> bool {
        self.has_attribute(t, "System.Runtime.CompilerServices", "IntrinsicAttribute")
    }

    /// `[IsByRefLike]`: a `ref struct`.
    pub fn is_byref_like(&self, t: crate::tables::TypeDefHandle) -> bool {
        self.has_attribute(
            t.token(),
            "System.Runtime.CompilerServices",
            "IsByRefLikeAttribute",
        )
    }

    /// `[ThreadStatic]` on a field.
    pub fn is_thread_static(&self, f: crate::tables::FieldHandle) -> bool {
        self.has_attribute(f.token(), "System", "ThreadStaticAttribute")
    }

    /// Decodes a custom attribute whose constructor takes only primitives,
    /// strings, `System.Type` and arrays of those (enums resolvable only
    /// inside this assembly); see [`decode_value`] for the general case.
    ///
    /// # Errors
    /// Row/heap/signature errors or [`MetadataError::BadCustomAttribute`].
    pub fn decode_custom_attribute(
        &self,
        h: CustomAttributeHandle,
    ) -> Result<CustomAttributeValue> {
        let row: CustomAttributeRow = self.row(h)?;
        let ctor = self.custom_attribute_ctor_sig(h)?;
        let resolver = |t: &TypeSig, _name: Option<&str>| -> Option<Primitive> {
            if let TypeSig::ValueType(TypeDefOrRef::TypeDef(td)) = t {
                return self.enum_underlying_type(*td);
            }
            None
        };
        decode_value(self.blob(row.value)?, row.value.0, &ctor, &resolver)
    }

    /// If `h` is an enum (extends `System.Enum`), its underlying primitive.
    pub fn enum_underlying_type(&self, h: crate::tables::TypeDefHandle) -> Option<Primitive> {
        let row = self.type_def(h).ok()?;
        let is_enum = match row.extends? {
            TypeDefOrRef::TypeRef(r) => self.type_ref_name(r).ok()? == ("System", "Enum"),
            TypeDefOrRef::TypeDef(d) => self.type_def_name(d).ok()? == ("System", "Enum"),
            TypeDefOrRef::TypeSpec(_) => false,
        };
        if !is_enum {
            return None;
        }
        for f in self.type_fields(h).ok()? {
            let fr = self.field(f).ok()?;
            if fr.flags & crate::tables::field_attributes::STATIC == 0 {
                if let Ok(TypeSig::Primitive(p)) =
                    self.field_sig(f).map(|t| t.strip_modifiers().clone())
                {
                    return Some(p);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sig::CallingConvention;

    fn ctor(params: Vec<TypeSig>) -> MethodSig {
        MethodSig {
            call_conv: CallingConvention(0x20),
            generic_param_count: 0,
            ret: TypeSig::Void,
            params,
            sentinel: None,
        }
    }

    #[test]
    fn decodes_fixed_and_named_args() {
        // [X(5, "hi", new[]{1,2})] with named property Flag = true and field E = (enum "E, A" : int) 3
        let mut b = vec![1, 0, 5, 0, 0, 0, 2, b'h', b'i', 2, 0, 0, 0, 1, 2, 2, 0];
        b.extend_from_slice(&[0x54, 0x02, 4, b'F', b'l', b'a', b'g', 1]);
        b.extend_from_slice(&[0x53, 0x55, 4, b'E', b',', b' ', b'A', 1, b'E', 3, 0, 0, 0]);
        let sig = ctor(vec![
            TypeSig::Primitive(Primitive::I4),
            TypeSig::String,
            TypeSig::SzArray(Box::new(TypeSig::Primitive(Primitive::U1))),
        ]);
        let v = decode_value(&b, 9, &sig, &|_, name| {
            (name == Some("E, A")).then_some(Primitive::I4)
        })
        .unwrap();
        assert_eq!(v.fixed[0], CaValue::Int(Primitive::I4, 5));
        assert_eq!(v.fixed[1], CaValue::String(Some("hi".into())));
        assert_eq!(
            v.fixed[2],
            CaValue::Array(Some(vec![
                CaValue::Int(Primitive::U1, 1),
                CaValue::Int(Primitive::U1, 2)
            ]))
        );
        assert_eq!(
            v.named[0],
            NamedArg {
                is_field: false,
                name: "Flag".into(),
                value: CaValue::Bool(true)
            }
        );
        assert_eq!(
            v.named[1].value,
            CaValue::Enum(
                Some("E, A".into()),
                Box::new(CaValue::Int(Primitive::I4, 3))
            )
        );
    }

    #[test]
    fn malformed_blobs_are_errors() {
        let sig = ctor(vec![TypeSig::Primitive(Primitive::I4)]);
        let none = |_: &TypeSig, _: Option<&str>| None;
        assert!(decode_value(&[0, 1], 1, &sig, &none).is_err());
        assert!(decode_value(&[1, 0, 5, 0], 1, &sig, &none).is_err());
        assert!(decode_value(&[1, 0, 5, 0, 0, 0, 1, 0, 0x99], 1, &sig, &none).is_err());
    }
}
