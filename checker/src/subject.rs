//! What the checks grade: the tasks' functions and test programs, passed in as values.
//!
//! The checks never name `wait_random` or `wait_n` directly; they call the function pointers
//! of a [`Subject`]. [`Subject::workspace`] holds the workspace's own tasks, which is what
//! `cargo run -p checker` grades; the checker's tests build subjects with deliberately broken
//! functions to prove that each check catches what it claims to.
//!
//! # The contract, one file per task
//!
//! Each task's functions reach the checks through a file of their own, `subject/taskN.rs`,
//! which calls them with the course's signature. The harness is built with a feature per
//! task that compiles (`task1` … `task4`; task 0 is always in), so:
//!
//! - a task that does not compile leaves its feature out, and its field here is a stand-in
//!   that panics, naming the task: no check of the grade calls it (the checker does not run
//!   the checks of a task that did not build, and a task's grade calls only what it imports),
//!   and the one going-further check that compares two tasks (`task_wait_n draws what wait_n
//!   draws`) fails saying that the other did not build;
//! - a task whose function compiles but has another signature fails to compile in *its* file
//!   only, which tells the checker which task broke the contract.
//!
//! Futures are not required to be `Send`: tasks 0 to 2 run their futures in the caller's task,
//! and a `wait_random` that holds a `ThreadRng` across its `.await` is still a correct task 0.
//! Only task 3 spawns it, and fails to compile there, in the learner's own crate.

use std::collections::HashMap;
use std::path::PathBuf;
use std::pin::Pin;

use tokio::task::JoinHandle;

mod task0;
#[cfg(feature = "task1")]
mod task1;
#[cfg(feature = "task2")]
mod task2;
#[cfg(feature = "task3")]
mod task3;
#[cfg(feature = "task4")]
mod task4;

/// A boxed future, so that any implementation of an async function fits one field type.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// The tasks under test: one function per public item of the curriculum's contract.
#[derive(Clone)]
pub struct Subject {
    /// Task 0's default `max_delay`.
    pub default_max_delay: u32,
    /// Task 0: `wait_random(max_delay)`.
    pub wait_random: fn(u32) -> BoxFuture<f64>,
    /// Task 1: `wait_n(n, max_delay)`.
    pub wait_n: fn(usize, u32) -> BoxFuture<Vec<f64>>,
    /// The source of `wait_n`'s crate, read to check that it does not sort its result.
    pub wait_n_source: &'static str,
    /// Task 2: `measure_time(n, max_delay)`.
    pub measure_time: fn(usize, u32) -> f64,
    /// Task 3: `task_wait_random(max_delay)`.
    pub task_wait_random: fn(u32) -> JoinHandle<f64>,
    /// Task 4: `task_wait_n(n, max_delay)`.
    pub task_wait_n: fn(usize, u32) -> BoxFuture<Vec<f64>>,
    /// The source of `task_wait_n`'s crate, read to check that it does not sort its result.
    pub task_wait_n_source: &'static str,
    /// Where each task's test program is: its crate name → the built binary.
    pub programs: Programs,
}

/// The test programs' binaries by crate name, or why they could not be built.
pub type Programs = Result<HashMap<String, PathBuf>, String>;

impl Subject {
    /// The workspace's own tasks (those this harness was built with), with their test
    /// programs as [`crate::programs::build`] built them.
    pub fn workspace(programs: Programs) -> Self {
        Self {
            default_max_delay: task0::DEFAULT_MAX_DELAY,
            wait_random: task0::wait_random,
            #[cfg(feature = "task1")]
            wait_n: task1::wait_n,
            #[cfg(not(feature = "task1"))]
            wait_n: |_, _| not_built(1),
            #[cfg(feature = "task1")]
            wait_n_source: task1::SOURCE,
            #[cfg(not(feature = "task1"))]
            wait_n_source: "",
            #[cfg(feature = "task2")]
            measure_time: task2::measure_time,
            #[cfg(not(feature = "task2"))]
            measure_time: |_, _| not_built(2),
            #[cfg(feature = "task3")]
            task_wait_random: task3::task_wait_random,
            #[cfg(not(feature = "task3"))]
            task_wait_random: |_| not_built(3),
            #[cfg(feature = "task4")]
            task_wait_n: task4::task_wait_n,
            #[cfg(not(feature = "task4"))]
            task_wait_n: |_, _| not_built(4),
            #[cfg(feature = "task4")]
            task_wait_n_source: task4::SOURCE,
            #[cfg(not(feature = "task4"))]
            task_wait_n_source: "",
            programs,
        }
    }
}

/// The stand-in for a function of a task that did not build.
///
/// # Panics
///
/// Always, naming the task: a check that reaches it fails saying so.
#[cfg(not(all(
    feature = "task1",
    feature = "task2",
    feature = "task3",
    feature = "task4"
)))]
fn not_built(task: u8) -> ! {
    panic!("task {task} did not build, so this check cannot call it")
}
