//! The guide's `greet` (section 1, async and await): `Hello`, a non-blocking pause, `World!`.
//!
//! ```python
//! import asyncio
//!
//! async def greet():
//!     print("Hello")
//!     await asyncio.sleep(1)  # Simulates a non-blocking delay
//!     print("World!")
//!
//! # To run the coroutine
//! asyncio.run(greet())
//! ```
//!
//! Run it with `cargo run -p basic_async_syntax --example greet`: `Hello`, and a second later
//! `World!`.
//!
//! What differs in Rust:
//!
//! - `await` is written after the future, `sleep(…).await`, so that it chains with methods.
//! - Calling `greet(…)` runs none of its body, as calling `greet()` in Python only makes a
//!   coroutine object; but where Python warns about a coroutine never awaited, Rust drops the
//!   future silently and the compiler warns (`unused_must_use`) instead.
//! - `greet` prints through the `print` it is given, so the test can time its lines on tokio's
//!   paused clock (see the `say_hello` example).

use std::time::Duration;

use tokio::time::sleep;

/// Prints `Hello`, pauses a second without blocking the runtime, prints `World!`.
pub async fn greet(print: impl Fn(&str)) {
    print("Hello");
    sleep(Duration::from_secs(1)).await;
    print("World!");
}

#[tokio::main]
async fn main() {
    greet(|line| println!("{line}")).await;
}
