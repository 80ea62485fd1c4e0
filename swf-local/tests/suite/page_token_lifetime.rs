//! "Each pagination token expires after 24 hours. Using an expired pagination token will return a
//! 400 error: "Specified token has exceeded its maximum lifetime"" (the reference, of every
//! `nextPageToken`). A token is aged by the service's clock from the moment it was issued: here a
//! manual virtual clock, moved by `Server::advance`, so nothing sleeps. A token is good through
//! 24 hours and refused a millisecond later; the token of the next page, issued later, lives on
//! from its own issue. Tokens of the format before tokens carried their time of issue, and forged
//! times of issue, get the usual `ValidationException` about `nextPageToken`, never a panic.

use crate::common::*;
use serde_json::{Value, json};
use std::time::Duration;
use swf_core::types::*;
use swf_local::{Server, VirtualClock};

const DAY: Duration = Duration::from_secs(24 * 60 * 60);
const MS: Duration = Duration::from_millis(1);
const EXPIRED: &str = "Specified token has exceeded its maximum lifetime";

/// A service on a manual virtual clock, with the suite's domain.
async fn clock_env() -> Env {
    env_of(
        Server::builder()
            .poll_timeout(Duration::from_secs(1))
            .virtual_clock(VirtualClock::new().manual()),
    )
    .await
}

/// One call sent raw, so any token reaches the service: the status and the JSON answer.
async fn call(env: &Env, op: &str, body: &Value) -> (u16, Value) {
    let target = format!("SimpleWorkflowService.{op}");
    raw(&env.server.endpoint_url(), Some(&target), &body.to_string()).await
}

/// The call succeeds: the `nextPageToken` it answers, if any.
async fn page(env: &Env, op: &str, body: &Value) -> Option<String> {
    let (status, answer) = call(env, op, body).await;
    assert_eq!(status, 200, "{op} {body}: {answer}");
    answer["nextPageToken"].as_str().map(str::to_owned)
}

/// The call is refused with a 400 `ValidationException` whose message contains `message`.
async fn refused(env: &Env, op: &str, body: &Value, message: &str) {
    let (status, answer) = call(env, op, body).await;
    let kind = answer["__type"].as_str().unwrap_or_default();
    assert_eq!(
        (status, kind.rsplit('#').next().unwrap_or_default()),
        (400, "ValidationException"),
        "{op} {body}: {answer}"
    );
    let said = answer["message"].as_str().unwrap_or_default();
    assert!(said.contains(message), "{op}: {said:?} lacks {message:?}");
}

fn with_token(body: &Value, token: &str) -> Value {
    let mut body = body.clone();
    body["nextPageToken"] = json!(token);
    body
}

async fn advance(env: &Env, by: Duration) {
    env.server.advance(by).await.expect("a virtual clock");
}

/// The lifetime of the first page's token of `op` with `request` (which has at least three
/// pages): good after exactly 24 hours, refused with SWF's message a millisecond later, while the
/// token the 24-hour-old one answered (issued then) is still good.
async fn check_lifetime(env: &Env, op: &str, request: Value) {
    let first = page(env, op, &request).await.expect("a second page");
    advance(env, DAY).await;
    let second = page(env, op, &with_token(&request, &first))
        .await
        .expect("a third page");
    advance(env, MS).await;
    refused(env, op, &with_token(&request, &first), EXPIRED).await;
    page(env, op, &with_token(&request, &second)).await;
    advance(env, DAY).await;
    refused(env, op, &with_token(&request, &second), EXPIRED).await;
    // A reading started over gets tokens of the current time.
    let again = page(env, op, &request).await.expect("a second page");
    page(env, op, &with_token(&request, &again)).await;
}

/// An execution that stays open, with its decision tasks, longer than the tests' days.
async fn long_execution(env: &Env, workflow_id: &str) -> WorkflowExecution {
    env.start_with(StartWorkflowExecutionInput {
        workflow_id: workflow_id.into(),
        execution_start_to_close_timeout: Some((10 * DAY.as_secs()).to_string()),
        task_start_to_close_timeout: Some("NONE".into()),
        ..Default::default()
    })
    .await
}

#[tokio::test]
async fn listing_tokens_expire_24_hours_after_issue() {
    let env = clock_env().await;
    for name in ["act-a", "act-b"] {
        env.in_domain()
            .register_activity_type(RegisterActivityTypeInput {
                name: name.into(),
                version: "1".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let types = json!({"domain": DOMAIN, "registrationStatus": "REGISTERED", "maximumPageSize": 1});
    check_lifetime(&env, "ListActivityTypes", types).await;

    for domain in ["d2", "d3"] {
        register_domain(&env.client, domain).await;
    }
    let domains = json!({"registrationStatus": "REGISTERED", "maximumPageSize": 1});
    check_lifetime(&env, "ListDomains", domains).await;

    for id in ["a", "b", "c"] {
        long_execution(&env, id).await;
    }
    let open =
        json!({"domain": DOMAIN, "startTimeFilter": {"oldestDate": 0}, "maximumPageSize": 1});
    check_lifetime(&env, "ListOpenWorkflowExecutions", open).await;
}

#[tokio::test]
async fn history_tokens_expire_24_hours_after_issue() {
    let env = clock_env().await;
    let execution = long_execution(&env, "w").await;
    // WorkflowExecutionStarted, DecisionTaskScheduled, DecisionTaskStarted: three pages of one.
    env.decision().await;
    let request = json!({
        "domain": DOMAIN,
        "execution": {"workflowId": execution.workflow_id, "runId": execution.run_id},
        "maximumPageSize": 1,
    });
    check_lifetime(&env, "GetWorkflowExecutionHistory", request).await;
}

#[tokio::test]
async fn decision_task_page_tokens_expire_24_hours_after_issue() {
    let env = clock_env().await;
    long_execution(&env, "w").await;
    let poll = json!({"domain": DOMAIN, "taskList": {"name": DECISIONS}, "maximumPageSize": 1});
    let op = "PollForDecisionTask";
    // The task's history: WorkflowExecutionStarted, DecisionTaskScheduled, DecisionTaskStarted.
    let first = page(&env, op, &poll).await.expect("a second page");
    advance(&env, DAY).await;
    let second = page(&env, op, &with_token(&poll, &first))
        .await
        .expect("a third page");
    advance(&env, MS).await;
    refused(&env, op, &with_token(&poll, &first), EXPIRED).await;
    assert_eq!(page(&env, op, &with_token(&poll, &second)).await, None);
    advance(&env, DAY).await;
    refused(&env, op, &with_token(&poll, &second), EXPIRED).await;
}

#[tokio::test]
async fn tokens_of_the_old_format_and_forged_times_of_issue_are_refused_plainly() {
    let env = clock_env().await;
    let execution = long_execution(&env, "w").await;
    let request = json!({
        "domain": DOMAIN,
        "execution": {"workflowId": execution.workflow_id, "runId": execution.run_id},
        "maximumPageSize": 1,
    });
    let op = "GetWorkflowExecutionHistory";
    let token = page(&env, op, &request).await.expect("a second page");
    // tag.fingerprint.issued.position
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 4, "{token}");
    let (tag, fingerprint, position) = (parts[0], parts[1], parts[3]);
    let old_format = format!("{tag}.{fingerprint}.{position}");
    refused(
        &env,
        op,
        &with_token(&request, &old_format),
        "nextPageToken",
    )
    .await;
    for issued in ["", "soon", "1.5", "99999999999999999999"] {
        let forged = format!("{tag}.{fingerprint}.{issued}.{position}");
        refused(&env, op, &with_token(&request, &forged), "nextPageToken").await;
    }
    // The earliest time there is: expired, not an overflow.
    let ancient = format!("{tag}.{fingerprint}.{}.{position}", i64::MIN);
    refused(&env, op, &with_token(&request, &ancient), EXPIRED).await;
    // The service still serves the genuine token.
    assert_eq!(page(&env, op, &with_token(&request, &token)).await, None);
}
