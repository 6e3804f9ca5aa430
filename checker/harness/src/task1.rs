//! Task 1 as the checks call it: `async fn wait_n(n: usize, max_delay: u32) -> Vec<f64>`.
//!
//! A compile error in this file means that `concurrent_coroutines` compiles, but not with the
//! course's signature (see the [crate] docs).

use checker::harness::subject::BoxFuture;

pub(super) const SOURCE: &str = include_str!("../../../concurrent_coroutines/src/lib.rs");

pub(super) fn wait_n(n: usize, max_delay: u32) -> BoxFuture<Vec<f64>> {
    Box::pin(concurrent_coroutines::wait_n(n, max_delay))
}
