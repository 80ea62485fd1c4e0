//! Time skipping: a subscription workflow that charges, sleeps 30 days and charges again, with
//! day-long activity and decision timeouts, runs end to end in well under a second on
//! `swf-local`'s virtual clock, through the same `swf-decider` and `swf-worker` code that would
//! run it against Amazon SWF; and its history says 30 days passed.
//!
//! The virtual clock skips to the next timer or timeout whenever nothing else can happen: no
//! decision or activity task is waiting or being worked on. So the charges run at the time they
//! were scheduled, and the 30 days pass at once.

mod common;

use std::time::{Duration, Instant, SystemTime};

use common::{execution, of_type, only, seconds_between, within};
use swf_core::types::EventType;
use swf_core::{Client, RetryConfig};
use swf_decider::{
    ActivityOptions, Decider, Registration, StartOptions, Workflow, WorkflowClient,
    WorkflowContext, WorkflowResult,
};
use swf_local::{Server, VirtualClock};
use swf_worker::{Activity, ActivityContext, ActivityDeclaration, ActivityError, Worker};
use tokio_util::sync::CancellationToken;

const DOMAIN: &str = "subscriptions";
const DECISIONS: &str = "subscription-decisions";
const BILLING: &str = "billing";
const DAY: Duration = Duration::from_secs(86_400);
const BILLING_PERIOD: Duration = Duration::from_secs(30 * 86_400);

/// Charges a customer for one billing period.
struct ChargeSubscription;

impl ActivityDeclaration for ChargeSubscription {
    const NAME: &'static str = "charge-subscription";
    const VERSION: &'static str = "1";
    /// The customer.
    type Input = String;
    /// The receipt.
    type Output = String;
}

impl Activity for ChargeSubscription {
    async fn run(&self, ctx: &ActivityContext, customer: String) -> Result<String, ActivityError> {
        Ok(format!("{customer}:{}", ctx.activity_id()))
    }
}

/// Charges, sleeps one billing period, charges again, and returns both receipts.
struct Subscription;

impl Workflow for Subscription {
    const NAME: &'static str = "subscription";
    const VERSION: &'static str = "1";
    /// The customer.
    type Input = String;
    /// The receipts.
    type Output = Vec<String>;

    fn run(&self, ctx: &mut WorkflowContext<'_>, customer: String) -> WorkflowResult<Vec<String>> {
        // Each charge may wait a day to start and take a day to run.
        let charge = ActivityOptions::of::<ChargeSubscription>()
            .task_list(BILLING)
            .schedule_to_start_timeout(DAY)
            .start_to_close_timeout(DAY)
            .schedule_to_close_timeout(2 * DAY)
            .heartbeat_timeout(DAY);
        let first = ctx.activity("first-charge", &charge, &customer).result()?;
        ctx.sleep("billing-period", BILLING_PERIOD)?;
        let second = ctx.activity("second-charge", &charge, &customer).result()?;
        Ok(vec![first, second])
    }

    fn registration() -> Registration {
        Registration::new()
            .execution_start_to_close_timeout(2 * BILLING_PERIOD)
            .task_start_to_close_timeout(DAY)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thirty_day_workflow_runs_in_well_under_a_second() {
    // The virtual clock: timers and timeouts fire as soon as nothing else can happen.
    let server = Server::builder()
        .poll_timeout(Duration::from_millis(300))
        .virtual_clock(VirtualClock::new())
        .start()
        .await
        .expect("swf-local starts");
    let client = Client::local_builder(server.endpoint_url())
        .retry_config(RetryConfig::new())
        .build()
        .await
        .expect("a client of swf-local");
    let worker = Worker::builder(client.clone())
        .domain(DOMAIN)
        .task_list(BILLING)
        .activity(ChargeSubscription)
        .build()
        .expect("the worker builds");
    worker
        .register()
        .await
        .expect("the domain and activity registered");
    let decider = Decider::builder(client.clone())
        .domain(DOMAIN)
        .task_list(DECISIONS)
        .workflow(Subscription)
        .build()
        .expect("the decider builds");
    decider.register().await.expect("the workflow registered");
    let shutdown = CancellationToken::new();
    let stop = shutdown.clone();
    let worker = tokio::spawn(async move { worker.run(stop).await });
    let stop = shutdown.clone();
    let decider = tokio::spawn(async move { decider.run(stop).await });

    let started_at = server.now();
    let wall = Instant::now();
    let run = WorkflowClient::new(client.clone(), DOMAIN)
        .start::<Subscription>("alice", &"alice".to_owned(), &StartOptions::new())
        .await
        .expect("the workflow starts");
    // A hang guard only: the run takes milliseconds.
    let receipts = within(30, run.result())
        .await
        .expect("the workflow completes");
    let elapsed = wall.elapsed();
    println!("a workflow spanning 30 days ran in {elapsed:?} of wall time");
    assert_eq!(receipts, ["alice:first-charge", "alice:second-charge"]);

    // The history tells the virtual time: 30 days between the charges.
    let events = client
        .get_whole_workflow_execution_history(swf_core::types::GetWorkflowExecutionHistoryInput {
            domain: DOMAIN.into(),
            execution: execution(&run),
            ..Default::default()
        })
        .await
        .expect("the history")
        .events;
    let timer_started = only(&events, EventType::TimerStarted);
    let timer_fired = only(&events, EventType::TimerFired);
    assert_eq!(
        seconds_between(timer_started, timer_fired),
        BILLING_PERIOD.as_secs_f64()
    );
    let charges = of_type(&events, EventType::ActivityTaskCompleted);
    assert_eq!(charges.len(), 2);
    assert_eq!(
        seconds_between(charges[0], charges[1]),
        BILLING_PERIOD.as_secs_f64()
    );
    let ended_at = server.now();
    assert_eq!(
        ended_at.duration_since(started_at).ok(),
        Some(BILLING_PERIOD),
        "the service's clock moved by the billing period, from {started_at:?} to {ended_at:?}"
    );
    assert!(
        SystemTime::now() < ended_at,
        "the virtual time is ahead of the wall clock"
    );

    shutdown.cancel();
    within(10, worker).await.unwrap().expect("the worker stops");
    within(10, decider)
        .await
        .unwrap()
        .expect("the decider stops");
    server.shutdown().await;
}
