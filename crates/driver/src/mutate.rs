//! Mutation of real assemblies for robustness testing: the bounded mutation
//! test (`tests/mutate.rs`) and the cargo-fuzz target (`fuzz/`) feed mutated
//! copies of real inputs through the whole compile path
//! ([`crate::Compiler::compile_source`]: metadata, lowering, codegen, writer)
//! and require that no method ends in an internal error (a caught panic).
//!
//! Mutations overwrite bytes in place (the PE layout stays intact, so most
//! mutants still parse and reach the importer): mostly inside the method
//! bodies, where an IL opcode byte is often chosen, sometimes anywhere in
//! the metadata.

use std::ops::Range;

use kiln_metadata::tables::MethodDefHandle;
use kiln_metadata::Assembly;

/// The file ranges worth mutating.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regions {
    /// From the first method body to the end of the last one.
    pub bodies: Range<usize>,
    /// The whole file.
    pub file: Range<usize>,
}

impl Regions {
    /// The regions of `bytes`, or `None` if it is not a CLI assembly with
    /// method bodies.
    pub fn of(bytes: &[u8]) -> Option<Regions> {
        let asm = Assembly::from_bytes(bytes.to_vec()).ok()?;
        let (mut lo, mut hi) = (usize::MAX, 0);
        for h in asm.handles::<MethodDefHandle>() {
            let Ok(Some(body)) = asm.method_body(h) else {
                continue;
            };
            let Some(off) = asm.rva_to_offset(body.rva, body.total_size) else {
                continue;
            };
            lo = lo.min(off);
            hi = hi.max(off + body.total_size as usize);
        }
        (lo < hi).then_some(Regions {
            bodies: lo..hi,
            file: 0..bytes.len(),
        })
    }
}

/// A small deterministic generator (xorshift64).
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// IL opcode bytes the importer handles, over-represented so that mutated
/// bodies stay decodable often enough to reach the translator.
const OPCODES: &[u8] = &[
    0x00, 0x02, 0x03, 0x06, 0x0A, 0x14, 0x16, 0x17, 0x15, 0x1F, 0x20, 0x21, 0x25, 0x26, 0x28, 0x2A,
    0x2B, 0x2C, 0x2D, 0x2E, 0x38, 0x45, 0x58, 0x5B, 0x5C, 0x5D, 0x62, 0x63, 0x67, 0x6A, 0x6F, 0x72,
    0x73, 0x74, 0x75, 0x7A, 0x7B, 0x7C, 0x7D, 0x82, 0x8D, 0x8E, 0x91, 0x94, 0x9A, 0x9C, 0x9E, 0xA2,
    0xB3, 0xD3, 0xD6, 0xFE,
];

/// Overwrites 1–4 bytes of `bytes` in place.
pub fn mutate(bytes: &mut [u8], regions: &Regions, rng: &mut Rng) {
    for _ in 0..=rng.below(4) {
        let r = if rng.below(8) == 0 {
            &regions.file
        } else {
            &regions.bodies
        };
        if r.is_empty() || r.end > bytes.len() {
            continue;
        }
        let at = r.start + rng.below(r.len());
        bytes[at] = match rng.below(4) {
            0 => bytes[at] ^ (1 << rng.below(8)),
            1 => rng.next_u64() as u8,
            _ => OPCODES[rng.below(OPCODES.len())],
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutation_stays_inside_the_file_and_changes_it() {
        let regions = Regions {
            bodies: 10..20,
            file: 0..32,
        };
        let mut rng = Rng(7);
        let mut changed = 0;
        for _ in 0..100 {
            let mut b = vec![0u8; 32];
            mutate(&mut b, &regions, &mut rng);
            changed += usize::from(b != [0u8; 32]);
        }
        assert!(changed > 80, "{changed}");
    }
}
