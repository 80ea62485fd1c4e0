//! With an auth file, every call must be signed by a listed key (SigV4, within 15 minutes of the
//! wall clock) and allowed by that key's IAM policy; each refusal changes nothing. A decision the
//! policy does not allow fails in the history with `OPERATION_NOT_PERMITTED`.

use crate::common::{ACTIVITIES, DOMAIN, act_type, of_type, register_domain, wf_type};
use serde_json::{Value, json};
use std::time::{Duration, SystemTime};
use swf_core::sign::{ClaimedScope, ReceivedRequest, signature};
use swf_core::types::*;
use swf_core::{Client, RetryConfig};
use swf_local::{AuthConfig, Server};
use swf_testkit::harness::Domain;
use swf_testkit::harness::decisions::{schedule_activity, start_timer};

const ADMIN: &str = "AKIDADMIN";
const ADMIN_SECRET: &str = "admin-secret-never-logged";
const WORKER: &str = "AKIDWORKER";
const WORKER_SECRET: &str = "worker-secret-never-logged";
const DECIDER: &str = "AKIDDECIDER";
const DECIDER_SECRET: &str = "decider-secret-never-logged";

/// The auth file of these tests: an admin allowed everything, a worker that may poll only the
/// `activities` task list of domain `d` (and describe `d`), a decider that may poll and answer
/// decision tasks in `d` and schedule activities on `activities` only.
fn auth_config() -> AuthConfig {
    let file = json!({"Keys": [
        {"AccessKeyId": ADMIN, "SecretAccessKey": ADMIN_SECRET,
         "Policy": {"Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "swf:*", "Resource": "*"}]}},
        {"AccessKeyId": WORKER, "SecretAccessKey": WORKER_SECRET,
         "Policy": {"Statement": [
            {"Effect": "Allow", "Action": "swf:PollForActivityTask",
             "Resource": "arn:aws:swf:*:*:/domain/d",
             "Condition": {"StringEquals": {"swf:taskList.name": ACTIVITIES}}},
            {"Effect": "Allow", "Action": "swf:DescribeDomain",
             "Resource": "arn:aws:swf:*:*:/domain/d"},
            {"Effect": "Allow", "Action": "swf:ListOpenWorkflowExecutions",
             "Resource": "arn:aws:swf:*:*:/domain/d",
             "Condition": {"StringLike": {"swf:tagFilter.tag": "team-a*"}}}]}},
        {"AccessKeyId": DECIDER, "SecretAccessKey": DECIDER_SECRET,
         "Policy": {"Statement": [
            {"Effect": "Allow",
             "Action": ["swf:PollForDecisionTask", "swf:RespondDecisionTaskCompleted"],
             "Resource": "arn:aws:swf:*:*:/domain/d"},
            {"Effect": "Allow", "Action": "swf:ScheduleActivityTask",
             "Resource": "arn:aws:swf:*:*:/domain/d",
             "Condition": {"StringEquals": {"swf:taskList.name": ACTIVITIES}}}]}}
    ]});
    AuthConfig::from_json(&file.to_string()).expect("the tests' auth file is valid")
}

async fn start_server() -> Server {
    start_with(auth_config(), "us-east-1").await
}

/// A service checking calls against `config`, in `region`, with short polls.
pub(crate) async fn start_with(config: AuthConfig, region: &str) -> Server {
    Server::builder()
        .poll_timeout(Duration::from_millis(200))
        .auth(config)
        .region(region)
        .start()
        .await
        .expect("swf-local starts")
}

/// A client signing with `key` and `secret` through swf-core's own signer, retries off.
pub(crate) async fn client_as(server: &Server, key: &str, secret: &str) -> Client {
    client_signing(server, &Signer::new(key, secret)).await
}

/// A client signing as `signer` says (its key, secret, session token and region; the time is
/// the client's own), retries off.
pub(crate) async fn client_signing(server: &Server, signer: &Signer<'_>) -> Client {
    Client::builder()
        .endpoint_url(server.endpoint_url())
        .region(signer.region)
        .static_credentials(signer.key, signer.secret, signer.token.map(str::to_owned))
        .retry_config(RetryConfig::disabled())
        .build()
        .await
        .expect("a client builds")
}

/// Who signs a hand-made request, for which region and when.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signer<'a> {
    pub(crate) key: &'a str,
    pub(crate) secret: &'a str,
    /// The session token of temporary credentials, sent (and signed) as
    /// `X-Amz-Security-Token`.
    pub(crate) token: Option<&'a str>,
    pub(crate) region: &'a str,
    pub(crate) time: SystemTime,
}

impl<'a> Signer<'a> {
    /// `key` with `secret`, for us-east-1, now.
    pub(crate) fn new(key: &'a str, secret: &'a str) -> Signer<'a> {
        Signer {
            key,
            secret,
            token: None,
            region: "us-east-1",
            time: SystemTime::now(),
        }
    }

    pub(crate) fn at(self, time: SystemTime) -> Signer<'a> {
        Signer { time, ..self }
    }

    pub(crate) fn region(self, region: &'a str) -> Signer<'a> {
        Signer { region, ..self }
    }

    pub(crate) fn token(self, token: &'a str) -> Signer<'a> {
        Signer {
            token: Some(token),
            ..self
        }
    }

    /// What swf-core's signing functions sign with: this key, region and time, for SWF.
    pub(crate) fn scope(&self) -> ClaimedScope<'a> {
        ClaimedScope {
            access_key: self.key,
            secret_key: self.secret,
            region: self.region,
            service: "swf",
            time: self.time,
        }
    }
}

/// The domain names the service holds, asked as the admin.
pub(crate) async fn domains(admin: &Client) -> Vec<String> {
    let infos = admin
        .list_domains(ListDomainsInput {
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .await
        .unwrap();
    infos.domain_infos.into_iter().map(|d| d.name).collect()
}

/// `RegisterDomain` of `name`'s body.
pub(crate) fn register_body(name: &str) -> String {
    json!({"name": name, "workflowExecutionRetentionPeriodInDays": "1"}).to_string()
}

/// `RegisterDomain` of `name`, by hand: its body and headers, `Authorization` as given.
pub(crate) fn register_request(
    server: &Server,
    name: &str,
    headers: &[(&str, String)],
) -> reqwest::RequestBuilder {
    let mut request = reqwest::Client::new()
        .post(server.endpoint_url())
        .header("content-type", "application/x-amz-json-1.0")
        .header("x-amz-target", "SimpleWorkflowService.RegisterDomain")
        .body(register_body(name));
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    request
}

/// The `X-Amz-Date`, `Authorization` (and with a session token `X-Amz-Security-Token`)
/// headers of `RegisterDomain name` signed as `signer` says, by swf-core's signature function
/// (the one the client signs through).
pub(crate) fn signed_headers(
    server: &Server,
    name: &str,
    signer: &Signer<'_>,
) -> Vec<(&'static str, String)> {
    let body = register_body(name);
    let host = server.local_addr().to_string();
    let date = amz_date(signer.time);
    let mut headers = vec![
        ("content-type", "application/x-amz-json-1.0"),
        ("host", host.as_str()),
        ("x-amz-date", date.as_str()),
    ];
    if let Some(token) = signer.token {
        headers.push(("x-amz-security-token", token));
    }
    headers.push(("x-amz-target", "SimpleWorkflowService.RegisterDomain"));
    let request = ReceivedRequest {
        method: "POST",
        path_and_query: "/",
        headers: &headers,
        body: body.as_bytes(),
    };
    let sig = signature(&request, &signer.scope()).unwrap();
    let names: Vec<&str> = headers.iter().map(|(name, _)| *name).collect();
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{}/{}/swf/aws4_request, SignedHeaders={}, \
         Signature={sig}",
        signer.key,
        &date[..8],
        signer.region,
        names.join(";"),
    );
    let mut sent = vec![("x-amz-date", date), ("authorization", authorization)];
    if let Some(token) = signer.token {
        sent.push(("x-amz-security-token", token.to_owned()));
    }
    sent
}

/// `time` as `X-Amz-Date` writes it: `20260102T030405Z`.
pub(crate) fn amz_date(time: SystemTime) -> String {
    let rfc3339 = swf_core::types::Timestamp::from(time).to_rfc3339();
    let whole = &rfc3339[..19];
    whole.replace(['-', ':'], "") + "Z"
}

/// How the service answered a hand-made request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    Accepted,
    /// The status, `__type` (after `#`) and message of a refusal.
    Refused(u16, String, String),
}

/// The refusal's status, type and message; a panic if the request was accepted.
pub(crate) fn refused(answer: &Answer) -> (u16, &str, &str) {
    match answer {
        Answer::Refused(status, kind, message) => (*status, kind, message),
        Answer::Accepted => panic!("a refusal expected, the request was accepted"),
    }
}

/// Sends `request` and reads its answer.
pub(crate) async fn answer(request: reqwest::RequestBuilder) -> Answer {
    let response = request.send().await.expect("the service answers");
    if response.status().is_success() {
        return Answer::Accepted;
    }
    let (status, kind, message) = refusal(response).await;
    Answer::Refused(status, kind, message)
}

/// `RegisterDomain name` with `headers` (`Authorization` as given), answered.
pub(crate) async fn register_with(
    server: &Server,
    name: &str,
    headers: &[(&str, String)],
) -> Answer {
    answer(register_request(server, name, headers)).await
}

/// `RegisterDomain name` signed by hand as `signer`, answered.
pub(crate) async fn register_as(server: &Server, name: &str, signer: &Signer<'_>) -> Answer {
    register_with(server, name, &signed_headers(server, name, signer)).await
}

/// The status, `__type` (after `#`) and message of an answer.
pub(crate) async fn refusal(response: reqwest::Response) -> (u16, String, String) {
    let status = response.status().as_u16();
    let body: Value = serde_json::from_slice(&response.bytes().await.unwrap()).unwrap();
    let kind = body["__type"].as_str().unwrap_or_default();
    let kind = kind.rsplit('#').next().unwrap_or_default().to_owned();
    (
        status,
        kind,
        body["message"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test]
async fn unsigned_malformed_forged_unknown_and_stale_requests_are_refused_and_change_nothing() {
    let server = start_server().await;
    let admin = client_as(&server, ADMIN, ADMIN_SECRET).await;
    let now = SystemTime::now();
    let twenty_minutes = Duration::from_secs(20 * 60);

    let unsigned = register_with(&server, "unsigned", &[]).await;
    assert_eq!(
        refused(&unsigned),
        (
            403,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token"
        )
    );
    let garbage = [("authorization", "garbage".to_owned())];
    let garbage = register_with(&server, "garbage", &garbage).await;
    assert_eq!(refused(&garbage).1, "IncompleteSignatureException");

    let admin_signer = Signer::new(ADMIN, ADMIN_SECRET).at(now);
    let forger = Signer::new(ADMIN, "not the admin's secret").at(now);
    let forged = register_as(&server, "forged", &forger).await;
    let (status, kind, message) = refused(&forged);
    assert_eq!((status, kind), (400, "InvalidSignatureException"));
    assert!(
        message.starts_with("The request signature we calculated does not match"),
        "{message}"
    );
    // The admin's true signature of another body does not sign this one.
    let other = signed_headers(&server, "other", &admin_signer);
    let swapped = register_with(&server, "forged", &other).await;
    assert_eq!(refused(&swapped).1, "InvalidSignatureException");

    let nobody = Signer::new("AKIDNOBODY", "whatever").at(now);
    let unknown = register_as(&server, "unknown", &nobody).await;
    assert_eq!(
        refused(&unknown),
        (
            400,
            "UnrecognizedClientException",
            "The security token included in the request is invalid."
        )
    );

    let stale = register_as(&server, "stale", &admin_signer.at(now - twenty_minutes)).await;
    let (status, kind, message) = refused(&stale);
    assert_eq!((status, kind), (400, "InvalidSignatureException"));
    assert!(message.starts_with("Signature expired: "), "{message}");
    let early = register_as(&server, "early", &admin_signer.at(now + twenty_minutes)).await;
    let message = refused(&early).2;
    assert!(
        message.starts_with("Signature not yet current: "),
        "{message}"
    );

    assert_eq!(
        domains(&admin).await,
        Vec::<String>::new(),
        "nothing was registered"
    );
    // The same hand-made request, signed right and on time, is accepted: the refusals above
    // are for what each got wrong, not for how the test signs.
    let good = register_as(&server, "good", &admin_signer).await;
    assert_eq!(good, Answer::Accepted);
    assert_eq!(domains(&admin).await, ["good"]);
    server.shutdown().await;
}

#[tokio::test]
async fn swf_cores_client_is_accepted_with_the_right_secret_and_refused_with_a_wrong_one() {
    let server = start_server().await;
    let admin = client_as(&server, ADMIN, ADMIN_SECRET).await;
    register_domain(&admin, DOMAIN).await;
    let wrong = client_as(&server, ADMIN, "wrong").await;
    let err = wrong
        .register_domain(RegisterDomainInput {
            name: "wrong".into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some("InvalidSignatureException"), "{err}");
    assert!(err.is_access_denied(), "{err}");
    assert_eq!(domains(&admin).await, [DOMAIN]);
    server.shutdown().await;
}

#[tokio::test]
async fn a_policy_limits_a_key_to_its_actions_domains_and_task_lists() {
    let server = start_server().await;
    let admin = client_as(&server, ADMIN, ADMIN_SECRET).await;
    register_domain(&admin, DOMAIN).await;
    register_domain(&admin, "d2").await;
    let worker = client_as(&server, WORKER, WORKER_SECRET).await;
    let poll = |domain: &str, task_list: &str| PollForActivityTaskInput {
        domain: domain.into(),
        task_list: TaskList {
            name: task_list.into(),
        },
        identity: None,
    };

    let allowed = worker
        .poll_for_activity_task(poll(DOMAIN, ACTIVITIES))
        .await;
    assert_eq!(allowed.unwrap().task_token, "", "an empty poll, allowed");
    for (domain, task_list) in [(DOMAIN, "other"), ("d2", ACTIVITIES)] {
        let err = worker
            .poll_for_activity_task(poll(domain, task_list))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Some("OperationNotPermittedFault"), "{err}");
        let message = err.message().unwrap_or_default();
        assert!(
            message.contains("swf:PollForActivityTask")
                && message.contains(&format!(":/domain/{domain}")),
            "{message}"
        );
    }
    let described = worker
        .describe_domain(DescribeDomainInput {
            name: DOMAIN.into(),
        })
        .await;
    assert_eq!(described.unwrap().domain_info.name, DOMAIN);

    let start = worker
        .start_workflow_execution(StartWorkflowExecutionInput {
            domain: DOMAIN.into(),
            workflow_id: "w".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(start.code(), Some("OperationNotPermittedFault"), "{start}");
    let deprecate = worker
        .deprecate_domain(DeprecateDomainInput {
            name: DOMAIN.into(),
        })
        .await
        .unwrap_err();
    assert_eq!(deprecate.code(), Some("OperationNotPermittedFault"));
    let register = worker
        .register_domain(RegisterDomainInput {
            name: "d3".into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(register.code(), Some("OperationNotPermittedFault"));

    // A condition on the tag filter: only listings filtered by a `team-a...` tag.
    let list = |tag: Option<&str>| ListOpenWorkflowExecutionsInput {
        domain: DOMAIN.into(),
        start_time_filter: ExecutionTimeFilter {
            oldest_date: Timestamp::from_millis(0),
            latest_date: None,
        },
        tag_filter: tag.map(|tag| TagFilter { tag: tag.into() }),
        ..Default::default()
    };
    let listed = worker
        .list_open_workflow_executions(list(Some("team-a1")))
        .await;
    assert!(listed.unwrap().execution_infos.is_empty());
    for tag in [Some("team-b"), None] {
        let err = worker
            .list_open_workflow_executions(list(tag))
            .await
            .unwrap_err();
        assert_eq!(
            err.code(),
            Some("OperationNotPermittedFault"),
            "{tag:?}: {err}"
        );
    }

    // Nothing the refused calls asked for happened.
    let open = admin
        .count_open_workflow_executions(CountOpenWorkflowExecutionsInput {
            domain: DOMAIN.into(),
            start_time_filter: ExecutionTimeFilter {
                oldest_date: Timestamp::from_millis(0),
                latest_date: None,
            },
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(open.count, 0);
    assert_eq!(domains(&admin).await, [DOMAIN, "d2"]);
    server.shutdown().await;
}

#[tokio::test]
async fn a_decision_the_policy_does_not_allow_fails_with_operation_not_permitted() {
    let server = start_server().await;
    let admin = client_as(&server, ADMIN, ADMIN_SECRET).await;
    register_domain(&admin, DOMAIN).await;
    let execution = Domain::new(admin.clone(), DOMAIN)
        .start(StartWorkflowExecutionInput {
            workflow_id: "w".into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await;
    let decider = client_as(&server, DECIDER, DECIDER_SECRET).await;
    let mut task = DecisionTask::default();
    for _ in 0..10 {
        task = decider
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: DOMAIN.into(),
                task_list: TaskList {
                    name: crate::common::DECISIONS.into(),
                },
                ..Default::default()
            })
            .await
            .unwrap();
        if !task.task_token.is_empty() {
            break;
        }
    }
    assert!(!task.task_token.is_empty(), "no decision task came");
    let schedule = |id: &str, task_list: Option<&str>| {
        schedule_activity(ScheduleActivityTaskDecisionAttributes {
            activity_id: id.into(),
            activity_type: act_type(),
            task_list: task_list.map(|name| TaskList { name: name.into() }),
            ..Default::default()
        })
    };
    decider
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: task.task_token,
            decisions: Some(vec![
                // On the type's default task list, `activities`: allowed.
                schedule("allowed", None),
                schedule("elsewhere", Some("secret")),
                start_timer("t", "5"),
            ]),
            ..Default::default()
        })
        .await
        .unwrap();

    let history = swf_testkit::harness::Domain::new(admin.clone(), DOMAIN)
        .history(&execution)
        .await;
    let scheduled = of_type(&history, EventType::ActivityTaskScheduled);
    assert_eq!(scheduled.len(), 1);
    let failed = of_type(&history, EventType::ScheduleActivityTaskFailed);
    let [failed] = &failed[..] else {
        panic!("one ScheduleActivityTaskFailed expected: {failed:?}");
    };
    let failed = failed
        .schedule_activity_task_failed_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(failed.activity_id, "elsewhere");
    assert_eq!(
        failed.cause,
        ScheduleActivityTaskFailedCause::OperationNotPermitted
    );
    let timer = of_type(&history, EventType::StartTimerFailed);
    let timer = timer[0]
        .start_timer_failed_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(timer.cause, StartTimerFailedCause::OperationNotPermitted);
    assert!(of_type(&history, EventType::TimerStarted).is_empty());
    // Nothing was queued on the task list the decider may not use.
    let pending = admin
        .count_pending_activity_tasks(CountPendingActivityTasksInput {
            domain: DOMAIN.into(),
            task_list: TaskList {
                name: "secret".into(),
            },
        })
        .await
        .unwrap();
    assert_eq!(pending.count, 0);
    server.shutdown().await;
}

#[tokio::test]
async fn an_auth_file_that_is_not_valid_stops_the_start_naming_the_field() {
    let dir = std::env::temp_dir().join(format!("swf-local-auth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("auth.json");
    std::fs::write(
        &path,
        r#"{"Keys": [{"AccessKeyId": "A", "SecretAccessKey": "s3cr3t-in-file",
            "Policy": {"Statement": [{"Effect": "Allow", "Action": "swf:*"}]}}]}"#,
    )
    .unwrap();
    let err = Server::builder()
        .auth_file(&path)
        .start()
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("Keys[0].Policy.Statement[0].Resource: missing"),
        "{message}"
    );
    assert!(!message.contains("s3cr3t"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// What a tracing subscriber writes, kept for the test to read.
#[derive(Clone, Default)]
pub(crate) struct Captured(pub(crate) std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Captured {
    /// Captures, until the guard drops, everything the current thread's tracing logs at TRACE
    /// level and above.
    pub(crate) fn trace() -> (Captured, tracing::subscriber::DefaultGuard) {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (captured, tracing::subscriber::set_default(subscriber))
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_secret_reaches_the_log_even_at_trace_level() {
    // This test's runtime has one thread, so the service's tasks log through this subscriber too.
    let (captured, _guard) = Captured::trace();

    let server = start_server().await;
    let admin = client_as(&server, ADMIN, ADMIN_SECRET).await;
    register_domain(&admin, DOMAIN).await;
    let wrong = client_as(&server, WORKER, "worker-wrong-secret").await;
    let refused = wrong
        .describe_domain(DescribeDomainInput {
            name: DOMAIN.into(),
        })
        .await;
    assert!(refused.is_err());
    tracing::debug!(config = ?auth_config(), "the auth config, as Debug shows it");
    server.shutdown().await;

    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains("swf-local is serving"),
        "nothing was captured: {log}"
    );
    assert!(log.contains(WORKER), "the config's Debug was logged: {log}");
    for secret in [
        ADMIN_SECRET,
        WORKER_SECRET,
        DECIDER_SECRET,
        "worker-wrong-secret",
    ] {
        assert!(!log.contains(secret), "{secret} is in the log:\n{log}");
    }
}
