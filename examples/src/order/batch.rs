//! The `order-batch` workflow: many orders, a few at a time, as child `order` workflows, continuing
//! as new every few so that no history grows without bound.
//!
//! SWF caps a history at 25,000 events, and a long history is slow to replay on every decision
//! task. A workflow that runs for long (a batch of ten thousand orders, a subscription that bills
//! every month) therefore closes its run now and then and starts a new run of itself with the state
//! it needs to go on, here the counts so far: [`WorkflowContext::continue_as_new`]. The workflow id
//! stays the same; the run id changes; [`WorkflowHandle::result`](swf_decider::WorkflowHandle::result)
//! follows the runs to the last.

use serde::{Deserialize, Serialize};
use swf_decider::{ChildOptions, Exit, Registration, Workflow, WorkflowContext, WorkflowResult};

use super::model::{Order, OrderStatus};
use super::workflow::OrderWorkflow;

/// A batch of orders, the input of every run of `order-batch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Batch {
    /// The batch's name; its orders are `{name}-0`, `{name}-1`, ...
    pub name: String,
    /// How many orders in all.
    pub orders: u32,
    /// How many orders a run processes (in parallel) before continuing as new.
    pub per_run: u32,
    /// How many orders earlier runs processed.
    #[serde(default)]
    pub done: u32,
    /// How many of those shipped.
    #[serde(default)]
    pub shipped: u32,
    /// How many runs came before this one.
    #[serde(default)]
    pub runs: u32,
}

impl Batch {
    /// A batch of `orders` orders, `per_run` a run.
    pub fn new(name: &str, orders: u32, per_run: u32) -> Batch {
        Batch {
            name: name.to_owned(),
            orders,
            per_run,
            done: 0,
            shipped: 0,
            runs: 0,
        }
    }

    /// Order number `i` of the batch: one parcel, small enough to need no approval.
    pub fn order(&self, i: u32) -> Order {
        Order::new(
            &format!("{}-{i}", self.name),
            &format!("SKU-{}", i % 3),
            1,
            1_500,
            "visa",
        )
    }
}

/// What a batch did, the result of its last run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchReport {
    /// Orders processed.
    pub orders: u32,
    /// Orders shipped.
    pub shipped: u32,
    /// Runs it took.
    pub runs: u32,
}

/// Processes a [`Batch`]: `per_run` orders in parallel as child `order` workflows, then
/// continues as new with the counts, until every order is done.
#[derive(Debug, Clone, Copy, Default)]
pub struct OrderBatchWorkflow;

impl Workflow for OrderBatchWorkflow {
    const NAME: &'static str = "order-batch";
    const VERSION: &'static str = "1";
    type Input = Batch;
    type Output = BatchReport;

    fn run(&self, ctx: &mut WorkflowContext<'_>, batch: Batch) -> WorkflowResult<BatchReport> {
        let end = batch.orders.min(batch.done + batch.per_run.max(1));
        let options = ChildOptions::of::<OrderWorkflow, _>();
        // All of this run's orders start in the first decision; each later run finds them.
        let children: Vec<_> = (batch.done..end)
            .map(|i| {
                let order = batch.order(i);
                ctx.child(&order.id, &options, &order)
            })
            .collect();
        let mut shipped = 0;
        for child in &children {
            // Typed by `OrderWorkflow`: the result is its `OrderOutcome`.
            match child.result() {
                Ok(outcome) => shipped += u32::from(outcome.status == OrderStatus::Shipped),
                // A failed order is counted as not shipped; it does not stop the batch.
                Err(Exit::Fail(_)) => {}
                Err(other) => return Err(other),
            }
        }
        let next = Batch {
            done: end,
            shipped: batch.shipped + shipped,
            runs: batch.runs + 1,
            ..batch
        };
        if next.done < next.orders {
            return Err(ctx.continue_as_new(&next));
        }
        Ok(BatchReport {
            orders: next.done,
            shipped: next.shipped,
            runs: next.runs,
        })
    }

    fn registration() -> Registration {
        super::workflow_registration("Processes a batch of orders, continuing as new every few.")
    }
}
