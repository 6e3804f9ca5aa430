pub fn measure_time(n: usize, max_delay: u32) -> f64 {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .build()
        .expect("runtime");
    let elapsed = rt.block_on(async move {
        let t0 = tokio::time::Instant::now();
        let _delays = concurrent_coroutines::wait_n(n, max_delay).await;
        t0.elapsed()
    });
    elapsed.as_secs_f64() / (n as f64)
}
