//! The files the checker carries ([`crate::embedded`]) as a starter has them: the solution
//! regions cut out, the manifests' starter-only lines uncommented, and each task's function
//! a `todo!()` that names it.
//!
//! Two rooms use this: `checker new` writes a starter from it ([`crate::learn::starter`]), and
//! a submission without a task crate is graded with that crate as the starter has it
//! ([`super::workspace`]), so it lives here, below the starter.
//!
//! A solution region is a run of lines between a `region: solution` marker and an
//! `endregion` one, in a comment of code (`// region: solution (why)`), of a manifest (`#`)
//! or of docs (`//! <!-- region: solution -->`).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context as _, bail};

use crate::embedded;
use crate::harness::checks::TASKS;

/// How a line of a manifest starts that only a starter has, uncommented there.
const STARTER_ONLY: &str = "# starter: ";

/// What a region marker says, in code or in docs.
const REGION_START: &str = "region: solution";
const REGION_END: &str = "endregion";

/// The files of the task crate `crate_name` that a build reads (its `Cargo.toml` and what is
/// in `src/` but its test program), as the starter has them, by path from the crate's folder:
/// what a submission without that crate is graded as.
///
/// # Errors
///
/// When this checker carries no such crate, or one of its files' regions do not balance.
pub fn crate_files(crate_name: &str) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for (file, bytes) in embedded::under(crate_name) {
        let relative = &file[crate_name.len() + 1..];
        if relative != "Cargo.toml" && !(relative.starts_with("src/") && relative != "src/main.rs")
        {
            continue;
        }
        let text = std::str::from_utf8(bytes).with_context(|| format!("{file} is not text"))?;
        let text = starter_text(Path::new(file), text).with_context(|| format!("in {file}"))?;
        files.push((relative.to_owned(), text));
    }
    if !files.iter().any(|(file, _)| file == "Cargo.toml") {
        bail!("this checker does not carry the crate {crate_name}");
    }
    Ok(files)
}

/// `text`, the content of `file`, as the starter has it.
pub fn starter_text(file: &Path, text: &str) -> anyhow::Result<String> {
    if file.file_name().is_some_and(|name| name == "Cargo.toml") {
        let text = without_solution_regions(text)?;
        return Ok(text
            .lines()
            .map(|line| line.strip_prefix(STARTER_ONLY).unwrap_or(line))
            .map(|line| format!("{line}\n"))
            .collect());
    }
    if file.extension().is_none_or(|extension| extension != "rs") {
        return Ok(text.to_owned());
    }
    let mut text = without_solution_regions(text)?;
    for task in TASKS {
        if file == Path::new(task.crate_name).join("src/lib.rs") {
            text = with_todo_body(&text, task.number, task.function)?;
        }
    }
    Ok(text)
}

/// `text` without its solution regions, markers included.
pub fn without_solution_regions(text: &str) -> anyhow::Result<String> {
    let mut kept = String::with_capacity(text.len());
    let mut opened_at = None;
    for (number, line) in text.lines().enumerate() {
        let marker = line
            .trim_start()
            .trim_start_matches(['/', '!', '#'])
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        match (
            marker.starts_with(REGION_START),
            marker.starts_with(REGION_END),
            opened_at,
        ) {
            (true, _, Some(at)) => bail!(
                "line {}: a region opens inside the one of line {at}",
                number + 1
            ),
            (true, _, None) => opened_at = Some(number + 1),
            (_, true, None) => bail!("line {}: a region ends that never opened", number + 1),
            (_, true, Some(_)) => opened_at = None,
            (false, false, Some(_)) => {}
            (false, false, None) => {
                kept.push_str(line);
                kept.push('\n');
            }
        }
    }
    if let Some(at) = opened_at {
        bail!("line {at}: a region opens and never ends");
    }
    // A region between two blank lines leaves two in a row, which rustfmt would fold.
    while kept.contains("\n\n\n") {
        kept = kept.replace("\n\n\n", "\n\n");
    }
    while kept.ends_with("\n\n") {
        kept.pop();
    }
    Ok(kept)
}

/// `text` with the body of its function `function` replaced by a `todo!` that names task
/// `number` and shows the arguments it was called with.
fn with_todo_body(text: &str, number: u8, function: &str) -> anyhow::Result<String> {
    let lines: Vec<&str> = text.lines().collect();
    let signature = format!("fn {function}(");
    let start = lines
        .iter()
        .position(|line| line.starts_with("pub ") && line.contains(&signature))
        .with_context(|| format!("no `pub fn {function}` at the start of a line"))?;
    let open = (start..lines.len())
        .find(|&index| lines[index].ends_with('{'))
        .with_context(|| format!("`{function}` has no body"))?;
    let close = (open..lines.len())
        .find(|&index| lines[index] == "}")
        .with_context(|| format!("`{function}`'s body does not end with a `}}` alone on a line"))?;
    let declaration = lines[start..=open].join(" ");
    let parameters =
        &declaration[declaration.find('(').unwrap_or(0) + 1..declaration.find(')').unwrap_or(0)];
    let mut called_with = String::new();
    for name in parameters
        .split(',')
        .filter_map(|parameter| parameter.split(':').next())
        .map(str::trim)
    {
        if !name.is_empty() {
            let separator = if called_with.is_empty() { "" } else { ", " };
            let _ = write!(called_with, "{separator}{name} = {{{name}}}");
        }
    }
    let todo =
        format!("    todo!(\"task {number}: write {function} (called with {called_with})\")");
    let mut result: Vec<&str> = lines[..=open].to_vec();
    result.push(&todo);
    result.extend(&lines[close..]);
    Ok(result.join("\n") + "\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use pretty_assertions::assert_eq;

    #[test]
    fn solution_regions_are_left_out_in_code_and_in_docs() {
        let text = "//! Lesson.\n//! <!-- region: solution -->\n//! The answer.\n//! <!-- endregion -->\nuse a;\n// region: solution (why)\nuse b;\n// endregion\nfn f() {}\n";
        assert_eq!(
            without_solution_regions(text).unwrap(),
            "//! Lesson.\nuse a;\nfn f() {}\n"
        );
        assert!(without_solution_regions("// region: solution\n").is_err());
        assert!(without_solution_regions("// endregion\n").is_err());
        assert!(without_solution_regions("// region: solution\n// region: solution\n").is_err());
    }

    #[test]
    fn a_task_body_becomes_a_todo_naming_the_task_and_its_arguments() {
        let text = "/// Docs.\npub async fn wait_n(\n    n: usize,\n    max_delay: u32,\n) -> Vec<f64> {\n    let x = 1;\n    vec![]\n}\n\nfn after() {}\n";
        assert_eq!(
            with_todo_body(text, 1, "wait_n").unwrap(),
            "/// Docs.\npub async fn wait_n(\n    n: usize,\n    max_delay: u32,\n) -> Vec<f64> {\n    todo!(\"task 1: write wait_n (called with n = {n}, max_delay = {max_delay})\")\n}\n\nfn after() {}\n"
        );
        assert!(with_todo_body(text, 4, "task_wait_n").is_err());
    }

    #[test]
    fn no_reference_solution_reaches_the_starters_task_crates() {
        for task in TASKS {
            let file = Path::new(task.crate_name).join("src/lib.rs");
            let text = embedded::text(&file.to_string_lossy()).unwrap();
            let starter = starter_text(&file, text).unwrap();
            assert!(
                starter.contains(&format!(
                    "todo!(\"task {}: write {}",
                    task.number, task.function
                )),
                "{starter}"
            );
            for solution in [
                "region",
                "tokio::spawn(",
                "sleep(",
                "FuturesUnordered::",
                "in_completion_order(",
                "#[cfg(test)]",
            ] {
                let in_code = starter
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .any(|line| line.contains(solution));
                assert!(
                    !in_code,
                    "{}: {solution:?} is left in the code:\n{starter}",
                    file.display()
                );
            }
        }
    }
}
