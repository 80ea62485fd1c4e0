//! Injected faults, as `swf-core`'s client meets them: throttles, 500 and 503 answers, added
//! latency, and connections dropped after the call was applied; and the faults changed while the
//! service runs, through `/admin/faults`.

use crate::common::*;
use crate::throttling::env_on;
use std::time::{Duration, Instant};
use swf_core::types::*;
use swf_core::{Client, RetryConfig};
use swf_local::{FaultConfig, Server};
use swf_testkit::harness::within;

fn faults(f: impl FnOnce(&mut FaultConfig)) -> FaultConfig {
    let mut c = FaultConfig::default();
    c.seed = Some(13);
    f(&mut c);
    c
}

async fn describe(client: &Client) -> Result<DomainDetail, swf_core::Error> {
    client
        .describe_domain(DescribeDomainInput {
            name: DOMAIN.into(),
        })
        .await
}

/// Whether each of `n` calls was throttled.
async fn throttled_calls(client: &Client, n: usize) -> Vec<bool> {
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(match describe(client).await {
            Ok(_) => false,
            Err(e) if e.is_throttling() => true,
            Err(e) => panic!("{e}"),
        });
    }
    out
}

/// A rate of throttles: about half of 400 calls at 0.5, the very same calls again with the same
/// seed, and `swf-core`'s retries get through them.
#[tokio::test]
async fn throttles_come_at_their_rate_and_repeat_with_the_seed() {
    let env = env().await;
    let config = faults(|c| c.throttle_rate = 0.5);
    env.server.set_faults(config.clone()).unwrap();
    let first = throttled_calls(&env.client, 400).await;
    let throttled = first.iter().filter(|t| **t).count();
    // Binomial(400, 0.5): the standard deviation is 10.
    assert!((160..=240).contains(&throttled), "{throttled} of 400");

    env.server.set_faults(config).unwrap();
    assert_eq!(throttled_calls(&env.client, 400).await, first);

    let retrying = env.client.with_retry_config(
        RetryConfig::new()
            .with_max_attempts(20)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5)),
    );
    for _ in 0..20 {
        describe(&retrying).await.unwrap();
    }
}

/// 500 and 503 answers in AWS's shape: `InternalFailure` and `ServiceUnavailableException`,
/// retryable, possibly applied as far as the client knows, though swf-local applied none.
#[tokio::test]
async fn server_errors_are_aws_shaped_and_nothing_is_applied() {
    let env = env().await;
    env.server
        .set_faults(faults(|c| {
            c.internal_error_rate = 0.5;
            c.unavailable_rate = 0.5;
            c.operations = vec!["RegisterDomain".into()];
        }))
        .unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for i in 0..40 {
        let e = env
            .client
            .register_domain(RegisterDomainInput {
                name: format!("never-{i}"),
                workflow_execution_retention_period_in_days: "1".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert!(e.is_retryable() && e.is_ambiguous(), "{e}");
        let service = e.service_error().unwrap();
        let status = service.status().as_u16();
        let code = service.code().unwrap().to_owned();
        seen.insert((status, code));
    }
    assert_eq!(
        seen.into_iter().collect::<Vec<_>>(),
        [
            (500, "InternalFailure".to_owned()),
            (503, "ServiceUnavailableException".to_owned())
        ]
    );
    let domains = env
        .client
        .list_domains(ListDomainsInput {
            registration_status: RegistrationStatus::Registered,
            ..Default::default()
        })
        .await
        .unwrap();
    let names: Vec<_> = domains.domain_infos.iter().map(|d| &d.name).collect();
    assert_eq!(names, [DOMAIN]);

    // swf-core retries them: three 5xx answers, then the call goes through.
    env.server
        .set_faults(faults(|c| {
            c.internal_error_rate = 0.5;
            c.unavailable_rate = 0.5;
            c.max_faults = Some(3);
        }))
        .unwrap();
    let retrying = env.client.with_retry_config(
        RetryConfig::new()
            .with_max_attempts(4)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5)),
    );
    describe(&retrying).await.unwrap();
    assert_eq!(env.server.faults().max_faults, Some(0));
}

/// Added latency: every call of the listed operation takes at least the configured time (150 ms
/// plus up to 50), measured by the client.
#[tokio::test]
async fn latency_delays_every_call_by_at_least_the_configured_time() {
    let env = env_on(Server::builder().faults(faults(|c| {
        c.latency_ms = 150;
        c.latency_jitter_ms = 50;
        c.operations = vec!["DescribeDomain".into()];
    })))
    .await;
    let mut took = Vec::new();
    for _ in 0..5 {
        let start = Instant::now();
        describe(&env.client).await.unwrap();
        took.push(start.elapsed());
    }
    eprintln!("latency 150..200 ms configured, calls took {took:?}");
    assert!(
        took.iter().all(|t| *t >= Duration::from_millis(150)),
        "{took:?}"
    );
}

fn start_input(workflow_id: &str) -> StartWorkflowExecutionInput {
    StartWorkflowExecutionInput {
        domain: DOMAIN.into(),
        workflow_id: workflow_id.into(),
        workflow_type: wf_type(),
        ..Default::default()
    }
}

async fn open_ids(client: &Client) -> Vec<String> {
    let infos = client
        .list_open_workflow_executions(ListOpenWorkflowExecutionsInput {
            domain: DOMAIN.into(),
            start_time_filter: ExecutionTimeFilter {
                oldest_date: Timestamp::from_millis(0),
                latest_date: None,
            },
            ..Default::default()
        })
        .await
        .unwrap();
    let mut ids: Vec<_> = infos
        .execution_infos
        .into_iter()
        .map(|i| i.execution.workflow_id)
        .collect();
    ids.sort();
    ids
}

/// The hard case: the call is applied and its answer lost. The client sees its connection reset
/// (an ambiguous transport error), yet the execution it started is open. A retrying client's
/// second attempt meets the execution its first attempt started, and `swf-core` answers that
/// execution's run.
#[tokio::test]
async fn a_dropped_answer_leaves_the_call_applied() {
    let env = env_on(Server::builder().faults(faults(|c| {
        c.drop_after_apply_rate = 1.0;
        c.max_faults = Some(1);
        c.operations = vec!["StartWorkflowExecution".into()];
    })))
    .await;
    let e = env
        .client
        .start_workflow_execution(start_input("dropped"))
        .await
        .unwrap_err();
    assert!(e.is_ambiguous() && e.is_retryable(), "{e}");
    assert!(e.service_error().is_none(), "no answer came: {e}");
    eprintln!("a dropped answer, as swf-core reports it: {e}");
    assert_eq!(open_ids(&env.client).await, ["dropped"]);

    env.server
        .set_faults(faults(|c| {
            c.drop_after_apply_rate = 1.0;
            c.max_faults = Some(1);
            c.operations = vec!["StartWorkflowExecution".into()];
        }))
        .unwrap();
    let retrying = env.client.with_retry_config(
        RetryConfig::new()
            .with_max_attempts(4)
            .with_initial_backoff(Duration::from_millis(10)),
    );
    // swf-core's reconciliation: the retry meets WorkflowExecutionAlreadyStartedFault after an
    // ambiguous attempt, finds the execution that attempt started, and answers its run.
    let run = within(
        10,
        retrying.start_workflow_execution(start_input("retried")),
    )
    .await
    .unwrap();
    let described = env
        .client
        .describe_workflow_execution(DescribeWorkflowExecutionInput {
            domain: DOMAIN.into(),
            execution: WorkflowExecution {
                workflow_id: "retried".into(),
                run_id: run.run_id.clone().unwrap(),
            },
        })
        .await
        .unwrap();
    assert_eq!(
        described.execution_info.execution_status,
        ExecutionStatus::Open
    );
    assert_eq!(
        env.server.faults().max_faults,
        Some(0),
        "the first answer was dropped"
    );
    assert_eq!(open_ids(&env.client).await, ["dropped", "retried"]);
}

/// The faults change while the service runs: `GET /admin/faults` shows them, `PUT` replaces them
/// (calls are throttled, then not), and a bad configuration is refused naming the member,
/// leaving the one in force.
#[tokio::test]
async fn faults_change_at_run_time_through_the_admin_endpoint() {
    let env = env_on(&mut Server::builder()).await;
    let url = format!("{}/admin/faults", env.server.endpoint_url());
    let http = reqwest::Client::new();
    let get = || async {
        let r = http.get(&url).send().await.unwrap();
        assert_eq!(r.status().as_u16(), 200);
        serde_json::from_slice::<serde_json::Value>(&r.bytes().await.unwrap()).unwrap()
    };
    let put = |body: serde_json::Value| {
        let request = http.put(&url).body(body.to_string());
        async move {
            let r = request.send().await.unwrap();
            (
                r.status().as_u16(),
                serde_json::from_slice::<serde_json::Value>(&r.bytes().await.unwrap()).unwrap(),
            )
        }
    };
    assert_eq!(get().await["throttle_rate"], 0.0);
    describe(&env.client).await.unwrap();

    let (status, now) = put(serde_json::json!({ "throttle_rate": 1.0, "seed": 3 })).await;
    assert_eq!(status, 200);
    assert_eq!(
        (now["throttle_rate"].clone(), now["seed"].clone()),
        (1.0.into(), 3.into())
    );
    assert_eq!(get().await, now);
    assert!(describe(&env.client).await.unwrap_err().is_throttling());

    for (bad, names) in [
        (serde_json::json!({ "throttle_rate": 2.0 }), "throttle_rate"),
        (
            serde_json::json!({ "latency": 5 }),
            "unknown field `latency`",
        ),
        (serde_json::json!({ "operations": ["Nope"] }), "operations"),
        (
            serde_json::json!({ "throttle_rate": "half" }),
            "throttle_rate: invalid type",
        ),
    ] {
        let (status, answer) = put(bad).await;
        assert_eq!(status, 400);
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(names), "{message}");
    }
    assert_eq!(get().await, now, "a refused PUT changes nothing");
    assert!(describe(&env.client).await.unwrap_err().is_throttling());

    let (status, _) = put(serde_json::json!({})).await;
    assert_eq!(status, 200);
    describe(&env.client).await.unwrap();
    assert_eq!(env.server.faults(), FaultConfig::default());
}

/// A bad setting given to the builder fails the start, naming it.
#[tokio::test]
async fn a_bad_setting_fails_the_start() {
    let e = Server::builder()
        .faults(faults(|c| c.unavailable_rate = 1.5))
        .start()
        .await
        .unwrap_err();
    assert!(e.to_string().contains("unavailable_rate"), "{e}");
}
