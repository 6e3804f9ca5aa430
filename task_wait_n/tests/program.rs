//! The test program `4-main.py`: `task_wait_n(5, 6)`.

#[path = "../../basic_async_syntax/tests/support/program.rs"]
mod support;

const PROGRAM: &str = env!("CARGO_BIN_EXE_task_wait_n");

#[test]
fn prints_five_ascending_delays_in_pythons_format() {
    let lines = support::lines(PROGRAM, "1");
    assert_eq!(lines.len(), 1, "{lines:?}");
    let delays = support::float_list(&lines[0]);
    assert_eq!(delays.len(), 5);
    assert!(delays.is_sorted());
    assert!(delays.iter().all(|delay| (0.0..=6.0).contains(delay)));
}

#[test]
fn replays_under_a_seed_and_rejects_malformed_settings() {
    support::assert_seeded_and_strict(PROGRAM);
}
