pub fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {
    let coroutine = basic_async_syntax::wait_random(max_delay);
    tokio::spawn(coroutine)
}
