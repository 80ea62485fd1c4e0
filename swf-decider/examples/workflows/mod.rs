//! The example workflows: run by `examples/order_decider.rs`, by the end-to-end tests against
//! `swf-local` (which recorded `tests/histories/`), and by the replay tests of those histories.

#![allow(dead_code, unreachable_pub, missing_docs)]

use std::time::Duration;

use serde::{Deserialize, Serialize};
use swf_decider::{
    ActivityDeclaration, ActivityOptions, ChildOptions, Contender, Exit, Registration, RetryPolicy,
    Workflow, WorkflowContext, WorkflowResult,
};

/// The task list activities are scheduled on.
pub const ACTIVITIES: &str = "example-activities";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Order {
    pub id: String,
    pub cents: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    pub order: String,
    pub charge: String,
    pub shipping: String,
}

// The activities the workflows schedule, declared. The tests answer them by type name (no
// `swf_worker::Activity` runs them): declared in Rust but implemented elsewhere, as an activity
// written in another language would be, and still scheduled with their types checked.

/// Sets stock aside.
#[derive(Debug, Clone, Copy)]
pub struct Reserve;

impl ActivityDeclaration for Reserve {
    const NAME: &'static str = "reserve";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = ();
}

/// Charges the card; returns the charge's id.
#[derive(Debug, Clone, Copy)]
pub struct Charge;

impl ActivityDeclaration for Charge {
    const NAME: &'static str = "charge";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = String;
}

/// Ships an order (by its id) the standard way; returns how.
#[derive(Debug, Clone, Copy)]
pub struct ShipStandard;

impl ActivityDeclaration for ShipStandard {
    const NAME: &'static str = "ship-standard";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;
}

/// Ships an order (by its id) express; returns how.
#[derive(Debug, Clone, Copy)]
pub struct ShipExpress;

impl ActivityDeclaration for ShipExpress {
    const NAME: &'static str = "ship-express";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;
}

/// Runs until canceled.
#[derive(Debug, Clone, Copy)]
pub struct Long;

impl ActivityDeclaration for Long {
    const NAME: &'static str = "long";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

/// One step of [`StepsWorkflow`].
#[derive(Debug, Clone, Copy)]
pub struct Step;

impl ActivityDeclaration for Step {
    const NAME: &'static str = "step";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = ();
}

/// One item of a batch of [`BatchesWorkflow`].
#[derive(Debug, Clone, Copy)]
pub struct Item;

impl ActivityDeclaration for Item {
    const NAME: &'static str = "item";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = ();
}

/// A multi-step order: reserve stock, charge the card (retried with backoff), then ship —
/// express if an `express` signal arrives before the shipping choice times out, standard
/// otherwise.
#[derive(Debug, Clone, Copy)]
pub struct OrderWorkflow;

/// Activity `name` (version 1), by name, on [`ACTIVITIES`] with the tests' timeouts.
pub fn activity(name: &str) -> ActivityOptions {
    test_timeouts(ActivityOptions::new(name, "1"))
}

/// Activity `A`, typed, on [`ACTIVITIES`] with the tests' timeouts.
pub fn activity_of<A: ActivityDeclaration>() -> ActivityOptions<A> {
    test_timeouts(ActivityOptions::of::<A>())
}

/// The types the end-to-end tests register have no default timeouts.
fn test_timeouts<A>(options: ActivityOptions<A>) -> ActivityOptions<A> {
    options
        .task_list(ACTIVITIES)
        .schedule_to_start_timeout(Duration::from_secs(10))
        .start_to_close_timeout(Duration::from_secs(10))
        .schedule_to_close_timeout(Duration::from_secs(20))
        .heartbeat_timeout(Duration::from_secs(10))
}

impl Workflow for OrderWorkflow {
    const NAME: &'static str = "order";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = Receipt;

    fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<Receipt> {
        ctx.check_cancel()?;
        ctx.activity("reserve", &activity_of::<Reserve>(), &order)
            .result()?;
        let charge_retry = RetryPolicy::new(3)
            .initial_interval(Duration::from_secs(1))
            .non_retryable_reason("CardDeclined");
        let charge = ctx
            .activity(
                "charge",
                &activity_of::<Charge>().retry(charge_retry),
                &order,
            )
            .result()?;

        // The choice must stay the same on every later run, so it is made from the order of
        // events, not from "is there a signal now?": a signal before the shipping timer started,
        // or before it fired, means express; the timer firing first means standard.
        let signal = ctx.signal("express");
        let express = if signal.is_some() && ctx.state().timers().get("choose-shipping").is_none() {
            true
        } else {
            let deadline = ctx.timer("choose-shipping", Duration::from_secs(1));
            ctx.first_of([Contender::signal("express"), deadline.fired()])?
                .index
                == 0
        };
        let shipping = if express {
            let _ = ctx.cancel_timer("choose-shipping");
            ctx.activity("ship-express", &activity_of::<ShipExpress>(), &order.id)
                .result()?
        } else {
            ctx.activity("ship-standard", &activity_of::<ShipStandard>(), &order.id)
                .result()?
        };
        Ok(Receipt {
            order: order.id,
            charge,
            shipping,
        })
    }

    fn registration() -> Registration {
        Registration::new()
            .execution_start_to_close_timeout(Duration::from_secs(60))
            .task_start_to_close_timeout(Duration::from_secs(2))
            .child_policy(swf_core::types::ChildPolicy::Terminate)
    }
}

/// Starts a child `Greeting` and completes with its result.
#[derive(Debug, Clone, Copy)]
pub struct ParentWorkflow;

impl Workflow for ParentWorkflow {
    const NAME: &'static str = "parent";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, name: String) -> WorkflowResult<String> {
        let child_id = format!("{}-greeting", ctx.execution().workflow_id);
        // By type: the input must be a `String` and the result is one, as `GreetingWorkflow` says.
        let greeting = ctx
            .child(&child_id, &ChildOptions::of::<GreetingWorkflow, _>(), &name)
            .result()?;
        Ok(format!("parent got: {greeting}"))
    }

    fn registration() -> Registration {
        OrderWorkflow::registration()
    }
}

/// A child workflow that completes at once.
#[derive(Debug, Clone, Copy)]
pub struct GreetingWorkflow;

impl Workflow for GreetingWorkflow {
    const NAME: &'static str = "greeting";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;

    fn run(&self, _ctx: &mut WorkflowContext<'_>, name: String) -> WorkflowResult<String> {
        Ok(format!("Hello, {name}"))
    }

    fn registration() -> Registration {
        OrderWorkflow::registration()
    }
}

/// Counts down by continuing as new: `n` runs after the first, then completes with the runs seen.
#[derive(Debug, Clone, Copy)]
pub struct CountdownWorkflow;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Countdown {
    pub left: u32,
    pub runs: u32,
}

impl Workflow for CountdownWorkflow {
    const NAME: &'static str = "countdown";
    const VERSION: &'static str = "1";
    type Input = Countdown;
    type Output = u32;

    fn run(&self, ctx: &mut WorkflowContext<'_>, c: Countdown) -> WorkflowResult<u32> {
        ctx.record_marker("run", &c.runs);
        if c.left == 0 {
            return Ok(c.runs + 1);
        }
        Err(ctx.continue_as_new(&Countdown {
            left: c.left - 1,
            runs: c.runs + 1,
        }))
    }

    fn registration() -> Registration {
        OrderWorkflow::registration()
    }
}

/// Waits on a long activity; when cancellation is requested, cancels the activity and the
/// execution.
#[derive(Debug, Clone, Copy)]
pub struct CancellableWorkflow;

impl Workflow for CancellableWorkflow {
    const NAME: &'static str = "cancellable";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        let long = ctx.activity("long", &activity_of::<Long>(), &());
        if ctx.cancel_requested().is_some() {
            let _ = ctx.request_cancel_activity("long");
            return Err(Exit::Cancel {
                details: Some("canceled on request".to_owned()),
            });
        }
        long.result()
    }

    fn registration() -> Registration {
        OrderWorkflow::registration()
    }
}

/// Records `n` markers, then completes: a long history without activity workers, decided over
/// several tasks because of the 100-decision limit.
#[derive(Debug, Clone, Copy)]
pub struct MarkersWorkflow;

impl Workflow for MarkersWorkflow {
    const NAME: &'static str = "markers";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;

    fn run(&self, ctx: &mut WorkflowContext<'_>, n: u32) -> WorkflowResult<u32> {
        for i in 0..n {
            ctx.record_marker(&format!("m-{i}"), &i);
        }
        Ok(n)
    }

    fn registration() -> Registration {
        OrderWorkflow::registration()
    }
}

/// `n` activities one after the other: the longest histories for the least code.
#[derive(Debug, Clone, Copy)]
pub struct StepsWorkflow;

impl Workflow for StepsWorkflow {
    const NAME: &'static str = "steps";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;

    fn run(&self, ctx: &mut WorkflowContext<'_>, n: u32) -> WorkflowResult<u32> {
        let options = ActivityOptions::of::<Step>();
        for i in 0..n {
            ctx.activity(&format!("s-{i}"), &options, &i).result()?;
        }
        Ok(n)
    }
}

/// `n` batches of `BATCH` activities in parallel, one batch after the other.
#[derive(Debug, Clone, Copy)]
pub struct BatchesWorkflow;

pub const BATCH: u32 = 50;

impl Workflow for BatchesWorkflow {
    const NAME: &'static str = "batches";
    const VERSION: &'static str = "1";
    type Input = u32;
    type Output = u32;

    fn run(&self, ctx: &mut WorkflowContext<'_>, n: u32) -> WorkflowResult<u32> {
        let options = ActivityOptions::of::<Item>();
        for b in 0..n {
            let handles: Vec<_> = (0..BATCH)
                .map(|i| ctx.activity(&format!("b{b}-{i}"), &options, &i))
                .collect();
            for h in handles {
                h.result()?;
            }
        }
        Ok(n)
    }
}

/// A history of `StepsWorkflow` with as many whole steps as fit in `max_events`, ending with the
/// next decision task started. Six events a step.
pub fn steps_history(max_events: usize) -> swf_decider::testing::HistoryBuilder {
    let mut h = swf_decider::testing::HistoryBuilder::for_workflow::<StepsWorkflow>(&1_000_000u32);
    let mut i = 0;
    while h.len() + 7 <= max_events {
        let id = format!("s-{i}");
        h.decision_task_completed()
            .activity_scheduled_of::<Step>(&id, &i)
            .activity_completed_of::<Step>(&id, &());
        i += 1;
    }
    h.decision_task_started();
    h
}

/// A history of `BatchesWorkflow` with as many whole batches as fit in `max_events`.
pub fn batches_history(max_events: usize) -> swf_decider::testing::HistoryBuilder {
    let mut h =
        swf_decider::testing::HistoryBuilder::for_workflow::<BatchesWorkflow>(&1_000_000u32);
    let per_batch = 3 + 3 * BATCH as usize;
    let mut b = 0;
    while h.len() + per_batch < max_events {
        h.decision_task_completed();
        for i in 0..BATCH {
            h.activity_scheduled_of::<Item>(&format!("b{b}-{i}"), &i);
        }
        for i in 0..BATCH {
            h.activity_completed_of::<Item>(&format!("b{b}-{i}"), &());
        }
        b += 1;
    }
    h.decision_task_started();
    h
}
