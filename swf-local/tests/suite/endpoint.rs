//! `Endpoint::from_env_or_start` talks to the SWF the environment names, and starts swf-local in
//! the process when it names none.
//!
//! Each case runs in a child process: this test binary again, running one `#[ignore]`d test
//! (`child_*`) with exactly the environment the case needs. A test cannot set variables in its
//! own process: the other tests of the binary read the environment at the same time.

use std::time::Duration;

use swf_core::types::{
    DescribeDomainInput, PollForActivityTaskInput, RegisterDomainInput, TaskList,
};
use swf_local::{Endpoint, EndpointError};
use swf_testkit::{ChildTest, child_test};

use crate::common::client_for;

/// Hang guard for a child process, far above the fraction of a second it needs.
const DEADLINE: Duration = Duration::from_secs(60);
/// The poll timeout the children ask of a started swf-local.
const POLL_TIMEOUT: Duration = Duration::from_millis(200);
/// The domain a child registers through the endpoint's client.
const DOMAIN: &str = "chosen-endpoint";
/// What the children configure when they configure an SWF: dummy credentials.
const CREDENTIALS: [(&str, &str); 2] = [
    ("AWS_ACCESS_KEY_ID", "local"),
    ("AWS_SECRET_ACCESS_KEY", "local"),
];

/// Runs the child test `child` with none of [`Endpoint::ENVIRONMENT`] set but `vars`; checks it
/// ran and passed.
async fn run(child: ChildTest, vars: &[(&str, &str)]) {
    let mut command = child.command();
    for variable in Endpoint::ENVIRONMENT {
        command.env_remove(variable);
    }
    command
        .env_remove("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")
        .env_remove("AWS_PROFILE")
        .envs(CREDENTIALS)
        .envs(vars.iter().copied());
    // Blocks a thread of the blocking pool, so a service this test runs keeps serving the child.
    tokio::task::spawn_blocking(move || child.run(&mut command, DEADLINE))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
}

/// In a child test, first: whether its parent started it (else it does nothing).
fn started_by_parent() -> bool {
    child_test::from_parent([]).is_some()
}

/// Registers [`DOMAIN`] through `client`.
async fn register_domain(client: &swf_core::Client) {
    client
        .register_domain(RegisterDomainInput {
            name: DOMAIN.into(),
            workflow_execution_retention_period_in_days: "1".into(),
            ..Default::default()
        })
        .await
        .expect("the domain is registered through the endpoint's client");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_nothing_configured_it_starts_swf_local() {
    run(child_test!(child_with_nothing_configured), &[]).await;
}

#[tokio::test]
#[ignore = "a child process of with_nothing_configured_it_starts_swf_local"]
async fn child_with_nothing_configured() {
    if !started_by_parent() {
        return;
    }
    let endpoint = Endpoint::from_env_or_start(POLL_TIMEOUT).await.unwrap();
    let server = endpoint.local().expect("swf-local was started");
    assert_eq!(
        endpoint.to_string(),
        format!("swf-local in this process at {}/", server.endpoint_url())
    );
    // The client talks to that service...
    register_domain(endpoint.client()).await;
    let other = client_for(&server.endpoint_url()).await;
    let described = other
        .describe_domain(DescribeDomainInput {
            name: DOMAIN.into(),
        })
        .await;
    assert!(described.is_ok(), "{described:?}");
    // ... whose polls end after the poll timeout asked for, not SWF's 60 s.
    let poll = endpoint
        .client()
        .poll_for_activity_task(PollForActivityTaskInput {
            domain: DOMAIN.into(),
            task_list: TaskList {
                name: "nobody".into(),
            },
            ..Default::default()
        });
    let empty = tokio::time::timeout(Duration::from_secs(10), poll)
        .await
        .expect("the poll ended with the short poll timeout")
        .unwrap();
    assert!(empty.task_token.is_empty(), "{empty:?}");
    endpoint.shutdown().await;
    assert!(
        other.list_domains(Default::default()).await.is_err(),
        "the service stopped with the endpoint"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_an_endpoint_or_region_configured_it_uses_that_swf() {
    // Both endpoint variables, and both region variables; a service of its own for each case.
    let cases = [
        ("AWS_ENDPOINT_URL_SWF", "AWS_REGION"),
        ("AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION"),
    ];
    for (endpoint, region) in cases {
        let server = swf_local::Server::builder().start().await.unwrap();
        let url = server.endpoint_url();
        let vars = [(endpoint, url.as_str()), (region, "us-west-2")];
        run(child_test!(child_with_an_endpoint_configured), &vars).await;
        // The child registered the domain on this service, not on one of its own.
        let client = client_for(&url).await;
        let described = client
            .describe_domain(DescribeDomainInput {
                name: DOMAIN.into(),
            })
            .await;
        assert!(described.is_ok(), "{vars:?}: {described:?}");
        server.shutdown().await;
    }
}

#[tokio::test]
#[ignore = "a child process of with_an_endpoint_or_region_configured_it_uses_that_swf"]
async fn child_with_an_endpoint_configured() {
    if !started_by_parent() {
        return;
    }
    let endpoint = Endpoint::from_env_or_start(POLL_TIMEOUT).await.unwrap();
    assert!(endpoint.local().is_none(), "no swf-local was started");
    let url = std::env::var("AWS_ENDPOINT_URL_SWF")
        .or_else(|_| std::env::var("AWS_ENDPOINT_URL"))
        .unwrap();
    assert_eq!(
        endpoint.to_string(),
        format!("{url}/ (region us-west-2, from the environment)")
    );
    register_domain(endpoint.client()).await;
    endpoint.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configured_swf_that_cannot_be_used_is_an_error_naming_the_variable() {
    let vars = [
        ("AWS_ENDPOINT_URL_SWF", "not a url"),
        ("AWS_REGION", "us-east-1"),
    ];
    run(child_test!(child_with_a_malformed_endpoint), &vars).await;
}

#[tokio::test]
#[ignore = "a child process of a_configured_swf_that_cannot_be_used_is_an_error_naming_the_variable"]
async fn child_with_a_malformed_endpoint() {
    if !started_by_parent() {
        return;
    }
    let error = Endpoint::from_env_or_start(POLL_TIMEOUT).await.unwrap_err();
    assert!(
        matches!(
            error,
            EndpointError::Environment {
                variable: "AWS_ENDPOINT_URL_SWF",
                ..
            }
        ),
        "{error:?}"
    );
    let text = error.to_string();
    let expected = "AWS_ENDPOINT_URL_SWF is set, so SWF is configured from the environment, but: ";
    assert!(text.starts_with(expected), "{text}");
    assert!(text.contains("invalid endpoint URL `not a url`"), "{text}");
}
