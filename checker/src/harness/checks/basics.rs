//! Task 0: `wait_random`.

use std::time::Instant as WallClock;

use tokio::time::Instant;

use super::{drawn, paused_seeded, saw, within};
use crate::harness::check::{Failure, Settings, Verdict};
use crate::harness::subject::Subject;

/// tokio's timer fires on the first millisecond tick at or after a deadline.
pub(crate) const TICK: f64 = 0.001;

pub(super) fn within_bounds(subject: &Subject, settings: &Settings) -> Verdict {
    for max_delay in [0, 1, 5, 15] {
        for index in 0..100 {
            let seed = settings.seed(index);
            let delay = paused_seeded(subject, seed, (subject.wait_random)(max_delay));
            within(delay, max_delay, &format!("wait_random({max_delay})"))?;
            if max_delay == 0 && delay != 0.0 {
                return Err(Failure::new(
                    "wait_random(0) == 0.0",
                    format!("wait_random(0) gave {delay:?}"),
                    "with max_delay 0 the only delay in [0, 0] is 0.0",
                ));
            }
        }
    }
    saw("400 delays, all within their bounds; wait_random(0) is 0.0")
}

pub(super) fn replays_under_a_seed(subject: &Subject, settings: &Settings) -> Verdict {
    for index in 0..5 {
        let seed = settings.seed(index);
        let first = paused_seeded(subject, seed, (subject.wait_random)(10));
        let again = paused_seeded(subject, seed, (subject.wait_random)(10));
        if first != again {
            return Err(Failure::new(
                format!("the same delay twice under seed {seed}"),
                format!("{first:?}, then {again:?}"),
                "draw the delay with basic_async_syntax::seed::uniform(max_delay), the seeded \
                 random.uniform: the later checks and ASYNC_SEED replay delays through it",
            ));
        }
    }
    saw("5 seeds, each giving the same delay twice")
}

pub(super) fn default_max_delay(subject: &Subject, _: &Settings) -> Verdict {
    match subject.default_max_delay {
        10 => saw("DEFAULT_MAX_DELAY = 10"),
        other => Err(Failure::new(
            "DEFAULT_MAX_DELAY = 10",
            format!("DEFAULT_MAX_DELAY = {other}"),
            "Python's default argument `max_delay: int = 10` becomes the constant \
             `pub const DEFAULT_MAX_DELAY: u32 = 10`",
        )),
    }
}

pub(super) fn uniform_floats(subject: &Subject, settings: &Settings) -> Verdict {
    let delays = paused_seeded(
        subject,
        settings.seed(0),
        Box::pin({
            let wait_random = subject.wait_random;
            async move {
                let mut delays = Vec::with_capacity(1000);
                for _ in 0..1000 {
                    delays.push(wait_random(10).await);
                }
                delays
            }
        }),
    );
    if delays.iter().all(|delay| delay.fract() == 0.0) {
        return Err(Failure::new(
            "floats such as 3.8316…",
            format!("only whole numbers, such as {:?}", &delays[..3]),
            "random.uniform returns a float: draw an f64 with rng.random_range(0.0..=max), \
             not an integer",
        ));
    }
    let low = delays.iter().filter(|&&delay| delay < 5.0).count();
    let (smallest, largest) = delays
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &d| (lo.min(d), hi.max(d)));
    // Uniform draws put 500 ± 16 of 1000 below the middle; 400..=600 is six deviations wide.
    if !(400..=600).contains(&low) || smallest > 0.5 || largest < 9.5 {
        return Err(Failure::new(
            "delays spread evenly over [0, 10]: about half below 5, some under 0.5 and over 9.5",
            format!("{low} of 1000 below 5; smallest {smallest:.3}, largest {largest:.3}"),
            "draw each delay uniformly over the whole range, as random.uniform(0, max_delay)",
        ));
    }
    saw(format!(
        "1000 delays of wait_random(10): {low} below 5, from {smallest:.3} to {largest:.3}"
    ))
}

/// One call of `wait_random(max_delay)` on the paused clock, timed on both clocks: its
/// delay, the paused time it slept, and the real time it took.
fn timed_on_both_clocks(subject: &Subject, seed: u64, max_delay: u32) -> (f64, f64, f64) {
    let wait_random = subject.wait_random;
    let real = WallClock::now();
    let (delay, slept) = drawn(
        subject,
        seed,
        format!("wait_random({max_delay})"),
        Box::pin(async move {
            let start = Instant::now();
            let delay = wait_random(max_delay).await;
            (delay, start.elapsed().as_secs_f64())
        }),
    );
    let real = real.elapsed().as_secs_f64();
    crate::timeline::returned(&[delay]);
    (delay, slept, real)
}

/// The failure of a `wait_random` whose paused clock did not move while real time passed:
/// it slept on its thread (`std::thread::sleep`), which no timer of tokio's sees.
fn blocked(delay: f64, slept: f64, real: f64) -> Failure {
    Failure::new(
        format!("wait_random to sleep {delay} s on tokio's clock, the delay it returned"),
        format!(
            "tokio's paused clock moved {slept} s, but the call took {real:.3} s of real time: \
             it blocked its thread for the delay"
        ),
        "std::thread::sleep blocks the runtime's thread (every other future on it stops too, \
         and tokio's clock never sees it): use tokio::time::sleep(…).await",
    )
}

/// Whether a call that slept `slept` s on the paused clock and took `real` s of real time
/// blocked for its `delay`: the paused clock stayed short of it, and real time covered most
/// of it (a timer on the paused clock costs microseconds). Only a delay of a tenth of a
/// second or more is told apart, well above a loaded machine's scheduling noise.
fn blocked_for(delay: f64, slept: f64, real: f64) -> bool {
    delay >= 0.1 && slept < delay - TICK && real >= 0.9 * delay
}

pub(super) fn sleeps_its_delay(subject: &Subject, settings: &Settings) -> Verdict {
    // A blocking wait_random(15) takes up to 15 s of real time, over this check's limit: the
    // first calls, of wait_random(1), tell a blocking sleep apart within about a second, and
    // the calls of wait_random(15) run only once one of them slept on tokio's clock.
    for index in 0..10 {
        let (delay, slept, real) = timed_on_both_clocks(subject, settings.seed(100 + index), 1);
        if blocked_for(delay, slept, real) {
            return Err(blocked(delay, slept, real));
        }
        if delay >= 0.1 {
            break;
        }
    }
    for index in 0..50 {
        let (delay, slept, real) = timed_on_both_clocks(subject, settings.seed(index), 15);
        if blocked_for(delay, slept, real) {
            return Err(blocked(delay, slept, real));
        }
        if slept == 0.0 && delay > 0.0 {
            return Err(Failure::new(
                format!("wait_random(15) to sleep {delay} s, the delay it returned"),
                "it did not sleep at all",
                "await tokio::time::sleep(Duration::from_secs_f64(delay)) before returning: a \
                 sleep that is not awaited does nothing",
            ));
        }
        // To the tick either way: a sleep of whole milliseconds may end a tick early.
        if slept < delay - TICK || slept > delay + TICK {
            return Err(Failure::new(
                format!("wait_random(15) to sleep {delay} s, the delay it returned"),
                format!("it slept {slept} s"),
                "sleep the same delay that you return: draw it once, sleep it, return it",
            ));
        }
    }
    saw("50 waits each slept the delay they returned, to the 1 ms tick")
}

pub(super) fn does_not_block(subject: &Subject, settings: &Settings) -> Verdict {
    // On the paused clock a timer costs no real time; a blocking sleep costs all of it. A
    // delay of at least 0.6 s makes the difference plain, whatever the machine's load.
    for index in 0..20 {
        let start = WallClock::now();
        let delay = drawn(
            subject,
            settings.seed(index),
            "wait_random(2)",
            (subject.wait_random)(2),
        );
        let blocked = start.elapsed().as_secs_f64();
        crate::timeline::returned(&[delay]);
        if blocked > 0.25 && blocked > delay / 2.0 {
            return Err(Failure::new(
                "wait_random to let its thread run other tasks while it waits",
                format!(
                    "wait_random blocked its thread for {blocked:.1} s (its delay was {delay:.3} s)"
                ),
                "std::thread::sleep blocks the runtime's thread, and every future on it stops too: \
                 use tokio::time::sleep(…).await, not std::thread::sleep",
            ));
        }
        if delay >= 0.6 {
            return saw(format!(
                "a {delay:.3} s wait took {:.1} ms of real time on the paused clock",
                blocked * 1e3
            ));
        }
    }
    Err(Failure::new(
        "wait_random(2) to draw a delay of 0.6 s or more within 20 seeds",
        "every delay was smaller",
        "draw the delay uniformly from the whole of [0, max_delay]",
    ))
}
