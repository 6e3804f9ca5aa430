//! Runs each check in a child process, so that the code under test cannot touch the grade.
//!
//! The checker grades code it did not write: code that prints, panics, exits, aborts,
//! overflows its stack, spins or lies. So the `checker` binary, which prints the report and
//! decides the exit status, never runs it. Each check runs in a fresh child, the
//! `checker-harness` binary started with [`CHILD_COMMAND`], and:
//!
//! - **The verdict comes through a channel of its own.** The parent hands the child a request
//!   on its standard input: the check, the seed, and a file to write the verdict to, with a
//!   random token that the verdict must carry. The child's standard output and error are only
//!   ever *captured*: whatever the code under test prints, a passing summary or a whole
//!   `results.json` included, is shown to the learner as what it printed and graded as nothing.
//! - **Its output is captured.** Both streams go into one pipe, so the lines keep their order;
//!   the first [`KEPT_BYTES`] are kept and the rest are counted.
//! - **Its time is bounded.** The child enforces the check's limit itself and reports a hang
//!   as a failed check; should it not, the parent kills its whole process group (the test
//!   programs it started included) shortly after the limit.
//! - **A death is a verdict.** A child that ends without writing one (`std::process::exit`, an
//!   abort, a stack overflow, a signal) fails its check with how it ended, during which call,
//!   and a hint; the next check starts in a fresh child.
//!
//! - **It is confined** ([`crate::run::confine`]): memory, file size, processes, files,
//!   network and signals, in a scratch folder of its own that is removed after the check.

use std::collections::HashMap;
use std::io::{self, PipeReader, Read, Write as _};
use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::check::{Captured, Check, Failure, Outcome, Settings, Verdict};
use crate::harness::checks::TASKS;
use crate::run::confine::{self, Confinement, Uids};
use crate::timeline::Recorded;

/// The users that checks run as, when the checker is root.
static UIDS: Uids = Uids::new();

/// The users whose processes this run has already ended once.
static CLEARED: Mutex<std::collections::BTreeSet<u32>> =
    Mutex::new(std::collections::BTreeSet::new());

/// The first argument that makes `checker-harness` run one check for its parent.
pub const CHILD_COMMAND: &str = "__check";

/// How much of a child's output is kept; the rest is only counted.
pub const KEPT_BYTES: usize = 64 * 1024;

/// How long past a check's own limit the parent waits before it kills the child.
const GRACE: Duration = Duration::from_secs(2);

/// What runs the code under test: the harness binary and the test programs it runs.
#[derive(Debug, Clone)]
pub struct Harness {
    /// The `checker-harness` binary (or a stand-in with the same protocol, for the tests).
    pub program: PathBuf,
    /// Each task's test program, by crate name.
    pub programs: HashMap<String, PathBuf>,
}

/// A scratch folder for one run's verdict files, removed when dropped.
#[derive(Debug)]
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// Creates a new folder in [`super::scratch_parent`].
    ///
    /// # Errors
    ///
    /// When the folder cannot be created.
    pub fn new() -> io::Result<Self> {
        let parent = super::scratch_parent();
        std::fs::create_dir_all(&parent)?;
        let path = parent.join(format!(
            "checker-{}-{:016x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir(&path)?;
        // Searchable by the users that checks run as, whatever the umask; each check's own
        // folder inside belongs to its user alone.
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o711))?;
        Ok(Self { path })
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Runs `check` in a fresh child process of `harness` and grades how it went.
///
/// Never fails: a child that cannot start, dies, hangs or sends no readable verdict is a
/// failed check that says so.
pub fn run(
    harness: &Harness,
    check: &'static Check,
    settings: Settings,
    scratch: &Scratch,
) -> Outcome {
    let start = Instant::now();
    let token = format!("{:032x}", rand::random::<u128>());
    // The check's own folder: where the child may write, removed after it. Its name is not
    // the token, which the code under test must not learn.
    let folder = scratch.path.join(format!("{:016x}", rand::random::<u64>()));
    if let Err(error) = std::fs::create_dir(&folder) {
        return Outcome {
            check,
            verdict: Err(Failure::new(
                "a scratch folder for the check",
                format!("{} could not be created: {error}", folder.display()),
                "free some space in the temporary folder (TMPDIR) and run the checker again",
            )),
            took: start.elapsed(),
            output: Captured::default(),
            timeline: None,
        };
    }
    let verdict_file = folder.join("verdict.json");
    let binaries: Vec<PathBuf> = std::iter::once(&harness.program)
        .chain(harness.programs.values())
        .cloned()
        .collect();
    // As root, a user of its own, where the process limit counts and from which no signal
    // reaches the checker; only when that user can run the binaries where they are (the
    // report's first line says so otherwise). Once wanted, it is that or no check at all.
    let reachable = |binary: &Path| confine::reachable_by_others(binary);
    let wanted = settings.confine.is_some()
        && binaries.iter().all(|binary| reachable(binary))
        && confine::trampoline().is_none_or(reachable);
    let user = if wanted {
        let taken = UIDS.take().and_then(|user| {
            if let Some(user) = &user {
                std::os::unix::fs::chown(&folder, Some(user.uid), Some(user.uid))?;
                // What an earlier, stopped checker left running as this user goes first (once
                // per user in this run: after each check, its own processes end with it).
                let first_use = CLEARED
                    .lock()
                    .map(|mut cleared| cleared.insert(user.uid))
                    .unwrap_or(true);
                if first_use {
                    user.end_its_processes();
                }
            }
            Ok(user)
        });
        match taken {
            Ok(user) => user,
            Err(error) => {
                let _ = std::fs::remove_dir_all(&folder);
                return Outcome {
                    check,
                    verdict: Err(Failure::new(
                        "the check to run as a user of its own",
                        format!("it could not: {error}"),
                        "the checker failed, not the code under test: run it again, or not as \
                         root (then without a limit of processes)",
                    )),
                    took: start.elapsed(),
                    output: Captured::default(),
                    timeline: None,
                };
            }
        }
    } else {
        None
    };
    let own_user = user.is_some();
    // Through the trampoline, which joins the network namespace as root and only then becomes
    // the check's user; without it, the child starts as that user (below).
    let trampoline = confine::trampoline();
    let confinement = settings.confine.map(|limits| Confinement {
        limits,
        binaries,
        scratch: folder.clone(),
        writable: Vec::new(),
        own_user,
        user: user
            .as_ref()
            .filter(|_| trampoline.is_some())
            .map(|user| user.uid),
        network: trampoline.and_then(|_| confine::network_namespace().map(Path::to_path_buf)),
        user_namespace: trampoline.and_then(|_| confine::user_namespace().map(Path::to_path_buf)),
    });
    // The trusted checker confines the process before the harness (and any code of the
    // learner's that runs before `main`) starts; without it, the harness confines itself.
    let (mut command, confine_yourself) = match (&confinement, trampoline) {
        (Some(confinement), Some(trampoline)) => {
            let mut command = Command::new(trampoline);
            command
                .arg(confine::CONFINE_COMMAND)
                .arg(confinement.to_json().to_string())
                .arg(&harness.program);
            (command, None)
        }
        (confinement, _) => (Command::new(&harness.program), confinement.as_ref()),
    };
    command.arg(CHILD_COMMAND).current_dir(&folder);
    // Nothing of the checker's environment but what a check needs: no token or secret of
    // the grader's reaches the code under test.
    confine::clean_env(&mut command, &folder);
    command.env("MALLOC_ARENA_MAX", "2");
    if let Some(user) = user.as_ref().filter(|_| confine_yourself.is_some()) {
        use std::os::unix::process::CommandExt as _;
        command.uid(user.uid).gid(user.uid);
    }
    let request = json!({
        "check": check.name,
        "seed": settings.seed,
        "real_time": settings.real_time,
        "strict": settings.strict,
        "time_limit_ms": settings.time_limit.map(|limit| limit.as_millis() as u64),
        "programs": harness.programs,
        "verdict_file": verdict_file,
        "token": token,
        "confine": confine_yourself.map(Confinement::to_json),
    });
    let (verdict, output, timeline) = match Bounded::start(command, request.to_string().as_bytes())
    {
        Err(error) => (
            Err(Failure::new(
                "the harness to start",
                format!("{} could not start: {error}", harness.program.display()),
                "build the workspace again (cargo build --workspace) and rerun the checker",
            )),
            Captured::default(),
            None,
        ),
        Ok(child) => {
            let (ending, output) = child.finish(settings.limit(check) + GRACE);
            let (verdict, timeline) = match read_verdict(&verdict_file, &token) {
                Some((verdict, timeline)) => (verdict, timeline),
                None => (
                    Err(ended_without_verdict(check, ending, &output, settings)),
                    None,
                ),
            };
            let verdict =
                verdict.map_err(|failure| at_a_limit(failure, &output, settings, own_user));
            (verdict, output, timeline)
        }
    };
    // Its processes end first, then the folder goes with everything they wrote.
    drop(user);
    let _ = std::fs::remove_dir_all(&folder);
    Outcome {
        check,
        verdict,
        took: start.elapsed(),
        output,
        timeline,
    }
}

/// The verdict that the child wrote, if it wrote one that carries the token: a plain file
/// (not a link, nor a pipe that would never end), of at most a mebibyte; with the timeline
/// of the call the check timed, if it sent one.
fn read_verdict(path: &Path, token: &str) -> Option<(Verdict, Option<Recorded>)> {
    use std::os::unix::fs::OpenOptionsExt as _;
    let file = std::fs::File::options()
        .read(true)
        .custom_flags(
            rustix::fs::OFlags::NOFOLLOW.bits() as i32 | rustix::fs::OFlags::NONBLOCK.bits() as i32,
        )
        .open(path)
        .ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    let mut text = String::new();
    file.take(1 << 20).read_to_string(&mut text).ok()?;
    let message: Value = serde_json::from_str(&text).ok()?;
    if message["token"] != token {
        return None;
    }
    let timeline = Recorded::from_json(&message["timeline"]);
    if let Some(evidence) = message["pass"].as_str() {
        return Some((Ok(evidence.to_owned()), timeline));
    }
    let failure = &message["fail"];
    let verdict = Err(Failure::new(
        failure["expected"].as_str()?,
        failure["actual"].as_str()?,
        failure["hint"].as_str()?,
    ));
    Some((verdict, timeline))
}

/// How a child process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// It exited, or a signal ended it.
    Exited(ExitStatus),
    /// It was still running at its limit and was killed.
    KilledAtLimit,
}

/// The failure of a check whose child ended without a verdict. The report's `checked:` line
/// names the call that was running.
fn ended_without_verdict(
    check: &Check,
    ending: Ending,
    output: &Captured,
    settings: Settings,
) -> Failure {
    let function = TASKS[usize::from(check.task)].function;
    let (how, hint) = describe(ending, output, settings);
    Failure::new(
        format!("{function} to return, and the check to report its verdict"),
        format!("{function} ended the process with {how}, while the check was calling it"),
        hint,
    )
}

/// `failure`, saying so when the code under test could not start a thread or a process in a
/// confined run: the limit of processes and threads, when it runs as a user of its own
/// (`own_user`), or else its memory limit, which their stacks count against.
fn at_a_limit(
    mut failure: Failure,
    output: &Captured,
    settings: Settings,
    own_user: bool,
) -> Failure {
    let Some(limits) = settings.confine else {
        return failure;
    };
    let refused = |text: &str| {
        text.contains("failed to spawn thread")
            || text.contains("Resource temporarily unavailable")
            || text.contains("WouldBlock")
    };
    if refused(&failure.actual) || refused(&output.text) {
        let limit = if own_user {
            format!("the limit of {} processes and threads", limits.processes)
        } else {
            format!(
                "the memory limit ({}), which thread stacks count against",
                confine::size(limits.memory)
            )
        };
        failure.actual.push_str(&format!(" (it hit {limit})"));
        failure.hint = "a task starts one tokio task per wait, not one thread per wait: use \
                        tokio::spawn, not std::thread::spawn, and start no processes"
            .to_owned();
    }
    failure
}

/// How a process ended, in words, and what usually causes that ending.
fn describe(ending: Ending, output: &Captured, settings: Settings) -> (String, &'static str) {
    let status = match ending {
        Ending::KilledAtLimit => {
            return (
                "nothing: it was still running at the check's time limit and was killed".into(),
                "look for a loop that never awaits, or an await on something that never \
                 completes",
            );
        }
        Ending::Exited(status) => status,
    };
    if output.text.contains(confine::CONFINE_FAILED) {
        return (
            "an error of the checker's confinement, before the code under test started".into(),
            "the checker failed, not the code under test: its message is under `printed`",
        );
    }
    if let Some(limits) = settings.confine {
        if output.text.contains("memory allocation of") {
            return (
                format!(
                    "an abort: it ran out of memory (limit {})",
                    confine::size(limits.memory)
                ),
                "the code under test allocated more than a check may: look for a collection \
                 that grows without bound, or a huge allocation",
            );
        }
        if signal_of(status) == Some(25) {
            return (
                format!(
                    "SIGXFSZ: it wrote a file past the limit of {}",
                    confine::size(limits.file_size)
                ),
                "a task writes no files: remove the code that writes one",
            );
        }
    }
    if output.text.contains("has overflowed its stack") {
        return (
            "a stack overflow".into(),
            "unbounded recursion: a function that calls itself without a base case, or an \
             async fn that awaits itself; use a loop, or Box::pin the recursive future",
        );
    }
    if let Some(code) = status.code() {
        let hint = if code == 0 {
            "a task returns its delay, it never exits: remove std::process::exit from the \
             task's code"
        } else {
            "std::process::exit ends the whole program, the caller's included: return the \
             value, or panic with a message that names the problem"
        };
        return (format!("exit status {code}"), hint);
    }
    let signal = signal_of(status);
    let hint = match signal {
        Some(6) => {
            "an abort: std::process::abort, a panic while panicking, or a panic where unwinding \
             is not allowed; return a value or panic with a message instead"
        }
        Some(11 | 7) => "an invalid memory access: look for unsafe code and what it points at",
        Some(9) => {
            "killed from outside the checker, often by the kernel when memory runs out: \
                    look for memory that grows without bound"
        }
        _ => "a signal ended the process: look for code that raises one",
    };
    let name = signal.map_or_else(|| status.to_string(), signal_name);
    (name, hint)
}

#[cfg(unix)]
fn signal_of(status: ExitStatus) -> Option<i32> {
    std::os::unix::process::ExitStatusExt::signal(&status)
}

#[cfg(not(unix))]
fn signal_of(_: ExitStatus) -> Option<i32> {
    None
}

/// A signal's name, as `kill -l` gives it, with its number.
fn signal_name(signal: i32) -> String {
    let name = match signal {
        1 => "SIGHUP",
        2 => "SIGINT",
        4 => "SIGILL",
        5 => "SIGTRAP",
        6 => "SIGABRT",
        7 => "SIGBUS",
        8 => "SIGFPE",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        13 => "SIGPIPE",
        15 => "SIGTERM",
        _ => return format!("signal {signal}"),
    };
    format!("signal {signal} ({name})")
}

/// A child process whose output is being captured, and which may be killed at a limit.
pub(crate) struct Bounded {
    child: Child,
    captures: Vec<Capture>,
}

impl Bounded {
    /// Starts `command` in a process group of its own, its standard output and error merged
    /// into one captured pipe, `input` written to its standard input.
    pub(crate) fn start(command: Command, input: &[u8]) -> io::Result<Self> {
        let (reader, writer) = io::pipe()?;
        let error_writer = writer.try_clone()?;
        let streams = (writer.into(), error_writer.into());
        Self::spawn(command, input, streams, vec![(reader, KEPT_BYTES)])
    }

    /// Starts `command` with its standard output and error captured apart, keeping `keep`
    /// bytes of each: [`Bounded::finish_apart`] gives the output first, then the error.
    pub(crate) fn start_apart(command: Command, keep: usize) -> io::Result<Self> {
        let (out_reader, out_writer) = io::pipe()?;
        let (err_reader, err_writer) = io::pipe()?;
        let streams = (out_writer.into(), err_writer.into());
        Self::spawn(
            command,
            b"",
            streams,
            vec![(out_reader, keep), (err_reader, keep)],
        )
    }

    fn spawn(
        mut command: Command,
        input: &[u8],
        (stdout, stderr): (Stdio, Stdio),
        readers: Vec<(PipeReader, usize)>,
    ) -> io::Result<Self> {
        command.stdin(Stdio::piped()).stdout(stdout).stderr(stderr);
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command.spawn()?;
        // The parent's copies of the pipes' writing ends must close, or the pipes never end.
        drop(command);
        let captures = readers
            .into_iter()
            .map(|(reader, keep)| Capture::spawn(reader, keep))
            .collect();
        if let Some(mut stdin) = child.stdin.take() {
            // A child that exits before reading its input is graded by how it ended.
            let _ = stdin.write_all(input);
        }
        Ok(Self { child, captures })
    }

    /// Waits for the child until `limit`, kills its process group then, and returns how it
    /// ended with what each captured stream held.
    pub(crate) fn finish(self, limit: Duration) -> (Ending, Captured) {
        let (ending, mut captured) = self.finish_apart(limit);
        (ending, captured.swap_remove(0))
    }

    /// [`Bounded::finish`], with every captured stream in the order they were started.
    pub(crate) fn finish_apart(self, limit: Duration) -> (Ending, Vec<Captured>) {
        let Self {
            mut child,
            captures,
        } = self;
        let group = child.id();
        let (sender, receiver) = mpsc::channel();
        let waiter = thread::spawn(move || {
            let status = child.wait();
            let _ = sender.send(());
            status
        });
        let in_time = receiver.recv_timeout(limit).is_ok();
        // Also after a clean exit: whatever the child left running in its group goes with it.
        kill_group(group);
        let status = waiter.join().ok().and_then(Result::ok);
        let ending = match status {
            Some(status) if in_time => Ending::Exited(status),
            _ => Ending::KilledAtLimit,
        };
        let captured = captures.into_iter().map(Capture::finish).collect();
        (ending, captured)
    }
}

#[cfg(unix)]
fn kill_group(group: u32) {
    let Some(pid) = i32::try_from(group)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return;
    };
    // ESRCH (the group is already gone) is the usual answer after a clean exit.
    let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
}

#[cfg(not(unix))]
fn kill_group(_: u32) {}

/// A thread that reads one pipe to its end, keeping its first bytes and counting them all.
struct Capture {
    shared: Arc<Mutex<Counted>>,
    done: mpsc::Receiver<()>,
}

/// What a [`Capture`] has read so far.
#[derive(Clone, Default)]
struct Counted {
    kept: Vec<u8>,
    bytes: usize,
    newlines: usize,
    ends_with_newline: bool,
}

impl Capture {
    fn spawn(mut reader: PipeReader, keep: usize) -> Self {
        let shared = Arc::new(Mutex::new(Counted::default()));
        let (sender, done) = mpsc::channel();
        let counted = Arc::clone(&shared);
        thread::spawn(move || {
            let mut buffer = [0; 8192];
            while let Ok(read @ 1..) = reader.read(&mut buffer) {
                let chunk = &buffer[..read];
                let Ok(mut counted) = counted.lock() else {
                    break;
                };
                let room = keep.saturating_sub(counted.kept.len()).min(read);
                counted.kept.extend_from_slice(&chunk[..room]);
                counted.bytes += read;
                counted.newlines += chunk.iter().filter(|&&byte| byte == b'\n').count();
                counted.ends_with_newline = chunk.ends_with(b"\n");
            }
            let _ = sender.send(());
        });
        Self { shared, done }
    }

    /// What was read. Waits a moment for the pipe to end: a process that escaped the killed
    /// group may hold it open for ever, and then what was read so far is the answer.
    fn finish(self) -> Captured {
        let _ = self.done.recv_timeout(Duration::from_millis(500));
        let counted = self.shared.lock().map(|c| c.clone()).unwrap_or_default();
        let unfinished_line = counted.bytes > 0 && !counted.ends_with_newline;
        Captured {
            text: String::from_utf8_lossy(&counted.kept).into_owned(),
            bytes: counted.bytes,
            lines: counted.newlines + usize::from(unfinished_line),
        }
    }
}

/// The child's side: runs the one check its parent asked for and writes the verdict.
///
/// What `checker-harness __check` does. It reads the request from standard input, runs the
/// check on the workspace's tasks on a thread with the check's time limit, writes the verdict
/// to the file named in the request, and exits at once (a thread that spins or a task left
/// running ends with the process).
#[cfg(feature = "checks")]
pub fn serve(
    subject: impl FnOnce(HashMap<String, PathBuf>) -> crate::harness::subject::Subject,
) -> ! {
    // A child whose parent died (Ctrl-C on the report) must not go on running the code under test.
    #[cfg(target_os = "linux")]
    let _ = rustix::process::set_parent_process_death_signal(Some(rustix::process::Signal::KILL));
    let code = match serve_request(subject) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("checker-harness: {error:#}");
            3
        }
    };
    let _ = io::stdout().flush();
    let _ = io::stderr().flush();
    std::process::exit(code)
}

#[cfg(feature = "checks")]
fn serve_request(
    subject: impl FnOnce(HashMap<String, PathBuf>) -> crate::harness::subject::Subject,
) -> anyhow::Result<()> {
    use anyhow::Context as _;

    let mut input = String::new();
    io::stdin()
        .read_to_string(&mut input)
        .context("reading the request")?;
    let request: Value = serde_json::from_str(&input).context("parsing the request")?;
    let name = request["check"]
        .as_str()
        .context("the request names no check")?;
    let check = crate::harness::checks::named(name)
        .with_context(|| format!("no check is called {name:?}"))?;
    let settings = Settings {
        seed: request["seed"]
            .as_u64()
            .context("the request has no seed")?,
        real_time: request["real_time"].as_bool().unwrap_or(false),
        time_limit: request["time_limit_ms"].as_u64().map(Duration::from_millis),
        strict: request["strict"].as_bool().unwrap_or(false),
        confine: None,
        drawing: crate::timeline::Drawing::default(),
        cut_short: false,
    };
    let programs = request["programs"]
        .as_object()
        .context("the request has no programs")?
        .iter()
        .filter_map(|(name, path)| Some((name.clone(), PathBuf::from(path.as_str()?))))
        .collect();
    let verdict_file = PathBuf::from(
        request["verdict_file"]
            .as_str()
            .context("no verdict file")?,
    );
    let token = request["token"].as_str().context("no token")?.to_owned();
    // Before the code under test runs, while this process has one thread.
    if let Some(confinement) = Confinement::from_json(&request["confine"]) {
        confine::apply(&confinement).map_err(anyhow::Error::msg)?;
    }
    watch_panics();
    // Before the check: the recorder's first timeline is its own test.
    #[cfg(feature = "timeline")]
    let _ = crate::timeline::record::install();
    let outcome = crate::harness::check::run(check, &Arc::new(subject(programs)), settings);
    let panics = PANICS
        .lock()
        .map(|panics| panics.clone())
        .unwrap_or_default();
    let todo = panics
        .iter()
        .find(|(message, _)| message.starts_with("not yet implemented"));
    let verdict = match (todo, outcome.verdict) {
        (Some((todo, _)), _) => Err(not_written_yet(check, todo)),
        (None, Err(mut failure)) => {
            // The check saw the panic's message; the hook saw where it happened.
            let place = panics
                .iter()
                .find(|(message, _)| failure.actual.contains(message.as_str()));
            if let Some((_, Some(location))) = place {
                failure.actual.push_str(&format!(" (at {location})"));
            }
            Err(failure)
        }
        (None, passed) => passed,
    };
    let mut message = json!({ "token": token });
    if let Some(timeline) = crate::timeline::recorded() {
        message["timeline"] = timeline.to_json();
    }
    match verdict {
        Ok(evidence) => message["pass"] = json!(evidence),
        Err(failure) => {
            message["fail"] = json!({
                "expected": failure.expected,
                "actual": failure.actual,
                "hint": failure.hint,
            });
        }
    }
    // Written whole, then renamed: the parent never reads half a verdict.
    let partial = verdict_file.with_extension("partial");
    std::fs::write(&partial, message.to_string()).context("writing the verdict")?;
    std::fs::rename(&partial, &verdict_file).context("writing the verdict")?;
    Ok(())
}

/// Every panic of the check so far: its message, and where it happened.
#[cfg(feature = "checks")]
static PANICS: Mutex<Vec<(String, Option<String>)>> = Mutex::new(Vec::new());

/// Panics off the main thread come from the code under test, which the check reports with
/// its message; the default hook would print each one into the captured output as well, and
/// some checks provoke panics on purpose. Each is noted, whoever catches it: its place goes
/// into the report, and a `todo!()` fails the check as a task not written yet, even a check
/// that expects a panic.
#[cfg(feature = "checks")]
fn watch_panics() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = crate::harness::check::panic_message(info.payload());
        let location = info.location().map(ToString::to_string);
        // Bounded: code that panics in a loop must not grow the list without end.
        if let Ok(mut panics) = PANICS.lock()
            && panics.len() < 64
        {
            panics.push((message, location));
        }
        if thread::current().name() == Some("main") {
            default_hook(info);
        }
    }));
}

/// The failure of a check that reached a `todo!()`: of the task it grades, or of an earlier
/// task that this one builds on (the starter's todos name their task: `task 0: write …`).
#[cfg(feature = "checks")]
fn not_written_yet(check: &Check, todo: &str) -> Failure {
    let function = TASKS[usize::from(check.task)].function;
    let unwritten = TASKS
        .iter()
        .find(|task| todo.contains(&format!("task {}: write {} ", task.number, task.function)))
        .filter(|task| task.number != check.task);
    let hint = match unwritten {
        Some(earlier) => format!(
            "{function} calls {}, which is not written yet: write task {} first",
            earlier.function, earlier.number
        ),
        None => format!(
            "the task is not written yet: replace the todo!() in {function}; its doc comment \
             states what it must do"
        ),
    };
    Failure::new(
        format!("{function} to be written"),
        format!("it reached a todo!(): {todo}"),
        hint,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    fn shell(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn output_is_captured_in_order_and_counted() {
        let child = Bounded::start(shell("echo one; echo two >&2; printf three"), b"").unwrap();
        let (ending, output) = child.finish(Duration::from_secs(10));
        assert!(matches!(ending, Ending::Exited(status) if status.success()));
        assert_eq!(
            output,
            Captured {
                text: "one\ntwo\nthree".into(),
                bytes: 13,
                lines: 3
            }
        );
    }

    #[test]
    fn input_reaches_the_child() {
        let child = Bounded::start(shell("cat"), b"request").unwrap();
        let (_, output) = child.finish(Duration::from_secs(10));
        assert_eq!(output.text, "request");
    }

    #[test]
    fn a_child_past_its_limit_is_killed_with_what_it_started() {
        let start = Instant::now();
        // The background sleep holds the pipe open: it must die with the group.
        let child = Bounded::start(shell("sleep 30 & echo started; sleep 30"), b"").unwrap();
        let (ending, output) = child.finish(Duration::from_millis(300));
        assert_eq!(ending, Ending::KilledAtLimit);
        assert_eq!(output.text, "started\n");
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{:?}",
            start.elapsed()
        );
    }

    #[test]
    fn only_the_first_bytes_are_kept_and_all_are_counted() {
        let child = Bounded::start(shell("yes line | head -n 100000"), b"").unwrap();
        let (_, output) = child.finish(Duration::from_secs(10));
        assert_eq!(output.bytes, 500_000);
        assert_eq!(output.lines, 100_000);
        assert_eq!(output.text.len(), KEPT_BYTES);
    }

    #[test]
    fn endings_are_named_with_a_hint() {
        let status = |script: &str| {
            let (ending, output) = Bounded::start(shell(script), b"")
                .unwrap()
                .finish(Duration::from_secs(10));
            let settings = Settings {
                seed: 0,
                real_time: false,
                time_limit: None,
                strict: false,
                confine: Some(crate::harness::check::Limits::default()),
                drawing: crate::timeline::Drawing::default(),
                cut_short: false,
            };
            describe(ending, &output, settings)
        };
        let (how, hint) = status("exit 0");
        assert_eq!(how, "exit status 0");
        assert!(hint.contains("never exits"), "{hint}");
        assert_eq!(status("exit 3").0, "exit status 3");
        assert_eq!(status("kill -ABRT $$").0, "signal 6 (SIGABRT)");
        let out_of_memory =
            status("echo 'memory allocation of 4294967296 bytes failed'; kill -ABRT $$");
        assert_eq!(
            out_of_memory.0,
            "an abort: it ran out of memory (limit 1 GiB)"
        );
        assert!(
            status("kill -XFSZ $$")
                .0
                .contains("past the limit of 64 MiB")
        );
        assert_eq!(status("kill -SEGV $$").0, "signal 11 (SIGSEGV)");
        let (how, hint) = status("echo \"thread 'x' has overflowed its stack\" >&2; kill -ABRT $$");
        assert_eq!(how, "a stack overflow");
        assert!(hint.contains("recursion"), "{hint}");
    }
}
