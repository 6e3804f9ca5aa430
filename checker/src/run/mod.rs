//! Running code the checker did not write: building it, and running each check apart.
//!
//! - [`build`]: builds the tasks, their test programs and the harness, task by task.
//! - [`confine`]: what the code under test may use: memory, disk, processes, files, network
//!   and signals.
//! - [`graded`]: the outcome of a grading run, which grading makes and every report reads.
//! - [`hints`]: what a compile error most likely means, in a learner's terms.
//! - [`isolation`]: a check in a child process, its output and how it ended.

pub mod build;
pub mod confine;
pub mod graded;
pub mod hints;
pub mod isolation;

use std::path::{Path, PathBuf};

/// Root's own folder for what the users that checks run as must reach or must not touch: the
/// grading folders, a copy of the checker, the checks' scratch folders and the locks that hold
/// those users. Fixed, whatever the environment says, so that every checker run as root on
/// the machine shares one set of locks.
pub const ROOT_FOLDER: &str = "/var/cache/async-checker";

/// The folder below which each check gets a scratch folder: as root, in [`ROOT_FOLDER`], which
/// the checks' users can reach (a `TMPDIR` in root's home would not be); else the system's
/// temporary folder.
pub fn scratch_parent() -> PathBuf {
    if rustix::process::geteuid().is_root() {
        Path::new(ROOT_FOLDER).join("scratch")
    } else {
        std::env::temp_dir()
    }
}

/// The checker's cache folder: `async-checker/` in `$XDG_CACHE_HOME`, or else in `~/.cache`;
/// for root without `$XDG_CACHE_HOME`, `/var/cache/async-checker`, which the users that checks
/// run as can reach (root's home cannot be entered by them).
pub fn cache_folder() -> PathBuf {
    let xdg = std::env::var_os("XDG_CACHE_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from);
    match xdg {
        Some(cache) => cache.join("async-checker"),
        None if rustix::process::geteuid().is_root() => PathBuf::from(ROOT_FOLDER),
        None => std::env::var_os("HOME")
            .map(|home| Path::new(&home).join(".cache"))
            .unwrap_or_else(std::env::temp_dir)
            .join("async-checker"),
    }
}
