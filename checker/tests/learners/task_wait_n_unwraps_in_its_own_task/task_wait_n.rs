pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    // Every task gets a little forwarder task that waits for it and sends its delay down
    // the channel the moment it is done, so the channel fills up in finishing order.
    let (sender, receiver) = mpsc::channel();
    let forwarders: Vec<_> = (0..n)
        .map(|_| {
            let handle = task_wait_random(max_delay);
            let sender = sender.clone();
            tokio::spawn(async move {
                sender.send(handle.await.unwrap()).unwrap();
            })
        })
        .collect();
    drop(sender);
    // wait until every forwarder is done, then read the channel
    join_all(forwarders).await;
    receiver.into_iter().collect()
}

use futures_util::future::join_all;
use std::sync::mpsc;
use tasks::task_wait_random;
