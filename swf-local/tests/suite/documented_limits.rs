//! The quotas of SWF's documentation that no model bound states: 1 MB per request. (The other
//! documented limits have tests of their own: 50 tags in `registration_faults`, 1,000 open
//! activities in `decision_failures`, timers and children in `open_limits`, 25,000 events in
//! `history_limit`.)

use crate::common::*;
use serde_json::json;

/// SWF's "1 MB per request", as swf-local counts it: bytes of body.
const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// A `RegisterDomain` body of exactly `size` bytes, padded with a member the model does not
/// define (ignored, so only the size decides).
fn register_domain_of_size(name: &str, size: usize) -> String {
    let empty =
        json!({"name": name, "workflowExecutionRetentionPeriodInDays": "1", "pad": ""}).to_string();
    let pad = "x".repeat(size - empty.len());
    let body = json!({"name": name, "workflowExecutionRetentionPeriodInDays": "1", "pad": pad})
        .to_string();
    assert_eq!(body.len(), size);
    body
}

#[tokio::test]
async fn a_request_over_1_mb_is_refused_and_changes_nothing() {
    let env = env().await;
    let url = env.server.endpoint_url();
    let op = Some("SimpleWorkflowService.RegisterDomain");

    let (status, body) = raw(
        &url,
        op,
        &register_domain_of_size("over", MAX_REQUEST_BYTES + 1),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["__type"],
        "com.amazon.coral.validate#ValidationException"
    );
    assert!(body["message"].as_str().unwrap().contains("1 MB"), "{body}");
    let (_, described) = raw(
        &url,
        Some("SimpleWorkflowService.DescribeDomain"),
        &json!({"name": "over"}).to_string(),
    )
    .await;
    assert_eq!(
        described["__type"],
        "com.amazonaws.swf.base.model#UnknownResourceFault"
    );

    let (status, body) = raw(&url, op, &register_domain_of_size("at", MAX_REQUEST_BYTES)).await;
    assert_eq!(status, 200, "{body}");
}

/// What a decider meets first: a decision list whose details add up past 1 MB, though each
/// decision is within its own bounds, is refused whole; the task stays open for a smaller one.
#[tokio::test]
async fn a_decision_list_over_1_mb_is_refused_whole() {
    let env = env().await;
    let execution = env.start("w").await;
    let task = env.decision().await;
    let details = "d".repeat(32_000);
    let markers = |n: usize| {
        (0..n)
            .map(|i| swf_testkit::harness::decisions::marker(&format!("m{i}"), Some(&details)))
            .collect::<Vec<_>>()
    };

    let err = env.try_decide(&task, markers(33)).await.unwrap_err();
    assert_eq!(err.code(), Some("ValidationException"), "{err}");
    assert_eq!(
        types(&env.history(&execution).await),
        [
            "WorkflowExecutionStarted",
            "DecisionTaskScheduled",
            "DecisionTaskStarted"
        ]
    );

    env.decide(&task, markers(32)).await;
    let recorded = types(&env.history(&execution).await);
    assert_eq!(
        recorded.iter().filter(|t| *t == "MarkerRecorded").count(),
        32
    );
}

/// "There is a one-year max limit on the time that a workflow execution can run" (the
/// reference, `executionStartToCloseTimeout`): an execution given two years times out after one.
#[tokio::test]
async fn an_execution_runs_at_most_one_year() {
    use std::time::Duration;
    use swf_core::types::*;
    const YEAR: Duration = Duration::from_secs(365 * 24 * 60 * 60);
    let server = swf_local::Server::builder()
        .virtual_clock(swf_local::VirtualClock::new().manual())
        .start()
        .await
        .unwrap();
    let client = client_for(&server.endpoint_url()).await;
    register_domain(&client, DOMAIN).await;
    let execution = swf_testkit::harness::Domain::new(client.clone(), DOMAIN)
        .start(StartWorkflowExecutionInput {
            workflow_id: "long".into(),
            workflow_type: wf_type(),
            execution_start_to_close_timeout: Some((2 * YEAR.as_secs()).to_string()),
            ..Default::default()
        })
        .await;
    let describe = || async {
        client
            .describe_workflow_execution(DescribeWorkflowExecutionInput {
                domain: DOMAIN.into(),
                execution: execution.clone(),
            })
            .await
            .unwrap()
            .execution_info
    };

    server.advance(YEAR - Duration::from_secs(1)).await.unwrap();
    assert_eq!(describe().await.close_status, None);
    server.advance(Duration::from_secs(2)).await.unwrap();
    let info = describe().await;
    assert_eq!(info.close_status, Some(CloseStatus::TimedOut));
    let ran = info.close_timestamp.unwrap().as_millis() - info.start_timestamp.as_millis();
    assert_eq!(ran, YEAR.as_millis() as i64);
    server.shutdown().await;
}
