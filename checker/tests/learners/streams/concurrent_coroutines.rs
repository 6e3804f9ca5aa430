pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    use futures_util::stream::{FuturesUnordered, StreamExt};

    std::iter::repeat_with(|| basic_async_syntax::wait_random(max_delay))
        .take(n)
        .collect::<FuturesUnordered<_>>()
        .collect::<Vec<_>>()
        .await
}
