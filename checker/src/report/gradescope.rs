//! Gradescope's autograder `results.json`.
//!
//! Gradescope runs `run_autograder` on each submission and reads
//! `/autograder/results/results.json`: a top-level `score`, and `tests[]` with `name`,
//! `score`, `max_score`, `status` (`passed` or `failed`), `output` and `visibility`.
//!
//! # Points
//!
//! The teacher's [`Policy`] sets them, the same as `grades.csv`'s: each task's points (20 by
//! default), earned all or nothing per task (the default: then a test per task, its output
//! naming each check, passed or failed, with the failures' messages) or split evenly over
//! its checks (a test per check). A task that was not built earns none, and its tests carry
//! the compiler's message; a task not submitted says so. The students run no checker on
//! Gradescope, so no message carries a command to replay the run: the seed is named, for the
//! teacher.

use std::fmt::Write as _;

use serde_json::{Value, json};

use super::policy::{Credit, Policy, round};
use super::{failure_message, json_output};
use crate::harness::check::{Outcome, Settings};
use crate::harness::checks::TASKS;
use crate::run::graded::Grading;

/// Gradescope's `results.json` for `graded`, scored by `policy`.
pub fn results(graded: &Grading, settings: &Settings, policy: &Policy) -> Value {
    let graded = match graded {
        Ok(graded) => graded,
        Err(message) => {
            return json!({
                "score": 0.0,
                "output": format!("The checker could not grade this submission:\n{message}"),
                "tests": [],
            });
        }
    };
    let counted: Vec<&Outcome> = graded
        .outcomes
        .iter()
        .filter(|outcome| settings.counts(outcome.check))
        .collect();
    let score = policy.score(&graded.outcomes, settings);
    let visibility = policy.visibility.word();
    // A check's text in a test's output: its message when it failed, then what it printed.
    let text = |outcome: &Outcome| {
        let mut output =
            failure_message(outcome, &graded.build, settings, None).unwrap_or_default();
        if !outcome.output.is_empty() {
            if !output.is_empty() {
                output.push_str("\n\n");
            }
            output.push_str("printed:\n");
            output.push_str(&json_output(&outcome.output));
        }
        output
    };
    let tests: Vec<Value> = match policy.credit {
        Credit::Check => counted
            .iter()
            .enumerate()
            .map(|(index, outcome)| {
                let check = outcome.check;
                let checks = counted
                    .iter()
                    .filter(|o| o.check.task == check.task)
                    .count();
                let max_score = policy.points[usize::from(check.task)] / checks as f64;
                let passed = outcome.verdict.is_ok();
                json!({
                    "name": format!("Task {}: {}", check.task, check.name),
                    "number": format!("{}.{}", check.task, index + 1),
                    "score": if passed { max_score } else { 0.0 },
                    "max_score": max_score,
                    "status": if passed { "passed" } else { "failed" },
                    "output": text(outcome),
                    "visibility": visibility,
                })
            })
            .collect(),
        Credit::Task => TASKS
            .iter()
            .filter_map(|task| {
                let (earned, max_score) = score.tasks[usize::from(task.number)]?;
                let mut output = String::new();
                let mut passed = true;
                for outcome in counted.iter().filter(|o| o.check.task == task.number) {
                    let mark = if outcome.verdict.is_ok() {
                        "✓"
                    } else {
                        "✗"
                    };
                    passed &= outcome.verdict.is_ok();
                    let _ = writeln!(output, "{mark} {}", outcome.check.name);
                }
                for outcome in counted.iter().filter(|o| o.check.task == task.number) {
                    let detail = text(outcome);
                    if outcome.verdict.is_err() && !detail.is_empty() {
                        let _ = write!(output, "\n✗ {}\n{detail}\n", outcome.check.name);
                    }
                }
                Some(json!({
                    "name": format!("Task {}: {} ({})", task.number, task.title, task.function),
                    "number": task.number.to_string(),
                    "score": earned,
                    "max_score": max_score,
                    "status": if passed { "passed" } else { "failed" },
                    "output": output.trim_end(),
                    "visibility": visibility,
                }))
            })
            .collect(),
    };
    let mut output = policy.describe();
    if !graded.not_submitted.is_empty() {
        let missing: Vec<String> = graded
            .not_submitted
            .iter()
            .map(|&task| format!("task {task} ({})", TASKS[usize::from(task)].crate_name))
            .collect();
        let _ = write!(
            output,
            "\n{}: {}, graded as the starter's todo!().",
            super::NOT_SUBMITTED,
            missing.join(", ")
        );
    }
    let _ = write!(output, "\nGraded with seed {}.", settings.seed);
    json!({
        "score": round(score.earned()),
        "output": output,
        "tests": tests,
    })
}
