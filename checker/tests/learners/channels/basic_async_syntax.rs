pub async fn wait_random(max_delay: u32) -> f64 {
    let now = Instant::now();
    // the seeded random.uniform the seed module gives us
    let delay = seed::uniform(max_delay);
    sleep_until(now + Duration::from_secs_f64(delay)).await;
    delay
}

use std::time::Duration;
use tokio::time::{Instant, sleep_until};
