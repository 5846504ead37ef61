//! Reverse lookups on an [`Assembly`]: "which rows of table T have key K in
//! column C" (nested class → enclosing, ClassLayout, FieldLayout, FieldRVA,
//! CustomAttribute, GenericParam, InterfaceImpl, MethodImpl, Constant,
//! ImplMap, GenericParamConstraint) and member → declaring type.
//!
//! ECMA-335 II.22 requires these tables to be sorted by their key column
//! (the `Sorted` bit of the `#~` header, II.24.2.6), but nothing forces a
//! writer to honour it. Each (table, column) is therefore classified once, on
//! first use and thread-safely: when the column really is non-decreasing in
//! row order the table itself is binary searched; otherwise a sorted
//! `(key, rid)` index is built. Either way a lookup costs O(log n) and yields
//! the matching row ids in ascending order — exactly the rows a full scan
//! would find, so a malformed `Sorted` bit cannot hide a row.

use std::ops::Range;
use std::sync::OnceLock;

use super::Assembly;
use crate::tables::*;

/// How the rows of one (table, key column) pair are found.
#[derive(Debug)]
pub(super) enum KeyIndex {
    /// The column is non-decreasing in row order: search the table in place.
    InPlace,
    /// The column is unsorted: `(key, rid)` pairs sorted by key, then rid.
    Pairs(Box<[(u32, u32)]>),
}

/// Most columns a table has (see [`super::TableInfo`]).
const MAX_COLUMNS: usize = 9;

/// Lazily built [`KeyIndex`]es, one slot per (table, column).
#[derive(Debug)]
pub(super) struct KeyIndexes {
    slots: Box<[OnceLock<KeyIndex>]>,
}

impl KeyIndex {
    /// Classifies the `n` rows whose keys `key_of(1..=n)` returns.
    fn build(n: u32, key_of: impl Fn(u32) -> u32) -> Self {
        if (2..=n).all(|r| key_of(r - 1) <= key_of(r)) {
            return KeyIndex::InPlace;
        }
        let mut pairs: Vec<(u32, u32)> = (1..=n).map(|r| (key_of(r), r)).collect();
        pairs.sort_unstable();
        KeyIndex::Pairs(pairs.into_boxed_slice())
    }

    /// The rows (of the `n` that `key_of` describes) whose key is `key`.
    fn search(&self, n: u32, key_of: impl Fn(u32) -> u32, key: u32) -> KeyRows<'_> {
        match self {
            KeyIndex::InPlace => {
                // First rid in 1..=n+1 whose key fails `pred` (keys ascend).
                let first_failing = |pred: &dyn Fn(u32) -> bool| {
                    let (mut lo, mut hi) = (1u32, n + 1);
                    while lo < hi {
                        let mid = lo + (hi - lo) / 2;
                        if pred(key_of(mid)) {
                            lo = mid + 1;
                        } else {
                            hi = mid;
                        }
                    }
                    lo
                };
                KeyRows::Run(first_failing(&|k| k < key)..first_failing(&|k| k <= key))
            }
            KeyIndex::Pairs(pairs) => {
                let start = pairs.partition_point(|&(k, _)| k < key);
                let end = pairs.partition_point(|&(k, _)| k <= key);
                KeyRows::Pairs(pairs[start..end].iter())
            }
        }
    }
}

impl Default for KeyIndexes {
    fn default() -> Self {
        KeyIndexes {
            slots: (0..TABLE_COUNT * MAX_COLUMNS)
                .map(|_| OnceLock::new())
                .collect(),
        }
    }
}

/// The rows a keyed lookup found, ascending.
#[derive(Debug, Clone)]
pub enum KeyRows<'a> {
    /// A contiguous run of row ids (sorted table).
    Run(Range<u32>),
    /// Matches taken from a built index.
    Pairs(std::slice::Iter<'a, (u32, u32)>),
}

impl Iterator for KeyRows<'_> {
    type Item = u32;
    fn next(&mut self) -> Option<u32> {
        match self {
            KeyRows::Run(r) => r.next(),
            KeyRows::Pairs(it) => it.next().map(|&(_, rid)| rid),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            KeyRows::Run(r) => r.size_hint(),
            KeyRows::Pairs(it) => it.size_hint(),
        }
    }
}

impl Assembly {
    fn key(&self, table: TableId, rid: u32, col: usize) -> u32 {
        self.raw_column(table, rid, col).unwrap_or(u32::MAX)
    }

    fn key_index(&self, table: TableId, col: usize) -> &KeyIndex {
        let slot = &self.inner.key_indexes.slots[table as usize * MAX_COLUMNS + col];
        slot.get_or_init(|| KeyIndex::build(self.row_count(table), |r| self.key(table, r, col)))
    }

    /// Row ids of `table` whose column `col` equals `key`, ascending
    /// (O(log n) after a one-time O(n log n) classification per column).
    pub fn rows_with_key(&self, table: TableId, col: usize, key: u32) -> KeyRows<'_> {
        if col >= MAX_COLUMNS || self.row_count(table) == 0 {
            return KeyRows::Run(0..0);
        }
        let n = self.row_count(table);
        self.key_index(table, col)
            .search(n, |r| self.key(table, r, col), key)
    }

    /// Row ids of `table` whose column `col` equals `key`, ascending.
    pub fn find_rows(&self, table: TableId, col: usize, key: u32) -> Vec<u32> {
        self.rows_with_key(table, col, key).collect()
    }

    fn first_with_key(&self, table: TableId, col: usize, key: u32) -> Option<u32> {
        self.rows_with_key(table, col, key).next()
    }

    fn coded_key(kind: CodedKind, token: Token) -> u32 {
        kind.encode(token).unwrap_or(u32::MAX)
    }

    fn owner_map(&self, col: usize, target: TableId) -> &[u32] {
        let cell = if target == TableId::MethodDef {
            &self.inner.method_owner
        } else {
            &self.inner.field_owner
        };
        cell.get_or_init(|| {
            let mut owner = vec![0u32; self.row_count(target) as usize + 1];
            for t in 1..=self.row_count(TableId::TypeDef) {
                if let Ok(it) = self.list(TableId::TypeDef, t, col, target, "list") {
                    for m in it {
                        if let Some(slot) = owner.get_mut(m as usize) {
                            *slot = t;
                        }
                    }
                }
            }
            owner
        })
    }

    /// The type that declares a method.
    pub fn method_owner(&self, h: MethodDefHandle) -> Option<TypeDefHandle> {
        let t = *self.owner_map(5, TableId::MethodDef).get(h.0 as usize)?;
        (t != 0).then_some(TypeDefHandle(t))
    }
    /// The type that declares a field.
    pub fn field_owner(&self, h: FieldHandle) -> Option<TypeDefHandle> {
        let t = *self.owner_map(4, TableId::Field).get(h.0 as usize)?;
        (t != 0).then_some(TypeDefHandle(t))
    }

    /// The enclosing type of a nested type.
    pub fn enclosing_type(&self, h: TypeDefHandle) -> Option<TypeDefHandle> {
        let r = self.first_with_key(TableId::NestedClass, 0, h.0)?;
        self.raw_column(TableId::NestedClass, r, 1)
            .ok()
            .map(TypeDefHandle)
    }
    /// The `ClassLayout` row of a type (packing size, class size).
    pub fn class_layout(&self, h: TypeDefHandle) -> Option<ClassLayoutRow> {
        let r = self.first_with_key(TableId::ClassLayout, 2, h.0)?;
        self.row(ClassLayoutHandle(r)).ok()
    }
    /// The explicit offset of a field (`FieldLayout`).
    pub fn field_layout(&self, h: FieldHandle) -> Option<u32> {
        let r = self.first_with_key(TableId::FieldLayout, 1, h.0)?;
        self.raw_column(TableId::FieldLayout, r, 0).ok()
    }
    /// The RVA of a field's initial data (`FieldRVA`).
    pub fn field_rva(&self, h: FieldHandle) -> Option<u32> {
        let r = self.first_with_key(TableId::FieldRva, 1, h.0)?;
        self.raw_column(TableId::FieldRva, r, 0).ok()
    }
    /// Custom attributes attached to `parent`.
    pub fn custom_attributes(&self, parent: Token) -> Vec<CustomAttributeHandle> {
        let key = Self::coded_key(CodedKind::HasCustomAttribute, parent);
        self.rows_with_key(TableId::CustomAttribute, 0, key)
            .map(CustomAttributeHandle)
            .collect()
    }
    /// Generic parameters of a type or method, ordered by number.
    pub fn generic_params(&self, owner: TypeOrMethodDef) -> Vec<GenericParamHandle> {
        let key = Self::coded_key(CodedKind::TypeOrMethodDef, owner.token());
        let mut v = self.find_rows(TableId::GenericParam, 2, key);
        v.sort_by_key(|&r| self.raw_column(TableId::GenericParam, r, 0).unwrap_or(0));
        v.into_iter().map(GenericParamHandle).collect()
    }
    /// Interfaces a type declares it implements.
    pub fn interface_impls(&self, h: TypeDefHandle) -> Vec<InterfaceImplHandle> {
        self.rows_with_key(TableId::InterfaceImpl, 0, h.0)
            .map(InterfaceImplHandle)
            .collect()
    }
    /// `MethodImpl` rows (explicit overrides) of a type.
    pub fn method_impls(&self, h: TypeDefHandle) -> Vec<MethodImplHandle> {
        self.rows_with_key(TableId::MethodImpl, 0, h.0)
            .map(MethodImplHandle)
            .collect()
    }
    /// Constraints of a generic parameter.
    pub fn generic_param_constraints(
        &self,
        h: GenericParamHandle,
    ) -> Vec<GenericParamConstraintHandle> {
        self.rows_with_key(TableId::GenericParamConstraint, 0, h.0)
            .map(GenericParamConstraintHandle)
            .collect()
    }
    /// The `Constant` row of a field, parameter or property.
    pub fn constant(&self, parent: HasConstant) -> Option<ConstantRow> {
        let key = Self::coded_key(CodedKind::HasConstant, parent.token());
        let r = self.first_with_key(TableId::Constant, 1, key)?;
        self.row(ConstantHandle(r)).ok()
    }
    /// The `ImplMap` (P/Invoke) row of a method.
    pub fn impl_map(&self, h: MethodDefHandle) -> Option<ImplMapRow> {
        let key = Self::coded_key(CodedKind::MemberForwarded, h.token());
        let r = self.first_with_key(TableId::ImplMap, 1, key)?;
        self.row(ImplMapHandle(r)).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key (present or not) finds exactly the rows a scan finds, in
    /// the same order, for sorted and unsorted columns alike.
    fn check(keys: &[u32]) {
        let n = keys.len() as u32;
        let key_of = |r: u32| keys[r as usize - 1];
        let index = KeyIndex::build(n, key_of);
        for key in 0..=keys.iter().max().copied().unwrap_or(0) + 1 {
            let scan: Vec<u32> = (1..=n).filter(|&r| key_of(r) == key).collect();
            let found: Vec<u32> = index.search(n, key_of, key).collect();
            assert_eq!(found, scan, "keys {keys:?}, key {key}");
        }
    }

    #[test]
    fn sorted_columns_are_searched_in_place() {
        let keys = [1, 1, 2, 5, 5, 5, 9];
        assert!(matches!(
            KeyIndex::build(7, |r| keys[r as usize - 1]),
            KeyIndex::InPlace
        ));
        check(&keys);
        check(&[]);
        check(&[3]);
    }

    #[test]
    fn unsorted_columns_get_an_index() {
        let keys = [4, 1, 4, 2, 9, 1, 0];
        assert!(matches!(
            KeyIndex::build(7, |r| keys[r as usize - 1]),
            KeyIndex::Pairs(_)
        ));
        check(&keys);
        check(&[2, 1]);
    }
}
