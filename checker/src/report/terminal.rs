//! The report on a terminal, as the checks come: a progress bar, then each task's checks
//! under its heading, a task that was not built as its compiler's message, the checks that go
//! further, and the summary.
//!
//! The [short](super::Detail::Short) report shows a task once all its checks are in (its
//! first failure in full, the others a line each), and going further as a line per task;
//! the [full](super::Detail::Full) one shows each check as it comes.

use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::Detail;
use crate::harness::check::{Check, Outcome, Settings, Tier};
use crate::run::build::Build;
use crate::run::confine::Held;
use crate::run::graded::Live;

/// The live text report (or, for another format, only nothing: `text` false).
pub struct Terminal {
    confinement: Option<String>,
    settings: Settings,
    detail: Detail,
    replay: String,
    text: bool,
    bar: ProgressBar,
    checks: Vec<&'static Check>,
    section: Option<(Tier, u8)>,
    /// The short report's outcomes of the task being graded, shown once it is complete.
    pending: Vec<Outcome>,
    /// Whether the short report's first failure is still to be shown in full.
    in_full: bool,
}

impl Terminal {
    /// A report of a run with `settings`, replayed by `replay`, showing `detail`; `text` false
    /// shows nothing (the results go out in another format once graded).
    pub fn new(settings: Settings, detail: Detail, replay: &str, text: bool) -> Self {
        Self {
            confinement: None,
            settings,
            detail,
            replay: replay.to_owned(),
            text,
            bar: ProgressBar::hidden(),
            checks: Vec::new(),
            section: None,
            pending: Vec::new(),
            in_full: true,
        }
    }

    /// `bar`, drawn on standard error when that is a terminal and the report is text.
    fn shown(&self, bar: ProgressBar) -> ProgressBar {
        if self.text {
            bar
        } else {
            ProgressBar::hidden()
        }
    }

    /// The short report's section of the task whose outcomes are pending, if any.
    fn flush(&mut self, build: Option<&Build>) {
        let pending = std::mem::take(&mut self.pending);
        let Some(first) = pending.first() else {
            return;
        };
        let (task, tier) = (first.check.task, first.check.tier);
        let outcomes: Vec<&Outcome> = pending.iter().collect();
        let text = match tier {
            Tier::Further => super::further_line(task, &outcomes, "--further"),
            Tier::Grade => {
                super::short_section(task, &outcomes, build, &self.settings, &mut self.in_full)
            }
        };
        self.bar.suspend(|| anstream::println!("{text}"));
    }
}

impl Live for Terminal {
    fn building(&mut self) {
        self.bar = self.shown(ProgressBar::new_spinner());
        self.bar.set_message("building the tasks");
        self.bar.enable_steady_tick(Duration::from_millis(100));
    }

    fn confined(&mut self, held: &Held) {
        self.confinement = Some(held.to_string());
    }

    fn built(&mut self, _build: &Build, checks: &[&'static Check]) {
        self.bar.finish_and_clear();
        if self.text {
            if let Some(confinement) = &self.confinement {
                let line = match self.detail {
                    Detail::Short => super::one_row(confinement),
                    Detail::Full => confinement.clone(),
                };
                anstream::println!("{}", super::dimmed(&line));
            }
            anstream::println!("{}", super::header(&self.settings));
        }
        self.checks = checks.to_vec();
        self.bar = self.shown(ProgressBar::new(checks.len() as u64));
        self.bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed:>4} {wide_msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        // Ticks on its own, so that the time keeps moving through a 30-second real-clock run.
        self.bar.enable_steady_tick(Duration::from_millis(200));
        self.bar
            .set_message(checks.first().map_or("", |check| check.name));
    }

    fn graded(&mut self, outcome: &Outcome, build: &Build) {
        let done = self
            .checks
            .iter()
            .position(|check| std::ptr::eq(*check, outcome.check))
            .map_or(0, |at| at + 1);
        self.bar.set_position(done as u64);
        self.bar
            .set_message(self.checks.get(done).map_or("", |check| check.name));
        if !self.text {
            return;
        }
        let check = outcome.check;
        if self.detail == Detail::Short {
            if self.section != Some((check.tier, check.task)) {
                self.flush(Some(build));
                self.section = Some((check.tier, check.task));
            }
            self.pending.push(outcome.clone());
            // A task's grade is shown once its last check is in, with what the build says.
            let expected = self
                .checks
                .iter()
                .filter(|other| (other.tier, other.task) == (check.tier, check.task))
                .count();
            if check.tier == Tier::Grade && self.pending.len() == expected {
                self.flush(Some(build));
            }
            return;
        }
        let (settings, section) = (&self.settings, &mut self.section);
        self.bar.suspend(|| {
            if *section != Some((check.tier, check.task)) {
                if section.is_none_or(|(tier, _)| tier != check.tier) && check.tier == Tier::Further
                {
                    anstream::println!("{}", super::further_heading(settings.strict));
                }
                *section = Some((check.tier, check.task));
                anstream::println!("{}", super::task_heading(check.task));
                if check.tier == Tier::Grade {
                    if build.unbuilt.contains_key(&check.task) {
                        anstream::println!("{}", super::unbuilt_in(build, check.task));
                    }
                    if let Some(warnings) = build.warnings.get(&check.task) {
                        anstream::println!("{}", super::warnings(warnings));
                    }
                }
            }
            if !build.unbuilt.contains_key(&check.task) {
                anstream::println!("{}", super::outcome(outcome, settings, Detail::Full));
            }
        });
    }

    fn finished(&mut self, outcomes: &[Outcome]) {
        self.flush(None);
        self.bar.finish_and_clear();
        if self.text {
            anstream::println!(
                "{}",
                super::summary(outcomes, &self.settings, self.detail, &self.replay)
            );
        }
    }
}

impl Drop for Terminal {
    fn drop(&mut self) {
        // A build that failed leaves its spinner: clear it before the error is printed.
        self.bar.finish_and_clear();
    }
}
