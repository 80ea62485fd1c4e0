//! The harness on swf-local: a whole history is every event once, in order, and a history whose
//! pages never end fails the test at the bound instead of hanging it.

use std::time::Duration;

use swf_core::types::*;
use swf_testkit::harness::{Domain, Harness, client, within};
use swf_testkit::proxy::{FaultProxy, never_last};

/// A domain with a workflow type, and an execution of it that was signalled `signals` times.
async fn signalled(harness: &Harness, signals: usize) -> (Domain, WorkflowExecution) {
    let domain = harness.domain("d");
    domain.register().await.unwrap();
    let workflow_type = RegisterWorkflowTypeInput {
        name: "wf".into(),
        version: "1".into(),
        default_task_list: Some(TaskList { name: "l".into() }),
        default_execution_start_to_close_timeout: Some("60".into()),
        default_task_start_to_close_timeout: Some("10".into()),
        default_child_policy: Some(ChildPolicy::Terminate),
        ..Default::default()
    };
    domain.register_workflow_type(workflow_type).await.unwrap();
    let execution = domain
        .start(StartWorkflowExecutionInput {
            workflow_id: "w".into(),
            workflow_type: WorkflowType {
                name: "wf".into(),
                version: "1".into(),
            },
            ..Default::default()
        })
        .await;
    for _ in 0..signals {
        domain.signal(&execution.workflow_id, None, "s", None).await;
    }
    (domain, execution)
}

#[tokio::test]
async fn a_history_is_every_event_once_in_order() {
    let harness = Harness::start(Duration::from_secs(1)).await;
    // Started, decision task scheduled, then one event a signal: more than one 1,000-event page.
    let (domain, execution) = signalled(&harness, 1_100).await;
    let events = within(60, domain.history(&execution)).await;
    let ids: Vec<i64> = events.iter().map(|e| e.event_id).collect();
    assert_eq!(ids, (1..=1_102).collect::<Vec<i64>>());
    harness.shutdown().await;
}

#[tokio::test]
#[should_panic(expected = "the history did not end after 27 pages")]
async fn a_history_whose_pages_never_end_fails_at_the_bound() {
    let harness = Harness::start(Duration::from_secs(1)).await;
    let (_, execution) = signalled(&harness, 1_100).await;
    let endless = FaultProxy::start(&harness.endpoint()).await;
    endless.rewrite_answers("GetWorkflowExecutionHistory", never_last);
    let through = Domain::new(
        client(&endless.endpoint_url(), Default::default()).await,
        "d",
    );
    within(60, through.history(&execution)).await;
}
