//! `checker new DIR`: a workspace in which a learner writes the tasks themselves.
//!
//! The starter is generated from the files the checker carries ([`crate::embedded`]), this
//! workspace's own, so it never drifts from the reference: the same crates, test programs, guide examples, lessons, seeding and
//! program infrastructure, and checker. Two things are taken out:
//!
//! - **Regions marked as the solution.** Lines from `// region: solution` to `// endregion`
//!   (in code) or from `<!-- region: solution -->` to `<!-- endregion -->` (in docs, where
//!   rustdoc shows nothing of the markers) are left out: private helpers, the imports they
//!   need, solution-specific unit tests, and doc text that gives the answer away.
//! - **The task functions' bodies.** Each task's function keeps its docs, which state its
//!   contract, and its signature; its body becomes a `todo!` that names the task.
//!
//! The tests of the reference and of the checker are left out too ([`LEFT_OUT`]): they hold
//! the reference to more than the course asks. The starter's `cargo test --workspace` is the
//! grade instead ([`GRADE_TEST`]). The starter gets a README of its own,
//! `checker/starter/README.md`, and a `.checker/starter.json` that tells the checker it runs
//! in a starter, and where the reference it came from is. Its `Cargo.lock` is the
//! reference's without the dependencies that solution regions of the manifests took out
//! (`starter_lock`), so that its first build leaves it as it is.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, bail};

use crate::embedded;
use crate::grade::starter_files::starter_text;
use crate::harness::check::{Check, Outcome, Tier};
use crate::harness::checks::{self, TASKS, Task};
use crate::report::policy::{Credit, Policy};
use crate::run::graded::Graded;

/// Where a starter keeps its GitHub Classroom workflow.
pub const CLASSROOM_WORKFLOW: &str = ".github/workflows/classroom.yml";

/// The checker that a Classroom workflow installs: a teacher's repository, at a commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedChecker {
    /// The git URL of the teacher's copy of this repository.
    pub git: String,
    /// The commit (or tag) to install the checker from.
    pub rev: String,
}

/// The GitHub Classroom workflow of a starter: the job `run-autograding-tests` (the only name
/// under which the reporter posts its points), a step of
/// `classroom-resources/autograding-command-grader` per task that passes when the checker's
/// grade of that task (`--task N`) exits 0, and the reporter listing each step's result.
///
/// With `checker`, the workflow installs the teacher's checker, pinned, and the students'
/// copy of `checker/` grades nothing; without, it runs the starter's own checker, whose files
/// the teacher then protects (see `checker/README.md`, "On GitHub Classroom"). Each step is
/// worth its task's points in `policy`, as in `grades.csv` and Gradescope's results; cargo's
/// registry and the builds are cached between runs (`actions/cache`).
///
/// # Errors
///
/// When `policy` credits each check apart: Classroom's command grader passes or fails a
/// step as a whole, so it cannot carry that.
pub fn classroom_workflow(
    checker: Option<&PinnedChecker>,
    policy: &Policy,
) -> anyhow::Result<String> {
    if policy.credit == Credit::Check {
        bail!(
            "GitHub Classroom cannot carry the grading policy's \"credit\": \"check\": its \
             command grader passes or fails a step (a task) as a whole; use \"credit\": \
             \"task\" for Classroom (Gradescope carries either)"
        );
    }
    let cache_key = match checker {
        Some(PinnedChecker { rev, .. }) => format!("checker-{rev}"),
        None => "checker".to_owned(),
    };
    let (prepare, grade) = match checker {
        Some(PinnedChecker { git, rev }) => (
            format!(
                "      # The teacher's checker, pinned: what the students change in checker/ grades nothing.\n      \
                 # Installed from outside the repository, whose .cargo/config.toml would apply.\n      \
                 - name: Install the checker\n        \
                 working-directory: ${{{{ runner.temp }}}}\n        \
                 run: cargo install --locked --git '{git}' --rev '{rev}' checker\n      \
                 - name: Build the tasks\n        \
                 run: checker --output-dir \"$RUNNER_TEMP/warm-up\"\n"
            ),
            "checker".to_owned(),
        ),
        None => (
            "      # This repository's own checker: protect checker/ and .github/ (see checker/README.md, \"On GitHub Classroom\").\n      \
             - name: Build the checker and the tasks\n        \
             run: cargo run -q -p checker -- --output-dir \"$RUNNER_TEMP/warm-up\"\n"
                .to_owned(),
            "cargo run -q -p checker --".to_owned(),
        ),
    };
    let mut steps = String::new();
    let mut env = String::new();
    for task in TASKS {
        let id = format!("task-{}", task.number);
        let _ = write!(
            steps,
            "      - name: Task {number}\n        id: {id}\n        \
             uses: classroom-resources/autograding-command-grader@v1\n        with:\n          \
             test-name: 'Task {number}: {function}'\n          setup-command: ''\n          \
             command: {grade} --task {number}\n          timeout: 5\n          \
             max-score: {points}\n",
            number = task.number,
            function = task.function,
            points = policy.points[usize::from(task.number)],
        );
        let _ = writeln!(
            env,
            "          {}_RESULTS: ${{{{ steps.{id}.outputs.result }}}}",
            id.to_uppercase()
        );
    }
    let runners: Vec<String> = TASKS
        .iter()
        .map(|task| format!("task-{}", task.number))
        .collect();
    let points: Vec<String> = policy.points.iter().map(f64::to_string).collect();
    let points = points.join(", ");
    // What cargo fetched and compiled, kept between runs: the checker's install (its record
    // in .crates.toml and .crates2.json, so that the same rev is not built again), the
    // dependencies and the checks, which every push would otherwise build from scratch.
    let cache = format!(
        "      - name: Cache cargo's registry and builds\n        \
         uses: actions/cache@v4\n        with:\n          path: |\n            \
         ~/.cargo/registry\n            ~/.cargo/git\n            ~/.cargo/bin\n            \
         ~/.cargo/.crates.toml\n            ~/.cargo/.crates2.json\n            \
         ~/.cache/async-checker\n            target\n          \
         key: {cache_key}-${{{{ runner.os }}}}-${{{{ hashFiles('Cargo.lock') }}}}\n          \
         restore-keys: {cache_key}-${{{{ runner.os }}}}-\n"
    );
    Ok(format!(
        "# GitHub Classroom's autograding, written by `checker new`: a step per task, each worth\n\
         # its points ({points}) when the checker's grade of that task passes (exit status 0).\n\
         name: Autograding Tests\n\
         on:\n  push:\n  workflow_dispatch:\n  repository_dispatch:\n\
         permissions:\n  checks: write\n  actions: read\n  contents: read\n\
         jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n    \
         if: github.actor != 'github-classroom[bot]'\n    steps:\n      \
         - name: Checkout code\n        uses: actions/checkout@v4\n\
         {cache}{prepare}{steps}      \
         - name: Autograding Reporter\n        \
         uses: classroom-resources/autograding-grading-reporter@v1\n        env:\n{env}        \
         with:\n          runners: {}\n",
        runners.join(",")
    ))
}

/// Files and folders of this workspace that the starter does not get, relative to its root:
/// the tests of the reference and of the checker, which hold the reference to more than the
/// course asks, and the teacher's files for graders. In a starter, `cargo test --workspace` is the grade ([`GRADE_TEST`]).
pub const LEFT_OUT: [&str; 8] = [
    "basic_async_syntax/tests",
    "concurrent_coroutines/tests",
    "measure_runtime/tests",
    "tasks/tests",
    "task_wait_n/tests",
    "checker/tests",
    "checker/starter",
    "checker/graders",
];

/// The starter's only test file, from `checker/starter/grade.rs`: the grade of each task,
/// through the checker binary, so that `cargo test --workspace` passes exactly when the
/// grade does.
pub const GRADE_TEST: &str = "checker/tests/grade.rs";

/// Where a starter records that it is one, as JSON: the reference's path, and each task's
/// function as the starter wrote it (`functions`, by crate name), which a reset puts back.
pub const MARKER: &str = ".checker/starter.json";

/// Whether the workspace at `root` is a starter (it has the [`MARKER`]).
pub fn is_starter(root: &Path) -> bool {
    root.join(MARKER).is_file()
}

/// `task`'s function as the starter at `root` wrote it, from its [`MARKER`]; `None` outside
/// a starter, or in one written before the marker recorded it.
pub fn starter_function(root: &Path, task: Task) -> Option<String> {
    let marker = std::fs::read_to_string(root.join(MARKER)).ok()?;
    let marker: serde_json::Value = serde_json::from_str(&marker).ok()?;
    marker["functions"][task.crate_name]
        .as_str()
        .map(str::to_owned)
}

/// Writes a starter workspace to `dir`, which must not exist or be empty, and makes it a git
/// repository with one commit. Returns the number of files written.
///
/// # Errors
///
/// When `dir` is a file or a folder with something in it, a file of this workspace cannot be
/// read or its regions do not balance, or a file cannot be written.
pub fn create(
    dir: &Path,
    checker: Option<&PinnedChecker>,
    policy: &Policy,
) -> anyhow::Result<usize> {
    // Refused before anything is written.
    let workflow = classroom_workflow(checker, policy)?;
    if dir.is_file() {
        bail!(
            "{} is a file: give a folder to create the starter in",
            dir.display()
        );
    }
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        bail!(
            "{} is not empty: give a new folder, so that nothing in it is overwritten",
            dir.display()
        );
    }
    if embedded::FILES.is_empty() {
        bail!("this checker was built without the curriculum's files (the `embed` feature)");
    }
    let carried = |file: &str| {
        embedded::text(file).with_context(|| {
            format!(
                "this checker does not carry {file}: a checker built from a starter grades, \
                 but writes no starters (run `checker new` from the course's repository)"
            )
        })
    };
    // The starter's own files first, so that a checker without them writes nothing.
    let readme = carried("checker/starter/README.md")?;
    let grade_test = carried("checker/starter/grade.rs")?;
    let mut files = 0;
    // Each task's function as the starter writes it, for the watch mode's reset.
    let mut functions = serde_json::Map::new();
    // Each workspace package's dependencies that the starter's manifest no longer declares,
    // and the lock, which is written once every manifest is known.
    let mut dropped: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut lock = None;
    for &(file, _) in embedded::FILES {
        let path = Path::new(file);
        let left_out = LEFT_OUT.iter().any(|left| path.starts_with(left));
        let ours = file == "Cargo.toml" || file == "Cargo.lock" || file == ".gitignore";
        if left_out
            || !(ours
                || TASKS.iter().any(|task| path.starts_with(task.crate_name))
                || path.starts_with("checker"))
        {
            continue;
        }
        let reference_text = carried(file)?;
        let text = starter_text(path, reference_text).with_context(|| format!("in {file}"))?;
        if path.file_name().is_some_and(|name| name == "Cargo.toml")
            && let Some(name) = package_name(&text)
        {
            let kept = declared_dependencies(&text);
            let gone: BTreeSet<String> = declared_dependencies(reference_text)
                .difference(&kept)
                .cloned()
                .collect();
            if !gone.is_empty() {
                dropped.insert(name, gone);
            }
        }
        if file == "Cargo.lock" {
            lock = Some(text);
            continue;
        }
        for task in TASKS {
            if path == Path::new(task.crate_name).join("src/lib.rs") {
                let item = super::reset::starter_item(&text, task)?;
                functions.insert(task.crate_name.to_owned(), item.into());
            }
        }
        write(&dir.join(path), &text)?;
        files += 1;
    }
    if let Some(lock) = lock {
        write(&dir.join("Cargo.lock"), &starter_lock(&lock, &dropped))?;
        files += 1;
    }
    write(&dir.join("README.md"), readme)?;
    write(&dir.join(GRADE_TEST), grade_test)?;
    write(&dir.join(CLASSROOM_WORKFLOW), &workflow)?;
    // A template for a class names no folder of the teacher's machine: its students have
    // none of it, and the first pass of a task then shows no reference to compare with.
    let reference = crate::grade::workspace::locate()
        .ok()
        .filter(|_| checker.is_none());
    let marker = serde_json::json!({ "reference": reference, "functions": functions });
    write(&dir.join(MARKER), &format!("{marker:#}\n"))?;
    commit(dir)?;
    Ok(files + 4)
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("could not create {}", parent.display()))?;
    }
    std::fs::write(path, text).with_context(|| format!("could not write {}", path.display()))
}

/// The name of the package that the manifest `text` declares, if it declares one (a
/// workspace's root manifest may not).
fn package_name(text: &str) -> Option<String> {
    let mut in_package = false;
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(value) = line.strip_prefix("name") {
            let value = value.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_owned());
        }
    }
    None
}

/// The names of the dependencies that the manifest `text` declares, in any of its
/// dependency tables (`[dependencies]`, `[dev-dependencies]`, `[build-dependencies]`, a
/// target's, and `[dependencies.NAME]` tables).
fn declared_dependencies(text: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut in_table = false;
    for line in text.lines().map(str::trim) {
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_end_matches(']');
            in_table = header.ends_with("dependencies");
            if let Some((_, name)) = header.rsplit_once("dependencies.") {
                names.insert(name.trim_matches('"').to_owned());
            }
            continue;
        }
        if !in_table || line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key = line
            .split(['.', '=', ' '])
            .next()
            .unwrap_or_default()
            .trim_matches('"');
        if !key.is_empty() {
            names.insert(key.to_owned());
        }
    }
    names
}

/// The reference's `lock` as the starter needs it: each workspace package's `dependencies`
/// without the names in `dropped` for it, which its starter manifest no longer declares (a
/// solution region took them out). Copied as it is, the lock would list them still, and
/// cargo would rewrite it on the starter's first build: `git diff` would show an edit that
/// the learner never made.
fn starter_lock(lock: &str, dropped: &BTreeMap<String, BTreeSet<String>>) -> String {
    let mut kept = String::with_capacity(lock.len());
    let mut package: Option<&BTreeSet<String>> = None;
    let mut in_dependencies = false;
    for line in lock.lines() {
        if line == "[[package]]" {
            package = None;
        } else if let Some(name) = line.strip_prefix("name = ") {
            package = dropped.get(name.trim_matches('"'));
        } else if line == "dependencies = [" {
            in_dependencies = true;
        } else if line == "]" {
            in_dependencies = false;
        } else if in_dependencies && let Some(gone) = package {
            // ` "name"`, or ` "name version"` when the lock holds several versions of it.
            let entry = line.trim().trim_end_matches(',').trim_matches('"');
            let name = entry.split(' ').next().unwrap_or_default();
            if gone.contains(name) {
                continue;
            }
        }
        kept.push_str(line);
        kept.push('\n');
    }
    kept
}

/// Makes `dir` a git repository with one commit of everything in it. Without git on the
/// machine the starter is still complete, and this says so.
fn commit(dir: &Path) -> anyhow::Result<()> {
    let git = |args: &[&str]| {
        Command::new("git")
            .args([
                "-c",
                "user.name=checker",
                "-c",
                "user.email=checker@localhost",
            ])
            .args(args)
            .current_dir(dir)
            .output()
    };
    for args in [
        &["init", "--quiet"][..],
        &["add", "--all"],
        &["commit", "--quiet", "--message", "The starter workspace"],
    ] {
        match git(args) {
            Err(error) => {
                eprintln!(
                    "warning: no git repository was made ({error}); the starter is complete without it"
                );
                return Ok(());
            }
            Ok(output) if !output.status.success() => bail!(
                "git {} failed: {}",
                args[0],
                String::from_utf8_lossy(&output.stderr).trim()
            ),
            Ok(_) => {}
        }
    }
    Ok(())
}

/// Where a starter keeps the tasks that have passed, so that each is announced once.
const PASSED: &str = "target/checker-passed.json";

/// In a starter at `root`, the tasks that pass in `outcomes` for the first time, each with
/// where its reference solution can be read and, when the reference has one, a solution of
/// the course's size (its tests' canonical learner solution, [`embedded::CANONICAL`]); they are
/// recorded as passed. Empty anywhere else.
///
/// A task counts as passing when every check of its grade ran and passed.
pub fn first_passes(root: &Path, outcomes: &[Outcome]) -> Vec<(Task, PathBuf, Option<String>)> {
    let Some(reference) = std::fs::read_to_string(root.join(MARKER))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|marker| marker["reference"].as_str().map(PathBuf::from))
    else {
        return Vec::new();
    };
    let record = root.join(PASSED);
    let mut passed: Vec<u8> = std::fs::read_to_string(&record)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default();
    let passing = TASKS.into_iter().filter(|task| {
        let grade = |check: &Check| check.task == task.number && check.tier == Tier::Grade;
        let all = checks::CHECKS.iter().filter(|check| grade(check)).count();
        let ran: Vec<_> = outcomes
            .iter()
            .filter(|outcome| grade(outcome.check))
            .collect();
        ran.len() >= all && ran.iter().all(|outcome| outcome.verdict.is_ok())
    });
    let first: Vec<(Task, PathBuf, Option<String>)> = passing
        .filter(|task| !passed.contains(&task.number))
        .map(|task| {
            let canonical = reference
                .join(embedded::CANONICAL)
                .join(format!("{}.rs", task.crate_name));
            (
                task,
                reference.join(task.crate_name).join("src/lib.rs"),
                std::fs::read_to_string(canonical).ok(),
            )
        })
        .collect();
    if !first.is_empty() {
        passed.extend(first.iter().map(|(task, _, _)| task.number));
        // Losing the record only means announcing a solution again.
        let _ = write(&record, &serde_json::json!(passed).to_string());
    }
    first
}

/// Prints the tasks that pass for the first time in the starter at `root` ([`first_passes`]),
/// each with where to read its reference: what follows the report of `cargo run -p checker`.
pub fn announce_first_passes(root: &Path, graded: &Graded) {
    for (task, solution, canonical) in first_passes(root, &graded.outcomes) {
        anstream::println!(
            "{}",
            crate::report::first_pass(task, &solution, canonical.as_deref())
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::grade::starter_files::without_solution_regions;
    use pretty_assertions::assert_eq;

    #[test]
    fn the_classroom_workflow_grades_each_task_in_a_step_of_its_own() {
        let pinned = PinnedChecker {
            git: "https://example.org/teacher/course.git".into(),
            rev: "0123abc".into(),
        };
        for (checker, command) in [
            (None, "command: cargo run -q -p checker -- --task 3\n"),
            (Some(&pinned), "command: checker --task 3\n"),
        ] {
            let workflow = classroom_workflow(checker, &Policy::default()).unwrap();
            assert!(
                workflow.contains("\n  run-autograding-tests:\n"),
                "{workflow}"
            );
            assert!(
                workflow.contains("permissions:\n  checks: write\n"),
                "{workflow}"
            );
            assert!(workflow.contains(command), "{workflow}");
            for task in TASKS {
                let id = format!("task-{}", task.number);
                assert!(
                    workflow.contains(&format!("        id: {id}\n")),
                    "{workflow}"
                );
                assert!(
                    workflow.contains(&format!(
                        "{}_RESULTS: ${{{{ steps.{id}.outputs.result }}}}",
                        id.to_uppercase()
                    )),
                    "{workflow}"
                );
            }
            assert_eq!(workflow.matches("max-score: 20\n").count(), 5);
            assert!(workflow.contains("runners: task-0,task-1,task-2,task-3,task-4\n"));
        }
        let workflow = classroom_workflow(Some(&pinned), &Policy::default()).unwrap();
        assert!(workflow.contains(
            "cargo install --locked --git 'https://example.org/teacher/course.git' --rev '0123abc' checker"
        ));
        assert!(workflow.contains("uses: actions/cache@v4\n"), "{workflow}");
        assert!(workflow.contains("key: checker-0123abc-"), "{workflow}");
        let weighted = Policy::parse(r#"{"points": [10, 10, 20, 30, 30]}"#).unwrap();
        let workflow = classroom_workflow(Some(&pinned), &weighted).unwrap();
        assert_eq!(workflow.matches("max-score: 30\n").count(), 2, "{workflow}");
        assert_eq!(workflow.matches("max-score: 10\n").count(), 2, "{workflow}");
        let per_check = Policy::parse(r#"{"credit": "check"}"#).unwrap();
        let refused = classroom_workflow(Some(&pinned), &per_check).unwrap_err();
        assert!(refused.to_string().contains("cannot carry"), "{refused}");
    }

    #[test]
    fn the_lock_drops_what_a_starter_manifest_no_longer_declares() {
        // Built from parts: a line of this file that starts with a region's marker would be
        // taken for one when the starter is made from it.
        let region = ["# region", ": solution\n"].concat();
        let reference = format!(
            "[package]\nname = \"task_wait_n\"\n\n[dependencies]\ntasks.workspace = true\n{region}\
             concurrent_coroutines.workspace = true\n# endregion\n\n[dev-dependencies]\n\
             tokio = {{ workspace = true }}\n"
        );
        let reference = reference.as_str();
        let starter = without_solution_regions(reference).unwrap();
        assert_eq!(package_name(&starter).as_deref(), Some("task_wait_n"));
        let gone: BTreeSet<String> = declared_dependencies(reference)
            .difference(&declared_dependencies(&starter))
            .cloned()
            .collect();
        assert_eq!(gone, BTreeSet::from(["concurrent_coroutines".to_owned()]));
        let lock = "version = 4\n\n[[package]]\nname = \"concurrent_coroutines\"\nversion = \"0.1.0\"\n\
                    dependencies = [\n \"tasks\",\n]\n\n[[package]]\nname = \"task_wait_n\"\n\
                    version = \"0.1.0\"\ndependencies = [\n \"concurrent_coroutines\",\n \"tasks\",\n \
                    \"tokio 1.54.1\",\n]\n";
        let dropped = BTreeMap::from([("task_wait_n".to_owned(), gone)]);
        assert_eq!(
            starter_lock(lock, &dropped),
            lock.replacen(" \"concurrent_coroutines\",\n", "", 1)
        );
    }
}
