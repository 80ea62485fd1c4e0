//! A marker, then the workflow continued as new.

use super::Step::*;
use super::*;

#[tokio::test]
async fn a_marker_is_recorded_and_the_workflow_continues_as_new() {
    let steps = vec![
        Decide(vec![record_marker("version", Some(r#"{"v":2}"#))]),
        Signal("next", None),
        Decide(vec![continue_as_new(r#"{"generation":2}"#)]),
    ];
    check("continue_as_new", steps).await;
}
