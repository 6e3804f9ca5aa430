pub async fn wait_random(max_delay: u32) -> f64 {
    // random.uniform(0, max_delay): a float, both ends included
    let delay = rand::random_range(0.0..=f64::from(max_delay));
    // asyncio.sleep(delay)
    tokio::time::sleep(Duration::from_secs_f64(delay)).await;
    delay
}

use std::time::Duration;
