//! A class's results: the table at the end of `checker grade PATH PATH...`, and
//! `grades.csv`.
//!
//! Both say the same, task by task: a task `pass`es when every check of its grade (with
//! `--strict`, every check) ran and passed; it `fail`s when one failed; it is an `error` when it
//! was not built, or the submission could not be graded at all. Checks are counted over the
//! grade's (with `--strict`, every check's).

use std::fmt::Write as _;

use super::{FAIL, PASS, paint, task_verdict};
use crate::grade::class::Row;
use crate::harness::check::Settings;
use crate::harness::checks::TASKS;

/// A task's cell in the class's results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cell {
    /// Every check that counts ran and passed.
    Pass,
    /// A check failed.
    Fail,
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
            Self::Error => "error",
            Self::NotRun => "",
        }
    }
}

/// Each task's cell for `row`.
pub fn cells(row: &Row, settings: &Settings) -> [Cell; 5] {
    TASKS.map(|task| match &row.graded {
        Err(_) => Cell::Error,
        Ok(graded) if graded.build.unbuilt.contains_key(&task.number) => {
            if graded.outcomes.iter().any(|o| o.check.task == task.number) {
                Cell::Error
            } else {
                Cell::NotRun
            }
        }
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

/// `row`'s status: `graded`, or `error: …` with why it could not be.
fn status(row: &Row) -> String {
    match &row.graded {
        Ok(_) => "graded".to_owned(),
        Err(message) => format!("error: {}", message.lines().next().unwrap_or_default()),
    }
}

/// `grades.csv`: a header, then a row per submission.
pub fn csv(rows: &[Row], settings: &Settings) -> String {
    let mut text = String::from(
        "submission,task_0,task_1,task_2,task_3,task_4,checks_passed,checks_total,status\n",
    );
    for row in rows {
        let mut fields = vec![row.submission.display().to_string()];
        fields.extend(cells(row, settings).map(|cell| cell.word().to_owned()));
        let (passed, total) = checks_passed(row, settings).unwrap_or((0, 0));
        fields.push(passed.to_string());
        fields.push(total.to_string());
        fields.push(status(row));
        let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
        let _ = writeln!(text, "{}", line.join(","));
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

/// The class's table: a row per submission, ✓/✗ per task (`!` not built or not graded), the
/// checks passed, and why a submission could not be graded.
pub fn table(rows: &[Row], settings: &Settings) -> String {
    let width = rows
        .iter()
        .map(|row| row.submission.display().to_string().chars().count())
        .max()
        .unwrap_or(0)
        .max("submission".len());
    let mut text = format!("{:width$}  0 1 2 3 4  checks\n", "submission");
    for row in rows {
        let name = row.submission.display().to_string();
        let _ = write!(text, "{name:width$} ");
        for cell in cells(row, settings) {
            let mark = match cell {
                Cell::Pass => paint(PASS, "✓"),
                Cell::Fail => paint(FAIL, "✗"),
                Cell::Error => paint(FAIL, "!"),
                Cell::NotRun => "·".to_owned(),
            };
            let _ = write!(text, " {mark}");
        }
        match checks_passed(row, settings) {
            Some((passed, total)) => {
                let _ = writeln!(text, "  {passed}/{total}");
            }
            None => {
                let _ = writeln!(text, "  {}", paint(FAIL, &status(row)));
            }
        }
    }
    text.push_str("✓ passes · ✗ fails · ! not built (or not graded) · · not run");
    text
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_where_they_must_be() {
        assert_eq!(csv_field("plain/path"), "plain/path");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
