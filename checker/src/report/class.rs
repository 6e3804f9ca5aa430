//! A class's results: the table at the end of `checker grade PATH PATH...`, `grades.csv`,
//! `summary.csv` (the checks the class failed most) and each submission's `feedback.md`.
//!
//! All say the same, task by task: a task `pass`es when every check of its grade (with
//! `--strict`, every check) ran and passed; it `fail`s when one failed; it is `not submitted`
//! when the submission has no crate for it (graded as the starter's `todo!()`); it is an
//! `error` when it was not built, or the submission could not be graded at all. Checks are
//! counted over the grade's (with `--strict`, every check's), and points are the teacher's
//! [`Policy`]'s, as in Gradescope's `results.json`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::policy::Policy;
use super::{FAIL, NOT_SUBMITTED, PASS, paint, task_verdict};
use crate::harness::check::{Outcome, Settings};
use crate::harness::checks::{self, IMPORTS_CHECK, TASKS};
use crate::run::graded::Row;

/// A task's cell in the class's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Every check that counts ran and passed.
    Pass,
    /// A check failed.
    Fail,
    /// The submission has no crate for it.
    NotSubmitted,
    /// Not built, or the submission could not be graded.
    Error,
    /// Not graded in this run (`--task` chose another).
    NotRun,
}

impl Cell {
    /// As `grades.csv` writes it.
    pub fn word(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::NotSubmitted => NOT_SUBMITTED,
            Self::Error => "error",
            Self::NotRun => "",
        }
    }
}

/// Each task's cell for `row`.
pub fn cells(row: &Row, settings: &Settings) -> [Cell; 5] {
    TASKS.map(|task| match &row.graded {
        Err(_) => Cell::Error,
        Ok(graded) if !graded.outcomes.iter().any(|o| o.check.task == task.number) => Cell::NotRun,
        Ok(graded) if graded.not_submitted.contains(&task.number) => Cell::NotSubmitted,
        Ok(graded) if graded.build.unbuilt.contains_key(&task.number) => Cell::Error,
        Ok(graded) => match task_verdict(&graded.outcomes, &graded.build, settings, task.number) {
            None => Cell::NotRun,
            Some(true) => Cell::Pass,
            Some(false) => Cell::Fail,
        },
    })
}

/// The checks that count, passed and in all, for `row`; `None` when it was not graded.
pub fn checks_passed(row: &Row, settings: &Settings) -> Option<(usize, usize)> {
    let graded = row.graded.as_ref().ok()?;
    let counted = graded
        .outcomes
        .iter()
        .filter(|outcome| settings.counts(outcome.check));
    let (passed, total) = counted.fold((0, 0), |(passed, total), outcome| {
        (passed + usize::from(outcome.verdict.is_ok()), total + 1)
    });
    Some((passed, total))
}

/// `row`'s points and the points possible under `policy`: 0 of the tasks chosen (`task`,
/// or all five) when it could not be graded.
pub fn points(row: &Row, settings: &Settings, policy: &Policy, task: Option<u8>) -> (f64, f64) {
    match &row.graded {
        Ok(graded) => {
            let score = policy.score(&graded.outcomes, settings);
            (score.earned(), score.total())
        }
        Err(_) => {
            let total = TASKS
                .iter()
                .filter(|t| task.is_none_or(|task| task == t.number))
                .map(|t| policy.points[usize::from(t.number)])
                .sum();
            (0.0, super::policy::round(total))
        }
    }
}

/// `row`'s status: `graded`, or `error: …` with why it could not be.
fn status(row: &Row) -> String {
    match &row.graded {
        Ok(_) => "graded".to_owned(),
        Err(message) => format!("error: {}", message.lines().next().unwrap_or_default()),
    }
}

/// The header of `grades.csv`.
pub const CSV_HEADER: &str = "submission,task_0,task_1,task_2,task_3,task_4,checks_passed,\
                              checks_total,points,points_total,status";

/// `row`'s line of `grades.csv`, without its line break; the submission is its folder's name.
pub fn csv_line(row: &Row, settings: &Settings, policy: &Policy, task: Option<u8>) -> String {
    let mut fields = vec![row.folder.clone()];
    fields.extend(cells(row, settings).map(|cell| cell.word().to_owned()));
    let (passed, total) = checks_passed(row, settings).unwrap_or((0, 0));
    let (earned, possible) = points(row, settings, policy, task);
    fields.extend([
        passed.to_string(),
        total.to_string(),
        earned.to_string(),
        possible.to_string(),
        status(row),
    ]);
    let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
    line.join(",")
}

/// `grades.csv` from its lines: the header, then a line per submission.
pub fn csv(lines: &[String]) -> String {
    let mut text = format!("{CSV_HEADER}\n");
    for line in lines {
        let _ = writeln!(text, "{line}");
    }
    text
}

/// `field` as CSV holds it (RFC 4180): quoted when it holds a comma, a quote or a line break.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

/// What one submission's grade tells of the class's mistakes: the tasks built and not, and
/// each check of the built ones, failed or not. Kept in the class's index, so that
/// `--update` counts the class again without grading it again.
pub fn tally(row: &Row, settings: &Settings) -> Value {
    let Ok(graded) = &row.graded else {
        return json!({ "graded": false });
    };
    let mut checks = BTreeMap::new();
    let mut apart = BTreeMap::new();
    for outcome in &graded.outcomes {
        let check = outcome.check;
        if !settings.counts(check) {
            continue;
        }
        let task = check.task;
        if graded.not_submitted.contains(&task) {
            apart.insert(task.to_string(), NOT_SUBMITTED);
        } else if graded.build.unbuilt.contains_key(&task) {
            apart.insert(task.to_string(), "not built");
        } else if !unjudged(outcome) {
            checks.insert(
                format!("{task}\t{}", check.name),
                json!(outcome.verdict.is_err()),
            );
        }
    }
    json!({ "graded": true, "failed": checks, "apart": apart })
}

/// Whether `outcome` failed without a verdict on what its check looks at: it did not run
/// (its task's first check failed) or it was not credited (its task does not run). The
/// class's summary leaves it out, so that what failed most is what was got wrong: a
/// `wait_n` that exits does not count as one that sorts.
fn unjudged(outcome: &Outcome) -> bool {
    outcome
        .verdict
        .as_ref()
        .err()
        .is_some_and(|failure| failure.is_not_run() || checks::is_uncredited(failure))
}

/// A line of the class's summary: a check (or a task not built, not submitted), how many
/// submissions failed it, and over how many it was graded.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    /// `check`, `imports` (the tasks it imports pass), `not built` or `not submitted`.
    pub kind: &'static str,
    /// The task.
    pub task: u8,
    /// The check's name, or what happened to the task.
    pub check: String,
    /// How many failed it.
    pub failed: usize,
    /// Over how many submissions: those in which its task was built, for a check; every
    /// submission graded, for a task not built or not submitted.
    pub graded: usize,
}

impl Mistake {
    /// The share that failed it.
    pub fn share(&self) -> f64 {
        if self.graded == 0 {
            0.0
        } else {
            self.failed as f64 / self.graded as f64
        }
    }
}

/// The class's mistakes from each submission's [`tally`], the checks failed most first;
/// then, counted apart, the checks of the tasks imported, and the tasks not built or not
/// submitted.
pub fn mistakes(tallies: &[Value]) -> Vec<Mistake> {
    let graded: Vec<&Value> = tallies.iter().filter(|t| t["graded"] == true).collect();
    let mut checks: BTreeMap<(u8, String), (usize, usize)> = BTreeMap::new();
    let mut apart: BTreeMap<(u8, &'static str), usize> = BTreeMap::new();
    for tally in &graded {
        for (key, failed) in tally["failed"].as_object().into_iter().flatten() {
            let Some((task, name)) = key.split_once('\t') else {
                continue;
            };
            let Ok(task) = task.parse::<u8>() else {
                continue;
            };
            let entry = checks.entry((task, name.to_owned())).or_default();
            entry.0 += usize::from(failed == true);
            entry.1 += 1;
        }
        for (task, what) in tally["apart"].as_object().into_iter().flatten() {
            let what = if what == NOT_SUBMITTED {
                NOT_SUBMITTED
            } else {
                "not built"
            };
            if let Ok(task) = task.parse::<u8>() {
                *apart.entry((task, what)).or_default() += 1;
            }
        }
    }
    let mut own: Vec<Mistake> = checks
        .into_iter()
        .map(|((task, check), (failed, count))| Mistake {
            kind: if check == IMPORTS_CHECK {
                "imports"
            } else {
                "check"
            },
            task,
            check,
            failed,
            graded: count,
        })
        .collect();
    own.sort_by(|a, b| {
        (a.kind != "check")
            .cmp(&(b.kind != "check"))
            .then(b.failed.cmp(&a.failed))
            .then(b.share().total_cmp(&a.share()))
            .then(a.task.cmp(&b.task))
    });
    own.extend(apart.into_iter().map(|((task, kind), failed)| Mistake {
        kind,
        task,
        check: kind.to_owned(),
        failed,
        graded: graded.len(),
    }));
    own
}

/// `summary.csv`: every check graded, failed most first, then those counted apart.
pub fn summary_csv(mistakes: &[Mistake]) -> String {
    let mut text = String::from("kind,task,check,failed,graded,share\n");
    for mistake in mistakes {
        let _ = writeln!(
            text,
            "{},{},{},{},{},{:.2}",
            csv_field(mistake.kind),
            mistake.task,
            csv_field(&mistake.check),
            mistake.failed,
            mistake.graded,
            mistake.share()
        );
    }
    text
}

/// How many of the most failed checks the table's end names.
const MOST_FAILED: usize = 5;

/// The end of the class's table: the checks failed most, and the tasks not built or not
/// submitted; `None` when nothing failed.
pub fn most_failed(mistakes: &[Mistake]) -> Option<String> {
    let failed: Vec<&Mistake> = mistakes.iter().filter(|m| m.failed > 0).collect();
    if failed.is_empty() {
        return None;
    }
    let mut text = String::from("Failed most (what to teach again):");
    let checks = failed
        .iter()
        .filter(|m| m.kind == "check")
        .take(MOST_FAILED);
    for mistake in checks {
        let _ = write!(
            text,
            "\n  {} of {} fail Task {}: {} ({:.0} %)",
            mistake.failed,
            mistake.graded,
            mistake.task,
            mistake.check,
            mistake.share() * 100.0
        );
    }
    for mistake in failed
        .iter()
        .filter(|m| m.kind != "check" && m.kind != "imports")
    {
        let _ = write!(
            text,
            "\n  task {} {} in {} of {}",
            mistake.task, mistake.kind, mistake.failed, mistake.graded
        );
    }
    Some(text)
}

/// The class's table: a row per submission (its folder's name), ✓/✗ per task (`-` not
/// submitted, `!` not built or not graded), the checks passed and the points, and why a
/// submission could not be graded.
pub fn table(rows: &[Row], settings: &Settings, policy: &Policy, task: Option<u8>) -> String {
    let width = rows
        .iter()
        .map(|row| row.folder.chars().count())
        .max()
        .unwrap_or(0)
        .max("submission".len());
    let mut text = format!("{:width$}  0 1 2 3 4  checks  points\n", "submission");
    for row in rows {
        let _ = write!(text, "{:width$} ", row.folder);
        for cell in cells(row, settings) {
            let mark = match cell {
                Cell::Pass => paint(PASS, "✓"),
                Cell::Fail => paint(FAIL, "✗"),
                Cell::NotSubmitted => paint(FAIL, "-"),
                Cell::Error => paint(FAIL, "!"),
                Cell::NotRun => "·".to_owned(),
            };
            let _ = write!(text, " {mark}");
        }
        let (earned, possible) = points(row, settings, policy, task);
        match checks_passed(row, settings) {
            Some((passed, total)) => {
                let _ = writeln!(text, "  {passed}/{total}  {earned}/{possible}");
            }
            None => {
                let _ = writeln!(
                    text,
                    "  -  {earned}/{possible}  {}",
                    paint(FAIL, &status(row))
                );
            }
        }
    }
    text.push_str("✓ passes · ✗ fails · - not submitted · ! not built (or not graded) · · not run");
    text
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn the_summary_counts_what_was_got_wrong_not_what_could_not_be_judged() {
        use crate::harness::check::{Captured, Failure, Outcome, Settings};
        use crate::run::build::Build;
        use crate::run::graded::{Graded, Row};
        let outcome = |name: &str, verdict| Outcome {
            check: crate::harness::checks::named(name).expect("a check"),
            verdict,
            took: std::time::Duration::ZERO,
            output: Captured::default(),
            timeline: None,
        };
        // A wait_n that exits: every check that calls it fails, and the reading of its
        // source, which passed, is not credited.
        let exits = outcome(
            "the waits run concurrently",
            Err(Failure::new("to finish", "it exited", "do not exit")),
        );
        let no_sort = crate::harness::checks::credited(
            outcome("wait_n does not sort its result", Ok("no sort".to_owned())),
            std::slice::from_ref(&exits),
        );
        assert!(no_sort.verdict.is_err());
        let row = Row {
            submission: "eve".into(),
            folder: "eve".to_owned(),
            graded: Ok(Graded {
                build: Build {
                    harness: None,
                    unbuilt: Default::default(),
                    warnings: Default::default(),
                },
                outcomes: vec![exits, no_sort],
                not_submitted: Default::default(),
            }),
            took: std::time::Duration::ZERO,
        };
        let settings = Settings::of_tests(false);
        let tally = super::tally(&row, &settings);
        assert_eq!(tally["failed"]["1\tthe waits run concurrently"], true);
        assert!(
            tally["failed"]["1\twait_n does not sort its result"].is_null(),
            "{tally}"
        );
    }

    #[test]
    fn csv_fields_are_quoted_where_they_must_be() {
        assert_eq!(csv_field("plain/path"), "plain/path");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
