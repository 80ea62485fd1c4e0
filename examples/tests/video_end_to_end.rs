//! The video pipeline end to end on `swf-local` in this process, with the application's own
//! worker and decider: the happy path (a three-second transcode kept alive by the worker's
//! automatic heartbeats, a publish refused twice and retried after backoffs) and the abort path
//! (an `abort` while transcoding cancels the transcode, which stops at once, and fails the run).

mod common;

use common::{App, Seen, count, only, scheduled, seconds_between, within};
use examples::video::{
    self, Abort, CDN_UNAVAILABLE, Published, TRANSCODE_HEARTBEAT_TIMEOUT,
    TRANSCODE_REGISTERED_HEARTBEAT_TIMEOUT, TranscodeProgress, Video, VideoPipeline,
};
use swf_core::types::{ActivityType, DescribeActivityTypeInput, EventType, HistoryEvent};
use swf_decider::{ActivityDeclaration, StartOptions, WorkflowOutcome};
use swf_worker::CancellationReason;

/// The event of type `kind` of the attempt whose `ActivityTaskScheduled` event is `scheduled`.
fn of_attempt<'e>(
    events: &'e [HistoryEvent],
    scheduled: &HistoryEvent,
    kind: EventType,
) -> &'e HistoryEvent {
    events
        .iter()
        .find(|e| {
            e.event_type == kind
                && match kind {
                    EventType::ActivityTaskStarted => e
                        .activity_task_started_event_attributes
                        .as_ref()
                        .is_some_and(|a| a.scheduled_event_id == scheduled.event_id),
                    EventType::ActivityTaskCompleted => e
                        .activity_task_completed_event_attributes
                        .as_ref()
                        .is_some_and(|a| a.scheduled_event_id == scheduled.event_id),
                    _ => unreachable!("only started and completed are asked for"),
                }
        })
        .unwrap_or_else(|| panic!("no {kind:?} for event {}", scheduled.event_id))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_video_is_transcoded_for_three_seconds_then_published_after_two_refusals() {
    let app = App::video().await;
    // As the application runs it: 3 s of transcoding, a CDN that refuses two uploads.
    let video = Video::new("v-ok", "uploads/holiday.mp4");
    assert_eq!((video.transcode_millis, video.publish_outages), (3_000, 2));
    let run = app
        .workflows
        .start::<VideoPipeline>(&video.id, &video, &StartOptions::new())
        .await
        .unwrap();

    let published: Published = within(30, run.result()).await.unwrap();
    assert_eq!(published.url, "https://cdn.example.com/v-ok/720p.mp4");
    assert_eq!(published.metadata.container, "mp4");

    let events = run.history().await.unwrap();
    assert_eq!(
        scheduled(&events),
        ["probe", "transcode", "publish", "publish#2", "publish#3"]
    );
    // Each refusal is followed by its backoff, a timer named after the next attempt: 1 s, 2 s.
    let refusals: Vec<&str> = events
        .iter()
        .filter_map(|e| e.activity_task_failed_event_attributes.as_ref())
        .filter_map(|f| f.reason.as_deref())
        .collect();
    assert_eq!(refusals, [CDN_UNAVAILABLE, CDN_UNAVAILABLE]);
    let backoffs: Vec<(&str, &str)> = events
        .iter()
        .filter_map(|e| e.timer_started_event_attributes.as_ref())
        .map(|t| (t.timer_id.as_str(), t.start_to_fire_timeout.as_str()))
        .collect();
    assert_eq!(backoffs, [("publish#2", "1"), ("publish#3", "2")]);

    // The transcode was scheduled with its own 2 s heartbeat timeout, not the registered minute…
    let registered = app
        .client
        .describe_activity_type(DescribeActivityTypeInput {
            domain: video::DOMAIN.to_owned(),
            activity_type: ActivityType {
                name: video::Transcode::NAME.to_owned(),
                version: video::Transcode::VERSION.to_owned(),
            },
        })
        .await
        .unwrap();
    assert_eq!(
        registered.configuration.default_task_heartbeat_timeout,
        Some(TRANSCODE_REGISTERED_HEARTBEAT_TIMEOUT.as_secs().to_string())
    );
    let transcode = events
        .iter()
        .find(|e| {
            e.activity_task_scheduled_event_attributes
                .as_ref()
                .is_some_and(|a| a.activity_id == "transcode")
        })
        .unwrap();
    let attributes = transcode
        .activity_task_scheduled_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        attributes.heartbeat_timeout,
        Some(TRANSCODE_HEARTBEAT_TIMEOUT.as_secs().to_string())
    );
    // …and ran its three seconds, longer than that timeout, without timing out: the worker
    // heartbeated it within the 2 s on its own.
    let ran = seconds_between(
        of_attempt(&events, transcode, EventType::ActivityTaskStarted),
        of_attempt(&events, transcode, EventType::ActivityTaskCompleted),
    );
    assert!((3.0..5.0).contains(&ran), "the transcode ran {ran} s");
    assert_eq!(count(&events, EventType::ActivityTaskTimedOut), 0);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_abort_while_transcoding_cancels_the_transcode_which_stops_and_the_run_fails() {
    let mut app = App::video().await;
    // A minute of transcoding: only a cancellation ends it within the test's deadlines.
    let video = Video {
        transcode_millis: 60_000,
        ..Video::new("v-abort", "uploads/keynote.mov")
    };
    let run = app
        .workflows
        .start::<VideoPipeline>(&video.id, &video, &StartOptions::new())
        .await
        .unwrap();
    let transcode = |s: &Seen| match s {
        Seen::Started { activity_id, .. } | Seen::Ended { activity_id, .. } => {
            activity_id == "transcode"
        }
    };
    app.seen(transcode).await;
    let abort = Abort {
        reason: "wrong cut".to_owned(),
    };
    run.signal(video::ABORT, &abort).await.unwrap();

    // The activity saw SWF's cancel request and reported itself canceled.
    assert_eq!(
        app.seen(transcode).await,
        Seen::Ended {
            activity_id: "transcode".to_owned(),
            cancelled: true,
            signal: Some(CancellationReason::Requested),
        }
    );
    let outcome = within(20, run.outcome()).await.unwrap();
    let WorkflowOutcome::Failed { reason, details } = outcome else {
        panic!("not a failure: {outcome:?}");
    };
    assert_eq!(reason.as_deref(), Some("aborted: wrong cut"));
    let progress: TranscodeProgress = serde_json::from_str(details.as_deref().unwrap()).unwrap();
    assert_eq!(progress.of_millis, 60_000);
    assert!(progress.done_millis < 10_000, "stopped early: {progress:?}");

    // In the history: the signal, the request to cancel the transcode, its acknowledgement with
    // the same progress, promptly (a heartbeat interval is 1.6 s), and nothing published.
    let events = run.history().await.unwrap();
    assert_eq!(scheduled(&events), ["probe", "transcode"]);
    let signaled = only(&events, EventType::WorkflowExecutionSignaled);
    let requested = only(&events, EventType::ActivityTaskCancelRequested);
    let canceled = only(&events, EventType::ActivityTaskCanceled);
    let failed = only(&events, EventType::WorkflowExecutionFailed);
    assert!(signaled.event_id < requested.event_id);
    assert!(requested.event_id < canceled.event_id && canceled.event_id < failed.event_id);
    let request = requested
        .activity_task_cancel_requested_event_attributes
        .as_ref();
    assert_eq!(request.unwrap().activity_id, "transcode");
    let acknowledged = canceled.activity_task_canceled_event_attributes.as_ref();
    assert_eq!(acknowledged.unwrap().details, details);
    let took = seconds_between(requested, canceled);
    assert!(
        took < 3.0,
        "the transcode stopped {took} s after the request"
    );
    app.stop().await;
}
