pub async fn wait_random(max_delay: u32) -> f64 {
    use rand::RngExt;

    // ThreadRng is not Send, so it has to be gone before the .await
    let delay = {
        let mut rng = rand::rng();
        rng.random_range(0.0..=max_delay as f64)
    };
    tokio::time::sleep(std::time::Duration::from_secs_f64(delay)).await;
    delay
}
