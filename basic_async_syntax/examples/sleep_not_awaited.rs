//! A typical mistake of task 0, to see on a timeline: the sleep is created but never
//! awaited, so nothing waits.
//!
//! `tokio::time::sleep(d)` returns a future, like calling a coroutine function in Python
//! returns a coroutine: it does nothing until it is awaited. This `wait_random` drops its
//! sleep at once and returns its delay without waiting (Rust warns about an unused future;
//! `let _ =` silences the warning, and the mistake with it). `0-main` runs it as it runs
//! yours:
//!
//! ```text
//! cargo run -p checker -- timeline basic_async_syntax --example sleep_not_awaited
//! ```
//!
//! draws each of its three waits as "never awaited", where the test program's own
//! (`timeline basic_async_syntax`) are three bars one after another. The lesson
//! (`basic_async_syntax`'s docs) shows both.

use std::process::ExitCode;
use std::time::Duration;

use basic_async_syntax::{DEFAULT_MAX_DELAY, program, run, seed};

/// `wait_random` with the mistake: its sleep is never awaited.
#[allow(clippy::let_underscore_future)] // Clippy names this very mistake: `cargo clippy` helps.
async fn wait_random(max_delay: u32) -> f64 {
    let delay = seed::uniform(max_delay);
    let _ = tokio::time::sleep(Duration::from_secs_f64(delay));
    delay
}

fn main() -> ExitCode {
    program::main(|| {
        for max_delay in [DEFAULT_MAX_DELAY, 5, 15] {
            println!("{:?}", run(wait_random(max_delay)));
        }
    })
}
