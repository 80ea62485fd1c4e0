//! End to end on swf-local: a history over 1,000 events, read in several pages per decision task
//! and decided over several tasks (100 decisions per response).

mod common;

use common::local::{execution, serve_examples, start, within};
use common::workflows::MarkersWorkflow;
use swf_decider::StartOptions;
use swf_decider::testing::Replay;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_history_over_1000_events_is_read_in_pages_and_decided() {
    let local = start().await;
    let mut builder = local.decider("markers");
    serve_examples(&mut builder).maximum_page_size(250);
    let decider = builder.build().unwrap();
    decider.register().await.unwrap();

    let run = local
        .workflows()
        .start::<MarkersWorkflow>("markers-1", &1_100, &StartOptions::new())
        .await
        .unwrap();
    // Driven task by task, so each task's report can be read; bounded: 12 tasks are needed.
    let mut reports = Vec::new();
    for _ in 0..40 {
        if let Some(report) = within(10, decider.poll_once()).await.unwrap() {
            assert!(report.responded, "{:?}", report.outcome);
            let closes = report
                .outcome
                .as_ref()
                .unwrap()
                .iter()
                .any(|d| d.decision_type.as_str() == "CompleteWorkflowExecution");
            reports.push(report);
            if closes {
                break;
            }
        }
    }
    assert_eq!(within(10, run.result()).await.unwrap(), 1_100);
    let last = reports.last().unwrap();
    assert!(last.events > 1_000, "{} events", last.events);
    assert_eq!(last.pages, last.events.div_ceil(250));
    assert!(last.pages >= 5);

    // The recorded history replays, every task checked.
    let events = local.history(&execution(&run)).await;
    assert!(events.len() > 1_100);
    Replay::new(MarkersWorkflow).run(events).unwrap();
}
