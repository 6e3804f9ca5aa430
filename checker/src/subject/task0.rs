//! Task 0 as the checks call it: `async fn wait_random(max_delay: u32) -> f64`.
//!
//! A compile error in this file means that `basic_async_syntax` compiles, but not with the
//! course's signature (see [`super`]).

use super::BoxFuture;

pub(super) const DEFAULT_MAX_DELAY: u32 = basic_async_syntax::DEFAULT_MAX_DELAY;

pub(super) fn wait_random(max_delay: u32) -> BoxFuture<f64> {
    Box::pin(basic_async_syntax::wait_random(max_delay))
}
