//! The decider of the order example: the `order`, `shipment` and `order-batch` workflows.
//!
//! ```sh
//! cargo run -p examples --bin order-decider -- --register
//! ```
//!
//! Flags: those of the workers (`--task-list` defaults to `order-decisions`), and
//! `--remind-after-secs`, how long a large order waits for a verdict before the approver is
//! reminded. Stops gracefully on Ctrl-C or SIGTERM.

use std::time::Duration;

use clap::Parser;
use examples::cli::{init_logging, parse_args};
use examples::order::{self, OrderWorkflow};
use swf_core::args::TaskListArgs;
use swf_decider::{DeciderBuilder, JsonCodec, shutdown_on_signals};

/// The decider of the order example.
#[derive(Debug, Parser)]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
    /// How long a large order waits for `approve` or `reject` before the approver is reminded, in
    /// seconds.
    #[arg(long, env = "ORDER_REMIND_AFTER_SECS", default_value_t = 30)]
    remind_after_secs: u64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    init_logging("info");
    let cli: Cli = parse_args(order::DOMAIN, order::DECISIONS);
    let workflow = OrderWorkflow {
        remind_after: Duration::from_secs(cli.remind_after_secs),
    };
    let mut decider = DeciderBuilder::from_args(&cli.swf, JsonCodec).await?;
    order::workflows(&mut decider, workflow);
    decider.build()?.run(shutdown_on_signals()).await?;
    Ok(())
}
