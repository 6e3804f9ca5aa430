//! The timelines through the real `checker` binary: the reference's waits, recorded from the
//! instrumented build the checker makes of it, all start together; `checker timeline` draws
//! the guide's `gather` with its two waits overlapping. (The shapes of learners' mistakes,
//! in turn and 16 at a time, are asserted in `learners.rs`, which builds each from scratch.)
//!
//! The lessons' timelines are what the code draws today. Each task crate's lesson (the `//!`
//! docs of its `src/lib.rs`) shows timelines in ```` ```text ```` blocks that open with the
//! command that draws them, `$ cargo run -p checker -- timeline …` (on the paused clock, with
//! a seed, so that a drawing is the same at every run). A test runs each command through the
//! real `checker` and compares what it draws with the block (`--ignored`, as it builds a dozen
//! programs the first time); `UPDATE_LESSONS=1 cargo test -p checker --test all timelines:: --
//! --ignored` writes the drawings into the lessons instead.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use checker::harness::checks::TASKS;
use pretty_assertions::assert_eq;
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
    let output = checker(&[
        "--task",
        "1",
        "--seed",
        "5",
        "--strict",
        "--format",
        "json",
        "--timeline",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let results: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    // Of 10 000 waits, the first and the last hundred are kept, and the rest counted.
    let at_scale = timeline(
        &results,
        "Task 1: wait_n is in exact order at 10 000 delays",
    );
    let indexes: Vec<u64> = at_scale["waits"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|wait| wait["index"].as_u64().unwrap())
        .collect();
    let kept: Vec<u64> = (1..=100).chain(9901..=10_000).collect();
    assert_eq!((indexes, &at_scale["omitted"]), (kept, &Value::from(9800)));
    assert_eq!(at_scale["at_once"], 10_000);
    let timeline = timeline(&results, "Task 1: the waits run concurrently");
    assert_eq!(
        timeline["title"],
        "wait_n(100, 10) once more, alone: other delays"
    );
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
        report.contains("    your waits: wait_random(15) (paused clock)\n    1 wait, "),
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

/// What `checker timeline concurrent_coroutines --example gather` draws, with `more` options.
fn gather(more: &[&str]) -> (Output, String, String) {
    let mut args = vec![
        "timeline",
        "concurrent_coroutines",
        "--example",
        "gather",
        "--ascii",
    ];
    args.extend(more);
    let output = checker(&args);
    let (stdout, stderr) = (
        String::from_utf8(output.stdout.clone()).unwrap(),
        String::from_utf8(output.stderr.clone()).unwrap(),
    );
    (output, stdout, stderr)
}

/// The two sleepers of `gather` overlap: both bars start in the first column, and the two
/// waits take the longer one's 2 s: exactly on the paused clock, and on the real clock no less
/// and not much more (a loaded machine wakes a sleeper late: CI once drew "2.01 s in all").
fn overlapping(output: &Output, stdout: &str, stderr: &str, clock: &str) {
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // The program's own output, unchanged; the drawing on standard error.
    assert_eq!(stdout, "Task 1 complete\nTask 2 complete\n");
    assert!(
        stderr.contains(&format!("your waits: gather (example) ({clock} clock)\n")),
        "{stderr}"
    );
    let took = stderr
        .lines()
        .find_map(|line| line.strip_prefix("2 waits, all 2 at once, "))
        .and_then(|rest| rest.strip_suffix(" s in all"))
        .and_then(|seconds| seconds.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("no \"2 waits, all 2 at once, … s in all\": {stderr}"));
    if clock == "paused" {
        assert_eq!(took, 2.0, "{stderr}");
    } else {
        assert!((2.0..2.5).contains(&took), "{stderr}");
    }
    assert!(
        stderr.contains("sleeps at concurrent_coroutines/examples/gather.rs:"),
        "{stderr}"
    );
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
fn timeline_draws_gathers_two_waits_overlapping_on_the_paused_clock() {
    let (output, stdout, stderr) = gather(&["--paused"]);
    overlapping(&output, &stdout, &stderr, "paused");
}

/// As the README says it, on the real clock (two seconds).
#[test]
#[ignore = "two seconds of the real clock: CI runs it with --ignored"]
fn timeline_draws_gathers_two_waits_overlapping_after_its_output() {
    let (output, stdout, stderr) = gather(&[]);
    overlapping(&output, &stdout, &stderr, "real");
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

/// The prefix of a drawing's command, as a lesson writes it.
const COMMAND: &str = "//! $ cargo run -p checker -- ";

fn lesson(crate_name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(crate_name)
        .join("src/lib.rs")
}

/// What `checker <args>` draws, as a lesson's lines hold it.
fn drawn(args: &str) -> Vec<String> {
    let output = Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(args.split_whitespace())
        // UTF-8, whatever the machine's locale.
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm")
        .output()
        .expect("the checker should start");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "checker {args}:\n{stderr}");
    let drawing = stderr
        .split_once("\n\n")
        .map_or("", |(_, drawing)| drawing)
        .trim_end();
    assert!(
        drawing.starts_with("your waits: "),
        "checker {args}:\n{stderr}"
    );
    drawing
        .lines()
        .map(|line| format!("//! {line}").trim_end().to_owned())
        .collect()
}

/// A drawing in a lesson: the command that draws it, and the lines it spans.
struct Shown {
    task: usize,
    args: String,
    /// The lines of the drawing, after the command's, up to the block's end.
    lines: std::ops::Range<usize>,
}

#[test]
#[ignore = "builds and runs a dozen programs the first time: CI runs it with --ignored"]
fn the_lessons_timelines_are_what_the_code_draws() {
    let texts: Vec<String> = TASKS
        .iter()
        .map(|task| std::fs::read_to_string(lesson(task.crate_name)).unwrap())
        .collect();
    let mut shown = Vec::new();
    for (task, text) in texts.iter().enumerate() {
        let lines: Vec<&str> = text.lines().collect();
        for (at, line) in lines.iter().enumerate() {
            let Some(args) = line.strip_prefix(COMMAND) else {
                continue;
            };
            let path = lesson(TASKS[task].crate_name);
            assert_eq!(lines[at - 1], "//! ```text", "{}: {line}", path.display());
            let end = (at..lines.len())
                .find(|&line| lines[line] == "//! ```")
                .unwrap_or_else(|| panic!("{}: an unclosed block", path.display()));
            shown.push(Shown {
                task,
                args: args.to_owned(),
                lines: at + 1..end,
            });
        }
    }
    assert!(
        shown.len() >= 10,
        "only {} drawings in the lessons",
        shown.len()
    );
    // Each command at once: on the paused clock, each takes the time of its build check.
    let drawings: Vec<Vec<String>> = std::thread::scope(|scope| {
        let running: Vec<_> = shown
            .iter()
            .map(|shown| scope.spawn(|| drawn(&shown.args)))
            .collect();
        running
            .into_iter()
            .map(|drawing| drawing.join().unwrap())
            .collect()
    });
    if std::env::var_os("UPDATE_LESSONS").is_some() {
        for (task, text) in texts.iter().enumerate().rev() {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            for (shown, drawing) in shown.iter().zip(&drawings).rev() {
                if shown.task == task {
                    lines.splice(shown.lines.clone(), drawing.iter().cloned());
                }
            }
            std::fs::write(lesson(TASKS[task].crate_name), lines.join("\n") + "\n").unwrap();
        }
        return;
    }
    for (shown, drawing) in shown.iter().zip(&drawings) {
        let lines: Vec<String> = texts[shown.task].lines().map(str::to_owned).collect();
        let path = lesson(TASKS[shown.task].crate_name);
        assert_eq!(
            lines[shown.lines.clone()],
            drawing[..],
            "{}: {}",
            path.display(),
            shown.args
        );
    }
}
