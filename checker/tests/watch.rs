//! The watch mode as a person drives it: the real binary in a pseudo-terminal, keys typed in,
//! the screen read back (what follows the last clear of the screen, without its colours).
//!
//! The quick test drives it on this workspace, where every task passes; the slow one
//! (`--ignored`) on a starter as a learner works through it: it opens on the first task that
//! does not pass, a written task passes and `n` moves on, `x` then `y` resets a task.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use checker::harness::checks::TASKS;

/// What the terminal clears the screen with, before each screen.
const CLEAR: &str = "\x1b[2J\x1b[3J\x1b[H";

/// The checker, running in a pseudo-terminal.
struct Terminal {
    child: Child,
    input: std::fs::File,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Terminal {
    /// Starts the checker with `args` in the folder `dir`, its terminal a pseudo-terminal.
    fn start(dir: &Path, args: &[&str]) -> Self {
        use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};

        let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pseudo-terminal");
        grantpt(&master).expect("grantpt");
        unlockpt(&master).expect("unlockpt");
        let name = ptsname(&master, Vec::new()).expect("the terminal's name");
        let path = PathBuf::from(name.to_string_lossy().into_owned());
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&path)
            .expect("the terminal's other end");
        let child = Command::new(env!("CARGO_BIN_EXE_checker"))
            .args(args)
            .current_dir(dir)
            .env("TERM", "xterm")
            .env_remove("NO_COLOR")
            .env_remove("CARGO_MANIFEST_DIR")
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(Stdio::from(slave.try_clone().unwrap()))
            .stderr(Stdio::from(slave))
            .spawn()
            .expect("the checker should start");
        let master = std::fs::File::from(master);
        let input = master.try_clone().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let collected = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut master = master;
            let mut buffer = [0; 4096];
            // The read fails once the checker's end is closed: the end of its output.
            while let Ok(read @ 1..) = master.read(&mut buffer) {
                collected.lock().unwrap().extend_from_slice(&buffer[..read]);
            }
        });
        Self {
            child,
            input,
            output,
        }
    }

    /// The screen: what was written since the last clear, without its styles.
    fn screen(&self) -> String {
        let output = String::from_utf8_lossy(&self.output.lock().unwrap()).into_owned();
        let last = output.rfind(CLEAR).map_or(0, |at| at + CLEAR.len());
        without_styles(&output[last..]).replace("\r\n", "\n")
    }

    /// Types `keys`.
    fn keys(&mut self, keys: &str) {
        self.input.write_all(keys.as_bytes()).unwrap();
        self.input.flush().unwrap();
    }

    /// Waits until the screen shows the keys again (no grade running) and `until` holds,
    /// and returns it; fails the test with the screen after `seconds`.
    fn wait(&mut self, seconds: u64, what: &str, until: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(seconds);
        loop {
            let screen = self.screen();
            let idle = screen.trim_end().ends_with("q quit") || screen.trim_end().ends_with("y/n");
            if idle && until(&screen) {
                return screen;
            }
            // Cargo itself failed (no crate to build with, say): no key makes it pass.
            if idle && screen.contains("cargo could not build the tasks") {
                let _ = self.child.kill();
                panic!("no screen {what}: the build failed:\n{screen}");
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("no screen {what} within {seconds} s; the last:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Quits with `q` and returns the exit status.
    fn quit(mut self) -> Option<i32> {
        self.keys("q");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("q did not quit:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// `text` without its ANSI escape sequences.
fn without_styles(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

/// The rows a screen takes on a terminal `width` columns wide.
fn rows(screen: &str, width: usize) -> usize {
    screen
        .trim_end()
        .lines()
        .map(|line| line.chars().count().div_ceil(width).max(1))
        .sum()
}

fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn keys_drive_the_watch_mode_on_a_workspace_whose_tasks_pass() {
    // Tasks 0 and 3, whose checks take least time: the keys are what this tests.
    let mut terminal = Terminal::start(&reference(), &["--watch", "--task", "0", "--seed", "3"]);
    let screen = terminal.wait(300, "of task 0", |screen| {
        screen.contains("★ Task 0 passes.")
    });
    assert!(screen.contains("Task 0 · the basics of async"), "{screen}");
    assert!(
        screen.contains("  ✓ wait_random does not block its thread\n"),
        "{screen}"
    );
    // With --task, only that task is graded at first.
    assert!(
        screen.contains("Progress: ") && screen.contains(" 1/5 tasks pass · task 0 in focus"),
        "{screen}"
    );
    // This workspace is the reference, no starter: nothing to reset.
    assert!(
        screen
            .trim_end()
            .ends_with("n next · h hint · l list · r grade · f further · ? keys · q quit"),
        "{screen}"
    );
    assert!(rows(&screen, 80) <= 20, "a pass in 20 rows:\n{screen}");

    terminal.keys("l");
    let list = terminal.wait(10, "listing the tasks", |screen| {
        screen.contains("The tasks:")
    });
    assert!(list.contains("▸ ✓ 0  the basics of async"), "{list}");
    assert!(
        list.contains("  · 1  execute multiple coroutines"),
        "not graded yet:\n{list}"
    );
    terminal.keys("3");
    let task3 = terminal.wait(60, "of task 3", |screen| {
        screen.contains("★ Task 3 passes.")
    });
    assert!(task3.contains("Task 3 · tasks (tasks)"), "{task3}");

    terminal.keys("h");
    let hint = terminal.wait(10, "with a hint", |screen| screen.contains("Hint 1 of "));
    assert!(!hint.contains("Hint 2 of "), "one step at a time:\n{hint}");
    terminal.keys("h");
    terminal.wait(10, "with two hints", |screen| screen.contains("Hint 2 of "));

    terminal.keys("?");
    let keys = terminal.wait(10, "of the keys", |screen| screen.starts_with("Keys"));
    assert!(keys.contains("  n  the next task"), "{keys}");
    assert!(
        !keys.contains("  x  "),
        "no reset outside a starter:\n{keys}"
    );
    // Any key closes them; x does nothing here.
    terminal.keys("x");
    let back = terminal.wait(10, "of task 3 again", |screen| {
        screen.contains("★ Task 3 passes.")
    });
    assert!(!back.contains("y/n"), "{back}");
    assert_eq!(terminal.quit(), Some(0));
}

/// A fresh starter with task 0 written as a learner writes it.
fn starter_with_task_0(dir: &Path) -> PathBuf {
    let starter = dir.join("starter");
    let status = Command::new(env!("CARGO_BIN_EXE_checker"))
        .arg("new")
        .arg(&starter)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    write_function(&starter, 0, "canonical");
    starter
}

/// Task `task`'s function in `starter` replaced by learner fixture `fixture`'s.
fn write_function(starter: &Path, task: u8, fixture: &str) {
    let task = TASKS[usize::from(task)];
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/learners");
    let code = std::fs::read_to_string(
        fixtures
            .join(fixture)
            .join(format!("{}.rs", task.crate_name)),
    )
    .unwrap();
    let file = starter.join(task.crate_name).join("src/lib.rs");
    // Into the file as the starter wrote it (its one commit), as each fixture is written.
    let committed = Command::new("git")
        .args(["show", &format!("HEAD:{}/src/lib.rs", task.crate_name)])
        .current_dir(starter)
        .output()
        .unwrap();
    let text = String::from_utf8(committed.stdout).unwrap();
    let item = checker::learn::reset::item_span(&text, task.function).expect("the function");
    // The fixture replaces the function from its signature on: its docs stay, as a learner
    // keeps them.
    let mut start = item.start;
    while text[start..].starts_with("///") || text[start..].starts_with("#[") {
        start += text[start..].find('\n').map_or(0, |newline| newline + 1);
    }
    let written = format!("{}{}{}", &text[..start], code.trim_end(), &text[item.end..]);
    std::fs::write(&file, written).unwrap();
}

#[test]
#[ignore = "builds a starter's tasks from scratch: a minute or more"]
fn a_learner_goes_through_a_starter_in_the_watch_mode() {
    let dir = std::env::temp_dir().join(format!("checker-watch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let starter = starter_with_task_0(&dir);
    let mut terminal = Terminal::start(&starter, &["--watch"]);
    // It opens on the first task that does not pass.
    let screen = terminal.wait(900, "of task 1", |screen| screen.contains(" in focus"));
    assert!(
        screen.contains("Task 1 · execute multiple coroutines"),
        "{screen}"
    );
    assert!(
        screen.contains(" 1/5 tasks pass · task 1 in focus"),
        "{screen}"
    );
    assert!(screen.contains("x reset"), "{screen}");

    terminal.keys("l");
    let list = terminal.wait(10, "listing the tasks", |screen| {
        screen.contains("The tasks:")
    });
    assert!(list.contains("  ✓ 0  the basics of async"), "{list}");
    assert!(list.contains("▸ ✗ 1  "), "{list}");
    terminal.keys("\x1b");
    terminal.keys("h");
    terminal.wait(10, "with a hint", |screen| screen.contains("Hint 1 of "));

    // A wait_n that awaits each wait in turn: said so, drawn, in 40 rows.
    write_function(&starter, 1, "wait_n_in_turn");
    let in_turn = terminal.wait(120, "of the waits in turn", |screen| {
        screen.contains("one at a time")
    });
    assert!(
        in_turn.contains("✗ the waits run concurrently"),
        "{in_turn}"
    );
    assert!(
        in_turn.contains("the course expects: 100 waits, all 100 at once"),
        "{in_turn}"
    );
    assert!(rows(&in_turn, 80) <= 40, "a mistake in 40 rows:\n{in_turn}");

    write_function(&starter, 1, "canonical");
    let passing = terminal.wait(120, "of task 1 passing", |screen| {
        screen.contains("★ Task 1 passes.")
    });
    assert!(rows(&passing, 80) <= 20, "a pass in 20 rows:\n{passing}");
    terminal.keys("n");
    terminal.wait(120, "of task 2", |screen| {
        screen.contains("task 2 in focus")
    });

    // measure_time written, then reset: its function is the starter's again, nothing else.
    let file = starter.join("measure_runtime/src/lib.rs");
    let before = std::fs::read_to_string(&file).unwrap();
    write_function(&starter, 2, "canonical");
    terminal.wait(120, "of task 2 passing", |screen| {
        screen.contains("★ Task 2 passes.")
    });
    terminal.keys("x");
    terminal.wait(10, "asking to reset", |screen| {
        screen.contains("Put measure_time back to the starter's todo!()?")
    });
    terminal.keys("y");
    terminal.wait(120, "after the reset", |screen| {
        screen.contains("measure_time is back to the starter's todo!()")
    });
    let after = std::fs::read_to_string(&file).unwrap();
    let item = |text: &str| {
        let span = checker::learn::reset::item_span(text, "measure_time").unwrap();
        text[span].to_owned()
    };
    assert_eq!(item(&after), item(&before));
    // The rest of the file is the learner's: the fixture's own lines stay.
    let fixture = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/learners/canonical/measure_runtime.rs"),
    )
    .unwrap();
    for line in fixture.lines().filter(|line| line.starts_with("use ")) {
        assert!(after.contains(line), "{line} is gone:\n{after}");
    }
    assert_eq!(terminal.quit(), Some(0));
    // The focus is remembered.
    let mut again = Terminal::start(&starter, &["--watch"]);
    again.wait(300, "of task 2 again", |screen| {
        screen.contains("task 2 in focus")
    });
    assert_eq!(again.quit(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}
