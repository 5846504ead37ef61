//! The `kiln` command-line tool: a thin wrapper over [`kiln_driver`].

fn main() {
    eprintln!("kiln: no commands yet");
    std::process::exit(2);
}
