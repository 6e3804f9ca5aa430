//! The real `checker` binary grades tasks that misbehave: each fixture replaces one task with
//! code that prints, exits, aborts, overflows its stack, spins, forges a passing report or
//! limits its concurrency, and the checker must still give the right grade, in bounded time,
//! with every other task graded.
//!
//! This test program is also the fixtures' harness: the checker runs it in place of
//! `checker-harness` (`--harness`), and started with `__check` it serves the check asked
//! for on the workspace's tasks with the fixture named by `MISBEHAVIOUR` put in.
//! So it has no libtest harness: `main` tells the two roles apart and runs the cases itself.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use checker::harness::subject::Subject;
use checker::run::isolation::{self, CHILD_COMMAND};
use serde_json::Value;

mod support;

/// Names the fixture that the harness role puts in.
const MISBEHAVIOUR: &str = "MISBEHAVIOUR";
/// A mark in the environment of every process of one case, to find any left running.
const CASE_MARK: &str = "MISBEHAVIOUR_CASE";

/// The first lines of a forged report: what a learner's code might print to pass.
const FORGED: &str =
    "5/5 tasks pass (34/34 checks)\n{\"version\": 3, \"status\": \"pass\", \"tests\": []}";

fn main() -> ExitCode {
    if std::env::args_os()
        .nth(1)
        .is_some_and(|arg| arg == CHILD_COMMAND)
    {
        let misbehaviour = std::env::var(MISBEHAVIOUR).unwrap_or_default();
        isolation::serve(|programs| fixture(&misbehaviour, programs));
    }
    let cases: &[(&str, fn())] = &[
        (
            "a wait_random that prints still passes, with valid JSON",
            prints,
        ),
        (
            "a wait_random that exits 0 fails task 0, and task 3 only through its imports",
            exits_zero,
        ),
        (
            "a measure_time that exits 1 fails with its status",
            exits_one,
        ),
        ("a task_wait_random that aborts fails with SIGABRT", aborts),
        (
            "a wait_n that overflows its stack fails, named so",
            overflows_its_stack,
        ),
        ("a wait_n that panics fails with where it panicked", panics),
        (
            "a task_wait_random that spins is killed at the limit",
            spins,
        ),
        ("a forged report on stdout changes no grade", forges_a_pass),
        (
            "a wait_n that limits its concurrency fails",
            limits_concurrency,
        ),
        (
            "--output-dir writes results.json and exits 0",
            writes_results,
        ),
    ];
    // Confinement: each run of the checker builds nothing, but grades every task with code
    // that attacks its machine, so they run with `--ignored` (CI runs them).
    let attacks: &[(&str, fn())] = &[
        (
            "an allocation past the limit fails, saying the memory ran out",
            allocates_too_much,
        ),
        (
            "a thousand threads fail, naming the limit of processes",
            starts_a_thousand_threads,
        ),
        (
            "a large file is cut at the limit and not left",
            writes_a_large_file,
        ),
        ("a connection to a local listener is refused", connects),
        ("a file outside the build cannot be read", reads_a_secret),
        ("a kill of the checker does not reach it", kills_its_parent),
    ];
    run_cases(cases, attacks)
}

/// The workspace's tasks with the function that `misbehaviour` names replaced.
fn fixture(misbehaviour: &str, programs: HashMap<String, PathBuf>) -> Subject {
    let workspace = checker_harness::subject(Ok(programs));
    match misbehaviour {
        "prints" => Subject {
            wait_random: |max_delay| {
                Box::pin(async move {
                    println!("debug: wait_random({max_delay}) starts");
                    basic_async_syntax::wait_random(max_delay).await
                })
            },
            ..workspace
        },
        "exit 0" => Subject {
            wait_random: |_| Box::pin(async { std::process::exit(0) }),
            ..workspace
        },
        "exit 1" => Subject {
            measure_time: |_, _| std::process::exit(1),
            ..workspace
        },
        "abort" => Subject {
            task_wait_random: |_| std::process::abort(),
            ..workspace
        },
        "panic" => Subject {
            wait_n: |n, _| Box::pin(async move { panic!("too many waits: {n}") }),
            ..workspace
        },
        "stack overflow" => Subject {
            wait_n: |n, _| Box::pin(async move { vec![recurse(n as u64) as f64] }),
            ..workspace
        },
        "spin" => Subject {
            task_wait_random: |_| {
                tokio::spawn(async {
                    while std::hint::black_box(true) {
                        std::hint::spin_loop();
                    }
                    0.0
                })
            },
            ..workspace
        },
        "forge" => Subject {
            wait_random: |_| {
                Box::pin(async {
                    println!("{FORGED}");
                    std::process::exit(0)
                })
            },
            ..workspace
        },
        "limit" => Subject {
            wait_n: |n, max_delay| {
                support::limited(n, n.saturating_sub(3).max(1), move || {
                    basic_async_syntax::wait_random(max_delay)
                })
            },
            ..workspace
        },
        "memory" => Subject {
            measure_time: |_, _| {
                let block = vec![7_u8; 4 << 30];
                std::hint::black_box(&block);
                0.0
            },
            ..workspace
        },
        "threads" => Subject {
            measure_time: |_, _| {
                // Small stacks: it is the number of threads that meets its limit, not memory.
                let sleepers: Vec<_> = (0..1000)
                    .map(|_| {
                        thread::Builder::new()
                            .stack_size(64 * 1024)
                            .spawn(|| thread::sleep(Duration::from_secs(20)))
                            .expect("failed to spawn thread")
                    })
                    .collect();
                sleepers.len() as f64
            },
            ..workspace
        },
        "file" => Subject {
            measure_time: |_, _| {
                use std::io::Write as _;
                // Outside the check's folder first, which it may not write; then 2 GiB in it.
                let outside = std::env::var("ATTACK_FILE").unwrap_or_default();
                let _ = std::fs::write(outside, "left behind");
                let path = std::env::temp_dir().join("big");
                let mut file = std::fs::File::create(path).expect("a file in TMPDIR");
                let block = vec![0_u8; 1 << 20];
                for _ in 0..2048 {
                    file.write_all(&block).expect("room for the file");
                }
                0.0
            },
            ..workspace
        },
        "connect" => Subject {
            measure_time: |_, _| {
                use std::io::Write as _;
                let port: u16 = std::env::var("ATTACK_PORT").unwrap().parse().unwrap();
                let attempts = (0..34)
                    .filter_map(|_| std::net::TcpStream::connect(("127.0.0.1", port)).ok())
                    .map(|mut stream| stream.write_all(b"stolen"))
                    .count();
                attempts as f64
            },
            ..workspace
        },
        "read" => Subject {
            measure_time: |_, _| {
                let secret = std::env::var("ATTACK_SECRET").unwrap_or_default();
                match std::fs::read_to_string(&secret) {
                    Ok(text) => panic!("read it: {text}"),
                    Err(error) => panic!("could not read {secret}: {error}"),
                }
            },
            ..workspace
        },
        "kill" => Subject {
            measure_time: |_, _| {
                let parent = std::os::unix::process::parent_id().to_string();
                let killed = Command::new("kill").args(["-9", &parent]).status();
                println!("kill -9 {parent}: {killed:?}");
                0.0
            },
            ..workspace
        },
        _ => workspace,
    }
}

/// Recursion without end: each frame keeps a block of the stack.
#[inline(never)]
fn recurse(depth: u64) -> u64 {
    let frame = std::hint::black_box([depth; 256]);
    if frame[0] == u64::MAX {
        return 0;
    }
    recurse(depth + 1) + frame[1]
}

/// One run of the real checker with `misbehaviour` put in, and how long it took.
struct Run {
    output: Output,
    took: Duration,
}

impl Run {
    fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.output.stdout)
            .unwrap_or_else(|error| panic!("stdout is not JSON ({error}):\n{}", self.stdout()))
    }

    fn status(&self) -> Option<i32> {
        self.output.status.code()
    }
}

/// Runs the checker with `args`, this program as its harness, and `misbehaviour` put in;
/// then asserts that it took a bounded time and left no process of the case running.
fn checker(misbehaviour: &str, args: &[&str]) -> Run {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, Ordering::Relaxed);
    let mark = format!("{}-{run}", std::process::id());
    let harness = std::env::current_exe().expect("this test's own path");
    let start = Instant::now();
    let output = Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(["--seed", "11", "--harness"])
        .arg(&harness)
        .args(args)
        .env(MISBEHAVIOUR, misbehaviour)
        .env(CASE_MARK, &mark)
        .envs(ATTACK_ENV.with(|env| env.borrow().clone()))
        // The checker passes nothing of its environment to a check but what this names: the
        // variables that steer this harness, and the mark that finds what a case left running.
        .env(
            checker::run::confine::PASS_ENV,
            [
                MISBEHAVIOUR,
                CASE_MARK,
                "ATTACK_FILE",
                "ATTACK_PORT",
                "ATTACK_SECRET",
            ]
            .join(","),
        )
        .env_remove("NO_COLOR")
        .output()
        .expect("the checker should start");
    let took = start.elapsed();
    assert!(
        took < Duration::from_secs(60),
        "{misbehaviour}: took {took:?}"
    );
    let left = processes_marked(&mark);
    assert!(
        left.is_empty(),
        "{misbehaviour}: processes left running: {left:?}"
    );
    Run { output, took }
}

/// The processes whose environment holds `mark`.
fn processes_marked(mark: &str) -> Vec<String> {
    let needle = format!("{CASE_MARK}={mark}\0");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().parse::<u32>().is_ok())
        .filter(|entry| {
            std::fs::read(entry.path().join("environ"))
                .is_ok_and(|environ| String::from_utf8_lossy(&environ).contains(&needle))
        })
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect()
}

/// The tests of `results` for course task `task` (its `task_id` is one more).
fn tests_of(results: &Value, task: u64) -> Vec<&Value> {
    results["tests"]
        .as_array()
        .expect("a list of tests")
        .iter()
        .filter(|test| test["task_id"] == task + 1)
        .collect()
}

fn test_named<'a>(results: &'a Value, name: &str) -> &'a Value {
    results["tests"]
        .as_array()
        .and_then(|tests| tests.iter().find(|test| test["name"] == name))
        .unwrap_or_else(|| panic!("no test is called {name:?}: {results:#}"))
}

fn prints() {
    let run = checker("prints", &["--task", "0", "--format", "json"]);
    assert_eq!(run.status(), Some(0), "{}", run.stdout());
    let results = run.json();
    assert_eq!(results["status"], "pass");
    let bounds = test_named(&results, "Task 0: wait_random stays within [0, max_delay]");
    let output = bounds["output"].as_str().expect("its output");
    assert!(
        output.starts_with("debug: wait_random(0) starts\n"),
        "{output}"
    );
    assert_eq!(output.chars().count(), 500, "{output}");
    assert!(output.ends_with(" bytes printed in all"), "{output}");

    let run = checker("prints", &["--task", "0"]);
    assert_eq!(run.status(), Some(0));
    let report = run.stdout();
    assert!(
        report.contains("  ✓ wait_random stays within [0, max_delay]\n"),
        "{report}"
    );
    assert!(!report.contains("debug:"), "{report}");
    // The whole report says how much a passing check printed.
    let run = checker("prints", &["--task", "0", "--further"]);
    let report = run.stdout();
    assert!(
        report.contains("(the code under test printed 400 lines; it is shown when a check fails)"),
        "{report}"
    );
    assert!(!report.contains("debug:"), "{report}");
}

fn exits_zero() {
    let run = checker("exit 0", &["--task", "0", "--format", "json"]);
    assert_eq!(run.status(), Some(1));
    let results = run.json();
    assert_eq!(results["status"], "fail");
    let sleeps = test_named(&results, "Task 0: wait_random sleeps the delay it returns");
    assert_eq!(sleeps["status"], "fail");
    let message = sleeps["message"].as_str().expect("a failure's message");
    assert!(
        message.contains(
            "wait_random ended the process with exit status 0, while the check was calling it"
        ),
        "{message}"
    );
    assert!(message.contains("never exits"), "{message}");
    // The default max_delay calls nothing: it counts only beside a check that calls
    // wait_random and passes, and here one does, 0-main (the test programs are the
    // workspace's own, not the fixture). Were every such check failing, it would fail too,
    // saying the task does not run yet (`credited`, and the starter's grade of 0).
    let main = test_named(&results, "Task 0: 0-main prints three delays");
    assert_eq!(main["status"], "pass");
    assert_eq!(
        test_named(&results, "Task 0: the default max_delay is 10")["status"],
        "pass"
    );
    // A task that imports it is still graded: its own checks pass, and it fails only as it
    // imports task 0 (task 3, whose own checks are the quickest).
    let run = checker("exit 0", &["--task", "3", "--format", "json"]);
    let results = run.json();
    let tests = tests_of(&results, 3);
    assert!(!tests.is_empty(), "task 3 was graded");
    for test in tests {
        let imports = test["name"]
            .as_str()
            .unwrap()
            .ends_with("the tasks it imports pass");
        let expected = if imports { "fail" } else { "pass" };
        assert_eq!(test["status"], expected, "{test:#?}");
    }
}

fn exits_one() {
    let run = checker("exit 1", &["--task", "2"]);
    assert_eq!(run.status(), Some(1));
    let report = run.stdout();
    assert!(
        report.contains("measure_time ended the process with exit status 1"),
        "{report}"
    );
    assert!(
        report.contains("hint:     std::process::exit ends the whole program"),
        "{report}"
    );
    // The short report names that cause, and runs nothing that waits for it: the check of
    // its imports waits too, since whether measure_time runs is not known yet.
    assert!(
        report.contains(
            "  · 2 more run once \"measure_time returns the total time divided by n\" passes\n"
        ) && !report.contains("does not run yet"),
        "{report}"
    );
    // The whole report runs every check: the test program is the workspace's own, and passes.
    let report = checker("exit 1", &["--task", "2", "--further"]).stdout();
    assert!(
        report.contains("  ✓ 2-main prints one time per delay"),
        "{report}"
    );
}

fn aborts() {
    let run = checker("abort", &["--task", "3", "--format", "json"]);
    assert_eq!(run.status(), Some(1));
    let results = run.json();
    let starts = test_named(
        &results,
        "Task 3: task_wait_random starts before it is awaited",
    );
    let message = starts["message"].as_str().expect("a failure's message");
    assert!(
        message.contains("ended the process with signal 6 (SIGABRT)"),
        "{message}"
    );
}

fn overflows_its_stack() {
    let run = checker("stack overflow", &["--task", "1"]);
    assert_eq!(run.status(), Some(1));
    let report = run.stdout();
    assert!(
        report.contains("wait_n ended the process with a stack overflow"),
        "{report}"
    );
    assert!(report.contains("unbounded recursion"), "{report}");
    assert!(
        report.contains("has overflowed its stack"),
        "the captured output shows it:\n{report}"
    );
}

fn panics() {
    let run = checker("panic", &["--task", "1"]);
    assert_eq!(run.status(), Some(1));
    let report = run.stdout();
    let place =
        "actual:   it panicked: too many waits: 100 (at checker/tests/misbehaving_tasks.rs:";
    assert!(report.contains(place), "{report}");
    assert!(
        !report.contains("printed ("),
        "a caught panic prints nothing: {report}"
    );
}

fn spins() {
    let run = checker("spin", &["--task", "3", "--check-limit", "0.3"]);
    assert_eq!(run.status(), Some(1));
    let report = run.stdout();
    assert!(
        report.contains("  ✗ task_wait_random starts before it is awaited"),
        "{report}"
    );
    assert!(report.contains("it was still running"), "{report}");
    assert!(run.took < Duration::from_secs(20), "{:?}", run.took);
}

fn forges_a_pass() {
    let run = checker("forge", &["--task", "0", "--format", "json"]);
    assert_eq!(run.status(), Some(1), "a forged pass is a fail");
    let results = run.json();
    assert_eq!(results["status"], "fail");
    let bounds = test_named(&results, "Task 0: wait_random stays within [0, max_delay]");
    assert_eq!(bounds["status"], "fail");
    assert!(
        bounds["output"]
            .as_str()
            .is_some_and(|output| output.starts_with(FORGED))
    );

    let run = checker("forge", &["--task", "0"]);
    assert_eq!(run.status(), Some(1));
    let report = run.stdout();
    assert!(
        report.trim_end().ends_with("--task 0"),
        "the summary is the checker's:\n{report}"
    );
    assert!(
        report.contains("  │ 5/5 tasks pass (34/34 checks)\n"),
        "shown as printed:\n{report}"
    );
}

fn limits_concurrency() {
    let run = checker("limit", &["--task", "1"]);
    assert_eq!(run.status(), Some(1));
    let report = run.stdout();
    assert!(
        report.contains("  ✗ the waits run concurrently"),
        "{report}"
    );
    assert!(report.contains("more than its largest delay"), "{report}");
}

fn writes_results() {
    let dir = std::env::temp_dir().join(format!("misbehaving-{}", std::process::id()));
    let run = checker(
        "exit 0",
        &["--task", "0", "--output-dir", &dir.to_string_lossy()],
    );
    assert_eq!(
        run.status(),
        Some(0),
        "the runner interface exits 0 whatever the grade"
    );
    let results: Value =
        serde_json::from_slice(&std::fs::read(dir.join("results.json")).expect("results.json"))
            .expect("valid JSON");
    assert_eq!(results["status"], "fail");
    // The file a grader reads has every check run, none cut short as the text report is.
    let tests = results["tests"].as_array().expect("a list of tests");
    assert!(tests.len() >= 6, "{results:#}");
    for test in tests {
        let message = test["message"].as_str().unwrap_or_default();
        assert!(!message.contains("not run: "), "{test:#}");
    }
    std::fs::remove_dir_all(&dir).expect("the folder is removed");

    let unwritable = Path::new("/proc/misbehaving");
    let run = checker(
        "prints",
        &["--task", "0", "--output-dir", &unwritable.to_string_lossy()],
    );
    assert_eq!(
        run.status(),
        Some(3),
        "could not write: {}",
        String::from_utf8_lossy(&run.output.stderr)
    );
}

/// What confinement holds for checks that this program serves, or why a case is skipped.
fn confinement() -> checker::run::confine::Held {
    let harness = std::env::current_exe().expect("this test's own path");
    checker::run::confine::probe(checker::harness::check::Limits::default(), &[harness])
}

/// The full grade with `misbehaviour` in task 2's measure_time, as JSON: task 2's own checks
/// fail; every other task's pass (task 2's tests are returned).
fn attacked(misbehaviour: &str) -> (Run, Vec<Value>) {
    let run = checker(misbehaviour, &["--format", "json"]);
    let results = run.json();
    for task in [0, 1, 3, 4] {
        for test in tests_of(&results, task) {
            assert_eq!(test["status"], "pass", "{misbehaviour}: {test:#}");
        }
    }
    let measured = test_named(
        &results,
        "Task 2: measure_time returns the total time divided by n",
    );
    assert_eq!(measured["status"], "fail", "{misbehaviour}: {measured:#}");
    let task_2 = tests_of(&results, 2).into_iter().cloned().collect();
    (run, task_2)
}

/// The message of task 2's check of measure_time, in `tests`.
fn measured_message(tests: &[Value]) -> String {
    tests
        .iter()
        .find(|test| test["name"] == "Task 2: measure_time returns the total time divided by n")
        .and_then(|test| test["message"].as_str())
        .unwrap_or_default()
        .to_owned()
}

fn allocates_too_much() {
    let (_, tests) = attacked("memory");
    let message = measured_message(&tests);
    assert!(
        message.contains("it ran out of memory (limit 1 GiB)"),
        "{message}"
    );
}

fn starts_a_thousand_threads() {
    let held = confinement();
    if !held.own_user {
        println!("skipped: no user of its own for each check here ({held})");
        return;
    }
    let (_, tests) = attacked("threads");
    let message = measured_message(&tests);
    assert!(
        message.contains("it hit the limit of 512 processes and threads"),
        "{message}"
    );
}

fn writes_a_large_file() {
    let held = confinement();
    let outside = std::env::temp_dir().join(format!("attack-file-{}", std::process::id()));
    let (_, tests) = with_env("ATTACK_FILE", &outside.to_string_lossy(), || {
        attacked("file")
    });
    let message = measured_message(&tests);
    assert!(
        message.contains("SIGXFSZ: it wrote a file past the limit of 64 MiB"),
        "{message}"
    );
    if held.abi.is_some() {
        assert!(
            !outside.exists(),
            "a file was written outside the check's folder"
        );
    } else {
        println!("files outside the check's folder not checked: no Landlock here ({held})");
    }
}

fn connects() {
    let held = confinement();
    if held
        .missing()
        .iter()
        .any(|missing| missing.starts_with("network"))
    {
        println!("skipped: {held}");
        return;
    }
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local listener");
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let (_, tests) = with_env("ATTACK_PORT", &port, || attacked("connect"));
    let message = measured_message(&tests);
    assert!(!message.is_empty(), "{tests:#?}");
    assert!(
        matches!(listener.accept(), Err(error) if error.kind() == std::io::ErrorKind::WouldBlock),
        "the listener saw a connection"
    );
}

fn reads_a_secret() {
    let held = confinement();
    if held.abi.is_none() {
        println!("skipped: no Landlock here ({held})");
        return;
    }
    let secret = std::env::temp_dir().join(format!("attack-secret-{}", std::process::id()));
    std::fs::write(&secret, "TOP-SECRET-ANSWERS").unwrap();
    let (run, _) = with_env("ATTACK_SECRET", &secret.to_string_lossy(), || {
        attacked("read")
    });
    std::fs::remove_file(&secret).unwrap();
    let everything = format!(
        "{}{}",
        run.stdout(),
        String::from_utf8_lossy(&run.output.stderr)
    );
    assert!(!everything.contains("TOP-SECRET"), "{everything}");
    assert!(everything.contains("Permission denied"), "{everything}");
}

fn kills_its_parent() {
    let (run, _) = attacked("kill");
    assert_eq!(run.status(), Some(1), "the checker ran to its end");
}

/// The environment variable `name` set to `value` for the checker runs of `body`: the
/// fixtures read it in the harness, which inherits it.
fn with_env<T>(name: &str, value: &str, body: impl FnOnce() -> T) -> T {
    ATTACK_ENV.with(|env| env.borrow_mut().push((name.to_owned(), value.to_owned())));
    let result = body();
    ATTACK_ENV.with(|env| env.borrow_mut().clear());
    result
}

thread_local! {
    /// What [`with_env`] sets for this thread's checker runs.
    static ATTACK_ENV: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs every case at once (as libtest: with `--ignored`, only the `ignored` ones), prints a
/// line per case and a closing count, and fails if one did.
fn run_cases(cases: &[(&str, fn())], ignored: &[(&str, fn())]) -> ExitCode {
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let only_ignored = std::env::args().any(|arg| arg == "--ignored");
    let (run, skipped) = if only_ignored {
        (ignored, cases)
    } else {
        (cases, ignored)
    };
    let selected: Vec<_> = run
        .iter()
        .filter(|(name, _)| {
            filter
                .as_ref()
                .is_none_or(|filter| name.contains(filter.as_str()))
        })
        .collect();
    println!("\nrunning {} tests", selected.len());
    let results: Vec<(&str, thread::Result<()>)> = thread::scope(|scope| {
        let running: Vec<_> = selected
            .iter()
            .map(|(name, case)| (*name, scope.spawn(case)))
            .collect();
        running
            .into_iter()
            .map(|(name, handle)| (name, handle.join()))
            .collect()
    });
    let failed = results.iter().filter(|(_, result)| result.is_err()).count();
    for (name, result) in &results {
        println!(
            "test {name} ... {}",
            if result.is_ok() { "ok" } else { "FAILED" }
        );
    }
    println!(
        "\n{} passed, {failed} failed, {} ignored",
        results.len() - failed,
        skipped.len()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
