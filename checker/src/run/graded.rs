//! The outcome of a grading run, as every report reads it: what was built and how each check
//! ended ([`Graded`], or why there is no grade: [`Grading`]), a class's [`Row`]s, what happens
//! while it runs ([`Live`]), and the [`Format`] the results are written in.
//!
//! `grade/` makes these and `report/` writes them, so they live below both; the harness's
//! build of this crate (without the `cli` feature) compiles them too, and leaves out clap's
//! derive of [`Format`].

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use crate::harness::check::{Check, Outcome};
use crate::run::build::Build;
use crate::run::confine;

/// The format of the results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Format {
    /// The report for people.
    Text,
    /// Exercism's test-runner `results.json`, version 3.
    Json,
    /// Gradescope's autograder `results.json`.
    Gradescope,
    /// JUnit XML, as cargo-nextest writes it.
    Junit,
}

impl Format {
    /// The format of the file written to `--output-dir`: text people read on the terminal,
    /// so the file is Exercism's.
    pub fn or_json(self) -> Self {
        match self {
            Self::Text => Self::Json,
            other => other,
        }
    }

    /// The name of the file that holds results in this format, in `--output-dir`.
    pub fn file_name(self) -> &'static str {
        match self {
            Self::Text | Self::Json | Self::Gradescope => "results.json",
            Self::Junit => "junit.xml",
        }
    }
}

/// A workspace graded: what was built, and the outcome of each check that ran.
pub struct Graded {
    /// What was built, and what was not, and why.
    pub build: Build,
    /// Each check's outcome, in the order of the report.
    pub outcomes: Vec<Outcome>,
    /// The tasks whose crate the submission does not have, graded as the starter's.
    pub not_submitted: BTreeSet<u8>,
}

/// What one grading gave: the grade, or why there is none (the message says).
pub type Grading = Result<Graded, String>;

/// What happens while a workspace is graded, for whoever shows it.
pub trait Live {
    /// The build starts.
    fn building(&mut self) {}
    /// What confinement holds for the checks about to run.
    fn confined(&mut self, _held: &confine::Held) {}
    /// The build is over; these checks are about to run.
    fn built(&mut self, _build: &Build, _checks: &[&'static Check]) {}
    /// A check's outcome, in the order of the report.
    fn graded(&mut self, _outcome: &Outcome, _build: &Build) {}
    /// Every check has run.
    fn finished(&mut self, _outcomes: &[Outcome]) {}
}

/// Nothing shown: a class's submissions, graded behind a progress bar of their own.
pub struct Quiet;

impl Live for Quiet {}

/// One submission of a class, graded.
pub struct Row {
    /// The PATH as it was given.
    pub submission: PathBuf,
    /// The folder of its results in `--output-dir`, and its name in the class's files: its
    /// folder's name, made unique.
    pub folder: String,
    /// Its grade, or why there is none.
    pub graded: Grading,
    /// How long it took from the start of its build to the end of its checks.
    pub took: Duration,
}
