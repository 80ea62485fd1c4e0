//! `publish`: uploads the rendition to the CDN, through a simulated CDN that refuses the first
//! uploads. The activity only reports each refusal; the workflow's
//! [`publish_retry`](super::publish_retry) decides to try again after a backoff, so every attempt
//! and every wait is in the history.

use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration,
};

use super::model::{Publication, PublishRequest};

/// The failure reason of an upload the CDN refused: worth retrying.
pub const CDN_UNAVAILABLE: &str = "CdnUnavailable";

/// Uploads a rendition. The simulated CDN refuses the first
/// [`outages`](PublishRequest::outages) attempts with [`CDN_UNAVAILABLE`] and accepts the next.
#[derive(Debug, Clone, Copy, Default)]
pub struct Publish;

impl ActivityDeclaration for Publish {
    const NAME: &'static str = "publish";
    const VERSION: &'static str = "1";
    type Input = PublishRequest;
    type Output = Publication;
}

impl Activity for Publish {
    fn registration(&self) -> ActivityRegistration {
        crate::registration::quick_activity("Uploads a rendition to the CDN.")
    }

    async fn run(
        &self,
        ctx: &ActivityContext,
        request: PublishRequest,
    ) -> Result<Publication, ActivityError> {
        let attempt = attempt(ctx.activity_id());
        if attempt <= request.outages {
            return Err(ActivityError::new(CDN_UNAVAILABLE).with_details(format!(
                "attempt {attempt}: the CDN refused the upload of {}",
                request.rendition.uri
            )));
        }
        let url = format!(
            "https://cdn.example.com/{}/{}p.mp4",
            request.video_id, request.rendition.height
        );
        tracing::info!(video = %request.video_id, attempt, %url, "published");
        Ok(Publication { url })
    }
}

/// Which attempt of a retried activity a task is, from its activity id: `publish` is the first,
/// `publish#2` the second (the [`RetryPolicy`](swf_decider::RetryPolicy)'s default ids).
fn attempt(activity_id: &str) -> u32 {
    activity_id
        .rsplit_once('#')
        .and_then(|(_, n)| n.parse().ok())
        .unwrap_or(1)
}
