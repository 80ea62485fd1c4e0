//! The video pipeline's activities run directly, with a real `ActivityContext` for a made-up task
//! (`swf_worker::testing::TestActivityContext`): no worker, no SWF.

use std::time::{Duration, Instant};

use examples::video::{
    CDN_UNAVAILABLE, Probe, Publish, PublishRequest, Rendition, Transcode, TranscodeProgress,
    TranscodeRequest, UNSUPPORTED_CONTAINER,
};
use swf_worker::Activity;
use swf_worker::testing::TestActivityContext;

fn transcode_for(millis: u64) -> TranscodeRequest {
    TranscodeRequest {
        video_id: "v-1".to_owned(),
        source: "uploads/cat.mov".to_owned(),
        height: 720,
        millis,
    }
}

#[tokio::test]
async fn probe_reads_the_container_and_refuses_one_it_does_not_know() {
    let test = TestActivityContext::new();
    let metadata = Probe
        .run(test.context(), "uploads/Cat.MKV".to_owned())
        .await
        .unwrap();
    assert_eq!(
        (metadata.container.as_str(), metadata.height),
        ("mkv", 1080)
    );

    let error = Probe
        .run(test.context(), "uploads/cat.gif".to_owned())
        .await
        .unwrap_err();
    assert_eq!(error.reason(), UNSUPPORTED_CONTAINER);
    assert!(
        error.details().unwrap().starts_with("uploads/cat.gif: "),
        "{error:?}"
    );
}

#[tokio::test]
async fn transcode_works_for_the_time_it_is_given_without_recording_heartbeats() {
    let test = TestActivityContext::new();
    let started = Instant::now();
    let rendition = Transcode
        .run(test.context(), transcode_for(50))
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_millis(50));
    assert_eq!(rendition.uri, "renditions/v-1-720p.mp4");
    // Its heartbeats are the worker's, sent on their own: the activity records none.
    assert!(test.recorded_heartbeats().is_empty());
}

#[tokio::test]
async fn transcode_stops_at_once_when_canceled_and_says_how_far_it_got() {
    let test = TestActivityContext::new();
    let context = test.context().clone();
    let running = tokio::spawn(async move { Transcode.run(&context, transcode_for(60_000)).await });
    test.cancel();
    // A minute of work; the cancellation ends it well within the bound.
    let error = tokio::time::timeout(Duration::from_secs(5), running)
        .await
        .expect("stopped promptly")
        .unwrap()
        .unwrap_err();
    assert!(error.is_cancelled());
    let progress: TranscodeProgress = serde_json::from_str(error.details().unwrap()).unwrap();
    assert_eq!(progress.of_millis, 60_000);
    assert!(progress.done_millis < 5_000, "{progress:?}");
}

#[tokio::test]
async fn publish_is_refused_for_the_first_outages_attempts_then_accepted() {
    let request = PublishRequest {
        video_id: "v-1".to_owned(),
        rendition: Rendition {
            uri: "renditions/v-1-720p.mp4".to_owned(),
            height: 720,
        },
        outages: 2,
    };
    // Each attempt of the retry policy is its own activity id: `publish`, `publish#2`, ...
    for attempt in ["publish", "publish#2"] {
        let test = TestActivityContext::new().activity_id(attempt);
        let error = Publish
            .run(test.context(), request.clone())
            .await
            .unwrap_err();
        assert_eq!(error.reason(), CDN_UNAVAILABLE, "{attempt}");
    }
    let test = TestActivityContext::new().activity_id("publish#3");
    let publication = Publish.run(test.context(), request).await.unwrap();
    assert_eq!(publication.url, "https://cdn.example.com/v-1/720p.mp4");
}
