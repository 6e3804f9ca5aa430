//! A class: `checker grade PATH...`, many submissions graded at once, each on its own code.
//!
//! Grading many is grading one ([`super::one::build`], then [`super::one::check`]) for each
//! PATH:
//!
//! - each submission is assembled into a grading workspace of its own ([`super::workspace`]);
//!   their builds share what compiles once (the dependencies and the checks). Cargo runs one
//!   build at a time in that shared folder (and each uses every core), so one thread builds
//!   the submissions one after another, while the checks of those already built run,
//!   `--jobs` submissions at a time; a submission gives its place to the next as soon as only
//!   its test programs are left running (one may wait for seconds on the real clock, without
//!   using the machine);
//! - the checks that read the real clock run alone ([`Gate`]), so that the load of the others
//!   cannot make a correct `measure_time` look slow;
//! - a PATH that cannot be graded (not a workspace of the tasks, a manifest refused) is an
//!   error in its row, and the others are still graded.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::Gate;
use super::one::{self, Options};
use super::workspace::{self, Home};
use crate::harness::check::Settings;
use crate::report;
use crate::report::policy::Policy;
use crate::run::graded::{Format, Grading, Quiet, Row};
use anyhow::Context as _;
use serde_json::Value;

/// Grades every PATH of `submissions` (whose results go to `folders`), building them one after another and checking `jobs`
/// at a time, with `settings` for all, each in a grading workspace in `home`; `progress` is
/// told each one that ends.
pub fn grade(
    submissions: &[PathBuf],
    folders: &[String],
    options: &Options,
    settings: Settings,
    jobs: usize,
    home: &Home,
    progress: &(dyn Fn(&Row) + Sync),
) -> Vec<Row> {
    let gate = Gate::default();
    let (sender, receiver) = mpsc::channel();
    let slots = Slots::new(jobs.max(1));
    let rows: Mutex<Vec<Option<Row>>> = Mutex::new(submissions.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        let gate = &gate;
        scope.spawn(move || {
            for (index, path) in submissions.iter().enumerate() {
                let started = Instant::now();
                let build = workspace::assemble_submission(path, home)
                    .map_err(|error| error.to_string())
                    .and_then(|submission| {
                        let built =
                            one::build(&submission.workspace, options, Some(gate), &mut Quiet)?;
                        Ok((built, submission.not_submitted))
                    });
                if sender.send((index, started, build)).is_err() {
                    break;
                }
            }
        });
        // A thread per built submission, started once one of the `jobs` slots is free; it
        // gives its slot back as soon as only its test programs are left running, which
        // may wait for seconds on the real clock without using the machine.
        for (index, started, build) in receiver {
            slots.take();
            let (slots, rows, folders) = (&slots, &rows, &folders);
            scope.spawn(move || {
                // Given back once only test programs are left running, or when the thread
                // ends, whatever ends it.
                let slot = Slot {
                    slots,
                    given_back: AtomicBool::new(false),
                };
                let give_back = || slot.give_back();
                let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    build.and_then(|(build, not_submitted)| {
                        one::check(
                            build,
                            &not_submitted,
                            options,
                            settings,
                            Some(gate),
                            &give_back,
                            &mut Quiet,
                        )
                    })
                }));
                drop(slot);
                let graded = checked.unwrap_or_else(|_| {
                    Err(
                        "the checker failed while grading this submission (a bug of the \
                         checker's: please report it)"
                            .to_owned(),
                    )
                });
                let row = Row {
                    submission: submissions[index].clone(),
                    folder: folders[index].clone(),
                    graded,
                    took: started.elapsed(),
                };
                progress(&row);
                if let Ok(mut rows) = rows.lock() {
                    rows[index] = Some(row);
                }
            });
        }
    });
    rows.into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .into_iter()
        .flatten()
        .collect()
}

/// A count of free slots for submissions whose checks run.
struct Slots {
    free: Mutex<usize>,
    freed: Condvar,
}

impl Slots {
    fn new(count: usize) -> Self {
        Self {
            free: Mutex::new(count),
            freed: Condvar::new(),
        }
    }

    /// Waits for a free slot, and takes it.
    fn take(&self) {
        let mut free = self.free.lock().unwrap_or_else(PoisonError::into_inner);
        while *free == 0 {
            free = self
                .freed
                .wait(free)
                .unwrap_or_else(PoisonError::into_inner);
        }
        *free -= 1;
    }

    /// Gives a slot back.
    fn give_back(&self) {
        *self.free.lock().unwrap_or_else(PoisonError::into_inner) += 1;
        self.freed.notify_one();
    }
}

/// A submission's slot, given back once.
struct Slot<'a> {
    slots: &'a Slots,
    given_back: AtomicBool,
}

impl Slot<'_> {
    fn give_back(&self) {
        if !self.given_back.swap(true, Ordering::SeqCst) {
            self.slots.give_back();
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.give_back();
    }
}

/// The name of `path`'s folder, where its results go.
fn folder_name(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .file_name()
        .map_or_else(
            || "submission".to_owned(),
            |name| name.to_string_lossy().into_owned(),
        )
}

/// `base`, or `base-2`, `base-3`… the first that is not `taken`.
fn unique(base: String, taken: &[String]) -> String {
    let mut name = base.clone();
    let mut count = 1;
    while taken.contains(&name) {
        count += 1;
        name = format!("{base}-{count}");
    }
    name
}

/// The class's index in `--output-dir`: each submission's path, folder, `grades.csv` line and
/// tally of mistakes, from which `--update` writes the class's files again.
pub const INDEX: &str = "class.json";

/// `checker grade PATH PATH...`: grades the class, writes `--output-dir`'s files, and prints
/// the class's table. Exit status: with `--output-dir`, 0 once every file is written,
/// whatever the grades (a submission with nothing to grade has its results too), 3 when one
/// could not be; without, 0 when every PATH was graded, 1 when one could not be. With
/// `update`, the submissions graded replace theirs in the class already in `--output-dir`.
pub fn run(submissions: &[PathBuf], options: &Options, jobs: usize, update: bool) -> ExitCode {
    if options.format != Format::Text && options.output_dir.is_none() {
        eprintln!(
            "error: --format {:?} with several submissions needs --output-dir DIR, to write \
             one file per submission",
            options.format
        );
        return ExitCode::from(one::USAGE);
    }
    let index = match (&options.output_dir, update) {
        (Some(dir), true) => match Index::read(dir) {
            Ok(index) => index,
            Err(error) => {
                eprintln!("error: {error:#}");
                return ExitCode::from(one::USAGE);
            }
        },
        (None, true) => {
            eprintln!("error: --update re-grades into a class's --output-dir DIR: give it");
            return ExitCode::from(one::USAGE);
        }
        (_, false) => Index::default(),
    };
    // A class's marks are of every check, whatever its table shows.
    let settings = Settings {
        cut_short: false,
        ..options.settings()
    };
    let policy = options.policy();
    let home = Home::for_workspace(workspace::locate().ok().as_deref());
    let bar = ProgressBar::new(submissions.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} submissions {elapsed:>4} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let started = Instant::now();
    let folders = index.folders_for(submissions);
    let rows = grade(
        submissions,
        &folders,
        options,
        settings,
        jobs,
        &home,
        &|row| {
            bar.inc(1);
            bar.set_message(format!("{} done", row.submission.display()));
        },
    );
    bar.finish_and_clear();
    let mut status = if options.output_dir.is_some() || rows.iter().all(|row| row.graded.is_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    let mut index = index;
    if let Some(dir) = &options.output_dir
        && let Err(error) = write_outputs(dir, &rows, &mut index, options, &settings, &policy)
    {
        eprintln!("error: {error:#}");
        status = ExitCode::from(one::COULD_NOT_WRITE);
    }
    if let Some(dir) = &options.timeline_svg {
        for row in &rows {
            let Ok(graded) = &row.graded else { continue };
            if let Err(error) = report::write_timelines(&dir.join(&row.folder), &graded.outcomes) {
                eprintln!("error: {error:#}");
                status = ExitCode::from(one::COULD_NOT_WRITE);
            }
        }
    }
    anstream::println!(
        "{}",
        report::class::table(&rows, &settings, &policy, options.task)
    );
    let tallies: Vec<Value> = if options.output_dir.is_some() {
        index
            .entries
            .iter()
            .map(|entry| entry.tally.clone())
            .collect()
    } else {
        rows.iter()
            .map(|row| report::class::tally(row, &settings))
            .collect()
    };
    if let Some(most) = report::class::most_failed(&report::class::mistakes(&tallies)) {
        anstream::println!("{most}");
    }
    anstream::println!(
        "{}",
        report::dimmed(&format!(
            "{} in {:.1} s, {jobs} at a time, seed {} (replay with --seed {})",
            report::count(rows.len(), "submission"),
            started.elapsed().as_secs_f64(),
            settings.seed,
            settings.seed
        ))
    );
    status
}

/// One submission in the class's [`INDEX`].
#[derive(Debug, Clone)]
struct Entry {
    /// Its path, made absolute: what `--update` matches.
    path: String,
    /// Its folder in the class's folder, and its name in `grades.csv`.
    folder: String,
    /// Its line of `grades.csv`.
    line: String,
    /// What it tells of the class's mistakes ([`report::class::tally`]).
    tally: Value,
}

/// The class's index: every submission graded into the folder, in order.
#[derive(Debug, Default)]
struct Index {
    entries: Vec<Entry>,
}

impl Index {
    /// The index of the class in `dir`.
    fn read(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join(INDEX);
        let text = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "--update: {} holds no class graded with this checker (no {INDEX}): grade the \
                 class into it first",
                dir.display()
            )
        })?;
        let value: Value = serde_json::from_str(&text)
            .with_context(|| format!("{} is not the index of a class", path.display()))?;
        let entries = value["submissions"]
            .as_array()
            .with_context(|| format!("{} lists no submissions", path.display()))?
            .iter()
            .map(|entry| {
                let field = |key: &str| {
                    entry[key].as_str().map(str::to_owned).with_context(|| {
                        format!("{}: a submission without its {key:?}", path.display())
                    })
                };
                Ok(Entry {
                    path: field("path")?,
                    folder: field("folder")?,
                    line: field("line")?,
                    tally: entry["tally"].clone(),
                })
            })
            .collect::<anyhow::Result<_>>()?;
        Ok(Self { entries })
    }

    /// Each submission's folder: its own where the index has its path, else its folder's
    /// name, made unique among the index's and each other's.
    fn folders_for(&self, submissions: &[PathBuf]) -> Vec<String> {
        let mut taken: Vec<String> = self.entries.iter().map(|e| e.folder.clone()).collect();
        submissions
            .iter()
            .map(|path| {
                let key = absolute(path);
                if let Some(entry) = self.entries.iter().find(|entry| entry.path == key) {
                    return entry.folder.clone();
                }
                let name = unique(folder_name(path), &taken);
                taken.push(name.clone());
                name
            })
            .collect()
    }

    /// Puts `entry` in place of the one of the same path, or after the others.
    fn replace(&mut self, entry: Entry) {
        match self
            .entries
            .iter_mut()
            .find(|known| known.path == entry.path)
        {
            Some(known) => *known = entry,
            None => self.entries.push(entry),
        }
    }

    fn to_json(&self) -> Value {
        let submissions: Vec<Value> = self
            .entries
            .iter()
            .map(|entry| {
                serde_json::json!({
                    "path": entry.path,
                    "folder": entry.folder,
                    "line": entry.line,
                    "tally": entry.tally,
                })
            })
            .collect();
        serde_json::json!({ "version": 1, "submissions": submissions })
    }
}

/// `path` made absolute (and its links resolved, when it exists), as the index keys it.
fn absolute(path: &Path) -> String {
    path.canonicalize()
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

/// Writes `text` to `dir/name` atomically: a reader sees the old file or the new one, never
/// half of one.
fn write_atomically(dir: &Path, name: &str, text: &str) -> anyhow::Result<()> {
    let temporary = format!(".{name}.{}.tmp", std::process::id());
    report::write_file(dir, &temporary, text)?;
    std::fs::rename(dir.join(&temporary), dir.join(name))
        .with_context(|| format!("could not write {}", dir.join(name).display()))
}

/// Writes each submission's results and `feedback.md` in `dir/<its folder>/`, then the
/// class's `grades.csv`, `summary.csv` and index, from `index` with `rows` in it.
fn write_outputs(
    dir: &Path,
    rows: &[Row],
    index: &mut Index,
    options: &Options,
    settings: &Settings,
    policy: &Policy,
) -> anyhow::Result<()> {
    let format = options.format.or_json();
    for row in rows {
        // These files are the student's: the command replays the grade in their own
        // workspace, and a submission that could not be graded is named by its folder, not
        // by where it lies on this machine.
        let replay = report::replay_command(settings, options.task, None);
        let unlocated: Grading;
        let graded = match &row.graded {
            Err(message) => {
                let mut message = message.clone();
                for path in [
                    absolute(&row.submission),
                    row.submission.display().to_string(),
                ] {
                    message = message.replace(&path, &row.folder);
                }
                unlocated = Err(message);
                &unlocated
            }
            graded => graded,
        };
        let results = report::render(format, graded, settings, policy, &replay).unwrap_or_default();
        let folder = dir.join(&row.folder);
        // A folder re-graded holds this grade's files alone.
        if folder.is_dir() {
            std::fs::remove_dir_all(&folder)
                .with_context(|| format!("could not replace {}", folder.display()))?;
        }
        report::write_file(&folder, format.file_name(), &results)?;
        let feedback = report::feedback::feedback(&row.folder, graded, settings, policy);
        report::write_file(&folder, "feedback.md", &feedback)?;
        index.replace(Entry {
            path: absolute(&row.submission),
            folder: row.folder.clone(),
            line: report::class::csv_line(row, settings, policy, options.task),
            tally: report::class::tally(row, settings),
        });
    }
    let lines: Vec<String> = index.entries.iter().map(|e| e.line.clone()).collect();
    write_atomically(dir, "grades.csv", &report::class::csv(&lines))?;
    let tallies: Vec<Value> = index.entries.iter().map(|e| e.tally.clone()).collect();
    let summary = report::class::summary_csv(&report::class::mistakes(&tallies));
    write_atomically(dir, "summary.csv", &summary)?;
    write_atomically(dir, INDEX, &format!("{:#}", index.to_json()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn folders_of_the_same_name_are_told_apart() {
        let paths = [
            PathBuf::from("/nowhere/a/alice"),
            PathBuf::from("/nowhere/b/alice"),
            PathBuf::from("/nowhere/bob"),
            PathBuf::from("/nowhere/c/alice"),
        ];
        assert_eq!(
            Index::default().folders_for(&paths),
            ["alice", "alice-2", "bob", "alice-3"]
        );
    }
}
