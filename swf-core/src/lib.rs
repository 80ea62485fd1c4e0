//! A complete, typed client for Amazon Simple Workflow Service (SWF).
//!
//! Every one of the 39 operations of the SWF API 2012-01-25 is an async method on [`Client`],
//! named after the operation in snake_case, taking the model's input structure and returning its
//! output structure (see [`types`]). The types are generated from the service model checked in
//! under `model/`, and a test fails if anything the model defines is missing or spelled
//! differently on the wire.
//!
//! ```no_run
//! use swf_core::Client;
//! use swf_core::types::{DescribeDomainInput, RegisterDomainInput};
//!
//! # async fn run() -> Result<(), swf_core::Error> {
//! // Region, endpoint and credentials the AWS way (environment, profiles, SSO, web identity,
//! // container and instance credentials). `Client::builder()` overrides any of them.
//! let client = Client::from_env().await?;
//! match client
//!     .register_domain(RegisterDomainInput {
//!         name: "shop".into(),
//!         workflow_execution_retention_period_in_days: "7".into(),
//!         ..Default::default()
//!     })
//!     .await
//! {
//!     Ok(()) => {}
//!     Err(e) if e.is_domain_already_exists() => {}
//!     Err(e) => return Err(e),
//! }
//! let domain = client.describe_domain(DescribeDomainInput { name: "shop".into() }).await?;
//! println!("{:?}", domain.domain_info.status);
//! # Ok(()) }
//! ```
//!
//! What the client does for every call:
//! - **Validation** against the model's bounds before sending: a request that breaks one fails
//!   with [`ErrorKind::InvalidInput`], naming the field by its wire path, and nothing is sent.
//! - **Signing** with SigV4 (service `swf`), session tokens included.
//! - **Timeouts**: a connect timeout, a short read timeout for ordinary calls, and at least 70 s
//!   for `PollForActivityTask` and `PollForDecisionTask`, which the service holds open up to 60 s.
//! - **Retries** with exponential backoff and full jitter on throttling, 5xx and connection
//!   failures ([`RetryConfig`]). Each operation's docs say what a retry can cause; a retried
//!   `StartWorkflowExecution` that meets the execution its own lost attempt started returns that
//!   run, and other errors report [`Error::after_ambiguous_attempt`].
//! - **Errors** as one type, [`Error`], with a variant per modeled fault ([`ErrorKind`]), each
//!   carrying the service message and request id.
//! - **Tracing**: a span per call with the operation, attempt, latency and request id. Secrets
//!   never appear in `Debug` output or logs.
//!
//! Paginated operations also come as streams that follow `nextPageToken` to the end:
//! `list_domains_pages` (pages) and `list_domains_stream` (items), and so on for every paginator
//! of the model. [`Client::poll_for_whole_decision_task`] returns a decision task with every page
//! of its history, and [`Client::get_whole_workflow_execution_history`] an execution's history,
//! every page; both stop at the most pages 25,000 events can fill
//! ([`ErrorKind::EndlessHistory`]).
//! [`timeline`] folds a history into what happened in it (activities, timers, signals,
//! children), with durations and outcomes, for programs that show executions to people.
//!
//! # Features
//! - `aws-config` (default): the standard AWS credential and region chain from `aws-config`.
//!   Without it, give credentials to the builder or through `AWS_ACCESS_KEY_ID` and friends.
//! - `clap`: [`args::TaskListArgs`], the command-line arguments shared by worker and decider
//!   binaries.

#![forbid(unsafe_code)]

// `types` first: it defines the `wire_enum!` macro the generated code uses.
#[macro_use]
pub mod types;
mod generated;

mod activity_declaration;
#[cfg(feature = "clap")]
pub mod args;
pub mod backoff;
mod client;
pub mod codec;
mod config;
mod credentials;
mod error;
pub mod identity;
pub mod limits;
pub mod names;
mod paginate;
mod reconcile;
mod retry;
#[cfg(feature = "runtime")]
pub mod runtime;
pub mod sign;
pub mod text;
pub mod timeline;
mod timeout;
pub mod validate;
mod whole_history;

#[cfg(test)]
mod completeness;

pub use activity_declaration::ActivityDeclaration;
pub use client::{Client, CloseWait, ClosedRun, Closing};
pub use config::{ClientBuilder, Config};
pub use error::{Error, ErrorKind, ServiceError};
pub use generated::operations::Operation;
pub use retry::RetryConfig;
pub use timeout::{ParseTimeoutError, Timeout};
pub use whole_history::{WholeDecisionTask, WholeHistory};

/// The HTTP status of [`Error::status`] and [`ServiceError::status`], re-exported from `http` so
/// that callers can compare with `StatusCode::BAD_REQUEST` without depending on it.
pub use http::StatusCode;
/// The HTTP client crate: [`ClientBuilder::http_client`] takes a `reqwest::Client`, and building
/// it from this re-export gives it the version this crate uses.
///
/// ```no_run
/// # async fn example() -> Result<(), Box<dyn std::error::Error>> {
/// let http = swf_core::reqwest::Client::builder().pool_max_idle_per_host(4).build()?;
/// let client = swf_core::Client::builder().http_client(http).build().await?;
/// # Ok(()) }
/// ```
pub use reqwest;

/// The README's Rust examples, compiled as doc tests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
