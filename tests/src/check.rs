//! The harness's assertions, as plain functions over run results so they
//! can be unit-tested on sample data.
//!
//! * [`check_run`] — a run exited with 100 and printed the expected output.
//! * [`same_behaviour`] — a kiln-compiled run behaved exactly like the JIT run.
//! * [`unexplained_jit_methods`] — methods of the program the JIT compiled
//!   although kiln did not report them as skipped: each one is precompiled
//!   code the runtime rejected (or never looked for), i.e. a kiln bug.

use std::fmt::Write as _;

use xtask::dotnet::RunResult;
use xtask::jitlog::JitEntry;

/// The exit code of a passing program (the runtime test convention).
pub const PASS_EXIT_CODE: i32 = 100;

/// A method kiln's report says it did not precompile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SkippedMethod {
    /// The method named as the JIT log names it — `Type:Method(params)`,
    /// with nested types joined by `+` and the open generic name for
    /// generic types (`List`1:Add(T)`).
    pub name: String,
    /// Why kiln skipped it.
    pub reason: String,
}

/// Checks that a run exited with 100, was not killed, and printed exactly
/// `expected` on stdout.
///
/// # Errors
/// A description naming `label`, the exit code, the first differing line and
/// the run's stderr.
pub fn check_run(label: &str, run: &RunResult, expected: &str) -> Result<(), String> {
    let mut problems = String::new();
    if run.timed_out {
        let _ = writeln!(problems, "{label}: timed out");
    } else if let Some(signal) = run.signal {
        let _ = writeln!(problems, "{label}: killed by signal {signal}");
    } else if run.exit_code != Some(PASS_EXIT_CODE) {
        let _ = writeln!(
            problems,
            "{label}: exit code {:?}, expected {PASS_EXIT_CODE}",
            run.exit_code
        );
    }
    if let Some(diff) = first_difference(expected, &run.stdout) {
        let _ = writeln!(
            problems,
            "{label}: stdout differs from the expected output: {diff}"
        );
    }
    if problems.is_empty() {
        return Ok(());
    }
    let _ = write!(
        problems,
        "--- stdout ---\n{}--- stderr ---\n{}",
        run.stdout, run.stderr
    );
    Err(problems)
}

/// Checks that `kiln` (a run of kiln's image) behaved like `jit` (the
/// reference run of the same program): same exit code, same stdout.
///
/// # Errors
/// A description of the first difference.
pub fn same_behaviour(jit: &RunResult, kiln: &RunResult) -> Result<(), String> {
    if kiln.timed_out || kiln.exit_code != jit.exit_code {
        return Err(format!(
            "exit code under kiln {:?} (timed out: {}), under the JIT {:?}\n--- kiln stderr ---\n{}",
            kiln.exit_code, kiln.timed_out, jit.exit_code, kiln.stderr
        ));
    }
    match first_difference(&jit.stdout, &kiln.stdout) {
        Some(diff) => Err(format!(
            "stdout under kiln differs from the JIT run: {diff}"
        )),
        None => Ok(()),
    }
}

/// The first line where `actual` differs from `expected`, described; `None`
/// if they are equal.
pub fn first_difference(expected: &str, actual: &str) -> Option<String> {
    if expected == actual {
        return None;
    }
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for line in 1.. {
        match (e.next(), a.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (Some(x), Some(y)) => return Some(format!("line {line}: expected {x:?}, got {y:?}")),
            (Some(x), None) => {
                return Some(format!("line {line}: expected {x:?}, got end of output"))
            }
            (None, Some(y)) => return Some(format!("line {line}: unexpected extra line {y:?}")),
            (None, None) => break,
        }
    }
    Some("outputs differ in line endings or a trailing newline".to_string())
}

/// `Type:Method` of a JIT-log method name with every generic instantiation
/// (`[...]`) removed and the parameter list dropped:
/// ``N.Outer+Inner`1[int]:Id[double](double)`` → ``N.Outer+Inner`1:Id``.
pub fn definition_key(name: &str) -> String {
    let head = split_params(name).0;
    let mut key = String::with_capacity(head.len());
    let mut depth = 0u32;
    for c in head.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            _ if depth == 0 => key.push(c),
            _ => {}
        }
    }
    key
}

/// Splits `Type:Method(params)` into `Type:Method` and `(params)` (the
/// parameter list starts at the first `(` after the `:`).
fn split_params(name: &str) -> (&str, &str) {
    let colon = name.find(':').unwrap_or(0);
    match name[colon..].find('(') {
        Some(i) => name.split_at(colon + i),
        None => (name, ""),
    }
}

/// Whether a skipped-method entry of kiln's report accounts for a method
/// the JIT compiled. Exact names match. Otherwise the definitions must match
/// ([`definition_key`]) and, unless the JIT compiled a generic
/// instantiation (whose parameter list shows instantiated types), so must
/// the parameter lists — overloads are not conflated.
pub fn explains(skipped: &str, jitted: &str) -> bool {
    if skipped == jitted {
        return true;
    }
    if definition_key(skipped) != definition_key(jitted) {
        return false;
    }
    let instantiated = split_params(jitted).0.contains('[');
    instantiated || split_params(skipped).1 == split_params(jitted).1
}

/// The methods of the program (`app_jitted`, see
/// [`xtask::jitlog::app_methods`]) that the JIT compiled although kiln's
/// report does not list them as skipped, or lists them by their exact name
/// among the instantiations it compiled (`compiled`: a definition skipped
/// because its code is per instantiation does not excuse the JIT compiling
/// the one instantiation kiln did precompile). Empty means every method
/// kiln claims to have precompiled really ran from its code.
pub fn unexplained_jit_methods<'a>(
    app_jitted: &[&'a JitEntry],
    skipped: &[SkippedMethod],
    compiled: &[String],
) -> Vec<&'a JitEntry> {
    app_jitted
        .iter()
        .copied()
        .filter(|m| {
            compiled.contains(&m.name) || !skipped.iter().any(|s| explains(&s.name, &m.name))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;
    use xtask::jitlog;

    fn run(code: Option<i32>, stdout: &str) -> RunResult {
        RunResult {
            exit_code: code,
            signal: None,
            timed_out: false,
            stdout: stdout.into(),
            stderr: "err text".into(),
            jitted: Vec::new(),
        }
    }

    #[test]
    fn check_run_reports_exit_code_and_output() {
        assert!(check_run("p", &run(Some(100), "a\nb\n"), "a\nb\n").is_ok());
        let e = check_run("p", &run(Some(1), "a\nb\n"), "a\nb\n").unwrap_err();
        assert!(
            e.contains("exit code Some(1)") && e.contains("err text"),
            "{e}"
        );
        let e = check_run("p", &run(Some(100), "a\nc\n"), "a\nb\n").unwrap_err();
        assert!(e.contains("line 2: expected \"b\", got \"c\""), "{e}");
        let e = check_run("p", &run(Some(100), "a\n"), "a\nb\n").unwrap_err();
        assert!(e.contains("got end of output"), "{e}");
        let e = check_run("p", &run(Some(100), "a\nb\nc\n"), "a\nb\n").unwrap_err();
        assert!(e.contains("extra line \"c\""), "{e}");
        let e = check_run("p", &run(Some(100), "a\nb"), "a\nb\n").unwrap_err();
        assert!(e.contains("trailing newline"), "{e}");
        let mut t = run(None, "");
        t.timed_out = true;
        assert!(check_run("p", &t, "").unwrap_err().contains("timed out"));
    }

    #[test]
    fn same_behaviour_compares_exit_and_stdout() {
        assert!(same_behaviour(&run(Some(100), "x\n"), &run(Some(100), "x\n")).is_ok());
        assert!(same_behaviour(&run(Some(100), "x\n"), &run(Some(134), "x\n")).is_err());
        assert!(same_behaviour(&run(Some(100), "x\n"), &run(Some(100), "y\n")).is_err());
    }

    #[test]
    fn definition_keys() {
        assert_eq!(definition_key("H:Work(int)"), "H:Work");
        assert_eq!(
            definition_key("N.M.Outer+Inner`1[System.__Canon]:Id[System.__Canon](System.__Canon)"),
            "N.M.Outer+Inner`1:Id"
        );
        assert_eq!(
            definition_key("D`2[System.Collections.Generic.List`1[int],long]:M()"),
            "D`2:M"
        );
        assert_eq!(definition_key("H:Main(System.String[])"), "H:Main");
    }

    /// A JIT log as the runtime writes it, for a program whose kiln report
    /// skipped some methods.
    const LOG: &str = "\
   1: JIT compiled System.Runtime.CompilerServices.CastHelpers:StelemRef(System.Array,long,System.Object) [FullOpts, IL size=88, code size=84]
   2: JIT compiled P:Main() [FullOpts, IL size=40, code size=120]
   3: JIT compiled P:Fib(int) [FullOpts, IL size=20, code size=44]
   4: JIT compiled P:Fib(long) [FullOpts, IL size=20, code size=44]
   5: JIT compiled G`1[System.__Canon]:Get() [FullOpts, IL size=7, code size=5]
   6: JIT compiled G`1[int]:Get() [FullOpts, IL size=7, code size=4]
   7: JIT compiled System.Collections.Generic.List`1[P]:Add(P) [FullOpts, IL size=30, code size=90]
   8: JIT compiled P:<Main>b__0_0(int) [FullOpts, IL size=4, code size=4]
";

    fn names<'a>(entries: &[&'a JitEntry]) -> Vec<&'a str> {
        entries.iter().map(|e| e.name.as_str()).collect()
    }

    #[test]
    fn unexplained_methods_are_those_kiln_did_not_skip() {
        let entries = jitlog::parse(LOG);
        let app: BTreeSet<String> = ["P", "G`1"].map(String::from).into();
        let app_jitted = jitlog::app_methods(&entries, &app);
        assert_eq!(app_jitted.len(), 6, "framework methods are not the app's");

        // Nothing skipped: every app method the JIT compiled is a failure.
        assert_eq!(unexplained_jit_methods(&app_jitted, &[], &[]).len(), 6);

        let skipped = |name: &str| SkippedMethod {
            name: name.into(),
            reason: "unsupported: test".into(),
        };
        let report = [
            skipped("P:Main()"),
            skipped("P:Fib(int)"),
            skipped("G`1:Get()"),
            skipped("P:<Main>b__0_0(int)"),
        ];
        // Fib(long) is an overload kiln did not skip: the runtime rejected
        // (or never found) kiln's code for it.
        assert_eq!(
            names(&unexplained_jit_methods(&app_jitted, &report, &[])),
            ["P:Fib(long)"]
        );

        let all = [&report[..], &[skipped("P:Fib(long)")]].concat();
        assert!(unexplained_jit_methods(&app_jitted, &all, &[]).is_empty());
        // A compiled instantiation the JIT compiled anyway is unexplained,
        // even though its definition's entry is skipped.
        let compiled = vec![app_jitted[0].name.clone()];
        assert_eq!(
            unexplained_jit_methods(&app_jitted, &all, &compiled).len(),
            1
        );
    }

    #[test]
    fn explains_is_precise_about_overloads() {
        assert!(explains("P:Fib(int)", "P:Fib(int)"));
        assert!(!explains("P:Fib(int)", "P:Fib(long)"));
        assert!(!explains("P:Fib(int)", "Q:Fib(int)"));
        assert!(explains("G`1:Get()", "G`1[int]:Get()"));
        assert!(explains("C:Id(!!0)", "C:Id[double](double)"));
        assert!(!explains("C:Other()", "C:Id[double](double)"));
    }
}
