//! Runs a crate's test program (its `src/main.rs`) as a learner would, on the paused clock.
//!
//! Shared by every task crate's `tests/program.rs` through `#[path]`, so that each crate tests
//! its own binary (`env!("CARGO_BIN_EXE_<name>")`) with the same harness.

#![allow(
    dead_code,
    reason = "each crate's tests use the part that fits its program"
)]

use std::process::Command;

/// What one run of a test program printed, and whether it succeeded.
pub struct Run {
    pub success: bool,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `binary` with `ASYNC_CLOCK=paused` (instant, same output) and `env` on top.
pub fn run(binary: &str, env: &[(&str, &str)]) -> Run {
    let output = Command::new(binary)
        .env_remove("ASYNC_SEED")
        .env("ASYNC_CLOCK", "paused")
        .envs(env.iter().copied())
        .output()
        .unwrap_or_else(|error| panic!("{binary} should start: {error}"));
    Run {
        success: output.status.success(),
        stdout: String::from_utf8(output.stdout).expect("the program prints UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("the program prints UTF-8"),
    }
}

/// Runs `binary` under `seed` and returns its lines, asserting that it succeeded.
pub fn lines(binary: &str, seed: &str) -> Vec<String> {
    let run = run(binary, &[("ASYNC_SEED", seed)]);
    assert!(run.success, "{binary} failed: {}", run.stderr);
    run.stdout.lines().map(str::to_owned).collect()
}

/// Parses one printed float, as Python's `print(float)` writes it.
pub fn float(text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|_| panic!("{text:?} should be a float"))
}

/// Parses one printed list of floats, as Python's `print(list)` writes it: `[1.5, 0.0]`.
pub fn float_list(line: &str) -> Vec<f64> {
    let inner = line
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .unwrap_or_else(|| panic!("{line:?} should be a list in brackets"));
    if inner.is_empty() {
        return Vec::new();
    }
    inner.split(", ").map(float).collect()
}

/// The checks every test program passes: same output under one seed, a different one under
/// another, and a clear failure on a malformed `ASYNC_SEED` or `ASYNC_CLOCK`.
pub fn assert_seeded_and_strict(binary: &str) {
    assert_eq!(
        lines(binary, "42"),
        lines(binary, "42"),
        "one seed, one output"
    );
    assert_ne!(
        lines(binary, "42"),
        lines(binary, "43"),
        "another seed, other delays"
    );
    for (variable, value) in [("ASYNC_SEED", "-1"), ("ASYNC_CLOCK", "fast")] {
        let run = run(binary, &[(variable, value)]);
        assert!(!run.success, "{variable}={value} should fail");
        assert!(
            run.stderr.contains(variable) && run.stderr.contains(value),
            "the error should name {variable} and {value:?}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "", "nothing runs after a malformed {variable}");
    }
}
