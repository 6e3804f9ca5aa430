//! The contract of `measure_time`: total time over n, and its two caller errors.

use basic_async_syntax::seed;
use concurrent_coroutines::wait_n;
use measure_runtime::measure_time;

/// Runs `wait_n(n, max_delay)` on a paused clock to learn the largest delay a seed draws.
fn largest_delay(seed: u64, n: usize, max_delay: u32) -> f64 {
    let delays = seed::scope_blocking(seed, || {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime")
            .block_on(wait_n(n, max_delay))
    });
    delays.last().copied().unwrap_or(0.0)
}

#[test]
fn returns_the_total_time_divided_by_n() {
    // Real time, so small delays: at most 50 ms.
    let (n, max_delay) = (20, 0);
    let per_delay = measure_time(n, max_delay);
    assert!(
        (0.0..0.002).contains(&(per_delay * n as f64)),
        "{per_delay}"
    );
}

#[test]
fn the_total_is_about_the_largest_delay_not_the_sum() {
    // One second at most of real time; a seed whose delays are known in advance.
    let (seed, n, max_delay) = (21, 10, 1);
    let largest = largest_delay(seed, n, max_delay);
    let total = seed::scope_blocking(seed, || measure_time(n, max_delay)) * n as f64;
    assert!(
        largest <= total && total <= largest + 0.002 + 1e-6 * n as f64,
        "measure_time × n = {total} s, largest delay {largest} s"
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
