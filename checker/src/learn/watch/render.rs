//! The watch mode's screen, drawn by one function from the state and the last grade, in
//! rustlings' order: the output (the task's report), the hint, "done", a progress bar, and
//! the footer, always last.

use std::fmt::Write as _;

use super::state::{Mark, Question, State, View};
use crate::harness::check::Check;
use crate::harness::checks::{self, TASKS};
use crate::learn::hints;
use crate::report;

/// The width the screen is drawn for: an 80-column terminal.
const WIDTH: usize = 80;

/// What the last grade shows of the task in focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Last {
    /// What confinement held, if the build got that far.
    pub confinement: Option<String>,
    /// The task's short report (or the error that stopped the grade).
    pub report: String,
    /// Its going-further checks: a line, or each in full after `f`.
    pub further: String,
}

/// Everything one screen is drawn from.
pub struct Screen<'a> {
    /// The watch mode's state.
    pub state: &'a State,
    /// The last grade, once there is one.
    pub last: Option<&'a Last>,
    /// The solution a first pass of the task in focus announced, which `s` shows.
    pub solution: Option<&'a str>,
    /// What the checker is busy with (`grading…`), shown in the footer.
    pub busy: Option<&'a str>,
    /// Whether saving does not grade (`--manual`): Enter does.
    pub manual: bool,
}

/// The screen, ending with the footer line (no newline after it).
pub fn render(screen: &Screen<'_>) -> String {
    let state = screen.state;
    let mut text = String::new();
    match state.view {
        View::List { cursor } => list(&mut text, state, cursor),
        View::Keys => keys(&mut text, state),
        View::Report => report_view(&mut text, screen),
    }
    let _ = writeln!(text, "\n{}", progress(state));
    text.push_str(&footer(screen));
    text
}

/// The task in focus: its report, the hints asked for, and what to do next.
fn report_view(text: &mut String, screen: &Screen<'_>) {
    let state = screen.state;
    let focus = state.focus;
    match screen.last {
        None => {
            let _ = writeln!(text, "{}", report::task_heading(focus).trim_start());
        }
        Some(last) => {
            if let Some(confinement) = &last.confinement {
                let _ = writeln!(text, "{}", report::dimmed(&report::one_row(confinement)));
            }
            let _ = writeln!(text, "{}", last.report);
            if !last.further.is_empty() {
                let _ = writeln!(text, "{}", last.further);
            }
        }
    }
    let ladder = hints::ladder(TASKS[usize::from(focus)]);
    for (number, step) in ladder.iter().take(state.hints).enumerate() {
        let label = format!("Hint {} of {}: ", number + 1, ladder.len());
        let lines = hints::wrapped(step, WIDTH - label.len());
        for (index, line) in lines.iter().enumerate() {
            let lead = if index == 0 {
                report::bold(&label)
            } else {
                " ".repeat(label.len())
            };
            let _ = write!(text, "\n{lead}{line}");
        }
        text.push('\n');
    }
    if screen.last.is_some() && state.focus_passes() {
        let next = match state.first_open() {
            _ if focus < 4 => format!(" n: on to task {}.", focus + 1),
            Some(open) => format!(" l: task {open} is still open."),
            None => String::new(),
        };
        let _ = writeln!(
            text,
            "\n{}{next}",
            report::passed(&format!("★ Task {focus} passes."))
        );
        if state.all_pass() {
            let _ = writeln!(
                text,
                "{}\n  Going further: f runs this task's optional checks, l picks another task;\n  \
                 `cargo test --workspace` runs the same grade.",
                report::passed("✓ Every task passes: that is the course, done.")
            );
        }
        match (screen.solution, state.solution) {
            (Some(solution), true) => {
                let _ = writeln!(text, "{solution}");
            }
            (Some(_), false) => {
                let _ = writeln!(
                    text,
                    "  s shows a solution of the course's size, to compare."
                );
            }
            (None, _) => {}
        }
    }
    if let Some(note) = &state.note {
        let _ = writeln!(text, "\n{note}");
    }
}

/// The five tasks, each with its mark, the one under the cursor and the one in focus.
fn list(text: &mut String, state: &State, cursor: u8) {
    let _ = writeln!(
        text,
        "{}\n",
        report::bold("The tasks: a number, or ↑ ↓ and Enter, picks one; Esc or l closes")
    );
    for task in TASKS {
        let mark = match state.marks[usize::from(task.number)] {
            Mark::Passes => report::passed("✓"),
            Mark::Fails => report::failed("✗"),
            Mark::Unknown => "·".to_owned(),
        };
        let pointer = if task.number == cursor { "▸" } else { " " };
        let focus = if task.number == state.focus {
            report::dimmed("  (in focus)")
        } else {
            String::new()
        };
        let _ = writeln!(
            text,
            "{pointer} {mark} {}  {:<46} {}{focus}",
            task.number, task.title, task.function
        );
    }
}

/// What each key does.
fn keys(text: &mut String, state: &State) {
    let _ = writeln!(text, "{}\n", report::bold("Keys"));
    let mut rows = vec![
        (
            "n",
            "the next task (once this one passes; before, it asks first)",
        ),
        ("h", "a hint for this task, a step at a time"),
        ("l", "the list of the tasks, to pick one"),
    ];
    if state.starter {
        rows.push((
            "x",
            "put this task's function back to the starter's todo!() (asks)",
        ));
    }
    rows.extend([
        ("r", "grade again (a save does too; so does Enter)"),
        (
            "f",
            "run and show this task's going-further checks, optional",
        ),
        (
            "s",
            "after a pass: a solution of the course's size, to compare",
        ),
        ("?", "these keys (any key closes them)"),
        ("q", "quit (Ctrl-C too)"),
    ]);
    for (key, what) in rows {
        let _ = writeln!(text, "  {}  {what}", report::bold(key));
    }
}

/// The course's progress: a bar of the five tasks, and how many pass.
fn progress(state: &State) -> String {
    let passing = state
        .marks
        .iter()
        .filter(|mark| **mark == Mark::Passes)
        .count();
    let cells: String = state
        .marks
        .iter()
        .map(|mark| match mark {
            Mark::Passes => report::passed("█████"),
            Mark::Fails => report::failed("░░░░░"),
            Mark::Unknown => "░░░░░".to_owned(),
        })
        .collect();
    format!(
        "Progress: {cells} {passing}/5 tasks pass · task {} in focus",
        state.focus
    )
}

/// The footer while a grade runs: how many of its `total` checks have ended, and `pending`,
/// the one the report waits for. A test program that runs on the real clock says so: the
/// usual `measure_time` builds a runtime of its own, which the paused clock cannot reach.
pub fn grading(pending: &Check, ended: usize, total: usize) -> String {
    let task = pending.task;
    let running = if checks::runs_a_program(pending) && task == 2 {
        "2-main: a runtime of measure_time's own waits up to 9 s"
    } else {
        pending.name
    };
    format!("grading task {task}… {ended}/{total} · {running}")
}

/// The last line: a question, what the checker is busy with, or the keys.
fn footer(screen: &Screen<'_>) -> String {
    let state = screen.state;
    let line = match (state.question, screen.busy) {
        (Some(Question::MoveOn), _) => format!(
            "Task {} does not pass yet. Move on to task {} anyway? y/n",
            state.focus,
            state.focus + 1
        ),
        (Some(Question::Reset), _) => {
            let task = TASKS[usize::from(state.focus)];
            format!(
                "Put {} back to the starter's todo!()? Your code of it goes. y/n",
                task.function
            )
        }
        (None, Some(busy)) => busy.to_owned(),
        (None, None) => {
            let reset = if state.starter { " · x reset" } else { "" };
            let grade = if screen.manual {
                "Enter grades"
            } else {
                "r grade"
            };
            format!("n next · h hint · l list{reset} · {grade} · f further · ? keys · q quit")
        }
    };
    report::bold(&line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::checks::CHECKS;
    use crate::learn::watch::state::Key;

    /// The text as a terminal without colours shows it.
    fn plain(text: &str) -> String {
        anstream::adapter::strip_str(text).to_string()
    }

    fn screen<'a>(state: &'a State, last: Option<&'a Last>) -> Screen<'a> {
        Screen {
            state,
            last,
            solution: Some("★ Task 1 passes. A wait_n of the course's size"),
            busy: None,
            manual: false,
        }
    }

    #[test]
    fn the_footer_is_last_and_says_grading_or_asks() {
        let mut state = State::new(1, true);
        let text = plain(&render(&screen(&state, None)));
        assert!(
            text.ends_with("x reset · r grade · f further · ? keys · q quit"),
            "{text}"
        );
        let busy = Screen {
            busy: Some("grading task 1…"),
            ..screen(&state, None)
        };
        assert!(plain(&render(&busy)).ends_with("\ngrading task 1…"));
        state.on_key(Key::Char('n'));
        let text = plain(&render(&screen(&state, None)));
        assert!(text.ends_with("Move on to task 2 anyway? y/n"), "{text}");
        assert!(!plain(&render(&screen(&State::new(1, false), None))).contains("x reset"));
    }

    #[test]
    fn while_a_grade_runs_the_footer_names_the_check_it_waits_for_in_one_line() {
        let check = |name| checks::named(name).expect("a check of the grade");
        assert_eq!(
            grading(check("the waits run concurrently"), 2, 8),
            "grading task 1… 2/8 · the waits run concurrently"
        );
        // The test program of task 2 may wait seconds on the real clock, and says why.
        assert_eq!(
            grading(check("2-main prints one time per delay"), 1, 3),
            "grading task 2… 1/3 · 2-main: a runtime of measure_time's own waits up to 9 s"
        );
        // One line of the screen, or the next line drawn would not start where this one did.
        for check in CHECKS.iter().chain(checks::IMPORTS_CHECKS) {
            let line = grading(check, 18, 18);
            assert!(line.chars().count() <= WIDTH, "{line}");
        }
    }

    #[test]
    fn a_pass_offers_the_next_task_and_the_solution() {
        let mut state = State::new(1, true);
        state.graded(0, true);
        state.graded(1, true);
        let last = Last {
            confinement: Some("confined: everything".into()),
            report: "Task 1 · …\n  ✓ a check".into(),
            further: String::new(),
        };
        let text = plain(&render(&screen(&state, Some(&last))));
        assert!(text.starts_with("confined: everything\nTask 1"), "{text}");
        assert!(text.contains("★ Task 1 passes. n: on to task 2."), "{text}");
        assert!(text.contains("s shows a solution"), "{text}");
        assert!(
            text.contains("Progress: ██████████░░░░░░░░░░░░░░░ 2/5 tasks pass"),
            "{text}"
        );
        state.on_key(Key::Char('s'));
        let text = plain(&render(&screen(&state, Some(&last))));
        assert!(text.contains("A wait_n of the course's size"), "{text}");
        for task in 0..5 {
            state.graded(task, true);
        }
        let text = plain(&render(&screen(&state, Some(&last))));
        assert!(text.contains("Every task passes"), "{text}");
        assert!(text.contains("cargo test --workspace"), "{text}");
    }

    #[test]
    fn the_list_marks_each_task_and_points_at_the_cursor() {
        let mut state = State::new(1, true);
        state.graded(0, true);
        state.graded(1, false);
        state.on_key(Key::Char('l'));
        state.on_key(Key::Down);
        let text = plain(&render(&screen(&state, None)));
        let rows: Vec<&str> = text.lines().filter(|line| line.contains("  ")).collect();
        assert!(
            rows.iter()
                .any(|row| row.starts_with("  ✓ 0  the basics of async")),
            "{text}"
        );
        assert!(
            rows.iter()
                .any(|row| row.starts_with("  ✗ 1  ") && row.ends_with("(in focus)")),
            "{text}"
        );
        assert!(
            rows.iter()
                .any(|row| row.starts_with("▸ · 2  measure the runtime")),
            "{text}"
        );
    }
}
