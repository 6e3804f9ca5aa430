pub fn measure_time(n: usize, max_delay: u32) -> f64 {
    let start = Instant::now();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(wait_n(n, max_delay));
    start.elapsed().as_secs_f64()
}

use concurrent_coroutines::wait_n;
use std::time::Instant;
