//! The compilation target: crossgen2's `--targetos`/`--targetarch` names
//! (`windows`, `linux`, `osx`, `freebsd`; `x64`, `x86`, `arm`, `arm64`,
//! `loongarch64`, `riscv64`) or a `--target` triple, read into a
//! [`target_lexicon::Triple`].
//!
//! Whether kiln compiles for the triple is the registry's answer
//! ([`kiln_driver::Registry::resolve`]): kiln's own backend writes
//! x86_64-unknown-linux-gnu (the Linux R2R machine override, the SysV ABI),
//! and every other target is refused by name, so that `--targetos:windows`
//! from a copied crossgen2 command line fails clearly instead of producing
//! an image the runtime would reject.

use std::str::FromStr;

use target_lexicon::{
    Aarch64Architecture, Architecture, ArmArchitecture, BinaryFormat, Environment, OperatingSystem,
    Riscv64Architecture, Triple, Vendor, X86_32Architecture,
};

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

/// The target of `--targetos`/`--targetarch` (defaulting to `linux` and
/// `x64`) or of `--target`.
///
/// # Errors
/// An unknown name; the message names crossgen2's names.
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
    fn crossgen2_names_become_triples() {
        for (os, arch, triple) in [
            ("windows", "x64", "x86_64-pc-windows-msvc"),
            ("linux", "arm64", "aarch64-unknown-linux-gnu"),
            ("osx", "x64", "x86_64-apple-darwin"),
        ] {
            let t = resolve(Some(os), Some(arch), None).unwrap();
            assert_eq!(t.to_string(), triple);
        }
        let err = resolve(Some("plan9"), None, None).unwrap_err();
        assert!(err.contains("unknown --targetos plan9"), "{err}");
        let err = resolve(None, Some("mips"), None).unwrap_err();
        assert!(err.contains("unknown --targetarch mips"), "{err}");
        assert!(resolve(None, None, Some("nonsense-triple-x")).is_err());
    }

    /// The registry refuses what kiln does not compile for, naming what
    /// exists.
    #[test]
    fn other_targets_are_refused_by_the_registry() {
        let registry = kiln_driver::Registry::builtin();
        let pe = kiln_driver::ObjectFormat::PE;
        for (os, arch, target) in [
            (Some("windows"), None, None),
            (None, Some("arm64"), None),
            (Some("osx"), Some("x64"), None),
            (None, None, Some("aarch64-unknown-linux-gnu")),
        ] {
            let t = resolve(os, arch, target).unwrap();
            let err = registry.resolve(&t, &pe).unwrap_err().to_string();
            assert!(
                err.contains(&t.to_string()) && err.contains("x64: x86_64-unknown-linux-gnu"),
                "{err}"
            );
        }
    }
}
