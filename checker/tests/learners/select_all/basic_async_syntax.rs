pub async fn wait_random(max_delay: u32) -> f64 {
    let secs = crate::seed::uniform(max_delay);
    tokio::time::sleep(std::time::Duration::from_secs_f64(secs)).await;
    secs
}
