//! Target 1: a `GetWorkflowExecutionHistory` page, a `PollForDecisionTask` answer or one
//! `HistoryEvent`, decoded with swf-core's generated types as the client decodes answers, and
//! the recorded-history loader (`swf_decider::testing::load_history`) and the timeline fold
//! (`swf_core::timeline::fold`, what `swf history` and swf-local's console show) on what decodes.
//!
//! Beyond "no panic": whatever decodes encodes, and the encoding decodes to the same value (a
//! client that stores a page and reads it back gets what it had).

use serde::Serialize;
use serde::de::DeserializeOwned;
use swf_core::types::{DecisionTask, History, HistoryEvent};

/// Checks one input; panics on a finding.
pub fn run(data: &[u8]) {
    if let Some(page) = round_trip::<History>(data) {
        let _ = swf_core::timeline::fold(&page.events);
    }
    if let Some(task) = round_trip::<DecisionTask>(data) {
        let _ = swf_core::timeline::fold(&task.events);
    }
    round_trip::<HistoryEvent>(data);
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(events) = swf_decider::testing::load_history(text)
    {
        let _ = swf_core::timeline::fold(&events);
    }
}

/// `data` decoded as `T` the way the client decodes an answer, then encoded and decoded again.
fn round_trip<T>(data: &[u8]) -> Option<T>
where
    T: DeserializeOwned + Serialize + PartialEq + std::fmt::Debug,
{
    let value: T = serde_json::from_slice(data).ok()?;
    let encoded = serde_json::to_vec(&value).expect("a decoded value encodes");
    let again: T = serde_json::from_slice(&encoded).unwrap_or_else(|e| {
        panic!(
            "its own encoding does not decode: {e}\n{}",
            String::from_utf8_lossy(&encoded)
        )
    });
    assert_eq!(value, again, "decoding its own encoding changed the value");
    Some(value)
}
