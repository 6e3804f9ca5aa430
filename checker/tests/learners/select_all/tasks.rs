pub fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {
    tokio::task::spawn(basic_async_syntax::wait_random(max_delay))
}
