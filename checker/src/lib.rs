//! The checker: grades every task of the curriculum against its contract.
//!
//! The original course grades each task with a hidden checker; this one is open. `cargo run
//! -p checker` runs every [`Check`] of every task and prints a report; its exit
//! status is the grade (0 when every check passes, 1 when one fails, 2 on a usage error).
//!
//! # How a check grades
//!
//! Checks are behavioural: they call each task through its public API and run its test
//! program, so they grade whatever implementation the workspace holds. They reach the tasks
//! only through a `Subject`, a bundle of function pointers, so the
//! checker's own tests hand them deliberately broken implementations and assert that the
//! right check fails.
//!
//! - **Virtual time.** Most checks run on tokio's paused clock: a runtime whose clock jumps to
//!   the next timer whenever every task waits. A `wait_random(15)` takes microseconds, and
//!   the time it *would* take is still measured exactly, in `tokio::time::Instant`s.
//! - **Real time where it matters.** `measure_time` reads the wall clock, so its check uses
//!   delays of at most a second; `does_not_block` compares the real time a paused-clock wait
//!   takes with its delay, which is how a `std::thread::sleep` shows itself. The test
//!   programs run with `ASYNC_CLOCK=paused` (see `basic_async_syntax::program`); `--real-time`
//!   adds their full real-clock run.
//! - **Isolated.** The `checker` binary never runs the code under test: each check runs in a
//!   child process of its own ([`isolation`]), which sends its verdict through a channel of
//!   its own. What the code prints is captured and shown, never read as a grade; an exit, an
//!   abort or a stack overflow fails that one check and the others still run; a hang is
//!   killed at the check's wall-clock limit.
//! - **Reproducible.** Every random choice derives from one seed, printed with the report;
//!   `--seed` replays a run.
//!
//! # Two binaries
//!
//! The `checker` binary is built without the task crates: it builds them itself (with a time
//! limit), so a task that does not compile is a graded error, not a cargo crash before the
//! checker starts. What runs the code under test is `checker-harness`, the same crate built
//! with the `harness` feature: the checks' code ([`checks`], `subject`), the child's side of
//! [`isolation`], and the scale report (`bench`).
//!
//! # Layout
//!
//! - [`check`]: a check, its verdict and the runner with its time limit.
//! - [`checks`]: every check of every task, in order.
//! - [`isolation`]: a check in a child process, its output and how it ended.
//! - [`programs`]: builds the harness and the test programs.
//! - [`report`]: the text report and Exercism's `results.json`.
//! - [`starter`]: `checker new DIR`, a workspace to solve the tasks in.
//! - [`submission`]: `checker grade PATH`, a learner's workspace graded by this checker.
//! - [`watch`]: `--watch`, grading again on every save.
//! - `subject` (harness only): the functions under test.
//! - `bench` (harness only): `checker bench`, the scale report.

#[cfg(feature = "harness")]
pub mod bench;
pub mod check;
pub mod checks;
pub mod hints;
pub mod isolation;
pub mod programs;
pub mod report;
pub mod starter;
#[cfg(feature = "checks")]
pub mod subject;
pub mod submission;
pub mod watch;
