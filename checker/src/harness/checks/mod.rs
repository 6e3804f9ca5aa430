//! Every check of every task, in the order they run, and the tools they share.
//!
//! The table is the checker's and the harness's alike: the `checker` binary reads each
//! check's name, requirement and limit from it, and only the harness (built with the
//! `checks` feature) has the `run` functions, which call the code under test.
//!
//! # Two tiers
//!
//! A check of the [grade](crate::harness::check::Tier::Grade) asks what the course asks, and passes any correct
//! way of writing it: it never steers or replays the random draws (a `wait_random` that
//! draws with `rand` passes as one that draws through `seed::uniform`), and where a check
//! needs many draws it repeats the call on the paused clock, where a thousand trials cost
//! milliseconds. Each such check states its chance of a false alarm on a correct solution
//! (at most 1e-9 a run). A check that [goes further](crate::harness::check::Tier::Further) asks what this
//! workspace's reference does beyond the course: seeded replay, exact order at 10 000
//! delays, cancellation, a panic re-raised as it was.

use std::time::Duration;

use crate::harness::check::Tier::{Further, Grade};
use crate::harness::check::{Check, Failure, Outcome, Tier, Verdict};

#[cfg(feature = "checks")]
mod basics;
#[cfg(feature = "checks")]
mod delay_lists;
#[cfg(feature = "checks")]
mod measure;
#[cfg(feature = "checks")]
mod programs;
#[cfg(feature = "checks")]
mod tasks;

/// One task of the curriculum, as the report names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// The course's task number, 0 to 4.
    pub number: u8,
    /// The crate that holds it, which is also its test program's name.
    pub crate_name: &'static str,
    /// The course's title for it.
    pub title: &'static str,
    /// The function it asks for.
    pub function: &'static str,
    /// What this workspace's reference does beyond the course, shown after a first pass.
    pub further: &'static str,
    /// The tasks whose functions it calls, as the Python files import each other.
    pub imports: &'static [u8],
}

impl Task {
    /// Every task it imports, directly or through another, lowest first.
    pub fn imported(&self) -> Vec<u8> {
        let mut all: Vec<u8> = self
            .imports
            .iter()
            .flat_map(|&task| {
                let mut chain = TASKS[usize::from(task)].imported();
                chain.push(task);
                chain
            })
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Every task, by number.
pub const TASKS: [Task; 5] = [
    Task {
        number: 0,
        crate_name: "basic_async_syntax",
        title: "the basics of async",
        function: "wait_random",
        further: "it draws through basic_async_syntax::seed::uniform, so that ASYNC_SEED and --seed replay every delay",
        imports: &[],
    },
    Task {
        number: 1,
        crate_name: "concurrent_coroutines",
        title: "execute multiple coroutines at the same time",
        function: "wait_n",
        further: "it places each delay by its value as it arrives (in_completion_order), so that the list is exactly ascending even at a million delays, where a thousand waits share each 1 ms tick",
        imports: &[0],
    },
    Task {
        number: 2,
        crate_name: "measure_runtime",
        title: "measure the runtime",
        function: "measure_time",
        further: "it refuses n = 0, and a call from inside an async task, with a panic that names measure_time",
        imports: &[1],
    },
    Task {
        number: 3,
        crate_name: "tasks",
        title: "tasks",
        function: "task_wait_random",
        further: "it carries the caller's seed into the task (seed::inherit), so that a seeded run replays",
        imports: &[0],
    },
    Task {
        number: 4,
        crate_name: "task_wait_n",
        title: "tasks at the same time",
        function: "task_wait_n",
        further: "it aborts its tasks when it is dropped, where a dropped JoinHandle would leave them running, and re-raises a task's panic as it was (resume_unwind)",
        imports: &[3],
    },
];

/// The wall-clock limit of a check on the paused clock: it should take milliseconds.
const VIRTUAL: Duration = Duration::from_secs(3);
/// The limit of a check on the paused clock that makes hundreds of calls of wait_n(100, …):
/// about a second for a correct wait_n that polls every wait on every wake (`select_all`),
/// and several times that on a loaded machine.
const MANY_CALLS: Duration = Duration::from_secs(15);
/// The limit of a check on the real clock with delays of about a second.
const REAL: Duration = Duration::from_secs(5);
/// The limit of `measure_time`'s check: a second of waits, or ten one after another.
const MEASURED: Duration = Duration::from_secs(15);
/// The limit of a check that runs a test program on the paused clock (each run is stopped
/// after 4 s, `checks::programs`).
const PROGRAM: Duration = Duration::from_secs(10);
/// The limit of `2-main`, which may run on the real clock: a `measure_time` that builds its
/// own runtime (`Runtime::new`) does not see `ASYNC_CLOCK=paused`, and waits up to 9 s.
/// (The program itself is stopped after 20 s.)
const PROGRAM_OWN_RUNTIME: Duration = Duration::from_secs(25);
/// The limit of a test program's run on the real clock: `0-main` waits up to 30 s.
const PROGRAM_ON_THE_REAL_CLOCK: Duration = Duration::from_secs(60);

/// The going-further check that tells whether `wait_random` draws through the seed, and so
/// whether `--seed` replays a run exactly.
pub const SEEDED_CHECK: &str = "wait_random replays its delays under a seed";

/// Each task's check that names the most common causes of its failures: a blocking sleep,
/// waits in turn, a task that does not start at once, a task not written yet. The short
/// report runs it before the task's other checks, which wait for it to pass
/// ([`Settings::cut_short`](crate::harness::check::Settings::cut_short)): a blocking
/// `wait_random` is then reported as blocking, not as the time-outs it causes elsewhere.
pub const FIRST_CHECKS: [&str; 5] = [
    "wait_random does not block its thread",
    "the waits run concurrently",
    "measure_time returns the total time divided by n",
    "task_wait_random starts before it is awaited",
    "the tasks run concurrently",
];

/// Whether `check`, a check that the short report shows only once its task's first check
/// passed, may run beside that first check (its outcome then set aside if the first one
/// fails), rather than wait for it. Not in task 0: a `wait_random` that blocks makes every
/// other check of it run into its time limit, seconds each, which its first check names
/// in about one. The first checks of the other tasks take the longest of them (hundreds of
/// calls), and their other checks are quick even when they fail.
pub fn beside_the_first(check: &Check) -> bool {
    check.task != 0
}

/// Whether `check` is its task's first check ([`FIRST_CHECKS`]).
pub fn is_first(check: &Check) -> bool {
    check.tier == Tier::Grade && FIRST_CHECKS.get(usize::from(check.task)) == Some(&check.name)
}

/// Every check, task by task: the grade's first, then those that go further.
pub static CHECKS: &[Check] = &[
    Check {
        task: 0,
        name: "wait_random stays within [0, max_delay]",
        tier: Grade,
        requirement: "waits a random delay between 0 and max_delay seconds, both ends included",
        test_code: "for max_delay in [0, 1, 5, 15] { wait_random(max_delay).await } (100 times each)",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: basics::within_bounds,
    },
    Check {
        task: 0,
        name: "the default max_delay is 10",
        tier: Grade,
        requirement: "max_delay defaults to 10",
        test_code: "basic_async_syntax::DEFAULT_MAX_DELAY",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: basics::default_max_delay,
    },
    Check {
        task: 0,
        name: "the delays are uniform floats, not integers",
        tier: Grade,
        requirement: "the delay is a float drawn uniformly (random.uniform)",
        test_code: "wait_random(10).await, 1000 times",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: basics::uniform_floats,
    },
    Check {
        task: 0,
        name: "wait_random sleeps the delay it returns",
        tier: Grade,
        requirement: "waits the random delay, then returns that delay",
        test_code: "let start = Instant::now(); let delay = wait_random(15).await; start.elapsed()",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: basics::sleeps_its_delay,
    },
    Check {
        task: 0,
        name: "wait_random does not block its thread",
        tier: Grade,
        requirement: "an asynchronous coroutine: other work goes on while it waits",
        test_code: "wait_random(2).await on tokio's paused clock, timed on the real clock",
        limit: REAL,
        #[cfg(feature = "checks")]
        run: basics::does_not_block,
    },
    Check {
        task: 0,
        name: "0-main prints three delays",
        tier: Grade,
        requirement: "the test program prints wait_random(), wait_random(5), wait_random(15)",
        test_code: "ASYNC_CLOCK=paused ASYNC_SEED=<seed> cargo run -p basic_async_syntax",
        limit: PROGRAM,
        #[cfg(feature = "checks")]
        run: |subject, settings| programs::prints(subject, settings, "basic_async_syntax"),
    },
    Check {
        task: 0,
        name: "wait_random replays its delays under a seed",
        tier: Further,
        requirement: "the delay comes from the seeded stream (seed::uniform), so a seed replays it",
        test_code: "seed::scope_blocking(s, || run(wait_random(10))), twice for each of 5 seeds",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: basics::replays_under_a_seed,
    },
    Check {
        task: 0,
        name: "0-main prints the same delays twice under one ASYNC_SEED",
        tier: Further,
        requirement: "a seeded test program replays its output exactly",
        test_code: "ASYNC_CLOCK=paused ASYNC_SEED=<seed> cargo run -p basic_async_syntax, twice",
        limit: PROGRAM,
        #[cfg(feature = "checks")]
        run: |subject, settings| programs::replays(subject, settings, "basic_async_syntax"),
    },
    Check {
        task: 0,
        name: "a malformed ASYNC_SEED stops 0-main",
        tier: Further,
        requirement: "a malformed ASYNC_SEED stops a test program with an error naming it",
        test_code: "ASYNC_SEED=not-a-seed cargo run -p basic_async_syntax",
        limit: PROGRAM,
        #[cfg(feature = "checks")]
        run: programs::malformed_seed,
    },
    Check {
        task: 1,
        name: "wait_n returns n delays",
        tier: Grade,
        requirement: "wait_n(n, max_delay) returns the list of all n delays",
        test_code: "wait_n(n, 5).await.len() for n in [0, 1, 5, 10, 100]",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, settings| delay_lists::count(subject, subject.wait_n, "wait_n", settings),
    },
    Check {
        task: 1,
        name: "every delay is within [0, max_delay]",
        tier: Grade,
        requirement: "wait_n runs wait_random(max_delay) n times, as coroutines in its own task, so each delay is within its bounds",
        test_code: "wait_n(10, max_delay).await for max_delay in [1, 5, 15]",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, settings| delay_lists::bounds(subject, subject.wait_n, "wait_n", settings),
    },
    Check {
        task: 1,
        name: "the delays are in ascending order",
        tier: Grade,
        requirement: "the list is in ascending order, from the concurrency itself (to tokio's 1 ms tick)",
        test_code: "wait_n(n, max_delay).await ascending, neighbours within a tick aside (30 × n = 10, 10 × n = 100)",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, settings| {
            delay_lists::ascending(subject, subject.wait_n, "wait_n", settings)
        },
    },
    Check {
        task: 1,
        name: "the waits run concurrently",
        tier: Grade,
        requirement: "wait_n runs all n waits at the same time: it takes the largest delay, not the sum, and no limit holds some back",
        test_code: "let start = Instant::now(); wait_n(100, 10).await; start.elapsed(), up to 400 times",
        limit: MANY_CALLS,
        #[cfg(feature = "checks")]
        run: |subject, settings| {
            delay_lists::concurrent(subject, subject.wait_n, "wait_n", settings)
        },
    },
    Check {
        task: 1,
        name: "wait_n(10, 0) is ten zeros at once",
        tier: Grade,
        requirement: "wait_n(10, 0) prints [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]",
        test_code: "wait_n(10, 0).await",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, _| delay_lists::zeros(subject.wait_n, "wait_n"),
    },
    Check {
        task: 1,
        name: "wait_n does not sort its result",
        tier: Grade,
        requirement: "ascending without sorting it afterwards (a look at the source)",
        test_code: "concurrent_coroutines/src/lib.rs has no .sort…( call",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, _| delay_lists::no_sort(subject.wait_n_source, "concurrent_coroutines"),
    },
    Check {
        task: 1,
        name: "1-main prints three ascending lists",
        tier: Grade,
        requirement: "the test program prints wait_n(5, 5), wait_n(10, 7), wait_n(10, 0)",
        test_code: "ASYNC_CLOCK=paused ASYNC_SEED=<seed> cargo run -p concurrent_coroutines",
        limit: PROGRAM,
        #[cfg(feature = "checks")]
        run: |subject, settings| programs::prints(subject, settings, "concurrent_coroutines"),
    },
    Check {
        task: 1,
        name: "wait_n is in exact order at 10 000 delays",
        tier: Further,
        requirement: "exactly ascending at any size, even where many waits end within one tick, in linear time",
        test_code: "wait_n(10_000, 1).await.is_sorted() for 2 seeds, each within 1.5 s",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, settings| {
            delay_lists::exact_order(subject, subject.wait_n, "wait_n", settings)
        },
    },
    Check {
        task: 1,
        name: "wait_n runs coroutines, not tasks",
        tier: Further,
        requirement: "wait_n runs wait_random coroutines inside its own task, as the lesson explains",
        test_code: "Handle::current().metrics().num_alive_tasks() while wait_n(100, 3) runs",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: delay_lists::coroutines_in_place,
    },
    Check {
        task: 1,
        name: "1-main prints the same lists twice under one ASYNC_SEED",
        tier: Further,
        requirement: "a seeded test program replays its output exactly",
        test_code: "ASYNC_CLOCK=paused ASYNC_SEED=<seed> cargo run -p concurrent_coroutines, twice",
        limit: PROGRAM,
        #[cfg(feature = "checks")]
        run: |subject, settings| programs::replays(subject, settings, "concurrent_coroutines"),
    },
    Check {
        task: 2,
        name: "measure_time returns the total time divided by n",
        tier: Grade,
        requirement: "measure_time(n, max_delay) returns total_time / n, for waits that overlap",
        test_code: "let start = Instant::now(); measure_time(10, 1) × 10 against start.elapsed()",
        limit: MEASURED,
        #[cfg(feature = "checks")]
        run: measure::total_over_n,
    },
    Check {
        task: 2,
        name: "2-main prints one time per delay",
        tier: Grade,
        requirement: "the test program prints measure_time(5, 9), about the largest delay / 5",
        test_code: "ASYNC_CLOCK=paused ASYNC_SEED=<seed> cargo run -p measure_runtime",
        limit: PROGRAM_OWN_RUNTIME,
        #[cfg(feature = "checks")]
        run: |subject, settings| programs::prints(subject, settings, "measure_runtime"),
    },
    Check {
        task: 2,
        name: "measure_time(0, …) is a caller error",
        tier: Further,
        requirement: "n = 0 panics with a message that names measure_time, never a NaN",
        test_code: "measure_time(0, 1)",
        limit: REAL,
        #[cfg(feature = "checks")]
        run: measure::zero_is_an_error,
    },
    Check {
        task: 2,
        name: "measure_time refuses to block an async task",
        tier: Further,
        requirement: "a plain function: called from an async task it panics naming measure_time; \
                      from spawn_blocking it works",
        test_code: "tokio::spawn(async { measure_time(1, 0) }); spawn_blocking(|| measure_time(1, 0))",
        limit: REAL,
        #[cfg(feature = "checks")]
        run: measure::not_from_a_task,
    },
    Check {
        task: 3,
        name: "task_wait_random starts before it is awaited",
        tier: Grade,
        requirement: "a regular function that returns a task: the wait runs in the background at once",
        test_code: "let task = task_wait_random(5); sleep(5.001 s).await; task.is_finished()",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: tasks::starts_at_once,
    },
    Check {
        task: 3,
        name: "awaiting the task gives its delay",
        tier: Grade,
        requirement: "the caller can await the task later for the delay",
        test_code: "task_wait_random(max_delay).await for max_delay in [0, 5, 15]",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: tasks::gives_its_delay,
    },
    Check {
        task: 3,
        name: "3-main prints the task's type",
        tier: Grade,
        requirement: "the test program awaits task_wait_random(5) and prints the task's class",
        test_code: "ASYNC_CLOCK=paused ASYNC_SEED=<seed> cargo run -p tasks",
        limit: PROGRAM,
        #[cfg(feature = "checks")]
        run: |subject, settings| programs::prints(subject, settings, "tasks"),
    },
    Check {
        task: 3,
        name: "the task draws from its caller's seed",
        tier: Further,
        requirement: "a task started under a seed draws from it too (seed::inherit), so the seed replays it",
        test_code: "seed::scope(s, async { task_wait_random(10).await }), twice for each of 5 seeds",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: tasks::inherits_the_seed,
    },
    Check {
        task: 4,
        name: "task_wait_n returns n delays",
        tier: Grade,
        requirement: "task_wait_n(n, max_delay) returns the list of all n delays",
        test_code: "task_wait_n(n, 5).await.len() for n in [0, 1, 5, 10, 100]",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, settings| {
            delay_lists::count(subject, subject.task_wait_n, "task_wait_n", settings)
        },
    },
    Check {
        task: 4,
        name: "every task's delay is within [0, max_delay]",
        tier: Grade,
        requirement: "each delay comes from task_wait_random(max_delay)",
        test_code: "task_wait_n(10, max_delay).await for max_delay in [1, 5, 15]",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, settings| {
            delay_lists::bounds(subject, subject.task_wait_n, "task_wait_n", settings)
        },
    },
    Check {
        task: 4,
        name: "the tasks' delays are in ascending order",
        tier: Grade,
        requirement: "the same result as wait_n: ascending, without sorting afterwards (to the 1 ms tick)",
        test_code: "task_wait_n(n, max_delay).await ascending, neighbours within a tick aside (30 × n = 10, 10 × n = 100)",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, settings| {
            delay_lists::ascending(subject, subject.task_wait_n, "task_wait_n", settings)
        },
    },
    Check {
        task: 4,
        name: "the tasks run concurrently",
        tier: Grade,
        requirement: "all n tasks wait at the same time: the largest delay, not the sum, and no limit holds some back",
        test_code: "let start = Instant::now(); task_wait_n(100, 10).await; start.elapsed(), up to 400 times",
        limit: MANY_CALLS,
        #[cfg(feature = "checks")]
        run: |subject, settings| {
            delay_lists::concurrent(subject, subject.task_wait_n, "task_wait_n", settings)
        },
    },
    Check {
        task: 4,
        name: "task_wait_n runs every delay as a task",
        tier: Grade,
        requirement: "task_wait_n calls task_wait_random instead of wait_random",
        test_code: "num_alive_tasks() while task_wait_n(100, 10) runs",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: tasks::spawns_tasks,
    },
    Check {
        task: 4,
        name: "a task's panic makes task_wait_n panic",
        tier: Grade,
        requirement: "a task that panics has no delay to give: task_wait_n panics too, with no \
                      hang and no silently missing delay",
        test_code: "catch_unwind(|| runtime_without_timer.block_on(task_wait_n(3, 1)))",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: tasks::panics_with_its_tasks,
    },
    Check {
        task: 4,
        name: "task_wait_n(10, 0) is ten zeros at once",
        tier: Grade,
        requirement: "with max_delay 0 every task ends at once with 0.0",
        test_code: "task_wait_n(10, 0).await",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, _| delay_lists::zeros(subject.task_wait_n, "task_wait_n"),
    },
    Check {
        task: 4,
        name: "task_wait_n does not sort its result",
        tier: Grade,
        requirement: "ascending without sorting it afterwards (a look at the source)",
        test_code: "task_wait_n/src/lib.rs has no .sort…( call",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, _| delay_lists::no_sort(subject.task_wait_n_source, "task_wait_n"),
    },
    Check {
        task: 4,
        name: "4-main prints five ascending delays",
        tier: Grade,
        requirement: "the test program prints task_wait_n(5, 6)",
        test_code: "ASYNC_CLOCK=paused ASYNC_SEED=<seed> cargo run -p task_wait_n",
        limit: PROGRAM,
        #[cfg(feature = "checks")]
        run: |subject, settings| programs::prints(subject, settings, "task_wait_n"),
    },
    Check {
        task: 4,
        name: "task_wait_n is in exact order at 10 000 delays",
        tier: Further,
        requirement: "exactly ascending at any size, even where many tasks end within one tick, in linear time",
        test_code: "task_wait_n(10_000, 1).await.is_sorted() for 2 seeds, each within 1.5 s",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: |subject, settings| {
            delay_lists::exact_order(subject, subject.task_wait_n, "task_wait_n", settings)
        },
    },
    Check {
        task: 4,
        name: "no task outlives a cancelled task_wait_n",
        tier: Further,
        requirement: "dropping task_wait_n (a timeout, a cancelled caller) aborts every task it \
                      started, where Python would leave them running",
        test_code: "timeout(10 ms, task_wait_n(100, 10)).await; num_alive_tasks()",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: tasks::aborts_when_dropped,
    },
    Check {
        task: 4,
        name: "task_wait_n re-raises a task's panic as it was",
        tier: Further,
        requirement: "the caller sees the task's own panic, as Python re-raises a task's exception",
        test_code: "catch_unwind(|| runtime_without_timer.block_on(task_wait_n(3, 1)))",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: tasks::reraises_panics,
    },
    Check {
        task: 4,
        name: "task_wait_n draws what wait_n draws",
        tier: Further,
        requirement: "one seed yields the same delays from wait_n and task_wait_n",
        test_code: "seed::scope(s, task_wait_n(50, 8)) == seed::scope(s, wait_n(50, 8))",
        limit: VIRTUAL,
        #[cfg(feature = "checks")]
        run: tasks::same_as_wait_n,
    },
    Check {
        task: 4,
        name: "4-main prints the same delays twice under one ASYNC_SEED",
        tier: Further,
        requirement: "a seeded test program replays its output exactly",
        test_code: "ASYNC_CLOCK=paused ASYNC_SEED=<seed> cargo run -p task_wait_n, twice",
        limit: PROGRAM,
        #[cfg(feature = "checks")]
        run: |subject, settings| programs::replays(subject, settings, "task_wait_n"),
    },
];

/// A check that runs a task's test program on the real clock, as the course runs it.
macro_rules! real_time_check {
    ($task:literal, $crate_name:literal) => {
        Check {
            task: $task,
            name: concat!($task, "-main on the real clock"),
            tier: Grade,
            requirement: "the test program, run exactly as the course runs it, prints what it should",
            test_code: concat!("ASYNC_SEED=<seed> cargo run -p ", $crate_name),
            limit: PROGRAM_ON_THE_REAL_CLOCK,
            #[cfg(feature = "checks")]
            run: |subject, settings| programs::real_time(subject, settings, $crate_name),
        }
    };
}

/// A task's check that the tasks it imports pass: decided by the checker from their own
/// checks' outcomes, never run by the harness.
macro_rules! imports_check {
    ($task:literal, $requirement:literal) => {
        Check {
            task: $task,
            name: IMPORTS_CHECK,
            tier: Grade,
            requirement: $requirement,
            test_code: "the grade of the tasks it imports",
            limit: Duration::ZERO,
            #[cfg(feature = "checks")]
            run: |_, _| saw("decided by the checker from the imported tasks' outcomes"),
        }
    };
}

/// The name of every task's check that the tasks it imports pass.
pub const IMPORTS_CHECK: &str = "the tasks it imports pass";

/// A task's grade is its own code and what it imports in the course: a check per task that
/// imports another, decided from that task's checks.
pub static IMPORTS_CHECKS: &[Check] = &[
    imports_check!(
        1,
        "wait_n runs task 0's wait_random: a wrong one is a wrong wait_n too"
    ),
    imports_check!(
        2,
        "measure_time runs task 1's wait_n, which runs task 0's wait_random"
    ),
    imports_check!(3, "task_wait_random runs task 0's wait_random in a task"),
    imports_check!(
        4,
        "task_wait_n runs task 3's task_wait_random, which runs task 0's wait_random"
    ),
];

/// The checks that run each test program on the real clock, added by `--real-time`.
pub static REAL_TIME_CHECKS: &[Check] = &[
    real_time_check!(0, "basic_async_syntax"),
    real_time_check!(1, "concurrent_coroutines"),
    real_time_check!(2, "measure_runtime"),
    real_time_check!(3, "tasks"),
    real_time_check!(4, "task_wait_n"),
];

/// The checks whose verdict rests on how much real time passed, with a bound that the load
/// of other work on the machine could break: they run apart from a class's other work (see
/// `grade::Gate`). A check that only *runs* on the real clock, with a generous limit (a test
/// program whose `measure_time` builds its own runtime), is not one of them.
pub const TIMED_ON_THE_REAL_CLOCK: [&str; 4] = [
    "wait_random does not block its thread",
    "measure_time returns the total time divided by n",
    "wait_n is in exact order at 10 000 delays",
    "task_wait_n is in exact order at 10 000 delays",
];

/// Whether `check` judges real time ([`TIMED_ON_THE_REAL_CLOCK`], and the test programs'
/// full runs on the real clock).
pub fn on_the_real_clock(check: &Check) -> bool {
    TIMED_ON_THE_REAL_CLOCK.contains(&check.name)
        || REAL_TIME_CHECKS
            .iter()
            .any(|timed| std::ptr::eq(timed, check))
}

/// Whether `check` runs a test program, a process of its own that mostly waits.
pub fn runs_a_program(check: &Check) -> bool {
    check.limit == PROGRAM
        || check.limit == PROGRAM_OWN_RUNTIME
        || check.limit == PROGRAM_ON_THE_REAL_CLOCK
}

/// The checks of `task` (all tasks when `None`), with the real-clock runs when asked, in the
/// order they run: the grade's, task by task (each task's [`IMPORTS_CHECK`] last), then those
/// that go further.
pub fn selected(task: Option<u8>, real_time: bool) -> Vec<&'static Check> {
    let real_time_checks = if real_time { REAL_TIME_CHECKS } else { &[] };
    let mut checks: Vec<&'static Check> = CHECKS
        .iter()
        .chain(real_time_checks)
        .chain(IMPORTS_CHECKS)
        .collect();
    checks.retain(|check| task.is_none_or(|task| check.task == task));
    // A stable sort keeps each task's checks in their listed order: those that call its
    // function (the real-clock run among them), then those that do not, which are credited
    // only once one of those passes (`credited`), the check of its imports last.
    checks.sort_by_key(|check| (check.tier, check.task, !calls_its_task(check)));
    checks
}

/// The checks of the grade that call no function of their task: a constant, a look at the
/// source, the grade of the tasks it imports. Alone they would credit a task that does not
/// run (a `todo!()`, a `loop {}`, an exit): they count only beside a check that calls it
/// and passes ([`credited`]).
pub const CALLING_NOTHING: [&str; 4] = [
    "the default max_delay is 10",
    "wait_n does not sort its result",
    "task_wait_n does not sort its result",
    IMPORTS_CHECK,
];

/// Whether `check` calls its task's function (or runs its test program, which does).
pub fn calls_its_task(check: &Check) -> bool {
    !CALLING_NOTHING.contains(&check.name)
}

/// How the expectation of a check that [`credited`] failed ends.
const UNCREDITED: &str = "this check counts once a check that calls it passes";

/// Whether `failure` is [`credited`]'s, of a check that passed but earns nothing while its
/// task does not run: no verdict on what the check itself looks at.
pub fn is_uncredited(failure: &Failure) -> bool {
    failure.expected.ends_with(UNCREDITED)
}

/// `outcome`, credited only for work done: a passing check that calls nothing of its task
/// ([`CALLING_NOTHING`]) fails when every check of its task's grade in `before` that does
/// call it failed, saying that the task does not run yet. Credit for a constant the starter
/// keeps, or for a source with no sort in it, would be credit for nothing.
pub fn credited(outcome: Outcome, before: &[Outcome]) -> Outcome {
    let check = outcome.check;
    if calls_its_task(check) || outcome.verdict.is_err() {
        return outcome;
    }
    let mut calling = before
        .iter()
        .filter(|done| {
            done.check.task == check.task
                && done.check.tier == Tier::Grade
                && calls_its_task(done.check)
        })
        .peekable();
    let Some(first) = calling.peek().map(|done| done.check.name) else {
        return outcome;
    };
    let calling: Vec<&Outcome> = calling.collect();
    if calling.iter().any(|done| done.verdict.is_ok()) {
        return outcome;
    }
    // In the short report, checks that call the task were set aside behind its first one,
    // which failed: whether the task runs is not known, so this one waits with them.
    if let Some(waits_for) = calling.iter().find_map(|done| {
        done.verdict
            .as_ref()
            .err()
            .and_then(|failure| failure.waits_for())
    }) {
        return Outcome {
            verdict: Err(Failure::not_run(waits_for)),
            ..outcome
        };
    }
    let task = TASKS[usize::from(check.task)];
    Outcome {
        verdict: Err(Failure::new(
            format!(
                "task {} ({}) to run: {UNCREDITED}",
                task.number, task.function
            ),
            format!(
                "{} does not run yet: every check that calls it fails (first: {first})",
                task.function
            ),
            format!(
                "write {} first (a todo!(), a loop or an exit earns nothing); this check \
                 is credited once it runs",
                task.function
            ),
        )),
        ..outcome
    }
}

/// The verdict of `task`'s [`IMPORTS_CHECK`], from the `outcomes` of the tasks it imports:
/// failed at the first of them whose grade fails, naming its first failing check.
pub fn imports_verdict(task: u8, outcomes: &[&Outcome]) -> Verdict {
    let importer = TASKS[usize::from(task)];
    let imported = importer.imported();
    for &number in &imported {
        let failing = outcomes.iter().find(|outcome| {
            outcome.check.task == number
                && outcome.check.tier == Tier::Grade
                && outcome.verdict.is_err()
        });
        if let Some(failing) = failing {
            let dependency = TASKS[usize::from(number)];
            return Err(Failure::new(
                format!(
                    "task {number} ({}), which {} calls, to pass",
                    dependency.function, importer.function
                ),
                format!("it fails: {}", failing.check.name),
                format!(
                    "a task's grade is its own code and what it imports: make task {number} \
                     pass first, and this passes with it"
                ),
            ));
        }
    }
    let names: Vec<String> = imported
        .iter()
        .map(|number| format!("task {number}"))
        .collect();
    Ok(format!("{} pass", names.join(" and ")))
}

/// The check called `name`, among every check and every real-clock check.
pub fn named(name: &str) -> Option<&'static Check> {
    CHECKS
        .iter()
        .chain(REAL_TIME_CHECKS)
        .find(|check| check.name == name)
}

#[cfg(feature = "checks")]
/// Runs `future` on a fresh single-threaded runtime whose clock is paused: timers complete
/// as soon as every task waits, so seconds of delays take microseconds.
///
/// The runtime is shut down without waiting for its blocking threads: work that the code
/// under test handed to `spawn_blocking` and left running (a `std::thread::sleep` there)
/// would otherwise hold the check until it ends, and its verdict would be a time-out rather
/// than what the check saw.
pub(crate) fn paused<F: Future>(future: F) -> F::Output {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("the OS should provide a single-threaded tokio runtime");
    let output = runtime.block_on(future);
    runtime.shutdown_background();
    output
}

#[cfg(feature = "checks")]
/// Runs `future` on the paused clock with its delays drawn from `seed`.
///
/// The seed is the thread's (the subject's `seed::scope_blocking`), not a task-local: a
/// paused runtime runs every task on this thread, so tasks spawned without `seed::inherit`
/// (a learner's `tokio::spawn(wait_random(…))`) draw from the same stream as their caller.
///
/// # Panics
///
/// When the subject's `scope_blocking` does not run its body.
pub(crate) fn paused_seeded<F: Future>(
    subject: &crate::harness::subject::Subject,
    seed: u64,
    future: F,
) -> F::Output {
    let mut future = Some(future);
    let mut output = None;
    (subject.seed_blocking)(seed, &mut || output = future.take().map(paused));
    output.expect("seed::scope_blocking should run its body once")
}

#[cfg(feature = "checks")]
/// [`paused_seeded`], with the waits of `future` recorded as the check's timeline, titled
/// `title` (the call, as a learner writes it).
pub(crate) fn drawn<F: Future>(
    subject: &crate::harness::subject::Subject,
    seed: u64,
    title: impl Into<String>,
    future: F,
) -> F::Output {
    paused_seeded(subject, seed, crate::timeline::recording(title, future))
}

#[cfg(feature = "checks")]
/// Fails unless `value` lies within `[0, max_delay]`.
pub(crate) fn within(value: f64, max_delay: u32, call: &str) -> Result<(), Failure> {
    if (0.0..=f64::from(max_delay)).contains(&value) {
        return Ok(());
    }
    let hint = if value < 0.0 {
        "a delay cannot be negative: draw it from 0.0..=max_delay"
    } else {
        "draw the delay with rng.random_range(0.0..=f64::from(max_delay)): both ends included, \
         nothing beyond max_delay"
    };
    Err(Failure::new(
        format!("0 ≤ delay ≤ {max_delay}"),
        format!("{call} gave {value:?}"),
        hint,
    ))
}

#[cfg(feature = "checks")]
/// A passing verdict that says what was seen.
pub(crate) fn saw(evidence: impl Into<String>) -> Verdict {
    Ok(evidence.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checks_timed_on_the_real_clock_are_checks() {
        for name in TIMED_ON_THE_REAL_CLOCK {
            let check = CHECKS.iter().find(|check| check.name == name);
            assert!(check.is_some_and(on_the_real_clock), "{name} is no check");
        }
        let timed = CHECKS.iter().filter(|check| on_the_real_clock(check));
        assert_eq!(timed.count(), TIMED_ON_THE_REAL_CLOCK.len());
        assert!(REAL_TIME_CHECKS.iter().all(on_the_real_clock));
    }
}

#[cfg(test)]
mod credit_tests {
    use super::*;
    use crate::harness::check::Captured;

    fn outcome(name: &str, passes: bool) -> Outcome {
        let check = CHECKS
            .iter()
            .chain(IMPORTS_CHECKS)
            .find(|check| check.name == name && (check.task == 1 || name != IMPORTS_CHECK))
            .unwrap_or_else(|| panic!("no check {name}"));
        Outcome {
            check,
            verdict: if passes {
                Ok(String::new())
            } else {
                Err(Failure::new("it", "not it", "fix it"))
            },
            took: Duration::ZERO,
            output: Captured::default(),
            timeline: None,
        }
    }

    #[test]
    fn a_check_that_calls_nothing_counts_only_beside_one_that_calls_the_task_and_passes() {
        for task in 0..5 {
            let order: Vec<&Check> = selected(Some(task), true)
                .into_iter()
                .filter(|check| check.tier == Tier::Grade)
                .collect();
            let first = order
                .iter()
                .position(|check| !calls_its_task(check))
                .unwrap_or(order.len());
            assert!(
                order[first..].iter().all(|check| !calls_its_task(check)),
                "task {task}: the checks that call nothing come last"
            );
        }
        let failing = [
            outcome("wait_n returns n delays", false),
            outcome("the waits run concurrently", false),
        ];
        for name in ["wait_n does not sort its result", IMPORTS_CHECK] {
            let settled = credited(outcome(name, true), &failing);
            let failure = settled.verdict.expect_err("a todo!() earns nothing");
            assert!(
                failure.actual.starts_with("wait_n does not run yet")
                    && failure.actual.contains("(first: wait_n returns n delays)"),
                "{failure}"
            );
        }
        let one_passes = [
            outcome("wait_n returns n delays", false),
            outcome("the waits run concurrently", true),
        ];
        let settled = credited(
            outcome("wait_n does not sort its result", true),
            &one_passes,
        );
        assert!(settled.verdict.is_ok());
        // Another task's checks do not count for this one.
        let with_another_task = [
            outcome("wait_random stays within [0, max_delay]", true),
            outcome("wait_n returns n delays", false),
        ];
        let settled = credited(outcome(IMPORTS_CHECK, true), &with_another_task);
        assert!(settled.verdict.is_err());
        // A check that calls the task is left as it is.
        let settled = credited(outcome("the waits run concurrently", true), &failing);
        assert!(settled.verdict.is_ok());
        // In the short report, behind a first check that failed (a wait_n that runs, in
        // turn), the others were not run: whether the task runs is not known, so the check
        // of its imports waits with them rather than saying it does not run.
        let cut_short = [
            outcome("the waits run concurrently", false),
            Outcome {
                verdict: Err(Failure::not_run("the waits run concurrently")),
                ..outcome("wait_n returns n delays", false)
            },
        ];
        let settled = credited(outcome(IMPORTS_CHECK, true), &cut_short);
        let failure = settled.verdict.expect_err("not known yet");
        assert_eq!(failure.waits_for(), Some("the waits run concurrently"));
    }
}
