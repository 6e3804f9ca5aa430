//! The guide's first program (section 2): print, sleep a second without blocking, print again.
//!
//! ```python
//! import asyncio
//!
//! async def say_hello():
//!     print("first")
//!     await asyncio.sleep(1)
//!     print("second")
//!
//! asyncio.run(say_hello())
//! ```
//!
//! Run it with `cargo run -p basic_async_syntax --example say_hello`: `first`, and a second
//! later `second`.
//!
//! What differs in Rust:
//!
//! - `asyncio.run(say_hello())` becomes `#[tokio::main]` on an `async fn main`: Rust has no
//!   event loop of its own, and the attribute builds tokio's runtime and runs `main` on it.
//! - `asyncio.sleep(1)` is `sleep(Duration::from_secs(1))`: a duration, not a number of seconds.
//! - `say_hello` prints through the `print` it is given instead of to stdout. `main` gives it
//!   `println!`; the test (`tests/guide_examples.rs`) gives it a recorder, and checks on tokio's
//!   paused clock that `second` comes exactly one second after `first`. All the guide's
//!   examples are written this way.

use std::time::Duration;

use tokio::time::sleep;

/// Prints `first`, waits a second while the runtime is free to run other work, prints `second`.
pub async fn say_hello(print: impl Fn(&str)) {
    print("first");
    sleep(Duration::from_secs(1)).await;
    print("second");
}

#[tokio::main]
async fn main() {
    say_hello(|line| println!("{line}")).await;
}
