//! The guide's section 4, creating tasks: two tasks started at once, awaited afterwards.
//!
//! ```python
//! import asyncio
//!
//! async def my_task(n):
//!     print(f"task {n} started")
//!     await asyncio.sleep(2)
//!     print(f"task {n} finish")
//!
//! async def main():
//!     task1 = asyncio.create_task(my_task(1))
//!     task2 = asyncio.create_task(my_task(2))
//!     # The tasks are running concurrently
//!     await task1
//!     await task2
//!
//! asyncio.run(main())
//! ```
//!
//! Run it with `cargo run -p tasks --example create_task`: `task 1 started` and `task 2
//! started` at once, then both `finish` lines together two seconds later (not four).
//!
//! What differs in Rust:
//!
//! - `asyncio.create_task` is [`tokio::spawn`]: the task runs whether or not it is awaited,
//!   and awaiting the handle only collects its result, a `Result` that is `Err` if the task
//!   panicked.
//! - A spawned task may outlive `async_main` and, on the multi-thread runtime, run on another
//!   thread, so its future must be `Send + 'static`: each task owns a clone of `print`
//!   instead of borrowing it, where a Python closure would simply share it.
//! - The runtime is `current_thread`, like asyncio's single event loop: the tasks start when
//!   `async_main` first waits, in the order they were spawned. On the default multi-thread
//!   runtime idle worker threads pick each task up at once, even before `spawn` returns, so
//!   the two `started` lines race.
//! - The two sleeps end in the same millisecond tick of tokio's timer. Python's loop runs
//!   timers earliest deadline first, and task 1 set its 2 s deadline a moment before task 2,
//!   so it always prints task 1 first;
//!   tokio promises no order within a tick (it wakes them in the order set today, and on the
//!   multi-thread runtime the two tasks may finish on two threads at once). The test
//!   therefore asserts *when* the `finish` lines come, not which comes first.
//! - `print` is passed in so that the test can time the lines on tokio's paused clock (see
//!   `basic_async_syntax`'s `say_hello` example).

use std::time::Duration;

use tokio::time::sleep;

/// Announces task `n`, sleeps two seconds, reports it finished.
pub async fn my_task(n: u32, print: impl Fn(&str)) {
    print(&format!("task {n} started"));
    sleep(Duration::from_secs(2)).await;
    print(&format!("task {n} finish"));
}

/// Python's `main`: starts both tasks, then waits for each.
pub async fn async_main(print: impl Fn(&str) + Clone + Send + 'static) {
    let task1 = tokio::spawn(my_task(1, print.clone()));
    let task2 = tokio::spawn(my_task(2, print));
    // Both run already: awaiting task 1 first delays nothing of task 2.
    task1.await.expect("my_task does not panic");
    task2.await.expect("my_task does not panic");
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    async_main(|line| println!("{line}")).await;
}
