//! The worker of the `orders` task list: reserve and release stock, charge and refund, remind and
//! confirm.
//!
//! ```sh
//! cargo run -p examples --bin order-worker-orders -- --register
//! ```
//!
//! Flags (each also an environment variable, see `--help`): `--domain` (default `shop`),
//! `--task-list` (default `orders`), `--pollers`, `--max-concurrent-tasks`, `--identity`,
//! `--register`, `--endpoint-url`, `--region`. Stops gracefully on Ctrl-C or SIGTERM.

use clap::Parser;
use examples::order;
use swf_core::args::TaskListArgs;
use swf_worker::{WorkerBuilder, shutdown_on_signals};

/// The activity worker of the `orders` task list of the order example.
#[derive(Debug, Parser)]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    order::init_logging("info");
    let cli: Cli = order::parse_args(order::ORDERS);
    let mut worker = WorkerBuilder::from_args(&cli.swf).await?;
    order::orders_activities(&mut worker);
    worker.build()?.run(shutdown_on_signals()).await?;
    Ok(())
}
