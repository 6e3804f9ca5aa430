//! The guide's examples of this crate, run on tokio's paused clock with their output recorded.
//!
//! Each example file is compiled into this test as a module, so the test calls the very
//! program that `cargo run --example` runs, with a recording `print` in place of stdout.

#[path = "../../basic_async_syntax/tests/support/transcript.rs"]
mod transcript;

#[expect(dead_code, reason = "the tests call the programs, not `main`")]
#[path = "../examples"]
mod examples {
    pub mod gather;
    pub mod gather_started;
}

use examples::{gather, gather_started};
use pretty_assertions::assert_eq;
use transcript::Transcript;

#[tokio::test(start_paused = true)]
async fn gather_overlaps_the_sleeps_and_lists_them_as_they_end() {
    let transcript = Transcript::start();
    gather::async_main(transcript.printer()).await;
    assert_eq!(
        transcript.finish(),
        ["1s: Task 1 complete", "2s: Task 2 complete", "2s: finished"]
    );
}

#[tokio::test(start_paused = true)]
async fn gather_started_starts_both_and_ends_the_shorter_first() {
    let transcript = Transcript::start();
    gather_started::async_main(transcript.printer()).await;
    assert_eq!(
        transcript.finish(),
        [
            "0ns: Task 1 started",
            "0ns: Task 2 started",
            "1s: Task 2 completed",
            "2s: Task 1 completed",
            "2s: finished",
        ]
    );
}
