//! `Client::wait_for_close` against moto: a wait that sees the run open, gives up when told, and
//! then sees it close. (`Client::latest_run` is tested on swf-local, by the CLI's tests: moto's
//! listings ignore the workflow id filter and list closed runs oldest first.)

use std::time::Duration;

use crate::client_for;
use swf_core::types::*;
use swf_core::{Client, ClosedRun};
use swf_testkit::Moto;

const DOMAIN: &str = "runs";

/// Generous: only guards against a hang.
const HANG: Duration = Duration::from_secs(30);

async fn register(client: &Client) {
    client
        .register_domain(RegisterDomainInput {
            name: DOMAIN.to_owned(),
            workflow_execution_retention_period_in_days: "1".to_owned(),
            ..Default::default()
        })
        .await
        .expect("register domain");
    client
        .register_workflow_type(RegisterWorkflowTypeInput {
            domain: DOMAIN.to_owned(),
            name: "order".to_owned(),
            version: "1".to_owned(),
            default_task_list: Some(TaskList {
                name: "main".to_owned(),
            }),
            default_child_policy: Some(ChildPolicy::Terminate),
            default_execution_start_to_close_timeout: Some("3600".to_owned()),
            default_task_start_to_close_timeout: Some("300".to_owned()),
            ..Default::default()
        })
        .await
        .expect("register workflow type");
}

async fn start(client: &Client, workflow_id: &str) -> WorkflowExecution {
    let run = client
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: DOMAIN.to_owned(),
            workflow_id: workflow_id.to_owned(),
            workflow_type: WorkflowType {
                name: "order".to_owned(),
                version: "1".to_owned(),
            },
            ..Default::default()
        })
        .await
        .expect("start");
    WorkflowExecution {
        workflow_id: workflow_id.to_owned(),
        run_id: run.run_id.expect("a run id"),
    }
}

async fn terminate(client: &Client, run: &WorkflowExecution, reason: &str) {
    client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: DOMAIN.to_owned(),
            workflow_id: run.workflow_id.clone(),
            run_id: Some(run.run_id.clone()),
            reason: Some(reason.to_owned()),
            ..Default::default()
        })
        .await
        .expect("terminate");
}

#[tokio::test]
async fn a_wait_sees_the_run_open_then_reads_how_it_closed() {
    let Some(moto) = Moto::start("a_wait_sees_the_run_open_then_reads_how_it_closed") else {
        return;
    };
    let client = client_for(&moto).await;
    register(&client).await;
    let run = start(&client, "o-1").await;

    // Open: the wait keeps checking until its caller gives up, and still names the run.
    let mut wait = client
        .wait_for_close(DOMAIN, run.clone())
        .max_interval(Duration::from_millis(100));
    let gave_up = tokio::time::timeout(Duration::from_millis(300), wait.closed()).await;
    assert!(gave_up.is_err(), "closed while open: {gave_up:?}");
    assert_eq!(wait.execution(), &run);

    terminate(&client, &run, "stuck").await;
    let closed: ClosedRun = tokio::time::timeout(HANG, wait.closed())
        .await
        .expect("the wait ends once the run closed")
        .expect("the checks succeed");
    assert_eq!(
        (&closed.execution, &closed.close_status),
        (&run, &CloseStatus::Terminated)
    );
    let event = closed.closing_event.as_ref().expect("the closing event");
    assert_eq!(event.event_type, EventType::WorkflowExecutionTerminated);
    let terminated = event
        .workflow_execution_terminated_event_attributes
        .as_ref()
        .expect("terminated attributes");
    assert_eq!(terminated.reason.as_deref(), Some("stuck"));
    assert_eq!(closed.new_run_id(), None);
}
