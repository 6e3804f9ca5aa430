//! One check, its verdict, and how a check is run within a wall-clock limit.

use std::any::Any;
use std::fmt;
use std::time::Duration;

#[cfg(feature = "checks")]
use crate::harness::subject::Subject;

/// One requirement of the curriculum, and the code that grades it.
pub struct Check {
    /// The course's task number, 0 to 4.
    pub task: u8,
    /// A short name that says what is checked.
    pub name: &'static str,
    /// Whether it is the course's contract, or goes further.
    pub tier: Tier,
    /// The requirement it enforces, in the curriculum's words.
    pub requirement: &'static str,
    /// What the check calls, as code a learner can run.
    pub test_code: &'static str,
    /// The wall-clock time after which the check fails as hung.
    pub limit: Duration,
    /// Grades `subject`: the code that runs the code under test, only in the harness.
    #[cfg(feature = "checks")]
    pub run: fn(&Subject, &Settings) -> Verdict,
}

/// Whether a check is part of the grade.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// The course's contract (`../shared/curriculum.md`): what a learner who writes what the
    /// course asks, in any idiomatic way, passes. The grade is made of these.
    Grade,
    /// What this workspace's reference does beyond the course (seeded replay, exact order at
    /// scale, cancellation, panics re-raised as they were): an optional challenge, shown after
    /// the grade, and in it only under `--strict`.
    Further,
}

/// What a whole run is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Settings {
    /// Every random choice of the run derives from it, so `--seed` replays a run.
    pub seed: u64,
    /// Whether to add the full real-clock run of every test program.
    pub real_time: bool,
    /// A cap on every check's wall-clock limit, for the checker's own tests of hangs.
    pub time_limit: Option<Duration>,
    /// Whether the going-further checks count in the grade (`--strict`).
    pub strict: bool,
    /// The limits each check's child is confined to ([`crate::run::confine`]), or `None` to
    /// run it unconfined (the checker's own tests of the checks).
    pub confine: Option<Limits>,
    /// Which timelines the reports draw ([`crate::timeline`]); the checks do not read it.
    pub drawing: crate::timeline::Drawing,
    /// Whether a task's grade stops at its first check when that fails, the short report's
    /// way ([`crate::harness::checks::FIRST_CHECKS`]): the rest are not run, and the report
    /// names one cause. The machine formats run every check.
    pub cut_short: bool,
}

/// The limits of one check: what [`crate::run::confine`] holds its child to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The address space of each process, in bytes.
    pub memory: u64,
    /// The largest file it may write, in bytes.
    pub file_size: u64,
    /// The processes and threads of its user.
    pub processes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            memory: 1 << 30,
            file_size: 64 << 20,
            processes: 512,
        }
    }
}

#[cfg(test)]
impl Settings {
    /// The unit tests' settings: seed 1, nothing strict, nothing confined, drawings as by
    /// default, and the short report's cutting when `cut_short`.
    pub(crate) fn of_tests(cut_short: bool) -> Self {
        Self {
            seed: 1,
            real_time: false,
            time_limit: None,
            strict: false,
            confine: None,
            drawing: crate::timeline::Drawing::default(),
            cut_short,
        }
    }
}

impl Settings {
    /// `check`'s wall-clock limit in this run.
    pub fn limit(&self, check: &Check) -> Duration {
        self.time_limit
            .map_or(check.limit, |cap| cap.min(check.limit))
    }

    /// Whether `check` counts in this run's grade.
    pub fn counts(&self, check: &Check) -> bool {
        check.tier == Tier::Grade || self.strict
    }

    /// The `index`-th seed derived from the run's seed.
    pub fn seed(&self, index: u64) -> u64 {
        self.seed
            .wrapping_add(index.wrapping_mul(0x9E37_79B9_7F4A_7C15))
    }
}

/// A passed check's evidence (what it saw), or why it failed.
pub type Verdict = Result<String, Failure>;

/// Why a check failed, in a learner's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What the requirement asks for.
    pub expected: String,
    /// What happened: the values, the times.
    pub actual: String,
    /// What to change.
    pub hint: String,
}

impl Failure {
    /// A failure from its three parts.
    pub fn new(
        expected: impl Into<String>,
        actual: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            expected: expected.into(),
            actual: actual.into(),
            hint: hint.into(),
        }
    }
}

/// What a check that did not run expected: the mark of [`Failure::not_run`].
const NOT_RUN: &str = "to run after the check that names the cause";

impl Failure {
    /// The failure of a check that did not run, because `cause`, a check of the same task
    /// that runs first, failed: the short report names one cause, not its echoes.
    pub fn not_run(cause: &str) -> Self {
        Self::new(
            NOT_RUN,
            format!("not run: {cause} failed first"),
            format!("make \"{cause}\" pass, and this check runs again"),
        )
    }

    /// Whether this is the failure of a check that did not run ([`Failure::not_run`]).
    pub fn is_not_run(&self) -> bool {
        self.expected == NOT_RUN
    }

    /// The check that a check that did not run waits for ([`Failure::not_run`]).
    pub fn waits_for(&self) -> Option<&str> {
        let cause = self.actual.strip_prefix("not run: ")?;
        cause
            .strip_suffix(" failed first")
            .filter(|_| self.is_not_run())
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected: {}\nactual:   {}\nhint:     {}",
            self.expected, self.actual, self.hint
        )
    }
}

/// A check that was run, with its verdict.
#[derive(Clone)]
pub struct Outcome {
    /// The check.
    pub check: &'static Check,
    /// Its verdict.
    pub verdict: Verdict,
    /// How long it took on the wall clock.
    pub took: Duration,
    /// What the code under test printed during the check.
    pub output: Captured,
    /// The waits of the call it timed, for a check that times one ([`crate::timeline`]).
    pub timeline: Option<crate::timeline::Recorded>,
}

/// Runs `check` in this process, on a thread of its own, and fails it when it exceeds its
/// limit or panics.
///
/// A hung check (a deadlock, a blocking sleep, a future that never completes) cannot hang
/// the caller: after [`Check::limit`] the verdict is a failure and the thread is left
/// behind, to end with the process. This is what the harness runs for each check, and what
/// the checker's tests call directly; an exit or an abort of the code under test takes this
/// process with it, which is why the `checker` binary runs each check in a child
/// ([`crate::run::isolation`]).
#[cfg(feature = "checks")]
pub fn run(
    check: &'static Check,
    subject: &std::sync::Arc<Subject>,
    settings: Settings,
) -> Outcome {
    use std::sync::{Arc, mpsc};
    use std::{panic, thread, time::Instant};

    let start = Instant::now();
    let (sender, receiver) = mpsc::channel();
    let thread_subject = Arc::clone(subject);
    let spawned = thread::Builder::new()
        .name(format!("check: {}", check.name))
        .spawn(move || {
            let verdict = panic::catch_unwind(|| (check.run)(&thread_subject, &settings))
                .unwrap_or_else(|payload| Err(panicked(&*payload)));
            // The receiver is gone only when the check already timed out.
            let _ = sender.send(verdict);
        });
    let verdict = match spawned {
        Err(error) => Err(Failure::new(
            "the check to start",
            format!("no thread could be started for it: {error}"),
            "the machine is out of threads or memory; run the checker again",
        )),
        Ok(_) => receiver
            .recv_timeout(settings.limit(check))
            .unwrap_or_else(|_| Err(timed_out(settings.limit(check)))),
    };
    Outcome {
        check,
        verdict,
        took: start.elapsed(),
        output: Captured::default(),
        timeline: None,
    }
}

#[cfg(feature = "checks")]
fn timed_out(limit: Duration) -> Failure {
    Failure::new(
        format!("the check to finish within {} s", limit.as_secs_f64()),
        "it was still running: something hangs, deadlocks, or blocks its thread",
        "look for an await on something that never completes, a lock held across an \
         .await, or std::thread::sleep where tokio::time::sleep belongs",
    )
}

/// The text of a panic's payload.
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic with a non-text payload".to_owned())
}

#[cfg(feature = "checks")]
fn panicked(payload: &(dyn Any + Send)) -> Failure {
    Failure::new(
        "the code under test to return",
        format!("it panicked: {}", panic_message(payload)),
        "read the panic's message and where it happened; `cargo test -p <crate>` runs the \
         task's own tests, and RUST_BACKTRACE=1 shows how it got there",
    )
}

/// What a process printed: its first bytes, and how much there was in all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Captured {
    /// The first [`KEPT_BYTES`](crate::run::isolation::KEPT_BYTES) bytes, as text.
    pub text: String,
    /// How many bytes it printed in all.
    pub bytes: usize,
    /// How many lines it printed in all (a last line without a newline counts).
    pub lines: usize,
}

impl Captured {
    /// Whether it printed anything at all.
    pub fn is_empty(&self) -> bool {
        self.bytes == 0
    }
}
