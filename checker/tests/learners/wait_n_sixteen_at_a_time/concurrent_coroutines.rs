pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    // No more than 16 waits at a time, so that a large n does not start them all at once.
    stream::iter((0..n).map(|_| wait_random(max_delay)))
        .buffer_unordered(16)
        .collect()
        .await
}

use basic_async_syntax::wait_random;
use futures_util::{StreamExt, stream};
