pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    // like asyncio.as_completed: every wait starts together, the shortest comes back first
    let mut futs: FuturesUnordered<_> = (0..n).map(|_| wait_random(max_delay)).collect();
    let mut delays = Vec::with_capacity(n);
    while let Some(d) = futs.next().await {
        delays.push(d);
    }
    delays
}

use basic_async_syntax::wait_random;
use futures_util::stream::{FuturesUnordered, StreamExt};
