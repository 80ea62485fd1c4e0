//! What each fuzz target checks, one module per target: `fuzz_targets/` hands them libFuzzer's
//! inputs. `run` (beside this crate) passes `regressions/<target>/` as a seed directory too, so
//! that every crash the fuzzer found, once fixed, is run again first on every fuzz run.
//!
//! The rule all three check: no input panics. Each adds the invariants its code promises.

pub mod decider_replay;
pub mod history_decode;
pub mod local_requests;
