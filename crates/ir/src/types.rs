//! Value types.
//!
//! Integers are **sign-agnostic** (as in Cranelift): `i8`…`i64` say how many
//! bits a value has, and each operation that cares says how it reads them
//! (`sdiv`/`udiv`, `sextend`/`uextend`, `icmp slt`/`icmp ult`). The IL's
//! unsigned types (`uint8`, `char`, `bool`, …) therefore become `i8`/`i16`/…
//! plus a zero-extension where the IL widens them; signatures record the
//! extension a small argument or return value needs in
//! [`AbiParam::ext`](crate::AbiParam::ext).
//!
//! IL `native int` / `native unsigned int` and unmanaged pointers are the
//! target's pointer-sized integer, [`Type::IPTR`] (`i64` on x64, the only
//! target kiln has). GC references are typed: [`Type::Ref`] (object reference)
//! and [`Type::ByRef`] (managed interior pointer) are what GC info reports.

use crate::entities::StructRef;
use std::fmt;

/// The type of an SSA value.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub enum Type {
    /// 8-bit integer.
    I8,
    /// 16-bit integer.
    I16,
    /// 32-bit integer.
    I32,
    /// 64-bit integer.
    I64,
    /// IEEE 754 binary32.
    F32,
    /// IEEE 754 binary64.
    F64,
    /// An object reference (ECMA-335 `O`): GC-tracked, points at an object
    /// header or is null.
    Ref,
    /// A managed pointer (ECMA-335 `&`): GC-tracked interior pointer.
    ByRef,
    /// A value type held by value; its size, alignment and GC layout are in
    /// the function's struct table.
    Struct(StructRef),
}

impl Type {
    /// The pointer-sized integer type (`native int`) of the target.
    pub const IPTR: Type = Type::I64;

    /// Whether this is one of `i8`…`i64`.
    pub fn is_int(self) -> bool {
        matches!(self, Type::I8 | Type::I16 | Type::I32 | Type::I64)
    }

    /// Whether this is `f32` or `f64`.
    pub fn is_float(self) -> bool {
        matches!(self, Type::F32 | Type::F64)
    }

    /// Whether values of this type are GC references (`ref`, `byref`).
    /// Structs may contain references; see their layout.
    pub fn is_gc_ref(self) -> bool {
        matches!(self, Type::Ref | Type::ByRef)
    }

    /// Width in bits of scalar types (`None` for structs).
    pub fn bits(self) -> Option<u32> {
        Some(match self {
            Type::I8 => 8,
            Type::I16 => 16,
            Type::I32 | Type::F32 => 32,
            Type::I64 | Type::F64 | Type::Ref | Type::ByRef => 64,
            Type::Struct(_) => return None,
        })
    }

    /// The integer type with `bits` bits.
    pub fn int(bits: u32) -> Option<Type> {
        Some(match bits {
            8 => Type::I8,
            16 => Type::I16,
            32 => Type::I32,
            64 => Type::I64,
            _ => return None,
        })
    }

    /// The smallest and largest value of an integer type read as signed.
    pub fn signed_range(self) -> Option<(i64, i64)> {
        let bits = self.bits().filter(|_| self.is_int())?;
        Some((i64::MIN >> (64 - bits), i64::MAX >> (64 - bits)))
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::I8 => f.write_str("i8"),
            Type::I16 => f.write_str("i16"),
            Type::I32 => f.write_str("i32"),
            Type::I64 => f.write_str("i64"),
            Type::F32 => f.write_str("f32"),
            Type::F64 => f.write_str("f64"),
            Type::Ref => f.write_str("ref"),
            Type::ByRef => f.write_str("byref"),
            Type::Struct(s) => s.fmt(f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(Type::I8.signed_range(), Some((-128, 127)));
        assert_eq!(Type::I64.signed_range(), Some((i64::MIN, i64::MAX)));
        assert_eq!(Type::F32.signed_range(), None);
        assert_eq!(Type::int(16), Some(Type::I16));
    }
}
