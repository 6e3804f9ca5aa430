//! Each task's hint ladder, `<crate>/hints.md` beside its lesson: the format the watch mode
//! reads (a title, then two or three numbered steps, each possibly over several indented
//! lines), and the rule that a hint gives the idea, never the code: no code block, and none
//! of the calls that make up a task's body.

use std::path::Path;

use checker::harness::checks::TASKS;

/// The steps of a ladder written as `hints.md` is, each joined into one line, or why the
/// text is not in that format.
fn steps(text: &str, title: &str) -> Result<Vec<String>, String> {
    let mut lines = text.lines();
    if lines.next() != Some(title) {
        return Err(format!("the first line is not `{title}`"));
    }
    let mut steps: Vec<String> = Vec::new();
    let mut after_blank = true;
    for line in lines {
        if line.is_empty() {
            after_blank = true;
            continue;
        }
        let number = format!("{}. ", steps.len() + 1);
        if let Some(first) = line.strip_prefix(&number) {
            if !after_blank {
                return Err(format!("step {number}does not follow a blank line"));
            }
            steps.push(first.trim().to_owned());
        } else if let Some(more) = line.strip_prefix("   ") {
            let step = steps
                .last_mut()
                .ok_or_else(|| format!("an indented line before the first step: {line}"))?;
            if after_blank {
                return Err(format!("a blank line inside a step: {line}"));
            }
            step.push(' ');
            step.push_str(more.trim());
        } else {
            return Err(format!("neither step {number}nor its continuation: {line}"));
        }
        after_blank = false;
    }
    Ok(steps)
}

#[test]
fn the_format_is_read_as_the_watch_mode_reads_it() {
    let title = "# Hints: task 0, wait_random";
    let text = format!(
        "{title}\n\n1. First step text, possibly over\n   several lines.\n\n2. Second step.\n\n3. Third step.\n"
    );
    assert_eq!(
        steps(&text, title).unwrap(),
        [
            "First step text, possibly over several lines.",
            "Second step.",
            "Third step."
        ]
    );
    // What the format rules out is refused, so that the ladders' test below means something.
    for wrong in [
        format!("{title}\n\n2. Out of order.\n"),
        format!("{title}\n\n1. A step\nnot indented.\n"),
        format!("{title}\n\n1. A step\n\n   a paragraph after a blank line.\n"),
        "# Hints: task 1, wait_n\n\n1. The wrong title.\n".to_owned(),
    ] {
        assert!(steps(&wrong, title).is_err(), "{wrong}");
    }
}

/// What only code that solves a task has: a block of code, or a call of what its body calls.
const CODE: [&str; 12] = [
    "```",
    "tokio::spawn(",
    "spawn(",
    "sleep(",
    "random_range(",
    "block_on(",
    "run(",
    "Instant::now(",
    "elapsed(",
    "::new(",
    ".push(",
    ".await;",
];

#[test]
fn every_task_has_a_ladder_of_two_or_three_steps_and_no_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    for task in TASKS {
        let path = root.join(task.crate_name).join("hints.md");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        let title = format!("# Hints: task {}, {}", task.number, task.function);
        let steps =
            steps(&text, &title).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        assert!(
            (2..=3).contains(&steps.len()),
            "{}: {} steps",
            path.display(),
            steps.len()
        );
        for step in &steps {
            assert!(
                step.len() > 40,
                "{}: a step says little: {step}",
                path.display()
            );
            // Inline code (between backticks) names an API or a type, never a statement.
            let inline = step.split('`').skip(1).step_by(2);
            for quoted in inline {
                assert!(
                    !["let ", "=", ";", "{"]
                        .iter()
                        .any(|code| quoted.contains(code)),
                    "{}: `{quoted}` is a statement, where a hint gives the idea: {step}",
                    path.display()
                );
            }
            for code in CODE {
                assert!(
                    !step.contains(code),
                    "{}: `{code}` is code, where a hint gives the idea: {step}",
                    path.display()
                );
            }
        }
    }
}
