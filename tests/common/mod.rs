//! Shared by the integration tests: the real sample data in `../shared/data` (see its README) and the
//! command-line runner. Each test file that needs them says `use crate::common;` (declared once, in tests/integration.rs).
//!
//! The sample data is not part of the repository. Without it a test prints why and passes — except in CI
//! (`CI=true`), where a missing file fails the test instead of letting it pass silently.
#![allow(dead_code)]

use std::path::PathBuf;

/// Where the UCI Online Retail file is expected (`CLIENTELA_ONLINE_RETAIL_GZ` overrides it).
pub fn online_retail_path() -> PathBuf {
    match std::env::var_os("CLIENTELA_ONLINE_RETAIL_GZ") {
        Some(p) => PathBuf::from(p),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/online_retail.csv.gz"),
    }
}

/// The gzip bytes of the Online Retail file, or `None` (with a message) when it is absent outside CI.
///
/// # Panics
/// In CI (`CI=true`) when the file cannot be read.
pub fn online_retail_gz() -> Option<Vec<u8>> {
    let path = online_retail_path();
    match std::fs::read(&path) {
        Ok(b) => Some(b),
        Err(e) if in_ci() => panic!("CI needs the Online Retail file at {} ({e}); see ../shared/data/README.md", path.display()),
        Err(e) => {
            eprintln!("skipped: the Online Retail file is not available at {} ({e})", path.display());
            None
        }
    }
}

/// True in CI (`CI=true` or `CI=1`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Runs the command-line tool with `args`.
pub fn cli(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_clientela")).args(args).output().expect("the clientela binary runs")
}
