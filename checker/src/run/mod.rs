//! Running code the checker did not write: building it, and running each check apart.
//!
//! - [`build`]: builds the tasks, their test programs and the harness, task by task.
//! - [`hints`]: what a compile error most likely means, in a learner's terms.
//! - [`isolation`]: a check in a child process, its output and how it ended.

pub mod build;
pub mod hints;
pub mod isolation;
