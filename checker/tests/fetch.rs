//! The fetch downloads what the grade's build compiles. The build runs offline and
//! instrumented (tokio with `--cfg tokio_unstable`, through the checker as rustc's wrapper),
//! so a crate that only that cfg brings in (`tracing`) must be fetched with the same cfg: on a
//! machine whose cargo never downloaded it, a fetch without it left the first grade failing
//! with "failed to download `tracing`".

use std::path::Path;
use std::process::Command;

use checker::run::build::{Workspace, resolving_as_built};

/// What `cargo tree` prints of the crates that bring in `tracing`, for this machine's
/// platform, with every feature on (as the fetch reads the lock), run by `command`.
fn dependents_of_tracing(mut command: Command) -> String {
    command.args([
        "--offline",
        "-e",
        "normal",
        "-i",
        "tracing",
        "--all-features",
    ]);
    let output = command.output().expect("cargo tree should start");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_fetch_resolves_the_dependencies_as_the_instrumented_build_does() {
    checker::run::confine::set_trampoline(env!("CARGO_BIN_EXE_checker").into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let scratch = std::env::temp_dir();
    let workspace = Workspace {
        root: root.clone(),
        target_dir: scratch.clone(),
        build_dir: scratch,
        refused: Default::default(),
    };
    let fetched = dependents_of_tracing(resolving_as_built(&workspace, "tree"));
    assert!(fetched.contains("└── tokio v"), "{fetched}");

    // What the fetch resolved before: the same platform, without the wrapper's cfg.
    let host = String::from_utf8(Command::new("rustc").arg("-vV").output().unwrap().stdout)
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_owned))
        .unwrap();
    let mut plain = Command::new(env!("CARGO"));
    plain
        .current_dir(&root)
        .args(["tree", "--target", &host])
        .env_remove("RUSTC_WRAPPER");
    let unwrapped = dependents_of_tracing(plain);
    assert!(!unwrapped.contains("tokio"), "{unwrapped}");
}
