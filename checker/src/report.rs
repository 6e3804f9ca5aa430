//! The two faces of a run's results: a report for people, and Exercism's `results.json`.

use std::ffi::OsStr;
use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::check::{Outcome, Settings};
use crate::checks::TASKS;

/// How the text report is painted: ANSI colours on a terminal, plain text otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Whether to write ANSI colour codes.
    pub colour: bool,
}

impl Style {
    /// Colour only on a terminal, and never when `NO_COLOR` (its value passed in as
    /// `no_color`) is set to anything non-empty.
    pub fn detect(is_terminal: bool, no_color: Option<&OsStr>) -> Self {
        let no_colour = no_color.is_some_and(|value| !value.is_empty());
        Self {
            colour: is_terminal && !no_colour,
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// The report's opening line.
pub fn header(settings: &Settings, style: Style) -> String {
    style.paint(
        "1",
        &format!("Grading the curriculum with seed {}", settings.seed),
    )
}

/// The heading of a task's section.
pub fn task_heading(task: u8, style: Style) -> String {
    let (_, crate_name, title) = TASKS[usize::from(task)];
    format!(
        "\n{}",
        style.paint("1", &format!("Task {task} · {title} ({crate_name})"))
    )
}

/// One check's lines: ✓ or ✗, its name and requirement, and for a failure what went wrong.
pub fn outcome(outcome: &Outcome, style: Style) -> String {
    let check = outcome.check;
    let mut text = match &outcome.verdict {
        Ok(_) => format!("  {} {}\n", style.paint("32", "✓"), check.name),
        Err(_) => format!(
            "  {} {}\n",
            style.paint("31", "✗"),
            style.paint("1", check.name)
        ),
    };
    let _ = writeln!(text, "      {}", style.paint("2", check.requirement));
    if let Err(failure) = &outcome.verdict {
        for line in failure.to_string().lines() {
            let _ = writeln!(text, "      {line}");
        }
        let _ = writeln!(text, "      checked: {}", check.test_code);
    }
    text.pop();
    text
}

/// The closing lines: tasks and checks that pass, and how to replay a failed run.
pub fn summary(
    outcomes: &[Outcome],
    settings: &Settings,
    task: Option<u8>,
    style: Style,
) -> String {
    let tasks: Vec<u8> = tasks_of(outcomes);
    let passing = tasks
        .iter()
        .filter(|&&task| task_passes(outcomes, task))
        .count();
    let checks_passing = outcomes.iter().filter(|o| o.verdict.is_ok()).count();
    let line = format!(
        "{passing}/{} tasks pass ({checks_passing}/{} checks)",
        tasks.len(),
        outcomes.len()
    );
    let mut text = format!(
        "\n{}",
        style.paint(
            if passing == tasks.len() {
                "32;1"
            } else {
                "31;1"
            },
            &line
        )
    );
    if checks_passing < outcomes.len() {
        let _ = write!(
            text,
            "\nReproduce this run: {}",
            replay_command(settings, task)
        );
    }
    text
}

/// The command that replays a run exactly.
fn replay_command(settings: &Settings, task: Option<u8>) -> String {
    let mut command = format!("cargo run -p checker -- --seed {}", settings.seed);
    if let Some(task) = task {
        let _ = write!(command, " --task {task}");
    }
    if settings.real_time {
        command.push_str(" --real-time");
    }
    command
}

/// The tasks that `outcomes` cover, in order.
fn tasks_of(outcomes: &[Outcome]) -> Vec<u8> {
    let mut tasks: Vec<u8> = outcomes.iter().map(|o| o.check.task).collect();
    tasks.dedup();
    tasks
}

fn task_passes(outcomes: &[Outcome], task: u8) -> bool {
    outcomes
        .iter()
        .filter(|o| o.check.task == task)
        .all(|o| o.verdict.is_ok())
}

/// The most characters of a test's `output` in `results.json`, as the format allows.
const OUTPUT_LIMIT: usize = 500;

/// Exercism's test-runner `results.json`, version 3, for the checks that ran.
///
/// A failed test's `message` ends with the command that replays the run; `test_code` names
/// the run's seed where a check passes it on.
pub fn results_json(outcomes: &[Outcome], settings: &Settings, task: Option<u8>) -> Value {
    let seed = settings.seed.to_string();
    let replay = replay_command(settings, task);
    let tests: Vec<Value> = outcomes
        .iter()
        .map(|outcome| {
            let check = outcome.check;
            let mut test = json!({
                "name": format!("Task {}: {}", check.task, check.name),
                "status": if outcome.verdict.is_ok() { "pass" } else { "fail" },
                "test_code": check.test_code.replace("<seed>", &seed),
                "task_id": check.task + 1,
            });
            let output = match &outcome.verdict {
                Ok(evidence) => evidence.clone(),
                Err(failure) => {
                    test["message"] = json!(format!("{failure}\nreproduce: {replay}"));
                    failure.actual.clone()
                }
            };
            test["output"] = json!(truncated(&output, OUTPUT_LIMIT));
            test
        })
        .collect();
    let status = if outcomes.iter().all(|o| o.verdict.is_ok()) {
        "pass"
    } else {
        "fail"
    };
    json!({ "version": 3, "status": status, "tests": tests })
}

/// Exercism's `results.json` for a run in which no test could run, and why.
pub fn results_error(message: &str) -> Value {
    json!({ "version": 3, "status": "error", "message": message, "tests": [] })
}

/// `text` cut to at most `limit` characters, marked with an ellipsis when cut.
fn truncated(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(limit - 1).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::{Style, results_error, truncated};
    use pretty_assertions::assert_eq;
    use serde_json::json;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(Style::detect(true, None).colour);
        assert!(Style::detect(true, Some(OsStr::new(""))).colour);
        assert!(!Style::detect(true, Some(OsStr::new("1"))).colour);
        assert!(!Style::detect(false, None).colour);
    }

    #[test]
    fn a_run_that_could_not_grade_is_an_error_with_its_message() {
        let results = results_error("building the test programs failed");
        assert_eq!(
            results,
            json!({
                "version": 3,
                "status": "error",
                "message": "building the test programs failed",
                "tests": [],
            })
        );
    }

    #[test]
    fn output_is_cut_to_the_limit_on_a_character_boundary() {
        assert_eq!(truncated("short", 500), "short");
        let long = "✓".repeat(600);
        let cut = truncated(&long, 500);
        assert_eq!(cut.chars().count(), 500);
        assert!(cut.ends_with('…'));
    }
}
