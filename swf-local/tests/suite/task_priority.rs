//! Task priority: SWF hands out the task of highest priority first, on activity and decision task
//! lists alike; an unset priority counts as 0 and, among equal priorities, the oldest task goes
//! first. The order holds for the queues rebuilt from the store after a restart too.

use crate::common::*;
use crate::durability_restart::TempDb;
use swf_core::Client;
use swf_core::types::*;
use swf_local::Server;
use swf_testkit::harness::Domain;
use swf_testkit::harness::decisions;

/// Registers, in `domain`, the activity type `prio` (default priority 2) and the workflow type
/// `wf-prio` (default priority 2), on the same task lists as `act` and `wf`.
async fn register_prioritized_types(client: &Client) {
    let domain = Domain::new(client.clone(), DOMAIN);
    domain
        .register_activity_type(RegisterActivityTypeInput {
            name: "prio".into(),
            version: "1".into(),
            default_task_list: Some(TaskList {
                name: ACTIVITIES.into(),
            }),
            default_task_priority: Some("2".into()),
            default_task_schedule_to_start_timeout: Some("60".into()),
            default_task_schedule_to_close_timeout: Some("120".into()),
            default_task_start_to_close_timeout: Some("60".into()),
            default_task_heartbeat_timeout: Some("NONE".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    domain
        .register_workflow_type(RegisterWorkflowTypeInput {
            name: "wf-prio".into(),
            version: "1".into(),
            default_task_list: Some(TaskList {
                name: DECISIONS.into(),
            }),
            default_task_priority: Some("2".into()),
            default_execution_start_to_close_timeout: Some("600".into()),
            default_task_start_to_close_timeout: Some("60".into()),
            default_child_policy: Some(ChildPolicy::Abandon),
            ..Default::default()
        })
        .await
        .unwrap();
}

fn prio_type() -> ActivityType {
    ActivityType {
        name: "prio".into(),
        version: "1".into(),
    }
}

/// The activities [`schedule_mixed_activities`] schedules and the order SWF hands them out in:
/// 5, 5 (older first), 2 (the type's default), 0 and unset (older first), -3, -5 (overriding
/// the type's default).
const ACTIVITY_ORDER: [&str; 7] = [
    "five-a", "five-b", "typed", "zero", "unset", "minus", "override",
];

/// Schedules, in one decision of a fresh execution `workflow_id`, activities of priorities 0, 5,
/// -3, unset, 5, the type's default 2 and -5 over the type's default, in that order.
async fn schedule_mixed_activities(client: &Client, workflow_id: &str) {
    let domain = Domain::new(client.clone(), DOMAIN);
    domain
        .start(StartWorkflowExecutionInput {
            workflow_id: workflow_id.into(),
            workflow_type: wf_type(),
            ..Default::default()
        })
        .await;
    let task = poll_decision(client, DECISIONS).await;
    assert_eq!(task.workflow_execution.workflow_id, workflow_id);
    let scheduled = |id: &str, activity_type: ActivityType, priority: Option<&str>| {
        schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
            activity_id: id.into(),
            activity_type,
            task_priority: priority.map(str::to_owned),
            ..Default::default()
        })
    };
    let decisions = vec![
        scheduled("zero", act_type(), Some("0")),
        scheduled("five-a", act_type(), Some("5")),
        scheduled("minus", act_type(), Some("-3")),
        scheduled("unset", act_type(), None),
        scheduled("five-b", act_type(), Some("5")),
        scheduled("typed", prio_type(), None),
        scheduled("override", prio_type(), Some("-5")),
    ];
    client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: task.task_token,
            decisions: Some(decisions),
            ..Default::default()
        })
        .await
        .unwrap();
}

/// Takes `n` tasks from `ACTIVITIES`, returning their activity ids in the order they came (an
/// empty id for a poll that found none).
async fn take_activities(client: &Client, n: usize) -> Vec<String> {
    let mut order = Vec::new();
    for _ in 0..n {
        order.push(poll_activity(client).await.activity_id);
    }
    order
}

/// Takes `n` decision tasks from `DECISIONS`, returning their workflow ids in the order they
/// came (an empty id for a poll that found none). The tasks are left started.
async fn take_decisions(client: &Client, n: usize) -> Vec<String> {
    let mut order = Vec::new();
    for _ in 0..n {
        order.push(
            poll_decision(client, DECISIONS)
                .await
                .workflow_execution
                .workflow_id,
        );
    }
    order
}

/// The executions [`start_mixed_executions`] starts, in the order their decision tasks come.
const DECISION_ORDER: [&str; 6] = ["five-a", "five-b", "typed", "zero", "unset", "minus"];

/// Starts executions whose decision tasks have priorities 0, 5, -3, unset, 5 and the workflow
/// type's default 2, in that order, all on `DECISIONS`.
async fn start_mixed_executions(client: &Client) {
    let domain = Domain::new(client.clone(), DOMAIN);
    for (id, workflow_type, priority) in [
        ("zero", wf_type(), Some("0")),
        ("five-a", wf_type(), Some("5")),
        ("minus", wf_type(), Some("-3")),
        ("unset", wf_type(), None),
        ("five-b", wf_type(), Some("5")),
        (
            "typed",
            WorkflowType {
                name: "wf-prio".into(),
                version: "1".into(),
            },
            None,
        ),
    ] {
        domain
            .start(StartWorkflowExecutionInput {
                workflow_id: id.into(),
                workflow_type,
                task_priority: priority.map(str::to_owned),
                ..Default::default()
            })
            .await;
    }
}

#[tokio::test]
async fn activity_tasks_go_out_by_priority_then_age() {
    let env = env().await;
    register_prioritized_types(&env.client).await;
    schedule_mixed_activities(&env.client, "w").await;
    assert_eq!(
        take_activities(&env.client, ACTIVITY_ORDER.len()).await,
        ACTIVITY_ORDER
    );
}

#[tokio::test]
async fn decision_tasks_go_out_by_priority_then_age() {
    let env = env().await;
    register_prioritized_types(&env.client).await;
    start_mixed_executions(&env.client).await;
    assert_eq!(
        take_decisions(&env.client, DECISION_ORDER.len()).await,
        DECISION_ORDER
    );
}

/// A child's decision tasks have the priority its `StartChildWorkflowExecution` decision gave,
/// and a continued run's the one its `ContinueAsNewWorkflowExecution` decision gave.
#[tokio::test]
async fn children_and_continued_runs_take_the_priority_they_are_given() {
    let env = env().await;
    let start = |id: &str, priority: &str| {
        env.start_with(StartWorkflowExecutionInput {
            workflow_id: id.into(),
            task_priority: Some(priority.into()),
            child_policy: Some(ChildPolicy::Abandon),
            ..Default::default()
        })
    };
    start("low", "-1").await;
    start("parent", "20").await;

    let task = env.decision().await;
    assert_eq!(task.workflow_execution.workflow_id, "parent");
    env.decide(
        &task,
        vec![decisions::start_child(
            StartChildWorkflowExecutionDecisionAttributes {
                workflow_id: "child".into(),
                workflow_type: wf_type(),
                task_priority: Some("8".into()),
                ..Default::default()
            },
        )],
    )
    .await;
    // The parent's next task (for ChildWorkflowExecutionStarted) keeps its priority, 20.
    let task = env.decision().await;
    assert_eq!(task.workflow_execution.workflow_id, "parent");
    env.decide(
        &task,
        vec![decisions::continue_as_new(
            ContinueAsNewWorkflowExecutionDecisionAttributes {
                task_priority: Some("5".into()),
                child_policy: Some(ChildPolicy::Abandon),
                ..Default::default()
            },
        )],
    )
    .await;
    // Waiting now: low (-1, oldest), child (8), the parent's continued run (5).
    assert_eq!(
        take_decisions(&env.client, 3).await,
        ["child", "parent", "low"]
    );
}

/// The queues rebuilt from the store on restart hand tasks out in the same order.
#[tokio::test]
async fn the_order_survives_a_restart() {
    let db = TempDb::new("task-priority");
    let server = Server::builder().database(db.path()).start().await.unwrap();
    let client = client_for(&server.endpoint_url()).await;
    register_domain(&client, DOMAIN).await;
    register_prioritized_types(&client).await;
    schedule_mixed_activities(&client, "w").await;
    start_mixed_executions(&client).await;
    server.shutdown().await;

    let server = Server::builder()
        .database(db.path())
        .poll_timeout(std::time::Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    let client = client_for(&server.endpoint_url()).await;
    assert_eq!(
        take_activities(&client, ACTIVITY_ORDER.len()).await,
        ACTIVITY_ORDER
    );
    assert_eq!(
        take_decisions(&client, DECISION_ORDER.len()).await,
        DECISION_ORDER
    );
    server.shutdown().await;
}
