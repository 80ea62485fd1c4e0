//! Child workflows, and the signals and cancel requests sent to them.

use super::Step::*;
use super::*;

#[tokio::test]
async fn children_start_then_complete_or_fail() {
    let steps = vec![
        Decide(vec![start_child("child-ok"), start_child("child-bad")]),
        ChildStarted("child-ok"),
        ChildStarted("child-bad"),
        Decide(vec![]),
        ChildCompleted("child-ok", Some(r#""fine""#)),
        Decide(vec![]),
        ChildFailed("child-bad", "Broken", Some("child details")),
        Decide(vec![complete(None)]),
    ];
    check("children", steps).await;
}

#[tokio::test]
async fn a_child_is_signaled_and_asked_to_cancel() {
    let steps = vec![
        Decide(vec![start_child("target")]),
        ChildStarted("target"),
        Decide(vec![signal_external("poke-1", "target", "poke")]),
        ExternalSignaled("poke-1"),
        Decide(vec![request_cancel_external("stop-1", "target")]),
        ExternalCancelRequested("stop-1"),
        Decide(vec![complete(None)]),
    ];
    check("external_requests", steps).await;
}
