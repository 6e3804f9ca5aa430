pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut delays = Vec::new();
    for _ in 0..n {
        // each wait is a task, as the lesson says
        let delay = task_wait_random(max_delay).await.unwrap();
        delays.push(delay);
    }
    delays
}

use tasks::task_wait_random;
