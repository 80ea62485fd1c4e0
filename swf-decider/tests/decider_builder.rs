//! The decider builder: required settings and conflicts.

mod common;

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
