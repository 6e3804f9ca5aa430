pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut delays = vec![];
    for _ in 0..n {
        let delay = wait_random(max_delay).await;
        delays.push(delay);
    }
    delays
}

use basic_async_syntax::wait_random;
