//! What tests ask of a history: the events of one type, and how many there are.

use swf_core::types::{EventType, HistoryEvent};

/// The events of `events` of type `kind`, in order.
pub fn of_type(events: &[HistoryEvent], kind: EventType) -> Vec<&HistoryEvent> {
    events.iter().filter(|e| e.event_type == kind).collect()
}

/// How many events of `events` are of type `kind`.
pub fn count(events: &[HistoryEvent], kind: EventType) -> usize {
    events.iter().filter(|e| e.event_type == kind).count()
}
