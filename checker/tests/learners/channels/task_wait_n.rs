pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut running: Vec<_> = (0..n).map(|_| task_wait_random(max_delay)).collect();
    let mut delays = Vec::with_capacity(n);
    // select_all hands back whichever task finished first plus the ones still running
    while !running.is_empty() {
        let (finished, _index, still_running) = select_all(running).await;
        delays.push(finished.expect("task_wait_random's task failed"));
        running = still_running;
    }
    delays
}

use futures_util::future::select_all;
use tasks::task_wait_random;
