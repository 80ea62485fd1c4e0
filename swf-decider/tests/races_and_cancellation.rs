//! Races decided by event id (`first_of`) and cancels that reach the current attempt, replayed
//! over hand-made histories with every earlier task checked.

mod common;
mod video_pipeline;

use common::{decide, decide_and_record};
use swf_core::types::{
    DecisionAttributesRef, DecisionType, EventType, RequestCancelActivityTaskFailedCause,
};
use swf_decider::AttemptIds;
use swf_decider::testing::{Decisions, HistoryBuilder};
use video_pipeline::{ABORT, ABORTED, Cancel, Cancels, Pipeline, Race, TRANSCODE};

/// A pipeline history with `transcode` scheduled.
fn transcoding(workflow: &Pipeline) -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<Pipeline>(&"video.mov");
    let d = decide_and_record(workflow.clone(), &mut h);
    assert_eq!(d.activity_ids(), [TRANSCODE]);
    h
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
fn failure(d: &Decisions) -> (&str, &str) {
    let f = d.failure().expect("the workflow fails");
    (
        f.reason.as_deref().unwrap_or_default(),
        f.details.as_deref().unwrap_or_default(),
    )
}

/// The id of the last event of type `kind`.
fn last_event(h: &HistoryBuilder, kind: EventType) -> i64 {
    let events = h.events();
    events
        .iter()
        .rev()
        .find(|e| e.event_type == kind)
        .unwrap()
        .event_id
}

#[test]
fn an_abort_before_the_transcode_closes_cancels_it_and_fails() {
    let workflow = Pipeline::new(Cancel::Handle);
    let mut h = transcoding(&workflow);
    h.activity_started(TRANSCODE).signaled(ABORT, None);
    let d = decide(workflow, &mut h);
    assert_eq!(
        d.types(),
        [
            DecisionType::RequestCancelActivityTask,
            DecisionType::FailWorkflowExecution
        ]
    );
    assert_eq!(cancel_requests(&d), [TRANSCODE]);
    assert_eq!(failure(&d), (ABORTED, "Requested"));
}

#[test]
fn a_transcode_that_closed_in_an_earlier_task_wins_over_a_later_abort() {
    let workflow = Pipeline::new(Cancel::Handle);
    let mut h = transcoding(&workflow);
    // The task that saw the close timed out before answering; the abort came after it.
    h.activity_completed(TRANSCODE, Some("\"video.mp4\""))
        .decision_task_timed_out()
        .signaled(ABORT, None);
    let d = decide(workflow, &mut h);
    assert_eq!(d.completion(), Some(Some("\"video.mp4\"")));
    assert!(cancel_requests(&d).is_empty());
}

#[test]
fn in_one_decision_task_the_earlier_event_wins() {
    let workflow = Pipeline::new(Cancel::Handle);

    let mut abort_first = transcoding(&workflow);
    abort_first
        .signaled(ABORT, None)
        .activity_completed(TRANSCODE, Some("\"video.mp4\""));
    assert!(
        last_event(&abort_first, EventType::WorkflowExecutionSignaled)
            < last_event(&abort_first, EventType::ActivityTaskCompleted)
    );
    let d = decide(workflow.clone(), &mut abort_first);
    // Nothing to cancel any more, and the cancel says so; the abort still came first.
    assert_eq!(d.types(), [DecisionType::FailWorkflowExecution]);
    assert_eq!(failure(&d), (ABORTED, "AlreadyClosed"));

    let mut close_first = transcoding(&workflow);
    close_first
        .activity_completed(TRANSCODE, Some("\"video.mp4\""))
        .signaled(ABORT, None);
    let d = decide(workflow, &mut close_first);
    assert_eq!(d.completion(), Some(Some("\"video.mp4\"")));
}

#[test]
fn the_choice_stays_the_same_when_the_transcode_closes_after_the_abort() {
    // Waiting for the cancel to be acknowledged: the worker finishes instead, after the abort.
    let workflow = Pipeline::new(Cancel::HandleAndWait);
    let mut h = transcoding(&workflow);
    h.activity_started(TRANSCODE).signaled(ABORT, None);
    let d = decide_and_record(workflow.clone(), &mut h);
    assert_eq!(d.types(), [DecisionType::RequestCancelActivityTask]);
    h.activity_completed(TRANSCODE, Some("\"video.mp4\""));
    // Every earlier task is replayed and must decide as it did (`decide` checks each one).
    let d = decide(workflow, &mut h);
    assert_eq!(d.types(), [DecisionType::FailWorkflowExecution]);
    // The cancel found the transcode closed by now; the abort still came first.
    assert_eq!(failure(&d), (ABORTED, "AlreadyClosed"));
}

/// The pipeline with `transcode` failed once and attempt 2 running.
fn retrying(workflow: &Pipeline) -> HistoryBuilder {
    let mut h = transcoding(workflow);
    h.activity_failed(TRANSCODE, "Flaky", None);
    let d = decide_and_record(workflow.clone(), &mut h);
    assert_eq!(d.timer_ids(), ["transcode#2"]);
    h.timer_fired("transcode#2");
    let d = decide_and_record(workflow.clone(), &mut h);
    assert_eq!(d.activity_ids(), ["transcode#2"]);
    h.activity_started("transcode#2");
    h
}

#[test]
fn canceling_by_the_workflows_id_reaches_the_current_attempt() {
    for cancel in [Cancel::ById, Cancel::Handle] {
        let workflow = Pipeline::new(cancel);
        let mut h = retrying(&workflow);
        h.signaled(ABORT, None);
        let d = decide(workflow, &mut h);
        assert_eq!(cancel_requests(&d), ["transcode#2"], "{cancel:?}");
        assert_eq!(failure(&d), (ABORTED, "Requested"), "{cancel:?}");
    }
}

#[test]
fn attempt_ids_can_follow_another_frameworks_names() {
    let ids = AttemptIds::every_attempt("{id}-{attempt}")
        .and_then(|ids| ids.timers("{id}-backoff-{attempt}"))
        .unwrap();
    let workflow = Pipeline {
        ids,
        ..Pipeline::new(Cancel::ById)
    };
    let mut h = HistoryBuilder::for_workflow::<Pipeline>(&"video.mov");
    assert_eq!(
        decide_and_record(workflow.clone(), &mut h).activity_ids(),
        ["transcode-1"]
    );
    h.activity_failed("transcode-1", "Flaky", None);
    assert_eq!(
        decide_and_record(workflow.clone(), &mut h).timer_ids(),
        ["transcode-backoff-2"]
    );
    h.timer_fired("transcode-backoff-2");
    assert_eq!(
        decide_and_record(workflow.clone(), &mut h).activity_ids(),
        ["transcode-2"]
    );
    h.signaled(ABORT, None);
    let d = decide(workflow, &mut h);
    assert_eq!(cancel_requests(&d), ["transcode-2"]);
}

#[test]
fn canceling_during_the_backoff_cancels_the_timer_and_ends_the_series() {
    let workflow = Pipeline::new(Cancel::HandleAndWait);
    let mut h = transcoding(&workflow);
    h.activity_failed(TRANSCODE, "Flaky", None);
    assert_eq!(
        decide_and_record(workflow.clone(), &mut h).timer_ids(),
        ["transcode#2"]
    );
    h.signaled(ABORT, None);
    // SWF cancels the timer at once and schedules no decision task for it: the series is over
    // in the decision that cancels it, with no attempt 2, and reports the cancellation.
    let d = decide(workflow, &mut h);
    assert_eq!(
        d.types(),
        [
            DecisionType::CancelTimer,
            DecisionType::FailWorkflowExecution
        ]
    );
    assert_eq!(
        failure(&d).0,
        "activity `transcode` was canceled while waiting to retry"
    );
}

#[test]
fn an_abort_before_the_transcode_was_scheduled_withdraws_it() {
    let workflow = Pipeline::new(Cancel::Handle);
    let mut h = HistoryBuilder::for_workflow::<Pipeline>(&"video.mov");
    h.signaled(ABORT, None);
    let d = decide(workflow.clone(), &mut h);
    assert_eq!(d.types(), [DecisionType::FailWorkflowExecution]);
    assert_eq!(failure(&d), (ABORTED, "Withdrawn"));
    // Waiting for it instead: the handle reports the withdrawn activity canceled.
    let d = decide(Pipeline::new(Cancel::HandleAndWait), &mut h);
    assert_eq!(d.types(), [DecisionType::FailWorkflowExecution]);
    assert_eq!(
        failure(&d).0,
        "activity `transcode` was canceled before it was scheduled"
    );
}

/// A `Cancels` history with `job` at attempt 2, `other` completed, `t` fired, `c` running, and
/// the `go` signal in.
fn ready_to_cancel(ops: &[&str]) -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<Cancels>(&ops);
    let d = decide_and_record(Cancels, &mut h);
    assert_eq!(d.activity_ids(), ["job", "other"]);
    h.activity_failed("job", "Flaky", None);
    assert_eq!(decide_and_record(Cancels, &mut h).activity_ids(), ["job#2"]);
    h.activity_completed("other", None)
        .timer_fired("t")
        .child_started("c")
        .signaled("go", None);
    h
}

#[test]
fn cancels_of_unknown_or_closed_ids_say_so_and_send_nothing() {
    let ops = [
        "activity:nope",
        "timer:nope",
        "activity:other",
        "timer:t",
        "activity:job",
        "child",
    ];
    let mut h = ready_to_cancel(&ops);
    h.signaled("done", None);
    let d = decide(Cancels, &mut h);
    assert_eq!(
        d.completed_with::<Vec<String>>().unwrap(),
        [
            "Unknown",
            "Unknown",
            "AlreadyClosed",
            "AlreadyClosed",
            "Requested",
            "Requested"
        ]
    );
    assert_eq!(cancel_requests(&d), ["job#2"]);
    let child_cancel = d
        .find(DecisionType::RequestCancelExternalWorkflowExecution)
        .and_then(|d| {
            d.request_cancel_external_workflow_execution_decision_attributes
                .as_deref()
        })
        .unwrap();
    assert_eq!(child_cancel.workflow_id, "c");
    assert!(child_cancel.run_id.is_some(), "the child's run is named");
    assert!(
        child_cancel
            .control
            .as_deref()
            .unwrap()
            .starts_with("swf-decider.cancel-child.")
    );
    assert!(d.find(DecisionType::CancelTimer).is_none());
}

#[test]
fn cancels_already_requested_or_refused_are_not_sent_again() {
    let ops = ["activity:job", "activity:job#2", "child"];
    let mut h = ready_to_cancel(&ops);
    let d = decide_and_record(Cancels, &mut h);
    assert_eq!(cancel_requests(&d), ["job#2"]);
    h.signaled("done", None);
    let d = decide(Cancels, &mut h);
    assert_eq!(
        d.completed_with::<Vec<String>>().unwrap(),
        ["AlreadyRequested"; 3]
    );
    assert_eq!(d.types(), [DecisionType::CompleteWorkflowExecution]);

    let mut h = ready_to_cancel(&["activity:job"]);
    decide(Cancels, &mut h);
    h.decision_task_completed().request_cancel_activity_failed(
        "job#2",
        RequestCancelActivityTaskFailedCause::ActivityIdUnknown,
    );
    h.signaled("done", None);
    let d = decide(Cancels, &mut h);
    assert_eq!(d.completed_with::<Vec<String>>().unwrap(), ["Refused"]);
    assert!(cancel_requests(&d).is_empty());
}

/// The `Race` workflow's answer over `h`: the winner's index and event id.
fn race(h: &mut HistoryBuilder) -> Option<(usize, i64)> {
    decide(Race, h).completed_with()
}

/// A `Race` history with everything asked for and the child started.
fn racing() -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<Race>(&());
    decide_and_record(Race, &mut h);
    h.child_started("c");
    h
}

#[test]
fn first_of_takes_the_earliest_event_of_every_kind() {
    let mut h = racing();
    assert_eq!(race(&mut h), None, "nothing happened yet: pending");

    h.lambda_completed("l", None)
        .timer_fired("t")
        .signaled(ABORT, None);
    let lambda = last_event(&h, EventType::LambdaFunctionCompleted);
    assert_eq!(race(&mut h), Some((3, lambda)));

    let mut h = racing();
    h.timer_fired("t")
        .child_completed("c", None)
        .cancel_requested();
    let fired = last_event(&h, EventType::TimerFired);
    assert_eq!(race(&mut h), Some((1, fired)));

    let mut h = racing();
    h.cancel_requested().child_failed("c", "Crashed", None);
    let requested = last_event(&h, EventType::WorkflowExecutionCancelRequested);
    assert_eq!(race(&mut h), Some((4, requested)));

    let mut h = racing();
    h.child_terminated("c")
        .activity_failed("a", "Crashed", None);
    let terminated = last_event(&h, EventType::ChildWorkflowExecutionTerminated);
    assert_eq!(race(&mut h), Some((2, terminated)));

    let mut h = racing();
    h.activity_failed("a", "Crashed", None)
        .signaled(ABORT, None);
    let failed = last_event(&h, EventType::ActivityTaskFailed);
    assert_eq!(race(&mut h), Some((5, failed)));
}
