//! A domain's retention period: closed executions are deleted when it ends; with `0` (or
//! `NONE`) as soon as they close, as SWF does.

use crate::common::*;
use swf_core::types::*;

#[tokio::test]
async fn zero_retention_deletes_closed_executions() {
    let env = env().await;
    env.client
        .register_domain(RegisterDomainInput {
            name: "brief".into(),
            workflow_execution_retention_period_in_days: "0".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    env.client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: "brief".into(),
            name: WORKFLOW.into(),
            version: "1".into(),
            default_task_list: Some(TaskList {
                name: DECISIONS.into(),
            }),
            default_execution_start_to_close_timeout: Some("60".into()),
            default_task_start_to_close_timeout: Some("10".into()),
            default_child_policy: Some(ChildPolicy::Terminate),
            ..Default::default()
        })
        .await
        .unwrap();
    let run = env
        .client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "brief".into(),
            workflow_id: "w".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await
        .unwrap();
    let execution = WorkflowExecution {
        workflow_id: "w".into(),
        run_id: run.run_id.unwrap(),
    };
    env.client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: "brief".into(),
            workflow_id: "w".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    // The deletion is due at once; one empty poll (1 s) is more than enough time for it.
    env.try_decision_on("idle").await;
    let gone = env
        .client
        .describe_workflow_execution(DescribeWorkflowExecutionInput {
            domain: "brief".into(),
            execution: execution.clone(),
        })
        .await
        .unwrap_err();
    assert!(gone.is_unknown_resource(), "{gone}");
    let closed = env
        .client
        .count_closed_workflow_executions(CountClosedWorkflowExecutionsInput {
            domain: "brief".into(),
            start_time_filter: Some(ExecutionTimeFilter {
                oldest_date: Timestamp::from_millis(0),
                latest_date: None,
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(closed.count, 0);

    // A domain that keeps a day keeps it.
    let kept = env.start("kept").await;
    env.client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: "d".into(),
            workflow_id: "kept".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    env.try_decision_on("idle").await;
    assert_eq!(
        env.describe(&kept).await.execution_info.close_status,
        Some(CloseStatus::Terminated)
    );
}
