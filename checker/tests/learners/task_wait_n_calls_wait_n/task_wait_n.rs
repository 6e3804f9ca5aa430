pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    concurrent_coroutines::wait_n(n, max_delay).await
}
