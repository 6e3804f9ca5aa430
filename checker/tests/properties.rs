//! Property tests of the order and count contract of `wait_n` and `task_wait_n`.
//!
//! Every call returns exactly `n` delays, each within `0..=max_delay`, in ascending order,
//! at any `n`, `max_delay` and seed, on both runtime flavors; one seed gives both functions
//! the same delays. The current-thread runtime runs on tokio's paused clock, where a
//! ten-second delay takes no real time, so the cases range widely. The multi-thread runtime
//! cannot pause its clock: there the cases use `max_delay` 0, or waits of a few
//! milliseconds through `in_completion_order`, so that many of them share a timer tick and
//! finish in no particular order, as a million delays do at full scale.

use std::time::Duration;

use basic_async_syntax::seed;
use concurrent_coroutines::{in_completion_order, wait_n};
use proptest::prelude::*;
use task_wait_n::task_wait_n;
use tokio::runtime::{Builder, Runtime};

/// A current-thread runtime on the paused clock.
fn paused() -> Runtime {
    Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("the OS should provide a current-thread runtime")
}

/// A multi-thread runtime on the real clock.
fn multi_thread() -> Runtime {
    Builder::new_multi_thread()
        .worker_threads(2)
        .enable_time()
        .build()
        .expect("the OS should provide a multi-thread runtime")
}

/// Checks the contract of one call's result: `n` delays in `0..=max_delay`, ascending.
fn check_contract(delays: &[f64], n: usize, max_delay: u32) -> Result<(), TestCaseError> {
    prop_assert_eq!(delays.len(), n);
    prop_assert!(
        delays
            .iter()
            .all(|delay| (0.0..=f64::from(max_delay)).contains(delay)),
        "a delay outside 0..={max_delay}: {delays:?}"
    );
    prop_assert!(delays.is_sorted(), "not ascending: {delays:?}");
    Ok(())
}

#[test]
fn without_a_seed_spawned_tasks_draw_fresh_delays() {
    // An unseeded spawned task carries a stand-in generator, made with seed 0, that must
    // never be drawn from: were it, these would be the first draws of seed 0.
    let runtime = paused();
    let unseeded = runtime.block_on(task_wait_n(8, 10));
    let seed_zero = runtime.block_on(seed::scope(0, task_wait_n(8, 10)));
    assert_ne!(unseeded, seed_zero);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn on_current_thread_both_return_the_same_n_ascending_delays_in_the_largest_one(
        n in 0_usize..1_000,
        max_delay in 0_u32..=10,
        seed in any::<u64>(),
    ) {
        let runtime = paused();
        let (waited, waited_for) = runtime.block_on(seed::scope(seed, async {
            let start = tokio::time::Instant::now();
            let delays = wait_n(n, max_delay).await;
            (delays, start.elapsed().as_secs_f64())
        }));
        let tasks = runtime.block_on(seed::scope(seed, task_wait_n(n, max_delay)));
        check_contract(&waited, n, max_delay)?;
        prop_assert_eq!(&tasks, &waited);
        // Concurrent: the call lasts as long as its largest delay, to the millisecond tick.
        let largest = waited.last().copied().unwrap_or(0.0);
        prop_assert!(
            waited_for <= largest + 0.002,
            "{waited_for} s for a largest delay of {largest} s"
        );
    }

    #[test]
    fn a_seed_replays_the_same_delays(
        n in 0_usize..500,
        max_delay in 0_u32..=10,
        seed in any::<u64>(),
    ) {
        let runtime = paused();
        let first = runtime.block_on(seed::scope(seed, wait_n(n, max_delay)));
        let again = runtime.block_on(seed::scope(seed, wait_n(n, max_delay)));
        prop_assert_eq!(first, again);
    }
}

proptest! {
    // Each case builds a runtime with worker threads and waits for real: keep them few.
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn on_multi_thread_both_return_n_delays_without_waiting(
        n in 0_usize..3_000,
        seed in any::<u64>(),
    ) {
        let runtime = multi_thread();
        let waited = runtime.block_on(seed::scope(seed, wait_n(n, 0)));
        let tasks = runtime.block_on(seed::scope(seed, task_wait_n(n, 0)));
        check_contract(&waited, n, 0)?;
        check_contract(&tasks, n, 0)?;
    }

    #[test]
    fn on_multi_thread_waits_sharing_timer_ticks_come_out_ascending(
        delays_ms in prop::collection::vec(0_u32..=8, 0..400),
        spawned in any::<bool>(),
    ) {
        let delays: Vec<f64> = delays_ms.iter().map(|&ms| f64::from(ms) / 1000.0).collect();
        let sleep_for = |delay: f64| async move {
            tokio::time::sleep(Duration::from_secs_f64(delay)).await;
            delay
        };
        let placed = multi_thread().block_on(async {
            if spawned {
                // As task_wait_n: each wait in a task of its own, on either worker thread.
                let handles: Vec<_> = delays.iter().map(|&delay| tokio::spawn(sleep_for(delay))).collect();
                in_completion_order(handles.into_iter().map(|handle| async {
                    handle.await.expect("a sleeping task does not fail")
                }))
                .await
            } else {
                in_completion_order(delays.iter().map(|&delay| sleep_for(delay))).await
            }
        });
        check_contract(&placed, delays.len(), 1)?;
        let mut expected = delays;
        expected.sort_by(f64::total_cmp);
        prop_assert_eq!(placed, expected);
    }
}
