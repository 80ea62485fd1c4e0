//! The subset of the worker that moto supports, against `moto_server`: registration, polling,
//! dispatch, heartbeats, completion and failure. moto answers empty polls at once instead of
//! holding them, and enforces timeouts only when asked, so this checks the wire exchange, not
//! timing.

mod common;

use std::time::Duration;

use common::*;
use swf_core::types::*;
use swf_core::{Client, RetryConfig};
use swf_testkit::Moto;
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration, Timeout,
    Worker,
};

struct Greet;

impl ActivityDeclaration for Greet {
    const NAME: &'static str = "Greet";
    const VERSION: &'static str = "1";
    type Input = String;
    type Output = String;
}

impl Activity for Greet {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Seconds(30))
    }

    async fn run(&self, ctx: &ActivityContext, name: String) -> Result<String, ActivityError> {
        ctx.heartbeat("composing")?;
        if name.is_empty() {
            panic!("nobody to greet");
        }
        Ok(format!("Hello, {name}!"))
    }
}

/// Polls decision tasks (moto answers empty ones at once, so a short pause between them) until
/// one satisfies `done`, answering the first with `first` and the rest with nothing.
async fn decide(
    client: &Client,
    first: Vec<Decision>,
    done: impl Fn(&[HistoryEvent]) -> bool,
) -> Vec<HistoryEvent> {
    let mut first = Some(first);
    for _ in 0..400 {
        let task = client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: DOMAIN.into(),
                task_list: TaskList {
                    name: DECISIONS.into(),
                },
                ..Default::default()
            })
            .await
            .unwrap();
        if task.task_token.is_empty() {
            tokio::time::sleep(Duration::from_millis(25)).await;
            continue;
        }
        let finished = done(&task.events);
        let decisions = first.take().unwrap_or_default();
        client
            .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
                task_token: task.task_token.clone(),
                decisions: Some(decisions),
                ..Default::default()
            })
            .await
            .unwrap();
        if finished {
            return task.events;
        }
    }
    panic!("moto never gave the expected decision task");
}

#[tokio::test]
async fn a_worker_completes_and_fails_tasks_against_moto() {
    let Some(moto) = Moto::start("a_worker_completes_and_fails_tasks_against_moto") else {
        return;
    };
    within(60, async {
        let client = client_for(&moto.endpoint, RetryConfig::new()).await;
        let mut builder = Worker::builder(client.clone());
        builder.domain(DOMAIN).task_list(ACTIVITIES).activity(Greet);
        builder.build().unwrap().register().await.unwrap();
        client
            .register_workflow_type(RegisterWorkflowTypeInput {
                domain: DOMAIN.into(),
                name: WORKFLOW.into(),
                version: "1".into(),
                default_task_list: Some(TaskList {
                    name: DECISIONS.into(),
                }),
                default_execution_start_to_close_timeout: Some("600".into()),
                default_task_start_to_close_timeout: Some("60".into()),
                default_child_policy: Some(ChildPolicy::Terminate),
                ..Default::default()
            })
            .await
            .unwrap();

        // moto answers empty polls at once: one poller is plenty.
        let worker = Running::start(builder.pollers(1));

        client
            .start_workflow_execution(StartWorkflowExecutionInput {
                domain: DOMAIN.into(),
                workflow_id: "moto".into(),
                workflow_type: WorkflowType {
                    name: WORKFLOW.into(),
                    version: "1".into(),
                },
                ..Default::default()
            })
            .await
            .unwrap();
        let first = vec![
            schedule("Greet", "hello", Some("\"moto\"")),
            schedule("Greet", "empty", Some("\"\"")),
        ];
        let closed = |events: &[HistoryEvent]| {
            count(events, EventType::ActivityTaskCompleted)
                + count(events, EventType::ActivityTaskFailed)
                == 2
        };
        let events = decide(&client, first, closed).await;
        let completed = of_type(&events, EventType::ActivityTaskCompleted)[0]
            .activity_task_completed_event_attributes
            .clone()
            .unwrap();
        assert_eq!(completed.result.as_deref(), Some("\"Hello, moto!\""));
        let failures = failures(&events);
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0].1, "panicked: nobody to greet");

        let m = worker.stop().await;
        assert_eq!(
            Ends::from(m),
            Ends {
                completed: 1,
                failed: 1,
                ..Ends::default()
            }
        );
        // Each task's first details went out at once.
        assert!(m.heartbeats_sent >= 2, "{m:?}");
    })
    .await
}
