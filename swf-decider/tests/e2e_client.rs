//! End to end on swf-local: what `WorkflowClient` and `WorkflowHandle` give a user besides starting
//! and awaiting: the run's execution, its whole history saved as a replay fixture in one call,
//! tags and task priority, and a type registered with `Registration::new()` that starts without
//! naming a child policy.

mod common;

use std::time::Duration;

use common::local::{serve_examples, start, within};
use common::workflows::MarkersWorkflow;
use swf_core::ErrorKind;
use swf_core::limits::{PAGE_SIZE_MAX, TAG_LIST_MAX_ITEMS, TAG_MAX_CHARS};
use swf_core::types::{ChildPolicy, DescribeWorkflowExecutionInput, WorkflowExecution};
use swf_decider::testing::{Replay, load_history_file};
use swf_decider::{ClientError, Exit, StartOptions, Workflow, WorkflowContext, WorkflowResult};

/// A workflow registered with the defaults `Workflow::registration` gives: `Registration::new()`.
struct Bare;

impl Workflow for Bare {
    const NAME: &'static str = "bare";
    const VERSION: &'static str = "1";
    type Input = ();
    type Output = ();

    fn run(&self, _: &mut WorkflowContext<'_>, _: ()) -> WorkflowResult<()> {
        Err(Exit::Pending)
    }
}

/// What a `Bare` start must give, its type having no defaults: the two timeouts.
fn bare_options() -> StartOptions {
    StartOptions::new()
        .execution_start_to_close_timeout(Duration::from_secs(60))
        .task_start_to_close_timeout(Duration::from_secs(10))
}

async fn describe(
    local: &common::local::Local,
    execution: WorkflowExecution,
) -> swf_core::types::WorkflowExecutionDetail {
    local
        .client
        .describe_workflow_execution(DescribeWorkflowExecutionInput {
            domain: common::local::DOMAIN.into(),
            execution,
        })
        .await
        .expect("described")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_type_registered_with_no_defaults_starts_without_a_child_policy() {
    let local = start().await;
    let decider = local.decider("bare").workflow(Bare).build().unwrap();
    decider.register().await.unwrap();

    // No child policy in the start, none set at registration: TERMINATE, registered for it.
    let run = local
        .workflows()
        .start::<Bare>("bare-1", &(), &bare_options())
        .await
        .unwrap();
    let detail = describe(&local, run.execution().await.unwrap()).await;
    assert_eq!(
        detail.execution_configuration.child_policy,
        ChildPolicy::Terminate
    );
    // A start that names one still has its way.
    let run = local
        .workflows()
        .start::<Bare>(
            "bare-2",
            &(),
            &bare_options().child_policy(ChildPolicy::Abandon),
        )
        .await
        .unwrap();
    let detail = describe(&local, run.execution().await.unwrap()).await;
    assert_eq!(
        detail.execution_configuration.child_policy,
        ChildPolicy::Abandon
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_and_task_priority_reach_the_execution_and_too_many_tags_are_refused() {
    let local = start().await;
    let decider = local.decider("bare").workflow(Bare).build().unwrap();
    decider.register().await.unwrap();
    let workflows = local.workflows();

    let tags: Vec<String> = (0..TAG_LIST_MAX_ITEMS)
        .map(|i| format!("tag-{i}"))
        .collect();
    let run = workflows
        .start::<Bare>(
            "tagged",
            &(),
            &bare_options().tags(&tags).task_priority(i32::MIN),
        )
        .await
        .unwrap();
    let detail = describe(&local, run.execution().await.unwrap()).await;
    assert_eq!(detail.execution_info.tag_list.as_ref(), Some(&tags));
    assert_eq!(
        detail.execution_configuration.task_priority.as_deref(),
        Some("-2147483648")
    );

    // One tag too many, or one character too many: refused before anything is sent, naming the
    // field.
    let refused = |options: StartOptions| {
        let workflows = workflows.clone();
        async move {
            match workflows.start::<Bare>("refused", &(), &options).await {
                Err(ClientError::Swf(e)) => match e.kind() {
                    ErrorKind::InvalidInput(v) => (v.field.clone(), v.problem.clone()),
                    other => panic!("{other:?}"),
                },
                Err(other) => panic!("{other}"),
                Ok(_) => panic!("started"),
            }
        }
    };
    let too_many = (0..=TAG_LIST_MAX_ITEMS).map(|i| format!("tag-{i}"));
    let (field, problem) = refused(bare_options().tags(too_many)).await;
    assert_eq!(field, "tagList");
    assert!(problem.contains("at most 5 items"), "{problem}");
    let too_long = ["ok".to_owned(), "x".repeat(TAG_MAX_CHARS + 1)];
    let (field, _) = refused(bare_options().tags(too_long)).await;
    assert_eq!(field, "tagList[1]");
    let missing = local.workflows().handle::<()>("refused", None);
    assert!(matches!(
        missing.execution().await,
        Err(ClientError::NoSuchExecution { .. })
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_runs_history_over_several_pages_is_saved_as_a_fixture_that_replays() {
    let local = start().await;
    let decider = serve_examples(&mut local.decider("markers"))
        .build()
        .unwrap();
    decider.register().await.unwrap();
    // The decider's shutdown token, as swf-decider re-exports it.
    let stop = swf_decider::CancellationToken::new();
    let decider_task = tokio::spawn(decider.run(stop.clone()));

    // 1,100 markers: 1,160 events, more than the largest page (1,000) holds.
    let run = local
        .workflows()
        .start::<MarkersWorkflow>("markers-fixture", &1_100, &StartOptions::new())
        .await
        .unwrap();
    assert_eq!(within(30, run.result()).await.unwrap(), 1_100);
    stop.cancel();
    within(10, decider_task).await.unwrap().unwrap();

    // A handle made from the workflow id alone finds the same run.
    let by_id = local.workflows().handle::<u32>("markers-fixture", None);
    let execution = run.execution().await.unwrap();
    assert_eq!(by_id.execution().await.unwrap(), execution);
    assert_eq!(Some(execution.run_id.as_str()), run.run_id());

    let events = by_id.history().await.unwrap();
    assert!(
        events.len() as i64 > PAGE_SIZE_MAX,
        "{} events",
        events.len()
    );
    assert_eq!(events, local.history(&execution).await);

    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("markers-fixture.json");
    run.save_history(&path).await.unwrap();
    let loaded = load_history_file(&path).unwrap();
    assert_eq!(loaded, events);
    // Every task replays as recorded, and the closed run asks for nothing more.
    let replay = Replay::new(MarkersWorkflow).run(loaded).unwrap();
    assert!(replay.decisions().is_empty());
    assert!(replay.state().closed().is_some());

    // A file that cannot be written says which.
    let bad = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-such-dir/fixture.json");
    let err = run.save_history(&bad).await.unwrap_err();
    assert!(matches!(err, ClientError::SaveHistory { .. }), "{err}");
    assert!(
        err.to_string().contains("no-such-dir/fixture.json"),
        "{err}"
    );
}
