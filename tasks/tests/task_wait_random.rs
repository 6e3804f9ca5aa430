//! The contract of `task_wait_random`: a background task that starts at once.

use std::time::Duration;

use basic_async_syntax::seed;
use tasks::task_wait_random;
use tokio::runtime::Handle;
use tokio::time::Instant;

#[tokio::test(start_paused = true)]
async fn the_wait_runs_before_anyone_awaits_the_handle() {
    let start = Instant::now();
    let handle = task_wait_random(5);
    assert_eq!(Handle::current().metrics().num_alive_tasks(), 1);
    tokio::time::sleep(Duration::from_millis(5_001)).await;
    assert!(
        handle.is_finished(),
        "the task should have run while nobody awaited it"
    );
    let delay = handle.await.expect("wait_random does not panic");
    assert!((0.0..=5.0).contains(&delay));
    assert_eq!(
        start.elapsed(),
        Duration::from_millis(5_001),
        "awaiting a finished task is instant"
    );
}

#[tokio::test(start_paused = true)]
async fn the_handle_gives_the_delay_that_was_slept() {
    for seed in 0..20 {
        let start = Instant::now();
        let delay = seed::scope(seed, async { task_wait_random(10).await })
            .await
            .expect("wait_random does not panic");
        let slept = start.elapsed().as_secs_f64();
        assert!(
            delay <= slept && slept <= delay + 0.001,
            "{delay} vs {slept}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn the_task_draws_from_the_seed_of_its_caller() {
    let spawned = seed::scope(12, async { task_wait_random(10).await }).await;
    let direct = seed::scope(12, basic_async_syntax::wait_random(10)).await;
    assert_eq!(spawned.expect("wait_random does not panic"), direct);
}

#[test]
#[should_panic(expected = "there is no reactor running")]
fn outside_a_runtime_it_panics_with_tokios_message() {
    drop(task_wait_random(1));
}
