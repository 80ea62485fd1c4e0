//! The worker of the `shipping` task list: `pack-and-ship`, the slow activity that heartbeats its
//! progress and stops when canceled.
//!
//! ```sh
//! cargo run -p examples --bin order-worker-shipping -- --register --per-parcel-ms 2000
//! ```
//!
//! Flags: those of `order-worker-orders` (`--task-list` defaults to `shipping`), and
//! `--per-parcel-ms`, how long packing one parcel takes. Stops gracefully on Ctrl-C or SIGTERM.

use std::time::Duration;

use clap::Parser;
use examples::cli::{init_logging, parse_args};
use examples::order::{self, PackAndShip};
use swf_core::args::TaskListArgs;
use swf_worker::{WorkerBuilder, shutdown_on_signals};

/// The activity worker of the `shipping` task list of the order example.
#[derive(Debug, Parser)]
struct Cli {
    #[command(flatten)]
    swf: TaskListArgs,
    /// How long packing one parcel takes, in milliseconds.
    #[arg(long, env = "ORDER_PER_PARCEL_MS", default_value_t = 500)]
    per_parcel_ms: u64,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    init_logging("info");
    let cli: Cli = parse_args(order::DOMAIN, order::SHIPPING);
    let pack = PackAndShip {
        per_parcel: Duration::from_millis(cli.per_parcel_ms),
    };
    let mut worker = WorkerBuilder::from_args(&cli.swf).await?;
    order::shipping_activities(&mut worker, pack);
    worker.build()?.run(shutdown_on_signals()).await?;
    Ok(())
}
