//! The checks catch broken tasks: each fixture breaks one requirement, and the check that
//! enforces it must fail with a hint that points at the mistake.

use std::sync::Arc;
use std::time::{Duration, Instant};

use basic_async_syntax::wait_random;
use checker::harness::check::{self, Failure, Settings};
use checker::harness::checks::CHECKS;
use checker::harness::subject::{BoxFuture, Subject};

use crate::support::limited;

const SETTINGS: Settings = Settings {
    seed: 2024,
    real_time: false,
    time_limit: None,
    strict: true,
    confine: None,
    drawing: checker::timeline::Drawing {
        every: false,
        style: checker::timeline::draw::Style { ascii: false },
    },
    cut_short: false,
};

/// The verdict of the check called `name` on `subject`.
fn verdict(subject: Subject, name: &str) -> Result<String, Failure> {
    let check = CHECKS
        .iter()
        .find(|check| check.name == name)
        .unwrap_or_else(|| panic!("no check is called {name:?}"));
    check::run(check, &Arc::new(subject), SETTINGS).verdict
}

/// The workspace's tasks, without test programs: the fixtures replace one function each.
fn workspace() -> Subject {
    checker_harness::subject(Err("the fixtures do not run the test programs".to_owned()))
}

/// Asserts that check `name` fails on `subject` and that its hint says `hint_part`.
fn assert_fails(subject: Subject, name: &str, hint_part: &str) {
    let failure = verdict(subject, name).expect_err("the broken task should fail the check");
    assert!(
        failure.hint.contains(hint_part),
        "check {name:?} failed, but its hint does not say {hint_part:?}:\n{failure}"
    );
}

/// Asserts that check `name` passes on the workspace's own tasks.
fn assert_passes(name: &str) {
    if let Err(failure) = verdict(workspace(), name) {
        panic!("check {name:?} fails on the workspace's own tasks:\n{failure}");
    }
}

#[test]
fn a_wait_random_that_blocks_its_thread_is_caught() {
    assert_passes("wait_random does not block its thread");
    let subject = Subject {
        wait_random: |max_delay| {
            Box::pin(async move {
                let delay = f64::from(max_delay) * 0.4;
                std::thread::sleep(Duration::from_secs_f64(delay));
                delay
            })
        },
        ..workspace()
    };
    assert_fails(
        subject,
        "wait_random does not block its thread",
        "not std::thread::sleep",
    );
}

#[test]
fn a_wait_random_that_blocks_is_told_it_blocked_by_the_sleep_check() {
    // Its paused clock does not move, as with a sleep never awaited; but real time passes,
    // and the check must say so within its limit, though wait_random(15) blocks for 6 s.
    let subject = Subject {
        wait_random: |max_delay| {
            Box::pin(async move {
                let delay = f64::from(max_delay) * 0.4;
                std::thread::sleep(Duration::from_secs_f64(delay));
                delay
            })
        },
        ..workspace()
    };
    let failure = verdict(subject, "wait_random sleeps the delay it returns")
        .expect_err("a blocking wait_random should fail the check");
    assert!(
        failure
            .hint
            .contains("std::thread::sleep blocks the runtime's thread")
            && failure.actual.contains("real time")
            && !failure.hint.contains("not awaited"),
        "{failure}"
    );
}

#[test]
fn a_wait_random_of_whole_seconds_is_caught() {
    assert_passes("the delays are uniform floats, not integers");
    let subject = Subject {
        wait_random: |max_delay| Box::pin(async move { wait_random(max_delay).await.round() }),
        ..workspace()
    };
    assert_fails(
        subject,
        "the delays are uniform floats, not integers",
        "float",
    );
}

#[test]
fn a_wait_random_beyond_max_delay_is_caught() {
    assert_passes("wait_random stays within [0, max_delay]");
    let subject = Subject {
        wait_random: |max_delay| Box::pin(async move { wait_random(max_delay + 1).await }),
        ..workspace()
    };
    assert_fails(subject, "wait_random stays within [0, max_delay]", "0.0..=");
}

#[test]
fn a_wait_random_that_returns_another_delay_than_it_slept_is_caught() {
    assert_passes("wait_random sleeps the delay it returns");
    let subject = Subject {
        wait_random: |max_delay| Box::pin(async move { wait_random(max_delay).await / 2.0 }),
        ..workspace()
    };
    assert_fails(
        subject,
        "wait_random sleeps the delay it returns",
        "same delay",
    );
}

#[test]
fn a_wait_random_that_does_not_await_its_sleep_is_caught() {
    let subject = Subject {
        wait_random: |max_delay| {
            Box::pin(async move {
                let delay = f64::from(max_delay) / 3.0;
                let _never_awaited = tokio::time::sleep(Duration::from_secs_f64(delay));
                delay
            })
        },
        ..workspace()
    };
    assert_fails(
        subject,
        "wait_random sleeps the delay it returns",
        "a sleep that is not awaited does nothing",
    );
}

#[test]
fn a_wrong_default_is_caught() {
    assert_passes("the default max_delay is 10");
    let subject = Subject {
        default_max_delay: 1,
        ..workspace()
    };
    assert_fails(subject, "the default max_delay is 10", "= 10");
}

#[test]
fn a_wait_random_that_never_finishes_fails_within_its_limit() {
    let name = "wait_random sleeps the delay it returns";
    let subject = Subject {
        wait_random: |_| Box::pin(std::future::pending()),
        ..workspace()
    };
    // A short limit, so that this test does not wait out the check's own.
    let hurried = Settings {
        time_limit: Some(Duration::from_millis(300)),
        strict: true,
        ..SETTINGS
    };
    let check = checker::harness::checks::named(name).expect("the check exists");
    let start = Instant::now();
    let outcome = check::run(check, &Arc::new(subject), hurried);
    let failure = outcome.verdict.expect_err("a wait that never ends fails");
    assert!(failure.actual.contains("still running"), "{failure}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the limit was not kept"
    );
}

/// wait_n awaiting one delay after another: ascending only because it sorts.
fn sequential_wait_n(n: usize, max_delay: u32) -> BoxFuture<Vec<f64>> {
    Box::pin(async move {
        let mut delays = Vec::with_capacity(n);
        for _ in 0..n {
            delays.push(wait_random(max_delay).await);
        }
        delays.sort_by(f64::total_cmp);
        delays
    })
}

#[test]
fn a_wait_n_that_awaits_one_delay_after_another_is_caught() {
    // That the concurrency checks pass on the workspace's tasks, every_check.rs shows: each
    // costs 400 calls, too many to repeat here.
    let subject = Subject {
        wait_n: sequential_wait_n,
        ..workspace()
    };
    assert_fails(subject, "the waits run concurrently", "one after another");
}

#[test]
fn a_wait_n_that_runs_fewer_waits_at_once_than_n_is_caught() {
    let subjects = [
        Subject {
            wait_n: |n, max_delay| limited(n, n - 3, move || wait_random(max_delay)),
            ..workspace()
        },
        Subject {
            wait_n: |n, max_delay| limited(n, 2, move || wait_random(max_delay)),
            ..workspace()
        },
    ];
    for subject in subjects {
        let failure = verdict(subject, "the waits run concurrently").expect_err("a limit fails");
        assert!(failure.hint.contains("no limit"), "{failure}");
        assert!(
            failure.actual.contains("more than its largest delay"),
            "{failure}"
        );
    }
}

#[test]
fn a_task_wait_n_that_runs_fewer_tasks_at_once_than_n_is_caught() {
    let subject = Subject {
        task_wait_n: |n, max_delay| {
            limited(n, n / 2, move || async move {
                tasks::task_wait_random(max_delay).await.unwrap()
            })
        },
        ..workspace()
    };
    assert_fails(subject, "the tasks run concurrently", "no limit");
}

#[test]
fn a_wait_n_in_the_order_it_started_the_waits_is_caught() {
    assert_passes("the delays are in ascending order");
    let subject = Subject {
        wait_n: |n, max_delay| {
            Box::pin(async move {
                let handles: Vec<_> = (0..n)
                    .map(|_| tokio::spawn(wait_random(max_delay)))
                    .collect();
                let mut delays = Vec::with_capacity(n);
                for handle in handles {
                    delays.push(handle.await.expect("wait_random does not panic"));
                }
                delays
            })
        },
        ..workspace()
    };
    assert_fails(subject, "the delays are in ascending order", "as_completed");
}

#[test]
fn a_wait_n_that_spawns_tasks_is_caught() {
    assert_passes("wait_n runs coroutines, not tasks");
    let subject = Subject {
        wait_n: |n, max_delay| Box::pin(task_wait_n::task_wait_n(n, max_delay)),
        ..workspace()
    };
    assert_fails(subject, "wait_n runs coroutines, not tasks", "task 4");
}

#[test]
fn a_wait_n_that_sorts_is_caught_in_its_source() {
    assert_passes("wait_n does not sort its result");
    let sorts = Subject {
        wait_n_source: "pub async fn wait_n() {\n    delays.sort_by(f64::total_cmp);\n}\n",
        ..workspace()
    };
    let failure = verdict(sorts, "wait_n does not sort its result").unwrap_err();
    assert!(failure.actual.contains("lib.rs:2:11"), "{failure}");
    let sorts_only_in_comments_and_tests = Subject {
        wait_n_source: "fn wait_n() {} // never .sort() here\n#[cfg(test)]\nmod tests {\n    \
                        fn sorted(mut v: Vec<f64>) { v.sort_by(f64::total_cmp) }\n}\n",
        ..workspace()
    };
    verdict(
        sorts_only_in_comments_and_tests,
        "wait_n does not sort its result",
    )
    .expect("comments and unit tests may mention sorting");
}

#[test]
fn a_measure_time_that_returns_the_total_is_caught() {
    // Its pass on the workspace, a second of real time, is left to tests/every_check.rs.
    let subject = Subject {
        measure_time: |n, max_delay| measure_runtime::measure_time(n, max_delay) * n as f64,
        ..workspace()
    };
    assert_fails(
        subject,
        "measure_time returns the total time divided by n",
        "divided by n",
    );
}

#[test]
fn a_measure_time_that_returns_zero_after_slow_work_of_its_own_is_caught() {
    // Its call takes 0.2 s, within SLACK of a total of 0: it must still fail, and did not
    // when a loaded machine made a fixture's own work take that long.
    let subject = Subject {
        measure_time: |_, _| {
            std::thread::sleep(Duration::from_millis(200));
            0.0
        },
        ..workspace()
    };
    assert_fails(
        subject,
        "measure_time returns the total time divided by n",
        "start the clock just before running wait_n",
    );
}

#[test]
fn a_measure_time_of_zero_waits_that_returns_nan_is_caught() {
    assert_passes("measure_time(0, …) is a caller error");
    let subject = Subject {
        measure_time: |n, _| 0.0 / n as f64,
        ..workspace()
    };
    assert_fails(
        subject,
        "measure_time(0, …) is a caller error",
        "assert!(n > 0",
    );
}

#[test]
fn a_measure_time_that_lets_tokio_refuse_it_is_caught() {
    assert_passes("measure_time refuses to block an async task");
    let subject = Subject {
        measure_time: |n, max_delay| {
            let start = std::time::Instant::now();
            basic_async_syntax::run(concurrent_coroutines::wait_n(n, max_delay));
            start.elapsed().as_secs_f64() / n as f64
        },
        ..workspace()
    };
    assert_fails(
        subject,
        "measure_time refuses to block an async task",
        "panic with a message",
    );
}

#[test]
fn a_task_wait_random_that_does_not_start_is_caught() {
    assert_passes("task_wait_random starts before it is awaited");
    let subject = Subject {
        task_wait_random: |max_delay| {
            tokio::spawn(async move {
                // Waits for a whole minute before it even starts its wait.
                tokio::time::sleep(Duration::from_secs(60)).await;
                wait_random(max_delay).await
            })
        },
        ..workspace()
    };
    assert_fails(
        subject,
        "task_wait_random starts before it is awaited",
        "tokio::spawn",
    );
}

#[test]
fn a_task_wait_random_on_a_blocking_thread_is_told_so_however_long_it_sleeps() {
    // A learner's: the work of wait_random done on spawn_blocking's thread, which the paused
    // clock does not drive. Whatever the delay (here 4 s, past the check's 3 s limit), the
    // verdict is the same, and at once.
    let subject = Subject {
        task_wait_random: |max_delay| {
            tokio::task::spawn_blocking(move || {
                let delay = f64::from(max_delay) * 0.8;
                std::thread::sleep(Duration::from_secs_f64(delay));
                delay
            })
        },
        ..workspace()
    };
    let start = Instant::now();
    let failure = verdict(subject, "task_wait_random starts before it is awaited")
        .expect_err("a blocking thread is no task of the runtime");
    assert!(start.elapsed() < Duration::from_secs(1), "{failure}");
    assert!(failure.hint.contains("spawn_blocking"), "{failure}");
    assert!(failure.actual.starts_with("0 alive"), "{failure}");
}

#[test]
fn a_task_wait_n_that_leaves_its_tasks_running_is_caught() {
    assert_passes("no task outlives a cancelled task_wait_n");
    let subject = Subject {
        task_wait_n: |n, max_delay| {
            Box::pin(concurrent_coroutines::in_completion_order((0..n).map(
                move |_| {
                    let handle = tasks::task_wait_random(max_delay);
                    async move { handle.await.expect("wait_random does not panic") }
                },
            )))
        },
        ..workspace()
    };
    assert_fails(
        subject,
        "no task outlives a cancelled task_wait_n",
        "detaches",
    );
}

#[test]
fn a_task_wait_n_without_tasks_is_caught() {
    assert_passes("task_wait_n runs every delay as a task");
    let subject = Subject {
        task_wait_n: |n, max_delay| Box::pin(concurrent_coroutines::wait_n(n, max_delay)),
        ..workspace()
    };
    assert_fails(
        subject,
        "task_wait_n runs every delay as a task",
        "task_wait_random",
    );
}

#[test]
fn a_missing_test_program_is_a_failure_that_says_why() {
    let failure = verdict(workspace(), "1-main prints three ascending lists").unwrap_err();
    assert!(
        failure.actual.contains("do not run the test programs"),
        "{failure}"
    );
}

#[test]
fn a_wait_random_that_ignores_the_seed_is_caught() {
    assert_passes("wait_random replays its delays under a seed");
    let subject = Subject {
        wait_random: |max_delay| {
            Box::pin(async move {
                use rand::RngExt;
                let delay = rand::rng().random_range(0.0..=f64::from(max_delay));
                tokio::time::sleep(Duration::from_secs_f64(delay)).await;
                delay
            })
        },
        ..workspace()
    };
    assert_fails(
        subject,
        "wait_random replays its delays under a seed",
        "seed::uniform",
    );
}

#[test]
fn a_task_wait_random_that_ignores_the_seed_is_told_both_delays_in_words() {
    assert_passes("the task draws from its caller's seed");
    let subject = Subject {
        task_wait_random: |max_delay| {
            tokio::spawn(async move {
                let delay = rand::random_range(0.0..=f64::from(max_delay));
                tokio::time::sleep(Duration::from_secs_f64(delay)).await;
                delay
            })
        },
        ..workspace()
    };
    let failure = verdict(subject, "the task draws from its caller's seed")
        .expect_err("an unseeded draw differs from one run to the next");
    assert!(failure.hint.contains("seed::inherit"), "{failure}");
    // Two floats, not the Option<Result<…>> the check kept them in.
    let (first, again) = failure.actual.split_once(", then ").expect("two delays");
    for delay in [first, again] {
        assert!(delay.parse::<f64>().is_ok(), "{failure}");
    }
}

#[test]
fn a_task_wait_n_that_hides_a_tasks_panic_is_caught() {
    assert_passes("a task's panic makes task_wait_n panic");
    let skipping = Subject {
        task_wait_n: |n, max_delay| {
            Box::pin(async move {
                let handles: Vec<_> = (0..n).map(|_| tasks::task_wait_random(max_delay)).collect();
                let mut delays = Vec::new();
                for handle in handles {
                    delays.extend(handle.await.ok());
                }
                delays
            })
        },
        ..workspace()
    };
    assert_fails(
        skipping,
        "a task's panic makes task_wait_n panic",
        "rather than skipping it",
    );
}

#[test]
fn a_task_wait_n_that_unwraps_in_a_task_of_its_own_is_told_where_its_unwrap_ran() {
    // Each delay forwarded down a channel by a task of its own, which unwraps the JoinHandle's
    // Result as the hint asks: the unwrap's panic ends only that task, and task_wait_n
    // returns what the channel got, nothing. ".expect(…) it" would tell it what it did.
    let forwarding = Subject {
        task_wait_n: |n, max_delay| {
            Box::pin(async move {
                let (sender, receiver) = std::sync::mpsc::channel();
                let forwarders: Vec<_> = (0..n)
                    .map(|_| {
                        let handle = tasks::task_wait_random(max_delay);
                        let sender = sender.clone();
                        tokio::spawn(async move {
                            let _ = sender.send(handle.await.unwrap());
                        })
                    })
                    .collect();
                drop(sender);
                for forwarder in forwarders {
                    let _ = forwarder.await;
                }
                receiver.into_iter().collect()
            })
        },
        ..workspace()
    };
    let failure = verdict(forwarding, "a task's panic makes task_wait_n panic")
        .expect_err("a task_wait_n that returns [] for panicking tasks should fail");
    assert!(
        failure.hint.contains("ran in a task that you spawned")
            && failure.hint.contains("travel to the caller")
            && !failure.hint.contains("rather than skipping it"),
        "{failure}"
    );
    // The place of the unwrap, this file, is named.
    assert!(failure.actual.contains("broken_tasks.rs:"), "{failure}");
}

#[test]
fn a_task_wait_n_that_wraps_a_tasks_panic_passes_the_grade_but_not_going_further() {
    assert_passes("task_wait_n re-raises a task's panic as it was");
    let subject = || Subject {
        task_wait_n: |n, max_delay| {
            Box::pin(async move {
                let handles: Vec<_> = (0..n).map(|_| tasks::task_wait_random(max_delay)).collect();
                let mut delays = Vec::new();
                for handle in handles {
                    delays.push(handle.await.expect("a delay task failed"));
                }
                delays
            })
        },
        ..workspace()
    };
    verdict(subject(), "a task's panic makes task_wait_n panic")
        .expect("any panic is the course's contract");
    assert_fails(
        subject(),
        "task_wait_n re-raises a task's panic as it was",
        "resume_unwind",
    );
}
