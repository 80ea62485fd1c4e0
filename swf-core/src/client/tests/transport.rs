//! Timeouts, refused connections and connections closed without an answer.

use super::*;

#[tokio::test]
async fn a_silent_server_times_out_with_the_timeout_of_the_operation() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang]).await;
    let client = server
        .client()
        .request_timeout(Duration::from_millis(100))
        .long_poll_timeout(Duration::from_millis(150))
        .retry_config(RetryConfig::disabled())
        .build()
        .await
        .unwrap();
    let err = failed_ping(&client).await;
    assert!(matches!(err.kind(), ErrorKind::Timeout(t) if *t == Duration::from_millis(100)));
    assert!(err.is_ambiguous() && err.is_retryable());
    let err = client
        .call::<_, Pong>(Operation::PollForActivityTask, &ping())
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Timeout(t) if *t == Duration::from_millis(150)));
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_error_and_not_ambiguous() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = Client::local_builder(url)
        .retry_config(RetryConfig::disabled())
        .build()
        .await
        .unwrap();
    let err = failed_ping(&client).await;
    assert!(matches!(err.kind(), ErrorKind::Connect), "{err:?}");
    assert!(err.is_retryable() && !err.is_ambiguous());
    assert!(
        err.to_string()
            .starts_with("RegisterDomain failed: could not connect"),
        "{err}"
    );
}

#[tokio::test]
async fn a_connection_closed_without_answer_is_ambiguous_and_retried() {
    let server = Server::start(vec![Reply::Close, json(200, r#"{"value": "ok"}"#)]).await;
    let client = server.client().build().await.unwrap();
    let out: Pong = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    assert_eq!(out.value, "ok");
    assert_eq!(server.requests().len(), 2);

    let server = Server::start(vec![Reply::Close]).await;
    let client = server
        .client()
        .retry_config(RetryConfig::disabled())
        .build()
        .await
        .unwrap();
    let err = failed_ping(&client).await;
    assert!(matches!(err.kind(), ErrorKind::Transport), "{err:?}");
    assert!(err.is_ambiguous());
}
