//! Task 3 on a timeline: a task's wait runs in the background from the moment it is
//! created, while its caller waits for something else.
//!
//! The caller starts `task_wait_random(3)`, then sleeps two seconds of its own before it
//! awaits the task. With the task spawned (the course's), its wait started at once and the
//! whole takes about the longer of the two; with an `async fn task_wait_random` (the typical
//! mistake, `not_in_the_background`), nothing runs until the await, and the two waits add up:
//!
//! ```text
//! cargo run -p checker -- timeline tasks --example in_the_background
//! cargo run -p checker -- timeline tasks --example not_in_the_background
//! ```
//!
//! The lesson (`tasks`'s docs) shows both timelines.

use std::process::ExitCode;
use std::time::Duration;

use basic_async_syntax::{program, run};
use tasks::task_wait_random;

fn main() -> ExitCode {
    program::main(|| {
        let delay = run(async {
            let task = task_wait_random(3);
            tokio::time::sleep(Duration::from_secs(2)).await;
            task.await.expect("wait_random does not panic")
        });
        println!("{delay:?}");
    })
}
