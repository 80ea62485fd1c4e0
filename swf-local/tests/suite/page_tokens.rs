//! Page tokens that the service did not issue for the request they come with: forged, stale,
//! from another execution, domain, listing or filter, or with the order flipped. Each gets a
//! `ValidationException` that names `nextPageToken`, never a panic (which closed the connection
//! with no answer) nor a page of something else; the domain keeps serving afterwards. A change of
//! `maximumPageSize` alone is allowed: the next page simply has the new size.

use crate::common::*;
use serde_json::{Value, json};
use swf_core::types::*;

const PREFIX: &str = "SimpleWorkflowService.";

/// One call sent raw, so any token and any body reach the service: the status and the JSON
/// answer, or status 0 when the connection closed without an answer.
async fn call(env: &Env, op: &str, body: Value) -> (u16, Value) {
    let resp = reqwest::Client::new()
        .post(format!("{}/", env.server.endpoint_url()))
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", format!("{PREFIX}{op}"))
        .body(body.to_string())
        .send()
        .await;
    match resp {
        Ok(resp) => {
            let status = resp.status().as_u16();
            let text = resp.text().await.unwrap_or_default();
            (
                status,
                serde_json::from_str(&text).unwrap_or(Value::String(text)),
            )
        }
        Err(e) => (0, Value::String(format!("no answer: {e}"))),
    }
}

/// The call succeeds; its answer.
async fn ok(env: &Env, op: &str, body: Value) -> Value {
    let (status, answer) = call(env, op, body.clone()).await;
    assert_eq!(status, 200, "{op} {body}: {answer}");
    answer
}

/// The call is refused with a `ValidationException` about `nextPageToken`.
async fn refused(env: &Env, op: &str, body: Value) {
    let (status, answer) = call(env, op, body.clone()).await;
    let kind = answer["__type"].as_str().unwrap_or_default();
    assert_eq!(
        (status, kind.rsplit('#').next().unwrap_or_default()),
        (400, "ValidationException"),
        "{op} {body}: {answer}"
    );
    let message = answer["message"].as_str().unwrap_or_default();
    assert!(message.contains("nextPageToken"), "{op}: {message}");
}

/// `body` with `nextPageToken` set (and any other members of `with` replaced).
fn with(body: &Value, token: &str, changes: Value) -> Value {
    let mut body = body.clone();
    body["nextPageToken"] = json!(token);
    for (k, v) in changes.as_object().unwrap() {
        body[k] = v.clone();
    }
    body
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn history_request(execution: &WorkflowExecution) -> Value {
    json!({
        "domain": DOMAIN,
        "execution": {"workflowId": execution.workflow_id, "runId": execution.run_id},
        "maximumPageSize": 1,
    })
}

/// Tokens no service issued: garbage, and positions past the end of a short history (which
/// panicked in `engine/history.rs` and closed the connection with no answer).
fn forged(run_id: &str) -> Vec<String> {
    let mut tokens: Vec<String> = ["nonsense", "h.", "h.zz", "d.00|x", "h.0.0.0", "||"]
        .map(String::from)
        .to_vec();
    for position in ["1000:1000:0", "0:1000:999", "5:5:0", "0:1000:0"] {
        tokens.push(format!("h.{}", hex(&format!("{run_id}:{position}"))));
    }
    tokens
}

#[tokio::test]
async fn forged_history_tokens_are_refused_and_the_domain_keeps_serving() {
    let env = env().await;
    let execution = env.start("w").await;
    let request = history_request(&execution);
    for token in forged(&execution.run_id) {
        refused(
            &env,
            "GetWorkflowExecutionHistory",
            with(&request, &token, json!({})),
        )
        .await;
    }
    let answer = ok(&env, "GetWorkflowExecutionHistory", request).await;
    assert_eq!(answer["events"].as_array().unwrap().len(), 1);
    // A call that takes the domain's lock to change something still works.
    env.start("after").await;
}

#[tokio::test]
async fn history_tokens_belong_to_their_execution_and_order() {
    let env = env().await;
    let execution = env.start("w").await;
    let other = env.start("other").await;
    let request = history_request(&execution);
    let first = ok(&env, "GetWorkflowExecutionHistory", request.clone()).await;
    let token = first["nextPageToken"].as_str().unwrap().to_owned();

    let elsewhere = with(&history_request(&other), &token, json!({}));
    refused(&env, "GetWorkflowExecutionHistory", elsewhere).await;
    let flipped = with(&request, &token, json!({"reverseOrder": true}));
    refused(&env, "GetWorkflowExecutionHistory", flipped).await;
    let other_id = with(
        &request,
        &token,
        json!({"execution": {"workflowId": "other", "runId": execution.run_id}}),
    );
    let (status, _) = call(&env, "GetWorkflowExecutionHistory", other_id).await;
    assert_eq!(status, 400, "a token with another workflow id");

    // Another page size continues the same reading.
    let rest = with(&request, &token, json!({"maximumPageSize": 10}));
    let rest = ok(&env, "GetWorkflowExecutionHistory", rest).await;
    let ids: Vec<i64> = [&first, &rest]
        .iter()
        .flat_map(|p| p["events"].as_array().unwrap().iter())
        .map(|e| e["eventId"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [1, 2]);
    assert!(rest.get("nextPageToken").is_none_or(Value::is_null));
}

fn poll_request(domain: &str) -> Value {
    json!({"domain": domain, "taskList": {"name": DECISIONS}, "maximumPageSize": 1})
}

#[tokio::test]
async fn decision_page_tokens_belong_to_their_open_task() {
    let env = env().await;
    register_domain(&env.client, "d2").await;
    let execution = env.start("w").await;
    let poll = poll_request(DOMAIN);
    let task = ok(&env, "PollForDecisionTask", poll.clone()).await;
    let token = task["nextPageToken"].as_str().unwrap().to_owned();
    let op = "PollForDecisionTask";

    for forged in forged(&execution.run_id) {
        refused(&env, op, with(&poll, &forged, json!({}))).await;
        let decision_tag =
            forged.replacen("h.", "d.", 1) + "|" + task["taskToken"].as_str().unwrap();
        refused(&env, op, with(&poll, &decision_tag, json!({}))).await;
    }
    // The same page position with a task token nobody was given.
    let (cursor, _) = token.split_once('|').unwrap();
    let made_up = format!("{cursor}|{}.{}.D.99.100", hex(DOMAIN), execution.run_id);
    refused(&env, op, with(&poll, &made_up, json!({}))).await;
    // Another domain, the order flipped, another task list, a history read.
    refused(&env, op, with(&poll_request("d2"), &token, json!({}))).await;
    refused(&env, op, with(&poll, &token, json!({"reverseOrder": true}))).await;
    refused(
        &env,
        op,
        with(&poll, &token, json!({"taskList": {"name": "elsewhere"}})),
    )
    .await;
    let history = with(&history_request(&execution), &token, json!({}));
    refused(&env, "GetWorkflowExecutionHistory", history).await;

    // The genuine token, with another page size, reads the rest of the task's history.
    let rest = ok(&env, op, with(&poll, &token, json!({"maximumPageSize": 5}))).await;
    assert_eq!(rest["taskToken"], task["taskToken"]);
    assert_eq!(rest["events"].as_array().unwrap().len(), 2);

    // Once the task is completed, its page tokens are stale.
    let decided = json!({"taskToken": task["taskToken"], "decisions": []});
    ok(&env, "RespondDecisionTaskCompleted", decided).await;
    refused(&env, op, with(&poll, &token, json!({}))).await;
}

/// A listing with two pages of one item: its first page's token.
async fn first_page_token(env: &Env, op: &str, request: &Value) -> String {
    let page = ok(env, op, request.clone()).await;
    page["nextPageToken"]
        .as_str()
        .unwrap_or_else(|| panic!("{op}: a second page in {page}"))
        .to_owned()
}

/// Checks one listing's tokens: garbage and tokens of other requests are refused, the genuine
/// one with another page size is taken. `changes` are requests that differ in one argument.
async fn check_listing(env: &Env, op: &str, request: Value, changes: &[Value]) {
    let token = first_page_token(env, op, &request).await;
    for garbage in ["nonsense", "open.zz", "domains.", "x.y.z"] {
        refused(env, op, with(&request, garbage, json!({}))).await;
    }
    refused(
        env,
        op,
        with(&request, &token, json!({"reverseOrder": true})),
    )
    .await;
    for change in changes {
        refused(env, op, with(&request, &token, change.clone())).await;
    }
    ok(
        env,
        op,
        with(&request, &token, json!({"maximumPageSize": 5})),
    )
    .await;
    ok(env, op, with(&request, &token, json!({}))).await;
}

#[tokio::test]
async fn listing_tokens_belong_to_their_listing_and_arguments() {
    let env = env().await;
    register_domain(&env.client, "d2").await;
    for id in ["a", "b"] {
        env.start(id).await;
        env.in_domain()
            .register_activity_type(RegisterActivityTypeInput {
                name: format!("act-{id}"),
                version: "1".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    for id in ["c", "e"] {
        let execution = env.start(id).await;
        env.client
            .terminate_workflow_execution(TerminateWorkflowExecutionInput {
                domain: DOMAIN.into(),
                workflow_id: execution.workflow_id,
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let since = json!({"oldestDate": 0});
    let open = json!({"domain": DOMAIN, "startTimeFilter": since, "maximumPageSize": 1});
    let open_token = first_page_token(&env, "ListOpenWorkflowExecutions", &open).await;
    check_listing(
        &env,
        "ListOpenWorkflowExecutions",
        open.clone(),
        &[
            json!({"domain": "d2"}),
            json!({"startTimeFilter": {"oldestDate": 1}}),
            json!({"typeFilter": {"name": WORKFLOW}}),
            json!({"tagFilter": {"tag": "t"}}),
        ],
    )
    .await;
    let closed = json!({"domain": DOMAIN, "startTimeFilter": since, "maximumPageSize": 1});
    refused(
        &env,
        "ListClosedWorkflowExecutions",
        with(&closed, &open_token, json!({})),
    )
    .await;
    check_listing(
        &env,
        "ListClosedWorkflowExecutions",
        closed,
        &[
            json!({"closeStatusFilter": {"status": "TERMINATED"}}),
            json!({"executionFilter": {"workflowId": "c"}}),
        ],
    )
    .await;
    let types = json!({"domain": DOMAIN, "registrationStatus": "REGISTERED", "maximumPageSize": 1});
    check_listing(
        &env,
        "ListActivityTypes",
        types.clone(),
        &[json!({"domain": "d2"}), json!({"name": "act-a"})],
    )
    .await;
    register_domain(&env.client, "d3").await;
    for name in ["wf2", "wf3"] {
        env.client
            .register_workflow_type(RegisterWorkflowTypeInput {
                domain: "d3".into(),
                name: name.into(),
                version: "1".into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let workflows =
        json!({"domain": "d3", "registrationStatus": "REGISTERED", "maximumPageSize": 1});
    let other_domain = [json!({"domain": DOMAIN})];
    check_listing(&env, "ListWorkflowTypes", workflows, &other_domain).await;
    let domains = json!({"registrationStatus": "REGISTERED", "maximumPageSize": 1});
    check_listing(
        &env,
        "ListDomains",
        domains,
        &[json!({"registrationStatus": "DEPRECATED"})],
    )
    .await;
}
