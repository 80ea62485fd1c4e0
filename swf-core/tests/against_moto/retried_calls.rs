//! Retried non-idempotent calls tell the truth when an earlier attempt was applied but its
//! answer was lost. moto is the service; a proxy in front of it loses answers on purpose.

use crate::proxy::LossyProxy;
use swf_core::Client;
use swf_core::types::*;
use swf_testkit::Moto;

async fn client_via(proxy: &LossyProxy) -> Client {
    Client::builder()
        .endpoint_url(&proxy.endpoint)
        .region("us-east-1")
        .static_credentials("testing", "testing", None)
        .retry_config(
            swf_core::RetryConfig::new().with_initial_backoff(std::time::Duration::from_millis(1)),
        )
        .build()
        .await
        .expect("client builds")
}

async fn register(client: &Client, domain: &str) {
    client
        .register_domain(RegisterDomainInput {
            name: domain.into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .expect("register domain");
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: domain.into(),
            name: "wf".into(),
            version: "1".into(),
            default_task_list: Some(TaskList {
                name: "main".into(),
            }),
            default_child_policy: Some(ChildPolicy::Terminate),
            default_execution_start_to_close_timeout: Some("3600".into()),
            default_task_start_to_close_timeout: Some("300".into()),
            ..Default::default()
        })
        .await
        .expect("register workflow type");
}

#[tokio::test]
async fn a_start_whose_answer_was_lost_returns_the_run_it_started() {
    let Some(moto) = Moto::start("a_start_whose_answer_was_lost_returns_the_run_it_started") else {
        return;
    };
    let proxy = LossyProxy::start(&moto.endpoint).await;
    let client = client_via(&proxy).await;
    register(&client, "r1").await;

    proxy.lose_answers("StartWorkflowExecution", 1);
    let run = client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "r1".into(),
            workflow_id: "once".into(),
            workflow_type: WorkflowType {
                name: "wf".into(),
                version: "1".into(),
            },
            ..Default::default()
        })
        .await
        .expect("the retry finds the execution the lost attempt started");
    let run_id = run.run_id.expect("run id");

    // It is the one open execution with that id, not a second one.
    let detail = client
        .describe_workflow_execution(DescribeWorkflowExecutionInput {
            domain: "r1".into(),
            execution: WorkflowExecution {
                workflow_id: "once".into(),
                run_id,
            },
        })
        .await
        .expect("the returned run exists");
    assert_eq!(
        detail.execution_info.execution_status,
        ExecutionStatus::Open
    );
}

#[tokio::test]
async fn a_start_that_really_collides_still_fails() {
    let Some(moto) = Moto::start("a_start_that_really_collides_still_fails") else {
        return;
    };
    let proxy = LossyProxy::start(&moto.endpoint).await;
    let client = client_via(&proxy).await;
    register(&client, "r2").await;
    let start = StartWorkflowExecutionInput {
        domain: "r2".into(),
        workflow_id: "taken".into(),
        workflow_type: WorkflowType {
            name: "wf".into(),
            version: "1".into(),
        },
        ..Default::default()
    };
    client
        .start_workflow_execution(start.clone())
        .await
        .expect("first start");
    let err = client
        .start_workflow_execution(start)
        .await
        .expect_err("second start collides");
    assert_eq!(
        err.code(),
        Some("WorkflowExecutionAlreadyStartedFault"),
        "{err}"
    );
    assert!(
        !err.after_ambiguous_attempt(),
        "no attempt was ambiguous: {err}"
    );
}

#[tokio::test]
async fn a_completion_whose_answer_was_lost_says_so() {
    let Some(moto) = Moto::start("a_completion_whose_answer_was_lost_says_so") else {
        return;
    };
    let proxy = LossyProxy::start(&moto.endpoint).await;
    let client = client_via(&proxy).await;
    register(&client, "r3").await;
    client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: "r3".into(),
            workflow_id: "w".into(),
            workflow_type: WorkflowType {
                name: "wf".into(),
                version: "1".into(),
            },
            ..Default::default()
        })
        .await
        .expect("start");
    let task = client
        .poll_for_decision_task(PollForDecisionTaskInput {
            domain: "r3".into(),
            task_list: TaskList {
                name: "main".into(),
            },
            ..Default::default()
        })
        .await
        .expect("poll");
    assert!(!task.task_token.is_empty());

    proxy.lose_answers("RespondDecisionTaskCompleted", 1);
    let err = client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: task.task_token,
            decisions: Some(vec![]),
            ..Default::default()
        })
        .await
        .expect_err("the retry meets the task the first attempt closed");
    assert!(err.is_unknown_resource(), "{err}");
    assert!(
        err.after_ambiguous_attempt(),
        "the error says an earlier attempt may have been applied: {err}"
    );
    assert_eq!(err.attempts(), 2, "{err}");
}
