//! Task 0 of the curriculum: the basics of async — an `async fn` that waits a random delay.
//!
//! The Python original, `0-basic_async_syntax.py`:
//!
//! ```python
//! import asyncio
//! import random
//!
//!
//! async def wait_random(max_delay: int = 10) -> float:
//!     """Waits a random delay between 0 and max_delay seconds and returns it."""
//!     delay = random.uniform(0, max_delay)
//!     await asyncio.sleep(delay)
//!     return delay
//! ```
//!
//! The Rust port is [`wait_random`]: `async fn wait_random(max_delay: u32) -> f64`.
//!
//! # From Python to Rust
//!
//! - **`async def` ↔ `async fn`.** Both declare a function whose body can pause at an `await`.
//!   Calling either one runs none of the body: Python gives a coroutine object, Rust a *future*.
//!   A Python coroutine that is never awaited triggers a warning; a Rust future that is never
//!   polled is simply dropped, and the compiler warns (`unused_must_use`) instead.
//! - **`await x` ↔ `x.await`.** Rust writes `await` as a postfix keyword so it chains:
//!   `wait_random(5).await.to_string()`.
//! - **`asyncio.sleep` ↔ [`tokio::time::sleep`].** Both pause only the current coroutine and
//!   let the event loop run others. [`std::thread::sleep`] is the counterpart of Python's
//!   `time.sleep`, and as wrong in async code: it blocks the whole worker thread, and every
//!   future on it stops too. The checker detects that.
//! - **`asyncio.run(main())` ↔ a runtime.** Rust has no built-in event loop; tokio provides one.
//!   `#[tokio::main]` builds a runtime and `block_on`s the body, exactly what `asyncio.run`
//!   does. tokio has two flavors: `current_thread` (one thread, like asyncio's loop) and
//!   `multi_thread` (a worker per core, the default of `#[tokio::main]`), where spawned tasks
//!   run in parallel and so must be `Send` (see the `tasks` crate). [`run`] is `asyncio.run` as
//!   a plain function, on the `current_thread` flavor. Rust's `fn main` itself cannot be
//!   `async`: the attribute rewrites it into a plain `main` that runs the body.
//! - **Default arguments.** Python's `max_delay: int = 10` has no Rust equivalent; the default
//!   is the constant [`DEFAULT_MAX_DELAY`], so `wait_random()` is
//!   `wait_random(DEFAULT_MAX_DELAY)`.
//! - **`random.uniform(0, max_delay)` ↔ `rng.random_range(0.0..=max)`.** Both draw a float
//!   uniformly with both ends possible. The delay is an `f64` (a Python `float`), and a
//!   `u32` bound rules out negative delays at compile time, where Python would fail at run time.
//! - **Timer resolution.** asyncio sleeps to the precision of the OS clock; tokio's timer
//!   ticks once a millisecond, so a sleep of 1.2345 s ends on the first tick at or after its
//!   deadline: 1.235 s later, or a tick past that. The delay *returned* is the exact float
//!   that was drawn.
//!   Sleeps that end within the same tick wake together, in no promised order, where asyncio
//!   keeps each timer's exact float deadline and runs them earliest deadline first: the
//!   `concurrent_coroutines` crate shows what the tick does to a list ordered by completion.
//!
//! # Testing timed code: tokio's paused clock
//!
//! A Python test of `asyncio.sleep` code either waits for real or mocks the sleep. tokio's
//! `test-util` feature offers a third way: `#[tokio::test(start_paused = true)]` runs the test
//! on a paused clock that jumps straight to the next timer whenever every task is waiting.
//! [`tokio::time::sleep`] and [`tokio::time::Instant`] follow that clock, so a 15-second
//! `wait_random` takes microseconds, and elapsed times are exact and repeatable: the tests
//! of this workspace compare [`tokio::time::Instant`]s instead of allowing for a loaded
//! machine. [`std::time::Instant`] and [`std::thread::sleep`] know nothing of it.
//!
//! ```
//! use std::time::Duration;
//! use tokio::time::{Instant, sleep};
//!
//! # #[tokio::main(flavor = "current_thread", start_paused = true)]
//! # async fn main() {
//! let start = Instant::now();
//! sleep(Duration::from_secs(60)).await;
//! assert_eq!(start.elapsed(), Duration::from_secs(60));
//! # }
//! ```
//!
//! # The guide's examples
//!
//! The seed guide's programs for this task's ideas, each beside its Python original and
//! tested on the paused clock in `tests/guide_examples.rs`:
//!
//! - `cargo run -p basic_async_syntax --example greet`: `async`/`await` (`Hello`, `World!`).
//! - `cargo run -p basic_async_syntax --example say_hello`: `asyncio.run` of a coroutine.
//! - `cargo run -p basic_async_syntax --example run_main`: a `main` coroutine run by [`run`].
//! - `cargo run -p basic_async_syntax --example random_module`: the `random` module, with the
//!   `rand` crate.
//!
//! # Reproducible randomness
//!
//! Delays come from a fresh random stream unless a seed is in scope; the [`seed`] module sets
//! one (for tests, the checker, and the `ASYNC_SEED` variable of the test programs).
//! [`seed::uniform`] is `random.uniform` drawn from that stream. The course does not ask for
//! it: a `wait_random` that draws with `rand::random_range(0.0..=f64::from(max_delay))` is as
//! correct, and passes the grade. Drawing through the seed is *going further*: it lets
//! `ASYNC_SEED` and the checker's `--seed` replay a run delay for delay.
//!
//! # Your waits on a timeline
//!
//! `cargo run -p checker -- timeline basic_async_syntax` runs `0-main` with every
//! `tokio::time::sleep` recorded, and draws them after its output: a row per wait, from its
//! first poll to its end, named by the line that created it. Here are `0-main`'s three calls
//! on the paused clock, with a fixed seed, so that the drawing is the same at every run. Each
//! `run(…)` starts when the one before has ended:
//!
//! ```text
//! $ cargo run -p checker -- timeline basic_async_syntax --paused --seed 1
//! your waits: basic_async_syntax (test program) (paused clock)
//! 3 waits, one at a time, 5.79 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1  1.48 s |███████████████                                         |
//! #2  2.88 s |              █████████████████████████████             |
//! #3  1.42 s |                                          ██████████████|
//!            └───────────────────┴──────────────────┴─────────────────┘
//!            0 s                2 s                4 s           5.79 s
//!            (each column 103.32 ms)
//! ```
//!
//! The typical mistake, a sleep created but never awaited (`examples/sleep_not_awaited.rs`),
//! waits for nothing:
//!
//! ```text
//! $ cargo run -p checker -- timeline basic_async_syntax --example sleep_not_awaited --paused --seed 1
//! your waits: sleep_not_awaited (example) (paused clock)
//! 3 waits, none of them awaited
//! sleeps at basic_async_syntax/examples/sleep_not_awaited.rs:27
//! #1   never awaited: created, then dropped without a poll
//! #2   never awaited: created, then dropped without a poll
//! #3   never awaited: created, then dropped without a poll
//! ```
//!
//! A `std::thread::sleep` is not drawn at all: only tokio's sleeps are recorded. The checker
//! draws a timeline under every timed check that fails (`--timeline` for all of them).
//!
//! # What the checker grades
//!
//! The grade (`cargo run -p checker -- --task 0`): delays within `[0, max_delay]`, a default
//! of 10, uniform floats rather than integers, the delay slept is the delay returned, the
//! thread is not blocked, and `0-main` prints three delays. Going further (optional, counted
//! with `--strict`): the delays replay under a seed, `0-main` prints the same twice under
//! one `ASYNC_SEED`, and a malformed `ASYNC_SEED` stops it.
//!
//! # Layout
//!
//! - [`wait_random`] and [`DEFAULT_MAX_DELAY`]: the task itself.
//! - [`run`]: Python's `asyncio.run`; the [`program`] module holds it and the rest that the
//!   test programs share.
//! - [`seed`]: where the delays' randomness comes from, and how to make it reproducible.
//! - `src/main.rs`: the course's `0-main.py`, printing three delays.
//! - `examples/`: the guide's programs, listed above.

// `wait_random` names `std::time::Duration` in full: a `use` of it here would be the
// solution's, left out of the starter, whose lines below would then be fewer, and the lessons'
// `lib.rs:LINE` of its sleep would be true here only.
pub mod program;
pub mod seed;

pub use program::run;

/// The default `max_delay` of [`wait_random`], in seconds: Python's `max_delay: int = 10`.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::{DEFAULT_MAX_DELAY, wait_random};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let delay = wait_random(DEFAULT_MAX_DELAY).await;
/// assert!((0.0..=10.0).contains(&delay));
/// # }
/// ```
pub const DEFAULT_MAX_DELAY: u32 = 10;

/// Waits a random delay between 0 and `max_delay` seconds, both included, and returns it.
///
/// The delay is drawn uniformly as an `f64` (Python's `random.uniform(0, max_delay)`), then
/// slept with [`tokio::time::sleep`], so other futures keep running meanwhile. `max_delay`
/// of 0 returns `0.0` at once.
///
/// The random stream is the [`seed`] in scope, if any, so a seeded run is reproducible.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::wait_random;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let start = tokio::time::Instant::now();
/// let delay = wait_random(5).await;
/// assert!((0.0..=5.0).contains(&delay));
/// // The future slept for the delay it returns (to tokio's millisecond tick).
/// assert!(start.elapsed().as_secs_f64() >= delay);
/// assert_eq!(wait_random(0).await, 0.0);
/// # }
/// ```
///
/// # Panics
///
/// When polled outside a tokio runtime (tokio's own panic: "there is no reactor running"),
/// or in one whose timer is not enabled ("A Tokio 1.x context was found, but timers are
/// disabled").
///
/// # Cancellation
///
/// Dropping the future before it completes cancels the sleep; no delay is returned.
pub async fn wait_random(max_delay: u32) -> f64 {
    let delay = seed::uniform(max_delay);
    tokio::time::sleep(std::time::Duration::from_secs_f64(delay)).await;
    delay
}
