//! Task 3 as the checks call it: `fn task_wait_random(max_delay: u32) -> JoinHandle<f64>`.
//!
//! A compile error in this file means that `tasks` compiles, but not with the course's
//! signature (see the [crate] docs).

use tokio::task::JoinHandle;

pub(super) fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {
    tasks::task_wait_random(max_delay)
}
