//! Replay tests of the video pipeline: two histories recorded from real runs (published after two
//! refusals; aborted while transcoding), and hand-made histories for the paths of the race that a
//! run rarely shows (an abort while probing, an abort after the transcode, a transcode that
//! finishes after it was asked to stop). Every earlier decision task is replayed and checked.
//!
//! The recordings were made as the README says: the `video-*` binaries as separate processes
//! against `swf-local`, then `swf history get v-1001 --domain video --out tests/histories/...`.

use std::path::Path;

use examples::video::{
    ABORT, Metadata, Probe, Published, Rendition, TRANSCODE_HEARTBEAT_TIMEOUT, Transcode,
    TranscodeProgress, Video, VideoPipeline,
};
use swf_core::types::{DecisionAttributesRef, DecisionType, HistoryEvent};
use swf_decider::ReplayCheck;
use swf_decider::state::Closed;
use swf_decider::testing::{Decisions, HistoryBuilder, Replay, load_history_file};

use DecisionType::*;

fn recorded(name: &str) -> Vec<HistoryEvent> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/histories")
        .join(name);
    load_history_file(path).expect("the recorded history loads")
}

/// The decision types of each decision task of a replay.
fn per_task(events: Vec<HistoryEvent>) -> (Vec<Vec<DecisionType>>, Vec<Decisions>) {
    let replay = Replay::new(VideoPipeline)
        .run(events)
        .expect("every decision task decides as recorded");
    let decisions: Vec<Decisions> = replay.tasks().iter().map(|t| t.decisions.clone()).collect();
    (decisions.iter().map(Decisions::types).collect(), decisions)
}

/// The activity ids of the `RequestCancelActivityTask` decisions.
fn cancel_requests(d: &Decisions) -> Vec<&str> {
    d.iter()
        .filter_map(|d| match d.attributes() {
            DecisionAttributesRef::RequestCancelActivityTask(a) => Some(a.activity_id.as_str()),
            _ => None,
        })
        .collect()
}

/// The failure's reason and details.
fn failure(d: &Decisions) -> (&str, Option<&str>) {
    let f = d.failure().expect("the workflow fails");
    (
        f.reason.as_deref().unwrap_or_default(),
        f.details.as_deref(),
    )
}

#[test]
fn a_video_published_after_two_refusals_replays_decision_by_decision() {
    let (types, decisions) = per_task(recorded("video-published-after-two-refusals.json"));
    assert_eq!(
        types,
        [
            vec![ScheduleActivityTask],      // probe
            vec![ScheduleActivityTask],      // transcode, with its 2 s heartbeat timeout
            vec![ScheduleActivityTask],      // publish
            vec![StartTimer],                // refused: back off 1 s
            vec![ScheduleActivityTask],      // publish#2
            vec![StartTimer],                // refused: back off 2 s
            vec![ScheduleActivityTask],      // publish#3
            vec![CompleteWorkflowExecution], // published
            vec![],                          // closed: nothing more to decide
        ]
    );
    let transcode = decisions[1].activity("transcode").expect("transcode");
    assert_eq!(transcode.heartbeat_timeout.as_deref(), Some("2"));
    assert_eq!(decisions[3].timer_ids(), ["publish#2"]);
    assert_eq!(decisions[6].activity_ids(), ["publish#3"]);
    let published: Published = decisions[7].completed_with().expect("completed");
    assert_eq!(published.url, "https://cdn.example.com/v-1001/720p.mp4");
}

#[test]
fn a_video_aborted_while_transcoding_replays_decision_by_decision() {
    // Recorded: `abort` 1.5 s into a 30 s transcode; the transcode stopped at its next heartbeat.
    let events = recorded("video-aborted-while-transcoding.json");
    let replay = Replay::new(VideoPipeline)
        .run(events)
        .expect("decides as recorded");
    let tasks: Vec<&Decisions> = replay.tasks().iter().map(|t| &t.decisions).collect();
    let types: Vec<Vec<DecisionType>> = tasks.iter().map(|d| d.types()).collect();
    assert_eq!(
        types,
        [
            vec![ScheduleActivityTask],      // probe
            vec![ScheduleActivityTask],      // transcode
            vec![RequestCancelActivityTask], // abort first: cancel the transcode, wait for it
            vec![FailWorkflowExecution],     // it stopped: fail
            vec![],
        ]
    );
    assert_eq!(cancel_requests(tasks[2]), ["transcode"]);
    let (reason, details) = failure(tasks[3]);
    assert_eq!(reason, "aborted: wrong cut");
    let progress: TranscodeProgress = serde_json::from_str(details.unwrap()).unwrap();
    assert_eq!(progress.of_millis, 30_000);
    assert!(matches!(
        replay.state().closed(),
        Some(Closed::Failed { .. })
    ));
}

// Hand-made histories: each task's decisions are recorded as SWF would, and every earlier task is
// replayed and compared on each decision.

const VIDEO: &str = "v-1";

fn video() -> Video {
    Video::new(VIDEO, "uploads/cat.mov")
}

fn metadata() -> Metadata {
    Metadata {
        container: "mov".to_owned(),
        width: 1920,
        height: 1080,
    }
}

fn rendition() -> Rendition {
    Rendition {
        uri: format!("renditions/{VIDEO}-720p.mp4"),
        height: 720,
    }
}

/// Decides the task the history ends with (starting one if needed), every earlier task checked.
fn decide(h: &mut HistoryBuilder) -> Decisions {
    h.decision_task_started();
    Replay::new(VideoPipeline)
        .check(ReplayCheck::EveryTask)
        .run(h.events())
        .expect("replays")
        .decisions()
        .clone()
}

/// Decides the task the history ends with and records the decisions as SWF would.
fn decide_and_record(h: &mut HistoryBuilder) -> Decisions {
    let decisions = decide(h);
    h.decision_task_completed_with(&decisions);
    decisions
}

/// A pipeline history with `probe` done and `transcode` scheduled and started.
fn transcoding() -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<VideoPipeline>(&video());
    assert_eq!(decide_and_record(&mut h).activity_ids(), ["probe"]);
    h.activity_completed_of::<Probe>("probe", &metadata());
    let d = decide_and_record(&mut h);
    assert_eq!(d.activity_ids(), ["transcode"]);
    let heartbeat = d.activity("transcode").unwrap().heartbeat_timeout.clone();
    assert_eq!(
        heartbeat,
        Some(TRANSCODE_HEARTBEAT_TIMEOUT.as_secs().to_string())
    );
    h.activity_started("transcode");
    h
}

fn abort(reason: &str) -> String {
    format!(r#"{{"reason":"{reason}"}}"#)
}

#[test]
fn an_abort_while_transcoding_cancels_it_then_fails_once_it_stopped() {
    let mut h = transcoding();
    h.signaled(ABORT, Some(&abort("wrong cut")));
    let d = decide_and_record(&mut h);
    assert_eq!(
        d.types(),
        [RequestCancelActivityTask],
        "waits for the transcode"
    );
    assert_eq!(cancel_requests(&d), ["transcode"]);

    // Recorded with the decision: `ActivityTaskCancelRequested`. The worker acknowledges.
    h.activity_canceled("transcode", Some(r#"{"done_millis":900,"of_millis":3000}"#));
    let d = decide(&mut h);
    assert_eq!(d.types(), [FailWorkflowExecution]);
    assert_eq!(
        failure(&d),
        (
            "aborted: wrong cut",
            Some(r#"{"done_millis":900,"of_millis":3000}"#)
        )
    );
}

#[test]
fn a_transcode_that_finishes_after_the_abort_does_not_change_the_choice() {
    let mut h = transcoding();
    h.signaled(ABORT, None);
    assert_eq!(
        decide_and_record(&mut h).types(),
        [RequestCancelActivityTask]
    );
    // The worker finished before the request reached it: the abort still came first.
    h.activity_completed_of::<Transcode>("transcode", &rendition());
    let d = decide(&mut h);
    assert_eq!(d.types(), [FailWorkflowExecution], "nothing is published");
    // An abort without a reason fails with the bare reason.
    assert_eq!(failure(&d), ("aborted", None));
}

#[test]
fn an_abort_while_probing_means_the_transcode_never_starts() {
    let mut h = HistoryBuilder::for_workflow::<VideoPipeline>(&video());
    decide_and_record(&mut h);
    h.activity_started("probe")
        .signaled(ABORT, Some(&abort("duplicate upload")));
    // Still probing: nothing to decide yet.
    assert_eq!(
        decide_and_record(&mut h).types(),
        Vec::<DecisionType>::new()
    );
    h.activity_completed_of::<Probe>("probe", &metadata());
    let d = decide(&mut h);
    assert_eq!(d.types(), [FailWorkflowExecution], "no transcode scheduled");
    assert_eq!(failure(&d), ("aborted: duplicate upload", None));
}

#[test]
fn an_abort_after_the_transcode_closed_is_too_late() {
    let mut h = transcoding();
    h.activity_completed_of::<Transcode>("transcode", &rendition())
        .signaled(ABORT, Some(&abort("too late")));
    let d = decide(&mut h);
    assert_eq!(d.activity_ids(), ["publish"]);
    assert!(cancel_requests(&d).is_empty());
}
