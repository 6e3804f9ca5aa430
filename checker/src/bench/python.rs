//! The course's Python, run beside the Rust at the same `n` and `max_delay`.
//!
//! `checker/benches/python/` holds the course's `wait_n` and `task_wait_n` as the course
//! writes them (`asyncio.as_completed` over coroutines, and over `asyncio.create_task`
//! tasks) and a driver that times one call in a fresh interpreter and prints the same JSON
//! object as a Rust child run. Without `python3` on `PATH` the comparison is skipped with a
//! note, not an error: the Rust report stands on its own.

use std::io::ErrorKind;
use std::path::Path;
use std::process::Command;

use anyhow::Context as _;

use super::{Engine, Function, Row, child_output};

/// The driver script, in the source tree beside the benchmarks.
const DRIVER: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/python/driver.py");

/// The interpreter the course runs on.
const INTERPRETER: &str = "python3";

/// What became of the Python side of the report.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// It ran: the interpreter's version and one row per configuration.
    Ran {
        /// What `python3 --version` printed.
        version: String,
        /// The measured runs, with [`Engine::Asyncio`].
        rows: Vec<Row>,
    },
    /// It did not run, for the reason given.
    Skipped(String),
}

/// Runs every `(function, n, max_delay)` of `configurations` in the course's Python.
///
/// # Errors
///
/// When `python3` exists but a run of the driver fails or prints something unreadable.
pub fn run_all(configurations: &[(Function, usize, u32)], seed: u64) -> anyhow::Result<Outcome> {
    let version = match Command::new(INTERPRETER).arg("--version").output() {
        Err(error) if error.kind() == ErrorKind::NotFound => {
            return Ok(Outcome::Skipped(format!(
                "{INTERPRETER} is not on PATH: the comparison with Python's asyncio is skipped"
            )));
        }
        Err(error) => return Err(error).with_context(|| format!("cannot start {INTERPRETER}")),
        Ok(output) => String::from_utf8_lossy(&output.stdout).trim().to_owned(),
    };
    if !Path::new(DRIVER).is_file() {
        return Ok(Outcome::Skipped(format!(
            "the Python driver {DRIVER} is missing: run the report from the source tree"
        )));
    }
    let mut rows = Vec::with_capacity(configurations.len());
    for (index, &(function, n, max_delay)) in configurations.iter().enumerate() {
        eprintln!(
            "[python {}/{}] {function}, n = {n}, max_delay = {max_delay}",
            index + 1,
            configurations.len()
        );
        let measurement = child_output(Command::new(INTERPRETER).arg(DRIVER).args([
            format!("--function={function}"),
            format!("--n={n}"),
            format!("--max-delay={max_delay}"),
            format!("--seed={seed}"),
        ]))
        .with_context(|| {
            format!("running the Python {function} (n = {n}, max_delay = {max_delay})")
        })?;
        rows.push(Row::new(
            function,
            Engine::Asyncio,
            n,
            max_delay,
            vec![measurement],
        ));
    }
    Ok(Outcome::Ran { version, rows })
}
