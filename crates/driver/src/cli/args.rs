//! The `kiln` command line as data: clap derive structs for `kiln compile`,
//! `kiln dump` and `kiln completions`.
//!
//! Option names follow crossgen2's (`src/coreclr/tools/aot/crossgen2/
//! Crossgen2RootCommand.cs` in dotnet/runtime): `-r`/`--reference`,
//! `-o`/`--out`, `--targetos`, `--targetarch`, `-f`/`--obj-format`,
//! `--parallelism`, `--verbose`. crossgen2 options that change nothing in
//! kiln's output are accepted and named in a note (see
//! [`Compat::ignored`]); those whose meaning kiln cannot honour
//! (`--composite`) are refused. The `--flag:value` spelling and response
//! files are handled before clap sees the arguments ([`super::crossgen2`]).

use std::path::PathBuf;

use clap::builder::NonEmptyStringValueParser;
use clap::{Args, Parser, Subcommand};

/// The help heading of crossgen2 options kiln accepts without using them.
const COMPAT: &str = "crossgen2 options accepted for compatibility (no effect in kiln)";

/// kiln: a ReadyToRun compiler for .NET (IL assemblies in, R2R images out).
#[derive(Debug, Parser)]
#[command(name = "kiln", version, propagate_version = true)]
#[command(
    after_help = "Arguments may come from response files: `@file.rsp` (one argument per line, \
                  `#` comments), as crossgen2 reads them. Exit codes: 0 success, 1 an input \
                  or output failed, 2 bad usage."
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compile IL assemblies to ReadyToRun images.
    Compile(Box<CompileArgs>),
    /// Inspect a ReadyToRun image: header, sections, import cells, and per
    /// method fixups, unwind, GC info, EH, debug bounds and disassembly.
    Dump(DumpArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
}

/// `kiln compile`.
#[derive(Debug, Args)]
#[command(
    after_help = "With one input, -o names the output file (or, if it is a directory or ends \
                        in /, the directory to write <input name> into); with several, a directory \
                        (one image per input, same file name). An output never overwrites an \
                        input and appears only complete. Prints `<input>: compiled N of M \
                        methods` per input."
)]
pub struct CompileArgs {
    /// Input IL (or ReadyToRun) assemblies.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Reference assembly, directory of *.dll, or dir/*.dll (repeatable).
    #[arg(short = 'r', long = "reference", value_name = "PATH")]
    pub references: Vec<PathBuf>,
    /// Output file (one input) or directory (several inputs, or ending in /).
    #[arg(short = 'o', long = "out", value_name = "PATH")]
    pub out: PathBuf,
    /// Write a JSON report: one entry per method, compiled or skipped.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// List why methods were skipped, most frequent reasons first.
    #[arg(short = 'v', long)]
    pub verbose: bool,
    /// Show progress on stderr even when it is not a terminal.
    #[arg(long, conflicts_with = "quiet")]
    pub progress: bool,
    /// No progress and no closing summary.
    #[arg(short = 'q', long)]
    pub quiet: bool,
    /// An input referencing an assembly no -r provides is an error.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (default: one per core, at most 8).
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub parallelism: usize,
    /// Leave methods whose name (Type:Method(params), as in the report)
    /// contains PATTERN to the JIT (repeatable).
    #[arg(long = "exclude-method", value_name = "PATTERN", value_parser = NonEmptyStringValueParser::new())]
    pub exclude_methods: Vec<String>,
    /// Target OS, crossgen2's name (only `linux` is supported).
    #[arg(long, value_name = "OS")]
    pub targetos: Option<String>,
    /// Target architecture, crossgen2's name (only `x64` is supported).
    #[arg(long, value_name = "ARCH")]
    pub targetarch: Option<String>,
    /// Target as a triple (only x86_64-unknown-linux-gnu is supported);
    /// an alternative to --targetos/--targetarch.
    #[arg(long, value_name = "TRIPLE", conflicts_with_all = ["targetos", "targetarch"])]
    pub target: Option<String>,
    /// Container of the image: `pe` (what the .NET runtime loads) or `elf`.
    #[arg(
        short = 'f',
        long = "obj-format",
        value_name = "FORMAT",
        default_value = "pe"
    )]
    pub obj_format: String,
    /// Write a map of the image beside it (`<out>.map`): sections, each
    /// method's code (RVA, size) and each import cell.
    #[arg(long)]
    pub map: bool,
    /// Write the map as CSV (`<out>.map.csv`).
    #[arg(long)]
    pub mapcsv: bool,
    /// Write a perf map (`<out stem>.ni.{MVID}.map`: `RVA size name` per
    /// code range, crossgen2's format version 0) for profilers.
    #[arg(long)]
    pub perfmap: bool,
    /// Directory of the perf map (default: the output's).
    #[arg(long = "perfmap-path", value_name = "DIR")]
    pub perfmap_path: Option<PathBuf>,
    /// Perf map format version (kiln writes version 0).
    #[arg(long = "perfmap-format-version", value_name = "N")]
    pub perfmap_format_version: Option<u32>,
    /// crossgen2's `--composite`: refused (kiln writes one image per input).
    #[arg(long, help_heading = "Refused crossgen2 options")]
    pub composite: bool,
    /// crossgen2's `--singlemethodtypename`: refused (use --exclude-method).
    #[arg(long, value_name = "TYPE", help_heading = "Refused crossgen2 options")]
    pub singlemethodtypename: Option<String>,
    /// crossgen2's `--singlemethodname`: refused.
    #[arg(long, value_name = "NAME", help_heading = "Refused crossgen2 options")]
    pub singlemethodname: Option<String>,
    /// crossgen2's `--singlemethodindex`: refused.
    #[arg(long, value_name = "N", help_heading = "Refused crossgen2 options")]
    pub singlemethodindex: Option<u32>,
    /// crossgen2's `--singlemethodgenericarg`: refused.
    #[arg(long, value_name = "TYPE", help_heading = "Refused crossgen2 options")]
    pub singlemethodgenericarg: Vec<String>,
    #[command(flatten)]
    pub compat: Compat,
}

/// crossgen2 options kiln accepts so that crossgen2 command lines (such as
/// the .NET SDK's ReadyToRun response files) work unchanged, and which
/// change nothing in kiln's output.
#[derive(Debug, Args, Default)]
pub struct Compat {
    /// Optimize (kiln's code is always the same).
    #[arg(short = 'O', long = "optimize", help_heading = COMPAT)]
    pub optimize: bool,
    /// Disable optimizations (kiln: no inlining, no constant folding).
    #[arg(long = "optimize-disabled", visible_alias = "Od", help_heading = COMPAT)]
    pub optimize_disabled: bool,
    /// Optimize for size.
    #[arg(long = "optimize-space", visible_alias = "Os", help_heading = COMPAT)]
    pub optimize_space: bool,
    /// Optimize for speed.
    #[arg(long = "optimize-time", visible_alias = "Ot", help_heading = COMPAT)]
    pub optimize_time: bool,
    /// Write a PDB (Windows symbols; not produced on Linux).
    #[arg(long, help_heading = COMPAT)]
    pub pdb: bool,
    /// Directory of the PDB.
    #[arg(long = "pdb-path", value_name = "DIR", help_heading = COMPAT)]
    pub pdb_path: Option<PathBuf>,
    /// Profile-guided optimization data (.mibc).
    #[arg(short = 'm', long = "mibc", value_name = "FILE", help_heading = COMPAT)]
    pub mibc: Vec<PathBuf>,
    /// Embed the profile data in the image.
    #[arg(long = "embed-pgo-data", help_heading = COMPAT)]
    pub embed_pgo_data: bool,
    /// Compile the inputs as one version bubble (kiln compiles each alone,
    /// which is always valid).
    #[arg(long, help_heading = COMPAT)]
    pub inputbubble: bool,
    /// References in the version bubble.
    #[arg(long, value_name = "PATH", help_heading = COMPAT)]
    pub inputbubbleref: Vec<PathBuf>,
    /// Skip methods that fail to compile (kiln always does).
    #[arg(long, help_heading = COMPAT)]
    pub resilient: bool,
    /// Instruction sets the code may use (kiln uses the x64 baseline).
    #[arg(long = "instruction-set", value_name = "LIST", help_heading = COMPAT)]
    pub instruction_set: Option<String>,
    /// Path of the JIT library (kiln has its own code generator).
    #[arg(long, value_name = "PATH", help_heading = COMPAT)]
    pub jitpath: Option<PathBuf>,
}

impl Compat {
    /// The crossgen2 options given that kiln ignores, as the user spelled
    /// their long names, with why.
    pub fn ignored(&self) -> Vec<(&'static str, &'static str)> {
        let optimize = "kiln's code generator has one optimization level";
        let flags = [
            (self.optimize, "--optimize", optimize),
            (self.optimize_space, "--Os", optimize),
            (self.optimize_time, "--Ot", optimize),
            (
                self.pdb || self.pdb_path.is_some(),
                "--pdb",
                "PDB symbols are a Windows format; kiln targets Linux",
            ),
            (
                !self.mibc.is_empty() || self.embed_pgo_data,
                "--mibc",
                "kiln does not use profile data",
            ),
            (
                self.inputbubble || !self.inputbubbleref.is_empty(),
                "--inputbubble",
                "kiln compiles each input as its own version bubble",
            ),
            (
                self.resilient,
                "--resilient",
                "kiln always leaves a method it cannot compile to the JIT",
            ),
            (
                self.instruction_set.is_some(),
                "--instruction-set",
                "kiln's code uses the x64 baseline",
            ),
            (
                self.jitpath.is_some(),
                "--jitpath",
                "kiln has its own code generator",
            ),
        ];
        flags
            .into_iter()
            .filter(|f| f.0)
            .map(|(_, name, why)| (name, why))
            .collect()
    }
}

/// `kiln dump`.
#[derive(Debug, Args)]
pub struct DumpArgs {
    /// The ReadyToRun image (kiln's or crossgen2's).
    pub image: PathBuf,
    /// Only methods whose name contains this string.
    #[arg(long, value_name = "SUBSTRING")]
    pub method: Option<String>,
    /// Only this section (e.g. ImportSections).
    #[arg(long, value_name = "NAME")]
    pub section: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    fn parse(args: &[&str]) -> Result<CompileArgs, clap::Error> {
        let cli = Cli::try_parse_from(std::iter::once("kiln").chain(args.iter().copied()))?;
        match cli.command {
            Command::Compile(c) => Ok(*c),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn compile_flags_parse() {
        let c = parse(&[
            "compile",
            "a.dll",
            "-r",
            "fw",
            "--reference=lib/*.dll",
            "-o",
            "out.dll",
            "--exclude-method=C:M(",
            "-v",
            "--parallelism",
            "3",
            "-O",
            "--Ot",
        ])
        .unwrap();
        assert_eq!(c.inputs, [PathBuf::from("a.dll")]);
        assert_eq!(c.references, [PathBuf::from("fw"), "lib/*.dll".into()]);
        assert_eq!(c.out, PathBuf::from("out.dll"));
        assert_eq!(c.exclude_methods, ["C:M("]);
        assert!(c.verbose && !c.strict);
        assert_eq!(c.parallelism, 3);
        let ignored: Vec<_> = c.compat.ignored().into_iter().map(|i| i.0).collect();
        assert_eq!(ignored, ["--optimize", "--Ot"]);
    }

    #[test]
    fn bad_compile_lines_are_errors() {
        for args in [
            &["compile"][..],
            &["compile", "a.dll"],
            &["compile", "a.dll", "-o", "b.dll", "--bogus"],
            &["compile", "a.dll", "-o", "b.dll", "--exclude-method="],
            &["compile", "a.dll", "-o", "b.dll", "--parallelism", "x"],
            &[
                "compile",
                "a.dll",
                "-o",
                "b.dll",
                "--target",
                "t",
                "--targetos",
                "linux",
            ],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }
}
