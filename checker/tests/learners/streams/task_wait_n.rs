pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    use futures_util::stream::{FuturesUnordered, StreamExt};

    (0..n)
        .map(|_| tasks::task_wait_random(max_delay))
        .collect::<FuturesUnordered<_>>()
        .map(|joined| joined.unwrap())
        .collect()
        .await
}
