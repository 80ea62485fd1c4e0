//! `closed_state` on activity and child handles: [`Exit::Pending`](swf_decider::Exit) until what
//! was canceled has stopped (a whole retried series for an activity), then what ended it, whose
//! status gives the details it closed with. Replayed over hand-made histories, every earlier task
//! checked.

mod common;
mod stopping;

use std::time::Duration;

use common::{decide, decide_and_record};
use stopping::{ABORT, ENCODE, NOTHING_CLOSED, StopsChild, StopsTranscode, TRANSCODE};
use swf_core::types::{ActivityTaskTimeoutType, DecisionType};
use swf_decider::testing::{Decisions, HistoryBuilder};

/// The failure's reason and details.
fn failure(d: &Decisions) -> (&str, Option<&str>) {
    let f = d.failure().expect("the workflow fails");
    (
        f.reason.as_deref().unwrap_or_default(),
        f.details.as_deref(),
    )
}

/// A `StopsTranscode` history with `transcode` scheduled.
fn transcoding(workflow: StopsTranscode) -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<StopsTranscode>(&"video.mov");
    let d = decide_and_record(workflow, &mut h);
    assert_eq!(d.activity_ids(), [TRANSCODE]);
    h
}

/// Aborts a running `transcode`: the run asks to cancel it and waits, deciding nothing else.
fn aborted(workflow: StopsTranscode, h: &mut HistoryBuilder, attempt: &str) {
    h.activity_started(attempt).signaled(ABORT, None);
    let d = decide_and_record(workflow, h);
    assert_eq!(
        d.types(),
        [DecisionType::RequestCancelActivityTask],
        "pending until it stops: {d:?}"
    );
}

#[test]
fn a_canceled_activity_is_pending_until_it_stops_then_gives_its_details() {
    let workflow = StopsTranscode { backoff: None };
    let mut h = transcoding(workflow);
    aborted(workflow, &mut h, TRANSCODE);
    h.activity_canceled(TRANSCODE, Some("frame 7"));
    let d = decide(workflow, &mut h);
    assert_eq!(d.types(), [DecisionType::FailWorkflowExecution]);
    assert_eq!(failure(&d), (TRANSCODE, Some("frame 7")));
}

#[test]
fn an_activity_that_stops_otherwise_gives_the_details_it_closed_with() {
    let workflow = StopsTranscode { backoff: None };
    // Timed out: the last heartbeat's details.
    let mut h = transcoding(workflow);
    aborted(workflow, &mut h, TRANSCODE);
    h.activity_timed_out(
        TRANSCODE,
        ActivityTaskTimeoutType::Heartbeat,
        Some("frame 3"),
    );
    assert_eq!(
        failure(&decide(workflow, &mut h)),
        (TRANSCODE, Some("frame 3"))
    );
    // Failed: the worker's.
    let mut h = transcoding(workflow);
    aborted(workflow, &mut h, TRANSCODE);
    h.activity_failed(TRANSCODE, "Disk", Some("disk full"));
    assert_eq!(
        failure(&decide(workflow, &mut h)),
        (TRANSCODE, Some("disk full"))
    );
    // Completed before the cancel reached it: over, with a result and no details.
    let mut h = transcoding(workflow);
    aborted(workflow, &mut h, TRANSCODE);
    h.activity_completed(TRANSCODE, Some("\"video.mp4\""));
    assert_eq!(failure(&decide(workflow, &mut h)), (TRANSCODE, None));
}

#[test]
fn a_series_is_pending_until_its_last_attempt_stops_not_at_a_retried_failure() {
    let workflow = StopsTranscode {
        backoff: Some(Duration::ZERO),
    };
    let mut h = transcoding(workflow);
    // Attempt 1 failed with details of its own, and attempt 2 runs: not the series' close.
    h.activity_failed(TRANSCODE, "Flaky", Some("attempt 1"));
    let d = decide_and_record(workflow, &mut h);
    assert_eq!(d.activity_ids(), ["transcode#2"]);
    aborted(workflow, &mut h, "transcode#2");
    h.activity_canceled("transcode#2", Some("frame 2"));
    let d = decide(workflow, &mut h);
    assert_eq!(failure(&d), ("transcode#2", Some("frame 2")));
}

#[test]
fn a_series_canceled_while_waiting_to_retry_is_over_in_the_same_decision() {
    let workflow = StopsTranscode {
        backoff: Some(Duration::from_secs(60)),
    };
    let mut h = transcoding(workflow);
    h.activity_failed(TRANSCODE, "Flaky", Some("attempt 1"));
    let d = decide_and_record(workflow, &mut h);
    assert_eq!(d.timer_ids(), ["transcode#2"]);
    h.signaled(ABORT, None);
    // SWF schedules no decision task for a canceled timer: waiting for it would wait forever.
    // No attempt closed the series, so attempt 1's failure is not what ended it.
    let d = decide_and_record(workflow, &mut h);
    assert_eq!(
        d.types(),
        [
            DecisionType::CancelTimer,
            DecisionType::FailWorkflowExecution
        ]
    );
    assert_eq!(failure(&d), (NOTHING_CLOSED, None));
}

#[test]
fn an_activity_canceled_before_it_was_scheduled_is_over_at_once() {
    let workflow = StopsTranscode { backoff: None };
    let mut h = HistoryBuilder::for_workflow::<StopsTranscode>(&"video.mov");
    h.signaled(ABORT, None);
    let d = decide(workflow, &mut h);
    assert_eq!(d.types(), [DecisionType::FailWorkflowExecution]);
    assert_eq!(failure(&d), (NOTHING_CLOSED, None));
}

#[test]
fn a_canceled_child_is_pending_until_it_stops_then_gives_its_details() {
    let mut h = HistoryBuilder::for_workflow::<StopsChild>(&"video.mov");
    assert_eq!(decide_and_record(StopsChild, &mut h).child_ids(), [ENCODE]);
    h.child_started(ENCODE).signaled(ABORT, None);
    let d = decide_and_record(StopsChild, &mut h);
    assert_eq!(
        d.types(),
        [DecisionType::RequestCancelExternalWorkflowExecution],
        "pending until it stops: {d:?}"
    );
    h.child_canceled(ENCODE, Some("pass 2"));
    let d = decide(StopsChild, &mut h);
    assert_eq!(failure(&d), (ENCODE, Some("pass 2")));
}

#[test]
fn a_child_that_fails_instead_gives_its_failures_details() {
    let mut h = HistoryBuilder::for_workflow::<StopsChild>(&"video.mov");
    decide_and_record(StopsChild, &mut h);
    h.child_started(ENCODE).signaled(ABORT, None);
    decide_and_record(StopsChild, &mut h);
    h.child_failed(ENCODE, "Codec", Some("no such codec"));
    let d = decide(StopsChild, &mut h);
    assert_eq!(failure(&d), (ENCODE, Some("no such codec")));
}

#[test]
fn a_child_canceled_before_it_started_is_over_at_once() {
    let mut h = HistoryBuilder::for_workflow::<StopsChild>(&"video.mov");
    h.signaled(ABORT, None);
    let d = decide(StopsChild, &mut h);
    assert_eq!(d.types(), [DecisionType::FailWorkflowExecution]);
    assert_eq!(failure(&d), (NOTHING_CLOSED, None));
}
