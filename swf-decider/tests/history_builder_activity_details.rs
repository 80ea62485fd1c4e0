//! HistoryBuilder's `activity_timed_out` records the details given, as `activity_failed` and
//! `activity_canceled` do; without them, those of the activity's latest heartbeat, as SWF does.

use swf_core::types::{ActivityTaskTimeoutType, EventAttributesRef, HistoryEvent};
use swf_decider::testing::HistoryBuilder;

/// The details of the history's `ActivityTaskTimedOut` events, in order.
fn timed_out_details(events: &[HistoryEvent]) -> Vec<Option<&str>> {
    events
        .iter()
        .filter_map(|e| match e.attributes() {
            EventAttributesRef::ActivityTaskTimedOut(a) => Some(a.details.as_deref()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_timed_out_activity_carries_the_details_given_or_its_latest_heartbeats() {
    let mut h = HistoryBuilder::new("w", "1");
    h.decision_task()
        .activity_scheduled("given", "a", "1")
        .activity_scheduled("beat", "a", "1")
        .activity_scheduled("both", "a", "1")
        .activity_scheduled("none", "a", "1");
    h.activity_timed_out("given", ActivityTaskTimeoutType::Heartbeat, Some("50%"))
        .activity_heartbeat("beat", Some("10%"))
        .activity_timed_out("beat", ActivityTaskTimeoutType::Heartbeat, None)
        .activity_heartbeat("both", Some("10%"))
        .activity_timed_out("both", ActivityTaskTimeoutType::StartToClose, Some("90%"))
        .activity_timed_out("none", ActivityTaskTimeoutType::ScheduleToStart, None);
    let events = h.events();
    assert_eq!(
        timed_out_details(&events),
        [Some("50%"), Some("10%"), Some("90%"), None]
    );
}
