pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        tasks.push(task_wait_random(max_delay));
    }
    let mut delays = Vec::new();
    for task in tasks {
        delays.push(task.await.unwrap());
    }
    delays
}

use tasks::task_wait_random;
