pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    // same as wait_n, but every wait is a task already running in the background
    let mut handles: FuturesUnordered<_> = (0..n).map(|_| task_wait_random(max_delay)).collect();
    let mut delays = Vec::with_capacity(n);
    while let Some(result) = handles.next().await {
        delays.push(result.expect("a wait_random task panicked"));
    }
    delays
}

use futures_util::stream::{FuturesUnordered, StreamExt};
use tasks::task_wait_random;
