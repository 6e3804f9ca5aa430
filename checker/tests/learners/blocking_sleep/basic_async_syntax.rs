pub async fn wait_random(max_delay: u32) -> f64 {
    let delay = rand::random_range(0.0..=f64::from(max_delay));
    // like time.sleep(delay)
    std::thread::sleep(std::time::Duration::from_secs_f64(delay));
    delay
}
