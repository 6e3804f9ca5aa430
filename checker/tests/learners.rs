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
        Some("submission,task_0,task_1,task_2,task_3,task_4,checks_passed,checks_total,status")
    );
    lines
        .map(|line| {
            // The status, last, may be quoted and hold commas; the fields before it do not.
            let fields: Vec<&str> = line.splitn(9, ',').collect();
            let cells = fields[1..6].iter().map(|cell| (*cell).to_owned()).collect();
            (
                fields[0].to_owned(),
                (cells, fields[8].trim_matches('"').to_owned()),
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
    // A folder that is no workspace of the tasks: an error in its row, the others graded.
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
    args.extend(["--seed", "7", "--jobs", "2", "--output-dir"].map(str::to_owned));
    args.push(out.to_string_lossy().into_owned());
    let output = checker(&args.iter().map(String::as_str).collect::<Vec<_>>());
    let table = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        output.status.code(),
        Some(1),
        "a PATH that could not be graded makes the exit status 1:\n{table}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let csv = grades_csv(&std::fs::read_to_string(out.join("grades.csv")).unwrap());
    let mut wrong = Vec::new();
    for name in &names {
        let expected = expectation(name);
        let path = class.join(name).to_string_lossy().into_owned();
        let results: Value = serde_json::from_str(
            &std::fs::read_to_string(out.join(name).join("results.json")).unwrap(),
        )
        .unwrap_or_else(|error| panic!("{name}: results.json is no JSON: {error}"));
        let (cells, status) = &csv[&path];
        assert_eq!(status, "graded", "{name}");
        for spec in expected["timelines"].as_array().into_iter().flatten() {
            wrong.extend(timeline_problems(name, spec, &results, &class.join(name)));
        }
        let marks = table_marks(&table, &path);
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
    let stray_path = stray.to_string_lossy().into_owned();
    let (cells, status) = &csv[&stray_path];
    assert!(cells.iter().all(|cell| cell == "error"), "{cells:?}");
    assert!(
        status.contains("not a workspace of the curriculum's tasks"),
        "{status}"
    );
    assert!(
        table.contains("not a workspace of the curriculum's tasks"),
        "{table}"
    );
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
    let gradescope: Value = serde_json::from_slice(&grade(&b, "gradescope").stdout).unwrap();
    let tests = gradescope["tests"].as_array().unwrap();
    let max: f64 = tests
        .iter()
        .map(|test| test["max_score"].as_f64().unwrap())
        .sum();
    assert!(
        (max - 100.0).abs() < 0.1,
        "the five tasks are worth 100: {max}"
    );
    let score = gradescope["score"].as_f64().unwrap();
    assert!(score > 50.0 && score < 100.0, "{gradescope:#}");
    let failed = tests
        .iter()
        .find(|test| test["name"] == "Task 1: the waits run concurrently")
        .unwrap();
    assert_eq!(failed["status"], "failed");
    assert_eq!(failed["score"], 0.0);
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
