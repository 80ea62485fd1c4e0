//! `swf_worker::testing`: an activity's `run` called directly on a real context, cancelled as SWF
//! would cancel it, its heartbeats read back through the codec. No worker, no SWF.

use serde::{Deserialize, Serialize};
use swf_core::codec::{Codec, CodecError, JsonCodec};
use swf_worker::testing::TestActivityContext;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, CancellationReason,
};

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Progress {
    frame: u32,
}

/// Transcodes `frames` frames, heartbeating each, until done or cancelled; a cancelled run
/// reports the reason it saw.
struct Transcode;

impl ActivityDeclaration for Transcode {
    const NAME: &'static str = "Transcode";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = String;
}

impl Activity for Transcode {
    async fn run(&self, ctx: &ActivityContext, frames: u32) -> Result<String, ActivityError> {
        for frame in 1..=frames {
            ctx.heartbeat(&Progress { frame })?;
        }
        if frames == 0 {
            // Nothing to do but wait for the cancellation, as a long transcode would.
            ctx.cancelled().await;
            let reason = format!("{:?}", ctx.cancellation_reason());
            return Err(ActivityError::cancelled().with_details(reason));
        }
        Ok(format!(
            "{}/{} of {}",
            ctx.workflow_execution().workflow_id,
            ctx.activity_id(),
            frames
        ))
    }
}

#[tokio::test]
async fn run_is_called_directly_and_its_heartbeats_read_back_decoded() {
    let test = TestActivityContext::new()
        .activity_id("transcode-1")
        .workflow_execution("video-7", "run-1");
    let output = Transcode.run(test.context(), 2).await.unwrap();
    assert_eq!(output, "video-7/transcode-1 of 2");
    // Every details recorded, in order, as the worker's codec encoded them.
    assert_eq!(
        test.recorded_heartbeats(),
        [
            Some(r#"{"frame":1}"#.to_owned()),
            Some(r#"{"frame":2}"#.to_owned())
        ]
    );
    let decoded: Vec<Progress> = test.heartbeats().unwrap();
    assert_eq!(decoded, [Progress { frame: 1 }, Progress { frame: 2 }]);
    // Details of another type are an error, not a panic.
    let err = test.heartbeats::<Vec<String>>().unwrap_err();
    assert!(
        err.to_string().contains("not valid JSON for this type"),
        "{err}"
    );
}

#[tokio::test]
async fn a_cancel_reaches_a_running_activity_as_a_requested_cancellation() {
    let test = TestActivityContext::new();
    assert_eq!(test.context().cancellation_reason(), None);
    let (result, ()) = tokio::join!(Transcode.run(test.context(), 0), async {
        // The activity is waiting on `cancelled()` by the time this runs: `join!` polls it first.
        test.cancel();
    });
    let err = result.unwrap_err();
    assert!(err.is_cancelled());
    assert_eq!(err.details(), Some("Some(Requested)"));
    assert!(test.context().is_cancelled());
    assert!(test.recorded_heartbeats().is_empty());
}

#[tokio::test]
async fn other_reasons_are_seen_as_the_worker_would_give_them() {
    let test = TestActivityContext::new();
    test.cancel_with(CancellationReason::WorkerShutdown);
    // The first reason stays, as in a worker.
    test.cancel();
    let err = Transcode.run(test.context(), 0).await.unwrap_err();
    assert_eq!(err.details(), Some("Some(WorkerShutdown)"));
}

/// JSON with a version prefix, as an application's own codec might be.
#[derive(Debug)]
struct Versioned;

impl Codec for Versioned {
    fn encode<T: Serialize + ?Sized>(&self, value: &T) -> Result<Option<String>, CodecError> {
        Ok(JsonCodec.encode(value)?.map(|json| format!("v1:{json}")))
    }

    fn decode<T: serde::de::DeserializeOwned>(&self, text: Option<&str>) -> Result<T, CodecError> {
        let json = text.map(|t| {
            t.strip_prefix("v1:")
                .ok_or_else(|| CodecError::new("no v1:"))
        });
        JsonCodec.decode(json.transpose()?)
    }
}

#[tokio::test]
async fn heartbeats_go_through_the_codec_given() {
    let test = TestActivityContext::with_codec(Versioned);
    Transcode.run(test.context(), 1).await.unwrap();
    assert_eq!(
        test.recorded_heartbeats(),
        [Some(r#"v1:{"frame":1}"#.to_owned())]
    );
    let decoded: Vec<Progress> = test.heartbeats().unwrap();
    assert_eq!(decoded, [Progress { frame: 1 }]);
}
