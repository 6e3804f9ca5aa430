//! The course's `2-main.py`: prints `measure_time(5, 9)`.

use std::process::ExitCode;

use basic_async_syntax::program;
use measure_runtime::measure_time;

fn main() -> ExitCode {
    program::main(|| println!("{:?}", measure_time(5, 9)))
}
