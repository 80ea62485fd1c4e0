//! `transcode`: the slow step. It shows the two things a long activity needs and how little code
//! they take here.
//!
//! - **Staying alive.** It never calls `heartbeat`: the worker heartbeats every task on its own,
//!   within the heartbeat timeout the task was *scheduled* with. The type is registered with a
//!   lenient [`TRANSCODE_REGISTERED_HEARTBEAT_TIMEOUT`] (a minute), and the pipeline schedules it
//!   with a strict [`TRANSCODE_HEARTBEAT_TIMEOUT`] (2 s), so that a worker that dies is noticed
//!   within two seconds and a cancellation reaches the task within 1.6. The worker reads that
//!   2 s from the task's `ActivityTaskScheduled` event and heartbeats at 0.8 of it.
//! - **Stopping when canceled.** SWF answers a heartbeat with `cancelRequested` once the workflow
//!   cancels the task; the worker fires the task's cancellation signal, and the activity, which
//!   waits on it beside its work, stops at once and reports how far it got.

use std::time::{Duration, Instant};

use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration, Timeout,
};

use super::model::{Rendition, TranscodeProgress, TranscodeRequest};

/// The heartbeat timeout the pipeline schedules `transcode` with: SWF times the task out if its
/// worker is silent this long.
pub const TRANSCODE_HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(2);

/// The heartbeat timeout `transcode` is registered with: the default for whoever schedules it
/// without one, lenient, and deliberately not the pipeline's.
pub const TRANSCODE_REGISTERED_HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(60);

/// Makes a rendition of an upload. A simulation: it works for
/// [`millis`](TranscodeRequest::millis), then writes nothing but answers where the rendition is.
/// Canceled, it stops at once with its [`TranscodeProgress`] as the cancellation's details.
#[derive(Debug, Clone, Copy, Default)]
pub struct Transcode;

impl ActivityDeclaration for Transcode {
    const NAME: &'static str = "transcode";
    const VERSION: &'static str = "1";
    type Input = TranscodeRequest;
    type Output = Rendition;
}

impl Activity for Transcode {
    fn registration(&self) -> ActivityRegistration {
        ActivityRegistration::new()
            .heartbeat_timeout(TRANSCODE_REGISTERED_HEARTBEAT_TIMEOUT)
            .schedule_to_start_timeout(Duration::from_secs(300))
            .start_to_close_timeout(Duration::from_secs(3600))
            .schedule_to_close_timeout(Timeout::Unlimited)
            .description("Makes a rendition of an upload.")
    }

    async fn run(
        &self,
        ctx: &ActivityContext,
        request: TranscodeRequest,
    ) -> Result<Rendition, ActivityError> {
        let started = Instant::now();
        let work = Duration::from_millis(request.millis);
        tokio::select! {
            () = ctx.cancelled() => {
                let progress = TranscodeProgress {
                    done_millis: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
                    of_millis: request.millis,
                };
                tracing::info!(video = %request.video_id, ?progress, "transcode canceled");
                Err(ActivityError::cancelled().with_details(serde_json::to_string(&progress)?))
            }
            () = tokio::time::sleep(work) => {
                tracing::info!(video = %request.video_id, height = request.height, "transcoded");
                Ok(Rendition {
                    uri: format!("renditions/{}-{}p.mp4", request.video_id, request.height),
                    height: request.height,
                })
            }
        }
    }
}
