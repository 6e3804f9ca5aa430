//! Task 2: `measure_time`.

use std::panic;
use std::time::Instant as WallClock;

use super::saw;
use crate::harness::check::{Failure, Settings, Verdict, panic_message};
use crate::harness::subject::Subject;

/// How far a measured time may be off: the runtime's own cost, and the scheduling noise of a
/// loaded machine, which can reach a tenth of a second. Every wrong formula the check names
/// is off by more than this.
const SLACK: f64 = 0.4;

pub(super) fn total_over_n(subject: &Subject, _: &Settings) -> Verdict {
    // The call is timed from outside, on the real clock, so any measure_time passes: with
    // its own runtime (Runtime::new, a current-thread builder) or with basic_async_syntax's
    // run, timed with std's Instant or tokio's. Nothing about the draws is assumed but their
    // range: ten waits of at most 1 s overlap into at most 1 s (a correct solution cannot
    // take longer but for SLACK of a stalled machine), and their largest is below 0.1 s with
    // a chance of 1e-10, so three such calls in a row (1e-30) mean wait_n did not run.
    let (n, max_delay) = (10, 1);
    let call = format!("measure_time({n}, {max_delay})");
    for _ in 0..3 {
        let start = WallClock::now();
        let result = crate::timeline::recording_blocking(call.clone(), || {
            (subject.measure_time)(n, max_delay)
        });
        let took = start.elapsed().as_secs_f64();
        let total = result * n as f64;
        let actual =
            format!("{call} = {result:.4}, so × {n} = {total:.4} s; the call took {took:.4} s");
        if !(result >= 0.0 && result.is_finite()) {
            return Err(Failure::new(
                format!("{call} to return a time ≥ 0"),
                actual,
                "return the elapsed seconds, end minus start, divided by n",
            ));
        }
        if total > took + 0.002 {
            let hint = if (result - took).abs() <= SLACK {
                "return the total divided by n: total_time / n"
            } else {
                "time wait_n(n, max_delay) itself: start a clock just before it, stop it just \
                 after, and return the elapsed seconds divided by n"
            };
            return Err(Failure::new(
                format!("{call} × {n} ≈ the time the call took, at most"),
                actual,
                hint,
            ));
        }
        if took > f64::from(max_delay) + SLACK {
            return Err(Failure::new(
                format!(
                    "{call} to take about its largest delay, at most {max_delay} s: the ten waits overlap"
                ),
                actual,
                "the waits ran one after another: measure_time measures your wait_n (task 1), \
                 which must run them concurrently, with task 0's wait_random, which must not \
                 block its thread; make task 1 pass first (and task 0, if it fails)",
            ));
        }
        // A call that waited 0.1 s or more ran wait_n (see below), and a measure of wait_n
        // is no shorter than its largest delay: a total under 0.1 s did not time it (a
        // measure_time that returns 0.0 after slow work of its own, within SLACK of it).
        if total < took - SLACK || (took >= 0.1 && total < 0.1) {
            return Err(Failure::new(
                format!("{call} × {n} ≈ the time the call took"),
                actual,
                "start the clock just before running wait_n(n, max_delay) and stop it just \
                 after, so that the whole wait is measured",
            ));
        }
        if took >= 0.1 {
            return saw(format!(
                "{call} = {result:.4}; × {n} = {total:.4} s, for a call that took {took:.4} s"
            ));
        }
    }
    Err(Failure::new(
        format!(
            "{call} to wait for wait_n({n}, {max_delay}), whose largest delay is 0.1 s or more but once in 10^10 calls"
        ),
        "three calls in a row returned within 0.1 s",
        "run wait_n(n, max_delay) to completion inside measure_time (block_on it on a runtime)",
    ))
}

pub(super) fn zero_is_an_error(subject: &Subject, _: &Settings) -> Verdict {
    let measure_time = subject.measure_time;
    match panic::catch_unwind(|| measure_time(0, 1)) {
        Ok(value) => Err(Failure::new(
            "measure_time(0, 1) to panic with a message naming measure_time",
            format!("it returned {value:?}"),
            "there is nothing to average over n = 0: assert!(n > 0, \"measure_time: …\") \
             before dividing",
        )),
        Err(payload) => names_measure_time(&panic_message(&*payload), "measure_time(0, 1)"),
    }
}

pub(super) fn not_from_a_task(subject: &Subject, _: &Settings) -> Verdict {
    let measure_time = subject.measure_time;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_time()
        .build()
        .expect("the OS should provide a tokio runtime");
    let from_task = runtime.block_on(runtime.spawn(async move { measure_time(1, 0) }));
    let from_blocking = runtime.block_on(runtime.spawn_blocking(move || measure_time(1, 0)));
    match from_task {
        Ok(value) => {
            return Err(Failure::new(
                "measure_time called inside an async task to panic, naming measure_time",
                format!("it returned {value:?}, blocking the task's worker thread meanwhile"),
                "a plain function that blocks must not run on a thread that drives tasks",
            ));
        }
        Err(error) => {
            let message = panic_message(&*error.into_panic());
            names_measure_time(&message, "measure_time(1, 0) in a task")?;
        }
    }
    match from_blocking {
        Ok(value) if value >= 0.0 => saw(format!(
            "in a task it panicked naming measure_time; from spawn_blocking it returned {value:?}"
        )),
        Ok(value) => Err(Failure::new(
            "measure_time(1, 0) from spawn_blocking to return a time ≥ 0",
            format!("it returned {value:?}"),
            "return the elapsed seconds divided by n",
        )),
        Err(error) => Err(Failure::new(
            "measure_time(1, 0) to work from tokio::task::spawn_blocking",
            format!("it panicked: {}", panic_message(&*error.into_panic())),
            "a spawn_blocking thread may block: only refuse to run on an async task's thread",
        )),
    }
}

fn names_measure_time(message: &str, call: &str) -> Verdict {
    if message.contains("measure_time") {
        saw(format!("{call} panicked: {message}"))
    } else {
        Err(Failure::new(
            format!("{call} to panic with a message that names measure_time"),
            format!("it panicked with: {message}"),
            "check the caller's mistake yourself and panic with a message that says what it \
             is, before tokio or a division does",
        ))
    }
}
