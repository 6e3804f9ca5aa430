pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    let mut waits: FuturesUnordered<_> = (0..n).map(|_| wait_random(max_delay)).collect();
    let mut delays = Vec::with_capacity(n);
    while let Some(delay) = waits.next().await {
        push_as_finished(&mut delays, delay);
    }
    delays
}

/// Appends `delay`, or slips it in before the delays that should have finished after it.
///
/// Sleeps that end in the same millisecond tick wake in no particular order, so a delay can
/// arrive a little late; it goes back to where it belongs instead of being appended.
fn push_as_finished(delays: &mut Vec<f64>, delay: f64) {
    let mut at = delays.len();
    while at > 0 && delays[at - 1] > delay {
        at -= 1;
    }
    delays.insert(at, delay);
}

use basic_async_syntax::wait_random;
use futures_util::stream::{FuturesUnordered, StreamExt};
