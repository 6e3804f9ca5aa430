pub fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {
    // inherit: the spawned task keeps drawing from the caller's seed
    tokio::spawn(basic_async_syntax::seed::inherit(
        basic_async_syntax::wait_random(max_delay),
    ))
}
