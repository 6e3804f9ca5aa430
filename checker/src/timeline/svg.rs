//! Draws a timeline as an SVG picture, to keep or to show on a slide.
//!
//! The picture holds what [`draw`](super::draw::draw) prints, in colour: the learner's waits as
//! blue bars, and under them, on the same time axis, the ones the course expects as green
//! bars. A grey line before a bar is a wait created but not polled yet, a red cross at its end
//! a wait dropped before its deadline, and an arrow one still pending when the call returned;
//! a legend at the bottom says so. It is a standalone SVG 1.1 document, without scripts or
//! fonts to fetch, and the same timeline always gives the same bytes.

use std::fmt::Write as _;
use std::time::Duration;

use super::draw::{self, Row, Style};
use super::{End, Timeline, Wait};

/// The picture's width, in pixels.
const WIDTH: f64 = 1000.0;
/// The space around the picture's content.
const MARGIN: f64 = 24.0;
/// The height of a row.
const ROW: f64 = 20.0;
/// The height of a bar in its row.
const BAR: f64 = 12.0;
/// About the width of a character of the labels (12 px monospace), to size their column.
const CHAR: f64 = 7.3;
/// How many characters a header line (15 px sans-serif) holds before it is cut.
const HEADER: usize = 110;
/// How many waits a panel keeps when there are more than 60: the first `HEAD` and the last
/// `TAIL`, with a row between for the rest.
const HEAD: usize = 40;
/// See [`HEAD`].
const TAIL: usize = 19;
/// The colour of the learner's bars.
const YOURS: &str = "#2f6fb0";
/// The colour of the expected bars.
const EXPECTED: &str = "#6aa84f";
/// The colour of a drop's cross.
const DROPPED: &str = "#c62828";
/// A line for the time before a first poll: thin and grey.
const CREATED: &str = r##"class="created" stroke="#8a8a8a" stroke-width="2""##;
/// The labels of the rows.
const MONOSPACE: &str = r#"font-family="monospace""#;

/// One SVG picture of the learner's timeline and, under it, the one the course expects, on
/// one time axis.
pub fn svg(timeline: &Timeline, caption: &str) -> String {
    picture(timeline, caption, true)
}

/// One SVG picture of a timeline alone: a program's, run by `checker timeline`, where no
/// expected timeline applies (as [`draw::draw_one`] in the terminal).
pub fn svg_one(timeline: &Timeline, caption: &str) -> String {
    picture(timeline, caption, false)
}

/// The picture of `timeline`, with the expected one under it or not.
fn picture(timeline: &Timeline, caption: &str, with_expected: bool) -> String {
    let expected = timeline.expected();
    // One scale for both, as in the terminal.
    let scale = if with_expected {
        timeline.took.max(expected.took)
    } else {
        timeline.took
    };
    let mut picture = Picture::new(timeline, scale);
    picture.line(20.0, r#"font-weight="bold""#, caption);
    if timeline.waits.is_empty() {
        let nothing = format!("no tokio sleep was recorded during {}:", timeline.title);
        picture.line(15.0, "", &nothing);
        let why = "the waits did not use tokio::time::sleep, or nothing waited";
        picture.line(15.0, "", why);
    } else {
        let header = draw::yours(timeline, HEADER, Style::default());
        picture.panel(timeline, &header, "wait", YOURS);
        if with_expected {
            let header = draw::expects(&expected, HEADER, Style::default());
            picture.panel(&expected, &header, "expected", EXPECTED);
        }
        picture.legend();
    }
    picture.finish()
}

/// A picture being drawn, from the top down.
struct Picture {
    /// The elements drawn so far.
    body: String,
    /// The bottom of what is drawn so far.
    y: f64,
    /// Where time 0 is, from the left.
    left: f64,
    /// Where `scale` is, from the left.
    right: f64,
    /// The time at the right end of the axes.
    scale: Duration,
}

impl Picture {
    /// An empty picture, with room at the left for the labels of `timeline`'s rows.
    fn new(timeline: &Timeline, scale: Duration) -> Picture {
        let index = draw::widest(timeline, |wait| format!("#{}", wait.index));
        let label = index + 2 + draw::widest(timeline, draw::delay_text);
        let (body, y, right) = (String::new(), MARGIN, WIDTH - 2.0 * MARGIN);
        let (left, scale) = (
            MARGIN + label as f64 * CHAR + 12.0,
            draw::axis_end(timeline, scale),
        );
        Picture {
            body,
            y,
            left,
            right,
            scale,
        }
    }

    /// Where `time` is, from the left.
    fn x(&self, time: Duration) -> f64 {
        let fraction = time.as_secs_f64() / self.scale.as_secs_f64();
        self.left + (self.right - self.left) * fraction
    }

    /// A line of text of `size` pixels under the last, with more `attributes`.
    fn line(&mut self, size: f64, attributes: &str, text: &str) {
        self.y += size * 1.4;
        let attributes = format!(r#"font-size="{}" {attributes}"#, num(size));
        self.text((MARGIN, self.y), &attributes, text);
    }

    /// A text with its baseline starting at (`x`, `y`), 12 pixels unless `attributes` say.
    fn text(&mut self, (x, y): (f64, f64), attributes: &str, text: &str) {
        let (x, y, text) = (num(x), num(y), escape(text));
        let _ = writeln!(
            self.body,
            r#"<text x="{x}" y="{y}" {attributes}>{text}</text>"#
        );
    }

    /// A straight line from (`x1`, `y1`) to (`x2`, `y2`).
    fn stroke(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), attributes: &str) {
        let (x1, y1, x2, y2) = (num(x1), num(y1), num(x2), num(y2));
        let _ = writeln!(
            self.body,
            r#"<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" {attributes}/>"#
        );
    }

    /// One timeline: its header, a row per wait (or for the ones left out), and its axis.
    fn panel(&mut self, timeline: &Timeline, header: &[String], class: &str, colour: &str) {
        self.y += 8.0;
        let (title, sites) = header.split_first().expect("a header has a title");
        self.line(15.0, r#"font-weight="bold""#, title);
        for line in sites {
            self.line(12.0, r##"font-family="monospace" fill="#555""##, line);
        }
        self.y += 8.0;
        let rows = draw::rows(timeline, HEAD, TAIL);
        let bottom = self.y + rows.len().max(1) as f64 * ROW;
        for time in self.ticks() {
            let x = self.x(time);
            self.stroke((x, self.y), (x, bottom), r##"stroke="#e3e3e3""##);
        }
        for row in rows {
            let note = (self.left + 6.0, self.y + 14.0);
            match row {
                Row::Wait(wait) => self.wait(wait, class, colour),
                Row::Gap { count, first, last } => {
                    let gap = format!("\u{22ee} {}", draw::gap_text(count, first, last));
                    self.text(note, r#"font-style="italic""#, &gap);
                }
            }
            self.y += ROW;
        }
        if timeline.waits.is_empty() {
            let note = (self.left + 6.0, self.y + 14.0);
            self.text(note, "", "(none: no wait was awaited)");
            self.y += ROW;
        }
        self.axis();
    }

    /// A wait's row: its label, a grey line while created but not polled, its bar while
    /// waiting, and how it ended.
    fn wait(&mut self, wait: &Wait, class: &str, colour: &str) {
        let (middle, baseline) = (self.y + ROW / 2.0, self.y + ROW / 2.0 + 4.0);
        self.text((MARGIN, baseline), MONOSPACE, &format!("#{}", wait.index));
        let (delay, right_aligned) = (
            self.left - 12.0,
            r#"font-family="monospace" text-anchor="end""#,
        );
        self.text((delay, baseline), right_aligned, &draw::delay_text(wait));
        let polled = self.x(wait.started.unwrap_or(wait.ended));
        let (created, ended) = (self.x(wait.created), self.x(wait.ended));
        if polled > created {
            self.stroke((created, middle), (polled, middle), CREATED);
        }
        if wait.started.is_some() {
            self.bar(polled, ended, middle, class, colour);
        }
        self.end(wait.end, ended, middle, colour);
    }

    /// A bar from `x1` to `x2`, 2 pixels wide at least so that a wait of no time shows.
    fn bar(&mut self, x1: f64, x2: f64, middle: f64, class: &str, colour: &str) {
        let (x, y, width) = (num(x1), num(middle - BAR / 2.0), num((x2 - x1).max(2.0)));
        let _ = writeln!(
            self.body,
            r#"<rect class="{class}" x="{x}" y="{y}" width="{width}" height="{BAR}" fill="{colour}"/>"#
        );
    }

    /// How a wait ended, at `x`: a red cross for a drop, an arrow for a wait still pending.
    fn end(&mut self, end: End, x: f64, middle: f64, colour: &str) {
        let (x1, x2, y1, y2) = (
            num(x - 5.0),
            num(x + 5.0),
            num(middle - 5.0),
            num(middle + 5.0),
        );
        let _ = match end {
            End::Dropped => writeln!(
                self.body,
                r#"<path class="dropped" d="M{x1} {y1}L{x2} {y2}M{x1} {y2}L{x2} {y1}" stroke="{DROPPED}" stroke-width="2.5"/>"#
            ),
            End::Pending => writeln!(
                self.body,
                r#"<path class="pending" d="M{x} {y1}l8 5l-8 5z" fill="{colour}"/>"#,
                x = num(x + 1.0)
            ),
            End::Elapsed => Ok(()),
        };
    }

    /// The time axis under the rows, with its ticks and their labels.
    fn axis(&mut self) {
        let y = self.y + 4.0;
        self.stroke((self.left, y), (self.right, y), r##"stroke="#333""##);
        for time in self.ticks() {
            let x = self.x(time);
            self.stroke((x, y), (x, y + 5.0), r##"stroke="#333""##);
            let label = draw::seconds(time);
            self.text((x, y + 19.0), r#"text-anchor="middle""#, &label);
        }
        self.y = y + 24.0;
    }

    /// The times the axes mark: 0, round times between, and the scale.
    fn ticks(&self) -> Vec<Duration> {
        let between = draw::ticks(self.scale);
        [Duration::ZERO]
            .into_iter()
            .chain(between)
            .chain([self.scale])
            .collect()
    }

    /// What the marks mean, each drawn as in the rows.
    fn legend(&mut self) {
        let middle = self.y + 20.0;
        let mut x = MARGIN;
        let marks = [
            "waiting: from the first poll to the end",
            "created, not polled yet",
            "dropped before its deadline",
            "still pending when the call returned",
        ];
        for (number, meaning) in marks.into_iter().enumerate() {
            match number {
                0 => self.bar(x, x + 16.0, middle, "legend", YOURS),
                1 => self.stroke((x, middle), (x + 16.0, middle), CREATED),
                2 => self.end(End::Dropped, x + 8.0, middle, YOURS),
                _ => self.end(End::Pending, x + 4.0, middle, YOURS),
            }
            let text = (x + 22.0, middle + 4.0);
            self.text(text, r##"fill="#8a8a8a""##, meaning);
            x += 22.0 + meaning.len() as f64 * 6.2 + 20.0;
        }
        self.y = middle + 6.0;
    }

    /// The whole document, sized to what was drawn.
    fn finish(self) -> String {
        let (width, height) = (num(WIDTH), num(self.y + MARGIN));
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{width}\" \
             height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\" \
             font-size=\"12\">\n\
             <rect x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n{}</svg>\n",
            self.body
        )
    }
}

/// `text` as XML character data or an attribute value: the five markup characters escaped,
/// and the characters XML 1.0 cannot hold (control characters that code under test may
/// print) written as `\u{…}`. The JUnit report escapes with it too, so that XML is escaped
/// in one place.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\t' | '\n' | '\r' => escaped.push(character),
            control if control < ' ' || control == '\u{fffe}' || control == '\u{ffff}' => {
                let _ = write!(escaped, "\\u{{{:x}}}", u32::from(control));
            }
            other => escaped.push(other),
        }
    }
    escaped
}

/// `number` with at most two decimals, and none it does not need.
fn num(number: f64) -> String {
    let text = format!("{number:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::timeline::draw::tests::{IN_TURN, TOGETHER, timeline};

    #[test]
    fn markup_and_control_characters_are_escaped() {
        assert_eq!(
            escape("a < b && \"c\" > 'd'\u{1b}[31m\n"),
            "a &lt; b &amp;&amp; &quot;c&quot; &gt; &apos;d&apos;\\u{1b}[31m\n"
        );
    }

    /// The `x` of each element of `class` in `svg`, which must parse as XML.
    fn xs(svg: &str, class: &str) -> Vec<f64> {
        let document = roxmltree::Document::parse(svg).unwrap();
        let elements = document
            .descendants()
            .filter(|node| node.attribute("class") == Some(class));
        elements
            .map(|node| node.attribute("x").unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn concurrent_waits_start_at_the_same_x() {
        let svg = svg(&timeline(&TOGETHER), "check");
        let (yours, expected) = (xs(&svg, "wait"), xs(&svg, "expected"));
        assert_eq!((yours.len(), expected.len()), (3, 3));
        assert!(
            yours.iter().chain(&expected).all(|x| *x == yours[0]),
            "{svg}"
        );
    }

    #[test]
    fn waits_in_turn_start_at_increasing_x_and_are_expected_together() {
        let svg = svg(&timeline(&IN_TURN), "check");
        let (yours, expected) = (xs(&svg, "wait"), xs(&svg, "expected"));
        assert!(
            yours.len() == 3 && yours.is_sorted_by(|a, b| a < b),
            "{yours:?}"
        );
        assert_eq!(expected, [yours[0]; 3]);
    }

    #[test]
    fn many_waits_keep_the_first_and_last_with_a_row_between() {
        let svg = svg(&timeline(&[(0.0, 1.0); 100]), "check");
        assert_eq!(
            (xs(&svg, "wait").len(), xs(&svg, "expected").len()),
            (59, 59)
        );
        assert_eq!(svg.matches("41 more waits, #41 to #81").count(), 2);
    }

    #[test]
    fn text_is_escaped() {
        let mut timeline = timeline(&TOGETHER);
        timeline.title = "wait_n(<&>)".to_owned();
        let svg = svg(&timeline, r#"it's "quoted""#);
        let document = roxmltree::Document::parse(&svg).unwrap();
        let texts: Vec<&str> = document
            .descendants()
            .filter_map(|node| node.text())
            .collect();
        assert!(
            texts
                .iter()
                .any(|text| text.starts_with("your waits: wait_n(<&>) (paused clock)"))
        );
        assert!(texts.contains(&r#"it's "quoted""#) && svg.contains("wait_n(&lt;&amp;&gt;)"));
    }
}
