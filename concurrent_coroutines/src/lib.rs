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
//! <!-- region: solution -->
//! So [`in_completion_order`] *places* each delay by its value as it arrives: after the
//! equal or smaller values already listed. At a handful of delays that is nearly always an
//! append. At a million, most arrivals are a little late, so the delays are kept in buckets
//! by value, and a late arrival is placed within its own bucket, which holds a few values
//! at any `n`. The list is never sorted as a whole, and it is exactly ascending at any scale
//! (`checker bench` counts the neighbours out of order at a million delays: none).
//!
//! Said plainly, this is a bucket and insertion sort done online, as the delays arrive: any
//! delay that arrives after a larger one is placed before it, whatever the reason it came
//! late. What the concurrency contributes is that the order of arrival is already nearly
//! right, so at the course's sizes every placement is an append, and at a million each is
//! a short walk within one bucket.
//! <!-- endregion -->
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
//!   inside a [`FuturesUnordered`] of a million waits, it turns the call quadratic. (Polling
//!   every pending future on each wake-up, as a naive `join_all` loop does, is quadratic too.)
//! <!-- region: solution -->
//!   [`in_completion_order`] explains why, and how it keeps the cost linear in `n`.
//! <!-- endregion -->
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
//! # Your waits on a timeline
//!
//! `cargo run -p checker -- timeline concurrent_coroutines` runs `1-main` with every wait
//! recorded (see `basic_async_syntax`'s lesson). Its three calls, on the paused clock with a
//! fixed seed: within each call every wait starts at once and ends at its own delay, so the
//! call lasts its largest delay (the 25 rows are cut to 19, with a note):
//!
//! ```text
//! $ cargo run -p checker -- timeline concurrent_coroutines --paused --seed 1
//! your waits: concurrent_coroutines (test program) (paused clock)
//! 25 waits, at most 10 at once, 9.99 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1   0.74 s |█████                                                   |
//! #2   2.88 s |█████████████████                                       |
//! #3   0.47 s |███                                                     |
//! #4   3.97 s |███████████████████████                                 |
//! #5   4.40 s |█████████████████████████                               |
//! #6   5.59 s |                        ████████████████████████████████|
//! #7   5.40 s |                        ███████████████████████████████ |
//! #8   2.13 s |                        █████████████                   |
//! #9   2.05 s |                        █████████████                   |
//! #10  2.14 s |                        █████████████                   |
//! #11  4.21 s |                        █████████████████████████       |
//! #12  2.32 s |                        ██████████████                  |
//!    ⋮ 6 more waits, #13 to #18
//! #19  0.00 s |                                                       ▏|
//! #20  0.00 s |                                                       ▏|
//! #21  0.00 s |                                                       ▏|
//! #22  0.00 s |                                                       ▏|
//! #23  0.00 s |                                                       ▏|
//! #24  0.00 s |                                                       ▏|
//! #25  0.00 s |                                                       ▏|
//!             └───────────┴──────────┴──────────┴──────────────────────┘
//!             0 s        2 s        4 s        6 s                9.99 s
//!             (each column 178.41 ms)
//! ```
//!
//! The typical mistakes, with the same draws. Awaiting each wait in a `for` loop
//! (`examples/in_turn.rs`) runs them one after another, and each call lasts the sum:
//!
//! ```text
//! $ cargo run -p checker -- timeline concurrent_coroutines --example in_turn --paused --seed 1
//! your waits: in_turn (example) (paused clock)
//! 25 waits, one at a time, 51.21 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1   0.74 s |█                                                       |
//! #2   2.88 s |████                                                    |
//! #3   0.47 s |   ██                                                   |
//! #4   3.97 s |    █████                                               |
//! #5   4.40 s |        ██████                                          |
//! #6   5.59 s |             ███████                                    |
//! #7   5.40 s |                   ███████                              |
//! #8   2.13 s |                         ███                            |
//! #9   2.05 s |                           ████                         |
//! #10  2.14 s |                              ███                       |
//! #11  4.21 s |                                ██████                  |
//! #12  2.32 s |                                     ███                |
//!    ⋮ 6 more waits, #13 to #18
//! #19  0.00 s |                                                       ▏|
//! #20  0.00 s |                                                       ▏|
//! #21  0.00 s |                                                       ▏|
//! #22  0.00 s |                                                       ▏|
//! #23  0.00 s |                                                       ▏|
//! #24  0.00 s |                                                       ▏|
//! #25  0.00 s |                                                       ▏|
//!             └─────────────────────┴─────────────────────┴────────────┘
//!             0 s                 20 s                  40 s     51.21 s
//!             (each column 914.45 ms)
//! ```
//!
//! A limit on how many run at once (`examples/at_most_two.rs`, `buffer_unordered(2)`) holds
//! waits back, and a wait that starts late ends late:
//!
//! ```text
//! $ cargo run -p checker -- timeline concurrent_coroutines --example at_most_two --paused --seed 1
//! your waits: at_most_two (example) (paused clock)
//! 25 waits, at most 2 at once, 28.87 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1   0.74 s |██                                                      |
//! #2   2.88 s |██████                                                  |
//! #3   0.47 s | ██                                                     |
//! #4   3.97 s |  █████████                                             |
//! #5   4.40 s |     ██████████                                         |
//! #6   5.59 s |              ███████████                               |
//! #7   5.40 s |              ███████████                               |
//! #8   2.13 s |                        █████                           |
//! #9   2.05 s |                        █████                           |
//! #10  2.14 s |                            █████                       |
//! #11  4.21 s |                            ██████████                  |
//! #12  2.32 s |                                ██████                  |
//!    ⋮ 6 more waits, #13 to #18
//! #19  0.00 s |                                                       ▏|
//! #20  0.00 s |                                                       ▏|
//! #21  0.00 s |                                                       ▏|
//! #22  0.00 s |                                                       ▏|
//! #23  0.00 s |                                                       ▏|
//! #24  0.00 s |                                                       ▏|
//! #25  0.00 s |                                                       ▏|
//!             └───────────────────┴──────────────────┴─────────────────┘
//!             0 s               10 s               20 s          28.87 s
//!             (each column 515.57 ms)
//! ```
//!
//! The third, `join_all` (a list in creation order), draws the course's timeline: its waits
//! are concurrent, its list is not ascending; `task_wait_n`'s lesson shows it.
//!
//! # What the checker grades
//!
//! The grade (`cargo run -p checker -- --task 1`): `n` delays, each within its bounds,
//! ascending (to tokio's 1 ms tick, within which waits wake together), all `n` waits running
//! at once, `wait_n(10, 0)` ten zeros at once, no sort in the source, and `1-main`'s three
//! lists. Going further (optional, counted with `--strict`): exactly ascending at 10 000
//! delays, the waits run as coroutines in the caller's task rather than spawned, and
//! `1-main` replays under a seed.
//! The grade includes what the task imports: it passes once task 0 passes too.
//!
//! # Layout
//!
//! - [`wait_n`]: the task.
//! <!-- region: solution -->
//! - [`in_completion_order`]: the ordering logic, shared with `task_wait_n`.
//! <!-- endregion -->
//! - `src/main.rs`: the course's `1-main.py`.
//! - `examples/`: the guide's programs, listed above.
//!
//! [`FuturesUnordered`]: futures_util::stream::FuturesUnordered

// region: solution (left out of the starter: `cargo run -p checker -- new DIR`)
use basic_async_syntax::wait_random;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use tokio::task::coop::{consume_budget, unconstrained};
// endregion

/// Runs `n` [`basic_async_syntax::wait_random`]`(max_delay)` concurrently and returns their delays, ascending.
///
/// Every delay is listed when its wait finishes, placed by its value when it arrives late,
/// so the list is ascending without being sorted (see the [crate docs](crate)). All `n`
/// futures run inside the calling task; the whole call takes about the largest delay, not
/// the sum of them.
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
/// // Ascending as the course asks: to tokio's 1 ms tick, within which waits wake together.
/// assert!(delays.windows(2).all(|pair| pair[0] <= pair[1] + 0.001));
/// // Concurrent: the call lasts as long as its longest delay, to the millisecond tick.
/// assert!(start.elapsed().as_secs_f64() < delays[9] + 0.002);
/// assert_eq!(wait_n(3, 0).await, [0.0, 0.0, 0.0]);
/// # }
/// ```
///
/// # Panics
///
/// As [`basic_async_syntax::wait_random`]: when polled outside a tokio runtime with its timer enabled.
///
/// # Cancellation
///
/// Dropping the future drops every pending wait with it: nothing outlives the call.
pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    in_completion_order((0..n).map(|_| wait_random(max_delay))).await
}

// region: solution (left out of the starter: `cargo run -p checker -- new DIR`)
/// Polls all `waits` concurrently and lists their delays ascending, each placed as it finishes.
///
/// Each delay is placed by its value as it arrives, after the equal or smaller ones already
/// placed (an online placement, never a sort of the whole list). Waits that finish in the
/// order of their delays are simply appended. Every future is polled from the calling task.
///
/// # Why a delay can arrive late, and what placing it costs
///
/// A wait's clock starts when its future is first polled, and starting a million of them
/// takes the calling task a good part of a second: a 0.1 s wait started 0.4 s in finishes
/// after a 0.3 s wait started at once. Delays within one timer tick also finish in no
/// particular order. So at scale most delays arrive a little out of order, some far out of
/// it, and a late one placed into one flat list would shift everything after it: a cost
/// that grows with `n`, quadratic in all.
///
/// So the delays go into buckets by value, about one bucket for every four waits, each
/// bucket a chain of its values from the largest down. A delay placed in order is put on
/// top of its bucket's chain; a late one walks down that chain, a few values at most when
/// the delays spread over their range as uniform ones do (delays crowded into a sliver of
/// their range share buckets and walk longer chains, in order all the same). The cost of a
/// placement does not grow with `n`, and nothing is moved once placed. The buckets' width
/// is a power of two that doubles whenever a delay beyond their range arrives, neighbouring
/// chains joining end to end, so no bound on the delays is needed in advance. When the last
/// wait has finished, the chains are read out in order of value.
///
/// # Cost: linear in the number of waits
///
/// tokio gives a task a budget of 128 operations per turn; a timer or a join handle polled
/// after that returns "not ready" and asks to be woken once the task has yielded. Polled
/// inside a [`FuturesUnordered`], each such future has a waker of its own and is not woken
/// at once, so the set keeps polling every other ready future, all refused, before it
/// yields: one turn costs a scan of everything ready, and the whole call turns quadratic.
/// So each wait runs [`unconstrained`], and the budget is spent here instead, one unit per
/// delay placed ([`consume_budget`]): the task still yields to the others every 128 delays,
/// and each delay costs the same at any `n`.
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
    let mut delays = Buckets::new(pending.len());
    while let Some(delay) = pending.next().await {
        delays.place(delay);
        consume_budget().await;
    }
    delays.into_ascending()
}

/// Marks the end of a chain in [`Buckets`], and an empty bucket.
const END: u32 = u32::MAX;

/// The delays placed so far, in buckets by value (see [`in_completion_order`]).
///
/// Bucket `b` holds the values in `[b × width, (b + 1) × width)`, chained from its largest
/// down, so the buckets read in turn give every value ascending. Each value stays where it
/// arrived, in one array allocated once, and a bucket keeps its largest value beside its
/// chain: placing a value in order touches its bucket and the end of that array, nothing
/// else, and a value that arrives late walks down part of one short chain.
struct Buckets {
    /// Every value placed in a bucket, in the order of arrival.
    entries: Vec<Entry>,
    /// The chains, by value: bucket `b` holds the values in `[b × width, (b + 1) × width)`.
    buckets: Vec<Bucket>,
    /// A power of two, so that widening the buckets maps each old bucket into exactly one
    /// new one; zero until the first positive value.
    width: f64,
    /// Values that no bucket holds (negative, infinite or NaN, which no delay is), ascending.
    others: Vec<f64>,
}

/// A placed value, linked to the next smaller (or equal, earlier placed) one of its bucket.
#[derive(Clone, Copy)]
struct Entry {
    value: f64,
    /// Index in [`Buckets::entries`], or [`END`] for the bucket's smallest.
    below: u32,
}

/// One bucket's chain: its ends, and its largest value, which decides most placements.
#[derive(Clone, Copy)]
struct Bucket {
    /// The entry of the largest value (the last placed among equals), or [`END`] when empty.
    top: u32,
    /// The entry of the smallest value.
    bottom: u32,
    /// The value of `top`.
    largest: f64,
}

impl Bucket {
    const EMPTY: Self = Self {
        top: END,
        bottom: END,
        largest: 0.0,
    };
}

impl Buckets {
    /// Values per bucket, on average, when `n` values spread evenly over the buckets' range.
    /// A bucket's values arrive in any order, so each late one walks part of one chain.
    const LOAD: usize = 4;

    /// Buckets for `n` values.
    fn new(n: usize) -> Self {
        // An even count, so that widening by any power of two maps buckets onto buckets.
        let buckets = (n / Self::LOAD).next_power_of_two().max(2);
        Self {
            entries: Vec::with_capacity(n),
            buckets: vec![Bucket::EMPTY; buckets],
            width: 0.0,
            others: Vec::new(),
        }
    }

    /// Places `delay` after every value placed so far that is not larger than it.
    fn place(&mut self, delay: f64) {
        let index = match u32::try_from(self.entries.len()) {
            Ok(index) if index != END && (0.0..f64::INFINITY).contains(&delay) => index,
            _ => return place_in_order(&mut self.others, delay),
        };
        let bucket = if delay > 0.0 {
            if delay >= self.top() {
                self.widen(delay);
            }
            ((delay / self.width) as usize).min(self.buckets.len() - 1)
        } else {
            0
        };
        let chain = &mut self.buckets[bucket];
        if chain.top == END {
            self.entries.push(Entry {
                value: delay,
                below: END,
            });
            *chain = Bucket {
                top: index,
                bottom: index,
                largest: delay,
            };
        } else if chain.largest <= delay {
            self.entries.push(Entry {
                value: delay,
                below: chain.top,
            });
            chain.top = index;
            chain.largest = delay;
        } else {
            // The top is larger than `delay`: walk down to the first entry that is not.
            let mut above = chain.top as usize;
            loop {
                let below = self.entries[above].below;
                if below == END || self.entries[below as usize].value <= delay {
                    self.entries.push(Entry {
                        value: delay,
                        below,
                    });
                    self.entries[above].below = index;
                    if below == END {
                        chain.bottom = index;
                    }
                    break;
                }
                above = below as usize;
            }
        }
    }

    /// The end of the buckets' range: every value they hold is smaller.
    fn top(&self) -> f64 {
        self.width * self.buckets.len() as f64
    }

    /// Doubles the width until `delay` is below [`top`](Self::top), each bucket's chain
    /// laid on top of the one bucket that its values fall in at the new width.
    fn widen(&mut self, delay: f64) {
        let buckets = self.buckets.len() as f64;
        if self.width == 0.0 {
            // The first positive value: the narrowest buckets whose range holds it.
            let mut width = 1.0_f64;
            while width * buckets <= delay {
                width *= 2.0;
            }
            while (width / 2.0) * buckets > delay {
                width /= 2.0;
            }
            self.width = width;
            return;
        }
        let mut shift = 0;
        while self.width * buckets <= delay {
            self.width *= 2.0;
            shift += 1;
        }
        // In ascending order, so each chain moved holds larger values than the chain it
        // lands on.
        for bucket in 1..self.buckets.len() {
            let chain = self.buckets[bucket];
            if chain.top == END {
                continue;
            }
            self.buckets[bucket] = Bucket::EMPTY;
            let into = &mut self.buckets[bucket.checked_shr(shift).unwrap_or(0)];
            if into.top == END {
                *into = chain;
            } else {
                self.entries[chain.bottom as usize].below = into.top;
                into.top = chain.top;
                into.largest = chain.largest;
            }
        }
    }

    /// Every value placed, ascending.
    fn into_ascending(self) -> Vec<f64> {
        let mut ascending = vec![0.0; self.entries.len()];
        let mut position = ascending.len();
        for chain in self.buckets.iter().rev() {
            let mut index = chain.top;
            while index != END {
                let entry = self.entries[index as usize];
                position -= 1;
                ascending[position] = entry.value;
                index = entry.below;
            }
        }
        if self.others.is_empty() {
            return ascending;
        }
        merge(&ascending, &self.others)
    }
}

/// The ascending `left` and `right` as one ascending list, `left`'s values first among equals.
fn merge(left: &[f64], right: &[f64]) -> Vec<f64> {
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut left, mut right) = (left.iter().peekable(), right.iter().peekable());
    while let (Some(&&one), Some(&&other)) = (left.peek(), right.peek()) {
        if other < one {
            merged.push(other);
            right.next();
        } else {
            merged.push(one);
            left.next();
        }
    }
    merged.extend(left.chain(right));
    merged
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
    use super::{Buckets, END, place_in_order};
    use pretty_assertions::assert_eq;
    use proptest::prelude::*;

    /// Places `values` in the order given and returns what the buckets list.
    fn placed(values: &[f64]) -> Vec<f64> {
        let mut buckets = Buckets::new(values.len());
        for &value in values {
            buckets.place(value);
        }
        check_chains(&buckets);
        buckets.into_ascending()
    }

    /// Every bucket's chain descends from its top to its bottom, within the bucket's range,
    /// with its largest value on top.
    fn check_chains(buckets: &Buckets) {
        let mut seen = 0;
        for (bucket, chain) in buckets.buckets.iter().enumerate() {
            let mut index = chain.top;
            let mut above = f64::INFINITY;
            let mut bottom = END;
            if index != END {
                assert_eq!(chain.largest, buckets.entries[index as usize].value);
            }
            while index != END {
                let value = buckets.entries[index as usize].value;
                assert!(value <= above, "bucket {bucket} is out of order");
                if buckets.width > 0.0 {
                    assert_eq!(
                        ((value / buckets.width) as usize).min(buckets.buckets.len() - 1),
                        bucket,
                        "{value} in the wrong bucket"
                    );
                }
                (above, bottom, seen) = (value, index, seen + 1);
                index = buckets.entries[index as usize].below;
            }
            assert_eq!(chain.bottom, bottom, "bucket {bucket}'s bottom");
        }
        assert_eq!(seen, buckets.entries.len(), "a value fell out of its chain");
    }

    /// `values` sorted, as the buckets must list them.
    fn sorted(values: &[f64]) -> Vec<f64> {
        let mut sorted = values.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted
    }

    #[test]
    fn buckets_keep_a_scrambled_arrival_order_ascending_and_complete() {
        // Far more values than buckets, arriving in a scrambled but repeatable order
        // (multiplying by a unit modulo a prime visits every residue once), with repeats.
        let count: u64 = 10_007;
        let values: Vec<f64> = (0..count)
            .map(|step| ((step * 7_919) % count / 3) as f64)
            .collect();
        let expected: Vec<f64> = (0..count).map(|residue| (residue / 3) as f64).collect();
        assert_eq!(placed(&values), expected);
    }

    #[test]
    #[ignore = "a million delays take seconds in a debug build: CI runs it with --ignored"]
    fn a_million_delays_arriving_as_they_do_at_scale_come_out_ascending() {
        // As `wait_n(1_000_000, 1)` on the real clock: each wait starts up to half a second
        // late, ends on the first millisecond tick after its deadline, and within a tick
        // the waits end in no particular order.
        let n = 1_000_000;
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next_random = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1_u64 << 53) as f64
        };
        let mut arrivals: Vec<(u64, f64, f64)> = (0..n)
            .map(|started| {
                let delay = next_random();
                let start = 0.5 * started as f64 / n as f64;
                let tick = ((start + delay) * 1000.0).ceil() as u64;
                (tick, next_random(), delay)
            })
            .collect();
        arrivals.sort_by(|one, other| (one.0, one.1).partial_cmp(&(other.0, other.1)).unwrap());
        let values: Vec<f64> = arrivals.iter().map(|&(_, _, delay)| delay).collect();
        assert_eq!(placed(&values), sorted(&values));
    }

    #[test]
    fn values_no_bucket_holds_are_merged_in_order() {
        let values = [
            3.0,
            -1.0,
            0.0,
            f64::INFINITY,
            1e300,
            -0.0,
            5e-324,
            f64::MAX,
            -7.5,
            0.25,
            f64::NEG_INFINITY,
        ];
        assert_eq!(placed(&values), sorted(&values));
    }

    #[test]
    fn zeros_and_equal_values_stay_in_one_bucket_in_arrival_order() {
        assert_eq!(placed(&[0.0; 100]), [0.0; 100]);
        assert_eq!(placed(&[2.0, 1.0, 2.0, 1.0]), [1.0, 1.0, 2.0, 2.0]);
        assert_eq!(placed(&[]), Vec::<f64>::new());
    }

    #[test]
    fn a_late_arrival_goes_before_the_larger_values_of_its_tick() {
        let mut delays = vec![0.5, 1.0, 1.2];
        place_in_order(&mut delays, 1.1);
        place_in_order(&mut delays, 1.3);
        place_in_order(&mut delays, 1.0);
        assert_eq!(delays, [0.5, 1.0, 1.0, 1.1, 1.2, 1.3]);
    }

    /// Values as delays are: uniform over `[0, max]`, for ranges far apart in scale.
    fn uniform_values() -> impl Strategy<Value = Vec<f64>> {
        (-30_i32..30, 0_usize..3_000).prop_flat_map(|(scale, n)| {
            let max = 2.0_f64.powi(scale);
            prop::collection::vec(0.0..=max, n)
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn buckets_list_uniform_values_ascending_in_any_arrival_order(
            values in uniform_values().prop_shuffle(),
        ) {
            prop_assert_eq!(placed(&values), sorted(&values));
        }

        #[test]
        fn buckets_list_nearly_ascending_arrivals_ascending(
            mut values in uniform_values(),
            swaps in prop::collection::vec((any::<prop::sample::Index>(), 0_usize..64), 0..500),
        ) {
            // Ascending but for values moved a short way back, as a timer tick scrambles them.
            values.sort_by(f64::total_cmp);
            if !values.is_empty() {
                for (at, back) in swaps {
                    let at = at.index(values.len());
                    values.swap(at, at.saturating_sub(back));
                }
            }
            prop_assert_eq!(placed(&values), sorted(&values));
        }

        #[test]
        fn buckets_list_any_values_ascending(
            values in prop::collection::vec(
                prop_oneof![
                    any::<f64>().prop_filter("NaN has no order", |value| !value.is_nan()),
                    0.0..1.0_f64,
                    Just(0.0),
                ],
                0..500,
            ),
        ) {
            prop_assert_eq!(placed(&values), sorted(&values));
        }
    }
}
// endregion
