//! The guide's section 5, the random module: a float, an integer, a choice, a uniform float.
//!
//! ```python
//! import random
//!
//! # Generating a random float between 0 and 1
//! random_float = random.random()
//! print(f"Random float: {random_float}")
//!
//! # Generating a random integer between 1 and 10
//! random_int = random.randint(1, 10)
//! print(f"Random integer: {random_int}")
//!
//! # Choosing a random element from a list
//! choices = ['apple', 'banana', 'cherry']
//! random_choice = random.choice(choices)
//! print(f"Random choice: {random_choice}")
//!
//! # A float drawn uniformly between 0 and 10, both ends possible: task 0's delay
//! random_delay = random.uniform(0, 10)
//! print(f"Random delay: {random_delay}")
//! ```
//!
//! (The guide links `random.uniform` without showing it; the last two lines add it.)
//!
//! Run it with `cargo run -p basic_async_syntax --example random_module`: four lines, fresh
//! values every run.
//!
//! What differs in Rust, with the `rand` crate:
//!
//! - Python's `random` functions share one hidden global generator; in Rust the generator is
//!   a value passed in (`rand::rng()`, seeded by the OS), and a test passes a seeded one.
//!   [`basic_async_syntax::seed`] explains why `wait_random` scopes its seed.
//! - `random.random()` is `rng.random::<f64>()`, in `[0, 1)`, 1 excluded as in Python.
//! - `random.randint(1, 10)` includes 10: in Rust that is the inclusive range `1..=10`;
//!   `1..10` would stop at 9.
//! - `random.choice` raises `IndexError` on an empty list; `choose` returns an `Option`.
//! - `random.uniform(0, 10)` is `rng.random_range(0.0..=10.0)`, as in `wait_random`.
//! - The methods come from traits that must be imported: `RngExt` for `random` and
//!   `random_range`, `IndexedRandom` for `choose`.

use rand::seq::IndexedRandom;
use rand::{Rng, RngExt};

/// The list the guide chooses from.
pub const CHOICES: [&str; 3] = ["apple", "banana", "cherry"];

/// Draws the four values from `rng` and prints each on its line, as the Python program does.
pub fn random_module(rng: &mut impl Rng, print: impl Fn(&str)) {
    // `{:?}` prints a float as Python does: `5.0`, where `{}` would print `5`.
    let random_float: f64 = rng.random();
    print(&format!("Random float: {random_float:?}"));

    let random_int: u32 = rng.random_range(1..=10);
    print(&format!("Random integer: {random_int}"));

    let random_choice = CHOICES.choose(rng).expect("CHOICES is not empty");
    print(&format!("Random choice: {random_choice}"));

    let random_delay: f64 = rng.random_range(0.0..=10.0);
    print(&format!("Random delay: {random_delay:?}"));
}

fn main() {
    random_module(&mut rand::rng(), |line| println!("{line}"));
}
