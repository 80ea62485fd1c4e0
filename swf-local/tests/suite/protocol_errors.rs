//! Every refusal is SWF's error, `{"__type": ..., "message": ...}` as
//! `application/x-amz-json-1.0`, with a message that says what is wrong: also for what hyper
//! refuses before the service sees it (too many headers, disagreeing lengths), for bodies past
//! the size quota, for an unreadable X-Amz-Target, and for JSON of the wrong shape.

use crate::common::*;
use crate::raw_socket::{Outcome, connect, head, read_until_closed, send};
use std::time::Duration;

/// Sends `request` on a fresh connection and returns what the service answered before closing
/// (or within 5 s).
async fn exchange(endpoint: &str, request: &[u8]) -> Outcome {
    let mut socket = connect(endpoint).await;
    send(&mut socket, request).await;
    read_until_closed(&mut socket, Duration::from_secs(5)).await
}

/// Asserts `outcome` is SWF's error with `status` and `__type` ending in `kind`, and returns its
/// message.
fn swf_error(outcome: &Outcome, status: u16, kind: &str) -> String {
    assert_eq!(outcome.status(), Some(status), "{outcome:?}");
    assert!(
        outcome
            .head()
            .contains("content-type: application/x-amz-json-1.0"),
        "{outcome:?}"
    );
    let json = outcome.json();
    let wire_type = json["__type"].as_str().unwrap_or_default();
    assert!(wire_type.ends_with(&format!("#{kind}")), "{outcome:?}");
    let message = json["message"].as_str().unwrap_or_default().to_owned();
    assert!(!message.is_empty(), "{outcome:?}");
    message
}

#[tokio::test]
async fn a_body_past_the_quota_is_refused_before_it_is_read() {
    let env = env().await;
    let url = env.server.endpoint_url();
    // 17 MiB declared, none of it sent: refused on the head alone.
    let outcome = exchange(&url, head("RegisterDomain", 17 << 20).as_bytes()).await;
    let message = swf_error(&outcome, 400, "ValidationException");
    assert!(message.contains(&(17 << 20).to_string()), "{message}");
    assert!(message.contains("1 MB"), "{message}");

    // No length declared: refused once the chunks pass 1 MiB.
    let mut request = b"POST / HTTP/1.1\r\nhost: l\r\nx-amz-target: SimpleWorkflowService.RegisterDomain\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    let chunk = vec![b' '; (1 << 20) + 1];
    request.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
    request.extend_from_slice(&chunk);
    request.extend_from_slice(b"\r\n0\r\n\r\n");
    let message = swf_error(&exchange(&url, &request).await, 400, "ValidationException");
    assert!(message.contains("more than 1048576 bytes"), "{message}");
}

#[tokio::test]
async fn over_100_headers_get_a_431_that_says_so() {
    let env = env().await;
    let many: String = (0..120).map(|i| format!("x-extra-{i}: v\r\n")).collect();
    let request = format!(
        "POST / HTTP/1.1\r\nhost: l\r\n{many}x-amz-target: SimpleWorkflowService.ListDomains\r\ncontent-length: 2\r\n\r\n{{}}"
    );
    let outcome = exchange(&env.server.endpoint_url(), request.as_bytes()).await;
    let message = swf_error(&outcome, 431, "SerializationException");
    assert!(message.contains("header fields"), "{message}");
    assert!(message.contains("100"), "{message}");
}

#[tokio::test]
async fn disagreeing_content_lengths_get_a_400_that_says_so() {
    let env = env().await;
    let request = b"POST / HTTP/1.1\r\nhost: l\r\nx-amz-target: SimpleWorkflowService.ListDomains\r\ncontent-length: 2\r\ncontent-length: 3\r\n\r\n{}";
    let outcome = exchange(&env.server.endpoint_url(), request).await;
    let message = swf_error(&outcome, 400, "SerializationException");
    assert!(message.contains("Content-Length"), "{message}");
    assert!(message.contains("2, 3"), "{message}");
}

#[tokio::test]
async fn a_target_that_is_not_ascii_is_named_as_such() {
    let env = env().await;
    let body = br#"{"registrationStatus":"REGISTERED"}"#;
    let mut request =
        b"POST / HTTP/1.1\r\nhost: l\r\nx-amz-target: SimpleWorkflowService.List\xffDomains\r\n"
            .to_vec();
    request.extend_from_slice(format!("content-length: {}\r\n\r\n", body.len()).as_bytes());
    request.extend_from_slice(body);
    let outcome = exchange(&env.server.endpoint_url(), &request).await;
    let message = swf_error(&outcome, 400, "UnknownOperationException");
    assert!(message.contains("X-Amz-Target"), "{message}");
    assert!(!message.contains("Missing"), "{message}");
}

#[tokio::test]
async fn a_value_of_the_wrong_type_is_named_by_its_member() {
    let env = env().await;
    let (status, body) = raw(
        &env.server.endpoint_url(),
        Some("SimpleWorkflowService.CountPendingDecisionTasks"),
        r#"{"domain": "d", "taskList": {"name": 5}}"#,
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        body["__type"],
        "com.amazon.coral.service#SerializationException"
    );
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("'taskList.name'"), "{message}");
    assert!(!message.contains("line"), "{message}");
}

#[tokio::test]
async fn an_array_is_refused_where_a_structure_is_expected() {
    let env = env().await;
    let url = env.server.endpoint_url();
    for (body, place) in [
        (r#"["d"]"#, "the request body"),
        (
            r#"{"domain": "d", "taskList": ["decisions"]}"#,
            "'taskList'",
        ),
    ] {
        let (status, answer) = raw(
            &url,
            Some("SimpleWorkflowService.CountPendingDecisionTasks"),
            body,
        )
        .await;
        assert_eq!(status, 400, "{body}: {answer}");
        assert_eq!(
            answer["__type"], "com.amazon.coral.service#SerializationException",
            "{body}"
        );
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(place), "{message}");
        assert!(message.contains("JSON array"), "{message}");
    }
}

/// What an HTTP client sending a whole 17 MiB body sees: SWF's error, not a reset or 413 text.
#[tokio::test]
async fn a_client_sending_a_huge_body_reads_swf_error() {
    let env = env().await;
    let body = format!(
        r#"{{"name":"huge","workflowExecutionRetentionPeriodInDays":"1","pad":"{}"}}"#,
        "x".repeat(17 << 20)
    );
    let (status, answer) = raw(
        &env.server.endpoint_url(),
        Some("SimpleWorkflowService.RegisterDomain"),
        &body,
    )
    .await;
    assert_eq!(status, 400, "{answer}");
    assert_eq!(
        answer["__type"],
        "com.amazon.coral.validate#ValidationException"
    );
}
