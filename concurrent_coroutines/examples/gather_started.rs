//! The guide's second `gather` program: both coroutines start, and the shorter one ends first.
//!
//! ```python
//! import asyncio
//!
//! async def task1():
//!     print("Task 1 started")
//!     await asyncio.sleep(2)
//!     print("Task 1 completed")
//!
//! async def task2():
//!     print("Task 2 started")
//!     await asyncio.sleep(1)
//!     print("Task 2 completed")
//!
//! # Running both coroutines concurrently
//! async def main():
//!     await asyncio.gather(task1(), task2())
//!
//! asyncio.run(main())
//! ```
//!
//! Run it with `cargo run -p concurrent_coroutines --example gather_started`: `Task 1
//! started` and `Task 2 started` at once, `Task 2 completed` after one second, `Task 1
//! completed` after two.
//!
//! What differs in Rust:
//!
//! - Who starts first. `gather` schedules its coroutines in argument order, and the loop
//!   runs them in that order. [`tokio::join!`] instead rotates, for fairness, which future
//!   it polls first each time it is polled; `biased;` makes it poll them in the order they
//!   are written, every time, so `Task 1 started` is printed first by promise, not by luck.
//! - Who ends first is decided by the sleeps, in both languages: the one-second sleep ends
//!   first. Sleeps that end within the same millisecond would be another matter: tokio's
//!   timer wakes them in the same tick, in no promised order (see
//!   [`concurrent_coroutines`]).
//! - `print` is passed in so that the test can time the lines on tokio's paused clock (see
//!   `basic_async_syntax`'s `say_hello` example).

use std::time::Duration;

use tokio::time::sleep;

/// Announces itself, sleeps two seconds, reports.
pub async fn task1(print: impl Fn(&str)) {
    print("Task 1 started");
    sleep(Duration::from_secs(2)).await;
    print("Task 1 completed");
}

/// Announces itself, sleeps one second, reports.
pub async fn task2(print: impl Fn(&str)) {
    print("Task 2 started");
    sleep(Duration::from_secs(1)).await;
    print("Task 2 completed");
}

/// Python's `main`: runs both concurrently, starting them in the order written.
pub async fn async_main(print: impl Fn(&str)) {
    tokio::join!(biased; task1(&print), task2(&print));
}

#[tokio::main]
async fn main() {
    async_main(|line| println!("{line}")).await;
}
