//! `Client::call` against a loopback HTTP server that answers with canned responses. The server
//! knows nothing of SWF: it records what it receives and replies as told.

use super::*;
use crate::RetryConfig;
use crate::sign::SERVICE;
use crate::sign::reference::Signer;
use crate::validate::Validator;
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// What the server does with the next request.
enum Reply {
    /// Answers with this status, extra headers and body, then closes the connection.
    Answer(u16, Vec<(&'static str, &'static str)>, &'static str),
    /// Reads the request and never answers, keeping the connection open.
    Hang,
    /// Reads the request and closes the connection without answering.
    Close,
}

fn json(status: u16, body: &'static str) -> Reply {
    Reply::Answer(status, vec![("x-amzn-RequestId", "req-1")], body)
}

#[derive(Debug, Clone)]
struct Received {
    method: String,
    path: String,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

#[derive(Default)]
struct Log {
    connections: usize,
    requests: Vec<Received>,
}

struct Server {
    url: String,
    log: Arc<Mutex<Log>>,
}

impl Server {
    async fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Log::default()));
        let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
        let server_log = log.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                server_log.lock().unwrap().connections += 1;
                tokio::spawn(serve_one(stream, server_log.clone(), replies.clone()));
            }
        });
        Server { url, log }
    }

    fn requests(&self) -> Vec<Received> {
        self.log.lock().unwrap().requests.clone()
    }

    fn connections(&self) -> usize {
        self.log.lock().unwrap().connections
    }

    fn client(&self) -> ClientBuilder {
        let mut builder = Client::local_builder(&self.url);
        builder.retry_config(
            RetryConfig::new()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2)),
        );
        builder
    }
}

/// Reads one HTTP/1.1 request from `stream` and replies with the next canned reply.
async fn serve_one(
    mut stream: TcpStream,
    log: Arc<Mutex<Log>>,
    replies: Arc<Mutex<VecDeque<Reply>>>,
) {
    let mut buf = Vec::new();
    let head_end = loop {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.unwrap();
        if n == 0 {
            return;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap().split(' ');
    let method = request_line.next().unwrap().to_owned();
    let path = request_line.next().unwrap().to_owned();
    let headers: HashMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .map_or(0, |v| v.parse().unwrap());
    let mut body = buf[head_end + 4..].to_vec();
    while body.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.unwrap();
        assert!(n > 0, "client closed mid-body");
        body.extend_from_slice(&chunk[..n]);
    }
    log.lock().unwrap().requests.push(Received {
        method,
        path,
        headers,
        body,
    });

    let reply = replies
        .lock()
        .unwrap()
        .pop_front()
        .expect("more requests than replies");
    match reply {
        Reply::Answer(status, headers, body) => {
            let mut out = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: application/x-amz-json-1.0\r\n\
                 content-length: {}\r\nconnection: close\r\n",
                body.len()
            );
            for (k, v) in headers {
                out.push_str(&format!("{k}: {v}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(body);
            stream.write_all(out.as_bytes()).await.unwrap();
            stream.shutdown().await.ok();
        }
        Reply::Hang => {
            // Hold the connection open until the runtime ends with the test.
            std::future::pending::<()>().await;
            drop(stream);
        }
        Reply::Close => drop(stream),
    }
}

#[derive(Serialize)]
struct Ping {
    name: String,
}

impl Validate for Ping {
    fn validate_into(&self, v: &mut Validator) {
        v.string("name", &self.name, Some(1), Some(10));
    }
}

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Pong {
    value: String,
}

fn ping() -> Ping {
    Ping {
        name: "demo".into(),
    }
}

/// `20150830T123600Z` as a time.
fn parse_amz_date(s: &str) -> SystemTime {
    let n = |r: std::ops::Range<usize>| s[r].parse::<i64>().unwrap();
    let (y, m, d) = (n(0..4), n(4..6), n(6..8));
    let secs_of_day = n(9..11) * 3600 + n(11..13) * 60 + n(13..15);
    // Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    UNIX_EPOCH + Duration::from_secs((days * 86_400 + secs_of_day) as u64)
}

#[test]
fn amz_dates_parse() {
    assert_eq!(
        parse_amz_date("20150830T123600Z"),
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    );
}

#[tokio::test]
async fn a_call_posts_signed_json_and_decodes_the_answer() {
    let server = Server::start(vec![json(200, r#"{"value": "pong"}"#)]).await;
    let client = server.client().build().await.unwrap();
    let out: Pong = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    assert_eq!(
        out,
        Pong {
            value: "pong".into()
        }
    );

    let [req] = server.requests().try_into().unwrap();
    assert_eq!((req.method.as_str(), req.path.as_str()), ("POST", "/"));
    assert_eq!(req.headers["content-type"], "application/x-amz-json-1.0");
    assert_eq!(
        req.headers["x-amz-target"],
        "SimpleWorkflowService.RegisterDomain"
    );
    assert_eq!(req.body, br#"{"name":"demo"}"#);
    // Signed for now: SWF refuses a signature more than 5 minutes from its clock.
    let signed_at = parse_amz_date(&req.headers["x-amz-date"]);
    let skew = SystemTime::now()
        .duration_since(signed_at)
        .unwrap_or_else(|e| e.duration());
    assert!(
        skew < Duration::from_secs(60),
        "signed {skew:?} away from now"
    );

    // What was signed is what arrived: a second, independent signer (`sign::reference`) given
    // the request as the server received it (host with its port, content type, target, date and
    // body) and the client's key writes the same `Authorization` header, byte for byte. A client
    // that signed another body or target, left a header out of the signature or skipped the
    // payload hash sends a different one.
    assert_eq!(
        req.headers["authorization"],
        expected_authorization(&req, "local", "local", &[])
    );
}

/// The `Authorization` header the reference signer writes for `req` as received, signing the
/// headers every call carries, then `extra` ones, with the key `access_key`/`secret_key`.
fn expected_authorization(
    req: &Received,
    access_key: &str,
    secret_key: &str,
    extra: &[&str],
) -> String {
    let signed = ["content-type", "host", "x-amz-date", "x-amz-target"];
    let headers: Vec<(&str, &str)> = signed
        .iter()
        .chain(extra)
        .map(|name| (*name, req.headers[*name].as_str()))
        .collect();
    Signer {
        access_key,
        secret_key,
        region: "us-east-1",
        service: SERVICE,
        amz_date: &req.headers["x-amz-date"],
    }
    .authorization(&req.method, &headers, &req.body)
}

#[tokio::test]
async fn a_session_token_is_sent() {
    let server = Server::start(vec![json(200, "{}")]).await;
    let client = server
        .client()
        .static_credentials("AKID", "secret", Some("the-token".into()))
        .build()
        .await
        .unwrap();
    let _: serde::de::IgnoredAny = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    let [req] = server.requests().try_into().unwrap();
    assert_eq!(req.headers["x-amz-security-token"], "the-token");
    // The token is signed along with the rest.
    assert_eq!(
        req.headers["authorization"],
        expected_authorization(&req, "AKID", "secret", &["x-amz-security-token"])
    );
}

#[tokio::test]
async fn an_empty_body_reads_as_an_empty_object() {
    #[derive(serde::Deserialize, Default, Debug, PartialEq)]
    struct Nothing {
        #[serde(default)]
        next_page_token: Option<String>,
    }
    let server = Server::start(vec![json(200, ""), json(200, "")]).await;
    let client = server.client().build().await.unwrap();
    let _: serde::de::IgnoredAny = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    let out: Nothing = client
        .call(Operation::RegisterDomain, &ping())
        .await
        .unwrap();
    assert_eq!(out, Nothing::default());
}

#[tokio::test]
async fn a_fault_is_returned_at_once() {
    let server = Server::start(vec![json(
        400,
        r#"{"__type": "com.amazonaws.swf.base.model#UnknownResourceFault", "message": "Unknown domain: demo"}"#,
    )])
    .await;
    let client = server.client().build().await.unwrap();
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
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
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
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
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
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
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
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
    let err = once
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
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
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
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
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
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
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Transport), "{err:?}");
    assert!(err.is_ambiguous());
}

#[tokio::test]
async fn an_unreadable_answer_is_a_decode_error() {
    let server = Server::start(vec![json(200, "<html>")]).await;
    let client = server.client().build().await.unwrap();
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Decode { .. }), "{err:?}");
    assert_eq!(err.request_id(), Some("req-1"));
    assert!(!err.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn failing_credentials_stop_the_call_before_sending() {
    #[derive(Debug)]
    struct NoCredentials;
    impl aws_credential_types::provider::ProvideCredentials for NoCredentials {
        fn provide_credentials<'a>(
            &'a self,
        ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
        where
            Self: 'a,
        {
            aws_credential_types::provider::future::ProvideCredentials::ready(Err(
                aws_credential_types::provider::error::CredentialsError::not_loaded(
                    "no profile named `prod`",
                ),
            ))
        }
    }
    let server = Server::start(vec![]).await;
    let client = server
        .client()
        .credentials_provider(NoCredentials)
        .build()
        .await
        .unwrap();
    let err = client
        .call::<_, Pong>(Operation::RegisterDomain, &ping())
        .await
        .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Credentials), "{err:?}");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("no profile named `prod`"), "{err}");
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn clones_share_one_client() {
    let server = Server::start(vec![json(200, "{}")]).await;
    let client = server.client().build().await.unwrap();
    let clone = client.clone();
    assert!(Arc::ptr_eq(&client.inner, &clone.inner));
    fn is_send<T: Send>(_: &T) {}
    let input = ping();
    let call = clone.call::<_, serde::de::IgnoredAny>(Operation::RegisterDomain, &input);
    is_send(&call);
    call.await.unwrap();
}
