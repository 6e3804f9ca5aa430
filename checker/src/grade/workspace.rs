//! Where a workspace to grade is, and the grading workspace the checker assembles from it.
//!
//! A learner's workspace (a starter after work, or a fork of this repository) cannot be
//! trusted to grade itself: its checker, contract and test programs could have been edited.
//! So every grade, in place (`cargo run -p checker`) or of a path (`checker grade PATH`), is
//! of a grading workspace that the checker assembles from
//!
//! - the learner's task crates as they wrote them: each crate's `Cargo.toml` and `src/`,
//! - the checker's own files, which it carries in its binary ([`crate::embedded`]): the test
//!   programs (each crate's `src/main.rs`, put over the learner's), the root `Cargo.toml` and
//!   `Cargo.lock`, the checks and the harness.
//!
//! # Every grade is of its own code
//!
//! Grading workspaces live side by side in one folder of the user's cache ([`Home`]), one per
//! submission (named by a hash of its path), outside any workspace that is graded. Each has a target folder of its own, where its binaries land, and
//! all share one build folder (cargo's `build.build-dir`), where what is compiled is kept:
//!
//! - the dependencies and the checks compile once for every submission;
//! - each submission's task crates get a version of their own (`0.1.0+g<hash of its path>`),
//!   because cargo tells a workspace member's builds apart by name, version and path from
//!   the workspace root, which every grading workspace shares; without it, a submission
//!   whose files are older than another's build would reuse that build;
//! - files are copied only when their content differs, so a file that changed is always
//!   newer than the build that came before it, and grading again rebuilds only what changed;
//! - the checks' sources are written with one fixed time and their version carries a hash of
//!   their content: every grading workspace reuses the same build of them, and a checker
//!   with other checks builds its own.
//!
//! They stay there, so that grading a submission again is quick, until `checker clean`
//! removes those no running checker uses ([`super::clean`]).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::hash::Hasher as _;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::starter_files;
use crate::embedded;
use crate::harness::checks::TASKS;
use crate::run::build::{self, Workspace};

/// Why a path cannot be graded as a learner's workspace.
#[derive(Debug)]
pub enum SubmissionError {
    /// The path is not there.
    Missing(PathBuf, io::Error),
    /// Neither the path nor a folder one or two below it holds a task crate: what it holds
    /// instead, a few names.
    NothingToGrade(PathBuf, Vec<String>),
    /// Two folders below the path each hold task crates: which one is the submission?
    TwoWorkspaces(PathBuf, PathBuf),
    /// Copying it into the grading workspace failed.
    Copy(PathBuf, io::Error),
    /// No workspace of the tasks around the current folder, to grade in place.
    NotFound(PathBuf),
    /// This checker was built without its files (the `embed` feature).
    NotCarried,
}

impl fmt::Display for SubmissionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing(path, error) => write!(f, "{} cannot be read: {error}", path.display()),
            Self::NothingToGrade(path, found) => {
                write!(
                    f,
                    "nothing to grade in {}: no task crate ({}) in it or one or two folders \
                     below it",
                    path.display(),
                    TASKS.map(|task| task.crate_name).join(", ")
                )?;
                if found.is_empty() {
                    write!(f, "; it is empty")
                } else {
                    write!(f, "; it holds {}", found.join(", "))
                }
            }
            Self::TwoWorkspaces(one, other) => write!(
                f,
                "two workspaces of the tasks in one submission, {} and {}: keep one",
                one.display(),
                other.display()
            ),
            Self::Copy(path, error) => write!(f, "could not copy {}: {error}", path.display()),
            Self::NotFound(from) => write!(
                f,
                "no workspace of the curriculum's tasks in {} or a folder above it: run the \
                 checker in one, or grade one with `checker grade PATH`",
                from.display()
            ),
            Self::NotCarried => write!(
                f,
                "this checker was built without the curriculum's files (the `embed` feature), \
                 so it cannot grade: build it with its default features"
            ),
        }
    }
}

impl std::error::Error for SubmissionError {}

/// The workspace to grade in place: the one `cargo run` was started in (cargo says where, in
/// `CARGO_MANIFEST_DIR`, at run time), or else the first folder from the current one upwards
/// that holds the task crates.
///
/// Never the folder this checker was compiled in: with one `CARGO_TARGET_DIR` for several
/// workspaces, the checker that runs may have been built for another.
///
/// # Errors
///
/// When there is no such folder.
pub fn locate() -> Result<PathBuf, SubmissionError> {
    let is_workspace = |folder: &Path| {
        TASKS
            .iter()
            .all(|task| folder.join(task.crate_name).join("Cargo.toml").is_file())
    };
    if let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        let manifest_dir = PathBuf::from(manifest_dir);
        if let Some(root) = manifest_dir.ancestors().find(|folder| is_workspace(folder)) {
            return Ok(root.to_path_buf());
        }
    }
    let here =
        std::env::current_dir().map_err(|error| SubmissionError::Missing(".".into(), error))?;
    here.ancestors()
        .find(|folder| is_workspace(folder))
        .map(Path::to_path_buf)
        .ok_or(SubmissionError::NotFound(here))
}

/// Where the grading workspaces live, and where cargo keeps what it compiles for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Home {
    /// The folder of the grading workspaces, one per submission.
    pub folder: PathBuf,
    /// Cargo's build folder, shared by all of them.
    pub build_dir: PathBuf,
}

impl Home {
    /// The home for grading from `workspace` (the one the checker runs in, if any).
    ///
    /// The grading workspaces are in the user's cache folder (`$XDG_CACHE_HOME` or `~/.cache`,
    /// then `async-checker/`), never below a workspace that is graded: cargo and rustup read
    /// their configuration (`.cargo/config.toml`, `rust-toolchain.toml`) from the folder they
    /// run in and those above it, and a learner's would otherwise set how their code is built
    /// and graded. What is compiled goes to `$CARGO_TARGET_DIR` when that is set, else to
    /// the workspace's `target` (so what `cargo run -p checker` compiled for the checker
    /// serves the grading too), else to `build/` in the cache folder.
    pub fn for_workspace(workspace: Option<&Path>) -> Self {
        let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
        let cache = crate::run::cache_folder();
        let build_dir = std::env::var_os("CARGO_TARGET_DIR")
            .filter(|dir| !dir.is_empty())
            .map(PathBuf::from)
            .or_else(|| workspace.map(|root| root.join("target")))
            .unwrap_or_else(|| cache.join("build"));
        Self {
            folder: absolute(cache),
            build_dir: absolute(build_dir),
        }
    }
}

/// A submission assembled into its grading workspace.
#[derive(Debug)]
pub struct Submission {
    /// The grading workspace.
    pub workspace: Workspace,
    /// The learner's workspace that was found: the path given, or a folder one or two below it.
    pub found: PathBuf,
    /// The tasks whose crate the submission does not have (no `Cargo.toml` and `src/lib.rs`
    /// in its folder): graded as the starter's, whose function is a `todo!()`, and reported as
    /// not submitted.
    pub not_submitted: BTreeSet<u8>,
}

/// How deep below the path given a workspace is looked for: a zip of a folder, or GitHub's
/// "Download ZIP" of a repository in a folder of its own (`erin/async-tasks-main/`).
const DEPTH: usize = 2;

/// The learner's workspace in `path`: `path` itself when it holds one of the task crates (a
/// folder named after it with a `Cargo.toml`), else the one folder below it, or two below,
/// that does (hidden folders and `target` aside).
///
/// # Errors
///
/// When `path` cannot be read, when no folder holds a task crate (the message names what it
/// holds instead), or when two folders at the same depth do (the message names both).
pub fn find(path: &Path) -> Result<PathBuf, SubmissionError> {
    let path = path
        .canonicalize()
        .map_err(|error| SubmissionError::Missing(path.to_owned(), error))?;
    if !path.is_dir() {
        return Err(SubmissionError::NothingToGrade(
            path.clone(),
            vec![format!("it is a file, not a folder")],
        ));
    }
    let holds_a_task = |folder: &Path| {
        TASKS
            .iter()
            .any(|task| folder.join(task.crate_name).join("Cargo.toml").is_file())
    };
    let mut level = vec![path.clone()];
    for _ in 0..=DEPTH {
        let found: Vec<&PathBuf> = level.iter().filter(|folder| holds_a_task(folder)).collect();
        match found.as_slice() {
            [] => {}
            [one] => return Ok((*one).clone()),
            [one, other, ..] => {
                return Err(SubmissionError::TwoWorkspaces(
                    (*one).clone(),
                    (*other).clone(),
                ));
            }
        }
        level = level.iter().flat_map(|folder| subfolders(folder)).collect();
    }
    let mut found: Vec<String> = std::fs::read_dir(&path)
        .map_err(|error| SubmissionError::Missing(path.clone(), error))?
        .flatten()
        .map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.path().is_dir() {
                format!("{name}/")
            } else {
                name
            }
        })
        .collect();
    found.sort();
    if found.len() > 8 {
        let more = found.len() - 7;
        found.truncate(7);
        found.push(format!("and {more} more"));
    }
    Err(SubmissionError::NothingToGrade(path, found))
}

/// The folders in `folder`, in order, but hidden ones (`.git`, a zip's `__MACOSX` aside too)
/// and build output, which hold no submission; links are not followed.
fn subfolders(folder: &Path) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
        .filter(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            !(name.starts_with('.') || name == "target" || name == "__MACOSX")
        })
        .map(|entry| entry.path())
        .collect();
    folders.sort();
    folders
}

/// Assembles the grading workspace for the learner's workspace at `path`, in `home`.
///
/// # Errors
///
/// As [`assemble_submission`].
pub fn assemble(path: &Path, home: &Home) -> Result<Workspace, SubmissionError> {
    assemble_submission(path, home).map(|submission| submission.workspace)
}

/// Assembles the grading workspace for the learner's workspace in `path` (see [`find`]), in
/// `home`: a task crate that the submission does not have is the starter's.
///
/// # Errors
///
/// When no workspace is found in `path` ([`find`]), or a file cannot be copied.
pub fn assemble_submission(path: &Path, home: &Home) -> Result<Submission, SubmissionError> {
    let submission = find(path)?;
    let carried = |file: &str| embedded::text(file).ok_or(SubmissionError::NotCarried);
    let name = format!("{:016x}", stable_hash(&submission));
    let root = home.folder.join(&name);
    // Marked before anything is written in it, so that `checker clean` leaves it and the
    // build folder to this process. A checker that cannot mark them still grades: the mark
    // only keeps a clean run meanwhile away, and the writes below say what is wrong.
    let _ = super::clean::hold(&home.folder, &[&root, &home.build_dir]);
    let write = |text: &str, to: &Path| {
        sync_text(text, to).map_err(|error| SubmissionError::Copy(to.to_owned(), error))
    };
    let root_manifest = carried("Cargo.toml")?;
    let version = workspace_version(root_manifest);
    write(root_manifest, &root.join("Cargo.toml"))?;
    // The submission's own crates: a version of their own, from its path.
    let tag = format!("{version}+g{name}");
    // The lock names the versions the manifests give, so that no build needs to write it
    // (the confined build may not, and two grades of one workspace would race to).
    let mut versions: Vec<(&str, String)> = TASKS
        .iter()
        .map(|task| (task.crate_name, tag.clone()))
        .collect();
    versions.push(("checker", checks_version(&version)));
    write(
        &locked(carried("Cargo.lock")?, &versions),
        &root.join("Cargo.lock"),
    )?;
    write_checks(&root, &version)?;
    let mut refused = BTreeMap::new();
    let mut not_submitted = BTreeSet::new();
    for task in TASKS {
        let (theirs, ours) = (submission.join(task.crate_name), root.join(task.crate_name));
        let submitted = theirs.join("Cargo.toml").is_file() && theirs.join("src/lib.rs").is_file();
        if !submitted {
            // The starter's crate, whose function is a todo!(): the tasks that import it
            // still build, and it earns nothing.
            not_submitted.insert(task.number);
            let files = starter_files::crate_files(task.crate_name).map_err(|error| {
                SubmissionError::Copy(ours.clone(), io::Error::other(error.to_string()))
            })?;
            let mut kept: BTreeSet<PathBuf> = files
                .iter()
                .map(|(file, _)| ours.join(file))
                .chain([ours.join("src/main.rs")])
                .collect();
            kept.insert(ours.join("Cargo.toml"));
            remove_all_but(&ours.join("src"), &kept)
                .map_err(|error| SubmissionError::Copy(ours.join("src"), error))?;
            for (file, text) in &files {
                let text = if file == "Cargo.toml" {
                    with_version(text, &tag)
                } else {
                    text.clone()
                };
                write(&text, &ours.join(file))?;
            }
        } else {
            let manifest = std::fs::read_to_string(theirs.join("Cargo.toml"))
                .map_err(|error| SubmissionError::Copy(theirs.join("Cargo.toml"), error))?;
            let build_script = theirs.join("build.rs").is_file();
            let manifest = match build::refused_manifest(&manifest, build_script) {
                // Cargo reads every member's manifest, even of a crate it does not build:
                // the reference's lets it read the workspace without fetching or running
                // anything.
                Some(reason) => {
                    refused.insert(
                        task.crate_name.to_owned(),
                        format!("{} {reason}", task.crate_name),
                    );
                    carried(&format!("{}/Cargo.toml", task.crate_name))?.to_owned()
                }
                None => manifest,
            };
            write(&with_version(&manifest, &tag), &ours.join("Cargo.toml"))?;
            sync(&theirs.join("src"), &ours.join("src"), Some("main.rs"))
                .map_err(|error| SubmissionError::Copy(theirs.join("src"), error))?;
        }
        write(
            carried(&format!("{}/src/main.rs", task.crate_name))?,
            &ours.join("src/main.rs"),
        )?;
    }
    Ok(Submission {
        workspace: Workspace {
            target_dir: root.join("target"),
            root,
            build_dir: home.build_dir.clone(),
            refused,
        },
        found: submission,
        not_submitted,
    })
}

/// Where `checker timeline` writes the programs it runs, as examples of the harness
/// ([`crate::learn::timeline`]): the checker carries none, and leaves them as they are, so
/// that a program run again is not built again.
pub const PROGRAMS: &str = "checker/harness/examples";

/// The time every file of the checks is written with (see the [module](self) docs).
const CHECKS_WRITTEN: Duration = Duration::from_secs(1_000_000_000);

/// Writes the checker crate (the checks) and the harness into the grading workspace at
/// `root`, from the files the checker carries.
fn write_checks(root: &Path, version: &str) -> Result<(), SubmissionError> {
    let tag = checks_version(version);
    let fixed = SystemTime::UNIX_EPOCH + CHECKS_WRITTEN;
    // A file that an earlier checker carried and this one does not (a module, a build
    // script) would still be built, with a time that says it is old: it goes.
    let carried: BTreeSet<PathBuf> = embedded::under("checker")
        .map(|(name, _)| root.join(name))
        .collect();
    remove_all_but(&root.join("checker"), &carried)
        .map_err(|error| SubmissionError::Copy(root.join("checker"), error))?;
    for (name, bytes) in embedded::under("checker") {
        let to = root.join(name);
        let copy_error = |error| SubmissionError::Copy(to.clone(), error);
        let text = std::str::from_utf8(bytes).ok();
        let written = match (name, text) {
            // Its own tests are not carried: their targets go with them.
            ("checker/Cargo.toml", Some(text)) => {
                let text = starter_files::without_solution_regions(text)
                    .map_err(|error| copy_error(io::Error::other(error.to_string())))?;
                with_version(&text, &tag).into_bytes()
            }
            _ => bytes.to_vec(),
        };
        if std::fs::read(&to).ok().as_deref() != Some(&written) {
            if let Some(parent) = to.parent() {
                std::fs::create_dir_all(parent).map_err(copy_error)?;
            }
            std::fs::write(&to, &written).map_err(copy_error)?;
        }
        std::fs::File::options()
            .write(true)
            .open(&to)
            .and_then(|file| file.set_modified(fixed))
            .map_err(copy_error)?;
    }
    Ok(())
}

/// Removes every file below `folder` that is not in `kept`.
fn remove_all_but(folder: &Path, kept: &BTreeSet<PathBuf>) -> io::Result<()> {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return Ok(());
    };
    for entry in entries {
        let path = entry?.path();
        if path.ends_with(PROGRAMS) {
            continue;
        }
        if path.is_dir() && !path.is_symlink() {
            remove_all_but(&path, kept)?;
        } else if !kept.contains(&path) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}

/// The version of the checks' crate in a grading workspace: the workspace's, with a hash of
/// the checks, so that another checker's checks build apart.
fn checks_version(version: &str) -> String {
    format!("{version}+c{:016x}", embedded::hash_of("checker"))
}

/// `lock` with the version of each of its workspace's own packages (those without a
/// `source`) named in `versions` set to the one given there.
fn locked(lock: &str, versions: &[(&str, String)]) -> String {
    let mut text = String::with_capacity(lock.len() + 256);
    for block in lock.split_inclusive("[[package]]\n") {
        let name = block
            .lines()
            .find_map(|line| line.strip_prefix("name = \""))
            .and_then(|rest| rest.strip_suffix('"'));
        let own = !block.lines().any(|line| line.starts_with("source = "));
        let version = versions
            .iter()
            .find(|(member, _)| Some(*member) == name)
            .filter(|_| own);
        match version {
            Some((_, version)) => {
                for line in block.split_inclusive('\n') {
                    if line.starts_with("version = \"") {
                        text.push_str(&format!("version = \"{version}\"\n"));
                    } else {
                        text.push_str(line);
                    }
                }
            }
            None => text.push_str(block),
        }
    }
    text
}

/// The `version` of the root manifest's `[workspace.package]`, which members inherit.
fn workspace_version(manifest: &str) -> String {
    let mut section = "";
    for line in manifest.lines() {
        let code = line.split('#').next().unwrap_or_default().trim();
        if code.starts_with('[') {
            section = code;
        }
        if let Some((key, value)) = code.split_once('=')
            && section == "[workspace.package]"
            && key.trim() == "version"
        {
            return value.trim().trim_matches('"').to_owned();
        }
    }
    "0.1.0".to_owned()
}

/// `manifest` with its package's version set to `version`, whether it had one of its own,
/// inherited the workspace's or had none: what makes its builds its own.
fn with_version(manifest: &str, version: &str) -> String {
    let line_of_version = format!("version = \"{version}\"\n");
    let mut section = String::new();
    let mut set = false;
    let mut text = String::with_capacity(manifest.len() + line_of_version.len());
    for line in manifest.lines() {
        let code = line.split('#').next().unwrap_or_default().trim();
        if code.starts_with('[') {
            if section == "[package]" && !set {
                text.push_str(&line_of_version);
                set = true;
            }
            code.clone_into(&mut section);
        }
        let key = code.split_once('=').map(|(key, _)| key.replace(' ', ""));
        let is_version = matches!(key.as_deref(), Some("version" | "version.workspace"));
        if section == "[package]" && is_version && !set {
            text.push_str(&line_of_version);
            set = true;
        } else if section != "[package]" || !is_version {
            text.push_str(line);
            text.push('\n');
        }
    }
    if section == "[package]" && !set {
        text.push_str(&line_of_version);
    }
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
    let mut hasher = embedded::stable_hasher();
    hasher.write(path.as_os_str().as_encoded_bytes());
    hasher.finish()
}

/// Makes `to` hold what `from` holds (a file, or a folder and everything in it), writing only
/// the files whose content differs and removing what `from` does not have, so that cargo sees
/// a change only where there is one. A file of `to` named `ours` (its test program, which
/// the checker writes) is left as it is, and `from`'s is not copied.
fn sync(from: &Path, to: &Path, ours: Option<&str>) -> io::Result<()> {
    if from.is_symlink() {
        // Never followed: a link to `/` or to a teacher's file would be copied in.
        return Ok(());
    }
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
        if name == "target" || ours.is_some_and(|ours| name == ours) {
            continue;
        }
        sync(&entry.path(), &to.join(&name), None)?;
        kept.insert(name);
    }
    for entry in std::fs::read_dir(to)? {
        let entry = entry?;
        let name = entry.file_name();
        if !kept.contains(&name) && ours.is_none_or(|ours| name != ours) {
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
    fn a_workspace_is_found_at_the_path_or_a_folder_or_two_below_it() {
        let folder = scratch("find");
        let crate_at = |dir: &Path, name: &str| {
            std::fs::create_dir_all(dir.join(name).join("src")).unwrap();
            std::fs::write(dir.join(name).join("Cargo.toml"), "").unwrap();
        };
        // Nothing to grade: what is there is named.
        std::fs::write(folder.join("notes.txt"), "my answers").unwrap();
        std::fs::create_dir_all(folder.join("empty")).unwrap();
        let error = find(&folder).unwrap_err().to_string();
        assert!(error.starts_with("nothing to grade in "), "{error}");
        assert!(error.ends_with("; it holds empty/, notes.txt"), "{error}");
        let error = find(&folder.join("empty")).unwrap_err().to_string();
        assert!(error.ends_with("; it is empty"), "{error}");
        let error = find(&folder.join("nowhere")).unwrap_err().to_string();
        assert!(error.contains("nowhere cannot be read"), "{error}");
        // Two folders down (GitHub's "Download ZIP" in a folder of its own), one crate enough.
        let nested = folder.join("erin/async-tasks-main");
        crate_at(&nested, "tasks");
        assert_eq!(find(&folder).unwrap(), nested.canonicalize().unwrap());
        // A hidden folder or build output is no submission.
        crate_at(&folder.join(".git/x"), "tasks");
        crate_at(&folder.join("target/y"), "tasks");
        assert_eq!(find(&folder).unwrap(), nested.canonicalize().unwrap());
        // Two at the same depth: both named.
        crate_at(&folder.join("erin/copy"), "basic_async_syntax");
        let error = find(&folder).unwrap_err().to_string();
        assert!(
            error.starts_with("two workspaces of the tasks in one submission")
                && error.contains("async-tasks-main")
                && error.contains("copy"),
            "{error}"
        );
        // The shallowest wins.
        crate_at(&folder, "task_wait_n");
        assert_eq!(find(&folder).unwrap(), folder.canonicalize().unwrap());
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn a_task_crate_not_submitted_is_the_starters() {
        let folder = scratch("partial");
        let submission = folder.join("submission");
        let lib = "pub async fn wait_random(max_delay: u32) -> f64 { 0.0 }\n";
        std::fs::create_dir_all(submission.join("basic_async_syntax/src")).unwrap();
        std::fs::write(
            submission.join("basic_async_syntax/Cargo.toml"),
            "[package]\nname = \"basic_async_syntax\"\n",
        )
        .unwrap();
        std::fs::write(submission.join("basic_async_syntax/src/lib.rs"), lib).unwrap();
        // A crate with a manifest but no src/lib.rs is not submitted either.
        std::fs::create_dir_all(submission.join("tasks")).unwrap();
        std::fs::write(submission.join("tasks/Cargo.toml"), "").unwrap();
        let home = Home {
            folder: folder.join("home"),
            build_dir: folder.join("build"),
        };
        let assembled = assemble_submission(&submission, &home).unwrap();
        assert_eq!(
            assembled.not_submitted,
            BTreeSet::from([1, 2, 3, 4]),
            "task 0 alone is submitted"
        );
        let root = &assembled.workspace.root;
        assert_eq!(
            std::fs::read_to_string(root.join("basic_async_syntax/src/lib.rs")).unwrap(),
            lib
        );
        let starters = std::fs::read_to_string(root.join("tasks/src/lib.rs")).unwrap();
        assert!(
            starters.contains("todo!(\"task 3: write task_wait_random"),
            "{starters}"
        );
        assert!(root.join("tasks/src/main.rs").is_file());
        std::fs::remove_dir_all(folder).unwrap();
    }

    #[test]
    fn the_lock_names_the_versions_of_the_workspaces_own_packages() {
        let lock = "version = 4\n\n[[package]]\nname = \"tasks\"\nversion = \"0.1.0\"\ndependencies = [\n \"tokio\",\n]\n\n[[package]]\nname = \"tokio\"\nversion = \"1.47.0\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\n";
        let versions = [
            ("tasks", "0.1.0+gabc".to_owned()),
            ("tokio", "9".to_owned()),
        ];
        assert_eq!(
            locked(lock, &versions),
            lock.replacen("version = \"0.1.0\"", "version = \"0.1.0+gabc\"", 1)
        );
    }

    #[test]
    fn each_submission_builds_under_a_version_of_its_own() {
        let inherited = "[package]\nname = \"tasks\"\nversion.workspace = true\n\n[dependencies]\nversion = \"9\"\n";
        assert_eq!(
            with_version(inherited, "0.1.0+gabc"),
            "[package]\nname = \"tasks\"\nversion = \"0.1.0+gabc\"\n\n[dependencies]\nversion = \"9\"\n"
        );
        let own = "[dependencies.rand]\nversion = \"0.10\"\n[package]\nversion=\"0.2.0\" # mine\nname = \"x\"";
        assert_eq!(
            with_version(own, "0.1.0+gabc"),
            "[dependencies.rand]\nversion = \"0.10\"\n[package]\nversion = \"0.1.0+gabc\"\nname = \"x\""
        );
        let none = "[package]\nname = \"x\"\n[lib]\n";
        assert_eq!(
            with_version(none, "1+g"),
            "[package]\nname = \"x\"\nversion = \"1+g\"\n[lib]\n"
        );
        assert_eq!(
            workspace_version("[workspace.package]\nversion = \"0.3.0\"\n"),
            "0.3.0"
        );
    }

    #[test]
    fn sync_copies_what_changed_and_removes_what_is_gone() {
        let folder = scratch("sync");
        let (from, to) = (folder.join("from"), folder.join("to"));
        std::fs::create_dir_all(from.join("nested")).unwrap();
        std::fs::write(from.join("a.rs"), "a").unwrap();
        std::fs::write(from.join("nested/b.rs"), "b").unwrap();
        sync(&from, &to, None).unwrap();
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
        sync(&from, &to, None).unwrap();
        assert!(!to.join("nested/b.rs").exists());
        assert_eq!(std::fs::read_to_string(to.join("c.rs")).unwrap(), "c");
        let unchanged = std::fs::metadata(to.join("a.rs"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(written, unchanged, "an unchanged file is not written again");
        std::os::unix::fs::symlink("/etc", from.join("everything")).unwrap();
        sync(&from, &to, None).unwrap();
        assert!(
            !to.join("everything").exists(),
            "a link is not followed, nor copied"
        );
        std::fs::remove_dir_all(folder).unwrap();
    }
}
