//! Listing and counting executions with SWF's filters, paging and order.

use crate::common::*;
use swf_core::types::*;

fn since_epoch() -> ExecutionTimeFilter {
    ExecutionTimeFilter {
        oldest_date: Timestamp::from_millis(0),
        latest_date: None,
    }
}

async fn open_ids(env: &Env, input: ListOpenWorkflowExecutionsInput) -> Vec<String> {
    env.client
        .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
            domain: "d".into(),
            ..input
        })
        .await
        .unwrap()
        .execution_infos
        .into_iter()
        .map(|i| i.execution.workflow_id)
        .collect()
}

#[tokio::test]
async fn open_and_closed_filters() {
    let env = env().await;
    for (id, tag) in [("a", "red"), ("b", "blue"), ("c", "red")] {
        env.start_with(StartWorkflowExecutionInput {
            workflow_id: id.into(),
            tag_list: Some(vec![tag.into()]),
            ..Default::default()
        })
        .await;
    }
    // Newest first by default, oldest first in reverse.
    let all = open_ids(
        &env,
        ListOpenWorkflowExecutionsInput {
            start_time_filter: since_epoch(),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(all, ["c", "b", "a"]);
    let reversed = open_ids(
        &env,
        ListOpenWorkflowExecutionsInput {
            start_time_filter: since_epoch(),
            reverse_order: Some(true),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(reversed, ["a", "b", "c"]);
    let red = open_ids(
        &env,
        ListOpenWorkflowExecutionsInput {
            start_time_filter: since_epoch(),
            tag_filter: Some(TagFilter { tag: "red".into() }),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(red, ["c", "a"]);
    let by_id = open_ids(
        &env,
        ListOpenWorkflowExecutionsInput {
            start_time_filter: since_epoch(),
            execution_filter: Some(WorkflowExecutionFilter {
                workflow_id: "b".into(),
            }),
            ..Default::default()
        },
    )
    .await;
    assert_eq!(by_id, ["b"]);
    let future = open_ids(
        &env,
        ListOpenWorkflowExecutionsInput {
            start_time_filter: ExecutionTimeFilter {
                oldest_date: Timestamp::from_millis(Timestamp::now().as_millis() + 60_000),
                latest_date: None,
            },
            ..Default::default()
        },
    )
    .await;
    assert!(future.is_empty());

    // Paging.
    let page = env
        .client
        .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
            domain: "d".into(),
            start_time_filter: since_epoch(),
            maximum_page_size: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.execution_infos.len(), 2);
    let rest = env
        .client
        .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
            domain: "d".into(),
            start_time_filter: since_epoch(),
            maximum_page_size: Some(2),
            next_page_token: page.next_page_token,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(rest.execution_infos.len(), 1);
    assert!(rest.next_page_token.is_none());

    // Close one and check the closed listings and counts.
    env.client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "b".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let closed = env
        .client
        .list_closed_workflow_executions(ListClosedWorkflowExecutionsInput {
            domain: "d".into(),
            close_time_filter: Some(since_epoch()),
            close_status_filter: Some(CloseStatusFilter {
                status: CloseStatus::Terminated,
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(closed.execution_infos.len(), 1);
    assert_eq!(closed.execution_infos[0].execution.workflow_id, "b");
    let count = env
        .client
        .count_closed_workflow_executions(CountClosedWorkflowExecutionsInput {
            domain: "d".into(),
            start_time_filter: Some(since_epoch()),
            close_status_filter: Some(CloseStatusFilter {
                status: CloseStatus::Completed,
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(count.count, 0);
    let open = env
        .client
        .count_open_workflow_executions(CountOpenWorkflowExecutionsInput {
            domain: "d".into(),
            start_time_filter: since_epoch(),
            type_filter: Some(WorkflowTypeFilter {
                name: WORKFLOW.into(),
                version: Some("1".into()),
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(open.count, 2);
}

#[tokio::test]
async fn exclusive_filters_are_refused() {
    let env = env().await;
    let both_times = env
        .client
        .list_closed_workflow_executions(ListClosedWorkflowExecutionsInput {
            domain: "d".into(),
            start_time_filter: Some(since_epoch()),
            close_time_filter: Some(since_epoch()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(both_times.is_validation_exception(), "{both_times}");
    let no_time = env
        .client
        .count_closed_workflow_executions(CountClosedWorkflowExecutionsInput {
            domain: "d".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(no_time.is_validation_exception(), "{no_time}");
    let two_filters = env
        .client
        .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
            domain: "d".into(),
            start_time_filter: since_epoch(),
            tag_filter: Some(TagFilter { tag: "x".into() }),
            execution_filter: Some(WorkflowExecutionFilter {
                workflow_id: "y".into(),
            }),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert!(two_filters.is_validation_exception(), "{two_filters}");
}
