//! Task 2 of the curriculum: measure the runtime of [`wait_n`].
//!
//! The Python original, `2-measure_runtime.py`:
//!
//! ```python
//! import asyncio
//! import time
//!
//! wait_n = __import__('1-concurrent_coroutines').wait_n
//!
//!
//! def measure_time(n: int, max_delay: int) -> float:
//!     """Measures the total time of wait_n(n, max_delay) and returns total_time / n."""
//!     start = time.perf_counter()
//!     asyncio.run(wait_n(n, max_delay))
//!     return (time.perf_counter() - start) / n
//! ```
//!
//! The Rust port is [`measure_time`]: `fn measure_time(n: usize, max_delay: u32) -> f64`.
//!
//! # What the number tells
//!
//! The `n` waits overlap, so the total is about the *largest* delay, not the sum: with
//! `n = 5, max_delay = 9` the course prints about 1.76 (≈ 8.8 s / 5). What is left over,
//! total − largest delay, is the cost of running `n` waits concurrently; the `checker bench`
//! report tracks it per delay.
//!
//! # From Python to Rust
//!
//! - **A plain function that runs async code.** `asyncio.run` inside a plain `def` becomes
//!   [`basic_async_syntax::run`] inside a plain `fn`: a tokio runtime built, `block_on`ed
//!   and dropped, as `#[tokio::main]` does for a whole program. The runtime is the
//!   `current_thread` flavor: `wait_n` runs all its futures in one task, so worker threads
//!   would add start-up cost and nothing else.
//! - **`time.perf_counter()` ↔ [`tokio::time::Instant`].** Both are monotonic clocks for
//!   measuring intervals; neither is the time of day. tokio's is [`std::time::Instant`]
//!   unless the runtime's clock is
//!   [paused](basic_async_syntax#testing-timed-code-tokios-paused-clock), and then it reads
//!   the paused clock.
//! - **Blocking from async code.** Calling `asyncio.run` from a running event loop raises
//!   `RuntimeError`; tokio likewise forbids blocking a thread that drives tasks. Call
//!   `measure_time` from plain code, or from [`tokio::task::spawn_blocking`] when inside a
//!   runtime. It checks this itself and panics with a message that says so.
//! - **`n = 0`.** Python raises `ZeroDivisionError`; here it is a named panic, never `NaN`.
//!
//! # Your waits on a timeline
//!
//! `cargo run -p checker -- timeline measure_runtime` runs `2-main` with every wait recorded
//! (see `basic_async_syntax`'s lesson). `measure_time(5, 9)` times one call of `wait_n`,
//! whose five waits overlap, so the time it measures is the largest delay:
//!
//! ```text
//! $ cargo run -p checker -- timeline measure_runtime --paused --seed 1
//! your waits: measure_runtime (test program) (paused clock)
//! 5 waits, all 5 at once, 7.92 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1  1.34 s |██████████                                              |
//! #2  5.19 s |█████████████████████████████████████                   |
//! #3  0.85 s |███████                                                 |
//! #4  7.15 s |███████████████████████████████████████████████████     |
//! #5  7.92 s |████████████████████████████████████████████████████████|
//!            └──────────────┴─────────────┴─────────────┴─────────────┘
//!            0 s           2 s           4 s           6 s       7.92 s
//!            (each column 141.38 ms)
//! ```
//!
//! The typical mistake measures waits that run in turn (`examples/measure_in_turn.rs`): the
//! time it measures is their sum, and the time per wait their average.
//!
//! ```text
//! $ cargo run -p checker -- timeline measure_runtime --example measure_in_turn --paused --seed 1
//! your waits: measure_in_turn (example) (paused clock)
//! 5 waits, one at a time, 22.44 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1  1.34 s |████                                                    |
//! #2  5.19 s |   ██████████████                                       |
//! #3  0.85 s |                ███                                     |
//! #4  7.15 s |                  ███████████████████                   |
//! #5  7.92 s |                                    ████████████████████|
//!            └────────────┴───────────┴────────────┴──────────────────┘
//!            0 s         5 s        10 s         15 s           22.44 s
//!            (each column 400.71 ms)
//! ```
//!
//! # What the checker grades
//!
//! The grade (`cargo run -p checker -- --task 2`): the call timed from outside, on the real
//! clock, is about its largest delay, and the result is that time divided by `n`; and
//! `2-main` prints about the largest of five delays / 5. A `measure_time` with a runtime of
//! its own (`tokio::runtime::Runtime::new()`, timed with [`std::time::Instant`]) passes as
//! this one does. Going further (optional, counted with `--strict`): `n = 0` and a call from
//! inside an async task are refused with a panic that names `measure_time`.
//! The grade includes what the task imports: it passes once tasks 0 and 1 pass too.
//!
//! # Layout
//!
//! - [`measure_time`]: the task.
//! - `src/main.rs`: the course's `2-main.py`.
//!
//! [`wait_n`]: concurrent_coroutines::wait_n

// region: solution (left out of the starter: `cargo run -p checker -- new DIR`)
use std::panic::{self, AssertUnwindSafe};
use std::task::{Context, Poll, Waker};

use basic_async_syntax::run;
use concurrent_coroutines::wait_n;
use tokio::time::Instant;
// endregion

/// Measures the wall-clock time that [`concurrent_coroutines::wait_n`]`(n, max_delay)` takes
/// and returns it divided by `n`, in seconds.
///
/// It runs `wait_n` on a runtime of its own ([`basic_async_syntax::run`], Python's
/// `asyncio.run`), so it is a plain function, not `async`. The clock starts when `wait_n`
/// starts, so building the runtime is not counted. [`tokio::time::Instant`] reads the real
/// clock, except under `ASYNC_CLOCK=paused` (see [`basic_async_syntax::program`]), where it
/// measures the virtual time of the paused clock instead.
///
/// # Examples
///
/// ```
/// use measure_runtime::measure_time;
///
/// // Five waits of 0 s each: what is left is the small cost of running them.
/// let per_delay = measure_time(5, 0);
/// // Real time: even a loaded machine adds well under a tenth of a second per wait.
/// assert!((0.0..0.1).contains(&per_delay));
/// ```
///
/// # Panics
///
/// - When `n` is 0: there is nothing to average over.
/// - When called from inside an async task, where blocking the thread would stall every other
///   task on it. Call it from [`tokio::task::spawn_blocking`] instead.
pub fn measure_time(n: usize, max_delay: u32) -> f64 {
    assert!(
        n > 0,
        "measure_time(n = 0, max_delay = {max_delay}): n must be at least 1, \
         because the total time is divided by n"
    );
    assert!(!inside_async_task(), "{INSIDE_A_TASK}");
    let timed = || {
        run(async {
            let start = Instant::now();
            wait_n(n, max_delay).await;
            start.elapsed().as_secs_f64()
        })
    };
    // The probe cannot see a task that runs `unconstrained` (it has no budget to spend);
    // there tokio itself refuses to block, and its refusal is translated here.
    let total = panic::catch_unwind(AssertUnwindSafe(timed)).unwrap_or_else(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        if message.is_some_and(|text| text.starts_with("Cannot start a runtime")) {
            panic!("{INSIDE_A_TASK}");
        }
        panic::resume_unwind(payload)
    });
    total / n as f64
}

// region: solution (left out of the starter: `cargo run -p checker -- new DIR`)
/// Why `measure_time` refuses to run inside an async task.
const INSIDE_A_TASK: &str = "measure_time was called from inside an async task: it blocks \
    its thread to run wait_n on a runtime of its own, which tokio forbids on a thread that \
    drives tasks. Call it from plain code, or wrap it in tokio::task::spawn_blocking";

/// Whether the caller is being polled as part of a tokio task.
///
/// tokio has no public "am I inside a task?" query, and a runtime handle is also present on
/// `spawn_blocking` threads, where blocking is fine. What does tell them apart is the
/// cooperative budget: a task is polled with a finite budget (128 operations), while blocking
/// threads and plain threads have none. So this takes units of budget until tokio refuses
/// one, holding each grant, then gives all of them back (each grant restores the budget it
/// found when dropped, so they are dropped newest first).
fn inside_async_task() -> bool {
    /// More than any task budget tokio hands out.
    const PROBE_LIMIT: usize = 1024;
    let mut context = Context::from_waker(Waker::noop());
    let mut grants = Vec::new();
    let mut refused = false;
    while grants.len() < PROBE_LIMIT {
        match tokio::task::coop::poll_proceed(&mut context) {
            Poll::Ready(grant) => grants.push(grant),
            Poll::Pending => {
                refused = true;
                break;
            }
        }
    }
    while grants.pop().is_some() {}
    refused
}
// endregion
