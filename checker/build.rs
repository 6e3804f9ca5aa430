//! With the `embed` feature, writes `$OUT_DIR/embedded.rs`: every file of this workspace that
//! the checker carries in its binary (see `src/embedded.rs`), as `include_bytes!`.
//!
//! Without it (the harness's build of the checks) it does nothing, so that the checks'
//! build does not depend on the files of the workspace they are built in.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The workspace's top-level files that are carried.
const ROOT_FILES: [&str; 3] = ["Cargo.toml", "Cargo.lock", ".gitignore"];
/// The folders that are carried, with everything below them but [`SKIPPED`].
const FOLDERS: [&str; 6] = [
    "basic_async_syntax",
    "concurrent_coroutines",
    "measure_runtime",
    "tasks",
    "task_wait_n",
    "checker",
];
/// Folders left out wherever they are: build output, Python's caches, the tests, and the
/// pictures of the README (`docs`), which neither a grading workspace nor a starter gets.
const SKIPPED: [&str; 4] = ["target", "__pycache__", "tests", "docs"];
/// Below a skipped folder, what is carried all the same: the learner solutions that a
/// starter shows once a task passes.
const KEPT: &str = "checker/tests/learners/canonical";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    if std::env::var_os("CARGO_FEATURE_EMBED").is_none() {
        return;
    }
    let manifest_dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let root = manifest_dir
        .parent()
        .expect("the checker sits in its workspace");
    let mut files = Vec::new();
    for file in ROOT_FILES {
        println!("cargo::rerun-if-changed={}", root.join(file).display());
        if root.join(file).is_file() {
            files.push(PathBuf::from(file));
        }
    }
    for folder in FOLDERS.iter().chain([&KEPT]) {
        collect(root, Path::new(folder), false, &mut files);
    }
    files.sort();
    files.dedup();
    let mut code = String::from(
        "/// Every carried file: its path from the workspace root, and its bytes.\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for file in &files {
        let absolute = root.join(file);
        let name = file.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({name:?}, include_bytes!({:?})),",
            absolute.display().to_string()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("embedded.rs"), code).expect("OUT_DIR should be writable");
}

/// Adds every file below `folder` (relative to `root`) to `files`, but [`SKIPPED`] folders.
///
/// Cargo watches a folder with everything below it, so a folder is watched whole (which also
/// sees a file added) unless it holds a skipped one: the tests are then not watched, and
/// changing them does not build the checker again. `watched` says that a folder above is.
fn collect(root: &Path, folder: &Path, watched: bool, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(root.join(folder)) else {
        return;
    };
    let entries: Vec<_> = entries.flatten().collect();
    let skipped = |entry: &std::fs::DirEntry| {
        entry.file_type().is_ok_and(|kind| kind.is_dir())
            && SKIPPED.iter().any(|skipped| entry.file_name() == *skipped)
    };
    let whole = !watched && !entries.iter().any(skipped);
    if whole {
        println!("cargo::rerun-if-changed={}", root.join(folder).display());
    }
    for entry in entries.iter().filter(|entry| !skipped(entry)) {
        let path = folder.join(entry.file_name());
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(root, &path, watched || whole, files);
        } else if kind.is_file() {
            if !(watched || whole) {
                println!("cargo::rerun-if-changed={}", root.join(&path).display());
            }
            files.push(path);
        }
    }
}
