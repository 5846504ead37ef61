//! `cargo xtask` — project automation: provisioning, running apps on the
//! real runtime, checks over real assemblies and the full test suite.

fn main() {
    eprintln!("xtask: no commands yet");
    std::process::exit(2);
}
