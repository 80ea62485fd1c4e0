//! A decider configured by the command-line arguments every worker and decider binary shares
//! (feature `cli`): every argument must reach a decider that really works against the endpoint
//! the arguments name.

#![cfg(feature = "cli")]

mod common;

use clap::Parser;
use common::local::{execution, within};
use common::workflows::GreetingWorkflow;
use swf_core::Client;
use swf_core::args::TaskListArgs;
use swf_core::types::EventType;
use swf_decider::{DeciderBuilder, JsonCodec, StartOptions, WorkflowClient};
use swf_local::Server;
use tokio_util::sync::CancellationToken;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shared_arguments_configure_a_working_decider() {
    // SWF's own 60 s long polls: a parked poll stays parked, so the count of parked polls is the
    // number of pollers, not a number that dips while a short poll ends and is sent again.
    let server = Server::builder().start().await.expect("swf-local starts");
    let endpoint = server.endpoint_url();
    let cli = Cli::parse_from([
        "decider",
        "--domain",
        "shop",
        "--task-list",
        "orders",
        "--identity",
        "me",
        "--pollers",
        "3",
        "--endpoint-url",
        &endpoint,
        "--region",
        "us-east-1",
        "--register",
    ]);
    // A loopback endpoint needs no credentials: building the client must not fail here.
    let mut b: DeciderBuilder<JsonCodec> = DeciderBuilder::from_args(&cli.swf, JsonCodec)
        .await
        .expect("the arguments build a client");
    let decider = b.workflow(GreetingWorkflow).build().unwrap();
    let shutdown = CancellationToken::new();
    let running = tokio::spawn({
        let shutdown = shutdown.clone();
        async move { decider.run(shutdown).await }
    });

    // `--pollers 3` against `--endpoint-url`: three polls park on that service. `run` registers
    // before it polls, so `--register` has created domain `shop` by now.
    within(10, server.wait_for_parked_polls(3)).await;
    assert_eq!(server.parked_polls(), 3, "exactly the pollers asked for");

    // `--domain` and `--task-list`: a workflow started there is decided by this decider.
    let client = Client::local_builder(&endpoint).build().await.unwrap();
    let run = WorkflowClient::new(client.clone(), "shop")
        .start::<GreetingWorkflow>(
            "greet-cli",
            &"Ada".to_owned(),
            &StartOptions::new().task_list("orders"),
        )
        .await
        .expect("domain `shop` was registered by the decider");
    assert_eq!(within(10, run.result()).await.unwrap(), "Hello, Ada");

    // `--identity`: the decision task was started by `me`.
    let history = client
        .get_workflow_execution_history(swf_core::types::GetWorkflowExecutionHistoryInput {
            domain: "shop".into(),
            execution: execution(&run),
            ..Default::default()
        })
        .await
        .unwrap();
    let identities: Vec<_> = history
        .events
        .iter()
        .filter(|e| e.event_type == EventType::DecisionTaskStarted)
        .map(|e| {
            let started = e.decision_task_started_event_attributes.as_ref().unwrap();
            started.identity.as_deref()
        })
        .collect();
    assert_eq!(identities, [Some("me")]);

    // `run` keeps its 60 s polls until they end: stopping the service ends them at once.
    shutdown.cancel();
    server.shutdown().await;
    within(10, running).await.unwrap().unwrap();
}
