//! An answer that meets `UnknownResourceFault` is counted as gone: the task's execution closed
//! while the activity ran, so nobody waits for the answer any more. The worker does not retry
//! that answer, does not count it as an error, and goes on serving.

mod support;

use std::sync::Arc;

use support::*;
use swf_core::RetryConfig;
use swf_core::types::{EventType, TerminateWorkflowExecutionInput};
use swf_worker::{
    Activity, ActivityContext, ActivityError, ActivityOptions, CancellationToken, Timeout,
};
use tokio::sync::{Notify, mpsc};

/// Tells the test it started, waits for the test's release when its input says so, then
/// completes. No heartbeat timeout: the first automatic heartbeat would come after 15 s at the
/// earliest, so only the answer can learn that the task is gone.
struct Held {
    started: mpsc::UnboundedSender<()>,
    release: Arc<Notify>,
}

impl Activity for Held {
    const NAME: &'static str = "Held";
    const VERSION: &'static str = "1";
    type Input = bool;
    type Output = String;

    fn options(&self) -> ActivityOptions {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, hold: bool) -> Result<String, ActivityError> {
        let release = self.release.notified();
        self.started.send(()).unwrap();
        if hold {
            release.await;
        }
        Ok("done".into())
    }
}

#[tokio::test]
async fn an_answer_to_a_terminated_execution_counts_the_task_as_gone() {
    within(30, async {
        let env = Env::start().await;
        let proxy = FaultProxy::start(&env.endpoint()).await;
        // The client's default retries: neither they nor the worker's may retry this answer.
        let client = client_for(&proxy.endpoint_url(), RetryConfig::new()).await;
        let (started, mut started_rx) = mpsc::unbounded_channel();
        let release = Arc::new(Notify::new());
        let mut builder = env.worker_with(client);
        builder.activity(Held {
            started,
            release: release.clone(),
        });
        env.register(&mut builder).await;
        let worker = builder.build().unwrap();
        let metrics = worker.metrics();
        let shutdown = CancellationToken::new();
        let running = tokio::spawn(worker.run(shutdown.clone()));

        let execution = env
            .start_workflow("terminated", vec![schedule("Held", "a", Some("true"))])
            .await;
        started_rx.recv().await.unwrap();
        env.client
            .terminate_workflow_execution(TerminateWorkflowExecutionInput {
                domain: DOMAIN.into(),
                workflow_id: execution.workflow_id.clone(),
                run_id: Some(execution.run_id.clone()),
                reason: Some("the test ends it while its activity runs".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        release.notify_one();
        // The answer reaches the service, which no longer knows the task.
        proxy.wait_until(|p| p.stats(COMPLETED).answered == 1).await;

        // The worker goes on serving: a task of another execution completes.
        env.start_workflow("after", vec![schedule("Held", "b", Some("false"))])
            .await;
        env.wait_for(|events| count(events, EventType::ActivityTaskCompleted) == 1)
            .await;
        shutdown.cancel();
        running.await.unwrap().unwrap();

        let m = metrics.snapshot();
        assert_eq!(
            (
                m.tasks_started,
                m.tasks_gone,
                m.tasks_completed,
                m.respond_errors
            ),
            (2, 1, 1, 0),
            "{m:?}"
        );
        // One call per answer: the gone task's answer was not retried, by the client or the
        // worker, and no heartbeat learned of the termination first.
        let answers = proxy.stats(COMPLETED);
        assert_eq!((answers.received, answers.answered), (2, 2), "{answers:?}");
        assert_eq!(proxy.stats(HEARTBEAT).received, 0);
        let events = env.history(&execution).await;
        assert_eq!(count(&events, EventType::WorkflowExecutionTerminated), 1);
        assert_eq!(count(&events, EventType::ActivityTaskCompleted), 0);
    })
    .await
}
