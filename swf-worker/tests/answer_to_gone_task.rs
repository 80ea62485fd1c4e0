//! An answer that meets `UnknownResourceFault` is counted as gone: the task's execution closed
//! while the activity ran, so nobody waits for the answer any more. The worker does not retry
//! that answer, does not count it as an error, and goes on serving.

mod common;

use common::*;
use swf_core::RetryConfig;
use swf_core::types::{EventType, TerminateWorkflowExecutionInput};
use swf_worker::Timeout;

#[tokio::test]
async fn an_answer_to_a_terminated_execution_counts_the_task_as_gone() {
    within(30, async {
        let env = Env::start().await;
        // The client's default retries: neither they nor the worker's may retry this answer.
        let (proxy, mut builder) = env.through_proxy(RetryConfig::new()).await;
        // No heartbeat timeout: the first automatic heartbeat would come after 15 s at the
        // earliest, so only the answer can learn that the task is gone.
        let (held, mut started, release) = Held::new(Timeout::Unlimited);
        builder.activity(held);
        let worker = env.run(&mut builder).await;

        let execution = env
            .start_workflow("terminated", vec![schedule("Held", "a", Some("true"))])
            .await;
        started.recv().await.unwrap();
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

        let m = worker.stop().await;
        assert_eq!(m.tasks_started, 2, "{m:?}");
        assert_eq!(
            Ends::from(m),
            Ends {
                completed: 1,
                gone: 1,
                ..Ends::default()
            }
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
