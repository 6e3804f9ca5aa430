//! Task 1 of the curriculum: execute multiple coroutines at the same time.
//!
//! The Python original, `1-concurrent_coroutines.py`:
//!
//! ```python
//! import asyncio
//! from typing import List
//!
//! wait_random = __import__('0-basic_async_syntax').wait_random
//!
//!
//! async def wait_n(n: int, max_delay: int) -> List[float]:
//!     """Runs wait_random n times concurrently; returns the delays in the order they end."""
//!     delays = []
//!     for finished in asyncio.as_completed([wait_random(max_delay) for _ in range(n)]):
//!         delays.append(await finished)
//!     return delays
//! ```
//!
//! The Rust port is [`wait_n`]: `async fn wait_n(n: usize, max_delay: u32) -> Vec<f64>`.
//!
//! # Why the list comes out ascending
//!
//! All `n` waits start together and each one ends after its own delay, so they *finish* in
//! ascending order of delay. Listing each delay as it finishes gives an ascending list
//! without sorting it afterwards: the concurrency does the ordering.
//!
//! Two things blur that order, and both grow with `n`:
//!
//! - **Starting takes time.** A wait's clock starts when its future is first polled, and
//!   starting a million of them takes the calling task about half a second: a 0.1 s wait
//!   started 0.4 s in finishes after a 0.3 s wait started at once. This is the drift that
//!   makes Python's `as_completed` return about half of its neighbours out of order from
//!   n = 10 000 on.
//! - **tokio's timer ticks once a millisecond.** Every sleep due within one tick wakes in that
//!   tick, in no promised order; at `n` = 1 000 000 and `max_delay` = 1 about a thousand
//!   delays share each tick.
//!
//! So [`in_completion_order`] *places* each delay by its value as it arrives: it appends it
//! when it is the largest so far, and otherwise inserts it after the equal or smaller values
//! already listed. At a handful of delays that is nearly always an append. At a million,
//! most arrivals are a little late, so the list is kept as short ascending runs, and a late
//! arrival costs a binary search and a shift within one run: the same at any `n`. The list
//! is never sorted as a whole, and it is exactly ascending at any scale (zero inversions at
//! a million delays, measured by `checker bench`).
//!
//! Said plainly, this is an insertion sort done online, as the delays arrive: any delay that
//! arrives after a larger one is moved before it, whatever the reason it came late. What the
//! concurrency contributes is that the order of arrival is already nearly right, so at the
//! course's sizes every insertion is an append, and at a million each is a short shift.
//!
//! # From Python to Rust
//!
//! - **`asyncio.gather` / `as_completed` ↔ [`FuturesUnordered`].** `wait_random(max_delay)`
//!   creates futures that do nothing until polled; [`FuturesUnordered`] polls all of them from
//!   the calling task and yields each output as it completes, like `as_completed`.
//! - **Coroutines, not tasks.** Nothing here is spawned: all `n` futures run *inside the task
//!   that awaits `wait_n`*, interleaved at their `.await` points. `asyncio.gather` and
//!   `as_completed` instead wrap each coroutine in a task; task 4 (`task_wait_n`) is the port
//!   that spawns them. Futures that are not spawned may borrow from their caller, and need
//!   not be `Send + 'static`.
//! - **A few coroutines: `asyncio.gather(a(), b())` ↔ [`tokio::join!`]`(a(), b())`.** It polls
//!   its futures from the calling task and returns a tuple, where `gather` returns a list.
//!   For fairness it rotates which future it polls first; `biased;` polls them in the order
//!   written, the order in which `gather` starts them.
//! - **Cooperative budget.** tokio gives each task a budget of 128 operations per turn, after
//!   which timers report "not ready" so that one busy task cannot starve the others. Spent
//!   inside a [`FuturesUnordered`] of a million waits, it turns the call quadratic;
//!   [`in_completion_order`] explains why, and how it keeps the cost linear in `n`. (Polling
//!   every pending future on each wake-up, as a naive `join_all` loop does, is quadratic too.)
//! - **Testing.** The tests run `wait_n` on tokio's
//!   [paused clock](basic_async_syntax#testing-timed-code-tokios-paused-clock): they assert
//!   that the call lasts about its longest delay, not the sum, without waiting for it and
//!   whatever the machine's load.
//!
//! # The guide's examples
//!
//! The seed guide's programs on running coroutines concurrently, each beside its Python
//! original and tested on the paused clock in `tests/guide_examples.rs`:
//!
//! - `cargo run -p concurrent_coroutines --example gather`: sleepers of 1 s and 2 s run
//!   together, done in 2 s.
//! - `cargo run -p concurrent_coroutines --example gather_started`: both start at once, the
//!   shorter ends first.
//!
//! # Layout
//!
//! - [`wait_n`]: the task.
//! - [`in_completion_order`]: the ordering logic, shared with `task_wait_n`.
//! - `src/main.rs`: the course's `1-main.py`.
//! - `examples/`: the guide's programs, listed above.
//!
//! [`FuturesUnordered`]: futures_util::stream::FuturesUnordered

use basic_async_syntax::wait_random;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::task::coop::{consume_budget, unconstrained};

/// Runs `n` [`wait_random`]`(max_delay)` concurrently and returns their delays, ascending.
///
/// Every delay is listed when its wait finishes, placed by its value when it arrives late,
/// so the list is ascending without being sorted (see the [crate docs](crate)). All `n` futures run inside
/// the calling task; the whole call takes about the largest delay, not the sum of them.
///
/// # Examples
///
/// ```
/// use concurrent_coroutines::wait_n;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let start = tokio::time::Instant::now();
/// let delays = wait_n(10, 7).await;
/// assert_eq!(delays.len(), 10);
/// assert!(delays.is_sorted());
/// // Concurrent: the call lasts as long as its longest delay, to the millisecond tick.
/// assert!(start.elapsed().as_secs_f64() < delays[9] + 0.002);
/// assert_eq!(wait_n(3, 0).await, [0.0, 0.0, 0.0]);
/// # }
/// ```
///
/// # Panics
///
/// As [`wait_random`]: when polled outside a tokio runtime with its timer enabled.
///
/// # Cancellation
///
/// Dropping the future drops every pending wait with it: nothing outlives the call.
pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    in_completion_order((0..n).map(|_| wait_random(max_delay))).await
}

/// Polls all `waits` concurrently and lists their delays ascending, each placed as it finishes.
///
/// Each delay is placed by its value as it arrives: appended when it is the largest so far,
/// otherwise inserted after the equal or smaller ones (an online insertion, never a sort of
/// the whole list). Waits that finish in the order of their delays are simply appended.
/// Every future is polled from the calling task.
///
/// # Why a delay can arrive late, and what placing it costs
///
/// A wait's clock starts when its future is first polled, and starting a million of them
/// takes the calling task about half a second: a 0.1 s wait started 0.4 s in finishes after
/// a 0.3 s wait started at once. Delays within one timer tick also finish in no particular
/// order. So at scale most delays arrive a little out of order, some far out of it. One
/// flat list would make each late arrival shift everything placed after it, a cost that
/// grows with `n` (measured: `task_wait_n(1_000_000, 1)` took 84 s on multi_thread, nearly
/// all of it in `memmove`). The delays are therefore kept as consecutive ascending runs of
/// a few hundred values, with each run's first value copied aside for the search: a
/// late arrival costs a binary search over those first values and a shift within one run,
/// the same at any `n`, and the runs are joined end to end when the last wait finishes.
///
/// # Cost: linear in the number of waits
///
/// tokio gives a task a budget of 128 operations per turn; a timer or a join handle polled
/// after that returns "not ready" and asks to be woken once the task has yielded. Polled
/// inside a [`FuturesUnordered`], each such future has a waker of its own and is not woken
/// at once, so the set keeps polling every other ready future, all refused, before it
/// yields: one turn costs a scan of everything ready, and the whole call turns quadratic
/// (measured: `wait_n(100_000, 0)` took 5 s, a million 550 s, on current_thread). So each
/// wait runs [`unconstrained`], and the budget is spent here instead, one unit per delay
/// placed ([`consume_budget`]): the task still yields to the others every 128 delays, and
/// each delay costs the same at any `n`.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::wait_random;
/// use concurrent_coroutines::in_completion_order;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let delays = in_completion_order((0..5).map(|_| wait_random(3))).await;
/// assert_eq!(delays.len(), 5);
/// assert!(delays.is_sorted());
/// # }
/// ```
///
/// # Cancellation
///
/// Dropping the future drops every future in `waits` that has not finished.
pub async fn in_completion_order<W>(waits: impl IntoIterator<Item = W>) -> Vec<f64>
where
    W: Future<Output = f64>,
{
    let mut pending: FuturesUnordered<_> = waits.into_iter().map(unconstrained).collect();
    let mut delays = Ascending::default();
    while let Some(delay) = pending.next().await {
        delays.place(delay);
        consume_budget().await;
    }
    delays.runs.concat()
}

/// The delays placed so far, ascending, as consecutive runs (see [`in_completion_order`]).
#[derive(Default)]
struct Ascending {
    /// Non-empty ascending runs; every value of a run is at most every value of the next.
    runs: Vec<Vec<f64>>,
    /// The first value of each run, searched instead of the runs to stay in a few cache lines.
    firsts: Vec<f64>,
}

impl Ascending {
    /// How many values a run holds when they arrive in order. Late arrivals may grow a run
    /// to twice this before it splits: long enough that the runs are few and the search
    /// and the splits short, short enough that a shift within one stays in a few cache
    /// lines (256 did best at a million delays, against 64, 128 and 1024).
    const RUN: usize = 256;

    /// Places `delay` after every value placed so far that is not larger than it.
    fn place(&mut self, delay: f64) {
        // The largest so far, as every delay is while they arrive in order: no search.
        if let Some(last_run) = self.runs.last_mut()
            && last_run.last().is_some_and(|&last| last <= delay)
        {
            if last_run.len() < Self::RUN {
                last_run.push(delay);
            } else {
                self.start_run(delay);
            }
            return;
        }
        let index = self
            .firsts
            .partition_point(|&first| first <= delay)
            .saturating_sub(1);
        let Some(run) = self.runs.get_mut(index) else {
            return self.start_run(delay);
        };
        place_in_order(run, delay);
        self.firsts[index] = run[0];
        if run.len() >= 2 * Self::RUN {
            let upper = run.split_off(Self::RUN);
            self.firsts.insert(index + 1, upper[0]);
            self.runs.insert(index + 1, upper);
        }
    }

    /// Starts a new last run with `delay`, the largest value so far.
    fn start_run(&mut self, delay: f64) {
        let mut run = Vec::with_capacity(Self::RUN);
        run.push(delay);
        self.runs.push(run);
        self.firsts.push(delay);
    }
}

/// Inserts `delay` into the ascending `delays` after every value not larger than it.
fn place_in_order(delays: &mut Vec<f64>, delay: f64) {
    if delays.last().is_none_or(|&last| last <= delay) {
        delays.push(delay);
    } else {
        let position = delays.partition_point(|&earlier| earlier <= delay);
        delays.insert(position, delay);
    }
}

#[cfg(test)]
mod tests {
    use super::{Ascending, place_in_order};
    use pretty_assertions::assert_eq;

    #[test]
    fn runs_keep_every_arrival_order_ascending_and_complete() {
        // Far more values than one run holds, arriving in a scrambled but repeatable order
        // (multiplying by a unit modulo a prime visits every residue once), with repeats.
        let count: u64 = 10_007;
        let mut delays = Ascending::default();
        for step in 0..count {
            delays.place(((step * 7_919) % count / 3) as f64);
        }
        assert!(delays.runs.len() > 2, "the values should span several runs");
        assert!(delays.runs.iter().all(|run| run.len() < 2 * Ascending::RUN));
        let firsts: Vec<f64> = delays.runs.iter().map(|run| run[0]).collect();
        assert_eq!(delays.firsts, firsts);
        // Every residue once, so every value `residue / 3`: ascending already.
        let expected: Vec<f64> = (0..count).map(|residue| (residue / 3) as f64).collect();
        assert_eq!(delays.runs.concat(), expected);
    }

    #[test]
    fn a_late_arrival_goes_before_the_larger_values_of_its_tick() {
        let mut delays = vec![0.5, 1.0, 1.2];
        place_in_order(&mut delays, 1.1);
        place_in_order(&mut delays, 1.3);
        place_in_order(&mut delays, 1.0);
        assert_eq!(delays, [0.5, 1.0, 1.0, 1.1, 1.2, 1.3]);
    }
}
