//! A decider configured by the command-line arguments every worker and decider binary shares
//! (feature `cli`).

#![cfg(feature = "cli")]

mod common;

use clap::Parser;
use common::workflows::OrderWorkflow;
use swf_core::args::TaskListArgs;
use swf_decider::{DeciderBuilder, JsonCodec};

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
