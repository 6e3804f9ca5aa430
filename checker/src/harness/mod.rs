//! The checks and what they call: the trusted side's description of each check, and the
//! code that runs in the harness's child process.
//!
//! - [`check`]: a check, its verdict and the runner with its time limit.
//! - [`checks`]: every check of every task, in order.
//! - `subject` (with the `checks` feature): the functions under test, as values.

pub mod check;
pub mod checks;
#[cfg(feature = "checks")]
pub mod subject;
