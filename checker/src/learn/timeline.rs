//! `checker timeline CRATE [--example NAME]`: runs a test program or a guide example with its
//! waits recorded, and draws them after its output.
//!
//! The program is built as the checks are (instrumented, in the checker's own build folder,
//! see [`crate::timeline`]): its source is copied into the grading workspace as an example
//! of the harness, its `main` renamed and wrapped in one that records every wait until it
//! returns (`checker::timeline::record::program`, built into the harness only). What it prints goes to standard output
//! unchanged; the drawing follows on standard error. A learner's own `cargo run` is never
//! instrumented.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Duration;

use anyhow::{Context as _, bail};

use crate::embedded;
use crate::grade::workspace::{self, Home};
use crate::harness::checks::TASKS;
use crate::run::build;
use crate::timeline::{self, Recorded, Timeline, draw};

/// How long its build may take.
const BUILD_LIMIT: Duration = Duration::from_secs(600);

/// What to run and how to draw it.
#[derive(Debug, clap::Args)]
pub struct Options {
    /// The task crate whose test program (or, with --example, guide example) to run:
    /// basic_async_syntax, concurrent_coroutines, measure_runtime, tasks or task_wait_n.
    #[arg(value_name = "CRATE")]
    pub crate_name: String,
    /// Runs this example of the crate (`CRATE/examples/NAME.rs`) instead of its test program.
    #[arg(long, value_name = "NAME")]
    pub example: Option<String>,
    /// Runs on tokio's paused clock, at once, with the times it would take: the test program
    /// with ASYNC_CLOCK=paused, an example's `#[tokio::main]` as a paused current-thread
    /// runtime.
    #[arg(long)]
    pub paused: bool,
    /// Draws the delays from this seed (ASYNC_SEED), the same at every run.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Draws in plain ASCII (also when TERM=dumb or the locale is not UTF-8).
    #[arg(long)]
    pub ascii: bool,
    /// Also writes the timeline as an SVG picture to FILE.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
}

/// Runs `checker timeline`: builds, runs and draws, and returns the program's exit status
/// (1 if it failed, 2 on a usage error).
pub fn run(options: &Options) -> ExitCode {
    match recorded(options) {
        Ok((status, recorded)) => {
            match recorded {
                // It did not build: the compiler said why.
                None => {}
                Some(Recorded::Timeline(timeline)) => {
                    let style = draw::Style::for_terminal(options.ascii);
                    eprintln!("\n{}", draw::draw_one(&timeline, style));
                    if let Some(file) = &options.svg {
                        let picture = timeline::svg::svg_one(&timeline, &timeline.title);
                        if let Err(error) = std::fs::write(file, picture) {
                            eprintln!("error: could not write {}: {error}", file.display());
                            return ExitCode::FAILURE;
                        }
                    }
                }
                Some(Recorded::Missing(why)) => eprintln!("\nno timeline of the waits: {why}"),
            }
            status
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(crate::grade::one::USAGE)
        }
    }
}

/// Builds the program of `options` instrumented, runs it, and returns its exit status and
/// what was recorded: nothing, with status 1, when it does not build (which it says).
///
/// # Errors
///
/// When what to run cannot be found or set up: the caller's usage error.
fn recorded(options: &Options) -> anyhow::Result<(ExitCode, Option<Recorded>)> {
    let Some(task) = TASKS
        .iter()
        .find(|task| task.crate_name == options.crate_name)
    else {
        let names: Vec<&str> = TASKS.iter().map(|task| task.crate_name).collect();
        bail!(
            "{:?} is no task crate; the crates are {}",
            options.crate_name,
            names.join(", ")
        );
    };
    let here = workspace::locate()?;
    let (source, title, source_file) = match &options.example {
        Some(name) => (
            example_source(&here, task.crate_name, name)?,
            format!("{name} (example)"),
            format!("{}/examples/{name}.rs", task.crate_name),
        ),
        None => {
            let source_file = format!("{}/src/main.rs", task.crate_name);
            let source =
                embedded::text(&source_file).context("this checker was built without its files")?;
            (
                source.to_owned(),
                format!("{} (test program)", task.crate_name),
                source_file,
            )
        }
    };
    // The grades' own grading workspace, whose builds it shares (its assembling leaves the
    // programs written here alone), and one `checker timeline` at a time until its program
    // is built.
    let home = Home::for_workspace(Some(&here));
    let alone = locked(&home.folder.join("timeline"))?;
    let grading = workspace::assemble(&here, &home)?;
    let wrapped = wrapped(&source, &title, options.paused)?;
    // One example per program, written only when it changed: run again, it is not rebuilt.
    let program_name: String = format!(
        "{}_{}",
        task.crate_name,
        options.example.as_deref().unwrap_or("main")
    )
    .chars()
    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
    .collect();
    let program_file = grading
        .root
        .join(workspace::PROGRAMS)
        .join(format!("{program_name}.rs"));
    if std::fs::read_to_string(&program_file).ok() != Some(wrapped.clone()) {
        std::fs::create_dir_all(grading.root.join(workspace::PROGRAMS))
            .and_then(|()| std::fs::write(&program_file, &wrapped))
            .with_context(|| format!("could not write {}", program_file.display()))?;
    }
    eprintln!("Building {title} with its waits recorded…");
    // With every task, as the grade builds the harness (so nothing more is built); with only
    // the crate and what it imports if another task does not compile.
    let every: Vec<String> = (1..=4).map(|number| format!("task{number}")).collect();
    let own: Vec<String> = task
        .imported()
        .into_iter()
        .chain([task.number])
        .filter(|&number| number > 0)
        .map(|number| format!("task{number}"))
        .collect();
    let copy = format!("{}/{program_name}.rs", workspace::PROGRAMS);
    let built =
        match build::build_instrumented_example(&grading, &program_name, &every, BUILD_LIMIT) {
            // The program itself does not compile: no other set of tasks changes that.
            Err(build::BuildError::Compile(messages)) if messages.contains(&copy) => {
                Err(build::BuildError::Compile(messages))
            }
            Err(_) => build::build_instrumented_example(&grading, &program_name, &own, BUILD_LIMIT),
            built => built,
        };
    let program = match built {
        Ok(program) => program,
        Err(build::BuildError::Compile(messages)) => {
            // Named by the program's own file, not by the copy that was built.
            let messages = messages.replace(&copy, &source_file);
            eprintln!("error: {title} does not compile:\n\n{messages}");
            return Ok((ExitCode::FAILURE, None));
        }
        Err(error) => {
            eprintln!("error: {title} did not build: {error}");
            return Ok((ExitCode::FAILURE, None));
        }
    };
    drop(alone);
    let file = tempfile_in(&home.folder)?;
    let mut command = Command::new(&program);
    command.current_dir(&here).env(timeline::FILE_VAR, &file);
    if options.paused {
        command.env("ASYNC_CLOCK", "paused");
    }
    if let Some(seed) = options.seed {
        command.env("ASYNC_SEED", seed.to_string());
    }
    let status = command
        .status()
        .with_context(|| format!("could not run {}", program.display()))?;
    let written = std::fs::read_to_string(&file);
    let _ = std::fs::remove_file(&file);
    let recorded = written
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .and_then(|json| Recorded::from_json(&json))
        .map(|recorded| match recorded {
            // The program's own waits are named by its own file, not by the copy that ran.
            Recorded::Timeline(mut timeline) => {
                timeline.paused = on_the_paused_clock(&timeline, options.paused);
                for wait in &mut timeline.waits {
                    if wait.file == copy {
                        wait.file.clone_from(&source_file);
                    }
                }
                Recorded::Timeline(timeline)
            }
            missing => missing,
        })
        .unwrap_or_else(|| {
            Recorded::Missing(format!(
                "{title} ended without writing it ({status}): std::process::exit, an abort, \
                 or a signal"
            ))
        });
    let code = if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    Ok((code, Some(recorded)))
}

/// Whether a program's `timeline` ran on tokio's paused clock, the program having been asked
/// to run on it (`--paused`) or not.
///
/// The program tells by its waits (they took longer than it did: `record::Program`); but a
/// program whose waits never waited (each sleep created and dropped, never awaited) took no
/// time on either clock, and cannot tell: its clock is then the one it was asked to run on.
/// (Asked, a program may still run on the real clock: `2-main`'s `measure_time` may build a
/// runtime of its own, whose waits then say so.)
fn on_the_paused_clock(timeline: &Timeline, asked: bool) -> bool {
    let waited = timeline
        .waits
        .iter()
        .any(|wait| wait.delay().is_some_and(|delay| !delay.is_zero()));
    timeline.paused || (asked && !waited)
}

/// The source of the example `name` of `crate_name`: the learner's own if the workspace has
/// it, else the guide's.
fn example_source(here: &Path, crate_name: &str, name: &str) -> anyhow::Result<String> {
    let file_name = |name: &str| {
        !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if !file_name(name) {
        bail!("{name:?} is no example's name: letters, digits, _ and - only, without .rs");
    }
    let path = format!("{crate_name}/examples/{name}.rs");
    if let Ok(source) = std::fs::read_to_string(here.join(&path)) {
        return Ok(source);
    }
    if let Some(source) = embedded::text(&path) {
        return Ok(source.to_owned());
    }
    let folder = format!("{crate_name}/examples");
    let theirs = std::fs::read_dir(here.join(&folder))
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned());
    let ours = embedded::under(&folder)
        .filter_map(|(file, _)| Some(file.strip_prefix(&folder)?.strip_prefix('/')?.to_owned()));
    let mut names: Vec<String> = theirs
        .chain(ours)
        .filter_map(|file| Some(file.strip_suffix(".rs")?.to_owned()))
        .collect();
    names.sort_unstable();
    names.dedup();
    bail!(
        "{crate_name} has no example {name:?}; its examples are {}",
        if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        }
    )
}

/// `source` with its `main` renamed, and a `main` that records the waits around it; every
/// line of `source` keeps its number, so that the waits it creates are named by their lines.
/// With `paused`, a `#[tokio::main]` on that `main` runs a paused current-thread runtime.
///
/// # Errors
///
/// When `source` has no `fn main(` at the start of a line, or several.
pub fn wrapped(source: &str, title: &str, paused: bool) -> anyhow::Result<String> {
    let mains: Vec<usize> = source
        .match_indices("fn main(")
        .map(|(at, _)| at)
        .filter(|&at| {
            let line_start = source[..at].rfind('\n').map_or(0, |newline| newline + 1);
            let before = source[line_start..at].trim();
            matches!(before, "" | "async" | "pub" | "pub async")
        })
        .collect();
    let [at] = mains[..] else {
        bail!(
            "the program has {} `fn main(` at the start of a line; it needs exactly one",
            mains.len()
        );
    };
    let mut head = source[..at].to_owned();
    if paused {
        // The attribute on the line above `main`, if it is tokio's.
        let line_start = head.rfind('\n').map_or(0, |newline| newline + 1);
        let above = head[..line_start.saturating_sub(1)]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        if head[above..line_start]
            .trim_start()
            .starts_with("#[tokio::main")
        {
            head.replace_range(
                above..line_start,
                "#[tokio::main(flavor = \"current_thread\", start_paused = true)]\n",
            );
        }
    }
    let renamed = format!("{head}fn __program_main({}", &source[at + 8..]);
    Ok(format!(
        "#![allow(missing_docs)] {renamed}\n\n\
         // Added by `checker timeline`: the program's own `main`, its waits recorded.\n\
         fn main() -> std::process::ExitCode {{\n    \
             let _recording = checker::timeline::record::program({title:?});\n    \
             std::process::Termination::report(__program_main())\n\
         }}\n"
    ))
}

/// An exclusive lock on `folder`'s lock file, waited for, held until dropped.
fn locked(folder: &Path) -> anyhow::Result<std::fs::File> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("could not create {}", folder.display()))?;
    let path = folder.join("lock");
    let lock = std::fs::File::create(&path)
        .with_context(|| format!("could not create {}", path.display()))?;
    rustix::fs::flock(&lock, rustix::fs::FlockOperation::LockExclusive)
        .with_context(|| format!("could not lock {}", path.display()))?;
    Ok(lock)
}

/// A new file name in `folder` for the program's timeline.
fn tempfile_in(folder: &Path) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("could not create {}", folder.display()))?;
    Ok(folder.join(format!("timeline-{:016x}.json", rand::random::<u64>())))
}

#[cfg(test)]
mod tests {
    use super::wrapped;

    const GATHER: &str = "//! Docs.\n\nuse std::time::Duration;\n\n#[tokio::main]\nasync fn main() {\n    // fn main( in a comment is not at the start of a line\n}\n";

    #[test]
    fn main_is_renamed_and_wrapped_once() {
        let wrapped = wrapped(GATHER, "gather", false).unwrap();
        assert!(wrapped.starts_with("#![allow(missing_docs)] //! Docs.\n"));
        // The source's lines keep their numbers.
        assert_eq!(wrapped.lines().nth(4), Some("#[tokio::main]"));
        assert!(wrapped.contains("#[tokio::main]\nasync fn __program_main() {"));
        assert!(wrapped.contains("record::program(\"gather\")"));
        assert_eq!(wrapped.matches("fn main(").count(), 2, "{wrapped}");
    }

    #[test]
    fn paused_makes_tokio_main_a_paused_current_thread_runtime() {
        let wrapped = wrapped(GATHER, "gather", true).unwrap();
        assert_eq!(
            wrapped.lines().nth(4),
            Some("#[tokio::main(flavor = \"current_thread\", start_paused = true)]")
        );
        assert_eq!(wrapped.lines().nth(5), Some("async fn __program_main() {"));
        let plain =
            "use std::process::ExitCode;\n\nfn main() -> ExitCode {\n    ExitCode::SUCCESS\n}\n";
        let kept = super::wrapped(plain, "plain", true).unwrap();
        assert!(
            kept.contains("\n\nfn __program_main() -> ExitCode {"),
            "{kept}"
        );
    }

    #[test]
    fn a_paused_program_whose_sleeps_never_waited_is_on_the_paused_clock() {
        use crate::timeline::{End, Timeline, Wait};
        use std::time::Duration;
        let never_awaited = Wait {
            index: 1,
            file: "basic_async_syntax/examples/sleep_not_awaited.rs".to_owned(),
            line: 27,
            created: Duration::ZERO,
            started: None,
            deadline: None,
            ended: Duration::ZERO,
            end: End::Dropped,
        };
        // As the program's own guess has it: no time taken, so not paused.
        let timeline = Timeline {
            title: "sleep_not_awaited (example)".to_owned(),
            paused: false,
            waits: vec![never_awaited.clone(); 3],
            omitted: 0,
            at_once: 0,
            took: Duration::ZERO,
        };
        assert!(super::on_the_paused_clock(&timeline, true));
        assert!(!super::on_the_paused_clock(&timeline, false));
        // Waits that waited tell the clock themselves: a runtime of the program's own.
        let waited = Wait {
            started: Some(Duration::ZERO),
            deadline: Some(Duration::from_secs(2)),
            ended: Duration::from_secs(2),
            end: End::Elapsed,
            ..never_awaited
        };
        let real = Timeline {
            waits: vec![waited],
            took: Duration::from_secs(2),
            ..timeline
        };
        assert!(!super::on_the_paused_clock(&real, true));
    }

    #[test]
    fn a_program_without_one_main_is_refused() {
        assert!(wrapped("fn helper() {}\n", "none", false).is_err());
        assert!(wrapped("fn main() {}\nmod m {\nfn main() {}\n}\n", "two", false).is_err());
    }
}
