//! Running code the checker did not write: building it, and running each check apart.
//!
//! - [`build`]: builds the tasks, their test programs and the harness, task by task.
//! - [`confine`]: what the code under test may use: memory, disk, processes, files, network
//!   and signals.
//! - [`hints`]: what a compile error most likely means, in a learner's terms.
//! - [`isolation`]: a check in a child process, its output and how it ended.

pub mod build;
pub mod confine;
pub mod hints;
pub mod isolation;
