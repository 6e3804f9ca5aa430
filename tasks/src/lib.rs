//! Task 3 of the curriculum: tasks — a random wait started in the background.
//!
//! The Python original, `3-tasks.py`:
//!
//! ```python
//! import asyncio
//!
//! wait_random = __import__('0-basic_async_syntax').wait_random
//!
//!
//! def task_wait_random(max_delay: int) -> asyncio.Task:
//!     """Starts wait_random(max_delay) as a task and returns the task."""
//!     return asyncio.create_task(wait_random(max_delay))
//! ```
//!
//! The Rust port is [`task_wait_random`]:
//! `fn task_wait_random(max_delay: u32) -> tokio::task::JoinHandle<f64>`.
//!
//! # From Python to Rust
//!
//! - **`asyncio.create_task` ↔ [`tokio::spawn`].** Both hand a coroutine to the event loop
//!   and return at once; the work runs in the background whether or not anyone awaits it. A
//!   plain future, by contrast, does nothing until it is polled: `wait_random(5)` alone starts
//!   no timer, `tokio::spawn(wait_random(5))` does.
//! - **When a task first runs depends on the runtime flavor.** asyncio runs a new task when
//!   its creator next waits, in the order the tasks were created; so does tokio's
//!   `current_thread` runtime. On the `multi_thread` runtime an idle worker thread may start
//!   the task at once, in parallel with its creator, and tasks started together race.
//! - **`asyncio.Task` ↔ [`JoinHandle`].** Awaiting either gives the result. The differences
//!   that bite: awaiting a `JoinHandle` gives a `Result`, `Err` when the task panicked or was
//!   aborted (Python re-raises the exception instead); and *dropping* a `JoinHandle` detaches
//!   the task, which tokio owns and runs to the end. Dropping the last reference to a Python
//!   task usually leaves it running too, but asyncio keeps only a weak reference to its tasks,
//!   so one that nothing else holds can be garbage-collected mid-run ("Task was destroyed but
//!   it is pending!"). To stop a task, call [`JoinHandle::abort`] (Python's `task.cancel()`):
//!   that is why task 4, `task_wait_n`, aborts the tasks it started when it is dropped.
//! - **`Send + 'static`.** On the multi-thread runtime a spawned task can move between
//!   threads and outlive the function that spawned it, so its future must own its data
//!   (`'static`) and be safe to send across threads (`Send`). `wait_random` owns only a
//!   number, so it qualifies; a future borrowing a local variable would not compile.
//! - **A runtime must be running.** `asyncio.create_task` needs a running loop
//!   (`RuntimeError: no running event loop`); [`tokio::spawn`] needs a runtime context and
//!   panics without one. `task_wait_random` is a plain function, but call it from async code
//!   (run by [`basic_async_syntax::run`] or `#[tokio::main]`) or inside
//!   [`Runtime::enter`](tokio::runtime::Runtime::enter).
//! - **Tests.** Spawned tasks share the runtime's clock, so a test on tokio's
//!   [paused clock](basic_async_syntax#testing-timed-code-tokios-paused-clock) times them
//!   exactly too, however many there are.
//!
//! # The guide's examples
//!
//! The seed guide's programs on creating tasks, each beside its Python original and tested
//! on the paused clock in `tests/guide_examples.rs`:
//!
//! - `cargo run -p tasks --example create_task`: two tasks start at once and finish together
//!   two seconds later.
//! - `cargo run -p tasks --example print_after`: the task awaited second prints first.
//!
//! # Your waits on a timeline
//!
//! A task runs in the background from the moment it is created. `examples/in_the_background.rs`
//! starts `task_wait_random(3)`, sleeps two seconds of its own, then awaits the task; drawn
//! with every wait recorded (see `basic_async_syntax`'s lesson), the task's wait (#2) started
//! with the caller's sleep (#1):
//!
//! ```text
//! $ cargo run -p checker -- timeline tasks --example in_the_background --paused --seed 1
//! your waits: in_the_background (example) (paused clock)
//! 2 waits, all 2 at once, 2 s in all
//! sleeps at tasks/examples/in_the_background.rs:26, basic_async_syntax/src/li…
//! #1  2.00 s |████████████████████████████████████████████████████████|
//! #2  0.45 s |█████████████                                           |
//!            └──────────────┴─────────────┴─────────────┴─────────────┘
//!            0 s         500 ms          1 s          1.5 s         2 s
//!            (each column 35.71 ms)
//! ```
//!
//! The typical mistake, an `async fn task_wait_random` (`examples/not_in_the_background.rs`),
//! returns a future that does nothing until awaited: its wait starts after the two seconds.
//!
//! ```text
//! $ cargo run -p checker -- timeline tasks --example not_in_the_background --paused --seed 1
//! your waits: not_in_the_background (example) (paused clock)
//! 2 waits, one at a time, 2.45 s in all
//! sleeps at tasks/examples/not_in_the_background.rs:29, basic_async_syntax/sr…
//! #1  2.00 s |██████████████████████████████████████████████          |
//! #2  0.45 s |                                             ███████████|
//!            └───────────┴──────────┴───────────┴─────────────────────┘
//!            0 s      500 ms       1 s        1.5 s              2.45 s
//!            (each column 43.68 ms)
//! ```
//!
//! # What the checker grades
//!
//! The grade (`cargo run -p checker -- --task 3`): the task is running before it is awaited,
//! awaiting it gives its delay, and `3-main` prints the handle's type. Going further
//! (optional, counted with `--strict`): a task started under a seed draws from it
//! ([`basic_async_syntax::seed::inherit`]), so a seeded run replays.
//! The grade includes what the task imports: it passes once task 0 passes too.
//!
//! # Layout
//!
//! - [`task_wait_random`]: the task.
//! - `src/main.rs`: the course's `3-main.py`, which prints the type of the handle.
//! - `examples/`: the guide's programs, listed above.

use tokio::task::JoinHandle;
// region: solution (left out of the starter: `cargo run -p checker -- new DIR`)
use basic_async_syntax::{seed, wait_random};
// endregion

/// Starts [`basic_async_syntax::wait_random`]`(max_delay)` as a background task and returns its handle.
///
/// This is a plain function, not `async`: the wait is already running when it returns, and
/// awaiting the handle later gives `Ok(delay)`. The task draws its delay from the
/// [`basic_async_syntax::seed`] in scope where `task_wait_random` is called.
///
/// # Examples
///
/// ```
/// use tasks::task_wait_random;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let handle = task_wait_random(5);
/// // The wait is under way before anyone awaits the handle.
/// let delay = handle.await.expect("wait_random does not panic");
/// assert!((0.0..=5.0).contains(&delay));
/// # }
/// ```
///
/// # Panics
///
/// When called outside a tokio runtime (tokio's own panic: "there is no reactor running").
///
/// # Cancellation
///
/// Dropping the handle does **not** stop the task; [`JoinHandle::abort`] does.
pub fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {
    tokio::spawn(seed::inherit(wait_random(max_delay)))
}
