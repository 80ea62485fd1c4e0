//! Test support shared by every crate's tests.
//!
//! - [`skip`]: a test that cannot run here (no `moto_server`, no Python) says so where
//!   `cargo test` shows it, and is counted in a summary line; when the requirement's variable is
//!   set (as `.ci/run` sets them all) the same skip fails the test instead.
//! - [`process`]: child processes with a deadline, killed when the test ends or fails.
//! - [`child_test`]: a test that runs this test binary again as a child process running one of
//!   its ignored tests ([`child_test!`] names it), the child told whether its parent started it.
//! - [`lines`]: a child's output line by line, each wait for a line with a deadline.
//! - `local` (feature `local`): `swf-local` in this process on a runtime of its own, for
//!   synchronous tests.
//! - `harness` (feature `local`): `swf-local` in this process for async tests, a domain's
//!   registrations, polls, answers and histories, and a hang guard.
//! - [`moto`]: `moto_server` on a free loopback port.
//! - [`aws_cli`]: the AWS CLI against a local endpoint, with nothing read from the machine's AWS
//!   setup.
//! - `proxy` (feature `proxy`): a loopback proxy that injects faults into SWF calls and counts
//!   them.
//! - `browser` (feature `browser`): headless Chromium driven over WebDriver, for tests that
//!   check what a page shows.
//! - [`json_diff`]: the path of the first difference between two JSON documents, and both values.
//!
//! Each crate's own test support is a thin layer over this crate, in a module named `common`:
//! `tests/common/mod.rs` where each test file is a binary of its own, `tests/<binary>/common.rs`
//! where the tests are modules of one binary (swf-local's `suite`).
//!
//! By default it depends on no crate of the workspace, so any crate, `swf-core` included, can use
//! it as a dev-dependency without a cycle; only the feature `local` brings in `swf-local` and
//! `swf-core`.

pub mod aws_cli;
#[cfg(feature = "browser")]
pub mod browser;
pub mod child_test;
#[cfg(feature = "local")]
pub mod harness;
pub mod json_diff;
pub mod lines;
#[cfg(feature = "local")]
pub mod local;
pub mod moto;
pub mod process;
#[cfg(feature = "proxy")]
pub mod proxy;
pub mod skip;

pub use aws_cli::AwsCli;
pub use child_test::ChildTest;
pub use json_diff::{JsonDifference, first_difference};
pub use lines::Lines;
pub use moto::Moto;
pub use process::{ChildProcess, run_with_deadline};
pub use skip::Requirement;
