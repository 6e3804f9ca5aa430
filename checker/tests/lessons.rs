//! The timelines drawn in the lessons are what the code draws today.
//!
//! Each task crate's lesson (the `//!` docs of its `src/lib.rs`) shows timelines in
//! ```` ```text ```` blocks that open with the command that draws them,
//! `$ cargo run -p checker -- timeline …` (on the paused clock, with a seed, so that a drawing
//! is the same at every run). This test runs each command through the real `checker` and
//! compares what it draws with the block. `UPDATE_LESSONS=1 cargo test -p checker --test
//! lessons` writes the drawings into the lessons instead.

use std::path::{Path, PathBuf};
use std::process::Command;

use checker::harness::checks::TASKS;
use pretty_assertions::assert_eq;

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

#[test]
fn the_lessons_timelines_are_what_the_code_draws() {
    let update = std::env::var_os("UPDATE_LESSONS").is_some();
    let mut drawings = 0;
    for task in TASKS {
        let path = lesson(task.crate_name);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut rewritten: Vec<String> = Vec::new();
        let mut at = 0;
        while at < lines.len() {
            rewritten.push(lines[at].to_owned());
            let Some(args) = lines[at].strip_prefix(COMMAND) else {
                at += 1;
                continue;
            };
            assert_eq!(
                lines[at - 1],
                "//! ```text",
                "{}: {}",
                path.display(),
                lines[at]
            );
            let end = (at..lines.len())
                .find(|&line| lines[line] == "//! ```")
                .unwrap_or_else(|| panic!("{}: an unclosed block", path.display()));
            let shown: Vec<String> = lines[at + 1..end]
                .iter()
                .map(|line| line.to_string())
                .collect();
            let drawn = drawn(args);
            if update {
                rewritten.extend(drawn);
            } else {
                assert_eq!(shown, drawn, "{}: {args}", path.display());
            }
            drawings += 1;
            at = end;
        }
        if update {
            std::fs::write(&path, rewritten.join("\n") + "\n").unwrap();
        }
    }
    assert!(drawings >= 10, "only {drawings} drawings in the lessons");
}
