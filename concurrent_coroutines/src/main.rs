//! The course's `1-main.py`: prints `wait_n(5, 5)`, `wait_n(10, 7)` and `wait_n(10, 0)`.

use std::process::ExitCode;

use basic_async_syntax::{program, run};
use concurrent_coroutines::wait_n;

fn main() -> ExitCode {
    program::main(|| {
        println!("{:?}", run(wait_n(5, 5)));
        println!("{:?}", run(wait_n(10, 7)));
        println!("{:?}", run(wait_n(10, 0)));
    })
}
