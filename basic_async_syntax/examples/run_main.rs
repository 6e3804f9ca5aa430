//! The guide's section 2, how to execute an async program: a `main` coroutine run by the loop.
//!
//! ```python
//! import asyncio
//!
//! async def main():
//!     print("Starting the program...")
//!     await asyncio.sleep(2)
//!     print("Finished after 2 seconds")
//!
//! # Execute the program
//! asyncio.run(main())
//! ```
//!
//! Run it with `cargo run -p basic_async_syntax --example run_main`: `Starting the program...`,
//! and two seconds later `Finished after 2 seconds`.
//!
//! What differs in Rust:
//!
//! - Rust's `fn main` cannot be `async`: it is the plain entry point, so Python's `main`
//!   coroutine is `async_main` here, and `main` runs it to completion on a runtime.
//! - `asyncio.run` is [`basic_async_syntax::run`], which builds a single-threaded runtime (the
//!   counterpart of asyncio's one event loop), `block_on`s the future and drops the runtime.
//!   The other examples write the same thing as `#[tokio::main]`, whose default runtime is
//!   the multi-thread flavor instead.
//! - `async_main` prints through the `print` it is given, so the test can time its lines on
//!   tokio's paused clock (see the `say_hello` example).

use std::time::Duration;

use tokio::time::sleep;

/// Python's `main` coroutine: announces the start, waits two seconds, announces the end.
pub async fn async_main(print: impl Fn(&str)) {
    print("Starting the program...");
    sleep(Duration::from_secs(2)).await;
    print("Finished after 2 seconds");
}

fn main() {
    basic_async_syntax::run(async_main(|line| println!("{line}")));
}
