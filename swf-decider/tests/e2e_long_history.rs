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
    // The whole history on every task, read in pages: no state cache, whose polls would bring
    // only the events since the previous task (`e2e_state_cache` covers those).
    serve_examples(&mut builder)
        .maximum_page_size(250)
        .cache_capacity(0);
    let decider = builder.build().unwrap();
    decider.register().await.unwrap();

    let run = local
        .workflows()
        .start::<MarkersWorkflow>("markers-1", &1_100, &StartOptions::new())
        .await
        .unwrap();
    // Driven task by task, so each task's report can be read; bounded: 12 tasks are needed (99
    // markers and the continuation timer in each of the first 11, then 11 markers and the
    // completion), and every poll that finds no task ends after 200 ms.
    let mut reports = Vec::new();
    let mut closed = false;
    for _ in 0..40 {
        if let Some(report) = within(10, decider.poll_once()).await.unwrap() {
            assert!(report.responded, "{:?}", report.outcome);
            closed = report
                .outcome
                .as_ref()
                .unwrap()
                .iter()
                .any(|d| d.decision_type.as_str() == "CompleteWorkflowExecution");
            reports.push(report);
            if closed {
                break;
            }
        }
    }
    assert!(closed, "no completion in {} tasks", reports.len());
    assert_eq!(reports.len(), 12);
    assert_eq!(within(10, run.result()).await.unwrap(), 1_100);
    // The last task's history: the start and its decision task (2), 11 continued tasks of 104
    // events (task started and completed, 99 markers, the timer started and fired, the next task
    // scheduled), and the last task's start: 1,147 events, in 5 pages of 250.
    let last = reports.last().unwrap();
    assert_eq!((last.events, last.pages), (1_147, 5));

    // The recorded history replays, every task checked.
    // Then the last decision task's completion, 11 markers and the execution's completion.
    let events = local.history(&execution(&run)).await;
    assert_eq!(events.len(), 1_147 + 13);
    Replay::new(MarkersWorkflow).run(events).unwrap();
}
