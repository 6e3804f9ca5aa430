//! For the learner: a workspace of their own, and grading again on every save.
//!
//! - [`starter`]: `checker new DIR`, a workspace to solve the tasks in.
//! - [`watch`]: `--watch`, grading again on every save.

pub mod starter;
pub mod watch;
