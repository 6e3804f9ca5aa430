//! `checker grade PATH`: a learner's task crates, graded by this workspace's checker.
//!
//! A learner's workspace (a starter after work, or a fork of this repository) cannot be
//! trusted to grade itself: its checker, contract and test programs could have been edited.
//! So the checker assembles a grading workspace of its own, under `target/grade/`, from
//!
//! - the learner's task crates as they wrote them: each crate's `Cargo.toml` and `src/`,
//! - this workspace's test programs (each crate's `src/main.rs`, put over the learner's),
//!   root `Cargo.toml`, `Cargo.lock` and `checker` crate,
//!
//! and builds the harness and the test programs there. Files are copied only when they
//! changed, and every grading workspace shares one target folder, so grading a submission
//! again after a change rebuilds only what changed.

use std::collections::BTreeSet;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use crate::checks::TASKS;
use crate::programs::Workspace;

/// Why a path cannot be graded as a learner's workspace.
#[derive(Debug)]
pub enum SubmissionError {
    /// The path is not there.
    Missing(PathBuf, io::Error),
    /// The workspace lacks files every task crate needs.
    Incomplete(PathBuf, Vec<String>),
    /// Copying it into the grading workspace failed.
    Copy(PathBuf, io::Error),
}

impl fmt::Display for SubmissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(path, error) => write!(f, "{} cannot be read: {error}", path.display()),
            Self::Incomplete(path, missing) => write!(
                f,
                "{} is not a workspace of the curriculum's tasks: it has no {}",
                path.display(),
                missing.join(", no ")
            ),
            Self::Copy(path, error) => write!(f, "could not copy {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for SubmissionError {}

/// This workspace's root folder: the trusted checker, test programs and contract.
pub fn reference_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the checker crate sits in the workspace")
        .to_path_buf()
}

/// Assembles the grading workspace for the learner's workspace at `path`.
///
/// # Errors
///
/// When `path` cannot be read, lacks a task crate's `Cargo.toml` or `src/lib.rs` (all that
/// is missing is named), or a file cannot be copied.
pub fn assemble(path: &Path) -> Result<Workspace, SubmissionError> {
    let submission = path
        .canonicalize()
        .map_err(|error| SubmissionError::Missing(path.to_owned(), error))?;
    let missing: Vec<String> = TASKS
        .iter()
        .flat_map(|task| {
            ["Cargo.toml", "src/lib.rs"].map(|file| format!("{}/{file}", task.crate_name))
        })
        .filter(|file| !submission.join(file).is_file())
        .collect();
    if !missing.is_empty() {
        return Err(SubmissionError::Incomplete(submission, missing));
    }
    let reference = reference_root();
    let grade = reference.join("target").join("grade");
    let root = grade.join(format!("{:016x}", stable_hash(&submission)));
    let copy = |from: &Path, to: &Path| {
        sync(from, to).map_err(|error| SubmissionError::Copy(from.to_owned(), error))
    };
    for file in ["Cargo.toml", "Cargo.lock"] {
        copy(&reference.join(file), &root.join(file))?;
    }
    for folder in ["src", "benches", "tests"] {
        copy(
            &reference.join("checker").join(folder),
            &root.join("checker").join(folder),
        )?;
    }
    copy(
        &reference.join("checker/Cargo.toml"),
        &root.join("checker/Cargo.toml"),
    )?;
    for task in TASKS {
        let (theirs, ours) = (submission.join(task.crate_name), root.join(task.crate_name));
        copy(&theirs.join("Cargo.toml"), &ours.join("Cargo.toml"))?;
        copy(&theirs.join("src"), &ours.join("src"))?;
        let main = reference.join(task.crate_name).join("src/main.rs");
        copy(&main, &ours.join("src/main.rs"))?;
    }
    Ok(Workspace {
        root,
        target_dir: Some(grade.join("target")),
    })
}

/// A hash of `path` that is the same in every run, to name its grading workspace.
fn stable_hash(path: &Path) -> u64 {
    // A fixed-key hasher: `RandomState` would name a new folder on every run.
    let mut hasher =
        std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().build_hasher();
    hasher.write(path.as_os_str().as_encoded_bytes());
    hasher.finish()
}

/// Makes `to` hold what `from` holds (a file, or a folder and everything in it), writing only
/// the files whose content differs and removing what `from` does not have, so that cargo sees
/// a change only where there is one.
fn sync(from: &Path, to: &Path) -> io::Result<()> {
    if from.is_file() {
        if std::fs::read(to).ok() != Some(std::fs::read(from)?) {
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(from, to)?;
        }
        return Ok(());
    }
    std::fs::create_dir_all(to)?;
    let mut kept = BTreeSet::new();
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if name == "target" {
            continue;
        }
        sync(&entry.path(), &to.join(&name))?;
        kept.insert(name);
    }
    for entry in std::fs::read_dir(to)? {
        let entry = entry?;
        if !kept.contains(&entry.file_name()) {
            let path = entry.path();
            if path.is_dir() {
                std::fs::remove_dir_all(path)?;
            } else {
                std::fs::remove_file(path)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn scratch(name: &str) -> PathBuf {
        let path = std::env::temp_dir().join(format!("submission-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        path
    }

    #[test]
    fn a_folder_without_the_task_crates_is_refused_naming_what_is_missing() {
        let folder = scratch("incomplete");
        std::fs::create_dir_all(folder.join("tasks/src")).unwrap();
        std::fs::write(folder.join("tasks/Cargo.toml"), "").unwrap();
        let error = assemble(&folder).unwrap_err().to_string();
        assert!(
            error.contains(
                "it has no basic_async_syntax/Cargo.toml, no basic_async_syntax/src/lib.rs"
            ),
            "{error}"
        );
        assert!(
            error.contains("no tasks/src/lib.rs") && !error.contains("no tasks/Cargo.toml"),
            "{error}"
        );
        let error = assemble(&folder.join("nowhere")).unwrap_err().to_string();
        assert!(error.contains("nowhere cannot be read"), "{error}");
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn sync_copies_what_changed_and_removes_what_is_gone() {
        let folder = scratch("sync");
        let (from, to) = (folder.join("from"), folder.join("to"));
        std::fs::create_dir_all(from.join("nested")).unwrap();
        std::fs::write(from.join("a.rs"), "a").unwrap();
        std::fs::write(from.join("nested/b.rs"), "b").unwrap();
        sync(&from, &to).unwrap();
        assert_eq!(
            std::fs::read_to_string(to.join("nested/b.rs")).unwrap(),
            "b"
        );
        let written = std::fs::metadata(to.join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        std::fs::remove_file(from.join("nested/b.rs")).unwrap();
        std::fs::write(from.join("c.rs"), "c").unwrap();
        sync(&from, &to).unwrap();
        assert!(!to.join("nested/b.rs").exists());
        assert_eq!(std::fs::read_to_string(to.join("c.rs")).unwrap(), "c");
        let unchanged = std::fs::metadata(to.join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(written, unchanged, "an unchanged file is not written again");
        std::fs::remove_dir_all(folder).unwrap();
    }
}
