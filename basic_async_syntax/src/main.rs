//! The course's `0-main.py`: three calls of `wait_random`, each in its own event loop.

use std::process::ExitCode;

use basic_async_syntax::{DEFAULT_MAX_DELAY, program, run, wait_random};

fn main() -> ExitCode {
    program::main(|| {
        for max_delay in [DEFAULT_MAX_DELAY, 5, 15] {
            println!("{:?}", run(wait_random(max_delay)));
        }
    })
}
