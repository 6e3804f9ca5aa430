//! The guide's `print_after` program: two tasks, awaited in the opposite order they finish.
//!
//! ```python
//! import asyncio
//!
//! async def print_after(delay, message):
//!     await asyncio.sleep(delay)
//!     print(message)
//!
//! async def main():
//!     task1 = asyncio.create_task(print_after(2, "Hello"))
//!     task2 = asyncio.create_task(print_after(1, "World"))
//!
//!     # Wait until both tasks are completed
//!     await task1
//!     await task2
//!
//! asyncio.run(main())
//! ```
//!
//! Run it with `cargo run -p tasks --example print_after`: `World` after one second,
//! `Hello` after two, and the program ends after two seconds in all.
//!
//! What differs in Rust:
//!
//! - `asyncio.create_task` is [`tokio::spawn`], and as in Python the tasks run on their own:
//!   `main` awaits `task1` first, yet `World` (task 2) is printed a second before, because
//!   task 2 never waited for anyone to await it.
//! - `message` is a `&'static str`: a spawned task must own what it uses or borrow only what
//!   lives forever, as a string literal does. A message built at run time would be a `String`
//!   moved into the task.
//! - The delay is a [`Duration`], where Python passes a number of seconds.
//! - `print` is passed in so that the test can time the lines on tokio's paused clock (see
//!   `basic_async_syntax`'s `say_hello` example).

use std::time::Duration;

use tokio::time::sleep;

/// Waits `delay`, then prints `message`.
pub async fn print_after(delay: Duration, message: &'static str, print: impl Fn(&str)) {
    sleep(delay).await;
    print(message);
}

/// Python's `main`: starts both tasks, then waits for each.
pub async fn async_main(print: impl Fn(&str) + Clone + Send + 'static) {
    let task1 = tokio::spawn(print_after(Duration::from_secs(2), "Hello", print.clone()));
    let task2 = tokio::spawn(print_after(Duration::from_secs(1), "World", print));
    task1.await.expect("print_after does not panic");
    task2.await.expect("print_after does not panic");
}

#[tokio::main]
async fn main() {
    async_main(|line| println!("{line}")).await;
}
