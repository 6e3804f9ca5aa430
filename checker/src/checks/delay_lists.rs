//! What `wait_n` (task 1) and `task_wait_n` (task 4) share: n delays, bounded, ascending,
//! concurrent. Each check takes the function under test and its name.

use std::time::Duration;

use tokio::runtime::Handle;
use tokio::time::Instant;

use basic_async_syntax::seed;

use super::basics::TICK;
use super::{paused, paused_seeded, saw, within};
use crate::check::{Failure, Settings, Verdict};
use crate::subject::{BoxFuture, Subject};

/// `wait_n` or `task_wait_n`.
type DelayList = fn(usize, u32) -> BoxFuture<Vec<f64>>;

pub(super) fn count(function: DelayList, name: &str, settings: &Settings) -> Verdict {
    for n in [0, 1, 5, 10, 100] {
        let delays = paused_seeded(settings.seed(n as u64), function(n, 5));
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

pub(super) fn bounds(function: DelayList, name: &str, settings: &Settings) -> Verdict {
    for max_delay in [1, 5, 15] {
        for index in 0..10 {
            let delays = paused_seeded(settings.seed(index), function(10, max_delay));
            for &delay in &delays {
                within(delay, max_delay, &format!("{name}(10, {max_delay})"))?;
            }
        }
    }
    saw(format!(
        "{name}(10, max_delay) for max_delay 1, 5, 15: every delay within bounds"
    ))
}

pub(super) fn ascending(function: DelayList, name: &str, settings: &Settings) -> Verdict {
    let cases = (0..30)
        .map(|index| (index, 10, 10))
        .chain((30..32).map(|index| (index, 10_000, 1)));
    for (index, n, max_delay) in cases {
        let delays = paused_seeded(settings.seed(index), function(n, max_delay));
        if let Some(at) = delays.windows(2).position(|pair| pair[0] > pair[1]) {
            let hint = if n > 10 {
                "thousands of delays share each 1 ms tick of tokio's timer and finish in any \
                 order within it: place a delay that arrives after a larger one by its value"
            } else {
                "list each delay when its wait finishes (as asyncio.as_completed does: a \
                 FuturesUnordered stream in Rust), not in the order the waits were started"
            };
            return Err(Failure::new(
                format!("{name}({n}, {max_delay}) in ascending order"),
                format!(
                    "delays[{at}] = {:?} before delays[{}] = {:?} (seed {})",
                    delays[at],
                    at + 1,
                    delays[at + 1],
                    settings.seed(index)
                ),
                hint,
            ));
        }
    }
    saw(format!(
        "ascending for 30 seeds of {name}(10, 10) and 5 of {name}(10000, 1)"
    ))
}

/// How many waits the concurrency check starts: any limit below it is caught.
const CONCURRENT_WAITS: usize = 100;
/// The concurrency check's `max_delay`.
const CONCURRENT_MAX_DELAY: u32 = 10;

pub(super) fn concurrent(function: DelayList, name: &str, settings: &Settings) -> Verdict {
    let (n, max_delay) = (CONCURRENT_WAITS, CONCURRENT_MAX_DELAY);
    let (seed, draws) = last_draw_largest(settings, n, max_delay);
    let (delays, elapsed) = paused_seeded(
        seed,
        Box::pin(async move {
            let start = Instant::now();
            let delays = function(n, max_delay).await;
            (delays, start.elapsed().as_secs_f64())
        }),
    );
    let largest = delays.iter().copied().fold(0.0, f64::max);
    let sum: f64 = delays.iter().sum();
    if elapsed <= largest + TICK {
        return saw(format!(
            "{name}({n}, {max_delay}) took {elapsed:.3} s for delays summing {sum:.3} s"
        ));
    }
    let (actual, hint) = if elapsed + TICK * n as f64 >= sum {
        (
            format!("it took {elapsed:.3} s; the delays add up to {sum:.3} s"),
            "it awaited the waits one after another: create all n futures first, then poll \
             them together"
                .to_owned(),
        )
    } else {
        // Each wait ends on the timer's next tick, so a chain of waits one after another
        // ends up to a tick later per wait than the simulation says.
        let limit = (1..n)
            .map(|limit| (limit, (makespan(&draws, limit) - elapsed).abs()))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .filter(|&(limit, off)| off <= TICK * (n / limit + 2) as f64)
            .map_or_else(String::new, |(limit, _)| {
                format!(", as if at most {limit} waits ran at a time")
            });
        (
            format!("it took {elapsed:.3} s{limit}"),
            format!(
                "the last wait started only after an earlier one had ended: start all n waits \
                 at once, with no limit on how many run together (no semaphore, no \
                 buffer_unordered(k), no chunks); the {n} waits of this check draw a delay of at \
                 least {:.3} s each, the last one drawn being the largest",
                draws.iter().copied().fold(f64::INFINITY, f64::min)
            ),
        )
    };
    Err(Failure::new(
        format!("{name}({n}, {max_delay}) to take its largest delay, {largest:.3} s"),
        format!("{actual} (seed {seed})"),
        hint,
    ))
}

/// A seed derived from the run's under which, of `n` draws, the last is the largest and none
/// is shorter than two ticks, with those draws.
///
/// Under such a seed, any `wait_n` that runs fewer than `n` waits at once takes longer than
/// the largest delay: the last wait to start (which draws the last delay, the largest) can
/// start only once an earlier wait has ended, which takes two ticks at least, and then
/// still waits the largest delay. A fully concurrent `wait_n` takes exactly the largest.
fn last_draw_largest(settings: &Settings, n: usize, max_delay: u32) -> (u64, Vec<f64>) {
    let draws_of = |seed| {
        seed::scope_blocking(seed, || {
            (0..n)
                .map(|_| seed::uniform(max_delay))
                .collect::<Vec<f64>>()
        })
    };
    // About one seed in n qualifies; the bound only keeps a broken stream from looping.
    (0..100 * n as u64)
        .map(|index| settings.seed(1_000 + index))
        .map(|seed| (seed, draws_of(seed)))
        .find(|(_, draws)| {
            let (last, earlier) = draws.split_last().expect("n > 0");
            earlier
                .iter()
                .all(|&draw| draw < *last && draw >= 2.0 * TICK)
        })
        .unwrap_or_else(|| (settings.seed(0), draws_of(settings.seed(0))))
}

/// How long `delays` take when at most `limit` run at a time, each starting, in order, as
/// soon as one ends.
fn makespan(delays: &[f64], limit: usize) -> f64 {
    let mut running: Vec<f64> = Vec::with_capacity(limit);
    let mut now = 0.0;
    for &delay in delays {
        if running.len() == limit {
            let (first, &end) = running
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .expect("limit > 0");
            now = end;
            running.swap_remove(first);
        }
        running.push(now + delay);
    }
    running.into_iter().fold(now, f64::max)
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
        settings.seed(0),
        Box::pin(async move { tasks_alive_while_running(task_wait_n(100, 10)).await.0 }),
    )
}

pub(super) fn zeros(function: DelayList, name: &str) -> Verdict {
    let (delays, elapsed) = paused(async {
        let start = Instant::now();
        let delays = function(10, 0).await;
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
    // (`#[cfg(test)]`) are skipped, and a call of a sorting method or a `BinaryHeap` is taken
    // as sorting.
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

/// Where `line` sorts: a sorting method (`.sort(`, `.sort_by(` …) or a `BinaryHeap`.
fn sort_call(line: &str) -> Option<usize> {
    let method = line.match_indices(".sort").map(|(at, _)| at).find(|&at| {
        let rest = &line[at + 1..];
        let method = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .map_or(rest, |end| &rest[..end]);
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
    });
    method.or_else(|| line.find("BinaryHeap"))
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
    use super::{makespan, sort_call};

    #[test]
    fn makespan_is_the_end_of_the_last_wait_under_a_limit() {
        let delays = [3.0, 1.0, 2.0, 4.0];
        assert_eq!(makespan(&delays, 4), 4.0);
        assert_eq!(makespan(&delays, 1), 10.0);
        // Two at a time: 3 and 1 start; 2 starts at 1, 4 at 3 when the first ends.
        assert_eq!(makespan(&delays, 2), 7.0);
    }

    #[test]
    fn finds_sort_calls_and_nothing_else() {
        assert_eq!(sort_call("    delays.sort_by(f64::total_cmp);"), Some(10));
        assert_eq!(sort_call("delays.sort();"), Some(6));
        assert_eq!(sort_call("assert!(delays.is_sorted());"), None);
        assert_eq!(sort_call("let sorted = delays.sorted_by();"), None);
        assert_eq!(sort_call("let mut heap = BinaryHeap::new();"), Some(15));
    }
}
