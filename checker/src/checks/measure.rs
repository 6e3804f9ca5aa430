//! Task 2: `measure_time`.

use std::panic;

use basic_async_syntax::seed;

use super::{paused_seeded, saw};
use crate::check::{Failure, Settings, Verdict, panic_message};
use crate::subject::Subject;

/// How much more than the largest delay a grade tolerates: the runtime's own cost, and the
/// scheduling noise of a loaded machine, which can reach a tenth of a second. The seed is
/// chosen so that every wrong formula is off by more than this.
const SLACK: f64 = 0.4;

pub(super) fn total_over_n(subject: &Subject, settings: &Settings) -> Verdict {
    let (n, max_delay) = (5, 1);
    // A seed whose delays tell the right formula from the wrong ones by more than SLACK:
    // the total (not / n), or the sum (waits one after another).
    let (seed, delays) = (0..100)
        .map(|index| {
            let seed = settings.seed(index);
            (seed, paused_seeded(seed, (subject.wait_n)(n, max_delay)))
        })
        .find(|(_, delays)| {
            let largest = delays.iter().copied().fold(0.0, f64::max);
            let sum: f64 = delays.iter().sum();
            // Largest delays up to 0.7 s keep the check short.
            (0.5..=0.7).contains(&largest) && sum - largest > 2.0 * SLACK
        })
        .ok_or_else(|| {
            Failure::new(
                "wait_n(5, 1) to draw delays spread over [0, 1]",
                "100 seeds gave no largest delay between 0.5 and 0.7 s",
                "wait_n(n, max_delay) should return wait_random(max_delay)'s delays",
            )
        })?;
    let largest = delays.iter().copied().fold(0.0, f64::max);
    let sum: f64 = delays.iter().sum();
    let result = seed::scope_blocking(seed, || (subject.measure_time)(n, max_delay));
    let total = result * n as f64;
    if (largest - 0.001..=largest + SLACK).contains(&total) {
        return saw(format!(
            "measure_time(5, 1) = {result:.4}; × 5 = {total:.4} s for a largest delay of {largest:.4} s"
        ));
    }
    let hint = if (largest - 0.001..=largest + SLACK).contains(&result) {
        "return the total divided by n: total_time / n"
    } else if total >= sum - 0.001 {
        "the waits ran one after another: measure wait_n, which runs them concurrently"
    } else {
        "start a clock just before running wait_n(n, max_delay), stop it after, and \
         return the elapsed seconds divided by n"
    };
    Err(Failure::new(
        format!("measure_time(5, 1) × 5 ≈ {largest:.4} s, the largest of its delays {delays:.3?}"),
        format!("measure_time(5, 1) = {result:.4}, so × 5 = {total:.4} s (seed {seed})"),
        hint,
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
