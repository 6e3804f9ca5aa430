pub async fn wait_random(max_delay: u32) -> f64 {
    use rand::Rng;

    let delay = rand::rng().random_range(0.0..=f64::from(max_delay));
    tokio::time::sleep(std::time::Duration::from_secs_f64(delay)).await;
    delay
}
