pub fn measure_time(n: usize, max_delay: u32) -> f64 {
    use tokio::runtime::Builder;
    use tokio::time::Instant;

    let runtime = Builder::new_current_thread().enable_all().build().unwrap();
    let total = runtime.block_on(async {
        let start = Instant::now();
        concurrent_coroutines::wait_n(n, max_delay).await;
        start.elapsed()
    });
    total.as_secs_f64() / n as f64
}
