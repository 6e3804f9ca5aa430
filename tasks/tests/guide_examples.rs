//! The guide's examples of this crate, run on tokio's paused clock with their output recorded.
//!
//! Each example file is compiled into this test as a module, so the test calls the very
//! program that `cargo run --example` runs, with a recording `print` in place of stdout.

#[path = "../../basic_async_syntax/tests/support/transcript.rs"]
mod transcript;

#[expect(dead_code, reason = "the tests call the programs, not `main`")]
#[path = "../examples"]
mod examples {
    pub mod create_task;
    pub mod print_after;
}

use examples::{create_task, print_after};
use pretty_assertions::assert_eq;
use transcript::Transcript;

#[tokio::test(start_paused = true)]
async fn create_task_starts_both_tasks_and_they_finish_together() {
    let transcript = Transcript::start();
    create_task::async_main(transcript.printer()).await;
    let mut lines = transcript.finish();
    // tokio promises no order among sleeps that end in the same timer tick.
    lines[2..4].sort();
    assert_eq!(
        lines,
        [
            "0ns: task 1 started",
            "0ns: task 2 started",
            "2s: task 1 finish",
            "2s: task 2 finish",
            "2s: finished",
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn print_after_prints_world_before_the_task_awaited_first() {
    let transcript = Transcript::start();
    print_after::async_main(transcript.printer()).await;
    assert_eq!(
        transcript.finish(),
        ["1s: World", "2s: Hello", "2s: finished"]
    );
}
