//! Retries: what is retried, when it stops, and what an error says of earlier attempts.

use super::*;

#[tokio::test]
async fn throttling_is_retried_until_it_passes() {
    let throttled = r#"{"__type": "ThrottlingException", "message": "Rate exceeded"}"#;
    let server = Server::start(vec![
        json(400, throttled),
        json(400, throttled),
        json(200, r#"{"value": "ok"}"#),
    ])
    .await;
    let client = server.client().build().await.unwrap();
    let out: Pong = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    assert_eq!(out.value, "ok");
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    // Each attempt is the same request, and each carries a valid signature of itself.
    for request in &requests {
        assert_eq!(request.body, requests[0].body);
        assert_eq!(
            request.headers["authorization"],
            expected_authorization(request, "local", "local", &[])
        );
    }
}

#[tokio::test]
async fn a_fault_after_a_5xx_says_an_earlier_attempt_was_ambiguous() {
    let already = r#"{"__type": "WorkflowExecutionAlreadyStartedFault", "message": "started"}"#;
    let server = Server::start(vec![
        json(500, r#"{"__type": "InternalFailure"}"#),
        json(400, already),
    ])
    .await;
    let client = server.client().build().await.unwrap();
    let err = failed_ping(&client).await;
    assert!(err.is_workflow_execution_already_started(), "{err:?}");
    assert_eq!(err.attempts(), 2);
    assert!(err.after_ambiguous_attempt());
    assert!(!err.is_ambiguous());
    assert!(
        err.to_string()
            .starts_with("RegisterDomain failed after 2 attempts: "),
        "{err}"
    );
}

#[tokio::test]
async fn a_fault_after_throttling_is_not_ambiguous() {
    let server = Server::start(vec![
        json(400, r#"{"__type": "ThrottlingException"}"#),
        json(400, r#"{"__type": "DomainAlreadyExistsFault"}"#),
    ])
    .await;
    let client = server.client().build().await.unwrap();
    let err = failed_ping(&client).await;
    assert!(err.is_domain_already_exists());
    assert_eq!(err.attempts(), 2);
    assert!(!err.after_ambiguous_attempt());
}

#[tokio::test]
async fn retries_stop_after_max_attempts() {
    let unavailable = || json(503, r#"{"__type": "ServiceUnavailable"}"#);
    let server = Server::start(vec![unavailable(), unavailable(), unavailable()]).await;
    let client = server
        .client()
        .retry_config(
            RetryConfig::new()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::ZERO),
        )
        .build()
        .await
        .unwrap();
    let err = failed_ping(&client).await;
    assert_eq!(err.attempts(), 3);
    assert_eq!(err.code(), Some("ServiceUnavailable"));
    assert!(err.is_retryable() && err.after_ambiguous_attempt());
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_handle_with_retries_disabled_makes_one_attempt_on_the_shared_client() {
    let unavailable = || json(503, r#"{"__type": "ServiceUnavailable"}"#);
    let server = Server::start(vec![
        unavailable(),
        unavailable(),
        json(200, r#"{"value": "ok"}"#),
    ])
    .await;
    let client = server.client().build().await.unwrap();
    let once = client.with_retry_config(RetryConfig::disabled());
    let err = failed_ping(&once).await;
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.requests().len(), 1);

    // The original handle still retries: its call meets the second 503, then succeeds.
    let out: Pong = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .expect("the original handle retries past a 503");
    assert_eq!(out.value, "ok");
    assert_eq!(server.requests().len(), 3);
    assert!(
        Arc::ptr_eq(&client.inner, &once.inner),
        "both handles share one HTTP client, configuration and credentials cache"
    );
}
