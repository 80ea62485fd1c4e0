//! `EventAttributes` and `DecisionAttributes` convert to and from the wire structures without
//! losing anything, for every variant and for what no variant expresses.

use crate::generated::attributes::{every_decision_attributes, every_event_attributes};
use crate::types::*;
use serde_json::{Value, json};

fn at() -> Timestamp {
    Timestamp::from_millis(1_700_000_000_250)
}

/// The keys of `value`, an object, sorted.
fn keys(value: &Value) -> Vec<String> {
    let mut k: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    k.sort();
    k
}

#[test]
fn every_event_type_round_trips_through_the_wire_event() {
    let all = every_event_attributes();
    let types: std::collections::BTreeSet<String> = all
        .iter()
        .map(|a| a.event_type().as_str().to_owned())
        .collect();
    assert_eq!(
        types.len(),
        EventType::VALUES.len(),
        "one variant per event type"
    );
    for attributes in all {
        let name = attributes.event_type().as_str().to_owned();
        let event = HistoryEvent::new(7, at(), attributes.clone());
        assert_eq!(event.event_type.as_str(), name);
        assert!(!event.event_type.is_unknown(), "{name}");
        assert!(
            !matches!(event.attributes(), EventAttributesRef::Unknown(_)),
            "{name} reads back as Unknown"
        );
        // On the wire: the three event members and exactly the attribute member the type names.
        let wire = serde_json::to_value(&event).unwrap();
        let member = format!("{}{}EventAttributes", name[..1].to_lowercase(), &name[1..]);
        let mut expected = vec![
            "eventId".to_owned(),
            "eventTimestamp".to_owned(),
            "eventType".to_owned(),
            member,
        ];
        expected.sort();
        assert_eq!(keys(&wire), expected, "{name}");
        let decoded: HistoryEvent = serde_json::from_value(wire).unwrap();
        assert_eq!(decoded, event, "{name}");
        assert_eq!(decoded.into_parts(), (7, at(), attributes), "{name}");
    }
}

#[test]
fn every_decision_type_round_trips_through_the_wire_decision() {
    let all = every_decision_attributes();
    let types: std::collections::BTreeSet<String> = all
        .iter()
        .map(|a| a.decision_type().as_str().to_owned())
        .collect();
    assert_eq!(
        types.len(),
        DecisionType::VALUES.len(),
        "one variant per decision type"
    );
    for attributes in all {
        let name = attributes.decision_type().as_str().to_owned();
        let decision = Decision::from(attributes.clone());
        assert_eq!(decision.decision_type.as_str(), name);
        assert!(
            !matches!(decision.attributes(), DecisionAttributesRef::Unknown(_)),
            "{name} reads back as Unknown"
        );
        let wire = serde_json::to_value(&decision).unwrap();
        let member = format!(
            "{}{}DecisionAttributes",
            name[..1].to_lowercase(),
            &name[1..]
        );
        let mut expected = vec!["decisionType".to_owned(), member];
        expected.sort();
        assert_eq!(keys(&wire), expected, "{name}");
        let decoded: Decision = serde_json::from_value(wire).unwrap();
        assert_eq!(decoded, decision, "{name}");
        assert_eq!(DecisionAttributes::from(decoded), attributes, "{name}");
    }
}

#[test]
fn a_constructor_from_attributes_sets_the_matching_type() {
    let d = Decision::from(StartTimerDecisionAttributes {
        timer_id: "t".into(),
        start_to_fire_timeout: "5".into(),
        ..Default::default()
    });
    assert_eq!(d.decision_type, DecisionType::StartTimer);
    assert!(matches!(d.attributes(), DecisionAttributesRef::StartTimer(a) if a.timer_id == "t"));
    let e = HistoryEvent::new(
        3,
        at(),
        TimerFiredEventAttributes {
            timer_id: "t".into(),
            started_event_id: 2,
        }
        .into(),
    );
    assert_eq!(e.event_type, EventType::TimerFired);
    assert!(matches!(e.attributes(), EventAttributesRef::TimerFired(a) if a.started_event_id == 2));
}

/// Events no variant expresses, each as it comes off the wire.
fn unreadable_events() -> Vec<Value> {
    vec![
        // A type from a newer service (its attribute member is one the wire struct does not know).
        json!({"eventId": 3, "eventTimestamp": 1700000000.25, "eventType": "WorkflowExecutionPaused"}),
        // A known type without its attributes.
        json!({"eventId": 4, "eventTimestamp": 1700000000.25, "eventType": "TimerFired"}),
        // A known type with another type's attributes.
        json!({"eventId": 5, "eventTimestamp": 1700000000.25, "eventType": "TimerFired",
               "timerCanceledEventAttributes": {"timerId": "t", "startedEventId": 1, "decisionTaskCompletedEventId": 2}}),
        // Its own attributes and a second member.
        json!({"eventId": 6, "eventTimestamp": 1700000000.25, "eventType": "TimerFired",
               "timerFiredEventAttributes": {"timerId": "t", "startedEventId": 1},
               "timerCanceledEventAttributes": {"timerId": "t", "startedEventId": 1, "decisionTaskCompletedEventId": 2}}),
    ]
}

#[test]
fn events_no_variant_expresses_are_kept_whole_in_unknown() {
    for json in unreadable_events() {
        let event: HistoryEvent = serde_json::from_value(json.clone()).unwrap();
        assert!(
            matches!(event.attributes(), EventAttributesRef::Unknown(e) if *e == event),
            "{json}"
        );
        let (id, timestamp, attributes) = event.clone().into_parts();
        let EventAttributes::Unknown(whole) = &attributes else {
            panic!("{json} read as {attributes:?}");
        };
        assert_eq!(whole.event_type.as_str(), json["eventType"], "{json}");
        assert_eq!(attributes.event_type(), event.event_type, "{json}");
        let rebuilt = HistoryEvent::new(id, timestamp, attributes);
        assert_eq!(rebuilt, event, "{json}");
        assert_eq!(serde_json::to_value(&rebuilt).unwrap(), json, "{json}");
    }
}

#[test]
fn an_event_of_a_newer_service_decodes_with_its_type_kept() {
    // The attribute member of a type this version does not know has no field in `HistoryEvent`:
    // it is kept in `unknown_members` (tests/unknown_members.rs); the type, id and timestamp
    // survive every conversion.
    let json = json!({"eventId": 9, "eventTimestamp": 1700000000.25, "eventType": "WorkflowExecutionPaused",
                      "workflowExecutionPausedEventAttributes": {"reason": "r"}});
    let event: HistoryEvent = serde_json::from_value(json).unwrap();
    let (id, timestamp, attributes) = event.clone().into_parts();
    assert_eq!((id, timestamp), (9, at()));
    assert_eq!(attributes.event_type().as_str(), "WorkflowExecutionPaused");
    assert_eq!(HistoryEvent::new(id, timestamp, attributes), event);
}

#[test]
fn decisions_no_variant_expresses_are_kept_whole_in_unknown() {
    let unreadable = [
        json!({"decisionType": "PauseWorkflowExecution"}),
        json!({"decisionType": "StartTimer"}),
        json!({"decisionType": "StartTimer", "cancelTimerDecisionAttributes": {"timerId": "t"}}),
    ];
    for json in unreadable {
        let decision: Decision = serde_json::from_value(json.clone()).unwrap();
        let attributes = DecisionAttributes::from(decision.clone());
        assert!(
            matches!(&attributes, DecisionAttributes::Unknown(d) if **d == decision),
            "{json}"
        );
        assert_eq!(attributes.decision_type(), decision.decision_type, "{json}");
        let rebuilt = Decision::from(attributes);
        assert_eq!(serde_json::to_value(&rebuilt).unwrap(), json, "{json}");
    }
}

#[test]
fn a_service_reads_a_decision_by_its_type_alone() {
    let read = |json: Value| {
        serde_json::from_value::<Decision>(json)
            .unwrap()
            .into_attributes_or_default()
    };
    // A closing decision without attributes reads as empty ones.
    assert_eq!(
        read(json!({"decisionType": "CompleteWorkflowExecution"})),
        DecisionAttributes::CompleteWorkflowExecution(Box::default())
    );
    // Another type's attributes beside the decision's own are ignored.
    assert_eq!(
        read(json!({"decisionType": "StartTimer",
                    "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "5"},
                    "cancelTimerDecisionAttributes": {"timerId": "u"}})),
        DecisionAttributes::StartTimer(Box::new(StartTimerDecisionAttributes {
            timer_id: "t".into(),
            start_to_fire_timeout: "5".into(),
            ..Default::default()
        }))
    );
    // Only an unknown type stays whole in Unknown.
    let unknown = read(json!({"decisionType": "PauseWorkflowExecution"}));
    assert!(
        matches!(&unknown, DecisionAttributes::Unknown(d) if d.decision_type.as_str() == "PauseWorkflowExecution"),
        "{unknown:?}"
    );
}
