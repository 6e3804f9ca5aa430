//! `checker new DIR` writes a starter with no solution in it, and `checker grade PATH` grades
//! it: every task fails until the reference's task code is put back, and then every check
//! passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use checker::harness::checks::{TASKS, Task};
use serde_json::Value;

/// The reference workspace: this one.
fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn checker(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(args)
        .output()
        .expect("the checker should start")
}

/// A new folder for a starter, removed first if an earlier run left it.
fn fresh(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("starter-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn new_starter(dir: &Path) {
    let output = checker(&["new", &dir.to_string_lossy()]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every `.rs` file below `dir`.
fn sources(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() && entry.file_name() != ".git" && entry.file_name() != "target" {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
    found
}

#[test]
fn a_starter_keeps_the_contract_and_leaves_out_every_solution() {
    let dir = fresh("contract");
    new_starter(&dir);
    for Task {
        crate_name,
        function,
        ..
    } in TASKS
    {
        let lib = std::fs::read_to_string(dir.join(crate_name).join("src/lib.rs")).unwrap();
        assert!(lib.contains("todo!(\"task "), "{crate_name}: {lib}");
        assert!(
            lib.contains("# Examples") && lib.contains(&format!("fn {function}(")),
            "{crate_name}: the contract"
        );
        assert!(
            lib.contains("The Python original"),
            "{crate_name}: the lesson"
        );
        // The hint ladder that the watch mode reads comes along, as written here.
        let hints = std::fs::read_to_string(dir.join(crate_name).join("hints.md"));
        let written = std::fs::read_to_string(reference().join(crate_name).join("hints.md"));
        assert_eq!(hints.ok(), written.ok(), "{crate_name}: the hint ladder");
        let reference =
            std::fs::read_to_string(reference().join(crate_name).join("src/main.rs")).unwrap();
        let main = std::fs::read_to_string(dir.join(crate_name).join("src/main.rs")).unwrap();
        assert_eq!(main, reference, "{crate_name}: the test program");
    }
    let task_sources = TASKS
        .iter()
        .flat_map(|task| sources(&dir.join(task.crate_name)));
    for source in task_sources {
        let text = std::fs::read_to_string(&source).unwrap();
        assert!(
            !text.contains("region: solution"),
            "{} keeps a solution region",
            source.display()
        );
        assert!(
            !text.contains("in_completion_order"),
            "{} names the reference's helper",
            source.display()
        );
    }
    assert!(
        dir.join("checker/src/main.rs").is_file(),
        "the checker comes along"
    );
    let tests: Vec<String> = std::fs::read_dir(dir.join("checker/tests"))
        .unwrap()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        tests,
        ["grade.rs"],
        "cargo test in a starter is the grade alone"
    );
    for crate_name in TASKS.map(|task| task.crate_name) {
        assert!(
            !dir.join(crate_name).join("tests").exists(),
            "{crate_name}: the reference's own tests stay with it"
        );
    }
    let manifest = std::fs::read_to_string(dir.join("checker/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\ntest = false\ndoctest = false\n")
            && !manifest.contains("misbehaving_tasks")
            && !manifest.contains("region"),
        "{manifest}"
    );
    let task_wait_n = std::fs::read_to_string(dir.join("task_wait_n/Cargo.toml")).unwrap();
    assert!(
        task_wait_n.contains("futures-util.workspace = true")
            && !task_wait_n.contains("concurrent_coroutines"),
        "task 4 imports task 3, as in the course: {task_wait_n}"
    );
    let readme = std::fs::read_to_string(dir.join("README.md")).unwrap();
    assert!(
        readme.contains("cargo run -p checker -- --watch ")
            && readme.contains("| `x` | put this task's function back"),
        "the watch mode and its keys: {readme}"
    );
    // The marker records each task's function as the starter wrote it, for a reset.
    let marker: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".checker/starter.json")).unwrap())
            .unwrap();
    for task in TASKS {
        let recorded = marker["functions"][task.crate_name]
            .as_str()
            .unwrap_or_default();
        let lib = std::fs::read_to_string(dir.join(task.crate_name).join("src/lib.rs")).unwrap();
        assert!(
            recorded.contains(&format!("fn {}(", task.function))
                && recorded.contains("todo!(")
                && lib.contains(recorded),
            "{}: {recorded}",
            task.crate_name
        );
    }
    let log = Command::new("git")
        .args(["log", "--oneline"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&log.stdout).lines().count(),
        1,
        "one initial commit"
    );
    let status = Command::new("git")
        .args(["status", "--porcelain"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        status.stdout.is_empty(),
        "everything is committed: {}",
        String::from_utf8_lossy(&status.stdout)
    );

    let again = checker(&["new", &dir.to_string_lossy()]);
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_task_code_that_the_lessons_cite_is_on_the_same_lines_in_the_starter() {
    // The lessons cite lines of the reference's task code (`sleeps at
    // basic_async_syntax/src/lib.rs:206`, wait_random's sleep): a learner who writes the same
    // body in the starter must find them true, so no solution region may be left out above
    // a cited task's function.
    let dir = fresh("lines");
    new_starter(&dir);
    let mut cited = Vec::new();
    for task in TASKS {
        let lesson = std::fs::read_to_string(dir.join(task.crate_name).join("src/lib.rs")).unwrap();
        for line in lesson.lines() {
            if let Some(place) = line.strip_prefix("//! sleeps at ") {
                let files = place.split(", ").filter_map(|place| place.split_once(':'));
                cited.extend(files.map(|(file, _)| file.to_owned()));
            }
        }
    }
    assert!(!cited.is_empty(), "the lessons cite no line of task code");
    for file in &cited {
        let Some(task) = TASKS
            .iter()
            .find(|task| *file == format!("{}/src/lib.rs", task.crate_name))
        else {
            continue;
        };
        let signature = format!(" fn {}(", task.function);
        // The item itself, not the lesson's mention of it.
        let line_of = |text: &str| {
            text.lines()
                .position(|line| line.starts_with("pub ") && line.contains(&signature))
        };
        let here = line_of(&std::fs::read_to_string(reference().join(file)).unwrap());
        let there = line_of(&std::fs::read_to_string(dir.join(file)).unwrap());
        assert!(here.is_some(), "{file} has no fn {}", task.function);
        assert_eq!(
            here.map(|at| at + 1),
            there.map(|at| at + 1),
            "{file}: the line of fn {} here, and in the starter",
            task.function
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_starters_first_cargo_command_leaves_its_lock_as_it_is() {
    // Resolving the workspace is what every build does first: were the lock to list a
    // dependency that a manifest no longer declares, cargo would rewrite it here, and the
    // learner's `git diff` would show an edit they never made.
    let dir = fresh("lock");
    new_starter(&dir);
    let lock = std::fs::read(dir.join("Cargo.lock")).unwrap();
    // For this machine's platform: offline, the other platforms' packages (Windows's) are
    // not there to read, and the lock is resolved, and checked, all the same.
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(rustc).arg("-vV").output().unwrap();
    let host = String::from_utf8_lossy(&version.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host");
    let metadata = Command::new(env!("CARGO"))
        .args(["metadata", "--offline", "--format-version", "1"])
        .args(["--filter-platform", &host])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert!(
        metadata.status.success(),
        "{}",
        String::from_utf8_lossy(&metadata.stderr)
    );
    let after = std::fs::read(dir.join("Cargo.lock")).unwrap();
    assert!(
        lock == after,
        "cargo metadata rewrote the starter's Cargo.lock:\n{}",
        String::from_utf8_lossy(
            &Command::new("git")
                .args(["diff", "--", "Cargo.lock"])
                .current_dir(&dir)
                .output()
                .unwrap()
                .stdout
        )
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Grading builds the starter in a target folder of its own (the first time, tokio and the
/// other dependencies too, for about a minute), so CI runs it with `--ignored`.
#[test]
fn a_classroom_template_names_no_folder_of_the_teachers_machine() {
    let dir = fresh("template");
    let policy = dir.with_extension("grading.json");
    std::fs::write(&policy, r#"{"points": [10, 10, 20, 30, 30]}"#).unwrap();
    let dir_text = dir.to_string_lossy().into_owned();
    let made = checker(&[
        "new",
        &dir_text,
        "--checker-git",
        "https://example.org/teacher/grader.git",
        "--checker-rev",
        "0123abc",
        "--grading",
        &policy.to_string_lossy(),
    ]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let teachers = reference().canonicalize().unwrap();
    let teachers = teachers.to_string_lossy();
    for file in sources(&dir) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        assert!(
            !text.contains(&*teachers),
            "{} names the teacher's {teachers}",
            file.display()
        );
    }
    let marker: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join(".checker/starter.json")).unwrap())
            .unwrap();
    assert_eq!(marker["reference"], Value::Null);
    let workflow = std::fs::read_to_string(dir.join(".github/workflows/classroom.yml")).unwrap();
    assert!(workflow.contains("uses: actions/cache@v4"), "{workflow}");
    assert_eq!(workflow.matches("max-score: 30\n").count(), 2, "{workflow}");
    // A policy that Classroom cannot carry is refused, naming why, and nothing is written.
    let refused_dir = fresh("template-per-check");
    std::fs::write(&policy, r#"{"credit": "check"}"#).unwrap();
    let refused = checker(&[
        "new",
        &refused_dir.to_string_lossy(),
        "--checker-git",
        "https://example.org/teacher/grader.git",
        "--checker-rev",
        "0123abc",
        "--grading",
        &policy.to_string_lossy(),
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("cannot carry"));
    assert!(!refused_dir.exists());
    // A policy file that is no policy is a usage error naming the file.
    std::fs::write(&policy, r#"{"points": 5}"#).unwrap();
    let bad = checker(&["grade", &dir_text, "--grading", &policy.to_string_lossy()]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("\"points\" is a list of five numbers"));
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_file(&policy).unwrap();
}

#[test]
#[ignore = "builds a starter workspace from scratch: CI runs it with --ignored"]
fn a_starter_fails_every_task_until_the_reference_code_is_put_back() {
    let dir = fresh("graded");
    new_starter(&dir);
    let grade = |dir: &Path| -> Value {
        let output = checker(&[
            "grade",
            &dir.to_string_lossy(),
            "--seed",
            "7",
            "--format",
            "json",
        ]);
        serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "JSON ({error}): {}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
    };
    let results = grade(&dir);
    assert_eq!(results["status"], "fail", "{results:#}");
    for task_id in 1..=5 {
        let failing = results["tests"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|test| test["task_id"] == task_id && test["status"] == "fail")
            .count();
        assert!(
            failing > 0,
            "task_id {task_id} fails in the starter: {results:#}"
        );
    }
    let message = results["tests"][0]["message"].as_str().unwrap();
    assert!(message.contains("replace the todo!()"), "{message}");

    for crate_name in TASKS.map(|task| task.crate_name) {
        // The reference's code, and the manifest it needs (task_wait_n shares wait_n's
        // ordering, so it depends on concurrent_coroutines where the course does not).
        for file in ["src/lib.rs", "Cargo.toml"] {
            let file = Path::new(crate_name).join(file);
            std::fs::copy(reference().join(&file), dir.join(&file)).unwrap();
        }
    }
    let results = grade(&dir);
    let failures: Vec<&Value> = results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|test| test["status"] != "pass")
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    assert_eq!(results["status"], "pass");
    std::fs::remove_dir_all(&dir).unwrap();
}
