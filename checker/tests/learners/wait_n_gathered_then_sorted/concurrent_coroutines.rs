pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut delays = join_all((0..n).map(|_| wait_random(max_delay))).await;
    // gather gives them back in creation order, so put them in order
    delays.sort_by(|a, b| a.partial_cmp(b).unwrap());
    delays
}

use basic_async_syntax::wait_random;
use futures_util::future::join_all;
