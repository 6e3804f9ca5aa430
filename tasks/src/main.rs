//! The course's `3-main.py`: starts `task_wait_random(5)`, awaits it, prints the task's type.
//!
//! Python prints `<class '_asyncio.Task'>`; Rust has no runtime classes, so this prints the
//! handle's type name as the compiler knows it.

use std::any::type_name_of_val;
use std::process::ExitCode;

use basic_async_syntax::{program, run};
use tasks::task_wait_random;

fn main() -> ExitCode {
    program::main(|| {
        let handle_type = run(async {
            let task = task_wait_random(5);
            let handle_type = type_name_of_val(&task);
            task.await.expect("wait_random does not panic");
            handle_type
        });
        println!("{handle_type}");
    })
}
