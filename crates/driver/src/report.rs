//! The compile report: one entry per method of the input — compiled, or
//! skipped with the stage and reason — serialisable as JSON for
//! `kiln compile --report` and the end-to-end harness.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The pipeline stage that declined a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The method has no IL to compile (abstract, extern, runtime-provided).
    Metadata,
    /// IL → IR: the importer does not support something in the method.
    Lower,
    /// IR → machine code.
    Codegen,
    /// The container writer rejected the code (a backend bug, reported
    /// instead of failing the whole image).
    Writer,
    /// Left to the JIT on request (`kiln compile --exclude-method`,
    /// [`crate::CompileOptions::exclude_methods`]).
    Excluded,
    /// kiln itself failed on the method (a caught panic: a bug to report);
    /// the method is skipped and the rest of the input still compiles.
    Internal,
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stage::Metadata => "metadata",
            Stage::Lower => "lower",
            Stage::Codegen => "codegen",
            Stage::Writer => "writer",
            Stage::Excluded => "excluded",
            Stage::Internal => "internal",
        })
    }
}

/// Why a method was not compiled. Skipped methods run under the JIT.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Skip {
    /// Which stage declined it.
    pub stage: Stage,
    /// A human-readable reason.
    pub reason: String,
}

impl Skip {
    /// A skip at `stage` with `reason`.
    pub fn new(stage: Stage, reason: impl Into<String>) -> Self {
        Skip {
            stage,
            reason: reason.into(),
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.stage, self.reason)
    }
}

/// What happened to one method.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// Native code is in the image.
    Compiled {
        /// Bytes of machine code (main body and funclets).
        code_size: u32,
        /// The instruction-set conditions the code carries
        /// (`Check_InstructionSetSupport`, see `kiln_runtime_abi::isa`):
        /// `-Avx512F` = used only where AVX-512F is unavailable, `+Set` =
        /// only where it is. Elsewhere the runtime rejects the code and
        /// JIT-compiles the method. Empty: valid on every CPU.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        instruction_sets: Vec<String>,
    },
    /// Not compiled; the runtime JIT-compiles it if it runs.
    Skipped {
        /// The stage that declined it.
        stage: Stage,
        /// Why.
        reason: String,
    },
}

/// One method of the input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodReport {
    /// The MethodDef token (`0x06xxxxxx`).
    pub token: u32,
    /// The name as the JIT's method summary prints it (see [`crate::names`]),
    /// e.g. `P:Main()`.
    pub name: String,
    /// Whether the method has an IL body (only those count as candidates).
    pub has_il: bool,
    /// Compiled or skipped.
    #[serde(flatten)]
    pub outcome: Outcome,
}

impl MethodReport {
    /// Whether the method's native code is in the image.
    pub fn is_compiled(&self) -> bool {
        matches!(self.outcome, Outcome::Compiled { .. })
    }

    /// The instruction-set conditions of a compiled method's code (empty if
    /// skipped or valid on every CPU).
    pub fn instruction_sets(&self) -> &[String] {
        match &self.outcome {
            Outcome::Compiled {
                instruction_sets, ..
            } => instruction_sets,
            Outcome::Skipped { .. } => &[],
        }
    }
}

fn is_internal(m: &MethodReport) -> bool {
    matches!(
        m.outcome,
        Outcome::Skipped {
            stage: Stage::Internal,
            ..
        }
    )
}

/// The report for one input assembly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// The assembly's simple name.
    pub assembly: String,
    /// The input file.
    pub input: PathBuf,
    /// Number of methods compiled.
    pub compiled: usize,
    /// Number of methods with an IL body (the candidates).
    pub candidates: usize,
    /// Number of methods skipped because of an internal error
    /// ([`Stage::Internal`]); anything but 0 is a kiln bug.
    #[serde(default)]
    pub internal_errors: usize,
    /// Every MethodDef, in row order.
    pub methods: Vec<MethodReport>,
    /// Number of instantiations compiled.
    #[serde(default)]
    pub instantiations_compiled: usize,
    /// The instantiations of generic code the driver tried to compile (the
    /// canonical `__Canon` instantiation of each instance method of a
    /// generic class), named as the JIT log names them; `token` is the
    /// MethodDef's. The MethodDef entry of such a method says its code is
    /// per instantiation, or carries the instantiation's skip reason.
    #[serde(default)]
    pub instantiations: Vec<MethodReport>,
    /// Assemblies the input references that no reference provided, with
    /// the methods each cost.
    #[serde(default)]
    pub unresolved: Vec<crate::references::Unresolved>,
}

impl Report {
    /// Builds a report, counting compiled methods and candidates.
    pub fn new(assembly: String, input: PathBuf, methods: Vec<MethodReport>) -> Self {
        Report {
            assembly,
            input,
            compiled: methods.iter().filter(|m| m.is_compiled()).count(),
            candidates: methods.iter().filter(|m| m.has_il).count(),
            internal_errors: methods.iter().filter(|m| is_internal(m)).count(),
            methods,
            instantiations_compiled: 0,
            instantiations: Vec::new(),
            unresolved: Vec::new(),
        }
    }

    /// The report with the instantiations tried (see [`Report::instantiations`]).
    pub fn with_instantiations(mut self, instantiations: Vec<MethodReport>) -> Self {
        self.instantiations_compiled = instantiations.iter().filter(|m| m.is_compiled()).count();
        self.internal_errors += instantiations.iter().filter(|m| is_internal(m)).count();
        self.instantiations = instantiations;
        self
    }

    /// `compiled N of M methods`, if any were tried `, K of L
    /// instantiations`, and the number of internal errors if there were any.
    pub fn summary(&self) -> String {
        let mut s = format!("compiled {} of {} methods", self.compiled, self.candidates);
        if !self.instantiations.is_empty() {
            s.push_str(&format!(
                ", {} of {} instantiations",
                self.instantiations_compiled,
                self.instantiations.len()
            ));
        }
        if self.internal_errors > 0 {
            s += &format!(
                " ({} skipped after an internal error: please report)",
                self.internal_errors
            );
        }
        s
    }

    /// The report as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serialises")
    }

    /// The entry whose JIT-log name is `name`, if any.
    pub fn method(&self, name: &str) -> Option<&MethodReport> {
        self.methods.iter().find(|m| m.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_round_trips_with_a_status_tag() {
        let r = Report::new(
            "p".into(),
            "p.dll".into(),
            vec![
                MethodReport {
                    token: 0x0600_0001,
                    name: "P:Main()".into(),
                    has_il: true,
                    outcome: Outcome::Compiled {
                        code_size: 12,
                        instruction_sets: Vec::new(),
                    },
                },
                MethodReport {
                    token: 0x0600_0002,
                    name: "P:F(System.String)".into(),
                    has_il: true,
                    outcome: Outcome::Skipped {
                        stage: Stage::Lower,
                        reason: "ldstr".into(),
                    },
                },
            ],
        );
        assert_eq!(r.summary(), "compiled 1 of 2 methods");
        let json = r.to_json();
        assert!(json.contains("\"status\": \"compiled\""), "{json}");
        assert!(json.contains("\"stage\": \"lower\""), "{json}");
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn internal_errors_are_counted_and_summarised() {
        let r = Report::new(
            "p".into(),
            "p.dll".into(),
            vec![MethodReport {
                token: 0x0600_0001,
                name: "P:Main()".into(),
                has_il: true,
                outcome: Outcome::Skipped {
                    stage: Stage::Internal,
                    reason: "internal error in lowering: x (please report)".into(),
                },
            }],
        );
        assert_eq!(r.internal_errors, 1);
        assert_eq!(
            r.summary(),
            "compiled 0 of 1 methods (1 skipped after an internal error: please report)"
        );
    }
}
