//! Grading: one submission, a class of them, and where a workspace is.
//!
//! - [`run_checks`]: the checks of one build, in child processes, in order.
//! - [`workspace`]: where the workspace to grade is, and the grading workspace assembled
//!   from it and from the files the checker carries.
//! - [`starter_files`]: the files the checker carries, as a starter has them.
//! - [`one`]: one workspace, built, graded and reported.
//! - [`class`]: many workspaces at once, and the class's table.
//! - [`clean`]: the grading workspaces left in the cache folder, removed unless in use.

pub mod class;
pub mod clean;
pub mod one;
pub mod starter_files;
pub mod workspace;

use std::collections::BTreeSet;
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::Duration;

use crate::harness::check::{Captured, Check, Failure, Outcome, Settings, Tier};
use crate::harness::checks::{self, IMPORTS_CHECK, TASKS};
use crate::report;
use crate::run::build::Build;
use crate::run::isolation::{self, Scratch};

/// Grades `checks` on what `build` built, each check in a child process of its harness,
/// handing each outcome to `each` as it comes, in order.
///
/// - The checks run [`jobs`] at a time (the children are separate processes, and the checks
///   on the real clock allow for a loaded machine); outcomes are still handed on in order.
/// - A check of a task that was not built is a failed outcome that says why (the compiler's
///   message is in [`Build::unbuilt`]).
/// - A task's [`IMPORTS_CHECK`] is decided from the grade of the tasks it imports; those
///   not among `checks` (with `--task`) are graded first, and their outcomes are not handed on.
/// - A check of a task in `not_submitted` is not run: it fails saying so.
/// - A check of the grade that calls nothing of its task passes only beside one that does
///   ([`checks::credited`]): credit only for work done.
/// - Outside `--strict`, a task's going-further checks run only once its grade passes: a
///   challenge beside a failing task is noise.
/// - `waiting` is called once every check of the grade that does not run a test program has
///   ended: what is left of the grade only waits for programs (a class then starts checking
///   another submission beside it).
/// - With [`Settings::cut_short`] (the short report), each task's first check
///   ([`checks::FIRST_CHECKS`]) comes first, and the others count only once it passed; they
///   are otherwise [not run](crate::harness::check::Failure::not_run). They run beside it,
///   but for task 0's, which wait for it ([`checks::beside_the_first`]).
///
/// # Errors
///
/// When the scratch folder for the children's verdicts cannot be created.
pub fn run_checks(
    build: &Build,
    not_submitted: &BTreeSet<u8>,
    checks: &[&'static Check],
    settings: Settings,
    gate: Option<&Gate>,
    waiting: &(dyn Fn() + Sync),
    mut each: impl FnMut(&Outcome),
) -> std::io::Result<Vec<Outcome>> {
    let scratch = Scratch::new()?;
    let run = |check: &'static Check| {
        let _alone = gate
            .filter(|_| checks::on_the_real_clock(check))
            .map(Gate::alone);
        if not_submitted.contains(&check.task) {
            return report::not_submitted(check);
        }
        match (&build.harness, build.unbuilt.get(&check.task)) {
            (Some(harness), None) => isolation::run(harness, check, settings, &scratch),
            // Without a harness no task is built (see `run::build`).
            (_, unbuilt) => report::not_built(check, unbuilt),
        }
    };
    let shown: Vec<u8> = checks.iter().map(|check| check.task).collect();
    let supporting_checks: Vec<&'static Check> = checks::selected(None, false)
        .into_iter()
        .filter(|check| check.tier == Tier::Grade)
        .filter(|check| !shown.contains(&check.task))
        .filter(|check| {
            shown
                .iter()
                .any(|&task| TASKS[usize::from(task)].imported().contains(&check.task))
        })
        .collect();
    let settle = |outcome: Outcome, done: &[Outcome]| checks::credited(outcome, done);
    let (mut grade, further): (Vec<&'static Check>, Vec<&'static Check>) =
        checks.iter().partition(|check| check.tier == Tier::Grade);
    if settings.cut_short {
        // A stable sort: each task's first check, then the rest as listed (those that call
        // nothing of the task last, so that they are credited from the others).
        grade.sort_by_key(|check| (check.task, !checks::is_first(check)));
    }
    // In the short report a check waits for its task's first check (see `in_order`).
    let first_in = |list: &[&'static Check], index: usize| {
        let check: &Check = list[index];
        let cut = settings.cut_short && !checks::is_first(check) && check.name != IMPORTS_CHECK;
        cut.then(|| {
            list.iter()
                .position(|first| first.task == check.task && checks::is_first(first))
        })
        .flatten()
    };
    let mut outcomes = std::thread::scope(|scope| {
        // The tasks it imports are graded beside its own checks: only its check of its
        // imports waits for them.
        let supporting = scope.spawn(|| {
            in_order(
                &supporting_checks,
                &run,
                &|index| first_in(&supporting_checks, index),
                |_, _| None,
                settle,
                &|| {},
                |_| {},
            )
        });
        let supporting = std::sync::Mutex::new(Some(supporting));
        let joined = std::sync::OnceLock::new();
        let supported = || {
            joined.get_or_init(|| {
                let handle = supporting
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .take();
                handle.map_or_else(Vec::new, |handle| {
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
                })
            })
        };
        in_order(
            &grade,
            &run,
            &|index| first_in(&grade, index),
            |check, done| {
                (check.name == IMPORTS_CHECK).then(|| {
                    if not_submitted.contains(&check.task) {
                        return report::not_submitted(check);
                    }
                    if let Some(unbuilt) = build.unbuilt.get(&check.task) {
                        // A task that was not built passes nothing, this check included.
                        return report::not_built(check, Some(unbuilt));
                    }
                    let known: Vec<&Outcome> = supported().iter().chain(done).collect();
                    Outcome {
                        check,
                        verdict: checks::imports_verdict(check.task, &known),
                        took: Duration::ZERO,
                        output: Captured::default(),
                        timeline: None,
                    }
                })
            },
            settle,
            waiting,
            &mut each,
        )
    });
    let grade_fails = |task: u8| {
        outcomes
            .iter()
            .any(|outcome| outcome.check.task == task && outcome.verdict.is_err())
    };
    let further: Vec<&'static Check> = further
        .into_iter()
        .filter(|check| settings.strict || !grade_fails(check.task))
        .collect();
    let as_run = |outcome: Outcome, _: &[Outcome]| outcome;
    outcomes.extend(in_order(
        &further,
        &run,
        &|_| None,
        |_, _| None,
        as_run,
        &|| {},
        &mut each,
    ));
    Ok(outcomes)
}

/// What keeps the checks timed on the real clock apart from the heaviest load of a class
/// graded several at a time, the builds (cargo and rustc on every core), and from each other:
/// such a check runs alone ([`Gate::alone`]), builds run beside each other
/// ([`Gate::beside`]), and the other checks, short or idle, run as they come. Grading one
/// workspace needs none: its checks allow for the load that their own [`jobs`] make.
#[derive(Debug, Default)]
pub struct Gate(RwLock<()>);

impl Gate {
    /// Waits until nothing else runs, and holds everything else off until the guard drops.
    pub fn alone(&self) -> RwLockWriteGuard<'_, ()> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits while something runs alone, and holds that off until the guard drops.
    pub fn beside(&self) -> RwLockReadGuard<'_, ()> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Tells the checks waiting for check `index` its verdict when dropped (see [`in_order`]).
struct Told<'a> {
    passed: &'a std::sync::Mutex<Vec<Option<bool>>>,
    ran: &'a std::sync::Condvar,
    index: usize,
    verdict: bool,
}

impl Drop for Told<'_> {
    fn drop(&mut self) {
        self.passed.lock().unwrap_or_else(PoisonError::into_inner)[self.index] = Some(self.verdict);
        self.ran.notify_all();
    }
}

/// How many checks run at once: the machine's cores, at most four.
pub fn jobs() -> usize {
    std::thread::available_parallelism().map_or(1, |cores| cores.get().min(4))
}

/// Runs `checks` [`jobs`] at a time with `run`, and hands their outcomes to `each` in the
/// order of `checks`. A check that `decide` answers for, from the outcomes before it, is not
/// run; every outcome is `settle`d, from those before it, before it is handed on. A check
/// for which `first_of` names another (by its index) waits for that one, and is not run when
/// it failed. `waiting` is called once only test programs are left running (or nothing is).
fn in_order(
    checks: &[&'static Check],
    run: &(dyn Fn(&'static Check) -> Outcome + Sync),
    first_of: &(dyn Fn(usize) -> Option<usize> + Sync),
    decide: impl Fn(&'static Check, &[Outcome]) -> Option<Outcome>,
    settle: impl Fn(Outcome, &[Outcome]) -> Outcome,
    waiting: &(dyn Fn() + Sync),
    mut each: impl FnMut(&Outcome),
) -> Vec<Outcome> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Condvar, Mutex, mpsc};

    let next = AtomicUsize::new(0);
    let decided = |check: &Check| check.name == IMPORTS_CHECK;
    // Whether each check passed, once it ran: what the checks that wait for it look at.
    let passed: Mutex<Vec<Option<bool>>> = Mutex::new(vec![None; checks.len()]);
    let ran = Condvar::new();
    // The checks that others wait for start first, so that no worker waits for a check that
    // no worker runs; then the test programs: one may wait for seconds on the real clock (a
    // measure_time with a runtime of its own), and the other checks run beside it.
    let awaited: Vec<bool> = (0..checks.len())
        .map(|index| (0..checks.len()).any(|other| first_of(other) == Some(index)))
        .collect();
    let mut schedule: Vec<usize> = (0..checks.len()).collect();
    schedule.sort_by_key(|&index| (!awaited[index], !checks::runs_a_program(checks[index])));
    // Waits for the verdict of check `first`: whether it passed.
    let verdict_of = |first: usize| {
        let mut known = passed.lock().unwrap_or_else(PoisonError::into_inner);
        while known[first].is_none() {
            known = ran.wait(known).unwrap_or_else(PoisonError::into_inner);
        }
        known[first] == Some(true)
    };
    let not_run = |check: &'static Check, first: usize| Outcome {
        check,
        verdict: Err(Failure::not_run(checks[first].name)),
        took: Duration::ZERO,
        output: Captured::default(),
        timeline: None,
    };
    let outcome_of = |index: usize| {
        let check = checks[index];
        let first = first_of(index);
        // A check that may not run beside its first check waits for it before it starts.
        if let Some(first) = first.filter(|_| !checks::beside_the_first(check))
            && !verdict_of(first)
        {
            return not_run(check, first);
        }
        // Told on drop, so that a check that panics (a bug of the checker's) fails the checks
        // waiting for it rather than leaving them waiting.
        let mut told = Told {
            passed: &passed,
            ran: &ran,
            index,
            verdict: false,
        };
        let outcome = run(check);
        told.verdict = outcome.verdict.is_ok();
        drop(told);
        // One that ran beside it is still not shown when the first check failed.
        match first {
            Some(first) if !verdict_of(first) => not_run(check, first),
            _ => outcome,
        }
    };
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..jobs() {
            let sender = sender.clone();
            let (next, schedule, outcome_of) = (&next, &schedule, &outcome_of);
            scope.spawn(move || {
                while let Some(&index) = schedule.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if !decided(checks[index]) && sender.send((index, outcome_of(index))).is_err() {
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
                let outcome = settle(outcome, done);
                each(&outcome);
                done.push(outcome);
            }
        };
        emit(&mut done, &mut slots);
        let busy = |check: &Check| !decided(check) && !checks::runs_a_program(check);
        let mut busy_left = checks.iter().filter(|check| busy(check)).count();
        if busy_left == 0 {
            waiting();
        }
        for (index, outcome) in receiver {
            if busy(checks[index]) {
                busy_left -= 1;
                if busy_left == 0 {
                    waiting();
                }
            }
            slots[index] = Some(outcome);
            emit(&mut done, &mut slots);
        }
        emit(&mut done, &mut slots);
        done
    })
}
