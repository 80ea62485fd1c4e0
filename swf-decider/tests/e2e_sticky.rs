//! End to end on swf-local: sticky task lists. A sticky decider routes each execution whose
//! state it keeps back to a task list of its own, and SWF puts the task back on the shared list
//! when nobody starts it there in time, or when it is started and not completed in time; a
//! decider that is stopping sends its executions back to the shared list itself.

mod common;

use std::time::Duration;

use common::local::{Local, decision_timeouts, execution, start, start_with_poll_timeout, within};
use common::workflows::MarkersWorkflow;
use swf_core::types::{
    DecisionTaskTimeoutType, EventAttributesRef, HistoryEvent, PollForDecisionTaskInput, TaskList,
};
use swf_decider::testing::Replay;
use swf_decider::{DecidedFrom, Decider, Fallback, StartOptions, TaskReport, WorkflowHandle};

/// Markers a task: `MarkersWorkflow` of `N` takes 4 decision tasks.
const N: u32 = 300;

/// A sticky decider of `MarkersWorkflow` on `task_list`, its tasks waiting 1 s on its own list.
async fn sticky_decider(local: &Local, task_list: &str, identity: &str) -> Decider {
    let mut b = local.decider(task_list);
    b.identity(identity)
        .workflow(MarkersWorkflow)
        .sticky_task_list(true)
        .sticky_schedule_to_start(Duration::from_secs(1));
    let decider = b.build().unwrap();
    decider.register().await.unwrap();
    decider
}

/// Starts `MarkersWorkflow` of `N` on `task_list`, its decision tasks timing out after 1 s.
async fn start_markers(local: &Local, id: &str, task_list: &str) -> WorkflowHandle<u32> {
    let options = StartOptions::new()
        .task_list(task_list)
        .task_start_to_close_timeout(Duration::from_secs(1));
    local
        .workflows()
        .start::<MarkersWorkflow>(id, &N, &options)
        .await
        .unwrap()
}

/// Polls with `poll` (a bound of 50 polls, each ending within swf-local's poll timeout) until a
/// task comes; the task answered.
async fn next_task<F, Fut>(poll: F) -> TaskReport
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<Option<TaskReport>, swf_core::Error>>,
{
    for _ in 0..50 {
        if let Some(report) = within(20, poll()).await.unwrap() {
            assert!(report.responded, "{:?}", report.outcome);
            return report;
        }
    }
    panic!("no decision task in 50 polls");
}

/// The task lists the history's `DecisionTaskScheduled` events name, in order.
fn scheduled_on(history: &[HistoryEvent]) -> Vec<String> {
    history
        .iter()
        .filter_map(|e| match e.attributes() {
            EventAttributesRef::DecisionTaskScheduled(a) => Some(a.task_list.name.clone()),
            _ => None,
        })
        .collect()
}

/// The `taskList` and `taskListScheduleToStartTimeout` of each `DecisionTaskCompleted`, in order.
fn routes(history: &[HistoryEvent]) -> Vec<(Option<String>, Option<String>)> {
    history
        .iter()
        .filter_map(|e| match e.attributes() {
            EventAttributesRef::DecisionTaskCompleted(a) => Some((
                a.task_list.as_ref().map(|t| t.name.clone()),
                a.task_list_schedule_to_start_timeout.clone(),
            )),
            _ => None,
        })
        .collect()
}

/// Checks that `run` completed with `N` and that its history replays.
async fn completes(local: &Local, run: &WorkflowHandle<u32>) -> Vec<HistoryEvent> {
    assert_eq!(within(10, run.result()).await.unwrap(), N);
    let history = local.history(&execution(run)).await;
    Replay::new(MarkersWorkflow).run(history.clone()).unwrap();
    history
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sticky_decider_gets_each_next_task_on_its_own_list_and_decides_it_from_the_cache() {
    let local = start().await;
    let decider = sticky_decider(&local, "sticky", "sticky-1").await;
    let sticky = decider.sticky_task_list().unwrap().to_owned();
    assert!(sticky.starts_with("sticky-sticky-"), "{sticky}");
    let run = start_markers(&local, "sticky-routed", "sticky").await;

    let first = next_task(|| decider.poll_once()).await;
    assert!(!first.from_sticky_list && first.routed_to_sticky_list);
    assert_eq!(first.decided_from, DecidedFrom::FullReplay(Fallback::Miss));
    // The other tasks come only on the sticky list: a poll of the shared one would wait forever.
    let mut rest = Vec::new();
    for _ in 0..3 {
        rest.push(next_task(|| decider.poll_sticky_once()).await);
    }
    for r in &rest {
        assert!(r.from_sticky_list);
        assert_eq!(r.decided_from, DecidedFrom::Cache);
    }
    // Routed back until the closing answer, which sends the execution to its own list.
    let routed: Vec<bool> = rest.iter().map(|r| r.routed_to_sticky_list).collect();
    assert_eq!(routed, [true, true, false]);

    let history = completes(&local, &run).await;
    let mut expected = vec!["sticky".to_owned()];
    expected.extend([sticky.clone(), sticky.clone(), sticky.clone()]);
    assert_eq!(scheduled_on(&history), expected);
    let to_sticky = (Some(sticky.clone()), Some("1".to_owned()));
    assert_eq!(
        routes(&history),
        [
            to_sticky.clone(),
            to_sticky.clone(),
            to_sticky,
            (Some("sticky".to_owned()), None)
        ]
    );
    assert!(decision_timeouts(&history).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_nobody_starts_on_the_sticky_list_goes_back_to_the_shared_one() {
    let local = start().await;
    let gone = sticky_decider(&local, "abandoned", "gone").await;
    let other = sticky_decider(&local, "abandoned", "other").await;
    let run = start_markers(&local, "sticky-abandoned", "abandoned").await;

    let first = next_task(|| gone.poll_once()).await;
    assert!(first.routed_to_sticky_list);
    // `gone` never polls its list again: after 1 s the task is timed out and rescheduled on the
    // shared list, where `other` takes it, with no state of its own: it replays the whole history.
    let second = next_task(|| other.poll_once()).await;
    assert!(!second.from_sticky_list && second.routed_to_sticky_list);
    assert_eq!(second.decided_from, DecidedFrom::FullReplay(Fallback::Miss));
    for _ in 0..2 {
        let r = next_task(|| other.poll_sticky_once()).await;
        assert_eq!(r.decided_from, DecidedFrom::Cache);
    }

    let history = completes(&local, &run).await;
    assert_eq!(
        decision_timeouts(&history),
        [DecisionTaskTimeoutType::ScheduleToStart]
    );
    let gone_list = gone.sticky_task_list().unwrap();
    let other_list = other.sticky_task_list().unwrap();
    assert_eq!(
        scheduled_on(&history),
        ["abandoned", gone_list, "abandoned", other_list, other_list]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_started_on_the_sticky_list_and_never_answered_goes_back_to_the_shared_one() {
    let local = start().await;
    let killed = sticky_decider(&local, "killed", "killed").await;
    let other = sticky_decider(&local, "killed", "other").await;
    let run = start_markers(&local, "sticky-killed", "killed").await;

    next_task(|| killed.poll_once()).await;
    // `killed` takes its next task from its own list and dies before answering: a poll with no
    // decider behind it.
    let killed_list = killed.sticky_task_list().unwrap().to_owned();
    let mut taken = None;
    for _ in 0..50 {
        let input = PollForDecisionTaskInput {
            domain: common::local::DOMAIN.into(),
            task_list: TaskList {
                name: killed_list.clone(),
            },
            identity: Some("killed".into()),
            ..Default::default()
        };
        let task = within(20, local.client.poll_for_decision_task(input))
            .await
            .unwrap();
        if !task.task_token.is_empty() {
            taken = Some(task);
            break;
        }
    }
    assert!(taken.is_some(), "the task never reached the sticky list");
    // After its 1 s start-to-close timeout the task goes back to the shared list.
    let second = next_task(|| other.poll_once()).await;
    assert!(!second.from_sticky_list);
    assert_eq!(second.decided_from, DecidedFrom::FullReplay(Fallback::Miss));
    for _ in 0..2 {
        next_task(|| other.poll_sticky_once()).await;
    }

    let history = completes(&local, &run).await;
    assert_eq!(
        decision_timeouts(&history),
        [DecisionTaskTimeoutType::StartToClose]
    );
    let other_list = other.sticky_task_list().unwrap();
    assert_eq!(
        scheduled_on(&history),
        ["killed", &killed_list, "killed", other_list, other_list]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopping_decider_sends_the_executions_it_answers_back_to_the_shared_list() {
    // Polls long enough that the one in flight when the decider is told to stop is still there
    // when the workflow starts, even on a loaded machine; `run` returns when the sticky list's
    // poll ends, one poll timeout after the start.
    let local = start_with_poll_timeout(Duration::from_secs(4)).await;
    let stopping = sticky_decider(&local, "stopping", "stopping").await;
    let (shutdown, running) = local.run(stopping);
    // One poll on the shared list and one on the sticky list.
    within(10, local.server.wait_for_parked_polls(2)).await;
    shutdown.cancel();
    let run = start_markers(&local, "sticky-stopping", "stopping").await;
    // The shared list's poll brings the first task, decided and answered before `run` returns;
    // the sticky list's poll ends empty at its timeout.
    within(30, running).await.unwrap();

    let history = local.history(&execution(&run)).await;
    assert_eq!(routes(&history), [(Some("stopping".to_owned()), None)]);
    // The next task is on the shared list, for whichever decider comes next.
    let mut b = local.decider("stopping");
    b.workflow(MarkersWorkflow);
    let next = b.build().unwrap();
    let second = next_task(|| next.poll_once()).await;
    assert!(!second.from_sticky_list);
    assert_eq!(second.decided_from, DecidedFrom::FullReplay(Fallback::Miss));
}
