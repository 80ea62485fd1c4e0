//! What each fuzz target checks, as plain functions: `fuzz_targets/` hands them libFuzzer's
//! inputs, and the replay test (`tests/seeds.rs`) runs them on stable Rust over the seed corpus
//! and its recorded findings, so that a fixed crash stays fixed.
//!
//! The rule all three check: no input panics. Each adds the invariants its code promises.

pub mod decider_replay;
pub mod history_decode;
pub mod local_requests;
