//! A batch of orders runs a few at a time as child workflows and continues as new after each few,
//! carrying its counts to the next run.

mod common;

use common::{App, Settings, count, within};
use examples::order::{self, Batch, BatchReport, OrderBatchWorkflow};
use swf_core::types::{
    CloseStatus, EventType, ExecutionTimeFilter, ListClosedWorkflowExecutionsInput, Timestamp,
    WorkflowExecution, WorkflowExecutionFilter,
};
use swf_decider::StartOptions;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_continues_as_new_every_few_orders() {
    let app = App::order(Settings::default()).await;
    let batch = Batch::new("batch-1", 5, 2);
    let run = app
        .workflows
        .start::<OrderBatchWorkflow>("batch-1", &batch, &StartOptions::new())
        .await
        .unwrap();

    // The handle follows the runs to the last one's result.
    let report: BatchReport = within(30, run.result()).await.unwrap();
    assert_eq!(
        report,
        BatchReport {
            orders: 5,
            shipped: 5,
            runs: 3
        }
    );

    let closed = app
        .client
        .list_closed_workflow_executions(ListClosedWorkflowExecutionsInput {
            domain: order::DOMAIN.into(),
            execution_filter: Some(WorkflowExecutionFilter {
                workflow_id: "batch-1".into(),
            }),
            start_time_filter: Some(ExecutionTimeFilter {
                oldest_date: Timestamp::from_millis(0),
                latest_date: None,
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let mut statuses: Vec<_> = closed
        .execution_infos
        .iter()
        .map(|info| info.close_status.clone())
        .collect();
    statuses.sort_by_key(|s| format!("{s:?}"));
    assert_eq!(
        statuses,
        [
            Some(CloseStatus::Completed),
            Some(CloseStatus::ContinuedAsNew),
            Some(CloseStatus::ContinuedAsNew)
        ]
    );

    // The first run started two orders, then handed the counts to the next run.
    let first = app
        .history(&WorkflowExecution {
            workflow_id: "batch-1".into(),
            run_id: run.run_id().unwrap().into(),
        })
        .await;
    assert_eq!(
        count(&first, EventType::StartChildWorkflowExecutionInitiated),
        2
    );
    let continued = first
        .last()
        .and_then(|e| {
            e.workflow_execution_continued_as_new_event_attributes
                .as_ref()
        })
        .expect("the first run continued as new");
    let next: Batch = serde_json::from_str(continued.input.as_deref().unwrap()).unwrap();
    assert_eq!((next.done, next.shipped, next.runs), (2, 2, 1));
    app.stop().await;
}
