//! Gradescope's autograder `results.json`.
//!
//! Gradescope runs `run_autograder` on each submission and reads
//! `/autograder/results/results.json`: a top-level `score`, and `tests[]` with `name`,
//! `score`, `max_score`, `status` (`passed` or `failed`) and `output`.
//!
//! # Points
//!
//! Each task graded is worth [`TASK_POINTS`] (100 for the five), split evenly over the checks
//! of its grade (with `--strict`, over the going-further ones too): a check passed earns
//! its share, so a task half done earns half its points. A task that was not built earns
//! none, and each of its checks carries the compiler's message.

use serde_json::{Value, json};

use super::{failure_message, json_output};
use crate::grade::one::Grading;
use crate::harness::check::{Outcome, Settings};

/// The points of one task.
pub const TASK_POINTS: f64 = 20.0;

/// Gradescope's `results.json` for `graded`.
pub fn results(graded: &Grading, settings: &Settings, replay: &str) -> Value {
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
    let checks_of = |task: u8| counted.iter().filter(|o| o.check.task == task).count();
    let mut score = 0.0;
    let tests: Vec<Value> = counted
        .iter()
        .enumerate()
        .map(|(index, outcome)| {
            let check = outcome.check;
            let max_score = TASK_POINTS / checks_of(check.task) as f64;
            let message = failure_message(outcome, &graded.build, settings, replay);
            let passed = message.is_none();
            let earned = if passed { max_score } else { 0.0 };
            score += earned;
            let mut output = message.unwrap_or_default();
            if !outcome.output.is_empty() {
                if !output.is_empty() {
                    output.push_str("\n\n");
                }
                output.push_str("printed:\n");
                output.push_str(&json_output(&outcome.output));
            }
            json!({
                "name": format!("Task {}: {}", check.task, check.name),
                "number": format!("{}.{}", check.task, index + 1),
                "score": earned,
                "max_score": max_score,
                "status": if passed { "passed" } else { "failed" },
                "output": output,
                "visibility": "visible",
            })
        })
        .collect();
    json!({
        "score": round(score),
        "output": format!(
            "Each task is worth {TASK_POINTS} points, split evenly over its checks. Replay this run: {replay}"
        ),
        "tests": tests,
    })
}

/// `points` to two decimals, as Gradescope shows them.
fn round(points: f64) -> f64 {
    (points * 100.0).round() / 100.0
}
