//! Timelines: the waits of the code under test, drawn beside the ones the course expects.
//!
//! The course is about one idea, waits that overlap. A timeline shows it: a row per wait of
//! the code under test, from its start to its end, on a time axis. Every `tokio::time::sleep`
//! of the code under test is recorded without its cooperation (`record`, in the harness,
//! from the spans that tokio opens for each `Sleep` when it is built with
//! `--cfg tokio_unstable` and its `tracing` feature); the check sends its rows back with its
//! verdict, and the checker draws them ([`draw`] for the terminal and the reports, [`svg`]
//! for a picture to keep).
//!
//! - [`Timeline`] and [`Wait`]: the rows, as the harness sends them (JSON).
//! - [`expected`](Timeline::expected): the course's timeline for the same waits, every wait
//!   starting together and ending at its own delay.
//! - `record` (the `timeline` feature, in the harness): the subscriber, and the windows that
//!   a check opens around the call it times (`recording` and `recording_blocking`, built with the `checks` feature).
//! - [`draw`]: the terminal's drawing, UTF-8 or ASCII; `svg` (with the command line): the
//!   picture.
//!
//! Only the checker's own build is instrumented: `run::build` gives tokio its flag as rustc's
//! wrapper. A harness built otherwise records nothing, and says so ([`Recorded::Missing`]).

use std::time::Duration;

use serde_json::{Value, json};

pub mod draw;
#[cfg(feature = "timeline")]
pub mod record;
#[cfg(feature = "cli")]
pub mod svg;

/// The environment variable that names the file where a program run by `checker timeline`
/// writes its timeline (`record::program`).
pub const FILE_VAR: &str = "CHECKER_TIMELINE_FILE";

/// How many waits a timeline keeps at most: the first and the last half of them, with the
/// number left out between. Drawings show at most about twenty rows; the rest is for SVGs.
pub const KEPT_WAITS: usize = 200;

/// Which timelines a report draws, and with which characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Drawing {
    /// Every timed check's timeline, passing or not (`--timeline`); otherwise only failures'.
    pub every: bool,
    /// UTF-8 blocks or plain ASCII.
    pub style: draw::Style,
}

/// What a check sends back about the waits of the call it timed.
#[derive(Debug, Clone, PartialEq)]
pub enum Recorded {
    /// The call's timeline.
    Timeline(Timeline),
    /// Why there is none: the harness was built without the instrumentation.
    Missing(String),
}

impl Recorded {
    /// As JSON, for the verdict: a timeline, or `{"missing": why}`.
    pub fn to_json(&self) -> Value {
        match self {
            Recorded::Timeline(timeline) => timeline.to_json(),
            Recorded::Missing(why) => json!({ "missing": why }),
        }
    }

    /// Read back from [`to_json`](Self::to_json), or `None` if it is neither.
    pub fn from_json(value: &Value) -> Option<Recorded> {
        match value["missing"].as_str() {
            Some(why) => Some(Recorded::Missing(why.to_owned())),
            None => Timeline::from_json(value).map(Recorded::Timeline),
        }
    }
}

/// Awaits `call`, a call of the code under test, its waits recorded as the check's
/// timeline, titled `title` (the call as a learner writes it), on the clock of the runtime
/// that awaits it: tokio's paused clock in a paused runtime. Without the `timeline` feature
/// (the harness built otherwise, or the checks called in-process) it only awaits `call`.
#[cfg(feature = "checks")]
pub async fn recording<F: Future>(title: impl Into<String>, call: F) -> F::Output {
    open_window(title.into(), true);
    let output = call.await;
    close_window();
    output
}

/// Calls `call`, a call of the code under test that runs a runtime of its own
/// (`measure_time`), its waits recorded as the check's timeline, on the real clock.
#[cfg(feature = "checks")]
pub fn recording_blocking<T>(title: impl Into<String>, call: impl FnOnce() -> T) -> T {
    open_window(title.into(), false);
    let output = call();
    close_window();
    output
}

/// Tells the last timeline recorded what its call returned, `delays`, one for each of its
/// waits in the order they were created: what a sleep never awaited was set to wait, which
/// tokio reports only on a sleep's first poll ([`Timeline::with_returned`]).
#[cfg(feature = "checks")]
pub fn returned(delays: &[f64]) {
    #[cfg(feature = "timeline")]
    record::returned(delays);
    #[cfg(not(feature = "timeline"))]
    let _ = delays;
}

/// Opens a window (`record::begin`, with the `timeline` feature).
#[cfg(feature = "checks")]
fn open_window(title: String, paused: bool) {
    #[cfg(feature = "timeline")]
    record::begin(title, paused);
    #[cfg(not(feature = "timeline"))]
    let _ = (title, paused);
}

/// Closes the window that [`open_window`] opened.
#[cfg(feature = "checks")]
fn close_window() {
    #[cfg(feature = "timeline")]
    record::end();
}

/// What this process recorded for its check, sent back with the verdict: the last window's
/// timeline, why there is none, or `None` when the check recorded no call.
#[cfg(feature = "checks")]
pub fn recorded() -> Option<Recorded> {
    #[cfg(feature = "timeline")]
    {
        let installed = record::install();
        let last = record::last()?;
        Some(match installed {
            Ok(()) => Recorded::Timeline(last),
            Err(why) => Recorded::Missing(why),
        })
    }
    #[cfg(not(feature = "timeline"))]
    None
}

/// The waits of one call of the code under test, on the clock the call ran on.
#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// What was called: `wait_n(100, 10)`, or a program's name.
    pub title: String,
    /// Whether the times are tokio's paused clock or the real one.
    pub paused: bool,
    /// The waits in the order they were created (at most [`KEPT_WAITS`]).
    pub waits: Vec<Wait>,
    /// How many waits were recorded but left out, between the first and the last kept.
    pub omitted: usize,
    /// The most waits of some length that were waiting at once, over every wait recorded: 1
    /// for waits in turn, 16 under a limit of 16, all of them for the course's.
    pub at_once: usize,
    /// How long the call took: from the origin of every time below to the end of the call.
    pub took: Duration,
}

/// One wait: a tokio `Sleep` of the code under test.
#[derive(Debug, Clone, PartialEq)]
pub struct Wait {
    /// Its place in creation order, from 1.
    pub index: usize,
    /// The file of the code that created it (`tokio::time::sleep`'s caller).
    pub file: String,
    /// The line of that code.
    pub line: u32,
    /// When it was created.
    pub created: Duration,
    /// When it was first polled: when it started waiting. `None`: never awaited.
    pub started: Option<Duration>,
    /// When it was due: its first poll plus its duration, in tokio's whole milliseconds. For
    /// a wait never awaited, its creation plus the delay its call returned for it, if known
    /// ([`Timeline::with_returned`]).
    pub deadline: Option<Duration>,
    /// When it ended: elapsed, dropped, or the call's end for one still pending.
    pub ended: Duration,
    /// How it ended.
    pub end: End,
}

/// How a wait ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// It reached its deadline and its future returned.
    Elapsed,
    /// It was dropped first: cancelled, or never awaited.
    Dropped,
    /// It was still pending when the call returned.
    Pending,
}

impl Wait {
    /// How long it was set to wait: its deadline less its creation (tokio fixes a sleep's
    /// deadline when it is created). `None` if never awaited.
    pub fn delay(&self) -> Option<Duration> {
        self.started?;
        Some(self.deadline?.saturating_sub(self.created))
    }

    /// How long it was set to wait, awaited or not: [`delay`](Self::delay), or for a wait
    /// never awaited the delay its call returned for it, when that is known.
    pub fn duration(&self) -> Option<Duration> {
        Some(self.deadline?.saturating_sub(self.created))
    }

    /// Where it was created, as `file:line`.
    pub fn site(&self) -> String {
        format!("{}:{}", self.file, self.line)
    }
}

impl Timeline {
    /// The timeline that the course expects for the same waits: every one starting at 0 and
    /// ending at its own delay, a wait never awaited too when its duration is known
    /// ([`Wait::duration`]); one whose duration is not known is left out.
    pub fn expected(&self) -> Timeline {
        let waits: Vec<Wait> = self
            .waits
            .iter()
            .filter_map(|wait| {
                let delay = wait.duration()?;
                Some(Wait {
                    created: Duration::ZERO,
                    started: Some(Duration::ZERO),
                    deadline: Some(delay),
                    ended: delay,
                    end: End::Elapsed,
                    ..wait.clone()
                })
            })
            .collect();
        let took = waits
            .iter()
            .map(|wait| wait.ended)
            .max()
            .unwrap_or_default();
        Timeline {
            title: format!("{}, as the course expects", self.title),
            paused: self.paused,
            // Every wait of some length at once; those left out start at 0 too.
            at_once: waits
                .iter()
                .filter(|wait| wait.ended > Duration::ZERO)
                .count()
                + self.omitted,
            waits,
            omitted: self.omitted,
            took,
        }
    }

    /// Gives the waits never awaited the durations they were set to, from `delays`, what the
    /// call returned, one for each wait in creation order: tokio reports a sleep's duration
    /// on its first poll only, and without it the course's timeline of a sleep never awaited
    /// would have no wait at all. Only when no wait was awaited and there are as many delays
    /// as waits (`wait_random` and its one sleep, or `wait_n` of never-awaited sleeps, which
    /// each return at once, in creation order): otherwise which delay is whose is not known,
    /// and the timeline is left as it is.
    pub fn with_returned(&mut self, delays: &[f64]) {
        let never_awaited = self
            .waits
            .iter()
            .all(|wait| wait.started.is_none() && wait.deadline.is_none());
        if !never_awaited || self.waits.len() + self.omitted != delays.len() {
            return;
        }
        for wait in &mut self.waits {
            let returned = wait
                .index
                .checked_sub(1)
                .and_then(|at| delays.get(at))
                .and_then(|&delay| Duration::try_from_secs_f64(delay).ok());
            wait.deadline = returned.map(|delay| wait.created + delay);
        }
    }

    /// The places the waits were created, each once, in order of first use.
    pub fn sites(&self) -> Vec<String> {
        let mut sites: Vec<String> = Vec::new();
        for wait in &self.waits {
            let site = wait.site();
            if !sites.contains(&site) {
                sites.push(site);
            }
        }
        sites
    }

    /// The timeline as JSON, times in milliseconds.
    pub fn to_json(&self) -> Value {
        let ms = |time: Duration| time.as_secs_f64() * 1000.0;
        json!({
            "title": self.title,
            "clock": if self.paused { "paused" } else { "real" },
            "took_ms": ms(self.took),
            "omitted": self.omitted,
            "at_once": self.at_once,
            "waits": self.waits.iter().map(|wait| json!({
                "index": wait.index,
                "file": wait.file,
                "line": wait.line,
                "created_ms": ms(wait.created),
                "started_ms": wait.started.map(ms),
                "deadline_ms": wait.deadline.map(ms),
                "ended_ms": ms(wait.ended),
                "end": match wait.end {
                    End::Elapsed => "elapsed",
                    End::Dropped => "dropped",
                    End::Pending => "pending",
                },
            })).collect::<Vec<_>>(),
        })
    }

    /// A timeline read back from [`to_json`](Self::to_json), or `None` if it is not one.
    pub fn from_json(value: &Value) -> Option<Timeline> {
        let time = |value: &Value| {
            let ms = value.as_f64()?;
            Duration::try_from_secs_f64(ms / 1000.0).ok()
        };
        let optional = |value: &Value| {
            if value.is_null() {
                Some(None)
            } else {
                time(value).map(Some)
            }
        };
        let waits = value["waits"]
            .as_array()?
            .iter()
            .map(|wait| {
                Some(Wait {
                    index: usize::try_from(wait["index"].as_u64()?).ok()?,
                    file: wait["file"].as_str()?.to_owned(),
                    line: u32::try_from(wait["line"].as_u64()?).ok()?,
                    created: time(&wait["created_ms"])?,
                    started: optional(&wait["started_ms"])?,
                    deadline: optional(&wait["deadline_ms"])?,
                    ended: time(&wait["ended_ms"])?,
                    end: match wait["end"].as_str()? {
                        "elapsed" => End::Elapsed,
                        "dropped" => End::Dropped,
                        "pending" => End::Pending,
                        _ => return None,
                    },
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Timeline {
            title: value["title"].as_str()?.to_owned(),
            paused: value["clock"].as_str()? == "paused",
            at_once: usize::try_from(value["at_once"].as_u64()?).ok()?,
            waits,
            omitted: usize::try_from(value["omitted"].as_u64()?).ok()?,
            took: time(&value["took_ms"])?,
        })
    }
}
