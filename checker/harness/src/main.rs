//! `checker-harness`: runs the code under test for the `checker` binary.
//!
//! Started by `checker` as `checker-harness __check`, it runs one check on the workspace's
//! tasks and writes the verdict where its parent asked ([`checker::isolation`]); started by
//! `checker bench`, it runs the scale report, which calls the tasks too (and so exists only
//! in a harness built with every task, the `bench` feature).

use std::process::ExitCode;

use checker::run::isolation::{self, CHILD_COMMAND};

/// What the harness does besides running checks.
#[cfg(feature = "bench")]
#[derive(Debug, clap::Parser)]
#[command(name = "checker", bin_name = "checker", version)]
enum Harness {
    /// Measures wait_n and task_wait_n at scale and prints a report.
    Bench(checker_harness::bench::BenchArgs),
}

fn main() -> ExitCode {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == CHILD_COMMAND)
    {
        isolation::serve(|programs| checker_harness::subject(Ok(programs)));
    }
    other_commands()
}

#[cfg(feature = "bench")]
fn other_commands() -> ExitCode {
    use clap::Parser as _;
    let Harness::Bench(args) = Harness::parse();
    checker_harness::bench::run(&args).unwrap_or_else(|error| {
        eprintln!("error: {error:#}");
        ExitCode::FAILURE
    })
}

#[cfg(not(feature = "bench"))]
fn other_commands() -> ExitCode {
    eprintln!(
        "checker-harness runs checks for the checker (`cargo run -p checker`); built without \
         every task, it has no bench"
    );
    ExitCode::from(2)
}
