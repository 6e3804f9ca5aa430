//! A `print` for the guide's examples that records each line with the time it was printed.
//!
//! Every example prints through a `print` closure that its program takes as an argument: the
//! example's `main` passes one that writes to stdout, a test passes [`Transcript::printer`].
//! On tokio's paused clock the recorded times are exact, so one comparison asserts both the
//! order of the lines and how the waits overlapped.
//!
//! The tests of every crate's examples include this one file with `#[path]`.

use std::sync::{Arc, Mutex, PoisonError};

use tokio::time::Instant;

/// The lines printed since [`Transcript::start`], each with the instant it was printed.
pub struct Transcript {
    start: Instant,
    lines: Arc<Mutex<Vec<(Instant, String)>>>,
}

impl Transcript {
    /// Starts a transcript whose times count from now, on tokio's clock.
    pub fn start() -> Self {
        Self {
            start: Instant::now(),
            lines: Arc::default(),
        }
    }

    /// A `print` that records into this transcript.
    ///
    /// It is `Clone + Send + 'static` so that tasks started with `tokio::spawn` can own a copy.
    pub fn printer(&self) -> impl Fn(&str) + Clone + Send + 'static {
        let lines = Arc::clone(&self.lines);
        move |line: &str| {
            lines
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push((Instant::now(), line.to_owned()))
        }
    }

    /// Each recorded line as `"{time since the start:?}: {line}"`, then `"{now:?}: finished"`.
    ///
    /// Call it when the program has returned: the last entry is how long the program took.
    pub fn finish(self) -> Vec<String> {
        let finished = (Instant::now(), "finished".to_owned());
        let mut lines = self
            .lines
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        lines.push(finished);
        lines
            .into_iter()
            .map(|(at, line)| format!("{:?}: {line}", at - self.start))
            .collect()
    }
}
