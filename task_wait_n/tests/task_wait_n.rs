//! The contract of `task_wait_n`: wait_n's result, from tasks that never outlive it.

use std::time::Duration;

use basic_async_syntax::seed;
use concurrent_coroutines::wait_n;
use pretty_assertions::assert_eq;
use task_wait_n::task_wait_n;
use tokio::runtime::Handle;
use tokio::time::Instant;

fn alive_tasks() -> usize {
    Handle::current().metrics().num_alive_tasks()
}

/// Lets aborted tasks be dropped: an abort takes effect when the scheduler next runs them.
async fn settle() {
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test(start_paused = true)]
async fn lists_n_delays_within_bounds_in_ascending_order() {
    for (n, max_delay) in [(1, 1), (5, 6), (100, 15), (10_000, 1)] {
        for seed in 0..5 {
            let delays = seed::scope(seed, task_wait_n(n, max_delay)).await;
            assert_eq!(delays.len(), n);
            assert!(delays.is_sorted(), "n = {n}, seed {seed}");
            assert!(
                delays
                    .iter()
                    .all(|delay| (0.0..=f64::from(max_delay)).contains(delay))
            );
        }
    }
    assert_eq!(task_wait_n(0, 3).await, Vec::<f64>::new());
    assert_eq!(task_wait_n(4, 0).await, vec![0.0; 4]);
}

#[tokio::test(start_paused = true)]
async fn draws_the_same_delays_as_wait_n_under_one_seed() {
    for seed in 0..10 {
        let from_tasks = seed::scope(seed, task_wait_n(50, 8)).await;
        assert_eq!(from_tasks, seed::scope(seed, wait_n(50, 8)).await);
    }
}

#[test]
fn draws_the_same_delays_on_the_multi_thread_runtime() {
    // Real time on the multi-thread runtime, which cannot pause: delays of at most 1 s.
    let on_multi_thread = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("a runtime")
        .block_on(seed::scope(31, task_wait_n(200, 1)));
    let on_current_thread = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a runtime")
        .block_on(seed::scope(31, wait_n(200, 1)));
    assert_eq!(on_multi_thread, on_current_thread);
}

#[tokio::test(start_paused = true)]
async fn runs_the_waits_as_concurrent_tasks() {
    let start = Instant::now();
    let waits = seed::scope(4, task_wait_n(100, 10));
    tokio::pin!(waits);
    let under_way = tokio::time::timeout(Duration::from_millis(10), &mut waits).await;
    assert!(
        under_way.is_err(),
        "100 delays of up to 10 s are not all over in 10 ms"
    );
    assert!(
        alive_tasks() > 90,
        "task_wait_n should spawn a task per delay"
    );
    let delays = waits.await;
    let elapsed = start.elapsed().as_secs_f64();
    assert!(
        delays[99] <= elapsed && elapsed <= delays[99] + 0.001,
        "{elapsed}"
    );
    settle().await;
    assert_eq!(alive_tasks(), 0);
}

#[tokio::test(start_paused = true)]
async fn dropping_it_aborts_every_task_it_started() {
    let cancelled = tokio::time::timeout(Duration::from_millis(10), task_wait_n(100, 10)).await;
    assert!(cancelled.is_err(), "the timeout should cancel task_wait_n");
    settle().await;
    assert_eq!(alive_tasks(), 0, "tasks outlived the cancelled task_wait_n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dropping_it_aborts_its_tasks_on_the_multi_thread_runtime_too() {
    let cancelled = tokio::time::timeout(Duration::from_millis(20), task_wait_n(1000, 60)).await;
    assert!(cancelled.is_err());
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    while alive_tasks() > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    assert_eq!(alive_tasks(), 0, "tasks outlived the cancelled task_wait_n");
}
