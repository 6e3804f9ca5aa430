//! `checker bench`: the scale report.
//!
//! Task 2 of the course measures how cheap concurrent waiting is. This report measures it at
//! scale: [`wait_n`](concurrent_coroutines::wait_n), [`task_wait_n`](task_wait_n::task_wait_n)
//! and [`measure_time`](measure_runtime::measure_time) at n = 10 000, 100 000 and 1 000 000,
//! `max_delay` 0 and 1, on both tokio runtime flavors, and the course's own Python beside them
//! when `python3` is on the machine. Beside each function it measures tokio's floor for the
//! same work, in the same run: `wait_n_floor`, plain sleeps in one `FuturesUnordered` with
//! no order kept, and `task_wait_n_floor`, the same sleeps spawned as tasks (and
//! `task_floor`, `task_wait_n`'s own tasks awaited in spawn order, as a second reference).
//! For each configuration it gives the wall time, the overhead (wall time − the largest
//! delay drawn) and the CPU time per delay, the neighbours out of order, and the peak
//! memory. Each function's overhead is then judged as a ratio to its floor's, never in
//! microseconds: the machine's speed moves from one minute to the next, and the ratio of
//! two figures measured side by side moves far less ([`report::targets`]). `checker/harness/BENCH.md`
//! holds the figures and what they show.
//!
//! # How it measures
//!
//! - **One process per run.** Peak memory (`VmHWM`, Python's `ru_maxrss`) is a high-water
//!   mark, so every configuration runs in a fresh child process: this same binary, started
//!   again with the hidden `--child` flag ([`measure`]), or the Python driver in
//!   `checker/harness/benches/python/` ([`python`]). Each child prints one JSON object.
//! - **Seeded.** Every run draws its delays from the `--seed` stream (the floors from a plain
//!   generator of that seed), so the same command measures the same delays on every
//!   machine, and all flavors and functions of one `n` and `max_delay` wait for about the
//!   same largest delay.
//! - **Real clock.** The runs sleep for real; the paused clock, which the tests use, would
//!   hide exactly the timer work measured here. Only `measure_time`'s largest delay is
//!   recovered afterwards on the paused clock, by replaying its seed.
//! - **As `#[tokio::main]` runs `main`.** The call runs in `block_on` on the process's main
//!   thread; on multi_thread the runtime's workers (one per core) run beside it. Running the
//!   call as a spawned task instead measured no faster.
//! - **Interleaved, judged on the fastest run.** Timings on a shared machine move from one
//!   minute to the next, up to twofold at a million delays. So every configuration of one
//!   flavor, `n` and `max_delay` (each function and its floor) runs once in turn, `--runs`
//!   times (3) over: a slow minute slows a function and its floor alike. Load only ever adds
//!   time, so a ratio compares the fastest run of each; the table shows the run of median
//!   wall time; counts and order are checked in every run. Python's runs take tens of
//!   seconds at a million delays, so they run once.
//! - **CPU time as the cost.** With `max_delay` 1 the first second of work hides under the
//!   waiting, so overhead alone cannot show how cost grows with `n`; the CPU time of every
//!   thread (Linux's `schedstat`) can, and the linearity target is checked on it.
//! - **Release build.** A debug build is far slower; the report says so when it is one.
//!
//! The per-call cost under a statistics harness is in `checker/harness/benches/overhead.rs`
//! (`cargo bench -p checker-harness --features bench`); this report is about scale, memory and order.

use std::fmt;
use std::process::{Command, ExitCode};

use anyhow::{Context as _, bail};

pub mod measure;
pub mod python;
pub mod report;

use measure::Measurement;

/// Options of `checker bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// Numbers of delays per call (comma-separated, each at least 1).
    #[arg(long, value_delimiter = ',', value_parser = parse_n,
          default_values = ["10000", "100000", "1000000"])]
    pub n: Vec<usize>,

    /// Largest delays, in whole seconds (comma-separated).
    #[arg(long = "max-delay", value_delimiter = ',', default_values = ["0", "1"])]
    pub max_delay: Vec<u32>,

    /// Functions to measure (comma-separated).
    #[arg(long, value_enum, value_delimiter = ',',
          default_values = ["wait_n", "wait_n_floor", "task_wait_n", "task_wait_n_floor",
                            "measure_time", "task_floor"])]
    pub function: Vec<Function>,

    /// tokio runtime flavors to run them on (comma-separated); `measure_time` always builds
    /// its own current_thread runtime, so it runs only when current_thread is chosen.
    #[arg(long, value_enum, value_delimiter = ',',
          default_values = ["current_thread", "multi_thread"])]
    pub flavor: Vec<Flavor>,

    /// Seed of the delays, for Rust and Python alike.
    #[arg(long, default_value_t = 42)]
    pub seed: u64,

    /// Runs of each Rust configuration, each in a fresh process, interleaved with the other
    /// functions of the same size; ratios compare the fastest runs, the table shows the run of
    /// median wall time (Python's runs take far longer, so they run once).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u32).range(1..=99))]
    pub runs: u32,

    /// Leave out the comparison with Python's asyncio.
    #[arg(long)]
    pub skip_python: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Measure exactly one configuration in this process and print it as JSON (the report
    /// starts itself with this flag, once per configuration).
    #[arg(long, hide = true)]
    pub child: bool,
}

/// A function the report measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Function {
    /// Task 1: `n` coroutines polled in the calling task.
    #[value(name = "wait_n")]
    WaitN,
    /// Task 4: `n` spawned tasks.
    #[value(name = "task_wait_n")]
    TaskWaitN,
    /// Task 2: `wait_n` timed on a runtime of its own.
    #[value(name = "measure_time")]
    MeasureTime,
    /// The floor of `wait_n`: `n` plain sleeps in one `FuturesUnordered`, no order kept.
    #[value(name = "wait_n_floor")]
    WaitNFloor,
    /// The floor of `task_wait_n`: the same sleeps spawned as tasks, their handles in one
    /// `FuturesUnordered`, no order kept.
    #[value(name = "task_wait_n_floor")]
    TaskWaitNFloor,
    /// A second reference for `task_wait_n`: its own tasks, awaited in the order they were
    /// spawned, so no order is kept and no task wakes its caller.
    #[value(name = "task_floor")]
    TaskFloor,
}

impl Function {
    /// The floor that the function's overhead is judged against, for the two that have one.
    pub fn floor(self) -> Option<Self> {
        match self {
            Self::WaitN => Some(Self::WaitNFloor),
            Self::TaskWaitN => Some(Self::TaskWaitNFloor),
            _ => None,
        }
    }
}

impl fmt::Display for Function {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::WaitN => "wait_n",
            Self::TaskWaitN => "task_wait_n",
            Self::MeasureTime => "measure_time",
            Self::WaitNFloor => "wait_n_floor",
            Self::TaskWaitNFloor => "task_wait_n_floor",
            Self::TaskFloor => "task_floor",
        })
    }
}

/// A tokio runtime flavor, named as `#[tokio::main(flavor = "…")]` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Flavor {
    /// One thread drives every task, like asyncio's event loop.
    #[value(name = "current_thread")]
    CurrentThread,
    /// A worker thread per core.
    #[value(name = "multi_thread")]
    MultiThread,
}

impl Flavor {
    /// A builder of a runtime of this flavor, its timer enabled: what `#[tokio::main]` builds.
    pub fn builder(self) -> tokio::runtime::Builder {
        let mut builder = match self {
            Self::CurrentThread => tokio::runtime::Builder::new_current_thread(),
            Self::MultiThread => tokio::runtime::Builder::new_multi_thread(),
        };
        builder.enable_time();
        builder
    }
}

impl fmt::Display for Flavor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::CurrentThread => "current_thread",
            Self::MultiThread => "multi_thread",
        })
    }
}

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people.
    Text,
    /// One JSON document for machines.
    Json,
}

/// One configuration of the report: a function on a runtime flavor, at one size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Configuration {
    /// The function to run.
    pub function: Function,
    /// The runtime flavor to run it on.
    pub flavor: Flavor,
    /// Its number of delays.
    pub n: usize,
    /// Its `max_delay`, in seconds.
    pub max_delay: u32,
}

impl fmt::Display for Configuration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {}, n = {}, max_delay = {}",
            self.function, self.flavor, self.n, self.max_delay
        )
    }
}

/// Where a run ran: a tokio flavor, or Python's asyncio.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The Rust function on a tokio runtime of this flavor.
    Tokio(Flavor),
    /// The course's Python on asyncio.
    Asyncio,
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Tokio(flavor) => flavor.fmt(f),
            Self::Asyncio => f.write_str("asyncio"),
        }
    }
}

/// One measured configuration.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The function that ran.
    pub function: Function,
    /// Where it ran.
    pub engine: Engine,
    /// Its number of delays.
    pub n: usize,
    /// Its `max_delay`, in seconds.
    pub max_delay: u32,
    /// What each run gave, fastest first; never empty.
    pub runs: Vec<Measurement>,
}

impl Row {
    /// A row of `runs` (at least one), which it orders by wall time.
    ///
    /// # Panics
    ///
    /// When `runs` is empty: a row is what some run measured.
    pub fn new(
        function: Function,
        engine: Engine,
        n: usize,
        max_delay: u32,
        mut runs: Vec<Measurement>,
    ) -> Self {
        assert!(!runs.is_empty(), "a row needs at least one run");
        runs.sort_by(|one, other| one.wall_s.total_cmp(&other.wall_s));
        Self {
            function,
            engine,
            n,
            max_delay,
            runs,
        }
    }

    /// The run of median wall time, whose figures the report shows.
    pub fn measurement(&self) -> &Measurement {
        &self.runs[self.runs.len() / 2]
    }
}

/// Runs the scale report (or, with `--child`, one configuration of it).
///
/// # Errors
///
/// When a child run fails or prints something unreadable, or when `--child` is not given
/// exactly one configuration. A missed performance target is not an error: the report says
/// which, and the exit status is then a failure.
pub fn run(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    if args.child {
        return run_child(args);
    }
    let configurations = configurations(args);
    if configurations.is_empty() {
        bail!(
            "nothing to measure: measure_time runs only on current_thread, \
             so choose that flavor or another function"
        );
    }
    let executable = std::env::current_exe()
        .context("cannot find this program's own executable to run the measurements")?;
    let mut runs: Vec<Vec<Measurement>> = vec![Vec::new(); configurations.len()];
    let total = configurations.len() * args.runs as usize;
    let mut done = 0;
    for group in interleaved(&configurations) {
        for _ in 0..args.runs {
            for &index in &group {
                let configuration = configurations[index];
                done += 1;
                eprintln!("[{done}/{total}] {configuration}");
                let measurement = measure_in_child(&executable, configuration, args.seed)
                    .with_context(|| format!("measuring {configuration}"))?;
                runs[index].push(measurement);
            }
        }
    }
    let rows = configurations
        .iter()
        .zip(runs)
        .map(|(configuration, runs)| {
            Row::new(
                configuration.function,
                Engine::Tokio(configuration.flavor),
                configuration.n,
                configuration.max_delay,
                runs,
            )
        })
        .collect();
    let python = if args.skip_python {
        python::Outcome::Skipped("skipped (--skip-python)".to_owned())
    } else {
        python::run_all(&python_configurations(args), args.seed)?
    };
    let report = report::Report::new(args.seed, args.runs, rows, python);
    match args.format {
        Format::Text => print!("{}", report.text()),
        Format::Json => println!("{:#}", report.json()),
    }
    Ok(if report.all_targets_met() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Every configuration the options choose, in report order.
fn configurations(args: &BenchArgs) -> Vec<Configuration> {
    let mut configurations = Vec::new();
    for &function in &args.function {
        for &flavor in &args.flavor {
            if function == Function::MeasureTime && flavor != Flavor::CurrentThread {
                continue;
            }
            for &max_delay in &args.max_delay {
                for &n in &args.n {
                    configurations.push(Configuration {
                        function,
                        flavor,
                        n,
                        max_delay,
                    });
                }
            }
        }
    }
    configurations
}

/// The indices of `configurations` in the order they run: grouped by flavor, `n` and
/// `max_delay`, so that a function and its floor run in turn, one run of each at a time.
fn interleaved(configurations: &[Configuration]) -> Vec<Vec<usize>> {
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (index, configuration) in configurations.iter().enumerate() {
        let key = |other: &Configuration| (other.flavor, other.n, other.max_delay);
        match groups
            .iter_mut()
            .find(|group| key(&configurations[group[0]]) == key(configuration))
        {
            Some(group) => group.push(index),
            None => groups.push(vec![index]),
        }
    }
    groups
}

/// Every (function, n, max_delay) to run in Python: its `wait_n` and `task_wait_n`.
fn python_configurations(args: &BenchArgs) -> Vec<(Function, usize, u32)> {
    let mut configurations = Vec::new();
    for &function in &args.function {
        if !matches!(function, Function::WaitN | Function::TaskWaitN) {
            continue;
        }
        for &max_delay in &args.max_delay {
            for &n in &args.n {
                configurations.push((function, n, max_delay));
            }
        }
    }
    configurations
}

/// `--child`: measures the one configuration given and prints it as one line of JSON.
fn run_child(args: &BenchArgs) -> anyhow::Result<ExitCode> {
    let (&[function], &[flavor], &[n], &[max_delay]) = (
        args.function.as_slice(),
        args.flavor.as_slice(),
        args.n.as_slice(),
        args.max_delay.as_slice(),
    ) else {
        bail!(
            "--child measures one configuration: give exactly one --function, --flavor, --n and --max-delay"
        );
    };
    let configuration = Configuration {
        function,
        flavor,
        n,
        max_delay,
    };
    let measurement = measure::measure(configuration, args.seed)?;
    println!("{}", measurement.to_json());
    Ok(ExitCode::SUCCESS)
}

/// Runs one configuration in a fresh child process of this program.
fn measure_in_child(
    executable: &std::path::Path,
    configuration: Configuration,
    seed: u64,
) -> anyhow::Result<Measurement> {
    let mut command = Command::new(executable);
    command
        .args(["bench", "--child", "--format", "json"])
        .args([
            format!("--function={}", configuration.function),
            format!("--flavor={}", configuration.flavor),
            format!("--n={}", configuration.n),
            format!("--max-delay={}", configuration.max_delay),
            format!("--seed={seed}"),
        ]);
    child_output(&mut command)
}

/// Runs `command`, which prints one [`Measurement`] as JSON, and reads it.
///
/// # Errors
///
/// When the command cannot start, fails (its error output is quoted), or prints anything
/// but a measurement.
pub(crate) fn child_output(command: &mut Command) -> anyhow::Result<Measurement> {
    let output = command
        .output()
        .with_context(|| format!("cannot start {command:?}"))?;
    if !output.status.success() {
        bail!(
            "{command:?} failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Measurement::from_json(&String::from_utf8_lossy(&output.stdout))
        .with_context(|| format!("reading what {command:?} printed"))
}

/// Parses a number of delays: a whole number of at least 1.
fn parse_n(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("n must be at least 1: overhead is reported per delay".to_owned()),
        Ok(n) => Ok(n),
        Err(error) => Err(format!("{text:?} is not a whole number of delays: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;
    use pretty_assertions::assert_eq;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        bench: BenchArgs,
    }

    fn parse(arguments: &[&str]) -> Result<BenchArgs, clap::Error> {
        Cli::try_parse_from(std::iter::once("bench").chain(arguments.iter().copied()))
            .map(|cli| cli.bench)
    }

    #[test]
    fn the_defaults_are_the_issue_s_grid() {
        let args = parse(&[]).unwrap();
        assert_eq!(args.n, [10_000, 100_000, 1_000_000]);
        assert_eq!(args.max_delay, [0, 1]);
        // wait_n, task_wait_n, their floors and task_floor on two flavors, plus measure_time
        // on one: 11 × 3 n × 2; Python runs the course's two functions only.
        assert_eq!(configurations(&args).len(), 66);
        assert_eq!(python_configurations(&args).len(), 12);
    }

    #[test]
    fn a_function_and_its_floor_run_in_turn() {
        let args = parse(&[
            "--n=5,7",
            "--max-delay=1",
            "--function=wait_n,wait_n_floor",
            "--flavor=current_thread",
        ])
        .unwrap();
        let configurations = configurations(&args);
        let groups: Vec<Vec<(Function, usize)>> = interleaved(&configurations)
            .into_iter()
            .map(|group| {
                group
                    .into_iter()
                    .map(|index| (configurations[index].function, configurations[index].n))
                    .collect()
            })
            .collect();
        assert_eq!(
            groups,
            [
                [(Function::WaitN, 5), (Function::WaitNFloor, 5)],
                [(Function::WaitN, 7), (Function::WaitNFloor, 7)],
            ]
        );
    }

    #[test]
    fn a_subset_is_chosen_by_flags() {
        let args = parse(&[
            "--n=5,7",
            "--max-delay=1",
            "--function=task_wait_n,measure_time",
            "--flavor=multi_thread",
        ])
        .unwrap();
        assert_eq!(
            configurations(&args),
            [
                Configuration {
                    function: Function::TaskWaitN,
                    flavor: Flavor::MultiThread,
                    n: 5,
                    max_delay: 1,
                },
                Configuration {
                    function: Function::TaskWaitN,
                    flavor: Flavor::MultiThread,
                    n: 7,
                    max_delay: 1,
                },
            ]
        );
    }

    #[test]
    fn bad_values_are_refused_with_a_reason() {
        let zero = parse(&["--n=0"]).unwrap_err().to_string();
        assert!(zero.contains("at least 1"), "{zero}");
        let word = parse(&["--n=many"]).unwrap_err().to_string();
        assert!(word.contains("\"many\""), "{word}");
        let flavor = parse(&["--flavor=green_threads"]).unwrap_err().to_string();
        assert!(flavor.contains("multi_thread"), "{flavor}");
        assert!(parse(&["--format=xml"]).is_err());
        assert!(parse(&["--max-delay=-1"]).is_err());
    }

    #[test]
    fn a_child_needs_exactly_one_configuration() {
        let error = run(&parse(&["--child"]).unwrap()).unwrap_err();
        assert!(error.to_string().contains("exactly one"), "{error}");
    }

    #[test]
    fn measure_time_alone_on_multi_thread_is_nothing_to_measure() {
        let args = parse(&["--function=measure_time", "--flavor=multi_thread"]).unwrap();
        let error = run(&args).unwrap_err();
        assert!(error.to_string().contains("current_thread"), "{error}");
    }
}
