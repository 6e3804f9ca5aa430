//! A typical mistake of task 3, to see on a timeline: a "task" that does not run until it
//! is awaited.
//!
//! An `async fn task_wait_random` returns a future, not a task: like a coroutine in Python,
//! it does nothing until awaited. The caller below starts it, sleeps two seconds of its own,
//! then awaits it, as `in_the_background` does with the course's task:
//!
//! ```text
//! cargo run -p checker -- timeline tasks --example not_in_the_background
//! ```
//!
//! draws the random wait starting only after the two seconds. The lesson (`tasks`'s docs)
//! shows both timelines.

use std::process::ExitCode;
use std::time::Duration;

use basic_async_syntax::{program, run, wait_random};

/// `task_wait_random` with the mistake: a future, not a spawned task.
async fn task_wait_random(max_delay: u32) -> f64 {
    wait_random(max_delay).await
}

fn main() -> ExitCode {
    program::main(|| {
        let delay = run(async {
            let task = task_wait_random(3);
            tokio::time::sleep(Duration::from_secs(2)).await;
            task.await
        });
        println!("{delay:?}");
    })
}
