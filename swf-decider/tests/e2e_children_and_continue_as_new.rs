//! End to end on swf-local: a child workflow, and continue-as-new.

mod common;

use common::local::{execution, serve_examples, start, within};
use common::workflows::{Countdown, CountdownWorkflow, ParentWorkflow};
use swf_decider::{StartOptions, WorkflowOutcome};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_parent_completes_with_its_childs_result() {
    let local = start().await;
    let decider = serve_examples(&mut local.decider("family"))
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let (stop, task) = local.run(decider);

    let run = local
        .workflows()
        .start::<ParentWorkflow>("parent-1", &"Ada".to_owned(), &StartOptions::new())
        .await
        .unwrap();
    let result: String = within(20, run.result()).await.unwrap();
    assert_eq!(result, "parent got: Hello, Ada");
    let child = local
        .workflows()
        .handle::<String>("parent-1-greeting", None);
    assert_eq!(within(10, child.result()).await.unwrap(), "Hello, Ada");
    local.record(&execution(&run), "parent_child").await;

    stop.cancel();
    within(10, task).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn continue_as_new_runs_until_the_countdown_ends() {
    let local = start().await;
    let decider = serve_examples(&mut local.decider("countdown"))
        .build()
        .unwrap();
    decider.register().await.unwrap();
    let (stop, task) = local.run(decider);

    let run = local
        .workflows()
        .start::<CountdownWorkflow>(
            "countdown-1",
            &Countdown { left: 2, runs: 0 },
            &StartOptions::new(),
        )
        .await
        .unwrap();
    // Followed across runs: three runs in all.
    assert_eq!(within(20, run.result()).await.unwrap(), 3);
    // The first run itself closed by continuing as new.
    let first = run.clone().follow_continue_as_new(false);
    assert!(matches!(
        within(10, first.outcome()).await.unwrap(),
        WorkflowOutcome::ContinuedAsNew { .. }
    ));
    local.record(&execution(&run), "countdown_first_run").await;

    stop.cancel();
    within(10, task).await.unwrap();
}
