//! Misbehaving tasks that more than one test file grades.

use checker::harness::subject::BoxFuture;

/// wait_n (or task_wait_n, with `task_wait_random`) running at most `limit` waits at a time,
/// each new one as soon as one ends, listed as they end.
pub fn limited<F>(n: usize, limit: usize, wait: impl Fn() -> F) -> BoxFuture<Vec<f64>>
where
    F: Future<Output = f64> + Send + 'static,
{
    let waits: Vec<F> = (0..n).map(|_| wait()).collect();
    Box::pin(async move {
        let mut running = tokio::task::JoinSet::new();
        let mut delays = Vec::with_capacity(n);
        for wait in waits {
            if running.len() == limit {
                delays.extend(running.join_next().await.map(Result::unwrap));
            }
            running.spawn(wait);
        }
        while let Some(delay) = running.join_next().await {
            delays.push(delay.unwrap());
        }
        delays
    })
}
