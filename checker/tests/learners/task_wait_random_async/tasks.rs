pub async fn task_wait_random(max_delay: u32) -> f64 {
    let task = tokio::spawn(basic_async_syntax::wait_random(max_delay));
    task.await.unwrap()
}
