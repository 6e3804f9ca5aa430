//! Every check passes on the workspace's own tasks, those that go further included: a broken
//! task fails `cargo test` too.

use std::thread;
use std::time::Duration;

use checker::grade::workspace::{self, Home};
use checker::harness::check::{Outcome, Settings, Tier};
use checker::harness::checks::{self, CHECKS, IMPORTS_CHECK, IMPORTS_CHECKS};
use checker::run::isolation::{self, Scratch};
use checker::timeline::Recorded;

#[test]
fn every_check_passes_on_the_workspace_tasks() {
    // Built and confined by the real checker, as a grade is: instrumented (so the build is
    // the grades' own, and the timed checks draw), each check's harness confined by it.
    checker::run::confine::set_trampoline(env!("CARGO_BIN_EXE_checker").into());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let workspace = workspace::assemble(&root, &Home::for_workspace(Some(&root)))
        .expect("the reference is a workspace of the tasks");
    let build = checker::run::build::build(&workspace, Duration::from_secs(600))
        .unwrap_or_else(|error| panic!("the harness and the test programs should build: {error}"));
    assert!(build.unbuilt.is_empty(), "{:?}", build.unbuilt);
    assert!(build.warnings.is_empty(), "{:?}", build.warnings);
    let harness = build.harness.expect("every task built");
    // One seed keeps `cargo test` fast; `checker --seed N` over many seeds is the
    // robustness run.
    let settings = Settings {
        seed: 0x5EED,
        real_time: false,
        time_limit: None,
        strict: true,
        // Confined as a grade confines them: no correct check runs out of anything.
        confine: Some(checker::harness::check::Limits::default()),
        drawing: checker::timeline::Drawing::default(),
        cut_short: false,
    };
    let selected = checks::selected(None, false);
    assert_eq!(selected.len(), CHECKS.len() + IMPORTS_CHECKS.len());
    // The checks the harness runs; those of imports are the checker's, from their outcomes.
    let all: Vec<_> = selected
        .into_iter()
        .filter(|check| check.name != IMPORTS_CHECK)
        .collect();
    let scratch = Scratch::new().expect("a scratch folder");
    // All at once, each in its own child process, as the checks share nothing: the
    // real-clock ones tolerate the load.
    let outcomes: Vec<Outcome> = thread::scope(|scope| {
        let running: Vec<_> = all
            .iter()
            .map(|check| scope.spawn(|| isolation::run(&harness, check, settings, &scratch)))
            .collect();
        running
            .into_iter()
            .map(|outcome| outcome.join().expect("isolation::run never panics"))
            .collect()
    });
    let known: Vec<&Outcome> = outcomes.iter().collect();
    for task in 1..5 {
        checks::imports_verdict(task, &known)
            .unwrap_or_else(|failure| panic!("task {task}'s imports:\n{failure}"));
    }
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|outcome| {
            let failure = outcome.verdict.as_ref().err()?;
            Some(format!("{}:\n{failure}", outcome.check.name))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    // Every timed check drew the waits of the call it timed (tasks 0, 1, 2 and 4).
    let mut drawn = Vec::new();
    for outcome in &outcomes {
        match &outcome.timeline {
            Some(Recorded::Timeline(timeline)) => {
                assert!(
                    !timeline.waits.is_empty(),
                    "{}: no wait",
                    outcome.check.name
                );
                drawn.push(outcome.check.task);
            }
            Some(Recorded::Missing(why)) => panic!("{}: no timeline: {why}", outcome.check.name),
            None => {}
        }
    }
    drawn.sort_unstable();
    drawn.dedup();
    assert_eq!(
        drawn,
        [0, 1, 2, 4],
        "the tasks whose checks drew a timeline"
    );
    let printed: Vec<&str> = outcomes
        .iter()
        .filter(|outcome| !outcome.output.is_empty())
        .map(|outcome| outcome.check.name)
        .collect();
    assert!(
        printed.is_empty(),
        "the workspace's tasks print nothing: {printed:?}"
    );
}

#[test]
fn one_task_selects_its_own_checks_and_real_time_adds_its_program_run() {
    let task_two = checks::selected(Some(2), false);
    assert!(!task_two.is_empty() && task_two.iter().all(|check| check.task == 2));
    let with_real_time = checks::selected(Some(2), true);
    assert_eq!(with_real_time.len(), task_two.len() + 1);
    let last_of_the_grade = with_real_time
        .iter()
        .rfind(|check| check.tier == Tier::Grade && check.name != IMPORTS_CHECK)
        .map(|check| check.name);
    assert_eq!(last_of_the_grade, Some("2-main on the real clock"));
    let tiers: Vec<Tier> = with_real_time.iter().map(|check| check.tier).collect();
    assert!(tiers.is_sorted(), "the grade's checks run first: {tiers:?}");
}
