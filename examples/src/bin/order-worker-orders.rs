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

use examples::{cli, order};

/// The first line of `--help`.
const ABOUT: &str = "The activity worker of the `orders` task list of the order example.";

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    cli::run_worker(
        ABOUT,
        order::DOMAIN,
        order::ORDERS,
        order::orders_activities,
    )
    .await
}
