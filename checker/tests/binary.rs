//! The real `checker` binary: its report, its JSON, and its exit status.

use std::process::{Command, Output};

use serde_json::Value;

fn checker(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("the checker should start")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("the report is UTF-8")
}

#[test]
fn a_passing_task_prints_its_checks_and_exits_zero() {
    let output = checker(&["--task", "1", "--seed", "5"]);
    let report = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{report}");
    // The first line says what confines the build and the checks here, in one row of 80
    // columns; the next names the seed (after what does not hold here, if anything).
    let mut lines = report.lines();
    let first = lines.next().unwrap_or_default();
    assert!(
        first.starts_with("confined: ") && first.contains("1 GiB") && first.chars().count() <= 80,
        "{report}"
    );
    let mut lines = lines.skip_while(|line| line.starts_with("  "));
    assert_eq!(
        lines.next(),
        Some("Grading the curriculum with seed 5"),
        "{report}"
    );
    assert!(report.contains("Task 1 · execute multiple coroutines at the same time"));
    // A line per check: its first check, then the others, those that call nothing of the
    // task last.
    assert!(
        report.contains("\n  ✓ the waits run concurrently\n  ✓ wait_n returns n delays\n")
            && report
                .contains("  ✓ wait_n does not sort its result\n  ✓ the tasks it imports pass\n"),
        "{report}"
    );
    assert!(
        report.contains("  ✓ the delays are in ascending order\n"),
        "{report}"
    );
    assert!(
        !report.contains('✗')
            && !report.contains("Task 0")
            && !report.contains("returns the list of all n delays"),
        "{report}"
    );
    // Going further folded to one line, and the whole pass well within a screen of 20 rows.
    assert!(
        report.contains(
            "\ngoing further, task 1: 3 of 3 optional checks pass (--further shows them)\n"
        ),
        "{report}"
    );
    assert!(
        report.trim_end().ends_with("\n1/1 tasks pass (8/8 checks)"),
        "{report}"
    );
    assert!(report.lines().count() <= 20, "{report}");
    assert!(
        !report.contains('\x1b'),
        "no colour when stdout is not a terminal"
    );
    // --further shows each going-further check with its requirement, as the full report does
    // (of task 3, whose checks take no time: task 1's grade above is this test's cost).
    let full = stdout(&checker(&["--task", "3", "--seed", "5", "--further"]));
    assert!(
        full.contains("\nGoing further\n")
            && full.contains(
                "  ✓ the task draws from its caller's seed\n      a task started under a seed"
            ),
        "{full}"
    );
    assert!(
        full.trim_end()
            .ends_with("Going further: 1/1 optional checks pass (not in the grade)"),
        "{full}"
    );
}

#[test]
fn json_is_exercisms_results_version_3() {
    let output = checker(&["--task", "3", "--seed", "5", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let results: Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    assert_eq!(results["version"], 3);
    assert_eq!(results["status"], "pass");
    let tests = results["tests"].as_array().expect("a list of tests");
    assert_eq!(
        tests.len(),
        4,
        "the grade's three checks of task 3, and that task 0, which it imports, passes: {tests:?}"
    );
    for test in tests {
        assert_eq!(test["status"], "pass");
        assert_eq!(test["task_id"], 4, "task 3 of the course is task_id 4");
        assert!(
            test["name"]
                .as_str()
                .is_some_and(|name| name.starts_with("Task 3: "))
        );
        assert!(
            test["test_code"]
                .as_str()
                .is_some_and(|code| !code.is_empty())
        );
        assert!(
            test.get("output").is_none(),
            "the workspace's tasks print nothing, so no test has an output"
        );
        assert!(
            test.get("message").is_none(),
            "only failures carry a message"
        );
    }
}

#[test]
fn usage_errors_exit_two() {
    for args in [
        &["--task", "5"][..],
        &["--seed", "-3"],
        &["--format", "xml"],
        &["--colour"],
    ] {
        let output = checker(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let error = String::from_utf8_lossy(&output.stderr);
        assert!(error.contains("error:"), "{args:?}: {error}");
    }
}

#[test]
fn colour_is_forced_by_clicolor_force_and_refused_by_no_color() {
    let coloured = |envs: &[(&str, &str)]| {
        let output = Command::new(env!("CARGO_BIN_EXE_checker"))
            .args(["--task", "3", "--seed", "5"])
            .env_remove("NO_COLOR")
            .envs(envs.iter().copied())
            .output()
            .expect("the checker should start");
        assert_eq!(output.status.code(), Some(0));
        stdout(&output).contains('\x1b')
    };
    assert!(coloured(&[("CLICOLOR_FORCE", "1")]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
}

#[test]
fn kill_all_is_refused_as_root() {
    // Not as root it ends every process of this user, this test's among them: what a check's
    // own user needs, and nothing to try here.
    if !rustix::process::geteuid().is_root() {
        return;
    }
    // In a process namespace of its own: were it not refused, it would end only that.
    let output = Command::new("unshare")
        .args(["--pid", "--fork", "--"])
        .arg(env!("CARGO_BIN_EXE_checker"))
        .arg("__kill_all")
        .output()
        .expect("unshare should start");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("refused as root"), "{stderr}");
}

/// A class's per-submission files are the student's: a folder that holds nothing to grade
/// is named in them by its folder, never by its path on the teacher's machine.
#[test]
fn a_class_names_an_ungradable_submission_by_its_folder_in_what_the_student_reads() {
    let class = std::env::temp_dir().join(format!("checker-unlocated-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&class);
    for (student, file) in [("henry", "notes.txt"), ("ivy", "todo.md")] {
        std::fs::create_dir_all(class.join(student)).unwrap();
        std::fs::write(class.join(student).join(file), "not a workspace\n").unwrap();
    }
    let out = class.join("out");
    let (henry, ivy) = (class.join("henry"), class.join("ivy"));
    let output = checker(&[
        "grade",
        henry.to_str().unwrap(),
        ivy.to_str().unwrap(),
        "--output-dir",
        out.to_str().unwrap(),
    ]);
    let report = stdout(&output);
    assert!(report.contains("2 submissions in "), "{report}");
    for name in ["feedback.md", "results.json"] {
        let text = std::fs::read_to_string(out.join("henry").join(name)).unwrap();
        assert!(
            text.contains("nothing to grade in henry: "),
            "{name}: {text}"
        );
        assert!(
            !text.contains(class.to_str().unwrap()),
            "{name} names the teacher's folder: {text}"
        );
    }
    std::fs::remove_dir_all(&class).unwrap();
}
