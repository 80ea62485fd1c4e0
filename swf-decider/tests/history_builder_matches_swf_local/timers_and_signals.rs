//! Timers that fire or are canceled, and signals around decision tasks.

use super::Step::*;
use super::*;

#[tokio::test]
async fn timers_fire_and_are_canceled() {
    let steps = vec![
        Decide(vec![start_timer("soon", 0), start_timer("later", 3600)]),
        TimerFired("soon"),
        Decide(vec![cancel_timer("later"), complete(None)]),
    ];
    check("timers", steps).await;
}

#[tokio::test]
async fn signals_before_between_and_during_decision_tasks() {
    let steps = vec![
        Signal("early", Some(r#"{"n":1}"#)),
        Decide(vec![]),
        Signal("between", None),
        DecisionStarted,
        Signal("during", Some(r#"{"n":3}"#)),
        Decide(vec![record_marker("seen", Some("2 signals"))]),
        Decide(vec![complete(None)]),
    ];
    check("signals", steps).await;
}
