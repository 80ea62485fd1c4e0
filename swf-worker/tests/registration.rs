//! `Worker::register`: the domain and the types are registered without running a worker, with
//! the defaults each activity gives; again is fine; what cannot hold fails with a message that
//! names the type and the fix.

mod common;

use std::time::Duration;

use common::*;
use swf_core::types::{
    ActivityType, ActivityTypeDetail, DeprecateActivityTypeInput, DeprecateDomainInput,
    DescribeActivityTypeInput,
};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration, Timeout,
};

/// An activity whose registration the test chooses.
struct Noop(ActivityRegistration);

impl ActivityDeclaration for Noop {
    const NAME: &'static str = "Noop";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

impl Activity for Noop {
    fn registration(&self) -> ActivityRegistration {
        self.0.clone()
    }

    async fn run(&self, _: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        Ok(())
    }
}

fn noop() -> Noop {
    Noop(options(Timeout::Seconds(7)).description("does nothing"))
}

async fn describe(env: &Env, domain: &str) -> ActivityTypeDetail {
    env.client
        .describe_activity_type(DescribeActivityTypeInput {
            domain: domain.into(),
            activity_type: noop_type(),
        })
        .await
        .unwrap()
}

fn noop_type() -> ActivityType {
    ActivityType {
        name: "Noop".into(),
        version: "1".into(),
    }
}

#[tokio::test]
async fn register_registers_the_domain_and_the_types_with_their_defaults_without_polling() {
    within(30, async {
        let env = Env::start().await;
        let mut builder = env.worker();
        builder.activity(noop()).domain("fresh");
        let worker = builder.build().unwrap();
        // The first call registers the domain and the type, the second finds them there.
        worker.register().await.unwrap();
        worker.register().await.unwrap();
        assert_eq!(worker.metrics().snapshot().polls, 0);

        let described = describe(&env, "fresh").await;
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

        // A worker built later, with the same defaults, registers as well.
        builder.build().unwrap().register().await.unwrap();
    })
    .await
}

#[tokio::test]
async fn a_type_registered_with_other_defaults_is_an_error_naming_them() {
    within(30, async {
        let env = Env::start().await;
        let mut builder = env.worker();
        builder.activity(noop());
        env.register(&mut builder).await;

        let changed = noop().0.start_to_close_timeout(Duration::from_secs(60));
        let mut builder = env.worker();
        builder.activity(Noop(changed));
        let err = builder.build().unwrap().register().await.unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("activity type Noop version 1 is registered in domain d with other"),
            "{message}"
        );
        assert!(
            message.contains("start-to-close timeout: 30 registered, 60 here"),
            "{message}"
        );
        assert!(message.contains("new VERSION"), "{message}");
        // Nothing else differs, so nothing else is named.
        assert!(!message.contains("heartbeat timeout"), "{message}");
    })
    .await
}

#[tokio::test]
async fn a_deprecated_type_is_an_error() {
    within(30, async {
        let env = Env::start().await;
        let mut builder = env.worker();
        builder.activity(noop());
        env.register(&mut builder).await;
        env.client
            .deprecate_activity_type(DeprecateActivityTypeInput {
                domain: DOMAIN.into(),
                activity_type: noop_type(),
            })
            .await
            .unwrap();
        let err = builder.build().unwrap().register().await.unwrap_err();
        assert!(
            err.to_string()
                .contains("activity type Noop version 1 is deprecated in domain d"),
            "{err}"
        );
    })
    .await
}

#[tokio::test]
async fn a_domain_swf_does_not_know_is_an_error_naming_it() {
    within(30, async {
        let env = Env::start().await;
        // Registering finds a deprecated domain already there, and SWF refuses types in it.
        env.client
            .deprecate_domain(DeprecateDomainInput {
                name: DOMAIN.into(),
            })
            .await
            .unwrap();
        let mut builder = env.worker();
        builder.activity(noop());
        let err = builder.build().unwrap().register().await.unwrap_err();
        assert!(err.swf_error().unwrap().is_unknown_resource(), "{err}");
        assert!(
            err.to_string().starts_with(
                "could not register activity type Noop version 1: SWF does not know domain d \
                 or it is deprecated"
            ),
            "{err}"
        );
    })
    .await
}
