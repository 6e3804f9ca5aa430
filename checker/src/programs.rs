//! Builds the test programs (each task crate's `src/main.rs`) and finds their binaries.
//!
//! The checker runs the real binaries, as a learner runs `cargo run -p <crate>`, so it asks
//! cargo to build them: the same cargo that runs the checker (`$CARGO`), the same profile.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};
use serde_json::Value;

use crate::checks::TASKS;
use crate::subject::Programs;

/// Builds every task crate's binary and returns where each one is, by crate name.
///
/// # Errors
///
/// When cargo cannot be started, the build fails, or a binary is missing from its report.
pub fn build() -> anyhow::Result<HashMap<String, PathBuf>> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.toml");
    let mut command = Command::new(&cargo);
    command
        .args([
            "build",
            "--quiet",
            "--bins",
            "--message-format=json",
            "--manifest-path",
        ])
        .arg(&manifest);
    for (_, crate_name, _) in TASKS {
        command.args(["--package", crate_name]);
    }
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    let output = command
        .output()
        .with_context(|| format!("could not start {}", Path::new(&cargo).display()))?;
    if !output.status.success() {
        bail!(
            "building the test programs failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let mut binaries = HashMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        if let (Some(name), Some(executable)) = (
            message["target"]["name"].as_str(),
            message["executable"].as_str(),
        ) {
            binaries.insert(name.to_owned(), PathBuf::from(executable));
        }
    }
    for (_, crate_name, _) in TASKS {
        if !binaries.contains_key(crate_name) {
            bail!("cargo built no binary for {crate_name}");
        }
    }
    Ok(binaries)
}

/// [`build`], with its error as text, as a [`Subject`](crate::subject::Subject) holds it.
pub fn located() -> Programs {
    build().map_err(|error| format!("{error:#}"))
}
