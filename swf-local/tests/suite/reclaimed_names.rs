//! Memory does not grow with the names clients choose: a poll on a task list nobody uses, or a
//! throttled call on an unknown workflow id, leaves no entry behind once it is over, while a
//! list that holds tasks or waiting polls keeps them.
//!
//! The checks read the sizes of the service's maps keyed by those names
//! (`Server::keyed_entries`), which are exact where the process's memory is noisy.

use crate::common::*;
use std::sync::Arc;
use std::time::{Duration, Instant};
use swf_core::types::*;
use swf_core::{Client, ErrorKind, Operation};
use swf_local::{KeyedEntries, RateLimit, Server, ThrottleConfig};
use swf_testkit::harness::within;
use tokio::task::JoinSet;

/// A guard against hangs only: every wait here ends in milliseconds when the service works.
const HANG_GUARD_SECS: u64 = 60;

/// Calls in flight at once when a test sends many.
const CONCURRENCY: usize = 64;

/// Runs `call(i)` for every `i` in `0..count`, [`CONCURRENCY`] at a time.
async fn for_each_concurrently<F, Fut>(count: usize, call: F)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send,
{
    let call = Arc::new(call);
    let mut workers = JoinSet::new();
    for worker in 0..CONCURRENCY {
        let call = call.clone();
        workers.spawn(async move {
            for i in (worker..count).step_by(CONCURRENCY) {
                call(i).await;
            }
        });
    }
    while let Some(done) = workers.join_next().await {
        done.expect("a worker panicked");
    }
}

/// One poll of `task_list` in [`DOMAIN`]: a decision poll for even `i`, an activity poll for
/// odd `i`. Returns whether it brought a task.
async fn poll(client: &Client, i: usize, task_list: String) -> bool {
    let task_list = TaskList { name: task_list };
    if i.is_multiple_of(2) {
        let task = client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: DOMAIN.into(),
                task_list,
                ..Default::default()
            })
            .await
            .unwrap();
        !task.task_token.is_empty()
    } else {
        let task = client
            .poll_for_activity_task(PollForActivityTaskInput {
                domain: DOMAIN.into(),
                task_list,
                identity: None,
            })
            .await
            .unwrap();
        !task.task_token.is_empty()
    }
}

/// The defect's measure, scaled down: 2,000 polls (the defect was found with 10,000), each on a
/// task list of its own that never had a task, half decision and half activity polls. Each parks
/// until its 5 ms timeout. Once they are all answered, no queue and no poller count is left: the
/// map sizes are exact, so one entry left behind fails the test whatever the number of names,
/// and 2,000 is several times the 256 lists past which the service sweeps.
#[tokio::test]
async fn polls_on_many_names_leave_nothing_behind() {
    const NAMES: usize = 2_000;
    let env = env_with(Duration::from_millis(5)).await;
    let client = env.client.clone();
    let started = Instant::now();
    within(
        HANG_GUARD_SECS,
        for_each_concurrently(NAMES, move |i| {
            let client = client.clone();
            async move {
                assert!(!poll(&client, i, format!("name-{i}")).await);
            }
        }),
    )
    .await;
    eprintln!(
        "{NAMES} polls on distinct task lists in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(env.server.parked_polls(), 0);
    assert_eq!(env.server.keyed_entries(), KeyedEntries::default());
}

/// Starts a workflow whose decision tasks go to `task_list`.
async fn start_on(env: &Env, workflow_id: &str, task_list: &str) -> WorkflowExecution {
    env.start_with(StartWorkflowExecutionInput {
        workflow_id: workflow_id.into(),
        task_list: Some(TaskList {
            name: task_list.into(),
        }),
        ..Default::default()
    })
    .await
}

async fn pending_decisions(env: &Env, task_list: &str) -> i32 {
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

/// A poll that takes one of two tasks leaves the other queued: the list is not reclaimed while
/// it holds a task, and the task is handed out afterwards. Lists polled empty meanwhile are.
#[tokio::test]
async fn a_list_that_holds_tasks_keeps_them() {
    let env = env_with(Duration::from_millis(5)).await;
    let first = start_on(&env, "w-1", "kept").await;
    let second = start_on(&env, "w-2", "kept").await;
    let task = env.try_decision_on("kept").await;
    assert_eq!(task.workflow_execution, first);
    for i in 0..100 {
        assert!(!poll(&env.client, i, format!("empty-{i}")).await);
    }
    assert_eq!(
        env.server.keyed_entries().task_queues,
        1,
        "only the list with a task left"
    );
    assert_eq!(pending_decisions(&env, "kept").await, 1);
    let task = env.try_decision_on("kept").await;
    assert_eq!(task.workflow_execution, second, "the queued task was kept");
    assert_eq!(env.server.keyed_entries(), KeyedEntries::default());
}

/// Two polls wait on one list while 200 other lists are created, served and reclaimed around
/// them, and while one of the two is answered and leaves: the other still gets the next task
/// queued there, because its list is kept while anyone waits on it. Then nothing is left.
#[tokio::test]
async fn a_parked_poll_gets_its_task_after_other_lists_were_reclaimed() {
    const OTHERS: usize = 200;
    // Longer than the test: a poll that returns was woken by a task.
    let env = env_with(Duration::from_secs(20)).await;
    let mut waiting = JoinSet::new();
    for _ in 0..2 {
        let client = env.client.clone();
        waiting.spawn(async move { poll_decision(&client, "target").await });
    }
    within(HANG_GUARD_SECS, env.server.wait_for_parked_polls(2)).await;

    // Other lists, each given a task and then polled: each is created, then reclaimed.
    for i in 0..OTHERS {
        let list = format!("other-{i}");
        let execution = start_on(&env, &format!("o-{i}"), &list).await;
        let task = env.try_decision_on(&list).await;
        assert_eq!(task.workflow_execution, execution);
    }
    let entries = env.server.keyed_entries();
    assert_eq!(entries.task_queues, 1, "only the waited-on list is left");
    assert_eq!(
        entries.poller_counts, 1,
        "two polls on one list: {entries:?}"
    );

    for workflow_id in ["t-1", "t-2"] {
        let execution = start_on(&env, workflow_id, "target").await;
        let task = within(HANG_GUARD_SECS, waiting.join_next())
            .await
            .expect("a poll is waiting")
            .expect("the poll does not panic");
        assert_eq!(
            task.workflow_execution, execution,
            "a waiting poll was woken by the task"
        );
    }
    assert_eq!(env.server.parked_polls(), 0);
    assert_eq!(env.server.keyed_entries(), KeyedEntries::default());
}

/// The count behind the limit of pollers per task list is right after lists were reclaimed:
/// polls come and go on a list and on many others, then the list admits exactly its maximum
/// again, refuses one more, and counts nothing once they are answered.
#[tokio::test]
async fn the_poller_limit_counts_right_after_reclaiming() {
    const MAX: usize = 3;
    let Env { server, client, .. } = env_of(
        Server::builder()
            .poll_timeout(Duration::from_millis(300))
            .max_pollers_per_task_list(MAX),
    )
    .await;

    for round in 0..2 {
        let mut polls = JoinSet::new();
        for _ in 0..MAX {
            let client = client.clone();
            polls.spawn(async move { poll_decision(&client, "limited").await });
        }
        within(HANG_GUARD_SECS, server.wait_for_parked_polls(MAX)).await;
        let refused = client
            .poll_for_decision_task(PollForDecisionTaskInput {
                domain: DOMAIN.into(),
                task_list: TaskList {
                    name: "limited".into(),
                },
                ..Default::default()
            })
            .await
            .expect_err("one poll past the limit");
        assert!(
            matches!(refused.kind(), ErrorKind::LimitExceededFault(_)),
            "round {round}: {refused}"
        );
        assert_eq!(server.keyed_entries().poller_counts, 1, "round {round}");
        // Polls on other lists come and go meanwhile: all at once, so that the round lasts
        // one poll timeout rather than twenty.
        let others = client.clone();
        for_each_concurrently(20, move |i| {
            let client = others.clone();
            async move { assert!(!poll(&client, i, format!("other-{round}-{i}")).await) }
        })
        .await;
        while let Some(task) = within(HANG_GUARD_SECS, polls.join_next()).await {
            assert!(task.unwrap().task_token.is_empty(), "no task was queued");
        }
        assert_eq!(server.parked_polls(), 0);
        assert_eq!(
            server.keyed_entries(),
            KeyedEntries::default(),
            "round {round}"
        );
    }
}

/// Throttle buckets per workflow id are kept only while they refill: 2,000 signals to workflow
/// ids that do not exist (each takes a token, then gets `UnknownResourceFault`) leave at most a
/// sweep's worth of buckets, where each used to stay for good.
#[tokio::test]
async fn throttle_buckets_of_unknown_workflow_ids_are_forgotten() {
    const IDS: usize = 2_000;
    let mut throttle = ThrottleConfig::none();
    // Refilled a microsecond after each call: full, and so forgettable, by the next one.
    throttle
        .set_per_workflow(
            Operation::SignalWorkflowExecution,
            RateLimit::new(1e6, 1).unwrap(),
        )
        .unwrap();
    let env = env_of(Server::builder().throttle(throttle)).await;
    let signaller = env.client.clone();
    within(
        HANG_GUARD_SECS,
        for_each_concurrently(IDS, move |i| {
            let client = signaller.clone();
            async move {
                let err = client
                    .signal_workflow_execution(SignalWorkflowExecutionInput {
                        domain: DOMAIN.into(),
                        workflow_id: format!("nobody-{i}"),
                        signal_name: "s".into(),
                        ..Default::default()
                    })
                    .await
                    .expect_err("no such workflow");
                assert!(
                    matches!(err.kind(), ErrorKind::UnknownResourceFault(_)),
                    "{err}"
                );
            }
        }),
    )
    .await;
    let buckets = env.server.keyed_entries().call_buckets;
    assert!(
        buckets <= 512,
        "{buckets} buckets kept after {IDS} workflow ids"
    );
}

/// Buckets of SWF's 2,000 tasks a second per task list are kept only while they refill: 900
/// activities scheduled on a task list each, in three decisions, leave at most a sweep's worth.
#[tokio::test]
async fn task_list_buckets_are_forgotten() {
    const LISTS_PER_DECISION: usize = 300;
    let mut throttle = ThrottleConfig::none();
    throttle.set_tasks_per_task_list(Some(RateLimit::new(1e6, 1).unwrap()));
    let env = env_of(
        Server::builder()
            .poll_timeout(Duration::from_secs(1))
            .throttle(throttle),
    )
    .await;
    for round in 0..3 {
        let execution = env.start(&format!("w-{round}")).await;
        let task = env.decision().await;
        assert_eq!(task.workflow_execution, execution);
        let decisions = (0..LISTS_PER_DECISION)
            .map(|i| {
                schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
                    activity_id: format!("a-{i}"),
                    task_list: Some(TaskList {
                        name: format!("list-{round}-{i}"),
                    }),
                    ..Default::default()
                })
            })
            .collect();
        env.decide(&task, decisions).await;
        let open = env.describe(&execution).await.open_counts;
        assert_eq!(
            open.open_activity_tasks as usize, LISTS_PER_DECISION,
            "each list's first task is within its rate"
        );
    }
    let entries = env.server.keyed_entries();
    assert!(
        entries.task_list_buckets <= 512,
        "{} buckets kept after {} task lists",
        entries.task_list_buckets,
        3 * LISTS_PER_DECISION
    );
    // The tasks themselves are stored state: their lists are kept.
    assert_eq!(entries.task_queues, 3 * LISTS_PER_DECISION);
}

/// A decision scheduling one activity on each of `lists`.
fn schedule_on(lists: impl IntoIterator<Item = String>) -> Vec<Decision> {
    lists
        .into_iter()
        .enumerate()
        .map(|(i, list)| {
            schedule_activity_with(ScheduleActivityTaskDecisionAttributes {
                activity_id: format!("a-{i}"),
                task_list: Some(TaskList { name: list }),
                ..Default::default()
            })
        })
        .collect()
}

/// Lists nobody polls, left holding only stale entries when their run was terminated, are
/// swept out once the number of lists has doubled since the last sweep, so they are never more
/// than the lists with waiting tasks (or 256); a list with a waiting task is kept and its task
/// handed out.
#[tokio::test]
async fn lists_left_with_only_stale_tasks_are_swept() {
    const LISTS: usize = 300;
    let env = env_with(Duration::from_millis(5)).await;
    let keeper = env.start("keeper").await;
    let task = env.decision().await;
    env.decide(&task, schedule_on(["live".to_owned()])).await;
    let doomed = env.start("doomed").await;
    let task = env.decision().await;
    assert_eq!(task.workflow_execution, doomed);
    env.decide(&task, schedule_on((0..LISTS).map(|i| format!("lost-{i}"))))
        .await;
    env.client
        .terminate_workflow_execution(TerminateWorkflowExecutionInput {
            domain: env.domain.clone(),
            workflow_id: doomed.workflow_id.clone(),
            run_id: Some(doomed.run_id.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(
        env.server.keyed_entries().task_queues,
        LISTS + 1,
        "stale entries stay until a sweep"
    );

    // 300 more lists, each with a task: the 512th list sweeps the stale ones out first.
    env.start("more").await;
    let task = env.decision().await;
    env.decide(&task, schedule_on((0..LISTS).map(|i| format!("more-{i}"))))
        .await;
    assert_eq!(
        env.server.keyed_entries().task_queues,
        LISTS + 1,
        "only the lists with a waiting task are left"
    );
    let task = env
        .client
        .poll_for_activity_task(PollForActivityTaskInput {
            domain: env.domain.clone(),
            task_list: TaskList {
                name: "live".into(),
            },
            identity: None,
        })
        .await
        .unwrap();
    assert_eq!(task.workflow_execution, keeper, "the waiting task was kept");
    assert_eq!(env.server.keyed_entries().task_queues, LISTS);
}
