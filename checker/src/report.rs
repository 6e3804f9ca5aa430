//! A run's results, for people and for the systems that grade: the report on a terminal
//! ([`terminal`]), Exercism's `results.json` (here), Gradescope's ([`gradescope`]), JUnit XML
//! ([`junit`]), and a class's table and `grades.csv` ([`class`]).

pub mod class;
pub mod feedback;
pub mod gradescope;
pub mod junit;
pub mod policy;
pub mod terminal;

use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context as _;

use anstyle::{AnsiColor, Style};
use serde_json::{Value, json};

use crate::harness::check::{Captured, Check, Failure, Outcome, Settings, Tier};
use crate::harness::checks::{TASKS, Task};
use crate::run::build::Build;
use crate::run::graded::{Format, Grading};
use crate::run::hints::Unbuilt;
use crate::timeline::{Recorded, draw};

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const PASS: Style = AnsiColor::Green.on_default();
const FAIL: Style = AnsiColor::Red.on_default();
/// A going-further check that does not pass, outside `--strict`: a challenge, not a failure.
const OPEN: Style = AnsiColor::Yellow.on_default();

/// `text` in `style`. The report always writes its styles; `anstream` strips them where
/// colour does not belong (not a terminal, `NO_COLOR`).
fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// The report's opening line.
pub fn header(settings: &Settings) -> String {
    paint(
        BOLD,
        &format!("Grading the curriculum with seed {}", settings.seed),
    )
}

/// The heading of a task's section.
pub fn task_heading(task: u8) -> String {
    let task = TASKS[usize::from(task)];
    format!(
        "\n{}",
        paint(
            BOLD,
            &format!(
                "Task {} · {} ({})",
                task.number, task.title, task.crate_name
            )
        )
    )
}

/// How much of a run the text report shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// One screen: a line per check; the report's first failure in full (with a timeline of
    /// at most nine rows and the first lines printed), the other failures with their hint;
    /// a task's checks after its first failing one not run; going further as a line per task.
    Short,
    /// Everything: every failure in full, its timeline whole, every going-further check
    /// (`--further`, `--timeline`, `--strict`).
    Full,
}

/// How many lines of a failed check's output the report shows.
const SHOWN_LINES: usize = 10;
/// How many lines of it the short report shows.
const SHORT_SHOWN_LINES: usize = 3;
/// The widest line of the short report that is cut rather than wrapped: a hint on the line
/// of a failure that is not shown in full.
const SHORT_COLUMNS: usize = 80;
/// The most characters of one shown line of output.
const SHOWN_LINE_CHARS: usize = 200;

/// One check's lines: ✓ or ✗, its name and requirement, for a failure what went wrong and
/// the first lines the code under test printed; for a pass, one line if it printed. The
/// short report draws a short timeline and fewer lines printed ([`Detail`]).
pub fn outcome(outcome: &Outcome, settings: &Settings, detail: Detail) -> String {
    let check = outcome.check;
    let mut text = match &outcome.verdict {
        Ok(_) => format!("  {} {}\n", paint(PASS, "✓"), check.name),
        Err(_) if !settings.counts(check) => {
            format!("  {} {}\n", paint(OPEN, "○"), paint(BOLD, check.name))
        }
        Err(_) => format!("  {} {}\n", paint(FAIL, "✗"), paint(BOLD, check.name)),
    };
    if detail == Detail::Full || outcome.verdict.is_err() {
        let _ = writeln!(text, "      {}", paint(DIM, check.requirement));
    }
    match &outcome.verdict {
        Err(failure) => {
            for line in failure.to_string().lines() {
                let _ = writeln!(text, "      {line}");
            }
            let _ = writeln!(text, "      checked: {}", test_code(check, settings));
            text.push_str(&drawn(outcome, settings, detail).unwrap_or_default());
            for line in printed(&outcome.output, detail).lines() {
                let _ = writeln!(text, "      {line}");
            }
        }
        Ok(_) if !outcome.output.is_empty() && detail == Detail::Full => {
            let note = format!(
                "(the code under test printed {}; it is shown when a check fails)",
                count(outcome.output.lines, "line")
            );
            let _ = writeln!(text, "      {}", paint(DIM, &note));
        }
        Ok(_) => {}
    }
    if outcome.verdict.is_ok() && settings.drawing.every {
        text.push_str(&drawn(outcome, settings, detail).unwrap_or_default());
    }
    text.pop();
    text
}

/// A task's checks as the short report shows them, in the order they ran: a line each; the
/// report's first failure in full, when `in_full` says that it is still to come (and then
/// no longer); every other failure with its hint cut to its line; the checks that did not
/// run as one line that says which check they wait for.
pub fn short_checks(outcomes: &[&Outcome], settings: &Settings, in_full: &mut bool) -> String {
    let mut lines = Vec::new();
    let mut not_run = Vec::new();
    for &outcome in outcomes {
        match &outcome.verdict {
            Err(failure) if failure.is_not_run() => not_run.extend(failure.waits_for()),
            Err(failure) if !*in_full => {
                // As `outcome` marks it: a check that does not count (going further) is open.
                let mark = if settings.counts(outcome.check) {
                    paint(FAIL, "✗")
                } else {
                    paint(OPEN, "○")
                };
                lines.push(format!("  {mark} {}", paint(BOLD, outcome.check.name)));
                let hint = failure.hint.lines().next().unwrap_or_default();
                lines.push(format!(
                    "      {}",
                    truncated(&format!("hint: {hint}"), SHORT_COLUMNS - 6)
                ));
            }
            Err(_) => {
                *in_full = false;
                lines.push(self::outcome(outcome, settings, Detail::Short));
            }
            Ok(_) => lines.push(self::outcome(outcome, settings, Detail::Short)),
        }
    }
    if let Some(cause) = not_run.first() {
        let waiting = match not_run.len() {
            1 => "1 more runs".to_owned(),
            more => format!("{more} more run"),
        };
        let line = format!("· {waiting} once \"{cause}\" passes");
        lines.push(format!(
            "  {}",
            paint(DIM, &truncated(&line, SHORT_COLUMNS - 2))
        ));
    }
    lines.join("\n")
}

/// Task `task`'s section of the short report, from the `outcomes` of its grade: its
/// heading, then why it was not built (see [`unbuilt_in`]), or the compiler's warnings and
/// its checks ([`short_checks`]).
pub fn short_section(
    task: u8,
    outcomes: &[&Outcome],
    build: Option<&Build>,
    settings: &Settings,
    in_full: &mut bool,
) -> String {
    let mut text = task_heading(task);
    if let Some(build) = build.filter(|build| build.unbuilt.contains_key(&task)) {
        text.push('\n');
        text.push_str(&unbuilt_in(build, task));
        return text;
    }
    if let Some(warnings) = build.and_then(|build| build.warnings.get(&task)) {
        text.push('\n');
        text.push_str(&self::warnings(warnings));
    }
    text.push('\n');
    text.push_str(&short_checks(outcomes, settings, in_full));
    text
}

/// The short report's line for task `task`'s going-further checks: how many pass, and how
/// to see them (`how`: `--further`, or the watch mode's key).
pub fn further_line(task: u8, outcomes: &[&Outcome], how: &str) -> String {
    let passing = outcomes.iter().filter(|o| o.verdict.is_ok()).count();
    paint(
        DIM,
        &format!(
            "going further, task {task}: {passing} of {} optional checks pass ({how} shows them)",
            outcomes.len()
        ),
    )
}

/// `line` in one row of an 80-column terminal: cut, and marked so, when it is longer.
pub fn one_row(line: &str) -> String {
    truncated(line, SHORT_COLUMNS - 1)
}

/// The timeline of the call that `outcome`'s check timed, drawn, or why there is none,
/// after a blank line and indented under the check, each line ending in a newline; `None`
/// for a check that times no call.
fn drawn(outcome: &Outcome, settings: &Settings, detail: Detail) -> Option<String> {
    let text = match outcome.timeline.as_ref()? {
        // Nothing waited: the check's own message says more than an empty drawing.
        Recorded::Timeline(timeline) if detail == Detail::Short && timeline.waits.is_empty() => {
            return None;
        }
        Recorded::Timeline(timeline) if detail == Detail::Short => {
            draw::draw_short(timeline, settings.drawing.style)
        }
        Recorded::Timeline(timeline) => draw::draw(timeline, settings.drawing.style),
        Recorded::Missing(why) => format!("no timeline of the waits: {why}"),
    };
    let mut drawn = String::from("\n");
    for line in text.lines() {
        if !line.is_empty() {
            drawn.push_str("    ");
        }
        drawn.push_str(line);
        drawn.push('\n');
    }
    Some(drawn)
}

/// What a failed check's code printed: the first lines, cut, and how much was cut.
fn printed(output: &Captured, detail: Detail) -> String {
    if output.is_empty() {
        return String::new();
    }
    let mut text = format!("printed ({}):\n", count(output.lines, "line"));
    let mut shown = 0;
    let most = match detail {
        Detail::Short => SHORT_SHOWN_LINES,
        Detail::Full => SHOWN_LINES,
    };
    for line in output.text.lines().take(most) {
        let _ = writeln!(text, "  │ {}", truncated(line, SHOWN_LINE_CHARS));
        shown += 1;
    }
    if output.lines > shown {
        let _ = writeln!(
            text,
            "  … {} cut ({} in all)",
            count(output.lines - shown, "more line"),
            count(output.bytes, "byte")
        );
    }
    text
}

/// `n` and its noun, plural when it needs one: `1 line`, `44000 lines`.
pub fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// `text`, dimmed.
pub fn dimmed(text: &str) -> String {
    paint(DIM, text)
}

/// `text`, in bold.
pub fn bold(text: &str) -> String {
    paint(BOLD, text)
}

/// `text`, in the colour of a pass.
pub fn passed(text: &str) -> String {
    paint(PASS.bold(), text)
}

/// `text`, in the colour of a failure.
pub fn failed(text: &str) -> String {
    paint(FAIL, text)
}

/// Whether every check that counts in this run's grade passed.
pub fn passes(outcomes: &[Outcome], settings: &Settings) -> bool {
    outcomes
        .iter()
        .filter(|outcome| settings.counts(outcome.check))
        .all(|outcome| outcome.verdict.is_ok())
}

/// The heading of the checks that go further than the course.
pub fn further_heading(strict: bool) -> String {
    let note = if strict {
        "in the grade: --strict"
    } else {
        "optional, not in the grade, shown for the tasks whose grade passes; --strict counts them"
    };
    format!(
        "\n{}\n{}",
        paint(BOLD, "Going further"),
        paint(
            DIM,
            &format!(
                "What the reference does beyond the course ({note}): seeded replay, exact order \
                 at scale, cancellation, panics re-raised as they were."
            )
        )
    )
}

/// Task `task` of `build`, which was not built: why and, when it only imports a task that
/// does not compile, that task's compiler messages and hint, the cause the learner needs.
pub fn unbuilt_in(build: &Build, task: u8) -> String {
    let Some(own) = build.unbuilt.get(&task) else {
        return String::new();
    };
    let cause = TASKS[usize::from(task)]
        .imported()
        .into_iter()
        .filter_map(|number| Some((number, build.unbuilt.get(&number)?)))
        .find(|(_, unbuilt)| !unbuilt.messages.is_empty());
    match cause {
        Some((number, cause)) if own.messages.is_empty() => {
            let crate_name = TASKS[usize::from(number)].crate_name;
            let mut text = format!("  {} {}\n", paint(FAIL, "✗"), paint(BOLD, &own.reason));
            let _ = write!(
                text,
                "      {}\n{}",
                paint(
                    BOLD,
                    &format!("the cause is in task {number}: {crate_name} does not compile")
                ),
                unbuilt(cause)
                    .lines()
                    .skip(1)
                    .map(|line| format!("{line}\n"))
                    .collect::<String>()
            );
            text.pop();
            text
        }
        _ => unbuilt(own),
    }
}

/// A task that was not built: why, the compiler's messages, and a hint.
pub fn unbuilt(unbuilt: &Unbuilt) -> String {
    let mut text = format!("  {} {}\n", paint(FAIL, "✗"), paint(BOLD, &unbuilt.reason));
    for line in unbuilt.messages.lines() {
        let _ = writeln!(text, "      {line}");
    }
    for (index, line) in unbuilt.hint.lines().enumerate() {
        let label = if index == 0 { "hint:" } else { "     " };
        let _ = writeln!(text, "      {label} {line}");
    }
    text.pop();
    text
}

/// Compiler warnings that may explain a task's failures.
pub fn warnings(warnings: &str) -> String {
    let mut text = format!(
        "  {}\n",
        paint(
            OPEN,
            "the compiler warned (this may explain a failure below):"
        )
    );
    for line in warnings.lines() {
        let _ = writeln!(text, "      {line}");
    }
    text.pop();
    text
}

/// The outcome of `check`, whose task was not built (`None`: no task was).
pub fn not_built(check: &'static Check, unbuilt: Option<&Unbuilt>) -> Outcome {
    let task = TASKS[usize::from(check.task)];
    let (reason, hint) = unbuilt.map_or_else(
        || {
            (
                "no task was built".to_owned(),
                "make task 0 build first".to_owned(),
            )
        },
        |unbuilt| (unbuilt.reason.clone(), unbuilt.hint.clone()),
    );
    Outcome {
        check,
        verdict: Err(Failure::new(
            format!("{} to build", task.crate_name),
            reason,
            hint,
        )),
        took: std::time::Duration::ZERO,
        output: Captured::default(),
        timeline: None,
    }
}

/// The words that say a task's crate was not in the submission, in every format.
pub const NOT_SUBMITTED: &str = "not submitted";

/// The outcome of `check`, whose task's crate the submission does not have: graded as the
/// starter's `todo!()`, which passes nothing.
pub fn not_submitted(check: &'static Check) -> Outcome {
    let task = TASKS[usize::from(check.task)];
    Outcome {
        check,
        verdict: Err(Failure::new(
            format!(
                "task {} ({}) in the submission",
                task.number, task.crate_name
            ),
            format!(
                "{NOT_SUBMITTED}: the submission has no {}/Cargo.toml and src/lib.rs, so it \
                 is graded as the starter's todo!()",
                task.crate_name
            ),
            format!(
                "submit the whole workspace, with the folder {} (its Cargo.toml and src/)",
                task.crate_name
            ),
        )),
        took: std::time::Duration::ZERO,
        output: Captured::default(),
        timeline: None,
    }
}

/// What a starter shows when a task passes for the first time: a solution of the course's
/// size (`canonical`, when the reference has one), then what the reference does beyond it,
/// and where to read it.
pub fn first_pass(task: Task, solution: &Path, canonical: Option<&str>) -> String {
    let mut text = format!("{} Task {} passes.", paint(PASS.bold(), "★"), task.number);
    if let Some(canonical) = canonical {
        let _ = writeln!(
            text,
            " A {} of the course's size, as a learner writes it:",
            task.function
        );
        for line in canonical.trim_end().lines() {
            let _ = writeln!(text, "  {} {line}", paint(DIM, "│"));
        }
        let _ = write!(text, "  The reference goes further: {}.", task.further);
    } else {
        let _ = write!(text, " The reference goes further: {}.", task.further);
    }
    let _ = write!(text, "\n  Compare: {}", solution.display());
    text
}

/// What `check` calls, with the run's seed where it passes one on.
fn test_code(check: &Check, settings: &Settings) -> String {
    check
        .test_code
        .replace("<seed>", &settings.seed.to_string())
}

/// The closing lines: tasks and checks of the grade that pass, the going-further checks
/// that pass, and how to replay a failed run.
pub fn summary(outcomes: &[Outcome], settings: &Settings, detail: Detail, replay: &str) -> String {
    let counted: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| settings.counts(o.check))
        .collect();
    let tasks = tasks_of(&counted);
    let passing = tasks
        .iter()
        .filter(|&&task| task_passes(&counted, task))
        .count();
    let checks_passing = counted.iter().filter(|o| o.verdict.is_ok()).count();
    let line = format!(
        "{passing}/{} tasks pass ({checks_passing}/{} checks)",
        tasks.len(),
        counted.len()
    );
    let style = if passing == tasks.len() { PASS } else { FAIL };
    let mut text = format!("\n{}", paint(style.bold(), &line));
    let further: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.check.tier == Tier::Further)
        .collect();
    if !settings.strict && !further.is_empty() && detail == Detail::Full {
        let open = further.iter().filter(|o| o.verdict.is_ok()).count();
        let _ = write!(
            text,
            "\n{}",
            paint(
                DIM,
                &format!(
                    "Going further: {open}/{} optional checks pass (not in the grade)",
                    further.len()
                )
            )
        );
    }
    if counted.iter().any(|o| o.verdict.is_err()) {
        let _ = write!(text, "\nReproduce this run: {}", replay);
        // Only a draw that differed, not a check that died, says the draws are unseeded.
        let unseeded = outcomes.iter().any(|o| {
            o.check.name == crate::harness::checks::SEEDED_CHECK
                && o.verdict
                    .as_ref()
                    .is_err_and(|failure| failure.expected.starts_with("the same delay twice"))
        });
        if unseeded {
            let _ = write!(
                text,
                "\n{}",
                paint(
                    DIM,
                    "(the seed replays the checker's own choices; your wait_random draws \
                     outside basic_async_syntax::seed::uniform, so its delays differ from run to \
                     run: fine for the grade, but this run cannot be replayed exactly)"
                )
            );
        }
    }
    text
}

/// The command that replays a run exactly: its seed, its task, its submission.
pub fn replay_command(settings: &Settings, task: Option<u8>, submission: Option<&Path>) -> String {
    let mut command = "cargo run -p checker --".to_owned();
    if let Some(path) = submission {
        let _ = write!(command, " grade {}", path.display());
    }
    let _ = write!(command, " --seed {}", settings.seed);
    if let Some(task) = task {
        let _ = write!(command, " --task {task}");
    }
    if settings.real_time {
        command.push_str(" --real-time");
    }
    if settings.strict {
        command.push_str(" --strict");
    }
    command
}

/// The tasks that `outcomes` cover, in order.
fn tasks_of(outcomes: &[&Outcome]) -> Vec<u8> {
    let mut tasks: Vec<u8> = outcomes.iter().map(|o| o.check.task).collect();
    tasks.sort_unstable();
    tasks.dedup();
    tasks
}

fn task_passes(outcomes: &[&Outcome], task: u8) -> bool {
    outcomes
        .iter()
        .filter(|o| o.check.task == task)
        .all(|o| o.verdict.is_ok())
}

/// The most characters of a test's `output` in `results.json`, as the format allows.
const OUTPUT_LIMIT: usize = 500;

/// A test's `output` in `results.json`: what the code under test printed during the check,
/// cut to [`OUTPUT_LIMIT`] characters with a note that says how much was cut.
fn json_output(output: &Captured) -> String {
    let whole = output.bytes == output.text.len();
    if whole && output.text.chars().count() <= OUTPUT_LIMIT {
        return output.text.clone();
    }
    let note = format!("\n… cut: {} printed in all", count(output.bytes, "byte"));
    let kept: String = output
        .text
        .chars()
        .take(OUTPUT_LIMIT - note.chars().count())
        .collect();
    kept + &note
}

/// Exercism's test-runner `results.json`, version 3, for the checks that count in the grade.
///
/// A failed test's `message` says what was expected, what happened and a hint, and ends with
/// the command that replays the run; `test_code` names the run's seed where a check passes
/// it on; `output` is what the code under test printed, when it printed anything. The
/// checks of a task that was not built are `error`s whose message is the compiler's; when
/// no task was built, the whole run is an `error` with that message, as Exercism's runners
/// report a compile error.
pub fn results_json(
    outcomes: &[Outcome],
    build: &Build,
    settings: &Settings,
    replay: &str,
) -> Value {
    let unbuilt = &build.unbuilt;
    let counted: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| settings.counts(o.check))
        .collect();
    if !counted.is_empty() && counted.iter().all(|o| unbuilt.contains_key(&o.check.task)) {
        let message: Vec<String> = tasks_of(&counted)
            .into_iter()
            .filter_map(|task| unbuilt.get(&task))
            .map(unbuilt_message)
            .collect();
        return results_error(&message.join("\n\n"));
    }
    let tests: Vec<Value> = counted
        .iter()
        .map(|outcome| {
            let check = outcome.check;
            let mut test = json!({
                "name": format!("Task {}: {}", check.task, check.name),
                "status": if outcome.verdict.is_ok() { "pass" } else { "fail" },
                "test_code": test_code(check, settings),
                "task_id": check.task + 1,
            });
            if unbuilt.contains_key(&check.task) {
                test["status"] = json!("error");
            }
            if let Some(message) = failure_message(outcome, build, settings, Some(replay)) {
                test["message"] = json!(message);
            }
            // The rows of a passing check only with --timeline: they are most of the file, and
            // nothing a learner needs.
            if let Some(Recorded::Timeline(timeline)) = &outcome.timeline
                && (outcome.verdict.is_err() || settings.drawing.every)
            {
                test["timeline"] = timeline.to_json();
            }
            if !outcome.output.is_empty() {
                test["output"] = json!(json_output(&outcome.output));
            }
            test
        })
        .collect();
    let status = if counted.iter().all(|o| o.verdict.is_ok()) {
        "pass"
    } else {
        "fail"
    };
    json!({ "version": 3, "status": status, "tests": tests })
}

/// A task that was not built, as one message: why, the compiler's messages, the hint.
fn unbuilt_message(unbuilt: &Unbuilt) -> String {
    let mut message = unbuilt.reason.clone();
    if !unbuilt.messages.is_empty() {
        let _ = write!(message, "\n\n{}", unbuilt.messages);
    }
    let _ = write!(message, "\n\nhint: {}", unbuilt.hint);
    message
}

/// The results of `graded` in `format`, as the file or standard output holds them; `None` for
/// text, which the terminal's report shows as it goes.
pub fn render(
    format: Format,
    graded: &Grading,
    settings: &Settings,
    policy: &policy::Policy,
    replay: &str,
) -> Option<String> {
    match format {
        Format::Text => None,
        Format::Json => Some(format!(
            "{:#}",
            match graded {
                Ok(graded) => results_json(&graded.outcomes, &graded.build, settings, replay),
                Err(message) => results_error(message),
            }
        )),
        Format::Gradescope => Some(format!(
            "{:#}",
            gradescope::results(graded, settings, policy)
        )),
        Format::Junit => Some(junit::xml(graded, settings, replay)),
    }
}

/// Writes an SVG picture of each timeline in `outcomes` to `dir` (`--timeline-svg`), named
/// after its task and check (`task1-the-waits-run-concurrently.svg`), and returns how many.
///
/// # Errors
///
/// When the folder cannot be created or a file cannot be written.
pub fn write_timelines(dir: &Path, outcomes: &[Outcome]) -> anyhow::Result<usize> {
    let mut written = 0;
    for outcome in outcomes {
        let Some(Recorded::Timeline(timeline)) = &outcome.timeline else {
            continue;
        };
        let check = outcome.check;
        let slug: String = check
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let slug = slug
            .split('-')
            .filter(|word| !word.is_empty())
            .collect::<Vec<_>>();
        let caption = format!("Task {}: {}", check.task, check.name);
        let picture = crate::timeline::svg::svg(timeline, &caption);
        write_file(
            dir,
            &format!("task{}-{}.svg", check.task, slug.join("-")),
            &picture,
        )?;
        written += 1;
    }
    Ok(written)
}

/// Writes `text` to `dir/name`, creating `dir` if needed.
///
/// # Errors
///
/// When the folder cannot be created or the file cannot be written.
pub fn write_file(dir: &Path, name: &str, text: &str) -> anyhow::Result<()> {
    let path = dir.join(name);
    std::fs::create_dir_all(dir).with_context(|| format!("could not create {}", dir.display()))?;
    let text = if text.ends_with('\n') {
        text.to_owned()
    } else {
        format!("{text}\n")
    };
    std::fs::write(&path, text).with_context(|| format!("could not write {}", path.display()))
}

/// The message of a failed check as the graders' formats carry it: what was expected, what
/// happened, the hint, how to replay it, the timeline of the call it timed, and the
/// compiler's warnings that may explain it.
fn failure_message(
    outcome: &Outcome,
    build: &Build,
    settings: &Settings,
    replay: Option<&str>,
) -> Option<String> {
    if let Some(unbuilt) = build.unbuilt.get(&outcome.check.task) {
        return Some(unbuilt_message(unbuilt));
    }
    let failure = outcome.verdict.as_ref().err()?;
    let mut message = failure.to_string();
    if let Some(replay) = replay {
        let _ = write!(message, "\nreproduce: {replay}");
    }
    if let Some(drawing) = drawn(outcome, settings, Detail::Full) {
        message.push_str(&drawing);
    }
    if let Some(warnings) = build.warnings.get(&outcome.check.task) {
        let _ = write!(
            message,
            "\nthe compiler warned (this may explain it):\n{warnings}"
        );
    }
    Some(message)
}

/// Whether `task` passes in `outcomes` (the checks that count in this run's grade): every
/// one ran and passed, and it was built. `None` when no check of it ran.
pub fn task_verdict(
    outcomes: &[Outcome],
    build: &Build,
    settings: &Settings,
    task: u8,
) -> Option<bool> {
    let counted: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.check.task == task && settings.counts(o.check))
        .collect();
    if counted.is_empty() {
        return None;
    }
    Some(!build.unbuilt.contains_key(&task) && counted.iter().all(|o| o.verdict.is_ok()))
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
    use super::{Captured, json_output, printed, results_error, short_checks, truncated};
    use crate::harness::check::{Failure, Outcome, Settings};
    use crate::harness::checks::CHECKS;

    fn outcome(name: &str, verdict: Result<String, Failure>) -> Outcome {
        Outcome {
            check: CHECKS.iter().find(|check| check.name == name).unwrap(),
            verdict,
            took: std::time::Duration::ZERO,
            output: Captured::default(),
            timeline: None,
        }
    }

    #[test]
    fn a_task_blocked_by_one_it_imports_shows_that_tasks_compile_error() {
        use crate::run::build::Build;
        use crate::run::hints::Unbuilt;
        let unbuilt = |reason: &str, messages: &str, hint: &str| Unbuilt {
            reason: reason.into(),
            messages: messages.into(),
            hint: hint.into(),
        };
        let build = Build {
            harness: None,
            unbuilt: [
                (
                    0,
                    unbuilt(
                        "basic_async_syntax does not compile",
                        "error[E0308]: mismatched types\n --> basic_async_syntax/src/lib.rs:205:18",
                        "read rustc's message",
                    ),
                ),
                (
                    3,
                    unbuilt(
                        "tasks imports basic_async_syntax (task 0), which is not built",
                        "",
                        "make task 0 build first",
                    ),
                ),
                (
                    4,
                    unbuilt(
                        "task_wait_n imports tasks (task 3), which is not built",
                        "",
                        "make task 3 build first",
                    ),
                ),
            ]
            .into(),
            warnings: Default::default(),
        };
        let text = anstream::adapter::strip_str(&super::unbuilt_in(&build, 4)).to_string();
        assert!(
            text.starts_with("  ✗ task_wait_n imports tasks (task 3), which is not built\n"),
            "{text}"
        );
        assert!(
            text.contains("the cause is in task 0: basic_async_syntax does not compile"),
            "{text}"
        );
        assert!(
            text.contains("--> basic_async_syntax/src/lib.rs:205:18"),
            "{text}"
        );
        assert!(text.contains("hint: read rustc's message"), "{text}");
        // A task that does not compile itself shows its own message.
        let own = anstream::adapter::strip_str(&super::unbuilt_in(&build, 0)).to_string();
        assert!(
            own.starts_with("  ✗ basic_async_syntax does not compile\n"),
            "{own}"
        );
        assert!(!own.contains("the cause is in"), "{own}");
    }

    #[test]
    fn the_short_report_shows_one_failure_in_full_and_the_rest_a_line_each() {
        let settings = Settings::of_tests(true);
        let concurrent = "the waits run concurrently";
        let outcomes = [
            outcome(
                concurrent,
                Err(Failure::new("all at once", "in turn", "poll them together")),
            ),
            outcome("wait_n returns n delays", Ok(String::new())),
            outcome(
                "the delays are in ascending order",
                Err(Failure::new(
                    "ascending",
                    "out of order",
                    "list each as it ends\nmore",
                )),
            ),
            outcome(
                "wait_n(10, 0) is ten zeros at once",
                Err(Failure::not_run(concurrent)),
            ),
            outcome(
                "wait_n does not sort its result",
                Err(Failure::not_run(concurrent)),
            ),
        ];
        let outcomes: Vec<&Outcome> = outcomes.iter().collect();
        let mut in_full = true;
        let text = short_checks(&outcomes, &settings, &mut in_full);
        let text = anstream::adapter::strip_str(&text).to_string();
        assert!(!in_full, "the first failure was shown in full");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "  ✗ the waits run concurrently");
        assert!(text.contains("      expected: all at once\n      actual:   in turn\n      hint:     poll them together\n"), "{text}");
        assert!(text.contains("\n  ✓ wait_n returns n delays\n  ✗ the delays are in ascending order\n      hint: list each as it ends\n"), "{text}");
        assert_eq!(
            lines.last(),
            Some(&"  · 2 more run once \"the waits run concurrently\" passes")
        );
        // A later task's failures are a line each: the report's first one was shown.
        let again = short_checks(&outcomes, &settings, &mut in_full);
        assert!(!again.contains("expected:"), "{again}");
    }
    use pretty_assertions::assert_eq;
    use serde_json::json;

    #[test]
    fn json_output_is_cut_to_the_limit_with_a_note() {
        let short = Captured {
            text: "hello\n".into(),
            bytes: 6,
            lines: 1,
        };
        assert_eq!(json_output(&short), "hello\n");
        let long = Captured {
            text: "debug line\n".repeat(4000),
            bytes: 44_000,
            lines: 4000,
        };
        let output = json_output(&long);
        assert_eq!(output.chars().count(), 500);
        assert!(output.starts_with("debug line\ndebug line\n"), "{output}");
        assert!(
            output.ends_with("… cut: 44000 bytes printed in all"),
            "{output}"
        );
    }

    #[test]
    fn a_failed_checks_output_shows_its_first_lines_and_what_was_cut() {
        let text: String = (1..=12).map(|n| format!("line {n}\n")).collect();
        let output = Captured {
            bytes: text.len(),
            text,
            lines: 12,
        };
        let shown = printed(&output, super::Detail::Full);
        assert!(
            shown.starts_with("printed (12 lines):\n  │ line 1\n"),
            "{shown}"
        );
        assert!(
            shown.contains("  │ line 10\n") && !shown.contains("line 11"),
            "{shown}"
        );
        assert!(
            shown.ends_with("  … 2 more lines cut (87 bytes in all)\n"),
            "{shown}"
        );
        assert_eq!(printed(&Captured::default(), super::Detail::Full), "");
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
