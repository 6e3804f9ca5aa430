//! The test program `2-main.py`: `measure_time(5, 9)`, about the largest of five delays / 5.

#[path = "../../basic_async_syntax/tests/support/program.rs"]
mod support;

const PROGRAM: &str = env!("CARGO_BIN_EXE_measure_runtime");

#[test]
fn prints_one_float_within_the_bound_of_five_overlapping_waits() {
    let lines = support::lines(PROGRAM, "1");
    assert_eq!(lines.len(), 1, "{lines:?}");
    let per_delay = support::float(&lines[0]);
    // Five overlapping waits of at most 9 s each take at most 9 s, plus the 1 ms tick.
    assert!((0.0..=9.001 / 5.0).contains(&per_delay), "{per_delay}");
}

#[test]
fn replays_under_a_seed_and_rejects_malformed_settings() {
    support::assert_seeded_and_strict(PROGRAM);
}
