//! `--watch`: the course, task after task, graded again on every save.
//!
//! The watch mode opens on the task to work on (`--task N`, else the one in focus when it
//! last closed, else the first that does not pass) and grades that task on every save. Its
//! screen is one verdict: the task's short report, the hints asked for, what to do next, a
//! progress bar and, always last, a footer with the keys (or `grading…`, or a question).
//!
//! As in rustlings' `watch/`, it is a small state machine:
//!
//! - [`keys`]: the terminal's bytes become [`Key`]s, sent over a channel with the file
//!   watcher's saves.
//! - [`state`]: what a key does ([`State::on_key`]), tested key by key.
//! - [`render`]: the one function that draws the screen from the state and the last grade.
//! - here: the loop, which grades ([`crate::grade::one::grade`]) and carries out the rest.
//!
//! A file watcher (`notify`, as rustlings uses) reports changes below the watched folder;
//! changes in `target/` (cargo's own output, which every grade writes) and `.git/` are not
//! saves and are ignored, and a burst of changes (an editor writes a file in several steps)
//! is taken as one once it has been quiet for [`DEBOUNCE`]. Where file watching does not
//! work (network and mounted file systems), `--manual` grades again on Enter only.
//!
//! The task in focus is remembered in `target/checker-watch.json`, which git ignores.

pub mod keys;
pub mod render;
pub mod state;

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::Context as _;
use notify::{EventKind, RecursiveMode, Watcher as _};

use self::keys::RawKeys;
use self::render::{Last, Screen};
use self::state::{Effect, Key, State};
use crate::grade::one::{self, Options};
use crate::grade::workspace::{self, Home};
use crate::harness::check::{Check, Outcome, Settings, Tier};
use crate::harness::checks::{CHECKS, TASKS};
use crate::learn::{hints, reset, starter};
use crate::report;
use crate::run::build::Build;
use crate::run::confine::Held;
use crate::run::graded::{Graded, Live};

/// How long changes must have stopped before the next grade starts: an editor's burst of
/// writes takes a few milliseconds.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Where the watch mode remembers the task in focus, below the workspace.
const FOCUS_FILE: &str = "target/checker-watch.json";

/// What wakes the watch loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// A file changed.
    Changed,
    /// A key was pressed.
    Key(Key),
}

/// The watch mode in the workspace `submission` (the one the checker runs in when `None`),
/// until the user quits; returns the exit status.
pub fn run(submission: Option<&Path>, options: &Options) -> ExitCode {
    let Some((root, home)) = one::graded_workspace(submission) else {
        return ExitCode::from(one::USAGE);
    };
    if let Err(error) = workspace::assemble(&root, &home) {
        eprintln!("error: {error}");
        return ExitCode::from(one::USAGE);
    }
    match watch(&root, &home, submission.is_none(), options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The loop: grade, draw, wait for a save or a key, do what it asks.
fn watch(root: &Path, home: &Home, in_place: bool, options: &Options) -> anyhow::Result<()> {
    let (sender, wakes) = mpsc::channel();
    let raw = RawKeys::enable();
    keys::spawn_reader(sender.clone(), raw.is_some());
    let _watcher = if options.manual {
        None
    } else {
        Some(
            watch_files(root, sender)
                .with_context(|| format!("could not watch {}", root.display()))?,
        )
    };
    let remembered = remembered_focus(root);
    let mut state = State::new(
        options.task.or(remembered).unwrap_or(0),
        starter::is_starter(root),
    );
    let mut session = Session {
        root,
        home,
        in_place,
        options,
        solutions: BTreeMap::new(),
        last: None,
        confinement: None,
    };
    // Without --task, the first grade is of every task: the list's marks, and where the
    // learner is. With it, only that task's, at once.
    if options.task.is_some() {
        session.grade_focus(&mut state);
    } else {
        draw(
            &state,
            &session,
            Some("grading every task, to see where you are…"),
        );
        session.grade(&mut state, None);
    }
    if options.task.is_none() && remembered.is_none() {
        state.focus = state.first_open().unwrap_or(4);
    }
    state.ladder = hints::ladder(TASKS[usize::from(state.focus)]).len();
    remember_focus(root, state.focus);
    // A key that came while waiting for a burst of changes to end, handled next.
    let mut pending = None;
    loop {
        draw(&state, &session, None);
        let effect = match pending.take().map_or_else(|| wakes.recv().ok(), Some) {
            None => Effect::Quit,
            Some(Wake::Key(key)) => state.on_key(key),
            Some(Wake::Changed) => {
                pending = quiet_then(&wakes);
                Effect::Grade
            }
        };
        match effect {
            Effect::Draw => {}
            Effect::Quit => break,
            Effect::Grade => session.grade_focus(&mut state),
            Effect::Reset(task) => {
                let task = TASKS[usize::from(task)];
                state.note = Some(match starter::starter_function(root, task) {
                    Some(item) => match reset::reset(root, task, &item) {
                        Ok(file) => format!(
                            "{} is back to the starter's todo!() in {file} (git diff shows what changed)",
                            task.function
                        ),
                        Err(error) => format!("could not reset {}: {error:#}", task.function),
                    },
                    None => format!(
                        "this starter does not record {} as it wrote it: `git checkout {}/src/lib.rs` puts the whole file back",
                        task.function, task.crate_name
                    ),
                });
                let note = state.note.clone();
                session.grade_focus(&mut state);
                state.note = note;
                // The reset was a save: its change must not grade again.
                pending = quiet_then(&wakes);
            }
        }
        state.ladder = hints::ladder(TASKS[usize::from(state.focus)]).len();
        remember_focus(root, state.focus);
    }
    drop(raw);
    println!();
    Ok(())
}

/// What the loop keeps across grades.
struct Session<'a> {
    root: &'a Path,
    home: &'a Home,
    in_place: bool,
    options: &'a Options,
    /// The solutions announced by a first pass, by task, which `s` shows.
    solutions: BTreeMap<u8, String>,
    /// The last grade, with its settings, or why there is none.
    last: Option<Result<(Graded, Settings), String>>,
    /// What confinement held for it, in one line.
    confinement: Option<String>,
}

impl Session<'_> {
    /// Grades the task in focus (with its going-further checks when asked) and keeps what
    /// the screen shows of it.
    fn grade_focus(&mut self, state: &mut State) {
        draw(state, self, Some(&format!("grading task {}…", state.focus)));
        self.grade(state, Some(state.focus));
    }

    /// Grades `task` (every task when `None`), marks what passes, and keeps the screen of
    /// the task in focus.
    fn grade(&mut self, state: &mut State, task: Option<u8>) {
        let mut options = self.options.clone();
        options.task = task;
        options.grade_only = !state.further;
        let settings = options.settings();
        let mut live = Progress::default();
        let graded = workspace::assemble_submission(self.root, self.home)
            .map_err(|error| error.to_string())
            .and_then(|submission| one::grade(&submission, &options, settings, None, &mut live));
        self.confinement = live.confinement;
        let graded = match graded {
            Ok(graded) => graded,
            Err(message) => {
                self.last = Some(Err(message));
                return;
            }
        };
        for number in 0..5 {
            if let Some(passes) =
                report::task_verdict(&graded.outcomes, &graded.build, &settings, number)
            {
                state.graded(number, passes);
            }
        }
        if self.in_place {
            for (passed, solution, canonical) in starter::first_passes(self.root, &graded.outcomes)
            {
                let text = report::first_pass(passed, &solution, canonical.as_deref());
                self.solutions.insert(passed.number, text);
            }
        }
        self.last = Some(Ok((graded, settings)));
    }

    /// What the screen shows of the last grade, for the task in focus.
    fn shown(&self, state: &State) -> Option<Last> {
        let (report, further) = match self.last.as_ref()? {
            Err(message) => (format!("error: {message}"), String::new()),
            Ok((graded, settings)) => (
                focus_report(state.focus, &graded.outcomes, &graded.build, settings),
                further_report(state, &graded.outcomes, settings),
            ),
        };
        Some(Last {
            confinement: self.confinement.clone(),
            report,
            further,
        })
    }
}

/// The short report of task `focus` among `outcomes`.
fn focus_report(focus: u8, outcomes: &[Outcome], build: &Build, settings: &Settings) -> String {
    let own: Vec<&Outcome> = outcomes
        .iter()
        .filter(|outcome| outcome.check.task == focus && outcome.check.tier == Tier::Grade)
        .collect();
    report::short_section(focus, &own, Some(build), settings, &mut true)
        .trim_start_matches('\n')
        .to_owned()
}

/// What the screen says of the going-further checks of the task in focus: each in full
/// after `f`, else how many there are.
fn further_report(state: &State, outcomes: &[Outcome], settings: &Settings) -> String {
    let focus = state.focus;
    let further: Vec<&Outcome> = outcomes
        .iter()
        .filter(|outcome| outcome.check.task == focus && outcome.check.tier == Tier::Further)
        .collect();
    if state.further && !further.is_empty() {
        // One screen, as the grade's: the first failure in full, the others by their hint,
        // and no drawing, which would show 10 000 waits twice and say nothing of their exact
        // order or of a replay (`--task N --further --timeline` draws them).
        let undrawn: Vec<Outcome> = further
            .iter()
            .map(|&outcome| Outcome {
                timeline: None,
                ..outcome.clone()
            })
            .collect();
        let undrawn: Vec<&Outcome> = undrawn.iter().collect();
        let mut text = report::further_line(focus, &further, "f again");
        text.push('\n');
        text.push_str(&report::short_checks(&undrawn, settings, &mut true));
        return text;
    }
    let count = CHECKS
        .iter()
        .filter(|check| check.task == focus && check.tier == Tier::Further)
        .count();
    let checks = if count == 1 {
        "1 optional check".to_owned()
    } else {
        format!("{count} optional checks")
    };
    match (state.further, state.focus_passes()) {
        (true, false) => report::dimmed(&format!(
            "going further, task {focus}: {checks}, run once its grade passes"
        )),
        _ => report::dimmed(&format!(
            "going further, task {focus}: {checks}, not in the grade (f runs them)"
        )),
    }
}

/// Draws the screen: the terminal cleared, then [`render::render`].
fn draw(state: &State, session: &Session<'_>, busy: Option<&str>) {
    let last = session.shown(state);
    let screen = Screen {
        state,
        last: last.as_ref(),
        solution: session.solutions.get(&state.focus).map(String::as_str),
        busy,
        manual: session.options.manual,
    };
    keys::clear_screen();
    anstream::print!("{}", render::render(&screen));
    let _ = std::io::stdout().flush();
}

/// A grade's [`Live`] for the screen: it keeps what confinement holds, for the first line,
/// and while the checks run it rewrites the footer, the last line, with how many have ended
/// and the one the report waits for, so that a check of seconds is not a silent screen.
#[derive(Default)]
struct Progress {
    confinement: Option<String>,
    checks: Vec<&'static Check>,
    ended: Vec<&'static Check>,
}

impl Progress {
    fn show(&self) {
        let ended = |check: &&Check| self.ended.iter().any(|done| std::ptr::eq(*done, *check));
        if let Some(pending) = self.checks.iter().find(|check| !ended(check)) {
            let line = render::grading(pending, self.ended.len(), self.checks.len());
            // Back to the start of the footer, which is the last line, and over it.
            anstream::print!("\r\x1b[2K{}", report::bold(&line));
            let _ = std::io::stdout().flush();
        }
    }
}

impl Live for Progress {
    fn confined(&mut self, held: &Held) {
        self.confinement = Some(held.to_string());
    }

    fn built(&mut self, _build: &Build, checks: &[&'static Check]) {
        self.checks = checks.to_vec();
        self.show();
    }

    fn graded(&mut self, outcome: &Outcome, _build: &Build) {
        // Outcomes come in the order of the report: the one it waits for is the first of
        // the checks that has not ended.
        self.ended.push(outcome.check);
        self.show();
    }
}

/// The task that was in focus when the watch mode last closed in `root`, if any.
fn remembered_focus(root: &Path) -> Option<u8> {
    let text = std::fs::read_to_string(root.join(FOCUS_FILE)).ok()?;
    let value: serde_json::Value = serde_json::from_str(&text).ok()?;
    value["focus"]
        .as_u64()
        .and_then(|focus| u8::try_from(focus).ok())
        .filter(|&focus| usize::from(focus) < TASKS.len())
}

/// Remembers `focus` for the next watch mode in `root`; a failure only forgets it.
fn remember_focus(root: &Path, focus: u8) {
    let path: PathBuf = root.join(FOCUS_FILE);
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let _ = std::fs::write(path, serde_json::json!({ "focus": focus }).to_string());
}

/// Waits until no change has come for [`DEBOUNCE`]; a key on the way is returned.
fn quiet_then(wakes: &Receiver<Wake>) -> Option<Wake> {
    loop {
        match wakes.recv_timeout(DEBOUNCE) {
            Ok(Wake::Changed) => {}
            Ok(key) => return Some(key),
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => return Some(Wake::Key(Key::Quit)),
        }
    }
}

/// Starts watching `root`, sending [`Wake::Changed`] for each change that is a save.
fn watch_files(root: &Path, sender: Sender<Wake>) -> notify::Result<notify::RecommendedWatcher> {
    let root_for_events = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let edits = matches!(
            event.kind,
            EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
        );
        if edits
            && event
                .paths
                .iter()
                .any(|path| is_a_save(&root_for_events, path))
        {
            let _ = sender.send(Wake::Changed);
        }
    })?;
    watcher.watch(root, RecursiveMode::Recursive)?;
    Ok(watcher)
}

/// Whether a change of `path` is the learner's: not build output, not git's.
fn is_a_save(root: &Path, path: &Path) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let first = relative
        .components()
        .next()
        .map(|part| part.as_os_str().to_owned());
    !first.is_some_and(|first| first == "target" || first == ".git")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn going_further_is_one_screen_the_first_failure_in_full_and_no_drawing() {
        let settings = Settings::of_tests(true);
        let failed = |name: &str, hint: &str| Outcome {
            check: crate::harness::checks::named(name).expect("a going-further check"),
            verdict: Err(crate::harness::check::Failure::new(
                "exactly ascending",
                "4567 neighbours out of order",
                hint,
            )),
            took: Duration::ZERO,
            output: crate::harness::check::Captured::default(),
            timeline: Some(crate::timeline::Recorded::Missing("a drawing".to_owned())),
        };
        let outcomes = [
            failed(
                "wait_n is in exact order at 10 000 delays",
                "place each delay",
            ),
            failed(
                "1-main prints the same lists twice under one ASYNC_SEED",
                "draw through seed::uniform",
            ),
        ];
        let mut state = State::new(1, true);
        state.on_key(Key::Char('f'));
        let text = further_report(&state, &outcomes, &settings);
        assert_eq!(text.matches("expected:").count(), 1, "{text}");
        assert!(text.contains("hint: draw through seed::uniform"), "{text}");
        // Neither counts in the grade: both are open, not failed.
        assert_eq!(text.matches('○').count(), 2, "{text}");
        assert!(!text.contains('✗'), "{text}");
        assert!(!text.contains("no timeline of the waits"), "{text}");
    }

    #[test]
    fn build_output_and_git_are_not_saves() {
        let root = Path::new("/work/learner");
        assert!(is_a_save(root, Path::new("/work/learner/tasks/src/lib.rs")));
        assert!(is_a_save(root, Path::new("/work/learner/Cargo.toml")));
        assert!(!is_a_save(
            root,
            Path::new("/work/learner/target/debug/checker")
        ));
        assert!(!is_a_save(root, Path::new("/work/learner/.git/index")));
    }

    #[test]
    fn a_burst_of_changes_is_one_and_a_key_on_the_way_is_kept() {
        let (sender, wakes) = mpsc::channel();
        for _ in 0..5 {
            sender.send(Wake::Changed).unwrap();
        }
        assert_eq!(quiet_then(&wakes), None);
        sender.send(Wake::Changed).unwrap();
        sender.send(Wake::Key(Key::Quit)).unwrap();
        assert_eq!(quiet_then(&wakes), Some(Wake::Key(Key::Quit)));
    }

    #[test]
    fn the_focus_is_remembered_and_a_bad_record_is_forgotten() {
        let root = std::env::temp_dir().join(format!("checker-focus-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(remembered_focus(&root), None);
        remember_focus(&root, 3);
        assert_eq!(remembered_focus(&root), Some(3));
        std::fs::write(root.join(FOCUS_FILE), "{\"focus\": 9}").unwrap();
        assert_eq!(remembered_focus(&root), None);
        let _ = std::fs::remove_dir_all(&root);
    }
}
