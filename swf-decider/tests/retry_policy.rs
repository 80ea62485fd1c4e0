//! Activity retries are decided by the workflow: backoff timers, new attempts, non-retryable
//! reasons and the attempt limit.

mod common;

use common::workflows::OrderWorkflow;
use common::{decide, decide_and_record, order};
use swf_core::types::DecisionType;
use swf_decider::testing::HistoryBuilder;

/// The order workflow with `reserve` done and `charge` scheduled.
fn charging() -> HistoryBuilder {
    let mut h = HistoryBuilder::for_workflow::<OrderWorkflow>(&order());
    decide_and_record(OrderWorkflow, &mut h);
    h.activity_completed("reserve", None);
    decide_and_record(OrderWorkflow, &mut h);
    h
}

#[test]
fn a_failed_attempt_is_retried_after_a_backoff_timer() {
    let mut h = charging();
    h.activity_failed("charge", "GatewayTimeout", None);
    let d = decide_and_record(OrderWorkflow, &mut h);
    assert_eq!(d.timer_ids(), ["charge#2"], "wait first");
    assert_eq!(
        d[0].start_timer_decision_attributes
            .as_ref()
            .unwrap()
            .start_to_fire_timeout,
        "1"
    );
    assert!(d.activity_ids().is_empty());

    h.timer_fired("charge#2");
    let d = decide_and_record(OrderWorkflow, &mut h);
    assert_eq!(d.activity_ids(), ["charge#2"], "then attempt 2");
    assert_eq!(d.activity("charge#2").unwrap().activity_type.name, "charge");

    h.activity_completed("charge#2", Some("\"ch-2\""));
    let d = decide(OrderWorkflow, &mut h);
    assert_eq!(
        d.timer_ids(),
        ["choose-shipping"],
        "and on with the workflow"
    );
}

#[test]
fn a_non_retryable_reason_fails_the_workflow_at_once() {
    let mut h = charging();
    h.activity_failed("charge", "CardDeclined", Some("insufficient funds"));
    let d = decide(OrderWorkflow, &mut h);
    assert_eq!(d.types(), [DecisionType::FailWorkflowExecution]);
    let failure = d.failure().unwrap();
    assert_eq!(
        failure.reason.as_deref(),
        Some("activity `charge` failed: CardDeclined")
    );
    assert_eq!(failure.details.as_deref(), Some("insufficient funds"));
}

#[test]
fn the_series_gives_up_after_the_maximum_attempts() {
    let mut h = charging();
    h.activity_timed_out(
        "charge",
        swf_core::types::ActivityTaskTimeoutType::StartToClose,
        None,
    );
    decide_and_record(OrderWorkflow, &mut h);
    h.timer_fired("charge#2");
    decide_and_record(OrderWorkflow, &mut h);
    h.activity_failed("charge#2", "GatewayTimeout", None);
    let d = decide_and_record(OrderWorkflow, &mut h);
    assert_eq!(d.timer_ids(), ["charge#3"]);
    assert_eq!(
        d[0].start_timer_decision_attributes
            .as_ref()
            .unwrap()
            .start_to_fire_timeout,
        "2",
        "the backoff doubles"
    );
    h.timer_fired("charge#3");
    assert_eq!(
        decide_and_record(OrderWorkflow, &mut h).activity_ids(),
        ["charge#3"]
    );
    h.activity_failed("charge#3", "GatewayTimeout", None);
    let d = decide(OrderWorkflow, &mut h);
    assert_eq!(
        d.failure().unwrap().reason.as_deref(),
        Some("activity `charge` failed: GatewayTimeout")
    );
}
