//! The `order` workflow; [`OrderWorkflow`] says what it does and why.

use std::time::Duration;

use swf_decider::state::{ActivityStatus, ChildStatus};
use swf_decider::{
    ActivityDeclaration, ActivityOptions, ChildOptions, Exit, Registration, RetryPolicy, Workflow,
    WorkflowContext, WorkflowResult,
};

use super::inventory::{ReleaseInventory, ReserveInventory};
use super::model::{Charge, Notice, Order, OrderOutcome, OrderStatus, Shipment, Tracking, Verdict};
use super::notices::{SendConfirmation, SendReminder};
use super::payment::{CARD_DECLINED, ChargePayment, RefundPayment};
use super::shipping::ShipmentWorkflow;

/// The signal that approves a large order.
pub const APPROVE: &str = "approve";
/// The signal that rejects a large order; its input is a [`Verdict`].
pub const REJECT: &str = "reject";
/// The id of the timer after which the approver is reminded.
pub const REMINDER_TIMER: &str = "approval-reminder";
/// Who approves large orders.
pub const APPROVER: &str = "approvals@example.com";

// Activity ids: one per step, named after the activity type.
const RESERVE: &str = ReserveInventory::NAME;
const RELEASE: &str = ReleaseInventory::NAME;
const CHARGE: &str = ChargePayment::NAME;
const REFUND: &str = RefundPayment::NAME;
const REMIND: &str = SendReminder::NAME;
const CONFIRM: &str = SendConfirmation::NAME;
/// The command id of the request to cancel the shipment.
const CANCEL_SHIPMENT: &str = "cancel-shipment";

/// Processes one [`Order`] into an [`OrderOutcome`]: reserve, approve (large orders), charge,
/// ship, confirm; undo on failure and on cancellation.
///
/// ```text
/// reserve-inventory ─▶ [large order] wait for `approve` / `reject` ─reject─▶ release-inventory ─▶ rejected
///                        (timer `approval-reminder`: send-reminder once if nobody decided)
///                   ─▶ charge-payment (retried: GatewayTimeout yes, CardDeclined no)
///                   ─▶ child workflow `shipment` (pack-and-ship on the `shipping` task list)
///                   ─▶ send-confirmation ─▶ shipped
/// ```
///
/// # Reading it
///
/// [`OrderWorkflow::run`] reads top to bottom like the steps of an order, and is called again from
/// the top on every decision task: each `ctx.activity(..)` schedules its activity the first time and
/// finds it in the history afterwards; `?` returns [`Exit::Pending`] while a step is not done, so
/// the run stops at the first step still waiting.
///
/// Each step names its activity by type (`on_orders::<ChargePayment>()`), through the activity's
/// [`ActivityDeclaration`]: what the step sends must be the activity's input and what it gets back
/// is the activity's output, or the workflow does not compile. The workflow uses the declarations
/// only, never the activities' code.
///
/// # Choices that stay made
///
/// Signals and timers select paths, and a path, once taken, must be taken again by every later run
/// (the decider checks). The approval is the first `approve` or `reject` signal in the history,
/// which never changes once there; the reminder is sent if the reminder timer fired while no
/// verdict was in, which the history also settles for good.
///
/// # Undoing
///
/// When payment fails for good, when the shipment fails, or when the order is canceled, the order
/// undoes what it did, newest first: it refunds the charge if one went through and releases the
/// stock if some was reserved, then fails or cancels. A cancel request while the shipment runs is
/// passed on to the shipment, which stops packing; once it has, the order undoes and cancels. A
/// shipment that completed before the request reached it means the request came too late: the
/// order completes as shipped.
#[derive(Debug, Clone, Copy)]
pub struct OrderWorkflow {
    /// How long a large order waits for a verdict before the approver is reminded (once).
    pub remind_after: Duration,
}

impl Default for OrderWorkflow {
    /// A reminder after 30 s.
    fn default() -> Self {
        OrderWorkflow {
            remind_after: Duration::from_secs(30),
        }
    }
}

/// The retry policy of `charge-payment`: three attempts, 1 s then 2 s apart; a declined card is
/// not retried.
pub fn payment_retry() -> RetryPolicy {
    RetryPolicy::new(3)
        .initial_interval(Duration::from_secs(1))
        .backoff_coefficient(2.0)
        .non_retryable_reason(CARD_DECLINED)
}

/// The workflow id of an order's shipment.
pub fn shipment_id(order_id: &str) -> String {
    format!("{order_id}-shipment")
}

/// How to schedule activity `A` on the `orders` task list; its timeouts are the ones its worker
/// registered. Typed: the compiler checks each step's input and result against `A`.
fn on_orders<A: ActivityDeclaration>() -> ActivityOptions<A> {
    ActivityOptions::of::<A>().task_list(super::ORDERS)
}

impl Workflow for OrderWorkflow {
    const NAME: &'static str = "order";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = OrderOutcome;

    fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<OrderOutcome> {
        if ctx.cancel_requested().is_some()
            && let Some(canceled) = cancel(ctx, &order)
        {
            return canceled;
        }
        let reservation = ctx
            .activity(RESERVE, &on_orders::<ReserveInventory>(), &order)
            .result()?;

        if order.needs_approval()
            && let Some(rejection) = self.approval(ctx, &order)?
        {
            ctx.activity(RELEASE, &on_orders::<ReleaseInventory>(), &reservation)
                .result()?;
            return Ok(OrderOutcome {
                order_id: order.id,
                status: OrderStatus::Rejected,
                charge_id: None,
                tracking: None,
                reason: Some(rejection.reason),
            });
        }

        let charge = Charge {
            order_id: order.id.clone(),
            card: order.card.clone(),
            cents: order.total_cents(),
        };
        let payment = on_orders::<ChargePayment>().retry(payment_retry());
        let receipt = undo_on_failure(ctx, |ctx| ctx.activity(CHARGE, &payment, &charge).result())?;

        let shipment = Shipment {
            order_id: order.id.clone(),
            parcels: order.parcels(),
        };
        // By type: the compiler holds the input to a `Shipment` and the result to a `Tracking`,
        // as `ShipmentWorkflow` declares them.
        let child = ChildOptions::of::<ShipmentWorkflow, _>();
        let tracking: Tracking = undo_on_failure(ctx, |ctx| {
            ctx.child(&shipment_id(&order.id), &child, &shipment)
                .result()
        })?;

        let notice = Notice {
            to: order.customer.clone(),
            text: format!("Order {} shipped: tracking {}", order.id, tracking.number),
        };
        ctx.activity(CONFIRM, &on_orders::<SendConfirmation>(), &notice)
            .result()?;
        Ok(OrderOutcome {
            order_id: order.id,
            status: OrderStatus::Shipped,
            charge_id: Some(receipt.charge_id),
            tracking: Some(tracking.number),
            reason: None,
        })
    }

    fn registration() -> Registration {
        super::workflow_registration("Processes an order: reserve, approve, charge, ship, confirm.")
    }
}

impl OrderWorkflow {
    /// The verdict on a large order: `None` once approved, the [`Verdict`] once rejected,
    /// [`Exit::Pending`] until one of the signals arrives. Reminds the approver once if none has
    /// after [`remind_after`](Self::remind_after).
    fn approval(
        &self,
        ctx: &mut WorkflowContext<'_>,
        order: &Order,
    ) -> WorkflowResult<Option<Verdict>> {
        let verdict = ctx
            .state()
            .signals()
            .iter()
            .find(|s| s.name == APPROVE || s.name == REJECT);
        if let Some(signal) = verdict {
            let _ = ctx.cancel_timer(REMINDER_TIMER);
            if signal.name == APPROVE {
                return Ok(None);
            }
            // A reject without a readable verdict still rejects.
            let verdict = ctx
                .decode::<Verdict>(signal.input.as_deref(), "the reject signal")
                .unwrap_or_default();
            return Ok(Some(verdict));
        }
        if ctx.timer(REMINDER_TIMER, self.remind_after).is_fired() {
            let notice = Notice {
                to: APPROVER.to_owned(),
                text: format!(
                    "Order {} ({} cents) waits for approval",
                    order.id,
                    order.total_cents()
                ),
            };
            // Sent once; the order goes on when the verdict comes, whether or not it is done.
            ctx.activity(REMIND, &on_orders::<SendReminder>(), &notice);
        }
        Err(Exit::Pending)
    }
}

/// `step`'s result; when the step failed for good, what the order did is undone first and the
/// order fails with the step's failure.
fn undo_on_failure<T>(
    ctx: &mut WorkflowContext<'_>,
    step: impl FnOnce(&mut WorkflowContext<'_>) -> WorkflowResult<T>,
) -> WorkflowResult<T> {
    match step(ctx) {
        Err(Exit::Fail(failure)) => {
            undo(ctx)?;
            Err(Exit::Fail(failure))
        }
        result => result,
    }
}

/// What a cancel request does now: `None` when it came too late (the shipment completed), else
/// the run's result: waiting for the shipment or the running steps to stop, undoing, or canceled.
fn cancel(ctx: &mut WorkflowContext<'_>, order: &Order) -> Option<WorkflowResult<OrderOutcome>> {
    let _ = ctx.cancel_timer(REMINDER_TIMER);
    let shipment_id = shipment_id(&order.id);
    if let Some(shipment) = ctx.state().children().get(&shipment_id) {
        if shipment.is_open() {
            ctx.request_cancel_external(CANCEL_SHIPMENT, &shipment_id, shipment.run_id.as_deref());
            return Some(Err(Exit::Pending));
        }
        if matches!(shipment.status, ChildStatus::Completed { .. }) {
            return None;
        }
    }
    // Let a reservation or a charge in flight finish, so that it can be undone.
    let in_flight = ctx
        .state()
        .activities()
        .iter()
        .any(|a| a.is_open() && [RESERVE, CHARGE].contains(&a.activity_type.name.as_str()));
    if in_flight {
        return Some(Err(Exit::Pending));
    }
    Some(undo(ctx).and_then(|()| {
        Err(Exit::Cancel {
            details: Some("\"canceled: payment refunded, stock released\"".to_owned()),
        })
    }))
}

/// Undoes what the order did, newest first: refunds the charge if one went through, releases the
/// stock if some was reserved. [`Exit::Pending`] until both are done.
fn undo(ctx: &mut WorkflowContext<'_>) -> WorkflowResult<()> {
    if let Some(receipt) = completed::<ChargePayment>(ctx)? {
        ctx.activity(REFUND, &on_orders::<RefundPayment>(), &receipt)
            .result()?;
    }
    if let Some(reservation) = completed::<ReserveInventory>(ctx)? {
        ctx.activity(RELEASE, &on_orders::<ReleaseInventory>(), &reservation)
            .result()?;
    }
    Ok(())
}

/// The result of the attempt of activity `A` that completed, if one did: an `A::Output`.
fn completed<A: ActivityDeclaration>(
    ctx: &WorkflowContext<'_>,
) -> WorkflowResult<Option<A::Output>> {
    let done = ctx
        .state()
        .activities()
        .iter()
        .find_map(|a| match &a.status {
            ActivityStatus::Completed { result }
                if a.activity_type.name == A::NAME && a.activity_type.version == A::VERSION =>
            {
                Some(result)
            }
            _ => None,
        });
    match done {
        Some(result) => ctx.decode(result.as_deref(), A::NAME).map(Some),
        None => Ok(None),
    }
}
