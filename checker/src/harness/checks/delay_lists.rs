//! What `wait_n` (task 1) and `task_wait_n` (task 4) share: n delays, bounded, ascending,
//! concurrent. Each check takes the function under test and its name.

use std::time::Duration;

use tokio::runtime::Handle;
use tokio::time::Instant;

use super::basics::TICK;
use super::{drawn, paused, paused_seeded, saw, within};
use crate::harness::check::{Failure, Settings, Verdict};
use crate::harness::subject::{BoxFuture, Subject};

/// `wait_n` or `task_wait_n`.
type DelayList = fn(usize, u32) -> BoxFuture<Vec<f64>>;

pub(super) fn count(
    subject: &Subject,
    function: DelayList,
    name: &str,
    settings: &Settings,
) -> Verdict {
    for n in [0, 1, 5, 10, 100] {
        let delays = paused_seeded(subject, settings.seed(n as u64), function(n, 5));
        if delays.len() != n {
            return Err(Failure::new(
                format!("{name}({n}, 5) to list {n} delays"),
                format!("it listed {}: {}", delays.len(), abbreviated(&delays)),
                "start n waits and push every delay once, when its wait finishes",
            ));
        }
    }
    saw(format!(
        "{name}(n, 5) listed n delays for n = 0, 1, 5, 10, 100"
    ))
}

pub(super) fn bounds(
    subject: &Subject,
    function: DelayList,
    name: &str,
    settings: &Settings,
) -> Verdict {
    for max_delay in [1, 5, 15] {
        for index in 0..10 {
            let delays = paused_seeded(subject, settings.seed(index), function(10, max_delay));
            for &delay in &delays {
                within(delay, max_delay, &format!("{name}(10, {max_delay})"))?;
            }
        }
    }
    saw(format!(
        "{name}(10, max_delay) for max_delay 1, 5, 15: every delay within bounds"
    ))
}

pub(super) fn ascending(
    subject: &Subject,
    function: DelayList,
    name: &str,
    settings: &Settings,
) -> Verdict {
    // On the paused clock every wait starts at the same instant, and tokio's timer wakes the
    // waits due within one 1 ms tick together, in no promised order. So the course's
    // "ascending" is checked to the tick: neighbours out of order by more than a tick are a
    // failure, ties within one are not (`exact_order` goes further). A correct solution
    // cannot fail this, whatever it draws.
    // Sizes of the course's: an idiom that polls every pending wait again each time one ends
    // (select_all in a loop) is correct here, and slow only at thousands of waits.
    let cases = (0..30)
        .map(|index| (index, 10, 10))
        .chain((30..40).map(|index| (index, 100, 1)));
    for (index, n, max_delay) in cases {
        let title = format!("{name}({n}, {max_delay})");
        let delays = drawn(subject, settings.seed(index), title, function(n, max_delay));
        crate::timeline::returned(&delays);
        let out_of_order = delays.windows(2).position(|pair| pair[0] > pair[1] + TICK);
        if let Some(at) = out_of_order {
            return Err(Failure::new(
                format!("{name}({n}, {max_delay}) in ascending order"),
                format!(
                    "out of order at delays[{at}]: {:?} before delays[{}] = {:?}, smaller by more than a tick: {}",
                    delays[at],
                    at + 1,
                    delays[at + 1],
                    abbreviated(&delays)
                ),
                "list each delay when its wait finishes (as asyncio.as_completed does: a \
                 FuturesUnordered stream in Rust), not in the order the waits were started \
                 (join_all and awaiting each in turn keep that order)",
            ));
        }
    }
    saw(format!(
        "ascending to the 1 ms tick for 30 calls of {name}(10, 10) and 10 of {name}(100, 1)"
    ))
}

/// How much real time `exact_order` gives one call of 10 000 waits: a linear solution
/// takes a few milliseconds, even in a debug build.
const AT_SCALE: Duration = Duration::from_millis(1500);

pub(super) fn exact_order(
    subject: &Subject,
    function: DelayList,
    name: &str,
    settings: &Settings,
) -> Verdict {
    for index in 0..2 {
        let call = within_real_time(AT_SCALE, function(10_000, 1));
        let title = format!("{name}(10000, 1)");
        let Some(delays) = drawn(subject, settings.seed(40 + index), title, call) else {
            return Err(Failure::new(
                format!(
                    "{name}(10000, 1) to end within {} s of real time",
                    AT_SCALE.as_secs_f64()
                ),
                "it was still running: each wait that ends costs it time in proportion to n",
                "select_all, or a loop that polls every pending future again each time one \
                 ends, does n × n polls in all: fine for the course's sizes, a hundred million \
                 at 10 000. A FuturesUnordered polls only the futures that were woken",
            ));
        };
        crate::timeline::returned(&delays);
        let inversions = delays.windows(2).filter(|pair| pair[0] > pair[1]).count();
        if let Some(at) = delays.windows(2).position(|pair| pair[0] > pair[1]) {
            return Err(Failure::new(
                format!("{name}(10000, 1) exactly ascending"),
                format!(
                    "{inversions} neighbours out of order, such as delays[{at}] = {:?} before \
                     delays[{}] = {:?}",
                    delays[at],
                    at + 1,
                    delays[at + 1]
                ),
                "tokio's timer ticks once a millisecond and wakes every wait due in a tick \
                 together, in no promised order: 10 000 delays within 1 s share each tick by \
                 about ten. Listing delays as they finish is right for the course; to be exact \
                 at any size, place a delay that arrives after a larger one by its value, as \
                 it arrives (concurrent_coroutines's lesson shows one way)",
            ));
        }
    }
    saw(format!("{name}(10000, 1) exactly ascending for 2 seeds"))
}

/// `future`, given at most `budget` of real time across its polls: `None` once it has used
/// more, checked between polls (a paused clock does not move while code runs).
fn within_real_time<T>(budget: Duration, future: BoxFuture<T>) -> BoxFuture<Option<T>>
where
    T: 'static,
{
    let start = std::time::Instant::now();
    let mut future = future;
    Box::pin(std::future::poll_fn(move |context| {
        if start.elapsed() > budget {
            return std::task::Poll::Ready(None);
        }
        future.as_mut().poll(context).map(Some)
    }))
}

/// How many waits the concurrency check starts.
const CONCURRENT_WAITS: usize = 100;
/// The concurrency check's `max_delay`.
const CONCURRENT_MAX_DELAY: u32 = 10;
/// How many calls the concurrency check makes at most.
///
/// A solution that runs every wait at once takes exactly its largest delay, to the tick, on
/// the paused clock: it passes every call, so a false alarm cannot happen. One that runs at
/// most k < 100 waits at a time overruns its largest delay whenever a wait that started late
/// ends after the others. With uniform draws (simulated, 40 000 calls each) one call shows a
/// limit of 99 with a chance of 0.020, 98 of 0.050, 97 of 0.087, and any limit up to 80 of
/// 0.93 or more; so 400 calls miss a limit of 99 with a chance of 4e-4, 98 of 1e-9, 97 of
/// 1e-16, and any smaller one of less. (Each call costs about a millisecond of real time.)
pub(crate) const CONCURRENT_CALLS: u64 = 400;
/// How many of the concurrency check's calls run at once.
const CONCURRENT_BATCH: u64 = 50;

pub(super) fn concurrent(
    subject: &Subject,
    function: DelayList,
    name: &str,
    settings: &Settings,
) -> Verdict {
    let (n, max_delay) = (CONCURRENT_WAITS, CONCURRENT_MAX_DELAY);
    // Recorded too, for a call that never returns: the calls run alone below draw the rest.
    let overrun = drawn(
        subject,
        settings.seed(1_000),
        format!("{CONCURRENT_BATCH} calls of {name}({n}, {max_delay}) at once"),
        Box::pin(async move {
            // Calls run CONCURRENT_BATCH at a time, all starting at one instant: the paused
            // clock then jumps once per tick for the whole batch rather than once per tick for
            // each call, and each call is still timed on its own.
            let timed = || async move {
                let start = Instant::now();
                let delays = function(n, max_delay).await;
                (delays, start.elapsed().as_secs_f64())
            };
            for batch in 0..CONCURRENT_CALLS / CONCURRENT_BATCH {
                let calls = futures_util::future::join_all((0..CONCURRENT_BATCH).map(|_| timed()));
                for (index, (delays, elapsed)) in calls.await.into_iter().enumerate() {
                    let largest = delays.iter().copied().fold(0.0, f64::max);
                    if elapsed > largest + TICK {
                        let call = batch * CONCURRENT_BATCH + index as u64 + 1;
                        return Some((call, delays, elapsed));
                    }
                }
            }
            None
        }),
    );
    // The calls ran 50 at a time, their waits mixed: the timeline is of one call run alone,
    // after them, with the same code and so the same shape (in turn, k at a time, or all
    // together). Only for the picture: should it panic, the verdict is the calls' above.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let delays = drawn(
            subject,
            settings.seed(2_000),
            format!("{name}({n}, {max_delay}) once more, alone: other delays"),
            function(n, max_delay),
        );
        crate::timeline::returned(&delays);
    }));
    let Some((call, delays, elapsed)) = overrun else {
        return saw(format!(
            "{CONCURRENT_CALLS} calls of {name}({n}, {max_delay}) each took its largest delay"
        ));
    };
    let largest = delays.iter().copied().fold(0.0, f64::max);
    let sum: f64 = delays.iter().sum();
    let (actual, hint) = if elapsed + TICK * n as f64 >= sum {
        (
            format!("it took {elapsed:.3} s; the delays add up to {sum:.3} s"),
            if name == "task_wait_n" {
                "it awaited the tasks one after another: spawn all n tasks first, then collect \
                 their delays as they finish (a FuturesUnordered of the JoinHandles)"
            } else {
                "it awaited the waits one after another: create all n futures first, then \
                 poll them together (a FuturesUnordered, or join_all)"
            },
        )
    } else {
        (
            format!(
                "call {call} took {elapsed:.3} s, {:.3} s more than its largest delay",
                elapsed - largest
            ),
            "some waits started only after others had ended: start all n waits at once, with \
             no limit on how many run together (no semaphore, no buffer_unordered(k), no \
             chunks)",
        )
    };
    Err(Failure::new(
        format!("{name}({n}, {max_delay}) to take its largest delay, {largest:.3} s"),
        actual,
        hint,
    ))
}

/// Polls `future` for 10 ms of paused time and returns how many tasks are alive then.
async fn tasks_alive_while_running(future: BoxFuture<Vec<f64>>) -> (usize, Vec<f64>) {
    let mut future = future;
    let early = tokio::time::timeout(Duration::from_millis(10), &mut future).await;
    let alive = Handle::current().metrics().num_alive_tasks();
    match early {
        Ok(delays) => (alive, delays),
        Err(_) => (alive, future.await),
    }
}

pub(super) fn coroutines_in_place(subject: &Subject, settings: &Settings) -> Verdict {
    let wait_n = subject.wait_n;
    let (alive, delays) = paused_seeded(
        subject,
        settings.seed(0),
        Box::pin(async move { tasks_alive_while_running(wait_n(100, 3)).await }),
    );
    if alive > 0 {
        return Err(Failure::new(
            "no spawned task while wait_n runs",
            format!("{alive} tasks were alive 10 ms into wait_n(100, 3)"),
            "wait_n is the coroutine version: poll the wait_random futures together in the \
             calling task (FuturesUnordered); spawning tasks is task 4's job",
        ));
    }
    saw(format!(
        "no task alive while wait_n(100, 3) ran; it listed {} delays",
        delays.len()
    ))
}

pub(crate) fn tasks_alive_during(subject: &Subject, settings: &Settings) -> usize {
    let task_wait_n = subject.task_wait_n;
    paused_seeded(
        subject,
        settings.seed(0),
        Box::pin(async move { tasks_alive_while_running(task_wait_n(100, 10)).await.0 }),
    )
}

pub(super) fn zeros(function: DelayList, name: &str) -> Verdict {
    let (delays, elapsed) = paused(async {
        let start = Instant::now();
        let delays = crate::timeline::recording(format!("{name}(10, 0)"), function(10, 0)).await;
        (delays, start.elapsed())
    });
    if delays != [0.0; 10] || elapsed > Duration::ZERO {
        return Err(Failure::new(
            format!("{name}(10, 0) to give ten 0.0 at once"),
            format!("{} after {:?}", abbreviated(&delays), elapsed),
            "with max_delay 0 every wait_random returns 0.0 without waiting",
        ));
    }
    saw(format!("{name}(10, 0) gave {delays:?} at once"))
}

pub(super) fn no_sort(source: &str, crate_name: &str) -> Verdict {
    // A heuristic reading of the source, not a proof: comments and the unit tests at the end
    // (`#[cfg(test)]`) are skipped, and a call of a sorting method or a sorted collection
    // is taken as sorting.
    let code_lines = source
        .lines()
        .take_while(|line| line.trim() != "#[cfg(test)]")
        .map(|line| line.split("//").next().unwrap_or_default())
        .enumerate();
    for (number, line) in code_lines {
        if let Some(column) = sort_call(line) {
            return Err(Failure::new(
                "the order to come from the concurrency, without sorting",
                format!(
                    "{crate_name}/src/lib.rs:{}:{} sorts: {}",
                    number + 1,
                    column + 1,
                    line.trim()
                ),
                "list each delay as its wait finishes and the list is ascending by itself; \
                 the curriculum forbids sorting it afterwards",
            ));
        }
    }
    saw(format!("{crate_name}/src/lib.rs calls no sort"))
}

/// Where `line` sorts: a sorting method, called as one (`.sort(`, `.sort_by(` …) or by its
/// path (`<[f64]>::sort_by(&mut delays, …)`), or a collection that keeps its items sorted
/// (`BinaryHeap`, `BTreeSet`, `BTreeMap`: collecting the delays into one sorts them).
fn sort_call(line: &str) -> Option<usize> {
    let sorts = |name: &str| {
        let method = name
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(name, |end| &name[..end]);
        matches!(
            method,
            "sort"
                | "sort_by"
                | "sort_by_key"
                | "sort_by_cached_key"
                | "sort_unstable"
                | "sort_unstable_by"
                | "sort_unstable_by_key"
                | "sort_floats"
        )
    };
    let method = line.match_indices("sort").map(|(at, _)| at).find(|&at| {
        let before = &line[..at];
        (before.ends_with('.') || before.ends_with("::")) && sorts(&line[at..])
    });
    let method = method.map(|at| line[..at].trim_end_matches([':', '.']).len());
    method.or_else(|| {
        ["BinaryHeap", "BTreeSet", "BTreeMap"]
            .iter()
            .filter_map(|sorted| line.find(sorted))
            .min()
    })
}

/// The first values of a list, enough to show what went wrong.
fn abbreviated(delays: &[f64]) -> String {
    if delays.len() <= 6 {
        format!("{delays:?}")
    } else {
        format!("{:?} … ({} in all)", &delays[..6], delays.len())
    }
}

#[cfg(test)]
mod tests {
    use super::sort_call;

    #[test]
    fn finds_sort_calls_and_nothing_else() {
        assert_eq!(sort_call("    delays.sort_by(f64::total_cmp);"), Some(10));
        assert_eq!(sort_call("delays.sort();"), Some(6));
        assert_eq!(sort_call("assert!(delays.is_sorted());"), None);
        assert_eq!(sort_call("let sorted = delays.sorted_by();"), None);
        assert_eq!(sort_call("let mut heap = BinaryHeap::new();"), Some(15));
        assert_eq!(
            sort_call("    <[f64]>::sort_by(&mut delays, f64::total_cmp);"),
            Some(11)
        );
        assert_eq!(sort_call("slice::sort_unstable_by(&mut d, cmp);"), Some(5));
        assert_eq!(sort_call("let sort_by = 1; resort(x);"), None);
        assert_eq!(
            sort_call("let set: BTreeSet<u64> = d.iter().map(|x| x.to_bits()).collect();"),
            Some(9)
        );
    }
}
