//! Complete programs on swf-rs, to read and to run.
//!
//! - The `quickstart` binary (`cargo run -p examples --bin quickstart`): the smallest complete
//!   program. It registers a workflow and an activity, runs a worker and a decider, starts the
//!   workflow, prints its result and the timeline of its history, and shuts down; against
//!   `swf-local` in the same process unless the environment names an SWF endpoint or region.
//! - [`order`]: an order-processing application written the way we recommend real applications
//!   be written: activities and workflows in a library, one thin worker binary per task list
//!   (`order-worker-orders`, `order-worker-shipping`), a decider binary (`order-decider`) and a
//!   starter (`order-starter`).
//!
//! The rest is what both need: [`Endpoint`] (which service to talk to), [`timeline`] (an
//! execution's history as text), [`register_activity_types`] and [`init_tracing`].

#![forbid(unsafe_code)]

use std::io::IsTerminal;

mod endpoint;
pub mod order;
mod registration;
mod timeline;

pub use endpoint::Endpoint;
pub use registration::register_activity_types;
pub use timeline::{execution, history, timeline};

/// Any error, for `main` functions and helpers that only report errors.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Logs to stderr at the `default` level (`"warn"`, `"info"`, ...) unless `RUST_LOG` says
/// otherwise (`RUST_LOG=swf_core=debug` shows every call to SWF).
pub fn init_tracing(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
}
