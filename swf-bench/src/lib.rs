//! Benchmarks of swf-rs side by side with the alternatives, on one swf-local per run.
//!
//! Each workload is a function that takes a [`rig::Rig`] (swf-local in this process on a runtime
//! of its own, and the clients of every peer pointed at it) and a [`size::Size`], and returns a
//! [`report::Table`] of absolute figures and ratios measured in the same run. The binary
//! (`src/main.rs`) runs them and writes `BENCHMARKS.md`; `tests/workloads.rs` runs each at a tiny
//! size so the code keeps working. No timing is asserted anywhere: benchmarks are not tests.

// The backlog of activity tasks the worker and heartbeat workloads schedule before their worker
// starts: swf-worker's own bench setup, included by path.
#[path = "../../swf-worker/benches/backlog/mod.rs"]
mod backlog;
pub mod boto3;
pub mod cache;
pub mod calls;
pub mod cpu;
pub mod drive;
pub mod heartbeat;
pub mod history;
pub mod local_process;
pub mod replay;
pub mod report;
pub mod rig;
pub mod service;
pub mod size;
pub mod sticky;
mod wait;
pub mod worker;

/// Any failure of a workload, with a message that says what was being done.
pub type Error = Box<dyn std::error::Error + Send + Sync>;

/// Which peers outside this process a run includes (the Rust peers always run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Peers {
    /// boto3 through `python3` (see [`boto3::available`]).
    pub boto3: bool,
}
