//! `cargo test --workspace` in your workspace is the grade: one test per task, each passing
//! exactly when `cargo run -p checker -- --task N` does.
//!
//! Each test runs the checker on one task and shows its report when the task fails. Only the
//! course's contract counts here; what the checker shows under "Going further" is optional.
//! A crate that does not compile stops `cargo test` before any test runs: the checker itself
//! (`cargo run -p checker`) still grades the tasks that compile.

use std::process::Command;

/// Grades task `number` with the checker and fails with its report unless the task passes.
fn grade(number: u8) {
    let output = Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(["--task", &number.to_string()])
        .env("NO_COLOR", "1")
        .output()
        .expect("the checker should start");
    assert!(
        output.status.success(),
        "task {number} does not pass yet:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn task_0_wait_random() {
    grade(0);
}

#[test]
fn task_1_wait_n() {
    grade(1);
}

#[test]
fn task_2_measure_time() {
    grade(2);
}

#[test]
fn task_3_task_wait_random() {
    grade(3);
}

#[test]
fn task_4_task_wait_n() {
    grade(4);
}
