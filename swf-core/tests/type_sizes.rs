//! The attribute members of `HistoryEvent` and `Decision` are boxed, so a history of 25,000
//! events costs a pointer per member per event rather than every attribute structure inline
//! (an inline `HistoryEvent` was 4.7 KB). This fails if the generator stops boxing them.

use swf_core::types::{Decision, HistoryEvent};

#[test]
fn history_events_and_decisions_stay_small() {
    let event = std::mem::size_of::<HistoryEvent>();
    let decision = std::mem::size_of::<Decision>();
    println!("HistoryEvent: {event} bytes, Decision: {decision} bytes");
    assert!(event <= 600, "HistoryEvent is {event} bytes");
    assert!(decision <= 200, "Decision is {decision} bytes");
}
