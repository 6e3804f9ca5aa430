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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::io;
use std::path::{Path, PathBuf};

use crate::checks::TASKS;
use crate::programs::{self, Workspace};

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
    // Cargo names a workspace member's build by its name, version and path relative to the
    // workspace root, which every grading workspace shares: without a version of its own, a
    // submission whose files are older than another's build would reuse that build.
    let tag = format!("g{:016x}", stable_hash(&submission));
    let tagged = |from: &Path, to: &Path| {
        let text = std::fs::read_to_string(from)
            .map_err(|error| SubmissionError::Copy(from.to_owned(), error))?;
        sync_text(&with_version_tag(&text, &tag), to)
            .map_err(|error| SubmissionError::Copy(from.to_owned(), error))
    };
    tagged(&reference.join("Cargo.toml"), &root.join("Cargo.toml"))?;
    copy(&reference.join("Cargo.lock"), &root.join("Cargo.lock"))?;
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
    let mut refused = BTreeMap::new();
    for task in TASKS {
        let (theirs, ours) = (submission.join(task.crate_name), root.join(task.crate_name));
        let manifest = std::fs::read_to_string(theirs.join("Cargo.toml"))
            .map_err(|error| SubmissionError::Copy(theirs.join("Cargo.toml"), error))?;
        let build_script = theirs.join("build.rs").is_file();
        match programs::refused_manifest(&manifest, build_script) {
            // Cargo reads every member's manifest, even of a crate it does not build: the
            // reference's lets it read the workspace without fetching or running anything.
            Some(reason) => {
                refused.insert(
                    task.crate_name.to_owned(),
                    format!("{} {reason}", task.crate_name),
                );
                tagged(
                    &reference.join(task.crate_name).join("Cargo.toml"),
                    &ours.join("Cargo.toml"),
                )?;
            }
            None => tagged(&theirs.join("Cargo.toml"), &ours.join("Cargo.toml"))?,
        }
        copy(&theirs.join("src"), &ours.join("src"))?;
        let main = reference.join(task.crate_name).join("src/main.rs");
        copy(&main, &ours.join("src/main.rs"))?;
    }
    Ok(Workspace {
        root,
        target_dir: Some(grade.join("target")),
        refused,
    })
}

/// `manifest` with `+tag` added to its first `version = "…"` line (the package's, or the
/// workspace's that its members inherit), which makes its builds its own.
fn with_version_tag(manifest: &str, tag: &str) -> String {
    let mut section = "";
    let mut tagged = false;
    let mut text: String = manifest
        .lines()
        .map(|line| {
            let code = line.split('#').next().unwrap_or_default().trim();
            if code.starts_with('[') {
                section = code;
            }
            let version = code
                .split_once('=')
                .filter(|(key, _)| key.trim() == "version")
                .map(|(_, value)| value.trim().trim_matches('"'))
                .filter(|version| !version.contains('+'));
            let package = section == "[package]" || section == "[workspace.package]";
            match version {
                Some(version) if package && !tagged => {
                    tagged = true;
                    format!("version = \"{version}+{tag}\"\n")
                }
                _ => format!("{line}\n"),
            }
        })
        .collect();
    if !manifest.ends_with('\n') {
        text.pop();
    }
    text
}

/// Makes the file `to` hold `text`, writing it only when it differs.
fn sync_text(text: &str, to: &Path) -> io::Result<()> {
    if std::fs::read_to_string(to).ok().as_deref() != Some(text) {
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(to, text)?;
    }
    Ok(())
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
    fn each_submission_builds_under_a_version_of_its_own() {
        let manifest = "[workspace.package]\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(
            with_version_tag(manifest, "gabc"),
            "[workspace.package]\nversion = \"0.1.0+gabc\"\nedition = \"2024\"\n\n[dependencies]\nversion = \"9\"\n"
        );
        let inherited = "[package]\nname = \"tasks\"\nversion.workspace = true\n";
        assert_eq!(with_version_tag(inherited, "gabc"), inherited);
        let spaced =
            "[dependencies.rand]\nversion = \"0.10\"\n[package]\nversion=\"0.2.0\" # mine\n";
        assert_eq!(
            with_version_tag(spaced, "gabc"),
            "[dependencies.rand]\nversion = \"0.10\"\n[package]\nversion = \"0.2.0+gabc\"\n"
        );
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
