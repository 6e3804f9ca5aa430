//! `cargo run -p checker`: grades every task; `cargo run -p checker -- bench`: the scale report.

use std::io::IsTerminal;
use std::process::ExitCode;

use checker::check::{Outcome, Settings};
use checker::report::{self, Style};
use checker::subject::Subject;
use checker::{checks, programs};
use clap::{Parser, Subcommand, ValueEnum};

/// Grades every task of the curriculum against its contract.
///
/// Exit status: 0 when every check passes, 1 when one fails, 2 on a usage error.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Runs only this task's checks (0 to 4), to award points per task.
    #[arg(long, value_parser = clap::value_parser!(u8).range(0..=4))]
    task: Option<u8>,

    /// Replays a run: the seed that a report printed. Random when absent.
    #[arg(long)]
    seed: Option<u64>,

    /// Adds the full real-clock run of every test program, as the course runs them (about a minute).
    #[arg(long)]
    real_time: bool,

    /// `text` for people; `json` for Exercism's test-runner results.json (version 3).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Measures wait_n and task_wait_n at scale and prints a report.
    Bench(checker::bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Bench(args)) = &cli.command {
        return checker::bench::run(args).unwrap_or_else(|error| {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        });
    }
    // Panics off the main thread come from the code under test, which the checks report
    // (a check's own panic included); the default hook would scatter them through the
    // report. The main thread's panics are the checker's own, and keep their message.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().name() == Some("main") {
            default_hook(info);
        }
    }));
    let settings = Settings {
        seed: cli.seed.unwrap_or_else(rand::random),
        real_time: cli.real_time,
    };
    // Without its test programs the workspace does not build: nothing can be graded.
    let programs = match programs::build() {
        Ok(programs) => programs,
        Err(error) => return could_not_grade(&format!("{error:#}"), cli.format),
    };
    let subject = Subject::workspace(Ok(programs));
    let checks = checks::selected(cli.task, cli.real_time);
    let outcomes = match cli.format {
        Format::Text => text_report(subject, &checks, settings, cli.task),
        Format::Json => {
            let outcomes = checker::grade(subject, &checks, settings, |_| {});
            println!("{:#}", report::results_json(&outcomes, &settings, cli.task));
            outcomes
        }
    };
    if outcomes.iter().all(|outcome| outcome.verdict.is_ok()) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Reports a run that could not grade at all, as the format asks, and fails.
fn could_not_grade(message: &str, format: Format) -> ExitCode {
    match format {
        Format::Text => eprintln!("error: {message}"),
        Format::Json => println!("{:#}", report::results_error(message)),
    }
    ExitCode::FAILURE
}

/// Prints the report as the checks run, task by task, then the summary.
fn text_report(
    subject: Subject,
    checks: &[&'static checker::check::Check],
    settings: Settings,
    task: Option<u8>,
) -> Vec<Outcome> {
    let no_color = std::env::var_os("NO_COLOR");
    let style = Style::detect(std::io::stdout().is_terminal(), no_color.as_deref());
    println!("{}", report::header(&settings, style));
    let mut current_task = None;
    let outcomes = checker::grade(subject, checks, settings, |outcome| {
        if current_task != Some(outcome.check.task) {
            current_task = Some(outcome.check.task);
            println!("{}", report::task_heading(outcome.check.task, style));
        }
        println!("{}", report::outcome(outcome, style));
    });
    println!("{}", report::summary(&outcomes, &settings, task, style));
    outcomes
}
