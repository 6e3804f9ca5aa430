//! Task 4 as the checks call it: `async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64>`.
//!
//! A compile error in this file means that `task_wait_n` compiles, but not with the course's
//! signature (see the [crate] docs).

use checker::harness::subject::BoxFuture;

pub(super) const SOURCE: &str = include_str!("../../../task_wait_n/src/lib.rs");

pub(super) fn task_wait_n(n: usize, max_delay: u32) -> BoxFuture<Vec<f64>> {
    Box::pin(task_wait_n::task_wait_n(n, max_delay))
}
