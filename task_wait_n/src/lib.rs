//! Task 4 of the curriculum: [`wait_n`](../concurrent_coroutines/fn.wait_n.html) with every delay run
//! as a background task.
//!
//! The Python original, `4-tasks.py`: the code of `wait_n`, calling `task_wait_random`.
//!
//! ```python
//! import asyncio
//! from typing import List
//!
//! task_wait_random = __import__('3-tasks').task_wait_random
//!
//!
//! async def task_wait_n(n: int, max_delay: int) -> List[float]:
//!     """Runs task_wait_random n times; returns the delays in the order they end."""
//!     delays = []
//!     for finished in asyncio.as_completed([task_wait_random(max_delay) for _ in range(n)]):
//!         delays.append(await finished)
//!     return delays
//! ```
//!
//! The Rust port is [`task_wait_n`]: `async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64>`.
//!
//! # Coroutines versus tasks
//!
//! [`wait_n`](../concurrent_coroutines/fn.wait_n.html) polls `n` futures inside the caller's task;
//! `task_wait_n` spawns `n` tasks with [`tasks::task_wait_random`] and awaits their handles.
//! The result is the same — `n` delays, ascending because they are listed as they finish —
//! but the tasks are scheduled independently: on the
//! multi-thread runtime they run on every worker thread. All `n` are spawned on
//! `task_wait_n`'s first poll, before any result is awaited, and each then runs whether or not
//! `task_wait_n` is polled again.
//!
//! # From Python to Rust: who stops the tasks?
//!
//! When a Python caller cancels `task_wait_n`, the tasks it created keep running until the
//! loop closes. In tokio a dropped [`JoinHandle`] *detaches* its task (see [`tasks`]),
//! which then runs on unobserved. So `task_wait_n` aborts the tasks it started when it is
//! dropped: if the caller gives up (a timeout, a cancelled caller), none outlives it.
//! <!-- region: solution -->
//! It holds each handle in a guard that aborts the task when dropped.
//! <!-- endregion -->
//!
//! A task that panics makes `task_wait_n` panic with that same panic, as an exception inside
//! a Python task propagates to whoever awaits it; the other tasks are aborted on the way out.
//!
//! # Your waits on a timeline
//!
//! `cargo run -p checker -- timeline task_wait_n` runs `4-main` with every wait recorded (see
//! `basic_async_syntax`'s lesson): five tasks, all waiting at once, each ending at its delay.
//!
//! ```text
//! $ cargo run -p checker -- timeline task_wait_n --paused --seed 1
//! your waits: task_wait_n (test program) (paused clock)
//! 5 waits, all 5 at once, 5.28 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1  0.89 s |██████████                                              |
//! #2  3.46 s |█████████████████████████████████████                   |
//! #3  0.57 s |███████                                                 |
//! #4  4.77 s |███████████████████████████████████████████████████     |
//! #5  5.28 s |████████████████████████████████████████████████████████|
//!            └─────────────────────┴────────────────────┴─────────────┘
//!            0 s                  2 s                  4 s       5.28 s
//!            (each column 94.25 ms)
//! ```
//!
//! The typical mistakes, with the same draws. Awaiting each task as soon as it is spawned
//! (`examples/awaits_each_task.rs`) runs the waits one after another:
//!
//! ```text
//! $ cargo run -p checker -- timeline task_wait_n --example awaits_each_task --paused --seed 1
//! your waits: awaits_each_task (example) (paused clock)
//! 5 waits, one at a time, 14.96 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1  0.89 s |████                                                    |
//! #2  3.46 s |   ██████████████                                       |
//! #3  0.57 s |                ███                                     |
//! #4  4.77 s |                  ███████████████████                   |
//! #5  5.28 s |                                    ████████████████████|
//!            └──────────────────┴──────────────────┴──────────────────┘
//!            0 s               5 s               10 s           14.96 s
//!            (each column 267.18 ms)
//! ```
//!
//! Awaiting the handles in the order they were spawned (`examples/in_creation_order.rs`)
//! draws the course's timeline: the waits are concurrent, and only the list, printed above
//! the drawing, is out of order. The timeline cannot show this one; the checker's order check
//! does.
//!
//! ```text
//! $ cargo run -p checker -- timeline task_wait_n --example in_creation_order --paused --seed 1
//! your waits: in_creation_order (example) (paused clock)
//! 5 waits, all 5 at once, 5.28 s in all
//! sleeps at basic_async_syntax/src/lib.rs:206
//! #1  0.89 s |██████████                                              |
//! #2  3.46 s |█████████████████████████████████████                   |
//! #3  0.57 s |███████                                                 |
//! #4  4.77 s |███████████████████████████████████████████████████     |
//! #5  5.28 s |████████████████████████████████████████████████████████|
//!            └─────────────────────┴────────────────────┴─────────────┘
//!            0 s                  2 s                  4 s       5.28 s
//!            (each column 94.25 ms)
//! ```
//!
//! # What the checker grades
//!
//! The grade (`cargo run -p checker -- --task 4`): as `wait_n`'s, with every delay a task of
//! its own, and a task that panics makes `task_wait_n` panic (no hang, no missing delay).
//! Going further (optional, counted with `--strict`): exactly ascending at 10 000 delays, no
//! task outliving a dropped `task_wait_n`, the task's own panic re-raised as it was, the
//! same delays as `wait_n` under one seed, and `4-main` replaying under a seed.
//! The grade includes what the task imports: it passes once tasks 0 and 3 pass too.
//!
//! # Layout
//!
//! - [`task_wait_n`]: the task.
//! - `src/main.rs`: the course's `4-main.py`.
//!
//! [`JoinHandle`]: tokio::task::JoinHandle

// region: solution (left out of the starter: `cargo run -p checker -- new DIR`)
use std::panic;
use std::pin::Pin;
use std::task::{Context, Poll};

use concurrent_coroutines::in_completion_order;
use tasks::task_wait_random;
use tokio::task::JoinHandle;
// endregion

/// Spawns `n` [`tasks::task_wait_random`]`(max_delay)` tasks and returns their delays, ascending.
///
/// Like [`wait_n`](../concurrent_coroutines/fn.wait_n.html), each delay is listed as its task
/// finishes, so the list is ascending without being sorted.
///
/// # Examples
///
/// ```
/// use task_wait_n::task_wait_n;
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let delays = task_wait_n(5, 6).await;
/// assert_eq!(delays.len(), 5);
/// // Ascending as the course asks: to tokio's 1 ms tick, within which waits wake together.
/// assert!(delays.windows(2).all(|pair| pair[0] <= pair[1] + 0.001));
/// assert!(delays.iter().all(|delay| (0.0..=6.0).contains(delay)));
/// # }
/// ```
///
/// # Panics
///
/// - When called outside a tokio runtime, as [`tokio::spawn`].
/// - When one of the tasks panics: with that task's panic payload.
///
/// # Cancellation
///
/// Dropping the future aborts every task it spawned that has not finished.
pub async fn task_wait_n(n: usize, max_delay: u32) -> Vec<f64> {
    in_completion_order((0..n).map(|_| AbortOnDrop(task_wait_random(max_delay)))).await
}

// region: solution (left out of the starter: `cargo run -p checker -- new DIR`)
/// A task's handle that aborts the task when dropped, and re-raises its panic when awaited.
struct AbortOnDrop(JoinHandle<f64>);

impl Future for AbortOnDrop {
    type Output = f64;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<f64> {
        Pin::new(&mut self.0)
            .poll(context)
            .map(|joined| match joined {
                Ok(delay) => delay,
                Err(error) if error.is_panic() => panic::resume_unwind(error.into_panic()),
                Err(error) => panic!("task_wait_n: a delay task ended without a delay: {error}"),
            })
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::AbortOnDrop;
    use concurrent_coroutines::in_completion_order;
    use pretty_assertions::assert_eq;

    #[tokio::test(start_paused = true)]
    async fn a_panicking_task_panics_the_caller_with_its_payload_and_stops_the_rest() {
        let caller = tokio::spawn(async {
            let slow = AbortOnDrop(tokio::spawn(async {
                tokio::time::sleep(Duration::from_secs(60)).await;
                60.0
            }));
            let broken = AbortOnDrop(tokio::spawn(async { panic!("a delay task broke") }));
            in_completion_order([slow, broken]).await
        });
        let error = caller.await.expect_err("the caller should panic");
        let payload = error.into_panic();
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"a delay task broke"));
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        let alive = tokio::runtime::Handle::current()
            .metrics()
            .num_alive_tasks();
        assert_eq!(alive, 0, "the slow task outlived the panic");
    }
}
// endregion
