//! Draws a timeline in the terminal: a row per wait on a time axis, in at most 80 columns.
//!
//! [`draw`] puts the learner's waits above the ones the course expects, on one time axis, so
//! that "one after another" and "all at once" read at a glance. Each row is a label (the
//! wait's index and delay) and a bar area where a column is a slice of time. Three waits of
//! `wait_n(3, 3)` that ran one after another:
//!
//! ```text
//! your waits: wait_n(3, 3) (paused clock)
//! 3 waits, one at a time, 6 s in all
//! sleeps at concurrent_coroutines/src/lib.rs:41
//! #1  1.00 s |██████████                                                  |
//! #2  2.00 s |          ████████████████████                              |
//! #3  3.00 s |                              ██████████████████████████████|
//!            └────────────────────┴───────────────────┴───────────────────┘
//!            0 s                 2 s                 4 s                6 s
//!            (each column 100 ms)
//!
//! the course expects: every wait starting at 0, ending at its own delay
//! 3 waits, all 3 at once, 3 s in all
//! #1  1.00 s |██████████                                                  |
//! #2  2.00 s |████████████████████                                        |
//! #3  3.00 s |██████████████████████████████                              |
//!            └────────────────────┴───────────────────┴───────────────────┘
//!            0 s                 2 s                 4 s                6 s
//!            (each column 100 ms)
//! ```
//!
//! The glyphs:
//!
//! | UTF-8 | ASCII | meaning                                                              |
//! |-------|-------|----------------------------------------------------------------------|
//! | `█`   | `#`   | waiting: from the wait's first poll to its end (one cell at least)   |
//! | `▏`   | `!`   | a wait of zero length, polled and ended in the same instant          |
//! | `·`   | `.`   | created, not polled yet (drawn when it lasts a column or more)       |
//! | `✕`   | `x`   | dropped before its deadline: cancelled, or never awaited             |
//! | `→`   | `>`   | still pending when the call returned                                 |
//!
//! The text goes into JSON reports too, so it has no colours, and no trailing spaces.

use std::time::Duration;

use super::{End, Timeline, Wait};

/// The widest a line gets, in characters: 80 in the report, which indents it by 4.
const COLUMNS: usize = 76;
/// The widest the bar area gets, in columns; narrower only when the labels are wide.
const BAR: usize = 56;
/// How many waits the rows keep when there are too many to draw: the first `HEAD` and the
/// last `TAIL`, with a line between for the rest (twenty lines in all).
const HEAD: usize = 12;
/// See [`HEAD`].
const TAIL: usize = 7;
/// The rows a short drawing keeps ([`draw_short`]): the first `SHORT_HEAD`, the last
/// `SHORT_TAIL`, and a line between (nine in all), enough to show a shape.
const SHORT_HEAD: usize = 6;
/// See [`SHORT_HEAD`].
const SHORT_TAIL: usize = 2;
/// The header of the course's timeline.
pub(super) const EXPECTS: &str =
    "the course expects: every wait starting at 0, ending at its own delay";

/// How to draw: UTF-8 block characters, or plain ASCII.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Plain ASCII instead of UTF-8 block characters, for terminals and fonts without them.
    pub ascii: bool,
}

impl Style {
    /// ASCII when asked (`ascii`), or when the terminal asks for it: `TERM=dumb`, or a locale
    /// (`LC_ALL`, then `LC_CTYPE`, then `LANG`, the first one set and non-empty) that does not
    /// name UTF-8. No locale at all counts as UTF-8: containers and CI often set none, and
    /// their output is read in UTF-8 anyway.
    pub fn for_terminal(ascii: bool) -> Style {
        let var = |name| {
            let value = std::env::var_os(name)?.to_string_lossy().into_owned();
            (!value.is_empty()).then_some(value)
        };
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].into_iter().find_map(var);
        Style {
            ascii: ascii || ascii_for(var("TERM").as_deref(), locale.as_deref()),
        }
    }

    /// `utf8`, or `ascii` in the ASCII style.
    fn pick(self, utf8: char, ascii: char) -> char {
        if self.ascii { ascii } else { utf8 }
    }
}

/// Whether a terminal with `TERM=term` and the locale `locale` wants ASCII; kept apart from
/// the environment so that it is tested without changing the process's.
fn ascii_for(term: Option<&str>, locale: Option<&str>) -> bool {
    let utf8 = |locale: &str| {
        let locale = locale.to_ascii_lowercase();
        locale.contains("utf-8") || locale.contains("utf8")
    };
    term == Some("dumb") || locale.is_some_and(|locale| !utf8(locale))
}

/// The learner's timeline and, under it on the same time axis, the one the course expects.
pub fn draw(timeline: &Timeline, style: Style) -> String {
    if timeline.waits.is_empty() {
        return draw_one(timeline, style);
    }
    let expected = timeline.expected();
    // One scale for both, so that a call that took five times longer draws five times longer.
    let layout = Layout::new(timeline, timeline.took.max(expected.took));
    let mut lines = panel(
        timeline,
        yours(timeline, COLUMNS, style),
        &layout,
        style,
        (HEAD, TAIL),
    );
    lines.push(String::new());
    lines.extend(panel(
        &expected,
        expects(&expected, COLUMNS, style),
        &layout,
        style,
        (HEAD, TAIL),
    ));
    finish(lines)
}

/// The learner's timeline in at most nine rows, and the course's in one line of figures:
/// the shape at a glance, for the short report.
pub fn draw_short(timeline: &Timeline, style: Style) -> String {
    if timeline.waits.is_empty() {
        return draw_one(timeline, style);
    }
    let layout = Layout::new(timeline, timeline.took);
    let header = yours(timeline, COLUMNS, style);
    let mut lines = panel(timeline, header, &layout, style, (SHORT_HEAD, SHORT_TAIL));
    let expected = format!("the course expects: {}", counted(&timeline.expected()));
    lines.push(fit(expected, COLUMNS, style));
    finish(lines)
}

/// One timeline alone, on its own time axis: [`draw`]'s upper half, and `checker timeline`'s
/// drawing for a program, where no expected timeline applies.
pub fn draw_one(timeline: &Timeline, style: Style) -> String {
    if timeline.waits.is_empty() {
        let nothing = format!("no tokio sleep was recorded during {}:", timeline.title);
        let why = "the waits did not use tokio::time::sleep, or nothing waited";
        return finish(vec![fit(nothing, COLUMNS, style), why.to_owned()]);
    }
    let layout = Layout::new(timeline, timeline.took);
    let header = yours(timeline, COLUMNS, style);
    finish(panel(timeline, header, &layout, style, (HEAD, TAIL)))
}

/// A row of a drawing: a wait, or the waits left out between the first and the last ones.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Row<'a> {
    /// A wait, drawn.
    Wait(&'a Wait),
    /// `count` waits left out, from the index `first` to `last`.
    Gap {
        count: usize,
        first: usize,
        last: usize,
    },
}

/// The rows of `timeline`: all its waits, or, if there are more than `head + tail + 1`, the
/// first `head` and the last `tail` with a [`Row::Gap`] between. The gap counts the waits
/// the timeline itself left out ([`Timeline::omitted`]) too.
pub(super) fn rows(timeline: &Timeline, head: usize, tail: usize) -> Vec<Row<'_>> {
    let (waits, omitted) = (&timeline.waits, timeline.omitted);
    let (head, tail) = match waits.len() {
        count if count > head + tail + 1 => (head, tail),
        // All fit, but the timeline left some out, between its first and its last half.
        count if omitted > 0 && count > 1 => (count / 2, count - count / 2),
        _ => return waits.iter().map(Row::Wait).collect(),
    };
    let (before, after) = (&waits[head - 1], &waits[waits.len() - tail]);
    let (first, last) = (
        before.index.saturating_add(1),
        after.index.saturating_sub(1),
    );
    let count = waits.len() - head - tail + omitted;
    let (head, tail) = (waits[..head].iter(), waits[waits.len() - tail..].iter());
    let gap = Row::Gap { count, first, last };
    head.map(Row::Wait)
        .chain([gap])
        .chain(tail.map(Row::Wait))
        .collect()
}

/// What a [`Row::Gap`] says: `81 more waits, #13 to #93`.
pub(super) fn gap_text(count: usize, first: usize, last: usize) -> String {
    match count {
        1 => format!("1 more wait, #{first}"),
        _ => format!("{count} more waits, #{first} to #{last}"),
    }
}

/// A wait's delay for its label, in seconds to two decimals, or `never awaited`.
pub(super) fn delay_text(wait: &Wait) -> String {
    match wait.delay() {
        Some(delay) => format!("{:.2} s", delay.as_secs_f64()),
        None => "never awaited".to_owned(),
    }
}

/// A time for an axis: `0 s`, `250 ms` below a second, else `2 s`, `2.5 s`, `9.83 s`.
pub(super) fn seconds(time: Duration) -> String {
    let trim = |number: f64| {
        let text = format!("{number:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    let ms = (time.as_secs_f64() * 100_000.0).round() / 100.0;
    if ms == 0.0 {
        "0 s".to_owned()
    } else if ms < 1000.0 {
        format!("{} ms", trim(ms))
    } else {
        format!("{} s", trim(time.as_secs_f64()))
    }
}

/// The ticks of an axis between 0 and `scale`: two or three at round times, none in the last
/// fifth, where its label would run into the one of `scale`.
pub(super) fn ticks(scale: Duration) -> Vec<Duration> {
    let room = scale.as_secs_f64() * 0.8;
    let mut steps =
        (-4..=5).flat_map(|exponent| [1.0, 2.0, 2.5, 5.0].map(|m| m * 10f64.powi(exponent)));
    let Some(step) = steps.find(|step| (room / step).floor() <= 3.0) else {
        return Vec::new();
    };
    (1..=3)
        .map(|k| f64::from(k) * step)
        .filter(|time| *time <= room)
        .map(Duration::from_secs_f64)
        .collect()
}

/// `line`, cut to `columns` characters with an ellipsis if it is longer.
pub(super) fn fit(line: String, columns: usize, style: Style) -> String {
    if line.chars().count() <= columns {
        return line;
    }
    let ellipsis = if style.ascii { "..." } else { "…" };
    let kept = columns.saturating_sub(ellipsis.chars().count());
    line.chars().take(kept).chain(ellipsis.chars()).collect()
}

/// The widest `text` of a wait of `timeline`, in characters.
pub(super) fn widest(timeline: &Timeline, text: impl Fn(&Wait) -> String) -> usize {
    let widths = timeline.waits.iter().map(|wait| text(wait).chars().count());
    widths.max().unwrap_or(0)
}

/// The time at the end of an axis for `timeline`: `scale`, or later if a wait ended after it,
/// and never 0.
pub(super) fn axis_end(timeline: &Timeline, scale: Duration) -> Duration {
    let ends = timeline.waits.iter().map(|wait| wait.ended);
    ends.fold(scale, Duration::max)
        .max(Duration::from_millis(1))
}

/// Where things go on the lines of a drawing, shared by both timelines of [`draw`].
struct Layout {
    /// The time at the right end of the axis.
    scale: Duration,
    /// The widths of a label's index (`#12`) and delay (`9.21 s`), for aligned columns.
    index: usize,
    delay: usize,
    /// The bar area's width, in columns.
    bar: usize,
}

impl Layout {
    /// The layout for `timeline`'s labels with the axis running to `scale`, or further if a
    /// wait ended after it.
    fn new(timeline: &Timeline, scale: Duration) -> Layout {
        let index = widest(timeline, |wait| format!("#{}", wait.index));
        let delay = widest(timeline, delay_text);
        let bar = (COLUMNS - 2)
            .saturating_sub(index + delay + 3)
            .clamp(20, BAR);
        let scale = axis_end(timeline, scale);
        Layout {
            scale,
            index,
            delay,
            bar,
        }
    }

    /// A row's label, `#12  9.21 s `, padded so that the bars line up.
    fn label(&self, wait: &Wait) -> String {
        let (index, delay) = (self.index, self.delay);
        let number = format!("#{}", wait.index);
        format!("{number:<index$}  {:>delay$} ", delay_text(wait))
    }

    /// The column holding `time`.
    fn column(&self, time: Duration) -> usize {
        let column = time.as_nanos() * self.bar as u128 / self.scale.as_nanos();
        (column as usize).min(self.bar - 1)
    }

    /// The last column of a span that ends at `time`: the one before, if `time` starts one.
    fn last_column(&self, time: Duration) -> usize {
        let end = (time.as_nanos() * self.bar as u128).div_ceil(self.scale.as_nanos());
        (end as usize).clamp(1, self.bar) - 1
    }
}

/// One timeline's lines: `header`, a row per wait (or a gap, keeping the first and the last
/// waits that `(head, tail)` say), and the axis.
fn panel(
    timeline: &Timeline,
    header: Vec<String>,
    layout: &Layout,
    style: Style,
    (head, tail): (usize, usize),
) -> Vec<String> {
    let mut lines = header;
    if !timeline.waits.is_empty() && timeline.waits.iter().all(|wait| wait.started.is_none()) {
        // Nothing waited: no time to draw, only the waits that were dropped unpolled.
        for row in rows(timeline, head, tail) {
            lines.push(match row {
                Row::Wait(wait) => format!(
                    "#{:<3} never awaited: created, then dropped without a poll",
                    wait.index
                ),
                Row::Gap { count, first, last } => {
                    format!(
                        "   {} {}",
                        style.pick('⋮', ':'),
                        gap_text(count, first, last)
                    )
                }
            });
        }
        return lines;
    }
    for row in rows(timeline, head, tail) {
        lines.push(match row {
            Row::Wait(wait) => format!("{}|{}|", layout.label(wait), bar(wait, layout, style)),
            Row::Gap { count, first, last } => {
                let gap = gap_text(count, first, last);
                format!("   {} {gap}", style.pick('⋮', ':'))
            }
        });
    }
    if timeline.waits.is_empty() {
        lines.push("   (none: no wait was awaited)".to_owned());
    }
    lines.extend(axis(layout, style));
    lines
}

/// The header of the learner's timeline, in lines of at most `columns` characters: what was
/// called, and where its sleeps were created.
pub(super) fn yours(timeline: &Timeline, columns: usize, style: Style) -> Vec<String> {
    let clock = if timeline.paused { "paused" } else { "real" };
    let header = format!("your waits: {} ({clock} clock)", timeline.title);
    let sites = format!("sleeps at {}", timeline.sites().join(", "));
    vec![
        fit(header, columns, style),
        fit(counted(timeline), columns, style),
        fit(sites, columns, style),
    ]
}

/// The header of the course's timeline: what it expects, and its figures.
pub(super) fn expects(expected: &Timeline, columns: usize, style: Style) -> Vec<String> {
    vec![EXPECTS.to_owned(), fit(counted(expected), columns, style)]
}

/// How many waits, how many of them waited at once, and how long the call took: the
/// figures that tell in turn, a limit and the course's all-at-once apart.
fn counted(timeline: &Timeline) -> String {
    let count = timeline.waits.len() + timeline.omitted;
    let plural = if count == 1 { "" } else { "s" };
    if timeline.waits.iter().all(|wait| wait.started.is_none()) {
        return format!("{count} wait{plural}, none of them awaited");
    }
    let took = seconds(timeline.took);
    let at_once = match timeline.at_once {
        _ if count == 1 => return format!("1 wait, {took} in all"),
        0 => return format!("{count} waits of 0 s, {took} in all"),
        most if most == count => format!("all {count} at once"),
        1 => "one at a time".to_owned(),
        most => format!("at most {most} at once"),
    };
    format!("{count} wait{plural}, {at_once}, {took} in all")
}

/// A wait's bar area: dots while created but not polled, the bar while waiting, and how it
/// ended.
fn bar(wait: &Wait, layout: &Layout, style: Style) -> String {
    let mut cells = vec![' '; layout.bar];
    let polled = wait.started.unwrap_or(wait.ended);
    // A shorter time before the first poll is only the cost of getting to it: left out.
    let before = polled.saturating_sub(wait.created);
    if before.as_nanos() * layout.bar as u128 >= layout.scale.as_nanos() {
        cells[layout.column(wait.created)..layout.column(polled)].fill(style.pick('·', '.'));
    }
    let last = match wait.started {
        Some(started) if wait.ended > started => {
            let first = layout.column(started);
            let last = layout.last_column(wait.ended).max(first);
            cells[first..=last].fill(style.pick('█', '#'));
            last
        }
        Some(started) => {
            cells[layout.column(started)] = style.pick('▏', '!');
            layout.column(started)
        }
        None => layout.column(wait.ended),
    };
    match wait.end {
        End::Dropped => cells[last] = style.pick('✕', 'x'),
        End::Pending => cells[last] = style.pick('→', '>'),
        End::Elapsed => {}
    }
    cells.into_iter().collect()
}

/// The axis under the rows, its labels (`0 s`, the ticks', the scale's), and what a column is.
fn axis(layout: &Layout, style: Style) -> Vec<String> {
    let end = layout.bar + 1;
    let mut line = vec![style.pick('─', '-'); end + 1];
    (line[0], line[end]) = (style.pick('└', '+'), style.pick('┘', '+'));
    let mut labels = vec![' '; end + 1];
    let last = seconds(layout.scale);
    let last_start = (end + 1).saturating_sub(last.len());
    put(&mut labels, 0, "0 s");
    put(&mut labels, last_start, &last);
    let mut free = 4;
    for tick in ticks(layout.scale) {
        let (at, text) = (layout.column(tick) + 1, seconds(tick));
        let start = at.saturating_sub(text.len() / 2);
        if start >= free && start + text.len() < last_start {
            line[at] = style.pick('┴', '+');
            put(&mut labels, start, &text);
            free = start + text.len() + 1;
        }
    }
    let indent = " ".repeat(layout.index + layout.delay + 3);
    let column = seconds(layout.scale / layout.bar as u32);
    vec![
        format!("{indent}{}", line.into_iter().collect::<String>()),
        format!("{indent}{}", labels.into_iter().collect::<String>()),
        format!("{indent}(each column {column})"),
    ]
}

/// Writes `text` (ASCII) into `cells` from `start`.
fn put(cells: &mut [char], start: usize, text: &str) {
    for (cell, character) in cells[start..].iter_mut().zip(text.chars()) {
        *cell = character;
    }
}

/// The lines as one text, without trailing spaces, each ending with a newline.
fn finish(lines: Vec<String>) -> String {
    let lines = lines.iter().map(|line| line.trim_end());
    lines.flat_map(|line| [line, "\n"]).collect()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// A wait created and started at `start` seconds, that elapsed after `delay` seconds.
    pub(crate) fn wait(index: usize, start: f64, delay: f64) -> Wait {
        let start = Duration::from_secs_f64(start);
        let end = start + Duration::from_secs_f64(delay);
        Wait {
            index,
            file: "concurrent_coroutines/src/lib.rs".to_owned(),
            line: 41,
            created: start,
            started: Some(start),
            deadline: Some(end),
            ended: end,
            end: End::Elapsed,
        }
    }

    /// A timeline of waits `(start, delay)`, in seconds, that took until the last one ended.
    pub(crate) fn timeline(waits: &[(f64, f64)]) -> Timeline {
        let waits = (1..)
            .zip(waits)
            .map(|(index, &(start, delay))| wait(index, start, delay));
        let waits: Vec<Wait> = waits.collect();
        Timeline {
            title: "wait_n(3, 3)".to_owned(),
            paused: true,
            took: waits
                .iter()
                .map(|wait| wait.ended)
                .max()
                .unwrap_or_default(),
            at_once: most_at_once(&waits),
            waits,
            omitted: 0,
        }
    }

    /// The most of `waits` that were waiting at one instant, each from its first poll to its
    /// end; a wait that ends at the instant another starts is not counted with it.
    fn most_at_once(waits: &[Wait]) -> usize {
        let mut changes: Vec<(Duration, bool)> = waits
            .iter()
            .filter_map(|wait| Some([(wait.started?, true), (wait.ended, false)]))
            .flatten()
            .collect();
        // At one instant, ends before starts.
        changes.sort_unstable();
        let (mut waiting, mut most) = (0usize, 0);
        for (_, starts) in changes {
            if starts {
                waiting += 1;
                most = most.max(waiting);
            } else {
                waiting = waiting.saturating_sub(1);
            }
        }
        most
    }

    /// Three waits of 1, 2 and 3 s, together or one after another.
    pub(crate) const TOGETHER: [(f64, f64); 3] = [(0.0, 1.0), (0.0, 2.0), (0.0, 3.0)];
    pub(crate) const IN_TURN: [(f64, f64); 3] = [(0.0, 1.0), (1.0, 2.0), (3.0, 3.0)];

    /// The learner's half of a [`draw`] and the expected one.
    fn halves(text: &str) -> (&str, &str) {
        text.split_once(EXPECTS).unwrap()
    }

    /// The rows of `text`.
    fn rows(text: &str) -> Vec<&str> {
        text.lines().filter(|line| line.starts_with('#')).collect()
    }

    /// Where each row of `text` has its bar start, in columns of the bar area.
    fn starts(text: &str) -> Vec<usize> {
        let start = |row: &str| row.split_once('|').unwrap().1.find(|c| c != ' ').unwrap();
        rows(text).into_iter().map(start).collect()
    }

    #[test]
    fn concurrent_waits_all_start_in_the_first_column() {
        let text = draw(&timeline(&TOGETHER), Style::default());
        assert_eq!(starts(&text), [0; 6]);
        let header =
            "your waits: wait_n(3, 3) (paused clock)\n3 waits, all 3 at once, 3 s in all\n";
        assert!(text.starts_with(header), "{text}");
        let in_turn = draw(&timeline(&IN_TURN), Style::default());
        assert!(
            in_turn.contains("\n3 waits, one at a time, 6 s in all\n"),
            "{in_turn}"
        );
        assert!(in_turn.contains(&format!("{EXPECTS}\n3 waits, all 3 at once, 3 s in all\n")));
        let mut zeros = timeline(&[(0.0, 0.0), (0.0, 0.0)]);
        zeros.at_once = 0;
        assert!(draw_one(&zeros, Style::default()).contains("\n2 waits of 0 s, 0 s in all\n"));
        assert!(text.contains("\nsleeps at concurrent_coroutines/src/lib.rs:41\n"));
        assert!(rows(&text)[1].starts_with("#2  2.00 s |██"), "{text}");
        let axis = |line: &str| line.trim_start().starts_with("0 s") && line.ends_with(" 3 s");
        assert!(
            text.lines().any(axis) && text.contains("(each column 53.57 ms)"),
            "{text}"
        );
    }

    #[test]
    fn waits_in_turn_start_where_the_previous_ended_and_are_expected_together() {
        let text = draw(&timeline(&IN_TURN), Style::default());
        let (yours, expected) = halves(&text);
        assert_eq!(
            (starts(yours), starts(expected)),
            (vec![0, 9, 28], vec![0, 0, 0])
        );
        // One scale for both: the expected 3 s is half the axis of the 6 s that the call took.
        let cells = |text| rows(text)[2].matches('█').count();
        assert_eq!((cells(yours), cells(expected)), (28, 28));
    }

    #[test]
    fn more_than_twenty_waits_draw_the_first_and_last_with_a_note_between() {
        let recorded = timeline(&[(0.0, 1.0); 100]);
        // Of 250 waits, the first and last 100 were kept.
        let mut kept = timeline(&[(0.0, 1.0); 200]);
        kept.omitted = 50;
        kept.waits[100..]
            .iter_mut()
            .for_each(|wait| wait.index += 50);
        let cases = [
            (recorded, "81 more waits, #13 to #93", "#94 "),
            (kept, "231 more waits, #13 to #243", "#244 "),
        ];
        for (timeline, note, after) in cases {
            let text = draw(&timeline, Style::default());
            for half in [halves(&text).0, halves(&text).1] {
                let rows = rows(half);
                assert!(
                    rows.len() == 19 && rows[11].starts_with("#12 ") && rows[12].starts_with(after)
                );
                assert!(half.contains(&format!("\n   ⋮ {note}\n#")), "{half}");
            }
            let fits = |line: &str| line.chars().count() <= COLUMNS && line.trim_end() == line;
            assert!(text.lines().all(fits), "{text}");
        }
    }

    #[test]
    fn ascii_is_ascii_and_utf8_draws_blocks() {
        let mut timeline = timeline(&[(0.0, 1.0), (0.5, 0.0), (1.0, 2.0)]);
        timeline.waits[2].created = Duration::ZERO;
        let ascii = draw(&timeline, Style { ascii: true });
        assert!(
            ascii.is_ascii() && ascii.contains("|..................#"),
            "{ascii}"
        );
        let utf8 = draw(&timeline, Style::default());
        assert!(
            utf8.contains("|··················█") && utf8.contains('▏'),
            "{utf8}"
        );
    }

    #[test]
    fn never_awaited_dropped_and_pending_waits_say_so() {
        let mut timeline = timeline(&[(0.0, 4.0), (0.0, 4.0), (0.0, 4.0)]);
        let [never, dropped, pending] = &mut timeline.waits[..] else {
            unreachable!()
        };
        (never.started, never.deadline, never.ended, never.end) =
            (None, None, Duration::ZERO, End::Dropped);
        (dropped.ended, dropped.end) = (Duration::from_secs(2), End::Dropped);
        (pending.ended, pending.end) = (Duration::from_secs(3), End::Pending);
        timeline.took = Duration::from_secs(3);
        let text = draw_one(&timeline, Style::default());
        let rows = rows(&text);
        assert_eq!(rows[0], format!("#1  never awaited |✕{}|", " ".repeat(55)));
        assert!(
            rows[1].starts_with("#2         4.00 s |██") && rows[1].contains("█✕ "),
            "{text}"
        );
        assert!(rows[2].ends_with("█→|"), "{text}");
        // The course expects the waits that were awaited only.
        assert!(!halves(&draw(&timeline, Style::default())).1.contains("#1 "));
    }

    #[test]
    fn sleeps_never_awaited_are_expected_for_the_delays_their_call_returned() {
        let mut timeline = timeline(&[(0.0, 1.5), (0.0, 3.0), (0.0, 0.5)]);
        for never in &mut timeline.waits {
            (never.started, never.deadline, never.ended, never.end) =
                (None, None, Duration::ZERO, End::Dropped);
        }
        (timeline.took, timeline.at_once) = (Duration::ZERO, 0);
        // Of no length, the waits are known only from what the call returned.
        let mut told = timeline.clone();
        told.with_returned(&[1.5, 3.0, 0.5]);
        let drawn = draw(&told, Style::default());
        let (yours, course) = halves(&drawn);
        let expected = told.expected();
        assert!(
            yours.contains("#1   never awaited: created, then dropped"),
            "{yours}"
        );
        let ends: Vec<Duration> = expected.waits.iter().map(|wait| wait.ended).collect();
        assert_eq!(ends, [1.5, 3.0, 0.5].map(Duration::from_secs_f64));
        assert!(
            course.contains("3 waits, all 3 at once, 3 s in all"),
            "{course}"
        );
        // Not as many delays as waits: which is whose is not known, and none is given.
        let mut unmatched = timeline.clone();
        unmatched.with_returned(&[1.5, 3.0]);
        assert_eq!(unmatched, timeline);
        assert!(unmatched.expected().waits.is_empty());
        // A wait that was awaited has its own duration, which the delays do not replace.
        let mut awaited = super::tests::timeline(&[(0.0, 1.5)]);
        let before = awaited.clone();
        awaited.with_returned(&[9.0]);
        assert_eq!(awaited, before);
    }

    #[test]
    fn ascii_when_the_terminal_is_dumb_or_its_locale_is_not_utf8() {
        assert!(!ascii_for(None, None) && !ascii_for(None, Some("C.utf8")));
        assert!(!ascii_for(Some("xterm-256color"), Some("en_US.UTF-8")));
        assert!(ascii_for(Some("dumb"), Some("en_US.UTF-8")));
        assert!(ascii_for(Some("xterm"), Some("C")) && ascii_for(None, Some("POSIX")));
    }

    #[test]
    fn times_read_as_seconds_or_milliseconds_and_nothing_recorded_says_so() {
        let times = [0, 250, 1000, 2500, 9830].map(|ms| seconds(Duration::from_millis(ms)));
        assert_eq!(times, ["0 s", "250 ms", "1 s", "2.5 s", "9.83 s"]);
        let ticks = ticks(Duration::from_millis(9830));
        assert_eq!(ticks, [2, 4, 6].map(Duration::from_secs));
        let text = draw(&timeline(&[]), Style::default());
        assert!(text.starts_with("no tokio sleep was recorded during wait_n(3, 3):\n"));
    }
}
