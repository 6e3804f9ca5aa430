//! The guide's examples of this crate, run on tokio's paused clock with their output recorded.
//!
//! Each example file is compiled into this test as a module, so the test calls the very
//! program that `cargo run --example` runs, with a recording `print` in place of stdout.

#[path = "support/transcript.rs"]
mod transcript;

#[expect(dead_code, reason = "the tests call the programs, not `main`")]
#[path = "../examples"]
mod examples {
    pub mod greet;
    pub mod random_module;
    pub mod run_main;
    pub mod say_hello;
}

use std::cell::RefCell;

use examples::{greet, random_module, run_main, say_hello};
use pretty_assertions::assert_eq;
use rand::SeedableRng;
use rand::rngs::StdRng;
use transcript::Transcript;

#[tokio::test(start_paused = true)]
async fn say_hello_prints_second_one_second_after_first() {
    let transcript = Transcript::start();
    say_hello::say_hello(transcript.printer()).await;
    assert_eq!(
        transcript.finish(),
        ["0ns: first", "1s: second", "1s: finished"]
    );
}

#[tokio::test(start_paused = true)]
async fn greet_prints_world_one_second_after_hello() {
    let transcript = Transcript::start();
    greet::greet(transcript.printer()).await;
    assert_eq!(
        transcript.finish(),
        ["0ns: Hello", "1s: World!", "1s: finished"]
    );
}

#[tokio::test(start_paused = true)]
async fn run_main_finishes_two_seconds_after_it_starts() {
    let transcript = Transcript::start();
    run_main::async_main(transcript.printer()).await;
    assert_eq!(
        transcript.finish(),
        [
            "0ns: Starting the program...",
            "2s: Finished after 2 seconds",
            "2s: finished",
        ]
    );
}

/// The value printed after `label` on `line`.
fn value_of<'line>(line: &'line str, label: &str) -> &'line str {
    line.strip_prefix(label)
        .and_then(|rest| rest.strip_prefix(": "))
        .unwrap_or_else(|| panic!("{line:?} should start with {label:?}"))
}

/// The lines that `random_module` prints when it draws from `rng`.
fn random_module_lines(rng: &mut StdRng) -> Vec<String> {
    let lines = RefCell::new(Vec::new());
    random_module::random_module(rng, |line| lines.borrow_mut().push(line.to_owned()));
    lines.into_inner()
}

#[test]
fn random_module_prints_four_values_within_their_bounds() {
    for seed in 0..200 {
        let lines = random_module_lines(&mut StdRng::seed_from_u64(seed));
        assert_eq!(lines.len(), 4, "{lines:?}");

        let float: f64 = value_of(&lines[0], "Random float").parse().unwrap();
        assert!((0.0..1.0).contains(&float), "{float}");
        let integer: u32 = value_of(&lines[1], "Random integer").parse().unwrap();
        assert!((1..=10).contains(&integer), "{integer}");
        let choice = value_of(&lines[2], "Random choice");
        assert!(random_module::CHOICES.contains(&choice), "{choice}");
        let delay = value_of(&lines[3], "Random delay");
        assert!(
            delay.contains('.'),
            "a float prints as Python prints it: {delay}"
        );
        assert!(
            (0.0..=10.0).contains(&delay.parse::<f64>().unwrap()),
            "{delay}"
        );
    }
}

#[test]
fn random_module_draws_every_integer_and_every_choice() {
    let mut rng = StdRng::seed_from_u64(1);
    let lines: Vec<String> = (0..500)
        .flat_map(|_| random_module_lines(&mut rng))
        .collect();
    for integer in 1..=10 {
        let line = format!("Random integer: {integer}");
        assert!(lines.contains(&line), "{line:?} never came");
    }
    for choice in random_module::CHOICES {
        let line = format!("Random choice: {choice}");
        assert!(lines.contains(&line), "{line:?} never came");
    }
}
