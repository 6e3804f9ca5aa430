pub fn measure_time(n: usize, max_delay: u32) -> f64 {
    let rt = tokio::runtime::Runtime::new().expect("could not start a tokio runtime");
    let start = Instant::now();
    rt.block_on(wait_n(n, max_delay));
    let total_time = start.elapsed().as_secs_f64();
    total_time / n as f64
}

use concurrent_coroutines::wait_n;
use std::time::Instant;
