//! The decider builder: required settings and conflicts.

mod common;

use std::time::Duration;

use common::workflows::{GreetingWorkflow, OrderWorkflow};
use swf_core::Client;
use swf_decider::Decider;

async fn client() -> Client {
    // Nothing is sent: building a decider does not call SWF.
    Client::local_builder("http://127.0.0.1:9")
        .build()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_decider_needs_a_domain_a_task_list_and_distinct_workflows() {
    let mut b = Decider::builder(client().await);
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "a decider needs a domain"
    );
    b.domain("d");
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "a decider needs a task list"
    );
    b.task_list("t");
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "a decider needs at least one workflow"
    );
    b.workflow(OrderWorkflow).workflow(GreetingWorkflow);
    let decider = b.build().unwrap();
    let shown = format!("{decider:?}");
    assert!(
        shown.contains(r#"workflows: ["greeting/1", "order/1"]"#),
        "{shown}"
    );
    b.workflow(OrderWorkflow);
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "two workflows serve type `order` version `1`"
    );
}

#[tokio::test]
async fn settings_out_of_range_are_refused_not_clamped() {
    let mut b = Decider::builder(client().await);
    b.domain("d").task_list("t").workflow(GreetingWorkflow);
    let refused = |b: &mut swf_decider::DeciderBuilder<_>| {
        let err = b.build().unwrap_err();
        assert!(err.is_config(), "{err}");
        assert!(err.swf_error().is_none(), "{err}");
        err.to_string()
    };
    let at_least_one = "pollers and max_concurrent_tasks must be at least 1";
    assert_eq!(refused(b.pollers(0)), at_least_one);
    b.pollers(1);
    assert_eq!(refused(b.max_concurrent_tasks(0)), at_least_one);
    b.max_concurrent_tasks(1);
    for size in [0, -1, 1_001] {
        assert_eq!(
            refused(b.maximum_page_size(size)),
            format!("maximum_page_size must be from 1 to 1000, not {size}")
        );
    }
    // The bounds themselves are valid, and so is each setting's smallest value.
    for size in [1, 1_000] {
        let decider = b.maximum_page_size(size).build().unwrap();
        let shown = format!("{decider:?}");
        assert!(
            shown.contains("pollers: 1, max_concurrent_tasks: 1"),
            "{shown}"
        );
    }
}

#[tokio::test]
async fn a_sticky_task_list_needs_the_cache_and_a_timeout_of_whole_seconds() {
    let mut b = Decider::builder(client().await);
    b.domain("d").task_list("t").workflow(GreetingWorkflow);
    assert_eq!(
        b.build().unwrap().sticky_task_list(),
        None,
        "off by default"
    );
    b.sticky_task_list(true).cache_capacity(0);
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "a sticky task list needs the state cache: cache_capacity is 0"
    );
    b.cache_capacity(1);
    for bad in [Duration::ZERO, Duration::from_millis(2_500)] {
        let err = b.sticky_schedule_to_start(bad).build().unwrap_err();
        assert!(err.is_config(), "{err}");
        assert_eq!(
            err.to_string(),
            format!("sticky_schedule_to_start must be whole seconds, at least 1, not {bad:?}")
        );
    }
    let decider = b
        .sticky_schedule_to_start(Duration::from_secs(1))
        .build()
        .unwrap();
    let list = decider.sticky_task_list().unwrap();
    assert!(list.starts_with("t-sticky-") && list.len() == 25, "{list}");
}
