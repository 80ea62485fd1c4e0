//! The decider builder: required settings, conflicts, and the shared command-line arguments.

mod common;

use clap::Parser;
use common::workflows::{GreetingWorkflow, OrderWorkflow};
use swf_core::Client;
use swf_core::args::TaskListArgs;
use swf_decider::{Decider, DeciderBuilder, JsonCodec};

async fn client() -> Client {
    // Nothing is sent: building a decider does not call SWF.
    Client::local_builder("http://127.0.0.1:9")
        .build()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_decider_needs_a_domain_a_task_list_and_distinct_workflows() {
    let mut b = Decider::builder(client().await);
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "a decider needs a domain"
    );
    b.domain("d");
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "a decider needs a task list"
    );
    b.task_list("t");
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "a decider needs at least one workflow"
    );
    b.workflow(OrderWorkflow).workflow(GreetingWorkflow);
    let decider = b.build().unwrap();
    let shown = format!("{decider:?}");
    assert!(
        shown.contains(r#"workflows: ["greeting/1", "order/1"]"#),
        "{shown}"
    );
    b.workflow(OrderWorkflow);
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "two workflows serve type `order` version `1`"
    );
}

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
}

#[tokio::test]
async fn the_shared_arguments_configure_a_decider() {
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
        "http://127.0.0.1:9",
        "--region",
        "us-east-1",
        "--register",
    ]);
    let mut b: DeciderBuilder<JsonCodec> =
        match DeciderBuilder::from_args(&cli.swf, JsonCodec).await {
            Ok(b) => b,
            // Credentials are resolved from the environment; should this machine's setup make
            // building the client fail, that is not the arguments' doing.
            Err(e) if e.to_string().to_lowercase().contains("credential") => {
                eprintln!("skipped: {e}");
                return;
            }
            Err(e) => panic!("{e}"),
        };
    let decider = b.workflow(OrderWorkflow).build().unwrap();
    let shown = format!("{decider:?}");
    for part in [
        r#"domain: "shop""#,
        r#"task_list: "orders""#,
        r#"identity: "me""#,
        "pollers: 3",
    ] {
        assert!(shown.contains(part), "{part} in {shown}");
    }
}
