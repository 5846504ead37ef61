//! Instruction-set assumptions of precompiled code: the R2R instruction-set
//! ids and the `READYTORUN_FIXUP_Check_InstructionSetSupport` (0x30) fixup
//! that makes the runtime reject a method whose code assumes a CPU it is not
//! running on.
//!
//! **The fixup.** Signature: kind byte `0x30`, a compressed count, then per
//! instruction set a compressed `(id << 1) | must_be_supported`. The runtime
//! (`src/coreclr/vm/jitinterface.cpp`, `LoadDynamicInfoEntry`, case
//! `ENCODE_CHECK_INSTRUCTION_SET_SUPPORT`) compares every entry with the
//! instruction sets the JIT would use on this process
//! (`EEJitManager::GetCPUCompileFlags`, which honours `DOTNET_EnableAVX512F=0`
//! and friends); any mismatch fails the fixup, so the method's precompiled
//! code is not used and the JIT compiles it instead.
//!
//! **The ids** (`src/coreclr/inc/readytoruninstructionset.h`, generated from
//! `src/coreclr/tools/Common/JitInterface/ThunkGenerator/InstructionSetDesc.txt`;
//! append-only, .NET 8 ends at `VectorT512` = 41): [`InstructionSet`].
//!
//! **What crossgen2 writes.** `CorInfoImpl.ReadyToRun.cs` (`PublishCode`)
//! collects the instruction sets the JIT asked about
//! (`notifyInstructionSetUsage`), expands the supported ones by implication
//! and the unsupported ones by *reverse* implication (every set that implies
//! an unsupported one is unsupported too), and emits one fixup per method.
//! The shipped 8.0.4 CoreLib shows the shape for "AVX-512F must be absent":
//! `Vector512.get_IsHardwareAccelerated()` carries
//! `[58, 60, 62, 64, 66, 68, 70, 72, 74, 76, 82]` — Avx512F, Avx512F_VL,
//! Avx512BW(_VL), Avx512CD(_VL), Avx512DQ(_VL), Avx512Vbmi(_VL) and
//! VectorT512, all unsupported. [`avx512f_unsupported`] is exactly that list.

use std::fmt;

use crate::r2r::FixupKind;
use crate::sig::write_compressed_u32;

macro_rules! instruction_sets {
    ($($name:ident = $id:literal,)*) => {
        /// A `ReadyToRunInstructionSet` id (readytoruninstructionset.h, the
        /// x64 and shared entries of the .NET 8 list).
        #[allow(non_camel_case_types, missing_docs)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[repr(u32)]
        pub enum InstructionSet {
            $($name = $id,)*
        }

        impl InstructionSet {
            /// Every id this crate knows, ascending.
            pub const ALL: &'static [InstructionSet] = &[$(InstructionSet::$name,)*];

            /// The set with id `raw`, if known.
            pub fn from_raw(raw: u32) -> Option<InstructionSet> {
                match raw {
                    $($id => Some(InstructionSet::$name),)*
                    _ => None,
                }
            }

            /// The name as readytoruninstructionset.h spells it (without the
            /// `READYTORUN_INSTRUCTION_` prefix).
            pub fn name(self) -> &'static str {
                match self {
                    $(InstructionSet::$name => stringify!($name),)*
                }
            }
        }
    };
}

instruction_sets! {
    Sse = 1,
    Sse2 = 2,
    Sse3 = 3,
    Ssse3 = 4,
    Sse41 = 5,
    Sse42 = 6,
    Avx = 7,
    Avx2 = 8,
    Aes = 9,
    Bmi1 = 10,
    Bmi2 = 11,
    Fma = 12,
    Lzcnt = 13,
    Pclmulqdq = 14,
    Popcnt = 15,
    ArmBase = 16,
    AdvSimd = 17,
    Crc32 = 18,
    Sha1 = 19,
    Sha256 = 20,
    Atomics = 21,
    X86Base = 22,
    Dp = 23,
    Rdm = 24,
    AvxVnni = 25,
    Rcpc = 26,
    Movbe = 27,
    X86Serialize = 28,
    Avx512F = 29,
    Avx512F_VL = 30,
    Avx512BW = 31,
    Avx512BW_VL = 32,
    Avx512CD = 33,
    Avx512CD_VL = 34,
    Avx512DQ = 35,
    Avx512DQ_VL = 36,
    Avx512Vbmi = 37,
    Avx512Vbmi_VL = 38,
    VectorT128 = 39,
    VectorT256 = 40,
    VectorT512 = 41,
}

impl InstructionSet {
    /// The id.
    pub fn raw(self) -> u32 {
        self as u32
    }
}

/// One entry of a `Check_InstructionSetSupport` fixup: `set` must be
/// (`supported`) or must not be (`!supported`) available.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsaCheck {
    /// The instruction set.
    pub set: InstructionSet,
    /// Whether the runtime must support it (`true`) or must not (`false`).
    pub supported: bool,
}

impl IsaCheck {
    /// The encoded value `(id << 1) | supported`.
    pub fn raw(self) -> u32 {
        (self.set.raw() << 1) | self.supported as u32
    }

    /// Decodes an encoded value; `None` for an id this crate does not know.
    pub fn from_raw(raw: u32) -> Option<IsaCheck> {
        Some(IsaCheck {
            set: InstructionSet::from_raw(raw >> 1)?,
            supported: raw & 1 == 1,
        })
    }
}

impl fmt::Display for IsaCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.supported { '+' } else { '-' };
        write!(f, "{sign}{}", self.set.name())
    }
}

/// "AVX-512F is not available", as crossgen2 writes it: AVX512F and every
/// set that implies it, unsupported, ascending by id (the list in the
/// 8.0.4 CoreLib's `Vector512.get_IsHardwareAccelerated()`).
pub fn avx512f_unsupported() -> Vec<IsaCheck> {
    use InstructionSet as I;
    [
        I::Avx512F,
        I::Avx512F_VL,
        I::Avx512BW,
        I::Avx512BW_VL,
        I::Avx512CD,
        I::Avx512CD_VL,
        I::Avx512DQ,
        I::Avx512DQ_VL,
        I::Avx512Vbmi,
        I::Avx512Vbmi_VL,
        I::VectorT512,
    ]
    .into_iter()
    .map(|set| IsaCheck {
        set,
        supported: false,
    })
    .collect()
}

/// The `Check_InstructionSetSupport` fixup signature for `checks` (sorted and
/// deduplicated first, so equal requirements give equal bytes and share one
/// import cell).
pub fn fixup_check_instruction_sets(checks: &[IsaCheck]) -> Vec<u8> {
    let mut raw: Vec<u32> = checks.iter().map(|c| c.raw()).collect();
    raw.sort_unstable();
    raw.dedup();
    let mut v = vec![FixupKind::Check_InstructionSetSupport.raw()];
    write_compressed_u32(&mut v, raw.len() as u32);
    for r in raw {
        write_compressed_u32(&mut v, r);
    }
    v
}

/// The decoded values of a `Check_InstructionSetSupport` payload
/// ([`crate::sig::FixupPayload::InstructionSets`]) as text: `-Avx512F
/// +Sse2 …`, unknown ids as `?<id>` with their sign.
pub fn describe(raw: &[u32]) -> String {
    raw.iter()
        .map(|&r| match IsaCheck::from_raw(r) {
            Some(c) => c.to_string(),
            None => format!("{}?{}", if r & 1 == 1 { '+' } else { '-' }, r >> 1),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The checks of a `Check_InstructionSetSupport` payload; `None` if an id is
/// unknown.
pub fn decode_checks(raw: &[u32]) -> Option<Vec<IsaCheck>> {
    raw.iter().map(|&r| IsaCheck::from_raw(r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sig::{FixupPayload, FixupSig};

    #[test]
    fn ids_round_trip_and_are_the_header_values() {
        for &s in InstructionSet::ALL {
            assert_eq!(InstructionSet::from_raw(s.raw()), Some(s));
        }
        assert_eq!(InstructionSet::X86Base.raw(), 22);
        assert_eq!(InstructionSet::Avx512F.raw(), 29);
        assert_eq!(InstructionSet::VectorT512.raw(), 41);
        assert_eq!(InstructionSet::from_raw(0), None);
        assert_eq!(InstructionSet::from_raw(42), None);
    }

    /// The bytes crossgen2 wrote for CoreLib 8.0.4's
    /// `Vector512.get_IsHardwareAccelerated()` (import section 5, cell 9).
    #[test]
    fn avx512f_unsupported_is_crossgen2s_fixup() {
        let sig = fixup_check_instruction_sets(&avx512f_unsupported());
        assert_eq!(
            sig,
            [0x30, 11, 58, 60, 62, 64, 66, 68, 70, 72, 74, 76, 82],
            "{sig:02x?}"
        );
        let (decoded, len) = FixupSig::decode(&sig).unwrap();
        assert_eq!(len, Some(sig.len()));
        let FixupPayload::InstructionSets(raw) = &decoded.payload else {
            panic!("{decoded:?}")
        };
        assert_eq!(decode_checks(raw), Some(avx512f_unsupported()));
        assert_eq!(decoded.encode().unwrap(), sig);
        assert!(describe(raw).starts_with("-Avx512F -Avx512F_VL -Avx512BW "));
    }

    #[test]
    fn checks_are_sorted_and_deduplicated() {
        let a = IsaCheck {
            set: InstructionSet::Sse2,
            supported: true,
        };
        let b = IsaCheck {
            set: InstructionSet::X86Base,
            supported: true,
        };
        assert_eq!(fixup_check_instruction_sets(&[b, a, b]), [0x30, 2, 5, 45]);
        assert_eq!(describe(&[5, 45, 200, 201]), "+Sse2 +X86Base -?100 +?100");
        assert_eq!(decode_checks(&[5, 200]), None);
    }
}
