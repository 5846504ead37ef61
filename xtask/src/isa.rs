//! Which instruction sets the runtime's JIT uses in a given environment, so
//! tests can tell which answer the JIT gives for CPU-dependent operations
//! and which of kiln's precompiled methods the runtime will accept.
//!
//! The runtime decides per process (`EEJitManager::SetCpuInfo` in
//! dotnet/runtime `src/coreclr/vm/codeman.cpp`): the CPU's features minus
//! those turned off by `DOTNET_Enable<Isa>=0`. The same flags decide the
//! JIT's code and the `Check_InstructionSetSupport` fixups of precompiled
//! code (`jitinterface.cpp`). A probe app asks the runtime itself: under
//! the JIT, `System.Runtime.Intrinsics.X86.<Isa>.IsSupported` is exactly that
//! flag. Names are those of `kiln_runtime_abi::isa::InstructionSet`.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::dotnet::{run_app, RunOptions};
use crate::toolchain::Toolchain;

/// The probe: prints `Name=True|False` for each instruction set it can ask
/// about (C# the Mono compiler accepts, so it goes through reflection).
const PROBE: &str = r#"
using System;
static class IsaProbe {
    static void Ask(string name, string type) {
        Type t = Type.GetType(type + ", System.Private.CoreLib");
        if (t != null) Console.WriteLine(name + "=" + t.GetProperty("IsSupported").GetValue(null, null));
    }
    static int Main() {
        string x = "System.Runtime.Intrinsics.X86.";
        string[] sets = { "X86Base", "Sse", "Sse2", "Sse3", "Ssse3", "Sse41", "Sse42", "Avx", "Avx2",
            "Aes", "Bmi1", "Bmi2", "Fma", "Lzcnt", "Pclmulqdq", "Popcnt", "AvxVnni", "X86Serialize",
            "Avx512F", "Avx512BW", "Avx512CD", "Avx512DQ", "Avx512Vbmi" };
        foreach (string s in sets) {
            Ask(s, x + s);
            if (s.StartsWith("Avx512")) Ask(s + "_VL", x + s + "+VL");
        }
        Type v = Type.GetType("System.Numerics.Vector`1, System.Private.CoreLib").MakeGenericType(typeof(byte));
        int bytes = (int)v.GetProperty("Count").GetValue(null, null);
        Console.WriteLine("VectorT128=" + (bytes == 16));
        Console.WriteLine("VectorT256=" + (bytes == 32));
        Console.WriteLine("VectorT512=" + (bytes == 64));
        return 100;
    }
}
"#;

/// The instruction sets the runtime reports in one environment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuntimeIsa {
    /// Name → supported, for every set the probe could ask about.
    pub sets: BTreeMap<String, bool>,
}

impl RuntimeIsa {
    /// Parses the probe's output.
    fn parse(text: &str) -> Result<RuntimeIsa, String> {
        let mut sets = BTreeMap::new();
        for line in text.lines() {
            let (name, value) = line
                .split_once('=')
                .ok_or_else(|| format!("unexpected probe line {line:?}"))?;
            let value = match value {
                "True" => true,
                "False" => false,
                _ => return Err(format!("unexpected probe line {line:?}")),
            };
            sets.insert(name.to_string(), value);
        }
        if !sets.contains_key("Avx512F") {
            return Err(format!("the probe did not report Avx512F:\n{text}"));
        }
        Ok(RuntimeIsa { sets })
    }

    /// Whether the JIT uses AVX-512F.
    pub fn avx512f(&self) -> bool {
        self.sets.get("Avx512F").copied().unwrap_or(false)
    }

    /// The expected-output variant the JIT's CPU-dependent answers follow:
    /// `avx512` or `noavx512` (see [`expected_output_path`]).
    pub fn variant(&self) -> &'static str {
        if self.avx512f() {
            "avx512"
        } else {
            "noavx512"
        }
    }

    /// Whether the runtime meets one condition of kiln's report (`-Name`:
    /// must be unsupported, `+Name`: must be supported).
    ///
    /// # Errors
    /// A malformed condition or a set the probe does not know.
    pub fn satisfies(&self, condition: &str) -> Result<bool, String> {
        let (want, name) = match condition.split_at_checked(1) {
            Some(("+", name)) => (true, name),
            Some(("-", name)) => (false, name),
            _ => return Err(format!("malformed instruction-set condition {condition:?}")),
        };
        match self.sets.get(name) {
            Some(&have) => Ok(have == want),
            None => Err(format!("the runtime probe does not know {name}")),
        }
    }

    /// Whether the runtime meets every condition.
    ///
    /// # Errors
    /// As [`Self::satisfies`].
    pub fn satisfies_all(&self, conditions: &[String]) -> Result<bool, String> {
        for c in conditions {
            if !self.satisfies(c)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// The probe assembly, built once per content (cached under `target/`).
fn probe_exe(toolchain: &Toolchain) -> Result<PathBuf, String> {
    let hash = PROBE.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    });
    let dir = crate::workspace_root()
        .join("target")
        .join("kiln-isa-probe");
    let exe = dir.join(format!("isa_probe_{hash:016x}.exe"));
    // Test threads of one process share its id, so the temporaries below
    // are per process only: one builder at a time within the process.
    static BUILDING: Mutex<()> = Mutex::new(());
    let _guard = BUILDING.lock().unwrap_or_else(|e| e.into_inner());
    if exe.exists() {
        return Ok(exe);
    }
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // Built under a per-process name, then renamed: concurrent test
    // processes never see half an assembly.
    let src = dir.join(format!("isa_probe_{}.cs", std::process::id()));
    let tmp = dir.join(format!("isa_probe_{}.tmp.exe", std::process::id()));
    std::fs::write(&src, PROBE).map_err(|e| format!("cannot write {}: {e}", src.display()))?;
    let built = toolchain.compile_cs(&src, &tmp);
    let _ = std::fs::remove_file(&src);
    built?;
    if let Err(e) = std::fs::rename(&tmp, &exe) {
        let _ = std::fs::remove_file(&tmp);
        // Another process may have put the same probe in place first.
        if !exe.exists() {
            return Err(format!("cannot rename {}: {e}", tmp.display()));
        }
    }
    Ok(exe)
}

/// Extra environment variables of a run.
type Env = Vec<(OsString, OsString)>;

/// What the runtime reports with the extra environment `env` (on top of
/// this process's), asked once per distinct `env` per process.
///
/// # Errors
/// The probe could not be built or run, or printed something unexpected.
pub fn probe(toolchain: &Toolchain, env: &[(OsString, OsString)]) -> Result<RuntimeIsa, String> {
    static CACHE: Mutex<Vec<(Env, RuntimeIsa)>> = Mutex::new(Vec::new());
    if let Some((_, isa)) = CACHE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(e, _)| e == env)
    {
        return Ok(isa.clone());
    }
    let exe = probe_exe(toolchain)?;
    let options = RunOptions {
        capture: true,
        env: env.to_vec(),
        timeout: Some(std::time::Duration::from_secs(60)),
    };
    let run = run_app(toolchain, &exe, &[], &options)
        .map_err(|e| format!("cannot run the instruction-set probe: {e}"))?;
    if run.exit_code != Some(100) {
        return Err(format!(
            "the instruction-set probe failed ({:?}): {}",
            run.exit_code, run.stderr
        ));
    }
    let isa = RuntimeIsa::parse(&run.stdout)?;
    CACHE
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((env.to_vec(), isa.clone()));
    Ok(isa)
}

/// The expected-output file of a program whose output is `<stem>.out`:
/// `<stem>.<variant>.out` ([`RuntimeIsa::variant`]) when the program has
/// per-CPU variants (its output depends on the JIT's instruction sets), else
/// `<stem>.out` itself.
pub fn expected_output_path(out: &Path, isa: &RuntimeIsa) -> PathBuf {
    let variant = out.with_extension(format!("{}.out", isa.variant()));
    if variant.exists() {
        variant
    } else {
        out.to_path_buf()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probe_output_parses_and_conditions_evaluate() {
        let isa = RuntimeIsa::parse("Sse2=True\nAvx512F=False\nVectorT512=False\n").unwrap();
        assert!(!isa.avx512f());
        assert_eq!(isa.variant(), "noavx512");
        assert_eq!(isa.satisfies("-Avx512F"), Ok(true));
        assert_eq!(isa.satisfies("+Avx512F"), Ok(false));
        assert_eq!(isa.satisfies("+Sse2"), Ok(true));
        assert!(isa.satisfies("Avx512F").is_err());
        assert!(isa.satisfies("-Avx10").is_err());
        let all = ["-Avx512F".to_string(), "-VectorT512".to_string()];
        assert_eq!(isa.satisfies_all(&all), Ok(true));
        assert!(RuntimeIsa::parse("Sse2=True\n").is_err());
        assert!(RuntimeIsa::parse("Avx512F=maybe\n").is_err());
    }

    #[test]
    fn variants_are_chosen_only_when_present() {
        let dir = std::env::temp_dir().join(format!("kiln-isa-variant-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("p.out");
        let avx = RuntimeIsa::parse("Avx512F=True\n").unwrap();
        assert_eq!(expected_output_path(&out, &avx), out);
        std::fs::write(dir.join("p.avx512.out"), "x").unwrap();
        assert_eq!(expected_output_path(&out, &avx), dir.join("p.avx512.out"));
        let no = RuntimeIsa::parse("Avx512F=False\n").unwrap();
        assert_eq!(expected_output_path(&out, &no), out);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
