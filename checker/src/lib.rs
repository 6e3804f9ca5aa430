//! The checker: grades every task of the curriculum against its contract.
//!
//! (Being written: see the README.)

pub mod bench;
