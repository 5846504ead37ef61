//! Reading the JIT's method summary (`DOTNET_JitDisasmSummary=1`).
//!
//! With `DOTNET_JitStdOutFile` set, CoreCLR 8's JIT appends one line per
//! method it compiles:
//!
//! ```text
//!    3: JIT compiled H:Main(System.String[]) [FullOpts, IL size=263, code size=570]
//!    4: JIT compiled N.M.Outer+Inner`1[int]:Id[double](double) [FullOpts, IL size=2, code size=4]
//! ```
//!
//! i.e. `<n>: JIT compiled <type>:<method>(<params>) [<tier>, IL size=<i>, code size=<c>]`,
//! where `<type>` is the namespace-qualified type name with nested types
//! joined by `+` and generic instantiations in brackets. A method of the
//! app absent from this list ran from precompiled (ReadyToRun) code.
//! The format is the JIT's `JitDisasmSummary` output (dotnet/runtime
//! `src/coreclr/jit/compiler.cpp`, release/8.0); the samples in the tests
//! below were taken from the 8.0.4 runtime.

use std::collections::BTreeSet;

/// One method the JIT compiled.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JitEntry {
    /// The method as the log names it, e.g. `H:Main(System.String[])`.
    pub name: String,
    /// The declaring type as the log names it, e.g. ``N.M.Outer+Inner`1[int]``.
    pub type_name: String,
    /// The tier description, e.g. `FullOpts` or `Tier0`.
    pub tier: String,
    /// IL size in bytes, if the line gave it.
    pub il_size: Option<u32>,
    /// Native code size in bytes, if the line gave it.
    pub code_size: Option<u32>,
}

impl JitEntry {
    /// The outermost declaring type without generic instantiation or nesting
    /// (`N.M.Outer` for ``N.M.Outer+Inner`1[int]``): the top-level type
    /// definition the method belongs to.
    pub fn top_level_type(&self) -> &str {
        top_level_type(&self.type_name)
    }

    /// The method's simple name (`Work` for `H:Work(int)`).
    pub fn method_name(&self) -> &str {
        let rest = &self.name[self.type_name.len() + 1..];
        let end = rest.find(['(', '[']).unwrap_or(rest.len());
        &rest[..end]
    }

    /// Whether this is an IL stub the runtime generated (its name starts
    /// with `IL_STUB`, e.g. `IL_STUB_MulticastDelegate_Invoke` of a delegate
    /// type, `IL_STUB_PInvoke`, instantiating and unboxing stubs). The log
    /// attributes such stubs to the type they serve, but they have no
    /// MethodDef in the app: they are the runtime's code, not the app's.
    pub fn is_runtime_stub(&self) -> bool {
        self.method_name().starts_with("IL_STUB")
    }
}

/// The outermost type of a log type name (see [`JitEntry::top_level_type`]).
pub fn top_level_type(type_name: &str) -> &str {
    let end = type_name.find(['[', '+']).unwrap_or(type_name.len());
    &type_name[..end]
}

/// Parses a JIT summary. Lines that are not `JIT compiled` lines are ignored
/// (the file may also hold other JIT output).
pub fn parse(text: &str) -> Vec<JitEntry> {
    text.lines().filter_map(parse_line).collect()
}

/// Parses one `JIT compiled` line.
pub fn parse_line(line: &str) -> Option<JitEntry> {
    const MARKER: &str = ": JIT compiled ";
    let start = line.find(MARKER)?;
    if !line[..start].trim().bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let rest = line[start + MARKER.len()..].trim_end();
    // The method name ends at the ` [` that opens the trailing attribute list.
    let (name, attrs) = match rest.rfind(" [") {
        Some(i) if rest.ends_with(']') => (&rest[..i], &rest[i + 2..rest.len() - 1]),
        _ => (rest, ""),
    };
    let colon = name.find(':')?;
    let mut entry = JitEntry {
        name: name.to_string(),
        type_name: name[..colon].to_string(),
        tier: String::new(),
        il_size: None,
        code_size: None,
    };
    for (i, part) in attrs.split(", ").enumerate() {
        if let Some(v) = part.strip_prefix("IL size=") {
            entry.il_size = v.parse().ok();
        } else if let Some(v) = part.strip_prefix("code size=") {
            entry.code_size = v.parse().ok();
        } else if i == 0 {
            entry.tier = part.to_string();
        }
    }
    Some(entry)
}

/// The entries whose top-level declaring type is one of `app_types` (full
/// names `Namespace.Name` of the app's top-level type definitions), in log
/// order — the methods of the app's own assemblies. Runtime-generated IL
/// stubs ([`JitEntry::is_runtime_stub`]) are not the app's and are left out.
pub fn app_methods<'a>(entries: &'a [JitEntry], app_types: &BTreeSet<String>) -> Vec<&'a JitEntry> {
    entries
        .iter()
        .filter(|e| app_types.contains(e.top_level_type()) && !e.is_runtime_stub())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "\
   1: JIT compiled System.Runtime.CompilerServices.CastHelpers:StelemRef(System.Array,long,System.Object) [FullOpts, IL size=88, code size=84]
   3: JIT compiled H:Main(System.String[]) [FullOpts, IL size=263, code size=707]
   4: JIT compiled N.M.Outer+Inner`1[int]:Get() [FullOpts, IL size=7, code size=4]
   7: JIT compiled N.M.Outer+Inner`1[System.__Canon]:Id[System.__Canon](System.__Canon) [FullOpts, IL size=2, code size=4]
   8: JIT compiled System.SpanHelpers:SequenceCompareTo(byref,int,byref,int) [FullOpts with Static PGO, IL size=274, code size=171]
   9: JIT compiled H:<Main>m__0(int) [FullOpts, IL size=4, code size=4]
  10: JIT compiled System.Collections.Generic.List`1[H]:Add(H) [Tier0, IL size=30, code size=90]
  11: JIT compiled H:Work(int,byref,System.String,int[],N.M.S) [FullOpts, IL size=6, code size=6]
some other line
  12: JIT compiled Notify:IL_STUB_MulticastDelegate_Invoke(System.String) [FullOpts, IL size=60, code size=150]
";

    #[test]
    fn parses_every_field() {
        let entries = parse(SAMPLE);
        assert_eq!(entries.len(), 9);
        assert_eq!(
            entries[1],
            JitEntry {
                name: "H:Main(System.String[])".into(),
                type_name: "H".into(),
                tier: "FullOpts".into(),
                il_size: Some(263),
                code_size: Some(707),
            }
        );
        assert_eq!(entries[3].type_name, "N.M.Outer+Inner`1[System.__Canon]");
        assert_eq!(entries[3].top_level_type(), "N.M.Outer");
        assert_eq!(entries[4].tier, "FullOpts with Static PGO");
        assert_eq!(entries[4].il_size, Some(274));
        assert_eq!(entries[6].tier, "Tier0");
    }

    #[test]
    fn filters_methods_of_the_app() {
        let entries = parse(SAMPLE);
        let app: BTreeSet<String> = ["H", "N.M.Outer", "N.M.S", "Notify"]
            .map(String::from)
            .into();
        assert!(entries[8].is_runtime_stub() && !entries[7].is_runtime_stub());
        assert_eq!(entries[3].method_name(), "Id");
        assert_eq!(entries[5].method_name(), "<Main>m__0");
        let names: Vec<&str> = app_methods(&entries, &app)
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "H:Main(System.String[])",
                "N.M.Outer+Inner`1[int]:Get()",
                "N.M.Outer+Inner`1[System.__Canon]:Id[System.__Canon](System.__Canon)",
                "H:<Main>m__0(int)",
                "H:Work(int,byref,System.String,int[],N.M.S)",
            ]
        );
    }

    #[test]
    fn rejects_non_entries() {
        assert_eq!(parse_line("JIT compiled X:Y()"), None);
        assert_eq!(parse_line("abc: JIT compiled X:Y()"), None);
        assert_eq!(parse_line("   5: JIT compiled NoColon [FullOpts]"), None);
        let e = parse_line("  12: JIT compiled A:B()").unwrap();
        assert_eq!((e.name.as_str(), e.il_size), ("A:B()", None));
    }
}
