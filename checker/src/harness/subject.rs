//! What the checks grade: the tasks' functions and test programs, passed in as values.
//!
//! The checks never name `wait_random` or `wait_n` directly; they call the function pointers
//! of a [`Subject`]. The harness (`checker/harness`) fills one with the workspace's own tasks,
//! one contract file per task, so that the checks build once, without the task crates; the
//! checker's tests build subjects with deliberately broken functions to prove that each check
//! catches what it claims to.

use std::collections::HashMap;
use std::path::PathBuf;
use std::pin::Pin;

use tokio::task::JoinHandle;

/// A boxed future, so that any implementation of an async function fits one field type.
pub type BoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

/// The tasks under test: one function per public item of the curriculum's contract.
#[derive(Clone)]
pub struct Subject {
    /// Task 0's default `max_delay`.
    pub default_max_delay: u32,
    /// Task 0: `wait_random(max_delay)`.
    pub wait_random: fn(u32) -> BoxFuture<f64>,
    /// Task 0's `seed::scope_blocking(seed, body)`: runs `body` with its delays drawn from
    /// `seed`, for the going-further checks of seeded replay.
    pub seed_blocking: fn(u64, &mut dyn FnMut()),
    /// Task 0's `seed::scope(seed, future)`: `future` with `seed` as its task-local seed.
    pub seed_scope: fn(u64, BoxFuture<()>) -> BoxFuture<()>,
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
