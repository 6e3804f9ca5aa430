//! The test programs: each crate's `src/main.rs`, run as a binary and graded by its output.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use super::basics::TICK;
use super::saw;
use crate::harness::check::{Failure, Settings, Verdict};
use crate::harness::subject::Subject;

/// How each program's output is graded: its lines → evidence or failure.
type Grade = fn(&[&str]) -> Verdict;

/// Runs `crate_name`'s test program on the paused clock, once (`4-main` four times), and
/// grades what it printed.
pub(super) fn prints(subject: &Subject, settings: &Settings, crate_name: &str) -> Verdict {
    let binary = binary(subject, crate_name)?;
    // `4-main` prints one list of five delays: listed in the order their tasks started, they
    // are ascending once in 5! = 120 runs, enough to pass a wrong task_wait_n now and then
    // (and to move a score by the check); four runs let that through once in 2·10^8. The
    // other programs print lists long enough, or nothing that order decides.
    let runs = if crate_name == "task_wait_n" { 4 } else { 1 };
    let mut evidence = String::new();
    for index in 0..runs {
        let seed = if index == 0 {
            settings.seed
        } else {
            settings.seed(index)
        };
        let output = run(&binary, seed, true, paused_limit(crate_name))?;
        evidence = grade_results(crate_name, &output, grade_of(crate_name)).map_err(|failure| {
            if index == 0 {
                return failure;
            }
            Failure {
                actual: format!(
                    "in run {} of {runs}, with ASYNC_SEED={seed}: {}",
                    index + 1,
                    failure.actual
                ),
                ..failure
            }
        })?;
    }
    if runs > 1 {
        evidence = format!("{evidence}, in each of {runs} runs");
    }
    Ok(evidence)
}

/// Runs `0-main` with a malformed `ASYNC_SEED`: it must stop with an error that names it.
pub(super) fn malformed_seed(subject: &Subject, _: &Settings) -> Verdict {
    let binary = binary(subject, "basic_async_syntax")?;
    let output = execute(
        &binary,
        "not-a-seed",
        "paused",
        paused_limit("basic_async_syntax"),
    )?;
    let error = String::from_utf8_lossy(&output.stderr);
    if output.status.success() || !error.contains("ASYNC_SEED") {
        return Err(Failure::new(
            "ASYNC_SEED=not-a-seed to stop the program with an error that names ASYNC_SEED",
            format!(
                "it exited with {}; it printed:\n{}{error}",
                output.status,
                String::from_utf8_lossy(&output.stdout)
            ),
            "start main with basic_async_syntax::program::main, which reads ASYNC_SEED and \
             refuses a malformed one",
        ));
    }
    saw(format!(
        "it stopped with {}: {}",
        output.status,
        error.trim()
    ))
}

/// How `crate_name`'s output is graded.
fn grade_of(crate_name: &str) -> Grade {
    match crate_name {
        "basic_async_syntax" => grade_basic_async_syntax,
        "concurrent_coroutines" => grade_concurrent_coroutines,
        "measure_runtime" => grade_measure_runtime,
        "tasks" => grade_tasks,
        _ => grade_task_wait_n,
    }
}

/// Grades the result lines of `output`, and says which lines it ignored.
fn grade_results(crate_name: &str, output: &str, grade: Grade) -> Verdict {
    let (lines, others) = results(crate_name, output);
    let ignored = match others.len() {
        0 => String::new(),
        count => format!(" ({count} other lines ignored, such as {:?})", others[0]),
    };
    grade(&lines).map(|evidence| format!("{evidence}{ignored}\n{output}"))
}

/// Runs a program twice on the paused clock under one seed: the same results both times.
pub(super) fn replays(subject: &Subject, settings: &Settings, crate_name: &str) -> Verdict {
    let binary = binary(subject, crate_name)?;
    let first = run(&binary, settings.seed, true, paused_limit(crate_name))?;
    let second = run(&binary, settings.seed, true, paused_limit(crate_name))?;
    if !same_results(
        &results(crate_name, &first).0,
        &results(crate_name, &second).0,
    ) {
        return Err(Failure::new(
            format!("the same output twice under ASYNC_SEED={}", settings.seed),
            format!("first:\n{first}second:\n{second}"),
            "draw every delay through basic_async_syntax::seed::uniform(max_delay), the \
             seeded random.uniform, whose stream ASYNC_SEED sets (and spawn tasks with \
             seed::inherit, which carries it along)",
        ));
    }
    saw(format!("the same results twice:\n{first}"))
}

/// The lines of a program's output that look like the results it prints, and the others.
///
/// Only the results are graded: a learner's debug `println!` inside a task prints into the
/// program's output too, and a correct solution that prints must still pass. A result line is
/// a float for `0-main` and `2-main`, a list for `1-main` and `4-main` (anything with a
/// bracket or a comma, so that a list in the wrong format is still graded, and failed), and
/// a type name, without spaces, for `3-main`.
fn results<'a>(crate_name: &str, output: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    output.lines().partition(|line| {
        let line = line.trim();
        match crate_name {
            "concurrent_coroutines" | "task_wait_n" => line.starts_with('[') || line.contains(", "),
            "tasks" => !line.is_empty() && !line.contains(char::is_whitespace),
            _ => line.parse::<f64>().is_ok(),
        }
    })
}

/// Whether two runs of a program printed the same results: exactly, except for a time such
/// as `measure_runtime`'s, which may differ by the noise of the clock it read.
fn same_results(first: &[&str], second: &[&str]) -> bool {
    // The runtime's cost and, on a loaded machine, up to a tenth of a second of scheduling
    // noise, over five delays; the paused clock reads the same value twice.
    let close = |a: &str, b: &str| match (a.trim().parse::<f64>(), b.trim().parse::<f64>()) {
        (Ok(a), Ok(b)) => (a - b).abs() <= 0.4 / 5.0,
        _ => false,
    };
    first.len() == second.len() && first.iter().zip(second).all(|(a, b)| a == b || close(a, b))
}

fn binary(subject: &Subject, crate_name: &str) -> Result<std::path::PathBuf, Failure> {
    let programs = subject.programs.as_ref().map_err(|error| {
        Failure::new(
            "the test programs to build",
            error.clone(),
            "fix the compile error, then run the checker again",
        )
    })?;
    programs.get(crate_name).cloned().ok_or_else(|| {
        Failure::new(
            format!("a test program for {crate_name}"),
            "none was built",
            format!("{crate_name}/src/main.rs should port the course's test program"),
        )
    })
}

/// How long a test program may run on the paused clock, where it takes milliseconds; and
/// `2-main`, whose `measure_time` may build a runtime of its own, on the real clock, where
/// five overlapping waits of at most 9 s take at most 9 s.
fn paused_limit(crate_name: &str) -> Duration {
    if crate_name == "measure_runtime" {
        Duration::from_secs(20)
    } else {
        Duration::from_secs(4)
    }
}

/// Runs `binary` with `ASYNC_SEED` and `ASYNC_CLOCK` set as given, and waits for it, for
/// `limit` at most: a program still running then is killed, and fails its check.
fn execute(binary: &Path, seed: &str, clock: &str, limit: Duration) -> Result<Output, Failure> {
    let mut child = Command::new(binary)
        .env("ASYNC_SEED", seed)
        .env("ASYNC_CLOCK", clock)
        // The report shows the panic's message; a backtrace would bury it.
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| {
            Failure::new(
                format!("{} to start", binary.display()),
                error.to_string(),
                "rebuild it with cargo build --workspace",
            )
        })?;
    let start = Instant::now();
    let read = |stream: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut stream) = stream {
                let _ = stream.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = read(
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let stderr = read(
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    );
    let status = loop {
        if let Ok(Some(status)) = child.try_wait() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let name = binary
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned());
            let hint = if name.starts_with("measure_runtime") {
                "2-main prints measure_time(5, 9): five waits that overlap take at most 9 s, \
                 even on the real clock of a runtime of measure_time's own; longer means that \
                 they ran one after another (task 1's wait_n) or that something never ends"
            } else {
                "on the paused clock a test program ends in milliseconds: it waits on \
                 something that never ends, or blocks its thread (std::thread::sleep)"
            };
            return Err(Failure::new(
                format!("the program to finish within {} s", limit.as_secs()),
                "it was still running, and was stopped",
                hint,
            ));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Runs `binary` under `seed`, on the paused clock or the real one, and returns its output.
fn run(binary: &Path, seed: u64, paused_clock: bool, limit: Duration) -> Result<String, Failure> {
    let clock = if paused_clock { "paused" } else { "real" };
    let output = execute(binary, &seed.to_string(), clock, limit)?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        let printed = stdout + &String::from_utf8_lossy(&output.stderr);
        let hint = match printed
            .lines()
            .find_map(|line| line.strip_prefix("not yet implemented: "))
        {
            Some(todo) => format!("the program reached a todo!() ({todo}): write that task first"),
            None => "run it with cargo run -p <crate> and read its error".to_owned(),
        };
        return Err(Failure::new(
            "the program to exit successfully",
            format!(
                "it exited with {}; it printed:\n{}",
                output.status,
                first_lines(&printed, 12)
            ),
            hint,
        ));
    }
    Ok(stdout)
}

/// The first `count` lines of `text`, and how many more there were.
fn first_lines(text: &str, count: usize) -> String {
    let total = text.lines().count();
    let mut shown: String = text
        .lines()
        .take(count)
        .map(|line| format!("{line}\n"))
        .collect();
    if total > count {
        shown.push_str(&format!("… {} more lines\n", total - count));
    }
    shown
}

fn line_count(lines: &[&str], expected: usize, what: &str) -> Result<(), Failure> {
    if lines.len() == expected {
        return Ok(());
    }
    Err(Failure::new(
        format!("{expected} lines: {what}"),
        format!("{} lines: {lines:?}", lines.len()),
        "print each result with println!, one per line, and nothing else",
    ))
}

/// Parses a float printed as Python prints one (`9.034261504534394`, `0.0`).
fn python_float(text: &str) -> Result<f64, Failure> {
    let looks_like_a_float = text.contains('.') || text.contains('e');
    match text.parse::<f64>() {
        Ok(value) if looks_like_a_float && value.is_finite() => Ok(value),
        _ => Err(Failure::new(
            "a float as Python prints it, such as 9.034261504534394 or 0.0",
            format!("{text:?}"),
            "print an f64 with {:?}, which writes 0.0 where {} writes 0",
        )),
    }
}

/// Parses a list printed as Python prints one: `[0.5, 1.25]`.
fn python_list(line: &str) -> Result<Vec<f64>, Failure> {
    let inner = line
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .ok_or_else(|| {
            Failure::new(
                "a list as Python prints it: [0.97, 1.03, 1.8]",
                format!("{line:?}"),
                "print the Vec<f64> with {:?}",
            )
        })?;
    if inner.is_empty() {
        return Ok(Vec::new());
    }
    inner.split(", ").map(python_float).collect()
}

/// Grades one printed list of `call`: `n` delays, each within `[0, max_delay]`, ascending.
/// Each failure says which of the three it broke, and a list out of order names the pair.
fn bounded_ascending(delays: &[f64], n: usize, max_delay: f64, call: &str) -> Result<(), Failure> {
    let expected = format!("{call}: {n} ascending delays within [0, {max_delay}]");
    if delays.len() != n {
        return Err(Failure::new(
            expected,
            format!("{} delays: {delays:?}", delays.len()),
            format!("{call} lists {n} delays, one for each wait: print its result as it is"),
        ));
    }
    if let Some(delay) = delays
        .iter()
        .find(|delay| !(0.0..=max_delay).contains(*delay))
    {
        return Err(Failure::new(
            expected,
            format!("{delay:?} is not within [0, {max_delay}]: {delays:?}"),
            format!("each delay of {call} is a wait_random({max_delay}), within [0, {max_delay}]"),
        ));
    }
    // Ascending to tokio's 1 ms tick, as the grade's own check of the order.
    if let Some(at) = delays.windows(2).position(|pair| pair[0] > pair[1] + TICK) {
        // The learner printed the list, as asked: what is wrong is its order, so the hint is
        // about where the order comes from, as the ascending check's in `delay_lists.rs`.
        return Err(Failure::new(
            expected,
            format!(
                "out of order at delays[{at}]: {:?} before delays[{}] = {:?}: {delays:?}",
                delays[at],
                at + 1,
                delays[at + 1]
            ),
            "the order must come from completion: list each delay as its wait finishes (a \
             FuturesUnordered stream in Rust, as asyncio.as_completed), not in the order the \
             waits were started (join_all and awaiting each in turn keep that order)",
        ));
    }
    Ok(())
}

fn grade_basic_async_syntax(lines: &[&str]) -> Verdict {
    line_count(lines, 3, "wait_random(), wait_random(5), wait_random(15)")?;
    for (line, max_delay) in lines.iter().zip([10.0, 5.0, 15.0]) {
        let delay = python_float(line)?;
        if !(0.0..=max_delay).contains(&delay) {
            return Err(Failure::new(
                format!("a delay within [0, {max_delay}]"),
                format!("{delay:?}"),
                "print wait_random(), then wait_random(5), then wait_random(15)",
            ));
        }
    }
    saw("three floats within [0, 10], [0, 5] and [0, 15]")
}

fn grade_concurrent_coroutines(lines: &[&str]) -> Verdict {
    line_count(lines, 3, "wait_n(5, 5), wait_n(10, 7), wait_n(10, 0)")?;
    for (line, (n, max_delay)) in lines.iter().zip([(5, 5.0), (10, 7.0), (10, 0.0)]) {
        let call = format!("wait_n({n}, {max_delay})");
        bounded_ascending(&python_list(line)?, n, max_delay, &call)?;
    }
    saw("three ascending lists in Python's format, the last of ten 0.0")
}

fn grade_measure_runtime(lines: &[&str]) -> Verdict {
    line_count(lines, 1, "measure_time(5, 9)")?;
    let per_delay = python_float(lines[0])?;
    // Five overlapping waits of at most 9 s take at most 9 s, and a runtime of the learner's
    // own, on the real clock, a little more: / 5.
    if !(0.0..=9.4 / 5.0).contains(&per_delay) {
        return Err(Failure::new(
            "measure_time(5, 9) within [0, 1.88]: at most the largest delay, 9 s (and a runtime's start), / 5",
            format!("{per_delay:?}"),
            "the five waits overlap, so the total is the largest delay, not the sum; divide by n",
        ));
    }
    saw("one float within [0, 1.88]")
}

fn grade_tasks(lines: &[&str]) -> Verdict {
    line_count(lines, 1, "the type of the awaited task")?;
    if !lines[0].contains("JoinHandle") {
        return Err(Failure::new(
            "the handle's type name, which names tokio's JoinHandle",
            format!("{:?}", lines[0]),
            "print std::any::type_name_of_val(&task) for the task_wait_random(5) handle",
        ));
    }
    saw("the type of a tokio JoinHandle")
}

fn grade_task_wait_n(lines: &[&str]) -> Verdict {
    line_count(lines, 1, "task_wait_n(5, 6)")?;
    bounded_ascending(&python_list(lines[0])?, 5, 6.0, "task_wait_n(5, 6)")?;
    saw("five ascending delays within [0, 6] in Python's format")
}

/// Runs `crate_name`'s program on the real clock, as the course runs it, and grades what it
/// printed as its run on the paused clock is graded.
pub(super) fn real_time(subject: &Subject, settings: &Settings, crate_name: &str) -> Verdict {
    let binary = binary(subject, crate_name)?;
    let start = Instant::now();
    // Within the check's own limit, a minute: `0-main` waits up to 30 s.
    let output = run(&binary, settings.seed, false, Duration::from_secs(55))?;
    grade_results(crate_name, &output, grade_of(crate_name)).map(|evidence| {
        format!(
            "ran {:.1} s on the real clock: {evidence}",
            start.elapsed().as_secs_f64()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_programs_own_output_formats_pass() {
        assert!(grade_basic_async_syntax(&["9.034261504534394", "1.62", "10.63"]).is_ok());
        let zeros = format!("[{}]", ["0.0"; 10].join(", "));
        let lists = [
            "[0.96, 1.02, 1.79, 3.64, 4.5]",
            "[0.07, 1.5, 3.3, 3.7, 3.77, 4.7, 5.5, 5.75, 6.1, 6.8]",
        ];
        assert!(grade_concurrent_coroutines(&[lists[0], lists[1], &zeros]).is_ok());
        assert!(grade_measure_runtime(&["1.759705400466919"]).is_ok());
        assert!(grade_tasks(&["tokio::runtime::task::join::JoinHandle<f64>"]).is_ok());
        assert!(grade_task_wait_n(&["[0.22, 1.19, 1.84, 2.14, 4.0]"]).is_ok());
    }

    #[test]
    fn only_result_lines_are_graded_and_debug_lines_are_set_aside() {
        let output = "debug: waiting 4.5 s\n4.5\ndebug: waiting 3 s\n3.0\n9\n";
        assert_eq!(
            results("basic_async_syntax", output),
            (
                vec!["4.5", "3.0", "9"],
                vec!["debug: waiting 4.5 s", "debug: waiting 3 s"]
            )
        );
        let lists = "debug: [x]\n[0.5, 1.0]\n0.5, 1.0\n";
        assert_eq!(
            results("task_wait_n", lists).0,
            ["debug: [x]", "[0.5, 1.0]", "0.5, 1.0"][1..]
        );
        let type_name = "debug: waiting\ntokio::runtime::task::join::JoinHandle<f64>\n";
        assert_eq!(
            results("tasks", type_name).0,
            ["tokio::runtime::task::join::JoinHandle<f64>"]
        );
    }

    #[test]
    fn a_time_may_move_by_the_clocks_noise_and_nothing_else_may() {
        assert!(same_results(&["1.7597"], &["1.7601"]));
        assert!(!same_results(&["1.7597"], &["1.9"]));
        assert!(!same_results(&["[0.5, 1.0]"], &["[0.5, 1.1]"]));
        assert!(!same_results(&["1.0"], &["1.0", "2.0"]));
    }

    #[test]
    fn a_list_out_of_order_is_said_to_be_out_of_order_at_its_pair() {
        let failure = grade_task_wait_n(&["[0.22, 1.19, 2.14, 1.84, 4.0]"]).unwrap_err();
        assert!(
            failure
                .actual
                .starts_with("out of order at delays[2]: 2.14 before delays[3] = 1.84"),
            "{failure}"
        );
        assert!(failure.hint.contains("as its wait finishes"), "{failure}");
        assert!(!failure.hint.contains("print the result"), "{failure}");
        // Within a tick is not out of order, as the grade's own check.
        assert!(grade_task_wait_n(&["[0.22, 1.1905, 1.19, 1.84, 4.0]"]).is_ok());
        let short = grade_task_wait_n(&["[0.22, 1.19]"]).unwrap_err();
        assert!(short.actual.starts_with("2 delays"), "{short}");
        let beyond = grade_task_wait_n(&["[0.22, 1.19, 1.84, 2.14, 6.5]"]).unwrap_err();
        assert!(
            beyond.actual.starts_with("6.5 is not within [0, 6]"),
            "{beyond}"
        );
    }

    #[test]
    fn outputs_that_break_the_format_or_the_bounds_fail() {
        let zeros = format!("[{}]", ["0"; 10].join(", "));
        let five = "[0.96, 1.02, 1.79, 3.64, 4.5]";
        let ten = "[0.07, 1.5, 3.3, 3.7, 3.77, 4.7, 5.5, 5.75, 6.1, 6.8]";
        for broken in [
            grade_basic_async_syntax(&["9.03", "1.62"]),
            grade_basic_async_syntax(&["9.03", "5.62", "10.63"]),
            grade_basic_async_syntax(&["9", "1.62", "10.63"]),
            grade_concurrent_coroutines(&[five, ten, &zeros]),
            grade_concurrent_coroutines(&["[1.02, 0.96, 1.79, 3.64, 4.5]", ten, ten]),
            grade_measure_runtime(&["8.8"]),
            grade_tasks(&["<class '_asyncio.Task'>"]),
            grade_task_wait_n(&["0.22, 1.19, 1.84, 2.14, 4.0"]),
            grade_task_wait_n(&["[0.22, 1.19, 1.84, 2.14, 6.5]"]),
        ] {
            assert!(broken.is_err());
        }
    }
}
