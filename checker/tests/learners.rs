//! Solutions written the way learners write them, independently of the reference, each
//! graded through the real `checker grade`: every correct one passes every task, and every
//! typical mistake of the Python course fails its own task (and those that import it) with
//! a message that names the cause, while the tasks that do not import it pass.
//!
//! A fixture is a folder of `checker/tests/learners/`:
//!
//! - `<crate>.rs`: what the learner wrote in place of the starter's `todo!()` function (its
//!   `use` lines and helpers included), spliced into the starter's `src/lib.rs`;
//! - `<crate>.deps`: lines the learner added under the crate's `[dependencies]`;
//! - `<crate>.build.rs`: a build script the learner added to the crate;
//! - `expect.json`: `about` (what the learner wrote), `base` (the correct fixture that gives
//!   the crates this one does not write), `fail` (the tasks that must fail, each with its
//!   cause in words) and `hints` (for each failing task, words its message must contain).
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

#[test]
#[ignore = "grades every fixture from scratch (minutes): CI runs it with --ignored"]
fn every_learner_solution_gets_the_grade_of_its_own_code() {
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
    let mut wrong = Vec::new();
    for name in &names {
        let expected = expectation(name);
        let dir = scratch.join(name);
        workspace(&starter, name, &dir);
        let output = checker(&[
            "grade",
            &dir.to_string_lossy(),
            "--seed",
            "7",
            "--format",
            "json",
        ]);
        let results: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
            panic!(
                "{name}: no JSON ({error}): {}",
                String::from_utf8_lossy(&output.stderr)
            )
        });
        for (task, (passes, messages)) in by_task(&results) {
            let key = task.to_string();
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
        eprintln!("graded {name}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
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
