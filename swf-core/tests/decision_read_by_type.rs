//! A decision read as a service reads it, by its type alone: `Decision::attributes_of_type`
//! (borrowed) and `Decision::into_attributes_or_default` (owned) agree on every decision type.

use serde_json::{Value, json};
use swf_core::types::{Decision, DecisionAttributes, DecisionAttributesRef, DecisionType};

/// The decision types whose attributes require nothing, so that a missing member reads as empty.
const MAY_OMIT: [&str; 4] = [
    "CompleteWorkflowExecution",
    "FailWorkflowExecution",
    "CancelWorkflowExecution",
    "ContinueAsNewWorkflowExecution",
];

/// `ScheduleActivityTask` → `scheduleActivityTaskDecisionAttributes`.
fn member(t: &str) -> String {
    format!("{}{}DecisionAttributes", t[..1].to_lowercase(), &t[1..])
}

fn decode(json: Value) -> Decision {
    serde_json::from_value(json).unwrap()
}

#[test]
fn the_member_the_type_names_is_read_and_others_are_ignored() {
    for t in DecisionType::VALUES {
        // Another type's attributes beside the decision's own.
        let other = if *t == "CancelTimer" {
            "StartTimer"
        } else {
            "CancelTimer"
        };
        let d = decode(json!({"decisionType": t, member(t): {}, member(other): {"timerId": "u"}}));
        let read = d.attributes_of_type().unwrap();
        assert_eq!(read.decision_type().as_str(), *t);
        assert!(!matches!(read, DecisionAttributesRef::Unknown(_)), "{t}");
        let owned = d.clone().into_attributes_or_default();
        assert_eq!(owned.decision_type().as_str(), *t);
        // The owned reading keeps the type's own attributes only.
        let alone = decode(json!({"decisionType": t, member(t): {}}));
        assert_eq!(Decision::from(owned), alone, "{t}");
    }
}

#[test]
fn a_missing_member_is_empty_attributes_only_where_they_require_nothing() {
    for t in DecisionType::VALUES {
        let d = decode(json!({"decisionType": t}));
        let owned = d.clone().into_attributes_or_default();
        if MAY_OMIT.contains(t) {
            assert_eq!(d.attributes_of_type().unwrap().decision_type().as_str(), *t);
            assert_eq!(owned.decision_type().as_str(), *t);
            let empty = decode(json!({"decisionType": t, member(t): {}}));
            assert_eq!(Decision::from(owned), empty, "{t}");
        } else {
            let missing = d.attributes_of_type().unwrap_err();
            assert_eq!(missing.member, member(t));
            assert_eq!(missing.decision_type.as_str(), *t);
            assert_eq!(
                missing.to_string(),
                format!("{} must be set for decision type {t}", member(t))
            );
            assert!(
                matches!(&owned, DecisionAttributes::Unknown(whole) if **whole == d),
                "{t}: {owned:?}"
            );
        }
    }
}

#[test]
fn a_type_this_version_does_not_know_is_unknown_in_both_readings() {
    let d = decode(json!({"decisionType": "PauseWorkflowExecution",
                          "pauseWorkflowExecutionDecisionAttributes": {"reason": "r"}}));
    assert!(
        matches!(d.attributes_of_type(), Ok(DecisionAttributesRef::Unknown(whole)) if *whole == d)
    );
    assert!(
        matches!(d.clone().into_attributes_or_default(), DecisionAttributes::Unknown(whole) if *whole == d)
    );
}
