//! A typical mistake of task 4, to see on a timeline: each task awaited as soon as it is
//! spawned.
//!
//! Spawning makes each wait a task, but awaiting its handle before spawning the next one
//! runs the waits one after another, exactly as awaiting `wait_random` in a loop does. This
//! `task_wait_n` runs as `4-main` runs yours:
//!
//! ```text
//! cargo run -p checker -- timeline task_wait_n --example awaits_each_task
//! ```
//!
//! The lesson (`task_wait_n`'s docs) shows its timeline beside the test program's.

use std::process::ExitCode;

use basic_async_syntax::{program, run};
use tasks::task_wait_random;

/// `task_wait_n` with the mistake: each task awaited before the next is spawned.
async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut delays = Vec::with_capacity(n);
    for _ in 0..n {
        delays.push(
            task_wait_random(max_delay)
                .await
                .expect("wait_random does not panic"),
        );
    }
    delays
}

fn main() -> ExitCode {
    program::main(|| println!("{:?}", run(task_wait_n(5, 6))))
}
