//! A submission's `feedback.md`, written beside its results with `--output-dir`: what a
//! student reads. Its tasks and points, the first failing check of each with its hint and
//! the drawing of its waits, and what to try next. Hints name the cause; code that solves a
//! task is shown only when the teacher's policy says `"solutions": true`. No command in it
//! names a path of the grader's machine: the student grades again in their own workspace.

use std::fmt::Write as _;

use super::policy::{Credit, Policy};
use super::{NOT_SUBMITTED, drawn};
use crate::harness::check::{Outcome, Settings};
use crate::harness::checks::{self, TASKS};
use crate::run::graded::Grading;

/// The feedback on `graded`, the submission `name`, scored by `policy`.
pub fn feedback(name: &str, graded: &Grading, settings: &Settings, policy: &Policy) -> String {
    let mut text = format!("# Feedback on {name}\n\n");
    let graded = match graded {
        Ok(graded) => graded,
        Err(message) => {
            let _ = write!(
                text,
                "Nothing was graded, so no points: {message}\n\n## What to try next\n\n\
                 Submit your whole workspace: the folder that holds the task crates \
                 (basic_async_syntax, concurrent_coroutines, measure_runtime, tasks, \
                 task_wait_n), or a zip of it.\n"
            );
            return text;
        }
    };
    let score = policy.score(&graded.outcomes, settings);
    let how = match policy.credit {
        Credit::Task => "a task earns its points when every check of it passes",
        Credit::Check => "each check passed earns its share of its task's points",
    };
    let _ = write!(
        text,
        "**Points: {} of {}** ({how}).\n\n| task | result | points |\n|---|---|---|\n",
        score.earned(),
        score.total()
    );
    // The first failure of each task graded.
    let mut first_failures: Vec<(u8, &Outcome)> = Vec::new();
    for task in TASKS {
        let Some((earned, possible)) = score.tasks[usize::from(task.number)] else {
            continue;
        };
        let counted: Vec<&Outcome> = graded
            .outcomes
            .iter()
            .filter(|o| o.check.task == task.number && settings.counts(o.check))
            .collect();
        // The failure the report leads with: the task's first check, which the others are
        // cut short by, when it fails; else the first that fails.
        let failing = counted
            .iter()
            .find(|o| o.verdict.is_err() && checks::is_first(o.check))
            .or_else(|| counted.iter().find(|o| o.verdict.is_err()));
        let result = if graded.not_submitted.contains(&task.number) {
            NOT_SUBMITTED.to_owned()
        } else if let Some(unbuilt) = graded.build.unbuilt.get(&task.number) {
            format!("not built: {}", unbuilt.reason)
        } else if let Some(failing) = failing {
            let passed = counted.iter().filter(|o| o.verdict.is_ok()).count();
            format!(
                "✗ fails “{}” ({passed} of {} checks pass)",
                failing.check.name,
                counted.len()
            )
        } else {
            format!("✓ passes ({} checks)", counted.len())
        };
        if let Some(failing) = failing {
            first_failures.push((task.number, failing));
        }
        let _ = writeln!(
            text,
            "| {} `{}` | {} | {earned} / {possible} |",
            task.number,
            task.function,
            result.replace('|', "\\|")
        );
    }
    for &(task, failing) in &first_failures {
        let info = TASKS[usize::from(task)];
        let title = if graded.not_submitted.contains(&task) {
            NOT_SUBMITTED
        } else if graded.build.unbuilt.contains_key(&task) {
            "not built"
        } else {
            failing.check.name
        };
        let _ = write!(text, "\n## Task {task} · {}: {title}\n\n", info.function);
        if graded.not_submitted.contains(&task) {
            let _ = writeln!(
                text,
                "Your submission has no `{}` folder (its `Cargo.toml` and `src/lib.rs`), so \
                 this task was graded as the starter's `todo!()`.",
                info.crate_name
            );
            continue;
        }
        if let Some(unbuilt) = graded.build.unbuilt.get(&task) {
            let _ = writeln!(text, "{}\n", unbuilt.reason);
            if !unbuilt.messages.is_empty() {
                let _ = writeln!(text, "```text\n{}\n```\n", unbuilt.messages.trim_end());
            }
            let _ = writeln!(text, "**Hint:** {}", unbuilt.hint);
            continue;
        }
        let _ = writeln!(text, "{}\n", failing.check.requirement);
        if let Err(failure) = &failing.verdict {
            let _ = writeln!(
                text,
                "- expected: {}\n- actual: {}\n\n**Hint:** {}",
                failure.expected, failure.actual, failure.hint
            );
        }
        if let Some(drawing) = drawn(failing, settings, super::Detail::Full) {
            let _ = writeln!(text, "\n```text\n{}\n```", drawing.trim_matches('\n'));
        }
        if policy.solutions
            && let Some(solution) = crate::embedded::text(&format!(
                "{}/{}.rs",
                crate::embedded::CANONICAL,
                info.crate_name
            ))
        {
            let _ = writeln!(
                text,
                "\nA solution of the course's size (your teacher chose to show it):\n\n\
                 ```rust\n{}\n```",
                solution.trim_end()
            );
        }
    }
    text.push_str("\n## What to try next\n\n");
    match first_failures.first() {
        Some(&(task, failing)) => {
            let what = if graded.not_submitted.contains(&task) {
                format!("add the crate `{}`", TASKS[usize::from(task)].crate_name)
            } else if graded.build.unbuilt.contains_key(&task) {
                "make it compile".to_owned()
            } else {
                format!("make \"{}\" pass", failing.check.name)
            };
            let _ = writeln!(
                text,
                "Start with task {task}: {what}. In your workspace, `cargo run -p checker -- \
                 --task {task}` grades it again (`--watch` on every save); this grade's seed \
                 was {}.",
                settings.seed
            );
        }
        None => {
            text.push_str(
                "Every task graded passes. `cargo run -p checker` in your workspace shows the \
                 going-further challenges.\n",
            );
        }
    }
    text
}
