//! What a compile error of a task most likely means, in a learner's terms.
//!
//! rustc's own message comes first, as it rendered it, at the learner's line; these hints
//! follow it for the mistakes that learners of the course make most: a value that is not
//! `Send` held across an `.await`, `task_wait_random` written as an `async fn`, rand's older
//! names, a signature that is not the course's.

use std::fmt::Write as _;

use crate::checks::Task;
use crate::programs::Unbuilt;

/// The course's signature of each task's function, by task number.
pub const SIGNATURES: [&str; 5] = [
    "pub async fn wait_random(max_delay: u32) -> f64",
    "pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64>",
    "pub fn measure_time(n: usize, max_delay: u32) -> f64",
    "pub fn task_wait_random(max_delay: u32) -> tokio::task::JoinHandle<f64>",
    "pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64>",
];

/// The failure of `task`, whose crate does not compile with `errors` (as rustc rendered
/// them); `source` is its `src/lib.rs`, read for the mistakes that rustc names elsewhere.
pub fn does_not_compile(task: Task, errors: &str, source: &str) -> Unbuilt {
    let mut hints = Vec::new();
    let file = format!("{}/src/lib.rs", task.crate_name);
    if errors.contains("cannot be sent between threads safely") {
        hints.push(
            "a spawned task may move between threads, so its future must be Send; the future \
             of wait_random holds a value that is not Send (ThreadRng, Rc, RefCell, a std \
             MutexGuard) across its .await: rustc's note names the line. Draw the delay \
             before the .await, in a block of its own, so the value is dropped first: \
             `let delay = { let mut rng = rand::rng(); rng.random_range(0.0..=max) };` or \
             simply `rand::random_range(0.0..=max)`"
                .to_owned(),
        );
    }
    if let Some(line) = declaration_line(source, "async fn task_wait_random") {
        hints.push(format!(
            "{file}:{line}: task_wait_random is an async fn, a coroutine that starts nothing \
             until it is awaited; task 3 asks for a regular function that returns the task, \
             running at once, as asyncio.create_task does: \
             `pub fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {{ \
             tokio::spawn(wait_random(max_delay)) }}`"
        ));
    }
    if errors.contains("thread_rng") {
        hints.push(
            "rand 0.9 renamed thread_rng() to rand::rng(); or draw with rand::random_range(…)"
                .to_owned(),
        );
    }
    if errors.contains("gen_range") {
        hints.push("rand 0.9 renamed gen_range to random_range".to_owned());
    }
    if errors.contains("random_range") && errors.contains("RngExt") {
        hints.push(
            "in rand 0.10 the methods such as random_range come from the RngExt trait: \
             `use rand::RngExt;` (or call rand::random_range(…) directly)"
                .to_owned(),
        );
    }
    let outside_the_crate = errors
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .any(|at| !at.starts_with(&file));
    if outside_the_crate && hints.is_empty() {
        hints.push(format!(
            "the test program and the checker call {}, the course's signature: keep it \
             exactly (the types of the arguments and of the result)",
            SIGNATURES[usize::from(task.number)]
        ));
    }
    if hints.is_empty() {
        hints.push("read rustc's message above: it names the line and usually the fix".to_owned());
    }
    Unbuilt {
        reason: format!("{} does not compile", task.crate_name),
        messages: errors.to_owned(),
        hint: hints.join("\n"),
    }
}

/// The 1-based line of `source` that declares `declaration` (outside comments), if any.
fn declaration_line(source: &str, declaration: &str) -> Option<usize> {
    source
        .lines()
        .position(|line| {
            let code = line.split("//").next().unwrap_or_default();
            code.contains(declaration)
        })
        .map(|index| index + 1)
}

/// Among a task's compiler `warnings` (as rendered), those that explain a failure: a future
/// that is never awaited, and so never runs.
pub fn explaining_warnings(warnings: &str) -> String {
    let mut kept = String::new();
    for warning in warnings
        .split("\nwarning")
        .enumerate()
        .map(|(index, part)| {
            if index == 0 {
                part.to_owned()
            } else {
                format!("warning{part}")
            }
        })
    {
        if warning.contains("futures do nothing unless") || warning.contains("must be used") {
            let _ = writeln!(kept, "{}", warning.trim_end());
        }
    }
    kept.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checks::TASKS;

    #[test]
    fn a_value_held_across_an_await_in_a_spawned_task_gets_the_send_hint() {
        let errors = "error: future cannot be sent between threads safely\n  --> tasks/src/lib.rs:9:5\nnote: future is not `Send` as this value is used across an await\n  --> basic_async_syntax/src/lib.rs:12:9";
        let unbuilt = does_not_compile(TASKS[3], errors, "pub fn task_wait_random() {}");
        assert!(
            unbuilt.hint.contains("before the .await"),
            "{}",
            unbuilt.hint
        );
        assert!(
            !unbuilt.hint.contains("keep it exactly"),
            "{}",
            unbuilt.hint
        );
    }

    #[test]
    fn an_async_task_wait_random_is_named_at_its_line() {
        let source = "use x;\n// async fn task_wait_random in a comment\npub async fn task_wait_random(max_delay: u32) -> f64 {\n";
        let errors = "error[E0599]: no method named `expect` found for type `f64`\n --> tasks/src/main.rs:19:24";
        let unbuilt = does_not_compile(TASKS[3], errors, source);
        assert!(
            unbuilt
                .hint
                .starts_with("tasks/src/lib.rs:3: task_wait_random is an async fn"),
            "{}",
            unbuilt.hint
        );
    }

    #[test]
    fn rands_older_names_and_a_changed_signature_get_their_hints() {
        let old = does_not_compile(
            TASKS[0],
            "error[E0425]: cannot find function `thread_rng` in crate `rand`\n --> basic_async_syntax/src/lib.rs:5:1",
            "",
        );
        assert!(old.hint.contains("rand::rng()"), "{}", old.hint);
        let changed = does_not_compile(
            TASKS[1],
            "error[E0308]: mismatched types\n --> concurrent_coroutines/src/main.rs:10:31",
            "",
        );
        assert!(
            changed
                .hint
                .contains("pub async fn wait_n(n: usize, max_delay: u32)"),
            "{}",
            changed.hint
        );
    }

    #[test]
    fn only_the_warnings_that_explain_a_failure_are_kept() {
        let warnings = "warning: unused variable: `x`\n --> a.rs:1:1\nwarning: unused implementer of `Future` that must be used\n --> a.rs:2:5\n  = note: futures do nothing unless you `.await` or poll them";
        let kept = explaining_warnings(warnings);
        assert!(kept.starts_with("warning: unused implementer"), "{kept}");
        assert!(!kept.contains("unused variable"), "{kept}");
    }
}
