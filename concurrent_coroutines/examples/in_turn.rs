//! A typical mistake of task 1, to see on a timeline: each wait awaited before the next one
//! starts.
//!
//! Awaiting `wait_random` in a `for` loop runs the waits one after another: the call lasts
//! the sum of the delays, and the list comes back in the order the waits were started, not
//! ascending. This example runs that `wait_n` as `1-main` runs yours:
//!
//! ```text
//! cargo run -p checker -- timeline concurrent_coroutines --example in_turn
//! ```
//!
//! draws a staircase, where the test program's (`timeline concurrent_coroutines`) starts
//! every wait of a call together. The lesson (`concurrent_coroutines`'s docs) shows both.

use std::process::ExitCode;

use basic_async_syntax::{program, run, wait_random};

/// `wait_n` with the mistake: one wait at a time.
async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut delays = Vec::with_capacity(n);
    for _ in 0..n {
        delays.push(wait_random(max_delay).await);
    }
    delays
}

fn main() -> ExitCode {
    program::main(|| {
        println!("{:?}", run(wait_n(5, 5)));
        println!("{:?}", run(wait_n(10, 7)));
        println!("{:?}", run(wait_n(10, 0)));
    })
}
