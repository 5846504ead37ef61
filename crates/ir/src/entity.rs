//! Entity references and the maps that own them.
//!
//! Every object of a function (values, blocks, instructions, stack slots,
//! external functions, struct layouts) is named by a `u32` newtype index into
//! a map owned by the [`Function`](crate::Function). Indices are half the size
//! of a pointer, carry no ownership, and are type-checked: a [`Value`](crate::Value)
//! cannot be used where a [`Block`](crate::Block) is expected. This follows
//! Cranelift's `cranelift-entity` design, written afresh for kiln.
//!
//! * [`PrimaryMap`] allocates keys: `push` returns the next key.
//! * [`SecondaryMap`] is a dense side table keyed by entities of a primary
//!   map, returning a default for keys never written.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};

/// A `u32` newtype index usable as a key of [`PrimaryMap`] and [`SecondaryMap`].
pub trait EntityRef: Copy + Eq + fmt::Debug {
    /// The entity with index `index`.
    ///
    /// # Panics
    /// If `index` does not fit in a `u32` (a function with 4 billion entities
    /// is a bug of its producer).
    fn new(index: usize) -> Self;
    /// The index of this entity.
    fn index(self) -> usize;
}

/// Declares an entity newtype: `EntityRef`, `Display` and `Debug` with the
/// given text prefix (`v3`, `block2`).
macro_rules! entity_impl {
    ($name:ident, $prefix:expr) => {
        impl $crate::entity::EntityRef for $name {
            #[inline]
            fn new(index: usize) -> Self {
                $name(u32::try_from(index).expect(concat!(stringify!($name), " index overflow")))
            }
            #[inline]
            fn index(self) -> usize {
                self.0 as usize
            }
        }
        impl $name {
            /// The entity with the given raw index.
            pub const fn from_u32(index: u32) -> Self {
                $name(index)
            }
            /// The raw index.
            pub const fn as_u32(self) -> u32 {
                self.0
            }
        }
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }
        }
        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(self, f)
            }
        }
    };
}
pub(crate) use entity_impl;

/// A map that allocates its keys: entities are created by [`PrimaryMap::push`].
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PrimaryMap<K: EntityRef, V> {
    elems: Vec<V>,
    unused: PhantomData<K>,
}

impl<K: EntityRef, V> PrimaryMap<K, V> {
    /// An empty map.
    pub fn new() -> Self {
        Self {
            elems: Vec::new(),
            unused: PhantomData,
        }
    }

    /// Adds `v` and returns its new key.
    pub fn push(&mut self, v: V) -> K {
        let k = K::new(self.elems.len());
        self.elems.push(v);
        k
    }

    /// The key the next `push` will return.
    pub fn next_key(&self) -> K {
        K::new(self.elems.len())
    }

    /// Whether `k` was allocated by this map.
    pub fn is_valid(&self, k: K) -> bool {
        k.index() < self.elems.len()
    }

    /// The value for `k`, if it exists.
    pub fn get(&self, k: K) -> Option<&V> {
        self.elems.get(k.index())
    }

    /// The value for `k`, mutably, if it exists.
    pub fn get_mut(&mut self, k: K) -> Option<&mut V> {
        self.elems.get_mut(k.index())
    }

    /// Number of entities allocated.
    pub fn len(&self) -> usize {
        self.elems.len()
    }

    /// Whether no entity was allocated.
    pub fn is_empty(&self) -> bool {
        self.elems.is_empty()
    }

    /// All keys, in allocation order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = K> + use<K, V> {
        (0..self.elems.len()).map(K::new)
    }

    /// All values, in allocation order.
    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.elems.iter()
    }

    /// All `(key, value)` pairs, in allocation order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (K, &V)> {
        self.elems.iter().enumerate().map(|(i, v)| (K::new(i), v))
    }
}

impl<K: EntityRef, V> Default for PrimaryMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: EntityRef, V> Index<K> for PrimaryMap<K, V> {
    type Output = V;
    fn index(&self, k: K) -> &V {
        &self.elems[k.index()]
    }
}

impl<K: EntityRef, V> IndexMut<K> for PrimaryMap<K, V> {
    fn index_mut(&mut self, k: K) -> &mut V {
        &mut self.elems[k.index()]
    }
}

impl<K: EntityRef, V: fmt::Debug> fmt::Debug for PrimaryMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

/// A dense side table keyed by entities allocated elsewhere. Reading a key
/// never written yields the map's default value; writing grows the table.
///
/// Equality and hashing ignore trailing default entries, so two maps with the
/// same observable contents are equal whatever their capacity.
#[derive(Clone)]
pub struct SecondaryMap<K: EntityRef, V: Clone> {
    elems: Vec<V>,
    default: V,
    unused: PhantomData<K>,
}

impl<K: EntityRef, V: Clone + Default> SecondaryMap<K, V> {
    /// An empty map whose default is `V::default()`.
    pub fn new() -> Self {
        Self::with_default(V::default())
    }
}

impl<K: EntityRef, V: Clone> SecondaryMap<K, V> {
    /// An empty map with the given default value.
    pub fn with_default(default: V) -> Self {
        Self {
            elems: Vec::new(),
            default,
            unused: PhantomData,
        }
    }

    /// The value for `k` (the default if never written).
    pub fn get(&self, k: K) -> &V {
        self.elems.get(k.index()).unwrap_or(&self.default)
    }

    /// Resets every entry to the default.
    pub fn clear(&mut self) {
        self.elems.clear();
    }

    /// Entries explicitly stored, with their keys (including entries equal to
    /// the default that were written).
    pub fn iter(&self) -> impl Iterator<Item = (K, &V)> {
        self.elems.iter().enumerate().map(|(i, v)| (K::new(i), v))
    }
}

impl<K: EntityRef, V: Clone + PartialEq> SecondaryMap<K, V> {
    fn trimmed(&self) -> &[V] {
        let mut n = self.elems.len();
        while n > 0 && self.elems[n - 1] == self.default {
            n -= 1;
        }
        &self.elems[..n]
    }
}

impl<K: EntityRef, V: Clone + Default> Default for SecondaryMap<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: EntityRef, V: Clone> Index<K> for SecondaryMap<K, V> {
    type Output = V;
    fn index(&self, k: K) -> &V {
        self.get(k)
    }
}

impl<K: EntityRef, V: Clone> IndexMut<K> for SecondaryMap<K, V> {
    fn index_mut(&mut self, k: K) -> &mut V {
        let i = k.index();
        if i >= self.elems.len() {
            self.elems.resize(i + 1, self.default.clone());
        }
        &mut self.elems[i]
    }
}

impl<K: EntityRef, V: Clone + PartialEq> PartialEq for SecondaryMap<K, V> {
    fn eq(&self, other: &Self) -> bool {
        self.default == other.default && self.trimmed() == other.trimmed()
    }
}

impl<K: EntityRef, V: Clone + Eq> Eq for SecondaryMap<K, V> {}

impl<K: EntityRef, V: Clone + PartialEq + Hash> Hash for SecondaryMap<K, V> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.default.hash(state);
        self.trimmed().hash(state);
    }
}

impl<K: EntityRef, V: Clone + fmt::Debug> fmt::Debug for SecondaryMap<K, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    struct E(u32);
    entity_impl!(E, "e");

    #[test]
    fn primary_allocates_in_order() {
        let mut m: PrimaryMap<E, &str> = PrimaryMap::new();
        assert_eq!(m.next_key(), E(0));
        let a = m.push("a");
        let b = m.push("b");
        assert_eq!((a, b), (E(0), E(1)));
        assert_eq!(m[b], "b");
        assert!(m.is_valid(b) && !m.is_valid(E(2)));
        assert_eq!(format!("{b}"), "e1");
        assert_eq!(E::from_u32(1).as_u32(), 1);
    }

    #[test]
    fn secondary_defaults_and_equality_ignore_trailing_defaults() {
        let mut a: SecondaryMap<E, u8> = SecondaryMap::new();
        let mut b: SecondaryMap<E, u8> = SecondaryMap::new();
        assert_eq!(a[E(7)], 0);
        a[E(1)] = 3;
        b[E(1)] = 3;
        b[E(5)] = 0;
        assert_eq!(a, b);
        b[E(5)] = 1;
        assert_ne!(a, b);
    }
}
