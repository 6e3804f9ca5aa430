//! The test program `1-main.py`: `wait_n(5, 5)`, `wait_n(10, 7)` and `wait_n(10, 0)`.

#[path = "../../basic_async_syntax/tests/support/program.rs"]
mod support;

const PROGRAM: &str = env!("CARGO_BIN_EXE_concurrent_coroutines");

#[test]
fn prints_three_ascending_lists_in_pythons_format() {
    let lines = support::lines(PROGRAM, "1");
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (line, (n, max_delay)) in lines.iter().zip([(5, 5.0), (10, 7.0), (10, 0.0)]) {
        let delays = support::float_list(line);
        assert_eq!(delays.len(), n, "{line}");
        assert!(delays.is_sorted(), "{line}");
        assert!(
            delays.iter().all(|delay| (0.0..=max_delay).contains(delay)),
            "{line}"
        );
    }
    assert_eq!(lines[2], format!("[{}]", ["0.0"; 10].join(", ")));
}

#[test]
fn replays_under_a_seed_and_rejects_malformed_settings() {
    support::assert_seeded_and_strict(PROGRAM);
}
