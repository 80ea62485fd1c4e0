//! What the tests of the example applications share: an application running on `swf-local` in
//! this process ([`App`], started by [`App::order`] or [`App::video`]), the example binaries run
//! to their end ([`binary`]), and readings of a history.
//!
//! An application's workers serve its own activities, each wrapped in [`Observed`], which tells
//! the test when a task starts and how it ended; everything else is the code the binaries run.
//! Every wait is bounded by [`within`], so a test that goes wrong fails instead of hanging.

// Each test binary uses only some of what is here.
#![allow(dead_code, unused_imports, unreachable_pub)]

mod app;
pub mod binary;
mod order_app;
mod video_app;

pub use app::{App, Seen};
pub use order_app::Settings;
use swf_core::types::{EventType, HistoryEvent, WorkflowExecution};
pub use swf_testkit::harness::events::{count, of_type};
pub use swf_testkit::harness::within;

/// The execution of a workflow handle.
pub fn execution<O: serde::de::DeserializeOwned>(
    run: &swf_decider::WorkflowHandle<O>,
) -> WorkflowExecution {
    WorkflowExecution {
        workflow_id: run.workflow_id().to_owned(),
        run_id: run.run_id().expect("a started run").to_owned(),
    }
}

/// The activity ids the history scheduled, in order.
pub fn scheduled(events: &[HistoryEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| e.activity_task_scheduled_event_attributes.as_ref())
        .map(|a| a.activity_id.clone())
        .collect()
}

/// The position of the first event of type `kind`.
pub fn first(events: &[HistoryEvent], kind: EventType) -> Option<usize> {
    events.iter().position(|e| e.event_type == kind)
}

/// The one event of type `kind`.
pub fn only(events: &[HistoryEvent], kind: EventType) -> &HistoryEvent {
    match of_type(events, kind.clone()).as_slice() {
        [event] => event,
        other => panic!("{} events of type {kind:?}, not one", other.len()),
    }
}

/// Seconds from event `from` to event `to`, by their timestamps.
pub fn seconds_between(from: &HistoryEvent, to: &HistoryEvent) -> f64 {
    let millis = to.event_timestamp.as_millis() - from.event_timestamp.as_millis();
    // Histories of tests span seconds: the conversion is exact.
    millis as f64 / 1000.0
}
