//! A decider binary for the example workflows, configured like every worker and decider binary.
//!
//! ```sh
//! cargo run -p swf-local -- --bind 127.0.0.1:8720 &
//! cargo run -p swf-decider --example order_decider -- \
//!     --endpoint-url http://127.0.0.1:8720 --region us-east-1 \
//!     --domain examples --task-list orders --register
//! ```
//!
//! With `--register`, the domain and the workflow types are registered first. Ctrl-C or SIGTERM
//! stops it gracefully: no new poll starts, and decision tasks being decided are answered first.

mod workflows;

use clap::Parser;
use swf_core::args::TaskListArgs;
use swf_decider::{DeciderBuilder, JsonCodec, shutdown_on_signals};
use workflows::*;

#[derive(Parser)]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .init();
    let cli = Cli::parse();
    let decider = DeciderBuilder::from_args(&cli.swf, JsonCodec)
        .await?
        .workflow(OrderWorkflow)
        .workflow(ParentWorkflow)
        .workflow(GreetingWorkflow)
        .workflow(CountdownWorkflow)
        .workflow(CancellableWorkflow)
        .workflow(MarkersWorkflow)
        .build()?;
    decider.run(shutdown_on_signals()).await?;
    Ok(())
}
