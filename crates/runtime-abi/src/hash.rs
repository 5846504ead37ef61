//! Version-resilient hash codes: the keys of `AvailableTypes` and
//! `InstanceMethodEntryPoints`.
//!
//! Specification: `src/coreclr/vm/typehashingalgorithms.h`,
//! `src/coreclr/vm/versionresilienthashcode.cpp`; crossgen2
//! `ReadyToRunHashCode.cs`. Names are hashed as UTF-8 bytes, each byte
//! sign-extended as a C `char`.

/// `ComputeNameHashCode` of one string (0 for the empty string).
pub fn name_hash(name: &str) -> u32 {
    name_hash_bytes(name.as_bytes())
}

/// `ComputeNameHashCode` of raw UTF-8 bytes.
pub fn name_hash_bytes(src: &[u8]) -> u32 {
    if src.is_empty() {
        return 0;
    }
    let mut h1: u32 = 0x6DA3_B944;
    let mut h2: u32 = 0;
    let mut i = 0;
    while i < src.len() {
        h1 = h1.wrapping_add(h1.rotate_left(5)) ^ (src[i] as i8 as i32 as u32);
        if i + 1 < src.len() {
            h2 = h2.wrapping_add(h2.rotate_left(5)) ^ (src[i + 1] as i8 as i32 as u32);
        } else {
            break;
        }
        i += 2;
    }
    h1 = h1.wrapping_add(h1.rotate_left(8));
    h2 = h2.wrapping_add(h2.rotate_left(8));
    h1 ^ h2
}

/// Hash of a namespace/name pair: `name_hash(ns) ^ name_hash(name)`.
pub fn type_name_hash(namespace: &str, name: &str) -> u32 {
    name_hash(namespace) ^ name_hash(name)
}

/// `ComputeNestedTypeHashCode`.
pub fn nested_type_hash(enclosing: u32, nested_name_hash: u32) -> u32 {
    enclosing.wrapping_add(enclosing.rotate_left(11)) ^ nested_name_hash
}

/// `ComputeArrayTypeHashCode`.
pub fn array_type_hash(element: u32, rank: u32) -> u32 {
    let mut h = 0xD531_3556u32.wrapping_add(rank);
    h = h.wrapping_add(h.rotate_left(13)) ^ element;
    h.wrapping_add(h.rotate_left(15))
}

/// `ComputePointerTypeHashCode`.
pub fn pointer_type_hash(pointee: u32) -> u32 {
    pointee.wrapping_add(pointee.rotate_left(5)) ^ 0x12D0
}

/// `ComputeByrefTypeHashCode`.
pub fn byref_type_hash(param: u32) -> u32 {
    param.wrapping_add(param.rotate_left(7)) ^ 0x4C85
}

/// `ComputeGenericInstanceHashCode`.
pub fn generic_instance_hash(definition: u32, args: &[u32]) -> u32 {
    let mut h = definition;
    for a in args {
        h = h.wrapping_add(h.rotate_left(13)) ^ a;
    }
    h.wrapping_add(h.rotate_left(15))
}

/// The `AvailableTypes` key of a type definition: XOR of
/// `type_name_hash(ns, name)` over the type and its enclosing types
/// (`ns` of nested types is usually empty).
pub fn available_type_hash(chain: &[(&str, &str)]) -> u32 {
    chain.iter().fold(0, |h, (ns, n)| h ^ type_name_hash(ns, n))
}

/// `GetVersionResilientMethodHashCode`: owner type hash XOR the name hash
/// (combined with the method instantiation's hashes if any).
pub fn method_hash(owner_type_hash: u32, method_name: &str, instantiation: &[u32]) -> u32 {
    let n = name_hash(method_name);
    if instantiation.is_empty() {
        owner_type_hash ^ n
    } else {
        owner_type_hash ^ generic_instance_hash(n, instantiation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn array_hash_start_matches_name_of_array_type() {
        // crossgen2 asserts 0xD5313556 + 1 == NameHashCode("System.Array`1").
        assert_eq!(0xD531_3556u32 + 1, name_hash("System.Array`1"));
    }

    #[test]
    fn odd_lengths_and_empty() {
        assert_eq!(name_hash(""), 0);
        assert_ne!(name_hash("a"), name_hash("b"));
        assert_eq!(type_name_hash("", "X"), name_hash("X"));
    }
}
