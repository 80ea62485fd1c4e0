//! End to end on swf-local: a decider whose workflow changed under a running execution names the
//! mismatch and leaves the task; configured to, it fails the workflow instead.

mod common;

use common::local::{start, within};
use common::order;
use common::workflows::{Order, OrderWorkflow};
use swf_core::types::RespondActivityTaskCompletedInput;
use swf_decider::{
    ActivityOptions, DecideError, OnError, StartOptions, Workflow, WorkflowContext,
    WorkflowOutcome, WorkflowResult,
};

/// The order workflow, redeployed with `reserve` moved to version 2.
struct OrderV2;

impl Workflow for OrderV2 {
    const NAME: &'static str = "order";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = ();

    fn run(&self, ctx: &mut WorkflowContext<'_>, order: Order) -> WorkflowResult<()> {
        ctx.activity("reserve", &ActivityOptions::new("reserve", "2"), &order)
            .result()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_workflow_is_reported_and_then_failed_when_configured() {
    let local = start().await;
    local.register_activities(&["reserve"]).await;
    let v1 = local.decider("nd").workflow(OrderWorkflow).build().unwrap();
    v1.register().await.unwrap();
    let run = local
        .workflows()
        .start::<OrderWorkflow>("order-nd", &order(), &StartOptions::new().task_list("nd"))
        .await
        .unwrap();

    // Version 1 schedules `reserve`; a worker completes it.
    let first = within(10, async {
        loop {
            if let Some(report) = v1.poll_once().await.unwrap() {
                return report;
            }
        }
    })
    .await;
    assert_eq!(first.outcome.unwrap().len(), 1);
    let activity = within(10, async {
        loop {
            let poll = local
                .domain
                .poll_activity(common::workflows::ACTIVITIES, None);
            if let Some(task) = poll.await {
                return task;
            }
        }
    })
    .await;
    let done = RespondActivityTaskCompletedInput {
        task_token: activity.task_token,
        result: None,
    };
    local
        .client
        .respond_activity_task_completed(done)
        .await
        .unwrap();

    // Version 2 finds the history scheduled reserve/1: no decision, the task is left.
    let v2 = local.decider("nd").workflow(OrderV2).build().unwrap();
    let report = within(10, async {
        loop {
            if let Some(report) = v2.poll_once().await.unwrap() {
                return report;
            }
        }
    })
    .await;
    assert!(!report.responded);
    let Err(DecideError::NonDeterminism(n)) = &report.outcome else {
        panic!("{:?}", report.outcome)
    };
    assert_eq!(n.event_id(), Some(5));
    assert!(n.to_string().contains("reserve/1"), "{n}");

    // Configured to fail the workflow, the next attempt (after the left task times out, 2 s) does.
    let v2_failing = local
        .decider("nd")
        .workflow(OrderV2)
        .on_error(OnError::FailWorkflow)
        .build()
        .unwrap();
    let report = within(15, async {
        loop {
            if let Some(report) = v2_failing.poll_once().await.unwrap() {
                return report;
            }
        }
    })
    .await;
    assert!(report.responded);
    let outcome = within(10, run.outcome()).await.unwrap();
    let WorkflowOutcome::Failed { reason, details } = outcome else {
        panic!("{outcome:?}")
    };
    assert_eq!(reason.as_deref(), Some("non-determinism"));
    assert!(details.unwrap().contains("reserve/1"));
}
