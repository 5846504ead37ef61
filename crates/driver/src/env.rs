//! The importer's environment backed by `kiln-metadata`: what kiln-lower
//! asks about the method it compiles (signature, body, locals) and about
//! the methods its IL calls.
//!
//! Types map to [`IlType`] by their ECMA-335 element type (II.23.1.16):
//! classes, strings, arrays and generic class instantiations are object
//! references; enums (of the compiled assembly or its references) are their
//! underlying primitive, as the runtime treats them; every other value type is
//! [`IlType::ValueType`], which the importer declines.

use kiln_ir::Callee;
use kiln_lower::{CallTarget, IlBody, IlType, LowerEnv, MethodSig};
use kiln_metadata::sig::{self, Primitive, TypeSig};
use kiln_metadata::tables::{
    MemberRefHandle, MemberRefParent, MethodDefHandle, MethodDefOrRef, MethodSpecHandle,
    MethodSpecRow, TypeDefOrRef,
};
use kiln_metadata::{Assembly, MetadataError};

use crate::types::TypeContext;

/// The environment of one method of `asm`.
#[derive(Debug)]
pub(crate) struct MetadataEnv<'a> {
    pub asm: &'a Assembly,
    pub types: &'a TypeContext,
    pub method: MethodDefHandle,
}

fn primitive(p: Primitive) -> IlType {
    match p {
        Primitive::Boolean => IlType::Bool,
        Primitive::Char => IlType::Char,
        Primitive::I1 => IlType::I1,
        Primitive::U1 => IlType::U1,
        Primitive::I2 => IlType::I2,
        Primitive::U2 => IlType::U2,
        Primitive::I4 => IlType::I4,
        Primitive::U4 => IlType::U4,
        Primitive::I8 => IlType::I8,
        Primitive::U8 => IlType::U8,
        Primitive::R4 => IlType::R4,
        Primitive::R8 => IlType::R8,
        Primitive::I => IlType::I,
        Primitive::U => IlType::U,
    }
}

impl MetadataEnv<'_> {
    fn il_type(&self, t: &TypeSig) -> Result<Option<IlType>, MetadataError> {
        Ok(Some(match t {
            TypeSig::Void => return Ok(None),
            TypeSig::Primitive(p) => primitive(*p),
            TypeSig::String
            | TypeSig::Object
            | TypeSig::Class(_)
            | TypeSig::SzArray(_)
            | TypeSig::Array(..) => IlType::Object,
            TypeSig::GenericInst { is_value_type, .. } => {
                if *is_value_type {
                    IlType::ValueType
                } else {
                    IlType::Object
                }
            }
            TypeSig::ValueType(r) => match self.types.enum_underlying(r) {
                Some(p) => primitive(p),
                None => IlType::ValueType,
            },
            TypeSig::Var(_) | TypeSig::MVar(_) => IlType::GenericParam,
            TypeSig::Ptr(_) | TypeSig::FnPtr(_) => IlType::Ptr,
            TypeSig::ByRef(_) => IlType::ByRef,
            TypeSig::TypedByRef => IlType::TypedRef,
            TypeSig::Modified { inner, .. } | TypeSig::Pinned(inner) => return self.il_type(inner),
        }))
    }

    fn method_sig(&self, s: &sig::MethodSig) -> Result<MethodSig, MetadataError> {
        let fixed = s.sentinel.map_or(&s.params[..], |n| &s.params[..n]);
        let params = fixed
            .iter()
            .map(|p| {
                self.il_type(p)?.ok_or(MetadataError::BadToken {
                    token: 0,
                    expected: "a parameter type other than void",
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MethodSig {
            has_this: s.call_conv.has_this(),
            vararg: s.call_conv.is_vararg(),
            generic_params: s.generic_param_count,
            params,
            ret: self.il_type(&s.ret)?,
        })
    }

    fn type_name(&self, t: &TypeDefOrRef) -> Result<String, MetadataError> {
        Ok(match t {
            TypeDefOrRef::TypeDef(h) => {
                let (ns, n) = self.asm.type_def_name(*h)?;
                qualify(ns, n)
            }
            TypeDefOrRef::TypeRef(h) => {
                let (ns, n) = self.asm.type_ref_name(*h)?;
                qualify(ns, n)
            }
            TypeDefOrRef::TypeSpec(_) => "<typespec>".into(),
        })
    }

    fn method_def_target(&self, h: MethodDefHandle) -> Result<(String, MethodSig), MetadataError> {
        let row = self.asm.method_def(h)?;
        let owner = match self.asm.method_owner(h) {
            Some(t) => self.type_name(&TypeDefOrRef::TypeDef(t))?,
            None => "<Module>".into(),
        };
        let sig = self.method_sig(&self.asm.method_def_sig(h)?)?;
        Ok((format!("{owner}::{}", self.asm.string(row.name)?), sig))
    }

    fn member_ref_target(&self, h: MemberRefHandle) -> Result<(String, MethodSig), MetadataError> {
        let row = self.asm.member_ref(h)?;
        let owner = match row.class {
            Some(MemberRefParent::TypeDef(t)) => self.type_name(&TypeDefOrRef::TypeDef(t))?,
            Some(MemberRefParent::TypeRef(t)) => self.type_name(&TypeDefOrRef::TypeRef(t))?,
            Some(MemberRefParent::TypeSpec(t)) => self.type_name(&TypeDefOrRef::TypeSpec(t))?,
            _ => "<module>".into(),
        };
        let sig = match self.asm.member_ref_sig(h)? {
            sig::MemberSig::Method(m) => self.method_sig(&m)?,
            sig::MemberSig::Field(_) => {
                return Err(MetadataError::BadToken {
                    token: 0x0A00_0000 | h.0,
                    expected: "a method reference",
                })
            }
        };
        Ok((format!("{owner}::{}", self.asm.string(row.name)?), sig))
    }
}

fn qualify(ns: &str, name: &str) -> String {
    if ns.is_empty() {
        name.to_owned()
    } else {
        format!("{ns}.{name}")
    }
}

impl LowerEnv for MetadataEnv<'_> {
    fn method_name(&self) -> String {
        crate::names::method_name(self.types, self.method).unwrap_or_else(|_| "?".into())
    }

    fn signature(&self) -> Result<MethodSig, MetadataError> {
        self.method_sig(&self.asm.method_def_sig(self.method)?)
    }

    fn body(&self) -> Result<IlBody<'_>, MetadataError> {
        let body = self
            .asm
            .method_body(self.method)?
            .ok_or(MetadataError::BadToken {
                token: 0x0600_0000 | self.method.0,
                expected: "a method with an IL body",
            })?;
        Ok(IlBody {
            code: body.code,
            max_stack: body.max_stack,
            init_locals: body.init_locals,
            exception_clauses: body.exception_clauses.len(),
        })
    }

    fn locals(&self) -> Result<Vec<IlType>, MetadataError> {
        let Some(body) = self.asm.method_body(self.method)? else {
            return Ok(Vec::new());
        };
        let Some(sig) = body.local_var_sig else {
            return Ok(Vec::new());
        };
        self.asm
            .locals_sig(sig)?
            .iter()
            .map(|t| {
                self.il_type(t)?.ok_or(MetadataError::BadToken {
                    token: 0x1100_0000 | sig.0,
                    expected: "a local type other than void",
                })
            })
            .collect()
    }

    fn resolve_call(&self, token: u32) -> Result<CallTarget, MetadataError> {
        let rid = token & 0x00FF_FFFF;
        let (name, sig) = match token >> 24 {
            0x06 => self.method_def_target(MethodDefHandle(rid))?,
            0x0A => self.member_ref_target(MemberRefHandle(rid))?,
            0x2B => {
                let spec: MethodSpecRow = self.asm.row(MethodSpecHandle(rid))?;
                let (name, mut sig) = match spec.method {
                    Some(MethodDefOrRef::MethodDef(h)) => self.method_def_target(h)?,
                    Some(MethodDefOrRef::MemberRef(h)) => self.member_ref_target(h)?,
                    None => {
                        return Err(MetadataError::BadToken {
                            token,
                            expected: "a MethodSpec of a method",
                        })
                    }
                };
                sig.generic_params = sig.generic_params.max(1);
                (name, sig)
            }
            _ => {
                return Err(MetadataError::BadToken {
                    token,
                    expected: "a MethodDef, MemberRef or MethodSpec",
                })
            }
        };
        Ok(CallTarget {
            name,
            sig,
            callee: Callee::Token(token),
        })
    }
}
