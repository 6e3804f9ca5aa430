pub async fn wait_random(max_delay: u32) -> f64 {
    let mut rng = rand::rng();
    let delay: f64 = rng.random_range(0.0..=max_delay as f64);
    sleep(Duration::from_secs_f64(delay)).await;
    delay
}

use rand::RngExt;
use std::time::Duration;
use tokio::time::sleep;
