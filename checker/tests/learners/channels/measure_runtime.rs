pub fn measure_time(n: usize, max_delay: u32) -> f64 {
    // basic_async_syntax::run is asyncio.run
    let total_time = run(async {
        let start = Instant::now();
        wait_n(n, max_delay).await;
        start.elapsed().as_secs_f64()
    });
    total_time / n as f64
}

use basic_async_syntax::run;
use concurrent_coroutines::wait_n;
use tokio::time::Instant;
