//! What the test programs share: Python's `asyncio.run`, and the environment they read.
//!
//! Each crate's `src/main.rs` ports a course test program (`N-main.py`). They all start with
//! [`main`], which reads two environment variables:
//!
//! - [`ENV_VAR`](crate::seed::ENV_VAR) (`ASYNC_SEED=<u64>`): replay the same delays every run.
//! - [`CLOCK_VAR`] (`ASYNC_CLOCK=paused`): run every [`run`] on tokio's paused clock, where
//!   time jumps ahead whenever all tasks are waiting on a timer. The program prints exactly
//!   what it would print on the real clock, in milliseconds instead of seconds; the checker
//!   and the tests use it to grade the test programs without waiting for them.

use std::cell::Cell;
use std::fmt;
use std::process::ExitCode;

use crate::seed;

/// The environment variable that picks the clock of [`run`]: `real` (the default) or `paused`.
///
/// # Examples
///
/// ```
/// use std::process::Command;
///
/// // How the checker runs a test program in milliseconds instead of seconds.
/// let mut program = Command::new("target/debug/basic_async_syntax");
/// program.env(basic_async_syntax::program::CLOCK_VAR, "paused");
/// ```
pub const CLOCK_VAR: &str = "ASYNC_CLOCK";

thread_local! {
    static PAUSED_CLOCK: Cell<bool> = const { Cell::new(false) };
}

/// Runs `future` to completion on a new single-threaded runtime: Python's `asyncio.run`.
///
/// Like `asyncio.run`, each call starts a fresh event loop (a tokio `current_thread` runtime
/// with its timer) and closes it when `future` is done. `#[tokio::main(flavor =
/// "current_thread")]` does the same for a whole `main`. Under [`main`] with
/// `ASYNC_CLOCK=paused`, the runtime starts on tokio's paused clock.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::{run, wait_random};
///
/// assert_eq!(run(wait_random(0)), 0.0);
/// ```
///
/// # Panics
///
/// When called from inside an async task (tokio forbids blocking a thread that drives tasks),
/// or when the OS refuses the runtime its resources.
pub fn run<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(PAUSED_CLOCK.get())
        .build()
        .expect("the OS should provide a single-threaded tokio runtime")
        .block_on(future)
}

/// A bad value in one of the environment variables that [`main`] reads.
#[derive(Debug)]
struct EnvError(String);

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Reads [`CLOCK_VAR`]: whether the clock is paused.
fn paused_clock_from_env() -> Result<bool, EnvError> {
    match std::env::var_os(CLOCK_VAR) {
        None => Ok(false),
        Some(value) => match value.to_str().map(str::trim) {
            Some("" | "real") => Ok(false),
            Some("paused") => Ok(true),
            _ => Err(EnvError(format!(
                "{CLOCK_VAR} must be \"real\" or \"paused\", but it is {:?}",
                value.to_string_lossy()
            ))),
        },
    }
}

/// The shared `main` of the test programs: runs `program` as the environment asks.
///
/// The seed in [`ENV_VAR`](crate::seed::ENV_VAR) scopes every delay drawn on this thread
/// ([`seed::scope_blocking`]); [`CLOCK_VAR`] picks the clock of every [`run`]. A malformed
/// value prints an error that names its variable and returns failure before `program` runs.
///
/// # Examples
///
/// ```
/// use std::process::ExitCode;
///
/// use basic_async_syntax::{program, run, wait_random};
///
/// fn main() -> ExitCode {
///     program::main(|| println!("{:?}", run(wait_random(0))))
/// }
/// ```
pub fn main(program: impl FnOnce()) -> ExitCode {
    let settings = seed::from_env()
        .map_err(|error| EnvError(error.to_string()))
        .and_then(|seed| Ok((seed, paused_clock_from_env()?)));
    let (seed, paused) = match settings {
        Ok(settings) => settings,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::FAILURE;
        }
    };
    PAUSED_CLOCK.set(paused);
    match seed {
        Some(seed) => seed::scope_blocking(seed, program),
        None => program(),
    }
    ExitCode::SUCCESS
}
