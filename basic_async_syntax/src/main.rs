//! The course's `0-main.py`: three calls of `wait_random`, each in its own event loop.

use std::process::ExitCode;

use basic_async_syntax::{DEFAULT_MAX_DELAY, run, seed, wait_random};

fn main() -> ExitCode {
    seed::run_program(|| {
        for max_delay in [DEFAULT_MAX_DELAY, 5, 15] {
            println!("{:?}", run(wait_random(max_delay)));
        }
    })
}
