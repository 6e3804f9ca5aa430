//! A typical mistake of task 1, to see on a timeline: a limit on how many waits run at once.
//!
//! `buffer_unordered(k)` (or a semaphore, or chunks of k) is how a web scraper spares the
//! servers it calls; here it holds waits back. A wait that starts late ends late, so the call
//! takes longer than its largest delay and a short wait started late is listed after a
//! longer one that started early. This `wait_n` runs at most two at a time:
//!
//! ```text
//! cargo run -p checker -- timeline concurrent_coroutines --example at_most_two
//! ```
//!
//! The lesson (`concurrent_coroutines`'s docs) shows its timeline beside the test program's.

use std::process::ExitCode;

use basic_async_syntax::{program, run, wait_random};
use futures_util::{StreamExt, stream};

/// `wait_n` with the mistake: two waits at a time.
async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    stream::iter((0..n).map(|_| wait_random(max_delay)))
        .buffer_unordered(2)
        .collect()
        .await
}

fn main() -> ExitCode {
    program::main(|| {
        println!("{:?}", run(wait_n(5, 5)));
        println!("{:?}", run(wait_n(10, 7)));
        println!("{:?}", run(wait_n(10, 0)));
    })
}
