//! SWF's naming rules, member by member as the reference states them: no `:`, `/`, `|` or
//! control character and not the literal `arn` (domain names, type names and versions, workflow
//! ids, task lists, activity ids, timer ids), no whitespace at either end where the reference
//! says so too (`RegisterDomain`'s name, `PollForActivityTask`'s and a child's task list); tags
//! of letters, digits, whitespace and `_ . : / = + - @`; integer task priorities. A request
//! breaking one gets `ValidationException` naming the member and changes nothing. Sent raw, past
//! any client-side check.

use crate::common::*;
use serde_json::{Value, json};

const PREFIX: &str = "SimpleWorkflowService.";

/// Values every checked name refuses, and the ones refused only where edge whitespace is.
const FORBIDDEN: [&str; 8] = [
    "a:b", "a/b", "a|b", "a\u{0}b", "a\u{1f}", "a\u{7f}b", "\u{9f}", "arn",
];
const EDGE_SPACED: [&str; 2] = [" a", "a "];

/// Sends `body` to `op` and returns the status, the error type (if any) and the message.
async fn send(url: &str, op: &str, body: &Value) -> (u16, String, String) {
    let (status, answer) = raw(url, Some(&format!("{PREFIX}{op}")), &body.to_string()).await;
    let kind = answer["__type"]
        .as_str()
        .unwrap_or_default()
        .rsplit('#')
        .next()
        .unwrap_or_default()
        .to_owned();
    let message = answer["message"].as_str().unwrap_or_default().to_owned();
    (status, kind, message)
}

/// Asserts that `op` refuses `body` with `ValidationException` naming `field`.
async fn refused(url: &str, op: &str, body: &Value, field: &str) {
    let (status, kind, message) = send(url, op, body).await;
    assert_eq!(
        (status, kind.as_str()),
        (400, "ValidationException"),
        "{op} {body}: {message}"
    );
    assert!(
        message.contains(&format!("'{field}'")),
        "{op} {body}: the message should name {field}: {message}"
    );
}

/// Asserts that `op` accepts `body`.
async fn accepted(url: &str, op: &str, body: &Value) {
    let (status, kind, message) = send(url, op, body).await;
    assert_eq!(status, 200, "{op} {body}: {kind}: {message}");
}

/// Every value a member with `edges` (the whitespace rule) refuses.
fn bad_values(edges: bool) -> Vec<&'static str> {
    let mut values = FORBIDDEN.to_vec();
    if edges {
        values.extend(EDGE_SPACED);
    }
    values
}

/// Replaces the member at `path` (dot-separated) of `body` by `value`.
fn with(body: &Value, path: &str, value: &str) -> Value {
    let mut body = body.clone();
    let mut at = &mut body;
    for key in path.split('.') {
        at = &mut at[key];
    }
    *at = json!(value);
    body
}

#[tokio::test]
async fn requests_refuse_forbidden_names_where_the_reference_forbids_them() {
    let env = env().await;
    let url = env.server.endpoint_url();
    let workflow = json!({"name": WORKFLOW, "version": "1"});
    // (operation, a valid body, the member's path, whether it has the whitespace rule)
    let cases = [
        (
            "RegisterDomain",
            json!({"name": "fresh", "workflowExecutionRetentionPeriodInDays": "1"}),
            "name",
            true,
        ),
        (
            "RegisterActivityType",
            json!({"domain": DOMAIN, "name": "n", "version": "v"}),
            "name",
            false,
        ),
        (
            "RegisterActivityType",
            json!({"domain": DOMAIN, "name": "n", "version": "v"}),
            "version",
            false,
        ),
        (
            "RegisterWorkflowType",
            json!({"domain": DOMAIN, "name": "n", "version": "v"}),
            "name",
            false,
        ),
        (
            "RegisterWorkflowType",
            json!({"domain": DOMAIN, "name": "n", "version": "v"}),
            "version",
            false,
        ),
        (
            "PollForActivityTask",
            json!({"domain": DOMAIN, "taskList": {"name": "l"}}),
            "taskList.name",
            true,
        ),
        (
            "PollForDecisionTask",
            json!({"domain": DOMAIN, "taskList": {"name": "l"}}),
            "taskList.name",
            false,
        ),
        (
            "StartWorkflowExecution",
            json!({"domain": DOMAIN, "workflowId": "w", "workflowType": workflow}),
            "domain",
            false,
        ),
        (
            "StartWorkflowExecution",
            json!({"domain": DOMAIN, "workflowId": "w", "workflowType": workflow}),
            "workflowId",
            false,
        ),
        (
            "StartWorkflowExecution",
            json!({"domain": DOMAIN, "workflowId": "w", "workflowType": workflow,
                   "taskList": {"name": "l"}}),
            "taskList.name",
            false,
        ),
    ];
    for (op, body, path, edges) in &cases {
        for bad in bad_values(*edges) {
            refused(&url, op, &with(body, path, bad), path).await;
        }
    }

    // Nothing was registered or started by the refused requests.
    let (_, kind, _) = send(&url, "DescribeDomain", &json!({"name": "fresh"})).await;
    assert_eq!(kind, "UnknownResourceFault");
    let filter = json!({"domain": DOMAIN, "startTimeFilter": {"oldestDate": 0}});
    let (_, count) = raw(
        &url,
        Some(&format!("{PREFIX}CountOpenWorkflowExecutions")),
        &filter.to_string(),
    )
    .await;
    assert_eq!(count["count"], 0, "{count}");

    // Exactly the reference's rules: the whitespace rule only where it states it, and none at
    // all on members it states none for (signal names here).
    accepted(
        &url,
        "RegisterActivityType",
        &json!({"domain": DOMAIN, "name": " spaced ", "version": "1 "}),
    )
    .await;
    let started = json!({"domain": DOMAIN, "workflowId": " w ", "workflowType": workflow});
    accepted(&url, "StartWorkflowExecution", &started).await;
    accepted(
        &url,
        "SignalWorkflowExecution",
        &json!({"domain": DOMAIN, "workflowId": " w ", "signalName": "a:b|c"}),
    )
    .await;
    // And names merely containing `arn` are fine.
    accepted(
        &url,
        "RegisterDomain",
        &json!({"name": "arns", "workflowExecutionRetentionPeriodInDays": "1"}),
    )
    .await;
}

#[tokio::test]
async fn decisions_with_forbidden_names_refuse_the_whole_answer() {
    let env = env().await;
    let url = env.server.endpoint_url();
    let execution = env.start("w").await;
    let task = env.decision().await;
    let answer = |decision: Value| {
        json!({"taskToken": task.task_token, "decisions": [{"decisionType": "RecordMarker",
            "recordMarkerDecisionAttributes": {"markerName": "first"}}, decision]})
    };
    let activity = json!({"decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {"activityId": "a",
            "activityType": {"name": ACTIVITY, "version": "1"}, "taskList": {"name": "l"}}});
    let child = json!({"decisionType": "StartChildWorkflowExecution",
        "startChildWorkflowExecutionDecisionAttributes": {"workflowId": "c",
            "workflowType": {"name": WORKFLOW, "version": "1"}, "taskList": {"name": "l"}}});
    let timer = json!({"decisionType": "StartTimer",
        "startTimerDecisionAttributes": {"timerId": "t", "startToFireTimeout": "5"}});
    let cases = [
        (
            &activity,
            "scheduleActivityTaskDecisionAttributes.activityId",
            false,
        ),
        (
            &activity,
            "scheduleActivityTaskDecisionAttributes.taskList.name",
            false,
        ),
        (
            &child,
            "startChildWorkflowExecutionDecisionAttributes.workflowId",
            false,
        ),
        (
            &child,
            "startChildWorkflowExecutionDecisionAttributes.taskList.name",
            true,
        ),
        (&timer, "startTimerDecisionAttributes.timerId", false),
    ];
    for (decision, path, edges) in cases {
        for bad in bad_values(edges) {
            let body = answer(with(decision, path, bad));
            let field = format!("decisions[1].{path}");
            refused(&url, "RespondDecisionTaskCompleted", &body, &field).await;
        }
    }
    // The task is still open and its history untouched: the same token answers now.
    assert_eq!(
        types(&env.history(&execution).await),
        [
            "WorkflowExecutionStarted",
            "DecisionTaskScheduled",
            "DecisionTaskStarted"
        ]
    );
    let timer_id_with_spaces = with(&timer, "startTimerDecisionAttributes.timerId", " t ");
    accepted(
        &url,
        "RespondDecisionTaskCompleted",
        &answer(timer_id_with_spaces),
    )
    .await;
}

#[tokio::test]
async fn tags_hold_only_letters_digits_spaces_and_the_listed_symbols() {
    let env = env().await;
    let url = env.server.endpoint_url();
    let register = |key: &str, value: &str| {
        json!({"name": "tagged", "workflowExecutionRetentionPeriodInDays": "1",
               "tags": [{"key": "fine", "value": "ok"}, {"key": key, "value": value}]})
    };
    refused(&url, "RegisterDomain", &register("a#b", "v"), "tags[1].key").await;
    refused(
        &url,
        "RegisterDomain",
        &register("k", "a|b"),
        "tags[1].value",
    )
    .await;
    accepted(
        &url,
        "RegisterDomain",
        &register("Team 1_a.b:c/d=e+f-g@h", "équipe 7"),
    )
    .await;

    let (_, described) = raw(
        &url,
        Some(&format!("{PREFIX}DescribeDomain")),
        &json!({"name": "tagged"}).to_string(),
    )
    .await;
    let arn = described["domainInfo"]["arn"].as_str().unwrap().to_owned();
    let tag = |key: &str, value: &str| json!({"resourceArn": arn, "tags": [{"key": key, "value": value}]});
    refused(&url, "TagResource", &tag("a*b", "v"), "tags[0].key").await;
    refused(&url, "TagResource", &tag("k", "a,b"), "tags[0].value").await;
    accepted(&url, "TagResource", &tag("k", "v")).await;

    let listing = json!({"domain": DOMAIN, "startTimeFilter": {"oldestDate": 0},
                         "tagFilter": {"tag": "a;b"}});
    refused(
        &url,
        "ListOpenWorkflowExecutions",
        &listing,
        "tagFilter.tag",
    )
    .await;
    refused(
        &url,
        "CountOpenWorkflowExecutions",
        &listing,
        "tagFilter.tag",
    )
    .await;
    let closed = json!({"domain": DOMAIN, "tagFilter": {"tag": "a;b"}});
    refused(
        &url,
        "ListClosedWorkflowExecutions",
        &closed,
        "tagFilter.tag",
    )
    .await;
    refused(
        &url,
        "CountClosedWorkflowExecutions",
        &closed,
        "tagFilter.tag",
    )
    .await;
}

#[tokio::test]
async fn task_priorities_are_java_ints() {
    let env = env().await;
    let url = env.server.endpoint_url();
    let workflow = json!({"name": WORKFLOW, "version": "1"});
    for bad in ["high", "1.5", "2147483648", "-2147483649", ""] {
        let start = json!({"domain": DOMAIN, "workflowId": "w", "workflowType": workflow,
                           "taskPriority": bad});
        refused(&url, "StartWorkflowExecution", &start, "taskPriority").await;
        for op in ["RegisterActivityType", "RegisterWorkflowType"] {
            let register = json!({"domain": DOMAIN, "name": "p", "version": "1",
                                  "defaultTaskPriority": bad});
            refused(&url, op, &register, "defaultTaskPriority").await;
        }
    }
    let start = json!({"domain": DOMAIN, "workflowId": "w", "workflowType": workflow,
                       "taskPriority": "-2147483648"});
    accepted(&url, "StartWorkflowExecution", &start).await;

    let task = env.decision().await;
    let answer = |decision: Value| json!({"taskToken": task.task_token, "decisions": [decision]});
    let activity = json!({"decisionType": "ScheduleActivityTask",
        "scheduleActivityTaskDecisionAttributes": {"activityId": "a",
            "activityType": {"name": ACTIVITY, "version": "1"}, "taskPriority": "x"}});
    let child = json!({"decisionType": "StartChildWorkflowExecution",
        "startChildWorkflowExecutionDecisionAttributes": {"workflowId": "c",
            "workflowType": workflow, "taskPriority": "x"}});
    let continued = json!({"decisionType": "ContinueAsNewWorkflowExecution",
        "continueAsNewWorkflowExecutionDecisionAttributes": {"taskPriority": "x"}});
    for (decision, attributes) in [
        (activity, "scheduleActivityTaskDecisionAttributes"),
        (child, "startChildWorkflowExecutionDecisionAttributes"),
        (
            continued,
            "continueAsNewWorkflowExecutionDecisionAttributes",
        ),
    ] {
        let field = format!("decisions[0].{attributes}.taskPriority");
        refused(
            &url,
            "RespondDecisionTaskCompleted",
            &answer(decision),
            &field,
        )
        .await;
    }
}
