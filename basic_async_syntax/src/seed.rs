//! Where the delays' randomness comes from, and how to make it reproducible.
//!
//! Python's `random` module has one global generator, and `random.seed(42)` makes a whole
//! program replay. A global generator does not suit Rust's tests, which run in parallel
//! threads of one process: one test's seed would leak into another's draws. Here a seed is
//! *scoped* instead:
//!
//! - [`scope`] runs a future with a seeded stream (a tokio task-local),
//! - [`scope_blocking`] runs plain code with one (a thread-local), for functions such as
//!   `measure_time` that build their own runtime on the calling thread,
//! - [`inherit`] carries the stream in scope into a future handed to `tokio::spawn`, because
//!   a task-local does not follow a spawned task by itself.
//!
//! Outside any scope, [`wait_random`](crate::wait_random) draws from [`rand::rng`], the
//! thread's own generator, seeded by the OS: fresh delays every run.
//!
//! Within a scope all draws share one stream, numbered: the `k`-th draw of a scope is always
//! the same value, whichever task or thread makes it, so `n` draws give the same `n` values
//! in any order. `wait_n` and `task_wait_n` draw the same *set* of delays from one seed, on
//! either runtime flavor. Numbered draws need no lock: one generator shared behind a mutex
//! made `task_wait_n`'s tasks queue at it, on every worker thread at once.
//!
//! The test programs read the seed from the [`ENV_VAR`] environment variable ([`from_env`])
//! through [`program::main`](crate::program::main).

use std::cell::RefCell;
use std::error::Error;
use std::fmt;
use std::ops::RangeInclusive;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng, RngExt, SeedableRng};

/// The environment variable that seeds the test programs: `ASYNC_SEED=<u64>`.
///
/// # Examples
///
/// ```
/// use std::process::Command;
///
/// // How the checker replays a test program's delays.
/// let mut program = Command::new("target/debug/concurrent_coroutines");
/// program.env(basic_async_syntax::seed::ENV_VAR, "42");
/// ```
pub const ENV_VAR: &str = "ASYNC_SEED";

/// The seeded stream of one scope, shared by every task that draws from it.
///
/// A generator shared by every task needs a lock around each draw, and on the multi-thread
/// runtime `task_wait_n`'s tasks draw on every worker at once: they would queue at that
/// lock. So draws are numbered instead. A draw takes the next number from an atomic
/// counter, and its value comes from a generator seeded by the scope's key plus that
/// number: independent of any other draw, and the same on every run.
struct Stream {
    /// Derived from the seed through a generator, so that neighbouring seeds such as 7 and 8
    /// do not give streams shifted by one draw.
    key: u64,
    /// How many draws the scope has made.
    drawn: AtomicU64,
}

impl Stream {
    fn seeded(seed: u64) -> Self {
        Self {
            key: Xoshiro256PlusPlus::seed_from_u64(seed).next_u64(),
            drawn: AtomicU64::new(0),
        }
    }

    /// The stream's next draw, uniform over `range`.
    fn uniform(&self, range: RangeInclusive<f64>) -> f64 {
        // Relaxed: the count only has to hand each draw its own number.
        let number = self.drawn.fetch_add(1, Ordering::Relaxed);
        Xoshiro256PlusPlus::seed_from_u64(self.key.wrapping_add(number)).random_range(range)
    }
}

/// A seeded stream shared by every draw in one scope.
type SharedStream = Arc<Stream>;

tokio::task_local! {
    /// The task's stream, or [`unseeded`] when the task has none.
    ///
    /// Not an `Option`, unlike the thread's: tokio keeps a task-local's value in an `Option`
    /// of its own, and an `Option` of an `Option<Arc<_>>` takes 8 bytes more than one of an
    /// `Arc`. Those 8 bytes would make every task that `tasks::task_wait_random` spawns (an
    /// [`inherit`] of a 128-byte `wait_random`) too large for tokio's 256-byte task cell,
    /// so each would take a 384-byte one: 128 bytes more per delay of `task_wait_n`.
    static TASK_STREAM: SharedStream;
}

thread_local! {
    static THREAD_STREAM: RefCell<Option<SharedStream>> = const { RefCell::new(None) };
}

fn seeded(seed: u64) -> SharedStream {
    Arc::new(Stream::seeded(seed))
}

/// The stand-in [`TASK_STREAM`] of a task with no seed in scope; nothing is ever drawn from it.
fn unseeded() -> &'static SharedStream {
    static UNSEEDED: OnceLock<SharedStream> = OnceLock::new();
    UNSEEDED.get_or_init(|| seeded(0))
}

/// `rng`, unless it is the [`unseeded`] stand-in.
fn seeded_only(rng: &SharedStream) -> Option<&SharedStream> {
    (!Arc::ptr_eq(rng, unseeded())).then_some(rng)
}

/// The seeded stream in scope: the task's first, then the thread's.
fn current() -> Option<SharedStream> {
    TASK_STREAM
        .try_with(|rng| seeded_only(rng).cloned())
        .ok()
        .flatten()
        .or_else(|| THREAD_STREAM.with_borrow(Clone::clone))
}

/// Draws a delay uniformly from `[0, max_delay]`, both ends included, from the stream in
/// scope: Python's `random.uniform(0, max_delay)`.
///
/// [`wait_random`](crate::wait_random) draws its delay with it. A learner who rewrites
/// `wait_random` should too: a delay drawn straight from [`rand::rng`] would be fresh on
/// every run, and neither `ASYNC_SEED` nor the checker could replay it.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::seed;
///
/// let delay = seed::scope_blocking(8, || seed::uniform(15));
/// assert!((0.0..=15.0).contains(&delay));
/// assert_eq!(delay, seed::scope_blocking(8, || seed::uniform(15)));
/// assert_eq!(seed::uniform(0), 0.0);
/// ```
pub fn uniform(max_delay: u32) -> f64 {
    // It borrows the stream in scope rather than taking a handle of its own as `current`
    // does: cloning and dropping the `Arc` would add two atomic updates, per draw, of the
    // cache line that every worker's draws already share.
    let range = 0.0..=f64::from(max_delay);
    let draw = |rng: &SharedStream| rng.uniform(range.clone());
    TASK_STREAM
        .try_with(|rng| seeded_only(rng).map(draw))
        .ok()
        .flatten()
        .or_else(|| THREAD_STREAM.with_borrow(|rng| rng.as_ref().map(draw)))
        .unwrap_or_else(|| rand::rng().random_range(range.clone()))
}

/// Runs `future` with every delay inside it drawn from a stream seeded by `seed`.
///
/// The same seed and the same calls give the same delays on every run. Tasks spawned inside
/// keep the stream only through [`inherit`] (as `tasks::task_wait_random` does).
///
/// # Examples
///
/// ```
/// use basic_async_syntax::seed;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let first = seed::scope(7, async { seed::uniform(10) }).await;
/// let again = seed::scope(7, async { seed::uniform(10) }).await;
/// assert_eq!(first, again);
/// # }
/// ```
pub async fn scope<F: Future>(seed: u64, future: F) -> F::Output {
    TASK_STREAM.scope(seeded(seed), future).await
}

/// Runs the plain function `body` with every delay drawn on this thread seeded by `seed`.
///
/// This is for code that is not async itself but runs futures on the calling thread, such as
/// `measure_runtime::measure_time` or a `block_on`. A task-local seed ([`scope`]) takes
/// precedence over this one.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::seed;
///
/// let draw = || {
///     tokio::runtime::Builder::new_current_thread()
///         .build()
///         .unwrap()
///         .block_on(async { seed::uniform(10) })
/// };
/// assert_eq!(seed::scope_blocking(3, draw), seed::scope_blocking(3, draw));
/// ```
pub fn scope_blocking<R>(seed: u64, body: impl FnOnce() -> R) -> R {
    /// Restores the previous thread seed even if `body` panics.
    struct Restore(Option<SharedStream>);
    impl Drop for Restore {
        fn drop(&mut self) {
            THREAD_STREAM.set(self.0.take());
        }
    }
    let _restore = Restore(THREAD_STREAM.replace(Some(seeded(seed))));
    body()
}

/// Wraps `future` so it draws from the stream in scope *here*, wherever it later runs.
///
/// Call it where a future is created and hand the result to `tokio::spawn`: the spawned task
/// then shares the caller's seeded stream. Outside any scope it changes nothing.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::seed;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let draw = || async { seed::uniform(10) };
/// let spawned = seed::scope(11, async { tokio::spawn(seed::inherit(draw())).await })
///     .await
///     .unwrap();
/// assert_eq!(spawned, seed::scope(11, draw()).await);
/// # }
/// ```
pub fn inherit<F: Future>(future: F) -> impl Future<Output = F::Output> {
    TASK_STREAM.scope(current().unwrap_or_else(|| unseeded().clone()), future)
}

/// An `ASYNC_SEED` value that is not an unsigned 64-bit integer.
///
/// # Examples
///
/// ```
/// let error = basic_async_syntax::seed::parse("12abc").unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "ASYNC_SEED must be an unsigned 64-bit integer (0 to 18446744073709551615), \
///      but it is \"12abc\""
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError {
    value: String,
}

impl fmt::Display for SeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{ENV_VAR} must be an unsigned 64-bit integer (0 to {}), but it is {:?}",
            u64::MAX,
            self.value
        )
    }
}

impl Error for SeedError {}

/// Parses a seed as [`ENV_VAR`] holds it: decimal digits, surrounding blanks ignored.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::seed;
///
/// assert_eq!(seed::parse(" 42 "), Ok(42));
/// assert!(seed::parse("forty-two").unwrap_err().to_string().contains("ASYNC_SEED"));
/// ```
///
/// # Errors
///
/// A [`SeedError`] naming the variable and the value when `value` is not a `u64`.
pub fn parse(value: &str) -> Result<u64, SeedError> {
    value.trim().parse().map_err(|_| SeedError {
        value: value.to_owned(),
    })
}

/// Reads the seed from the [`ENV_VAR`] environment variable: `None` when it is unset or empty.
///
/// # Examples
///
/// ```
/// use basic_async_syntax::seed;
///
/// // Whatever the environment holds, a well-formed or absent seed reads without error.
/// if std::env::var_os(seed::ENV_VAR).is_none() {
///     assert_eq!(seed::from_env(), Ok(None));
/// }
/// ```
///
/// # Errors
///
/// A [`SeedError`] when the variable is set to anything but a `u64` (non-UTF-8 included).
pub fn from_env() -> Result<Option<u64>, SeedError> {
    match std::env::var_os(ENV_VAR) {
        None => Ok(None),
        Some(value) if value.is_empty() => Ok(None),
        Some(value) => match value.to_str() {
            Some(text) => parse(text).map(Some),
            None => Err(SeedError {
                value: value.to_string_lossy().into_owned(),
            }),
        },
    }
}
