//! The test program `0-main.py`: three delays, for `max_delay` 10 (the default), 5 and 15.

#[path = "support/program.rs"]
mod support;

const PROGRAM: &str = env!("CARGO_BIN_EXE_basic_async_syntax");

#[test]
fn prints_one_delay_per_line_within_each_bound() {
    let lines = support::lines(PROGRAM, "1");
    assert_eq!(lines.len(), 3, "{lines:?}");
    for (line, max_delay) in lines.iter().zip([10.0, 5.0, 15.0]) {
        let delay = support::float(line);
        assert!((0.0..=max_delay).contains(&delay), "{delay} > {max_delay}");
    }
}

#[test]
fn replays_under_a_seed_and_rejects_malformed_settings() {
    support::assert_seeded_and_strict(PROGRAM);
}
