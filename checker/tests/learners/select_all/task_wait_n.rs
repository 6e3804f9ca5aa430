pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    // start every task first
    let handles: Vec<_> = (0..n).map(|_| task_wait_random(max_delay)).collect();

    // then await them all together; whichever task ends first gets pushed first
    let finished = Mutex::new(Vec::with_capacity(n));
    join_all(handles.into_iter().map(|handle| async {
        let delay = handle.await.expect("wait_random panicked in its task");
        finished.lock().unwrap().push(delay);
    }))
    .await;
    finished.into_inner().unwrap()
}

use futures_util::future::join_all;
use std::sync::Mutex;
use tasks::task_wait_random;
