//! The checker: grades every task of the curriculum against its contract.
//!
//! The original course grades each task with a hidden checker; this one is open. `cargo run
//! -p checker` runs every [`Check`](check::Check) of every task and prints a report; its exit
//! status is the grade (0 when every check of the grade passes, 1 when one fails, 2 on a
//! usage error).
//!
//! # Two tiers
//!
//! The grade is the course's contract: a learner who writes what the course asks, in any
//! idiomatic way, passes. What this workspace's reference does beyond it (seeded replay,
//! exact order at scale, cancellation, panics re-raised as they were) is *going further*:
//! checks shown after the grade as optional challenges, counted only with `--strict`
//! ([`check::Tier`]).
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
//! - **Reproducible.** Every random choice of the checker derives from one seed, printed with
//!   the report; `--seed` replays a run exactly when the tasks draw through
//!   `basic_async_syntax::seed`. No check of the grade depends on that.
//!
//! # Two binaries
//!
//! The `checker` binary is built without the task crates: it builds them itself (with a time
//! limit), so a task that does not compile is a graded error, not a cargo crash before the
//! checker starts, and it fails only that task and those that import it. What runs the code
//! under test is `checker-harness`, the same crate built with the `checks` feature and one
//! feature per later task that compiles (`task1` … `task4`; `harness` is all of them): the
//! checks' code ([`checks`], `subject`), the child's side of [`isolation`], and, with every
//! task, the scale report (`bench`).
//!
//! # Layout
//!
//! - [`check`]: a check, its verdict and the runner with its time limit.
//! - [`checks`]: every check of every task, in order.
//! - [`hints`]: what a compile error most likely means, in a learner's terms.
//! - [`isolation`]: a check in a child process, its output and how it ended.
//! - [`programs`]: builds the tasks, their test programs and the harness, task by task.
//! - [`report`]: the text report and Exercism's `results.json`.
//! - [`starter`]: `checker new DIR`, a workspace to solve the tasks in.
//! - [`submission`]: `checker grade PATH`, a learner's workspace graded by this checker.
//! - [`watch`]: `--watch`, grading again on every save.
//! - `subject` (harness only): the functions under test, one contract file per task.
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
