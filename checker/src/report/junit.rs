//! JUnit XML, as cargo-nextest writes it, which GitLab, Jenkins and CodeGrade read: a
//! `testsuite` per task, a `testcase` per check with its time, a `failure` with the message
//! for a check that failed (an `error` for a task that was not built), and `system-out` with
//! what the code under test printed.

use std::fmt::Write as _;

use super::{failure_message, json_output, tasks_of};
use crate::harness::check::{Outcome, Settings};
use crate::harness::checks::TASKS;
use crate::run::graded::Grading;
use crate::timeline::svg::escape;

/// The JUnit XML document for `graded`.
pub fn xml(graded: &Grading, settings: &Settings, replay: &str) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let graded = match graded {
        Ok(graded) => graded,
        Err(message) => {
            let _ = write!(
                xml,
                "<testsuites name=\"checker\" tests=\"1\" failures=\"0\" errors=\"1\">\n  \
                 <testsuite name=\"checker\" tests=\"1\" failures=\"0\" errors=\"1\">\n    \
                 <testcase name=\"the submission builds\" classname=\"checker\">\n      \
                 <error type=\"could not grade\" message=\"{}\">{}</error>\n    </testcase>\n  \
                 </testsuite>\n</testsuites>\n",
                escape(first_line(message)),
                escape(message)
            );
            return xml;
        }
    };
    let counted: Vec<&Outcome> = graded
        .outcomes
        .iter()
        .filter(|outcome| settings.counts(outcome.check))
        .collect();
    let unbuilt = |outcome: &Outcome| graded.build.unbuilt.contains_key(&outcome.check.task);
    let failed = |outcome: &Outcome| outcome.verdict.is_err() && !unbuilt(outcome);
    let seconds = |outcomes: &[&Outcome]| -> f64 {
        outcomes
            .iter()
            .map(|outcome| outcome.took.as_secs_f64())
            .sum()
    };
    let _ = writeln!(
        xml,
        "<testsuites name=\"checker\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3}\">",
        counted.len(),
        counted.iter().filter(|o| failed(o)).count(),
        counted.iter().filter(|o| unbuilt(o)).count(),
        seconds(&counted)
    );
    for task in tasks_of(&counted) {
        let crate_name = TASKS[usize::from(task)].crate_name;
        let cases: Vec<&Outcome> = counted
            .iter()
            .copied()
            .filter(|outcome| outcome.check.task == task)
            .collect();
        let _ = writeln!(
            xml,
            "  <testsuite name=\"task {task}: {crate_name}\" tests=\"{}\" disabled=\"0\" \
             errors=\"{}\" failures=\"{}\" time=\"{:.3}\">",
            cases.len(),
            cases.iter().filter(|o| unbuilt(o)).count(),
            cases.iter().filter(|o| failed(o)).count(),
            seconds(&cases)
        );
        for outcome in cases {
            let _ = write!(
                xml,
                "    <testcase name=\"{}\" classname=\"{crate_name}\" time=\"{:.3}\">",
                escape(outcome.check.name),
                outcome.took.as_secs_f64()
            );
            let message = failure_message(outcome, &graded.build, settings, Some(replay));
            let mut inner = String::new();
            if let Some(message) = &message {
                let (element, kind) = if unbuilt(outcome) {
                    ("error", "build error")
                } else {
                    ("failure", "check failed")
                };
                let _ = write!(
                    inner,
                    "\n      <{element} type=\"{kind}\" message=\"{}\">{}</{element}>",
                    escape(first_line(message)),
                    escape(message)
                );
            }
            if !outcome.output.is_empty() {
                let _ = write!(
                    inner,
                    "\n      <system-out>{}</system-out>",
                    escape(&json_output(&outcome.output))
                );
            }
            if !inner.is_empty() {
                inner.push_str("\n    ");
            }
            let _ = writeln!(xml, "{inner}</testcase>");
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// The first line of `text`.
fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}
