//! `cargo run -p checker`: grades every task; `cargo run -p checker -- bench`: the scale report.
//!
//! This binary is the trusted side of the grading: it builds the tasks, runs each check in a
//! child process (`checker-harness`), and alone decides the report and the exit status.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::Context as _;
use checker::check::{Check, Outcome, Settings, Tier};
use checker::programs::{self, Build, BuildError, Workspace};
use checker::{checks, report, starter, submission, watch};
use clap::{Parser, Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};

/// Grades every task of the curriculum against its contract.
///
/// Exit status: 0 when every check of the grade passes (every check, with --strict), 1 when
/// one fails or a task does not build, 2 on a usage error. With --output-dir: 0 once results.json is written, whatever the grade, and 3
/// when it could not be written.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    action: Option<Action>,

    #[command(flatten)]
    options: Options,
}

/// How to grade: which checks, which seed, which output.
#[derive(Debug, Clone, clap::Args)]
struct Options {
    /// Runs only this task's checks (0 to 4), to award points per task.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=4))]
    task: Option<u8>,

    /// Replays a run: the seed that a report printed. Random when absent.
    #[arg(long)]
    seed: Option<u64>,

    /// Adds the full real-clock run of every test program, as the course runs them (about a minute).
    #[arg(long)]
    real_time: bool,

    /// Counts the going-further checks in the grade (exit status and results.json): what
    /// this workspace's reference does beyond the course. Without it they are shown after
    /// the grade as optional challenges.
    #[arg(long)]
    strict: bool,

    /// `text` for people; `json` for Exercism's test-runner results.json (version 3).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,

    /// Exercism's test-runner interface: writes DIR/results.json, and exits 0 once it is
    /// written, whatever the grade.
    #[arg(long, value_name = "DIR")]
    output_dir: Option<PathBuf>,

    /// Seconds that building the tasks may take before it is stopped.
    #[arg(long, value_name = "SECONDS", default_value_t = 600)]
    build_timeout: u64,

    /// Grades again on every save of a file of the workspace, until `q` or Ctrl-C.
    #[arg(long, conflicts_with = "output_dir")]
    watch: bool,

    /// With --watch: grades again on Enter instead of on save, where watching files does not
    /// work (network and mounted file systems).
    #[arg(long, requires = "watch")]
    manual: bool,

    /// Runs the checks with this program in place of the checker-harness it builds (the
    /// checker's own tests use it to grade deliberately misbehaving tasks).
    #[arg(long, hide = true)]
    harness: Option<PathBuf>,

    /// Caps every check's wall-clock limit at this many seconds (the checker's own tests of
    /// hangs use it).
    #[arg(long, hide = true, value_name = "SECONDS", value_parser = positive_seconds)]
    check_limit: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Writes a workspace to DIR in which to write the tasks yourself: the same crates, test
    /// programs, lessons and checker, each task's function a `todo!`.
    New {
        /// A folder that does not exist yet, or is empty.
        dir: PathBuf,
    },
    /// Grades the task crates of the learner's workspace at PATH with this checker: their
    /// code as the learner wrote it, this workspace's test programs and checks.
    Grade {
        /// The learner's workspace: a starter after work, or a fork of this repository.
        path: PathBuf,

        #[command(flatten)]
        options: Options,
    },
    /// Measures wait_n and task_wait_n at scale and prints a report (`bench --help` for more).
    #[command(disable_help_flag = true)]
    Bench {
        /// The bench's own options, passed on to it.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<OsString>,
    },
}

/// Exit status when `--output-dir` was given and results.json could not be written.
const COULD_NOT_WRITE: u8 = 3;
/// Exit status of a usage error: clap's, and a path that is no workspace of the tasks.
const USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.action {
        Some(Action::New { dir }) => new(dir),
        Some(Action::Bench { args }) => bench(args, Duration::from_secs(cli.options.build_timeout))
            .unwrap_or_else(|error| {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            }),
        Some(Action::Grade { path, options }) => match submission::assemble(path) {
            Ok(_) => run(options, Some(path)),
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(USAGE)
            }
        },
        None => run(&cli.options, None),
    }
}

/// Grades this workspace, or the learner's at `submission`, as `options` ask: once, or
/// again on every change with `--watch`.
fn run(options: &Options, submission: Option<&Path>) -> ExitCode {
    let workspace = || match submission {
        Some(path) => submission::assemble(path).map_err(|error| error.to_string()),
        None => Ok(Workspace::reference()),
    };
    if !options.watch {
        return grade_and_report(workspace(), options, submission).0;
    }
    let root = submission.map_or_else(|| Workspace::reference().root, Path::to_path_buf);
    let watched = watch::run(&root, options.manual, || {
        grade_and_report(workspace(), options, submission).1
    });
    match watched {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Builds and grades `workspace` once, reports, and returns the exit status with what the
/// watch mode shows last.
fn grade_and_report(
    workspace: Result<Workspace, String>,
    options: &Options,
    submission: Option<&Path>,
) -> (ExitCode, String) {
    let settings = Settings {
        seed: options.seed.unwrap_or_else(rand::random),
        real_time: options.real_time,
        time_limit: options.check_limit.map(Duration::from_secs_f64),
        strict: options.strict,
    };
    let replay = report::replay_command(&settings, options.task, submission);
    let build_limit = Duration::from_secs(options.build_timeout);
    let graded = workspace.and_then(|workspace| {
        let mut build = build(&workspace, build_limit, options.format)?;
        if let (Some(program), Some(harness)) = (&options.harness, &mut build.harness) {
            harness.program.clone_from(program);
        }
        let checks = checks::selected(options.task, options.real_time);
        let outcomes = grade(&build, &checks, settings, &replay, options.format)
            .map_err(|error| error.to_string())?;
        Ok((workspace, build, outcomes))
    });
    let results = match &graded {
        Ok((_, build, outcomes)) => report::results_json(outcomes, build, &settings, &replay),
        Err(message) => report::results_error(message),
    };
    if options.format == Format::Json {
        println!("{results:#}");
    }
    if let (Ok((workspace, _, outcomes)), Format::Text, None) =
        (&graded, options.format, submission)
    {
        for (task, solution, canonical) in starter::first_passes(&workspace.root, outcomes) {
            anstream::println!(
                "{}",
                report::first_pass(task, &solution, canonical.as_deref())
            );
        }
    }
    let next_step = match &graded {
        Ok((_, build, outcomes)) => report::next_step(outcomes, &build.unbuilt, &settings),
        Err(message) => {
            if options.format == Format::Text {
                anstream::eprintln!("error: {message}");
            }
            "Next: fix the error above.".to_owned()
        }
    };
    if let Some(dir) = &options.output_dir {
        let status = match write_results(dir, &results) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::from(COULD_NOT_WRITE)
            }
        };
        return (status, next_step);
    }
    let status = match graded {
        Ok((_, _, outcomes)) if report::passes(&outcomes, &settings) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    };
    (status, next_step)
}

/// A number of seconds above zero.
fn positive_seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(seconds) if seconds > 0.0 && seconds.is_finite() => Ok(seconds),
        _ => Err(format!("{text:?} is not a number of seconds above zero")),
    }
}

/// Builds the tasks, their test programs and the harness, with a spinner on a terminal.
fn build(workspace: &Workspace, limit: Duration, format: Format) -> Result<Build, String> {
    let spinner = progress(format, ProgressBar::new_spinner());
    spinner.set_message("building the tasks");
    spinner.enable_steady_tick(Duration::from_millis(100));
    let built = programs::build(workspace, limit);
    spinner.finish_and_clear();
    built.map_err(|error| error.to_string())
}

/// Runs the checks one child process each, printing the text report as they come: the
/// grade's task by task, a task that was not built as its compiler's message, then those
/// that go further (outside `--strict`, only for the tasks whose grade passes).
fn grade(
    build: &Build,
    checks: &[&'static Check],
    settings: Settings,
    replay: &str,
    format: Format,
) -> std::io::Result<Vec<Outcome>> {
    let text = format == Format::Text;
    if text {
        anstream::println!("{}", report::header(&settings));
    }
    let bar = progress(format, ProgressBar::new(checks.len() as u64));
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed:>4} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Ticks on its own, so that the time keeps moving through a 30-second real-clock run.
    bar.enable_steady_tick(Duration::from_millis(200));
    let mut section = None;
    bar.set_message(checks.first().map_or("", |check| check.name));
    let outcomes = checker::grade(build, checks, settings, |outcome| {
        let done = checks
            .iter()
            .position(|check| std::ptr::eq(*check, outcome.check))
            .map_or(0, |at| at + 1);
        bar.set_position(done as u64);
        bar.set_message(checks.get(done).map_or("", |check| check.name));
        if !text {
            return;
        }
        bar.suspend(|| {
            let check = outcome.check;
            if section != Some((check.tier, check.task)) {
                if section.is_none_or(|(tier, _)| tier != check.tier) && check.tier == Tier::Further
                {
                    anstream::println!("{}", report::further_heading(settings.strict));
                }
                section = Some((check.tier, check.task));
                anstream::println!("{}", report::task_heading(check.task));
                if check.tier == Tier::Grade {
                    if let Some(unbuilt) = build.unbuilt.get(&check.task) {
                        anstream::println!("{}", report::unbuilt(unbuilt));
                    }
                    if let Some(warnings) = build.warnings.get(&check.task) {
                        anstream::println!("{}", report::warnings(warnings));
                    }
                }
            }
            if !build.unbuilt.contains_key(&check.task) {
                anstream::println!("{}", report::outcome(outcome, &settings));
            }
        });
    })?;
    bar.finish_and_clear();
    if text {
        anstream::println!("{}", report::summary(&outcomes, &settings, replay));
    }
    Ok(outcomes)
}

/// `bar`, drawn on standard error when that is a terminal and the report is text.
fn progress(format: Format, bar: ProgressBar) -> ProgressBar {
    if format == Format::Text {
        bar
    } else {
        ProgressBar::hidden()
    }
}

/// Writes `results` to `dir/results.json`, creating `dir` if needed.
fn write_results(dir: &Path, results: &serde_json::Value) -> anyhow::Result<()> {
    let path = dir.join("results.json");
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    std::fs::write(&path, format!("{results:#}\n"))
        .with_context(|| format!("could not write {}", path.display()))
}

/// `checker new DIR`: writes the starter and says what to do next.
fn new(dir: &Path) -> ExitCode {
    match starter::create(dir) {
        Ok(files) => {
            println!(
                "Wrote a starter workspace of {files} files to {}.",
                dir.display()
            );
            println!(
                "Next:\n  cd {}\n  cargo run -p checker -- --watch --task 0",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(USAGE)
        }
    }
}

/// `checker bench`: builds the harness, which holds the bench, and runs it with `args`.
fn bench(args: &[OsString], build_limit: Duration) -> anyhow::Result<ExitCode> {
    let harness = programs::build_bench(build_limit)
        .map_err(|error: BuildError| anyhow::anyhow!("{error}"))?;
    let status = Command::new(&harness)
        .arg("bench")
        .args(args)
        .status()
        .with_context(|| format!("could not start {}", harness.display()))?;
    Ok(status
        .code()
        .and_then(|code| u8::try_from(code).ok())
        .map_or(ExitCode::FAILURE, ExitCode::from))
}
