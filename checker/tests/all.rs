//! The checker's own tests, in one binary.
//!
//! Cargo runs test binaries one after another, and many of these tests wait: on a child
//! process, a build, or the real clock of a check that times a blocking sleep. In one binary
//! they wait together, beside the others, so `cargo test --workspace` takes the time of its
//! work rather than the sum of its waits. Each file is a module, named as it was as a binary
//! of its own (`cargo test -p checker --test all timelines::` runs those of `timelines.rs`).
//! `misbehaving_tasks.rs` stays apart: it is its own harness, and its own child process.

mod support;

mod binary;
mod broken_tasks;
mod clean;
mod escapes;
mod every_check;
mod fetch;
mod hint_ladders;
mod layout;
mod learners;
mod properties;
mod readme;
mod starter;
mod timelines;
mod watch;

/// Cargo no longer finds test files by itself (`autotests = false`), so a new file of
/// `checker/tests` runs only once it is a module here: this says so instead of skipping it.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let tests = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let this = std::fs::read_to_string(tests.join("all.rs")).unwrap();
    for entry in std::fs::read_dir(&tests).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(module) = name.strip_suffix(".rs") else {
            continue;
        };
        if module == "all" || module == "misbehaving_tasks" {
            continue;
        }
        assert!(
            this.contains(&format!("\nmod {module};\n")),
            "checker/tests/{name} is no module of checker/tests/all.rs, so none of its tests runs"
        );
    }
}
