pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    // asyncio.gather(*[wait_random(max_delay) for _ in range(n)])
    let coroutines: Vec<_> = (0..n).map(|_| wait_random(max_delay)).collect();
    join_all(coroutines).await
}

use basic_async_syntax::wait_random;
use futures_util::future::join_all;
