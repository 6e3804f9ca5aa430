//! Builds what runs the code under test: the harness and each task crate's test program.
//!
//! The `checker` binary does not link the tasks ([`crate::run::isolation`]), so it asks cargo to
//! build them, as a learner's `cargo run -p <crate>` would: the same cargo that runs the
//! checker (`$CARGO`), the same profile, within a time limit. A task that does not compile is
//! then a [`BuildError::Compile`] with the compiler's own message, paths relative to the
//! workspace, instead of a cargo error before the checker starts.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::harness::checks::{TASKS, Task};
use crate::run::hints::{Unbuilt, does_not_compile, explaining_warnings};
use crate::run::isolation::{Bounded, Ending, Harness};

/// The harness binary's name.
pub const HARNESS: &str = "checker-harness";

/// Cargo's arguments for the harness with every task.
const EVERY_TASK_HARNESS: [&str; 6] = [
    "--package",
    HARNESS,
    "--bin",
    HARNESS,
    "--features",
    "task1,task2,task3,task4",
];

/// The most of cargo's output that is read: its JSON messages, one line per artifact.
const CARGO_OUTPUT_BYTES: usize = 16 * 1024 * 1024;

/// Why the code under test could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    /// The compiler refused the code: its messages, as it rendered them.
    Compile(String),
    /// The build was still running at the limit, and was stopped.
    TimedOut(Duration),
    /// Cargo could not run or failed for another reason: what it said.
    Cargo(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Compile(messages) => {
                write!(f, "the checker's harness does not compile:\n\n{messages}")
            }
            Self::TimedOut(limit) => write!(
                f,
                "building the tasks took longer than {} s and was stopped; build them once \
                 with `cargo build --workspace` (or give --build-timeout more seconds)",
                limit.as_secs()
            ),
            Self::Cargo(message) => write!(f, "cargo could not build the tasks: {message}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// A grading workspace to build: a learner's task crates with the checker's own files (see
/// [`crate::grade::workspace`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workspace {
    /// Its root folder, where cargo runs, so that its messages name paths from there.
    pub root: PathBuf,
    /// Where cargo puts what it builds for this workspace alone: the binaries that run.
    pub target_dir: PathBuf,
    /// Where cargo keeps what it compiles (`build.build-dir`), shared by every grading
    /// workspace: the dependencies and the checks compile once, and each workspace's own
    /// crates are told apart by their version (see [`crate::grade::workspace`]).
    pub build_dir: PathBuf,
    /// Task crates refused before it was assembled, by crate name, and why (see
    /// [`refused_manifest`]): their manifest there is the reference's, so
    /// that cargo can read the workspace, and they are not built.
    pub refused: BTreeMap<String, String>,
}

impl Workspace {
    /// The `src/lib.rs` of its crate `crate_name`, or nothing if it cannot be read.
    pub fn source(&self, crate_name: &str) -> String {
        std::fs::read_to_string(self.root.join(crate_name).join("src/lib.rs")).unwrap_or_default()
    }
}

/// What building a workspace gave: the harness for the tasks that built, and why the others
/// did not.
#[derive(Debug, Clone)]
pub struct Build {
    /// What runs the checks of the tasks that built; `None` when task 0, which every task
    /// imports, did not build.
    pub harness: Option<Harness>,
    /// The tasks that did not build, by number, and why.
    pub unbuilt: BTreeMap<u8, Unbuilt>,
    /// Compiler warnings that may explain a failure (a future never awaited), by task.
    pub warnings: BTreeMap<u8, String>,
}

impl Build {
    /// Every binary that the checks run: the harness and the test programs.
    pub fn binaries(&self) -> Vec<PathBuf> {
        self.harness
            .iter()
            .flat_map(|harness| std::iter::once(&harness.program).chain(harness.programs.values()))
            .cloned()
            .collect()
    }
}

/// Builds every task's crate and test program of `workspace`, then the harness with the
/// tasks that built, all within `limit`.
///
/// A task that does not compile (or is refused, or imports a task that does not compile) is
/// left out and named in [`Build::unbuilt`]; the others are built and graded. The build goes
/// in three steps, so that the checker's code is never where a learner's error appears first:
///
/// 1. the task crates, libraries and test programs, with `--keep-going`: an error is in the
///    learner's crate (or in its test program, which calls it as the course does);
/// 2. the harness, with a feature per task that built (see `subject`): an error there is
///    in one task's contract file, which names the task whose signature changed;
/// 3. the harness again without those tasks, when step 2 found any.
///
/// # Errors
///
/// When cargo cannot read the workspace, the build runs out of time, or the checker's own
/// code does not compile.
pub fn build(workspace: &Workspace, limit: Duration) -> Result<Build, BuildError> {
    let deadline = Instant::now() + limit;
    fetch(workspace, deadline)?;
    if let Some(build) = build_at_once(workspace, deadline)? {
        return Ok(build);
    }
    let packages = crate_manifests(workspace, deadline)?;
    let mut unbuilt = BTreeMap::new();
    for task in TASKS {
        let package = packages.get(task.crate_name);
        let reason = match package {
            None => Some(Unbuilt {
                reason: format!("the workspace has no {} crate", task.crate_name),
                messages: String::new(),
                hint: format!(
                    "{}/Cargo.toml should name the package {}",
                    task.crate_name, task.crate_name
                ),
            }),
            Some(package) => workspace
                .refused
                .get(task.crate_name)
                .map(|reason| Unbuilt {
                    reason: reason.clone(),
                    messages: String::new(),
                    hint: REFUSED_HINT.to_owned(),
                })
                .or_else(|| refusal(package, &workspace.root))
                .or_else(|| blocked_by(package, &unbuilt)),
        };
        if let Some(reason) = reason {
            unbuilt.insert(task.number, reason);
        }
    }
    let to_build: Vec<Task> = TASKS
        .into_iter()
        .filter(|task| !unbuilt.contains_key(&task.number))
        .collect();
    let mut programs = HashMap::new();
    let mut warnings = BTreeMap::new();
    if !to_build.is_empty() {
        let mut command = cargo(workspace, &["--keep-going"], false);
        for task in &to_build {
            command.args(["--package", task.crate_name]);
        }
        command.args(["--lib", "--bins"]);
        let built = run_cargo(command, deadline)?;
        for task in to_build {
            let errors = built.rendered(task.crate_name, "error");
            let warned = built.rendered(task.crate_name, "warning");
            let explains = explaining_warnings(&warned);
            if !explains.is_empty() {
                warnings.insert(task.number, explains);
            }
            let program = built.executable(task.crate_name);
            match (errors.is_empty(), program) {
                (true, Some(program)) if built.has_lib(task.crate_name) => {
                    programs.insert(task.crate_name.to_owned(), program);
                }
                (true, _) => {
                    let reason = packages
                        .get(task.crate_name)
                        .and_then(|package| blocked_by(package, &unbuilt))
                        .unwrap_or_else(|| Unbuilt {
                            reason: format!(
                                "cargo built no {} (lib and test program)",
                                task.crate_name
                            ),
                            messages: built.stderr.trim().to_owned(),
                            hint: "run cargo build --workspace and read what it says".to_owned(),
                        });
                    unbuilt.insert(task.number, reason);
                }
                (false, _) => {
                    let source = |name: &str| workspace.source(name);
                    unbuilt.insert(task.number, does_not_compile(task, &errors, source));
                }
            }
        }
    }
    let mut harness = None;
    if !unbuilt.contains_key(&0) {
        harness = build_harness_of(workspace, programs, &mut unbuilt, deadline)?;
    }
    if harness.is_none() {
        // The checks of every task call task 0's wait_random, through the harness.
        for task in &TASKS[1..] {
            unbuilt.entry(task.number).or_insert_with(|| Unbuilt {
                reason: "the checks of every task need basic_async_syntax (task 0), which is \
                         not built"
                    .to_owned(),
                messages: String::new(),
                hint: "make task 0 build first".to_owned(),
            });
        }
    }
    Ok(Build {
        harness,
        unbuilt,
        warnings,
    })
}

/// The common case of [`build`] in one cargo run: every task crate's manifest acceptable,
/// and everything compiling. `None` otherwise: the build step by step then says which task
/// failed, and why.
fn build_at_once(workspace: &Workspace, deadline: Instant) -> Result<Option<Build>, BuildError> {
    let acceptable = workspace.refused.is_empty()
        && TASKS.iter().all(|task| {
            let dir = workspace.root.join(task.crate_name);
            std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|manifest| {
                refused_manifest(&manifest, dir.join("build.rs").is_file()).is_none()
            })
        });
    if !acceptable {
        return Ok(None);
    }
    let mut command = cargo(workspace, &[], true);
    for task in TASKS {
        command.args(["--package", task.crate_name, "--bin", task.crate_name]);
    }
    command.args(EVERY_TASK_HARNESS);
    let built = match run_cargo(command, deadline) {
        Ok(built) => built,
        Err(BuildError::Cargo(_)) => return Ok(None),
        Err(error) => return Err(error),
    };
    let programs: Option<HashMap<String, PathBuf>> = TASKS
        .iter()
        .map(|task| {
            Some((
                task.crate_name.to_owned(),
                built.executable(task.crate_name)?,
            ))
        })
        .collect();
    let (Some(program), Some(binaries)) = (built.executable(HARNESS), programs) else {
        return Ok(None);
    };
    if !built.all_rendered("error").is_empty() {
        return Ok(None);
    }
    let warnings = TASKS
        .iter()
        .map(|task| {
            let warned = built.rendered(task.crate_name, "warning");
            (task.number, explaining_warnings(&warned))
        })
        .filter(|(_, warnings)| !warnings.is_empty())
        .collect();
    Ok(Some(Build {
        harness: Some(Harness {
            program,
            programs: binaries,
        }),
        unbuilt: BTreeMap::new(),
        warnings,
    }))
}

/// Steps 2 and 3 of [`build`]: the harness with every task that built, and again without
/// any whose contract file does not compile.
fn build_harness_of(
    workspace: &Workspace,
    mut programs: HashMap<String, PathBuf>,
    unbuilt: &mut BTreeMap<u8, Unbuilt>,
    deadline: Instant,
) -> Result<Option<Harness>, BuildError> {
    loop {
        let features: Vec<String> = TASKS[1..]
            .iter()
            .filter(|task| !unbuilt.contains_key(&task.number))
            .map(|task| format!("task{}", task.number))
            .collect();
        let mut command = cargo(workspace, &[], true);
        command.args(["--package", HARNESS, "--bin", HARNESS]);
        command.args(["--features", &features.join(",")]);
        let built = run_cargo(command, deadline)?;
        let errors = built.errors_by_contract();
        if let Some(program) = built.executable(HARNESS).filter(|_| errors.is_empty()) {
            programs.retain(|name, _| {
                TASKS
                    .iter()
                    .any(|task| task.crate_name == name && !unbuilt.contains_key(&task.number))
            });
            return Ok(Some(Harness { program, programs }));
        }
        let contract_errors: Vec<(u8, String)> = errors
            .into_iter()
            .filter_map(|(task, rendered)| Some((task?, rendered)))
            .collect();
        if contract_errors.is_empty() {
            let all = built.all_rendered("error");
            return Err(if all.is_empty() {
                BuildError::Cargo(built.stderr.trim().to_owned())
            } else {
                BuildError::Compile(all)
            });
        }
        if contract_errors
            .iter()
            .any(|(number, _)| unbuilt.contains_key(number))
        {
            // A task left out already cannot fail again: the loop would not end.
            return Err(BuildError::Compile(built.all_rendered("error")));
        }
        for (number, rendered) in contract_errors {
            let task = TASKS[usize::from(number)];
            let mut reason = does_not_compile(task, &rendered, |name: &str| workspace.source(name));
            reason.reason = format!(
                "{} compiles, but not with the course's signature",
                task.crate_name
            );
            unbuilt.insert(number, reason);
            // A task that imports it was built against it, and is graded on its own code;
            // only the harness leaves it out.
        }
        if unbuilt.contains_key(&0) {
            // Task 0 is in every harness: without it there is nothing to build.
            return Ok(None);
        }
    }
}

/// Builds the harness of `workspace` with every task and the scale report, within `limit`,
/// for `checker bench`, in the checker's own profile (`--release` for figures that mean something).
///
/// # Errors
///
/// When it does not compile, the build runs out of time, or cargo fails otherwise.
pub fn build_bench(workspace: &Workspace, limit: Duration) -> Result<PathBuf, BuildError> {
    fetch(workspace, Instant::now() + limit)?;
    // Measured as a learner's build runs: without the timelines' instrumentation.
    let mut command = plain_cargo(workspace, &[]);
    command.args([
        "--package",
        HARNESS,
        "--bin",
        HARNESS,
        "--features",
        "bench",
    ]);
    build_one(command, HARNESS, limit)
}

/// Builds the harness's example `name` (`checker/harness/examples/<name>.rs`) of
/// `workspace`, instrumented, with the harness's `features`, within `limit`: the program that
/// `checker timeline` runs.
///
/// # Errors
///
/// When it does not compile, the build runs out of time, or cargo fails otherwise.
pub fn build_instrumented_example(
    workspace: &Workspace,
    name: &str,
    features: &[String],
    limit: Duration,
) -> Result<PathBuf, BuildError> {
    fetch(workspace, Instant::now() + limit)?;
    let mut command = cargo(workspace, &[], true);
    command.args(["--package", HARNESS, "--example", name]);
    if !features.is_empty() {
        command.args(["--features", &features.join(",")]);
    }
    build_one(command, name, limit)
}

/// Runs `command`, a cargo build of one target, within `limit`, and returns the target's
/// executable.
fn build_one(command: Command, name: &str, limit: Duration) -> Result<PathBuf, BuildError> {
    let built = run_cargo(command, Instant::now() + limit)?;
    built.executable(name).ok_or_else(|| {
        let errors = built.all_rendered("error");
        if errors.is_empty() {
            BuildError::Cargo(built.stderr.trim().to_owned())
        } else {
            BuildError::Compile(errors)
        }
    })
}

/// `cargo build` in `workspace` as [`plain_cargo`], instrumented for the timelines: the
/// harness's `timeline` feature (which turns on tokio's `tracing`), and tokio compiled with
/// `--cfg tokio_unstable`.
///
/// The flag is given to tokio alone, by this checker as cargo's `RUSTC_WRAPPER` ([`wrap_rustc`]):
/// in `RUSTFLAGS` it would change how every crate is compiled, and the checker's build would
/// share nothing with the learner's. tokio with `tracing` is a crate of its own to cargo (its
/// features differ), so is every crate that depends on it, and the others are the same
/// crates either way: cargo compiles each once for both. Without this checker's binary to
/// wrap rustc (its library called in-process), the build is not instrumented, and the
/// timelines are absent. `harness` says whether the build selects the harness, whose feature
/// it is.
pub(crate) fn cargo(workspace: &Workspace, extra: &[&str], harness: bool) -> Command {
    let mut command = plain_cargo(workspace, extra);
    if harness && crate::run::confine::trampoline().is_some() {
        command.args(["--features", "checker-harness/timeline"]);
    }
    wrap(&mut command);
    command
}

/// Makes this checker's binary cargo's `RUSTC_WRAPPER` for `command` ([`wrap_rustc`]), when
/// there is one: what the instrumented build compiles with, and what the fetch must resolve
/// with, or it leaves out what only `--cfg tokio_unstable` brings in (`tracing`).
fn wrap(command: &mut Command) {
    if let Some(checker) = crate::run::confine::trampoline() {
        // A wrapper of the user's own (sccache) is left out: it would talk TCP to a server
        // outside the confined build (the report's first lines say so).
        command.env("RUSTC_WRAPPER", checker).env(WRAPPING, "1");
    }
}

/// Set for the checker's own builds, where this binary is rustc's wrapper ([`wrap_rustc`]).
pub const WRAPPING: &str = "CHECKER_WRAPS_RUSTC";

/// `checker RUSTC ARGS…` as cargo's `RUSTC_WRAPPER` in the checker's own builds: runs the
/// compiler with its arguments, and `--cfg tokio_unstable` when it compiles tokio with its
/// `tracing` feature, so that tokio reports every sleep. Returns only when the compiler could
/// not be run.
pub fn wrap_rustc(args: &[std::ffi::OsString]) -> std::process::ExitCode {
    use std::os::unix::process::CommandExt as _;
    let Some((rustc, args)) = args.split_first() else {
        eprintln!("checker: as rustc's wrapper, it needs the compiler to run");
        return std::process::ExitCode::from(2);
    };
    let pair = |first: &str, second: &str| {
        args.windows(2)
            .any(|pair| pair[0] == first && pair[1] == second)
    };
    let mut command = Command::new(rustc);
    command.args(args);
    // Cargo asks which `cfg`s hold before it resolves `[target.'cfg(…)'.dependencies]`: told
    // that `tokio_unstable` does, it gives tokio its `tracing` dependency, and its unit
    // differs from every build of tokio without it.
    let asks_cfg = args.iter().any(|arg| arg == "--print=cfg") || pair("--print", "cfg");
    if asks_cfg || (pair("--crate-name", "tokio") && pair("--cfg", "feature=\"tracing\"")) {
        command.args(["--cfg", "tokio_unstable"]);
    }
    let error = command.exec();
    eprintln!(
        "checker: could not run {}: {error}",
        rustc.to_string_lossy()
    );
    std::process::ExitCode::FAILURE
}

/// `cargo build --offline` in `workspace`, with JSON messages, the same cargo and profile as
/// this checker, and `extra` arguments; confined through this checker's binary when there is
/// one ([`confined_build`]), always in a clean environment ([`build_env`]).
fn plain_cargo(workspace: &Workspace, extra: &[&str]) -> Command {
    let cargo = cargo_program();
    let mut command = match crate::run::confine::trampoline() {
        Some(trampoline) => {
            let mut command = Command::new(trampoline);
            command
                .arg(crate::run::confine::CONFINE_COMMAND)
                .arg(confined_build(workspace).to_json().to_string())
                .arg(&cargo);
            command
        }
        None => Command::new(&cargo),
    };
    build_env(&mut command, workspace);
    command
        .current_dir(&workspace.root)
        .args([
            "build",
            "--offline",
            "--message-format=json",
            "--color=never",
        ])
        .args(extra);
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    command
}

/// The scratch folder of `workspace`'s builds, their `HOME` and `TMPDIR` (the linker's
/// temporary files): in its own target folder, which the build may write anyway.
fn build_scratch(workspace: &Workspace) -> PathBuf {
    workspace.target_dir.join("checker-build-tmp")
}

/// The build's environment, set explicitly: [`crate::run::confine::clean_env`] (`PATH`, a
/// scratch `HOME` and `TMPDIR`, `LANG`), then what cargo and rustup need to find the
/// toolchain and the registry (`CARGO_HOME`, `RUSTUP_HOME`, `RUSTUP_TOOLCHAIN`), with
/// `RUSTUP_AUTO_INSTALL=0` so that no `rust-toolchain.toml` makes rustup install anything,
/// and the build settings that a learner's own build reads too ([`BUILD_SETTINGS`]), with
/// the same values, so that the build folder they share is not rebuilt back and forth. A
/// user's `RUSTC_WRAPPER` is not among them: sccache talks TCP to a server of its own.
fn build_env(command: &mut Command, workspace: &Workspace) {
    let scratch = build_scratch(workspace);
    let _ = std::fs::create_dir_all(&scratch);
    crate::run::confine::clean_env(command, &scratch);
    let toolchain = Toolchain::here();
    command
        .env("CARGO_HOME", &toolchain.cargo_home)
        .env("RUSTUP_HOME", &toolchain.rustup_home)
        .env("RUSTUP_AUTO_INSTALL", "0");
    for (name, value) in std::env::vars_os() {
        let Some(text) = name.to_str() else { continue };
        if is_build_setting(text) {
            command.env(&name, value);
        }
    }
    command
        .env("CARGO_TARGET_DIR", &workspace.target_dir)
        .env("CARGO_BUILD_BUILD_DIR", &workspace.build_dir)
        // A submission's crates are compiled once, or again after an edit of a few lines:
        // incremental compilation's caches cost more to write than they save (it halves a
        // new submission's build).
        .env("CARGO_INCREMENTAL", "0");
}

/// The variables of the checker's environment that the build keeps: how a learner's build is
/// configured too. Exact names; `CARGO_BUILD_`, `CARGO_PROFILE_` and `CARGO_TARGET_<triple>_`
/// settings by their prefix.
const BUILD_SETTINGS: [&str; 5] = [
    "RUSTUP_TOOLCHAIN",
    "RUSTFLAGS",
    "CARGO_ENCODED_RUSTFLAGS",
    "RUSTC",
    "CARGO_BUILD_JOBS",
];

/// Whether the variable `name` is a build setting the build keeps ([`BUILD_SETTINGS`]).
fn is_build_setting(name: &str) -> bool {
    BUILD_SETTINGS.contains(&name)
        || name.starts_with("CARGO_PROFILE_")
        || (name.starts_with("CARGO_BUILD_")
            && !matches!(
                name,
                "CARGO_BUILD_BUILD_DIR"
                    | "CARGO_BUILD_TARGET_DIR"
                    | "CARGO_BUILD_RUSTC_WRAPPER"
                    | "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER"
            ))
        // Not the target folder, set here, nor the one `cargo test` gives its tests.
        || (name.starts_with("CARGO_TARGET_")
            && !matches!(name, "CARGO_TARGET_DIR" | "CARGO_TARGET_TMPDIR"))
}

/// Where the toolchain and the registry are, as cargo and rustup find them.
#[derive(Debug, Clone)]
struct Toolchain {
    /// `$CARGO_HOME`, or `~/.cargo`: the registry's sources and caches, rustup's proxies.
    cargo_home: PathBuf,
    /// `$RUSTUP_HOME`, or `~/.rustup`: the toolchains.
    rustup_home: PathBuf,
}

impl Toolchain {
    fn here() -> Self {
        let home = std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_default();
        let set = |name: &str| {
            std::env::var_os(name)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        };
        let absolute = |path: PathBuf| std::path::absolute(&path).unwrap_or(path);
        Self {
            cargo_home: absolute(set("CARGO_HOME").unwrap_or_else(|| home.join(".cargo"))),
            rustup_home: absolute(set("RUSTUP_HOME").unwrap_or_else(|| home.join(".rustup"))),
        }
    }
}

/// How the build of `workspace` is confined (`checker __confine`, as each check is): it
/// reads the toolchain (rustup's folder, the sysroots of `$CARGO` and `$RUSTC`), cargo's
/// registry and configuration, the system's folders and the grading workspace; it writes only
/// the workspace's target folder, the shared build folder, its scratch folder, and the three
/// files by which cargo locks and tracks its registry (`.package-cache`,
/// `.package-cache-mutate`, `.global-cache`: what `strace -f` shows an offline build open for
/// writing in `CARGO_HOME`); it joins the run's network namespace; and its limits are a
/// build's ([`crate::harness::check::Limits::BUILD`]). Root's build stays root: the toolchain
/// is in root's home, which no other user may enter, and Landlock and the namespace confine
/// root too.
fn confined_build(workspace: &Workspace) -> crate::run::confine::Confinement {
    let toolchain = Toolchain::here();
    let home = &toolchain.cargo_home;
    let sysroot = |program: std::ffi::OsString| {
        let program = PathBuf::from(program);
        program
            .is_absolute()
            .then(|| program.parent()?.parent().map(Path::to_path_buf))
            .flatten()
    };
    let mut binaries: Vec<PathBuf> = vec![
        toolchain.rustup_home.clone(),
        home.join("bin"),
        home.join("registry"),
        home.join("config.toml"),
        home.join("config"),
        workspace.root.clone(),
    ];
    binaries.extend(sysroot(cargo_program()));
    binaries.extend(std::env::var_os("RUSTC").and_then(sysroot));
    binaries.extend(crate::run::confine::trampoline().map(Path::to_path_buf));
    let scratch = build_scratch(workspace);
    // Landlock's rules name folders that exist.
    for folder in [&scratch, &workspace.target_dir, &workspace.build_dir] {
        let _ = std::fs::create_dir_all(folder);
    }
    crate::run::confine::Confinement {
        limits: crate::harness::check::Limits::BUILD,
        binaries,
        scratch,
        writable: vec![
            workspace.target_dir.clone(),
            workspace.build_dir.clone(),
            home.join(".package-cache"),
            home.join(".package-cache-mutate"),
            home.join(".global-cache"),
        ],
        own_user: false,
        user: None,
        network: crate::run::confine::network_namespace().map(Path::to_path_buf),
        user_namespace: crate::run::confine::user_namespace().map(Path::to_path_buf),
    }
}

/// Where the fetch of a workspace notes the manifests and lock it fetched for.
const FETCHED: &str = "checker-fetched";

/// Downloads what `workspace` depends on (`cargo fetch`, for this machine's platform), with
/// the network, before the build, which runs offline. No code of the submission runs there:
/// cargo only reads the manifests and the lock. Only when a manifest or the lock changed since
/// the last fetch ([`FETCHED`] in the target folder): a learner's save does not pay for it.
///
/// # Errors
///
/// When cargo cannot fetch (a dependency that does not exist, no network): what it said.
fn fetch(workspace: &Workspace, deadline: Instant) -> Result<(), BuildError> {
    let stamp_file = workspace.target_dir.join(FETCHED);
    let stamp = manifests_stamp(&workspace.root);
    if std::fs::read_to_string(&stamp_file).is_ok_and(|known| known == stamp) {
        return Ok(());
    }
    let mut command = resolving_as_built(workspace, "fetch");
    command.arg("--color=never");
    let limit = deadline.saturating_duration_since(Instant::now());
    let run = Bounded::start_apart(command, CARGO_OUTPUT_BYTES)
        .map_err(|error| BuildError::Cargo(format!("cargo fetch could not start: {error}")))?;
    let (ending, mut streams) = run.finish_apart(limit);
    let stderr = streams.remove(1).text;
    match ending {
        Ending::KilledAtLimit => return Err(BuildError::TimedOut(limit)),
        Ending::Exited(status) if !status.success() => {
            return Err(BuildError::Cargo(format!(
                "fetching the dependencies failed: {}",
                stderr.trim()
            )));
        }
        Ending::Exited(_) => {}
    }
    // After the fetch, which may have written the lock.
    let _ = std::fs::create_dir_all(&workspace.target_dir);
    let _ = std::fs::write(&stamp_file, manifests_stamp(&workspace.root));
    Ok(())
}

/// `cargo SUBCOMMAND` in `workspace`, for this machine's platform, resolving the dependencies
/// as the instrumented build does: the fetch's command. `[target.'cfg(tokio_unstable)']`
/// dependencies count only when rustc, asked through this checker as its wrapper
/// ([`wrap_rustc`]), says the cfg holds: a fetch without it leaves out `tracing`, which the
/// offline build then cannot download, on a machine whose cargo never fetched it.
pub fn resolving_as_built(workspace: &Workspace, subcommand: &str) -> Command {
    let mut command = Command::new(cargo_program());
    command.current_dir(&workspace.root).arg(subcommand);
    if let Some(host) = host_platform() {
        command.args(["--target", host]);
    }
    wrap(&mut command);
    command
}

/// A hash of the lock and of every manifest of the grading workspace at `root` (the root's,
/// each task crate's, the checker's and the harness's), and of how the fetch resolves them.
fn manifests_stamp(root: &Path) -> String {
    use std::hash::{Hash as _, Hasher as _};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    let members =
        TASKS
            .iter()
            .map(|task| task.crate_name)
            .chain(["", "checker", "checker/harness"]);
    for member in members {
        let read = |file: &str| std::fs::read(root.join(member).join(file)).unwrap_or_default();
        member.hash(&mut hasher);
        read("Cargo.toml").hash(&mut hasher);
    }
    std::fs::read(root.join("Cargo.lock"))
        .unwrap_or_default()
        .hash(&mut hasher);
    // How the fetch resolved: a stamp of a fetch without the wrapper's cfg (a checker before
    // [`resolving_as_built`], or none to wrap rustc) does not stand for one with it.
    (FETCHED, crate::run::confine::trampoline().is_some()).hash(&mut hasher);
    format!("{:016x}", hasher.finish())
}

/// This machine's platform, as `rustc -vV` names it (`x86_64-unknown-linux-gnu`), asked once:
/// what the fetch downloads for, and not every platform of the lock.
fn host_platform() -> Option<&'static str> {
    static HOST: OnceLock<Option<String>> = OnceLock::new();
    HOST.get_or_init(|| {
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let output = Command::new(rustc).arg("-vV").output().ok()?;
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .find_map(|line| line.strip_prefix("host: "))
            .map(str::to_owned)
    })
    .as_deref()
}

/// The cargo that runs this checker (`$CARGO`), or the one on the `PATH`.
fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// What one cargo run said: its JSON messages and its standard error.
struct CargoRun {
    messages: Vec<Value>,
    stderr: String,
}

impl CargoRun {
    /// The compiler's messages of `level` about the crate `name`, as it rendered them.
    fn rendered(&self, name: &str, level: &str) -> String {
        self.diagnostics(level)
            .filter(|(message, _)| message["target"]["name"] == name)
            .map(|(_, rendered)| rendered)
            .collect::<Vec<_>>()
            .join("\n")
            .trim_end()
            .to_owned()
    }

    /// Every message of `level`, as the compiler rendered it.
    fn all_rendered(&self, level: &str) -> String {
        compiler_messages(&self.messages, level)
    }

    fn diagnostics<'a>(&'a self, level: &'a str) -> impl Iterator<Item = (&'a Value, &'a str)> {
        self.messages
            .iter()
            .filter(|message| message["reason"] == "compiler-message")
            .filter(move |message| message["message"]["level"] == level)
            .filter_map(|message| Some((message, message["message"]["rendered"].as_str()?)))
    }

    /// The errors, grouped by the task whose contract file (`checker/harness/src/taskN.rs`)
    /// they point at; `None` for any other error.
    fn errors_by_contract(&self) -> Vec<(Option<u8>, String)> {
        let mut grouped: Vec<(Option<u8>, String)> = Vec::new();
        for (message, rendered) in self.diagnostics("error") {
            let task = message["message"]["spans"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|span| span["is_primary"] == true)
                .filter_map(|span| span["file_name"].as_str())
                .find_map(contract_task);
            match grouped.iter_mut().find(|(known, _)| *known == task) {
                Some((_, text)) => {
                    text.push('\n');
                    text.push_str(rendered);
                }
                None => grouped.push((task, rendered.to_owned())),
            }
        }
        grouped
    }

    /// The executable built for the target `name`, if any.
    fn executable(&self, name: &str) -> Option<PathBuf> {
        self.messages.iter().find_map(|message| {
            (message["target"]["name"] == name)
                .then(|| message["executable"].as_str())
                .flatten()
                .map(PathBuf::from)
        })
    }

    /// Whether the library of the crate `name` was built.
    fn has_lib(&self, name: &str) -> bool {
        self.messages.iter().any(|message| {
            message["reason"] == "compiler-artifact"
                && message["target"]["name"] == name
                && message["target"]["kind"]
                    .as_array()
                    .is_some_and(|kinds| kinds.iter().any(|kind| kind == "lib"))
        })
    }
}

/// The task whose contract file `file` is, such as `checker/harness/src/task3.rs`.
fn contract_task(file: &str) -> Option<u8> {
    let name = file.strip_prefix("checker/harness/src/task")?;
    let number: u8 = name.strip_suffix(".rs")?.parse().ok()?;
    (number < 5).then_some(number)
}

/// Runs `command` (a cargo build) until `deadline`, and reads what it said. A failed build is
/// not an error here: its messages say what failed.
fn run_cargo(command: Command, deadline: Instant) -> Result<CargoRun, BuildError> {
    let limit = deadline.saturating_duration_since(Instant::now());
    let cargo_name = Path::new(&cargo_program()).display().to_string();
    let build = Bounded::start_apart(command, CARGO_OUTPUT_BYTES)
        .map_err(|error| BuildError::Cargo(format!("{cargo_name} could not start: {error}")))?;
    let (ending, mut streams) = build.finish_apart(limit);
    let (stdout, stderr) = (streams.remove(0).text, streams.remove(0).text);
    if ending == Ending::KilledAtLimit {
        return Err(BuildError::TimedOut(limit));
    }
    let messages: Vec<Value> = stdout
        .lines()
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect();
    if messages.is_empty() && !matches!(ending, Ending::Exited(status) if status.success()) {
        // Cargo stopped before it compiled anything: a manifest it cannot read, say.
        return Err(BuildError::Cargo(stderr.trim().to_owned()));
    }
    Ok(CargoRun { messages, stderr })
}

/// What `cargo metadata` says of each package of `workspace`, by name.
fn crate_manifests(
    workspace: &Workspace,
    deadline: Instant,
) -> Result<HashMap<String, Value>, BuildError> {
    let mut command = Command::new(cargo_program());
    // Only the manifests are read (no code runs), offline, in the build's clean environment.
    build_env(&mut command, workspace);
    command.current_dir(&workspace.root).args([
        "metadata",
        "--no-deps",
        "--offline",
        "--format-version=1",
        "--color=never",
    ]);
    let limit = deadline.saturating_duration_since(Instant::now());
    let run = Bounded::start_apart(command, CARGO_OUTPUT_BYTES)
        .map_err(|error| BuildError::Cargo(format!("cargo metadata could not start: {error}")))?;
    let (ending, mut streams) = run.finish_apart(limit);
    let (stdout, stderr) = (streams.remove(0).text, streams.remove(0).text);
    match ending {
        Ending::KilledAtLimit => return Err(BuildError::TimedOut(limit)),
        Ending::Exited(status) if !status.success() => {
            return Err(BuildError::Cargo(stderr.trim().to_owned()));
        }
        Ending::Exited(_) => {}
    }
    let metadata: Value = serde_json::from_str(&stdout).map_err(|error| {
        BuildError::Cargo(format!("cargo metadata said something unreadable: {error}"))
    })?;
    Ok(metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|package| Some((package["name"].as_str()?.to_owned(), package.clone())))
        .collect())
}

/// Why a task crate is not built at all: code of the learner's that would run at build time
/// (a build script, a procedural macro), or a dependency from outside the registry (a path
/// or a git repository), which the grade cannot reproduce.
fn refusal(package: &Value, root: &Path) -> Option<Unbuilt> {
    let name = package["name"].as_str().unwrap_or_default();
    let refused = |reason: String, hint: &str| {
        Some(Unbuilt {
            reason,
            messages: String::new(),
            hint: hint.to_owned(),
        })
    };
    let kinds = package["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|target| target["kind"].as_array().into_iter().flatten())
        .filter_map(Value::as_str);
    for kind in kinds {
        if kind == "custom-build" {
            return refused(
                format!("{name} has a build script (build.rs), which the checker does not run"),
                "code that runs at build time is refused: remove build.rs (and `build =` from \
                 Cargo.toml) and do the work in the crate itself",
            );
        }
        if kind == "proc-macro" {
            return refused(
                format!("{name} is a procedural macro crate, whose code runs at build time"),
                "a task crate is a library: remove `proc-macro = true` from its Cargo.toml",
            );
        }
    }
    for dependency in package["dependencies"].as_array().into_iter().flatten() {
        let dependency_name = dependency["name"].as_str().unwrap_or_default();
        let source = dependency["source"].as_str().unwrap_or_default();
        if source.starts_with("git+") {
            return refused(
                format!("{name} depends on {dependency_name} from a git repository"),
                "a task crate may add dependencies from crates.io only: use a released \
                 version of the crate",
            );
        }
        let task_crate = TASKS.iter().any(|task| task.crate_name == dependency_name);
        let in_workspace = dependency["path"]
            .as_str()
            .is_some_and(|path| Path::new(path) == root.join(dependency_name));
        if dependency["path"].is_string() && !(task_crate && in_workspace) {
            return refused(
                format!("{name} depends on {dependency_name} by a path"),
                "a task crate may depend on the earlier task crates of this workspace and on \
                 crates.io only: publish-free code belongs in the task crate itself",
            );
        }
    }
    None
}

/// Why a learner's task crate `manifest` is refused, if it is: code that would run at build
/// time (a build script, `build_script` telling whether a `build.rs` is there; a procedural
/// macro), or a dependency that is not from crates.io nor an earlier task crate (a path, a
/// git repository), which the grade could not reproduce. Read as text, line by line.
pub fn refused_manifest(manifest: &str, build_script: bool) -> Option<String> {
    let mut section = String::new();
    let mut build_disabled = false;
    for line in manifest.lines() {
        let code = line.split('#').next().unwrap_or_default().trim();
        if code.starts_with('[') {
            section = code.trim_matches(['[', ']', ' ']).to_owned();
            continue;
        }
        let Some((key, value)) = code.split_once('=') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        let dependency = section.contains("dependencies");
        let mentions = |field: &str| {
            key == field
                || key.ends_with(&format!(".{field}"))
                || value.contains(&format!("{field} ="))
                || value.contains(&format!("{field}="))
        };
        if dependency && mentions("git") {
            return Some(format!("depends on a git repository: `{code}`"));
        }
        if dependency && mentions("path") {
            // The earlier task crates, by their place in the workspace, are the course's
            // imports (`cargo add --path ../basic_async_syntax` writes this).
            let name = section
                .rsplit_once("dependencies.")
                .map_or(key, |(_, name)| name)
                .split('.')
                .next()
                .unwrap_or_default();
            let task_crate = TASKS.iter().any(|task| task.crate_name == name);
            let in_place = value.contains(&format!("\"../{name}\""));
            if !(task_crate && in_place) {
                return Some(format!("depends on a path: `{code}`"));
            }
        }
        if section == "package" && key == "build" {
            if value == "false" {
                build_disabled = true;
            } else {
                return Some(format!("has a build script: `{code}`"));
            }
        }
        if section == "lib" && key.replace('_', "-") == "proc-macro" && value == "true" {
            return Some("is a procedural macro crate, whose code runs at build time".to_owned());
        }
    }
    (build_script && !build_disabled)
        .then(|| "has a build script (build.rs), which would run at build time".to_owned())
}

/// What a refused task crate should change.
pub const REFUSED_HINT: &str = "a task crate may add dependencies from crates.io, and nothing \
    that runs at build time: remove the build script (build.rs), `proc-macro`, and every path \
    or git dependency but the earlier task crates (`name.workspace = true`)";

/// When `package` imports a task crate that is not built: why it cannot be built either.
fn blocked_by(package: &Value, unbuilt: &BTreeMap<u8, Unbuilt>) -> Option<Unbuilt> {
    let name = package["name"].as_str().unwrap_or_default();
    package["dependencies"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|dependency| dependency["kind"].is_null())
        .filter_map(|dependency| {
            TASKS
                .iter()
                .find(|task| dependency["name"] == task.crate_name && task.crate_name != name)
        })
        .find(|task| unbuilt.contains_key(&task.number))
        .map(|task| Unbuilt {
            reason: format!(
                "{name} imports {} (task {}), which is not built",
                task.crate_name, task.number
            ),
            messages: String::new(),
            hint: format!("make task {} build first", task.number),
        })
}

/// The compiler's messages of `level` among cargo's JSON messages, as it rendered them.
fn compiler_messages(messages: &[Value], level: &str) -> String {
    messages
        .iter()
        .filter(|message| message["reason"] == "compiler-message")
        .map(|message| &message["message"])
        .filter(|diagnostic| diagnostic["level"] == level)
        .filter_map(|diagnostic| diagnostic["rendered"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;
    use serde_json::json;

    #[test]
    fn build_scripts_macros_and_path_or_git_dependencies_are_refused() {
        let plain = "[package]\nname = \"tasks\"\nversion.workspace = true\n\n[dependencies]\nbasic_async_syntax.workspace = true\nrand = \"0.10\"\nserde = { version = \"1\", features = [\"derive\"] } # path = no\n";
        assert_eq!(refused_manifest(plain, false), None);
        let refused = |extra: &str, build_script| {
            refused_manifest(&format!("{plain}{extra}"), build_script).unwrap_or_default()
        };
        assert!(refused("anyhow = { git = \"https://x\" }\n", false).contains("git"));
        assert!(refused("helper = { path = \"../helper\" }\n", false).contains("a path"));
        assert!(refused("[dependencies.helper]\npath = \"../helper\"\n", false).contains("a path"));
        assert!(refused("", true).contains("build.rs"));
        assert_eq!(
            refused_manifest(
                &plain.replace("[package]\n", "[package]\nbuild = false\n"),
                true
            ),
            None
        );
        assert!(refused("[lib]\nproc-macro = true\n", false).contains("procedural macro"));
        let earlier = "tasks = { path = \"../tasks\" }\n";
        assert_eq!(refused_manifest(&format!("{plain}{earlier}"), false), None);
    }

    #[test]
    fn the_build_keeps_the_build_settings_and_nothing_else() {
        for kept in [
            "RUSTFLAGS",
            "CARGO_ENCODED_RUSTFLAGS",
            "RUSTUP_TOOLCHAIN",
            "CARGO_PROFILE_DEV_DEBUG",
            "CARGO_BUILD_JOBS",
            "CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER",
        ] {
            assert!(is_build_setting(kept), "{kept}");
        }
        for left_out in [
            "RUSTC_WRAPPER",
            "CARGO_BUILD_RUSTC_WRAPPER",
            "CARGO_BUILD_RUSTC_WORKSPACE_WRAPPER",
            "RUSTC_WORKSPACE_WRAPPER",
            "CARGO_TARGET_DIR",
            "CARGO_TARGET_TMPDIR",
            "CARGO_BUILD_BUILD_DIR",
            "CARGO_REGISTRY_TOKEN",
            "CARGO_REGISTRIES_MINE_TOKEN",
            "GITHUB_TOKEN",
            "SSH_AUTH_SOCK",
        ] {
            assert!(!is_build_setting(left_out), "{left_out}");
        }
    }

    #[test]
    fn only_the_compilers_errors_are_kept_as_it_rendered_them() {
        let messages = [
            json!({"reason": "compiler-message", "message": {"level": "warning", "rendered": "warning: unused"}}),
            json!({"reason": "compiler-message", "message": {"level": "error", "rendered": "error[E0308]: mismatched types\n --> tasks/src/lib.rs:3:5\n"}}),
            json!({"reason": "compiler-artifact", "target": {"name": "tasks"}}),
            json!({"reason": "compiler-message", "message": {"level": "error", "rendered": "error: aborting due to 1 previous error\n"}}),
        ];
        assert_eq!(
            compiler_messages(&messages, "error"),
            "error[E0308]: mismatched types\n --> tasks/src/lib.rs:3:5\n\nerror: aborting due to 1 previous error"
        );
    }
}
