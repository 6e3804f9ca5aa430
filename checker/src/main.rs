//! `cargo run -p checker`: grades the tasks; `cargo run -p checker -- bench`: the scale report.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Grades every task of the curriculum against its contract.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Measures wait_n and task_wait_n at scale and prints a report.
    Bench(checker::bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match &cli.command {
        Some(Command::Bench(args)) => checker::bench::run(args),
        None => Ok(ExitCode::SUCCESS),
    };
    outcome.unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}
