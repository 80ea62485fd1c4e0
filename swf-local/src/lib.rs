//! An Amazon SWF-compatible local service: run, try and test SWF applications without an AWS
//! account.
//!
//! `swf-local` speaks SWF's own wire protocol (JSON 1.0 with `X-Amz-Target`), so boto3, the AWS
//! CLI, `aws-sdk-swf` and `swf-core` work against it unchanged once pointed at its endpoint. It
//! implements all 39 operations with SWF's faults, long polls, every timeout, timers, child
//! workflows, continue-as-new, cancellation and termination with child policies, history and
//! visibility paging, and optional durable storage in SQLite.
//!
//! Start it in-process for tests and examples:
//!
//! ```no_run
//! # async fn example() -> Result<(), swf_local::StartError> {
//! let server = swf_local::Server::builder()
//!     .poll_timeout(std::time::Duration::from_secs(1))
//!     .start()
//!     .await?;
//! let endpoint = server.endpoint_url(); // "http://127.0.0.1:<port>"
//! // ... point a client at `endpoint` ...
//! server.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! or run the `swf-local` binary: `swf-local --bind 127.0.0.1:8720 --db swf.sqlite`.
//!
//! See `ARCHITECTURE.md` for how the parts fit.

#![forbid(unsafe_code)]

mod engine;
mod error;
mod server;
mod store;

pub use error::StartError;
pub use server::{Builder, Server};
