//! End to end on swf-local: a completion SWF refuses with UNHANDLED_DECISION (a signal arrived
//! while the task was being decided) is decided again, and sent again, on the next task.

mod common;

use common::local::{DOMAIN, serve_examples, start, type_of, within};
use common::workflows::GreetingWorkflow;
use swf_core::types::{PollForDecisionTaskInput, RespondDecisionTaskCompletedInput, TaskList};
use swf_decider::StartOptions;
use swf_decider::testing::Replay;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_completion_is_recovered_on_the_next_task() {
    let local = start().await;
    let decider = serve_examples(&mut local.decider("unhandled"))
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let run = local
        .workflows()
        .start::<GreetingWorkflow>(
            "greet-1",
            &"Ada".to_owned(),
            &StartOptions::new().task_list("unhandled"),
        )
        .await
        .unwrap();

    // Take the first task by hand, let a signal arrive, then answer with what the workflow decides.
    let input = PollForDecisionTaskInput {
        domain: DOMAIN.into(),
        task_list: TaskList {
            name: "unhandled".into(),
        },
        ..Default::default()
    };
    let task = within(10, async {
        loop {
            let task = local
                .client
                .poll_for_decision_task(input.clone())
                .await
                .unwrap();
            if !task.task_token.is_empty() {
                return task;
            }
        }
    })
    .await;
    assert_eq!(task.workflow_type, type_of::<GreetingWorkflow>());
    run.signal("late", &()).await.unwrap();
    let decisions = Replay::new(GreetingWorkflow)
        .run(task.events)
        .unwrap()
        .decisions()
        .clone()
        .into_vec();
    assert_eq!(decisions.len(), 1);
    let answer = RespondDecisionTaskCompletedInput {
        task_token: task.task_token,
        decisions: Some(decisions),
        ..Default::default()
    };
    local
        .client
        .respond_decision_task_completed(answer)
        .await
        .unwrap();

    // The decider takes the next task and completes again.
    let report = within(10, async {
        loop {
            if let Some(report) = decider.poll_once().await.unwrap() {
                return report;
            }
        }
    })
    .await;
    assert!(report.responded);
    assert_eq!(within(10, run.result()).await.unwrap(), "Hello, Ada");
    let events = local.history(&common::local::execution(&run)).await;
    let refused = events
        .iter()
        .filter_map(|e| {
            e.complete_workflow_execution_failed_event_attributes
                .as_ref()
        })
        .next();
    assert_eq!(
        refused.map(|a| a.cause.as_str()),
        Some("UNHANDLED_DECISION")
    );
}
