pub async fn wait_n(n: u32, max_delay: u32) -> Vec<f64> {
    let mut futs: FuturesUnordered<_> = (0..n).map(|_| wait_random(max_delay)).collect();
    let mut delays = Vec::new();
    while let Some(d) = futs.next().await {
        delays.push(d);
    }
    delays
}

use basic_async_syntax::wait_random;
use futures_util::stream::{FuturesUnordered, StreamExt};
