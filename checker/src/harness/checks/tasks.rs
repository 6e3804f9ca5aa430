//! Task 3 (`task_wait_random`) and what is particular to task 4's tasks.

use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::time::Instant;

use super::basics::TICK;
use super::delay_lists::tasks_alive_during;
use super::{paused, paused_seeded, saw, within};
use crate::harness::check::{Failure, Settings, Verdict, panic_message};
use crate::harness::subject::Subject;

fn alive_tasks() -> usize {
    Handle::current().metrics().num_alive_tasks()
}

pub(super) fn starts_at_once(subject: &Subject, settings: &Settings) -> Verdict {
    let task_wait_random = subject.task_wait_random;
    let (alive, finished) = paused_seeded(subject, settings.seed(0), async move {
        let task = task_wait_random(5);
        let alive = alive_tasks();
        // No task of this runtime: the handle is of work elsewhere, which the paused clock
        // does not drive (and a blocking thread would hold it from moving on).
        if alive == 0 {
            task.abort();
            return (alive, false);
        }
        tokio::time::sleep(Duration::from_millis(5_001)).await;
        let finished = task.is_finished();
        task.abort();
        (alive, finished)
    });
    if alive == 0 {
        return Err(Failure::new(
            "a running task: 1 alive on the caller's runtime right after the call",
            "0 alive: the JoinHandle is of work that runs elsewhere",
            "a JoinHandle that is no task of the caller's runtime comes from \
             tokio::task::spawn_blocking (a thread of its own, for blocking code, where \
             std::thread::sleep blocks) or from a runtime of its own; tokio::spawn hands \
             wait_random(max_delay) to the caller's runtime as a task, like \
             asyncio.create_task, and its JoinHandle is what task_wait_random returns",
        ));
    }
    if alive != 1 || !finished {
        return Err(Failure::new(
            "a running task: 1 alive right after the call, finished 5.001 s later unawaited",
            format!("{alive} alive after the call; finished 5.001 s later: {finished}"),
            "it returned no running task: a future that nobody polls does nothing, while a task \
             handed to tokio::spawn runs at once, like asyncio.create_task, and its JoinHandle \
             is what task_wait_random returns",
        ));
    }
    saw("the task was alive at once and finished 5.001 s later without being awaited")
}

pub(super) fn gives_its_delay(subject: &Subject, settings: &Settings) -> Verdict {
    for (index, max_delay) in [0, 5, 15].into_iter().enumerate() {
        let task_wait_random = subject.task_wait_random;
        let (joined, slept) = paused_seeded(subject, settings.seed(index as u64), async move {
            let start = Instant::now();
            let joined = task_wait_random(max_delay).await;
            (joined, start.elapsed().as_secs_f64())
        });
        let call = format!("task_wait_random({max_delay}).await");
        let delay = joined.map_err(|error| {
            Failure::new(
                format!("{call} to give Ok(delay)"),
                format!("the task failed: {error}"),
                "the task runs wait_random(max_delay); it should neither panic nor be aborted",
            )
        })?;
        within(delay, max_delay, &call)?;
        if !(delay - TICK <= slept && slept <= delay + TICK) {
            return Err(Failure::new(
                format!("{call} to end after the {delay} s it returned"),
                format!("it ended after {slept} s"),
                "the task should run wait_random(max_delay) and give back its delay",
            ));
        }
    }
    saw("task_wait_random(0), (5) and (15) each gave the delay they waited")
}

pub(super) fn spawns_tasks(subject: &Subject, settings: &Settings) -> Verdict {
    let alive = tasks_alive_during(subject, settings);
    if alive < 50 {
        return Err(Failure::new(
            "about 100 tasks alive 10 ms into task_wait_n(100, 10)",
            format!("{alive} tasks were alive"),
            "call task_wait_random(max_delay) n times: each call spawns a task",
        ));
    }
    saw(format!(
        "{alive} tasks alive 10 ms into task_wait_n(100, 10)"
    ))
}

pub(super) fn aborts_when_dropped(subject: &Subject, settings: &Settings) -> Verdict {
    let task_wait_n = subject.task_wait_n;
    let (alive, remaining) = paused_seeded(subject, settings.seed(0), async move {
        let cancelled = tokio::time::timeout(Duration::from_millis(10), task_wait_n(100, 10));
        let _ = cancelled.await;
        // An abort takes effect when the scheduler next runs the task.
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        let alive = alive_tasks();
        let start = Instant::now();
        while alive_tasks() > 0 {
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        (alive, start.elapsed())
    });
    if alive > 0 {
        return Err(Failure::new(
            "no task alive after task_wait_n(100, 10) is dropped 10 ms in",
            format!(
                "{alive} tasks were still running; the last ended {:.1} s later",
                remaining.as_secs_f64()
            ),
            "dropping a JoinHandle detaches its task: abort the tasks when task_wait_n's \
             future is dropped (JoinHandle::abort in a Drop guard, or a JoinSet)",
        ));
    }
    saw("every task was aborted when task_wait_n(100, 10) was dropped 10 ms in")
}

pub(super) fn same_as_wait_n(subject: &Subject, settings: &Settings) -> Verdict {
    for index in 0..10 {
        let seed = settings.seed(index);
        let from_tasks = paused_seeded(subject, seed, (subject.task_wait_n)(50, 8));
        let from_coroutines = paused_seeded(subject, seed, (subject.wait_n)(50, 8));
        if from_tasks != from_coroutines {
            return Err(Failure::new(
                format!("task_wait_n(50, 8) == wait_n(50, 8) under seed {seed}"),
                format!(
                    "they differ first at index {}",
                    from_tasks
                        .iter()
                        .zip(&from_coroutines)
                        .position(|(a, b)| a != b)
                        .unwrap_or(from_tasks.len().min(from_coroutines.len()))
                ),
                "task_wait_n is wait_n with task_wait_random in place of wait_random: n draws \
                 of wait_random, listed as they finish",
            ));
        }
    }
    saw("10 seeds: task_wait_n(50, 8) and wait_n(50, 8) gave the same delays")
}

/// A panic seen while [`noting_panics`] ran: its message, and where it happened.
type Noted = (String, Option<String>);

thread_local! {
    /// The panics of this thread, while [`noting_panics`] runs on it.
    static NOTED: std::cell::RefCell<Option<Vec<Noted>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `body`, and returns with its output every panic that happened on this thread
/// meanwhile, even those the runtime caught as a task's. On a current-thread runtime every
/// task runs on the thread that calls `block_on`, so a panic of a task that the code under
/// test spawned is seen here, which its `JoinHandle`'s `Err` may never tell anyone.
fn noting_panics<T>(body: impl FnOnce() -> T) -> (T, Vec<Noted>) {
    // One hook for the process, installed once and never removed: swapping hooks around each
    // call would race with the checks that run at once in the checker's own tests. It notes
    // a panic only on a thread that asked for it, and hands every panic on as before.
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let _ = NOTED.try_with(|noted| {
                if let Some(noted) = noted.borrow_mut().as_mut()
                    && noted.len() < 16
                {
                    let message = panic_message(info.payload());
                    noted.push((message, info.location().map(ToString::to_string)));
                }
            });
            previous(info);
        }));
    });
    NOTED.with(|noted| *noted.borrow_mut() = Some(Vec::new()));
    let output = body();
    let noted = NOTED.with(|noted| noted.borrow_mut().take().unwrap_or_default());
    (output, noted)
}

/// Runs `task_wait_n(3, 1)` on a runtime without its timer, where every `wait_random` panics
/// as it starts to sleep: a panicking task that needs no cooperation from the code under
/// test. Returns what `task_wait_n` returned, or its panic's message; and the first panic of
/// another kind than the timer's that happened meanwhile, which, when `task_wait_n` returned,
/// was a panic in a task that the code under test spawned itself ([`spawned_unwrap`]).
fn with_panicking_tasks(subject: &Subject) -> (Result<Vec<f64>, String>, Option<Noted>) {
    let task_wait_n = subject.task_wait_n;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("the OS should provide a single-threaded tokio runtime");
    let (outcome, noted) = noting_panics(|| {
        panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(task_wait_n(3, 1))))
            .map_err(|payload| panic_message(&*payload))
    });
    let other = noted
        .into_iter()
        .find(|(message, _)| !message.starts_with(TIMERS_DISABLED));
    (outcome, other)
}

/// What [`with_panicking_tasks`] calls, as the report names it.
const PANICKING_CALL: &str = "task_wait_n(3, 1) on a runtime whose timer is off";

/// The failure of a `task_wait_n` that returned `delays` though its tasks panicked, and
/// whose own code panicked in a task it spawned (`other`): it did `.unwrap()` or `.expect(…)`
/// the task's `Result`, as it is told to, but in a task of its own (one that forwards the
/// delay down a channel, say), whose panic tokio catches and ends only that task.
fn spawned_unwrap(expected: String, delays: &[f64], other: &Noted) -> Failure {
    let (message, location) = other;
    let message: String = match message.split_once(": ") {
        Some((head, _)) => head.to_owned(),
        None => message.chars().take(80).collect(),
    };
    let place = location
        .as_deref()
        .map_or_else(String::new, |location| format!(" at {location}"));
    Failure::new(
        expected,
        format!(
            "it returned {delays:?}; a task that task_wait_n spawned panicked{place}: {message}"
        ),
        format!(
            "the .unwrap() or .expect(…){place} ran in a task that you spawned, not in \
             task_wait_n: its panic ends only that task (tokio catches it, into that task's \
             JoinHandle), and task_wait_n goes on without the delay. Let the Result (or the \
             JoinHandle itself) travel to the caller, and unwrap it in task_wait_n"
        ),
    )
}

pub(super) fn panics_with_its_tasks(subject: &Subject, _: &Settings) -> Verdict {
    let expected = format!("{PANICKING_CALL} to panic, as its tasks did");
    match with_panicking_tasks(subject) {
        (Ok(delays), Some(other)) => Err(spawned_unwrap(expected, &delays, &other)),
        (Ok(delays), None) => Err(Failure::new(
            expected,
            format!("it returned {delays:?}"),
            "a task that panicked has no delay to give: awaiting its JoinHandle gives an Err; \
             .expect(…) it (or re-raise its panic) rather than skipping it",
        )),
        (Err(message), _) => saw(format!("{PANICKING_CALL} panicked: {message}")),
    }
}

pub(super) fn reraises_panics(subject: &Subject, _: &Settings) -> Verdict {
    let expected = format!("{PANICKING_CALL} to panic with its tasks' own panic");
    match with_panicking_tasks(subject) {
        (Ok(delays), Some(other)) => Err(spawned_unwrap(expected, &delays, &other)),
        (Ok(delays), None) => Err(Failure::new(
            expected,
            format!("it returned {delays:?}"),
            "re-raise the task's panic with std::panic::resume_unwind(error.into_panic())",
        )),
        (Err(message), _) if message.starts_with(TIMERS_DISABLED) => saw(format!(
            "{PANICKING_CALL} panicked with its tasks' panic: {message}"
        )),
        (Err(message), _) => Err(Failure::new(
            format!("{PANICKING_CALL} to panic with its tasks' own panic: {TIMERS_DISABLED}…"),
            format!("it panicked with: {message}"),
            "Python's as_completed re-raises a task's exception as it was; in Rust, re-raise \
             the task's panic with std::panic::resume_unwind(error.into_panic()) instead of \
             wrapping it in a panic of your own (.expect)",
        )),
    }
}

pub(super) fn inherits_the_seed(subject: &Subject, settings: &Settings) -> Verdict {
    let task_wait_random = subject.task_wait_random;
    // The seed is the caller's task-local (seed::scope), which a spawned task does not see
    // unless it carries it along: a new task is a new task-local context, on this
    // current-thread runtime as on a worker of a multi-thread one.
    let draw = |seed| {
        let drawn = std::rc::Rc::new(std::cell::Cell::new(None));
        let slot = std::rc::Rc::clone(&drawn);
        paused((subject.seed_scope)(
            seed,
            Box::pin(async move {
                let delay = task_wait_random(10).await;
                slot.set(Some(delay.map_err(|error| error.to_string())));
            }),
        ));
        drawn.take()
    };
    for index in 0..5 {
        let seed = settings.seed(index);
        let (first, again) = (draw(seed), draw(seed));
        if first != again {
            // In words, not as the Option<Result> they were kept in.
            let delay = |drawn: &Option<Result<f64, String>>| match drawn {
                Some(Ok(delay)) => format!("{delay:?}"),
                Some(Err(error)) => format!("a failed task ({error})"),
                None => "nothing (the task did not end)".to_owned(),
            };
            return Err(Failure::new(
                format!("the same delay twice from a task started under seed {seed}"),
                format!("{}, then {}", delay(&first), delay(&again)),
                "a spawned task may run on another worker thread, where the caller's seed is \
                 not in scope: draw through seed::uniform and spawn \
                 seed::inherit(wait_random(max_delay)), which carries the seed along",
            ));
        }
    }
    saw("5 seeds, each giving the same delay twice from a task started under it")
}

/// How tokio's panic starts when a sleep is created on a runtime without its timer.
const TIMERS_DISABLED: &str = "A Tokio 1.x context was found, but timers are disabled";
