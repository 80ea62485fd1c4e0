//! Bad input gets SWF's answer and changes nothing: model bounds, unknown enum values,
//! malformed JSON, unknown or missing `X-Amz-Target`. Sent raw, past the client's own checks.

use crate::common::*;

const PREFIX: &str = "SimpleWorkflowService.";

fn error_type(body: &serde_json::Value) -> &str {
    body["__type"]
        .as_str()
        .unwrap_or_default()
        .rsplit('#')
        .next()
        .unwrap_or_default()
}

#[tokio::test]
async fn bad_requests_get_swf_errors() {
    let env = env().await;
    let url = env.server.endpoint_url();
    let op = |name: &str| format!("{PREFIX}{name}");

    let (status, body) = raw(
        &url,
        Some(&op("RegisterDomain")),
        r#"{"name":"","workflowExecutionRetentionPeriodInDays":"1"}"#,
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );
    assert!(body["message"].as_str().unwrap().contains("name"), "{body}");

    let long = "x".repeat(257);
    let (status, body) = raw(
        &url,
        Some(&op("RegisterDomain")),
        &format!(r#"{{"name":"{long}","workflowExecutionRetentionPeriodInDays":"1"}}"#),
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );

    let (status, body) = raw(
        &url,
        Some(&op("RegisterDomain")),
        r#"{"name":"x","workflowExecutionRetentionPeriodInDays":"500"}"#,
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );

    let (status, body) = raw(
        &url,
        Some(&op("ListDomains")),
        r#"{"registrationStatus":"SOMETIMES"}"#,
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );

    let (status, body) = raw(&url, Some(&op("ListDomains")), r#"{"registrationStatus":"#).await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "SerializationException"),
        "{body}"
    );

    let (status, body) = raw(&url, Some(&op("DescribeDomain")), r#"{"name": 5}"#).await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "SerializationException"),
        "{body}"
    );

    let (status, body) = raw(&url, Some(&op("NoSuchThing")), "{}").await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "UnknownOperationException"),
        "{body}"
    );

    let (status, body) = raw(&url, None, "{}").await;
    assert_eq!(status, 400, "{body}");

    let input = "i".repeat(32_769);
    let (status, body) = raw(
        &url,
        Some(&op("StartWorkflowExecution")),
        &format!(r#"{{"domain":"d","workflowId":"w","workflowType":{{"name":"wf","version":"1"}},"input":"{input}"}}"#),
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );

    let (status, body) = raw(
        &url,
        Some(&op("StartWorkflowExecution")),
        r#"{"domain":"d","workflowId":"w","workflowType":{"name":"wf","version":"1"},"taskStartToCloseTimeout":"soon"}"#,
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );

    let (status, body) = raw(
        &url,
        Some(&op("CountOpenWorkflowExecutions")),
        r#"{"domain":"d"}"#,
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );

    let (status, body) = raw(
        &url,
        Some(&op("StartWorkflowExecution")),
        r#"{"domain":"d","workflowId":"w","workflowType":{"name":"wf","version":"1"},"childPolicy":"SOMETIMES"}"#,
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );

    // None of that changed anything.
    let (status, body) = raw(
        &url,
        Some(&op("ListDomains")),
        r#"{"registrationStatus":"REGISTERED"}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(body["domainInfos"].as_array().unwrap().len(), 1, "{body}");
    let (status, body) = raw(
        &url,
        Some(&op("CountOpenWorkflowExecutions")),
        r#"{"domain":"d","startTimeFilter":{"oldestDate":0}}"#,
    )
    .await;
    assert_eq!((status, body["count"].as_i64()), (200, Some(0)), "{body}");

    // Faults carry SWF's namespace.
    let (status, body) = raw(&url, Some(&op("DescribeDomain")), r#"{"name":"nope"}"#).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["__type"],
        "com.amazonaws.swf.base.model#UnknownResourceFault"
    );
}

#[tokio::test]
async fn heartbeat_details_are_limited() {
    let env = env().await;
    let (_, activity) = env
        .started_activity(
            "w",
            swf_core::types::ScheduleActivityTaskDecisionAttributes {
                activity_id: "a".into(),
                ..Default::default()
            },
        )
        .await;
    let details = "d".repeat(2049);
    let (status, body) = raw(
        &env.server.endpoint_url(),
        Some(&format!("{PREFIX}RecordActivityTaskHeartbeat")),
        &serde_json::json!({"taskToken": activity.task_token, "details": details}).to_string(),
    )
    .await;
    assert_eq!(
        (status, error_type(&body)),
        (400, "ValidationException"),
        "{body}"
    );
}
