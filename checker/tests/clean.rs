//! `checker clean`, through the real binary: it removes the grading workspace a grade left in
//! the cache folder, but not while a running checker grades in it, nor the course's own
//! `target/`; it says what it removed and how much it freed, and names what it cannot do.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The reference workspace: this one, in whose target/ the grades below build.
fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The checker with `XDG_CACHE_HOME` set to `cache`, so that the machine's own cache folder
/// is left alone.
fn checker(cache: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_checker"));
    command
        .args(args)
        .env("XDG_CACHE_HOME", cache)
        .env("NO_COLOR", "1");
    command
}

fn run(cache: &Path, args: &[&str]) -> (Output, String) {
    let output = checker(cache, args)
        .output()
        .expect("the checker should start");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    (output, text)
}

/// The grading workspaces (folders named by 16 hexadecimal digits) in `folder`.
fn grading_workspaces(folder: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name().is_some_and(|name| {
                name.len() == 16
                    && name
                        .to_string_lossy()
                        .bytes()
                        .all(|b| b.is_ascii_hexdigit())
            })
        })
        .collect()
}

/// Whether a running checker has marked `folder` as its own in `cache_folder/in-use/`.
fn marked(cache_folder: &Path, folder: &Path) -> bool {
    let line = format!("{}\n", folder.display());
    std::fs::read_dir(cache_folder.join("in-use"))
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| std::fs::read_to_string(entry.path()).is_ok_and(|text| text.contains(&line)))
}

/// A scratch folder of its own for a test, gone before it starts.
fn scratch(name: &str) -> PathBuf {
    let scratch = std::env::temp_dir().join(format!("checker-clean-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    scratch
}

#[test]
fn clean_says_what_it_removes_and_names_what_it_cannot_do() {
    let scratch = scratch("quick");
    let folder = scratch.join("async-checker");

    let (output, text) = run(&scratch, &["clean"]);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert_eq!(
        text,
        format!("nothing to clean: {} does not exist\n", folder.display())
    );

    // What a grade leaves, made by hand: a grading workspace and the shared build folder,
    // beside a folder clean does not know, which it leaves.
    let workspace = folder.join("0123456789abcdef");
    std::fs::create_dir_all(workspace.join("src")).unwrap();
    std::fs::write(workspace.join("Cargo.toml"), "[workspace]\n").unwrap();
    std::fs::create_dir_all(folder.join("build/debug")).unwrap();
    std::fs::write(folder.join("build/debug/artifact"), vec![0u8; 4096]).unwrap();
    std::fs::create_dir_all(folder.join("notes")).unwrap();

    let (output, text) = run(&scratch, &["clean", "--dry-run"]);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.starts_with(&format!(
            "would remove 1 grading workspace and the shared build folder from {}: ",
            folder.display()
        )) && text.ends_with(" would be freed\n"),
        "{text}"
    );
    assert!(workspace.is_dir(), "a dry run removes nothing");

    let (output, text) = run(&scratch, &["clean"]);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.starts_with(&format!(
            "removed 1 grading workspace and the shared build folder from {}: ",
            folder.display()
        )) && text.ends_with(" freed\n"),
        "{text}"
    );
    assert!(!workspace.exists() && !folder.join("build").exists());
    assert!(
        folder.join("notes").is_dir(),
        "what clean does not know stays"
    );

    let (output, text) = run(&scratch, &["clean"]);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert_eq!(text, format!("nothing to clean in {}\n", folder.display()));

    // What clean cannot do is an error that names it, with a status that says so.
    let _ = std::fs::remove_dir_all(folder.join("in-use"));
    std::fs::write(folder.join("in-use"), "not a folder").unwrap();
    let (output, text) = run(&scratch, &["clean"]);
    assert_eq!(output.status.code(), Some(1), "{text}");
    assert!(
        text.starts_with(&format!(
            "error: could not open {}",
            folder.join("in-use/lock").display()
        )),
        "{text}"
    );

    let (output, text) = run(&scratch, &["clean", "--help"]);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("Removes the grading workspaces") && text.contains("--dry-run"),
        "{text}"
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}

#[test]
#[ignore = "grades a starter in a watch session, a build of its own: CI runs it with --ignored"]
fn clean_removes_what_a_grade_left_but_not_while_it_grades_nor_the_courses_target() {
    let scratch = scratch("session");
    let folder = scratch.join("async-checker");
    let target = reference().join("target");

    // A watch session on a starter, in a cache folder of its own: it builds in the course's
    // target/ (the test's cargo set it up), and keeps its grading workspace while it runs.
    let starter = scratch.join("starter");
    let (output, text) = run(&scratch, &["new", &starter.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{text}");
    let mut session = checker(
        &scratch,
        &[
            "grade",
            &starter.to_string_lossy(),
            "--watch",
            "--manual",
            "--task",
            "0",
        ],
    )
    .stdin(Stdio::piped())
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .expect("the checker should start");
    let started = Instant::now();
    let workspace = loop {
        if let [workspace] = grading_workspaces(&folder).as_slice()
            && marked(&folder, workspace)
        {
            break workspace.clone();
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the watch session made no grading workspace"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let (output, text) = run(&scratch, &["clean"]);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.ends_with("kept 1 grading workspace: a running checker uses it\n"),
        "{text}"
    );
    assert!(workspace.join("Cargo.toml").is_file());
    // Enter grades again (in the workspace clean kept), then q quits.
    session.stdin.take().unwrap().write_all(b"\nq").unwrap();
    assert!(session.wait().unwrap().success());
    assert!(workspace.join("target").is_dir(), "the session built in it");

    let (output, text) = run(&scratch, &["clean"]);
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.starts_with(&format!(
            "removed 1 grading workspace from {}: ",
            folder.display()
        )) && text.ends_with(" freed\n"),
        "{text}"
    );
    assert!(!workspace.exists());
    assert!(
        target.join("debug").is_dir(),
        "the course's own target/, where the grade built, is never removed"
    );

    std::fs::remove_dir_all(&scratch).unwrap();
}
