//! The contract of `measure_time`: total time over n, and its two caller errors.

use basic_async_syntax::seed;
use concurrent_coroutines::wait_n;
use measure_runtime::measure_time;

/// Runs `wait_n(n, max_delay)` on a paused clock: the largest delay a seed draws, and the sum.
fn delays(seed: u64, n: usize, max_delay: u32) -> (f64, f64) {
    let delays = seed::scope_blocking(seed, || {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime")
            .block_on(wait_n(n, max_delay))
    });
    (delays.last().copied().unwrap_or(0.0), delays.iter().sum())
}

/// Real-clock bounds must hold on a loaded machine too: scheduling noise can reach a tenth
/// of a second. Speed itself is measured by `checker bench`, not here.
const SLACK: f64 = 0.4;

#[test]
fn returns_the_total_time_divided_by_n_not_the_total_or_the_sum() {
    // The first seed whose five delays of at most 1 s tell the three formulas apart by more
    // than SLACK, with a largest delay short enough to keep the test near a third of a second.
    let (n, max_delay) = (5, 1);
    let (seed, (largest, sum)) = (0..)
        .map(|seed| (seed, delays(seed, n, max_delay)))
        .find(|&(_, (largest, sum))| (0.3..=0.4).contains(&largest) && sum - largest > 2.0 * SLACK)
        .expect("some seed draws such delays");
    let per_delay = seed::scope_blocking(seed, || measure_time(n, max_delay));
    let total = per_delay * n as f64;
    assert!(
        largest <= total && total <= largest + SLACK,
        "measure_time × n = {total} s, largest delay {largest} s, sum {sum} s"
    );
}

#[test]
#[should_panic(expected = "measure_time(n = 0, max_delay = 3): n must be at least 1")]
fn zero_waits_are_a_caller_error() {
    measure_time(0, 3);
}

#[tokio::test]
#[should_panic(expected = "measure_time was called from inside an async task")]
async fn a_call_from_an_async_task_is_a_caller_error() {
    measure_time(1, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[should_panic(expected = "measure_time was called from inside an async task")]
async fn a_call_from_a_multi_thread_task_is_a_caller_error() {
    measure_time(1, 0);
}

#[tokio::test]
async fn a_call_from_a_blocking_thread_is_fine() {
    let per_delay = tokio::task::spawn_blocking(|| measure_time(3, 0))
        .await
        .expect("measure_time on a blocking thread does not panic");
    assert!(per_delay >= 0.0);
}

#[tokio::test]
#[should_panic(expected = "measure_time was called from inside an async task")]
async fn a_call_from_an_unconstrained_task_is_a_caller_error_too() {
    tokio::task::coop::unconstrained(async { measure_time(1, 0) }).await;
}
