//! One configuration, measured in the process that runs it.
//!
//! Peak memory is a high-water mark: once a run of a million delays has pushed it up, no
//! later run in the same process can be seen under it. So the report runs every
//! configuration in a fresh child process (`checker bench --child …`), which calls
//! [`measure`] once and prints the [`Measurement`] as one line of JSON.

use std::time::{Duration, Instant};

use anyhow::Context as _;
use basic_async_syntax::seed;
use concurrent_coroutines::wait_n;
use futures_util::stream::FuturesUnordered;
use futures_util::{FutureExt, StreamExt};
use measure_runtime::measure_time;
use rand::rngs::Xoshiro256PlusPlus;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};
use task_wait_n::task_wait_n;
use tasks::task_wait_random;
use tokio::runtime::Runtime;
use tokio::task::coop::unconstrained;

use super::{Configuration, Flavor, Function};

/// What one run of one configuration gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Measurement {
    /// Wall-clock time of the call, in seconds (runtime start-up not included).
    pub wall_s: f64,
    /// CPU time of every thread of the process during the call, in seconds, where the OS
    /// tells it: the cost of the call, which the largest delay does not hide.
    pub cpu_s: Option<f64>,
    /// The largest delay the call drew, in seconds: the least wall time it can take.
    pub largest_delay_s: f64,
    /// How many delays the call returned; `None` when it returns no list (`measure_time`).
    pub count: Option<u64>,
    /// Neighbours out of order in the returned list; `None` when it returns no list.
    pub inversions: Option<u64>,
    /// The process's peak resident memory before the call, in bytes, where the OS tells it.
    pub baseline_rss_bytes: Option<u64>,
    /// The process's peak resident memory after the call, in bytes, where the OS tells it.
    pub peak_rss_bytes: Option<u64>,
}

impl Measurement {
    /// What running the delays concurrently cost beyond the largest of them, in seconds.
    pub fn overhead_s(&self) -> f64 {
        self.wall_s - self.largest_delay_s
    }

    /// The overhead per delay, in microseconds.
    pub fn overhead_per_delay_us(&self, n: usize) -> f64 {
        self.overhead_s() * 1e6 / n as f64
    }

    /// The CPU time per delay, in microseconds.
    pub fn cpu_per_delay_us(&self, n: usize) -> Option<f64> {
        Some(self.cpu_s? * 1e6 / n as f64)
    }

    /// Memory the call added to the process's peak, per delay, in bytes.
    pub fn added_bytes_per_delay(&self, n: usize) -> Option<f64> {
        let added = self
            .peak_rss_bytes?
            .saturating_sub(self.baseline_rss_bytes?);
        Some(added as f64 / n as f64)
    }

    /// The process's whole peak memory, per delay, in bytes: the strict measure the targets use.
    pub fn peak_bytes_per_delay(&self, n: usize) -> Option<f64> {
        Some(self.peak_rss_bytes? as f64 / n as f64)
    }

    /// The measurement as the JSON object a child prints (and the Python driver prints too).
    pub fn to_json(&self) -> Value {
        json!({
            "wall_s": self.wall_s,
            "cpu_s": self.cpu_s,
            "largest_delay_s": self.largest_delay_s,
            "count": self.count,
            "inversions": self.inversions,
            "baseline_rss_bytes": self.baseline_rss_bytes,
            "peak_rss_bytes": self.peak_rss_bytes,
        })
    }

    /// Reads what [`to_json`](Self::to_json) or the Python driver printed.
    ///
    /// # Errors
    ///
    /// When `text` is not such an object; the error names the missing or malformed field.
    pub fn from_json(text: &str) -> anyhow::Result<Self> {
        let value: Value = serde_json::from_str(text.trim())
            .with_context(|| format!("expected one JSON object, got {:?}", text.trim()))?;
        let number = |field: &str| {
            value[field]
                .as_f64()
                .with_context(|| format!("field {field:?} should be a number in {value}"))
        };
        let optional_number = |field: &str| match &value[field] {
            Value::Null => Ok(None),
            other => other
                .as_f64()
                .map(Some)
                .with_context(|| format!("field {field:?} should be a number or null in {value}")),
        };
        let optional = |field: &str| match &value[field] {
            Value::Null => Ok(None),
            other => other.as_u64().map(Some).with_context(|| {
                format!("field {field:?} should be a whole number or null in {value}")
            }),
        };
        Ok(Self {
            wall_s: number("wall_s")?,
            cpu_s: optional_number("cpu_s")?,
            largest_delay_s: number("largest_delay_s")?,
            count: optional("count")?,
            inversions: optional("inversions")?,
            baseline_rss_bytes: optional("baseline_rss_bytes")?,
            peak_rss_bytes: optional("peak_rss_bytes")?,
        })
    }
}

/// Runs the configuration's function once on a fresh runtime of its flavor, seeded, and
/// measures it.
///
/// `measure_time` builds its own current-thread runtime, so `flavor` does not apply to it;
/// its largest delay is found afterwards by replaying the same seed on the paused clock,
/// where the same draws take no real time (and after the peak memory has been read).
///
/// # Errors
///
/// When the OS refuses a runtime.
pub fn measure(configuration: Configuration, seed: u64) -> anyhow::Result<Measurement> {
    let Configuration {
        function,
        flavor,
        n,
        max_delay,
    } = configuration;
    let baseline_rss_bytes = peak_rss_bytes();
    if function == Function::MeasureTime {
        let cpu_start = cpu_time_s();
        let wall_s = seed::scope_blocking(seed, || measure_time(n, max_delay)) * n as f64;
        let cpu_s = cpu_time_s().zip(cpu_start).map(|(end, start)| end - start);
        let peak_rss_bytes = peak_rss_bytes();
        let replay = runtime(Flavor::CurrentThread, true)?;
        let delays = seed::scope_blocking(seed, || replay.block_on(wait_n(n, max_delay)));
        return Ok(Measurement {
            wall_s,
            cpu_s,
            largest_delay_s: largest(&delays),
            count: None,
            inversions: None,
            baseline_rss_bytes,
            peak_rss_bytes,
        });
    }
    let runtime = runtime(flavor, false)?;
    let cpu_start = cpu_time_s();
    let start = Instant::now();
    let delays = runtime.block_on(seed::scope(seed, async {
        match function {
            Function::TaskWaitN => task_wait_n(n, max_delay).await,
            Function::TaskFloor => task_floor(n, max_delay).await,
            Function::WaitNFloor => wait_n_floor(n, max_delay, seed).await,
            Function::TaskWaitNFloor => task_wait_n_floor(n, max_delay, seed).await,
            Function::WaitN | Function::MeasureTime => wait_n(n, max_delay).await,
        }
    }));
    let wall_s = start.elapsed().as_secs_f64();
    // Read while the runtime's worker threads are alive: their time leaves with them.
    let cpu_s = cpu_time_s().zip(cpu_start).map(|(end, start)| end - start);
    Ok(Measurement {
        wall_s,
        cpu_s,
        largest_delay_s: largest(&delays),
        count: Some(delays.len() as u64),
        inversions: Some(inversions(&delays)),
        baseline_rss_bytes,
        peak_rss_bytes: peak_rss_bytes(),
    })
}

/// The floor of `wait_n`: `n` plain [`tokio::time::sleep`]s of uniform delays in one
/// [`FuturesUnordered`], each [`unconstrained`], their delays listed as they come.
///
/// The least that tokio's own timers and `FuturesUnordered` cost for `wait_n`'s work on this
/// machine: no order kept, and each delay drawn from a plain generator of the bench's seed
/// rather than a seeded scope.
async fn wait_n_floor(n: usize, max_delay: u32, seed: u64) -> Vec<f64> {
    let mut delays_of = plain_delays(max_delay, seed);
    let mut sleeps: FuturesUnordered<_> = (0..n)
        .map(|_| {
            let delay = delays_of();
            unconstrained(tokio::time::sleep(Duration::from_secs_f64(delay))).map(move |()| delay)
        })
        .collect();
    let mut delays = Vec::with_capacity(n);
    while let Some(delay) = sleeps.next().await {
        delays.push(delay);
    }
    delays
}

/// The floor of `task_wait_n`: [`wait_n_floor`]'s sleeps, each spawned as a task, their
/// handles [`unconstrained`] in one [`FuturesUnordered`], their delays listed as they come.
///
/// # Panics
///
/// When one of the tasks panics.
async fn task_wait_n_floor(n: usize, max_delay: u32, seed: u64) -> Vec<f64> {
    let mut delays_of = plain_delays(max_delay, seed);
    let mut tasks: FuturesUnordered<_> = (0..n)
        .map(|_| {
            let delay = delays_of();
            let sleep = tokio::time::sleep(Duration::from_secs_f64(delay));
            unconstrained(tokio::spawn(sleep.map(move |()| delay)))
        })
        .collect();
    let mut delays = Vec::with_capacity(n);
    while let Some(joined) = tasks.next().await {
        delays.push(joined.expect("task_wait_n_floor: a sleeping task failed"));
    }
    delays
}

/// Uniform delays over `[0, max_delay]` from a plain generator seeded by `seed`.
fn plain_delays(max_delay: u32, seed: u64) -> impl FnMut() -> f64 {
    let mut generator = Xoshiro256PlusPlus::seed_from_u64(seed);
    let range = 0.0..=f64::from(max_delay);
    move || generator.random_range(range.clone())
}

/// `n` [`task_wait_random`]`(max_delay)` tasks, awaited in the order they were spawned.
///
/// `task_wait_n` without its order: no wake-up of the caller per finished task and no
/// placing, a second reference beside [`task_wait_n_floor`]. Its list is as unordered as
/// the spawn order.
///
/// # Panics
///
/// When one of the tasks panics.
async fn task_floor(n: usize, max_delay: u32) -> Vec<f64> {
    let tasks: Vec<_> = (0..n).map(|_| task_wait_random(max_delay)).collect();
    let mut delays = Vec::with_capacity(n);
    for task in tasks {
        delays.push(task.await.expect("task_floor: a delay task failed"));
    }
    delays
}

/// A runtime of `flavor` with its timer, the clock paused when `paused`.
fn runtime(flavor: Flavor, paused: bool) -> anyhow::Result<Runtime> {
    flavor
        .builder()
        .start_paused(paused)
        .build()
        .with_context(|| format!("the OS refused a {flavor} tokio runtime"))
}

/// The largest value of `delays`, or 0 for none.
fn largest(delays: &[f64]) -> f64 {
    delays.iter().copied().fold(0.0, f64::max)
}

/// How many neighbours of `delays` are out of ascending order.
pub fn inversions(delays: &[f64]) -> u64 {
    delays.windows(2).filter(|pair| pair[0] > pair[1]).count() as u64
}

/// CPU time used so far by the live threads of the process, in seconds (Linux's
/// `schedstat`, to the nanosecond); `None` elsewhere.
fn cpu_time_s() -> Option<f64> {
    // The kernel brings a running thread's count up to date only at a scheduler tick or
    // switch, up to milliseconds late; yielding is a switch. Idle threads are up to date.
    std::thread::yield_now();
    let threads = std::fs::read_dir("/proc/self/task").ok()?;
    let nanoseconds: u64 = threads
        .flatten()
        // A thread that ends while this reads has nothing left to count.
        .filter_map(|thread| std::fs::read_to_string(thread.path().join("schedstat")).ok())
        .filter_map(|schedstat| schedstat.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Some(nanoseconds as f64 * 1e-9)
}

/// The process's peak resident memory so far (Linux's `VmHWM`), in bytes; `None` elsewhere.
fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kibibytes = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .strip_suffix("kB")?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(kibibytes * 1024)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn inversions_count_neighbours_out_of_order() {
        assert_eq!(inversions(&[]), 0);
        assert_eq!(inversions(&[0.0, 0.0, 1.0]), 0);
        assert_eq!(inversions(&[3.0, 1.0, 2.0, 0.5]), 2);
    }

    #[test]
    fn a_measurement_survives_its_json() {
        let measurement = Measurement {
            wall_s: 1.25,
            cpu_s: Some(0.5),
            largest_delay_s: 1.0,
            count: Some(10),
            inversions: None,
            baseline_rss_bytes: Some(1 << 20),
            peak_rss_bytes: Some(3 << 20),
        };
        let text = measurement.to_json().to_string();
        assert_eq!(Measurement::from_json(&text).unwrap(), measurement);
        assert_eq!(measurement.overhead_per_delay_us(10), 25_000.0);
        assert_eq!(measurement.added_bytes_per_delay(2), Some(1_048_576.0));
        assert_eq!(measurement.cpu_per_delay_us(10), Some(50_000.0));
    }

    #[test]
    fn a_malformed_measurement_names_the_field() {
        let error = Measurement::from_json(r#"{"wall_s": "soon"}"#).unwrap_err();
        assert!(format!("{error:#}").contains("wall_s"), "{error:#}");
    }

    #[test]
    fn peak_memory_and_cpu_time_are_read_on_linux() {
        if cfg!(target_os = "linux") {
            assert!(peak_rss_bytes().is_some_and(|bytes| bytes > 0));
            assert!(cpu_time_s().is_some_and(|seconds| seconds > 0.0));
        }
    }

    #[test]
    fn a_seeded_measure_time_run_reports_its_largest_delay() {
        let configuration = Configuration {
            function: Function::MeasureTime,
            flavor: Flavor::CurrentThread,
            n: 3,
            max_delay: 0,
        };
        let measurement = measure(configuration, 1).unwrap();
        assert_eq!(measurement.largest_delay_s, 0.0);
        assert!(measurement.wall_s >= 0.0);
        assert_eq!(measurement.count, None);
    }

    #[test]
    fn a_wait_n_run_counts_its_delays_and_their_order() {
        for function in [
            Function::WaitN,
            Function::TaskWaitN,
            Function::TaskFloor,
            Function::WaitNFloor,
            Function::TaskWaitNFloor,
        ] {
            for flavor in [Flavor::CurrentThread, Flavor::MultiThread] {
                let configuration = Configuration {
                    function,
                    flavor,
                    n: 50,
                    max_delay: 0,
                };
                let measurement = measure(configuration, 9).unwrap();
                assert_eq!(measurement.count, Some(50));
                assert_eq!(measurement.inversions, Some(0), "{configuration}");
                assert_eq!(measurement.largest_delay_s, 0.0);
            }
        }
    }
}
