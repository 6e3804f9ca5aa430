//! `checker clean`: reclaims the grading workspaces the checker leaves in its cache folder,
//! and the build folder they share, but none that a running checker is using.
//!
//! Every grade assembles a grading workspace per submission in the cache folder
//! ([`crate::run::cache_folder`]; see [`super::workspace`]) and leaves it there, so that a
//! submission graded again rebuilds only what changed. Nothing else ever removes them: a
//! class of 40 leaves a few gigabytes. [`clean`] removes the folders the checker itself names
//! there, and nothing else: each grading workspace (a folder named by 16 hexadecimal digits)
//! and `build/`, the build folder they share when neither `$CARGO_TARGET_DIR` nor a workspace
//! the checker runs in gives another. A build folder elsewhere (a workspace's own `target/`)
//! is never touched, nor the other folders of the cache: the copies of the checker
//! (`bin/`, pruned as they go unused, see [`crate::run::confine`]), the locks of the checks'
//! users (`uids/`), the checks' scratch folders and `checker timeline`'s lock.
//!
//! # What a running checker holds
//!
//! Before it writes in a grading workspace, a checker marks it, and the build folder it
//! builds in, as its own ([`hold`]) in `in-use/` in the cache folder: a file of its own
//! there lists the folders it uses, and the checker holds an exclusive lock (`flock`) on that
//! file while it lives. [`clean`] removes no folder that a held file lists, and removes the
//! files that no process holds any more: the lock goes with the process, however it ends, so
//! no mark outlives its checker. A mark and clean's choice of what to remove exclude each
//! other through `in-use/lock` (shared while a checker marks, exclusive while clean chooses
//! and moves aside what it removes), so a checker never starts writing in a folder clean
//! chose, and clean never chooses one a checker started on.
//!
//! Marks last as long as the process, not the grade: a class's submissions are checked
//! long after they were assembled (the builds run ahead), and a watch session grades its
//! workspace again on every save. One file per process, rather than a lock per workspace,
//! keeps a class of thousands from holding a file descriptor per submission. An age
//! threshold instead would either remove the workspace of a watch session left open over
//! lunch, or keep a day of a busy grading server's workspaces for nothing.

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::{self, Read as _, Write as _};
use std::os::unix::fs::MetadataExt as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Mutex, PoisonError};

use anyhow::Context as _;
use rustix::fs::{FlockOperation, flock};

use crate::report;

/// The folder of the cache in which running checkers mark what they use.
pub const IN_USE: &str = "in-use";

/// The lock in [`IN_USE`] by which a checker marking a folder and [`clean`] choosing what to
/// remove exclude each other.
const LOCK: &str = "lock";

/// The build folder in the cache that the grading workspaces share, when nothing names
/// another (see [`super::workspace::Home`]).
const BUILD: &str = "build";

/// What a [`clean`] that was interrupted (or failed) had moved aside to remove: removed by
/// the next.
const REMOVING: &str = ".removing-";

/// The marks of this process, by the [`IN_USE`] folder they are in: its file there, held
/// locked, and the folders it lists.
static HELD: Mutex<Vec<(PathBuf, File, BTreeSet<PathBuf>)>> = Mutex::new(Vec::new());

/// Marks `folders` (in the cache folder `cache`, or elsewhere) as used by this process until
/// it ends, so that [`clean`] leaves them: a folder already marked is not marked again.
///
/// # Errors
///
/// When `in-use/` in `cache` cannot be written or locked.
pub fn hold(cache: &Path, folders: &[&Path]) -> io::Result<()> {
    let in_use = cache.join(IN_USE);
    let mut held = HELD.lock().unwrap_or_else(PoisonError::into_inner);
    let known = held.iter().position(|(folder, _, _)| *folder == in_use);
    let new: Vec<PathBuf> = folders
        .iter()
        .map(|folder| absolute(folder))
        .filter(|folder| known.is_none_or(|at| !held[at].2.contains(folder)))
        .collect();
    if new.is_empty() {
        return Ok(());
    }
    std::fs::create_dir_all(&in_use)?;
    let mutex = open_lock(&in_use)?;
    flock(&mutex, FlockOperation::LockShared)?;
    let at = match known {
        Some(at) => at,
        None => {
            let path = in_use.join(format!(
                "{}-{:016x}",
                std::process::id(),
                rand::random::<u64>()
            ));
            let file = File::options().append(true).create_new(true).open(&path)?;
            flock(&file, FlockOperation::NonBlockingLockExclusive)?;
            held.push((in_use, file, BTreeSet::new()));
            held.len() - 1
        }
    };
    let (_, file, listed) = &mut held[at];
    let lines: String = new
        .iter()
        .map(|folder| format!("{}\n", folder.display()))
        .collect();
    // One write, so that a clean that reads it never sees half a line.
    file.write_all(lines.as_bytes())?;
    listed.extend(new);
    Ok(())
}

/// What [`clean`] removed (or with `dry_run`, would remove) and what it kept.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The grading workspaces removed.
    pub workspaces: usize,
    /// Whether the shared build folder was removed.
    pub build: bool,
    /// The bytes of disk freed: of the files whose every link was removed.
    pub freed: u64,
    /// The grading workspaces kept because a running checker uses them.
    pub kept_workspaces: usize,
    /// Whether the shared build folder was kept because a running checker builds in it.
    pub kept_build: bool,
    /// What could not be removed, and why.
    pub failed: Vec<String>,
}

impl Cleaned {
    /// Whether there was nothing to remove, nor anything kept.
    pub fn is_empty(&self) -> bool {
        self.workspaces == 0 && !self.build && self.kept_workspaces == 0 && !self.kept_build
    }
}

/// Removes the grading workspaces and the shared build folder in the cache folder `cache`
/// that no running checker uses, and what an earlier clean left half removed; with
/// `dry_run`, removes nothing and says what it would remove. `None` when there is no
/// such folder.
///
/// # Errors
///
/// When `cache` cannot be read, or `in-use/lock` in it cannot be written or locked: then
/// nothing is removed. A folder that cannot be removed is named in [`Cleaned::failed`].
pub fn clean(cache: &Path, dry_run: bool) -> anyhow::Result<Option<Cleaned>> {
    let cache = absolute(cache);
    if !cache.is_dir() {
        return Ok(None);
    }
    let in_use_folder = cache.join(IN_USE);
    // A dry run writes nothing: without the folder, no checker has marked anything.
    let mutex = if dry_run && !in_use_folder.join(LOCK).is_file() {
        None
    } else {
        let mutex = std::fs::create_dir_all(&in_use_folder)
            .and_then(|()| open_lock(&in_use_folder))
            .with_context(|| format!("could not open {}", in_use_folder.join(LOCK).display()))?;
        flock(&mutex, FlockOperation::LockExclusive)
            .with_context(|| format!("could not lock {}", in_use_folder.join(LOCK).display()))?;
        Some(mutex)
    };
    let in_use = marked(&in_use_folder, !dry_run)?;
    let mut cleaned = Cleaned::default();
    // What goes: what it is, its name in the cache, and where it is now.
    let mut doomed: Vec<(Kind, PathBuf, PathBuf)> = Vec::new();
    let entries =
        std::fs::read_dir(&cache).with_context(|| format!("could not read {}", cache.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("could not read {}", cache.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // Never a link: what it points to is not the checker's to remove.
        let is_folder = entry.file_type().is_ok_and(|kind| kind.is_dir());
        let kind = match name.as_str() {
            _ if !is_folder => continue,
            BUILD => Kind::Build,
            name if name.starts_with(REMOVING) => Kind::HalfRemoved,
            name if is_grading_workspace(name) => Kind::Workspace,
            _ => continue,
        };
        let path = entry.path();
        if kind != Kind::HalfRemoved && is_marked(&path, &in_use) {
            if kind == Kind::Build {
                cleaned.kept_build = true;
            } else {
                cleaned.kept_workspaces += 1;
            }
            continue;
        }
        if dry_run || kind == Kind::HalfRemoved {
            doomed.push((kind, path.clone(), path));
            continue;
        }
        // Moved aside at once, and removed once no checker waits on the lock any more (20
        // GB take a while): a checker that grades this submission again meanwhile
        // assembles it afresh.
        let aside = cache.join(format!("{REMOVING}{name}-{:08x}", rand::random::<u32>()));
        match std::fs::rename(&path, &aside) {
            Ok(()) => doomed.push((kind, path, aside)),
            Err(error) => cleaned.failed.push(failure(&path, &error)),
        }
    }
    drop(mutex);
    let all: Vec<PathBuf> = doomed.iter().map(|(_, _, now)| now.clone()).collect();
    cleaned.freed = freed_by_removing(&all);
    let mut left = Vec::new();
    for (kind, path, now) in doomed {
        if !dry_run && let Err(error) = std::fs::remove_dir_all(&now) {
            cleaned.failed.push(failure(&path, &error));
            left.push(now);
            continue;
        }
        match kind {
            Kind::Workspace => cleaned.workspaces += 1,
            Kind::Build => cleaned.build = true,
            Kind::HalfRemoved => {}
        }
    }
    // What is left was not freed.
    cleaned.freed = cleaned.freed.saturating_sub(freed_by_removing(&left));
    Ok(Some(cleaned))
}

/// What a folder [`clean`] removes is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A grading workspace.
    Workspace,
    /// The shared build folder.
    Build,
    /// What an earlier clean moved aside and did not finish removing.
    HalfRemoved,
}

/// Why `path` could not be removed, and what to do when it is another user's.
fn failure(path: &Path, error: &io::Error) -> String {
    let mut text = format!("could not remove {}: {error}", path.display());
    if error.kind() == io::ErrorKind::PermissionDenied {
        text.push_str(&format!(
            " (what is in it is another user's: run `checker clean` as that user; root's \
             cache folder is {})",
            crate::run::ROOT_FOLDER
        ));
    }
    text
}

/// `checker clean`: cleans the cache folder and says what it removed and how much disk it
/// freed; exit status 0, or 1 when something could not be removed.
pub fn run(dry_run: bool) -> ExitCode {
    let cache = absolute(&crate::run::cache_folder());
    let cleaned = match clean(&cache, dry_run) {
        Ok(Some(cleaned)) => cleaned,
        Ok(None) => {
            println!("nothing to clean: {} does not exist", cache.display());
            return ExitCode::SUCCESS;
        }
        Err(error) => {
            let denied = error
                .chain()
                .filter_map(|cause| cause.downcast_ref::<io::Error>())
                .any(|cause| cause.kind() == io::ErrorKind::PermissionDenied);
            eprintln!("error: {error:#}");
            if denied {
                eprintln!(
                    "  the cache folder is another user's: run `checker clean` as the user \
                     that graded (root's is {})",
                    crate::run::ROOT_FOLDER
                );
            }
            return ExitCode::FAILURE;
        }
    };
    println!("{}", summary(&cache, &cleaned, dry_run));
    for failure in &cleaned.failed {
        eprintln!("error: {failure}");
    }
    if cleaned.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// What `cleaned` says, in a line or two.
fn summary(cache: &Path, cleaned: &Cleaned, dry_run: bool) -> String {
    if cleaned.is_empty() && cleaned.freed == 0 {
        return format!("nothing to clean in {}", cache.display());
    }
    let mut removed = Vec::new();
    if cleaned.workspaces > 0 {
        removed.push(report::count(cleaned.workspaces, "grading workspace"));
    }
    if cleaned.build {
        removed.push("the shared build folder".to_owned());
    }
    let mut text = match (removed.is_empty(), dry_run) {
        (true, _) if cleaned.freed > 0 => format!(
            "removed what an earlier clean left in {}: {} freed",
            cache.display(),
            human(cleaned.freed)
        ),
        (true, _) => format!("removed nothing from {}", cache.display()),
        (false, true) => format!(
            "would remove {} from {}: {} would be freed",
            removed.join(" and "),
            cache.display(),
            human(cleaned.freed)
        ),
        (false, false) => format!(
            "removed {} from {}: {} freed",
            removed.join(" and "),
            cache.display(),
            human(cleaned.freed)
        ),
    };
    let mut kept = Vec::new();
    if cleaned.kept_workspaces > 0 {
        kept.push(report::count(cleaned.kept_workspaces, "grading workspace"));
    }
    if cleaned.kept_build {
        kept.push("the shared build folder".to_owned());
    }
    if !kept.is_empty() {
        let one = usize::from(cleaned.kept_build) + cleaned.kept_workspaces == 1;
        text.push_str(&format!(
            "\nkept {}: a running checker uses {}",
            kept.join(" and "),
            if one { "it" } else { "them" }
        ));
    }
    text
}

/// `bytes` as people read them, in powers of 1000: "20.3 GB", "59 MB", "4.2 MB".
fn human(bytes: u64) -> String {
    let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    // A figure to read: f64's rounding is far below the one decimal shown.
    let value = bytes as f64;
    for (size, unit) in units {
        if value >= size {
            let scaled = value / size;
            // Gigabytes to a tenth, which is what a disk's figures are read to.
            return if scaled < 10.0 || unit == "GB" {
                format!("{scaled:.1} {unit}")
            } else {
                format!("{scaled:.0} {unit}")
            };
        }
    }
    format!("{bytes} bytes")
}

/// Whether `name` is that of a grading workspace: 16 hexadecimal digits, a hash of its
/// submission's path (see [`super::workspace::assemble_submission`]).
fn is_grading_workspace(name: &str) -> bool {
    name.len() == 16 && name.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// The folders that running checkers marked in `in_use` (see [`hold`]), as they resolve;
/// with `tidy`, the files of checkers that ended are removed.
fn marked(in_use: &Path, tidy: bool) -> anyhow::Result<BTreeSet<PathBuf>> {
    let mut folders = BTreeSet::new();
    let Ok(entries) = std::fs::read_dir(in_use) else {
        return Ok(folders);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if entry.file_name() == LOCK {
            continue;
        }
        let Ok(mut file) = File::open(&path) else {
            continue;
        };
        if flock(&file, FlockOperation::NonBlockingLockExclusive).is_ok() {
            // Its checker has ended.
            if tidy {
                let _ = std::fs::remove_file(&path);
            }
            continue;
        }
        let mut text = String::new();
        file.read_to_string(&mut text)
            .with_context(|| format!("could not read {}", path.display()))?;
        for line in text.lines() {
            let folder = Path::new(line);
            folders.insert(folder.canonicalize().unwrap_or_else(|_| folder.to_owned()));
        }
    }
    Ok(folders)
}

/// Whether `folder` is one of the `marked` ones.
fn is_marked(folder: &Path, marked: &BTreeSet<PathBuf>) -> bool {
    let resolved = folder.canonicalize().unwrap_or_else(|_| folder.to_owned());
    marked.contains(&resolved)
}

/// The bytes that removing every one of `folders` would free: the blocks of the folders
/// and of the files whose every link is in them (cargo links a build's binaries from its
/// build folder, which may be kept), as `du` counts them.
fn freed_by_removing(folders: &[PathBuf]) -> u64 {
    /// The blocks of a file, its links, and how many of them were seen.
    struct Linked {
        bytes: u64,
        links: u64,
        seen: u64,
    }
    let mut files: HashMap<(u64, u64), Linked> = HashMap::new();
    let mut bytes = 0;
    let mut stack: Vec<PathBuf> = folders.to_vec();
    while let Some(path) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            bytes += meta.blocks() * 512;
            if let Ok(entries) = std::fs::read_dir(&path) {
                stack.extend(entries.flatten().map(|entry| entry.path()));
            }
        } else {
            files
                .entry((meta.dev(), meta.ino()))
                .or_insert(Linked {
                    bytes: meta.blocks() * 512,
                    links: meta.nlink(),
                    seen: 0,
                })
                .seen += 1;
        }
    }
    bytes
        + files
            .values()
            .filter(|file| file.seen >= file.links)
            .map(|file| file.bytes)
            .sum::<u64>()
}

/// `in_use`'s lock file, created if need be.
fn open_lock(in_use: &Path) -> io::Result<File> {
    File::options()
        .read(true)
        .append(true)
        .create(true)
        .open(in_use.join(LOCK))
}

/// `path` from the root, where it can be made so (it is compared with marks made in other
/// processes, from other folders).
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    /// A cache folder of its own for a test, with `workspaces` grading workspaces of a
    /// 64 kB file each, and a shared build folder.
    fn cache(name: &str, workspaces: &[&str]) -> PathBuf {
        let folder =
            std::env::temp_dir().join(format!("checker-clean-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&folder);
        let cache = folder.join("async-checker");
        for workspace in workspaces {
            let target = cache.join(workspace).join("target/debug");
            std::fs::create_dir_all(&target).unwrap();
            std::fs::write(cache.join(workspace).join("Cargo.toml"), "[workspace]\n").unwrap();
            std::fs::write(target.join("checker-harness"), vec![7; 64 << 10]).unwrap();
        }
        std::fs::create_dir_all(cache.join("build/debug/deps")).unwrap();
        std::fs::write(
            cache.join("build/debug/deps/libtokio.rlib"),
            vec![1; 64 << 10],
        )
        .unwrap();
        // The cache's other folders, which are not clean's.
        for other in ["uids", "bin", "timeline", "scratch/checker-1-2"] {
            std::fs::create_dir_all(cache.join(other)).unwrap();
            std::fs::write(cache.join(other).join("lock"), "").unwrap();
        }
        cache
    }

    const ONE: &str = "00c155cc614b6c50";
    const TWO: &str = "9a3f00e1c2b4d5e6";

    #[test]
    fn removes_the_grading_workspaces_and_the_build_folder_and_nothing_else() {
        let cache = cache("all", &[ONE, TWO]);
        // A folder of another name, and a link named as a workspace, are not the checker's.
        std::fs::create_dir_all(cache.join("mine")).unwrap();
        let elsewhere = cache.parent().unwrap().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, cache.join("ffffffffffffffff")).unwrap();
        let dry = clean(&cache, true).unwrap().unwrap();
        assert_eq!((dry.workspaces, dry.build), (2, true));
        assert!(cache.join(ONE).is_dir(), "a dry run removes nothing");
        let cleaned = clean(&cache, false).unwrap().unwrap();
        assert_eq!(
            (cleaned.workspaces, cleaned.build, cleaned.failed.len()),
            (2, true, 0)
        );
        assert!(
            cleaned.freed >= 3 * (64 << 10) && cleaned.freed == dry.freed,
            "{cleaned:?}, {dry:?}"
        );
        let mut left: Vec<String> = std::fs::read_dir(&cache)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "bin",
                "ffffffffffffffff",
                "in-use",
                "mine",
                "scratch",
                "timeline",
                "uids"
            ]
        );
        assert!(elsewhere.is_dir());
        assert_eq!(
            summary(&cache, &cleaned, false),
            format!(
                "removed 2 grading workspaces and the shared build folder from {}: {} freed",
                cache.display(),
                human(cleaned.freed)
            )
        );
        let again = clean(&cache, false).unwrap().unwrap();
        assert_eq!(
            summary(&cache, &again, false),
            format!("nothing to clean in {}", cache.display())
        );
        std::fs::remove_dir_all(cache.parent().unwrap()).unwrap();
    }

    #[test]
    fn what_a_running_checker_holds_is_kept_and_a_target_elsewhere_is_never_removed() {
        let cache = cache("held", &[ONE, TWO]);
        // Graded in place: the build folder is the course's own target/, outside the cache.
        let course_target = cache.parent().unwrap().join("course/target");
        std::fs::create_dir_all(&course_target).unwrap();
        hold(&cache, &[&cache.join(ONE), &course_target]).unwrap();
        hold(&cache, &[&cache.join(ONE)]).unwrap();
        // A checker that ended left its marks unlocked: they hold nothing.
        std::fs::write(
            cache.join(IN_USE).join("1-0000000000000000"),
            format!(
                "{}\n{}\n",
                cache.join(TWO).display(),
                cache.join("build").display()
            ),
        )
        .unwrap();
        let cleaned = clean(&cache, false).unwrap().unwrap();
        assert_eq!(
            (
                cleaned.workspaces,
                cleaned.build,
                cleaned.kept_workspaces,
                cleaned.kept_build
            ),
            (1, true, 1, false),
            "{cleaned:?}"
        );
        assert!(
            cache
                .join(ONE)
                .join("target/debug/checker-harness")
                .is_file()
        );
        assert!(!cache.join(TWO).exists() && !cache.join("build").exists());
        assert!(
            course_target.is_dir(),
            "a target outside the cache is never removed"
        );
        assert!(!cache.join(IN_USE).join("1-0000000000000000").exists());
        assert!(
            summary(&cache, &cleaned, false)
                .ends_with("\nkept 1 grading workspace: a running checker uses it"),
            "{}",
            summary(&cache, &cleaned, false)
        );
        // The build folder a checker builds in is kept too.
        std::fs::create_dir_all(cache.join("build")).unwrap();
        hold(&cache, &[&cache.join("build")]).unwrap();
        let cleaned = clean(&cache, false).unwrap().unwrap();
        assert_eq!((cleaned.build, cleaned.kept_build), (false, true));
        std::fs::remove_dir_all(cache.parent().unwrap()).unwrap();
    }

    #[test]
    fn a_file_linked_from_what_is_kept_is_not_counted_as_freed() {
        let cache = cache("links", &[ONE]);
        let harness = cache.join(ONE).join("target/debug/checker-harness");
        let kept = cache.parent().unwrap().join("course-target-harness");
        std::fs::hard_link(&harness, &kept).unwrap();
        let with_link = freed_by_removing(&[cache.join(ONE)]);
        std::fs::remove_file(&kept).unwrap();
        let without = freed_by_removing(&[cache.join(ONE)]);
        assert!(without >= with_link + (64 << 10), "{with_link} {without}");
        std::fs::remove_dir_all(cache.parent().unwrap()).unwrap();
    }

    #[test]
    fn what_an_interrupted_clean_moved_aside_goes_and_a_missing_cache_is_nothing() {
        let cache = cache("aside", &[]);
        let aside = cache.join(format!("{REMOVING}{ONE}-0000abcd"));
        std::fs::create_dir_all(aside.join("target")).unwrap();
        let cleaned = clean(&cache, false).unwrap().unwrap();
        assert!(!aside.exists() && cleaned.build && cleaned.workspaces == 0);
        assert_eq!(clean(&cache.join("nowhere"), false).unwrap(), None);
        assert_eq!(human(20_300_000_000), "20.3 GB");
        assert_eq!(human(59_000_000), "59 MB");
        assert_eq!(human(512), "512 bytes");
        std::fs::remove_dir_all(cache.parent().unwrap()).unwrap();
    }
}
