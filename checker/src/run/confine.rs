//! Confinement: what the code under test may use while a check runs.
//!
//! A class is graded on a teacher's own machine, so each check's child confines itself before
//! the code under test starts, and the test programs it runs inherit it:
//!
//! - **Memory**: an address-space limit (`RLIMIT_AS`, [`Limits::memory`]): an allocation past it
//!   fails, and the check fails saying "ran out of memory".
//! - **Disk**: a file-size limit (`RLIMIT_FSIZE`), and writes only in the check's own scratch
//!   folder (its working folder, `TMPDIR` and `HOME`), which the parent removes after it.
//! - **Processes and threads**: a limit (`RLIMIT_NPROC`). It counts per user, so as root each
//!   check runs as an unprivileged user of its own ([`Uids`]), where the limit holds; the
//!   parent starts it so, with std's safe `Command::uid`.
//! - **Files**: Landlock, an unprivileged Linux security module: the child reads only the
//!   system's folders (`/usr`, `/lib`, `/etc`, `/proc`…), its own binaries and its scratch
//!   folder. This workspace, other submissions and the user's home are out of reach.
//! - **Network**: the run's network namespace ([`network_namespace`]; not as root, in a user
//!   namespace of the checker's own), with no interface up, so that no packet leaves, UDP
//!   included; and Landlock's TCP rules (ABI 4) as a second wall: no TCP connection or
//!   listener at all.
//! - **Environment**: nothing of the checker's own ([`clean_env`]): no token, agent socket or
//!   CI secret reaches the code under test, its build included.
//! - **Signals**: Landlock's scope (ABI 6): no signal to a process outside the check, the
//!   checker included; a separate user as root, too.
//!
//! The confinement is applied by the trusted `checker` binary itself, started as
//! [`CONFINE_COMMAND`] in front of the harness ([`exec_confined`]): it confines its own
//! process, then replaces itself with `checker-harness` (`exec`), which inherits all of it.
//! So even code of the learner's that runs before `main` (a static constructor) is confined.
//! Where no such binary is at hand (the checker's own tests, which call the checks
//! in-process), the harness confines itself before it runs the check.
//!
//! The build is confined by the same step ([`crate::run::build`]): cargo, rustc, build scripts,
//! procedural macros and the linker read only the toolchain, cargo's registry, the system's
//! folders and the grading workspace, write only its target and build folders and a scratch
//! folder, and reach no network, under limits of their own ([`Limits::BUILD`]).
//!
//! The order in `checker __confine` matters: it joins the network namespace while it is still
//! root, then becomes the check's user ([`Confinement::user`]; std's `Command::uid` would drop
//! root before it could join), then sets the limits, then Landlock.
//!
//! All of it goes through safe APIs (`unsafe_code` stays forbidden): rustix's `setrlimit`,
//! `setns` (`move_into_link_name_space`) and per-thread `setresuid` (the trampoline has one
//! thread), and the `landlock` crate. rustix's safe `unshare` is deprecated (1.1) for
//! `unshare_unsafe`, so no process of the checker's creates the namespace: util-linux's
//! `unshare --net` starts a process that holds it for the run, and each confined process
//! joins it by `/proc/PID/ns/net`. What the running system lacks (an older kernel, no
//! Landlock, no user namespaces when not root, no `unshare`, not Linux) is skipped, and
//! [`probe`] says what holds, for the report's first line and for `--require-confinement`.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::OnceLock;

use landlock::{
    ABI, Access, AccessFs, AccessNet, CompatLevel, Compatible, LandlockStatus, PathBeneath, PathFd,
    Ruleset, RulesetAttr, RulesetCreatedAttr, Scope,
};
use serde_json::{Value, json};

use crate::harness::check::Limits;

/// The limits of a build, which is no check's ([`Limits`] are the checks').
impl Limits {
    /// A build's limits: rustc and the linker reserve far more address space than a check
    /// (jemalloc's arenas, LLVM's threads), so 16 GiB; files up to 4 GiB, for the rlibs (the
    /// checker's is about 48 MB) and the binaries with their debug information. Processes
    /// are not limited: the build runs as the checker's own user, where the limit would count
    /// all of that user's processes.
    pub const BUILD: Self = Self {
        memory: 16 << 30,
        file_size: 4 << 30,
        processes: 0,
    };
}

/// `bytes` as people read it: "1 GiB", "64 MiB".
pub fn size(bytes: u64) -> String {
    match bytes {
        bytes if bytes >= 1 << 30 && bytes % (1 << 30) == 0 => format!("{} GiB", bytes >> 30),
        bytes if bytes >= 1 << 20 => format!("{} MiB", bytes >> 20),
        bytes => format!("{bytes} bytes"),
    }
}

/// Reads a size such as `1G`, `512M` or `1073741824` (bytes), for `--memory`.
///
/// # Errors
///
/// When it is no such size, or below 64 MiB (too little for a tokio runtime).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let (number, unit) = match trimmed
        .char_indices()
        .find(|(_, c)| c.is_ascii_alphabetic())
    {
        Some((at, _)) => trimmed.split_at(at),
        None => (trimmed, ""),
    };
    let shift = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 0,
        "K" | "KB" | "KIB" => 10,
        "M" | "MB" | "MIB" => 20,
        "G" | "GB" | "GIB" => 30,
        _ => return Err(format!("{text:?} is not a size: write it as 512M or 2G")),
    };
    let bytes = number
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|number| number.checked_mul(1 << shift))
        .ok_or_else(|| format!("{text:?} is not a size: write it as 512M or 2G"))?;
    if bytes < 64 << 20 {
        return Err(format!(
            "{text:?} is too little: a check needs at least 64M"
        ));
    }
    Ok(bytes)
}

/// The first argument that makes the `checker` binary confine itself and run a harness:
/// `checker __confine <confinement as JSON> <program> <arguments>…`.
pub const CONFINE_COMMAND: &str = "__confine";

/// The binary that confines a harness before it starts ([`CONFINE_COMMAND`]).
static TRAMPOLINE: OnceLock<PathBuf> = OnceLock::new();

/// Makes `binary` (the `checker` binary itself) the one that confines each harness. As root,
/// when the users that checks run as cannot reach it where it is (root's home, where `cargo
/// install` puts it), a copy of it in [`super::ROOT_FOLDER`] serves.
pub fn set_trampoline(binary: PathBuf) {
    let binary = if uids_available() && !reachable_by_others(&binary) {
        match reachable_copy(&binary, Path::new(super::ROOT_FOLDER)) {
            Ok(copy) => {
                if let Ok(file) = std::fs::File::open(&copy)
                    && rustix::fs::flock(&file, rustix::fs::FlockOperation::LockShared).is_ok()
                {
                    let _ = HELD_COPY.set(file);
                    if let Some(bin) = copy.parent() {
                        prune_copies(bin, &copy, COPY_AGE);
                    }
                }
                copy
            }
            Err(_) => binary,
        }
    } else {
        binary
    };
    let _ = TRAMPOLINE.set(binary);
}

/// The copy of the checker this process runs its checks from, held with a shared lock while
/// the process lives, so that [`prune_copies`] in another checker leaves it alone.
static HELD_COPY: OnceLock<std::fs::File> = OnceLock::new();

/// How old a copy must be (since it was written) before [`prune_copies`] removes it: a
/// checker older than the locks holds none, and one just started may not hold its own yet.
const COPY_AGE: std::time::Duration = std::time::Duration::from_secs(3600);

/// Removes the copies of the checker in `bin` (`checker-*`) but `keep` that no running
/// checker holds (no shared lock on them) and that were written at least `age` ago, so that
/// the copies number a few, not one per build ever made.
fn prune_copies(bin: &Path, keep: &Path, age: std::time::Duration) {
    use rustix::fs::{FlockOperation, flock};
    let Ok(entries) = std::fs::read_dir(bin) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let named = entry.file_name().to_string_lossy().starts_with("checker-");
        if !named || path == keep {
            continue;
        }
        let old_enough = entry.metadata().is_ok_and(|meta| {
            use std::os::unix::fs::MetadataExt as _;
            let written = std::time::UNIX_EPOCH
                + std::time::Duration::from_secs(meta.ctime().max(0).unsigned_abs());
            written.elapsed().is_ok_and(|elapsed| elapsed >= age)
        });
        let Ok(file) = std::fs::File::open(&path) else {
            continue;
        };
        // Held by nobody: an exclusive lock is granted at once.
        if old_enough && flock(&file, FlockOperation::NonBlockingLockExclusive).is_ok() {
            let _ = std::fs::remove_file(&path);
        }
    }
}

/// A copy of `binary` in `folder`, runnable by every user: named after its size and time, so
/// that two checkers never overwrite each other's; written under a name of its own, then
/// renamed, so that none ever runs a half-written one.
fn reachable_copy(binary: &Path, folder: &Path) -> std::io::Result<PathBuf> {
    use std::os::unix::fs::{OpenOptionsExt as _, PermissionsExt as _};
    let meta = std::fs::metadata(binary)?;
    let modified = meta.modified()?;
    let stamp = modified
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    let bin = folder.join("bin");
    let copy = bin.join(format!("checker-{}-{stamp}", meta.len()));
    if !copy.is_file() {
        std::fs::create_dir_all(&bin)?;
        let partial = bin.join(format!(
            ".checker-{}-{:016x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        let mut file = std::fs::File::options()
            .write(true)
            .create_new(true)
            .mode(0o755)
            .open(&partial)?;
        std::io::copy(&mut std::fs::File::open(binary)?, &mut file)?;
        file.set_modified(modified)?;
        drop(file);
        std::fs::rename(&partial, &copy)?;
    }
    for path in [folder, &bin] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(copy)
}

/// The binary that confines each harness, when one was set.
pub fn trampoline() -> Option<&'static Path> {
    TRAMPOLINE.get().map(PathBuf::as_path)
}

/// `checker __confine JSON PROGRAM ARGS…`: confines this process as JSON says, then becomes
/// PROGRAM with ARGS. Returns only when it could not (status 3, the message on stderr).
pub fn exec_confined(args: &[OsString]) -> ExitCode {
    let confinement = args
        .first()
        .and_then(|json| serde_json::from_str(&json.to_string_lossy()).ok())
        .and_then(|json: Value| Confinement::from_json(&json));
    let (Some(confinement), Some(program)) = (confinement, args.get(1)) else {
        eprintln!("{CONFINE_FAILED}: expected a confinement as JSON, then a program");
        return ExitCode::from(3);
    };
    let held = match apply(&confinement) {
        Ok(held) => held,
        Err(error) => {
            eprintln!("{CONFINE_FAILED}: {error}");
            return ExitCode::from(3);
        }
    };
    if !held.rlimits {
        eprintln!("{CONFINE_FAILED}: the resource limits could not be set");
        return ExitCode::from(3);
    }
    let error = std::os::unix::process::CommandExt::exec(
        Command::new(program)
            .args(&args[2..])
            // glibc reserves address space for a malloc arena per thread, up to eight per
            // core: two arenas keep a many-core machine within the memory limit.
            .env("MALLOC_ARENA_MAX", "2"),
    );
    eprintln!(
        "{CONFINE_FAILED}: could not start {}: {error}",
        Path::new(program).display()
    );
    ExitCode::from(3)
}

/// How the message of a failed confinement starts, which the parent tells from the code under
/// test's own ending.
pub const CONFINE_FAILED: &str = "checker __confine failed";

/// How one child confines itself: its limits, what it may read, where it may write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confinement {
    /// Its limits.
    pub limits: Limits,
    /// The files and folders it may read and run: a check's own binary and the test
    /// programs; a build's toolchain, registry and workspace.
    pub binaries: Vec<PathBuf>,
    /// Its scratch folder, where it may write.
    pub scratch: PathBuf,
    /// The other files and folders it may write: a build's target and build folders.
    pub writable: Vec<PathBuf>,
    /// Whether it runs as a user of its own, where the limit of processes counts only its
    /// own: for another user, it would count all of theirs, so it is not set.
    pub own_user: bool,
    /// The user (and group) it becomes, after it joined the network namespace and before
    /// anything else: root's checks run as a user of their own ([`Uids`]).
    pub user: Option<u32>,
    /// The network namespace it joins (`/proc/PID/ns/net` of [`network_namespace`]'s holder).
    pub network: Option<PathBuf>,
    /// The user namespace it joins first, when the checker is not root: the one the network
    /// namespace belongs to ([`user_namespace`]), where this process may join it.
    pub user_namespace: Option<PathBuf>,
}

impl Confinement {
    /// As the request to the child carries it.
    pub fn to_json(&self) -> Value {
        json!({
            "memory": self.limits.memory,
            "file_size": self.limits.file_size,
            "processes": self.limits.processes,
            "binaries": self.binaries,
            "scratch": self.scratch,
            "writable": self.writable,
            "own_user": self.own_user,
            "user": self.user,
            "network": self.network,
            "user_namespace": self.user_namespace,
        })
    }

    /// From the request, if it carries one.
    pub fn from_json(value: &Value) -> Option<Self> {
        Some(Self {
            limits: Limits {
                memory: value["memory"].as_u64()?,
                file_size: value["file_size"].as_u64()?,
                processes: value["processes"].as_u64()?,
            },
            binaries: value["binaries"]
                .as_array()?
                .iter()
                .filter_map(|path| path.as_str().map(PathBuf::from))
                .collect(),
            scratch: PathBuf::from(value["scratch"].as_str()?),
            writable: value["writable"]
                .as_array()?
                .iter()
                .filter_map(|path| path.as_str().map(PathBuf::from))
                .collect(),
            own_user: value["own_user"].as_bool()?,
            user: match &value["user"] {
                Value::Null => None,
                user => Some(u32::try_from(user.as_u64()?).ok()?),
            },
            network: match &value["network"] {
                Value::Null => None,
                network => Some(PathBuf::from(network.as_str()?)),
            },
            user_namespace: match &value["user_namespace"] {
                Value::Null => None,
                namespace => Some(PathBuf::from(namespace.as_str()?)),
            },
        })
    }
}

/// The system's folders a check reads: its libraries, its configuration, `/proc` and `/sys`
/// (where a runtime reads how many cores it may use), and the devices.
const SYSTEM_FOLDERS: [&str; 8] = [
    "/usr", "/lib", "/lib64", "/bin", "/etc", "/proc", "/sys", "/dev",
];

/// The Landlock ABI this checker asks for: files (1), TCP (4), signals and abstract sockets (6).
const WANTED: ABI = ABI::V6;

/// Confines this process as `confinement` says, as far as the system allows, and says what
/// held. Called by the child before the code under test runs, while it has one thread; the
/// processes it starts later inherit all of it.
///
/// # Errors
///
/// When it cannot join the network namespace or become the user it names: a confinement
/// asked for that does not hold is no confinement at all, and the check or build must not run.
pub fn apply(confinement: &Confinement) -> Result<Held, String> {
    if let Some(namespace) = &confinement.user_namespace {
        join(namespace, rustix::thread::LinkNameSpaceType::User)?;
    }
    if let Some(network) = &confinement.network {
        join(network, rustix::thread::LinkNameSpaceType::Network)?;
    }
    if let Some(user) = confinement.user {
        become_user(user)?;
    }
    let limits = confinement.limits;
    let processes = confinement
        .own_user
        .then_some((rustix::process::Resource::Nproc, limits.processes));
    let rlimits = [
        (rustix::process::Resource::As, limits.memory),
        (rustix::process::Resource::Fsize, limits.file_size),
        (rustix::process::Resource::Core, 0),
    ]
    .into_iter()
    .chain(processes)
    .map(|(resource, value)| {
        // Never above a hard limit already in place, which only root could raise.
        let value = rustix::process::getrlimit(resource)
            .maximum
            .map_or(value, |hard| hard.min(value));
        let limit = rustix::process::Rlimit {
            current: Some(value),
            maximum: Some(value),
        };
        rustix::process::setrlimit(resource, limit).is_ok()
    })
    // Every limit is tried, even after one fails.
    .collect::<Vec<bool>>()
    .into_iter()
    .all(|set| set);
    let writable: Vec<&Path> = std::iter::once(confinement.scratch.as_path())
        .chain(confinement.writable.iter().map(PathBuf::as_path))
        .collect();
    let abi = restrict(&confinement.binaries, &writable);
    Ok(Held {
        limits,
        rlimits,
        own_user: confinement.own_user,
        abi,
        network_namespace: confinement.network.is_some(),
        build: None,
    })
}

/// Joins the namespace of `kind` at `path` (a `/proc/PID/ns/…`): the network namespace as
/// root, or, not as root, first the user namespace that owns it (its owner may join it while
/// it has one thread, and so gets the right to join the network namespace; `exec` then drops
/// every capability, the user not being root in it).
fn join(path: &Path, kind: rustix::thread::LinkNameSpaceType) -> Result<(), String> {
    let namespace = std::fs::File::open(path)
        .map_err(|error| format!("the namespace {}: {error}", path.display()))?;
    rustix::thread::move_into_link_name_space(std::os::fd::AsFd::as_fd(&namespace), Some(kind))
        .map_err(|error| format!("joining the namespace {}: {error}", path.display()))
}

/// Becomes `id` as user and group, with no other group, for good (real, effective and saved
/// ids). Per thread in rustix, as in the kernel: this process has one, and `exec` passes its
/// credentials on.
fn become_user(id: u32) -> Result<(), String> {
    let (uid, gid) = (
        rustix::process::Uid::from_raw(id),
        rustix::process::Gid::from_raw(id),
    );
    rustix::thread::set_thread_groups(&[])
        .and_then(|()| rustix::thread::set_thread_res_gid(gid, gid, gid))
        .and_then(|()| rustix::thread::set_thread_res_uid(uid, uid, uid))
        .map_err(|error| format!("becoming the check's user {id}: {error}"))?;
    if rustix::process::geteuid() != uid || rustix::process::getegid() != gid {
        return Err(format!("becoming the check's user {id}: it did not hold"));
    }
    Ok(())
}

/// Restricts this thread (and what it starts) with Landlock; the ABI that held, if any.
fn restrict(binaries: &[PathBuf], writable: &[&Path]) -> Option<ABI> {
    let read = AccessFs::from_read(WANTED);
    let all = AccessFs::from_all(WANTED);
    let mut ruleset = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(all)
        .ok()?
        .handle_access(AccessNet::BindTcp | AccessNet::ConnectTcp)
        .ok()?
        .scope(Scope::Signal | Scope::AbstractUnixSocket)
        .ok()?
        .create()
        .ok()?;
    let readable = SYSTEM_FOLDERS
        .iter()
        .map(PathBuf::from)
        .chain(binaries.iter().cloned());
    for path in readable {
        if let Ok(fd) = PathFd::new(&path) {
            let access = if path.is_dir() {
                read
            } else {
                read & AccessFs::from_file(WANTED)
            };
            ruleset = ruleset.add_rule(PathBeneath::new(fd, access)).ok()?;
        }
    }
    for writable in writable.iter().copied().chain([Path::new("/dev/null")]) {
        if let Ok(fd) = PathFd::new(writable) {
            let access = if writable.is_dir() {
                all
            } else {
                all & AccessFs::from_file(WANTED)
            };
            ruleset = ruleset.add_rule(PathBeneath::new(fd, access)).ok()?;
        }
    }
    let status = ruleset.restrict_self().ok()?;
    match status.landlock {
        LandlockStatus::Available { effective_abi, .. } => Some(effective_abi),
        _ => None,
    }
}

/// What confinement holds in this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held {
    /// The limits asked for.
    pub limits: Limits,
    /// Whether the resource limits were set.
    pub rlimits: bool,
    /// Whether each check runs as a user of its own (root starts it so), or as one that is
    /// not root, where `RLIMIT_NPROC` counts that user's processes.
    pub own_user: bool,
    /// The Landlock ABI that holds, if any.
    pub abi: Option<ABI>,
    /// Whether each check and build runs in the run's network namespace, where no packet
    /// leaves (UDP included).
    pub network_namespace: bool,
    /// How the build is confined, when it is known (see [`BuildHeld`]).
    pub build: Option<BuildHeld>,
}

/// What holds for the build: it goes through `checker __confine` as the checks do, and a
/// user's `RUSTC_WRAPPER` left out of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildHeld {
    /// Whether the build (cargo and all it starts) is confined: files, network, limits.
    pub confined: bool,
    /// Whether the user set a `RUSTC_WRAPPER` (sccache talks TCP to a local server), which a
    /// confined build leaves out.
    pub wrapper_left_out: bool,
}

impl Held {
    /// Whether files, the network and signals are each confined.
    fn landlock(&self) -> [bool; 3] {
        let at_least = |version: ABI| self.abi.is_some_and(|abi| abi >= version);
        [at_least(ABI::V1), at_least(ABI::V4), at_least(ABI::V6)]
    }

    /// Whether the build is confined as the checks are.
    fn build_confined(&self) -> bool {
        self.build.is_some_and(|build| build.confined)
    }

    /// What does not hold, in words; empty when everything does.
    pub fn missing(&self) -> Vec<&'static str> {
        let [files, network, signals] = self.landlock();
        let mut missing = Vec::new();
        if !self.build_confined() {
            missing.push(
                "the build confined (it runs confined only through the checker binary, with \
                 Landlock)",
            );
        }
        if !self.rlimits {
            missing.push("memory and file size limits (no setrlimit)");
        }
        if !self.own_user {
            missing.push(if uids_available() {
                "a user of its own for each check, with a limit of processes (the binaries are \
                 not reachable by other users where they are)"
            } else {
                "a user of its own for each check, with a limit of processes (the checker is not \
                 root)"
            });
        }
        if !files {
            missing.push("files (no Landlock)");
        }
        if !network {
            missing.push("TCP (Landlock before ABI 4)");
        }
        if !self.network_namespace {
            missing.push(if rustix::process::geteuid().is_root() {
                "UDP: a network namespace (util-linux's `unshare --net` could not make one)"
            } else {
                "UDP: a network namespace (not root, and no user namespace could be made)"
            });
        }
        if !signals {
            missing.push("signals (Landlock before ABI 6)");
        }
        missing
    }

    /// The first line, within 80 columns (the watch mode shows it in one row): what holds for
    /// the build and the checks alike, then for the checks alone.
    fn first_line(&self) -> String {
        let [files, network, signals] = self.landlock();
        let (mut both, mut checks) = (Vec::new(), Vec::new());
        let mut put = |part: &'static str, for_the_build: bool| {
            if for_the_build && self.build_confined() {
                both.push(part);
            } else {
                checks.push(part.to_owned());
            }
        };
        if files {
            put("files", true);
        }
        match (self.network_namespace, network) {
            (true, _) => put("net", true),
            (false, true) => put("TCP", true),
            (false, false) => {}
        }
        // Cleaned whether or not the build is confined.
        put("env", true);
        if self.rlimits {
            checks.push(size(self.limits.memory));
        }
        if self.own_user {
            checks.push("own user".to_owned());
        }
        if signals {
            checks.push("signals".to_owned());
        }
        if !self.build_confined() {
            return format!("confined: checks: {}; build: env only", checks.join(", "));
        }
        let mut line = format!("confined: build & checks: {}", both.join(", "));
        if !checks.is_empty() {
            line.push_str(&format!("; checks: {}", checks.join(", ")));
        }
        line
    }
}

impl fmt::Display for Held {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.first_line())?;
        if self.build.is_some_and(|build| build.wrapper_left_out) {
            write!(f, "\n  RUSTC_WRAPPER left out of the confined build")?;
        }
        let missing = self.missing();
        if !missing.is_empty() {
            write!(f, "\n  not here: {}", missing.join("; "))?;
        }
        Ok(())
    }
}

/// What confinement would hold for a check started now with `limits`, running `binaries`:
/// Landlock is tried on a thread of its own, which ends with it; the resource limits are
/// Linux's; a user of its own is root's to give, when that user can reach the binaries; the
/// network namespace is the run's, made now if not yet.
pub fn probe(limits: Limits, binaries: &[PathBuf]) -> Held {
    let scratch = std::env::temp_dir();
    let abi = std::thread::spawn(move || restrict(&[], &[scratch.as_path()]))
        .join()
        .ok()
        .flatten();
    let confined_build = trampoline().is_some() && abi.is_some();
    Held {
        limits,
        rlimits: cfg!(target_os = "linux"),
        own_user: uids_available()
            && binaries
                .iter()
                .map(PathBuf::as_path)
                .chain(trampoline())
                .all(reachable_by_others),
        abi,
        network_namespace: trampoline().is_some() && network_namespace().is_some(),
        build: Some(BuildHeld {
            confined: confined_build,
            wrapper_left_out: confined_build && users_rustc_wrapper().is_some(),
        }),
    }
}

/// The user's own `RUSTC_WRAPPER`, if set.
pub fn users_rustc_wrapper() -> Option<OsString> {
    std::env::var_os("RUSTC_WRAPPER").filter(|wrapper| !wrapper.is_empty())
}

/// The process that holds the run's network namespace, and the path each confined process
/// joins it by.
struct NetworkHolder {
    /// `/proc/PID/ns/net` of the holder.
    path: PathBuf,
    /// `/proc/PID/ns/user` of the holder, when the checker is not root.
    user: Option<PathBuf>,
    /// The holder (`cat`), kept so that it is not reaped while the run lasts.
    _holder: Child,
    /// Its standard input: the holder ends when the checker does, however it ends, as the
    /// system closes this pipe.
    _input: ChildStdin,
}

/// The run's network namespace, made once per run.
static NETWORK: OnceLock<Option<NetworkHolder>> = OnceLock::new();

/// The network namespace that every confined build and check joins: a new one, in which no
/// interface is up (not even loopback), so that nothing sent, UDP included, reaches any
/// listener, on this machine or another. Made once per run by util-linux's `unshare --net`
/// (rustix's safe `unshare` is deprecated, and this crate forbids `unsafe`), which then runs
/// `cat` to hold it: `cat` ends when its input, held by this process, closes. As root, root
/// joins it; not as root, in a user namespace of its own (`unshare --user
/// --map-current-user`), where the system allows one ([`user_namespace`]). `None` where it
/// cannot be made.
pub fn network_namespace() -> Option<&'static Path> {
    NETWORK
        .get_or_init(hold_network_namespace)
        .as_ref()
        .map(|holder| holder.path.as_path())
}

/// The user namespace to join before [`network_namespace`], when the checker is not root.
pub fn user_namespace() -> Option<&'static Path> {
    NETWORK
        .get_or_init(hold_network_namespace)
        .as_ref()
        .and_then(|holder| holder.user.as_deref())
}

fn hold_network_namespace() -> Option<NetworkHolder> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let root = rustix::process::geteuid().is_root();
    let ours = std::fs::read_link("/proc/self/ns/net").ok()?;
    let arguments: &[&str] = if root {
        &["--net", "--", "cat"]
    } else {
        &["--user", "--map-current-user", "--net", "--", "cat"]
    };
    let mut holder = Command::new("unshare")
        .args(arguments)
        .env_clear()
        .env("PATH", SYSTEM_PATH)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let input = holder.stdin.take()?;
    let path = PathBuf::from(format!("/proc/{}/ns/net", holder.id()));
    let user = (!root).then(|| PathBuf::from(format!("/proc/{}/ns/user", holder.id())));
    // Until `unshare` has made the namespace, its process is still in ours.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        if std::fs::read_link(&path).is_ok_and(|theirs| theirs != ours) {
            return Some(NetworkHolder {
                path,
                user,
                _holder: holder,
                _input: input,
            });
        }
        let ended = !matches!(holder.try_wait(), Ok(None));
        if ended || std::time::Instant::now() > deadline {
            let _ = holder.kill();
            let _ = holder.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// The `PATH` of a confined process when the checker's own has none.
const SYSTEM_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

/// The variable that names (comma-separated) more variables of the checker's environment to
/// pass on to each check: for the checker's own tests, whose harness a variable steers
/// (`MISBEHAVIOUR`, `ATTACK_*`, `MISBEHAVIOUR_CASE` in `checker/tests/misbehaving_tasks.rs`).
/// Nothing else of the checker's environment reaches the code under test.
pub const PASS_ENV: &str = "CHECKER_PASS_ENV";

/// Clears `command`'s environment, then sets only what a confined process needs: `PATH` (the
/// checker's, or the system's), `HOME` and `TMPDIR` in `scratch`, `LANG` (the checker's, or
/// `C.UTF-8`), and the variables that [`PASS_ENV`] names. So no token, `SSH_AUTH_SOCK` or CI
/// secret of the grader's reaches `env!`, `option_env!` or `std::env::var` of the code under
/// test. A build adds its own settings ([`crate::run::build`]).
pub fn clean_env(command: &mut Command, scratch: &Path) {
    command
        .env_clear()
        .env(
            "PATH",
            std::env::var_os("PATH")
                .filter(|path| !path.is_empty())
                .unwrap_or_else(|| SYSTEM_PATH.into()),
        )
        .env(
            "LANG",
            std::env::var_os("LANG")
                .filter(|lang| !lang.is_empty())
                .unwrap_or_else(|| "C.UTF-8".into()),
        )
        .env("HOME", scratch)
        .env("TMPDIR", scratch);
    let passed = std::env::var(PASS_ENV).unwrap_or_default();
    for name in passed
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
}

/// The first of the users that checks run as, when the checker is root: above the 16-bit
/// range, where distributions put their users and systemd its dynamic ones.
const FIRST_UID: u32 = 1_900_000;
/// How many such users there are: more than checks ever run at once.
const UIDS: u32 = 256;

/// Whether checks can run as users of their own: the checker is root, and the system maps
/// their ids (a user namespace, as in a rootless container, maps only some).
fn uids_available() -> bool {
    rustix::process::geteuid().is_root() && uids_mapped()
}

/// Whether `/proc/self/uid_map` maps every id of the checks' users.
fn uids_mapped() -> bool {
    let Ok(map) = std::fs::read_to_string("/proc/self/uid_map") else {
        return false;
    };
    map.lines().any(|line| {
        let numbers: Vec<u64> = line
            .split_whitespace()
            .filter_map(|number| number.parse().ok())
            .collect();
        matches!(numbers[..], [inside, _, count]
            if inside <= u64::from(FIRST_UID)
                && u64::from(FIRST_UID + UIDS) <= inside + count)
    })
}

/// How long a check waits for one of the users to be free before it fails.
const UID_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// The users that checks run as, each held by one running check at a time, in this process
/// and in any other checker run as root on the machine: a user is held by a lock on a file of
/// its own (`uids/` in [`super::ROOT_FOLDER`], root's alone), which the system lets go when
/// its holder ends, however it ends.
#[derive(Debug, Default)]
pub struct Uids;

impl Uids {
    /// The users, none held by this process yet.
    pub const fn new() -> Self {
        Self
    }

    /// A user for one check, given back when dropped; `Ok(None)` when the checker is not root.
    /// When every one is held, it waits for one (a check never runs as root instead).
    ///
    /// # Errors
    ///
    /// When the locks cannot be kept, or no user is free within two minutes.
    pub fn take(&self) -> std::io::Result<Option<Uid>> {
        use std::os::unix::fs::{DirBuilderExt as _, OpenOptionsExt as _, PermissionsExt as _};
        if !uids_available() {
            return Ok(None);
        }
        let folder = Path::new(super::ROOT_FOLDER).join("uids");
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&folder)?;
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700))?;
        let deadline = std::time::Instant::now() + UID_WAIT;
        loop {
            for uid in FIRST_UID..FIRST_UID + UIDS {
                let lock = std::fs::File::options()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .mode(0o600)
                    .open(folder.join(uid.to_string()))?;
                let held =
                    rustix::fs::flock(&lock, rustix::fs::FlockOperation::NonBlockingLockExclusive);
                if held.is_ok() {
                    return Ok(Some(Uid { uid, _lock: lock }));
                }
            }
            if std::time::Instant::now() > deadline {
                return Err(std::io::Error::other(format!(
                    "all {UIDS} users for checks were taken for {} s",
                    UID_WAIT.as_secs()
                )));
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

/// One check's user, held until dropped.
#[derive(Debug)]
pub struct Uid {
    /// The user (and group) id.
    pub uid: u32,
    /// The lock that holds it.
    _lock: std::fs::File,
}

impl Uid {
    /// Ends every process of this user: what a check left running (a process that left its
    /// group, or the orphans of a checker that was stopped), before and after a check.
    pub fn end_its_processes(&self) {
        use std::os::unix::process::CommandExt as _;
        let command = match trampoline() {
            Some(trampoline) => {
                let mut command = Command::new(trampoline);
                command.arg(KILL_ALL_COMMAND);
                command
            }
            None => {
                let mut command = Command::new("kill");
                command.args(["-KILL", "-1"]);
                command
            }
        };
        let _ = { command }
            .uid(self.uid)
            .gid(self.uid)
            .current_dir("/")
            .stderr(std::process::Stdio::null())
            .status();
    }
}

impl Drop for Uid {
    fn drop(&mut self) {
        self.end_its_processes();
    }
}

/// The first argument that makes the `checker` binary, run as a check's user, end every
/// process of that user (`kill(-1, SIGKILL)`).
pub const KILL_ALL_COMMAND: &str = "__kill_all";

/// `checker __kill_all`: sends SIGKILL to every process this user may signal, itself aside.
/// Refused as root (status 2), who may signal every process of the machine: the checker runs
/// it only as a check's own user ([`Uid::end_its_processes`]), and typed by hand in a root
/// shell it would end that shell, its terminal and everything else.
pub fn kill_all() -> ExitCode {
    if rustix::process::geteuid().is_root() {
        eprintln!(
            "checker {KILL_ALL_COMMAND}: refused as root, which would end every process of the \
             machine: the checker runs it as a check's own user"
        );
        return ExitCode::from(2);
    }
    match rustix::process::kill_process_group(
        rustix::process::Pid::INIT,
        rustix::process::Signal::KILL,
    ) {
        Ok(()) => ExitCode::SUCCESS,
        // None left to end.
        Err(rustix::io::Errno::SRCH) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("checker {KILL_ALL_COMMAND}: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Whether a user other than the file's owner can reach and run `path`: every folder above it
/// searchable by others, and the file readable and runnable by them.
pub fn reachable_by_others(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = |path: &Path| std::fs::metadata(path).map(|meta| meta.permissions().mode());
    let file = mode(path).is_ok_and(|mode| mode & 0o005 == 0o005);
    file && path
        .ancestors()
        .skip(1)
        .all(|folder| mode(folder).is_ok_and(|mode| mode & 0o001 != 0))
}

#[cfg(test)]
mod tests {

    #[test]
    fn copies_of_the_checker_are_pruned_unless_a_running_checker_holds_them() {
        let bin = std::env::temp_dir().join(format!("confine-copies-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&bin);
        std::fs::create_dir_all(&bin).unwrap();
        for name in ["checker-1-1", "checker-2-2", "checker-3-3", "other"] {
            std::fs::write(bin.join(name), "binary").unwrap();
        }
        let held = std::fs::File::open(bin.join("checker-2-2")).unwrap();
        rustix::fs::flock(&held, rustix::fs::FlockOperation::LockShared).unwrap();
        // Too young: nothing goes.
        prune_copies(&bin, &bin.join("checker-3-3"), COPY_AGE);
        assert!(bin.join("checker-1-1").exists());
        prune_copies(&bin, &bin.join("checker-3-3"), std::time::Duration::ZERO);
        let mut left: Vec<String> = std::fs::read_dir(&bin)
            .unwrap()
            .flatten()
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["checker-2-2", "checker-3-3", "other"]);
        drop(held);
        std::fs::remove_dir_all(&bin).unwrap();
    }

    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn sizes_read_and_write_as_people_do() {
        assert_eq!(parse_size("1G"), Ok(1 << 30));
        assert_eq!(parse_size("512M"), Ok(512 << 20));
        assert_eq!(parse_size("2 GiB"), Ok(2 << 30));
        assert_eq!(parse_size("134217728"), Ok(128 << 20));
        assert!(parse_size("1T").is_err());
        assert!(parse_size("10M").unwrap_err().contains("too little"));
        assert_eq!(size(1 << 30), "1 GiB");
        assert_eq!(size(64 << 20), "64 MiB");
    }

    fn held(build: bool, network_namespace: bool, memory: u64) -> Held {
        Held {
            limits: Limits {
                memory,
                ..Limits::default()
            },
            rlimits: true,
            own_user: true,
            abi: Some(ABI::V6),
            network_namespace,
            build: Some(BuildHeld {
                confined: build,
                wrapper_left_out: true,
            }),
        }
    }

    #[test]
    fn the_first_line_says_what_holds_for_the_build_and_the_checks_in_80_columns() {
        let all = held(true, true, 1 << 30);
        assert_eq!(
            all.first_line(),
            "confined: build & checks: files, net, env; checks: 1 GiB, own user, signals"
        );
        assert!(all.missing().is_empty(), "{:?}", all.missing());
        let unconfined_build = held(false, true, 1 << 30);
        assert_eq!(
            unconfined_build.first_line(),
            "confined: checks: files, net, env, 1 GiB, own user, signals; build: env only"
        );
        assert!(unconfined_build.missing()[0].contains("the build"));
        let no_namespace = held(true, false, 1 << 30);
        assert!(no_namespace.first_line().contains("files, TCP, env"));
        assert!(
            no_namespace
                .missing()
                .iter()
                .any(|missing| missing.starts_with("UDP"))
        );
        for memory in [64 << 20, 1536 << 20, 1 << 30, 64 << 30, 1024 << 30] {
            for (build, namespace) in [(true, true), (false, true), (true, false), (false, false)] {
                let line = held(build, namespace, memory).first_line();
                assert!(line.chars().count() <= 80, "{} columns: {line}", line.len());
            }
        }
        // The details after it, on lines of their own.
        let shown = all.to_string();
        assert_eq!(shown.lines().count(), 2, "{shown}");
        assert!(
            shown
                .lines()
                .nth(1)
                .unwrap()
                .contains("RUSTC_WRAPPER left out")
        );
    }

    #[test]
    fn a_clean_environment_keeps_only_what_is_set_and_what_is_named() {
        let mut command = Command::new("env");
        command.env("SOME_TOKEN", "secret");
        clean_env(&mut command, Path::new("/scratch"));
        let set: Vec<(String, Option<String>)> = command
            .get_envs()
            .map(|(name, value)| {
                (
                    name.to_string_lossy().into_owned(),
                    value.map(|value| value.to_string_lossy().into_owned()),
                )
            })
            .collect();
        let names: Vec<&str> = set.iter().map(|(name, _)| name.as_str()).collect();
        assert!(!names.contains(&"SOME_TOKEN"), "{names:?}");
        for name in ["PATH", "LANG", "HOME", "TMPDIR"] {
            assert!(names.contains(&name), "{name} in {names:?}");
        }
        assert!(set.contains(&("HOME".to_owned(), Some("/scratch".to_owned()))));
        // And nothing inherited: the child sees only these.
        let output = command.output().unwrap();
        let seen = String::from_utf8_lossy(&output.stdout);
        assert!(!seen.contains("SOME_TOKEN"), "{seen}");
        assert_eq!(seen.lines().count(), names.len(), "{seen}");
    }

    #[test]
    fn a_confinement_goes_through_the_request_whole() {
        let confinement = Confinement {
            limits: Limits::default(),
            binaries: vec![PathBuf::from("/a/checker-harness")],
            scratch: PathBuf::from("/tmp/x"),
            writable: vec![PathBuf::from("/a/target")],
            own_user: true,
            user: Some(1_900_003),
            network: Some(PathBuf::from("/proc/7/ns/net")),
            user_namespace: Some(PathBuf::from("/proc/7/ns/user")),
        };
        assert_eq!(
            Confinement::from_json(&confinement.to_json()),
            Some(confinement.clone())
        );
        let plain = Confinement {
            user: None,
            network: None,
            user_namespace: None,
            ..confinement
        };
        assert_eq!(Confinement::from_json(&plain.to_json()), Some(plain));
    }
}
