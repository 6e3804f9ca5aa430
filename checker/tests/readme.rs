//! What the README quotes of the checker's output is what the checker prints today (the
//! failure of a `wait_n` that awaits its waits in turn, and the drawing of its waits), and the
//! design page counts the checks there are; every relative link of the project's pages reaches
//! its file and heading.
//!
//! A quoted block may leave lines out with a line of `…`; every other line must be the
//! checker's, in order. `UPDATE_README=1` rewrites the blocks from what the code prints.

use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;

use basic_async_syntax::wait_random;
use checker::harness::check::{self, Settings};
use checker::harness::checks::CHECKS;
use checker::harness::subject::{BoxFuture, Subject};
use checker::report::{self, Detail};

const SETTINGS: Settings = Settings {
    seed: 2024,
    real_time: false,
    time_limit: None,
    strict: false,
    confine: None,
    drawing: checker::timeline::Drawing {
        every: false,
        style: checker::timeline::draw::Style { ascii: false },
    },
    cut_short: false,
};

/// The timeline command the README quotes, after its `$ `.
const TIMELINE: &str =
    "cargo run -p checker -- timeline concurrent_coroutines --example in_turn --paused --seed 1";

fn readme_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../README.md")
}

/// The learner's mistake: each wait awaited before the next starts.
fn in_turn_wait_n(n: usize, max_delay: u32) -> BoxFuture<Vec<f64>> {
    Box::pin(async move {
        let mut delays = Vec::with_capacity(n);
        for _ in 0..n {
            delays.push(wait_random(max_delay).await);
        }
        delays
    })
}

/// `text` without its terminal styles.
fn plain(text: &str) -> String {
    anstream::adapter::strip_str(text).to_string()
}

/// The report's lines for "the waits run concurrently" on the in-turn `wait_n`.
fn failure_report() -> Vec<String> {
    let check = CHECKS
        .iter()
        .find(|check| check.name == "the waits run concurrently")
        .expect("the check exists");
    let subject = Subject {
        wait_n: in_turn_wait_n,
        ..checker_harness::subject(Err("no test programs here".to_owned()))
    };
    let outcome = check::run(check, &Arc::new(subject), SETTINGS);
    assert!(outcome.verdict.is_err(), "the in-turn wait_n should fail");
    plain(&report::outcome(&outcome, &SETTINGS, Detail::Full))
        .lines()
        .map(|line| line.trim_end().to_owned())
        .collect()
}

/// What [`TIMELINE`] draws on standard error, after the program's output.
fn timeline_drawing() -> Vec<String> {
    let args: Vec<&str> = TIMELINE
        .split_whitespace()
        .skip_while(|arg| *arg != "--")
        .skip(1)
        .collect();
    let output = Command::new(env!("CARGO_BIN_EXE_checker"))
        .args(&args)
        .env("LC_ALL", "C.UTF-8")
        .env("TERM", "xterm")
        .output()
        .expect("the checker should start");
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(output.status.success(), "{TIMELINE}:\n{stderr}");
    let drawing = stderr.split_once("\n\n").map_or("", |(_, drawing)| drawing);
    std::iter::once(format!("$ {TIMELINE}"))
        .chain(
            drawing
                .trim_end()
                .lines()
                .map(|line| line.trim_end().to_owned()),
        )
        .collect()
}

/// The lines of the README's fenced block whose first line starts with `first`, and where
/// they are in the README.
fn block(readme: &str, first: &str) -> (std::ops::Range<usize>, Vec<String>) {
    let lines: Vec<&str> = readme.lines().collect();
    let start = (1..lines.len())
        .find(|&at| lines[at - 1] == "```" && lines[at].starts_with(first))
        .unwrap_or_else(|| panic!("the README has no block that starts with {first:?}"));
    let end = (start..lines.len())
        .find(|&at| lines[at] == "```")
        .expect("the block ends");
    (
        start..end,
        lines[start..end]
            .iter()
            .map(|line| line.to_string())
            .collect(),
    )
}

/// Whether `quoted` is `printed` with runs of lines left out where it says `…`.
fn quotes(quoted: &[String], printed: &[String]) -> Result<(), String> {
    let mut at = 0;
    let mut skipping = false;
    for line in quoted {
        if line.trim() == "…" {
            skipping = true;
            continue;
        }
        let found = if skipping {
            printed[at..].iter().position(|printed| printed == line)
        } else {
            (printed.get(at) == Some(line)).then_some(0)
        };
        match found {
            Some(offset) => at += offset + 1,
            None => {
                return Err(format!(
                    "the README quotes {line:?}, which the checker does not print there"
                ));
            }
        }
        skipping = false;
    }
    if at < printed.len() && !skipping {
        return Err(format!(
            "the checker goes on after the quote ({:?}): end it with a line of …",
            printed[at]
        ));
    }
    Ok(())
}

/// A short quote of `printed`: its first `head` lines, `…` for what is left out, and its
/// last `tail` lines.
fn shortened(printed: &[String], head: usize, tail: usize) -> Vec<String> {
    if printed.len() <= head + tail {
        return printed.to_vec();
    }
    let mut quote: Vec<String> = printed[..head].to_vec();
    quote.push("…".to_owned());
    quote.extend_from_slice(&printed[printed.len() - tail..]);
    quote
}

#[test]
fn the_readme_quotes_the_checkers_output_as_it_is() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let failure = failure_report();
    let drawing = timeline_drawing();
    let (failure_at, failure_quote) = block(&readme, "  ✗ the waits run concurrently");
    let (drawing_at, drawing_quote) = block(&readme, "$ cargo run -p checker -- timeline");
    if std::env::var_os("UPDATE_README").is_some() {
        let mut lines: Vec<String> = readme.lines().map(str::to_owned).collect();
        let (failure_new, drawing_new) = (shortened(&failure, 7, 0), shortened(&drawing, 9, 3));
        // The later block first, so that the earlier one's lines stay where they are.
        let mut blocks = [(failure_at, failure_new), (drawing_at, drawing_new)];
        blocks.sort_by_key(|(at, _)| std::cmp::Reverse(at.start));
        for (at, new) in blocks {
            lines.splice(at, new);
        }
        std::fs::write(readme_path(), lines.join("\n") + "\n").unwrap();
        return;
    }
    if let Err(error) = quotes(&failure_quote, &failure) {
        panic!("{error}\nthe checker prints:\n{}", failure.join("\n"));
    }
    if let Err(error) = quotes(&drawing_quote, &drawing) {
        panic!("{error}\nthe checker draws:\n{}", drawing.join("\n"));
    }
}

/// The comparison is strict: a changed line, a line too many, or a quote that stops early
/// without saying so fails it.
#[test]
fn a_quote_must_be_what_was_printed() {
    let printed: Vec<String> = ["a", "b", "c", "d"].map(str::to_owned).to_vec();
    let quote = |lines: &[&str]| {
        lines
            .iter()
            .map(|line| line.to_string())
            .collect::<Vec<_>>()
    };
    assert!(quotes(&quote(&["a", "b", "c", "d"]), &printed).is_ok());
    assert!(quotes(&quote(&["a", "…", "d"]), &printed).is_ok());
    assert!(quotes(&quote(&["a", "b", "…"]), &printed).is_ok());
    assert!(quotes(&quote(&["a", "x", "…"]), &printed).is_err());
    assert!(quotes(&quote(&["a", "b"]), &printed).is_err());
    assert!(quotes(&quote(&["a", "…", "x"]), &printed).is_err());
    assert_eq!(shortened(&printed, 1, 1), quote(&["a", "…", "d"]));
    assert_eq!(shortened(&printed, 3, 1), printed);
}

/// The design page's count of the grade's checks is the number there are.
#[test]
fn the_design_page_counts_the_grades_checks() {
    let design =
        std::fs::read_to_string(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("DESIGN.md"))
            .unwrap();
    let grade = CHECKS
        .iter()
        .chain(checker::harness::checks::IMPORTS_CHECKS)
        .filter(|check| check.tier == checker::harness::check::Tier::Grade)
        .count();
    assert!(
        design.contains(&format!("Its checks, {grade} in all:")),
        "DESIGN.md should say the grade has {grade} checks"
    );
}

/// GitHub's anchor of a heading: lower case, spaces to `-`, punctuation dropped.
fn anchor(heading: &str) -> String {
    heading
        .trim()
        .chars()
        .filter_map(|character| match character {
            ' ' => Some('-'),
            '-' | '_' => Some(character),
            character if character.is_alphanumeric() => Some(character.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Every relative link of the project's pages reaches a file, and its `#anchor` a heading
/// there: a page that moved or a heading renamed would leave a reader nowhere.
#[test]
fn the_pages_links_reach_their_files_and_headings() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let pages = [
        "README.md",
        "checker/README.md",
        "checker/DESIGN.md",
        "checker/harness/BENCH.md",
        "checker/starter/README.md",
    ];
    let mut broken = Vec::new();
    for page in pages {
        let text = std::fs::read_to_string(root.join(page)).unwrap();
        let folder = root.join(page).parent().unwrap().to_path_buf();
        for (_, rest) in text
            .match_indices("](")
            .map(|(at, _)| text.split_at(at + 2))
        {
            let Some(target) = rest.split(')').next() else {
                continue;
            };
            if target.contains("://") || target.starts_with("mailto:") || target.contains(' ') {
                continue;
            }
            let (file, heading) = target.split_once('#').unwrap_or((target, ""));
            let file = if file.is_empty() {
                root.join(page)
            } else {
                folder.join(file)
            };
            if !file.exists() {
                broken.push(format!("{page}: {target}: no such file"));
                continue;
            }
            if heading.is_empty() {
                continue;
            }
            let headings: Vec<String> = std::fs::read_to_string(&file)
                .unwrap_or_default()
                .lines()
                .filter_map(|line| line.strip_prefix('#'))
                .map(|line| anchor(line.trim_start_matches('#')))
                .collect();
            if !headings.iter().any(|found| found == heading) {
                broken.push(format!("{page}: {target}: no such heading"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert_eq!(
        anchor("Confinement: what it promises, and `what` it asks"),
        "confinement-what-it-promises-and-what-it-asks"
    );
}
