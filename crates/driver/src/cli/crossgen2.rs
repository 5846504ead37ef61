//! crossgen2's command-line syntax, turned into what clap parses: response
//! files (`@file.rsp`) and the `--flag:value` / `-r:value` spelling.
//!
//! * Response files are read as crossgen2 reads them
//!   (`Helpers.TryReadResponseFile`, `src/coreclr/tools/Common/
//!   CommandLineHelpers.cs` in dotnet/runtime): each line, trimmed, is one
//!   argument (spaces included); empty lines and lines starting with `#` are
//!   skipped; a line ending in `"` loses that quote and its first `"` (unless
//!   that one follows a `\`), so `-r:"/a b/c.dll"` is `-r:/a b/c.dll`. A
//!   response file's own lines are not expanded again (no nesting).
//! * The .NET SDK's ReadyToRun task writes exactly such a file for
//!   crossgen2 (`GenerateCrossgen2ResponseFile` in `src/Tasks/
//!   Microsoft.NET.Build.Tasks/RunReadyToRunCompiler.cs`, dotnet/sdk):
//!   `--targetos:<os>`, `--targetarch:<arch>`, `-O`, `--pdb` or `--perfmap`,
//!   `-r:"<path>"` per reference, `--out:"<path>"`, then the input path
//!   unquoted.
//! * System.CommandLine splits an option token at its first `:` or `=`
//!   (`TrySplitIntoSubtokens`); clap knows only `=`. A token whose part
//!   before the first `:` or `=` names an option of the subcommand becomes
//!   `--long=value`, so `-r:x`, `--out:x` and `--exclude-method=T:M(` all
//!   reach clap intact.

use std::path::Path;

/// Replaces every `@file` argument by the lines of `file`.
///
/// # Errors
/// A response file that cannot be read, named with the argument.
pub fn expand_response_files(args: Vec<String>) -> Result<Vec<String>, String> {
    let mut out = Vec::with_capacity(args.len());
    for a in args {
        match a.strip_prefix('@').filter(|p| !p.is_empty()) {
            Some(path) => {
                let text = std::fs::read_to_string(Path::new(path))
                    .map_err(|e| format!("response file {a}: {e}"))?;
                out.extend(response_file_tokens(&text));
            }
            None => out.push(a),
        }
    }
    Ok(out)
}

/// The arguments of a response file's text (see the module doc).
pub fn response_file_tokens(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    for line in text.lines() {
        let token = line.trim();
        if token.is_empty() || token.starts_with('#') {
            continue;
        }
        out.push(unquote(token));
    }
    out
}

/// crossgen2's quote rule: a token ending in `"` drops that quote and the
/// first `"` when the first is not the last and not escaped by `\`.
fn unquote(token: &str) -> String {
    if let (Some(body), Some(first)) = (token.strip_suffix('"'), token.find('"')) {
        let escaped = first > 0 && token.as_bytes()[first - 1] == b'\\';
        if first < body.len() && !escaped {
            return format!("{}{}", &body[..first], &body[first + 1..]);
        }
    }
    token.to_owned()
}

/// Rewrites `-x:value`, `--name:value` and `--name=value` to `--name=value`
/// when `-x`/`--name` is an option of `cmd` that takes a value; other
/// arguments are unchanged. `cmd` is the subcommand the arguments belong to.
pub fn normalize_values(cmd: &clap::Command, args: Vec<String>) -> Vec<String> {
    args.into_iter()
        .map(|a| {
            let Some(i) = a.find([':', '=']).filter(|_| a.starts_with('-')) else {
                return a;
            };
            let (flag, value) = (&a[..i], &a[i + 1..]);
            let long = cmd
                .get_arguments()
                .filter(|arg| arg.get_action().takes_values())
                .find(|arg| {
                    let short = flag.strip_prefix('-').filter(|s| !s.starts_with('-'));
                    let long = flag.strip_prefix("--");
                    short.is_some_and(|s| {
                        let mut c = s.chars();
                        c.next().is_some_and(|c0| arg.get_short() == Some(c0)) && c.next().is_none()
                    }) || long.is_some_and(|l| {
                        arg.get_long() == Some(l)
                            || arg.get_all_aliases().is_some_and(|v| v.contains(&l))
                    })
                })
                .and_then(|arg| arg.get_long());
            match long {
                Some(long) => format!("--{long}={value}"),
                None => a,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_file_lines_as_crossgen2_reads_them() {
        // The SDK's ReadyToRun task's format (see the module doc).
        let text = "\u{feff}--targetos:linux\r\n--targetarch:x64\n-O\n--perfmap\n\
                    # a comment\n\n   -r:\"/fw dir/System.Runtime.dll\"  \n\
                    --out:\"/out/app.dll\"\n/in/app.dll\nsay \\\"hi\"\n\"a\"\"\n";
        assert_eq!(
            response_file_tokens(text),
            [
                "--targetos:linux",
                "--targetarch:x64",
                "-O",
                "--perfmap",
                "-r:/fw dir/System.Runtime.dll",
                "--out:/out/app.dll",
                "/in/app.dll",
                "say \\\"hi\"",
                "a\"",
            ]
        );
        assert_eq!(unquote("\""), "\"");
        assert_eq!(unquote("x\""), "x\"");
    }

    #[test]
    fn colon_values_become_long_equals() {
        use clap::CommandFactory;
        let root = super::super::args::Cli::command();
        let compile = root.find_subcommand("compile").unwrap();
        let args = [
            "-r:/a:b",
            "--out:o.dll",
            "--exclude-method=T:M(",
            "--exclude-method:T:M(",
            "-O",
            "--targetos:linux",
            "--Od",
            "-v:x",
            "in.dll",
            "--bogus:1",
        ];
        let got = normalize_values(compile, args.iter().map(|s| s.to_string()).collect());
        assert_eq!(
            got,
            [
                "--reference=/a:b",
                "--out=o.dll",
                "--exclude-method=T:M(",
                "--exclude-method=T:M(",
                "-O",
                "--targetos=linux",
                "--Od",
                "-v:x",
                "in.dll",
                "--bogus:1",
            ]
        );
    }
}
