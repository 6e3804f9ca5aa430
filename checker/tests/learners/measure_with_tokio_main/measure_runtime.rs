#[tokio::main(flavor = "current_thread")]
pub async fn measure_time(n: usize, max_delay: u32) -> f64 {
    // #[tokio::main] works on any fn, not just main: it turns this into a plain fn
    // that builds a runtime and block_on's the body, so callers don't await it
    let start = tokio::time::Instant::now();
    concurrent_coroutines::wait_n(n, max_delay).await;
    start.elapsed().as_secs_f64() / n as f64
}
