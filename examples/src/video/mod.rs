//! A video pipeline: the model for races, cancellation and retries.
//!
//! # The application
//!
//! A [`Video`] goes through the [`VideoPipeline`] workflow: [`Probe`] reads its metadata,
//! [`Transcode`] makes a rendition (about three seconds of work, kept alive by the worker's
//! automatic heartbeats), and [`Publish`] uploads it to a CDN that refuses the first two uploads,
//! retried with backoff ([`publish_retry`]). An [`ABORT`] signal that arrives before the transcode
//! is over cancels the transcode, waits for it to stop, and fails the workflow with the abort's
//! reason.
//!
//! | task list | polled by | runs |
//! | --- | --- | --- |
//! | [`ACTIVITIES`] | `video-worker` | [`Probe`], [`Transcode`], [`Publish`] |
//! | [`DECISIONS`] | `video-decider` | [`VideoPipeline`] |
//!
//! `video-starter` starts, aborts and awaits pipelines; `video-demo` runs all of it in one
//! process, on `swf-local` unless the environment names an SWF.
//!
//! # What it shows
//!
//! - **A race decided by the history.** `ctx.first_of([Contender::signal(ABORT),
//!   transcode.closed()])` answers "which came first" from event ids, the same way on every
//!   decision task and every replay ([`workflow`](VideoPipeline) has the code).
//! - **Cancellation, both ends.** The workflow cancels through the activity's handle
//!   (`transcode.cancel(ctx)`); the activity waits on its context's cancellation beside its work
//!   and stops at once, reporting how far it got ([`TranscodeProgress`]).
//! - **Heartbeats that follow the task.** `transcode` is scheduled with a 2 s heartbeat timeout
//!   while its type is registered with a minute; the worker heartbeats within the 2 s on its own.
//! - **Retries as history.** Each attempt of `publish` is its own activity (`publish`,
//!   `publish#2`, …) and each backoff a timer, so the history shows every try and every wait.
//! - **Typed activities.** The workflow schedules by declaration
//!   (`ActivityOptions::of::<Transcode>()`): what each step sends and gets back is checked by the
//!   compiler.

mod args;
mod model;
mod probe;
mod publish;
mod transcode;
mod workflow;

use swf_decider::{DeciderBuilder, JsonCodec};
use swf_worker::WorkerBuilder;

pub use args::VideoArgs;
pub use model::{
    Abort, Metadata, Publication, PublishRequest, Published, Rendition, TranscodeProgress,
    TranscodeRequest, Video,
};
pub use probe::{Probe, UNSUPPORTED_CONTAINER};
pub use publish::{CDN_UNAVAILABLE, Publish};
pub use transcode::{
    TRANSCODE_HEARTBEAT_TIMEOUT, TRANSCODE_REGISTERED_HEARTBEAT_TIMEOUT, Transcode,
};
pub use workflow::{ABORT, ABORTED, RENDITION_HEIGHT, VideoPipeline, publish_retry};

/// The SWF domain the binaries use unless told otherwise (`--domain`, `SWF_DOMAIN`).
pub const DOMAIN: &str = "video";
/// The task list of the activities.
pub const ACTIVITIES: &str = "video-activities";
/// The task list of the workflow's decision tasks.
pub const DECISIONS: &str = "video-decisions";

/// Adds the activities of the [`ACTIVITIES`] task list to a worker.
pub fn activities(worker: &mut WorkerBuilder) -> &mut WorkerBuilder {
    worker.activity(Probe).activity(Transcode).activity(Publish)
}

/// Adds the workflow to a decider.
pub fn workflows(decider: &mut DeciderBuilder<JsonCodec>) -> &mut DeciderBuilder<JsonCodec> {
    decider.workflow(VideoPipeline)
}
