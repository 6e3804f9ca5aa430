pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    // Each waiter sends its delay down the channel the moment it wakes up, so the
    // channel holds them in the order they finished. tokio's mpsc needs the "sync"
    // feature, which this crate doesn't have, so std's channel it is: nothing ever
    // blocks on it because we only read once every waiter is done.
    let (sender, receiver) = mpsc::channel();
    let waiters = (0..n).map(|_| {
        let sender = sender.clone();
        async move {
            let delay = wait_random(max_delay).await;
            sender
                .send(delay)
                .expect("receiver is alive until wait_n returns");
        }
    });
    join_all(waiters).await;
    drop(sender);
    receiver.into_iter().collect()
}

use basic_async_syntax::wait_random;
use futures_util::future::join_all;
use std::sync::mpsc;
