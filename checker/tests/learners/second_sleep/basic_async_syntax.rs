pub async fn wait_random(max_delay: u32) -> f64 {
    let delay = rand::random_range(0.0..=f64::from(max_delay));
    tokio::time::sleep(Duration::from_secs_f64(delay)).await;
    rand::random_range(0.0..=f64::from(max_delay))
}

use std::time::Duration;
