//! The teacher's grading policy (`--grading FILE`): the points of each task, how a task
//! earns them, and what students see. One policy gives one score, the same in `grades.csv`,
//! Gradescope's `results.json` and the Classroom workflow.
//!
//! The file is JSON, every key optional:
//!
//! ```json
//! {
//!   "points": [20, 20, 20, 20, 20],
//!   "credit": "task",
//!   "visibility": "visible",
//!   "solutions": false
//! }
//! ```
//!
//! - `points`: each task's points, task 0 first (five numbers, or an object by task number:
//!   `{"0": 10, "4": 30}`, the others keeping 20); 20 each by default.
//! - `credit`: `task` (the default), all or nothing per task: a task earns its points when
//!   every check of its grade passes, as Classroom's command grader does with a step per
//!   task; or `check`, a task's points split evenly over its checks, each passed earning its
//!   share (Gradescope only: Classroom cannot carry it, and `checker new` refuses it).
//! - `visibility`: what Gradescope shows students of each test before the due date:
//!   `visible` (the default), `after_due_date`, `hidden`.
//! - `solutions`: whether a student's `feedback.md` may show code that solves a task
//!   (`false` by default: hints name the cause, never the answer).

use std::path::Path;

use serde_json::Value;

use crate::harness::check::{Outcome, Settings};
use crate::harness::checks::TASKS;

/// The points of a task when the policy does not say.
pub const DEFAULT_POINTS: f64 = 20.0;

/// How a task earns its points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    /// All or nothing: every check of its grade passes, or it earns nothing.
    Task,
    /// Each check passed earns its share of the task's points.
    Check,
}

/// What Gradescope shows students of each test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Always.
    Visible,
    /// Once the due date has passed.
    AfterDueDate,
    /// Never.
    Hidden,
}

impl Visibility {
    /// As Gradescope's `results.json` writes it.
    pub fn word(self) -> &'static str {
        match self {
            Self::Visible => "visible",
            Self::AfterDueDate => "after_due_date",
            Self::Hidden => "hidden",
        }
    }
}

/// The teacher's grading policy (see the [module](self) docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    /// Each task's points, by task number.
    pub points: [f64; 5],
    /// How a task earns them.
    pub credit: Credit,
    /// What Gradescope shows students.
    pub visibility: Visibility,
    /// Whether feedback may show code that solves a task.
    pub solutions: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            points: [DEFAULT_POINTS; 5],
            credit: Credit::Task,
            visibility: Visibility::Visible,
            solutions: false,
        }
    }
}

/// The points of one submission: each task's earned and possible, `None` for a task not
/// graded in this run (`--task` chose another).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    /// Each task's points earned and possible.
    pub tasks: [Option<(f64, f64)>; 5],
}

impl Score {
    /// The points earned, over every task graded, to two decimals.
    pub fn earned(&self) -> f64 {
        round(self.tasks.iter().flatten().map(|(earned, _)| earned).sum())
    }

    /// The points possible, over every task graded.
    pub fn total(&self) -> f64 {
        round(self.tasks.iter().flatten().map(|(_, total)| total).sum())
    }
}

/// `points` to two decimals, as the files show them.
pub fn round(points: f64) -> f64 {
    (points * 100.0).round() / 100.0
}

impl Policy {
    /// The policy in the file at `path` (what `--grading` takes).
    ///
    /// # Errors
    ///
    /// When the file cannot be read, or is not a policy: the message names the file and
    /// what is wrong.
    pub fn from_file(path: &str) -> Result<Self, String> {
        let text = std::fs::read_to_string(Path::new(path))
            .map_err(|error| format!("{path} cannot be read: {error}"))?;
        Self::parse(&text).map_err(|error| format!("{path}: {error}"))
    }

    /// The policy that `text` (JSON) sets.
    ///
    /// # Errors
    ///
    /// When `text` is not JSON, has a key the policy does not know, or a value out of place;
    /// the message says which.
    pub fn parse(text: &str) -> Result<Self, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|error| format!("not JSON: {error}"))?;
        let Value::Object(fields) = value else {
            return Err("a grading policy is a JSON object: {\"points\": …, \"credit\": …}".into());
        };
        let mut policy = Self::default();
        for (key, value) in &fields {
            match key.as_str() {
                "points" => policy.points = points(value)?,
                "credit" => {
                    policy.credit = match value.as_str() {
                        Some("task") => Credit::Task,
                        Some("check") => Credit::Check,
                        _ => {
                            return Err(format!(
                                "\"credit\" is \"task\" or \"check\", not {value}"
                            ));
                        }
                    }
                }
                "visibility" => {
                    policy.visibility = match value.as_str() {
                        Some("visible") => Visibility::Visible,
                        Some("after_due_date") => Visibility::AfterDueDate,
                        Some("hidden") => Visibility::Hidden,
                        _ => {
                            return Err(format!(
                                "\"visibility\" is \"visible\", \"after_due_date\" or \
                                 \"hidden\", not {value}"
                            ));
                        }
                    }
                }
                "solutions" => {
                    policy.solutions = value
                        .as_bool()
                        .ok_or_else(|| format!("\"solutions\" is true or false, not {value}"))?;
                }
                other => {
                    return Err(format!(
                        "unknown key {other:?}: a grading policy has \"points\", \"credit\", \
                         \"visibility\" and \"solutions\""
                    ));
                }
            }
        }
        Ok(policy)
    }

    /// The points of `outcomes` under this policy, over the checks that count in this run.
    pub fn score(&self, outcomes: &[Outcome], settings: &Settings) -> Score {
        let tasks = TASKS.map(|task| {
            let (passed, total) = outcomes
                .iter()
                .filter(|o| o.check.task == task.number && settings.counts(o.check))
                .fold((0_usize, 0_usize), |(passed, total), o| {
                    (passed + usize::from(o.verdict.is_ok()), total + 1)
                });
            let points = self.points[usize::from(task.number)];
            (total > 0).then(|| {
                let earned = match self.credit {
                    Credit::Task if passed == total => points,
                    Credit::Task => 0.0,
                    Credit::Check => points * passed as f64 / total as f64,
                };
                (round(earned), points)
            })
        });
        Score { tasks }
    }

    /// A line that says how points are earned, for the graders' reports.
    pub fn describe(&self) -> String {
        let points: Vec<String> = self.points.iter().map(|p| p.to_string()).collect();
        let how = match self.credit {
            Credit::Task => "a task earns its points when every check of its grade passes",
            Credit::Check => "a task's points are split evenly over its checks",
        };
        format!(
            "Points per task (0 to 4): {}, {} in all; {how}.",
            points.join(", "),
            round(self.points.iter().sum())
        )
    }
}

/// Each task's points from `value`: five numbers, or an object by task number.
fn points(value: &Value) -> Result<[f64; 5], String> {
    let number = |value: &Value, task: usize| {
        value
            .as_f64()
            .filter(|points| points.is_finite() && *points >= 0.0)
            .ok_or_else(|| format!("task {task}'s points are a number of 0 or more, not {value}"))
    };
    let mut points = [DEFAULT_POINTS; 5];
    match value {
        Value::Array(list) if list.len() == TASKS.len() => {
            for (task, value) in list.iter().enumerate() {
                points[task] = number(value, task)?;
            }
        }
        Value::Array(list) => {
            return Err(format!(
                "\"points\" lists the five tasks' points, task 0 first: {} given",
                list.len()
            ));
        }
        Value::Object(by_task) => {
            for (key, value) in by_task {
                let task = key
                    .parse::<usize>()
                    .ok()
                    .filter(|&task| task < TASKS.len())
                    .ok_or_else(|| format!("\"points\" has {key:?}: tasks are \"0\" to \"4\""))?;
                points[task] = number(value, task)?;
            }
        }
        other => {
            return Err(format!(
                "\"points\" is a list of five numbers or an object by task number, not {other}"
            ));
        }
    }
    Ok(points)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn a_policy_file_sets_points_credit_and_visibility() {
        assert_eq!(Policy::parse("{}").unwrap(), Policy::default());
        let policy = Policy::parse(
            r#"{"points": {"0": 10, "4": 30}, "credit": "check", "visibility": "hidden", "solutions": true}"#,
        )
        .unwrap();
        assert_eq!(policy.points, [10.0, 20.0, 20.0, 20.0, 30.0]);
        assert_eq!(policy.credit, Credit::Check);
        assert_eq!(policy.visibility.word(), "hidden");
        assert!(policy.solutions);
        let listed = Policy::parse(r#"{"points": [1, 2, 3, 4, 5]}"#).unwrap();
        assert_eq!(listed.points, [1.0, 2.0, 3.0, 4.0, 5.0]);
    }

    #[test]
    fn a_bad_policy_is_refused_naming_the_problem() {
        for (text, says) in [
            ("[1]", "a JSON object"),
            ("{\"points\": [1, 2]}", "2 given"),
            ("{\"points\": {\"7\": 1}}", "tasks are \"0\" to \"4\""),
            ("{\"points\": [1, 2, 3, 4, -5]}", "task 4's points"),
            ("{\"credit\": \"all\"}", "\"task\" or \"check\""),
            ("{\"visibility\": \"after\"}", "after_due_date"),
            ("{\"point\": 1}", "unknown key \"point\""),
            ("{", "not JSON"),
        ] {
            let error = Policy::parse(text).unwrap_err();
            assert!(error.contains(says), "{text}: {error}");
        }
    }
}
