//! The report: the measured rows, each function's overhead as a ratio to its floor's, the
//! ratios against Python, and the targets checked.

use serde_json::{Value, json};

use super::python::Outcome;
use super::{Engine, Flavor, Function, Row};

/// The performance targets, each checked against the rows that it covers.
///
/// None is a time in microseconds: the machine's speed moves from one minute to the next, so
/// speed is judged as a ratio to tokio's floor for the same work, measured in the same run.
/// A target whose configurations were not measured (a subset was chosen) is left out rather
/// than counted as met.
pub mod targets {
    /// `n` and `max_delay` at which the floor ratios, memory and order are judged.
    pub const SCALE: (usize, u32) = (1_000_000, 1);
    /// The largest overhead of `wait_n` and of `task_wait_n` at [`SCALE`], as a multiple of
    /// its floor's, on every flavor.
    pub const FLOOR_RATIO: f64 = 1.25;
    /// Peak memory of the process per delay at [`SCALE`], in bytes: `wait_n`, `task_wait_n`.
    pub const PEAK_BYTES: [f64; 2] = [256.0, 512.0];
    /// Linear cost: from the first `n` to the second, at `max_delay` 0, …
    pub const LINEAR_N: (usize, usize) = (100_000, 1_000_000);
    /// … the CPU time per delay grows at most this much (a quadratic cost would grow ×10).
    pub const LINEAR_GROWTH: f64 = 2.0;
    /// Overhead of `wait_n` and `task_wait_n` as a multiple of the course's Python's, at
    /// most, at the largest `n` both ran, on every flavor and `max_delay`.
    pub const PYTHON_RATIO: f64 = 0.1;
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

/// A function's overhead against a floor's, of one flavor and size, from the same run.
#[derive(Debug, Clone, PartialEq)]
pub struct FloorRatio {
    /// The function judged.
    pub function: Function,
    /// The floor it is judged against ([`Function::floor`]), or a second reference.
    pub floor: Function,
    /// The flavor both ran on.
    pub flavor: Flavor,
    /// Their number of delays.
    pub n: usize,
    /// Their `max_delay`.
    pub max_delay: u32,
    /// The function's overhead per delay in its fastest run, in µs.
    pub overhead_us: f64,
    /// The floor's overhead per delay in its fastest run, in µs.
    pub floor_overhead_us: f64,
}

impl FloorRatio {
    /// The function's overhead as a multiple of the floor's.
    pub fn ratio(&self) -> f64 {
        self.overhead_us / self.floor_overhead_us.max(f64::MIN_POSITIVE)
    }
}

/// Everything `checker bench` prints.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    seed: u64,
    runs: u32,
    rows: Vec<Row>,
    python: Outcome,
    floor_ratios: Vec<FloorRatio>,
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
        let floor_ratios = floor_ratios(&rows);
        let mut verdicts = verdicts(&rows, &floor_ratios);
        verdicts.extend(python_verdicts(&ratios));
        Self {
            seed,
            runs,
            rows,
            python,
            floor_ratios,
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
             CPU = time on every thread of the process. Rust rows: the median of {} run(s),\n\
             each function and its floor in turn.\n\n",
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
        if !self.floor_ratios.is_empty() {
            text += "\nOverhead / the floor's, the fastest of the interleaved runs of each (the \
                     floor is tokio's own cost for the same work, no order kept):\n\n";
            let cells: Vec<Vec<String>> = self.floor_ratios.iter().map(floor_ratio_cells).collect();
            text += &table(
                &[
                    "function",
                    "floor",
                    "runtime",
                    "n",
                    "max_delay",
                    "overhead/delay (µs)",
                    "floor's (µs)",
                    "ratio",
                ],
                &cells,
            );
        }
        match &self.python {
            Outcome::Skipped(note) => text += &format!("\nPython: {note}.\n"),
            Outcome::Ran { version, .. } => {
                text += &format!(
                    "\nRust / Python ({version}, the course's code in checker/harness/benches/python/, \
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
            "ratios_to_floor": self.floor_ratios.iter().map(|ratio| json!({
                "function": ratio.function.to_string(),
                "floor": ratio.floor.to_string(),
                "runtime": ratio.flavor.to_string(),
                "n": ratio.n,
                "max_delay": ratio.max_delay,
                "overhead_per_delay_us": ratio.overhead_us,
                "floor_overhead_per_delay_us": ratio.floor_overhead_us,
                "ratio": ratio.ratio(),
                "judged": Some(ratio.floor) == ratio.function.floor(),
            })).collect::<Vec<_>>(),
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
        "fastest_overhead_per_delay_us": fastest_overhead_us(row),
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

fn floor_ratio_cells(ratio: &FloorRatio) -> Vec<String> {
    vec![
        ratio.function.to_string(),
        ratio.floor.to_string(),
        ratio.flavor.to_string(),
        ratio.n.to_string(),
        ratio.max_delay.to_string(),
        format!("{:.3}", ratio.overhead_us),
        format!("{:.3}", ratio.floor_overhead_us),
        format!("{:.2}", ratio.ratio()),
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

/// Lays `cells` out under `headers`, columns of words left-aligned, of numbers right.
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
    // A column of words (names) reads left-aligned, one of numbers right-aligned.
    let words: Vec<bool> = (0..headers.len())
        .map(|column| {
            cells
                .iter()
                .any(|row| row[column] != "-" && row[column].parse::<f64>().is_err())
        })
        .collect();
    let line = |row: &[String]| {
        let padded: Vec<String> = row
            .iter()
            .zip(&widths)
            .zip(&words)
            .map(|((cell, &width), &word)| {
                if word {
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

/// The overhead per delay of a row's fastest run, in µs: load only ever adds time.
fn fastest_overhead_us(row: &Row) -> f64 {
    row.runs
        .iter()
        .map(|run| run.overhead_per_delay_us(row.n))
        .fold(f64::INFINITY, f64::min)
}

/// Every function's overhead against its floor's, and `task_wait_n`'s against `task_floor`'s
/// too, wherever both ran at the same flavor and size.
fn floor_ratios(rows: &[Row]) -> Vec<FloorRatio> {
    let mut ratios = Vec::new();
    for row in rows {
        let Engine::Tokio(flavor) = row.engine else {
            continue;
        };
        let references = row
            .function
            .floor()
            .into_iter()
            .chain((row.function == Function::TaskWaitN).then_some(Function::TaskFloor));
        for floor in references {
            let Some(floor_row) = rows.iter().find(|other| {
                (other.function, other.engine, other.n, other.max_delay)
                    == (floor, row.engine, row.n, row.max_delay)
            }) else {
                continue;
            };
            ratios.push(FloorRatio {
                function: row.function,
                floor,
                flavor,
                n: row.n,
                max_delay: row.max_delay,
                overhead_us: fastest_overhead_us(row),
                floor_overhead_us: fastest_overhead_us(floor_row),
            });
        }
    }
    ratios
}

/// Checks every target that `rows` cover.
fn verdicts(rows: &[Row], floor_ratios: &[FloorRatio]) -> Vec<Verdict> {
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
            target: "every call that returns a list (all but measure_time) returns n delays"
                .to_owned(),
            measured: if short.is_empty() {
                "all did".to_owned()
            } else {
                format!("not {}", short.join("; "))
            },
            met: short.is_empty(),
        });
    }
    let (scale_n, scale_max_delay) = targets::SCALE;
    let at_scale = |row: &&Row| row.n == scale_n && row.max_delay == scale_max_delay;
    for (index, function) in [Function::WaitN, Function::TaskWaitN]
        .into_iter()
        .enumerate()
    {
        for ratio in floor_ratios.iter().filter(|ratio| {
            ratio.function == function
                && Some(ratio.floor) == function.floor()
                && (ratio.n, ratio.max_delay) == targets::SCALE
        }) {
            let second = floor_ratios
                .iter()
                .find(|other| {
                    (other.function, other.flavor, other.n, other.max_delay)
                        == (function, ratio.flavor, ratio.n, ratio.max_delay)
                        && other.floor != ratio.floor
                })
                .map_or(String::new(), |other| {
                    format!("; {:.2}× {}'s", other.ratio(), other.floor)
                });
            verdicts.push(Verdict {
                target: format!(
                    "{function} overhead at n = {scale_n}, max_delay = {scale_max_delay}, on \
                     {}: at most {}× {}'s, measured in the same run",
                    ratio.flavor,
                    targets::FLOOR_RATIO,
                    ratio.floor
                ),
                measured: format!(
                    "{:.2}× ({:.3} against {:.3} µs per delay, the fastest runs{second})",
                    ratio.ratio(),
                    ratio.overhead_us,
                    ratio.floor_overhead_us
                ),
                met: ratio.ratio() <= targets::FLOOR_RATIO,
            });
        }
        for row in rows
            .iter()
            .filter(at_scale)
            .filter(|row| row.function == function)
        {
            let worst = row
                .runs
                .iter()
                .filter_map(|run| run.peak_bytes_per_delay(row.n))
                .fold(None, |worst: Option<f64>, bytes| {
                    Some(worst.map_or(bytes, |worst| worst.max(bytes)))
                });
            if let Some(bytes) = worst {
                verdicts.push(Verdict {
                    target: format!(
                        "{function} peak memory (max RSS of the whole process) at the same \
                         size, on {}: at most {} bytes per delay",
                        row.engine,
                        targets::PEAK_BYTES[index]
                    ),
                    measured: format!(
                        "{bytes:.0} bytes ({:.1} MiB) in the largest run",
                        bytes * row.n as f64 / f64::from(1 << 20)
                    ),
                    met: bytes <= targets::PEAK_BYTES[index],
                });
            }
        }
        let inverted: Vec<String> = rows
            .iter()
            .filter(at_scale)
            .filter(|row| row.function == function)
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
        verdicts.extend(linearity(rows, function));
    }
    verdicts.extend(measure_time_bound(rows));
    verdicts
}

/// Rust's overhead against Python's, for `wait_n` and `task_wait_n` at the largest `n` that
/// both ran: at most [`targets::PYTHON_RATIO`] on every flavor and `max_delay`.
fn python_verdicts(ratios: &[Ratio]) -> Vec<Verdict> {
    let mut verdicts = Vec::new();
    for function in [Function::WaitN, Function::TaskWaitN] {
        let of_function = || {
            ratios
                .iter()
                .filter(move |ratio| ratio.function == function)
        };
        let Some(largest) = of_function().map(|ratio| ratio.n).max() else {
            continue;
        };
        let worst = of_function()
            .filter(|ratio| ratio.n == largest)
            .filter_map(|ratio| Some((ratio.overhead?, ratio)))
            .max_by(|one, other| one.0.total_cmp(&other.0));
        let Some((overhead, ratio)) = worst else {
            continue;
        };
        verdicts.push(Verdict {
            target: format!(
                "{function} overhead at n = {largest}: at most {}× the course's Python's, on \
                 every flavor and max_delay",
                targets::PYTHON_RATIO
            ),
            measured: format!(
                "{overhead:.3}× at most ({}, max_delay = {})",
                ratio.flavor, ratio.max_delay
            ),
            met: overhead <= targets::PYTHON_RATIO,
        });
    }
    verdicts
}

/// Linear cost: the CPU time per delay of `function`, in its cheapest run, grows at most
/// [`targets::LINEAR_GROWTH`]-fold between the sizes of [`targets::LINEAR_N`] at `max_delay`
/// 0, on every flavor. `None` when no flavor has both sizes measured.
///
/// CPU time rather than overhead, because on multi_thread the worker threads' time counts
/// too. Where the OS gives no CPU time, the overhead stands in.
fn linearity(rows: &[Row], function: Function) -> Option<Verdict> {
    let (from, to) = targets::LINEAR_N;
    let mut worst: Option<(f64, String)> = None;
    for first in rows
        .iter()
        .filter(|row| (row.function, row.n, row.max_delay) == (function, from, 0))
    {
        let Some(next) = rows.iter().find(|row| {
            (row.function, row.engine, row.n, row.max_delay) == (function, first.engine, to, 0)
        }) else {
            continue;
        };
        let growth = cost_per_delay_us(next) / cost_per_delay_us(first).max(1e-9);
        if worst.as_ref().is_none_or(|(largest, _)| growth > *largest) {
            worst = Some((growth, first.engine.to_string()));
        }
    }
    let (growth, place) = worst?;
    Some(Verdict {
        target: format!(
            "{function} cost linear in n: CPU time per delay grows at most ×{} from n = {from} \
             to {to}, max_delay = 0, on every flavor",
            targets::LINEAR_GROWTH
        ),
        measured: format!("largest growth ×{growth:.2} ({place})"),
        met: growth <= targets::LINEAR_GROWTH,
    })
}

/// The cost per delay of a row's cheapest run, in µs: its CPU time, or else its overhead.
fn cost_per_delay_us(row: &Row) -> f64 {
    row.runs
        .iter()
        .map(|run| {
            run.cpu_per_delay_us(row.n)
                .unwrap_or_else(|| run.overhead_per_delay_us(row.n))
        })
        .fold(f64::INFINITY, f64::min)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::measure::Measurement;
    use pretty_assertions::assert_eq;

    /// A run of a million delays, `max_delay` 1, that took `wall_s`.
    fn run(wall_s: f64) -> Measurement {
        Measurement {
            wall_s,
            cpu_s: Some(wall_s),
            largest_delay_s: 1.0,
            count: Some(1_000_000),
            inversions: Some(0),
            baseline_rss_bytes: Some(1 << 20),
            peak_rss_bytes: Some(200_000_000),
        }
    }

    fn row(function: Function, walls: &[f64]) -> Row {
        let (n, max_delay) = targets::SCALE;
        let runs = walls.iter().map(|&wall| run(wall)).collect();
        Row::new(
            function,
            Engine::Tokio(Flavor::MultiThread),
            n,
            max_delay,
            runs,
        )
    }

    fn report(rows: Vec<Row>) -> Report {
        Report::new(42, 3, rows, Outcome::Skipped("not here".to_owned()))
    }

    #[test]
    fn a_function_is_judged_by_its_fastest_run_against_its_floor_s() {
        let report = report(vec![
            row(Function::WaitN, &[1.9, 1.3, 1.5]),
            row(Function::WaitNFloor, &[1.2, 1.4, 1.25]),
        ]);
        let [ratio] = report.floor_ratios.as_slice() else {
            panic!("one ratio expected: {:?}", report.floor_ratios);
        };
        assert_eq!(ratio.floor, Function::WaitNFloor);
        // 0.3 s against 0.2 s of overhead, whatever the slower runs took.
        assert!((ratio.ratio() - 1.5).abs() < 1e-9, "{}", ratio.ratio());
        let verdict = report
            .verdicts
            .iter()
            .find(|verdict| verdict.target.contains("wait_n_floor's"))
            .expect("a verdict on the floor ratio");
        assert!(!verdict.met);
        assert!(
            verdict.measured.starts_with("1.50×"),
            "{}",
            verdict.measured
        );
        assert!(!report.all_targets_met());
    }

    #[test]
    fn task_wait_n_is_judged_against_its_floor_and_shown_against_task_floor() {
        let report = report(vec![
            row(Function::TaskWaitN, &[1.6]),
            row(Function::TaskWaitNFloor, &[1.5]),
            row(Function::TaskFloor, &[1.4]),
        ]);
        let floors: Vec<Function> = report
            .floor_ratios
            .iter()
            .map(|ratio| ratio.floor)
            .collect();
        assert_eq!(floors, [Function::TaskWaitNFloor, Function::TaskFloor]);
        let verdict = report
            .verdicts
            .iter()
            .find(|verdict| verdict.target.contains("at most 1.25×"))
            .expect("a verdict on the floor ratio");
        assert!(verdict.met, "{verdict:?}");
        assert!(
            verdict.target.contains("task_wait_n_floor's"),
            "{verdict:?}"
        );
        assert!(verdict.measured.contains("task_floor's"), "{verdict:?}");
        let json = report.json();
        assert_eq!(json["ratios_to_floor"][0]["judged"], true);
        assert_eq!(json["ratios_to_floor"][1]["judged"], false);
        assert!(report.text().contains("task_wait_n_floor"));
    }

    #[test]
    fn no_verdict_names_a_time_in_microseconds_as_its_target() {
        let report = report(vec![
            row(Function::WaitN, &[1.3]),
            row(Function::WaitNFloor, &[1.2]),
        ]);
        assert!(
            report
                .verdicts
                .iter()
                .all(|verdict| !verdict.target.contains("µs"))
        );
    }
}
