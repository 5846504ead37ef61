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
//! [`classify`] follows the runtime's algorithm step by step, unions
//! (explicit layouts) included: fields starting at the same offset merge
//! into one (`ReClassifyField`), then every byte of the value is walked in
//! order (`AssignClassifiedEightByteTypes`) — a field's class spreads over
//! the eightbytes it covers, padding between fields has no class, padding
//! after the field with the largest offset takes that field's class, and an
//! eightbyte in which no field starts and that is still classless is
//! INTEGER. Larger structs, structs with misaligned fields, empty structs
//! and references sharing an eightbyte with anything but references (which
//! the runtime refuses to load) get `None`: they are passed in memory or
//! not handled, and the caller must not pass them in registers. Fixed
//! buffers and inline arrays (the runtime's `HasImpliedRepeatedFields`)
//! are the caller's to expand into their repeated fields.
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

/// A class during classification: the eightbyte classes plus NO_CLASS
/// ([`Class::Empty`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    /// NO_CLASS: padding, no field yet.
    Empty,
    Int,
    Ref,
    Sse,
}

impl Class {
    fn of(kind: LeafKind) -> Class {
        match kind {
            LeafKind::Int => Class::Int,
            LeafKind::Float => Class::Sse,
            LeafKind::Ref => Class::Ref,
        }
    }

    /// Two fields starting at the same offset (`ReClassifyField`): SSE
    /// with SSE stays SSE, INTEGER with either is INTEGER; a reference
    /// merges only with a reference.
    fn union(self, other: Class) -> Option<Class> {
        match (self, other) {
            (Class::Ref, Class::Ref) => Some(Class::Ref),
            (Class::Ref, _) | (_, Class::Ref) => None,
            (Class::Sse, Class::Sse) => Some(Class::Sse),
            _ => Some(Class::Int),
        }
    }

    /// A byte's class merged into its eightbyte's (the chain of tests in
    /// `AssignClassifiedEightByteTypes`); `None` where a reference would
    /// share its eightbyte with a scalar.
    fn merge(self, byte: Class) -> Option<Class> {
        Some(match (self, byte) {
            (a, b) if a == b => a,
            (Class::Empty, b) => b,
            (a, Class::Empty) => a,
            (Class::Ref, _) | (_, Class::Ref) => return None,
            (Class::Int, _) | (_, Class::Int) => Class::Int,
            _ => Class::Sse,
        })
    }
}

/// The eightbytes of a value of `size` bytes made of `fields` (flattened:
/// the fields of nested structs at their offsets in the value, in the
/// order the runtime visits them — declaration order, depth first), or
/// `None` when it is not passed in registers (see the module doc).
pub fn classify(size: u32, fields: &[LeafField]) -> Option<Vec<EightByte>> {
    if size == 0 || size > 16 || fields.is_empty() {
        return None;
    }
    // The distinct field offsets with their (merged) size and class, as
    // `ClassifyEightBytesWithManagedLayout` collects them.
    let mut unique: Vec<(u32, u32, Class)> = Vec::new();
    let mut largest: Option<u32> = None;
    for f in fields {
        if f.size == 0 || f.offset + f.size > size || f.offset % f.size != 0 {
            return None; // out of the value, or misaligned (packed): memory
        }
        let class = Class::of(f.kind);
        if let Some(u) = unique.iter_mut().find(|u| u.0 == f.offset) {
            u.1 = u.1.max(f.size);
            u.2 = u.2.union(class)?;
            continue;
        }
        largest = Some(largest.map_or(f.offset, |l| l.max(f.offset)));
        unique.push((f.offset, f.size, class));
    }
    let largest = largest?;
    let &(_, last_size, last_class) = unique.iter().find(|u| u.0 == largest)?;
    let after_last = largest + last_size;
    // Walk the bytes (`AssignClassifiedEightByteTypes`).
    let n = size.div_ceil(8) as usize;
    let mut classes = vec![Class::Empty; n];
    let mut covered = 0; // end of the furthest field seen so far
    let mut started_here = false; // a field starts in the current eightbyte
    for offset in 0..size {
        let (len, class) = match unique.iter().find(|u| u.0 == offset) {
            Some(&(_, len, class)) => {
                started_here = true;
                (len, class)
            }
            // Inside a field that started earlier: nothing to do.
            None if offset < covered => continue,
            None if offset < after_last => (1, Class::Empty),
            None => (1, last_class),
        };
        for c in &mut classes[(offset / 8) as usize..=((offset + len - 1) / 8) as usize] {
            *c = c.merge(class)?;
        }
        if (offset + 1) % 8 == 0 {
            let c = &mut classes[(offset / 8) as usize];
            if !started_here && *c == Class::Empty {
                *c = Class::Int;
            }
            started_here = false;
        }
        covered = covered.max(offset + len);
    }
    classes
        .into_iter()
        .map(|c| match c {
            Class::Int => Some(EightByte::Int),
            Class::Ref => Some(EightByte::Ref),
            Class::Sse => Some(EightByte::Sse),
            Class::Empty => None,
        })
        .collect()
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
        assert_eq!(classify(0, &[]), None);
        // Padding after the last field takes its class; an eightbyte where
        // no field starts and still classless is INTEGER.
        assert_eq!(classify(16, &[f(0, 4, K::Int)]), Some(vec![Int, Int]));
        assert_eq!(classify(16, &[f(0, 4, K::Float)]), Some(vec![Sse, Sse]));
        assert_eq!(
            classify(16, &[f(0, 4, K::Float), f(12, 4, K::Float)]),
            Some(vec![Sse, Sse])
        );
        // Padding between fields has no class.
        assert_eq!(
            classify(16, &[f(0, 4, K::Float), f(8, 8, K::Float)]),
            Some(vec![Sse, Sse])
        );
    }

    #[test]
    fn explicit_layouts() {
        use EightByte::*;
        use LeafKind as K;
        // Mono's System.Decimal: int flags@0, hi@4, lo@8, mid@12 and
        // ulong ulomidLE@8 over lo/mid.
        assert_eq!(
            classify(
                16,
                &[
                    f(0, 4, K::Int),
                    f(4, 4, K::Int),
                    f(8, 4, K::Int),
                    f(12, 4, K::Int),
                    f(8, 8, K::Int),
                ]
            ),
            Some(vec![Int, Int])
        );
        // A float and an int at the same offset: INTEGER; two floats: SSE.
        assert_eq!(
            classify(8, &[f(0, 4, K::Float), f(0, 4, K::Int)]),
            Some(vec![Int])
        );
        assert_eq!(
            classify(8, &[f(0, 4, K::Float), f(0, 8, K::Float)]),
            Some(vec![Sse])
        );
        // A double overlapped by an int at another offset: the int's class
        // reaches the eightbyte.
        assert_eq!(
            classify(8, &[f(0, 8, K::Float), f(4, 4, K::Int)]),
            Some(vec![Int])
        );
        // A long spanning the middle of a 16-byte union: misaligned.
        assert_eq!(classify(12, &[f(0, 4, K::Int), f(4, 8, K::Int)]), None);
        // A field reaching into the second eightbyte from the first one
        // (an aligned long at 8 under two ints): classes per eightbyte.
        assert_eq!(
            classify(
                16,
                &[
                    f(0, 4, K::Float),
                    f(4, 4, K::Float),
                    f(8, 8, K::Int),
                    f(12, 4, K::Float)
                ]
            ),
            Some(vec![Sse, Int])
        );
        // References overlap only references.
        assert_eq!(
            classify(8, &[f(0, 8, K::Ref), f(0, 8, K::Ref)]),
            Some(vec![Ref])
        );
        assert_eq!(classify(8, &[f(0, 8, K::Ref), f(0, 8, K::Int)]), None);
        assert_eq!(classify(8, &[f(0, 8, K::Ref), f(4, 4, K::Float)]), None);
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
