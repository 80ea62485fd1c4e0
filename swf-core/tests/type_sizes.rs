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

/// The generated enums box every variant's attributes, so matching on one costs two words
/// whichever type it holds (inline, the largest attribute structure would set every variant's size).
#[test]
fn event_and_decision_attribute_enums_stay_two_words() {
    use swf_core::types::{DecisionAttributes, EventAttributes};
    let word = std::mem::size_of::<usize>();
    let event = std::mem::size_of::<EventAttributes>();
    let decision = std::mem::size_of::<DecisionAttributes>();
    println!("EventAttributes: {event} bytes, DecisionAttributes: {decision} bytes");
    assert!(event <= 2 * word, "EventAttributes is {event} bytes");
    assert!(
        decision <= 2 * word,
        "DecisionAttributes is {decision} bytes"
    );
}
