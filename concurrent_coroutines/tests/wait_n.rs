//! The contract of `wait_n`: the count, the bounds, ascending order from concurrency alone.

use basic_async_syntax::seed;
use concurrent_coroutines::wait_n;
use pretty_assertions::assert_eq;
use std::time::Duration;

use tokio::time::Instant;

/// tokio's timer fires on the first millisecond tick at or after a deadline.
const TICK: f64 = 0.001;

#[tokio::test(start_paused = true)]
async fn lists_n_delays_within_bounds_in_ascending_order() {
    for (n, max_delay) in [(1, 1), (5, 5), (10, 7), (100, 15)] {
        for seed in 0..20 {
            let delays = seed::scope(seed, wait_n(n, max_delay)).await;
            assert_eq!(delays.len(), n);
            assert!(delays.is_sorted(), "seed {seed}: {delays:?}");
            assert!(
                delays
                    .iter()
                    .all(|delay| (0.0..=f64::from(max_delay)).contains(delay)),
                "seed {seed}: {delays:?}"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn stays_ascending_when_thousands_of_delays_share_each_timer_tick() {
    for seed in 0..5 {
        let delays = seed::scope(seed, wait_n(10_000, 1)).await;
        assert_eq!(delays.len(), 10_000);
        assert!(delays.is_sorted(), "seed {seed}");
    }
}

#[tokio::test(start_paused = true)]
#[ignore = "a million delays take seconds in a debug build: CI runs it with --ignored"]
async fn stays_ascending_at_a_million_delays() {
    let start = Instant::now();
    let delays = seed::scope(2026, wait_n(1_000_000, 1)).await;
    assert_eq!(delays.len(), 1_000_000);
    assert!(delays.is_sorted());
    // About a thousand delays per millisecond tick, in one wait of about a second.
    let largest = delays[999_999];
    assert!(largest <= start.elapsed().as_secs_f64());
    assert!(start.elapsed().as_secs_f64() <= largest + TICK);
}

#[tokio::test(start_paused = true)]
async fn runs_the_waits_concurrently() {
    let start = Instant::now();
    let delays = seed::scope(8, wait_n(50, 10)).await;
    let elapsed = start.elapsed().as_secs_f64();
    let largest = delays[49];
    assert!(
        largest <= elapsed && elapsed <= largest + TICK,
        "took {elapsed} s for a largest delay of {largest} s (their sum is {} s)",
        delays.iter().sum::<f64>()
    );
}

#[tokio::test(start_paused = true)]
async fn zero_waits_make_an_empty_list_and_zero_max_delay_a_list_of_zeros() {
    assert_eq!(wait_n(0, 5).await, Vec::<f64>::new());
    let start = Instant::now();
    assert_eq!(wait_n(10, 0).await, vec![0.0; 10]);
    assert_eq!(start.elapsed().as_secs_f64(), 0.0);
}

#[tokio::test(start_paused = true)]
async fn polls_every_wait_inside_the_calling_task() {
    let waits = seed::scope(6, wait_n(100, 3));
    tokio::pin!(waits);
    let under_way = tokio::time::timeout(Duration::from_millis(10), &mut waits).await;
    assert!(
        under_way.is_err(),
        "100 delays of up to 3 s are not all over in 10 ms"
    );
    let alive = tokio::runtime::Handle::current()
        .metrics()
        .num_alive_tasks();
    assert_eq!(
        alive, 0,
        "wait_n spawned tasks: it should run coroutines in place"
    );
    assert_eq!(waits.await.len(), 100);
}

#[tokio::test(start_paused = true)]
async fn one_seed_gives_one_list() {
    let first = seed::scope(77, wait_n(30, 9)).await;
    assert_eq!(first, seed::scope(77, wait_n(30, 9)).await);
}
