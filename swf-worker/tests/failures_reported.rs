//! Everything that keeps a task from producing an output is answered as `ActivityTaskFailed`
//! with a reason that says what happened: a panic, input that does not decode, output over
//! SWF's limit, an error (its reason cut to 256 characters), and a type the worker does not
//! serve.

mod common;

use std::collections::HashMap;
use std::time::Duration;

use common::*;
use swf_core::types::{EventType, RegisterActivityTypeInput, TaskList};
use swf_worker::{
    Activity, ActivityContext, ActivityDeclaration, ActivityError, ActivityRegistration, Timeout,
};

struct Panics;

impl ActivityDeclaration for Panics {
    const NAME: &'static str = "Panics";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

impl Activity for Panics {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        panic!("the bank's answer made no sense")
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Order {
    id: u64,
}

struct Strict;

impl ActivityDeclaration for Strict {
    const NAME: &'static str = "Strict";
    const VERSION: &'static str = "1";
    type Input = Order;
    type Output = u64;
}

impl Activity for Strict {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, order: Order) -> Result<u64, ActivityError> {
        Ok(order.id)
    }
}

struct Bloated;

impl ActivityDeclaration for Bloated {
    const NAME: &'static str = "Bloated";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = String;
}

impl Activity for Bloated {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, _: ()) -> Result<String, ActivityError> {
        Ok("x".repeat(40_000))
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Wordy(String, #[source] std::io::Error);

struct Errs;

impl ActivityDeclaration for Errs {
    const NAME: &'static str = "Errs";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

impl Activity for Errs {
    fn registration(&self) -> ActivityRegistration {
        options(Timeout::Unlimited)
    }

    async fn run(&self, _: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        Err(Wordy("é".repeat(300), std::io::Error::other("disk full")))?
    }
}

#[tokio::test]
async fn every_failure_is_answered_with_a_reason_that_says_what_happened() {
    within(30, async {
        let env = Env::start().await;
        let mut builder = env.worker();
        builder
            .activity(Panics)
            .activity(Strict)
            .activity(Bloated)
            .activity(Errs);
        env.register(&mut builder).await;
        // A type registered for the task list but served by no worker.
        let seconds = |s: u64| Some(Timeout::from(Duration::from_secs(s)).to_string());
        env.client
            .register_activity_type(RegisterActivityTypeInput {
                domain: DOMAIN.into(),
                name: "Orphan".into(),
                version: "1".into(),
                default_task_list: Some(TaskList {
                    name: ACTIVITIES.into(),
                }),
                default_task_schedule_to_start_timeout: seconds(20),
                default_task_start_to_close_timeout: seconds(30),
                default_task_schedule_to_close_timeout: seconds(60),
                default_task_heartbeat_timeout: Some("NONE".into()),
                ..Default::default()
            })
            .await
            .unwrap();
        let worker = Running::start(&mut builder);

        let decisions = vec![
            schedule("Panics", "panic", None),
            schedule("Strict", "bad-input", Some("{\"id\": \"seven\"}")),
            schedule("Bloated", "big-output", None),
            schedule("Errs", "error", None),
            schedule("Orphan", "unknown", None),
        ];
        env.start_workflow("failures", decisions).await;
        let events = env
            .wait_for(|events| count(events, EventType::ActivityTaskFailed) == 5)
            .await;
        assert_no_timeouts(&events);
        let failures: HashMap<String, (String, Option<String>)> = failures(&events)
            .into_iter()
            .map(|(id, r, d)| (id, (r, d)))
            .collect();

        let (reason, details) = &failures["panic"];
        assert_eq!(reason, "panicked: the bank's answer made no sense");
        assert_eq!(details.as_deref(), Some("the bank's answer made no sense"));

        let (reason, details) = &failures["bad-input"];
        assert!(
            reason.starts_with("input could not be decoded: "),
            "{reason}"
        );
        assert_eq!(details.as_deref(), Some("{\"id\": \"seven\"}"));

        let (reason, _) = &failures["big-output"];
        assert_eq!(
            reason,
            "output too large: 40002 characters, SWF allows at most 32768"
        );

        let (reason, details) = &failures["error"];
        assert_eq!(reason, &"é".repeat(256));
        assert!(
            details
                .as_deref()
                .unwrap()
                .ends_with("\ncaused by: disk full")
        );

        let (reason, _) = &failures["unknown"];
        assert_eq!(
            reason,
            "unknown activity type Orphan version 1: this worker serves Bloated/1, Errs/1, \
             Panics/1, Strict/1"
        );

        let m = worker.stop().await;
        assert_eq!(m.tasks_started, 5, "{m:?}");
        assert_eq!(
            Ends::from(m),
            Ends {
                failed: 5,
                ..Ends::default()
            }
        );
    })
    .await
}
