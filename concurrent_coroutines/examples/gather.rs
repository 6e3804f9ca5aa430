//! The guide's section 3, concurrent coroutines: two sleepers of 1 s and 2 s, run together.
//!
//! ```python
//! import asyncio
//!
//! async def task1():
//!     await asyncio.sleep(1)
//!     print("Task 1 complete")
//!
//! async def task2():
//!     await asyncio.sleep(2)
//!     print("Task 2 complete")
//!
//! async def main():
//!     """Run both task concurrent"""
//!     await asyncio.gather(task1(), task2())
//!
//! asyncio.run(main())
//! ```
//!
//! Run it with `cargo run -p concurrent_coroutines --example gather`: `Task 1 complete` after
//! one second, `Task 2 complete` after two, and the program ends after two seconds in all,
//! not three: the sleeps overlap.
//!
//! What differs in Rust:
//!
//! - `asyncio.gather` wraps each coroutine in a task; [`tokio::join!`] spawns nothing and
//!   polls both futures from the task that awaits it, as [`concurrent_coroutines::wait_n`]
//!   does for `n` of them. So the two may borrow `print` (`&print`), where spawned tasks
//!   would have to own their data.
//! - `gather` returns a list; `join!` returns a tuple, one element a future, of any types.
//! - `main` is Python's `main`, renamed `async_main` because Rust's `main` is the plain entry
//!   point, and it prints through `print` so that the test can time its lines on tokio's
//!   paused clock (see `basic_async_syntax`'s `say_hello` example).

use std::time::Duration;

use tokio::time::sleep;

/// Sleeps one second, then reports.
pub async fn task1(print: impl Fn(&str)) {
    sleep(Duration::from_secs(1)).await;
    print("Task 1 complete");
}

/// Sleeps two seconds, then reports.
pub async fn task2(print: impl Fn(&str)) {
    sleep(Duration::from_secs(2)).await;
    print("Task 2 complete");
}

/// Python's `main`: runs both sleepers concurrently and returns when both are done.
pub async fn async_main(print: impl Fn(&str)) {
    tokio::join!(task1(&print), task2(&print));
}

#[tokio::main]
async fn main() {
    async_main(|line| println!("{line}")).await;
}
