//! A decider's move of an execution's decision tasks to another task list
//! (`RespondDecisionTaskCompleted`'s `taskList`), as sticky deciders use it. With
//! `taskListScheduleToStartTimeout` the move is temporary: SWF reverts it, and schedules the next
//! decision task on the execution's own list, when a task on the moved-to list is not started in
//! time (see `unhandled_decision.rs`) or is started and not completed in time (here). Without
//! that timeout the move is permanent and stays.

use crate::common::*;
use crate::durability_restart::TempDb;
use std::time::Duration;
use swf_core::types::*;
use swf_local::Server;

/// The task list a decider moves decision tasks to.
const STICKY: &str = "sticky";

/// Starts `w` with 1 s decision tasks, answers its first decision task with a timer that fires at
/// once and a move to [`STICKY`] (temporary for `schedule_to_start` seconds, or for good with
/// `None`), and returns the decision task the timer brings, started on [`STICKY`].
async fn started_on_sticky(
    env: &Env,
    schedule_to_start: Option<&str>,
) -> (WorkflowExecution, DecisionTask) {
    let execution = env
        .start_with(StartWorkflowExecutionInput {
            workflow_id: "w".into(),
            task_start_to_close_timeout: Some("1".into()),
            ..Default::default()
        })
        .await;
    let first = env.decision().await;
    env.client
        .respond_decision_task_completed(RespondDecisionTaskCompletedInput {
            task_token: first.task_token,
            decisions: Some(vec![start_timer("now", 0)]),
            task_list: Some(TaskList {
                name: STICKY.into(),
            }),
            task_list_schedule_to_start_timeout: schedule_to_start.map(str::to_owned),
            ..Default::default()
        })
        .await
        .unwrap();
    let sticky = env.decision_on(STICKY).await;
    (execution, sticky)
}

/// The task list and schedule-to-start timeout of each `DecisionTaskScheduled` event.
fn scheduled(events: &[HistoryEvent]) -> Vec<(String, Option<String>)> {
    of_type(events, EventType::DecisionTaskScheduled)
        .into_iter()
        .map(|e| {
            let a = e.decision_task_scheduled_event_attributes.clone().unwrap();
            (a.task_list.name, a.schedule_to_start_timeout)
        })
        .collect()
}

/// The started event id and timeout type of each `DecisionTaskTimedOut` event.
fn timeouts(events: &[HistoryEvent]) -> Vec<(i64, DecisionTaskTimeoutType)> {
    of_type(events, EventType::DecisionTaskTimedOut)
        .into_iter()
        .map(|e| {
            let a = e.decision_task_timed_out_event_attributes.clone().unwrap();
            (a.started_event_id, a.timeout_type)
        })
        .collect()
}

async fn pending_on(env: &Env, task_list: &str) -> i32 {
    env.client
        .count_pending_decision_tasks(CountPendingDecisionTasksInput {
            domain: env.domain.clone(),
            task_list: TaskList {
                name: task_list.into(),
            },
        })
        .await
        .unwrap()
        .count
}

/// The next decision task of `execution` on `task_list`, polled a bounded number of times; if
/// none comes, fails naming where the execution's decision tasks went instead.
async fn next_on(env: &Env, execution: &WorkflowExecution, task_list: &str) -> DecisionTask {
    for _ in 0..5 {
        let task = env.try_decision_on(task_list).await;
        if !task.task_token.is_empty() {
            return task;
        }
    }
    let history = env.history(execution).await;
    panic!(
        "no decision task on {task_list}; decision tasks scheduled (list, schedule-to-start): \
         {:?}; timeouts: {:?}",
        scheduled(&history),
        timeouts(&history)
    );
}

fn own(list: &str) -> (String, Option<String>) {
    (list.to_owned(), None)
}

fn moved(list: &str, schedule_to_start: &str) -> (String, Option<String>) {
    (list.to_owned(), Some(schedule_to_start.to_owned()))
}

/// What a started task of a 60 s temporary move that timed out start-to-close leaves: the next
/// task on the execution's own list, polled there, with no schedule-to-start timeout; and the
/// move gone for good, so the task after it is on the own list too.
async fn assert_reverted(env: &Env, execution: &WorkflowExecution, sticky: &DecisionTask) {
    // 60 s: far beyond the test, so only the start-to-close timeout can bring the task back.
    let back = next_on(env, execution, DECISIONS).await;
    assert_eq!(
        timeouts(&back.events),
        vec![(
            sticky.started_event_id,
            DecisionTaskTimeoutType::StartToClose
        )]
    );
    assert_eq!(
        scheduled(&back.events),
        vec![own(DECISIONS), moved(STICKY, "60"), own(DECISIONS)]
    );
    assert_eq!(pending_on(env, STICKY).await, 0);

    env.decide(&back, vec![start_timer("again", 0)]).await;
    let next = next_on(env, execution, DECISIONS).await;
    assert_eq!(scheduled(&next.events).last(), Some(&own(DECISIONS)));
}

#[tokio::test]
async fn temporary_move_reverts_when_its_started_task_times_out() {
    let env = env().await;
    let (execution, sticky) = started_on_sticky(&env, Some("60")).await;
    // The sticky decider took the task and is gone: nobody answers it.
    assert_reverted(&env, &execution, &sticky).await;
}

#[tokio::test]
async fn permanent_move_stays_when_its_started_task_times_out() {
    let env = env().await;
    let (execution, sticky) = started_on_sticky(&env, None).await;
    let again = next_on(&env, &execution, STICKY).await;
    assert_eq!(
        timeouts(&again.events),
        vec![(
            sticky.started_event_id,
            DecisionTaskTimeoutType::StartToClose
        )]
    );
    assert_eq!(
        scheduled(&again.events),
        vec![own(DECISIONS), own(STICKY), own(STICKY)]
    );
    assert_eq!(pending_on(&env, DECISIONS).await, 0);
}

#[tokio::test]
async fn temporary_move_stays_when_its_task_completes_in_time() {
    let env = env().await;
    let (execution, sticky) = started_on_sticky(&env, Some("60")).await;
    // Answered in time, without naming a list: the move holds. The timer fires after the
    // answered task's 1 s start-to-close deadline has passed, which must find nothing to do.
    env.decide(&sticky, vec![start_timer("later", 2)]).await;
    let next = next_on(&env, &execution, STICKY).await;
    assert!(timeouts(&next.events).is_empty());
    assert_eq!(
        scheduled(&next.events),
        vec![own(DECISIONS), moved(STICKY, "60"), moved(STICKY, "60")]
    );
    assert_eq!(pending_on(&env, DECISIONS).await, 0);
}

/// A service with 1 s polls on the SQLite file `db`, with the test domain registered.
async fn env_on(db: &TempDb) -> Env {
    let server = Server::builder()
        .database(db.path())
        .poll_timeout(Duration::from_secs(1))
        .start()
        .await
        .unwrap();
    let client = client_for(&server.endpoint_url()).await;
    Env {
        server,
        client,
        domain: DOMAIN.to_owned(),
    }
}

#[tokio::test]
async fn temporary_move_reverts_when_its_started_task_times_out_after_a_restart() {
    let db = TempDb::new("task-list-override");
    let env = env_on(&db).await;
    register_domain(&env.client, DOMAIN).await;
    let (execution, sticky) = started_on_sticky(&env, Some("60")).await;
    // The service stops with the task started on the moved-to list and its timeout running;
    // the restarted one must still know the task came from a temporary move.
    env.server.shutdown().await;
    let env = env_on(&db).await;
    assert_reverted(&env, &execution, &sticky).await;
}
