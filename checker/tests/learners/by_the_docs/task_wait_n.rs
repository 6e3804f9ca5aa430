pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let handles: Vec<JoinHandle<f64>> = (0..n).map(|_| task_wait_random(max_delay)).collect();
    // if we get dropped half way, the guard aborts whatever is still running
    let _guard = AbortOnDrop(handles.iter().map(JoinHandle::abort_handle).collect());

    let mut running: FuturesUnordered<_> = handles.into_iter().collect();
    let mut delays: Vec<f64> = Vec::with_capacity(n);
    while let Some(joined) = running.next().await {
        let delay = match joined {
            Ok(delay) => delay,
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(error) => panic!("a wait_random task was cancelled: {error}"),
        };
        // same as wait_n: a delay that wakes late in a shared timer tick goes back in place
        let mut at = delays.len();
        while at > 0 && delays[at - 1] > delay {
            at -= 1;
        }
        delays.insert(at, delay);
    }
    delays
}

struct AbortOnDrop(Vec<AbortHandle>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

use futures_util::stream::{FuturesUnordered, StreamExt};
use tasks::task_wait_random;
use tokio::task::{AbortHandle, JoinHandle};
