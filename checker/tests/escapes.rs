//! The ways out of a submission, from the first line the compiler reads to the last check,
//! each tried in a workspace that the checker builds itself (through the real `checker grade`,
//! as a class): a `wait_random` that `include_str!`s a file of the grader's and prints it, one
//! that prints `option_env!` and `std::env::var` of a variable set in the grader's
//! environment, and one that sends UDP datagrams to a listener on 127.0.0.1. Each is
//! contained, every other task is graded, and each `results.json` is valid.
//!
//! Each of these fails against a checker without the build's confinement, the clean
//! environment or the network namespace: to see it, run this with `CHECKER_UNDER_TEST` naming
//! such a checker's binary (an older build of this one), which it then grades with instead.
//!
//! It builds three submissions, so CI runs it with `--ignored`.

use std::net::UdpSocket;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use serde_json::Value;

/// The task crates, whose sources the submissions take from this workspace's reference.
const CRATES: [&str; 5] = [
    "basic_async_syntax",
    "concurrent_coroutines",
    "measure_runtime",
    "tasks",
    "task_wait_n",
];

/// The line of the reference's `wait_random` before which each attack goes.
const FIRST_LINE: &str = "    let delay = seed::uniform(max_delay);\n";

fn checker_binary() -> PathBuf {
    std::env::var_os("CHECKER_UNDER_TEST").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_checker")),
        PathBuf::from,
    )
}

/// A submission at `dir`: a fresh starter with the reference's tasks, and `attack` at the
/// start of `wait_random`.
fn submission(starter: &Path, dir: &Path, attack: &str) {
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let copied = Command::new("cp")
        .arg("-r")
        .arg(starter)
        .arg(dir)
        .status()
        .unwrap();
    assert!(copied.success());
    for name in CRATES {
        let source = std::fs::read_to_string(reference.join(name).join("src/lib.rs")).unwrap();
        let source = if name == "basic_async_syntax" {
            assert!(
                source.contains(FIRST_LINE),
                "the reference's wait_random moved"
            );
            source.replacen(FIRST_LINE, &format!("{attack}\n{FIRST_LINE}"), 1)
        } else {
            source
        };
        std::fs::write(dir.join(name).join("src/lib.rs"), source).unwrap();
    }
    // The reference's task_wait_n shares wait_n's ordering, a dependency the starter lacks.
    let manifest = dir.join("task_wait_n/Cargo.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    let text = text.replacen(
        "[dependencies]\n",
        "[dependencies]\nconcurrent_coroutines.workspace = true\n",
        1,
    );
    std::fs::write(manifest, text).unwrap();
}

/// Every file below `folder` written since `since`.
fn written_since(folder: &Path, since: SystemTime, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(meta) = entry.metadata() else { continue };
        if meta.is_dir() {
            written_since(&entry.path(), since, found);
        } else if meta.is_file() && meta.modified().is_ok_and(|modified| modified >= since) {
            found.push(entry.path());
        }
    }
}

/// Whether `needle` is in `haystack`.
fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

/// Each task's tests in `results`: whether all of them pass, and their messages and output.
fn tasks(results: &Value) -> Vec<(bool, String)> {
    (1..=5)
        .map(|task_id| {
            let tests: Vec<&Value> = results["tests"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|test| test["task_id"] == task_id)
                .collect();
            let passes = !tests.is_empty() && tests.iter().all(|test| test["status"] == "pass");
            let text = tests
                .iter()
                .map(|test| format!("{} {}", test["message"], test["output"]))
                .collect::<Vec<_>>()
                .join("\n");
            (passes, text)
        })
        .collect()
}

#[test]
#[ignore = "builds three submissions: CI runs it with --ignored"]
fn a_submission_reads_no_file_variable_or_network_of_the_graders() {
    let scratch = std::env::temp_dir().join(format!("escapes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).unwrap();
    let starter = scratch.join("starter");
    let made = Command::new(checker_binary())
        .arg("new")
        .arg(&starter)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");

    // What the grader has: a file, a variable, a listener on the machine.
    let secret = format!("grader-secret-{:016x}", rand::random::<u64>());
    let token = format!("grader-token-{:016x}", rand::random::<u64>());
    let secret_file = scratch.join("hosts.yml");
    std::fs::write(&secret_file, &secret).unwrap();
    let listener = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener
        .set_read_timeout(Some(Duration::from_millis(100)))
        .unwrap();
    let arrived = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let counting = {
        let (arrived, done) = (Arc::clone(&arrived), Arc::clone(&done));
        std::thread::spawn(move || {
            let mut buffer = [0; 64];
            while !done.load(Ordering::Relaxed) {
                if listener.recv(&mut buffer).is_ok() {
                    arrived.fetch_add(1, Ordering::Relaxed);
                }
            }
        })
    };

    let class = scratch.join("class");
    std::fs::create_dir_all(&class).unwrap();
    let (reads, prints_env, sends) = (
        class.join("reads_a_file"),
        class.join("prints_the_environment"),
        class.join("sends_udp"),
    );
    submission(
        &starter,
        &reads,
        &format!(
            "    eprintln!(\"stolen: {{}}\", include_str!({:?}));",
            secret_file.to_string_lossy()
        ),
    );
    submission(
        &starter,
        &prints_env,
        "    eprintln!(\"compiled in: {:?}; at run time: {:?}\", \
         option_env!(\"ESCAPES_GRADER_TOKEN\"), std::env::var(\"ESCAPES_GRADER_TOKEN\"));",
    );
    submission(
        &starter,
        &sends,
        &format!(
            "    if let Ok(socket) = std::net::UdpSocket::bind(\"0.0.0.0:0\") {{\n        \
             for _ in 0..3 {{\n            \
             eprintln!(\"sent: {{:?}}\", socket.send_to(b\"out\", \"127.0.0.1:{port}\"));\n        \
             }}\n    }}"
        ),
    );

    let out = scratch.join("out");
    let started = SystemTime::now() - Duration::from_secs(1);
    let output = Command::new(checker_binary())
        .arg("grade")
        .args([&reads, &prints_env, &sends])
        .args(["--seed", "5", "--jobs", "2", "--output-dir"])
        .arg(&out)
        .env("ESCAPES_GRADER_TOKEN", &token)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    done.store(true, Ordering::Relaxed);
    counting.join().unwrap();
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "every PATH is graded:\n{said}"
    );

    let results = |dir: &Path| -> Value {
        let name = dir.file_name().unwrap();
        let text = std::fs::read_to_string(out.join(name).join("results.json")).unwrap();
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{name:?}: {error}\n{text}"))
    };

    // Every way out that was not contained, so that a checker that contains none of them
    // (`CHECKER_UNDER_TEST`) shows each failing.
    let mut escaped = Vec::new();

    // The file: the build cannot read it, rustc's message names it, and the hint says why.
    let read = results(&reads);
    let message = read["message"].as_str().unwrap_or_default();
    if read["status"] != "error"
        || !message.contains(&*secret_file.to_string_lossy())
        || !message.contains("lets no code read its machine")
    {
        escaped.push(format!(
            "include_str! of the grader's file was not refused, naming it:\n{read:#}"
        ));
    }

    // The variable: neither compiled in nor read at run time; every task graded, and passing.
    let printed_env = results(&prints_env);
    let by_task = tasks(&printed_env);
    if !by_task.iter().all(|(passes, _)| *passes)
        || !by_task[0]
            .1
            .contains("compiled in: None; at run time: Err(NotPresent)")
    {
        escaped.push(format!(
            "the grader's variable reached the code, or a task failed:\n{printed_env:#}"
        ));
    }

    // The datagrams: none arrives; every task graded, and passing.
    let sent = results(&sends);
    let by_task = tasks(&sent);
    if !by_task.iter().all(|(passes, _)| *passes) || !by_task[0].1.contains("sent: ") {
        escaped.push(format!("a task of the UDP sender failed:\n{sent:#}"));
    }
    let datagrams = arrived.load(Ordering::Relaxed);
    if datagrams > 0 {
        escaped.push(format!(
            "{datagrams} datagrams arrived at the grader's listener"
        ));
    }

    // Neither the file's content nor the variable's value is in anything the checker wrote:
    // its output, the results, the grading workspaces and the build folder.
    if said.contains(&secret) || said.contains(&token) {
        escaped.push("the checker's output holds the grader's secret".to_owned());
    }
    let mut files = Vec::new();
    written_since(&out, started, &mut files);
    written_since(&checker::run::cache_folder(), started, &mut files);
    let build_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || Path::new(env!("CARGO_MANIFEST_DIR")).join("../target"),
        PathBuf::from,
    );
    written_since(&build_dir, started, &mut files);
    assert!(!files.is_empty());
    for file in files {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        if holds(&bytes, &secret) || holds(&bytes, &token) {
            escaped.push(format!("{} holds the grader's secret", file.display()));
        }
    }
    let summary: Vec<String> = escaped
        .iter()
        .map(|escape| escape.lines().next().unwrap_or_default().to_owned())
        .collect();
    assert!(
        escaped.is_empty(),
        "{}\n\n{}",
        summary.join("\n"),
        escaped.join("\n\n")
    );
    std::fs::remove_dir_all(&scratch).unwrap();
}
