//! The contract of `wait_random`: bounds, default, a real float, the time slept, seeding.

use basic_async_syntax::{DEFAULT_MAX_DELAY, seed, wait_random};
use pretty_assertions::assert_eq;
use tokio::time::Instant;

/// tokio's timer fires on the first millisecond tick at or after a deadline.
const TICK: f64 = 0.001;

#[test]
fn the_default_max_delay_is_ten_seconds() {
    assert_eq!(DEFAULT_MAX_DELAY, 10);
}

#[tokio::test(start_paused = true)]
async fn every_delay_lies_within_zero_and_max_delay() {
    for max_delay in [0, 1, 5, DEFAULT_MAX_DELAY, 15] {
        for seed in 0..200 {
            let delay = seed::scope(seed, wait_random(max_delay)).await;
            assert!(
                (0.0..=f64::from(max_delay)).contains(&delay),
                "wait_random({max_delay}) returned {delay} under seed {seed}"
            );
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_max_delay_of_zero_returns_zero_at_once() {
    let start = Instant::now();
    assert_eq!(wait_random(0).await, 0.0);
    assert_eq!(start.elapsed().as_secs_f64(), 0.0);
}

#[tokio::test(start_paused = true)]
async fn delays_are_uniform_floats_over_the_whole_range() {
    let delays: Vec<f64> = seed::scope(5, async {
        let mut delays = Vec::new();
        for _ in 0..1000 {
            delays.push(wait_random(15).await);
        }
        delays
    })
    .await;
    assert!(
        delays.iter().any(|delay| delay.fract() != 0.0),
        "floats, not integers"
    );
    let low = delays.iter().filter(|&&delay| delay < 7.5).count();
    assert!(
        (400..=600).contains(&low),
        "{low} of 1000 below the middle: not uniform"
    );
    assert!(delays.iter().any(|&delay| delay < 0.5));
    assert!(delays.iter().any(|&delay| delay > 14.5));
}

#[tokio::test(start_paused = true)]
async fn sleeps_exactly_the_delay_it_returns() {
    for seed in 0..50 {
        let start = Instant::now();
        let delay = seed::scope(seed, wait_random(15)).await;
        let slept = start.elapsed().as_secs_f64();
        assert!(
            delay <= slept && slept <= delay + TICK,
            "returned {delay} but slept {slept}"
        );
    }
}

#[tokio::test(start_paused = true)]
async fn waits_without_blocking_other_futures() {
    let start = Instant::now();
    let (first, second) = tokio::join!(wait_random(15), wait_random(15));
    let elapsed = start.elapsed().as_secs_f64();
    assert!(
        elapsed <= first.max(second) + TICK,
        "two waits of {first} and {second} took {elapsed}: they ran one after the other"
    );
}

#[tokio::test(start_paused = true)]
async fn one_seed_replays_the_same_delays_and_another_does_not() {
    let draws = |seed| {
        seed::scope(seed, async {
            [wait_random(10).await, wait_random(10).await]
        })
    };
    assert_eq!(draws(9).await, draws(9).await);
    assert_ne!(draws(9).await, draws(10).await);
}

#[test]
fn neighbouring_seeds_share_no_draw() {
    // Were the k-th draw of seed s keyed by s + k, seed 8 would replay seed 7 one draw later.
    let draws = |seed| {
        seed::scope_blocking(seed, || {
            (0..100).map(|_| seed::uniform(1_000)).collect::<Vec<_>>()
        })
    };
    let (seven, eight) = (draws(7), draws(8));
    assert!(
        seven.iter().all(|draw| !eight.contains(draw)),
        "seeds 7 and 8 drew a value in common: {seven:?} / {eight:?}"
    );
}

#[test]
fn a_blocking_scope_seeds_every_runtime_on_its_thread() {
    let draw = || {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .expect("a runtime")
            .block_on(wait_random(10))
    };
    assert_eq!(seed::scope_blocking(4, draw), seed::scope_blocking(4, draw));
    assert_ne!(seed::scope_blocking(4, draw), seed::scope_blocking(5, draw));
}

#[tokio::test(start_paused = true)]
async fn a_spawned_future_inherits_the_seed_of_its_spawner() {
    let spawned = seed::scope(3, async {
        tokio::spawn(seed::inherit(wait_random(10))).await
    })
    .await
    .expect("wait_random does not panic");
    assert_eq!(spawned, seed::scope(3, wait_random(10)).await);
}

#[test]
fn a_malformed_seed_is_an_error_that_names_the_variable() {
    assert_eq!(seed::parse("18446744073709551615"), Ok(u64::MAX));
    for malformed in ["-1", "1.5", "18446744073709551616", "seed"] {
        let message = seed::parse(malformed).unwrap_err().to_string();
        assert!(
            message.contains("ASYNC_SEED") && message.contains(malformed),
            "{message}"
        );
    }
}
