//! With an auth file, swf-local's own endpoints are under the same keys as SWF's calls:
//! `/admin/*` must be SigV4-signed by a key whose policy allows its `swf-local:` action (a
//! refusal changes nothing), and the console asks for HTTP Basic credentials (access key id and
//! secret) and shows a page only when the key may make the SWF read behind it.

use crate::access_control::Captured;
use crate::common::{register_domain, wf_type};
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};
use swf_core::sign::{ClaimedScope, ReceivedRequest, signature};
use swf_core::types::*;
use swf_core::{Client, RetryConfig};
use swf_local::{AuthConfig, FaultConfig, Server, VirtualClock};
use swf_testkit::skip::Requirement;

/// May do every `swf-local:` admin action, and every SWF call.
const OPS: (&str, &str) = ("AKIDOPS", "ops-secret-never-shown");
/// May only read the admin settings (`swf-local:Get*`).
const READER: (&str, &str) = ("AKIDREADER", "reader-secret-never-shown");
/// May make every SWF call (`swf:*`), which grants no admin action.
const SWF_ADMIN: (&str, &str) = ("AKIDSWF", "swf-secret-never-shown");
/// May list domains, and list, count and describe domain `d`'s open executions, no more.
const LISTER: (&str, &str) = ("AKIDLISTER", "lister-secret-never-shown");
/// May list domains and `d`'s open executions filtered by a `team-a*` tag only.
const TAGGED: (&str, &str) = ("AKIDTAGGED", "tagged-secret-never-shown");
/// May read `d`'s executions and histories.
const VIEWER: (&str, &str) = ("AKIDVIEWER", "viewer-secret-never-shown");
/// Temporary credentials (with a session token) allowed everything.
const TEMPORARY: (&str, &str) = ("ASIATEMPORARY", "temporary-secret-never-shown");
/// Has no statement at all.
const NOBODY: (&str, &str) = ("AKIDNOBODY", "nobody-secret-never-shown");

const D: &str = "arn:aws:swf:*:*:/domain/d";

fn key(key: (&str, &str), statements: Value) -> Value {
    json!({"AccessKeyId": key.0, "SecretAccessKey": key.1,
           "Policy": {"Version": "2012-10-17", "Statement": statements}})
}

fn auth_config() -> AuthConfig {
    let allow = |action: Value, resource: &str| json!({"Effect": "Allow", "Action": action, "Resource": resource});
    let mut file = json!({"Keys": [
        key(OPS, json!([allow(json!(["swf-local:*", "swf:*"]), "*")])),
        key(READER, json!([allow(json!("swf-local:Get*"), "*")])),
        key(SWF_ADMIN, json!([allow(json!("swf:*"), "*")])),
        key(LISTER, json!([
            allow(json!("swf:ListDomains"), "*"),
            allow(json!(["swf:ListOpenWorkflowExecutions", "swf:CountOpenWorkflowExecutions",
                         "swf:DescribeWorkflowExecution"]), D)])),
        key(TAGGED, json!([
            allow(json!("swf:ListDomains"), "*"),
            {"Effect": "Allow", "Action": "swf:ListOpenWorkflowExecutions", "Resource": D,
             "Condition": {"StringLike": {"swf:tagFilter.tag": "team-a*"}}}])),
        key(VIEWER, json!([allow(
            json!(["swf:DescribeWorkflowExecution", "swf:GetWorkflowExecutionHistory"]), D)])),
        key(NOBODY, json!([])),
    ]});
    let mut temporary = key(TEMPORARY, json!([allow(json!("*"), "*")]));
    temporary["SessionToken"] = json!("the-session-token");
    file["Keys"].as_array_mut().unwrap().push(temporary);
    AuthConfig::from_json(&file.to_string()).expect("the tests' auth file is valid")
}

async fn start_server() -> Server {
    Server::builder()
        .poll_timeout(Duration::from_millis(200))
        .virtual_clock(VirtualClock::new().manual())
        .console(true)
        .auth(auth_config())
        .start()
        .await
        .expect("swf-local starts")
}

/// An SWF client signing as `key`, retries off.
async fn client_as(server: &Server, key: (&str, &str)) -> Client {
    Client::builder()
        .endpoint_url(server.endpoint_url())
        .region("us-east-1")
        .static_credentials(key.0, key.1, None)
        .retry_config(RetryConfig::disabled())
        .build()
        .await
        .expect("a client builds")
}

/// `method path` with `body`, SigV4-signed by `key` (none: unsigned) through swf-core's
/// signature function, the one its client signs with.
async fn admin(
    server: &Server,
    method: &str,
    path: &str,
    body: &str,
    key: Option<(&str, &str)>,
) -> (u16, Value) {
    let url = format!("{}{path}", server.endpoint_url());
    let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut request = reqwest::Client::new()
        .request(method.clone(), url)
        .body(body.to_owned());
    if let Some((id, secret)) = key {
        let host = server.local_addr().to_string();
        let date = amz_date(SystemTime::now());
        let headers = [("host", host.as_str()), ("x-amz-date", date.as_str())];
        let received = ReceivedRequest {
            method: method.as_str(),
            path_and_query: path,
            headers: &headers,
            body: body.as_bytes(),
        };
        let scope = ClaimedScope {
            access_key: id,
            secret_key: secret,
            region: "us-east-1",
            service: "swf",
            time: SystemTime::now(),
        };
        let sig = signature(&received, &scope).unwrap();
        let authorization = format!(
            "AWS4-HMAC-SHA256 Credential={id}/{}/us-east-1/swf/aws4_request, \
             SignedHeaders=host;x-amz-date, Signature={sig}",
            &date[..8]
        );
        request = request
            .header("x-amz-date", date)
            .header("authorization", authorization);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let body = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap_or(Value::Null);
    (status, body)
}

/// `time` as `X-Amz-Date` writes it: `20260102T030405Z`.
fn amz_date(time: SystemTime) -> String {
    let rfc3339 = Timestamp::from(time).to_rfc3339();
    rfc3339[..19].replace(['-', ':'], "") + "Z"
}

/// The error type (after `#`) and message of a refusal's body.
fn refusal(body: &Value) -> (String, String) {
    let kind = body["__type"].as_str().unwrap_or_default();
    let kind = kind.rsplit('#').next().unwrap_or_default().to_owned();
    (
        kind,
        body["message"].as_str().unwrap_or_default().to_owned(),
    )
}

/// What an admin refusal for `key` and `action` says.
fn not_permitted(key: (&str, &str), action: &str) -> (String, String) {
    let message = format!(
        "User {} is not authorized to perform: {action} on resource: *",
        key.0
    );
    ("OperationNotPermittedFault".to_owned(), message)
}

#[tokio::test]
async fn admin_requests_need_a_signature_by_a_key_allowed_their_action() {
    let server = start_server().await;
    let start = server.now();
    let throttle_all = json!({"throttle_rate": 1.0}).to_string();
    let advance_a_day = json!({"seconds": 86_400}).to_string();
    let unchanged = |server: &Server| {
        assert_eq!(server.faults(), FaultConfig::default(), "faults unchanged");
        assert_eq!(server.now(), start, "clock unchanged");
    };

    // Unsigned, forged, or signed by a key whose policy does not name the action: refused as
    // AWS refuses an SWF call, and nothing changes.
    let (status, body) = admin(&server, "GET", "/admin/faults", "", None).await;
    assert_eq!(status, 403);
    assert_eq!(refusal(&body).0, "MissingAuthenticationTokenException");
    let (status, body) = admin(&server, "PUT", "/admin/faults", &throttle_all, None).await;
    assert_eq!(
        (status, refusal(&body).0.as_str()),
        (403, "MissingAuthenticationTokenException")
    );
    let forged = Some((OPS.0, "not the ops secret"));
    let (status, body) = admin(&server, "PUT", "/admin/faults", &throttle_all, forged).await;
    assert_eq!(
        (status, refusal(&body).0.as_str()),
        (400, "InvalidSignatureException")
    );
    let (status, body) = admin(
        &server,
        "POST",
        "/admin/clock/advance",
        &advance_a_day,
        None,
    )
    .await;
    assert_eq!(
        (status, refusal(&body).0.as_str()),
        (403, "MissingAuthenticationTokenException")
    );
    unchanged(&server);

    let (status, body) = admin(&server, "GET", "/admin/faults", "", Some(READER)).await;
    assert_eq!((status, body["throttle_rate"].as_f64()), (200, Some(0.0)));
    let (status, body) = admin(&server, "GET", "/admin/clock", "", Some(READER)).await;
    assert_eq!((status, body["virtual"].as_bool()), (200, Some(true)));
    let (status, body) = admin(&server, "PUT", "/admin/faults", &throttle_all, Some(READER)).await;
    assert_eq!(status, 400);
    assert_eq!(refusal(&body), not_permitted(READER, "swf-local:PutFaults"));
    let advance = admin(
        &server,
        "POST",
        "/admin/clock/advance",
        &advance_a_day,
        Some(READER),
    );
    let (status, body) = advance.await;
    assert_eq!(status, 400);
    assert_eq!(
        refusal(&body),
        not_permitted(READER, "swf-local:AdvanceClock")
    );
    // `swf:*` is SWF's actions only: it grants none of swf-local's own.
    let (status, body) = admin(&server, "GET", "/admin/clock", "", Some(SWF_ADMIN)).await;
    assert_eq!(status, 400);
    assert_eq!(
        refusal(&body),
        not_permitted(SWF_ADMIN, "swf-local:GetClock")
    );
    let (_, body) = admin(&server, "GET", "/admin/faults", "", Some(NOBODY)).await;
    assert_eq!(refusal(&body), not_permitted(NOBODY, "swf-local:GetFaults"));
    unchanged(&server);

    // A key allowed the action does it.
    let (status, body) = admin(&server, "PUT", "/admin/faults", &throttle_all, Some(OPS)).await;
    assert_eq!((status, body["throttle_rate"].as_f64()), (200, Some(1.0)));
    assert_eq!(server.faults().throttle_rate, 1.0);
    let advance = admin(
        &server,
        "POST",
        "/admin/clock/advance",
        &advance_a_day,
        Some(OPS),
    );
    let (status, _) = advance.await;
    assert_eq!(status, 200);
    assert_eq!(server.now(), start + Duration::from_secs(86_400));
}

/// curl's own SigV4 signer (`--aws-sigv4`, curl 7.75 and later), written by nobody here, is
/// accepted: the command the README gives for the admin endpoints works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn curl_signs_admin_requests() {
    const CURL: Requirement = Requirement {
        variable: "SWF_TEST_REQUIRE_CURL",
        what: "curl 7.75 or later (--aws-sigv4)",
        install: "apt-get install curl",
    };
    let server = start_server().await;
    let curl = |key: (&str, &str), args: &[&str]| {
        let url = format!("{}/admin/faults", server.endpoint_url());
        let user = format!("{}:{}", key.0, key.1);
        std::process::Command::new("curl")
            .args([
                "-sS",
                "--max-time",
                "10",
                "--aws-sigv4",
                "aws:amz:us-east-1:swf",
            ])
            .args(["--user", &user])
            .args(args)
            .arg(url)
            .output()
    };
    let read = match tokio::task::block_in_place(|| curl(READER, &[])) {
        Ok(output) if output.status.success() => output,
        Ok(output) => {
            let why = String::from_utf8_lossy(&output.stderr).into_owned();
            return CURL.skip("curl_signs_admin_requests", &why);
        }
        Err(e) => return CURL.skip("curl_signs_admin_requests", &e.to_string()),
    };
    let body: Value = serde_json::from_slice(&read.stdout).unwrap();
    assert_eq!(body["throttle_rate"].as_f64(), Some(0.0), "{body}");
    let put = [
        "-X",
        "PUT",
        "-H",
        "content-type: application/json",
        "--data",
    ];
    let throttle_all = [&put[..], &[r#"{"throttle_rate": 1.0}"#]].concat();
    let refused = tokio::task::block_in_place(|| curl(READER, &throttle_all)).unwrap();
    let body: Value = serde_json::from_slice(&refused.stdout).unwrap();
    assert_eq!(refusal(&body), not_permitted(READER, "swf-local:PutFaults"));
    assert_eq!(server.faults(), FaultConfig::default());
    let done = tokio::task::block_in_place(|| curl(OPS, &throttle_all)).unwrap();
    let body: Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(body["throttle_rate"].as_f64(), Some(1.0), "{body}");
    assert_eq!(server.faults().throttle_rate, 1.0);
}

/// A console page as `key` (none: no credentials): status, `WWW-Authenticate`, body.
async fn page(server: &Server, path: &str, key: Option<(&str, &str)>) -> (u16, String, String) {
    let mut request = reqwest::Client::new().get(format!("{}{path}", server.endpoint_url()));
    if let Some((id, secret)) = key {
        request = request.basic_auth(id, Some(secret));
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let challenge = response
        .headers()
        .get("www-authenticate")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, challenge, response.text().await.unwrap())
}

/// Domains `d` and `e`, and one open execution in each (`d`'s tagged `team-a`).
async fn console_fixture(server: &Server) -> WorkflowExecution {
    let ops = client_as(server, OPS).await;
    register_domain(&ops, "d").await;
    register_domain(&ops, "e").await;
    let mut started = Vec::new();
    for domain in ["d", "e"] {
        let run = ops
            .start_workflow_execution(StartWorkflowExecutionInput {
                domain: domain.into(),
                workflow_id: format!("order-in-{domain}"),
                workflow_type: wf_type(),
                tag_list: Some(vec!["team-a".into()]),
                ..Default::default()
            })
            .await
            .unwrap();
        started.push(WorkflowExecution {
            workflow_id: format!("order-in-{domain}"),
            run_id: run.run_id.expect("a start answers its run id"),
        });
    }
    started.swap_remove(0)
}

#[tokio::test]
async fn the_console_asks_for_a_key_and_shows_what_its_policy_may_read() {
    let server = start_server().await;
    let execution = console_fixture(&server).await;

    // No credentials, a wrong secret, an unknown key: 401 with a Basic challenge, the same words
    // for the last two, and no secret on the page.
    let (status, challenge, missing) = page(&server, "/console", None).await;
    assert_eq!(status, 401);
    assert!(
        challenge.starts_with("Basic realm=\"swf-local console\""),
        "{challenge}"
    );
    assert!(
        missing.contains("sign in with an access key id"),
        "{missing}"
    );
    let (status, challenge, wrong) = page(&server, "/console", Some((LISTER.0, OPS.1))).await;
    assert_eq!(status, 401);
    assert!(challenge.starts_with("Basic "));
    assert!(!wrong.contains(OPS.1) && !wrong.contains(LISTER.1));
    let (status, _, unknown) = page(&server, "/console", Some(("AKIDWHO", LISTER.1))).await;
    assert_eq!((status, unknown), (401, wrong));
    // A temporary key needs its session token, which Basic cannot carry.
    let (status, _, temporary) = page(&server, "/console", Some(TEMPORARY)).await;
    assert_eq!(status, 401);
    assert!(temporary.contains("Temporary credentials"), "{temporary}");

    // A key may see the domains page only with ListDomains, and each count only with its
    // Count* action on that domain.
    let (status, _, body) = page(&server, "/console", Some(NOBODY)).await;
    assert_eq!(status, 403);
    assert!(
        body.contains(
            "User AKIDNOBODY is not authorized to perform: swf:ListDomains on resource: *"
        ),
        "{body}"
    );
    let (status, _, body) = page(&server, "/console", Some(LISTER)).await;
    assert_eq!(status, 200);
    assert!(body.contains(">d</a>") && body.contains(">e</a>"), "{body}");
    assert!(
        body.contains("status=open\">1</a>"),
        "d's open count: {body}"
    );
    assert_eq!(
        body.matches("not permitted: swf:CountClosedWorkflowExecutions")
            .count(),
        2,
        "{body}"
    );
    assert_eq!(
        body.matches("not permitted: swf:CountOpenWorkflowExecutions")
            .count(),
        1,
        "e's open count: {body}"
    );

    // Listing: the domain's List* action, before the domain is even looked up.
    let arn = |domain: &str| format!("arn:aws:swf:us-east-1:000000000000:/domain/{domain}");
    let (status, _, body) = page(&server, "/console/executions?domain=d", Some(LISTER)).await;
    assert_eq!(status, 200);
    assert!(body.contains("order-in-d"), "{body}");
    for (query, action, domain) in [
        (
            "domain=d&status=closed",
            "ListClosedWorkflowExecutions",
            "d",
        ),
        ("domain=e", "ListOpenWorkflowExecutions", "e"),
        ("domain=nowhere", "ListOpenWorkflowExecutions", "nowhere"),
    ] {
        let (status, _, body) = page(
            &server,
            &format!("/console/executions?{query}"),
            Some(LISTER),
        )
        .await;
        let refusal = format!(
            "User AKIDLISTER is not authorized to perform: swf:{action} on resource: {}",
            arn(domain)
        );
        assert_eq!(status, 403, "{query}: {body}");
        assert!(body.contains(&refusal), "{query}: {body}");
    }
    // The filter's tag is the condition key a policy may ask for.
    let (status, _, _) = page(&server, "/console/executions?domain=d", Some(TAGGED)).await;
    assert_eq!(status, 403);
    let tagged = "/console/executions?domain=d&tag=team-a";
    let (status, _, body) = page(&server, tagged, Some(TAGGED)).await;
    assert_eq!(status, 200);
    assert!(body.contains("order-in-d"), "{body}");

    // One execution's page is its description and its history: both reads are needed.
    let path = format!(
        "/console/execution?domain=d&workflowId={}&runId={}",
        execution.workflow_id, execution.run_id
    );
    let (status, _, body) = page(&server, &path, Some(LISTER)).await;
    assert_eq!(status, 403);
    assert!(
        body.contains(&format!(
            "User AKIDLISTER is not authorized to perform: swf:GetWorkflowExecutionHistory on \
             resource: {}",
            arn("d")
        )),
        "{body}"
    );
    let (status, _, body) = page(&server, &path, Some(VIEWER)).await;
    assert_eq!(status, 200);
    assert!(body.contains(&execution.run_id), "{body}");
}

/// Neither a console password nor its base64 form (what the `Authorization: Basic` header
/// carries) reaches the log, even at TRACE level, whether signing in works or not; nor does an
/// admin request's signing secret.
#[tokio::test]
async fn no_console_or_admin_secret_reaches_the_log_even_at_trace_level() {
    use base64::Engine as _;
    // This test's runtime has one thread, so the service's tasks log through this subscriber too.
    let (captured, _guard) = Captured::trace();

    let server = start_server().await;
    let wrong = (LISTER.0, "lister-wrong-secret");
    for key in [LISTER, wrong, TEMPORARY] {
        page(&server, "/console", Some(key)).await;
    }
    admin(&server, "GET", "/admin/faults", "", Some(OPS)).await;
    server.shutdown().await;

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(log.contains("swf-local is serving"), "nothing was captured");
    for (id, secret) in [LISTER, wrong, TEMPORARY, OPS] {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
        assert!(
            !log.contains(&basic),
            "{id}'s Basic credentials are in the log:\n{log}"
        );
    }
}
