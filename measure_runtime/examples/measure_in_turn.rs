//! A typical mistake of task 2, to see on a timeline: measuring waits that run in turn.
//!
//! `measure_time` measures whatever `wait_n` does. Over waits awaited one after another it
//! measures their sum, so the time per wait is the average delay, where the course's is
//! about the largest delay divided by n. This example measures such waits as `2-main`
//! measures yours:
//!
//! ```text
//! cargo run -p checker -- timeline measure_runtime --example measure_in_turn
//! ```
//!
//! The lesson (`measure_runtime`'s docs) shows its timeline beside the test program's.

use std::process::ExitCode;

use basic_async_syntax::{program, run, wait_random};
use tokio::time::Instant;

/// `measure_time` over waits that run one after another.
fn measure_time(n: usize, max_delay: u32) -> f64 {
    run(async {
        let start = Instant::now();
        for _ in 0..n {
            wait_random(max_delay).await;
        }
        start.elapsed().as_secs_f64() / n as f64
    })
}

fn main() -> ExitCode {
    program::main(|| println!("{:?}", measure_time(5, 9)))
}
