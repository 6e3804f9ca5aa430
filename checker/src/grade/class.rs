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
use super::one::{self, Grading, Options, Quiet};
use super::workspace::{self, Home};
use crate::harness::check::Settings;
use crate::report;

/// One submission of a class, graded.
pub struct Row {
    /// The PATH as it was given.
    pub submission: PathBuf,
    /// The folder of its results in `--output-dir`: its folder's name, made unique.
    pub folder: String,
    /// Its grade, or why there is none.
    pub graded: Grading,
    /// How long it took from the start of its build to the end of its checks.
    pub took: Duration,
}

/// Grades every PATH of `submissions`, building them one after another and checking `jobs`
/// at a time, with `settings` for all, each in a grading workspace in `home`; `progress` is
/// told each one that ends.
pub fn grade(
    submissions: &[PathBuf],
    options: &Options,
    settings: Settings,
    jobs: usize,
    home: &Home,
    progress: &(dyn Fn(&Row) + Sync),
) -> Vec<Row> {
    let folders = unique_folders(submissions);
    let gate = Gate::default();
    let (sender, receiver) = mpsc::channel();
    let slots = Slots::new(jobs.max(1));
    let rows: Mutex<Vec<Option<Row>>> = Mutex::new(submissions.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        let gate = &gate;
        scope.spawn(move || {
            for (index, path) in submissions.iter().enumerate() {
                let started = Instant::now();
                let build = workspace::assemble(path, home)
                    .map_err(|error| error.to_string())
                    .and_then(|workspace| one::build(&workspace, options, Some(gate), &mut Quiet));
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
                    build.and_then(|build| {
                        one::check(build, options, settings, Some(gate), &give_back, &mut Quiet)
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

/// Each submission's folder name, made unique with `-2`, `-3`… where two are the same.
fn unique_folders(submissions: &[PathBuf]) -> Vec<String> {
    let mut taken: Vec<String> = Vec::with_capacity(submissions.len());
    for path in submissions {
        let base = path
            .canonicalize()
            .unwrap_or_else(|_| path.clone())
            .file_name()
            .map_or_else(
                || "submission".to_owned(),
                |name| name.to_string_lossy().into_owned(),
            );
        let mut name = base.clone();
        let mut count = 1;
        while taken.contains(&name) {
            count += 1;
            name = format!("{base}-{count}");
        }
        taken.push(name);
    }
    taken
}

/// `checker grade PATH PATH...`: grades the class, writes `--output-dir`'s files, and prints
/// the class's table. Exit status 0 when every PATH was graded (whatever its grade), 1 when
/// one could not be, 3 when the files could not be written.
pub fn run(submissions: &[PathBuf], options: &Options, jobs: usize) -> ExitCode {
    if options.format != one::Format::Text && options.output_dir.is_none() {
        eprintln!(
            "error: --format {:?} with several submissions needs --output-dir DIR, to write \
             one file per submission",
            options.format
        );
        return ExitCode::from(one::USAGE);
    }
    let settings = options.settings();
    let home = Home::for_workspace(workspace::locate().ok().as_deref());
    let bar = ProgressBar::new(submissions.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} submissions {elapsed:>4} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let started = Instant::now();
    let rows = grade(submissions, options, settings, jobs, &home, &|row| {
        bar.inc(1);
        bar.set_message(format!("{} done", row.submission.display()));
    });
    bar.finish_and_clear();
    let mut status = if rows.iter().all(|row| row.graded.is_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    if let Some(dir) = &options.output_dir
        && let Err(error) = write_outputs(dir, &rows, options, &settings)
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
    anstream::println!("{}", report::class::table(&rows, &settings));
    anstream::println!(
        "{}",
        report::dimmed(&format!(
            "{} submissions in {:.1} s, {jobs} at a time, seed {} (replay with --seed {})",
            rows.len(),
            started.elapsed().as_secs_f64(),
            settings.seed,
            settings.seed
        ))
    );
    status
}

/// Writes `dir/grades.csv` and each submission's results in `dir/<its folder>/`.
fn write_outputs(
    dir: &Path,
    rows: &[Row],
    options: &Options,
    settings: &Settings,
) -> anyhow::Result<()> {
    report::write_file(dir, "grades.csv", &report::class::csv(rows, settings))?;
    let format = options.format.or_json();
    for row in rows {
        let replay = report::replay_command(settings, options.task, Some(&row.submission));
        let results = report::render(format, &row.graded, settings, &replay).unwrap_or_default();
        report::write_file(&dir.join(&row.folder), format.file_name(), &results)?;
    }
    Ok(())
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
            unique_folders(&paths),
            ["alice", "alice-2", "bob", "alice-3"]
        );
    }
}
