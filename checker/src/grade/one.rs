//! One workspace, built, graded and reported: `cargo run -p checker` in place, and `checker
//! grade PATH` with one PATH.
//!
//! [`grade`] builds a grading workspace and runs the checks, telling a [`Live`] what happens
//! as it happens (the terminal's report is one, [`report::terminal`]); [`run`] is the
//! command: where the workspace is, the report, the files of `--output-dir` and the exit
//! status. `--watch` is the learner's room's ([`crate::learn::watch`]), which calls [`grade`].

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use super::workspace::{self, Home, Submission};
use super::{Gate, run_checks};
use crate::harness::check::{Limits, Settings};
use crate::harness::checks;
use crate::report::policy::Policy;
use crate::report::{self, Detail, terminal::Terminal};
use crate::run::build::{self, Build, Workspace};
use crate::run::confine;
use crate::run::graded::{Format, Graded, Grading, Live};
use crate::timeline;

/// How to grade: which checks, which seed, which output.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Runs only this task's checks (0 to 4), to award points per task.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=4))]
    pub task: Option<u8>,

    /// Replays a run: the seed that a report printed. Random when absent.
    #[arg(long)]
    pub seed: Option<u64>,

    /// Adds the full real-clock run of every test program, as the course runs them (about a minute).
    #[arg(long)]
    pub real_time: bool,

    /// Counts the going-further checks in the grade (exit status, results and counts): what
    /// this workspace's reference does beyond the course. Without it they are shown after
    /// the grade as optional challenges.
    #[arg(long)]
    pub strict: bool,

    /// `text` for people; `json` for Exercism's test-runner results.json (version 3);
    /// `gradescope` for Gradescope's results.json; `junit` for JUnit XML (GitLab, Jenkins,
    /// CodeGrade).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Writes the results to DIR (results.json, or junit.xml with --format junit) and exits 0
    /// once they are written, whatever the grade (a submission with nothing to grade gets
    /// results that say so), 3 when they could not be written: Exercism's test-runner
    /// interface. With `grade`, also DIR/grades.csv, DIR/summary.csv, and each submission's
    /// results and feedback.md in `DIR/<its folder name>/`.
    #[arg(long, value_name = "DIR")]
    pub output_dir: Option<PathBuf>,

    /// The teacher's grading policy, a JSON file: each task's points (20 by default), all or
    /// nothing per task ("credit": "task", the default) or per check ("check"), Gradescope's
    /// "visibility", and whether feedback shows "solutions".
    #[arg(long, value_name = "FILE", value_parser = Policy::from_file)]
    pub grading: Option<Policy>,

    /// The memory each check may use (its address space: 512M, 2G…); past it, the check
    /// fails saying it ran out.
    #[arg(long, value_name = "SIZE", default_value = "1G", value_parser = confine::parse_size)]
    pub memory: u64,

    /// Stops with an error unless every confinement holds (limits, a user of its own per
    /// check, Landlock's files, network and signals): for a grading server.
    #[arg(long)]
    pub require_confinement: bool,

    /// Seconds that building the tasks may take before it is stopped.
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    pub build_timeout: u64,

    /// Draws the timeline of every timed check, passing or not: the waits of the call it
    /// timed, under the timeline the course expects. Failures always show theirs.
    #[arg(long)]
    pub timeline: bool,

    /// Shows the going-further checks one by one, and the whole report: every failure in
    /// full (as --timeline and --strict do). Without it the report is one screen: a line
    /// per check, the first failure in full, going further folded to a line per task.
    #[arg(long)]
    pub further: bool,

    /// Draws timelines in plain ASCII (also when TERM=dumb or the locale is not UTF-8).
    #[arg(long)]
    pub ascii: bool,

    /// Writes an SVG picture of every timed check's timeline to DIR (yours, and the one the
    /// course expects), for slides and notes.
    #[arg(long, value_name = "DIR")]
    pub timeline_svg: Option<PathBuf>,

    /// Grades again on every save of a file of the workspace, until `q` or Ctrl-C.
    #[arg(long, conflicts_with = "output_dir")]
    pub watch: bool,

    /// With --watch: grades again on Enter instead of on save, where watching files does not
    /// work (network and mounted file systems).
    #[arg(long, requires = "watch")]
    pub manual: bool,

    /// Runs only the checks of the grade, none of those that go further (the watch mode's
    /// grades, until `f` asks for them).
    #[arg(skip)]
    pub grade_only: bool,

    /// Runs the checks with this program in place of the checker-harness it builds (the
    /// checker's own tests use it to grade deliberately misbehaving tasks).
    #[arg(long, hide = true)]
    pub harness: Option<PathBuf>,

    /// Caps every check's wall-clock limit at this many seconds (the checker's own tests of
    /// hangs use it).
    #[arg(long, hide = true, value_name = "SECONDS", value_parser = positive_seconds)]
    pub check_limit: Option<f64>,
}

impl Options {
    /// The settings of one run: the seed given, or a new one.
    pub fn settings(&self) -> Settings {
        Settings {
            seed: self.seed.unwrap_or_else(rand::random),
            real_time: self.real_time,
            time_limit: self.check_limit.map(Duration::from_secs_f64),
            strict: self.strict,
            confine: Some(Limits {
                memory: self.memory,
                ..Limits::default()
            }),
            drawing: timeline::Drawing {
                every: self.timeline,
                style: timeline::draw::Style::for_terminal(self.ascii),
            },
            // Only the report a person reads is cut short: every file a grader reads (the
            // machine formats, --output-dir's) has every check.
            cut_short: self.format == Format::Text
                && self.output_dir.is_none()
                && self.detail() == Detail::Short,
        }
    }

    /// How much the text report shows: everything with --further, --timeline or --strict.
    pub fn detail(&self) -> Detail {
        if self.further || self.timeline || self.strict {
            Detail::Full
        } else {
            Detail::Short
        }
    }

    /// What confinement holds for the checks of this run, which run `binaries` (the harness
    /// and the test programs, once built).
    ///
    /// # Errors
    ///
    /// With `--require-confinement`, when one does not hold: the message names it.
    pub fn confinement(&self, binaries: &[PathBuf]) -> Result<confine::Held, String> {
        let held = confine::probe(
            Limits {
                memory: self.memory,
                ..Limits::default()
            },
            binaries,
        );
        let missing = held.missing();
        if self.require_confinement && !missing.is_empty() {
            return Err(format!(
                "--require-confinement: not every confinement holds here: no {}",
                missing.join("; no ")
            ));
        }
        Ok(held)
    }

    /// How long the build may take.
    pub fn build_limit(&self) -> Duration {
        Duration::from_secs(self.build_timeout)
    }

    /// The grading policy: the teacher's file's, or the default.
    pub fn policy(&self) -> Policy {
        self.grading.clone().unwrap_or_default()
    }
}

/// A number of seconds above zero.
fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(seconds),
        _ => Err(format!("{text:?} is not a number of seconds above zero")),
    }
}

/// Builds `workspace` and runs the checks on it, telling `live` as it goes: [`build()`], then
/// [`check()`].
///
/// # Errors
///
/// When the build fails as a whole (cargo cannot read the workspace, the time runs out, the
/// checker's own code does not compile), or the checks cannot start; the message says which.
pub fn grade(
    submission: &Submission,
    options: &Options,
    settings: Settings,
    gate: Option<&Gate>,
    live: &mut dyn Live,
) -> Grading {
    let build = build(&submission.workspace, options, gate, live)?;
    let not_submitted = &submission.not_submitted;
    check(build, not_submitted, options, settings, gate, &|| {}, live)
}

/// Builds `workspace` (beside other builds, apart from the checks timed on the real clock,
/// when there is a `gate`), and says what confinement holds for its checks.
///
/// # Errors
///
/// When the build fails as a whole, or with `--require-confinement` a confinement does not
/// hold; the message says why.
pub fn build(
    workspace: &Workspace,
    options: &Options,
    gate: Option<&Gate>,
    live: &mut dyn Live,
) -> Result<Build, String> {
    if options.require_confinement {
        // Before the build, which runs the build scripts and macros of a submission's
        // dependencies: a confinement missing for it stops the run before anything runs.
        options.confinement(&[])?;
    }
    live.building();
    let mut build = {
        let _beside = gate.map(Gate::beside);
        build::build(workspace, options.build_limit()).map_err(|error| error.to_string())?
    };
    if let (Some(program), Some(harness)) = (&options.harness, &mut build.harness) {
        harness.program.clone_from(program);
    }
    live.confined(&options.confinement(&build.binaries())?);
    Ok(build)
}

/// Runs the checks that `options` select on what `build` built (those of the tasks
/// `not_submitted` fail saying so); `waiting` is called once only test programs are left
/// running in the grade (see [`run_checks`]).
///
/// # Errors
///
/// When the checks cannot start (no scratch folder for their verdicts).
pub fn check(
    build: Build,
    not_submitted: &BTreeSet<u8>,
    options: &Options,
    settings: Settings,
    gate: Option<&Gate>,
    waiting: &(dyn Fn() + Sync),
    live: &mut dyn Live,
) -> Grading {
    let mut checks = checks::selected(options.task, options.real_time);
    if options.grade_only {
        checks.retain(|check| check.tier == crate::harness::check::Tier::Grade);
    }
    live.built(&build, &checks);
    let outcomes = run_checks(
        &build,
        not_submitted,
        &checks,
        settings,
        gate,
        waiting,
        |outcome| live.graded(outcome, &build),
    )
    .map_err(|error| error.to_string())?;
    live.finished(&outcomes);
    Ok(Graded {
        build,
        outcomes,
        not_submitted: not_submitted.clone(),
    })
}

/// Exit status when `--output-dir` was given and the results could not be written.
pub const COULD_NOT_WRITE: u8 = 3;
/// Exit status of a usage error: clap's, and no workspace to grade in place.
pub const USAGE: u8 = 2;

/// The workspace to grade (`submission`, or the one the checker runs in) and the home of its
/// grading workspaces, which follows the workspace the checker runs in, not the one it
/// grades. `None`, said on standard error, when there is no workspace to grade in place.
pub fn graded_workspace(submission: Option<&Path>) -> Option<(PathBuf, Home)> {
    let here = workspace::locate();
    let root = match (submission, &here) {
        (Some(path), _) => path.to_path_buf(),
        (None, Ok(root)) => root.clone(),
        (None, Err(error)) => {
            eprintln!("error: {error}");
            return None;
        }
    };
    Some((root, Home::for_workspace(here.ok().as_deref())))
}

/// What [`run`] tells of a grade in place, once its text report is printed: the workspace's
/// root and the grade.
pub type AfterInPlace<'a> = &'a dyn Fn(&Path, &Graded);

/// `cargo run -p checker` (no `submission`) or `checker grade PATH`: grades once and returns
/// the exit status (`--watch` is [`crate::learn::watch`]'s). In place, `after` is told the
/// grade once the text report is printed (the starter announces its first passes there);
/// never for a submission graded.
pub fn run(submission: Option<&Path>, options: &Options, after: AfterInPlace) -> ExitCode {
    let Some((root, home)) = graded_workspace(submission) else {
        return ExitCode::from(USAGE);
    };
    let in_place = submission.is_none().then_some((root.as_path(), after));
    // A PATH with nothing to grade still gets its results (Exercism's and Gradescope's
    // interfaces want a result for every upload): the grade is an error that says why.
    let assembled = workspace::assemble_submission(&root, &home).map_err(|error| error.to_string());
    once(assembled, options, submission, in_place)
}

/// Builds and grades `workspace` once, reports, and returns the exit status.
fn once(
    assembled: Result<Submission, String>,
    options: &Options,
    submission: Option<&Path>,
    in_place: Option<(&Path, AfterInPlace)>,
) -> ExitCode {
    let settings = options.settings();
    let replay = report::replay_command(&settings, options.task, submission);
    let text = options.format == Format::Text;
    let policy = options.policy();
    let graded = assembled.and_then(|submission| {
        let mut live = Terminal::new(settings, options.detail(), &replay, text);
        grade(&submission, options, settings, None, &mut live)
    });
    let results = report::render(options.format, &graded, &settings, &policy, &replay);
    if let (Some(results), None) = (&results, &options.output_dir) {
        println!("{results}");
    }
    if let (Ok(graded), true, Some((root, after))) = (&graded, text, in_place) {
        after(root, graded);
    }
    if let (Err(message), true) = (&graded, text) {
        anstream::eprintln!("error: {message}");
    }
    // The pictures after the results, which a failure to draw must not keep from being
    // written; either failing is exit status 3.
    let pictures_written = match (&options.timeline_svg, &graded) {
        (Some(dir), Ok(graded)) => match report::write_timelines(dir, &graded.outcomes) {
            Ok(written) => {
                if text {
                    let noun = if written == 1 {
                        "timeline"
                    } else {
                        "timelines"
                    };
                    eprintln!("{written} {noun} drawn in {}", dir.display());
                }
                true
            }
            Err(error) => {
                eprintln!("error: {error:#}");
                false
            }
        },
        _ => true,
    };
    let status = if let Some(dir) = &options.output_dir {
        let results = report::render(
            options.format.or_json(),
            &graded,
            &settings,
            &policy,
            &replay,
        )
        .unwrap_or_default();
        match report::write_file(dir, options.format.file_name(), &results) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::from(COULD_NOT_WRITE)
            }
        }
    } else {
        match graded {
            Ok(graded) if report::passes(&graded.outcomes, &settings) => ExitCode::SUCCESS,
            _ => ExitCode::FAILURE,
        }
    };
    if !pictures_written {
        return ExitCode::from(COULD_NOT_WRITE);
    }
    status
}
