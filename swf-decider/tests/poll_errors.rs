//! A decider's polls that fail, on swf-local: an error no retry can fix stops `run` with an error
//! naming it, and transient errors are waited out with growing, fully jittered waits (the shared
//! runtime's backoff, whose rule swf-core's unit tests check) until polling works again.

mod common;

use std::time::{Duration, Instant};

use common::local::{DOMAIN, start, within};
use common::workflows::GreetingWorkflow;
use swf_core::{Client, RetryConfig};
use swf_decider::{Decider, StartOptions};
use swf_testkit::proxy::{Fault, FaultProxy};
use tokio_util::sync::CancellationToken;

const POLL: &str = "PollForDecisionTask";

#[tokio::test]
async fn polling_an_unknown_domain_stops_the_decider() {
    within(30, async {
        let local = start().await;
        let decider = Decider::builder(local.client.clone())
            .domain("no-such-domain")
            .task_list("orders")
            .workflow(GreetingWorkflow)
            .build()
            .unwrap();
        let err = decider.run(CancellationToken::new()).await.unwrap_err();
        assert!(err.swf_error().unwrap().is_unknown_resource(), "{err}");
        assert!(!err.is_config(), "{err}");
        assert!(
            err.to_string()
                .starts_with("polling stopped on an error that retrying cannot fix"),
            "{err}"
        );
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_polls_are_retried_after_growing_waits_until_polling_works() {
    let local = start().await;
    let proxy = FaultProxy::start(&local.server.endpoint_url()).await;
    // No retries in the client: each failed poll reaches the decider's own backoff.
    let client = Client::local_builder(proxy.endpoint_url())
        .retry_config(RetryConfig::disabled())
        .build()
        .await
        .unwrap();
    const FAULTS: u64 = 5;
    proxy.fail_next(POLL, Fault::Status(503), FAULTS);
    let decider = Decider::builder(client)
        .domain(DOMAIN)
        .task_list("backoff")
        .pollers(1)
        .register(true)
        .workflow(GreetingWorkflow)
        .build()
        .unwrap();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn(decider.run(shutdown.clone()));

    // When each poll reached the service, up to the first one that was let through.
    let mut arrivals = Vec::new();
    for polls in 1..=FAULTS + 1 {
        within(30, proxy.wait_until(|p| p.stats(POLL).received >= polls)).await;
        arrivals.push(Instant::now());
    }
    let stats = proxy.stats(POLL);
    assert_eq!(stats.faulted, FAULTS, "{stats:?}");
    let waits: Vec<Duration> = arrivals.windows(2).map(|w| w[1] - w[0]).collect();
    let total: Duration = waits.iter().sum();
    // Each wait is drawn from [0, bound] (full jitter), the bounds doubling from 100 ms: the five
    // add up to at most 3.1 s, leaving 1.7 s for five round trips, where a fixed 1 s wait (the
    // decider's old rule) takes at least 5 s. No lower bound on each wait: full jitter may draw
    // any of them close to zero.
    assert!(total < Duration::from_millis(4_800), "{waits:?}");
    // Not an immediate retry either: five draws all that short together have a chance of 2.5e-7.
    assert!(total >= Duration::from_millis(50), "{waits:?}");

    // Polling works again: the decider is still running and decides a workflow.
    let run = local
        .workflows()
        .start::<GreetingWorkflow>(
            "after-faults",
            &"Ada".to_owned(),
            &StartOptions::new().task_list("backoff"),
        )
        .await
        .unwrap();
    assert_eq!(within(20, run.result()).await.unwrap(), "Hello, Ada");
    shutdown.cancel();
    within(10, running).await.unwrap().unwrap();
}
