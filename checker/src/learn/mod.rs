//! For the learner: a workspace of their own, and grading again on every save.
//!
//! - [`starter`]: `checker new DIR`, a workspace to solve the tasks in.
//! - [`watch`]: `--watch`, grading again on every save.
//! - [`timeline`]: `checker timeline CRATE`, a program's waits drawn after it runs.

pub mod hints;
pub mod reset;
pub mod starter;
pub mod timeline;
pub mod watch;
