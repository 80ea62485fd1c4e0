//! An order-processing application: the activities and workflows, in a library, that thin
//! binaries run.
//!
//! # The application
//!
//! An [`Order`] goes through the [`OrderWorkflow`]: stock is reserved, a large order waits for an
//! `approve` or `reject` signal (with a reminder to the approver if it waits too long), the card is
//! charged (retried when the gateway times out), a [`ShipmentWorkflow`] child packs and ships it,
//! and the customer gets a confirmation. A failure or a cancellation undoes what was done. An
//! [`OrderBatchWorkflow`] processes many orders, a few at a time, continuing as new as it goes.
//!
//! | task list | polled by | runs |
//! | --- | --- | --- |
//! | [`ORDERS`] | `order-worker-orders` | the quick activities: [`ReserveInventory`], [`ReleaseInventory`], [`ChargePayment`], [`RefundPayment`], [`SendReminder`], [`SendConfirmation`] |
//! | [`SHIPPING`] | `order-worker-shipping` | the slow one: [`PackAndShip`] |
//! | [`DECISIONS`] | `order-decider` | the workflows: [`OrderWorkflow`], [`ShipmentWorkflow`], [`OrderBatchWorkflow`] |
//!
//! `order-starter` starts, signals, cancels and awaits executions.
//!
//! # Why it is laid out this way
//!
//! - **Activities and workflows in a library, binaries thin.** Every binary is a few lines that
//!   parse [`TaskListArgs`](swf_core::args::TaskListArgs) (with this application's defaults, by
//!   [`examples::cli`](crate::cli)), add what this module provides ([`orders_activities`],
//!   [`shipping_activities`], [`workflows`]) and run. The end-to-end tests run the same
//!   workflows through [`workflows`], and the same activities (each wrapped to tell the test when
//!   it starts), on `swf-local` in the test process.
//! - **One worker per task list.** Quick and slow work do not share task slots: a burst of
//!   packing cannot starve payments, and each list scales on its own (more `order-worker-shipping`
//!   processes, not more of everything).
//! - **Registration defaults live with the code they describe.** Each activity's timeouts are in
//!   its [`registration`](swf_worker::Activity::registration) and each workflow's in its
//!   [`registration`](swf_decider::Workflow::registration); the binaries register them at start
//!   with `--register`.
//! - **Activities shared by declaration.** Each activity type's name, version, input and output
//!   are its [`ActivityDeclaration`](swf_core::ActivityDeclaration), next to its code; the
//!   workflows schedule activities by those types (`ActivityOptions::of::<ChargePayment>()`), so
//!   the compiler checks what each step sends and gets back. The workflows use the declarations
//!   only: an application whose workers and decider ship apart would keep the declarations and
//!   the types they carry ([`Order`], [`Receipt`], …) in a crate of their own that both depend
//!   on, and implement `Activity<Declared>` for the worker's own types.

mod batch;
mod inventory;
mod model;
mod notices;
mod payment;
mod shipping;
mod workflow;

use std::time::Duration;

use swf_core::types::ChildPolicy;
use swf_decider::{DeciderBuilder, JsonCodec, Registration};
use swf_worker::WorkerBuilder;

pub use batch::{Batch, BatchReport, OrderBatchWorkflow};
pub use inventory::{ReleaseInventory, ReserveInventory};
pub use model::{
    APPROVAL_THRESHOLD_CENTS, Charge, Item, Notice, Order, OrderOutcome, OrderStatus, Progress,
    Receipt, Reservation, Shipment, Tracking, Verdict,
};
pub use notices::{SendConfirmation, SendReminder};
pub use payment::{CARD_DECLINED, ChargePayment, GATEWAY_TIMEOUT, RefundPayment};
pub use shipping::{PACKING_HEARTBEAT_TIMEOUT, PackAndShip, ShipmentWorkflow};
pub use workflow::{
    APPROVE, APPROVER, OrderWorkflow, REJECT, REMINDER_TIMER, payment_retry, shipment_id,
};

/// The SWF domain the binaries use unless told otherwise (`--domain`, `SWF_DOMAIN`).
pub const DOMAIN: &str = "shop";
/// The task list of the quick activities.
pub const ORDERS: &str = "orders";
/// The task list of the slow activity.
pub const SHIPPING: &str = "shipping";
/// The task list of the workflows' decision tasks.
pub const DECISIONS: &str = "order-decisions";

/// Adds the activities of the [`ORDERS`] task list to a worker.
pub fn orders_activities(worker: &mut WorkerBuilder) -> &mut WorkerBuilder {
    worker
        .activity(ReserveInventory)
        .activity(ReleaseInventory)
        .activity(ChargePayment)
        .activity(RefundPayment)
        .activity(SendReminder)
        .activity(SendConfirmation)
}

/// Adds the activity of the [`SHIPPING`] task list to a worker.
pub fn shipping_activities(worker: &mut WorkerBuilder, pack: PackAndShip) -> &mut WorkerBuilder {
    worker.activity(pack)
}

/// Adds the workflows to a decider.
pub fn workflows(
    decider: &mut DeciderBuilder<JsonCodec>,
    order: OrderWorkflow,
) -> &mut DeciderBuilder<JsonCodec> {
    decider
        .workflow(order)
        .workflow(ShipmentWorkflow)
        .workflow(OrderBatchWorkflow)
}

/// The registration defaults of the workflows: a day to run, five seconds a decision task, and
/// children asked to cancel when their parent closes.
fn workflow_registration(description: &str) -> Registration {
    Registration::new()
        .execution_start_to_close_timeout(Duration::from_secs(24 * 3600))
        .task_start_to_close_timeout(Duration::from_secs(5))
        .child_policy(ChildPolicy::RequestCancel)
        .description(description)
}
