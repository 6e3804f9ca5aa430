//! The test program `3-main.py`: awaits `task_wait_random(5)` and prints the task's type.

#[path = "../../basic_async_syntax/tests/support/program.rs"]
mod support;

const PROGRAM: &str = env!("CARGO_BIN_EXE_tasks");

#[test]
fn prints_the_type_of_the_handle() {
    let lines = support::lines(PROGRAM, "1");
    // `type_name` may spell the module path differently in another Rust or tokio version.
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("JoinHandle<f64>"), "{lines:?}");
}

#[test]
fn rejects_malformed_settings() {
    for (variable, value) in [("ASYNC_SEED", "x"), ("ASYNC_CLOCK", "slow")] {
        let run = support::run(PROGRAM, &[(variable, value)]);
        assert!(
            !run.success && run.stderr.contains(variable),
            "{}",
            run.stderr
        );
    }
}
