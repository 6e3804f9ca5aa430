pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut results = Vec::new();
    // select_all needs Unpin futures, hence the Box::pin
    let mut pending: Vec<_> = (0..n)
        .map(|_| Box::pin(basic_async_syntax::wait_random(max_delay)))
        .collect();
    // select_all panics on an empty list, so check before every call
    while !pending.is_empty() {
        let (delay, _, rest) = futures_util::future::select_all(pending).await;
        results.push(delay);
        pending = rest;
    }
    results
}
