//! A typical mistake of task 4 that a timeline shows to be no concurrency mistake: the tasks
//! awaited in the order they were spawned.
//!
//! Every task is spawned first, so every wait runs at once, as the course expects; but
//! awaiting the handles in spawn order lists the delays in creation order, not as they
//! finish, so the list is not ascending. This `task_wait_n` runs as `4-main` runs yours:
//!
//! ```text
//! cargo run -p checker -- timeline task_wait_n --example in_creation_order
//! ```
//!
//! draws the course's timeline above a list out of order. The lesson (`task_wait_n`'s docs)
//! shows it.

use std::process::ExitCode;

use basic_async_syntax::{program, run};
use tasks::task_wait_random;

/// `task_wait_n` with the mistake: the handles awaited in spawn order.
async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let handles: Vec<_> = (0..n).map(|_| task_wait_random(max_delay)).collect();
    let mut delays = Vec::with_capacity(n);
    for handle in handles {
        delays.push(handle.await.expect("wait_random does not panic"));
    }
    delays
}

fn main() -> ExitCode {
    program::main(|| println!("{:?}", run(task_wait_n(5, 6))))
}
