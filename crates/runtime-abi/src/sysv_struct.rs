//! How CoreCLR passes a value type on System V x64: the classification of
//! its eightbytes (System V AMD64 psABI §3.2.3, as the runtime applies it to
//! the managed layout: `MethodTable::ClassifyEightBytesWithManagedLayout` in
//! src/coreclr/vm/methodtable.cpp, used by the argument iterator
//! `ArgIteratorTemplate::GetNextOffset` in src/coreclr/vm/callingconvention.h
//! and by crossgen2's `SystemVStructClassificator.cs`).
//!
//! A struct of at most 16 bytes whose fields are all naturally aligned is
//! split into one or two eightbytes; an eightbyte holding only `float32` /
//! `float64` fields is SSE (an XMM register), any other is INTEGER (a
//! general register; an object reference stays a reference for the GC).
//! Larger structs, structs with misaligned fields and anything this module
//! does not model (explicit layouts, empty structs, eightbytes no field
//! covers — fixed buffers — 128-bit integers) get `None`: they are passed in
//! memory or not handled, and the caller must not pass them in registers.
//!
//! Arguments take registers in order; a struct whose eightbytes do not all
//! fit in the registers left goes to the stack whole (psABI §3.2.3, rule
//! 4 of "passing"), which [`fits`] answers.

/// The class of one eightbyte of a value passed in registers.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum EightByte {
    /// INTEGER: a general-purpose register, no GC reference.
    Int,
    /// INTEGER holding an object reference (reported to the GC).
    Ref,
    /// SSE: an XMM register (its low 64 bits).
    Sse,
}

/// A field as classification sees it: a primitive at a byte offset of the
/// (flattened) value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct LeafField {
    /// Byte offset in the value.
    pub offset: u32,
    /// Size in bytes.
    pub size: u32,
    /// What it holds.
    pub kind: LeafKind,
}

/// What a [`LeafField`] holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LeafKind {
    /// An integer, enum, `bool`, `char` or unmanaged pointer.
    Int,
    /// `float32` or `float64`.
    Float,
    /// An object reference.
    Ref,
}

/// The eightbytes of a value of `size` bytes made of `fields`, or `None`
/// when it is not passed in registers (see the module doc).
pub fn classify(size: u32, fields: &[LeafField]) -> Option<Vec<EightByte>> {
    if size == 0 || size > 16 || fields.is_empty() {
        return None;
    }
    let n = size.div_ceil(8) as usize;
    let mut classes: Vec<Option<EightByte>> = vec![None; n];
    for f in fields {
        if f.size == 0 || f.offset % f.size != 0 || f.offset + f.size > size {
            return None; // misaligned (packed) or out of the value: memory
        }
        let i = (f.offset / 8) as usize;
        if (f.offset + f.size - 1) / 8 != f.offset / 8 {
            return None;
        }
        let c = match f.kind {
            LeafKind::Int => EightByte::Int,
            LeafKind::Float => EightByte::Sse,
            LeafKind::Ref => EightByte::Ref,
        };
        classes[i] = Some(match (classes[i], c) {
            (None, c) => c,
            (Some(EightByte::Sse), EightByte::Sse) => EightByte::Sse,
            // A reference fills its eightbyte; sharing it means overlap.
            (Some(EightByte::Ref), _) | (Some(_), EightByte::Ref) => return None,
            _ => EightByte::Int,
        });
    }
    classes.into_iter().collect()
}

/// Whether eightbytes `ebs` fit in the registers left after `used_gpr`
/// general and `used_xmm` XMM argument registers (6 and 8 on SysV x64).
pub fn fits(ebs: &[EightByte], used_gpr: usize, used_xmm: usize) -> bool {
    let gpr = ebs.iter().filter(|e| **e != EightByte::Sse).count();
    let xmm = ebs.len() - gpr;
    used_gpr + gpr <= 6 && used_xmm + xmm <= 8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(offset: u32, size: u32, kind: LeafKind) -> LeafField {
        LeafField { offset, size, kind }
    }

    #[test]
    fn psabi_examples() {
        use EightByte::*;
        use LeafKind as K;
        // {int, int}: one INTEGER eightbyte.
        assert_eq!(
            classify(8, &[f(0, 4, K::Int), f(4, 4, K::Int)]),
            Some(vec![Int])
        );
        // {float, float}: SSE. {int, float}: INTEGER (merged).
        assert_eq!(
            classify(8, &[f(0, 4, K::Float), f(4, 4, K::Float)]),
            Some(vec![Sse])
        );
        assert_eq!(
            classify(8, &[f(0, 4, K::Int), f(4, 4, K::Float)]),
            Some(vec![Int])
        );
        // {double, long}: SSE, INTEGER. {object, double}: reference, SSE.
        assert_eq!(
            classify(16, &[f(0, 8, K::Float), f(8, 8, K::Int)]),
            Some(vec![Sse, Int])
        );
        assert_eq!(
            classify(16, &[f(0, 8, K::Ref), f(8, 8, K::Float)]),
            Some(vec![Ref, Sse])
        );
        // 3 bytes; 12 bytes.
        let b = |o| f(o, 1, K::Int);
        assert_eq!(classify(3, &[b(0), b(1), b(2)]), Some(vec![Int]));
        assert_eq!(
            classify(12, &[f(0, 4, K::Int), f(4, 4, K::Int), f(8, 4, K::Float)]),
            Some(vec![Int, Sse])
        );
        // Larger than 16 bytes, misaligned, uncovered eightbyte: memory.
        assert_eq!(
            classify(24, &[f(0, 8, K::Int), f(8, 8, K::Int), f(16, 8, K::Int)]),
            None
        );
        assert_eq!(classify(8, &[f(1, 4, K::Int)]), None);
        assert_eq!(classify(16, &[f(0, 4, K::Int)]), None);
        assert_eq!(classify(0, &[]), None);
    }

    #[test]
    fn register_fit_is_all_or_nothing() {
        use EightByte::*;
        assert!(fits(&[Int, Int], 4, 0));
        assert!(!fits(&[Int, Int], 5, 0));
        assert!(fits(&[Sse, Int], 5, 7));
        assert!(!fits(&[Sse, Sse], 0, 7));
    }
}
