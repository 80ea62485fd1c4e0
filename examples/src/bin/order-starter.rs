//! Starts, signals, cancels and awaits executions of the order example.
//!
//! ```sh
//! cargo run -p examples --bin order-starter -- start o-1 --wait                  # a small order
//! cargo run -p examples --bin order-starter -- start o-2 --quantity 3 --unit-cents 50000
//! cargo run -p examples --bin order-starter -- approve o-2                       # or: reject o-2
//! cargo run -p examples --bin order-starter -- wait o-2
//! cargo run -p examples --bin order-starter -- batch b-1 --orders 10 --per-run 4 --wait
//! ```
//!
//! `wait` (and `--wait`) prints how the execution ended and exits 0 when it completed, 3 when it
//! closed any other way.

use std::error::Error;
use std::process::ExitCode;

use clap::Subcommand;
use examples::cli;
use examples::order::{self, Batch, OrderBatchWorkflow, OrderWorkflow, Verdict};
use swf_decider::{StartOptions, WorkflowClient};

/// The first line of `--help`.
const ABOUT: &str = "Starts, signals, cancels and awaits executions of the order example.";

#[derive(Debug, Subcommand)]
enum Command {
    /// Starts an order of QUANTITY × SKU at UNIT_CENTS each (orders of 1,000.00 or more wait for
    /// approval); its workflow id is the order id.
    Start {
        /// The order id.
        order_id: String,
        /// What is ordered.
        #[arg(long, default_value = "SKU-1")]
        sku: String,
        /// How many.
        #[arg(long, default_value_t = 1)]
        quantity: u32,
        /// The price of one, in cents.
        #[arg(long, default_value_t = 2_500)]
        unit_cents: u64,
        /// The card: `flaky` fails once, `declined` always, anything else pays.
        #[arg(long, default_value = "visa")]
        card: String,
        /// Wait for the order to end and print how.
        #[arg(long)]
        wait: bool,
    },
    /// Approves a large order (signal `approve`).
    Approve {
        /// The order id.
        order_id: String,
        /// Who approves.
        #[arg(long, default_value = "ops")]
        by: String,
    },
    /// Rejects a large order (signal `reject`).
    Reject {
        /// The order id.
        order_id: String,
        /// Who rejects.
        #[arg(long, default_value = "ops")]
        by: String,
        /// Why.
        #[arg(long, default_value = "not approved")]
        reason: String,
    },
    /// Asks an order to cancel: it stops its shipment if one runs, refunds and releases.
    Cancel {
        /// The order id.
        order_id: String,
    },
    /// Waits for an order or a batch to end and prints how.
    Wait {
        /// The workflow id.
        workflow_id: String,
    },
    /// Starts a batch of ORDERS orders, PER_RUN at a time, continuing as new after each PER_RUN.
    Batch {
        /// The batch's name, and workflow id.
        name: String,
        /// How many orders.
        #[arg(long, default_value_t = 10)]
        orders: u32,
        /// How many orders a run processes.
        #[arg(long, default_value_t = 4)]
        per_run: u32,
        /// Wait for the batch to end and print how.
        #[arg(long)]
        wait: bool,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    cli::run_starter("order-starter", ABOUT, order::DOMAIN, run).await
}

async fn run(command: Command, workflows: WorkflowClient) -> Result<ExitCode, Box<dyn Error>> {
    let wait_for = match command {
        Command::Start {
            order_id,
            sku,
            quantity,
            unit_cents,
            card,
            wait,
        } => {
            let order = order::Order::new(&order_id, &sku, quantity, unit_cents, &card);
            let run = workflows
                .start::<OrderWorkflow>(&order_id, &order, &StartOptions::new())
                .await?;
            let approval = if order.needs_approval() {
                " (waits for approval)"
            } else {
                ""
            };
            println!(
                "started order {order_id}, run {}, {} cents{approval}",
                run.run_id().unwrap_or("?"),
                order.total_cents()
            );
            wait.then_some(order_id)
        }
        Command::Approve { order_id, by } => {
            let verdict = Verdict {
                by,
                reason: String::new(),
            };
            let run = workflows.handle::<serde_json::Value>(&order_id, None);
            run.signal(order::APPROVE, &verdict).await?;
            println!("approved {order_id}");
            None
        }
        Command::Reject {
            order_id,
            by,
            reason,
        } => {
            let run = workflows.handle::<serde_json::Value>(&order_id, None);
            run.signal(order::REJECT, &Verdict { by, reason }).await?;
            println!("rejected {order_id}");
            None
        }
        Command::Cancel { order_id } => {
            let run = workflows.handle::<serde_json::Value>(&order_id, None);
            run.request_cancel().await?;
            println!("asked {order_id} to cancel");
            None
        }
        Command::Wait { workflow_id } => Some(workflow_id),
        Command::Batch {
            name,
            orders,
            per_run,
            wait,
        } => {
            let batch = Batch::new(&name, orders, per_run);
            let run = workflows
                .start::<OrderBatchWorkflow>(&name, &batch, &StartOptions::new())
                .await?;
            println!("started batch {name}, run {}", run.run_id().unwrap_or("?"));
            wait.then_some(name)
        }
    };
    match wait_for {
        Some(workflow_id) => Ok(cli::report_outcome(&workflows, &workflow_id).await?),
        None => Ok(ExitCode::SUCCESS),
    }
}
