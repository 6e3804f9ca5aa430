//! This workspace's files, carried in the checker's binary.
//!
//! The checker grades a workspace by assembling a grading workspace of its own (the learner's
//! task crates, with this workspace's test programs, manifests and checks) and writes
//! starters from this workspace's files. Both come from here, not from the folder the
//! checker was compiled in: an installed checker (`cargo install --git …`) works from
//! anywhere, and a checker built for one workspace never reads another's files.
//!
//! `build.rs` lists the files (every file of the task crates and of the checker but the
//! tests and build output, the root manifest, lock file and `.gitignore`, and the canonical
//! learner solutions) when the `embed` feature is on, as it is by default; the harness's build of
//! the checks leaves it off and carries nothing.

use std::hash::{BuildHasher as _, Hasher as _};

#[cfg(feature = "embed")]
include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Where the reference keeps a solution of the course's size for each task, as a learner
/// writes it (the checker's tests grade it: `checker/tests/learners.rs`).
pub const CANONICAL: &str = "checker/tests/learners/canonical";

/// Every carried file: none without the `embed` feature.
#[cfg(not(feature = "embed"))]
pub static FILES: &[(&str, &[u8])] = &[];

/// The carried file at `path` (from the workspace root, with `/`), as text.
pub fn text(path: &str) -> Option<&'static str> {
    FILES
        .iter()
        .find(|(name, _)| *name == path)
        .and_then(|(_, bytes)| std::str::from_utf8(bytes).ok())
}

/// Every carried file below the folder `folder`, with its path from the workspace root.
pub fn under(folder: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    FILES
        .iter()
        .filter(move |(name, _)| {
            name.strip_prefix(folder)
                .is_some_and(|rest| rest.starts_with('/'))
        })
        .map(|&(name, bytes)| (name, bytes))
}

/// A hash of the carried files below `folder`, names and bytes, the same in every run.
pub fn hash_of(folder: &str) -> u64 {
    let mut hasher = stable_hasher();
    for (name, bytes) in under(folder) {
        // With their lengths, so that no two lists of files hash alike.
        hasher.write_usize(name.len());
        hasher.write(name.as_bytes());
        hasher.write_usize(bytes.len());
        hasher.write(bytes);
    }
    hasher.finish()
}

/// A hasher with a fixed key, so that a hash names the same folder in every run.
pub fn stable_hasher() -> std::hash::DefaultHasher {
    std::hash::BuildHasherDefault::<std::hash::DefaultHasher>::default().build_hasher()
}
