//! Metadata tokens as the R2R fixup signatures name them: a token is a
//! table number in its top byte and a row (RID, from 1) or, for user
//! strings, a `#US` heap offset in the low 24 bits (ECMA-335 II.22 table
//! numbers, II.24.2.6; `readytorun.h` 9.1 encodes each fixup's token as the
//! compressed RID under a fixup kind that implies the table).
//!
//! [`MetadataToken::decode`] is the one place that takes a raw `u32` apart;
//! the rest of kiln asks it for the typed row.

use crate::sig::{MethodRef, TypeToken};

/// A metadata token of a table an R2R fixup can refer to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MetadataToken {
    /// `TypeRef` (table 0x01) row.
    TypeRef(u32),
    /// `TypeDef` (table 0x02) row.
    TypeDef(u32),
    /// `Field` (table 0x04) row.
    Field(u32),
    /// `MethodDef` (table 0x06) row.
    MethodDef(u32),
    /// `MemberRef` (table 0x0A) row: a method or a field of another type.
    MemberRef(u32),
    /// `TypeSpec` (table 0x1B) row.
    TypeSpec(u32),
    /// A user string (0x70): its offset in the `#US` heap (0 is the empty
    /// string, the heap's first entry).
    UserString(u32),
}

impl MetadataToken {
    /// Splits `token`. `None` for a table no fixup refers to, and for row 0
    /// (the null token) of any table but the user strings.
    pub fn decode(token: u32) -> Option<MetadataToken> {
        let low = token & 0x00FF_FFFF;
        let row = |make: fn(u32) -> MetadataToken| (low != 0).then(|| make(low));
        match token >> 24 {
            0x01 => row(MetadataToken::TypeRef),
            0x02 => row(MetadataToken::TypeDef),
            0x04 => row(MetadataToken::Field),
            0x06 => row(MetadataToken::MethodDef),
            0x0A => row(MetadataToken::MemberRef),
            0x1B => row(MetadataToken::TypeSpec),
            0x70 => Some(MetadataToken::UserString(low)),
            _ => None,
        }
    }

    /// The type a TypeDef or TypeRef token names, as a type signature's
    /// `TypeDefOrRefOrSpecEncoded` (`None` for other tables).
    pub fn class(self) -> Option<TypeToken> {
        match self {
            MetadataToken::TypeDef(rid) => Some(TypeToken::Def(rid)),
            MetadataToken::TypeRef(rid) => Some(TypeToken::Ref(rid)),
            _ => None,
        }
    }

    /// The method a MethodDef or MemberRef token names (`None` for other
    /// tables).
    pub fn method(self) -> Option<MethodRef> {
        match self {
            MetadataToken::MethodDef(rid) => Some(MethodRef::Def(rid)),
            MetadataToken::MemberRef(rid) => Some(MethodRef::Ref(rid)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_the_tables_fixups_use() {
        assert_eq!(
            MetadataToken::decode(0x0200_0003),
            Some(MetadataToken::TypeDef(3))
        );
        assert_eq!(
            MetadataToken::decode(0x0A00_0010),
            Some(MetadataToken::MemberRef(16))
        );
        assert_eq!(
            MetadataToken::decode(0x7000_0000),
            Some(MetadataToken::UserString(0))
        );
        // The null row and unknown tables are not references.
        assert_eq!(MetadataToken::decode(0x0600_0000), None);
        assert_eq!(MetadataToken::decode(0x2300_0001), None);
    }

    #[test]
    fn classes_and_methods_come_from_their_tables_only() {
        let t = |x| MetadataToken::decode(x).unwrap();
        assert_eq!(t(0x0100_0002).class(), Some(TypeToken::Ref(2)));
        assert_eq!(t(0x1B00_0002).class(), None);
        assert_eq!(t(0x0600_0005).method(), Some(MethodRef::Def(5)));
        assert_eq!(t(0x0400_0005).method(), None);
    }
}
