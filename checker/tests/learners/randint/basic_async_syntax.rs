pub async fn wait_random(max_delay: u32) -> f64 {
    let seconds = rand::random_range(0..=max_delay);
    tokio::time::sleep(Duration::from_secs(seconds.into())).await;
    seconds as f64
}

use std::time::Duration;
