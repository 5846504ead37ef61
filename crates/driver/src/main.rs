//! The `kiln` command-line tool: a thin wrapper over [`kiln_driver`]; the
//! command line itself (clap, crossgen2's syntax, response files) is in
//! the `cli` module.
//!
//! ```text
//! kiln compile <input.dll>… -r <file-or-dir>… -o <output> [--report <file.json>] [-v] …
//! kiln dump <image> [--method <name-substring>] [--section <name>]
//! kiln completions <shell>
//! kiln @app.rsp                  (a crossgen2 command line)
//! ```

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut args = Vec::new();
    for a in std::env::args_os().skip(1) {
        match a.into_string() {
            Ok(s) => args.push(s),
            Err(a) => {
                eprintln!("kiln: argument {a:?} is not valid UTF-8");
                return ExitCode::from(2);
            }
        }
    }
    cli::main(args)
}
