//! The checker: grades every task of the curriculum against its contract.
//!
//! The original course grades each task with a hidden checker; this one is open. `cargo run
//! -p checker` runs every [`Check`](harness::check::Check) of every task and prints a report; its exit
//! status is the grade (0 when every check of the grade passes, 1 when one fails, 2 on a
//! usage error).
//!
//! # Two tiers
//!
//! The grade is the course's contract: a learner who writes what the course asks, in any
//! idiomatic way, passes. What this workspace's reference does beyond it (seeded replay,
//! exact order at scale, cancellation, panics re-raised as they were) is *going further*:
//! checks shown after the grade as optional challenges, counted only with `--strict`
//! ([`harness::check::Tier`]).
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
//!   child process of its own ([`run::isolation`]), which sends its verdict through a channel of
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
//! under test is `checker-harness` (`checker/harness`): this crate's checks, built with the
//! `checks` feature and without the task crates, joined with the tasks by one contract file
//! per task and a feature per later task that compiles (`task1` … `task4`).
//!
//! Every grade is of a grading workspace the checker assembles from the learner's task
//! crates and the files it carries in its binary ([`embedded`]): in place as for a path, one
//! submission as for a class (see [`grade::workspace`]).
//!
//! # Layout
//!
//! The rooms, from the top: each uses only the rooms below it, and no two files import each
//! other (`checker/tests/layout.rs` fails on a new import that does).
//!
//! - `main.rs`: the command line, thin over the rooms below.
//! - [`learn`]: what a learner drives: `checker new DIR` ([`learn::starter`]), `--watch`
//!   ([`learn::watch`]), `checker timeline` ([`learn::timeline`]).
//! - [`grade`]: one submission ([`grade::one`]), a class ([`grade::class`]), where a workspace
//!   is and how a grading workspace is assembled ([`grade::workspace`]), with the files the
//!   checker carries as a starter has them ([`grade::starter_files`]).
//! - [`report`]: one module per format over one outcome: the terminal's report, Exercism's,
//!   Gradescope's and JUnit's formats, a student's `feedback.md`, a class's table and files,
//!   and the teacher's grading policy ([`report::policy`]).
//! - [`run`]: building the code under test ([`run::build`], with [`run::hints`] for its
//!   compile errors), running each check in a child process ([`run::isolation`]) under
//!   [`run::confine`], and the outcome of a grading run that `grade` makes and `report`
//!   writes ([`run::graded`]).
//! - [`harness`]: the checks ([`harness::checks`]) and what they are ([`harness::check`]).
//! - [`timeline`]: recording a run's waits and drawing them, as text or SVG.
//! - [`embedded`]: this workspace's files, carried in the binary.

pub mod embedded;
#[cfg(feature = "cli")]
pub mod grade;
pub mod harness;
#[cfg(feature = "cli")]
pub mod learn;
#[cfg(feature = "cli")]
pub mod report;
pub mod run;
pub mod timeline;
