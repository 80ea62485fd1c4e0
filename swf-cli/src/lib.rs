//! The parts of the `swf` command line that other programs can use.
//!
//! - [`timeline`]: an execution's history as the readable timeline `swf history show` prints:
//!   [`timeline::of_execution`] fetches it and renders it in one call, and
//!   [`timeline::render_history`] turns events a program already has into text.
//! - [`history`]: an execution's whole history, every page, as `swf history get` saves it.
//! - [`duration`]: lengths of time as people write and read them (`90s`, `1h30m`, `0.045s`).
//!
//! ```no_run
//! # async fn example(client: swf_core::Client) -> Result<(), swf_core::Error> {
//! use swf_core::types::WorkflowExecution;
//!
//! let execution = WorkflowExecution { workflow_id: "order-1".into(), run_id: "22Ab...".into() };
//! println!("{}", swf_cli::timeline::of_execution(&client, "shop", &execution).await?);
//! # Ok(()) }
//! ```
//!
//! # Depending on the library alone
//!
//! The default features build the `swf` binary (`cli`: clap, tokio's runtime, a log subscriber)
//! and `swf local` (`local`: the whole `swf-local` service). A program that only prints
//! timelines turns them off, and the library builds on `swf-core`, `serde` and `serde_json`
//! alone:
//!
//! ```toml
//! swf-cli = { git = "https://github.com/swf-rs/swf-rs", default-features = false }
//! ```

#![forbid(unsafe_code)]

pub mod duration;
pub mod history;
pub mod timeline;
