//! End to end on swf-local: a decider asks for no timeout (`NONE`) where SWF allows it (an
//! activity's, a child's, a started execution's, the next run's and a workflow type's default), and
//! the history (or the type's description) records `NONE`.

mod common;

use std::time::Duration;

use common::local::{Answer, DOMAIN, execution, serve_examples, start, type_of, within};
use common::workflows::{ACTIVITIES, GreetingWorkflow};
use swf_core::types::{ChildPolicy, DescribeWorkflowTypeInput, HistoryEvent, WorkflowExecution};
use swf_decider::{
    ActivityOptions, ChildOptions, ContinueAsNew, Registration, StartOptions, Timeout, Workflow,
    WorkflowContext, WorkflowResult,
};
use tokio_util::sync::CancellationToken;

/// Continues as new once, with no decision task timeout; then runs activity `unbounded` with no
/// heartbeat, schedule-to-start or schedule-to-close timeout, then a child whose decision tasks
/// have no timeout, and completes with the child's result.
struct Unbounded;

impl Workflow for Unbounded {
    const NAME: &'static str = "unbounded";
    const VERSION: &'static str = "1";
    /// Whether this is the first run.
    type Input = bool;
    type Output = String;

    fn run(&self, ctx: &mut WorkflowContext<'_>, first: bool) -> WorkflowResult<String> {
        if first {
            let next = ContinueAsNew::new().task_start_to_close_timeout(Timeout::Unlimited);
            return Err(ctx.continue_as_new_with(&false, next));
        }
        let options = ActivityOptions::new("unbounded", "1")
            .task_list(ACTIVITIES)
            .heartbeat_timeout(Timeout::Unlimited)
            .schedule_to_start_timeout(Timeout::Unlimited)
            .schedule_to_close_timeout(Timeout::Unlimited)
            .start_to_close_timeout(Duration::from_millis(59_001));
        let done: String = ctx.activity("unbounded", &options, &()).result()?;
        let child = ChildOptions::of::<GreetingWorkflow, _>()
            .execution_start_to_close_timeout(Duration::from_secs(60))
            .task_start_to_close_timeout(Timeout::Unlimited);
        let greeting: String = ctx.child("unbounded-child", &child, &done).result()?;
        Ok(greeting)
    }

    fn registration() -> Registration {
        Registration::new()
            .execution_start_to_close_timeout(Duration::from_secs(60))
            .task_start_to_close_timeout(Duration::from_secs(30))
            .child_policy(ChildPolicy::Terminate)
    }
}

/// A workflow type registered with no default decision task timeout; never started.
struct NoTaskTimeout;

impl Workflow for NoTaskTimeout {
    const NAME: &'static str = "no-task-timeout";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, _: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        Ok(())
    }

    fn registration() -> Registration {
        Registration::new()
            .execution_start_to_close_timeout(Duration::from_secs(60))
            .task_start_to_close_timeout(Timeout::Unlimited)
    }
}

/// The only event of type `event_type` in `events`.
fn only<'a>(events: &'a [HistoryEvent], event_type: &str) -> &'a HistoryEvent {
    let found: Vec<_> = events
        .iter()
        .filter(|e| e.event_type.as_str() == event_type)
        .collect();
    assert_eq!(found.len(), 1, "one {event_type} in {events:#?}");
    found[0]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_none_timeout_the_decider_asks_for_is_recorded_as_none() {
    let local = start().await;
    local.register_activities(&["unbounded"]).await;
    let decider = serve_examples(&mut local.decider("none-timeouts"))
        .workflow(Unbounded)
        .workflow(NoTaskTimeout)
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let (stop, task) = local.run(decider);
    let stop_activities = CancellationToken::new();
    let activities = local.answer_activities(stop_activities.clone(), |_| {
        Some(Answer::Complete(Some("\"world\"".into())))
    });

    let run = local
        .workflows()
        .start::<Unbounded>(
            "none-timeouts-1",
            &true,
            &StartOptions::new().task_list("none-timeouts"),
        )
        .await
        .unwrap();
    assert_eq!(within(20, run.result()).await.unwrap(), "Hello, world");

    let registered = local
        .client
        .describe_workflow_type(DescribeWorkflowTypeInput {
            domain: DOMAIN.into(),
            workflow_type: type_of::<NoTaskTimeout>(),
        })
        .await
        .unwrap();
    assert_eq!(
        registered
            .configuration
            .default_task_start_to_close_timeout
            .as_deref(),
        Some("NONE")
    );

    let first = local.history(&execution(&run)).await;
    // The first run has the type's 30 s, so the next run's NONE can only come from the decision.
    let started = only(&first, "WorkflowExecutionStarted")
        .workflow_execution_started_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(started.task_start_to_close_timeout.as_deref(), Some("30"));
    let continued = only(&first, "WorkflowExecutionContinuedAsNew")
        .workflow_execution_continued_as_new_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        continued.task_start_to_close_timeout.as_deref(),
        Some("NONE")
    );
    let next = WorkflowExecution {
        workflow_id: run.workflow_id().to_owned(),
        run_id: continued.new_execution_run_id.clone(),
    };
    let events = local.history(&next).await;
    let started = only(&events, "WorkflowExecutionStarted")
        .workflow_execution_started_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(started.task_start_to_close_timeout.as_deref(), Some("NONE"));
    let scheduled = only(&events, "ActivityTaskScheduled")
        .activity_task_scheduled_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        (
            scheduled.heartbeat_timeout.as_deref(),
            scheduled.schedule_to_start_timeout.as_deref(),
            scheduled.schedule_to_close_timeout.as_deref(),
            // A duration is sent as whole seconds, rounded up.
            scheduled.start_to_close_timeout.as_deref(),
        ),
        (Some("NONE"), Some("NONE"), Some("NONE"), Some("60"))
    );
    let initiated = only(&events, "StartChildWorkflowExecutionInitiated")
        .start_child_workflow_execution_initiated_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(
        (
            initiated.task_start_to_close_timeout.as_deref(),
            initiated.execution_start_to_close_timeout.as_deref(),
        ),
        (Some("NONE"), Some("60"))
    );

    // A start asking for no decision task timeout, for a type registered with 2 s.
    let greeting = local
        .workflows()
        .start::<GreetingWorkflow>(
            "none-timeouts-2",
            &"start".to_owned(),
            &StartOptions::new()
                .task_list("none-timeouts")
                .task_start_to_close_timeout(Timeout::Unlimited),
        )
        .await
        .unwrap();
    assert_eq!(within(20, greeting.result()).await.unwrap(), "Hello, start");
    let events = local.history(&execution(&greeting)).await;
    let started = only(&events, "WorkflowExecutionStarted")
        .workflow_execution_started_event_attributes
        .as_ref()
        .unwrap();
    assert_eq!(started.task_start_to_close_timeout.as_deref(), Some("NONE"));

    stop.cancel();
    within(10, task).await.unwrap();
    stop_activities.cancel();
    within(10, activities).await.unwrap();
}
