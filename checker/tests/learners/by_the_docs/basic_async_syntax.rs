pub async fn wait_random(max_delay: u32) -> f64 {
    // seed::uniform rather than rand::rng(), so ASYNC_SEED and the checker can replay it
    let delay = seed::uniform(max_delay);
    tokio::time::sleep(Duration::from_secs_f64(delay)).await;
    delay
}

use std::time::Duration;
