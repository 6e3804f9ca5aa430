//! `cargo run -p checker`: grades every task; `checker grade PATH...`: a learner's workspace, or
//! a class; `checker new DIR`: a starter; `checker timeline CRATE`: a program's waits, drawn;
//! `checker bench`: the scale report; `checker clean`: the grading workspaces, removed.
//!
//! This binary is the trusted side of the grading: it builds the tasks, runs each check in a
//! child process (`checker-harness`), and alone decides the report and the exit status. It is
//! a thin command line over the library ([`checker::grade`]).

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Command, ExitCode};

use anyhow::Context as _;
use checker::grade::one::{self, Options};
use checker::grade::workspace::{self, Home};
use checker::grade::{class, clean};
use checker::learn::{starter, timeline, watch};
use checker::report::policy::Policy;
use checker::run::{build, confine};
use clap::{Parser, Subcommand};

/// Grades every task of the curriculum against its contract.
///
/// Exit status: 0 when every check of the grade passes (every check, with --strict), 1 when
/// one fails, a task does not build or there is nothing to grade, 2 on a usage error. With
/// --output-dir: 0 once the results are written, whatever the grade (nothing to grade
/// included), and 3 when they could not be written. A class (`grade PATH PATH...`) without
/// --output-dir: 0 when every PATH was graded, 1 when one could not be.
#[derive(Debug, Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    action: Option<Action>,

    #[command(flatten)]
    options: Options,
}

#[derive(Debug, Subcommand)]
enum Action {
    /// Writes a workspace to DIR in which to write the tasks yourself: the same crates, test
    /// programs, lessons and checker, each task's function a `todo!`.
    New {
        /// A folder that does not exist yet, or is empty.
        dir: PathBuf,

        /// For a class on GitHub Classroom: the git URL of the teacher's copy of this
        /// repository, from which the starter's autograding workflow installs the checker
        /// (with --checker-rev), out of the students' reach.
        #[arg(long, value_name = "URL", requires = "checker_rev")]
        checker_git: Option<String>,

        /// The commit (or tag) of --checker-git to install the checker from.
        #[arg(long, value_name = "REV", requires = "checker_git")]
        checker_rev: Option<String>,

        /// The teacher's grading policy (as `grade --grading`): each step of the Classroom
        /// workflow is worth its task's points.
        #[arg(long, value_name = "FILE", value_parser = Policy::from_file)]
        grading: Option<Policy>,
    },
    /// Grades the task crates of learners' workspaces with this checker: their code as they
    /// wrote it, this checker's test programs and checks.
    ///
    /// A PATH is a workspace, or a folder holding one a folder or two below it; a task crate
    /// it lacks is graded as the starter's, and reported as not submitted.
    ///
    /// With one PATH, the report and exit status are those of a grade in place. With several
    /// (a class: `checker grade submissions/*`), they are graded --jobs at a time and a table
    /// ends the run. Exit status: with --output-dir, 0 once every file is written, whatever
    /// the grades, 3 when one could not be; without, 0 when every PATH was graded, 1 when
    /// one could not be.
    Grade {
        /// The learners' workspaces: starters after work, or forks of this repository.
        #[arg(required = true)]
        paths: Vec<PathBuf>,

        /// How many submissions are graded at once (default: the machine's cores).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,

        /// Re-grades these submissions into the class already in --output-dir: their folders
        /// and rows of grades.csv are replaced (matched by path), summary.csv counted again.
        #[arg(long, requires = "output_dir")]
        update: bool,

        #[command(flatten)]
        options: Options,
    },
    /// Runs a task crate's test program (or, with --example, a guide example) with its waits
    /// recorded, and draws them after its output: which waits overlapped, which ran in turn.
    Timeline(timeline::Options),
    /// Removes the grading workspaces the checker leaves in its cache folder (one per
    /// submission graded, kept so that grading it again is quick) and the build folder they
    /// share there, and says how much disk that freed.
    ///
    /// The cache folder is `$XDG_CACHE_HOME/async-checker`, else `~/.cache/async-checker`
    /// (root's: /var/cache/async-checker). A workspace or build folder that a running
    /// checker uses is kept; nothing outside the cache folder is removed, so a workspace's
    /// own `target/` never is. Exit status: 0 when everything was removed (or there was
    /// nothing to remove), 1 when something could not be.
    Clean {
        /// Says what would be removed and how much disk it would free, removing nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Measures wait_n and task_wait_n at scale and prints a report (`bench --help` for more).
    #[command(disable_help_flag = true)]
    Bench {
        /// The bench's own options, passed on to it.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<OsString>,
    },
}

fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().collect();
    // First: the confined build starts cargo through this, with the variable below already
    // set for the rustc that cargo runs.
    if args
        .get(1)
        .is_some_and(|arg| arg == confine::CONFINE_COMMAND)
    {
        return confine::exec_confined(&args[2..]);
    }
    // As rustc's wrapper in the checker's own builds (see `build::cargo`).
    if std::env::var_os(build::WRAPPING).is_some() {
        return build::wrap_rustc(&args[1..]);
    }
    if args
        .get(1)
        .is_some_and(|arg| arg == confine::KILL_ALL_COMMAND)
    {
        return confine::kill_all();
    }
    // This binary confines each check's harness before it starts (see `run::confine`).
    if let Ok(itself) = std::env::current_exe() {
        confine::set_trampoline(itself);
    }
    let cli = Cli::parse();
    match &cli.action {
        None if cli.options.watch => watch::run(None, &cli.options),
        None => one::run(None, &cli.options, &starter::announce_first_passes),
        Some(Action::Grade {
            paths,
            jobs: count,
            update,
            options,
        }) => {
            let class_dir = options
                .output_dir
                .as_ref()
                .filter(|dir| dir.join(class::INDEX).is_file());
            match paths.as_slice() {
                [path] if options.watch => watch::run(Some(path), options),
                [path] if !update => {
                    if let Some(dir) = class_dir {
                        eprintln!(
                            "error: {} holds a class's results ({}): re-grade a submission \
                             into it with --update, or give another --output-dir",
                            dir.display(),
                            class::INDEX
                        );
                        return ExitCode::from(one::USAGE);
                    }
                    one::run(Some(path), options, &|_, _| {})
                }
                _ => {
                    let cores = std::thread::available_parallelism().map_or(1, usize::from);
                    class::run(paths, options, count.map_or(cores, usize::from), *update)
                }
            }
        }
        Some(Action::New {
            dir,
            checker_git,
            checker_rev,
            grading,
        }) => {
            let pinned = checker_git.clone().zip(checker_rev.clone());
            let pinned = pinned.map(|(git, rev)| starter::PinnedChecker { git, rev });
            new(dir, pinned.as_ref(), &grading.clone().unwrap_or_default())
        }
        Some(Action::Timeline(options)) => timeline::run(options),
        Some(Action::Clean { dry_run }) => clean::run(*dry_run),
        Some(Action::Bench { args }) => bench(args, &cli.options).unwrap_or_else(|error| {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }),
    }
}

/// `checker new DIR`: writes the starter and says what to do next.
fn new(
    dir: &std::path::Path,
    checker: Option<&starter::PinnedChecker>,
    policy: &Policy,
) -> ExitCode {
    match starter::create(dir, checker, policy) {
        Ok(files) => {
            println!(
                "Wrote a starter workspace of {files} files to {}.",
                dir.display()
            );
            println!(
                "Next:\n  cd {}\n  cargo run -p checker -- --watch    # the course, task by task: ? shows the keys",
                dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(one::USAGE)
        }
    }
}

/// `checker bench`: builds the harness of this workspace with the scale report, and runs it
/// with `args`.
fn bench(args: &[OsString], options: &Options) -> anyhow::Result<ExitCode> {
    let root = workspace::locate()?;
    let home = Home::for_workspace(Some(&root));
    let assembled = workspace::assemble(&root, &home)?;
    let harness = build::build_bench(&assembled, options.build_limit())?;
    let status = Command::new(&harness)
        .arg("bench")
        .args(args)
        .status()
        .with_context(|| format!("could not start {}", harness.display()))?;
    Ok(status
        .code()
        .and_then(|code| u8::try_from(code).ok())
        .map_or(ExitCode::FAILURE, ExitCode::from))
}
