//! The timelines through the real `checker` binary: the reference's waits, recorded from the
//! instrumented build the checker makes of it, all start together; `checker timeline` draws
//! the guide's `gather` with its two waits overlapping. (The shapes of learners' mistakes,
//! in turn and 16 at a time, are asserted in `learners.rs`, which builds each from scratch.)

use std::process::{Command, Output};

use serde_json::Value;

fn checker(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(args)
        .output()
        .expect("the checker should start")
}

/// The timeline that `results` carries for the check called `name`.
fn timeline<'a>(results: &'a Value, name: &str) -> &'a Value {
    let tests = results["tests"].as_array().expect("a list of tests");
    let test = tests.iter().find(|test| test["name"] == name);
    &test.unwrap_or_else(|| panic!("no test {name}: {results:#}"))["timeline"]
}

#[test]
fn the_references_waits_all_start_together_and_end_at_their_delays() {
    let output = checker(&["--task", "1", "--seed", "5", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let results: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let timeline = timeline(&results, "Task 1: the waits run concurrently");
    assert_eq!(timeline["title"], "wait_n(100, 10), run alone");
    assert_eq!(timeline["clock"], "paused");
    let waits = timeline["waits"].as_array().expect("rows");
    assert_eq!(waits.len(), 100);
    assert_eq!(timeline["at_once"], 100);
    let ms = |wait: &Value, key: &str| wait[key].as_f64().unwrap();
    let mut latest: f64 = 0.0;
    for (index, wait) in (1..).zip(waits) {
        assert_eq!(wait["index"], index);
        assert_eq!(ms(wait, "started_ms"), 0.0, "{wait}");
        assert_eq!(ms(wait, "ended_ms"), ms(wait, "deadline_ms"), "{wait}");
        assert!(ms(wait, "deadline_ms") <= 10_000.0 + 1.0, "{wait}");
        assert_eq!(wait["end"], "elapsed");
        // The reference's own sleep: `wait_random`'s, in task 0.
        assert_eq!(wait["file"], "basic_async_syntax/src/lib.rs");
        let line = usize::try_from(wait["line"].as_u64().unwrap()).unwrap();
        let source = include_str!("../../basic_async_syntax/src/lib.rs");
        let sleeps = source.lines().nth(line - 1).unwrap();
        assert!(sleeps.contains("sleep("), "line {line}: {sleeps}");
        latest = latest.max(ms(wait, "ended_ms"));
    }
    assert_eq!(ms(timeline, "took_ms"), latest);
    // A passing check's drawing is shown only with --timeline; its rows are always there.
    assert!(
        results.to_string().contains("\"at_once\":100") && !results.to_string().contains("████")
    );
}

#[test]
fn the_report_draws_every_timeline_with_timeline_in_ascii_when_asked() {
    let output = checker(&["--task", "0", "--seed", "5", "--timeline", "--ascii"]);
    assert_eq!(output.status.code(), Some(0));
    let report = String::from_utf8(output.stdout).unwrap();
    assert!(
        report.contains(
            "    your waits: wait_random(15) (paused clock)\n    1 wait, at most 1 at once,"
        ),
        "{report}"
    );
    assert!(
        report.contains("    sleeps at basic_async_syntax/src/lib.rs:"),
        "{report}"
    );
    assert!(report.contains("|###"), "{report}");
    let drawing = report.lines().filter(|line| line.contains("|#"));
    assert!(drawing.clone().count() >= 2, "{report}");
    assert!(
        drawing
            .clone()
            .all(|line| line.is_ascii() && line.chars().count() <= 80)
    );
}

#[test]
fn timeline_draws_gathers_two_waits_overlapping_after_its_output() {
    let output = checker(&[
        "timeline",
        "concurrent_coroutines",
        "--example",
        "gather",
        "--ascii",
    ]);
    let (stdout, stderr) = (
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    );
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // The program's own output, unchanged; the drawing on standard error.
    assert_eq!(stdout, "Task 1 complete\nTask 2 complete\n");
    assert!(
        stderr.contains("your waits: gather (example) (real clock)\n"),
        "{stderr}"
    );
    assert!(stderr.contains("\n2 waits, all 2 at once,"), "{stderr}");
    assert!(
        stderr.contains("sleeps at concurrent_coroutines/examples/gather.rs:"),
        "{stderr}"
    );
    // Both bars start in the first column: the sleeps overlap.
    let rows: Vec<&str> = stderr
        .lines()
        .filter(|line| line.starts_with('#'))
        .collect();
    assert_eq!(rows.len(), 2, "{stderr}");
    for row in rows {
        assert!(row.split_once('|').unwrap().1.starts_with('#'), "{row}");
    }
}

#[test]
fn timeline_names_what_it_cannot_run() {
    let output = checker(&["timeline", "nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("\"nowhere\" is no task crate; the crates are basic_async_syntax"));
    let output = checker(&["timeline", "concurrent_coroutines", "--example", "nope"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("concurrent_coroutines has no example \"nope\"; its examples are ")
            && stderr.contains(" gather, "),
        "{stderr}"
    );
}
