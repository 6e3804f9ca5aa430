//! The course's Python, run beside the Rust at the same `n` and `max_delay`.
//!
//! `checker/harness/benches/python/` holds the course's `wait_n` and `task_wait_n` as the course
//! writes them (`asyncio.as_completed` over coroutines, and over `asyncio.create_task`
//! tasks) and a driver that times one call in a fresh interpreter and prints the same JSON
//! object as a Rust child run. Without `python3` on `PATH` the comparison is skipped with a
//! note, not an error: the Rust report stands on its own.

use std::io::ErrorKind;
use std::path::PathBuf;
use std::process::Command;

use anyhow::Context as _;

use super::{Engine, Function, Row, child_output};

/// The driver script and the course's code it imports, carried in the binary: the report
/// writes them to a folder of its own, so that it runs wherever the harness was built.
const PYTHON_FILES: [(&str, &str); 2] = [
    ("driver.py", include_str!("../../benches/python/driver.py")),
    ("course.py", include_str!("../../benches/python/course.py")),
];

/// Writes [`PYTHON_FILES`] to a fresh folder and returns the driver's path in it.
fn write_driver() -> anyhow::Result<PathBuf> {
    let folder = std::env::temp_dir().join(format!("checker-bench-python-{}", std::process::id()));
    std::fs::create_dir_all(&folder)
        .with_context(|| format!("could not create {}", folder.display()))?;
    for (name, text) in PYTHON_FILES {
        let path = folder.join(name);
        std::fs::write(&path, text)
            .with_context(|| format!("could not write {}", path.display()))?;
    }
    Ok(folder.join("driver.py"))
}

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
    let driver = write_driver()?;
    let mut rows = Vec::with_capacity(configurations.len());
    for (index, &(function, n, max_delay)) in configurations.iter().enumerate() {
        eprintln!(
            "[python {}/{}] {function}, n = {n}, max_delay = {max_delay}",
            index + 1,
            configurations.len()
        );
        let measurement = child_output(Command::new(INTERPRETER).arg(&driver).args([
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
    // Only a leftover in the temporary folder if it fails.
    let _ = std::fs::remove_dir_all(driver.parent().unwrap_or(&driver));
    Ok(Outcome::Ran { version, rows })
}
