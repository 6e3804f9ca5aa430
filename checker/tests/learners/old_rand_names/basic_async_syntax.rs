pub async fn wait_random(max_delay: u32) -> f64 {
    let delay = rand::thread_rng().gen_range(0.0..=max_delay as f64);
    tokio::time::sleep(std::time::Duration::from_secs_f64(delay)).await;
    delay
}

use rand::Rng;
