//! Where the test inputs live: the .NET 8 framework folder from the
//! toolchain file `cargo xtask setup` writes (`$KILN_TOOLCHAIN` or
//! `<workspace>/target/toolchain`, key `framework`), else the brief's
//! `/tmp/dn/...` location.

use std::path::{Path, PathBuf};

/// The workspace root.
#[allow(dead_code)]
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(|p| p.parent())
        .expect("workspace root")
        .to_path_buf()
}

/// `key` from the provisioned toolchain file, if any.
#[allow(dead_code)]
pub fn toolchain_value(key: &str) -> Option<PathBuf> {
    let cache = std::env::var_os("KILN_TOOLCHAIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/toolchain"));
    let text = std::fs::read_to_string(cache.join("toolchain.env")).ok()?;
    text.lines()
        .filter_map(|l| l.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| PathBuf::from(v))
}

/// The .NET 8 shared framework folder.
#[allow(dead_code)]
pub fn framework_dir() -> PathBuf {
    toolchain_value("framework").unwrap_or_else(|| {
        PathBuf::from("/tmp/dn/dnv/net/runtime/.net/shared/Microsoft.NETCore.App/8.0.4")
    })
}
