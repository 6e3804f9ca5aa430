//! The checker: grades every task of the curriculum against its contract.
//!
//! The original course grades each task with a hidden checker; this one is open. `cargo run
//! -p checker` runs every [`Check`] of every task and prints a report; its exit
//! status is the grade (0 when every check of the grade passes, 1 when one fails, 2 on a
//! usage error).
//!
//! # Two tiers
//!
//! The grade is the course's contract: a learner who writes what the course asks, in any
//! idiomatic way, passes. What this workspace's reference does beyond it (seeded replay,
//! exact order at scale, cancellation, panics re-raised as they were) is *going further*:
//! checks shown after the grade as optional challenges, counted only with `--strict`
//! ([`check::Tier`]).
//!
//! # How a check grades
//!
//! Checks are behavioural: they call each task through its public API and run its test
//! program, so they grade whatever implementation the workspace holds. They reach the tasks
//! only through a `Subject`, a bundle of function pointers, so the
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
//! - **Isolated.** The `checker` binary never runs the code under test: each check runs in a
//!   child process of its own ([`isolation`]), which sends its verdict through a channel of
//!   its own. What the code prints is captured and shown, never read as a grade; an exit, an
//!   abort or a stack overflow fails that one check and the others still run; a hang is
//!   killed at the check's wall-clock limit.
//! - **Reproducible.** Every random choice of the checker derives from one seed, printed with
//!   the report; `--seed` replays a run exactly when the tasks draw through
//!   `basic_async_syntax::seed`. No check of the grade depends on that.
//!
//! # Two binaries
//!
//! The `checker` binary is built without the task crates: it builds them itself (with a time
//! limit), so a task that does not compile is a graded error, not a cargo crash before the
//! checker starts, and it fails only that task and those that import it. What runs the code
//! under test is `checker-harness`, the same crate built with the `checks` feature and one
//! feature per later task that compiles (`task1` … `task4`; `harness` is all of them): the
//! checks' code ([`checks`], `subject`), the child's side of [`isolation`], and, with every
//! task, the scale report (`bench`).
//!
//! # Layout
//!
//! - [`check`]: a check, its verdict and the runner with its time limit.
//! - [`checks`]: every check of every task, in order.
//! - [`hints`]: what a compile error most likely means, in a learner's terms.
//! - [`isolation`]: a check in a child process, its output and how it ended.
//! - [`programs`]: builds the tasks, their test programs and the harness, task by task.
//! - [`report`]: the text report and Exercism's `results.json`.
//! - [`starter`]: `checker new DIR`, a workspace to solve the tasks in.
//! - [`submission`]: `checker grade PATH`, a learner's workspace graded by this checker.
//! - [`watch`]: `--watch`, grading again on every save.
//! - `subject` (harness only): the functions under test, one contract file per task.
//! - `bench` (harness only): `checker bench`, the scale report.

#[cfg(feature = "harness")]
pub mod bench;
pub mod check;
pub mod checks;
pub mod hints;
pub mod isolation;
pub mod programs;
pub mod report;
pub mod starter;
#[cfg(feature = "checks")]
pub mod subject;
pub mod submission;
pub mod watch;

use std::time::Duration;

use check::{Check, Outcome, Settings, Tier};
use checks::{IMPORTS_CHECK, TASKS};
use isolation::{Captured, Scratch};
use programs::Build;

/// Grades `checks` on what `build` built, each check in a child process of its harness,
/// handing each outcome to `each` as it comes, in order.
///
/// - The checks run [`jobs`] at a time (the children are separate processes, and the checks
///   on the real clock allow for a loaded machine); outcomes are still handed on in order.
/// - A check of a task that was not built is a failed outcome that says why (the compiler's
///   message is in [`Build::unbuilt`]).
/// - A task's [`IMPORTS_CHECK`] is decided from the grade of the tasks it imports; those
///   not among `checks` (with `--task`) are graded first, and their outcomes are not handed on.
/// - Outside `--strict`, a task's going-further checks run only once its grade passes: a
///   challenge beside a failing task is noise.
///
/// # Errors
///
/// When the scratch folder for the children's verdicts cannot be created.
pub fn grade(
    build: &Build,
    checks: &[&'static Check],
    settings: Settings,
    mut each: impl FnMut(&Outcome),
) -> std::io::Result<Vec<Outcome>> {
    let scratch = Scratch::new()?;
    let run = |check: &'static Check| match (&build.harness, build.unbuilt.get(&check.task)) {
        (Some(harness), None) => isolation::run(harness, check, settings, &scratch),
        // Without a harness no task is built (see `programs::build`).
        (_, unbuilt) => report::not_built(check, unbuilt),
    };
    let shown: Vec<u8> = checks.iter().map(|check| check.task).collect();
    let supporting_checks: Vec<&'static Check> = checks::CHECKS
        .iter()
        .filter(|check| check.tier == Tier::Grade)
        .filter(|check| !shown.contains(&check.task))
        .filter(|check| {
            shown
                .iter()
                .any(|&task| TASKS[usize::from(task)].imported().contains(&check.task))
        })
        .collect();
    let supporting = in_order(&supporting_checks, &run, |_, _| None, |_| {});
    let (grade, further): (Vec<&'static Check>, Vec<&'static Check>) =
        checks.iter().partition(|check| check.tier == Tier::Grade);
    let mut outcomes = in_order(
        &grade,
        &run,
        |check, done| {
            (check.name == IMPORTS_CHECK).then(|| {
                let known: Vec<&Outcome> = supporting.iter().chain(done).collect();
                Outcome {
                    check,
                    verdict: checks::imports_verdict(check.task, &known),
                    took: Duration::ZERO,
                    output: Captured::default(),
                }
            })
        },
        &mut each,
    );
    let grade_fails = |task: u8| {
        outcomes
            .iter()
            .any(|outcome| outcome.check.task == task && outcome.verdict.is_err())
    };
    let further: Vec<&'static Check> = further
        .into_iter()
        .filter(|check| settings.strict || !grade_fails(check.task))
        .collect();
    outcomes.extend(in_order(&further, &run, |_, _| None, &mut each));
    Ok(outcomes)
}

/// How many checks run at once: the machine's cores, at most four.
pub fn jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| cores.get().min(4))
}

/// Runs `checks` [`jobs`] at a time with `run`, and hands their outcomes to `each` in the
/// order of `checks`. A check that `decide` answers for, from the outcomes before it, is not
/// run.
fn in_order(
    checks: &[&'static Check],
    run: &(dyn Fn(&'static Check) -> Outcome + Sync),
    decide: impl Fn(&'static Check, &[Outcome]) -> Option<Outcome>,
    mut each: impl FnMut(&Outcome),
) -> Vec<Outcome> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    let next = AtomicUsize::new(0);
    let decided = |check: &Check| check.name == IMPORTS_CHECK;
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..jobs() {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&check) = checks.get(index) else {
                        break;
                    };
                    if !decided(check) && sender.send((index, run(check))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        let mut slots: Vec<Option<Outcome>> = checks.iter().map(|_| None).collect();
        let mut done: Vec<Outcome> = Vec::with_capacity(checks.len());
        let mut emit = |done: &mut Vec<Outcome>, slots: &mut Vec<Option<Outcome>>| {
            while let Some(&check) = checks.get(done.len()) {
                let ready = match decide(check, done) {
                    Some(outcome) => Some(outcome),
                    None => slots[done.len()].take(),
                };
                let Some(outcome) = ready else { break };
                each(&outcome);
                done.push(outcome);
            }
        };
        emit(&mut done, &mut slots);
        for (index, outcome) in receiver {
            slots[index] = Some(outcome);
            emit(&mut done, &mut slots);
        }
        emit(&mut done, &mut slots);
        done
    })
}
