//! Clients that send slowly or not at all cannot hold the service's connections: a request head
//! or body not received within its timeout closes the connection, and connections beyond the
//! bound wait for a free one. A long poll, whose wait comes after its request was read, is not
//! cut by either timeout.

use crate::common::*;
use crate::raw_socket::{connect, head, read_until_closed, send};
use std::time::{Duration, Instant};
use swf_local::Server;
use swf_testkit::harness::within;

/// The read timeouts of these tests: short, so a cut shows quickly.
const READ_TIMEOUT: Duration = Duration::from_millis(500);

/// How long a test waits for a cut that should come after [`READ_TIMEOUT`]: without the
/// timeouts the connection stays open (65 s and more were measured), so this fails them.
const CUT_WITHIN: Duration = Duration::from_secs(5);

async fn server(builder: &mut swf_local::Builder) -> Server {
    builder
        .poll_timeout(Duration::from_secs(5))
        .start()
        .await
        .unwrap()
}

/// A registered domain, through the service's own answer: normal calls go on.
async fn list_domains_answers(server: &Server) {
    let (status, body) = raw(
        &server.endpoint_url(),
        Some("SimpleWorkflowService.ListDomains"),
        r#"{"registrationStatus":"REGISTERED"}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn half_a_head_is_cut_after_the_header_timeout() {
    let server = server(Server::builder().header_read_timeout(READ_TIMEOUT)).await;
    let connected = Instant::now();
    let mut slow = connect(&server.endpoint_url()).await;
    send(
        &mut slow,
        b"POST / HTTP/1.1\r\nhost: localhost\r\nx-amz-tar",
    )
    .await;
    // The slow client holds its connection, but others are served meanwhile.
    list_domains_answers(&server).await;
    let outcome = read_until_closed(&mut slow, CUT_WITHIN).await;
    assert!(
        outcome.closed_after.is_some(),
        "still open after {CUT_WITHIN:?}"
    );
    // The timeout, not something else, closed it: not before it was due.
    let closed = connected.elapsed();
    assert!(closed >= READ_TIMEOUT, "closed after {closed:?}");
    eprintln!("half a head: closed {closed:?} after connecting");
    assert!(outcome.bytes.is_empty(), "{outcome:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn half_a_body_gets_a_request_timeout_and_is_cut() {
    let server = server(Server::builder().body_read_timeout(READ_TIMEOUT)).await;
    let mut slow = connect(&server.endpoint_url()).await;
    let body = r#"{"name":"slow","workflowExecutionRetentionPeriodInDays":"1"}"#;
    send(&mut slow, head("RegisterDomain", body.len()).as_bytes()).await;
    send(&mut slow, &body.as_bytes()[..body.len() / 2]).await;
    list_domains_answers(&server).await;
    let outcome = read_until_closed(&mut slow, CUT_WITHIN).await;
    assert!(outcome.closed_after.is_some(), "{outcome:?}");
    eprintln!(
        "half a body: answered and closed after {:?}",
        outcome.closed_after
    );
    assert_eq!(outcome.status(), Some(408), "{outcome:?}");
    assert!(
        outcome
            .head()
            .contains("content-type: application/x-amz-json-1.0"),
        "{outcome:?}"
    );
    let json = outcome.json();
    assert_eq!(
        json["__type"], "com.amazon.coral.service#RequestTimeoutException",
        "{outcome:?}"
    );
    assert!(json["message"].as_str().unwrap().contains("body"), "{json}");
    // Nothing of the half-sent call was applied.
    let (_, described) = raw(
        &server.endpoint_url(),
        Some("SimpleWorkflowService.DescribeDomain"),
        r#"{"name":"slow"}"#,
    )
    .await;
    assert_eq!(
        described["__type"],
        "com.amazonaws.swf.base.model#UnknownResourceFault"
    );
    server.shutdown().await;
}

/// At the bound, a new connection is not refused: it waits, unanswered, until one closes.
#[tokio::test]
async fn a_connection_beyond_the_bound_waits_for_a_free_one() {
    let server = server(Server::builder().max_connections(2)).await;
    let url = server.endpoint_url();
    let idle_1 = connect(&url).await;
    let _idle_2 = connect(&url).await;
    let mut waiting = connect(&url).await;
    let body = r#"{"registrationStatus":"REGISTERED"}"#;
    send(&mut waiting, head("ListDomains", body.len()).as_bytes()).await;
    send(&mut waiting, body.as_bytes()).await;
    // A bounded look for an answer that must not come while both slots are held.
    let early = read_until_closed(&mut waiting, Duration::from_millis(300)).await;
    assert!(
        early.bytes.is_empty(),
        "answered beyond the bound: {early:?}"
    );
    assert!(early.closed_after.is_none(), "refused: {early:?}");
    drop(idle_1);
    let answer = within(10, async {
        let mut bytes = Vec::new();
        loop {
            let part = read_until_closed(&mut waiting, Duration::from_millis(100)).await;
            bytes.extend_from_slice(&part.bytes);
            if bytes.windows(4).any(|w| w == b"\r\n\r\n") && bytes.ends_with(b"}") {
                return String::from_utf8_lossy(&bytes).into_owned();
            }
        }
    })
    .await;
    assert!(answer.starts_with("HTTP/1.1 200 "), "{answer}");
    server.shutdown().await;
}

/// A long poll waits past both read timeouts, as it waits after its request was read, and gets
/// the task that comes meanwhile.
#[tokio::test]
async fn a_long_poll_outlasts_the_read_timeouts() {
    let timeout = Duration::from_millis(200);
    let server = server(
        Server::builder()
            .header_read_timeout(timeout)
            .body_read_timeout(timeout),
    )
    .await;
    let client = client_for(&server.endpoint_url()).await;
    register_domain(&client, DOMAIN).await;
    let domain = swf_testkit::harness::Domain::new(client.clone(), DOMAIN);
    let poll = tokio::spawn({
        let domain = domain.clone();
        async move { domain.poll_decision(DECISIONS, None).await }
    });
    within(5, server.wait_for_parked_polls(1)).await;
    // Time passing is the point here: the poll must stay parked past both timeouts.
    tokio::time::sleep(timeout * 3).await;
    let execution = domain
        .start(swf_core::types::StartWorkflowExecutionInput {
            workflow_id: "w".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await;
    let task = within(10, poll)
        .await
        .unwrap()
        .expect("the poll gets the task");
    assert_eq!(task.workflow_execution.run_id, execution.run_id);
    server.shutdown().await;
}

/// Limits that would serve nothing are refused at start, naming the setting.
#[tokio::test]
async fn limits_of_zero_fail_the_start() {
    let mut zero_connections = Server::builder();
    zero_connections.max_connections(0);
    let mut zero_header_time = Server::builder();
    zero_header_time.header_read_timeout(Duration::ZERO);
    let mut zero_body_time = Server::builder();
    zero_body_time.body_read_timeout(Duration::ZERO);
    for (builder, setting) in [
        (zero_connections, "max_connections"),
        (zero_header_time, "header_read_timeout"),
        (zero_body_time, "body_read_timeout"),
    ] {
        let error = builder.start().await.unwrap_err().to_string();
        assert!(error.contains(setting), "{error}");
    }
}

/// The binary takes the timeouts as flags: `--header-read-timeout 1` cuts half a head after
/// about a second.
#[tokio::test]
async fn the_binary_takes_the_timeouts_as_flags() {
    let binary = crate::binary_cli::LocalBinary::start_with(
        None,
        &[
            "--header-read-timeout",
            "1",
            "--body-read-timeout",
            "1",
            "--max-connections",
            "10",
        ],
    );
    let connected = Instant::now();
    let mut slow = connect(&binary.url).await;
    send(&mut slow, b"POST / HTTP/1.1\r\nhost: localhost\r\n").await;
    let outcome = read_until_closed(&mut slow, CUT_WITHIN).await;
    assert!(
        outcome.closed_after.is_some(),
        "still open after {CUT_WITHIN:?}"
    );
    let closed = connected.elapsed();
    assert!(closed >= Duration::from_secs(1), "closed after {closed:?}");
}
