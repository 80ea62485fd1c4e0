use super::*;
use crate::{ActivityContext, ActivityError};

struct Noop;
impl ActivityDeclaration for Noop {
    const NAME: &'static str = "Noop";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();
}

impl Activity for Noop {
    async fn run(&self, _: &ActivityContext, _: ()) -> Result<(), ActivityError> {
        Ok(())
    }
}

async fn client() -> Client {
    Client::local_builder("http://127.0.0.1:9")
        .build()
        .await
        .unwrap()
}

async fn complete() -> WorkerBuilder {
    let mut b = Worker::builder(client().await);
    b.domain("d").task_list("tl").activity(Noop);
    b
}

fn config_error(b: &mut WorkerBuilder) -> String {
    let err = b.build().unwrap_err();
    assert!(err.is_config(), "{err}");
    err.to_string()
}

#[tokio::test]
async fn required_settings_are_named_when_missing() {
    // The client is `Worker::builder`'s argument: a worker without one does not compile.
    let mut b = Worker::builder(client().await);
    assert!(config_error(&mut b).contains("no domain"));
    b.domain("d");
    assert!(config_error(&mut b).contains("no task_list"));
    b.task_list("tl");
    assert!(config_error(&mut b).contains("no activities"));
    b.activity(Noop);
    b.build().unwrap();
}

#[tokio::test]
async fn a_type_added_twice_is_refused() {
    let mut b = complete().await;
    b.activity(Noop);
    assert!(config_error(&mut b).contains("Noop version 1 is added twice"));
}

#[tokio::test]
async fn limits_and_ratios_are_checked() {
    let mut b = complete().await;
    b.pollers(0);
    config_error(&mut b);
    let mut b = complete().await;
    b.max_concurrent_tasks(0);
    config_error(&mut b);
    let mut b = complete().await;
    b.max_requests_in_flight(0);
    config_error(&mut b);
    for ratio in [0.0, 1.5, f64::NAN] {
        let mut b = complete().await;
        b.heartbeat_throttle_ratio(ratio);
        assert!(config_error(&mut b).contains("heartbeat_throttle_ratio"));
    }
}

#[tokio::test]
async fn building_leaves_the_builder_usable() {
    let mut b = complete().await;
    b.build().unwrap();
    let worker = b.identity("x".repeat(300)).build().unwrap();
    assert_eq!(worker.shared.identity.len(), 256);
    assert!(format!("{b:?}").contains("Noop/1"));
}

#[tokio::test]
async fn a_worker_told_to_stop_before_it_starts_returns_at_once() {
    let worker = complete().await.build().unwrap();
    let shutdown = CancellationToken::new();
    shutdown.cancel();
    worker.run(shutdown).await.unwrap();
}
