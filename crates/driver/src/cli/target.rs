//! The compilation target: crossgen2's `--targetos`/`--targetarch` names
//! (`windows`, `linux`, `osx`, `freebsd`; `x64`, `x86`, `arm`, `arm64`,
//! `loongarch64`, `riscv64`) or a `--target` triple, read into a
//! [`target_lexicon::Triple`] and checked against what kiln writes.
//!
//! kiln writes one target: x86_64-unknown-linux-gnu (the Linux R2R machine
//! override, the SysV ABI). Every other target is refused by name, so that
//! `--targetos:windows` from a copied crossgen2 command line fails clearly
//! instead of producing an image the runtime would reject.

use std::str::FromStr;

use target_lexicon::{
    Aarch64Architecture, Architecture, ArmArchitecture, BinaryFormat, Environment, OperatingSystem,
    Riscv64Architecture, Triple, Vendor, X86_32Architecture,
};

/// The one target kiln writes, in crossgen2's words.
pub const SUPPORTED: &str = "linux/x64 (x86_64-unknown-linux-gnu)";

/// The triple of crossgen2's OS name (case-insensitive), architecture left
/// unknown.
fn os_triple(os: &str) -> Option<Triple> {
    let mut t = Triple::unknown();
    let (vendor, system, env, format) = match os.to_ascii_lowercase().as_str() {
        "linux" => (
            Vendor::Unknown,
            OperatingSystem::Linux,
            Environment::Gnu,
            BinaryFormat::Elf,
        ),
        "windows" => (
            Vendor::Pc,
            OperatingSystem::Windows,
            Environment::Msvc,
            BinaryFormat::Coff,
        ),
        "osx" => (
            Vendor::Apple,
            OperatingSystem::Darwin(None),
            Environment::Unknown,
            BinaryFormat::Macho,
        ),
        "freebsd" => (
            Vendor::Unknown,
            OperatingSystem::Freebsd,
            Environment::Unknown,
            BinaryFormat::Elf,
        ),
        _ => return None,
    };
    t.vendor = vendor;
    t.operating_system = system;
    t.environment = env;
    t.binary_format = format;
    Some(t)
}

/// The architecture of crossgen2's name (case-insensitive).
fn arch(name: &str) -> Option<Architecture> {
    Some(match name.to_ascii_lowercase().as_str() {
        "x64" => Architecture::X86_64,
        "x86" => Architecture::X86_32(X86_32Architecture::I686),
        "arm" => Architecture::Arm(ArmArchitecture::Armv7),
        "arm64" => Architecture::Aarch64(Aarch64Architecture::Aarch64),
        "loongarch64" => Architecture::LoongArch64,
        "riscv64" => Architecture::Riscv64(Riscv64Architecture::Riscv64),
        _ => return None,
    })
}

/// The target of `--targetos`/`--targetarch` (each defaulting to kiln's
/// one target) or of `--target`.
///
/// # Errors
/// An unknown name, or a target kiln does not write; the message names
/// what exists.
pub fn resolve(
    targetos: Option<&str>,
    targetarch: Option<&str>,
    target: Option<&str>,
) -> Result<Triple, String> {
    let triple = match target {
        Some(t) => Triple::from_str(t).map_err(|e| format!("--target {t}: {e}"))?,
        None => {
            let os = targetos.unwrap_or("linux");
            let mut t = os_triple(os).ok_or_else(|| {
                format!("unknown --targetos {os} (crossgen2's names: windows, linux, osx, freebsd)")
            })?;
            let a = targetarch.unwrap_or("x64");
            t.architecture = arch(a).ok_or_else(|| {
                format!(
                    "unknown --targetarch {a} (crossgen2's names: x64, x86, arm, arm64, \
                     loongarch64, riscv64)"
                )
            })?;
            t
        }
    };
    let supported = triple.architecture == Architecture::X86_64
        && triple.operating_system == OperatingSystem::Linux;
    if !supported {
        return Err(format!(
            "unsupported target {triple}: kiln compiles only for {SUPPORTED}; \
             its image writer emits the Linux ReadyToRun machine and the x64 SysV code"
        ));
    }
    Ok(triple)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linux_x64_in_any_spelling() {
        for (os, arch, target) in [
            (None, None, None),
            (Some("linux"), Some("x64"), None),
            (Some("Linux"), Some("X64"), None),
            (None, None, Some("x86_64-unknown-linux-gnu")),
        ] {
            let t = resolve(os, arch, target).unwrap();
            assert_eq!(t.to_string(), "x86_64-unknown-linux-gnu");
        }
    }

    #[test]
    fn other_targets_are_refused_by_name() {
        let err = resolve(Some("windows"), None, None).unwrap_err();
        assert!(
            err.contains("x86_64-pc-windows-msvc") && err.contains(SUPPORTED),
            "{err}"
        );
        let err = resolve(None, Some("arm64"), None).unwrap_err();
        assert!(err.contains("aarch64-unknown-linux-gnu"), "{err}");
        let err = resolve(Some("osx"), Some("x64"), None).unwrap_err();
        assert!(err.contains("x86_64-apple-darwin"), "{err}");
        let err = resolve(Some("plan9"), None, None).unwrap_err();
        assert!(err.contains("unknown --targetos plan9"), "{err}");
        let err = resolve(None, Some("mips"), None).unwrap_err();
        assert!(err.contains("unknown --targetarch mips"), "{err}");
        assert!(resolve(None, None, Some("nonsense-triple-x")).is_err());
        assert!(resolve(None, None, Some("aarch64-unknown-linux-gnu")).is_err());
    }
}
