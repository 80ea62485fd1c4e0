//! Faults, invalid inputs and unreadable answers: returned at once, never retried.

use super::*;

#[tokio::test]
async fn a_fault_is_returned_at_once() {
    let server = Server::start(vec![json(
        400,
        r#"{"__type": "com.amazonaws.swf.base.model#UnknownResourceFault", "message": "Unknown domain: demo"}"#,
    )])
    .await;
    let client = server.client().build().await.unwrap();
    let err = failed_ping(&client).await;
    assert!(err.is_unknown_resource(), "{err:?}");
    assert_eq!(err.attempts(), 1);
    assert!(!err.after_ambiguous_attempt());
    assert_eq!(
        err.to_string(),
        "RegisterDomain failed: UnknownResourceFault: Unknown domain: demo (request id req-1)"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_invalid_input_is_not_sent() {
    let server = Server::start(vec![]).await;
    let client = server.client().build().await.unwrap();
    let err = client
        .call::<_, Pong>(
            Operation::RegisterDomain,
            &Ping {
                name: "far too long a name".into(),
            },
        )
        .await
        .unwrap_err();
    assert!(err.is_invalid_input(), "{err:?}");
    assert_eq!(err.attempts(), 0);
    assert_eq!(
        err.to_string(),
        "RegisterDomain failed: request not sent: invalid `name`: must be at most 10 characters \
         long, got 19"
    );
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn an_unreadable_answer_is_a_decode_error() {
    let server = Server::start(vec![json(200, "<html>")]).await;
    let client = server.client().build().await.unwrap();
    let err = failed_ping(&client).await;
    assert!(matches!(err.kind(), ErrorKind::Decode { .. }), "{err:?}");
    assert_eq!(err.request_id(), Some("req-1"));
    assert!(!err.is_retryable());
    assert_eq!(server.requests().len(), 1);
}
