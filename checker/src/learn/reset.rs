//! `x` in the watch mode: a task's function put back as the starter had it.
//!
//! A starter records each task's function as it wrote it (its docs, signature and `todo!()`
//! body) in its marker file ([`starter::MARKER`](super::starter::MARKER)). Resetting a task
//! finds that function in the learner's file and puts the recorded one in its place; the
//! rest of the file (the learner's helpers, `use` lines, other modules and tests) is left
//! as it is. The function is found by a small lexer that knows Rust's comments, strings and
//! character literals, so that a `}` in a string or a comment does not end it.

use std::ops::Range;
use std::path::Path;

use anyhow::{Context as _, bail};

use crate::harness::checks::Task;

/// Puts `task`'s function in the workspace at `root` back to `item` (its docs, attributes,
/// signature and body, as the starter wrote them). A file without the function gets it at
/// its end. Returns the file changed, relative to `root`.
///
/// # Errors
///
/// When the task's file cannot be read or written.
pub fn reset(root: &Path, task: Task, item: &str) -> anyhow::Result<String> {
    let relative = format!("{}/src/lib.rs", task.crate_name);
    let path = root.join(&relative);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("could not read {relative}"))?;
    let item = item.trim_end();
    let reset = match item_span(&text, task.function) {
        Some(span) => format!("{}{item}{}", &text[..span.start], &text[span.end..]),
        None => format!("{}\n\n{item}\n", text.trim_end()),
    };
    std::fs::write(&path, reset).with_context(|| format!("could not write {relative}"))?;
    Ok(relative)
}

/// The item that declares the function `name` at the top level of `text`: from the first
/// line of its docs and attributes to its body's closing brace.
pub fn item_span(text: &str, name: &str) -> Option<Range<usize>> {
    let tokens = tokens(text);
    let mut depth = 0usize;
    let at = tokens.iter().enumerate().position(|(index, token)| {
        let opens = matches!(token.text(text), "{" | "(" | "[");
        let closes = matches!(token.text(text), "}" | ")" | "]");
        let found = depth == 0
            && token.text(text) == "fn"
            && tokens
                .get(index + 1)
                .is_some_and(|next| next.text(text) == name);
        if opens {
            depth += 1;
        } else if closes {
            depth = depth.saturating_sub(1);
        }
        found
    })?;
    // The body: the first `{` after the name outside parentheses and brackets, to its match.
    let mut nesting = 0usize;
    let mut open = None;
    for (index, token) in tokens.iter().enumerate().skip(at + 2) {
        match token.text(text) {
            "(" | "[" => nesting += 1,
            ")" | "]" => nesting = nesting.saturating_sub(1),
            "{" if nesting == 0 => {
                open = Some(index);
                break;
            }
            ";" if nesting == 0 => return None,
            _ => {}
        }
    }
    let mut braces = 0usize;
    let mut end = None;
    for token in &tokens[open?..] {
        match token.text(text) {
            "{" => braces += 1,
            "}" => {
                braces -= 1;
                if braces == 0 {
                    end = Some(token.end);
                    break;
                }
            }
            _ => {}
        }
    }
    let start = item_start(text, tokens[at].start);
    Some(start..end?)
}

/// Where the item whose `fn` keyword is at `fn_at` starts: its line, and the lines of docs
/// and attributes right above it.
fn item_start(text: &str, fn_at: usize) -> usize {
    let mut start = text[..fn_at].rfind('\n').map_or(0, |newline| newline + 1);
    while start > 0 {
        let above = text[..start - 1]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        let line = text[above..start - 1].trim_start();
        if !(line.starts_with("///") || line.starts_with("#[")) {
            break;
        }
        start = above;
    }
    start
}

/// A token of the lexer: where it is in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Token {
    start: usize,
    end: usize,
}

impl Token {
    fn text(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

/// The words and punctuation of `text` that matter for finding an item: identifiers,
/// keywords and single punctuation characters, with comments, strings and character
/// literals skipped whole.
fn tokens(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let rest = &text[at..];
        if byte.is_ascii_whitespace() {
            at += 1;
        } else if rest.starts_with("//") {
            at += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            at += block_comment(rest);
        } else if let Some(length) = raw_string(rest) {
            at += length;
        } else if byte == b'"' || (byte == b'b' && rest[1..].starts_with('"')) {
            let quote = usize::from(byte == b'b');
            at += quote + quoted(&rest[quote..], '"');
        } else if byte == b'\'' {
            at += char_or_lifetime(rest);
        } else if byte.is_ascii_alphanumeric() || byte == b'_' || !byte.is_ascii() {
            let length = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                .unwrap_or(rest.len())
                .max(1);
            tokens.push(Token {
                start: at,
                end: at + length,
            });
            at += length;
        } else {
            tokens.push(Token {
                start: at,
                end: at + 1,
            });
            at += 1;
        }
    }
    tokens
}

/// The length of the block comment that `text` starts with, nested ones included.
fn block_comment(text: &str) -> usize {
    let mut depth = 0;
    let mut at = 0;
    while at < text.len() {
        let rest = &text[at..];
        if rest.starts_with("/*") {
            depth += 1;
            at += 2;
        } else if rest.starts_with("*/") {
            depth -= 1;
            at += 2;
            if depth == 0 {
                return at;
            }
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    text.len()
}

/// The length of the raw string (`r"…"`, `r#"…"#`, `br"…"`) that `text` starts with.
fn raw_string(text: &str) -> Option<usize> {
    let after_prefix = text.strip_prefix("br").or_else(|| text.strip_prefix('r'))?;
    let hashes = after_prefix.len() - after_prefix.trim_start_matches('#').len();
    let body = after_prefix[hashes..].strip_prefix('"')?;
    let closing = format!("\"{}", "#".repeat(hashes));
    let end = body
        .find(&closing)
        .map_or(body.len(), |at| at + closing.len());
    Some(text.len() - body.len() + end)
}

/// The length of the literal quoted by `quote` that `text` starts with, escapes included.
fn quoted(text: &str, quote: char) -> usize {
    let mut chars = text.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return at + c.len_utf8();
        }
    }
    text.len()
}

/// The length of the character literal or lifetime that `text` (at a `'`) starts with.
fn char_or_lifetime(text: &str) -> usize {
    let mut chars = text.chars().skip(1);
    match (chars.next(), chars.next()) {
        (Some('\\'), _) => quoted(text, '\''),
        (Some(c), Some('\'')) => 1 + c.len_utf8() + 1,
        _ => 1,
    }
}

/// The starter's function of `task` in `text` (a starter's `src/lib.rs`): what a reset puts
/// back.
///
/// # Errors
///
/// When `text` has no such function.
pub fn starter_item(text: &str, task: Task) -> anyhow::Result<String> {
    match item_span(text, task.function) {
        Some(span) => Ok(text[span].to_owned()),
        None => bail!(
            "the starter's {} has no fn {}",
            task.crate_name,
            task.function
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::checks::TASKS;
    use pretty_assertions::assert_eq;

    const STARTER: &str = "//! Lesson.\n\nuse a::b;\n\n/// Docs.\n///\n/// More docs.\n#[must_use]\npub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {\n    todo!(\"task 1: write wait_n (called with n = {n}, max_delay = {max_delay})\")\n}\n";

    #[test]
    fn the_item_runs_from_its_docs_to_its_closing_brace() {
        let span = item_span(STARTER, "wait_n").unwrap();
        assert!(STARTER[span.clone()].starts_with("/// Docs.\n"));
        assert!(STARTER[span.clone()].ends_with("max_delay})\")\n}"));
        assert_eq!(span.end, STARTER.len() - 1);
    }

    #[test]
    fn braces_in_strings_comments_and_chars_do_not_end_the_function() {
        let learner = "use x::y;\n\n/// The learner's docs.\npub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {\n    // a } in a comment\n    /* and { in /* a nested */ one */\n    let s = \"}\"; let r = r#\"}\"#; let c = '}'; let q = '\\'';\n    fn helper<'a>(x: &'a str) -> &'a str { x }\n    vec![]\n}\n\nfn after() -> u8 { b'}' }\n";
        let span = item_span(learner, "wait_n").unwrap();
        assert!(
            learner[span.clone()].ends_with("    vec![]\n}"),
            "{}",
            &learner[span]
        );
    }

    #[test]
    fn a_reset_replaces_only_the_function() {
        let dir = tempdir();
        let task = TASKS[1];
        let file = dir.join("concurrent_coroutines/src/lib.rs");
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        let learner = "//! Lesson.\n\nuse a::b;\nuse futures::StreamExt;\n\n/// Docs, edited.\npub async fn wait_n(n: usize, max_delay: u32) -> Vec<f64> {\n    let mut v = vec![];\n    if n > 0 { v.push(1.0); }\n    v\n}\n\nfn helper() {}\n\n#[cfg(test)]\nmod tests {}\n";
        std::fs::write(&file, learner).unwrap();
        let item = starter_item(STARTER, task).unwrap();
        reset(&dir, task, &item).unwrap();
        let after = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            after,
            format!(
                "//! Lesson.\n\nuse a::b;\nuse futures::StreamExt;\n\n{item}\n\nfn helper() {{}}\n\n#[cfg(test)]\nmod tests {{}}\n"
            )
        );
        // A file whose function was deleted gets it back at its end.
        std::fs::write(&file, "use a::b;\n").unwrap();
        reset(&dir, task, &item).unwrap();
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            format!("use a::b;\n\n{item}\n")
        );
    }

    #[test]
    fn a_function_of_the_same_name_inside_another_item_is_not_the_task() {
        let text = "mod inner {\n    pub fn wait_n() {}\n}\n\npub fn wait_n() {\n    todo!()\n}\n";
        let span = item_span(text, "wait_n").unwrap();
        assert_eq!(&text[span], "pub fn wait_n() {\n    todo!()\n}");
        assert!(item_span("pub fn wait_n();\n", "wait_n").is_none());
    }

    fn tempdir() -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "checker-reset-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
