//! The harness: the checker's checks, linked with the tasks they grade.
//!
//! The `checker` binary never links the code it grades. For each workspace it grades it
//! builds this crate, which joins two things that are compiled apart:
//!
//! - the checks ([`checker::harness::checks`]), which reach the tasks only through a
//!   [`Subject`], a bundle of function pointers, and so do not depend on the task crates:
//!   one build of them serves every submission of a class;
//! - the tasks, through one small file per task (`src/taskN.rs`) that calls each function
//!   with the course's signature and puts it in the [`Subject`].
//!
//! # The contract, one file per task
//!
//! The harness is built with a feature per later task that compiles (`task1` … `task4`;
//! task 0, which every task imports, is always in), so:
//!
//! - a task that does not compile leaves its feature out, and its field of the [`Subject`]
//!   is a stand-in that panics, naming the task: no check of the grade calls it (the checker
//!   does not run the checks of a task that did not build, and a task's grade calls only
//!   what it imports), and the one going-further check that compares two tasks
//!   (`task_wait_n draws what wait_n draws`) fails saying that the other did not build;
//! - a task whose function compiles but has another signature fails to compile in *its*
//!   file only, which tells the checker which task broke the contract.
//!
//! Futures are not required to be `Send`: tasks 0 to 2 run their futures in the caller's
//! task, and a `wait_random` that holds a `ThreadRng` across its `.await` is still a correct
//! task 0. Only task 3 spawns it, and fails to compile there, in the learner's own crate.
//!
//! With every task (the `bench` feature) it also holds the scale report, [`bench`], which
//! calls the tasks directly.

use std::collections::HashMap;
use std::path::PathBuf;

use checker::harness::subject::Subject;

#[cfg(feature = "bench")]
pub mod bench;

mod task0;
#[cfg(feature = "task1")]
mod task1;
#[cfg(feature = "task2")]
mod task2;
#[cfg(feature = "task3")]
mod task3;
#[cfg(feature = "task4")]
mod task4;

/// The workspace's own tasks (those this harness was built with), with their test programs'
/// binaries as the checker built them, or why they could not be built.
pub fn subject(programs: Result<HashMap<String, PathBuf>, String>) -> Subject {
    Subject {
        default_max_delay: task0::DEFAULT_MAX_DELAY,
        wait_random: task0::wait_random,
        seed_blocking: task0::seed_blocking,
        seed_scope: task0::seed_scope,
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
