//! Builds what runs the code under test: the harness and each task crate's test program.
//!
//! The `checker` binary does not link the tasks ([`crate::isolation`]), so it asks cargo to
//! build them, as a learner's `cargo run -p <crate>` would: the same cargo that runs the
//! checker (`$CARGO`), the same profile, within a time limit. A task that does not compile is
//! then a [`BuildError::Compile`] with the compiler's own message, paths relative to the
//! workspace, instead of a cargo error before the checker starts.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use serde_json::Value;

use crate::checks::TASKS;
use crate::isolation::{Bounded, Ending, Harness};

/// The harness binary's name.
pub const HARNESS: &str = "checker-harness";

/// The most of cargo's output that is read: its JSON messages, one line per artifact.
const CARGO_OUTPUT_BYTES: usize = 16 * 1024 * 1024;

/// Why the code under test could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The compiler refused the code: its messages, as it rendered them.
    Compile(String),
    /// The build was still running at the limit, and was stopped.
    TimedOut(Duration),
    /// Cargo could not run or failed for another reason: what it said.
    Cargo(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Compile(messages) => write!(f, "the tasks do not compile:\n\n{messages}"),
            Self::TimedOut(limit) => write!(
                f,
                "building the tasks took longer than {} s and was stopped; build them once \
                 with `cargo build --workspace` (or give --build-timeout more seconds)",
                limit.as_secs()
            ),
            Self::Cargo(message) => write!(f, "cargo could not build the tasks: {message}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// A workspace of the curriculum to build: this one, or a learner's assembled for grading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// Its root folder, where cargo runs, so that its messages name paths from there.
    pub root: PathBuf,
    /// Where cargo builds it, when not in its own `target/`.
    pub target_dir: Option<PathBuf>,
}

impl Workspace {
    /// This workspace: the reference tasks and the checker.
    pub fn reference() -> Self {
        Self {
            root: crate::submission::reference_root(),
            target_dir: None,
        }
    }
}

/// Builds the harness and every task's test program of `workspace`, within `limit`.
///
/// # Errors
///
/// When the tasks do not compile, the build runs out of time, or cargo fails otherwise.
pub fn build(workspace: &Workspace, limit: Duration) -> Result<Harness, BuildError> {
    let mut binaries = cargo_build(workspace, true, limit)?;
    if workspace.target_dir.is_some() {
        binaries = snapshot(binaries, &workspace.root.join(".bin"))?;
    }
    let program = take(&mut binaries, HARNESS)?;
    let programs = TASKS
        .iter()
        .map(|task| {
            Ok((
                task.crate_name.to_owned(),
                take(&mut binaries, task.crate_name)?,
            ))
        })
        .collect::<Result<_, BuildError>>()?;
    Ok(Harness { program, programs })
}

/// Builds the harness alone, within `limit`, for `checker bench`.
///
/// # Errors
///
/// As [`build`].
pub fn build_harness(limit: Duration) -> Result<PathBuf, BuildError> {
    take(
        &mut cargo_build(&Workspace::reference(), false, limit)?,
        HARNESS,
    )
}

/// `binaries`, linked (or copied) into `folder`: a target folder shared between workspaces
/// puts every workspace's binary of one name at one path, which the next build of another
/// workspace may replace while this one's checks run.
fn snapshot(
    binaries: HashMap<String, PathBuf>,
    folder: &Path,
) -> Result<HashMap<String, PathBuf>, BuildError> {
    let failed =
        |error: std::io::Error| BuildError::Cargo(format!("could not keep the binaries: {error}"));
    std::fs::create_dir_all(folder).map_err(failed)?;
    binaries
        .into_iter()
        .map(|(name, built)| {
            let kept = folder.join(built.file_name().unwrap_or(name.as_ref()));
            let _ = std::fs::remove_file(&kept);
            std::fs::hard_link(&built, &kept)
                .or_else(|_| std::fs::copy(&built, &kept).map(|_| ()))
                .map_err(failed)?;
            Ok((name, kept))
        })
        .collect()
}

fn take(binaries: &mut HashMap<String, PathBuf>, name: &str) -> Result<PathBuf, BuildError> {
    binaries
        .remove(name)
        .ok_or_else(|| BuildError::Cargo(format!("cargo built no binary called {name}")))
}

/// Runs `cargo build` in `workspace` of the harness (and of the test programs when
/// `with_programs`), and returns each binary built, by name.
fn cargo_build(
    workspace: &Workspace,
    with_programs: bool,
    limit: Duration,
) -> Result<HashMap<String, PathBuf>, BuildError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(&cargo);
    if let Some(target_dir) = &workspace.target_dir {
        command.env("CARGO_TARGET_DIR", target_dir);
    }
    command
        .current_dir(&workspace.root)
        .args(["build", "--message-format=json", "--color=never"]);
    if with_programs {
        for task in TASKS {
            command.args(["--package", task.crate_name, "--bin", task.crate_name]);
        }
    }
    command.args([
        "--package",
        "checker",
        "--bin",
        HARNESS,
        "--features",
        "harness",
    ]);
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    let cargo_name = Path::new(&cargo).display().to_string();
    let build = Bounded::start_apart(command, CARGO_OUTPUT_BYTES)
        .map_err(|error| BuildError::Cargo(format!("{cargo_name} could not start: {error}")))?;
    let (ending, mut streams) = build.finish_apart(limit);
    let (stdout, stderr) = (streams.remove(0).text, streams.remove(0).text);
    let status = match ending {
        Ending::KilledAtLimit => return Err(BuildError::TimedOut(limit)),
        Ending::Exited(status) => status,
    };
    let messages: Vec<Value> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    if !status.success() {
        let errors = compiler_errors(&messages);
        return Err(if errors.is_empty() {
            BuildError::Cargo(stderr.trim().to_owned())
        } else {
            BuildError::Compile(errors)
        });
    }
    Ok(messages
        .iter()
        .filter_map(|message| {
            let name = message["target"]["name"].as_str()?;
            let executable = message["executable"].as_str()?;
            Some((name.to_owned(), PathBuf::from(executable)))
        })
        .collect())
}

/// The compiler's errors among cargo's JSON messages, as the compiler rendered them.
fn compiler_errors(messages: &[Value]) -> String {
    messages
        .iter()
        .filter(|message| message["reason"] == "compiler-message")
        .map(|message| &message["message"])
        .filter(|diagnostic| diagnostic["level"] == "error")
        .filter_map(|diagnostic| diagnostic["rendered"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use serde_json::json;

    #[test]
    fn only_the_compilers_errors_are_kept_as_it_rendered_them() {
        let messages = [
            json!({"reason": "compiler-message", "message": {"level": "warning", "rendered": "warning: unused"}}),
            json!({"reason": "compiler-message", "message": {"level": "error", "rendered": "error[E0308]: mismatched types\n --> tasks/src/lib.rs:3:5\n"}}),
            json!({"reason": "compiler-artifact", "target": {"name": "tasks"}}),
            json!({"reason": "compiler-message", "message": {"level": "error", "rendered": "error: aborting due to 1 previous error\n"}}),
        ];
        assert_eq!(
            compiler_errors(&messages),
            "error[E0308]: mismatched types\n --> tasks/src/lib.rs:3:5\n\nerror: aborting due to 1 previous error"
        );
    }
}
