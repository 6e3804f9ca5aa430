//! The course's `4-main.py`: prints `task_wait_n(5, 6)`.

use std::process::ExitCode;

use basic_async_syntax::{program, run};
use task_wait_n::task_wait_n;

fn main() -> ExitCode {
    program::main(|| println!("{:?}", run(task_wait_n(5, 6))))
}
