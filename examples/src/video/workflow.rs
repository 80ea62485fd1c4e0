//! The `video-pipeline` workflow; [`VideoPipeline`] says what it does and why.

use std::time::Duration;

use swf_decider::state::ActivityStatus;
use swf_decider::{
    ActivityDeclaration, ActivityOptions, Contender, Exit, Registration, RetryPolicy, Workflow,
    WorkflowContext, WorkflowResult,
};

use super::model::{Abort, PublishRequest, Published, TranscodeRequest, Video};
use super::probe::Probe;
use super::publish::Publish;
use super::transcode::{TRANSCODE_HEARTBEAT_TIMEOUT, Transcode};

/// The signal that aborts the pipeline; its input is an [`Abort`].
pub const ABORT: &str = "abort";
/// The start of the reason the pipeline fails with when aborted: `aborted: <the abort's reason>`.
pub const ABORTED: &str = "aborted";
/// The height of the renditions the pipeline makes (or the upload's own, if smaller).
pub const RENDITION_HEIGHT: u32 = 720;

// Activity ids: one per step, named after the activity type.
const PROBE: &str = Probe::NAME;
const TRANSCODE: &str = Transcode::NAME;
const PUBLISH: &str = Publish::NAME;

/// The retry policy of `publish`: four attempts, 1 s then 2 s then 4 s apart. Every failure is
/// worth another attempt: the CDN comes back.
pub fn publish_retry() -> RetryPolicy {
    RetryPolicy::new(4)
        .initial_interval(Duration::from_secs(1))
        .backoff_coefficient(2.0)
}

/// How to schedule activity `A` on the pipeline's task list, with the timeouts its worker
/// registered.
fn on_activities<A: ActivityDeclaration>() -> ActivityOptions<A> {
    ActivityOptions::of::<A>().task_list(super::ACTIVITIES)
}

/// Puts one [`Video`] through probe, transcode and publish; an `abort` signal that arrives before
/// the transcode is over cancels it and fails the workflow.
///
/// ```text
/// probe ─▶ transcode (heartbeat timeout 2 s) ─▶ publish (retried: 1 s, then 2 s apart) ─▶ published
///              ╎
///   `abort` first: cancel the transcode, wait for it to stop ─▶ failed "aborted: <reason>"
/// ```
///
/// # The race
///
/// "Did `abort` come before the transcode ended?" is asked again on every decision task, and must
/// get the same answer every time, also after the transcode ends. [`WorkflowContext::first_of`]
/// answers it from the history's event ids, which never change: once `abort` is first, it stays
/// first; once the transcode closed first, a later `abort` changes nothing. The transcode's handle
/// cancels whichever attempt runs (`handle.cancel(ctx)`), and the workflow fails once the
/// transcode has stopped, so the history shows how far it got.
///
/// An `abort` that arrives while probing wins too: the transcode is asked for and canceled in the
/// same run, so it is never scheduled. One that arrives after the transcode is over is too late:
/// the video is published.
#[derive(Debug, Clone, Copy, Default)]
pub struct VideoPipeline;

impl Workflow for VideoPipeline {
    const NAME: &'static str = "video-pipeline";
    const VERSION: &'static str = "1";
    type Input = Video;
    type Output = Published;

    fn run(&self, ctx: &mut WorkflowContext<'_>, video: Video) -> WorkflowResult<Published> {
        let metadata = ctx
            .activity(PROBE, &on_activities::<Probe>(), &video.source)
            .result()?;

        let request = TranscodeRequest {
            video_id: video.id.clone(),
            source: video.source.clone(),
            height: metadata.height.min(RENDITION_HEIGHT),
            millis: video.transcode_millis,
        };
        // Stricter than the type's registered heartbeat timeout: the worker follows this one.
        let options = on_activities::<Transcode>().heartbeat_timeout(TRANSCODE_HEARTBEAT_TIMEOUT);
        let mut transcode = ctx.activity(TRANSCODE, &options, &request);
        let first = ctx.first_of([Contender::signal(ABORT), transcode.closed()])?;
        if first.index == 0 {
            transcode.cancel(ctx);
            // Fail once it has stopped, so that the history shows how far it got.
            let stopped = transcode.closed_state()?;
            let progress = stopped
                .filter(|t| matches!(t.status, ActivityStatus::Canceled { .. }))
                .and_then(|t| t.status.details());
            return Err(aborted(ctx, progress));
        }
        let rendition = transcode.result()?;

        let publish = on_activities::<Publish>().retry(publish_retry());
        let request = PublishRequest {
            video_id: video.id.clone(),
            rendition,
            outages: video.publish_outages,
        };
        let publication = ctx.activity(PUBLISH, &publish, &request).result()?;
        Ok(Published {
            video_id: video.id,
            metadata,
            url: publication.url,
        })
    }

    fn registration() -> Registration {
        Registration::new()
            .execution_start_to_close_timeout(Duration::from_secs(3600))
            .task_start_to_close_timeout(Duration::from_secs(5))
            .description("Probes, transcodes and publishes a video; `abort` stops it.")
    }
}

/// The failure of an aborted pipeline: `aborted: <the abort's reason>`, with the canceled
/// transcode's progress as details when it got that far.
fn aborted(ctx: &WorkflowContext<'_>, progress: Option<&str>) -> Exit {
    // An abort without a readable input still aborts.
    let abort: Abort = ctx
        .signal(ABORT)
        .and_then(|s| ctx.decode(s.input.as_deref(), "the abort signal").ok())
        .unwrap_or_default();
    let reason = match abort.reason.as_str() {
        "" => ABORTED.to_owned(),
        why => format!("{ABORTED}: {why}"),
    };
    Exit::fail(reason, progress.map(str::to_owned))
}
