//! The compile report: one entry per method of the input — compiled, or
//! skipped with the stage, the reason and its typed cause — serialisable as JSON for
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
    /// A human-readable reason (with IL offsets and tokens).
    pub reason: String,
    /// The typed cause, without location.
    pub cause: SkipCause,
}

impl Skip {
    /// A skip at `stage` with `reason` and no finer classification (the
    /// cause is [`SkipKind::Unclassified`]); prefer the typed constructors.
    pub fn new(stage: Stage, reason: impl Into<String>) -> Self {
        Skip {
            stage,
            reason: reason.into(),
            cause: SkipCause::new(SkipKind::Unclassified, "", None),
        }
    }

    /// Metadata that could not be read.
    pub fn metadata(reason: impl Into<String>) -> Self {
        Skip {
            cause: SkipCause::new(SkipKind::Metadata, "metadata", None),
            ..Skip::new(Stage::Metadata, reason)
        }
    }

    /// A method without IL (`what`: abstract, P/Invoke, …).
    pub fn no_il(what: &'static str) -> Self {
        Skip {
            cause: SkipCause::new(SkipKind::NoIl, what, None),
            ..Skip::new(Stage::Metadata, what)
        }
    }

    /// A generic method or a method of a generic type (`what` says which).
    pub fn generic(what: &'static str) -> Self {
        Skip {
            cause: SkipCause::new(SkipKind::Generic, what, None),
            ..Skip::new(Stage::Writer, what)
        }
    }

    /// What the importer declined.
    pub fn lower(e: &kiln_lower::LowerError) -> Self {
        let class = e.class();
        let (kind, stage) = match class.category {
            kiln_lower::ErrorCategory::Unsupported => (SkipKind::UnsupportedIl, Stage::Lower),
            kiln_lower::ErrorCategory::InvalidIl => (SkipKind::InvalidIl, Stage::Lower),
            kiln_lower::ErrorCategory::Metadata => (SkipKind::Metadata, Stage::Lower),
            kiln_lower::ErrorCategory::Internal => (SkipKind::Internal, Stage::Internal),
        };
        Skip {
            cause: SkipCause::new(kind, class.construct, class.detail),
            ..Skip::new(stage, e.to_string())
        }
    }

    /// What the backend declined.
    pub fn codegen(e: &kiln_codegen::CodegenError) -> Self {
        use kiln_codegen::CodegenError as B;
        let cause = match e {
            B::Unsupported(u) => {
                SkipCause::new(SkipKind::UnsupportedIr, u.construct, u.detail.clone())
            }
            B::InvalidIr(_) => SkipCause::new(SkipKind::InvalidIr, "invalid IR", None),
            // Internal, and variants a future kiln-codegen adds: a bug.
            _ => SkipCause::new(SkipKind::BackendBug, "internal backend error", None),
        };
        Skip {
            cause,
            ..Skip::new(Stage::Codegen, e.to_string())
        }
    }

    /// Left to the JIT on request.
    pub fn excluded() -> Self {
        Skip {
            cause: SkipCause::new(SkipKind::Excluded, "--exclude-method", None),
            ..Skip::new(Stage::Excluded, "excluded by --exclude-method")
        }
    }

    /// An internal error (a panic caught, IR the verifier rejects): a kiln
    /// bug, reported instead of failing the image.
    pub fn internal(reason: impl Into<String>) -> Self {
        Skip {
            cause: SkipCause::new(SkipKind::Internal, "internal error", None),
            ..Skip::new(Stage::Internal, reason)
        }
    }

    /// The container writer rejected the code.
    pub fn writer(reason: impl Into<String>) -> Self {
        Skip {
            cause: SkipCause::new(SkipKind::Writer, "writer", None),
            ..Skip::new(Stage::Writer, reason)
        }
    }
}

impl fmt::Display for Skip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.stage, self.reason)
    }
}

impl From<Skip> for Outcome {
    fn from(skip: Skip) -> Self {
        Outcome::Skipped {
            stage: skip.stage,
            reason: skip.reason,
            cause: skip.cause,
        }
    }
}

/// What kind of thing stopped a method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipKind {
    /// No IL body (abstract, P/Invoke, internal call, runtime-provided).
    NoIl,
    /// Generic code: instantiations are not compiled yet.
    Generic,
    /// Metadata or IL bytes that could not be decoded.
    Metadata,
    /// Valid IL the importer does not lower yet.
    UnsupportedIl,
    /// IL breaking ECMA-335 Partition III.
    InvalidIl,
    /// IR the backend does not compile yet.
    UnsupportedIr,
    /// IR failing verification (an importer bug).
    InvalidIr,
    /// An internal backend error (a bug).
    BackendBug,
    /// The container writer rejected the code.
    Writer,
    /// Left to the JIT on request.
    Excluded,
    /// An internal error (a kiln bug).
    Internal,
    /// Not classified by the code that skipped it.
    Unclassified,
}

/// The typed cause of a skip, without location: the report serialises it
/// and `kiln -v` groups skipped methods by it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SkipCause {
    /// What kind of thing.
    pub kind: SkipKind,
    /// The construct (`opcode`, `exception handling`, `value type`, …).
    pub construct: String,
    /// Which one (the opcode, the type, the reason), if it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl SkipCause {
    fn new(kind: SkipKind, construct: &str, detail: Option<String>) -> Self {
        SkipCause {
            kind,
            construct: construct.to_string(),
            detail,
        }
    }
}

impl fmt::Display for SkipCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = serde_json::to_value(self.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        write!(f, "{kind}")?;
        if !self.construct.is_empty() {
            write!(f, ": {}", self.construct)?;
        }
        if let Some(d) = &self.detail {
            write!(f, " `{d}`")?;
        }
        Ok(())
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
        /// The methods of the input inlined into this one (JIT-log names,
        /// nested inlinees too), in the order first inlined.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        inlined: Vec<String>,
    },
    /// Not compiled; the runtime JIT-compiles it if it runs.
    Skipped {
        /// The stage that declined it.
        stage: Stage,
        /// Why, for people (with IL offsets and tokens).
        reason: String,
        /// Why, typed and without location.
        cause: SkipCause,
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
                        inlined: vec!["P:F()".into()],
                    },
                },
                MethodReport {
                    token: 0x0600_0002,
                    name: "P:F(System.String)".into(),
                    has_il: true,
                    outcome: Outcome::Skipped {
                        stage: Stage::Lower,
                        reason: "IL_0000: opcode `ldstr`".into(),
                        cause: SkipCause::new(
                            SkipKind::UnsupportedIl,
                            "opcode",
                            Some("ldstr".into()),
                        ),
                    },
                },
            ],
        );
        assert_eq!(r.summary(), "compiled 1 of 2 methods");
        let json = r.to_json();
        assert!(json.contains("\"status\": \"compiled\""), "{json}");
        assert!(json.contains("\"stage\": \"lower\""), "{json}");
        assert!(json.contains("\"kind\": \"unsupported_il\""), "{json}");
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
                outcome: Skip::internal("internal error in lowering: x (please report)").into(),
            }],
        );
        assert_eq!(r.internal_errors, 1);
        assert_eq!(
            r.summary(),
            "compiled 0 of 1 methods (1 skipped after an internal error: please report)"
        );
    }
}
