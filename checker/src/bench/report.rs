//! The report: the measured rows, the ratios against Python, and the targets checked.

use serde_json::{Value, json};

use super::python::Outcome;
use super::{Engine, Flavor, Function, Row};

/// The performance targets of the README, each checked against the rows that it covers.
///
/// A target whose configurations were not measured (a subset was chosen) is left out rather
/// than counted as met.
pub mod targets {
    /// `n` and `max_delay` of the targets that hold at scale.
    pub const SCALE: (usize, u32) = (1_000_000, 1);
    /// Overhead per delay at [`SCALE`] on multi_thread, in µs: `wait_n`, `task_wait_n`.
    pub const OVERHEAD_US: [f64; 2] = [1.0, 1.5];
    /// Peak memory per delay at [`SCALE`] on multi_thread, in bytes: `wait_n`, `task_wait_n`.
    pub const PEAK_BYTES: [f64; 2] = [256.0, 512.0];
    /// The largest growth of the CPU time per delay from one measured `n` to the next that
    /// still counts as linear. The default sizes are ×10 apart, so a quadratic cost grows
    /// ×10 per step; caches alone grow it up to about ×2, as the data outgrow L2 and then L3.
    pub const LINEAR_STEP: f64 = 3.0;
    /// `measure_time × n` may exceed the largest delay by this much, in seconds …
    pub const MEASURE_TIME_FIXED_S: f64 = 0.002;
    /// … plus this much per delay, in seconds.
    pub const MEASURE_TIME_PER_DELAY_S: f64 = 1e-6;
}

/// One target, what was measured for it, and whether it is met.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The target, in words.
    pub target: String,
    /// The figure measured for it.
    pub measured: String,
    /// Whether the figure meets the target.
    pub met: bool,
}

/// Rust's figures divided by Python's, for one Rust row: below 1 is Rust doing better.
#[derive(Debug, Clone, PartialEq)]
pub struct Ratio {
    /// The Rust row's function.
    pub function: Function,
    /// The Rust row's flavor.
    pub flavor: Flavor,
    /// Its number of delays.
    pub n: usize,
    /// Its `max_delay`.
    pub max_delay: u32,
    /// Overhead (wall time − largest delay).
    pub overhead: Option<f64>,
    /// Memory added per delay.
    pub memory: Option<f64>,
    /// Neighbours out of order; `None` when Python had none either.
    pub inversions: Option<f64>,
}

/// Everything `checker bench` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    seed: u64,
    runs: u32,
    rows: Vec<Row>,
    python: Outcome,
    ratios: Vec<Ratio>,
    verdicts: Vec<Verdict>,
}

impl Report {
    /// Builds the report of the Rust `rows` (`runs` runs each) and the `python` outcome,
    /// measured with `seed`.
    pub fn new(seed: u64, runs: u32, rows: Vec<Row>, python: Outcome) -> Self {
        let ratios = match &python {
            Outcome::Ran { rows: python, .. } => ratios(&rows, python),
            Outcome::Skipped(_) => Vec::new(),
        };
        let verdicts = verdicts(&rows);
        Self {
            seed,
            runs,
            rows,
            python,
            ratios,
            verdicts,
        }
    }

    /// Whether every target that the rows cover is met.
    pub fn all_targets_met(&self) -> bool {
        self.verdicts.iter().all(|verdict| verdict.met)
    }

    /// The report as tables for people.
    pub fn text(&self) -> String {
        let mut text = format!(
            "Scale report ({}, seed {}, {} cores). Overhead = wall time - the largest delay;\n\
             CPU = time on every thread of the process. Rust rows: the median of {} run(s).\n\n",
            if cfg!(debug_assertions) {
                "DEBUG build: run with --release for meaningful figures"
            } else {
                "release build"
            },
            self.seed,
            std::thread::available_parallelism().map_or(1, usize::from),
            self.runs,
        );
        let python_rows = match &self.python {
            Outcome::Ran { rows, .. } => rows.as_slice(),
            Outcome::Skipped(_) => &[],
        };
        let measured: Vec<Vec<String>> = self
            .rows
            .iter()
            .chain(python_rows)
            .map(measured_cells)
            .collect();
        text += &table(
            &[
                "function",
                "runtime",
                "n",
                "max_delay",
                "wall (s)",
                "largest delay (s)",
                "overhead/delay (µs)",
                "CPU/delay (µs)",
                "inversions",
                "peak RSS (MiB)",
                "added B/delay",
            ],
            &measured,
        );
        match &self.python {
            Outcome::Skipped(note) => text += &format!("\nPython: {note}.\n"),
            Outcome::Ran { version, .. } => {
                text += &format!(
                    "\nRust / Python ({version}, the course's code in checker/benches/python/, \
                     same n and max_delay; below 1 is Rust ahead):\n\n"
                );
                let cells: Vec<Vec<String>> = self.ratios.iter().map(ratio_cells).collect();
                text += &table(
                    &[
                        "function",
                        "runtime",
                        "n",
                        "max_delay",
                        "overhead",
                        "memory",
                        "inversions",
                    ],
                    &cells,
                );
            }
        }
        text += "\nTargets:\n";
        for verdict in &self.verdicts {
            text += &format!(
                "  [{}] {}: {}\n",
                if verdict.met { "met" } else { "MISSED" },
                verdict.target,
                verdict.measured
            );
        }
        if self.verdicts.is_empty() {
            text += "  (none covers the configurations measured)\n";
        }
        text
    }

    /// The report as one JSON document.
    pub fn json(&self) -> Value {
        let python = match &self.python {
            Outcome::Ran { version, rows } => json!({
                "ran": true,
                "version": version,
                "rows": rows.iter().map(row_json).collect::<Vec<_>>(),
            }),
            Outcome::Skipped(note) => json!({ "ran": false, "note": note }),
        };
        json!({
            "seed": self.seed,
            "runs": self.runs,
            "release_build": !cfg!(debug_assertions),
            "rows": self.rows.iter().map(row_json).collect::<Vec<_>>(),
            "python": python,
            "ratios_rust_over_python": self.ratios.iter().map(|ratio| json!({
                "function": ratio.function.to_string(),
                "runtime": ratio.flavor.to_string(),
                "n": ratio.n,
                "max_delay": ratio.max_delay,
                "overhead": ratio.overhead,
                "memory": ratio.memory,
                "inversions": ratio.inversions,
            })).collect::<Vec<_>>(),
            "targets": self.verdicts.iter().map(|verdict| json!({
                "target": verdict.target,
                "measured": verdict.measured,
                "met": verdict.met,
            })).collect::<Vec<_>>(),
            "all_targets_met": self.all_targets_met(),
        })
    }
}

fn row_json(row: &Row) -> Value {
    let measurement = row.measurement();
    json!({
        "function": row.function.to_string(),
        "runtime": row.engine.to_string(),
        "n": row.n,
        "max_delay": row.max_delay,
        "wall_s": measurement.wall_s,
        "largest_delay_s": measurement.largest_delay_s,
        "overhead_s": measurement.overhead_s(),
        "overhead_per_delay_us": measurement.overhead_per_delay_us(row.n),
        "cpu_s": measurement.cpu_s,
        "cpu_per_delay_us": measurement.cpu_per_delay_us(row.n),
        "wall_s_of_every_run": row.runs.iter().map(|run| run.wall_s).collect::<Vec<_>>(),
        "count": measurement.count,
        "inversions": measurement.inversions,
        "peak_rss_bytes": measurement.peak_rss_bytes,
        "added_bytes_per_delay": measurement.added_bytes_per_delay(row.n),
    })
}

fn measured_cells(row: &Row) -> Vec<String> {
    let measurement = row.measurement();
    vec![
        row.function.to_string(),
        row.engine.to_string(),
        row.n.to_string(),
        row.max_delay.to_string(),
        format!("{:.4}", measurement.wall_s),
        format!("{:.4}", measurement.largest_delay_s),
        format!("{:.3}", measurement.overhead_per_delay_us(row.n)),
        optional(
            measurement
                .cpu_per_delay_us(row.n)
                .map(|micros| format!("{micros:.3}")),
        ),
        optional(measurement.inversions.map(|count| count.to_string())),
        optional(
            measurement
                .peak_rss_bytes
                .map(|bytes| format!("{:.1}", bytes as f64 / f64::from(1 << 20))),
        ),
        optional(
            measurement
                .added_bytes_per_delay(row.n)
                .map(|bytes| format!("{bytes:.0}")),
        ),
    ]
}

fn ratio_cells(ratio: &Ratio) -> Vec<String> {
    let times = |value: Option<f64>| optional(value.map(|value| format!("{value:.3}")));
    vec![
        ratio.function.to_string(),
        ratio.flavor.to_string(),
        ratio.n.to_string(),
        ratio.max_delay.to_string(),
        times(ratio.overhead),
        times(ratio.memory),
        times(ratio.inversions),
    ]
}

/// A cell with nothing to show (a function that returns no list, memory on a non-Linux OS).
fn optional(cell: Option<String>) -> String {
    cell.unwrap_or_else(|| "-".to_owned())
}

/// Lays `cells` out under `headers`, the first two columns left-aligned, numbers right.
fn table(headers: &[&str], cells: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..headers.len())
        .map(|column| {
            cells
                .iter()
                .map(|row| row[column].chars().count())
                .chain([headers[column].chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |row: &[String]| {
        let padded: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(column, (cell, &width))| {
                if column < 2 {
                    format!("{cell:<width$}")
                } else {
                    format!("{cell:>width$}")
                }
            })
            .collect();
        padded.join("  ").trim_end().to_owned() + "\n"
    };
    let header: Vec<String> = headers.iter().map(|&header| header.to_owned()).collect();
    let mut text = line(&header);
    text += &line(
        &widths
            .iter()
            .map(|&width| "-".repeat(width))
            .collect::<Vec<_>>(),
    );
    for row in cells {
        text += &line(row);
    }
    text
}

/// Rust ÷ Python for every Rust row that has a Python row of the same function and size.
fn ratios(rows: &[Row], python: &[Row]) -> Vec<Ratio> {
    rows.iter()
        .filter_map(|row| {
            let Engine::Tokio(flavor) = row.engine else {
                return None;
            };
            let theirs = python.iter().find(|theirs| {
                (theirs.function, theirs.n, theirs.max_delay)
                    == (row.function, row.n, row.max_delay)
            })?;
            let (ours, theirs) = (row.measurement(), theirs.measurement());
            let divide = |ours: Option<f64>, theirs: Option<f64>| match (ours, theirs) {
                (Some(ours), Some(theirs)) if theirs > 0.0 => Some(ours / theirs),
                _ => None,
            };
            Some(Ratio {
                function: row.function,
                flavor,
                n: row.n,
                max_delay: row.max_delay,
                overhead: divide(Some(ours.overhead_s()), Some(theirs.overhead_s())),
                memory: divide(
                    ours.added_bytes_per_delay(row.n),
                    theirs.added_bytes_per_delay(row.n),
                ),
                inversions: divide(
                    ours.inversions.map(|count| count as f64),
                    theirs.inversions.map(|count| count as f64),
                ),
            })
        })
        .collect()
}

/// Checks every target that `rows` cover.
fn verdicts(rows: &[Row]) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    let listing = |row: &&Row| row.function != Function::MeasureTime;
    if rows.iter().any(|row| listing(&row)) {
        let short: Vec<String> = rows
            .iter()
            .filter(listing)
            .filter(|row| row.runs.iter().any(|run| run.count != Some(row.n as u64)))
            .map(describe)
            .collect();
        verdicts.push(Verdict {
            target: "every call that returns a list (wait_n, task_wait_n, task_floor) returns n \
                     delays"
                .to_owned(),
            measured: if short.is_empty() {
                "all did".to_owned()
            } else {
                format!("not {}", short.join("; "))
            },
            met: short.is_empty(),
        });
    }
    for function in [Function::WaitN, Function::TaskWaitN] {
        verdicts.extend(linearity(rows, function));
    }
    let (scale_n, scale_max_delay) = targets::SCALE;
    let at_scale = |row: &&Row| row.n == scale_n && row.max_delay == scale_max_delay;
    for (index, function) in [Function::WaitN, Function::TaskWaitN]
        .into_iter()
        .enumerate()
    {
        let mut of_function = rows
            .iter()
            .filter(at_scale)
            .filter(|row| row.function == function);
        if let Some(row) = of_function
            .clone()
            .find(|row| row.engine == Engine::Tokio(Flavor::MultiThread))
        {
            let per_delay = row.measurement().overhead_per_delay_us(row.n);
            let floor = (function == Function::TaskWaitN)
                .then(|| {
                    rows.iter().filter(at_scale).find(|floor| {
                        (floor.function, floor.engine) == (Function::TaskFloor, row.engine)
                    })
                })
                .flatten()
                .map_or(String::new(), |floor| {
                    format!(
                        " (task_floor, the same tasks awaited in spawn order: {:.3} µs)",
                        floor.measurement().overhead_per_delay_us(floor.n)
                    )
                });
            verdicts.push(Verdict {
                target: format!(
                    "{function} overhead at n = {scale_n}, max_delay = {scale_max_delay}, \
                     multi_thread: at most {} µs per delay",
                    targets::OVERHEAD_US[index]
                ),
                measured: format!("{per_delay:.3} µs{floor}"),
                met: per_delay <= targets::OVERHEAD_US[index],
            });
            if let Some(bytes) = row.measurement().peak_bytes_per_delay(row.n) {
                verdicts.push(Verdict {
                    target: format!(
                        "{function} peak memory (max RSS of the whole process) at the same \
                         size: at most {} bytes per delay",
                        targets::PEAK_BYTES[index]
                    ),
                    measured: format!(
                        "{bytes:.0} bytes ({:.1} MiB)",
                        bytes * row.n as f64 / f64::from(1 << 20)
                    ),
                    met: bytes <= targets::PEAK_BYTES[index],
                });
            }
        }
        let inverted: Vec<String> = of_function
            .by_ref()
            .filter(|row| row.runs.iter().any(|run| run.inversions != Some(0)))
            .map(describe)
            .collect();
        if rows
            .iter()
            .filter(at_scale)
            .any(|row| row.function == function)
        {
            verdicts.push(Verdict {
                target: format!(
                    "{function} has no inversion at n = {scale_n}, max_delay = {scale_max_delay}"
                ),
                measured: if inverted.is_empty() {
                    "none, in every run on every flavor measured".to_owned()
                } else {
                    format!("some in {}", inverted.join("; "))
                },
                met: inverted.is_empty(),
            });
        }
    }
    verdicts.extend(measure_time_bound(rows));
    verdicts
}

/// Linear cost: the CPU time per delay of `function` grows at most
/// [`targets::LINEAR_STEP`]-fold from one measured `n` to the next, for every flavor and
/// `max_delay`. `None` when no flavor and `max_delay` has two sizes measured.
///
/// CPU time rather than overhead, because a delay hides work: with `max_delay` 1, the
/// first second of work overlaps the waiting and shows no overhead at all, so overhead per
/// delay jumps once the work outgrows the delay, linear or not. Where the OS gives no CPU
/// time, the overhead stands in.
fn linearity(rows: &[Row], function: Function) -> Option<Verdict> {
    let mut worst: Option<(f64, String)> = None;
    for first in rows.iter().filter(|row| row.function == function) {
        let next = rows
            .iter()
            .filter(|row| {
                (row.function, row.engine, row.max_delay)
                    == (function, first.engine, first.max_delay)
                    && row.n > first.n
            })
            .min_by_key(|row| row.n);
        let Some(next) = next else { continue };
        let growth = cost_per_delay_us(next) / cost_per_delay_us(first).max(1e-9);
        if worst.as_ref().is_none_or(|(largest, _)| growth > *largest) {
            worst = Some((
                growth,
                format!(
                    "{}, max_delay = {}, n = {} → {}",
                    first.engine, first.max_delay, first.n, next.n
                ),
            ));
        }
    }
    let (growth, place) = worst?;
    Some(Verdict {
        target: format!(
            "{function} cost linear in n: CPU time per delay grows at most ×{} from one n to \
             the next, on every flavor and max_delay",
            targets::LINEAR_STEP
        ),
        measured: format!("largest growth ×{growth:.2} ({place})"),
        met: growth <= targets::LINEAR_STEP,
    })
}

/// The cost of a row's median run per delay, in µs: its CPU time, or else its overhead.
fn cost_per_delay_us(row: &Row) -> f64 {
    let measurement = row.measurement();
    measurement
        .cpu_per_delay_us(row.n)
        .unwrap_or_else(|| measurement.overhead_per_delay_us(row.n))
}

/// `measure_time(n, max_delay) × n` exceeds the largest delay by at most 2 ms + 1 µs × n.
fn measure_time_bound(rows: &[Row]) -> Option<Verdict> {
    let mut worst: Option<(f64, &Row)> = None;
    for row in rows
        .iter()
        .filter(|row| row.function == Function::MeasureTime)
    {
        let allowed =
            targets::MEASURE_TIME_FIXED_S + targets::MEASURE_TIME_PER_DELAY_S * row.n as f64;
        let share = row.measurement().overhead_s() / allowed;
        if worst.is_none_or(|(largest, _)| share > largest) {
            worst = Some((share, row));
        }
    }
    let (share, row) = worst?;
    Some(Verdict {
        target: "measure_time(n, max_delay) × n exceeds the largest delay by at most \
                 2 ms + 1 µs × n"
            .to_owned(),
        measured: format!(
            "at most {:.0}% of the allowance ({:.2} ms over at n = {}, max_delay = {})",
            share * 100.0,
            row.measurement().overhead_s() * 1e3,
            row.n,
            row.max_delay
        ),
        met: share <= 1.0,
    })
}

/// Names a row's configuration in a verdict.
fn describe(row: &Row) -> String {
    format!(
        "{} on {}, n = {}, max_delay = {}",
        row.function, row.engine, row.n, row.max_delay
    )
}
