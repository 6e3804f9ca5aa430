//! The checker: grades every task of the curriculum against its contract.
//!
//! The original course grades each task with a hidden checker; this one is open. `cargo run
//! -p checker` runs every [`Check`] of every task and prints a report; its exit
//! status is the grade (0 when every check passes, 1 when one fails, 2 on a usage error).
//!
//! # How a check grades
//!
//! Checks are behavioural: they call each task through its public API and run its test
//! program, so they grade whatever implementation the workspace holds. They reach the tasks
//! only through a [`Subject`], a bundle of function pointers, so the
//! checker's own tests hand them deliberately broken implementations and assert that the
//! right check fails.
//!
//! - **Virtual time.** Most checks run on tokio's paused clock: a runtime whose clock jumps to
//!   the next timer whenever every task waits. A `wait_random(15)` takes microseconds, and
//!   the time it *would* take is still measured exactly, in `tokio::time::Instant`s.
//! - **Real time where it matters.** `measure_time` reads the wall clock, so its check uses
//!   delays of at most a second; `does_not_block` compares the real time a paused-clock wait
//!   takes with its delay, which is how a `std::thread::sleep` shows itself. The test
//!   programs run with `ASYNC_CLOCK=paused` (see `basic_async_syntax::program`); `--real-time`
//!   adds their full real-clock run.
//! - **Bounded.** Every check runs on a thread of its own with a wall-clock limit: a hang is a
//!   failed check with a hint, never a hung checker.
//! - **Reproducible.** Every random choice derives from one seed, printed with the report;
//!   `--seed` replays a run.
//!
//! # Layout
//!
//! - [`check`]: a check, its verdict and the runner with its time limit.
//! - [`checks`]: every check of every task, in order.
//! - [`subject`]: the functions under test.
//! - [`programs`]: builds the test programs.
//! - [`report`]: the text report and Exercism's `results.json`.
//! - [`bench`](mod@bench): `checker bench`, the scale report.

pub mod bench;
pub mod check;
pub mod checks;
pub mod programs;
pub mod report;
pub mod subject;

use std::sync::Arc;

use check::{Check, Outcome, Settings};
use subject::Subject;

/// Runs `checks` on `subject` one after another, handing each outcome to `each` as it comes.
///
/// # Examples
///
/// ```
/// use checker::check::Settings;
/// use checker::subject::Subject;
///
/// let settings = Settings { seed: 7, real_time: false };
/// let checks = checker::checks::selected(Some(0), false);
/// let no_programs = Err("not needed here".to_owned());
/// let outcomes = checker::grade(Subject::workspace(no_programs), &checks[..5], settings, |_| {});
/// assert!(outcomes.iter().all(|outcome| outcome.verdict.is_ok()));
/// ```
pub fn grade(
    subject: Subject,
    checks: &[&'static Check],
    settings: Settings,
    mut each: impl FnMut(&Outcome),
) -> Vec<Outcome> {
    let subject = Arc::new(subject);
    checks
        .iter()
        .map(|check| {
            let outcome = check::run(check, &subject, settings);
            each(&outcome);
            outcome
        })
        .collect()
}
