//! Solutions written the way learners write them, independently of the reference, graded
//! through the real `checker grade` as a class: every correct one passes every task, and
//! every typical mistake of the Python course fails its own task (and those that import it)
//! with a message that names the cause, while the tasks that do not import it pass; the
//! class's table, `grades.csv` and each `results.json` agree. Each submission gets the grade
//! of its own code: A, then B, then A again; two workspaces under one `CARGO_TARGET_DIR`; an
//! installed checker, from a folder of its own.
//!
//! A fixture is a folder of `checker/tests/learners/`:
//!
//! - `<crate>.rs`: what the learner wrote in place of the starter's `todo!()` function (its
//!   `use` lines and helpers included), spliced into the starter's `src/lib.rs`;
//! - `<crate>.deps`: lines the learner added under the crate's `[dependencies]`;
//! - `<crate>.build.rs`: a build script the learner added to the crate;
//! - `expect.json`: `about` (what the learner wrote), `base` (the correct fixture that gives
//!   the crates this one does not write), `fail` (the tasks that must fail, each with its
//!   cause in words), `hints` (for each failing task, words its message must contain) and
//!   `timelines` (for a timed check, the shape its timeline must have: `together`, `in turn`
//!   or `at most K at a time`, and the file whose `sleep(` the waits must be named by).
//!
//! Grading builds each fixture from scratch, so CI runs this with `--ignored`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use checker::harness::checks::TASKS;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/learners")
}

/// Held by each test while it grades: they build and grade at once otherwise, and a machine
/// loaded by several builds is no measure of a class's grading.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Waits for the other tests of this file to end.
fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn checker(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the checker should start")
}

fn expectation(name: &str) -> Value {
    let path = fixtures().join(name).join("expect.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// The file `file_name` of fixture `name`, or of its base, and the base's, and so on.
fn written(name: &str, file_name: &str) -> Option<String> {
    let own = fixtures().join(name).join(file_name);
    if let Ok(text) = std::fs::read_to_string(own) {
        return Some(text);
    }
    expectation(name)["base"]
        .as_str()
        .and_then(|base| written(base, file_name))
}

/// `lib` (a starter's `src/lib.rs`) with its `todo!()` function replaced by `code`.
fn spliced(lib: &str, code: &str) -> String {
    let lines: Vec<&str> = lib.lines().collect();
    let todo = lines
        .iter()
        .position(|line| line.trim_start().starts_with("todo!(\"task "))
        .expect("a starter's task has a todo!()");
    let start = (0..todo)
        .rev()
        .find(|&index| lines[index].starts_with("pub "))
        .expect("the todo!() is in a pub fn");
    let end = (todo..lines.len())
        .find(|&index| lines[index] == "}")
        .expect("the function ends with a } alone on a line");
    let mut result: Vec<&str> = lines[..start].to_vec();
    result.extend(code.lines());
    result.extend(&lines[end + 1..]);
    result.join("\n") + "\n"
}

/// Copies `from` to `to`, everything but `.git` and `target`.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let name = entry.file_name();
        if name == ".git" || name == "target" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// A starter with fixture `name`'s code in it, at `dir`.
fn workspace(starter: &Path, name: &str, dir: &Path) {
    copy_tree(starter, dir);
    for crate_name in TASKS.map(|task| task.crate_name) {
        let lib_path = dir.join(crate_name).join("src/lib.rs");
        let code = written(name, &format!("{crate_name}.rs"))
            .unwrap_or_else(|| panic!("{name} writes no {crate_name}, nor does its base"));
        let lib = std::fs::read_to_string(&lib_path).unwrap();
        std::fs::write(&lib_path, spliced(&lib, &code)).unwrap();
        if let Ok(script) =
            std::fs::read(fixtures().join(name).join(format!("{crate_name}.build.rs")))
        {
            std::fs::write(dir.join(crate_name).join("build.rs"), script).unwrap();
        }
        if let Some(deps) = written(name, &format!("{crate_name}.deps")) {
            let manifest_path = dir.join(crate_name).join("Cargo.toml");
            let manifest = std::fs::read_to_string(&manifest_path).unwrap();
            // A dependency the starter already gives is not added twice.
            let new: Vec<&str> = deps
                .lines()
                .filter(|line| {
                    let key = line.split(['.', '=', ' ']).next().unwrap_or_default();
                    !manifest
                        .lines()
                        .any(|known| known.starts_with(&format!("{key}.")))
                })
                .collect();
            let manifest = manifest.replacen(
                "[dependencies]\n",
                &format!("[dependencies]\n{}\n", new.join("\n")),
                1,
            );
            std::fs::write(&manifest_path, manifest).unwrap();
        }
    }
}

/// A new scratch folder named after `name`, with a fresh starter in it.
fn scratch_with_starter(name: &str) -> (PathBuf, PathBuf) {
    let scratch = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    let starter = scratch.join("starter");
    let made = checker(&["new", &starter.to_string_lossy()]);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    (scratch, starter)
}

/// Each task's tests in `results`: passing or not, and their messages.
fn by_task(results: &Value) -> BTreeMap<u8, (bool, String)> {
    let mut tasks: BTreeMap<u8, (bool, String)> =
        (0..5).map(|task| (task, (true, String::new()))).collect();
    if results["status"] == "error" {
        for (passes, messages) in tasks.values_mut() {
            *passes = false;
            messages.push_str(results["message"].as_str().unwrap_or_default());
        }
        return tasks;
    }
    for test in results["tests"].as_array().into_iter().flatten() {
        let task = (test["task_id"].as_u64().unwrap() - 1) as u8;
        let entry = tasks.get_mut(&task).unwrap();
        if test["status"] != "pass" {
            entry.0 = false;
            entry
                .1
                .push_str(test["message"].as_str().unwrap_or_default());
            entry.1.push('\n');
        }
    }
    tasks
}

/// The cells of `grades.csv`, by submission: its five task cells and its status.
fn grades_csv(text: &str) -> BTreeMap<String, (Vec<String>, String)> {
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "submission,task_0,task_1,task_2,task_3,task_4,checks_passed,checks_total,points,\
             points_total,status"
        )
    );
    lines
        .map(|line| {
            // The status, last, may be quoted and hold commas; the fields before it do not.
            let fields: Vec<&str> = line.splitn(11, ',').collect();
            let cells = fields[1..6].iter().map(|cell| (*cell).to_owned()).collect();
            (
                fields[0].to_owned(),
                (cells, fields[10].trim_matches('"').to_owned()),
            )
        })
        .collect()
}

/// The marks of the class's table row of `submission`: ✓, ✗ or ! for each task.
fn table_marks(table: &str, submission: &str) -> Vec<String> {
    let row = table
        .lines()
        .find(|line| line.split_whitespace().next() == Some(submission))
        .unwrap_or_else(|| panic!("no row for {submission} in:\n{table}"));
    row.split_whitespace()
        .skip(1)
        .take(5)
        .map(str::to_owned)
        .collect()
}

#[test]
#[ignore = "grades every fixture from scratch (minutes): CI runs it with --ignored"]
fn a_class_of_learner_solutions_each_gets_the_grade_of_its_own_code() {
    let _alone = one_at_a_time();
    let (scratch, starter) = scratch_with_starter("learners");
    let mut names: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .flatten()
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    if let Ok(only) = std::env::var("LEARNERS") {
        names.retain(|name| only.split(',').any(|wanted| wanted == name));
    }
    let class = scratch.join("class");
    for name in &names {
        workspace(&starter, name, &class.join(name));
    }
    // A folder with nothing to grade: a result that says so, the others graded.
    let stray = class.join("not_a_workspace");
    std::fs::create_dir_all(&stray).unwrap();
    std::fs::write(stray.join("notes.txt"), "my answers").unwrap();
    let out = scratch.join("out");
    let mut args = vec!["grade".to_owned()];
    args.extend(
        names
            .iter()
            .chain(["not_a_workspace".to_owned()].iter())
            .map(|name| class.join(name).to_string_lossy().into_owned()),
    );
    // --timeline: the rows of the passing checks' timelines too, which the shapes below read.
    args.extend(["--seed", "7", "--jobs", "2", "--timeline", "--output-dir"].map(str::to_owned));
    args.push(out.to_string_lossy().into_owned());
    let output = checker(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let table = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(0),
        "with --output-dir, 0 once every file is written, whatever the grades:\n{table}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = grades_csv(&std::fs::read_to_string(out.join("grades.csv")).unwrap());
    let mut wrong = Vec::new();
    for name in &names {
        let expected = expectation(name);
        let results: Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(name).join("results.json")).unwrap(),
        )
        .unwrap_or_else(|error| panic!("{name}: results.json is no JSON: {error}"));
        // Each row is named by its folder.
        let (cells, status) = &csv[name];
        assert_eq!(status, "graded", "{name}");
        // What the student reads replays the grade in their own workspace.
        let text = results.to_string();
        for (at, _) in text.match_indices("reproduce: ") {
            let command = &text[at..];
            assert!(
                command.starts_with("reproduce: cargo run -p checker -- --seed 7"),
                "{name}: {}",
                &command[..command.len().min(120)]
            );
        }
        for spec in expected["timelines"].as_array().into_iter().flatten() {
            wrong.extend(timeline_problems(name, spec, &results, &class.join(name)));
        }
        let marks = table_marks(&table, name);
        for (task, (passes, messages)) in by_task(&results) {
            let key = task.to_string();
            let (cell, mark) = (&cells[usize::from(task)], &marks[usize::from(task)]);
            let agree = if passes {
                cell == "pass" && mark == "✓"
            } else {
                (cell == "fail" && mark == "✗") || (cell == "error" && mark == "!")
            };
            if !agree {
                wrong.push(format!(
                    "{name}: task {task}: results.json says {}, grades.csv {cell}, the table {mark}",
                    if passes { "pass" } else { "fail" }
                ));
            }
            let should_fail = expected["fail"].get(&key).is_some();
            if passes == should_fail {
                let verb = if passes { "passes" } else { "fails" };
                wrong.push(format!(
                    "{name}: task {task} {verb}, expected otherwise ({}):\n{messages}",
                    expected["fail"][&key].as_str().unwrap_or("a correct task")
                ));
                continue;
            }
            for hint in expected["hints"][&key].as_array().into_iter().flatten() {
                let hint = hint.as_str().unwrap();
                if !messages.contains(hint) {
                    wrong.push(format!(
                        "{name}: task {task} fails, but its message does not say {hint:?}:\n{messages}"
                    ));
                }
            }
        }
    }
    let (cells, status) = &csv["not_a_workspace"];
    assert!(cells.iter().all(|cell| cell == "error"), "{cells:?}");
    assert!(
        status.contains("nothing to grade in") && status.ends_with("it holds notes.txt"),
        "{status}"
    );
    assert!(table.contains("nothing to grade in"), "{table}");
    let stray_results = std::fs::read_to_string(out.join("not_a_workspace/results.json")).unwrap();
    assert!(
        stray_results.contains("\"status\": \"error\""),
        "{stray_results}"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
    std::fs::remove_dir_all(&scratch).unwrap();
}

/// What is wrong with the timeline that `results` carries for the check `spec["check"]`, by
/// its rows: their shape (`spec["shape"]`), and the learner's `sleep(` they are named by.
fn timeline_problems(name: &str, spec: &Value, results: &Value, submission: &Path) -> Vec<String> {
    let check = spec["check"].as_str().unwrap();
    let Some(timeline) = results["tests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|test| test["name"] == check)
        .map(|test| &test["timeline"])
        .filter(|timeline| !timeline.is_null())
    else {
        return vec![format!("{name}: {check} carries no timeline")];
    };
    let ms = |wait: &Value, key: &str| wait[key].as_f64().unwrap_or(f64::NAN);
    let waits = timeline["waits"].as_array().unwrap();
    let mut problems = Vec::new();
    let mut wrong = |what: String| problems.push(format!("{name}: {check}: {what}"));
    if waits.len() != 100 || timeline["omitted"] != 0 {
        wrong(format!(
            "{} waits kept, {} left out, not 100 and 0",
            waits.len(),
            timeline["omitted"]
        ));
    }
    let starts: Vec<f64> = waits.iter().map(|wait| ms(wait, "started_ms")).collect();
    let ends: Vec<f64> = waits.iter().map(|wait| ms(wait, "ended_ms")).collect();
    // Every wait ran to its deadline (to tokio's 1 ms tick).
    for wait in waits {
        let (deadline, ended) = (ms(wait, "deadline_ms"), ms(wait, "ended_ms"));
        if wait["end"] != "elapsed" || (deadline - ended).abs() > 1.0 {
            wrong(format!("wait {wait} did not end at its deadline"));
        }
    }
    let started_at_once = starts.iter().filter(|&&start| start == 0.0).count();
    let took = ms(timeline, "took_ms");
    let last_end = ends.iter().copied().fold(0.0, f64::max);
    if (took - last_end).abs() > 1.0 {
        wrong(format!(
            "the call took {took} ms, its last wait ended at {last_end} ms"
        ));
    }
    match spec["shape"].as_str().unwrap() {
        "together" => {
            if started_at_once != waits.len() || timeline["at_once"] != waits.len() {
                wrong(format!(
                    "{started_at_once} waits started at 0, not all: {starts:?}"
                ));
            }
        }
        "in turn" => {
            let follows = (1..waits.len()).all(|i| (starts[i] - ends[i - 1]).abs() <= 1.0);
            if starts[0] != 0.0 || !follows || timeline["at_once"] != 1 {
                wrong(format!(
                    "the waits did not start each where the last ended: {starts:?}"
                ));
            }
        }
        shape => {
            let limit: usize = shape
                .strip_prefix("at most ")
                .and_then(|rest| rest.strip_suffix(" at a time"))
                .and_then(|limit| limit.parse().ok())
                .unwrap_or_else(|| panic!("{name}: no such shape: {shape}"));
            if started_at_once != limit || timeline["at_once"] != limit {
                wrong(format!(
                    "{started_at_once} waits started at 0 and at most {} waited at once, not {limit}",
                    timeline["at_once"]
                ));
            }
        }
    }
    // Named by the learner's own sleep: its file, and a line of it that calls sleep(.
    let file = spec["site"].as_str().unwrap();
    let source = std::fs::read_to_string(submission.join(file)).unwrap();
    let sleeps: Vec<u64> = (1..)
        .zip(source.lines())
        .filter(|(_, line)| line.contains("sleep(") && !line.trim_start().starts_with("//"))
        .map(|(number, _)| number)
        .collect();
    for wait in waits {
        let line = wait["line"].as_u64().unwrap_or(0);
        if wait["file"] != file || !sleeps.contains(&line) {
            wrong(format!(
                "wait {wait} is not named by a sleep( of {file} (lines {sleeps:?})"
            ));
            break;
        }
    }
    problems
}

/// Which tasks fail in the Exercism results that `output` printed.
fn failing_tasks(output: &std::process::Output) -> Vec<u8> {
    let results: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "no JSON ({error}): {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    by_task(&results)
        .into_iter()
        .filter(|(_, (passes, _))| !passes)
        .map(|(task, _)| task)
        .collect()
}

#[test]
#[ignore = "builds learners' workspaces from scratch: CI runs it with --ignored"]
fn a_then_b_then_a_each_get_their_own_grade_and_so_does_an_edit() {
    let _alone = one_at_a_time();
    let (scratch, starter) = scratch_with_starter("learners-aba");
    let (a, b) = (scratch.join("a"), scratch.join("b"));
    workspace(&starter, "canonical", &a);
    workspace(&starter, "wait_n_in_turn", &b);
    let grade = |dir: &Path, format: &str| {
        checker(&[
            "grade",
            &dir.to_string_lossy(),
            "--seed",
            "7",
            "--format",
            format,
        ])
    };
    assert_eq!(failing_tasks(&grade(&a, "json")), [] as [u8; 0], "A, first");
    assert_eq!(failing_tasks(&grade(&b, "json")), [1, 2], "B");
    assert_eq!(
        failing_tasks(&grade(&a, "json")),
        [] as [u8; 0],
        "A, after B"
    );
    // B's failure in the graders' formats: JUnit XML that parses, with the failure and its
    // message; Gradescope's JSON with the check failed and fewer points.
    let junit = String::from_utf8(grade(&b, "junit").stdout).unwrap();
    let document = roxmltree::Document::parse(&junit)
        .unwrap_or_else(|error| panic!("JUnit XML that does not parse ({error}):\n{junit}"));
    let concurrent = document
        .descendants()
        .find(|node| {
            node.has_tag_name("testcase")
                && node.attribute("name") == Some("the waits run concurrently")
        })
        .expect("a testcase per check");
    let failure = concurrent
        .children()
        .find(|node| node.has_tag_name("failure"))
        .expect("the failed check carries a failure");
    assert!(
        failure
            .text()
            .unwrap_or_default()
            .contains("one after another"),
        "{junit}"
    );
    let suites = document
        .descendants()
        .filter(|node| node.has_tag_name("testsuite"));
    assert_eq!(suites.count(), 5, "a testsuite per task");
    // By default all or nothing per task, as Classroom: a test per task, worth 20.
    let gradescope: Value = serde_json::from_slice(&grade(&b, "gradescope").stdout).unwrap();
    let tests = gradescope["tests"].as_array().unwrap();
    assert_eq!(tests.len(), 5, "a test per task: {gradescope:#}");
    let max: f64 = tests
        .iter()
        .map(|test| test["max_score"].as_f64().unwrap())
        .sum();
    assert!(
        (max - 100.0).abs() < 0.1,
        "the five tasks are worth 100: {max}"
    );
    assert_eq!(
        gradescope["score"], 60.0,
        "tasks 1 and 2 fail: {gradescope:#}"
    );
    let failed = tests.iter().find(|test| test["number"] == "1").unwrap();
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["score"], 0.0);
    let output = failed["output"].as_str().unwrap();
    assert!(
        output.contains("✗ the waits run concurrently") && output.contains("one after another"),
        "{output}"
    );
    assert!(
        !output.contains("reproduce:") && !output.contains("cargo run -p checker -- grade"),
        "no command a student cannot run: {output}"
    );
    assert!(tests.iter().all(|test| test["visibility"] == "visible"));
    // Per check, and hidden, when the teacher's file says so.
    let policy = scratch.join("grading.json");
    std::fs::write(
        &policy,
        r#"{"credit": "check", "visibility": "after_due_date"}"#,
    )
    .unwrap();
    let per_check = checker(&[
        "grade",
        &b.to_string_lossy(),
        "--seed",
        "7",
        "--format",
        "gradescope",
        "--grading",
        &policy.to_string_lossy(),
    ]);
    let per_check: Value = serde_json::from_slice(&per_check.stdout).unwrap();
    let tests = per_check["tests"].as_array().unwrap();
    let failed = tests
        .iter()
        .find(|test| test["name"] == "Task 1: the waits run concurrently")
        .unwrap();
    assert_eq!(failed["score"], 0.0);
    let score = per_check["score"].as_f64().unwrap();
    assert!(score > 60.0 && score < 100.0, "{per_check:#}");
    assert!(
        tests
            .iter()
            .all(|test| test["visibility"] == "after_due_date")
    );
    // A's wait_n edited into B's: graded again, as what it now is.
    std::fs::copy(
        b.join("concurrent_coroutines/src/lib.rs"),
        a.join("concurrent_coroutines/src/lib.rs"),
    )
    .unwrap();
    assert_eq!(failing_tasks(&grade(&a, "json")), [1, 2], "A, edited");
    std::fs::remove_dir_all(&scratch).unwrap();
}

#[test]
#[ignore = "builds the checker in two learners' workspaces: CI runs it with --ignored"]
fn two_workspaces_under_one_cargo_target_dir_each_get_their_own_grade() {
    let _alone = one_at_a_time();
    let (scratch, starter) = scratch_with_starter("learners-shared-target");
    let (a, b) = (scratch.join("a"), scratch.join("b"));
    workspace(&starter, "canonical", &a);
    workspace(&starter, "wait_n_in_turn", &b);
    let target = scratch.join("shared-target");
    let in_place = |dir: &Path| {
        Command::new(env!("CARGO"))
            .args([
                "run", "-q", "-p", "checker", "--", "--seed", "7", "--format", "json",
            ])
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("CARGO_MANIFEST_DIR")
            .current_dir(dir)
            .output()
            .expect("cargo should start")
    };
    assert_eq!(failing_tasks(&in_place(&a)), [] as [u8; 0], "A");
    assert_eq!(failing_tasks(&in_place(&b)), [1, 2], "B");
    // A's files are older than B's build of the checker, which cargo then runs: it still
    // grades A, the workspace it runs in.
    assert_eq!(failing_tasks(&in_place(&a)), [] as [u8; 0], "A after B");
    std::fs::remove_dir_all(&scratch).unwrap();
}

#[test]
#[ignore = "installs the checker and grades from scratch: CI runs it with --ignored"]
fn an_installed_checker_grades_a_starter_from_another_folder() {
    let _alone = one_at_a_time();
    let (scratch, starter) = scratch_with_starter("learners-installed");
    let root = scratch.join("installed");
    let installed = Command::new(env!("CARGO"))
        .args(["install", "--debug", "--locked", "--quiet", "--path"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")))
        .arg("--root")
        .arg(&root)
        .output()
        .expect("cargo should start");
    assert!(
        installed.status.success(),
        "{}",
        String::from_utf8_lossy(&installed.stderr)
    );
    let learner = scratch.join("learner");
    workspace(&starter, "wait_n_in_turn", &learner);
    // Run from a folder that is no workspace, with nothing of cargo's in the environment:
    // what it grades with is what it carries.
    let elsewhere = scratch.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).unwrap();
    let output = Command::new(root.join("bin/checker"))
        .args([
            "grade",
            &learner.to_string_lossy(),
            "--seed",
            "7",
            "--format",
            "json",
        ])
        .current_dir(&elsewhere)
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_TARGET_DIR")
        .env("XDG_CACHE_HOME", scratch.join("cache"))
        .output()
        .expect("the installed checker should start");
    assert_eq!(failing_tasks(&output), [1, 2]);
    assert!(
        scratch.join("cache/async-checker").is_dir(),
        "an installed checker grades in the user's cache folder"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}

/// `cargo test --workspace` in `dir`, in `target_dir`: each test's name and whether it passed.
fn cargo_test(dir: &Path, target_dir: &Path) -> BTreeMap<String, bool> {
    let output = Command::new(env!("CARGO"))
        .args(["test", "--workspace", "--color=never"])
        .env("CARGO_TARGET_DIR", target_dir)
        .current_dir(dir)
        .output()
        .expect("cargo should start");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| {
            let (name, result) = line.strip_prefix("test ")?.split_once(" ... ")?;
            Some((name.to_owned(), result == "ok"))
        })
        .collect()
}

#[test]
#[ignore = "builds two learners' workspaces from scratch: CI runs it with --ignored"]
fn a_learners_cargo_test_is_the_grade_of_their_tasks() {
    let _alone = one_at_a_time();
    let (scratch, starter) = scratch_with_starter("learners-in-place");
    // One target folder for both: each workspace is written just before it is built, so its
    // files are newer than anything built there before (see the grade's version tags for
    // why that matters to cargo).
    let target_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/learners-in-place");
    let graded = |name: &str| {
        let dir = scratch.join(name);
        workspace(&starter, name, &dir);
        cargo_test(&dir, &target_dir)
    };
    let tests = [
        "task_0_wait_random",
        "task_1_wait_n",
        "task_2_measure_time",
        "task_3_task_wait_random",
        "task_4_task_wait_n",
    ];
    // The grade's tests, and the lessons' examples (doctests), which correct work passes
    // too; nothing of the checker's own.
    let canonical = graded("canonical");
    let grade: Vec<&str> = canonical
        .keys()
        .map(String::as_str)
        .filter(|name| !name.contains(" - "))
        .collect();
    assert_eq!(
        grade, tests,
        "only the grade and the doctests run: {canonical:?}"
    );
    assert!(canonical.values().all(|&passed| passed), "{canonical:?}");
    let in_turn = graded("wait_n_in_turn");
    let failed: Vec<&str> = in_turn
        .iter()
        .filter(|(name, passed)| !**passed && !name.contains(" - "))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(
        failed,
        ["task_1_wait_n", "task_2_measure_time"],
        "{in_turn:?}"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}

/// A class as a teacher gets it, in `scratch/class`: a correct submission, a wrong one, one
/// whose task 3 does not compile, an untouched starter, a folder with only a `notes.txt`,
/// one with tasks 0 and 1 written and the other crates deleted, and a correct one a folder
/// down (GitHub's "Download ZIP").
fn teachers_class(scratch: &Path, starter: &Path) -> PathBuf {
    let class = scratch.join("class");
    workspace(starter, "canonical", &class.join("correct"));
    workspace(starter, "wait_n_in_turn", &class.join("wrong"));
    let broken = class.join("task3_broken");
    workspace(starter, "canonical", &broken);
    let lib = std::fs::read_to_string(starter.join("tasks/src/lib.rs")).unwrap();
    let code = "pub fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {\n    \
                tokio::spawn(wait_random(max_delay)).no_such_method()\n}\n\n\
                use basic_async_syntax::wait_random;\n";
    std::fs::write(broken.join("tasks/src/lib.rs"), spliced(&lib, code)).unwrap();
    copy_tree(starter, &class.join("untouched"));
    std::fs::create_dir_all(class.join("notes")).unwrap();
    std::fs::write(class.join("notes/notes.txt"), "my answers").unwrap();
    let partial = class.join("partial");
    workspace(starter, "canonical", &partial);
    for deleted in ["measure_runtime", "tasks", "task_wait_n"] {
        std::fs::remove_dir_all(partial.join(deleted)).unwrap();
    }
    workspace(starter, "canonical", &class.join("erin/async-tasks-main"));
    class
}

/// The folders of [`teachers_class`], and the points each must get (of 100).
const CLASS_POINTS: [(&str, &str); 7] = [
    ("correct", "100"),
    ("erin", "100"),
    ("notes", "0"),
    ("partial", "40"),
    ("task3_broken", "60"),
    ("untouched", "0"),
    ("wrong", "60"),
];

/// `grades.csv`'s rows by submission, each a map of its columns.
fn csv_rows(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    lines
        .map(|line| {
            let fields: Vec<&str> = line.splitn(header.len(), ',').collect();
            let row: BTreeMap<String, String> = header
                .iter()
                .zip(&fields)
                .map(|(key, value)| ((*key).to_owned(), value.trim_matches('"').to_owned()))
                .collect();
            (row["submission"].clone(), row)
        })
        .collect()
}

/// `grade class/* --output-dir out`: every upload gets a row and a feedback.md, the points
/// are the work done, the class's most failed checks in summary.csv.
fn grade_the_class(class: &Path, out: &Path) -> (std::process::Output, String) {
    let mut paths: Vec<String> = std::fs::read_dir(class)
        .unwrap()
        .flatten()
        .map(|entry| entry.path().to_string_lossy().into_owned())
        .collect();
    paths.sort();
    let mut args = vec!["grade".to_owned()];
    args.extend(paths);
    args.extend(["--seed", "7", "--jobs", "2", "--output-dir"].map(str::to_owned));
    args.push(out.to_string_lossy().into_owned());
    let output = checker(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let grades = std::fs::read_to_string(out.join("grades.csv")).unwrap_or_else(|error| {
        panic!(
            "no grades.csv ({error}):\n{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    (output, grades)
}

#[test]
#[ignore = "grades a class of seven uploads (a minute): CI runs it with --ignored"]
fn a_class_graded_as_a_teacher_does_gives_every_upload_a_result_and_credit_for_work_done() {
    let _alone = one_at_a_time();
    let (scratch, starter) = scratch_with_starter("teachers-class");
    let class = teachers_class(&scratch, &starter);
    let out = scratch.join("out");
    let (output, grades) = grade_the_class(&class, &out);
    let table = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(0), "{table}");
    let rows = csv_rows(&grades);
    let names: Vec<&str> = rows.keys().map(String::as_str).collect();
    assert_eq!(names, CLASS_POINTS.map(|(name, _)| name), "{grades}");
    for (name, points) in CLASS_POINTS {
        let row = &rows[name];
        assert_eq!(
            (row["points"].as_str(), row["points_total"].as_str()),
            (points, "100"),
            "{name}: {grades}"
        );
        let feedback = std::fs::read_to_string(out.join(name).join("feedback.md"))
            .unwrap_or_else(|error| panic!("{name}: no feedback.md: {error}"));
        assert!(
            feedback.starts_with(&format!("# Feedback on {name}\n")),
            "{feedback}"
        );
        assert!(
            !feedback.contains("```rust") && !feedback.contains("solution of the course's size"),
            "{name}: no solution by default:\n{feedback}"
        );
        assert!(
            !feedback.contains(&*class.to_string_lossy()) || name == "notes",
            "{name}: no path of the teacher's machine in a graded one's feedback:\n{feedback}"
        );
    }
    let cells = |name: &str| -> Vec<&str> {
        (0..5)
            .map(|task| rows[name][&format!("task_{task}")].as_str())
            .collect()
    };
    assert_eq!(cells("untouched"), ["fail"; 5]);
    assert_eq!(
        rows["untouched"]["checks_passed"], "0",
        "the starter earns nothing"
    );
    assert_eq!(
        cells("partial"),
        [
            "pass",
            "pass",
            "not submitted",
            "not submitted",
            "not submitted"
        ]
    );
    assert_eq!(
        cells("task3_broken"),
        ["pass", "pass", "pass", "error", "error"]
    );
    assert_eq!(cells("wrong"), ["pass", "fail", "fail", "pass", "pass"]);
    assert!(
        rows["notes"]["status"].starts_with("error: nothing to grade in ")
            && rows["notes"]["status"].ends_with("it holds notes.txt"),
        "{grades}"
    );
    // Exercism's results: nothing to grade is an error that says what was found.
    let notes: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("notes/results.json")).unwrap())
            .unwrap();
    assert_eq!(notes["status"], "error");
    assert!(notes["message"].as_str().unwrap().contains("notes.txt"));
    // The starter's constant and its source with no sort earn nothing, saying why.
    let untouched: Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("untouched/results.json")).unwrap())
            .unwrap();
    for name in [
        "Task 0: the default max_delay is 10",
        "Task 1: wait_n does not sort its result",
        "Task 4: task_wait_n does not sort its result",
    ] {
        let test = untouched["tests"]
            .as_array()
            .unwrap()
            .iter()
            .find(|test| test["name"] == name)
            .unwrap_or_else(|| panic!("no {name}"));
        assert_eq!(test["status"], "fail", "{name}");
        assert!(
            test["message"]
                .as_str()
                .unwrap()
                .contains("does not run yet"),
            "{test:#}"
        );
    }
    let partial = std::fs::read_to_string(out.join("partial/results.json")).unwrap();
    assert!(partial.contains("not submitted: the submission has no measure_runtime"));
    // Timeline rows only with the checks that fail: none in a correct one's results.
    let correct = std::fs::read_to_string(out.join("correct/results.json")).unwrap();
    assert!(!correct.contains("\"timeline\""), "{correct}");
    let wrong = std::fs::read_to_string(out.join("wrong/results.json")).unwrap();
    assert!(wrong.contains("\"timeline\""));
    let feedback = std::fs::read_to_string(out.join("wrong/feedback.md")).unwrap();
    for says in [
        "**Points: 60 of 100**",
        "## Task 1 · wait_n: ",
        // The failure the report leads with: the task's first check, not the first listed.
        "✗ fails “the waits run concurrently”",
        "**Hint:**",
        "one after another",
        "your waits: wait_n(",
        "cargo run -p checker -- --task 1",
    ] {
        assert!(
            feedback.contains(says),
            "feedback.md says {says:?}:\n{feedback}"
        );
    }
    let feedback = std::fs::read_to_string(out.join("partial/feedback.md")).unwrap();
    assert!(
        feedback.contains("Task 2 · measure_time: not submitted"),
        "{feedback}"
    );
    // The class at a glance: each check over the submissions in which its task was built.
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    let mut lines = summary.lines();
    assert_eq!(lines.next(), Some("kind,task,check,failed,graded,share"));
    let lines: Vec<&str> = lines.collect();
    assert!(
        lines.contains(&"check,1,the waits run concurrently,2,6,0.33"),
        "the wrong one and the starter, of the six graded:\n{summary}"
    );
    assert!(
        lines.contains(&"check,2,measure_time returns the total time divided by n,2,5,0.40"),
        "task 2 not submitted by one:\n{summary}"
    );
    assert!(
        lines.contains(&"not built,3,not built,1,6,0.17"),
        "{summary}"
    );
    assert!(
        lines.contains(&"not submitted,2,not submitted,1,6,0.17"),
        "{summary}"
    );
    let failed = |line: &str| {
        line.split(',')
            .nth_back(2)
            .unwrap()
            .parse::<usize>()
            .unwrap()
    };
    let checks: Vec<&&str> = lines
        .iter()
        .filter(|line| line.starts_with("check,"))
        .collect();
    assert!(
        checks
            .windows(2)
            .all(|pair| failed(pair[0]) >= failed(pair[1])),
        "the checks failed most first:\n{summary}"
    );
    assert!(
        table.contains("Failed most (what to teach again):\n  2 of 5 fail Task 2: "),
        "{table}"
    );
    // Re-grading one is explicit: without --update it is refused; with it, its folder and
    // row are replaced, and the other rows kept.
    let regrade = |update: bool| {
        let mut args = vec![
            "grade".to_owned(),
            class.join("wrong").to_string_lossy().into_owned(),
            "--seed".to_owned(),
            "7".to_owned(),
            "--output-dir".to_owned(),
            out.to_string_lossy().into_owned(),
        ];
        if update {
            args.push("--update".to_owned());
        }
        checker(&args.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let refused = regrade(false);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--update"));
    std::fs::copy(
        class.join("correct/concurrent_coroutines/src/lib.rs"),
        class.join("wrong/concurrent_coroutines/src/lib.rs"),
    )
    .unwrap();
    let updated = regrade(true);
    assert_eq!(
        updated.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&updated.stderr)
    );
    let after = csv_rows(&std::fs::read_to_string(out.join("grades.csv")).unwrap());
    assert_eq!(after.len(), CLASS_POINTS.len());
    assert_eq!(after["wrong"]["points"], "100", "the fixed one, re-graded");
    assert_eq!(after["partial"], rows["partial"], "the others kept");
    assert!(!out.join("results.json").exists(), "no stray Exercism file");
    let summary = std::fs::read_to_string(out.join("summary.csv")).unwrap();
    assert!(
        summary.contains("check,1,the waits run concurrently,1,6,0.17"),
        "counted again:\n{summary}"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}

#[test]
#[ignore = "installs the autograder and grades seven uploads as Gradescope does: CI runs it with --ignored"]
fn on_gradescope_every_upload_gets_the_score_of_grades_csv() {
    let _alone = one_at_a_time();
    let (scratch, starter) = scratch_with_starter("teachers-gradescope");
    let class = teachers_class(&scratch, &starter);
    let (_, grades) = grade_the_class(&class, &scratch.join("out"));
    let rows = csv_rows(&grades);
    // The autograder's source as the zip holds it: the scripts, and the course beside them.
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let source = scratch.join("source");
    std::fs::create_dir_all(&source).unwrap();
    for script in ["setup.sh", "run_autograder"] {
        std::fs::copy(
            repository.join("checker/graders/gradescope").join(script),
            source.join(script),
        )
        .unwrap();
    }
    std::os::unix::fs::symlink(repository.canonicalize().unwrap(), source.join("course")).unwrap();
    let autograder = scratch.join("autograder");
    // This workspace's build folder: the install and the grades reuse what it compiled.
    let target = repository.join("target");
    let bash = |script: &Path| {
        Command::new("bash")
            .arg(script)
            .env("AUTOGRADER", &autograder)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("CARGO_MANIFEST_DIR")
            .env("NO_COLOR", "1")
            .output()
            .expect("bash should start")
    };
    let setup = bash(&source.join("setup.sh"));
    assert!(
        setup.status.success(),
        "setup.sh: {}",
        String::from_utf8_lossy(&setup.stderr)
    );
    for (name, _) in CLASS_POINTS {
        let submission = autograder.join("submission");
        let _ = std::fs::remove_dir_all(&submission);
        copy_tree(&class.join(name), &submission);
        let run = bash(&source.join("run_autograder"));
        assert_eq!(
            run.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let results: Value = serde_json::from_str(
            &std::fs::read_to_string(autograder.join("results/results.json")).unwrap(),
        )
        .unwrap_or_else(|error| panic!("{name}: results.json: {error}"));
        let points: f64 = rows[name]["points"].parse().unwrap();
        assert_eq!(
            results["score"].as_f64(),
            Some(points),
            "{name}: Gradescope's score is grades.csv's points: {results:#}"
        );
        let text = results.to_string();
        assert!(!text.contains("reproduce:"), "{name}: {text}");
    }
    // The checker itself failing still leaves a result that scores 0.
    std::fs::rename(
        autograder.join("checker/bin/checker"),
        autograder.join("checker/bin/moved"),
    )
    .unwrap();
    let run = bash(&source.join("run_autograder"));
    assert_eq!(run.status.code(), Some(0));
    let results: Value = serde_json::from_str(
        &std::fs::read_to_string(autograder.join("results/results.json")).unwrap(),
    )
    .expect("the fallback result is JSON");
    assert_eq!(results["score"], 0);
    assert!(
        results["output"]
            .as_str()
            .unwrap()
            .contains("could not grade")
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}
