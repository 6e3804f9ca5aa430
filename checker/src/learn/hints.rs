//! Each task's hint ladder: a few steps, from a nudge to the idea, that the watch mode's `h`
//! reveals one at a time.
//!
//! A ladder is the file `hints.md` beside its task's lesson (`<crate>/hints.md`), carried in
//! the checker and into starters with the crate's other files:
//!
//! ```text
//! # Hints: task 0, wait_random
//!
//! 1. The first step, possibly over
//!    several lines.
//!
//! 2. The second step.
//! ```
//!
//! The steps are the top-level numbered items; they say the lesson's ideas, never the code.
//! The checks' own hints are another thing: they name the cause of one failure.

use crate::embedded;
use crate::harness::checks::Task;

/// The steps of `task`'s hint ladder, from the file the checker carries; none when it
/// carries no ladder for it.
pub fn ladder(task: Task) -> Vec<String> {
    embedded::text(&format!("{}/hints.md", task.crate_name)).map_or_else(Vec::new, steps)
}

/// The steps of a ladder's text: each top-level `N. ` item, its lines joined by spaces.
pub fn steps(text: &str) -> Vec<String> {
    let mut steps: Vec<String> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        let numbered = line
            .split_once(". ")
            .filter(|(number, _)| !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit()));
        match numbered {
            Some((_, first)) => {
                steps.push(first.trim().to_owned());
                open = true;
            }
            None if line.trim().is_empty() => open = false,
            None if open || line.starts_with(' ') => {
                if let Some(step) = steps.last_mut() {
                    step.push(' ');
                    step.push_str(line.trim());
                    open = true;
                }
            }
            None => {}
        }
    }
    steps
}

/// `text` in lines of at most `width` characters, broken between words.
pub fn wrapped(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn steps_are_the_numbered_items_their_lines_joined() {
        let text = "# Hints: task 1, wait_n\n\nSome words before.\n\n1. A nudge,\n   over two lines.\n\n2. The idea.\n10. A tenth.\n";
        assert_eq!(
            steps(text),
            ["A nudge, over two lines.", "The idea.", "A tenth."]
        );
        assert!(steps("# nothing numbered\n").is_empty());
    }

    #[test]
    fn text_is_wrapped_between_words() {
        assert_eq!(
            wrapped("one two three four", 9),
            ["one two", "three", "four"]
        );
        assert_eq!(wrapped("", 9), Vec::<String>::new());
    }
}
