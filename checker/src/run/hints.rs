//! What a compile error of a task most likely means, in a learner's terms.
//!
//! rustc's own message comes first, as it rendered it, at the learner's line; these hints
//! follow it for the mistakes that learners of the course make most: a value that is not
//! `Send` held across an `.await`, `task_wait_random` written as an `async fn`, rand's older
//! names, a signature that is not the course's.

use std::fmt::Write as _;

use crate::harness::checks::Task;

/// Why a task was not built, and so not graded but failed: the diagnosis a build makes, in
/// the learner's terms, with this module's hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbuilt {
    /// What went wrong, in one line.
    pub reason: String,
    /// The compiler's messages, as it rendered them (paths relative to the workspace), if any.
    pub messages: String,
    /// What to change.
    pub hint: String,
}

/// The course's signature of each task's function, by task number.
pub const SIGNATURES: [&str; 5] = [
    "pub async fn wait_random(max_delay: u32) -> f64",
    "pub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64>",
    "pub fn measure_time(n: usize, max_delay: u32) -> f64",
    "pub fn task_wait_random(max_delay: u32) -> tokio::task::JoinHandle<f64>",
    "pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64>",
];

/// The failure of `task`, whose crate does not compile with `errors` (as rustc rendered
/// them); `source` gives a task crate's `src/lib.rs` by crate name, read for the mistakes
/// that rustc names elsewhere than where they are.
pub fn does_not_compile(task: Task, errors: &str, source: impl Fn(&str) -> String) -> Unbuilt {
    let mut hints = Vec::new();
    if errors.contains("cannot be sent between threads safely") {
        let held = held_across_an_await(&source("basic_async_syntax"))
            .map(|(line, code, awaited)| {
                format!(
                    "basic_async_syntax/src/lib.rs:{line}: `{code}` is still alive at the \
                     .await on line {awaited}. "
                )
            })
            .unwrap_or_default();
        hints.push(format!(
            "{held}A spawned task may move between threads, so its future must be Send; \
             wait_random holds a value that is not Send (ThreadRng, Rc, RefCell, a std \
             MutexGuard) across its .await. Draw the delay before the .await, in a block of \
             its own, so the value is dropped first: `let delay = {{ let mut rng = \
             rand::rng(); rng.random_range(0.0..=max) }};`, or simply \
             `rand::random_range(0.0..=max)`"
        ));
    }
    let coroutine = "async fn task_wait_random";
    // Task 3 declares it, and task 4 is built against it.
    let calls_it = task.number == 3 || task.number == 4;
    let declared = declaration_line(&source("tasks"), coroutine).filter(|_| calls_it);
    if let Some(line) = declared {
        // The idea, and the API's names: the body is the learner's to write.
        let fix = "task 3 asks for a regular function (no async) that starts the task at \
                   once and returns it, as asyncio.create_task does: tokio::spawn hands a \
                   future to the runtime and returns its JoinHandle<f64>, which the caller \
                   awaits later";
        hints.push(if task.number == 3 {
            format!(
                "tasks/src/lib.rs:{line}: task_wait_random is an async fn, a coroutine that \
                 starts nothing until it is awaited; {fix}"
            )
        } else {
            format!(
                "task_wait_n calls task_wait_random, which is an async fn (tasks/src/lib.rs:\
                 {line}) where the course asks for a JoinHandle: {fix}; then this compiles"
            )
        });
    }
    if errors.contains("couldn't read") && errors.contains("Permission denied") {
        hints.push(
            "the grader lets no code read its machine, at build time as when it runs: \
             include_str!, include_bytes! and include! may read only the files of your own \
             crate (`include_str!(\"data.txt\")`, beside the source file)"
                .to_owned(),
        );
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
    // Only where rustc says the trait is not in scope: an error at a call of random_range
    // with other arguments names `RngExt::random_range` too (a bound in rand's source), and
    // the file that imports the trait needs another hint than importing it.
    let not_in_scope = errors.contains("trait `RngExt` which provides")
        || (errors.contains("random_range")
            && errors.contains("items from traits can only be used if the trait is in scope"));
    if not_in_scope && !imports_rng_ext(&source(task.crate_name)) {
        hints.push(
            "in rand 0.10 the methods such as random_range come from the RngExt trait: \
             `use rand::RngExt;` (or call rand::random_range(…) directly)"
                .to_owned(),
        );
    }
    // A crate the learner's code uses without declaring it.
    let undeclared = errors.lines().find_map(|line| {
        let (_, rest) = line
            .split_once("unlinked crate `")
            .or_else(|| line.split_once("undeclared crate or module `"))?;
        let name = rest.split(['`', ':']).next()?;
        let known = ["crate", "self", "super", "std", "core", "alloc"];
        (!name.is_empty() && !known.contains(&name)).then(|| name.to_owned())
    });
    if let Some(name) = undeclared {
        hints.push(format!(
            "{name} is not a dependency of {crate_name}: add it under [dependencies] in \
             {crate_name}/Cargo.toml (`{name}.workspace = true` for a crate of this \
             workspace, or a version from crates.io)",
            crate_name = task.crate_name
        ));
    }
    // An earlier task's function called without importing it: rustc suggests no import
    // from another crate of the workspace, so the learner is told which crate holds it.
    for earlier in &crate::harness::checks::TASKS[..usize::from(task.number)] {
        let not_found = format!("cannot find function `{}` in this scope", earlier.function);
        if errors.contains(&not_found) {
            hints.push(format!(
                "{} is task {}'s, in the crate {}: bring it into scope with `use {}::{};` at \
                 the top of {}/src/lib.rs, as the Python file imports it with __import__",
                earlier.function,
                earlier.number,
                earlier.crate_name,
                earlier.crate_name,
                earlier.function,
                task.crate_name
            ));
        }
    }
    // A future where its output is wanted, most often an async block that returns the call
    // of an async fn without `.await` (`tokio::spawn(async move { wait_random(d) })`): rustc
    // names the types and, inside a block, suggests no `.await`. Its types are the course's,
    // so the hint on signatures below would send the learner elsewhere.
    let unawaited = errors.lines().any(|line| {
        line.contains("found")
            && (line.contains("impl Future<Output") || line.contains("found future"))
    });
    if unawaited {
        hints.push(
            "a future stands where its output is wanted: calling an async fn (wait_random, \
             wait_n) only makes a future, which does nothing until it is awaited. Add \
             `.await` after the call, inside the async block too (`async move { \
             wait_random(max_delay).await }`), so that its output is the value itself"
                .to_owned(),
        );
    }
    // Code that calls an earlier task's function with other types than the course's.
    if !unawaited && (errors.contains("mismatched types") || errors.contains("E0308")) {
        for earlier in &crate::harness::checks::TASKS[..usize::from(task.number)] {
            if calls(errors, earlier.function) {
                hints.push(format!(
                    "this calls {} as the course's signature has it, `{}`: does task {}'s \
                     still read so?",
                    earlier.function,
                    SIGNATURES[usize::from(earlier.number)],
                    earlier.number
                ));
            }
        }
    }
    // An error in the test program or in the checker's contract file: the signature changed.
    let outside_the_crate = errors
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .any(|at| at.starts_with("checker/") || at.contains("/src/main.rs"));
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

/// Whether `source` imports rand's `RngExt` for the whole file (a `use` line at its top
/// level, outside comments, naming the trait or rand's prelude).
fn imports_rng_ext(source: &str) -> bool {
    source.lines().any(|line| {
        let code = line.split("//").next().unwrap_or_default();
        code.starts_with("use rand") && (code.contains("RngExt") || code.contains("prelude::*"))
    })
}

/// Whether `text` calls `function` by that very name (`wait_n(` and not `task_wait_n(`).
fn calls(text: &str, function: &str) -> bool {
    text.match_indices(&format!("{function}(")).any(|(at, _)| {
        !text[..at]
            .chars()
            .next_back()
            .is_some_and(|before| before.is_alphanumeric() || before == '_')
    })
}

/// Where `wait_random`'s `source` creates a value that is not `Send` and awaits while it
/// lives: the value's line, its code, and the line of the `.await`.
fn held_across_an_await(source: &str) -> Option<(usize, String, usize)> {
    const NOT_SEND: [&str; 6] = [
        "rng()",
        "thread_rng()",
        "Rc::new",
        "RefCell::new",
        ".lock()",
        "Cell::new",
    ];
    let lines: Vec<&str> = source.lines().collect();
    let start = lines
        .iter()
        .position(|line| line.contains("fn wait_random"))?;
    let held = (start..lines.len()).find(|&index| {
        let code = lines[index].split("//").next().unwrap_or_default();
        NOT_SEND.iter().any(|value| code.contains(value)) && code.trim_start().starts_with("let ")
    })?;
    let awaited = (held..lines.len())
        .take_while(|&index| index == held || !lines[index].starts_with('}'))
        .find(|&index| lines[index].contains(".await"))?;
    Some((held + 1, lines[held].trim().to_owned(), awaited + 1))
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

/// What follows rustc's `help: use \`let _ = ...\`` under an unused future: the help is the
/// compiler's, the fix is not.
pub const CONTRADICTED: &str = "note: rustc's suggestion above would silence the warning, not \
     fix it: `let _ =` drops the future without running it, so nothing waits. Add `.await` \
     after the call instead, so that the future runs to its end.";

/// Among a task's compiler `warnings` (as rendered), those that explain a failure: a future
/// that is never awaited, and so never runs. A suggestion of rustc's that would silence the
/// warning without fixing the mistake is marked as such ([`CONTRADICTED`]).
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
            // rustc offers to discard the future, which silences the warning and keeps the
            // mistake: said so beside it, so that the learner does not take that way.
            if warning.contains("let _ = ") {
                let _ = writeln!(kept, "{CONTRADICTED}");
            }
        }
    }
    kept.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::checks::TASKS;

    #[test]
    fn a_value_held_across_an_await_in_a_spawned_task_gets_the_send_hint_at_its_line() {
        let errors = "error[E0277]: `Rc<UnsafeCell<..>>` cannot be sent between threads safely\n  --> tasks/src/lib.rs:9:5\nnote: required because it's used within this `async` fn body\n  --> basic_async_syntax/src/lib.rs:1:49";
        let wait_random = "pub async fn wait_random(max_delay: u32) -> f64 {\n    let mut rng = rand::rng();\n    let delay = rng.random_range(0.0..=1.0);\n    sleep(d).await;\n    delay\n}\n";
        let unbuilt = does_not_compile(TASKS[3], errors, |name| match name {
            "basic_async_syntax" => wait_random.to_owned(),
            _ => String::new(),
        });
        assert!(
            unbuilt.hint.starts_with(
                "basic_async_syntax/src/lib.rs:2: `let mut rng = rand::rng();` is still alive \
                 at the .await on line 4"
            ),
            "{}",
            unbuilt.hint
        );
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
    fn an_async_task_wait_random_is_named_at_its_line_for_task_3_and_task_4() {
        let source = "use x;\n// async fn task_wait_random in a comment\npub async fn task_wait_random(max_delay: u32) -> f64 {\n";
        let errors = "error[E0599]: no method named `expect` found for type `f64`\n --> tasks/src/main.rs:19:24";
        let unbuilt = does_not_compile(TASKS[3], errors, |_| source.to_owned());
        assert!(
            unbuilt
                .hint
                .starts_with("tasks/src/lib.rs:3: task_wait_random is an async fn"),
            "{}",
            unbuilt.hint
        );
        let errors = "error[E0599]: no method named `expect` found for type `f64`\n --> task_wait_n/src/lib.rs:9:24\n --> /rustc/std/src/num/f64.rs:1:1";
        let importer = does_not_compile(TASKS[4], errors, |_| source.to_owned());
        assert!(
            importer.hint.starts_with(
                "task_wait_n calls task_wait_random, which is an async fn (tasks/src/lib.rs:3)"
            ),
            "{}",
            importer.hint
        );
        assert!(
            !importer.hint.contains("keep it exactly"),
            "{}",
            importer.hint
        );
    }

    #[test]
    fn an_undeclared_crate_and_a_call_of_a_changed_earlier_task_get_their_hints() {
        let errors = "error[E0433]: failed to resolve: use of unresolved module or unlinked crate `concurrent_coroutines`\n --> task_wait_n/src/lib.rs:80:5";
        let undeclared = does_not_compile(TASKS[4], errors, |_| String::new());
        assert!(
            undeclared.hint.starts_with(
                "concurrent_coroutines is not a dependency of task_wait_n: add it under [dependencies]"
            ),
            "{}",
            undeclared.hint
        );
        let errors = "error[E0308]: mismatched types\n --> measure_runtime/src/lib.rs:83:17\n   |\n83 |     rt.block_on(wait_n(n, max_delay));\n   |                        ^ expected `u32`, found `usize`";
        let caller = does_not_compile(TASKS[2], errors, |_| String::new());
        assert!(
            caller
                .hint
                .contains("this calls wait_n as the course's signature has it"),
            "{}",
            caller.hint
        );
    }

    #[test]
    fn a_spawned_block_that_returns_wait_randoms_future_is_told_to_await_it() {
        // rustc 1.95's message, as the checker showed it to a learner.
        let errors = "error[E0308]: mismatched types\n   --> tasks/src/lib.rs:137:5\n    |\n136 | pub fn task_wait_random(max_delay: u32) -> JoinHandle<f64> {\n    |                                            --------------- expected `tokio::task::JoinHandle<f64>` because of return type\n137 |     tokio::spawn(async move { basic_async_syntax::wait_random(max_delay) })\n    |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ expected `JoinHandle<f64>`, found `JoinHandle<impl Future<Output = f64>>`\n    |\n    = note: expected struct `tokio::task::JoinHandle<f64>`\n               found struct `tokio::task::JoinHandle<impl Future<Output = f64>>`";
        let unawaited = does_not_compile(TASKS[3], errors, |_| String::new());
        assert!(
            unawaited
                .hint
                .starts_with("a future stands where its output is wanted"),
            "{}",
            unawaited.hint
        );
        assert!(unawaited.hint.contains("wait_random(max_delay).await"));
        // Task 0's signature is the course's: the hint on signatures does not follow.
        assert!(
            !unawaited.hint.contains("course's signature"),
            "{}",
            unawaited.hint
        );
    }

    #[test]
    fn rands_older_names_and_a_changed_signature_get_their_hints() {
        let old = does_not_compile(
            TASKS[0],
            "error[E0425]: cannot find function `thread_rng` in crate `rand`\n --> basic_async_syntax/src/lib.rs:5:1",
            |_| String::new(),
        );
        assert!(old.hint.contains("rand::rng()"), "{}", old.hint);
        let changed = does_not_compile(
            TASKS[1],
            "error[E0308]: mismatched types\n --> concurrent_coroutines/src/main.rs:10:31",
            |_| String::new(),
        );
        assert!(
            changed
                .hint
                .contains("pub async fn wait_n(n: usize, max_delay: u32)"),
            "{}",
            changed.hint
        );
    }

    /// rustc's message at a call of `random_range` whose trait is not in scope.
    const RNG_EXT_NOT_IN_SCOPE: &str = "error[E0599]: no method named `random_range` found for struct `ThreadRng` in the current scope\n   --> basic_async_syntax/src/lib.rs:3:17\n    |\n  3 |     rand::rng().random_range(0.0..=f64::from(max_delay))\n    |                 ^^^^^^^^^^^^\n    = help: items from traits can only be used if the trait is in scope\nhelp: trait `RngExt` which provides `random_range` is implemented but not in scope; perhaps you want to import it\n    |\n  1 + use rand::RngExt;";

    /// rustc's message at a call of `random_range` with an argument that is not a range,
    /// in a file that imports `RngExt`: rand's bound names the trait.
    const NOT_A_RANGE: &str = "error[E0277]: the trait bound `f64: SampleRange<_>` is not satisfied\n   --> basic_async_syntax/src/lib.rs:3:30\n    |\n  3 |     rand::rng().random_range(f64::from(max_delay))\n    |                 ------------ ^^^^^^^^^^^^^^^^^^^^ the trait `SampleRange<_>` is not implemented for `f64`\nnote: required by a bound in `rand::RngExt::random_range`\n   --> /root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/rand-0.10.3/src/rng.rs:166:12\n    |\n166 |         R: SampleRange<T>,\n    |            ^^^^^^^^^^^^^^ required by this bound in `RngExt::random_range`";

    #[test]
    fn the_rng_ext_hint_is_given_only_where_the_trait_is_not_in_scope() {
        let without = "pub async fn wait_random(max_delay: u32) -> f64 {\n    use rand::Rng;\n";
        let missing = does_not_compile(TASKS[0], RNG_EXT_NOT_IN_SCOPE, |_| without.to_owned());
        assert!(
            missing.hint.contains("use rand::RngExt;"),
            "{}",
            missing.hint
        );
        let with = "use rand::RngExt;\n\npub async fn wait_random(max_delay: u32) -> f64 {\n";
        for errors in [NOT_A_RANGE, RNG_EXT_NOT_IN_SCOPE] {
            let imported = does_not_compile(TASKS[0], errors, |_| with.to_owned());
            assert!(
                !imported.hint.contains("RngExt"),
                "the file imports it: {}",
                imported.hint
            );
        }
        let other = does_not_compile(TASKS[0], NOT_A_RANGE, |_| without.to_owned());
        assert!(!other.hint.contains("RngExt"), "{}", other.hint);
    }

    #[test]
    fn the_async_fn_hint_gives_the_idea_and_names_the_api_without_the_body() {
        let source = "pub async fn task_wait_random(max_delay: u32) -> f64 {\n";
        let errors = "error[E0599]: no method named `expect` found for type `f64`\n --> tasks/src/main.rs:19:24";
        for task in [TASKS[3], TASKS[4]] {
            let hint = does_not_compile(task, errors, |_| source.to_owned()).hint;
            assert!(
                hint.contains("regular function") && hint.contains("at once"),
                "{hint}"
            );
            assert!(
                hint.contains("tokio::spawn") && hint.contains("JoinHandle"),
                "{hint}"
            );
            assert!(
                !hint.contains("spawn(") && !hint.contains("pub fn") && !hint.contains('{'),
                "the body is the learner's to write: {hint}"
            );
        }
    }

    #[test]
    fn rustcs_let_underscore_under_an_unused_future_is_marked_as_no_fix() {
        let warnings = "warning: unused implementer of `Future` that must be used\n --> basic_async_syntax/src/lib.rs:4:5\n  |\n4 |     tokio::time::sleep(Duration::from_secs_f64(delay));\n  |     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n  |\n  = note: futures do nothing unless you `.await` or poll them\n  = note: `#[warn(unused_must_use)]` (part of `#[warn(unused)]`) on by default\nhelp: use `let _ = ...` to ignore the resulting value\n  |\n4 |     let _ = tokio::time::sleep(Duration::from_secs_f64(delay));\n  |     +++++++";
        let kept = explaining_warnings(warnings);
        let (rustc, note) = kept.split_once(CONTRADICTED).expect("the note");
        assert!(rustc.contains("help: use `let _ = ...`"), "{kept}");
        assert!(
            note.trim().is_empty(),
            "the note comes after rustc's help: {kept}"
        );
        assert!(CONTRADICTED.contains(".await"), "{CONTRADICTED}");
        // A warning without that suggestion gets no note.
        let plain = explaining_warnings(
            "warning: unused implementer of `Future` that must be used\n = note: futures do nothing unless you `.await` or poll them",
        );
        assert!(!plain.contains(CONTRADICTED), "{plain}");
    }

    #[test]
    fn only_the_warnings_that_explain_a_failure_are_kept() {
        let warnings = "warning: unused variable: `x`\n --> a.rs:1:1\nwarning: unused implementer of `Future` that must be used\n --> a.rs:2:5\n  = note: futures do nothing unless you `.await` or poll them";
        let kept = explaining_warnings(warnings);
        assert!(kept.starts_with("warning: unused implementer"), "{kept}");
        assert!(!kept.contains("unused variable"), "{kept}");
    }

    #[test]
    fn an_earlier_tasks_function_not_in_scope_is_told_where_it_is() {
        let errors = "error[E0425]: cannot find function `wait_random` in this scope\n   --> \
                      concurrent_coroutines/src/lib.rs:232:21";
        let unbuilt = does_not_compile(TASKS[1], errors, |_| String::new());
        assert!(
            unbuilt
                .hint
                .contains("`use basic_async_syntax::wait_random;` at the top of concurrent_coroutines/src/lib.rs"),
            "{}",
            unbuilt.hint
        );
        // A function of the task itself, or of no task, is rustc's to explain.
        let own = "error[E0425]: cannot find function `wait_n` in this scope";
        assert!(
            !does_not_compile(TASKS[1], own, |_| String::new())
                .hint
                .contains("use ")
        );
    }
}
