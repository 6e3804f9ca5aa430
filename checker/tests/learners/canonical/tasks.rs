pub fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {
    // asyncio.create_task(wait_random(max_delay))
    tokio::spawn(wait_random(max_delay))
}

use basic_async_syntax::wait_random;
