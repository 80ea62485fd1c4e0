//! Answers are retried on throttling: a lost answer means the work runs again, so a throttled
//! `RespondActivityTaskCompleted` or `RespondActivityTaskFailed` is sent again until it passes.

mod support;

use support::proxy::ThrottlingProxy;
use support::*;
use swf_core::RetryConfig;
use swf_core::types::EventType;
use swf_worker::{
    Activity, ActivityContext, ActivityError, ActivityOptions, CancellationToken, Timeout,
};

struct Check;

impl Activity for Check {
    const NAME: &'static str = "Check";
    const VERSION: &'static str = "1";
    type Input = i32;
    type Output = i32;

    fn options(&self) -> ActivityOptions {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, n: i32) -> Result<i32, ActivityError> {
        if n < 0 {
            return Err(ActivityError::new("negative"));
        }
        Ok(n)
    }
}

#[tokio::test]
async fn throttled_answers_are_retried_until_they_pass() {
    within(60, async {
        let env = Env::start().await;
        let proxy = ThrottlingProxy::start(&env.endpoint()).await;
        // No retries in the client: what is tested is the worker's own retrying.
        let client = client_for(&proxy.endpoint_url(), RetryConfig::disabled()).await;
        let mut builder = env.worker_with(client);
        builder.activity(Check);
        env.register(&mut builder).await;
        let worker = builder.build().unwrap();
        let metrics = worker.metrics();
        let shutdown = CancellationToken::new();
        let running = tokio::spawn(worker.run(shutdown.clone()));

        proxy.throttle_next("RespondActivityTaskCompleted", 2);
        proxy.throttle_next("RespondActivityTaskFailed", 2);
        let decisions = vec![
            schedule("Check", "ok", Some("5")),
            schedule("Check", "no", Some("-1")),
        ];
        env.start_workflow("answers", decisions).await;
        let events = env
            .wait_for(|events| {
                count(events, EventType::ActivityTaskCompleted) == 1
                    && count(events, EventType::ActivityTaskFailed) == 1
            })
            .await;
        assert_no_timeouts(&events);
        assert_eq!(proxy.throttled(), 4);

        shutdown.cancel();
        running.await.unwrap().unwrap();
        let m = metrics.snapshot();
        assert_eq!(
            (m.tasks_completed, m.tasks_failed, m.respond_errors),
            (1, 1, 0)
        );
    })
    .await
}
