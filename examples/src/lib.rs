//! Complete programs on swf-rs, to read and to run. They use only the public API of the
//! toolkit's crates, so that each can be copied into an application of its own.
//!
//! - The `quickstart` binary (`cargo run -p examples --bin quickstart`): the smallest complete
//!   program. It registers a workflow and an activity, runs a worker and a decider, starts the
//!   workflow, prints its result and the timeline of its history, and shuts down; against
//!   `swf-local` in the same process unless the environment names an SWF endpoint or region
//!   ([`swf_local::Endpoint`]).
//! - [`order`]: an order-processing application written the way we recommend real applications
//!   be written: activities and workflows in a library, one thin worker binary per task list
//!   (`order-worker-orders`, `order-worker-shipping`), a decider binary (`order-decider`) and a
//!   starter (`order-starter`).
//! - [`video`]: a video pipeline, the model for races, cancellation and retries: an `abort`
//!   signal raced against a transcode (`first_of`), the transcode canceled through its handle
//!   and stopping at once, automatic heartbeats within the timeout the task was scheduled with,
//!   and a publish retried with backoff. A worker (`video-worker`), a decider (`video-decider`), a
//!   starter (`video-starter`), and `video-demo`, all of it in one process on `swf-local`.
//! - [`cli`]: what the binaries of both applications share: their command lines (with each
//!   application's domain and each binary's task list as defaults), their log, and how they end.
//!   An application copied out of here takes this module with it.

#![forbid(unsafe_code)]

pub mod cli;
pub mod order;
mod registration;
pub mod video;
