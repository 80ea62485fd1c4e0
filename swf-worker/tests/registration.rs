//! Registration at start is idempotent: an existing domain and type are fine.

mod common;

use common::*;
use swf_core::types::{ActivityType, DescribeActivityTypeInput};
use swf_worker::{Activity, ActivityContext, ActivityError, ActivityRegistration, Timeout};

struct Noop;

impl Activity for Noop {
    const NAME: &'static str = "Noop";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Seconds(7)).description("does nothing")
    }

    async fn run(&self, _: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        Ok(())
    }
}

#[tokio::test]
async fn registration_is_idempotent_and_carries_the_defaults() {
    within(30, async {
        let env = Env::start().await;
        let mut builder = env.worker();
        builder.activity(Noop).domain("fresh");
        // The first run registers the domain and the type, the second finds them there.
        env.register(&mut builder).await;
        env.register(&mut builder).await;
        let described = env
            .client
            .describe_activity_type(DescribeActivityTypeInput {
                domain: "fresh".into(),
                activity_type: ActivityType {
                    name: "Noop".into(),
                    version: "1".into(),
                },
            })
            .await
            .unwrap();
        let config = described.configuration;
        assert_eq!(config.default_task_heartbeat_timeout.as_deref(), Some("7"));
        assert_eq!(
            config.default_task_start_to_close_timeout.as_deref(),
            Some("30")
        );
        assert_eq!(config.default_task_list.unwrap().name, ACTIVITIES);
        assert_eq!(
            described.type_info.description.as_deref(),
            Some("does nothing")
        );
    })
    .await
}
