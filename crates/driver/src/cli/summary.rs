//! What `kiln compile` says about its work: skipped methods grouped by
//! cause (`-v`), and the closing summary on stderr — methods compiled,
//! skipped and without IL over all inputs, time and rate, bytes written,
//! the most frequent skip causes, where the report went.
//!
//! Methods without an IL body (abstract, extern, runtime-provided) are
//! counted apart: no compiler compiles them, so they are not misses.

use std::path::Path;
use std::time::Duration;

use kiln_driver::{Outcome, Report, PER_INSTANTIATION};

/// Skipped methods of one cause: `(stage: cause, count, example method,
/// its full reason)`.
pub type Group<'a> = (String, usize, &'a str, &'a str);

/// Skipped methods grouped by stage and typed cause (no IL offsets or
/// tokens, so one missing feature is one group), most frequent first.
/// Methods without IL, and methods of a generic type whose canonical
/// instantiation was compiled (their code is per instantiation), are left
/// out.
pub fn skip_groups(report: &Report) -> Vec<Group<'_>> {
    let mut groups: Vec<Group<'_>> = Vec::new();
    for m in report.methods.iter().filter(|m| m.has_il) {
        if let Outcome::Skipped {
            stage,
            reason,
            cause,
        } = &m.outcome
        {
            if reason == PER_INSTANTIATION {
                continue;
            }
            let key = format!("{stage}: {cause}");
            match groups.iter_mut().find(|g| g.0 == key) {
                Some(g) => g.1 += 1,
                None => groups.push((key, 1, &m.name, reason)),
            }
        }
    }
    groups.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    groups
}

/// `-v`: one line per skip group, with one example method and its reason.
pub fn print_skips(report: &Report) {
    for (cause, n, example, reason) in skip_groups(report) {
        println!("  {n:>5} skipped  {cause}  (e.g. {example}: {reason})");
    }
}

/// The closing summary of a `kiln compile` run.
#[derive(Debug, Default)]
pub struct Summary {
    /// Inputs compiled.
    pub inputs: usize,
    /// Inputs that failed.
    pub failed: usize,
    /// Methods compiled.
    pub compiled: usize,
    /// Methods with IL (what could be compiled).
    pub candidates: usize,
    /// Methods without IL.
    pub without_il: usize,
    /// Bytes of the images written.
    pub bytes: usize,
    /// Skip causes over all inputs, most frequent first.
    pub causes: Vec<(String, usize)>,
}

impl Summary {
    /// Adds an input's report and image size.
    pub fn add(&mut self, report: &Report, image_bytes: usize) {
        self.inputs += 1;
        self.compiled += report.compiled;
        self.candidates += report.candidates;
        self.without_il += report.methods.len() - report.candidates;
        self.bytes += image_bytes;
        for (cause, n, ..) in skip_groups(report) {
            match self.causes.iter_mut().find(|c| c.0 == cause) {
                Some(c) => c.1 += n,
                None => self.causes.push((cause, n)),
            }
        }
        self.causes
            .sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    }

    /// The summary's lines (without the `kiln: ` prefix).
    pub fn lines(&self, elapsed: Duration, report: Option<&Path>) -> Vec<String> {
        let secs = elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            format!(" ({:.0} methods/s)", self.compiled as f64 / secs)
        } else {
            String::new()
        };
        let mut first = format!(
            "{} input(s) compiled{}: {} of {} methods with IL compiled, {} skipped, {} without IL; \
             {secs:.2}s{rate}; {} bytes written",
            self.inputs,
            match self.failed {
                0 => String::new(),
                n => format!(", {n} failed"),
            },
            self.compiled,
            self.candidates,
            self.candidates - self.compiled,
            self.without_il,
            self.bytes
        );
        if let Some(r) = report {
            first += &format!("; report {}", r.display());
        }
        let mut lines = vec![first];
        if !self.causes.is_empty() {
            let top: Vec<String> = self
                .causes
                .iter()
                .take(3)
                .map(|(cause, n)| format!("{n} {cause}"))
                .collect();
            lines.push(format!("most skipped: {} (-v lists all)", top.join("; ")));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kiln_driver::{MethodReport, Skip};

    fn method(name: &str, has_il: bool, outcome: Outcome) -> MethodReport {
        MethodReport {
            token: 0x0600_0001,
            name: name.into(),
            has_il,
            outcome,
        }
    }

    #[test]
    fn summary_counts_methods_without_il_apart_and_ranks_causes() {
        let compiled = Outcome::Compiled {
            code_size: 10,
            instruction_sets: Vec::new(),
            inlined: Vec::new(),
        };
        let report = Report::new(
            "a".into(),
            "a.dll".into(),
            vec![
                method("C:A()", true, compiled),
                method("C:B()", true, Skip::excluded().into()),
                method("C:D()", true, Skip::excluded().into()),
                method("C:E()", false, Skip::no_il("abstract").into()),
            ],
        );
        let mut s = Summary::default();
        s.add(&report, 4096);
        assert_eq!((s.compiled, s.candidates, s.without_il), (1, 3, 1));
        let lines = s.lines(Duration::from_secs(2), Some(Path::new("r.json")));
        assert!(
            lines[0].starts_with(
                "1 input(s) compiled: 1 of 3 methods with IL compiled, 2 skipped, 1 without IL; 2.00s"
            ),
            "{lines:?}"
        );
        assert!(
            lines[0].ends_with("4096 bytes written; report r.json"),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with("most skipped: 2 excluded"),
            "{lines:?}"
        );
        assert_eq!(skip_groups(&report).len(), 1);
    }
}
