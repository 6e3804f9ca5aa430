//! Task 0 as the checks call it: `async fn wait_random(max_delay: u32) -> f64`, and the seed
//! module beside it, which the going-further checks replay runs with.
//!
//! A compile error in this file means that `basic_async_syntax` compiles, but not with the
//! course's signature (see the [crate] docs).

use basic_async_syntax::seed;
use checker::harness::subject::BoxFuture;

pub(super) const DEFAULT_MAX_DELAY: u32 = basic_async_syntax::DEFAULT_MAX_DELAY;

pub(super) fn wait_random(max_delay: u32) -> BoxFuture<f64> {
    Box::pin(basic_async_syntax::wait_random(max_delay))
}

pub(super) fn seed_blocking(seed: u64, body: &mut dyn FnMut()) {
    seed::scope_blocking(seed, body);
}

pub(super) fn seed_scope(seed: u64, future: BoxFuture<()>) -> BoxFuture<()> {
    Box::pin(seed::scope(seed, future))
}
